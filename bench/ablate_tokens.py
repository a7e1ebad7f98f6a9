"""``class-id-tokens`` taken apart for bench/extract_ablate.py ``--tokens``: each token group
turned off alone (the step as a whole gains on tune and loses on ScrapingHub, so which of its
~130 tokens earn their place is asked of each, not of the step).

A token group is the entries of ``BOILERPLATE_TOKENS`` that spell one word once their separators
are gone (``("signup",)`` and ``("sign", "up")`` are one: ``sign-up``, ``sign_up`` and ``signup``
name the same box). A page fired on a group when ``class-id-tokens`` removed an element whose
class/id matched it (the trace's ``names``); "off" rebuilds the boilerplate layer's token regex
without the group, as if its entries were not in the data.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable, Iterator

from pipeline.extract import token_match as T
from pipeline.extract.boilerplate_names import BOILERPLATE_TOKENS

TOKEN_PREFIX = "token:"
_SEPARATORS = re.compile(r"[-_ ]")


def group_of(matched: str) -> str:
    """The group a matched class/id substring belongs to: its letters without separators."""
    return _SEPARATORS.sub("", matched)


def token_steps() -> list[str]:
    """One step a token group, in the data's order."""
    seen: dict[str, None] = {}
    for entry in BOILERPLATE_TOKENS:
        seen.setdefault(TOKEN_PREFIX + "".join(entry), None)
    return list(seen)


def fired_groups(trace: Iterable[object]) -> set[str]:
    """The token steps that removed something: the groups matched by the removed elements' names."""
    return {
        TOKEN_PREFIX + group_of(matched)
        for step in trace
        if getattr(step, "rule", "") == "class-id-tokens"
        for matched in T.matched_tokens(str(getattr(step, "names", "")))
    }


@contextlib.contextmanager
def group_off(step: str) -> Iterator[None]:
    """The boilerplate layer's token regex without ``step``'s group (and its marker cache emptied)."""
    group = step.removeprefix(TOKEN_PREFIX)
    saved = T._TOKEN_RULES
    kept = [entry for entry in BOILERPLATE_TOKENS if "".join(entry) != group]
    T._TOKEN_RULES = T._rule_regex(kept)
    T.marker_tokens.cache_clear()
    try:
        yield
    finally:
        T._TOKEN_RULES = saved
        T.marker_tokens.cache_clear()
