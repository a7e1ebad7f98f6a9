"""py3langid's model, loaded in milliseconds: an uncompressed copy cached once, memory-mapped.

py3langid ships its model LZMA-compressed (4.5 MB -> 68 MB) and unpacks it in every process
that asks: 1.7 s of CPU and ~70 MB resident, more than extracting 30 pages, paid by any run
with one page whose declared language needs checking. The first process unpacks it into the
user's cache directory (an atomic rename of a finished directory, its arrays fsynced first, so
a reader never sees half a copy, also after a power loss); later ones map those arrays, and
only the pages the classifier touches are read. The arrays are the model's own, so
classifications are the same to the last bit. Without a writable cache directory the model is
loaded as py3langid loads it.

A classification walks the model's state table and reads its feature rows all over the file:
the pages it touches stayed resident, so a process's memory grew by up to 59 MB (ScrapingHub's
17 checked pages) with the pages it classified. :func:`release` hands them back after each use:
they stay in the page cache (shared by every process, evictable), and the next classification
maps them again (1.4 ms more each, measured over 40 classifications).

One classification of a 3,000-character sample still touched up to 31 MB of the model before
it answered (18 MB of the state table, 13 MB of feature rows: each page fault maps 64 KB around
the page it needs, whatever ``madvise`` says), and that was a run's peak. So the identifier
reads the mapped files' cells and rows with ``pread`` (:func:`_pread_class`): the same
features and rows, in the same order, scored by py3langid's own code, so the answer is bit for
bit py3langid's, and nothing of the model enters the process's memory (about 2 ms more a
classification than faulting the pages in).
"""

from __future__ import annotations

import functools
import mmap
import os
import shutil
import sys
import tempfile
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Literal

import numpy as np

from pipeline.cache_dir import cache_root

# The model's arrays, as py3langid's model file names them.
_ARRAYS = ("ptc", "pc", "classes", "nextmove", "nextmove_row", "out_feat")


def load_identifier() -> Any:
    """A ``LanguageIdentifier`` with normalised probabilities, from the cached copy when possible."""
    import py3langid
    from py3langid.langid import MODEL_DIR, MODEL_FILE

    identifier_class = _pread_class()
    model = MODEL_DIR / MODEL_FILE
    root = cache_root()
    if root is None:  # no cache folder (no home): the model as py3langid reads it
        return identifier_class.from_modelpath(model, norm_probs=True)
    try:
        # Named by the version and the model's size, not its modification time: every install
        # of one py3langid shares one unpacked copy (by mtime, each new virtualenv, CI clone or
        # worktree unpacked 67 MB more: one user's cache held 53 copies, 3.4 GB).
        folder = root / f"py3langid-{py3langid.__version__}-{model.stat().st_size}"
        if not folder.is_dir():
            _unpack(model, folder)
        tables = {name: np.load(folder / f"{name}.npy", mmap_mode="r", allow_pickle=False) for name in _ARRAYS}
    except (OSError, ValueError):
        return identifier_class.from_modelpath(model, norm_probs=True)
    identifier = identifier_class(
        tables["ptc"],
        np.asarray(tables["pc"]),
        tables["classes"].tolist(),
        memoryview(tables["nextmove"]),  # indexed per byte of text: ints, as py3langid's array gives
        # Indexed per state: ints from a compact array (as lists, the state's feature and its
        # row offsets were 3 x 104,583 Python ints, 14 MB a process).
        np.array(tables["out_feat"]).data,
        norm_probs=True,
        tk_row=[],  # py3langid derives its row offsets from this list: set below, as arrays
    )
    rows = np.array(tables["nextmove_row"])
    identifier.tk_row = rows.data
    identifier._rowbase = (rows.astype(np.int64) << 8).data  # py3langid's pre-shifted offsets
    return identifier


def release(identifier: Any) -> int:
    """Unmap the resident pages of the identifier's memory-mapped arrays (see the module
    docstring); returns how many mappings it released (none for a model loaded into memory)."""
    advice = getattr(mmap, "MADV_DONTNEED", None)
    if advice is None:
        return 0
    released = 0
    for array in (identifier.nb_ptc, getattr(identifier.tk_nextmove, "obj", None)):
        mapped = getattr(array, "_mmap", None)  # numpy.memmap's mapping
        if isinstance(mapped, mmap.mmap):
            mapped.madvise(advice)
            released += 1
    return released


@functools.cache
def _pread_class() -> Any:
    """py3langid's identifier, reading a memory-mapped model with ``pread`` (module docstring)."""
    from py3langid.langid import LanguageIdentifier

    class PreadIdentifier(LanguageIdentifier):  # type: ignore[misc]  # py3langid has no type hints
        __slots__ = ()

        def _raw_score(self, text: bytes) -> Any:
            table = getattr(self.tk_nextmove, "obj", None)
            if not isinstance(table, np.memmap) or not isinstance(self.nb_ptc, np.memmap):
                return super()._raw_score(text)  # the model in memory (no writable cache)
            visits = _visit_counts(_Cells(table), self._rowbase, self.tk_output, text)
            if not visits:
                return super()._raw_score(b"")  # no feature: py3langid's own fill (it needs no text)
            rows = _Cells(self.nb_ptc).rows(visits.keys())
            # py3langid's own scoring, over the rows read (row i is the i-th feature's).
            return self._sparse_score(dict(zip(range(len(rows)), visits.values(), strict=True)), rows)

    return PreadIdentifier


class _Cells:
    """A memory-mapped .npy array read with ``pread``: its bytes, never its pages."""

    def __init__(self, array: np.memmap[Any, Any]) -> None:
        assert array.filename is not None and array.flags["C_CONTIGUOUS"]
        self.array = array
        self.descriptor = _descriptor(str(array.filename))
        self.offset = array.offset
        order = array.dtype.byteorder
        self.byteorder: Literal["little", "big"] = (
            "big" if order == ">" or (order == "=" and sys.byteorder == "big") else "little"
        )

    def cell(self, index: int) -> int:
        size = self.array.itemsize
        return int.from_bytes(os.pread(self.descriptor, size, self.offset + index * size), self.byteorder)

    def rows(self, indexes: Iterable[int]) -> np.ndarray[Any, Any]:
        """The rows at ``indexes``, in their order (what ``array[indexes]`` gives)."""
        width = self.array.strides[0]
        read, descriptor, offset = os.pread, self.descriptor, self.offset
        data = b"".join(read(descriptor, width, offset + index * width) for index in indexes)
        return np.frombuffer(data, dtype=self.array.dtype).reshape(-1, *self.array.shape[1:])


@functools.cache
def _descriptor(path: str) -> int:
    """One read-only descriptor per model file, open for the process's life."""
    return os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))


def _visit_counts(table: _Cells, rowbase: list[int], output: list[int], text: bytes) -> Counter[int] | None:
    """py3langid's ``visit_counts``: the features its state table meets along the text."""
    cell = table.cell
    seen: dict[int, int] = {}  # a text walks the same transitions again and again (~40% fewer reads)
    state, found = 0, []
    for letter in text:
        index = rowbase[state] + letter
        if (state := seen.get(index, -1)) < 0:
            state = seen[index] = cell(index)
        if (feature := output[state]) >= 0:
            found.append(feature)
    return Counter(found) if found else None


def _fsync(path: Path) -> None:
    """The file's (or folder's) data on disk: a folder renamed before its arrays reached it
    could come back after a power loss with arrays cut or empty, which every later process
    then failed to map and unpacked again in memory (1.7 s of CPU each)."""
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _unpack(model: Path, folder: Path) -> None:
    """Write the model's arrays as .npy files; the folder appears whole or not at all."""
    import lzma

    folder.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".unpack-", dir=folder.parent))
    try:
        with tempfile.TemporaryFile(suffix=".npz", dir=work) as npz:
            with lzma.open(model) as source:
                shutil.copyfileobj(source, npz, length=1 << 20)
            npz.seek(0)
            with np.load(npz, allow_pickle=False) as data:
                for name in _ARRAYS:
                    np.save(work / f"{name}.npy", data[name], allow_pickle=False)
        for written in (*(work / f"{name}.npy" for name in _ARRAYS), work):  # whole on disk before the rename
            _fsync(written)
        try:
            work.rename(folder)
        except OSError:
            if not folder.is_dir():  # another process's copy won the race: use that one
                raise
    finally:
        shutil.rmtree(work, ignore_errors=True)
