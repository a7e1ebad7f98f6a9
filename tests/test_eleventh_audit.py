"""Eleventh outside-style audit (session 15): what the ten before did not cover, with real parts.

Each test is one row of the README's "Eleventh outside-style audit" table.
"""

from __future__ import annotations

import io
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from pipeline.records import Outcome
from pipeline.sources.warc import read_warc
from tests.test_outside_audit import PAGE, crawl


def _answer(status_line: bytes) -> bytes:
    return status_line + b"\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n" % len(PAGE) + PAGE


def test_a_status_line_in_lower_case_is_the_page_live_as_from_a_warc(tmp_path: Path) -> None:
    """``http/1.1 200 OK`` (an embedded server, a hand-written CGI or proxy) was `connection_error`
    "malformed response: status line 'http/1.1 200 OK'" live, while the same response read from a
    WARC file was the page, and browsers and curl show it; now read in any case, live as archived."""
    answers = {
        "/lower": _answer(b"http/1.1 200 OK"),
        "/mixed": _answer(b"Http/1.1 200 OK"),
        "/lower-1.0": _answer(b"http/1.0 200 OK"),
        "/upper": _answer(b"HTTP/1.1 200 OK"),
        "/not-http": _answer(b"ICY 200 OK"),  # a SHOUTcast stream's answer: still no HTTP response
        "/no-status": _answer(b"HTTP/1.1 OK"),
    }
    pages, server = crawl(answers, list(answers))
    outcomes = {path: (page.outcome, page.status) for path, page in pages.items()}
    assert outcomes == {
        "/lower": (Outcome.OK, 200),
        "/mixed": (Outcome.OK, 200),
        "/lower-1.0": (Outcome.OK, 200),
        "/upper": (Outcome.OK, 200),
        "/not-http": (Outcome.CONNECTION_ERROR, None),
        "/no-status": (Outcome.CONNECTION_ERROR, None),
    }
    assert pages["/not-http"].error == "malformed response: status line 'ICY 200 OK\\r\\n'"
    assert "Gout" in (pages["/lower"].html or "")
    archived = tmp_path / "lower.warc.gz"
    with open(archived, "wb") as stream:  # the same answer as another crawler archived it
        writer = WARCWriter(stream, gzip=True)
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="http/1.1")
        url = server.base + "/lower"
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(PAGE), http_headers=http))
    [page] = read_warc(archived)
    assert (page.outcome, page.status, page.html) == (Outcome.OK, 200, pages["/lower"].html)
