"""Perturbations of a page's language for ``bench/holdout.py --perturb``: the same page, the same
markup, its words in a language no vocabulary file and no stop-word list knows.

``unknown-language`` writes every Latin letter of the page's visible text (and of its gold: the
text, the snippets, the comments, the title) thirteen places on (ROT13): the words keep their
lengths, their capitals and their punctuation, digits and dates in digits stay, but no word is
one any rule of ours (or trafilatura's) knows: "Comments (3)" is "Pbzzragf (3)", "March 6, 2012"
"Znepu 6, 2012", "Related articles" "Eryngrq negvpyrf". What a page in a language without a
vocabulary file (Czech, Swedish, Turkish...) gets is then what our shape rules do alone: a page
where ours falls by more than trafilatura's leans on English words that a language of its own
would not have. What the page says of itself in its markup is rewritten too (the titles and
descriptions of its meta tags, ``alt`` and ``title`` attributes, JSON-LD's headlines, names and
descriptions), or the English ``og:title`` would no longer match the rewritten ``<h1>``; the
rest of the markup (class names, ids, URLs, dates, scripts) is left as it is: a Czech site's
templates are written in English class names as often as an English one's.
"""

from __future__ import annotations

import codecs
import contextlib
import dataclasses
import json
from collections.abc import Callable
from typing import Any

from extract_corpus import Page
from perturb_tree import parse, serialise

from pipeline.qa.fixtures import Fixture

# Elements whose text is no visible prose: their content is code or data, left as it is.
_NOT_TEXT = ("script", "style", "noscript", "template", "code", "pre")
# Meta tags whose content is words the page shows or titles itself with (not dates, not URLs).
_META_WORDS = frozenset(
    {"og:title", "twitter:title", "description", "og:description", "twitter:description", "og:site_name", "author"}
)
# Attributes that hold words (an image's description, a link's tooltip, an accessible label).
_WORD_ATTRIBUTES = ("alt", "title", "aria-label")
# JSON-LD keys whose values are words: what the page is called and says (not types, URLs, dates).
_JSONLD_WORDS = frozenset({"headline", "name", "alternativeHeadline", "description", "articleBody", "text"})


def rot13(text: str) -> str:
    """Every ASCII letter thirteen places on; everything else as it is."""
    return codecs.encode(text, "rot13")


def _rewrite_jsonld(value: Any, rewrite: Callable[[str], str], key: str = "") -> Any:
    if isinstance(value, dict):
        return {k: _rewrite_jsonld(v, rewrite, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_rewrite_jsonld(v, rewrite, key) for v in value]
    return rewrite(value) if isinstance(value, str) and key in _JSONLD_WORDS else value


def _rewrite_text(html: str, gold: str, rewrite: Callable[[str], str]) -> str:
    root = parse(html)
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag not in _NOT_TEXT and element.text:
            element.text = rewrite(element.text)
        if element.tail and not any(a.tag in _NOT_TEXT for a in element.iterancestors()):
            element.tail = rewrite(element.tail)
        for attribute in _WORD_ATTRIBUTES:
            if element.get(attribute):
                element.set(attribute, rewrite(element.get(attribute, "")))
        name = (element.get("property") or element.get("name") or "").lower()
        if element.tag == "meta" and name in _META_WORDS and element.get("content"):
            element.set("content", rewrite(element.get("content", "")))
        if element.tag == "script" and element.get("type") == "application/ld+json" and element.text:
            with contextlib.suppress(ValueError):  # a broken JSON-LD block stays as the page wrote it
                element.text = json.dumps(_rewrite_jsonld(json.loads(element.text), rewrite))
    return serialise(root)


def unknown_language(html: str, gold: str) -> str:
    """The page's visible text in ROT13."""
    return _rewrite_text(html, gold, rot13)


def unknown_language_fixture(fixture: Fixture) -> Fixture:
    """The fixture's gold in ROT13, as the page's text is: text, snippets, comments and title
    (the other fields, names and dates, are not compared under this perturbation)."""
    fields = dict(fixture.fields)
    if isinstance(fields.get("title"), str):
        fields["title"] = rot13(fields["title"])
    comments = [
        dataclasses.replace(c, text=rot13(c.text), author=rot13(c.author) if c.author else c.author)
        for c in fixture.comments
    ]
    return dataclasses.replace(
        fixture,
        fields=fields,
        paragraphs=[rot13(p) for p in fixture.paragraphs],
        must_not_contain=[rot13(s) for s in fixture.must_not_contain],
        comments=comments,
    )


def unknown_language_corpus_page(page: Page) -> Page:
    """A corpus page's gold (``bench/perturb.py``) in ROT13: text, snippets, title, author."""
    return dataclasses.replace(
        page,
        text=rot13(page.text),
        with_=[rot13(s) for s in page.with_],
        without=[rot13(s) for s in page.without],
        title=rot13(page.title) if page.title else page.title,
        author=rot13(page.author) if page.author else page.author,
    )


# name -> (the page rewritten, the fixture's gold rewritten alike)
LANGUAGE_PERTURBATIONS: dict[str, tuple[Callable[[str, str], str], Callable[[Fixture], Fixture]]] = {
    "unknown-language": (unknown_language, unknown_language_fixture),
}
# The same for bench/perturb.py's corpus pages (wcxb-dev, ScrapingHub).
CORPUS_LANGUAGE_PERTURBATIONS: dict[str, tuple[Callable[[str, str], str], Callable[[Page], Page]]] = {
    "unknown-language": (unknown_language, unknown_language_corpus_page),
}
