"""Eleventh outside-style audit (session 15): what the ten before did not cover, with real parts.

Each test is one row of the "Eleventh outside-style audit" table of docs/audits.md.
"""

from __future__ import annotations

import gzip
import io
import random
import subprocess
import sys
import zlib
from collections.abc import Callable
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from pipeline.cli import main
from pipeline.extract import extract_html
from pipeline.fetch.guard import AddressGuard
from pipeline.fetch.urls import url_key
from pipeline.records import Outcome
from pipeline.run.runner import run_pipeline
from pipeline.sources.warc import read_warc
from tests.conftest import make_config, readme_current_state_sql
from tests.httpserver import Reply, Request, ScriptedServer, html_page
from tests.test_fetch import crawl as fetch_crawl
from tests.test_operations import make_warcs
from tests.test_outside_audit import PAGE, crawl


def _answer(status_line: bytes) -> bytes:
    return status_line + b"\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n" % len(PAGE) + PAGE


def test_a_status_line_in_lower_case_is_the_page_live_as_from_a_warc(tmp_path: Path) -> None:
    """``http/1.1 200 OK`` (an embedded server, a hand-written CGI or proxy) was `connection_error`
    "malformed response: status line 'http/1.1 200 OK'" live, while the same response read from a
    WARC file was the page, and browsers and curl show it; now read in any case, live as archived."""
    answers = {
        "/lower": _answer(b"http/1.1 200 OK"),
        "/mixed": _answer(b"Http/1.1 200 OK"),
        "/lower-1.0": _answer(b"http/1.0 200 OK"),
        "/upper": _answer(b"HTTP/1.1 200 OK"),
        "/not-http": _answer(b"ICY 200 OK"),  # a SHOUTcast stream's answer: still no HTTP response
        "/no-status": _answer(b"HTTP/1.1 OK"),
    }
    pages, server = crawl(answers, list(answers))
    outcomes = {path: (page.outcome, page.status) for path, page in pages.items()}
    assert outcomes == {
        "/lower": (Outcome.OK, 200),
        "/mixed": (Outcome.OK, 200),
        "/lower-1.0": (Outcome.OK, 200),
        "/upper": (Outcome.OK, 200),
        "/not-http": (Outcome.CONNECTION_ERROR, None),
        "/no-status": (Outcome.CONNECTION_ERROR, None),
    }
    assert pages["/not-http"].error == "malformed response: status line 'ICY 200 OK\\r\\n'"
    assert "Gout" in (pages["/lower"].html or "")
    archived = tmp_path / "lower.warc.gz"
    with open(archived, "wb") as stream:  # the same answer as another crawler archived it
        writer = WARCWriter(stream, gzip=True)
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="http/1.1")
        url = server.base + "/lower"
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(PAGE), http_headers=http))
    [page] = read_warc(archived)
    assert (page.outcome, page.status, page.html) == (Outcome.OK, 200, pages["/lower"].html)


def _warc_response(url: str, status_line: bytes, body: bytes) -> bytes:
    """One uncompressed WARC response record, byte by byte (warcio's writer refuses a non-ASCII head)."""
    http = status_line + b"\r\nContent-Type: text/html\r\n\r\n" + body
    head = (
        b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:%d>\r\nWARC-Date: 2026-12-07T00:00:00Z\r\n"
        b"WARC-Target-URI: %s\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: %d\r\n\r\n"
    ) % (zlib.crc32(url.encode()), url.encode(), len(http))
    return head + http + b"\r\n\r\n"


COMMENTED = """<html lang="en"><head><title>Living with asthma</title></head><body><article>
<h1>Living with asthma</h1><p>{text}</p><p>{text}</p></article>
<section id="comments"><h2>Comments</h2><ol class="commentlist">
<li class="comment"><div class="comment-author"><b class="fn">reader_one</b>
<time class="comment-date" data-time="\u00b2">3 days ago</time></div>
<div class="comment-content"><p>Thanks, this helped me understand my diagnosis and my nurse's plan.</p></div></li>
<li class="comment"><div class="comment-author"><b class="fn">reader_two</b>
<span class="date" data-timestamp="\u00b9\u00b2\u00b3">yesterday</span></div>
<div class="comment-content"><p>My peak flow readings are much better since I keep a diary of them.</p></div></li>
</ol></section></body></html>"""
TEXT = "Asthma is a long-term condition of the airways that many people manage well at home with a plan. " * 3


def _hacker_news_thread(indents: list[str]) -> str:
    rows = "".join(
        f'<tr class="athing comtr" id="{n}"><td><table><tr><td class="ind" indent="{indent}"></td>'
        f'<td class="default"><div><span class="comhead"><a class="hnuser" href="user?id=u{n}">user{n}</a> '
        f'<span class="age" title="2026-12-0{n + 1}T10:00:00"><a href="item?id={n}">{n + 1} hours ago</a></span>'
        f'</span></div><div class="comment"><div class="commtext c00">Comment {n}: I have had asthma for years and '
        "this plan is what my nurse gave me too; it works well.</div></div></td></tr></table></td></tr>"
        for n, indent in enumerate(indents)
    )
    return (
        '<html lang="en"><head><title>Ask: living with asthma</title></head><body><table id="hnmain"><tr><td>'
        '<table class="fatitem"><tr class="athing submission"><td class="title"><span class="titleline">'
        f'<a href="x">Ask: living with asthma</a></span></td></tr><tr><td>{TEXT}</td></tr></table>'
        f'<table class="comment-tree">{rows}</table></td></tr></table></body></html>'
    )


def test_a_superscript_digit_costs_no_page_no_response_and_no_file(tmp_path: Path) -> None:
    """``str.isdigit()`` holds for "²" (and the other superscripts and circled digits) where
    ``int()`` and ``float()`` refuse them: a ``Retry-After: ²`` (the byte 0xB2) made the page an
    `internal_error` with a traceback in the log, a WARC record whose status is "²" failed its whole
    file (`input_error`, every record after it lost), and a comment's ``data-time="²"`` or a thread's
    ``indent="²"`` failed the page's extraction (`extract_failed` "ValueError", the article lost).
    Numbers read from a response or a page are ASCII digits now."""
    answers = {"/busy": b"HTTP/1.1 503 Busy\r\nRetry-After: \xb2\r\nContent-Length: 4\r\n\r\nbusy"}
    pages, _ = crawl(answers, list(answers))
    assert (pages["/busy"].outcome, pages["/busy"].status, pages["/busy"].error) == (
        Outcome.HTTP_ERROR,
        503,
        "HTTP 503",
    )

    archive = tmp_path / "crawl.warc"
    archive.write_bytes(
        _warc_response("http://site.test/odd", "HTTP/1.1 \u00b2 OK".encode(), PAGE)
        + _warc_response("http://site.test/fine", b"HTTP/1.1 200 OK", PAGE)
    )
    read = {page.url: (page.outcome, page.error) for page in read_warc(archive)}
    assert read == {
        "http://site.test/odd": (Outcome.HTTP_ERROR, "invalid HTTP status '\u00b2' in the archived response"),
        "http://site.test/fine": (Outcome.OK, None),
    }

    commented = extract_html(COMMENTED.format(text=TEXT), "https://site.test/asthma")
    assert [c.author for c in commented.comments] == ["reader_one", "reader_two"]
    thread = extract_html(_hacker_news_thread(["0", "\u00b2", "1"]), "https://news.ycombinator.com/item?id=1")
    assert [c.author for c in thread.comments] == ["user0", "user1", "user2"]


def test_a_tracking_parameter_leaves_the_key_and_nothing_else() -> None:
    """Session 14's left-over: the parameters of ``tracking_params.txt`` are removed by parsing the
    query and encoding it again (``urlencode``), which could re-encode the other parameters and give
    a URL with a tracker another key than the same URL without it. Held: courlan's normalisation
    parses and encodes every query the same way after it, so the key of a query with a tracker
    added anywhere is the key without it (random queries of escapes, separators, blanks, non-ASCII)."""
    pieces = ["a", "q", "k", "=", "&", ";", "+", "%20", "%2B", "%26", "%3D", "%2F", "/", "%", "%zz", "é", "%C3%A9"]
    pieces += ["~", "*", "'", "(", ")", "!", "$", ",", ":", "@", "?", "utm_source=x", "page=2", ""]
    rng = random.Random(15)
    for _ in range(3000):
        query = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 8)))
        plain = url_key(f"http://site.test/p?{query}")
        for tracked in (f"{query}&_hsenc=p2A", f"ttclid=9&{query}", f"{query}&li_fat_id=1"):
            assert url_key(f"http://site.test/p?{tracked}") == plain, (query, tracked)


ORDER_SITE = "127.0.0.51"


def test_the_same_input_in_another_order_is_the_same_run(tmp_path: Path) -> None:
    """The run id digests the input sorted ("in any order"), but also the settings, where
    ``sources.urls``, ``sources.warc`` and ``fetch.allow_private`` were digested as written: a URL
    list generated in another order (a query without ORDER BY), or ``--warc crawl/*.warc.gz``
    expanded in another locale's order (cron's C locale sorts "B.warc" before "a.warc", en_US
    after), was another run on the same day: a killed night was not resumed, and a retry fetched
    every page again. Now the order of these lists is no part of the run id."""
    site = ScriptedServer(ORDER_SITE)
    site.route("/robots.txt", Reply(404, b"", content_type="text/plain"))
    for name in ("asthma", "eczema", "gout"):
        site.route(f"/{name}", Reply(200, html_page(name.title(), TEXT)))
    urls = [site.url(f"/{name}") for name in ("asthma", "eczema", "gout")]

    def night(order: list[str]) -> str:
        allowed = ["127.0.0.52", ORDER_SITE] if order == urls else [ORDER_SITE, "127.0.0.52"]
        config = make_config(
            tmp_path / "urls",
            sources={"urls": order},
            fetch={"allow_private": allowed, "min_delay_s": 0.0, "max_retries": 0},
            run={"run_date": "2026-12-07", "workers": 1},
        )
        summary = run_pipeline(config, argv=[])
        assert summary.exit_code == 0, summary.outcomes
        return summary.run_id

    with site:
        first = night(urls)
        requests = len(site.requests)
        assert night(urls[::-1]) == first
        assert len(site.requests) == requests  # nothing fetched again: the night is done

    warcs = make_warcs(tmp_path / "crawl", files=2, pages=2)
    b_warc, a_warc = Path(warcs[0]).with_name("B.warc.gz"), Path(warcs[1]).with_name("a.warc.gz")
    Path(warcs[0]).rename(b_warc)
    Path(warcs[1]).rename(a_warc)
    ids = []
    for order in ([str(b_warc), str(a_warc)], [str(a_warc), str(b_warc)]):  # LC_ALL=C, then en_US
        config = make_config(tmp_path / "warc", sources={"warc": order}, run={"run_date": "2026-12-07"})
        summary = run_pipeline(config, argv=[])
        assert summary.exit_code == 0, summary.outcomes
        ids.append(summary.run_id)
    assert ids[0] == ids[1]
    assert len(list((tmp_path / "warc" / "out" / "_runs").glob("*.json"))) == 1


@pytest.mark.parametrize("log_format", ["text", "json"])
def test_a_reader_that_stops_reading_stdout_leaves_the_runs_exit_code_true(tmp_path: Path, log_format: str) -> None:
    """``pipeline run ... | grep -q ok`` or ``| head -1`` (the reader exits before the summary is
    printed): the summary's print met a broken pipe, which the CLI answers with exit 0, so a run
    whose pages failed (exit 1) exited 0, and a script with ``set -o pipefail`` saw a good night.
    Now the run's exit code stands, and nothing is left buffered to fail the interpreter's exit."""
    urls = tmp_path / "urls.txt"
    urls.write_text("http://127.0.0.1:9/refused\n")  # loopback, not allowed: a blocked_address row
    command = [sys.executable, "-m", "pipeline", "run", "--urls", str(urls), "--out", str(tmp_path / "out")]
    command += ["--raw", str(tmp_path / "raw"), "--run-date", "2026-12-07", "--log-format", log_format]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert process.stdout is not None
    process.stdout.close()  # the reader is gone before the run ends: its summary meets a broken pipe
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 1, stderr
    assert "Exception ignored" not in stderr and "Traceback" not in stderr, stderr


def _chunked(body: bytes, size: int = 100) -> bytes:
    pieces = [body[at : at + size] for at in range(0, len(body), size)]
    return b"".join(b"%x\r\n" % len(piece) + piece + b"\r\n" for piece in pieces) + b"0\r\n\r\n"


def test_chunked_as_the_last_transfer_coding_frames_the_body_whatever_its_spelling(tmp_path: Path) -> None:
    """``Transfer-Encoding: chunked `` (a trailing space: a hand-written server or CGI) and
    ``gzip, chunked`` frame the body in chunks (RFC 9112 6.3: chunked is the last coding; a
    field's surrounding spaces are no part of its value), but ``http.client`` wanted the whole value
    to be "chunked" and read to the end of the connection, which a kept-alive one never reaches:
    every page waited out ``fetch.timeout_s`` and was a `timeout`. Now the last coding decides,
    live as from a WARC file; ``gzip, chunked`` then gives its gzip bytes, `not_html` as any
    compressed body without a Content-Encoding (browsers do not decode a gzip transfer coding)."""
    head = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: %s\r\n\r\n"
    answers = {
        "/trailing-space": head % b"chunked " + _chunked(PAGE),
        "/gzip-then-chunked": head % b"gzip, chunked" + _chunked(gzip.compress(PAGE)),
        "/after": head % b"chunked" + _chunked(PAGE),  # the same kept-alive connection goes on
    }
    pages, server = crawl(answers, list(answers), timeout_s=10.0)
    outcomes = {path: (page.outcome, page.error) for path, page in pages.items()}
    assert outcomes == {
        "/trailing-space": (Outcome.OK, None),
        "/gzip-then-chunked": (Outcome.NOT_HTML, "gzip data labelled text/html"),
        "/after": (Outcome.OK, None),
    }
    assert pages["/trailing-space"].html == pages["/after"].html and "Gout" in (pages["/after"].html or "")
    assert server.connections == 1
    archive = tmp_path / "crawl.warc"
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"
    http += _chunked(gzip.compress(PAGE))
    archive.write_bytes(
        b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:1>\r\nWARC-Date: 2026-12-07T00:00:00Z\r\n"
        b"WARC-Target-URI: http://site.test/gzip-then-chunked\r\n"
        b"Content-Type: application/http; msgtype=response\r\nContent-Length: %d\r\n\r\n"
        % len(http)
        + http
        + b"\r\n\r\n"
    )
    [page] = read_warc(archive)
    assert (page.outcome, page.error) == (Outcome.NOT_HTML, "gzip data labelled text/html")


def test_a_line_of_the_head_that_is_no_header_costs_only_itself(tmp_path: Path) -> None:
    """``Set-Cookie : a=b`` (a space before the colon: a common misconfiguration), ``X Powered By:
    PHP`` or a stray word in a response's head: ``http.client``'s email parser ended the head at
    that line and dropped every header after it, Content-Length and Content-Type among them, so
    the body was read to the end of a kept-alive connection that never came: `timeout` "read
    timed out", every page of such a server. Browsers and curl skip the line; now so do we, and
    the same response from a WARC file (warcio reads its head itself) gives the same page."""
    head = b"HTTP/1.1 200 OK\r\nServer: hand-made\r\n%s\r\nContent-Type: text/html; charset=utf-8\r\n"
    head += b"Content-Length: %d\r\nX-Folded: one\r\n two\r\n\r\n"
    answers = {
        "/space-before-colon": head % (b"Set-Cookie : session=1", len(PAGE)) + PAGE,
        "/spaces-in-name": head % (b"X Powered By: PHP/5.2", len(PAGE)) + PAGE,
        "/stray-word": head % (b"Bogus", len(PAGE)) + PAGE,
    }
    pages, server = crawl(answers, list(answers), timeout_s=10.0)
    for path, page in pages.items():
        assert (page.outcome, page.error, page.charset) == (Outcome.OK, None, "utf-8"), path
        assert page.html == pages["/stray-word"].html and "Gout" in (page.html or ""), path
    assert server.connections == 1  # each body ended where its Content-Length said: one connection
    assert pages["/space-before-colon"].headers.get("Set-Cookie") == "session=1"
    archive = tmp_path / "crawl.warc"
    http = head % (b"Bogus", len(PAGE)) + PAGE
    archive.write_bytes(
        b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:1>\r\nWARC-Date: 2026-12-07T00:00:00Z\r\n"
        b"WARC-Target-URI: http://site.test/stray-word\r\nContent-Type: application/http; msgtype=response\r\n"
        + b"Content-Length: %d\r\n\r\n" % len(http)
        + http
        + b"\r\n\r\n"
    )
    [page] = read_warc(archive)
    assert (page.outcome, page.html) == (Outcome.OK, pages["/stray-word"].html)


WEEK_SITE = "127.0.0.53"


def test_a_week_with_robots_txt_failing_for_days_and_the_url_list_changing(tmp_path: Path) -> None:
    """Nightly runs over one site whose robots.txt answers 503 for two nights, then an HTML page
    (a CMS's catch-all), while the URL list is reordered, loses a URL and gains one. Held: the
    failing nights are `robots_disallowed` rows naming the 503 (exit 1, no page requested, a
    same-day retry asks robots.txt again), the stored versions and the validators survive them (the
    night after, every page answers 304 to its ETag), a reordered list is the same run, a new URL is
    fetched in full, and the removed URL's article stays current (no answer said it is gone)."""
    robots = {"reply": Reply(404, b"", content_type="text/plain")}
    site = ScriptedServer(WEEK_SITE)
    site.route("/robots.txt", lambda _request: robots["reply"])
    names = ("asthma", "eczema", "gout", "hay-fever")

    def page(name: str) -> Callable[[Request], Reply]:
        etag = f'"{name}-1"'
        body = html_page(name.title(), f"{name.title()}: " + TEXT)
        return lambda request: (
            Reply(304, b"", headers={"ETag": etag}, content_type=None)
            if request.headers.get("if-none-match") == etag
            else Reply(200, body, headers={"ETag": etag})
        )

    for name in names:
        site.route(f"/{name}", page(name))

    def night(date: str, paths: list[str]) -> tuple[int, dict[str, int], list[tuple[str, str | None]]]:
        config = make_config(
            tmp_path,
            sources={"urls": [site.url(path) for path in paths]},
            fetch={"allow_private": [WEEK_SITE], "min_delay_s": 0.0, "max_retries": 0},
            run={"run_date": date, "workers": 1},
        )
        before = len(site.requests)
        summary = run_pipeline(config, argv=[])
        asked = [(r.path, r.headers.get("if-none-match")) for r in site.requests[before:] if r.path != "/robots.txt"]
        return summary.exit_code, summary.outcomes, asked

    three = ["/asthma", "/eczema", "/gout"]
    with site:
        code, outcomes, asked = night("2026-12-01", three)
        assert (code, outcomes, sorted(asked)) == (0, {"ok": 3}, [(p, None) for p in three])
        robots["reply"] = Reply(503, b"down for maintenance", content_type="text/plain")
        for date in ("2026-12-02", "2026-12-02", "2026-12-03"):  # the second: a same-day retry
            assert night(date, three) == (1, {"robots_disallowed": 3}, [])
        robots["reply"] = Reply(200, b"<html><body>Welcome to our site</body></html>")
        code, outcomes, asked = night("2026-12-04", three[::-1])
        assert (code, outcomes) == (0, {"not_modified": 3})
        assert sorted(asked) == [(p, f'"{p[1:]}-1"') for p in three]  # the validators outlived the outage
        reordered = ["/hay-fever", "/gout", "/asthma"]  # eczema dropped, hay fever added
        code, outcomes, asked = night("2026-12-05", reordered)
        assert (code, outcomes) == (0, {"not_modified": 2, "ok": 1}) and ("/hay-fever", None) in asked
        assert night("2026-12-05", reordered[::-1]) == (0, {"not_modified": 2, "ok": 1}, [])  # the same run
    out = tmp_path / "out"
    fetches = pd.read_parquet(out / "fetches")
    disallowed = fetches[fetches["outcome"] == "robots_disallowed"]
    assert len(disallowed) == 9 and disallowed["error"].str.contains(r"robots\.txt unreachable \(HTTP 503\)").all()
    current = duckdb.execute(readme_current_state_sql(out)).fetchall()
    assert sorted({row[1] for row in current}) == ["Asthma", "Eczema", "Gout", "Hay-Fever"]
    assert len(pd.read_parquet(out / "articles")) == 4  # one version each, whatever the nights


DAMAGE_SITE = "127.0.0.55"


@pytest.mark.parametrize("damage", ["fetches-part-empty", "articles-part-cut"])
def test_a_damaged_part_file_in_the_output_is_named_in_one_line(tmp_path: Path, damage: str) -> None:
    """A part file cut short or emptied after it was committed (a copy of the output that stopped
    half-way, a disk that lied about a flush before a power loss, fsck): every later night's start
    read it and ended with pyarrow's traceback (exit 1, "Parquet magic bytes not found in footer"),
    night after night, naming nothing to do. Now exit 2 in one line naming the file and what to do;
    once it is moved away the same command runs (its rows are lost: the page is fetched in full)."""
    site = ScriptedServer(DAMAGE_SITE)
    site.route("/robots.txt", Reply(404, b"", content_type="text/plain"))
    site.route("/asthma", Reply(200, html_page("Asthma", TEXT), headers={"ETag": '"a1"'}))
    toml = tmp_path / "run.toml"
    toml.write_text(f'[fetch]\nallow_private = ["{DAMAGE_SITE}"]\nmin_delay_s = 0.0\nmax_retries = 0\n')
    urls = tmp_path / "urls.txt"
    urls.write_text(site.url("/asthma") + "\n")
    out = tmp_path / "out"

    def arguments(date: str) -> list[str]:
        command = ["run", "--config", str(toml), "--urls", str(urls), "--out", str(out)]
        return [*command, "--raw", str(tmp_path / "raw"), "--run-date", date, "--progress", "off"]

    def night(date: str) -> subprocess.CompletedProcess[str]:  # its stderr, as a user sees it
        command = [sys.executable, "-m", "pipeline", *arguments(date)]
        return subprocess.run(command, capture_output=True, text=True, timeout=120)

    with site:
        for date in ("2026-12-01", "2026-12-02"):
            assert main(arguments(date)) == 0  # the nights before the damage: in this process, quicker
        dataset, date = ("fetches", "2026-12-02") if damage == "fetches-part-empty" else ("articles", "2026-12-01")
        [part] = (out / dataset / f"crawl_date={date}").glob("part-2*.parquet")
        data = part.read_bytes()
        part.write_bytes(b"" if damage == "fetches-part-empty" else data[: len(data) // 2])
        broken = night("2026-12-03")
        assert broken.returncode == 2, broken.stderr
        [line] = [line for line in broken.stderr.splitlines() if " INFO " not in line]
        assert line.startswith(f"pipeline: error: damaged Parquet file(s) in the output: {part} (Parquet "), line
        assert f"move them out of {out}" in line and "Traceback" not in broken.stderr
        part.rename(tmp_path / part.name)  # what the line says to do
        assert main(arguments("2026-12-03")) == 0


def test_an_ipv6_only_network_with_nat64_reaches_public_sites_and_no_private_one(tmp_path: Path) -> None:
    """On an IPv6-only network with DNS64 (AWS's IPv6-only subnets, IPv6-only Kubernetes), every
    IPv4-only site resolves to the NAT64 prefix, ``64:ff9b::a.b.c.d``, which Python files under
    ::/8 "reserved": the address guard refused every such page (`blocked_address` "... (reserved;
    not in fetch.allow_private)"), most of the web. Now the IPv4 address inside decides, as for
    ``::ffff:a.b.c.d``: a public one is approved, a private, loopback or link-local one (the cloud's
    metadata service through the gateway) is refused; so is a 6to4 address (``2002:AABB:CCDD::``)
    holding a private one, which was approved."""
    guard = AddressGuard()
    assert guard.addresses("64:ff9b::808:808", 80) == ["64:ff9b::808:808"]  # 8.8.8.8 through NAT64
    assert guard.addresses("2002:808:808::1", 80) == ["2002:808:808::1"]
    refused = {
        "64:ff9b::a9fe:a9fe": "link-local",  # 169.254.169.254, the metadata service
        "64:ff9b::7f00:1": "loopback",
        "64:ff9b::a00:1": "private",
        "2002:a00:1::1": "private",  # 10.0.0.1 through a 6to4 relay
    }
    pages = {
        page.url: (page.outcome, page.error)
        for page in fetch_crawl(
            tmp_path, [f"http://[{address}]/admin" for address in refused], obey_robots=False, max_retries=0
        )
    }
    assert pages == {
        f"http://[{address}]/admin": (
            Outcome.BLOCKED_ADDRESS,
            f"{address} resolves to {address} ({why}; not in fetch.allow_private)",
        )
        for address, why in refused.items()
    }
