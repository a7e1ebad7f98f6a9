"""Page blocks: the cleaned page's own blocks where trafilatura kept one section of them.

On a service, listing or collection page trafilatura keeps the pitch or one section and prunes
the rest (feature grids, cards, plan tables) as link-dense or teaser-like; the page's text is
made of them. :func:`page_blocks` takes the cleaned ``<body>``'s blocks instead when
trafilatura's text is a small share of them, by a share that depends on whether the page
declares itself one article or one product (:func:`declares_one_item`); lone short links (menu
entries), what precedes the page's one ``<h1>`` (the header's chrome) and the run of link lists
that ends the page (its footer) are left out.
Called by :func:`pipeline.extract.extract_html` after step 2 of
:mod:`pipeline.extract.article`'s fallback order.
"""

from __future__ import annotations

import copy
import re

from lxml import etree

from pipeline.extract.article import drop_boilerplate_lines, render_html
from pipeline.extract.html import HEADING_TAGS, INLINE_TAGS, collapse, drop, element_text
from pipeline.extract.jsonld import ARTICLE_TYPES

# A page that does not declare itself one article or one product (no JSON-LD article, Product
# or ProductGroup type, og:type not "article" or "product") whose trafilatura text holds under
# this share of its cleaned blocks is a service, listing or collection page: trafilatura kept
# its pitch or one section and pruned the rest (feature grids, cards' titles and blurbs, plan
# tables: link-dense or teaser-like to it), which the page's own text is made of. Measured on
# the wcxb-dev tune pages (352 not forums; the candidate and the cleaned body's blocks of each
# replayed): F1 is flat from 0.3 to 0.35 (0.25: service and listing pages lose); no
# ScrapingHub news page qualifies up to 0.7.
PAGE_BLOCKS_SHARE = 0.3
# A page that declares one article or one product: only under this share did trafilatura read
# a fragment (a teaser, a form's lead-in) of a page whose text is elsewhere; a product's page
# around its description holds offers, reviews and recommendations its text leaves out (wcxb-dev
# tune: the four Product pages between 0.1 and 0.3 lost 0.09-0.91 each with the blocks). Flat
# from 0.08 to 0.15 on wcxb-dev tune; ScrapingHub's news pages hold 0.15 or more.
PAGE_BLOCKS_SHARE_ANY = 0.1
# Under this share the blocks are a catalogue or a feed (100,000 characters of prices and
# labels around 1,300 of prose on wcxb-dev tune's two cases): no better a text than trafilatura's.
# On tune, the three pages under 0.025 lost 0.16-0.76 each with the blocks, and the eight from
# 0.03 to 0.06 gained 0.13-0.78.
PAGE_BLOCKS_MIN_SHARE = 0.025
# A link of this many words or fewer that is all of its block's text ("About us", "Bestsellers",
# "Classes & Events") is a menu or footer entry the boilerplate layer missed; it is left out of
# the page's blocks (not out of a heading: a card's title). On wcxb-dev tune's pages that take
# the blocks: leaked `without` sentences 35 -> 21, F1 -0.006 over those pages. A block's one
# such link beside text that is no link (a card's or a table row's data: a book's author by its
# rating, a provider's web address) is that card's, and stays (session 11: the 33 tune pages that
# take the blocks +0.267 summed, 2908 +0.110, 0204 +0.138, 1244 -0.086 its other gold).
LONE_LINK_MAX_WORDS = 3
# ... and a card's data is a line beside each card, not one line somewhere in the container: a
# mega menu in plain divs holds dozens of short links beside one promo line or a few group
# labels, which no name or tag gives away on a template not seen before. The container's text
# outside links and headings must hold this many pieces per link (session 16, 9g: wcxb-dev tune
# under bench/perturb.py's opaque-template, service P 0.776 -> 0.778, 0712 +0.046, 2840 +0.019,
# 2910 +0.011, 0718 +0.007, none lower; unperturbed one collection page +0.001; 0.5 cost a
# collection's cards, 0652 -0.010 opaque, 2970 -0.005 unperturbed).
CARD_DATA_PER_LINK = 0.25
# The page's footer, written in plain <div>s (no <footer>, no name a rule knows), is the run of
# blocks that ends the page at the level where the <h1>'s block has siblings, each a list of
# links: this share of its letters in links (a card grid's blurbs and a prose section's sentences
# are not) ...
FOOTER_LINK_SHARE = 0.5
# ... of this many words on average ("Privacy", "Site map", "Contact sales": a footer's entries;
# a listing's card titles are longer) ...
FOOTER_LINK_MAX_WORDS = 3
# ... and together no more than this share of the page's letters: a run of link lists that big is
# the page's own catalogue, not its footer. Session 17 (9g), wcxb-dev tune pages that take the
# blocks: unperturbed 0242 +0.011 and no other page moved; under bench/perturb.py's
# opaque-template 14 pages up (0690 +0.076, 0192 +0.026, 0702 +0.018, 2926 +0.017...), none
# down. Without the average link length and this cap, or as any link-dense sibling rather than
# the final run: card grids went (0640 -0.530, 2926 -0.467 unperturbed, 0216 -0.832 opaque).
FOOTER_MAX_SHARE = 0.3
# A page that declares one product (:func:`declares_product`) and whose trafilatura text holds
# under this share of its one <article>'s blocks (the page's own, or the one the structure step
# named) takes those blocks (``product-blocks``): trafilatura pruned the item's list-like parts,
# its feature bullets, spec rows and "details" slides, as teaser or link-like text. Measured on
# wcxb-dev tune (session 20, the 39 product pages): the six pages under 0.6 moved, 0580 +0.289,
# 3026 +0.242, 3062 +0.224, 0598 +0.162, 0610 +0.126, 2888 -0.020 (its seller's panel): product
# F1 0.612 -> 0.635, no `without` sentence more, no other page type moved. 0.4 and 0.5 keep two
# and three of the gains; from 0.62 up (0592, 0616, 0628) the <article> also holds the shop's
# cross-sells and reviews, each lost 0.12-0.23 and leaks rose.
PRODUCT_BLOCKS_SHARE = 0.6
_JSONLD_ONE_ITEM = frozenset({"product", "productgroup"})
_ARTICLE_TYPES = frozenset(ARTICLE_TYPES)
# Schema.org's generic page types, which SEO plugins (Yoast, Rank Math) write on every page of a
# site, a service's pitch and a shop's category as much as a post: with no other article type
# they do not make the page one article, and its blocks need only PAGE_BLOCKS_SHARE. Measured on
# wcxb-dev tune (session 11): 5 pages moved, 1518 +0.199, 2848 +0.191, 2954 +0.152, 0062 +0.116
# against 0112 -0.206 (a course page whose trafilatura text the baseline rule had restored);
# ScrapingHub and the holdout unchanged. ``og:type`` "article" as no sign either (WordPress writes
# it on every post) lifted five more tune pages (+0.96) but cost ScrapingHub 1.92 over three
# news pages, each from 1.000 to under 0.45: it stays a sign.
_PAGE_LEVEL_TYPES = frozenset({"webpage", "itempage", "faqpage"})
_OG_ONE_ITEM = frozenset({"article", "product"})


def declares_one_item(root: etree._Element, jsonld_types: set[str]) -> bool:
    """The page says it is one article or one product: a JSON-LD article type other than a
    page-level one alone (:func:`_only_page_level`), a Product or ProductGroup, or ``og:type``
    "article" or "product"."""
    articles = jsonld_types & _ARTICLE_TYPES
    if (articles and not _only_page_level(articles)) or jsonld_types & _JSONLD_ONE_ITEM:
        return True
    return any(v.strip().lower() in _OG_ONE_ITEM for v in _OG_TYPE(root))


def _only_page_level(article_types: set[str]) -> bool:
    """The page's JSON-LD article types are page-level ones (WebPage, FAQPage, ItemPage), which SEO
    plugins write on every page of a site: no sign that it is one article (session 11)."""
    return article_types <= _PAGE_LEVEL_TYPES


_OG_TYPE = etree.XPath("//meta[@property='og:type']/@content")
# Microdata items around the page's headline (`microdata-product`, session 12): a shop that
# writes no JSON-LD marks its product with ``itemtype="http://schema.org/Product"``, and the
# item that holds the page's <h1> is the page's own product; a card's item in a grid or a
# carousel ("you may also like") holds no <h1>. On wcxb-dev tune, microdata Product is on 10
# pages, all product pages (6 declared it no other way); none of the listings or collections.
_HEADLINE_ITEM_TYPES = etree.XPath("//h1/ancestor::*[@itemtype]/@itemtype")
_MICRODATA_PRODUCT = re.compile(r"schema\.org/(?:Product|ProductGroup)/?$", re.IGNORECASE)


def _headline_in_product_item(root: etree._Element) -> bool:
    """The page's <h1> sits inside a microdata Product (or ProductGroup) item."""
    return any(_MICRODATA_PRODUCT.search(t) for v in _HEADLINE_ITEM_TYPES(root) for t in str(v).split())


def declares_product(root: etree._Element, jsonld_types: set[str]) -> bool:
    """The page says it sells one thing: a JSON-LD Product or ProductGroup, ``og:type``
    "product", or a microdata Product item around its <h1> (its customers' reviews are then
    not its text: ``product-reviews``)."""
    if jsonld_types & _JSONLD_ONE_ITEM:
        return True
    return any(v.strip().lower() == "product" for v in _OG_TYPE(root)) or _headline_in_product_item(root)


def page_blocks(tree: etree._Element, text: str, one_item: bool, visible_chars: int) -> str:
    """The cleaned ``<body>``'s blocks when trafilatura's ``text`` holds a small share of them
    (PAGE_BLOCKS_SHARE, PAGE_BLOCKS_SHARE_ANY, not under PAGE_BLOCKS_MIN_SHARE), else "".
    Rendered only when the text is that small a share of the page's visible characters (an
    upper bound of the blocks'); the blocks taken leave out what precedes the page's one ``<h1>``
    (:func:`_before_the_headline`), the page's closing run of link lists (:func:`_footer_run`)
    and lone short links (menu entries)."""
    share = PAGE_BLOCKS_SHARE_ANY if one_item else PAGE_BLOCKS_SHARE
    if len(text) >= share * visible_chars:
        return ""
    body = tree.find(".//body")
    body = body if body is not None else tree
    blocks = drop_boilerplate_lines(render_html(body))
    if not PAGE_BLOCKS_MIN_SHARE * len(blocks) <= len(text) < share * len(blocks):
        return ""
    body = copy.deepcopy(body)
    headlines = body.findall(".//h1")
    headline = headlines[0] if len(headlines) == 1 else None
    for chrome in _before_the_headline(body, headline) + _footer_run(body, headline):
        drop(chrome)
    for link in _lone_short_links(body):
        drop(link)
    return drop_boilerplate_lines(render_html(body))


def product_blocks(tree: etree._Element, text: str) -> str:
    """The blocks of the cleaned tree's one outermost ``<article>`` when trafilatura's ``text``
    holds under PRODUCT_BLOCKS_SHARE of them, else "". Only for a page that declares one product
    (the caller asks): that declaration is the evidence that the article block is one item, whose
    bullets and spec rows trafilatura prunes as it would a listing's."""
    articles = [a for a in tree.iter("article") if not any(p.tag == "article" for p in a.iterancestors())]
    if len(articles) != 1:
        return ""
    blocks = drop_boilerplate_lines(render_html(articles[0]))
    return blocks if len(text) < PRODUCT_BLOCKS_SHARE * len(blocks) else ""


def _before_the_headline(body: etree._Element, headline: etree._Element | None) -> list[etree._Element]:
    """What precedes the page's one ``<h1>`` (``headline``) in document order, the siblings
    before it and before each of its ancestors (``headline-start``): the header's menus, country
    choosers and promo bars, which the boilerplate layer finds only by their names and tags and a
    template not seen before writes as plain ``<div>``s. With no ``<h1>``, or several (a feed's
    cards), nothing: where the page's own text starts is then unknown."""
    if headline is None:
        return []
    before: list[etree._Element] = []
    node = headline
    while node is not body and (parent := node.getparent()) is not None:
        before.extend(node.itersiblings(preceding=True))
        node = parent
    return before


def _footer_run(body: etree._Element, headline: etree._Element | None) -> list[etree._Element]:
    """The blocks that end the page after the one holding its one ``<h1>``, at the first level
    (from the ``<body>`` down) where that block has a sibling with text, as long as each is a
    list of short links (FOOTER_LINK_SHARE, FOOTER_LINK_MAX_WORDS) and together they are a small
    part of the page (FOOTER_MAX_SHARE): the footer's columns, which a template not seen before
    writes as plain ``<div>``s (``footer-run``). Nothing without one ``<h1>``: where the page's
    own part ends is then unknown."""
    if headline is None:
        return []
    level = _page_level(body, headline)
    if level is None:
        return []
    run: list[etree._Element] = []
    for sibling in reversed([s for s in level.itersiblings() if isinstance(s.tag, str) and _letters(s)]):
        if not _link_list(sibling):
            break
        run.append(sibling)
    if sum(_letters(s) for s in run) > FOOTER_MAX_SHARE * _letters(body):
        return []
    return run


def _page_level(body: etree._Element, headline: etree._Element) -> etree._Element | None:
    """The ``<h1>`` or its ancestor that is the first, from the ``<body>`` down, to have a
    sibling with text (the page's header, content and footer sit side by side there)."""
    chain = [headline, *headline.iterancestors()]
    if body not in chain:
        return None
    for node in reversed(chain[: chain.index(body)]):
        parent = node.getparent()
        if parent is not None and sum(1 for c in parent if isinstance(c.tag, str) and _letters(c)) >= 2:
            return node
    return None


def _link_list(block: etree._Element) -> bool:
    """Most of the block's letters are in links (FOOTER_LINK_SHARE) of a few words each on
    average (FOOTER_LINK_MAX_WORDS)."""
    links = [a for a in block.iter("a") if next(a.iterancestors("a"), None) is None]
    words = [len(element_text(a).split()) for a in links]
    words = [w for w in words if w]
    if not words or sum(words) > FOOTER_LINK_MAX_WORDS * len(words):
        return False
    return sum(_letters(a) for a in links) >= FOOTER_LINK_SHARE * _letters(block)


def _lone_short_links(body: etree._Element) -> list[etree._Element]:
    """Links of LONE_LINK_MAX_WORDS words or fewer that are, one or several, all of their block's
    text but its headings, outside headings: a menu entry, or a menu (a title and links set as
    blocks by their styles). A block's one link beside a card's data (:func:`_beside_card_data`)
    stays."""
    by_block: dict[etree._Element, list[etree._Element]] = {}
    for link in body.iter("a"):
        words = element_text(link).split()
        if not words or len(words) > LONE_LINK_MAX_WORDS:
            continue
        block = link.getparent()
        while block is not None and block.tag in INLINE_TAGS:
            block = block.getparent()
        if block is None or block.tag in HEADING_TAGS or any(a.tag in HEADING_TAGS for a in block.iterancestors()):
            continue
        by_block.setdefault(block, []).append(link)
    found = []
    data_beside: dict[etree._Element, bool] = {}  # per container: a grid's thousand cards share one
    for block, links in by_block.items():
        headings = sum(_letters(h) for h in block.iterdescendants(*HEADING_TAGS))
        if sum(_letters(link) for link in links) + headings != _letters(block):
            continue
        if len(links) > 1 or not _beside_card_data(block, data_beside):
            found.extend(links)
    return found


def _beside_card_data(block: etree._Element, seen: dict[etree._Element, bool]) -> bool:
    """The block (climbed past wrappers that hold only it) sits beside text that is no link and
    no heading: its link is a row's or a card's data (a book's author by its rating, a table
    cell's web address beside the provider's services), not a menu entry, whose neighbours are
    links too (session 11, ``card-links``). That text is counted against the container's links
    (CARD_DATA_PER_LINK): one promo line in a mega menu is no data of its forty links."""
    while (parent := block.getparent()) is not None and parent.tag != "body":
        if block.getprevious() is not None or block.getnext() is not None or collapse(parent.text):
            break  # (siblings asked, not len(parent): that counts a grid's thousand cards each time)
        block = parent
    container = block.getparent()
    if container is None:
        return False
    if container not in seen:  # the XPath lists the whole subtree: asked once per container
        data = sum(1 for text in _TEXT_OUTSIDE_LINKS(container) if _WORD_CHAR.search(text))
        seen[container] = data > 0 and data >= CARD_DATA_PER_LINK * _LINKS_WITH_TEXT(container)
    return seen[container]


_WORD_CHAR = re.compile(r"\w")
_LINKS_WITH_TEXT = etree.XPath("count(.//a[normalize-space()])")
# Text of a subtree that no link, heading or script holds (a card's data beside its links).
_TEXT_OUTSIDE_LINKS = etree.XPath(
    ".//text()[not(ancestor::a or ancestor::h1 or ancestor::h2 or ancestor::h3 or ancestor::h4 or ancestor::h5"
    " or ancestor::h6 or ancestor::script or ancestor::style or ancestor::noscript or ancestor::template)]"
)


def _letters(element: etree._Element) -> int:
    """Characters of an element's text other than white space (links set as blocks by their
    styles are serialised with none between them)."""
    return len("".join(element_text(element).split()))
