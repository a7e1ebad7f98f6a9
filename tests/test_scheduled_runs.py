"""Scheduled runs on real loopback servers: retries that retry, outcomes that say what happened,
errors before work, the exit policy, files under the umask, -v after the subcommand."""

from __future__ import annotations

import json
import os
import signal
import socket
import stat
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from pipeline.cli import main
from pipeline.run import progress
from tests.httpserver import Reply, ScriptedServer, html_page


@pytest.fixture
def site() -> Iterator[ScriptedServer]:
    with ScriptedServer("127.0.0.2") as server:
        server.route("/robots.txt", Reply(404, b"", content_type="text/plain"))
        body = html_page("Page A", "A paragraph about sleep and health. " * 20)
        server.route("/a", Reply(200, body, headers={"ETag": '"a1"'}))
        yield server


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.9", 0))
        return int(probe.getsockname()[1])


def _run(tmp_path: Path, urls: list[str], *extra: str, out: Path | None = None, retries: int = 0) -> int:
    url_file = tmp_path / "urls.txt"
    url_file.write_text("".join(u + "\n" for u in urls))
    config = tmp_path / "c.toml"
    config.write_text(f"[fetch]\nallow_private = ['127.0.0.0/8']\nmin_delay_s = 0.0\nmax_retries = {retries}\n")
    out = out or tmp_path / "out"
    args = ["run", "--config", str(config), "--urls", str(url_file), "--out", str(out), "--raw", str(tmp_path / "raw")]
    return main([*args, "--run-date", "2026-11-20", "--progress", "off", *extra])


def _last_json(text: str) -> dict[str, object]:
    return json.loads(text.strip().splitlines()[-1])  # type: ignore[no-any-return]


def test_a_same_day_rerun_fetches_again_what_failed_and_keeps_the_rest(
    tmp_path: Path, site: ScriptedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    page_b = html_page("Page B", "A paragraph about diet and the heart. " * 20)
    outage = [Reply(503, b"down", content_type="text/plain"), Reply(200, page_b)]
    site.route("/b", outage)
    urls = [site.url("/a"), site.url("/b")]
    assert _run(tmp_path, urls, "--log-format", "json") == 1
    first = _last_json(capsys.readouterr().out)
    assert first["outcomes"] == {"http_error": 1, "ok": 1}
    # dry run of the same command: says what is done and what would be fetched again
    assert _run(tmp_path, urls, "--dry-run") == 0
    dry = capsys.readouterr().out
    assert "1 page(s) done, 1 to fetch again" in dry and f"would fetch again: {site.url('/b')}" in dry
    assert _run(tmp_path, urls, "--log-format", "json") == 0  # the scheduler's retry
    second = _last_json(capsys.readouterr().out)
    assert second["run_id"] == f"{first['run_id']}.r2" and second["retry_of"] == first["run_id"]
    assert second["outcomes"] == {"ok": 2} and second["retried"] == 1
    assert site.hits("/a") == 1 and site.hits("/b") == 2  # what succeeded is kept, not fetched again
    assert _run(tmp_path, urls) == 0  # nothing left to retry: nothing fetched
    assert site.hits("/b") == 2
    articles = pd.read_parquet(tmp_path / "out" / "articles")
    assert sorted(articles["title"]) == ["Page A", "Page B"]
    # a changed config is a new run, not an attempt of the old one
    assert _run(tmp_path, urls, "--max-failure-rate", "0.5", "--log-format", "json") == 0
    assert _last_json(capsys.readouterr().out)["run_id"] == first["run_id"]  # exit policy is not the config
    assert _run(tmp_path, urls, "--log-format", "json", retries=1) == 0
    assert _last_json(capsys.readouterr().out)["run_id"] != first["run_id"]
    # forcing the old run id with the changed config: refused, not a mix of the two configs
    assert _run(tmp_path, urls, "--run-id", str(first["run_id"]), retries=1) == 2
    assert "was made with other sources, fetch or extract settings" in capsys.readouterr().err
    assert _run(tmp_path, urls, "--run-id", str(first["run_id"])) == 0  # the same settings: it resumes


def test_a_host_that_is_down_is_a_connection_failure_with_a_short_reason(
    tmp_path: Path, site: ScriptedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    down = f"http://127.0.0.9:{_free_port()}/page"
    assert _run(tmp_path, [site.url("/a"), down], "--log-format", "json") == 1
    summary = _last_json(capsys.readouterr().out)
    assert summary["outcomes"] == {"connection_error": 1, "ok": 1}
    assert "hosts did not answer" in str(summary["hint"])
    fetches = pd.read_parquet(tmp_path / "out" / "fetches")
    error = fetches.loc[fetches["url"] == down, "error"].item()
    assert "\n" not in error and len(error) < 120 and "object at 0x" not in error
    assert "refused" in error.lower()
    # the exit policy: one page of two failed, a 50% threshold lets the run pass
    assert _run(tmp_path, [site.url("/a"), down], "--max-failure-rate", "0.5", "--run-id", "again") == 0


def test_an_impossible_output_directory_exits_2_in_one_line_before_any_request(
    tmp_path: Path, site: ScriptedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    assert _run(tmp_path, [site.url("/a")], out=blocker / "out") == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "output.dir" in err[0] and "Traceback" not in err[0]
    assert site.paths() == []  # nothing fetched
    assert _run(tmp_path, [site.url("/a")], "--raw", str(blocker / "raw")) == 2
    assert "output.raw_dir" in capsys.readouterr().err
    assert site.paths() == []


def test_a_missing_scheduler_exits_2_in_one_line_within_its_timeout(
    tmp_path: Path, site: ScriptedServer, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PIPELINE__RUN__SCHEDULER_TIMEOUT_S", "1")
    started = time.monotonic()
    code = _run(tmp_path, [site.url("/a")], "--scheduler", f"tcp://127.0.0.9:{_free_port()}")
    assert code == 2 and time.monotonic() - started < 15
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "run.scheduler" in err[0] and "Traceback" not in err[0]


def test_files_are_readable_under_umask_022_and_v_after_the_subcommand_logs_each_url(
    tmp_path: Path, site: ScriptedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    previous = os.umask(0o022)
    try:
        assert _run(tmp_path, [site.url("/a")], "-v") == 0
    finally:
        os.umask(previous)
    out = tmp_path / "out"
    written = [p for p in out.rglob("*") if p.is_file() and p.name != "_pipeline.lock"]
    assert any("_runs" in p.parts for p in written) and any("_state" in p.parts for p in written)
    for path in written:
        assert stat.S_IMODE(path.stat().st_mode) & 0o044 == 0o044, path
    lines = [line for line in capsys.readouterr().err.splitlines() if site.url("/a") in line]
    assert any(" ok 200 " in line and "ms " in line for line in lines)


def test_a_killed_retry_attempt_is_resumed_with_other_workers_and_finishes(
    tmp_path: Path, site: ScriptedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    page_a = html_page("Page A", "A paragraph about sleep and health. " * 20)
    page_b = html_page("Page B", "A paragraph about diet and the heart. " * 20)
    site.route("/a", [Reply(503, b"down", content_type="text/plain"), Reply(200, page_a)])
    with ScriptedServer("127.0.0.3") as slow:
        slow.route("/robots.txt", Reply(404, b"", content_type="text/plain"))
        # the outage, then a reply that never comes before the kill, then the page
        slow.route(
            "/b", [Reply(503, b"down", content_type="text/plain"), Reply(200, page_b, delay_s=30), Reply(200, page_b)]
        )
        urls = [site.url("/a"), slow.url("/b")]
        assert _run(tmp_path, urls, "--log-format", "json") == 1
        base = str(_last_json(capsys.readouterr().out)["run_id"])
        out = tmp_path / "out"
        # the scheduler's retry, two workers (one shard per host), killed once host A's shard is committed
        args = [sys.executable, "-m", "pipeline", "run", "--config", str(tmp_path / "c.toml")]
        args += ["--urls", str(tmp_path / "urls.txt"), "--out", str(out), "--raw", str(tmp_path / "raw")]
        args += ["--run-date", "2026-11-20", "--progress", "off", "--workers", "2"]
        attempt = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        markers = out / "_runs" / f"{base}.r2" / "shards"
        give_up = time.monotonic() + 60
        # both: host A's shard committed and host B's request in flight (a loaded machine can commit
        # A before B's worker has sent its request)
        while (
            not (list(markers.glob("*.json")) and slow.hits("/b") == 2)
            and time.monotonic() < give_up
            and attempt.poll() is None
        ):
            time.sleep(0.02)
        os.kill(attempt.pid, signal.SIGKILL)
        attempt.wait()
        assert len(list(markers.glob("*.json"))) == 1 and slow.hits("/b") == 2
        assert not (out / "_runs" / f"{base}.r2.json").exists()
        # started again with other workers: the same attempt, host A's shard kept, host B fetched
        assert _run(tmp_path, urls, "--dry-run", "--workers", "1") == 0
        dry = capsys.readouterr().out
        assert f"dry run {base}.r2" in dry and "done: 1 url(s), 0 sitemap(s), hosts 127.0.0.2" in dry, dry
        assert "would fetch: 1 url(s), 0 sitemap(s), hosts 127.0.0.3" in dry, dry
        # it lists only what the resumed attempt still fetches, and counts host A's page as done
        assert f"would fetch again: {slow.url('/b')}" in dry and site.url("/a") not in dry, dry
        assert "1 page(s) done, 1 to fetch again" in dry and "resumed: 1 of its 2 fetched before" in dry, dry
        assert _run(tmp_path, urls, "--dry-run", "--log-format", "json", "--workers", "1") == 0
        planned = _last_json(capsys.readouterr().out)
        assert planned["retried"] == 2 and planned["to_fetch"] == 1
        assert _run(tmp_path, urls, "--log-format", "json", "--workers", "1") == 0
        summary = _last_json(capsys.readouterr().out)
        assert summary["run_id"] == f"{base}.r2" and summary["outcomes"] == {"ok": 2}
        assert site.hits("/a") == 2 and slow.hits("/b") == 3  # nothing fetched twice by the retry
    assert sorted(p.name for p in (out / "_runs").glob("*.json")) == [f"{base}.json", f"{base}.r2.json"]
    articles = pd.read_parquet(out / "articles")
    assert sorted(articles["title"]) == ["Page A", "Page B"]
    fetches = pd.read_parquet(out / "fetches")
    assert not fetches.duplicated(["url", "run_id"]).any()


def test_the_run_id_does_not_depend_on_the_workers(
    tmp_path: Path, site: ScriptedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    with ScriptedServer("127.0.0.3") as other:
        urls = [site.url("/a"), other.url("/x"), site.url("/b")]
        ids = set()
        for workers in ("1", "2", "3"):
            assert _run(tmp_path, urls, "--dry-run", "--log-format", "json", "--workers", workers) == 0
            ids.add(_last_json(capsys.readouterr().out)["run_id"])
        assert _run(tmp_path, list(reversed(urls)), "--dry-run", "--log-format", "json") == 0
        ids.add(_last_json(capsys.readouterr().out)["run_id"])
    assert len(ids) == 1


def test_progress_counts_pages_across_worker_processes(
    tmp_path: Path, site: ScriptedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    for path in ("/b", "/c"):
        site.route(path, Reply(200, html_page(f"Page {path}", "Words about health and sleep. " * 20)))
    slow = Reply(200, html_page("Slow", "Words about the heart. " * 20))
    # answered only once the driver's shared counter holds the 4 other pages (whatever one-time
    # costs the workers' first extractions pay), then after 3 refreshes of the bar
    site.route("/slow", lambda request: _after(lambda: progress.pages_counted() >= 4, slow))
    with ScriptedServer("127.0.0.3") as other:
        other.route("/x", Reply(200, html_page("Other", "Words about diet. " * 20)))
        urls = [site.url("/a"), site.url("/b"), site.url("/c"), site.url("/slow"), other.url("/x")]
        # two shards, each in its own process
        assert _run(tmp_path, urls, "--progress", "on", "--workers", "2") == 0
    bar = capsys.readouterr().err
    # while host 1's shard waits for its slow page, its finished pages are already counted
    assert "pages:" in bar and "4/5" in bar and "5/5" in bar and "page/s" in bar


def _after(condition: Callable[[], bool], reply: Reply) -> Reply:
    """``reply`` once ``condition`` holds (a page held back until the run shows its progress)."""
    give_up = time.monotonic() + 30
    while not condition() and time.monotonic() < give_up:
        time.sleep(0.02)
    time.sleep(3 * progress.REFRESH_S)  # the driver's bar draws what it has at least twice
    return reply


@pytest.mark.dask
def test_progress_on_a_dask_cluster_counts_pages_before_the_shard_ends(
    tmp_path: Path, site: ScriptedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    from distributed import Client, LocalCluster

    for path in ("/b", "/c"):
        site.route(path, Reply(200, html_page(f"Page {path}", "Words about health and sleep. " * 20)))
    urls = [site.url(p) for p in ("/a", "/b", "/c", "/slow")]
    # one worker process: it cannot reach the driver's shared counter, and its one shard ends with the slow page
    with (
        LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None) as cluster,
        Client(cluster.scheduler_address) as watcher,
    ):
        # the slow page is answered once the worker has reported its 3 other pages to the scheduler
        slow = Reply(200, html_page("Slow", "Words about the heart. " * 20))
        site.route("/slow", lambda request: _after(lambda: _reported(watcher) >= 3, slow))
        assert _run(tmp_path, urls, "--progress", "on", "--scheduler", cluster.scheduler_address) == 0
    bar = capsys.readouterr().err
    # while the shard waits for its slow page, its three finished pages are on the bar (whole shards: 0/4, 4/4)
    assert "3/4" in bar and "4/4" in bar and "page/s" in bar, bar


def _reported(client: Any) -> int:
    """The highest page count a shard has reported on a run's progress topic (0: none yet)."""
    events = client.get_events()
    counts = [msg["pages"] for topic, got in events.items() if topic.startswith("pipeline-progress-") for _, msg in got]
    return max(counts, default=0)


def test_a_sitemap_that_fails_is_a_fetch_log_row_and_a_rerun_reads_it(
    tmp_path: Path, site: ScriptedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    listing = (
        f"<urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'><url><loc>{site.url('/a')}</loc></url></urlset>"
    )
    site.route(
        "/sitemap.xml",
        [Reply(503, b"down", content_type="text/plain"), Reply(200, listing.encode(), content_type="application/xml")],
    )
    config = tmp_path / "sitemap.toml"
    config.write_text(
        f"[sources]\nsitemaps = ['{site.url('/sitemap.xml')}']\n"
        "[fetch]\nallow_private = ['127.0.0.0/8']\nmin_delay_s = 0.0\nmax_retries = 0\n"
    )
    args = ["run", "--config", str(config), "--out", str(tmp_path / "out"), "--raw", str(tmp_path / "raw")]
    args += ["--run-date", "2026-11-20", "--progress", "off", "--log-format", "json"]
    assert main(args) == 1
    assert _last_json(capsys.readouterr().out)["outcomes"] == {"http_error": 1}
    fetches = pd.read_parquet(tmp_path / "out" / "fetches")
    row = fetches.loc[fetches["url"] == site.url("/sitemap.xml")].iloc[0]
    assert row["outcome"] == "http_error" and row["status"] == 503
    assert row["error"] == "sitemap not read: HTTP 503"
    assert main(args) == 0  # the same-day re-run reads the sitemap, as a sitemap, and its page
    again = _last_json(capsys.readouterr().out)
    assert again["retried"] == 1 and again["outcomes"] == {"ok": 1, "sitemap": 1}
    assert site.hits("/sitemap.xml") == 2 and site.hits("/a") == 1
    assert main(args) == 0  # read: nothing left to retry
    assert site.hits("/sitemap.xml") == 2


def test_a_dry_run_counts_lines_that_are_no_url_as_the_invalid_url_rows_the_run_records(
    tmp_path: Path, site: ScriptedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    # `grep -H health lists/*.txt | pipeline run --urls -` pipes "file:URL" lines: not hosts
    refused = [f"lists/a.txt:{site.url('/a')}", f"ftp://{site.url('/z').split('://')[1]}", "http://[::1"]
    urls = [site.url("/a"), *refused]
    assert _run(tmp_path, urls, "--dry-run", "--workers", "4") == 0
    dry = capsys.readouterr().out
    assert "hosts lists/" not in dry and "hosts http" not in dry, dry
    assert "would fetch: 1 url(s), 0 sitemap(s), hosts 127.0.0.2\n" in dry, dry
    assert "1 invalid URL line(s), recorded as invalid_url without a request: 'lists/a.txt:http" in dry, dry
    assert _run(tmp_path, urls, "--dry-run", "--log-format", "json", "--workers", "1") == 0
    plan: Any = _last_json(capsys.readouterr().out)["plan"]
    (shard,) = plan
    assert shard["hosts"] == ["127.0.0.2"] and shard["seeds"] == 4
    assert shard["invalid"] == 3 and shard["invalid_urls"] == refused
    assert _run(tmp_path, urls, "--workers", "1") == 1  # the run records what the plan said
    fetches = pd.read_parquet(tmp_path / "out" / "fetches")
    assert sorted(fetches.loc[fetches["outcome"] == "invalid_url", "url"]) == sorted(refused)
    assert site.hits("/a") == 1 and site.hits("/z") == 0
