"""The boilerplate layer: removes from the page tree what trafilatura would otherwise keep.

Runs after metadata and comments have been read (they need the byline box and the comment
thread), on the page's one tree, in this order:

1. site rules (``remove`` selectors from ``configs/sites/*.toml``);
2. hidden elements, boilerplate tags and ARIA roles;
3. class/id tokens (trivia, history, widgets, related lists, ads, share bars, forms...);
4. labelled boxes ("Did you know?", "You might also Like", "Discuss this Article"...);
5. lone labels ("Advertisement"), teasers ending in "more...", today-in-history entries;
6. byline lines ("Written By: ...", "Last Modified Date: ...").

Every rule spares an element that holds the article: see :class:`TextMass`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from lxml import etree
from lxml.html import HtmlElement

from pipeline.extract import patterns as P
from pipeline.extract.dates import find_date
from pipeline.extract.html import INLINE_TAGS, block_host, drop, element_text, short_text_hosts, text_within

# An element holding this share of the page's text is the article (or wraps it): never removed.
ARTICLE_SHARE = 0.5
# Three long paragraphs are prose; boilerplate boxes are lists, labels and one-liners.
PROSE_PARAGRAPHS = 3
LONG_PARAGRAPH_CHARS = 120
# A block with this much text of its own is a paragraph, for scoring where the article is.
PARAGRAPH_MIN_CHARS = 60
# A labelled box ("Related articles" + its list) is small; a bigger parent is the page.
BOX_MAX_CHARS = 2500
# A label is a few words; longer text under a boilerplate-looking heading is content.
LABEL_MAX_CHARS = 70
# A div after a label is the label's list only when links make up this share of its text.
FOLLOWER_LINK_SHARE = 0.5
# A bio card is the bio paragraph, its name line and a photo: at most this many levels up.
BIO_BOX_LEVELS = 2
# Teasers ("... more...") and history entries are one or two sentences.
TEASER_MAX_CHARS = 400

# Only elements that some rule below could remove: one C-level query instead of a Python walk.
_CANDIDATES = etree.XPath(
    "//*[@class or @id or @role or self::"
    + " or self::".join(t for t in P.BOILERPLATE_TAGS if "-" not in t)
    + " or self::header or starts-with(local-name(), 'amp-')]"
)
_TOKEN_SPLIT = re.compile(r"[\s_\-:./]+")
_HIDDEN = etree.XPath(
    "//*[@hidden or @aria-hidden='true' or contains(translate(@style,' ',''),'display:none')"
    " or contains(translate(@style,' ',''),'visibility:hidden')]"
)
_LABEL_TAGS = frozenset(
    [
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "strong",
        "b",
        "p",
        "span",
        "div",
        "dt",
        "legend",
        "label",
        "header",
        "em",
        "a",
        "li",
    ]
)
_HEADING_TAGS = frozenset(["h1", "h2", "h3", "h4", "h5", "h6"])
_BLOCK_TAGS = frozenset(["p", "div", "li", "dd", "section", "aside", "span", "td", "blockquote"])


def _rule_regex(rules: Iterable[tuple[str, ...]]) -> re.Pattern[str]:
    """One regex for all token rules: each rule's tokens adjacent, bounded by separators or ends."""
    alternatives = sorted(("[-_ ]?".join(map(re.escape, rule)) for rule in rules), key=len, reverse=True)
    return re.compile(r"(?<![a-z0-9])(?:" + "|".join(alternatives) + r")(?![a-z0-9])")


# Matching in C: a class/id string against every rule at once.
_TOKEN_RULES = _rule_regex(P.BOILERPLATE_TOKENS)
_STRONG_RULES = _rule_regex((t,) for t in ("comments", "commentlist", "disqus", "respond", "discuss", "discussion"))


class TextMass:
    """Text measures of every element, computed bottom-up once per page.

    ``chars``: all text below the element; ``paragraphs``: long ``<p>`` below it; ``anchor``:
    the container whose child blocks hold the most paragraph text (a block's own text counts
    fully for its parent, half for its grandparent, as readability scores them). The anchor
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
            anchor = max(self._scores, key=self._scores.__getitem__)
            self.anchor = anchor
            self.protected.add(anchor)
            self.protected.update(anchor.iterancestors())

    def _measure(self, element: etree._Element) -> tuple[int, int, int]:
        """(all chars, long paragraphs, own inline chars) of ``element``."""
        if not isinstance(element.tag, str) or element.tag in ("script", "style", "noscript", "template"):
            return 0, 0, 0
        own = len((element.text or "").strip())
        chars = own
        paragraphs = 0
        for child in element:
            child_chars, child_paragraphs, child_own = self._measure(child)
            tail = len((child.tail or "").strip())
            chars += child_chars + tail
            own += tail + (child_own if child.tag in INLINE_TAGS else 0)
            paragraphs += child_paragraphs
        if element.tag == "p" and chars >= LONG_PARAGRAPH_CHARS:
            paragraphs += 1
        self.chars[element] = chars
        self.paragraphs[element] = paragraphs
        if own >= PARAGRAPH_MIN_CHARS and element.tag not in INLINE_TAGS:
            parent = element.getparent()
            if parent is not None:
                self._scores[parent] = self._scores.get(parent, 0.0) + own
                grandparent = parent.getparent()
                if grandparent is not None:
                    self._scores[grandparent] = self._scores.get(grandparent, 0.0) + own / 2
        return chars, paragraphs, own

    def is_article_like(self, element: etree._Element) -> bool:
        """Protected tag, the anchor's branch, prose, or (generic containers) most of the text."""
        if element.tag in P.PROTECTED_TAGS or element in self.protected:
            return True
        if self.paragraphs.get(element, 0) >= PROSE_PARAGRAPHS:
            return True
        return element.tag not in P.BOILERPLATE_TAGS and self.chars.get(element, 0) >= ARTICLE_SHARE * self.total


PRESENTATIONAL_TAGS = ("font", "center", "big", "blink", "marquee", "tt")
_LAYOUT_CELL_CONTENT = etree.XPath(
    "./tr/td[p or div or h1 or h2 or h3 or h4 or ul or ol or table or form]"
    " | ./tbody/tr/td[p or div or h1 or h2 or h3 or h4 or ul or ol or table or form]"
)


def unwrap_layout_tables(root: etree._Element) -> int:
    """Turn tables used for page layout into divs, so they read as sections, not data.

    A 1990s page puts its columns, sidebars and article in table cells; an extractor that
    keeps tables would render the whole article as one cell. A table is layout when a cell
    holds blocks (paragraphs, headings, lists, forms or another table); a data table has
    only text in its cells (and usually ``th`` or a caption).
    """
    layout = [t for t in root.iter("table") if _LAYOUT_CELL_CONTENT(t)]
    parts = [
        element
        for table in layout
        for element in table.iter("tbody", "thead", "tfoot", "tr", "td", "th")
        if _owning_table(element) is table
    ]
    for element in [*layout, *parts]:
        element.tag = "div"
        for attribute in ("width", "height", "colspan", "rowspan", "valign", "align", "bgcolor"):
            element.attrib.pop(attribute, None)
    return len(layout)


def _owning_table(element: etree._Element) -> etree._Element | None:
    for ancestor in element.iterancestors():
        if ancestor.tag == "table":
            return ancestor
    return None


def _inside_kept(element: etree._Element, keep: set[etree._Element]) -> bool:
    return any(node in keep for node in element.iterancestors()) or element in keep


def _removable(element: etree._Element) -> bool:
    return element.getparent() is not None


def remove_boilerplate(
    root: HtmlElement,
    remove_selectors: Iterable[str] = (),
    keep: Iterable[etree._Element] = (),
    authors: Iterable[str] = (),
) -> int:
    """Remove boilerplate from ``root`` in place; ``keep`` elements (a site's article root) stay.

    ``authors`` (from the metadata) lets the layer recognise the authors' bio boxes.

    Returns the number of elements removed.
    """
    kept = set(keep)
    removed = 0
    for selector in remove_selectors:
        for element in root.cssselect(selector):
            if _removable(element):
                drop(element)
                removed += 1

    for element in _HIDDEN(root):
        if _removable(element) and element.tag not in P.PROTECTED_TAGS:
            drop(element)
            removed += 1

    unwrap_layout_tables(root)
    # Presentational wrappers (<h3><font>...</font></h3>) hide headings and list items from
    # trafilatura; their text belongs to the block around them.
    etree.strip_tags(root, *PRESENTATIONAL_TAGS)
    mass = TextMass(root)
    candidates: list[etree._Element] = []
    for element in _CANDIDATES(root):
        if element.getparent() is None:
            continue
        tag = element.tag
        if tag in P.BOILERPLATE_TAGS and not mass.is_article_like(element):
            candidates.append(element)
            continue
        if tag == "header" and not any(a.tag in ("article", "main") for a in element.iterancestors()):
            candidates.append(element)
            continue
        role = (element.get("role") or "").lower()
        if role in P.BOILERPLATE_ROLES and not mass.is_article_like(element):
            candidates.append(element)
            continue
        # A heading's id is its own anchor ("blood-pressure-categories"), not a box's name.
        ident = "" if tag in _HEADING_TAGS else (element.get("id") or "")
        marker = f"{element.get('class') or ''} {ident}".lower()
        if not _TOKEN_RULES.search(marker):
            continue
        strong = _STRONG_RULES.search(marker) is not None
        if element.tag in P.PROTECTED_TAGS or element in mass.protected:
            continue
        if (strong and mass.chars.get(element, 0) < ARTICLE_SHARE * mass.total) or not mass.is_article_like(element):
            candidates.append(element)
    removed += _drop_all(candidates, kept)

    hosts = short_text_hosts(root)
    removed += _drop_all(_labelled_boxes(hosts, mass), kept)
    removed += _drop_all(_labels_teasers_bylines(hosts), kept)
    removed += _drop_all(_text_rule_blocks(hosts, mass, list(authors)), kept)
    _mark_article(mass)
    return removed


def _mark_article(mass: TextMass) -> None:
    """Name the container where the paragraphs concentrate ``<article>`` on pages that have none.

    Without an article, main or content container trafilatura keeps only the page's
    paragraphs and drops its headings and lists; our anchor tells it where the article is.
    """
    anchor = mass.anchor
    if anchor is None or anchor.tag in P.PROTECTED_TAGS or anchor.getparent() is None:
        return
    if any(a.tag in ("article", "main") for a in anchor.iterancestors()):
        return
    if next(anchor.iter("article", "main"), None) is not None:
        return
    anchor.tag = "article"


def _drop_all(elements: Iterable[etree._Element], kept: set[etree._Element]) -> int:
    count = 0
    for element in elements:
        if element.getparent() is None or _inside_kept(element, kept):
            continue
        if any(element in k.iterancestors() for k in kept):
            continue  # would take the kept article root with it
        drop(element)
        count += 1
    return count


def _labelled_boxes(hosts: list[tuple[etree._Element, str]], mass: TextMass) -> list[etree._Element]:
    """Boxes introduced by a boilerplate label, e.g. <div><h3>Did you know?</h3>...</div>."""
    found: list[etree._Element] = []
    for host, node_text in hosts:
        if len(node_text) > LABEL_MAX_CHARS or not P.BOX_LABELS.match(node_text):
            continue
        located = block_host(host, LABEL_MAX_CHARS)
        if located is None or located[0].getparent() is None or not P.BOX_LABELS.match(located[1]):
            continue
        element = located[0]
        box = _box_for(element, mass)
        found.append(box)
        if box is element and not P.LABEL_ONLY.match(located[1]):
            follower = element.getnext()
            if (
                follower is not None
                and follower.tag in ("ul", "ol", "dl", "div", "section", "nav")
                and not mass.is_article_like(follower)
                and mass.chars.get(follower, 0) < BOX_MAX_CHARS
                and (follower.tag in ("ul", "ol", "dl", "nav") or _is_link_list(follower))
            ):
                found.append(follower)
    return found


def _is_link_list(element: etree._Element) -> bool:
    """A box of links (a related list) rather than a section of prose that follows a label."""
    text = len(element_text(element))
    linked = sum(len(element_text(a)) for a in element.iter("a"))
    return text > 0 and linked / text >= FOLLOWER_LINK_SHARE


def _box_for(label: etree._Element, mass: TextMass) -> etree._Element:
    """The smallest ancestor that the label heads, unless that ancestor is the article."""
    box = label
    while True:
        parent = box.getparent()
        if parent is None or parent.tag in P.PROTECTED_TAGS or mass.is_article_like(parent):
            return box
        if mass.chars.get(parent, 0) > BOX_MAX_CHARS:
            return box
        first = _first_text_child(parent)
        if first is not box and (parent.text or "").strip() == "":
            return box
        if first is not box:
            return box
        box = parent


def _first_text_child(parent: etree._Element) -> etree._Element | None:
    for child in parent:
        if (
            isinstance(child.tag, str)
            and child.tag not in ("script", "style", "img", "br", "hr")
            and element_text(child)
        ):
            return child
    return None


def _labels_teasers_bylines(hosts: list[tuple[etree._Element, str]]) -> list[etree._Element]:
    """Lone ad labels, "... more..." teasers, today-in-history entries and byline lines."""
    found: list[etree._Element] = []
    for host, node_text in hosts:
        if len(node_text) <= LABEL_MAX_CHARS and P.LABEL_ONLY.match(node_text):
            located = block_host(host, LABEL_MAX_CHARS)
            if located is not None and P.LABEL_ONLY.match(located[1]):
                found.append(located[0])
                continue
        if P.HISTORY_ENTRY.match(node_text) or (host.tag == "a" and P.TEASER_END.search(node_text)):
            block = _enclosing_block(host)
            text = text_within(block, TEASER_MAX_CHARS) if block is not None else None
            if (
                block is not None
                and text
                and (P.HISTORY_ENTRY.match(text) or (P.TEASER_END.search(text) and _ends_in_link(block)))
            ):
                found.append(block)
                continue
        if is_byline(node_text):
            located = block_host(host, P.BYLINE_MAX_CHARS)
            if located is not None and is_byline(located[1]) and len(located[0]) <= 12:
                found.append(located[0])
    return found


def _text_rule_blocks(
    hosts: list[tuple[etree._Element, str]], mass: TextMass, authors: list[str]
) -> list[etree._Element]:
    """Blocks recognised by what they say: disclaimers, picture credits, tool-link lines,
    "Related topics: a | b | c" lines and the authors' bios."""
    found: list[etree._Element] = []
    seen: set[etree._Element] = set()
    names = tuple(sorted({n for a in authors for n in (a, a.split()[0]) if len(n) >= 3}, key=len, reverse=True))
    for host, node_text in hosts:
        # Cheap test on the text node first: only a node that could start one of these
        # blocks makes us read the block around it.
        folded = node_text.lower()
        if host.getparent() is None or not (
            (any(w in folded for w in P.DISCLAIMER_WORDS) and P.DISCLAIMER.search(node_text))
            or (any(w in folded for w in P.CAPTION_WORDS) and P.CAPTION_CREDIT.search(node_text))
            or (host.tag == "a" and P.TOOL_LINK.match(node_text))
            or (node_text.endswith(":") and P.BOX_LABELS.match(node_text[:-1]))
            or (names and node_text.startswith(names))
        ):
            continue
        block = _enclosing_block(host)
        if block is None or block in seen or block.tag in P.PROTECTED_TAGS or block in mass.protected:
            continue
        seen.add(block)
        text = text_within(block, P.BIO_MAX_CHARS)
        if not text:
            continue
        if (
            (len(text) <= P.DISCLAIMER_MAX_CHARS and P.DISCLAIMER.search(text))
            or (len(text) <= P.CAPTION_MAX_CHARS and P.CAPTION_CREDIT.search(text))
            or _is_tool_line(block, text)
            or _is_label_and_links(block, text)
        ):
            found.append(block)
        elif names and _is_bio(text, names):
            found.append(_bio_box(block, mass))
    return found


def _links_and_rest(block: etree._Element, text: str) -> tuple[list[str], str]:
    links = [element_text(a) for a in block.iter("a")]
    rest = text
    for link in links:
        rest = rest.replace(link, " ", 1)
    return [link for link in links if link], rest


def _is_tool_line(block: etree._Element, text: str) -> bool:
    """'[ Back to top ] [ Print this page ] [ E-mail this page to a friend ]'."""
    if len(text) > LABEL_MAX_CHARS * 2:
        return False
    links, rest = _links_and_rest(block, text)
    return bool(links) and all(P.TOOL_LINK.match(link) for link in links) and not _TOOL_REST.sub("", rest)


def _is_label_and_links(block: etree._Element, text: str) -> bool:
    """'Related topics: Arthritis | Kidney Stones | Gout' in one block."""
    label, colon, _ = text.partition(":")
    if not colon or len(label) > LABEL_MAX_CHARS or not P.BOX_LABELS.match(label.strip()):
        return False
    links, _ = _links_and_rest(block, text)
    linked = sum(len(link) for link in links)
    return linked >= FOLLOWER_LINK_SHARE * (len(text) - len(label))


_TOOL_REST = re.compile(r"[\s\[\]|·•/()\-–—,.:]+")


def _is_bio(text: str, names: tuple[str, ...]) -> bool:
    """'<Name> is a health writer ...': a block that starts with an author's name and a bio verb."""
    return any(text.startswith(name) and _BIO_TAIL.match(text, len(name)) is not None for name in names)


_BIO_TAIL = re.compile(rf"(?:\s+\w+){{0,3}}\s+{P.BIO_VERBS}\b")


def _bio_box(block: etree._Element, mass: TextMass) -> etree._Element:
    """The bio paragraph's small card (photo, name, bio), or the paragraph alone."""
    own = mass.chars.get(block, len(element_text(block)))
    box = block
    for _ in range(BIO_BOX_LEVELS):
        parent = box.getparent()
        if parent is None or parent.tag in P.PROTECTED_TAGS or parent in mass.protected:
            break
        if mass.chars.get(parent, 0) > own + LABEL_MAX_CHARS:
            break
        box = parent
    return box


def _enclosing_block(element: etree._Element) -> etree._Element | None:
    while element is not None and element.tag not in _BLOCK_TAGS:
        parent = element.getparent()
        if parent is None:
            return None
        element = parent
    return element


def _ends_in_link(element: etree._Element) -> bool:
    links = element.findall(".//a")
    return bool(links) and P.TEASER_END.search(element_text(links[-1]) or "") is not None


# "By Jane Doe" / "Por María Ruiz": a bare preposition is a byline only before a capitalised name.
_BY_NAME = re.compile(r"^(?:by|von|por|par)\s+[A-ZÀ-Ý][\w.'’-]*(?:\s+[A-ZÀ-Ý][\w.'’-]*){0,4}", re.UNICODE)


def is_byline(text: str) -> bool:
    """A short line that names an author, editor or date: metadata, not article text."""
    if P.MODIFIED_LABEL.match(text) or P.PUBLISHED_LABEL.match(text):
        return len(text.split()) <= 16 and find_date(text) is not None
    if P.EDITOR_LABEL.match(text):
        return len(text.split()) <= 16
    if P.AUTHOR_LABEL.match(text):
        if text.split()[0].lower() in P.BARE_LABELS:
            return bool(_BY_NAME.match(text)) and len(text.split()) <= 12
        return len(text.split()) <= 16
    return bool(P.DECOY_DATE_LABEL.search(text)) and len(text.split()) <= 12
