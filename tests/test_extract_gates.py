"""Page-level gates (issue 9, one worker's CPU): a step that cannot find anything on a page is
not run there, and where it runs its answer is the one it gave before the gate."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.extract import language, layout_tables
from pipeline.extract.html import parse_html

CHROME = "<header><nav><a href='/'>Home</a> <a href='/a'>About</a></nav></header>"
FOOTER = "<footer><p>Copyright 2026 Example Clinic, all rights reserved.</p></footer>"
PROSE = "<p>" + "Blood pressure is measured in millimetres of mercury. " * 6 + "</p>"


def _never(*_args: object) -> object:
    raise AssertionError("the page was measured")


@pytest.mark.parametrize(
    "body",
    [
        f"{CHROME}<div>{PROSE}</div>{FOOTER}",  # no <main>
        f"{CHROME}<main><article>{PROSE}</article></main>{FOOTER}",  # a <main> without chrome
    ],
)
def test_page_main_not_measured_without_a_main_holding_chrome(body: str, monkeypatch: pytest.MonkeyPatch) -> None:
    root = parse_html(f"<html><body>{body}</body></html>")
    mains = list(root.iter("main"))
    monkeypatch.setattr(layout_tables, "raw_text", _never)
    assert layout_tables.unwrap_page_main(root) is False
    assert all(m.tag == "main" for m in mains)


@pytest.mark.parametrize(
    ("body", "unwrapped"),
    [
        (f"<main>{CHROME}<div>{PROSE}</div>{FOOTER}</main>", True),  # wraps the page and its chrome
        (f"{CHROME}<main><header>Title</header>{PROSE}</main>{FOOTER}", False),  # the page's chrome outside
        (f"<main>{CHROME}{FOOTER}</main><div>{PROSE}</div>", False),  # the text outside
        (f"<main><article>{PROSE}</article></main><main>{CHROME}{PROSE}{FOOTER}</main>", False),  # half each
        (f"<main><article>{PROSE}</article></main><div><main>{CHROME}{PROSE}{PROSE}{FOOTER}</main></div>", False),
    ],
)
def test_page_main_unwrapped_where_it_wraps_the_page(body: str, unwrapped: bool) -> None:
    root = parse_html(f"<html><body>{body}</body></html>")
    mains = list(root.iter("main"))
    assert layout_tables.unwrap_page_main(root) is unwrapped
    assert sum(m.tag == "div" for m in mains) == unwrapped


PAGES = sorted((Path(__file__).parent / "fixtures" / "pages").glob("*/*.html"))
BLOCKS = f"""<html><body><p>short</p><ul><li>{PROSE}</li></ul><table><tr><td>{PROSE}</td></tr></table>
<blockquote><p>{PROSE}</p></blockquote><dl><dd>{PROSE}</dd></dl><div>{PROSE}</div></body></html>"""


def test_language_sample_blocks_are_what_the_union_query_selects() -> None:
    selected = 0
    for html in [BLOCKS, "<html><body><p>a</p></body><body><p>b</p></body></html>"] + [
        p.read_text(encoding="utf-8", errors="replace") for p in PAGES
    ]:
        root = parse_html(html)
        expected = language._PROSE(root)
        assert list(language._prose_blocks(root)) == expected
        selected += len(expected)
    assert selected > 500


def test_language_sample_read_without_the_union_query(monkeypatch: pytest.MonkeyPatch) -> None:
    root = parse_html(BLOCKS)
    expected = language.prose_sample(root)
    monkeypatch.setattr(language, "_PROSE", _never)
    assert language.prose_sample(root) == expected
    assert expected.startswith("Blood pressure") and len(expected) <= language.CHECK_MAX_CHARS
