"""The page tree the perturbations work on (``bench/perturbations.py``,
``bench/comment_perturbations.py``): parsed and written back the one way, and the article's own
container located from the gold text.
"""

from __future__ import annotations

import unicodedata

import lxml.html
from lxml import etree

# Blocks whose text is matched against the gold text to find the article's container.
BLOCK_TAGS = ("p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "blockquote", "td", "dd", "dt")
# A block shorter than this may be a label the gold text holds by chance ("Share", "Home").
BLOCK_MIN_CHARS = 30
# The container holds at least this share of the matched blocks' characters: most of the article,
# not all of it (a gold text may keep a caption or a related link outside the article).
CONTAINER_SHARE = 0.8


def _normal(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).lower().split())


def content_container(root: etree._Element, gold: str) -> etree._Element | None:
    """The deepest element whose blocks hold CONTAINER_SHARE of the gold-matched characters."""
    normal_gold = _normal(gold)
    weights: dict[etree._Element, int] = {}
    total = 0
    for block in root.iter(*BLOCK_TAGS):
        text = _normal(block.text_content())
        if len(text) < BLOCK_MIN_CHARS or text not in normal_gold:
            continue
        if any(a in weights for a in block.iterancestors(*BLOCK_TAGS)):
            continue  # a paragraph inside a matched list item is counted once
        weights[block] = len(text)
        total += len(text)
    if not total:
        return None
    held: dict[etree._Element, int] = {}
    for block, weight in weights.items():
        for element in [block, *block.iterancestors()]:
            held[element] = held.get(element, 0) + weight
    best = None
    for element, weight in held.items():
        if weight >= CONTAINER_SHARE * total and element.tag not in ("html", "body"):
            if best is None or _depth(element) > _depth(best):
                best = element
    return best


def _depth(element: etree._Element) -> int:
    return sum(1 for _ in element.iterancestors())


def parse(html: str) -> etree._Element:
    """The page as a tree (lxml.html, as the pipeline reads it). An XHTML page of 2012 opens with
    ``<?xml ... encoding="UTF-8"?>``, which lxml refuses in a str: such a page is parsed from its
    UTF-8 bytes."""
    if html.lstrip().startswith("<?xml"):
        return lxml.html.document_fromstring(html.encode("utf-8"), parser=_UTF8_PARSER)
    return lxml.html.document_fromstring(html)


_UTF8_PARSER = lxml.html.HTMLParser(encoding="utf-8")


def serialise(root: etree._Element) -> str:
    """The tree written back as a page, with its doctype."""
    return str(lxml.html.tostring(root, encoding="unicode", doctype="<!DOCTYPE html>"))
