"""Whole threads: every comment of a region becomes a row. The coverage matrix
(:mod:`tests.test_comment_systems`) shows each system with three comments; real threads hold
more, and their items differ: parity and depth classes ("odd", "depth-2"), the post author's
own class ("cmt-staff", "bypostauthor"), replies classed apart from top-level comments
("div.reply" inside "div.comment"), replies that carry no schema.org mark under marked
comments, list items nested in a list's items, a deleted comment's notice among them. Each case
has five or more comments and asserts every one is a row with its author, date, whole text and
the comment it replies to.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from pipeline.extract import extract_html
from tests.test_comment_systems import _page

NAMES = ("Maria Lopez", "Tom Hale", "Ann Wu", "Joe Park", "Liz Grant", "Sam Ortiz", "Kim Bell")
TEXTS = (
    "I started walking after dinner last spring and my morning readings dropped within weeks.",
    "Does it matter how fast you walk, or is a slow stroll around the block enough to help?",
    "A slow stroll is enough according to the paper; the muscles working at all is what counts.",
    "My doctor said the same thing, although she suggested ten minutes rather than two.",
    "We walk the dog after lunch now and my afternoon slump has gone, which I did not expect.",
    "Standing desks did nothing for me, but a lap of the office after eating really helps.",
    "Could the authors say whether the effect holds for people who already exercise a lot?",
)
URL = "https://healthnotes.example/2012/03/walking.html"

# (index of the comment, index of the one it replies to or None), in page order.
Thread = tuple[tuple[int, int | None], ...]
# One comment's HTML from its index, its depth (1: top level) and its replies' HTML.
Render = Callable[[int, int, str], str]


def _tree(thread: Thread, render: Render) -> str:
    """The comments of ``thread`` nested as the thread says, each rendered by ``render``."""

    def subtree(parent: int | None, depth: int) -> str:
        return "".join(render(i, depth, subtree(i, depth + 1)) for i, p in thread if p == parent)

    return subtree(None, 1)


NESTED: Thread = ((0, None), (1, 0), (2, 1), (3, 0), (4, None), (5, None), (6, 5))
FLAT: Thread = tuple((i, None) for i in range(7))


def _check(html: str, thread: Thread) -> None:
    result = extract_html(html, URL)
    got = [
        (c.author, c.posted_date.isoformat() if c.posted_date else None, c.text, c.parent_position)
        for c in result.comments
    ]
    order = [i for i, _ in thread]
    want = [(NAMES[i], f"2012-03-{i + 1:02d}", TEXTS[i], None if p is None else order.index(p)) for i, p in thread]
    assert got == want, got
    assert TEXTS[3][:40] not in result.text


def _cmt(cls: str, replies_cls: str = "cmt-replies") -> Render:
    """A newspaper CMS's comment: name and date in classes no finder knows."""

    def render(i: int, depth: int, replies: str) -> str:
        kids = f'<div class="{replies_cls}">{replies}</div>' if replies else ""
        return (
            f'<div class="{cls.format(i=i, depth=depth, parity="odd" if i % 2 else "even")}" id="c{i}">'
            f'<div class="cmt-head"><span class="cmt-name">{NAMES[i]}</span> <span class="cmt-when">{i + 1} March '
            f'2012, 02:13</span></div><p>{TEXTS[i]}</p><div class="cmt-tools"><a href="/reply?c={i}">Reply</a> | '
            f'<a href="/abuse?c={i}">Report abuse</a></div>{kids}</div>'
        )

    return render


@pytest.mark.parametrize(
    ("cls", "thread"),
    [
        ("cmt-box {parity}", FLAT),  # two classes, odd and even: one kind
        ("cmt-box depth-{depth}", NESTED),  # depth classes
        ("cmt-box", NESTED),  # one class, replies nested
    ],
    ids=["odd-even", "depth-N", "nested"],
)
def test_area_siblings_read_every_comment_whatever_its_variant_class(cls: str, thread: Thread) -> None:
    _check(_page('<div id="comments"><h3>Reader comments</h3>' + _tree(thread, _cmt(cls)) + "</div>"), thread)


def test_the_post_authors_own_class_and_replies_classed_apart_are_one_kind() -> None:
    """The writer's answers carry "cmt-staff", replies "cmt-reply": still the thread's comments."""

    def render(i: int, depth: int, replies: str) -> str:
        extra = " cmt-staff" if i == 3 else (" cmt-reply" if depth > 1 else "")
        return _cmt("cmt-box" + extra)(i, depth, replies)

    _check(_page('<div id="comments">' + _tree(NESTED, render) + "</div>"), NESTED)


def test_a_removed_comments_notice_among_them_is_no_row_and_loses_none() -> None:
    removed = '<div class="cmt-box" id="c99"><p>This comment was removed by a moderator for breaking the rules.</p>'
    removed += "</div>"
    items = [_cmt("cmt-box")(i, 1, "") for i in range(7)]
    html = _page('<div id="comments">' + "".join(items[:3]) + removed + "".join(items[3:]) + "</div>")
    _check(html, FLAT)


def _classed(top: str, reply: str, wrapper: str = "replies") -> Render:
    """Comments classed one way, their replies another (``div.comment`` > ``div.reply``)."""

    def render(i: int, depth: int, replies: str) -> str:
        kids = f'<div class="{wrapper}">{replies}</div>' if replies else ""
        return (
            f'<div class="{top if depth == 1 else reply}" id="x{i}"><div class="meta"><span class="author">{NAMES[i]}'
            f'</span> <span class="date">March {i + 1}, 2012</span></div><div class="text"><p>{TEXTS[i]}</p></div>'
            f"{kids}</div>"
        )

    return render


@pytest.mark.parametrize(
    ("top", "reply"),
    [("comment", "reply"), ("comment-item", "reply-item"), ("comment", "comment-reply"), ("commentItem", "replyItem")],
)
def test_replies_classed_apart_from_their_comments_are_rows_under_them(top: str, reply: str) -> None:
    _check(_page('<div id="comments">' + _tree(NESTED, _classed(top, reply)) + "</div>"), NESTED)


def test_replies_without_microdata_under_marked_comments() -> None:
    """Only the top-level comments carry ``itemprop=comment``; the replies inside them are plain."""

    def render(i: int, depth: int, replies: str) -> str:
        mark = ' itemprop="comment" itemscope itemtype="http://schema.org/Comment"' if depth == 1 else ""
        kids = f'<div class="comment-replies">{replies}</div>' if replies else ""
        return (
            f'<div class="comment-row{" reply" if depth > 1 else ""}"{mark}><span class="author">{NAMES[i]}</span> '
            f'<time datetime="2012-03-{i + 1:02d}">March {i + 1}</time><div class="text"><p>{TEXTS[i]}</p></div>{kids}'
            f"</div>"
        )

    _check(_page('<div id="comments">' + _tree(NESTED, render) + "</div>"), NESTED)


def test_a_comment_lists_nested_items_are_replies() -> None:
    """``ul.comment-list > li`` with no class, replies in a nested list; the header a bold name
    beside a date in a ``<small>`` ("<b>NAME</b> <small>DATE</small>")."""

    def render(i: int, depth: int, replies: str) -> str:
        kids = f'<ul class="children">{replies}</ul>' if replies else ""
        return f"<li><div><b>{NAMES[i]}</b> <small>March {i + 1}, 2012</small></div><p>{TEXTS[i]}</p>{kids}</li>"

    _check(_page('<ul class="comment-list">' + _tree(NESTED, render) + "</ul>"), NESTED)
