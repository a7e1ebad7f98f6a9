"""The page's language, decided once per page before comments and metadata are read (a date
such as 03/04/2024 is read by it): the declared one, checked against the page's prose; a
stop-word guess when none is declared.

``<html lang>`` is often a template default ("en" on a German page). The stop-word guess is
cheap and settles the common case (declared and text agree); only when it disagrees or cannot
tell is py3langid asked (its model ships in the wheel: nothing is downloaded; it is loaded
once per process, on first use, from an unpacked copy cached once per machine: see
:mod:`pipeline.extract.langid_model`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from lxml import etree

from pipeline.extract.html import raw_text
from pipeline.extract.word_counts import text_size
from pipeline.records import header_value

STOPWORDS: dict[str, frozenset[str]] = {
    "en": frozenset(
        [
            "the",
            "and",
            "of",
            "to",
            "in",
            "is",
            "that",
            "for",
            "with",
            "are",
            "as",
            "on",
            "be",
            "this",
            "it",
            "by",
            "or",
            "from",
        ]
    ),
    "de": frozenset(
        [
            "der",
            "die",
            "und",
            "das",
            "ist",
            "nicht",
            "mit",
            "den",
            "von",
            "sich",
            "zu",
            "ein",
            "eine",
            "auch",
            "auf",
            "für",
            "werden",
        ]
    ),
    "es": frozenset(
        [
            "el",
            "la",
            "de",
            "que",
            "y",
            "en",
            "los",
            "las",
            "por",
            "con",
            "para",
            "una",
            "es",
            "del",
            "se",
            "como",
            "más",
        ]
    ),
    "fr": frozenset(
        ["le", "la", "les", "et", "des", "est", "une", "pour", "que", "dans", "qui", "sur", "pas", "par", "avec", "du"]
    ),
    "it": frozenset(
        ["il", "di", "che", "la", "per", "non", "una", "sono", "della", "con", "gli", "del", "le", "nel", "è"]
    ),
    "pt": frozenset(
        ["o", "de", "que", "e", "do", "da", "em", "um", "para", "com", "não", "uma", "os", "no", "se", "na"]
    ),
    "nl": frozenset(
        ["de", "het", "een", "van", "en", "in", "is", "dat", "op", "te", "zijn", "voor", "met", "die", "niet"]
    ),
}
# Fewer stop-word hits than this is too little evidence to name a language.
MIN_HITS = 5
# A page that declares no language is named by its stop words alone when they are this share of
# its words: prose in one of STOPWORDS' languages runs to 0.10-0.32 (median 0.21; wcxb-dev tune,
# ScrapingHub, fixtures and tune pages that declare none). Below it the short words of another
# language can pass for a listed one's (Czech "o", "se", "na" are Portuguese stop words; Swedish
# "de", "en", "om" Spanish and Dutch ones: a Czech page read as Portuguese, a Swedish one as
# Spanish), so py3langid is asked, and the stop words stand only when it is unsure.
GUESS_SURE_SHARE = 0.15
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def stopword_guess(text: str) -> tuple[str | None, float]:
    """The language whose stop words the text holds most (None under MIN_HITS), and the share
    of the text's words they are."""
    words = Counter(map(str.lower, _WORD.findall(text)))
    if not words:
        return None, 0.0
    # each language's ~16 stop words looked up in the sample's counts: a pass over the
    # sample's words per language cost 7 passes
    scores = {lang: sum(words[w] for w in stops) for lang, stops in STOPWORDS.items()}
    best = max(scores, key=lambda lang: scores[lang])
    if scores[best] < MIN_HITS:
        return None, 0.0
    return best, scores[best] / sum(words.values())


def guess_language(text: str) -> str | None:
    return stopword_guess(text)[0]


# Below this much article text, the declared language is kept: too little to judge.
CHECK_MIN_CHARS = 200
# The detector reads this much of the article (enough to be sure, bounded time on huge pages).
CHECK_MAX_CHARS = 3000
# py3langid's normalised probability needed to overrule the page's declaration.
OVERRULE_PROBABILITY = 0.95


def checked_language(declared: str | None, text: str) -> str | None:
    """The declared language, unless the article text is clearly in another one."""
    if text_size(text) < CHECK_MIN_CHARS:
        return declared
    sample = text[:CHECK_MAX_CHARS]
    if declared and guess_language(sample) == declared:
        return declared  # the stop words agree: no need for the model
    found, probability = _classify(sample)
    if probability >= OVERRULE_PROBABILITY and found != declared:
        return str(found)
    return declared


def _classify(sample: str) -> tuple[str, float]:
    """py3langid's (language, probability); the model's pages go back once it has answered."""
    from pipeline.extract.langid_model import release

    identifier = _identifier()
    found, probability = identifier.classify(sample)
    release(identifier)
    return str(found), float(probability)


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from pipeline.extract.langid_model import load_identifier  # numpy and the model: on first use only

    return load_identifier()


_PROSE = etree.XPath("//body//p | //body//li | //body//td | //body//blockquote | //body//dd")
_PROSE_TAGS = ("p", "li", "td", "blockquote", "dd")


def _prose_blocks(root: etree._Element) -> Iterator[etree._Element]:
    """``_PROSE``'s elements in document order, read lazily from the page's one ``<body>``: the
    sample stops after CHECK_MAX_CHARS, and the union query listed (and sorted) all of them
    first (ScrapingHub's 181 pages: the sample 0.060 -> 0.043 s). A page parsed with several
    bodies takes the query."""
    bodies = list(root.getroottree().getroot().iter("body"))
    if len(bodies) != 1:
        yield from _PROSE(root)
        return
    yield from bodies[0].iterdescendants(*_PROSE_TAGS)


# A block this long is prose, not a menu entry or a button: the sample is made of these.
PROSE_MIN_CHARS = 60


def prose_sample(root: etree._Element) -> str:
    """Up to CHECK_MAX_CHARS of the page's prose (paragraph-like blocks), read before extraction.

    The article text is not known yet when the language is needed; its paragraphs are most of
    a page's long blocks (menus, buttons and footers are short), so they stand in for it.
    """
    parts: list[str] = []
    size = weight = 0  # characters, and characters with a CJK letter's weight (text_size)
    for element in _prose_blocks(root):
        text = " ".join(raw_text(element).split())
        if (text_weight := text_size(text)) >= PROSE_MIN_CHARS:
            parts.append(text)
            size += len(text) + 1
            weight += text_weight + 1
            if size >= CHECK_MAX_CHARS:
                break
    if weight < CHECK_MIN_CHARS:  # little prose (a short post, a page of links): the whole body
        body = root.find(".//body")
        return " ".join(raw_text(body if body is not None else root).split())[:CHECK_MAX_CHARS]
    # the last paragraph can be any length: a 50 MB <p> was classified whole, twice (a minute)
    return " ".join(parts)[:CHECK_MAX_CHARS]


def _declared_values(root: etree._Element, headers: dict[str, str] | None, in_language: str | None) -> list[str]:
    """What the page states, first to last: ``<html lang>``, meta Content-Language, og:locale,
    JSON-LD inLanguage, the HTTP header."""
    meta: dict[str, str] = {}
    for element in root.iter("meta"):
        key = (element.get("http-equiv") or element.get("property") or element.get("name") or "").strip().lower()
        if key in ("content-language", "og:locale") and (content := element.get("content")):
            meta.setdefault(key, content)
    header = header_value(headers or {}, "content-language")
    candidates = [
        root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang"),
        meta.get("content-language"),
        meta.get("og:locale"),
        in_language,
        header,
    ]
    return [value.strip() for value in candidates if value and value.strip()]


def _subtags(value: str) -> list[str]:
    """``en-GB``, ``en_AU``, ``en-IN, hi``: the first tag's subtags, lower case."""
    return [part.lower() for part in re.split(r"[-_]", re.split(r"[,;\s]", value)[0]) if part]


def declared_language(root: etree._Element, headers: dict[str, str] | None, in_language: str | None) -> str | None:
    """The language the page states: ``<html lang>`` > meta Content-Language / og:locale >
    JSON-LD inLanguage > the HTTP header (the first that is a language code)."""
    for value in _declared_values(root, headers, in_language):
        code = (_subtags(value) or [""])[0]
        if code.isalpha() and 2 <= len(code) <= 3:
            return code
    return None


def date_locale(
    root: etree._Element, headers: dict[str, str] | None, in_language: str | None, language: str | None
) -> str | None:
    """The page's language with the region it states (``en-gb``), for reading dates such as
    03/04/2025: day first in Britain, Australia or India, month first in the US. The region is
    taken from the first declared value of the same language that names one (``<html lang="en">``
    with ``og:locale`` ``en_GB`` is British); without one, the language alone."""
    if language is None:
        return None
    for value in _declared_values(root, headers, in_language):
        tags = _subtags(value)
        if len(tags) < 2 or tags[0] != language:
            continue
        region = next((t for t in tags[1:] if (len(t) == 2 and t.isalpha()) or (len(t) == 3 and t.isdigit())), None)
        if region:
            return f"{language}-{region}"
    return language


def page_language(root: etree._Element, headers: dict[str, str] | None, in_language: str | None) -> str | None:
    """The page's language, decided once: the declared one unless the prose is clearly in
    another (:func:`checked_language`); with none declared, the stop words (else py3langid,
    when sure) name it."""
    declared = declared_language(root, headers, in_language)
    sample = prose_sample(root)
    if declared is not None:
        return checked_language(declared, sample)
    guess, share = stopword_guess(sample)
    if (guess is not None and share >= GUESS_SURE_SHARE) or text_size(sample) < CHECK_MIN_CHARS:
        return guess
    found, probability = _classify(sample)
    return str(found) if probability >= OVERRULE_PROBABILITY else guess
