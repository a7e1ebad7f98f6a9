"""Telling trafilatura where the article is: the container where the paragraphs concentrate
named ``<article>`` (with its sibling sections), ``<article>`` shells before it demoted, and an
article's own ``<header>`` opened to keep its standfirst.
"""

from __future__ import annotations

from lxml import etree

from pipeline.extract.boilerplate_names import PROTECTED_TAGS
from pipeline.extract.html import HEADING_TAGS, INLINE_TAGS, NO_TEXT_TAGS, element_text, raw_text
from pipeline.extract.loose_runs import DIV_READING_P_TEXT
from pipeline.extract.structure import ARTICLE_SHARE, LONG_PARAGRAPH_CHARS, TextMass

# A standfirst under the headline is a sentence or two; shorter header lines are labels.
STANDFIRST_MIN_CHARS = 60
# What an article's header keeps whatever its length: headings, and HTML's heading group.
HEADER_HEADINGS = HEADING_TAGS | {"hgroup"}


def mark_article(mass: TextMass, one_article: bool = False, tags_name_regions: bool = True) -> None:
    """Name the container where the paragraphs concentrate ``<article>`` on pages that have none.

    Without an article, main or content container trafilatura keeps only the page's
    paragraphs and drops its headings and lists; our anchor tells it where the article is.
    ``one_article``: the page declares itself one article (JSON-LD or ``og:type``, not a
    product), so the prose beside the anchor is its text (:func:`_with_sibling_sections`).
    ``tags_name_regions``: the page, as served, wrote a region tag (:data:`REGION_TAGS`); where
    it wrote none, a block ARIA names the main landmark bounds the article as ``<main>`` does
    (:func:`_is_main`, ``main-role``).
    """
    anchor = mass.anchor
    if anchor is None or anchor.tag in PROTECTED_TAGS or anchor.getparent() is None:
        return
    if any(a.tag == "article" for a in anchor.iterancestors()):
        return
    if next(anchor.iter("article"), None) is not None:
        return
    # A bare <main> does not guide trafilatura; <article> does. The page's own <main> is
    # the better bound when it holds the anchor: sections beside the anchor (an FAQ after
    # the intro) belong to the article too. An element whose ARIA role names it the page's
    # main landmark is that <main> under another tag (``main-role``).
    main = next((a for a in anchor.iterancestors() if _is_main(a, not tags_name_regions)), None)
    if main is not None:
        main.tag = "article"
        return
    _from_the_headline(_component_stream(_with_sibling_sections(anchor, mass, one_article), mass), mass).tag = "article"


# The text the element from the headline down may hold in links: a run of prose and its headings
# holds a few (a source, a related page); a listing's cards or a menu hold most of theirs.
HEADLINE_LINK_SHARE = 0.3


def _from_the_headline(element: etree._Element, mass: TextMass) -> etree._Element:
    """``element``, or the nearest block that holds it and the page's one ``<h1>`` before it
    (``headline-article``): the article runs from its headline, and what stands between the
    two is its lead. A template that writes the headline and standfirst in a hero block of its
    own, or its sections as blocks beside the one the anchor is in, lost its intro (or its
    later sections) when the anchor's block alone was named: trafilatura reads only the
    ``<article>`` it is given. Not where that block is the ``<body>``, holds an ``<article>``
    of the page's (a feed's cards), is mostly links (a listing's grid, HEADLINE_LINK_SHARE), adds
    no long paragraph to the element's (a 2012 blog's ``<h1>`` is the blog's name, and the block
    that holds it and the post holds the tagline, the menu and the reblog notes too), or is not
    prose (PROSE_TEXT_SHARE of its text in long paragraphs: a service page's feature cards and
    plans, which the page blocks read when trafilatura keeps little of them)."""
    root = element.getroottree().getroot()
    headlines = list(root.iter("h1"))
    if len(headlines) != 1:
        return element
    headline = headlines[0]
    if headline is element or element in headline.iterancestors():
        return element
    ancestors = set(element.iterancestors())
    if headline in ancestors:
        return element
    common = next((a for a in headline.iterancestors() if a in ancestors), None)
    if common is None or common.tag in PROTECTED_TAGS or next(common.iter("article"), None) is not None:
        return element
    if _prose_chars(common) <= _prose_chars(element):  # counted now: the mass predates the removals
        return element
    if _child_holding(common, headline) is not _first_of(common, headline, element):
        return element  # the headline after the block: another part of the page
    text = len(element_text(common))
    links = sum(len(element_text(a)) for a in common.iter("a"))
    if not text or links > HEADLINE_LINK_SHARE * text or not _sections_follow(common, element, text):
        return element
    # A page that writes its paragraphs as <p>s is asked about its <p>s; one that writes them as
    # text between <br>s (as trafilatura then reads <div>s: loose_runs) about those runs.
    if sum(len(t) for t in _P_TEXT(root)) >= DIV_READING_P_TEXT:
        return common if _mostly_prose(common, mass) else element
    return common if _prose_chars(common) >= PROSE_TEXT_SHARE * text else element


_P_TEXT = etree.XPath("//p//text()")


def _prose_chars(element: etree._Element) -> int:
    """Characters below ``element`` in long paragraphs (LONG_PARAGRAPH_CHARS): a block's own
    text and its inline children's, in runs that ``<br>``s and blocks end, so a 2012 template's
    paragraphs between ``<br><br>`` count as ``<p>``s do (the runs TextMass counts)."""
    total = 0
    for block in element.iter():
        if not isinstance(block.tag, str) or block.tag in INLINE_TAGS or block.tag in NO_TEXT_TAGS:
            continue
        run = _chars(block.text)
        for child in block:
            if isinstance(child.tag, str) and child.tag in INLINE_TAGS and not _holds_a_block(child):
                run += len(element_text(child))
            elif child.tag == "br" or isinstance(child.tag, str):
                total += run if run >= LONG_PARAGRAPH_CHARS else 0
                run = 0
            run += _chars(child.tail)
        total += run if run >= LONG_PARAGRAPH_CHARS else 0
    return total


def _holds_a_block(inline: etree._Element) -> bool:
    """An inline element around blocks (a card's link around its ``<div>``s): its blocks count apart."""
    return any(isinstance(e.tag, str) and e.tag not in INLINE_TAGS and e.tag != "br" for e in inline.iterdescendants())


def _chars(text: str | None) -> int:
    return len(" ".join(text.split())) if text else 0


# What follows the element inside the block from the headline, as a share of that block's text,
# that may stand there without a heading: a "Find a doctor" card, a last line. Longer, it must
# be the article's next sections (a heading in it): a press release's "About the company"
# paragraph after its text is not (ScrapingHub's two Ascom pages, 0.98 -> 0.84 and 1.00 -> 0.86
# taken in).
HEADLINE_TAIL_SHARE = 0.1


def _sections_follow(common: etree._Element, element: etree._Element, text: int) -> bool:
    """What follows ``element`` inside ``common`` is short (HEADLINE_TAIL_SHARE of ``text``) or
    holds a heading: more of the article's sections."""
    after: list[etree._Element] = []
    node = element
    while node is not common and node is not None:
        after.extend(s for s in node.itersiblings() if isinstance(s.tag, str))
        node = node.getparent()
    if sum(len(element_text(s)) for s in after) <= HEADLINE_TAIL_SHARE * text:
        return True
    return any(s.tag in HEADING_TAGS or next(s.iter(*HEADING_TAGS), None) is not None for s in after)


def _child_holding(parent: etree._Element, node: etree._Element) -> etree._Element:
    """The child of ``parent`` that is or holds ``node``."""
    while (up := node.getparent()) is not parent and up is not None:
        node = up
    return node


def _first_of(parent: etree._Element, one: etree._Element, other: etree._Element) -> etree._Element:
    """Of the children of ``parent`` holding ``one`` and ``other``, the one that comes first."""
    first, second = _child_holding(parent, one), _child_holding(parent, other)
    return first if parent.index(first) <= parent.index(second) else second


# A CMS that writes an article as one component per block repeats the component's wrapper:
# this many siblings of the same tag and class beside the one that holds the anchor.
STREAM_MIN_SIBLINGS = 3
# The stream is the article when it holds this share of the page's long paragraphs (those the
# boilerplate rules left) and its text is prose (PROSE_TEXT_SHARE of it in long paragraphs): a
# listing's or a shop's grid repeats its cards the same way, a paragraph here and there.
STREAM_PROSE_SHARE = 0.8
PROSE_TEXT_SHARE = 0.5


def _component_stream(element: etree._Element, mass: TextMass) -> etree._Element:
    """``element``, or the parent of the component stream it stands in (``split-article``): an
    article whose every paragraph, list, table and callout is a component of its own (AEM's
    ``aem-GridColumn``, Umbraco's ``umb-block-grid__layout-container``, Salesforce Commerce's
    ``experience-region``) scores its anchor at one component, and named ``<article>`` alone it
    was all trafilatura read."""
    root = element.getroottree().getroot()
    total = _long_paragraphs(root, mass)
    if not total or _long_paragraphs(element, mass) >= STREAM_PROSE_SHARE * total:
        return element
    for child in (element, *element.iterancestors()):
        parent = child.getparent()
        if parent is None or parent.tag in ("body", "html"):
            break
        name = child.get("class")
        same = [s for s in parent if s is not child and s.tag == child.tag and name and s.get("class") == name]
        if len(same) >= STREAM_MIN_SIBLINGS:
            if (
                child.tag in STREAM_TAGS
                and not any(_headed_by_a_link(s) for s in same)
                and _long_paragraphs(parent, mass) >= STREAM_PROSE_SHARE * total
                and _mostly_prose(parent, mass)
            ):
                return parent
            return element
    return element


# The blocks a component stream is made of: a list's items are a list (an FAQ accordion's
# questions on a shop's page, wcxb-dev 0650 -0.034 taken as a stream), not an article's parts.
STREAM_TAGS = frozenset({"div", "section"})


def _headed_by_a_link(block: etree._Element) -> bool:
    """A block whose heading is a link is a teaser of another page (a blog's results, wcxb-dev
    0282 -0.022 taken as a stream), not a part of this one."""
    return any(heading.find(".//a") is not None for heading in block.iter(*HEADING_TAGS))


def _long_paragraphs(element: etree._Element, mass: TextMass) -> int:
    """The long paragraphs (``<p>`` of LONG_PARAGRAPH_CHARS) still below ``element``."""
    return sum(1 for p in element.iter("p") if mass.chars.get(p, 0) >= LONG_PARAGRAPH_CHARS)


def _mostly_prose(element: etree._Element, mass: TextMass) -> bool:
    """PROSE_TEXT_SHARE of the element's text is in long paragraphs."""
    text = len(element_text(element))
    prose = sum(len(element_text(p)) for p in element.iter("p") if mass.chars.get(p, 0) >= LONG_PARAGRAPH_CHARS)
    return bool(text) and prose >= PROSE_TEXT_SHARE * text


# The tags that name a page's regions. A page that writes none of them (every region a <div>)
# names its main block, if at all, by its ARIA role alone.
REGION_TAGS = ("header", "nav", "footer", "aside", "main", "article", "section")


def _is_main(element: etree._Element, role_counts: bool) -> bool:
    """The page's ``<main>``, or, when ``role_counts``, a block ARIA names the main landmark
    (``role="main"``): templates whose tags say nothing (every region a ``<div>``,
    ``opaque-template``) still write the role for screen readers, and without it the anchor
    alone, often one section of the article, was named (wcxb-dev tune under ``plain-tags``:
    1788, 0258, 0392, 3034 0.18-0.20 lower). Asked on every page, the role cost listings and
    collections whose tags name their regions (2952, 2954, 3000, 3028 0.16-0.24 lower: the wider
    ``<article>`` moved trafilatura's text over ``page-blocks``' share)."""
    if element.tag == "main":
        return True
    return (
        role_counts
        and element.tag not in ("body", "html")
        and element.get("role") == "main"
        and _holds_the_headline(element)
    )


def _holds_the_headline(block: etree._Element) -> bool:
    """The block holds an ``<h1>`` of the page, or the page writes none: a landmark that leaves
    every ``<h1>`` outside it does not hold an article headed by one. Old Reddit's ``role="main"``
    column holds the post with its flair row, the comments and the debug footer, while its
    ``<h1>``s name the subreddit in the sidebar; named ``<article>`` it leaked the title row and
    "Rendered by PID" (``reddit_like/levothyroxine-at-bedtime`` 1.000 -> 0.938). The shops it
    helps (wcxb-dev 3076, 3054) write no ``<h1>``; 1788, 0258, 0392, 3034 hold theirs."""
    if next(block.iter("h1"), None) is not None:
        return True
    return next(block.getroottree().getroot().iter("h1"), None) is None


# An <article> before the one that holds the anchor, with less text than this, is a shell: a
# share bar's <article> emptied of its buttons, a placeholder, a product or teaser card (their
# 12-164 characters on wcxb-dev tune). trafilatura takes the page's first <article> as the
# article, so a shell before the real one left it a card or nothing (it then keeps loose
# paragraphs and drops the headings and lists). At 1000 the shells taken in include listing
# pages' real teasers (0132 -0.444, 0152 -0.075); 1-200 differ on two collections only (+0.60).
ARTICLE_SHELL_MAX_CHARS = 200


def demote_article_shells(root: etree._Element, mass: TextMass) -> list[etree._Element]:
    """``<article>`` shells before the article that holds the anchor become ``<div>``s.

    Only when that article holds prose (a long paragraph: it is the page's text, not a footer
    that out-weighs a news brief), and never one the page declares with schema.org
    (``itemtype``: its text may sit outside it, while its <meta> tags are inside).
    """
    anchor = mass.anchor
    if anchor is None:
        return []
    target = anchor if anchor.tag == "article" else next(anchor.iterancestors("article"), None)
    if target is None or mass.paragraphs.get(target, 0) < 1:
        return []
    ancestors = set(target.iterancestors())
    shells = []
    for article in root.iter("article"):
        if article is target:
            break
        if article in ancestors or article.get("itemtype"):
            continue
        if len("".join(raw_text(article).split())) < ARTICLE_SHELL_MAX_CHARS:
            shells.append(article)
    for article in shells:
        article.tag = "div"
    return shells


def _with_sibling_sections(anchor: etree._Element, mass: TextMass, one_article: bool = False) -> etree._Element:
    """The anchor, or the parent of it (or of a wrapper around it) when a sibling of the same
    tag holds prose too.

    An article cut into sibling ``<section>`` (or ``<div>``) blocks, one per heading, scores
    its anchor at the longest one; named ``<article>`` alone, that section was all trafilatura
    kept (the intro and the other sections lost). A sibling of the same tag with a long
    paragraph is another part of the same text. Page builders wrap each block in a module and a
    container (Elementor's ``elementor-widget`` > ``elementor-widget-container`` > paragraphs,
    its headings and lists modules of their own): the siblings are the wrapper's, so the test
    climbs through wrappers that hold nothing but the anchor's branch (WRAPPER_CLIMB_MAX levels).
    On a page that declares itself one article a builder's widgets may be nested deeper and hold
    a paragraph each: the climb goes ARTICLE_WRAPPER_CLIMB_MAX levels and the siblings'
    paragraphs count together (``page-builder``, session 12; on other pages the narrow anchor
    lets ``page-blocks`` take a service page or a shop's, which a wider one did not).
    """
    element = anchor
    # Climbing needs an anchor of prose: a product's bullet list (wcxb-dev 2890) took its
    # page's banner paragraph for another part of the text.
    # On a page that declares one article, a list can out-score its paragraphs split over widgets
    # (a widget's items count for one container, the paragraphs for many): it climbs too.
    if one_article:
        climb = ARTICLE_WRAPPER_CLIMB_MAX
    else:
        climb = WRAPPER_CLIMB_MAX if mass.paragraphs.get(anchor, 0) >= 1 else 0
    page_paragraphs = mass.paragraphs.get(anchor.getroottree().getroot(), 0)
    for level in range(climb + 1):
        parent = element.getparent()
        if parent is None or parent.tag in PROTECTED_TAGS:
            return anchor
        # above the anchor's own level a sibling needs prose of its own: one paragraph there
        # is a press release's "About the company" block (ScrapingHub's Ascom pages, -0.14 each)
        needed = 1 if level == 0 else CLIMBED_SIBLING_PARAGRAPHS
        # a sibling holding <article>s is a feed of other posts' cards, their excerpts no part
        # of this text (an Elementor posts column beside the post: wcxb-dev 0296 named whole,
        # under br-paragraphs trafilatura kept every card)
        beside = [
            mass.paragraphs.get(sibling, 0)
            for sibling in parent
            if sibling is not element and sibling.tag == element.tag and next(sibling.iter("article"), None) is None
        ]
        if beside and (sum(beside) if one_article else max(beside)) >= needed:
            # a climbed parent is the article's parts together, so it holds most of the page's
            # prose; one holding a small part is a component's items (an accordion's answers
            # on a service page: wcxb-dev 0690 0.881 -> 0.630 named alone); on a page that
            # declares one article its parts are the article's, however much prose the page
            # prints around it (a news page's teasers: ScrapingHub 2c46804d under page-builder,
            # 1.00 -> 0.29 with the share asked)
            if level and not one_article and mass.paragraphs.get(parent, 0) < CLIMBED_PARAGRAPH_SHARE * page_paragraphs:
                return anchor
            return parent
        if not _only_holds(parent, element):
            return anchor
        element = parent
    return anchor


# Wrapper levels climbed above the anchor to find its sibling blocks: a page builder's module
# and its container (Elementor, SiteOrigin, Divi: two or three).
WRAPPER_CLIMB_MAX = 3
# On a page that declares one article: the levels a page builder nests a widget in (a section,
# a row, a column, the widget, its container, its text: Elementor, Divi, WPBakery, Wix).
ARTICLE_WRAPPER_CLIMB_MAX = 6
# Long paragraphs a wrapper's sibling holds to be another part of the article's text.
CLIMBED_SIBLING_PARAGRAPHS = 2
# The share of the page's long paragraphs a climbed parent holds to be the article: where the
# climb fires on wcxb-dev tune the article's parts held 100% (0302, 1520, 3052); an accordion
# that took the anchor on a service page 23% (0690). Half: the article is the page's main prose.
CLIMBED_PARAGRAPH_SHARE = 0.5


def _only_holds(parent: etree._Element, child: etree._Element) -> bool:
    """``parent`` has no text outside ``child``: a wrapper, not a block beside others."""
    if (parent.text or "").strip() or (child.tail or "").strip():
        return False
    return all(other is child or not isinstance(other.tag, str) or not raw_text(other).strip() for other in parent)


def wraps_the_page(header: etree._Element, mass: TextMass) -> bool:
    """A ``<header>`` that holds the anchor and ARTICLE_SHARE of the page's text is no page
    header: one left unclosed wraps the page (wcxb-dev 0044 0.939 -> 1.000, 0304 0.930 ->
    0.994). A shop's navigation header holding a wrong anchor (a link of 146 characters
    among its menus, 45% of the page: wcxb-dev 2922) still goes."""
    return header in mass.protected and mass.chars.get(header, 0) >= ARTICLE_SHARE * mass.total


def open_article_headers(root: etree._Element) -> None:
    """An article's own ``<header>`` holds its standfirst; keep that, and only that.

    trafilatura drops ``<header>`` elements, and with them the summary paragraph under the
    headline. Bylines were read and removed already; what else stands there (category
    links, reading times) is short, so a header inside an article keeps its headings and
    its paragraph-length blocks, loses the rest, and becomes a plain ``<div>``. An ``<hgroup>``
    is a heading (HTML's heading and its subtitle together): as a short block it went (wcxb-dev
    0326, a section's "Distinguished Health Care" heading, 0.915 -> 0.939).
    """
    for header in list(root.iter("header")):
        if not any(a.tag in ("article", "main") for a in header.iterancestors()):
            continue
        for child in list(header):
            if not isinstance(child.tag, str) or child.tag in HEADER_HEADINGS:
                continue
            if len(element_text(child)) < STANDFIRST_MIN_CHARS:
                header.remove(child)
        header.tag = "div"
