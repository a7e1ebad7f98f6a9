"""Stopping a run early: a real signal to a real ``pipeline run``, and the run deadline.

Each interrupt test starts the CLI as a subprocess against slow loopback servers (one page
hangs far longer than the test allows), signals it mid-crawl, then runs the same command again:
the first exits 130/143 within seconds and writes no manifest, the second completes with every
URL fetched and stored exactly once.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from pipeline.cli import _run_overrides, build_parser
from pipeline.config import load_config
from pipeline.records import Outcome
from pipeline.run.runner import run_pipeline
from pipeline.run.summary import EXIT_DEADLINE
from pipeline.store.parquet import SCHEMA_PART
from tests.conftest import make_config
from tests.httpserver import Reply, ScriptedServer, html_page
from tests.test_operations import make_warcs
from tests.warcs import article_html

HOSTS = ("127.0.0.2", "127.0.0.3")
PAGES_PER_HOST = 6
# A stopped run must exit within this (the hanging page would hold it for fetch.timeout_s).
PROMPT_S = 8.0
TIMEOUT_S = 25.0


def _article(n: int) -> bytes:
    text = f"<p>Page {n} explains how sleep, diet and exercise protect the heart. " * 12 + "</p>"
    return html_page(f"Heart health {n}", text)


@pytest.fixture
def slow_sites() -> Iterator[list[ScriptedServer]]:
    servers = [ScriptedServer(host) for host in HOSTS]
    for index, server in enumerate(servers):
        server.route("/robots.txt", Reply(404, b"", content_type="text/plain"))
        for n in range(PAGES_PER_HOST):
            page = Reply(200, _article(index * 100 + n), delay_s=0.25)
            # the first page of each host hangs the first time: only cutting its socket is quick
            server.route(f"/p{n}", [Reply(hang=True), page] if n == 0 else page)
        server.start()
    yield servers
    for server in servers:
        server.stop()


def _command(tmp_path: Path, servers: list[ScriptedServer], workers: int) -> list[str]:
    urls = tmp_path / "urls.txt"
    urls.write_text("".join(f"{s.url(f'/p{n}')}\n" for s in servers for n in range(PAGES_PER_HOST)))
    config = tmp_path / "config.toml"
    config.write_text(
        "[fetch]\n"
        f"allow_private = {json.dumps(list(HOSTS))}\n"
        f"min_delay_s = 0.0\ntimeout_s = {TIMEOUT_S}\nmax_retries = 0\n"
    )
    return [
        sys.executable, "-m", "pipeline", "run", "--config", str(config), "--urls", str(urls),
        "--out", str(tmp_path / "out"), "--raw", str(tmp_path / "raw"), "--workers", str(workers),
        "--run-date", "2026-12-05",
    ]  # fmt: skip


def _signal_mid_crawl(command: list[str], servers: list[ScriptedServer], signum: int, group: bool) -> tuple[int, float]:
    """Start the run, signal it once both hosts have answered a few requests; (exit code, seconds to exit)."""
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, start_new_session=True
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not all(len(s.paths()) >= 3 for s in servers):
        assert process.poll() is None, process.communicate()[1]
        time.sleep(0.02)
    assert all(len(s.paths()) >= 3 for s in servers), "the crawl never got going"
    sent = time.monotonic()
    if group:  # a terminal's Ctrl-C reaches the whole foreground process group
        os.killpg(process.pid, signum)
    else:  # a scheduler's SIGTERM reaches the driver only
        os.kill(process.pid, signum)
    try:
        _, stderr = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    assert "run the same command again" in stderr, stderr
    return process.returncode, time.monotonic() - sent


def _assert_complete(out: Path, servers: list[ScriptedServer]) -> None:
    fetches = pd.read_parquet(out / "fetches")
    expected = {s.url(f"/p{n}") for s in servers for n in range(PAGES_PER_HOST)}
    assert set(fetches["url"]) == expected
    assert not fetches["url"].duplicated().any()  # each URL once: the cut shards left no rows
    assert set(fetches["outcome"]) == {"ok"}
    articles = pd.read_parquet(out / "articles")
    assert len(articles) == len(expected) and not articles["url"].duplicated().any()


@pytest.mark.parametrize(
    ("signum", "workers", "group"),
    [(signal.SIGINT, 2, True), (signal.SIGTERM, 1, False), (signal.SIGTERM, 2, False)],
    # the last as Airflow and systemd stop a task: SIGTERM to the driver alone, SIGKILL 10 s later
    # (PROMPT_S is under that), the pool's workers told by the driver
    ids=["ctrl-c-process-pool", "sigterm-in-process", "sigterm-driver-of-a-pool"],
)
def test_a_signal_stops_the_run_promptly_and_the_same_command_resumes(
    tmp_path: Path, slow_sites: list[ScriptedServer], signum: int, workers: int, group: bool
) -> None:
    command = _command(tmp_path, slow_sites, workers)
    code, seconds = _signal_mid_crawl(command, slow_sites, signum, group)
    assert code == 128 + signum
    assert seconds < PROMPT_S, f"took {seconds:.1f} s to stop"
    out = tmp_path / "out"
    assert not list((out / "_runs").glob("*.json"))  # no manifest: the run is not finished
    # both shards were cut: nothing committed (the start's empty schema files only)
    assert not [p for p in out.glob("*/crawl_date=*/*.parquet") if p.name != SCHEMA_PART]
    before = [len(s.paths()) for s in slow_sites]
    assert all(n < PAGES_PER_HOST + 1 for n in before)  # stopped before the crawl was through

    # the same command again (in this process: one interpreter start-up less)
    args = build_parser().parse_args(command[3:])
    again = run_pipeline(load_config(args.config, _run_overrides(args), environ={}), argv=command[3:])
    assert again.exit_code == 0 and again.resumed_shards == 0, again.outcomes
    _assert_complete(out, slow_sites)
    assert len(list((out / "_runs").glob("*.json"))) == 1


def _deadline_config(tmp_path: Path, server: ScriptedServer, deadline: str, pages: int) -> object:
    return make_config(
        tmp_path,
        sources={"urls": [server.url(f"/p{n}") for n in range(pages)]},
        fetch={"allow_private": [server.host], "min_delay_s": 0.0, "per_host_concurrency": 1, "max_retries": 0},
        run={"run_date": "2026-12-05", "deadline": deadline, "workers": 1},
    )


def test_the_run_deadline_logs_the_pages_not_fetched_and_a_rerun_fetches_only_them(tmp_path: Path) -> None:
    pages = 12
    with ScriptedServer(HOSTS[0]) as server:
        server.route("/robots.txt", Reply(404, b"", content_type="text/plain"))
        for n in range(pages):
            server.route(f"/p{n}", Reply(200, _article(n), delay_s=0.25))  # 3 s for the lot, one at a time
        started = time.monotonic()
        summary = run_pipeline(_deadline_config(tmp_path, server, "1s", pages), argv=[])  # type: ignore[arg-type]
        assert time.monotonic() - started < 2.8  # it did not wait for every page
        assert summary.exit_code == EXIT_DEADLINE and summary.deadline_reached
        done, cut = summary.outcomes.get("ok", 0), summary.outcomes.get(str(Outcome.DEADLINE), 0)
        assert done >= 1 and cut >= 1 and done + cut == pages, summary.outcomes
        fetches = pd.read_parquet(tmp_path / "out" / "fetches")
        skipped = fetches[fetches["outcome"] == "deadline"]
        assert len(skipped) == cut and skipped["error"].str.contains("run.deadline").all()
        assert not any(server.hits(u.removeprefix(server.base)) for u in skipped["url"])  # never requested
        manifest = json.loads(next((tmp_path / "out" / "_runs").glob("*.json")).read_text())
        assert manifest["exit_code"] == EXIT_DEADLINE and manifest["deadline"]

        # the same command again, this time with time enough: only the pages cut are fetched
        again = run_pipeline(_deadline_config(tmp_path, server, "", pages), argv=[])  # type: ignore[arg-type]
        assert again.retry_of == summary.run_id and len(again.retried) == cut
        assert again.exit_code == 0 and again.outcomes == {"ok": pages}
        assert all(server.hits(f"/p{n}") == 1 for n in range(pages))  # nothing fetched twice
    articles = pd.read_parquet(tmp_path / "out" / "articles")
    assert len(articles) == pages and not articles["url"].duplicated().any()


def test_a_deadline_already_past_sends_nothing_and_cuts_warc_shards_uncommitted(tmp_path: Path) -> None:
    with ScriptedServer(HOSTS[0]) as server:
        server.route("/p0", Reply(200, article_html("Gout", server.url("/p0"))))
        past = "2020-01-01T00:00:00Z"
        summary = run_pipeline(_deadline_config(tmp_path / "urls", server, past, 3), argv=[])  # type: ignore[arg-type]
        assert summary.outcomes == {"deadline": 3} and summary.exit_code == EXIT_DEADLINE
        assert server.paths() == []  # not even robots.txt

    warcs = make_warcs(tmp_path / "in", files=2, pages=3)
    config = make_config(tmp_path / "warc", sources={"warc": warcs}, run={"run_date": "2026-12-05", "deadline": past})
    summary = run_pipeline(config, argv=[])
    assert sorted(summary.deadline_shards) == sorted(s["key"] for s in summary.plan) and summary.exit_code == 3
    parts = (tmp_path / "warc" / "out").glob("*/crawl_date=*/*.parquet")
    assert not [p for p in parts if p.name != SCHEMA_PART]  # no shard's part: only the empty schema files
    rerun = make_config(tmp_path / "warc", sources={"warc": warcs}, run={"run_date": "2026-12-05"})
    assert run_pipeline(rerun, argv=[]).exit_code == 0
    assert len(pd.read_parquet(tmp_path / "warc" / "out" / "articles")) == 6


def test_deadline_values_are_durations_or_zoned_times(tmp_path: Path) -> None:
    import datetime as dt

    from pipeline.config import resolve_deadline
    from pipeline.errors import ConfigError

    now = dt.datetime(2026, 12, 5, 22, 0, tzinfo=dt.UTC)
    assert resolve_deadline("90m", now) == "2026-12-05T23:30:00+00:00"
    assert resolve_deadline("2026-12-06T06:00:00+01:00", now) == "2026-12-06T05:00:00+00:00"
    assert resolve_deadline("", now) == ""
    for bad in ("soon", "2026-12-06T06:00:00", "-5m"):
        with pytest.raises(ConfigError, match="run.deadline"):
            make_config(tmp_path, run={"deadline": bad})


def test_an_interrupt_stops_an_extraction_in_progress_in_any_thread(tmp_path: Path) -> None:
    """A page with no time budget (max_seconds 0) still stops at once when the run is interrupted."""
    import threading

    from pipeline.errors import RunInterrupted
    from pipeline.records import FetchedPage
    from pipeline.run import stop
    from pipeline.run.shard import process_page

    config = make_config(tmp_path, extract={"max_seconds": 0.0})
    line = '<div class="comment"><p class="author">User {0}</p><p>Comment {0} on sleep and the heart.</p></div>'
    page = FetchedPage(url="https://h.example/slow", final_url="https://h.example/slow", status=200, outcome=Outcome.OK)
    page.html = "<html><body><article><h1>Heart</h1></article>" + "".join(line.format(i) for i in range(4000))
    seen: list[str] = []

    def work() -> None:
        started = time.monotonic()
        try:
            process_page(page, config, {})
            seen.append(f"finished after {time.monotonic() - started:.1f} s")
        except RunInterrupted:
            seen.append("interrupted")

    with stop.signal_handlers():  # a fresh flag, as a run has
        thread = threading.Thread(target=work)
        thread.start()
        time.sleep(0.5)  # well into the page (it takes seconds)
        stop.request_stop(signal.SIGTERM)
        thread.join(30)
        assert stop.stop_reason(None) == "interrupted"
    assert seen == ["interrupted"]
