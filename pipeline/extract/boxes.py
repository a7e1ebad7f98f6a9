"""Boilerplate found by its short text: the boxes a label heads ("Did you know?", "You might
also Like"), lone labels ("Advertisement"), "... more..." teasers, today-in-history entries,
byline lines, inline reference markers and closing sections ("References", "See also").

Each function returns the elements to remove; :func:`pipeline.extract.boilerplate.remove_boilerplate`
runs them as named rules and drops what they return, sparing the article's own container.
Split from the boilerplate layer, whose other rules look at tags, roles and class/id tokens.
"""

from __future__ import annotations

import re

from lxml import etree

from pipeline.extract import byline_patterns as B
from pipeline.extract import patterns as P
from pipeline.extract import prefilters as F
from pipeline.extract.boilerplate_names import PROTECTED_TAGS
from pipeline.extract.bylines import byline_pieces
from pipeline.extract.dates import find_date
from pipeline.extract.html import HEADING_TAGS, INLINE_TAGS, block_host, block_lines, element_text, text_within
from pipeline.extract.structure import TextMass
from pipeline.extract.textrules import FOLLOWER_LINK_SHARE, LABEL_MAX_CHARS, enclosing_block
from pipeline.extract.word_counts import ends_a_sentence, word_count

# A labelled box ("Related articles" + its list) is small; a bigger parent is the page.
BOX_MAX_CHARS = 2500
# "[12]", "[edit]", "[citation needed]": an inline marker is short.
INLINE_MARKER_CHARS = 24
# Words of its own after an inline label that make the rest of the paragraph a sentence the
# label leads into (SENTENCE_MIN_WORDS in boilerplate.py: a sentence, not a tagline).
LEAD_IN_MIN_WORDS = 8
_WORD = re.compile(r"\w+(?:[-'’.]\w+)*")
# A labelled box holding this many paragraphs that are sentences (LEAD_IN_MIN_WORDS words
# ending in a full stop) is a section of the page under a label-like heading, not a box: a
# shop's "Good to know" over its care and assembly notes (wcxb-dev 0622 0.522 -> 0.622, the
# notes are in the gold and trafilatura keeps them). Measured on the tune pages (session 9):
# at 2 it moves one page (0622 +0.099), none lower, leaks, ScrapingHub and the fixtures
# unchanged; at 3 or more it moves none. A "Did you know?" box holds one fact.
BOX_PROSE_MIN_SENTENCES = 2
# A labelled box whose text is this share or more code (``<pre>``, ``<code>``) is a code sample
# under its caption ("Response", "Example"), not a box: an API reference's sample responses
# went as a "Responses" comment box (wcxb-dev 0680).
BOX_CODE_SHARE = 0.5
# Teasers ("... more...") and history entries are one or two sentences.
TEASER_MAX_CHARS = 400
# The headings a closing section ('References', 'More from CFR') may start under.
CLOSING_HEADINGS = ("h2", "h3", "h4")


def labelled_boxes(hosts: list[tuple[etree._Element, str]], mass: TextMass) -> list[etree._Element]:
    """Boxes introduced by a boilerplate label, e.g. <div><h3>Did you know?</h3>...</div>."""
    found: list[etree._Element] = []
    for host, node_text in hosts:
        if len(node_text) > LABEL_MAX_CHARS or not P.BOX_LABELS.match(node_text):
            continue
        located = block_host(host, LABEL_MAX_CHARS)
        if located is None or located[0].getparent() is None or not P.BOX_LABELS.match(located[1]):
            continue
        element = located[0]
        if element.tag in INLINE_TAGS and _leads_a_sentence(element):
            continue
        box = _box_for(element, mass)
        if _holds_prose(box) or _holds_code(box):
            continue
        if box is element and element.tag in CLOSING_HEADINGS and P.MORE_FROM_HEADING.match(located[1]):
            continue  # closing-sections takes its whole section (a heading alone: 'References' stays a label)
        found.append(box)
        if box is element and not P.LABEL_ONLY.match(located[1]):
            follower = element.getnext()
            if (
                follower is not None
                and follower.tag in ("ul", "ol", "dl", "div", "section", "nav")
                and not mass.is_article_like(follower)
                and mass.chars.get(follower, 0) < BOX_MAX_CHARS
                and (follower.tag in ("ul", "ol", "dl", "nav") or _is_link_list(follower))
            ):
                found.append(follower)
    return found


def _holds_code(box: etree._Element) -> bool:
    """Whether BOX_CODE_SHARE of the box's text is code (outermost ``<pre>`` and ``<code>``)."""
    total = len(element_text(box))
    if not total:
        return False
    code = sum(
        len(element_text(block))
        for block in box.iter("pre", "code")
        if not any(a.tag in ("pre", "code") for a in block.iterancestors())
    )
    return code >= BOX_CODE_SHARE * total


def _holds_prose(box: etree._Element) -> bool:
    """Whether the box holds BOX_PROSE_MIN_SENTENCES paragraphs that are sentences: the label
    heads a section of the page's prose, which a rule must not take without proof. A box with
    headings of its own under the label is a grid of cards (a team's bios), not one section."""
    if sum(1 for _ in box.iter(*HEADING_TAGS)) > 1:
        return False
    count = 0
    for block in box.iter("p"):
        text = element_text(block)
        if word_count(text, _WORD) >= LEAD_IN_MIN_WORDS and ends_a_sentence(text):
            count += 1
            if count >= BOX_PROSE_MIN_SENTENCES:
                return True
    return False


def _leads_a_sentence(label: etree._Element) -> bool:
    """An inline label that the rest of its paragraph continues with a sentence of its own words
    (links left out): "<strong>Meet the experts</strong>: Scott Keatley, R.D., is co-owner of ...",
    a lead-in of the article's text, not the heading of a box ("<b>Related:</b> <a>...</a>").
    Only in a paragraph (``<p>``): a card's "Related" over a teaser's blurb (wcxb-dev 0382) and
    a shop's "Recommended:" over its specifications (3072, 3078) are boxes or lists, not prose."""
    parent = label.getparent()
    if parent is None or parent.tag != "p":
        return False
    parts = [label.tail or ""]
    for sibling in label.itersiblings():
        if sibling.tag != "a":
            parts.append(element_text(sibling))
        parts.append(sibling.tail or "")
    return word_count(" ".join(parts), _WORD) >= LEAD_IN_MIN_WORDS


def _is_link_list(element: etree._Element) -> bool:
    """A box of links (a related list) rather than a section of prose that follows a label."""
    text = len(element_text(element))
    linked = sum(len(element_text(a)) for a in element.iter("a"))
    return text > 0 and linked / text >= FOLLOWER_LINK_SHARE


def _box_for(label: etree._Element, mass: TextMass) -> etree._Element:
    """The smallest ancestor that the label heads, unless that ancestor is the article."""
    box = label
    while True:
        parent = box.getparent()
        if parent is None or parent.tag in PROTECTED_TAGS or mass.is_article_like(parent):
            return box
        if mass.chars.get(parent, 0) > BOX_MAX_CHARS:
            return box
        first = _first_text_child(parent)
        if first is not box and (parent.text or "").strip() == "":
            return box
        if first is not box:
            return box
        box = parent


def _first_text_child(parent: etree._Element) -> etree._Element | None:
    for child in parent:
        if (
            isinstance(child.tag, str)
            and child.tag not in ("script", "style", "img", "br", "hr")
            and element_text(child)
        ):
            return child
    return None


def inline_markers(hosts: list[tuple[etree._Element, str]]) -> list[etree._Element]:
    """Reference numbers and edit links inside the text: the inline element alone goes."""
    found: list[etree._Element] = []
    for host, node_text in hosts:
        if len(node_text) > INLINE_MARKER_CHARS or host.tag not in INLINE_TAGS:
            continue
        element, text = host, text_within(host, INLINE_MARKER_CHARS) or ""
        while element.getparent() is not None and element.getparent().tag in INLINE_TAGS:
            parent_text = text_within(element.getparent(), INLINE_MARKER_CHARS)
            if parent_text is None or not P.INLINE_MARKER.match(parent_text):
                break
            element, text = element.getparent(), parent_text
        if element.tag != "sup" and (parent := element.getparent()) is not None and parent.tag == "sup":
            element = parent  # <sup><a href="#ref-1">1</a></sup>: the call is the whole <sup>
        call = element.tag == "sup" and _is_note_number(element, text)
        if call or (P.INLINE_MARKER.match(text) and not _in_code(element) and not _numbers_its_block(element, text)):
            found.append(element)
    return found


# Code prints brackets as code: a list "[3, 4]" a session prints, an index "a[x]" (wcxb-dev tune
# 2858, the Python tutorial's outputs and its `a[len(a):] = [x]`), never a footnote call.
_CODE_TAGS = frozenset({"pre", "code", "kbd", "samp"})


def _in_code(element: etree._Element) -> bool:
    return element.tag in _CODE_TAGS or any(a.tag in _CODE_TAGS for a in element.iterancestors())


def _numbers_its_block(element: etree._Element, text: str) -> bool:
    """A bracketed number with no text before it in its block numbers that block (an arXiv
    listing's "[1] arXiv:2603.05498", a numbered entry), where a footnote call follows the
    words it annotates. Numbers only: a 2012 MediaWiki heading opens with its "[edit]" link."""
    if not _NOTE_NUMBERS.fullmatch(text.strip("[] \t\n")):
        return False
    node = element
    while True:
        parent = node.getparent()
        if parent is None or (parent.text or "").strip():
            return False
        before = node.getprevious()
        while before is not None:
            if (before.tail or "").strip() or (isinstance(before.tag, str) and element_text(before).strip()):
                return False
            before = before.getprevious()
        if parent.tag not in INLINE_TAGS:
            return True
        node = parent


def _is_note_number(element: etree._Element, text: str) -> bool:
    """<sup><a href="#fn3">3</a></sup>: a footnote call."""
    link = element if element.tag == "a" else element.find(".//a")
    return bool(_NOTE_NUMBERS.fullmatch(text)) and link is not None and (link.get("href") or "").startswith("#")


# "3", "1,2", "4-6": the numbers a footnote call shows.
_NOTE_NUMBERS = re.compile(r"\d{1,3}(?:\s*[,–-]\s*\d{1,3})*")


def closing_sections(root: etree._Element, mass: TextMass) -> list[etree._Element]:
    """'References', 'See also', 'External links' headings and what follows them, down to the
    next heading of the same or a higher level (flat wiki-style sections)."""
    found: list[etree._Element] = []
    for heading in root.iter(*CLOSING_HEADINGS):
        if heading.getparent() is None or not P.CLOSING_SECTIONS.match(element_text(heading)):
            continue
        level = int(heading.tag[1])
        found.append(heading)
        sibling = heading.getnext()
        while sibling is not None:
            if isinstance(sibling.tag, str):
                if sibling.tag in HEADING_TAGS and int(sibling.tag[1]) <= level:
                    break
                if sibling.find(".//h2") is not None or (level > 2 and sibling.find(".//h3") is not None):
                    break
                if sibling in mass.protected:
                    break
                found.append(sibling)
            sibling = sibling.getnext()
    return found


def labels_teasers_bylines(hosts: list[tuple[etree._Element, str]]) -> list[etree._Element]:
    """Lone ad labels, scripts' notices (a form's error, a stock counter: ``P.STATUS_MESSAGE``),
    "... more..." teasers, today-in-history entries and byline lines."""
    found: list[etree._Element] = []
    for host, node_text in hosts:
        if P.STATUS_START.match(node_text):
            located = block_host(host, P.STATUS_MAX_CHARS)
            if located is not None and P.STATUS_MESSAGE.match(located[1]):
                found.append(located[0])
                continue
        if len(node_text) <= LABEL_MAX_CHARS and P.LABEL_ONLY.match(node_text):
            located = block_host(host, LABEL_MAX_CHARS)
            if located is not None and P.LABEL_ONLY.match(located[1]):
                found.append(located[0])
                continue
        history = F.HISTORY_ENTRY_MARK in node_text and P.HISTORY_ENTRY.match(node_text)
        if history or (host.tag == "a" and P.TEASER_END.search(node_text)):
            block = enclosing_block(host)
            text = text_within(block, TEASER_MAX_CHARS) if block is not None else None
            if (
                block is not None
                and text
                and (P.HISTORY_ENTRY.match(text) or (P.TEASER_END.search(text) and _ends_in_link(block)))
            ):
                found.append(block)
                continue
        # A text no label starts is a byline only by DECOY_DATE_LABEL (see is_byline): its
        # characters first.
        if B.LABEL_START.match(node_text) or (F.DECOY_DATE_CHARS.search(node_text) and is_byline(node_text)):
            located = block_host(host, B.BYLINE_MAX_CHARS)
            if located is not None and _in_card(located[0]):
                continue  # a listed card's byline is that card's data, not the page's byline
            value = located[0].getnext() if located is not None and located[0].tag == "dt" else None
            if located is not None and value is not None and value.tag == "dd":
                # <dt>Page last reviewed:</dt><dd>3 October 2024</dd>: the label and its value go together
                if is_byline(f"{located[1]} {element_text(value)}"):
                    found.extend((located[0], value))
            elif located is not None and len(located[0]) <= BYLINE_BLOCK_MAX_CHILDREN and _all_byline(*located):
                found.append(located[0])
    return found


# A byline inside a card of a list (``card-bylines``, session 20): an <li> or <article> with at
# least this many of its tag side by side (itself counted), whose heading is a link, within
# CARD_MAX_DEPTH levels above the byline. A collection's or a listing's cards print each item's
# writer and date ("by Lauren Dragan", "Updated Mar 8, 2026"), which its gold keeps; the page's
# own byline is never one of a run of linked cards. Measured on wcxb-dev tune (session 20): 2934
# +0.062 (135 card bylines and dates), 2910 and 0658 moved under 0.005, no other page changed;
# allowing <div> cards too took an article's own "Written by" line (0222) out of the rule.
CARD_MIN_SIBLINGS = 3
CARD_MAX_DEPTH = 6
_CARD_TAGS = frozenset({"li", "article"})
_LINKED_HEADING = etree.XPath(".//*[self::h2 or self::h3 or self::h4 or self::h5 or self::h6][.//a or parent::a]")


def _in_card(element: etree._Element) -> bool:
    """The element sits in a card of a list: see CARD_MIN_SIBLINGS."""
    node = element
    for _ in range(CARD_MAX_DEPTH):
        parent = node.getparent()
        if parent is None:
            return False
        if node.tag in _CARD_TAGS and sum(1 for s in parent if s.tag == node.tag) >= CARD_MIN_SIBLINGS:
            return bool(_LINKED_HEADING(node))
        node = parent
    return False


def _all_byline(element: etree._Element, text: str) -> bool:
    """The block is a byline, or every labelled piece of it is ("by A<br>Posted X | Updated Y")."""
    if is_byline(text):
        return True
    pieces = byline_pieces(block_lines(element))
    return len(pieces) > 1 and all(is_byline(piece) for piece in pieces)


def _ends_in_link(element: etree._Element) -> bool:
    links = element.findall(".//a")
    return bool(links) and P.TEASER_END.search(element_text(links[-1]) or "") is not None


# A byline line is a label, a name or two (with credentials) and a date; a longer line that
# starts with a label is a sentence of the article ("Updated guidance from the CDC says ...").
BYLINE_MAX_WORDS = 16
# A line the label word alone opens ("By Jane Doe", "Von Anna Berg") or a decoy date label
# ("Next review due ...") is held shorter: those words also open sentences.
BARE_BYLINE_MAX_WORDS = 12
# A byline block is a line or two of labelled parts (names, dates, <br>s, separators); an element
# with more children is a container that holds more than bylines.
BYLINE_BLOCK_MAX_CHILDREN = 12


def is_byline(text: str) -> bool:
    """A short line that names an author, editor or date: metadata, not article text.

    Each of the four labels tested first is LABEL_START's words followed by a character its
    lookahead accepts, so a text LABEL_START does not match is a byline only by DECOY_DATE_LABEL
    (:func:`labels_teasers_bylines` tests that pattern's characters first)."""
    if B.MODIFIED_LABEL.match(text) or B.PUBLISHED_LABEL.match(text):
        return len(text.split()) <= BYLINE_MAX_WORDS and find_date(text) is not None
    if B.EDITOR_LABEL.match(text):
        return len(text.split()) <= BYLINE_MAX_WORDS
    if B.AUTHOR_LABEL.match(text):
        if text.split()[0].lower() in B.BARE_LABELS:
            by_name = B.BY_NAME.match(text)
            return by_name is not None and by_name["initial"].isupper() and len(text.split()) <= BARE_BYLINE_MAX_WORDS
        return len(text.split()) <= BYLINE_MAX_WORDS
    return bool(B.DECOY_DATE_LABEL.search(text)) and len(text.split()) <= BARE_BYLINE_MAX_WORDS
