"""Blocks recognised by what they say, wherever they stand and whatever their class names:
disclaimers, picture credits, tool-link lines, "Related topics: a | b" lines, authors' bios."""

from __future__ import annotations

import re

from lxml import etree

from pipeline.extract import patterns as P
from pipeline.extract import prefilters as F
from pipeline.extract.boilerplate_names import PROTECTED_TAGS
from pipeline.extract.html import INLINE_TAGS, element_text, names_of, text_within
from pipeline.extract.structure import TextMass

# A label is a few words; longer text under a boilerplate-looking heading is content.
LABEL_MAX_CHARS = 70
# A div after a label is the label's list only when links make up this share of its text.
FOLLOWER_LINK_SHARE = 0.5
# A breadcrumb trail has at least a home, a section and the page.
BREADCRUMB_MIN_STEPS = 3
# A navigation line's links are labels ("Archive", "<< Previous question"), not sentences.
NAV_LINK_MAX_CHARS = 40
# A bio card is the bio paragraph, its name line and a photo: at most this many levels up.
BIO_BOX_LEVELS = 2
_BLOCK_TAGS = frozenset(["p", "div", "li", "dd", "section", "aside", "span", "td", "blockquote"])


def text_rule_blocks(
    hosts: list[tuple[etree._Element, str]], mass: TextMass, authors: list[str]
) -> list[etree._Element]:
    """Blocks recognised by what they say: disclaimers, picture credits, tool-link lines,
    "Related topics: a | b | c" lines and the authors' bios."""
    found: list[etree._Element] = []
    seen: set[etree._Element] = set()
    # each block's text read once: the hosts of one big block (a page of 100,000 links, each
    # passing the cheap test) read its first characters once, not once per host
    texts: dict[etree._Element, str | None] = {}
    names = tuple(sorted({n for a in authors for n in (a, a.split()[0]) if len(n) >= 3}, key=len, reverse=True))
    for host, node_text in hosts:
        # Cheap test on the text node first: only a node that could start one of these
        # blocks makes us read the block around it.
        folded = node_text.lower()
        if host.getparent() is None or not (
            (F.DISCLAIMER_WORDS.search(folded) and P.DISCLAIMER.search(node_text))
            or (F.CAPTION_WORDS.search(folded) and P.CAPTION_CREDIT.search(node_text))
            or (host.tag == "a" and (P.TOOL_LINK.match(node_text) or _may_join_link_row(host) or _is_button(host)))
            or (F.COMMENT_POLICY_WORDS.search(folded) and P.COMMENT_POLICY.search(node_text))
            or _CRUMB_SEPARATOR.search(node_text)
            or node_text.startswith(("SOURCE ", "Media contact", "Press contact", "Investor contact", "About "))
            or P.PRINT_NOTE.match(node_text)
            or (node_text.endswith(":") and P.BOX_LABELS.match(node_text[:-1]))
            or (names and node_text.startswith(names))
        ):
            continue
        block = enclosing_block(host)
        if block is None:
            text = None
        elif block in texts:
            text = texts[block]
        else:
            text = texts[block] = text_within(block, P.BIO_MAX_CHARS)
        if text is None and host.tag in INLINE_TAGS and _says_boilerplate(node_text):
            # An inline note inside a big flat cell (<font>Comments are checked...</font>).
            found.append(host)
            continue
        if block is None or block in seen or block.tag in PROTECTED_TAGS or block in mass.protected:
            continue
        seen.add(block)
        if not text:
            continue
        if (
            _says_boilerplate(text)
            or _is_breadcrumb(text)
            or (len(text) <= P.DISCLAIMER_MAX_CHARS and P.PRESS_TRAILER.match(text))
            or _is_tool_line(block, text)
            or _is_label_and_links(block, text)
            or _is_button_line(block, text)
        ):
            found.append(block)
        elif (issuer := P.ABOUT_ISSUER.match(text)) and (
            (following := _issuer_paragraph(block, issuer.group(1))) is not None
        ):
            found.extend((block, following))
        elif names and _is_bio(text, names):
            found.append(_bio_box(block, mass))
    return found


_CRUMB_SEPARATOR = re.compile(r"\s[>›»]\s")


def _is_breadcrumb(text: str) -> bool:
    """'Home > Health Topics > Gout': three or more short steps between '>' signs."""
    steps = _CRUMB_SEPARATOR.split(text)
    return len(steps) >= BREADCRUMB_MIN_STEPS and all(0 < len(step) <= NAV_LINK_MAX_CHARS for step in steps)


def _issuer_paragraph(label: etree._Element, issuer: str) -> etree._Element | None:
    """The paragraph after 'About Acme Corp' when it starts by naming Acme Corp."""
    following = label.getnext()
    if following is None or not isinstance(following.tag, str):
        return None
    text = text_within(following, P.BIO_MAX_CHARS * 2)
    return following if text and text.startswith(issuer.strip()) else None


def _says_boilerplate(text: str) -> bool:
    """A disclaimer, a picture credit, a print-edition note or a comment-policy line.

    A case-blind pattern is searched only in a text that holds one of its words
    (:mod:`~pipeline.extract.prefilters`): the alternations of every language's phrases took
    ~25 us a text, 0.06 s of a run over ScrapingHub's pages, where nearly no text holds one."""
    if len(text) > max(P.CAPTION_MAX_CHARS, P.DISCLAIMER_MAX_CHARS):
        return False
    folded = F.case_fold(text)
    if len(text) <= P.CAPTION_MAX_CHARS and F.CAPTION_FOLDED.search(folded) and P.CAPTION_CREDIT.search(text):
        return True
    return len(text) <= P.DISCLAIMER_MAX_CHARS and bool(
        (F.DISCLAIMER_FOLDED.search(folded) and P.DISCLAIMER.search(text))
        or P.PRINT_NOTE.match(text)
        or (F.COMMENT_POLICY_WORDS.search(text.lower()) and P.COMMENT_POLICY.search(text))
    )


def _links_and_rest(block: etree._Element, text: str) -> tuple[list[str], str]:
    links = [element_text(a) for a in block.iter("a")]
    rest = text
    for link in links:
        rest = rest.replace(link, " ", 1)
    return [link for link in links if link], rest


def _is_tool_line(block: etree._Element, text: str) -> bool:
    """'[ Back to top ] [ Print this page ] [ E-mail this page to a friend ]'."""
    if len(text) > LABEL_MAX_CHARS * 2:
        return False
    links, rest = _links_and_rest(block, text)
    if not links or _TOOL_REST.sub("", rest):
        return False
    if all(P.TOOL_LINK.match(link) for link in links):
        return True
    # "<< Previous question | Archive | E-mail this page": a line of short links and separators only.
    # Links joined by commas alone are a list of names (a paper's authors, a card's tags), no tools.
    if _NAME_LIST_REST.fullmatch(rest):
        return False
    return len(links) >= 2 and all(len(link) <= NAV_LINK_MAX_CHARS for link in links)


def _is_button(link: etree._Element) -> bool:
    return P.BUTTON_LINK_CLASS.search(names_of(link)) is not None


def _is_button_line(block: etree._Element, text: str) -> bool:
    """A block that is one button-styled link and nothing else: 'Find out if weight loss
    medications can help you' between an article's sections, 'Get matched with a therapist'."""
    links = [a for a in block.iter("a") if element_text(a)]
    return len(links) == 1 and _is_button(links[0]) and " ".join(element_text(links[0]).split()) == text


def _is_label_and_links(block: etree._Element, text: str) -> bool:
    """'Related topics: Arthritis | Kidney Stones | Gout' in one block."""
    label, colon, _ = text.partition(":")
    if not colon or len(label) > LABEL_MAX_CHARS or not P.BOX_LABELS.match(label.strip()):
        return False
    links, _ = _links_and_rest(block, text)
    linked = sum(len(link) for link in links)
    return linked >= FOLLOWER_LINK_SHARE * (len(text) - len(label))


_TOOL_REST = re.compile(r"[\s\[\]|·•/()\-–—,.:<>«»]+")
# What lies between the links of a list of names: commas only ("A. Sun, B. Canziani, Y. LeCun").
_NAME_LIST_REST = re.compile(r"\s*(?:,\s*)+")
_SEPARATORS = "|·•»/"


def _may_join_link_row(link: etree._Element) -> bool:
    """A link followed by a separator ('<a>Print</a> | <a>Email</a>') or by nothing at all: a
    row's separators may sit in elements of their own (``<span>|</span>``), so a bare link's
    block is read too. Asking for a separator after the link alone (session 8) changed 15 of
    725 pages and cost wcxb-dev tune F1 0.001 (2908 -0.138, 3014 -0.078, 2916 +0.165)."""
    tail = (link.tail or "").strip()
    return not tail or tail[0] in _SEPARATORS


def _is_bio(text: str, names: tuple[str, ...]) -> bool:
    """'<Name> is a health writer ...': a block that starts with an author's name and a bio verb."""
    return any(text.startswith(name) and _BIO_TAIL.match(text, len(name)) is not None for name in names)


_BIO_TAIL = re.compile(rf"(?:\s+\w+){{0,3}}\s+{P.BIO_VERBS}\b")


def _bio_box(block: etree._Element, mass: TextMass) -> etree._Element:
    """The bio paragraph's small card (photo, name, bio), or the paragraph alone."""
    own = mass.chars.get(block, len(element_text(block)))
    box = block
    for _ in range(BIO_BOX_LEVELS):
        parent = box.getparent()
        if parent is None or parent.tag in PROTECTED_TAGS or parent in mass.protected:
            break
        if mass.chars.get(parent, 0) > own + LABEL_MAX_CHARS:
            break
        box = parent
    return box


def enclosing_block(element: etree._Element) -> etree._Element | None:
    while element is not None and element.tag not in _BLOCK_TAGS:
        parent = element.getparent()
        if parent is None:
            return None
        element = parent
    return element
