"""Threads of systems the finders did not know (``bench/tune_pages/threads`` holds a real-looking
page of each): a mailing list archive's messages under their mail headers, an issue tracker whose
first comment is the issue, a Hacker News clone whose name link has another class. Each page here
is written for the test; each assertion failed before its change."""

from __future__ import annotations

import pytest

from pipeline.extract import extract_html

OPENING = (
    "Our son was diagnosed in January and we meet his school catering manager on Thursday. The"
    " kitchen is small and the same toaster and serving spoons get used for everything. What did"
    " you ask for in writing, and did a letter from the dietitian help?"
)
REPLIES = (
    (
        "Geoff Lindqvist",
        "Sun, 4 Mar 2012 22:40:05 +0000",
        "2012-03-04",
        "Ask who covers when the usual cook is off sick.",
    ),
    ("Anjali Rao", "Mon, 5 Mar 2012 07:12:51 +0000", "2012-03-05", "Yes, the letter helped: the head read it out."),
)


def _message(name: str, address: str, when: str, body: str, attribution: str = "") -> str:
    """One message of a list archive's thread view: its mail header as a table, its body."""
    return (
        f'<div class="m"><table class="h"><tr><td>From:</td><td><span>{name}</span> &lt;{address}@<i>...</i>&gt;'
        f"</td></tr><tr><td>Date:</td><td>{when}</td></tr><tr><td>Subject:</td><td>Re: School lunches</td></tr>"
        f'</table><div class="b">{attribution}<p>{body}</p></div><div class="f"><a href="/a/1.html">Permalink</a>'
        ' | <a href="mailto:list@lists.example">Reply to list</a></div></div><hr>'
    )


def _archive(messages: str) -> str:
    return (
        "<html><head><title>coeliac-parents: School lunches (full thread)</title></head><body>"
        '<div class="t"><a href="/">CoeliacNet lists</a> | <a href="/search">Search the archives</a></div>'
        f"<h1>School lunches</h1><div>From the coeliac-parents list, March 2012.</div><hr>{messages}</body></html>"
    )


def test_a_list_archives_messages_under_their_mail_headers_are_a_thread() -> None:
    """Before: no row; the headers, the quotes and every message read as the article.
    Each reply's mail client line over its quote ("On DATE, NAME <address> wrote:", "At TIME
    DATE, NAME wrote:") is no part of what it wrote."""
    attributions = (
        "<p>On Sun, Mar 4, 2012 at 9:17 PM, Wendy Harcourt &lt;wendy@<i>...</i>&gt; wrote:</p>",
        "<p>At 09:17 PM 3/4/2012, Wendy Harcourt wrote:</p>",
    )
    messages = _message("Wendy Harcourt", "wendy", "Sun, 4 Mar 2012 21:17:40 +0000", OPENING) + "".join(
        _message(name, name.split()[0].lower(), when, body, attribution + '<div class="q">&gt; the toaster</div>')
        for (name, when, _, body), attribution in zip(REPLIES, attributions, strict=True)
    )
    result = extract_html(_archive(messages), "https://lists.example/archive/2012-March/thread-1204.html")
    assert [(c.author, c.posted_date.isoformat() if c.posted_date else None, c.text) for c in result.comments] == [
        (name, day, body) for name, _, day, body in REPLIES
    ]
    assert result.text == OPENING
    assert result.metadata.authors == ["Wendy Harcourt"]


def test_a_list_archives_reply_is_threaded_under_the_message_its_attribution_names() -> None:
    """A reply quoting the opening post answers nobody's row (the post is the article); one
    whose mail client line names an earlier reply's writer ("On 5 March 2012 07:12, Anjali Rao
    <address> wrote:") answers that reply, even where the quote under it is marked as a quote
    (before: no parent, the quote's first words taken for the quoted name)."""
    attribution = "<p>On 5 March 2012 07:12, Anjali Rao &lt;anjali@<i>...</i>&gt; wrote:</p>"
    messages = (
        _message("Wendy Harcourt", "wendy", "Sun, 4 Mar 2012 21:17:40 +0000", OPENING)
        + "".join(
            _message(name, name.split()[0].lower(), when, body, "<p>At 09:17 PM 3/4/2012, Wendy Harcourt wrote:</p>")
            for name, when, _, body in REPLIES
        )
        + _message(
            "Wendy Harcourt",
            "wendy",
            "Mon, 5 Mar 2012 12:30:12 +0000",
            "That is the tone I want to set, thank you both.",
            attribution + '<div class="quote"><span class="quotelev1">&gt; the head read it out</span></div>',
        )
    )
    result = extract_html(_archive(messages), "https://lists.example/archive/2012-March/thread-1204.html")
    assert [(c.author, c.parent_position) for c in result.comments] == [
        ("Geoff Lindqvist", None),
        ("Anjali Rao", None),
        ("Wendy Harcourt", 1),
    ]


@pytest.mark.parametrize(
    "page",
    [
        # one message: a press office's release under its mail header
        _archive(_message("Press Office", "press", "Sun, 4 Mar 2012 21:17:40 +0000", OPENING)),
        # a contact form's "From:" and "Date:" fields twice (no date in them)
        _archive(
            "<form><div><label>From:</label><input name=f></div><div><label>Date:</label><input name=d></div>"
            f"<p>{OPENING}</p></form>" * 2
        ),
    ],
    ids=["one message", "a form's fields"],
)
def test_mail_headers_that_are_no_thread_give_no_row(page: str) -> None:
    assert extract_html(page, "https://lists.example/archive/x.html").comments == []


ISSUE = (
    "After the clocks went forward this morning, every reminder scheduled between two and three"
    " fired twice, and every later reminder fired on time and again an hour later. Pixel 4a, Android 11."
)
ANSWERS = (
    ("tobiasreuter", "Thanks for the report, I can reproduce this with the clocks set to Europe/London."),
    ("hbloom", "Confirmed fixed in the beta channel: one reminder each, both days."),
)


def _tracker_comment(name: str, number: int, text: str) -> str:
    """An issue tracker's timeline comment: the issue body is numbered like the replies."""
    return (
        f'<div class="tl"><a class="av" href="/{name}"><img alt="@{name}" src="/a.png"></a><div class="grp" '
        f'id="issuecomment-80811{number}"><div class="hd"><strong><a class="author" href="/{name}">{name}</a>'
        f'</strong> commented <a href="#issuecomment-80811{number}"><relative-time datetime="2021-03-2{8 + number // 2}'
        f'T08:03:17Z">Mar 28, 2021</relative-time></a></div><div class="body"><p>{text}</p></div></div></div>'
    )


def _tracker(opened_by: str) -> str:
    comments = _tracker_comment("elsie-navarro", 0, ISSUE) + "".join(
        _tracker_comment(name, n, text) for n, (name, text) in enumerate(ANSWERS, start=1)
    )
    return (
        "<html><head><title>Reminders fire twice after the clocks go forward · Issue #812</title></head><body>"
        '<div class="repo"><span class="author"><a href="/dosewise">dosewise</a></span> / dosewise-android</div>'
        '<h1>Reminders fire twice after the clocks go forward <span>#812</span></h1><div class="meta">'
        f'<a class="author" href="/{opened_by}">{opened_by}</a> opened this issue on Mar 28, 2021 · 5 comments'
        f'</div><div class="discussion">{comments}</div></body></html>'
    )


def test_an_issue_trackers_first_comment_by_the_one_who_opened_it_is_the_article() -> None:
    """Before: the issue body was the first comment row and the article the page's chrome."""
    result = extract_html(_tracker("elsie-navarro"), "https://code.forge.example/dosewise/app/issues/812")
    assert result.text == ISSUE
    assert result.metadata.authors == ["elsie-navarro"]
    assert [(c.author, c.text) for c in result.comments] == list(ANSWERS)


def test_a_first_comment_by_another_than_the_opener_stays_a_comment() -> None:
    result = extract_html(_tracker("someone-else"), "https://code.forge.example/dosewise/app/issues/812")
    assert [c.author for c in result.comments] == ["elsie-navarro", *(name for name, _ in ANSWERS)]


def test_a_hacker_news_clones_name_link_names_the_comment() -> None:
    """The header line before each comment links its writer's page as Hacker News does
    (``user?id=NAME``) under another class than ``hnuser``. Before: every row unsigned."""
    rows = "".join(
        f'<tr class="athing comtr" id="36623{i}"><td><table><tr><td class="ind" indent="{i}"><img src="s.gif" '
        f'width="{40 * i}"></td><td class="default"><div><span class="comhead"><a href="user?id={name}" class="tnuser">'
        f'{name}</a> <span class="age" title="2012-03-04T14:48:1{i}"><a href="item?id=36623{i}">4 hours ago</a></span>'
        f'</span></div><br><div class="comment"><span class="commtext">{text}</span></div></td></tr></table></td></tr>'
        for i, (name, text) in enumerate((("resp_nurse_uk", ISSUE), *ANSWERS))
    )
    page = (
        "<html><head><title>Show: an inhaler log for families | Clone News</title></head><body><table>"
        '<tr><td><a href="https://inhaler.example">Show: an inhaler log for families</a></td></tr></table>'
        f'<table class="comment-tree">{rows}</table></body></html>'
    )
    result = extract_html(page, "https://news.clone.example/item?id=3662140")
    assert [c.author for c in result.comments] == ["resp_nurse_uk", "tobiasreuter", "hbloom"]


def _idc(number: int, name: str, votes: str, text: str, replies: str = "") -> str:
    """IntenseDebate's rendered comment (its script's DOM, as a crawler that runs it saves it)."""
    return (
        f'<div id="idc-comment-wrap-{number}" class="idc-thread"><div class="idc-c" id="IDComment-{number}">'
        f'<div class="idc-c-h"><span class="idc-i"><a href="#">{name}</a></span> <span class="idc-v">{votes}</span>'
        f' <a class="idc-share" href="#">2 weeks ago</a></div><div class="idc-c-t"><div class="idc-c-t-inner">{text}'
        f'</div></div><div class="idc-c-b"><a href="#">Reply</a></div></div>{replies}</div>'
    )


def test_intensedebates_rendered_thread_is_read_whole() -> None:
    """``IDComment-N`` names a comment as ``comment-N`` does; the name links nowhere, the date is
    "2 weeks ago" and a vote count ("0") sits between them: the header's first link on a line
    dated by a time counted back is the author. Before: the first thread's two comments only
    (by the heading over them), the later threads lost."""
    reply = _idc(12, "Kit Arbuthnot", "+1", ANSWERS[0][1]).replace('class="idc-thread"', 'class="idc-thread idc-reply"')
    thread = (
        _idc(11, "Jen_runs_slow", "+2", ANSWERS[1][1], reply)
        + _idc(13, "Marcus T", "+4", "Seconding the calf raises, slowly on the way down.")
        + _idc(
            14,
            "Priya",
            "0",
            "Really glad you mentioned stress fractures.",
            _idc(15, "Jen_runs_slow", "0", "Ouch. Hope you are back running now!").replace(
                'class="idc-thread"', 'class="idc-thread idc-reply"'
            ),
        )
    )
    page = (
        "<html><head><title>Shin splints, third time lucky</title></head><body><h1>Shin splints, third time lucky</h1>"
        f'<div class="entry"><p>{ISSUE}</p><p>{ISSUE}</p></div><div id="idc-container"><div class="idc-head"><h3>5 '
        'Responses</h3> <span class="idc-sort">Sort by: Date Rating</span> <a href="#">Subscribe via RSS</a></div>'
        f'{thread}<div class="idc-form"><p>Comment as a Guest:</p><textarea></textarea></div></div></body></html>'
    )
    result = extract_html(page, "https://runner.example/2011/05/shin-splints.html")
    assert [(c.author, c.text) for c in result.comments] == [
        ("Jen_runs_slow", ANSWERS[1][1]),
        ("Kit Arbuthnot", ANSWERS[0][1]),
        ("Marcus T", "Seconding the calf raises, slowly on the way down."),
        ("Priya", "Really glad you mentioned stress fractures."),
        ("Jen_runs_slow", "Ouch. Hope you are back running now!"),
    ]


def test_a_drupal_comments_rdfa_date_is_its_date_whatever_the_sites_format() -> None:
    """Drupal 7 prints "Submitted by NAME on Tue, 12/06/2012 - 18:40" in the site's format (a
    British site's 12 June) inside ``<span property="dc:date dc:created" content=ISO>``. Before:
    read month first on an English page, 6 December (`bench/tune_pages/threads`' Drupal page)."""
    comments = "".join(
        f'<div class="comment clearfix" about="/comment/{n}#comment-{n}"><div class="submitted"><span property='
        f'"dc:date dc:created" content="2012-06-{n}T18:40:00+01:00" datatype="xsd:dateTime">Submitted by <a '
        f'href="/users/{name.lower()}" class="username">{name}</a> on Tue, {n}/06/2012 - 18:40.</span></div>'
        f'<div class="content"><div class="field-item even"><p>{text}</p></div></div></div>'
        for n, (name, text) in zip((12, 13), ANSWERS, strict=True)
    )
    page = (
        '<html lang="en"><head><title>Defibrillators for 40 clubs</title></head><body><h1>Defibrillators for 40 '
        f'clubs</h1><div class="content"><p>{ISSUE}</p><p>{ISSUE}</p></div><div id="comments" class="comment-'
        f'wrapper"><h2 class="title">Comments</h2>{comments}</div></body></html>'
    )
    result = extract_html(page, "http://news.example/news/2012/06/defibrillators")
    assert [(c.author, c.posted_date.isoformat() if c.posted_date else None) for c in result.comments] == [
        ("tobiasreuter", "2012-06-12"),
        ("hbloom", "2012-06-13"),
    ]
