"""The pipeline's cache folder (``$XDG_CACHE_HOME/health-pipeline``, else ``~/.cache/...``):
what a library rebuilds in every process (py3langid's unpacked model, jusText's stop words,
htmldate's month names) is built once and read back. Everything written there appears whole or
not at all (a rename), and without a writable folder each caller builds as before.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

# Environment variable naming the cache root (the XDG default when unset).
CACHE_ENV = "XDG_CACHE_HOME"
CACHE_NAME = "health-pipeline"


def cache_root() -> Path:
    base = os.environ.get(CACHE_ENV) or str(Path.home() / ".cache")
    return Path(base) / CACHE_NAME


def cached_words(name: str, build: Callable[[], frozenset[str]]) -> frozenset[str]:
    """A set of words a library builds on its first use in every process (a second or a tenth
    of CPU), read back from a copy in the cache directory instead.

    The copy is plain text, one word a line (read as data, never unpickled), under ``name``
    (which names the versions it was built from), written whole or not at all (a rename).
    Without a writable cache directory, or for words that are not one a line, ``build`` runs
    each time, as before.
    """
    path = cache_root() / name
    try:
        return frozenset(path.read_text(encoding="utf-8").split("\n"))
    except (OSError, UnicodeDecodeError):
        pass
    words = build()
    if not words or any("\n" in word for word in words):
        return words  # not one word a line: never cached
    _keep(path, "\n".join(sorted(words)))
    return words


def cached_text(name: str, build: Callable[[], str]) -> str:
    """A text built once (plain text, read as data), read back from its copy under ``name``
    as :func:`cached_words` reads words; without a writable directory, built each time."""
    path = cache_root() / name
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        pass
    text = build()
    _keep(path, text)
    return text


def _keep(path: Path, text: str) -> None:
    """The copy written whole or not at all (a rename); nothing when the folder is not writable."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, prefix=".words-", delete=False) as out:
            out.write(text)
        try:
            os.replace(out.name, path)
        except OSError:
            os.unlink(out.name)
    except OSError:
        pass
