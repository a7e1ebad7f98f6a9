"""How a gzipped WARC/ARC file is framed: gzipped as one stream (``gzip crawl.warc``) or record
by record (one gzip member each, as warcio, wget and Heritrix write them), and where a reader
can go on after a member cut short.
"""

from __future__ import annotations

import re
import zlib
from pathlib import Path
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from pipeline.codings import GZIP_WBITS, NO_LIMIT, READ_CHUNK

# warcio notices a gzip member holding several records one or two records late: the records
# read to tell a file gzipped record by record from one gzipped as a stream.
_WHOLE_GZIP_PROBE = 4


def whole_gzip(file: Path) -> bool:
    """A WARC/ARC gzipped as one stream (``gzip crawl.warc``), not record by record: warcio
    refuses it at its second record, so it is read through a gzip stream instead."""
    try:
        with open(file, "rb") as stream:
            if stream.read(2) != b"\x1f\x8b":
                return False
            stream.seek(0)
            for number, _record in enumerate(ArchiveIterator(stream, no_record_parse=True)):
                if number >= _WHOLE_GZIP_PROBE:
                    return False
    except ArchiveLoadFailed as exc:
        return "non-chunked gzip" in str(exc)
    except Exception:  # anything else wrong with the file: the reader says what
        return False
    # Fewer records than the probe and no complaint: a small file, or one stream cut short after
    # its first record (warcio takes the cut for the end of the file and reports nothing).
    return _first_member_cut(file)


def _first_member_cut(file: Path) -> bool:
    """The file's first gzip member breaks off with the file (no end, nothing after it)."""
    inflate = zlib.decompressobj(wbits=GZIP_WBITS)
    with open(file, "rb") as stream:
        while chunk := stream.read(READ_CHUNK):
            try:
                inflate.decompress(chunk, READ_CHUNK)  # the output is not kept: bounded per chunk
                while inflate.unconsumed_tail and not inflate.eof:
                    inflate.decompress(inflate.unconsumed_tail, READ_CHUNK)
            except zlib.error:
                return False
            if inflate.eof:
                return False
    return True


class GunzipStream:
    """A gzip stream read as a file, which says when it was cut short (``truncated``) instead of
    raising EOFError on the read that meets the end: warcio takes that for the end of the file
    and gzip.GzipFile drops the data decompressed in that read."""

    def __init__(self, raw: BinaryIO) -> None:
        self.raw, self.inflate, self.truncated = raw, zlib.decompressobj(wbits=GZIP_WBITS), False
        self.buffer = b""

    def read(self, size: int = -1) -> bytes:
        want = size if size >= 0 else NO_LIMIT
        while len(self.buffer) < want and not self.truncated:
            if self.inflate.eof:  # the next gzip member (`cat a.warc.gz b.warc.gz`), if any
                rest = self.inflate.unused_data or self.raw.read(READ_CHUNK)
                if not rest.strip(b"\x00"):
                    break
                self.inflate = zlib.decompressobj(wbits=GZIP_WBITS)
                self.buffer += self.inflate.decompress(rest)
                continue
            chunk = self.raw.read(READ_CHUNK)
            if not chunk:
                self.truncated = True
                break
            self.buffer += self.inflate.decompress(chunk)
        data, self.buffer = self.buffer[:want], self.buffer[want:]
        return data


GZIP_MAGIC = b"\x1f\x8b\x08"  # a gzip member (deflate), as every gzipped WARC's
# Read at a time while looking for the next gzip member after a cut one.
_SCAN_CHUNK = 1 << 20
# A candidate member's bytes inflated to see whether it starts a WARC record ("WARC/" comes
# first), and so the overlap between two scanned chunks: a candidate near a chunk's end is whole.
_CANDIDATE_BYTES = 4096
# The start of a cut member searched for its WARC-Target-URI: the record's WARC headers come
# first, a few hundred bytes, so the HTTP headers and body after them are not searched.
_RECORD_HEAD_BYTES = 8192
# Bytes fed to the inflater at a time when a member may be cut short: the error comes within
# a piece of the cut, and the piece's output is what is lost.
_INFLATE_PIECE = 64
_TARGET_URI = re.compile(rb"WARC-Target-URI:[ \t]*<?([^\s>]+)", re.IGNORECASE)


def raw_head(file: Path, offset: int) -> bytes:
    with open(file, "rb") as stream:
        stream.seek(offset)
        return stream.read(len(GZIP_MAGIC))


def inflated(data: bytes) -> bytes:
    """What a gzip member inflates to as far as it reads: cut short and followed by another
    member's bytes, it inflates to its start (fed in small pieces, so the error that the
    foreign bytes raise loses little)."""
    inflate, out = zlib.decompressobj(wbits=GZIP_WBITS), bytearray()
    for at in range(0, len(data), _INFLATE_PIECE):
        try:
            out += inflate.decompress(data[at : at + _INFLATE_PIECE])
        except zlib.error:
            break
        if inflate.eof:
            break
    return bytes(out)


def next_member(file: Path, after: int, stop: int | None) -> int | None:
    """The offset of the first gzip member at or after ``after`` (before ``stop``) that starts a
    WARC record, or None: where a reader can go on after a member cut short."""
    with open(file, "rb") as stream:
        offset = after
        while stop is None or offset < stop:
            stream.seek(offset)
            chunk = stream.read(_SCAN_CHUNK + _CANDIDATE_BYTES)
            if len(chunk) <= len(GZIP_MAGIC):
                return None
            at = chunk.find(GZIP_MAGIC)
            while 0 <= at < _SCAN_CHUNK:
                if stop is not None and offset + at >= stop:
                    return None
                if inflated(chunk[at : at + _CANDIDATE_BYTES]).startswith(b"WARC/"):
                    return offset + at
                at = chunk.find(GZIP_MAGIC, at + 1)
            offset += _SCAN_CHUNK
    return None


def member_target_uri(file: Path, offset: int, end: int) -> str:
    """The WARC-Target-URI in what is left of the member cut short at ``offset`` (before ``end``), or ""."""
    with open(file, "rb") as stream:
        stream.seek(offset)
        found = _TARGET_URI.search(inflated(stream.read(min(end - offset, READ_CHUNK)))[:_RECORD_HEAD_BYTES])
    return found.group(1).decode("utf-8", "replace") if found else ""
