"""The HTTP body of a WARC record: de-chunked, decoded and checked against its Content-Length.

warcio reads a declared chunk whole (a chunk "of 500 MB" in a small record is an allocation
of 500 MB) and cannot decode brotli with brotli >= 1.2, so the body is read here from the
record's raw stream, within the page cap. A body the crawler archived only in part (shorter
than its Content-Length, chunked without its last chunk, compressed without its end) is
:class:`~pipeline.codings.CutShort`, never read as the page. A body stored decoded under its
original Content-Encoding (it fails to decode and starts as markup) is read as it is.
"""

from __future__ import annotations

import re
from typing import Any

from warcio.recordloader import ArcWarcRecord

from pipeline.codings import (
    READ_CHUNK,
    WIRE_SLACK,
    CutShort,
    DecodeError,
    chunked_framing,
    declared_length,
    decode_bounded,
)
from pipeline.records import header_value

# Answers that never carry a body, whatever their Content-Length says (RFC 9110 8.6: a 304's
# is the length the page would have).
NO_BODY_STATUSES = frozenset({204, 304})
# A payload that starts as markup (a BOM and blanks allowed), which no gzip, zlib or brotli
# stream whose decoding failed can be: an archive that stored the body decoded but kept its
# Content-Encoding header (Common Crawl's WARCs of 2015, crawlers that archive what a browser
# decoded). Replay tools (pywb, OpenWayback) read such a body as it is; so does the reader.
_STORED_DECODED = re.compile(rb"(?:\xef\xbb\xbf)?[ \t\r\n]*<")


def record_payload(record: ArcWarcRecord, headers: dict[str, str], limit: int, status: int | None = None) -> bytes:
    """The record's HTTP payload, de-chunked and decoded, at most ``limit + 1`` bytes kept.

    A payload read whole that is shorter than its HTTP Content-Length, chunked without its last
    chunk, or compressed without the stream's end is :class:`CutShort`: the crawler archived a
    part of the page (a connection that closed early), which is never read as the page.
    """
    raw = record.raw_stream
    if status is not None and (status < 200 or status in NO_BODY_STATUSES):
        return bytes(raw.read(limit + 1))  # no body by definition: nothing to de-chunk, decode or check
    chunked = chunked_framing(header_value(headers, "transfer-encoding"))
    encoding = header_value(headers, "content-encoding")
    if chunked:
        coded, whole = _dechunk(raw, limit)
    else:
        budget = limit + 1 + (WIRE_SLACK if encoding else 0)  # compressed data is smaller than the cap
        coded = bytes(raw.read(budget))
        whole = len(coded) < budget
        declared = declared_length(header_value(headers, "content-length"))
        if whole and declared is not None and declared > len(coded):
            raise CutShort(
                f"the archived body is {declared - len(coded)} bytes short of its Content-Length ({declared})"
            )
    if not encoding:
        return coded
    try:
        body, _over = decode_bounded(coded, encoding, limit + 1, whole=whole)
    except DecodeError:  # CutShort too: a decoded body also "ends" the stream early
        if _STORED_DECODED.match(coded):
            return coded[: limit + 1]
        raise
    return body


# A chunk-size line longer than this is not HTTP (hex digits, extensions at most).
_MAX_CHUNK_LINE = 1024


def _dechunk(raw: Any, limit: int) -> tuple[bytes, bool]:
    """Undo Transfer-Encoding: chunked, reading no more than the record holds or ``limit`` needs;
    (payload, whether it ended with its last chunk: False when the budget stopped it).

    A declared chunk size is never trusted for an allocation: a chunk "of 500 MB" in a 500 KB
    record reads what is there and stops (:class:`CutShort`: the record holds a part of it).
    """
    out = bytearray()
    while len(out) <= limit + WIRE_SLACK:
        line = raw.readline(_MAX_CHUNK_LINE)
        if not line:
            raise CutShort("the archived chunked body ends without its last chunk")
        size_text = line.split(b";", 1)[0].strip()
        if not size_text:
            continue
        size = int(size_text, 16)  # ValueError: not chunked after all -> decode_error
        if size == 0:
            return bytes(out), True
        take = min(size, limit + WIRE_SLACK + 1 - len(out))
        left = take
        while left > 0:
            piece = raw.read(min(left, READ_CHUNK))
            if not piece:
                raise CutShort(f"the archived chunked body ends inside a chunk of {size} bytes ({take - left} there)")
            out.extend(piece)
            left -= len(piece)
        if take < size:  # over the budget: the rest is never read
            break
        raw.readline(_MAX_CHUNK_LINE)  # the CRLF after the chunk
    return bytes(out), False
