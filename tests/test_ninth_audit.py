"""Ninth outside-style audit (session 13): what the eight before did not cover, with real parts.

Each test is one row of the "Ninth outside-style audit" table of docs/audits.md.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from pipeline.run.runner import run_pipeline
from tests.conftest import make_config
from tests.httpserver import Reply, Request, ScriptedServer, html_page
from tests.rawserver import KeepAliveServer

RUN_DATE = "2026-12-07"
TEXT = "The clinic's advice on managing asthma at home through the winter months, step by step. " * 10
EARLY_HINTS_SITE = "127.0.0.31"  # loopback "hosts" no other test serves
EARLY_HINTS = b"HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload; as=style\r\n\r\n"


def _article(name: str) -> bytes:
    text = f"The clinic's advice on {name} at home through the winter months, step by step. " * 10
    return (
        f"<html><head><title>{name}</title></head><body><article><h1>{name}</h1><p>{text}</p></article></body></html>"
    ).encode()


@pytest.fixture
def early_hints_site() -> Iterator[KeepAliveServer]:
    """Every page answered "103 Early Hints" then its 200 (nginx, H2O, Cloudflare's origins)."""

    def answer(path: str) -> bytes:
        if path == "/robots.txt":
            return b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"
        if path == "/loop":  # a server looping on interim answers
            return EARLY_HINTS * 50
        if path == "/switch":  # 101 Switching Protocols, to a request that asked for no Upgrade
            return b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\nConnection: Upgrade\r\n\r\n"
        body = _article(path.strip("/"))
        head = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: %d\r\n\r\n"
        processing = b"HTTP/1.1 102 Processing\r\n\r\n" if path == "/eczema" else b""
        return EARLY_HINTS + processing + head % len(body) + body

    server = KeepAliveServer(EARLY_HINTS_SITE, answer)
    yield server
    server.close()


def test_interim_1xx_answers_are_skipped_to_the_page(tmp_path: Path, early_hints_site: KeepAliveServer) -> None:
    """A 103 Early Hints before the page made every page `not_html` "content type unknown" with
    status 103 (http.client skips only 100 Continue): the site's articles were all lost."""
    pages = ("asthma", "eczema", "migraine")
    urls = [f"{early_hints_site.base}/{name}" for name in (*pages, "loop", "switch")]
    config = make_config(
        tmp_path,
        sources={"urls": urls},
        fetch={"allow_private": [EARLY_HINTS_SITE], "min_delay_s": 0.0, "max_retries": 0},
        run={"run_date": RUN_DATE, "workers": 1},
    )
    summary = run_pipeline(config, argv=[])
    fetches = pd.read_parquet(tmp_path / "out" / "fetches").set_index("url")
    for name in pages:
        row = fetches.loc[f"{early_hints_site.base}/{name}"]
        assert (row["outcome"], row["status"]) == ("ok", 200), row.to_dict()
    loop = fetches.loc[f"{early_hints_site.base}/loop"]
    assert loop["outcome"] == "connection_error"
    assert loop["error"] == "malformed response: more than 10 interim (1xx) answers"
    switch = fetches.loc[f"{early_hints_site.base}/switch"]
    assert (switch["outcome"], switch["status"]) == ("http_error", 101)
    assert switch["error"] == "HTTP 101: an interim answer, not the page"
    articles = pd.read_parquet(tmp_path / "out" / "articles")
    assert sorted(articles["title"]) == sorted(pages)
    assert summary.exit_code == 1  # the two broken pages


STDIN_SITE = "127.0.0.32"


def test_a_url_list_piped_on_standard_input_is_a_run_and_the_same_pipe_resumes_it(tmp_path: Path) -> None:
    """``grep ... urls.txt | pipeline run --urls -`` (cron, Airflow's BashOperator) was exit 2,
    "URL file not found: -"; now the list is read from standard input, by the URL file's rules,
    and the same list piped again is the same run (nothing fetched twice)."""
    site = ScriptedServer(STDIN_SITE)
    site.route("/robots.txt", Reply(404, b"", content_type="text/plain"))
    for n in range(3):
        site.route(f"/p{n}", Reply(200, html_page(f"Page {n}", TEXT)))
    toml = tmp_path / "run.toml"
    toml.write_text(f'[fetch]\nallow_private = ["{STDIN_SITE}"]\nmin_delay_s = 0.0\nmax_retries = 0\n')
    # a BOM, a comment, CRLF, a blank line and a duplicate: read as a URL file is
    piped = "\ufeff# tonight's pages\r\n" + "".join(f"{site.url(f'/p{n}')}\r\n" for n in range(3)) + "\n"
    piped += site.url("/p0") + "\n"
    command = [sys.executable, "-m", "pipeline", "run", "--config", str(toml), "--urls", "-", "--workers", "1"]
    command += ["--out", str(tmp_path / "out"), "--raw", str(tmp_path / "raw"), "--run-date", RUN_DATE]
    site.start()
    try:
        first = subprocess.run(command, input=piped, capture_output=True, text=True, timeout=120)
        again = subprocess.run(command, input=piped, capture_output=True, text=True, timeout=120)
        empty = subprocess.run(command, input="", capture_output=True, text=True, timeout=120)
    finally:
        site.stop()
    assert first.returncode == 0, first.stderr
    assert sorted(p for p in site.paths() if p != "/robots.txt") == ["/p0", "/p1", "/p2"]  # once each
    fetches = pd.read_parquet(tmp_path / "out" / "fetches")
    assert sorted(fetches["outcome"]) == ["ok", "ok", "ok"]  # the line listed twice is one page
    assert again.returncode == 0, again.stderr
    assert len(list((tmp_path / "out" / "_runs").glob("*.json"))) == 1  # the same run, not a second
    assert (empty.returncode, empty.stderr.count("\n")) == (2, 1), empty.stderr
    assert "no input" in empty.stderr


WALL_SITE, LOGIN_SITE = "127.0.0.33", "127.0.0.34"
# Pages served with status 200 instead of the article (written here, after the common templates).
BOT_CHECK = (
    b"<html><head><title>Just a moment...</title></head><body><div class='main-content'>"
    b"<h1>www.health.example</h1><h2>Checking if the site connection is secure</h2>"
    b"<div>www.health.example needs to review the security of your connection before proceeding.</div>"
    b"<div class='ray-id'>Ray ID: <code>7f1a2b3c4d5e6f70</code></div></div></body></html>"
)
FIREWALL = (
    b"<HTML><HEAD><TITLE>Access Denied</TITLE></HEAD><BODY><H1>Access Denied</H1>You don't have "
    b"permission to access this page on this server.<P>Reference #18.5a3c1602.1701936000.1b2c3d4e</BODY></HTML>"
)
CONSENT = (
    "<html><head><title>Before you continue</title></head><body><h1>We value your privacy</h1>"
    + "<p>We and our 842 partners store and access information on a device, such as cookies, and process "
    "personal data for personalised advertising and content, measurement and audience research.</p>"
    * 4
    + "<button>Accept all</button><button>Reject all</button></body></html>"
).encode()
LOGIN = (
    b"<html><head><title>Sign in | Health Publisher</title></head><body><main><h1>Sign in</h1>"
    b"<p>Subscribers: sign in to continue reading. Not a subscriber yet? Subscribe today for unlimited "
    b"access to expert health advice, in-depth guides and our weekly newsletter.</p><form method='post'>"
    b"<input name='email'><input type='password' name='password'><button>Sign in</button></form></main></body></html>"
)


def test_a_bot_check_a_firewall_a_consent_wall_or_a_login_page_never_becomes_the_article(tmp_path: Path) -> None:
    """Night 1 serves four articles; night 2 the same URLs answer 200 with a bot check, an
    "Access Denied", a consent wall, and a redirect to another host's sign-in page. Each was an
    `ok` page whose notice or form became the article's new, current version; now each is
    `extract_failed` saying what it was, and the current-state query keeps night 1's article."""
    import duckdb

    from tests.conftest import readme_current_state_sql

    site, login = ScriptedServer(WALL_SITE), ScriptedServer(LOGIN_SITE)
    for server in (site, login):
        server.route("/robots.txt", Reply(404, b"", content_type="text/plain"))
    names = ("asthma", "eczema", "migraine", "sleep")
    walls = {
        "asthma": Reply(200, BOT_CHECK),
        "eczema": Reply(200, FIREWALL),
        "migraine": Reply(200, CONSENT),
        "sleep": Reply(302, b"", headers={"Location": login.url("/login?next=/sleep")}),
    }
    login.route("/login", Reply(200, LOGIN))
    out = tmp_path / "out"

    def night(date: str) -> None:
        config = make_config(
            tmp_path,
            sources={"urls": [site.url(f"/{name}") for name in names]},
            fetch={"allow_private": [WALL_SITE, LOGIN_SITE], "min_delay_s": 0.0, "max_retries": 0},
            run={"run_date": date, "workers": 1},
        )
        run_pipeline(config, argv=[])

    with site, login:
        for name in names:
            site.route(f"/{name}", Reply(200, html_page(f"All about {name}", TEXT)))
        night("2026-12-06")
        for name, wall in walls.items():
            site.route(f"/{name}", wall)
        night(RUN_DATE)
    fetches = pd.read_parquet(out / "fetches", filters=[("run_id", ">=", RUN_DATE)]).set_index("url")
    said = {"asthma": "Just a moment...", "eczema": "Access Denied", "migraine": "Before you continue"}
    said["sleep"] = "Sign in | Health Publisher"
    for name, title in said.items():
        row = fetches.loc[site.url(f"/{name}")]
        assert row["outcome"] == "extract_failed", (name, row.to_dict())
        assert "no article text: a page served instead of the article" in row["error"], row["error"]
        assert f"(title {title!r})" in row["error"], row["error"]
    current = duckdb.execute(readme_current_state_sql(out)).fetchall()
    assert sorted({row[1] for row in current}) == [f"All about {name}" for name in sorted(names)]
    assert len(pd.read_parquet(out / "articles")) == len(names)  # night 1's only


AIRFLOW_SITE = "127.0.0.35"


def test_every_way_a_run_ends_has_its_exit_code_and_a_summary_file(tmp_path: Path) -> None:
    """As Airflow runs the CLI (a KubernetesPodOperator reads its XCom from a JSON file, a
    BashOperator the last stdout line): `--summary FILE` holds one JSON object whatever the
    ending, its `exit_code` the process's; a stale one from an earlier run never survives."""
    import json
    import os
    import signal
    import time

    from pipeline.cli import SUMMARY_KEYS
    from pipeline.store.lock import OutputLock

    site = ScriptedServer(AIRFLOW_SITE)
    site.route("/robots.txt", Reply(404, b"", content_type="text/plain"))
    site.route("/ok", Reply(200, html_page("Asthma at home", TEXT)))
    site.route("/gone", Reply(404, b"<html><body>Not found</body></html>"))
    site.route("/held", Reply(200, html_page("Held", TEXT), delay_s=25))
    toml = tmp_path / "run.toml"
    toml.write_text(f'[fetch]\nallow_private = ["{AIRFLOW_SITE}"]\nmin_delay_s = 0.0\nmax_retries = 0\n')

    def command(name: str, paths: list[str], *extra: str) -> tuple[list[str], Path]:
        urls = tmp_path / f"{name}.txt"
        urls.write_text("".join(site.url(p) + "\n" for p in paths))
        summary = tmp_path / f"{name}.json"
        summary.write_text('{"exit_code": 0, "run_id": "yesterday"}')  # an earlier run's
        args = [sys.executable, "-m", "pipeline", "run", "--config", str(toml), "--urls", str(urls)]
        args += ["--out", str(tmp_path / name / "out"), "--raw", str(tmp_path / name / "raw"), "--workers", "1"]
        args += ["--run-date", RUN_DATE, "--log-format", "json", "--progress", "off", "--summary", str(summary)]
        return args + list(extra), summary

    def finished(name: str, paths: list[str], *extra: str) -> tuple[int, dict[str, Any], str]:
        args, summary = command(name, paths, *extra)
        done = subprocess.run(args, capture_output=True, text=True, timeout=120)
        written = json.loads(summary.read_text())
        assert set(written) == set(SUMMARY_KEYS) and written["exit_code"] == done.returncode, (written, done.stderr)
        if written["error"] is None:  # a run that ended with its summary: the last stdout line is the file's
            assert json.loads(done.stdout.strip().splitlines()[-1]) == written
        return done.returncode, written, done.stderr

    def signalled(name: str, signum: int) -> tuple[int, Path]:
        args, summary = command(name, ["/held"])
        held = site.hits("/held")
        process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        try:
            give_up = time.monotonic() + 60
            while site.hits("/held") == held and time.monotonic() < give_up:
                time.sleep(0.05)
            os.kill(process.pid, signum)
            return process.wait(timeout=60), summary
        finally:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)

    with site:
        code, written, _ = finished("ok", ["/ok"])
        assert (code, written["outcomes"], written["run_id"]) == (0, {"ok": 1}, f"{RUN_DATE}-{written['run_id'][11:]}")
        code, written, _ = finished("failed", ["/ok", "/gone"])
        assert (code, written["outcomes"], written["hint"] is not None) == (1, {"ok": 1, "http_error": 1}, True)
        code, written, _ = finished("deadline", ["/ok"], "--deadline", "2020-01-01T00:00:00Z")
        assert (code, written["deadline_reached"], written["outcomes"]) == (3, True, {"deadline": 1})
        code, written, stderr = finished("usage", ["/ok"], "--urls", str(tmp_path / "missing.txt"))
        assert code == 2 and written["error"] == f"URL file not found: {tmp_path / 'missing.txt'}", stderr
        (tmp_path / "locked" / "out").mkdir(parents=True)
        with OutputLock(tmp_path / "locked" / "out"):
            code, written, _ = finished("locked", ["/ok"])
        assert code == 75 and "lock" in str(written["error"])
        for name, signum, expected in (("term", signal.SIGTERM, 143), ("int", signal.SIGINT, 130)):
            code, summary = signalled(name, signum)
            written = json.loads(summary.read_text())
            assert (code, written["exit_code"]) == (expected, expected) and written["error"], written
        code, summary = signalled("killed", signal.SIGKILL)
        assert code == -signal.SIGKILL and not summary.exists()  # no summary, not yesterday's


CLOSE_SITE = "127.0.0.37"


def test_a_fetcher_whose_state_cannot_be_saved_still_closes_its_archive(tmp_path: Path) -> None:
    """The disk full at a shard's end: the fetch state's save raised before the archive's close,
    so its `.open` file stayed open and flock-held for the life of the process (a Dask worker's
    days: no run's sweep may take a file a live writer holds). `tests/test_eighth_audit.py`'s
    full tmpfs shows it end to end (root only); here the state's folder is a file."""
    from pipeline.config import FetchConfig, SourcesConfig
    from pipeline.fetch.fetcher import Fetcher
    from pipeline.store.warc_archive import WarcArchive

    blocker = tmp_path / "state"
    blocker.write_text("a file where the state's folder should be")
    raw = tmp_path / "raw"
    archive = WarcArchive(raw, "2026-12-07-x", "hosts000-0c87abf8", tag="t", attempt="1-ab")
    config = FetchConfig(min_delay_s=0.0, max_retries=0, allow_private=[CLOSE_SITE], obey_robots=False)
    site = ScriptedServer(CLOSE_SITE)
    site.route("/a", Reply(200, html_page("A", TEXT), headers={"ETag": '"v1"'}))
    fetcher = Fetcher(config, SourcesConfig(), state_dir=blocker / "fetch", archive=archive)
    with site, pytest.raises(OSError), fetcher:
        assert [page.outcome for page in fetcher.crawl([site.url("/a")])] == ["ok"]
    assert not list(raw.rglob("*.open"))
    assert [p.name for p in raw.glob("*.warc.gz")] == ["2026-12-07-x-hosts000-0c87abf8~1-ab-t.warc.gz"]


COOKIE_SITE = "127.0.0.38"


def test_a_cookie_check_redirect_to_the_same_url_gets_the_page(tmp_path: Path) -> None:
    """ "302 to the same URL, Set-Cookie" (a site's cookie check, a firewall's first visit):
    browsers follow it with the cookie and get the page; it was `too_many_redirects` "redirect
    loop back to ..." after one request. A loop that sets no cookie is still one at once, and a
    site that sets a cookie and redirects for ever stops at fetch.max_redirects."""
    from pipeline.config import FetchConfig, SourcesConfig
    from pipeline.fetch.fetcher import Fetcher

    site = ScriptedServer(COOKIE_SITE)

    def checked(request: Request) -> Reply:
        if "cookiecheck=1" in request.headers.get("cookie", ""):
            return Reply(200, html_page("Asthma at home", TEXT))
        return Reply(302, b"", headers={"Location": "/checked", "Set-Cookie": "cookiecheck=1; Path=/"})

    site.route("/checked", checked)
    site.route("/loop", Reply(302, b"", headers={"Location": "/loop"}))
    site.route("/forever", Reply(302, b"", headers={"Location": "/forever", "Set-Cookie": "visit=again; Path=/"}))
    config = FetchConfig(min_delay_s=0.0, max_retries=0, allow_private=[COOKIE_SITE], obey_robots=False)
    with site, Fetcher(config, SourcesConfig(), state_dir=None) as fetcher:
        pages = {p.url.removeprefix(site.base): p for p in fetcher.crawl([site.url(p) for p in ("/checked", "/loop")])}
        forever = next(iter(fetcher.crawl([site.url("/forever")])))
    assert (pages["/checked"].outcome, pages["/checked"].status) == ("ok", 200)
    assert site.hits("/checked") == 2
    assert pages["/loop"].outcome == "too_many_redirects" and site.hits("/loop") == 1
    assert pages["/loop"].error == f"redirect loop back to {site.url('/loop')}"
    assert (forever.outcome, forever.error) == ("too_many_redirects", "more than 10 redirects")
    assert site.hits("/forever") == config.max_redirects + 1


ROBOTS_429_SITE = "127.0.0.36"


def test_robots_txt_answering_429_keeps_the_host_off_limits_until_a_same_day_rerun(tmp_path: Path) -> None:
    """robots.txt answering 429 with a Retry-After date: retried like a page, then unreachable
    (RFC 9309: as a 5xx, the whole host disallowed), no page requested; the same command run
    again once robots.txt answers fetches the page (a retry attempt)."""
    site = ScriptedServer(ROBOTS_429_SITE)
    limited = Reply(
        429, b"slow down", content_type="text/plain", headers={"Retry-After": "Mon, 07 Dec 2026 00:00:00 GMT"}
    )
    site.route("/robots.txt", limited)
    site.route("/a", Reply(200, html_page("Asthma at home", TEXT)))
    config = make_config(
        tmp_path,
        sources={"urls": [site.url("/a")]},
        fetch={"allow_private": [ROBOTS_429_SITE], "min_delay_s": 0.0, "backoff_base_s": 0.05},
        run={"run_date": RUN_DATE, "workers": 1},
    )
    with site:
        first = run_pipeline(config, argv=[])
        assert (first.exit_code, first.outcomes) == (1, {"robots_disallowed": 1})
        assert site.hits("/a") == 0 and site.hits("/robots.txt") == config.fetch.max_retries + 1
        row = pd.read_parquet(tmp_path / "out" / "fetches").iloc[0]
        assert row["error"] == f"disallowed by {site.base}/robots.txt (robots.txt unreachable (HTTP 429))"
        site.route("/robots.txt", Reply(404, b"", content_type="text/plain"))
        again = run_pipeline(config, argv=[])
    assert (again.exit_code, again.retry_of, again.outcomes) == (0, first.run_id, {"ok": 1})
    assert site.hits("/a") == 1


CODING_SITE = "127.0.0.40"


def test_a_content_encoding_that_names_no_coding_is_passed_through_as_browsers_do(tmp_path: Path) -> None:
    """`Content-Encoding: UTF-8` (a charset where a coding goes), `none`, `8bit`: browsers show
    the page (Chromium passes an unknown coding through); the pipeline failed each page
    `decode_error` "unsupported content-encoding utf-8". A coding of IANA's registry that is
    not decoded (compress; zstd until session 21) is still an error, and a body that is binary
    after all is `not_html`; the archived exchanges read back with --warc give the same rows."""
    import gzip

    site = ScriptedServer(CODING_SITE)
    site.route("/robots.txt", Reply(404, b"", content_type="text/plain"))
    labels = {"/charset": "UTF-8", "/none": "none", "/eightbit": "8bit", "/compress": "compress"}
    for path, label in labels.items():
        site.route(path, Reply(200, html_page(f"Page {path[1:]}", TEXT), headers={"Content-Encoding": label}))
    site.route("/packed", Reply(200, gzip.compress(html_page("Packed", TEXT)), headers={"Content-Encoding": "utf-8"}))
    urls = [site.url(path) for path in (*labels, "/packed")]

    def outcomes(out: Path) -> dict[str, tuple[str, str | None]]:
        rows = pd.read_parquet(out / "fetches")[["url", "outcome", "error"]].values
        return {
            url.removeprefix(site.base): (outcome, None if pd.isna(error) else error) for url, outcome, error in rows
        }

    fetched = make_config(
        tmp_path / "fetched",
        sources={"urls": urls},
        fetch={"allow_private": [CODING_SITE], "min_delay_s": 0.0, "max_retries": 0},
        run={"run_date": RUN_DATE, "workers": 1},
    )
    with site:
        run_pipeline(fetched, argv=[])
    expected = {
        "/charset": ("ok", None),
        "/none": ("ok", None),
        "/eightbit": ("ok", None),
        "/compress": ("decode_error", "unsupported content-encoding compress"),
        "/packed": ("not_html", "gzip data labelled text/html; charset=utf-8"),
    }
    assert outcomes(tmp_path / "fetched" / "out") == expected
    titles = sorted(pd.read_parquet(tmp_path / "fetched" / "out" / "articles")["title"])
    assert titles == ["Page charset", "Page eightbit", "Page none"]
    archived = sorted(str(p) for p in (tmp_path / "fetched" / "raw").glob("*.warc.gz"))
    replayed = make_config(tmp_path / "replayed", sources={"warc": archived}, run={"run_date": RUN_DATE, "workers": 1})
    run_pipeline(replayed, argv=[])
    # the compress response failed to decode: archived in support/, not among the pages
    assert outcomes(tmp_path / "replayed" / "out") == {k: v for k, v in expected.items() if k != "/compress"}


TRACKED_SITE = "127.0.0.39"
# nginx's default refusal of a request header line over 8 KB (large_client_header_buffers)
SERVER_HEADER_LINE_LIMIT = 8190


def test_a_site_that_sets_a_cookie_per_page_is_crawled_to_its_last_page(tmp_path: Path) -> None:
    """A site setting a 3 KB cookie per page viewed: the jar sent them all back, and from the
    fourth page on every request's Cookie header was over the server's limit, "400 Request
    Header Or Cookie Too Large" for the rest of the site. The jar now keeps the newest within
    its budget; a cookie over 4096 bytes is not kept (as browsers); a cookie check still works."""
    site = ScriptedServer(TRACKED_SITE)
    site.route("/robots.txt", Reply(404, b"", content_type="text/plain"))
    sent: list[str] = []

    def viewed(request: Request) -> Reply:
        cookie = request.headers.get("cookie", "")
        sent.append(cookie)
        if len(cookie) > SERVER_HEADER_LINE_LIMIT:
            return Reply(400, b"<html><body>400 Request Header Or Cookie Too Large</body></html>")
        number = request.path.removeprefix("/p")
        headers = {"Set-Cookie": f"viewed_{number}={'x' * 3000}; Path=/; Max-Age=86400"}
        if number == "0":  # and one no browser keeps
            headers["Set-Cookie"] = f"huge={'y' * 5000}; Path=/"
        return Reply(200, html_page(f"Page {number}", TEXT), headers=headers)

    for number in range(12):
        site.route(f"/p{number}", viewed)
    config = make_config(
        tmp_path,
        sources={"urls": [site.url(f"/p{n}") for n in range(12)]},
        fetch={"allow_private": [TRACKED_SITE], "min_delay_s": 0.0, "max_retries": 0, "per_host_concurrency": 1},
        run={"run_date": RUN_DATE, "workers": 1},
    )
    with site:
        summary = run_pipeline(config, argv=[])
    assert (summary.exit_code, summary.outcomes) == (0, {"ok": 12})
    assert "huge=" not in "".join(sent)
    assert max(len(cookie) for cookie in sent) <= 6144
    assert "viewed_10=" in sent[-1]  # the newest kept


REFRESH_SITE = "127.0.0.41"


def test_a_refresh_header_is_a_redirect_page_as_a_meta_refresh_is(tmp_path: Path) -> None:
    """`Refresh: 0; url=/new` (PHP's header("Refresh: ..."), some CMSs' moved pages) sends a
    browser on as a `<meta http-equiv=refresh>` does; its "This page has moved" stub became
    the article. Now `extract_failed` naming the target; a news page reloading itself every
    five minutes keeps its article."""
    moved = (
        b"<html><head><title>Moved | Health Site</title></head><body><h1>This page has moved</h1><p>You will be "
        b"redirected to the new address of this article in a few seconds. If nothing happens, follow this link.</p>"
        b"</body></html>"
    )
    site = ScriptedServer(REFRESH_SITE)
    site.route("/robots.txt", Reply(404, b"", content_type="text/plain"))
    site.route("/old", Reply(200, moved, headers={"Refresh": "0; url=/asthma-at-home"}))
    site.route("/news", Reply(200, html_page("Asthma news", TEXT), headers={"Refresh": "300"}))
    config = make_config(
        tmp_path,
        sources={"urls": [site.url("/old"), site.url("/news")]},
        fetch={"allow_private": [REFRESH_SITE], "min_delay_s": 0.0, "max_retries": 0},
        run={"run_date": RUN_DATE, "workers": 1},
    )
    with site:
        run_pipeline(config, argv=[])
    fetches = pd.read_parquet(tmp_path / "out" / "fetches").set_index("url")
    old = fetches.loc[site.url("/old")]
    assert old["outcome"] == "extract_failed"
    assert "no article text: a redirect page: Refresh header to /asthma-at-home" in old["error"]
    assert fetches.loc[site.url("/news")]["outcome"] == "ok"
    assert list(pd.read_parquet(tmp_path / "out" / "articles")["title"]) == ["Asthma news"]


DEAD_ADDRESS, LIVE_ADDRESS = "127.0.0.43", "127.0.0.42"


def test_a_host_whose_first_address_does_not_answer_is_fetched_at_its_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A name resolving to an address that never answers (a blackholed IPv6 route, a dead node
    behind round-robin DNS) and one that does: every page was `timeout` "connect timeout", the
    next address never tried (curl, requests and browsers try it). The dead address here is a
    real listener whose accept queue is full, so the kernel drops the connection attempts."""

    import pipeline.fetch.guard as guard_module
    from pipeline.config import FetchConfig, SourcesConfig
    from pipeline.fetch.fetcher import Fetcher

    dead = socket.socket()
    dead.bind((DEAD_ADDRESS, 0))
    dead.listen(0)
    port = dead.getsockname()[1]
    queued = []  # fill the accept queue: later connection attempts hang until their timeout
    for _ in range(3):
        filler = socket.socket()
        filler.setblocking(False)
        filler.connect_ex((DEAD_ADDRESS, port))
        queued.append(filler)
    real_getaddrinfo = socket.getaddrinfo

    def two_addresses(host: str, port: int, *args: Any, **kwargs: Any) -> list[Any]:
        if host != "dual.test":
            return real_getaddrinfo(host, port, *args, **kwargs)
        return [
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port)) for address in (DEAD_ADDRESS, LIVE_ADDRESS)
        ]

    monkeypatch.setattr(guard_module, "getaddrinfo", two_addresses)
    site = ScriptedServer(LIVE_ADDRESS, port=port)
    for number in range(3):
        site.route(f"/p{number}", Reply(200, html_page(f"Page {number}", TEXT)))
    config = FetchConfig(
        min_delay_s=0.0,
        max_retries=0,
        connect_timeout_s=1.0,
        allow_private=[DEAD_ADDRESS, LIVE_ADDRESS],
        obey_robots=False,
    )
    try:
        with site, Fetcher(config, SourcesConfig(), state_dir=None) as fetcher:
            pages = list(fetcher.crawl([f"http://dual.test:{port}/p{n}" for n in range(3)]))
    finally:
        for sock in (dead, *queued):
            sock.close()
    assert [(page.outcome, page.error) for page in pages] == [("ok", None)] * 3
    assert sorted(site.paths()) == ["/p0", "/p1", "/p2"]


TWO_TYPES_SITE = "127.0.0.44"


def test_two_content_type_headers_are_read_as_browsers_read_them(tmp_path: Path) -> None:
    """A framework's `Content-Type: text/html` and the server's `text/html; charset=windows-1251`
    on one response: joined ("text/html, text/html; charset=windows-1251") it was no HTML type,
    `not_html`, the page lost. Browsers take the last valid type and an earlier value's charset
    (the Fetch standard); so does the pipeline now, live and from the archived exchange."""
    russian = "Астма у детей: что делать родителям зимой. " * 12
    body = (
        f"<html><head><title>Астма</title></head><body><article><h1>Астма</h1><p>{russian}</p></article></body></html>"
    )
    site = ScriptedServer(TWO_TYPES_SITE)
    site.route("/robots.txt", Reply(404, b"", content_type="text/plain"))
    two = {"content-type": "text/html"}  # sent before the Reply's own Content-Type header
    site.route("/astma", Reply(200, body.encode("cp1251"), headers=two, content_type="text/html; charset=windows-1251"))
    other_way = {"content-type": "text/html; charset=windows-1251"}  # the charset first, then the bare type
    site.route("/astma-2", Reply(200, body.encode("cp1251"), headers=other_way, content_type="text/html"))
    fetched = make_config(
        tmp_path / "fetched",
        sources={"urls": [site.url("/astma"), site.url("/astma-2")]},
        fetch={"allow_private": [TWO_TYPES_SITE], "min_delay_s": 0.0, "max_retries": 0},
        run={"run_date": RUN_DATE, "workers": 1},
    )
    with site:
        assert run_pipeline(fetched, argv=[]).outcomes == {"ok": 2}
    archived = [str(p) for p in (tmp_path / "fetched" / "raw").glob("*.warc.gz")]
    replayed = make_config(tmp_path / "replayed", sources={"warc": archived}, run={"run_date": RUN_DATE, "workers": 1})
    assert run_pipeline(replayed, argv=[]).outcomes == {"ok": 2}
    for where in ("fetched", "replayed"):
        for article in pd.read_parquet(tmp_path / where / "out" / "articles").itertuples():
            assert "Астма у детей: что делать родителям зимой." in article.text, where
        types = pd.read_parquet(tmp_path / where / "out" / "fetches")["content_type"]
        assert list(types) == ["text/html; charset=windows-1251"] * 2, where  # an archive reads as live


ERROR_PAGE_SITE = "127.0.0.45"
NGINX_502 = (
    b"<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center>"
    b"<hr><center>nginx/1.18.0 (Ubuntu)</center></body></html>"
)


def test_a_server_error_page_served_as_200_is_a_failure_a_same_day_rerun_fetches_again(tmp_path: Path) -> None:
    """A proxy's `error_page 502 =200` (or a cached error, a maintenance plugin) answers 200 with
    its "502 Bad Gateway" page: the article stored was "nginx/1.18.0 (Ubuntu)", the URL's new
    current version. Now `extract_failed` saying what it was, and, the site failing rather than
    the page gone, the same command fetches it again (as a 5xx) once the site is back."""
    site = ScriptedServer(ERROR_PAGE_SITE)
    site.route("/robots.txt", Reply(404, b"", content_type="text/plain"))
    site.route("/asthma", Reply(200, NGINX_502))
    config = make_config(
        tmp_path,
        sources={"urls": [site.url("/asthma")]},
        fetch={"allow_private": [ERROR_PAGE_SITE], "min_delay_s": 0.0, "max_retries": 0},
        run={"run_date": RUN_DATE, "workers": 1},
    )
    with site:
        failing = run_pipeline(config, argv=[])
        site.route("/asthma", Reply(200, html_page("Asthma at home", TEXT)))
        back = run_pipeline(config, argv=[])
    assert (failing.exit_code, failing.outcomes) == (1, {"extract_failed": 1})
    fetches = pd.read_parquet(tmp_path / "out" / "fetches").sort_values("fetched_at")
    assert fetches.iloc[0]["error"].endswith(
        "no article text: a server error or maintenance page served with status 200 (title '502 Bad Gateway')"
    )
    assert (back.exit_code, back.retry_of, back.outcomes) == (0, failing.run_id, {"ok": 1})
    assert list(pd.read_parquet(tmp_path / "out" / "articles")["title"]) == ["Asthma at home"]


READER_SITES = ("127.0.0.46", "127.0.0.47")
PAGE_LATENCY_S = 0.25  # a run of seconds: the analyst's loop reads many times while it commits
# An analyst's loop in another process: each dataset as the README loads it, with pandas, DuckDB
# and Polars, again and again until told to stop; every error, temporary file read or row seen
# twice is one line of its log.
ANALYST_LOOP = r"""
import sys, time
from pathlib import Path
import duckdb, pandas as pd, polars as pl, pyarrow as pa, pyarrow.dataset as ds
from pipeline.normalize.schemas import DATASETS, reading_schema
out, go, stop, log = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), open(sys.argv[4], "w")
by_day = ds.partitioning(pa.schema([("crawl_date", pa.date32())]), flavor="hive")
keys = {"articles": ["article_id", "content_hash"], "fetches": ["run_id", "url"]}
ready = go.with_name("ready")
ready.touch()
while not go.exists():
    time.sleep(0.01)
rounds = 0
while not stop.exists():
    rounds += 1
    for name in DATASETS:
        glob = f"{out}/{name}/**/*.parquet"
        try:
            schema = reading_schema(name)
            frame = pd.read_parquet(out / name, dtype_backend="pyarrow", partitioning=by_day, schema=schema)
            if name in keys and frame.duplicated(keys[name]).any():
                log.write(f"pandas {name}: a row twice\n")
            options = "hive_partitioning=true, union_by_name=true, filename=true"
            files = duckdb.sql(f"SELECT DISTINCT filename FROM read_parquet('{glob}', {options})").fetchall()
            scan = pl.scan_parquet(glob, hive_partitioning=True, include_file_paths="path").collect()
            files += [(p,) for p in scan["path"].unique()]
            if any(Path(f).name.startswith(".") or not f.endswith(".parquet") for (f,) in files):
                log.write(f"{name}: a temporary file read\n")
        except Exception as exc:
            log.write(f"{name}: {type(exc).__name__}: {str(exc)[:120]}\n")
        log.flush()
print(rounds)
"""


def test_analysts_reading_while_runs_commit_meet_no_error_no_temporary_file_no_row_twice(tmp_path: Path) -> None:
    """pandas, DuckDB and Polars read every dataset in a loop in another process, from the first
    page request of a new output's first run (two pool workers) to the end of its same-day retry:
    the first run's readers met DuckDB's "No files found" and Polars' "expanded paths were empty"
    until its end, when the empty schema files were written; now they are written at its start."""
    go, stop, log = tmp_path / "go", tmp_path / "stop", tmp_path / "reader.log"
    flaky: set[str] = set()

    def page(request: Request) -> Reply:
        go.touch()
        if request.path in flaky:
            return Reply(503, b"busy", content_type="text/plain", delay_s=PAGE_LATENCY_S)
        return Reply(200, _article(f"Advice {request.path[1:]}"), delay_s=PAGE_LATENCY_S)

    sites = [ScriptedServer(host) for host in READER_SITES]
    urls = []
    for site in sites:
        site.route("/robots.txt", Reply(404, b"", content_type="text/plain"))
        for number in range(6):
            site.route(f"/page-{number}", page)
            urls.append(site.url(f"/page-{number}"))
    flaky.update({"/page-0", "/page-3"})
    config = make_config(
        tmp_path,
        sources={"urls": urls},
        fetch={"allow_private": list(READER_SITES), "min_delay_s": 0.0, "max_retries": 0},
        run={"run_date": RUN_DATE, "workers": 2},
        output={"batch_rows": 2},
    )
    reader = subprocess.Popen(
        [sys.executable, "-c", ANALYST_LOOP, str(tmp_path / "out"), str(go), str(stop), str(log)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        while not (tmp_path / "ready").exists():  # its imports take seconds
            assert reader.poll() is None
            time.sleep(0.05)
        with sites[0], sites[1]:
            first = run_pipeline(config, argv=[])
            flaky.clear()
            retry = run_pipeline(config, argv=[])
    finally:
        stop.touch()
        rounds = reader.communicate(timeout=60)[0]
    assert (first.outcomes, retry.retry_of, retry.outcomes) == ({"ok": 8, "http_error": 4}, first.run_id, {"ok": 12})
    assert int(rounds) > 1
    assert log.read_text() == ""


DATA_SITE = "127.0.0.48"
API_ERROR = (
    b'{"error": {"code": 503, "status": "UNAVAILABLE", "message": "The service is currently unavailable '
    + b"while we move our clinic pages to a new platform; please come back later for the advice you were reading. " * 4
    + b'"}}'
)
S3_ERROR = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code><Message>Access Denied</Message>'
    b"<RequestId>4442587FB7D0A2F9</RequestId><HostId>" + b"x" * 400 + b"</HostId></Error>"
)
XHTML = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" '
    b'"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\n'
    + _article("Asthma at home").replace(b"<html>", b'<html xmlns="http://www.w3.org/1999/xhtml">')
)


def test_a_json_or_xml_body_labelled_html_is_not_html_naming_it(tmp_path: Path) -> None:
    """An API's JSON error ({"error": ...}) or a storage service's XML one (S3's <Error>) served as
    text/html was extracted as a page: the JSON's message became the article, the URL's current
    version. Now `not_html` "JSON data labelled text/html" or "XML data (root <Error>) labelled
    ...", as a PDF labelled HTML is; an XHTML page with an XML declaration stays a page."""
    site = ScriptedServer(DATA_SITE)
    site.route("/robots.txt", Reply(404, b"", content_type="text/plain"))
    site.route("/api-error", Reply(200, API_ERROR))
    site.route("/s3-error", Reply(200, S3_ERROR, content_type="text/html"))
    site.route("/xhtml", Reply(200, XHTML))
    config = make_config(
        tmp_path,
        sources={"urls": [site.url(path) for path in ("/api-error", "/s3-error", "/xhtml")]},
        fetch={"allow_private": [DATA_SITE], "min_delay_s": 0.0, "max_retries": 0},
        run={"run_date": RUN_DATE, "workers": 1},
    )
    with site:
        run_pipeline(config, argv=[])
    fetches = pd.read_parquet(tmp_path / "out" / "fetches")
    rows = {
        url.rsplit("/", 1)[1]: (outcome, error if isinstance(error, str) else None)
        for url, outcome, error in fetches[["url", "outcome", "error"]].itertuples(index=False)
    }
    assert rows == {
        "api-error": ("not_html", "JSON data labelled text/html; charset=utf-8"),
        "s3-error": ("not_html", "XML data (root <Error>) labelled text/html"),
        "xhtml": ("ok", None),
    }
    assert list(pd.read_parquet(tmp_path / "out" / "articles")["title"]) == ["Asthma at home"]


EMPTY_SITE = "127.0.0.49"


def test_an_empty_200_is_fetched_again_by_a_same_day_rerun_as_a_5xx_is(tmp_path: Path) -> None:
    """A 200 with no body (PHP's white screen after a fatal error, a backend that died before
    writing, a proxy's empty answer) is `extract_failed` "empty document": a failure of the
    site, not of the page, so a scheduler's same-day re-run fetches it again, as it would a
    5xx; before, it was kept as a failure for good until the next night."""
    site = ScriptedServer(EMPTY_SITE)
    site.route("/robots.txt", Reply(404, b"", content_type="text/plain"))
    site.route("/asthma", Reply(200, b""))
    site.route("/blank", Reply(200, b"  \r\n\t "))
    config = make_config(
        tmp_path,
        sources={"urls": [site.url("/asthma"), site.url("/blank")]},
        fetch={"allow_private": [EMPTY_SITE], "min_delay_s": 0.0, "max_retries": 0},
        run={"run_date": RUN_DATE, "workers": 1},
    )
    with site:
        empty = run_pipeline(config, argv=[])
        site.route("/asthma", Reply(200, html_page("Asthma at home", TEXT)))
        back = run_pipeline(config, argv=[])
    assert (empty.exit_code, empty.outcomes) == (1, {"extract_failed": 2})
    errors = set(pd.read_parquet(tmp_path / "out" / "fetches")["error"].dropna())
    assert errors == {"ExtractionError: empty document"}
    assert (back.retry_of, len(back.retried), back.outcomes) == (empty.run_id, 2, {"ok": 1, "extract_failed": 1})
    assert list(pd.read_parquet(tmp_path / "out" / "articles")["title"]) == ["Asthma at home"]
