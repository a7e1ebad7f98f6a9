"""Fourteenth outside-style audit (session 18): what the thirteen before left or did not try, with real parts.

Each test is one row of the "Fourteenth outside-style audit" table of docs/audits.md.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from pipeline import cache_dir
from pipeline.cli import main
from pipeline.errors import LockHeldError
from pipeline.records import Outcome
from pipeline.run.runner import run_pipeline
from pipeline.store.lock import OutputLock
from tests.conftest import make_config
from tests.httpserver import Reply, ScriptedServer, html_page
from tests.test_outside_audit import PAGE, crawl
from tests.warcs import article_html, write_warc

# A page declared German whose text is English: the stop words disagree with the declaration,
# so the language model is asked (the path that needs the cache folder).
MISDECLARED = b"""<!DOCTYPE html><html lang="de"><head><title>Gout and diet</title></head><body>
<article><h1>Gout and diet</h1>
<p>Gout is a form of arthritis caused by too much uric acid in the blood. People with gout often
notice that the pain starts in the big toe at night, and the joint becomes swollen and tender.</p>
<p>Diet plays a part. Foods rich in purines, such as red meat, organ meats and some seafood, raise
uric acid levels, and so do sugary drinks and alcohol. Drinking plenty of water helps the kidneys.</p>
<p>Medicines such as allopurinol lower uric acid over time, while anti-inflammatory drugs treat the
attacks themselves. Talk to your doctor before changing any treatment you already take.</p>
</article></body></html>"""

# The CLI in a process whose uid the passwd database does not know (a container run with
# ``--user 10001``, a uid mapped in from outside, an NSS source that is down): what
# ``pwd.getpwuid`` answers there. With HOME unset too, ``Path.home()`` raises.
UNKNOWN_UID_CLI = """import pwd, sys
def getpwuid(uid):
    raise KeyError(f"getpwuid(): uid not found: {uid}")
pwd.getpwuid = getpwuid
from pipeline.cli import main
sys.exit(main())
"""


def test_a_run_without_a_home_extracts_every_page(tmp_path: Path) -> None:
    """cron or a container without ``HOME`` and a uid without a passwd entry: ``Path.home()``
    raised "Could not determine home directory." inside the extraction, so every page the
    language model was asked about was ``extract_failed`` (a failure for good, never retried).
    Now there is no cache folder and the model and word lists are built in the process."""
    warc = write_warc(tmp_path / "in.warc.gz", [("https://site.test/gout", MISDECLARED, "text/html", 200)])
    env = {key: value for key, value in os.environ.items() if key not in ("HOME", cache_dir.CACHE_ENV)}
    command = [sys.executable, "-c", UNKNOWN_UID_CLI, "run", "--warc", str(warc), "--out", "out", "--raw", "raw"]
    done = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=180)
    fetches = pd.read_parquet(tmp_path / "out" / "fetches")
    assert fetches["outcome"].tolist() == ["ok"], fetches["error"].tolist()
    assert done.returncode == 0
    assert pd.read_parquet(tmp_path / "out" / "metadata")["language"].tolist() == ["en"]
    assert not list(tmp_path.rglob(cache_dir.CACHE_NAME))  # no cache folder in the working folder


@pytest.mark.parametrize("value", ["cache", "./cache", ""])
def test_a_relative_or_empty_xdg_cache_home_is_ignored(
    value: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """XDG Base Directory: a relative ``XDG_CACHE_HOME`` is invalid and ignored (it was read
    from each process's working folder: a cron job's copies landed wherever it started)."""
    monkeypatch.setenv(cache_dir.CACHE_ENV, value)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert cache_dir.cache_root() == tmp_path / ".cache" / cache_dir.CACHE_NAME
    monkeypatch.delenv("HOME")
    monkeypatch.setattr("pwd.getpwuid", lambda uid: (_ for _ in ()).throw(KeyError(uid)))
    assert cache_dir.cache_root() is None
    words = frozenset({"a", "b"})
    assert cache_dir.cached_words("x.txt", lambda: words) is words
    assert cache_dir.cached_text("y.txt", lambda: "text") == "text"


def test_urls_a_sitemap_listed_and_the_run_left_out_are_counted_in_its_summary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A sitemap's entries on hosts outside the crawl, and its pages past
    ``sources.max_pages_per_host``, get no request and no row (by design): only a warning said
    so (session 17's left-over), so a night's summary, manifest and ``--summary`` file read as if
    the sitemap had listed nothing more. Now they count them, by reason."""
    with ScriptedServer("127.0.0.181") as site:
        site.route("/robots.txt", Reply(404, b"", content_type="text/plain"))
        own = [site.url(f"/a/{n}") for n in range(6)]
        elsewhere = [f"http://127.0.0.182/b/{n}" for n in range(3)]  # nothing listens there
        entries = "".join(f"<url><loc>{url}</loc></url>" for url in own + elsewhere)
        sitemap = f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</urlset>'
        site.route("/sitemap.xml", Reply(200, sitemap.encode(), content_type="application/xml"))
        for n in range(6):
            site.route(f"/a/{n}", Reply(200, html_page(f"Page {n}")))
        toml = tmp_path / "run.toml"
        toml.write_text(
            f'[sources]\nsitemaps = ["{site.url("/sitemap.xml")}"]\nmax_pages_per_host = 4\n'
            f'[fetch]\nallow_private = ["{site.host}"]\nmin_delay_s = 0.0\nmax_retries = 0\n'
        )
        common = ["run", "--config", str(toml), "--out", str(tmp_path / "out"), "--raw", str(tmp_path / "raw")]
        assert main([*common, "--workers", "1", "--summary", str(tmp_path / "summary.json")]) == 0
        printed = capsys.readouterr().out
        requested = site.paths()
    assert sorted(path for path in requested if path.startswith("/a/")) == [f"/a/{n}" for n in range(4)]
    counts = {"off_scope": 3, "over_host_budget": 2}
    assert json.loads((tmp_path / "summary.json").read_text())["not_fetched"] == counts
    (manifest,) = (tmp_path / "out" / "_runs").glob("*.json")
    assert json.loads(manifest.read_text())["not_fetched"] == counts
    line = "5 URL(s) found in sitemaps or links not fetched (no row): 3 on hosts outside the crawl, 2 over"
    assert line in printed


def _chunks(body: bytes) -> bytes:
    return b"".join(
        b"%x\r\n%s\r\n" % (len(body[at : at + 300]), body[at : at + 300]) for at in range(0, len(body), 300)
    )


def test_transfer_encoding_on_two_lines_is_one_list_of_codings() -> None:
    """``Transfer-Encoding: identity`` then ``Transfer-Encoding: chunked`` (a framework's line and
    the server's own; RFC 9110 5.3 combines repeated lines into one list, and Chromium reads the
    body as chunked): ``http.client`` read the first line only, so the body was read to the end
    of the kept-alive connection, which never came: `timeout` after ``fetch.timeout_s``, every
    night. Now the lines are one list, chunked when "chunked" is its last coding."""
    head = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
    answers = {
        "/two-lines": head
        + b"Transfer-Encoding: identity\r\nTransfer-Encoding: chunked\r\n\r\n"
        + _chunks(PAGE)
        + b"0\r\n\r\n",
        "/next": head + b"Content-Length: %d\r\n\r\n" % len(PAGE) + PAGE,  # on the same connection
    }
    pages, server = crawl(answers, list(answers), timeout_s=3.0)
    assert [(page.outcome, page.html) for page in pages.values()] == [(Outcome.OK, pages["/next"].html)] * 2
    assert server.connections == 1  # robots.txt, both pages: the connection kept


def test_site_rules_changed_between_a_killed_run_and_its_resume_start_a_new_run(tmp_path: Path) -> None:
    """A night killed after its first shard committed (the OOM killer), a site rule deployed in
    the morning, the scheduler's retry: the default run id digested the config but not the rule
    files, so the retry resumed the killed run, its first shard's rows extracted without the
    rule and the rest with it, in one run whose manifest's ``rules_digest`` named the new rules
    (and a same-day re-run after a rule edit was a retry of the failures alone). Now the rules' digest
    is part of the run id, as the config is: the retry is a new run, every page under the rule."""
    pages = [(f"https://site.test/p{n}", n) for n in range(2)]
    for url, n in pages:  # one WARC file each: two shards
        aside = b"<p class=aside>Vitamin D matters for the bones of older adults; many need more of it in winter.</p>"
        body = article_html(f"Page {n}", url).replace(b"</article>", aside + b"</article>")
        write_warc(tmp_path / f"p{n}.warc.gz", [(url, body, "text/html", 200)])
    sites = tmp_path / "sites"
    sites.mkdir()
    toml = tmp_path / "run.toml"
    toml.write_text(f'[extract]\nsites_dir = "{sites}"\n')
    command = [sys.executable, "-m", "pipeline", "run", "--config", str(toml), "--out", "out", "--workers", "1"]
    command += ["--warc", "p0.warc.gz", "p1.warc.gz", "--run-date", "2026-12-07"]
    killed = {**os.environ, "PIPELINE_TEST_CRASH_AFTER": "marker:1"}
    assert subprocess.run(command, cwd=tmp_path, env=killed, capture_output=True, timeout=180).returncode == -9
    (sites / "site.toml").write_text('hosts = ["site.test"]\nremove = ["p.aside"]\n')
    done = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    articles = pd.read_parquet(tmp_path / "out" / "articles")
    assert sorted(set(articles["url"])) == [url for url, _ in pages]
    ruled = articles[~articles["text"].str.contains("Vitamin D")]  # extracted under the rule
    assert sorted(ruled["url"]) == [url for url, _ in pages], articles[["url", "run_id"]]
    assert ruled["run_id"].nunique() == 1


def test_an_output_under_a_folder_named_like_a_partition(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An output under a Hive-style lake (``/lake/site=health/out``): DuckDB and Polars, reading
    the datasets as the README does (``hive_partitioning``), take every ``key=value`` folder of a
    path as a column, so each article's ``site`` read "health", silently. Refused now (exit 2,
    nothing written); a folder of another name (``env=prod``) adds a column, and a warning says so."""
    import duckdb

    warc = write_warc(tmp_path / "in.warc.gz", [("https://site.test/gout", MISDECLARED, "text/html", 200)])
    shadowing = tmp_path / "site=health" / "out"
    assert main(["run", "--warc", str(warc), "--out", str(shadowing)]) == 2
    assert "(site=health): DuckDB and Polars" in capsys.readouterr().err
    assert not shadowing.exists()
    lake = tmp_path / "env=prod" / "out"
    assert main(["run", "--warc", str(warc), "--out", str(lake)]) == 0
    assert "partitions (env=prod): DuckDB and Polars (hive_partitioning) read each" in capsys.readouterr().err
    glob = lake / "articles" / "**" / "*.parquet"
    read = duckdb.execute(f"SELECT env, site FROM read_parquet('{glob}', hive_partitioning=true)").fetchall()
    assert read == [("prod", "site.test")]  # the column the warning names; the site its own


def test_the_lock_names_the_host_of_the_run_that_holds_it(tmp_path: Path) -> None:
    """Two machines' crons over one output on a shared file system: the second was told
    "another run holds the lock on OUT (pid 4242)", a pid its operator looked for on the wrong
    machine. The lock now names the holder's host too."""
    with OutputLock(tmp_path), pytest.raises(LockHeldError) as held:
        OutputLock(tmp_path).acquire()
    assert f"(pid {os.getpid()} on {socket.gethostname()})" in str(held.value)


# A removed page answered with status 200 by a template whose <title> is the site's name: only
# the text says it is an error page (WordPress themes' "Oops! That page can't be found.").
SOFT_404 = """<!DOCTYPE html><html lang="en"><head><title>Test Health</title></head><body>
<nav><a href="/">Home</a> <a href="/conditions">Conditions</a></nav><main><h2>Oops! That page can\u2019t be found.</h2>
<p>It looks like nothing was found at this location. Maybe try a search?</p></main>
<footer>Copyright Test Health</footer></body></html>""".encode()


def test_a_soft_404_that_says_so_only_in_its_text_keeps_the_stored_version_current(tmp_path: Path) -> None:
    """The sixth audit's soft 404 read the title and the first ``<h1>``: a template whose title
    is the site's name and whose apology is an ``<h2>`` or a paragraph was an `ok` page, the
    article's new, current version holding "Oops! That page can't be found.". Now a short text
    (under an article's worth) that says so in the vocabularies' words is the error page."""
    with ScriptedServer("127.0.0.183") as site:
        site.route("/robots.txt", Reply(404, b"", content_type="text/plain"))
        site.route("/gout", Reply(200, article_html("Gout", site.url("/gout"))))
        fetch: dict[str, object] = {"allow_private": [site.host], "min_delay_s": 0.0, "max_retries": 0}
        sources: dict[str, object] = {"urls": [site.url("/gout")]}
        assert (
            run_pipeline(make_config(tmp_path, run={"run_date": "2026-12-06"}, sources=sources, fetch=fetch)).exit_code
            == 0
        )
        site.route("/gout", Reply(200, SOFT_404))
        assert (
            run_pipeline(make_config(tmp_path, run={"run_date": "2026-12-07"}, sources=sources, fetch=fetch)).exit_code
            == 1
        )
    fetches = pd.read_parquet(tmp_path / "out" / "fetches").sort_values("fetched_at")
    assert fetches["outcome"].tolist() == ["ok", "extract_failed"]
    assert (
        "an error page served with status 200 (text 'Oops! That page can\u2019t be found.')" in fetches["error"].iloc[1]
    )
    articles = pd.read_parquet(tmp_path / "out" / "articles")
    assert len(articles) == 1 and "Gout" in articles["title"].iloc[0]
