"""Every step that can move our text away from trafilatura's baseline, turned off one at a time.

    .venv/bin/python bench/extract_ablate.py --wcxb PATH/TO/wcxb-dev --scrapinghub PATH/TO/scrapinghub \
        --save ablation.json [--only mark-article,recall-fallback] [--type article]
    .venv/bin/python bench/extract_ablate.py --load ablation.json [more.json]  # the table again, no extraction
    .venv/bin/python bench/extract_ablate.py --load ablation.json --movers hidden  # the pages a step moved
    .venv/bin/python bench/extract_ablate.py --wcxb PATH/TO/wcxb-dev --disagree  # the baseline vs ours, 2976
    .venv/bin/python bench/extract_ablate.py --load ablation.json --audit  # which steps generalise
    .venv/bin/python bench/extract_ablate.py --wcxb ... --scrapinghub ... --no-fixtures --tokens --save t.json --audit
    .venv/bin/python bench/extract_ablate.py --load ablation.json --audit --more-precise scores.json  # recall's cost
    .venv/bin/python bench/extract_ablate.py --load ablation.json --halves  # gains on each half of the tune pages
    .venv/bin/python bench/extract_ablate.py --wcxb ... --scrapinghub ... --perturb rename-classes --save r.json

Pages: wcxb-dev tune pages (never the holdout), ScrapingHub, and the fixture pages. Each page is
extracted once with every step on; wrappers around the steps record which ones changed
something on it (a rule removed an element, a fallback replaced the text, the arbitration took
a branch). Each step is then turned off and only the pages it fired on are extracted again:

* the boilerplate rules and comment finders of :mod:`pipeline.extract.rules`, through the site
  rules' ``disable`` (as a site file turns one off);
* the other steps (the structure step's root choice, layout tables, the forum opening post, the
  arbitration's branches and thresholds, the recall fallbacks, the last text guards) by swapping
  the function for one that does nothing (``ABLATIONS`` in ``bench/ablate_steps.py`` says what
  "off" means for each).

For each step: the pages it moved (|dF1| >= MOVED_MIN_DELTA), the net F1 it is worth per page
type (F1 with it minus without, summed over the pages and divided by the type's page count, as a
type's F1 moves), the pages it helps and hurts, and how much of its gain the best two pages
hold (a step whose gain sits on one or two pages while it costs a little on many is overfit).
``--save`` keeps every page's figures, ``--load`` prints the table from them.

``--audit`` asks of each step whether its gain generalises (issue 9: a rule fitted to the tune
pages it was written for is worth nothing on unseen pages): on tune and ScrapingHub only (the
fixtures were written for the rules), the pages it helps and hurts in each, its net F1, the
share of its gain held by its best page and by its best site (registrable domain: some tune
pages share a site, and a site's pages share a template), and its net with that site left out
(leave-one-domain-out). See ``verdict`` for the words in the last column. ``--more-precise``
narrows it to the tune pages where trafilatura's text was more precise than ours in a run of
``bench/extract.py wcxb ... --save`` (what our recall paths cost where the baseline was cleaner).
``--halves`` asks whether a step's gain shows on both halves of the tune pages (:mod:`ablate_halves`);
``--perturb NAME`` runs it all on pages changed by one of ``bench/perturb.py``'s perturbations.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from tld import get_fld

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from ablate_halves import half_of, halves_table
from ablate_steps import ABLATIONS, DETECTORS, FIRED, A, patched
from ablate_tokens import TOKEN_PREFIX, fired_groups, group_off, token_steps
from extract_corpus import Output, Page, load_scrapinghub, load_wcxb, score
from perturbations import PERTURBATIONS

import pipeline.extract as E
from pipeline.errors import ExtractionError
from pipeline.extract.html import parse_html
from pipeline.extract.rules import BOILERPLATE_RULES, COMMENT_FINDERS
from pipeline.extract.sites import SiteRules, load_site_rules, rules_for
from pipeline.page import decode_html
from pipeline.qa.fixtures import load_fixtures
from pipeline.qa.scoring import score_page

# A page whose F1 moved by less than this with a step off is noise, not a change.
MOVED_MIN_DELTA = 0.005
FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "pages"
# Rules a site file names; no page without a site file exercises it.
SKIPPED_RULES = frozenset({"site-remove", "comments:site"})


@dataclass(slots=True)
class Item:
    """One page to extract: wcxb-dev tune, ScrapingHub or a fixture."""

    id: str
    corpus: str
    page_type: str
    html: str
    url: str
    score: Callable[[Any], tuple[float, int]]  # extraction (or None) -> (F1, snippets leaked)

    @property
    def site(self) -> str:
        """The registrable domain: pages of one site share a template, so one site is one piece of evidence."""
        return str(get_fld(self.url, fail_silently=True) or urlsplit(self.url).hostname or self.id)


def _corpus_item(page: Page, corpus: str) -> Item:
    def scored(extraction: Any) -> tuple[float, int]:
        if extraction is None:
            result = score(page, Output())
        else:
            text = extraction.text
            if page.page_type == "forum" and extraction.comments:
                text = "\n\n".join([text, *(c.text for c in extraction.comments)])
            result = score(page, Output(text=text))
        return result.f1, result.without_leaked

    page_type = page.page_type if corpus == "wcxb" else corpus
    return Item(f"{corpus}:{page.id}", corpus, page_type, page.html, page.url, scored)


def _fixture_items() -> list[Item]:
    items = []
    for fixture in load_fixtures(FIXTURES):
        html, _ = decode_html(fixture.html_bytes())

        def scored(extraction: Any, fixture: Any = fixture) -> tuple[float, int]:
            result = score_page(fixture, extraction, None if extraction is not None else "failed")
            return result.f1, len(result.leaked)

        items.append(Item(f"fixture:{fixture.name}", "fixture", "fixture", html, fixture.url, scored))
    return items


RULES = [name for name, _ in (*BOILERPLATE_RULES, *COMMENT_FINDERS) if name not in SKIPPED_RULES]


def _without_rule(item: Item, rules: dict[str, SiteRules], rule: str) -> dict[str, SiteRules]:
    host = (urlsplit(item.url).hostname or "").lower()
    changed = dict(rules)
    if host:
        own = rules_for(host, rules)
        base = own if own is not None else SiteRules(hosts=(host,))
        changed[host] = dataclasses.replace(base, disabled=base.disabled | {rule})
    return changed


def _extract(item: Item, rules: dict[str, SiteRules], explain: bool = False) -> tuple[Any, float, int]:
    try:
        extraction = E.extract_html(item.html, item.url, site_rules=rules, explain=explain)
    except ExtractionError:
        extraction = None
    return (extraction, *item.score(extraction))


def measure(items: list[Item], steps: list[str], rules: dict[str, SiteRules]) -> dict[str, Any]:
    """Every page with all steps on, then each step off on the pages it fired on."""
    pages: dict[str, dict[str, Any]] = {}
    fired_on: dict[str, list[Item]] = defaultdict(list)
    started = time.monotonic()
    with patched(*DETECTORS):
        for item in items:
            FIRED.clear()
            extraction, f1, leaked = _extract(item, rules, explain=True)
            fired = set(FIRED)
            if extraction is not None:
                fired.update(step.rule for step in extraction.trace)
                fired.update(fired_groups(extraction.trace))
            pages[item.id] = {"type": item.page_type, "site": item.site, "f1": f1, "leaked": leaked, "off": {}}
            for step in fired & set(steps):
                fired_on[step].append(item)
    print(f"all steps on: {len(items)} pages in {time.monotonic() - started:.0f} s", file=sys.stderr)
    for step in steps:
        started = time.monotonic()
        for item in fired_on[step]:
            if step in ABLATIONS:
                with patched(*ABLATIONS[step][1]):
                    _, f1, leaked = _extract(item, rules)
            elif step.startswith(TOKEN_PREFIX):
                with group_off(step):
                    _, f1, leaked = _extract(item, rules)
            else:
                _, f1, leaked = _extract(item, _without_rule(item, rules, step))
            pages[item.id]["off"][step] = [f1, leaked]
        print(f"{step} off: {len(fired_on[step])} pages in {time.monotonic() - started:.0f} s", file=sys.stderr)
    return {"steps": steps, "pages": pages}


def table(result: dict[str, Any], types: list[str]) -> str:
    """Markdown: per step, pages fired / moved, helps / hurts, net F1 per type, top-2 share of gain."""
    pages = result["pages"]
    count: dict[str, int] = defaultdict(int)
    for page in pages.values():
        count[page["type"]] += 1
    head = ["step", "fired", "moved", "helps", "hurts", "top-2 share", "leaks +off", "tune Σ", "SH Σ", "fixtures Σ"]
    head += types
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for step in result["steps"]:
        deltas: dict[str, float] = defaultdict(float)
        moves, leaks, fired = [], 0, 0
        for page_id, page in pages.items():
            if step not in page["off"]:
                continue
            fired += 1
            off_f1, off_leaked = page["off"][step]
            gain = page["f1"] - off_f1  # what the step is worth on this page
            deltas[page["type"]] += gain
            leaks += off_leaked - page["leaked"]
            if abs(gain) >= MOVED_MIN_DELTA:
                moves.append((gain, page_id))
        helps = sorted((g for g, _ in moves if g > 0), reverse=True)
        hurts = [g for g, _ in moves if g < 0]
        top = f"{sum(helps[:2]) / sum(helps):.0%}" if helps else "-"
        corpora = ("scrapinghub", "fixture")
        summed = " | ".join(
            f"{value:+.3f}"
            for value in (
                sum(d for t, d in deltas.items() if t not in corpora),
                deltas.get("scrapinghub", 0.0),
                deltas.get("fixture", 0.0),
            )
        )
        cells = [f"{deltas[t] / count[t]:+.4f}" if t in deltas and abs(deltas[t]) >= 5e-5 else "0" for t in types]
        lines.append(
            f"| {step} | {fired} | {len(moves)} | {len(helps)} | {len(hurts)} | {top} | {leaks:+d} | {summed} | "
            + " | ".join(cells)
            + " |"
        )
    return "\n".join(lines)


def movers(result: dict[str, Any], step: str) -> str:
    rows = []
    for page_id, page in sorted(result["pages"].items()):
        if step in page["off"] and abs(page["f1"] - page["off"][step][0]) >= MOVED_MIN_DELTA:
            site = page.get("site", "")
            on, off = page["f1"], page["off"][step][0]
            rows.append(f"  {page_id:<40} {page['type']:<14} {site:<24} on {on:.3f}  off {off:.3f}")
    return "\n".join(rows)


# The corpora the audit reads: the fixtures were written for the rules, so they are no evidence.
AUDIT_CORPORA = ("wcxb", "scrapinghub")
# The net a step keeps with its best site left out to be general: two pages moved by the least
# move that counts. Under it, what is left is pages moved by less than a move (noise), not evidence.
GENERAL_MIN_NET = 2 * MOVED_MIN_DELTA
# Page ids printed (ScrapingHub's are 64-character hashes): this many characters name one.
PAGE_ID_CHARS = 8


@dataclass(slots=True)
class Audit:
    """One step's gain on tune and ScrapingHub pages, and where it comes from."""

    step: str
    moves: list[tuple[float, str, str]]  # (F1 with the step minus without, page id, site), moved pages only
    net: float  # over every page it fired on, moved or not

    def counts(self, corpus: str) -> str:
        moved = [gain for gain, page_id, _ in self.moves if page_id.startswith(f"{corpus}:")]
        return f"{sum(g > 0 for g in moved)}/{sum(g < 0 for g in moved)}"

    @property
    def gross(self) -> float:
        return sum(gain for gain, *_ in self.moves if gain > 0)

    @property
    def best_page(self) -> tuple[str, float]:
        """The page that gains most, and its share of the gross gain."""
        gain, page_id, _ = max(self.moves)
        return page_id.split(":", 1)[1][:PAGE_ID_CHARS], gain / self.gross

    @property
    def best_site(self) -> tuple[str, float]:
        """The site whose pages gain most, summed (its losses counted), and that sum's share of the gross gain."""
        by_site: dict[str, float] = defaultdict(float)
        for gain, _, site in self.moves:
            by_site[site] += gain
        site = max(by_site, key=lambda s: by_site[s])
        return site, by_site[site] / self.gross

    @property
    def without_best_site(self) -> float:
        """Leave-one-domain-out: the net the step would show had its best site not been in the corpus."""
        return self.net - self.best_site[1] * self.gross


def verdict(audit: Audit) -> str:
    """``idle``: moved no page. ``costs``: net loss. ``fitted``: its gain is one site's and it
    costs others (with that site left out, under GENERAL_MIN_NET is left): tighten or remove.
    ``narrow``: one site's gain, no page lower (harmless; kept only with a reason). ``general``: a
    gain that survives leaving its best site out."""
    if not audit.moves:
        return "idle"
    if audit.net <= 0:
        return "costs"
    hurts = any(gain < 0 for gain, *_ in audit.moves)
    if audit.without_best_site < GENERAL_MIN_NET:
        return "fitted" if hurts else "narrow"
    return "general"


def more_precise_pages(scores: dict[str, Any]) -> set[str]:
    """The wcxb pages of a ``bench/extract.py --save`` run where trafilatura's precision beat ours."""
    return {
        f"wcxb:{page_id}"
        for page_id, page in scores["pages"].items()
        if page["trafilatura"]["precision"] > page["pipeline"]["precision"]
    }


def narrowed(result: dict[str, Any], page_ids: set[str]) -> dict[str, Any]:
    return {**result, "pages": {k: v for k, v in result["pages"].items() if k in page_ids}}


def audits(result: dict[str, Any]) -> list[Audit]:
    out = []
    for step in result["steps"]:
        moves, net = [], 0.0
        for page_id, page in result["pages"].items():
            if step not in page["off"] or page_id.split(":", 1)[0] not in AUDIT_CORPORA:
                continue
            gain = page["f1"] - page["off"][step][0]
            net += gain
            if abs(gain) >= MOVED_MIN_DELTA:
                moves.append((gain, page_id, page.get("site", page_id)))  # runs saved before sites: a page each
        out.append(Audit(step, moves, net))
    return out


def audit_table(result: dict[str, Any]) -> str:
    """Markdown, one row a step: helps/hurts on tune and ScrapingHub, net, best page and site shares."""
    head = ["step", "tune +/-", "SH +/-", "net", "best page", "share", "best site", "share", "net w/o site", "verdict"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for audit in audits(result):
        if audit.gross > 0:
            (page, page_share), (site, site_share) = audit.best_page, audit.best_site
            best = [page, f"{page_share:.0%}", site, f"{site_share:.0%}", f"{audit.without_best_site:+.3f}"]
        else:
            best = ["-", "-", "-", "-", f"{audit.net:+.3f}"]
        cells = [audit.step, audit.counts("wcxb"), audit.counts("scrapinghub"), f"{audit.net:+.3f}", *best]
        lines.append("| " + " | ".join([*cells, verdict(audit)]) + " |")
    return "\n".join(lines)


# "The baseline is a small part of ours": its length against ours, and the share of its words ours holds.
DISAGREE_RATIOS = (0.05, 0.1, 0.2, 0.3)
DISAGREE_HELD = 0.9


def disagree(items: list[Item], rules: dict[str, SiteRules]) -> str:
    """Would the baseline win where it is a small part of our text (2976: trafilatura kept one teaser
    of a listing, the gold's choice, we kept the listing)? The baseline is computed on every page."""
    rows = []
    for item in items:
        extraction, f1, _ = _extract(item, rules)
        if extraction is None:
            continue
        ours = extraction.text
        base = A.baseline_text(parse_html(item.html), item.url)
        base_f1 = item.score(dataclasses.replace(extraction, text=base))[0]
        if base.strip() and ours.strip():
            rows.append((item, len(base) / len(ours), A.word_share(ours, base), len(base), f1, base_f1))
    out = []
    for ratio in DISAGREE_RATIOS:
        for min_chars in (0, A.MIN_ARTICLE_CHARS):
            hit = [r for r in rows if r[1] < ratio and r[2] >= DISAGREE_HELD and r[3] >= min_chars]
            by_type: dict[str, list[float]] = defaultdict(lambda: [0, 0.0])
            for item, *_, f1, base_f1 in hit:
                by_type[item.page_type][0] += 1
                by_type[item.page_type][1] += base_f1 - f1
            better = sum(1 for *_, f1, base_f1 in hit if base_f1 > f1 + MOVED_MIN_DELTA)
            worse = sum(1 for *_, f1, base_f1 in hit if base_f1 < f1 - MOVED_MIN_DELTA)
            types = ", ".join(f"{t} {n} {d:+.3f}" for t, (n, d) in sorted(by_type.items()))
            out.append(
                f"baseline < {ratio:.0%} of ours, {DISAGREE_HELD:.0%} of it in ours, >= {min_chars} chars:"
                f" {len(hit)} pages, baseline better on {better}, worse on {worse}; F1 summed by type: {types}"
            )
    return "\n".join(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--wcxb", type=Path, help="the wcxb-dev directory (tune pages only are read)")
    parser.add_argument("--scrapinghub", type=Path, help="the ScrapingHub directory")
    parser.add_argument("--no-fixtures", action="store_true", help="leave the fixture pages out")
    parser.add_argument("--only", default="", help="only these steps (comma-separated)")
    parser.add_argument("--type", default="", help="only these wcxb page types (comma-separated)")
    parser.add_argument("--ids", default="", help="only these pages (wcxb:0022,fixture:wiki/asthma)")
    parser.add_argument("--save", type=Path, help="write every page's figures to this JSON file")
    parser.add_argument("--load", type=Path, nargs="+", help="print the table of saved runs, merged (no extraction)")
    parser.add_argument("--disagree", action="store_true", help="the baseline where it is a small part of ours")
    parser.add_argument("--movers", default="", help="list the pages these steps moved (comma-separated)")
    parser.add_argument("--audit", action="store_true", help="which steps generalise: tune and ScrapingHub, by site")
    parser.add_argument("--tokens", action="store_true", help="class-id-tokens' token groups, each off alone")
    parser.add_argument("--halves", action="store_true", help="each step's gain on two halves of the tune pages")
    parser.add_argument("--splits", type=int, default=0, help="with --halves: how often a step gains on both of N")
    parser.add_argument("--perturb", choices=sorted(PERTURBATIONS), help="pages changed by this perturbation")
    parser.add_argument(
        "--more-precise",
        type=Path,
        help="--audit or --halves only on the tune pages where trafilatura beat our precision in this --save run",
    )
    args = parser.parse_args()
    steps = [s for s in args.only.split(",") if s] or (token_steps() if args.tokens else [*RULES, *ABLATIONS])
    unknown = set(steps) - set(RULES) - set(ABLATIONS) - set(token_steps())
    if unknown:
        parser.error(f"unknown steps: {', '.join(sorted(unknown))}")
    if args.load:
        result: dict[str, Any] = {"steps": [], "pages": {}}
        for saved in (json.loads(path.read_text(encoding="utf-8")) for path in args.load):
            result["steps"] += [s for s in saved["steps"] if s not in result["steps"]]
            for page_id, page in saved["pages"].items():
                result["pages"].setdefault(page_id, page)["off"].update(page["off"])
        result["steps"] = [s for s in result["steps"] if not args.only or s in steps]
    else:
        types = {t for t in args.type.split(",") if t}
        pages = [(p, "wcxb") for p in load_wcxb(args.wcxb) if p.split == "tune"] if args.wcxb else []
        pages += [(p, "scrapinghub") for p in load_scrapinghub(args.scrapinghub)] if args.scrapinghub else []
        if args.perturb:  # the gold text stays: only the markup changes
            pages = [(dataclasses.replace(p, html=PERTURBATIONS[args.perturb](p.html, p.text)), c) for p, c in pages]
        items = [_corpus_item(p, c) for p, c in pages if c != "wcxb" or not types or p.page_type in types]
        if not args.no_fixtures and not args.perturb:
            items += _fixture_items()
        if args.disagree:
            print(disagree(items, load_site_rules()))
            return 0
        if ids := {i for i in args.ids.split(",") if i}:
            items = [item for item in items if item.id in ids]
        result = measure(items, steps, load_site_rules())
        if args.save:
            args.save.write_text(json.dumps(result), encoding="utf-8")
    order = "article service forum product documentation listing collection scrapinghub fixture".split()
    present = {p["type"] for p in result["pages"].values()}
    if args.audit or args.halves:
        halves = half_of(result)  # of every page run, before --more-precise narrows them
        if args.more_precise:
            scores = json.loads(args.more_precise.read_text(encoding="utf-8"))
            result = narrowed(result, more_precise_pages(scores))
        print(halves_table(result, halves, args.splits) if args.halves else audit_table(result))
    else:
        print(table(result, [t for t in order if t in present] + sorted(present - set(order))))
    for step in (s for s in args.movers.split(",") if s):
        print(f"\n{step}:\n{movers(result, step)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
