"""The comment finders' page-level tests read the page's text once per page, and the mail-header
finder's label test (searched in the reversed text) finds exactly what the forward pattern finds."""

from __future__ import annotations

import re

import pytest

from pipeline.extract import comment_finders, html
from pipeline.extract.comment_mail_headers import labels_on_page
from pipeline.extract.html import parse_html
from pipeline.extract.phrase_patterns import alternation
from pipeline.extract.vocabulary import words

# A page with no comment items: every finder runs, four of them test the page's text.
PAGE = (
    "<html><body><h1>Walking after meals</h1>"
    + "<p>Walking after meals lowers blood sugar in most adults, a small trial found.</p>" * 8
    + "<ul><li>Home</li><li>News</li><li>About</li></ul></body></html>"
)


def test_the_page_text_is_serialised_once_for_every_finder(monkeypatch: pytest.MonkeyPatch) -> None:
    root = parse_html(PAGE)
    whole: list[object] = []
    real = html.raw_text

    def counted(element: object) -> str:
        if element is root:
            whole.append(element)
        return real(element)

    monkeypatch.setattr(html, "raw_text", counted)
    asked: list[str] = []
    for name in ("footer_items", "unheaded_items", "user_card_items", "mail_header_items"):
        finder = getattr(comment_finders, name)

        def spy(*args: object, _finder: object = finder, _name: str = name) -> object:
            asked.append(_name)
            return _finder(*args)  # type: ignore[operator]

        monkeypatch.setattr(comment_finders, name, spy)
    assert comment_finders.find_items(root) == ("", [])
    assert sorted(asked) == ["footer_items", "mail_header_items", "unheaded_items", "user_card_items"]
    assert len(whole) == 1


# The label test as it was written forwards: a label word, any whitespace, a colon.
_FROM = re.compile(rf"\b(?:{alternation(words('mail_from'))})\s*:", re.IGNORECASE)
_DATE = re.compile(rf"\b(?:{alternation(words('mail_date'))})\s*:", re.IGNORECASE)


def _texts() -> list[str]:
    texts = []
    for sender in [*words("mail_from"), "undefined", "Fromage", "xfrom", "FROM", "Von", "ſrom"]:
        for date in [*words("mail_date"), "update", "Dated", "DATE", "Sent", "ſent", "datum2"]:
            for space in ("", " ", "\t\n ", "\u00a0", "\u2003"):
                texts.append(f"{sender}{space}: Wendy <w@example.org>\n{date}{space}:03/03/2005")
                texts.append(f"x{sender}{space}:{date}{space}: y")
                texts.append(f"{date}: then {sender}")
    return texts


def test_the_reversed_label_search_finds_what_the_forward_pattern_finds() -> None:
    texts = _texts()
    expected = [bool(_FROM.search(t) and _DATE.search(t)) for t in texts]
    assert [labels_on_page(t) for t in texts] == expected
    assert any(expected) and not all(expected)
