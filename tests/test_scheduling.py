"""Scheduled crawls: one frontier across hosts, shards sized to the workers, fetching never waits on extraction."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pipeline.config import FetchConfig, SourcesConfig
from pipeline.fetch.fetcher import Fetcher
from pipeline.records import Outcome
from pipeline.run.plan import plan_shards
from pipeline.run.runner import run_pipeline
from tests.conftest import make_config, readme_current_state_sql
from tests.httpserver import Reply, ScriptedServer, html_page

LATENCY_S = 0.3


@pytest.fixture
def four_hosts() -> Iterator[list[ScriptedServer]]:
    servers = []
    for index in range(4):
        server = ScriptedServer(f"127.0.0.{index + 2}")
        server.route("/robots.txt", Reply(404, b"", content_type="text/plain"))
        for page in range(3):
            body = html_page(f"Host {index} page {page}", "A paragraph about sleep and health. " * 30)
            server.route(f"/p{page}", Reply(200, body, delay_s=LATENCY_S))
        servers.append(server.start())
    yield servers
    for server in servers:
        server.stop()


def _config(tmp_path: Path, servers: list[ScriptedServer], **run: object):  # type: ignore[no-untyped-def]
    return make_config(
        tmp_path,
        sources={"urls": [s.url(f"/p{p}") for s in servers for p in range(3)]},
        fetch={"allow_private": ["127.0.0.0/8"], "min_delay_s": 0.0, "per_host_concurrency": 1},
        run={"run_date": "2026-11-20", "progress": "off", **run},
    )


def test_one_worker_fetches_every_host_at_once(tmp_path: Path, four_hosts: list[ScriptedServer]) -> None:
    summary = run_pipeline(_config(tmp_path, four_hosts, workers=1))
    assert summary.outcomes == {"ok": 12} and summary.shards == 1
    # each host's requests are one at a time (per_host_concurrency 1)...
    assert max(s.max_in_flight for s in four_hosts) == 1
    # ...but the hosts overlap: every host's first page started before any host's last page did
    firsts = [min(r.at for r in s.requests if r.path != "/robots.txt") for s in four_hosts]
    lasts = [max(r.at for r in s.requests if r.path != "/robots.txt") for s in four_hosts]
    assert max(firsts) < min(lasts)
    # three pages per host in turn, all hosts together: ~3 latencies, never the 12 of a sequence
    span = max(lasts) - min(firsts) + LATENCY_S
    assert span < 6 * LATENCY_S


def test_shards_follow_the_workers_and_never_split_a_host(tmp_path: Path) -> None:
    urls = [f"https://h{h}.example/p{p}" for h in range(5) for p in range(h + 1)]
    config = make_config(tmp_path, sources={"urls": urls}, fetch={"concurrency": 16})
    assert len(plan_shards(config, slots=1)) == 1
    three = plan_shards(config, slots=3)
    assert len(three) == 3
    hosts = [h for shard in three for h in shard.hosts]
    assert sorted(hosts) == sorted({f"h{h}.example" for h in range(5)})  # each host in exactly one shard
    assert sorted(u for shard in three for u in shard.seeds) == sorted(urls)
    assert all(shard.concurrency == 6 for shard in three)  # the global limit, shared
    loads = sorted(len(shard.seeds) for shard in three)
    assert loads == [5, 5, 5]  # hosts balanced by URL count: {5}, {4, 1}, {3, 2}
    assert len(plan_shards(config, slots=32)) == 5  # never more shards than hosts
    assert plan_shards(config, slots=3) == three  # deterministic: the same input resumes


def test_more_workers_than_shards_says_so(
    tmp_path: Path, four_hosts: list[ScriptedServer], caplog: pytest.LogCaptureFixture
) -> None:
    config = _config(tmp_path, four_hosts[:2], workers=3, run_id="dry")
    with caplog.at_level(logging.WARNING, logger="pipeline.run"):
        summary = run_pipeline(config, dry_run=True)
    assert summary.shards == 2
    assert any("--workers 3 but only 2 shard(s)" in r.getMessage() for r in caplog.records)


def test_fetching_goes_on_while_the_caller_is_busy(tmp_path: Path) -> None:
    with ScriptedServer("127.0.0.2") as server:
        server.route("/robots.txt", Reply(404, b"", content_type="text/plain"))
        for page in range(12):
            server.route(f"/p{page}", Reply(200, html_page(f"page {page}")))
        config = FetchConfig(allow_private=["127.0.0.0/8"], min_delay_s=0.0, concurrency=2, per_host_concurrency=2)
        urls = [server.url(f"/p{p}") for p in range(12)]
        with Fetcher(config, SourcesConfig(), state_dir=None) as fetcher:
            pages = fetcher.crawl(urls)
            next(pages)
            time.sleep(1.0)  # the caller extracts a slow page: the fetcher keeps going meanwhile
            requested = len([p for p in server.paths() if p != "/robots.txt"])
            rest = list(pages)
    assert requested == 12
    assert len(rest) == 11


NEW_COMMENT = """<li class="comment"><div class="comment-author"><b class="fn">reader_two</b></div>
<div class="comment-content"><p>My doctor said the same thing last week.</p></div></li></ol></section>"""


def test_a_new_comment_under_an_unchanged_article_is_a_new_version(tmp_path: Path) -> None:
    import duckdb
    import pandas as pd

    from tests.warcs import article_html

    with ScriptedServer("127.0.0.2") as server:
        url = server.url("/asthma")
        first = article_html("Asthma", url, comments=True)
        second = first.replace(b"</ol></section>", NEW_COMMENT.encode())
        served: dict[str, Any] = {"body": first, "etag": '"v1"'}

        def page(request):  # type: ignore[no-untyped-def]
            if request.headers.get("if-none-match") == served["etag"]:
                return Reply(304, b"", headers={"ETag": served["etag"]})
            return Reply(200, served["body"], headers={"ETag": served["etag"]})

        server.route("/robots.txt", Reply(404, b"", content_type="text/plain"))
        server.route("/asthma", page)

        def run(day: str) -> dict[str, int]:
            config = make_config(
                tmp_path,
                sources={"urls": [url]},
                fetch={"allow_private": ["127.0.0.0/8"], "min_delay_s": 0.0},
                run={"run_date": day, "progress": "off"},
            )
            return run_pipeline(config).outcomes

        assert run("2026-11-20") == {"ok": 1}
        served.update(body=second, etag='"v2"')  # same text, one more reader comment
        assert run("2026-11-21") == {"ok": 1}
        assert run("2026-11-22") == {"not_modified": 1}  # the state advanced with the stored version
    out = tmp_path / "out"
    articles = pd.read_parquet(out / "articles")
    assert len(articles) == 2 and articles["text"].nunique() == 1  # two versions of one text
    comments = pd.read_parquet(out / "comments")
    assert comments.groupby("content_hash").size().sort_values().tolist() == [2, 3]
    # comment ids name one comment across versions; (comment_id, content_hash) is unique
    assert not comments.duplicated(["comment_id", "content_hash"]).any()
    assert comments["comment_id"].nunique() == 3
    current = duckdb.execute(readme_current_state_sql(out)).fetchall()
    assert [row[3] for row in current] == ["reader_one", "Ann Writer", "reader_two"]


def test_a_sitemap_linked_from_a_page_is_fetched_once() -> None:
    with ScriptedServer("127.0.0.2") as server:
        sitemap = server.url("/sitemap.xml")
        robots = f"User-agent: *\nSitemap: {sitemap}\n".encode()
        server.route("/robots.txt", Reply(200, robots, content_type="text/plain"))
        xml = (
            '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"<url><loc>{server.url('/a')}</loc></url></urlset>"
        )
        server.route("/sitemap.xml", Reply(200, xml.encode(), content_type="application/xml"))
        server.route("/a", Reply(200, html_page("Page A", "Words about health. " * 20, links=[sitemap])))
        config = FetchConfig(allow_private=["127.0.0.0/8"], min_delay_s=0.0)
        with Fetcher(config, SourcesConfig(follow_links=True), state_dir=None) as fetcher:
            pages = list(fetcher.crawl([], [server.url("/")]))
    assert [(p.url, p.outcome) for p in pages] == [
        (server.url("/sitemap.xml"), Outcome.SITEMAP),
        (server.url("/a"), Outcome.OK),
    ]
    assert server.hits("/sitemap.xml") == 1
