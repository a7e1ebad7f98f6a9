"""A mailing list archive's thread by its mail headers (``comments:mail-headers``).

A list archive (Mailman's, MHonArc's, a CMS's "full thread" view) prints every message under
the header its mail carried: "From: NAME <address>", "Date: DATE", "Subject: Re: ...", as a
table of label and value cells, a definition list, or lines of a label and its value. Whatever
the archive's class names, a run of sibling blocks each under such a header (a sender's name and
a date) with a message of its own is the thread: its first message the opening post, the
article, unless an article's text comes before the run (then they are comments under it).

Mail headers are printed where no thread is too: a contact page's "From:" field is a form, a
news release's header names one sender once. Two messages at least, each dated and signed,
and each with its own words besides the header.
"""

from __future__ import annotations

import re

from lxml import etree

from pipeline.extract.comment_dates import posted_in
from pipeline.extract.comment_items import Item, in_form
from pipeline.extract.comment_names import looks_like_author_line
from pipeline.extract.comment_unheaded import mark_forum_thread
from pipeline.extract.html import PageText, element_text
from pipeline.extract.phrase_patterns import alternation
from pipeline.extract.vocabulary import words

# A thread is an opening message and one reply at least.
MIN_MAIL_MESSAGES = 2
# A message holds this many words of its own besides its header ("Thanks, that worked." is 3).
MIN_MESSAGE_WORDS = 3
# A header's value is one line: a name and an address, a date.
HEADER_VALUE_MAX_CHARS = 120
_FROM = re.compile(rf"^(?:{alternation(words('mail_from'))})\s*:$", re.IGNORECASE)
_DATE = re.compile(rf"^(?:{alternation(words('mail_date'))})\s*:$", re.IGNORECASE)
# The page's text holds a label of each kind ("From:", "Date:"): most pages hold neither. Searched
# in the text reversed, where each label starts with its colon: the engine skips from colon to
# colon in C, where a case-blind alternation of short words ("de", "da") ahead of "\s*:" was
# tried at every character (0.06 s over ScrapingHub's 181 pages against 0.003 s). The same
# matches, mirrored: "\b" and "\s*" read the same backwards, the words are spelled reversed.
_FROM_REVERSED = re.compile(rf":\s*(?:{alternation([w[::-1] for w in words('mail_from')])})\b", re.IGNORECASE)
_DATE_REVERSED = re.compile(rf":\s*(?:{alternation([w[::-1] for w in words('mail_date')])})\b", re.IGNORECASE)
# The sender's address after the name: "<wendy@example.org>", "(wendy at example.org)".
_ADDRESS = re.compile(r"\s*(?:<[^<>]*>|\([^()]*(?:@|\bat\b)[^()]*\))\s*$")


def mail_header_items(root: etree._Element, page: PageText | None = None) -> list[Item]:
    """The messages of the largest run of MIN_MAIL_MESSAGES or more sibling blocks of one tag,
    each holding one mail header (a "From:" label with a sender's name, a "Date:" label with a
    date) and a message of its own outside it, outside forms; the first message is the opening
    post unless ARTICLE_BEFORE_MIN_WORDS words of paragraphs come before the run. ``page``:
    the page's text, when the caller holds it."""
    if not labels_on_page((page or PageText(root)).raw):
        return []
    headers = _headers(root)
    groups: dict[tuple[etree._Element, str], list[tuple[etree._Element, _Header]]] = {}
    for header in headers:
        for block in header.container.iterancestors():
            parent = block.getparent()
            if parent is None or block.tag in ("body", "html"):
                break
            groups.setdefault((parent, str(block.tag)), []).append((block, header))
    best: list[Item] = []
    for (parent, _tag), pairs in groups.items():
        blocks = [block for block, _ in pairs]
        if len(pairs) < max(MIN_MAIL_MESSAGES, len(best) + 1) or len(set(blocks)) < len(blocks) or in_form(parent):
            continue  # a block under two headers is the whole thread, not one message
        items = [_message(block, header) for block, header in pairs]
        if all(item is not None for item in items):
            best = [item for item in items if item is not None]
    mark_forum_thread(root, best)
    return best


def labels_on_page(text: str) -> bool:
    """Whether ``text`` holds a "From:" label and a "Date:" label (any vocabulary language)."""
    backwards = text[::-1]
    return _FROM_REVERSED.search(backwards) is not None and _DATE_REVERSED.search(backwards) is not None


class _Header:
    """One message's header: the element holding its lines, the sender's and the date's values."""

    def __init__(self, container: etree._Element, sender: etree._Element, date: etree._Element) -> None:
        self.container = container
        self.sender = sender
        self.date = date


def _headers(root: etree._Element) -> list[_Header]:
    """Each "From:" label whose value names someone and whose header (the nearest element
    holding both) has a "Date:" label whose value is a date."""
    found: list[_Header] = []
    for label in root.iter(etree.Element):
        if len(label) or not _FROM.match(" ".join(element_text(label).split())):
            continue
        sender = _value(label)
        if sender is None or not looks_like_author_line(_ADDRESS.sub("", element_text(sender))):
            continue
        for container in label.iterancestors():
            date = next((_value(e) for e in container.iter(etree.Element) if _date_label(e)), None)
            if date is not None:
                if posted_in(element_text(date), None) is not None:
                    found.append(_Header(container, _name_in(sender), date))
                break
    return found


def _date_label(element: etree._Element) -> bool:
    return not len(element) and bool(_DATE.match(" ".join(element_text(element).split())))


def _value(label: etree._Element) -> etree._Element | None:
    """The label's value: the next element beside it (the value cell after the label cell,
    ``<dd>`` after ``<dt>``), else its parent's (``<b>From:</b> NAME`` in a line element)."""
    following = label.getnext()
    if following is not None and 0 < len(element_text(following)) <= HEADER_VALUE_MAX_CHARS:
        return following
    parent = label.getparent()
    if parent is not None and 0 < len(element_text(parent)) <= HEADER_VALUE_MAX_CHARS:
        return parent
    return None


def _name_in(sender: etree._Element) -> etree._Element:
    """The element showing the sender's name alone, where the value holds one (``<span
    class="from">NAME</span> <address>``), else the value."""
    for element in sender.iter(etree.Element):
        if element is not sender and looks_like_author_line(element_text(element)):
            return element
    return sender


def _message(block: etree._Element, header: _Header) -> Item | None:
    """The block's message: its element holding most words outside the header (the innermost
    of those holding as many), MIN_MESSAGE_WORDS or more."""
    inside_header = set(header.container.iter())
    around = set(header.container.iterancestors())
    best: tuple[int, int, etree._Element] | None = None
    for element in block.iterdescendants(etree.Element):
        if element in inside_header or element in around:
            continue
        score = (len(element_text(element).split()), sum(1 for _ in element.iterancestors()))
        if best is None or score > best[:2]:
            best = (*score, element)
    if best is None or best[0] < MIN_MESSAGE_WORDS:
        return None
    return Item(block, [block], body=best[2], author=header.sender, date=header.date)
