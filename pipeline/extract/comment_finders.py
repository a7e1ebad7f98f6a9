"""Stage 1 of the comment step, finding: comment items by site rule and schema.org microdata,
and :func:`find_items`, which tries every finder in the catalogue's order
(:data:`pipeline.extract.rules.COMMENT_FINDERS`) and keeps the first that yields items. The
class / id / test-hook finder is in :mod:`pipeline.extract.comment_classes`, finders by layout
(table-based forums, split items, definition and named lists) in
:mod:`pipeline.extract.comment_layouts`, finders by text shape in
:mod:`pipeline.extract.comment_shapes`, finders by structure alone in
:mod:`pipeline.extract.comment_structure`.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from lxml import etree

from pipeline.extract.comment_classes import ITEM_ID_LEADS, POST_ID_ATTRIBUTES, class_items
from pipeline.extract.comment_headed import headed_items
from pipeline.extract.comment_items import Item, class_tokens, in_form
from pipeline.extract.comment_layouts import list_items, nested_replies, paragraph_items, split_items, table_posts
from pipeline.extract.comment_mail_headers import mail_header_items
from pipeline.extract.comment_rules import OPENING_POST_CLASS, OPENING_POST_ID
from pipeline.extract.comment_shapes import footer_items, numbered_items, says_items
from pipeline.extract.comment_structure import area_items, signed_siblings
from pipeline.extract.comment_unheaded import unheaded_items
from pipeline.extract.comment_user_cards import user_card_items
from pipeline.extract.html import PageText, element_text
from pipeline.extract.markers import AREA_STEM, COMMENT_AREA, FORUM_CONTEXT, marked


def _site_items(root: etree._Element, selector: str) -> list[Item]:
    return [Item(e, [e]) for e in root.cssselect(selector) if not in_form(e)]


# The attributes by which an element names itself (or a tag holding "-comment"): the finders
# below filter the list of such elements in Python instead of walking the whole tree once each.
_NAMING = frozenset(("class", "id", "itemtype", "itemprop", "data-testid", "data-component", "role"))


def _microdata_items(micro: list[etree._Element], answers_alone: bool = False) -> list[Item]:
    """schema.org Comment items, and the Answers of a Q&A page (Stack Exchange marks each answer
    ``itemtype=.../Answer`` and the comments under it ``itemprop=comment``: both are replies).
    ``micro``: the page's elements with an ``itemtype`` or ``itemprop``, in page order. Answers
    alone are left to the class finder, which reads their unmarked comments too, unless
    ``answers_alone`` (the class finder found nothing: a theme renamed the classes)."""
    found = [
        e
        for e in micro
        if (
            "Comment" in (itemtype := e.get("itemtype") or "")
            or itemtype.endswith("/Answer")
            or e.get("itemprop") in ("comment", "comments")
        )
        and not in_form(e)
    ]
    found = [e for e in found if e.get("itemprop") != "comments" or e.get("itemtype")]
    if not found or answers_alone != all((e.get("itemtype") or "").endswith("/Answer") for e in found):
        return []  # answers alone: the class finder reads them with their (unmarked) comments first
    if answers_alone and not all(e.find(".//*[@itemprop='author']") is not None for e in found):
        return []  # an FAQ's answers (FAQPage) name no author: the page's own content
    opener = _unmarked_opener(found)
    if opener is not None:
        return [Item(e, [e], forum=True) for e in (opener, *found)]
    question, text = _question(micro, found)
    if question is not None:
        return [Item(question, [question], forum=True, body=text), *(Item(e, [e], forum=True) for e in found)]
    thread = _marked_thread(found)
    return [Item(e, [e], forum=thread) for e in found]


def _marked_thread(found: list[etree._Element]) -> bool:
    """Every post of a thread marked as a schema.org Comment, the opening post too (NodeBB's
    ``ul.posts > li[itemtype=.../Comment]``): sibling posts in a list named for a thread or its
    posts ("posts", "topic"), with no region named for comments around them (a news site's
    ``div.comments > ul.comment-thread`` holds readers' comments under an article)."""
    parent = found[0].getparent()
    if parent is None or len(found) < MIN_THREAD_POSTS or any(e.getparent() is not parent for e in found):
        return False
    around = [parent, *parent.iterancestors()]
    return marked(parent, FORUM_CONTEXT) and not any(marked(a, COMMENT_AREA) for a in around)


# A thread is an opening post and a reply at least.
MIN_THREAD_POSTS = 2


def _question(
    micro: list[etree._Element], found: list[etree._Element]
) -> tuple[etree._Element | None, etree._Element | None]:
    """On a Q&A page whose answers are marked (``itemtype=.../Answer``), the Question and its
    own text (its ``itemprop=text`` outside every answer and comment): the question opens the
    thread, so it is the article however short, rather than whatever block a text extractor
    prefers beside it; its author is the Question's own."""
    if not any((e.get("itemtype") or "").endswith("/Answer") for e in found):
        return None, None
    question = next((e for e in micro if (e.get("itemtype") or "").endswith("/Question")), None)
    if question is None:
        return None, None
    for element in question.iter():
        if element.get("itemprop") == "text":
            scope = next((a for a in element.iterancestors() if a.get("itemscope") is not None), None)
            return (question, element) if scope is question and element_text(element) else (None, None)
    return None, None


def _unmarked_opener(found: list[etree._Element]) -> etree._Element | None:
    """The opening post of a forum that marks only the replies as schema.org Comments
    (XenForo, Discourse): the first sibling before them with the same tag and class names,
    not marked itself. It is the article; the marked posts are its replies."""
    first = found[0]
    parent = first.getparent()
    if parent is None or any(e.getparent() is not parent for e in found):
        return None
    shape = (first.tag, class_tokens(first))
    if not shape[1] or any((e.tag, class_tokens(e)) != shape for e in found):
        return None
    for sibling in parent.iterchildren(first.tag):
        if sibling is first:
            return None
        if class_tokens(sibling) == shape[1] and not sibling.get("itemtype") and not in_form(sibling):
            return sibling if element_text(sibling) else None
    return None


Named = tuple[
    list[etree._Element], list[etree._Element], list[etree._Element], list[etree._Element], list[etree._Element]
]


def _named(root: etree._Element) -> Named:
    """Every element of the page that names itself (_NAMING, or a tag holding "-comment"), and
    of them those the class finder, the list finder and the area finder may take, and those
    with microdata (``itemtype``, ``itemprop``: what the microdata finder reads, a few of the
    named), in document order, from one read of each element's attributes.

    Each of the three lists holds every element its finder's own test (``could_be_item``,
    ``names_a_list`` or an ``ol`` / ``ul``, ``_area_candidate``) accepts, and maybe a few more
    (each finder asks its test again). The XPath "/descendant::*[@class or @id or ... or
    contains(local-name(), '-comment')]" and three tests, each reading the attributes of every
    named element, cost 1.7x this walk (3-4% of a ``--workers 1`` run)."""
    marked: list[etree._Element] = []
    items: list[etree._Element] = []
    lists: list[etree._Element] = []
    areas: list[etree._Element] = []
    micro: list[etree._Element] = []
    for element in root.getroottree().getroot().iter(etree.Element):
        tag = element.tag
        named = item = "-comment" in tag
        area = has_microdata = False
        listed = tag in ("ol", "ul")
        for name, value in element.items():
            if name == "class" or name == "id":
                named = True
                if "list" in value.lower():
                    listed = True
                if AREA_STEM.search(value):
                    area = item = True
                elif name == "class":
                    item = item or "ost" in value or "essage" in value or "eply" in value or "answer" in value
                else:
                    item = item or value.startswith(ITEM_ID_LEADS)
            elif name in _NAMING:
                named = True
                if name == "itemtype" or name == "itemprop":
                    has_microdata = True
                else:
                    item = True
            elif name in POST_ID_ATTRIBUTES:
                item = True
        if not named:
            continue
        marked.append(element)
        if item:
            items.append(element)
        if listed:
            lists.append(element)
        if area:
            areas.append(element)
        if has_microdata:
            micro.append(element)
    return marked, items, lists, areas, micro


def find_items(
    root: etree._Element,
    site_item_selector: str | None = None,
    hosts: list[tuple[etree._Element, str]] | None = None,
    disabled: frozenset[str] = frozenset(),
) -> tuple[str, list[Item]]:
    """Stage 1, finding: the page's comment items, by the first finder that yields any (in the
    order of :data:`pipeline.extract.rules.COMMENT_FINDERS`), and that finder's name."""
    name, items, _ = find_items_and_microdata(root, site_item_selector, hosts, disabled)
    return name, items


def find_items_and_microdata(
    root: etree._Element,
    site_item_selector: str | None = None,
    hosts: list[tuple[etree._Element, str]] | None = None,
    disabled: frozenset[str] = frozenset(),
    page: PageText | None = None,
) -> tuple[str, list[Item], list[etree._Element] | None]:
    """:func:`find_items`, and the page's elements with an ``itemtype`` or ``itemprop`` in page
    order, as the finders' one walk listed them (None when a site rule's finder answered before
    the walk): the metadata and reference readers take their ``itemprop`` elements from it
    instead of asking the whole tree again (three XPaths, ~0.06 s of a ScrapingHub run)."""
    marked: list[etree._Element] = []
    walked = False
    # the class, list and area finders' candidates, and the elements with microdata
    named: list[list[etree._Element]] = [[], [], [], []]
    # the page's text, read by four finders' page-level tests (the tree is read-only here)
    page = page if page is not None and page.root is root else PageText(root)
    finders: tuple[tuple[str, Callable[[], list[Item]]], ...] = (
        ("comments:site", lambda: _site_items(root, site_item_selector) if site_item_selector else []),
        ("comments:microdata", lambda: _microdata_items(named[3])),
        ("comments:class-items", lambda: class_items(named[0])),
        ("comments:microdata-answers", lambda: _microdata_items(named[3], answers_alone=True)),
        ("comments:table-posts", lambda: table_posts(marked)),
        ("comments:split-items", lambda: split_items(marked)),
        ("comments:list-items", lambda: list_items(named[1])),
        ("comments:posted-by-footers", lambda: footer_items(root, page)),
        ("comments:says-blocks", lambda: says_items(root)),
        ("comments:numbered-posts", lambda: numbered_items(root, hosts)),
        ("comments:signed-siblings", lambda: signed_siblings(root)),
        ("comments:area-siblings", lambda: area_items(named[2]) or paragraph_items(named[2])),
        ("comments:headed-siblings", lambda: headed_items(root)),
        ("comments:unheaded-siblings", lambda: unheaded_items(root, page)),
        ("comments:user-card-posts", lambda: user_card_items(root, page)),
        ("comments:mail-headers", lambda: mail_header_items(root, page)),
    )
    for name, finder in finders:
        if name == "comments:microdata":  # the walk the later finders read, whether this one is on or off
            marked, *named = _named(root)
            walked = True
        if name in disabled:
            continue
        if items := finder():
            if name == "comments:microdata":
                if "comments:class-items" not in disabled and len(more := class_items(marked)) > len(items):
                    if covered := _covered(more, items):
                        name, items = (
                            "comments:class-items",
                            _in_page_order(root, [*more, *(i for i in items if i not in covered)]),
                        )
                items = _with_opening_post(items, marked) if name == "comments:microdata" else items
            elif name == "comments:class-items":
                items = _with_opening_post(items, marked, by_id=False)
            items = _opened_by_first_writer(root, items) if name != "comments:site" else items
            return name, items if name in _WHOLE_FINDERS else nested_replies(items), named[3] if walked else None
    return "", [], named[3] if walked else None


# The line an issue tracker prints under the title, after the name of the one who opened the
# thread: "NAME opened this issue on DATE" (GitHub, Gitea), "started this conversation".
OPENED_THREAD = re.compile(
    r"^\s*(?:opened|started|created) this (?:issue|pull request|merge request|discussion|conversation|topic|thread)\b",
    re.IGNORECASE,
)


def _opened_by_first_writer(root: etree._Element, items: list[Item]) -> list[Item]:
    """An issue tracker's first comment is the issue itself: where the page says, before the
    thread, "NAME opened this issue" and links NAME's page as the first item does (its
    author's link), the first item opens the thread (it is the article) and the others are its
    replies, whatever id the tracker gave it (``issuecomment-N`` like the replies)."""
    first = items[0].element
    if all(item.forum for item in items) or first is None:
        return items
    writers = {a.get("href") for a in first.iter("a") if a.get("href")}
    inside = set(first.iter())
    for link in root.iter("a"):
        if link in inside:
            return items  # the first item comes before any such line
        if link.tail and OPENED_THREAD.match(link.tail) and link.get("href") in writers:
            for item in items:
                item.forum = True
            return items
    return items


def _covered(more: list[Item], items: list[Item]) -> list[Item]:
    """The items that are one of ``more``, or hold one, or sit inside one: when some are, the
    class names found the same thread, and more of it (a thread that marks only some comments
    as schema.org Comments: a featured one printed again in the list, the top level only)."""
    elements = {item.element for item in more}
    return [
        item
        for item in items
        if item.element is not None
        and (
            item.element in elements
            or any(a in elements for a in item.element.iterancestors())
            or any(d in elements for d in item.element.iterdescendants())
        )
    ]


def _in_page_order(root: etree._Element, items: list[Item]) -> list[Item]:
    order = {element: index for index, element in enumerate(root.iter())}
    return sorted(items, key=lambda item: order.get(item.element, -1))


def _with_opening_post(items: list[Item], marked: list[etree._Element], by_id: bool = True) -> list[Item]:
    """A thread whose replies are marked and whose opening post is not, but named by its id
    (OPENING_POST_ID) or class (OPENING_POST_CLASS), before the replies and outside them: the
    opening post opens the thread (it is the article, without the name and date line above
    its message), the items are its replies."""
    if all(item.forum for item in items) or items[0].element is None:
        return items
    first = items[0].element
    for element in marked:
        if not _names_opening_post(element, by_id) or not element_text(element):
            continue
        if any(a is element for a in first.iterancestors()) or any(
            a is item.element for item in items for a in element.iterancestors()
        ):
            return items  # around the replies, or one of their parts
        if first in element.itersiblings() or any(first is e for e in element.xpath("following::*")):
            for item in items:
                item.forum = True
            return [Item(element, [element], forum=True), *items]
        return items
    return items


def _names_opening_post(element: etree._Element, by_id: bool) -> bool:
    """The element's id (OPENING_POST_ID; marked replies only: a blog's ``div#main-post``
    before its comments is its article) or class (OPENING_POST_CLASS) names a thread's
    opening post."""
    if by_id and OPENING_POST_ID.match(element.get("id") or ""):
        return True
    return bool(OPENING_POST_CLASS) and not OPENING_POST_CLASS.isdisjoint((element.get("class") or "").lower().split())


# Finders whose items are the whole thread already: a site rule's selector names every
# comment; the others' items may hold replies their markup does not name alike.
_WHOLE_FINDERS = frozenset({"comments:site", "comments:table-posts", "comments:split-items"})
