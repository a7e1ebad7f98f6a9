"""Extraction benchmark on real pages, side by side with trafilatura in the same run.

    .venv/bin/python bench/extract.py wcxb PATH/TO/wcxb-dev [--type forum] [--ids 0044,0090] [--save F.json]
    .venv/bin/python bench/extract.py scrapinghub PATH/TO/scrapinghub [--repeat 3]
    .venv/bin/python bench/extract.py wcxb PATH --compare BEFORE.json   # pages whose F1 moved
    .venv/bin/python bench/extract.py wcxb PATH --misses   # tune pages with a wrong title, author or date
    .venv/bin/python bench/extract.py wcxb PATH --by-decision   # per type: how our text was decided, P/R
    .venv/bin/python bench/extract.py wcxb PATH --tags health [--only-tags]   # the pages of these topics apart

Both extractors get the same decoded page (decoded as the project decodes any page) and are
called interleaved page by page after a short untimed warm-up: our whole extract stage (text,
metadata, comments) against ``trafilatura.bare_extraction(fast=True, include_comments=False,
with_metadata=True)``. Prints text F1 / precision / recall overall and per page type, ``with``
sentences found and ``without`` sentences leaked, title / author / date right, empty outputs,
the catastrophic pages both ways and the time ratio; scoring is described in
:mod:`extract_corpus`. On wcxb the holdout (every 5th page) is reported apart and never listed
page by page; ``--save`` writes per-page scores of the tune pages for a page-by-page diff.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import trafilatura

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from extract_corpus import Output, Page, Score, catastrophic, load_scrapinghub, load_wcxb, score, summary

from pipeline.errors import ExtractionError
from pipeline.extract import extract_html
from pipeline.extract.sites import load_site_rules
from pipeline.qa.scoring import benchmark_prf

WARMUP_PAGES = 3
# A page whose F1 moved by less than this between two saved runs is noise, not a change.
COMPARE_MIN_DELTA = 0.02
TOOLS = ("pipeline", "trafilatura")
# wcxb's topic tags of our own domain: the product is for health articles, so ``--tags health`` reports
# the pages of any of these topics apart (about 30 of 499 pages; the corpus's README lists the tags).
TAG_GROUPS = {
    "health": (
        "health", "healthcare", "wellness", "nutrition", "fitness", "exercise", "mental-health", "psychiatry",
        "dental", "oral-hygiene", "meditation", "mindfulness", "yoga", "resilience", "weight-loss", "skincare",
        "diet trends", "medicare", "personal training", "gym-fitness",
    ),
}  # fmt: skip


def wanted_tags(spec: str) -> set[str]:
    """``--tags``: comma-separated topics, a group's name standing for all its topics."""
    tags: set[str] = set()
    for name in (t.strip().lower() for t in spec.split(",")):
        if name:
            tags.update(TAG_GROUPS.get(name, (name,)))
    return tags


def has_tags(page: Page, tags: set[str]) -> bool:
    return bool(tags.intersection(page.tags))


def run_pipeline(page: Page, rules: dict) -> Output:  # type: ignore[type-arg]
    try:
        extraction = extract_html(page.html, page.url, site_rules=rules)
    except ExtractionError as exc:
        return Output(error=str(exc))
    text = extraction.text
    kept = any(w.startswith("baseline kept") for w in extraction.warnings)
    if page.page_type == "forum" and extraction.comments:
        # The gold text holds the whole thread: the opening post, then the replies in order.
        text = "\n\n".join([text, *(c.text for c in extraction.comments)])
    metadata = extraction.metadata
    return Output(
        text=text,
        title=metadata.title,
        authors=list(metadata.authors),
        date=metadata.published.isoformat() if metadata.published else None,
        decision="baseline kept" if kept else extraction.extractor_used,
    )


def run_trafilatura(page: Page) -> Output:
    document = trafilatura.bare_extraction(
        page.html, url=page.url or None, fast=True, include_comments=False, with_metadata=True
    )
    if document is None:
        return Output(error="no output")
    author = getattr(document, "author", None)
    return Output(
        text=getattr(document, "text", None) or "",
        title=getattr(document, "title", None),
        authors=[a for a in (author or "").split(";") if a.strip()],
        date=getattr(document, "date", None),
    )


def measure(pages: list[Page], repeat: int) -> dict[str, list[Output]]:
    """Run both tools on every page, interleaved, best time of ``repeat``."""
    rules = load_site_rules()
    tools: dict[str, Callable[[Page], Output]] = {
        "pipeline": lambda page: run_pipeline(page, rules),
        "trafilatura": run_trafilatura,
    }
    # Warm-up, not timed: imports, trafilatura's stop lists, compiled XPaths are paid once per worker.
    for page in pages[:WARMUP_PAGES]:
        for function in tools.values():
            function(page)
    outputs: dict[str, list[Output]] = {name: [] for name in tools}
    for page in pages:
        best: dict[str, Output] = {}
        for _ in range(repeat):
            for name, function in tools.items():
                start = time.perf_counter()
                output = function(page)
                output.seconds = time.perf_counter() - start
                if name not in best or output.seconds < best[name].seconds:
                    best[name] = output
        for name in tools:
            outputs[name].append(best[name])
    return outputs


def print_table(title: str, rows: dict[str, dict[str, dict[str, float | int | str]]], wcxb: bool) -> None:
    """One line per (group, tool): F1 P R, snippets, metadata, empty."""
    if not any(s.get("pages") for by_tool in rows.values() for s in by_tool.values()):
        return
    print(f"\n{title}")
    head = f"{'':<16} {'tool':<11} {'pages':>5} {'F1':>6} {'prec':>6} {'recall':>6} {'empty':>5}"
    if wcxb:
        head += f" {'with':>6} {'without':>7} {'title':>8} {'author':>8} {'date':>8}"
    print(head)
    for group, by_tool in rows.items():
        for tool, s in by_tool.items():
            if not s.get("pages"):
                continue
            line = (
                f"{group:<16} {tool:<11} {s['pages']:>5} {s['f1']:6.3f} {s['precision']:6.3f} {s['recall']:6.3f}"
                f" {s['empty']:>5}"
            )
            if wcxb:
                line += f" {s['with']:6.1%} {s['without']:7.1%} {s['title']!s:>8} {s['author']!s:>8} {s['date']!s:>8}"
            print(line)


def print_misses(pages: list[Page], outputs: dict[str, list[Output]], scores: dict[str, list[Score]]) -> None:
    """Tune pages where our title, author or date is wrong: the gold value, ours and trafilatura's
    (whether trafilatura was right). The holdout is never listed."""
    fields = (("title", "title", "title"), ("author", "author", "authors"), ("date", "date", "date"))
    for field, gold_attr, output_attr in fields:
        print(f"\n{field} wrong (tune):")
        for i, page in enumerate(pages):
            if page.split != "tune" or getattr(scores["pipeline"][i], field) is not False:
                continue
            ours, theirs = getattr(outputs["pipeline"][i], output_attr), getattr(outputs["trafilatura"][i], output_attr)
            mark = "right" if getattr(scores["trafilatura"][i], field) else "wrong"
            gold = getattr(page, gold_attr)
            print(f"  {page.id} {page.page_type:<14} {gold!r} | ours {ours!r} | trafilatura ({mark}) {theirs!r}")


# Our text against trafilatura's, in shingles: within this ratio either way it is the same size.
SAME_SIZE = 1.1


def print_decisions(
    pages: list[Page], outputs: dict[str, list[Output]], scores: dict[str, list[Score]], split: str
) -> None:
    """Per page type of a split: pages grouped by how our text was decided and by its size
    against trafilatura's, F1 / P / R of both tools. Aggregates only, so the holdout can say
    whether a gap is precision or recall, and where, without a page being looked at."""
    print(f"\nBy decision ({split}): pages, ours F1 P R | trafilatura F1 P R")

    def size(s: Score) -> float:
        return (s.tp + s.fp) / (s.tp + s.fn) if s.tp + s.fn else 0.0

    for page_type in sorted({p.page_type for p in pages}):
        chosen = [i for i, p in enumerate(pages) if p.split == split and p.page_type == page_type]
        groups: dict[str, list[int]] = {}
        for i in chosen:
            ours, theirs = size(scores["pipeline"][i]), size(scores["trafilatura"][i])
            shape = (
                "same size"
                if ours == theirs or (theirs and 1 / SAME_SIZE <= ours / theirs <= SAME_SIZE)
                else ("ours longer" if ours > theirs else "ours shorter")
            )
            groups.setdefault(f"used {outputs['pipeline'][i].decision}", []).append(i)
            groups.setdefault(shape, []).append(i)
        for group, members in groups.items():
            line = f"  {page_type:<14} {group:<24} {len(members):>4}"
            for tool in TOOLS:
                shares = [(scores[tool][i].tp, scores[tool][i].fp, scores[tool][i].fn) for i in members]
                precision, recall, f1 = benchmark_prf(shares)
                line += f" | {f1:.3f} {precision:.3f} {recall:.3f}"
            print(line)


def git_commit() -> str:
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
            cwd=Path(__file__).resolve().parent,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", help="wcxb or scrapinghub (or a corpus directory: kind guessed)")
    parser.add_argument("path", nargs="?", type=Path, help="the corpus directory")
    parser.add_argument("--ids", default="", help="only these page ids (comma-separated)")
    parser.add_argument("--type", default="", help="only pages of this page type (wcxb)")
    parser.add_argument(
        "--tags", default="", help="report the pages of these topics apart (wcxb; comma-separated, or a group: health)"
    )
    parser.add_argument("--only-tags", action="store_true", help="only the pages of the --tags topics")
    parser.add_argument("--limit", type=int, default=0, help="only the first N pages")
    parser.add_argument("--repeat", type=int, default=1, help="time each extractor R times (best is kept)")
    parser.add_argument("--save", type=Path, help="write per-page scores (tune pages) to this JSON file")
    parser.add_argument("--compare", type=Path, help="list tune pages whose F1 moved since this saved run")
    parser.add_argument(
        "--misses", action="store_true", help="list the tune pages whose title, author or date is wrong (gold | ours)"
    )
    parser.add_argument(
        "--by-decision", action="store_true", help="per type and split: how our text was decided, F1 P R (aggregates)"
    )
    args = parser.parse_args()
    kind, path = args.corpus, args.path
    if path is None:
        path = Path(kind)
        kind = "scrapinghub" if (path / "ground-truth.json").exists() else "wcxb"
    if kind not in ("wcxb", "scrapinghub"):
        parser.error(f"unknown corpus {kind!r}: wcxb or scrapinghub")
    pages = load_wcxb(path) if kind == "wcxb" else load_scrapinghub(path)
    if args.ids:
        wanted = {i.strip() for i in args.ids.split(",")}
        pages = [p for p in pages if p.id in wanted]
    if args.type:
        pages = [p for p in pages if p.page_type == args.type]
    tags = wanted_tags(args.tags)
    if args.only_tags:
        pages = [p for p in pages if has_tags(p, tags)]
    pages = pages[: args.limit or None]
    if not pages:
        parser.error("no pages selected")

    outputs = measure(pages, args.repeat)
    scores = {tool: [score(p, o) for p, o in zip(pages, outputs[tool], strict=True)] for tool in TOOLS}
    wcxb = kind == "wcxb"

    def subset(keep: Callable[[Page], bool]) -> dict[str, dict[str, float | int | str]]:
        chosen = [i for i, p in enumerate(pages) if keep(p)]
        return {t: summary([pages[i] for i in chosen], [scores[t][i] for i in chosen]) for t in TOOLS}

    print(f"{len(pages)} pages from {path} (commit {git_commit()})")
    overall = {"all": subset(lambda p: True)}
    if wcxb:
        overall["tune"] = subset(lambda p: p.split == "tune")
        overall["holdout"] = subset(lambda p: p.split == "holdout")
    print_table("Overall", overall, wcxb)
    if wcxb:
        types = sorted({p.page_type for p in pages}, key=lambda t: -sum(p.page_type == t for p in pages))
        # every page of a type (what issue 9's "every page type" is measured on), then the two splits
        for split in ("all", "tune", "holdout"):
            by_type = {t: subset(lambda p, t=t, s=split: p.page_type == t and s in ("all", p.split)) for t in types}  # type: ignore[misc]
            print_table(f"Per page type ({split})", by_type, wcxb)
    if wcxb and tags:
        group = {
            f"tags {split}": subset(lambda p, s=split: has_tags(p, tags) and s in ("all", p.split))  # type: ignore[misc]
            for split in ("all", "tune", "holdout")
        }
        print_table(f"Tag group ({args.tags}: {', '.join(sorted(tags))})", group, wcxb)

    ids = [p.id for p in pages]
    print()
    for tool, other in (TOOLS, TOOLS[::-1]):
        bad = catastrophic(scores[tool], scores[other], ids)
        named = [i for i in bad if next(p for p in pages if p.id == i).split == "tune"]
        print(
            f"catastrophic for {tool} (F1 < 0.5 where {other} >= 0.8): {len(bad)}"
            f" ({len(bad) - len(named)} holdout) {' '.join(named)}"
        )
    empty = [p.id for p, s in zip(pages, scores["pipeline"], strict=True) if s.empty and p.split == "tune"]
    print(f"pipeline empty outputs (tune ids): {' '.join(empty) or '-'}")
    seconds = {tool: sum(s.seconds for s in scores[tool]) for tool in TOOLS}
    print(
        f"time: pipeline {seconds['pipeline']:.1f}s, trafilatura {seconds['trafilatura']:.1f}s,"
        f" ratio {seconds['pipeline'] / max(seconds['trafilatura'], 1e-9):.2f}x"
    )

    per_page: dict[str, dict[str, Any]] = {
        p.id: {"type": p.page_type, "tags": p.tags, **{t: scores[t][i].as_dict() for t in TOOLS}}
        for i, p in enumerate(pages)
        if p.split == "tune"
    }
    if args.compare:
        before = json.loads(args.compare.read_text(encoding="utf-8"))["pages"]
        moved = [
            (per_page[i]["pipeline"]["f1"] - before[i]["pipeline"]["f1"], i)
            for i in per_page
            if i in before and abs(per_page[i]["pipeline"]["f1"] - before[i]["pipeline"]["f1"]) >= COMPARE_MIN_DELTA
        ]
        print(f"\npages whose pipeline F1 moved by >= {COMPARE_MIN_DELTA} since {args.compare}: {len(moved)}")
        for delta, i in sorted(moved):
            print(
                f"  {i} {per_page[i]['type']:<14} {before[i]['pipeline']['f1']:.3f} -> "
                f"{per_page[i]['pipeline']['f1']:.3f} ({delta:+.3f})"
            )
    if args.misses and wcxb:
        print_misses(pages, outputs, scores)
    if args.by_decision:
        for split in ("tune", "holdout") if wcxb else ("tune",):
            print_decisions(pages, outputs, scores, split)
    if args.save:
        args.save.write_text(
            json.dumps({"corpus": kind, "commit": git_commit(), "summary": overall, "pages": per_page}, indent=1),
            encoding="utf-8",
        )
        print(f"per-page scores written to {args.save}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
