"""Expected against extracted text, word by word: what is missing, what is extra, what leaked.

The two texts are aligned as sequences of case-folded words (``\\w+``, the scorer's tokens) with
difflib. Expected words with no partner are *missing* (``<del class="missing">``); extracted
words with no partner are *extra* (``<ins class="extra">``); must-not-contain snippets found in
the extracted text are *leaks* (``<mark class="leak">``), which win over *extra*.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from pipeline.report.html import esc

_WORD = re.compile(r"\w+", re.UNICODE)
# difflib is quadratic at worst; above this many word pairs, fall back to marking whole missing
# paragraphs (a 3,000-word fixture against its extraction is about 10M pairs and takes ~0.1 s).
MAX_ALIGN_PAIRS = 40_000_000
TAGS = {
    "missing": ('<del class="missing">', "</del>"),
    "extra": ('<ins class="extra">', "</ins>"),
    "leak": ('<mark class="leak">', "</mark>"),
}

Span = tuple[int, int, str]  # (start, end, kind) in characters of one text


def _words(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group().casefold()) for m in _WORD.finditer(text)]


def _runs(words: list[tuple[int, int, str]], unmatched: list[int], kind: str) -> list[Span]:
    """Consecutive unmatched words joined into one span (with the spaces and punctuation between)."""
    spans: list[Span] = []
    previous = -2
    for index in unmatched:
        start, end, _ = words[index]
        if spans and index == previous + 1:
            spans[-1] = (spans[-1][0], end, kind)
        else:
            spans.append((start, end, kind))
        previous = index
    return spans


def leak_spans(text: str, snippets: list[str]) -> list[Span]:
    """Where each snippet occurs in ``text``: case-insensitive, any run of whitespace matches any."""
    spans: list[Span] = []
    for snippet in snippets:
        parts = snippet.split()
        if not parts:
            continue
        pattern = re.compile(r"\s+".join(re.escape(p) for p in parts), re.IGNORECASE)
        spans.extend((m.start(), m.end(), "leak") for m in pattern.finditer(text))
    return spans


def align(paragraphs: list[str], extracted: str, missing: list[str]) -> tuple[list[list[Span]], list[Span]]:
    """Missing spans per expected paragraph, and extra spans in the extracted text."""
    para_words = [_words(p) for p in paragraphs]
    flat = [(i, j) for i, words in enumerate(para_words) for j in range(len(words))]
    expected_tokens = [para_words[i][j][2] for i, j in flat]
    extracted_words = _words(extracted)
    if len(expected_tokens) * len(extracted_words) > MAX_ALIGN_PAIRS:
        whole = set(missing)
        return [[(0, len(p), "missing")] if p in whole else [] for p in paragraphs], []
    matcher = SequenceMatcher(None, expected_tokens, [w[2] for w in extracted_words], autojunk=False)
    seen_expected: set[int] = set()
    seen_extracted: set[int] = set()
    for block in matcher.get_matching_blocks():
        seen_expected.update(range(block.a, block.a + block.size))
        seen_extracted.update(range(block.b, block.b + block.size))
    per_para: list[list[int]] = [[] for _ in paragraphs]
    for k, (i, j) in enumerate(flat):
        if k not in seen_expected:
            per_para[i].append(j)
    missing_spans = [
        [(0, len(p), "missing")] if words and len(per_para[i]) == len(words) else _runs(words, per_para[i], "missing")
        for i, (p, words) in enumerate(zip(paragraphs, para_words, strict=True))
    ]
    extra = [k for k in range(len(extracted_words)) if k not in seen_extracted]
    return missing_spans, _runs(extracted_words, extra, "extra")


def render(text: str, spans: list[Span], start: int = 0, end: int | None = None) -> str:
    """Escaped ``text[start:end]`` with the spans (clipped to it) wrapped in their tags.

    Leak spans win where they overlap extra spans; the others never overlap each other.
    """
    end = len(text) if end is None else end
    kinds: list[str | None] = [None] * (end - start)
    for kind_order in ("missing", "extra", "leak"):
        for s, e, span_kind in spans:
            if span_kind == kind_order:
                for pos in range(max(s, start), min(e, end)):
                    kinds[pos - start] = span_kind
    out: list[str] = []
    pos = 0
    while pos < len(kinds):
        kind = kinds[pos]
        stop = pos
        while stop < len(kinds) and kinds[stop] == kind:
            stop += 1
        chunk = esc(text[start + pos : start + stop])
        if kind is None:
            out.append(chunk)
        else:
            open_tag, close_tag = TAGS[kind]
            out.append(f"{open_tag}{chunk}{close_tag}")
        pos = stop
    return "".join(out)


def render_lines(text: str, spans: list[Span]) -> list[str]:
    """The text's non-empty lines as HTML, with the spans that fall on each line."""
    lines, offset = [], 0
    for line in text.split("\n"):
        if line.strip():
            lines.append(render(text, spans, offset, offset + len(line)))
        offset += len(line) + 1
    return lines
