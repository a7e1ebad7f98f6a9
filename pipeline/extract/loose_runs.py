"""Loose text that follows a block, written as the paragraph it is before trafilatura reads the tree.

A 2012 template writes its paragraphs as text in ``<font>`` runs between ``<br><br>``, no ``<p>``.
trafilatura reads a run after a ``<br>`` as a paragraph, but a run right after a block hangs on
that block's tail: after a heading it is dropped with the heading when the heading ends
trafilatura's body (its "no title at the end" pass deletes a trailing ``<head>`` and its tail,
then the heading before it, so a page's last sections go one by one), and after any other block
it is a ``<p>``'s tail, which ``render_trafilatura`` leaves out. Wrapped in a block of its own,
the run is read as the paragraph the page shows (``loose-runs``, :func:`wrap_loose_runs`).

The article's disclosure panels (an accordion, an FAQ, tabs) are written as trafilatura reads
them the same way (``panel-text``, :func:`panel_text`): a question that is all of its heading's
link becomes the heading's text, and an answer in a bare ``<div>`` a ``<p>``.
"""

from __future__ import annotations

from lxml import etree

from pipeline.extract.html import HEADING_TAGS, INLINE_TAGS, element_text
from pipeline.extract.markers import COLLAPSED_PANEL, marked
from pipeline.extract.rules import Trace
from pipeline.extract.word_counts import ends_a_sentence, word_count

# The blocks whose tail text trafilatura hangs on them rather than reading as a paragraph.
RUN_OPENERS = HEADING_TAGS
# What a run's inline elements may hold: an inline element around a block (a card's link around
# its heading and tagline, a <span> around a FAQ's questions) is a block, not a run of text
# (wcxb-dev tune 3006's brand cards and 0056's FAQ lost their lines when taken for one).
RUN_CONTENT = INLINE_TAGS | {"br", "img", "wbr"}
# trafilatura reads a page's <div>s as paragraphs only when its <p>s hold less text than this
# (3 x its min_extracted_size of 250, main_extractor._extract). On such a page a run is written
# as a <div>: new <p>s would carry the page over the line and trafilatura would stop reading the
# <div>s that hold the rest of its text (the tune pages under legacy-layout and br-paragraphs: a
# story's first paragraph, the loose text at the top of its cell, lost, 1.00 -> 0.88; an FAQ's
# answers in <div>s lost, 0.98 -> 0.69; wcxb-dev tune 3054, a shop's blurb after "About This
# Game", 615 -> 809 characters, its prices in <div>s lost, 0.210 -> 0.192).
DIV_READING_P_TEXT = 750
_P_TEXT = etree.XPath("//p//text()")


def _inline_run_element(element: etree._Element) -> bool:
    return (
        isinstance(element.tag, str)
        and element.tag in INLINE_TAGS
        and all(not isinstance(e.tag, str) or e.tag in RUN_CONTENT for e in element.iterdescendants())
    )


def _run_after(block: etree._Element) -> list[etree._Element]:
    """The inline siblings after ``block`` up to the next line break, block or comment."""
    run: list[etree._Element] = []
    sibling = block.getnext()
    while sibling is not None and _inline_run_element(sibling):
        run.append(sibling)
        sibling = sibling.getnext()
    return run


def wrap_loose_runs(root: etree._Element, trace: Trace | None = None) -> int:
    """Wrap the loose text run that follows each of RUN_OPENERS (the block's tail and the inline
    siblings after it, up to a ``<br>`` or a block) in the block trafilatura reads as a paragraph
    on this page: a ``<p>``, or a ``<div>`` where its ``<p>``s hold under DIV_READING_P_TEXT
    (``loose-runs``; ``trace`` records each block made). Returns how many."""
    reads_divs: bool | None = None  # measured once a run is found: most pages have none
    wrapped = 0
    for block in list(root.iter(*RUN_OPENERS)):
        parent = block.getparent()
        if parent is None or parent.tag in INLINE_TAGS:
            continue
        run = _run_after(block)
        text = (block.tail or "") + "".join("".join(e.itertext()) + (e.tail or "") for e in run)
        if not any(ch.isalnum() for ch in text):
            continue
        if reads_divs is None:
            reads_divs = sum(len(t) for t in _P_TEXT(root)) < DIV_READING_P_TEXT
        paragraph = block.makeelement("div" if reads_divs else "p", {})
        paragraph.text, block.tail = block.tail, None
        for element in run:
            paragraph.append(element)  # moves it, its tail with it
        block.addnext(paragraph)
        if trace is not None:
            trace.record("loose-runs", paragraph)
        wrapped += 1
    return wrapped


# A <div> that holds a sentence of this many words as its own text, no block inside it, is a
# paragraph the page wrote without a <p>.
DIV_SENTENCE_MIN_WORDS = 8


def panel_text(root: etree._Element, trace: Trace | None = None) -> int:
    """The article's disclosure panels (an accordion, an FAQ, tabs) written so that trafilatura
    drops their text, written as it reads them (``panel-text``). Returns how many elements changed.

    A question that is a link all of its heading's text, the control that opens its panel
    (Bootstrap's ``<h4><a role="button" aria-controls="c1" href="#c1">Can a fever cause brain
    damage?</a></h4>``), becomes that heading's text: trafilatura drops a heading that is all
    link, as a listing's teaser titles are. An answer written as a bare ``<div>`` (``<div
    class="panel-body">No. Fevers caused by infections do not ...</div>``) becomes a ``<p>``:
    trafilatura reads a ``<div>``'s text only on a page whose ``<p>``s hold under
    DIV_READING_P_TEXT, so the answers went, with the FAQ's heading, on every other page. A panel
    is an element a control's ``aria-controls`` names or one named as such
    (:data:`~pipeline.extract.markers.COLLAPSED_PANEL`: accordion, tab panel, FAQ answer...), inside
    the page's ``<article>`` (its own or the one the structure step named); a ``<div>`` in it that
    is one run of text and says a sentence is the paragraph the page shows. Any ``<div>`` so
    promoted, not only a panel's, let a shop's "Pharmacy medicine: ..." notice, a recipe's "Did
    you make this recipe?" and a funding note through (tune pages). ``trace`` records each
    question and answer rewritten."""
    articles = list(root.iter("article"))
    changed = 0
    for article in articles:
        for link in list(article.iter("a")):
            if (link.get("aria-controls") or link.get("aria-expanded")) and _all_its_heading(link):
                if trace is not None:
                    trace.record("panel-text", link)
                link.tag = "span"
                changed += 1
    if not articles or sum(len(t) for t in _P_TEXT(root)) < DIV_READING_P_TEXT:
        return changed
    controlled: set[str] | None = None  # read once a candidate is found: most pages have none
    for article in articles:
        for div in list(article.iter("div")):
            if not _text_run(div):
                continue
            text = element_text(div)
            if word_count(text) < DIV_SENTENCE_MIN_WORDS or not ends_a_sentence(text):
                continue
            if controlled is None:
                controlled = {name for value in _CONTROLS(root) for name in value.split()}
            if _in_a_panel(div, article, controlled):
                if trace is not None:
                    trace.record("panel-text", div)
                div.tag = "p"
                changed += 1
    return changed


def _all_its_heading(link: etree._Element) -> bool:
    """The link is all the text of the heading it stands in."""
    heading = next((a for a in link.iterancestors() if a.tag in HEADING_TAGS), None)
    label = " ".join(element_text(link).split())
    return heading is not None and bool(label) and label == " ".join(element_text(heading).split())


def _text_run(div: etree._Element) -> bool:
    """The element holds text and inline elements only (no block inside it)."""
    return all(not isinstance(e.tag, str) or e.tag in RUN_CONTENT for e in div.iterdescendants())


def _in_a_panel(element: etree._Element, article: etree._Element, controlled: set[str]) -> bool:
    """``element`` or an ancestor below ``article`` is a disclosure panel."""
    node: etree._Element | None = element
    while node is not None and node is not article:
        if (node.get("id") or "") in controlled or marked(node, COLLAPSED_PANEL):
            return True
        node = node.getparent()
    return False


_CONTROLS = etree.XPath("//@aria-controls")
