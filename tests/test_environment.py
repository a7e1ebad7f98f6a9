"""The machine a run meets: an odd TZ, a temporary directory elsewhere (or nowhere), a URL file
of a million lines. Real runs, real files."""

from __future__ import annotations

import datetime as dt
import logging
import os
import subprocess
import sys
import tempfile
import time
import tracemalloc
import zlib
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit

import pandas as pd
import pytest

from pipeline.cli import main
from pipeline.config import FetchConfig, SourcesConfig
from pipeline.extract import extract_html
from pipeline.fetch.discover import MAX_SITEMAP_BYTES, MAX_SITEMAP_NESTING, parse_sitemap
from pipeline.fetch.fetcher import Fetcher
from pipeline.fetch.urls import url_key
from pipeline.records import Outcome
from pipeline.run.plan import plan_shards, url_host
from pipeline.run.runner import run_pipeline
from tests.conftest import make_config
from tests.httpserver import Reply, ScriptedServer
from tests.warcs import article_html


@pytest.fixture
def local_day_not_utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[int]:
    """A TZ whose date is not UTC's right now: -1 (behind, UTC-12) before noon UTC, else +1 (UTC+14)."""
    behind = dt.datetime.now(dt.UTC).hour < 12
    monkeypatch.setenv("TZ", "Etc/GMT+12" if behind else "Etc/GMT-14")  # POSIX signs: GMT+12 is UTC-12
    time.tzset()
    try:
        yield -1 if behind else 1
    finally:
        monkeypatch.undo()
        time.tzset()


def test_a_date_found_by_htmldate_does_not_depend_on_the_machines_time_zone(local_day_not_utc: int) -> None:
    today = dt.datetime.now(dt.UTC).date()
    assert dt.date.today() == today + dt.timedelta(days=local_day_not_utc)  # the machine's day is another
    # a date only htmldate's page search finds (no markup, no byline, far from the headline: a
    # dateline by it is read as printed): today in UTC is a date; the day after the latest a page
    # can print (today in UTC+14: tomorrow in UTC from 10:00 UTC on) is not, whatever day it is
    # where the machine stands
    from pipeline.extract.published import latest_plausible

    latest = latest_plausible()
    assert latest - today in (dt.timedelta(0), dt.timedelta(days=1))
    page = article_html("Gout", "https://ex.com/gout").decode()
    notes = "".join(f"<p>Note {i}: see your doctor about gout flares.</p>" for i in range(10))
    for day, expected in ((today, today), (latest + dt.timedelta(days=1), None)):
        html = page.replace("</article>", f'</article>{notes}<div class="date">{day:%Y/%m/%d}</div>')
        published = extract_html(html, "https://ex.com/gout").metadata.published
        assert (published == expected) if expected else (published != day), (day, published)


# -- URL files: oddities, and one host however it is written


def test_one_page_written_many_ways_is_requested_once(tmp_path: Path) -> None:
    with ScriptedServer("127.0.0.2") as site:
        site.route("/robots.txt", Reply(404, b"", content_type="text/plain"))
        site.route("/a", Reply(200, article_html("Gout", site.url("/a"))))
        base = site.base
        written = [f"{base}/a", f"{base}/a#comments", f"{base}/a?utm_source=news&utm_medium=mail"]
        written += [f" {base}/a?fbclid=x ", base.replace("http://", "HTTP://") + "/a", f"{base}/a?"]
        written += [f"{base}/b/../a", f"{base}/./a"]  # sent as /a by urllib3: keyed as /a too
        urls = tmp_path / "urls.txt"
        urls.write_text("\n".join(written) + "\n")
        config = make_config(
            tmp_path,
            sources={"url_files": [str(urls)]},
            fetch={"allow_private": ["127.0.0.2"], "min_delay_s": 0.0, "max_retries": 0},
            run={"workers": 2, "progress": "off"},
        )
        summary = run_pipeline(config, argv=[])
        assert [p for p in site.paths() if p != "/robots.txt"] == ["/a"]  # one request, whatever the spelling
        assert summary.outcomes == {"ok": 1, "duplicate": len(written) - 1} and summary.exit_code == 0
    assert url_key("https://EXAMPLE.com:443/a#x") == url_key("https://example.com/a?utm_source=x")
    assert url_key("http://example.com:80/a") == url_key("http://example.com/a")


def test_an_idn_host_in_unicode_and_in_punycode_is_one_host_in_one_shard(tmp_path: Path) -> None:
    """Two spellings of one host were two shards: two fetchers crawled it at once (each polite
    alone, not together) and the page was requested twice; validators never matched the
    Unicode spelling (stored URLs are keyed by the host as requested)."""
    urls = ["https://bücher.example/a", "https://xn--bcher-kva.example/b", "https://BÜCHER.example/c"]
    urls += [f"https://h{n}.example/" for n in range(6)]
    shards = plan_shards(make_config(tmp_path, sources={"urls": urls}), slots=8)
    (idn,) = [s for s in shards if any("example/a" in u or "example/b" in u for u in s.seeds)]
    assert idn.hosts == ["xn--bcher-kva.example"] and len(idn.seeds) == 3
    odd = ["http://[::1", "https://user:pw@Host.example:8/x", "HTTP://H.example", "https://h.example\\x/", "ftp://x/"]
    for url in odd:  # the fast path reads what urlsplit reads
        try:
            expected = (urlsplit(url).hostname or url).lower()
        except ValueError:
            expected = url.lower()
        assert url_host(url) == expected, url


def test_a_host_with_a_trailing_dot_is_the_same_host(tmp_path: Path) -> None:
    """``localhost.`` (the fully qualified spelling) and ``localhost`` are one host: one shard,
    one robots.txt, one politeness slot, one key per page. Kept apart, the page was requested
    once per spelling (and ``localhost.`` is not in /etc/hosts: its pages failed on DNS)."""
    with ScriptedServer("127.0.0.1") as site:
        site.route("/robots.txt", Reply(200, b"User-agent: *\nDisallow: /private\n", content_type="text/plain"))
        site.route("/a", Reply(200, article_html("Gout", site.url("/a"))))
        site.route("/b", Reply(200, article_html("Asthma", site.url("/b"))))
        site.route("/private", Reply(200, article_html("Secret", site.url("/private"))))
        plain, dotted = f"http://localhost:{site.port}", f"http://LOCALHOST.:{site.port}"
        urls = [f"{plain}/a", f"{dotted}/a", f"{dotted}/b", f"http://localhost.:{site.port}/private"]
        config = make_config(
            tmp_path,
            sources={"urls": urls},
            fetch={"allow_private": ["127.0.0.1", "localhost"], "min_delay_s": 0.0, "max_retries": 0},
            run={"workers": 2, "progress": "off"},
        )
        assert [s.hosts for s in plan_shards(config, slots=8)] == [["localhost"]]
        summary = run_pipeline(config, argv=[])
        assert sorted(site.paths()) == ["/a", "/b", "/robots.txt"]  # robots obeyed for the dotted spelling
        assert summary.outcomes == {"ok": 2, "duplicate": 1, "robots_disallowed": 1}
    assert url_host(f"{dotted}/b") == url_host(f"{plain}/b") == "localhost"
    assert url_key("https://Example.com./a") == url_key("https://example.com/a")


def test_a_sitemap_index_that_lists_itself_or_nests_too_deep_ends(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    def index(urls: list[str], kind: str = "sitemapindex") -> Reply:
        tag = "sitemap" if kind == "sitemapindex" else "url"
        locs = "".join(f"<{tag}><loc>{u}</loc></{tag}>" for u in urls)
        xml = f'<?xml version="1.0"?><{kind} xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{locs}</{kind}>'
        return Reply(200, xml.encode(), content_type="application/xml")

    with ScriptedServer("127.0.0.2") as site:
        site.route("/robots.txt", Reply(404, b"", content_type="text/plain"))
        site.route("/a", Reply(200, article_html("Gout", site.url("/a"))))
        site.route("/index.xml", index([site.url("/index.xml"), site.url("/d1.xml"), site.url("/pages.xml")]))
        site.route("/pages.xml", index([site.url("/a")], "urlset"))
        for n in range(1, 9):  # an index of an index of ... each one also listing the first again
            site.route(f"/d{n}.xml", index([site.url(f"/d{n + 1}.xml"), site.url("/index.xml")]))
        config = replace(
            FetchConfig(), min_delay_s=0.0, max_retries=0, allow_private=["127.0.0.2"], connect_timeout_s=2.0
        )
        with caplog.at_level(logging.WARNING), Fetcher(config, SourcesConfig(), state_dir=None) as fetcher:
            pages = list(fetcher.crawl([], [site.url("/index.xml")]))
        assert site.hits("/index.xml") == 1  # listed three times, read once
        deepest = max(int(p[2:-4]) for p in site.paths() if p.startswith("/d"))
        assert deepest == MAX_SITEMAP_NESTING  # the index is level 0
        assert [p.outcome for p in pages].count(Outcome.OK) == 1
        assert f"nested deeper than {MAX_SITEMAP_NESTING} levels ignored" in caplog.text


def test_a_gzip_sitemap_bomb_is_read_to_its_cap_in_bounded_memory(caplog: pytest.LogCaptureFixture) -> None:
    """65 KB of .xml.gz served as is that inflate to 64 MB: parsed up to MAX_SITEMAP_BYTES (50 MB)."""
    head = b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
    deflate = zlib.compressobj(9, zlib.DEFLATED, 31)  # gzip framing
    bomb = deflate.compress(head + b"<url><loc>https://h.example/a</loc></url>")
    bomb += b"".join(deflate.compress(b" " * (1 << 20)) for _ in range(64)) + deflate.flush()
    assert len(bomb) < 100_000
    tracemalloc.start()
    try:
        with caplog.at_level(logging.WARNING):
            sitemap = parse_sitemap(bomb, "https://h.example/sitemap.xml.gz")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert sitemap.pages == ["https://h.example/a"]
    assert peak < 3 * MAX_SITEMAP_BYTES, f"peak {peak} bytes"
    assert "uncompressed; the rest is ignored" in caplog.text


# -- the output on its own filesystem, then read-only


@pytest.mark.skipif(os.geteuid() != 0 or not Path("/proc/filesystems").is_file(), reason="mounts a tmpfs (root)")
def test_an_output_on_another_filesystem_than_tmp_and_then_read_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every temporary file is made beside the file it becomes (a rename never crosses devices),
    none in TMPDIR; a read-only output is one line and exit 2 before any work, and once it is
    writable again the same command finishes the run."""
    disk, scratch = tmp_path / "disk", tmp_path / "tmp"
    disk.mkdir()
    scratch.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", str(disk)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()[:100]}")
    monkeypatch.setenv("TMPDIR", str(scratch))
    monkeypatch.setattr(tempfile, "tempdir", None)  # tempfile caches the directory it chose
    command = ["run", "--out", str(disk / "out"), "--raw", str(disk / "raw"), "--workers", "1"]
    command += ["--run-date", "2026-12-01", "--progress", "off"]
    try:
        assert os.stat(disk).st_dev != os.stat(scratch).st_dev
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        assert main(command) == 2
        err = capsys.readouterr().err
        assert "Traceback" not in err and "Read-only file system" in err and len(err.strip().splitlines()) == 1
        subprocess.run(["mount", "-o", "remount,rw", str(disk)], check=True)
        assert main(command) == 0
        articles = pd.read_parquet(disk / "out" / "articles")
        assert len(articles) == 4 and not articles["url"].duplicated().any()
        assert not [p for p in disk.rglob(".*") if p.is_file()]  # no temporary file left behind
        assert not list(scratch.iterdir())  # and none went through TMPDIR
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)


def test_two_runs_started_at_once_on_one_output_write_everything_once(tmp_path: Path) -> None:
    """The lock (flock) is taken by one; the other exits 75 at once, or, when the first was
    through before it asked, finds every shard committed. Either way nothing is written twice."""
    command = [sys.executable, "-m", "pipeline", "run", "--out", str(tmp_path / "out"), "--raw", str(tmp_path / "raw")]
    command += ["--workers", "1", "--run-date", "2026-12-01", "--progress", "off"]
    runs = [subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    codes = sorted(run.wait(timeout=120) for run in runs)
    assert codes in ([0, 0], [0, 75]), [run.stderr.read() if run.stderr else "" for run in runs]
    articles = pd.read_parquet(tmp_path / "out" / "articles")
    assert len(articles) == 4 and not articles["url"].duplicated().any()
    assert len(pd.read_parquet(tmp_path / "out" / "fetches")) == 4
    assert len(list((tmp_path / "out" / "_runs").glob("*.json"))) == 1
