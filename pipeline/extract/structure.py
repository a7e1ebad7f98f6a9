"""Page structure: where the article's text concentrates.

Measured once per page, bottom-up (:class:`TextMass`); every boilerplate rule asks it before
removing anything, so no rule can take the article with it. Layout that hides the article is
undone in :mod:`pipeline.extract.layout_tables`; telling trafilatura where the article is, in
:mod:`pipeline.extract.article_marking`.
"""

from __future__ import annotations

import re

from lxml import etree

from pipeline.extract.boilerplate_names import BOILERPLATE_TAGS, PROTECTED_TAGS
from pipeline.extract.html import INLINE_TAGS, NO_TEXT_TAGS
from pipeline.extract.markers import CONSENT, marked

# An element holding this share of the page's text is the article (or wraps it): never removed.
ARTICLE_SHARE = 0.5
# Three long paragraphs are prose; boilerplate boxes are lists, labels and one-liners.
PROSE_PARAGRAPHS = 3
LONG_PARAGRAPH_CHARS = 120
# A block with this much text of its own is a paragraph, for scoring where the article is.
PARAGRAPH_MIN_CHARS = 60


# Inline elements whose text is a block's own, for scoring where the article is: all but links.
# A menu written as links with no white space or list markup between them (a shop's mega-menu
# in a <nav>, a footer's columns) was one "paragraph" of 10,000 characters: the anchor landed
# there and protected the menu from every rule, and the page-blocks step kept it (wcxb-dev
# tune, session 10: 0620 0.220 -> 0.644, 0586 0.022 -> 0.260, 0424 and 2532 +0.119 each,
# 2908 -0.131; as readability weighs a block by its text outside links).
_OWN_TEXT_INLINE = INLINE_TAGS - {"a"}


class TextMass:
    """Text measures of every element, computed bottom-up once per page.

    ``chars``: all text below the element; ``paragraphs``: long ``<p>`` below it, and long runs
    of a block's own text that ``<br>`` separate (a page written before CSS layouts sets its
    paragraphs as text between ``<br><br>``: with none counted, the article's sections were
    never joined and no box of its prose was prose); ``anchor``:
    the container whose child blocks hold the most paragraph text outside links (a block's own
    text counts fully for its parent, half for its grandparent, as readability scores them). The anchor
    and its ancestors are never removed: that is where the article is.
    """

    def __init__(self, root: etree._Element):
        self.chars: dict[etree._Element, int] = {}
        self.paragraphs: dict[etree._Element, int] = {}
        self._scores: dict[etree._Element, float] = {}
        self._measure(root)
        self.total = max(self.chars.get(root, 0), 1)
        self.protected: set[etree._Element] = set()
        self.anchor: etree._Element | None = None
        if self._scores:
            ranked = sorted(self._scores, key=self._scores.__getitem__, reverse=True)
            anchor = _outside_footer(ranked, _outside_sidebar(ranked, _outside_consent(ranked), self.paragraphs))
            self.anchor = anchor
            self.protected.add(anchor)
            self.protected.update(anchor.iterancestors())

    def _measure(self, root: etree._Element) -> None:
        """Fill ``chars``, ``paragraphs`` and the scores, bottom-up, in one recursive walk.

        The dictionaries are local names of one closure: a method call and three
        attribute reads per element were a tenth of the walk (same dictionaries, same order)."""
        chars_of, paragraphs_of, scores = self.chars, self.paragraphs, self._scores
        inline, own_inline = INLINE_TAGS, _OWN_TEXT_INLINE

        def measure(element: etree._Element) -> tuple[int, int, int]:
            """(all chars, long paragraphs, own inline chars) of ``element``."""
            tag = element.tag
            if tag.__class__ is not str or tag in NO_TEXT_TAGS:
                return 0, 0, 0
            text = element.text
            own = len(text.strip()) if text else 0
            chars = own
            paragraphs = 0
            run = own  # own text since the last <br>
            broken = 0  # long runs a <br> closed
            for child in element:
                child_chars, child_paragraphs, child_own = measure(child)  # noqa: F821 (deleted after the walk)
                tail = child.tail
                tail_chars = len(tail.strip()) if tail else 0
                chars += child_chars + tail_chars
                if child.tag == "br":
                    broken += run >= LONG_PARAGRAPH_CHARS
                    run = 0
                gained = tail_chars + (child_own if child_own and child.tag in own_inline else 0)
                own += gained
                run += gained
                paragraphs += child_paragraphs
            if tag == "p":
                paragraphs += chars >= LONG_PARAGRAPH_CHARS
            elif broken and tag not in inline:
                paragraphs += broken + (run >= LONG_PARAGRAPH_CHARS)
            chars_of[element] = chars
            paragraphs_of[element] = paragraphs
            if own >= PARAGRAPH_MIN_CHARS and tag not in inline:
                parent = element.getparent()
                if parent is not None:
                    scores[parent] = scores.get(parent, 0.0) + own
                    grandparent = parent.getparent()
                    if grandparent is not None:
                        scores[grandparent] = scores.get(grandparent, 0.0) + own / 2
            return chars, paragraphs, own

        try:
            measure(root)
        finally:
            # the closure holds itself (its own cell): a cycle that kept the three dictionaries,
            # every element's proxy in them and so the page's whole tree alive until the cyclic
            # collector found them (most of the page's tracked objects were left to it)
            del measure

    def is_article_like(self, element: etree._Element) -> bool:
        """Protected tag, the anchor's branch, prose, or (generic containers) most of the text."""
        if element.tag in PROTECTED_TAGS or element in self.protected:
            return True
        if self.paragraphs.get(element, 0) >= PROSE_PARAGRAPHS and not _is_navigation(element):
            return True
        # most of a short post's page is its sidebar: a sidebar that does not hold the anchor
        # is not the article however much of the text it holds
        return (
            element.tag not in BOILERPLATE_TAGS
            and self.chars.get(element, 0) >= ARTICLE_SHARE * self.total
            and not _is_sidebar(element)
        )


# ARIA roles that name an element the page's navigation, as <nav> does.
NAVIGATION_ROLES = frozenset({"navigation", "menu", "menubar"})


def _is_navigation(element: etree._Element) -> bool:
    """A navigation landmark (``<nav>``, ``role=navigation``, a menu) is no article for its
    paragraphs (``nav-prose``): a mega-menu's panels describe each product or policy in a
    sentence or two (GEICO's account menu, one blurb per insurance line: wcxb-dev 0112 kept
    it in the page blocks, 0.798 -> 0.960 without). It is still the article where it holds the
    anchor (or, a ``<div>`` given the role, most of the page's text)."""
    return element.tag == "nav" or (element.get("role") or "").lower() in NAVIGATION_ROLES


def _outside_consent(ranked: list[etree._Element]) -> etree._Element:
    """The best-scored container that is not part of a cookie or consent dialog (its purpose
    texts are paragraphs too); the best one when every container is (a page wrapped in a
    ``cookie-accepted`` div). Usually the first one asked, so one walk up the tree."""
    for element in ranked:
        if not any(marked(node, CONSENT) for node in (element, *element.iterancestors())):
            return element
    return ranked[0]


# A sidebar names itself: <aside>, role=complementary, or a whole class/id token.
_SIDEBAR_NAME = re.compile(r"(?<![a-z0-9])(?:sidebar|side-bar)(?![a-z0-9])")


def _is_sidebar(element: etree._Element) -> bool:
    if element.tag == "aside" or (element.get("role") or "").lower() == "complementary":
        return True
    return bool(_SIDEBAR_NAME.search(f"{element.get('class') or ''} {element.get('id') or ''}".lower()))


def _outside_sidebar(
    ranked: list[etree._Element], anchor: etree._Element, paragraphs: dict[etree._Element, int]
) -> etree._Element:
    """The anchor, unless it sits in a sidebar beside a container with a long paragraph of its
    own: then that container. A short post (a blog's 60-word note under its photos) scores
    below the sidebar's "About me" box, which became the article and the post was lost
    (``sidebar-anchor``). Beside means inside the sidebar's parent, outside the sidebar: a
    layout wrapper named ``has-sidebar`` around the whole content has no article beside it."""
    for side in (node for node in (anchor, *anchor.iterancestors()) if _is_sidebar(node)):
        parent = side.getparent()
        # a layout that holds the page's <main> or <article> ("layout--sidebar") is no sidebar
        if parent is None or next(side.iter("main", "article"), None) is not None:
            continue
        for element in ranked:
            if paragraphs.get(element, 0) < 1 or element is side or element.tag in _PAGE_CHROME_TAGS:
                continue
            ancestors = set(element.iterancestors())
            if (
                side not in ancestors
                and parent in ancestors
                and not any(a.tag in _PAGE_CHROME_TAGS for a in ancestors)
                and not marked(element, CONSENT)
            ):
                return element
    return anchor


# A page footer written as a div names itself by its id: ``<div id="footer">`` before HTML5,
# ``id="page-footer"`` today (a whole token). Not by a class: a class names a kind of block, and
# a news site's ``baseline-footer-wrapper`` closes its content column beside a feed (wcxb-dev
# 0956: read as the page's footer, the anchor moved into one feed item, 0.996 -> 0.817).
_FOOTER_NAME = re.compile(r"(?<![a-z0-9])footer(?![a-z0-9])")


def _is_footer(node: etree._Element) -> bool:
    """A ``<footer>``, or an element whose id names it a footer and that does not hold the
    page's headline (a wrapper named for the footer it pushes down holds the whole page)."""
    if node.tag == "footer":
        return True
    named = _FOOTER_NAME.search((node.get("id") or "").lower())
    return named is not None and next(node.iter("h1"), None) is None


def _page_footer(element: etree._Element) -> etree._Element | None:
    """The page's footer (``<footer>`` or named so) that holds ``element`` (itself or an
    ancestor): not an article's own footer (inside ``<article>`` or ``<main>``), nor one that
    holds the page's ``<main>`` or ``<article>`` (an unclosed footer wrapping the page)."""
    for node in (element, *element.iterancestors()):
        if node.tag in ("article", "main"):
            return None
        if _is_footer(node):
            if next(node.iter("main", "article"), None) is not None:
                return None
            if not any(a.tag in ("article", "main") for a in node.iterancestors()):
                return node
            return None
    return None


def _outside_footer(ranked: list[etree._Element], anchor: etree._Element) -> etree._Element:
    """The anchor, unless it sits in the page's footer: then the best-scored container outside
    it. A footer's fine print (a shop's offer terms, a privacy notice, a licence line) is
    paragraphs too, and out-scored the page's cards or bullet points: the anchor protected the
    footer from the ``<footer>`` rule (``footer-anchor``)."""
    if _page_footer(anchor) is None:
        return anchor
    return next((element for element in ranked if _page_footer(element) is None), anchor)


# What the anchor never moves into from a sidebar: the page's footer, header and navigation.
_PAGE_CHROME_TAGS = frozenset({"footer", "header", "nav", "aside"})
