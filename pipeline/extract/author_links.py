"""The author named by a link to their own page on the site: ``<a href="/authors/oleg-parashchak/">
Oleg Parashchak</a>``.

Class names and tags change from template to template (a theme renamed, a page builder's
generated classes); the link from a byline to the writer's page does not: its path names a
people section (``/authors/``, ``/staff/``) and ends in the name written as a slug. Read when no
label, no structured data and no marked element named anyone (the last source of
:func:`pipeline.extract.metadata.extract_metadata`'s authors), so a page whose byline is
marked only by a class word its template renamed still has its author.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from urllib.parse import urlsplit

from lxml import etree

from pipeline.extract.byline_patterns import AUTHOR_PAGE_PATH
from pipeline.extract.html import text_within
from pipeline.extract.markers import MENU, TEASER, marked
from pipeline.extract.names import NAME_MAX_CHARS, clean_name_credentials

# So many different people linked to their pages: a listing's cards or a team page, no byline
# (the same count as bylines.MARKED_AUTHORS_LISTING, for the same reason).
LINKED_AUTHORS_LISTING = 3


def linked_author(root: etree._Element, excluded: set[etree._Element], is_site: Callable[[str], bool]) -> list[str]:
    """The first person whose link text is their name and whose link goes to their page in a
    people section of the site (the path's last named part is the name's slug: "Brian Truitt"
    -> ``/staff/2648209001/brian-truitt/``), outside comments, teaser cards and menus; nobody
    when the page links LINKED_AUTHORS_LISTING people's pages or more."""
    first: str | None = None
    pages: set[str] = set()
    for link in root.iter("a"):
        href = link.get("href") or ""
        if not AUTHOR_PAGE_PATH.search(href) or not _outside(link, excluded):
            continue
        pages.add(urlsplit(href).path.rstrip("/").lower())
        if len(pages) >= LINKED_AUTHORS_LISTING:
            return []  # the pages of several people: a listing's cards, a team's
        text = text_within(link, NAME_MAX_CHARS)
        name = clean_name_credentials(text)[0] if text else None
        if first is None and name and not is_site(name) and _slug(name) in _path_parts(href):
            first = name
    return [first] if first else []


def _slug(text: str) -> str:
    """'José Núñez' -> 'jose-nunez': a name as a URL writes it."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def _path_parts(href: str) -> set[str]:
    return {part.lower() for part in urlsplit(href).path.split("/") if part}


def _outside(link: etree._Element, excluded: set[etree._Element]) -> bool:
    """Not in a comment thread, a teaser card or the site's navigation (a "Meet the team" menu)."""
    for node in (link, *link.iterancestors()):
        if node in excluded or node.tag == "nav" or node.get("role") == "navigation":
            return False
        if marked(node, TEASER) or marked(node, MENU):
            return False
    return True
