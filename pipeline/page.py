"""Page decoding, shared by every input: a response (live or archived) becomes a FetchedPage.

:func:`classify` gives the response its outcome (HTTP error, too large, not HTML) and, for an
HTML page, its text. :func:`decode_html` decodes an HTML body as browsers do (the HTML
standard's encoding sniffing): BOM, then the HTTP header charset, then ``<meta charset>``, then
the XML declaration (``<?xml version="1.0" encoding="ISO-8859-1"?>``, honoured in text/html since
whatwg/html#1752, as WebKit and Blink always did), then detection. XHTML served as
application/xhtml+xml is read by an XML parser in browsers, for which the XML declaration comes
before any ``<meta>``.

Labels are resolved the way browsers do (WHATWG): ``iso-8859-1`` and ``us-ascii`` mean
windows-1252, so curly quotes in a "Latin-1" page do not turn into control characters.
windows-1252 is also decoded the WHATWG way: the five bytes Python's cp1252 leaves undefined
(0x81, 0x8D, 0x8F, 0x90, 0x9D) become the C1 controls of the same number instead of failing
the whole page over to detection. When detection cannot tell windows-1252 from another
single-byte code page (short pages score the same), windows-1252 wins, as it does in browsers.

Only the encodings of the WHATWG Encoding Standard are honoured, whatever a page declares:
Python also knows codecs such as ``utf-7`` (a page could smuggle ``+ADw-script+AD4-`` past
every filter that reads bytes as ASCII), ``punycode`` (quadratic: a 1 MB page took a minute)
or ``idna``, which no browser would use for a page. A label outside the standard is ignored, as
browsers ignore it, and the next source of the charset is tried.
"""

from __future__ import annotations

import codecs
import contextlib
import datetime as dt
import json
import re

from charset_normalizer import from_bytes

from pipeline.records import FetchedPage, Outcome, header_value

# Only the first bytes are searched for <meta charset>, as browsers do (the HTML spec says 1024).
META_SNIFF_BYTES = 4096
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)
# The XML declaration counts only at the very start of the body (after a BOM), as in the HTML
# standard's "get an XML encoding"; the prescan reads it within its first 1024 bytes.
XML_DECL_SNIFF_BYTES = 1024
_XML_ENCODING = re.compile(rb"""<\?xml[^>]*?\sencoding\s*=\s*["']\s*([A-Za-z0-9._:-]+)\s*["'][^>]*\?>""")
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9._:-]+)", re.IGNORECASE)
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
_WHATWG_ALIASES = {
    "iso-8859-1": "windows-1252",
    "latin-1": "windows-1252",
    "latin1": "windows-1252",
    "us-ascii": "windows-1252",
    "ascii": "windows-1252",
    "iso8859-1": "windows-1252",
    "l1": "windows-1252",
    "iso-8859-9": "cp1254",  # the WHATWG standard reads Latin-5 as windows-1254, its superset
    "iso8859-9": "cp1254",
    "latin5": "cp1254",
    "iso-8859-11": "cp874",  # and Thai as windows-874
    "tis-620": "cp874",
    "windows-874": "cp874",
    "x-sjis": "shift_jis",
    "utf8": "utf-8",
    "unicode": "utf-8",
}


# Python codec names of the WHATWG Encoding Standard's encodings (``codecs.lookup(label).name``).
# UTF-16 is honoured only from a BOM or the HTTP header: a ``<meta>`` that says UTF-16 was read
# as ASCII, so it cannot be right (the HTML standard then uses UTF-8).
WHATWG_CODECS = frozenset(
    {"utf-8", "cp866", "koi8-r", "koi8-u", "mac-roman", "mac-cyrillic", "cp874", "windows-1252"}
    | {f"iso8859-{n}" for n in (2, 3, 4, 5, 6, 7, 8, 10, 13, 14, 15, 16)}
    | {f"cp{n}" for n in range(1250, 1259)}
    | {"gbk", "gb2312", "gb18030", "big5", "big5hkscs", "euc_jp", "iso2022_jp", "shift_jis", "cp932", "euc_kr"}
    | {"utf-16-le", "utf-16-be"}
)
_UTF16 = frozenset({"utf-16-le", "utf-16-be", "utf-16"})


def _whatwg_1252(error: UnicodeError) -> tuple[str, int]:
    """Error handler: an undefined windows-1252 byte is the C1 control of the same value."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    return "".join(chr(b) for b in error.object[error.start : error.end]), error.end


codecs.register_error("pipeline-whatwg-1252", _whatwg_1252)


def _decode(body: bytes, charset: str) -> str:
    """Strict decode, except windows-1252, which (as in browsers) never fails."""
    if charset in ("windows-1252", "cp1252"):
        return body.decode("cp1252", errors="pipeline-whatwg-1252")
    return body.decode(charset)


def _detect(body: bytes) -> str | None:
    """charset-normalizer's guess, windows-1252 preferred among equally good guesses."""
    matches = list(from_bytes(body[:200_000]))
    if not matches:
        return None
    best = matches[0]
    for match in matches:
        if (match.chaos, match.coherence) != (best.chaos, best.coherence):
            break
        if "cp1252" in match.could_be_from_charset:
            return "windows-1252"
    # charset-normalizer names the superset it decoded with (euc_jis_2004 for EUC-JP): the
    # WHATWG encoding among the charsets it says the bytes fit is the one to use; a guess with
    # none (cp949 ranked first for an undeclared Shift_JIS page) gives way to the next guess,
    # not to windows-1252
    for match in matches:
        names = [match.encoding, *match.could_be_from_charset]
        if name := next((n for n in map(normalise_label, names) if n), None):
            return name
    return None


def normalise_label(label: str | None) -> str | None:
    """A Python codec name for a charset label, or None if unknown or not a WHATWG encoding."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    label = _WHATWG_ALIASES.get(label, label)
    if label in ("windows-1252", "cp1252"):
        return "windows-1252"
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    if name == "utf-16":
        return "utf-16-le"  # the WHATWG reading of a bare "utf-16" label
    if name == "euc_kr":
        # the WHATWG EUC-KR decoder is windows-949 (Unified Hangul Code): Korean pages labelled
        # euc-kr hold its extra syllables (똠, 햏), which strict EUC-KR refuses
        return "cp949"
    return name if name in WHATWG_CODECS else None


# A comma between values (two Content-Type headers joined), not one inside a quoted parameter.
_VALUES = re.compile(r",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)")


def effective_content_type(value: str | None) -> str | None:
    """The one type of a Content-Type that came as several (a framework's header and the
    server's default, joined with ", "), as browsers read it (the Fetch standard's "extract a
    MIME type"): the last valid type wins, keeping the charset an earlier value of the same type
    gave. "text/html, text/html; charset=windows-1251" was no HTML type at all (`not_html`)."""
    parts = _VALUES.split(value) if value and "," in value else []
    if len(parts) < 2:  # one value (a comma inside a quoted parameter is no second one)
        return value
    essence: str | None = None
    charset: str | None = None
    for part in parts:
        kind = part.split(";")[0].strip().lower()
        if kind.count("/") != 1 or kind == "*/*" or not all(kind.split("/")):
            continue
        if kind != essence:
            charset = None
        if match := _HEADER_CHARSET.search(part):
            charset = match.group(1)
        essence = kind
    if essence is None:
        return value
    return f"{essence}; charset={charset}" if charset else essence


def charset_from_header(content_type: str | None) -> str | None:
    if not content_type:
        return None
    match = _HEADER_CHARSET.search(content_type)
    return normalise_label(match.group(1)) if match else None


def decode_html(body: bytes, content_type: str | None = None) -> tuple[str, str]:
    """(text, charset used). Never raises: undecodable bytes become U+FFFD; NUL characters are
    dropped (the HTML parser would turn each into U+FFFD inside the article's words)."""
    text, charset = _decode_html(body, content_type)
    return text.replace("\x00", "") if "\x00" in text else text, charset


def _decode_html(body: bytes, content_type: str | None) -> tuple[str, str]:
    for bom, name in _BOMS:
        if body.startswith(bom):
            return body[len(bom) :].decode(name, errors="replace"), name
    candidates = [charset_from_header(content_type)]
    if candidates[0] not in _UTF16 and (utf16 := utf16_without_bom(body)):
        return body.decode(utf16, errors="replace"), utf16
    declared = [_meta_charset(body), _xml_charset(body)]  # a UTF-16 label here was read as ASCII
    if "application/xhtml+xml" in (content_type or "").lower():  # an XML parser's order
        declared.reverse()
    candidates += ["utf-8" if label in _UTF16 else label for label in declared]
    if candidates[0] == "windows-1252" and "utf-8" in candidates[1:] and not body.isascii():
        # A server's default "charset=ISO-8859-1" over a page that says and is UTF-8 (Apache's
        # AddDefaultCharset): a browser follows the header and shows "crÃ¨me"; text that is
        # valid UTF-8 with non-ASCII in it is not Latin-1 that happens to look so.
        with contextlib.suppress(UnicodeDecodeError):
            return body.decode("utf-8"), "utf-8"
    for candidate in candidates:
        if candidate:
            try:
                return _decode(body, candidate), candidate
            except (UnicodeError, LookupError):  # UnicodeError: not only decode errors
                continue
    try:
        return body.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    detected = _detect(body) or "windows-1252"
    if detected == "windows-1252" or detected in _UTF16:  # never UTF-16 by guess: ASCII-compatible only
        return _decode(body, "windows-1252"), "windows-1252"
    return body.decode(detected, errors="replace"), detected


def _meta_charset(body: bytes) -> str | None:
    match = _META_CHARSET.search(body[:META_SNIFF_BYTES])
    return normalise_label(match.group(1).decode("ascii", "ignore")) if match else None


def _xml_charset(body: bytes) -> str | None:
    """The encoding of an XML declaration that starts the body, or None."""
    if not body.startswith(b"<?xml"):
        return None
    match = _XML_ENCODING.match(body[:XML_DECL_SNIFF_BYTES])
    return normalise_label(match.group(1).decode("ascii", "ignore")) if match else None


HTML_TYPES = ("text/html", "application/xhtml+xml")


def is_html(content_type: str | None, body: bytes) -> bool:
    """HTML by declared type, or (no usable type) by a sniff of the first bytes."""
    kind = (content_type or "").split(";")[0].strip().lower()
    if kind in HTML_TYPES:
        return True
    if kind and kind not in ("application/octet-stream", "text/plain", "unknown/unknown"):
        return False
    return sniffs_as_html(body)


def sniffs_as_html(body: bytes) -> bool:
    """The first bytes hold an HTML document's start (a doctype or an ``<html>`` tag)."""
    head = body[:1024].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<html" in head


# WHATWG MIME sniffing reads the "resource header", the first 1445 bytes: control bytes other
# than tab, newline, form feed, carriage return and escape there mean binary, not text. WHATWG
# says one is enough for an unlabelled body; a body labelled HTML may carry a stray NUL or two
# (a CMS bug; browsers drop them), so it takes more than 1% of those bytes (random or compressed
# data has ~11%) and more than one byte.
SNIFF_BYTES = 1445
BINARY_SHARE = 0.01
# ASCII markup in UTF-16 has a zero in every other byte: at least 90% of them over 512 bytes
# (a few non-Latin characters have none), and none in the other half.
UTF16_SNIFF_BYTES = 512
UTF16_ZERO_SHARE = 0.9
_BINARY_BYTES = re.compile(rb"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f]")
# Signatures of formats sites serve by mistake (or on purpose) as text/html.
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"%PDF-", "PDF"),
    (b"GIF8", "GIF"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"PK\x03\x04", "ZIP"),
    (b"\x1f\x8b", "gzip"),
    (b"RIFF", "RIFF"),
    (b"\x00\x00\x01\x00", "ICO"),
    (b"OggS", "Ogg"),
    (b"\x1aE\xdf\xa3", "WebM"),
)


def utf16_without_bom(body: bytes) -> str | None:
    """``utf-16-le``/``-be`` for ASCII markup written as UTF-16 without a BOM (every other byte
    zero, a ``<`` first), else None. Such pages exist (Windows tools save them) and no reader
    of them as bytes finds anything but control characters."""
    head = body[:UTF16_SNIFF_BYTES].lstrip(b" \t\r\n\x00")
    even, odd = body[:UTF16_SNIFF_BYTES:2], body[1:UTF16_SNIFF_BYTES:2]
    if len(head) < 2 or b"<" not in body[:8]:
        return None
    if odd.count(0) >= UTF16_ZERO_SHARE * len(odd) and even.count(0) == 0:
        return "utf-16-le"
    if even.count(0) >= UTF16_ZERO_SHARE * len(even) and odd.count(0) == 0:
        return "utf-16-be"
    return None


def binary_kind(body: bytes, content_type: str | None = None) -> str | None:
    """What binary format ``body`` is ("PNG", "binary"...), or None for text, whatever its label says."""
    if body.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or utf16_without_bom(body):
        return None  # UTF-16 text is full of zero bytes
    if charset_from_header(content_type) in _UTF16:
        return None
    for magic, name in _MAGIC:
        if body.startswith(magic):
            return name
    sniffed = body[:SNIFF_BYTES]
    controls = len(_BINARY_BYTES.findall(sniffed))
    return "binary" if controls > max(1, BINARY_SHARE * len(sniffed)) else None


# A body labelled HTML that is data, not a page: an API's or a storage service's error answer
# ({"error": ...}; S3's <Error><Code>AccessDenied</Code>), a feed. JSON is told by parsing the
# whole body (no HTML page parses as JSON); XML by its first element after the XML declaration,
# comments, processing instructions and a doctype, within the first bytes: an XHTML page's is
# <html> (or a fragment's first HTML element, kept as a page).
XML_ROOT_SNIFF_BYTES = 4096
_XML_ROOT = re.compile(
    rb"<\?xml[^>]*\?>(?:\s+|<!--.*?-->|<\?.*?\?>|<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>)*<([A-Za-z_][\w.:-]*)",
    re.DOTALL | re.IGNORECASE,
)
HTML_ROOTS = frozenset({"html", "head", "body", "div", "p", "table", "meta", "link", "title", "script", "style"})


def data_kind(body: bytes) -> str | None:
    """``JSON data`` or ``XML data (root <Error>)`` for a body that is data rather than a page, else None."""
    head = body.removeprefix(codecs.BOM_UTF8).lstrip()
    if head[:1] in (b"{", b"["):
        try:
            json.loads(head)
        except (ValueError, RecursionError):
            return None
        return "JSON data"
    if head[:5].lower() == b"<?xml" and (root := _XML_ROOT.match(head[:XML_ROOT_SNIFF_BYTES])):
        name = root[1].decode("ascii", "replace")
        if name.rpartition(":")[2].lower() not in HTML_ROOTS:
            return f"XML data (root <{name}>)"
    return None


def classify(
    url: str,
    final_url: str,
    status: int | None,
    headers: dict[str, str],
    body: bytes,
    fetched_at: dt.datetime,
    source: str,
    max_bytes: int | None = None,
) -> FetchedPage:
    """Turn a response (live or archived) into a FetchedPage with its outcome."""
    content_type = effective_content_type(header_value(headers, "content-type"))
    page = FetchedPage(
        url=url,
        final_url=final_url,
        status=status,
        outcome=Outcome.OK,
        fetched_at=fetched_at,
        headers=headers,
        body=body,
        content_type=content_type,
        source=source,
    )
    if status is not None and status >= 400:
        page.outcome, page.error = Outcome.HTTP_ERROR, f"HTTP {status}"
    elif status == 304:  # archived revalidation: no body
        page.outcome, page.error = Outcome.HTTP_ERROR, "HTTP 304"
    elif status == 206:  # we never send Range: a part of the page would be stored as the whole
        page.outcome, page.error = Outcome.HTTP_ERROR, "HTTP 206 partial content: a part of the page, never stored"
    elif status is not None and status < 200:  # 101 (never asked for), or an archived interim answer
        page.outcome, page.error = Outcome.HTTP_ERROR, f"HTTP {status}: an interim answer, not the page"
    elif status in (204, 205):
        page.outcome, page.error = Outcome.HTTP_ERROR, f"HTTP {status}: no content"
    elif status is not None and 300 <= status < 400:
        # a redirect that was not followed (an archived one, or one without a Location): its body
        # is a "Moved here" stub, never the article; the target is a record or request of its own
        location = (header_value(headers, "location") or "").strip()
        if location:  # archived: not a page, and not a failure (Common Crawl holds many)
            page.outcome, page.error = Outcome.REDIRECT, f"HTTP {status} redirect to {location[:200]}"
        else:
            page.outcome, page.error = Outcome.HTTP_ERROR, f"HTTP {status} redirect without a Location header"
    elif max_bytes is not None and len(body) > max_bytes:
        page.outcome, page.error = Outcome.TOO_LARGE, f"body over {max_bytes} bytes"
    elif not is_html(content_type, body):
        page.outcome, page.error = Outcome.NOT_HTML, f"content type {content_type or 'unknown'}"
    elif kind := binary_kind(body, content_type):
        page.outcome, page.error = Outcome.NOT_HTML, f"{kind} data labelled {content_type or 'unknown'}"
    elif kind := data_kind(body):
        page.outcome, page.error = Outcome.NOT_HTML, f"{kind} labelled {content_type or 'unknown'}"
    else:
        page.html, page.charset = decode_html(body, content_type)
    return page
