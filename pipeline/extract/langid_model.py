"""py3langid's model, loaded in milliseconds: an uncompressed copy cached once, memory-mapped.

py3langid ships its model LZMA-compressed (4.5 MB -> 68 MB) and unpacks it in every process
that asks: 1.7 s of CPU and ~70 MB resident, more than extracting 30 pages, paid by any run
with one page whose declared language needs checking. The first process unpacks it into the
user's cache directory (an atomic rename of a finished directory, so a reader never sees half
a copy); later ones map those arrays, and only the pages the classifier touches are read. The
arrays are the model's own, so classifications are the same to the last bit. Without a
writable cache directory the model is loaded as py3langid loads it.

A classification walks the model's state table and reads its feature rows all over the file:
the pages it touches stayed resident, so a process's memory grew by up to 59 MB (ScrapingHub's
17 checked pages) with the pages it classified. :func:`release` hands them back after each use:
they stay in the page cache (shared by every process, evictable), and the next classification
maps them again (1.4 ms more each, measured over 40 classifications).
"""

from __future__ import annotations

import mmap
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

# The model's arrays, as py3langid's model file names them.
_ARRAYS = ("ptc", "pc", "classes", "nextmove", "nextmove_row", "out_feat")
# Environment variable naming the cache root (the XDG default when unset).
CACHE_ENV = "XDG_CACHE_HOME"
CACHE_NAME = "health-pipeline"


def load_identifier() -> Any:
    """A ``LanguageIdentifier`` with normalised probabilities, from the cached copy when possible."""
    import py3langid
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    model = MODEL_DIR / MODEL_FILE
    try:
        stat = model.stat()
        folder = cache_root() / f"py3langid-{py3langid.__version__}-{stat.st_size}-{stat.st_mtime_ns}"
        if not folder.is_dir():
            _unpack(model, folder)
        tables = {name: np.load(folder / f"{name}.npy", mmap_mode="r", allow_pickle=False) for name in _ARRAYS}
    except (OSError, ValueError):
        return LanguageIdentifier.from_modelpath(model, norm_probs=True)
    return LanguageIdentifier(
        tables["ptc"],
        np.asarray(tables["pc"]),
        tables["classes"].tolist(),
        memoryview(tables["nextmove"]),  # indexed per byte of text: ints, as py3langid's array gives
        tables["out_feat"].tolist(),
        norm_probs=True,
        tk_row=tables["nextmove_row"].tolist(),
    )


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


def cache_root() -> Path:
    base = os.environ.get(CACHE_ENV) or str(Path.home() / ".cache")
    return Path(base) / CACHE_NAME


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
        try:
            work.rename(folder)
        except OSError:
            if not folder.is_dir():  # another process's copy won the race: use that one
                raise
    finally:
        shutil.rmtree(work, ignore_errors=True)
