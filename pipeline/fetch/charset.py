"""Decode an HTML body: HTTP header charset, then BOM, then ``<meta charset>``, then detection.

Labels are resolved the way browsers do (WHATWG): ``iso-8859-1`` and ``us-ascii`` mean
windows-1252, so curly quotes in a "Latin-1" page do not turn into control characters.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

# Only the first bytes are searched for <meta charset>, as browsers do (the HTML spec says 1024).
META_SNIFF_BYTES = 4096
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)
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
    "x-sjis": "shift_jis",
    "utf8": "utf-8",
    "unicode": "utf-8",
}


def normalise_label(label: str | None) -> str | None:
    """A Python codec name for a charset label, or None if unknown."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    label = _WHATWG_ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name if label not in ("windows-1252",) else "windows-1252"
    except LookupError:
        return None


def charset_from_header(content_type: str | None) -> str | None:
    if not content_type:
        return None
    match = _HEADER_CHARSET.search(content_type)
    return normalise_label(match.group(1)) if match else None


def decode_html(body: bytes, content_type: str | None = None) -> tuple[str, str]:
    """(text, charset used). Never raises: undecodable bytes become U+FFFD."""
    for bom, name in _BOMS:
        if body.startswith(bom):
            return body[len(bom) :].decode(name, errors="replace"), name
    candidates = [charset_from_header(content_type)]
    match = _META_CHARSET.search(body[:META_SNIFF_BYTES])
    if match:
        candidates.append(normalise_label(match.group(1).decode("ascii", "ignore")))
    for candidate in candidates:
        if candidate:
            try:
                return body.decode(candidate), candidate
            except (UnicodeDecodeError, LookupError):
                continue
    try:
        return body.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(body[:200_000]).best()
    detected = (normalise_label(best.encoding) if best is not None else None) or "windows-1252"
    return body.decode(detected, errors="replace"), detected
