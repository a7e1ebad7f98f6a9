"""A comment's date printed beside its name in a footer line of no date class: Shopify's Dawn
theme signs each blog comment ``<footer><span>NAME</span><span>DATE</span></footer>`` under the
message, the two spans touching ("Sam PatelJanuary 17, 2025" as one text). Where no date
element, date class or header line dates the comment, that line does; a user card's join date
beside a forum member's name never does."""

from __future__ import annotations

from pipeline.extract import extract_html

URL = "https://shop.example/blogs/news/walking-after-meals"
ARTICLE = (
    "<p>A short walk after eating helps the body clear glucose from the blood, a review of seven trials found. "
    "Even two to five minutes of light walking made a measurable difference to readings an hour later.</p>"
    "<p>The researchers compared sitting, standing and walking after meals in healthy adults and in people with "
    "type 2 diabetes. Standing helped a little; walking helped most, and the timing mattered.</p>"
)
COMMENTS = (
    ("Sam Patel", "January 17, 2025", "I tried a ten minute walk after dinner for a month and my readings were lower."),
    ("Gwen", "January 22, 2025", "My nurse suggested the same thing, so it is good to see the evidence written down."),
)


def _comment(ident: str, name: str, shown: str, text: str) -> str:
    return (
        f'<article id="{ident}" class="article-template__comments-comment"><p>{text}</p><footer class="right"><span '
        f'class="circle-divider caption-with-letter-spacing">{name}</span><span class="caption-with-letter-spacing">'
        f"{shown}</span></footer></article>"
    )


def test_a_date_beside_the_name_in_a_footer_line_dates_the_comment() -> None:
    html = (
        '<html lang="en"><head><title>Walking after meals</title></head><body><main><article class="article-template">'
        f'<h1>Walking after meals</h1><div class="article-template__content rte">{ARTICLE}</div></article>'
        '<div class="article-template__comment-wrapper"><h2>2 comments</h2><div class="article-template-comments">'
        + "".join(_comment(f"c{i}a9", *c) for i, c in enumerate(COMMENTS))
        + "</div></div></main></body></html>"
    )
    comments = extract_html(html, URL).comments
    assert [(c.author, str(c.posted_date), c.text) for c in comments] == [
        ("Sam Patel", "2025-01-17", COMMENTS[0][2]),
        ("Gwen", "2025-01-22", COMMENTS[1][2]),
    ]
