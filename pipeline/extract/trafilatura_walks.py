"""Four of trafilatura's XPath expressions, answered by a Python walk that selects the same elements.

trafilatura (pinned in ``constraints.txt``) runs these on every page it is given, before its
extraction proper: the raw-tree prune (infinite-scroll containers, Elementor share buttons),
the comment-section prune (``include_comments=False``), and the basic cleaning of its page
measure ``html2txt`` (asides, footers, scripts, cookie banners). Each is ``.//*[self::a or
self::b ...][tests of @class and @id]``: libxml2 lists every element of the page, tests its
tag, and calls back into Python for each ``re:test`` (even guarded, see
:mod:`pipeline.extract.trafilatura_xpaths`). Here the tags are filtered by lxml's ``iter(*tags)``
in C and the class and id values are tested with the same regular expressions (``re:test`` is
Python's ``re.search``, ``'i'`` its IGNORECASE), each distinct value once per process: the same
elements in document order (``tests/test_trafilatura_walks.py`` checks every fixture page and
attribute edge cases). ScrapingHub's 181 pages, in-process: 0.16 s of these XPaths -> 0.08 s.

Installed once, on import (by :mod:`pipeline.extract.article`, after the guarded expressions):
only trafilatura's module attributes and list items are swapped for :class:`Walk` objects,
which are called as the expressions were; its code is not touched.
"""

from __future__ import annotations

import functools
import importlib
import re
from collections.abc import Callable, Iterable

import trafilatura  # noqa: F401  (loads the modules whose expressions are swapped below)
from lxml import etree
from trafilatura import settings, xpaths

from pipeline.extract import trafilatura_xpaths  # noqa: F401  (the guarded forms are what is replaced)

# Distinct class/id values whose verdicts are remembered per regex (as the boilerplate layer's).
VERDICT_CACHE_SIZE = 16384


class Walk:
    """Called as the XPath expression it stands for (``original``), with the same answer: its
    ``.//*[self::a or self::b ...]`` is every element of ``tags`` (every element, none given)
    below the context element (lxml evaluates a relative path given a document from its root
    element: the root itself is not below it)."""

    def __init__(
        self,
        original: etree.XPath,
        select: Callable[[Iterable[etree._Element]], list[etree._Element]],
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
    """``re:test(value, pattern)`` as lxml's EXSLT extension answers it, cached per value."""
    compiled = re.compile(pattern, flags)

    @functools.lru_cache(maxsize=VERDICT_CACHE_SIZE)
    def found(value: str) -> bool:
        return compiled.search(value) is not None

    return found


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


def install() -> dict[str, Walk]:
    """Swap the four expressions for their walks in trafilatura's modules; {name: walk}."""
    raw, comments = xpaths.RAW_TREE_PRUNE_XPATH, xpaths.REMOVE_COMMENTS_AND_LISTS_XPATH
    walks = {
        "RAW_TREE_PRUNE_XPATH[0]": Walk(raw[0], _infinite_scroll, _BLOCKS, (_SCROLL_RE, _APPENDED_RE)),
        "RAW_TREE_PRUNE_XPATH[1]": Walk(raw[1], _share_buttons, _BLOCKS),
        "REMOVE_COMMENTS_AND_LISTS_XPATH[0]": Walk(
            comments[0], _comment_sections, _COMMENT_TAGS, (_COMMENT_ID_RE, _COMMENT_LIST_ID_RE, _COMMENT_CLASS_RE)
        ),
        "BASIC_CLEAN_XPATH": Walk(settings.BASIC_CLEAN_XPATH, _basic_clean, (), (settings._COOKIE_CONSENT_RE,)),
    }
    # The lists are shared by every module that imported them: swapped in place.
    raw[0], raw[1] = walks["RAW_TREE_PRUNE_XPATH[0]"], walks["RAW_TREE_PRUNE_XPATH[1]"]
    comments[0] = walks["REMOVE_COMMENTS_AND_LISTS_XPATH[0]"]
    # ``trafilatura.baseline`` is also a function of that name: the module is asked for by path.
    baseline = importlib.import_module("trafilatura.baseline")
    settings.BASIC_CLEAN_XPATH = baseline.BASIC_CLEAN_XPATH = walks["BASIC_CLEAN_XPATH"]  # type: ignore[attr-defined]
    return walks


WALKS = install()
