"""What outside testers run: workers killed mid-run, shards that never commit, a full disk, a week of
nights. Real processes, real loopback servers, real files; each test fails without its fix."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pandas as pd
import pytest

from pipeline.cli import main
from pipeline.run.runner import run_pipeline
from pipeline.run.summary import EXIT_DEADLINE
from tests.conftest import make_config, readme_current_state_sql
from tests.httpserver import Reply, Request, Route, ScriptedServer, html_page
from tests.rawserver import RawListener, answer_once
from tests.test_operations import make_warcs

HOSTS = ("127.0.0.2", "127.0.0.3")
REPO = Path(__file__).resolve().parents[1]


def _article(label: str) -> bytes:
    return html_page(f"Heart health {label}", f"Page {label} explains how sleep and exercise protect the heart. " * 12)


@pytest.fixture
def two_hosts() -> Iterator[list[ScriptedServer]]:
    servers = [ScriptedServer(host) for host in HOSTS]
    for index, server in enumerate(servers):
        server.route("/robots.txt", Reply(404, b"", content_type="text/plain"))
        for n in range(3):  # the second host is slow: its shard is still running when a worker dies
            server.route(f"/p{n}", Reply(200, _article(f"{index}-{n}"), delay_s=1.0 * index))
        server.start()
    yield servers
    for server in servers:
        server.stop()


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="finds pool workers through /proc (Linux)")
def test_a_pool_worker_killed_mid_run_then_the_same_command_fetches_what_was_lost(
    tmp_path: Path, two_hosts: list[ScriptedServer], capsys: pytest.CaptureFixture[str]
) -> None:
    """The OOM killer takes a pool worker: the pool breaks and every shard in it fails, the run
    exits 1 with a manifest. Those shards left no fetch row, so the same command again used to
    find nothing to retry ("ok", exit 0) and their pages were never stored."""
    urls = tmp_path / "urls.txt"
    urls.write_text("".join(f"{s.url(f'/p{n}')}\n" for s in two_hosts for n in range(3)))
    config = tmp_path / "c.toml"
    config.write_text(f"[fetch]\nallow_private = {list(HOSTS)}\nmin_delay_s = 0.0\n")
    command = [sys.executable, "-m", "pipeline", "run", "--config", str(config), "--urls", str(urls)]
    command += ["--out", str(tmp_path / "out"), "--raw", str(tmp_path / "raw"), "--workers", "2"]
    command += ["--run-date", "2026-12-01", "--log-format", "json", "--progress", "off"]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    run = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (len(_children(run.pid)) >= 2 and two_hosts[1].hits("/p0")):
        time.sleep(0.05)
    workers = _children(run.pid)
    assert len(workers) >= 2 and two_hosts[1].hits("/p0"), "the slow host's shard never started"
    os.kill(workers[0], signal.SIGKILL)
    stdout, stderr = run.communicate(timeout=60)
    first = json.loads(stdout.strip().splitlines()[-1])
    assert run.returncode == 1 and first["shard_errors"], stderr[-2000:]

    assert main(command[3:]) == 0  # the same command again (in this process: quicker)
    second = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert second["retry_of"] == first["run_id"] and second["outcomes"] == {"ok": 6}, second
    articles = pd.read_parquet(tmp_path / "out" / "articles")
    assert sorted(articles["url"]) == sorted(urls.read_text().split())  # every page, once
    assert main(command[3:]) == 0  # the third time there is nothing left to do
    assert json.loads(capsys.readouterr().out.strip().splitlines()[-1])["retried"] == 0


def test_warc_shards_the_deadline_cut_in_a_run_with_urls_are_read_by_the_rerun(tmp_path: Path) -> None:
    """A run of URLs and WARC files hits its deadline: the URLs left are `deadline` rows, the WARC
    shards are not committed. The same command again is a retry attempt of the URLs; it used to
    leave the WARC shards unread for good."""
    warcs = make_warcs(tmp_path / "in", files=2, pages=3)
    with ScriptedServer(HOSTS[0]) as server:
        server.route("/robots.txt", Reply(404, b"", content_type="text/plain"))
        server.route("/p0", Reply(200, _article("url")))

        def config(deadline: str):  # type: ignore[no-untyped-def]
            return make_config(
                tmp_path,
                sources={"urls": [server.url("/p0")], "warc": warcs},
                fetch={"allow_private": [HOSTS[0]], "min_delay_s": 0.0},
                run={"run_date": "2026-12-05", "deadline": deadline, "workers": 1},
            )

        cut = run_pipeline(config("2020-01-01T00:00:00Z"), argv=[])
        assert cut.exit_code == EXIT_DEADLINE and len(cut.deadline_shards) == 2
        again = run_pipeline(config(""), argv=[])
        assert again.retry_of == cut.run_id and again.exit_code == 0, again.shard_errors
        assert run_pipeline(config(""), argv=[]).retried == []  # nothing left
    articles = pd.read_parquet(tmp_path / "out" / "articles")
    assert len(articles) == 7 and not articles["url"].duplicated().any()


# -- malformed responses: a clear reason on the page's row, never a wrong outcome ----------------


_HEAD = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
MALFORMED = {
    "/lying-length": (_HEAD + b"Content-Length: 5000\r\n\r\n" + b"<p>short</p>", "connection closed 12 bytes into"),
    "/bad-chunk": (_HEAD + b"Transfer-Encoding: chunked\r\n\r\nZZZ\r\nhello\r\n0\r\n\r\n", "malformed chunked"),
    "/cut-chunk": (_HEAD + b"Transfer-Encoding: chunked\r\n\r\n1000\r\n<p>a", "before the end of the body"),
    "/two-lengths": (_HEAD + b"Content-Length: 10\r\nContent-Length: 20\r\n\r\n0123456789", "malformed response"),
    "/http09": (b"<html><body>no status line at all</body></html>", "malformed response: status line"),
    "/status-000": (b"HTTP/1.1 000 Zero\r\nContent-Length: 0\r\n\r\n", "malformed response: status line"),
    "/header-flood": (b"HTTP/1.1 200 OK\r\n" + b"X-A: b\r\n" * 200 + b"\r\n", "more than 100 headers"),
}


def test_malformed_responses_are_connection_errors_with_a_reason_that_says_what_was_wrong(
    tmp_path: Path,
) -> None:
    """Each used to read "connection broken while reading body: ProtocolError", the start of an
    HTTP/0.9 answer as its whole reason, or `invalid_url` for a server sending two Content-Lengths."""
    from pipeline.config import FetchConfig, SourcesConfig
    from pipeline.fetch.fetcher import Fetcher
    from pipeline.records import Outcome

    # seven broken pages on one host, more than HOST_FAILURE_STREAK: page-level failures never
    # give a host up, so every page is tried and has its own reason
    config = FetchConfig(min_delay_s=0.0, timeout_s=2.0, max_retries=0, allow_private=["127.0.0.4"], obey_robots=False)
    answers = {path: answer for path, (answer, _) in MALFORMED.items()}
    with (
        RawListener("127.0.0.4", answer_once(answers)) as server,
        Fetcher(config, SourcesConfig(), state_dir=None) as fetcher,
    ):
        pages = {p.url.removeprefix(server.base): p for p in fetcher.crawl([server.base + p for p in MALFORMED])}
    for path, (_, reason) in MALFORMED.items():
        page = pages[path]
        assert page.outcome is Outcome.CONNECTION_ERROR and reason in (page.error or ""), (path, page.error)
        assert "\n" not in (page.error or "") and len(page.error or "") < 160, page.error


def test_an_archived_redirect_is_a_redirect_row_neither_an_article_nor_a_failure(tmp_path: Path) -> None:
    """Common Crawl's WARCs hold many 3xx records: each made a run exit 1 (or became a "Moved here"
    article); the page is the target, a record of its own."""
    import io

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    path = tmp_path / "cc.warc.gz"
    with open(path, "wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        for url, status, headers, body in (
            ("https://h.example/old", 301, [("Location", "https://h.example/a")], b"<p>Moved <a href='/a'>here</a>"),
            ("https://h.example/a", 200, [("Content-Type", "text/html")], _article("a")),
        ):
            http = StatusAndHeaders(f"{status} X", headers, protocol="HTTP/1.1")
            record = writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http)
            writer.write_record(record)
    out = tmp_path / "out"
    command = ["run", "--warc", str(path), "--out", str(out), "--raw", str(tmp_path / "raw"), "--progress", "off"]
    assert main(command) == 0  # was 1: the redirect counted as a failed page
    fetches = pd.read_parquet(out / "fetches").set_index("url")
    assert fetches.loc["https://h.example/old", "outcome"] == "redirect"
    assert fetches.loc["https://h.example/old", "error"] == "HTTP 301 redirect to https://h.example/a"
    assert list(pd.read_parquet(out / "articles")["url"]) == ["https://h.example/a"]


def test_redirects_that_are_not_followed_are_http_errors_never_articles(tmp_path: Path) -> None:
    """A WARC's redirect records (Common Crawl holds many) and a live 3xx without a Location were
    extracted: "Moved <a>here</a>" became an `ok` article, an empty one `extract_failed`."""
    from tests.warcs import write_warc

    moved = b"<html><body><h1>Moved</h1><p>This page has moved <a href='/a'>here</a>.</p></body></html>"
    warc = write_warc(
        tmp_path / "crawl.warc.gz",
        [
            ("https://h.example/a", _article("a"), "text/html", 200),
            ("https://h.example/old", moved, "text/html", 302),
            ("https://h.example/gone", b"", "text/html", 301),
        ],
    )
    with ScriptedServer(HOSTS[0]) as server:
        server.route("/robots.txt", Reply(404, b"", content_type="text/plain"))
        server.route("/nowhere", Reply(302, moved))  # no Location header
        config = make_config(
            tmp_path,
            sources={"urls": [server.url("/nowhere")], "warc": [str(warc)]},
            fetch={"allow_private": [HOSTS[0]], "min_delay_s": 0.0, "max_retries": 0},
        )
        run_pipeline(config, argv=[])
    fetches = pd.read_parquet(tmp_path / "out" / "fetches").set_index("url")
    assert fetches.loc["https://h.example/a", "outcome"] == "ok"
    for url in ("https://h.example/old", "https://h.example/gone", server.url("/nowhere")):
        assert fetches.loc[url, "outcome"] == "http_error", fetches.loc[url].to_dict()
        assert "redirect without a Location header" in fetches.loc[url, "error"]
    assert list(pd.read_parquet(tmp_path / "out" / "articles")["url"]) == ["https://h.example/a"]


# -- a full disk: one clear line, nothing half-written, the same command resumes once there is room


@contextlib.contextmanager
def _small_disk(where: Path, free_kib: int) -> Iterator[Path]:
    """A 1 MiB tmpfs at ``where`` filled but for ``free_kib`` (root only: a real ENOSPC, no mock)."""
    where.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(where)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()[:100]}")
    try:
        (where / "filler").write_bytes(b"\0" * ((1024 - free_kib) * 1024))
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


@pytest.mark.skipif(os.geteuid() != 0 or not Path("/proc/filesystems").is_file(), reason="mounts a tmpfs (root)")
@pytest.mark.parametrize("free_kib", [4, 16])
def test_a_full_disk_is_one_line_leaves_nothing_half_written_and_the_rerun_completes(
    tmp_path: Path, free_kib: int, capsys: pytest.CaptureFixture[str]
) -> None:
    """With 4 KiB left the part files fail and then the manifest (its temporary file used to stay,
    and the error was a traceback); with 16 KiB the shard fails and the manifest says so."""
    with _small_disk(tmp_path / "disk", free_kib) as disk:
        command = ["run", "--out", str(disk / "out"), "--raw", str(tmp_path / "raw"), "--workers", "1"]
        command += ["--run-date", "2026-12-01", "--progress", "off"]
        assert main(command) == 1
        captured = capsys.readouterr()
        assert "Traceback" not in captured.err and "No space left on device" in captured.out + captured.err
        assert not [p for p in disk.rglob(".*") if p.is_file()]  # no temporary file left
        (disk / "filler").unlink()  # room again: the same command finishes the job
        assert main(command) == 0
        articles = pd.read_parquet(disk / "out" / "articles")
        assert len(articles) == 4 and not articles["url"].duplicated().any()


@pytest.mark.skipif(os.geteuid() != 0 or not Path("/proc/filesystems").is_file(), reason="mounts a tmpfs (root)")
def test_a_full_disk_under_the_raw_archive_leaves_it_readable_with_every_record_written_whole(tmp_path: Path) -> None:
    """A record that did not fit used to stay half-written in the WARC, and the records after it
    (once there was room again) were unreadable behind it."""
    import datetime as dt
    import random

    from warcio.archiveiterator import ArchiveIterator

    from pipeline.records import HttpExchange
    from pipeline.store.warc_archive import WarcArchive

    noise = random.Random(7)
    with _small_disk(tmp_path / "disk", 96) as disk:
        archive = WarcArchive(disk / "raw", "run", "s0")
        written, failed = [], 0
        for n in range(80):
            body = noise.randbytes(4096)  # incompressible: about 4 KiB a record on disk
            exchange = HttpExchange(
                f"http://site.test/p{n}",
                [],
                200,
                "OK",
                "HTTP/1.1",
                [("Content-Type", "text/html")],
                body,
                dt.datetime(2026, 12, 1, tzinfo=dt.UTC),
            )
            if n == 60:
                (disk / "filler").unlink()  # room again
            try:
                archive.record(exchange, page=True)
                written.append(exchange.url)
            except OSError:
                failed += 1
        (path,) = archive.close()
        with open(path, "rb") as stream:
            records = [r for r in ArchiveIterator(stream) if r.rec_type == "response"]
            urls = [r.rec_headers.get_header("WARC-Target-URI") for r in records]
    assert failed > 0 and len(written) > 60 - failed  # the disk filled, and later records were written
    assert urls == written


# -- nightly runs over changing pages --------------------------------------------------------------


def _etagged(body: bytes, etag: str) -> Callable[[Request], Reply]:
    """A page that answers 304 to its own ETag."""

    def route(request: Request) -> Reply:
        if request.headers.get("if-none-match") == etag:
            return Reply(304, b"", headers={"ETag": etag})
        return Reply(200, body, headers={"ETag": etag})

    return route


def _thread_page(text: str, comments: list[str]) -> bytes:
    items = "".join(
        f'<li class="comment"><div class="comment-author">Reader {n}</div>'
        f'<div class="comment-content"><p>{comment}</p></div></li>'
        for n, comment in enumerate(comments)
    )
    return (
        f"<html><head><title>Walking after meals</title></head><body><article><h1>Walking after meals</h1>"
        f'<p>{text}</p></article><section id="comments"><ol class="comment-list">{items}</ol></section></body></html>'
    ).encode()


def test_nightly_runs_over_changing_pages_store_each_change_and_a_page_changed_back_is_current(
    tmp_path: Path,
) -> None:
    """Five nights: a new comment, a page gone 404 then 410, a host down then back, a text
    changed then changed back, a host dropped from the list. A version is stored once, so the
    night a page changes back adds no article row; the README's current-state query used to
    answer with the version it changed away from."""
    from pipeline.fetch import state as state_module

    first = "Walking after meals lowers blood sugar spikes in adults with diabetes. " * 15
    second = "Short walks after dinner lower blood sugar; a new trial reports the effect. " * 15
    two, three = ["First!", "Great article"], ["First!", "Great article", "I tried it and it works"]
    nights = [  # (article text and comments, /gone status, host b up, host b listed)
        ((first, two), 200, True, True),
        ((first, three), 404, True, True),
        ((second, two), 410, False, True),
        ((first, three), 410, True, True),  # changed back to night 2's version
        ((first, three), 410, True, False),
    ]
    with ScriptedServer(HOSTS[1]) as probe:
        b_port = probe.port  # host b keeps its port across nights (down on night 3)
    added, outcomes = [], []
    with ScriptedServer(HOSTS[0]) as a:
        a.route("/robots.txt", Reply(404, b"", content_type="text/plain"))
        for night, ((text, comments), gone, b_up, b_listed) in enumerate(nights, start=1):
            a.route("/a", Reply(200, _thread_page(text, comments), headers={"ETag": f'"{night}"'}))
            a.route("/gone", Reply(200, _article("gone")) if gone == 200 else Reply(gone, b"gone"))
            b_routes: dict[str, Route] = {"/robots.txt": Reply(404, b"", content_type="text/plain")}
            b_routes["/d"] = _etagged(_article("d"), '"d1"')
            urls = [a.url("/a"), a.url("/gone")] + ([f"http://{HOSTS[1]}:{b_port}/d"] if b_listed else [])
            config = make_config(
                tmp_path,
                sources={"urls": urls},
                fetch={"allow_private": list(HOSTS), "min_delay_s": 0.0, "max_retries": 0, "connect_timeout_s": 1.0},
                run={"run_date": f"2026-12-0{night}", "workers": 1, "max_failure_rate": 0.7},
            )
            with contextlib.ExitStack() as up:
                if b_up:
                    up.enter_context(ScriptedServer(HOSTS[1], b_routes, port=b_port))
                summary = run_pipeline(config, argv=[])
            assert summary.exit_code == 0, (night, summary.outcomes)
            added.append(summary.rows.get("articles", 0))
            outcomes.append(summary.outcomes)
    assert added == [3, 1, 1, 0, 0], added  # new comment, changed text: a version each; changed back: none
    assert outcomes[1] == {"http_error": 1, "not_modified": 1, "ok": 1}  # 404; /d unchanged (ETag)
    assert outcomes[2] == {"connection_error": 1, "http_error": 1, "ok": 1}  # host b down
    assert outcomes[4] == {"http_error": 1, "ok": 1}  # host b no longer listed
    import duckdb

    out = tmp_path / "out"
    current = duckdb.execute(readme_current_state_sql(out)).fetchall()
    articles = pd.read_parquet(out / "articles")
    (article,) = set(articles.loc[articles["url"].str.endswith("/a"), "article_id"])
    # the current version: the first text with its three comments (night 3 had two under another text)
    assert [row[4] for row in current if row[0] == article] == three

    # the state of a host no longer crawled goes once it has been idle for STATE_MAX_IDLE_DAYS
    state_dir = out / "_state" / "fetch"
    b_file = state_dir / f"{HOSTS[1]}.json"
    assert b_file.is_file()
    old = time.time() - (state_module.STATE_MAX_IDLE_DAYS + 1) * 86_400
    os.utime(b_file, (old, old))
    assert state_module.prune_idle_hosts(out / "_state") == 1
    assert not b_file.exists() and (state_dir / f"{HOSTS[0]}.json").is_file()


def test_pages_given_up_for_a_failing_robots_txt_are_fetched_again_by_the_same_day_rerun(tmp_path: Path) -> None:
    """robots.txt answering 503 keeps the host off limits for the run (RFC 9309); the pages were
    `robots_disallowed` for good, so a scheduler's retry of the night's command fetched nothing."""
    with ScriptedServer(HOSTS[0]) as server:
        server.route(
            "/robots.txt", [Reply(503, b"", content_type="text/plain"), Reply(404, b"", content_type="text/plain")]
        )
        server.route("/private", Reply(200, _article("private")))
        server.route("/a", Reply(200, _article("a")))
        config = make_config(
            tmp_path,
            sources={"urls": [server.url("/a")]},
            fetch={"allow_private": [HOSTS[0]], "min_delay_s": 0.0, "max_retries": 0},
            run={"run_date": "2026-12-01", "workers": 1},
        )
        first = run_pipeline(config, argv=[])
        assert first.outcomes == {"robots_disallowed": 1} and first.exit_code == 1
        again = run_pipeline(config, argv=[])
        assert again.retried == [server.url("/a")] and again.outcomes == {"ok": 1} and again.exit_code == 0
        # robots.txt that forbids is a decision of the site: not fetched again
        server.route("/robots.txt", Reply(200, b"User-agent: *\nDisallow: /private\n", content_type="text/plain"))
        config = make_config(
            tmp_path,
            sources={"urls": [server.url("/private")]},
            fetch={"allow_private": [HOSTS[0]], "min_delay_s": 0.0, "max_retries": 0},
            run={"run_date": "2026-12-02", "workers": 1},
        )
        assert run_pipeline(config, argv=[]).outcomes == {"robots_disallowed": 1}
        assert run_pipeline(config, argv=[]).retried == []


def test_a_shard_committed_where_the_driver_cannot_see_it_is_refused(tmp_path: Path, sample_warc: Path) -> None:
    """A Dask worker whose output.dir is its own disk commits there: the run said every page was
    stored while the driver's output held none (bench/outside.py --scenario unshared runs that
    with a worker in its own mount namespace). The driver checks each shard it is handed."""
    from pipeline.run.shard_result import ShardResult, UnsharedOutput, check_visible

    config = make_config(tmp_path, sources={"warc": [str(sample_warc)]}, run={"workers": 1})
    summary = run_pipeline(config, argv=[])
    out = tmp_path / "out"
    (key,) = (s["key"] for s in summary.plan)
    marker = json.loads((out / "_runs" / summary.run_id / "shards" / f"{key}.json").read_text())
    seen = ShardResult.from_json(marker)
    assert check_visible(out, summary.run_id, seen) is seen  # what the driver sees: accepted
    elsewhere = tmp_path / "driver-view"  # the same shard, seen from a directory without it
    with pytest.raises(UnsharedOutput, match="one filesystem shared by the driver and every worker"):
        check_visible(elsewhere, summary.run_id, seen)


def test_only_the_same_host_wide_failure_in_a_row_gives_a_host_up() -> None:
    """A host whose pages fail in different ways (a test server's /500, /503, /slow) or with
    page-level failures keeps having every page tried; five 503s in a row give it up."""
    from pipeline.fetch.politeness import HOST_FAILURE_STREAK, HostGate

    gate = HostGate(slots=1, delay_s=0.0)
    for n in range(4 * HOST_FAILURE_STREAK):
        gate.page_done("HTTP 429" if n % 2 else "HTTP 503")  # ends with a 429
    assert gate.failing is None
    for failure in ["HTTP 503"] * (HOST_FAILURE_STREAK - 1) + [None]:  # four, then a page answered
        gate.page_done(failure)
        assert gate.failing is None
    gate.page_done(None)  # a page answered (or failed its own way): the count starts again
    for _ in range(HOST_FAILURE_STREAK):
        gate.page_done("HTTP 503")
    assert gate.failing == "HTTP 503"


def test_a_host_failing_every_page_is_given_up_after_a_streak_and_the_rerun_fetches_the_rest(
    tmp_path: Path,
) -> None:
    """A site in maintenance answers every page 503 (with a Retry-After at the cap, each page
    waits max_retries x 120 s): its 1,000 pages held a run for days. After HOST_FAILURE_STREAK
    pages in a row failed all their retries, the others are given up, and retried the next time."""
    from pipeline.fetch.politeness import HOST_FAILURE_STREAK

    pages = 4 * HOST_FAILURE_STREAK
    with ScriptedServer(HOSTS[0]) as down, ScriptedServer(HOSTS[1]) as fine:
        for server in (down, fine):
            server.route("/robots.txt", Reply(404, b"", content_type="text/plain"))
        for n in range(pages):
            down.route(f"/p{n}", Reply(503, b"maintenance"))
        fine.route("/a", Reply(200, _article("a")))
        config = make_config(
            tmp_path,
            sources={"urls": [down.url(f"/p{n}") for n in range(pages)] + [fine.url("/a")]},
            fetch={"allow_private": list(HOSTS), "min_delay_s": 0.0, "max_retries": 1, "backoff_base_s": 0.01},
            run={"run_date": "2026-12-01", "workers": 1},
        )
        first = run_pipeline(config, argv=[])
        tried = down.paths().count("/robots.txt"), len(down.paths()) - 1
        assert tried[1] <= 2 * (HOST_FAILURE_STREAK + 2), tried  # two tries each, two pages in flight
        assert first.outcomes["ok"] == 1 and sum(first.outcomes.values()) == pages + 1, first.outcomes
        fetches = pd.read_parquet(tmp_path / "out" / "fetches")
        given_up = fetches[fetches["error"].str.contains("pages in a row failed", na=False)]
        assert len(given_up) >= pages - HOST_FAILURE_STREAK - 2 and set(given_up["outcome"]) == {"connection_error"}
        assert (given_up["attempts"] == 0).all()
        for n in range(pages):  # back from maintenance: the same command fetches every page again
            down.route(f"/p{n}", Reply(200, _article(f"p{n}")))
        again = run_pipeline(config, argv=[])
        assert again.outcomes == {"ok": pages + 1}, again.outcomes


def test_the_page_count_is_read_though_a_killed_worker_holds_its_lock() -> None:
    """A pool worker SIGKILLed while it counted a page never releases the counter's lock; the
    driver read the count through that lock and hung for good (the run never ended)."""
    import multiprocessing

    from pipeline.run import progress

    context = multiprocessing.get_context("fork")
    counter = progress.new_counter(context)
    holder = context.Process(target=_hold_lock_forever, args=(counter,))
    holder.start()
    try:
        deadline = time.monotonic() + 10
        while counter.get_lock().acquire(timeout=0.01):  # wait until the child holds it
            counter.get_lock().release()
            assert time.monotonic() < deadline
            time.sleep(0.01)
        os.kill(holder.pid or 0, signal.SIGKILL)
        holder.join()
        read: list[int] = []
        reader = threading.Thread(target=lambda: read.append(progress.pages_counted()), daemon=True)
        reader.start()
        reader.join(timeout=5)
        assert read == [0], "the count could not be read"
    finally:
        progress.new_counter()  # a fresh counter for the tests after this one


def _hold_lock_forever(counter: object) -> None:
    counter.get_lock().acquire()  # type: ignore[attr-defined]
    time.sleep(600)
