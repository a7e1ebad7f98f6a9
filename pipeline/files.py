"""Temporary files for atomic writes that respect the umask.

``tempfile.mkstemp`` creates 0600 files whatever the umask, so manifests, markers, fetch state
and reports renamed from them could not be read by another user or a web server. These are
created with mode 0666 and the process umask applies, like any file ``open()`` creates.
"""

from __future__ import annotations

import json
import os
import secrets
from pathlib import Path
from typing import Any

from pipeline.crashpoints import crash_point
from pipeline.errors import naming_failures


def create_temp(path: Path) -> tuple[int, str]:
    """A new hidden temporary file beside ``path`` (``.<name>.<random>.tmp``): (fd, its path)."""
    for _ in range(100):
        temp = path.parent / f".{path.name}.{secrets.token_hex(6)}.tmp"
        try:
            return os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666), str(temp)
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name beside {path}")


def write_json_atomic(path: Path, payload: Any, *, compact: bool = False, crash: str = "") -> None:
    """Write JSON to a temporary file beside ``path``, fsync, rename: readers see the old file or the new.

    A failed write (the disk full) removes its temporary file: nothing half-written stays behind.
    ``compact``: no indentation (large machine-read files such as the fetch state).
    ``crash``: the test-only crash point between the write and the rename (:mod:`pipeline.crashpoints`).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = create_temp(path)
    try:
        with naming_failures(path), os.fdopen(fd, "w", encoding="utf-8") as stream:
            if compact:
                json.dump(payload, stream, sort_keys=True, separators=(",", ":"))
            else:
                json.dump(payload, stream, indent=2, default=str, sort_keys=True)
            stream.flush()
            os.fsync(stream.fileno())
        if crash:
            crash_point(crash)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def fsync_dir(path: Path) -> None:
    """Make a rename durable: fsync the directory entry (best effort where unsupported)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
