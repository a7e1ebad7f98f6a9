"""Comment items and how to look inside them: the shared structures of the comment stages.

An :class:`Item` is one comment's place on the page; :class:`ItemTree` says which items sit
inside which; :func:`walk` visits an item's elements once, leaving nested comments out, so a
thread of N comments costs O(N). Class-name matching (:func:`class_tokens`, :func:`class_words`,
:func:`find_by_tokens`) is written once here for every comment module.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterator, Set
from dataclasses import dataclass

from lxml import etree

from pipeline.extract.comment_lines import TOKEN_SPLIT
from pipeline.extract.comment_rules import ITEM_VARIANT_CLASS
from pipeline.extract.html import element_text, names_of, text_within
from pipeline.extract.markers import COMMENT_AREA, marked


def class_tokens(element: etree._Element) -> set[str]:
    return set(TOKEN_SPLIT.split(names_of(element).lower())) - {""}


def class_words(element: etree._Element) -> set[str]:
    """Class names plus their hyphen/underscore and camelCase parts: 'comment-author vcard' ->
    {..., 'author'}, 'commentAuthorName' (Joomla K2) -> {..., 'author', 'name'}."""
    words = class_tokens(element)
    for name in TOKEN_SPLIT.split(names_of(element)):
        words.update(p.lower() for p in _WORD_PARTS.split(name) if p)
    return words


# Where a class name splits into words: '-', '_' and a lower-case letter before a capital.
_WORD_PARTS = re.compile(r"[-_]|(?<=[a-z])(?=[A-Z])")


def item_kind(element: etree._Element) -> str:
    """The class names that say what kind of element it is, variants aside
    (ITEM_VARIANT_CLASS): ``cmt-box odd`` and ``cmt-box even depth-2`` are both ``cmt-box``;
    so is a BEM modifier of a class the element also carries, in any language (``km-kom
    km-kom--odpowiedz``, a Polish portal's reply, is a ``km-kom``)."""
    names = (element.get("class") or "").split()
    return " ".join(
        sorted(
            n
            for n in names
            if not ITEM_VARIANT_CLASS.search(n) and not (BEM_MODIFIER in n and n.split(BEM_MODIFIER)[0] in names)
        )
    )


# What joins a BEM block or element to its modifier: ``comment--reply``.
BEM_MODIFIER = "--"


def name_words(name: str) -> set[str]:
    """One class name's words, lower-cased: 'commentAuthorName' -> {'comment', 'author', 'name'}."""
    return {p.lower() for p in _WORD_PARTS.split(name) if p}


@dataclass(slots=True)
class Item:
    """One comment's place on the page: its element (or sibling nodes) and, when a finder
    knows it, the element holding the message."""

    element: etree._Element | None
    nodes: list[etree._Element]
    forum: bool = False
    body: etree._Element | None = None
    author: etree._Element | None = None
    date: etree._Element | None = None
    # A structure finder's guess at the name (the header's first name-like element): read
    # only where no author markup, byline or label names anyone.
    name: etree._Element | None = None


def walk(
    nodes: list[etree._Element], skip: Collection[etree._Element], tags: tuple[str, ...] = ()
) -> Iterator[etree._Element]:
    """Elements under ``nodes`` in document order, leaving out the subtrees of ``skip`` (nested
    comments): each element is visited once, so a thread of N comments costs O(N) in all. A
    ``skip`` that is a set is read as it is, not copied (``nested_replies`` passes every item
    it knows, once per item)."""
    if not skip:
        for node in nodes:
            yield from (node.iter(*tags) if tags else (e for e in node.iter() if isinstance(e.tag, str)))
        return
    pruned = skip if isinstance(skip, Set) else set(skip)
    wanted = set(tags)
    for node in nodes:
        stack = [node]
        while stack:
            element = stack.pop()
            if element in pruned or not isinstance(element.tag, str):
                continue
            if not wanted or element.tag in wanted:
                yield element
            stack.extend(reversed(element))


def find_by_tokens(
    nodes: list[etree._Element],
    tokens: tuple[str, ...],
    skip: Collection[etree._Element],
    exact: bool = False,
    avoid: frozenset[str] = frozenset(),
    accept: Callable[[etree._Element], bool] | None = None,
) -> etree._Element | None:
    """The first element (document order) with text whose class names hold the best-ranked
    of ``tokens`` (and none of ``avoid``; ``accept`` says yes to it): one walk, each element's
    class words read once."""
    rank = {token: index for index, token in enumerate(tokens)}
    best: tuple[int, etree._Element] | None = None
    for element in walk(nodes, skip):
        get = element.get
        if not (get("class") or get("itemprop") or get("data-testid") or get("data-component")):
            continue
        words = class_tokens(element) if exact else class_words(element)
        itemprop = (element.get("itemprop") or "").lower()
        hits = [rank[w] for w in words if w in rank]
        if hits and avoid and not words.isdisjoint(avoid):
            continue
        if itemprop in rank:
            hits.append(rank[itemprop])
        if hits and (best is None or min(hits) < best[0]) and element_text(element):
            if accept is not None and not accept(element):
                continue
            best = (min(hits), element)
            if best[0] == 0:
                break
    return best[1] if best else None


def in_form(element: etree._Element, strict: bool = False) -> bool:
    """Inside a form that is one (a comment box: a text area and its labels), not inside a
    page or a thread wrapped in a ``<form>`` (ASP.NET wraps whole pages, Invision its thread's
    moderation tools: no text area, or far more text than a form's labels). ``strict``: any
    form at all, for finders that read only text shapes (a "Post 1" label in a moderation form
    is the forum's chrome more often than a post)."""
    form = next(element.iterancestors("form"), None)
    if form is None or page_form(form):
        return False
    if strict:
        return True
    return next(form.iter("textarea"), None) is not None and text_within(form, FORM_MAX_CHARS) is not None


# The hidden fields a server framework writes first in the one form it wraps every page in
# (ASP.NET WebForms: dasBlog, Community Server, DotNetNuke, SharePoint; JavaServer Faces).
PAGE_FORM_FIELDS = frozenset({"__VIEWSTATE", "__EVENTTARGET", "javax.faces.ViewState"})
# ... among the form's first fields: WebForms writes them right after the opening tag.
PAGE_FORM_FIRST_INPUTS = 3


def page_form(form: etree._Element) -> bool:
    """A form that is the page itself (ASP.NET's ``<form id="aspnetForm">`` around the whole
    body, told by the framework's hidden state fields at its top), not a form on the page: the
    thread, its heading and the comment box all sit in it."""
    for count, field in enumerate(form.iter("input"), 1):
        if field.get("name") in PAGE_FORM_FIELDS:
            return True
        if count >= PAGE_FORM_FIRST_INPUTS:
            break
    return False


# A comment form (labels, a privacy note, a consent line) holds less text than this; a form
# holding more wraps content.
FORM_MAX_CHARS = 1500


def in_comment_area(element: etree._Element) -> bool:
    """``role=article`` items inside a region named for responses or comments (Medium)."""
    return any(marked(ancestor, COMMENT_AREA) for ancestor in list(element.iterancestors())[:COMMENT_AREA_LEVELS])


# How far up a role=article item looks for the region that names it a response.
COMMENT_AREA_LEVELS = 6


def sibling_level(element: etree._Element) -> etree._Element:
    """The element, or the outermost wrapper holding it alone (vBulletin 3 wraps each post's
    ``table#post123`` in three divs of its own; SMF 2 each ``div.post_wrapper`` in a
    ``div.windowbg`` beside empty corner spans): where a thread's posts are siblings."""
    top = element
    parent = top.getparent()
    while (
        parent is not None
        and parent.tag not in ("body", "html", "main")
        and not (parent.text or "").strip()
        and sum(1 for child in parent if isinstance(child.tag, str) and not _decoration(child)) == 1
        and not _decoration(top)
    ):
        top, parent = parent, parent.getparent()
    return top


def _decoration(element: etree._Element) -> bool:
    """An empty element drawn for looks (rounded corners' ``span.topslice``, a separator
    ``<hr>``): no text, no image, nothing a reader reads."""
    return (
        element.tag not in ("img", "picture", "video", "iframe")
        and not (element.tail or "").strip()
        and not any(text.strip() for text in element.itertext())  # stops at a post's first words
        and next(element.iter("img", "picture", "video", "iframe"), None) is None
    )


class ItemTree:
    """Which items sit inside which, from one walk over the page: no per-item search."""

    def __init__(self, root: etree._Element, items: list[Item]) -> None:
        self.order = {item.element: index for index, item in enumerate(items) if item.element is not None}
        self.children: dict[etree._Element, list[etree._Element]] = {}
        self.enclosing: dict[etree._Element, etree._Element] = {}
        if not self.order:
            return
        open_items: list[etree._Element] = []
        for event, element in etree.iterwalk(root, events=("start", "end")):
            if element not in self.order:
                continue
            if event == "start":
                if open_items:
                    self.enclosing[element] = open_items[-1]
                    self.children.setdefault(open_items[-1], []).append(element)
                open_items.append(element)
            else:
                open_items.pop()

    def nested(self, item: Item) -> list[etree._Element]:
        """The outermost comment items inside this one (their subtrees hold the rest)."""
        return self.children.get(item.element, []) if item.element is not None else []
