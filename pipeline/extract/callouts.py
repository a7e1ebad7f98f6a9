"""Callouts the article's author set apart, named as such (``named-callouts``).

A health article sets its warnings and summaries in boxes ("When to call 911", "Key points",
"Tip from our nurses", "Wann zum Arzt?"), and its CMS often names such a box with the name of the
component it reuses: ``callout sidebar-content``, ``callout-box promo-text``, ``sc-alert
sc-widget-alert``, ``related-info paragraph--type--tip``. The token rule then removes it as a
sidebar, a promo or a widget; written as an ``<aside>`` (Drupal's ``<aside
class="sidebar-content callout--warning">``), the tags rule does. A box spared for a box token
alone let the site's promos through (sessions 16-17, ``article-callouts``: "Call our Dementia
Support Line", "Chat online with a pharmacist"); here the box must also name itself a callout
(:data:`~pipeline.extract.markers.CALLOUT`) and read as one: a sentence or a list of advice, few
links, no control, and it stands inside the article's prose: after the page's headline, and
before its last long paragraph or holding it.
"""

from __future__ import annotations

from lxml import etree

from pipeline.extract.html import element_text
from pipeline.extract.markers import CALLOUT, CONSENT, marked
from pipeline.extract.rules import Trace
from pipeline.extract.structure import LONG_PARAGRAPH_CHARS
from pipeline.extract.word_counts import ends_a_sentence, word_count

# A callout says something: one of its blocks is a sentence of this many words or more ("Call
# 911 or go to the emergency department if ...") or a list item as long (a "Don't" box's "kiss
# anyone while you have a cold sore, especially babies"); a promo's are a slogan and a button
# ("Is it an emergency? Find urgent care near you", then "See locations and wait times").
CALLOUT_BLOCK_MIN_WORDS = 8
# A callout is text, not a list of links: at most this share of its letters in links (an
# in-article box may link its advice's source; a "more on this" box is all links).
CALLOUT_MAX_LINK_SHARE = 0.3
# Controls make a box a widget (a sign-up, a search, a chat launcher), whatever its name; a
# table makes it a fact sheet (Wikipedia's ``infobox``: "Specialty | Pulmonology").
_NOT_IN_A_CALLOUT = ("form", "input", "button", "select", "textarea", "iframe", "table")
_BLOCKS = ("p", "li", "dd", "blockquote")
# A list's item, or a definition's ("Good for: Prediabetes, type 2 diabetes, anyone who gets
# hungry by 10am"), says something without a full stop.
_LIST_ITEMS = ("li", "dd")


class Callouts:
    """The article's named callouts on one page: the span of its prose (document positions from
    the page's one ``<h1>`` to its last long paragraph, which a closing callout may hold: "Wann
    zum Arzt?") is found on the first question, since
    most pages have no element a token rule would remove that names itself a callout. Turned
    off (a site file's ``disable = ["named-callouts"]``), it spares nothing; ``trace`` records each
    callout it spares (not the elements inside one)."""

    def __init__(self, root: etree._Element, enabled: bool = True, trace: Trace | None = None) -> None:
        self.root = root
        self.enabled = enabled
        self.trace = trace
        self._span: tuple[dict[etree._Element, int], int, int] | None = None
        self.spared: set[etree._Element] = set()

    def spare_if_callout(self, element: etree._Element) -> bool:
        """Spare ``element`` if it is, or is inside, a callout of the article, and say whether a
        token rule must leave it alone. Sparing changes the tree: a callout loses its class and
        id (trafilatura removes boxes by the same names), and so does every element inside it."""
        if not self.enabled:
            return False
        if self.spared and any(a in self.spared for a in element.iterancestors()):
            return True
        if not marked(element, CALLOUT) or not self._reads_as_callout(element) or not self._in_prose(element):
            return False
        self.spared.add(element)
        if self.trace is not None:
            self.trace.record("named-callouts", element)
        for node in element.iter(etree.Element):
            node.attrib.pop("class", None)
            node.attrib.pop("id", None)
        return True

    def _reads_as_callout(self, element: etree._Element) -> bool:
        if marked(element, CONSENT) or next(element.iter(*_NOT_IN_A_CALLOUT), None) is not None:
            return False
        text = element_text(element)
        linked = sum(len(element_text(a)) for a in element.iter("a"))
        if not text or linked > CALLOUT_MAX_LINK_SHARE * len(text):
            return False
        blocks = list(element.iter(*_BLOCKS)) or [element]
        return any(_says_something(block) for block in blocks)

    def _in_prose(self, element: etree._Element) -> bool:
        positions, start, end = self._prose_span()
        where = positions.get(element, -1)
        return start < where <= end

    def _prose_span(self) -> tuple[dict[etree._Element, int], int, int]:
        if self._span is None:
            positions: dict[etree._Element, int] = {}
            headlines: list[int] = []
            last = -1
            for index, node in enumerate(self.root.iter()):
                positions[node] = index
                if node.tag == "h1" and element_text(node):
                    headlines.append(index)
                elif node.tag == "p" and len(element_text(node)) >= LONG_PARAGRAPH_CHARS:
                    last = index
            # With no headline, or several (a listing's), the prose starts with the body.
            start = headlines[0] if len(headlines) == 1 else 0
            self._span = positions, start, last
        return self._span


def _says_something(block: etree._Element) -> bool:
    text = element_text(block)
    return word_count(text) >= CALLOUT_BLOCK_MIN_WORDS and (block.tag in _LIST_ITEMS or ends_a_sentence(text))
