"""Our own holdout: pages written by someone who never read the extractor, scored for both tools.

    .venv/bin/python bench/holdout.py bench/holdout/pages [--kind news,blog] [--pages]
    .venv/bin/python bench/holdout.py bench/tune_pages --kind health --perturb page-builder,legacy-layout

Every ``NAME.expected.json`` under DIR (the fixture format, ``pipeline qa``'s) is extracted by
our whole extract stage and by ``trafilatura.bare_extraction`` (``fast=True`` as in
``bench/extract.py``, but with ``include_comments=True``, so trafilatura shows what it can of the
comments), and both are scored the same way with ``pipeline.qa.scoring``: text token P/R/F1,
must-not-contain snippets leaked, title / authors / published right, and comments.

Comments: trafilatura gives one block of comment text, no rows, so the figure both tools share is
the **comment text F1** (tokens of all rows joined against all gold comments joined, on pages
with gold comments) and **found** (a gold comment is found when its text is in the tool's
comment output: for ours a row matched at ``COMMENT_MATCH_F1`` as ``pipeline qa`` matches them,
for trafilatura that share of the comment's tokens present in its block). Ours alone has rows:
**row F1** (matched rows against gold and extracted counts) and **authors right** of the matched.
**Invented**: pages without gold comments where the tool gives any comment text.

Nobody tunes on these pages: read the aggregate, never fix a page because it scored low here.

``--perturb`` (tune pages only: the holdout is never perturbed) runs both tools again on every
page rewritten by each named perturbation of ``bench/perturbations.py`` (the text kept, the markup
a new site would write differently) and prints each kind's text F1 (P, R) beside the unperturbed
page's, and the pages where our F1 falls by PERTURBED_DROP more than trafilatura's: three health
tune sets score near 1.0 as written, so a rule's loss on layouts none of them has shows here.
``--perturb unknown-language`` (``bench/language_perturbations.py``) rewrites the page's words
instead, and the gold alike: a language that no vocabulary file or stop-word list knows.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import trafilatura

sys.path.insert(0, str(Path(__file__).resolve().parent))

from language_perturbations import LANGUAGE_PERTURBATIONS
from perturbations import PERTURBATIONS

from pipeline.extract import extract_html
from pipeline.extract.sites import load_site_rules
from pipeline.page import decode_html
from pipeline.qa.fixtures import Fixture, load_fixtures
from pipeline.qa.scoring import COMMENT_MATCH_F1, field_right, prf, score_page, tokens

TOOLS = ("ours", "trafilatura")
UNPERTURBED = "unperturbed"
# A page whose F1 under a perturbation falls this much more than trafilatura's is named: a rule of
# ours, not the page's new markup alone, lost the text (perturb.py's MOVER_MIN_GAP).
PERTURBED_DROP = 0.1
# The folder that holds our own holdout: never perturbed, so never listed page by page.
HOLDOUT_FOLDER = "holdout"
METADATA_FIELDS = ("title", "authors", "published")


@dataclass
class Result:
    """One tool on one page, in the figures the table prints."""

    f1: float = 0.0
    precision: float = 0.0
    recall: float = 0.0
    leaked: int = 0
    metadata_right: int = 0
    comment_text_f1: float | None = None  # pages with gold comments only
    found: int = 0
    rows: int | None = None  # trafilatura has no rows
    rows_matched: int = 0
    authors_right: int | None = None
    invented: bool = False  # comment output on a page without gold comments
    error: str | None = None


def _gold_comment_tokens(fixture: Fixture) -> list[str]:
    return tokens("\n".join(c.text for c in fixture.comments))


def run_ours(fixture: Fixture, html: str, rules: Any) -> Result:
    try:
        extraction = extract_html(html, fixture.url, site_rules=rules)
    except Exception as exc:  # a crash is a score of zero, named in the table
        return Result(error=f"{type(exc).__name__}: {exc}")
    score = score_page(fixture, extraction)
    result = Result(
        f1=score.f1,
        precision=score.precision,
        recall=score.recall,
        leaked=len(score.leaked),
        metadata_right=sum(1 for name in METADATA_FIELDS if score.fields[name][2]),
        found=score.comments_matched,
        rows=len(extraction.comments),
        rows_matched=score.comments_matched,
        authors_right=score.comment_authors_right,
    )
    row_tokens = tokens("\n".join(c.text for c in extraction.comments))
    if fixture.comments:
        result.comment_text_f1 = prf(row_tokens, _gold_comment_tokens(fixture))[2]
    else:
        result.invented = bool(extraction.comments)
    return result


def run_trafilatura(fixture: Fixture, html: str) -> Result:
    document = trafilatura.bare_extraction(html, url=fixture.url, fast=True, include_comments=True, with_metadata=True)
    if document is None:
        return Result(error="no output")
    text = getattr(document, "text", None) or ""
    truth = tokens("\n".join(fixture.paragraphs))
    precision, recall, f1 = prf(tokens(text), truth)
    folded = " ".join(text.split()).casefold()
    author = getattr(document, "author", None) or ""
    actual = {
        "title": getattr(document, "title", None),
        "authors": [a.strip() for a in author.split(";") if a.strip()],
        "published": getattr(document, "date", None),
    }
    comments = getattr(document, "comments", None) or ""
    result = Result(
        f1=f1,
        precision=precision,
        recall=recall,
        leaked=sum(1 for s in fixture.must_not_contain if " ".join(s.split()).casefold() in folded),
        metadata_right=sum(1 for name in METADATA_FIELDS if field_right(name, fixture.fields[name], actual[name])),
    )
    block = Counter(tokens(comments))
    if fixture.comments:
        result.comment_text_f1 = prf(tokens(comments), _gold_comment_tokens(fixture))[2]
        for comment in fixture.comments:
            wanted = Counter(tokens(comment.text))
            present = sum((wanted & block).values())
            result.found += present >= COMMENT_MATCH_F1 * max(sum(wanted.values()), 1)
    else:
        result.invented = bool(comments.strip())
    return result


def _kind(fixture: Fixture) -> str:
    return fixture.name.split("/")[0] if "/" in fixture.name else "-"


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def summary_line(label: str, fixtures: list[Fixture], results: list[Result]) -> str:
    snippets = sum(len(f.must_not_contain) for f in fixtures)
    gold = sum(len(f.comments) for f in fixtures)
    with_comments = [r.comment_text_f1 for r in results if r.comment_text_f1 is not None]
    without = sum(1 for f in fixtures if not f.comments)
    comment_f1 = f"{_mean(with_comments):.3f}" if with_comments else "-"
    line = (
        f"  {label:<12} F1 {_mean([r.f1 for r in results]):.3f} (P {_mean([r.precision for r in results]):.3f} "
        f"R {_mean([r.recall for r in results]):.3f}); leaked {sum(r.leaked for r in results)}/{snippets}; "
        f"title/author/date {sum(r.metadata_right for r in results)}/{len(METADATA_FIELDS) * len(fixtures)}; "
        f"comment text F1 {comment_f1}; found {sum(r.found for r in results)}/{gold}"
    )
    rows = [r.rows for r in results if r.rows is not None]
    if len(rows) == len(results):
        matched = sum(r.rows_matched for r in results)
        extracted = sum(rows)
        row_f1 = 2 * matched / (gold + extracted) if gold + extracted else 1.0
        authors = sum(r.authors_right or 0 for r in results)
        line += f"; row F1 {row_f1:.3f} ({extracted} rows), authors {authors}/{matched}"
    invented = sum(1 for r in results if r.invented)
    line += f"; invented on {invented}/{without} pages without comments"
    errors = sum(1 for r in results if r.error)
    return line + (f"; {errors} errors" if errors else "")


def _cell(fixture: Fixture, r: Result) -> str:
    if r.error:
        return f"ERROR {r.error[:28]:<28}"
    comments = f"{r.found}/{len(fixture.comments)}" if fixture.comments else ("inv" if r.invented else "-")
    return f"{r.f1:5.2f} {r.leaked:>2}/{len(fixture.must_not_contain):<2} {r.metadata_right}/3 {comments:>5}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("directory", type=Path, help="the holdout pages (bench/holdout/pages)")
    parser.add_argument(
        "--kind", help="only these kinds (first folder), comma-separated: news,blog,forum,health,nocomment"
    )
    parser.add_argument("--pages", action="store_true", help="one row per page (scores only; nobody tunes on them)")
    parser.add_argument("--perturb", default="", help="tune pages only: these perturbations (comma-separated)")
    args = parser.parse_args(argv)
    fixtures = load_fixtures(args.directory)
    if args.kind:
        wanted = set(args.kind.split(","))
        fixtures = [f for f in fixtures if _kind(f) in wanted]
    rules = load_site_rules()
    if args.perturb:
        if HOLDOUT_FOLDER in args.directory.resolve().parts:
            parser.error("--perturb is for tune pages: the holdout is never perturbed")
        names = args.perturb.split(",")
        if unknown := [n for n in names if n not in PERTURBATIONS and n not in LANGUAGE_PERTURBATIONS]:
            parser.error(f"unknown perturbation(s): {', '.join(unknown)}")
        perturbed_table(fixtures, names, rules)
        return 0
    results: dict[str, list[Result]] = {tool: [] for tool in TOOLS}
    for fixture in fixtures:
        html, _ = decode_html(fixture.html_bytes())
        results["ours"].append(run_ours(fixture, html, rules))
        results["trafilatura"].append(run_trafilatura(fixture, html))
    if args.pages:
        print(f"{'page':<46} {'ours: F1 leak meta cmts':<26} | trafilatura: F1 leak meta cmts")
        for i, fixture in enumerate(fixtures):
            ours, theirs = _cell(fixture, results["ours"][i]), _cell(fixture, results["trafilatura"][i])
            print(f"{fixture.name[:46]:<46} {ours:<26} | {theirs}")
        print()
    kinds = sorted({_kind(f) for f in fixtures})
    for group in [*kinds, "all"]:
        index = [i for i, f in enumerate(fixtures) if group in ("all", _kind(f))]
        chosen = [fixtures[i] for i in index]
        print(f"{group} ({len(chosen)} pages, {sum(len(f.comments) for f in chosen)} gold comments)")
        for tool in TOOLS:
            print(summary_line(tool, chosen, [results[tool][i] for i in index]))
    return 0


def _text_scores(results: list[Result]) -> str:
    return (
        f"{_mean([r.f1 for r in results]):.3f} (P {_mean([r.precision for r in results]):.3f} "
        f"R {_mean([r.recall for r in results]):.3f})"
    )


def perturbed_table(fixtures: list[Fixture], names: list[str], rules: Any) -> None:
    """Text F1 (P, R) per kind of both tools, unperturbed and under each perturbation, then the
    pages where ours fell PERTURBED_DROP more than trafilatura's."""
    runs: dict[str, dict[str, list[Result]]] = {}
    for name in [UNPERTURBED, *names]:
        runs[name] = {tool: [] for tool in TOOLS}
        for fixture in fixtures:
            html, _ = decode_html(fixture.html_bytes())
            scored = fixture  # a language perturbation rewrites the gold as it rewrites the page
            if name in LANGUAGE_PERTURBATIONS:
                rewrite_page, rewrite_gold = LANGUAGE_PERTURBATIONS[name]
                html, scored = rewrite_page(html, "\n".join(fixture.paragraphs)), rewrite_gold(fixture)
            elif name != UNPERTURBED:
                html = PERTURBATIONS[name](html, "\n".join(fixture.paragraphs))
            runs[name]["ours"].append(run_ours(scored, html, rules))
            runs[name]["trafilatura"].append(run_trafilatura(scored, html))
    kinds = sorted({_kind(f) for f in fixtures})
    print(f"{'kind':<14} {'perturbation':<22} {'ours F1 (P R)':<27} trafilatura F1 (P R)")
    for group in [*kinds, "all"]:
        index = [i for i, f in enumerate(fixtures) if group in ("all", _kind(f))]
        for name, results in runs.items():
            ours = _text_scores([results["ours"][i] for i in index])
            theirs = _text_scores([results["trafilatura"][i] for i in index])
            print(f"{group:<14} {name:<22} {ours:<27} {theirs}")
    print()
    base = runs[UNPERTURBED]
    for name in names:
        for i, fixture in enumerate(fixtures):
            drop = base["ours"][i].f1 - runs[name]["ours"][i].f1
            their_drop = max(base["trafilatura"][i].f1 - runs[name]["trafilatura"][i].f1, 0.0)
            if drop - their_drop >= PERTURBED_DROP:
                print(
                    f"{name}: {fixture.name} ours {base['ours'][i].f1:.2f} -> {runs[name]['ours'][i].f1:.2f}, "
                    f"trafilatura {base['trafilatura'][i].f1:.2f} -> {runs[name]['trafilatura'][i].f1:.2f}"
                )


if __name__ == "__main__":
    sys.exit(main())
