"""A comment's author: the element that names it, from author markup, an accessibility label,
a user card, a signature block under the post or a header line ("keepingsanity · 03/03/2026
19:49"). Whether a line of text is a name, and which, is :mod:`pipeline.extract.comment_names`.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from copy import deepcopy
from itertools import dropwhile
from urllib.parse import urlsplit

from lxml import etree

from pipeline.extract.comment_dates import ZONE_NOTE, date_like, only_a_date
from pipeline.extract.comment_items import class_words, find_by_tokens, walk
from pipeline.extract.comment_lines import (
    AUTHOR_CLEAN,
    AUTHOR_UI_WORD,
    COMMENT_NUMBER_LINE,
    DATE_BEFORE_NAME,
    FOOTER_MAX_CHARS,
    GONE_AUTHOR,
    LABELLED_AUTHOR,
    NAME_DATE_LINE,
    PLACE_AFTER_NAME,
    PLACES_AFTER_NAME,
    POSTED_AFTER_NAME,
    REPLY_TO_TAIL,
    button_row,
    ui_label,
)
from pipeline.extract.comment_names import (
    clean_author,
    looks_like_author_line,
    name_beside_date,
    signed_line,
    signs_beside_date,
)
from pipeline.extract.comment_rules import (
    AUTHOR_TOKENS,
    AUTHOR_WORDS,
    NOISE_TOKENS,
)
from pipeline.extract.dates import find_datetime
from pipeline.extract.html import block_lines, drop, element_text, text_within
from pipeline.extract.vocabulary import time_ago


def author_element(item: etree._Element, skip: Collection[etree._Element]) -> etree._Element | None:
    """The element naming a comment's author, by the surest evidence first: schema.org's author,
    whole class names (AUTHOR_TOKENS), parts of class names on an element showing a name
    (AUTHOR_WORDS), a <cite>, a removed account's "[deleted]"; None when nothing names one."""
    for element in walk([item], skip):
        if (element.get("itemprop") or "").lower() == "author":
            named = element.find(".//*[@itemprop='name']")
            return named if named is not None else element
    found = find_by_tokens([item], AUTHOR_TOKENS, skip, exact=True)
    if found is not None:
        return found
    # Not the item itself: its classes describe the comment ("comment-by-anonymous",
    # "comment-author-ruima"), not an author line inside it.
    found = find_by_tokens(
        [item], AUTHOR_WORDS, skip, avoid=BADGE_WORDS, accept=lambda element: element is not item and _names(element)
    )
    if found is not None and len(block_lines(found)) == 1:
        # "tt-answer__author" around the avatar, "a.tt-username", a badge and a post count in one
        # line: the name's own element, the line's start (the whole glues into "MeganFNew member3 posts")
        line = element_text(found).strip()
        inner = find_by_tokens(
            [found],
            AUTHOR_WORDS,
            skip,
            avoid=BADGE_WORDS,
            accept=lambda e: e is not found and line.startswith(element_text(e).strip()) and _names(e),
        )
        found = inner if inner is not None else found
    if found is None:
        cite = next(walk([item], skip, ("cite",)), None)
        if cite is not None:
            return cite
    if found is None:
        # A removed account shows as "[deleted]" where the name was: that is its author line.
        for element in walk([item], skip, ("em", "span", "a", "b", "strong")):
            if GONE_AUTHOR.match(element_text(element)):
                return element
    return found


# Class words of a badge beside a commenter's name ("author-badge", "tt-badge--new-member", a
# forum's "rank"): "Author", "New member", "Pharmacist" are what the reader is, not who.
BADGE_WORDS = frozenset({"badge", "flair", "rank"})


def _names(element: etree._Element) -> bool:
    """A class word such as 'user' marks many things (a user's "Journal" or "Homepage" link):
    the element must show a name."""
    return author_name(element) is not None


def labelled_author(
    nodes: list[etree._Element], skip: list[etree._Element]
) -> tuple[str | None, etree._Element | None]:
    """The name an accessibility label gives ("Comment by Bored Girl Builds"), and the element
    showing that name: widgets with hashed class names still label each comment for screen
    readers."""
    name = None
    for element in walk(nodes, skip):
        if name is None:
            if (label := element.get("aria-label")) and (match := LABELLED_AUTHOR.match(label.strip())):
                name = clean_author(match.group(1))
        elif element.tag in ("a", "span", "b", "strong", "cite") and element_text(element) == name:
            return name, element
    return name, None


def byline_name(item: etree._Element, skip: list[etree._Element]) -> str | None:
    """The name on the comment's own byline line, for items whose markup names no author:
    Typepad's footer "Posted by: NAME | DATE", Drupal's "Submitted by NAME on DATE", Garland's
    "DATE — NAME" (a short element whose whole text is that line, and whose date reads as one)."""
    for element in walk([item], skip):
        text = text_within(element, FOOTER_MAX_CHARS)
        # one line: a name and a date in blocks of their own glue into "Maria LopezTue, 03/06/2012"
        if text is not None and (name := signed_line(text)) and len(block_lines(element)) == 1:
            return name
    return None


# The dashes a signature under a message starts with ("- NAME, PLACE, DATE", "— NAME, DATE").
SIGNATURE_DASHES = "-–—"


def author_name(element: etree._Element | None) -> str | None:
    """The commenter's name in the element a finder took for the author, which holds more than
    the name as often as not: a <meta>'s content; a user card's first line that is a name; a
    dash-signed line's name; the profile link's text before "posted DATE" or a place; else the
    text cleaned of labels and UI words, or a handle that is its own profile link. None: no name."""
    if element is None:
        return None
    if element.tag == "meta":
        return clean_author(element.get("content") or "")
    if element.find(".//svg") is not None:
        element = _without_icons(element)
    text = element_text(element)
    lines = block_lines(element) if len(element) else []  # (block_lines reads the tail too)
    if len(lines) > 1:
        # A container (a user card: name, group, post count): its first line that is a name.
        return next((name for line in lines[:AUTHOR_CARD_LINES] if (name := clean_author(line))), None)
    if text[:1] in SIGNATURE_DASHES and (signed := signed_line(text)):
        return signed  # "- Jim, Leeds, 06/03/2014 14:13" under the message: the name alone
    link = element.find(".//a") if len(element) else None
    if link is not None and (shown := element_text(link)) and text.startswith(shown):
        after = text[len(shown) :]
        posted = POSTED_AFTER_NAME.match(after) or PLACES_AFTER_NAME.match(after)
        if PLACE_AFTER_NAME.match(after) or (posted and (not posted["when"] or date_like(posted["when"]))):
            text = shown
    elif link is not None and (shown := element_text(link)) and text.endswith(shown):
        dated = DATE_BEFORE_NAME.match(text[: -len(shown)])
        if dated and date_like(dated["when"]):
            text = shown  # "Tuesday, January 19, 2010 10:12 AM by NAME": a weekday is no name
    return clean_author(text) or _own_profile_handle(element, text)


def _without_icons(element: etree._Element) -> etree._Element:
    """A copy without its drawings: an avatar drawn as an SVG prints the member's initials
    ("FM" before "Former Member"), which are no part of the name."""
    clone = deepcopy(element)
    for icon in list(clone.iter("svg")):
        icon.tail = (icon.tail or "") and " " + icon.tail
        drop(icon)
    clone.tail = None
    return clone


def _own_profile_handle(element: etree._Element, text: str) -> str | None:
    """A handle that is also a UI word ("user", "admin") is a name when the author markup is a
    link to that handle's own page (``<a class="author" href="/user">user</a>``): a button's
    link never ends in its own label."""
    handle = text.strip()
    if element.tag != "a" or not handle or " " in handle or ui_label(handle) or not AUTHOR_UI_WORD.match(handle):
        return None
    path = urlsplit(element.get("href") or "").path.rstrip("/")
    return handle if path and path.rsplit("/", 1)[-1].casefold() == handle.casefold() else None


# A user card names the user in its first lines (after an avatar's alt text or a badge).
AUTHOR_CARD_LINES = 3


_TIME_AGO = re.compile(time_ago(), re.IGNORECASE)


def header_link(item: etree._Element, skip: list[etree._Element]) -> etree._Element | None:
    """'<a>Marcus Leeds</a> Mar 5, 2024' opening a comment: the link on the dated first line
    (dated by a time counted back too: IntenseDebate's "NAME +2 2 weeks ago")."""
    lines = block_lines(item)
    if not lines or (find_datetime(lines[0]) is None and not _TIME_AGO.search(lines[0])):
        return None
    for link in walk([item], skip, ("a",)):
        text = element_text(link)
        if text and lines[0].startswith(text) and looks_like_author_line(text):
            return link
        if text:
            return None  # the first link is not the start of the dated line
    return None


def header_name(item: etree._Element) -> str | None:
    """The name on a first line of a name, a separator and a date ("keepingsanity · 03/03/2026
    19:49", or the name and a ``<time>``), for posts whose markup names no author; the
    comment's number on a line above it ("1.") is no part of the header."""
    lines = list(dropwhile(COMMENT_NUMBER_LINE.match, block_lines(item)))
    if not lines:
        return None
    # "Sylvie R. Le 11/10/2012 à 10h04 en réponse à Gilbert42": whom a reply answers, after its
    # header's date, is no part of the header's name or date
    lines[0] = REPLY_TO_TAIL.sub("", lines[0]).strip() or lines[0]
    lines[0] = ZONE_NOTE.sub("", lines[0])  # "(GMT Standard Time, UTC+00:00)" after the time: no name
    if only_a_date(lines[0]):
        return None
    dated = NAME_DATE_LINE.match(lines[0])
    if dated and find_datetime(dated.group("when")):
        name = dated.group("name").strip()
        return clean_author(_first_part(item, name) or name)
    # "Abdul Majeed 3/12/2021 at 1:48am": no separator, but the date is the first <time>'s text
    # (or a date-classed element's), after the name or before it.
    when = next((t for e in _date_elements(item) if (t := element_text(e))), "")
    if when and find_datetime(when) is not None and when in lines[0] and lines[0] != when:
        name = lines[0].removesuffix(when) if lines[0].endswith(when) else lines[0].removeprefix(when)
        return clean_author(name.strip()) if looks_like_author_line(name.strip()) else None
    # A header of two lines: the name, then the date ("<h4>NAME</h4><small>DATE</small>"; the
    # date-classed element's whole text: HubSpot's "3/6/12 2:13 AM" in ``p.comment-date``).
    second_a_date = len(lines) > 1 and (only_a_date(lines[1]) or (bool(when) and lines[1] == when))
    if second_a_date and looks_like_author_line(lines[0]) and not ui_label(lines[0]):
        return clean_author(_first_part(item, lines[0]) or lines[0])
    return name_beside_date(lines[0]) if len(lines) > 1 else None


def _first_part(item: etree._Element, line: str) -> str | None:
    """The name where the header's name line is the name's element and another's after it, apart
    ("<span>Maria Lopez</span> <span>Boston</span>": a newspaper's commenter and their town, a
    name and its badge) or glued, as a flex row of boxes prints them ("QLornafrom Leeds·12 May
    2025": an avatar's letter, the name, the town, the date): the first element's text that reads
    as a name, after an avatar's initial (AVATAR_INITIAL) glued to it, when the line goes on after it."""
    for element in item.iterdescendants(etree.Element):
        if not " ".join(element_text(element).split()).startswith(line):
            continue
        parts = [shown for child in element if isinstance(child.tag, str) and (shown := element_text(child).strip())]
        if len(parts) < 2:
            continue
        rest = line
        for index, part in enumerate(parts[:-1]):
            if not rest.startswith(part):
                return None
            after = rest[len(part) :]
            if AVATAR_INITIAL.fullmatch(part) and after.startswith(parts[index + 1]):
                rest = after  # the initial glued to the name: no part of it
                continue
            return part if after.strip() and looks_like_author_line(part) else None
        return None
    return None


# An avatar that shows the writer's initial, or a question's "Q", in a box before the name: one
# or two capital letters.
AVATAR_INITIAL = re.compile(r"[A-Z]{1,2}")


def _date_elements(item: etree._Element) -> list[etree._Element]:
    """The item's first ``<time>`` and its first element classed as a date, in page order."""
    found = [
        e
        for e in item.iter()
        if isinstance(e.tag, str) and (e.tag == "time" or class_words(e) & _HEADER_DATE_WORDS) and e is not item
    ]
    return found[:HEADER_DATE_ELEMENTS]


# Class words of a header's date element; the first few such elements are tried.
_HEADER_DATE_WORDS = frozenset({"date", "time", "timestamp", "datetime", "posted", "published", "when"})
HEADER_DATE_ELEMENTS = 2


def author_element_nodes(nodes: list[etree._Element]) -> etree._Element | None:
    for node in nodes:
        found = author_element(node, [])
        if found is not None:
            return found
    return signature_block(nodes) if len(nodes) > 1 else None


def signature_block(blocks: list[etree._Element]) -> etree._Element | None:
    """A short name-like block right after (or before) the post's body names its author.

    Sites with terse markup ("<div class=pby>anon341219</div>", "— Mary") carry no author
    class; the shape gives it away: one to AUTHOR_LINE_MAX_WORDS words, no sentence
    punctuation, not a date (but a name beside its date, "anon341219 March 6, 2014", is), a
    post number or an action link (one that goes nowhere: "javascript:void(0)", "#"), and not
    the longest block.
    """
    texts = [element_text(b) for b in blocks]
    if len(blocks) < 2:
        return None
    longest = max(range(len(blocks)), key=lambda i: len(texts[i]))
    after = list(range(longest + 1, len(blocks)))
    before = list(range(longest - 1, -1, -1))
    for index in after + before:
        text = AUTHOR_CLEAN.sub("", texts[index]).strip(" -–—:")
        block = blocks[index]
        if (
            (looks_like_author_line(text) or signs_beside_date(text))
            and next(block.iter("form", "button", "input"), None) is None
            and not (block.tag == "a" and (block.get("href") or "#").strip().startswith(("#", "javascript:")))
            and not class_words(block) & NOISE_TOKENS
            and not _buttons_list(block)
        ):
            leading = _leading_name(block)
            return block if leading is None else leading
    return None


def _leading_name(block: etree._Element) -> etree._Element | None:
    """The element inside a signature block that prints its name alone, where the block's text
    starts with it glued to a word (no space between: Elegant Themes'
    ``<span><a>Tom Hale</a></span><span>on DATE said:</span>`` reads "Tom Haleon DATE said:");
    "NAME said..." in one line is the block's to read."""
    text = element_text(block)
    for element in block.iterdescendants(etree.Element):
        shown = element_text(element)
        if (
            shown
            and text.startswith(shown)
            and text[len(shown) : len(shown) + 1].isalnum()
            and looks_like_author_line(shown)
        ):
            return element
    return None


def _buttons_list(block: etree._Element) -> bool:
    """Two or more children, each a button or a count ("<li><a>Reply</a></li><li><a>Report
    abuse</a></li><li>Like (3)</li>"): glued together they read "ReplyReport abuseLike (3)",
    a name's shape, under a theme whose classes say nothing."""
    texts = [text for child in block if isinstance(child.tag, str) and (text := element_text(child))]
    return len(texts) >= 2 and all(button_row(text) for text in texts)


def child_blocks(element: etree._Element) -> list[etree._Element]:
    """The element's child elements, looking through single-child wrappers."""
    children = [c for c in element if isinstance(c.tag, str)]
    while len(children) == 1 and not (element.text or "").strip():
        element = children[0]
        children = [c for c in element if isinstance(c.tag, str)]
    return children
