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
import math
import threading
import time
from types import TracebackType

from pipeline.deadlines import Deadlines
from pipeline.errors import RunInterrupted


class ExtractionTimeout(BaseException):
    """The page's extraction ran past its wall-time budget."""


def _async_raise(thread_id: int, exc: type[BaseException] | None) -> None:
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id), ctypes.py_object(exc) if exc else None)


_WATCHDOG = Deadlines("page-budget")


class PageBudget:
    """``with PageBudget(seconds):`` raises ExtractionTimeout in this thread once ``seconds`` pass.

    ``seconds <= 0`` means no time budget (the page can still be interrupted).
    """

    def __init__(self, seconds: float) -> None:
        self._seconds = seconds
        self._key: int | None = None
        self._thread = 0

    def __enter__(self) -> PageBudget:
        thread = self._thread = threading.get_ident()
        deadline = time.monotonic() + self._seconds if self._seconds > 0 else math.inf
        self._key = _WATCHDOG.arm(deadline, lambda: _async_raise(thread, ExtractionTimeout), tag=thread)
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._key is not None:
            if _WATCHDOG.disarm(self._key):
                _async_raise(self._thread, None)  # raised but maybe not delivered yet: cancel it
            self._key = None


def interrupt_extractions() -> int:
    """Stop every page extraction of this process at its next Python instruction (RunInterrupted)."""
    return _WATCHDOG.expire_all(lambda thread: _async_raise(thread, RunInterrupted))  # type: ignore[arg-type]
