"""Scheduled-run guarantees: Dask gives the same output, kill -9 then re-run is clean, the lock holds."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from pipeline.run.runner import run_pipeline
from pipeline.store.lock import OutputLock
from tests.conftest import make_config
from tests.warcs import article_html, write_warc

KEYS = {
    "articles": ["article_id", "content_hash"],
    "metadata": ["article_id", "content_hash"],
    "comments": ["comment_id"],
    "fetches": ["url"],
}


def make_warcs(directory: Path, files: int, pages: int) -> list[str]:
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for f in range(files):
        responses = []
        for p in range(pages):
            url = f"https://site{f}.example/condition-{p}"
            responses.append((url, article_html(f"Condition {f}-{p}", url, comments=p % 3 == 0), "text/html", 200))
        paths.append(str(write_warc(directory / f"part{f}.warc.gz", responses)))
    return paths


def snapshot(out: Path) -> dict[str, list[tuple[object, ...]]]:
    result = {}
    for name, keys in KEYS.items():
        frame = pd.read_parquet(out / name, columns=keys)
        result[name] = sorted(map(tuple, frame.itertuples(index=False)))
    return result


@pytest.mark.dask
def test_dask_cluster_gives_the_same_output_as_a_local_run(tmp_path: Path) -> None:
    from distributed import LocalCluster

    warcs = make_warcs(tmp_path / "in", files=3, pages=4)
    local = make_config(tmp_path / "local", sources={"warc": warcs}, run={"run_date": "2026-11-20"})
    run_pipeline(local, argv=[])
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        dask_config = make_config(
            tmp_path / "dask",
            sources={"warc": warcs},
            run={"run_date": "2026-11-20", "scheduler": cluster.scheduler_address},
        )
        summary = run_pipeline(dask_config, argv=[])
    assert summary.outcomes == {"ok": 12}
    assert snapshot(tmp_path / "local" / "out") == snapshot(tmp_path / "dask" / "out")


def test_local_processes_give_the_same_output(tmp_path: Path) -> None:
    warcs = make_warcs(tmp_path / "in", files=3, pages=3)
    run_pipeline(make_config(tmp_path / "one", sources={"warc": warcs}, run={"run_date": "2026-11-20"}), argv=[])
    two = make_config(tmp_path / "two", sources={"warc": warcs}, run={"run_date": "2026-11-20", "workers": 2})
    run_pipeline(two, argv=[])
    assert snapshot(tmp_path / "one" / "out") == snapshot(tmp_path / "two" / "out")


def test_kill_9_then_rerun_loses_and_duplicates_nothing(tmp_path: Path) -> None:
    warcs = make_warcs(tmp_path / "in", files=6, pages=25)
    clean = make_config(tmp_path / "clean", sources={"warc": warcs}, run={"run_date": "2026-11-20"})
    run_pipeline(clean, argv=[])
    expected = snapshot(tmp_path / "clean" / "out")

    out = tmp_path / "crash" / "out"
    args = [
        sys.executable,
        "-m",
        "pipeline",
        "run",
        "--out",
        str(out),
        "--raw",
        str(tmp_path / "raw"),
        "--run-date",
        "2026-11-20",
        "--warc",
        *warcs,
    ]
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    markers = out / "_runs"
    while time.monotonic() < deadline and process.poll() is None:
        if markers.exists() and len(list(markers.rglob("shards/*.json"))) >= 2:
            break
        time.sleep(0.02)
    assert process.poll() is None, "the run finished before it could be killed; give it more work"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    done_before = len(list(markers.rglob("shards/*.json")))
    assert 0 < done_before < len(warcs)

    rerun = subprocess.run(args, capture_output=True, text=True, timeout=120)
    assert rerun.returncode == 0, rerun.stderr
    assert f"{done_before} already done" in rerun.stdout
    assert snapshot(out) == expected
    assert not list(out.rglob("*.tmp"))


def test_lock_refuses_an_overlapping_run(tmp_path: Path) -> None:
    warcs = make_warcs(tmp_path / "in", files=1, pages=1)
    out = tmp_path / "out"
    with OutputLock(out):
        result = subprocess.run(
            [sys.executable, "-m", "pipeline", "run", "--out", str(out), "--warc", *warcs],
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert result.returncode == 75
    assert "lock" in result.stderr and "Traceback" not in result.stderr
    assert not (out / "articles").exists()
    after = subprocess.run(
        [sys.executable, "-m", "pipeline", "run", "--out", str(out), "--warc", *warcs],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert after.returncode == 0, after.stderr
