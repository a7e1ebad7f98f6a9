"""Start-up's regular expressions read back compiled (``pipeline/compiled_patterns.py``): a run
keeps what its start-up compiled, the next process builds each pattern from that code (the same
pattern objects ``re`` makes), patterns compiled for pages are never kept, and a copy that cannot
be used is compiled as ``re`` always does."""

from __future__ import annotations

import base64
import hashlib
import importlib
import json
import os
import subprocess
import sys
from array import array
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from pipeline import cache_dir, compiled_patterns
from pipeline.extract.html import _XML_DECLARATION

SRE: Any = importlib.import_module("_sre")


def _python(code: str, cache: Path) -> str:
    """``code`` run in a fresh process whose cache folder is ``cache``; its stdout."""
    env = {**os.environ, cache_dir.CACHE_ENV: str(cache)}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def _copy(cache: Path) -> Path:
    (path,) = (cache / cache_dir.CACHE_NAME).glob("re-*")
    return path


def _rows(cache: Path) -> list[list[Any]]:
    text, _, _ = _copy(cache).read_text(encoding="utf-8").rpartition(cache_dir.DIGEST_LINE)
    rows: list[list[Any]] = json.loads(text)
    return rows


def _write_rows(cache: Path, rows: list[list[Any]]) -> None:
    text = json.dumps(rows)
    digest = hashlib.sha256(text.encode()).hexdigest()
    _copy(cache).write_text(text + cache_dir.DIGEST_LINE + digest, encoding="utf-8")


def test_a_run_keeps_what_its_start_up_compiled_and_the_code_is_res(tmp_path: Path, sample_warc: Path) -> None:
    def run(out: Path) -> list[str]:
        _python(
            "from pipeline.cli import main\n"
            f"main(['run', '--warc', {str(sample_warc)!r}, '--out', {str(out)!r}, '--progress', 'off',"
            " '--workers', '1', '--max-failure-rate', '1'])\n",
            tmp_path,
        )
        return sorted(pq.read_table(out / "articles").column("text").to_pylist())

    first = run(tmp_path / "out")
    rows = _rows(tmp_path)
    assert len(rows) > 300  # the rules' vocabularies, trafilatura's and htmldate's patterns
    assert _XML_DECLARATION.pattern in [row[0] for row in rows]  # one of ours
    for pattern, flags, final_flags, groups, code, groupindex, indexgroup in rows:
        words = array(compiled_patterns.CODE_TYPE, base64.b64decode(code)).tolist()
        built = SRE.compile(pattern, final_flags, words, groups, groupindex, tuple(indexgroup))
        assert built == compiled_patterns._ORIGINAL(pattern, flags)  # Pattern equality compares the code
    assert first and run(tmp_path / "again") == first  # a second run over the copy: the same articles


START = "from pipeline import compiled_patterns as c\nimport re\nc.install()\n"


def test_the_next_process_builds_a_pattern_from_the_copy(tmp_path: Path) -> None:
    _python(START + "re.compile('a+z')\nre.compile('b+z')\nc.start_up_done()\n", tmp_path)
    rows = {row[0]: row for row in _rows(tmp_path)}
    # the copy's code for 'a+z' swapped for that of 'b+z': a process that reads it matches 'bbz'
    rows["a+z"] = ["a+z", *rows["b+z"][1:]]
    _write_rows(tmp_path, list(rows.values()))
    out = _python(START + "print(bool(re.compile('a+z').fullmatch('bbz')))\n", tmp_path)
    assert out.split() == ["True"]


def test_patterns_compiled_after_start_up_are_not_kept(tmp_path: Path) -> None:
    _python(START + "re.compile('start-up')\nc.start_up_done()\nre.compile('a page title')\n", tmp_path)
    kept = [row[0] for row in _rows(tmp_path)]
    assert "start-up" in kept
    assert "a page title" not in kept
    # a command that is no run keeps nothing
    _python(START + "re.compile('other command')\nc.start_up_done(keep=False)\n", tmp_path)
    assert "other command" not in [row[0] for row in _rows(tmp_path)]


def test_a_pattern_re_refuses_at_start_up_is_refused_and_never_kept(tmp_path: Path) -> None:
    refused = "try:\n    re.compile('(unclosed')\nexcept re.error:\n    print('refused')\n"
    out = _python(START + refused + "re.compile('kept')\nc.start_up_done()\n", tmp_path)
    assert out.split() == ["refused"]
    assert [row[0] for row in _rows(tmp_path)] == ["kept"]


def test_a_copy_that_cannot_be_used_compiles_as_re_does(tmp_path: Path) -> None:
    _python(START + "re.compile('a+z')\nc.start_up_done()\n", tmp_path)
    (row,) = [row for row in _rows(tmp_path) if row[0] == "a+z"]
    refused = base64.b64encode(array(compiled_patterns.CODE_TYPE, [0, 1, 2]).tobytes()).decode()
    _write_rows(tmp_path, [[*row[:4], refused, *row[5:]]])  # code no engine accepts
    check = START + "print(bool(re.compile('a+z').fullmatch('aaz')), bool(re.compile('a+z').fullmatch('bbz')))\n"
    assert _python(check, tmp_path).split() == ["True", "False"]
    text = _copy(tmp_path).read_text(encoding="utf-8")
    _copy(tmp_path).write_text(text.replace('"a+z"', '"b+z"', 1), encoding="utf-8")  # not whole: its digest differs
    assert _python(check, tmp_path).split() == ["True", "False"]


def test_every_module_of_re_that_shapes_the_code_names_the_copy() -> None:
    # _casefix's case pairs decide what an IGNORECASE pattern's code matches: a Python whose
    # _casefix changed and its version did not must not read an older copy's code
    loaded = {name for name in sys.modules if name.startswith("re._")}
    assert loaded and loaded <= {module.__name__ for module in compiled_patterns._DIGESTED}


def _write_text(cache: Path, text: str) -> None:
    digest = hashlib.sha256(text.encode()).hexdigest()
    _copy(cache).write_text(text + cache_dir.DIGEST_LINE + digest, encoding="utf-8")


def test_a_whole_copy_that_surprises_compiles_as_re_does(tmp_path: Path) -> None:
    _python(START + "re.compile('a+z')\nc.start_up_done()\n", tmp_path)
    (row,) = [row for row in _rows(tmp_path) if row[0] == "a+z"]
    check = START + "print(bool(re.compile('a+z').fullmatch('aaz')), re.compile('a+z').groups)\n"
    _write_rows(tmp_path, [[*row[:3], 2**70, *row[4:]]])  # a group count the engine cannot hold: OverflowError
    assert _python(check, tmp_path).split() == ["True", "0"]
    _write_text(tmp_path, "[" * 100_000 + "]" * 100_000)  # nested too deep for json: RecursionError
    assert _python(check, tmp_path).split() == ["True", "0"]


def test_a_copy_over_its_limit_keeps_what_this_process_built_from_it(tmp_path: Path) -> None:
    _python(START + "re.compile('a+z')\nc.start_up_done()\n", tmp_path)
    (row,) = [row for row in _rows(tmp_path) if row[0] == "a+z"]
    gone = [[f"gone {i}", *row[1:]] for i in range(compiled_patterns.MAX_PATTERNS)]
    _write_rows(tmp_path, [row, *gone])
    _python(START + f"re.compile('a+z')\nre.compile({_LONG!r})\nc.start_up_done()\n", tmp_path)
    assert sorted(row[0] for row in _rows(tmp_path)) == ["a+z", _LONG]


# A start-up pattern new to the copy, long enough that keeping it pays for the copy's rewrite.
_LONG = "|".join(f"word{i}" for i in range(compiled_patterns.KEEP_MIN_CHARS // 6))


def test_a_copy_is_not_rewritten_for_a_few_short_patterns_new_in_every_process(tmp_path: Path) -> None:
    # babel's plural tokens (a set's letters in hash order) are a new pattern in every process:
    # a run rewrote the whole copy for them
    _python(START + "re.compile('a+z')\nc.start_up_done()\n", tmp_path)
    before = _copy(tmp_path).read_bytes()
    _python(START + "re.compile('a+z')\nre.compile('[cnwfivet]')\nc.start_up_done()\n", tmp_path)
    assert _copy(tmp_path).read_bytes() == before
    # patterns worth a rewrite are kept, with the short ones missed beside them
    assert len(_LONG) >= compiled_patterns.KEEP_MIN_CHARS
    _python(START + f"re.compile('[cnwfivet]')\nre.compile({_LONG!r})\nc.start_up_done()\n", tmp_path)
    assert sorted(row[0] for row in _rows(tmp_path)) == ["[cnwfivet]", "a+z", _LONG]
