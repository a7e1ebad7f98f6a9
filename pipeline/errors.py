"""The project's small error tree: every error this package raises on purpose is a PipelineError.

Only *run-level* problems are raised to the CLI (bad config, unreadable input, a held lock).
Per-page problems never escape the run loop: they become a ``fetches`` row with an
:class:`~pipeline.records.Outcome` and a message.

    PipelineError
    ├── ConfigError        bad or unknown config key, bad flag value      -> exit 2
    ├── InputError         missing file, corrupt WARC, empty input         -> exit 2
    ├── LockHeldError      another run holds the output lock               -> exit 75
    ├── SchedulerLost      the Dask scheduler went away mid-run; no manifest -> exit 1
    │   └── WorkersLost    the Dask cluster had no worker for run.worker_wait_s -> exit 1
    ├── CrawlStopped       (fetch.politeness) a request waited while the crawl was stopped
    └── PageError          one page failed (caught per page, a fetches row)  -> exit 1
        ├── ExtractionError    the page could not be extracted
        ├── FetchError         (fetch.failures) no usable response
        ├── BlockedAddress     (fetch.guard) the host resolves only to refused addresses
        └── DecodeError        (codings)     the body breaks its Content-Encoding

    RunInterrupted (a BaseException)  SIGINT/SIGTERM: the run stopped at the next page -> exit 130 / 143

An OSError that says the storage refused a write (``STORAGE_ERRNOS``: the disk or quota is full,
the file system went read-only or failed) is not a bug either: the CLI reports it in one line
(exit 1) and the same command, once there is room, resumes; so is one that says a file of the
output may not be written or replaced (``REFUSED_ERRNOS``: EPERM, EACCES).
"""

import contextlib
import errno
import os
import signal
from collections.abc import Iterator
from pathlib import Path

# Write failures of the storage, not of this program: the disk or quota is full, a file is over
# the size limit, the file system is read-only or failing.
STORAGE_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EROFS, errno.EIO})
EXIT_STORAGE = 1
# A file or folder of the output the storage will not let this user write or replace: made
# immutable, another user's (an output once written with sudo), or a network file system that
# cannot rename over a file (sshfs without -o workaround=rename). Not a bug either: one line, exit 1.
REFUSED_ERRNOS = frozenset({errno.EPERM, errno.EACCES})
REFUSED_HINT = (
    "a file made immutable, another user's file or folder, or a network file system that cannot "
    "rename over a file, such as sshfs without -o workaround=rename"
)


@contextlib.contextmanager
def naming_failures(path: Path) -> Iterator[None]:
    """A failed write reported without a file name (pyarrow's writers, a stream's ``write``) is
    raised again naming ``path``, so "cannot write" tells where the disk filled."""
    try:
        yield
    except OSError as exc:
        if exc.filename is not None or exc.errno is None:
            raise
        raise OSError(exc.errno, os.strerror(exc.errno), str(path)) from exc


class PipelineError(Exception):
    """Base of every error this package raises on purpose."""

    exit_code = 2


class ConfigError(PipelineError):
    """The configuration (file, environment or flags) is invalid; the message names the key."""

    exit_code = 2


class InputError(PipelineError):
    """An input named by the user cannot be read (missing, corrupt, empty)."""

    exit_code = 2


class LockHeldError(PipelineError):
    """Another run holds the lock on this output directory (EX_TEMPFAIL, so schedulers retry)."""

    exit_code = 75


class SchedulerLost(PipelineError):
    """The Dask scheduler went away while shards ran: the run is not finished (no manifest), and
    the same command resumes it once a scheduler answers (committed shards are kept).

    Not a shard failure: writing the manifest would make the next invocation a retry attempt
    under another run id, while shards the lost cluster's workers still run commit under this
    one (the same pages stored twice)."""

    exit_code = 1


class WorkersLost(SchedulerLost):
    """The Dask cluster had no worker for ``run.worker_wait_s`` while shards waited (killed, not
    restarted): the run is not finished either, and the same command resumes it."""


class PageError(PipelineError):
    """One page failed; the run loop records it as the page's outcome and goes on."""

    exit_code = 1


class ExtractionError(PageError):
    """A page could not be turned into an article; recorded as outcome ``extract_failed``."""

    exit_code = 1


class RunInterrupted(BaseException):
    """SIGINT or SIGTERM asked the run to stop; the shards in progress were abandoned, not committed.

    A BaseException, like KeyboardInterrupt: the per-page and per-shard ``except Exception``
    handlers must not turn it into a row and commit a shard that was cut short. Exit code
    128 + the signal number, as a shell reports a process killed by it (130 for Ctrl-C, 143 for
    SIGTERM).
    """

    def __init__(self, signum: int = signal.SIGINT) -> None:
        super().__init__(signum)
        self.signum = int(signum)

    @property
    def exit_code(self) -> int:
        return 128 + self.signum

    def __str__(self) -> str:
        try:
            name = signal.Signals(self.signum).name
        except ValueError:
            name = f"signal {self.signum}"
        return f"interrupted by {name}"
