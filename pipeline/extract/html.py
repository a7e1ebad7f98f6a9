"""Parse once: HTML text -> one lxml tree shared by every extraction step; tree -> text helpers."""

from __future__ import annotations

import re

from lxml import etree
from lxml.html import HtmlElement, HTMLParser, fromstring

from pipeline.errors import ExtractionError

# Same settings as trafilatura's own parser, so handing it our tree changes nothing.
_PARSER = HTMLParser(collect_ids=False, default_doctype=False, encoding="utf-8", remove_comments=True, remove_pis=True)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_SPACE = re.compile(r"\s+")

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


def parse_html(html: str) -> HtmlElement:
    """Build the page's one tree; raises ExtractionError for input that is not a document."""
    if not html or not html.strip():
        raise ExtractionError("empty document")
    text = _XML_DECLARATION.sub("", html, count=1)
    try:
        tree = fromstring(text.encode("utf-8", "replace"), parser=_PARSER)
    except (etree.ParserError, ValueError) as exc:
        raise ExtractionError(f"unparseable HTML: {exc}") from None
    if tree is None:
        raise ExtractionError("unparseable HTML: no root element")
    root = tree.getroottree().getroot()
    return root if isinstance(root, HtmlElement) else tree


def collapse(text: str | None) -> str:
    """Whitespace-normalise one line of text."""
    return _SPACE.sub(" ", text or "").strip()


def element_text(element: etree._Element) -> str:
    """The element's visible text on one line (no script or style content)."""
    parts: list[str] = []
    _gather(element, parts, block_breaks=False)
    return collapse("".join(parts))


def block_lines(element: etree._Element) -> list[str]:
    """The element's text split at block boundaries (paragraphs, list items, divs, <br>)."""
    parts: list[str] = []
    _gather(element, parts, block_breaks=True)
    return [line for line in (collapse(p) for p in "".join(parts).split("\n")) if line]


def _gather(element: etree._Element, parts: list[str], block_breaks: bool) -> None:
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag in ("script", "style", "noscript", "template"):
        if element.tail:
            parts.append(element.tail)
        return
    is_block = block_breaks and tag in BLOCK_TAGS
    if is_block:
        parts.append("\n")
    if element.text and isinstance(element.tag, str):
        parts.append(element.text)
    for child in element:
        _gather(child, parts, block_breaks)
    if is_block:
        parts.append("\n")
    elif tag in ("td", "th"):
        parts.append(" ")
    if element.tail:
        parts.append(element.tail)


def class_id(element: etree._Element) -> str:
    """``class`` and ``id`` together, lower-case: what class/id rules match against."""
    get = element.get
    return f"{get('class') or ''} {get('id') or ''}".lower()


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
