"""The article's own panels: a boilerplate token that the article's container carries names the
layout's content panels on this page, not a box (``article-panels``).

A page builder names every panel alike (SiteOrigin's ``so-panel widget``, HubSpot's ``widget-span
... dnd-module``, CivicPlus' ``widget editor``): a token rule would remove the article with its
boxes. Its panels are found three ways: siblings of the anchor's branch with no token the branch
does not carry, modules of the branch's kind anywhere, and a kind of module that holds most of
the page's prose.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from pipeline.extract import token_match as token_rules
from pipeline.extract.html import names_of
from pipeline.extract.structure import TextMass

# The element of the anchor's branch that carries the token holds prose (long paragraphs) for
# its token to name content panels: a carousel slide that out-weighs a service page's tagline
# is no article panel (wcxb-dev 0066: its sibling slides kept, -0.123).
PANEL_MIN_PARAGRAPHS = 2


@dataclass
class Panels:
    """What names the article's panels on this page."""

    # For a parent on the anchor's branch: (tag, boilerplate tokens) of its child on the branch;
    # for a panel found beside it: ("", its tokens).
    branch: dict[etree._Element, list[tuple[str, frozenset[str]]]] = field(default_factory=dict)
    # The kinds (:func:`_panel_kind`) of module that are panels wherever they stand: the branch's
    # elements whose class carries a token, and the kinds that hold the page's prose.
    kinds: set[str] = field(default_factory=set)

    def __bool__(self) -> bool:
        """Whether anything names panels on this page: on most pages nothing does (158 of
        ScrapingHub's 181), and :func:`article_panel` then answers False for every element
        (it adds a panel only where one is named), so the token rule need not ask it: it was
        asked for each of ~20,000 token-marked elements a run, ~3% of the extract stage."""
        return bool(self.branch or self.kinds)


def article_panels(mass: TextMass) -> Panels:
    """The anchor's branch (the anchor and its ancestors) where its elements carry boilerplate
    tokens: for each such element's parent, (tag, tokens matched) of that element. The article's
    own container names these tokens, so on this page they name the layout's content panels (a
    page builder's ``so-panel widget``), not a box."""
    panels = Panels()
    for element in mass.protected:
        parent = element.getparent()
        if parent is None or element.tag in ("html", "body") or mass.paragraphs.get(element, 0) < PANEL_MIN_PARAGRAPHS:
            continue
        tokens = token_rules.tokens_of(f"{names_of(element)} {element.get('id') or ''}")
        if tokens:
            panels.branch.setdefault(parent, []).append((element.tag, tokens))
        if token_rules.tokens_of(element.get("class") or ""):
            panels.kinds.add(_panel_kind(element))
    panels.kinds.update(_prose_kinds(mass))
    return panels


# A kind of token-named module holds the page's prose when its modules together hold this share
# of the page's long paragraphs, and there are KIND_MIN_MODULES of them or more: a CMS that writes
# each section as a ``widget editor`` of one paragraph (CivicPlus) names its article so, and a
# school's course grid of ``widget`` cards its listing (wcxb-dev 0076 0.230 -> 0.953); a sidebar's
# few widgets hold a paragraph or two of the page's. Flat from 0.3 to 0.9 on the tune pages.
KIND_PROSE_SHARE = 0.5
KIND_MIN_MODULES = 3


def _prose_kinds(mass: TextMass) -> list[str]:
    """The kinds (:func:`_panel_kind`) of elements whose class carries a token that together hold
    KIND_PROSE_SHARE of the page's long paragraphs: each module holds one section, so no one of
    them is the anchor's branch (``PANEL_MIN_PARAGRAPHS``), but the kind is where the text is."""
    total = max(mass.paragraphs.values(), default=0)
    if total < PANEL_MIN_PARAGRAPHS:
        return []
    held: dict[str, tuple[int, int]] = {}
    for element, paragraphs in mass.paragraphs.items():
        if not paragraphs:  # most elements (110,000 of ScrapingHub's 115,000): their class unread
            continue
        names = element.get("class")
        if not names or token_rules.marker_tokens(names.lower()) is None:
            continue
        kind = _panel_kind(element)
        modules, prose = held.get(kind, (0, 0))
        held[kind] = (modules + 1, prose + paragraphs)
    return [
        kind
        for kind, (modules, prose) in held.items()
        if modules >= KIND_MIN_MODULES and prose >= KIND_PROSE_SHARE * total
    ]


def _panel_kind(element: etree._Element) -> str:
    """A builder's module as it writes every module of one kind: its tag and its class tokens."""
    return " ".join([element.tag, *sorted((element.get("class") or "").split())])


def article_panel(element: etree._Element, names: str, panels: Panels) -> bool:
    """A sibling of the anchor's branch, of its tag, whose class names match no token the branch's
    own element does not carry: the next panel of the same content (0226's price lists beside
    the page builder's prose panel, all ``so-panel widget``); or an element inside such a panel
    whose tokens the panel carries too (its ``panel-widget-style`` wrapper). A panel found is
    remembered in ``panels`` (under its own key) for the elements inside it, met later in
    document order."""
    tokens = token_rules.tokens_of(f"{names} {element.get('id') or ''}")
    parent = element.getparent()
    siblings = panels.branch.get(parent) if parent is not None else None
    if (siblings and any(tag == element.tag and tokens <= carried for tag, carried in siblings)) or (
        _panel_kind(element) in panels.kinds
    ):
        panels.branch[element] = [("", tokens)]
        return True
    for ancestor in element.iterancestors():
        own = panels.branch.get(ancestor)
        if own and own[0][0] == "" and tokens <= own[0][1]:
            return True
    return False
