"""The unheaded-siblings finder reads each element's chrome marks once per page: the runs of a
page share their ancestors, and asking each run's whole ancestry again made the marker tests
grow with runs x depth (a third of the finder's time on ScrapingHub's pages)."""

from __future__ import annotations

import pytest
from lxml import etree

from pipeline.extract import comment_unheaded
from pipeline.extract.html import element_text, parse_html
from pipeline.extract.markers import marked

DEPTH = 30  # wrappers around the runs (a page builder's nesting)
RUNS = 40  # parents of three paragraphs each, none a thread
ARTICLE = "<p>" + " ".join(["Walking after meals lowers blood sugar in most adults."] * 6) + "</p>"


def _page(chrome: str = "div") -> str:
    runs = "".join(
        f"<section><p>Reader {n} wrote this.</p><p>Then another line.</p><p>And a third.</p></section>"
        for n in range(RUNS)
    )
    return f"<html><body>{ARTICLE}<{chrome}>{'<div>' * DEPTH}{runs}{'</div>' * DEPTH}</{chrome}></body></html>"


def test_chrome_marks_are_read_once_per_element(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []

    def counted(element: object, concept: object) -> bool:
        calls.append("")
        return marked(element, concept)  # type: ignore[arg-type]

    monkeypatch.setattr(comment_unheaded, "marked", counted)
    assert comment_unheaded.unheaded_items(parse_html(_page())) == []
    concepts = len(comment_unheaded.CHROME_CONCEPTS)
    # each element of the ancestry (the runs' parents, the wrappers, body, html) once per
    # concept; asked per run, it was RUNS x (DEPTH + 4) x concepts (~6,800)
    assert len(calls) <= (RUNS + DEPTH + 4) * concepts


def test_a_chrome_ancestor_still_rules_out_every_run_below_it() -> None:
    chrome = comment_unheaded._Chrome()
    root = parse_html(_page("aside"))
    runs = list(root.iter("section"))
    assert all(chrome(run) for run in runs)
    plain = comment_unheaded._Chrome()
    assert not any(plain(run) for run in parse_html(_page()).iter("section"))


def test_runs_before_the_article_are_passed_over_before_their_marks(monkeypatch: pytest.MonkeyPatch) -> None:
    """The article's words before a run are a lookup; its marks read every block's ids and the
    page's reply controls: a run at the page's top (a nav's or a header's lines) costs no mark."""
    asked: list[int] = []
    real = comment_unheaded._marked_by_markup

    def counted(group: list[object], page: object) -> bool:
        asked.append(len(group))
        return real(group, page)  # type: ignore[arg-type]

    monkeypatch.setattr(comment_unheaded, "_marked_by_markup", counted)
    runs = "".join(f"<ul><li>Home {n}</li><li>News</li><li>About</li></ul>" for n in range(RUNS))
    page = f"<html><body>{runs}{ARTICLE}</body></html>"
    assert comment_unheaded.unheaded_items(parse_html(page)) == []
    assert asked == []


def test_a_page_without_a_reply_word_reads_no_control_text(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every reply control's text holds a reply word, and so does the page that holds it: a
    page without one is not read link by link for its controls."""
    read: list[str] = []

    def counted(element: etree._Element) -> str:
        read.append("")
        return element_text(element)

    monkeypatch.setattr(comment_unheaded, "element_text", counted)
    links = "".join(f'<div id="c{n}0"><a href="/u{n}">Reader {n}</a><span>Share</span></div>' for n in range(RUNS))
    page = comment_unheaded._Page(parse_html(f"<html><body>{ARTICLE}<section>{links}</section></body></html>"))
    assert page.root.find(".//section") not in page.holding_controls
    assert read == []
    with_reply = parse_html(f"<html><body>{ARTICLE}<div><p>Hi</p><a href='#r'>Reply</a></div></body></html>")
    assert with_reply.find(".//div") in comment_unheaded._Page(with_reply).holding_controls
