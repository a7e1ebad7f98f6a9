"""Robustness under perturbation: our extract stage and trafilatura on real pages whose markup is changed.

    .venv/bin/python bench/perturb.py --wcxb PATH/TO/wcxb-dev --scrapinghub PATH/TO/scrapinghub
    .venv/bin/python bench/perturb.py --wcxb PATH --only unclosed-header,token-infobox --jobs 2
    .venv/bin/python bench/perturb.py --wcxb PATH --save after.json --compare before.json

Every tune page of wcxb-dev (the holdout is never perturbed, so never looked at) and every
ScrapingHub page is perturbed by each perturbation of :mod:`perturbations` (the content kept,
the markup a new site would write differently); our whole extract stage and trafilatura (the
same calls as ``bench/extract.py``) run on the perturbed page and are scored against the
unchanged gold (``extract_corpus.score``). Printed per perturbation: F1 of both, the drop from
the unperturbed page for both, the pages where we fall under 0.5 while trafilatura stays at
0.8 or more (catastrophic), those that were not catastrophic unperturbed named first, and
the title, author and date right for both (wcxb-dev's gold; ScrapingHub has none): a
template that names nothing must not cost the metadata either.
``--compare`` prints a saved run's F1 beside this one's, per perturbation; ``--movers`` lists
the pages (never holdout ones) where our drop exceeds trafilatura's by MOVER_MIN_GAP, and those
whose title, author or date we had right unperturbed and wrong perturbed.
"""

from __future__ import annotations

import argparse
import json
import sys
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from extract import run_pipeline, run_trafilatura
from extract_corpus import Page, catastrophic, load_scrapinghub, load_wcxb, score
from language_perturbations import CORPUS_LANGUAGE_PERTURBATIONS
from perturbations import PERTURBATIONS

from pipeline.extract.sites import load_site_rules
from pipeline.qa.scoring import benchmark_prf

UNPERTURBED = "unperturbed"
TOOLS = ("pipeline", "trafilatura")
# (tp, fp, fn) of one tool on one page
Counts = tuple[float, float, float]
# The metadata fields scored (``extract_corpus.score``): right, wrong, or None without a gold value.
METADATA_FIELDS = ("title", "author", "date")
# One tool's metadata on one page, in METADATA_FIELDS' order.
Rights = tuple[bool | None, ...]
# A page whose drop exceeds trafilatura's by this much is one where a rule of ours broke.
MOVER_MIN_GAP = 0.1


@dataclass(slots=True)
class PageResult:
    """Both tools' shingle counts on one page, unperturbed and under each perturbation."""

    key: str
    counts: dict[str, dict[str, Counts]]  # perturbation -> tool -> counts
    rights: dict[str, dict[str, Rights]]  # perturbation -> tool -> title, author, date right


_RULES: dict | None = None  # type: ignore[type-arg]


def _scores(page: Page, html: str) -> tuple[dict[str, Counts], dict[str, Rights]]:
    """Both tools on ``html`` scored against ``page``'s gold: shingle counts and metadata rights."""
    global _RULES
    if _RULES is None:
        _RULES = load_site_rules()
    perturbed = Page(id=page.id, url=page.url, html=html, text=page.text, page_type=page.page_type)
    counts, rights = {}, {}
    for tool, output in (("pipeline", run_pipeline(perturbed, _RULES)), ("trafilatura", run_trafilatura(perturbed))):
        s = score(page, output)
        counts[tool] = (s.tp, s.fp, s.fn)
        rights[tool] = tuple(getattr(s, field) for field in METADATA_FIELDS)
    return counts, rights


def measure_page(job: tuple[str, Page, list[str]]) -> PageResult:
    key, page, names = job
    result = PageResult(key, {}, {})
    for name in [UNPERTURBED, *names]:
        if name in CORPUS_LANGUAGE_PERTURBATIONS:  # the words rewritten, in the page and its gold alike
            rewrite_page, rewrite_gold = CORPUS_LANGUAGE_PERTURBATIONS[name]
            result.counts[name], result.rights[name] = _scores(rewrite_gold(page), rewrite_page(page.html, page.text))
            continue
        html = page.html if name == UNPERTURBED else PERTURBATIONS[name](page.html, page.text)
        result.counts[name], result.rights[name] = _scores(page, html)
    return result


def f1_of(results: list[PageResult], perturbation: str, tool: str) -> float:
    return benchmark_prf([r.counts[perturbation][tool] for r in results])[2]


def metadata_right(results: list[PageResult], perturbation: str, tool: str) -> dict[str, list[int]]:
    """Per metadata field: [pages right, pages with a gold value]."""
    totals = {field: [0, 0] for field in METADATA_FIELDS}
    for r in results:
        for field, right in zip(METADATA_FIELDS, r.rights[perturbation][tool], strict=True):
            if right is not None:
                totals[field][0] += int(right)
                totals[field][1] += 1
    return totals


def page_f1(counts: Counts) -> float:
    return benchmark_prf([counts])[2]


def summarise(results: list[PageResult], names: list[str]) -> dict[str, dict[str, object]]:
    """Per perturbation: F1 and drop of both tools, catastrophic pages (new ones apart)."""
    keys = [r.key for r in results]

    class _S:  # catastrophic() reads .f1
        def __init__(self, f1: float) -> None:
            self.f1 = f1

    def scores(perturbation: str, tool: str) -> list[_S]:
        return [_S(page_f1(r.counts[perturbation][tool])) for r in results]

    before = set(catastrophic(scores(UNPERTURBED, "pipeline"), scores(UNPERTURBED, "trafilatura"), keys))  # type: ignore[arg-type]
    table: dict[str, dict[str, object]] = {}
    for name in [UNPERTURBED, *names]:
        bad = catastrophic(scores(name, "pipeline"), scores(name, "trafilatura"), keys)  # type: ignore[arg-type]
        row: dict[str, object] = {
            "pages": len(results),
            "catastrophic": bad,
            "new": [k for k in bad if k not in before],
        }
        for tool in TOOLS:
            row[tool] = f1_of(results, name, tool)
            row[f"{tool}_drop"] = f1_of(results, UNPERTURBED, tool) - row[tool]  # type: ignore[operator]
            row[f"{tool}_metadata"] = metadata_right(results, name, tool)
        table[name] = row
    return table


def print_table(title: str, table: dict[str, dict[str, object]], before: dict[str, dict[str, object]] | None) -> None:
    print(f"\n{title}")
    head = f"{'perturbation':<22} {'pages':>5} {'ours':>6} {'traf':>6} {'ours drop':>9} {'traf drop':>9} {'catastr':>7}"
    head += "".join(f" {field + ' ours/traf':>17}" for field in METADATA_FIELDS)
    if before:
        head += f" | {'ours was':>8} {'catastr was':>11} {'t/a/d ours was':>14}"
    print(head)
    for name, row in table.items():
        line = (
            f"{name:<22} {row['pages']:>5} {row['pipeline']:6.3f} {row['trafilatura']:6.3f}"
            f" {row['pipeline_drop']:+9.3f} {row['trafilatura_drop']:+9.3f} {len(row['catastrophic']):>7}"  # type: ignore[arg-type]
        )
        line += "".join(f" {_metadata_cell(row, field):>17}" for field in METADATA_FIELDS)
        if before and name in before:
            line += f" | {before[name]['pipeline']:8.3f} {len(before[name]['catastrophic']):>11}"  # type: ignore[arg-type]
            line += f" {_was_rights(before[name]):>14}"
        print(line)
    for name, row in table.items():
        new = row["new"]
        if new:
            print(f"  {name}: catastrophic, not so unperturbed: {' '.join(new)}")  # type: ignore[arg-type]


def _metadata_cell(row: dict[str, object], field: str) -> str:
    """'305/216 of 399': our fields right / trafilatura's, of the pages with a gold value."""
    ours = row["pipeline_metadata"][field]  # type: ignore[index]
    theirs = row["trafilatura_metadata"][field]  # type: ignore[index]
    return f"{ours[0]}/{theirs[0]} of {ours[1]}" if ours[1] else "-"


def _was_rights(row: dict[str, object]) -> str:
    """A saved run's title/author/date right for us ('-' for a run saved before they were kept)."""
    saved = row.get("pipeline_metadata")
    if not isinstance(saved, dict):
        return "-"
    return "/".join(str(saved[field][0]) for field in METADATA_FIELDS)


def print_movers(results: list[PageResult], names: list[str]) -> None:
    """Per perturbation, the pages where our F1 fell by MOVER_MIN_GAP more than trafilatura's."""
    for name in names:
        moved = []
        for r in results:
            ours = page_f1(r.counts[UNPERTURBED]["pipeline"]) - page_f1(r.counts[name]["pipeline"])
            theirs = page_f1(r.counts[UNPERTURBED]["trafilatura"]) - page_f1(r.counts[name]["trafilatura"])
            if ours - theirs >= MOVER_MIN_GAP:
                moved.append(f"{r.key} ({-ours:+.2f}/{-theirs:+.2f})")
        if moved:
            print(f"  {name}: ours/trafilatura F1 moved: {' '.join(moved)}")
        for index, field in enumerate(METADATA_FIELDS):
            lost = [
                r.key
                for r in results
                if r.rights[UNPERTURBED]["pipeline"][index] and not r.rights[name]["pipeline"][index]
            ]
            if lost:
                print(f"  {name}: our {field} right unperturbed, wrong perturbed: {' '.join(lost)}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--wcxb", type=Path, help="the wcxb-dev directory (its tune pages are perturbed)")
    parser.add_argument("--scrapinghub", type=Path, help="the ScrapingHub directory")
    parser.add_argument("--only", default="", help="these perturbations (comma-separated); all by default")
    parser.add_argument("--ids", default="", help="only these page ids (comma-separated)")
    parser.add_argument("--type", default="", help="only wcxb pages of this page type")
    parser.add_argument("--jobs", type=int, default=1, help="pages measured in this many processes")
    parser.add_argument("--movers", action="store_true", help="list the pages where our drop exceeds trafilatura's")
    parser.add_argument("--save", type=Path, help="write the tables to this JSON file")
    parser.add_argument("--compare", type=Path, help="a saved run: its F1 printed beside this run's")
    args = parser.parse_args()
    names = [n.strip() for n in args.only.split(",") if n.strip()] or list(PERTURBATIONS)
    unknown = set(names) - set(PERTURBATIONS) - set(CORPUS_LANGUAGE_PERTURBATIONS)
    if unknown:
        parser.error(f"unknown perturbations {sorted(unknown)}: {', '.join(PERTURBATIONS)}")
    corpora: dict[str, list[Page]] = {}
    if args.wcxb:
        corpora["wcxb-dev tune"] = [p for p in load_wcxb(args.wcxb) if p.split == "tune"]
    if args.scrapinghub:
        corpora["scrapinghub"] = load_scrapinghub(args.scrapinghub)
    wanted = {i.strip() for i in args.ids.split(",") if i.strip()}
    for corpus, pages in corpora.items():
        corpora[corpus] = [
            p for p in pages if (not wanted or p.id in wanted) and (not args.type or p.page_type == args.type)
        ]
    if not any(corpora.values()):
        parser.error("no pages selected (--wcxb and/or --scrapinghub)")

    saved = json.loads(args.compare.read_text(encoding="utf-8")) if args.compare else {}
    tables: dict[str, dict[str, dict[str, object]]] = {}
    for corpus, pages in corpora.items():
        if not pages:
            continue
        jobs = [(p.id, p, names) for p in pages]
        if args.jobs > 1:
            with ProcessPoolExecutor(args.jobs) as pool:
                results = list(pool.map(measure_page, jobs, chunksize=4))
        else:
            results = [measure_page(job) for job in jobs]
        tables[corpus] = summarise(results, names)
        print_table(
            f"{corpus}: {len(pages)} pages, F1 (drop = unperturbed - perturbed)", tables[corpus], saved.get(corpus)
        )
        if args.movers:
            print_movers(results, names)
    if args.save:
        args.save.write_text(json.dumps(tables, indent=1), encoding="utf-8")
        print(f"\ntables written to {args.save}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
