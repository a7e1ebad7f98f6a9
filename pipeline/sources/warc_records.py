"""One WARC/ARC record as a page: the row :func:`~pipeline.sources.warc.read_warc` yields for it.

A ``response`` or ``resource`` record is classified as a live fetch is
(:func:`pipeline.page.classify`); a ``revisit`` record is a ``not_modified`` row naming the
capture it refers to; a record its crawler cut (``WARC-Truncated``) or wrote in segments, whose
status line is absurd or whose payload cannot be decoded is a failure row with a reason.
Reading the file (framing, byte ranges, cut gzip members) is :mod:`pipeline.sources.warc`;
this module only turns one parsed record into one row.
"""

from __future__ import annotations

import datetime as dt

from warcio.recordloader import ArcWarcRecord

from pipeline.codings import NO_LIMIT, CutShort, DecodeError
from pipeline.page import classify
from pipeline.records import FetchedPage, Outcome, header_value
from pipeline.sources.http_payload import record_payload

# HTTP status codes are three digits (RFC 9110 section 15); anything else in a status line is
# kept in the status column (int64 holds every integer a status line of sane length can carry)
# but never treated as a page.
STATUS_RANGE = range(100, 1000)
# WARC-Truncated (WARC 1.1, section 5.13) says why the crawler kept a part of the response: the
# outcome a live fetch cut the same way gets (our own archive writes these values).
TRUNCATED_OUTCOMES = {
    "length": Outcome.TOO_LARGE,
    "time": Outcome.TIMEOUT,
    "disconnect": Outcome.CONNECTION_ERROR,
}
# A record written in segments (WARC 1.1, section 5.16: WARC-Segment-Number on its first part, the
# rest in ``continuation`` records) holds only the start of its payload: read as it stood, half a
# page was an ``ok`` row, the URL's new current version. Continuation records are not joined
# (they may sit in another file), so a segmented response is a failure row, as a truncated one is.
_SEGMENTED = "archived response in segments (WARC-Segment-Number: {}): the rest is in continuation records, not joined"
# Past 18 digits a status "code" does not fit int64: kept in the error text instead.
STATUS_MAX_DIGITS = 18


def _status_number(text: str) -> int | None:
    """The status code of a status line's text; None when it is no number (ASCII digits only:
    "²" is a digit to isdigit() but not to int(), and one such record failed its whole file)."""
    if text.isascii() and text.isdigit() and len(text) <= STATUS_MAX_DIGITS:
        return int(text)
    return None


def _warc_date(value: str | None) -> dt.datetime:
    if value:
        try:
            parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
            return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)
        except ValueError:
            pass
    return dt.datetime.now(dt.UTC)


def record_page(record: ArcWarcRecord, url: str, max_bytes: int | None) -> FetchedPage:
    """The page of one response record; any problem with this record is this page's outcome."""
    fetched_at = _warc_date(record.rec_headers.get_header("WARC-Date"))
    http = record.http_headers
    # a resource record (a page saved without its HTTP exchange) has only the WARC's content type
    headers = _record_headers(http.headers) if http is not None else {"Content-Type": _warc_type(record)}
    status_text = (http.get_statuscode() or "").strip() if http is not None else ""
    status = _status_number(status_text)
    if http is not None and status not in STATUS_RANGE:
        page = FetchedPage(url=url, final_url=url, status=status, outcome=Outcome.HTTP_ERROR, fetched_at=fetched_at)
        page.headers, page.source = headers, "warc"
        page.error = f"invalid HTTP status {status_text[:40]!r} in the archived response"
        return page
    limit = max_bytes if max_bytes is not None else NO_LIMIT
    cut = record.rec_headers.get_header("WARC-Truncated")
    try:
        body = record_payload(record, headers, limit, status)
        page = classify(url, url, status, headers, body, fetched_at, source="warc", max_bytes=max_bytes)
        if cut is not None and page.outcome is Outcome.OK:  # the crawler kept a part of the page
            return _truncated(page, cut, "a part of the page")
        segment = record.rec_headers.get_header("WARC-Segment-Number")
        if segment is not None and page.outcome is Outcome.OK:
            page.outcome, page.html, page.charset = Outcome.DECODE_ERROR, None, None
            return _with_error(page, _SEGMENTED.format(segment.strip()[:20]))
        return page
    except (DecodeError, UnicodeError, ValueError, LookupError) as exc:
        page = FetchedPage(url=url, final_url=url, status=status, outcome=Outcome.DECODE_ERROR, fetched_at=fetched_at)
        page.headers, page.source = headers, "warc"
        page.content_type = header_value(headers, "content-type")
        if isinstance(exc, CutShort):
            return (
                _truncated(page, cut, str(exc))
                if cut is not None
                else _with_error(page, f"archived response cut: {exc}")
            )
        page.error = f"archived payload unreadable: {type(exc).__name__}: {exc}"[:500]
        return page


def _truncated(page: FetchedPage, cut: str, what: str) -> FetchedPage:
    """A record its crawler marked cut (``WARC-Truncated``): a failure row, never the page."""
    page.outcome = TRUNCATED_OUTCOMES.get(cut.strip().lower(), Outcome.DECODE_ERROR)
    page.html = page.charset = None
    return _with_error(page, f"archived response cut by its crawler (WARC-Truncated: {cut.strip()[:40]}): {what}")


def _with_error(page: FetchedPage, error: str) -> FetchedPage:
    page.error = error[:500]
    return page


def _record_headers(pairs: list[tuple[str, str]]) -> dict[str, str]:
    """A record's HTTP headers, the last of a repeated one kept, but every Content-Type value
    joined with ", " as the fetcher sees them live, so an archived exchange is read as it was
    fetched (``pipeline.page.effective_content_type`` picks the type a browser would)."""
    headers = dict(pairs)
    types = [value for key, value in pairs if key.lower() == "content-type"]
    if len(types) > 1:
        for key in [key for key in headers if key.lower() == "content-type"]:
            del headers[key]
        headers["Content-Type"] = ", ".join(types)
    return headers


def _warc_type(record: ArcWarcRecord) -> str:
    return record.rec_headers.get_header("Content-Type") or ""


def declared_type(record: ArcWarcRecord) -> str | None:
    """The Content-Type the record declares for its payload: the archived HTTP header's (every
    value, joined as :func:`_record_headers` does), or (a ``resource`` record) the WARC one."""
    http = record.http_headers
    if http is None:
        return _warc_type(record)  # as record_page reads it
    return header_value(_record_headers(http.headers), "content-type")


def revisit_page(record: ArcWarcRecord, url: str) -> FetchedPage:
    """A ``revisit`` record (a deduplicating crawler's "same payload as an earlier capture",
    Common Crawl's and Heritrix's): a row that says so, never a page without its body."""
    fetched_at = _warc_date(record.rec_headers.get_header("WARC-Date"))
    http = record.http_headers
    status_text = (http.get_statuscode() or "").strip() if http is not None else ""
    status = _status_number(status_text)
    refers = record.rec_headers.get_header("WARC-Refers-To-Target-URI") or "an earlier record"
    when = record.rec_headers.get_header("WARC-Refers-To-Date") or "an earlier date"
    failed = status is not None and status >= 400
    outcome = Outcome.HTTP_ERROR if failed else Outcome.NOT_MODIFIED
    page = FetchedPage(url=url, final_url=url, status=status, outcome=outcome, fetched_at=fetched_at)
    page.headers, page.source = (_record_headers(http.headers) if http is not None else {}), "warc"
    page.error = f"WARC revisit record: same payload as {refers[:300]} captured {when[:40]}"
    return page


def cut_row(page: FetchedPage, offset: int) -> FetchedPage:
    """The row of a record whose Content-Length ends it before its data does (the next record
    was found after the rest): its payload was read cut, so it is an error, never an article."""
    row = FetchedPage(url=page.url, final_url=page.url, status=page.status, outcome=Outcome.DECODE_ERROR)
    row.fetched_at, row.headers, row.source, row.content_type = page.fetched_at, page.headers, "warc", page.content_type
    row.error = f"archived record at byte {offset} is longer than its Content-Length: its payload was cut"
    return row
