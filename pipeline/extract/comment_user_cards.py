"""Forum posts by their user cards (``comments:user-card-posts``).

A forum package in a template we never saw (a theme's hashed class names, ids that no longer
say ``post_12``) still prints, beside every post, its author's user card: the name and a line
or two that only forums print, a post count ("Posts: 12", "12 posts", "Messages 12") or the
date the member joined ("Joined: Feb 6, 2012", "Registered: 2011-01-02"; the words are the
vocabularies' ``user_card_counts`` and ``user_card_since``). A run of sibling blocks each
holding such a card, a date of its own, a name and a message outside the card is a thread. Its
first post is the opening post, the article, unless an article's text comes before the run
(then the posts are the readers' comments under it).

Cards are printed where no thread is, so more is asked of each block: a leaderboard of members
has no message, a team page no date beside the join date, a forum index and a listing of
threads a headline linking elsewhere (the board's, the thread's), reviews a score ("4 out of 5
stars"); nothing around the run may be page chrome or a comment form.
"""

from __future__ import annotations

import re
from collections import Counter

from lxml import etree

from pipeline.extract.comment_dates import posted_in
from pipeline.extract.comment_headed import LEAF_TAGS, name_like
from pipeline.extract.comment_items import Item, in_form
from pipeline.extract.comment_rules import MAX_POST_LINK_DENSITY, profile_href
from pipeline.extract.comment_structure import headline_link
from pipeline.extract.comment_unheaded import (
    CHROME_CONCEPTS,
    CHROME_TAGS,
    mark_forum_thread,
)
from pipeline.extract.html import HEADING_TAGS, PageText, element_text
from pipeline.extract.markers import marked
from pipeline.extract.phrase_patterns import alternation, prefix_tree
from pipeline.extract.scores import ELEMENT, shows_score
from pipeline.extract.vocabulary import MONTH_NAMES, WEEKDAY_NAMES, words
from pipeline.extract.word_counts import word_count

# A thread is an opening post and one reply at least.
MIN_CARD_POSTS = 2
_COUNTS = alternation(words("user_card_counts"))
_SINCE = alternation(words("user_card_since"))
# A post count: "Posts: 12", "Posts 1,499", "12 posts", "1.2k messages".
CARD_COUNT_LINE = re.compile(rf"^(?:(?:{_COUNTS})\s*:?\s*[\d.,]+\s*[km]?|[\d.,]+\s*[km]?\s+(?:{_COUNTS}))$")
# The date a member joined: "Joined: Feb 6, 2012", "Join Date: Feb 2012", "Registered: 2011-01-02",
# "Joined: Mon Feb 06, 2012 1:00 pm" (a month and a year is enough: the date reader wants a day).
CARD_SINCE_LINE = re.compile(
    rf"^(?:{_SINCE})\s*:?\s*(?:\d|(?:{MONTH_NAMES}|{WEEKDAY_NAMES})\b)(?=[^\d]*\d)[\w ,./:-]{{0,40}}$"
)
# Any of the cards' words (no word boundary: a page's text runs its elements together, "Junior
# MemberPosts: 12") with a figure this many characters before or after it ("12 posts", "Posts:
# 12", "Joined: Feb 6"): the pages that print none (most: 41 of wcxb-dev's 400 tune pages and
# ScrapingHub's 181 do, 237 print a word alone, "Recent posts") are passed over at one search.
# (casefolded text, the words as a prefix tree: IGNORECASE took 10x the time, an alternation 2x)
_CARD_WORD = re.compile(prefix_tree([*words("user_card_counts"), *words("user_card_since")]))
CARD_FIGURE_WINDOW = 12
# A post's date line is short: the date, its time, a label ("Posted", "« Reply #1 on:").
DATE_LINE_MAX_CHARS = 80
# A line the template repeats over the posts is short (a subject, a rank, a button) and in
# half of them at least (a line quoted from another post is in two).
TEMPLATE_LINE_MAX_CHARS = 80
TEMPLATE_SHARE = 0.5
_QUOTE_TAGS = ("blockquote", "q")
# Elements that may hold a post's message.
_MESSAGE_TAGS = ("div", "p", "blockquote", "section", "dd", "td", "span", "article")
# What a bar of controls beside the posts holds (a search box, a sort menu), a post seldom.
_CONTROL_TAGS = ("input", "select")
# A post's message holds this many words at least ("Me too, thanks!" is three).
MIN_MESSAGE_WORDS = 4


def card_line(text: str) -> bool:
    """Whether a line is a user card's post count or join date (CARD_COUNT_LINE, CARD_SINCE_LINE)."""
    line = " ".join(text.split()).casefold()
    return CARD_COUNT_LINE.match(line) is not None or CARD_SINCE_LINE.match(line) is not None


def user_card_items(root: etree._Element, page: PageText | None = None) -> list[Item]:
    """The posts of the largest run of MIN_CARD_POSTS or more sibling blocks of one tag, each
    a post with a user card (:func:`_post`), outside page chrome and comment forms; the first
    is the opening post (the article) unless ARTICLE_BEFORE_MIN_WORDS words of paragraphs come
    before the run."""
    if not _figure_near_card_word((page or PageText(root)).folded):
        return []
    cards = _card_elements(root)
    groups: dict[tuple[etree._Element, str], dict[etree._Element, None]] = {}
    for card in cards:
        for block in card.iterancestors():
            parent = block.getparent()
            if parent is None or block.tag in ("body", "html"):
                break
            groups.setdefault((parent, str(block.tag)), {})[block] = None
    best: list[Item] = []
    for (parent, _tag), blocks in groups.items():
        if len(blocks) < max(MIN_CARD_POSTS, len(best) + 1) or in_form(parent) or _in_chrome(parent):
            continue
        template = _repeated(list(blocks))
        posts = [_post(block, [c for c in cards if _inside(c, block)], template) for block in blocks]
        posts = _without_bars(posts, list(blocks), cards)
        if len(posts) >= max(MIN_CARD_POSTS, len(best) + 1) and all(post is not None for post in posts):
            best = [post for post in posts if post is not None]
    mark_forum_thread(root, best)
    return best


def _without_bars(
    posts: list[Item | None], blocks: list[etree._Element], cards: list[etree._Element]
) -> list[Item | None]:
    """The run less the bars at either end that are no post: a block with no date outside its
    card beside the first post or after the last (a pagination bar's "48 posts 1 2 3 Next", a
    sort bar's "Display: All posts"), which share the posts' parent and print a post count."""
    start, end = 0, len(posts)
    while start < end and posts[start] is None and _undated(blocks[start], cards):
        start += 1
    while end > start and posts[end - 1] is None and _undated(blocks[end - 1], cards):
        end -= 1
    return posts[start:end]


def _undated(block: etree._Element, cards: list[etree._Element]) -> bool:
    """A bar of controls, not a post: no date outside the block's card, no link to a member's
    profile, and a form control in it (a search box, a sort menu) or mostly link text (page
    numbers)."""
    card_parts = {e for card in cards if _inside(card, block) for e in card.iter()}
    if _date_element(block, card_parts) is not None or any(profile_href(a.get("href", "")) for a in block.iter("a")):
        return False
    text = element_text(block)
    linked = sum(len(element_text(a)) for a in block.iter("a"))
    controls = next(block.iter(*_CONTROL_TAGS), None) is not None
    return controls or (bool(text) and linked / len(text) >= MAX_POST_LINK_DENSITY)


def _figure_near_card_word(text: str) -> bool:
    """A card's word with a figure beside it (CARD_FIGURE_WINDOW) somewhere in the page's text."""
    for match in _CARD_WORD.finditer(text):
        around = text[max(0, match.start() - CARD_FIGURE_WINDOW) : match.end() + CARD_FIGURE_WINDOW]
        if any(ch.isdigit() for ch in around):
            return True
    return False


def _card_elements(root: etree._Element) -> list[etree._Element]:
    """The elements that print a card line: a text node that is the line ("Posts: 12"), else
    the element holding the text, that element and its next sibling (``<dt>Posts</dt><dd>3</dd>``)
    or its parent (``<dd><strong>Posts:</strong> 12</dd>``), whichever reads as one."""
    found: dict[etree._Element, None] = {}
    for element in root.iter(etree.Element):
        for piece, owner in ((element.text, element), (element.tail, element.getparent())):
            if not piece or owner is None or not _CARD_WORD.search(piece.casefold()):
                continue
            if card_line(piece):
                found[owner] = None
                continue
            after = owner.getnext()
            pair = f"{element_text(owner)} {element_text(after)}" if after is not None else ""
            if card_line(element_text(owner)):
                found[owner] = None
            elif after is not None and card_line(pair):
                found[owner] = found[after] = None
            elif (parent := owner.getparent()) is not None and card_line(element_text(parent)):
                found[parent] = None
    return list(found)


def _inside(element: etree._Element, block: etree._Element) -> bool:
    return any(a is block for a in element.iterancestors())


def _in_chrome(element: etree._Element) -> bool:
    """Page chrome (a nav, an aside, a footer, a sidebar widget, a teaser list) around the run."""
    for node in (element, *element.iterancestors()):
        if node.tag in CHROME_TAGS - {"form"} or any(marked(node, concept) for concept in CHROME_CONCEPTS):
            return True
    return False


def _post(block: etree._Element, cards: list[etree._Element], template: frozenset[str]) -> Item | None:
    """A forum post: a date outside its card, a message of its own words outside card, date,
    headings and the template's lines (:func:`message_shaped`: no teaser's headline, no form),
    and its author's name (:func:`_name`)."""
    card_parts = {e for card in cards for e in card.iter()}
    date = _date_element(block, card_parts)
    if date is None:
        return None
    lines = [*block.iterdescendants(HEADING_TAGS)]
    lines += [e for e in block.iterdescendants(etree.Element) if _line(e) in template]
    message = _message(block, card_parts | set(date.iter()), {*cards, date}, lines)
    if message is None or _teaser(block, message, lines, date) or _rated(block):
        return None
    name = _name(block, cards[0], message, card_parts | set(date.iter()) | set(message.iter()), template)
    return Item(block, [block], body=message, author=name, date=date) if name is not None else None


def _teaser(block: etree._Element, message: etree._Element, lines: list[etree._Element], date: etree._Element) -> bool:
    """A teaser, not a post: its message mostly link text (MAX_POST_LINK_DENSITY), or a
    headline before it that the template does not repeat (a listing's "Walking after meals
    lowers blood sugar" linking its thread; a post's "Re: SUBJECT" over each is the template's),
    or a text area in it (a comment box). The post's own subject, linking where its date links
    (its permalink: the opening post's SUBJECT alone), is no headline; nor is a link after the
    message (the member's signature: "Biology Forums - Homework Help"), as a teaser's headline
    comes before its excerpt."""
    text = element_text(message)
    linked = sum(len(element_text(a)) for a in message.iter("a"))
    if not text or linked / len(text) >= MAX_POST_LINK_DENSITY or next(block.iter("textarea"), None) is not None:
        return True
    skipped = {e for line in lines for e in line.iter()} | set(message.iter())
    permalinks = {href for a in _links_of(date) if (href := a.get("href", "").strip())}
    for link in block.iter(etree.Element):
        if link is message:
            return False  # the rest of the block comes after the message
        if link.tag != "a" or link in skipped or link.get("href", "").strip() in permalinks:
            continue
        if headline_link(link, element_text(link)):
            return True
    return False


def _links_of(element: etree._Element) -> list[etree._Element]:
    """The links an element is in or holds (a date printed as its post's permalink)."""
    return [*element.iterancestors("a"), *element.iter("a")]


def _rated(block: etree._Element) -> bool:
    """A review, not a post: an element whose whole text, label or image text is a score
    ("5 out of 5 stars", "Rated 4 out of 5": shows_score, ELEMENT)."""
    for element in block.iter(etree.Element):
        shown = [element.get("aria-label"), element.get("alt"), element.get("title")]
        if len(element) == 0:
            shown.append(element_text(element))
        if any(shows_score(text, ELEMENT) for text in shown if text):
            return True
    return False


def _repeated(blocks: list[etree._Element]) -> frozenset[str]:
    """Lines the template prints over or under the posts (the thread's subject over each,
    "Junior Member", "Reply With Quote"): short element texts found in half the blocks or
    more, two at least, outside quotes (a reply quoting a line of the opening post repeats it)."""
    seen: Counter[str] = Counter()
    for block in blocks:
        seen.update(
            {
                line
                for e in block.iterdescendants(etree.Element)
                if (line := _line(e)) and next(e.iterancestors(*_QUOTE_TAGS), None) is None and e.tag not in _QUOTE_TAGS
            }
        )
    return frozenset(line for line, count in seen.items() if count >= max(2, TEMPLATE_SHARE * len(blocks)))


def _line(element: etree._Element) -> str:
    """The element's text on one line when it is short (TEMPLATE_LINE_MAX_CHARS), else ""."""
    text = " ".join(element_text(element).split())
    return text if len(text) <= TEMPLATE_LINE_MAX_CHARS else ""


def _name(
    block: etree._Element,
    card: etree._Element,
    message: etree._Element,
    skip: set[etree._Element],
    template: frozenset[str],
) -> etree._Element | None:
    """The author's name: a name-like element in the card's column (the card's outermost
    wrapper inside the block that leaves the message out), else the last one before the card
    (a name over the card in a row of its own: phpBB's subsilver2, IPB 3's title bar), a link
    first; a line the template repeats (a rank: "Junior Member", "Registered User") only where
    no other is."""
    column = _column(card, block, message)
    in_column = [e for e in column.iter(etree.Element) if e not in skip and _names(e, linked=True)]
    before: list[etree._Element] = []
    for element in block.iter(etree.Element):
        if element is card:
            break
        if element not in skip and _names(element):
            before.append(element)
    for repeated in (False, True):
        for found in (in_column, before[::-1]):
            named = [e for e in found if (_line(e) in template) is repeated]
            linked = [e for e in named if e.tag == "a" or next(e.iterancestors("a"), None) is not None]
            if named:
                return (linked or named)[0]
    return None


def _names(element: etree._Element, linked: bool = False) -> bool:
    """An element that prints a name alone (a link, a bold name, a bare div: LEAF_TAGS or no
    child element), a short name-like line that is no card line; outside the card's column,
    linking nowhere but a profile (``linked``: anywhere)."""
    if element.tag not in LEAF_TAGS and len(element):
        return False
    text = " ".join(element_text(element).split())
    if not name_like(text) or card_line(text) or text.endswith(":"):  # a label ("Post subject:")
        return False
    if linked:
        return True
    links = [a for a in (element, *element.iterancestors("a"), *element.iter("a")) if a.tag == "a"]
    return all(profile_href(a.get("href", "")) or not a.get("href", "").strip() for a in links)


def _date_element(block: etree._Element, card_parts: set[etree._Element]) -> etree._Element | None:
    """The post's date: the first element outside the card, not the block, whose short text
    (DATE_LINE_MAX_CHARS) holds a date, narrowed to its innermost child that still does (a
    title row "NAME Post subject: ... Posted: DATE" holds the name too)."""
    for element in block.iterdescendants(etree.Element):
        if _dated(element, card_parts):
            while not _leading_date(element):
                inner = next((c for c in element if _dated(c, card_parts)), None)
                if inner is None:
                    break
                element = inner
            return element
    return None


def _leading_date(element: etree._Element) -> bool:
    """The element's own text, before its first child, is a date (the post's, before a note)."""
    text = " ".join((element.text or "").split())
    return len(element) > 0 and bool(text) and len(text) <= DATE_LINE_MAX_CHARS and posted_in(text, None) is not None


def _dated(element: etree._Element, card_parts: set[etree._Element]) -> bool:
    """A short line holding a date (DATE_LINE_MAX_CHARS), or an element whose own text, before
    its first child, is the date (MyBB's "2019-02-23, 09:14 PM" holding the edit note "(This
    post was last modified: DATE by NAME...)", too long for a date line)."""
    if not isinstance(element.tag, str) or element in card_parts or any(c in card_parts for c in element.iter()):
        return False
    text = " ".join(element_text(element).split())
    if len(text) > DATE_LINE_MAX_CHARS:
        return _leading_date(element)
    return bool(text) and posted_in(text, None) is not None


def _message(
    block: etree._Element, header_parts: set[etree._Element], header: set[etree._Element], lines: list[etree._Element]
) -> etree._Element | None:
    """The element inside the block holding the most words of the message: no part of the
    card or the date inside it, and the template's lines and headings inside it not counted
    (a subject line beside the message; an "Edited 1 yr" note in it); of elements holding as
    many, the innermost (vBulletin 4's blockquote inside its wrappers). MIN_MESSAGE_WORDS words
    or more."""
    around = {a for e in header for a in e.iterancestors()}
    not_counted: dict[etree._Element, int] = {}
    counted = set(lines)
    for line in lines:
        if any(a in counted for a in line.iterancestors()):
            continue  # inside another line: counted there
        size = word_count(element_text(line))
        for ancestor in line.iterancestors():
            not_counted[ancestor] = not_counted.get(ancestor, 0) + size
            if ancestor is block:
                break
    best: tuple[int, int, etree._Element] | None = None
    for element in block.iterdescendants(_MESSAGE_TAGS):
        if element in header_parts or element in around or element in counted:
            continue
        score = (word_count(element_text(element)) - not_counted.get(element, 0), _depth(element))
        if best is None or score > best[:2]:
            best = (*score, element)
    if best is None or best[0] < MIN_MESSAGE_WORDS:
        return None
    return best[2]


def _depth(element: etree._Element) -> int:
    return sum(1 for _ in element.iterancestors())


def _column(card: etree._Element, block: etree._Element, message: etree._Element) -> etree._Element:
    """The card's column: its outermost wrapper inside the block that leaves the message out."""
    column = card
    for ancestor in card.iterancestors():
        if ancestor is block or any(a is ancestor for a in message.iterancestors()):
            break
        column = ancestor
    return column
