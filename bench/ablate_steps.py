"""The steps bench/extract_ablate.py turns off that are not named rules: for each, a wrapper that
records when the step changed something on the page being extracted, and the swaps that turn it
off (``ABLATIONS``). The wrappers and swaps replace pipeline functions by module and name, so a
rename in the pipeline fails tests/test_ablation_bench.py rather than silently measuring nothing.
"""

from __future__ import annotations

import contextlib
import importlib
from collections.abc import Callable, Iterator
from typing import Any

from ablate_arbitration import Arbitration, arbitrating, menu_exemption_off, without_branch

import pipeline.extract as E
from pipeline.extract.arbitrate import recall_text
from pipeline.extract.article import article_text
from pipeline.extract.blocks import page_blocks, product_blocks
from pipeline.extract.comments import find_comments
from pipeline.extract.html import INLINE_TAGS

# The modules themselves (``pipeline.extract.arbitrate`` is also the name of a function there).
A = importlib.import_module("pipeline.extract.arbitrate")
T = importlib.import_module("pipeline.extract.article")
PB = importlib.import_module("pipeline.extract.blocks")
B = importlib.import_module("pipeline.extract.boilerplate")
H = importlib.import_module("pipeline.extract.hidden")
X = importlib.import_module("pipeline.extract.boxes")
S = importlib.import_module("pipeline.extract.structure")
M = importlib.import_module("pipeline.extract.article_marking")

FIRED: set[str] = set()  # steps that changed something on the page being extracted


def _fire(step: str, changed: object) -> None:
    if changed:
        FIRED.add(step)


# --- the non-rule steps: a detector wrapper (records that the step changed something) and "off" ---

_ORIGINAL = {
    "unwrap_layout_tables": B.unwrap_layout_tables,
    "open_article_headers": B.open_article_headers,
    "mark_article": B.mark_article,
    "demote_article_shells": B.demote_article_shells,
    "shown_later": H._shown_later,
    "hidden_elements": B.hidden_elements,  # as pipeline.extract.boilerplate imports it
    "article_panel": B._article_panel,
    "leads_a_sentence": X._leads_a_sentence,
    "holds_code": X._holds_code,
    "in_card": X._in_card,
    "with_sibling_sections": M._with_sibling_sections,
    "disclosed_panel": H._disclosed_panel,
    "heads_its_heading": B._heads_its_heading,
    "component_stream": M._component_stream,
    "from_the_headline": M._from_the_headline,
    "is_sidebar": S._is_sidebar,
    "is_navigation": S._is_navigation,
    "link_list": H._link_list,
    "clones": H._clones,
    "TextMass": B.TextMass,
    "outside_footer": S._outside_footer,
    "beside_card_data": PB._beside_card_data,
    "only_page_level": PB._only_page_level,
    "drop_boilerplate_lines": T.drop_boilerplate_lines,
    "find_comments": find_comments,  # as pipeline.extract imports them
    "recall_text": recall_text,
    "article_text": article_text,
    "page_blocks": page_blocks,
    "product_blocks": product_blocks,
    "without_comment_lines": E._without_comment_lines,
    "without_headline": E._without_headline,
}


def _flags(step: str, original: str) -> Callable[..., bool]:
    """A predicate's detector: the step fired where the predicate said yes."""

    def detect(*args: Any) -> bool:
        said = bool(_ORIGINAL[original](*args))
        _fire(step, said)
        return said

    return detect


def _edits(step: str, original: str) -> Callable[..., str]:
    """A text filter's detector: the step fired where the text came out changed."""

    def detect(text: str, *rest: Any) -> str:
        result: str = _ORIGINAL[original](text, *rest)
        _fire(step, result != text)
        return result

    return detect


def _detect_layout(root: Any) -> int:
    count = _ORIGINAL["unwrap_layout_tables"](root)
    _fire("layout-tables", count)
    return int(count)


def _detect_headers(root: Any) -> None:
    headers = [h for h in root.iter("header") if any(a.tag in ("article", "main") for a in h.iterancestors())]
    _fire("article-headers", headers)
    _ORIGINAL["open_article_headers"](root)


def _detect_mark(mass: Any, one_article: bool = False, tags_name_regions: bool = True) -> None:
    anchor = mass.anchor
    before = anchor.tag if anchor is not None else None
    # the bound mark_article names (main-role: a role="main" block where no tag names a region)
    main = (
        next((a for a in anchor.iterancestors() if M._is_main(a, not tags_name_regions)), None)
        if anchor is not None
        else None
    )
    main_before = main.tag if main is not None else None
    _ORIGINAL["mark_article"](mass, one_article, tags_name_regions)
    _fire(
        "mark-article", (anchor is not None and anchor.tag != before) or (main is not None and main.tag != main_before)
    )


def _detect_shells(root: Any, mass: Any) -> list[Any]:
    shells: list[Any] = _ORIGINAL["demote_article_shells"](root, mass)
    _fire("article-shells", shells)
    return shells


def _detect_climb(anchor: Any, mass: Any, one_article: bool = False) -> Any:
    chosen = _ORIGINAL["with_sibling_sections"](anchor, mass, one_article)
    with patched((M, "WRAPPER_CLIMB_MAX", 0), (M, "ARTICLE_WRAPPER_CLIMB_MAX", 0)):
        _fire("wrapper-climb", chosen is not _ORIGINAL["with_sibling_sections"](anchor, mass, one_article))
    if one_article:
        _fire("one-article-climb", chosen is not _ORIGINAL["with_sibling_sections"](anchor, mass, False))
    return chosen


def _detect_stream(element: Any, mass: Any) -> Any:
    chosen = _ORIGINAL["component_stream"](element, mass)
    _fire("split-article", chosen is not element)
    return chosen


def _detect_headline(element: Any, mass: Any) -> Any:
    chosen = _ORIGINAL["from_the_headline"](element, mass)
    _fire("headline-article", chosen is not element)
    return chosen


def _detect_link_text(root: Any) -> Any:
    mass = _ORIGINAL["TextMass"](root)
    with patched((S, "_OWN_TEXT_INLINE", INLINE_TAGS)):
        _fire("anchor-link-text", mass.anchor is not _ORIGINAL["TextMass"](root).anchor)
    return mass


def _detect_footer(ranked: Any, anchor: Any) -> Any:
    chosen = _ORIGINAL["outside_footer"](ranked, anchor)
    _fire("footer-anchor", chosen is not anchor)
    return chosen


def _detect_comments(*args: Any, **kwargs: Any) -> Any:
    scan = _ORIGINAL["find_comments"](*args, **kwargs)
    _fire("forum-opening-post", scan.opening_post_text)
    return scan


def _detect_arbitrate(call: Arbitration) -> Any:
    if not call.site_rule:
        FIRED.update(call.branches())
    return call.verdict()


def _detect_recall(html: str, url: str) -> tuple[str, str]:
    FIRED.add("recall-fallback")
    result: tuple[str, str] = _ORIGINAL["recall_text"](html, url)
    return result


def _detect_article(tree: Any, url: str, site_root: Any = None, fast: bool = True) -> tuple[str, str]:
    text, used = _ORIGINAL["article_text"](tree, url, site_root, fast=fast)
    _fire("article-fallbacks", used not in ("trafilatura", "site-rule"))
    return text, used


def _detect_page_blocks(tree: Any, text: str, one_item: bool, visible: int) -> str:
    result: str = _ORIGINAL["page_blocks"](tree, text, one_item, visible)
    _fire("page-blocks", result)
    return result


def _detect_product_blocks(tree: Any, text: str) -> str:
    result: str = _ORIGINAL["product_blocks"](tree, text)
    _fire("product-blocks", result)
    return result


def _detect_hidden_kinds(root: Any) -> list[Any]:
    """``hidden``'s removals, each fired under the kinds of hiding markup the element carries
    that the rule removes."""
    found: list[Any] = _ORIGINAL["hidden_elements"](root)
    for element in found:
        FIRED.update(f"hidden:{kind}" for kind in H.hiding_kinds(element) if kind in H.REMOVED_HIDING_KINDS)
    return found


def _detect_clones(*args: Any) -> list[Any]:
    found: list[Any] = _ORIGINAL["clones"](*args)
    _fire("hidden:clones", found)
    return found


def _hidden_without(kind: str) -> tuple[tuple[Any, str, Any], ...]:
    return ((H, "REMOVED_HIDING_KINDS", H.REMOVED_HIDING_KINDS - {kind}),)


DETECTORS: tuple[tuple[Any, str, Any], ...] = (
    (B, "hidden_elements", _detect_hidden_kinds),
    (B, "unwrap_layout_tables", _detect_layout),
    (B, "open_article_headers", _detect_headers),
    (B, "mark_article", _detect_mark),
    (B, "demote_article_shells", _detect_shells),
    (H, "_shown_later", _flags("hidden:shown-panels", "shown_later")),
    (B, "_article_panel", _flags("article-panels", "article_panel")),
    (X, "_leads_a_sentence", _flags("lead-in-labels", "leads_a_sentence")),
    (X, "_holds_code", _flags("code-samples", "holds_code")),
    (X, "_in_card", _flags("card-bylines", "in_card")),
    (M, "_with_sibling_sections", _detect_climb),
    (H, "_disclosed_panel", _flags("disclosed-panels", "disclosed_panel")),
    (B, "_heads_its_heading", _flags("heading-buttons", "heads_its_heading")),
    (M, "_component_stream", _detect_stream),
    (M, "_from_the_headline", _detect_headline),
    (S, "_is_sidebar", _flags("sidebar-anchor", "is_sidebar")),
    (S, "_is_navigation", _flags("nav-prose", "is_navigation")),
    (H, "_link_list", _flags("hidden:link-lists", "link_list")),
    (H, "_clones", _detect_clones),
    (B, "TextMass", _detect_link_text),
    (S, "_outside_footer", _detect_footer),
    (PB, "_beside_card_data", _flags("card-links", "beside_card_data")),
    (PB, "_only_page_level", _flags("page-level-types", "only_page_level")),
    (T, "drop_boilerplate_lines", _edits("boilerplate-lines", "drop_boilerplate_lines")),
    (A, "drop_boilerplate_lines", _edits("boilerplate-lines", "drop_boilerplate_lines")),
    (PB, "drop_boilerplate_lines", _edits("boilerplate-lines", "drop_boilerplate_lines")),
    (E, "find_comments", _detect_comments),
    (E, "arbitrate", arbitrating(_detect_arbitrate)),
    (E, "recall_text", _detect_recall),
    (E, "article_text", _detect_article),
    (E, "page_blocks", _detect_page_blocks),
    (E, "product_blocks", _detect_product_blocks),
    (E, "_without_comment_lines", _edits("comment-lines", "without_comment_lines")),
    (E, "_without_headline", _edits("headline-strip", "without_headline")),
)


@contextlib.contextmanager
def patched(*swaps: tuple[Any, str, Any]) -> Iterator[None]:
    saved = [(module, name, getattr(module, name)) for module, name, _ in swaps]
    try:
        for module, name, value in swaps:
            setattr(module, name, value)
        yield
    finally:
        for module, name, value in saved:
            setattr(module, name, value)


def _opening_post_off(*args: Any, **kwargs: Any) -> Any:
    """The thread read as on any page: the opening post stays in the tree, the replies go."""
    scan = _ORIGINAL["find_comments"](*args, **kwargs)
    if scan.opening_post_text:
        opening = {id(node) for node in scan.opening_post_nodes}
        scan.regions = [r for r in scan.regions if id(r) not in opening]
        scan.opening_post_text = None
        scan.opening_post_nodes = []
    return scan


def _article_fast_only(tree: Any, url: str, site_root: Any = None, fast: bool = True) -> tuple[str, str]:
    text, used = _ORIGINAL["article_text"](tree, url, site_root, fast=fast)
    if used in ("trafilatura", "site-rule"):
        return text, used
    return T.drop_boilerplate_lines(T.trafilatura_text(tree, url, fast=fast)), "trafilatura"


def _identity(value: Any, *_: Any) -> Any:
    return value


def _nothing(*_: Any) -> int:
    return 0


# Each non-rule step: what it does, and the swaps that turn it off.
ABLATIONS: dict[str, tuple[str, tuple[tuple[Any, str, Any], ...]]] = {
    "layout-tables": ("tables used for layout become divs", ((B, "unwrap_layout_tables", _nothing),)),
    "article-headers": (
        "an article's <header> keeps only headings and standfirst",
        ((B, "open_article_headers", _nothing),),
    ),
    "mark-article": (
        "the structure step's root: the anchor (or its <main>) named <article>",
        ((B, "mark_article", _nothing),),
    ),
    "article-shells": (
        "<article> shells before the anchor's article become divs",
        ((B, "demote_article_shells", lambda _r, _m: []),),
    ),
    "article-panels": (
        "a token the article's own panel carries does not remove its sibling panels",
        ((B, "_article_panel", lambda _e, _n, _p: False),),
    ),
    "lead-in-labels": (
        "an inline label leading a sentence of its paragraph is no box heading",
        ((X, "_leads_a_sentence", lambda _l: False),),
    ),
    "code-samples": (
        "a labelled box that is mostly code is a code sample under its caption, no box",
        ((X, "_holds_code", lambda _b: False),),
    ),
    "card-bylines": (
        "a byline in a listed card (an <li> or <article> among 3+, its heading a link) is the card's data",
        ((X, "_in_card", lambda _e: False),),
    ),
    "wrapper-climb": (
        "mark-article's sibling sections looked for above the anchor's wrappers",
        ((M, "WRAPPER_CLIMB_MAX", 0),),
    ),
    "one-article-climb": (
        "on a page declaring one article: 6 wrapper levels, from a list too, siblings' paragraphs summed, no share",
        (
            (
                M,
                "_with_sibling_sections",
                lambda anchor, mass, _one=False: _ORIGINAL["with_sibling_sections"](anchor, mass),
            ),
        ),
    ),
    "sidebar-anchor": (
        "the anchor is never in a sidebar beside prose; a sidebar is never the article for its size",
        ((S, "_is_sidebar", lambda _e: False),),
    ),
    "anchor-link-text": (
        "a block's text inside links is not its own when the anchor is scored (a menu is no paragraph)",
        ((S, "_OWN_TEXT_INLINE", INLINE_TAGS),),
    ),
    "footer-anchor": (
        "the anchor is never in the page's <footer> (its fine print is paragraphs too)",
        ((S, "_outside_footer", lambda _r, anchor: anchor),),
    ),
    "card-links": (
        "a block's one short link beside a card's data stays in the page blocks (no menu entry)",
        ((PB, "_beside_card_data", lambda _b, _s: False),),
    ),
    "page-level-types": (
        "JSON-LD WebPage, FAQPage or ItemPage alone does not declare one article (page-blocks' share)",
        ((PB, "_only_page_level", lambda _t: False),),
    ),
    "hidden:shown-panels": (
        "collapsed panels and React segments shown, not removed",
        ((H, "_shown_later", lambda _e: False),),
    ),
    "hidden:attribute": ("elements with the hidden attribute removed", _hidden_without("attribute")),
    "hidden:link-lists": ("hidden lists of links (aria-hidden menus) removed", ((H, "_link_list", lambda _e: False),)),
    "hidden:clones": ("hidden copies of shown text (cloned slides) removed", ((H, "_clones", lambda *_: []),)),
    "nav-prose": (
        "a navigation landmark is no article for its paragraphs",
        ((S, "_is_navigation", lambda _e: False),),
    ),
    "hidden:display": ("elements styled display:none removed", _hidden_without("display")),
    "hidden:visibility": ("elements styled visibility:hidden removed", _hidden_without("visibility")),
    "boilerplate-lines": (
        "last guard: lone labels, teaser lines",
        (
            (T, "drop_boilerplate_lines", _identity),
            (A, "drop_boilerplate_lines", _identity),
            (PB, "drop_boilerplate_lines", _identity),
        ),
    ),
    "forum-opening-post": ("a forum's opening post is the article", ((E, "find_comments", _opening_post_off),)),
    "arbitrate:short": (
        "a candidate under 250 chars yields to a longer baseline",
        ((E, "arbitrate", without_branch("arbitrate:short")),),
    ),
    "arbitrate:menu-exemption": (
        "... unless the baseline is a menu",
        ((E, "arbitrate", arbitrating(menu_exemption_off)),),
    ),
    "arbitrate:keep-share": (
        "a candidate keeping < 60% of the baseline's words yields",
        ((E, "arbitrate", without_branch("arbitrate:keep-share")),),
    ),
    "arbitrate:thread-share": (
        "a forum thread (3+ replies) needs only 40%",
        ((E, "arbitrate", without_branch("arbitrate:thread-share")),),
    ),
    "arbitrate:thread-chrome": (
        "the thread's template words are not counted as lost",
        ((E, "arbitrate", without_branch("arbitrate:thread-chrome")),),
    ),
    "recall-fallback": (
        "under 250 chars: trafilatura recall / readability on the page",
        ((E, "recall_text", lambda _h, _u: ("", "none")),),
    ),
    "article-fallbacks": (
        "candidate: balanced mode, then the body's blocks, when fast is short",
        ((E, "article_text", _article_fast_only),),
    ),
    "page-blocks": (
        "the cleaned body's blocks when trafilatura kept a small share of them",
        ((E, "page_blocks", lambda _t, _x, _o, _v: ""),),
    ),
    "product-blocks": (
        "a declared product's one <article> as blocks when trafilatura kept under 60% of it",
        ((E, "product_blocks", lambda _t, _x: ""),),
    ),
    "comment-lines": (
        "lines that are comments' text removed from the article",
        ((E, "_without_comment_lines", _identity),),
    ),
    "headline-strip": ("the headline line removed from the text's start", ((E, "_without_headline", _identity),)),
    "disclosed-panels": (
        "a hidden panel a button's aria-controls opens (aria-expanded) is shown, whatever its names",
        ((H, "_disclosed_panel", lambda _e, _d: False),),
    ),
    "heading-buttons": (
        "a button that is all of its heading's text is the heading (WAI-ARIA accordion), not a control",
        ((B, "_heads_its_heading", lambda _b: False),),
    ),
    "split-article": (
        "the named <article> is the parent of the component stream the anchor stands in (80% of the prose)",
        ((M, "_component_stream", lambda element, _m: element),),
    ),
    "headline-article": (
        "the named <article> is widened to the block holding it and the page's one <h1> before it (prose only)",
        ((M, "_from_the_headline", lambda element, _m: element),),
    ),
}
