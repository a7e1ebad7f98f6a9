"""The page's text is serialised once per page: the comment finders' page-level tests and the
disclaimer reader share it (:class:`pipeline.extract.html.PageText`), and the disclaimer is the
same with the shared text as with its own."""

from __future__ import annotations

from typing import Any

import pytest
from lxml import etree

from pipeline.extract import extract_html
from pipeline.extract import patterns as P
from pipeline.extract.disclaimers import disclaimer_words, find_disclaimer
from pipeline.extract.html import PageText, parse_html

SAID = "THIS CONTENT DOES NOT REPLACE MEDICAL ADVICE from a doctor."
BODIES = [
    f"<article><p>Updated May 1.</p><div><p>{SAID}</p></div></article>",
    "<p>Eat well.</p>",
    "<p>Dieser Artikel ersetzt keine ärztliche Beratung.</p><p>Ce texte ne remplace pas un avis.</p>",
    "<p>Walking after meals lowers blood sugar.</p><footer>Substitute teachers wanted.</footer>",
]
PAGES = [f"<html><head><title>Medical advice</title></head><body>{body}</body></html>" for body in BODIES]


@pytest.mark.parametrize("html", PAGES)
def test_the_disclaimer_is_the_same_with_the_shared_text(html: str) -> None:
    root = parse_html(html)
    page = PageText(root)
    on_page = disclaimer_words(root, page)
    assert on_page == disclaimer_words(root)
    assert find_disclaimer(root, set(), on_page) == find_disclaimer(root, set())
    article = root.find(".//article")
    if article is not None:  # a subtree asked: the page's text is its whole tree's, not the shared one's
        assert disclaimer_words(article, PageText(article)) == on_page
        assert find_disclaimer(article, set(), on_page) == find_disclaimer(root, set())


def _serialised(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Every whole-page text serialisation from here on."""
    calls: list[Any] = []
    real = etree.tostring

    def counted(element: Any, *args: Any, **kwargs: Any) -> Any:
        if kwargs.get("method") == "text" and element.getparent() is None:
            calls.append(element)
        return real(element, *args, **kwargs)

    monkeypatch.setattr(etree, "tostring", counted)
    return calls


def test_the_disclaimer_reads_the_text_the_finders_read(monkeypatch: pytest.MonkeyPatch) -> None:
    root = parse_html(PAGES[0])
    page = PageText(root)
    assert page.raw  # read by a comment finder's page-level test
    calls = _serialised(monkeypatch)
    assert find_disclaimer(root, set(), disclaimer_words(root, page)) is not None
    assert calls == []


def test_an_extraction_serialises_the_page_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """A page without a thread: the finders that test the page's text and the disclaimer read
    one serialisation of it."""
    line = "says what walking after meals does to blood sugar in adults."
    body = "".join(f"<p>Paragraph {n} {line}</p>" for n in range(8))
    article = f"<article><h1>Walking</h1>{body}<p>{SAID}</p></article>"
    html = f"<html><head><title>Walking</title></head><body>{article}</body></html>"
    calls = _serialised(monkeypatch)
    extraction = extract_html(html, "https://example.org/walking")
    assert extraction.metadata.disclaimer is not None and extraction.metadata.disclaimer.startswith("THIS CONTENT")
    assert len(calls) == 1


def test_no_disclaimer_word_holds_a_letter_lowered_by_its_context() -> None:
    """``str.lower`` maps every character alone but the capital sigma (final or not by the
    letters around it): with no sigma in a word, a word in a node's lower-cased text is in the
    page's, and the node walk may ask only the words the page holds."""
    assert [w for w in P.DISCLAIMER_WORDS if {"σ", "ς"} & set(w)] == []
    contextual = [c for c in map(chr, range(0x110000)) if c.lower() != ("x" + c).lower()[1:]]
    assert contextual == ["Σ"]
