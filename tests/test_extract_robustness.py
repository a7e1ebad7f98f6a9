"""Random and truncated HTML never raises out of the per-page step (property tests)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.config import load_config
from pipeline.records import FetchedPage, Outcome
from pipeline.run.shard import process_page
from tests.warcs import article_html

CONFIG = load_config(None, environ={})
PAGE = article_html("Asthma", "https://health.example/asthma", comments=True).decode()
TAGS = [
    "<div>",
    "</div>",
    "<p>",
    "</p>",
    "<li class='comment'>",
    "<ul class='children'>",
    "<script>",
    "<!--",
    "-->",
    "<![CDATA[",
    "<table><tr><td>",
    "<h1>",
    "&amp;",
    "&#0;",
    "\x00",
    "<?xml version='1.0'?>",
    "<html lang='xx-yy'>",
    "<meta charset='bogus'>",
    "<time datetime='2024-99-99'>",
    "Post 1",
    "\ud800",
]


def run(html: str) -> FetchedPage:
    page = FetchedPage(
        url="https://health.example/x", final_url="https://health.example/x", status=200, outcome=Outcome.OK, html=html
    )
    result = process_page(page, CONFIG, {})
    assert result.page.outcome in (Outcome.OK, Outcome.EXTRACT_FAILED)
    if result.page.outcome is Outcome.EXTRACT_FAILED:
        assert result.page.error
    else:
        assert result.extraction is not None and result.extraction.text.strip()
    return result.page


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=2000))
def test_random_text(html: str) -> None:
    run(html)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.sampled_from(TAGS), st.text(max_size=40)), max_size=80))
def test_tag_soup(parts: list[str]) -> None:
    run("".join(parts))


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=0, max_value=len(PAGE)))
def test_truncated_page(cut: int) -> None:
    run(PAGE[:cut])


def test_whole_page_is_ok() -> None:
    assert run(PAGE).outcome is Outcome.OK
