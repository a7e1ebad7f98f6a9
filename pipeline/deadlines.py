"""Deadlines watched by one daemon thread: an action runs for each deadline passed before disarming.

Two budgets use it: a response's deadline (``pipeline.fetch.http`` cuts the socket of a
server that dribbles its headers) and a page's extraction budget (``pipeline.run.budget``
raises in the extracting thread). Both arm and disarm once per page, hundreds of times a
second in a crawl, so arming must be cheap: the thread is woken only when a new deadline is
earlier than the one it sleeps until (never, when every budget has the same length), and
disarmed entries at the top of the heap are dropped when the next one is armed, so the heap
stays as small as what is really armed. Waking the thread on every arm cost a GIL hand-over
per page in the process that also extracts.
"""

from __future__ import annotations

import ctypes
import heapq
import itertools
import math
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager


class Deadlines:
    """``arm(deadline, action)`` -> key; ``disarm(key)`` -> whether it fired (its action ran).

    Actions run while the lock is held: once :meth:`disarm` returns, an action has either run
    completely or will never run. They must be quick. A deadline of ``math.inf`` never passes,
    but :meth:`expire_all` (the run was interrupted) fires it like every other armed one.
    """

    def __init__(self, name: str) -> None:
        self._name = name
        self._cond = threading.Condition()
        self._heap: list[tuple[float, int]] = []
        self._armed: dict[int, tuple[Callable[[], None], object]] = {}  # key -> (action, tag)
        self._fired: set[int] = set()
        self._ids = itertools.count()
        self._thread: threading.Thread | None = None
        self._wakes_at = math.inf  # when the watcher next looks (inf: only when notified)

    def arm(self, deadline: float, action: Callable[[], None], tag: object = None) -> int:
        """Run ``action`` once ``deadline`` (``time.monotonic()``) passes; ``tag`` is for :meth:`expire_all`."""
        with self._cond:
            key = next(self._ids)
            self._armed[key] = (action, tag)
            while self._heap and self._heap[0][1] not in self._armed:
                heapq.heappop(self._heap)  # disarmed: forget it now, not when its time comes
            heapq.heappush(self._heap, (deadline, key))
            if self._thread is None or not self._thread.is_alive():  # a forked child has no thread
                self._wakes_at = math.inf
                self._thread = threading.Thread(target=self._run, name=self._name, daemon=True)
                self._thread.start()
            elif deadline < self._wakes_at:
                self._cond.notify()
        return key

    def expire_all(self, action: Callable[[object], None]) -> int:
        """Fire every armed deadline now, with ``action(tag)`` instead of its own; returns how many are armed."""
        with self._cond:
            for key, (_, tag) in list(self._armed.items()):  # an action may arm another
                if key not in self._fired:
                    self._fired.add(key)
                    action(tag)
            return len(self._armed)

    def disarm(self, key: int) -> bool:
        """Stop watching ``key``; True if its deadline had passed (its action ran)."""
        with self._cond:
            self._armed.pop(key, None)
            fired = key in self._fired
            self._fired.discard(key)
        return fired

    def _run(self) -> None:
        with self._cond:
            while True:
                while self._heap and self._heap[0][1] not in self._armed:
                    heapq.heappop(self._heap)
                if not self._heap:
                    self._wakes_at = math.inf
                    self._cond.wait()
                    continue
                deadline, key = self._heap[0]
                wait_s = deadline - time.monotonic()
                if wait_s > 0:  # an infinite deadline waits to be disarmed (or expired)
                    self._wakes_at = deadline
                    self._cond.wait(wait_s if math.isfinite(wait_s) else None)
                    continue
                heapq.heappop(self._heap)
                if key not in self._fired:  # not expired already
                    self._fired.add(key)
                    self._armed[key][0]()


class TimeLimit(BaseException):
    """A :func:`time_limit` ran out in this thread (a BaseException: no ``except Exception`` in a
    library can swallow it)."""


def raise_in_thread(thread_id: int, exc: type[BaseException] | None) -> None:
    """Raise ``exc`` in another thread at its next Python instruction (None: cancel one pending)."""
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id), ctypes.py_object(exc) if exc else None)


_LIMITS = Deadlines("time-limit")


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """``with time_limit(s):`` raises :class:`TimeLimit` in this thread once ``s`` seconds pass.

    For one library call that can take far longer than its result is worth; as with the page
    budget, a single long C call finishes first.
    """
    thread = threading.get_ident()
    key = _LIMITS.arm(time.monotonic() + seconds, lambda: raise_in_thread(thread, TimeLimit))
    try:
        yield
    finally:
        if _LIMITS.disarm(key):
            raise_in_thread(thread, None)  # fired but perhaps not delivered yet: cancel it
