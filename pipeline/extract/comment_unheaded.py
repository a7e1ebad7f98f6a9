"""Comments by structure alone, with no heading naming them (``comments:unheaded-siblings``).

The threads a template we never saw writes without a heading over them (a forum package's
posts under opaque names, a Hacker News or Slashdot-like list, wpDiscuz, Serendipity, Disqus's
and LiveJournal's fallbacks) still show their shape: a run of sibling blocks of one tag after the
article's text, each a name-like line, a date and a message of its own words
(:func:`comment_headed.headed_post`). A shape is cheap to imitate (related stories with bylines,
events, testimonials, bio boxes, a review summary), so more is asked than under a heading: every
block of the run has the shape, MIN_UNHEADED_BLOCKS or more, the article's text comes before it,
nothing around it is page chrome (a nav, aside, footer or header, a sidebar widget, a teaser
list), and the thread shows one mark that only threads carry (a reply control, a
comment form after it, a reply nested in a block, an anchor or id per block).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterator
from itertools import accumulate
from operator import attrgetter

from lxml import etree

from pipeline.extract.comment_headed import (
    headed_post,
    message_of,
    name_element,
    title_div,
    unwrapped,
)
from pipeline.extract.comment_items import Item, in_form
from pipeline.extract.comment_structure import signed_post
from pipeline.extract.html import PageText, element_text, raw_text
from pipeline.extract.markers import MENU, REVIEW, SITE_COMMENTS, TEASER, WIDGET, marked
from pipeline.extract.vocabulary import words
from pipeline.extract.word_counts import word_count

# A thread without a heading is three comments or more, each block of the run a comment (no
# share of unsigned blocks as under a heading): two signed, dated blocks after an article are as
# often two related stories or a pair of author boxes ...
MIN_UNHEADED_BLOCKS = 3
# ... unless replies nested in them make the third (a blog's two comments, one answered: two
# boxes side by side answer nothing), on a page that shows a reply control or a text area (runs
# of two are twice the runs of three: asked everywhere they cost a third more of the finder).
MIN_UNHEADED_RUN = 2
# The article comes first: this many words of paragraphs before the run (the synthetic
# article is 86 words; a nav's or a header's lines are seldom paragraphs). A run at the top of
# the page is a listing, or a forum's posts whose first is the article (left to the finders
# that know forums).
ARTICLE_BEFORE_MIN_WORDS = 40
# Regions that hold page chrome, by tag (their class names are tested by CHROME_CONCEPTS).
CHROME_TAGS = frozenset({"nav", "aside", "footer", "header", "form", "menu"})
CHROME_CONCEPTS = (MENU, WIDGET, TEASER, SITE_COMMENTS, REVIEW)
# The comment form after the thread may sit this many wrappers above the run's parent.
FORM_LEVELS = 2
# A comment's anchor: an id ending in its number ("c41", "comment-901", "p7"; a hashed id
# rarely ends in two digits).
ANCHOR_ID = re.compile(r"\d{2,}$")
# What a reply control says, in any vocabulary language ("Reply", "Antworten", "Répondre").
REPLY_CONTROLS = frozenset(words("reply_controls"))
_CONTROL_ENDS = re.compile(r"^[\W_]+|[\W_]+$")
# A word every reply control's text holds (each control's first): text without one holds no
# control, so a page or an element without one is passed over before its text is normalised.
_CONTROL_WORD = re.compile("|".join(sorted({re.escape(control.split()[0]) for control in REPLY_CONTROLS})))


# The elements with MIN_UNHEADED_BLOCKS (MIN_UNHEADED_RUN) element children or more, in page order.
_PARENTS = etree.XPath(f"//*[count(*) >= {MIN_UNHEADED_BLOCKS}]")
_PARENTS_OF_RUNS = etree.XPath(f"//*[count(*) >= {MIN_UNHEADED_RUN}]")


def unheaded_items(root: etree._Element, text: PageText | None = None) -> list[Item]:
    """The comments of the largest run of MIN_UNHEADED_BLOCKS or more sibling blocks of one
    tag (or MIN_UNHEADED_RUN and the replies nested in them, on a page with a reply control or
    a text area), every one a signed, dated message, after the article's text and outside page
    chrome: the run's blocks in page order (a block that only wraps replies gives its replies). It runs
    on every page no other finder read (most pages, which have no comments), so the cheap
    tests come first (the article's words before the run, a mark in the markup, where the run
    sits) and the shapes last."""
    page = _Page(root, text)
    best: list[etree._Element] = []
    reply = _Replies()
    in_chrome = _Chrome()
    least = MIN_UNHEADED_RUN if page.textareas or page.shows_controls() else MIN_UNHEADED_BLOCKS
    parents = _PARENTS_OF_RUNS if least < MIN_UNHEADED_BLOCKS else _PARENTS
    for parent in parents(root):  # in C: a walk in Python over every element cost 2% of a page
        for group in _runs(parent, max(least, len(best) + 1)):
            if len(group) < max(least, len(best) + 1):  # a run found in this parent
                continue
            # every test is pure, so their order is cost: the article's words before the run
            # (a lookup), the marks (a tenth of the runs pass), where the run sits, the shapes
            if page.words_before(group[0]) < ARTICLE_BEFORE_MIN_WORDS:
                continue
            marked_by_markup = _marked_by_markup(group, page)
            # whether a block holds a kin at all: the first found is enough to go on (the list
            # of them is read only for the runs that pass the tests after)
            held = marked_by_markup or next(_kin_inside(group), None) is not None
            if not held or in_chrome(parent) or in_form(parent, strict=True):
                continue
            if not all(map(reply.post, group)):
                continue
            nested = [] if marked_by_markup and len(group) >= MIN_UNHEADED_BLOCKS else list(_kin_inside(group))
            if len(group) < MIN_UNHEADED_BLOCKS:  # the replies nested in the run make the third
                if len(group) + sum(map(reply, nested)) < MIN_UNHEADED_BLOCKS:
                    continue
            if marked_by_markup or any(map(reply, nested)):
                best = group
    items = []
    for block in unwrapped(best):
        # replies of the block's tag nested in it, signed by shape alone as the run's blocks are
        for element in (block, *(e for e in block.iterdescendants(str(block.tag)) if reply(e))):
            message = message_of(element, reply.or_signed)
            items.append(Item(element, [element], body=message, name=name_element(element, message, reply.or_signed)))
    return items


_TAG = attrgetter("tag")


def _runs(parent: etree._Element, at_least: int) -> Iterator[list[etree._Element]]:
    """The parent's element children grouped by tag (:func:`comment_headed.by_tag`, title
    lines left out), the groups of ``at_least`` blocks or more only: a tag's count is read
    before its title lines are looked for (most parents hold too few blocks of one tag)."""
    children = list(parent.iterchildren(etree.Element))  # in C: no comments, no processing instructions
    if len(children) < at_least:
        return
    for tag, count in Counter(map(_TAG, children)).items():
        if count < at_least:
            continue
        group = [c for c in children if c.tag == tag and not (tag == "div" and title_div(c))]
        if len(group) >= at_least:
            yield group


class _Page:
    """What the finder asks of the page as a whole, worked out once and only when asked: the
    elements' order and the words of paragraphs before each, its reply controls, its text areas."""

    def __init__(self, root: etree._Element, text: PageText | None = None) -> None:
        self.root = root
        self.text = text or PageText(root)
        self._order: dict[etree._Element, int] | None = None
        self._starts: list[int] = []
        self._words: list[int] = []
        self._controlled: set[etree._Element] | None = None
        self._textareas: list[etree._Element] | None = None

    @property
    def holding_controls(self) -> set[etree._Element]:
        """The elements that hold a reply control: the page's controls are found once, and
        their ancestors remembered."""
        if self._controlled is None:
            self._controlled = set()
            # casefolding is per character, so a control's word is in its page's casefolded text
            if _CONTROL_WORD.search(self.text.folded):
                for control in self.root.iter("a", "button", "span"):
                    # a childless element's text is its own (most of them: no serialising call)
                    text = raw_text(control) if len(control) else control.text or ""
                    if _CONTROL_WORD.search(text.casefold()) and _is_control(control):
                        self._controlled.update(control.iterancestors())
        return self._controlled

    def shows_controls(self) -> bool:
        """Whether the page holds a reply control anywhere."""
        return bool(self.holding_controls)

    @property
    def textareas(self) -> list[etree._Element]:
        if self._textareas is None:
            self._textareas = list(self.root.iter("textarea"))
        return self._textareas

    @property
    def order(self) -> dict[etree._Element, int]:
        if self._order is None:
            self._order = {element: index for index, element in enumerate(self.root.iter())}
            # a paragraph's words, split from its raw text (what element_text would join first)
            paragraphs = [(self._order[p], word_count(raw_text(p))) for p in self.root.iter("p")]
            self._starts = [at for at, _ in paragraphs]
            self._words = [0, *accumulate(words for _, words in paragraphs)]
        return self._order

    def words_before(self, element: etree._Element) -> int:
        """The words of the paragraphs that start before ``element``; none for an element
        outside the root (``//*`` reads the whole document: a script after the root element)."""
        at = self.order.get(element)
        if at is None:
            return 0
        return self._words[bisect_left(self._starts, at)]


def mark_forum_thread(root: etree._Element, items: list[Item]) -> None:
    """Mark a finder's run as a forum thread (its first item the opening post, the article) when
    fewer than ARTICLE_BEFORE_MIN_WORDS words of paragraphs come before it; for a finder that asks
    once per page (the unheaded finder, asking for every run, keeps running sums in ``_Page``)."""
    if not items or items[0].element is None:
        return
    first, words = items[0].element, 0
    for node in root.iter(etree.Element):
        if node is first:
            break
        if node.tag == "p":
            words += word_count(element_text(node))
    forum = words < ARTICLE_BEFORE_MIN_WORDS
    for item in items:
        item.forum = forum


class _Chrome:
    """Whether an element or one of its ancestors is page chrome (CHROME_TAGS, CHROME_CONCEPTS),
    remembered per element for one page: its runs share their ancestors, whose class names were
    read again for each (~70,000 marker tests over ScrapingHub's 181 pages, a third of the
    finder's time)."""

    def __init__(self) -> None:
        self.known: dict[etree._Element, bool] = {}

    def __call__(self, element: etree._Element) -> bool:
        path: list[etree._Element] = []
        node: etree._Element | None = element
        while node is not None and node not in self.known:
            path.append(node)
            node = node.getparent()
        answer = self.known[node] if node is not None else False
        for node in reversed(path):  # from the outermost down: an ancestor's answer holds below it
            answer = answer or node.tag in CHROME_TAGS or any(marked(node, concept) for concept in CHROME_CONCEPTS)
            self.known[node] = answer
        return answer


def _marked_by_markup(group: list[etree._Element], page: _Page) -> bool:
    """A thread's mark the markup shows: a reply control in a block, an anchor numbered per
    block, or a comment form after the run (the fourth, a reply nested in a block, is a shape)."""
    # a set's test in C: this runs for every run that passes the article's words (18,000 over the tune pages)
    return not page.holding_controls.isdisjoint(group) or _anchored(group) or _form_after(group[-1], page)


def _is_control(element: etree._Element) -> bool:
    """The element's text, its ends' punctuation aside, is a reply control (REPLY_CONTROLS)."""
    return _CONTROL_ENDS.sub("", " ".join(element_text(element).split()).casefold()) in REPLY_CONTROLS


def _kin_inside(group: list[etree._Element]) -> Iterator[etree._Element]:
    """The elements inside the run's blocks that could be replies to them (:func:`_kin`), in
    page order, lazily."""
    return (n for b in group for n in b.iterdescendants(str(b.tag)) if _kin(b, n))


def _kin(block: etree._Element, inner: etree._Element) -> bool:
    """An element inside a block that could be a reply to it: of its tag, sharing a class name
    with it (a reply's template is the comment's: ``_k3x9q`` in ``_k3x9q``; a part of the
    comment, its header or its message, has a class of its own), or both unclassed."""
    mine, theirs = set((block.get("class") or "").split()), set((inner.get("class") or "").split())
    return bool(mine & theirs) or not (mine or theirs)


class _Replies:
    """Whether an element nested in a block, of the block's tag, is a reply: a comment's shape
    with a message element of its own (a block's header line, a name and a date in a div, is
    no reply). Remembered per element: each answer asks it of the element's nested ones, so a
    deep thread stays linear."""

    def __init__(self) -> None:
        self.known: dict[etree._Element, bool] = {}
        self.posts: dict[etree._Element, bool] = {}
        self.signed: dict[etree._Element, bool] = {}

    def or_signed(self, element: etree._Element) -> bool:
        """What a block's message leaves out: its replies, and what the other finders leave out
        (:func:`signed_post`: a "Submitted by NAME on DATE" line of its own)."""
        if (signed := self.signed.get(element)) is None:
            signed = self.signed[element] = signed_post(element)
        return signed or self(element)

    def post(self, element: etree._Element) -> bool:
        """:func:`headed_post`, remembered."""
        if (answer := self.posts.get(element)) is None:
            answer = self.posts[element] = headed_post(element)
        return answer

    def __call__(self, element: etree._Element) -> bool:
        if element not in self.known:
            # the innermost first (reverse page order), so that no answer waits on another's
            for inner in [element, *element.iterdescendants(str(element.tag))][::-1]:
                if inner not in self.known:
                    self.known[inner] = self.post(inner) and message_of(inner, self) is not None
        return self.known[element]


def _anchored(group: list[etree._Element]) -> bool:
    """Every block has an anchor of its own: its id, or an anchor right before it (``<a
    id="c41">``), or the first id inside it, ending in a number, all different."""
    anchors = []
    for block in group:
        before = block.getprevious()
        ids = [
            block.get("id"),
            before.get("id") or before.get("name") if before is not None and before.tag == "a" else None,
        ]
        ids += [next((e.get("id") for e in block.iterdescendants() if e.get("id")), None)]
        anchor = next((i for i in ids if i and ANCHOR_ID.search(i)), None)
        if anchor is None:
            return False
        anchors.append(anchor)
    return len(set(anchors)) == len(anchors)


def _form_after(last: etree._Element, page: _Page) -> bool:
    """A text area after the run's last block, inside the run's parent or FORM_LEVELS wrappers
    above it: the thread's comment form."""
    if not page.textareas:
        return False
    around = last.getparent()
    for _ in range(FORM_LEVELS + 1):
        if around is None:
            return False
        areas = list(around.iter("textarea"))
        if areas and any(page.order[area] > page.order[last] for area in areas):
            return True
        around = around.getparent()
    return False
