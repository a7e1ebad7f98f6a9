"""A Dask cluster under faults, as an outside harness meets them (eleventh audit, round 2).

Each test is one row of the "Eleventh outside-style audit" table of docs/audits.md.
"""

from __future__ import annotations

import http.server
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

# run.scheduler_timeout_s for these runs: short, so an answer that never comes is seen soon
CONNECT_TIMEOUT_S = 1


@contextmanager
def http_server() -> Iterator[str]:
    """A real HTTP server on loopback (what listens on the dashboard's port, 8787); its address."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), http.server.SimpleHTTPRequestHandler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"tcp://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def _run_against(tmp_path: Path, scheduler: str) -> subprocess.CompletedProcess[str]:
    urls = tmp_path / "urls.txt"
    urls.write_text("http://127.0.0.1:9/page\n")
    toml = tmp_path / "run.toml"
    toml.write_text(f"[run]\nscheduler_timeout_s = {CONNECT_TIMEOUT_S}\n")
    command = [sys.executable, "-m", "pipeline", "run", "--config", str(toml), "--urls", str(urls)]
    command += ["--out", str(tmp_path / "out"), "--scheduler", scheduler, "--progress", "off"]
    # the bound a hung run meets (a failure, never a speed target): it waited forever before
    return subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=tmp_path)


def test_a_scheduler_address_where_an_http_server_listens_is_exit_2_in_one_line(tmp_path: Path) -> None:
    """``--scheduler tcp://HOST:8787`` (the dashboard's port for the scheduler's), or a proxy whose
    backend is down: the connection is accepted, the Dask handshake never answered. distributed's
    connect timeout covers the connection, not the handshake, so the run waited forever, and a
    SIGTERM only logged "stopping at the next page". Now exit 2 in one line after the timeout."""
    with http_server() as address:
        done = _run_against(tmp_path, address)
    assert done.returncode == 2, done.stderr
    [line] = done.stderr.splitlines()
    assert line.startswith("pipeline: error: run.scheduler: no Dask scheduler answered at " + address), line
    assert "never answered as a Dask scheduler" in line
    assert not (tmp_path / "out" / "_runs").exists()  # no run began


@pytest.mark.parametrize("scheduler", ["tcp://127.0.0.1", "tcp://[::1", "tls://127.0.0.1:1"])
def test_a_scheduler_address_distributed_cannot_use_is_exit_2_in_one_line(tmp_path: Path, scheduler: str) -> None:
    """A port left out, an IPv6 address without its closing bracket, ``tls://`` without a security
    setup: each ended with distributed's traceback (ValueError, TypeError), exit 1, as a failed
    night; now a configuration error in one line, exit 2, as an address nothing answers at."""
    done = _run_against(tmp_path, scheduler)
    assert done.returncode == 2, done.stderr
    [line] = done.stderr.splitlines()
    assert line.startswith(f"pipeline: error: run.scheduler: distributed cannot connect to {scheduler!r} ("), line


def test_a_scheduler_address_nothing_listens_at_is_exit_2_in_one_line(tmp_path: Path) -> None:
    """Held (newly tested through the command): the scheduler not started yet, or its port wrong."""
    done = _run_against(tmp_path, "tcp://127.0.0.1:9")
    assert done.returncode == 2, done.stderr
    [line] = done.stderr.splitlines()
    assert line.startswith("pipeline: error: run.scheduler: no Dask scheduler answered at tcp://127.0.0.1:9 within 1 s")


# run.worker_wait_s for the run whose only worker is killed: short, so the test ends soon
WORKER_WAIT_S = 2
SITE = "127.0.0.31"


@pytest.mark.dask
def test_a_dask_worker_that_never_comes_back_ends_the_run_and_the_same_command_resumes(tmp_path: Path) -> None:
    """The cluster's only worker SIGKILLed mid-shard with no nanny to restart it (a node lost, a
    job-queue worker past its walltime): Dask waits for a worker forever, and so did the run (no
    deadline set: the night never ended, its lock held). Now, after ``run.worker_wait_s`` with no
    worker, exit 1 in one line and no manifest; the same command (here on local workers) resumes
    the run: every page stored once, one fetch row each."""
    from tests.daskcluster import dask_processes, slow_site
    from tests.test_operations import assert_unique

    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}  # workers import the installed package
    with (
        slow_site(tmp_path, SITE, f"[run]\nworker_wait_s = {WORKER_WAIT_S}\n") as (site, command, out),
        dask_processes(tmp_path / "cluster", env, workers=1, nanny=False) as (address, processes),
    ):
        command += ["--run-date", "2026-12-01"]
        driver = subprocess.Popen([*command, "--scheduler", address], stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and site.hits("/p0") == 0:
            time.sleep(0.02)
        processes[1].kill()  # the worker, mid-fetch; nothing restarts it
        processes[1].wait()
        try:
            _, stderr = driver.communicate(timeout=120)  # a failure bound: it waited forever before
        finally:
            driver.kill()
        assert driver.returncode == 1, stderr
        [line] = [line for line in stderr.splitlines() if " INFO " not in line and " WARNING " not in line]
        assert "has had no worker for 2 s (run.worker_wait_s) with 1 shard(s) unfinished" in line, line
        assert not list((out / "_runs").glob("*.json"))  # not finished: the same command resumes it
        again = subprocess.run(command, capture_output=True, text=True, timeout=120)  # on local workers
    assert again.returncode == 0, again.stderr
    assert len(list((out / "_runs").glob("*.json"))) == 1  # the same run, finished once
    assert_unique(out)
    import pandas as pd

    fetches = pd.read_parquet(out / "fetches")
    assert sorted(fetches["url"]) == sorted(site.url(f"/p{n}") for n in range(3))
    assert set(fetches["outcome"]) == {"ok"} and len(pd.read_parquet(out / "articles")) == 3


@pytest.mark.dask
def test_shards_refused_by_one_worker_only_are_fetched_by_the_same_command_once(tmp_path: Path) -> None:
    """Held (newly tested): two ``dask worker`` commands, one importing a copy of the package with
    one more built-in rule file (a node left on another release), six WARC shards spread over
    both. The refused shards fail, the others commit: exit 2 with the count refused, a manifest
    naming the failed shards, none of their rows stored. The same command, the odd worker gone,
    is a retry attempt that runs the failed shards only: exit 0, the local run's rows, each once."""
    import json

    from tests.daskcluster import dask_processes
    from tests.test_operations import assert_unique, make_warcs, snapshot
    from tests.test_package import copy_package

    warcs = make_warcs(tmp_path / "in", files=6, pages=3)
    local = subprocess.run(
        [sys.executable, "-m", "pipeline", "run", "--warc", *warcs, "--out", str(tmp_path / "local"), "--workers", "1"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert local.returncode == 0, local.stderr
    odd = copy_package(tmp_path / "odd")
    (odd / "pipeline" / "data" / "sites" / "extra.toml").write_text('hosts = ["b.example"]\nremove = ["div.ad"]\n')
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}  # the installed package
    out = tmp_path / "out"
    command = [sys.executable, "-m", "pipeline", "run", "--warc", *warcs, "--out", str(out), "--progress", "off"]
    with dask_processes(tmp_path / "cluster", env, workers=1) as (address, _):
        odd_worker = subprocess.Popen(
            [str(Path(sys.executable).parent / "dask"), "worker", address, "--nthreads", "1", "--no-dashboard"],
            cwd=tmp_path,
            env={**env, "PYTHONPATH": str(odd)},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        try:
            from distributed import Client

            with Client(address, timeout="30s") as client:
                client.wait_for_workers(2, timeout=60)
            first = subprocess.run([*command, "--scheduler", address], capture_output=True, text=True, timeout=180)
        finally:
            odd_worker.kill()
            odd_worker.wait()
            os.killpg(odd_worker.pid, 9)  # its nanny's worker process too
        assert first.returncode == 2, first.stderr
        assert "other site rules than the driver" in first.stderr and "shard(s) refused" in first.stderr
        [manifest] = (out / "_runs").glob("*.json")
        failed = json.loads(manifest.read_text())["shards"]["failed"]
        assert 0 < len(failed) < 6, failed  # the odd worker refused some; the other committed the rest
        with Client(address, timeout="30s") as client:  # the scheduler sees the odd worker gone
            deadline = time.monotonic() + 60
            while len(client.nthreads()) != 1 and time.monotonic() < deadline:
                time.sleep(0.1)
            assert len(client.nthreads()) == 1
        again = subprocess.run([*command, "--scheduler", address], capture_output=True, text=True, timeout=180)
    assert again.returncode == 0, again.stderr
    assert snapshot(out) == snapshot(tmp_path / "local")
    assert_unique(out)
