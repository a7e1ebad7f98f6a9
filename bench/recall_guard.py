"""A recall guard for arbitration, replayed: the baseline wins when our text dropped much of its long prose.

    .venv/bin/python bench/recall_guard.py --wcxb PATH/TO/wcxb-dev --tune-pages bench/tune_pages --save texts.json
    .venv/bin/python bench/recall_guard.py --load texts.json [--perturbed more.json] [--pages]

Arbitration (``pipeline/extract/arbitrate.py``) lets the baseline (trafilatura's own text of the
page) overrule our candidate only when the candidate holds under 30% of the page and under 60% of
the baseline's words. Issue 9's unseen health pages lose article text trafilatura keeps on pages
outside that gate. The guard asked here: when our text keeps under ``keep`` of the baseline's
words and the baseline lines it lacks are long prose (``PROSE_MIN_WORDS`` words, ending a
sentence; not link lists, cards or labels, which are short lines) making up ``prose`` of the
baseline's prose or more, the baseline's text wins.

``--save`` runs both tools once per page (wcxb-dev TUNE pages, our tune pages; optionally under
one ``--perturb``) and writes their texts with the gold; ``--load`` replays every (keep, prose)
pair of the grid on them: the pages the guard would switch, and the F1 summed over them (each
page's shingle F1, the benchmarks' unit), per group. No holdout page is read.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

import trafilatura

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from extract_corpus import load_wcxb
from perturbations import PERTURBATIONS

from pipeline.errors import ExtractionError
from pipeline.extract import extract_html
from pipeline.extract.arbitrate import word_share
from pipeline.extract.sites import load_site_rules
from pipeline.page import decode_html
from pipeline.qa.fixtures import load_fixtures
from pipeline.qa.scoring import benchmark_prf, shingle_counts, shingles

# A line of this many words that ends a sentence is prose: a paragraph, not a menu entry,
# a card's title or a label (those run 1-8 words).
PROSE_MIN_WORDS = 12
# A baseline prose line our text holds under this share of the shingles of is one we dropped.
DROPPED_LINE_SHARE = 0.5
KEEP_GRID = (0.6, 0.7, 0.8, 0.9)
PROSE_GRID = (0.2, 0.3, 0.5, 0.7)
HOLDOUT_FOLDER = "holdout"
_SENTENCE_END = re.compile(r"[.!?:;\"'”’)]\s*$")


def prose_lines(text: str) -> list[str]:
    """The lines of ``text`` that are prose (PROSE_MIN_WORDS words or more, ending a sentence)."""
    return [
        line for line in text.split("\n") if len(line.split()) >= PROSE_MIN_WORDS and _SENTENCE_END.search(line.strip())
    ]


def dropped_prose(ours: str, baseline: str) -> float:
    """Share of the baseline's prose (in characters) on lines our text does not hold."""
    held = shingles(ours)
    total = dropped = 0
    for line in prose_lines(baseline):
        grams = shingles(line)
        kept = sum((grams & held).values()) / max(sum(grams.values()), 1)
        total += len(line)
        dropped += len(line) if kept < DROPPED_LINE_SHARE else 0
    return dropped / total if total else 0.0


def page_f1(text: str, gold: str) -> float:
    return benchmark_prf([shingle_counts(text, gold)])[2]


def collect(args: argparse.Namespace) -> list[dict[str, str]]:
    rules = load_site_rules()
    rows = []
    for key, group, html, url, gold in _pages(args):
        if args.perturb:
            html = PERTURBATIONS[args.perturb](html, gold)
        try:
            ours = extract_html(html, url, site_rules=rules).text
        except ExtractionError:
            ours = ""
        document = trafilatura.bare_extraction(html, url=url or None, fast=True, include_comments=False)
        theirs = (getattr(document, "text", None) or "") if document is not None else ""
        rows.append({"key": key, "group": group, "ours": ours, "theirs": theirs, "gold": gold})
    return rows


def _pages(args: argparse.Namespace) -> list[tuple[str, str, str, str, str]]:
    pages = []
    if args.tune_pages:
        if HOLDOUT_FOLDER in args.tune_pages.resolve().parts:
            raise SystemExit("bench/recall_guard.py is for tune pages: the holdout is never read here")
        for fixture in load_fixtures(args.tune_pages):
            html, _ = decode_html(fixture.html_bytes())
            kind = fixture.name.split("/")[0]
            pages.append((fixture.name, kind, html, fixture.url, "\n".join(fixture.paragraphs)))
    if args.wcxb:
        for page in load_wcxb(args.wcxb):
            if page.split == "tune" and page.page_type != "forum":  # a forum's text is its thread
                pages.append((page.id, f"wcxb:{page.page_type}", page.html, page.url, page.text))
    return pages


def replay(rows: list[dict[str, str]], show_pages: bool) -> None:
    features = [
        (row, word_share(row["ours"], row["theirs"]), dropped_prose(row["ours"], row["theirs"])) for row in rows
    ]
    print(f"{len(rows)} pages; keep = our share of the baseline's words, prose = its prose we dropped")
    print(f"{'keep <':>7} {'prose >=':>9} {'switched':>9} {'up':>4} {'down':>5} {'F1 summed':>10}  by group")
    for keep in KEEP_GRID:
        for prose in PROSE_GRID:
            moved = [
                (row, page_f1(row["theirs"], row["gold"]) - page_f1(row["ours"], row["gold"]))
                for row, share, lost in features
                if share < keep and lost >= prose and len(row["theirs"]) > len(row["ours"])
            ]
            groups: dict[str, float] = defaultdict(float)
            for row, delta in moved:
                groups[row["group"]] += delta
            up = sum(1 for _, d in moved if d > 0.005)
            down = sum(1 for _, d in moved if d < -0.005)
            by_group = ", ".join(f"{g} {d:+.3f}" for g, d in sorted(groups.items()))
            print(
                f"{keep:>7} {prose:>9} {len(moved):>9} {up:>4} {down:>5} {sum(d for _, d in moved):>+10.3f}  {by_group}"
            )
            if show_pages:
                print("        " + ", ".join(f"{row['key']} {d:+.2f}" for row, d in sorted(moved, key=lambda m: m[1])))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--wcxb", type=Path, help="wcxb-dev: its tune pages that are not forums")
    parser.add_argument("--tune-pages", type=Path, help="our tune pages (bench/tune_pages)")
    parser.add_argument("--perturb", help="run the pages under this perturbation (with --save)")
    parser.add_argument("--save", type=Path, help="write both tools' texts here")
    parser.add_argument("--load", type=Path, nargs="*", default=[], help="replay the guard on saved texts")
    parser.add_argument("--pages", action="store_true", help="name the pages each setting switches")
    args = parser.parse_args(argv)
    if args.perturb and args.perturb not in PERTURBATIONS:
        parser.error(f"unknown perturbation: {args.perturb}")
    rows: list[dict[str, str]] = []
    for path in args.load:
        rows.extend(json.loads(path.read_text(encoding="utf-8")))
    if args.wcxb or args.tune_pages:
        collected = collect(args)
        if args.save:
            args.save.write_text(json.dumps(collected), encoding="utf-8")
        rows.extend(collected)
    if not rows:
        parser.error("give --wcxb, --tune-pages or --load")
    replay(rows, args.pages)
    return 0


if __name__ == "__main__":
    sys.exit(main())
