"""Temporary files for atomic writes that respect the umask.

``tempfile.mkstemp`` creates 0600 files whatever the umask, so manifests, markers, fetch state
and reports renamed from them could not be read by another user or a web server. These are
created with mode 0666 and the process umask applies, like any file ``open()`` creates.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def create_temp(path: Path) -> tuple[int, str]:
    """A new hidden temporary file beside ``path`` (``.<name>.<random>.tmp``): (fd, its path)."""
    for _ in range(100):
        temp = path.parent / f".{path.name}.{secrets.token_hex(6)}.tmp"
        try:
            return os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666), str(temp)
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name beside {path}")
