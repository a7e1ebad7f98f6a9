"""Page structure: where the article's text concentrates, and layout that hides it.

Measured once per page, bottom-up (:class:`TextMass`); every boilerplate rule asks it before
removing anything, so no rule can take the article with it.
"""

from __future__ import annotations

import re

from lxml import etree

from pipeline.extract import patterns as P
from pipeline.extract.html import HEADING_TAGS, INLINE_TAGS, element_text, raw_text
from pipeline.extract.markers import CONSENT, marked

# An element holding this share of the page's text is the article (or wraps it): never removed.
ARTICLE_SHARE = 0.5
# Three long paragraphs are prose; boilerplate boxes are lists, labels and one-liners.
PROSE_PARAGRAPHS = 3
LONG_PARAGRAPH_CHARS = 120
# A block with this much text of its own is a paragraph, for scoring where the article is.
PARAGRAPH_MIN_CHARS = 60
# A standfirst under the headline is a sentence or two; shorter header lines are labels.
STANDFIRST_MIN_CHARS = 60
# What an article's header keeps whatever its length: headings, and HTML's heading group.
HEADER_HEADINGS = HEADING_TAGS | {"hgroup"}
# A <main> holding this share of the <body>'s text, and all the page's chrome (_PAGE_CHROME),
# wraps the page: no landmark (a template that opens <main> first; the whole page's text less a
# skip link or a cookie line is still over it, where a real <main> leaves the page's header and
# footer out). A <main> that holds all the text and no chrome is the page's real one (wcxb-dev
# 0148, 0.992 of its text, its header and menus already gone as hidden: unwrapped, it lost its
# terms and 0.068); nor does one with a header or menu outside it (its banner roles inside are
# a product's feature panels).
PAGE_MAIN_SHARE = 0.97


_NO_TEXT = frozenset({"script", "style", "noscript", "template"})
# Inline elements whose text is a block's own, for scoring where the article is: all but links.
# A menu written as links with no white space or list markup between them (a shop's mega-menu
# in a <nav>, a footer's columns) was one "paragraph" of 10,000 characters: the anchor landed
# there and protected the menu from every rule, and the page-blocks step kept it (wcxb-dev
# tune, session 10: 0620 0.220 -> 0.644, 0586 0.022 -> 0.260, 0424 and 2532 +0.119 each,
# 2908 -0.131; as readability weighs a block by its text outside links).
_OWN_TEXT_INLINE = INLINE_TAGS - {"a"}


class TextMass:
    """Text measures of every element, computed bottom-up once per page.

    ``chars``: all text below the element; ``paragraphs``: long ``<p>`` below it, and long runs
    of a block's own text that ``<br>`` separate (a page written before CSS layouts sets its
    paragraphs as text between ``<br><br>``: with none counted, the article's sections were
    never joined and no box of its prose was prose); ``anchor``:
    the container whose child blocks hold the most paragraph text outside links (a block's own
    text counts fully for its parent, half for its grandparent, as readability scores them). The anchor
    and its ancestors are never removed: that is where the article is.
    """

    def __init__(self, root: etree._Element):
        self.chars: dict[etree._Element, int] = {}
        self.paragraphs: dict[etree._Element, int] = {}
        self._scores: dict[etree._Element, float] = {}
        self._measure(root)
        self.total = max(self.chars.get(root, 0), 1)
        self.protected: set[etree._Element] = set()
        self.anchor: etree._Element | None = None
        if self._scores:
            ranked = sorted(self._scores, key=self._scores.__getitem__, reverse=True)
            anchor = _outside_footer(ranked, _outside_sidebar(ranked, _outside_consent(ranked), self.paragraphs))
            self.anchor = anchor
            self.protected.add(anchor)
            self.protected.update(anchor.iterancestors())

    def _measure(self, root: etree._Element) -> None:
        """Fill ``chars``, ``paragraphs`` and the scores, bottom-up, in one recursive walk.

        The dictionaries are local names of one closure: a method call and three
        attribute reads per element were a tenth of the walk (same dictionaries, same order)."""
        chars_of, paragraphs_of, scores = self.chars, self.paragraphs, self._scores
        inline, own_inline = INLINE_TAGS, _OWN_TEXT_INLINE

        def measure(element: etree._Element) -> tuple[int, int, int]:
            """(all chars, long paragraphs, own inline chars) of ``element``."""
            tag = element.tag
            if tag.__class__ is not str or tag in _NO_TEXT:
                return 0, 0, 0
            text = element.text
            own = len(text.strip()) if text else 0
            chars = own
            paragraphs = 0
            run = own  # own text since the last <br>
            broken = 0  # long runs a <br> closed
            for child in element:
                child_chars, child_paragraphs, child_own = measure(child)
                tail = child.tail
                tail_chars = len(tail.strip()) if tail else 0
                chars += child_chars + tail_chars
                if child.tag == "br":
                    broken += run >= LONG_PARAGRAPH_CHARS
                    run = 0
                gained = tail_chars + (child_own if child_own and child.tag in own_inline else 0)
                own += gained
                run += gained
                paragraphs += child_paragraphs
            if tag == "p":
                paragraphs += chars >= LONG_PARAGRAPH_CHARS
            elif broken and tag not in inline:
                paragraphs += broken + (run >= LONG_PARAGRAPH_CHARS)
            chars_of[element] = chars
            paragraphs_of[element] = paragraphs
            if own >= PARAGRAPH_MIN_CHARS and tag not in inline:
                parent = element.getparent()
                if parent is not None:
                    scores[parent] = scores.get(parent, 0.0) + own
                    grandparent = parent.getparent()
                    if grandparent is not None:
                        scores[grandparent] = scores.get(grandparent, 0.0) + own / 2
            return chars, paragraphs, own

        measure(root)

    def is_article_like(self, element: etree._Element) -> bool:
        """Protected tag, the anchor's branch, prose, or (generic containers) most of the text."""
        if element.tag in P.PROTECTED_TAGS or element in self.protected:
            return True
        if self.paragraphs.get(element, 0) >= PROSE_PARAGRAPHS:
            return True
        # most of a short post's page is its sidebar: a sidebar that does not hold the anchor
        # is not the article however much of the text it holds
        return (
            element.tag not in P.BOILERPLATE_TAGS
            and self.chars.get(element, 0) >= ARTICLE_SHARE * self.total
            and not _is_sidebar(element)
        )


def _outside_consent(ranked: list[etree._Element]) -> etree._Element:
    """The best-scored container that is not part of a cookie or consent dialog (its purpose
    texts are paragraphs too); the best one when every container is (a page wrapped in a
    ``cookie-accepted`` div). Usually the first one asked, so one walk up the tree."""
    for element in ranked:
        if not any(marked(node, CONSENT) for node in (element, *element.iterancestors())):
            return element
    return ranked[0]


# A sidebar names itself: <aside>, role=complementary, or a whole class/id token.
_SIDEBAR_NAME = re.compile(r"(?<![a-z0-9])(?:sidebar|side-bar)(?![a-z0-9])")


def _is_sidebar(element: etree._Element) -> bool:
    if element.tag == "aside" or (element.get("role") or "").lower() == "complementary":
        return True
    return bool(_SIDEBAR_NAME.search(f"{element.get('class') or ''} {element.get('id') or ''}".lower()))


def _outside_sidebar(
    ranked: list[etree._Element], anchor: etree._Element, paragraphs: dict[etree._Element, int]
) -> etree._Element:
    """The anchor, unless it sits in a sidebar beside a container with a long paragraph of its
    own: then that container. A short post (a blog's 60-word note under its photos) scores
    below the sidebar's "About me" box, which became the article and the post was lost
    (``sidebar-anchor``). Beside means inside the sidebar's parent, outside the sidebar: a
    layout wrapper named ``has-sidebar`` around the whole content has no article beside it."""
    for side in (node for node in (anchor, *anchor.iterancestors()) if _is_sidebar(node)):
        parent = side.getparent()
        # a layout that holds the page's <main> or <article> ("layout--sidebar") is no sidebar
        if parent is None or next(side.iter("main", "article"), None) is not None:
            continue
        for element in ranked:
            if paragraphs.get(element, 0) < 1 or element is side or element.tag in _PAGE_CHROME_TAGS:
                continue
            ancestors = set(element.iterancestors())
            if (
                side not in ancestors
                and parent in ancestors
                and not any(a.tag in _PAGE_CHROME_TAGS for a in ancestors)
                and not marked(element, CONSENT)
            ):
                return element
    return anchor


# A page footer written as a div names itself by its id: ``<div id="footer">`` before HTML5,
# ``id="page-footer"`` today (a whole token). Not by a class: a class names a kind of block, and
# a news site's ``baseline-footer-wrapper`` closes its content column beside a feed (wcxb-dev
# 0956: read as the page's footer, the anchor moved into one feed item, 0.996 -> 0.817).
_FOOTER_NAME = re.compile(r"(?<![a-z0-9])footer(?![a-z0-9])")


def _is_footer(node: etree._Element) -> bool:
    """A ``<footer>``, or an element whose id names it a footer and that does not hold the
    page's headline (a wrapper named for the footer it pushes down holds the whole page)."""
    if node.tag == "footer":
        return True
    named = _FOOTER_NAME.search((node.get("id") or "").lower())
    return named is not None and next(node.iter("h1"), None) is None


def _page_footer(element: etree._Element) -> etree._Element | None:
    """The page's footer (``<footer>`` or named so) that holds ``element`` (itself or an
    ancestor): not an article's own footer (inside ``<article>`` or ``<main>``), nor one that
    holds the page's ``<main>`` or ``<article>`` (an unclosed footer wrapping the page)."""
    for node in (element, *element.iterancestors()):
        if node.tag in ("article", "main"):
            return None
        if _is_footer(node):
            if next(node.iter("main", "article"), None) is not None:
                return None
            if not any(a.tag in ("article", "main") for a in node.iterancestors()):
                return node
            return None
    return None


def _outside_footer(ranked: list[etree._Element], anchor: etree._Element) -> etree._Element:
    """The anchor, unless it sits in the page's footer: then the best-scored container outside
    it. A footer's fine print (a shop's offer terms, a privacy notice, a licence line) is
    paragraphs too, and out-scored the page's cards or bullet points: the anchor protected the
    footer from the ``<footer>`` rule (``footer-anchor``)."""
    if _page_footer(anchor) is None:
        return anchor
    return next((element for element in ranked if _page_footer(element) is None), anchor)


# What the anchor never moves into from a sidebar: the page's footer, header and navigation.
_PAGE_CHROME_TAGS = frozenset({"footer", "header", "nav", "aside"})


_LAYOUT_CELL_CONTENT = etree.XPath(
    "./tr/td[p or div or h1 or h2 or h3 or h4 or ul or ol or table or form]"
    " | ./tbody/tr/td[p or div or h1 or h2 or h3 or h4 or ul or ol or table or form]"
)


# A grid of this many rows whose every cell is short and holds one block at most reads as
# data, even when its cells wrap their text in a <p> or a <div> (WordPress and page-builder
# tables do): a price list, a shopping list, a comparison. Layout tables have one or two rows,
# or a cell that holds a column of the page (hundreds of characters, several blocks: a
# heading, a teaser, a rating line). Measured on the wcxb-dev tune pages: the data tables
# unwrapped before had 9-44 rows, cells of 99 characters at most, one block each; a book list
# whose cells hold a dozen blocks each (title, author, rating lines) reads as text only as divs.
DATA_TABLE_MIN_ROWS = 3
DATA_CELL_MAX_CHARS = 300
DATA_CELL_MAX_BLOCKS = 1
# ... and in a table whose every row opens with a <th> (a key/value table): a value per block,
# as a specification lists a weight per size range (wcxb-dev 0628: 3 at most); a layout cell
# holds a column of the page, many blocks. Of the tune and ScrapingHub pages, only 0628 has such
# a table with blocks in its cells.
LABELLED_CELL_MAX_BLOCKS = 4
_CELL_BLOCKS = frozenset({"p", "div", "ul", "ol", "form", "table", "blockquote", "section"} | HEADING_TAGS)


# The page's own header, menus and footer (by tag or ARIA role), not an article's.
_PAGE_CHROME = etree.XPath(
    ".//*[(self::header or self::nav or self::footer or @role='banner' or @role='navigation'"
    " or @role='contentinfo') and not(ancestor::article)]"
)


def unwrap_page_main(root: etree._Element) -> bool:
    """A ``<main>`` that wraps the page (PAGE_MAIN_SHARE of the body's text, and all its chrome)
    becomes a ``<div>``: inside ``<main>`` the rules keep a ``<header>``, ``banner`` and
    ``contentinfo`` roles and a footer as the article's own, so one around the whole page
    protected the page's header, menus and footer (``wrap-article`` perturbation, wcxb-dev
    tune: 0132, 2838 and 3064 lost 0.2-0.5). Returns whether one was found.

    The page's chrome and text are measured only once a ``<main>`` holds chrome: most pages
    have no ``<main>`` (117 of ScrapingHub's 181), or one without chrome in it."""
    body = root.find(".//body")
    if body is None:
        return False
    chrome: int | None = None
    total: int | None = None
    for main in body.iter("main"):
        inside = set(_PAGE_CHROME(main))
        if not inside:
            continue
        if chrome is None:
            chrome = len(_PAGE_CHROME(body))
        if len(inside) < chrome:  # some of the page's chrome is outside it
            continue
        if total is None:
            total = len(" ".join(raw_text(body).split()))
        if total and len(" ".join(raw_text(main).split())) >= PAGE_MAIN_SHARE * total:
            main.tag = "div"
            return True
    return False


def unwrap_layout_tables(root: etree._Element) -> int:
    """Turn tables used for page layout into divs, so they read as sections, not data.

    A 1990s page puts its columns, sidebars and article in table cells; an extractor that
    keeps tables would render the whole article as one cell. A table is layout when a cell
    holds blocks (paragraphs, headings, lists, forms or another table); a data table has
    only text in its cells (and usually ``th`` or a caption), or is a grid of short cells
    (:func:`_data_grid`), whatever wraps their text.
    """
    layout = [t for t in root.iter("table") if _LAYOUT_CELL_CONTENT(t) and not _data_grid(t)]
    parts = [
        element
        for table in layout
        for element in table.iter("tbody", "thead", "tfoot", "tr", "td", "th")
        if _owning_table(element) is table
    ]
    for element in [*layout, *parts]:
        element.tag = "div"
        for attribute in ("width", "height", "colspan", "rowspan", "valign", "align", "bgcolor"):
            element.attrib.pop(attribute, None)
    return len(layout)


def _data_grid(table: etree._Element) -> bool:
    """DATA_TABLE_MIN_ROWS rows or more, no table inside, every cell under DATA_CELL_MAX_CHARS
    with DATA_CELL_MAX_BLOCKS innermost blocks at most (a <div> around a <p> is one block).

    A table whose every row opens with a ``<th>`` is a key/value table (a shop's specifications:
    "Weight | XS - XL: 1 lb. 13 oz. / XXL - 4XL: 1 lb. 14 oz.", one value per block), which no
    page lays out its columns with: its cells may hold several blocks (wcxb-dev 0628, REI:
    unwrapped, each value lost its label, 0.850 -> 0.746)."""
    if next(table.iterdescendants("table"), None) is not None:
        return False
    max_blocks = DATA_CELL_MAX_BLOCKS if not _labelled_rows(table) else LABELLED_CELL_MAX_BLOCKS
    rows = 0
    for element in table.iterdescendants("tr", "td", "th"):
        if element.tag == "tr":
            rows += 1
            continue
        if len(" ".join(raw_text(element).split())) > DATA_CELL_MAX_CHARS:
            return False
        blocks = [e for e in element.iterdescendants(*_CELL_BLOCKS)]
        innermost = sum(1 for e in blocks if not any(d.tag in _CELL_BLOCKS for d in e.iterdescendants()))
        if innermost > max_blocks:
            return False
    return rows >= DATA_TABLE_MIN_ROWS


def _labelled_rows(table: etree._Element) -> bool:
    """Every row of ``table`` opens with a header cell (``<th>``): a label and its values."""
    rows = [row for row in table.iterdescendants("tr") if _owning_table(row) is table]
    for row in rows:
        first = next((cell for cell in row if isinstance(cell.tag, str)), None)
        if first is None or first.tag != "th":
            return False
    return bool(rows)


def _owning_table(element: etree._Element) -> etree._Element | None:
    for ancestor in element.iterancestors():
        if ancestor.tag == "table":
            return ancestor
    return None


def mark_article(mass: TextMass, one_article: bool = False) -> None:
    """Name the container where the paragraphs concentrate ``<article>`` on pages that have none.

    Without an article, main or content container trafilatura keeps only the page's
    paragraphs and drops its headings and lists; our anchor tells it where the article is.
    ``one_article``: the page declares itself one article (JSON-LD or ``og:type``, not a
    product), so the prose beside the anchor is its text (:func:`_with_sibling_sections`).
    """
    anchor = mass.anchor
    if anchor is None or anchor.tag in P.PROTECTED_TAGS or anchor.getparent() is None:
        return
    if any(a.tag == "article" for a in anchor.iterancestors()):
        return
    if next(anchor.iter("article"), None) is not None:
        return
    # A bare <main> does not guide trafilatura; <article> does. The page's own <main> is
    # the better bound when it holds the anchor: sections beside the anchor (an FAQ after
    # the intro) belong to the article too.
    main = next((a for a in anchor.iterancestors() if a.tag == "main"), None)
    (main if main is not None else _with_sibling_sections(anchor, mass, one_article)).tag = "article"


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
        if parent is None or parent.tag in P.PROTECTED_TAGS:
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
