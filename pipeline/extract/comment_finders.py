"""Stage 1 of the comment step, finding: comment items by markup (site rules, schema.org
microdata, class / id / test hooks), and :func:`find_items`,
which tries every finder in the catalogue's order (:data:`pipeline.extract.rules.COMMENT_FINDERS`)
and keeps the first that yields items. Finders by layout (table-based forums, split items,
definition and named lists) are in :mod:`pipeline.extract.comment_layouts`, finders by text
shape in :mod:`pipeline.extract.comment_shapes`.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from lxml import etree

from pipeline.extract import markers
from pipeline.extract.comment_authors import author_element
from pipeline.extract.comment_items import Item, class_tokens, in_comment_area, in_form, sibling_level
from pipeline.extract.comment_layouts import list_items, nested_replies, split_items, table_posts
from pipeline.extract.comment_rules import (
    COMMENT_COMPONENTS,
    COMMENT_TAG,
    CSS_MODULE_CLASS,
    ITEM_ID,
    MAX_POST_LINK_DENSITY,
    MODULE_ROOTS,
    OPENER_ID,
    OPENER_LEVELS,
    OPENING_POST_ID,
    PREFIXED_COMMENT_ID,
    profile_href,
)
from pipeline.extract.comment_shapes import area_items, footer_items, numbered_items, says_items, signed_siblings
from pipeline.extract.html import element_text


def _site_items(root: etree._Element, selector: str) -> list[Item]:
    return [Item(e, [e]) for e in root.cssselect(selector) if not in_form(e)]


# The attributes by which an element names itself (or a tag holding "-comment"): the finders
# below filter the list of such elements in Python instead of walking the whole tree once each.
_NAMING = frozenset(("class", "id", "itemtype", "itemprop", "data-testid", "data-component", "role"))


def _microdata_items(marked: list[etree._Element]) -> list[Item]:
    """schema.org Comment items, and the Answers of a Q&A page (Stack Exchange marks each answer
    ``itemtype=.../Answer`` and the comments under it ``itemprop=comment``: both are replies)."""
    found = [
        e
        for e in marked
        if (
            "Comment" in (itemtype := e.get("itemtype") or "")
            or itemtype.endswith("/Answer")
            or e.get("itemprop") in ("comment", "comments")
        )
        and not in_form(e)
    ]
    found = [e for e in found if e.get("itemprop") != "comments" or e.get("itemtype")]
    if all((e.get("itemtype") or "").endswith("/Answer") for e in found):
        return []  # answers alone: the class finder reads them with their (unmarked) comments
    opener = _unmarked_opener(found)
    if opener is not None:
        return [Item(e, [e], forum=True) for e in (opener, *found)]
    question, text = _question(marked, found)
    if question is not None:
        return [Item(question, [question], forum=True, body=text), *(Item(e, [e], forum=True) for e in found)]
    return [Item(e, [e]) for e in found]


def _question(
    marked: list[etree._Element], found: list[etree._Element]
) -> tuple[etree._Element | None, etree._Element | None]:
    """On a Q&A page whose answers are marked (``itemtype=.../Answer``), the Question and its
    own text (its ``itemprop=text`` outside every answer and comment): the question opens the
    thread, so it is the article however short, rather than whatever block a text extractor
    prefers beside it; its author is the Question's own."""
    if not any((e.get("itemtype") or "").endswith("/Answer") for e in found):
        return None, None
    question = next((e for e in marked if (e.get("itemtype") or "").endswith("/Question")), None)
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


def _could_be_item(element: etree._Element) -> bool:
    """A cheap substring test on class, id and test hooks before the token rules.

    The element's attributes are read in one call and tested as they come (any test passing
    is enough): asking for each of eight attributes by name took twice as long, on every
    element of every page that names itself (~4% of the extract stage)."""
    tag = element.tag
    if "-comment" in tag and COMMENT_TAG.match(tag):
        return True
    for name, value in element.items():
        if name == "class":
            if value and (
                "omment" in value
                or "ost" in value
                or "essage" in value
                or "eply" in value
                or "espons" in value
                or "answer" in value
            ):
                return True
        elif name == "id":
            if value.startswith(_ITEM_ID_LEADS) or "omment" in value:
                return True
        elif name in ("data-testid", "data-component"):
            if "omment" in value or "post" in value:
                return True
        elif (name == "role" and value in ("article", "comment")) or (name in POST_ID_ATTRIBUTES and value):
            return True
    return False


Named = tuple[list[etree._Element], list[etree._Element], list[etree._Element], list[etree._Element]]


def _named(root: etree._Element) -> Named:
    """Every element of the page that names itself (_NAMING, or a tag holding "-comment"), and
    of them those the class finder, the list finder and the area finder may take, in document
    order, from one read of each element's attributes.

    Each of the three lists holds every element its finder's own test (:func:`_could_be_item`,
    ``names_a_list`` or an ``ol`` / ``ul``, ``_area_candidate``) accepts, and maybe a few more
    (each finder asks its test again). The XPath "/descendant::*[@class or @id or ... or
    contains(local-name(), '-comment')]" and three tests, each reading the attributes of every
    named element, cost 1.7x this walk (3-4% of a ``--workers 1`` run)."""
    marked: list[etree._Element] = []
    items: list[etree._Element] = []
    lists: list[etree._Element] = []
    areas: list[etree._Element] = []
    for element in root.getroottree().getroot().iter(etree.Element):
        tag = element.tag
        named = item = "-comment" in tag
        area = False
        listed = tag in ("ol", "ul")
        for name, value in element.items():
            if name == "class" or name == "id":
                named = True
                if "list" in value.lower():
                    listed = True
                if "omment" in value or "espons" in value or "iscuss" in value or "omentario" in value:
                    area = item = True
                elif name == "class":
                    item = item or "ost" in value or "essage" in value or "eply" in value or "answer" in value
                else:
                    item = item or value.startswith(_ITEM_ID_LEADS)
            elif name in _NAMING:
                named = True
                item = item or name not in ("itemtype", "itemprop")
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
    return marked, items, lists, areas


# How an item's id may start (``comment-12``, ``li-comment-12``, Disqus's ``dsq-comment-12``,
# phpBB's ``p123``, ``reply-4``, ``msg_9``).
_ITEM_ID_LEADS = ("comment", "Comment", "li-", "dsq-", "p", "P", "reply", "msg")


def _module_comment(element: etree._Element) -> bool:
    """The root element of a CSS Modules component named for one comment
    (``CommentItem_item__a8Fj2``): hashed class names that still name the component."""
    for name in (element.get("class") or "").split():
        match = CSS_MODULE_CLASS.match(name)
        if (
            match
            and match.group("component").lower() in COMMENT_COMPONENTS
            and match.group("local").lower() in MODULE_ROOTS
        ):
            return True
    return False


# One element classed "answer" is a page's expert answer (the article); two or more are a
# Q&A site's answers to the question.
MIN_ANSWERS = 2


def _class_items(marked: list[etree._Element]) -> list[Item]:
    items: list[Item] = []
    forum: list[etree._Element] = []
    answers: list[Item] = []
    for element in filter(_could_be_item, marked):
        if element.tag in ("form", "textarea", "input", "a", "span", "i", "svg", "img", "button"):
            continue  # an icon (<i class="fa fa-comment">) or a control, never a comment
        if not any(piece.strip() for piece in element.itertext()):
            continue
        ident = element.get("id") or ""
        if "answer" in class_tokens(element) and not in_form(element):
            answers.append(Item(element, [element]))  # Q&A sites: answers are replies to the question
        elif (
            markers.marked(element, markers.COMMENT_ITEM)
            or markers.marked(element, markers.COMMENT_NAME_END)
            or any(PREFIXED_CAMEL_COMMENT.match(name) for name in (element.get("class") or "").split())
            or COMMENT_TAG.match(element.tag)
            or ("post" in class_tokens(element) and _in_comment_widget(element))
            or (element.get("role") == "article" and in_comment_area(element))
            or element.get("role") == "comment"  # WAI-ARIA 1.3's role for a comment
            or _module_comment(element)
            or (ITEM_ID.match(ident) and ident.lower().startswith(("comment", "li-", "dsq-")))
            # (WordPress's "div-comment-N" is the inner article of its li#comment-N: not another)
            or (PREFIXED_COMMENT_ID.match(ident) and not ident.lower().startswith("div-"))
        ):
            if not in_form(element):
                items.append(Item(element, [element]))
        elif (
            markers.marked(element, markers.FORUM_POST)
            or markers.names_word(_camel_tail(element), markers.FORUM_POST)
            or any(element.get(name) for name in POST_ID_ATTRIBUTES)
            or (ITEM_ID.match(ident) and element.tag in ("div", "article", "li", "table"))
        ):
            if not in_form(element) and element.tag not in ("body", "main"):
                forum.append(element)
    if len(answers) >= MIN_ANSWERS:
        order = {element: index for index, element in enumerate(marked)}
        items = sorted([*items, *answers], key=lambda item: order[item.element])
    if items:
        kept = _outermost_repeated(items)
        if kept and _opens_thread(kept[0]):
            for item in kept:
                item.forum = True  # the first is the thread's opening post, the article
        return kept
    # Forum posts: repeated siblings (same tag and class) that each name an author.
    groups: dict[tuple[etree._Element | None, str, str], list[etree._Element]] = {}
    for element in forum:
        key = (sibling_level(element).getparent(), element.tag, " ".join(markers.marks(element, markers.FORUM_POST)))
        groups.setdefault(key, []).append(element)
    best = max(groups.values(), key=len, default=[])
    # Posts the software numbers itself (data-reply-id on each) need no forum classes or
    # author markup around them: the ids are the evidence.
    numbered = len(best) >= MIN_NUMBERED_POSTS and all(any(e.get(n) for n in POST_ID_ATTRIBUTES) for e in best)
    if (
        len(best) >= 2
        and (numbered or _forum_context(best[0]) or all(_profile_signed(e) for e in best))
        and (numbered or sum(1 for e in best if author_element(e, []) is not None) >= len(best) // 2 + 1)
        and sum(_link_density(e) for e in best) / len(best) < MAX_POST_LINK_DENSITY
        and not all(_headline_linked(e) for e in best)
    ):
        # Numbered replies stand apart from the opening post (Mumsnet): they are comments.
        return [Item(e, [e], forum=not numbered) for e in best]
    return []


# Sibling posts each carrying a post id attribute: this many make a thread by themselves.
MIN_NUMBERED_POSTS = 3


# Forum software that names its posts only by an id attribute (utility-class markup).
POST_ID_ATTRIBUTES = ("data-reply-id", "data-post-id", "data-postid")


_CAMEL_TAIL = re.compile(r"(?<=[a-z])([A-Z][a-z]+)$")


# A class of a one-letter namespace prefix and "Comment" (b2evolution's ``bComment``, as
# Invision's ``cPost`` names a post); a longer camelCase name ending so names a part of a
# component ("answerLeafComment") or a forum's post (Invision's ``ipsComment``, read as a post).
PREFIXED_CAMEL_COMMENT = re.compile(r"^[a-z]Comment$")


def _camel_tail(element: etree._Element) -> str | None:
    """The last word of a camelCase class (Invision's ``cPost`` -> 'post'), lower-cased."""
    for name in (element.get("class") or "").split():
        if match := _CAMEL_TAIL.search(name):
            return match.group(1).lower()
    return None


def _in_comment_widget(element: etree._Element) -> bool:
    """Disqus and its kin call each comment a ``post``: inside their thread it is a comment."""
    return any(markers.marked(a, markers.COMMENT_WIDGET) for a in element.iterancestors())


def _outermost_repeated(items: list[Item]) -> list[Item]:
    """Items by class are kept; a lone element with a comment-ish class (a comment form's
    wrapper, a widget) is dropped when it is the only one of its class and names no author."""
    by_class: dict[str, int] = {}
    for item in items:
        assert item.element is not None
        key = " ".join(sorted(class_tokens(item.element)))
        by_class[key] = by_class.get(key, 0) + 1
    kept = []
    for item in items:
        assert item.element is not None
        classes = class_tokens(item.element)
        repeated = by_class[" ".join(sorted(classes))] >= 2
        if (
            markers.marked(item.element, markers.COMMENT_ITEM)
            or repeated
            or author_element(item.element, []) is not None
        ):
            kept.append(item)
    return kept


def _opens_thread(item: Item) -> bool:
    """The item is a thread's opening post by its own id or its group's (GitHub's issue body in
    ``div#issue-N``, marked like the ``issuecomment-N`` replies after it)."""
    assert item.element is not None
    around = [item.element, *item.element.iterancestors()][: OPENER_LEVELS + 1]
    return any(OPENER_ID.match(element.get("id") or "") for element in around)


def _forum_context(post: etree._Element) -> bool:
    """A thread page says so on the posts' ancestors: forum software's or thread/topic classes."""
    for element in post.iterancestors():
        if markers.marked(element, markers.FORUM_CONTEXT) or markers.names_word(
            _camel_tail(element), markers.FORUM_CONTEXT
        ):
            return True
    return False


def _profile_signed(post: etree._Element) -> bool:
    """The post links its writer's profile page (phpBB's ``memberlist.php?mode=viewprofile``,
    ``/members/NAME``): every post of a thread does, whatever the page around it says."""
    return any(profile_href(link.get("href", "")) for link in post.iter("a"))


_HEADING_LINKS = etree.XPath("(.//h1|.//h2|.//h3|.//h4)//a[@href]")


def _headline_linked(element: etree._Element) -> bool:
    """A teaser, not a post: its heading links to another page (a related article's headline;
    a post's own title links to its anchor, ``viewtopic.php?p=123#p123``, and its author's name
    to a profile)."""
    return any(
        not (href := link.get("href", "").strip()).startswith("javascript:")
        and "#" not in href
        and not profile_href(href)
        for link in _HEADING_LINKS(element)
    )


def _link_density(element: etree._Element) -> float:
    text = len(element_text(element)) or 1
    return sum(len(element_text(a)) for a in element.iter("a")) / text


def find_items(
    root: etree._Element,
    site_item_selector: str | None = None,
    hosts: list[tuple[etree._Element, str]] | None = None,
    disabled: frozenset[str] = frozenset(),
) -> tuple[str, list[Item]]:
    """Stage 1, finding: the page's comment items, by the first finder that yields any (in the
    order of :data:`pipeline.extract.rules.COMMENT_FINDERS`), and that finder's name."""
    marked: list[etree._Element] = []
    named: list[list[etree._Element]] = [[], [], []]  # the class, list and area finders' candidates
    finders: tuple[tuple[str, Callable[[], list[Item]]], ...] = (
        ("comments:site", lambda: _site_items(root, site_item_selector) if site_item_selector else []),
        ("comments:microdata", lambda: _microdata_items(marked)),
        ("comments:class-items", lambda: _class_items(named[0])),
        ("comments:table-posts", lambda: table_posts(marked)),
        ("comments:split-items", lambda: split_items(marked)),
        ("comments:list-items", lambda: list_items(named[1])),
        ("comments:posted-by-footers", lambda: footer_items(root)),
        ("comments:says-blocks", lambda: says_items(root)),
        ("comments:numbered-posts", lambda: numbered_items(root, hosts)),
        ("comments:signed-siblings", lambda: signed_siblings(root)),
        ("comments:area-siblings", lambda: area_items(named[2])),
    )
    for name, finder in finders:
        if name in disabled:
            continue
        if name == "comments:microdata":
            marked, *named = _named(root)
        if items := finder():
            if name == "comments:microdata":
                if "comments:class-items" not in disabled and len(more := _class_items(marked)) > len(items):
                    if covered := _covered(more, items):
                        name, items = (
                            "comments:class-items",
                            _in_page_order(root, [*more, *(i for i in items if i not in covered)]),
                        )
                items = _with_opening_post(items, marked) if name == "comments:microdata" else items
            return name, items if name in _WHOLE_FINDERS else nested_replies(items)
    return "", []


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


def _with_opening_post(items: list[Item], marked: list[etree._Element]) -> list[Item]:
    """A thread whose replies are marked and whose opening post is not, but named by its id
    (OPENING_POST_ID), before the replies and outside them: the opening post opens the thread
    (it is the article), the items are its replies."""
    if all(item.forum for item in items) or items[0].element is None:
        return items
    first = items[0].element
    for element in marked:
        if not OPENING_POST_ID.match(element.get("id") or "") or not element_text(element):
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


# Finders whose items are the whole thread already: a site rule's selector names every
# comment; the others' items may hold replies their markup does not name alike.
_WHOLE_FINDERS = frozenset({"comments:site", "comments:table-posts", "comments:split-items"})
