"""Seven of trafilatura's XPath expressions, answered by Python walks that select the same elements.

trafilatura (pinned in ``constraints.txt``) runs these on every page it is given: the raw-tree
prune (infinite-scroll containers, Elementor share buttons), the comment-section prune
(``include_comments=False``), the basic cleaning of its page measure ``html2txt`` (asides,
footers, scripts, cookie banners), its first body container and its two discard lists. Each is
``.//*[self::a or self::b ...][tests of @class and @id]``: libxml2 lists every element of the
page, tests its tag, and calls back into Python for each ``re:test`` (even guarded, see
:mod:`pipeline.extract.trafilatura_xpaths`). Here the tags are filtered by lxml's
``iterdescendants(*tags)`` in C and the class and id values are tested with trafilatura's own
regular expressions (``re:test`` is Python's ``re.search``, ``'i'`` its IGNORECASE); ``@a|@b``
is the first of the two in the element's own attribute order, as libxml2 orders them. The same
elements in document order (``tests/test_trafilatura_walks.py`` checks every fixture page and
attribute edge cases). ScrapingHub's 181 pages, in-process: 0.30 s of these XPaths -> 0.15 s.

Installed once, on import (by :mod:`pipeline.extract.article`, after the guarded expressions):
only trafilatura's module attributes and list items are swapped for :class:`Walk` objects,
which are called as the expressions were; its code is not touched. Each walk only over the
exact text it was written for (:data:`WRITTEN_FOR`): another trafilatura (``pyproject`` allows
any 2.3.x) whose expression differs keeps its own (guarded) expression, and only the saving is lost.
"""

from __future__ import annotations

import hashlib
import importlib
import re
from collections.abc import Callable, Iterable

import trafilatura  # noqa: F401  (loads the modules whose expressions are swapped below)
from lxml import etree
from trafilatura import settings, xpaths

# importing it guards the expressions replaced here (SWAPPED: {id: (trafilatura's, guarded)})
from pipeline.extract.trafilatura_xpaths import _TEST_CALL, SWAPPED

Select = Callable[[Iterable[etree._Element]], list[etree._Element]]


class Walk:
    """Called as the XPath expression it stands for (``original``), with the same answer: its
    ``.//*[self::a or self::b ...]`` is every element of ``tags`` (every element, none given)
    below the context element (lxml evaluates a relative path given a document from its root
    element: the root itself is not below it)."""

    def __init__(
        self,
        original: etree.XPath,
        select: Select,
        tags: tuple[str, ...] = (),
        patterns: tuple[str, ...] = (),
    ):
        self.original = original
        self.path = original.path
        self._select = select
        self._tags = tags
        self.patterns = patterns  # the expressions its re:test calls search with (tests compare)

    def __call__(self, context: etree._Element | etree._ElementTree) -> list[etree._Element]:
        root = context.getroot() if isinstance(context, etree._ElementTree) else context
        return self._select(root.iterdescendants(*self._tags))


def _searcher(pattern: str, flags: int = 0) -> Callable[[str], bool]:
    """``re:test(value, pattern)`` as lxml's EXSLT extension answers it. Not cached per value:
    a cache of 16,384 values per expression saved 0.03 s of a run over ScrapingHub and held
    3 MB after it (up to ~50 MB over a long run of sites); one of 1,024 saved nothing."""
    search = re.compile(pattern, flags).search
    return lambda value: search(value) is not None


# trafilatura.xpaths.RAW_TREE_PRUNE_XPATH[0]: infinite-scroll containers without an <h1>, and
# the Zox News theme's appended posts whatever they hold.
_SCROLL_RE, _APPENDED_RE = "mvp-post-add-(?:box|wrap)|infinite-?scroll", "mvp-post-add-(?:box|wrap)"
_SCROLL, _APPENDED = _searcher(_SCROLL_RE), _searcher(_APPENDED_RE)
_BLOCKS = ("div", "section", "aside")


def _infinite_scroll(candidates: Iterable[etree._Element]) -> list[etree._Element]:
    found = []
    for element in candidates:
        ident, names = element.get("id"), element.get("class")
        if (ident is not None and _SCROLL(ident)) or (names is not None and _SCROLL(names)):
            if (
                next(element.iterdescendants("h1"), None) is None
                or (ident is not None and _APPENDED(ident))
                or (names is not None and _APPENDED(names))
            ):
                found.append(element)
    return found


# RAW_TREE_PRUNE_XPATH[1]: ``contains(@class, 'elementor-share-buttons')``.
def _share_buttons(candidates: Iterable[etree._Element]) -> list[etree._Element]:
    return [e for e in candidates if "elementor-share-buttons" in (e.get("class") or "")]


# REMOVE_COMMENTS_AND_LISTS_XPATH[0]: comment sections; an ol / ul only by the narrower id test.
_COMMENT_ID_RE = "^(?:[Cc]omment(?!ary)|comol|disqus_thread|dsq-comments)"
_COMMENT_LIST_ID_RE = "^(?:[Cc]omment(?!ary)|comol)"
_COMMENT_CLASS_RE = "^[Cc]omment(?!ary)|(?:article|post)-comments"
_COMMENT_ID, _COMMENT_LIST_ID = _searcher(_COMMENT_ID_RE), _searcher(_COMMENT_LIST_ID_RE)
_COMMENT_CLASS = _searcher(_COMMENT_CLASS_RE)
_COMMENT_TAGS = ("div", "list", "section", "details", "ol", "ul")


def _comment_sections(candidates: Iterable[etree._Element]) -> list[etree._Element]:
    found = []
    for element in candidates:
        ident, names = element.get("id"), element.get("class")
        named = names is not None and _COMMENT_CLASS(names)
        if not (named or (ident is not None and _COMMENT_ID(ident))):
            continue
        if element.tag not in ("ol", "ul") or named or (ident is not None and _COMMENT_LIST_ID(ident)):
            found.append(element)
    return found


# settings.BASIC_CLEAN_XPATH: ``.//aside|.//div[contains(@class|@id, 'footer')]|.//fencedframe|
# .//footer|.//script|.//style|.//svg|.//template|.//*[re:test(@class, COOKIE, 'i') or
# re:test(@id, COOKIE, 'i')]``. ``@class|@id`` is the first of the two in the element's own
# attribute order (libxml2 orders a union of one element's attributes so).
_CLEANED_TAGS = frozenset(("aside", "fencedframe", "footer", "script", "style", "svg", "template"))
_COOKIE = _searcher(settings._COOKIE_CONSENT_RE, re.IGNORECASE)


def _basic_clean(candidates: Iterable[etree._Element]) -> list[etree._Element]:
    found = []
    for element in candidates:
        tag = element.tag
        if tag in _CLEANED_TAGS:
            found.append(element)
            continue
        if tag.__class__ is not str:
            continue  # comments and processing instructions
        ident, names = element.get("id"), element.get("class")
        if ident is None and names is None:
            continue
        if tag == "div":
            first = next((value for key, value in element.items() if key == "class" or key == "id"), "")
            if "footer" in first:
                found.append(element)
                continue
        if (names is not None and _COOKIE(names)) or (ident is not None and _COOKIE(ident)):
            found.append(element)
    return found


def _first(element: etree._Element, names: tuple[str, str]) -> str | None:
    """The value of ``@a|@b``: the first of the two attributes in the element's own order."""
    return next((value for key, value in element.items() if key in names), None)


def _arguments(expression: etree.XPath, expected: tuple[str, ...]) -> list[str]:
    """The patterns of ``expression``'s ``re:test`` calls, whose arguments must be ``expected``
    (in order): a walk reads trafilatura's own patterns rather than a copy of them."""
    calls = [(call.group(1), call.group(2), call.group(3)) for call in _TEST_CALL.finditer(expression.path)]
    if [argument for argument, _, _ in calls] != list(expected) or any(flags for _, _, flags in calls):
        raise RuntimeError(f"trafilatura's expression changed: {expression.path[:80]}")
    return [pattern for _, pattern, _ in calls]


# OVERALL_DISCARD_XPATH[0]: navigation, cookie, share, sidebar, ad and meta blocks by their names.
_DISCARD_TAGS = ("div", "item", "list", "p", "section", "span")


def _discard_walk(expression: etree.XPath) -> Walk:
    patterns = _arguments(expression, ("@id|@class", "@id", "@class"))
    first_test, id_test, class_test = map(_searcher, patterns)

    def discarded_blocks(candidates: Iterable[etree._Element]) -> list[etree._Element]:
        found = []
        for element in candidates:
            get = element.get
            ident, names, role = get("id"), get("class"), get("role")
            if (
                get("data-lp-replacement-content") is not None
                or (role is not None and "nav" in role.replace("N", "n"))
                or "MostPopularStories" in (get("data-component") or "")
                or ((first := _first(element, ("id", "class"))) is not None and first_test(first))
                or (ident is not None and id_test(ident))
                or (names is not None and class_test(names))
            ):
                found.append(element)
        return found

    return Walk(expression, discarded_blocks, _DISCARD_TAGS, tuple(patterns))


# OVERALL_DISCARD_XPATH[1]: reply forms, hidden elements, comment titles, any tag.
def _hidden_walk(expression: etree.XPath) -> Walk:
    patterns = _arguments(expression, ("@id|@style", "@id", "@class"))
    first_test, id_test, class_test = map(_searcher, patterns)

    def hidden_parts(candidates: Iterable[etree._Element]) -> list[etree._Element]:
        found = []
        for element in candidates:
            if element.tag.__class__ is not str:
                continue  # comments and processing instructions
            get = element.get
            ident, names, style = get("id"), get("class"), get("style")
            if ident is None and names is None and style is None and get("aria-hidden") is None:
                continue
            if (
                names == "comments-title"
                or (_first(element, ("id", "class")) or "").startswith("reply-")
                or ((first := _first(element, ("id", "style"))) is not None and first_test(first))
                or (style is not None and ("display:none" in style or "display: none" in style))
                or (ident is not None and id_test(ident))
                or (names is not None and class_test(names))
                or get("aria-hidden") == "true"
            ):
                found.append(element)
        return found

    return Walk(expression, hidden_parts, (), tuple(patterns))


# BODY_XPATH[0]: the article's container by its name; ``[1]`` is per parent (the step's
# predicate): of the children of one element that match, the first.
_BODY_TAGS = ("article", "div", "main", "section")


def _body_walk(expression: etree.XPath) -> Walk:
    patterns = _arguments(expression, ("@id", "@class"))
    id_test, class_test = map(_searcher, patterns)

    def body_containers(candidates: Iterable[etree._Element]) -> list[etree._Element]:
        found = []
        parents: set[etree._Element] = set()
        for element in candidates:
            get = element.get
            ident, names = get("id"), get("class")
            if (
                names == "post"
                or names == "entry"
                or get("itemprop") == "articleBody"
                or ident == "articleContent"
                or (ident is not None and id_test(ident))
                or (names is not None and class_test(names))
            ):
                parent = element.getparent()
                if parent is not None and parent not in parents:
                    parents.add(parent)
                    found.append(element)
        return found

    return Walk(expression, body_containers, _BODY_TAGS, tuple(patterns))


# Each walk's builder, by the expression it stands for (a list item of trafilatura.xpaths, or
# BASIC_CLEAN_XPATH of trafilatura.settings).
_BUILDERS: dict[str, Callable[[etree.XPath], Walk]] = {
    "OVERALL_DISCARD_XPATH[0]": _discard_walk,
    "OVERALL_DISCARD_XPATH[1]": _hidden_walk,
    "BODY_XPATH[0]": _body_walk,
    "RAW_TREE_PRUNE_XPATH[0]": lambda e: Walk(e, _infinite_scroll, _BLOCKS, (_SCROLL_RE, _APPENDED_RE)),
    "RAW_TREE_PRUNE_XPATH[1]": lambda e: Walk(e, _share_buttons, _BLOCKS),
    "REMOVE_COMMENTS_AND_LISTS_XPATH[0]": lambda e: Walk(
        e, _comment_sections, _COMMENT_TAGS, (_COMMENT_ID_RE, _COMMENT_LIST_ID_RE, _COMMENT_CLASS_RE)
    ),
    "BASIC_CLEAN_XPATH": lambda e: Walk(e, _basic_clean, (), (settings._COOKIE_CONSENT_RE,)),
}

# The text each walk was written for: the first 16 hex digits of the SHA-256 of the expression's
# ``.path`` as trafilatura 2.3.1 defines it (before the guarded rewrite). Another text is
# another question, whatever changed in it (a tag, a pattern, a predicate): that walk is not
# installed.
WRITTEN_FOR = {
    "OVERALL_DISCARD_XPATH[0]": "a837e58a1b1ea116",
    "OVERALL_DISCARD_XPATH[1]": "c1d5b70b8cd03783",
    "BODY_XPATH[0]": "caaa561ceca17064",
    "RAW_TREE_PRUNE_XPATH[0]": "01e7c660fd6406f2",
    "RAW_TREE_PRUNE_XPATH[1]": "3c7afe92279543d5",
    "REMOVE_COMMENTS_AND_LISTS_XPATH[0]": "9cc18d34e6e2d258",
    "BASIC_CLEAN_XPATH": "db6c25acd08aef99",
}
_FINGERPRINT_DIGITS = 16  # 64 bits: no accidental match between two versions of one expression


def fingerprint(path: str) -> str:
    """The first digits of the SHA-256 of an expression's text (:data:`WRITTEN_FOR`'s values)."""
    return hashlib.sha256(path.encode("utf-8")).hexdigest()[:_FINGERPRINT_DIGITS]


def _trafilatura_text(expression: etree.XPath) -> str:
    """The text trafilatura defined ``expression`` with (its guarded form's original)."""
    originals = {id(faster): original for original, faster in SWAPPED.values()}
    return str(originals.get(id(expression), expression).path)


def _slot(name: str) -> tuple[list[object] | None, int, object]:
    """Where ``name``'s expression is: (its list and index, or None and 0) and its current value."""
    list_name, _, index = name.partition("[")
    if not index:
        return None, 0, getattr(settings, name, None)
    items, position = getattr(xpaths, list_name, None), int(index.rstrip("]"))
    if not isinstance(items, list) or position >= len(items):
        return None, 0, None
    return items, position, items[position]


def install() -> dict[str, Walk]:
    """Swap each expression whose text is the one its walk was written for; {name: walk}."""
    walks = {}
    for name, build in _BUILDERS.items():
        items, position, expression = _slot(name)
        if not isinstance(expression, etree.XPath) or fingerprint(_trafilatura_text(expression)) != WRITTEN_FOR[name]:
            continue  # another question (or already a walk): trafilatura's expression stays
        walk = walks[name] = build(expression)
        if items is not None:
            items[position] = walk  # the lists are shared by every module that imported them
            continue
        # ``trafilatura.baseline`` is also a function of that name: the module is asked for by path.
        baseline = importlib.import_module("trafilatura.baseline")
        if getattr(baseline, name, None) is expression:
            setattr(baseline, name, walk)
        setattr(settings, name, walk)
    return walks


WALKS = install()
