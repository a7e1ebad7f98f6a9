from __future__ import annotations

import random

from pipeline.normalize.dedupe import MAX_DISTANCE, NearDuplicateIndex, distance, simhash

WORDS = "heart valve blood pressure kidney diet sleep doctor test dose risk pain study".split()


def article(seed: int, words: int = 600) -> str:
    rng = random.Random(seed)
    return " ".join(rng.choice(WORDS) + str(rng.randint(0, 50)) for _ in range(words))


def test_near_duplicates_are_close_and_different_texts_are_far() -> None:
    text = article(1)
    edited = text.replace(text.split()[10], "changed", 1) + " Copyright 2024 Mirror Site. All rights reserved."
    assert distance(simhash(text), simhash(edited)) <= MAX_DISTANCE
    assert distance(simhash(text), simhash(article(2))) > MAX_DISTANCE


def test_index_finds_the_earlier_owner_but_not_itself() -> None:
    index = NearDuplicateIndex()
    original = simhash(article(1))
    index.add(original, "a1")
    assert index.owner(original, "a1") is None
    assert index.owner(simhash(article(1) + " extra footer words"), "b2") == "a1"
    assert index.owner(simhash(article(3)), "c3") is None


def test_simhash_fits_int64() -> None:
    for seed in range(20):
        value = simhash(article(seed, 50))
        assert -(2**63) <= value < 2**63


def test_owner_is_the_first_added_near_duplicate_whichever_band_finds_it() -> None:
    value = 0x0123_4567_89AB_CDEF
    index = NearDuplicateIndex()
    index.add(value ^ 1, "first")  # one bit off, in band 0: found through the other bands only
    index.add(value, "second")  # shares every band with the query, band 0 included
    assert index.owner(value, "query") == "first"
    assert index.owner(value, "first") == "second"  # never the article itself


def reference_simhash(text: str) -> int:
    """SimHash as first defined (the stored values): the faster code must give the same bits."""
    import hashlib
    import re

    import numpy as np

    words = [w.casefold() for w in re.findall(r"\w+", text)]
    if not words:
        return 0
    grams = [" ".join(words[i : i + 3]) for i in range(max(len(words) - 3 + 1, 1))]
    digests = b"".join(hashlib.blake2b(g.encode(), digest_size=8).digest() for g in grams)
    bits = np.unpackbits(np.frombuffer(digests, dtype=np.uint8)).reshape(len(grams), 64)
    unsigned = int.from_bytes(np.packbits(bits.sum(axis=0) * 2 > len(grams)).tobytes(), "big")
    return unsigned - (1 << 64) if unsigned >= 1 << 63 else unsigned


def test_simhash_keeps_its_stored_values() -> None:
    rng = random.Random(3)
    vocabulary = ["İstanbul", "Straße", "ǅemal", "ﬁle", "café", "x1", "y_2", "ΣΊΣΥΦΟΣ", "日本語", "a", "B"]
    texts = ["", "one", "One two", "one two three", "— ... —", article(5), article(6, 2)]
    texts += [" ".join(rng.choice(vocabulary) for _ in range(rng.randint(0, 12))) for _ in range(300)]
    assert all(simhash(text) == reference_simhash(text) for text in texts)
    assert len({simhash(text) for text in texts}) > 200
