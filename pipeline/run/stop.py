"""Stopping a run early: Ctrl-C or SIGTERM (interrupt), and the run deadline.

**Interrupt.** The driver's SIGINT/SIGTERM handler only sets a flag (shared with the pool's
worker processes); nothing is raised inside a Parquet write or a lock. Every place that starts
work looks at it: the shard before each page, the fetch frontier before each request (it also
cuts the sockets of requests in flight), and the page-budget watchdog stops extractions in
progress. The shards in progress raise :class:`~pipeline.errors.RunInterrupted` and are not
committed (their part files are deleted, their staged fetch state dropped at the next start);
shards already committed stay. No manifest is written, so running the same command again
resumes: committed shards are skipped, the others redone, nothing lost or duplicated. A
second signal restores the default handlers: Ctrl-C twice quits at once (like kill -9, which
the commit protocol already survives).

Workers of the local process pool ignore SIGINT and SIGTERM themselves (a terminal's Ctrl-C
reaches the whole process group) and take the stop from the driver. Dask workers are not
signalled: an interrupted driver stops waiting for them, and shards already running on the
cluster finish and commit on their own.

**Deadline** (``run.deadline``): an absolute time every shard compares with its clock, so it
holds on any worker without a message. Past it no new page starts; pages in flight finish;
the pages not started are ``deadline`` rows (retried by a re-run of the same command, see
:mod:`pipeline.run.retry`) and the shard commits. A WARC shard cannot list its unread records:
it stops at the next record and is not committed, so a re-run reads it whole. A run resumed
after a crash keeps the deadline its first invocation set (:func:`pipeline.run.resume.run_deadline`).
"""

from __future__ import annotations

import datetime as dt
import logging
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from pipeline.errors import RunInterrupted
from pipeline.run.budget import interrupt_extractions

log = logging.getLogger("pipeline.run")

INTERRUPTED = "interrupted"
DEADLINE = "deadline"
SIGNALS = (signal.SIGINT, signal.SIGTERM)
# How often the relay thread looks for a signal: a stop starts within this, which is nothing
# next to a page, and the idle thread costs nothing.
RELAY_POLL_S = 0.05
# How long a run's end waits for the relay thread: it is done within RELAY_POLL_S, unless it is
# stuck setting the pool's shared flag (a multiprocessing Event's set() waits until each worker
# waiting on it has woken: one stopped or killed by a second Ctrl-C never does).
RELAY_JOIN_S = 1.0


class _State:
    """This process's stop flag (a multiprocessing Event in pool workers) and the signal that set it."""

    def __init__(self) -> None:
        self.event: Any = threading.Event()
        self.signum = int(signal.SIGINT)
        self.pending: int | None = None  # set by the signal handler, acted on by the relay thread


_STATE = _State()


def request_stop(signum: int = signal.SIGINT) -> None:
    """Ask this process (and the pool workers sharing the flag) to stop at the next page."""
    _STATE.signum = int(signum)
    _STATE.event.set()
    interrupt_extractions()


def check() -> None:
    """Raise RunInterrupted if a stop was requested."""
    if _STATE.event.is_set():
        raise RunInterrupted(_STATE.signum)


def stop_reason(deadline_at: float | None) -> str | None:
    """``"interrupted"``, ``"deadline"`` (``deadline_at``, epoch seconds, has passed) or None."""
    if _STATE.event.is_set():
        return INTERRUPTED
    if deadline_at is not None and time.time() >= deadline_at:
        return DEADLINE
    return None


@contextmanager
def signal_handlers() -> Iterator[None]:
    """SIGINT and SIGTERM request a stop while the run lasts (main thread only; else no-op).

    The handler only records the signal; a relay thread sets the stop flag and stops the
    extractions, so nothing that takes a lock ever runs inside the handler (a handler runs in
    the main thread between two instructions, possibly while that thread holds the very lock).
    """
    _STATE.event, _STATE.pending = threading.Event(), None
    try:
        if threading.current_thread() is not threading.main_thread():
            yield
        else:
            with _handlers():
                yield
    finally:  # the next run in this process starts unstopped
        _STATE.event, _STATE.pending = threading.Event(), None


@contextmanager
def _handlers() -> Iterator[None]:
    previous = {signum: signal.getsignal(signum) for signum in SIGNALS}
    finished = threading.Event()

    def handler(signum: int, _frame: Any) -> None:
        for number, old in previous.items():  # a second signal acts at once
            signal.signal(number, old)
        _STATE.pending = signum

    def relay() -> None:
        while not finished.wait(RELAY_POLL_S):
            signum = _STATE.pending
            if signum is not None:
                log.warning(
                    "%s: stopping at the next page; run the same command again to resume "
                    "(send the signal again to quit at once)",
                    signal.Signals(signum).name,
                )
                request_stop(signum)
                return

    thread = threading.Thread(target=relay, name="stop-relay", daemon=True)
    for signum in SIGNALS:
        signal.signal(signum, handler)
    thread.start()
    try:
        yield
    finally:
        finished.set()
        thread.join(RELAY_JOIN_S)  # a daemon thread: one stuck on a dead worker dies with the process
        for signum, old in previous.items():
            signal.signal(signum, old)


def new_shared_flag(context: Any) -> Any:
    """A flag the pool's worker processes share with this driver (see :func:`init_worker`)."""
    event = context.Event()
    if _STATE.event.is_set():  # a signal came before the pool
        event.set()
    _STATE.event = event
    return event


def init_worker(event: Any) -> None:
    """Pool worker initializer: ignore the signals, follow the driver's flag, stop extractions on it."""
    for signum in SIGNALS:
        signal.signal(signum, signal.SIG_IGN)
    _STATE.event = event

    def watch() -> None:
        event.wait()
        interrupt_extractions()

    threading.Thread(target=watch, name="stop-watch", daemon=True).start()


def deadline_epoch(resolved: str) -> float | None:
    """Epoch seconds of a :func:`~pipeline.config.resolve_deadline` value, None when there is no deadline."""
    return dt.datetime.fromisoformat(resolved).timestamp() if resolved else None
