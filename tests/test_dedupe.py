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
