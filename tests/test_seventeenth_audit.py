"""Seventeenth outside-style audit (session 21): session 20's four open findings, then what the
sixteen before left or did not try, with real parts.

Each test is one row of the "Seventeenth outside-style audit" table of docs/audits.md.
"""

from __future__ import annotations

import datetime as dt
import importlib
import json
import os
import random
import shutil
import subprocess
import sys
import time
from email.utils import format_datetime
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pytest

from pipeline.run.runner import run_pipeline
from tests.conftest import make_config, readme_current_state_sql
from tests.httpserver import Reply, ScriptedServer
from tests.rawserver import KeepAliveServer
from tests.test_sixteenth_audit import _certificate_from
from tests.warcs import article_html, write_warc

TEXT = (
    "<p>Gout is a form of arthritis caused by too much uric acid in the blood; attacks often start at night.</p>"
    "<p>Diet plays a part: red meat, organ meats, sugary drinks and alcohol raise uric acid levels over time.</p>"
    "<p>Medicines such as allopurinol lower uric acid, while anti-inflammatory drugs treat the attacks themselves.</p>"
)
FETCH: dict[str, object] = {"min_delay_s": 0.0, "max_retries": 0, "max_bytes": 1_000_000}
NO_ROBOTS = b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"
HTML = b"Content-Type: text/html; charset=utf-8\r\n"


def _zstd() -> Any:
    """Python's zstd module as the pipeline reads zstd bodies with it (backported before 3.14)."""
    for name in ("compression.zstd", "backports.zstd"):
        try:
            return importlib.import_module(name)
        except ImportError:
            continue
    return None


zstd_module = _zstd()


def page(title: str, published: str = "") -> bytes:
    node = json.dumps(
        {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": title,
            **({"datePublished": published} if published else {}),
        }
    )
    return (
        f'<!DOCTYPE html><html lang="en"><head><title>{title}</title>'
        f'<script type="application/ld+json">{node}</script></head>'
        f"<body><article><h1>{title}</h1>{TEXT}</article></body></html>"
    ).encode()


def answer(body: bytes, head: bytes, status: bytes = b"200 OK") -> bytes:
    """An HTTP/1.1 answer with ``head``'s extra header lines and a Content-Length."""
    return b"HTTP/1.1 " + status + b"\r\n" + head + b"Content-Length: %d\r\n\r\n" % len(body) + body


def http_date_line(when: dt.datetime) -> bytes:
    return b"Date: " + format_datetime(when, usegmt=True).encode() + b"\r\n"


def test_a_far_future_server_clock_lifts_the_dates_bound_by_at_most_90_days(tmp_path: Path) -> None:
    """A server whose `Date` is far ahead (a lying clock, a `Date` of 9999; session 20's
    left-over) lifted the bound on its pages' dates to its own today, so a page printing an
    event two years ahead was "published" then. A server's clock now lifts the bound by at most
    SERVER_CLOCK_MAX_LEAD (90 days: a machine further behind fails every Let's Encrypt
    handshake), which still covers a machine whose clock is 60 days behind (session 20)."""
    now = dt.datetime.now(dt.UTC)
    soon, far = (now + dt.timedelta(days=80)).date(), (now + dt.timedelta(days=730)).date()
    liar = HTML + b"Date: Fri, 31 Dec 9999 23:59:59 GMT\r\n"
    ahead = HTML + http_date_line(now + dt.timedelta(days=60))
    answers = {
        "/robots.txt": NO_ROBOTS,
        "/liar-far": answer(page("Liar far", far.isoformat()), liar),
        "/liar-soon": answer(page("Liar soon", soon.isoformat()), liar),
        "/ahead": answer(page("Ahead", (now + dt.timedelta(days=50)).date().isoformat()), ahead),
    }
    with KeepAliveServer("127.0.0.241", answers) as site:
        urls = [site.base + path for path in ("/liar-far", "/liar-soon", "/ahead")]
        fetch = {**FETCH, "allow_private": ["127.0.0.241"]}
        assert run_pipeline(make_config(tmp_path, sources={"urls": urls}, fetch=fetch)).exit_code == 0
    rows = pd.read_parquet(tmp_path / "out" / "metadata").set_index("url")
    assert pd.isna(rows.loc[site.base + "/liar-far", "published"])
    assert rows.loc[site.base + "/liar-soon", "published"] == soon
    assert rows.loc[site.base + "/ahead", "published"] == (now + dt.timedelta(days=50)).date()


@pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl makes the certificate")
def test_a_certificate_not_yet_valid_gives_the_same_reason_on_every_run(tmp_path: Path) -> None:
    """The reason for a certificate not yet valid named this machine's clock to the minute, so
    identical runs a minute apart had different `fetches.error` values and a report grouping
    failures by reason split one cause in as many rows as minutes. The reason is now the same
    text each time; the row's `fetched_at` holds the clock's time."""
    address = "127.0.0.242"
    start = f"{dt.datetime.now(dt.UTC).year + 1}0101000000Z"
    cert, tls = _certificate_from(tmp_path, address, start)
    with ScriptedServer(address, {"/asthma": Reply(200, page("Asthma"))}, tls=tls) as site:
        site.route("/robots.txt", Reply(404, b"", content_type="text/plain"))
        fetch = {**FETCH, "allow_private": [address], "ca_bundle": str(cert)}
        run_pipeline(make_config(tmp_path, sources={"urls": [site.url("/asthma")]}, fetch=fetch))
    (row,) = pd.read_parquet(tmp_path / "out" / "fetches").itertuples()
    assert row.error.endswith(  # robots.txt's "HOST unreachable: " first
        f"TLS certificate of {address}:{site.port} not yet valid at this machine's clock (the row's "
        "fetched_at): if the clock is behind, set it (NTP); verification stays on"
    )


def test_a_retry_after_date_over_the_limit_gives_the_same_reason_on_every_run(tmp_path: Path) -> None:
    """ "503, Retry-After: <the end of a maintenance window>" past `fetch.max_retry_after_s` said
    how many seconds away the date was ("Retry-After 86399 s is over ..."): a count that changed
    with every run, and every second of it. The reason now names the limit, the same each run
    (the answer itself, with its Retry-After, is in the raw archive)."""
    until = format_datetime(dt.datetime.now(dt.UTC) + dt.timedelta(days=1), usegmt=True).encode()

    def maintenance(path: str) -> bytes:
        if path == "/robots.txt":
            return NO_ROBOTS
        head = http_date_line(dt.datetime.now(dt.UTC)) + b"Retry-After: " + until + b"\r\n"
        return answer(b"", head, b"503 Service Unavailable")

    errors = []
    with KeepAliveServer("127.0.0.243", maintenance) as site:
        fetch = {**FETCH, "allow_private": ["127.0.0.243"], "max_retries": 1, "max_retry_after_s": 30.0}
        for night in ("one", "two"):
            config = make_config(tmp_path / night, sources={"urls": [site.base + "/clinic"]}, fetch=fetch)
            run_pipeline(config)
            (row,) = pd.read_parquet(tmp_path / night / "out" / "fetches").itertuples()
            errors.append(row.error)
            if night == "one":
                time.sleep(1.1)  # a second later: the date is a second nearer
    assert errors[0] == errors[1]
    assert "Retry-After over fetch.max_retry_after_s (30 s); not retried" in errors[0]


def test_a_run_resumed_after_a_crash_keeps_the_deadline_it_started_with(tmp_path: Path) -> None:
    """`--deadline 10s` (a duration) was counted from each invocation's start: a nightly run
    killed near its deadline and resumed by its scheduler (systemd's Restart=, an Airflow retry)
    got the whole budget again and ran into the next night. A resume is the same run: it keeps
    the time the run set when it started (`_runs/<run id>/deadline.json`), so here, resumed after
    that time, it fetches nothing (the pages `deadline` rows, exit 3); the same command after
    that exit is a new attempt, with a budget of its own, and fetches them."""
    titles = [f"Gout {n}" for n in range(4)]
    with ScriptedServer("127.0.0.244") as site:
        for n, title in enumerate(titles):
            site.route(f"/gout-{n}", Reply(200, page(title)))
        site.route("/robots.txt", Reply(404, b"", content_type="text/plain"))
        (tmp_path / "urls.txt").write_text("".join(site.url(f"/gout-{n}") + "\n" for n in range(4)))
        (tmp_path / "run.toml").write_text(
            '[fetch]\nallow_private = ["127.0.0.244"]\nmin_delay_s = 0.0\nmax_retries = 0\n'
            "[output]\nwrite_warc = false\n"
        )
        command = [sys.executable, "-m", "pipeline", "run", "--config", "run.toml", "--out", "out", "--workers", "1"]
        command += ["--urls", "urls.txt", "--deadline", "10s", "--run-date", "2026-12-07"]
        killed = {**os.environ, "PIPELINE_TEST_CRASH_AFTER": "fetch:2"}
        assert subprocess.run(command, cwd=tmp_path, env=killed, capture_output=True, timeout=180).returncode == -9
        time.sleep(10.5)  # the killed run started before now: the scheduler's retry comes after its deadline
        resumed = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=180)
        assert resumed.returncode == 3, resumed.stderr
        assert "resumed after its deadline" in resumed.stderr
        (kept,) = (tmp_path / "out" / "_runs").glob("*/deadline.json")
        assert json.loads(kept.read_text())["given"] == "10s"
        log = pd.read_parquet(tmp_path / "out" / "fetches")
        assert sorted(log["outcome"]) == ["deadline"] * 4
        again = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=180)
        assert again.returncode == 0, again.stderr
    articles = pd.read_parquet(tmp_path / "out" / "articles")
    assert sorted(articles["title"]) == titles
    assert set(articles["run_id"]) == {articles["run_id"].iloc[0]} and articles["run_id"].iloc[0].endswith(".r2")


@pytest.mark.skipif(zstd_module is None, reason="backports.zstd is not installed (make installs the pinned deps)")
def test_a_zstd_body_is_decoded_within_the_same_cap(tmp_path: Path) -> None:
    """A zstd body (Chromium asks for it since version 123, so a CDN's cache keyed without the
    client's Accept-Encoding may send it to us unasked) was `decode_error` "unsupported
    content-encoding zstd". Now decoded (Python's own zstd, backported before 3.14) in bounded
    pieces like the others: two frames, a skippable frame and bytes after the end read as the
    page; a zstd bomb is `too_large` at `fetch.max_bytes`; a frame cut short or garbage is still
    `decode_error`; a window over RFC 8878's 8 MB is refused, as Chromium refuses it."""
    head = HTML + b"Content-Encoding: zstd\r\n"
    skippable = (0x184D2A50).to_bytes(4, "little") + (3).to_bytes(4, "little") + b"abc"
    large_window = zstd_module.compress(
        b"<p>" + random.Random(21).randbytes(300_000) * 30,  # 9 MB: the frame keeps its 16 MB window
        options={zstd_module.CompressionParameter.window_log: 24},
    )
    answers = {
        "/robots.txt": NO_ROBOTS,
        "/plain": answer(zstd_module.compress(page("Plain")), head),
        "/frames": answer(
            zstd_module.compress(page("Frames")[:200]) + zstd_module.compress(page("Frames")[200:]), head
        ),
        "/skippable": answer(skippable + zstd_module.compress(page("Skippable")) + b"\r\n", head),
        "/bomb": answer(zstd_module.compress(b"<p>" + b"a" * 30_000_000), head),
        "/cut": answer(zstd_module.compress(page("Cut"))[:-12], head),
        "/garbage": answer(b"\x28\xb5\x2f\xfd" + b"\xff" * 60, head),
        "/window": answer(large_window, head),
    }
    with KeepAliveServer("127.0.0.245", answers) as site:
        urls = [site.base + path for path in answers if path != "/robots.txt"]
        fetch = {**FETCH, "allow_private": ["127.0.0.245"]}
        run_pipeline(make_config(tmp_path, sources={"urls": urls}, fetch=fetch))
    log = pd.read_parquet(tmp_path / "out" / "fetches").set_index("url")
    assert {url.rsplit("/", 1)[1]: log.loc[url, "outcome"] for url in urls} == {
        "plain": "ok",
        "frames": "ok",
        "skippable": "ok",
        "bomb": "too_large",
        "cut": "decode_error",
        "garbage": "decode_error",
        "window": "decode_error",
    }
    assert "zstd" in log.loc[site.base + "/window", "error"]
    articles = pd.read_parquet(tmp_path / "out" / "articles").set_index("url")
    for name in ("plain", "frames", "skippable"):
        assert articles.loc[f"{site.base}/{name}", "title"] == name.capitalize()
        assert articles.loc[f"{site.base}/{name}", "text"].count("Gout is a form") == 1
    # the same exchanges read back from the raw archive: the same pages
    archived = sorted(str(p) for p in (tmp_path / "raw").glob("*.warc.gz"))
    assert run_pipeline(make_config(tmp_path / "again", sources={"warc": archived})).exit_code == 0
    again = pd.read_parquet(tmp_path / "again" / "out" / "articles")
    assert sorted(again["title"]) == ["Frames", "Plain", "Skippable"]


def test_a_host_that_asks_for_a_rest_gets_it_in_this_run_and_the_next(tmp_path: Path) -> None:
    """ "429, Retry-After: <past fetch.max_retry_after_s>" (a rate limit, a maintenance window):
    the page was given up, but the host's other pages were still requested, each answered the
    same way, and a same-day re-run (the scheduler's retry of the exit 1, minutes later) sent
    them all again, after the server had asked for none. Now such an answer rests the host:
    its other pages are `connection_error` "... asked for no request for now ...; not tried",
    kept across runs (`_state/rest/HOST.json`, at most MAX_HOST_REST_S, a week, however far
    the Retry-After), and once the rest is over the next run fetches them."""
    answered: list[str] = []
    busy = {"until": time.time() + 3600.0}

    def limited(path: str) -> bytes:
        answered.append(path)
        if path == "/robots.txt":
            return NO_ROBOTS
        if time.time() < busy["until"]:
            return answer(b"", b"Retry-After: 31536000\r\n", b"429 Too Many Requests")
        return answer(page(path[1:].capitalize()), HTML)

    paths = [f"/p{n}" for n in range(4)]
    with KeepAliveServer("127.0.0.246", limited) as site:
        fetch = {**FETCH, "allow_private": ["127.0.0.246"], "max_retries": 2, "per_host_concurrency": 1}
        config = make_config(tmp_path, sources={"urls": [site.base + p for p in paths]}, fetch=fetch)
        assert run_pipeline(config).exit_code == 1
        assert len([p for p in answered if p != "/robots.txt"]) == 1  # one page asked, then none
        log = pd.read_parquet(tmp_path / "out" / "fetches")
        assert sorted(log["outcome"]) == ["connection_error"] * 3 + ["http_error"]
        rested = log[log["outcome"] == "connection_error"]["error"]
        assert set(rested) == {
            "127.0.0.246 asked for no request for now (HTTP 429 with a Retry-After over "
            "fetch.max_retry_after_s); not tried"
        }
        (kept,) = (tmp_path / "out" / "_state" / "rest").glob("*.json")
        assert json.loads(kept.read_text())["until"] <= time.time() + 7 * 86_400  # not a year
        before = len(answered)
        assert run_pipeline(config).exit_code == 1  # the same-day retry: nothing sent
        assert len(answered) == before
        busy["until"] = 0.0  # the site is back, and the rest is over
        kept.write_text(json.dumps({"until": time.time() - 1, "why": "HTTP 429"}))
        assert run_pipeline(config).exit_code == 0
    articles = pd.read_parquet(tmp_path / "out" / "articles")
    assert sorted(articles["title"]) == ["P0", "P1", "P2", "P3"]
    assert not kept.exists()


def test_a_finished_run_read_again_counts_its_deadline_afresh(tmp_path: Path) -> None:
    """A WARC run keeps its run id when the same command runs again after it finished (its
    shards the deadline cut are read again, whole): a resume's rule (keep the deadline the run
    started with) would have cut them at once, every time, since that deadline had passed. Only
    a killed run (no manifest) keeps its deadline; a finished one run again counts afresh."""
    url = "https://site.test/gout"
    warc = write_warc(tmp_path / "in.warc.gz", [(url, article_html("Gout", url), "text/html", 200)])
    config = make_config(tmp_path, sources={"warc": [str(warc)]}, run={"deadline": "1h"})
    deadlines = []
    for _ in range(2):
        summary = run_pipeline(config)
        assert summary.exit_code == 0 and summary.manifest is not None
        deadlines.append(dt.datetime.fromisoformat(json.loads(Path(summary.manifest).read_text())["deadline"]))
        time.sleep(1.5)
    assert deadlines[1] - deadlines[0] >= dt.timedelta(seconds=1.5)


def test_a_reader_of_a_run_killed_mid_commit_still_finds_every_article(tmp_path: Path) -> None:
    """A night killed while its part files were renamed into place (the OOM killer, a reboot)
    left `fetches` renamed before `articles` (fetches first): the README's current-state query
    took the URL's latest answer, a version no articles file held yet, and the article vanished
    from the current state until the next run swept the unmarked files (a reader during any
    commit saw the same for a moment). Now `fetches` is renamed last, so the fetch log names a
    version only once it is readable: killed after each rename, a reader still finds the page
    (the night before's version), and the same command then stores the new one."""
    with ScriptedServer("127.0.0.247") as site:
        site.route("/robots.txt", Reply(404, b"", content_type="text/plain"))
        site.route("/gout", Reply(200, page("Gout")))
        (tmp_path / "urls.txt").write_text(site.url("/gout") + "\n")
        (tmp_path / "run.toml").write_text(
            '[fetch]\nallow_private = ["127.0.0.247"]\nmin_delay_s = 0.0\n[output]\nwrite_warc = false\n'
        )
        command = [sys.executable, "-m", "pipeline", "run", "--config", "run.toml", "--out", "out", "--workers", "1"]
        command += ["--urls", "urls.txt"]
        night = [*command, "--run-date", "2026-12-01"]
        assert subprocess.run(night, cwd=tmp_path, capture_output=True, timeout=180).returncode == 0
        current = readme_current_state_sql(tmp_path / "out")
        assert [row[1] for row in duckdb.execute(current).fetchall()] == ["Gout"]
        site.route("/gout", Reply(200, page("Gout updated")))
        night = [*command, "--run-date", "2026-12-02"]
        for renamed in (1, 2):  # metadata, articles (no comments or references): fetches not yet
            killed = {**os.environ, "PIPELINE_TEST_CRASH_AFTER": f"part:{renamed}"}
            assert subprocess.run(night, cwd=tmp_path, env=killed, capture_output=True, timeout=180).returncode == -9
            assert [row[1] for row in duckdb.execute(current).fetchall()] == ["Gout"], renamed
        assert subprocess.run(night, cwd=tmp_path, capture_output=True, timeout=180).returncode == 0
    assert [row[1] for row in duckdb.execute(current).fetchall()] == ["Gout updated"]
