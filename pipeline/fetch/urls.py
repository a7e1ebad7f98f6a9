"""URL hygiene for the crawler: what may be requested at all, and when two URLs are the same page.

Only absolute http(s) URLs with a host are fetched. The de-duplication key is courlan's
normalisation (lower-case scheme and host, default port dropped, tracking parameters removed,
query sorted) without the fragment, so ``/a``, ``/a#top`` and ``/a?utm_source=x`` are one page.
The URL actually requested stays as written (minus the fragment): some servers care about the
order of query parameters.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit, urlunsplit

from courlan import normalize_url

ALLOWED_SCHEMES = ("http", "https")
# Longer URLs are crawler traps or junk in practice; common servers and CDNs reject requests
# lines past 8 KB, and sitemaps.org caps <loc> at 2,048 characters.
MAX_URL_LENGTH = 2048
# Browsers strip ASCII tab and newline from URLs before parsing (WHATWG URL standard).
_STRIPPED = re.compile(r"[\t\r\n]")
_BAD_HOST_CHARS = re.compile(r"[\s<>\"{}|\\^`%/?#@]")


def clean_url(raw: str, base: str | None = None) -> str | None:
    """An absolute http(s) URL without fragment, resolved against ``base``; None if unusable."""
    text = _STRIPPED.sub("", raw or "").strip()
    if not text:
        return None
    if base is not None:
        try:
            text = urljoin(base, text)
        except ValueError:
            return None
    if len(text) > MAX_URL_LENGTH:
        return None
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 - raises ValueError on a malformed port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    host = parts.hostname
    if scheme not in ALLOWED_SCHEMES or not host or _BAD_HOST_CHARS.search(host):
        return None
    return urlunsplit((scheme, parts.netloc, parts.path or "/", parts.query, ""))


def url_key(url: str) -> str:
    """The de-duplication key: courlan-normalised, fragment dropped."""
    try:
        return normalize_url(urlsplit(url)._replace(fragment=""), strict=False)
    except (ValueError, UnicodeError):
        return url


def host_of(url: str) -> str:
    """Lower-case host name (no port); the unit of politeness and of the state files."""
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def origin_of(url: str) -> str:
    """scheme://host[:port], the scope of one robots.txt (RFC 9309)."""
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.rsplit('@', 1)[-1].lower()}"


def without_credentials(url: str) -> str:
    """The URL with any user:password@ removed (never sent to another host)."""
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.rsplit("@", 1)[1]))
