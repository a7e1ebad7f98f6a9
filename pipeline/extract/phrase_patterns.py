"""Phrase lists and templates as regular expressions: the vocabulary's words become patterns here.

Kept apart from :mod:`pipeline.extract.vocabulary` (which reads and validates the files) because
writing a pattern is its own concern with its own trade-offs: a longest-first alternation where
which name wins matters, a prefix tree where a pattern runs on every text node (Python's engine
tries each branch of an alternation at each position; a tree fails at the first letter), and
the ``{a|b}`` template language the phrase keys are written in.
"""

from __future__ import annotations

import re
from functools import lru_cache

# Phrase templates whose pattern is kept once made: a file's templates are read when it is
# validated and again when the patterns are built; the built-in files hold about 500 distinct
# ones (540 in all at session 19's end), so this leaves room for as many again.
TEMPLATES_CACHED = 1024


def alternation(names: tuple[str, ...] | list[str]) -> str:
    """A regex alternation of ``names``, longest first (so "sept" wins over "sep")."""
    return "|".join(sorted(map(re.escape, names), key=len, reverse=True))


def prefix_tree(names: tuple[str, ...] | list[str]) -> str:
    """A regex alternation of ``names`` as a tree of their shared prefixes ("join(?:\\ date|ed)"):
    the same matches as :func:`alternation` where no name is a prefix of another followed by
    more of it, at half the time over a page's text (Python's engine tries each branch at each
    position; a tree fails at the first letter)."""
    tree: _Tree = {}
    for name in names:
        node = tree
        for ch in name:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _branches(tree)


_Tree = dict[str, "_Tree"]


def _branches(node: _Tree) -> str:
    ends = "" in node
    alternatives = []
    for ch, child in sorted(node.items()):
        if not ch:
            continue
        run = [re.escape(ch)]  # a chain of nodes with one child and no end: their letters in a row
        while len(child) == 1 and "" not in child:
            ((ch, child),) = child.items()
            run.append(re.escape(ch))
        alternatives.append("".join(run) + _branches(child))
    if not alternatives:
        return ""
    body = alternatives[0] if len(alternatives) == 1 and not ends else "(?:" + "|".join(alternatives) + ")"
    return f"(?:{body})?" if ends else body


@lru_cache(maxsize=TEMPLATES_CACHED)
def template_pattern(template: str) -> str:
    """The regex (no group around it) of one phrase template: its text as it is, each ``{a|b}``
    a non-capturing group of its choices, optional when a choice is empty. ValueError says
    what is wrong with a template that is not one (an unclosed group, a '|' outside one)."""
    pattern, at = _sequence(template, 0, nested=False)
    if at != len(template):
        raise ValueError(f"{template[at]!r} outside a {{...}} group")
    return pattern


def _sequence(template: str, at: int, nested: bool) -> tuple[str, int]:
    """The pattern of the text from ``at`` to the end of the choice it is in, and where it ends."""
    out: list[str] = []
    literal: list[str] = []
    while at < len(template):
        ch = template[at]
        if ch in "|}":
            if not nested:
                raise ValueError(f"{ch!r} outside a {{...}} group")
            break
        if ch == "{":
            out.append(_escape("".join(literal)))
            literal = []
            group, at = _group(template, at + 1)
            out.append(group)
            continue
        literal.append(ch)
        at += 1
    out.append(_escape("".join(literal)))
    return "".join(out), at


def _escape(text: str) -> str:
    """``re.escape`` but for spaces, which need none: a shorter pattern compiles faster."""
    return re.escape(text).replace("\\ ", " ")


def _group(template: str, at: int) -> tuple[str, int]:
    """The pattern of the ``{...}`` group whose first choice starts at ``at``, and the index after it."""
    choices: list[str] = []
    while True:
        choice, at = _sequence(template, at, nested=True)
        choices.append(choice)
        if at >= len(template):
            raise ValueError("a '{' never closed")
        at += 1
        if template[at - 1] == "}":
            break
    filled = [choice for choice in choices if choice]
    if len(choices) < 2 or not filled:
        raise ValueError("a {...} group needs two choices, one of them not empty ({s|}, {a|b})")
    optional = len(filled) < len(choices)
    if optional and len(filled) == 1 and len(filled[0]) == 1:
        return filled[0] + "?", at  # "{s|}": "s?", no group to compile
    group = "(?:" + "|".join(filled) + ")"
    return (group + "?" if optional else group), at


def expansions(template: str) -> list[str]:
    """Every phrase a template stands for ("comment{s|}": "comment", "comments")."""
    return _expand(template, 0)[0]


def _expand(template: str, at: int) -> tuple[list[str], int]:
    """The phrases of the text from ``at`` to the end of the choice it is in, and where it ends
    (the template is valid: :func:`template_pattern` has read it)."""
    phrases = [""]
    while at < len(template) and template[at] not in "|}":
        if template[at] == "{":
            choices: list[str] = []
            while template[at] != "}":
                choice, at = _expand(template, at + 1)
                choices += choice
            phrases = [p + c for p in phrases for c in choices]
        else:
            phrases = [p + template[at] for p in phrases]
        at += 1
    return phrases, at
