"""bench/step_costs.py times pipeline functions by module and name: each must still exist, be
called by the extraction, count the pages where its result reached the output, and be put back."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

import step_costs as S
from extract_corpus import Page

ARTICLE = (
    "<p>A ten-minute walk after dinner lowers the rise in blood sugar that follows a meal, in people"
    " with and without diabetes, a small study found this spring.</p>"
    "<p>The effect was measured with glucose monitors worn for two weeks by volunteers who walked on"
    " some days and sat on others after the same meals.</p>"
    "<p>Researchers say light activity spread through the day may matter more than one long session"
    " at the gym for most people who want steadier glucose.</p>"
)


def _comment(number: int, name: str, when: str, text: str) -> str:
    return (
        f'<li class="comment" id="comment-{number}"><div class="comment-author vcard"><cite class="fn">{name}'
        f'</cite></div><div class="comment-meta"><a href="#comment-{number}">{when}</a></div><p>{text}</p></li>'
    )


THREAD = (
    '<div id="comments"><h3>3 Comments</h3><ol class="commentlist">'
    + _comment(
        1, "Maria Lopez", "March 6, 2012 at 2:13 am", "I started walking after dinner and my readings are better."
    )
    + _comment(2, "Tom Hale", "March 6, 2012 at 3:40 pm", "Does it work after lunch too, or only in the evening?")
    + _comment(3, "Ann Wu", "March 7, 2012 at 9:02 am", "My doctor told me the same thing last year, glad to see it.")
    + "</ol></div>"
)


def _page(name: str, body: str) -> Page:
    html = (
        f"<html lang='en'><head><title>Walking after meals</title></head><body><article><h1>Walking after"
        f" meals</h1>{ARTICLE}</article>{body}</body></html>"
    )
    return Page(id=name, url=f"https://healthnotes.example/{name}", html=html, text="")


def test_every_step_names_an_existing_function() -> None:
    for step, module, name, _ in S.STEPS:
        assert callable(getattr(module, name, None)), f"{step}: {module.__name__}.{name}"


def test_every_part_of_a_run_names_an_existing_function() -> None:
    for step, module, name, _ in S.RUN_STEPS:
        assert callable(getattr(module, name, None)), f"{step}: {module.__name__}.{name}"


def test_steps_count_the_pages_their_result_reached() -> None:
    originals = [getattr(module, name) for _, module, name, _ in S.STEPS]
    total, rows = S.measure([_page("with-comments", THREAD), _page("plain", "")])
    by_step = {row.step: row for row in rows}
    assert total > 0
    # comment rows on one page of two; the class finder found them, the later finders ran on the other
    assert (by_step["comments"].pages, by_step["comments"].changed) == (2, 1)
    assert by_step["comments: class-items"].changed == 1
    assert (by_step["comments: unheaded-siblings"].pages, by_step["comments: unheaded-siblings"].changed) == (1, 0)
    # a step whose every run shapes the output says so; one that never ran shows no pages
    assert by_step["candidate (trafilatura)"].changed is None
    assert by_step["candidate (trafilatura)"].pages == 2
    assert by_step["recall fallbacks"].pages == 0
    assert all(row.seconds >= 0 for row in rows)
    # the pipeline's own functions are back in place
    assert [getattr(module, name) for _, module, name, _ in S.STEPS] == originals


def test_report_prints_a_row_per_step() -> None:
    total, rows = S.measure([_page("plain", "")])
    printed = S.report("synthetic", 1, total, rows)
    assert printed.splitlines()[0].startswith("synthetic: 1 pages")
    assert len(printed.splitlines()) == 2 + len(S.STEPS)
    assert "every" in printed


def test_a_whole_run_is_timed_by_its_parts(tmp_path: Path) -> None:
    from extract_process import write_warc

    pages = [_page("with-comments", THREAD), _page("plain", "")]
    warc = tmp_path / "pages.warc.gz"
    write_warc([(page.url, page.html.encode()) for page in pages], warc, copies=1)
    originals = [getattr(module, name) for _, module, name, _ in S.RUN_STEPS + S.STEPS]
    total, rows = S.measure_run(warc)
    by_step = {row.step: row for row in rows}
    assert total > by_step["run: extract_html"].seconds > 0
    assert by_step["run: extract_html"].pages == 2  # calls
    assert by_step["run: page rows"].pages == 2
    assert by_step["run: Parquet commit"].pages >= 1
    # the WARC's reader is a generator: its time is in the records it yields, not in its call
    assert by_step["run: WARC records read"].pages >= 1 and by_step["run: WARC records read"].seconds > 1e-4
    assert (by_step["comments"].pages, by_step["comments"].changed) == (2, 1)
    assert [getattr(module, name) for _, module, name, _ in S.RUN_STEPS + S.STEPS] == originals
