"""The page the project was born from: the wiseGEEK mitral-valve article, as a golden fixture."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from pipeline.extract import extract_html
from pipeline.extract.html import block_lines, parse_html
from pipeline.page import decode_html
from pipeline.records import Extraction

PAGE = Path(__file__).parent / "fixtures" / "pages" / "wisegeek" / "what-is-a-mitral-valve-leak.html"
EXPECTED = json.loads(PAGE.with_name("what-is-a-mitral-valve-leak.expected.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def extraction() -> Extraction:
    html, _ = decode_html(PAGE.read_bytes())
    return extract_html(html, EXPECTED["url"])


def test_article_text_is_the_five_paragraphs_and_nothing_else(extraction: Extraction) -> None:
    assert len(EXPECTED["paragraphs"]) == 5
    assert extraction.text.split("\n\n") == EXPECTED["paragraphs"]


def test_metadata(extraction: Extraction) -> None:
    meta = extraction.metadata
    assert meta.title == "What is a Mitral Valve Leak?"
    assert meta.authors == ["Laura M. Sands"]
    assert meta.editors == ["Heather Bailey"]
    assert meta.modified == dt.date(2019, 10, 4)
    assert meta.language == "en"


def test_exactly_one_comment_with_post_1s_two_paragraphs(extraction: Extraction) -> None:
    assert len(extraction.comments) == 1
    comment = extraction.comments[0]
    paragraphs = comment.text.split("\n\n")
    assert len(paragraphs) == 2
    assert paragraphs[0].startswith("I have just discoverd that I have a Unicuspid Mitral Valve.")
    assert paragraphs[1].endswith("Anyone else out there with this?")
    assert comment.parent_position is None and comment.position == 0
    assert "Post 1" not in comment.text


def test_no_boilerplate_line_of_the_page_is_in_the_article(extraction: Extraction) -> None:
    html, _ = decode_html(PAGE.read_bytes())
    body = parse_html(html).find(".//body")
    assert body is not None
    article = extraction.text
    boilerplate = [line for line in block_lines(body) if not any(line in p for p in EXPECTED["paragraphs"])]
    for must_not in (
        "Free Widgets for your Site/Blog",
        "Cuban Missile Crisis",
        "population density of Manhattan",
        "You might also Like",
        "Discuss this Article",
        "Post your comments",
        "Post Anonymously",
        "forgot password?",
        "Written By",
        "Last Modified Date",
        "Unicuspid",
    ):
        assert must_not.lower() not in article.lower()
        assert any(must_not.lower() in line.lower() for line in boilerplate), f"{must_not!r} is not on the page"
    leaked = [line for line in boilerplate if len(line) > 3 and line in article]
    assert leaked == []
