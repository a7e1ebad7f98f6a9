"""Unit tests of the fetcher's pieces: URLs, address guard, decoding, retries, gates, robots, sitemaps,
links, conditional state, the WARC writer and charset decoding. No network, no servers."""

from __future__ import annotations

import codecs
import datetime as dt
import gzip
import json
import random
import socket
import threading
import time
import zlib
from collections import Counter
from itertools import pairwise
from pathlib import Path

import brotli
import pytest
from warcio.archiveiterator import ArchiveIterator

from pipeline.codings import BodyDecoder, DecodeError, decode_bounded
from pipeline.fetch import guard as guard_module
from pipeline.fetch.discover import extract_links, parse_sitemap
from pipeline.fetch.guard import AddressGuard, BlockedAddress
from pipeline.fetch.politeness import HostGate
from pipeline.fetch.retry import backoff_s, parse_retry_after, retry_wait_s, retryable_status
from pipeline.fetch.robots import RobotsFetch, policy_from
from pipeline.fetch.state import ConditionalState
from pipeline.fetch.urls import clean_url, origin_of, url_key, without_credentials
from pipeline.page import decode_html
from pipeline.records import HttpExchange
from pipeline.sources.warc import read_warc
from pipeline.store.warc_archive import WarcArchive

UA = "health-pipeline/0.1 (+https://example.invalid; contact: x@example.invalid)"

# -- URLs ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        "not a url",
        "ftp://example.com/a",
        "http://",
        "mailto:a@b.c",
        "javascript:void(0)",
        "http://a.com:99999/",
    ],
)
def test_unusable_urls_are_rejected(raw: str) -> None:
    assert clean_url(raw) is None


def test_clean_url_resolves_and_drops_fragment() -> None:
    assert clean_url("HTTP://Example.com") == "http://Example.com/"
    assert clean_url("/a/b?x=1#top", "https://ex.com/c/") == "https://ex.com/a/b?x=1"
    assert clean_url(" ../d\n", "https://ex.com/a/b/c") == "https://ex.com/a/d"
    assert clean_url("x" * 3000) is None


def test_url_key_merges_equivalent_urls() -> None:
    same = [
        "http://ex.com/a",
        "http://EX.com:80/a",
        "http://ex.com/a#frag",
        "http://ex.com/a?utm_source=mail",
    ]
    assert len({url_key(u) for u in same}) == 1
    assert url_key("http://ex.com/a?b=2&a=1") == url_key("http://ex.com/a?a=1&b=2")
    assert url_key("http://ex.com/a") != url_key("https://ex.com/b")


def test_origin_and_credentials() -> None:
    assert origin_of("https://user:pw@Ex.com:8443/a?b") == "https://ex.com:8443"
    assert without_credentials("https://user:pw@ex.com/a") == "https://ex.com/a"


# -- address guard -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("address", "category"),
    [
        ("127.0.0.1", "loopback"),
        ("10.1.2.3", "private"),
        ("192.168.0.10", "private"),
        ("172.16.5.4", "private"),
        ("169.254.169.254", "link-local"),
        ("224.0.0.1", "multicast"),
        ("0.0.0.0", "unspecified"),
        ("240.0.0.1", "reserved"),
        ("100.64.0.1", "non-global"),
        ("::1", "loopback"),
        ("fe80::1", "link-local"),
        ("fc00::1", "private"),
        ("::ffff:127.0.0.1", "loopback"),
    ],
)
def test_guard_refuses_non_public_addresses(address: str, category: str) -> None:
    guard = AddressGuard()
    with pytest.raises(BlockedAddress, match=category):
        guard.addresses(address, 80)
    assert not guard.permits(address, address)


def test_guard_accepts_public_addresses_and_the_allow_list() -> None:
    assert AddressGuard().addresses("93.184.216.34", 80) == ["93.184.216.34"]
    by_ip = AddressGuard(["127.0.0.2"])
    assert by_ip.addresses("127.0.0.2", 80) == ["127.0.0.2"]
    with pytest.raises(BlockedAddress):
        by_ip.addresses("127.0.0.3", 80)
    by_cidr = AddressGuard(["10.0.0.0/8", "::1"])
    assert by_cidr.permits("x", "10.9.9.9") and by_cidr.permits("x", "::1")
    assert not by_cidr.permits("x", "192.168.1.1")


def test_guard_allows_a_listed_host_name_and_uses_only_approved_answers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    answers = {"intranet.test": ["10.0.0.5"], "mixed.test": ["10.0.0.7", "93.184.216.34"]}

    def fake_getaddrinfo(host: str, port: int, *args: object, **kwargs: object) -> list[tuple[object, ...]]:
        if host not in answers:
            raise socket.gaierror(socket.EAI_NONAME, "not found")
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (ip, port)) for ip in answers[host]]

    monkeypatch.setattr(guard_module, "getaddrinfo", fake_getaddrinfo)
    guard = AddressGuard(["Intranet.test"])
    assert guard.addresses("intranet.test", 80) == ["10.0.0.5"]
    assert guard.addresses("mixed.test", 80) == ["93.184.216.34"]  # the private answer is dropped
    with pytest.raises(socket.gaierror):
        guard.addresses("missing.test", 80)


# -- bounded decoding ----------------------------------------------------------------------------

DATA = b"heart valve " * 50_000


@pytest.mark.parametrize(
    ("coding", "encoded"),
    [
        ("gzip", gzip.compress(DATA)),
        ("x-gzip", gzip.compress(DATA)),
        ("deflate", zlib.compress(DATA)),
        ("deflate", zlib.compress(DATA)[2:-4]),  # raw deflate, as some servers send
        ("br", brotli.compress(DATA)),
        ("gzip, br", brotli.compress(gzip.compress(DATA))),
        ("gzip", gzip.compress(DATA[:1000]) + gzip.compress(DATA[1000:])),  # two gzip members
        (None, DATA),
    ],
)
def test_decoder_round_trips_in_small_feeds(coding: str | None, encoded: bytes) -> None:
    decoder = BodyDecoder(coding)
    out = bytearray()
    for start in range(0, len(encoded), 777):
        for piece in decoder.feed(encoded[start : start + 777]):
            assert len(piece) <= 128 * 1024
            out.extend(piece)
    for piece in decoder.flush():
        out.extend(piece)
    assert bytes(out) == DATA


@pytest.mark.parametrize("encoded", [zlib.compress(DATA), zlib.compress(DATA)[2:-4]], ids=["zlib", "raw"])
def test_deflate_whose_first_read_is_one_byte(encoded: bytes) -> None:
    # the fetcher feeds what one socket read gave (read1): raw deflate's first byte alone was
    # taken by the zlib decoder, which refused the second ("incorrect header check")
    decoder = BodyDecoder("deflate")
    out = b"".join([*decoder.feed(encoded[:1]), *decoder.feed(encoded[1:]), *decoder.flush()])
    assert out == DATA


@pytest.mark.parametrize("coding", ["gzip", "deflate", "br"])
def test_bombs_stop_at_the_cap(coding: str) -> None:
    zeros = b"\0" * 20_000_000
    bomb = {"gzip": gzip.compress, "deflate": zlib.compress, "br": brotli.compress}[coding](zeros)
    assert len(bomb) < 100_000
    body, over = decode_bounded(bomb, coding, 100_000)
    assert over and len(body) == 100_000


def test_bad_and_unknown_codings() -> None:
    with pytest.raises(DecodeError):
        decode_bounded(b"this is not gzip", "gzip", 100)
    with pytest.raises(DecodeError, match="compress"):
        BodyDecoder("compress")


# -- retries -------------------------------------------------------------------------------------


def test_retry_after_seconds_and_http_date() -> None:
    now = dt.datetime(2024, 5, 1, 12, 0, 0, tzinfo=dt.UTC)
    assert parse_retry_after("7") == 7.0
    assert parse_retry_after("Wed, 01 May 2024 12:00:30 GMT", now) == 30.0
    assert parse_retry_after("Wed, 01 May 2024 11:00:00 GMT", now) == 0.0
    assert parse_retry_after("soon") is None and parse_retry_after(None) is None


def test_backoff_grows_with_jitter_and_retry_after_is_capped() -> None:
    rng = random.Random(1)
    waits = [backoff_s(n, 0.5, rng) for n in (1, 2, 3, 4)]
    for n, wait in enumerate(waits, start=1):
        full = 0.5 * 2 ** (n - 1)
        assert full / 2 <= wait <= full
    assert backoff_s(30, 0.5, rng) <= 60.0
    assert retry_wait_s(1, 0.1, 5.0, 10.0, rng) == 5.0
    assert retry_wait_s(1, 0.1, 3600.0, 120.0, rng) is None  # too long: give up, do not hammer
    assert all(retryable_status(s) for s in (429, 500, 502, 503, 504))
    assert not any(retryable_status(s) for s in (200, 404, 403, 501))


# -- politeness ----------------------------------------------------------------------------------


def test_gate_spaces_request_starts_and_caps_in_flight() -> None:
    gate = HostGate(slots=2, delay_s=0.05)
    starts: list[float] = []
    in_flight = [0, 0]
    lock = threading.Lock()

    def worker() -> None:
        with gate.slot() as started:  # the time the gate granted, not when this thread ran again
            with lock:
                starts.append(started)
                in_flight[0] += 1
                in_flight[1] = max(in_flight[1], in_flight[0])
            time.sleep(0.02)
            with lock:
                in_flight[0] -= 1

    threads = [threading.Thread(target=worker) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    starts.sort()
    assert in_flight[1] <= 2
    assert all(b - a >= 0.05 - 1e-9 for a, b in pairwise(starts))


def test_crawl_delay_only_raises_the_gap() -> None:
    gate = HostGate(slots=1, delay_s=0.5)
    gate.raise_delay(0.1)
    assert gate.delay_s == 0.5
    gate.raise_delay(2.0)
    assert gate.delay_s == 2.0


# -- robots.txt ----------------------------------------------------------------------------------


def test_robots_policy_by_status() -> None:
    text = b"User-agent: *\nDisallow: /private\nCrawl-delay: 2\nSitemap: https://ex.com/sm.xml\n"
    policy = policy_from(RobotsFetch(200, text))
    assert not policy.allowed("https://ex.com/private/a", UA) and policy.allowed("https://ex.com/ok", UA)
    assert policy.delay_s(UA) == 2.0 and policy.sitemaps == ["https://ex.com/sm.xml"]
    assert policy_from(RobotsFetch(404)).allowed("https://ex.com/x", UA)
    for unreachable in (RobotsFetch(503), RobotsFetch(429), RobotsFetch(None, error="timeout")):
        assert not policy_from(unreachable).allowed("https://ex.com/x", UA)


def test_robots_request_rate_and_agent_group() -> None:
    text = b"User-agent: health-pipeline\nDisallow: /\nRequest-rate: 1/5\n\nUser-agent: *\nAllow: /\n"
    policy = policy_from(RobotsFetch(200, text))
    assert not policy.allowed("https://ex.com/a", UA)
    assert policy.delay_s(UA) == 5.0


# -- sitemaps and links --------------------------------------------------------------------------

URLSET = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>https://ex.com/a</loc></url><url><loc> https://ex.com/b </loc><lastmod>2024-01-01</lastmod></url>
<url><loc>ftp://ex.com/c</loc></url></urlset>"""
INDEX = b"""<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://ex.com/sm1.xml.gz</loc></sitemap></sitemapindex>"""


def test_sitemaps_urlset_index_gzip_and_text() -> None:
    assert parse_sitemap(URLSET, "https://ex.com/sm.xml").pages == ["https://ex.com/a", "https://ex.com/b"]
    assert parse_sitemap(INDEX, "https://ex.com/sm.xml").sitemaps == ["https://ex.com/sm1.xml.gz"]
    assert parse_sitemap(gzip.compress(URLSET), "https://ex.com/sm.xml.gz").pages[0] == "https://ex.com/a"
    text = parse_sitemap(b"https://ex.com/t1\n# comment\nhttps://ex.com/t2\n", "https://ex.com/sm.txt")
    assert text.pages == ["https://ex.com/t1", "https://ex.com/t2"]
    assert parse_sitemap(b"<html><<<", "https://ex.com/x").pages == []


def test_sitemap_parser_expands_no_entities_and_reads_no_files(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET")
    xxe = f"""<?xml version="1.0"?><!DOCTYPE u [<!ENTITY x SYSTEM "file://{secret}">]>
<urlset><url><loc>https://ex.com/&x;</loc></url></urlset>""".encode()
    assert all("TOPSECRET" not in url for url in parse_sitemap(xxe, "https://ex.com/").pages)
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa">'
        + b"".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">'.encode() for i in range(8))
        + b"]><urlset><url><loc>https://ex.com/&i;</loc></url></urlset>"
    )
    started = time.monotonic()
    result = parse_sitemap(laughs, "https://ex.com/")
    assert time.monotonic() - started < 2 and all(len(url) < 200 for url in result.pages)


def test_links_resolved_filtered_and_nofollow_honoured() -> None:
    html = """<html><head><base href="https://ex.com/dir/"></head><body>
    <a href="a">A</a><a href="/b#x">B</a><a href="/b">B again</a><a href="mailto:x@y.z">m</a>
    <a href="javascript:void(0)">j</a><a rel="nofollow" href="/nf">nf</a><a href="https://other.com/o">o</a>
    <area href="/map"></body></html>"""
    links = extract_links(html, "https://ex.com/dir/page")
    assert links == ["https://ex.com/dir/a", "https://ex.com/b", "https://other.com/o", "https://ex.com/map"]
    assert extract_links('<meta name="robots" content="noindex, nofollow"><a href="/a">a</a>', "https://ex.com/") == []
    assert extract_links("", "https://ex.com/") == []


# -- conditional state ---------------------------------------------------------------------------


def test_state_round_trips_per_host_atomically(tmp_path: Path) -> None:
    state = ConditionalState(tmp_path)
    state.remember("a.example", "https://a.example/x", '"e1"', "Mon, 01 Jan 2024 00:00:00 GMT")
    state.remember("b.example", "https://b.example/y", None, "Tue, 02 Jan 2024 00:00:00 GMT")
    state.save()
    files = sorted(p.name for p in (tmp_path / "fetch").iterdir())
    assert files == ["a.example.json", "b.example.json"]  # one file per host, no temp files left
    again = ConditionalState(tmp_path)
    assert again.request_headers("a.example", "https://a.example/x") == {
        "If-None-Match": '"e1"',
        "If-Modified-Since": "Mon, 01 Jan 2024 00:00:00 GMT",
    }
    assert again.request_headers("a.example", "https://a.example/other") == {}
    again.remember("a.example", "https://a.example/x", None, None)  # no validators any more
    again.save()
    assert json.loads((tmp_path / "fetch" / "a.example.json").read_text()) == {}
    assert ConditionalState(None).request_headers("a.example", "https://a.example/x") == {}


def test_publish_writes_the_changed_host_files_only(tmp_path: Path) -> None:
    """A shard's staged state: every host it changed is published, one it left as it was is not written."""
    from pipeline.fetch.state import publish_staged, staged_path

    hosts = [f"h{n}.example" for n in range(12)]
    stage = staged_path(tmp_path, "r1", "s0")
    state = ConditionalState(tmp_path, stage=stage)
    for host in hosts:
        state.remember(host, f"https://{host}/a", f'"{host}"', None)
    state.remember("plain.example", "https://plain.example/a", None, None)  # no validators: nothing to keep
    state.save()
    assert publish_staged(tmp_path, stage) and not stage.exists()
    live = tmp_path / "fetch"
    assert sorted(p.name for p in live.iterdir()) == sorted(f"{h}.json" for h in hosts)  # no plain.example
    assert all(json.loads((live / f"{h}.json").read_text())[f"https://{h}/a"]["etag"] == f'"{h}"' for h in hosts)
    before = {p.name: p.stat().st_mtime_ns for p in live.iterdir()}
    stage = staged_path(tmp_path, "r2", "s0")
    state = ConditionalState(tmp_path, stage=stage)
    state.remember("h0.example", "https://h0.example/a", None, None)  # h0 loses its validators
    state.remember("h1.example", "https://h1.example/b", None, None)  # h1: a URL it never had
    state.save()
    assert publish_staged(tmp_path, stage)
    assert json.loads((live / "h0.example.json").read_text()) == {}
    after = {p.name: p.stat().st_mtime_ns for p in live.iterdir()}
    assert [name for name in sorted(after) if after[name] != before[name]] == ["h0.example.json"]


def test_unreadable_state_is_ignored(tmp_path: Path) -> None:
    (tmp_path / "fetch").mkdir()
    (tmp_path / "fetch" / "a.example.json").write_text("{not json")
    assert ConditionalState(tmp_path).request_headers("a.example", "https://a.example/x") == {}


# -- WARC writer ---------------------------------------------------------------------------------


def _exchange(url: str, body: bytes, headers: list[tuple[str, str]], decoded: bytes | None = None) -> HttpExchange:
    return HttpExchange(
        url=url,
        request_headers=[("Host", "ex.com"), ("User-Agent", UA)],
        status=200,
        reason="OK",
        protocol="HTTP/1.1",
        response_headers=headers,
        payload=body,
        decoded=decoded,
        fetched_at=dt.datetime(2024, 5, 1, 12, 0, 0, 123456, tzinfo=dt.UTC),
        peer_ip="93.184.216.34",
    )


def test_warc_archive_pages_and_support_files(tmp_path: Path) -> None:
    page = b"<html><body><p>Hello</p></body></html>"
    archive = WarcArchive(tmp_path, "run1", "shard1", UA)
    archive.record(
        _exchange(
            "https://ex.com/a",
            gzip.compress(page),
            [("Content-Type", "text/html"), ("Content-Encoding", "gzip")],
            page,
        ),
        page=True,
    )
    archive.record(
        _exchange(
            "https://ex.com/b",
            brotli.compress(page),
            [("Content-Type", "text/html"), ("Content-Encoding", "br"), ("Transfer-Encoding", "chunked")],
            page,
        ),
        page=True,
    )
    archive.record(
        _exchange("https://ex.com/robots.txt", b"User-agent: *", [("Content-Type", "text/plain")]), page=False
    )
    assert (tmp_path / "run1-shard1.warc.gz.open").exists() and not (tmp_path / "run1-shard1.warc.gz").exists()
    paths = archive.close()
    assert paths == [tmp_path / "run1-shard1.warc.gz", tmp_path / "support" / "run1-shard1.warc.gz"]
    pages = list(read_warc(paths[0], max_bytes=10_000))
    assert [(p.url, p.body, p.outcome.value) for p in pages] == [
        ("https://ex.com/a", page, "ok"),
        ("https://ex.com/b", page, "ok"),  # brotli stored decoded, so warcio can read it back
    ]
    assert pages[0].fetched_at == dt.datetime(2024, 5, 1, 12, 0, 0, 123456, tzinfo=dt.UTC)
    assert "X-Archive-Orig-Content-Encoding" in pages[1].headers
    assert "X-Archive-Orig-Transfer-Encoding" in pages[1].headers
    skipped: Counter[str] = Counter()  # the support file holds the robots.txt read: text/plain, no page
    assert [p.url for p in read_warc(paths[1], max_bytes=10_000, skipped=skipped)] == [] and skipped == {"other": 1}
    raw = paths[0].read_bytes()
    assert raw.count(b"\x1f\x8b\x08") >= 5  # warcinfo + 2 x (request, response): one gzip member each


def test_empty_archive_writes_no_file(tmp_path: Path) -> None:
    assert WarcArchive(tmp_path, "run1", "s", UA).close() == []
    assert list(tmp_path.iterdir()) == []


# -- charset -------------------------------------------------------------------------------------

W1252 = "<p>“Heart” – it’s café naïve €5</p>"


def test_windows_1252_meta_and_header_labels() -> None:
    body = f'<html><head><meta charset="windows-1252"></head><body>{W1252}</body></html>'.encode("cp1252")
    assert W1252 in decode_html(body, "text/html")[0]
    equiv = body.replace(
        b'<meta charset="windows-1252">',
        b'<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">',
    )
    assert decode_html(equiv, "text/html") == (equiv.decode("cp1252"), "windows-1252")
    assert decode_html(W1252.encode("cp1252"), "text/html; charset=ISO-8859-1")[0] == W1252


def test_windows_1252_without_label_and_with_undefined_bytes() -> None:
    unlabelled = f"<html><body>{W1252}</body></html>".encode("cp1252")
    assert decode_html(unlabelled, "text/html") == (unlabelled.decode("cp1252"), "windows-1252")
    mislabelled = decode_html(unlabelled, "text/html; charset=utf-8")  # a wrong header label
    assert W1252 in mislabelled[0]
    odd = W1252.encode("cp1252") + b"\x81"  # undefined in Python's cp1252: must not fail the page over
    assert decode_html(odd, "text/html; charset=windows-1252") == (W1252 + "\x81", "windows-1252")


def test_charset_order_header_meta_detection_and_a_bom_over_all() -> None:
    """Header over meta over detection; a BOM (as in browsers, WHATWG) over a header that contradicts it."""
    body = '<meta charset="utf-8"><p>café</p>'.encode("cp1252")
    assert decode_html(body, "text/html; charset=windows-1252")[1] == "windows-1252"  # header beats meta
    assert decode_html("<p>café</p>".encode("utf-16-le"), "text/html; charset=utf-16-le")[0] == "<p>café</p>"
    bom = codecs.BOM_UTF8 + "<p>“Heart” café</p>".encode()
    assert decode_html(bom, "text/html; charset=iso-8859-1") == ("<p>“Heart” café</p>", "utf-8")


def test_unanswered_request_is_archived_with_its_error(tmp_path: Path) -> None:
    archive = WarcArchive(tmp_path, "run1", "s", UA)
    when = dt.datetime(2024, 5, 1, 12, 0, 0, tzinfo=dt.UTC)
    archive.record_unanswered("https://ex.com/a", [("Host", "ex.com")], when, "timeout", "no response\nin time")
    (support,) = archive.close()
    assert support == tmp_path / "support" / "run1-s.warc.gz"
    with open(support, "rb") as stream:
        records = [
            (r.rec_type, r.rec_headers, r.content_stream().read(), r.http_headers) for r in ArchiveIterator(stream)
        ]
    kinds = [record[0] for record in records]
    assert kinds == ["warcinfo", "request", "metadata"]
    request_id = records[1][1].get_header("WARC-Record-ID")
    assert records[2][1].get_header("WARC-Concurrent-To") == request_id
    assert records[2][2] == b"fetch-outcome: timeout\r\nfetch-error: no response in time\r\n"
    assert records[1][1].get_header("WARC-Target-URI") == "https://ex.com/a"
    assert records[1][3].protocol == "GET" and records[1][3].statusline == "/a HTTP/1.1"
    assert list(read_warc(support)) == []  # no response: no page
