"""Custom-theme comment markup of 2010-2013 blogs and papers (``bench/tune_pages/blogs2012``'s
layouts, written here anew): a reply line naming the comment it answers by number, a post number
before the name, Movable Type's hidden preview item, Thesis's header/body pairs with the replies
inside the body, a vBulletin blog comment quoting a longer post, Blogger's removal notice."""

from __future__ import annotations

from pipeline.extract import extract_html
from pipeline.extract.comment_names import clean_author
from tests.test_comment_systems import _page

URL = "https://healthnotes.example/2012/03/walking.html"
T = (
    "I started walking after dinner last spring and my morning readings dropped within weeks.",
    "Does it matter how fast you walk, or is a slow stroll around the block enough to help?",
    "A slow stroll is enough according to the paper; the muscles working at all is what counts.",
    "My doctor said the same thing, although she suggested ten minutes rather than two.",
)


def _rows(html: str) -> list[tuple[str | None, str | None, str, int | None]]:
    result = extract_html(_page(html), URL)
    return [
        (c.author, c.posted_date.isoformat() if c.posted_date else None, c.text, c.parent_position)
        for c in result.comments
    ]


def _paper(number: int, name: str, text: str, answers: int | None = None, who: str = "") -> str:
    """A regional paper's comment: "N." and the name in a head line, "In reply to comment N by
    NAME" linking the answered comment's id, the message, Recommend / Reply / Report abuse."""
    reply = f'<div class="rp-c__inreply">In reply to <a href="#c{answers}">comment {answers}</a> by {who}</div>'
    return (
        f'<li class="rp-c{" rp-c--reply" if answers else ""}" id="c{number}"><div class="rp-c__head"><span '
        f'class="rp-c__num">{number}.</span> <strong class="rp-c__user"><a href="/profile/{name}">{name}</a></strong>'
        f' <span class="rp-c__time">19 April 2012 {number}:14am</span></div>{reply if answers else ""}<div '
        f'class="rp-c__text"><p>{text}</p></div><div class="rp-c__tools"><a class="rp-rec" href="/r/{number}">'
        f'Recommend ({number})</a> <a href="#post">Reply</a> <a href="/abuse/{number}">Report abuse</a></div></li>'
    )


def test_a_reply_line_naming_a_comment_by_number_is_no_post_label_and_threads_the_reply() -> None:
    thread = (
        _paper(1, "Gaz_1979", T[0])
        + _paper(2, "nightnurse_kay", T[1])
        + _paper(3, "Westgate Dad", T[2], 1, "Gaz_1979")
        + _paper(4, "J. Whitlock", "Good.")  # shorter than the template's buttons: a comment still
        + _paper(5, "DocAtWestgate", T[3], 2, "nightnurse_kay")
    )
    html = f'<div id="rp-comments" class="rp-comments"><h3>Have your say</h3><ol class="rp-clist">{thread}</ol></div>'
    assert _rows(html) == [
        ("Gaz_1979", "2012-04-19", T[0], None),
        ("nightnurse_kay", "2012-04-19", T[1], None),
        ("Westgate Dad", "2012-04-19", T[2], 0),
        ("J. Whitlock", "2012-04-19", "Good.", None),
        ("DocAtWestgate", "2012-04-19", T[3], 1),
    ]


def test_the_post_number_before_a_name_is_no_part_of_it() -> None:
    assert clean_author("#1 Margaret H") == "Margaret H"
    assert clean_author("12. Alan") == "Alan"
    assert clean_author("1stMate") == "1stMate"


def _mt(cid: str, name: str, text: str) -> str:
    return (
        f'<div class="comment" id="comment-{cid}"><div class="comment-content"><p>{text}</p></div><p '
        f'class="comment-footer">Posted by: {name} | March {cid[-1]}, 2012 9:1{cid[-1]} AM</p></div>'
    )


def test_movable_types_hidden_preview_item_is_no_comment() -> None:
    preview = (
        '<div id="comment-preview-template" style="display:none"><div class="comment" id="comment-preview"><div '
        'class="comment-content"><p id="comment-preview-text"></p></div><p class="comment-footer">Posted by: <span '
        'id="comment-preview-author"></span> | <span id="comment-preview-date"></span></p></div></div>'
    )
    html = f'<div id="comments">{_mt("301", "Jill", T[0])}{_mt("302", "Nadia", T[1])}{preview}</div>'
    assert [(author, text) for author, _, text, _ in _rows(html)] == [("Jill", T[0]), ("Nadia", T[1])]


def _thesis(cid: int, name: str, day: int, text: str, replies: str = "") -> str:
    """Thesis 1.8: ``<dt class="comment">`` (number, name, time) then ``<dd class="comment">``
    holding the message and the replies' own ``dl.children``."""
    children = f'<dl class="children">{replies}</dl>' if replies else ""
    return (
        f'<dt class="comment" id="comment-{cid}"><span class="comment_num"><a href="#comment-{cid}">{cid % 10}</a>'
        f'</span> <span class="comment_author">{name}</span> <span class="comment_time"><a href="#comment-{cid}">'
        f'March {day}, 2012 at 7:21 am</a></span></dt><dd class="comment"><div class="format_text"><p>{text}</p>'
        f'</div><p class="reply"><a class="comment-reply-link" href="?replytocom={cid}#respond">Reply</a></p>'
        f"{children}</dd>"
    )


def test_a_body_holding_its_replies_headers_takes_no_date_from_them() -> None:
    thread = _thesis(1, "Rob", 4, T[0]) + _thesis(2, "Helen M", 4, T[1], _thesis(3, "Dan Pryce", 5, T[2]))
    html = f'<div id="comments"><dl id="comment_list">{thread}</dl></div>'
    assert _rows(html) == [
        ("Rob", "2012-03-04", T[0], None),
        ("Helen M", "2012-03-04", T[1], None),
        ("Dan Pryce", "2012-03-05", T[2], 1),
    ]


def _vb_blog(cid: int, name: str, body: str) -> str:
    """A vBulletin 4 blog's comment: the post bit of its forum, the message in a blockquote."""
    return (
        f'<li class="postbitlegacy postcontainer" id="bc_{cid}"><div class="posthead"><span class="date">03-13-2012, '
        f'07:2{cid % 10} AM</span><a name="bc{cid}" href="entry.php?bt={cid}#comment{cid}" class="postcounter">'
        f'#{cid % 10}</a></div><div class="postdetails"><div class="userinfo"><a class="username" href="member.php?'
        f'u={cid}"><strong>{name}</strong></a><span class="usertitle">Member</span></div><div class="postbody"><div '
        f'class="postrow"><div class="content"><blockquote class="blogcomment postcontent restore">{body}</blockquote>'
        f'</div></div></div></div><div class="postfoot"><a class="quote" href="?quote={cid}">Reply With Quote</a>'
        "</div></li>"
    )


def test_a_comment_quoting_a_longer_post_is_read_past_the_quoted_message() -> None:
    quote = (
        '<div class="bbcode_container"><div class="bbcode_quote"><div class="quote_container"><div '
        'class="bbcode_postedby">Originally Posted by <strong>Ron</strong></div><div class="message">'
        f"{T[0]} {T[2]}</div></div></div></div>{T[1]}"
    )
    html = f'<div id="blog_comments"><h3>Comments</h3><ol>{_vb_blog(11, "Ann", T[2])}{_vb_blog(12, "Deb", quote)}'
    html += f"{_vb_blog(13, 'Kev', T[3])}</ol></div>"
    assert [text for _, _, text, _ in _rows(html)][-2:] == [T[1], T[3]]


def test_forum_posts_under_a_heading_naming_comments_are_comments_with_no_opening_post() -> None:
    html = f'<div id="blog_comments"><h3>Comments</h3><ol>{_vb_blog(11, "Ann", T[2])}{_vb_blog(12, "Deb", T[1])}'
    html += f"{_vb_blog(13, 'Kev', T[3])}</ol></div>"
    assert [(author, text) for author, _, text, _ in _rows(html)] == [("Ann", T[2]), ("Deb", T[1]), ("Kev", T[3])]


def test_bloggers_removal_notice_is_no_comment() -> None:
    def item(cid: int, name: str, text: str) -> str:
        return (
            f'<dt class="comment-author" id="c{cid}"><a href="/profile/{cid}">{name}</a> said...</dt><dd '
            f'class="comment-body"><p>{text}</p></dd><dd class="comment-footer"><span class="comment-timestamp"><a '
            f'href="#c{cid}">February {cid}, 2012 8:1{cid} AM</a></span></dd>'
        )

    removed = item(2, "Sam", "This comment has been removed by the author.")
    html = f'<div id="comments"><h4>3 comments:</h4><dl id="comments-block">{item(1, "Pip", T[0])}{removed}'
    html += f"{item(3, 'Ruth', T[1])}</dl></div>"
    assert [(author, text) for author, _, text, _ in _rows(html)] == [("Pip", T[0]), ("Ruth", T[1])]


def _dated(cid: int, name: str, day: int, text: str, replies: str = "") -> str:
    """A custom theme's comment: its date on a line of its own (no date class), replies inside."""
    children = f'<ul class="children">{replies}</ul>' if replies else ""
    return (
        f'<li class="comment" id="comment-{cid}"><div class="comment-author"><a href="/u/{name}">{name}</a></div>'
        f'<div>March {day}, 2012</div><div class="comment-text"><p>{text}</p></div>{children}</li>'
    )


def test_a_comment_keeps_its_date_line_when_its_reply_prints_the_same() -> None:
    # the replies' lines are left out by element: a reply of the same day repeats the line
    thread = (
        _dated(1, "Rob", 4, T[0]) + _dated(2, "Helen", 5, T[1], _dated(3, "Dan", 5, T[2])) + _dated(4, "Sue", 7, T[3])
    )
    html = f'<div id="comments"><ol class="commentlist">{thread}</ol></div>'
    assert [(author, date, parent) for author, date, _, parent in _rows(html)] == [
        ("Rob", "2012-03-04", None),
        ("Helen", "2012-03-05", None),
        ("Dan", "2012-03-05", 1),
        ("Sue", "2012-03-07", None),
    ]
