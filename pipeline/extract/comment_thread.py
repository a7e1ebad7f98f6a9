"""Stage 3 of the comment step, threading: positions and parents, and a forum's first post
as the article.

A parent comes from, first that applies: the markup (``data-parent-id``); an enclosing
comment; the comment right before the reply list that holds this one (a dropped wrapper
stands for the comment inside it); the indent of a thread flattened into siblings; a "Parent"
link to an earlier comment's own link; "in reply to X"; a quote of X ("X wrote:"), meaning X's
latest earlier comment.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, field

from lxml import etree

from pipeline.extract.comment_dates import Posted
from pipeline.extract.comment_items import Item, ItemTree, sibling_level
from pipeline.extract.comment_lines import PARENT_LINK, REPLY_TO_LEAD
from pipeline.extract.html import element_text
from pipeline.records import Comment


@dataclass(slots=True)
class CommentScan:
    """What the comment step found: the records and the page regions they came from."""

    comments: list[Comment] = field(default_factory=list)
    regions: list[etree._Element] = field(default_factory=list)
    opening_post_text: str | None = None
    opening_post_author: str | None = None
    opening_post_date: str | None = None
    opening_post_nodes: list[etree._Element] = field(default_factory=list)
    # The thread's template: case-folded words the reader left out of two or more posts
    # (member labels, user cards, buttons), for arbitration (pipeline.extract.arbitrate).
    chrome: Counter[str] = field(default_factory=Counter)
    # The page's elements with an itemtype or itemprop, in page order (the finders' walk), or
    # None when the walk did not run: what the metadata and reference readers ask microdata of.
    microdata: list[etree._Element] | None = None


@dataclass(slots=True)
class Read:
    """Stage 2's result for one item: its fields, and what threading needs."""

    text: str
    author: str | None
    posted: Posted | None
    quoted: list[str]
    reply_to: str | None
    # The signature the body set aside, and the quotes it dropped (see comment_body.Body).
    set_aside: list[str] = field(default_factory=list)
    quote_text: list[str] = field(default_factory=list)


def thread(
    items: list[Item], reads: list[Read], tree: ItemTree, scan: CommentScan, wrappers: set[etree._Element]
) -> None:
    """Stage 3, threading: positions and parents; a forum's first post is the article."""
    positions: dict[etree._Element, int] = {}
    authors_by_position: list[str | None] = []
    comments: list[Comment] = []
    forum = all(i.forum for i in items)
    by_id = {key: element for element in tree.order if (key := _comment_key(element))}
    homes = _split_homes(items)
    order = {**tree.order, **{home: index for index, home in homes.items()}} if homes else tree.order
    # an item that gave no row (a thread's wrapper classed as a comment, Drupal 10's
    # ``section.comment-wrapper``) is no parent: the comments in it answer the one before them
    blank = {item.element for item, read in zip(items, reads, strict=True) if not read.text}
    parents = {element: at for element, at in order.items() if element not in blank} if blank - {None} else order
    indents = _indents(items)
    linked = _linked_parents(items, tree)
    numbered = _numbered_lists(items, homes)
    last_at_depth: dict[int, int] = {}  # indent -> position of the latest comment at it
    for index, (item, read) in enumerate(zip(items, reads, strict=True)):
        depth = indents[index] if indents else None
        if not read.text:
            if depth is not None:  # its replies have no parent row to point at
                last_at_depth = {d: p for d, p in last_at_depth.items() if d < depth}
            continue
        parent_position = None
        element = item.element if item.element is not None else homes.get(index)
        if element is not None:
            parent_element = _declared_parent(element, by_id)
            if parent_element is None:
                parent_element = _thread_parent(element, parents, wrappers, blank)
            if parent_element is not None:
                parent_position = positions.get(parent_element)
        if parent_position is None and index in numbered:
            parent_position = positions.get(_element_of(items[numbered[index]], numbered[index], homes))
        if parent_position is None and depth:
            parent_position = last_at_depth.get(depth - 1)
        if parent_position is None and index in linked:
            parent_position = positions.get(items[linked[index]].element)
        if parent_position is None and read.reply_to:
            parent_position = _latest_by(authors_by_position, read.reply_to)
        if parent_position is None and read.quoted:
            parent_position = _latest_by(authors_by_position, read.quoted[0])
        if forum and index == 0:
            scan.opening_post_text = read.text
            scan.opening_post_author = read.author
            scan.opening_post_date = read.posted.printed.date().isoformat() if read.posted else None
            scan.opening_post_nodes = list(item.nodes)
            continue
        position = len(comments)
        if element is not None:
            positions[element] = position
        if depth is not None:
            last_at_depth[depth] = position
            last_at_depth = {d: p for d, p in last_at_depth.items() if d <= depth}
        posted = read.posted
        comments.append(
            Comment(
                position=position,
                text=read.text,
                author=read.author,
                posted_at=posted.at if posted else None,
                posted_date=posted.printed.date() if posted else None,
                parent_position=parent_position,
            )
        )
        authors_by_position.append(read.author)
    scan.comments = comments


def _element_of(item: Item, index: int, homes: dict[int, etree._Element]) -> etree._Element | None:
    return item.element if item.element is not None else homes.get(index)


def _numbered_lists(items: list[Item], homes: dict[int, etree._Element]) -> dict[int, int]:
    """Item index -> the index of the earlier item whose number the reply list around it bears
    (JComments' ``div#comments-list-62`` inside ``div#comment-item-62``, after ``div#comment-body-62``):
    an item's numbers are those of its own ids and its parts'; the first ancestor numbered as
    another item names the comment it answers. A number borne by the ids of several items
    (BEM's ``c-stack__unit--level-2`` on every comment, a grid's ``col-3``; or a comment's
    ``li#tree_N`` and its own ``div#comment_N`` both taken for items) names no one comment:
    the walk stops there, with no parent, as it stops at a list beside no comment."""
    owners: dict[str, set[int]] = {}
    for index, item in enumerate(items):
        for node in (item.element, homes.get(index), *item.nodes):
            if node is not None and (key := _id_number(node)):
                owners.setdefault(key, set()).add(index)
    parents: dict[int, int] = {}
    for index, item in enumerate(items):
        element = _element_of(item, index, homes)
        if element is None:
            continue
        for ancestor in element.iterancestors():
            held = owners.get(_id_number(ancestor) or "", set())
            if not held or held == {index}:
                continue
            owner = next(iter(held))
            answered = _element_of(items[owner], owner, homes)
            if len(held) == 1 and owner < index and answered is not None and _beside(ancestor, answered):
                parents[index] = owner
            break
    return parents


def _beside(replies: etree._Element, comment: etree._Element) -> bool:
    """A list of replies sits beside the comment it answers, or beside a wrapper of it at most
    REPLY_LIST_LEVELS up, and never holds it (a page wrapper numbered as the first comment,
    ``div#main-1`` around ``comment-1``, is no list of its replies)."""
    if any(a is replies for a in comment.iterancestors()):
        return False
    parent = replies.getparent()
    return any(a is parent for a in list(comment.iterancestors())[:REPLY_LIST_LEVELS])


# JComments' reply list is a child of the comment's ``div#comment-item-N``, three wrappers above
# the comment's parts (``div.rbox > div.rbox_m > div.comment-box``).
REPLY_LIST_LEVELS = 3


def _id_number(element: etree._Element) -> str | None:
    """The number an element's id ends in ("comment-item-62" -> "62"), else None."""
    match = _ID_NUMBER.search(element.get("id") or "")
    return match.group(1) if match else None


_ID_NUMBER = re.compile(r"[-_](\d+)$")


def _split_homes(items: list[Item]) -> dict[int, etree._Element]:
    """Item index -> the element holding a comment split over sibling parts (JComments' name,
    date and body spans in ``div.comment-box``; :func:`comment_layouts.split_items`) when it
    holds that comment's parts alone: where it sits (inside the comment it answers, after it)
    threads the comment as an element item's place does. A list holding every comment's parts
    (Blogger's ``dl``) is no comment's."""
    parents: dict[int, etree._Element] = {}
    for index, item in enumerate(items):
        if item.element is None and item.nodes and (parent := item.nodes[0].getparent()) is not None:
            if all(node.getparent() is parent for node in item.nodes):
                parents[index] = parent
    shared = Counter(parents.values())
    return {index: parent for index, parent in parents.items() if shared[parent] == 1}


def _linked_parents(items: list[Item], tree: ItemTree) -> dict[int, int]:
    """Item index -> the index of the earlier item its "Parent" link goes to (LiveJournal's
    "(Reply) (Parent) (Thread)" under each reply, "#t1893123"): the item whose own links (its
    "Thread" permalink) go to the same anchor, numbers compared. Links inside replies nested in
    an item are theirs, not its."""
    owner: dict[str, int] = {}  # an anchor's number -> the first item linking it
    parents: dict[int, int] = {}
    ids = {
        key: index for index, item in enumerate(items) if item.element is not None and (key := item.element.get("id"))
    }
    for index, item in enumerate(items):
        if item.element is None:
            continue
        for link in item.element.iter("a"):
            key = _anchor_key(link.get("href") or "")
            if key is None or _inside_another(link, item.element, tree):
                continue
            target = ids.get((link.get("href") or "").partition("#")[2])
            if target is not None and target < index and _reply_line(link):
                parents.setdefault(index, target)  # "In reply to <a href="#c1">comment 1</a>"
            elif PARENT_LINK.match(" ".join(element_text(link).split())):
                if index not in parents and owner.get(key, index) != index:
                    parents[index] = owner[key]
            else:
                owner.setdefault(key, index)
    return parents


def _reply_line(link: etree._Element) -> bool:
    """Whether the link sits in a line saying whom the post answers ("In reply to comment 1 by
    NAME", REPLY_TO_LEAD): its anchor is then the answered comment's own id."""
    line = link.getparent()
    return line is not None and REPLY_TO_LEAD.match(element_text(line)) is not None


def _anchor_key(href: str) -> str | None:
    """The number a link's anchor names ("...?thread=1893123#t1893123" -> "1893123"), else None."""
    fragment = href.partition("#")[2]
    digits = re.sub(r"\D", "", fragment)
    return digits or None


def _inside_another(link: etree._Element, item: etree._Element, tree: ItemTree) -> bool:
    for ancestor in link.iterancestors():
        if ancestor is item:
            return False
        if ancestor in tree.order:
            return True
    return False


def _indents(items: list[Item]) -> list[int] | None:
    """Each item's indent level, when a thread flattened into siblings states one on every
    item: a table row's ``<td class="ind" indent="2">`` (Hacker News), or the left margin of the
    item or of the wrappers holding it alone (LiveJournal's ``div.b-tree-twig`` with
    ``style="margin-left: 60px"``, Serendipity's ``padding-left: 20px``: the distinct margins in
    order are the levels). None when any
    item lacks one, or all share one."""
    levels = []
    for item in items:
        element = item.element
        row = None if element is None else element if element.tag == "tr" else next(element.iterancestors("tr"), None)
        cell = next(row.iterfind(".//*[@indent]"), None) if row is not None else None
        value = cell.get("indent", "") if cell is not None else ""
        if not (value.isascii() and value.isdigit()):  # "²" is a digit to isdigit(), not to int()
            return _spacers(items) or _margins(items) or _class_levels(items)
        levels.append(int(value))
    return levels


# A comment's depth in its class, where the software flattens a thread into siblings: Escenic's
# "comment level2", "depth-3", Plone's "replyTreeLevel1", "thread-level-2", Weebly's
# "blogCommentLevel1" (the depth after a name of the comment).
_LEVEL_CLASS = re.compile(
    r"^(?:[a-z]*comment[-_]?)?(?:level|depth|replytreelevel|thread-?level|indent)[-_]?(\d{1,2})$", re.IGNORECASE
)


def _class_levels(items: list[Item]) -> list[int] | None:
    """Each item's level from a class naming it (_LEVEL_CLASS), its own or its one child's; None
    when any item has none, or all share one."""
    levels = []
    for item in items:
        classes = (item.element.get("class") or "").split() if item.element is not None else []
        if item.element is not None and len(children := [c for c in item.element if isinstance(c.tag, str)]) == 1:
            classes += (children[0].get("class") or "").split()  # a wrapper of the comment alone (Weebly)
        found = next((int(m.group(1)) for name in classes if (m := _LEVEL_CLASS.match(name))), None)
        if found is None:
            return None
        levels.append(found)
    return levels if len(set(levels)) > 1 else None


def _spacers(items: list[Item]) -> list[int] | None:
    """Each item's level from the spacer image that indents its table row (Hacker News until
    2014: ``<td><img src="s.gif" height=1 width=40></td>`` before the comment's cell, 40 pixels
    a level): the distinct widths in order are the levels. None when any item's row has none."""
    widths = []
    for item in items:
        row = next(item.element.iterancestors("tr"), None) if item.element is not None else None
        cell = row.find("td") if row is not None else None
        spacer = cell[0] if cell is not None and len(cell) == 1 and not element_text(cell) else None
        width = spacer.get("width", "") if spacer is not None and spacer.tag == "img" else ""
        if not (width.isascii() and width.isdigit()):
            return None
        widths.append(int(width))
    ranks = {width: rank for rank, width in enumerate(sorted(set(widths)))}
    return [ranks[width] for width in widths] if len(ranks) > 1 else None


# (Serendipity indents its replies by ``padding-left: 20px`` per level.)
_MARGIN = re.compile(
    r"(?:^|;)\s*(?:margin|padding)-left\s*:\s*(\d+(?:\.\d+)?)\s*(?:px|em|rem)?\s*(?:;|$)", re.IGNORECASE
)


def _margins(items: list[Item]) -> list[int] | None:
    margins = []
    for item in items:
        if item.element is None:
            return None
        top = sibling_level(item.element)
        found = None
        for element in (item.element, *item.element.iterancestors()):
            if match := _MARGIN.search(element.get("style") or ""):
                found = float(match.group(1))
                break
            if element is top:
                break
        if found is None:
            return None
        margins.append(found)
    ranks = {margin: rank for rank, margin in enumerate(sorted(set(margins)))}
    return [ranks[margin] for margin in margins] if len(ranks) > 1 else None


_PARENT_ATTRIBUTES = ("data-parent-id", "data-parent", "data-parentid", "data-reply-to", "data-in-reply-to")


_KEY_ATTRIBUTES = ("data-comment-id", "data-commentid", "data-id", "id")


def _comment_key(element: etree._Element) -> str | None:
    for name in _KEY_ATTRIBUTES:
        if value := element.get(name):
            digits = re.sub(r"\D", "", value)
            return digits or value
    return None


def _declared_parent(element: etree._Element, by_id: dict[str, etree._Element]) -> etree._Element | None:
    """A parent named in the markup (data-parent-id="9901"): the site's own thread."""
    for name in _PARENT_ATTRIBUTES:
        if value := element.get(name):
            parent = by_id.get(re.sub(r"\D", "", value) or value)
            return parent if parent is not element else None
    return None


def _latest_by(authors: list[str | None], name: str) -> int | None:
    """The position of the latest earlier comment by ``name``."""
    for position in range(len(authors) - 1, -1, -1):
        if (authors[position] or "").casefold() == name.casefold():
            return position
    return None


def _thread_parent(
    element: etree._Element,
    order: dict[etree._Element, int],
    wrappers: set[etree._Element],
    blank: Collection[etree._Element | None] = (),
) -> etree._Element | None:
    """The comment this one replies to: an enclosing comment item, or else the comment right
    before the branch that holds this one (WordPress ``<li><article>A</article><ol>B...``,
    Drupal ``<div class=comment>A</div><div class=indented>B...``). A dropped wrapper item
    (``<li id=comment-item-30><article id=comment-30>``) stands for the comment inside it:
    as the branch it is this comment's own, as the one before it is its inner comment's. A
    reply list classed as a comment (``<ul class="comment">`` after ``<div id=comment-12>``,
    also a dropped wrapper) is a branch after that comment. A dropped wrapper around this
    comment's own stands for its inner comment too (wpDiscuz nests each reply's
    ``div.wpd-comment`` inside its parent's, after the parent's ``div#comment-N``). An item in
    ``blank`` (it gave no row: a wrapper classed as a comment) is no parent, and nothing above
    it is."""
    branch = element
    own_wrapper = False
    for ancestor in element.iterancestors():
        if ancestor in order:
            return ancestor
        if branch is not element:
            previous = branch.getprevious()
            while previous is not None and not isinstance(previous.tag, str):
                previous = previous.getprevious()
            if branch in wrappers and previous in wrappers:
                previous = None  # this comment's own wrapper after the one of the comment before
            elif previous is not None and previous in wrappers:
                previous = next((e for e in previous.iter() if e in order), None)
            if previous is not None and previous in order and order[previous] < order[element]:
                return previous
        if ancestor in blank:
            return None  # an item that gave no row holds the thread: no parent above it
        if ancestor in wrappers:
            inner = next((e for e in ancestor.iter() if e in order), None) if own_wrapper else None
            if inner is not None and order[inner] < order[element]:
                return inner
            own_wrapper = True
        branch = ancestor
    return None
