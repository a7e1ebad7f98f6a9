"""The page language is decided once, before comments and metadata, and both read dates by it."""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline.extract import extract_html
from pipeline.extract.html import parse_html
from pipeline.extract.language import guess_language, page_language

GERMAN = (
    "Bluthochdruck ist eine der häufigsten Erkrankungen in Deutschland, und die meisten Menschen wissen "
    "nicht, dass sie betroffen sind. Die Ärzte empfehlen, den Blutdruck regelmäßig zu messen, auch wenn "
    "man sich gesund fühlt. Eine ausgewogene Ernährung mit wenig Salz und viel Bewegung sind die "
    "wichtigsten Maßnahmen, die man selbst ergreifen kann, um das Risiko zu senken."
)
ENGLISH = (
    "High blood pressure is one of the most common conditions in the country, and most of the people "
    "who have it do not know that they are affected. Doctors recommend that you measure it regularly, "
    "even when you feel well. A balanced diet with little salt and plenty of exercise are the most "
    "important steps that you can take on your own to lower the risk."
)


def _page(lang: str, prose: str, published_label: str, reply: str) -> str:
    """A page whose byline and one comment are both dated 03/04/2024."""
    paragraphs = "".join(f"<p>{prose}</p>" for _ in range(3))
    return (
        f'<html lang="{lang}"><head><title>Blutdruck</title></head><body><article><h1>Blutdruck</h1>'
        f'<p class="byline">{published_label} 03/04/2024</p>{paragraphs}</article>'
        '<section id="comments"><ol class="commentlist"><li class="comment" id="comment-1">'
        '<div class="comment-author"><cite class="fn">Anna Berg</cite></div>'
        '<div class="comment-meta">03/04/2024</div>'
        f'<div class="comment-content"><p>{reply}</p></div></li></ol></section></body></html>'
    )


@pytest.mark.parametrize(
    ("lang", "prose", "label", "reply", "language", "day"),
    [
        # Declared English, written in English: month first.
        (
            "en",
            ENGLISH,
            "Published",
            "Thanks, this helped me a lot with my own blood pressure.",
            "en",
            dt.date(2024, 3, 4),
        ),
        # Declared English by the template, written in German: the text decides, day first.
        (
            "en",
            GERMAN,
            "Veröffentlicht am",
            "Danke, das hat mir bei meinem Blutdruck sehr geholfen.",
            "de",
            dt.date(2024, 4, 3),
        ),
        (
            "de",
            GERMAN,
            "Veröffentlicht am",
            "Danke, das hat mir bei meinem Blutdruck sehr geholfen.",
            "de",
            dt.date(2024, 4, 3),
        ),
        # English of a region that writes the day first; the language column stays "en".
        ("en-GB", ENGLISH, "Published", "Thanks, this helped me a lot.", "en", dt.date(2024, 4, 3)),
        ("en_AU", ENGLISH, "Published", "Thanks, this helped me a lot.", "en", dt.date(2024, 4, 3)),
        ("en-IN", ENGLISH, "Published", "Thanks, this helped me a lot.", "en", dt.date(2024, 4, 3)),
        ("en-US", ENGLISH, "Published", "Thanks, this helped me a lot.", "en", dt.date(2024, 3, 4)),
    ],
)
def test_one_language_reads_the_byline_and_the_comment_dates(
    lang: str, prose: str, label: str, reply: str, language: str, day: dt.date
) -> None:
    result = extract_html(_page(lang, prose, label, reply), "https://health.example/blutdruck")
    assert result.metadata.language == language
    assert result.metadata.published == day
    assert [c.posted_date for c in result.comments] == [day]


def test_the_declared_language_stands_unless_the_prose_clearly_disagrees() -> None:
    assert page_language(parse_html(f'<html lang="de-AT"><body><p>{GERMAN}</p></body></html>'), None, None) == "de"
    assert page_language(parse_html(f'<html lang="en"><body><p>{GERMAN}</p></body></html>'), None, None) == "de"
    # Too little prose to overrule the page.
    assert page_language(parse_html('<html lang="en"><body><p>Kurzer Text.</p></body></html>'), None, None) == "en"
    # Nothing declared: the HTTP header, else the prose.
    assert (
        page_language(parse_html("<html><body><p>Short.</p></body></html>"), {"Content-Language": "fr"}, None) == "fr"
    )
    assert page_language(parse_html(f"<html><body><p>{GERMAN}</p></body></html>"), None, None) == "de"


def test_the_region_comes_from_og_locale_or_the_http_header_when_html_lang_has_none() -> None:
    page = _page("en", ENGLISH, "Published", "Thanks, this helped me a lot.")
    og = page.replace("<head>", '<head><meta property="og:locale" content="en_GB">')
    assert extract_html(og, "https://health.example/a").metadata.published == dt.date(2024, 4, 3)
    bare = page.replace('<html lang="en">', "<html>")
    headers = {"Content-Language": "en-AU"}
    result = extract_html(bare, "https://health.example/a", headers=headers)
    assert (result.metadata.language, result.metadata.published) == ("en", dt.date(2024, 4, 3))
    assert [c.posted_date for c in result.comments] == [dt.date(2024, 4, 3)]
    # A region stated for another language is not this page's: month first, as English.
    other = page.replace("<head>", '<head><meta property="og:locale" content="fr_FR">')
    assert extract_html(other, "https://health.example/a").metadata.published == dt.date(2024, 3, 4)


def test_the_stop_word_guess_counts_every_occurrence_and_breaks_ties_in_table_order() -> None:
    # "de" and "que" are Spanish and Portuguese stop words both: five hits each, a tie, which the
    # table's order settles (Spanish first); one more Portuguese word ("não") decides it.
    assert guess_language("de que de que de") == "es"
    assert guess_language("de que de que de não") == "pt"
    # Repeats count: one stop word five times is enough evidence, four times is not.
    assert guess_language("the the the the the") == "en"
    assert guess_language("The THE the the") is None
    assert guess_language("") is None
    assert guess_language("1234 5678") is None
