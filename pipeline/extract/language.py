"""A small stop-word language guess, used only when the page declares no language."""

from __future__ import annotations

import re

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
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def guess_language(text: str) -> str | None:
    words = [w.lower() for w in _WORD.findall(text)]
    if not words:
        return None
    scores = {lang: sum(1 for w in words if w in stops) for lang, stops in STOPWORDS.items()}
    best = max(scores, key=lambda lang: scores[lang])
    return best if scores[best] >= MIN_HITS else None
