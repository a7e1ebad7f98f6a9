"""What each boilerplate rule removes on real pages, against the gold text (wcxb-dev tune pages only).

    .venv/bin/python bench/extract_rules.py PATH/TO/wcxb-dev [--type service,product] [--by marker]
    .venv/bin/python bench/extract_rules.py PATH/TO/wcxb-dev --disable class-id-tokens [--type ...]

Every element a rule removed (``extract_html(..., explain=True)``: :class:`TraceStep` keeps its
text and what it calls itself) is scored by its 4-token shingles: how many are in the page's gold
main text (``gold``), how many of those are missing from our output (``lost``: recall the removal
may have cost, unless trafilatura drops them too), and how many are not in the gold
(``boilerplate``). Grouped by rule, or with ``--by marker`` by rule and the marker that matched
(the class/id tokens for ``class-id-tokens``, the role for ``boilerplate-roles``, else the tag).
A rule whose removals hold more gold than boilerplate on some page type is a candidate to stop
there; ``--disable RULE`` measures that: the pages it fired on are extracted again with the rule
turned off (as a site file's ``disable`` does), F1 before and after, summed per page type (a
type's F1 moves by the sum over its page count). Holdout pages are never read (see
:mod:`extract_corpus`).
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from extract_corpus import Output, Page, load_wcxb, score

from pipeline.errors import ExtractionError
from pipeline.extract import extract_html
from pipeline.extract.rules import BOILERPLATE_RULES, KEEP_RULES, RULE_NAMES
from pipeline.extract.sites import SiteRules, load_site_rules, rules_for
from pipeline.extract.token_match import matched_tokens
from pipeline.qa.scoring import shingles
from pipeline.records import Extraction, TraceStep

# A page whose F1 moved by less than this with a rule off is noise, not a change (as bench/extract.py).
MOVED_MIN_DELTA = 0.005


def extract(page: Page, rules: dict[str, SiteRules]) -> tuple[Extraction | None, float]:
    """Our extraction of a page (traced) and its text F1, scored as ``bench/extract.py`` does."""
    try:
        extraction = extract_html(page.html, page.url, site_rules=rules, explain=True)
    except ExtractionError:
        return None, score(page, Output()).f1
    text = extraction.text
    if page.page_type == "forum" and extraction.comments:
        text = "\n\n".join([text, *(c.text for c in extraction.comments)])
    return extraction, score(page, Output(text=text)).f1


def marker(step: TraceStep) -> str:
    """What matched: the class/id tokens, the ARIA role, or the tag."""
    if step.rule == "class-id-tokens":
        return ",".join(matched_tokens(step.names)) or "?"
    tag, *attributes = step.names.split(" ")
    if step.rule == "boilerplate-roles":
        return next((a.split("=", 1)[1] for a in attributes if a.startswith("role=")), tag)
    return tag


def account(pages: list[Page], rules: dict[str, SiteRules], by_marker: bool, min_gold: int) -> dict[str, float]:
    """Print removals by rule (and marker) per page type; return each page's F1."""
    totals: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0, 0])  # gold, lost, boilerplate, pages
    f1s = {}
    for page in pages:
        extraction, f1s[page.id] = extract(page, rules)
        if extraction is None:
            continue
        gold, kept = shingles(page.text), shingles(extraction.text)
        seen = set()
        for step in extraction.trace:
            if step.rule not in dict(BOILERPLATE_RULES) or step.rule in KEEP_RULES:
                continue  # a comment finder's take, or a keep rule's text spared or rewritten
            key = (page.page_type, f"{step.rule}:{marker(step)}" if by_marker else step.rule)
            removed = shingles(step.text)
            in_gold = removed & gold
            total = totals[key]
            total[0] += sum(in_gold.values())
            total[1] += sum((in_gold - kept).values())
            total[2] += sum((removed - gold).values())
            if key not in seen:
                total[3] += 1
                seen.add(key)
    print(f"{'type':<14} {'rule':<48} {'gold':>7} {'lost':>7} {'boilerplate':>11} {'pages':>5}")
    ranked = sorted(totals.items(), key=lambda kv: (kv[0][0], -kv[1][1]))  # by type, then recall lost
    for (page_type, rule), (gold_n, lost, boiler, count) in ranked:
        if gold_n >= min_gold:
            flag = "  <- more gold than boilerplate" if gold_n > boiler else ""
            print(f"{page_type:<14} {rule[:48]:<48} {gold_n:>7} {lost:>7} {boiler:>11} {count:>5}{flag}")
    return f1s


def without_rule(pages: list[Page], rules: dict[str, SiteRules], rule: str) -> dict[str, SiteRules]:
    """The site rules with ``rule`` turned off on every page's host."""
    changed = dict(rules)
    for page in pages:
        host = (urlsplit(page.url).hostname or "").lower()
        if not host:
            continue
        own = rules_for(host, rules)
        base = own if own is not None else SiteRules(hosts=(host,))
        changed[host] = dataclasses.replace(base, disabled=base.disabled | {rule})
    return changed


def ablate(pages: list[Page], rules: dict[str, SiteRules], rule: str) -> None:
    """F1 with and without ``rule`` on the pages it fired on, summed per page type."""
    fired = []
    before: dict[str, float] = {}
    for page in pages:
        extraction, before[page.id] = extract(page, rules)
        if extraction is not None and any(step.rule == rule for step in extraction.trace):
            fired.append(page)
    off = without_rule(fired, rules, rule)
    delta: dict[str, list[float]] = defaultdict(lambda: [0, 0.0])
    print(f"{rule} off, on the {len(fired)} tune pages it fired on:")
    for page in fired:
        _, after = extract(page, off)
        delta[page.page_type][0] += 1
        delta[page.page_type][1] += after - before[page.id]
        if abs(after - before[page.id]) >= MOVED_MIN_DELTA:
            print(f"  {page.id} {page.page_type:<14} {before[page.id]:.3f} -> {after:.3f}")
    typed: defaultdict[str, int] = defaultdict(int)
    for page in pages:
        typed[page.page_type] += 1
    for page_type, (count, total) in sorted(delta.items()):
        print(
            f"{page_type:<14} fired on {count:>3} of {typed[page_type]:>3} pages: F1 summed {total:+.3f},"
            f" type F1 {total / typed[page_type]:+.4f}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("path", type=Path, help="the wcxb-dev directory")
    parser.add_argument("--type", default="", help="only these page types (comma-separated)")
    parser.add_argument("--ids", default="", help="only these tune page ids (comma-separated)")
    parser.add_argument("--by", choices=("rule", "marker"), default="rule", help="group removals by rule or marker")
    parser.add_argument("--min-gold", type=int, default=1, help="list groups holding at least N gold shingles")
    parser.add_argument("--disable", default="", help="measure F1 with this boilerplate rule turned off")
    args = parser.parse_args()
    if args.disable and args.disable not in RULE_NAMES:
        parser.error(f"unknown rule {args.disable!r}: one of {', '.join(sorted(RULE_NAMES))}")
    types = {t for t in args.type.split(",") if t}
    ids = {i for i in args.ids.split(",") if i}
    pages = [
        p
        for p in load_wcxb(args.path)
        if p.split == "tune" and (not types or p.page_type in types) and (not ids or p.id in ids)
    ]
    if not pages:
        parser.error("no tune pages selected")
    rules = load_site_rules()
    if args.disable:
        ablate(pages, rules, args.disable)
    else:
        account(pages, rules, args.by == "marker", args.min_gold)
    return 0


if __name__ == "__main__":
    sys.exit(main())
