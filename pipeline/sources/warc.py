"""Read pages from WARC/ARC files (gzipped or not, Common Crawl's included) with warcio.

Each ``response`` record (``WARC-Target-URI`` is the page URL) becomes a
:class:`~pipeline.records.FetchedPage`, classified the same way a live fetch is
(:func:`pipeline.page.classify`): non-HTML and error statuses keep their outcome. A
``resource`` record of an http(s) URL (a page saved without its HTTP exchange) is read the
same way, typed by its WARC Content-Type; a ``revisit`` record of one (deduplication: no
payload) is a ``not_modified`` row naming the capture it refers to. ``request``, ``metadata``
and ``warcinfo`` records are skipped, and so is a record that declares a type no page has (an
image, a stylesheet, a script... of a crawl that archived each page's resources), counted by
family (:mod:`pipeline.sources.not_pages`). A file that cannot be read is an InputError; a file that
breaks part-way yields the records before the break and then raises. A WARC gzipped as one
stream rather than record by record is read through a gzip stream (one range only).
In a file gzipped record by record, a member cut short (a download or copy that lost bytes in
the middle) is one row naming its byte, and the reader goes on at the next member that starts a
record (:mod:`pipeline.sources.gzipped`).

One bad record is one bad row, never a lost file: a record whose payload cannot be decoded
(an unsupported or broken Content-Encoding, a chunk larger than the record), whose status line
is absurd or whose HTTP head does not parse becomes a page with outcome ``decode_error`` or
``http_error`` and a reason, and the reader goes on with the next record. The payload is
de-chunked and decoded here, within ``max_bytes``, rather than by warcio (which reads a declared
chunk whole and cannot decode brotli with brotli >= 1.2).

A big WARC file is read as several byte ranges, each starting at a record
(:func:`record_starts`, :func:`read_warc`'s ``start`` and ``end``), so several processes can
extract one file: the ranges cover the file once, and each record belongs to exactly one.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord, ArcWarcRecordLoader

from pipeline.codings import READ_CHUNK
from pipeline.errors import InputError
from pipeline.records import FetchedPage, Outcome
from pipeline.sources.gzipped import (
    GZIP_MAGIC,
    GunzipStream,
    inflated,
    member_target_uri,
    next_member,
    raw_head,
    whole_gzip,
)
from pipeline.sources.not_pages import declared_family, sniffed_family
from pipeline.sources.warc_records import cut_row, declared_type, record_page, revisit_page

# A WARC record's head starts so (WARC/1.0, WARC/1.1).
_WARC_HEAD = b"WARC/1."
# A URI with a scheme. Crawlers archive records of other schemes than http(s) beside the pages:
# Heritrix's and the Internet Archive's ``dns:`` lookups (one per host), ``whois:``, ``ftp:``
# files. None is a web page: such a response record is skipped, as request and metadata records
# are (each was a ``not_html`` row, a failure, so every Heritrix crawl's run exited 1).
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


class _SchemeBlindLoader(ArcWarcRecordLoader):  # type: ignore[misc]  # warcio has no type hints
    """warcio's record loader, reading the HTTP head of a record whose URI spells its scheme in
    capitals (``HTTP://site/page``: a scheme is case-insensitive, RFC 3986 3.1). warcio compares
    ``http:`` case by case, so such a page was a ``not_html`` row "content type application/http",
    its HTTP head and body read as the payload."""

    def load_http_headers(self, rec_type: str, uri: str | None, stream: Any, length: Any) -> Any:
        return super().load_http_headers(rec_type, _lower_scheme(uri or ""), stream, length)


def _lower_scheme(uri: str) -> str:
    """``HTTP://Site/Page`` as ``http://Site/Page``: the scheme in lower case, the rest as written."""
    scheme = _SCHEME.match(uri)
    return uri if scheme is None else scheme.group().lower() + uri[scheme.end() :]


def _lied(file: Path, url: str, offset: int) -> InputError:
    return InputError(
        f"{file}: corrupt WARC/ARC file: record {url} at byte {offset} does not end where its "
        "Content-Length says (no record follows it there)"
    )


def _head(file: Path, start: int = 0) -> bytes:
    """The first bytes of the record at ``start`` (decompressed when it is a gzip member)."""
    with open(file, "rb") as stream:
        stream.seek(start)
        head = stream.read(512)
        if head[:2] == b"\x1f\x8b":  # a member cut short inflates to what it holds (_inflated)
            head = inflated(head)[:64]
    return head


def _check_signature(file: Path, start: int = 0) -> None:
    """warcio reads almost any text as ARC records; insist on a WARC or ARC header first."""
    try:
        head = _head(file, start)
    except (OSError, EOFError) as exc:
        raise InputError(f"{file}: not a readable WARC/ARC file: {exc}") from None
    if not head.lstrip().startswith((b"WARC/", b"filedesc://")):
        where = f" at byte {start}" if start else ""
        raise InputError(f"{file}: not a WARC/ARC file (no WARC/ or filedesc:// header{where})")


@functools.lru_cache(maxsize=64)
def _record_starts(file: str, size: int, mtime_ns: int, count: int) -> tuple[int, ...]:
    starts = [0]
    targets = [size * k // count for k in range(1, count)]
    with open(file, "rb") as stream:
        archive = ArchiveIterator(stream, no_record_parse=True)
        for _record in archive:
            offset = archive.get_record_offset()
            if targets and offset >= targets[0]:
                if offset > starts[-1]:
                    starts.append(offset)
                targets = [t for t in targets if t > offset]
            if not targets:
                break
    # A range must start where a reader can: a gzip member in a gzipped WARC, "WARC/" in a plain one.
    return tuple(s for s in starts if s == 0 or _head(Path(file), s).startswith(b"WARC/"))


def record_starts(path: str | Path, count: int) -> list[int]:
    """Offsets of up to ``count`` records that cut the WARC file into ranges of about equal size.

    The first is 0; each other is the first record at or after a ``k/count`` of the file. Read
    once per file (warcio decompresses the whole file to find the records: ~35 ms per MB).
    ``[0]`` (one range) for an ARC file, a file gzipped as one stream, or a file that does not
    read to its end: the reader then reports what is wrong with it, as for any one-range file.
    """
    file = Path(path)
    try:
        if count < 2 or not _head(file).startswith(b"WARC/"):
            return [0]
        stat = file.stat()
        return list(_record_starts(str(file.resolve()), stat.st_size, stat.st_mtime_ns, count))
    except Exception:  # anything wrong with the file: one range, whose reader says what it is
        return [0]


def _check_complete(file: Path, record: ArcWarcRecord, after: str = "") -> None:
    """A record whose block ends before its Content-Length is a file cut short: raise.
    ``after`` names the record before it (the cut is in the head of the one after)."""
    raw = record.raw_stream
    if not hasattr(raw, "limit"):  # no usable Content-Length: a header cut short or garbled
        raise InputError(
            f"{file}: truncated or corrupt WARC/ARC file: a {record.rec_type} record without a length{after}"
        )
    declared = (record.rec_headers.get_header("Content-Length") or "").strip()
    if record.format == "warc" and not declared.isdigit():  # mandatory in WARC; cut inside the header
        raise InputError(f"{file}: truncated or corrupt WARC file: Content-Length {declared!r}{after}")
    while raw.read(READ_CHUNK):
        pass
    missing = raw.limit
    if missing > 0:
        url = record.rec_headers.get_header("WARC-Target-URI") or record.rec_type
        raise InputError(f"{file}: truncated WARC/ARC file: record {url} is {missing} bytes short")


def _check_end(file: Path, end: int) -> None:
    """The last complete record must end the file: anything after it is a record cut short."""
    with open(file, "rb") as stream:
        stream.seek(end)
        rest = stream.read(READ_CHUNK)
    if rest.strip(b"\r\n\t \x00"):
        raise InputError(f"{file}: truncated or corrupt WARC/ARC file: unreadable data at byte {end}")


def _record_head_follows(file: Path, end: int) -> bool:
    """What follows the record ending at ``end`` is the start of a WARC record's head (the file
    was cut inside it), not the rest of a payload its Content-Length left out."""
    with open(file, "rb") as stream:
        stream.seek(end)
        rest = stream.read(64).lstrip(b"\r\n")
    return bool(rest) and (rest.startswith(_WARC_HEAD) or _WARC_HEAD.startswith(rest))


@dataclass
class _Progress:
    """How far a range's reader got: where its last complete record ends (``end``), the last
    record read (its URL or type and offset) and the page not yielded yet (``pending``)."""

    end: int
    last: tuple[str, int]
    pending: FetchedPage | None = None
    stream: GunzipStream | None = None  # a WARC gzipped as one stream: its inflater

    @property
    def truncated(self) -> bool:
        return self.stream is not None and self.stream.truncated


def _cut_member(file: Path, progress: _Progress, resync: int) -> FetchedPage:
    """The row of a record whose gzip member breaks off before the next record (at ``resync``):
    ``decode_error`` under its URL when the part that is left names it, else ``input_error``
    under the file's name. Either names the record's byte."""
    offset = progress.end
    if not raw_head(file, offset).startswith(GZIP_MAGIC):
        row = FetchedPage(url=str(file), final_url=str(file), status=None, outcome=Outcome.INPUT_ERROR)
        row.source = "warc"
        row.error = f"{file}: unreadable data from byte {offset} to the next record, at byte {resync}"
        return row
    url = progress.last[0] if progress.last[1] == offset and "://" in progress.last[0] else ""
    if not url:
        url = member_target_uri(file, offset, resync)
    why = (
        f"archived record at byte {offset} is cut short (its gzip member breaks off before the next "
        f"record, at byte {resync}): skipped"
    )
    if url:
        row = FetchedPage(url=url, final_url=url, status=None, outcome=Outcome.DECODE_ERROR)
    else:
        row = FetchedPage(url=str(file), final_url=str(file), status=None, outcome=Outcome.INPUT_ERROR)
        why = f"{file}: {why}"
    row.source, row.error = "warc", why
    return row


def read_warc(
    path: str | Path,
    max_bytes: int | None = None,
    start: int = 0,
    stop: int | None = None,
    skipped: Counter[str] | None = None,
) -> Iterator[FetchedPage]:
    """Yield one FetchedPage per response record in the WARC/ARC file at ``path``.

    ``skipped``: counts, by family, the records that are a page's resources rather than a page
    (images, stylesheets, scripts... of a crawl that archived them; :mod:`pipeline.sources.not_pages`),
    which yield no row.

    ``start``, ``stop``: only the records that start in this byte range (``start`` a record's
    offset from :func:`record_starts`; ``stop`` the next range's start, None: the file's end).
    In a file gzipped record by record, a record whose gzip member is cut short is one row
    (:func:`_cut_member`) and the reader goes on at the next member that starts a record.
    """
    file = Path(path)
    if not file.is_file():
        raise InputError(f"WARC file not found: {file}")
    _check_signature(file, start)
    one_stream = start == 0 and whole_gzip(file)
    by_record = not one_stream and raw_head(file, start).startswith(GZIP_MAGIC)
    while True:
        progress = _Progress(end=start, last=("", start))
        try:
            yield from _read_range(file, max_bytes, start, stop, one_stream, progress, skipped)
            return
        except InputError:
            if not by_record:
                raise
            if progress.pending is not None:  # its member ended (warcio read it to its end): it is whole
                yield progress.pending
            resync = next_member(file, progress.end + 1, stop)
            if resync is None:
                raise
            yield _cut_member(file, progress, resync)
            if stop is not None and resync >= stop:
                return
            start = resync


def _record_row(
    record: ArcWarcRecord, url: str, web: bool, other_scheme: bool, max_bytes: int | None
) -> tuple[FetchedPage | None, str | None]:
    """The row of one record (None: no row), or the family of a page's resource it is instead
    (:mod:`pipeline.sources.not_pages`: an image, a script... of a crawl that archived them)."""
    page: FetchedPage | None = None
    readable = (record.rec_type == "response" and bool(url) and not other_scheme) or (
        record.rec_type == "resource" and web
    )
    if not (readable or (record.rec_type == "revisit" and web)):
        return None, None
    family = declared_family(declared_type(record))
    if family is not None:
        return None, family
    if readable:
        page = record_page(record, url, max_bytes)
        if page.outcome is Outcome.NOT_HTML and (family := sniffed_family(page.content_type, page.body or b"")):
            return None, family
        return page, None
    return revisit_page(record, url), None


def _read_range(
    file: Path,
    max_bytes: int | None,
    start: int,
    stop: int | None,
    one_stream: bool,
    progress: _Progress,
    skipped: Counter[str] | None,
) -> Iterator[FetchedPage]:
    """The pages of the records from ``start`` to ``stop``; InputError where the file breaks
    (``progress`` then says where). ``skipped`` counts the records that are no page, by family."""
    try:
        with open(file, "rb") as stream:
            stream.seek(start)
            source: Any = GunzipStream(stream) if one_stream else stream
            progress.stream = source if one_stream else None
            archive = ArchiveIterator(source, arc2warc=True)
            archive.loader = _SchemeBlindLoader(verify_http=False, arc2warc=True)
            reached = None  # where the next range's first record starts
            lies = 0  # records that ended elsewhere than their Content-Length says, warcio past them
            for record in archive:
                if archive.err_count > lies:  # data between the last record's end and this record
                    lies = archive.err_count
                    if progress.pending is not None:
                        progress.pending = cut_row(progress.pending, progress.last[1])
                if progress.pending is not None:
                    pending, progress.pending = progress.pending, None
                    yield pending
                if stop is not None and archive.offset >= stop:  # warcio: where this record starts
                    reached = archive.offset
                    break
                url = _lower_scheme(record.rec_headers.get_header("WARC-Target-URI") or "")
                web = url.startswith(("http://", "https://"))
                other_scheme = not web and _SCHEME.match(url) is not None
                page, family = _record_row(record, url, web, other_scheme, max_bytes)
                stream_byte = " of the inflated stream" if one_stream else ""
                after = f" (after record {progress.last[0]}, which ends at byte {progress.end}{stream_byte})"
                progress.last = (url or record.rec_type, archive.get_record_offset())
                _check_complete(file, record, after if progress.end > start else "")
                progress.end = archive.get_record_offset() + archive.get_record_length()
                progress.pending = page
                if family is not None and skipped is not None:  # counted once whole (a cut one raised)
                    skipped[family] += 1
            if archive.err_count > lies:
                raise _lied(file, *progress.last)
            if stop is not None:
                if reached != stop:
                    raise InputError(f"{file}: no record starts at byte {stop}: the file changed since it was planned")
                return
            if one_stream:
                if source.truncated or not source.inflate.eof:
                    yield from _flush(progress)  # whole: the cut is in what follows it
                    raise InputError(_stream_cut(file, progress))
            else:
                if progress.end > start and _record_head_follows(file, progress.end):
                    yield from _flush(progress)  # whole: the file was cut in the next record's head
                _check_end(file, progress.end)
            decompressor = getattr(archive.reader, "decompressor", None)
            if decompressor is not None and not getattr(decompressor, "eof", True):
                raise InputError(f"{file}: truncated gzip stream (the last member is incomplete)")
            if progress.pending is not None:
                pending, progress.pending = progress.pending, None
                yield pending
    except InputError:
        raise
    except ArchiveLoadFailed as exc:
        reason = " ".join(str(exc).split())[:200]
        if progress.end > start and not one_stream and _record_head_follows(file, progress.end):
            yield from _flush(progress)  # whole: the file was cut in the next record's head
            raise InputError(
                f"{file}: truncated WARC/ARC file: it ends inside the head of the record after record "
                f"{progress.last[0]} (byte {progress.end}); the records before it were read"
            ) from None
        if progress.end > start:  # records were read: the last one lies about its length
            raise _lied(file, *progress.last) from None
        raise InputError(f"{file}: not a readable WARC/ARC file: {reason}") from None
    except Exception as exc:
        # warcio failed on the head of the record after the pending one, which was read whole
        yield from _flush(progress)
        if one_stream and progress.truncated:
            raise InputError(_stream_cut(file, progress)) from None
        after = f" after record {progress.last[0]} (which ends at byte {progress.end})" if progress.end > start else ""
        raise InputError(f"{file}: truncated or corrupt WARC/ARC file{after}: {type(exc).__name__}: {exc}") from None


def _flush(progress: _Progress) -> Iterator[FetchedPage]:
    """The pending page, a record read whole (its length checked) before the file broke."""
    if progress.pending is not None:
        pending, progress.pending = progress.pending, None
        yield pending


def _stream_cut(file: Path, progress: _Progress) -> str:
    """A WARC gzipped as one stream that ends inside it: the records before the cut were read;
    the cut is named by the last whole record and where it ends in the inflated stream."""
    if progress.end == 0:
        return f"{file}: truncated gzip stream: the file ends inside its first record"
    return (
        f"{file}: truncated gzip stream: the file ends inside the record after record {progress.last[0]}"
        f" (byte {progress.end} of the inflated stream); the records before it were read"
    )
