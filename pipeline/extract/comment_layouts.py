"""Comment finders by layout: items that no class names one by one, found by how they are laid
out: a table-based forum's rows, a comment's header, body and footer as siblings, a definition
list of dated header lines, a list named for comments whose items carry no comment class, and
comments written as bare paragraphs in a region named for comments.
:func:`pipeline.extract.comment_finders.find_items` runs them in the catalogue's order.
"""

from __future__ import annotations

from lxml import etree

from pipeline.extract import markers
from pipeline.extract.comment_authors import author_element
from pipeline.extract.comment_dates import DATE_LINE_CHARS, dated_line, only_a_date
from pipeline.extract.comment_items import Item, class_tokens, in_comment_area, in_form, item_kind, name_words
from pipeline.extract.comment_lines import AUTHOR_CLEAN
from pipeline.extract.comment_names import looks_like_author_line, signed_line, signs_beside_date
from pipeline.extract.comment_structure import signed_post
from pipeline.extract.dates import find_datetime
from pipeline.extract.html import HEADING_TAGS, element_text


def table_posts(marked: list[etree._Element]) -> list[Item]:
    """Posts of table-based forum software: each message's table row is one post."""
    rows: dict[etree._Element, etree._Element] = {}  # post row -> the cell holding its message
    for body in marked:
        names = body.get("class") or ""
        if body.tag not in ("span", "div", "td") or ("post" not in names and "alt1" not in names):
            continue
        if not markers.marked(body, markers.TABLE_POST_BODY) or in_form(body):
            continue
        row = next(body.iterancestors("tr"), None)
        while row is not None and len(row.findall("td")) < 2:
            row = next(row.iterancestors("tr"), None)
        if row is not None and row not in rows:
            rows[row] = body if body.tag == "td" else next(body.iterancestors("td"), body)
    rows = {_own_table(row, rows): cell for row, cell in rows.items()}
    if len(rows) < 2 or sum(1 for r in rows if author_element(r, []) is not None) <= len(rows) // 2:
        return []
    return [Item(row, [row], forum=True, body=cell) for row, cell in rows.items()]


def _own_table(row: etree._Element, rows: dict[etree._Element, etree._Element]) -> etree._Element:
    """The post's own table when the software gives each post one (phpBB 3.0 subsilver2: the
    author's row, the message's row and the buttons' row in one ``table.tablebg`` per post),
    else the message's row (phpBB 2: every post's rows in one table)."""
    table = next(row.iterancestors("table"), None)
    if table is None:
        return row
    inside = sum(1 for other in rows if other is row or any(a is table for a in other.iterancestors("table")))
    return table if inside == 1 else row


def split_items(marked: list[etree._Element]) -> list[Item]:
    """Comments whose parts are siblings: a header element, then its body and footer. In a
    layout table the parts are rows (a header cell alone in its row, then the message's row
    and the buttons' row): the comment is its header's row and the rows after it up to the
    next header's row or a row without text (the spacer between comments)."""
    headers = [
        h
        for h in marked
        if ("comment-" in (h.get("class") or "") or _row_cell(h) is not None)
        and markers.marked(h, markers.COMMENT_HEADER)
        and not in_form(h)
    ]
    starts = [row if (row := _row_cell(h)) is not None else h for h in headers]
    items: list[Item] = []
    for start in starts:
        nodes = [start]
        sibling = start.getnext()
        while sibling is not None and sibling not in starts:
            if isinstance(sibling.tag, str):
                if start.tag == "tr" and not element_text(sibling).strip():
                    break
                nodes.append(sibling)
            sibling = sibling.getnext()
        if len(nodes) > 1:
            items.append(Item(None, nodes))
    if not headers:
        return _definition_items(marked)
    return items if len(items) == len(headers) else []


def _row_cell(cell: etree._Element) -> etree._Element | None:
    """The table row a cell is alone in (a comment's header row in a layout table), else none."""
    row = cell.getparent()
    if cell.tag not in ("td", "th") or row is None or row.tag != "tr":
        return None
    return row if sum(1 for child in row if isinstance(child.tag, str)) == 1 else None


def _definition_items(marked: list[etree._Element]) -> list[Item]:
    """Comments printed as a definition list in a region named for comments (Django's
    comments/list.html ``dl#comments``, Dotclear): each ``dt`` a short dated header line ("March
    6, 2012, 2:13 a.m. - NAME", "1. On DATE by NAME"), the ``dd`` after it the message. Every
    term must be one, MIN_LIST_ITEMS or more: a glossary's terms carry no dates."""
    lists: dict[etree._Element, None] = {}
    for element in marked:
        parent = element.getparent()
        if element.tag == "dt" and parent is not None and parent.tag == "dl":
            lists.setdefault(parent)
        elif element.tag in ("div", "section") and "omment" in (element.get("id") or "") + (element.get("class") or ""):
            lists.update((dl, None) for dl in element.iter("dl"))  # unnamed terms in a comments region
    for dl in lists:
        if not (markers.marked(dl, markers.COMMENT_AREA) or in_comment_area(dl)) or in_form(dl):
            continue
        if items := definition_pairs(dl):
            return items
    return []


def definition_pairs(dl: etree._Element, least: int | None = None) -> list[Item]:
    """The comments of a definition list whose every term is a short dated header line and
    every description after one its message, ``least`` (MIN_LIST_ITEMS) or more; else none."""
    least = MIN_LIST_ITEMS if least is None else least
    terms = [c for c in dl if isinstance(c.tag, str)]
    pairs = list(zip(terms[::2], terms[1::2], strict=False))
    if (
        len(terms) % 2 == 0
        and len(pairs) >= least
        and all(dt.tag == "dt" and dd.tag == "dd" and element_text(dd) for dt, dd in pairs)
        and all(len(element_text(dt)) <= DATE_LINE_CHARS and find_datetime(element_text(dt)) for dt, _ in pairs)
    ):
        return [Item(None, [dt, dd], body=dd) for dt, dd in pairs]
    return []


def definition_triples(dl: etree._Element, least: int) -> list[Item]:
    """The comments of a definition list in threes, a term and two descriptions each (Blogger
    classic's ``dl#comments-block``: "NAME said..." in the term, the message, then a footer whose
    line is the date), ``least`` or more; else none. The term is a name line (no date: a dated
    term is :func:`definition_pairs`' header) and the footer a short dated line: a glossary's
    second description is a sentence."""
    terms = [c for c in dl if isinstance(c.tag, str)]
    triples = list(zip(terms[::3], terms[1::3], terms[2::3], strict=False))
    if len(terms) % 3 or len(triples) < least:
        return []
    for dt, dd, footer in triples:
        name = AUTHOR_CLEAN.sub("", " ".join(element_text(dt).split()))
        when = " ".join(element_text(footer).split())
        if (dt.tag, dd.tag, footer.tag) != ("dt", "dd", "dd") or not element_text(dd):
            return []
        if not looks_like_author_line(name) or len(when) > DATE_LINE_CHARS or not find_datetime(when):
            return []
    return [Item(None, [dt, dd, footer], body=dd) for dt, dd, footer in triples]


def list_items(marked: list[etree._Element]) -> list[Item]:
    """The items of a list named for comments whose items carry no comment class (Joomla K2's
    ``ul.itemCommentsList > li.even``): MIN_LIST_ITEMS or more children of one tag, each holding
    words and a date on a short line of its own. The longest such list wins."""
    best: list[etree._Element] = []
    for element in marked:
        if not (names_a_list(element) or _comments_named_list(element)) or in_form(element):
            continue
        children = [c for c in element if isinstance(c.tag, str)]
        if len(children) < max(MIN_LIST_ITEMS, len(best) + 1) or len({c.tag for c in children}) != 1:
            continue
        if all(element_text(c) and dated_line(c) for c in children):
            best = children
    return [Item(child, [child]) for child in best]


# Two dated items make a list of comments when the list is named for them.
MIN_LIST_ITEMS = 2


def _comments_named_list(element: etree._Element) -> bool:
    """An ``ol`` / ``ul`` whose class or id is the word "comments" (Textpattern's
    ``ol.comments``): named for what it lists, as a comment list is."""
    return element.tag in ("ol", "ul") and (
        "comments" in class_tokens(element) or (element.get("id") or "").lower() == "comments"
    )


def names_a_list(element: etree._Element) -> bool:
    """COMMENT_LIST's question, asked only of elements whose class or id holds "list" (its
    pattern ends so): most marked elements answer no without building their marker string."""
    for name, value in element.items():
        if name in ("class", "id") and "list" in value.lower():
            return markers.marked(element, markers.COMMENT_LIST)
    return False


def nested_replies(items: list[Item]) -> list[Item]:
    """The replies inside the items a finder found whose markup differs from their parent's:
    ``div.comment`` holding ``div.reply`` items, a ``div.comment-row`` marked as a schema.org
    Comment holding unmarked ``div.comment-row reply``, a list's ``li`` holding a nested list's
    ``li``. A descendant of an item is a reply when its class names a whole comment or reply
    (:func:`_names_a_comment`) or it is of the item's own kind (tag and class, variants aside;
    unclassed: list items), it does not hold the item's own name, and it is a comment by shape:
    a message of its own words, signed and dated. Found replies are searched in turn."""
    known = {item.element for item in items if item.element is not None}
    found: list[Item] = []
    queue = [item for item in items if item.element is not None]
    while queue:
        parent = queue.pop()
        assert parent.element is not None
        kind = (parent.element.tag, item_kind(parent.element), parent.element.get("class") or "")
        own_author: etree._Element | None = None
        stack = list(parent.element)
        while stack:
            element = stack.pop()
            if not isinstance(element.tag, str) or element in known:
                continue
            if _reply_shaped(element, kind):
                if own_author is None:
                    # Every other item known is skipped: the set itself, without the parent for
                    # the call, not a copy per parent (a thread of N items costs O(N), not O(N^2)).
                    known.discard(parent.element)
                    own_author = author_element(parent.element, known)
                    known.add(parent.element)
                if (own_author is None or not _holds(element, own_author)) and signed_post(element):
                    reply = Item(element, [element], forum=parent.forum)
                    known.add(element)
                    found.append(reply)
                    queue.append(reply)
                    continue
            stack.extend(element)
    if not found:
        return items
    order = {element: index for index, element in enumerate(found[0].nodes[0].getroottree().iter())}
    return sorted([*items, *found], key=lambda item: order.get(item.element, -1))


def _reply_shaped(element: etree._Element, kind: tuple[str, str, str]) -> bool:
    """Of the item's own kind (its tag and class names, variants aside), or named for one whole
    comment. Where every class name is a variant (a hash's digits: ``reply_y7v3b``), the same tag
    and the same class attribute, whole, is the item's kind: a hashed thread nests its replies in
    the markup its comments carry."""
    if element.tag in ("a", "span", "p", "blockquote", "form", "time", "img", "b", "strong", "em", "small"):
        return False
    tag, named, classes = kind
    if (element.tag, item_kind(element)) == (tag, named) and (named or element.tag == "li"):
        return True
    if not named and classes.strip() and element.tag == tag and element.get("class") == classes:
        return True
    return any(_names_a_comment(name) for name in (element.get("class") or "").split())


def _holds(element: etree._Element, inner: etree._Element) -> bool:
    return any(a is element for a in inner.iterancestors())


def _names_a_comment(name: str) -> bool:
    """A class name for one whole comment or reply (``reply``, ``reply-item``, ``replyItem``,
    ``comment-reply``, ``cmt-box``), not a part of one (``comment-body``, ``reply-link``) nor a
    list of them (``comment-replies``, ``children``)."""
    words = name_words(name)
    return bool(words & COMMENT_WORDS) and not words & NOT_ONE_COMMENT_WORDS and not any(c.isdigit() for c in name)


# Words of a class name for one comment.
COMMENT_WORDS = frozenset({"comment", "reply", "response", "cmt", "answer"})
# Words of a class name for a part of a comment, a control, or a list or region of comments.
NOT_ONE_COMMENT_WORDS = frozenset(
    "body text content contents message meta metadata author name user avatar date time header head footer "
    "actions action tools toolbar form respond input quote quoted count counter link links button btn vote "
    "votes like likes share menu title number permalink info details edit delete report flag icon "
    "replies comments responses answers children list area section wrapper wrap thread threads holder "
    "block form field label preview notice count closed empty more load pagination nav".split()
)


def paragraph_items(named: list[etree._Element]) -> list[Item]:
    """Comments written as bare paragraphs in a region named for comments (a hand-made page or
    an old CMS: ``div#comments`` holding a heading, then per comment a name paragraph, a date
    paragraph and the message's paragraphs, no element of their own). Read only where the
    evidence is whole: every paragraph after the heading belongs to a comment that opens with
    its name and its date (two short lines, or one "NAME DATE" / byline line), MIN_LIST_ITEMS
    comments or more, each with a message; anything else (a policy note, an unsigned run of
    paragraphs) and the region gives none."""
    for area in named:
        if area.tag in ("body", "html", "main", "form") or not markers.marked(area, markers.COMMENT_AREA):
            continue
        children = [c for c in area if isinstance(c.tag, str)]
        while children and children[0].tag in HEADING_TAGS:
            children = children[1:]
        if len(children) < PARAGRAPH_COMMENT_MIN_PARTS * MIN_LIST_ITEMS or any(c.tag != "p" for c in children):
            continue
        comments: list[list[etree._Element]] = []
        start = 0
        while start < len(children) and (size := _paragraph_header(children, start)):
            end = start + size
            while end < len(children) and not _paragraph_header(children, end):
                end += 1
            if end == start + size:
                break  # a header and no message
            comments.append(children[start:end])
            start = end
        if start == len(children) and len(comments) >= MIN_LIST_ITEMS:
            return [Item(None, nodes) for nodes in comments]
    return []


def _paragraph_header(children: list[etree._Element], at: int) -> int:
    """How many paragraphs from ``at`` open a comment: a name line over a date line (2), or
    one line that is a name beside its date or a byline (1); 0 when they do not."""
    text = element_text(children[at])
    if at + 1 < len(children) and looks_like_author_line(text) and only_a_date(element_text(children[at + 1])):
        return 2
    return 1 if signs_beside_date(text) or signed_line(text) else 0


# A bare-paragraph comment is at least a header paragraph and a message paragraph.
PARAGRAPH_COMMENT_MIN_PARTS = 2
