"""The fifth outside-style audit: SIGKILL at every step of a run, a week of nightly runs over a
changing site, misbehaving servers, a Dask worker killed mid-run. Real loopback servers, real
files, real processes; the audit table of docs/audits.md says which test covers which case."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import re
import signal
import socket
import struct
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pandas as pd
import pytest
from warcio.archiveiterator import ArchiveIterator

from pipeline.config import Config, FetchConfig, SourcesConfig
from pipeline.crashpoints import CRASH_ENV
from pipeline.fetch.fetcher import Fetcher
from pipeline.records import FetchedPage, Outcome
from pipeline.run.runner import run_pipeline
from tests.conftest import ETAG_PAGES as PAGES
from tests.conftest import make_config, readme_current_state_sql
from tests.httpserver import Reply, Request, Route, ScriptedServer, html_page
from tests.rawserver import NOT_FOUND, KeepAliveServer, ok, read_request
from tests.test_outside_audit import HOST as KEEP_ALIVE
from tests.warcs import article_html

WEEK_SITE = "127.0.0.4"

# -- SIGKILL at a counted step, then the same command again ------------------------------------
# The site: conftest's etag_site, pages with ETags (a request carrying the ETag gets 304), and a 404.


def site_config(root: Path, site: ScriptedServer, run_date: str = "2026-12-01") -> Config:
    urls = [site.url(f"/condition-{n}") for n in range(PAGES)] + [site.url("/gone")]  # not routed: 404
    return make_config(
        root,
        sources={"urls": urls},
        fetch={"allow_private": [site.host], "min_delay_s": 0.0, "max_retries": 0},
        output={"batch_rows": 2},  # row groups reach the temporary part files before the commit
        run={"run_date": run_date, "workers": 1, "max_failure_rate": 0.5},
    )


def rows(out: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every dataset's rows that a crash must neither lose nor double (fetches: one per URL)."""
    keys = {
        "articles": ["url", "article_id", "content_hash"],
        "metadata": ["article_id", "content_hash"],
        "comments": ["comment_id", "text"],
        "fetches": ["url", "outcome", "status"],
    }
    return {
        name: sorted(map(tuple, pd.read_parquet(out / name, columns=cols).itertuples(index=False)))
        for name, cols in keys.items()
    }


def archived_urls(raw: Path) -> list[str]:
    urls = []
    for path in sorted(raw.glob("*.warc.gz")):
        with open(path, "rb") as stream:
            urls += [
                r.rec_headers.get_header("WARC-Target-URI") for r in ArchiveIterator(stream) if r.rec_type == "response"
            ]
    return sorted(urls)


def tree(root: Path) -> list[str]:
    """Every file under ``root``, the output tag of archive names (a digest of the output path) left out."""
    return sorted(
        re.sub(r"-[0-9a-f]{8}\.warc\.gz", ".warc.gz", str(p.relative_to(root))) for p in root.rglob("*") if p.is_file()
    )


def _crashing_run(config: Config, point: str) -> None:
    os.environ[CRASH_ENV] = point
    run_pipeline(config, argv=[])
    os._exit(0)  # the crash point was never reached


def killed_at(config: Config, point: str) -> int | None:
    """Run in a forked child (the test's imports shared: no interpreter start-up) that SIGKILLs
    itself at ``point``; its exit code (negative: the signal)."""
    child = multiprocessing.get_context("fork").Process(target=_crashing_run, args=(config, point))
    child.start()
    child.join(120)
    return child.exitcode


CRASH_POINTS = ["fetch:3", "extract:3", "warc:3", "part:2", "state", "marker", "shards", "manifest"]


def test_sigkill_at_each_step_then_the_same_command_loses_and_doubles_nothing(
    tmp_path: Path, etag_site: ScriptedServer
) -> None:
    site = etag_site
    clean = site_config(tmp_path / "clean", site)
    first = run_pipeline(clean, argv=[])
    assert first.exit_code == 0 and first.outcomes == {"ok": PAGES, "http_error": 1}
    expected, expected_warc = rows(tmp_path / "clean" / "out"), archived_urls(tmp_path / "clean" / "raw")
    assert len(expected["comments"]) > 0 and len(expected_warc) == PAGES + 1
    for point in CRASH_POINTS:
        root = tmp_path / point.replace(":", "-")
        config = site_config(root, site)
        assert killed_at(config, point) == -signal.SIGKILL, point
        out, raw = root / "out", root / "raw"
        summary = run_pipeline(config, argv=[])  # the same command again
        assert summary.exit_code == 0 and summary.outcomes == first.outcomes, (point, summary.outcomes)
        assert rows(out) == expected, point
        assert archived_urls(raw) == expected_warc, point  # the pages archive holds each page once
        # nothing left behind: the same files as the clean run (same run id, same names)
        assert tree(out) == tree(tmp_path / "clean" / "out"), point
        assert tree(raw) == tree(tmp_path / "clean" / "raw"), point
        assert len(list((out / "_runs").glob("*.json"))) == 1, point
        # the fetch state kept up with the rows: the next night every page is a 304
        night = run_pipeline(site_config(root, site, "2026-12-02"), argv=[])
        assert night.outcomes == {"not_modified": PAGES, "http_error": 1}, (point, night.outcomes)


def test_sigkill_at_each_step_of_a_warc_run_then_the_same_command_loses_and_doubles_nothing(tmp_path: Path) -> None:
    """The same over WARC input cut into byte ranges (shards of one file), every range a shard."""
    from tests.test_operations import make_warcs

    warcs = make_warcs(tmp_path / "in", files=1, pages=8)

    def config(root: Path) -> Config:
        run = {"run_date": "2026-12-01", "workers": 1, "warc_shard_bytes": 2000}  # ranges of the one file
        return make_config(root, sources={"warc": warcs}, output={"batch_rows": 2}, run=run)

    clean = run_pipeline(config(tmp_path / "clean"), argv=[])
    assert clean.outcomes == {"ok": 8} and clean.shards >= 3, clean.shards
    expected = rows(tmp_path / "clean" / "out")
    for point in ("extract:4", "part:6", "state:2", "manifest"):
        root = tmp_path / point.replace(":", "-")
        assert killed_at(config(root), point) == -signal.SIGKILL, point
        summary = run_pipeline(config(root), argv=[])
        assert summary.exit_code == 0 and summary.outcomes == {"ok": 8}, (point, summary.outcomes)
        assert rows(root / "out") == expected, point
        assert tree(root / "out") == tree(tmp_path / "clean" / "out"), point


# -- a week of nightly runs over one changing site ---------------------------------------------


def _page(title: str, text: str, comments: list[str]) -> bytes:
    items = "".join(
        f'<li class="comment"><div class="comment-author">Reader {n}</div>'
        f'<div class="comment-content"><p>{comment}</p></div></li>'
        for n, comment in enumerate(comments)
    )
    thread = f'<section id="comments"><ol class="comment-list">{items}</ol></section>' if comments else ""
    return (
        f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
        f"<p>{text}</p></article>{thread}</body></html>"
    ).encode()


def _night_routes(night: int) -> dict[str, Route]:
    """The site on one night: an edit (3), a comment (5), a page 404 (3) then 410 (4), a page
    added (2), a redirect that moves (4), a page that answers 304 to its ETag."""
    walk = "Walking after meals lowers blood sugar spikes in adults with type 2 diabetes. " * 12
    edited = "Short walks after dinner lower blood sugar; a 2026 trial measured the effect. " * 12
    text = walk if night < 3 else edited
    comments = ["First!", "Great article, thank you"] + (["I tried it and it works"] if night >= 5 else [])
    etag = '"sleep-v1"'
    sleep = _page("Sleep and the heart", "Sleep protects the heart in several ways the studies describe. " * 12, [])

    def conditional(request: Request) -> Reply:
        if request.headers.get("if-none-match") == etag:
            return Reply(304, b"", headers={"ETag": etag}, content_type=None)
        return Reply(200, sleep, headers={"ETag": etag})

    gone = {3: Reply(404, b"<html><body>Not found</body></html>")}.get(
        night, Reply(410, b"<html><body>Gone</body></html>")
    )
    return {
        "/robots.txt": Reply(404, b"", content_type="text/plain"),
        "/walking": Reply(200, _page("Walking after meals", text, comments)),
        "/sleep": conditional,
        "/salt": Reply(200, _page("Salt", "Eating less salt lowers blood pressure within weeks. " * 12, []))
        if night < 3
        else gone,
        "/fibre": Reply(200, _page("Fibre", "Fibre feeds the gut bacteria that keep the bowel healthy. " * 12, [])),
        "/news": Reply(301, b"", headers={"Location": "/news-2026-11" if night < 4 else "/news-2026-12"}),
        "/news-2026-11": Reply(
            200, _page("November news", "In November the clinic opened a new asthma service. " * 12, [])
        ),
        "/news-2026-12": Reply(
            200, _page("December news", "In December the clinic started flu vaccinations early. " * 12, [])
        ),
    }


def test_a_week_of_nightly_runs_over_a_changing_site(tmp_path: Path) -> None:
    """Seven nights: an edit, a comment added, a page removed (404, 410), a page added, a 304, a
    redirect that moves, the site down for a night. After each: the run's summary, exit code,
    manifest and rows agree; each URL+content is one article row; no temporary file, open WARC
    or lock is left; every part file of a dataset has the one schema, and DuckDB reads the week."""
    import duckdb
    import pyarrow.parquet as pq

    from pipeline.normalize.schemas import DATASETS

    with ScriptedServer(WEEK_SITE) as probe:
        port = probe.port  # the site keeps its address across nights (down on night 6)
    out, raw = tmp_path / "out", tmp_path / "raw"
    expected = {  # night: (outcomes, new article rows, exit code)
        1: ({"ok": 4}, 4, 0),
        2: ({"ok": 4, "not_modified": 1}, 1, 0),  # /fibre added; /sleep 304
        3: ({"ok": 3, "not_modified": 1, "http_error": 1}, 1, 0),  # /walking edited; /salt 404
        4: ({"ok": 3, "not_modified": 1, "http_error": 1}, 1, 0),  # /salt 410; /news moved
        5: ({"ok": 3, "not_modified": 1, "http_error": 1}, 1, 0),  # a comment on /walking
        6: ({"connection_error": 5}, 0, 1),  # the site is down
        7: ({"ok": 3, "not_modified": 1, "http_error": 1}, 0, 0),  # back, unchanged
    }
    for night, (outcomes, added, exit_code) in expected.items():
        paths = ["/walking", "/sleep", "/salt", "/news"] + (["/fibre"] if night >= 2 else [])
        config = make_config(
            tmp_path,
            sources={"urls": [f"http://{WEEK_SITE}:{port}{p}" for p in paths]},
            fetch={"allow_private": [WEEK_SITE], "min_delay_s": 0.0, "max_retries": 0, "connect_timeout_s": 1.0},
            run={"run_date": f"2026-12-0{night}", "workers": 1, "max_failure_rate": 0.25},
        )
        before = pd.Timestamp.now(tz="UTC")
        if night == 6:
            summary = run_pipeline(config, argv=[])
        else:
            with ScriptedServer(WEEK_SITE, _night_routes(night), port=port):
                summary = run_pipeline(config, argv=[])
        after = pd.Timestamp.now(tz="UTC")
        assert (summary.outcomes, summary.rows.get("articles", 0), summary.exit_code) == (outcomes, added, exit_code), (
            night
        )
        fetches = pd.read_parquet(out / "fetches")
        tonight = fetches[fetches["run_id"] == summary.run_id]
        assert len(tonight) == len(paths) and set(tonight["crawl_date"].astype(str)) == {f"2026-12-0{night}"}, night
        assert tonight["fetched_at"].between(before, after).all(), night
        manifest = pd.read_json(summary.manifest, typ="series")
        assert manifest["counts_by_outcome"] == outcomes and manifest["exit_code"] == exit_code, night
        articles = pd.read_parquet(out / "articles")
        assert not articles.duplicated(["article_id", "content_hash"]).any(), night
        assert not articles.duplicated(["url", "content_hash"]).any(), night
        # nothing left behind to grow night after night
        assert not [p for p in tmp_path.rglob("*") if p.name.endswith((".tmp", ".open"))], night
        assert [p.name for p in out.glob("*lock*")] == ["_pipeline.lock"], night
        assert len(list(raw.glob("*.warc.gz"))) <= night and len(list((raw / "support").glob("*.warc.gz"))) <= night
        assert [p.name for p in (out / "_state" / "fetch").iterdir()] == [f"{WEEK_SITE}.json"], night

    fetches = pd.read_parquet(out / "fetches").sort_values("fetched_at")
    salt = fetches[fetches["url"].str.endswith("/salt")]
    # the removed page in the fetch log: 404, then 410 (and no answer the night the site was down)
    assert salt["status"].fillna(0).astype(int).tolist() == [200, 200, 404, 410, 410, 0, 410]
    # a 304 names the version it confirms, as a 200 does
    sleep = fetches[fetches["url"].str.endswith("/sleep") & fetches["content_hash"].notna()]
    assert sleep["outcome"].tolist() == ["ok"] + ["not_modified"] * 5 and sleep["content_hash"].nunique() == 1
    news = fetches[fetches["url"].str.endswith("/news") & (fetches["outcome"] == "ok")]
    assert [u.rsplit("/", 1)[1] for u in news["final_url"]] == ["news-2026-11"] * 3 + ["news-2026-12"] * 3
    # the README's current-state query: the edited text, with the comment added on night 5
    current = duckdb.execute(readme_current_state_sql(out)).fetchall()
    titles = {row[1] for row in current}
    assert titles == {"Walking after meals", "Sleep and the heart", "Fibre", "December news"}  # no Salt, no November
    walking = [row[4] for row in current if row[1] == "Walking after meals"]
    assert walking == ["First!", "Great article, thank you", "I tried it and it works"]
    # one schema per dataset across the week's files: DuckDB reads them all at once without union_by_name
    for name, schema in DATASETS.items():
        parts = sorted((out / name).rglob("*.parquet"))
        for part in parts:
            assert pq.read_schema(part).remove_metadata().equals(schema.remove_metadata()), part
        if parts:
            read = duckdb.execute(f"SELECT count(*) FROM read_parquet('{out}/{name}/**/*.parquet')").fetchone()
            assert read == (len(pd.read_parquet(out / name)),), name


# -- misbehaving servers -----------------------------------------------------------------------

HOST_A, HOST_B = "127.0.0.7", "127.0.0.8"
GOUT = html_page("Gout", "Gout is a common and painful form of arthritis that causes swollen joints. " * 12)


def fetch_all(urls: list[str], **fetch: Any) -> dict[str, FetchedPage]:
    """The pages by ``host/path``, fetched without retries unless ``max_retries`` says otherwise."""
    config = FetchConfig(
        min_delay_s=0.0, max_retries=fetch.pop("max_retries", 0), allow_private=[HOST_A, HOST_B, KEEP_ALIVE], **fetch
    )
    with Fetcher(config, SourcesConfig(), state_dir=None) as fetcher:
        pages = list(fetcher.crawl(urls))
    return {f"{urlsplit(p.url).hostname}{urlsplit(p.url).path}": p for p in pages}


def test_redirects_and_robots_txt_across_hosts() -> None:
    """An endless redirect chain bouncing between two hosts stops at fetch.max_redirects, each
    host's robots.txt read once; a robots.txt that redirects to another host is obeyed as that
    file says (RFC 9309: follow its redirects); one of 5 MB is obeyed as far as its first 500 KiB."""
    with ScriptedServer(HOST_A) as a, ScriptedServer(HOST_B) as b:
        a.route("/robots.txt", Reply(301, b"", headers={"Location": b.url("/rules.txt")}))
        b.route("/rules.txt", Reply(200, b"User-agent: *\nDisallow: /private\n", content_type="text/plain"))
        big = b"User-agent: *\nDisallow: /secret\n" + b"# a robots.txt padded with comments\n" * 150_000
        b.route("/robots.txt", Reply(200, big, content_type="text/plain"))  # 5.4 MB
        for n in range(30):
            source, target = (a, b) if n % 2 == 0 else (b, a)
            source.route(f"/hop{n}", Reply(302, b"", headers={"Location": target.url(f"/hop{n + 1}")}))
        for server in (a, b):
            for path in ("/private", "/public", "/secret"):
                server.route(path, Reply(200, GOUT))
        paths = ("/hop0", "/private", "/public", "/secret")
        pages = fetch_all([a.url(p) for p in paths] + [b.url(p) for p in paths[1:]], max_redirects=10)
        hops = [p for p in a.paths() + b.paths() if p.startswith("/hop")]
        robots = (a.hits("/robots.txt"), b.hits("/rules.txt"), b.hits("/robots.txt"))
        page_requests = sorted(f"{s.host}{p}" for s in (a, b) for p in s.paths() if not p.startswith(("/hop", "/r")))
    assert pages[f"{HOST_A}/hop0"].outcome is Outcome.TOO_MANY_REDIRECTS and len(hops) == 11
    assert robots == (1, 1, 1)
    assert {k: p.outcome.value for k, p in pages.items() if "hop" not in k} == {
        f"{HOST_A}/private": "robots_disallowed",  # host a's robots.txt is host b's /rules.txt
        f"{HOST_A}/public": "ok",
        f"{HOST_A}/secret": "ok",
        f"{HOST_B}/private": "ok",
        f"{HOST_B}/public": "ok",
        f"{HOST_B}/secret": "robots_disallowed",
    }
    assert page_requests == sorted([f"{HOST_A}/public", f"{HOST_A}/secret", f"{HOST_B}/private", f"{HOST_B}/public"])


def test_robots_txt_that_never_answers_costs_one_deadline_for_the_host() -> None:
    with ScriptedServer(HOST_A) as a:
        a.route("/robots.txt", Reply(200, b"", hang=True))
        for n in range(3):
            a.route(f"/p{n}", Reply(200, GOUT))
        started = time.monotonic()
        pages = fetch_all([a.url(f"/p{n}") for n in range(3)], timeout_s=1.0)
        seconds = time.monotonic() - started
        assert a.paths() == ["/robots.txt"]  # asked once; no page requested while its rules are unknown
    assert seconds < 1.0 * 3  # one response deadline for the host, not one per page
    for page in pages.values():  # a passing failure, retried by a same-day re-run
        assert page.outcome is Outcome.CONNECTION_ERROR and "no response in time" in (page.error or ""), page.error


def test_a_retry_after_date_in_the_past_still_backs_off() -> None:
    with ScriptedServer(HOST_A) as a:
        a.route("/robots.txt", Reply(404, b"", content_type="text/plain"))
        past = Reply(503, b"busy", headers={"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"})
        a.route("/p", [past, Reply(200, GOUT)])
        pages = fetch_all([a.url("/p")], max_retries=2, backoff_base_s=0.4)
        tries = [r.at for r in a.requests if r.path == "/p"]
    assert pages[f"{HOST_A}/p"].outcome is Outcome.OK
    assert len(tries) == 2 and tries[1] - tries[0] >= 0.2  # the backoff's fixed half, not at once


def _cut_mid_body(connection: socket.socket) -> None:
    head = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n" % len(GOUT)
    connection.sendall(head + GOUT[:300])
    connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # close = RST


class DroppingServer(KeepAliveServer):
    """Keeps connections alive (no ``Connection: close``) but drops each after one answer, at the
    worst moment: once the client has sent its next request on it (an idle timeout racing it)."""

    def _serve(self, connection: socket.socket) -> None:
        with connection, contextlib.suppress(OSError):
            if (request := read_request(connection)) is None:
                return
            self.requests.append(request[0])
            answer = self.answer_for(request[0])
            connection.sendall(answer if isinstance(answer, bytes) else NOT_FOUND)
            connection.recv(4096)  # the next request, never answered


def test_a_reset_mid_body_fails_and_a_dropped_keep_alive_connection_is_sent_again() -> None:
    """A reset mid-body is a failure (retried, never half a page). A kept-alive connection the
    server drops as the next request arrives made that page "closed the connection without a
    response" (with max_retries 0, lost): it is sent again at once on a new connection."""
    server = KeepAliveServer(KEEP_ALIVE, {"/robots.txt": NOT_FOUND, "/cut": _cut_mid_body, "/p": ok(GOUT)})
    try:
        pages = fetch_all([server.base + "/cut", server.base + "/p"], max_retries=1, backoff_base_s=0.05)
    finally:
        server.close()
    cut = next(p for k, p in pages.items() if k.endswith("/cut"))
    assert cut.outcome is Outcome.CONNECTION_ERROR and "reset" in (cut.error or ""), cut.error
    assert server.requests.count("/cut") == 2

    dropping = DroppingServer(KEEP_ALIVE, {"/robots.txt": NOT_FOUND, **{f"/p{n}": ok(GOUT) for n in range(4)}})
    try:
        pages = fetch_all([dropping.base + f"/p{n}" for n in range(4)], per_host_concurrency=1)
    finally:
        dropping.close()
    assert {k: p.outcome.value for k, p in pages.items()} == {f"{KEEP_ALIVE}/p{n}": "ok" for n in range(4)}
    assert dropping.requests == ["/robots.txt", "/p0", "/p1", "/p2", "/p3"]  # each answered once


def test_a_header_line_that_never_ends_is_a_malformed_response() -> None:
    endless = b"HTTP/1.1 200 OK\r\nX-Padding: " + b"a" * 2_000_000 + b"\r\n\r\n"
    server = KeepAliveServer(KEEP_ALIVE, {"/robots.txt": NOT_FOUND, "/long": endless})
    try:
        pages = fetch_all([server.base + "/long"], timeout_s=5.0)
    finally:
        server.close()
    (page,) = pages.values()
    assert page.outcome is Outcome.CONNECTION_ERROR and "malformed response" in (page.error or ""), page.error


# -- a Dask scheduler lost mid-run -------------------------------------------------------------


@pytest.mark.dask
def test_a_dask_scheduler_lost_mid_run_is_no_finished_run_and_the_same_command_resumes(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The scheduler goes away while shards run. The shards' futures came back cancelled and the
    run wrote its manifest, each shard failed with "CancelledError: " and nothing else: the next
    invocation was a retry attempt under another run id while the lost cluster's workers could
    still commit under this one. Now: exit 1 in one line, no manifest; the same command (here on
    local workers) resumes the run and stores every page once. Fixed in session 16 (the twelfth
    audit): a log line "shard KEY failed: CancelledError" per shard came before that one line,
    naming a cause that is not one; a cancelled shard is told by the SchedulerLost line alone."""
    from pipeline.errors import SchedulerLost
    from tests.daskcluster import dask_processes
    from tests.test_operations import assert_unique, snapshot

    servers = [ScriptedServer(host) for host in (HOST_A, HOST_B)]
    for server in servers:
        server.route("/robots.txt", Reply(404, b"", content_type="text/plain"))
        for n in range(3):
            page = article_html(f"Condition {n}", server.url(f"/p{n}"), comments=True)
            server.route(f"/p{n}", Reply(200, page, delay_s=0.3))
        server.start()
    urls = [s.url(f"/p{n}") for s in servers for n in range(3)]

    def config(root: Path, scheduler: str = "") -> Config:
        fetch = {"allow_private": [HOST_A, HOST_B], "min_delay_s": 0.0, "max_retries": 0}
        return make_config(
            root, sources={"urls": urls}, fetch=fetch, run={"run_date": "2026-12-01", "scheduler": scheduler}
        )

    try:
        run_pipeline(config(tmp_path / "local"), argv=[])
        env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}  # workers import the installed package
        with dask_processes(tmp_path / "cluster", env, workers=1) as (address, processes):
            lost: list[BaseException] = []

            def run() -> None:
                try:
                    run_pipeline(config(tmp_path / "dask", address), argv=[])
                except SchedulerLost as exc:
                    lost.append(exc)

            driver = threading.Thread(target=run)
            driver.start()
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline and not any(s.hits("/p0") > 1 for s in servers):  # 1: the local run
                time.sleep(0.01)
            os.kill(processes[0].pid, signal.SIGKILL)  # the scheduler dies; the shards are mid-fetch
            driver.join(60)
            assert lost and "was lost" in str(lost[0]) and "\n" not in str(lost[0]), lost
            told = [r.getMessage() for r in caplog.records if r.name.startswith("pipeline") and r.levelno >= 40]
            assert not [line for line in told if "Cancelled" in line], told
            out = tmp_path / "dask" / "out"
            assert not list((out / "_runs").glob("*.json"))  # not finished: the same command resumes it
            processes[1].kill()  # the lost cluster's worker: its shards never commit
            processes[1].wait()
        summary = run_pipeline(config(tmp_path / "dask"), argv=[])  # the same command, on local workers
        assert summary.exit_code == 0 and summary.outcomes == {"ok": 6}
        assert snapshot(out) == snapshot(tmp_path / "local" / "out")
        assert_unique(out)
    finally:
        for server in servers:
            server.stop()
