"""Sixteenth outside-style audit (session 20): session 19's two open findings, then what the
fifteen before left or did not try, with real parts.

Each test is one row of the "Sixteenth outside-style audit" table of docs/audits.md.
"""

from __future__ import annotations

import datetime as dt
import gzip
import io
import json
import random
import shutil
import ssl
import subprocess
import time
from collections.abc import Callable
from email.utils import format_datetime
from pathlib import Path

import brotli
import pandas as pd
import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from pipeline.codings import DecodeError, decode_bounded
from pipeline.extract import extract_html
from pipeline.run.runner import run_pipeline
from pipeline.run.summary import RunSummary, clock_line
from tests.conftest import make_config
from tests.httpserver import Reply, ScriptedServer
from tests.rawserver import KeepAliveServer, ok

TEXT = (
    "<p>Gout is a form of arthritis caused by too much uric acid in the blood; attacks often start at night.</p>"
    "<p>Diet plays a part: red meat, organ meats, sugary drinks and alcohol raise uric acid levels over time.</p>"
    "<p>Medicines such as allopurinol lower uric acid, while anti-inflammatory drugs treat the attacks themselves.</p>"
)
# CPU seconds within which the brotli tail is found: 4.3 s a byte at a time, 6 ms by halving.
BROTLI_TAIL_CPU_S = 1.0
FETCH: dict[str, object] = {"min_delay_s": 0.0, "max_retries": 0, "max_bytes": 1_000_000}


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


def answer(body: bytes, head: bytes) -> bytes:
    """An HTTP/1.1 200 with ``head``'s extra header lines and a Content-Length."""
    return b"HTTP/1.1 200 OK\r\n" + head + b"Content-Length: %d\r\n\r\n" % len(body) + body


def test_a_brotli_body_followed_by_other_bytes_is_read_as_chromium_reads_it(tmp_path: Path) -> None:
    """A brotli body with bytes after its stream's end (a stray newline, a second copy, padding:
    session 19's left-over) was `decode_error` "bad brotli data"; Chromium drops what follows the
    end, as the fetcher already did after a gzip member. The decoded cap still holds (a brotli
    bomb with a tail is `too_large`), and brotli that is broken before its end is still an error."""
    br = b"Content-Type: text/html; charset=utf-8\r\nContent-Encoding: br\r\n"
    bomb = brotli.compress(b"<p>" + b"a" * 3_000_000)
    answers = {
        "/robots.txt": b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n",
        "/newline": answer(brotli.compress(page("Newline")) + b"\r\n", br),
        "/copy": answer(brotli.compress(page("Copy")) * 2, br),
        "/zeros": answer(brotli.compress(page("Zeros")) + b"\0" * 5000, br),
        "/bomb": answer(bomb + b"\n", br),
        "/broken": answer(brotli.compress(page("Broken"))[:20] + b"\xff" * 40, br),
        "/plain": ok(page("Plain")),
    }
    with KeepAliveServer("127.0.0.201", answers) as site:
        urls = [site.base + path for path in ("/newline", "/copy", "/zeros", "/bomb", "/broken", "/plain")]
        fetch = {**FETCH, "allow_private": ["127.0.0.201"]}
        run_pipeline(make_config(tmp_path, sources={"urls": urls}, fetch=fetch))
    log = pd.read_parquet(tmp_path / "out" / "fetches").set_index("url")
    outcome = {url.rsplit("/", 1)[1]: log.loc[url, "outcome"] for url in urls}
    assert outcome == {
        "newline": "ok",
        "copy": "ok",
        "zeros": "ok",
        "bomb": "too_large",
        "broken": "decode_error",
        "plain": "ok",
    }
    articles = pd.read_parquet(tmp_path / "out" / "articles").set_index("url")
    for name in ("newline", "copy", "zeros"):
        assert articles.loc[f"{site.base}/{name}", "title"] == name.capitalize()
        assert articles.loc[f"{site.base}/{name}", "text"].count("Gout is a form") == 1


def test_the_end_of_a_brotli_stream_is_found_without_a_decode_per_byte() -> None:
    """Where a brotli stream ends among the bytes that failed is searched by halving: fed again
    a byte at a time, an incompressible body of 1 MB and a newline took 4.3 s of CPU (a whole
    WARC payload is one piece), now milliseconds; bad data before the end is still an error."""
    body = random.Random(20).randbytes(1_000_000)
    packed = brotli.compress(body, quality=1)
    started = time.process_time()
    assert decode_bounded(packed + b"\n", "br", 2_000_000) == (body, False)
    assert time.process_time() - started < BROTLI_TAIL_CPU_S
    text = b"".join(b"<p>paragraph %d on gout and uric acid</p>" % n for n in range(20_000))
    broken = bytearray(brotli.compress(text))
    broken[len(broken) // 2] ^= 0x55
    with pytest.raises(DecodeError, match="bad brotli data"):
        decode_bounded(bytes(broken), "br", 2_000_000)


def test_an_archived_brotli_body_followed_by_other_bytes_is_read(tmp_path: Path) -> None:
    """The same body archived (a crawler that stored the wire's bytes): read, not `decode_error`."""
    warc = tmp_path / "br.warc.gz"
    with open(warc, "wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        head = [("Content-Type", "text/html; charset=utf-8"), ("Content-Encoding", "br")]
        http = StatusAndHeaders("200 OK", head, protocol="HTTP/1.1")
        payload = io.BytesIO(brotli.compress(page("Archived")) + b"\r\n")
        writer.write_record(
            writer.create_warc_record("https://site.test/br", "response", payload=payload, http_headers=http)
        )
    assert run_pipeline(make_config(tmp_path, sources={"warc": [str(warc)]})).exit_code == 0
    articles = pd.read_parquet(tmp_path / "out" / "articles")
    assert articles["title"].tolist() == ["Archived"]


def test_a_gzip_body_whose_footer_is_wrong_or_missing_is_read_as_browsers_read_it(tmp_path: Path) -> None:
    """A gzip body whose deflate stream is whole but whose 8-byte footer is missing, cut or
    wrong (a Content-Length counted before the footer, a CRC written wrong) was `decode_error`
    ("gzip data cut short", "incorrect data check"); Chromium skips the footer unchecked and
    shows the page. Now read as it does; a deflate stream without its end is still cut."""
    head = b"Content-Type: text/html; charset=utf-8\r\nContent-Encoding: gzip\r\n"
    whole = {name: gzip.compress(page(name.capitalize())) for name in ("nofooter", "half", "crc", "size", "cut")}
    answers = {
        "/robots.txt": b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n",
        "/nofooter": answer(whole["nofooter"][:-8], head),
        "/half": answer(whole["half"][:-3], head),
        "/crc": answer(whole["crc"][:-8] + b"\0\0\0\0" + whole["crc"][-4:], head),
        "/size": answer(whole["size"][:-4] + b"\xff\xff\xff\x7f", head),
        "/cut": answer(whole["cut"][:-40], head),
    }
    with KeepAliveServer("127.0.0.203", answers) as site:
        urls = [site.base + "/" + name for name in whole]
        fetch = {**FETCH, "allow_private": ["127.0.0.203"]}
        run_pipeline(make_config(tmp_path, sources={"urls": urls}, fetch=fetch))
    log = pd.read_parquet(tmp_path / "out" / "fetches").set_index("url")
    assert {url.rsplit("/", 1)[1]: log.loc[url, "outcome"] for url in urls} == {
        "nofooter": "ok",
        "half": "ok",
        "crc": "ok",
        "size": "ok",
        "cut": "decode_error",
    }
    articles = pd.read_parquet(tmp_path / "out" / "articles").set_index("url")
    assert articles.loc[site.base + "/crc", "title"] == "Crc"
    assert articles.loc[site.base + "/nofooter", "text"].count("Gout is a form") == 1


def test_a_fetching_clock_behind_the_servers_does_not_drop_true_dates(tmp_path: Path) -> None:
    """A machine whose clock is far behind (a dead RTC battery, a VM restored from a snapshot):
    session 19 bounded a page's dates by the fetch's time, so every date after the machine's
    clock was dropped as "future" (session 19's left-over). The server's HTTP ``Date`` is a
    second clock: a page existed when its server answered, so the bound is the later of the
    two. Here the server's clock is 60 days ahead of ours (as ours would be 60 days behind),
    and the page printing the server's date of 10 days ago keeps it; a page whose server sends
    no Date, or a Date no later than ours, still loses a date after the fetch."""
    now = dt.datetime.now(dt.UTC)
    ahead, printed = now + dt.timedelta(days=60), (now + dt.timedelta(days=50)).date().isoformat()
    served = (
        b"Content-Type: text/html; charset=utf-8\r\nDate: " + format_datetime(ahead, usegmt=True).encode() + b"\r\n"
    )
    same = b"Content-Type: text/html; charset=utf-8\r\nDate: " + format_datetime(now, usegmt=True).encode() + b"\r\n"
    answers = {
        "/robots.txt": b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n",
        "/ahead": answer(page("Ahead", printed), served),
        "/no-date": answer(page("No date", printed), b"Content-Type: text/html; charset=utf-8\r\n"),
        "/same": answer(page("Same", printed), same),
    }
    with KeepAliveServer("127.0.0.202", answers) as site:
        urls = [site.base + path for path in ("/ahead", "/no-date", "/same")]
        fetch = {**FETCH, "allow_private": ["127.0.0.202"]}
        assert run_pipeline(make_config(tmp_path, sources={"urls": urls}, fetch=fetch)).exit_code == 0
    rows = pd.read_parquet(tmp_path / "out" / "metadata").set_index("url")
    assert rows.loc[site.base + "/ahead", "published"] == dt.date.fromisoformat(printed)
    assert pd.isna(rows.loc[site.base + "/no-date", "published"])
    assert pd.isna(rows.loc[site.base + "/same", "published"])


def archived(path: Path, records: list[tuple[str, bytes, str | None, str | None]]) -> Path:
    """A WARC of (url, page, WARC-Date or None, HTTP Date or None) response records."""
    with open(path, "wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        for url, body, when, served in records:
            head = [("Content-Type", "text/html; charset=utf-8"), *([("Date", served)] if served else [])]
            http = StatusAndHeaders("200 OK", head, protocol="HTTP/1.1")
            record = writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http)
            if when is None:
                record.rec_headers.remove_header("WARC-Date")
            else:
                record.rec_headers.replace_header("WARC-Date", when)
            writer.write_record(record)
    return path


def test_an_archived_pages_dates_are_bounded_by_the_later_of_its_two_clocks(tmp_path: Path) -> None:
    """A record without WARC-Date (WARC 1.1 requires one; hand-made and converted files lack it)
    was bounded by the run's clock alone; now by the later of it and the record's HTTP Date, so
    a run on a machine behind its archive's server keeps the page's dates. A record whose
    crawler's clock was behind (WARC-Date before the HTTP Date) is bounded by the HTTP Date, up
    to SERVER_CLOCK_MAX_LEAD past the WARC-Date (session 21); a record of 2012 with both clocks in
    2012 is still bounded by 2012 (session 19)."""
    now = dt.datetime.now(dt.UTC)
    printed = (now + dt.timedelta(days=50)).date()
    ahead = format_datetime(now + dt.timedelta(days=60), usegmt=True)
    warc = archived(
        tmp_path / "dates.warc.gz",
        [
            ("https://site.test/no-warc-date", page("A", printed.isoformat()), None, ahead),
            ("https://site.test/neither", page("B", printed.isoformat()), None, None),
            (
                "https://site.test/crawler-behind",
                page("C", "2013-03-01"),
                "2013-01-15T08:00:00Z",  # 53 days behind its server: within the lift
                "Sat, 09 Mar 2013 10:00:00 GMT",
            ),
            (
                "https://site.test/2012",
                page("D", "2013-03-01"),
                "2012-05-01T08:00:00Z",
                "Tue, 01 May 2012 08:00:00 GMT",
            ),
        ],
    )
    assert run_pipeline(make_config(tmp_path, sources={"warc": [str(warc)]})).exit_code == 0
    rows = pd.read_parquet(tmp_path / "out" / "metadata").set_index("url")
    assert rows.loc["https://site.test/no-warc-date", "published"] == printed
    assert pd.isna(rows.loc["https://site.test/neither", "published"])
    assert rows.loc["https://site.test/crawler-behind", "published"] == dt.date(2013, 3, 1)
    assert pd.isna(rows.loc["https://site.test/2012", "published"])


def test_a_machine_whose_clock_is_behind_the_servers_is_told(tmp_path: Path) -> None:
    """A first run on a machine whose clock is days behind (a dead RTC battery, a VM restored
    from a snapshot) said nothing: the only clock check compares a run's start with the runs
    before it, and `crawl_date` and `fetched_at` silently followed the wrong clock. Now the
    servers' HTTP Date, three days ahead on both hosts here, makes a warning, a summary line and
    `clock_skew_s`; hosts whose Date agrees with ours say nothing, nor does a cache's stored copy
    (its Date is when it was made, its Age how long ago)."""

    def dated(when: dt.datetime, age: int) -> bytes:
        head = b"Content-Type: text/html\r\nDate: " + format_datetime(when, usegmt=True).encode() + b"\r\n"
        return answer(page("Dated"), head + (b"Age: %d\r\n" % age if age else b""))

    def run(hosts: dict[str, tuple[dt.timedelta, int]], root: Path) -> RunSummary:
        def answers(ahead: dt.timedelta, age: int) -> Callable[[str], bytes]:
            return lambda path: dated(dt.datetime.now(dt.UTC) + ahead, age)

        servers = [KeepAliveServer(host, answers(ahead, age)) for host, (ahead, age) in hosts.items()]
        try:
            urls = [f"{server.base}/page" for server in servers]
            fetch = {**FETCH, "allow_private": list(hosts)}
            return run_pipeline(make_config(root, sources={"urls": urls}, fetch=fetch))
        finally:
            for server in servers:
                server.close()

    days = dt.timedelta(days=3)
    behind = run({"127.0.0.206": (days, 0), "127.0.0.207": (days, 0)}, tmp_path / "behind")
    assert behind.clock_skew_s is not None and abs(behind.clock_skew_s - 3 * 86400) < 600
    assert clock_line(behind).startswith("this machine's clock is 3.0 day(s) behind the servers'")
    # a CDN's copy made three hours ago keeps that Date and says its Age (RFC 9111): no skew
    hours = dt.timedelta(hours=3)
    agreed = run({"127.0.0.208": (dt.timedelta(0), 0), "127.0.0.209": (-hours, 3 * 3600)}, tmp_path / "agreed")
    assert agreed.clock_skew_s is None and clock_line(agreed) == ""
    assert all(abs(skew) < 600 for skew in agreed.clock_skew.values()) and len(agreed.clock_skew) == 2


CA_CONFIG = """[ ca ]
default_ca = own
[ own ]
dir = .
database = index.txt
serial = serial
new_certs_dir = .
default_md = sha256
policy = any
copy_extensions = copy
[ any ]
commonName = supplied
[ req ]
distinguished_name = dn
prompt = no
[ dn ]
CN = {address}
"""


def _certificate_from(where: Path, address: str, start: str) -> tuple[Path, ssl.SSLContext]:
    """A self-signed certificate for ``address`` valid from ``start`` (YYYYMMDDHHMMSSZ) for a
    year (``openssl ca`` sets a start date; ``openssl req -x509`` starts now), and its server context."""
    (where / "index.txt").touch()
    (where / "serial").write_text("01\n")
    (where / "ca.cnf").write_text(CA_CONFIG.format(address=address))
    steps = [
        ["req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout", "key.pem", "-out", "req.csr", "-config", "ca.cnf"],
        ["ca", "-batch", "-config", "ca.cnf", "-selfsign", "-keyfile", "key.pem", "-in", "req.csr", "-out", "cert.pem"],
    ]
    steps[0] += ["-addext", f"subjectAltName=IP:{address}"]
    steps[1] += ["-startdate", start, "-enddate", str(int(start[:4]) + 1) + start[4:]]
    for step in steps:
        subprocess.run(["openssl", *step], cwd=where, check=True, capture_output=True)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(where / "cert.pem", where / "key.pem")
    return where / "cert.pem", context


@pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl makes the certificate")
def test_a_certificate_not_yet_valid_names_this_machines_clock(tmp_path: Path) -> None:
    """On a machine whose clock is behind, every https site fails its handshake before any HTTP
    Date is read (so the clock check of the summary has nothing to go by): each page said
    "CERTIFICATE_VERIFY_FAILED: certificate is not yet valid", nothing about the clock. Now the
    reason names this machine's clock and asks whether it is behind (its time is the row's
    `fetched_at`: the reason carries none since session 21, test_seventeenth_audit). Played here
    by a certificate valid from next year, trusted through `fetch.ca_bundle`."""
    address = "127.0.0.210"
    start = f"{dt.datetime.now(dt.UTC).year + 1}0101000000Z"
    cert, tls = _certificate_from(tmp_path, address, start)
    with ScriptedServer(address, {"/asthma": Reply(200, page("Asthma"))}, tls=tls) as site:
        site.route("/robots.txt", Reply(404, b"", content_type="text/plain"))
        fetch = {**FETCH, "allow_private": [address], "ca_bundle": str(cert)}
        run_pipeline(make_config(tmp_path, sources={"urls": [site.url("/asthma")]}, fetch=fetch))
    (row,) = pd.read_parquet(tmp_path / "out" / "fetches").itertuples()
    assert row.outcome == "connection_error"
    assert "not yet valid at this machine's clock (" in row.error and "if the clock is behind, set it" in row.error


@pytest.mark.parametrize("served", ["Fri, 31 Dec 9999 23:59:59 -1200", "Mon, 01 Jan 0001 00:00:00 +1400"])
def test_a_server_date_outside_utcs_calendar_loses_no_page(served: str) -> None:
    """A ``Date`` header that parses but is no moment in UTC (the last second of 9999 west of
    Greenwich is in the year 10000 there) is no second clock: the page's dates are bounded by
    the fetch's time. It raised OverflowError when compared, and the page was ``extract_failed``."""
    extraction = extract_html(page("Far", "2024-03-01").decode(), "https://site.test/far", headers={"Date": served})
    assert "Gout is a form" in extraction.text
    assert extraction.metadata.published == dt.date(2024, 3, 1)


def test_a_servers_date_and_age_never_stop_the_shard(tmp_path: Path) -> None:
    """The clock check adds a cache's ``Age`` to its ``Date``: a Date at the end of 9999 with an
    Age of a second raised OverflowError, an Age of 5,000 digits ValueError (int() refuses past
    4,300), in the shard's loop, which stopped the shard at that page ("shard stopped early"):
    the pages after it were never fetched. Each is now a page like any other."""
    plain = b"Content-Type: text/html; charset=utf-8\r\n"
    answers = {
        "/robots.txt": b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n",
        "/far": answer(page("Far"), plain + b"Date: Fri, 31 Dec 9999 23:59:59 GMT\r\nAge: 1\r\n"),
        "/aged": answer(page("Aged"), plain + b"Date: Mon, 07 Dec 2026 10:00:00 GMT\r\nAge: " + b"9" * 5000 + b"\r\n"),
        "/after": answer(page("After"), plain),
    }
    with KeepAliveServer("127.0.0.231", answers) as site:
        urls = [site.base + path for path in ("/far", "/aged", "/after")]
        fetch = {**FETCH, "allow_private": ["127.0.0.231"]}
        assert run_pipeline(make_config(tmp_path, sources={"urls": urls}, fetch=fetch)).exit_code == 0
    articles = pd.read_parquet(tmp_path / "out" / "articles")
    assert sorted(articles["title"]) == ["After", "Aged", "Far"]


def test_a_retry_after_date_is_read_by_the_servers_clock(tmp_path: Path) -> None:
    """ "503, Retry-After: <an HTTP date>" was read against this machine's clock: on a machine
    three days behind, the server's "its now plus a second" read as three days, over
    `fetch.max_retry_after_s`, and the page was given up ("not retried"). The date is now read
    against the response's own Date (the clock that wrote it); without a Date, against ours."""
    ahead = dt.timedelta(days=3)
    answered: list[str] = []

    def busy_once(path: str) -> bytes:
        answered.append(path)
        if path == "/robots.txt":
            return b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"
        if answered.count(path) > 1:
            return answer(page("Retried"), b"Content-Type: text/html\r\n")
        served = dt.datetime.now(dt.UTC) + ahead
        later = served + dt.timedelta(seconds=1)
        dates = (
            f"Date: {format_datetime(served, usegmt=True)}\r\nRetry-After: {format_datetime(later, usegmt=True)}\r\n"
        )
        return b"HTTP/1.1 503 Service Unavailable\r\n" + dates.encode() + b"Content-Length: 0\r\n\r\n"

    with KeepAliveServer("127.0.0.211", busy_once) as site:
        fetch = {**FETCH, "allow_private": ["127.0.0.211"], "max_retries": 1, "max_retry_after_s": 30.0}
        run_pipeline(make_config(tmp_path, sources={"urls": [site.base + "/busy"]}, fetch=fetch))
    assert answered.count("/busy") == 2
    articles = pd.read_parquet(tmp_path / "out" / "articles")
    assert articles["title"].tolist() == ["Retried"]
