"""The coverage matrix, continued: health publishers' and patient communities' comment and
discussion layouts of 2010-2026 (the "16 health pages of layouts not in the fixtures" the
pipeline is judged on), each written here from the shape of the public templates (no page
copied), read by the whole extract step: the rows' author, date, parent and the message exactly;
and the layouts of a health page that carry no reader's comment (drug reviews with a rating,
an expert's answer, a "Page feedback" form) give no rows. docs/extraction.md "Comment systems" lists them.
"""

from __future__ import annotations

import pytest

from pipeline.extract import extract_html
from tests.test_comment_systems import ARTICLE, Row, System, T, _page
from tests.test_comment_systems import (
    test_every_comment_system_gives_clean_rows_kept_out_of_the_article as check,
)

URL = "https://healthnotes.example/2014/03/walking.html"
NAMES = ("Maria Lopez", "Tom Hale", "Ann Wu")
WHEN = ("March 6, 2014", "March 6, 2014", "March 7, 2014")
ISO = ("2014-03-06", "2014-03-06", "2014-03-07")


def _wisegeek(n: int, name: str, text: str, shown: str = "") -> str:
    """A wiseGEEK-style discussion (our seed page's system): "Post N" over the message, the
    poster's name under it in ``div.pby``, in later years the date beside it."""
    date = f' <small class="pdate">{shown}</small>' if shown else ""
    return (
        f'<div class="post" id="post-{n}"><div class="pnum"><a name="post{n}" href="#post{n}">Post {n}</a></div>'
        f'<div class="ptxt"><p>{text}</p></div><div class="pby"><small>{name}</small>{date}</div></div>'
    )


def _wisegeek_page(dated: bool) -> str:
    posts = "".join(_wisegeek(i + 1, f"anon34121{i}", T[i], WHEN[i] if dated else "") for i in range(3))
    return _page(
        f'<div id="discuss"><h2><a name="comments"></a>Discuss this Article</h2><div class="posts">{posts}</div></div>'
        '<div class="comment-form" id="pc"><form name="postcomment" method="post" action="/post-comment.php">'
        '<textarea name="comment"></textarea><input type="submit" value="Post your comments"></form></div>'
    )


WISEGEEK = System(
    "wiseGEEK-style discussion ('Post N', the message, the name in `div.pby`; our seed page's system)",
    _wisegeek_page(dated=False),
    tuple(Row(f"anon34121{i}", None, T[i]) for i in range(3)),
)

WISEGEEK_DATED = System(
    "wiseGEEK-style discussion with the date beside the name (`div.pby small` NAME, `small.pdate` DATE)",
    _wisegeek_page(dated=True),
    tuple(Row(f"anon34121{i}", ISO[i], T[i]) for i in range(3)),
)


def _patient_reply(cid: int, name: str, iso: str, text: str, kids: str = "") -> str:
    """A patient-community reply (patient.info-style): a user card with the name and a fuzzy
    date, the message, "Report" / "Like" / "N likes" actions; replies to it nested."""
    nested = f'<ul class="comments comments--nested">{kids}</ul>' if kids else ""
    return (
        f'<li class="comment" id="comment-{cid}"><article class="post post__reply"><div class="post__header"><div '
        f'class="author"><img class="avatar" src="/av/{cid}.png" alt=""><a class="author__name" rel="nofollow" '
        f'href="/forums/profiles/u{cid}">{name}</a> <span class="author__info">Posted <time class="fuzzy" datetime="'
        f'{iso}T09:30:00Z">{iso[8:]} Mar 2014</time></span></div></div><div class="post__content"><p>{text}</p></div>'
        f'<div class="post__actions"><a class="post__action" href="/report/{cid}">Report</a> <button class="post__like'
        f'">Like</button> <span class="post__count">2 likes</span> <a class="reply__link" href="#r{cid}">Reply</a>'
        f"</div></article>{nested}</li>"
    )


OPENING = (
    "I was diagnosed with type 2 diabetes in January and my readings after dinner are still high "
    "even though I have cut out bread. Has anyone tried walking after meals, and how long did it take?"
)

PATIENT_FORUM = System(
    "Patient community discussion, patient.info-style (`article.post__root` opening post, `li.comment` "
    "replies with `a.author__name`, `time`, 'Report' / 'Like' / 'N likes', nested replies)",
    '<html><head><title>Walking after meals? | Diabetes | Forums</title></head><body><div id="header">'
    '<a href="/">Health Community</a></div><div id="content"><article class="post post__root" id="topic-77">'
    '<h1 class="post__title">Walking after meals?</h1><div class="post__header"><div class="author"><a '
    'class="author__name" href="/forums/profiles/u70">Jane Doe</a> <span class="author__info">Posted <time '
    f'datetime="2014-03-05T18:00:00Z">5 Mar 2014</time></span></div></div><div class="post__content"><p>{OPENING}</p>'
    '</div><div class="post__actions"><a href="/report/77">Report</a> <span class="post__count">0 likes</span>'
    '</div></article><h2 class="comments__title">3 replies</h2><ul class="comments">'
    + _patient_reply(81, NAMES[0], ISO[0], T[0], _patient_reply(82, NAMES[1], ISO[1], T[1]))
    + _patient_reply(83, NAMES[2], ISO[2], T[2])
    + '</ul></div><div id="footer"><p>Copyright 2014 Health Community</p></div></body></html>',
    (Row(NAMES[0], ISO[0], T[0]), Row(NAMES[1], ISO[1], T[1], 0), Row(NAMES[2], ISO[2], T[2])),
    opening=OPENING,
)


def _medhelp_post(pid: int, name: str, shown: str, text: str) -> str:
    """A health community's answer post (MedHelp / WebMD-community style): the user card (name,
    rank, post count), the date, the message, then "Helpful (N)", "Comment", "Report"."""
    return (
        f'<div class="post_entry" id="post_{pid}"><div class="post_user_card"><a class="username" href="/user_'
        f'profile/{pid}">{name}</a><div class="user_rank">Member</div><div class="user_posts">Posts: 1{pid}</div>'
        f'</div><div class="post_date">{shown}</div><div class="post_message" id="post_message_{pid}"><p>{text}</p>'
        f'</div><div class="post_actions"><a class="helpful_btn" href="#">Helpful</a> <span class="helpful_count">'
        f'(3)</span> <a href="#">Comment</a> <a class="report" href="#">Report</a></div></div>'
    )


HEALTH_COMMUNITY = System(
    "Health community question and answers with user cards, MedHelp / WebMD-community style (the question "
    "the first `div.post_entry`, `a.username`, rank and post count, `div.post_date`, 'Helpful (3)' / "
    "'Comment' / 'Report')",
    _page(
        '<div id="posts" class="post_list">'
        + _medhelp_post(499, "Jane Doe", "Mar 05, 2014", OPENING)
        + "".join(_medhelp_post(500 + i, NAMES[i], f"{WHEN[i][:3]} 0{6 + i // 2}, 2014", T[i]) for i in range(3))
        + "</div>",
        article="<h1>Walking after meals?</h1>",
    ),
    tuple(Row(NAMES[i], ISO[i], T[i]) for i in range(3)),
    opening=OPENING,
)


def _fb_seo(cid: int, name: str, iso: str, text: str) -> str:
    """A Facebook-comments WordPress plugin's static copy for crawlers: schema.org ``UserComments``
    (``creator``, ``commentTime``, ``commentText``) in a hidden box under the widget."""
    return (
        f'<div class="fb-comment" itemscope itemtype="http://schema.org/UserComments"><a itemprop="creator" href="'
        f'https://www.facebook.com/{cid}">{name}</a> <meta itemprop="commentTime" content="{iso}T10:00:00+0000">'
        f'<span class="fb-date">{iso}</span><div itemprop="commentText">{text}</div></div>'
    )


FACEBOOK_STATIC = System(
    "Facebook comments plugin's static copy for crawlers (schema.org `UserComments`: `creator`, "
    "`commentTime`, `commentText`)",
    _page(
        '<div class="fb-comments" data-href="https://healthnotes.example/walking" data-numposts="5"></div>'
        '<div id="fb-seo-comments" style="display:none">'
        + "".join(_fb_seo(900 + i, NAMES[i], ISO[i], T[i]) for i in range(3))
        + "</div>"
    ),
    tuple(Row(NAMES[i], ISO[i], T[i]) for i in range(3)),
)

HEALTH_SYSTEMS = (WISEGEEK, WISEGEEK_DATED, PATIENT_FORUM, HEALTH_COMMUNITY, FACEBOOK_STATIC)


@pytest.mark.parametrize("system", HEALTH_SYSTEMS, ids=[s.name.split(" (")[0] for s in HEALTH_SYSTEMS])
def test_every_health_comment_layout_gives_clean_rows(system: System) -> None:
    check(system)


# --- what is no reader's comment on a health page -------------------------------------------------
def _drug_review(i: int, name: str, shown: str, text: str) -> str:
    """A drug-review list (Drugs.com-style): the condition, the reader's account in quotes, a
    rating out of 10, the reviewer's name, how long it was taken, the date, "N people found this
    helpful". The classes name each one a comment."""
    return (
        f'<div class="user-comment ddc-comment" id="review-{i}"><p class="comment-condition"><b>For Diabetes, Type 2:'
        f'</b> "{text}"</p><div class="ddc-rating-summary"><span class="rating-score">{7 + i}</span>/10</div><p '
        f'class="comment-author"><span class="user-name">{name}</span> &middot; Taken for 1 to 6 months &middot; '
        f'<span class="comment-date">{shown}</span></p><p class="comment-helpful">{20 + i} people found this '
        "helpful</p></div>"
    )


def test_drug_reviews_with_a_rating_are_reviews_not_comments() -> None:
    """A drug's user reviews rate it ("8/10, for Diabetes, Type 2"): README's rule puts reviews
    and testimonials outside the comments, whatever their classes say, as a shop's."""
    html = _page(
        '<div class="user-comments">' + "".join(_drug_review(i, NAMES[i], WHEN[i], T[i]) for i in range(3)) + "</div>"
    )
    result = extract_html(html, URL)
    assert result.comments == [], [(c.author, c.text) for c in result.comments]


def test_an_experts_answers_under_a_question_are_the_page_not_comments() -> None:
    """A health Q&A page ("Answered by Dr ...") prints the publisher's doctors' answers under
    the reader's question: they are the page's content (staff pages sign them, not members')."""

    def answer(i: int, doctor: str) -> str:
        return (
            f'<div class="answer" id="answer-{i}"><div class="answer-by">Answered by <a href="/doctors/'
            f'{doctor.lower()}">Dr. {doctor}, MD</a></div><div class="answer-date">{WHEN[i]}</div><div class="answer-'
            f'body"><p>{T[i + 1]}</p></div></div>'
        )

    article = f"<h1>Does walking after meals help?</h1><p>{T[0]}</p>"
    html = _page(answer(0, "Stone") + answer(1, "Patel"), article=article)
    result = extract_html(html, URL)
    assert result.comments == [], [(c.author, c.text) for c in result.comments]
    assert T[1][:40] in result.text and T[2][:40] in result.text


def test_members_answers_under_a_question_are_rows_signed_without_answered_by() -> None:
    """The same Q&A layout answered by members (their links go to ``/users/NAME``): the answers
    are replies to the question, and "Answered by" is no part of the name (it was)."""

    def answer(i: int) -> str:
        return (
            f'<div class="answer" id="answer-{i}"><div class="answer-by">Answered by <a href="/users/{i}">{NAMES[i]}'
            f'</a></div><div class="answer-date">{WHEN[i]}</div><div class="answer-body"><p>{T[i]}</p></div></div>'
        )

    result = extract_html(_page("".join(answer(i) for i in range(3))), URL)
    got = [(c.author, str(c.posted_date), c.text) for c in result.comments]
    assert got == [(NAMES[i], ISO[i], T[i]) for i in range(3)], got


def test_a_page_feedback_form_gives_no_rows() -> None:
    """An NHS-style "Page feedback" box (was this page useful, a form, vote counts) is the
    site's widget, never a reader's comment."""
    feedback = (
        '<div class="nhsuk-feedback" id="page-feedback"><h2>Page feedback</h2><p>Is this page useful?</p><form '
        'action="/feedback" method="post"><button name="useful" value="yes">Yes</button> <button name="useful" '
        'value="no">No</button><label for="fb">Tell us why (optional)</label><textarea id="fb" name="comment">'
        '</textarea><button type="submit">Send feedback</button></form><p class="feedback-count">34 people found '
        "this useful. Page last reviewed: 6 March 2014. Next review due: 6 March 2017.</p></div>"
    )
    result = extract_html(_page(feedback), URL)
    assert result.comments == [], [(c.author, c.text) for c in result.comments]
    assert "Muscles take up glucose" in result.text


# --- left-overs: bare paragraphs in #comments, a newspaper's signature line ----------------------
@pytest.mark.parametrize(
    "header",
    ["<p><strong>{name}</strong></p><p>{when}</p>", "<p><strong>{name}</strong> {when}</p>"],
    ids=["name and date paragraphs", "one name-and-date paragraph"],
)
def test_comments_written_as_bare_paragraphs_in_the_comments_region_are_read(header: str) -> None:
    """A hand-written or old CMS's comments: in ``div#comments``, a heading, then for each comment
    a name paragraph and a date paragraph (or one paragraph of both) and the message's paragraph,
    siblings with no class."""
    body = "".join(header.format(name=NAMES[i], when=WHEN[i]) + f"<p>{T[i]}</p>" for i in range(3))
    html = _page(f'<div id="comments"><h3>3 Comments</h3>{body}</div>')
    result = extract_html(html, URL)
    got = [(c.author, str(c.posted_date), c.text, c.parent_position) for c in result.comments]
    assert got == [(NAMES[i], ISO[i], T[i], None) for i in range(3)], got
    assert "my morning readings dropped" not in result.text


def test_bare_paragraphs_without_a_name_and_date_each_are_not_comments() -> None:
    """Paragraphs in ``div#comments`` that are not each signed and dated are no evidence: no row
    is invented (an editor's note about the comment policy, the reader's words alone)."""
    html = _page(
        '<div id="comments"><h3>Comments</h3><p>We read every comment before it appears.</p>'
        f"<p>{T[0]}</p><p>{T[1]}</p></div>"
    )
    assert extract_html(html, URL).comments == []
    one_paragraph_each = "<hr>".join(f"<p><b>{NAMES[i]}</b> ({WHEN[i]})<br>{T[i]}</p>" for i in range(3))
    assert extract_html(_page(f'<div id="comments">{one_paragraph_each}</div>'), URL).comments == []


def test_a_newspapers_dash_name_place_date_signature_under_the_message() -> None:
    """A British newspaper's comment signed under the message "- NAME, PLACE, DD/MM/YYYY HH:MM":
    the author is the name without the place, the date day-first as the page's English is British."""

    def signed(i: int, name: str, place: str, shown: str) -> str:
        return (
            f'<div class="comment" id="comment-{i}"><p class="comment-body">{T[i]}</p><p class="user-info">- {name}, '
            f"{place}, {shown}</p></div>"
        )

    html = _page(
        '<div id="comments" class="reader-comments">'
        + signed(0, NAMES[0], "Bristol, United Kingdom", "06/03/2014 14:13")
        + signed(1, NAMES[1], "Leeds", "06/03/2014 15:40")
        + signed(2, NAMES[2], "London", "07/03/2014 09:02")
        + "</div>"
    ).replace("<html>", '<html lang="en-GB">')
    got = [(c.author, str(c.posted_date), c.text) for c in extract_html(html, URL).comments]
    assert got == [(NAMES[i], ISO[i], T[i]) for i in range(3)], got


def test_a_newspapers_linked_name_then_place_and_date_header() -> None:
    """The same newspaper's later header over the message: the name's link, then ", PLACE,
    DATE": the author is the link's name (it was "Maria Lopez, Leeds, United Kingdom")."""

    def header(i: int, place: str) -> str:
        return (
            f'<div class="comment" id="comment-{i}"><p class="user-info"><a class="js-usr" href="/profile/{i}">'
            f'{NAMES[i]}</a>, {place}, {ISO[i][8:]}/03/2014 14:13</p><p class="comment-body">{T[i]}</p></div>'
        )

    html = _page(
        '<div id="comments" class="reader-comments">'
        + header(0, "Leeds, United Kingdom")
        + header(1, "Bristol")
        + header(2, "London, United Kingdom")
        + "</div>"
    ).replace("<html>", '<html lang="en-GB">')
    got = [(c.author, str(c.posted_date), c.text) for c in extract_html(html, URL).comments]
    assert got == [(NAMES[i], ISO[i], T[i]) for i in range(3)], got


assert ARTICLE  # the page every layout above sits under
