"""The fetcher against real HTTP servers on loopback addresses, with scripted misbehaviour.

Every server binds 127.0.0.x (several "hosts"); the fetcher's allow_private lists exactly the
addresses a test may reach, so nothing here can leave the machine, and 127.0.0.9 plays the
internal host that must never be contacted.
"""

from __future__ import annotations

import datetime as dt
import gzip
import shutil
import socket
import ssl
import subprocess
import time
import tracemalloc
import zlib
from collections import Counter
from collections.abc import Generator, Iterator
from dataclasses import replace
from email.utils import formatdate
from pathlib import Path
from typing import Any

import brotli
import pytest
from warcio.archiveiterator import ArchiveIterator

from pipeline.config import FetchConfig, SourcesConfig
from pipeline.fetch import guard as guard_module
from pipeline.fetch import http as http_module
from pipeline.fetch.fetcher import Fetcher
from pipeline.records import FetchedPage, Outcome
from pipeline.sources.warc import read_warc
from pipeline.store.warc_archive import WarcArchive
from tests.httpserver import Reply, Request, ScriptedServer, html_page

ALLOWED = ["127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5"]
FORBIDDEN = "127.0.0.9"
MAX_BYTES = 1_000_000
# A bound on what a deadline of 0.5-1 s may take end to end on a loaded machine (2 cores shared by
# five engineers' jobs): generous, and still far under what the failure it tells apart would take
# (a hang of 30 s, a dribble of 20 s or more).
LOADED_BOUND_S = 10.0
BASE = FetchConfig(
    min_delay_s=0.0,
    per_host_concurrency=2,
    connect_timeout_s=1.0,
    timeout_s=1.0,
    max_retries=2,
    backoff_base_s=0.05,
    max_retry_after_s=5.0,
    max_bytes=MAX_BYTES,
    max_redirects=4,
    allow_private=ALLOWED,
)


@pytest.fixture
def site() -> Iterator[ScriptedServer]:
    with ScriptedServer("127.0.0.2") as server:
        yield server


@pytest.fixture
def other() -> Iterator[ScriptedServer]:
    with ScriptedServer("127.0.0.3") as server:
        yield server


@pytest.fixture
def internal() -> Iterator[ScriptedServer]:
    """A loopback host that is NOT in allow_private: it must never see a connection."""
    with ScriptedServer(FORBIDDEN) as server:
        server.route("/", Reply(200, html_page("internal admin")))
        yield server


def crawl(
    tmp_path: Path,
    seeds: list[str],
    sitemaps: list[str] | None = None,
    run_id: str = "run1",
    sources: SourcesConfig | None = None,
    **fetch: Any,
) -> list[FetchedPage]:
    config = replace(BASE, **fetch)
    with Fetcher(
        config,
        sources or SourcesConfig(),
        state_dir=tmp_path / "state",
        archive=WarcArchive(tmp_path / "raw", run_id, "s0", config.user_agent, config.obey_robots),
    ) as fetcher:
        return list(fetcher.crawl(seeds, sitemaps or []))


def one(pages: list[FetchedPage], url: str) -> FetchedPage:
    found = [p for p in pages if p.url == url]
    assert len(found) == 1, f"{url}: {len(found)} pages in {[p.url for p in pages]}"
    return found[0]


# -- the ordinary path ---------------------------------------------------------------------------


def test_ok_page_facts(tmp_path: Path, site: ScriptedServer) -> None:
    site.route("/a", Reply(200, html_page("Asthma"), headers={"ETag": '"v1"'}))
    (page,) = crawl(tmp_path, [site.url("/a")])
    assert page.outcome is Outcome.OK and page.status == 200 and page.attempts == 1
    assert page.body == html_page("Asthma") and page.html is not None and "Asthma" in page.html
    assert page.charset == "utf-8" and page.content_type == "text/html; charset=utf-8"
    assert page.fetched_at.tzinfo is not None and 0 <= page.elapsed_ms < 1000 and page.source == "http"
    assert site.paths() == ["/robots.txt", "/a"]
    assert site.requests[1].headers["user-agent"] == BASE.user_agent
    assert "gzip" in site.requests[1].headers["accept-encoding"]


def test_404_and_pdf(tmp_path: Path, site: ScriptedServer) -> None:
    site.route("/leaflet.pdf", Reply(200, b"%PDF-1.4 binary", content_type="application/pdf"))
    pages = crawl(tmp_path, [site.url("/missing"), site.url("/leaflet.pdf")])
    missing, pdf = one(pages, site.url("/missing")), one(pages, site.url("/leaflet.pdf"))
    assert (missing.outcome, missing.status, missing.attempts) == (Outcome.HTTP_ERROR, 404, 1)
    assert (pdf.outcome, pdf.status, pdf.html) == (Outcome.NOT_HTML, 200, None)
    assert pdf.body == b"%PDF-1.4 binary"


def test_invalid_and_duplicate_seeds(tmp_path: Path, site: ScriptedServer) -> None:
    site.route("/a", Reply(200, html_page("A")))
    pages = crawl(tmp_path, ["not a url", "ftp://127.0.0.2/x", site.url("/a"), site.url("/a#again")])
    assert [p.outcome for p in pages if p.url in ("not a url", "ftp://127.0.0.2/x")] == [Outcome.INVALID_URL] * 2
    assert one(pages, site.url("/a#again")).outcome is Outcome.DUPLICATE
    assert one(pages, site.url("/a")).outcome is Outcome.OK and site.hits("/a") == 1


def test_windows_1252_page(tmp_path: Path, site: ScriptedServer) -> None:
    text = "“Heart” – it’s café naïve"
    meta = f'<html><head><meta charset="windows-1252"></head><body><p>{text}</p></body></html>'.encode("cp1252")
    site.route("/meta", Reply(200, meta, content_type="text/html"))
    site.route("/latin1", Reply(200, f"<p>{text}</p>".encode("cp1252"), content_type="text/html; charset=ISO-8859-1"))
    pages = crawl(tmp_path, [site.url("/meta"), site.url("/latin1")])
    for page in pages:
        assert page.outcome is Outcome.OK and page.charset == "windows-1252"
        assert page.html is not None and text in page.html


# -- retries and timeouts ------------------------------------------------------------------------


def test_429_with_retry_after_is_honoured(tmp_path: Path, site: ScriptedServer) -> None:
    site.route("/busy", [Reply(429, b"slow down", headers={"Retry-After": "1"}), Reply(200, html_page("ok"))])
    (page,) = crawl(tmp_path, [site.url("/busy")])
    assert page.outcome is Outcome.OK and page.attempts == 2
    first, second = [r.at for r in site.requests if r.path == "/busy"]
    # causal, so no allowance for jitter: the pause starts once the 429 is read, after it arrived
    assert second - first >= 1.0 - 1e-6


def test_retry_after_as_an_http_date(tmp_path: Path, site: ScriptedServer) -> None:
    when = formatdate(time.time() + 2, usegmt=True)  # whole seconds: waits between 1 and 2 s
    site.route("/dated", [Reply(503, b"", headers={"Retry-After": when}), Reply(200, html_page("ok"))])
    (page,) = crawl(tmp_path, [site.url("/dated")])
    assert page.outcome is Outcome.OK and page.attempts == 2
    first, second = [r.at for r in site.requests if r.path == "/dated"]
    assert second - first >= 0.85  # over 1 s asked, less the time from formatdate to the 503


def test_retry_after_beyond_the_cap_gives_up_at_once(tmp_path: Path, site: ScriptedServer) -> None:
    site.route("/later", Reply(503, b"", headers={"Retry-After": "3600"}))
    started = time.monotonic()
    (page,) = crawl(tmp_path, [site.url("/later")])
    assert time.monotonic() - started < 2
    assert (page.outcome, page.status, page.attempts) == (Outcome.HTTP_ERROR, 503, 1)
    assert page.error is not None and "max_retry_after_s" in page.error


def test_503_then_200(tmp_path: Path, site: ScriptedServer) -> None:
    site.route("/flaky", [Reply(503, b"oops"), Reply(200, html_page("fine"))])
    (page,) = crawl(tmp_path, [site.url("/flaky")])
    assert (page.outcome, page.status, page.attempts) == (Outcome.OK, 200, 2)


def test_persistent_5xx_stops_after_max_retries(tmp_path: Path, site: ScriptedServer) -> None:
    site.route("/down", Reply(500, b"down"))
    (page,) = crawl(tmp_path, [site.url("/down")])
    assert (page.outcome, page.status, page.attempts) == (Outcome.HTTP_ERROR, 500, 3)
    assert site.hits("/down") == 3


def test_hang_times_out(tmp_path: Path, site: ScriptedServer) -> None:
    site.route("/hang", Reply(hang=True))
    started = time.monotonic()
    (page,) = crawl(tmp_path, [site.url("/hang")], timeout_s=0.5)
    assert page.outcome is Outcome.TIMEOUT and page.status is None and page.attempts == 1
    assert time.monotonic() - started < LOADED_BOUND_S  # the hang lasts HANG_S (30 s)


def test_dribbling_body_hits_the_total_deadline(tmp_path: Path, site: ScriptedServer) -> None:
    site.route("/drip", Reply(200, b"x" * 1000, dribble_s=0.02))  # 20 s in all, a byte well within read timeout
    started = time.monotonic()
    (page,) = crawl(tmp_path, [site.url("/drip")], timeout_s=0.5)
    assert page.outcome is Outcome.TIMEOUT and page.status == 200 and 0 < len(page.body) < 1000
    assert time.monotonic() - started < LOADED_BOUND_S  # a deadline per read would wait the 20 s out


def test_dribbling_headers_hit_the_total_deadline(tmp_path: Path, site: ScriptedServer) -> None:
    """A slow-loris server: every header byte comes well within the read timeout, the headers never end."""
    site.route("/slow-head", Reply(200, html_page("late"), dribble_head_s=0.01))
    started = time.monotonic()
    (page,) = crawl(tmp_path, [site.url("/slow-head")], timeout_s=0.5)
    took = time.monotonic() - started
    assert (page.outcome, page.status, page.attempts) == (Outcome.TIMEOUT, None, 1), page.error
    assert took < LOADED_BOUND_S, took  # the head takes 63 s (6,300 bytes): a deadline per read waits it out


def test_connection_reset_is_retried_then_recorded(tmp_path: Path, site: ScriptedServer) -> None:
    site.route("/reset", Reply(reset=True))
    site.route("/reset-once", [Reply(reset=True), Reply(200, html_page("back"))])
    pages = crawl(tmp_path, [site.url("/reset"), site.url("/reset-once")])
    reset = one(pages, site.url("/reset"))
    assert (reset.outcome, reset.status, reset.attempts) == (Outcome.CONNECTION_ERROR, None, 3)
    assert site.hits("/reset") == 3
    assert one(pages, site.url("/reset-once")).outcome is Outcome.OK


def test_refused_connection(tmp_path: Path) -> None:
    with socket.socket() as probe:  # a port with nothing listening
        probe.bind(("127.0.0.2", 0))
        port = probe.getsockname()[1]
    (page,) = crawl(tmp_path, [f"http://127.0.0.2:{port}/"], max_retries=1, obey_robots=False)
    assert (page.outcome, page.attempts) == (Outcome.CONNECTION_ERROR, 2)
    assert page.error == "[Errno 111] Connection refused"  # one line, not urllib3's chain


def test_connect_timeout(tmp_path: Path) -> None:
    """A listener whose accept queue is full: the kernel drops further SYNs, so connect hangs."""
    with socket.socket() as listener, socket.socket() as filler:
        listener.bind(("127.0.0.2", 0))
        listener.listen(0)
        port = listener.getsockname()[1]
        filler.connect(("127.0.0.2", port))  # takes the only place in the queue; never accepted
        started = time.monotonic()
        (page,) = crawl(
            tmp_path, [f"http://127.0.0.2:{port}/"], max_retries=1, obey_robots=False, connect_timeout_s=0.3
        )
        took = time.monotonic() - started
    assert (page.outcome, page.status, page.attempts) == (Outcome.TIMEOUT, None, 2), page.error
    # the reason tells a connect timeout from the response deadline (timeout_s) cutting the connect
    assert "connect" in (page.error or "") and took < LOADED_BOUND_S, took
    assert page.error == (
        f"connect timeout: 127.0.0.2:{port} did not accept a connection within 0.3 s (fetch.connect_timeout_s)"
    )


def _warc_records(path: Path) -> list[tuple[str, str, bytes]]:
    with open(path, "rb") as stream:
        return [
            (r.rec_type, r.rec_headers.get_header("WARC-Target-URI"), r.content_stream().read())
            for r in ArchiveIterator(stream)
        ]


def test_requests_without_a_response_are_archived(tmp_path: Path, site: ScriptedServer) -> None:
    site.route("/reset", Reply(reset=True))
    site.route("/hang", Reply(hang=True))
    with socket.socket() as probe:  # nothing listening: no connection, so no request was sent
        probe.bind(("127.0.0.2", 0))
        refused = f"http://127.0.0.2:{probe.getsockname()[1]}/"
    pages = crawl(tmp_path, [site.url("/reset"), site.url("/hang"), refused], max_retries=1, timeout_s=0.4)
    # the refused host's robots.txt got no answer: its page is a connection failure, not a robots decision
    assert sorted(p.outcome.value for p in pages) == ["connection_error", "connection_error", "timeout"]
    for page in pages:  # each reason one short line a person can act on
        error = page.error or ""
        assert "\n" not in error and len(error) < 120 and "object at 0x" not in error and "Pool(" not in error, error
    assert one(pages, site.url("/hang")).error == (
        f"no response in time: {site.host}:{site.port} sent none within 0.4 s (fetch.timeout_s)"
    )
    records = _warc_records(tmp_path / "raw" / "support" / "run1-s0.warc.gz")
    requests_sent = [url for kind, url, _ in records if kind == "request"]
    assert requests_sent.count(site.url("/reset")) == 2 and requests_sent.count(site.url("/hang")) == 1
    assert not any(url.startswith(refused) for url in requests_sent)
    metadata = {url: body for kind, url, body in records if kind == "metadata"}
    assert b"fetch-outcome: connection_error" in metadata[site.url("/reset")]
    assert b"fetch-outcome: timeout" in metadata[site.url("/hang")]
    assert list(read_warc(tmp_path / "raw" / "support" / "run1-s0.warc.gz")) != []  # still readable


@pytest.fixture(scope="module")
def self_signed(tmp_path_factory: pytest.TempPathFactory) -> ssl.SSLContext:
    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make a certificate")
    where = tmp_path_factory.mktemp("tls")
    cert, key = where / "cert.pem", where / "key.pem"
    request = ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.2"]
    subprocess.run(
        ["openssl", *request, "-addext", "subjectAltName=IP:127.0.0.2", "-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    return context


def test_tls_certificates_are_always_verified(tmp_path: Path, self_signed: ssl.SSLContext) -> None:
    with ScriptedServer("127.0.0.2", {"/a": Reply(200, html_page("A"))}, tls=self_signed) as server:
        assert server.url("/a").startswith("https://")
        (page,) = crawl(tmp_path, [server.url("/a")], obey_robots=False, max_retries=0)
        assert page.outcome is Outcome.CONNECTION_ERROR and "TLS" in (page.error or ""), page.error
        assert "CERTIFICATE_VERIFY_FAILED" in (page.error or "")
        assert page.error == (
            f"TLS certificate of 127.0.0.2:{server.port} refused (CERTIFICATE_VERIFY_FAILED: self-signed "
            "certificate); verification stays on"
        )
        assert server.requests == []  # the handshake failed: no HTTP request was ever sent


# -- redirects and the address guard -------------------------------------------------------------


def test_redirect_loop_and_endless_chain(tmp_path: Path, site: ScriptedServer) -> None:
    site.route("/loop-a", Reply(302, headers={"Location": "/loop-b"}))
    site.route("/loop-b", Reply(302, headers={"Location": "/loop-a"}))
    for n in range(20):
        site.route(f"/chain/{n}", Reply(301, headers={"Location": f"/chain/{n + 1}"}))
    pages = crawl(tmp_path, [site.url("/loop-a"), site.url("/chain/0")])
    loop, chain = one(pages, site.url("/loop-a")), one(pages, site.url("/chain/0"))
    assert loop.outcome is Outcome.TOO_MANY_REDIRECTS and loop.status == 302
    assert chain.outcome is Outcome.TOO_MANY_REDIRECTS and chain.status == 301
    assert site.hits("/loop-a") == 1 and site.hits("/loop-b") == 1
    assert sum(p.startswith("/chain/") for p in site.paths()) == BASE.max_redirects + 1


def test_redirect_is_followed_and_reported(tmp_path: Path, site: ScriptedServer, other: ScriptedServer) -> None:
    site.route("/old", Reply(301, headers={"Location": other.url("/new")}))
    other.route("/new", Reply(200, html_page("New home")))
    (page,) = crawl(tmp_path, [site.url("/old")])
    assert (page.url, page.final_url, page.status, page.outcome) == (
        site.url("/old"),
        other.url("/new"),
        200,
        Outcome.OK,
    )
    assert other.paths() == ["/robots.txt", "/new"]  # the new host's robots.txt is checked too


def test_redirect_to_a_forbidden_loopback_address_makes_no_connection(
    tmp_path: Path, site: ScriptedServer, internal: ScriptedServer
) -> None:
    site.route("/go", Reply(302, headers={"Location": internal.url("/")}))
    pages = crawl(tmp_path, [site.url("/go"), internal.url("/direct")])
    via_redirect, direct = one(pages, site.url("/go")), one(pages, internal.url("/direct"))
    assert via_redirect.outcome is Outcome.BLOCKED_ADDRESS and via_redirect.final_url == internal.url("/")
    assert direct.outcome is Outcome.BLOCKED_ADDRESS and direct.attempts == 0
    assert "loopback" in (direct.error or "")
    assert internal.connections == 0 and internal.requests == []


def test_dns_rebinding_cannot_reach_a_forbidden_address(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, site: ScriptedServer
) -> None:
    """The name first resolves to an allowed address, then to a forbidden one, for every caller.

    Patched for the guard and for the socket module alike, so an HTTP stack that resolved the
    name again when connecting would be sent to the forbidden host.
    """
    real_getaddrinfo = socket.getaddrinfo
    answers = iter([site.host] + [FORBIDDEN] * 50)

    def rebinding_getaddrinfo(host: str, port: int, *args: Any, **kwargs: Any) -> list[Any]:
        if host != "rebind.test":
            return real_getaddrinfo(host, port, *args, **kwargs)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (next(answers), port))]

    monkeypatch.setattr(guard_module, "getaddrinfo", rebinding_getaddrinfo)
    monkeypatch.setattr(socket, "getaddrinfo", rebinding_getaddrinfo)
    site.route("/page", Reply(200, html_page("fine")))
    with ScriptedServer(FORBIDDEN, {"/page": Reply(200, html_page("SECRET"))}, port=site.port) as internal:
        (page,) = crawl(tmp_path, [f"http://rebind.test:{site.port}/page"], obey_robots=False)
        assert page.outcome is Outcome.OK and site.hits("/page") == 1  # went to the address it checked
        assert internal.connections == 0
        monkeypatch.setattr(guard_module, "DNS_CACHE_S", 0.0)  # every lookup rebinds, even the connect's
        (page,) = crawl(tmp_path, [f"http://rebind.test:{site.port}/page?2"], obey_robots=False, run_id="r2")
        assert page.outcome is Outcome.BLOCKED_ADDRESS
        assert internal.connections == 0


def test_redirect_to_an_unusable_url(tmp_path: Path, site: ScriptedServer) -> None:
    site.route("/ftp", Reply(302, headers={"Location": "ftp://127.0.0.2/file"}))
    (page,) = crawl(tmp_path, [site.url("/ftp")])
    assert (page.outcome, page.status) == (Outcome.INVALID_URL, 302)


def test_credentials_and_cookies_stay_on_their_host(
    tmp_path: Path, site: ScriptedServer, other: ScriptedServer
) -> None:
    site.route("/login", Reply(302, headers={"Location": "/home", "Set-Cookie": "sid=abc; Path=/"}))
    site.route("/home", Reply(302, headers={"Location": other.url("/landing")}))
    other.route("/landing", Reply(200, html_page("landing")))
    (page,) = crawl(tmp_path, [f"http://user:secret@{site.host}:{site.port}/login"])
    assert page.outcome is Outcome.OK
    home = next(r for r in site.requests if r.path == "/home")
    assert home.headers.get("cookie") == "sid=abc" and "authorization" in home.headers
    landing = next(r for r in other.requests if r.path == "/landing")
    assert "cookie" not in landing.headers and "authorization" not in landing.headers


# -- size caps -----------------------------------------------------------------------------------


def _bomb(coding: str, size: int = 50_000_000) -> bytes:
    if coding == "br":
        packed: bytes = brotli.compress(b"\0" * size, quality=5)
        return packed
    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS if coding == "gzip" else zlib.MAX_WBITS)
    chunk = b"\0" * 1_000_000
    return b"".join(compressor.compress(chunk) for _ in range(size // len(chunk))) + compressor.flush()


@pytest.mark.parametrize("coding", ["gzip", "deflate", "br"])
def test_compression_bombs_are_too_large_and_memory_stays_small(
    tmp_path: Path, site: ScriptedServer, coding: str
) -> None:
    bomb = _bomb(coding)
    site.route("/bomb", Reply(200, bomb, headers={"Content-Encoding": coding}))
    tracemalloc.start()
    try:
        (page,) = crawl(tmp_path, [site.url("/bomb")])
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert page.outcome is Outcome.TOO_LARGE and page.status == 200
    assert len(page.body) == MAX_BYTES + 1
    print(f"{coding} bomb: {len(bomb)} bytes on the wire, peak traced memory {peak} bytes")
    assert peak < 5 * MAX_BYTES, f"peak {peak} bytes for a {len(bomb)}-byte bomb of 50 MB"


def test_oversized_bodies(tmp_path: Path, site: ScriptedServer) -> None:
    big = b"<html><body>" + b"a" * (2 * MAX_BYTES) + b"</body></html>"
    site.route("/declared", Reply(200, big))
    site.route("/undeclared", Reply(200, big, close_delimited=True))
    pages = crawl(tmp_path, [site.url("/declared"), site.url("/undeclared")])
    for page in pages:
        assert page.outcome is Outcome.TOO_LARGE and page.html is None
        assert page.error is not None and str(MAX_BYTES) in page.error


def test_corrupt_compressed_body_is_a_decode_error(tmp_path: Path, site: ScriptedServer) -> None:
    site.route("/bad", Reply(200, b"this is not gzip at all", headers={"Content-Encoding": "gzip"}))
    site.route("/zstd", Reply(200, b"\x28\xb5\x2f\xfd", headers={"Content-Encoding": "zstd"}))
    pages = crawl(tmp_path, [site.url("/bad"), site.url("/zstd")])
    assert [p.outcome for p in pages] == [Outcome.DECODE_ERROR] * 2


# -- robots.txt and politeness -------------------------------------------------------------------


def assert_spaced(server: ScriptedServer, paths: str, gap_s: float) -> None:
    """The k-th request for ``paths`` (by arrival) reached ``server`` at least k gaps after its robots.txt.

    What the host gate guarantees, measured at the server without any allowance for jitter: a
    page is requested only once robots.txt has been answered (so after the server read that
    request), the gate starts a host's requests at least ``gap_s`` apart, and a request arrives
    after it was started. Arrival delays under load only make arrivals later, which this bound
    tolerates; a gate that let two requests start together fails it by nearly a whole gap.
    (Pairwise gaps between arrivals are not guaranteed: a request delayed in arrival shortens
    the next gap; once 0.12 s of a 0.3 s gap went that way under load 12.)
    """
    (robots,) = [r.at for r in server.requests if r.path == "/robots.txt"]
    arrivals = sorted(r.at for r in server.requests if r.path.startswith(paths))
    assert arrivals, server.paths()
    late = [(k, round(at - robots, 3)) for k, at in enumerate(arrivals) if at - robots < k * gap_s - 1e-6]
    assert not late, f"request k arrived under k x {gap_s} s after robots.txt: {late}"


def test_robots_disallow_and_crawl_delay(tmp_path: Path, site: ScriptedServer) -> None:
    robots = b"User-agent: *\nDisallow: /private\nCrawl-delay: 0.3\n"
    site.route("/robots.txt", Reply(200, robots, content_type="text/plain"))
    for name in ("p1", "p2", "p3"):
        site.route(f"/{name}", Reply(200, html_page(name)))
    seeds = [site.url(f"/{name}") for name in ("p1", "p2", "p3")] + [site.url("/private/notes")]
    pages = crawl(tmp_path, seeds, min_delay_s=0.0, per_host_concurrency=2)
    private = one(pages, site.url("/private/notes"))
    assert private.outcome is Outcome.ROBOTS_DISALLOWED and private.attempts == 0
    assert not any(p.startswith("/private") for p in site.paths())
    assert len([p for p in site.paths() if p.startswith("/p")]) == 3
    assert_spaced(site, "/p", 0.3)  # the Crawl-delay


def test_crawl_delay_never_lowers_the_configured_gap(tmp_path: Path, site: ScriptedServer) -> None:
    site.route("/robots.txt", Reply(200, b"User-agent: *\nCrawl-delay: 0.01\n", content_type="text/plain"))
    for name in ("q1", "q2", "q3"):
        site.route(f"/{name}", Reply(200, html_page(name)))
    crawl(tmp_path, [site.url(f"/{name}") for name in ("q1", "q2", "q3")], min_delay_s=0.25)
    assert len(site.requests) == 4
    assert_spaced(site, "/q", 0.25)  # the configured gap, not robots.txt's 0.01 s


def test_redirect_hops_are_checked_against_robots(tmp_path: Path, site: ScriptedServer, other: ScriptedServer) -> None:
    other.route("/robots.txt", Reply(200, b"User-agent: *\nDisallow: /secret\n", content_type="text/plain"))
    site.route("/robots.txt", Reply(200, b"User-agent: *\nDisallow: /hidden\n", content_type="text/plain"))
    site.route("/out", Reply(302, headers={"Location": other.url("/secret/page")}))
    site.route("/in", Reply(301, headers={"Location": "/hidden/page"}))
    pages = crawl(tmp_path, [site.url("/out"), site.url("/in")])
    for seed, target in ((site.url("/out"), other.url("/secret/page")), (site.url("/in"), site.url("/hidden/page"))):
        page = one(pages, seed)
        assert (page.outcome, page.final_url) == (Outcome.ROBOTS_DISALLOWED, target)
    assert other.paths() == ["/robots.txt"] and not any(p.startswith("/hidden") for p in site.paths())


def test_unreachable_robots_disallows_the_host(tmp_path: Path, site: ScriptedServer) -> None:
    site.route("/robots.txt", Reply(500, b"broken"))
    site.route("/a", Reply(200, html_page("A")))
    (page,) = crawl(tmp_path, [site.url("/a")], max_retries=0)
    assert page.outcome is Outcome.ROBOTS_DISALLOWED and "unreachable" in (page.error or "")
    assert site.hits("/a") == 0


def test_robots_can_be_ignored(tmp_path: Path, site: ScriptedServer) -> None:
    site.route("/robots.txt", Reply(200, b"User-agent: *\nDisallow: /\n", content_type="text/plain"))
    site.route("/a", Reply(200, html_page("A")))
    (page,) = crawl(tmp_path, [site.url("/a")], obey_robots=False)
    assert page.outcome is Outcome.OK and "/robots.txt" not in site.paths()


def test_per_host_cap_gap_and_hosts_in_parallel(tmp_path: Path, site: ScriptedServer, other: ScriptedServer) -> None:
    for server in (site, other):
        for n in range(6):
            server.route(f"/p{n}", Reply(200, html_page(f"p{n}"), delay_s=0.2))
    seeds = [s.url(f"/p{n}") for s in (site, other) for n in range(6)]
    pages = crawl(tmp_path, seeds, per_host_concurrency=2, min_delay_s=0.05)
    assert all(p.outcome is Outcome.OK for p in pages) and len(pages) == 12
    assert site.max_in_flight == 2 and other.max_in_flight == 2
    for server in (site, other):
        assert_spaced(server, "/p", 0.05)
    # Both hosts at once: each host's page requests span at least 0.4 s (6 pages of 0.2 s, 2 at a
    # time), and the other host's start inside that span. Hosts crawled one after the other give two
    # spans apart, however loaded the machine (this replaced a wall-clock bound, 2.0 s against the
    # 2.4 s of a sequential crawl, which load could break).
    spans = [[r.at for r in server.requests if r.path.startswith("/p")] for server in (site, other)]
    assert max(min(span) for span in spans) < min(max(span) for span in spans), spans


# -- conditional re-fetch ------------------------------------------------------------------------


def test_etag_then_304_on_the_next_run(tmp_path: Path, site: ScriptedServer) -> None:
    body = html_page("Gout")

    def etag_page(request: Request) -> Reply:
        if request.headers.get("if-none-match") == '"gout-1"':
            return Reply(304, b"", headers={"ETag": '"gout-1"'}, content_type=None)
        return Reply(200, body, headers={"ETag": '"gout-1"'})

    def dated_page(request: Request) -> Reply:
        if request.headers.get("if-modified-since") == "Mon, 01 Jan 2024 00:00:00 GMT":
            return Reply(304, b"", content_type=None)
        return Reply(200, body, headers={"Last-Modified": "Mon, 01 Jan 2024 00:00:00 GMT"})

    site.route("/gout", etag_page)
    site.route("/dated", dated_page)
    seeds = [site.url("/gout"), site.url("/dated")]
    first = crawl(tmp_path, seeds, run_id="run1")
    assert [p.outcome for p in first] == [Outcome.OK, Outcome.OK]
    assert list((tmp_path / "state" / "fetch").iterdir()) == [tmp_path / "state" / "fetch" / "127.0.0.2.json"]
    second = crawl(tmp_path, seeds, run_id="run2")
    for page in second:
        assert (page.outcome, page.status, page.body, page.html) == (Outcome.NOT_MODIFIED, 304, b"", None)
    assert [r.headers.get("if-none-match") for r in site.requests if r.path == "/gout"] == [None, '"gout-1"']
    # the 304s are archived as support exchanges, not as pages
    assert not (tmp_path / "raw" / "run2-s0.warc.gz").exists()
    assert (tmp_path / "raw" / "support" / "run2-s0.warc.gz").exists()


def test_staged_state_is_live_only_once_published(tmp_path: Path, site: ScriptedServer) -> None:
    """The run loop's state: staged per shard, published after its commit, used for stored pages."""
    from pipeline.fetch.state import ConditionalState, publish_staged, staged_path

    site.route("/a", Reply(200, html_page("A"), headers={"ETag": '"a1"'}))
    site.route("/b", Reply(200, html_page("B"), headers={"ETag": '"b1"'}))
    seeds = [site.url("/a"), site.url("/b")]

    def staged_crawl(run_id: str, stored: frozenset[str]) -> Path:
        stage = staged_path(tmp_path / "state", run_id, "s0")
        state = ConditionalState(tmp_path / "state", stage=stage, stored_urls=stored)
        fetcher = Fetcher(BASE, SourcesConfig(), state_dir=None, state=state)
        with fetcher:
            list(fetcher.crawl(seeds))
        return stage

    stage = staged_crawl("r1", frozenset())
    assert stage.is_file() and not (tmp_path / "state" / "fetch").exists()  # nothing live yet
    assert publish_staged(tmp_path / "state", stage) and not stage.exists()
    live = tmp_path / "state" / "fetch" / "127.0.0.2.json"
    published = live.read_bytes()
    assert not publish_staged(tmp_path / "state", stage) and live.read_bytes() == published
    site.requests.clear()
    # only /a has a stored article: /b's remembered ETag is not sent (a 304 would lose the page)
    stage = staged_crawl("r2", frozenset({site.url("/a")}))
    sent = {r.path: r.headers.get("if-none-match") for r in site.requests if r.path in ("/a", "/b")}
    assert sent == {"/a": '"a1"', "/b": None}
    assert live.read_bytes() == published and stage.is_file()


def test_conditional_off_sends_no_validators(tmp_path: Path, site: ScriptedServer) -> None:
    site.route("/a", Reply(200, html_page("A"), headers={"ETag": '"1"'}))
    crawl(tmp_path, [site.url("/a")], run_id="r1")
    crawl(tmp_path, [site.url("/a")], run_id="r2", conditional=False)
    assert all("if-none-match" not in r.headers for r in site.requests)


# -- discovery -----------------------------------------------------------------------------------


def test_site_found_only_through_its_sitemap(tmp_path: Path, other: ScriptedServer, site: ScriptedServer) -> None:
    hidden = ScriptedServer("127.0.0.4").start()
    try:
        robots = f"Sitemap: {hidden.url('/sitemap_index.xml')}\n".encode()
        hidden.route("/robots.txt", Reply(200, robots, content_type="text/plain"))
        index = f"""<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
        <sitemap><loc>{hidden.url("/sitemaps/articles.xml.gz")}</loc></sitemap></sitemapindex>"""
        hidden.route("/sitemap_index.xml", Reply(200, index.encode(), content_type="application/xml"))
        urlset = f"""<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
        <url><loc>{hidden.url("/articles/one")}</loc></url><url><loc>{hidden.url("/articles/two")}</loc></url>
        <url><loc>{site.url("/elsewhere")}</loc></url></urlset>"""
        hidden.route(
            "/sitemaps/articles.xml.gz",
            Reply(200, gzip.compress(urlset.encode()), content_type="application/gzip"),
        )
        hidden.route("/articles/one", Reply(200, html_page("One")))
        hidden.route("/articles/two", Reply(200, html_page("Two")))
        other.route("/sitemap.xml", Reply(200, f"<urlset><url><loc>{other.url('/x')}</loc></url></urlset>".encode()))
        other.route("/x", Reply(200, html_page("X")))
        pages = crawl(tmp_path, [], sitemaps=[hidden.url("/"), other.url("/")])
        read = sorted(p.url for p in pages if p.outcome is Outcome.SITEMAP)  # every URL tried has a row
        assert read == sorted(p.url for p in pages if "sitemap" in p.url) and other.url("/sitemap.xml") in read
        assert sorted((p.url, p.outcome.value) for p in pages if p.outcome is not Outcome.SITEMAP) == sorted(
            [
                (hidden.url("/articles/one"), "ok"),
                (hidden.url("/articles/two"), "ok"),
                (other.url("/x"), "ok"),  # no Sitemap: line, so /sitemap.xml was tried
            ]
        )
        assert site.requests == []  # the off-site URL listed in the sitemap is never fetched
        assert hidden.hits("/robots.txt") == 1
    finally:
        hidden.stop()


def test_explicit_sitemap_url(tmp_path: Path, site: ScriptedServer) -> None:
    urlset = f"<urlset><url><loc>{site.url('/listed')}</loc></url></urlset>".encode()
    site.route("/maps/custom.xml", Reply(200, urlset, content_type="text/xml"))
    site.route("/listed", Reply(200, html_page("Listed")))
    pages = crawl(tmp_path, [site.url("/listed")], sitemaps=[site.url("/maps/custom.xml")])
    assert sorted((p.url, p.outcome) for p in pages) == [
        (site.url("/listed"), Outcome.OK),  # seed and sitemap: once
        (site.url("/maps/custom.xml"), Outcome.SITEMAP),  # the sitemap read is a row of its own
    ]
    assert site.hits("/listed") == 1 and site.hits("/sitemap.xml") == 0  # no fallback: a sitemap was named


def test_link_following_stays_on_site_to_max_depth(tmp_path: Path, site: ScriptedServer, other: ScriptedServer) -> None:
    links = ["/a", "/a#top", "/a?utm_source=news", "/b", "mailto:x@y.z", other.url("/offsite"), "/nofollow"]
    home = html_page("Home", links=links).replace(b'href="/nofollow"', b'rel="nofollow" href="/nofollow"')
    site.route("/", Reply(200, home))
    site.route("/a", Reply(200, html_page("A", links=["/deep", "/"])))
    site.route("/b", Reply(200, html_page("B")))
    site.route("/deep", Reply(200, html_page("Deep")))
    sources = SourcesConfig(follow_links=True, max_depth=1)
    pages = crawl(tmp_path, [site.url("/")], sources=sources)
    assert sorted(p.url for p in pages) == [site.url("/"), site.url("/a"), site.url("/b")]
    assert sorted(site.paths()) == ["/", "/a", "/b", "/robots.txt"]  # each URL requested once
    assert other.requests == [] and all(p.outcome is Outcome.OK for p in pages)
    deeper = crawl(tmp_path, [site.url("/")], sources=replace(sources, max_depth=2), run_id="r2", conditional=False)
    assert site.url("/deep") in {p.url for p in deeper}


def test_max_pages_per_host_caps_discovery(tmp_path: Path, site: ScriptedServer) -> None:
    site.route("/", Reply(200, html_page("Home", links=[f"/p{n}" for n in range(10)])))
    for n in range(10):
        site.route(f"/p{n}", Reply(200, html_page(f"p{n}")))
    sources = SourcesConfig(follow_links=True, max_depth=1, max_pages_per_host=4)
    pages = crawl(tmp_path, [site.url("/")], sources=sources)
    assert len(pages) == 4


# -- the raw archive -----------------------------------------------------------------------------


def test_warc_round_trip(tmp_path: Path, site: ScriptedServer, other: ScriptedServer) -> None:
    site.route("/robots.txt", Reply(200, b"User-agent: *\nAllow: /\n", content_type="text/plain"))
    site.route("/plain", Reply(200, html_page("Plain")))
    site.route("/zipped", Reply(200, gzip.compress(html_page("Zipped")), headers={"Content-Encoding": "gzip"}))
    site.route("/brotli", Reply(200, brotli.compress(html_page("Brotli")), headers={"Content-Encoding": "br"}))
    site.route("/moved", Reply(301, headers={"Location": other.url("/target")}))
    other.route("/target", Reply(200, html_page("Target")))
    site.route("/flaky", [Reply(503), Reply(200, html_page("Flaky"))])
    site.route("/doc.pdf", Reply(200, b"%PDF-1.7", content_type="application/pdf"))
    names = ["/plain", "/zipped", "/brotli", "/moved", "/flaky", "/doc.pdf", "/missing"]
    crawled = crawl(tmp_path, [site.url(n) for n in names])
    archive = tmp_path / "raw" / "run1-s0.warc.gz"
    assert archive.exists() and not list((tmp_path / "raw").glob("*.open"))
    skipped: Counter[str] = Counter()
    archived = list(read_warc(archive, max_bytes=MAX_BYTES, skipped=skipped))
    # fed back, the PDF (a listed URL: `not_html` when fetched) is a page's resource: skipped, counted
    assert skipped == {"document": 1}
    pages = [p for p in crawled if p.final_url != site.url("/doc.pdf")]

    def facts(pages: list[FetchedPage], use_final: bool) -> list[tuple[str, int | None, bytes, str, str | None]]:
        return sorted(((p.final_url if use_final else p.url), p.status, p.body, p.outcome.value, p.html) for p in pages)

    assert facts(archived, use_final=False) == facts(pages, use_final=True)
    assert {p.fetched_at for p in archived} == {p.fetched_at for p in pages}
    with open(archive, "rb") as stream:
        records = [(r.rec_type, r.rec_headers.get_header("WARC-IP-Address")) for r in ArchiveIterator(stream)]
    assert records.count(("request", None)) == len(crawled)
    assert ("response", site.host) in records
    support = tmp_path / "raw" / "support" / "run1-s0.warc.gz"
    extra = sorted((p.url, p.status) for p in read_warc(support, max_bytes=MAX_BYTES, skipped=skipped))
    assert skipped == {"document": 1, "other": 1}  # the robots.txt read (text/plain) is no page either
    assert extra == sorted(
        [
            (other.url("/robots.txt"), 404),
            (site.url("/moved"), 301),
            (site.url("/flaky"), 503),
        ]
    )


def test_no_archive_means_no_warc(tmp_path: Path, site: ScriptedServer) -> None:
    site.route("/a", Reply(200, html_page("A")))
    with Fetcher(BASE, SourcesConfig(), state_dir=None, archive=None) as fetcher:
        assert [p.outcome for p in fetcher.crawl([site.url("/a")])] == [Outcome.OK]
    assert list(tmp_path.iterdir()) == []


# -- nothing escapes -----------------------------------------------------------------------------


def test_a_bug_becomes_internal_error_and_the_run_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, site: ScriptedServer
) -> None:
    site.route("/a", Reply(200, html_page("A")))
    site.route("/b", Reply(200, html_page("B")))
    original = http_module.HttpClient.get

    def flaky_get(self: http_module.HttpClient, url: str, *args: Any, **kwargs: Any) -> Any:
        if url.endswith("/a"):
            raise RuntimeError("boom")
        return original(self, url, *args, **kwargs)

    monkeypatch.setattr(http_module.HttpClient, "get", flaky_get)
    pages = crawl(tmp_path, [site.url("/a"), site.url("/b")])
    assert one(pages, site.url("/a")).outcome is Outcome.INTERNAL_ERROR
    assert "boom" in (one(pages, site.url("/a")).error or "")
    assert one(pages, site.url("/b")).outcome is Outcome.OK


def test_an_abandoned_crawl_stops_promptly(tmp_path: Path, site: ScriptedServer) -> None:
    site.route("/a", Reply(200, html_page("A")))
    site.route("/slow", Reply(429, b"", headers={"Retry-After": "4"}))  # the host pauses for 4 s
    site.route("/b", Reply(200, html_page("B")))
    with Fetcher(BASE, SourcesConfig(), state_dir=None, archive=WarcArchive(tmp_path, "r", "s")) as fetcher:
        crawl_iter = fetcher.crawl([site.url("/a"), site.url("/slow"), site.url("/b")])
        assert isinstance(crawl_iter, Generator)
        first = next(crawl_iter)
        started = time.monotonic()
        crawl_iter.close()
    assert first.outcome is Outcome.OK
    assert time.monotonic() - started < 1.5
    assert (tmp_path / "r-s.warc.gz").exists()


def test_fetched_at_is_utc(tmp_path: Path, site: ScriptedServer) -> None:
    site.route("/a", Reply(200, html_page("A")))
    (page,) = crawl(tmp_path, [site.url("/a")])
    assert page.fetched_at.utcoffset() == dt.timedelta(0)
