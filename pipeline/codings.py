"""Bounded Content-Encoding decoding (gzip, deflate, brotli, zstd), shared by the fetcher and WARC reader.

A 100 KB gzip body can inflate to 100 MB; decoding it in one call would put all of it in memory
before any size check. Here every decoder yields output in pieces of at most ``OUT_CHUNK``
bytes, however compressible the input, so the caller can stop as soon as the cap is passed and
memory stays at one piece plus the capped body.
"""

from __future__ import annotations

import sys
import zlib
from collections.abc import Callable, Iterator
from typing import Any, Protocol

from pipeline.errors import PageError

try:
    import brotli
except ImportError:  # pragma: no cover - brotli is a declared dependency
    brotli = None
try:  # Python's own zstd (3.14), or its backport (a declared dependency before 3.14)
    if sys.version_info >= (3, 14):
        from compression import zstd
    else:
        from backports import zstd
except ImportError:  # pragma: no cover - an environment installed before it was declared
    zstd = None  # type: ignore[assignment]

# Decoded output is handed over in pieces of about this size (brotli may round up to its next
# buffer block, ~96 KB): big enough to keep calls few, small next to the body cap.
OUT_CHUNK = 64 * 1024
# Bytes read from a socket, a file or an archived body at a time (the fetcher, the WARC readers):
# few calls, and one read adds at most this much before a cap or a cut is checked.
READ_CHUNK = 64 * 1024
# "Read up to the end": a size no body, file or gzip stream reaches (for reads that take a limit).
NO_LIMIT = 1 << 62
# Bytes on the wire allowed beyond the decoded cap: compression never grows data by more than a
# few bytes per 16 KiB block, so an honest body within the cap is within this on the wire too.
WIRE_SLACK = 64 * 1024
# brotli older than 1.2 cannot bound its output; feeding it tiny input slices keeps each step's
# output bounded by the input slice times the format's worst ratio instead of the whole body.
BROTLI_FALLBACK_IN = 256


class DecodeError(PageError):
    """The body is not valid for its declared Content-Encoding."""


class CutShort(DecodeError):
    """The compressed stream stops before its end marker: the body was cut (a connection closed
    early, a copy that lost its tail), and what decodes is a part of the page, never the page."""


def chunked_framing(transfer_encoding: str | None) -> bool:
    """Whether a Transfer-Encoding frames the body in chunks: "chunked" is its last coding (RFC
    9112 6.3), whatever the case and the spaces around it. ``http.client`` compared the whole value
    with "chunked", so ``chunked `` (a trailing space) or ``gzip, chunked`` was read to the end of
    the connection: a kept-alive one never ends, and each page waited out its deadline."""
    return (transfer_encoding or "").rsplit(",", 1)[-1].strip().lower() == "chunked"


def declared_length(value: str | None) -> int | None:
    """A Content-Length header's number; None when there is none or it is no number (two
    lengths, garbage): then no length holds the body to account, fetched or archived."""
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


class _Stage(Protocol):
    def feed(self, data: bytes) -> Iterator[bytes]: ...
    def flush(self) -> Iterator[bytes]: ...


class _Identity:
    def feed(self, data: bytes) -> Iterator[bytes]:
        for start in range(0, len(data), OUT_CHUNK):
            yield data[start : start + OUT_CHUNK]

    def flush(self) -> Iterator[bytes]:
        return iter(())


# zlib's window-bits convention: +16 reads a gzip header and trailer, a negative value raw deflate
# (no zlib header: what some servers send as "deflate", and a gzip member's body).
GZIP_WBITS = 16 + zlib.MAX_WBITS
_RAW_DEFLATE_WBITS = -zlib.MAX_WBITS
# RFC 1952 2.3: a gzip member starts with these bytes and the method "deflate" (8); its header's
# flags say which optional fields follow the 10 fixed bytes; its footer is a CRC-32 and a length.
GZIP_MAGIC = b"\x1f\x8b"
_GZIP_FIXED, _DEFLATE_METHOD, GZIP_FOOTER = 10, 8, 8
_FHCRC, _FEXTRA, _FNAME, _FCOMMENT = 2, 4, 8, 16
# A header longer than this is no header: its extra field holds at most 65,535 bytes, and the
# file name and comment servers write are short.
MAX_GZIP_HEADER = 128 * 1024
# A zlib header is two bytes (RFC 1950 2.2), which tell a zlib-wrapped deflate stream from a raw one
# (zlib rejects them): a body's first bytes are held until there are this many.
_ZLIB_HEADER = 2


def gzip_header_end(data: bytes | bytearray) -> int | None:
    """Where the gzip member header at the start of ``data`` ends; None while it is not all
    there. Raises :class:`DecodeError` when ``data`` starts as no gzip member does."""
    if data[:2] != GZIP_MAGIC[: len(data[:2])] or (len(data) > 2 and data[2] != _DEFLATE_METHOD):
        raise DecodeError("bad gzip data: no gzip header")
    if len(data) < _GZIP_FIXED:
        return None
    flags, end = data[3], _GZIP_FIXED
    if flags & _FEXTRA:
        if len(data) < end + 2:
            return None
        end += 2 + int.from_bytes(data[end : end + 2], "little")
    for flag in (_FNAME, _FCOMMENT):
        if flags & flag:
            zero = data.find(b"\0", end)
            if zero < 0:
                return None
            end = zero + 1
    end += 2 if flags & _FHCRC else 0
    return end if end <= len(data) else None


class _Zlib:
    """gzip (several members allowed) or deflate (zlib-wrapped, or raw as some servers send).

    A gzip member's header and footer are read here and its body inflated raw, so the footer
    (CRC-32 and length) is skipped unchecked and may be missing, as Chromium's gzip reader skips
    it: a server that wrote a wrong CRC or cut the 8 footer bytes (a Content-Length counted
    before them) sends the whole page, which browsers show. A body without its deflate stream's
    end is still cut (:class:`CutShort`)."""

    def __init__(self, gzip: bool) -> None:
        self._gzip = gzip
        self._decompressor = zlib.decompressobj(_RAW_DEFLATE_WBITS if gzip else zlib.MAX_WBITS)
        self._header: bytearray | None = bytearray() if gzip else None  # None: past the header
        self._members = 0  # gzip members (or the deflate stream) read to their end
        self._ended = False  # the current stream's end was read: its footer or what follows is next
        self._footer_left = 0
        self._started = False
        self._opening = bytearray()  # deflate: the first bytes, held until the zlib header is whole
        self._done = False
        self._fed = False  # an empty body (a 204 sent with Content-Encoding: gzip) is not cut

    def feed(self, data: bytes) -> Iterator[bytes]:
        self._fed = self._fed or bool(data)
        return self._step(data)

    def flush(self) -> Iterator[bytes]:
        yield from self._step(b"")
        # After a whole member, a next member's header cut short is bytes after the end (ignored).
        cut = not self._ended if self._header is None else self._members == 0
        if self._fed and not self._done and cut:
            raise CutShort(f"{'gzip' if self._gzip else 'deflate'} data cut short (the stream has no end)")

    def _step(self, pending: bytes) -> Iterator[bytes]:
        while not self._done:
            if self._header is not None:
                self._header.extend(pending)
                try:
                    end = gzip_header_end(self._header)
                except DecodeError:
                    if self._members:  # other bytes after a whole member: ignored
                        self._done = True
                        return
                    raise
                if end is None:
                    if len(self._header) > MAX_GZIP_HEADER:
                        raise DecodeError(f"bad gzip data: a header over {MAX_GZIP_HEADER} bytes")
                    return
                pending, self._header = bytes(self._header[end:]), None
                self._decompressor, self._ended = zlib.decompressobj(_RAW_DEFLATE_WBITS), False
            if self._ended:
                skip = min(self._footer_left, len(pending))
                self._footer_left -= skip
                rest = pending[skip:].lstrip(b"\0")
                if self._gzip and not rest:
                    return  # the footer, or a next member, may come with more input
                if self._gzip and rest[:2] == GZIP_MAGIC[: len(rest[:2])]:  # another member follows
                    self._header, pending = bytearray(), rest
                    continue
                self._done = True  # what follows the stream is ignored, as browsers ignore it
                return
            if not self._gzip and not self._started:
                # one byte (a read that got one) cannot tell zlib from raw deflate: zlib took it
                # and refused the next, which a raw stream's decoder was then never fed
                self._opening.extend(pending)
                if len(self._opening) < _ZLIB_HEADER:
                    return
                pending, self._opening = bytes(self._opening), bytearray()
            try:
                out = self._decompressor.decompress(pending, OUT_CHUNK)
            except zlib.error as exc:
                if not self._gzip and not self._started:  # raw deflate, without the zlib header
                    self._decompressor = zlib.decompressobj(_RAW_DEFLATE_WBITS)
                    self._started = True
                    continue
                raise DecodeError(f"bad {'gzip' if self._gzip else 'deflate'} data: {exc}") from None
            self._started = True
            if out:
                yield out
            pending = self._decompressor.unconsumed_tail
            if self._decompressor.eof:
                self._members += 1
                self._ended, self._footer_left = True, GZIP_FOOTER if self._gzip else 0
                pending = self._decompressor.unused_data
            elif not pending and len(out) < OUT_CHUNK:
                return  # input used up and no output held back: wait for more input


class _Brotli:
    """brotli, whose stream says where it ends: bytes after the end (a server's stray newline, a
    second copy of the body, padding) are dropped, as Chromium drops them, where the decoder
    would fail on them; gzip and deflate already end where their stream does."""

    def __init__(self) -> None:
        if brotli is None:  # pragma: no cover
            raise DecodeError("brotli content-encoding but the brotli package is missing")
        self._decompressor = brotli.Decompressor()
        self._bounded = True
        self._fed = False
        self._ended = False
        # The compressed input so far (no bigger than the body on the wire, which its readers cap)
        # and the output it gave: a decoder that failed cannot be asked where its stream ended,
        # so fresh ones are run over the same input to find out.
        self._seen = bytearray()
        self._given = 0

    def feed(self, data: bytes) -> Iterator[bytes]:
        self._fed = self._fed or bool(data)
        if self._ended:
            return
        given = 0
        try:
            for out in self._process(self._decompressor, data):
                given += len(out)
                yield out
            self._ended = self._decompressor.is_finished()
        except brotli.error as exc:
            yield from self._up_to_the_end(data, given, exc)
        self._seen.extend(data)
        self._given += given

    def _up_to_the_end(self, data: bytes, given: int, exc: Exception) -> Iterator[bytes]:
        """The output past ``given`` of ``data``'s longest prefix that decodes (found by halving:
        a prefix of a stream decodes, a byte after its end or a bad one does not), if the stream
        ends there; else the data is bad. A search, not a byte at a time: one decode per byte
        took 4 s over 1 MB."""
        start = bytes(self._seen)
        good, bad = 0, len(data)
        while bad - good > 1:
            middle = (good + bad) // 2
            good, bad = (middle, bad) if self._decodes(start + data[:middle]) else (good, middle)
        decompressor, skip = brotli.Decompressor(), self._given + given
        for out in self._process(decompressor, start + data[:good]):
            taken = min(skip, len(out))
            skip -= taken
            if out[taken:]:
                yield out[taken:]
        if not decompressor.is_finished():
            raise DecodeError(f"bad brotli data: {exc}") from None
        self._ended = True

    def _decodes(self, data: bytes) -> bool:
        try:
            for _ in self._process(brotli.Decompressor(), data):
                pass  # output is not kept: memory stays at one piece
        except brotli.error:
            return False
        return True

    def _process(self, decompressor: Any, data: bytes) -> Iterator[bytes]:
        if self._bounded:
            try:
                yield decompressor.process(data, output_buffer_limit=OUT_CHUNK)
            except TypeError:
                self._bounded = False
            else:
                # Output held back by the limit comes out on calls with empty input; in brotli
                # 1.2.1 can_accept_more_data() may say True before it is all out, so drain
                # until a call returns nothing (new input fed earlier would lose data).
                while out := decompressor.process(b"", output_buffer_limit=OUT_CHUNK):
                    yield out
                return
        for start in range(0, len(data), BROTLI_FALLBACK_IN):
            yield decompressor.process(data[start : start + BROTLI_FALLBACK_IN])

    def flush(self) -> Iterator[bytes]:
        if self._fed and not self._ended:
            raise CutShort("brotli data cut short (the stream has no end)")
        return iter(())


# RFC 8878 7.2: a decoder of the "zstd" content coding need take no window over 8 MB (2^23
# bytes) and Chromium takes none: a bigger one is memory a server asks us to hold per page.
ZSTD_WINDOW_LOG_MAX = 23
# How a zstd frame starts (RFC 8878 3.1.1), and a skippable frame (3.1.2): 0x184D2A5? then a size.
ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"
_ZSTD_SKIPPABLE = b"\x2a\x4d\x18"
_ZSTD_MAGIC_SIZE = 4


def _starts_a_zstd_frame(data: bytes | bytearray) -> bool:
    """Whether ``data`` (at least 4 bytes) starts a zstd frame or a skippable one."""
    return data[:4] == ZSTD_MAGIC or (data[0] & 0xF0 == 0x50 and data[1:4] == _ZSTD_SKIPPABLE)


class _Zstd:
    """zstd (RFC 8878): the content coding Chromium asks for since version 123, so a browser's
    crawl archives it and a CDN's cache may send it unasked. Several frames (as the zstd tool
    writes them) are read in turn; bytes after the last that start no frame are dropped, as after
    a gzip member; a frame without its end is cut (:class:`CutShort`)."""

    def __init__(self) -> None:
        self._decompressor = self._new()
        self._ended = False  # the current frame's end was read: a next frame, or other bytes, follow
        self._after = bytearray()  # bytes after a frame's end, held until they say what they are
        self._done = False
        self._fed = False

    @staticmethod
    def _new() -> Any:
        return zstd.ZstdDecompressor(options={zstd.DecompressionParameter.window_log_max: ZSTD_WINDOW_LOG_MAX})

    def feed(self, data: bytes) -> Iterator[bytes]:
        self._fed = self._fed or bool(data)
        return self._step(data)

    def flush(self) -> Iterator[bytes]:
        if self._fed and not self._ended and not self._done:
            raise CutShort("zstd data cut short (the stream has no end)")
        return iter(())

    def _step(self, pending: bytes) -> Iterator[bytes]:
        while not self._done:
            if self._ended:
                self._after.extend(pending)
                if len(self._after) < _ZSTD_MAGIC_SIZE:
                    return  # too few bytes to tell: more input, or the body's end (dropped)
                if not _starts_a_zstd_frame(self._after):
                    self._done = True  # what follows the last frame is ignored
                    return
                pending, self._after = bytes(self._after), bytearray()
                self._decompressor, self._ended = self._new(), False
            try:
                out = self._decompressor.decompress(pending, OUT_CHUNK)
            except zstd.ZstdError as exc:
                raise DecodeError(f"bad zstd data: {exc}") from None
            if out:
                yield out
            if self._decompressor.eof:
                self._ended, pending = True, self._decompressor.unused_data
            elif self._decompressor.needs_input:
                return
            else:
                pending = b""  # output held back by the limit: drained before more input


_STAGES: dict[str, Callable[[], _Stage]] = {
    "identity": _Identity,
    "gzip": lambda: _Zlib(True),
    "x-gzip": lambda: _Zlib(True),
    "deflate": lambda: _Zlib(False),
}
if brotli is not None:
    _STAGES["br"] = _Brotli
if zstd is not None:
    _STAGES["zstd"] = _Zstd
# Codings of IANA's HTTP Content Coding Registry this module cannot undo: a body in one is
# compressed or encrypted, never the page, so it is a decode error. Any other name ("utf-8",
# "none", "binary", "8bit": servers that put a charset or a transfer word there) is no coding
# at all, and the body is passed through as it came, as Chromium and Firefox do (the page
# shows; a body that is binary after all is then `not_html` by its bytes).
UNSUPPORTED_CODINGS = frozenset({"zstd", "compress", "x-compress", "dcb", "dcz", "aes128gcm", "exi", "pack200-gzip"})


class BodyDecoder:
    """Decodes a body coded with ``content_encoding`` (e.g. "gzip" or "gzip, br"), piece by piece."""

    def __init__(self, content_encoding: str | None) -> None:
        names = [n.strip().lower() for n in (content_encoding or "").split(",") if n.strip()]
        unknown = [n for n in names if n in UNSUPPORTED_CODINGS and n not in _STAGES]
        if unknown:
            missing = " (its decoder, backports.zstd, is not installed)" if "zstd" in unknown else ""
            raise DecodeError(f"unsupported content-encoding {', '.join(unknown)}{missing}")
        names = [n for n in names if n in _STAGES]  # not a coding: passed through
        # Codings are listed in the order applied, so they are undone last first.
        self._stages: list[_Stage] = [_STAGES[n]() for n in reversed(names)] or [_Identity()]

    def feed(self, data: bytes) -> Iterator[bytes]:
        return self._run(0, data, final=False)

    def flush(self) -> Iterator[bytes]:
        return self._run(0, b"", final=True)

    def _run(self, index: int, data: bytes, final: bool) -> Iterator[bytes]:
        stage = self._stages[index]
        pieces = [stage.feed(data)] if data else []
        if final:
            pieces.append(stage.flush())
        last = index == len(self._stages) - 1
        for source in pieces:
            for piece in source:
                if not piece:
                    continue
                if last:
                    yield piece
                else:
                    yield from self._run(index + 1, piece, final=False)
        if final and not last:
            yield from self._run(index + 1, b"", final=True)


def decode_bounded(data: bytes, content_encoding: str | None, limit: int, whole: bool = True) -> tuple[bytes, bool]:
    """Decode a buffer, keeping at most ``limit`` bytes; (body, True if it went over).

    ``whole``: ``data`` is the whole body, so a stream without its end is :class:`CutShort`;
    False for a prefix (a body read up to a cap), decoded as far as it goes.
    """
    decoder = BodyDecoder(content_encoding)
    out = bytearray()
    try:
        for source in (decoder.feed(data), decoder.flush()):
            for piece in source:
                if len(out) + len(piece) > limit:
                    out.extend(piece[: limit - len(out)])
                    return bytes(out), True
                out.extend(piece)
    except CutShort:
        if whole:
            raise
    return bytes(out), False
