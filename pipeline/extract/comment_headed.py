"""Comments by structure under a heading that names them (``comments:headed-siblings``).

A thread in a template we never saw (hashed CSS-modules classes, BEM names of its own, another
language's words, lists written as divs, a layout table) carries no class or id any finder
knows. What it still shows the reader is the evidence: a heading that counts or names the
comments ("3 Comments", "Comments (3)", "3 thoughts on TITLE", "12 Kommentare", "Reacties"),
then a run of sibling blocks of one shape, each a comment's shape (a name-like line or author
markup, a date, a message of its own words: :func:`comment_structure.signed_post`). The heading's
words are data (the vocabularies' ``comment_headings``); a heading alone is never enough, and
neither is a run of signed, dated blocks without it (a listing of teasers is one).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from lxml import etree

from pipeline.extract.comment_dates import date_element_text, labelled_date
from pipeline.extract.comment_items import Item, in_form
from pipeline.extract.comment_layouts import definition_pairs, definition_triples
from pipeline.extract.comment_lines import COMMENT_UI_LINE, RELATIVE_TIME, ui_label
from pipeline.extract.comment_names import looks_like_author_line, signed_line
from pipeline.extract.comment_structure import AREA_POSTS_SHARE, comment_subject, message_shaped, signed_post
from pipeline.extract.html import NO_TEXT_TAGS, block_lines, element_text
from pipeline.extract.phrase_patterns import alternation
from pipeline.extract.vocabulary import words
from pipeline.extract.word_counts import word_count

# The headings that may name a thread: not the page's first <h1>, which is the article's title
# (a post titled "Comments on ..." is no thread over its own text); a later one may (Elegant
# Themes' "3 Comments").
THREAD_HEADING_TAGS = ("h2", "h3", "h4", "h5", "h6")
# Elements that may be a heading's line without a heading's tag: a div (Movable Type 2's
# "Comments"), a layout table's cell (Xanga's "<td><b>Comments (5)</b></td>" over the rows of the
# thread, 2010).
TITLE_LINE_TAGS = ("div", "td", "th")
# A heading over a thread is short: "3 thoughts on “Walking after meals lowers blood sugar”".
HEADING_MAX_WORDS = 14
# The heading starts with its words, after a count ("3", "12") or none; "Recent comments",
# "Most commented" and "Leave a comment" (a sidebar's list, a form) start otherwise.
COMMENT_HEADING = re.compile(rf"^(?:\d+\s+)?(?:{alternation(words('comment_headings'))})(?![^\W\d_])")
# A thread is three comments or more (its blocks and their nested replies): two signed, dated
# blocks under "Comments" are as often a pair of teasers or an author box and a note.
MIN_HEADED_ITEMS = 3
# ... of which so many are sibling blocks: the others are replies nested in them, blocks of the
# same tag (WordPress's two top-level comments, one holding its reply in a nested list).
MIN_RUN_BLOCKS = 2
# The heading may sit in a title bar of its own, this many wrappers deep: the thread follows
# the bar, not the heading.
HEADING_LEVELS = 2
# How deep under the heading's next siblings the run may be: a list in a wrapper in a layout
# table's cell (table > tbody > tr is the run's parent).
RUN_DEPTH = 4
# Tags that hold no comment: a form, a script, a style.
_NOT_BLOCKS = NO_TEXT_TAGS | {"form"}


def names_comments(heading: etree._Element) -> bool:
    """Whether a heading counts or names the page's comments (COMMENT_HEADING, in any
    vocabulary language)."""
    text = " ".join(element_text(heading).split()).casefold().lstrip("#§-–—:·• ")
    return 0 < len(text.split()) <= HEADING_MAX_WORDS and COMMENT_HEADING.match(text) is not None


def headed_items(root: etree._Element) -> list[Item]:
    """The comments of the first heading that names them and is followed by a run of
    MIN_HEADED_ITEMS or more sibling blocks of one tag, every one (or AREA_POSTS_SHARE of them)
    a signed, dated message: the run's blocks, in page order."""
    first_h1 = next(root.iter("h1"), None)
    for heading in root.iter(*THREAD_HEADING_TAGS, "h1", *TITLE_LINE_TAGS):
        if (
            (heading.tag in TITLE_LINE_TAGS and not title_div(heading))
            or heading is first_h1  # the article's title (Elegant Themes' "3 Comments" is a later <h1>)
            or not names_comments(heading)
            or in_form(heading, strict=True)
        ):
            continue
        anchor: etree._Element | None = heading
        for _ in range(HEADING_LEVELS + 1):
            if anchor is None or anchor.tag in ("body", "html"):
                break
            siblings = list(anchor.itersiblings())
            if run := _run(siblings, RUN_DEPTH):
                # replies of the block's tag nested in it, of a comment's shape as the run's blocks
                # are (a theme's "Posted DATE | Permalink" reply is no signed post either)
                nested = _NestedPosts()
                posts = [
                    element
                    for block in unwrapped(run)
                    for element in (block, *(e for e in block.iterdescendants(str(block.tag)) if nested(e)))
                ]
                return _items(posts)
            if pairs := _definitions(siblings):
                return pairs
            anchor = anchor.getparent()
    return []


def _items(posts: list[etree._Element]) -> list[Item]:
    """The run's posts as items, each one's message and name read outside the posts nested in it."""
    found = set(posts)  # membership by set: a thread of thousands stays linear
    return [_item(post, lambda e: e in found or signed_post(e)) for post in posts]


def _item(block: etree._Element, is_reply: Callable[[etree._Element], bool] = signed_post) -> Item:
    message = message_of(block, is_reply)
    return Item(block, [block], body=message, name=name_element(block, message, is_reply))


def name_element(
    block: etree._Element, message: etree._Element | None, is_reply: Callable[[etree._Element], bool] = signed_post
) -> etree._Element | None:
    """The block's name: its first element outside the message and the replies nested in it
    whose whole text is a short name-like line (no date, number or control): where no class
    says which element is the author, the header's name comes first ("Comment from: NAME",
    "#1 NAME (Homepage) on DATE")."""
    skip = {e for n in block.iterdescendants(str(block.tag)) if is_reply(n) for e in n.iter()}  # replies
    if message is not None:
        skip.update(message.iter())
    skip.update(e for h in block.iter("h2", "h3", "h4") if comment_subject(h) for e in h.iter())  # Drupal's subject
    for element in block.iter(LEAF_TAGS):
        text = " ".join(element_text(element).split())
        if element in skip or element is block or not text or header_date(text) or text.lstrip("#").isdigit():
            continue
        if name_like(text):
            return element
    return None


def title_div(div: etree._Element) -> bool:
    """A ``div`` or a layout table's cell (TITLE_LINE_TAGS) that is a heading's line: no child
    but an anchor or inline words (Movable Type 2's and Serendipity's ``div.comments-head``
    "Comments", Xanga's ``<td><b>Comments (5)</b></td>``)."""
    return all(isinstance(c.tag, str) and c.tag in _TITLE_INLINE for c in div)


def _form_title(block: etree._Element) -> bool:
    """A title line over the comment form after the thread ("Post a comment", "Leave a
    comment": COMMENT_UI_LINE), no block of the run."""
    return (
        block.tag == "div"
        and title_div(block)
        and COMMENT_UI_LINE.match(" ".join(element_text(block).split()).casefold()) is not None
    )


# What a title line may hold beside its words: an anchor to jump to, an inline word.
_TITLE_INLINE = frozenset({"a", "span", "b", "strong", "em"})


def _run(siblings: list[etree._Element], depth: int) -> list[etree._Element]:
    """The first run of comments among ``siblings`` (grouped by tag), else among their
    children, ``depth`` levels down."""
    blocks = [e for e in siblings if isinstance(e.tag, str) and e.tag not in _NOT_BLOCKS and not _form_title(e)]
    # a block with no text is a separator (Xanga's "<tr><td><hr></td></tr>" between comments'
    # rows), no block that fails to be a comment
    spoken = (b for b in blocks if b.tag not in ("dt", "dd") and any(t.strip() for t in b.itertext()))
    for group in by_tag(spoken):  # a term is half a comment
        if len(group) >= MIN_RUN_BLOCKS and (posts := _posts(group)):
            # replies in wrappers of another tag between them (Drupal 8's articles, each answer's
            # in a div.indented after the article it answers)
            wrapped = {b: inner for b in blocks if b.tag != group[0].tag and (inner := _wrapped(b, str(group[0].tag)))}
            if comments_in(posts) + sum(map(len, wrapped.values())) >= MIN_HEADED_ITEMS:
                return [p for b in blocks if b in posts or b in wrapped for p in wrapped.get(b, [b])]
    if depth:
        for block in blocks:
            if block.tag not in THREAD_HEADING_TAGS and (run := _run(list(block), depth - 1)):
                return run
    return []


def _wrapped(block: etree._Element, tag: str) -> list[etree._Element]:
    """The outermost signed posts of ``tag`` inside ``block`` when it holds nothing else (no
    words of its own outside them): a wrapper of replies, else none."""
    inner = [e for e in block.iterdescendants(tag) if signed_post(e)]
    held = set(inner)  # membership by set: a wrapper of thousands of replies stays linear
    outermost = [e for e in inner if not any(a in held for a in e.iterancestors())]
    own = len(element_text(block).split()) - sum(len(element_text(e).split()) for e in outermost)
    return outermost if outermost and own == 0 else []


def unwrapped(run: list[etree._Element]) -> list[etree._Element]:
    """The run with each block that only wraps replies (Drupal's ``div.indented`` after the
    comment it answers: no words of its own outside its signed posts) replaced by those posts,
    so the thread's order says whom they answer; and each block that only wraps its own comment
    (Movable Type's ``div#comment-N > div.inner``) by the comment, which a reply's byline leaves
    unsigned ("NAME replied to comment from NAME"): the wrapper is no comment around a reply."""
    return [post for block in run for post in (_wrapped(block, str(block.tag)) or [_inner_self(block)])]


def _inner_self(block: etree._Element) -> etree._Element:
    """The innermost element of the block's tag that holds all its text, the block if none."""
    text = element_text(block)
    inner = block
    for element in block.iterdescendants(str(block.tag)):
        if element_text(element) != text:
            break
        inner = element
    return inner


def _definitions(siblings: list[etree._Element]) -> list[Item]:
    """A definition list after the heading (or RUN_DEPTH levels inside what follows it) whose
    terms are dated header lines and whose descriptions are the messages (Django's and
    Dotclear's comment lists), or whose terms are name lines, each followed by the message and a
    dated footer (Blogger classic), MIN_HEADED_ITEMS or more."""
    for sibling in siblings:
        if not isinstance(sibling.tag, str) or sibling.tag in _NOT_BLOCKS:
            continue
        for dl in sibling.iter("dl"):
            if len(list(dl.iterancestors())) - len(list(sibling.iterancestors())) <= RUN_DEPTH and (
                pairs := definition_pairs(dl, MIN_HEADED_ITEMS) or definition_triples(dl, MIN_HEADED_ITEMS)
            ):
                return pairs
    return []


def by_tag(blocks: Iterable[etree._Element]) -> list[list[etree._Element]]:
    groups: dict[str, list[etree._Element]] = {}
    for block in blocks:
        groups.setdefault(str(block.tag), []).append(block)
    return list(groups.values())


def comments_in(posts: list[etree._Element]) -> int:
    """The run's comments: its blocks and the replies nested in them (blocks of their tag that
    are signed, dated messages too)."""
    tag = posts[0].tag
    nested = [e for post in posts for e in post.iterdescendants(tag) if headed_post(e)]
    return len(posts) + len(nested)


def _posts(group: list[etree._Element]) -> list[etree._Element]:
    """The group's comments: every block a headed post, or AREA_POSTS_SHARE of them and then
    only those."""
    posts = [block for block in group if headed_post(block)]
    return posts if len(posts) >= AREA_POSTS_SHARE * len(group) else []


def headed_post(block: etree._Element) -> bool:
    """A comment's shape whatever its markup: a message of its own words, a date and a name
    (:func:`signed_post`), or, where no class says which element is which, an element whose
    whole text is a date and another whose whole text is a short name-like line (the two glued
    into one line by the markup: "1Maria LopezMarch 6th, 2012 at 2:13 am")."""
    if signed_post(block):
        return True
    if not message_shaped(block):
        return False
    texts = [" ".join(element_text(e).split()) for e in block.iter(LEAF_TAGS) if e is not block]
    dated = any(header_date(text) for text in [*texts, *block_lines(block)] if text)
    return dated and any(name_like(text) for text in texts if text)


class _NestedPosts:
    """Whether an element nested in a run's block is a reply: a comment's shape with a message
    element of its own (a block's footer div, "#2 NAME on DATE (Reply)" in Serendipity's, has
    none). Remembered per element: each reply's message is looked for among the replies nested
    in it, so a deep thread asks the same elements again (cubic unremembered)."""

    def __init__(self) -> None:
        self.shaped: dict[etree._Element, bool] = {}
        self.replies: dict[etree._Element, bool] = {}

    def post(self, element: etree._Element) -> bool:
        if (shaped := self.shaped.get(element)) is None:
            shaped = self.shaped[element] = headed_post(element)
        return shaped

    def __call__(self, element: etree._Element) -> bool:
        if (reply := self.replies.get(element)) is None:
            reply = self.replies[element] = self.post(element) and message_of(element, self.post) is not None
        return reply


def header_date(text: str) -> bool:
    """The whole text of a header's date element or line: a date alone (:func:`date_element_text`),
    with a theme's label or two around it (:func:`labelled_date`: "Posted DATE | Permalink"), or
    a time ago (RELATIVE_TIME: wpDiscuz's and Livefyre's "12 years ago", the date in a title)."""
    return date_element_text(text) or labelled_date(text) or RELATIVE_TIME.match(text) is not None


def name_like(text: str) -> bool:
    return looks_like_author_line(text) and not ui_label(text)


def message_of(
    block: etree._Element, is_reply: Callable[[etree._Element], bool] = signed_post
) -> etree._Element | None:
    """The element holding the block's message alone, where one does: the largest element
    inside it that holds no date, name, number or subject heading (:func:`comment_subject`) of
    the header (each an element of its own, glued into one line by the markup: "1Maria
    LopezMarch 6th, 2012 at 2:13 am") and MESSAGE_SHARE of the words outside them (replies
    nested in the block aside). None where the message is bare paragraphs beside the header:
    the whole block is read."""
    nested = [e for e in block.iterdescendants(str(block.tag)) if is_reply(e)]  # replies, not wrappers
    replies = set(nested)  # ancestors looked up in a set: a comment with many replies stays linear
    header = [
        e
        for e in block.iter(*LEAF_TAGS, "div")
        if e is not block
        and not any(a in replies for a in e.iterancestors())
        and (text := " ".join(element_text(e).split()))
        and (header_date(text) or (e.tag != "div" and (name_like(text) or text.lstrip("#").isdigit())))
    ]
    header += [e for e in block.iter("h2", "h3", "h4") if comment_subject(e) and e not in header]  # Drupal's subject
    above = {a for e in [*header, *nested] for a in e.iterancestors()} | set(header) | set(nested)
    words = word_count(element_text(block)) - sum(word_count(element_text(e)) for e in nested)
    headers = set(header)
    words -= sum(word_count(element_text(e)) for e in header if not any(a in headers for a in e.iterancestors()))
    inside = {d for n in nested for d in n.iterdescendants()}
    candidates = [e for e in block.iterdescendants(_MESSAGE_TAGS) if e not in above and e not in inside]
    best = max(candidates, key=lambda e: len(element_text(e)), default=None)
    if best is None or word_count(element_text(best)) < MESSAGE_SHARE * words:
        return None
    if (shown := element_text(best).strip()) and not any(ch.isalnum() for ch in shown):
        return None  # a header's "#" permalink, left once its name and date are set aside
    if signed_line(element_text(best)):
        return None  # a byline line ("Submitted by NAME on DATE"): a header of its own, no message
    while (parent := best.getparent()) is not None and parent is not block and parent not in above:
        best = parent
    return best


# Elements that may hold a comment's message.
_MESSAGE_TAGS = ("div", "p", "blockquote", "section", "dd", "td", "span")
# The message element holds this share of the block's words outside its header's elements:
# all of them but a "Reply" button's or a "Permalink" link's.
MESSAGE_SHARE = 0.8


# Elements that hold a comment's name or date on their own (a link, a bold name, a span).
LEAF_TAGS = ("a", "b", "strong", "span", "cite", "em", "small", "time", "abbr", "font", "h4", "h5", "h6")
