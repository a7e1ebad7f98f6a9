"""One run at a time per output directory: an advisory ``flock`` on ``OUT/_pipeline.lock``;
one commit at a time per shard (:func:`shard_commit_lock`); no commit while a run finishes
(:func:`run_finish_lock`).

The kernel drops the lock when the holder dies (even on kill -9), so a crash never leaves a
stale lock behind. A second run gets LockHeldError (exit 75, EX_TEMPFAIL: "try again later").
"""

from __future__ import annotations

import errno
import fcntl
import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType

from pipeline.errors import ConfigError, LockHeldError

LOCK_NAME = "_pipeline.lock"
# What the lock file's holder line may take: a pid and a host name (at most 253 characters).
HOLDER_BYTES = 300
# What flock gives on a file system that cannot lock: ENOLCK (NFS without its lock service),
# EOPNOTSUPP/ENOTSUP, ENOSYS or EINVAL (FUSE and network file systems that implement no flock).
NO_FLOCK_ERRNOS = frozenset({errno.ENOLCK, errno.EOPNOTSUPP, errno.ENOTSUP, errno.ENOSYS, errno.EINVAL})


def no_flock_error(key: str, folder: Path, exc: OSError) -> ConfigError | None:
    """The one-line error (exit 2) for a folder whose file system refuses ``flock``; None for
    another OSError. The pipeline needs flock where it writes: one run at a time per output
    (``OUT/_pipeline.lock``), one commit at a time per shard, live WARC files kept from sweeps."""
    if exc.errno not in NO_FLOCK_ERRNOS:
        return None
    locked = f"the run's lock {folder / LOCK_NAME}" if key == "output.dir" else "each WARC file while written"
    return ConfigError(
        f"{key}: {folder} is on a file system without flock ({exc.strerror or exc}); the pipeline needs it "
        f"({locked}): use a local disk, or an NFS mount with its lock service running"
    )


def require_flock(key: str, folder: Path, fd: int) -> None:
    """Raises :func:`no_flock_error` if ``fd`` (a file in ``folder``) cannot be flock'ed."""
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        fcntl.flock(fd, fcntl.LOCK_UN)
    except OSError as exc:
        refused = no_flock_error(key, folder, exc)
        if refused is None:
            raise
        raise refused from None


class OutputLock:
    def __init__(self, out_dir: Path):
        self.path = out_dir / LOCK_NAME
        self._fd: int | None = None

    def acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, HOLDER_BYTES, 0).decode(errors="replace").strip() or "unknown"
            os.close(fd)
            raise LockHeldError(f"another run holds the lock on {self.path.parent} (pid {holder})") from None
        except OSError as exc:
            os.close(fd)
            refused = no_flock_error("output.dir", self.path.parent, exc)
            if refused is None:
                raise
            raise refused from None
        os.ftruncate(fd, 0)
        # the host too: on a shared file system the holder may be another machine's process
        os.pwrite(fd, f"{os.getpid()} on {socket.gethostname()}".encode(), 0)
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> OutputLock:
        self.acquire()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.release()


@contextmanager
def shard_commit_lock(out_dir: Path, run_id: str, shard: str) -> Iterator[None]:
    """Held while one attempt of a shard commits (its part files renamed, its marker written).

    Two attempts of one shard can run at once: a Dask worker the driver lost still runs it
    (nothing can stop a running task) while the resumed run runs it again. Under this lock an
    attempt looks for a committed marker first and, if another attempt committed, discards its
    own files: one attempt's rows are the shard's, never a mix or a replacement of them.
    The lock is ``_runs/<run_id>/shards/<shard>.lock`` (never a marker: markers are ``*.json``).
    """
    path = shard_lock_path(out_dir, run_id, shard)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # the flock goes with the descriptor


@contextmanager
def run_finish_lock(out_dir: Path, run_id: str, *, shared: bool) -> Iterator[None]:
    """Held exclusively by the driver while it finishes a run (resolves the versions its shards
    share, writes its manifest), and shared by each shard attempt while it commits.

    A lost Dask worker's attempt under a shard key of another plan (the resumed run grouped the
    hosts otherwise, so it shares no shard lock) could commit between the driver's resolution and
    its manifest: its rows stood beside the resumed run's, never resolved. Under this lock an
    attempt commits before the finish (and is resolved with the run's shards) or after it (and
    finds the run finished: its rows discarded). ``_runs/<run_id>/finish.lock``.
    """
    path = out_dir / "_runs" / run_id / "finish.lock"
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_SH if shared else fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # the flock goes with the descriptor


def shard_lock_path(out_dir: Path, run_id: str, shard: str) -> Path:
    return out_dir / "_runs" / run_id / "shards" / f"{shard}.lock"


def shard_committing(out_dir: Path, run_id: str, shard: str) -> bool:
    """Whether an attempt of the shard holds its commit lock now (its part files are being renamed)."""
    return flock_held(shard_lock_path(out_dir, run_id, shard))


def flock_held(path: Path) -> bool:
    """Whether a live process holds an exclusive flock on ``path`` (a missing file: no)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)
    return False
