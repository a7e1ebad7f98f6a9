"""Test-only crash points: SIGKILL this process at a named step of a run, the Nth time it is reached.

A crash test needs the kill to land at a chosen step, every time, not wherever a sleep happens
to end. ``PIPELINE_TEST_CRASH_AFTER=POINT`` (or ``POINT:N``, the Nth time this process reaches
it) kills the process there with SIGKILL (as the OOM killer or ``kill -9`` would). With
``PIPELINE_TEST_CRASH_ONCE=FILE`` only the first process to reach it dies (it creates FILE), so
a Dask worker restarted by its nanny runs the shard again instead of dying again. Points:

* ``fetch``: a page's response headers are in, its body not read (other pages in flight);
* ``extract``: a fetched page is about to be extracted (earlier pages' rows buffered or in
  temporary part files);
* ``warc``: half of an archive record's bytes appended to the ``.open`` WARC file;
* ``part``: a shard's part files being renamed into place (after the Nth rename);
* ``state``: part files renamed and fetch state staged, the shard's marker not written;
* ``marker``: the marker written, the staged fetch state not published;
* ``index``: the fetch log's index (``pipeline/run/sightings.py``) written to its temporary
  file at a run's start, not renamed;
* ``shards``: every shard committed, the run's duplicates not resolved;
* ``manifest``: the run manifest written to its temporary file, not renamed.

Unset (always, outside tests), :func:`crash_point` is one dictionary lookup.
"""

from __future__ import annotations

import os
import signal
import threading
from collections import Counter

CRASH_ENV = "PIPELINE_TEST_CRASH_AFTER"
CRASH_ONCE_ENV = "PIPELINE_TEST_CRASH_ONCE"

_reached: Counter[str] = Counter()
_lock = threading.Lock()


def crash_armed(point: str) -> bool:
    """Whether the crash hook names ``point`` (a step that must prepare its kill, such as a half write)."""
    wanted = os.environ.get(CRASH_ENV)
    return wanted is not None and wanted.partition(":")[0] == point


def crash_point(point: str) -> None:
    """SIGKILL this process if the crash hook names ``point`` and this is the time it names."""
    wanted = os.environ.get(CRASH_ENV)
    if not wanted:
        return
    name, _, nth = wanted.partition(":")
    if name != point:
        return
    with _lock:
        _reached[point] += 1
        if _reached[point] != int(nth or 1):
            return
    once = os.environ.get(CRASH_ONCE_ENV)
    if once:
        try:
            os.close(os.open(once, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
        except FileExistsError:
            return  # another process (an earlier life of this worker) died here already
    os.kill(os.getpid(), signal.SIGKILL)
