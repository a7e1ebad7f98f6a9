"""Class/id strings matched against the boilerplate token rules (``class-id-tokens``): one regex
for every rule of :data:`boilerplate_names.BOILERPLATE_TOKENS`, a page builder's structure names
(:data:`boilerplate_names.BUILDER_STRUCTURE_NAMES`) read as no word first. Shared by the
boilerplate layer and the article's panels (:mod:`pipeline.extract.article_panels`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from pipeline.extract.boilerplate_names import BOILERPLATE_TOKENS, BUILDER_STRUCTURE_NAMES


def _rule_regex(rules: Iterable[tuple[str, ...]]) -> re.Pattern[str]:
    """One regex for all token rules: each rule's tokens adjacent, bounded by separators or ends."""
    alternatives = sorted(("[-_ ]?".join(map(re.escape, rule)) for rule in rules), key=len, reverse=True)
    return re.compile(r"(?<![a-z0-9])(?:" + "|".join(alternatives) + r")(?![a-z0-9])")


# Matching in C: a class/id string against every rule at once.
_TOKEN_RULES = _rule_regex(BOILERPLATE_TOKENS)
_STRONG_RULES = _rule_regex((t,) for t in ("comments", "commentlist", "disqus", "respond", "discuss", "discussion"))


# Distinct class/id strings remembered: a page repeats its few hundred (menu items, cards) and a
# site repeats them across pages; the regex scans each once. Bounded for a long run of sites.
MARKER_CACHE_SIZE = 16384


@functools.lru_cache(maxsize=MARKER_CACHE_SIZE)
def marker_tokens(marker: str) -> tuple[bool, frozenset[str]] | None:
    """None when no token rule matches the lower-cased class/id string, else (a strong comment
    token matches, the tokens matched)."""
    marker = BUILDER_STRUCTURE_NAMES.sub(" ", marker)
    if not _TOKEN_RULES.search(marker):
        return None
    return _STRONG_RULES.search(marker) is not None, frozenset(_TOKEN_RULES.findall(marker))


def tokens_of(names: str) -> frozenset[str]:
    """The boilerplate tokens a class/id string matches, from :func:`marker_tokens`' memory: the
    article's panels asked the regexes again for ~6,500 strings a ScrapingHub run, most of them
    strings the token rule had just read."""
    found = marker_tokens(names.lower())
    return found[1] if found is not None else frozenset()


def matched_tokens(names: str) -> list[str]:
    """The boilerplate tokens a class/id string matches (``class-id-tokens`` removes by them)."""
    return sorted(tokens_of(names))
