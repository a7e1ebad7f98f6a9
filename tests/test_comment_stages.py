"""Comment finding, reading and threading: clean fields, and a large thread read correctly."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from pipeline.extract.comment_dates import posted_in
from pipeline.extract.comment_lines import button_row
from pipeline.extract.comment_names import clean_author, lead_trimmed, signed_line
from pipeline.extract.comments import find_comments
from pipeline.extract.html import parse_html


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("<span>Donald Elam</span>", "Donald Elam"),
        ("reply", None),
        ("Homepage", None),
        ("# reply", None),
        ("Fons_de_spons ( 1311177 )", "Fons_de_spons"),
        ("nomaduk 10.29.2012 Log in to Reply", "nomaduk"),
        ("Claire Sanz writes", "Claire Sanz"),
        ("March 3, 2024", None),
        ("Posted by: Jo Whitfield at November 4, 2011 09:12 AM", "Jo Whitfield"),
        ("Posted by: Tom at Hillside Farm | June 13, 2013 at 08:12 PM", "Tom at Hillside Farm"),
        ("Posted by: |", None),
        ("Karen B.", "Karen B."),
        ("3 replies", None),
        ("Aug 08", None),
        ("Post by multiOS » 11. Jan 2024, 10:00", "multiOS"),
        ("John Smith, March 3, 2012 at 4:15 pm", "John Smith"),
        ("Original Post", None),
        ("5 days ago", None),
        ("Claire Sanz 3 years ago", "Claire Sanz"),
        ("Claire Sanz a day ago", "Claire Sanz"),
        ("Claire Sanz vor 3 Jahren", "Claire Sanz"),
        ("Claire Sanz - il y a 2 jours", "Claire Sanz"),
        ("hace 3 días", None),
        ("Fons_de_spons ( 4333 ) *", "Fons_de_spons"),
        ("Dr. Ann Wu", "Dr. Ann Wu"),  # the name as the reader signed it, title and all
        ("MS Connect Helpline Team", "MS Connect Helpline Team"),
    ],
)
def test_an_author_is_a_name_never_markup_a_ui_word_an_id_or_a_date(line: str, name: str | None) -> None:
    assert clean_author(line) == name


def test_a_numbered_header_signs_a_comment_and_a_mail_attribution_does_not() -> None:
    assert signed_line("1. At 14:13 6th Mar 2012, Maria Lopez wrote:") == "Maria Lopez"
    assert signed_line("At 09:17 PM 3/4/2012, Wendy Harcourt wrote:") is None
    assert signed_line("Reader Comment by Maria Lopez on March 6, 2012 2:13 am") == "Maria Lopez"


def test_comment_text_starts_with_what_the_reader_wrote() -> None:
    lines, found = lead_trimmed(["message 1: by Joan (new)", "Jul 28, 2008 09:08PM", "Seriously?", "Yes."], None)
    assert lines == ["Seriously?", "Yes."] and found == "Joan"
    lines, found = lead_trimmed(["message 8: by David (last edited Sep 08, 2008 12:59PM) (new)", "Search it."], None)
    assert lines == ["Search it."] and found == "David"
    lines, _ = lead_trimmed(["#3", "writes:", "Flipping burgers is a job."], "Fons")
    assert lines == ["Flipping burgers is a job."]
    # GitHub's "commented DATE" is a header; a message of header lines only (an image) says nothing.
    assert lead_trimmed(["commented Dec 19, 2025", "Nice work."], "dirsigler")[0] == ["Nice work."]
    assert lead_trimmed(["commented Dec 19, 2025"], "dirsigler")[0] == []
    # A byline whose name link became the author: "By <a>Maria</a> on DATE" leaves "By on DATE".
    assert lead_trimmed(["By on 2012-03-06 10:10", "Nice work."], "Maria")[0] == ["Nice work."]
    assert lead_trimmed(["By the way, on March 6, 2012 we walked.", "Nice."], "Maria")[0] == [
        "By the way, on March 6, 2012 we walked.",
        "Nice.",
    ]
    # A first line that is the message stays, even when it is short.
    assert lead_trimmed(["Thanks!", "More later."], "Ann")[0] == ["Thanks!", "More later."]


def test_an_edit_note_beside_the_name_is_never_the_message() -> None:
    """Goodreads prints "(last edited DATE)" in a ``span.greyText`` before the ``reviewText``
    message: both class names hold "text", and the first in the page is not the message."""
    item = (
        '<div class="comment" id="comment_{n}"><div class="brownBox"><div class="left"><strong>message {n}:'
        "</strong> by "
        '<span class="commentAuthor"><a href="/user/show/{n}-x">{name}</a></span> <span class="greyText smallText">'
        '(last edited Sep 08, 2008 12:59PM)</span> <span class="newCommentsText">(new)</span></div><div class="right" '
        'title="Sep 08, 2008 12:58PM"><a href="#comment_{n}">Sep 08, 2008 12:58PM</a></div></div><div '
        'class="mediumText reviewText">{text}</div><div><a class="smallText" href="#comment_form">reply</a> | '
        '<a class="flag smallText">'
        "flag</a></div></div>"
    )
    page = "<html><body><div id='comments'>{}</div></body></html>".format(
        "".join(
            item.format(n=n, name=name, text=text)
            for n, name, text in ((7, "David", "Search for it from the first page."), (8, "Joan", "Seriously? Yes."))
        )
    )
    scan = find_comments(parse_html(page), "en")
    assert [(c.author, c.text) for c in scan.comments] == [
        ("David", "Search for it from the first page."),
        ("Joan", "Seriously? Yes."),
    ]


@pytest.mark.parametrize(
    ("line", "day"),
    [
        ("03/06/12 @ 02:13", dt.date(2012, 3, 6)),  # b2evolution
        ("Permalink 03/07/12 @ 23:02", dt.date(2012, 3, 7)),
        ("06.03.12", dt.date(2012, 3, 6)),
        ("3-6-99", dt.date(1999, 3, 6)),
        ("version 1.2.10", None),
        ("score 10/12", None),
    ],
)
def test_a_comment_date_with_a_two_digit_year(line: str, day: dt.date | None) -> None:
    posted = posted_in(line, "en")
    assert (posted.printed.date() if posted else None) == day


@pytest.mark.parametrize(
    ("line", "buttons"),
    [
        ("Reply ↓", True),  # Twenty Eleven
        ("Like (3)", True),
        ("Agree (3) Disagree (1)", True),
        ("Reply · Like", True),  # Echo, Livefyre
        ("Permalink | Reply", True),
        ("[Reply]", True),
        ("Report this comment", True),
        ("#", True),  # Textpattern's permalink
        ("[/quote]", True),  # BBCode a forum left unrendered
        ("Recommend 12 Report Abuse", True),  # buttons apart by spaces alone
        ("Reply Quote Report", True),
        ("Maria Lopez Reply", False),
        ("Top 10 walks", False),
        ("I agree", False),
        ("Yes | No", False),
        ("Great | thanks for the list", False),
    ],
)
def test_a_row_of_buttons_is_never_the_message(line: str, buttons: bool) -> None:
    assert button_row(line) is buttons


# CPU seconds a line of 60 characters at most may cost the button-row test: microseconds are
# what it takes; the counts-row pattern of session 21 took 8 s on the pager line below (load 8),
# and doubled with each number more.
BUTTON_ROW_LINE_CPU_S = 0.5


@pytest.mark.parametrize(
    ("line", "buttons"),
    [
        ("1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 Next", False),  # a pager left in a comment's lines
        ("2012 2013 2014 2015 2016 2017 more", False),  # an archive's years
        ("22 1 |", True),  # vote counts beside image buttons: still a row of buttons
        ("+3 · -1 | 12", True),
    ],
)
def test_a_line_of_numbers_then_a_word_costs_no_more_than_any_line(line: str, buttons: bool) -> None:
    started = time.process_time()
    assert button_row(line) is buttons
    assert time.process_time() - started < BUTTON_ROW_LINE_CPU_S


# Big enough that a quadratic step would dominate; small enough for the suite (about a second).
LARGE_THREAD = 1500


def test_a_large_generated_thread_is_read_completely_and_threaded() -> None:
    parts = []
    for i in range(LARGE_THREAD):
        reply = (
            f'<ol class="children"><li class="comment" id="comment-{i}-r"><div class="comment-author">'
            f'<cite class="fn">Replier {i}</cite></div><div class="comment-content"><p>Reply to number {i}.</p>'
            "</div></li></ol>"
            if i % 3 == 0
            else ""
        )
        parts.append(
            f'<li class="comment" id="comment-{i}"><div class="comment-author"><cite class="fn">User {i}</cite>'
            f'</div><time datetime="2024-03-0{1 + i % 9}T10:00:00Z">March {1 + i % 9}, 2024</time>'
            f'<div class="comment-content"><p>Comment number {i} about the article.</p></div>{reply}</li>'
        )
    html = (
        "<html><body><article><h1>T</h1><p>Article text.</p></article>"
        f'<section id="comments"><ol class="commentlist">{"".join(parts)}</ol></section></body></html>'
    )
    comments = find_comments(parse_html(html), "en").comments
    replies = LARGE_THREAD // 3 + (LARGE_THREAD % 3 > 0)
    assert len(comments) == LARGE_THREAD + replies
    by_author = {c.author: c for c in comments}
    assert by_author["User 1499"].text == "Comment number 1499 about the article."
    assert by_author["User 1499"].posted_date is not None and by_author["User 1499"].posted_date.day == 1 + 1499 % 9
    replier = by_author["Replier 300"]
    assert replier.text == "Reply to number 300."
    assert comments[replier.parent_position or 0].author == "User 300"
    assert sum(c.parent_position is None for c in comments) == LARGE_THREAD


def _items(bodies: list[str], cls: str = "comment") -> str:
    return "".join(f'<li class="{cls}">{body}</li>' for body in bodies)


@pytest.mark.parametrize(
    "thread",
    [
        # A leaderboard: names only, no authors.
        _items(["<p>Abdul Majeed</p>", "<p>Rui Ma</p>", "<p>Casey E.A.</p>", "<p>Lee Wasson</p>"]),
        # A widget that says the thread is empty.
        _items(["<p>Be the first to post</p><p>Please respect our community guidelines.</p>"]),
        # An empty Movable Type template.
        '<div id="comments"><div class="comments-body"><p></p>'
        '<span class="comments-post">Posted by: | </span></div></div>',
    ],
)
def test_lists_of_people_and_empty_widgets_are_never_comments(thread: str) -> None:
    html = f'<html><body><article><p>Text.</p></article><ol class="commentlist">{thread}</ol></body></html>'
    scan = find_comments(parse_html(html), "en")
    assert scan.comments == [] and scan.regions == []


def test_a_news_listing_by_one_author_is_not_a_forum() -> None:
    posts = "".join(
        f'<div class="post"><span class="author">Webmaster</span><h2><a href="/n{i}">Story {i}</a></h2>'
        f"<p>News story number {i} tells what happened in the town this week, with several details.</p></div>"
        for i in range(4)
    )
    html = f'<html><body><div class="forum posts">{posts}</div></body></html>'
    scan = find_comments(parse_html(html), "en")
    assert scan.comments == [] and scan.opening_post_text is None


def test_a_widget_with_hashed_classes_names_its_author_in_the_accessibility_label() -> None:
    comments = "".join(
        f'<div class="comment"><div id="comment-{i}" class="comment-anchor"></div>'
        f'<div role="article" aria-label="Comment by {name}" class="x-a1 comment-content">'
        f'<div class="x-b2"><div><a class="x-c3" href="/profile/{i}">{name}</a></div>'
        f'<a class="x-d4" title="Dec 18, 2025, 8:58 PM" href="/c/{i}"><span>2d</span></a></div>'
        f'<div class="x-e5"><p>{text}</p></div></div></div>'
        for i, (name, text) in enumerate([("Bored Girl Builds", "Thank you for sharing!"), ("Guney Topcu", "Love it!")])
    )
    html = f'<html><body><article><p>Text.</p></article><div class="comment-list">{comments}</div></body></html>'
    found = find_comments(parse_html(html), "en").comments
    assert [(c.author, c.text) for c in found] == [
        ("Bored Girl Builds", "Thank you for sharing!"),
        ("Guney Topcu", "Love it!"),
    ]
    assert {c.posted_date for c in found} == {dt.date(2025, 12, 18)}


def test_a_message_classed_as_a_comment_is_its_comments_body_and_reply_lists_follow_wrappers() -> None:
    def comment(number: int, name: str, text: str) -> str:
        return (
            f'<li class="comment" id="comment-item-{number}"><article id="comment-{number}" class="nv-comment-article">'
            f'<div class="comment-author vcard"><span class="fn">{name}</span>'
            f'<time datetime="2025-09-{number}T18:30:10+01:00">September {number}, 2025</time></div>'
            f'<a class="comment-reply-link" href="#comment-{number}">Reply</a>'
            f'<div class="nv-comment-content comment"><p>{text}</p></div></article></li>'
        )

    html = (
        '<html><body><article><p>Text.</p></article><ol class="comments-list">'
        + comment(10, "Happy", "Good")
        + comment(11, "Happy", "I am new here and want to learn.")
        + '<li class="children"><ol>'
        + comment(12, "Christian Roth", "Which language do you want to learn?")
        + "</ol></li>"
        + comment(13, "Joya", "I got nothing")
        + "</ol></body></html>"
    )
    found = find_comments(parse_html(html), "en").comments
    assert [(c.author, c.text, c.parent_position) for c in found] == [
        ("Happy", "Good", None),
        ("Happy", "I am new here and want to learn.", None),
        ("Christian Roth", "Which language do you want to learn?", 1),
        ("Joya", "I got nothing", None),
    ]


def test_a_thread_wrapped_in_a_moderation_form_with_camel_case_classes_is_a_forum() -> None:
    def post(number: int, name: str, text: str) -> str:
        return (
            f'<article id="elComment_{number}" class="cPost ipsBox ipsComment">'
            f'<aside class="cAuthorPane"><h3 class="cAuthorPane_author"><a href="/u/{number}">{name}</a></h3>'
            f'<div class="cAuthorPane_content">{name} <i class="fa fa-comment"></i> 12 posts</div></aside>'
            f'<div class="ipsComment_content"><div class="ipsComment_meta">Posted '
            f'<time datetime="2025-10-{number}T16:03:58Z">October {number}, 2025</time></div>'
            f'<div data-role="commentContent"><p>{text}</p></div></div></article>'
        )

    posts = [
        ("GrinGEO", "I cannot change the payment method of an order that was not paid."),
        ("Daresh", "Payment modules keep their own tables, so changing it in one place is not enough."),
        ("GrinGEO", "Yes, you are right: the module overwrites it every time the order is saved."),
    ]
    feed = "".join(post(10 + i, name, text) for i, (name, text) in enumerate(posts))
    html = (
        '<html><body><div class="cTopic comments"><form action="/t/1" method="post" data-role="moderationTools">'
        f"{feed}</form></div></body></html>"
    )
    scan = find_comments(parse_html(html), "en")
    assert scan.opening_post_text == posts[0][1] and scan.opening_post_author == "GrinGEO"
    assert [(c.author, c.text) for c in scan.comments] == posts[1:]
    # A real comment form stays out.
    form = '<form id="commentform"><p class="comment">Leave a comment</p><textarea></textarea></form>'
    assert find_comments(parse_html(f"<html><body><p>Text.</p>{form}</body></html>"), "en").comments == []


def test_replies_numbered_by_id_attributes_are_comments_named_by_their_header_line() -> None:
    replies = [
        ("keepingsanity", "Big pack of chicken thighs as a tray bake, with rice and peppers."),
        ("FolioQuarto", "Jacket potatoes, grated cheese and baked beans every night of the week."),
        ("blondeascustard", "When I make bolognese I bulk it up with celery, carrots and onions."),
    ]
    posts = "".join(
        f'<div id="15088{i}" class="relative pt-3 border rounded-xl" data-reply-id="15088{i}">'
        f'<div class="mt-1 relative"><div class="font-bold break-all">{name} &middot; '
        f'<span class="font-normal">03/03/2026 20:0{i}</span></div></div>'
        f'<div id="reply-body-15088{i}" class="post-body mt-2 prose"><p>{text}</p></div></div>'
        for i, (name, text) in enumerate(replies)
    )
    html = (
        '<html><body><main><div id="original-post"><div class="post-body"><p>What are your favourite '
        f"low-cost family meals?</p></div></div><div>{posts}</div></main></body></html>"
    )
    scan = find_comments(parse_html(html), "en")
    assert scan.opening_post_text is None  # the opening post stands apart: it is the article
    assert [(c.author, c.text) for c in scan.comments] == replies
    assert {c.posted_date for c in scan.comments} == {dt.date(2026, 3, 3)}


def test_comment_text_run_into_an_article_line_is_cut_out_of_it() -> None:
    from pipeline.extract import _without_comment_lines

    reply = "For more insight into the products and the roadmap, you may want to join the community circle."
    line = f"August 27, 2024 On 8/26/2024 ron1cne said: I'd like to know the roadmap {reply} Did this help?"
    text = _without_comment_lines(f"The opening post asks about the roadmap.\n\n{line}", [reply])
    assert reply not in text and "I'd like to know the roadmap" in text and "Did this help?" in text
    # A shared phrase of a few words is not a comment's text.
    assert _without_comment_lines("We want to join the community circle soon.", [reply]).endswith("soon.")


def _xenforo_post(number: int, name: str, text: str, marked: bool) -> str:
    microdata = ' itemscope itemtype="https://schema.org/Comment"' if marked else ""
    return (
        f'<article class="message message--post js-post" data-author="{name}" id="js-post-{number}"{microdata}>'
        f'<div class="message-userDetails"><h4 class="message-name"><a class="username">{name}</a></h4>'
        f'<h5 class="userTitle">Full Member</h5><dl><dt>Joined</dt><dd>Jun 29, 2016</dd><dt>Messages</dt>'
        f"<dd>{number * 7}</dd><dt>Reaction score</dt><dd>{number}</dd></dl></div>"
        f'<div class="message-attribution"><time datetime="2024-07-{10 + number}T18:32:00+0000">'
        f"Jul {10 + number}, 2024</time> #{number}</div>"
        f'<article class="message-body"><div class="bbWrapper">{text}</div></article></article>'
    )


XENFORO_POSTS = [
    ("boobaloobie", "I heard that Cincinnati has already sent out interview invitations, so let us start."),
    ("pnomes", "That is amazing news, congratulations and good luck with the interview day!"),
    ("fieldterrain922", "For anyone curious, the spreadsheet of every program is linked in the first post."),
    ("boobaloobie", "Thanks, I did not know there were in person options this year at all."),
]


def _xenforo_page() -> str:
    posts = "".join(
        _xenforo_post(number, name, text, marked=number > 1) for number, (name, text) in enumerate(XENFORO_POSTS, 1)
    )
    container = '<div class="block-body js-replyNewMessageContainer">'
    return f'<html><body><div class="p-body">{container}{posts}</div></div></body></html>'


def test_a_forum_that_marks_only_its_replies_as_comments_has_its_opening_post_as_the_article() -> None:
    scan = find_comments(parse_html(_xenforo_page()), "en")
    assert scan.opening_post_text == XENFORO_POSTS[0][1] and scan.opening_post_author == "boobaloobie"
    assert [(c.author, c.text) for c in scan.comments] == XENFORO_POSTS[1:]
    # The user cards the reader left out of every post are the thread's template, not lost text.
    assert scan.chrome["joined"] == len(XENFORO_POSTS) and scan.chrome["messages"] == len(XENFORO_POSTS)
    assert not set(scan.chrome) & {"cincinnati", "spreadsheet"}


def test_a_post_whose_body_the_reader_missed_is_not_chrome() -> None:
    from pipeline.extract.arbitrate import word_share

    scan = find_comments(parse_html(_xenforo_page()), "en")
    lost = "A long answer about interview invitations that the reader never saw at all."
    baseline = "\n".join([*(text for _, text in XENFORO_POSTS), lost, "Joined Messages Reaction score " * 4])
    candidate = "\n".join(text for _, text in XENFORO_POSTS)
    assert word_share(candidate, baseline, scan.chrome) > word_share(candidate, baseline)
    assert word_share(candidate, baseline, scan.chrome) < 1.0  # the missed post's words still count


def _invision_post(number: int, name: str, body: str) -> str:
    return (
        f'<article id="elComment_79307{number}" class="ipsEntry ipsEntry--post">'
        f'<aside class="ipsEntry__header"><h3 class="ipsEntry__username"><a class="ipsUsername">{name}</a></h3>'
        f'<time datetime="2024-08-2{number}T16:29:31Z">August 2{number}, 2024</time></aside>'
        f'<div class="ipsEntry__content"><div class="ipsRichText" data-role="commentContent">{body}</div>'
        f"</div></article>"
    )


def test_a_posts_quote_and_signature_are_the_threads_words_not_lost_text() -> None:
    """An opening post with one reply (no template to recur): the quote and the signature the
    reader set aside count as the thread's words, so the baseline (which keeps them) does not
    overrule the thread; the reply's own words are kept, not set aside."""
    from pipeline.extract.arbitrate import KEEP_SHARE, word_share

    story = "<blockquote>The company announced record quarterly revenue from its subscription business.</blockquote>"
    question = "<p>Hi, I would like to know the roadmap for future products and version releases. Thank you!</p>"
    quote = "<blockquote class='ipsQuote'>On 8/26/2024 at 5:29 PM, ron1cne said: I would like to know</blockquote>"
    signature = (
        "<div class='ipsEntry__signature'>Did this help? Please give feedback by clicking an icon below. "
        "Community Leader, Software Engineer, UX Designer. Design should be simple and communication honest. "
        "Want to improve your store? I build proven solutions including breadcrumbs, currencies and wishlists. "
        "Tip of the week: be cautious with copy-paste snippets, they stop working within a few months.</div>"
    )
    reply = "For more insight into the products and the roadmap, you may want to join the circle."
    posts = _invision_post(6, "ron1cne", story + question) + _invision_post(
        7, "paul2009", f"{quote}<p>{reply}</p>{signature}"
    )
    html = f'<html><body><div class="cTopic"><form action="/topic/1">{posts}</form></div></body></html>'

    scan = find_comments(parse_html(html), "en")
    assert scan.opening_post_text is not None and "roadmap for future products" in scan.opening_post_text
    assert [(c.author, c.text) for c in scan.comments] == [("paul2009", reply)]
    assert scan.chrome["wishlists"] == 1 and scan.chrome["snippets"] == 1 and scan.chrome["ron1cne"] >= 1
    assert scan.chrome["would"] == 1  # quoted from the opening post: the thread holds it
    # The reply's own words are kept; a quoted story no post of the thread holds stays lost.
    assert not set(scan.chrome) & {"insight", "circle", "revenue", "subscription"}
    baseline = "\n".join([*(parse_html(part).text_content() for part in (question, quote, signature)), reply])
    candidate = "\n".join([scan.opening_post_text, reply])
    assert word_share(candidate, baseline) < KEEP_SHARE <= word_share(candidate, baseline, scan.chrome)


def _slashdot_comment(cid: int, name: str, text: str) -> str:
    return (
        f'<li id="tree_{cid}" class="comment full contain"><div id="comment_{cid}" class="cw">'
        f'<div class="commentTop"><div class="title"><h4><a href="/c/{cid}">Re:Rust would be better</a>'
        f'<span class="score">(Score:5, Informative)</span></h4></div><div class="details">'
        f'<span class="by">by <a href="/~{name}">{name}</a> <span class="uid"><a href="/~{name}">( 66441{cid} )</a>'
        f'</span></span><span class="otherdetails">on Friday January 12, 2024 @12:0{cid}PM '
        f'(<a href="/c">#6415{cid}</a>)'
        f'<small><a href="/~{name}/journal/" class="user_journal_display">Journal</a></small></span></div></div>'
        f'<div class="commentBody"><div id="comment_body_{cid}"><p>Advertisement</p><p>{text}</p></div></div>'
        f'<div class="commentSub"><a class="btn link">Parent</a> <a class="btn link">Share</a></div></div></li>'
    )


def test_slashdot_style_comments_are_named_by_their_byline_and_hold_only_their_body() -> None:
    comments = [
        ("serviscope_minor", "The patch set to change the kernel from C to the intersection of C and C++ is small."),
        ("Cassini2", "Getting the kernel to compile with a C++ compiler is a different activity altogether."),
    ]
    html = (
        "<html><body><p>Story.</p><ul id='commentlisting'>"
        + "".join(_slashdot_comment(i, name, text) for i, (name, text) in enumerate(comments, 1))
        + "</ul></body></html>"
    )
    scan = find_comments(parse_html(html), "en")
    assert [(c.author, c.text) for c in scan.comments] == comments
    assert clean_author("Journal") is None and clean_author("Parent") is None


def test_a_marked_question_opens_its_thread_of_marked_answers_and_comments() -> None:
    def answer(number: int, name: str, text: str, comment: str) -> str:
        return (
            f'<div id="answer-{number}" class="answer" itemprop="suggestedAnswer" itemscope '
            f'itemtype="https://schema.org/Answer"><div class="s-prose" itemprop="text"><p>{text}</p></div>'
            f'<div class="user-details" itemprop="author" itemscope itemtype="http://schema.org/Person">'
            f'<a itemprop="name">{name}</a></div><ul><li id="comment-{number}" class="comment" itemprop="comment" '
            f'itemscope itemtype="https://schema.org/Comment"><span class="comment-copy">{comment}</span>'
            f'<a class="comment-user">Reader{number}</a></li></ul></div>'
        )

    question = "What is the difference between redundancy and a backup, if RAID already keeps two copies?"
    html = (
        '<html><body><div itemprop="mainEntity" itemscope itemtype="https://schema.org/Question">'
        f'<h1 itemprop="name">Why is RAID not a backup?</h1>'
        f'<div class="s-prose" itemprop="text"><p>{question}</p></div>'
        + answer(1, "Kevin", "RAID guards against one kind of hardware failure, not against a deletion.", "Thanks!")
        + answer(2, "Wedge", "A backup lets you go back in time; redundancy only keeps the present.", "Well put.")
        + '</div><div class="sidebar"><ul><li><a href="/q/1">Hot network question</a></li></ul></div></body></html>'
    )
    scan = find_comments(parse_html(html), "en")
    assert scan.opening_post_text == question
    assert [c.author for c in scan.comments] == ["Kevin", "Reader1", "Wedge", "Reader2"]
    assert [c.parent_position for c in scan.comments] == [None, 0, None, 2]


def test_unsigned_items_are_no_thread_unless_classed_as_comments() -> None:
    answers = "".join(
        f'<div class="faq"><h3>Question {i}?</h3><div class="answer">Answer number {i} explains the local '
        f"search rules in a few sentences of plain prose.</div></div>"
        for i in range(3)
    )
    assert find_comments(parse_html(f"<html><body>{answers}</body></html>"), "en").comments == []
    # Hacker News prints the name and the age beside each div.comment, outside it.
    comments = "".join(
        f'<tr><td><span class="comhead">user{i}</span><div class="comment">Comment number {i} has an opinion '
        f"about the next five years.</div></td></tr>"
        for i in range(3)
    )
    scan = find_comments(parse_html(f"<html><body><table>{comments}</table></body></html>"), "en")
    assert len(scan.comments) == 3


def test_the_name_and_date_printed_before_a_message_only_item_are_its_author_and_date() -> None:
    rows = "".join(
        f'<tr class="athing comtr"><td class="default"><div><span class="comhead"><a href="user?id=u{i}" '
        f'class="hnuser">reader{i}</a> <span class="age" title="2023-12-27T0{i}:08:14 1703642894">'
        f'<a href="item?id={i}">on Dec 27, 2023</a></span> | <a href="#">next</a></span></div><br>'
        f'<div class="comment"><div class="commtext">Comment number {i} has an opinion.</div></div></td></tr>'
        for i in range(1, 4)
    )
    scan = find_comments(parse_html(f"<html><body><table>{rows}</table></body></html>"), "en")
    assert [(c.author, c.text) for c in scan.comments] == [
        (f"reader{i}", f"Comment number {i} has an opinion.") for i in range(1, 4)
    ]
    assert [c.posted_at.hour for c in scan.comments if c.posted_at] == [1, 2, 3]


def test_a_thread_flattened_into_rows_with_indent_levels_is_threaded_by_them() -> None:
    def row(number: int, indent: int) -> str:
        return (
            f'<tr class="athing comtr"><td><table><tr><td class="ind" indent="{indent}"></td><td class="default">'
            f'<span class="comhead"><a class="hnuser">user{number}</a></span><br>'
            f'<div class="comment">Reply number {number} says something.</div></td></tr></table></td></tr>'
        )

    levels = [0, 1, 2, 1, 0, 1]
    html = "<html><body><table>" + "".join(row(i, level) for i, level in enumerate(levels)) + "</table></body></html>"
    scan = find_comments(parse_html(html), "en")
    assert [c.parent_position for c in scan.comments] == [None, 0, 1, 0, None, 4]
    # A lone separator where the message should be is no comment.
    rows = "".join(
        f'<li class="comment"><span class="comment-author">Reader {i}</span><p>{message}</p></li>'
        for i, message in enumerate(["A real opinion.", "|", "|"])
    )
    scan = find_comments(parse_html(f"<html><body><ol>{rows}</ol></body></html>"), "en")
    assert [c.text for c in scan.comments] == ["A real opinion."]


def test_product_reviews_are_not_reader_comments() -> None:
    reviews = "".join(
        f'<li class="review even depth-1" id="li-comment-{i}"><div id="comment-{i}" class="comment_container">'
        f'<div class="comment-text"><p class="meta"><strong class="woocommerce-review__author">Buyer {i}</strong>'
        f' <time datetime="2025-05-0{i}T10:00:00+00:00">May {i}, 2025</time></p><div class="description">'
        f"<p>Sandals very comfortable and light, number {i} in my collection.</p></div></div></div></li>"
        for i in range(1, 4)
    )
    html = f'<html><body><h1>Sandal</h1><p>Our best sandal.</p><ol class="commentlist">{reviews}</ol></body></html>'
    assert find_comments(parse_html(html), "en").comments == []


def test_a_theme_whose_header_is_a_heading_and_whose_reply_lists_are_classed_comment() -> None:
    """A heading classed 'comment_title text-2' holds the name and a <time>: it is the header,
    not the message ('comment_body text-1' is); the reply list classed 'comment' after a
    comment is that comment's branch."""

    def comment(key: int, name: str, message: str, replies: str = "") -> str:
        return (
            f'<li class="comment depth-1 comment-{key}"><div id="comment-{key}" class="padding-vert">'
            f'<div class="comment_header"><h4 class="comment_title text-2"><span class="weight-semi">{name}</span>'
            f' <time class="comment_time" datetime="2021-03-1{key}T01:48:36-08:00">3/1{key}/2021 at 1:48am</time>'
            f'</h4></div><div class="comment_body wysiwyg text-1"><p>{message}</p></div>'
            f'<a class="comment-reply-link" href="#comment-{key}">Reply</a></div>'
            + (f'<ul class="comment odd depth-1 list-unstyled comment-{key}">{replies}</ul>' if replies else "")
            + "</li>"
        )

    thread = comment(1, "Abdul Majeed", "Please add the free IBM courses too.", comment(2, "Rui Ma", "Thanks, added."))
    thread += comment(3, "Racha Aly", "Wow, this list is amazing!") + comment(4, "Casey E.A.", "Great")
    html = f'<html><body><section id="comments"><ol class="comments_list">{thread}</ol></section></body></html>'
    scan = find_comments(parse_html(html), "en")
    assert [(c.author, c.text, c.parent_position) for c in scan.comments] == [
        ("Abdul Majeed", "Please add the free IBM courses too.", None),
        ("Rui Ma", "Thanks, added.", 0),
        ("Racha Aly", "Wow, this list is amazing!", None),
        ("Casey E.A.", "Great", None),  # a one-word message after the header is no name
    ]
    assert [c.posted_date for c in scan.comments] == [dt.date(2021, 3, d) for d in (11, 12, 13, 14)]


def test_a_comments_own_byline_line_names_its_author_not_its_subject_or_its_classes() -> None:
    """Typepad signs a classed comment in its footer ("Posted by: NAME | DATE"); Drupal prints
    "Submitted by NAME (not verified) on DATE" under the comment's subject, in an item classed
    'comment-by-anonymous' (a class describing the comment, not an author line)."""
    typepad = "".join(
        f'<div class="comment font-entrybody" id="comment-6a00d834{i}"><div class="comment-content font-entrybody">'
        f'<p>{text}</p></div><p class="comment-footer font-entryfooter">Posted by: <a href="#">{name}</a> | '
        f'<a href="#comment-6a00d834{i}">October 0{i}, 2012 at 10:14 AM</a></p></div>'
        for i, (name, text) in enumerate(
            [("Maria G", "No side effects at all."), ("Pete", "Is the spray still sold?")], 3
        )
    )
    scan = find_comments(parse_html(f'<html><body><div class="comments-content">{typepad}</div></body></html>'), "en")
    assert [(c.author, c.text, c.posted_date) for c in scan.comments] == [
        ("Maria G", "No side effects at all.", dt.date(2012, 10, 3)),
        ("Pete", "Is the spray still sold?", dt.date(2012, 10, 4)),
    ]
    drupal = "".join(
        f'<a id="comment-30{i}"></a><div class="comment comment-by-{kind} clear-block"><h3><a href="#comment-30{i}">'
        f'{subject}</a></h3><div class="submitted">Submitted by {name} on Tue, 04/0{i}/2012 - 08:40.</div>'
        f'<div class="content"><p>{text}</p></div><ul class="links"><li class="comment_reply"><a href="#">reply</a>'
        "</li></ul></div>"
        for i, (kind, subject, name, text) in enumerate(
            [
                ("anonymous", "standing desk", "Rob (not verified)", "A standing desk fixed my pain."),
                ("node-author", "Re: standing desk", "drkim", "Glad it helped, Rob."),
            ],
            3,
        )
    )
    scan = find_comments(parse_html(f'<html><body><div id="comments">{drupal}</div></body></html>'), "en")
    assert [(c.author, c.text) for c in scan.comments] == [
        ("Rob", "A standing desk fixed my pain."),
        ("drkim", "Glad it helped, Rob."),
    ]
    assert [c.posted_date for c in scan.comments] == [dt.date(2012, 4, 3), dt.date(2012, 4, 4)]


def test_pingbacks_and_trackbacks_among_the_comments_are_not_reader_comments() -> None:
    items = (
        '<li class="comment even depth-1" id="li-comment-12"><div id="comment-12"><div class="comment-author vcard">'
        '<cite class="fn">John Smith</cite> <span class="says">says:</span></div><div class="comment-meta">'
        '<a href="#comment-12">March 3, 2012 at 4:15 pm</a></div><div class="comment-body"><p>My knee pain is gone.'
        "</p></div></div></li>"
        '<li class="pingback odd depth-1" id="li-comment-14"><div id="comment-14"><div class="comment-author vcard">'
        '<cite class="fn"><a href="http://other.example">Knee roundup &laquo; Other Blog</a></cite></div>'
        '<div class="comment-meta"><a href="#comment-14">March 5, 2012 at 1:00 am</a></div>'
        '<div class="comment-body"><p>[...] walking helps knees, says Ann [...]</p></div></div></li>'
    )
    scan = find_comments(parse_html(f'<html><body><ol class="commentlist">{items}</ol></body></html>'), "en")
    assert [(c.author, c.text) for c in scan.comments] == [("John Smith", "My knee pain is gone.")]


def test_older_wordpress_themes_date_and_sign_their_comments() -> None:
    """Kubrick prints 'March 3rd, 2012 at 4:15 pm' in ``small.commentmetadata`` (an ordinal day,
    a class with no hyphen); Thesis splits each comment into ``dt.comment`` (number, name, time)
    and ``dd.comment`` (the message)."""
    kubrick = "".join(
        f'<li id="comment-{i}"><cite>{name}</cite> Says:<br /><small class="commentmetadata"><a href="#comment-{i}">'
        f"March {i}rd, 2012 at 4:15 pm</a> </small><p>{text}</p></li>"
        for i, name, text in [(3, "Bob Marsh", "I walk my dog twice a day."), (23, "Helen", "Which shoes do you like?")]
    )
    scan = find_comments(parse_html(f'<html><body><ol class="commentlist">{kubrick}</ol></body></html>'), "en")
    assert [(c.author, c.text, c.posted_date) for c in scan.comments] == [
        ("Bob Marsh", "I walk my dog twice a day.", dt.date(2012, 3, 3)),
        ("Helen", "Which shoes do you like?", dt.date(2012, 3, 23)),
    ]
    thesis = "".join(
        f'<dt class="comment {parity}" id="comment-8{i}"><span class="comment_num"><a href="#comment-8{i}">{i}</a>'
        f'</span> <span class="comment_author">{name}</span> <span class="comment_time">March {i}, 2012 at 7:22 am'
        f'</span></dt><dd class="comment {parity}"><div class="format_text"><p>{text}</p></div></dd>'
        for i, parity, name, text in [(1, "odd", "Rachel", "Great tips."), (2, "even", "Dan K.", "Does cycling help?")]
    )
    scan = find_comments(parse_html(f'<html><body><dl id="comment_list">{thesis}</dl></body></html>'), "en")
    assert [(c.author, c.text, c.posted_date) for c in scan.comments] == [
        ("Rachel", "Great tips.", dt.date(2012, 3, 1)),
        ("Dan K.", "Does cycling help?", dt.date(2012, 3, 2)),
    ]


def test_movable_type_replies_name_the_comment_they_answer() -> None:
    def comment(key: int, byline: str, text: str) -> str:
        return (
            f'<div id="comment-{key}" class="comment"><div class="inner"><div class="comment-header">'
            f'<div class="asset-meta"><span class="byline">{byline} | <a href="#comment-{key}"><abbr class="published"'
            f' title="2012-06-0{key - 1200}T12:30:00-05:00">June {key - 1200}, 2012 12:30 PM</abbr></a> | '
            f'<a title="Reply" href="#">Reply</a></span></div></div><div class="comment-content"><p>{text}</p></div>'
            "</div></div>"
        )

    html = (
        '<html><body><div id="comments" class="comments"><div class="comments-content">'
        + comment(1201, '<span class="vcard author"><a href="#">Linda</a></span>', "Low-sodium bread helped me.")
        + comment(
            1202,
            '<span class="vcard author">George K</span> replied to <a href="#comment-1201">comment from Linda</a>',
            "Same here, Linda.",
        )
        + "</div></div></body></html>"
    )
    scan = find_comments(parse_html(html), "en")
    assert [(c.author, c.text, c.parent_position) for c in scan.comments] == [
        ("Linda", "Low-sodium bread helped me.", None),
        ("George K", "Same here, Linda.", 0),
    ]


def test_a_bare_number_badge_labels_posts_only_in_a_comment_region() -> None:
    def ranked(wrapper: str) -> str:
        entries = "".join(
            f'<div class="entry"><span class="badge">#{i}</span><h4>Trail {i}</h4><p class="by">by {name}, '
            f"March {i}, 2024</p><p>A shaded loop of {i} miles with a lake view and a gentle climb.</p></div>"
            for i, name in ((1, "Ann Lee"), (2, "Bo Chen"), (3, "Cy Diaz"))
        )
        return f"<html><body><div {wrapper}>{entries}</div></body></html>"

    assert find_comments(parse_html(ranked('class="ranking"')), "en").comments == []
    assert len(find_comments(parse_html(ranked('id="comments"')), "en").comments) == 3
    assert len(find_comments(parse_html(ranked('class="topic-posts"')), "en").comments) == 3  # a thread


def test_only_signed_or_dated_repeats_are_one_comment() -> None:
    """A thread printed twice repeats author, date and text: one row. Two unsigned, undated
    "+1" rows are two readers, not a copy."""
    from pipeline.extract.comment_items import Item
    from pipeline.extract.comment_thread import Read
    from pipeline.extract.comments import _distinct

    reads = [
        Read("+1", None, None, [], None),
        Read("+1", None, None, [], None),
        Read("Walking helped me.", "Ann", None, [], None),
        Read("Walking helped me.", "Ann", None, [], None),
    ]
    items = [Item(None, []) for _ in reads]
    _, kept = _distinct(items, reads)
    assert [(r.author, r.text) for r in kept] == [(None, "+1"), (None, "+1"), ("Ann", "Walking helped me.")]


# Custom themes' comment markup inside WordPress's ``li.comment``: where the name, the date and
# the message sit varies; each row must still be the bare name, the date and the message exactly.
THEME_PARTS = {
    "a heading for the name, the date in <small>": '<div class="comment-info"><h4>{n}</h4><small>{w}</small></div>'
    "<p>{x}</p>",
    "'NAME said...' and the date after the message": "<p><strong>{n}</strong> said...</p><p>{x}</p><p><em>{w}</em></p>",
    "a linked name 'on DATE'": '<p class="meta"><a href="http://x.org" rel="nofollow">{n}</a> on {w}</p><p>{x}</p>',
    "'by NAME at DATE' under the message": '<p>{x}</p><p class="comment-byline">by {n} at {w}</p>',
    "'Posted on DATE by NAME' under the message": '<p>{x}</p><div class="postmetadata">Posted on {w} by {n}</div>',
    "'NAME | DATE | Reply'": '<div class="c-head">{n} | {w} | <a href="#r">Reply</a></div>'
    '<div class="c-body">{x}</div>',
    "the date before the name": '<div class="head"><span class="time">{w}</span> <b>{n}</b></div><div>{x}</div>',
    "the message in a <blockquote>": '<img alt="{n}" src="/g.png" class="avatar"><span class="name">{n}</span>'
    '<span class="when">{w}</span><blockquote><p>{x}</p></blockquote>',
    "'Like (3) · Reply' under it": '<span class="author">{n}</span><span class="date">{w}</span><p>{x}</p>'
    '<div class="actions">Like (3) · Reply</div>',
    "a reply quoting another reader": '<span class="author">{n}</span> <span class="date">{w}</span><div class="text">'
    "<blockquote><b>Ann wrote:</b> Walking is great.</blockquote><p>{x}</p></div>",
}
THEME_ROWS = (
    ("Maria Lopez", "March 6, 2012 at 2:13 am", "I started walking after dinner and my readings dropped.", 6),
    ("Tom Hale", "March 6, 2012 at 9:40 am", "Does it matter how fast you walk, or is a stroll enough?", 6),
    ("Ann Wu", "March 7, 2012 at 11:02 pm", "A slow stroll is enough according to the paper.", 7),
)


@pytest.mark.parametrize("parts", list(THEME_PARTS))
def test_comment_fields_wherever_a_theme_puts_them(parts: str) -> None:
    items = "".join(
        f'<li class="comment" id="comment-{i}">' + THEME_PARTS[parts].format(n=name, w=when, x=text) + "</li>"
        for i, (name, when, text, _) in enumerate(THEME_ROWS, 1)
    )
    page = f'<html><body><div id="comments"><ol class="commentlist">{items}</ol></div></body></html>'
    scan = find_comments(parse_html(page), "en")
    assert [(c.author, c.posted_date, " ".join(c.text.split())) for c in scan.comments] == [
        (name, dt.date(2012, 3, day), text) for name, _, text, day in THEME_ROWS
    ]


# Whole comment sections of custom CMSs, no commenting software's class names: the region's name
# (or a list named for comments) and each item's shape are all there is.
CUSTOM_SECTIONS = {
    "table rows, the name and date in one cell": (
        '<table id="comments">',
        '<tr><td class="who"><b>{n}</b><br>{w}</td><td>{x}</td></tr>',
        "</table>",
    ),
    "'<b>NAME</b> wrote on DATE:' over the message": (
        '<div id="comments">',
        '<div class="c"><p><b>{n}</b> wrote on {w}:</p><p>{x}</p></div>',
        "</div>",
    ),
    "'— NAME, DATE' under the message": (
        '<div id="comments">',
        '<div class="entry"><p>{x}</p><small>— {n}, {w}</small></div>',
        "</div>",
    ),
    "unnamed dt/dd in a comments region, 'NAME said on DATE'": (
        '<div class="comments">',
        "<dl><dt>{n} said on {w}</dt><dd>{x}</dd></dl>",
        "</div>",
    ),
    "a relative time whose <abbr> title holds the date": (
        '<div id="comments">',
        '<div class="box"><span class="user">{n}</span> <abbr title="{w}">3 days ago</abbr><p>{x}</p></div>',
        "</div>",
    ),
}


@pytest.mark.parametrize("section", list(CUSTOM_SECTIONS))
def test_comments_of_a_custom_cms_by_region_and_shape(section: str) -> None:
    start, item, end = CUSTOM_SECTIONS[section]
    body = start + "".join(item.format(n=name, w=when, x=text) for name, when, text, _ in THEME_ROWS) + end
    scan = find_comments(parse_html(f"<html><body><p>The article.</p>{body}</body></html>"), "en")
    assert [(c.author, c.posted_date, " ".join(c.text.split())) for c in scan.comments] == [
        (name, dt.date(2012, 3, day), text) for name, _, text, day in THEME_ROWS
    ]


def test_a_reply_to_a_titled_commenter_finds_the_comment_it_answers() -> None:
    """Movable Type's "NAME replied to comment from Dr. Maria Lopez": her rows read "Dr. Maria
    Lopez" (the name as she signed it), and the name the reply gives is read alike."""
    from tests.test_comment_systems import T, _movable_type, _page

    html = _page(
        '<div id="comments" class="comments"><h2 class="comments-header">3 Comments</h2><div class="comments-content">'
        + _movable_type(1201, "Dr. Maria Lopez", "2012-03-06T02:13:00-05:00", "March 6, 2012 2:13 AM", T[0], None)
        + _movable_type(1202, "Ann", "2012-03-06T05:02:00-05:00", "March 6, 2012 5:02 AM", T[2], None)
        + _movable_type(
            1203, "Tom Hale", "2012-03-06T09:40:00-05:00", "March 6, 2012 9:40 AM", T[1], (1201, "Dr. Maria Lopez")
        )
        + "</div></div>"
    )
    comments = find_comments(parse_html(html)).comments
    got = [(c.author, c.parent_position) for c in comments]
    assert got == [("Dr. Maria Lopez", None), ("Ann", None), ("Tom Hale", 0)]
