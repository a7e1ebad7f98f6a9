"""The third outside-style audit (docs/audits.md, "Third outside-style audit"): answers that are not a whole
page, a Content-Length shorter than the body on a kept-alive connection, robots.txt that is an
HTML page or a redirect loop; a clock gone back between two runs over one output. A real server
on loopback that keeps its connections open; real runs."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
import socket
import threading
import time
from collections.abc import Callable, Mapping
from pathlib import Path

import pandas as pd
import pytest

from pipeline.config import FetchConfig, SourcesConfig
from pipeline.errors import ConfigError
from pipeline.fetch.fetcher import Fetcher
from pipeline.records import FetchedPage, Outcome
from pipeline.run.runner import run_pipeline
from tests.conftest import make_config
from tests.rawserver import NOT_FOUND, Answer, KeepAliveServer, ok
from tests.warcs import article_html, write_warc

HOST = "127.0.0.6"
PAGE = (
    b"<html><head><title>Gout</title></head><body><article><h1>Gout</h1>"
    + b"<p>Gout is a common and painful form of arthritis that causes swollen joints.</p>" * 8
    + b"</article></body></html>"
)


def crawl(
    answers: Mapping[str, Answer], paths: list[str], timeout_s: float = 5.0
) -> tuple[dict[str, FetchedPage], KeepAliveServer]:
    server = KeepAliveServer(HOST, {"/robots.txt": NOT_FOUND, **answers})
    config = FetchConfig(
        min_delay_s=0.0, timeout_s=timeout_s, max_retries=0, allow_private=[HOST], per_host_concurrency=1
    )
    try:
        with Fetcher(config, SourcesConfig(), state_dir=None) as fetcher:
            pages = {p.url.removeprefix(server.base): p for p in fetcher.crawl([server.base + p for p in paths])}
    finally:
        server.close()
    return pages, server


def test_answers_that_are_not_a_whole_page_are_never_stored_as_one() -> None:
    """A 206 to a request without Range was an `ok` page holding the first 100 bytes of the page
    (a cut article); a 204 was `not_html` "content type unknown"."""
    status: Callable[[int, bytes], bytes] = lambda code, rest: b"HTTP/1.1 %d X\r\n" % code + rest  # noqa: E731
    answers = {
        "/partial": status(206, b"Content-Type: text/html\r\nContent-Range: bytes 0-99/%d\r\n" % len(PAGE))
        + b"Content-Length: 100\r\n\r\n"
        + PAGE[:100],
        "/no-content": status(204, b"\r\n"),
        "/not-modified": status(304, b"\r\n"),  # no validator was sent
        "/linkedin": status(999, b"Content-Type: text/html\r\nContent-Length: %d\r\n\r\n" % len(PAGE)) + PAGE,
        "/whole": ok(PAGE),
    }
    pages, _ = crawl(answers, list(answers))
    reasons = {path: (page.outcome, page.error) for path, page in pages.items()}
    assert reasons == {
        "/partial": (Outcome.HTTP_ERROR, "HTTP 206 partial content: a part of the page, never stored"),
        "/no-content": (Outcome.HTTP_ERROR, "HTTP 204: no content"),
        "/not-modified": (Outcome.HTTP_ERROR, "HTTP 304 to a request without validators"),
        "/linkedin": (Outcome.HTTP_ERROR, "HTTP 999"),
        "/whole": (Outcome.OK, None),
    }
    assert all(page.html is None for path, page in pages.items() if path != "/whole")


def test_a_content_length_shorter_than_the_body_is_read_as_declared_and_spoils_no_other_page() -> None:
    """The page is what the Content-Length says (as a browser shows it); the bytes past it on the
    kept-alive connection are never read as the start of the next page's response."""
    answers = {
        "/short": b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 60\r\n\r\n" + PAGE,
        "/next": ok(PAGE),
        "/last": ok(PAGE),
    }
    pages, server = crawl(answers, ["/short", "/next", "/last"])
    assert pages["/short"].outcome is Outcome.OK and pages["/short"].html == PAGE[:60].decode()
    for path in ("/next", "/last"):
        assert pages[path].outcome is Outcome.OK and pages[path].html == PAGE.decode(), path
    assert server.requests == ["/robots.txt", "/short", "/next", "/last"]


def test_robots_txt_that_is_an_html_page_or_a_redirect_loop_leaves_the_host_allowed() -> None:
    """An HTML page served as robots.txt (a CMS's home page or error page) holds no directive; a
    robots.txt redirecting to itself is unavailable after the redirects allowed (RFC 9309 2.3.1.2:
    as a 4xx). Both leave the site crawlable, each page requested once; a 5xx robots.txt disallows
    the host (tests/test_fetch.py)."""
    html = b"<html><body><h1>Welcome</h1><p>User-agent: *</p><p>Disallow: /</p></body></html>"
    for robots in (ok(html), b"HTTP/1.1 302 Found\r\nLocation: /robots.txt\r\nContent-Length: 0\r\n\r\n"):
        pages, server = crawl({"/robots.txt": robots, "/a": ok(PAGE)}, ["/a"])
        assert pages["/a"].outcome is Outcome.OK, pages["/a"].error
        assert server.requests.count("/a") == 1


def test_a_clock_gone_back_between_runs_is_a_warning_and_writes_nothing_twice(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The second night's clock is a day behind the first run's (a corrected clock, a restored
    VM): the run goes on, stores no article twice, and says that its fetches sort before the
    earlier run's (which the current-state query would then take as current)."""
    urls = [f"https://health.example/p{n}" for n in range(3)]
    warc = write_warc(tmp_path / "in.warc.gz", [(u, article_html(f"Gout {u[-1]}", u), "text/html", 200) for u in urls])
    config = make_config(tmp_path, sources={"warc": [str(warc)]})
    first = run_pipeline(config, argv=[])
    (manifest,) = (tmp_path / "out" / "_runs").glob("*.json")
    payload = json.loads(manifest.read_text())
    ahead = dt.datetime.now(dt.UTC) + dt.timedelta(days=1)  # as if this clock is now a day behind it
    manifest.write_text(json.dumps(payload | {"finished_at": ahead.isoformat()}))
    with caplog.at_level(logging.WARNING, logger="pipeline.run"):
        earlier = dataclasses.replace(config.run, run_date="2026-11-01")
        second = run_pipeline(dataclasses.replace(config, run=earlier), argv=[])
    assert first.exit_code == second.exit_code == 0
    assert any("the clock is behind this output" in r.getMessage() for r in caplog.records)
    articles = pd.read_parquet(tmp_path / "out" / "articles")
    assert sorted(articles["url"]) == urls  # each version once, whichever run found it first


def test_a_chunked_body_that_never_ends_meets_the_response_deadline() -> None:
    """Every chunk comes well within a read timeout; the deadline is a total per response."""
    stop = threading.Event()

    def endless(connection: socket.socket) -> None:
        connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n")
        while not stop.wait(0.02):
            connection.sendall(b"5\r\n<p>x \r\n")

    started = time.monotonic()
    try:
        pages, _ = crawl({"/endless": endless}, ["/endless"], timeout_s=0.5)
    finally:
        stop.set()
    assert pages["/endless"].outcome is Outcome.TIMEOUT and pages["/endless"].html is None
    assert time.monotonic() - started < 3.0


def test_a_forced_run_id_resumed_with_changed_settings_is_refused_finished_or_killed(tmp_path: Path) -> None:
    """`--run-id nightly` with another extract setting would have kept the old run's shards (a
    killed run's committed ones, or a finished run's pages) beside the new settings' output."""
    urls = [f"https://health.example/q{n}" for n in range(2)]
    warc = write_warc(tmp_path / "in.warc.gz", [(u, article_html("Gout", u), "text/html", 200) for u in urls])
    config = make_config(tmp_path, sources={"warc": [str(warc)]}, run={"run_id": "nightly"})
    changed = dataclasses.replace(config, extract=dataclasses.replace(config.extract, max_seconds=60.0))
    assert run_pipeline(config, argv=[]).exit_code == 0
    for killed in (False, True):
        if killed:  # its shards committed, then killed before the manifest
            (tmp_path / "out" / "_runs" / "nightly.json").unlink()
        with pytest.raises(ConfigError, match="run nightly was made with other sources, fetch or extract"):
            run_pipeline(changed, argv=[])
    assert run_pipeline(config, argv=[]).exit_code == 0  # the same settings resume it
    assert sorted(pd.read_parquet(tmp_path / "out" / "articles")["url"]) == urls
