"""Perturbations for ``bench/comment_perturb.py``: a comment thread as a template we never saw writes it.

Each perturbation takes a page's HTML and the reference rows read from the unchanged page
(``Reference``: each comment's text and author) and returns new HTML with the same words: only
class and id names, tags, wrappers and links change. Our comment finders were built from named
systems (WordPress, Disqus, Blogger, Drupal, vBulletin...); these say how much of what they find
rests on the names and tags those systems happen to use.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from lxml import etree
from perturb_tree import parse, serialise
from perturbations import rename_tokens


@dataclass(frozen=True, slots=True)
class Reference:
    """One comment row of the unchanged page: what locates it in the markup."""

    text: str
    author: str | None


Perturbation = Callable[[str, Sequence[Reference]], str]

# CSS-modules hashes are this many characters after the underscore (`_3xk2a`).
HASH_CHARS = 5
# BEM block and element words a design system might use; none of them names a concept our
# token groups know except `thread` (a region name real templates write).
BEM_BLOCKS = ("c-thread", "c-feed", "c-stack", "c-panel")
BEM_ELEMENTS = ("item", "entry", "unit", "cell", "row", "part")
# The word for "comment" another language's template writes in its class names (de, fr, nl).
FOREIGN_COMMENT_WORDS = ("kommentar", "commentaire", "reactie")
_COMMENT_WORD = re.compile(r"comment", re.IGNORECASE)
# The ids commenting software writes on each comment whatever the theme (WordPress
# ``comment-12`` / ``li-comment-12``, Disqus ``dsq-comment-12``, Typepad's hex keys, Blogger's
# ``c1234567890``, forums' ``post-7`` / ``p7``): bench/comments.py's recall proxy counts by them.
SOFTWARE_ITEM_ID = re.compile(
    r"^(?:[a-z]+-)?comment[-_]?(?:\d+|[0-9a-f]{12,})$|^c\d{6,}$|^(?:post|p)[-_]?\d+$", re.IGNORECASE
)
# A heading over the thread (any language the vocabularies know, a count or none).
COMMENT_HEADING_WORDS = re.compile(
    r"comment|response|repl|thought|kommentar|commentaire|reactie|comentario|commento|komentarz|discussion",
    re.IGNORECASE,
)
# Tags a template may write as plain divs.
LIST_TAGS = ("ol", "ul", "li")
SECTIONING_TAGS = ("article", "section", "header", "footer", "aside")
# A comment's first words that locate it in the markup: enough to be unique on the page.
LOCATOR_CHARS = 30
# Fewer located comments than this and there is no thread to lay out.
THREAD_MIN_LOCATED = 2
# Sibling divs of one class, at least this many, are a list a template might write as <li>.
LIST_MIN_SIBLINGS = 2


def _normal(text: str) -> str:
    return " ".join(text.split()).casefold()


def _digest(name: str) -> int:
    return int.from_bytes(hashlib.sha1(name.encode()).digest()[:8], "big")


def css_module_name(name: str) -> str:
    """An opaque CSS-modules hash (`_3xk2a`): the same name always gives the same hash."""
    number, letters = _digest(name), ""
    for _ in range(HASH_CHARS):
        number, digit = divmod(number, 36)
        letters += "0123456789abcdefghijklmnopqrstuvwxyz"[digit]
    return f"_{letters}"


def bem_name(name: str) -> str:
    """A BEM name of neutral words (`c-stack__unit--level-2`) standing for ``name``."""
    number = _digest(name)
    block = BEM_BLOCKS[number % len(BEM_BLOCKS)]
    element = BEM_ELEMENTS[(number // 7) % len(BEM_ELEMENTS)]
    return f"{block}__{element}--level-{number % 5}"


def _rename_classes(html: str, new_name: Callable[[str], str], keep_id: Callable[[str], bool]) -> str:
    root = parse(html)
    for element in root.iter(etree.Element):
        if element.get("class") is not None:
            element.set("class", " ".join(new_name(t) for t in element.get("class", "").split()))
        if (ident := element.get("id")) and not keep_id(ident):
            element.set("id", new_name(ident))
    return serialise(root)


def theme_classes(html: str, references: Sequence[Reference]) -> str:
    """A new theme over known commenting software: every class token and every other id an
    opaque hash, the ids the software writes for each comment (``comment-12``, ``c123``,
    ``post-7``: ``SOFTWARE_ITEM_ID``) kept."""
    return _rename_classes(html, css_module_name, lambda ident: SOFTWARE_ITEM_ID.match(ident) is not None)


def theme_unheaded(html: str, references: Sequence[Reference]) -> str:
    """``theme-classes`` with no heading over the thread: every h1-h6 whose text names or
    counts comments (``COMMENT_HEADING_WORDS``) removed, its tail kept."""
    root = parse(theme_classes(html, references))
    for heading in list(root.iter("h1", "h2", "h3", "h4", "h5", "h6")):
        if COMMENT_HEADING_WORDS.search(" ".join(heading.itertext())):
            heading.drop_tree()
    return serialise(root)


def hash_classes(html: str, references: Sequence[Reference]) -> str:
    """Every class token and id an opaque CSS-modules hash."""
    return rename_tokens(html, css_module_name)


def bem_classes(html: str, references: Sequence[Reference]) -> str:
    """Every class token and id a BEM name of neutral words."""
    return rename_tokens(html, bem_name)


def foreign_words(word: str) -> Perturbation:
    """``comment`` inside every class and id written as ``word`` (`comment-author` -> `kommentar-author`)."""

    def replace(name: str) -> str:
        return _COMMENT_WORD.sub(lambda m: word.capitalize() if m.group()[0].isupper() else word, name)

    def perturb(html: str, references: Sequence[Reference]) -> str:
        return rename_tokens(html, replace)

    perturb.__doc__ = f"`comment` in class and id names written `{word}`."
    return perturb


def _retag(html: str, tags: Sequence[str], new: str, drop: Sequence[str] = ()) -> str:
    root = parse(html)
    for element in list(root.iter(*tags)):
        element.tag = new
        for attribute in drop:
            element.attrib.pop(attribute, None)
    return serialise(root)


def lists_as_divs(html: str, references: Sequence[Reference]) -> str:
    """ol, ul and li written as divs."""
    return _retag(html, LIST_TAGS, "div")


def sectioning_as_divs(html: str, references: Sequence[Reference]) -> str:
    """article, section, header, footer and aside written as divs."""
    return _retag(html, SECTIONING_TAGS, "div")


def time_as_span(html: str, references: Sequence[Reference]) -> str:
    """<time datetime=...> written as a <span> that only shows the date."""
    return _retag(html, ("time",), "span", drop=("datetime",))


def divs_as_list(html: str, references: Sequence[Reference]) -> str:
    """Runs of sibling divs of one class written as the <li> of an <ul> (the parent div retagged)."""
    root = parse(html)
    for parent in list(root.iter("div")):
        classes: dict[str, list[etree._Element]] = {}
        for child in parent:
            if child.tag == "div" and child.get("class"):
                classes.setdefault(child.get("class", ""), []).append(child)
        runs = [run for run in classes.values() if len(run) >= LIST_MIN_SIBLINGS]
        if not runs:
            continue
        parent.tag = "ul"
        for run in runs:
            for child in run:
                child.tag = "li"
    return serialise(root)


def _located(root: etree._Element, references: Sequence[Reference]) -> list[etree._Element]:
    """For each reference whose first words are found in one text node, the element holding them."""
    keys = [_normal(r.text)[:LOCATOR_CHARS] for r in references if r.text.strip()]
    found: list[etree._Element] = []
    for key in keys:
        for element in root.iter(etree.Element):
            pieces = ((element.text, element), (element.tail, element.getparent()))
            owner = next((o for piece, o in pieces if piece and o is not None and key in _normal(piece)), None)
            if owner is not None:
                found.append(owner)
                break
    return found


def thread_container(root: etree._Element, references: Sequence[Reference]) -> etree._Element | None:
    """The deepest element holding every located comment (THREAD_MIN_LOCATED or more)."""
    located = _located(root, references)
    if len(located) < THREAD_MIN_LOCATED:
        return None
    common = [located[0], *located[0].iterancestors()]
    for element in located[1:]:
        chain = {element, *element.iterancestors()}
        common = [c for c in common if c in chain]
    container = common[0] if common else None
    return None if container is None or container.tag in ("html", "body") else container


def table_layout(html: str, references: Sequence[Reference]) -> str:
    """The thread's items each in a row of a layout <table> inside the thread's container."""
    root = parse(html)
    container = thread_container(root, references)
    if container is None:
        return serialise(root)
    children = [c for c in container if isinstance(c.tag, str)]
    if not children:
        return serialise(root)
    table = etree.Element("table", {"width": "100%", "border": "0", "cellpadding": "4"})
    table.text, container.text = container.text, None
    for child in children:
        cell = etree.SubElement(etree.SubElement(table, "tr"), "td", {"valign": "top"})
        cell.append(child)  # the child's tail moves with it
    container.append(table)
    return serialise(root)


def plain_authors(html: str, references: Sequence[Reference]) -> str:
    """Every link whose text is a comment's author written as plain text in its place."""
    root = parse(html)
    names = {_normal(r.author) for r in references if r.author}
    for link in list(root.iter("a")):
        if _normal(link.text_content()) in names:
            link.drop_tag()
    return serialise(root)


def unseen_template(html: str, references: Sequence[Reference]) -> str:
    """All at once: opaque hashed names, lists and sectioning tags as divs, times as spans,
    authors as plain text: only the structure says where the comments are."""
    for step in (plain_authors, lists_as_divs, sectioning_as_divs, time_as_span, hash_classes):
        html = step(html, references)
    return html


COMMENT_PERTURBATIONS: dict[str, Perturbation] = {
    "hash-classes": hash_classes,
    "bem-classes": bem_classes,
    **{f"word-{word}": foreign_words(word) for word in FOREIGN_COMMENT_WORDS},
    "lists-as-divs": lists_as_divs,
    "divs-as-list": divs_as_list,
    "sectioning-as-divs": sectioning_as_divs,
    "time-as-span": time_as_span,
    "table-layout": table_layout,
    "plain-authors": plain_authors,
    "unseen-template": unseen_template,
    "theme-classes": theme_classes,
    "theme-unheaded": theme_unheaded,
}
