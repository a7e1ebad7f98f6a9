"""The sixth outside-style audit (session 10): what the five before it left out. Real loopback
servers, real files, real runs; the audit table of docs/audits.md says which test covers which case."""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path

import pandas as pd
import pytest
from warcio.archiveiterator import ArchiveIterator

from pipeline.config import Config
from pipeline.errors import ConfigError
from pipeline.run.runner import run_pipeline
from pipeline.store.warc_archive import output_tag
from tests.conftest import make_config
from tests.httpserver import Reply, Request, ScriptedServer, html_page
from tests.warcs import write_warc

RETENTION_SITE = "127.0.0.11"
DAY_S = 86_400

# -- the raw archive's retention: output.raw_keep_days ---------------------------------------


def _retention_site(night: list[int]) -> dict[str, object]:
    """``/stable`` answers 304 to its ETag (fetched whole once, on the first night); ``/daily``
    changes every night (a new version, a new pages record each night)."""
    stable = html_page("Stable page", "Iron deficiency is the commonest cause of anaemia worldwide. " * 12)

    def conditional(request: Request) -> Reply:
        if request.headers.get("if-none-match") == '"stable-v1"':
            return Reply(304, b"", headers={"ETag": '"stable-v1"'}, content_type=None)
        return Reply(200, stable, headers={"ETag": '"stable-v1"'})

    def daily(request: Request) -> Reply:
        text = f"Night {night[0]}: the clinic's flu vaccination sessions run this week. " * 12
        return Reply(200, html_page(f"Daily news {night[0]}", text))

    return {"/robots.txt": Reply(404, b"", content_type="text/plain"), "/stable": conditional, "/daily": daily}


def _night_config(root: Path, site: ScriptedServer, night: int, keep_days: int) -> Config:
    return make_config(
        root,
        sources={"urls": [site.url("/stable"), site.url("/daily")]},
        fetch={"allow_private": [site.host], "min_delay_s": 0.0, "max_retries": 0},
        output={"raw_keep_days": keep_days},
        run={"run_date": f"2026-12-0{night}", "workers": 1},
    )


def _responses(path: Path) -> list[str]:
    with open(path, "rb") as stream:
        return [
            r.rec_headers.get_header("WARC-Target-URI").rsplit("/", 1)[1]
            for r in ArchiveIterator(stream)
            if r.rec_type == "response"
        ]


def test_raw_keep_days_deletes_old_archive_files_but_keeps_each_stored_urls_latest_response(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Nightly runs grow the raw archive by a pages and a support WARC each; with
    ``output.raw_keep_days`` a run deletes this output's files older than that, except the pages
    file holding a URL's latest response (here the first night's, for a page that has answered
    304 since), and never another output's files in the same folder."""
    night = [1]
    raw = tmp_path / "raw"
    with ScriptedServer(RETENTION_SITE, _retention_site(night)) as site:  # type: ignore[arg-type]
        for number in (1, 2, 3):
            night[0] = number
            summary = run_pipeline(_night_config(tmp_path, site, number, keep_days=0), argv=[])
            assert summary.exit_code == 0, number
        pages = sorted(raw.glob("*.warc.gz"), key=lambda p: p.name)
        support = sorted((raw / "support").glob("*.warc.gz"))
        assert [sorted(_responses(p)) for p in pages] == [["daily", "stable"], ["daily"], ["daily"]]
        assert len(support) == 3  # robots.txt and the 304s
        other_output = raw / f"2026-12-01-0123abcd-hosts000-0123abcd-{output_tag(tmp_path / 'other')}.warc.gz"
        other_output.write_bytes(pages[1].read_bytes())
        # ten days later: every file so far is old
        old = time.time() - 10 * DAY_S
        for path in [*pages, *support, other_output]:
            os.utime(path, (old, old))
        night[0] = 4
        before = sorted(p.name for p in raw.rglob("*.warc.gz"))
        with caplog.at_level(logging.INFO):
            run_pipeline(_night_config(tmp_path, site, 4, keep_days=7), argv=[], dry_run=True)
        assert sorted(p.name for p in raw.rglob("*.warc.gz")) == before  # a dry run deletes nothing
        assert "raw archive: 4 file(s) older than 7 days would be deleted (dry run)" in caplog.text
        summary = run_pipeline(_night_config(tmp_path, site, 4, keep_days=7), argv=[])
        assert summary.exit_code == 0 and summary.outcomes == {"ok": 1, "not_modified": 1}
    left = {p.name for p in raw.glob("*.warc.gz")}
    # night 1 holds /stable's only copy, night 3 /daily's latest response (before night 4 ran),
    # night 4 is new; night 2 and every old support file went; the other output's file stayed
    assert sorted(name[:10] for name in left - {other_output.name}) == ["2026-12-01", "2026-12-03", "2026-12-04"]
    assert {pages[0].name, pages[2].name, other_output.name} <= left
    assert [p.name[:10] for p in (raw / "support").glob("*.warc.gz")] == ["2026-12-04"]
    # the kept first night's file still feeds the stable page back
    fed = make_config(tmp_path / "fed", sources={"warc": [str(pages[0])]}, run={"workers": 1})
    assert run_pipeline(fed, argv=[]).outcomes == {"ok": 2}


def test_raw_keep_days_must_not_be_negative(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="output.raw_keep_days"):
        make_config(tmp_path, output={"raw_keep_days": -1})


# -- the extraction changed between nightly runs: a 304 must not keep the old extraction --------

RULES_SITE = "127.0.0.12"
ASIDE = "Our editors picked these related stories for readers of this section every week."


def _rules_site_page() -> bytes:
    prose = "Vitamin D is made in the skin in sunlight and helps the body absorb calcium. " * 10
    return (
        "<html><head><title>Vitamin D</title></head><body><article><h1>Vitamin D</h1>"
        f"<p>{prose}</p><p class='aside-note'>{ASIDE}</p><p>{prose}</p></article></body></html>"
    ).encode()


def test_a_site_rule_added_between_nightly_runs_re_extracts_pages_that_would_answer_304(tmp_path: Path) -> None:
    """Night 1 stores the page with its ETag; before night 2 the operator adds a site rule that
    removes a paragraph. Validators sent with the stored version would get a 304 and keep the
    old extraction for as long as the page does not change: a version stored by another
    extraction (site rules, extract settings, code) is fetched in full once, so the rule applies."""
    page, etag = _rules_site_page(), '"vitamin-d-v1"'

    def conditional(request: Request) -> Reply:
        if request.headers.get("if-none-match") == etag:
            return Reply(304, b"", headers={"ETag": etag}, content_type=None)
        return Reply(200, page, headers={"ETag": etag})

    sites = tmp_path / "sites"
    sites.mkdir()
    routes = {"/robots.txt": Reply(404, b"", content_type="text/plain"), "/vitamin-d": conditional}
    with ScriptedServer(RULES_SITE, routes) as site:  # type: ignore[arg-type]

        def night(number: int) -> Config:
            return make_config(
                tmp_path,
                sources={"urls": [site.url("/vitamin-d")]},
                fetch={"allow_private": [site.host], "min_delay_s": 0.0, "max_retries": 0},
                extract={"sites_dir": str(sites)},
                run={"run_date": f"2026-12-0{number}", "workers": 1},
            )

        assert run_pipeline(night(1), argv=[]).outcomes == {"ok": 1}
        assert run_pipeline(night(2), argv=[]).outcomes == {"not_modified": 1}  # same extraction: a 304
        (sites / "rules-site.toml").write_text(f'hosts = ["{RULES_SITE}"]\nremove = ["p.aside-note"]\n')
        third = run_pipeline(night(3), argv=[])
        assert third.outcomes == {"ok": 1} and third.rows.get("articles") == 1
        assert run_pipeline(night(4), argv=[]).outcomes == {"not_modified": 1}  # validators again
    articles = pd.read_parquet(tmp_path / "out" / "articles").sort_values("fetched_at")
    assert [ASIDE in text for text in articles["text"]] == [True, False]


@pytest.mark.dask
def test_dask_workers_of_yesterdays_run_extract_with_a_site_rule_added_since(tmp_path: Path) -> None:
    """Workers outlive runs: a worker that read ``extract.sites_dir`` yesterday kept those rules
    (cached by the folder's path) after a rule file was added, while its rules digest, read
    afresh, matched the driver's. Rules are cached by the files' content now."""
    from distributed import LocalCluster

    url = "https://rules.example/vitamin-d"
    warc = write_warc(tmp_path / "in.warc.gz", [(url, _rules_site_page(), "text/html", 200)])
    sites = tmp_path / "sites"
    sites.mkdir()
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        for day in (1, 2):
            if day == 2:
                (sites / "rules.toml").write_text('hosts = ["rules.example"]\nremove = ["p.aside-note"]\n')
            config = make_config(
                tmp_path,
                sources={"warc": [str(warc)]},
                extract={"sites_dir": str(sites)},
                run={"run_date": f"2026-12-0{day}", "scheduler": cluster.scheduler_address},
            )
            assert run_pipeline(config, argv=[]).outcomes == {"ok": 1}, day
    # both rows carry the one archive date: the run id says which day
    articles = pd.read_parquet(tmp_path / "out" / "articles").sort_values("run_id")
    assert [ASIDE in text for text in articles["text"]] == [True, False]


# -- a removed page answered with the site's error page and status 200 (a soft 404) --------------

SOFT_404_SITE = "127.0.0.13"


def _error_page(title: str, heading: str) -> bytes:
    return (
        f"<!DOCTYPE html><html><head><title>{title}</title></head><body>"
        "<header><nav><a href='/'>Home</a> <a href='/conditions'>Conditions</a></nav></header>"
        f"<main><h1>{heading}</h1><p>The page you are looking for may have been moved or deleted. "
        "Try searching our site or go back to the homepage.</p></main><footer>2026 Health Site</footer>"
        "</body></html>"
    ).encode()


def test_a_removed_page_answered_200_with_an_error_page_does_not_become_its_article(tmp_path: Path) -> None:
    """Night 1 stores the article; on night 2 the page is gone but the site answers 200 with its
    "Page not found" template. That apology was stored as the article's new, current version;
    now the fetch row is ``extract_failed`` naming the error page, and the article stays."""
    article = html_page(
        "Shingles vaccine", "The shingles vaccine is offered to adults over 65 and to some younger. " * 12
    )
    pages = [
        Reply(200, article),
        Reply(200, _error_page("Page not found | Health Site", "Sorry, we can’t find that page")),
    ]
    routes = {"/robots.txt": Reply(404, b"", content_type="text/plain"), "/shingles": pages}
    with ScriptedServer(SOFT_404_SITE, routes) as site:  # type: ignore[arg-type]
        for night in (1, 2):
            config = make_config(
                tmp_path,
                sources={"urls": [site.url("/shingles")]},
                fetch={"allow_private": [site.host], "min_delay_s": 0.0, "max_retries": 0},
                run={"run_date": f"2026-12-0{night}", "workers": 1, "max_failure_rate": 1.0},
            )
            summary = run_pipeline(config, argv=[])
    assert summary.outcomes == {"extract_failed": 1} and summary.rows.get("articles") == 0
    fetches = pd.read_parquet(tmp_path / "out" / "fetches").sort_values("fetched_at")
    assert fetches["error"].iloc[-1] == (
        "ExtractionError: no article text: an error page served with status 200 (title 'Page not found | Health Site')"
    )
    assert pd.read_parquet(tmp_path / "out" / "articles")["title"].tolist() == ["Shingles vaccine"]


def test_a_same_day_retry_fetches_a_soft_404_no_more_than_a_404(tmp_path: Path) -> None:
    """An error page served with status 200 (``extract_failed``) is the site saying the page is
    gone, as a 404 says it: a same-day retry (the retry rules: passing failures only) fetches
    again the 503, not the soft 404 and not the 404; the next day's run fetches every URL."""
    article = html_page("Hay fever", "Hay fever is an allergy to pollen, usually worst from late March. " * 12)
    routes = {
        "/robots.txt": Reply(404, b"", content_type="text/plain"),
        "/ok": Reply(200, article),
        "/gone": Reply(200, _error_page("Page not found | Health Site", "Sorry, we can’t find that page")),
        "/missing": Reply(404, b"<html><body>Not found</body></html>"),
        "/busy": [Reply(503, b"<html><body>Busy</body></html>"), Reply(200, article.replace(b"Hay", b"Pollen"))],
    }
    with ScriptedServer(SOFT_404_SITE, routes) as site:  # type: ignore[arg-type]
        config = make_config(
            tmp_path,
            sources={"urls": [site.url(p) for p in ("/ok", "/gone", "/missing", "/busy")]},
            fetch={"allow_private": [site.host], "min_delay_s": 0.0, "max_retries": 0},
            run={"run_date": "2026-12-04", "workers": 1, "max_failure_rate": 1.0},
        )
        first = run_pipeline(config, argv=[])
        again = run_pipeline(config, argv=[])
        hits = {path: site.hits(path) for path in ("/ok", "/gone", "/missing", "/busy")}
    assert first.outcomes == {"extract_failed": 1, "http_error": 2, "ok": 1}
    assert again.retry_of == first.run_id and again.retried == [site.url("/busy")]
    assert hits == {"/ok": 1, "/gone": 1, "/missing": 1, "/busy": 2}
    assert again.outcomes == {"extract_failed": 1, "http_error": 1, "ok": 2}  # each URL by its latest answer


@pytest.mark.parametrize(
    ("title", "heading"),
    [("Seite nicht gefunden", "Fehler"), ("Health Site", "Oops! That page can’t be found."), ("404 Not Found", "")],
)
def test_error_pages_in_other_words_and_languages_are_named(title: str, heading: str) -> None:
    from pipeline.errors import ExtractionError
    from pipeline.extract import extract_html

    with pytest.raises(ExtractionError, match="an error page served with status 200"):
        extract_html(_error_page(title, heading).decode(), "https://health.example/gone")


def test_an_article_about_error_404_keeps_its_text() -> None:
    from pipeline.extract import extract_html

    text = "A 404 error page tells the reader the page is gone; health sites should link to the index. " * 8
    page = html_page("Error 404: why health sites lose pages", text).decode()
    assert "health sites should link" in extract_html(page, "https://health.example/404-errors").text


# -- a request sent again after a dropped kept-alive connection, in the raw archive ------------


def test_a_request_met_by_a_dropped_keep_alive_connection_is_archived_before_it_is_sent_again(
    tmp_path: Path,
) -> None:
    """The fetcher sends a request again at once when a kept-alive connection turns out closed
    (session 9); the first sending was in no archive, which claims every exchange. Now each is a
    request record with a metadata record saying why, in the support WARC; the pages are whole."""
    from tests.rawserver import NOT_FOUND, ok
    from tests.test_fifth_audit import DroppingServer
    from tests.test_outside_audit import HOST as KEEP_ALIVE

    page = html_page("Gout", "Gout is a common and painful form of arthritis that causes swollen joints. " * 12)
    server = DroppingServer(KEEP_ALIVE, {"/robots.txt": NOT_FOUND, **{f"/p{n}": ok(page) for n in range(3)}})
    try:
        config = make_config(
            tmp_path,
            sources={"urls": [f"{server.base}/p{n}" for n in range(3)]},
            fetch={"allow_private": [KEEP_ALIVE], "min_delay_s": 0.0, "max_retries": 0, "per_host_concurrency": 1},
            run={"workers": 1},
        )
        summary = run_pipeline(config, argv=[])
    finally:
        server.close()
    assert summary.outcomes == {"ok": 3} and server.requests == ["/robots.txt", "/p0", "/p1", "/p2"]
    dropped = []
    for path in (tmp_path / "raw" / "support").glob("*.warc.gz"):
        with open(path, "rb") as stream:
            for record in ArchiveIterator(stream):
                if record.rec_type == "metadata":
                    fields = record.content_stream().read().decode()
                    if "fetch-error: closed the connection without a response (a kept-alive" in fields:
                        dropped.append(record.rec_headers.get_header("WARC-Target-URI").rsplit("/", 1)[1])
    assert sorted(dropped) == ["p0", "p1", "p2"]


# -- months of nightly runs: the run's start reads the fetch log in Arrow --------------------------


def _reference_stored_urls(out: Path) -> dict[str, dict[str, tuple[str, str | None]]]:
    """stored_urls as session 9 wrote it: one Python step per fetch row and URL spelling."""
    from pipeline.fetch.urls import host_of
    from pipeline.store.parquet import read_dataset

    article_ids = set(read_dataset(out, "articles", ["article_id"]).column("article_id").to_pylist())
    fetches = read_dataset(out, "fetches", ["url", "final_url", "article_id", "content_hash", "fetched_at"])
    fetches = fetches.sort_by("fetched_at")
    by_host: dict[str, dict[str, tuple[str, str | None]]] = {}
    for url, final_url, article_id, content_hash in zip(
        *(fetches.column(c).to_pylist() for c in ("url", "final_url", "article_id", "content_hash")), strict=True
    ):
        if article_id in article_ids:
            for value in (url, final_url):
                if value:
                    urls = by_host.setdefault(host_of(value), {})
                    if content_hash is not None or urls.get(value, (None,))[0] != article_id:
                        urls[value] = (article_id, content_hash)
    return by_host


@pytest.mark.parametrize("seed", range(4))
def test_the_stored_urls_of_a_long_fetch_log_are_those_row_by_row_reading_gives(tmp_path: Path, seed: int) -> None:
    """Redirects that move, versions that change and change back, fetches without a hash (2.0
    rows), articles no longer stored, ties in time, URLs on two hosts, over several part files."""
    import datetime as dt
    import random

    import pyarrow as pa
    import pyarrow.parquet as pq

    from pipeline.run.stored import stored_urls

    rng = random.Random(seed)
    urls = [f"https://{host}/page-{n}" for host in ("a.example", "b.example") for n in range(12)]
    start = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
    for night in range(6):
        rows = []
        for _ in range(40):
            url = rng.choice(urls)
            rows.append(
                {
                    "url": url,
                    "final_url": rng.choice([url, url, None, "", rng.choice(urls)]),
                    "article_id": rng.choice([None, *(f"art-{n}" for n in range(8))]),
                    "content_hash": rng.choice([None, "v1", "v2", "v3"]),
                    "fetched_at": start + dt.timedelta(days=night, minutes=rng.randrange(3)),
                }
            )
        folder = tmp_path / "fetches" / f"crawl_date=2026-12-0{night + 1}"
        folder.mkdir(parents=True)
        pq.write_table(pa.Table.from_pylist(rows), folder / f"part-run{night}--hosts000.parquet")
    stored = pa.table({"article_id": [f"art-{n}" for n in range(6)]})  # art-6, art-7: rows gone
    (tmp_path / "articles" / "crawl_date=2026-12-01").mkdir(parents=True)
    pq.write_table(stored, tmp_path / "articles" / "crawl_date=2026-12-01" / "part-run0--hosts000.parquet")
    expected = _reference_stored_urls(tmp_path)
    assert sum(map(len, expected.values())) > 10
    assert stored_urls(tmp_path) == expected


def test_the_extractor_fingerprint_follows_settings_that_change_rows_only(tmp_path: Path) -> None:
    """A new time budget or a moved rules folder must not fetch every page in full again; a
    different extraction mode must."""
    from pipeline.run.shard import extractor_fingerprint

    base = extractor_fingerprint(make_config(tmp_path), "rules")
    assert extractor_fingerprint(make_config(tmp_path, extract={"max_seconds": 60.0}), "rules") == base
    assert extractor_fingerprint(make_config(tmp_path, extract={"sites_dir": str(tmp_path)}), "rules") == base
    assert extractor_fingerprint(make_config(tmp_path, extract={"trafilatura_fast": False}), "rules") != base
    assert extractor_fingerprint(make_config(tmp_path), "other rules") != base


# -- a site without comments or references: every dataset readable ------------------------------

PLAIN_SITE = "127.0.0.14"


def test_an_output_without_comments_or_references_answers_the_readmes_queries(tmp_path: Path) -> None:
    """No page had a comment or a reference: no ``comments/`` or ``references/`` folder was
    written, and the README's DuckDB queries, Polars and pandas failed ("No files found").
    Each dataset without a file gets one empty part (the schema), kept by later runs."""
    import duckdb
    import polars as pl
    import pyarrow.parquet as pq

    from pipeline.normalize.schemas import DATASETS
    from tests.conftest import readme_current_state_sql

    page = html_page("Hay fever", "Hay fever is an allergy to pollen that makes the eyes itch and the nose run. " * 12)
    routes = {"/robots.txt": Reply(404, b"", content_type="text/plain"), "/hay-fever": Reply(200, page)}
    with ScriptedServer(PLAIN_SITE, routes) as site:  # type: ignore[arg-type]
        for night in (1, 2):
            config = make_config(
                tmp_path,
                sources={"urls": [site.url("/hay-fever")]},
                fetch={"allow_private": [site.host], "min_delay_s": 0.0},
                run={"run_date": f"2026-12-0{night}", "workers": 1},
            )
            assert run_pipeline(config, argv=[]).exit_code == 0
    out = tmp_path / "out"
    current = duckdb.execute(readme_current_state_sql(out)).fetchall()
    assert [(row[1], row[2]) for row in current] == [("Hay fever", None)]
    for name in ("comments", "references"):
        parts = sorted((out / name).rglob("*.parquet"))
        assert [p.name for p in parts] == ["part-schema.parquet"], name  # one, kept by the second night
        assert pq.read_schema(parts[0]).remove_metadata().equals(DATASETS[name].remove_metadata())
        assert pl.read_parquet(str(out / name / "**" / "*.parquet"), hive_partitioning=True).height == 0
        assert len(pd.read_parquet(out / name)) == 0
