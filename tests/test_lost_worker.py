"""A shard run twice at once: a Dask worker the driver lost still runs it while the resumed run
runs it again (a running task cannot be stopped; the worker finishes and commits by itself).
Real parts: ``dask scheduler`` and ``dask worker`` processes, a ``pipeline run`` driver process
killed with SIGKILL, a loopback server that holds the lost worker's request until told."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from warcio.archiveiterator import ArchiveIterator

from pipeline.run.runner import run_pipeline
from tests.conftest import make_config
from tests.httpserver import Reply, Request, ScriptedServer, html_page

SITE, OTHER_SITE = "127.0.0.15", "127.0.0.16"  # loopback "hosts" no other test serves
RUN_DATE = "2026-12-05"
TEXT = "The clinic's advice on managing asthma at home through the winter months, step by step. " * 10


def _worker_busy(address: str) -> int:
    from distributed import Client

    with Client(address, timeout="10s") as client:
        counts = client.run(lambda dask_worker: len(dask_worker.state.executing))
    return sum(counts.values())


def _archived(raw: Path) -> list[str]:
    """The page responses every pages WARC of ``raw`` holds, as '<path> <ETag>'."""
    found = []
    for path in sorted(raw.glob("*.warc.gz")):
        with open(path, "rb") as stream:
            for record in ArchiveIterator(stream):
                if record.rec_type == "response":
                    uri = record.rec_headers.get_header("WARC-Target-URI").rsplit("/", 1)[1]
                    found.append(f"{uri} {record.http_headers.get_header('ETag')}")
    return sorted(found)


@pytest.mark.dask
@pytest.mark.parametrize("resumed_workers", [1, 2], ids=["same-shard", "hosts-regrouped"])
def test_a_lost_worker_still_running_a_shard_never_replaces_what_the_resumed_run_committed(
    tmp_path: Path, resumed_workers: int
) -> None:
    """The driver dies while a worker holds ``/held`` (its answer, version 1, waits); the same
    command, run again on local workers, fetches ``/held`` (version 2) and finishes the run.
    Then the lost worker gets its answer and commits: it renamed its part files over the
    resumed run's (version 1 stored, version 2 lost, the manifest's shard replaced) and
    published its validators (the next night's 304 would confirm a version never stored).
    Now the shard's commit lock makes the later attempt find the committed marker and discard
    its own files, its staged validators and its archive files. With two local workers the
    resumed run puts the two hosts in two shards of other keys: the worker's shard committed
    beside them after the manifest (every row of the other host twice); now an attempt that
    finds the run finished discards its files the same way."""
    from tests.daskcluster import dask_processes

    release = threading.Event()
    served: list[str] = []

    def held(request: Request) -> Reply:
        served.append("held")
        if len(served) == 1:  # the worker's request: answered once the resumed run is done
            release.wait(60)
            return Reply(200, html_page("Asthma at home, version 1", TEXT), headers={"ETag": '"v1"'})
        return Reply(200, html_page("Asthma at home, version 2", TEXT), headers={"ETag": '"v2"'})

    site = ScriptedServer(SITE)
    site.route("/robots.txt", Reply(404, b"", content_type="text/plain"))
    site.route("/a", Reply(200, html_page("Hay fever", TEXT.replace("asthma", "hay fever"))))
    site.route("/held", held)
    other = ScriptedServer(OTHER_SITE)
    other.route("/robots.txt", Reply(404, b"", content_type="text/plain"))
    other.route("/b", Reply(200, html_page("Pollen count", TEXT.replace("asthma", "pollen"))))
    fetch = {"allow_private": [SITE, OTHER_SITE], "min_delay_s": 0.0, "max_retries": 0, "timeout_s": 60.0}
    urls = [site.url("/a"), site.url("/held"), other.url("/b")]
    toml = tmp_path / "run.toml"
    toml.write_text(
        f"[sources]\nurls = {json.dumps(urls)}\n"
        f'[fetch]\nallow_private = ["{SITE}", "{OTHER_SITE}"]\nmin_delay_s = 0.0\nmax_retries = 0\ntimeout_s = 60.0\n'
        f'[output]\ndir = "{tmp_path / "out"}"\nraw_dir = "{tmp_path / "raw"}"\n'
    )
    out, raw = tmp_path / "out", tmp_path / "raw"
    site.start()
    other.start()
    try:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}  # workers import the installed package
        with dask_processes(tmp_path / "cluster", env, workers=1) as (address, _):
            args = ["run", "--config", str(toml), "--run-date", RUN_DATE, "--scheduler", address]
            driver = subprocess.Popen(
                [sys.executable, "-m", "pipeline", *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
            deadline = time.monotonic() + 60
            while not served and time.monotonic() < deadline and driver.poll() is None:
                time.sleep(0.02)
            assert served, "the worker never asked for /held"
            os.kill(driver.pid, signal.SIGKILL)  # the driver is gone; its worker runs on
            driver.wait()
            run = {"run_date": RUN_DATE, "workers": resumed_workers}
            config = make_config(tmp_path, sources={"urls": urls}, fetch=fetch, run=run)
            summary = run_pipeline(config, argv=[])  # the same command, on local workers
            assert summary.exit_code == 0 and summary.outcomes == {"ok": 3}, summary.outcomes
            assert summary.shards == resumed_workers
            assert _worker_busy(address) == 1  # the lost worker still holds the shard
            release.set()
            deadline = time.monotonic() + 60
            while _worker_busy(address) and time.monotonic() < deadline:
                time.sleep(0.1)
            assert not _worker_busy(address)
        manifest = json.loads(next((out / "_runs").glob("*.json")).read_text())
        for entry in manifest["files"]:  # what the manifest claims is what is there
            assert pq.ParquetFile(out / entry["path"]).metadata.num_rows == entry["rows"], entry
        titles = pq.read_table(out / "articles", columns=["title"]).column("title").to_pylist()
        assert sorted(titles) == ["Asthma at home, version 2", "Hay fever", "Pollen count"]
        fetched = pq.read_table(out / "fetches", columns=["url"]).column("url").to_pylist()
        assert sorted(fetched) == sorted(urls)
        parts = {str(p.relative_to(out)) for p in out.rglob("part-*--*.parquet")}
        assert parts == {e["path"] for e in manifest["files"]}
        assert not list(out.rglob("*.tmp")) and not list(out.rglob("_state/fetch-staged/*/*.json"))
        state = out / "_state" / "fetch" / f"{SITE}.json"
        assert json.loads(state.read_text())[site.url("/held")]["etag"] == '"v2"'  # the stored version's
        # the archive holds the committed attempt's exchanges, whole (never the lost worker's over them)
        assert _archived(raw) == ["a None", "b None", 'held "v2"']
        assert not list(raw.rglob("*.open")) and not list(raw.rglob("*~*"))
    finally:
        release.set()
        site.stop()
        other.stop()
