"""Log lines carry UTC times, marked, in the driver and on Dask workers in other time zones
(tenth audit, session 14: the lines were in each process's local time, with no zone)."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.daskcluster import dask_cluster
from tests.httpserver import Reply, ScriptedServer

LOG_SITE = "127.0.0.81"  # a loopback "host" no other test serves
DEMO_WARC = Path(__file__).resolve().parent.parent / "pipeline" / "data" / "demo" / "demo.warc.gz"
STAMP = re.compile(r"^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3})Z ")
# how far a line's time may be from the test's UTC clock around the run (a loaded machine)
SLACK = dt.timedelta(minutes=5)


def _clean_env(tz: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH" and not k.startswith("PIPELINE__")}
    return {**env, "TZ": tz}


def _near_now(stamp: str, before: dt.datetime) -> bool:
    at = dt.datetime.fromisoformat(stamp.removesuffix("Z")).replace(tzinfo=dt.UTC)
    return before - SLACK <= at <= dt.datetime.now(dt.UTC) + SLACK


def test_the_drivers_text_and_json_lines_carry_utc_times_in_any_time_zone(tmp_path: Path) -> None:
    """A driver in UTC-12 (a day behind UTC for half of it) writes ``...Z`` times, the UTC clock's,
    in text and JSON lines alike; text lines were ``2026-12-06 18:05:01,123``, local and unzoned."""
    before = dt.datetime.now(dt.UTC)
    lines: dict[str, list[str]] = {}
    for log_format in ("text", "json"):
        command = ["run", "--warc", str(DEMO_WARC), "--out", str(tmp_path / log_format), "--workers", "1"]
        run = subprocess.run(
            [sys.executable, "-m", "pipeline", *command, "--progress", "off", "--log-format", log_format],
            env=_clean_env("Etc/GMT+12"),  # UTC-12
            capture_output=True,
            text=True,
            timeout=180,
        )
        assert run.returncode == 0, run.stderr
        lines[log_format] = [line for line in run.stderr.splitlines() if line.strip()]
    assert lines["text"] and lines["json"]
    for line in lines["text"]:
        stamp = STAMP.match(line)
        assert stamp and _near_now(stamp[1], before), line
    for line in lines["json"]:
        ts = json.loads(line)["ts"]
        assert ts.endswith("Z") and _near_now(ts[:-1], before), line


@pytest.mark.dask
def test_a_dask_workers_lines_carry_the_drivers_format_and_utc_times(tmp_path: Path) -> None:
    """A ``dask worker`` in UTC+14 configures only dask's own loggers: a shard's warning reached
    its stderr as a bare message, no time at all. Now it is the driver's line, UTC time and all."""
    site = ScriptedServer(LOG_SITE)
    site.route("/robots.txt", Reply(404, b"", content_type="text/plain"))
    site.route("/missing-sitemap.xml", Reply(404, b"", content_type="text/plain"))
    config = tmp_path / "run.toml"
    config.write_text(
        f'[sources]\nsitemaps = ["{site.url("/missing-sitemap.xml")}"]\n'
        f'[fetch]\nallow_private = ["{LOG_SITE}"]\nmin_delay_s = 0.0\nmax_retries = 0\n'
    )
    worker_log = tmp_path / "worker.log"
    with site, dask_cluster(tmp_path / "workers", _clean_env("Etc/GMT-14"), worker_log=worker_log) as address:
        before = dt.datetime.now(dt.UTC)
        paths = ["--config", str(config), "--out", str(tmp_path / "out"), "--raw", str(tmp_path / "raw")]
        run = subprocess.run(
            [sys.executable, "-m", "pipeline", "run", *paths, "--scheduler", address, "--progress", "off"],
            env=_clean_env("Etc/GMT+12"),
            capture_output=True,
            text=True,
            timeout=180,
        )
    warning = [line for line in worker_log.read_text().splitlines() if "missing-sitemap.xml not read" in line]
    assert warning, (run.stderr, worker_log.read_text())
    stamp = STAMP.match(warning[0])
    assert stamp and _near_now(stamp[1], before), warning[0]
    assert " WARNING pipeline.fetch: sitemap " in warning[0]
