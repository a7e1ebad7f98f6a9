"""Progress in pages, not shards: done/total, pages per second and the time left, across processes.

Shards run in this process, in a local process pool or on a Dask cluster. Every page a shard
finishes adds one to a counter in shared memory (a ``multiprocessing.Value`` the driver
creates before the pool starts and hands to each worker through the pool initializer); the
driver's bar reads it every ``REFRESH_S``. Dask workers cannot see that memory, so there each
shard reports its page count through Dask's own event stream: every ``REFRESH_S`` while it
has new pages, the shard logs ``{"shard": key, "pages": n}`` on the run's topic
(``Worker.log_event``, batched to the scheduler), and the driver's client, subscribed to that
topic, keeps the highest count per shard (counts are cumulative, so a late or repeated event
changes nothing); a finished shard's exact count replaces its last event. The total is the
URLs planned plus the pages already done by resumed shards; pages found in sitemaps or by
following links, and WARC records, are not known beforehand, so the total grows as they come
(a lower bound).
"""

from __future__ import annotations

import multiprocessing
import sys
import threading
from types import TracebackType
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
    """The pages counted so far, read without the counter's lock: a pool worker the OOM killer
    took while holding it never releases it, and ``.value`` waits for the lock (the driver hung
    there, the run never ending). An aligned 64-bit read is whole; a count one page behind is fine."""
    counter = _counter
    return int(counter.get_obj().value) if counter is not None else 0


def topic_for(run_id: str) -> str:
    """The Dask event topic a run's shards report their pages on."""
    return f"pipeline-progress-{run_id}"


class ShardPages:
    """One shard's pages, counted where the driver can see them (see the module docstring).

    ``topic``: the run's Dask event topic, or None (a local shard: the shared counter is enough).
    A context manager: leaving it sends the last count and stops the reporting thread.
    """

    def __init__(self, key: str, topic: str | None = None) -> None:
        self.key = key
        self.pages = 0
        self._topic = topic
        self._worker = _dask_worker() if topic else None
        self._stopped = threading.Event()
        self._thread: threading.Thread | None = None
        self._sent = 0
        if self._worker is not None:
            self._thread = threading.Thread(target=self._report, name="progress-report", daemon=True)
            self._thread.start()

    def done(self) -> None:
        page_done()
        self.pages += 1

    def _report(self) -> None:
        while not self._stopped.wait(REFRESH_S):
            self._send()

    def _send(self) -> None:
        pages = self.pages
        if pages == self._sent or self._worker is None:
            return
        self._sent = pages
        try:
            self._worker.log_event(self._topic, {"shard": self.key, "pages": pages})
        except Exception:  # the bar is a display: a worker losing its scheduler fails elsewhere
            return

    def __enter__(self) -> ShardPages:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        """Send the last count and stop reporting."""
        self._stopped.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None
            self._send()


def _dask_worker() -> Any:
    """The Dask worker running this shard, or None (not on a Dask worker)."""
    try:
        from distributed import get_worker

        return get_worker()
    except (ImportError, ValueError):
        return None


class PageProgress:
    """The driver's progress bar in pages; a no-op when not shown."""

    def __init__(self, planned: int, already_done: int, enabled: bool) -> None:
        self._total = planned + already_done
        self._base = already_done  # resumed shards' pages are not in the counter
        self._shards: dict[str, int] = {}  # pages per shard: reported on Dask, exact once finished
        self._shards_lock = threading.Lock()  # Dask events arrive on the client's thread
        self._client: Any = None
        self._topic = ""
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

    @property
    def enabled(self) -> bool:
        return self._bar is not None

    def listen(self, client: Any, run_id: str) -> str | None:
        """On a Dask cluster: follow the shards' page events; the topic to hand them (None: no bar)."""
        if client is None or self._bar is None:
            return None
        self._client, self._topic = client, topic_for(run_id)
        client.subscribe_topic(self._topic, self._on_event)
        return self._topic

    def _on_event(self, event: tuple[float, Any]) -> None:
        _, message = event
        try:
            key, pages = str(message["shard"]), int(message["pages"])
        except (KeyError, TypeError, ValueError):
            return
        with self._shards_lock:
            self._shards[key] = max(self._shards.get(key, 0), pages)

    def done(self) -> int:
        """Pages finished so far: the shared counter, or the shards' own counts where it cannot reach (Dask)."""
        with self._shards_lock:
            reported = sum(self._shards.values())
        return self._base + max(pages_counted(), reported)

    def shard_done(self, key: str, pages: int) -> None:
        with self._shards_lock:
            self._shards[key] = pages  # exact: replaces the shard's last event
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
        if self._client is not None:
            self._client.unsubscribe_topic(self._topic)
            self._client = None
        self._stopped.set()
        if self._thread is not None:
            self._thread.join()
        if self._bar is not None:
            self._bar.total = self.done()  # the run is over: every page is known
            self._draw()
            self._bar.close()
