"""The boilerplate layer: removes from the page tree what trafilatura would otherwise keep.

Runs after metadata and comments have been read (they need the byline box and the comment
thread), on the page's one tree, in the order of the rule catalogue
(:data:`pipeline.extract.rules.BOILERPLATE_RULES`, each rule by its name there):

1. site rules (``remove`` selectors of the site rule files, :mod:`pipeline.extract.sites`:
   ``site-remove``);
2. hidden elements (``hidden``); then layout tables, and a ``<main>`` that wraps the whole
   page, become divs (:mod:`pipeline.extract.layout_tables`);
3. by tag, the page's ``<header>``, ARIA role and class/id token (``boilerplate-tags``,
   ``page-header``, ``boilerplate-roles``, ``class-id-tokens``: trivia, history, widgets,
   related lists, ads, share bars, forms...);
4. on a page that declares one product, its customers' reviews (``product-reviews``);
5. boilerplate found by its short text (:mod:`pipeline.extract.boxes`): labelled boxes ("Did
   you know?", "You might also Like": ``labelled-boxes``); lone labels ("Advertisement"),
   teasers ending in "more...", today-in-history entries and byline lines
   (``labels-teasers-bylines``); inline reference markers and closing sections ("References",
   "See also": ``inline-markers``, ``closing-sections``);
6. blocks recognised by their text (``text-rules``, :mod:`pipeline.extract.textrules`):
   disclaimers, picture credits, tool-link lines, "Related topics: ..." lines, the authors' bios;
7. then the structure (:mod:`pipeline.extract.article_marking`): an article's own ``<header>``
   keeps its headings and standfirst; on a page without ``<article>``, the container where the
   paragraphs concentrate is named ``<article>``, so trafilatura keeps its headings and lists,
   and ``<article>`` shells before it become divs.

Every rule spares an element that holds the article: see
:class:`pipeline.extract.structure.TextMass`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from lxml import etree
from lxml.html import HtmlElement

from pipeline.extract.article_marking import (
    REGION_TAGS,
    demote_article_shells,
    mark_article,
    open_article_headers,
    wraps_the_page,
)
from pipeline.extract.article_panels import article_panel as _article_panel
from pipeline.extract.article_panels import article_panels as _article_panels
from pipeline.extract.boilerplate_names import (
    BOILERPLATE_ROLES,
    BOILERPLATE_TAGS,
    NOTICE_TOKENS,
    PROTECTED_TAGS,
    WEAK_TOKENS,
)
from pipeline.extract.boxes import closing_sections, inline_markers, labelled_boxes, labels_teasers_bylines
from pipeline.extract.callouts import Callouts
from pipeline.extract.hidden import hidden_elements
from pipeline.extract.html import HEADING_TAGS, drop, element_text, names_of, short_text_hosts
from pipeline.extract.layout_tables import quotes_set_apart, unwrap_layout_tables, unwrap_page_main
from pipeline.extract.markers import CONSENT, marked
from pipeline.extract.review_lists import product_reviews
from pipeline.extract.rules import Trace
from pipeline.extract.structure import ARTICLE_SHARE, TextMass
from pipeline.extract.textrules import text_rule_blocks
from pipeline.extract.token_match import marker_tokens
from pipeline.extract.word_counts import ends_a_sentence, word_count

# A callout inside the article carries a real sentence and few links.
CALLOUT_MIN_CHARS = 80
CALLOUT_MAX_LINK_SHARE = 0.3
# A sentence, not a tagline or a badge ("Consultant-led · Same-week appointments").
SENTENCE_MIN_WORDS = 8
# A notice is a sentence or two ("The views expressed ... do not reflect ...", "We may earn
# money when you click on our links. Read full disclosure.", a drug guide's "Every effort has
# been made to ensure ... Drug information contained herein may be time sensitive.").
NOTICE_MAX_SENTENCES = 2
_SENTENCE_END = re.compile(r"[.!?](?=\s|$)|[\u3002\uff01\uff1f]")  # Japanese and Chinese ends need no space after
# An FAQ accordion writes each question as the <button> that opens its answer ("How long can I
# rent equipment for?"): the page's text, not a control. A control may ask a short question too
# ("Need help?", "How do I choose?"); a question of this many words or more is a sentence.
QUESTION_MIN_WORDS = 5
QUESTION_MARKS = ("?", "\uff1f", "\u061f")  # and the full-width and Arabic question marks
# Only elements that some rule below could remove, found in one walk of the tree. The XPath
# "/descendant::*[@class or @id or ... or self::nav or ... or starts-with(local-name(), 'amp-')]"
# selects the same elements (tests) at 1.7x the cost: libxml2 evaluates each of its 17
# predicates per element (ScrapingHub's 181 pages: 0.36 s -> 0.21 s with the proxies made once
# a page as extract_html makes them, 0.46 -> 0.35 s without).
# An element's attribute names are asked once (``keys()``, one call) against the set, not each
# name by a ``get``: 0.105 -> 0.078 s over ScrapingHub's 181 pages, the same elements.
_CANDIDATE_ATTRIBUTES = frozenset(("class", "id", "role", "data-testid", "data-component"))
_CANDIDATE_TAGS = frozenset(t for t in (*BOILERPLATE_TAGS, "header") if "-" not in t)


def _candidates(root: HtmlElement) -> list[etree._Element]:
    found = []
    unnamed = _CANDIDATE_ATTRIBUTES.isdisjoint
    for element in root.getroottree().getroot().iter(etree.Element):
        tag = element.tag
        if tag in _CANDIDATE_TAGS or tag.startswith("amp-") or not unnamed(element.keys()):
            found.append(element)
    return found


def _inside_kept(element: etree._Element, keep: set[etree._Element]) -> bool:
    return any(node in keep for node in element.iterancestors()) or element in keep


def remove_boilerplate(
    root: HtmlElement,
    remove_selectors: Iterable[str] = (),
    keep: Iterable[etree._Element] = (),
    authors: Iterable[str] = (),
    disabled: Iterable[str] = (),
    trace: Trace | None = None,
    product: bool = False,
    reviews: list[etree._Element] | None = None,
    one_article: bool = False,
) -> int:
    """Remove boilerplate from ``root`` in place; ``keep`` elements (a site's article root) stay.

    ``authors`` (from the metadata) lets the layer recognise the authors' bio boxes; ``product``
    (the page declares one product) its customers' reviews, which go into ``reviews`` when
    given: arbitration does not count their words as the article's text lost; ``one_article``
    (the page declares one article) widens the ``<article>`` it names (:func:`mark_article`). The rules
    run in the order of :data:`pipeline.extract.rules.BOILERPLATE_RULES`; ``disabled`` names
    rules a site turns off; ``trace`` records every element removed and the rule that did it,
    and what the keep rules ``quotes-set-apart`` and ``named-callouts`` rewrote or spared.

    Returns the number of elements removed.
    """
    off = set(disabled)
    kept = set(keep)
    removed = 0

    def run(rule: str, elements: Iterable[etree._Element], respect_keep: bool = True) -> None:
        nonlocal removed
        if rule not in off:
            removed += _drop_all(elements, kept if respect_keep else set(), rule, trace)

    # read before any rule removes a region: the page's own markup, not what is left of it
    tags_name_regions = next(root.iter(*REGION_TAGS), None) is not None
    run("site-remove", (e for selector in remove_selectors for e in root.cssselect(selector)), respect_keep=False)
    run("hidden", hidden_elements(root), respect_keep=False)
    unwrap_layout_tables(root)
    unwrap_page_main(root)
    if "quotes-set-apart" not in off:
        quotes_set_apart(root, trace)
    mass = TextMass(root)
    callouts = Callouts(root, "named-callouts" not in off, trace)
    for rule, elements in _marked_candidates(root, mass, callouts).items():
        run(rule, elements)
    if product:
        found = product_reviews(root, mass)
        if reviews is not None and "product-reviews" not in off:
            reviews.extend(e for e in found if not _inside_kept(e, kept))
        run("product-reviews", found)
    hosts = short_text_hosts(root)
    run("labelled-boxes", labelled_boxes(hosts, mass))
    run("labels-teasers-bylines", labels_teasers_bylines(hosts))
    run("inline-markers", inline_markers(hosts))
    run("closing-sections", closing_sections(root, mass))
    run("text-rules", text_rule_blocks(hosts, mass, list(authors)))
    open_article_headers(root)
    # Presentational wrappers (<font>, <center>) stay: unwrapping them was measured to move 3
    # pages, all but one of them lower (bench/extract_ablate.py; docs/extraction-rules.md).
    mark_article(mass, one_article, tags_name_regions)
    demote_article_shells(root, mass)
    return removed


def _marked_candidates(root: HtmlElement, mass: TextMass, callouts: Callouts) -> dict[str, list[etree._Element]]:
    """Elements to remove by tag, page header, ARIA role or class/id token, by rule name."""
    found: dict[str, list[etree._Element]] = {
        "boilerplate-tags": [],
        "page-header": [],
        "boilerplate-roles": [],
        "class-id-tokens": [],
    }
    panels = _article_panels(mass)
    headline_holders = _headline_holders(root)
    for element in _candidates(root):
        if element.getparent() is None:
            continue
        tag = element.tag
        if tag in BOILERPLATE_TAGS and not mass.is_article_like(element):
            if tag == "aside" and (_in_article_callout(element, mass) or callouts.spare_if_callout(element)):
                element.tag = "div"  # trafilatura drops every <aside>; this one is the article's
            elif tag == "button" and (_asks_a_question(element) or _heads_its_heading(element)):
                # trafilatura drops every <button>; this one is a question, in its heading or alone
                element.tag = "span" if element.getparent().tag in HEADING_TAGS else "p"
            else:
                found["boilerplate-tags"].append(element)
            continue
        if tag == "header" and not any(a.tag in ("article", "main") for a in element.iterancestors()):
            if not wraps_the_page(element, mass):
                found["page-header"].append(element)
            continue
        role = (element.get("role") or "").lower()
        if role in BOILERPLATE_ROLES and not mass.is_article_like(element) and not _misused_landmark(element, role):
            found["boilerplate-roles"].append(element)
            continue
        # A heading's id is its own anchor ("blood-pressure-categories"), not a box's name; so is
        # an id spelled from the element's own heading (a section's "1-heading-how-popular-are-...").
        # The slug test reads the element's text: asked only when the id's words match a token.
        ident = "" if tag in HEADING_TAGS else (element.get("id") or "")
        names = names_of(element)
        tokens = marker_tokens(f"{names} {ident}".lower())
        if tokens is not None and ident and _heading_slug(element, ident):
            tokens = marker_tokens(f"{names} ".lower())
        if tokens is None:
            continue
        strong, matched = tokens
        if element.tag in PROTECTED_TAGS or element in mass.protected or element in headline_holders:
            continue
        if _token_spares(element, matched):
            continue
        if panels and _article_panel(element, names, panels):
            continue
        if (
            (strong and mass.chars.get(element, 0) < ARTICLE_SHARE * mass.total)
            or not mass.is_article_like(element)
            or marked(element, CONSENT)  # a consent dialog is never the article, however long
        ) and not callouts.spare_if_callout(element):
            found["class-id-tokens"].append(element)
    return found


def _headline_holders(root: etree._Element) -> set[etree._Element]:
    """The ancestors of the page's only ``<h1>``: the element holding the headline holds the
    article, whatever its class says (a product page's container named ``infobox``: the
    token-infobox perturbation, whose anchor is often not on that branch). None when the page
    has several ``<h1>`` with text (a listing's headlines say nothing of where the article is);
    an empty one (a logo's) is not counted."""
    headlines = [h for h in root.xpath("//body//h1") if h.text_content().strip()]
    if len(headlines) != 1:
        return set()
    return {a for a in headlines[0].iterancestors() if a.tag not in ("html", "body")}


# An id of this many words or more, most of them (SLUG_WORD_SHARE) among the first words of the
# element's own text, was written from its heading by the site's software (a table of contents'
# anchor: "A_Alignment_with_Customers_Menu_and_Pricing", "1-heading-how-popular-are-meditation"),
# not chosen to name a box; a token in it ("menu", "popular") says nothing about the element.
# Two-word ids ("related-posts", "most-popular") are names. Inside a heading or holding a
# sentence only: a related-posts box titled "You may also like" under id "you-may-also-like" is
# a list of titles.
SLUG_MIN_WORDS = 3
SLUG_WORD_SHARE = 0.8
_ID_WORD = re.compile(r"[a-z]{2,}")


def _heading_slug(element: etree._Element, ident: str) -> bool:
    words = _ID_WORD.findall(ident.lower())
    if len(words) < SLUG_MIN_WORDS:
        return False
    start = set(_ID_WORD.findall(element_text(element)[:SLUG_TEXT_CHARS].lower()))
    if sum(w in start for w in words) < SLUG_WORD_SHARE * len(words):
        return False
    return any(a.tag in HEADING_TAGS for a in element.iterancestors()) or _says_something(element)


# The first characters of an element's text a slug id is read against: a heading's length.
SLUG_TEXT_CHARS = 200


def _token_spares(element: etree._Element, matched: frozenset[str]) -> bool:
    """The element's tokens are all of one kind whose condition its content fails: weak tokens
    over a sentence, notice tokens over more sentences than a notice."""
    if matched <= WEAK_TOKENS:
        return _says_something(element)
    if matched <= NOTICE_TOKENS:
        return len(_SENTENCE_END.findall(element_text(element))) > NOTICE_MAX_SENTENCES
    return False


def _says_something(element: etree._Element) -> bool:
    """A block of the element is a sentence (SENTENCE_MIN_WORDS words ending in a full stop):
    the page's pitch or a product's features, not a tagline, badges and buttons."""
    for block in element.iter("p", "li", "div", "span", "dd"):
        text = element_text(block)
        if word_count(text) >= SENTENCE_MIN_WORDS and ends_a_sentence(text):
            return True
    return False


# Landmarks of the whole page: inside <main> or <article> such a role is misused markup (a
# product page's feature panels marked role=banner), not the page's header or footer.
_PAGE_LANDMARKS = frozenset({"banner", "contentinfo"})


def _misused_landmark(element: etree._Element, role: str) -> bool:
    return role in _PAGE_LANDMARKS and any(a.tag in ("main", "article") for a in element.iterancestors())


def _in_article_callout(aside: etree._Element, mass: TextMass) -> bool:
    """An <aside> inside the article's own container that says something ("Need to talk to
    someone? Call our helpline on ..."), rather than a sidebar, a list of links or a promo."""
    if mass.anchor is None or not any(a is mass.anchor for a in aside.iterancestors()):
        return False
    text = element_text(aside)
    linked = sum(len(element_text(a)) for a in aside.iter("a"))
    prose = [p for p in aside.iter("p") if len(element_text(p)) >= CALLOUT_MIN_CHARS]
    no_form = next(aside.iter("form", "input", "button"), None) is None
    return bool(prose) and no_form and linked <= CALLOUT_MAX_LINK_SHARE * len(text)


def _asks_a_question(button: etree._Element) -> bool:
    """A button that is an accordion's question, a sentence ending in a question mark."""
    text = element_text(button).strip()
    return text.endswith(QUESTION_MARKS) and word_count(text) >= QUESTION_MIN_WORDS


def _heads_its_heading(button: etree._Element) -> bool:
    """A button that is all of a heading's text (``heading-buttons``): WAI-ARIA's accordion
    pattern wraps each panel's header button in a heading (``<h3><button aria-expanded>Limit
    naps</button></h3>``), so the button's label is the heading of the text it opens, whether or
    not it asks a question ("Regular sleep", "Is AFib hereditary?" of 3 words)."""
    parent = button.getparent()
    if parent is None or parent.tag not in HEADING_TAGS:
        return False
    label = " ".join(element_text(button).split())
    return bool(label) and label == " ".join(element_text(parent).split())


def _drop_all(
    elements: Iterable[etree._Element], kept: set[etree._Element], rule: str = "", trace: Trace | None = None
) -> int:
    count = 0
    # everything above a kept element, gathered once: a set lookup per candidate instead of a
    # walk over every kept element's ancestors (a selector can match thousands of elements)
    above_kept = {a for k in kept for a in k.iterancestors()}
    for element in elements:
        if element.getparent() is None or _inside_kept(element, kept):
            continue
        if element in above_kept:
            continue  # would take the kept article root with it
        if trace is not None:
            trace.record(rule, element)
        drop(element)
        count += 1
    return count
