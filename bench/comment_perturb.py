"""Comments under perturbation: our comment rows when a thread is written as an unseen template would.

    .venv/bin/python bench/comment_perturb.py [--wcxb PATH/TO/wcxb-dev] [--only hash-classes,table-layout]
    .venv/bin/python bench/comment_perturb.py --wcxb PATH --save after.json --compare before.json --detail

The pages: every synthetic comment page the tests build (``tests/test_comment_systems.py``'s
systems and the 2012 blogs', health layouts' and forum packages' that build on them), the
synthetic pages that carry no comment (``NEGATIVES``: teasers, leaderboards, people lists,
reviews; ``NEGATIVES_2012``: a 2012 news page's related stories, most-read lists, bio boxes,
tweets, events, testimonials, captions, contacts) and, with ``--wcxb``, the TUNE forum pages
of wcxb-dev (the holdout is never perturbed).
Each page is extracted unchanged (its rows are the reference) and under every perturbation of
:mod:`comment_perturbations`; the perturbed rows are matched to the reference rows by their
text's 4-word shingles and scored: rows found (precision, recall, F1), and among the matched
rows the share whose text is the same, whose author is the same and whose parent is the match
of the reference's parent; pages whose rows are all the same ("whole"); rows lost into the
article text ("swallowed"). On the negatives the figure is the pages that get any row.
"""

from __future__ import annotations

import argparse
import json
import sys
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from comment_perturbations import COMMENT_PERTURBATIONS, Reference

from pipeline.errors import ExtractionError
from pipeline.extract import extract_html
from pipeline.qa.scoring import shingles

UNPERTURBED = "unperturbed"
# A perturbed row is the reference row when this share of their 4-word shingles agree (F1):
# the same comment with a word of markup more or less, not another comment.
MATCH_MIN_F1 = 0.5
SYNTHETIC_URL = "https://healthnotes.example/2012/03/walking.html"


@dataclass(frozen=True, slots=True)
class Row:
    text: str
    author: str | None
    parent: int | None


@dataclass(frozen=True, slots=True)
class Outcome:
    rows: tuple[Row, ...]
    article: str


@dataclass(slots=True)
class Tally:
    """One perturbation's counts over one corpus."""

    pages: int = 0
    reference: int = 0
    found: int = 0
    matched: int = 0
    same_text: int = 0
    same_author: int = 0
    same_parent: int = 0
    whole: int = 0
    swallowed: int = 0
    invented_pages: int = 0
    lost: list[str] = field(default_factory=list)

    def row(self) -> dict[str, float | int]:
        precision = self.matched / self.found if self.found else 1.0
        recall = self.matched / self.reference if self.reference else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0

        def share(n: int) -> float:
            return n / self.matched if self.matched else 1.0

        return {
            "pages": self.pages,
            "rows": self.reference,
            "found": self.found,
            "f1": f1,
            "text": share(self.same_text),
            "author": share(self.same_author),
            "parent": share(self.same_parent),
            "whole": self.whole,
            "swallowed": self.swallowed,
            "invented_pages": self.invented_pages,
        }


def extract(html: str, url: str) -> Outcome:
    try:
        result = extract_html(html, url)
    except ExtractionError:
        return Outcome((), "")
    rows = tuple(Row(c.text, c.author, c.parent_position) for c in result.comments)
    return Outcome(rows, result.text)


def _f1(a: str, b: str) -> float:
    mine, theirs = shingles(a.casefold()), shingles(b.casefold())
    common = sum((mine & theirs).values())
    total = sum(mine.values()) + sum(theirs.values())
    return 2 * common / total if total else 0.0


def match(reference: tuple[Row, ...], found: tuple[Row, ...]) -> dict[int, int]:
    """reference index -> found index, each found row used once, best shingle F1 first."""
    pairs = sorted(
        ((_f1(r.text, f.text), i, j) for i, r in enumerate(reference) for j, f in enumerate(found)),
        reverse=True,
    )
    taken: dict[int, int] = {}
    used: set[int] = set()
    for score, i, j in pairs:
        if score < MATCH_MIN_F1:
            break
        if i not in taken and j not in used:
            taken[i] = j
            used.add(j)
    return taken


def _same(a: str | None, b: str | None) -> bool:
    return " ".join((a or "").split()) == " ".join((b or "").split())


def tally(into: Tally, base: Outcome, perturbed: Outcome, key: str) -> None:
    """Add one page's perturbed rows, scored against its reference rows, to ``into``."""
    into.pages += 1
    into.reference += len(base.rows)
    into.found += len(perturbed.rows)
    if not base.rows:
        into.invented_pages += bool(perturbed.rows)
        if perturbed.rows:
            into.lost.append(f"{key} ({len(perturbed.rows)} rows invented)")
        return
    pairs = match(base.rows, perturbed.rows)
    into.matched += len(pairs)
    whole = len(pairs) == len(base.rows) == len(perturbed.rows)
    for i, j in pairs.items():
        ref, got = base.rows[i], perturbed.rows[j]
        parent_ok = (ref.parent is None and got.parent is None) or (
            ref.parent is not None and pairs.get(ref.parent) == got.parent
        )
        checks = (_same(ref.text, got.text), _same(ref.author, got.author), parent_ok)
        into.same_text += checks[0]
        into.same_author += checks[1]
        into.same_parent += checks[2]
        whole = whole and all(checks)
    into.whole += whole
    article = " ".join(perturbed.article.split())
    for i, ref in enumerate(base.rows):
        if i not in pairs and " ".join(ref.text.split())[:60] in article:
            into.swallowed += 1
    if not whole:
        into.lost.append(f"{key} ({len(pairs)}/{len(base.rows)} of {len(perturbed.rows)})")


def synthetic_pages() -> list[tuple[str, str, str]]:
    """(corpus, name, html) of every synthetic comment page and no-comment page the tests build."""
    from tests.test_comment_blogs_2012 import BLOGS_2012
    from tests.test_comment_forums import FORUMS
    from tests.test_comment_health import HEALTH_SYSTEMS
    from tests.test_comment_negatives_2012 import NEGATIVES_2012
    from tests.test_comment_systems import NEGATIVES, SYSTEMS, _page
    from tests.test_comment_systems_unseen import UNSEEN_2012

    systems = [*SYSTEMS, *BLOGS_2012, *HEALTH_SYSTEMS, *FORUMS, *UNSEEN_2012]
    pages = [("synthetic threads", s.name.split(" (")[0], s.html) for s in systems]
    negatives = {**NEGATIVES, **NEGATIVES_2012}
    pages += [("synthetic without comments", name.split(" (")[0], _page(html)) for name, html in negatives.items()]
    return pages


def wcxb_forum_pages(path: Path) -> list[tuple[str, str, str]]:
    from extract_corpus import load_wcxb

    return [
        ("wcxb-dev tune forum", p.id, p.html) for p in load_wcxb(path) if p.split == "tune" and p.page_type == "forum"
    ]


def measure(job: tuple[str, str, str, str, list[str]]) -> tuple[str, str, dict[str, Outcome]]:
    corpus, key, html, url, names = job
    base = extract(html, url)
    references = [Reference(r.text, r.author) for r in base.rows]
    outcomes = {UNPERTURBED: base}
    for name in names:
        outcomes[name] = extract(COMMENT_PERTURBATIONS[name](html, references), url)
    return corpus, key, outcomes


Table = dict[str, dict[str, float | int]]


def print_table(corpus: str, table: Table, before: Table) -> None:
    print(f"\n{corpus}")
    if corpus == "synthetic without comments":
        print(f"{'perturbation':<20} {'pages':>5} {'with rows':>9}" + (f" | {'was':>4}" if before else ""))
        for name, row in table.items():
            was = f" | {before[name]['invented_pages']:>4}" if name in before else ""
            print(f"{name:<20} {row['pages']:>5} {row['invented_pages']:>9}{was}")
        return
    head = f"{'perturbation':<20} {'pages':>5} {'rows':>5} {'found':>5} {'row F1':>6} {'text':>5} {'author':>6}"
    head += f" {'parent':>6} {'whole':>5} {'swallowed':>9}"
    print(head + (f" | {'F1 was':>6} {'whole was':>9}" if before else ""))
    for name, row in table.items():
        line = (
            f"{name:<20} {row['pages']:>5} {row['rows']:>5} {row['found']:>5} {row['f1']:6.3f} {row['text']:5.2f}"
            f" {row['author']:6.2f} {row['parent']:6.2f} {row['whole']:>5} {row['swallowed']:>9}"
        )
        if name in before:
            line += f" | {before[name]['f1']:6.3f} {before[name]['whole']:>9}"
        print(line)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--wcxb", type=Path, help="the wcxb-dev directory (its tune forum pages are perturbed)")
    parser.add_argument("--only", default="", help="these perturbations (comma-separated); all by default")
    parser.add_argument("--jobs", type=int, default=1, help="pages measured in this many processes")
    parser.add_argument("--detail", action="store_true", help="name the pages not read whole, per perturbation")
    parser.add_argument("--save", type=Path, help="write the tables to this JSON file")
    parser.add_argument("--compare", type=Path, help="a saved run: its F1 printed beside this one's")
    args = parser.parse_args()
    names = [n.strip() for n in args.only.split(",") if n.strip()] or list(COMMENT_PERTURBATIONS)
    unknown = set(names) - set(COMMENT_PERTURBATIONS)
    if unknown:
        parser.error(f"unknown perturbations {sorted(unknown)}: {', '.join(COMMENT_PERTURBATIONS)}")
    pages = synthetic_pages() + (wcxb_forum_pages(args.wcxb) if args.wcxb else [])
    jobs = [
        (corpus, key, html, SYNTHETIC_URL if corpus.startswith("synthetic") else "", names)
        for corpus, key, html in pages
    ]
    if args.jobs > 1:
        with ProcessPoolExecutor(args.jobs) as pool:
            measured = list(pool.map(measure, jobs, chunksize=2))
    else:
        measured = [measure(job) for job in jobs]
    tallies: dict[str, dict[str, Tally]] = {}
    for corpus, key, outcomes in measured:
        base = outcomes[UNPERTURBED]
        if corpus == "synthetic without comments":
            base = Outcome((), base.article)  # no row is right here, unperturbed ones neither
        elif not base.rows:
            continue  # no reference rows to keep
        per = tallies.setdefault(corpus, {})
        for name in [UNPERTURBED, *names]:
            tally(per.setdefault(name, Tally()), base, outcomes[name], key)
    saved = json.loads(args.compare.read_text(encoding="utf-8")) if args.compare else {}
    tables = {corpus: {name: t.row() for name, t in per.items()} for corpus, per in tallies.items()}
    for corpus, table in tables.items():
        print_table(corpus, table, saved.get(corpus, {}))
        if args.detail:
            for name, t in tallies[corpus].items():
                if t.lost:
                    print(f"  {name}: not whole: {'; '.join(t.lost)}")
    if args.save:
        args.save.write_text(json.dumps(tables, indent=1), encoding="utf-8")
        print(f"\ntables written to {args.save}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
