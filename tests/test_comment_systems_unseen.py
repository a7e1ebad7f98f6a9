"""The coverage matrix, continued (session 18): comment systems of 2012 news and blog pages that
no tune page had, each in the markup its template printed, read by the whole extract step
(:func:`tests.test_comment_systems.test_every_comment_system_gives_clean_rows_kept_out_of_the_article`
checks each: the rows' author, date, parent and the message exactly, the comments' words kept
out of the article). docs/extraction.md "Comment systems" lists them.
"""

from __future__ import annotations

import pytest

from tests.test_comment_systems import Row, System, T
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

UNSEEN_2012 = (METAFILTER,)


@pytest.mark.parametrize("system", UNSEEN_2012, ids=[s.name.split(" (")[0] for s in UNSEEN_2012])
def test_every_unseen_system_of_the_era_gives_clean_rows(system: System) -> None:
    check(system)
