"""URL hygiene for the crawler: what may be requested at all, and when two URLs are the same page.

Only absolute http(s) URLs with a host are fetched. The de-duplication key is courlan's
normalisation (lower-case scheme and host, default port dropped, tracking parameters removed,
query sorted) without the fragment, so ``/a``, ``/a#top`` and ``/a?utm_source=x`` are one page.
The URL actually requested stays as written (minus the fragment): some servers care about the
order of query parameters. A host's trailing dot (``example.com.``, the fully qualified
spelling) is dropped everywhere: it names the same host, which must share one politeness slot,
one robots.txt and one de-duplication key with ``example.com``. So is an IPv6 literal's every
spelling (``[0:0:0:0:0:0:0:1]``, ``[::1]``): its RFC 5952 form everywhere. Tracking parameters
courlan does not know (``tracking_params.txt``: HubSpot's ``_hsenc``, TikTok's ``ttclid``, ...)
leave the key too.
"""

from __future__ import annotations

import ipaddress
import re
from functools import lru_cache
from importlib import resources
from urllib.parse import parse_qsl, quote, urlencode, urljoin, urlsplit, urlunsplit

import idna
from courlan import normalize_url
from courlan.clean import TRACKERS_RE

ALLOWED_SCHEMES = ("http", "https")
# Longer URLs are crawler traps or junk in practice; common servers and CDNs reject requests
# lines past 8 KB, and sitemaps.org caps <loc> at 2,048 characters.
MAX_URL_LENGTH = 2048
# URLs whose host (and de-duplication key) is remembered: more than a shard has in flight and queued at once, so a
# page's steps find its host parsed; at most a few MB (URLs are capped at MAX_URL_LENGTH).
HOST_CACHE_SIZE = 4096
# Browsers strip ASCII tab and newline from URLs before parsing (WHATWG URL standard).
_STRIPPED = re.compile(r"[\t\r\n]")
_BAD_HOST_CHARS = re.compile(r"[\s<>\"{}|\\^`%/?#@]")
# "example.com." / "example.com.:8080": the root label's dot(s) before an optional port.
_TRAILING_DOTS = re.compile(r"\.+(?=(?::[0-9]*)?\Z)")
_PERCENT = re.compile(r"%[0-9a-f][0-9a-fA-F]|%[0-9A-F][0-9a-f]")  # an escape with a lower-case hex digit
# An escaped unreserved character (RFC 3986 2.3: letters, digits, "-", "_", "~"), which names the
# same resource as the character itself (6.2.2.2): ``/%7Euser`` is ``/~user`` (old Apache and
# PHP encoders escape "~"). An escaped "." is left: decoded, ``/%2E%2E/`` would read as a ".."
# segment, which servers resolve differently.
_UNRESERVED_ESCAPE = re.compile(r"%(?:3[0-9]|4[1-9A-F]|5[0-9A]|6[1-9A-F]|7[0-9A]|2D|5F|7E)", re.IGNORECASE)
_USERINFO = re.compile(r"\b([A-Za-z][A-Za-z0-9+.-]*://)[^/?#@\s\"']*@")
_IPV6_LITERAL = re.compile(r"\[([0-9A-Fa-f:.]+)\]")


def _tracking_params() -> frozenset[str]:
    text = (resources.files("pipeline") / "fetch" / "tracking_params.txt").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


TRACKING_PARAMS = _tracking_params()
# a query holding one of them, found without parsing every query (most hold none)
_TRACKING_PARAM = re.compile(
    r"(?i)(?:^|&)(?:" + "|".join(re.escape(name) for name in sorted(TRACKING_PARAMS)) + r")(?:[=&]|\Z)"
)
# WHATWG URL percent-encode sets for special schemes: what a browser encodes in a path and in a
# query (beyond C0 controls and non-ASCII, which are always encoded, as UTF-8). "%" is kept so
# an already-encoded URL is not encoded twice.
_PRINTABLE = "".join(chr(c) for c in range(0x21, 0x7F))
_PATH_SAFE = "".join(c for c in _PRINTABLE if c not in '"#<>?`{}')
_QUERY_SAFE = "".join(c for c in _PRINTABLE if c not in "\"#<>'")
_USERINFO_SAFE = "".join(c for c in _PRINTABLE if c not in '"#<>?`{}/:;=@[\\]^|')


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
    host = (parts.hostname or "").rstrip(".")
    if scheme not in ALLOWED_SCHEMES or not host or _BAD_HOST_CHARS.search(host):
        return None
    userinfo, at, hostport = parts.netloc.rpartition("@")
    netloc = _ascii_netloc(userinfo + at + _canonical_ipv6(_TRAILING_DOTS.sub("", hostport)), host)
    if netloc is None:
        return None
    path = quote(_without_dot_segments(parts.path or "/"), safe=_PATH_SAFE)
    query = quote(parts.query, safe=_QUERY_SAFE)
    return urlunsplit((scheme, netloc, path, query, ""))


def unusable_reason(raw: str) -> str:
    """Why :func:`clean_url` refused a URL given as a seed, in one line."""
    if len(_STRIPPED.sub("", raw or "").strip()) > MAX_URL_LENGTH:
        return f"URL longer than {MAX_URL_LENGTH} characters (MAX_URL_LENGTH)"
    return "not an absolute http(s) URL"


def canonical_host(host: str) -> str:
    """An IPv6 literal's RFC 5952 form (``0:0:0:0:0:0:0:1`` is ``::1``); any other host as it is."""
    if ":" not in host:
        return host
    try:
        return ipaddress.IPv6Address(host).compressed
    except ValueError:
        return host


def _canonical_ipv6(hostport: str) -> str:
    """``[0:0::1]:8080`` as ``[::1]:8080``: one spelling, so one host for politeness and robots.txt."""
    if "[" not in hostport:
        return hostport
    return _IPV6_LITERAL.sub(lambda literal: f"[{canonical_host(literal.group(1))}]", hostport)


def _without_trackers(query: str) -> str:
    """The query less the parameters of ``tracking_params.txt`` (courlan removes its own list)."""
    if not query or not _TRACKING_PARAM.search(query):
        return query
    kept = [
        (name, value) for name, value in parse_qsl(query, keep_blank_values=True) if name.lower() not in TRACKING_PARAMS
    ]
    return urlencode(kept)


def _without_dot_segments(path: str) -> str:
    """The path with ``.`` and ``..`` segments resolved (RFC 3986, 5.2.4), as urllib3 sends it:
    ``/b/../a`` and ``/./a`` were requested as ``/a`` but keyed apart, so one page was fetched
    once per spelling."""
    if "/." not in path:
        return path
    segments = path.split("/")[1:]
    kept: list[str] = []
    for segment in segments:
        if segment == "..":
            if kept:
                kept.pop()
        elif segment != ".":
            kept.append(segment)
    if segments[-1] in (".", ".."):
        kept.append("")  # "/a/." is the directory "/a/"
    return "/" + "/".join(kept)


def _ascii_netloc(netloc: str, host: str) -> str | None:
    """The netloc with an IDN host in its ASCII (punycode) form and userinfo percent-encoded.

    An IRI (``http://bücher.test/Übelkeit``) must be ASCII on the wire and in the archive's
    request line; None when the host is not a valid IDNA name.
    """
    userinfo, _, hostport = netloc.rpartition("@")
    if not hostport.isascii():
        try:
            ascii_host = idna.encode(host, uts46=True).decode("ascii")
        except (idna.IDNAError, UnicodeError, ValueError):
            return None
        hostport = ascii_host + hostport[len(host) :] if hostport.lower().startswith(host) else ascii_host
    if userinfo:
        return f"{quote(userinfo, safe=_USERINFO_SAFE + ':')}@{hostport}"
    return hostport


def header_url(value: str) -> str:
    """A URL read from a response header (``Location``), as browsers read it.

    http.client decodes header bytes as Latin-1, so a raw UTF-8 ``Location: /Übelkeit`` arrives
    as ``/Ã\x9cbelkeit``; browsers read it as UTF-8, and so do we when it is valid UTF-8. Bytes
    that are no UTF-8 (a server writing its paths in Latin-1: ``/caf\xe9``) are sent as they came,
    percent-encoded (``/caf%E9``), as curl sends them. A backslash before the query is a slash
    (the WHATWG URL standard, for http and https: ``\\landing`` is ``/landing`` to Chromium and
    Firefox; an IIS or ASP.NET site joining a path with Windows' separator writes one).
    """
    if not value.isascii():
        raw = value.encode("latin-1", errors="replace")
        try:
            value = raw.decode("utf-8")
        except UnicodeError:
            value = "".join(chr(b) if b < 0x80 else f"%{b:02X}" for b in raw)
    if "\\" in value:
        cut = min((i for i in (value.find("?"), value.find("#")) if i >= 0), default=len(value))
        value = value[:cut].replace("\\", "/") + value[cut:]
    return value


def with_bare_parameters(normalized: str, query: str) -> str:
    """courlan's ``normalized`` URL with the parameters of ``query`` that have no value put back.

    courlan reads a query with ``parse_qs``, which drops a parameter without a value, so
    ``/index.php?about`` and ``/index.php?contact`` (PHP sites, ``wiki?PageName``) both came out as
    ``/index.php``: one page to a run's de-duplication (the second a ``duplicate`` row, never
    fetched) and one ``article_id`` for both. They are added in courlan's order (by name); a
    query of named values only comes back as courlan wrote it. Trackers stay out.
    """
    if not query:
        return normalized
    bare: list[tuple[str, str]] = [
        (name, value)
        for name, value in parse_qsl(query, keep_blank_values=True)
        if not value and name.lower() not in TRACKING_PARAMS and not TRACKERS_RE.search(name.lower())
    ]
    if not bare:
        return normalized
    parts = urlsplit(normalized)
    pairs = sorted(parse_qsl(parts.query, keep_blank_values=True) + bare, key=lambda pair: pair[0])
    return urlunsplit(parts._replace(path=parts.path or "/", query=urlencode(pairs)))


def _upper(match: re.Match[str]) -> str:
    return match.group().upper()


def _unescaped(match: re.Match[str]) -> str:
    return chr(int(match.group()[1:], 16))


@lru_cache(maxsize=HOST_CACHE_SIZE)
def url_key(url: str) -> str:
    """The de-duplication key: courlan-normalised, fragment dropped.

    Cached as :func:`host_of` is: a page's URL is keyed when it is queued, claimed and followed
    (courlan's normalisation was 3% of a crawl's fetch-side CPU, three times per page).
    """
    try:
        parts = urlsplit(url)
        userinfo, at, hostport = parts.netloc.rpartition("@")
        netloc = userinfo + at + _canonical_ipv6(_TRAILING_DOTS.sub("", hostport))
        # %e2%82%ac is %E2%82%AC (RFC 3986 6.2.2.1), which is also how an IRI's € is encoded
        path, query = (_PERCENT.sub(_upper, part) if "%" in part else part for part in (parts.path, parts.query))
        if "%" in path:  # /%7Ex is /~x (6.2.2.2); courlan's reading of the query decodes its own
            path = _UNRESERVED_ESCAPE.sub(_unescaped, path)
        query = _without_trackers(query)
        parts = parts._replace(netloc=netloc, path=path, query=query, fragment="")
        return with_bare_parameters(normalize_url(parts, strict=False), query)
    except (ValueError, UnicodeError):
        return url


@lru_cache(maxsize=HOST_CACHE_SIZE)
def host_of(url: str) -> str:
    """Lower-case host name (no port); the unit of politeness and of the state files.

    Cached: every step of a page (frontier, gate, robots, rows) asks for its URL's host.
    """
    try:
        return canonical_host((urlsplit(url).hostname or "").lower().rstrip("."))
    except ValueError:
        return ""


def origin_of(url: str) -> str:
    """scheme://host[:port], the scope of one robots.txt (RFC 9309)."""
    parts = urlsplit(url)
    return (
        f"{parts.scheme.lower()}://{_canonical_ipv6(_TRAILING_DOTS.sub('', parts.netloc.rsplit('@', 1)[-1].lower()))}"
    )


def redact_credentials(value: object) -> object:
    """``value`` (a string, or lists and dicts of them) with user:password@ cut from every URL in it."""
    if isinstance(value, str):
        return _USERINFO.sub(r"\1", value) if "@" in value else value
    if isinstance(value, list | tuple):
        return [redact_credentials(item) for item in value]
    if isinstance(value, dict):
        return {key: redact_credentials(item) for key, item in value.items()}
    return value


def without_credentials(url: str) -> str:
    """The URL with any user:password@ removed (never sent to another host, never stored)."""
    if "@" not in url:  # no userinfo possible: nothing to parse
        return url
    try:
        parts = urlsplit(url)
    except ValueError:  # unparsable ("http://u:p@[::1"): cut any userinfo out of the authority
        return _USERINFO.sub(r"\1", url)
    if "@" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.rsplit("@", 1)[1]))
