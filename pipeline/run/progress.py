"""Progress in pages, not shards: done/total, pages per second and the time left, across processes.

Shards run in this process, in a local process pool or on a Dask cluster. Every page a shard
finishes adds one to a counter in shared memory (a ``multiprocessing.Value`` the driver
creates before the pool starts and hands to each worker through the pool initializer); the
driver's bar reads it every ``REFRESH_S``. Dask workers cannot see that memory: there the bar
moves by whole shards, with each finished shard's pages. The total is the URLs planned plus
the pages already done by resumed shards; pages found in sitemaps or by following links, and
WARC records, are not known beforehand, so the total grows as they come (a lower bound).
"""

from __future__ import annotations

import multiprocessing
import sys
import threading
from typing import Any

# How often the bar is redrawn: often enough to look live, rarely enough to cost nothing.
REFRESH_S = 0.5
# The counter's lock is held for one addition; a page that cannot have it this soon (its holder
# was killed) goes uncounted rather than stalling the shard: the bar is a display.
LOCK_WAIT_S = 0.1

_counter: Any = None  # this process's view of the run's shared page counter (None: not counting)


def new_counter(context: Any = None) -> Any:
    """A fresh shared page counter for this run; pool workers get it through :func:`attach`."""
    global _counter
    _counter = (context or multiprocessing).Value("q", 0)
    return _counter


def attach(counter: Any) -> None:
    """Pool worker initializer: count this worker's pages in the driver's counter."""
    global _counter
    _counter = counter


def page_done() -> None:
    """One more page finished (a fetch-log row written), wherever this shard runs."""
    counter = _counter
    if counter is None:
        return
    lock = counter.get_lock()
    if lock.acquire(timeout=LOCK_WAIT_S):  # a worker killed holding it must not stall the others
        try:
            counter.value += 1
        finally:
            lock.release()


def pages_counted() -> int:
    counter = _counter
    return int(counter.value) if counter is not None else 0


class PageProgress:
    """The driver's progress bar in pages; a no-op when not shown."""

    def __init__(self, planned: int, already_done: int, enabled: bool) -> None:
        self._total = planned + already_done
        self._shard_pages = already_done  # pages of finished shards (resumed ones included)
        self._base = already_done  # resumed shards' pages are not in the counter
        self._bar: Any = None
        self._stopped = threading.Event()
        self._lock = threading.Lock()  # the refresh thread and the driver both draw
        self._thread: threading.Thread | None = None
        if enabled:
            from tqdm import tqdm

            total = self._total or None  # nothing known beforehand (WARC input): a count and a rate
            self._bar = tqdm(total=total, initial=already_done, unit="page", desc="pages", file=sys.stderr)
            self._thread = threading.Thread(target=self._refresh, name="progress", daemon=True)
            self._thread.start()

    def done(self) -> int:
        """Pages finished so far: the live counter, or whole shards where it cannot reach (Dask)."""
        return max(self._base + pages_counted(), self._shard_pages)

    def shard_done(self, pages: int) -> None:
        self._shard_pages += pages
        self._draw()

    def _draw(self) -> None:
        bar = self._bar
        if bar is None:
            return
        with self._lock:
            done = self.done()
            if bar.total is not None and done > bar.total:  # discovered pages: the total was a lower bound
                bar.total = done
            bar.n = done
            bar.refresh()

    def _refresh(self) -> None:
        while not self._stopped.wait(REFRESH_S):
            self._draw()

    def close(self) -> None:
        self._stopped.set()
        if self._thread is not None:
            self._thread.join()
        if self._bar is not None:
            self._bar.total = self.done()  # the run is over: every page is known
            self._draw()
            self._bar.close()
