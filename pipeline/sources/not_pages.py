"""Which archived records are a page's resources rather than pages: skipped, counted by family.

A crawl that archived every page's requisites (wget ``--mirror --warc-file``, Browsertrix,
Heritrix) holds each page's images, stylesheets, scripts, fonts, JSON and PDFs beside it, often
dozens per page. None is a page anyone asked for: as Common Crawl's own tools filter on a
record's content type, a WARC run skips them (each was a ``not_html`` failure row, so such a
night exited 1 with a failure rate of 90% or more). The record's DECLARED type decides (the
HTTP Content-Type of a ``response`` or ``revisit`` record; the WARC Content-Type of a
``resource`` record): a record that declares HTML, or nothing, is read as a page and stays a
``not_html`` failure when it is none. A URL a user listed is never skipped (the fetcher does not
use this module): one that answers with an image is a ``not_html`` failure, as it was asked for.
"""

from __future__ import annotations

from pipeline.page import effective_content_type, sniffs_as_html

# Declared types that are never a page, by family (the run summary counts skipped records so).
# An entry ending in "/" is a whole top-level type, one starting with "+" a structured-syntax
# suffix (RFC 6839: application/ld+json, application/manifest+json), any other an exact type.
NOT_PAGE_TYPES: dict[str, tuple[str, ...]] = {
    "image": ("image/",),
    "css": ("text/css",),
    "script": (
        "text/javascript",  # RFC 9239's one type; the others are what servers still send
        "application/javascript",
        "application/x-javascript",
        "application/ecmascript",
        "text/ecmascript",
        "application/wasm",
    ),
    "font": (
        "font/",
        "application/font-woff",
        "application/font-woff2",
        "application/x-font-woff",
        "application/x-font-ttf",
        "application/x-font-truetype",
        "application/x-font-otf",
        "application/x-font-opentype",
        "application/font-sfnt",
        "application/vnd.ms-fontobject",
    ),
    "media": ("audio/", "video/"),
    "data": ("application/json", "text/json", "+json"),
    "document": ("application/pdf",),
}
# Declared types a misconfigured server also sends for HTML pages (a server's default type, a
# page saved as text, XHTML served as XML): a record of one is skipped only when its body does
# not sniff as HTML either (:func:`pipeline.page.sniffs_as_html`), else it is read as a page.
SNIFFED_TYPES: dict[str, tuple[str, ...]] = {
    "data": ("application/xml", "text/xml", "+xml"),
    "other": ("application/octet-stream", "text/plain", "unknown/unknown"),
}
# application/xhtml+xml is HTML (pipeline.page.HTML_TYPES), though "+xml" names it as data.
_HTML_XML = "application/xhtml+xml"


def _essence(declared: str | None) -> str:
    """The type without parameters, lower-case ("" when nothing usable is declared)."""
    return (effective_content_type(declared) or "").split(";")[0].strip().lower()


def _family(kind: str, table: dict[str, tuple[str, ...]]) -> str | None:
    if not kind or kind == _HTML_XML:
        return None
    for family, entries in table.items():
        for entry in entries:
            if entry.endswith("/") and kind.startswith(entry):
                return family
            if entry.startswith("+") and kind.endswith(entry) and "/" in kind:
                return family
            if kind == entry:
                return family
    return None


def declared_family(declared: str | None) -> str | None:
    """The family of a declared type that is never a page (``image``, ``script``...), else None."""
    return _family(_essence(declared), NOT_PAGE_TYPES)


def sniffed_family(declared: str | None, body: bytes) -> str | None:
    """The family of a type HTML is sometimes sent under, when ``body`` does not sniff as HTML."""
    family = _family(_essence(declared), SNIFFED_TYPES)
    return family if family is not None and not sniffs_as_html(body) else None
