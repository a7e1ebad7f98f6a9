"""Reader comments as records.

Where comments are found, in order (the first that yields comments wins):

1. site rules (``[comments]`` selectors in ``configs/sites/*.toml``);
2. schema.org microdata (``itemtype=.../Comment``, ``itemprop=comment``);
3. comment items by class/id (WordPress ``li.comment``, ``id="comment-12"``, Disqus-like
   ``div.comment``) and forum posts (two or more ``post``/``message`` siblings; the opening post
   is then the article, the replies are comments);
4. numbered posts: a label such as "Post 1" or "Comment #2" followed by the post's text.

Threading: a comment nested inside another (``ul.children``) replies to it; a forum post that
quotes "X wrote:" replies to X's latest earlier post. Comment text is the body only: author
line, date, votes, badges, reply/quote/report links, quoted text and signature are dropped.
Anything inside a ``<form>`` (the comment form) never becomes a record.
"""

from __future__ import annotations

import re
from copy import deepcopy
from dataclasses import dataclass, field

from lxml import etree

from pipeline.extract.dates import find_datetime
from pipeline.extract.html import block_lines, collapse, element_text, short_text_hosts, text_within
from pipeline.records import Comment

ITEM_CLASSES = frozenset(
    {
        "comment",
        "comment-item",
        "commentitem",
        "comment-entry",
        "comment-container",
        "js-comment",
        "comment-thread-item",
        "usercomment",
        "user-comment",
        "cmt-item",
    }
)
FORUM_CLASSES = frozenset(
    {
        "post",
        "forum-post",
        "postbit",
        "message",
        "topic-post",
        "reply",
        "forumpost",
        "post-container",
        "thread-post",
        "cooked-post",
        "messagelist-item",
    }
)
ITEM_ID = re.compile(r"^(?:li-)?comment-?\d+$|^(?:post|p|postid|reply|msg)-?\d+$", re.IGNORECASE)
FORUM_CONTEXT = frozenset(
    {
        "forum",
        "forums",
        "thread",
        "topic",
        "discussionforumposting",
        "phpbb",
        "vbulletin",
        "xenforo",
        "discourse",
        "bbpress",
        "messagelist",
        "postlist",
        "posts",
        "topic-body",
    }
)
# Post teasers in an article list are mostly link text; real forum posts are mostly prose.
MAX_POST_LINK_DENSITY = 0.5
# An inner message element holding this share of a post body's text is the real body.
INNER_BODY_SHARE = 0.5
# Text beside the inner message that is only a title, buttons and the author line.
LABEL_SLACK_CHARS = 30
# An author line under a post is a handle or a name: "anon341219", "Mary K.", "Dr. Sam Lee".
AUTHOR_LINE_MAX_WORDS = 4
AUTHOR_LINE_MAX_CHARS = 40
NUMBERED_LABEL = re.compile(
    r"^(?:post|comment|reply|beitrag|comentario|kommentar)\s*#?\s*\d+\s*:?$|^#\d+$", re.IGNORECASE
)

AUTHOR_TOKENS = (
    "fn",
    "author",
    "comment-author",
    "username",
    "user-name",
    "poster",
    "nick",
    "nickname",
    "commenter",
    "author-name",
    "display-name",
    "screen-name",
    "postauthor",
    "post-author",
    "uname",
    "comment-user",
    "user",
    "name",
    "by",
)
DATE_TOKENS = (
    "date",
    "time",
    "timestamp",
    "posted",
    "comment-date",
    "comment-time",
    "post-date",
    "postdate",
    "published",
    "datetime",
    "posted-on",
    "comment-metadata",
    "meta",
)
BODY_TOKENS = (
    "comment-content",
    "comment-text",
    "comment_text",
    "commenttext",
    "comment-body-text",
    "post-content",
    "postbody",
    "post-body",
    "post-text",
    "message-body",
    "message-content",
    "message-text",
    "content",
    "text",
    "body",
    "message",
    "entry-content",
    "cooked",
)
NOISE_TOKENS = frozenset(
    {
        "reply",
        "replies-link",
        "comment-reply-link",
        "quote",
        "report",
        "vote",
        "votes",
        "like",
        "likes",
        "rating",
        "score",
        "karma",
        "badge",
        "badges",
        "rank",
        "signature",
        "sig",
        "avatar",
        "user-info",
        "userinfo",
        "postprofile",
        "profile",
        "joined",
        "actions",
        "toolbar",
        "share",
        "permalink",
        "edit",
        "flag",
        "says",
        "comment-meta",
        "comment-metadata",
        "post-meta",
        "postmeta",
        "meta",
        "reply-link",
        "controls",
        "post-number",
        "post-count",
        "postcount",
        "member-since",
        "user-details",
        "author-info",
        "poster-info",
        "comment-actions",
        "post-footer",
        "reactions",
    }
)
NOISE_TEXT = re.compile(
    r"^(?:reply|quote|report|like|share|flag|permalink|edit|delete|cancel reply|"
    r"antworten|responder|répondre|\d+\s*(?:likes?|points?|votes?)|[▲▼↑↓+\-]\s*\d*|"
    r"says:?|wrote:?|report abuse|report post|top|(?:last )?edited by .{1,80}|edited \d+ times? in total\.?)$",
    re.IGNORECASE,
)
QUOTE_AUTHOR = re.compile(
    r"^(?:quote(?:\s+from)?:?\s*)?(.{1,60}?)\s+(?:wrote|said|says|schrieb|escribió)\s*:?", re.IGNORECASE
)
AUTHOR_CLEAN = re.compile(
    r"^(?:posted by|by|von|por|par)\s+|\s+(?:says|said|wrote|schrieb|escribió)\s*:?\s*$|[:|]$", re.IGNORECASE
)
_TOKEN_SPLIT = re.compile(r"\s+")
# Elements that could be a comment or a post, by a cheap substring test on class and id.
_ITEM_CANDIDATES = etree.XPath(
    "//*[contains(@class, 'omment') or contains(@class, 'post') or contains(@class, 'message')"
    " or contains(@class, 'reply') or contains(@class, 'Post') or contains(@class, 'Message')"
    " or contains(@class, 'Reply') or @id]"
)


def _classes(element: etree._Element) -> set[str]:
    return set(_TOKEN_SPLIT.split((element.get("class") or "").lower())) - {""}


def _class_words(element: etree._Element) -> set[str]:
    """Class names plus their hyphen/underscore parts: 'comment-author vcard' -> {..., 'author'}."""
    words = _classes(element)
    for name in list(words):
        words.update(p for p in re.split(r"[-_]", name) if p)
    return words


@dataclass(slots=True)
class _Item:
    element: etree._Element | None
    nodes: list[etree._Element]
    forum: bool = False


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
    return any(a.tag == "form" for a in element.iterancestors())


def _site_items(root: etree._Element, selector: str) -> list[_Item]:
    return [_Item(e, [e]) for e in root.cssselect(selector) if not _in_form(e)]


def _microdata_items(root: etree._Element) -> list[_Item]:
    found = root.xpath(
        "//*[contains(@itemtype,'Comment') or @itemprop='comment' or @itemprop='comments'][not(ancestor::form)]"
    )
    return [_Item(e, [e]) for e in found if e.get("itemprop") != "comments" or e.get("itemtype")]


def _class_items(root: etree._Element) -> list[_Item]:
    items: list[_Item] = []
    forum: list[etree._Element] = []
    for element in _ITEM_CANDIDATES(root):
        if element.tag in ("form", "textarea", "input", "a", "span"):
            continue
        classes = _classes(element)
        ident = element.get("id") or ""
        if classes & ITEM_CLASSES or (ITEM_ID.match(ident) and ident.lower().startswith(("comment", "li-"))):
            if not _in_form(element):
                items.append(_Item(element, [element]))
        elif classes & FORUM_CLASSES or (ITEM_ID.match(ident) and element.tag in ("div", "article", "li", "table")):
            if not _in_form(element) and element.tag not in ("body", "main"):
                forum.append(element)
    if items:
        return items
    # Forum posts: repeated siblings (same tag and class) that each name an author.
    groups: dict[tuple[etree._Element | None, str, str], list[etree._Element]] = {}
    for element in forum:
        key = (element.getparent(), element.tag, " ".join(sorted(_classes(element) & FORUM_CLASSES)))
        groups.setdefault(key, []).append(element)
    best = max(groups.values(), key=len, default=[])
    if (
        len(best) >= 2
        and _forum_context(best[0])
        and sum(1 for e in best if _author_element(e, []) is not None) >= len(best) // 2 + 1
        and sum(_link_density(e) for e in best) / len(best) < MAX_POST_LINK_DENSITY
    ):
        return [_Item(e, [e], forum=True) for e in best]
    return []


def _forum_context(post: etree._Element) -> bool:
    """A thread page says so on the posts' ancestors: forum software's or thread/topic classes."""
    for element in post.iterancestors():
        marker = f"{element.get('class') or ''} {element.get('id') or ''} {element.get('itemtype') or ''}".lower()
        if set(re.split(r"[\s_\-/]+", marker)) & FORUM_CONTEXT:
            return True
    return False


def _link_density(element: etree._Element) -> float:
    text = len(element_text(element)) or 1
    return sum(len(element_text(a)) for a in element.iter("a")) / text


def _numbered_items(root: etree._Element, hosts: list[tuple[etree._Element, str]] | None = None) -> list[_Item]:
    markers = []
    for host, node_text in short_text_hosts(root) if hosts is None else hosts:
        if len(node_text) <= 20 and NUMBERED_LABEL.match(node_text):
            text = text_within(host, 20)
            if text and NUMBERED_LABEL.match(text) and not _in_form(host) and host not in markers:
                markers.append(host)
    markers = [m for m in markers if not any(d in markers for d in m.iterdescendants())]
    items: list[_Item] = []
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
            items.append(_Item(container, [container]))
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
        items.append(_Item(None, nodes))
    return items


def _find_by_tokens(
    nodes: list[etree._Element], tokens: tuple[str, ...], skip: list[etree._Element], exact: bool = False
) -> etree._Element | None:
    for token in tokens:
        for node in nodes:
            for element in node.iter():
                if not isinstance(element.tag, str) or any(s is element or s in element.iterancestors() for s in skip):
                    continue
                words = _classes(element) if exact else _class_words(element)
                if token in words or (element.get("itemprop") or "").lower() == token:
                    if element_text(element):
                        return element
    return None


def _author_element(item: etree._Element, skip: list[etree._Element]) -> etree._Element | None:
    for element in item.iter():
        if (element.get("itemprop") or "").lower() == "author" and not any(s in element.iterancestors() for s in skip):
            named = element.find(".//*[@itemprop='name']")
            return named if named is not None else element
    found = _find_by_tokens(
        [item],
        (
            "fn",
            "comment-author",
            "author-name",
            "username",
            "user-name",
            "postauthor",
            "post-author",
            "commenter",
            "poster",
            "nickname",
            "nick",
            "display-name",
            "screen-name",
            "uname",
        ),
        skip,
        exact=True,
    )
    if found is not None:
        return found
    found = _find_by_tokens([item], ("author", "username", "user", "name", "by"), skip)
    if found is None:
        cite = item.find(".//cite")
        if cite is not None and not any(s in cite.iterancestors() for s in skip):
            return cite
    return found


def _author_name(element: etree._Element | None) -> str | None:
    if element is None:
        return None
    text = element_text(element)
    if len(text) > 80:
        # A container (user card): its first line names the user.
        lines = block_lines(element)
        text = lines[0] if lines else ""
    text = AUTHOR_CLEAN.sub("", collapse(text)).strip(" -–—:")
    text = AUTHOR_CLEAN.sub("", text).strip()
    return text or None


def _date_of(nodes: list[etree._Element], skip: list[etree._Element], language: str | None) -> object:
    for node in nodes:
        for element in node.iter("time", "meta", "abbr", "span", "div", "a", "small", "p", "li", "dd"):
            if any(s is element or s in element.iterancestors() for s in skip):
                continue
            attr = (
                element.get("datetime")
                or (element.get("content") if element.tag == "meta" else None)
                or (element.get("title") if element.tag == "abbr" else None)
            )
            itemprop = (element.get("itemprop") or "").lower()
            if element.tag == "time" or itemprop in ("datecreated", "datepublished", "commenttime", "datemodified"):
                found = find_datetime(attr, language) or find_datetime(element_text(element), language)
                if found:
                    return found
    element = _find_by_tokens(nodes, DATE_TOKENS, skip)
    if element is not None:
        return find_datetime(element.get("title") or "", language) or find_datetime(element_text(element), language)
    return None


def _body_lines(
    item: _Item,
    nested: list[etree._Element],
    author_el: etree._Element | None,
) -> tuple[list[str], list[str]]:
    """The comment's body paragraphs, and the authors it quotes."""
    body_source = None
    if item.element is not None:
        body_source = _find_by_tokens(
            [item.element],
            ("text", "commenttext", "comment-text", "comment-content", "description", "articlebody"),
            nested,
            exact=True,
        )
        if body_source is None or (
            body_source.get("itemprop") is None and not _classes(body_source) & set(BODY_TOKENS)
        ):
            body_source = _find_by_tokens([item.element], BODY_TOKENS, nested, exact=True)
        if body_source is not None:
            body_source = _innermost_body(body_source, nested)
    sources = [body_source] if body_source is not None else item.nodes
    lines: list[str] = []
    quoted: list[str] = []
    for source in sources:
        clone = deepcopy(source)
        _strip_noise(clone, source, nested, author_el, quoted)
        lines.extend(block_lines(clone))
    lines = [line for line in lines if not NOISE_TEXT.match(line) and not NUMBERED_LABEL.match(line)]
    return lines, quoted


def _innermost_body(body: etree._Element, nested: list[etree._Element]) -> etree._Element:
    """A post body that wraps a title, buttons and an author line around the message
    (phpBB's ``postbody`` around ``content``): the inner message element is the body."""
    size = len(element_text(body))
    while True:
        inner = _find_by_tokens(list(body), BODY_TOKENS, nested, exact=True)
        if inner is None or inner is body:
            return body
        if len(element_text(inner)) < INNER_BODY_SHARE * size and len(_text_around(body, inner)) > LABEL_SLACK_CHARS:
            return body
        body = inner
        size = len(element_text(body))


_AROUND_TOKENS = frozenset({"author", "buttons", "button", "username", "byline", "meta"}) | NOISE_TOKENS


def _text_around(body: etree._Element, inner: etree._Element) -> str:
    """Text of ``body`` outside ``inner`` and outside headings, buttons, author and noise lines."""
    clone = deepcopy(body)
    mapping = dict(zip(body.iter(), clone.iter(), strict=False))
    doomed = [mapping[inner]]
    for original, copy in mapping.items():
        if original is body or not isinstance(original.tag, str):
            continue
        words = _class_words(original)
        if original.tag in ("h1", "h2", "h3", "h4", "h5", "h6", "time") or words & _AROUND_TOKENS:
            doomed.append(copy)
    for element in doomed:
        if element.getparent() is not None:
            element.getparent().remove(element)
    return element_text(clone)


def _strip_noise(
    clone: etree._Element,
    original: etree._Element,
    nested: list[etree._Element],
    author_el: etree._Element | None,
    quoted: list[str],
) -> None:
    # Map original nested items / author to their clones by position in document order.
    originals = list(original.iter())
    clones = list(clone.iter())
    mapping = dict(zip(originals, clones, strict=False))
    doomed = [mapping[n] for n in nested if n in mapping]
    if author_el is not None and author_el in mapping and mapping[author_el] is not clone:
        doomed.append(mapping[author_el])
    for element in clone.iter():
        if not isinstance(element.tag, str) or element is clone:
            continue
        if element.tag in ("script", "style", "img", "button", "form", "time", "svg", "footer", "header"):
            doomed.append(element)
            continue
        if element.tag == "blockquote" or "quote" in _class_words(element) or "bbcode_quote" in _classes(element):
            text = element_text(element)
            cite = element.find(".//cite")
            match = QUOTE_AUTHOR.match(element_text(cite) if cite is not None else text)
            if match:
                quoted.append(collapse(match.group(1)).strip("\"' "))
            doomed.append(element)
            continue
        words = _class_words(element)
        if words & NOISE_TOKENS and element_text(element) != element_text(clone):
            doomed.append(element)
            continue
        if element.tag == "a" and NOISE_TEXT.match(element_text(element) or ""):
            doomed.append(element)
    for element in doomed:
        parent = element.getparent()
        if parent is not None:
            tail = element.tail
            parent.remove(element)
            if tail and tail.strip():
                parent.text = (parent.text or "") + " " + tail


def find_comments(
    root: etree._Element,
    language: str | None = None,
    site_item_selector: str | None = None,
    hosts: list[tuple[etree._Element, str]] | None = None,
) -> CommentScan:
    """Find the page's reader comments (read-only: the tree is not changed).

    ``hosts`` is the page's :func:`short_text_hosts`, when the caller already has it.
    """
    items: list[_Item] = []
    if site_item_selector:
        items = _site_items(root, site_item_selector)
    for finder in (_microdata_items, _class_items):
        if items:
            break
        items = finder(root)
    if not items:
        items = _numbered_items(root, hosts)
    scan = CommentScan()
    if not items:
        return scan
    elements = [i.element for i in items if i.element is not None]
    element_set = set(elements)
    positions: dict[int, int] = {}
    authors_by_position: list[str | None] = []
    comments: list[Comment] = []
    forum = all(i.forum for i in items)
    for index, item in enumerate(items):
        nested = [e for e in item.element.iterdescendants() if e in element_set] if item.element is not None else []
        author_el = (
            _author_element(item.element, nested) if item.element is not None else _author_element_nodes(item.nodes)
        )
        if author_el is None and item.element is not None:
            author_el = _signature_block(_child_blocks(item.element))
        author = _author_name(author_el)
        date_skip = nested
        posted_at = _date_of(item.nodes, date_skip, language)
        lines, quoted = _body_lines(item, nested, author_el)
        if author and lines and lines[-1].strip("—-– ").strip() == author:
            lines = lines[:-1]
        text = "\n\n".join(lines).strip()
        scan.regions.extend(item.nodes)
        if not text:
            continue
        parent_position = None
        if item.element is not None:
            for ancestor in item.element.iterancestors():
                if ancestor in element_set:
                    parent_index = elements.index(ancestor)
                    parent_position = positions.get(parent_index)
                    break
        if parent_position is None and quoted:
            for earlier in range(len(comments) - 1, -1, -1):
                earlier_author = authors_by_position[earlier]
                if earlier_author and earlier_author.lower() == quoted[0].lower():
                    parent_position = earlier
                    break
        if forum and index == 0:
            scan.opening_post_text = text
            scan.opening_post_author = author
            scan.opening_post_date = posted_at.isoformat() if posted_at else None  # type: ignore[attr-defined]
            scan.opening_post_nodes = list(item.nodes)
            continue
        position = len(comments)
        if item.element is not None:
            positions[elements.index(item.element)] = position
        comments.append(
            Comment(
                position=position,
                text=text,
                author=author,
                posted_at=posted_at,  # type: ignore[arg-type]
                parent_position=parent_position,
            )
        )
        authors_by_position.append(author)
    if forum and scan.opening_post_text is not None:
        # The opening post is the article: positions and parents are relative to the replies.
        for comment in comments:
            if comment.parent_position is not None and comment.parent_position < 0:
                comment.parent_position = None
    scan.comments = comments
    return scan


def _author_element_nodes(nodes: list[etree._Element]) -> etree._Element | None:
    for node in nodes:
        found = _author_element(node, [])
        if found is not None:
            return found
    return _signature_block(nodes) if len(nodes) > 1 else None


def _signature_block(blocks: list[etree._Element]) -> etree._Element | None:
    """A short name-like block right after (or before) the post's body names its author.

    Sites with terse markup ("<div class=pby>anon341219</div>", "— Mary") carry no author
    class; the shape gives it away: one to AUTHOR_LINE_MAX_WORDS words, no sentence
    punctuation, not a date, a post number or an action link, and not the longest block.
    """
    texts = [element_text(b) for b in blocks]
    if len(blocks) < 2:
        return None
    longest = max(range(len(blocks)), key=lambda i: len(texts[i]))
    after = list(range(longest + 1, len(blocks)))
    before = list(range(longest - 1, -1, -1))
    for index in after + before:
        text = AUTHOR_CLEAN.sub("", texts[index]).strip(" -–—:")
        if _looks_like_author_line(text) and blocks[index].find(".//form") is None:
            return blocks[index]
    return None


def _child_blocks(element: etree._Element) -> list[etree._Element]:
    """The element's child elements, looking through single-child wrappers."""
    children = [c for c in element if isinstance(c.tag, str)]
    while len(children) == 1 and not (element.text or "").strip():
        element = children[0]
        children = [c for c in element if isinstance(c.tag, str)]
    return children


def _looks_like_author_line(text: str) -> bool:
    if not text or len(text) > AUTHOR_LINE_MAX_CHARS or len(text.split()) > AUTHOR_LINE_MAX_WORDS:
        return False
    if NUMBERED_LABEL.match(text) or NOISE_TEXT.match(text) or text[-1] in ".!?,;":
        return False
    return find_datetime(text) is None and any(ch.isalpha() for ch in text)
