"""A CPU-time budget for one page's extraction, enforced in whatever thread runs it.

A page can be built to make extraction slow (hundreds of thousands of comments, a pathological
tree): without a limit it stalls its shard and, with one worker, the run. ``signal.alarm``
only works in a process's main thread, but shards also run in Dask worker threads, so one
watchdog thread per process instead raises :class:`ExtractionTimeout` asynchronously in the
thread whose budget ran out (``PyThreadState_SetAsyncExc``). The exception is delivered at the
next Python bytecode: a single long C call (one lxml parse, one regex) finishes first, which is
why the budget is a ceiling for Python-level loops rather than a precise timer.

The budget counts the extracting thread's CPU time (:class:`~pipeline.deadlines.CpuTimeAlarm`),
not the wall clock: in wall time a page that took 100 s of CPU on a quiet machine failed
(``extract_failed``) on a machine loaded three times over, so the same pages gave other rows on a
busy night, and a re-run changed them back. A thread kept off the CPU (other processes, other
extracting threads holding the GIL) is not charged for it; a hostile page is still stopped
after ``extract.max_seconds`` of its own work.

A thread that waits without running (its process stopped with SIGSTOP or by a debugger, its
memory swapped out, a worker frozen by its container's cgroup) spends no CPU time, so the CPU
budget alone would hold its shard for as long as it waits. A wall-clock backstop of
``WALL_BACKSTOP_FACTOR`` times the budget stops such a page too (:class:`ExtractionStalled`).

``ExtractionTimeout`` derives from BaseException so that ``except Exception`` blocks inside
the extractor and its libraries cannot swallow it. The same watchdog stops every extraction in
progress when the run is interrupted (:func:`interrupt_extractions`, raising
:class:`~pipeline.errors.RunInterrupted`), so Ctrl-C never waits for a slow page.
"""

from __future__ import annotations

import math

from pipeline.deadlines import CpuTimeAlarm, Deadlines
from pipeline.errors import RunInterrupted


class ExtractionTimeout(BaseException):
    """The page's extraction ran past its budget of CPU time."""


class ExtractionStalled(ExtractionTimeout):
    """The page's extraction ran past its wall-clock backstop without spending its CPU budget."""


_WATCHDOG = Deadlines("page-budget")

# The wall-clock backstop, as a multiple of the CPU budget (300 s of CPU: 50 min of wall time).
# It must never cut a page that is running, only slowly: the slowest share of a core measured
# for an extracting thread is 13% (session 18: 43 s of CPU in 5.5 min of wall time, two
# extracting processes beside four CPU-bound ones on 2 cores), a wall time 7.7 times the CPU
# time; ten times leaves room above that, so a page is cut by it only when it has waited.
WALL_BACKSTOP_FACTOR = 10.0
# How the row of a page stopped by the backstop begins: the machine failed, not the page, so a
# same-day re-run fetches it again (``pipeline.run.retry``), as it does a timeout.
STALLED = "extraction stalled"


class PageBudget(CpuTimeAlarm):
    """``with PageBudget(seconds):`` raises ExtractionTimeout once this thread has run ``seconds`` of CPU,
    and ExtractionStalled once ``WALL_BACKSTOP_FACTOR * seconds`` of wall time have passed.

    ``seconds <= 0`` means no time budget (the page can still be interrupted). Once fired, the
    exception is raised again every REPEAT_S until the block is left.
    """

    def __init__(self, seconds: float) -> None:
        budget = seconds if seconds > 0 else math.inf
        super().__init__(_WATCHDOG, budget, ExtractionTimeout, budget * WALL_BACKSTOP_FACTOR, ExtractionStalled)


def interrupt_extractions() -> int:
    """Stop every page extraction of this process at its next Python instruction (RunInterrupted)."""
    return _WATCHDOG.expire_all(lambda budget: budget.fire(RunInterrupted))  # type: ignore[attr-defined]
