"""Numeric comment dates on a page of English that states no region (``<html lang="en">``):
12/3/2012 is the 12th of March or the 3rd of December, and the page itself says which. A British
tabloid of 2012 (bench/tune_pages/news2012c) signs each comment "NAME, Town, 12/3/2012 14:22" and
prints its own date "12 March 2012": every comment was dated 3 December, nine months after the
article. The page's evidence, first to last: its other numeric dates with a part over 12, its
host's country code, its dates with the month spelled out.
"""

from __future__ import annotations

import time

from pipeline.extract import extract_html
from pipeline.extract.dates import DAY_FIRST_ENGLISH, page_date_locale

TEXTS = (
    "Two cans a day is nothing, my grandad drank cola every day of his life and lived to ninety-one.",
    "The study followed men only, so I would like to see whether the same holds for women as well.",
    "Sugar tax now. The evidence has been piling up for years and nobody in government will act on it.",
)
NAMES = ("Ricky", "Sandra P", "Owen")


def _page(stamp: str, byline: str) -> str:
    comments = "".join(
        f'<div class="comment" id="c{i}"><p class="comment-body">{text}</p>'
        f'<p class="user-info"><a href="/profile?n={i}">{name}</a>, Leeds, {stamp.format(hour=14 + i)}</p></div>'
        for i, (name, text) in enumerate(zip(NAMES, TEXTS, strict=True))
    )
    article = (
        "<p>Drinking two sugary drinks a day raises the risk of a heart attack by a fifth, a study of 40,000 "
        "men followed for 22 years has found, even among slim men who took regular exercise.</p>"
        "<p>The researchers said the link held after they had allowed for smoking, diet and family history, "
        "and called for clearer labels on cans and bottles sold in shops and vending machines.</p>"
    )
    return (
        '<html lang="en"><head><title>Two fizzy drinks a day raise heart risk</title></head><body>'
        '<div id="header"><a href="/">Mail Herald Online</a></div>'
        f'<div id="content"><h1>Two fizzy drinks a day raise heart risk</h1><p class="byline">{byline}</p>'
        f'<div class="article-text">{article}</div>'
        f'<div id="comments"><h3>Comments (3)</h3>{comments}</div></div>'
        '<div id="footer"><p>Copyright 2012 Mail Herald Online</p></div></body></html>'
    )


def _dates(html: str, url: str = "http://www.mailherald.example/health/article-2113854.html") -> list[str]:
    result = extract_html(html, url)
    assert [c.text for c in result.comments] == list(TEXTS)
    return [str(c.posted_date) for c in result.comments]


def test_a_page_that_spells_its_dates_day_first_reads_its_numeric_comment_dates_day_first() -> None:
    html = _page("12/3/2012 {hour}:22", "By Jenny Hollis. Last updated at 1:05 PM on 12 March 2012")
    assert _dates(html) == ["2012-03-12"] * 3


def test_a_host_under_a_day_first_country_code_reads_them_day_first() -> None:
    html = _page("12/3/2012 {hour}:22", "By Jenny Hollis")
    assert _dates(html, "http://www.mailherald.co.uk/health/article-2113854.html") == ["2012-03-12"] * 3


def test_another_numeric_date_with_a_day_over_twelve_decides_the_order() -> None:
    html = _page("12/3/2012 {hour}:22", "By Jenny Hollis. Updated 28/3/2012")
    assert _dates(html) == ["2012-03-12"] * 3


def test_a_page_that_spells_its_dates_month_first_keeps_english_s_month_first_order() -> None:
    html = _page("12/3/2012 {hour}:22", "By Jenny Hollis. Last updated at 1:05 PM on December 3, 2012")
    assert _dates(html) == ["2012-12-03"] * 3
    # a numeric date with a day over twelve in the second place outweighs a spelled date
    html = _page("12/3/2012 {hour}:22", "By Jenny Hollis. 12 March 2012. Updated 3/28/2012")
    assert _dates(html) == ["2012-12-03"] * 3


def test_the_locale_is_decided_only_for_english_without_a_region_and_only_where_a_date_is_ambiguous() -> None:
    spelled = "Posted 12/3/2012 on 12 March 2012"
    assert page_date_locale("en", spelled) == DAY_FIRST_ENGLISH
    assert page_date_locale("en-us", spelled) == "en-us"  # the page states its region
    assert page_date_locale("fr", spelled) == "fr"
    assert page_date_locale("en", "Posted 25/3/2012 on 25 March 2012") == "en"  # nothing to decide
    assert page_date_locale("en", "Posted 12/3/2012") == "en"  # no evidence: English's default
    assert page_date_locale("en", "Posted 12/3/2012", "news.example.com.au") == DAY_FIRST_ENGLISH
    assert page_date_locale("en", "Posted 12/3/2012", "news.example.io") == "en"


# CPU seconds page_date_locale may take on 2 MB of text that reaches its last test (a spelled
# day-first date, no month-first one): 0.2-0.5 s; it took 8 s (load 9) when the month-first
# search tried every month name at each position of the text.
LARGE_PAGE_CPU_S = 1.5


def test_a_large_pages_spelled_dates_are_read_in_time() -> None:
    prose = "The patient was seen in clinic and advised to rest; follow up in two weeks with the nurse. " * 22_000
    text = f"Posted 12 March 2012. {prose} Comment 3/4/2012 19:05"
    started = time.process_time()
    assert page_date_locale("en", text, "clinic.example.com") == DAY_FIRST_ENGLISH
    assert time.process_time() - started < LARGE_PAGE_CPU_S
