"""Tables and a ``<main>`` that lay out the page rather than hold its text, undone before the
rules run: a layout table becomes divs (a 1990s page's article is not one cell), a ``<main>``
around the whole page a ``<div>`` (it would protect the page's header and footer); and a quote
set apart in a ``<figure>``, or with a ``<footer>`` citation, is no picture and no page footer.
"""

from __future__ import annotations

from lxml import etree

from pipeline.extract.html import HEADING_TAGS, raw_text
from pipeline.extract.markers import SOCIAL_EMBED, marked
from pipeline.extract.rules import Trace

# A <main> holding this share of the <body>'s text, and all the page's chrome (_PAGE_CHROME),
# wraps the page: no landmark (a template that opens <main> first; the whole page's text less a
# skip link or a cookie line is still over it, where a real <main> leaves the page's header and
# footer out). A <main> that holds all the text and no chrome is the page's real one (wcxb-dev
# 0148, 0.992 of its text, its header and menus already gone as hidden: unwrapped, it lost its
# terms and 0.068); nor does one with a header or menu outside it (its banner roles inside are
# a product's feature panels).
PAGE_MAIN_SHARE = 0.97


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


# A figure holding one of these shows a picture or a player: its caption is a picture's.
_MEDIA = ("img", "picture", "video", "audio", "iframe", "object", "embed", "svg", "canvas")


def quotes_set_apart(root: etree._Element, trace: Trace | None = None) -> int:
    """A quote the article sets apart keeps its attribution (``quotes-set-apart``): a ``<figure>``
    that holds a ``<blockquote>`` and no picture (a pull quote, an expert's quote box:
    WordPress's ``wp-block-pullquote``, ``<figure><blockquote>...</blockquote><figcaption>NAME,
    ROLE</figcaption></figure>``) becomes a ``<div>`` and its caption a ``<p>``, and a
    ``<footer>`` inside a ``<blockquote>`` (its citation, as HTML writes one) a ``<p>``:
    trafilatura drops every ``<figure>``, and the boilerplate tags every ``<figcaption>`` and
    ``<footer>``. A social network's embed is left; ``trace`` records each figure and footer
    rewritten. Returns how many quotes changed."""
    changed = 0
    for figure in list(root.iter("figure")):
        quote = next(figure.iter("blockquote"), None)
        if quote is None or next(figure.iter(*_MEDIA), None) is not None:
            continue
        if marked(figure, SOCIAL_EMBED) or marked(quote, SOCIAL_EMBED):
            continue
        if trace is not None:
            trace.record("quotes-set-apart", figure)
        figure.tag = "div"
        for caption in figure.iter("figcaption"):
            caption.tag = "p"
        changed += 1
    for quote in root.iter("blockquote"):
        for footer in quote.iter("footer"):
            if trace is not None:
                trace.record("quotes-set-apart", footer)
            footer.tag = "p"
            changed += 1
    return changed
