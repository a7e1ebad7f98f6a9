"""The fourth outside-style audit (docs/audits.md, "Fourth outside-style audit"): bodies cut short that
nothing announced (a compressed stream whose connection closed, a chunked body without its last
chunk, an archived response its crawler cut), an undeclared Shift_JIS page. A real server on
loopback, real WARC files, real runs."""

from __future__ import annotations

import gzip
import io
import socket
import zlib
from collections.abc import Callable
from pathlib import Path

import brotli
import pandas as pd
import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from pipeline.codings import CutShort, decode_bounded
from pipeline.page import decode_html
from pipeline.records import Outcome
from pipeline.run.runner import run_pipeline
from pipeline.sources.warc import read_warc
from tests.conftest import make_config
from tests.rawserver import Answer, KeepAliveServer, ok
from tests.test_outside_audit import HOST, PAGE, crawl

HEAD = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"


def closing(answer: bytes) -> Callable[[socket.socket], None]:
    """Send ``answer``, then close the connection (the end of the connection ends the body)."""
    return lambda connection: connection.sendall(answer)


def test_a_compressed_body_whose_connection_closed_early_is_a_failure_never_half_a_page() -> None:
    """Without a Content-Length the end of the connection is the end of the body: a gzip or
    brotli stream cut there decoded to the first part of the page, stored as an `ok` article."""
    zipped, squeezed = gzip.compress(PAGE), brotli.compress(PAGE)
    answers: dict[str, Answer] = {
        "/gzip-cut": closing(HEAD + b"Content-Encoding: gzip\r\n\r\n" + zipped[: len(zipped) * 2 // 3]),
        "/br-cut": closing(HEAD + b"Content-Encoding: br\r\n\r\n" + squeezed[: len(squeezed) // 2]),
        "/chunks-cut": closing(HEAD + b"Transfer-Encoding: chunked\r\n\r\n%x\r\n" % len(PAGE) + PAGE + b"\r\n"),
        # framed whole (chunked, last chunk sent) but the gzip inside is cut: the server's fault
        "/framed-cut": HEAD
        + b"Content-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n%x\r\n" % (len(zipped) // 2)
        + zipped[: len(zipped) // 2]
        + b"\r\n0\r\n\r\n",
        "/gzip-whole": closing(HEAD + b"Content-Encoding: gzip\r\n\r\n" + zipped),
        "/empty-gzip": HEAD + b"Content-Encoding: gzip\r\nContent-Length: 0\r\n\r\n",  # no stream at all
    }
    pages, _ = crawl(answers, list(answers))
    for path in ("/gzip-cut", "/br-cut"):
        page = pages[path]
        assert page.outcome is Outcome.CONNECTION_ERROR and page.html is None, (path, page.error)
        assert "connection closed" in (page.error or "") and "cut short" in (page.error or ""), page.error
    assert pages["/chunks-cut"].outcome is Outcome.CONNECTION_ERROR
    assert pages["/chunks-cut"].error == "connection closed before the end of the body (chunked, no last chunk)"
    assert pages["/framed-cut"].outcome is Outcome.DECODE_ERROR
    assert pages["/framed-cut"].error == "gzip data cut short (the stream has no end)"
    assert pages["/gzip-whole"].outcome is Outcome.OK and pages["/gzip-whole"].html == PAGE.decode()
    assert pages["/empty-gzip"].outcome is not Outcome.DECODE_ERROR  # an empty body is not a cut stream


def test_decoding_a_prefix_is_not_a_cut_but_decoding_a_whole_cut_stream_is() -> None:
    zipped = gzip.compress(PAGE)
    prefix, _ = decode_bounded(zipped[:-30], "gzip", 10**6, whole=False)  # a body read up to a cap
    assert prefix and PAGE.startswith(prefix)
    try:
        decode_bounded(zipped[:-30], "gzip", 10**6)
    except CutShort as exc:
        assert "gzip data cut short" in str(exc)
    else:
        raise AssertionError("a gzip stream without its end decoded as a whole body")
    assert decode_bounded(b"", "gzip", 100) == (b"", False)


def _record(
    writer: WARCWriter,
    url: str,
    body: bytes,
    headers: list[tuple[str, str]],
    warc: dict[str, str] | None = None,
    status: str = "200 OK",
) -> None:
    http = StatusAndHeaders(status, [("Content-Type", "text/html"), *headers], protocol="HTTP/1.1")
    record = writer.create_warc_record(
        url, "response", payload=io.BytesIO(body), http_headers=http, warc_headers_dict=warc or {}
    )
    writer.write_record(record)


def test_archived_responses_cut_short_are_failure_rows_never_pages(tmp_path: Path) -> None:
    """A crawler's WARC-Truncated record (Common Crawl cuts at its size cap), a payload shorter
    than its HTTP Content-Length (wget, a crawler that archived what it got before the
    connection closed), a gzip payload without its end: each was an `ok` page holding a part of
    the article, the one case where a cut page reached the articles dataset."""
    zipped = gzip.compress(PAGE)
    path = tmp_path / "cut.warc.gz"
    with open(path, "wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        _record(writer, "https://h.example/capped", PAGE[:300], [], {"WARC-Truncated": "length"})
        _record(writer, "https://h.example/timed", PAGE[:300], [], {"WARC-Truncated": "time"})
        _record(writer, "https://h.example/short", PAGE[:300], [("Content-Length", str(len(PAGE)))])
        _record(writer, "https://h.example/gzip", zipped[: len(zipped) // 2], [("Content-Encoding", "gzip")])
        chunked = b"%x\r\n" % len(PAGE) + PAGE + b"\r\n"  # no last chunk
        _record(writer, "https://h.example/chunks", chunked, [("Transfer-Encoding", "chunked")])
        _record(writer, "https://h.example/whole", PAGE, [("Content-Length", str(len(PAGE)))])
        _record(writer, "https://h.example/whole-gzip", zipped, [("Content-Encoding", "gzip")])
        # a 304 states the page's length and never carries it: not a cut body
        _record(writer, "https://h.example/unchanged", b"", [("Content-Length", "5000")], status="304 Not Modified")
    pages = {p.url.rsplit("/", 1)[1]: p for p in read_warc(path)}
    expected = {
        "capped": (Outcome.TOO_LARGE, "WARC-Truncated: length"),
        "timed": (Outcome.TIMEOUT, "WARC-Truncated: time"),
        "short": (Outcome.DECODE_ERROR, f"{len(PAGE) - 300} bytes short of its Content-Length ({len(PAGE)})"),
        "gzip": (Outcome.DECODE_ERROR, "gzip data cut short"),
        "chunks": (Outcome.DECODE_ERROR, "without its last chunk"),
    }
    for name, (outcome, reason) in expected.items():
        page = pages[name]
        assert page.outcome is outcome and reason in (page.error or ""), (name, page.outcome, page.error)
        assert page.html is None
    assert pages["whole"].outcome is Outcome.OK and pages["whole-gzip"].outcome is Outcome.OK
    assert (pages["unchanged"].outcome, pages["unchanged"].error) == (Outcome.HTTP_ERROR, "HTTP 304")
    summary = run_pipeline(make_config(tmp_path, sources={"warc": [str(path)]}), argv=[])
    assert summary.exit_code == 1
    articles = pd.read_parquet(tmp_path / "out" / "articles")
    assert sorted(articles["url"]) == ["https://h.example/whole", "https://h.example/whole-gzip"]


def test_our_own_archive_of_a_cut_response_read_back_is_not_a_page(tmp_path: Path) -> None:
    """The support archive keeps a cut response (WARC-Truncated: disconnect) beside its retries:
    fed back with --warc it became an `ok` article of the first part of the page."""
    lying = closing(HEAD + b"Content-Length: %d\r\n\r\n" % (len(PAGE) + 500) + PAGE)
    server = KeepAliveServer(HOST, {"/lying": lying, "/whole": ok(PAGE)})
    try:
        config = make_config(
            tmp_path,
            sources={"urls": [server.base + "/lying", server.base + "/whole"]},
            fetch={"allow_private": [HOST], "min_delay_s": 0.0, "max_retries": 0},
        )
        run_pipeline(config, argv=[])
    finally:
        server.close()
    archives = sorted((tmp_path / "raw").rglob("*.warc.gz"))
    back = {p.url.rsplit("/", 1)[1]: p for file in archives for p in read_warc(file)}
    assert back["lying"].outcome is Outcome.CONNECTION_ERROR, back["lying"].error
    assert "WARC-Truncated: disconnect" in (back["lying"].error or "")
    assert back["whole"].outcome is Outcome.OK


def test_an_undeclared_shift_jis_page_is_read_as_shift_jis() -> None:
    """charset-normalizer ranks cp949 (not a WHATWG encoding) first for it; the page was then
    read as windows-1252, every word mojibake."""
    page = "<html><head><title>痛風</title></head><body><article><h1>痛風について</h1>" + (
        "<p>痛風は関節の腫れを引き起こす一般的で痛みを伴う関節炎の一種です。多くの人が悩んでいます。</p>" * 8
    )
    text, charset = decode_html(page.encode("shift_jis"), "text/html")
    assert charset in ("shift_jis", "cp932") and text == page


def test_an_article_after_a_text_node_over_libxml2s_limit_is_read() -> None:
    """libxml2 stops at a text node of about 10 MB without XML_PARSE_HUGE: a page with a
    10 MiB inline <script> (a bundled app state) before its article gave "no article text found",
    and a 50 MB <p> (under a raised fetch.max_bytes) was an article of its heading alone."""
    from pipeline.extract import extract_html

    script = "<html><head><title>Gout</title></head><body><script>var state='" + "a" * 10_485_760 + "';</script>"
    page = script + PAGE.decode().split("<body>", 1)[1]
    assert "Gout is a common and painful form of arthritis" in extract_html(page).text


def test_a_block_of_many_links_is_read_once_not_once_per_link(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every link of a block followed by a space passes the text rules' cheap test, and each read
    the block again: a page of 100,000 links spent its whole 300 s extraction budget there
    (5,000 links: 11.5 s -> 4.5 s of extraction; 20,000: 9.6 s, linear)."""
    from lxml import etree

    from pipeline.extract import extract_html, html, textrules

    reads: list[etree._Element] = []

    def counted(element: etree._Element, limit: int) -> str | None:
        reads.append(element)
        return html.text_within(element, limit)

    monkeypatch.setattr(textrules, "text_within", counted)
    links = "".join(f"<a href='/l{n}'>link {n}</a> " for n in range(300))
    extract_html(PAGE.decode().replace("</article>", f"<div>{links}</div></article>"))
    assert reads and max(reads.count(block) for block in reads) == 1


def _rows(out: Path) -> dict[str, int]:
    """Rows per dataset that has any (a dataset without rows holds its schema file only)."""
    counts = {
        d.name: len(pd.read_parquet(d)) for d in sorted(out.iterdir()) if d.is_dir() and not d.name.startswith("_")
    }
    return {name: rows for name, rows in counts.items() if rows}


@pytest.mark.dask
def test_a_dask_partition_whose_pages_all_fail_and_the_summary_counts_match_the_parquet(tmp_path: Path) -> None:
    """Three WARC files on a real LocalCluster: one whole, one whose every record its crawler cut,
    one that is no WARC at all. The whole file's rows are the local run's, the failed partitions
    are rows with their reasons, and the summary's row and outcome counts are the Parquet's."""
    from distributed import LocalCluster

    from tests.warcs import article_html, write_warc

    urls = [f"https://ok.example/p{n}" for n in range(3)]
    good = write_warc(
        tmp_path / "good.warc.gz", [(u, article_html(f"Topic {u[-1]}", u), "text/html", 200) for u in urls]
    )
    cut = tmp_path / "cut.warc.gz"
    with open(cut, "wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        for n in range(3):
            _record(writer, f"https://cut.example/p{n}", PAGE[:200], [], {"WARC-Truncated": "length"})
    garbage = tmp_path / "garbage.warc.gz"
    garbage.write_bytes(b"this is no WARC file\n" * 50)
    sources: dict[str, object] = {"warc": [str(good), str(cut), str(garbage)]}
    local = run_pipeline(make_config(tmp_path / "local", sources=sources, run={"run_date": "2026-12-06"}), argv=[])
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None) as cluster:
        run: dict[str, object] = {"run_date": "2026-12-06", "scheduler": cluster.scheduler_address}
        dask = run_pipeline(make_config(tmp_path / "dask", sources=sources, run=run), argv=[])
    assert dask.exit_code == local.exit_code == 1
    assert dask.outcomes == local.outcomes == {"ok": 3, "too_large": 3, "input_error": 1}
    for summary, out in ((local, tmp_path / "local" / "out"), (dask, tmp_path / "dask" / "out")):
        assert {k: v for k, v in summary.rows.items() if v} == _rows(out)
        fetches = pd.read_parquet(out / "fetches")
        assert fetches["outcome"].value_counts().to_dict() == summary.outcomes
        assert sorted(pd.read_parquet(out / "articles")["url"]) == urls
    local_fetches = pd.read_parquet(tmp_path / "local" / "out" / "fetches", columns=["url", "outcome", "error"])
    dask_fetches = pd.read_parquet(tmp_path / "dask" / "out" / "fetches", columns=["url", "outcome", "error"])
    assert sorted(map(tuple, local_fetches.itertuples(index=False))) == sorted(
        map(tuple, dask_fetches.itertuples(index=False))
    )


def test_percent_escapes_in_either_case_are_one_url_and_a_long_url_says_it_is_too_long(tmp_path: Path) -> None:
    """`/€`, `/%E2%82%AC` and `/%e2%82%ac` are one URL (RFC 3986 6.2.2.1): the page was requested
    twice; a URL over MAX_URL_LENGTH was 'not an absolute http(s) URL'."""
    from tests.httpserver import Reply, ScriptedServer

    with ScriptedServer("127.0.0.7") as server:
        server.route("/robots.txt", Reply(404, b""))
        server.route("/%E2%82%AC", Reply(200, PAGE))
        lines = [server.url("/€"), server.url("/%e2%82%ac"), server.url("/%E2%82%AC"), server.url("/?q=" + "x" * 3000)]
        config = make_config(
            tmp_path,
            sources={"urls": lines},
            fetch={"allow_private": [server.host], "min_delay_s": 0.0, "max_retries": 0},
        )
        run_pipeline(config, argv=[])
        assert server.paths().count("/%E2%82%AC") == 1, server.paths()
    fetches = pd.read_parquet(tmp_path / "out" / "fetches").set_index("url")
    assert sorted(fetches["outcome"]) == ["duplicate", "duplicate", "invalid_url", "ok"]
    assert fetches.loc[lines[3], "error"] == "URL longer than 2048 characters (MAX_URL_LENGTH)"


RU = (
    "<html><head><title>Подагра</title></head><body><article><h1>Подагра</h1>"
    + "<p>Подагра — распространённая и болезненная форма артрита, вызывающая отёк суставов.</p>" * 6
    + "</article></body></html>"
)
ZH = (
    "<html><head><meta charset='gb18030'><title>痛风</title></head><body><article><h1>痛风</h1>"
    + "<p>痛风是一种常见且疼痛的关节炎，会引起关节肿胀。</p>" * 6
    + "</article></body></html>"
)


def _answer(body: bytes, head: bytes = b"Content-Type: text/html\r\n", status: bytes = b"200 OK") -> bytes:
    return b"HTTP/1.1 " + status + b"\r\n" + head + b"Content-Length: %d\r\n\r\n" % len(body) + body


def test_encodings_content_types_and_codings_on_the_wire() -> None:
    """The audit's matrix through the real fetcher: each page decoded to its words, or one row
    whose reason names what it is; none is a page of mojibake, of binary or of a part."""
    text = PAGE.decode()
    zipped = gzip.compress(PAGE)
    bomb = brotli.compress(gzip.compress(b"<p>" + b"a" * 30_000_000))  # 30 MB behind gzip behind br
    answers: dict[str, Answer] = {
        "/utf16-bom": _answer(b"\xff\xfe" + text.encode("utf-16-le")),
        "/header-over-meta": _answer(
            RU.replace("<head>", "<head><meta charset='iso-8859-1'>").encode("cp1251"),
            b"Content-Type: text/html; charset=windows-1251\r\n",
        ),
        "/declared-utf8-is-1251": _answer(RU.encode("cp1251"), b"Content-Type: text/html; charset=utf-8\r\n"),
        "/gb18030": _answer(ZH.encode("gb18030")),
        "/undeclared-1251": _answer(RU.encode("cp1251")),
        "/nul-bytes": _answer(PAGE.replace(b"<p>", b"<p>\0", 2)),
        "/bad-utf8-inside": _answer(
            PAGE[:300] + b"\xff\xc3(" + PAGE[300:], b"Content-Type: text/html; charset=utf-8\r\n"
        ),
        "/xhtml": _answer(b'<?xml version="1.0"?>' + PAGE, b"Content-Type: application/xhtml+xml\r\n"),
        "/text-plain": _answer(b"Gout is a common form of arthritis. " * 20, b"Content-Type: text/plain\r\n"),
        "/pdf-as-html": _answer(b"%PDF-1.7\n" + bytes(range(256)) * 8),
        "/empty": _answer(b""),
        "/br": _answer(brotli.compress(PAGE), b"Content-Type: text/html\r\nContent-Encoding: br\r\n"),
        "/deflate-raw": _answer(zlib.compress(PAGE)[2:-4], b"Content-Type: text/html\r\nContent-Encoding: deflate\r\n"),
        "/gzip-twice": _answer(gzip.compress(zipped), b"Content-Type: text/html\r\nContent-Encoding: gzip, gzip\r\n"),
        "/compress": _answer(b"\x1f\x9d\x90" + bytes(40), b"Content-Type: text/html\r\nContent-Encoding: compress\r\n"),
        "/bomb-behind-br": _answer(bomb, b"Content-Type: text/html\r\nContent-Encoding: gzip, br\r\n"),
        "/to-ftp": _answer(b"", b"Location: ftp://files.example/x\r\n", b"302 Found"),
        "/to-javascript": _answer(b"", b"Location: javascript:alert(1)\r\n", b"302 Found"),
    }
    pages, _ = crawl(answers, list(answers))
    words = {
        "/utf16-bom": "Gout is a common",
        "/header-over-meta": "болезненная форма артрита",
        "/declared-utf8-is-1251": "болезненная форма артрита",
        "/gb18030": "痛风是一种常见且疼痛的关节炎",
        "/undeclared-1251": "болезненная форма артрита",
        "/nul-bytes": "Gout is a common",
        "/bad-utf8-inside": "Gout is a common",
        "/xhtml": "Gout is a common",
        "/br": "Gout is a common",
        "/deflate-raw": "Gout is a common",
        "/gzip-twice": "Gout is a common",
    }
    for path, expected in words.items():
        page = pages[path]
        assert page.outcome is Outcome.OK and expected in (page.html or ""), (path, page.outcome, page.error)
        assert "\0" not in (page.html or "")
    failures = {path: (page.outcome, page.error) for path, page in pages.items() if path not in words}
    assert failures == {
        "/text-plain": (Outcome.NOT_HTML, "content type text/plain"),
        "/pdf-as-html": (Outcome.NOT_HTML, "PDF data labelled text/html"),
        "/empty": (Outcome.OK, None),  # extraction makes it a row: "empty document"
        "/compress": (Outcome.DECODE_ERROR, "unsupported content-encoding compress"),
        "/bomb-behind-br": (Outcome.TOO_LARGE, "body over 10485760 bytes"),
        "/to-ftp": (Outcome.INVALID_URL, "redirect to an unusable URL 'ftp://files.example/x'"),
        "/to-javascript": (Outcome.INVALID_URL, "redirect to an unusable URL 'javascript:alert(1)'"),
    }


def test_a_page_labelled_euc_kr_is_read_as_browsers_read_it() -> None:
    """Browsers decode the euc-kr label as windows-949, and Korean pages so labelled hold its extra
    syllables: strict EUC-KR refused them and the page went to detection, which read it as
    GB18030 (every word mojibake)."""
    page = "<html><head><title>통풍</title></head><body><article><h1>통풍</h1>" + (
        "<p>똠방각하 햏: 통풍은 관절의 붓기를 일으키는 흔한 관절염입니다.</p>" * 8
    )
    for content_type, body in (
        ("text/html; charset=euc-kr", page.encode("cp949")),
        ("text/html", b'<meta charset="EUC-KR">' + page.encode("cp949")),
    ):
        text, charset = decode_html(body, content_type)
        assert charset == "cp949" and page in text, content_type


def test_the_language_sample_is_bounded_whatever_the_length_of_a_paragraph() -> None:
    """The sample took whole the paragraph that crossed CHECK_MAX_CHARS: a 5 MB <p> was
    classified whole, twice (77 s of the page's 78 s of extraction; now 5.7 s in all)."""
    from pipeline.extract.html import parse_html
    from pipeline.extract.language import CHECK_MAX_CHARS, prose_sample

    root = parse_html("<html><body><p>" + "word " * 100_000 + "</p></body></html>")
    assert 0 < len(prose_sample(root)) <= CHECK_MAX_CHARS


def test_a_run_interrupted_twice_in_a_row_then_resumed_stores_every_page_once(tmp_path: Path) -> None:
    """SIGTERM mid-crawl, SIGTERM again once the resumed run has sent its first request, then
    the same command a third time: each stop exits 143 and commits nothing half done, and the
    third run stores every page exactly once (``test_stop`` interrupts once)."""
    import json
    import os
    import signal
    import subprocess
    import sys
    import time

    from tests.httpserver import Reply, ScriptedServer, html_page

    hosts, pages = ("127.0.0.8", "127.0.0.9"), 4
    servers = [ScriptedServer(host) for host in hosts]
    for server in servers:
        server.route("/robots.txt", Reply(404, b"", content_type="text/plain"))
        for n in range(pages):
            body = html_page(f"Heart {server.host} {n}", "<p>Sleep, diet and exercise protect the heart. </p>" * 12)
            server.route(f"/p{n}", Reply(200, body, delay_s=1.0))  # slow: a run takes seconds
        server.start()
    try:
        urls = tmp_path / "urls.txt"
        urls.write_text("".join(f"{s.url(f'/p{n}')}\n" for s in servers for n in range(pages)))
        config = tmp_path / "config.toml"
        config.write_text(f"[fetch]\nallow_private = {json.dumps(list(hosts))}\nmin_delay_s = 0.0\nmax_retries = 0\n")
        command = [sys.executable, "-m", "pipeline", "run", "--config", str(config), "--urls", str(urls)]
        command += ["--out", str(tmp_path / "out"), "--raw", str(tmp_path / "raw"), "--run-date", "2026-12-06"]
        command += ["--workers", "1", "--progress", "off"]
        for _ in range(2):
            sent = sum(len(s.paths()) for s in servers)
            process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            deadline = time.monotonic() + 60
            while sum(len(s.paths()) for s in servers) <= sent + 2 and time.monotonic() < deadline:
                assert process.poll() is None, process.communicate()[1]
                time.sleep(0.02)
            os.kill(process.pid, signal.SIGTERM)
            _, stderr = process.communicate(timeout=60)
            assert process.returncode == 143 and "run the same command again" in stderr, stderr
            assert not list((tmp_path / "out" / "_runs").glob("*.json"))  # no manifest: not finished
        final = subprocess.run(command, capture_output=True, text=True, timeout=120)
        assert final.returncode == 0, final.stderr
    finally:
        for server in servers:
            server.stop()
    fetches = pd.read_parquet(tmp_path / "out" / "fetches")
    expected = {s.url(f"/p{n}") for s in servers for n in range(pages)}
    assert set(fetches["url"]) == expected and not fetches["url"].duplicated().any()
    assert set(fetches["outcome"]) == {"ok"}
    articles = pd.read_parquet(tmp_path / "out" / "articles")
    assert len(articles) == len(expected) and not articles["url"].duplicated().any()
    assert len(list((tmp_path / "out" / "_runs").glob("*.json"))) == 1


def test_a_servers_default_latin_1_over_a_page_that_says_and_is_utf_8_is_read_as_utf_8() -> None:
    """Apache's AddDefaultCharset sends "charset=ISO-8859-1" with every page: a UTF-8 page that
    declares itself so in its <meta> was stored as "La crÃ¨me brÃ»lÃ©e". Bytes that are not
    UTF-8 still follow the header, whatever the <meta> says."""
    page = "<html><head><meta charset='utf-8'><title>Café</title></head><body><p>La crème brûlée.</p></body></html>"
    for header in ("text/html; charset=ISO-8859-1", "text/html; charset=windows-1252"):
        assert decode_html(page.encode("utf-8"), header) == (page, "utf-8"), header
        assert decode_html(page.encode("cp1252"), header) == (page, "windows-1252"), header
