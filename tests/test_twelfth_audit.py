"""Twelfth outside-style audit (session 16): what the eleven before did not cover, with real parts.

Each test is one row of the "Twelfth outside-style audit" table of docs/audits.md.
"""

from __future__ import annotations

import codecs
import json
import os
import re
import signal
import subprocess
import sys
import time
import zlib
from collections import Counter
from pathlib import Path

import duckdb
import pytest

from pipeline.config import load_config
from pipeline.errors import ConfigError
from pipeline.records import Outcome
from pipeline.run.runner import run_pipeline
from pipeline.sources.warc import read_warc
from tests.conftest import make_config
from tests.warcs import write_warc

TEXT = "Asthma is a long-term condition of the airways that many people manage well at home with a plan. " * 4
# A CMS that cut its description at 20 UTF-16 units, inside an emoji, and an author's name cut the
# same way: JSON's escapes give half a surrogate pair, which no UTF-8 text can hold.
CUT_JSONLD = (
    '{"@context": "https://schema.org", "@type": "Article", "headline": "Living with asthma",'
    ' "description": "Breathe easy \\ud83d", "author": {"@type": "Person", "name": "Ann Writer \\udc00"}}'
)


def _page(title: str, head: str = "") -> bytes:
    return (
        f'<html lang="en"><head><title>{title}</title>{head}</head><body><article><h1>{title}</h1>'
        f"<p>{TEXT}</p></article></body></html>"
    ).encode()


def test_half_a_surrogate_pair_in_json_ld_costs_no_shard(tmp_path: Path) -> None:
    """A lone surrogate from JSON-LD's ``\\ud83d`` reached the metadata row, and Parquet's writer
    (UTF-8) refused its batch: "shard failed: UnicodeEncodeError", exit 1, not one row of the WARC
    file's pages stored, night after night. Now it is U+FFFD, as HTML's ``&#xD83D;`` is."""
    cut = f'<script type="application/ld+json">{CUT_JSONLD}</script>'
    warc = write_warc(
        tmp_path / "crawl.warc.gz",
        [
            ("http://site.test/cut", _page("Living with asthma", cut), "text/html; charset=utf-8", 200),
            ("http://site.test/fine", _page("Gout"), "text/html; charset=utf-8", 200),
        ],
    )
    config = make_config(tmp_path, sources={"warc": [str(warc)]}, run={"run_date": "2026-12-07", "workers": 1})
    summary = run_pipeline(config, argv=[])
    assert (summary.exit_code, summary.outcomes) == (0, {"ok": 2})
    metadata = duckdb.execute(
        f"SELECT url, description, authors FROM read_parquet('{tmp_path}/out/metadata/**/*.parquet') ORDER BY url"
    ).fetchall()
    assert metadata == [
        ("http://site.test/cut", "Breathe easy \ufffd", ["Ann Writer \ufffd"]),
        ("http://site.test/fine", None, []),
    ]


def test_a_config_file_saved_with_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    """Notepad's "UTF-8 with BOM" (its default before 2019) was exit 2 "invalid TOML: Invalid
    statement (at line 1, column 1)", PowerShell 5's ``Out-File`` (UTF-16) "config file unreadable:
    'utf-8' codec can't decode byte 0xff"; the BOM says what the file is, as for a URL file."""
    text = '[run]\r\nworkers = 3\r\n[fetch]\r\nuser_agent = "bot-é/1.0"\r\n'
    saved = {
        "utf8-bom.toml": codecs.BOM_UTF8 + text.encode("utf-8"),
        "utf16-le.toml": codecs.BOM_UTF16_LE + text.encode("utf-16-le"),
        "utf16-be.toml": codecs.BOM_UTF16_BE + text.encode("utf-16-be"),
    }
    for name, data in saved.items():
        (tmp_path / name).write_bytes(data)
        config = load_config(tmp_path / name, environ={})
        assert (config.run.workers, config.fetch.user_agent) == (3, "bot-é/1.0"), name
    (tmp_path / "latin1.toml").write_bytes(text.encode("latin-1"))  # TOML is UTF-8: still refused
    with pytest.raises(ConfigError, match="config file unreadable"):
        load_config(tmp_path / "latin1.toml", environ={})


def test_an_input_file_named_in_another_encoding_is_one_line_exit_2(tmp_path: Path) -> None:
    """A WARC file whose name is Latin-1 bytes (an old Windows share, an archive unpacked as CP437)
    reaches Python with its bytes escaped as surrogates, which the run id's digest could not
    encode: a traceback ("UnicodeEncodeError: 'utf-8' codec can't encode character '\\udce9'"),
    exit 1, as a failed night. Now exit 2 before any work, one line naming the file to rename."""
    good = write_warc(tmp_path / "good.warc.gz", [("http://site.test/a", _page("Gout"), "text/html", 200)])
    odd = os.fsencode(tmp_path) + b"/crawl-\xe9t\xe9.warc.gz"
    with open(odd, "wb") as stream:
        stream.write(good.read_bytes())
    command = [sys.executable, "-m", "pipeline", "run", "--warc", str(good), os.fsdecode(odd)]
    result = subprocess.run(
        [*command, "--out", "out", "--raw", "raw"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2, result.stderr
    assert result.stderr.strip().splitlines() == [
        f"pipeline: error: sources.warc: the name '{tmp_path}/crawl-\\xe9t\\xe9.warc.gz' is not UTF-8"
        " (another system's encoding): rename it"
    ]
    assert not (tmp_path / "out").exists()


def _warc_record(
    url: str,
    block: bytes,
    kind: str = "response",
    extra: str = "",
    content_type: str = "application/http; msgtype=response",
) -> bytes:
    """One uncompressed WARC record, byte by byte (warcio's writer does not write segments)."""
    head = (
        f"WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:{zlib.crc32((url + extra).encode())}>\r\n"
        f"WARC-Date: 2026-12-07T00:00:00Z\r\nWARC-Target-URI: {url}\r\n{extra}"
        f"Content-Type: {content_type}\r\nContent-Length: {len(block)}\r\n\r\n"
    )
    return head.encode() + block + b"\r\n\r\n"


def test_a_response_archived_in_segments_is_no_half_page(tmp_path: Path) -> None:
    """A record written in segments (WARC 1.1: ``WARC-Segment-Number: 1`` on the first part, the rest
    in ``continuation`` records) was read as it stood: half the page an `ok` row, the URL's new
    current version. Now a failure row naming why; the records around it are read as before."""
    page = _page("Living with asthma")
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
    half = len(page) // 2
    rest = "WARC-Segment-Number: 2\r\nWARC-Segment-Origin-ID: <urn:uuid:1>\r\nWARC-Segment-Total-Length: 999\r\n"
    archive = tmp_path / "segments.warc"
    archive.write_bytes(
        _warc_record("http://site.test/segmented", http + page[:half], extra="WARC-Segment-Number: 1\r\n")
        + _warc_record("http://site.test/segmented", page[half:], kind="continuation", extra=rest)
        + _warc_record("http://site.test/whole", http + page)
    )
    read = {page.url: (page.outcome, page.error, page.html is None) for page in read_warc(archive)}
    assert read == {
        "http://site.test/segmented": (
            Outcome.DECODE_ERROR,
            "archived response in segments (WARC-Segment-Number: 1): the rest is in continuation records, not joined",
            True,
        ),
        "http://site.test/whole": (Outcome.OK, None, False),
    }


FROZEN_SITE = "127.0.0.161"  # a loopback "host" of its own (allowed through fetch.allow_private)


@pytest.mark.dask
def test_a_frozen_dask_scheduler_holds_neither_a_sigterm_nor_the_night(tmp_path: Path) -> None:
    """A scheduler that keeps its connection open and never answers (SIGSTOP, a paused VM, a
    partition): the driver's poll for workers waited for its answer without a bound, so a SIGTERM
    was never acted on ("stopping at the next page", then nothing: probed 200 s) and a night
    without one never ended. Now the poll waits ``SCHEDULER_ANSWER_S``: the SIGTERM is exit 143,
    and a scheduler silent for ``run.worker_wait_s`` ends the run in one line, exit 1, no manifest;
    the same command (here on local workers) resumes the run, every page stored once."""
    from tests.daskcluster import dask_processes, page_hits, slow_site
    from tests.httpserver import ScriptedServer
    from tests.test_operations import assert_unique

    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}  # workers import the installed package

    def frozen_night(
        site: ScriptedServer,
        command: list[str],
        address: str,
        scheduler: subprocess.Popen[bytes],
        wait_s: str,
        sigterm: bool,
    ) -> tuple[int, str]:
        """A night (its own date: the first night's shard commits on the worker after the SIGTERM)."""
        hits = page_hits(site)
        night = [*command, "--run-date", "2026-12-01" if sigterm else "2026-12-02", "--scheduler", address]
        night_env = {**os.environ, "PIPELINE__RUN__WORKER_WAIT_S": wait_s}
        driver = subprocess.Popen(night, stderr=subprocess.PIPE, text=True, env=night_env)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and page_hits(site) == hits:
            time.sleep(0.02)
        os.kill(scheduler.pid, signal.SIGSTOP)
        try:
            time.sleep(1.5)  # the driver's next poll for workers is under way
            if sigterm:
                driver.send_signal(signal.SIGTERM)
            _, stderr = driver.communicate(timeout=60)  # a failure bound: it waited forever before
        finally:
            driver.kill()
            os.kill(scheduler.pid, signal.SIGCONT)
        return driver.returncode, stderr

    with (
        slow_site(tmp_path, FROZEN_SITE) as (site, command, out),
        dask_processes(tmp_path / "cluster", env, workers=1) as (address, processes),
    ):
        code, stderr = frozen_night(site, command, address, processes[0], "600", sigterm=True)
        assert code == 143, stderr
        assert "interrupted by SIGTERM" in stderr
        deadline = time.monotonic() + 60  # the first night's shard goes on, on the worker: its pages first
        while time.monotonic() < deadline and page_hits(site) < 3:
            time.sleep(0.05)
        code, stderr = frozen_night(site, command, address, processes[0], "2", sigterm=False)
        assert code == 1, stderr
        [line] = [line for line in stderr.splitlines() if " INFO " not in line and " WARNING " not in line]
        assert "has not answered for 2 s (run.worker_wait_s; frozen, or its host unreachable)" in line, line
        assert not list((out / "_runs").glob("*.json"))  # not finished: the same command resumes it
    # the second night's command, on local workers
    again = subprocess.run([*command, "--run-date", "2026-12-02"], capture_output=True, text=True, timeout=120)
    assert again.returncode == 0, again.stderr
    assert len(list((out / "_runs").glob("2026-12-02-*.json"))) == 1
    assert_unique(out)


@pytest.mark.dask
def test_a_dask_worker_with_another_dependency_version_is_refused(tmp_path: Path) -> None:
    """A ``dask worker`` whose environment has another trafilatura (an image built later, a node
    left on another release: here a distribution's metadata saying 9.9.9 first on its path) ran
    its shards as any other, its rows extracted by other code than the driver's, without a word
    (only the site rules were compared). Now each shard compares the worker's extraction stack
    (this package's code, Python's minor version, libxml2 and the extracting distributions) with
    the driver's and refuses the shard, naming the difference: exit 2, as for other site rules;
    the same command on a worker like the driver (here local workers) runs the refused shards."""
    import shutil
    from importlib import metadata

    from tests.daskcluster import dask_processes
    from tests.test_operations import assert_unique, make_warcs

    installed = Path(str(metadata.distribution("trafilatura")._path))  # type: ignore[attr-defined]
    odd = tmp_path / "odd"
    shutil.copytree(installed, odd / "trafilatura-9.9.9.dist-info")
    info = odd / "trafilatura-9.9.9.dist-info" / "METADATA"
    info.write_text(re.sub(r"(?m)^Version: .*$", "Version: 9.9.9", info.read_text(encoding="utf-8")), encoding="utf-8")
    warcs = make_warcs(tmp_path / "in", files=2, pages=2)
    out = tmp_path / "out"
    command = [sys.executable, "-m", "pipeline", "run", "--warc", *warcs, "--out", str(out), "--progress", "off"]
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    with dask_processes(tmp_path / "cluster", {**env, "PYTHONPATH": str(odd)}, workers=1) as (address, _):
        first = subprocess.run([*command, "--scheduler", address], capture_output=True, text=True, timeout=180)
    assert first.returncode == 2, first.stderr
    [line] = [line for line in first.stderr.splitlines() if " INFO " not in line and " ERROR " not in line]
    assert "extracts with other code than the driver (trafilatura 9.9.9 (driver " in line, line
    assert "(2 shard(s) refused)" in line
    assert not list(out.glob("articles/**/part-2*.parquet"))  # none of the odd worker's rows stored
    again = subprocess.run([*command, "--workers", "1"], capture_output=True, text=True, timeout=180)
    assert again.returncode == 0, again.stderr
    assert_unique(out)
    import pandas as pd

    assert len(pd.read_parquet(out / "articles")) == 4


def test_nights_with_no_rows_or_all_null_columns_keep_one_schema_for_every_reader(tmp_path: Path) -> None:
    """Held (newly tested): a night with comments and references, one whose page has none and no
    metadata (its list and string columns all empty or null), one with no page at all (a WARC of
    a warcinfo record only) and one whose only page is a 404. Every part file of a dataset has the
    same schema (a column null all night keeps its type), and pandas, DuckDB and Polars read the
    four nights without options."""
    import pandas as pd
    import polars as pl
    import pyarrow.parquet as pq

    from tests.warcs import article_html

    plain = b"<html><body><p>" + b"plain words about gout and its care " * 20 + b"</p></body></html>"
    nights = {
        "2026-12-01": [("http://a.test/x", article_html("Asthma", "http://a.test/x", comments=True, references=True))],
        "2026-12-02": [("http://a.test/y", plain)],
        "2026-12-03": [],
        "2026-12-04": [("http://a.test/z", b"gone")],
    }
    for date, pages in nights.items():
        responses = [(url, body, "text/html", 404 if body == b"gone" else 200) for url, body in pages]
        warc = write_warc(tmp_path / f"{date}.warc.gz", responses)
        config = make_config(tmp_path, sources={"warc": [str(warc)]}, run={"run_date": date, "workers": 1})
        run_pipeline(config, argv=[])
    out = tmp_path / "out"
    expected = {"articles": 2, "metadata": 2, "comments": 2, "references": 2, "fetches": 3}
    for dataset, rows in expected.items():
        files = sorted((out / dataset).rglob("*.parquet"))
        assert len({str(pq.read_schema(f).remove_metadata()) for f in files}) == 1, dataset
        pattern = f"{out}/{dataset}/**/*.parquet"
        counted = duckdb.execute(f"SELECT count(*) FROM read_parquet('{pattern}')").fetchone()
        assert counted == (rows,), dataset
        assert pl.scan_parquet(pattern).collect().height == rows, dataset
        assert len(pd.read_parquet(out / dataset)) == rows, dataset


def test_a_user_agent_no_header_can_carry_or_set_in_another_encoding_is_exit_2(tmp_path: Path) -> None:
    """A user agent with an em dash ("contact: José Müller — ...") failed every request of every
    night: http.client encodes headers as Latin-1, so robots.txt was "unreachable: invalid URL:
    'latin-1' codec can't encode character '\\u2014'" and each page a `connection_error`, retried
    night after night; one set in the environment in Latin-1 bytes (a unit file or script saved so)
    made each page an `internal_error` ("UnicodeEncodeError ... surrogates not allowed"). Both are
    now exit 2 before any work, one line naming the character or the bytes."""
    urls = tmp_path / "urls.txt"
    urls.write_text("http://site.test/asthma\n")
    toml = tmp_path / "run.toml"
    toml.write_text('[fetch]\nuser_agent = "health-bot/1.0 (contact: José Müller — jose@example.org)"\n')
    command = [sys.executable, "-m", "pipeline", "run", "--urls", str(urls), "--out", "out", "--raw", "raw"]
    env = {key.encode(): value.encode() for key, value in os.environ.items() if not key.startswith("PIPELINE__")}

    def refused(*extra: str, **variables: bytes) -> str:
        variables_env: dict[bytes, bytes] = {**env, **{key.encode(): value for key, value in variables.items()}}
        result = subprocess.run([*command, *extra], cwd=tmp_path, capture_output=True, env=variables_env, timeout=120)
        assert result.returncode == 2, result.stderr
        assert not (tmp_path / "out").exists()
        [line] = result.stderr.decode().strip().splitlines()
        return line

    assert refused("--config", str(toml)) == (
        "pipeline: error: fetch.user_agent: '—' (U+2014) cannot be sent in an HTTP header "
        "(visible ASCII, Latin-1 at most): write it in ASCII"
    )
    assert refused(PIPELINE__FETCH__USER_AGENT=b"health-bot/1.0 (Jos\xe9)") == (
        "pipeline: error: environment: PIPELINE__FETCH__USER_AGENT: its value 'health-bot/1.0 (Jos\\xe9)' "
        "is not UTF-8 (set in another encoding): set it in UTF-8"
    )
    latin = load_config(None, environ={"PIPELINE__FETCH__USER_AGENT": "health-bot/1.0 (José Müller)"})
    assert latin.fetch.user_agent == "health-bot/1.0 (José Müller)"  # Latin-1 is sent as it is


def test_a_heritrix_crawl_s_dns_and_whois_records_are_no_failed_pages(tmp_path: Path) -> None:
    """Heritrix (and the Internet Archive's crawls) archive a ``dns:`` lookup per host as a
    response record, beside ``whois:`` and ``ftp:`` records: each was a `not_html` row under a URL
    such as "dns:site.test", a failure, so every run over such a crawl exited 1. Now a response
    record of another scheme than http(s) is skipped, as request and metadata records are; a
    record whose URI has no scheme at all is still a row."""
    dns = b"20261207000000\nsite.test.\t300\tIN\tA\t93.184.216.34\n"
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
    archive = tmp_path / "heritrix.warc"
    archive.write_bytes(
        _warc_record("dns:site.test", dns, content_type="text/dns")
        + _warc_record("whois://whois.example/site.test", b"Domain Name: SITE.TEST\n", content_type="text/plain")
        + _warc_record("ftp://site.test/notes.txt", b"notes\n", content_type="text/plain")
        + _warc_record("http://site.test/asthma", http + _page("Living with asthma"))
    )
    config = make_config(tmp_path, sources={"warc": [str(archive)]}, run={"run_date": "2026-12-07", "workers": 1})
    summary = run_pipeline(config, argv=[])
    assert (summary.exit_code, summary.outcomes) == (0, {"ok": 1})


PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4


def test_a_mirror_crawl_s_images_css_scripts_and_fonts_are_skipped_and_counted(tmp_path: Path) -> None:
    """A crawl that archived each page's requisites (wget ``--mirror --warc-file``, Browsertrix)
    gave a `not_html` failure row for every image, stylesheet, script and font: such a night exited
    1 with a failure rate of 75% here (90% or more in real crawls). Now a record that declares a
    type no page has is skipped, counted by family in the summary, the manifest and the report,
    and left out of the failure rate; one labelled text/html holding a PNG stays a `not_html` row."""
    warc = write_warc(
        tmp_path / "mirror.warc.gz",
        [
            ("http://site.test/asthma", _page("Living with asthma"), "text/html; charset=utf-8", 200),
            ("http://site.test/logo.png", PNG, "image/png", 200),
            ("http://site.test/site.css", b"body { color: #222 }", "text/css", 200),
            ("http://site.test/app.js", b"window.x = 1;", "application/javascript; charset=utf-8", 200),
            ("http://site.test/inter.woff2", b"wOF2" + bytes(64), "font/woff2", 200),
            ("http://site.test/gout", _page("Gout"), "text/html", 200),
            ("http://site.test/banner", PNG, "text/html", 200),  # declares HTML: a failure, as before
        ],
    )
    out = tmp_path / "out"
    command = [sys.executable, "-m", "pipeline", "run", "--warc", str(warc), "--out", str(out), "--raw", "raw"]
    command += ["--run-date", "2026-12-07", "--max-failure-rate", "0.5"]
    for _night in range(2):  # the same command again reads (or resumes) the same records: the same counts
        result = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stdout + result.stderr
        assert "skipped 4 WARC records that are not pages: css 1, font 1, image 1, script 1" in result.stdout
        assert "ok=2" in result.stdout and "not_html=1" in result.stdout
        assert "1 page(s) failed (33.3%" in result.stdout
    [manifest] = (out / "_runs").glob("*.json")
    recorded = json.loads(manifest.read_text())
    assert recorded["skipped_not_pages"] == {"css": 1, "font": 1, "image": 1, "script": 1}
    assert recorded["counts_by_outcome"] == {"not_html": 1, "ok": 2}
    rows = duckdb.execute(
        f"SELECT url, outcome FROM read_parquet('{out}/fetches/**/*.parquet') ORDER BY url"
    ).fetchall()
    assert rows == [
        ("http://site.test/asthma", "ok"),
        ("http://site.test/banner", "not_html"),
        ("http://site.test/gout", "ok"),
    ]
    report = tmp_path / "report.html"
    shown = subprocess.run(
        [sys.executable, "-m", "pipeline", "report", str(out), "--html", str(report)], capture_output=True, timeout=120
    )
    assert shown.returncode == 0, shown.stderr
    assert "<td class=num>4 (css 1, font 1, image 1, script 1)</td>" in report.read_text()


def test_which_archived_types_are_skipped_as_no_page(tmp_path: Path) -> None:
    """A resource record is judged by its WARC Content-Type; a type HTML is sometimes served under
    (application/octet-stream, text/plain, XML) is skipped only when its body does not sniff as HTML;
    a revisit of an image is skipped too; a record that declares nothing is read as a page."""
    http = "HTTP/1.1 200 OK\r\nContent-Type: {}\r\n\r\n"
    archive = tmp_path / "kinds.warc"
    archive.write_bytes(
        _warc_record("http://site.test/photo.jpg", b"\xff\xd8\xff" + bytes(64), "resource", content_type="image/jpeg")
        + _warc_record("http://site.test/robots.txt", http.format("text/plain").encode() + b"User-agent: *\n")
        + _warc_record("http://site.test/saved", http.format("application/octet-stream").encode() + _page("Saved"))
        + _warc_record("http://site.test/blob", http.format("application/octet-stream").encode() + PNG)
        + _warc_record(
            "http://site.test/feed", http.format("application/rss+xml").encode() + b"<?xml version='1.0'?><rss/>"
        )
        + _warc_record("http://site.test/data", http.format("application/ld+json").encode() + b"{}")
        + _warc_record("http://site.test/clip", http.format("video/mp4").encode(), "revisit")
        + _warc_record("http://site.test/bare", b"HTTP/1.1 200 OK\r\n\r\n" + PNG)
    )
    skipped: Counter[str] = Counter()
    pages = {page.url.rpartition("/")[2]: str(page.outcome) for page in read_warc(archive, skipped=skipped)}
    assert pages == {"saved": "ok", "bare": "not_html"}
    assert skipped == {"image": 1, "other": 2, "data": 2, "media": 1}
