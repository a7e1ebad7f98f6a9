"""The article's panels read a class/id string's boilerplate tokens from the token rule's memory
(``token_match.tokens_of``): the same tokens the two regexes find, for every class and id of
the fixture pages and for every token rule spelled as pages spell it."""

from __future__ import annotations

from pathlib import Path

from lxml import html as lxml_html

from pipeline.extract.boilerplate_names import BOILERPLATE_TOKENS, BUILDER_STRUCTURE_NAMES
from pipeline.extract.token_match import _TOKEN_RULES, matched_tokens, tokens_of

PAGES = Path(__file__).parent / "fixtures" / "pages"


def _found_by_regex(names: str) -> frozenset[str]:
    return frozenset(_TOKEN_RULES.findall(BUILDER_STRUCTURE_NAMES.sub(" ", names.lower())))


def _page_names() -> set[str]:
    names: set[str] = set()
    for page in sorted(PAGES.glob("*/*.html")):
        for element in lxml_html.fromstring(page.read_bytes()).iter():
            if isinstance(element.tag, str):
                names.add(f"{element.get('class') or ''} {element.get('id') or ''}")
                names.add(element.get("class") or "")
    return names


def _spellings() -> set[str]:
    spelled: set[str] = set()
    for rule in BOILERPLATE_TOKENS:
        for joint in ("-", "_", " ", ""):
            word = joint.join(rule)
            spelled |= {word, word.upper(), f"x {word} y", f"{word}s", f"pre{word}", f"so-panel {word} widget"}
    return spelled


def test_the_tokens_from_memory_are_the_regexes_tokens() -> None:
    names = _page_names() | _spellings()
    assert len(names) > 1000
    tokened = 0
    for text in sorted(names):
        assert tokens_of(text) == _found_by_regex(text), text
        assert matched_tokens(text) == sorted(_found_by_regex(text))
        tokened += bool(tokens_of(text))
    assert tokened > 300  # the strings hold tokens, not only misses
