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


# An exception raised into a thread is lost when it lands in Python code that C calls back and
# whose errors it ignores (an lxml hook): until the page's extraction ends, the raise is repeated
# this often. Rare enough to cost nothing, soon enough that a stop still takes well under a second.
REPEAT_S = 0.25


class PageBudget:
    """``with PageBudget(seconds):`` raises ExtractionTimeout in this thread once ``seconds`` pass.

    ``seconds <= 0`` means no time budget (the page can still be interrupted). Once fired, the
    exception is raised again every REPEAT_S until the block is left.
    """

    def __init__(self, seconds: float) -> None:
        self._seconds = seconds
        self._key: int | None = None
        self._thread = 0
        self._raised = False

    def __enter__(self) -> PageBudget:
        self._thread, self._raised = threading.get_ident(), False
        deadline = time.monotonic() + self._seconds if self._seconds > 0 else math.inf
        self._key = _WATCHDOG.arm(deadline, lambda: self.fire(ExtractionTimeout), tag=self)
        return self

    def fire(self, exc: type[BaseException]) -> None:
        """Raise ``exc`` in the budget's thread, and again every REPEAT_S; runs under the watchdog's lock."""
        if self._key is None:  # left the block already
            return
        _async_raise(self._thread, exc)
        self._raised = True
        previous, self._key = self._key, _WATCHDOG.arm(time.monotonic() + REPEAT_S, lambda: self.fire(exc), tag=self)
        _WATCHDOG.disarm(previous)

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        while self._key is not None:  # a repeat armed meanwhile replaces the key: disarm that one
            key = self._key
            _WATCHDOG.disarm(key)  # after this, no action of this budget runs any more
            if self._key == key:
                self._key = None
        if self._raised:
            _async_raise(self._thread, None)  # raised but maybe not delivered yet: cancel it


def interrupt_extractions() -> int:
    """Stop every page extraction of this process at its next Python instruction (RunInterrupted)."""
    return _WATCHDOG.expire_all(lambda budget: budget.fire(RunInterrupted))  # type: ignore[attr-defined]
