"""A thread found by its readers' profile links alone (``comments:signed-siblings``) under class
names that say nothing, as a forum of Hacker News's layout writes it: each comment a table row
with the name's link, the date in a span whose title is a machine timestamp ("2023-12-27T02:08:14
1703642894" over "on Dec 27, 2023") and a header of navigation links ("parent | prev | next").
The date is read by its title whatever the span's class (wcxb-dev 0568 under
``bench/comment_perturb.py``'s hash-classes: no date, so no post, 135 rows lost), and a short
reply ("Thanks, that helps a lot.") among posts is one of them: every block had to be a post of
four words or more outside links, and the header's links outweighed it. A list of the same
shape whose odd entries are teasers (a headline linking another page) is still no thread."""

from __future__ import annotations

from pipeline.extract import extract_html
from pipeline.extract.comment_dates import date_of
from tests.test_comment_systems import _page

URL = "https://forum.example/item?id=38777115"
NAMES = ("caprock", "samstave", "v9v", "koconder", "mlopez", "tomhale")
TEXTS = (
    "I'm generally optimistic about the next five years, and the change has already started.",
    "The pendulum swings both ways, and most of what looked grim last year has eased since then.",
    "Previous years' threads are worth reading side by side; the predictions aged in odd ways.",
    "Thanks, that helps a lot.",
    "I would add that the cost of batteries will decide most of it, more than any policy will.",
    "Agreed on batteries, though the grid connections are the slower part in most places.",
)


def _row(i: int, text: str, indent: int = 0, teaser: bool = False) -> str:
    message = f'<a href="https://other.example/story/{i}">{text}</a>' if teaser else text
    return (
        f'<tr class="_x1nkt" id="_c{i}"><td><table border="0"><tr><td class="_kawd1" indent="{indent}">'
        f'<img src="s.gif" height="1" width="{indent * 40}"></td><td class="_zd0vq"><div><span class="_so43y">'
        f'<a href="user?id={NAMES[i]}" class="_1ea1p">{NAMES[i]}</a> <span class="_ex4m0" '
        f'title="2023-12-2{i}T02:0{i}:14 170364289{i}"><a href="item?id=3877830{i}">on Dec 2{i}, 2023</a></span>'
        f' <span class="_z25is"> | <a href="#r{i}">root</a> | <a href="#p{i}">parent</a> | <a href="#n{i}">next</a>'
        f'</span></span></div><br><div class="_qq0sv"><div class="_cztsk">{message}</div>'
        f'<div class="_rply"><a href="reply?id=3877830{i}">reply</a></div></div></td></tr></table></td></tr>'
    )


def test_a_date_under_a_machine_title_is_read_whatever_its_class() -> None:
    from lxml import html

    span = html.fromstring(
        '<div><span class="_ex4m0" title="2023-12-27T02:08:14 1703642894"><a>on Dec 27, 2023</a></span></div>'
    )
    posted = date_of([span], [], "en")
    assert posted is not None and posted.printed.date().isoformat() == "2023-12-27"


def test_a_short_reply_among_signed_posts_is_a_comment_of_the_thread() -> None:
    rows = "".join(_row(i, text, indent=1 if i == 3 else 0) for i, text in enumerate(TEXTS))
    result = extract_html(_page(f'<table class="_w8k2" border="0">{rows}</table>'), URL)
    assert [(c.author, c.text, c.parent_position) for c in result.comments] == [
        (NAMES[i], TEXTS[i], 2 if i == 3 else None) for i in range(len(TEXTS))
    ]
    assert TEXTS[3] not in result.text


def test_signed_dated_entries_whose_odd_ones_are_teasers_are_no_thread() -> None:
    headlines = (
        "Batteries are getting cheaper faster than anyone expected this decade",
        "Why grid connections are now the slowest part of every energy project",
    )
    rows = "".join(_row(i, text) for i, text in enumerate(TEXTS[:4])) + "".join(
        _row(4 + i, headline, teaser=True) for i, headline in enumerate(headlines)
    )
    assert extract_html(_page(f'<table class="_w8k2" border="0">{rows}</table>'), URL).comments == []
