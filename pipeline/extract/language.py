"""The page's language: a stop-word guess when none is declared, and a check of the declared
one against the article text.

``<html lang>`` is often a template default ("en" on a German page). The stop-word guess is
cheap and settles the common case (declared and text agree); only when it disagrees or cannot
tell is py3langid asked (its model ships in the wheel: nothing is downloaded; it is loaded
once per process, on first use).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

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


# Below this much article text, the declared language is kept: too little to judge.
CHECK_MIN_CHARS = 200
# The detector reads this much of the article (enough to be sure, bounded time on huge pages).
CHECK_MAX_CHARS = 3000
# py3langid's normalised probability needed to overrule the page's declaration.
OVERRULE_PROBABILITY = 0.95


def checked_language(declared: str | None, text: str) -> str | None:
    """The declared language, unless the article text is clearly in another one."""
    if len(text) < CHECK_MIN_CHARS:
        return declared
    sample = text[:CHECK_MAX_CHARS]
    if declared and guess_language(sample) == declared:
        return declared  # the stop words agree: no need for the model
    found, probability = _identifier().classify(sample)
    if probability >= OVERRULE_PROBABILITY and found != declared:
        return str(found)
    return declared


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_modelpath(MODEL_DIR / MODEL_FILE, norm_probs=True)
