"""Thirteenth outside-style audit (session 17): what the twelve before left or did not try, with real parts.

Each test is one row of the "Thirteenth outside-style audit" table of docs/audits.md.
"""

from __future__ import annotations

import gzip
import io
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from pipeline.records import Outcome
from pipeline.run.runner import run_pipeline
from pipeline.sources.warc import read_warc
from tests.conftest import make_config
from tests.httpserver import Reply, ScriptedServer
from tests.test_outside_audit import PAGE, crawl


def _answer(status_line: bytes, headers: bytes = b"") -> bytes:
    head = status_line + b"\r\nContent-Type: text/html\r\n" + headers
    return head + b"Content-Length: %d\r\n\r\n" % len(PAGE) + PAGE


def test_an_http_2_status_line_on_an_http_1_connection_is_the_page_live_as_archived(tmp_path: Path) -> None:
    """``HTTP/2 200`` or ``HTTP/2.0 200`` sent as text (a proxy or a CGI script echoing the front
    end's protocol, PHP's ``header($_SERVER['SERVER_PROTOCOL'] . ' 200 OK')`` behind an HTTP/2
    front end) was `connection_error` "malformed response: HTTP/2", where Chromium clamps the
    version and shows the page. Now clamped as Chromium does: ``2.0`` and later read as HTTP/1.1
    (the connection kept), a version without its minor as HTTP/1.0 (closed after the answer)."""
    answers = {
        "/h2": _answer(b"HTTP/2 200 OK"),
        "/h2.0": _answer(b"HTTP/2.0 200 OK"),
        "/after-h2.0": _answer(b"HTTP/1.1 200 OK"),  # on the connection /h2.0 left open
        "/h3": _answer(b"HTTP/3 200"),
        "/gone": _answer(b"HTTP/2 404 Not Found"),
        "/no-version": _answer(b"HTTP/ 200 OK"),  # still no HTTP version: a malformed response
    }
    pages, server = crawl(answers, list(answers))
    outcomes = {path: (page.outcome, page.status) for path, page in pages.items()}
    assert outcomes == {
        "/h2": (Outcome.OK, 200),
        "/h2.0": (Outcome.OK, 200),
        "/after-h2.0": (Outcome.OK, 200),
        "/h3": (Outcome.OK, 200),
        "/gone": (Outcome.HTTP_ERROR, 404),
        "/no-version": (Outcome.CONNECTION_ERROR, None),
    }
    assert all("Gout" in (pages[path].html or "") for path in ("/h2", "/h2.0", "/h3"))
    # in request order: robots.txt and /h2 on one connection (closed after /h2's answer, read as
    # HTTP/1.0), /h2.0, /after-h2.0 and /h3 on the next, /gone (HTTP/1.0) and /no-version one each
    assert server.connections == 4
    archived = tmp_path / "h2.warc.gz"
    with open(archived, "wb") as stream:  # the same answer as another crawler archived it
        writer = WARCWriter(stream, gzip=True)
        for protocol in ("HTTP/2", "HTTP/2.0"):
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol=protocol)
            url = f"{server.base}/{protocol[-3:]}"
            record = writer.create_warc_record(url, "response", payload=io.BytesIO(PAGE), http_headers=http)
            writer.write_record(record)
    assert [(page.outcome, page.html) for page in read_warc(archived)] == [(Outcome.OK, pages["/h2"].html)] * 2


def test_an_escaped_unreserved_character_is_the_character_one_request(tmp_path: Path) -> None:
    """``/%7Ejane/`` and ``/~jane/`` name one page (RFC 3986 6.2.2.2: an escaped unreserved
    character is the character; old Apache and PHP encoders escape "~"), as do ``/%41`` and
    ``/A``: each spelling was a request of its own. An escaped "." or a reserved character
    (``%2F``) stays as it is."""
    with ScriptedServer("127.0.0.171") as server:
        server.route("/robots.txt", Reply(404, b""))
        for path in ("/~jane/gout", "/%7Ejane/gout", "/%7ejane/gout", "/a%2Fb", "/a/b"):
            server.route(path, Reply(200, PAGE))
        lines = [server.url(path) for path in ("/~jane/gout", "/%7Ejane/gout", "/%7ejane/g%6Fut", "/a%2Fb", "/a/b")]
        config = make_config(
            tmp_path,
            sources={"urls": lines},
            fetch={"allow_private": [server.host], "min_delay_s": 0.0, "max_retries": 0},
        )
        run_pipeline(config, argv=[])
        requested = [path for path in server.paths() if path != "/robots.txt"]
    assert len([path for path in requested if "jane" in path]) == 1, requested
    assert sorted(path for path in requested if "jane" not in path) == ["/a%2Fb", "/a/b"]
    fetches = pd.read_parquet(tmp_path / "out" / "fetches")
    assert sorted(fetches["outcome"]) == ["duplicate", "duplicate", "ok", "ok", "ok"]


def test_a_warc_target_uri_with_its_scheme_in_capitals_is_the_page(tmp_path: Path) -> None:
    """``WARC-Target-URI: HTTP://SITE.TEST/page`` (a scheme is case-insensitive, RFC 3986 3.1):
    warcio parses the HTTP head only of a URI starting ``http:`` in lower case, so the page was a
    `not_html` row "content type application/http; msgtype=response", a failure. Now its head is
    read, the row's URL has its scheme in lower case, the rest as written."""
    archived = tmp_path / "upper.warc.gz"
    with open(archived, "wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        for url in ("HTTP://SITE.TEST/Gout", "Https://site.test/gout-2", "http://site.test/gout-3"):
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(PAGE), http_headers=http))
    pages = list(read_warc(archived))
    assert [(page.url, page.outcome, page.status) for page in pages] == [
        ("http://SITE.TEST/Gout", Outcome.OK, 200),
        ("https://site.test/gout-2", Outcome.OK, 200),
        ("http://site.test/gout-3", Outcome.OK, 200),
    ]
    assert pages[0].html == pages[2].html


def test_the_raw_archive_is_fsynced_before_its_names_say_it_is_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A power loss after a night: the part files, the shard markers and the fetch state
    (validators) are fsynced before their renames, but the raw archive's WARC files were renamed
    unsynced, so they could come back empty or cut (ext4's delayed allocation) under their final
    names while the rows said the pages were archived, and the next night's 304s never archived
    them again. The run's fsync and rename calls are watched: every archive file is fsynced
    before its first rename and its folder after its last."""
    events: list[tuple[str, ...]] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        events.append(("fsync", os.readlink(f"/proc/self/fd/{fd}")))
        real_fsync(fd)

    def replace(source: str | os.PathLike[str], target: str | os.PathLike[str]) -> None:
        real_replace(source, target)
        events.append(("replace", str(source), str(target)))

    with ScriptedServer("127.0.0.172") as server:
        server.route("/robots.txt", Reply(404, b""))  # support file: robots.txt
        server.route("/gout", Reply(200, PAGE))
        config = make_config(
            tmp_path,
            sources={"urls": [server.url("/gout")]},
            fetch={"allow_private": [server.host], "min_delay_s": 0.0, "max_retries": 0},
        )
        monkeypatch.setattr(os, "fsync", fsync)
        monkeypatch.setattr(os, "replace", replace)
        run_pipeline(config, argv=[])
    archives = sorted((tmp_path / "raw").rglob("*.warc.gz"))
    assert [path.parent.name for path in archives] == ["raw", "support"]
    for archive in archives:
        renames = [event for event in events if event[0] == "replace" and Path(event[1]).parent == archive.parent]
        chain = [str(archive)]  # the file's names, back from its final one
        for _, source, target in reversed(renames):
            if target == chain[-1]:
                chain.append(source)
        first_rename = events.index(next(e for e in events if e[0] == "replace" and e[1] == chain[-1]))
        last_rename = events.index(next(e for e in events if e[0] == "replace" and e[2] == str(archive)))
        assert ("fsync", chain[-1]) in events[:first_rename], (archive, chain)
        assert ("fsync", str(archive.parent)) in events[last_rename:], archive
    assert [page.outcome for page in read_warc(archives[0])] == [Outcome.OK]


def _chattr(flag: str, path: Path) -> bool:
    """``chattr FLAG PATH``; False where the tool or the file system (or the user) cannot."""
    if shutil.which("chattr") is None:
        return False
    return subprocess.run(["chattr", flag, str(path)], capture_output=True).returncode == 0


def test_a_file_the_storage_will_not_replace_is_one_line_and_the_same_command_resumes(tmp_path: Path) -> None:
    """The output's fetch state of a host made immutable (``chattr +i``, as a backup tool or an
    admin may; the same EPERM comes from a file system that cannot rename over a file, sshfs
    without ``-o workaround=rename``, and EACCES from another user's file or folder, an output
    once written with sudo): the night's shard failed, then the run's finish met the same file and
    ended with a traceback (exit 1, as a bug). Now one line naming the file and what may refuse
    it, exit 1; once the file is writable again the same command resumes, each page stored once."""
    with ScriptedServer("127.0.0.173") as server:
        server.route("/robots.txt", Reply(404, b""))
        server.route("/gout", Reply(200, PAGE, headers={"ETag": '"v1"'}))
        urls = tmp_path / "urls.txt"
        urls.write_text(server.url("/gout") + "\n")
        toml = tmp_path / "run.toml"
        toml.write_text(f'[fetch]\nallow_private = ["{server.host}"]\nmin_delay_s = 0.0\nmax_retries = 0\n')
        out = tmp_path / "out"
        command = [sys.executable, "-m", "pipeline", "run", "--config", str(toml), "--urls", str(urls)]
        command += ["--out", str(out), "--raw", str(tmp_path / "raw"), "--progress", "off"]
        first = subprocess.run([*command, "--run-date", "2026-12-01"], capture_output=True, text=True, timeout=120)
        assert first.returncode == 0, first.stderr
        [host_file] = (out / "_state" / "fetch").glob("*.json")
        host_file.write_text("{}")  # forget the validators: the next night fetches the page in full
        if not _chattr("+i", host_file):
            pytest.skip("chattr +i is not available here")
        try:
            night = [*command, "--run-date", "2026-12-02"]
            refused = subprocess.run(night, capture_output=True, text=True, timeout=120)
        finally:
            _chattr("-i", host_file)
        assert refused.returncode == 1, refused.stderr
        assert "Traceback" not in refused.stderr, refused.stderr
        [line] = [line for line in refused.stderr.splitlines() if not line.startswith("20")]  # log lines: a time
        assert line.startswith(f"pipeline: error: {host_file}: Operation not permitted ("), line
        assert "sshfs" in line and "run the same command again" in line
        again = subprocess.run(night, capture_output=True, text=True, timeout=120)
    assert again.returncode == 0, again.stderr
    fetches = pd.read_parquet(out / "fetches")
    assert len(fetches[fetches["crawl_date"].astype(str) == "2026-12-02"]) == 1  # the retry attempt's row
    assert len(pd.read_parquet(out / "articles")) == 1  # one version of the page


def test_an_archived_body_stored_decoded_under_its_content_encoding_is_the_page(tmp_path: Path) -> None:
    """A crawler that archived the body it decoded but kept the response's ``Content-Encoding:
    gzip`` (or ``br``, ``deflate``, ``x-gzip``) and its Content-Length (Common Crawl's WARCs of
    2015, browser-based crawlers): each page was a `decode_error` row "bad gzip data", a failure,
    where pywb and OpenWayback read the body as it is. Now a payload that fails to decode and
    starts as markup is the page; a real compressed body still decodes, and a broken one that is
    no markup is still a `decode_error`."""
    archived = tmp_path / "decoded.warc.gz"
    records = [
        ("gzip", PAGE, str(len(gzip.compress(PAGE)))),  # the header's length is the wire's
        ("br", b"\xef\xbb\xbf\r\n" + PAGE, None),
        ("deflate", PAGE, None),
        ("x-gzip", PAGE, None),
        ("gzip", gzip.compress(PAGE), None),  # compressed as labelled
        ("gzip", b"\x00\x01 binary, no markup", None),
    ]
    with open(archived, "wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        for number, (coding, body, length) in enumerate(records):
            headers = [("Content-Type", "text/html"), ("Content-Encoding", coding)]
            headers += [("Content-Length", length)] if length else []
            http = StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1")
            url = f"http://site.test/{number}"
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http))
    pages = list(read_warc(archived))
    assert [page.outcome for page in pages] == [Outcome.OK] * 5 + [Outcome.DECODE_ERROR]
    assert all("Gout is a common" in (page.html or "") for page in pages[:5])
    assert (pages[5].error or "").startswith("archived payload unreadable: DecodeError: bad gzip data")


def test_a_wacz_given_as_a_warc_file_is_exit_2_naming_what_to_do(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A WACZ (Browsertrix's and ArchiveWeb.page's default output: a ZIP holding
    ``archive/*.warc.gz``) given to ``--warc`` was one `input_error` row "not a WARC/ARC file (no
    WARC/ or filedesc:// header)", exit 1 as a failed night. Now exit 2 before any work, one line
    saying what it is and what to pass; its WARC files, unzipped, are read."""
    from pipeline.cli import main
    from tests.warcs import write_warc

    warc = write_warc(tmp_path / "data.warc.gz", [("http://site.test/gout", PAGE, "text/html", 200)])
    wacz = tmp_path / "crawl.wacz"
    with zipfile.ZipFile(wacz, "w") as archive:  # WACZ stores its WARC files uncompressed
        archive.write(warc, "archive/data.warc.gz", compress_type=zipfile.ZIP_STORED)
        archive.writestr("datapackage.json", "{}")
    out = tmp_path / "out"
    assert main(["run", "--warc", str(wacz), "--out", str(out), "--progress", "off"]) == 2
    [line] = capsys.readouterr().err.splitlines()
    assert line == (
        f"pipeline: error: WARC file {wacz} is a ZIP archive (a WACZ, as Browsertrix and ArchiveWeb.page write "
        f"them): unzip it and name the WARC files it holds (e.g. {tmp_path / 'crawl'}/archive/*.warc.gz)"
    )
    assert not (out / "_runs").exists()  # no run began
    with zipfile.ZipFile(wacz) as archive:
        archive.extractall(tmp_path / "crawl")
    unzipped = str(tmp_path / "crawl" / "archive" / "data.warc.gz")
    assert main(["run", "--warc", unzipped, "--out", str(out), "--progress", "off"]) == 0
