"""Comment finders that read text shapes rather than markup: Typepad / Movable Type footers
("Posted by: NAME at DATE"), guestbook blocks ("<b>Name</b> wrote on 03/03/2005:") and
numbered posts ("Post 1", "Comment #2"). Finders by structure alone (signed sibling blocks,
signed and dated blocks in a region named for comments) are in
:mod:`pipeline.extract.comment_structure`.
"""

from __future__ import annotations

import re

from lxml import etree

from pipeline.extract.comment_dates import posted_in
from pipeline.extract.comment_items import Item, in_comment_area, in_form
from pipeline.extract.comment_lines import FOOTER_MAX_CHARS, POSTED_BY_LINE, REPLY_TO_LEAD, SAYS_LINE
from pipeline.extract.comment_rules import (
    AUTHOR_LINE_MAX_CHARS,
    NUMBERED_LABEL,
)
from pipeline.extract.html import PageText, element_text, short_text_hosts, text_within
from pipeline.extract.markers import FORUM_CONTEXT, marked
from pipeline.extract.vocabulary import MONTH_NAMES

# Elements that could be a "Posted by: NAME at DATE" footer: their text, whitespace-normalised
# as XPath's normalize-space does and with P, W, S, K, O, D in lower case, starts with one of these.
_FOOTER_TAGS = ("span", "p", "div", "small", "em", "footer")


_FOOTER_LEADS = ("posted ", "written ", "submitted ")


_FOOTER_FIRST = frozenset("PpWwSs")


# A lead anywhere in the page's text, with the letters the case folding above allows:
# "[Pp][Oo][Ss]te[Dd]|[Ww]ritten|[Ss]ubmitte[Dd]" and a space, written to start with one
# character class so that the regex engine skips to the next P, W or S (an alternation of
# classes is tried at every character: 3x slower over a page's text, ~1 ms a page).
_ANY_LEAD = re.compile(r"[PpWwSs](?:(?<=[Pp])[Oo][Ss]te[Dd]|(?<=[Ww])ritten|(?<=[Ss])ubmitte[Dd])[ \t\r\n]")


_LEAD_CASE = str.maketrans("PWSKOD", "pwskod")


_XML_SPACE = " \t\r\n"


_XML_SPACES = re.compile(r"[ \t\r\n]+")


# Normalised characters that decide a lead: the longest lead and the word it must be followed by.
_LEAD_CHARS = max(map(len, _FOOTER_LEADS)) + 1


def _footer_candidates(root: etree._Element, page: PageText | None = None) -> list[etree._Element]:
    """Short elements that could be a footer, in document order (checked in Python after).

    Linear: an XPath ``starts-with(normalize-space(.))`` builds the whole text of every nested
    div, quadratic in the nesting (12% of a run). A page whose text holds no lead at all has
    none; otherwise each element's text is read only up to its first words. ``page``: the
    page's text, when the caller holds it.
    """
    if not _ANY_LEAD.search((page or PageText(root)).raw):
        return []
    found = []
    for element in root.iter(_FOOTER_TAGS):
        own = element.text
        if own and (own := own.lstrip(_XML_SPACE)) and own[0] not in _FOOTER_FIRST:
            continue  # most elements: their own text starts with another letter
        raw = ""
        for piece in element.itertext():
            if not raw:
                piece = piece.lstrip(_XML_SPACE)
                if not piece:
                    continue
                if piece[0] not in _FOOTER_FIRST:
                    break
            raw += piece
            if len(_XML_SPACES.sub(" ", raw).rstrip(_XML_SPACE)) >= _LEAD_CHARS:
                break
        if raw and _XML_SPACES.sub(" ", raw).rstrip(_XML_SPACE).translate(_LEAD_CASE).startswith(_FOOTER_LEADS):
            found.append(element)
    return found


def footer_items(root: etree._Element, page: PageText | None = None) -> list[Item]:
    """Typepad / Movable Type comments: the body, then "Posted by: NAME at DATE" closing it
    (MetaFilter's "posted by NAME at TIME on DATE", no colon).

    The footer's block is the comment (``div.comments-body``), or, when one block holds several
    comments, the siblings since the previous footer. Only inside a region named for comments
    (a blog post's own "Posted by X at 10:22" footer is a byline, not a comment).
    """
    items: list[Item] = []
    seen: set[etree._Element] = set()  # the footers read and all within them
    holding: set[etree._Element] = set()  # their ancestors: a block holding one is one of these
    footers = [footer for footer in _footer_candidates(root, page) if _footer(footer)]
    found = set(footers)
    for footer in footers:
        if footer in seen:
            continue
        block = footer.getparent()
        if block is not None and (block in seen or block in holding):
            # The block holds an earlier comment: this "footer" is a short comment's whole wrapper
            # (Drupal's reply ``div.indented``: "Submitted by June W on DATE permalink That's good
            # news, thank you. reply"), whose parent is the earlier comment's branch; the footer
            # is the first one inside it that holds no paragraph, and the comment that footer's block.
            inside = next((f for f in footer.iterdescendants() if f in found and next(f.iter("p"), None) is None), None)
            if inside is not None and inside in seen:
                continue  # the wrapper of a comment read already
            if inside is not None:
                footer, block = inside, inside.getparent()
        seen.update(footer.iter())
        holding.update(footer.iterancestors())
        footers_in_block = [f for f in block if f is footer or (isinstance(f.tag, str) and f in seen)]
        if block is None or block.tag in ("body", "main", "article") or len(footers_in_block) > 1:
            nodes = [footer]
            sibling = footer.getprevious()
            while sibling is not None and sibling not in seen and not POSTED_BY_LINE.match(element_text(sibling)):
                if isinstance(sibling.tag, str):
                    nodes.insert(0, sibling)
                sibling = sibling.getprevious()
            items.append(Item(None, nodes, author=footer))
        else:
            items.append(Item(block, [block], author=footer))
    return items


def _footer(element: etree._Element) -> bool:
    """A "Posted by: NAME at DATE" footer inside a region named for comments, outside a form."""
    text = element_text(element)
    if len(text) > FOOTER_MAX_CHARS or in_form(element, strict=True):
        return False
    match = POSTED_BY_LINE.match(text)
    return match is not None and _dated(match.group("when")) and in_comment_area(element)


def _dated(when: str) -> bool:
    """A footer's date part: a date, or a month and day without the year (MetaFilter prints
    "at 2:13 AM on March 22" on the year's own posts; the row is then undated)."""
    return posted_in(when, None) is not None or _MONTH_DAY.search(when) is not None


# "March 22", "22 March": a month name and a day, in any vocabulary language.
_MONTH_DAY = re.compile(rf"\b(?:(?:{MONTH_NAMES})\.?\s+\d{{1,2}}|\d{{1,2}}\.?\s+(?:{MONTH_NAMES}))\b", re.IGNORECASE)


_BOLD_LEADS = etree.XPath(
    "/descendant::p/*[1][self::b or self::strong] | /descendant::div/*[1][self::b or self::strong]"
)


def says_items(root: etree._Element) -> list[Item]:
    """Guestbook-style comments with no markup: '<p><b>Name</b> wrote on 03/03/2005:<br>...</p>'.

    Found by their shape (a bold name opening the block, then "wrote/said ...:"), two or more
    under one parent.
    """
    groups: dict[etree._Element | None, list[Item]] = {}
    for bold in _BOLD_LEADS(root):
        block = bold.getparent()
        name = element_text(bold)
        if (block.text or "").strip() or not name or len(name) > AUTHOR_LINE_MAX_CHARS * 2:
            continue
        if not SAYS_LINE.match(bold.tail or "") or in_form(block, strict=True):
            continue
        groups.setdefault(block.getparent(), []).append(Item(block, [block], author=bold))
    best = max(groups.values(), key=len, default=[])
    return best if len(best) >= 2 else []


# A post's number label is a word and a number ("Post 12", "Comment #3", "Beitrag 7"): longer
# text that starts so is a sentence.
NUMBERED_LABEL_MAX_CHARS = 20


def numbered_items(root: etree._Element, hosts: list[tuple[etree._Element, str]] | None = None) -> list[Item]:
    """Posts labelled by number ("Post 1", "Comment #2"). A bare "#3" says less (a ranking's
    badge, a listicle's step): it labels a post only inside a region named for comments or a
    thread (forum software's, thread or topic names on an ancestor)."""
    markers = []
    for host, node_text in short_text_hosts(root) if hosts is None else hosts:
        if len(node_text) <= NUMBERED_LABEL_MAX_CHARS and NUMBERED_LABEL.match(node_text):
            text = text_within(host, NUMBERED_LABEL_MAX_CHARS)
            if not text or not NUMBERED_LABEL.match(text) or in_form(host, strict=True) or host in markers:
                continue
            if text.startswith("#") and not (in_comment_area(host) or _in_thread(host)):
                continue
            if (line := host.getparent()) is not None and REPLY_TO_LEAD.match(element_text(line)):
                continue  # "In reply to comment 1 by NAME": another post's number, not this one's label
            markers.append(host)
    markers = [m for m in markers if not any(d in markers for d in m.iterdescendants())]
    items: list[Item] = []
    for marker in markers:
        # Climb while the ancestor holds only this marker and no form or section heading.
        container: etree._Element = marker
        parent = marker.getparent()
        while parent is not None and parent.tag not in ("body", "main", "article", "html"):
            others = [m for m in markers if m is not marker and (m in parent.iterdescendants())]
            if (
                others
                or parent.find(".//form") is not None
                or parent.find(".//textarea") is not None
                or parent.xpath(".//h1|.//h2|.//h3[not(. = $m)]", m=marker)
            ):
                break
            container = parent
            parent = parent.getparent()
        if container is not marker:
            items.append(Item(container, [container]))
            continue
        nodes = [marker]
        sibling = marker.getnext()
        while (
            sibling is not None
            and sibling not in markers
            and sibling.tag not in ("form", "h1", "h2", "h3")
            and not any(d in markers for d in sibling.iterdescendants())
        ):
            nodes.append(sibling)
            sibling = sibling.getnext()
        items.append(Item(None, nodes))
    return items


def _in_thread(element: etree._Element) -> bool:
    return any(marked(ancestor, FORUM_CONTEXT) for ancestor in element.iterancestors())
