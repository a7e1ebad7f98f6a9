"""A Dask scheduler and worker processes started with the ``dask`` command, on loopback, for tests."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

# How long the scheduler and worker commands get to exit once told to: a worker whose nanny
# restarted it (a test killed it) can sit out its reconnection attempts for 20 s and more.
CLOSE_WAIT_S = 5.0


@contextmanager
def dask_cluster(home: Path, env: dict[str, str], workers: int = 2, worker_log: Path | None = None) -> Iterator[str]:
    """Yields the scheduler address; the workers import the package ``env`` (PYTHONPATH) gives them.
    ``worker_log``: a file the worker command's stderr goes to (else nowhere)."""
    with dask_processes(home, env, workers, worker_log) as (address, _):
        yield address


def _scheduler_address(scheduler_file: Path, deadline: float) -> str:
    """The address in the scheduler's file once the file is whole: distributed creates it
    before it writes the JSON, so on a loaded machine it can be read empty (a flaky
    JSONDecodeError); it is read again until it parses or the deadline passes."""
    while True:
        try:
            return str(json.loads(scheduler_file.read_text())["address"])
        except (FileNotFoundError, json.JSONDecodeError, KeyError):
            if time.monotonic() >= deadline:
                raise
        time.sleep(0.05)


@contextmanager
def dask_processes(
    home: Path, env: dict[str, str], workers: int = 2, worker_log: Path | None = None, nanny: bool = True
) -> Iterator[tuple[str, list[subprocess.Popen[bytes]]]]:
    """The scheduler address and the processes (scheduler first), which a test may kill.
    ``nanny=False``: one worker process (``--no-nanny``), which nothing restarts once killed."""
    dask = str(Path(sys.executable).parent / "dask")
    home.mkdir(parents=True, exist_ok=True)
    scheduler_file = home / "scheduler.json"
    scheduler = [dask, "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard"]
    quiet = subprocess.DEVNULL
    scheduler += ["--scheduler-file", str(scheduler_file)]
    # each in a session of its own: the worker command's nanny and worker processes can be killed with it
    started = [subprocess.Popen(scheduler, cwd=home, env=env, stdout=quiet, stderr=quiet, start_new_session=True)]
    try:
        address = _scheduler_address(scheduler_file, time.monotonic() + 60)
        worker = [dask, "worker", address, "--nworkers", str(workers), "--nthreads", "1", "--no-dashboard"]
        worker += ["--local-directory", str(home / "workers")] + ([] if nanny else ["--no-nanny"])
        with open(worker_log or os.devnull, "ab") as stderr:  # the child keeps its own copy
            started.append(
                subprocess.Popen(worker, cwd=home, env=env, stdout=quiet, stderr=stderr, start_new_session=True)
            )
        from distributed import Client

        with Client(address, timeout="30s") as client:
            client.wait_for_workers(workers, timeout=60)
            assert all(
                Path(w["local_directory"]).is_relative_to(home) for w in client.scheduler_info()["workers"].values()
            )
        yield address, started
        if started[0].poll() is None:  # the scheduler is up (a test may have killed it)
            with Client(address, timeout="10s") as client:
                client.shutdown()  # scheduler and workers close at once (a SIGTERM'd worker waits to reconnect)
    finally:
        for process in started:
            if process.poll() is None:
                process.terminate()
        for process in started:
            try:
                process.wait(timeout=CLOSE_WAIT_S)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)  # its session: the command and its children
                process.wait()
