"""Where shards run. One code path: every engine is a ``concurrent.futures.Executor``.

* one shard, or ``--workers 1``: in this process (easy to debug, no start-up cost);
* otherwise a local process pool (forked; ``--workers``, default one per core, never more than
  the shards): extraction is CPU-bound, so a second core needs a second process;
* ``scheduler = tcp://HOST:PORT``: an existing Dask cluster, through dask.distributed's
  ``Client.get_executor()``; workers need this package installed and the output directory
  on a shared filesystem.
"""

from __future__ import annotations

import asyncio
import ctypes
import ctypes.util
import gc
import logging
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from contextlib import contextmanager
from typing import Any, ParamSpec, TypeVar

from pipeline.compiled_patterns import start_up_done
from pipeline.errors import ConfigError
from pipeline.run import progress, stop

# The loggers of dask.distributed that report a client's reconnection attempts.
_RECONNECT_LOGGERS = ("distributed.client", "distributed.utils", "distributed.comm")
# How long past run.scheduler_timeout_s the driver waits for a connected scheduler's handshake
# before giving up: a scheduler answers it at once; the timeout already covered the connection.
HANDSHAKE_GRACE_S = 5.0
# How often the driver asks the scheduler how many workers it has while shards wait: one round
# trip, nothing beside a shard's pages, and a second is nothing beside run.worker_wait_s.
WORKER_POLL_S = 1.0
# How long that question waits for the answer: a scheduler answers in milliseconds; a frozen one
# (SIGSTOP, a paused VM, a partition that leaves the TCP connection open) never does, and the
# unbounded wait held the driver for good: a SIGTERM was never acted on (probed: 200 s, then killed).
SCHEDULER_ANSWER_S = 5.0

P = ParamSpec("P")
T = TypeVar("T")


class InlineExecutor(Executor):
    """Runs each task at submit time, in this process; none once the run was interrupted."""

    def submit(self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> Future[T]:
        future: Future[T] = Future()
        try:
            stop.check()
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:
            future.set_exception(exc)
        return future


def _init_worker(parent: int, stop_flag: object, page_counter: object) -> None:
    """Pool initializer: die with the driver, stop when the driver's stop flag is set, count pages."""
    _die_with_parent(parent)
    stop.init_worker(stop_flag)
    progress.attach(page_counter)


def _die_with_parent(parent: int) -> None:
    """Pool initializer: a worker is killed when the driver dies (even by kill -9).

    Otherwise orphaned workers would finish their shard while still holding the inherited
    output lock, and a re-run started right after the crash would be refused. Linux only
    (PR_SET_PDEATHSIG); elsewhere workers stop when they next look for work.
    """
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the driver died before the call above
        os._exit(1)


def _kill_workers(pool: ProcessPoolExecutor) -> None:
    """Kill the pool's workers: Ctrl-C twice quits at once, like kill -9, which the commit
    protocol survives. Waiting for them was waiting for their shards' own stop (the first
    Ctrl-C's), so a worker that was slow to take it (frozen, swapped out) held the quit."""
    for process in multiprocessing.active_children():  # the driver's only children: this pool's
        process.kill()


def _kill_workers_if_broken(pool: ProcessPoolExecutor) -> None:
    """A pool broken by a killed worker (the OOM killer, kill -9) has failed every shard it held;
    it sends its other workers SIGTERM and waits for them. A worker waiting for work on a queue
    whose lock the dead one held never gets past that lock (SIGTERM only sets its stop flag), so
    the wait, and the run, never ended. They are killed instead: their shards have failed with
    the pool, and what a shard did not commit is fetched again by the next run."""
    if getattr(pool, "_broken", False):  # set before the pool fails the futures the run waits on
        _kill_workers(pool)


class Engine:
    """Where this run's shards go; ``slots`` is how many run at once (what the plan sizes for)."""

    def __init__(self, workers: int = 0, scheduler: str = "", timeout_s: float = 10.0) -> None:
        self.scheduler = scheduler
        self.client: Any = None
        self.slots = workers or cpu_count()  # 0: one per core
        self.processes = 1  # set by executor(): what the shards can use
        self._polled_at = -WORKER_POLL_S  # when workerless_s() last asked the scheduler
        self._workerless_since: float | None = None
        self._unanswered_since: float | None = None  # the first poll the scheduler left unanswered
        if scheduler:
            self.client = connect(scheduler, timeout_s)
            # every thread of the cluster runs a shard; a cluster still starting counts as --workers
            self.slots = max(workers, sum(self.client.nthreads().values()))

    def describe(self) -> dict[str, Any]:
        if self.scheduler:
            return {"engine": "dask", "scheduler": self.scheduler}
        return {"engine": "local-processes" if self.processes > 1 else "in-process", "workers": self.processes}

    def lost(self) -> str | None:
        """Why the Dask scheduler is gone (the client no longer running), or None."""
        if self.client is None or self.client.status == "running":
            return None
        return f"the Dask scheduler at {self.scheduler} was lost (client {self.client.status})"

    def workerless_s(self) -> float:
        """How long the cluster has had no worker, as far as the driver has seen (0 while it has
        one, and without Dask). A lost scheduler is told by lost(), not here."""
        if self.client is None or self.client.status != "running":
            return 0.0
        now = time.monotonic()
        if now - self._polled_at >= WORKER_POLL_S:
            self._polled_at = now
            try:
                workers = len(self.client.nthreads(callback_timeout=SCHEDULER_ANSWER_S))
            except TimeoutError:  # connected, and silent: unanswered_s() says for how long
                if self._unanswered_since is None:
                    self._unanswered_since = now
                return 0.0
            except (Exception, asyncio.CancelledError):  # the scheduler going away: lost() says so
                return 0.0
            self._unanswered_since = None
            if workers:
                self._workerless_since = None
            elif self._workerless_since is None:
                self._workerless_since = now
        return 0.0 if self._workerless_since is None else now - self._workerless_since

    def unanswered_s(self) -> float:
        """How long the scheduler has left the driver's polls unanswered (0 while it answers)."""
        return 0.0 if self._unanswered_since is None else time.monotonic() - self._unanswered_since

    def close(self) -> None:
        if self.client is not None:
            # a client whose scheduler is gone logs its cancelled reconnection as tracebacks; the
            # run says why in one line (SchedulerLost)
            quiet = [logging.getLogger(n) for n in _RECONNECT_LOGGERS] if self.lost() is not None else []
            levels = [logger.level for logger in quiet]
            for logger in quiet:
                logger.setLevel(logging.CRITICAL)
            try:
                self.client.close()
            finally:
                for logger, level in zip(quiet, levels, strict=True):
                    logger.setLevel(level)
            self.client = None

    @contextmanager
    def executor(self, shards: int) -> Iterator[Executor]:
        """Runs ``shards`` shards: in-process when one process is all they can use."""
        start_up_done()  # what start-up compiled is kept for the next process; pages' own patterns are not
        self.processes = max(1, min(self.slots, shards))
        if self.client is not None:
            yield self.client.get_executor(pure=False)
        elif self.processes > 1:
            # fork: workers inherit the already-imported extractor (no second start-up cost). The
            # driver holds no threads at this point (fetcher threads live inside shards, in workers).
            method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
            context = multiprocessing.get_context(method)
            # frozen: a collection in a forked worker would otherwise write to each of the driver's
            # objects, copying the pages it shares with the driver, and scan them for nothing
            with (
                _start_up_frozen(),
                ProcessPoolExecutor(
                    max_workers=self.processes,
                    mp_context=context,
                    initializer=_init_worker,
                    initargs=(os.getpid(), stop.new_shared_flag(context), progress.new_counter(context)),
                ) as pool,
            ):
                try:
                    yield pool
                except BaseException as exc:  # interrupted: shards not started never start
                    if isinstance(exc, KeyboardInterrupt):
                        _kill_workers(pool)  # a second Ctrl-C: the workers' stop is not waited for
                    else:
                        _kill_workers_if_broken(pool)
                    try:
                        pool.shutdown(wait=True, cancel_futures=True)
                    except KeyboardInterrupt:
                        # the second Ctrl-C came while the first stop waited here for the workers
                        # to finish their pages: left alive, they were waited for again on leaving
                        # the pool's block (forever, when one is stuck or stopped)
                        _kill_workers(pool)
                        raise
                    raise
                _kill_workers_if_broken(pool)
        else:
            # frozen: each full collection of a one-process run scanned them again (3 in a run of
            # ScrapingHub's 181 pages: 0.10 -> 0.03 s of CPU, ~2% of the run)
            with _start_up_frozen():
                yield InlineExecutor()


@contextmanager
def _start_up_frozen() -> Iterator[None]:
    """The process's objects so far (modules, compiled rules: ~50,000) kept out of the cyclic
    collector's reach while the shards run: they live as long as the process, and a full
    collection scans every object it tracks. Unfrozen after, so a process that runs again
    collects them."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def connect(scheduler: str, timeout_s: float) -> Any:
    """A Dask client, or ConfigError (exit 2, one line) when the scheduler does not answer in time.

    The client is made in a thread the driver waits for: distributed's connect timeout covers
    the TCP connection, not the handshake after it, so an address where something else listens
    (the dashboard's HTTP port, a proxy whose backend is down) held the run forever, a SIGTERM
    only logged. A stop request is acted on while it waits."""
    from distributed import Client

    made: dict[str, Any] = {}

    def make() -> None:
        try:
            made["client"] = Client(scheduler, timeout=f"{timeout_s}s")
        except BaseException as exc:  # handed to the driver's thread
            made["error"] = exc

    thread = threading.Thread(target=make, name="dask-connect", daemon=True)
    thread.start()
    deadline = time.monotonic() + timeout_s + HANDSHAKE_GRACE_S
    while thread.is_alive() and time.monotonic() < deadline:
        thread.join(stop.RELAY_POLL_S * 4)
        stop.check()
    if "client" in made:
        return made["client"]
    error = made.get("error")
    if error is None:  # still waiting: left to its daemon thread
        reason = "it accepted the connection but never answered as a Dask scheduler"
    elif isinstance(error, (ValueError, TypeError)):  # "missing port number", tls:// without a security setup
        unusable = f"run.scheduler: distributed cannot connect to {scheduler!r} ({_first_line(error)})"
        raise ConfigError(unusable) from None
    elif isinstance(error, (OSError, TimeoutError)):
        reason = _first_line(error)
    else:
        raise error
    raise ConfigError(
        f"run.scheduler: no Dask scheduler answered at {scheduler} within {timeout_s:g} s ({reason})"
    ) from None


def _first_line(error: BaseException) -> str:
    return (str(error).splitlines() or [type(error).__name__])[0][:200]


@contextmanager
def open_engine(workers: int = 0, scheduler: str = "", timeout_s: float = 10.0) -> Iterator[Engine]:
    engine = Engine(workers, scheduler, timeout_s)
    try:
        yield engine
    finally:
        engine.close()


def cpu_count() -> int:
    """Cores this process may run on (the affinity mask, not the machine's total)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)
