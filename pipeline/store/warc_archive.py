"""The raw archive: every HTTP request and response the fetcher makes, as WARC (warcio, gzip per record).

Two files per run and shard, each written under a temporary name and renamed on close:

* ``<raw_dir>/<run_id>-<shard>.warc.gz`` holds the *pages*: for every page the fetcher yielded
  with a complete response (2xx, 4xx, 5xx, any content type), its final request/response pair.
  Fed back with ``--warc`` (:func:`pipeline.sources.warc.read_warc`) it yields the same pages:
  same URLs (the final URL of each redirect chain), same bodies, same outcomes; but a listed URL
  that answered with a type no page has (a PDF, an image: ``not_html`` when fetched) is skipped
  as a page's resource, as in any crawl (:mod:`pipeline.sources.not_pages`).
* ``<raw_dir>/support/<run_id>-<shard>.warc.gz`` holds every other exchange: robots.txt,
  sitemaps, redirect hops, attempts that were retried, 304 answers and responses cut short
  (marked ``WARC-Truncated``). A request that went out but got no response (reset, timeout)
  is kept too: its ``request`` record and a ``metadata`` record (``fetch-outcome``,
  ``fetch-error``) that refers to it. Common Crawl splits its archives the same way (robotstxt,
  crawldiagnostics), and keeping them apart is what lets the pages file round-trip exactly.

Bodies are stored as they came off the wire (content-coded, chunking removed). A coding that
warcio cannot undo when reading back (brotli with brotli >= 1.2, x-gzip, stacked codings) is
stored decoded instead, with the original headers kept as ``X-Archive-Orig-*`` (pywb's
convention), so the archive stays readable.

A record that cannot be written whole (a full disk) is cut off again: the file ends at the last
whole record, so a reader never meets half a record, and later records can follow it. A file is
fsynced before its rename and its folder after, as the part files are: a power loss never leaves
an archive file that is empty or cut under a name that says it is whole.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import hashlib
import io
import os
import re
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

from warcio.statusandheaders import StatusAndHeaders
from warcio.timeutils import datetime_to_iso_date
from warcio.warcwriter import WARCWriter

from pipeline.crashpoints import crash_armed, crash_point
from pipeline.errors import naming_failures
from pipeline.files import fsync_dir
from pipeline.records import HttpExchange
from pipeline.store.lock import flock_held

SUPPORT_DIR = "support"
ARCHIVE_SUFFIX = ".warc.gz"
# Codings warcio 1.7/1.8 decodes reliably when reading a record back; others are stored decoded.
_READABLE_CODINGS = frozenset({"", "identity", "gzip", "deflate"})
_HOP_BY_HOP = ("transfer-encoding",)  # the stored body is already de-chunked


def _archived_headers(exchange: HttpExchange) -> tuple[list[tuple[str, str]], bytes]:
    """Response headers and body as stored (see the module docstring for the decoded case)."""
    coding = ",".join(v for k, v in exchange.response_headers if k.lower() == "content-encoding").strip().lower()
    store_decoded = coding not in _READABLE_CODINGS and exchange.decoded is not None
    renamed = set(_HOP_BY_HOP) | ({"content-encoding", "content-length"} if store_decoded else set())
    headers = [(f"X-Archive-Orig-{k}", v) if k.lower() in renamed else (k, v) for k, v in exchange.response_headers]
    body = exchange.decoded if store_decoded and exchange.decoded is not None else exchange.payload
    return headers, body


def _request_line(exchange: HttpExchange) -> str:
    from urllib.parse import urlsplit

    parts = urlsplit(exchange.url)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return f"{exchange.method} {target} {exchange.protocol}"


class _WarcFile:
    """One gzipped WARC file, created on first record under ``<name>[.<attempt>].open``, renamed on close.

    A shard attempt's file (``attempt`` set) closes under its attempt's own name (``closed``):
    another attempt of the shard (a lost Dask worker still running it) writes and closes apart,
    and the attempt that commits gives its files the shard's name (:func:`commit_archives`).
    """

    def __init__(self, path: Path, info: dict[str, str], attempt: str = "", closed: Path | None = None) -> None:
        self.path = closed or path
        self._info = info
        self._partial = path.with_name(f"{path.name}.{attempt}.open" if attempt else f"{path.name}.open")
        self._stream: IO[bytes] | None = None

    @contextlib.contextmanager
    def appending(self) -> Iterator[WARCWriter]:
        """A writer whose records land in the file whole or not at all: they are written to
        memory, then appended in one go; an append that fails (ENOSPC) is cut off again, so the
        file ends at the last whole record, and the error goes on to the caller."""
        pending = io.BytesIO()
        yield WARCWriter(pending, gzip=True, warc_version="1.1")
        if self._stream is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._stream = open(self._partial, "wb", buffering=0)  # noqa: SIM115 - closed in close()
            fcntl.flock(self._stream.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)  # live: sweep_stale_archives skips it
        if self._stream.tell() == 0:  # the file starts with its warcinfo record
            header = io.BytesIO()
            info = WARCWriter(header, gzip=True, warc_version="1.1")
            info.write_record(info.create_warcinfo_record(self.path.name, self._info))
            self._append(header.getbuffer())
        self._append(pending.getbuffer())

    def _append(self, data: memoryview) -> None:
        assert self._stream is not None
        start = self._stream.tell()
        with naming_failures(self.path):
            try:
                if crash_armed("warc"):  # test-only: killed with half a record written
                    data = data[self._stream.write(data[: len(data) // 2]) :]
                    crash_point("warc")
                while data:
                    data = data[self._stream.write(data) :]  # a raw write may take only part
            except BaseException:
                self._stream.truncate(start)
                self._stream.seek(start)
                raise

    def close(self) -> Path | None:
        """fsync, then rename into place: a name without ``.open`` says the file is whole, also
        after a power loss (a file renamed unsynced could come back empty, while the rows and
        validators stored after it said its pages were archived)."""
        if self._stream is None:
            return None
        try:
            with naming_failures(self.path):
                os.fsync(self._stream.fileno())
        finally:
            self._stream.close()
            self._stream = None
        os.replace(self._partial, self.path)
        fsync_dir(self.path.parent)
        return self.path


def output_tag(out_dir: Path) -> str:
    """A short digest of the output directory, part of the archive's file names.

    Two runs writing different outputs may share one raw directory and, with the same input on
    the same day, the same run id: the tag keeps their archive files apart (they once wrote the
    same file, corrupting it).
    """
    return hashlib.sha1(str(Path(out_dir).resolve()).encode()).hexdigest()[:8]


def sweep_stale_archives(archive_dir: Path, tag: str, run_id: str | None = None) -> int:
    """Delete the ``.open`` archive files a killed run of this output left; returns how many.

    Call it while holding the output's lock, before any shard starts (other outputs' files have
    another tag), or with ``run_id`` (that run's files only) once the run finished. A file its
    writer still has open (a lost Dask worker still running a shard of this output) is locked
    by it and left alone: its exchanges happened and stay archived.
    """
    count = 0
    pattern = f"{run_id}-*-{tag}.warc.gz*.open" if run_id else f"*-{tag}.warc.gz*.open"
    for folder in (Path(archive_dir), Path(archive_dir) / SUPPORT_DIR):
        for stale in folder.glob(pattern) if folder.is_dir() else ():
            if flock_held(stale):  # a live writer holds it
                continue
            stale.unlink(missing_ok=True)
            count += 1
    return count


# An attempt's closed files (``<run_id>-<shard>~<attempt>-<tag>.warc.gz``) until it commits: URL
# shards are keyed ``hostsNNN-<8 hex>`` (``pipeline.run.plan``; WARC shards are not archived) and
# attempts ``<pid>-<8 hex>`` (``pipeline.run.shard``), so the run id before them is read exactly
# (``nightly-2`` is never taken for ``nightly``).
_ATTEMPT_FILE = r"(?P<run_id>.+)-hosts\d{3}-[0-9a-f]{8}~\d+-[0-9a-f]{8}-"


def sweep_uncommitted_archives(archive_dir: Path, tag: str, finished: Callable[[str], bool]) -> int:
    """Delete the closed archive files of attempts that never committed, of the runs ``finished``
    says are over; returns how many.

    An attempt stopped by a signal, the deadline or a failed write closes its files under its
    attempt's name and commits nothing; a re-run that groups the hosts into other shards (other
    ``--workers``, a Dask cluster of another size) never renames nor removes them, so they stayed
    for good beside the committed archive, holding exchanges whose rows were never stored. A
    finished run's attempts can no longer commit (they check under its finish lock), so its
    files go: at its finish, and at later starts (a run killed between its manifest and that).
    """
    attempt_file = re.compile(_ATTEMPT_FILE + re.escape(tag) + re.escape(ARCHIVE_SUFFIX))
    count = 0
    for folder in (Path(archive_dir), Path(archive_dir) / SUPPORT_DIR):
        for path in folder.glob(f"*~*-{tag}{ARCHIVE_SUFFIX}") if folder.is_dir() else ():
            match = attempt_file.fullmatch(path.name)
            if match and finished(match["run_id"]):
                path.unlink(missing_ok=True)
                count += 1
    return count


def archive_name(run_id: str, shard: str, tag: str = "", attempt: str = "") -> str:
    """``<run_id>-<shard>-<tag>.warc.gz``; an attempt's files until it commits: ``<run_id>-<shard>~<attempt>-<tag>``."""
    stem = f"{run_id}-{shard}~{attempt}" if attempt else f"{run_id}-{shard}"
    return f"{stem}-{tag}{ARCHIVE_SUFFIX}" if tag else f"{stem}{ARCHIVE_SUFFIX}"


def commit_archives(archive_dir: Path, run_id: str, shard: str, tag: str, attempt: str) -> None:
    """The committing attempt's files take the shard's names; other attempts' closed files go.

    Called under the shard's commit lock, before its marker: the archive holds the exchanges of
    the attempt whose rows are stored, as it did when a re-run's file replaced a killed attempt's.
    An attempt still writing (its ``.open`` file) closes later and, losing, removes its own.
    """
    for folder in (Path(archive_dir), Path(archive_dir) / SUPPORT_DIR):
        own = folder / archive_name(run_id, shard, tag, attempt)
        if own.is_file():
            os.replace(own, folder / archive_name(run_id, shard, tag))
            fsync_dir(folder)  # durable before the marker: a lost rename left an attempt's file, swept
        for other in folder.glob(archive_name(run_id, shard, tag, "*")) if folder.is_dir() else ():
            other.unlink(missing_ok=True)


def discard_archives(archive_dir: Path, run_id: str, shard: str, tag: str, attempt: str) -> None:
    """An attempt that lost its shard to another (which committed first) removes its closed files."""
    for folder in (Path(archive_dir), Path(archive_dir) / SUPPORT_DIR):
        (folder / archive_name(run_id, shard, tag, attempt)).unlink(missing_ok=True)


class WarcArchive:
    """Thread-safe writer of the pages and support WARC files of one fetcher (run and shard)."""

    def __init__(
        self,
        archive_dir: Path,
        run_id: str,
        shard: str,
        user_agent: str = "",
        obey_robots: bool = True,
        tag: str = "",
        attempt: str = "",
    ) -> None:
        name, own = archive_name(run_id, shard, tag), archive_name(run_id, shard, tag, attempt)
        info = {
            "software": "health-pipeline fetcher (warcio)",
            "format": "WARC File Format 1.1",
            "http-header-user-agent": user_agent,
            "robots": "obey" if obey_robots else "ignore",
        }
        pages, support = Path(archive_dir), Path(archive_dir) / SUPPORT_DIR
        self.pages = _WarcFile(
            pages / name, {**info, "description": "page responses"}, attempt, pages / own if attempt else None
        )
        self.support = _WarcFile(
            support / name,
            {**info, "description": "robots.txt, sitemaps, redirects, retried and truncated responses"},
            attempt,
            support / own if attempt else None,
        )
        self._lock = threading.Lock()
        self._closed = False

    def record(self, exchange: HttpExchange, *, page: bool) -> None:
        """Append the request/response pair to the pages file (``page``) or the support file."""
        with self._lock:
            if self._closed:
                return
            target = self.pages if page else self.support
            with target.appending() as writer:
                self._write_pair(writer, exchange)

    @staticmethod
    def _write_pair(writer: WARCWriter, exchange: HttpExchange) -> None:
        date = datetime_to_iso_date(exchange.fetched_at.astimezone(dt.UTC).replace(tzinfo=None), use_micros=True)
        warc_headers = {"WARC-Date": date}
        if exchange.peer_ip:
            warc_headers["WARC-IP-Address"] = exchange.peer_ip
        if exchange.truncated:
            warc_headers["WARC-Truncated"] = exchange.truncated
        headers, body = _archived_headers(exchange)
        http = StatusAndHeaders(f"{exchange.status} {exchange.reason}".strip(), headers, protocol=exchange.protocol)
        response = writer.create_warc_record(
            exchange.url,
            "response",
            payload=io.BytesIO(body),
            length=len(body),
            http_headers=http,
            warc_headers_dict=warc_headers,
        )
        request_http = StatusAndHeaders(_request_line(exchange), exchange.request_headers, is_http_request=True)
        request = writer.create_warc_record(
            exchange.url, "request", http_headers=request_http, warc_headers_dict={"WARC-Date": date}
        )
        writer.write_request_response_pair(request, response)

    def record_unanswered(
        self,
        url: str,
        request_headers: list[tuple[str, str]],
        fetched_at: dt.datetime,
        outcome: str,
        error: str,
        protocol: str = "HTTP/1.1",
    ) -> None:
        """A request sent without a response coming back: request + metadata in the support file."""
        with self._lock:
            if self._closed:
                return
            with self.support.appending() as writer:
                date = datetime_to_iso_date(fetched_at.astimezone(dt.UTC).replace(tzinfo=None), use_micros=True)
                line = _request_line(HttpExchange(url, [], 0, "", protocol, [], b"", fetched_at))
                request = writer.create_warc_record(
                    url,
                    "request",
                    http_headers=StatusAndHeaders(line, request_headers, is_http_request=True),
                    warc_headers_dict={"WARC-Date": date},
                )
                fields = f"fetch-outcome: {outcome}\r\nfetch-error: {' '.join(error.split())}\r\n".encode()
                metadata = writer.create_warc_record(
                    url,
                    "metadata",
                    payload=io.BytesIO(fields),
                    length=len(fields),
                    warc_content_type="application/warc-fields",
                    warc_headers_dict={
                        "WARC-Date": date,
                        "WARC-Concurrent-To": request.rec_headers.get_header("WARC-Record-ID"),
                    },
                )
                writer.write_record(request)
                writer.write_record(metadata)

    def close(self) -> list[Path]:
        """Finish both files (rename into place); returns the paths written."""
        with self._lock:
            self._closed = True
            try:
                pages = self.pages.close()
            finally:  # a failed fsync of one file leaves the other neither open nor held
                support = self.support.close()
            return [p for p in (pages, support) if p is not None]
