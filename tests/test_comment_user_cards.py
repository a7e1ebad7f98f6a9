"""Forum posts by their user cards (``comments:user-card-posts``): a forum package whose class
names and ids a theme hashed is read by the card beside each post (a name, "Posts: 12",
"Joined: Feb 6, 2012"), the opening post the article, the replies its rows with their own
dates (never the join date) and no card line in their text; a leaderboard, a forum index, a
listing of threads, a team page and reviews, all of which print such cards, are no thread."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import pytest

from pipeline.extract import extract_html
from pipeline.extract.comment_user_cards import card_line
from tests.test_comment_forums import FLUXBB, MYBB
from tests.test_comment_health import HEALTH_SYSTEMS
from tests.test_comment_systems import (
    INVISION_4,
    IPB_3,
    PHPBB_2,
    PHPBB_3,
    PHPBB_30,
    PHPBB_SUBSILVER2,
    SMF_2,
    VBULLETIN_3,
    VBULLETIN_4,
    XENFORO_2,
    System,
    _page,
)
from tests.test_comment_systems import (
    test_every_comment_system_gives_clean_rows_kept_out_of_the_article as check,
)

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

import comment_perturbations as P

URL = "https://forum.healthnotes.example/topic/7/walking-after-meals"
CARDED = (
    VBULLETIN_3,
    VBULLETIN_4,
    PHPBB_2,
    PHPBB_3,
    PHPBB_30,
    PHPBB_SUBSILVER2,
    XENFORO_2,
    INVISION_4,
    IPB_3,
    SMF_2,
    MYBB,
    FLUXBB,
    *(s for s in HEALTH_SYSTEMS if "user cards" in s.name),
)


@pytest.mark.parametrize("system", CARDED, ids=[s.name.split(" (")[0] for s in CARDED])
def test_a_forum_package_under_hashed_class_names_is_read_by_its_user_cards(system: System) -> None:
    """Every class and id hashed (the finders that know a post by ``post_12`` or ``postbody``
    see none): the same rows as the package's own markup gives, the opening post the article."""
    check(replace(system, html=P.hash_classes(system.html, [])))


def _post(name: str, card: str, when: str, text: str) -> str:
    return (
        f'<div class="_a81kq"><div class="_c2m9x"><a href="/u/{name.lower()}" class="_n4">{name}</a>'
        f'<div class="_r7">Member</div>{card}</div><div class="_b5k2"><div class="_d0">{when}</div>'
        f'<div class="_m3"><p>{text}</p></div><a class="_q1" href="#">Quote</a></div></div>'
    )


OPENING = "Has anyone tried walking after every meal? My fasting reading has crept up to 118 this year."
REPLIES = (
    ("Maria", "I walk ten minutes after dinner and my morning readings dropped within weeks."),
    ("tomhale", "A slow stroll is enough according to the review; the muscles do the work."),
)


def _thread(card: str) -> str:
    posts = [("gary", OPENING), *REPLIES]
    return "".join(
        _post(name, card.format(n=12 + i), f"March {6 + i}, 2012, 09:1{i} AM", text)
        for i, (name, text) in enumerate(posts)
    )


FORUM_PAGE = (
    '<html><head><title>Walking after meals - Health board</title></head><body><div class="_h1"><a href="/">'
    'Health board</a></div><div class="_w9"><h1>Walking after meals</h1><div class="_t3">{posts}</div></div>'
    "</body></html>"
)


@pytest.mark.parametrize(
    "card",
    [
        "<div>Posts: {n}</div><div>Joined: Feb 6, 2011</div>",
        "<dl><dt>Join Date</dt><dd>Feb 2011</dd><dt>Messages</dt><dd>{n}</dd></dl>",
        "<div><strong>Posts:</strong> {n}</div>",
        "<span>{n} posts</span>",
        "<div>Beiträge: {n}</div><div>Registriert: 06.02.2011</div>",
    ],
)
def test_posts_with_a_card_beside_each_are_a_thread_whose_first_post_is_the_article(card: str) -> None:
    result = extract_html(FORUM_PAGE.format(posts=_thread(card)), URL)
    assert [(c.author, c.text, c.posted_date.isoformat() if c.posted_date else None) for c in result.comments] == [
        ("Maria", REPLIES[0][1], "2012-03-07"),  # the post's date, not the member's join date
        ("tomhale", REPLIES[1][1], "2012-03-08"),
    ]
    assert OPENING in result.text
    assert "Posts" not in result.text and "Joined" not in result.text


def test_carded_posts_after_an_article_are_its_comments() -> None:
    """An article's words before the run: every post is a reader's comment, the first too."""
    result = extract_html(_page(f'<div class="_t3">{_thread("<div>Posts: {n}</div>")}</div>'), URL)
    assert [c.author for c in result.comments] == ["gary", "Maria", "tomhale"]
    assert "Muscles take up glucose" in result.text


def test_a_template_line_over_each_post_and_a_quote_stay_out_of_and_in_the_message() -> None:
    """The thread's subject printed over every post is the template's, not the message; a
    line one reply quotes from another post is the reply's message (it is in two posts only)."""
    posts = [("gary", OPENING), *REPLIES, ("AnnWu", "Thanks, I will try that from tomorrow on.")]
    html = "".join(
        f'<div class="_a81kq"><div class="_c2m9x"><b>{name}</b><div>Posts: {9 + i}</div></div><div class="_b5k2">'
        f'<div>March {6 + i}, 2012</div><div><div class="_s">Re: Walking after meals</div>'
        + (f"<blockquote><div>{REPLIES[0][1]}</div></blockquote>" if name == "AnnWu" else "")
        + f"<p>{text}</p></div></div></div>"
        for i, (name, text) in enumerate(posts)
    )
    result = extract_html(FORUM_PAGE.format(posts=html), URL)
    assert [c.text for c in result.comments][:2] == [REPLIES[0][1], REPLIES[1][1]]  # no "Re: Walking after meals"
    assert [c.author for c in result.comments] == ["Maria", "tomhale", "AnnWu"]
    assert result.comments[2].text.endswith("Thanks, I will try that from tomorrow on.")


LISTINGS = {
    "a forum index": "".join(
        f'<div class="_b"><a href="/forum/viewforum.php?f={i}">Diabetes and blood sugar board {i}</a><p>Talk about'
        f" diet, exercise and living well with type 2 diabetes, part {i}.</p><div>Posts: {340 * i}</div>"
        f'<div>Last post by <a href="/forum/member.php?u={i}">Maria Lopez</a></div><div>March {i}, 2012</div></div>'
        for i in range(1, 5)
    ),
    "top posters": "".join(
        f'<div class="_p"><a href="/forum/member.php?u={i}">Maria {i}</a><div>Posts: {1240 - i}</div><div>Joined: Jan '
        f"2011</div><div>Last active March {i}, 2012</div></div>"
        for i in range(1, 5)
    ),
    "reviews with stars": "".join(
        f'<div class="_r"><b>Maria {i}</b><div>Posts: {i}</div><span class="_s">4 out of 5 stars</span><div>March {i},'
        f" 2012</div><p>Comfortable shoes for the evening walk, the soles held up well, pair {i}.</p></div>"
        for i in range(1, 4)
    ),
}


@pytest.mark.parametrize("name", list(LISTINGS))
def test_a_page_of_cards_that_is_no_thread_gives_no_row(name: str) -> None:
    """Cards alone, at the top of a page (where a forum's opening post would be the article)."""
    result = extract_html(FORUM_PAGE.format(posts=LISTINGS[name]), URL)
    assert result.comments == []


@pytest.mark.parametrize(
    ("line", "card"),
    [
        ("Posts: 12", True),
        ("12 posts", True),
        ("Messages 1,499", True),
        ("Join Date: Feb 2012", True),
        ("Joined: Mon Feb 06, 2012 1:00 pm", True),
        ("Registered: 2011-01-02", True),
        ("Member since: Jan 2010", True),
        ("Registered User", False),  # a rank
        ("Joined the practice in 2009 after training in Boston", False),  # prose
        ("Posts about walking", False),
    ],
)
def test_a_card_line_is_a_post_count_or_a_join_date(line: str, card: bool) -> None:
    assert card_line(line) is card


# A thread long enough to stand as the page's text (no recall fallback over it).
LONGER = (
    " I walk most days but never straight after eating, and my doctor wants me to try it for a month"
    " before we talk about medication. Does the pace matter, and how long after the meal should I start?"
)


def _real_thread(bars: bool = False, subject: bool = False, signature: bool = False, edited: bool = False) -> str:
    """A thread as a forum package prints it under hashed names: each post's permalinked date,
    optionally its subject linking the same permalink, an edit note inside the date's element,
    a member's signature linking their own site; optionally the pagination and sort bars that
    share the posts' parent and print the thread's post count."""
    posts = []
    for i, (name, text) in enumerate([("gary", OPENING + LONGER), *REPLIES]):
        permalink = f"/topic/7/walking-after-meals?msg={901 + i}"
        title = f'<div class="_s"><a href="{permalink}">Walking after meals, does it help?</a></div>' if subject else ""
        note = f"(This post was last modified: March 9, 2012, 10:00 AM by {name}.)"
        note = f'<span class="_e">{note}</span>' if edited else ""
        date = f"March {6 + i}, 2012, 09:1{i} AM"
        date = date if edited else f'<a href="{permalink}">{date}</a>'  # MyBB's date is bare text
        sign = '<div class="_g"><a href="https://sugar-diary.example">Sugar Diary - my blood sugar log</a></div>'
        posts.append(
            f'<div class="_a81kq"><div class="_c2m9x"><a href="/u/{name}" class="_n4">{name}</a><div>Posts: {12 + i}'
            f'</div></div><div class="_b5k2">{title if i == 0 else ""}<span class="_d0">{date} {note}</span>'
            f'<div class="_m3"><p>{text}</p></div>'
            f"{sign if signature else ''}</div></div>"
        )
    bar = (
        '<div class="_pg"><a href="/post?t=7">Reply</a> <input type="search" name="q"><div class="_pc">3 posts'
        ' <a href="?p=2">2</a> <a href="?p=2">Next</a></div></div>'
    )
    return (bar if bars else "") + "".join(posts) + (bar.replace('type="search"', 'type="submit"') if bars else "")


@pytest.mark.parametrize(
    "shape",
    [
        {"bars": True},  # before: the bars, which print "3 posts", were no posts, so no thread
        {"subject": True, "signature": True},  # before: the subject and the signature read as teasers' headlines
        {"edited": True},  # before: the date line with its edit note too long for a date line
    ],
    ids=["pagination bars", "subject and signature links", "edit note by the date"],
)
def test_a_real_forum_page_under_hashed_names_is_read_by_its_user_cards(shape: dict[str, bool]) -> None:
    """What a forum package prints around its posts besides the card (wcxb-dev 0536's phpBB,
    0556's SMF and 0558's MyBB under ``bench/perturb.py``'s rename-classes: no row before)."""
    result = extract_html(FORUM_PAGE.format(posts=_real_thread(**shape)), URL)
    assert [(c.author, c.text, c.posted_date.isoformat() if c.posted_date else None) for c in result.comments] == [
        ("Maria", REPLIES[0][1], "2012-03-07"),
        ("tomhale", REPLIES[1][1], "2012-03-08"),
    ]
    assert result.metadata.authors == ["gary"]
    assert result.text == OPENING + LONGER
