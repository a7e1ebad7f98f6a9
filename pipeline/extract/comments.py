"""Reader comments as records.

Where comments are found, in order (the first that yields comments wins):

1. site rules (``[comments]`` selectors of the site rule files, :mod:`pipeline.extract.sites`);
2. schema.org microdata (``itemtype=.../Comment``, ``itemprop=comment``);
3. comment items by class, id or test hook (WordPress ``li.comment``, ``id="comment-12"``,
   ``sp-commentaire``, ``data-testid="comment"``, Disqus ``li.post``, ``role=article`` in a
   responses region, Q&A answers when there are several) and forum posts (two or more
   ``post``/``message`` siblings; the opening post is then the article, the replies comments);
4. table-based forums: each message's table row (phpBB2, vBulletin 3);
5. comments split over sibling elements, each run starting at an author header (Blogger's
   ``<dt class="comment-author">`` + ``<dd class="comment-body">`` + ``<dd class="comment-footer">``);
6. guestbook-style blocks: ``<p><b>Name</b> wrote on 03/03/2005:<br>...</p>``;
7. numbered posts: a label such as "Post 1" or "Comment #2" followed by the post's text.

Threading, first that applies: a parent the markup declares (``data-parent-id``); an
enclosing comment; the comment right before the reply list that holds this one; "in reply
to X"; a quote of X ("X wrote:"), meaning X's latest earlier comment. Comment text is the
body only (:mod:`pipeline.extract.comment_fields`). Anything inside a ``<form>`` never
becomes a record, and widget chrome or lists of linked teasers are not comments.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from lxml import etree

from pipeline.extract.comment_fields import (
    Item,
    Posted,
    author_element,
    author_element_nodes,
    author_name,
    body_lines,
    child_blocks,
    class_tokens,
    class_words,
    date_of,
    header_date,
    header_link,
    header_name,
    labelled_author,
    lead_trimmed,
    posted_in,
    reply_target,
    signature_block,
)
from pipeline.extract.comment_rules import (
    AUTHOR_LINE_MAX_CHARS,
    COMMENT_WORDS,
    EMPTY_THREAD,
    FOOTER_MAX_CHARS,
    FORUM_CLASSES,
    FORUM_CONTEXT,
    ITEM_CLASSES,
    ITEM_ID,
    MAX_COMMENT_LINK_SHARE,
    MAX_POST_LINK_DENSITY,
    NUMBERED_LABEL,
    POSTED_BY_FOOTER,
    SAYS_LINE,
    TABLE_POST_BODIES,
)
from pipeline.extract.html import element_text, short_text_hosts, text_within
from pipeline.extract.rules import Trace
from pipeline.records import Comment


@dataclass(slots=True)
class CommentScan:
    """What the comment step found: the records and the page regions they came from."""

    comments: list[Comment] = field(default_factory=list)
    regions: list[etree._Element] = field(default_factory=list)
    opening_post_text: str | None = None
    opening_post_author: str | None = None
    opening_post_date: str | None = None
    opening_post_nodes: list[etree._Element] = field(default_factory=list)


def _in_form(element: etree._Element) -> bool:
    """Inside a form that is one (a comment box: a text area and its labels), not inside a
    page or a thread wrapped in a ``<form>`` (ASP.NET wraps whole pages, Invision its thread's
    moderation tools: no text area, or far more text than a form's labels)."""
    form = next(element.iterancestors("form"), None)
    if form is None:
        return False
    return next(form.iter("textarea"), None) is not None and text_within(form, FORM_MAX_CHARS) is not None


# A comment form (labels, a privacy note, a consent line) holds less text than this; a form
# holding more wraps content.
FORM_MAX_CHARS = 1500


def _site_items(root: etree._Element, selector: str) -> list[Item]:
    return [Item(e, [e]) for e in root.cssselect(selector) if not _in_form(e)]


# Every element that names itself somehow: the finders below filter this one list in Python
# instead of walking the whole tree once each.
_MARKED = etree.XPath(
    "/descendant::*[@class or @id or @itemtype or @itemprop or @data-testid or @data-component or @role]"
)


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
        and not _in_form(e)
    ]
    found = [e for e in found if e.get("itemprop") != "comments" or e.get("itemtype")]
    if all((e.get("itemtype") or "").endswith("/Answer") for e in found):
        return []  # answers alone: the class finder reads them with their (unmarked) comments
    return [Item(e, [e]) for e in found]


SPLIT_HEADER_CLASSES = frozenset({"comment-author", "comment-header", "comment-head"})


def _table_posts(marked: list[etree._Element]) -> list[Item]:
    """Posts of table-based forum software: each message's table row is one post."""
    rows: dict[etree._Element, etree._Element] = {}  # post row -> the cell holding its message
    for body in marked:
        names = body.get("class") or ""
        if body.tag not in ("span", "div", "td") or ("post" not in names and "alt1" not in names):
            continue
        if not class_tokens(body) & TABLE_POST_BODIES or _in_form(body):
            continue
        row = next(body.iterancestors("tr"), None)
        while row is not None and len(row.findall("td")) < 2:
            row = next(row.iterancestors("tr"), None)
        if row is not None and row not in rows:
            rows[row] = body if body.tag == "td" else next(body.iterancestors("td"), body)
    if len(rows) < 2 or sum(1 for r in rows if author_element(r, []) is not None) <= len(rows) // 2:
        return []
    return [Item(row, [row], forum=True, body=cell) for row, cell in rows.items()]


def _split_items(marked: list[etree._Element]) -> list[Item]:
    """Comments whose parts are siblings: a header element, then its body and footer."""
    headers = [
        h
        for h in marked
        if "comment-" in (h.get("class") or "") and class_tokens(h) & SPLIT_HEADER_CLASSES and not _in_form(h)
    ]
    items: list[Item] = []
    for header in headers:
        nodes = [header]
        sibling = header.getnext()
        while sibling is not None and sibling not in headers:
            if isinstance(sibling.tag, str):
                nodes.append(sibling)
            sibling = sibling.getnext()
        if len(nodes) > 1:
            items.append(Item(None, nodes))
    return items if len(items) == len(headers) else []


# Elements that could be a "Posted by: NAME at DATE" footer: their text, whitespace-normalised
# as XPath's normalize-space does and with P, W, S, K, O, D in lower case, starts with one of these.
_FOOTER_TAGS = ("span", "p", "div", "small", "em", "footer")
_FOOTER_LEADS = ("posted ", "written ", "submitted ")
_FOOTER_FIRST = frozenset("PpWwSs")
# A lead anywhere in the page's text, with the letters the case folding above allows.
_ANY_LEAD = re.compile(r"[Pp][Oo][Ss]te[Dd][ \t\r\n]|[Ww]ritten[ \t\r\n]|[Ss]ubmitte[Dd][ \t\r\n]")
_LEAD_CASE = str.maketrans("PWSKOD", "pwskod")
_XML_SPACE = " \t\r\n"
_XML_SPACES = re.compile(r"[ \t\r\n]+")
# Normalised characters that decide a lead: the longest lead and the word it must be followed by.
_LEAD_CHARS = max(map(len, _FOOTER_LEADS)) + 1


def _footer_candidates(root: etree._Element) -> list[etree._Element]:
    """Short elements that could be a footer, in document order (checked in Python after).

    Linear: an XPath ``starts-with(normalize-space(.))`` builds the whole text of every nested
    div, quadratic in the nesting (12% of a run). A page whose text holds no lead at all has
    none; otherwise each element's text is read only up to its first words.
    """
    if not _ANY_LEAD.search(etree.tostring(root, method="text", encoding=str)):
        return []
    found = []
    for element in root.iter(_FOOTER_TAGS):
        own = element.text
        if own and (own := own.lstrip(_XML_SPACE)) and own[0] not in _FOOTER_FIRST:
            continue  # most elements: their own text starts with another letter
        raw = ""
        for piece in element.itertext():
            if not raw:
                piece = piece.lstrip(_XML_SPACE)
                if not piece:
                    continue
                if piece[0] not in _FOOTER_FIRST:
                    break
            raw += piece
            if len(_XML_SPACES.sub(" ", raw).rstrip(_XML_SPACE)) >= _LEAD_CHARS:
                break
        if raw and _XML_SPACES.sub(" ", raw).rstrip(_XML_SPACE).translate(_LEAD_CASE).startswith(_FOOTER_LEADS):
            found.append(element)
    return found


def _footer_items(root: etree._Element) -> list[Item]:
    """Typepad / Movable Type comments: the body, then "Posted by: NAME at DATE" closing it.

    The footer's block is the comment (``div.comments-body``), or, when one block holds several
    comments, the siblings since the previous footer. Only inside a region named for comments
    (a blog post's own "Posted by X at 10:22" footer is a byline, not a comment).
    """
    items: list[Item] = []
    seen: set[etree._Element] = set()
    for footer in _footer_candidates(root):
        text = element_text(footer)
        if len(text) > FOOTER_MAX_CHARS or footer in seen or _in_form(footer):
            continue
        match = POSTED_BY_FOOTER.match(text)
        if match is None or not posted_in(match.group("when"), None) or not _in_comment_area(footer):
            continue
        seen.update(footer.iter())
        block = footer.getparent()
        footers_in_block = [f for f in block if f is footer or (isinstance(f.tag, str) and f in seen)]
        if block is None or block.tag in ("body", "main", "article") or len(footers_in_block) > 1:
            nodes = [footer]
            sibling = footer.getprevious()
            while sibling is not None and sibling not in seen and not POSTED_BY_FOOTER.match(element_text(sibling)):
                if isinstance(sibling.tag, str):
                    nodes.insert(0, sibling)
                sibling = sibling.getprevious()
            items.append(Item(None, nodes, author=footer))
        else:
            items.append(Item(block, [block], author=footer))
    return items


_BOLD_LEADS = etree.XPath(
    "/descendant::p/*[1][self::b or self::strong] | /descendant::div/*[1][self::b or self::strong]"
)


def _says_items(root: etree._Element) -> list[Item]:
    """Guestbook-style comments with no markup: '<p><b>Name</b> wrote on 03/03/2005:<br>...</p>'.

    Found by their shape (a bold name opening the block, then "wrote/said ...:"), two or more
    under one parent.
    """
    groups: dict[etree._Element | None, list[Item]] = {}
    for bold in _BOLD_LEADS(root):
        block = bold.getparent()
        name = element_text(bold)
        if (block.text or "").strip() or not name or len(name) > AUTHOR_LINE_MAX_CHARS * 2:
            continue
        if not SAYS_LINE.match(bold.tail or "") or _in_form(block):
            continue
        groups.setdefault(block.getparent(), []).append(Item(block, [block], author=bold))
    best = max(groups.values(), key=len, default=[])
    return best if len(best) >= 2 else []


def _could_be_item(element: etree._Element) -> bool:
    """A cheap substring test on class, id and test hooks before the token rules."""
    get = element.get
    names = get("class")
    if names and ("omment" in names or "ost" in names or "essage" in names or "eply" in names or "espons" in names):
        return True
    ident = get("id")
    if ident and ident.startswith(("comment", "Comment", "li-", "p", "P", "reply", "msg")):
        return True
    hooks = f"{get('data-testid') or ''} {get('data-component') or ''}"
    return (
        "omment" in hooks
        or "post" in hooks
        or get("role") == "article"
        or "answer" in (names or "")
        or any(get(name) for name in POST_ID_ATTRIBUTES)
    )


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
        classes = class_tokens(element)
        ident = element.get("id") or ""
        if "answer" in classes and not _in_form(element):
            answers.append(Item(element, [element]))  # Q&A sites: answers are replies to the question
        elif (
            classes & ITEM_CLASSES
            or _ends_in_comment_word(classes)
            or ("post" in classes and _in_comment_widget(element))
            or (element.get("role") == "article" and _in_comment_area(element))
            or (ITEM_ID.match(ident) and ident.lower().startswith(("comment", "li-")))
        ):
            if not _in_form(element):
                items.append(Item(element, [element]))
        elif (
            classes & FORUM_CLASSES
            or _camel_tail(element) in FORUM_CLASSES
            or any(element.get(name) for name in POST_ID_ATTRIBUTES)
            or (ITEM_ID.match(ident) and element.tag in ("div", "article", "li", "table"))
        ):
            if not _in_form(element) and element.tag not in ("body", "main"):
                forum.append(element)
    if len(answers) >= MIN_ANSWERS:
        order = {element: index for index, element in enumerate(marked)}
        items = sorted([*items, *answers], key=lambda item: order[item.element])
    if items:
        return _outermost_repeated(items)
    # Forum posts: repeated siblings (same tag and class) that each name an author.
    groups: dict[tuple[etree._Element | None, str, str], list[etree._Element]] = {}
    for element in forum:
        key = (element.getparent(), element.tag, " ".join(sorted(class_tokens(element) & FORUM_CLASSES)))
        groups.setdefault(key, []).append(element)
    best = max(groups.values(), key=len, default=[])
    # Posts the software numbers itself (data-reply-id on each) need no forum classes or
    # author markup around them: the ids are the evidence.
    numbered = len(best) >= MIN_NUMBERED_POSTS and all(any(e.get(n) for n in POST_ID_ATTRIBUTES) for e in best)
    if (
        len(best) >= 2
        and (numbered or _forum_context(best[0]))
        and (numbered or sum(1 for e in best if author_element(e, []) is not None) >= len(best) // 2 + 1)
        and sum(_link_density(e) for e in best) / len(best) < MAX_POST_LINK_DENSITY
    ):
        # Numbered replies stand apart from the opening post (Mumsnet): they are comments.
        return [Item(e, [e], forum=not numbered) for e in best]
    return []


# Sibling posts each carrying a post id attribute: this many make a thread by themselves.
MIN_NUMBERED_POSTS = 3


# Forum software that names its posts only by an id attribute (utility-class markup).
POST_ID_ATTRIBUTES = ("data-reply-id", "data-post-id", "data-postid")
_CAMEL_TAIL = re.compile(r"(?<=[a-z])([A-Z][a-z]+)$")


def _camel_tail(element: etree._Element) -> str | None:
    """The last word of a camelCase class (Invision's ``cPost`` -> 'post'), lower-cased."""
    for name in (element.get("class") or "").split():
        if match := _CAMEL_TAIL.search(name):
            return match.group(1).lower()
    return None


def _in_comment_widget(element: etree._Element) -> bool:
    """Disqus and its kin call each comment a ``post``: inside their thread it is a comment."""
    return any("disqus" in f"{a.get('id') or ''} {a.get('class') or ''}".lower() for a in element.iterancestors())


_COMMENT_AREA = re.compile(r"respons|comment|discuss|repl|reaction|kommentar|commentaire|comentario")


def _in_comment_area(element: etree._Element) -> bool:
    """``role=article`` items inside a region named for responses or comments (Medium)."""
    for ancestor in list(element.iterancestors())[:COMMENT_AREA_LEVELS]:
        marker = f"{ancestor.get('id') or ''} {ancestor.get('class') or ''} {ancestor.get('aria-label') or ''}".lower()
        if _COMMENT_AREA.search(marker):
            return True
    return False


# How far up a role=article item looks for the region that names it a response.
COMMENT_AREA_LEVELS = 6


def _ends_in_comment_word(classes: set[str]) -> bool:
    """'sp-commentaire', 'c-comment', 'user-kommentar': a class whose last part means comment."""
    return any(re.split(r"[-_]", name)[-1] in COMMENT_WORDS for name in classes if "-" in name or "_" in name)


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
        if classes & ITEM_CLASSES or repeated or author_element(item.element, []) is not None:
            kept.append(item)
    return kept


def _forum_context(post: etree._Element) -> bool:
    """A thread page says so on the posts' ancestors: forum software's or thread/topic classes."""
    for element in post.iterancestors():
        marker = f"{element.get('class') or ''} {element.get('id') or ''} {element.get('itemtype') or ''}"
        if set(re.split(r"[\s_\-/]+", marker.lower())) & FORUM_CONTEXT or _camel_tail(element) in FORUM_CONTEXT:
            return True
    return False


def _link_density(element: etree._Element) -> float:
    text = len(element_text(element)) or 1
    return sum(len(element_text(a)) for a in element.iter("a")) / text


def _numbered_items(root: etree._Element, hosts: list[tuple[etree._Element, str]] | None = None) -> list[Item]:
    markers = []
    for host, node_text in short_text_hosts(root) if hosts is None else hosts:
        if len(node_text) <= 20 and NUMBERED_LABEL.match(node_text):
            text = text_within(host, 20)
            if text and NUMBERED_LABEL.match(text) and not _in_form(host) and host not in markers:
                markers.append(host)
    markers = [m for m in markers if not any(d in markers for d in m.iterdescendants())]
    items: list[Item] = []
    for marker in markers:
        # Climb while the ancestor holds only this marker and no form or section heading.
        container: etree._Element = marker
        parent = marker.getparent()
        while parent is not None and parent.tag not in ("body", "main", "article", "html"):
            others = [m for m in markers if m is not marker and (m in parent.iterdescendants())]
            if (
                others
                or parent.find(".//form") is not None
                or parent.find(".//textarea") is not None
                or parent.xpath(".//h1|.//h2|.//h3[not(. = $m)]", m=marker)
            ):
                break
            container = parent
            parent = parent.getparent()
        if container is not marker:
            items.append(Item(container, [container]))
            continue
        nodes = [marker]
        sibling = marker.getnext()
        while (
            sibling is not None
            and sibling not in markers
            and sibling.tag not in ("form", "h1", "h2", "h3")
            and not any(d in markers for d in sibling.iterdescendants())
        ):
            nodes.append(sibling)
            sibling = sibling.getnext()
        items.append(Item(None, nodes))
    return items


def find_items(
    root: etree._Element,
    site_item_selector: str | None = None,
    hosts: list[tuple[etree._Element, str]] | None = None,
    disabled: frozenset[str] = frozenset(),
) -> tuple[str, list[Item]]:
    """Stage 1, finding: the page's comment items, by the first finder that yields any (in the
    order of :data:`pipeline.extract.rules.COMMENT_FINDERS`), and that finder's name."""
    marked: list[etree._Element] = []
    finders: tuple[tuple[str, Callable[[], list[Item]]], ...] = (
        ("comments:site", lambda: _site_items(root, site_item_selector) if site_item_selector else []),
        ("comments:microdata", lambda: _microdata_items(marked)),
        ("comments:class-items", lambda: _class_items(marked)),
        ("comments:table-posts", lambda: _table_posts(marked)),
        ("comments:split-items", lambda: _split_items(marked)),
        ("comments:posted-by-footers", lambda: _footer_items(root)),
        ("comments:says-blocks", lambda: _says_items(root)),
        ("comments:numbered-posts", lambda: _numbered_items(root, hosts)),
    )
    for name, finder in finders:
        if name in disabled:
            continue
        if name == "comments:microdata":
            marked = _MARKED(root)
        if items := finder():
            return name, items
    return "", []


@dataclass(slots=True)
class Read:
    """Stage 2's result for one item: its fields, and what threading needs."""

    text: str
    author: str | None
    posted: Posted | None
    quoted: list[str]
    reply_to: str | None


def read_item(item: Item, nested: list[etree._Element], language: str | None) -> Read:
    """Stage 2, reading: one item's author, date and message (nested comments left out)."""
    if item.author is not None:
        author_el: etree._Element | None = item.author
    elif item.element is not None:
        author_el = author_element(item.element, nested)
    else:
        author_el = author_element_nodes(item.nodes)
    if author_el is None and item.element is not None:
        author_el = signature_block(child_blocks(item.element))
    if author_el is None and item.element is not None:
        author_el = header_link(item.element, nested)
    author = author_name(author_el)
    if author is None:
        author, shown = labelled_author(item.nodes, nested)
        author_el = shown if shown is not None else author_el
    if author is None and item.element is not None:
        author = header_name(item.element)
    posted = date_of(item.nodes, nested, language)
    if posted is None and author_el is not None:
        # "Par Martine — 14/03/2023 à 09:12": the date shares the author's line.
        posted = posted_in(element_text(author_el), language)
    body = body_lines(item, nested, author_el)
    lines, found_author = lead_trimmed(body.lines, author)
    author = author or found_author
    if author and lines and lines[-1].strip("—-– ").strip() == author:
        lines = lines[:-1]
    text = "\n\n".join(lines).strip()
    if body.link_share > MAX_COMMENT_LINK_SHARE:
        text = ""  # a teaser list of linked headlines, not a reader's comment
    if posted is None and text:
        posted = header_date(item, text, language)
    reply_to = reply_target(item.nodes, nested) if text else None
    return Read(text, author, posted, body.quoted, reply_to)


class ItemTree:
    """Which items sit inside which, from one walk over the page: no per-item search."""

    def __init__(self, root: etree._Element, items: list[Item]) -> None:
        self.order = {item.element: index for index, item in enumerate(items) if item.element is not None}
        self.children: dict[etree._Element, list[etree._Element]] = {}
        self.enclosing: dict[etree._Element, etree._Element] = {}
        if not self.order:
            return
        open_items: list[etree._Element] = []
        for event, element in etree.iterwalk(root, events=("start", "end")):
            if element not in self.order:
                continue
            if event == "start":
                if open_items:
                    self.enclosing[element] = open_items[-1]
                    self.children.setdefault(open_items[-1], []).append(element)
                open_items.append(element)
            else:
                open_items.pop()

    def nested(self, item: Item) -> list[etree._Element]:
        """The outermost comment items inside this one (their subtrees hold the rest)."""
        return self.children.get(item.element, []) if item.element is not None else []


def find_comments(
    root: etree._Element,
    language: str | None = None,
    site_item_selector: str | None = None,
    hosts: list[tuple[etree._Element, str]] | None = None,
    disabled: frozenset[str] = frozenset(),
    trace: Trace | None = None,
) -> CommentScan:
    """Find the page's reader comments (read-only: the tree is not changed): finding, reading
    and threading, each linear in the number of comments.

    ``hosts`` is the page's :func:`short_text_hosts`, when the caller already has it.
    """
    finder, items = find_items(root, site_item_selector, hosts, disabled)
    tree = ItemTree(root, items)
    found = _without_body_parts(items, tree)
    if len(found) < len(items):
        tree = ItemTree(root, found)
    items = _without_inner_parts(found, tree)
    wrappers = {i.element for i in found if i.element is not None} - {i.element for i in items}
    tree = ItemTree(root, items)
    scan = CommentScan()
    if not items:
        return scan
    reads = [read_item(item, tree.nested(item), language) for item in items]
    if not _plausible_thread(reads):
        return scan
    if trace is not None:
        for item, read in zip(items, reads, strict=True):
            if read.text:
                trace.record(finder, item.element if item.element is not None else item.nodes[0])
    for item in items:
        scan.regions.extend(item.nodes)
    _thread(items, reads, tree, scan, wrappers)
    return scan


def _plausible_thread(reads: list[Read]) -> bool:
    """Never comments: a widget that says the thread is empty ("Be the first to post"), a list
    of people or labels (a leaderboard, "One Year", "Fall or Spring": mostly a few words each and
    no author), a news listing where one "author" wrote every post."""
    texts = [read for read in reads if read.text]
    if not texts:
        return True
    if EMPTY_THREAD.match(texts[0].text.split("\n", 1)[0]):
        return False
    authors = {read.author for read in texts}
    unnamed = sum(1 for read in texts if read.author is None)
    short = sum(1 for read in texts if len(read.text.split()) <= LABEL_MAX_WORDS)
    if min(unnamed, short) >= LABEL_SHARE * len(texts):
        return False
    return not (len(texts) >= SAME_AUTHOR_MIN_POSTS and len(authors) == 1 and None not in authors and _teasers(texts))


def _teasers(texts: list[Read]) -> bool:
    """Posts that never quote or answer anyone and carry no dates of their own differ: a listing."""
    return not any(read.quoted or read.reply_to for read in texts)


# A name or a label is a few words; a comment says something.
LABEL_MAX_WORDS = 3
# Most items of a list of people or labels are that short (a real thread has a few "Thanks!").
LABEL_SHARE = 0.8
# One author writing every one of this many posts is a listing of that author's articles.
SAME_AUTHOR_MIN_POSTS = 3


def _thread(
    items: list[Item], reads: list[Read], tree: ItemTree, scan: CommentScan, wrappers: set[etree._Element]
) -> None:
    """Stage 3, threading: positions and parents; a forum's first post is the article."""
    positions: dict[etree._Element, int] = {}
    authors_by_position: list[str | None] = []
    comments: list[Comment] = []
    forum = all(i.forum for i in items)
    by_id = {key: element for element in tree.order if (key := _comment_key(element))}
    for index, (item, read) in enumerate(zip(items, reads, strict=True)):
        if not read.text:
            continue
        parent_position = None
        if item.element is not None:
            parent_element = _declared_parent(item.element, by_id)
            if parent_element is None:
                parent_element = _thread_parent(item.element, tree.order, wrappers)
            if parent_element is not None:
                parent_position = positions.get(parent_element)
        if parent_position is None and read.reply_to:
            parent_position = _latest_by(authors_by_position, read.reply_to)
        if parent_position is None and read.quoted:
            parent_position = _latest_by(authors_by_position, read.quoted[0])
        if forum and index == 0:
            scan.opening_post_text = read.text
            scan.opening_post_author = read.author
            scan.opening_post_date = read.posted.printed.date().isoformat() if read.posted else None
            scan.opening_post_nodes = list(item.nodes)
            continue
        position = len(comments)
        if item.element is not None:
            positions[item.element] = position
        posted = read.posted
        comments.append(
            Comment(
                position=position,
                text=read.text,
                author=read.author,
                posted_at=posted.at if posted else None,
                posted_date=posted.printed.date() if posted else None,
                parent_position=parent_position,
            )
        )
        authors_by_position.append(read.author)
    scan.comments = comments


_PARENT_ATTRIBUTES = ("data-parent-id", "data-parent", "data-parentid", "data-reply-to", "data-in-reply-to")
_KEY_ATTRIBUTES = ("data-comment-id", "data-commentid", "data-id", "id")


def _comment_key(element: etree._Element) -> str | None:
    for name in _KEY_ATTRIBUTES:
        if value := element.get(name):
            digits = re.sub(r"\D", "", value)
            return digits or value
    return None


def _declared_parent(element: etree._Element, by_id: dict[str, etree._Element]) -> etree._Element | None:
    """A parent named in the markup (data-parent-id="9901"): the site's own thread."""
    for name in _PARENT_ATTRIBUTES:
        if value := element.get(name):
            parent = by_id.get(re.sub(r"\D", "", value) or value)
            return parent if parent is not element else None
    return None


def _without_body_parts(items: list[Item], tree: ItemTree) -> list[Item]:
    """An item inside another that is classed as a message part and names no author is that
    item's body, not a reply (``<li class="comment">`` holding ``<div class="comment-content
    comment">``, as some WordPress themes mark it)."""
    bodies = {
        inner
        for item in items
        for inner in tree.nested(item)
        if class_words(inner) & BODY_PART_WORDS and author_element(inner, []) is None
    }
    return [item for item in items if item.element not in bodies] if bodies else items


# Class-name parts of a comment's message element ('nv-comment-content', 'comment-text').
BODY_PART_WORDS = frozenset({"content", "text", "body", "message"})


def _without_inner_parts(items: list[Item], tree: ItemTree) -> list[Item]:
    """A comment item whose text is all inside other items is a wrapper (WordPress
    ``li.comment`` around ``div#comment-412`` and the replies): the inner items are the
    comments, the wrapper goes, and threading reads the structure around them."""
    kept = []
    for item in items:
        outermost = tree.nested(item)
        if outermost and item.element is not None:
            own = len(element_text(item.element)) - sum(len(element_text(d)) for d in outermost)
            if own < WRAPPER_SLACK_CHARS:
                continue
        kept.append(item)
    return kept


# What a wrapper item holds besides its inner items: whitespace and a stray link or two.
WRAPPER_SLACK_CHARS = 20


def _latest_by(authors: list[str | None], name: str) -> int | None:
    """The position of the latest earlier comment by ``name``."""
    for position in range(len(authors) - 1, -1, -1):
        if (authors[position] or "").casefold() == name.casefold():
            return position
    return None


def _thread_parent(
    element: etree._Element, order: dict[etree._Element, int], wrappers: set[etree._Element]
) -> etree._Element | None:
    """The comment this one replies to: an enclosing comment item, or else the comment right
    before the branch that holds this one (WordPress ``<li><article>A</article><ol>B...``,
    Drupal ``<div class=comment>A</div><div class=indented>B...``). A dropped wrapper item
    (``<li id=comment-item-30><article id=comment-30>``) stands for the comment inside it:
    as the branch it is this comment's own, as the one before it is its inner comment's."""
    branch = element
    for ancestor in element.iterancestors():
        if ancestor in order:
            return ancestor
        if branch is not element and branch not in wrappers:
            previous = branch.getprevious()
            while previous is not None and not isinstance(previous.tag, str):
                previous = previous.getprevious()
            if previous is not None and previous in wrappers:
                previous = next((e for e in previous.iter() if e in order), None)
            if previous is not None and previous in order and order[previous] < order[element]:
                return previous
        branch = ancestor
    return None
