"""The regular expressions a ``pipeline`` process compiles at start-up, read back compiled.

A run imports ~620 patterns (the rules' vocabularies in every language, trafilatura's,
htmldate's, courlan's), and Python's ``re`` turns each pattern's text into the engine's code in
pure Python: 0.15-0.3 s of CPU per process, 5-7% of a one-worker run of ScrapingHub's WARC, which
the trafilatura loop pays for only a third of them. That code is a list of integers that depends
on nothing but the pattern, its flags and the Python that compiled it, so the first process
records it in the cache folder (:mod:`pipeline.cache_dir`, under a name that holds a
digest of Python's version and of its regex compiler's source) and the next ones hand it to the
engine directly, as ``re``'s compiler does as its last step: the same pattern objects, ~3 us each
instead of ~0.3 ms.

Only start-up is covered (:func:`install` by the CLI, :func:`start_up_done` once the run's
shards are about to start): the patterns compiled while pages are read depend on the pages (a
title matched where the page repeats it), and a cache of them would grow without end. A pattern
the copy does not hold, a copy that cannot be read, or a Python whose compiler works differently
all compile as ``re`` always does.
"""

from __future__ import annotations

import base64
import ctypes
import hashlib
import importlib
import json
import sys
from array import array
from typing import Any

from pipeline.cache_dir import keep_copy, read_copy

# The private pieces of ``re`` this rests on (stable from 3.11 to 3.13): ``re._compiler.compile``
# is what every uncached ``re.compile`` calls; ``_sre.compile`` builds the pattern from its code.
_COMPILER: Any = importlib.import_module("re._compiler")
_PARSER: Any = importlib.import_module("re._parser")
_SRE: Any = importlib.import_module("_sre")
# Every module of ``re`` whose source decides the code a pattern compiles to, digested into the
# copy's name: ``_casefix`` holds the extra case pairs an IGNORECASE pattern matches, and
# ``_constants`` the opcodes (``_SRE.MAGIC`` is checked against it, but only by convention bumped).
_DIGESTED: tuple[Any, ...] = (
    _COMPILER,
    _PARSER,
    importlib.import_module("re._casefix"),
    importlib.import_module("re._constants"),
)
_ORIGINAL = _COMPILER.compile
# Bumped when what an entry holds changes.
FORMAT = 2
# The code is kept as the bytes of an array of this type (one code word each: _sre.CODESIZE
# bytes), base64 in the copy, and made a list only for the pattern being built: the copy's
# 225,000 code words as Python lists were 5-6 MB more in a run's driver after start-up (its
# forked workers inherit that), as bytes ~1 MB, freed when start-up ends.
CODE_TYPE = "I"
# A copy holding more start-up patterns than this is rewritten with this process's alone (those
# it built from the copy and those it compiled): each command compiles its own set (a run,
# ``pipeline extract``, ``pipeline qa``), together ~700; more would be patterns that no longer
# exist, kept since the code changed.
MAX_PATTERNS = 2000
# A copy is rewritten only for patterns compiled anew holding this many characters together:
# some start-up patterns are new in every process (babel's plural tokens, a set's letters in
# hash order; the archive sweep's, which names the output's tag), and a run rewrote the whole
# copy for those two (118 characters, ~0.25 ms to compile): its JSON, digest and fsync, 15-25 ms
# of CPU for a copy of 700-1,100 entries, which grew by one or two each run up to MAX_PATTERNS.
# Compiling costs 3-6 us a character, so 2,000 characters (~10 ms) is about what a rewrite costs.
KEEP_MIN_CHARS = 2000

Entry = tuple[int, int, str, dict[str, int], tuple[str | None, ...]]  # the code as base64 text

_table: dict[tuple[str, int], Entry] = {}
_missed: set[tuple[str, int]] = set()
_used: set[tuple[str, int]] = set()  # the copy's entries this process built a pattern from
_name: str | None = None


def install() -> None:
    """From here on, until :func:`start_up_done`, a pattern the copy holds is rebuilt from it."""
    global _name
    if _COMPILER.compile is _cached_compile:
        return
    _name = _copy_name()
    if _name is None or array(CODE_TYPE).itemsize != _SRE.CODESIZE:
        return
    _table.clear()
    _missed.clear()
    _used.clear()
    _table.update(_read(_name))
    _COMPILER.compile = _cached_compile


def start_up_done(keep: bool = True) -> None:
    """Start-up is over: the patterns it compiled that the copy lacked are added to it (unless
    not ``keep``: a command that is no run; or they are too few to pay for the rewrite,
    KEEP_MIN_CHARS), and every later pattern compiles as ``re`` does."""
    if _COMPILER.compile is not _cached_compile:
        return
    _COMPILER.compile = _ORIGINAL
    # a snapshot, taken at once: a thread still inside _cached_compile may add to the set
    missed = list(_missed)
    # no copy yet (or none usable): whatever start-up compiled is kept
    worth = not _table or sum(len(pattern) for pattern, _ in missed) >= KEEP_MIN_CHARS
    if keep and missed and worth and _name is not None:
        entries = {key: _entry(*key) for key in missed}
        kept = (
            _table if len(_table) + len(entries) <= MAX_PATTERNS else {k: _table[k] for k in list(_used) if k in _table}
        )
        entries = {**kept, **entries}
        keep_copy(_name, json.dumps([[p, f, *rest] for (p, f), rest in entries.items()], separators=(",", ":")))
    _table.clear()
    _missed.clear()
    _used.clear()
    _give_back_heap()


def _give_back_heap() -> None:
    """The heap's free pages handed back to the system (glibc's ``malloc_trim``): reading the
    copy (1.3 MB of text, read, checked and decoded) left ~4 MB free in the middle of the heap,
    resident in a run's driver and in every worker it forks (RssAnon after start-up 43 ->
    47 MB; 43 with this). Nothing where the C library has no such call."""
    try:
        trim = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):
        return
    trim(0)


def _cached_compile(pattern: Any, flags: int = 0) -> Any:
    """``re._compiler.compile``, from the copy when it holds ``pattern`` with these flags."""
    if pattern.__class__ is str and not flags & _SRE_DEBUG:
        entry = _table.get((pattern, flags))
        if entry is not None:
            final_flags, groups, code, groupindex, indexgroup = entry
            try:
                words = array(CODE_TYPE, base64.b64decode(code)).tolist()
                built = _SRE.compile(pattern, final_flags, words, groups, groupindex, indexgroup)
            except Exception:  # not code this engine takes (any error: a count too large...): compiled anew
                pass
            else:
                _used.add((pattern, flags))
                return built
        compiled = _ORIGINAL(pattern, flags)
        _missed.add((pattern, flags))  # after: a pattern re refuses raises and is never kept
        return compiled
    return _ORIGINAL(pattern, flags)


_SRE_DEBUG = 128  # re.DEBUG: prints the code as it compiles, so never from the copy


def _entry(pattern: str, flags: int) -> Entry:
    """What ``_sre.compile`` needs for ``pattern``, as ``re``'s compiler works it out."""
    parsed = _PARSER.parse(pattern, flags)
    code = _COMPILER._code(parsed, flags)
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for group_name, index in groupindex.items():
        indexgroup[index] = group_name
    words = base64.b64encode(array(CODE_TYPE, code).tobytes()).decode("ascii")
    return flags | parsed.state.flags, parsed.state.groups - 1, words, groupindex, tuple(indexgroup)


def _read(name: str) -> dict[tuple[str, int], Entry]:
    """The copy's entries; none when it is missing, not whole or not what this format writes."""
    text = read_copy(name)
    if text is None:
        return {}
    try:
        rows = json.loads(text)
        return {(p, f): (ff, g, code, gi, tuple(ig)) for p, f, ff, g, code, gi, ig in rows}
    except Exception:  # any surprise (a RecursionError from nesting too deep...): nothing from the copy
        return {}


def _copy_name() -> str | None:
    """The copy's name: this Python's version and the source of its regex compiler's modules
    (``_DIGESTED``), digested; None when the source cannot be read (nothing is cached then)."""
    digest = hashlib.sha256(f"{FORMAT}\n{sys.version}\n{_SRE.MAGIC}\n{_SRE.CODESIZE}\n".encode())
    try:
        for module in _DIGESTED:
            with open(module.__file__, "rb") as source:
                digest.update(source.read())
    except (OSError, TypeError):
        return None
    return f"re-{sys.implementation.cache_tag}-{digest.hexdigest()[:16]}.json"
