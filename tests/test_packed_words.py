"""A packed word set answers every membership test as the frozenset it replaces (issue 9:
memory per worker; jusText's stop words of every language, 16 -> ~5 MB)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from pipeline import cache_dir
from pipeline.extract.packed_words import PREFIX_CHARS, PackedWords, pack, packable

WORDS = frozenset({"a", "ab", "abc", "abd", "b", "the", "thé", "und", "и", "из", "x y", "Ab", "", "ß", "ss"})
ASKED = [*WORDS, "abcd", "abe", "c", "th", "them", "UND", "и ", "x", "y", "\n", "a\nb", "ab\0", "ẞ", "s"]


def test_packed_words_answer_as_the_set() -> None:
    packed = PackedWords(pack(WORDS))
    assert [w in packed for w in ASKED] == [w in WORDS for w in ASKED]
    assert frozenset(packed) == WORDS and len(packed) == len(WORDS)
    assert 1 not in packed  # not a string: not a word
    assert PackedWords(pack({""})) and "" in PackedWords(pack({""}))  # the empty word is a word


def test_words_that_cannot_be_lines_are_not_packed() -> None:
    assert not packable(["a", "b\nc"]) and not packable(["a\0"]) and not packable([])
    with pytest.raises(ValueError):
        pack(["a", "b\nc"])


def test_buckets_are_by_prefix_so_a_test_searches_one_short_string() -> None:
    text = pack(WORDS)
    buckets = text.split("\0")
    assert all(len({w[:PREFIX_CHARS] for w in b.split("\n")}) == 1 for b in buckets)
    assert len(buckets) == len({w[:PREFIX_CHARS] for w in WORDS})


def test_the_stop_words_packed_copy_is_read_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from pipeline.extract.article import packed_stoplist, stoplist_words

    monkeypatch.setenv(cache_dir.CACHE_ENV, str(tmp_path))
    built = stoplist_words()
    first = packed_stoplist()  # the first process packs them and writes the copy
    assert isinstance(first, PackedWords) and frozenset(first) == built
    (copy,) = [p for p in (tmp_path / cache_dir.CACHE_NAME).iterdir() if "packed" in p.name]
    text = copy.read_text(encoding="utf-8").rpartition(cache_dir.DIGEST_LINE)[0] + "\0zzsentinel"
    copy.write_text(text + cache_dir.DIGEST_LINE + hashlib.sha256(text.encode()).hexdigest(), encoding="utf-8")
    later = packed_stoplist()
    assert "zzsentinel" in later and "the" in later  # read from the copy, not packed again


def test_the_stop_words_are_packed_without_a_writable_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from pipeline.extract.article import packed_stoplist

    blocked = tmp_path / "file"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv(cache_dir.CACHE_ENV, str(blocked))
    words = packed_stoplist()
    assert isinstance(words, PackedWords) and {"the", "und", "le", "и"} <= frozenset(words) and len(words) > 100_000
