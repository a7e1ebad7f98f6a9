"""The coverage matrix, continued (session 18): comment systems of 2012 news and blog pages that
no tune page had, each in the markup its template printed, read by the whole extract step
(:func:`tests.test_comment_systems.test_every_comment_system_gives_clean_rows_kept_out_of_the_article`
checks each: the rows' author, date, parent and the message exactly, the comments' words kept
out of the article). docs/extraction.md "Comment systems" lists them.
"""

from __future__ import annotations

import pytest

from tests.test_comment_systems import Row, System, T, _page
from tests.test_comment_systems import (
    test_every_comment_system_gives_clean_rows_kept_out_of_the_article as check,
)

NAMES = ("Maria Lopez", "Tom Hale", "Ann Wu")
POST = (
    "A short walk after eating helps the body clear glucose from the blood, a review of seven trials found. "
    "Even two to five minutes of light walking made a measurable difference. The researchers compared sitting, "
    "standing and walking after meals in healthy adults and in people with type 2 diabetes. Muscles take up "
    "glucose when they work, so the timing matters: the first hour after a meal is when blood sugar peaks."
)


def _metafilter_comment(cid: int, name: str, clock: str, day: str, text: str, staff: bool = False) -> str:
    """MetaFilter (2012): each comment a ``div.comments`` (the class of the whole thread's
    region elsewhere), the message first, then "posted by NAME at TIME on DATE [1 favorite]"
    with no colon, a staff member's "(staff)" badge after the name."""
    badge = ' <a class="staff" href="/faq/33"><span class="staffp">(</span>staff<span class="staffp">)</span></a>'
    return (
        f'<div class="comments"><a name="{cid}"></a>{text}<br><span class="smallcopy">posted by <a href="'
        f'https://www.metafilter.com/user/{cid % 97}" target="_self">{name}</a>{badge if staff else ""} at <a href="'
        f'/11402/walking#{cid}" target="_self">{clock}</a>  on {day} [<a href="#" title="favorites">1 favorite</a>]'
        "</span></div><br>"
    )


METAFILTER = System(
    "MetaFilter ('posted by NAME at TIME on DATE' under each `div.comments`, no colon; a '(staff)' badge)",
    "<html><head><title>Walking after meals lowers blood sugar | MetaFilter</title></head><body>"
    '<div id="page"><h1 class="posttitle">Walking after meals lowers blood sugar</h1><div class="copy">'
    f'{POST}<br><span class="smallcopy">posted by <a href="https://www.metafilter.com/user/9">Jo Ray</a> at 1:02 AM '
    'on March 6, 2012 - <a href="/11402/walking#comments">3 comments</a></span></div><a name="comments"></a>'
    + _metafilter_comment(4401, NAMES[0], "2:13 AM", "March 6, 2012", T[0])
    + _metafilter_comment(4402, NAMES[1], "3:40 PM", "March 6, 2012", T[1], staff=True)
    + _metafilter_comment(4403, NAMES[2], "9:02 AM", "March 7, 2012", T[2])
    + '<div class="comments"><a href="/login">Log in</a> or <a href="/join">join</a> to post a comment.</div>'
    "</div></body></html>",
    (Row(NAMES[0], "2012-03-06", T[0]), Row(NAMES[1], "2012-03-06", T[1]), Row(NAMES[2], "2012-03-07", T[2])),
)

METAFILTER_THIS_YEAR = System(
    "MetaFilter on the year's own posts ('posted by NAME at TIME on March 6', no year: rows undated)",
    METAFILTER.html.replace("March 6, 2012 [", "March 6 [").replace("March 7, 2012 [", "March 7 ["),
    tuple(Row(row.author, None, row.text) for row in METAFILTER.rows),
)


def _hn_2013_comment(cid: int, name: str, level: int, text: str) -> str:
    """Hacker News until 2014: a layout table per comment, its level a spacer image's width (40
    pixels a level), the header ``span.comhead`` (the name linking ``user?id=``, "6 hours ago"
    as plain text), the message a ``span.comment`` (a span, as icons are), "reply" under it."""
    return (
        f'<tr><td><table border=0><tr><td><img src="s.gif" height=1 width={level * 40}></td><td valign=top><center>'
        f'<a id=up_{cid} href="vote?for={cid}&amp;dir=up"><div class="votearrow" title="upvote"></div></a></center>'
        f'</td><td class="default"><div style="margin-top:2px"><span class="comhead"><a href="user?id={name}">'
        f'{name}</a> {level + 2} hours ago  | <a href="item?id={cid}">link</a></span></div><br><span class="comment">'
        "<font "
        f'color=#000000>{text}</font></span><p><font size=1><u><a href="reply?id={cid}">reply</a></u></font></td></tr>'
        "</table></td></tr>"
    )


HACKER_NEWS_2013 = System(
    "Hacker News until 2014 (`span.comment` messages, `span.comhead`, levels by a spacer image's width)",
    "<html><head><title>Ask HN: does walking after meals help? | Hacker News</title></head><body><center><table>"
    '<tr><td class="title"><a href="item?id=5521">Ask HN: does walking after meals help?</a></td></tr><tr><td '
    'class="subtext">112 points by <a href="user?id=jray">jray</a> 9 hours ago | <a href="item?id=5521">4 comments'
    f"</a></td></tr><tr><td>{POST}</td></tr><tr><td><form method=post action=/r><textarea name=text></textarea>"
    '<input type=submit value="add comment"></form></td></tr></table><table border=0>'
    + _hn_2013_comment(5522, "kvorak", 0, T[0])
    + _hn_2013_comment(5523, "tmbrandt", 1, T[1])
    + _hn_2013_comment(5524, "ottoline", 2, T[2])
    + _hn_2013_comment(5525, "mdoyle", 0, T[3])
    + "</table></center></body></html>",
    (
        Row("kvorak", None, T[0]),
        Row("tmbrandt", None, T[1], 0),
        Row("ottoline", None, T[2], 1),
        Row("mdoyle", None, T[3]),
    ),
)


def _portal_opinion(
    oid: int, nick: str, address: str, when: str, text: str, kids: str = "", reply: bool = False
) -> str:
    """A Polish news portal's guest comments: the nick with a tilde and the guest's masked
    address ("~Zbyszek IP: 178.42.*.*"), "29.01.2018, 13:17", "Odpowiedz +9 / -1 Zgłoś"; a reply
    nested in its comment, marked by a BEM modifier of the comment's own class."""
    return (
        f'<div class="opinia{" opinia--odpowiedz" if reply else ""}" data-id="{oid}"><div class="opinia__podpis">'
        f'~{nick} <span class="opinia__ip">IP: {address}.*.*</span></div><div class="opinia__kiedy">{when}</div>'
        f'<div class="opinia__tresc">{text}</div><div class="opinia__akcje"><a href="#">Odpowiedz</a> '
        f'<span>+9 / -1</span> <a href="#">Zgłoś</a></div>{kids}</div>'
    )


POLISH_PORTAL = System(
    "A Polish portal's guest comments ('~NICK IP: 83.21.*.*', a reply by a BEM modifier, 'Odpowiedz +9 / -1 Zgłoś')",
    _page(
        '<section id="opinie"><h3>Komentarze (3)</h3>'
        + _portal_opinion(
            11,
            "Maria",
            "83.21",
            "06.03.2012, 02:13",
            T[0],
            _portal_opinion(12, "Tom", "178.42", "06.03.2012, 15:40", T[1], reply=True),
        )
        + _portal_opinion(13, "Ann", "89.64", "07.03.2012, 09:02", T[2])
        + "</section>"
    ),
    (Row("~Maria", "2012-03-06", T[0]), Row("~Tom", "2012-03-06", T[1], 0), Row("~Ann", "2012-03-07", T[2])),
)


def _diario_comment(cid: int, name: str, when: str, text: str, answers: str | None = None, kids: str = "") -> str:
    """A Spanish paper's comments: the reply's header says whom it answers beside its date
    ("06/03/2012 - 15:40 en respuesta a Maria Lopez"), "Responder", "Me gusta (12)", "Denunciar"."""
    to = f' <span class="a-quien">en respuesta a {answers}</span>' if answers else ""
    return (
        f'<li class="comentario" id="comentario-{cid}"><div class="comentario-cab"><strong>{name}'
        f'</strong> <span class="comentario-cuando">{when}</span>{to}</div><div class="comentario-texto"><p>{text}'
        '</p></div><div class="acciones">'
        f'<a href="#">Responder</a> <a href="#">Me gusta (12)</a> <a href="#">Denunciar</a></div>'
        f"{f'<ul>{kids}</ul>' if kids else ''}</li>"
    )


SPANISH_PAPER = System(
    "A Spanish paper's comments ('DATE en respuesta a NAME' over a reply, 'Me gusta (12)')",
    _page(
        '<section id="opiniones"><h3>Comentarios (3)</h3><ul class="opiniones">'
        + _diario_comment(
            1,
            "Maria Lopez",
            "14/03/2012 - 02:13",
            T[0],
            kids=_diario_comment(2, "Tom Hale", "14/03/2012 - 15:40", T[1], answers="Maria Lopez"),
        )
        + _diario_comment(3, "Ann Wu", "15/03/2012 - 09:02", T[2])
        + "</ul></section>"
    ),
    (
        Row("Maria Lopez", "2012-03-14", T[0]),
        Row("Tom Hale", "2012-03-14", T[1], 0),
        Row("Ann Wu", "2012-03-15", T[2]),
    ),
)


def _patient_story(name: str, group: str, when: str, text: str) -> str:
    """A health portal's patient comments (2008-2014): "Comment from: NAME, 55-64 Female
    (Patient)" over the story, "Published: August 09, 2011" under it."""
    return (
        f'<div class="patient-comment"><div class="story-from">Comment from: {name}, {group} (Patient)</div>'
        f'<div class="story-text"><p>{text}</p></div><div class="story-pub">Published: {when}</div></div>'
    )


PATIENT_STORIES = System(
    "A health portal's patient comments ('Comment from: NAME, 55-64 Female (Patient)', 'Published: DATE')",
    _page(
        '<div id="patientComments"><div class="head">Patient Comments</div><div class="q">Q: What helped you?</div>'
        + _patient_story("Maria", "55-64 Female", "March 06, 2012", T[0])
        + _patient_story("Tom", "65-74 Male", "March 06, 2012", T[1])
        + _patient_story("Ann", "35-44 Female", "March 07, 2012", T[2])
        + '<div class="more"><a href="/stories-1.htm">Read 41 Comments</a></div></div>'
    ),
    (Row("Maria", "2012-03-06", T[0]), Row("Tom", "2012-03-06", T[1]), Row("Ann", "2012-03-07", T[2])),
)

UNSEEN_2012 = (METAFILTER, METAFILTER_THIS_YEAR, HACKER_NEWS_2013, POLISH_PORTAL, SPANISH_PAPER, PATIENT_STORIES)


@pytest.mark.parametrize("system", UNSEEN_2012, ids=[s.name.split(" (")[0] for s in UNSEEN_2012])
def test_every_unseen_system_of_the_era_gives_clean_rows(system: System) -> None:
    check(system)


def test_a_code_comment_a_syntax_highlighter_classes_comment_is_no_reader_comment() -> None:
    """A ``span.comment`` holding a message is Hacker News's comment; inside ``pre`` or ``code``
    it is a highlighted code comment ("// Make a copy; don't overwrite argument.")."""
    from pipeline.extract import extract_html
    from tests.test_comment_systems import ARTICLE, _page

    code = "".join(
        f'<pre><code>x := y<span class="comment">// {line}</span>\nreturn x</code></pre>'
        for line in ("Make a copy; do not overwrite the argument.", "Loop is quadratic; fixed in the next example.")
    )
    result = extract_html(_page("", ARTICLE + code), "https://healthnotes.example/2012/03/walking.html")
    assert result.comments == []
