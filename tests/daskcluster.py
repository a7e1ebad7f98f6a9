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

from tests.httpserver import Reply, ScriptedServer, html_page

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


# Each page's answer waits this long: a driver or worker can be killed, frozen or signalled while
# the shard is under way, however fast the machine.
SLOW_PAGE_S = 1.0
SLOW_PAGES = 3


@contextmanager
def slow_site(tmp_path: Path, host: str, run_toml: str = "") -> Iterator[tuple[ScriptedServer, list[str], Path]]:
    """A loopback site of ``SLOW_PAGES`` pages answered after ``SLOW_PAGE_S`` each (no retry, no
    politeness delay), served while the context lasts; yields the site, the
    ``pipeline run`` command over its URL list (a ``[run]`` section of ``run_toml`` added) and
    the output folder. Shared by the Dask fault tests that kill or freeze a process mid-shard."""
    site = ScriptedServer(host)
    site.route("/robots.txt", Reply(404, b"", content_type="text/plain"))
    for n in range(SLOW_PAGES):
        body = html_page(f"Page {n}", "Words about asthma and its care. " * 30)
        site.route(f"/p{n}", Reply(200, body, delay_s=SLOW_PAGE_S))
    urls = tmp_path / "urls.txt"
    urls.write_text("".join(site.url(f"/p{n}") + "\n" for n in range(SLOW_PAGES)))
    toml = tmp_path / "run.toml"
    toml.write_text(f'[fetch]\nallow_private = ["{host}"]\nmin_delay_s = 0.0\nmax_retries = 0\n' + run_toml)
    out = tmp_path / "out"
    command = [sys.executable, "-m", "pipeline", "run", "--config", str(toml), "--urls", str(urls), "--out", str(out)]
    command += ["--raw", str(tmp_path / "raw"), "--progress", "off"]
    with site:
        yield site, command, out


def page_hits(site: ScriptedServer) -> int:
    """The requests the slow site's pages have had (robots.txt aside)."""
    return sum(site.hits(f"/p{n}") for n in range(SLOW_PAGES))
