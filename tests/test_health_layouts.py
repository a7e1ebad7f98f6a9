"""Health-article layouts (wcxb-dev's health pages, session 11): a call to action styled as a
button between the article's sections, and the "More from <the site>" section that closes it."""

from __future__ import annotations

from pipeline.extract import extract_html

URL = "https://clinic.example/blog/walking-after-meals"
SECTIONS = (
    ("Walk after dinner", "A ten-minute walk after dinner lowers the rise in blood sugar that follows a meal."),
    ("Keep it light", "Light activity spread through the day may matter more than one long session at the gym."),
    ("Start small", "Most people can begin with five minutes and add a minute every few days without strain."),
)


def page(between: str = "", closing: str = "") -> str:
    body = "".join(
        f"<h2>{heading}</h2><p>{sentence} Researchers measured it with glucose monitors worn for two weeks.</p>"
        + (between if i == 0 else "")
        for i, (heading, sentence) in enumerate(SECTIONS)
    )
    return (
        "<!doctype html><html lang='en'><head><title>Walking after meals</title></head><body>"
        f"<article><h1>Walking after meals</h1>{body}{closing}</article></body></html>"
    )


def text_of(html: str) -> str:
    text = extract_html(html, URL).text
    assert all(sentence in text for _, sentence in SECTIONS)
    return text


def test_a_paragraph_that_is_one_button_link_is_a_call_to_action() -> None:
    button = (
        "<p><a class='btn btn-link btn-sm chevron-right' href='/blog/weight-loss-medications'>"
        "Find out if weight loss medications can help you lose weight<span class='icon'></span></a></p>"
    )
    assert "weight loss medications" not in text_of(page(between=button))
    # an ordinary link, and a button link inside a sentence, are the article's
    plain = "<p><a href='/blog/weight-loss-medications'>Find out if weight loss medications can help you</a></p>"
    assert "weight loss medications" in text_of(page(between=plain))
    inside = (
        "<p>Ask your doctor, and <a class='btn' href='/m'>read about weight loss medications</a> before a"
        " change of treatment.</p>"
    )
    assert "weight loss medications" in text_of(page(between=inside))


def test_a_more_from_the_site_section_closes_the_article() -> None:
    closing = (
        "<hr><h2>More from CFR</h2><p>Council for Relationships is a nonprofit organization with over 80"
        " therapists across Pennsylvania and New Jersey, here to help.</p><ul><li><a href='/match'>Get matched</a>"
        " with a therapist who meets your needs</li><li><a href='/join'>Sign up</a> for our newsletter</li></ul>"
    )
    text = text_of(page(closing=closing))
    assert "nonprofit organization" not in text and "newsletter" not in text and "More from" not in text
