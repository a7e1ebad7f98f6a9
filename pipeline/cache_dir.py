"""The pipeline's cache folder (``$XDG_CACHE_HOME/health-pipeline``, else ``~/.cache/...``):
what a library rebuilds in every process (py3langid's unpacked model, jusText's stop words,
htmldate's month names) is built once and read back. Everything written there appears whole or
not at all (fsync, then a rename), and without a writable folder, or without any folder (no
``HOME`` and a uid the passwd database does not know: cron, a container's ``--user``, a Dask
worker under systemd), each caller builds as before.
A text copy ends with a digest of what it holds, checked when it is read: a copy cut short or
emptied (a power loss after its rename, a disk error, a hand edit) read as a shorter word list
and changed every later extraction on the machine without a word; it is built and written again.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

# Environment variable naming the cache root (the XDG default when unset).
CACHE_ENV = "XDG_CACHE_HOME"
CACHE_NAME = "health-pipeline"
# The last line of a text copy: this marker and the SHA-256 of the text before it. Copies with
# it are named apart (``...-stopwords.checked.txt``), so a release before it never reads one.
DIGEST_LINE = "\n#sha256:"
CHECKED = ".checked"


def cache_root() -> Path | None:
    """The cache folder; None when there is no home to put it in.

    ``XDG_CACHE_HOME`` counts only as an absolute path (the XDG Base Directory specification:
    a relative one is invalid and ignored; it would be read from each process's working
    folder). ``Path.home()`` raises when ``HOME`` is unset and the uid has no passwd entry,
    and that error failed every page the language model or jusText's stop words were asked
    about (``extract_failed`` "RuntimeError: Could not determine home directory.")."""
    base = os.environ.get(CACHE_ENV, "")
    if os.path.isabs(base):
        return Path(base) / CACHE_NAME
    try:
        home = Path.home()
    except (RuntimeError, KeyError):
        return None
    return home / ".cache" / CACHE_NAME


def copy_path(name: str) -> Path | None:
    """Where the text copy ``name`` is kept (``a.txt``: ``a.checked.txt``, with its digest);
    None without a cache folder."""
    root = cache_root()
    plain = Path(name)
    return None if root is None else root / (plain.stem + CHECKED + plain.suffix)


def cached_words(name: str, build: Callable[[], frozenset[str]]) -> frozenset[str]:
    """A set of words a library builds on its first use in every process (a second or a tenth
    of CPU), read back from a copy in the cache directory instead.

    The copy is plain text, one word a line (read as data, never unpickled), under ``name``
    (which names the versions it was built from), written whole or not at all (a rename).
    Without a writable cache directory, or for words that are not one a line, ``build`` runs
    each time, as before.
    """
    path = copy_path(name)
    text = None if path is None else _read_whole(path)
    if text is not None:
        return frozenset(text.split("\n"))
    words = build()
    if path is None or not words or any("\n" in word for word in words):
        return words  # not one word a line: never cached
    _keep(path, "\n".join(sorted(words)))
    return words


def cached_text(name: str, build: Callable[[], str]) -> str:
    """A text built once (plain text, read as data), read back from its copy under ``name``
    as :func:`cached_words` reads words; without a writable directory, built each time."""
    path = copy_path(name)
    kept = None if path is None else _read_whole(path)
    if kept is not None:
        return kept
    text = build()
    if path is not None:
        _keep(path, text)
    return text


def read_copy(name: str) -> str | None:
    """The text kept under ``name`` by :func:`keep_copy`; None when there is none, or it is not whole."""
    path = copy_path(name)
    return None if path is None else _read_whole(path)


def keep_copy(name: str, text: str) -> None:
    """``text`` kept under ``name``, whole or not at all; nothing without a writable folder."""
    path = copy_path(name)
    if path is not None:
        _keep(path, text)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _read_whole(path: Path) -> str | None:
    """The text of the copy at ``path``; None if there is none, or it is not whole (its digest
    line missing or not its text's: cut short, emptied, or written before copies had one)."""
    try:
        stored = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    text, marker, digest = stored.rpartition(DIGEST_LINE)
    return text if marker and digest == _digest(text) else None


def _keep(path: Path, text: str) -> None:
    """The copy written whole or not at all (fsync, then a rename), its digest last; nothing
    when the folder is not writable. A copy that cannot be written whole (a full disk, a quota, a
    file size limit) leaves no temporary file behind: every later process tries again, and each
    left one more (``.words-*``, never read, never swept)."""
    written: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, prefix=".words-", delete=False) as out:
            written = out.name
            out.write(text + DIGEST_LINE + _digest(text))
            out.flush()
            os.fsync(out.fileno())
        os.replace(written, path)
    except OSError:
        if written is not None:
            with contextlib.suppress(OSError):
                os.unlink(written)
