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

from collections.abc import Callable, Collection

import pytest
from lxml import etree

from pipeline.extract import extract_html
from tests.test_comment_systems import _github_comment, _k2, _mt3, _page, _textpattern, _typepad, _wp_html5

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


# --- forum posts: what is the post and what is not ----------------------------------------------
def _forum_post(i: int, header: str, body: str) -> str:
    return f'<div class="post" data-reply-id="{900 + i}"><div class="post-head">{header}</div>{body}</div>'


def _mumsnet_like(quote: bool) -> str:
    """Posts in utility classes: a "NAME · DATE" header, the message in ``div.post-body`` with
    its post's number in the id; a reply quoting a post shows that post's header and an
    unnumbered ``div.post-body`` in a grey box first."""
    posts = []
    for i in range(5):
        quoted = (
            f'<div class="mt-4 bg-gray-200"><p class="font-bold">{NAMES[i - 1]} · 0{i}/03/2012 09:00</p>'
            f'<div class="post-body">{TEXTS[i - 1]}</div></div>'
            if quote and i == 3
            else ""
        )
        badge = '<div class="bg-post-label-op">Original poster</div>' if i == 4 else ""
        header = f'{badge}<div class="font-bold">{NAMES[i]} · 0{i + 1}/03/2012 10:00</div>'
        posts.append(
            _forum_post(i, header, f'{quoted}<div id="reply-body-{900 + i}" class="post-body">{TEXTS[i]}</div>')
        )
    return '<div class="thread-replies">' + "".join(posts) + "</div>"


def test_a_reply_is_its_own_numbered_message_not_the_post_it_quotes() -> None:
    result = extract_html(_page(_mumsnet_like(quote=True)), URL)
    assert [c.text for c in result.comments] == list(TEXTS[:5])
    assert [c.author for c in result.comments] == list(NAMES[:5])  # "Original poster" is a badge


def test_an_opening_post_named_by_its_id_opens_a_thread_of_marked_replies() -> None:
    """Warrior Forum: ``div#main-post`` holds the question, the replies are schema.org Comments;
    the question is the article (not a list of other threads' teasers beside it)."""
    opening = (
        "I walk after dinner every day now. Does the pace matter, or only the minutes? I would like to know "
        "whether a slow stroll around the block counts, and how soon after eating it should start."
    )
    replies = "".join(
        f'<div class="board-content" itemscope itemtype="http://schema.org/Comment"><a itemprop="author" '
        f'href="/members/u{i}.html">{NAMES[i]}</a> <time itemprop="dateCreated" datetime="2012-03-{i + 1:02d}">'
        f'{i + 1} days ago</time><div itemprop="text" class="board-message">{TEXTS[i]}</div></div>'
        for i in range(4)
    )
    teasers = "".join(
        f'<li><a href="/t/{i}">Another thread about walking, number {i}</a><p>Teaser text of another thread, '
        f"number {i}, about sleep and food and walking ... [read more]</p></li>"
        for i in range(6)
    )
    html = (
        "<html><body><main><article class='thread'><h1>Does the pace of a walk matter?</h1>"
        f'<div id="main-post" class="post-content">{opening}</div></article>'
        f'<section class="board">{replies}</section></main><aside><ul class="related">{teasers}</ul></aside>'
        "</body></html>"
    )
    result = extract_html(html, URL)
    assert result.text.startswith(opening[:40]), result.text
    assert "[read more]" not in result.text
    assert [c.author for c in result.comments] == list(NAMES[:4])


def test_an_ad_label_with_a_note_is_no_part_of_a_post() -> None:
    """A forum's in-post ad slot leaves its label: "Advertisement (gone after registration)"."""
    posts = "".join(
        f'<div class="post" id="p{i}"><a class="username" href="/members/u{i}/">{NAMES[i]}</a> '
        f'<time datetime="2012-03-0{i + 1}">March {i + 1}, 2012</time><div class="post-content">'
        + ('<div class="ad-slot">Advertisement (gone after registration)</div>' if i == 1 else "")
        + f"<p>{TEXTS[i]}</p></div></div>"
        for i in range(4)
    )
    result = extract_html(_page(f'<div class="forum-thread">{posts}</div>'), URL)
    texts = [result.text, *(c.text for c in result.comments)]
    assert not any("Advertisement" in text for text in texts), texts


@pytest.mark.parametrize(
    "shown",
    ["06-Mar-2012 02:13", "2012/03/06 at 2:13 am", "Mar 6 '12 at 2:13 am", "March 6th, 2012 at 2:13 am"],
)
def test_compact_comment_dates_are_read(shown: str) -> None:
    """Comment software's compact dates: day-month-year with hyphens, year first with slashes,
    an apostrophe for the century."""
    items = "".join(
        f'<li class="comment" id="comment-{i}"><cite class="fn">{NAMES[i]}</cite> <span class="comment-date">'
        f"{shown}</span><p>{TEXTS[i]}</p></li>"
        for i in range(3)
    )
    result = extract_html(_page(f'<ol class="commentlist">{items}</ol>'), URL)
    assert [(c.author, str(c.posted_date)) for c in result.comments] == [(NAMES[i], "2012-03-06") for i in range(3)]


def _short_message_threads() -> dict[str, str]:
    """Three comments each, the middle one a one-word "Thanks!" by Anonymous."""
    rows = [(NAMES[0], TEXTS[0]), ("Anonymous", "Thanks!"), (NAMES[2], TEXTS[2])]
    return {
        "Typepad": '<div class="comments" id="comments"><div class="comments-content">'
        + "".join(
            _typepad(f"6a00d8341c4f3e53ef016763a1b2c{i}970b", name, "March 06, 2012 at 02:13 AM", text)
            for i, (name, text) in enumerate(rows)
        )
        + "</div></div>",
        "Movable Type 3": '<div id="comments" class="comments"><div class="comments-content">'
        + "".join(_mt3(i, name, "March 6, 2012 02:13 AM", text) for i, (name, text) in enumerate(rows))
        + "</div></div>",
        "Textpattern": '<ol class="comments">'
        + "".join(_textpattern(i, name, "6 March 2012, 02:13", text) for i, (name, text) in enumerate(rows))
        + "</ol>",
        "Joomla K2": '<div class="itemComments"><ul class="itemCommentsList">'
        + "".join(
            _k2(i, name, "Tuesday, 06 March 2012 02:13", text, "odd" if i % 2 else "even")
            for i, (name, text) in enumerate(rows)
        )
        + "</ul></div>",
    }


@pytest.mark.parametrize("system", list(_short_message_threads()))
def test_a_one_word_comment_keeps_its_author_and_its_word(system: str) -> None:
    """A message as short as "Thanks!" is no part of the name beside it ("Thanks!Posted by:
    Anonymous"), and the widget's links around it ("Comment Link", "Report") do not make it a
    list of links."""
    result = extract_html(_page(_short_message_threads()[system]), URL)
    assert [(c.author, c.text) for c in result.comments] == [
        (NAMES[0], TEXTS[0]),
        ("Anonymous", "Thanks!"),
        (NAMES[2], TEXTS[2]),
    ]


def test_a_thread_that_marks_only_its_featured_comment_as_microdata_is_read_whole() -> None:
    """An "Editor's pick" box repeats one comment marked as a schema.org Comment; the thread's
    list below carries no microdata: the list is the thread (the pick once, where it stands)."""

    def item(i: int, marked: bool) -> str:
        mark = ' itemprop="comment" itemscope itemtype="http://schema.org/Comment"' if marked else ""
        return (
            f'<li class="comment"{mark} id="{"pick" if marked else "comment"}-{i}"><span class="comment-author" '
            f'itemprop="author">{NAMES[i]}</span> <time datetime="2012-03-{i + 1:02d}" itemprop="dateCreated">March '
            f'{i + 1}, 2012</time><div class="comment-text" itemprop="text"><p>{TEXTS[i]}</p></div></li>'
        )

    html = _page(
        '<div id="comments"><div class="editors-pick"><h3>Editor\'s pick</h3><ul>'
        + item(2, marked=True)
        + '</ul></div><ol class="comment-list">'
        + "".join(item(i, marked=False) for i in range(6))
        + "</ol></div>"
    )
    result = extract_html(html, URL)
    assert sorted(c.author or "" for c in result.comments) == sorted(NAMES[:6])


@pytest.mark.parametrize("handle", ["user", "admin", "member"])
def test_a_handle_that_is_a_ui_word_is_a_name_when_it_links_to_its_own_page(handle: str) -> None:
    """GitHub's and many forums' author link points at the handle's own page (``href="/user"``):
    a reader called "user" is a reader, not the widget's label, so the comment keeps its row."""
    names = ["mlopez", handle, "tomhale"]
    timeline = "".join(
        _github_comment(1102 + i, name, f"2012-03-0{i + 6}T09:40:00Z", f"Mar {i + 6}, 2012", TEXTS[i])
        for i, name in enumerate(names)
    )
    result = extract_html(_page(f'<div id="discussion_bucket">{timeline}</div>'), URL)
    assert [(c.author, c.text) for c in result.comments] == list(zip(names, TEXTS[:3], strict=True))


@pytest.mark.parametrize("vote", ["+1", "+100"])
def test_a_comment_that_is_only_a_vote_is_the_readers_message(vote: str) -> None:
    """A reader who writes only "+1" wrote a comment: as the whole message element it is no
    widget's vote count (a count beside a message is still dropped)."""
    thread = "".join(
        _wp_html5(11 + i, NAMES[i], f"2012-03-0{i + 1}", text, 1) for i, text in enumerate((TEXTS[0], vote, TEXTS[2]))
    )
    result = extract_html(_page(f'<ol class="comment-list">{thread}</ol>'), URL)
    assert [(c.author, c.text) for c in result.comments] == [
        (NAMES[0], TEXTS[0]),
        (NAMES[1], vote),
        (NAMES[2], TEXTS[2]),
    ]


def test_a_vote_count_beside_the_message_is_no_part_of_it() -> None:
    items = "".join(
        f'<li class="comment" id="comment-{i}"><cite class="fn">{NAMES[i]}</cite> <time datetime="2012-03-0{i + 1}">'
        f'March {i + 1}, 2012</time><div class="comment-content"><p>{TEXTS[i]}</p><p>+{i + 2}</p></div></li>'
        for i in range(3)
    )
    result = extract_html(_page(f'<ol class="commentlist">{items}</ol>'), URL)
    assert [c.text for c in result.comments] == list(TEXTS[:3])


def test_a_shops_reply_to_a_review_is_no_comment() -> None:
    """WooCommerce keeps reviews as WordPress comments (``li.review``) and the shop's replies
    to them as ordinary comments (``li.comment.bypostauthor``) in the review's ``ul.children``,
    deeper than the review check looked: a reply to a review is no reader's comment either
    (before: the shop's two replies were the page's comment rows)."""

    def review(i: int, reply: str) -> str:
        return (
            f'<li class="review even thread-even depth-1 parent" id="li-comment-{i}"><div id="comment-{i}" class="'
            f'comment_container"><img alt="" src="/a.png" class="avatar"><div class="comment-text"><div class="star-'
            f'rating" role="img" aria-label="Rated 5 out of 5">Rated 5 out of 5</div><p class="meta"><strong class="'
            f'woocommerce-review__author">{NAMES[i]}</strong> <time class="woocommerce-review__published-date" '
            f'datetime="2012-03-0{i + 1}T10:00:00+00:00">March {i + 1}, 2012</time></p><div class="description"><p>'
            f"{TEXTS[i]}</p></div></div></div>{reply}</li>"
        )

    def reply(i: int) -> str:
        return (
            f'<ul class="children"><li class="comment byuser comment-author-shop bypostauthor odd alt depth-2" id="li-'
            f'comment-{100 + i}"><div id="comment-{100 + i}" class="comment_container"><img alt="" src="/a.png" class="'
            f'avatar"><div class="comment-text"><p class="meta"><strong class="woocommerce-review__author">Shop Team'
            f'</strong> <time class="woocommerce-review__published-date" datetime="2012-03-0{i + 2}T10:00:00+00:00">'
            f'March {i + 2}, 2012</time></p><div class="description"><p>Thank you for your kind words, we are glad '
            f"the shoes work for your evening walks ({i}).</p></div></div></div></li></ul>"
        )

    html = _page(
        '<div id="reviews" class="woocommerce-Reviews"><div id="comments"><ol class="commentlist">'
        + "".join(review(i, reply(i) if i != 1 else "") for i in range(3))
        + "</ol></div></div>"
    )
    assert extract_html(html, URL).comments == []


def test_the_items_skipped_while_finding_a_parents_author_are_one_set_not_a_copy_per_parent(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``nested_replies`` hands every item it knows to ``author_element`` as one set (its own
    item left out for the call): a list copied per parent made a thread of N items cost N^2."""
    from pipeline.extract import comment_layouts
    from pipeline.extract.comment_authors import author_element

    seen: list[tuple[object, bool]] = []

    def spy(item: etree._Element, skip: Collection[etree._Element]) -> etree._Element | None:
        seen.append((skip, item in skip))
        return author_element(item, skip)

    monkeypatch.setattr(comment_layouts, "author_element", spy)
    _check(_page('<div id="comments">' + _tree(NESTED, _classed("comment", "reply")) + "</div>"), NESTED)
    assert len(seen) >= 2
    assert all(skip is seen[0][0] for skip, _ in seen) and isinstance(seen[0][0], set)
    assert not any(parent_skipped for _, parent_skipped in seen)


def _bootstrap_media(i: int, depth: int, replies: str) -> str:
    """Bootstrap's media object: the name and a ``small.text-muted`` date in a heading, the message
    in a bare ``<p>`` of ``div.media-body``, the replies nested in that body."""
    return (
        f'<div class="media site-comment{" ms-4" if depth > 1 else ""}" id="c-{i}"><div class="media-body">'
        f'<h3 class="h6 mb-0"><span class="site-comment-name">{NAMES[i]}</span> <small class="text-muted">'
        f'<time datetime="2012-03-{i + 1:02d}">{i + 1} Mar 2012</time></small></h3><p>{TEXTS[i]}</p>'
        f"{replies}</div></div>"
    )


@pytest.mark.parametrize("thread", [NESTED, FLAT], ids=["nested", "flat"])
def test_a_bootstrap_utility_class_is_not_the_comments_message(thread: Thread) -> None:
    """Bootstrap's "text-muted" (a colour) holds a body word, "text", ranked above "body": the
    date's ``small.text-muted`` was taken for the message and every comment was read empty."""
    _check(_page('<section class="site-comments">' + _tree(thread, _bootstrap_media) + "</section>"), thread)
