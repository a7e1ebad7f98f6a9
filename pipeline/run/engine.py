"""Where shards run. One code path: every engine is a ``concurrent.futures.Executor``.

* ``workers == 1`` and no scheduler: in this process (easy to debug, no start-up cost);
* ``workers > 1``: a local process pool (forked: one process per core; shards are CPU-bound);
* ``scheduler = tcp://HOST:PORT``: an existing Dask cluster, through dask.distributed's
  ``Client.get_executor()``; workers need this package installed and the output directory
  on a shared filesystem.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import multiprocessing
import os
import signal
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from contextlib import contextmanager
from typing import Any, ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")


class InlineExecutor(Executor):
    """Runs each task at submit time, in this process."""

    def submit(self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> Future[T]:
        future: Future[T] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:
            future.set_exception(exc)
        return future


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


@contextmanager
def open_executor(workers: int = 1, scheduler: str = "") -> Iterator[Executor]:
    if scheduler:
        from distributed import Client

        client = Client(scheduler, timeout="30s")
        try:
            yield client.get_executor(pure=False)
        finally:
            client.close()
    elif workers > 1:
        # fork: workers inherit the already-imported extractor (no second start-up cost). The
        # driver holds no threads at this point (fetcher threads live inside shards, in workers).
        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
        context = multiprocessing.get_context(method)
        with ProcessPoolExecutor(
            max_workers=workers, mp_context=context, initializer=_die_with_parent, initargs=(os.getpid(),)
        ) as pool:
            yield pool
    else:
        yield InlineExecutor()


def describe(workers: int, scheduler: str) -> dict[str, Any]:
    if scheduler:
        return {"engine": "dask", "scheduler": scheduler}
    return {"engine": "local-processes" if workers > 1 else "in-process", "workers": workers}
