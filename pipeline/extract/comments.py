"""Reader comments as records.

Where comments are found, in the order of the rule catalogue's finders
(:data:`pipeline.extract.rules.COMMENT_FINDERS`; the first that yields comments wins):

1. site rules (``[comments]`` selectors of the site rule files, :mod:`pipeline.extract.sites`);
2. schema.org microdata (``itemtype=.../Comment``, ``itemprop=comment``);
3. comment items by class, id or test hook (WordPress ``li.comment``, ``id="comment-12"``,
   ``sp-commentaire``, ``data-testid="comment"``, Disqus ``li.post``, ``role=article`` in a
   responses region, Q&A answers when there are several) and forum posts (two or more
   ``post``/``message`` siblings; the opening post is then the article, the replies comments);
4. table-based forums: each message's table row (phpBB2, vBulletin 3);
5. comments split over sibling elements, each run starting at an author header (Blogger's
   ``<dt class="comment-author">`` + ``<dd class="comment-body">`` + ``<dd class="comment-footer">``);
6. the dated items of a list named for comments (Joomla K2's ``ul.itemCommentsList > li``);
7. Typepad / Movable Type footers ("Posted by: NAME at DATE") and guestbook-style blocks:
   ``<p><b>Name</b> wrote on 03/03/2005:<br>...</p>``;
8. numbered posts: a label such as "Post 1" or "Comment #2" followed by the post's text;
9. by structure alone: three or more sibling blocks each dated, holding a message and signed
   by a reader's profile link (or, in a thread region, numbered by their ids); then blocks of
   one class in a region named for comments, runs under a heading that names comments, and
   runs after the article marked as a thread, each block signed and dated.

Threading, first that applies: a parent the markup declares (``data-parent-id``); an
enclosing comment; the comment right before the reply list that holds this one; a row's
indent level (Hacker News) or a flat item's left margin (LiveJournal); "in reply to X"; a
quote of X ("X wrote:"), meaning X's latest earlier comment. Comment text is the body only
(:mod:`pipeline.extract.comment_body`).
Anything inside a comment ``<form>`` never becomes a record, and widget chrome, lists of
linked teasers, unsigned lists (FAQ answers, product cards) and product reviews are not
comments.

The three stages: finding (:mod:`pipeline.extract.comment_finders` tries the finders, which live
in :mod:`~pipeline.extract.comment_classes`, :mod:`~pipeline.extract.comment_layouts`,
:mod:`~pipeline.extract.comment_shapes`, :mod:`~pipeline.extract.comment_structure`,
:mod:`~pipeline.extract.comment_headed` and :mod:`~pipeline.extract.comment_unheaded`; what is never
a thread, :mod:`~pipeline.extract.comment_lookalikes`), reading (here, with
:mod:`pipeline.extract.comment_authors`, :mod:`pipeline.extract.comment_names`,
:mod:`pipeline.extract.comment_dates` and
:mod:`pipeline.extract.comment_body`) and threading (:mod:`pipeline.extract.comment_thread`).
"""

from __future__ import annotations

import re
from collections import Counter

from lxml import etree

from pipeline.extract.comment_authors import (
    author_element,
    author_element_nodes,
    author_name,
    byline_name,
    child_blocks,
    header_link,
    header_name,
    labelled_author,
    signature_block,
)
from pipeline.extract.comment_body import body_lines, reply_target
from pipeline.extract.comment_dates import date_of, header_date, posted_in
from pipeline.extract.comment_finders import find_items_and_microdata
from pipeline.extract.comment_items import Item, ItemTree, class_words
from pipeline.extract.comment_lines import (
    AD_AUTHOR,
    ATTRIBUTION_LINE,
    FOOTER_MAX_CHARS,
    HEADER_LINE_MAX_CHARS,
    MEMBER_SINCE,
    removal_notice,
)
from pipeline.extract.comment_lookalikes import is_review, plausible_thread, unsigned_list
from pipeline.extract.comment_names import (
    AUTHOR_TAIL_MAX_WORDS,
    LEAD_HEADER_MAX_LINES,
    clean_author,
    glued_date,
    lead_trimmed,
    looks_like_author_line,
    signed_line,
)
from pipeline.extract.comment_rules import MAX_COMMENT_LINK_SHARE, profile_href
from pipeline.extract.comment_thread import CommentScan, Read, thread
from pipeline.extract.html import PageText, element_text, text_within
from pipeline.extract.rules import Trace


def read_item(
    item: Item, nested: list[etree._Element], language: str | None, header: etree._Element | None = None
) -> Read:
    """Stage 2, reading: one item's author, date and message (nested comments left out).

    ``header`` is the item's header line printed before it, outside it (:func:`_header_before`):
    where the name and the date are when the item holds only the message."""
    declared = _declared_author(item)
    if item.author is not None:
        author_el: etree._Element | None = item.author
    elif item.element is not None:
        author_el = author_element(item.element, nested)
    else:
        author_el = author_element_nodes(item.nodes)
    first = item.element if item.element is not None else item.nodes[0]  # a split comment's header
    byline = declared or (byline_name(first, nested) if author_el is None else None)
    if author_el is None and byline is None and item.element is not None:
        # "NAME · DATE" or "NAME <time>" opening the item: stronger than a short block's shape.
        byline = header_name(item.element)
    if author_el is None and byline is None:
        # What the software states for screen readers ("post #2 by @NAME") before the shape of
        # a short block, which a quote's "NAME:" or the answered post's name also has.
        byline, shown = labelled_author(item.nodes, nested)
        author_el = shown if byline is not None else None
    if author_el is None and byline is None and item.element is not None:
        author_el = signature_block(child_blocks(item.element))
    if author_el is None and byline is None and item.element is not None:
        author_el = header_link(item.element, nested)
    if author_el is None and byline is None and header is not None:
        author_el = author_element(header, [])
        author_el = author_el if author_el is not None else _profile_name(header)
    if author_el is not None and AD_AUTHOR.match(element_text(author_el)):
        return Read("", None, None, [], None)
    author = byline or author_name(author_el)
    if author and author_el is not None and item.name is not None and _badge_after(author, item.name, author_el):
        author, author_el = author_name(item.name), item.name  # "Harriet" of "Harriet Pharmacist"
    if author is None:
        author, shown = labelled_author(item.nodes, nested)
        author_el = shown if shown is not None else author_el
    if author is None and item.name is not None and (author := author_name(item.name)):
        author_el = item.name
    posted = None
    if item.date is not None:  # a site rule's date element: its machine-readable date first
        posted = posted_in(item.date.get("datetime") or item.date.get("title"), language)
        posted = posted or posted_in(element_text(item.date), language)
    posted = posted or date_of(item.nodes, nested, language)
    if posted is None and header is not None:
        posted = date_of([header], [], language)
    if posted is None and author_el is not None:
        # "Par Martine — 14/03/2023 à 09:12": the date shares the author's line.
        posted = posted_in(element_text(author_el), language)
    body = body_lines(item, nested, author_el)
    lines, found_author = lead_trimmed(body.lines, author)
    author = author or found_author
    if author and lines and lines[-1].strip("—-– ").strip().casefold() == author.casefold():
        lines = lines[:-1]
    if author and lines and (signed_line(lines[-1]) or "").casefold() == author.casefold():
        lines = lines[:-1]  # the footer that signs it (Textpattern's "— NAME · DATE · #")
    if author and lines and (signed_line(lines[0]) or "").casefold() == author.casefold():
        lines = lines[1:]  # the header that signs it ("NAME wrote on DATE:")
    text = "\n\n".join(lines).strip()
    if body.link_share > MAX_COMMENT_LINK_SHARE or not any(ch.isalnum() for ch in text) or removal_notice(text):
        text = ""  # a teaser list of linked headlines, a lone "|", a moderator's notice: no reader's words
    if posted is None and text:
        posted = header_date(item, text, language, nested)
    if posted is None and text and (when := glued_date(body.lines)):
        posted = posted_in(when, language)  # "Maria LopezMarch 6, 2012 at 2:13 am"
    if (
        posted is None
        and text
        and author_el is not None
        and (line := _author_line_element(author_el, item)) is not None
    ):
        # Shopify's footer "<span>NAME</span><span>DATE</span>": the date beside the name, in an
        # element of no date class (its parts touch: read apart); never a user card's join date
        posted = posted_in(" ".join(part.strip() for part in line.itertext()), language)
    # the name as an author line gives it ("replied to comment from Dr. Lena Fisk": her rows
    # read "Lena Fisk"), so the comment it answers is found by that name
    reply_to = (clean_author(target) or target) if text and (target := reply_target(item.nodes, nested)) else None
    quoted = _attributed(body.lines) or body.quoted
    return Read(text, author, posted, quoted, reply_to, body.set_aside, body.quote_text)


def _badge_after(author: str, name: etree._Element, author_el: etree._Element) -> bool:
    """The author line a block gave ("Harriet Pharmacist") is the name a structure finder saw in
    an element of its own inside it, and a word or two more (a role badge, a town)."""
    shown = author_name(name)
    return (
        shown is not None
        and author.startswith(f"{shown} ")
        and len(author[len(shown) :].split()) <= AUTHOR_TAIL_MAX_WORDS
        and any(a is author_el for a in name.iterancestors())
    )


def _profile_name(header: etree._Element) -> etree._Element | None:
    """The header line's link to its writer's profile page showing a name (a Hacker News
    clone's ``<a href="user?id=NAME">`` under another class than ``hnuser``)."""
    for link in header.iter("a"):
        if profile_href(link.get("href", "")) and looks_like_author_line(element_text(link)):
            return link
    return None


def _attributed(lines: list[str]) -> list[str]:
    """The writer a reply quotes under a mail client's line over the quote ("On Sun, Mar 4, 2012
    at 9:17 PM, NAME <address> wrote:", ATTRIBUTION_LINE) among its first lines: a quote of X
    threads the reply under X's latest comment, as a forum's "X wrote:" does."""
    for line in lines[:LEAD_HEADER_MAX_LINES]:
        if (match := ATTRIBUTION_LINE.match(line.strip())) and (name := clean_author(match.group("name"))):
            return [name]
    return []


def _author_line_element(author_el: etree._Element, item: Item) -> etree._Element | None:
    """The short line holding the author's element, where it is one of the item's lines and
    no more (a footer or header of a name, a date and a button or two), else None."""
    line = author_el.getparent()
    if line is None or line is item.element or any(line is node for node in item.nodes):
        return None
    shown = element_text(line)
    return line if len(shown) <= FOOTER_MAX_CHARS and not MEMBER_SINCE.search(shown) else None


def _declared_author(item: Item) -> str | None:
    """The author the software states on the item itself (new Reddit's ``<shreddit-comment
    author="NAME">``, XenForo's ``data-author``): a name, when it reads as one."""
    if item.element is None or item.author is not None:
        return None
    stated = item.element.get("author") or item.element.get("data-author")
    return clean_author(stated) if stated else None


def find_comments(
    root: etree._Element,
    language: str | None = None,
    site_item_selector: str | None = None,
    hosts: list[tuple[etree._Element, str]] | None = None,
    disabled: frozenset[str] = frozenset(),
    trace: Trace | None = None,
    site_fields: dict[str, str] | None = None,
    page: PageText | None = None,
) -> CommentScan:
    """Find the page's reader comments (read-only: the tree is not changed): finding, reading
    and threading, each linear in the number of comments.

    ``hosts`` is the page's :func:`short_text_hosts`, when the caller already has it;
    ``site_fields`` are a site rule's selectors for the author, date and body inside an item;
    ``page`` the page's text, read when a finder first asks (the metadata reads it after).
    """
    finder, items, microdata = find_items_and_microdata(root, site_item_selector, hosts, disabled, page)
    if finder != "comments:site":  # a site rule may name its reviews as its comments
        reviews: dict[etree._Element, bool] = {}  # per list item: marked as a review (threads share them)
        items = [item for item in items if not is_review(item, reviews)]
    if site_fields and finder == "comments:site":
        for item in items:
            _site_parts(item, site_fields)
    tree = ItemTree(root, items)
    found = _without_body_parts(items, tree)
    if len(found) < len(items):
        tree = ItemTree(root, found)
    items = _without_inner_parts(found, tree)
    wrappers = {i.element for i in found if i.element is not None} - {i.element for i in items}
    tree = ItemTree(root, items)
    scan = CommentScan(microdata=microdata)
    if not items:
        return scan
    reads = [read_item(item, tree.nested(item), language, _header_before(item, tree)) for item in items]
    items, reads = _headers_joined(items, reads)
    items, reads = _distinct(items, reads)
    if not plausible_thread(reads) or unsigned_list(items, reads):
        return scan
    if trace is not None:
        for item, read in zip(items, reads, strict=True):
            if read.text:
                trace.record(finder, item.element if item.element is not None else item.nodes[0])
    for item in items:
        scan.regions.extend(item.nodes)
    thread(items, reads, tree, scan, wrappers)
    scan.chrome = _chrome(items, reads, tree)
    return scan


def _headers_joined(items: list[Item], reads: list[Read]) -> tuple[list[Item], list[Read]]:
    """A comment split into two items of one class (Thesis: ``<dt class="comment">`` with the
    name and the time, then ``<dd class="comment">`` with the message): a header item with no
    message of its own signs the unsigned item right after it, its next sibling element."""
    kept_items: list[Item] = []
    kept_reads: list[Read] = []
    index = 0
    while index < len(items):
        item, read = items[index], reads[index]
        after = items[index + 1] if index + 1 < len(items) else None
        if (
            after is not None
            and not read.text
            and (read.author or read.posted)
            and item.element is not None
            and after.element is not None
            and item.element.getnext() is after.element
            and not (reads[index + 1].author or reads[index + 1].posted)
        ):
            following = reads[index + 1]
            following.author, following.posted = read.author, read.posted
            after.nodes = [item.element, *after.nodes]
            kept_items.append(after)
            kept_reads.append(following)
            index += 2
            continue
        kept_items.append(item)
        kept_reads.append(read)
        index += 1
    return kept_items, kept_reads


def _distinct(items: list[Item], reads: list[Read]) -> tuple[list[Item], list[Read]]:
    """One row per comment: a page that prints its thread twice (a theme's second copy of
    ``#comments`` for another screen size) shows each comment twice, with the same author,
    date and text, which would also be the same comment id twice. Rows with neither author nor
    date stay: two readers may both write "+1"."""
    seen: set[tuple[str | None, str, str]] = set()
    kept_items: list[Item] = []
    kept_reads: list[Read] = []
    for item, read in zip(items, reads, strict=True):
        key = (read.author, str(read.posted), read.text)
        if read.text and (read.author or read.posted) and key in seen:
            continue
        seen.add(key)
        kept_items.append(item)
        kept_reads.append(read)
    return kept_items, kept_reads


def _chrome(items: list[Item], reads: list[Read], tree: ItemTree) -> Counter[str]:
    """The words the reader left out of the posts that recur in CHROME_MIN_POSTS or more of
    them: the thread's template (member labels, user cards, buttons); and, in any post, its
    signature and the words of its quotes that the thread's posts hold (a reply quoting another
    post). A post whose body the reader missed leaves its own words out, which recur in no
    other post and were set aside by no rule: they stay lost; so does a quoted news story."""
    kept: dict[int, Counter[str]] = {}
    aside: dict[int, Counter[str]] = {}
    quotes: dict[int, Counter[str]] = {}
    shown: dict[int, str] = {}
    index = {item.element: i for i, item in enumerate(items) if item.element is not None}
    for i, (item, read) in enumerate(zip(items, reads, strict=True)):
        top = item.element
        while top is not None and top in tree.enclosing:
            top = tree.enclosing[top]
        owner = index[top] if top is not None else i
        kept.setdefault(owner, Counter()).update(_words(read.text))
        aside.setdefault(owner, Counter()).update(_words(" ".join(read.set_aside)))
        quotes.setdefault(owner, Counter()).update(_words(" ".join(read.quote_text)))
        if owner == i:
            shown[i] = " ".join(piece for node in item.nodes for piece in node.itertext())
    thread_words: Counter[str] = Counter()
    for words in kept.values():  # in place: sum() copied the growing total once a post (quadratic)
        thread_words.update(words)
    dropped = {i: _words(text) - kept[i] for i, text in shown.items()}
    posts = Counter(word for words in dropped.values() for word in words)
    chrome: Counter[str] = Counter()
    for i, words in dropped.items():
        template = Counter({word: count for word, count in words.items() if posts[word] >= CHROME_MIN_POSTS})
        chrome.update(template | (words & (aside[i] | (quotes[i] & thread_words))))
    return chrome


def _words(text: str) -> Counter[str]:
    return Counter(_CHROME_WORD.findall(text.casefold()))


# A word left out of this many posts is the template's, not one post's lost text.
CHROME_MIN_POSTS = 2
_CHROME_WORD = re.compile(r"\w+")


def _header_before(item: Item, tree: ItemTree) -> etree._Element | None:
    """The short line printed right before an item that holds only its message (Hacker News:
    ``<span class="comhead"><a class="hnuser">NAME</a> <span class="age" title=DATE>``, then
    ``<div class="comment">``): the element before it (line breaks aside), when that is no
    comment itself and holds at most a header line's text."""
    if item.element is None:
        return None
    before = item.element.getprevious()
    while before is not None and (not isinstance(before.tag, str) or before.tag == "br"):
        before = before.getprevious()
    if before is None or before in tree.order or text_within(before, HEADER_LINE_MAX_CHARS) is None:
        return None
    return before


def _site_parts(item: Item, selectors: dict[str, str]) -> None:
    """The author, date and body elements a site rule names inside its comment item."""
    assert item.element is not None  # site items are elements
    for part, selector in selectors.items():
        found = next(iter(item.element.cssselect(selector)), None)
        if found is not None:
            setattr(item, part, found)


def _without_body_parts(items: list[Item], tree: ItemTree) -> list[Item]:
    """An item inside another that names no author is that item's body, not a reply, when it
    is classed as a message part (``<li class="comment">`` holding ``<div class="comment-content
    comment">``, as some WordPress themes mark it) or carries no date either while the item
    around it is signed (Livefyre's ``div.fyre-comment`` message inside its
    ``article.fyre-comment-article``: a reply names its author or its time)."""
    bodies = set()
    for item in items:
        signed: bool | None = None  # the item's own author, read once for all its inner items
        for inner in tree.nested(item):
            if author_element(inner, []) is not None:
                continue
            if class_words(inner) & BODY_PART_WORDS:
                bodies.add(inner)
            elif item.element is not None and date_of([inner], [], None) is None:
                if signed is None:
                    signed = author_element(item.element, tree.nested(item)) is not None
                if signed:
                    bodies.add(inner)
    return [item for item in items if item.element not in bodies] if bodies else items


# Class-name parts of a comment's message element ('nv-comment-content', 'comment-text').
BODY_PART_WORDS = frozenset({"content", "text", "body", "message"})


def _without_inner_parts(items: list[Item], tree: ItemTree) -> list[Item]:
    """A comment item whose text is all inside other items is a wrapper (WordPress
    ``li.comment`` around ``div#comment-412`` and the replies): the inner items are the
    comments, the wrapper goes, and threading reads the structure around them."""
    kept = []
    for item in items:
        outermost = tree.nested(item)
        if outermost and item.element is not None:
            own = len(element_text(item.element)) - sum(len(element_text(d)) for d in outermost)
            if own < WRAPPER_SLACK_CHARS:
                continue
        kept.append(item)
    return kept


# What a wrapper item holds besides its inner items: whitespace and a stray link or two.
WRAPPER_SLACK_CHARS = 20
