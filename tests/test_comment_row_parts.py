"""Comment systems of 2011-2025 whose fields came out wrong (bench/tune_pages/news2012c and
health_comments, session 20), written here as synthetic threads of the same shapes:

- a TV station CMS of 2012 prints each comment as rows of a layout table (a header cell
  "<b>NAME</b> Posted: DATE" alone in its row, the message's row, a buttons' row, a spacer row):
  no rows before (a comment split over sibling rows, not sibling elements);
- a moderator's notice where a removed comment was ("This comment has been removed by a
  moderator.") is no row;
- Pluck's "Posted by <a>NAME</a> on 3/14/2011 at 9:12 AM" over the message: the line, less its
  name, stayed at the head of the text;
- an author box around the avatar, the name's link, a badge and a post count gave the whole box
  glued ("MeganFNew member3 posts"), and a badge classed ``author-badge`` ("Author") was the
  author;
- a flex row of boxes, an avatar's initial, the name, the town and the date, glued into
  "QLornafrom Leeds", and a name with its role badge ("Harriet Pharmacist").
"""

from __future__ import annotations

from pipeline.extract import extract_html
from pipeline.extract.comment_lines import removal_notice
from tests.test_comment_systems import _page

URL = "https://healthnotes.example/2012/03/walking.html"
NAMES = ("grandson_jw", "PBmom3", "Clyde T")
TEXTS = (
    "My grandmother lives near there and the staff called us the same afternoon to explain it all.",
    "This went round my kids' school last month too. Bleach was the only thing that worked for us.",
    "Hope everyone gets better soon, and thanks to the nurses who are working extra shifts this week.",
)


def _table_thread(removed: bool = False) -> str:
    rows = []
    for i, (name, text) in enumerate(zip(NAMES, TEXTS, strict=True)):
        rows.append(
            f'<tr><td class="commentHeader"><img src="/i/c.gif" alt=""> <b>{name}</b> '
            f'<span class="commentDate">Posted: Mar {22 + i}, 2012 5:1{i} PM CDT</span></td></tr>'
            f'<tr><td class="commentBody">{text}</td></tr>'
            f'<tr><td class="commentFooter"><a href="/report?c={i}">Report Abuse</a></td></tr>'
            '<tr><td><img src="/i/spacer.gif" height="8" alt=""></td></tr>'
        )
        if removed and i == 1:
            rows.append(
                '<tr><td class="commentHeader"><b>guest4411</b> <span class="commentDate">Posted: Mar 23, 2012 '
                '9:31 PM CDT</span></td></tr><tr><td class="commentBody"><i>This comment has been removed by a '
                'moderator.</i></td></tr><tr><td><img src="/i/spacer.gif" height="8" alt=""></td></tr>'
            )
    return (
        '<table id="storyComments" class="commentsTable"><tr><td class="commentsTitle"><b>Comments</b> (3)</td></tr>'
        + "".join(rows)
        + '<tr><td class="commentsClosed">Comments are closed for this story.</td></tr></table>'
    )


def test_a_comment_over_rows_of_a_layout_table_is_read_with_its_name_and_date() -> None:
    result = extract_html(_page(_table_thread(removed=True)), URL)
    assert [(c.author, str(c.posted_date), c.text) for c in result.comments] == [
        (NAMES[i], f"2012-03-{22 + i}", TEXTS[i]) for i in range(3)
    ]
    assert TEXTS[1][:30] not in result.text


def test_a_moderators_notice_where_a_comment_was_is_no_comment() -> None:
    assert removal_notice("This comment has been removed by a moderator.")
    assert removal_notice("This comment was removed because the moderators found it broke the house rules. Explain.")
    assert removal_notice("Dieser Kommentar wurde gelöscht.")
    assert not removal_notice(
        "I think my comment was removed, so once more: the clinic never told us the ward was shut."
    )
    items = "".join(
        f'<li class="comment" id="comment-{i}"><div class="comment-author"><cite class="fn">{name}</cite></div>'
        f'<div class="comment-meta">March {6 + i}, 2012 at 2:1{i} pm</div><p>{text}</p></li>'
        for i, (name, text) in enumerate(
            [(NAMES[0], TEXTS[0]), ("tellitstraight", "This comment was removed by a moderator."), (NAMES[2], TEXTS[2])]
        )
    )
    result = extract_html(_page(f'<div id="comments"><ol class="commentlist">{items}</ol></div>'), URL)
    assert [(c.author, c.text) for c in result.comments] == [(NAMES[0], TEXTS[0]), (NAMES[2], TEXTS[2])]


def test_a_posted_by_header_leaves_no_line_over_the_message() -> None:
    items = "".join(
        f'<div class="Comment_Container" id="Comment_Key:88{i}"><div class="Comment_ContentContainer">'
        f'<p class="Comment_Header">Posted by <a href="/persona/?plckUserId={name}" class="Comment_Author">{name}</a>'
        f' on 3/1{4 + i}/2011 at 9:1{i} AM</p><div class="Comment_Body"><p>{text}</p></div>'
        '<div class="Comment_Actions"><a href="javascript:void(0)">Recommend</a> (4) | '
        '<a href="javascript:void(0)">Report Abuse</a></div></div></div>'
        for i, (name, text) in enumerate(zip(NAMES, TEXTS, strict=True))
    )
    result = extract_html(_page(f'<div class="Comments_List">{items}</div>'), URL)
    assert [(c.author, c.text) for c in result.comments] == list(zip(NAMES, TEXTS, strict=True))


def test_the_name_in_an_author_box_is_read_without_its_badge_and_count() -> None:
    names = (*NAMES, "MeganF")
    texts = (*TEXTS, "Did you have to change the dose when you switched to taking it at bedtime?")

    def answer(i: int, replies: str = "") -> str:
        badge = '<span class="qa-badge qa-badge--new">New member</span>' if i == 3 else ""
        return (
            f'<li class="qa-answer" id="answer-{i}"><div class="qa-answer__author"><img src="/a/{i}.png" alt="">'
            f'<div><a class="qa-username" href="/members/{names[i].lower()}">{names[i]}</a>{badge}'
            f'<span class="qa-postcount">{i + 3} posts</span></div></div><div class="qa-answer__date">Answered '
            f'<time datetime="2025-05-1{i}">1{i}/05/2025</time></div><div class="qa-answer__body"><p>{texts[i]}</p>'
            '</div><div class="qa-answer__actions"><button type="button">Helpful (2)</button><button type="button">'
            f"Reply</button></div>{replies}</li>"
        )

    answers = answer(0) + answer(1, f'<ul class="qa-answer__replies">{answer(3)}</ul>') + answer(2)
    result = extract_html(_page(f'<ol class="qa-answer-list">{answers}</ol>'), URL)
    assert sorted(c.author or "" for c in result.comments) == sorted(names)


def test_a_badge_classed_for_the_author_is_no_name() -> None:
    items = "".join(
        f'<div class="comment" id="comment-{i}"><div class="comment-meta"><span class="commenter-name">'
        f'<a href="/profile/{i}">{name}</a></span>'
        + ('<div class="author-badge-Q3xkL">Author</div>' if i == 1 else "")
        + f'<a class="comment-timestamp" href="/comment/{i}">Mar 1{i}, 2025</a></div>'
        f'<div class="comment-body"><p>{text}</p></div></div>'
        for i, (name, text) in enumerate(zip(NAMES, TEXTS, strict=True))
    )
    result = extract_html(_page(f'<div class="comments-page">{items}</div>'), URL)
    assert [c.author for c in result.comments] == list(NAMES)


def test_a_flex_header_gives_the_name_without_an_initial_town_or_role_badge() -> None:
    def block(i: int, name: str, text: str, reply: str) -> str:
        return (
            f'<div class="rounded-xl p-5" id="q-{i}"><div class="flex gap-2 text-sm"><span class="h-7 w-7">Q</span>'
            f'<span class="font-semibold">{name}</span><span>from Leeds</span><span aria-hidden="true">·</span>'
            f'<time datetime="2025-05-1{i}">1{i} May 2025</time></div><p class="mt-3">{text}</p>'
            f'<div class="mt-4 border-l-4 p-4" id="a-{i}"><div class="flex gap-3 text-sm">'
            '<img class="h-9 w-9" src="/img/harriet.webp" alt=""><div><span class="font-semibold">Harriet</span> '
            f'<span class="rounded text-xs">Pharmacist</span><div class="text-slate-500">Answered '
            f'<time datetime="2025-05-2{i}">2{i} May 2025</time></div></div></div><p class="mt-2">{reply}</p></div>'
            '<button class="underline">Reply</button></div>'
        )

    replies = (
        "Yes, that is fine to take together, but leave four hours between the two doses if you can.",
        "Most people notice a difference within a week; if you don't, come in and we can talk it over.",
        "It's best to check with your GP first, as it can interact with the tablets you mentioned.",
    )
    blocks = "".join(block(i, n, t, r) for i, (n, t, r) in enumerate(zip(NAMES, TEXTS, replies, strict=True)))
    result = extract_html(_page(f'<div class="mt-6 space-y-6">{blocks}</div>'), URL)
    assert [c.author for c in result.comments] == [n for name in NAMES for n in (name, "Harriet")]


def test_a_flat_thread_states_each_comments_depth_in_its_class() -> None:
    levels = (1, 2, 3, 1)
    names = (*NAMES, "Aine")
    texts = (*TEXTS, "Is the minor injuries unit open at weekends? Their website does not say either way.")
    items = "".join(
        f'<div class="comment level{level}" id="comment-55{i}"><div class="comment-meta"><span class="commenter">'
        f'{names[i]}</span> <span class="comment-date">Posted: 17/01/2012 09:1{i}</span></div>'
        f'<div class="comment-body"><p>{texts[i]}</p></div><div class="comment-tools"><a href="#form" class="reply">'
        "Reply to this comment</a></div></div>"
        for i, level in enumerate(levels)
    )
    result = extract_html(_page(f'<div class="commentList">{items}</div>'), URL)
    assert [(c.author, c.parent_position) for c in result.comments] == [
        (names[0], None),
        (names[1], 0),
        (names[2], 1),
        (names[3], None),
    ]


def test_replies_after_the_comment_they_answer_inside_a_wrapper_classed_as_comments() -> None:
    def article(i: int) -> str:
        return (
            f'<article id="comment-33{i}" class="comment js-comment"><footer class="comment__meta">'
            f'<p class="comment__submitted">Submitted by <span class="comment__author">{NAMES[i]}</span> on '
            f'<time datetime="2024-04-0{i + 1}T10:15:00+01:00">{i + 1} April 2024</time></p></footer>'
            f'<div class="comment__content"><p>{TEXTS[i]}</p></div></article>'
        )

    thread = (
        '<section class="field field--type-comment comment-wrapper"><h2 class="comment-wrapper__title">Comments</h2>'
        f'{article(0)}<div class="indented">{article(1)}</div>{article(2)}<h2>Add new comment</h2>'
        '<form class="comment-form" action="/comment/reply"><label>Your name</label><input type="text" name="n">'
        '<label>Your comment</label><textarea name="comment_body"></textarea><input type="submit" value="Save">'
        "</form></section>"
    )
    result = extract_html(_page(thread), URL)
    assert [(c.author, c.parent_position) for c in result.comments] == [
        (NAMES[0], None),
        (NAMES[1], 0),
        (NAMES[2], None),
    ]
