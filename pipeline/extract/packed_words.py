"""A large set of words held as a few thousand strings instead of one object per word.

jusText's stop words of every language (154,000 words: what trafilatura's recall mode hands it
for a page of no known language) took 16 MB as a ``frozenset`` in every process that read one
such page, for a handful of membership tests a run (one paragraph of 12 words over
ScrapingHub's 181 pages). Packed, the words that share their first PREFIX_CHARS characters are
one newline-separated string, found by that prefix: the same answers (a word is in the set
exactly when its line is in its bucket) in ~5 MB, at ~1.7 us a test instead of ~0.05 us.
The packed text (:func:`pack`) is what the cache directory keeps: read back, it becomes the
buckets with one split, no object per word.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

# Words are bucketed by this many leading characters: jusText's 154,000 stop words fall into
# ~14,000 buckets (the largest ~10,000 characters). 3 characters: ~41,000 buckets, 9 MB, a test
# 0.8 us; 4: ~71,000 buckets, 14 MB. Two keep the fewest objects for a test still in microseconds.
PREFIX_CHARS = 2
_LINE = "\n"
# Between two buckets in the packed text; no word holds it (nor a newline).
_BUCKET = "\0"


def packable(words: Iterable[str]) -> bool:
    """Words :func:`pack` can hold: some, none with a newline or a NUL (an empty set and the set
    of the empty word would both pack to no text)."""
    found = False
    for word in words:
        if _LINE in word or _BUCKET in word:
            return False
        found = True
    return found


def pack(words: Iterable[str]) -> str:
    """The words as packed text: each bucket's words (sorted, each once) one a line, the buckets
    in order of their prefixes, separated by NUL. ValueError for words :func:`packable` refuses."""
    distinct = sorted(set(words))
    if not packable(distinct):
        raise ValueError("packed words are some words, none with a newline or a NUL")
    buckets: dict[str, list[str]] = {}
    for word in distinct:
        buckets.setdefault(word[:PREFIX_CHARS], []).append(word)
    return _BUCKET.join(_LINE.join(members) for members in buckets.values())


class PackedWords:
    """An immutable set of words, asked ``word in words``, ``len`` and iteration (what jusText
    and trafilatura ask of a stop list)."""

    __slots__ = ("_buckets", "_count")

    def __init__(self, packed: str) -> None:
        """From :func:`pack`'s text."""
        self._buckets: dict[str, str] = {}
        self._count = 0
        for bucket in packed.split(_BUCKET):
            self._buckets[bucket[:PREFIX_CHARS]] = _LINE + bucket + _LINE
            self._count += bucket.count(_LINE) + 1

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str) or _LINE in word or _BUCKET in word:
            return False
        bucket = self._buckets.get(word[:PREFIX_CHARS])
        return bucket is not None and f"{_LINE}{word}{_LINE}" in bucket

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[str]:
        for bucket in self._buckets.values():
            yield from bucket[1:-1].split(_LINE)
