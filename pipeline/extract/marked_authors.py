"""Authors that markup names without a visible label: ``class="author"``, ``rel=author``,
``itemprop=author``, a thread's first post's ``data-author``. A last resort, for pages that mark
their byline but do not label it (labelled bylines are :mod:`pipeline.extract.bylines`).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from lxml import etree

from pipeline.extract import byline_patterns as P
from pipeline.extract.bylines import byline_people
from pipeline.extract.html import block_lines, text_within
from pipeline.extract.markers import TEASER, marked

# Markup that says "this is the author" without a visible label: class or id tokens, rel, itemprop
# ("authorized", "authorization" are not).
_AUTHOR_MARK = re.compile(r"author(?!i[sz])|byline|writer", re.IGNORECASE)
# Marked parts that are about the author but hold no name: a photo, a biography, a list of posts,
# the author's job ("author-title": "Research & Development", read as names, made three people).
_NOT_NAME_MARK = re.compile(
    r"avatar|image|img|photo|picture|bio|description|desc\b|about|posts|social|follow|more|date|time"
    r"|title|role|position|job",
    re.IGNORECASE,
)
# A marked author holds a name (and maybe a date or a label), not a paragraph.
MARKED_AUTHOR_MAX_CHARS = 80
# So many different people in marked elements: cards of a listing, reviews of a product, not a byline.
MARKED_AUTHORS_LISTING = 3
# Lower-case words inside a name ("Ludwig van Beethoven", "Maria da Silva").
_NAME_PARTICLES = frozenset("van von der den de da das do dos del della di du la le bin ibn al el y".split())


def marked_authors(
    root: etree._Element, excluded: set[etree._Element], is_site: Callable[[str], bool] = lambda _: False
) -> list[tuple[str, str]]:
    """People named by an element marked as the author (``class="author"``, ``rel=author``,
    ``itemprop=author``...) outside comments and teaser cards: the first such element that
    names someone other than the site, unless the marked elements name MARKED_AUTHORS_LISTING
    people or more (a listing's cards); else a thread's first post's ``data-author``. A last
    resort, for pages that mark their byline but do not label it.

    ``is_site`` tells the site's own name: a blog's title marked ``rel=author`` ("Human in the
    Loop", which read as a name would be "Human"), a company listed before the person who wrote
    ("Corti", then "Joakim Edin") name no one, so the next marked element is read."""
    return _class_marked(root, excluded, is_site) or _data_author(root, excluded)


def _outside(element: etree._Element, excluded: set[etree._Element]) -> bool:
    """Not in a comment thread nor in a teaser card."""
    return element not in excluded and not any(a in excluded or marked(a, TEASER) for a in element.iterancestors())


def _class_marked(
    root: etree._Element, excluded: set[etree._Element], is_site: Callable[[str], bool]
) -> list[tuple[str, str]]:
    first: list[tuple[str, str]] = []
    everyone: set[str] = set()
    for element in root.iter():
        if not _author_marked(element) or not _outside(element, excluded):
            continue
        found = [(name, shown) for name, shown in _marked_names(element, is_site) if not is_site(name)]
        if found and any(
            _author_marked(inner) and _marked_names(inner, is_site) for inner in element.iterdescendants()
        ):
            continue  # a 'byline' that holds the 'author' beside the publication: the inner one names
        first = first or found
        everyone.update(name for name, _ in found)
        if len(everyone) >= MARKED_AUTHORS_LISTING:
            return []
    return first


def _marked_names(element: etree._Element, is_site: Callable[[str], bool]) -> list[tuple[str, str]]:
    """The people an element marked as the author names (none when its text is the site's name)."""
    person = "author" in (element.get("itemprop") or "")
    # schema.org Person: its name, else its profile link ("<a href=/users/919>jldugger</a> 14.6k")
    named = (element.xpath(".//*[@itemprop='name']") or element.xpath(".//a[normalize-space()]")) if person else []
    source = named[0] if named else element
    text = source.get("content") or text_within(source, MARKED_AUTHOR_MAX_CHARS)
    if text and not source.get("content"):
        text = " | ".join(block_lines(source))  # "Andrew Gerrand<br>4 August 2010": the first line
    elif text is None and (lines := block_lines(source)) and len(lines[0]) <= MARKED_AUTHOR_MAX_CHARS:
        text = lines[0]  # an author box: the name's line, then a biography
    if not text or P.LABEL_START.fullmatch(text.strip(" :")) or is_site(text.split(" | ")[0]):
        return []
    value = _ANY_LABEL.sub("", P.AUTHOR_LABEL.sub("", text, count=1), count=1)
    found = [(n, c) for n, c in byline_people(value) if _name_shaped(n)]
    return found or (_user_handle(value) if person else [])


# One word and a colon before the name, in an element marked as the author, is its label in any
# language, known to AUTHOR_LABEL or not ("Автор: Ольга Седова", "Yazar: Ayşe Demir").
_ANY_LABEL = re.compile(r"^[^\W\d_]{2,24}\s*[:：]\s*(?=\S)")


# The attributes that may mark an element as the author.
_MARK_ATTRIBUTES = frozenset(("class", "id", "rel", "itemprop", "data-testid"))


def _author_marked(element: etree._Element) -> bool:
    """The element is marked as the author (or the byline), not as the author's photo or biography.

    Asked of every element of pages whose byline is not labelled: the attributes are read in
    one call, and a lower-case substring test comes before the regexes (every string they
    match holds "author", "byl" or "wr": twice as fast). Neither pattern spans a space, so the
    values' order in ``marks`` does not matter."""
    if not isinstance(element.tag, str) or element.tag in ("meta", "link", "img", "script", "style"):
        return False
    marks = " ".join([value for name, value in element.items() if name in _MARK_ATTRIBUTES])
    lowered = marks.lower()
    if "author" not in lowered and "byl" not in lowered and "wr" not in lowered:
        return False
    return bool(_AUTHOR_MARK.search(marks)) and not _NOT_NAME_MARK.search(marks)


def _data_author(root: etree._Element, excluded: set[etree._Element]) -> list[tuple[str, str]]:
    """The first post's ``data-author`` (XenForo's ``<article data-author="paulb203">``, Stack
    Exchange's ``data-author-username``), outside the comments."""
    for element in _DATA_AUTHOR(root):
        if _outside(element, excluded):
            value = element.get("data-author") or element.get("data-author-username") or ""
            if found := [(n, c) for n, c in byline_people(value) if _name_shaped(n)] or _user_handle(value):
                return found
    return []


def _user_handle(value: str) -> list[tuple[str, str]]:
    """A marked author that is one lower-case user name ("jldugger 14.6k"): the name, unless a role."""
    first = value.split()[0] if value.split() else ""
    if _USER_NAME.fullmatch(first) and first.casefold() not in _NOT_USER_NAMES:
        return [(first, "")]
    return []


# "/descendant::", not "//": libxml2 evaluates "//*[...]" as descendant-or-self::node()/child::*, slower
_DATA_AUTHOR = etree.XPath("/descendant::*[@data-author or @data-author-username]")
_USER_NAME = re.compile(r"[a-z][\w.-]{2,29}")
# Accounts and roles, not people ("admin" on a blog post).
_NOT_USER_NAMES = frozenset("admin administrator user guest anonymous author editor staff team webmaster".split())


def _name_shaped(name: str) -> bool:
    """Every word capitalised but the particles ("Eduardo Poças", "Ludwig van Beethoven"), or one handle."""
    words = name.split()
    if len(words) == 1:
        return True
    return all(w[:1].isupper() or not w[:1].isalpha() or w in _NAME_PARTICLES for w in words)
