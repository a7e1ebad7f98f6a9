"""The cache folder (``pipeline/cache_dir.py``): a copy that cannot be written whole leaves
nothing behind."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from pipeline import cache_dir

# A process whose files may not grow past 4 KB (RLIMIT_FSIZE; SIGXFSZ ignored, so the write
# fails with EFBIG as on a full disk or a spent quota) asked to keep a copy of 100 KB.
WRITE_FAILS = """import resource, signal
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (4096, resource.getrlimit(resource.RLIMIT_FSIZE)[1]))
from pipeline import cache_dir
cache_dir.keep_copy("big.txt", "x" * 100_000)
print(cache_dir.read_copy("big.txt"))
"""


def test_a_copy_that_cannot_be_written_whole_leaves_no_file_behind(tmp_path: Path) -> None:
    env = {**os.environ, cache_dir.CACHE_ENV: str(tmp_path)}
    for _ in range(2):  # every process tries again: none may leave a temporary file
        result = subprocess.run(
            [sys.executable, "-c", WRITE_FAILS], capture_output=True, text=True, env=env, timeout=60
        )
        assert result.returncode == 0, result.stderr[-2000:]
        assert result.stdout.split() == ["None"]
    assert sorted(p.name for p in (tmp_path / cache_dir.CACHE_NAME).iterdir()) == []
