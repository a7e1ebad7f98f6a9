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
import os
import sys
import threading
import time
import weakref
from collections.abc import Callable
from types import FrameType, TracebackType


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
        # A child forked while another thread held the lock (the watcher, between two waits)
        # would wait for it forever at its first arm: its deadlines start afresh instead.
        reset = weakref.WeakMethod(self._reset_in_child)
        os.register_at_fork(after_in_child=lambda: (method := reset()) is not None and method())

    def _reset_in_child(self) -> None:
        """In a forked child: a lock no thread holds, nothing armed (the parent's threads, whose
        deadlines these were, are not in the child), the watcher started again at the next arm.

        A process pool forks its workers from the driver; a driver that fetched pages itself
        before (the Python API called twice, a test process) has a watcher thread by then."""
        self._cond = threading.Condition()
        self._heap, self._armed, self._fired = [], {}, set()
        self._thread, self._wakes_at = None, math.inf

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


# An exception raised into a thread is lost when it lands in Python code that C calls back and
# whose errors it ignores (an lxml hook, a ``__del__`` run by the regex module): until the block
# is left, the raise is repeated this often. Rare enough to cost nothing, soon enough that a stop
# still takes well under a second.
REPEAT_S = 0.25


class ThreadAlarm:
    """``with ThreadAlarm(deadlines, seconds, exc):`` raises ``exc`` in this thread once ``seconds`` pass.

    ``seconds`` may be ``math.inf`` (only :meth:`fire` stops the block). Once fired, the exception
    is raised again every REPEAT_S until the block is left, so a raise swallowed by a C callback
    cannot make the limit silently void.
    """

    def __init__(self, deadlines: Deadlines, seconds: float, exc: type[BaseException]) -> None:
        self._deadlines = deadlines
        self._seconds = seconds
        self._exc = exc
        self._key: int | None = None
        self._thread = 0
        self._raised = False
        self._frame: FrameType | None = None

    def __enter__(self) -> ThreadAlarm:
        self._thread, self._raised = threading.get_ident(), False
        self._frame = sys._getframe(1)  # the frame that runs the block
        exc = self._exc
        self._key = self._deadlines.arm(time.monotonic() + self._seconds, lambda: self.fire(exc), tag=self)
        return self

    def fire(self, exc: type[BaseException]) -> None:
        """Raise ``exc`` in the block's thread, and again every REPEAT_S; runs under the deadlines' lock."""
        if self._key is None:  # left the block already
            return
        if self._raised and not self._block_frame_running():
            # A raise delivered on the way out (in __exit__ itself) left the block without
            # disarming: the frame that ran it is gone, so stop rather than raise in its caller.
            self._deadlines.disarm(self._key)
            self._key = None
            return
        raise_in_thread(self._thread, exc)
        self._raised = True
        repeat = self._deadlines.arm(time.monotonic() + REPEAT_S, lambda: self.fire(exc), tag=self)
        previous, self._key = self._key, repeat
        self._deadlines.disarm(previous)

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        while self._key is not None:  # a repeat armed meanwhile replaces the key: disarm that one
            key = self._key
            self._deadlines.disarm(key)  # after this, no action of this alarm runs any more
            if self._key == key:
                self._key = None
        if self._raised:
            raise_in_thread(self._thread, None)  # raised but maybe not delivered yet: cancel it
        self._frame = None

    def _block_frame_running(self) -> bool:
        """Whether the frame that entered the block is still on its thread's stack."""
        frame = sys._current_frames().get(self._thread)
        while frame is not None:
            if frame is self._frame:
                return True
            frame = frame.f_back
        return False


_LIMITS = Deadlines("time-limit")


def time_limit(seconds: float) -> ThreadAlarm:
    """``with time_limit(s):`` raises :class:`TimeLimit` in this thread once ``s`` seconds pass.

    For one library call that can take far longer than its result is worth; as with the page
    budget, a single long C call finishes first.
    """
    return ThreadAlarm(_LIMITS, seconds, TimeLimit)


class CpuTimeAlarm(ThreadAlarm):
    """A :class:`ThreadAlarm` that counts the block's thread's CPU time, not the wall clock.

    A wall-time cut moved a page's result with the machine's load (the thread waits for a core
    and for the GIL while the clock runs); the thread's own CPU clock does not. When the wall
    deadline passes, the alarm looks at that clock and waits again for the CPU time still
    unspent, so it raises only once the thread itself has run ``seconds``. Where a thread's CPU
    clock cannot be read (no ``pthread_getcpuclockid``), it is a wall-time alarm.

    ``wall_seconds`` is a backstop in wall time: a thread that waits without running (its
    process stopped, its pages swapped out) spends no CPU time, so once that much wall time has
    passed the block raises ``wall_exc`` whatever CPU time is left (None: no backstop).
    """

    def __init__(
        self,
        deadlines: Deadlines,
        seconds: float,
        exc: type[BaseException],
        wall_seconds: float | None = None,
        wall_exc: type[BaseException] | None = None,
    ) -> None:
        super().__init__(deadlines, seconds, exc)
        self._wall_seconds = wall_seconds if wall_seconds is not None else math.inf
        self._wall_exc = wall_exc or exc
        self._wall_started = 0.0

    def __enter__(self) -> CpuTimeAlarm:
        self._clock: int | None = None
        self._wall_started = time.monotonic()
        if hasattr(time, "pthread_getcpuclockid"):
            self._clock = time.pthread_getcpuclockid(threading.get_ident())
            self._cpu_started = time.clock_gettime(self._clock)
        super().__enter__()
        self._frame = sys._getframe(1)  # the block's frame, not this method's (the base class took its caller)
        return self

    def fire(self, exc: type[BaseException]) -> None:
        """Raise as :meth:`ThreadAlarm.fire` once the thread's CPU time is spent, else wait for the rest.

        Another exception than the alarm's own (the run interrupted: ``Deadlines.expire_all``)
        is raised at once: a stop must not wait for CPU time the page has not spent."""
        if self._key is not None and not self._raised and self._clock is not None and exc is self._exc:
            try:
                unspent = self._seconds - (time.clock_gettime(self._clock) - self._cpu_started)
            except OSError:  # the thread is gone: nothing left to wait for
                unspent = 0.0
            now = time.monotonic()
            backstop = self._wall_started + self._wall_seconds
            if unspent > 0 and now >= backstop:
                super().fire(self._wall_exc)  # waited past the backstop without spending its CPU time
                return
            if unspent > 0:
                wait = self._deadlines.arm(min(now + unspent, backstop), lambda: self.fire(exc), tag=self)
                previous, self._key = self._key, wait
                self._deadlines.disarm(previous)
                return
        super().fire(exc)


def cpu_time_limit(seconds: float) -> CpuTimeAlarm:
    """``with cpu_time_limit(s):`` raises :class:`TimeLimit` once this thread has run ``s`` seconds of CPU.

    For a library call whose result must not depend on the machine's load (htmldate's search):
    the same page is cut at the same point of its work on a quiet machine and a busy one.
    """
    return CpuTimeAlarm(_LIMITS, seconds, TimeLimit)
