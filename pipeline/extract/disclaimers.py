"""Medical disclaimers as metadata: "This content does not replace professional advice."

The boilerplate layer removes them from the article text (:mod:`pipeline.extract.textrules`);
this module keeps the sentence, so ``metadata.disclaimer`` says what the page disclaims.
Read-only: it runs with the metadata, before anything is removed from the tree.
"""

from __future__ import annotations

import re

from lxml import etree

from pipeline.extract import patterns as P
from pipeline.extract.html import PageText, collapse, text_within
from pipeline.extract.textrules import enclosing_block

# Financial "forward-looking statements" match the disclaimer rules for the text but are no
# medical disclaimer.
_NOT_MEDICAL = re.compile(r"forward-looking", re.IGNORECASE)
_TEXT_NODES = etree.XPath("/descendant::body/descendant::text()[normalize-space()]")  # not "//": slower in libxml2
# Markup whitespace inflates a text node; past this it is no sentence or two of disclaimer.
_NODE_MAX_RAW_CHARS = P.DISCLAIMER_MAX_CHARS * 2
# Where one sentence ends and the next begins: a Latin full stop, question or exclamation mark
# and a space before a capital; a bullet or a bar between spaces; or Japanese and Chinese "。！？",
# which need no space after them (without it, a block of two Japanese sentences was one: the
# disclaimer came with the sentence before it).
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÀ-Ý¿¡])|\s+[·|]\s+|(?<=[\u3002\uff01\uff1f])\s*")


def disclaimer_words(root: etree._Element, page: PageText | None = None) -> list[str]:
    """The DISCLAIMER_WORDS the page's whole text holds, lower-cased (the page of ``root``):
    ``page`` is its text when the caller (the comment finders) has read it already, so the page
    is not serialised again."""
    top = root.getroottree().getroot()
    if page is not None and page.root is top and top.tail is None:  # the same text: the root has no tail
        folded = page.raw.lower()
    else:
        folded = etree.tostring(top, method="text", encoding=str).lower()
    return [w for w in P.DISCLAIMER_WORDS if w in folded]


def find_disclaimer(
    root: etree._Element, excluded: set[etree._Element], on_page: list[str] | None = None
) -> str | None:
    """The first medical disclaimer on the page (outside comments), as the sentences that say it.

    A text node is read only when it holds one of DISCLAIMER_WORDS; a page whose whole text holds
    none (four in five of ScrapingHub's) has no such node, and one look at that text (a third of
    the cost of the walk) answers for it. ``on_page``: :func:`disclaimer_words` of the page, when
    the caller has them. A node is asked only for the words its page holds: its lower-cased text
    is a piece of the page's (``str.lower`` maps each character alone but a final sigma, which no
    word holds), so a word the page lacks is in none of its nodes."""
    present = disclaimer_words(root) if on_page is None else on_page
    if not present:
        return None
    for node in _TEXT_NODES(root):
        if len(node) > _NODE_MAX_RAW_CHARS:
            continue
        folded = node.lower()
        if not any(w in folded for w in present):
            continue
        node_text = collapse(node)
        if not P.DISCLAIMER.search(node_text) or _NOT_MEDICAL.search(node_text):
            continue
        host = node.getparent()
        if host is None or any(a in excluded for a in host.iterancestors()):
            continue
        block = enclosing_block(host)
        text = text_within(block, P.DISCLAIMER_MAX_CHARS) if block is not None else None
        return _disclaiming_sentences(text or node_text)
    return None


def _disclaiming_sentences(text: str) -> str:
    """From the first sentence that disclaims to the end of the block (a disclaimer is a sentence or two)."""
    text = text.strip()
    sentences: list[str] = []
    joins: list[str] = []  # between a sentence and the next: a space, none after a CJK full stop
    at = 0
    for end in _SENTENCE_END.finditer(text):
        if end.end() >= len(text):
            break
        sentences.append(text[at : end.start()])
        joins.append(" " if end.group() else "")
        at = end.end()
    sentences.append(text[at:])
    first = next((i for i, s in enumerate(sentences) if P.DISCLAIMER.search(s)), 0)
    said = sentences[first]
    for join, sentence in zip(joins[first:], sentences[first + 1 :], strict=True):
        said += join + sentence
    return said.strip()
