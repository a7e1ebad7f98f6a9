"""The ``hidden`` rule: elements the page hides from every reader (``hidden``, ``display:none``,
``visibility:hidden``; ``aria-hidden`` only a dialog's) are removed, unless a reader or a
script shows them: a collapsed panel, a streamed React segment, the article itself (prose a
script reveals), or the page's content when the hidden parts hold most of it. trafilatura
reads hidden elements, so what is shown here loses its hiding attributes and what is not goes
before trafilatura sees the tree.
"""

from __future__ import annotations

import re

from lxml import etree
from lxml.html import HtmlElement

from pipeline.extract.boilerplate_names import PROTECTED_TAGS
from pipeline.extract.html import collapse, raw_text
from pipeline.extract.markers import COLLAPSED_PANEL, DIALOG, marked
from pipeline.extract.structure import LONG_PARAGRAPH_CHARS, PROSE_PARAGRAPHS

# Hidden elements holding this share of the page's text are its content, shown by a script.
# Measured on wcxb-dev tune (bench/extract_ablate.py): the two pages hidden removal emptied
# held 0.76 and 0.82 of their text hidden, the pages it helped 0.02-0.40; two at 0.89 and 0.99
# (a body rendered display:none) lose 0.15 F1 between them. Any share from 0.41 to 0.76 scores
# the same on tune.
HIDDEN_CONTENT_SHARE = 0.5


# The markup that hides an element, by kind: the ``hidden`` attribute, ``aria-hidden="true"``,
# an inline ``display:none``, an inline ``visibility:hidden``. Each kind was measured alone
# (bench/extract_ablate.py --only hidden:attribute,hidden:aria,... --halves --splits 20, plain
# and under --perturb rename-classes / opaque-template; docs/extraction-rules.md).
HIDING_KINDS = ("attribute", "aria", "display", "visibility")
# The kinds whose elements the rule removes. Not ``aria``: aria-hidden hides an element from
# screen readers only, sighted readers see it (a carousel's slides, a product's feature tiles,
# a filter panel), and its removal gained on both halves of the tune pages in 0 of 20 site
# splits, plain (+0.168 / -0.057), renamed (+0.390 / -0.676) or opaque (-0.336 / -0.346).
# The other three hide the text from every reader (keyword spam stays out): kept. A dialog
# aria-hidden is a closed layer (its stylesheet hides it): removed as the other three.
REMOVED_HIDING_KINDS: frozenset[str] = frozenset(("attribute", "display", "visibility"))


def hiding_kinds(element: etree._Element) -> list[str]:
    """The kinds of hiding markup the element carries (of HIDING_KINDS, spaces in its style ignored)."""
    get = element.get
    style = (get("style") or "").replace(" ", "")
    present = (
        get("hidden") is not None,
        get("aria-hidden") == "true",
        "display:none" in style,
        "visibility:hidden" in style,
    )
    return [kind for kind, there in zip(HIDING_KINDS, present, strict=True) if there]


def _removable(element: etree._Element) -> bool:
    """Hidden by a kind of REMOVED_HIDING_KINDS, or a dialog hidden by any kind (a closed
    modal: a shop's feature pop-ups, a newsletter sign-up), or a decoration hidden by any kind
    (no letter or digit: an icon, an emoji, a "·" separator; kept, a box's icon hid its label
    "💡 Did you know?" from the labelled-boxes rule), or a list of links hidden by any kind (a
    closed menu: a navigation dropdown, a mobile menu, a locale picker)."""
    kinds = hiding_kinds(element)
    if not REMOVED_HIDING_KINDS.isdisjoint(kinds):
        return True
    return bool(kinds) and (_is_dialog(element) or _decoration(element) or _link_list(element))


# An element whose text is this share link text or more, over LINK_LIST_MIN_LINKS links or
# more, is a list of links: a menu. Measured on the outermost aria-hidden elements of 20
# characters or more of the wcxb-dev tune pages: those of 2+ links and half or more link text
# hold 15 gold shingles of 7,532 (210 elements, 50 pages over both site halves); the share
# parts them the same from 0.5 to 0.9 (12 gold of 6,217 at 0.8).
LINK_LIST_SHARE = 0.8
LINK_LIST_MIN_LINKS = 2


def _link_list(element: etree._Element) -> bool:
    """Its text is links, LINK_LIST_MIN_LINKS of them or more: a menu a stylesheet hides
    (Notion's navigation dropdowns, Stripe's mobile menu, all ``aria-hidden``), which a
    sighted reader sees only once opened and the gold text never holds."""
    links = [collapse(raw_text(a)) for a in element.iter("a")]
    if len(links) < LINK_LIST_MIN_LINKS:
        return False
    text = collapse(raw_text(element))
    return bool(text) and sum(len(link) for link in links) >= LINK_LIST_SHARE * len(text)


def _decoration(element: etree._Element) -> bool:
    return not any(character.isalnum() for piece in element.itertext() for character in piece)


def _is_dialog(element: etree._Element) -> bool:
    return element.get("aria-modal") == "true" or marked(element, DIALOG)


# The attributes that can hide an element: an element with none of them is passed after one
# ``keys()`` call instead of three gets (0.11-0.15 -> 0.08-0.09 s over ScrapingHub's 181 pages).
_HIDING_ATTRIBUTES = frozenset(("hidden", "aria-hidden", "style"))


def _hidden_by_markup(root: HtmlElement) -> list[etree._Element]:
    """Elements ``hidden``, ``aria-hidden="true"`` or styled ``display:none`` /
    ``visibility:hidden`` (spaces ignored), in document order. A Python walk: the XPath
    "/descendant::*[@hidden or @aria-hidden='true' or (@style and (contains(translate(@style,
    ' ', ''), 'display:none') or ...))]" selects the same elements at 1.2x the cost."""
    found = []
    unhidden = _HIDING_ATTRIBUTES.isdisjoint
    for element in root.getroottree().getroot().iter(etree.Element):
        if unhidden(element.keys()):
            continue  # most elements: their attribute names, asked once, hide nothing
        get = element.get
        style = (get("style") or "").replace(" ", "")
        if (
            get("hidden") is not None
            or get("aria-hidden") == "true"
            or "display:none" in style
            or "visibility:hidden" in style
        ):
            found.append(element)
    return found


# React's streamed server rendering sends each late part of the page as <div hidden id="S:1">
# and moves it into place with a script: the page's content, hidden only until then.
_REACT_SEGMENT_ID = re.compile(r"S:[0-9a-f]+")


def hidden_elements(root: HtmlElement) -> list[etree._Element]:
    """Hidden elements to remove; collapsed panels and streamed segments are shown instead
    (their hiding attributes dropped, so trafilatura, which skips hidden elements, reads them).
    An element hidden only by a kind outside REMOVED_HIDING_KINDS (``aria-hidden``) stays as
    the page wrote it, for trafilatura to read or discard as it does.

    When the hidden elements hold HIDDEN_CONTENT_SHARE of the page's text or more, the page's
    content is what a script shows (a product's description in an ``aria-hidden`` slider, a
    members-only page rendered ``display:none``): none is removed, as trafilatura keeps what it
    would prune when that takes most of the page. The share counts every kind, ``aria-hidden``
    too (0620's description is in one: counted without it, its ``display:none`` rest went,
    0.646 -> 0.030). Lists of links and clones go even then: a closed menu or a copy is no
    content a script shows (0620's mega-menu, ``aria-hidden`` inside a ``<nav>``: written as a
    ``<div>``, ``bench/perturb.py``'s ``plain-tags``, the page blocks read it, 0.646 -> 0.220).
    """
    unshown = []  # hidden elements not shown, of every kind: the share's measure
    hidden = _hidden_by_markup(root)
    shown_prose: list[int] = []  # the long paragraphs outside hidden elements, counted once asked
    disclosed = _disclosed_ids(root) if hidden else frozenset()
    for element in hidden:
        if element.tag in PROTECTED_TAGS:
            continue
        if (
            _shown_later(element)
            or _disclosed_panel(element, disclosed)
            or _holds_prose(element, root, hidden, shown_prose)
        ):
            for attribute in ("hidden", "aria-hidden", "style"):
                element.attrib.pop(attribute, None)
        else:
            unshown.append(element)
    found = [e for e in unshown if _removable(e)]
    clones = _clones(unshown, set(found), root)
    found += clones
    if found:
        chosen = set(unshown)
        outer = [e for e in unshown if not any(a in chosen for a in e.iterancestors())]
        hidden_chars = sum(_text_chars(e) for e in outer)
        if not _shown_text_outweighs(root, hidden_chars):
            # the page's content is what a script shows, but never its closed menus or copies
            copies = set(clones)
            return [e for e in found if e in copies or _link_list(e)]
    return found


# A hidden copy of this many words or more of the page's shown text is a clone. Fewer are
# a label a screen reader is told otherwise ("Up to 50" beside "Up to 50% off": wcxb-dev
# tune 0654 lost it at 3 words; at 5, Notion's stats of four words stayed twice).
CLONE_MIN_WORDS = 4
_WORD = re.compile(r"\w+")


def _clones(unshown: list[etree._Element], removed: set[etree._Element], root: etree._Element) -> list[etree._Element]:
    """Hidden elements left in place whose words, in order, the page shows outside every hidden
    element (``hidden:clones``): a marquee's or a carousel's cloned slides, hidden from screen
    readers as a copy of what they read (Notion's seven customer stats printed twice, wcxb-dev
    2840; a course carousel's cloned cards, 2842). The gold text holds such text once."""
    chosen = set(unshown)
    outer = [e for e in unshown if not any(a in chosen for a in e.iterancestors())]
    kept = [
        (e, words)
        for e in outer
        if e not in removed and len(words := _WORD.findall(raw_text(e).lower())) >= CLONE_MIN_WORDS
    ]
    if not kept:  # the page's shown text is walked only when a copy is possible (a third of the cost)
        return []
    shown = f" {' '.join(_WORD.findall(_shown_text(root, set(outer)).lower()))} "
    return [element for element, words in kept if f" {' '.join(words)} " in shown]


def _shown_text(root: etree._Element, hidden: set[etree._Element]) -> str:
    """The page's text outside the hidden elements, in document order (a walk, not a
    recursion: a page may nest thousands of elements deep)."""
    pieces: list[str] = []
    inside = 0
    for event, element in etree.iterwalk(root.getroottree().getroot(), events=("start", "end", "comment", "pi")):
        if event == "start":
            inside += element in hidden
            if not inside and element.text:
                pieces.append(element.text)
            continue
        if event == "end":
            inside -= element in hidden
        if not inside and element.tail:  # an element's or a comment's tail
            pieces.append(element.tail)
    return " ".join(pieces)


def _text_chars(element: etree._Element) -> int:
    return sum(len(piece.strip()) for piece in element.itertext())


def _shown_text_outweighs(root: etree._Element, hidden_chars: int) -> bool:
    """``hidden_chars < HIDDEN_CONTENT_SHARE * _text_chars(root)``, the page's text read only
    until it holds (hidden parts are usually a small share of a page: its first lines answer;
    reading it all was 1% of a run)."""
    seen = 0
    for piece in root.itertext():
        seen += len(piece.strip())
        if HIDDEN_CONTENT_SHARE * seen > hidden_chars:
            return True
    return False


def _is_long(paragraph: etree._Element) -> bool:
    return len(" ".join(raw_text(paragraph).split())) >= LONG_PARAGRAPH_CHARS


def _long_paragraphs(element: etree._Element) -> int:
    return sum(1 for p in element.iter("p") if _is_long(p))


def _holds_prose(
    element: etree._Element, root: etree._Element, hidden: list[etree._Element], shown_prose: list[int]
) -> bool:
    """PROSE_PARAGRAPHS long paragraphs, as many as the page shows or more, are the article a
    script reveals (trafilatura reads hidden elements), not a menu, a tooltip or a collapsed
    blurb beside the article: shown, as the layer removes no article. Fewer long paragraphs are
    shown only on a page that shows none: a news brief a script reveals (ScrapingHub perturbed
    so: 4 catastrophic -> 2). A dialog is a layer over the page, prose or not (a shop's
    feature pop-ups: wcxb-dev 3062)."""
    if _is_dialog(element):
        return False
    own = _long_paragraphs(element)
    if not own:
        return False
    if not shown_prose:
        inside = {p for e in hidden for p in e.iter("p")}
        shown_prose.append(_long_paragraphs(root) - sum(1 for p in inside if _is_long(p)))
    if own < PROSE_PARAGRAPHS and shown_prose[0] > 0:
        return False
    return own >= shown_prose[0]


# The headers of an accordion (WAI-ARIA's accordion pattern): a control in a heading that says
# whether the panel it names is open. The pattern, not the names a template gives its parts. A
# control outside a heading opens a menu, a filter, a drawer or a "read more" as often as text
# (a holdout collection page leaked with every aria-controls panel shown, 0% -> 7.5%).
_DISCLOSURE_CONTROLS = etree.XPath(
    "(//h1|//h2|//h3|//h4|//h5|//h6)/descendant-or-self::*[@aria-expanded][@aria-controls]/@aria-controls"
)


# An accordion's panel written to the whole pattern outside headings: a region labelled by the
# control that opens it (``role="region" aria-labelledby="ID-trigger"`` on the panel, ``id``,
# ``aria-expanded`` and ``aria-controls`` naming the panel on the control). A menu, a filter or a
# drawer is no region its toggle labels; the panel names its control and the control the panel,
# however the template names its classes (session 18: a university's course accordion, its
# ``accordion__content`` panels otherwise found by name alone).
_LABELLED_REGIONS = etree.XPath("//*[@role='region'][@id][@aria-labelledby]")
_EXPANDING_CONTROLS = etree.XPath("//*[@id][@aria-expanded][@aria-controls]")


def _disclosed_ids(root: etree._Element) -> frozenset[str]:
    """The ids of the panels an accordion's header opens (``aria-controls`` of an element in a
    heading that carries ``aria-expanded``; the attribute may name several), and of the regions
    labelled by the control that opens them (:data:`_LABELLED_REGIONS`)."""
    in_headings = {ident for value in _DISCLOSURE_CONTROLS(root) for ident in str(value).split()}
    regions = _LABELLED_REGIONS(root)
    if not regions:
        return frozenset(in_headings)
    opens = {c.get("id"): set((c.get("aria-controls") or "").split()) for c in _EXPANDING_CONTROLS(root)}
    labelled = {
        r.get("id", "")
        for r in regions
        if any(r.get("id") in opens.get(label, ()) for label in (r.get("aria-labelledby") or "").split())
    }
    return frozenset(in_headings | labelled)


def _disclosed_panel(element: etree._Element, disclosed: frozenset[str]) -> bool:
    """A collapsed panel by the WAI-ARIA pattern alone (``disclosed-panels``): a heading's button
    with ``aria-expanded`` names the hidden element by ``aria-controls``, however the template names
    its parts (an Elementor toggle's ``elementor-toggle__panel``, which no collapsed-panel
    name matches: a charity's four tips for carers went as hidden, while trafilatura, which reads
    hidden elements, kept them). A list of links opened so is a menu (a hamburger's), a dialog a
    layer, a panel of controls a filter or a drawer: those stay hidden."""
    ident = element.get("id")
    if not ident or ident not in disclosed or _link_list(element) or _is_dialog(element):
        return False
    return next(element.iter(*_FORM_CONTROLS), None) is None


# A panel of controls is a filter, a form or a drawer a button opens (a shop's facets, a size
# picker, a mini cart), not text.
_FORM_CONTROLS = ("input", "select", "textarea", "form", "button")


# A question a collapsed answer follows is one line: an FAQ's "How long does the course take?".
QUESTION_MAX_CHARS = 200


def _answers_a_question(element: etree._Element) -> bool:
    """The element follows a shown sibling that is a question (one short line ending in "?"):
    an FAQ's answer a click reveals, whatever its classes say (``bench/perturb.py``'s
    ``rename-classes``: a course listing's ``faq__answer`` panels went as hidden, 0132 0.86 ->
    0.45). A menu a link opens follows a label, not a question."""
    previous = element.getprevious()
    while previous is not None and not isinstance(previous.tag, str):
        previous = previous.getprevious()
    if previous is None or _hidden_itself(previous):
        return False
    question = " ".join(raw_text(previous).split())
    return 0 < len(question) <= QUESTION_MAX_CHARS and question.endswith("?")


def _hidden_itself(element: etree._Element) -> bool:
    style = (element.get("style") or "").replace(" ", "")
    return element.get("hidden") is not None or element.get("aria-hidden") == "true" or "display:none" in style


def _shown_later(element: etree._Element) -> bool:
    """A hidden element the reader sees: a collapsed panel (its own or its parent's name or
    role says so, or it answers the question before it) or a streamed React segment. Menus
    hidden the same way are left to the rules for tags and tokens that follow."""
    if element.get("hidden") is not None and _REACT_SEGMENT_ID.fullmatch(element.get("id") or ""):
        return True
    parent = element.getparent()
    return (
        marked(element, COLLAPSED_PANEL)
        or (parent is not None and marked(parent, COLLAPSED_PANEL))
        or _answers_a_question(element)
    )
