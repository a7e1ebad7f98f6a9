"""An output (or raw) folder on a file system without ``flock`` (tenth audit, session 14).

No such file system can be mounted on a test machine (an NFS mount without its lock service,
a FUSE or network file system implementing no flock), so the kernel's answer is injected: the
``pipeline run`` process is real, and a ``sitecustomize`` on its path makes ``fcntl.flock``
raise the OSError those file systems give (ENOLCK, EOPNOTSUPP) for files under one folder.
It crashed with a traceback at the output's lock; now one line names the key, the folder, the
requirement and the lock's path (exit 2), before any request.
"""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.httpserver import Reply, ScriptedServer

NO_FLOCK_SITE = "127.0.0.82"  # a loopback "host" no other test serves
INJECT = """
import errno, fcntl, os
_UNDER, _ERRNO, _flock = os.environ["NO_FLOCK_UNDER"], int(os.environ["NO_FLOCK_ERRNO"]), fcntl.flock
def flock(fd, operation):
    number = fd if isinstance(fd, int) else fd.fileno()
    if os.readlink(f"/proc/self/fd/{number}").startswith(_UNDER):
        raise OSError(_ERRNO, os.strerror(_ERRNO))
    return _flock(fd, operation)
fcntl.flock = flock
"""


def _run(tmp_path: Path, site: ScriptedServer, no_flock_under: Path, errno_: int) -> subprocess.CompletedProcess[str]:
    inject = tmp_path / "inject"
    inject.mkdir(exist_ok=True)
    (inject / "sitecustomize.py").write_text(INJECT)
    config = tmp_path / "run.toml"
    config.write_text(f'[fetch]\nallow_private = ["{NO_FLOCK_SITE}"]\nmin_delay_s = 0.0\n')
    urls = tmp_path / "urls.txt"
    urls.write_text(site.url("/asthma") + "\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIPELINE__")}
    env |= {"PYTHONPATH": str(inject), "NO_FLOCK_UNDER": str(no_flock_under), "NO_FLOCK_ERRNO": str(errno_)}
    command = ["run", "--config", str(config), "--urls", str(urls), "--progress", "off"]
    command += ["--out", str(tmp_path / "out"), "--raw", str(tmp_path / "raw"), "--workers", "1"]
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *command], env=env, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize("errno_", [errno.ENOLCK, errno.EOPNOTSUPP])
def test_an_output_folder_without_flock_is_refused_in_one_line_before_any_request(tmp_path: Path, errno_: int) -> None:
    site = ScriptedServer(NO_FLOCK_SITE)
    site.route("/asthma", Reply(200, b"<html><body><p>Asthma at home.</p></body></html>"))
    with site:
        run = _run(tmp_path, site, tmp_path / "out", errno_)
    assert run.returncode == 2, run.stderr
    out = tmp_path / "out"
    assert run.stderr.strip().splitlines() == [
        f"pipeline: error: output.dir: {out} is on a file system without flock ({os.strerror(errno_)}); the pipeline "
        f"needs it (the run's lock {out / '_pipeline.lock'}): use a local disk, or an NFS mount with its lock "
        "service running"
    ]
    assert site.requests == []


def test_a_raw_folder_without_flock_is_refused_before_any_request(tmp_path: Path) -> None:
    site = ScriptedServer(NO_FLOCK_SITE)
    site.route("/asthma", Reply(200, b"<html><body><p>Asthma at home.</p></body></html>"))
    with site:
        run = _run(tmp_path, site, tmp_path / "raw", errno.ENOLCK)
    assert run.returncode == 2, run.stderr
    assert "output.raw_dir: " in run.stderr and "(each WARC file while written)" in run.stderr
    assert "Traceback" not in run.stderr
    assert site.requests == []
