"""A wall-time budget for one page's extraction, enforced in whatever thread runs it.

A page can be built to make extraction slow (hundreds of thousands of comments, a pathological
tree): without a limit it stalls its shard and, with one worker, the run. ``signal.alarm``
only works in a process's main thread, but shards also run in Dask worker threads, so one
watchdog thread per process instead raises :class:`ExtractionTimeout` asynchronously in the
thread whose budget ran out (``PyThreadState_SetAsyncExc``). The exception is delivered at the
next Python bytecode: a single long C call (one lxml parse, one regex) finishes first, which is
why the budget is a wall-time ceiling for Python-level loops rather than a precise timer.

``ExtractionTimeout`` derives from BaseException so that ``except Exception`` blocks inside
the extractor and its libraries cannot swallow it. The same watchdog stops every extraction in
progress when the run is interrupted (:func:`interrupt_extractions`, raising
:class:`~pipeline.errors.RunInterrupted`), so Ctrl-C never waits for a slow page.
"""

from __future__ import annotations

import ctypes
import heapq
import itertools
import math
import threading
import time
from types import TracebackType

from pipeline.errors import RunInterrupted


class ExtractionTimeout(BaseException):
    """The page's extraction ran past its wall-time budget."""


class _Watchdog:
    """One daemon thread per process that interrupts threads whose budget ran out."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._heap: list[tuple[float, int]] = []
        self._armed: dict[int, int] = {}  # key -> thread id
        self._fired: set[int] = set()  # keys whose exception was sent (and may still be pending)
        self._ids = itertools.count()
        self._thread: threading.Thread | None = None

    def arm(self, seconds: float) -> int:
        with self._cond:
            key = next(self._ids)
            self._armed[key] = threading.get_ident()
            heapq.heappush(self._heap, (time.monotonic() + seconds, key))
            if self._thread is None or not self._thread.is_alive():  # a forked child has no thread
                self._thread = threading.Thread(target=self._run, name="page-budget", daemon=True)
                self._thread.start()
            self._cond.notify()
        return key

    def interrupt_all(self) -> int:
        """Raise RunInterrupted in every thread extracting now; returns how many."""
        with self._cond:
            for key, thread_id in self._armed.items():
                if key not in self._fired:
                    self._fired.add(key)
                    _async_raise(thread_id, RunInterrupted)
            return len(self._armed)

    def disarm(self, key: int) -> bool:
        """Stop watching; True if the budget had run out (an exception may still be pending)."""
        with self._cond:
            thread_id = self._armed.pop(key, None)
            fired = key in self._fired
            self._fired.discard(key)
            if fired and thread_id is not None:
                _async_raise(thread_id, None)  # not delivered yet: cancel it
        return fired

    def _run(self) -> None:
        with self._cond:
            while True:
                while self._heap and self._heap[0][1] not in self._armed:
                    heapq.heappop(self._heap)
                if not self._heap:
                    self._cond.wait()
                    continue
                deadline, key = self._heap[0]
                wait_s = deadline - time.monotonic()
                if wait_s > 0:  # an infinite budget waits to be disarmed (or interrupted)
                    self._cond.wait(wait_s if math.isfinite(wait_s) else None)
                    continue
                heapq.heappop(self._heap)
                if key not in self._fired:  # not interrupted already
                    self._fired.add(key)
                    _async_raise(self._armed[key], ExtractionTimeout)


def _async_raise(thread_id: int, exc: type[BaseException] | None) -> None:
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id), ctypes.py_object(exc) if exc else None)


_WATCHDOG = _Watchdog()


class PageBudget:
    """``with PageBudget(seconds):`` raises ExtractionTimeout in this thread once ``seconds`` pass.

    ``seconds <= 0`` means no time budget (the page can still be interrupted).
    """

    def __init__(self, seconds: float) -> None:
        self._seconds = seconds
        self._key: int | None = None

    def __enter__(self) -> PageBudget:
        self._key = _WATCHDOG.arm(self._seconds if self._seconds > 0 else math.inf)
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._key is not None:
            _WATCHDOG.disarm(self._key)
            self._key = None


def interrupt_extractions() -> int:
    """Stop every page extraction of this process at its next Python instruction (RunInterrupted)."""
    return _WATCHDOG.interrupt_all()
