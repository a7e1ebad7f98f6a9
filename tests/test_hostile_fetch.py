"""Hostile input, part 2: budgets and scope while fetching, against real loopback servers."""

from __future__ import annotations

import gzip
import json
import socket
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from pipeline.config import FetchConfig, SourcesConfig
from pipeline.fetch import fetcher as fetcher_module
from pipeline.fetch import guard as guard_module
from pipeline.fetch.fetcher import Fetcher
from pipeline.fetch.guard import AddressGuard
from pipeline.records import FetchedPage, Outcome
from pipeline.store.warc_archive import WarcArchive
from tests.httpserver import Reply, ScriptedServer, html_page

ALLOWED = ["127.0.0.2", "127.0.0.3"]
BASE = FetchConfig(
    min_delay_s=0.0,
    connect_timeout_s=1.0,
    timeout_s=2.0,
    max_retries=0,
    max_bytes=1_000_000,
    allow_private=ALLOWED,
    max_crawl_delay_s=5.0,
)
ROBOTS = "text/plain"


@pytest.fixture
def site() -> Iterator[ScriptedServer]:
    with ScriptedServer("127.0.0.2") as server:
        server.route("/robots.txt", Reply(404, b"", content_type=ROBOTS))
        yield server


@pytest.fixture
def other() -> Iterator[ScriptedServer]:
    with ScriptedServer("127.0.0.3") as server:
        server.route("/", Reply(200, html_page("other host")))
        yield server


def _fetcher(tmp_path: Path, **fetch: Any) -> Fetcher:
    config = replace(BASE, **fetch)
    archive = WarcArchive(tmp_path / "raw", "run1", "s0", config.user_agent, config.obey_robots)
    return Fetcher(config, SourcesConfig(), state_dir=tmp_path / "state", archive=archive)


def _crawl(tmp_path: Path, seeds: list[str], sitemaps: list[str] | None = None, **fetch: Any) -> list[FetchedPage]:
    with _fetcher(tmp_path, **fetch) as fetcher:
        return list(fetcher.crawl(seeds, sitemaps or []))


def test_bytes_on_the_wire_are_capped_not_only_decoded_bytes(tmp_path: Path, site: ScriptedServer) -> None:
    """A small gzip page followed by megabytes of trailing bytes decodes to little: still too_large."""
    body = gzip.compress(html_page("small")) + b"\0" * 3_000_000
    site.route("/trailing", Reply(200, body, headers={"Content-Encoding": "gzip"}))
    (page,) = _crawl(tmp_path, [site.url("/trailing")])
    assert page.outcome is Outcome.TOO_LARGE and "on the wire" in (page.error or "")


def test_robots_over_500_kib_with_a_content_length_is_parsed_as_far_as_it_goes(
    tmp_path: Path, site: ScriptedServer
) -> None:
    robots = b"User-agent: *\nDisallow: /private\n" + b"# padding line\n" * 50_000  # 750 KB
    site.route("/robots.txt", Reply(200, robots, content_type=ROBOTS))
    site.route("/private", Reply(200, html_page("private")))
    (page,) = _crawl(tmp_path, [site.url("/private")])
    assert page.outcome is Outcome.ROBOTS_DISALLOWED
    assert "/private" not in site.paths()


def test_a_crawl_delay_over_the_cap_gives_the_pages_up_at_once(tmp_path: Path, site: ScriptedServer) -> None:
    site.route("/robots.txt", Reply(200, b"User-agent: *\nCrawl-delay: 86400\n", content_type=ROBOTS))
    site.route("/a", Reply(200, html_page("a")))
    site.route("/b", Reply(200, html_page("b")))
    started = time.monotonic()
    pages = _crawl(tmp_path, [site.url("/a"), site.url("/b")])
    assert time.monotonic() - started < 5
    assert {p.outcome for p in pages} == {Outcome.ROBOTS_DISALLOWED}
    assert all("Crawl-delay of 86400 s" in (p.error or "") for p in pages)
    assert site.paths() == ["/robots.txt"]


def test_sitemap_entries_on_other_hosts_are_ignored_and_counted(
    tmp_path: Path, site: ScriptedServer, other: ScriptedServer
) -> None:
    urlset = (
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>{site.url("/a")}</loc></url>'
        f"<url><loc>{other.url('/')}</loc></url></urlset>"
    ).encode()
    index = (
        f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<sitemap><loc>{site.url('/pages.xml')}</loc></sitemap>"
        f"<sitemap><loc>{other.url('/sitemap.xml')}</loc></sitemap></sitemapindex>"
    ).encode()
    site.route("/index.xml", Reply(200, index, content_type="application/xml"))
    site.route("/pages.xml", Reply(200, urlset, content_type="application/xml"))
    site.route("/a", Reply(200, html_page("a")))
    with _fetcher(tmp_path) as fetcher:
        pages = list(fetcher.crawl([], [site.url("/index.xml")]))
        assert fetcher.left_out == {"off_scope": 2}
    assert [p.url for p in pages if p.outcome is not Outcome.SITEMAP] == [site.url("/a")]
    assert sorted(p.url for p in pages if p.outcome is Outcome.SITEMAP) == [
        site.url("/index.xml"),
        site.url("/pages.xml"),
    ]
    assert other.paths() == []  # not even robots.txt


def test_an_index_of_indexes_is_followed_within_the_sitemap_budget(
    tmp_path: Path, site: ScriptedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fetcher_module, "MAX_SITEMAPS_PER_HOST", 5)
    entries = "".join(f"<sitemap><loc>{site.url(f'/child{n}.xml')}</loc></sitemap>" for n in range(40))
    site.route("/index.xml", Reply(200, f"<sitemapindex>{entries}</sitemapindex>".encode(), content_type="text/xml"))
    for number in range(40):
        site.route(f"/child{number}.xml", Reply(200, b"<urlset></urlset>", content_type="text/xml"))
    _crawl(tmp_path, [], [site.url("/index.xml")])
    assert sum(path.startswith("/child") for path in site.paths()) == 5


def test_iris_and_raw_utf8_locations_are_requested_percent_encoded(tmp_path: Path, site: ScriptedServer) -> None:
    site.route("/page?title=%C3%9Cbelkeit", Reply(200, html_page("Übelkeit")))
    raw_location = "/%C3%9Cbelkeit-neu".replace("%C3%9C", "Ü".encode().decode("latin-1"))  # raw UTF-8 bytes
    site.route("/alt", Reply(301, b"", headers={"Location": raw_location}))
    site.route("/%C3%9Cbelkeit-neu", Reply(200, html_page("neu")))
    iri = f"http://127.0.0.2:{site.port}/page?title=Übelkeit"
    pages = {p.url: p for p in _crawl(tmp_path, [iri, site.url("/alt")])}
    assert pages[iri].outcome is Outcome.OK  # the fetch log keeps the URL as given
    assert pages[iri].final_url.endswith("/page?title=%C3%9Cbelkeit")
    assert pages[site.url("/alt")].outcome is Outcome.OK
    assert pages[site.url("/alt")].final_url.endswith("/%C3%9Cbelkeit-neu")


def test_a_failed_dns_lookup_is_cached_per_host(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []

    def slow_failing_resolver(host: str, port: int, *args: object, **kwargs: object) -> list[Any]:
        calls.append(host)
        time.sleep(0.3)  # a resolver that times out
        raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")

    monkeypatch.setattr(guard_module, "getaddrinfo", slow_failing_resolver)
    guard = AddressGuard()
    started = time.monotonic()
    for port in (80, 443, 80, 8080):
        with pytest.raises(socket.gaierror, match="Temporary failure"):
            guard.addresses("never-answers.test", port)
    assert calls == ["never-answers.test"] and time.monotonic() - started < 1.0


def test_credentials_and_cookies_are_sent_but_never_archived(tmp_path: Path, site: ScriptedServer) -> None:
    site.route("/a", Reply(200, html_page("a"), headers={"Set-Cookie": "session=s3cr3t; Path=/"}))
    site.route("/b", Reply(200, html_page("b")))
    base = f"http://user:secret@127.0.0.2:{site.port}"
    with _fetcher(tmp_path, per_host_concurrency=1) as fetcher:  # one fetcher: /b is sent the cookie
        pages = list(fetcher.crawl([f"{base}/a", f"{base}/b"]))
    assert {p.outcome for p in pages} == {Outcome.OK}
    assert any("authorization" in r.headers for r in site.requests)  # the site did get them
    assert any("s3cr3t" in r.headers.get("cookie", "") for r in site.requests)
    archived = b"".join(gzip.decompress(f.read_bytes()) for f in (tmp_path).rglob("*.warc.gz"))
    assert archived.count(b"WARC-Type: request") >= 2
    assert b"secret" not in archived and b"Authorization" not in archived
    assert b"\r\nCookie:" not in archived  # the response's Set-Cookie is archived as received


def test_two_outputs_sharing_a_raw_dir_keep_separate_archives_and_stale_files_are_swept(
    tmp_path: Path, site: ScriptedServer
) -> None:
    from pipeline.run.runner import run_pipeline
    from pipeline.sources.warc import read_warc
    from pipeline.store.warc_archive import output_tag
    from tests.conftest import make_config

    site.route("/a", Reply(200, html_page("Asthma", "<p>" + "Asthma is a condition of the airways. " * 20 + "</p>")))
    raw = tmp_path / "raw"
    raw.mkdir()
    mine = raw / f"old-hosts000-{output_tag(tmp_path / 'out1')}.warc.gz.open"
    theirs = raw / "old-hosts000-someone.warc.gz.open"  # another output's live file: not ours to touch
    mine.write_bytes(b"killed mid-write")
    theirs.write_bytes(b"still being written")
    for out in ("out1", "out2"):
        config = make_config(
            tmp_path,
            sources={"urls": [site.url("/a")]},
            fetch={"allow_private": ALLOWED, "min_delay_s": 0.0},
            output={"dir": str(tmp_path / out), "raw_dir": str(raw)},
        )
        run_pipeline(config, argv=[])
    archives = sorted(raw.glob("*.warc.gz"))
    assert len(archives) == 2  # same run id (same input, same day), one file per output
    assert all([p.url for p in read_warc(path)] == [site.url("/a")] for path in archives)
    assert not mine.exists() and theirs.exists()


def test_conditional_state_stays_bounded_over_nightly_runs_with_changing_urls(
    tmp_path: Path, site: ScriptedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pipeline.fetch import state as state_module
    from pipeline.run.runner import run_pipeline
    from tests.conftest import make_config
    from tests.httpserver import Request

    monkeypatch.setattr(state_module, "MAX_STATE_URLS_PER_HOST", 4)
    clock = iter(range(1, 10_000))
    monkeypatch.setattr(state_module, "_now", lambda: next(clock))  # strictly increasing "seen"
    body = "<p>" + "Walking after meals lowers blood sugar spikes. " * 20 + "</p>"

    def stable(request: Request) -> Reply:
        if request.headers.get("if-none-match") == '"v1"':
            return Reply(304, b"", headers={"ETag": '"v1"'})
        return Reply(200, html_page("Stable", body), headers={"ETag": '"v1"'})

    site.route("/stable", stable)
    for night in range(1, 5):  # every night the stable page and three new URLs
        urls = [site.url("/stable")]
        for n in range(3):
            path = f"/night{night}-{n}"
            site.route(path, Reply(200, html_page(path, body.replace("meals", path)), headers={"ETag": f'"{n}"'}))
            urls.append(site.url(path))
        config = make_config(
            tmp_path,
            sources={"urls": urls},
            fetch={"allow_private": ALLOWED, "min_delay_s": 0.0, "max_retries": 0},
            run={"run_date": f"2026-12-0{night}", "workers": 1},
        )
        assert run_pipeline(config, argv=[]).exit_code == 0
    (host_file,) = (tmp_path / "out" / "_state" / "fetch").glob("*.json")
    kept = json.loads(host_file.read_text())
    # the cap holds; the entries used longest ago went, the page sent validators every night stayed
    assert sorted(kept) == sorted([site.url("/stable"), *(site.url(f"/night4-{n}") for n in range(3))])
    assert site.hits("/stable") == 4 and kept[site.url("/stable")]["etag"] == '"v1"'


def test_a_host_that_does_not_resolve_is_a_connection_failure_never_robots_and_no_query_leaves(
    tmp_path: Path, site: ScriptedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``*.invalid`` (RFC 6761) never resolves: answered without a resolver call. A name whose
    resolver is slow and then fails is asked once per host, not once per URL."""
    asked: list[str] = []
    real = socket.getaddrinfo  # what the guard calls (it imports the name)

    def resolver(host: str, *args: Any, **kwargs: Any) -> Any:
        asked.append(host)
        if host == "slow-dns.test":
            time.sleep(0.5)  # a resolver that times out
            raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")
        return real(host, *args, **kwargs)

    monkeypatch.setattr(guard_module, "getaddrinfo", resolver)
    site.route("/ok", Reply(200, html_page("ok")))
    seeds = [f"http://nowhere.invalid/page{n}" for n in range(3)] + [f"http://slow-dns.test/p{n}" for n in range(4)]
    started = time.monotonic()
    pages = {p.url: p for p in _crawl(tmp_path, [*seeds, site.url("/ok")], max_retries=2, backoff_base_s=0.01)}
    assert pages[site.url("/ok")].outcome is Outcome.OK  # the other hosts are unaffected
    for url in seeds:
        assert pages[url].outcome is Outcome.CONNECTION_ERROR, (url, pages[url].outcome, pages[url].error)
    reasons = [pages[u].error or "" for u in seeds[:3]]
    assert all(r.startswith("nowhere.invalid unreachable: host not found") for r in reasons), reasons
    assert "nowhere.invalid" not in asked  # no DNS query for a reserved name
    assert asked.count("slow-dns.test") == 1  # robots.txt, 4 pages and their retries: one lookup
    assert time.monotonic() - started < 3.0
