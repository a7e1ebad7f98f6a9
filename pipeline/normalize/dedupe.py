"""Near-duplicate detection: 64-bit SimHash of word shingles, looked up by bands.

Two articles whose SimHashes differ in at most MAX_DISTANCE bits are near-duplicates (the same
story under another URL, with a different byline or a trimmed footer). The later one is
flagged with ``duplicate_of``; nothing is dropped.
"""

from __future__ import annotations

import re
from hashlib import blake2b

import numpy as np

# 6 of 64 bits: a 1-2% edit (a changed byline, another footer) moves unweighted shingle
# SimHashes by about 3-6 bits; unrelated texts sit near 32. Manku et al. use 3 with weighted features.
MAX_DISTANCE = 6
# 7 bands of 9 bits: two hashes within 6 bits share at least one band exactly (pigeonhole).
BANDS = 7
BAND_BITS = 9
SHINGLE = 3  # the shingle is built for exactly three words below
# A word of the SimHash and of word_count (rows.py): one pattern, so both count the same words.
WORD = re.compile(r"\w+", re.UNICODE)
_MASK = (1 << 64) - 1


def simhash(text: str) -> int:
    """A signed 64-bit SimHash (fits Parquet int64) of the text's 3-word shingles."""
    return simhash_of_words(WORD.findall(text))


def simhash_of_words(words: list[str]) -> int:
    """:func:`simhash` of a text whose words (``\\w+`` runs, in order) are already found."""
    if not words:
        return 0
    folded = list(map(str.casefold, words))
    if len(folded) >= SHINGLE:
        grams = [f"{a} {b} {c}" for a, b, c in zip(folded, folded[1:], folded[2:], strict=False)]
    else:
        grams = [" ".join(folded)]
    digests = b"".join([blake2b(gram.encode(), digest_size=8).digest() for gram in grams])
    bits = np.unpackbits(np.frombuffer(digests, dtype=np.uint8)).reshape(len(grams), 64)
    votes = bits.sum(axis=0) * 2 > len(grams)  # bit i (most significant first) set by majority
    unsigned = int.from_bytes(np.packbits(votes).tobytes(), "big")
    return unsigned - (1 << 64) if unsigned >= 1 << 63 else unsigned


def distance(a: int, b: int) -> int:
    return ((a & _MASK) ^ (b & _MASK)).bit_count()


class NearDuplicateIndex:
    """Article ids by SimHash; ``owner`` finds an earlier article with near-identical text."""

    def __init__(self) -> None:
        # per band: (insertion order, simhash, article id), oldest first
        self._bands: list[dict[int, list[tuple[int, int, str]]]] = [{} for _ in range(BANDS)]
        self._added = 0

    def add(self, value: int, article_id: str) -> None:
        self._added += 1
        for band, table in enumerate(self._bands):
            table.setdefault(self._band(value, band), []).append((self._added, value, article_id))

    def owner(self, value: int, article_id: str) -> str | None:
        """The first-added other article within MAX_DISTANCE bits, or None.

        Each band's list is oldest first, so its scan stops at its first match: templated pages
        (one site's near-identical articles) share bands, and scanning every entry made a
        shard's pages cost O(n^2).
        """
        best: tuple[int, str] | None = None
        for band, table in enumerate(self._bands):
            for order, other, other_id in table.get(self._band(value, band), ()):
                if best is not None and order >= best[0]:
                    break
                if other_id != article_id and distance(value, other) <= MAX_DISTANCE:
                    best = (order, other_id)
                    break
        return best[1] if best is not None else None

    @staticmethod
    def _band(value: int, band: int) -> int:
        return (value & _MASK) >> (band * BAND_BITS) & ((1 << BAND_BITS) - 1)
