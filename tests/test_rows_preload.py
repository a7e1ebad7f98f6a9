"""The public-suffix list read for ``tld`` at once (:func:`pipeline.normalize.rows.preload`) gives
it the index its own ``codecs`` line reader builds, node for node: the registrable domain of
every URL, and so every ``same_site`` answer and article id, is the same."""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from pathlib import Path

import pytest
from tld import get_fld
from tld import utils as tld_utils
from tld.trie import TrieNode

from pipeline.normalize import rows


def _nodes(node: TrieNode, path: str = "") -> Iterator[tuple[str, str | None, bool, bool]]:
    yield path, node.exception, node.leaf, node.private
    for part, child in sorted((node.children or {}).items()):
        yield from _nodes(child, f"{path}.{part}")


def _index(preloaded: bool) -> list[tuple[str, str | None, bool, bool]]:
    tld_utils.reset_tld_names()
    if preloaded:
        rows.preload()
    else:
        get_fld("https://www.example.org/", fail_silently=True)
    names = tld_utils.get_tld_names_container()
    assert len(names) == 1
    return list(_nodes(next(iter(names.values())).root))


def test_preload_builds_the_index_tld_builds() -> None:
    try:
        by_codecs, at_once = _index(preloaded=False), _index(preloaded=True)
    finally:
        tld_utils.reset_tld_names()
    assert len(by_codecs) > 10_000  # the whole list, private domains included
    assert at_once == by_codecs
    assert getattr(tld_utils, rows.TLD_READER) is codecs.open  # tld's own reader is back for anything else


@pytest.mark.parametrize("ending", ["\r\n", "\u2028", "\x85"])
def test_a_file_ending_lines_otherwise_is_read_by_codecs(tmp_path: Path, ending: str) -> None:
    text = ending.join(["// comment", "com", "co.uk", "*.ck", "!www.ck", ""])
    path = tmp_path / "list.dat"
    path.write_text(text, encoding="utf8", newline="")
    with rows._suffix_lines(str(path)) as ours, codecs.open(str(path), "r", encoding="utf8") as theirs:
        assert list(ours) == list(theirs)


def test_a_file_of_plain_lines_gives_codecs_lines(tmp_path: Path) -> None:
    path = tmp_path / "list.dat"
    path.write_text("// comment\ncom\n\nco.uk\n*.ck\n!www.ck", encoding="utf8", newline="")
    with rows._suffix_lines(str(path)) as ours, codecs.open(str(path), "r", encoding="utf8") as theirs:
        assert list(ours) == list(theirs)


def test_preload_reads_the_list_without_codecs_line_reader(monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[str] = []

    def counted(path: str, mode: str = "r", encoding: str = "utf8") -> codecs.StreamReaderWriter:
        opened.append(path)
        return codecs.open(path, mode, encoding=encoding)

    monkeypatch.setattr(tld_utils, rows.TLD_READER, counted)
    tld_utils.reset_tld_names()
    try:
        rows.preload()
    finally:
        tld_utils.reset_tld_names()
    assert opened == []
    assert getattr(tld_utils, rows.TLD_READER) is counted
