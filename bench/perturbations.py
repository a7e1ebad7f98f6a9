"""Perturbations for ``bench/perturb.py``: the markup a site we never saw would write differently.

Each perturbation takes a page's HTML and its gold text and returns new HTML with the same
content: only class and id names, tags, wrappers and attributes change, the kind of change a new
template, theme or page builder makes. Rules keyed on the names and tags of the layouts we tuned
on fire differently; trafilatura, run on the same perturbed page, is the yardstick of how much of
the change any extractor should feel.

Where a perturbation needs the article's own container (a token added to its ancestors, a
wrapper around it), :func:`content_container` finds it from the gold text: the deepest element
holding most of the characters of the page's blocks that the gold text holds.
"""

from __future__ import annotations

import json
import re
import zlib
from collections.abc import Callable
from itertools import count
from pathlib import Path

from lxml import etree
from perturb_tree import content_container, parse, serialise

# Semantic tags a template may write as plain divs (or not at all).
SEMANTIC_TAGS = ("article", "main", "aside", "nav", "header", "footer", "section")
# How many ancestors above the container get the boilerplate-looking token: a theme names the
# article's wrapper, its column and its row, rarely more.
TOKEN_ANCESTORS = 3
# Extra wrappers nested around the container's content: more than any template we tuned on.
EXTRA_WRAPPERS = 5
# Attributes a 2012 template did not write: class names of today's frameworks, ARIA roles.
LEGACY_DROPPED_ATTRIBUTES = ("class", "role")
# Phrase tags written with their presentational forms, as an HTML 4 editor did.
LEGACY_INLINE_TAGS = {"strong": "b", "em": "i"}
# What a 2012 template set on every paragraph and layout cell, to the effect of a stylesheet.
LEGACY_FONT = {"face": "Verdana, Arial, Helvetica, sans-serif", "size": "2"}
LEGACY_CELL = {"valign": "top", "style": "font-family: Verdana, Arial; font-size: 12px"}
_BODY_OPEN = re.compile(r"<body\b[^>]*>", re.IGNORECASE)


def roundtrip(html: str, gold: str) -> str:
    """Parsed and written again: what every other perturbation's serialisation alone changes."""
    return serialise(parse(html))


# Attributes that name an element by its id: a template that renames its ids renames them too
# (an accordion's aria-controls, a label's for, a skip link's #fragment).
ID_REFERENCES = ("aria-controls", "aria-labelledby", "aria-describedby", "aria-owns", "for", "headers")


def rename_tokens(html: str, new_name: Callable[[str], str], references: bool = False) -> str:
    """Every class token and id replaced by ``new_name`` of it (the comment perturbations use it too);
    with ``references``, the attributes that name an id (ID_REFERENCES, ``href="#id"``) renamed
    alike, as the template that renames an id writes its references."""
    root = parse(html)
    ids: set[str] = set()
    for element in root.iter(etree.Element):
        if element.get("class") is not None:
            element.set("class", " ".join(new_name(t) for t in element.get("class", "").split()))
        if ident := element.get("id"):
            ids.add(ident)
            element.set("id", new_name(ident))
    if references:
        for element in root.iter(etree.Element):
            for attribute in ID_REFERENCES:
                if value := element.get(attribute):
                    element.set(attribute, " ".join(new_name(t) if t in ids else t for t in value.split()))
            href = element.get("href") or ""
            if href.startswith("#") and href[1:] in ids:
                element.set("href", "#" + new_name(href[1:]))
    return serialise(root)


def rename_classes(html: str, gold: str) -> str:
    """Every class token and id renamed to a meaningless token, the same name to the same token, and
    the references to the ids with them (session 18: ids renamed alone broke every accordion's
    ``aria-controls``, as no real template would)."""
    names: dict[str, str] = {}
    fresh = count()

    def token(name: str) -> str:
        if name not in names:
            names[name] = f"k{next(fresh):x}"
        return names[name]

    return rename_tokens(html, token, references=True)


def plain_tags(html: str, gold: str) -> str:
    """article, main, aside, nav, header, footer and section written as plain divs."""
    root = parse(html)
    for element in root.iter(*SEMANTIC_TAGS):
        element.tag = "div"
    return serialise(root)


def opaque_template(html: str, gold: str) -> str:
    """``rename-classes`` and ``plain-tags`` at once: no class, id or tag says what a region is.

    Roles and itemprops stay: accessibility and schema.org markup are written by the CMS or an SEO
    plugin, not by the theme's stylesheet, so a template whose class names are hashed (CSS modules,
    minified utility classes) still carries them; a page without them is ``legacy-layout``'s.
    """
    return plain_tags(rename_classes(html, gold), gold)


def _container_or_body(root: etree._Element, gold: str) -> etree._Element:
    container = content_container(root, gold)
    if container is not None:
        return container
    body = root.find("body")
    return body if body is not None else root


def _wrap_children(element: etree._Element, tag: str, attributes: dict[str, str] | None = None) -> etree._Element:
    """A new ``tag`` inside ``element`` that holds all its children and text."""
    wrapper = etree.Element(tag, attributes or {})
    wrapper.text, element.text = element.text, None
    for child in list(element):
        wrapper.append(child)
    element.append(wrapper)
    return wrapper


def wrap_article(html: str, gold: str) -> str:
    """The body's content in an extra <main>, the article's container's in an extra <article>."""
    root = parse(html)
    container = content_container(root, gold)
    if container is not None:
        _wrap_children(container, "article")
    body = root.find("body")
    if body is not None:
        _wrap_children(body, "main")
    return serialise(root)


def add_token(token: str) -> Callable[[str, str], str]:
    """``token`` added to the class of the article's container and of TOKEN_ANCESTORS above it."""

    def perturb(html: str, gold: str) -> str:
        root = parse(html)
        container = content_container(root, gold)
        if container is None:
            return serialise(root)
        for element in [container, *container.iterancestors()][: TOKEN_ANCESTORS + 1]:
            if element.tag in ("html", "body"):
                break
            element.set("class", f"{element.get('class', '')} {token}".strip())
        return serialise(root)

    perturb.__doc__ = f"{token!r} added to the class of the article's container and its wrappers."
    return perturb


def unclosed_header(html: str, gold: str) -> str:
    """A <header> opened at the top of <body> and never closed: it wraps the whole page."""
    match = _BODY_OPEN.search(html)
    if match is None:
        return html
    return f'{html[: match.end()]}<header class="site-header">{html[match.end() :]}'


def hidden_wrapper(attribute: str, value: str) -> Callable[[str, str], str]:
    """The article's container inside a wrapper carrying ``attribute``, as a script would reveal."""

    def perturb(html: str, gold: str) -> str:
        root = parse(html)
        container = _container_or_body(root, gold)
        _wrap_children(container, "div", {attribute: value, "class": "js-reveal"})
        return serialise(root)

    perturb.__doc__ = f"the article's content in a <div {attribute}={value!r}> a script reveals."
    return perturb


def deep_wrappers(html: str, gold: str) -> str:
    """The article's content nested EXTRA_WRAPPERS divs deeper."""
    root = parse(html)
    element = _container_or_body(root, gold)
    for _ in range(EXTRA_WRAPPERS):
        element = _wrap_children(element, "div")
    return serialise(root)


def _unwrap_into_breaks(element: etree._Element) -> None:
    """``element`` replaced in its parent by its content in a <font>, then <br><br> (its tail after)."""
    parent = element.getparent()
    if parent is None:
        return
    font = etree.Element("font", LEGACY_FONT)
    font.text = element.text
    for child in list(element):
        font.append(child)
    first, second = etree.Element("br"), etree.Element("br")
    second.tail = element.tail
    index = parent.index(element)
    parent.remove(element)
    for offset, new in enumerate((font, first, second)):
        parent.insert(index + offset, new)


def br_paragraphs(html: str, gold: str) -> str:
    """Every <p> written as its text followed by <br><br>, as pages written before CSS layouts were."""
    root = parse(html)
    for paragraph in list(root.iter("p")):
        _unwrap_into_breaks(paragraph)
    return serialise(root)


def _in_cells(parent: etree._Element, one_row: bool, attributes: dict[str, str]) -> None:
    """``parent``'s children (each with its tail) moved into the cells of a new <table>: one row
    holding one cell per child (a row of columns) or one row per child (a page's bands)."""
    children = list(parent)
    if not children:
        return
    table = etree.Element("table", {"width": "100%", "border": "0", "cellpadding": "0", "cellspacing": "0"})
    table.tail = None
    row = etree.SubElement(table, "tr")
    for position, child in enumerate(children):
        if position and not one_row:
            row = etree.SubElement(table, "tr")
        cell = etree.SubElement(row, "td", attributes)
        cell.append(child)  # moves the child, its tail with it
    parent.append(table)


def _column_parent(container: etree._Element | None) -> etree._Element | None:
    """The nearest ancestor under <body> of the container's branch that has other element
    children beside it: where the article's column stands beside a sidebar or a menu."""
    if container is None:
        return None
    for element in [container, *container.iterancestors()]:
        parent = element.getparent()
        if parent is None or parent.tag in ("body", "html"):
            return None
        if len([c for c in parent if isinstance(c.tag, str)]) > 1:
            return parent
    return None


def legacy_layout(html: str, gold: str) -> str:
    """The page as a 2012 template would write it: semantic tags as divs, the body's regions in
    the rows of a layout table and the article's column beside its neighbours in the cells of
    another, every <p> as text in a <font> followed by <br><br>, <strong>/<em> as <b>/<i>, and no
    class names or roles (ids stay: ``<div id="content">``)."""
    root = parse(html)
    container = content_container(root, gold)
    columns = _column_parent(container)
    for element in root.iter(*SEMANTIC_TAGS):
        element.tag = "div"
    for element in root.iter(*LEGACY_INLINE_TAGS):
        element.tag = LEGACY_INLINE_TAGS[str(element.tag)]
    for element in root.iter(etree.Element):
        for attribute in LEGACY_DROPPED_ATTRIBUTES:
            element.attrib.pop(attribute, None)
    if columns is not None:
        _in_cells(columns, one_row=True, attributes=LEGACY_CELL)
    body = root.find("body")
    if body is not None:
        _in_cells(body, one_row=False, attributes=LEGACY_CELL)
    for paragraph in list(root.iter("p")):
        _unwrap_into_breaks(paragraph)
    return serialise(root)


# Page builders' markup (Elementor, Divi, WPBakery, Wix): per builder, a widget's wrappers outer
# to inner, its headings' class, its section divs' class. The innermost BUILDER_MIN_DEPTH layers
# wrap every widget, up to all of them (3-6 nested divs).
BUILDERS: dict[str, dict[str, str | list[str]]] = {
    name: markup
    for name, markup in json.loads((Path(__file__).parent / "page_builders.json").read_text(encoding="utf-8")).items()
    if not name.startswith("_")
}
BUILDER_MIN_DEPTH = 3
# The tags a builder writes as its section and column divs; it keeps the theme's header,
# footer and menu (Wix, Divi's theme builder and most Elementor themes write those tags).
BUILDER_DIV_TAGS = ("article", "main", "section", "aside")
# A text widget holds this many paragraphs at most: the article's text over several widgets.
WIDGET_BLOCKS = 2
# What a builder's widget holds: the blocks of a text editor, a heading, an image, a list.
WIDGET_TAGS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "blockquote", "table", "figure", "pre", "img")
HEADING_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6")
# Containers whose runs of blocks become widgets (not a list item's or a cell's own paragraphs).
WIDGET_PARENTS = ("body", "div", *SEMANTIC_TAGS)


def _generated_id(number: int) -> str:
    """A builder's element id: six hex digits that look random and are the same on every run."""
    return f"{(number * 2654435761) & 0xFFFFFF:06x}"


def _builder_of(gold: str) -> str:
    """The page's builder: the same for a page on every run, the four spread over the corpus."""
    return sorted(BUILDERS)[zlib.crc32(gold.encode()) % len(BUILDERS)]


def _widget_runs(parent: etree._Element) -> list[list[etree._Element]]:
    """``parent``'s widget blocks in widgets: a heading alone, paragraphs WIDGET_BLOCKS at a time."""
    widgets: list[list[etree._Element]] = []
    run: list[etree._Element] = []
    for child in parent:
        if not isinstance(child.tag, str) or child.tag not in WIDGET_TAGS:
            run = []
            continue
        if child.tag in HEADING_TAGS or not run or len(run) >= WIDGET_BLOCKS:
            run = [child]
            widgets.append(run)
        else:
            run.append(child)
        if child.tag in HEADING_TAGS:
            run = []
    return widgets


def page_builder(html: str, gold: str) -> str:
    """The page as a page builder writes it: every block in a widget of 3-6 nested divs with
    generated class names, paragraphs WIDGET_BLOCKS to a widget, headings with the builder's
    class, semantic tags as the builder's section divs (no <article>, no <main>)."""
    root = parse(html)
    builder = _builder_of(gold)
    numbers = count()
    for parent in list(root.iter(*WIDGET_PARENTS)):
        for widget in _widget_runs(parent):
            number = next(numbers)
            layers = list(BUILDERS[builder]["layers"])
            depth = BUILDER_MIN_DEPTH + number % (len(layers) - BUILDER_MIN_DEPTH + 1)
            outer = inner = None
            for layer in layers[-depth:]:
                name = layer.format(h=_generated_id(number * len(layers) + len(layer)), n=number)
                div = etree.Element("div", {"class": name})
                if inner is None:
                    outer = div
                else:
                    inner.append(div)
                inner = div
            assert outer is not None and inner is not None
            parent.insert(parent.index(widget[0]), outer)
            outer.tail, widget[-1].tail = widget[-1].tail, None
            for block in widget:
                inner.append(block)  # its tail (between two blocks) with it
                if block.tag in HEADING_TAGS:
                    block.set("class", str(BUILDERS[builder]["heading_class"]))
    for element in root.iter(*BUILDER_DIV_TAGS):
        element.tag = "div"
        number = next(numbers)
        element.set("class", str(BUILDERS[builder]["section_class"]).format(h=_generated_id(number), n=number))
    return serialise(root)


# The regions a template may write before the article: a sidebar, a menu, related links.
REGION_TAGS = ("aside", "nav")
REGION_ROLES = ("complementary", "navigation")
REGION_WORDS = re.compile(r"(?<![a-z])(?:sidebar|related|secondary|widget-area|rail)", re.IGNORECASE)
# A region inside the page's header or footer stays there: no template writes its footer menu first.
CHROME_TAGS = ("header", "footer")
CHROME_ROLES = ("banner", "contentinfo")


def _is_region(element: etree._Element) -> bool:
    if element.tag in REGION_TAGS or element.get("role") in REGION_ROLES:
        return True
    return bool(REGION_WORDS.search(f"{element.get('class', '')} {element.get('id', '')}"))


def _in_chrome(element: etree._Element) -> bool:
    return any(a.tag in CHROME_TAGS or a.get("role") in CHROME_ROLES for a in [element, *element.iterancestors()])


def _detach(element: etree._Element) -> None:
    """``element`` out of its parent, its tail left where it stood."""
    parent = element.getparent()
    assert parent is not None
    if element.tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    element.tail = None
    parent.remove(element)


def sidebar_first(html: str, gold: str) -> str:
    """The page's sidebars, menus and related links that follow the article's container moved
    before it in source order (each just before the container's branch of their common
    ancestor), as a 2012-2016 template floating its sidebar or a right-to-left layout writes them."""
    root = parse(html)
    container = content_container(root, gold)
    if container is None:
        return serialise(root)
    following = [*container.itersiblings(), *(e for a in container.iterancestors() for e in a.itersiblings())]
    regions: list[etree._Element] = []
    for element in (e for top in following for e in top.iter(etree.Element)):
        if _is_region(element) and not _in_chrome(element) and not set(regions) & set(element.iterancestors()):
            regions.append(element)
    for region in regions:
        above = set(region.iterancestors())
        branch = next(a for a in [container, *container.iterancestors()] if a.getparent() in above)
        _detach(region)
        branch.addprevious(region)
        region.tail = "\n"  # the blocks apart, as a template writes them
    return serialise(root)


PERTURBATIONS: dict[str, Callable[[str, str], str]] = {
    "roundtrip": roundtrip,
    "rename-classes": rename_classes,
    "plain-tags": plain_tags,
    "opaque-template": opaque_template,
    "wrap-article": wrap_article,
    "token-infobox": add_token("infobox"),
    "token-widget": add_token("widget"),
    "token-sidebar-layout": add_token("sidebar-layout"),
    "token-related-wrapper": add_token("related-wrapper"),
    "token-bem-aside": add_token("c-layout__aside--x"),
    "unclosed-header": unclosed_header,
    "hidden-wrapper": hidden_wrapper("hidden", ""),
    "aria-hidden-wrapper": hidden_wrapper("aria-hidden", "true"),
    "deep-wrappers": deep_wrappers,
    "br-paragraphs": br_paragraphs,
    "legacy-layout": legacy_layout,
    "page-builder": page_builder,
    "sidebar-first": sidebar_first,
}
