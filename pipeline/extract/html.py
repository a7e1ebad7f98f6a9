"""Parse once: HTML text -> one lxml tree shared by every extraction step; tree -> text helpers."""

from __future__ import annotations

import functools
import html
import re
from typing import cast

from lxml import etree
from lxml.html import (
    FormElement,
    HtmlComment,
    HtmlElement,
    HtmlEntity,
    HTMLParser,
    HtmlProcessingInstruction,
    InputElement,
    LabelElement,
    SelectElement,
    TextareaElement,
    fromstring,
)

from pipeline.errors import ExtractionError


def _element_classes() -> etree.ElementNamespaceClassLookup:
    """lxml.html's element classes (FormElement for <form>...; HtmlElement for the rest), chosen in C.

    lxml.html's own lookup is a Python method called each time an element gets its Python
    proxy: about 2,400 times a page here and in trafilatura's copies of the tree (each copy
    keeps its parser's lookup), 2-3% of the extract stage. The same classes by tag name, from
    lxml's C-level lookups: HTML tag names are lower case as parsed, as lxml.html assumes.
    """
    lookup = etree.ElementNamespaceClassLookup(
        etree.ElementDefaultClassLookup(
            element=HtmlElement, comment=HtmlComment, pi=HtmlProcessingInstruction, entity=HtmlEntity
        )
    )
    by_tag = lookup.get_namespace(None)
    classes = {"form": FormElement, "input": InputElement, "select": SelectElement}
    for tag, cls in {**classes, "textarea": TextareaElement, "label": LabelElement}.items():
        by_tag[tag] = cls
    return lookup


def _html_parser(huge_tree: bool = False) -> HTMLParser:
    """Same settings as trafilatura's own parser, so handing it our tree changes nothing."""
    parser = HTMLParser(
        collect_ids=False,
        default_doctype=False,
        encoding="utf-8",
        remove_comments=True,
        remove_pis=True,
        huge_tree=huge_tree,
    )
    parser.set_element_class_lookup(_element_classes())
    return parser


_PARSER = _html_parser()
# libxml2's nesting limit without XML_PARSE_HUGE (256): past it the parser stops reading, so a page
# with a deep widget (or hundreds of unclosed <font>s) before its article kept only its top.
# Such a page is parsed again with the limit lifted (the response size cap still bounds the
# input), as long as the tree stays shallow enough for the extraction's recursive walks:
# WALK_MAX_DEPTH leaves room under Python's default recursion limit (1000) for the call stack.
WALK_MAX_DEPTH = 800
_TOO_DEEP = "Excessive depth in document"
# libxml2's other limit without XML_PARSE_HUGE: a text node of about 10 MB (a 20 MB inline
# <script>, a huge <pre>) stops the parser there; the article after it was never read.
_TOO_BIG = "XML_PARSE_HUGE"
_DEEP_PARSER = _html_parser(huge_tree=True)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)

HEADING_TAGS = frozenset(["h1", "h2", "h3", "h4", "h5", "h6"])
# Elements whose text no reader sees as text: code, styles, a script's fallback, inert templates.
NO_TEXT_TAGS = frozenset(["script", "style", "noscript", "template"])
# An inline <svg>'s accessible name and description: a tooltip, never a line of text ("card"
# before "Acme Payments" in <h1><svg><title>card</title>...</svg>Acme Payments</h1>).
SVG_LABEL_TAGS = frozenset(["title", "desc"])
# Block-level tags: their text starts a new line when a subtree is flattened to text.
BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "dd",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "tbody",
        "td",
        "th",
        "thead",
        "tfoot",
        "tr",
        "ul",
        "br",
    ]
)


# A 200 with no body, or only whitespace (PHP's white screen after a fatal error, a backend that
# died before writing, a proxy's empty answer): the site failed, so a same-day retry fetches it.
EMPTY_DOCUMENT = "empty document"


def parse_html(html: str) -> HtmlElement:
    """Build the page's one tree; raises ExtractionError for input that is not a document."""
    if not html or not html.strip():
        raise ExtractionError(EMPTY_DOCUMENT)
    text = _XML_DECLARATION.sub("", html, count=1)
    tree = _parsed(text, _PARSER)
    if tree is None:
        raise ExtractionError("unparseable HTML: no root element")
    if any(_TOO_DEEP in entry.message or _TOO_BIG in entry.message for entry in _PARSER.error_log):
        tree = _deep_tree(text)
    root = tree.getroottree().getroot()
    root = root if isinstance(root, HtmlElement) else tree
    _strip_code(root)
    return root


def _parsed(text: str, parser: HTMLParser) -> HtmlElement | None:
    try:
        return fromstring(text.encode("utf-8", "replace"), parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise ExtractionError(f"unparseable HTML: {exc}") from None


def _deep_tree(text: str) -> HtmlElement:
    """The page parsed without libxml2's limits (nesting, text node size), or ExtractionError when
    it is nested deeper than the extraction can walk (what was read would be the page's top, not
    its article)."""
    too_deep = ExtractionError(f"unparseable HTML: elements nested deeper than {WALK_MAX_DEPTH}; the rest is unread")
    tree = _parsed(text, _DEEP_PARSER)
    if tree is None or any(_TOO_DEEP in entry.message for entry in _DEEP_PARSER.error_log):
        raise too_deep
    depth = deepest = 0
    for event, _element in etree.iterwalk(tree.getroottree().getroot(), events=("start", "end")):
        depth += 1 if event == "start" else -1
        deepest = max(deepest, depth)
    if deepest > WALK_MAX_DEPTH:
        raise too_deep
    return tree


def _strip_code(root: etree._Element) -> None:
    """Scripts and styles are never text; dropping them once makes every text read a C-level walk.

    JSON-LD scripts stay: they carry the metadata. The elements are found by a tag walk in C
    (the XPath "//script[not(contains(@type, 'ld+json'))] | //style | //template" finds the
    same, in the same order, at twice the cost).
    """
    code = root.getroottree().getroot().iter("script", "style", "template")
    for element in [e for e in code if e.tag != "script" or "ld+json" not in (e.get("type") or "")]:
        drop(element)


def collapse(text: str | None) -> str:
    """Whitespace-normalise one line of text."""
    return " ".join(text.split()) if text else ""


_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]{1,31});")


def decode_entities(text: str) -> str:
    """'Gout &#8211; causes' -> 'Gout – causes': entities a publisher escaped twice (JSON-LD, meta content)."""
    for _ in range(2):  # "&amp;#8211;" is escaped twice
        if "&" not in text or not _ENTITY.search(text):
            break
        text = html.unescape(text)
    return text


def raw_text(element: etree._Element) -> str:
    """All text below the element, as ``"".join(element.itertext())`` gives it (its tail left out).

    Serialised by libxml2 in one C call: ~9x faster than joining the pieces ``itertext()``
    yields in Python (33,000 elements of ScrapingHub pages: the same string for every one).
    """
    if not isinstance(element.tag, str):  # a comment or an entity: what itertext() gives
        return "".join(element.itertext())
    return cast(str, etree.tostring(element, method="text", encoding=str, with_tail=False))


class PageText:
    """A page's text (:func:`raw_text` of its root) and its casefolded form, each read once and
    only when first asked: the comment finders' page-level tests share them while the tree is
    read-only (four finders serialised the same text, two casefolded it)."""

    def __init__(self, root: etree._Element) -> None:
        self.root = root

    @functools.cached_property
    def raw(self) -> str:
        return raw_text(self.root)

    @functools.cached_property
    def folded(self) -> str:
        return self.raw.casefold()


def element_text(element: etree._Element) -> str:
    """The element's visible text on one line (scripts and styles were dropped at parse time)."""
    if element.tag == "script":
        return ""
    return collapse(raw_text(element))


def text_within(element: etree._Element, limit: int) -> str | None:
    """The element's text if it is at most ``limit`` characters, else None (stops reading early).

    Checks "is this a short label?" without walking big containers to the end.
    """
    if element.tag == "script":
        return None
    raw_limit = limit * 4 + 200  # markup whitespace inflates raw text; this bounds the read
    parts: list[str] = []
    size = 0
    for piece in element.itertext():
        size += len(piece)
        if size > raw_limit:
            return None
        parts.append(piece)
    text = collapse("".join(parts))
    return text if len(text) <= limit else None


def spaced_text(element: etree._Element) -> str:
    """The element's visible text on one line, a space where a block or ``<br>`` inside it
    starts or ends: a card's ``<div>``s in a list item ("#1", "Blink plan", "4.4 out of 5
    stars") are words apart on the page, and :func:`element_text` runs them together
    ("#1Blink plan4.4 out of 5 stars"). An element with no block inside is read as there.
    Its tail is left out, as :func:`element_text` leaves it (:func:`block_lines` keeps it): the
    text after a ``</p>`` is its parent's, which :func:`render_html` reads on its own."""
    if next(element.iterdescendants(*BLOCK_TAGS), None) is None:
        return element_text(element)
    parts = [element.text.replace("\n", " ")] if element.text else []
    for child in element:
        _gather(child, parts, block_breaks=True)
    return " ".join(_lines(parts))


def block_lines(element: etree._Element) -> list[str]:
    """The element's text split at block boundaries (paragraphs, list items, divs, <br>)."""
    parts: list[str] = []
    _gather(element, parts, block_breaks=True)
    return _lines(parts)


def _lines(parts: list[str]) -> list[str]:
    """The lines of gathered text pieces: split at the block breaks, collapsed, none empty."""
    return [line for line in (collapse(p) for p in "".join(parts).split("\n")) if line]


def _gather(element: etree._Element, parts: list[str], block_breaks: bool) -> None:
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag in NO_TEXT_TAGS or (tag in SVG_LABEL_TAGS and any(a.tag == "svg" for a in element.iterancestors())):
        if element.tail:
            parts.append(element.tail.replace("\n", " "))
        return
    is_block = block_breaks and tag in BLOCK_TAGS
    if is_block:
        parts.append("\n")
    # Newlines in the source are only whitespace; lines break at blocks and <br>.
    if element.text and isinstance(element.tag, str):
        parts.append(element.text.replace("\n", " "))
    for child in element:
        _gather(child, parts, block_breaks)
    if is_block:
        parts.append("\n")
    elif tag in ("td", "th"):
        parts.append(" ")
    if element.tail:
        parts.append(element.tail.replace("\n", " "))


def names_of(element: etree._Element) -> str:
    """``class`` and the naming test hooks, space-separated (not lower-cased).

    React and Vue sites often carry an element's meaning only in test hooks
    (``data-testid="comment-author"``) behind hashed class names.
    """
    get = element.get
    names = get("class") or ""
    if test_id := get("data-testid"):
        names = f"{names} {test_id}"
    if component := get("data-component"):
        names = f"{names} {component}"
    return names


def drop(element: etree._Element) -> None:
    """Remove an element but keep its tail text in the document."""
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail
    if tail and tail.strip():
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(element)


# Text nodes of this length or less can be a label, a byline or a "Post 1" marker.
SHORT_TEXT_CHARS = 200
_TEXT_NODES = etree.XPath("/descendant::body/descendant::text()[normalize-space()]")  # not "//": slower in libxml2
INLINE_TAGS = frozenset(
    "a abbr b bdi bdo cite code em font i kbd label mark q s small span strong sub sup time u var".split()
)


def short_text_hosts(root: etree._Element) -> list[tuple[etree._Element, str]]:
    """(element holding the text, collapsed text) for every short text node in the body.

    One C-level XPath instead of a Python walk over every element: label, byline and
    marker searches test these strings, then look at the elements around them.
    """
    hosts: list[tuple[etree._Element, str]] = []
    for node in _TEXT_NODES(root):
        if len(node) > SHORT_TEXT_CHARS * 2:
            continue
        text = collapse(node)
        if not text or len(text) > SHORT_TEXT_CHARS:
            continue
        parent = node.getparent()
        if parent is None:
            continue
        host = parent if node.is_text else parent.getparent()
        if host is not None and isinstance(host.tag, str):
            hosts.append((host, text))
    return hosts


def block_host(element: etree._Element, limit: int) -> tuple[etree._Element, str] | None:
    """Climb from an inline element to the smallest enclosing block whose text is at most ``limit``."""
    text = text_within(element, limit)
    if text is None:
        return None
    while element.tag in INLINE_TAGS:
        parent = element.getparent()
        if parent is None:
            break
        parent_text = text_within(parent, limit)
        if parent_text is None:
            break
        element, text = parent, parent_text
    return element, text


_ITEMPROP_ELEMENTS = etree.XPath("/descendant::*[@itemprop]")


def itemprop_elements(
    root: etree._Element, microdata: list[etree._Element] | None, prop: str | None = None
) -> list[etree._Element]:
    """The page's elements with an ``itemprop`` (equal to ``prop``, when given), in page order.

    ``microdata`` is the comment finders' list of the page's elements with an ``itemtype`` or
    ``itemprop`` (``CommentScan.microdata``), when their walk made one: a filter of its few
    elements instead of a whole-tree XPath (0.1-0.2 ms a page each, and three readers ask)."""
    found = _ITEMPROP_ELEMENTS(root) if microdata is None else microdata
    if prop is None:
        return [e for e in found if e.get("itemprop") is not None]
    return [e for e in found if e.get("itemprop") == prop]
