"""Fifteenth outside-style audit (session 19): session 18's two open findings, then what the
fourteen before left or did not try, with real parts.

Each test is one row of the "Fifteenth outside-style audit" table of docs/audits.md.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from pipeline.extract import extract_html
from pipeline.run.budget import WALL_BACKSTOP_FACTOR, ExtractionStalled, ExtractionTimeout, PageBudget
from pipeline.run.runner import run_pipeline
from tests.conftest import make_config
from tests.httpserver import Reply, ScriptedServer

TEXT = (
    "<p>Gout is a form of arthritis caused by too much uric acid in the blood; attacks often start at night.</p>"
    "<p>Diet plays a part: red meat, organ meats, sugary drinks and alcohol raise uric acid levels over time.</p>"
    "<p>Medicines such as allopurinol lower uric acid, while anti-inflammatory drugs treat the attacks themselves.</p>"
)


def dated_page(jsonld: dict[str, str], meta: dict[str, str], body_extra: str = "", after: str = "") -> bytes:
    """An article whose JSON-LD and meta tags carry the given dates (``after``: what follows it)."""
    node = json.dumps({"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Gout and diet", **jsonld})
    tags = "".join(f'<meta property="{key}" content="{value}">' for key, value in meta.items())
    return (
        f'<!DOCTYPE html><html lang="en"><head><title>Gout and diet</title>{tags}'
        f'<script type="application/ld+json">{node}</script></head>'
        f"<body><article><h1>Gout and diet</h1>{body_extra}{TEXT}</article>{after}</body></html>"
    ).encode()


def comment(name: str, iso: str, shown: str, text: str) -> str:
    """A WordPress comment dated by a <time> element."""
    return (
        f'<li class="comment"><div class="comment-author"><b class="fn">{name}</b></div>'
        f'<div class="comment-metadata"><time datetime="{iso}">{shown}</time></div>'
        f'<div class="comment-content"><p>{text}</p></div></li>'
    )


def test_a_date_after_the_fetch_is_passed_over_for_the_next_source(tmp_path: Path) -> None:
    """A page whose markup dates it after the moment it was fetched (an event's date, a CMS's
    scheduled date, a template's placeholder) got that date as published and modified; now each
    such date is passed over and the next source of the documented order is read: the meta tag's
    publication date, the past modified date, and the visible dateline of a page whose every
    markup date is in the future."""
    future = (dt.datetime.now(dt.UTC) + dt.timedelta(days=40)).date()
    markup = dated_page(
        {"datePublished": future.isoformat(), "dateModified": future.isoformat()},
        {"article:published_time": "2025-03-04", "article:modified_time": "2025-05-06"},
    )
    dateline = dated_page(
        {"datePublished": future.isoformat()},
        {},
        '<p class="date">March 9, 2024</p>',
    )
    with ScriptedServer("127.0.0.191") as site:
        site.route("/robots.txt", Reply(404, b"", content_type="text/plain"))
        site.route("/markup", Reply(200, markup))
        site.route("/dateline", Reply(200, dateline))
        fetch: dict[str, object] = {"allow_private": [site.host], "min_delay_s": 0.0, "max_retries": 0}
        sources: dict[str, object] = {"urls": [site.url("/markup"), site.url("/dateline")]}
        assert run_pipeline(make_config(tmp_path, sources=sources, fetch=fetch)).exit_code == 0
    rows = pd.read_parquet(tmp_path / "out" / "metadata").set_index("url")
    assert rows.loc[site.url("/markup"), "published"] == dt.date(2025, 3, 4)
    assert rows.loc[site.url("/markup"), "modified"] == dt.date(2025, 5, 6)
    assert rows.loc[site.url("/dateline"), "published"] == dt.date(2024, 3, 9)


def warc_at(path: Path, records: list[tuple[str, bytes, str]]) -> Path:
    """A WARC of (url, page, WARC-Date) response records."""
    with open(path, "wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        for url, body, when in records:
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            record = writer.create_warc_record(
                url, "response", payload=io.BytesIO(body), http_headers=http, warc_headers_dict={"WARC-Date": when}
            )
            writer.write_record(record)
    return path


def test_a_date_after_an_archived_captures_time_is_no_date_of_it(tmp_path: Path) -> None:
    """A WARC of 2012 read today: the limit is the record's WARC-Date, not the day of the
    run, so a date printed after the capture (here 2013, a template's date) is no date of the
    page or of a comment even though it is in today's past; htmldate's own search is bounded by
    it too."""
    later = {"datePublished": "2013-01-10", "dateModified": "2013-01-10"}
    thread = (
        "<section id='comments'><ol class='commentlist'>"
        + comment("reader_one", "2012-04-28T10:00:00+00:00", "April 28, 2012", "Thanks, this helped me a lot.")
        + comment("reader_two", "2013-06-01T10:00:00+00:00", "June 1, 2013", "My doctor said the same to me.")
        + "</ol></section>"
    )
    page = dated_page(later, {"article:published_time": "2012-04-20"}, after=thread)
    footer_only = (  # a date only htmldate's search finds, printed after the capture
        b"<!DOCTYPE html><html lang='en'><head><title>Gout</title></head><body><article><h1>Gout</h1>"
        + TEXT.encode()
        + b"</article><footer><p>Last updated 3 February 2014</p></footer></body></html>"
    )
    warc = warc_at(
        tmp_path / "2012.warc.gz",
        [
            ("https://site.test/gout", page, "2012-05-01T08:00:00Z"),
            ("https://site.test/footer", footer_only, "2012-05-01T08:00:00Z"),
        ],
    )
    assert run_pipeline(make_config(tmp_path, sources={"warc": [str(warc)]})).exit_code == 0
    rows = pd.read_parquet(tmp_path / "out" / "metadata").set_index("url")
    assert rows.loc["https://site.test/gout", "published"] == dt.date(2012, 4, 20)
    assert pd.isna(rows.loc["https://site.test/gout", "modified"])
    assert rows.loc["https://site.test/footer", ["published", "modified"]].isna().all()
    comments = pd.read_parquet(tmp_path / "out" / "comments").sort_values("position")
    assert comments["author"].tolist() == ["reader_one", "reader_two"]
    assert comments["posted_date"].tolist()[0] == dt.date(2012, 4, 28)
    assert comments[["posted_date", "posted_at"]].iloc[1].isna().all()  # a comment after the capture


@pytest.mark.parametrize(
    ("fetched_at", "kept"),
    [
        ("2026-12-07T09:59:00+00:00", False),  # 23:59 on the 7th at UTC+14: no page shows the 8th yet
        ("2026-12-07T10:00:00+00:00", True),  # midnight of the 8th at UTC+14 (Kiribati)
        ("2026-12-07T23:30:00-05:00", True),  # an offset other than UTC: 04:30 on the 8th in UTC
        ("2026-12-07T10:00:00", True),  # a naive time is UTC
    ],
)
def test_the_tolerance_is_the_time_zone_furthest_ahead_of_utc(fetched_at: str, kept: bool) -> None:
    """A page in the Line Islands prints tomorrow's date (by UTC) from 10:00 UTC on: that date
    is its past, a date one day later is not."""
    page = dated_page({"datePublished": "2026-12-08"}, {"article:published_time": "2026-11-30"}).decode()
    when = dt.datetime.fromisoformat(fetched_at)
    extraction = extract_html(page, "https://site.test/gout", fetched_at=when)
    assert extraction.metadata.published == (dt.date(2026, 12, 8) if kept else dt.date(2026, 11, 30))


def _wait_in_thread(seconds: float, waits: float) -> list[str]:
    """Run, under a page budget of ``seconds`` of CPU, a thread that waits without running for
    ``waits`` seconds (short sleeps: as a thread of a stopped or swapping process spends none)."""
    seen: list[str] = []

    def work() -> None:
        started = time.monotonic()
        try:
            with PageBudget(seconds):
                while time.monotonic() - started < waits:
                    time.sleep(0.02)
            seen.append("finished")
        except ExtractionStalled:
            seen.append(f"stalled after {time.monotonic() - started:.1f}")
        except ExtractionTimeout:
            seen.append("over its cpu budget")

    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    thread.join(waits + 10)
    return seen


def test_a_page_that_waits_without_running_is_stopped_by_the_wall_clock_backstop() -> None:
    """``extract.max_seconds`` counts CPU time, so a page whose thread never ran held its shard
    for as long as it waited; now WALL_BACKSTOP_FACTOR times the budget in wall time stops it."""
    budget = 0.1
    (result,) = _wait_in_thread(budget, waits=budget * WALL_BACKSTOP_FACTOR + 6)
    assert result.startswith("stalled"), result
    assert budget * WALL_BACKSTOP_FACTOR <= float(result.split()[-1]) < budget * WALL_BACKSTOP_FACTOR + 3
    # under the backstop a waiting page is not charged (the CPU budget stands, session 18)
    assert _wait_in_thread(budget, waits=budget * WALL_BACKSTOP_FACTOR / 3) == ["finished"]


# The CLI with a backstop the test can wait for (3 s of CPU, 6 s of wall time; the slow page takes
# about 0.8 s of CPU) and a file that says when the slow page's extraction has begun, so the test
# stops the process there.
STALLED_CLI = """import sys
from pathlib import Path
import pipeline.run.budget as budget, pipeline.run.shard as shard
budget.WALL_BACKSTOP_FACTOR = 2.0
real = shard.extract_html
def extract(html, url, *args, **kwargs):
    if url.endswith("/slow"):
        Path("extracting").touch()
    return real(html, url, *args, **kwargs)
shard.extract_html = extract
from pipeline.cli import main
sys.exit(main())
"""


@pytest.mark.skipif(not hasattr(signal, "SIGSTOP"), reason="needs SIGSTOP")
def test_a_run_stopped_mid_page_fails_that_page_by_its_backstop_and_goes_on(tmp_path: Path) -> None:
    """A real ``pipeline run`` stopped (SIGSTOP, as a debugger, ``docker pause`` or a frozen
    cgroup does) while it extracts a page, then continued once the wall backstop has passed:
    the page is ``extract_failed`` "extraction stalled", the next page is extracted as usual.
    Without the backstop the page was an ``ok`` row however long the process had waited."""
    line = '<div class="comment"><p class="author">User {0}</p><p>Comment {0} on diet and the heart.</p></div>'
    slow = (
        "<html><body><article><h1>Heart</h1><p>" + "Heart text. " * 200 + "</p></article>"
        "<section id='comments'>" + "".join(line.format(i) for i in range(800)) + "</section></body></html>"
    ).encode()
    quick = dated_page({}, {"article:published_time": "2025-03-04"})
    when = "2026-12-07T08:00:00Z"
    # the first page pays the process's one-time costs (imports, the language model), not the slow one
    pages = [("https://site.test/first", quick, when), ("https://site.test/slow", slow, when)]
    warc = warc_at(tmp_path / "in.warc.gz", [*pages, ("https://site.test/next", quick, when)])
    toml = tmp_path / "run.toml"
    toml.write_text("[extract]\nmax_seconds = 3.0\n")
    command = [sys.executable, "-c", STALLED_CLI, "run", "--config", str(toml), "--warc", str(warc)]
    command += ["--out", "out", "--raw", "raw", "--workers", "1"]
    process = subprocess.Popen(
        command, cwd=tmp_path, start_new_session=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    try:
        deadline = time.monotonic() + 120
        while not (tmp_path / "extracting").exists() and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
        assert (tmp_path / "extracting").exists(), process.communicate()
        os.killpg(process.pid, signal.SIGSTOP)  # the driver and its pool worker, as a frozen cgroup
        time.sleep(3.0 * 2.0 + 1)
        os.killpg(process.pid, signal.SIGCONT)
        _, stderr = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    fetches = pd.read_parquet(tmp_path / "out" / "fetches").set_index("url")
    assert fetches.loc["https://site.test/slow", "outcome"] == "extract_failed", stderr
    assert "extraction stalled" in fetches.loc["https://site.test/slow", "error"]
    assert fetches.loc[["https://site.test/first", "https://site.test/next"], "outcome"].tolist() == ["ok", "ok"]
    assert process.returncode == 1  # a failed page, said in the exit code


def test_a_location_in_latin_1_or_with_backslashes_is_followed_as_browsers_follow_it(tmp_path: Path) -> None:
    """``Location: /café page`` in Latin-1 bytes made requests raise while it worked out a next
    request the fetcher never sends: the page was ``invalid_url`` "'utf-8' codec can't decode
    byte 0xe9", its redirect not followed (now the bytes are sent percent-encoded, as curl sends
    them). ``Location: \\landing`` (IIS, ASP.NET) was requested as ``/%5Clanding``, a 404, where
    browsers read a backslash as a slash; one that so names another host is checked like any."""
    from tests.test_hostile_fetch import _crawl

    page = Reply(200, dated_page({}, {"article:published_time": "2025-03-04"}))
    with (
        ScriptedServer("127.0.0.2") as site,
        ScriptedServer("127.0.0.3") as other,
        ScriptedServer("127.0.0.1") as internal,
    ):
        for server in (site, other):
            server.route("/robots.txt", Reply(404, b"", content_type="text/plain"))
        site.route("/latin1", Reply(302, headers={"Location": "/café page"}))  # http.server writes Latin-1
        site.route("/caf%E9%20page", page)
        site.route("/backslash", Reply(301, headers={"Location": "\\landing\\gout?from=a\\b"}))
        site.route("/landing/gout", page)
        site.route("/to-other", Reply(302, headers={"Location": f"\\\\127.0.0.3:{other.port}\\land"}))
        other.route("/land", page)
        site.route("/to-internal", Reply(302, headers={"Location": f"\\\\127.0.0.1:{internal.port}\\"}))
        internal.route("/", page)
        paths = ["/latin1", "/backslash", "/to-other", "/to-internal"]
        pages = {p.url.removeprefix(site.base): p for p in _crawl(tmp_path, [site.url(path) for path in paths])}
    assert {path: (p.outcome.value, p.final_url) for path, p in pages.items()} == {
        "/latin1": ("ok", site.url("/caf%E9%20page")),
        "/backslash": ("ok", site.url("/landing/gout?from=a\\b")),  # the query as written
        "/to-other": ("ok", other.url("/land")),
        "/to-internal": ("blocked_address", internal.url("/")),
    }
    assert internal.connections == 0


def test_pages_told_apart_by_a_parameter_without_a_value_are_two_pages(tmp_path: Path) -> None:
    """``/index.php?about`` and ``/index.php?contact`` (old PHP sites, ``wiki?PageName``): courlan's
    normalisation drops a parameter without a value, so both were ``/index.php``: the second a
    ``duplicate`` row, never fetched, and, fetched apart, one ``article_id`` for two pages. Now
    each is its own page and article; ``?about=`` is still ``?about``, and a tracker still goes."""
    from tests.httpserver import html_page

    with ScriptedServer("127.0.0.192") as site:
        site.route("/robots.txt", Reply(404, b"", content_type="text/plain"))
        about = "About the clinic: our doctors treat gout, arthritis and other joint problems every day."
        contact = "Contact the clinic: call us, write to us or visit the practice on weekdays from eight."
        site.route(
            "/index.php",
            lambda request: Reply(
                200, html_page(*(("About us", about) if "about" in request.path else ("Contact", contact)))
            ),
        )
        urls = [site.url(path) for path in ("/index.php?about", "/index.php?contact", "/index.php?about=")]
        urls.append(site.url("/index.php?contact&utm_source"))
        fetch: dict[str, object] = {"allow_private": [site.host], "min_delay_s": 0.0, "max_retries": 0}
        assert run_pipeline(make_config(tmp_path, sources={"urls": urls}, fetch=fetch)).exit_code == 0
        requested = [path for path in site.paths() if path != "/robots.txt"]
    fetches = pd.read_parquet(tmp_path / "out" / "fetches").set_index("url")
    assert fetches.loc[urls, "outcome"].tolist() == ["ok", "ok", "duplicate", "duplicate"]
    assert sorted(requested) == ["/index.php?about", "/index.php?contact"]
    articles = pd.read_parquet(tmp_path / "out" / "articles")
    assert articles["article_id"].nunique() == 2 and len(articles) == 2
    assert sorted(articles["title"]) == ["About us", "Contact"]


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_a_robots_txt_in_utf_16_with_its_bom_is_obeyed(tmp_path: Path, encoding: str) -> None:
    """A robots.txt written by Windows PowerShell 5 (``"User-agent: *" > robots.txt``) or saved
    by Notepad as "Unicode" is UTF-16 with a byte-order mark: read as UTF-8 it held no rule and
    the page it disallows was fetched. Now the BOM says how to read it, and it is obeyed."""
    from tests.httpserver import html_page
    from tests.test_hostile_fetch import _crawl

    robots = "\ufeffUser-agent: *\r\nDisallow: /private\r\n".encode(encoding)
    with ScriptedServer("127.0.0.2") as site:
        site.route("/robots.txt", Reply(200, robots, content_type="text/plain"))
        site.route("/private", Reply(200, html_page("Private", "Staff only. " * 20)))
        site.route("/public", Reply(200, html_page("Public", "Gout and diet. " * 20)))
        pages = _crawl(tmp_path, [site.url("/private"), site.url("/public")])
        requested = site.paths()
    outcomes = {p.url.removeprefix(site.base): p.outcome.value for p in pages}
    assert outcomes == {"/private": "robots_disallowed", "/public": "ok"}
    assert "/private" not in requested


def test_a_same_day_retry_fetches_a_stalled_page_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A page stopped by the wall-clock backstop failed through the machine (stopped, swapping),
    not through the page: a same-day re-run fetches it again, as it does a timeout, and not a
    page over its CPU budget. The stall is a wait in the extracting thread (no CPU spent), as in
    a process stopped mid-page (the SIGSTOP test above)."""
    import pipeline.run.budget as budget
    from pipeline.run import shard

    def waits_on_the_first_try(html: str, url: str, *args: Any, **kwargs: Any) -> Any:
        if url.endswith("/stalled") and not (tmp_path / "waited").exists():
            (tmp_path / "waited").touch()
            time.sleep(1.5)  # wall time passes, the thread's CPU time does not
        return extract_html(html, url, *args, **kwargs)

    monkeypatch.setattr(budget, "WALL_BACKSTOP_FACTOR", 2.0)
    monkeypatch.setattr(shard, "extract_html", waits_on_the_first_try)
    page = Reply(200, dated_page({}, {"article:published_time": "2025-03-04"}))
    with ScriptedServer("127.0.0.193", {"/robots.txt": Reply(404, b""), "/stalled": page, "/fine": page}) as site:
        config = make_config(
            tmp_path,
            sources={"urls": [site.url("/stalled"), site.url("/fine")]},
            fetch={"allow_private": [site.host], "min_delay_s": 0.0, "max_retries": 0},
            extract={"max_seconds": 0.5},  # a backstop of 1 s
            run={"run_date": "2026-12-07", "workers": 1, "max_failure_rate": 1.0},
        )
        first = run_pipeline(config, argv=[])
        again = run_pipeline(config, argv=[])
        hits = {path: site.hits(path) for path in ("/stalled", "/fine")}
    assert first.outcomes == {"extract_failed": 1, "ok": 1}
    assert again.retry_of == first.run_id and again.retried == [site.url("/stalled")]
    assert hits == {"/stalled": 2, "/fine": 1}
    assert again.outcomes == {"ok": 2}
