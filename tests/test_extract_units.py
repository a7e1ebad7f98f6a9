"""Small extraction pieces: dates, names, charsets, site rules."""

from __future__ import annotations

import datetime as dt
import inspect
from pathlib import Path

import pytest

from pipeline.errors import ConfigError
from pipeline.extract.dates import find_date, find_datetime
from pipeline.extract.names import split_names
from pipeline.extract.sites import load_site_rules, parse_rules
from pipeline.extract.title_parts import strip_title_suffix
from pipeline.page import decode_html


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("Last Modified Date: 04 October 2019", "en", dt.date(2019, 10, 4)),
        ("Updated 3:45 PM EDT, Tue May 7, 2024", "en", dt.date(2024, 5, 7)),
        ("March 3, 2021 at 4:12 pm", "en", dt.date(2021, 3, 3)),
        ("Aktualisiert am 04.02.2023", "de", dt.date(2023, 2, 4)),
        ("15 de marzo de 2022", "es", dt.date(2022, 3, 15)),
        ("2024-03-12T10:00:00+02:00", None, dt.date(2024, 3, 12)),
        ("12/03/2024", "en", dt.date(2024, 12, 3)),
        ("12/03/2024", "fr", dt.date(2024, 3, 12)),
        ("no date here", "en", None),
    ],
)
def test_find_date(text: str, language: str | None, expected: dt.date | None) -> None:
    assert find_date(text, language) == expected


def test_find_datetime_keeps_time_and_converts_to_utc() -> None:
    assert find_datetime("March 3, 2021 at 4:12 pm") == dt.datetime(2021, 3, 3, 16, 12, tzinfo=dt.UTC)
    assert find_datetime("2024-03-12T10:00:00+02:00") == dt.datetime(2024, 3, 12, 8, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("raw", "names"),
    [
        ("Dr. Jane Doe, MD", ["Jane Doe"]),
        ("Jane Doe, MD, and John Roe, PhD", ["Jane Doe", "John Roe"]),
        ("Written By: Laura M. Sands", ["Laura M. Sands"]),
        ("Medically reviewed by Prof. Anna Schmidt", ["Anna Schmidt"]),
        ("Maria López y Carlos Ruiz", ["Maria López", "Carlos Ruiz"]),
    ],
)
def test_split_names(raw: str, names: list[str]) -> None:
    assert split_names(raw) == names


def test_strip_title_suffix() -> None:
    assert strip_title_suffix("What is a Mitral Valve Leak? | wiseGEEK", "wiseGEEK") == "What is a Mitral Valve Leak?"
    assert strip_title_suffix("Gout - Symptoms and causes - Mayo Clinic", None) == "Gout - Symptoms and causes"
    assert strip_title_suffix("Healthline | Asthma basics", "Healthline") == "Asthma basics"


def test_windows_1252_page_decodes_without_mojibake() -> None:
    body = '<html><head><meta charset="windows-1252"></head><body>“Café” — naïve</body></html>'.encode("cp1252")
    text, charset = decode_html(body)
    assert charset == "windows-1252" and "“Café” — naïve" in text
    latin1_header, _ = decode_html("“quote”".encode("cp1252"), "text/html; charset=ISO-8859-1")
    assert latin1_header == "“quote”"  # ISO-8859-1 means windows-1252, as in browsers


def test_bom_wins_over_header() -> None:
    text, charset = decode_html(b"\xef\xbb\xbf<p>caf\xc3\xa9</p>", "text/html; charset=windows-1252")
    assert charset == "utf-8" and "café" in text


def test_site_rules_are_validated(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="unknown key"):
        parse_rules({"hosts": ["a.example"], "article": "div"}, "x.toml")
    with pytest.raises(ConfigError, match="invalid CSS selector"):
        parse_rules({"hosts": ["a.example"], "remove": ["div[["]}, "x.toml")
    with pytest.raises(ConfigError, match="hosts"):
        parse_rules({"remove": ["div"]}, "x.toml")
    rules = parse_rules({"hosts": ["A.example"], "comments": {"item": "li.c"}}, "x.toml")
    assert rules.hosts == ("a.example",) and rules.comment_item == "li.c"
    (tmp_path / "bad.toml").write_text("hosts = ['b.example']\n[metadata]\nauthor = 'span'\n")
    with pytest.raises(ConfigError, match="metadata.author"):
        load_site_rules(tmp_path)


def test_bundled_site_rules_load() -> None:
    assert isinstance(load_site_rules(), dict)


def test_htmldate_reads_dates_with_a_parser_in_the_vocabulary_languages_only() -> None:
    """htmldate's own dateparser tries every locale (3.9 s to load on its first parse, so a page's
    date depended on machine load under HTMLDATE_MAX_S); ours reads the vocabulary languages."""
    import htmldate.extractors

    from pipeline.extract import published, vocabulary
    from pipeline.extract.html import parse_html

    page = "<html><body><article><h1>Rückenschmerzen</h1><p>Stand: 3. März 2021</p></article></body></html>"
    assert published._htmldate(parse_html(page), "https://h.example/ruecken") == dt.date(2021, 3, 3)
    parser = htmldate.extractors.get_external_parser()
    assert parser.languages == sorted(vocabulary.builtin())


def test_htmldate_year_guess_is_no_publication_date() -> None:
    """htmldate's page search answers a bare copyright year as its 1 January (86 wcxb-dev pages, none
    right); that answer stands only when the page shows the day."""
    import htmldate.core
    from htmldate.utils import Extractor
    from htmldate.validators import get_max_date, get_min_date

    from pipeline.extract import published
    from pipeline.extract.html import parse_html

    published._htmldate_search()  # installs the guard; htmldate's own page search is kept beside it
    options = Extractor(True, get_max_date(None), get_min_date(None), True, "%Y-%m-%d")
    shop = (
        "<html><body><h1>Knee braces</h1><p>Shop our range of knee braces for sport.</p>{}"
        "<footer>© 2024 Example Clinic</footer></body></html>"
    )
    bare, dated = shop.format(""), shop.format("<p>Open on 1 January 2024 as usual.</p>")
    assert inspect.unwrap(htmldate.core.search_page)(bare, options) == "2024-01-01"
    assert published._htmldate(parse_html(bare), "https://h.example/braces") is None
    assert published._htmldate(parse_html(dated), "https://h.example/braces") == dt.date(2024, 1, 1)
    assert published.shows_new_year("posted 1. Januar 2024", "2024")
    assert not published.shows_new_year("posted 11/01/2024", "2024")


def test_the_page_tree_has_lxml_html_element_classes_in_itself_and_its_copies() -> None:
    """The C-level class lookup gives each element the class lxml.html's own lookup gives it."""
    from copy import deepcopy

    from lxml import html as lxml_html

    from pipeline.extract.html import parse_html

    page = (
        "<html><body><form><input name=q><select><option>a</option></select><textarea></textarea>"
        "<label>Name</label></form><p>Text <b>bold</b></p></body></html>"
    )
    expected = [type(e).__name__ for e in lxml_html.document_fromstring(page).iter()]
    assert "FormElement" in expected and "InputElement" in expected
    tree = parse_html(page)
    assert [type(e).__name__ for e in tree.iter()] == expected
    assert [type(e).__name__ for e in deepcopy(tree).iter()] == expected


@pytest.mark.parametrize(
    "name", ["forum/levothyroxine-dose-still-exhausted", "discourse/overnight-lows-after-starting-a-pump"]
)
def test_a_forums_opening_post_author_keeps_the_credentials_aligned(name: str) -> None:
    # the opener replaces the authors the metadata found: author_credentials stayed the old list
    # (empty beside one author), where the schema says one entry per author, "" when none is shown
    from pipeline.extract import extract_html
    from pipeline.qa.fixtures import load_fixtures

    fixture = next(f for f in load_fixtures(Path(__file__).parent / "fixtures" / "pages") if f.name == name)
    html, _ = decode_html(fixture.html_bytes())
    metadata = extract_html(html, fixture.url).metadata
    assert metadata.authors and len(metadata.author_credentials) == len(metadata.authors)
