"""Read pages from WARC/ARC files (gzipped or not, Common Crawl's included) with warcio.

Each ``response`` record (``WARC-Target-URI`` is the page URL) becomes a
:class:`~pipeline.records.FetchedPage`, classified the same way a live fetch is
(:func:`pipeline.page.classify`): non-HTML and error statuses keep their outcome.
``request``, ``metadata``, ``warcinfo`` and ``revisit`` records are skipped. A file that
cannot be read is an InputError; a file that breaks part-way yields the records before the
break and then raises.
"""

from __future__ import annotations

import datetime as dt
import gzip
from collections.abc import Iterator
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord

from pipeline.errors import InputError
from pipeline.page import classify
from pipeline.records import FetchedPage


def _warc_date(value: str | None) -> dt.datetime:
    if value:
        try:
            parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
            return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)
        except ValueError:
            pass
    return dt.datetime.now(dt.UTC)


def _check_signature(file: Path) -> None:
    """warcio reads almost any text as ARC records; insist on a WARC or ARC header first."""
    with open(file, "rb") as stream:
        head = stream.read(512)
    if head[:2] == b"\x1f\x8b":
        try:
            with gzip.open(file, "rb") as unzipped:
                head = unzipped.read(64)
        except (OSError, EOFError) as exc:
            raise InputError(f"{file}: not a readable WARC/ARC file: {exc}") from None
    if not head.lstrip().startswith((b"WARC/", b"filedesc://")):
        raise InputError(f"{file}: not a WARC/ARC file (no WARC/ or filedesc:// header)")


def _check_complete(file: Path, record: ArcWarcRecord) -> None:
    """A record whose block ends before its Content-Length is a file cut short: raise."""
    raw = record.raw_stream
    if not hasattr(raw, "limit"):  # no usable Content-Length: a header cut short or garbled
        raise InputError(f"{file}: truncated or corrupt WARC/ARC file: a {record.rec_type} record without a length")
    declared = (record.rec_headers.get_header("Content-Length") or "").strip()
    if record.format == "warc" and not declared.isdigit():  # mandatory in WARC; cut inside the header
        raise InputError(f"{file}: truncated or corrupt WARC file: Content-Length {declared!r}")
    while raw.read(1 << 16):
        pass
    missing = raw.limit
    if missing > 0:
        url = record.rec_headers.get_header("WARC-Target-URI") or record.rec_type
        raise InputError(f"{file}: truncated WARC/ARC file: record {url} is {missing} bytes short")


def _check_end(file: Path, end: int) -> None:
    """The last complete record must end the file: anything after it is a record cut short."""
    with open(file, "rb") as stream:
        stream.seek(end)
        rest = stream.read(1 << 16)
    if rest.strip(b"\r\n\t \x00"):
        raise InputError(f"{file}: truncated or corrupt WARC/ARC file: unreadable data at byte {end}")


def read_warc(path: str | Path, max_bytes: int | None = None) -> Iterator[FetchedPage]:
    """Yield one FetchedPage per response record in the WARC/ARC file at ``path``."""
    file = Path(path)
    if not file.is_file():
        raise InputError(f"WARC file not found: {file}")
    _check_signature(file)
    try:
        with open(file, "rb") as stream:
            archive = ArchiveIterator(stream, arc2warc=True)
            end = 0  # where the last complete record ends
            for record in archive:
                url = record.rec_headers.get_header("WARC-Target-URI") or ""
                wanted = record.rec_type == "response" and bool(url)
                body = record.content_stream().read(max_bytes + 1 if max_bytes else -1) if wanted else b""
                _check_complete(file, record)
                end = archive.get_record_offset() + archive.get_record_length()
                if not wanted:
                    continue
                http = record.http_headers
                status = int(http.get_statuscode()) if http is not None and http.get_statuscode() else None
                headers = dict(http.headers) if http is not None else {}
                yield classify(
                    url,
                    url,
                    status,
                    headers,
                    body,
                    _warc_date(record.rec_headers.get_header("WARC-Date")),
                    source="warc",
                    max_bytes=max_bytes,
                )
            _check_end(file, end)
            decompressor = getattr(archive.reader, "decompressor", None)
            if decompressor is not None and not getattr(decompressor, "eof", True):
                raise InputError(f"{file}: truncated gzip stream (the last member is incomplete)")
    except InputError:
        raise
    except ArchiveLoadFailed as exc:
        raise InputError(f"{file}: not a readable WARC/ARC file: {exc}") from None
    except Exception as exc:
        raise InputError(f"{file}: corrupt WARC/ARC file: {type(exc).__name__}: {exc}") from None
