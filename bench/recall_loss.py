"""Where the recall goes: gold shingles trafilatura keeps and we lose, charged to the step that dropped them.

    .venv/bin/python bench/recall_loss.py --tune-pages bench/tune_pages [--kind health,health_long]
    .venv/bin/python bench/recall_loss.py --wcxb PATH/TO/wcxb-dev --type article,service [--perturb legacy-layout]
    .venv/bin/python bench/recall_loss.py --wcxb PATH --tune-pages bench/tune_pages --pages  # pages per step

Issue 9: on health pages of layouts we never saw we lose article text that trafilatura keeps.
Rather than look for the next layout, this asks every page we may look at (our tune pages and
the TUNE pages of wcxb-dev; the holdouts are refused) where that text went. Our extract stage runs
with the steps' results recorded (:class:`Recorder` wraps the functions ``extract_html`` calls by
module and name); the lost shingles (4 tokens, the benchmarks' unit) are the gold's that
``trafilatura.bare_extraction(fast=True)`` keeps and our text does not, and each is charged to
the first step it is missing after, in the order the page went through them:

* ``forum-opening-post``: the article is a forum's opening post (no cleaned tree);
* a boilerplate rule or comment finder (``hidden``, ``class-id-tokens``, ``comments:...``): the
  element it removed held the shingle (the trace), and the cleaned tree does not;
* ``removed:untraced``: gone from the cleaned tree with no traced element holding it;
* ``trafilatura:outside-named-article``, ``trafilatura:in-named-article``: in the cleaned tree,
  not in trafilatura's text of it, outside or inside the ``<article>`` the structure step named
  (``mark-article``: a root choice, or trafilatura's own pruning on our tree); ``-page-article``
  where the page wrote its own ``<article>`` (or none) and the structure step named nothing;
* ``boilerplate-lines``, ``page-blocks`` (or ``product-blocks``), ``arbitration``, ``comment-lines``, ``product-lines``,
  ``headline-strip``: the text steps after that, each missing what the one before it held;
* ``unmatched``: the page's visible text never held the shingle as one run (markup splits it);
* ``copies``: the gold and trafilatura hold the shingle more times than our text, which holds it
  (a repeated phrase: which copy went is not traced).

Printed: per step, gold shingles lost, pages affected and lost per page affected, over all pages
and per group (tune page kind, or wcxb type), for each perturbation asked. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import trafilatura

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from extract_corpus import load_wcxb
from perturbations import PERTURBATIONS

import pipeline.extract as extract_module
from pipeline.extract import article as article_module
from pipeline.extract import boilerplate as boilerplate_module
from pipeline.extract import extract_html
from pipeline.extract.html import element_text, parse_html
from pipeline.extract.rules import KEEP_RULES
from pipeline.extract.sites import load_site_rules
from pipeline.page import decode_html
from pipeline.qa.fixtures import load_fixtures
from pipeline.qa.scoring import shingles

Shingles = Counter[tuple[str, ...]]
Shingle = tuple[str, ...]
UNPERTURBED = "unperturbed"
# The folder of our own holdout (bench/holdout/pages): never measured here.
HOLDOUT_FOLDER = "holdout"
# The text steps after the candidate, in the order extract_html runs them: (step, function name in
# pipeline.extract). Each is charged with what it held on entry and no longer holds on exit.
TEXT_STEPS = (
    ("comment-lines", "_without_comment_lines"),
    ("product-lines", "without_repeats"),
    ("product-lines", "without_prices"),
    ("product-lines", "without_offer_lines"),
    ("headline-strip", "_without_headline"),
)


@dataclass
class Recorder:
    """What the steps of one extract_html call produced (filled by the wrappers of :func:`recording`)."""

    cleaned: str = ""  # the cleaned tree's text, once the boilerplate is removed
    in_article: str = ""  # the text of the <article> elements of the cleaned tree
    named: bool = False  # the structure step named an element <article> (mark-article)
    trafilatura_raw: str | None = None  # trafilatura's text of the cleaned tree, before its line filter
    candidate: str | None = None  # article_text's result
    candidate_used: str = ""
    blocks: str | None = None  # page_blocks' (or product_blocks') text, when it replaced the candidate
    blocks_step: str = "page-blocks"  # which of the two
    verdict: str | None = None  # the arbitration's text, when the baseline won
    baseline: str = ""
    recall: str | None = None  # the recall fallbacks' text, when they ran
    text_steps: list[tuple[str, str, str]] = field(default_factory=list)  # (step, text in, text out)


_RECORD = Recorder()


def _wrap(module: Any, name: str, after: Callable[..., None]) -> tuple[Any, str, Any]:
    original = getattr(module, name)

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        result = original(*args, **kwargs)
        after(result, *args)
        return result

    setattr(module, name, wrapper)
    return module, name, original


def _cleaned(_result: int, root: Any, *_: Any) -> None:
    _RECORD.cleaned = element_text(root)
    articles = [a for a in root.iter("article") if not any(p.tag == "article" for p in a.iterancestors())]
    _RECORD.in_article = "\n".join(element_text(a) for a in articles)


def _mark_article(original: Callable[..., None]) -> Callable[..., None]:
    """mark_article, recording whether it renamed an element ``<article>``."""

    def wrapper(mass: Any, *args: Any, **kwargs: Any) -> None:
        root = mass.anchor.getroottree().getroot() if mass.anchor is not None else None
        before = {id(e) for e in root.iter("article")} if root is not None else set()
        original(mass, *args, **kwargs)
        if root is not None:
            _RECORD.named = any(id(e) not in before for e in root.iter("article"))

    return wrapper


def _trafilatura(result: str, *_args: Any) -> None:
    if _RECORD.trafilatura_raw is None:  # the first call: fast mode on the cleaned tree
        _RECORD.trafilatura_raw = result


def _candidate(result: tuple[str, str], *_args: Any) -> None:
    _RECORD.candidate, _RECORD.candidate_used = result


def _blocks(result: str | None, *_args: Any) -> None:
    _RECORD.blocks = result or None


def _product_blocks(result: str, *_args: Any) -> None:
    if result:  # asked only when page_blocks took nothing
        _RECORD.blocks, _RECORD.blocks_step = result, "product-blocks"


def _verdict(result: Any, _candidate: str, _used: str, baseline: str, *_args: Any) -> None:
    _RECORD.baseline = baseline
    if result.baseline_won:
        _RECORD.verdict = result.text


def _recall(result: tuple[str, str], *_args: Any) -> None:
    _RECORD.recall = result[0]


def _text_step(step: str) -> Callable[..., None]:
    def after(result: str, text: str, *_args: Any) -> None:
        _RECORD.text_steps.append((step, text, result))

    return after


@contextmanager
def recording() -> Iterator[None]:
    """The functions extract_html calls, wrapped to fill ``_RECORD``; put back on exit."""
    marking = vars(boilerplate_module)["mark_article"]
    setattr(boilerplate_module, "mark_article", _mark_article(marking))  # noqa: B010 - not re-exported
    patched = [
        (boilerplate_module, "mark_article", marking),
        # after the boilerplate rules: wrap_loose_runs, once hooked here, is skipped where a site
        # disables loose-runs (its wrapping moves no text)
        _wrap(extract_module, "remove_boilerplate", _cleaned),
        _wrap(article_module, "trafilatura_text", _trafilatura),
        _wrap(extract_module, "article_text", _candidate),
        _wrap(extract_module, "page_blocks", _blocks),
        _wrap(extract_module, "product_blocks", _product_blocks),
        _wrap(extract_module, "arbitrate", _verdict),
        _wrap(extract_module, "recall_text", _recall),
        *(_wrap(extract_module, name, _text_step(step)) for step, name in TEXT_STEPS),
    ]
    try:
        yield
    finally:
        for module, name, original in patched:
            setattr(module, name, original)


@dataclass
class PageLoss:
    """One page's lost gold shingles, by step."""

    key: str
    group: str
    gold: int
    lost: Counter[str]


def charge(html: str, url: str, gold: str, rules: Any, thread: bool = False) -> tuple[Counter[str], str]:
    """Gold shingles trafilatura keeps and our text lacks, by the step that dropped them; and our text
    (with its comment rows when ``thread``: a wcxb forum page's gold is the whole thread)."""
    global _RECORD
    _RECORD = Recorder()
    try:
        with recording():
            extraction = extract_html(html, url, site_rules=rules, explain=True)
        ours, trace, used = extraction.text, extraction.trace, extraction.extractor_used
        if thread:  # a forum's gold holds the whole thread: the opening post and the replies in order
            ours = "\n\n".join([ours, *(c.text for c in extraction.comments)])
    except Exception:  # a failed page: everything the baseline kept is lost
        ours, trace, used = "", [], "error"
    document = trafilatura.bare_extraction(html, url=url or None, fast=True, include_comments=False)
    theirs = (getattr(document, "text", None) or "") if document is not None else ""
    lost = (shingles(gold) & shingles(theirs)) - shingles(ours)
    charged: Counter[str] = Counter()
    if not lost:
        return charged, ours
    record = _RECORD
    page = TreeText(element_text(parse_html(html)))
    cleaned, in_article = TreeText(record.cleaned), TreeText(record.in_article)
    # a keep rule's row is text it spared or rewrote, not removed: never charged a loss
    removed = [(step.rule, TreeText(step.text)) for step in trace if step.rule not in KEEP_RULES]
    stages = _text_stages(record)
    for shingle, count in lost.items():
        charged[_step_of(shingle, used, page, cleaned, in_article, removed, stages, record.named)] += count
    return charged, ours


class TreeText:
    """A tree's text as shingles, matched loosely: an element's text runs into the next one's with
    no space between them (``healedDo``), so a shingle across the edge of two list items is held
    when its first or last three tokens are."""

    def __init__(self, text: str) -> None:
        self.whole = shingles(text)
        self.threes = set(shingles(text, 3))

    def __contains__(self, shingle: object) -> bool:
        if not isinstance(shingle, tuple):
            return False
        return shingle in self.whole or shingle[:3] in self.threes or shingle[1:] in self.threes


def _text_stages(record: Recorder) -> list[tuple[str, Shingles]]:
    """(step, the text it left) for each text step that ran, in order, from trafilatura's raw text."""
    stages: list[tuple[str, Shingles]] = []
    if record.trafilatura_raw is not None:
        stages.append(("trafilatura", shingles(record.trafilatura_raw)))
    if record.candidate is not None:
        stages.append(
            ("boilerplate-lines" if record.candidate_used == "trafilatura" else "fallbacks", shingles(record.candidate))
        )
    if record.blocks is not None:
        stages.append((record.blocks_step, shingles(record.blocks)))
    if record.verdict is not None:
        stages.append(("arbitration", shingles(record.verdict)))
    if record.recall is not None:
        stages.append(("recall-fallbacks", shingles(record.recall)))
    stages.extend((step, shingles(out)) for step, _text, out in record.text_steps)
    return stages


def _step_of(
    shingle: Shingle,
    used: str,
    page: TreeText,
    cleaned: TreeText,
    in_article: TreeText,
    removed: list[tuple[str, TreeText]],
    stages: list[tuple[str, Shingles]],
    named: bool,
) -> str:
    if used == "forum-opening-post":
        return "forum-opening-post"
    if shingle not in page:
        return "unmatched"
    if shingle not in cleaned:
        return next((rule for rule, held in removed if shingle in held), "removed:untraced")
    held = True
    for step, text in stages:
        if held and shingle not in text:
            if step == "trafilatura":
                where = "in" if shingle in in_article else "outside"
                return f"trafilatura:{where}-{'named' if named else 'page'}-article"
            return step
        held = shingle in text
    return "copies"


def _groups(args: argparse.Namespace) -> Iterator[tuple[str, str, str, str, str]]:
    """(key, group, html, url, gold text) of every page asked for (a wcxb forum's group names it)."""
    if args.tune_pages:
        if HOLDOUT_FOLDER in args.tune_pages.resolve().parts:
            raise SystemExit("bench/recall_loss.py is for tune pages: the holdout is never measured here")
        kinds = set(args.kind.split(",")) if args.kind else None
        for fixture in load_fixtures(args.tune_pages):
            kind = fixture.name.split("/")[0] if "/" in fixture.name else "-"
            if kinds is None or kind in kinds:
                html, _ = decode_html(fixture.html_bytes())
                yield fixture.name, kind, html, fixture.url, "\n".join(fixture.paragraphs)
    if args.wcxb:
        types = set(args.type.split(",")) if args.type else None
        for page in load_wcxb(args.wcxb):
            if page.split == "tune" and (types is None or page.page_type in types):
                yield page.id, f"wcxb:{page.page_type}", page.html, page.url, page.text


def measure(args: argparse.Namespace, perturbation: str, rules: Any) -> list[PageLoss]:
    losses = []
    for key, group, html, url, gold in _groups(args):
        if perturbation != UNPERTURBED:
            html = PERTURBATIONS[perturbation](html, gold)
        charged, _ = charge(html, url, gold, rules, thread=group == "wcxb:forum")
        losses.append(PageLoss(key, group, max(sum(shingles(gold).values()), 1), charged))
    return losses


def print_table(title: str, losses: list[PageLoss], pages: bool) -> None:
    total: Counter[str] = Counter()
    affected: Counter[str] = Counter()
    share: dict[str, float] = defaultdict(float)  # summed share of the page's gold
    movers: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for loss in losses:
        for step, count in loss.lost.items():
            total[step] += count
            affected[step] += 1
            share[step] += count / loss.gold
            movers[step].append((count, loss.key))
    gold = sum(loss.gold for loss in losses)
    print(f"{title}: {len(losses)} pages, {gold} gold shingles, {sum(total.values())} lost that trafilatura keeps")
    print(f"  {'step':<30} {'lost':>7} {'pages':>6} {'per page':>9} {'gold share/page':>16}")
    for step, count in total.most_common():
        per_page = count / affected[step]
        print(f"  {step:<30} {count:>7} {affected[step]:>6} {per_page:>9.1f} {share[step] / affected[step]:>16.3f}")
        if pages:
            worst = sorted(movers[step], reverse=True)[:8]
            print("      " + ", ".join(f"{key} {n}" for n, key in worst))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--tune-pages", type=Path, help="our tune pages (bench/tune_pages)")
    parser.add_argument("--kind", help="only these kinds of tune pages, comma-separated")
    parser.add_argument("--wcxb", type=Path, help="wcxb-dev: its tune pages only")
    parser.add_argument("--type", help="only these wcxb page types, comma-separated (article,service)")
    parser.add_argument("--perturb", default="", help="also under these perturbations (comma-separated)")
    parser.add_argument("--pages", action="store_true", help="the pages that lost most under each step")
    args = parser.parse_args(argv)
    if not args.tune_pages and not args.wcxb:
        parser.error("give --tune-pages, --wcxb or both")
    names = [UNPERTURBED, *(n for n in args.perturb.split(",") if n)]
    if unknown := [n for n in names[1:] if n not in PERTURBATIONS]:
        parser.error(f"unknown perturbation(s): {', '.join(unknown)}")
    rules = load_site_rules()
    for name in names:
        losses = measure(args, name, rules)
        print_table(f"{name}, all", losses, args.pages)
        for group in sorted({loss.group for loss in losses}):
            print_table(f"{name}, {group}", [loss for loss in losses if loss.group == group], args.pages)
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
