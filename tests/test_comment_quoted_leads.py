"""A reply that opens with the words it answers, copied from an earlier comment in no quote
markup (an ``<i>`` and a line break, or a ``>`` line), keeps only what its reader wrote
(:mod:`pipeline.extract.comment_quotes`); a reader's own repeat, a whole copied comment and a
short phrase two readers share stay as written."""

from __future__ import annotations

from pipeline.extract import extract_html
from tests.test_comment_systems import _page, _wp_html5

URL = "https://healthnotes.example/2012/03/walking.html"
FIRST = (
    "The heart rate bumps are real, but a minute of higher heart rate is not a health problem. What I would "
    "want to see is whether the people with the most events had worse blood pressure at the end of the year."
)
QUOTE = "What I would want to see is whether the people with the most events had worse blood pressure"
ANSWER = "Agreed. Also I would guess people on loud streets differ in a lot of other ways, income among them."


def _rows(*comments: tuple[str, str]) -> list[str]:
    items = "".join(_wp_html5(i + 1, name, f"2012-03-0{i + 1}", text, 1) for i, (name, text) in enumerate(comments))
    result = extract_html(_page(f'<div id="comments"><ol class="comment-list">{items}</ol></div>'), URL)
    return [c.text for c in result.comments]


def test_a_reply_opening_with_an_earlier_comments_words_keeps_its_own() -> None:
    rows = _rows(("kestrelfeather", FIRST), ("ambrose", f"<i>{QUOTE}</i><br><br>{ANSWER}"))
    assert rows == [FIRST, ANSWER]


def test_a_marked_line_quote_goes_too() -> None:
    rows = _rows(("kestrelfeather", FIRST), ("ambrose", f"&gt; {QUOTE}</p><p>{ANSWER}"))
    assert rows == [FIRST, ANSWER]


def test_what_is_no_quote_of_another_reader_stays() -> None:
    own = f"<i>{QUOTE}</i><br><br>{ANSWER}"
    assert _rows(("kestrelfeather", FIRST), ("kestrelfeather", own))[1] == f"{QUOTE}\n\n{ANSWER}"
    copy = f"{QUOTE}<br><br>{ANSWER}"  # a whole comment posted twice (spam) quotes nothing
    assert _rows(("kestrelfeather", copy), ("ambrose", copy))[1] == f"{QUOTE}\n\n{ANSWER}"
    short = "I agree with this completely.<br><br>" + ANSWER  # shared words too few to be a quote
    assert _rows(("kestrelfeather", "I agree with this completely."), ("ambrose", short))[1] == (
        f"I agree with this completely.\n\n{ANSWER}"
    )
