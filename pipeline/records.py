"""The records that flow between stages.

Plain, picklable dataclasses: they cross process boundaries (local worker processes, Dask
workers) unchanged. Each stage takes one record and returns the next:

    FetchedPage  --extract-->  Extraction  --normalize-->  Arrow rows (pipeline.normalize)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from enum import StrEnum


class Outcome(StrEnum):
    """What happened to one URL; one value per ``fetches`` row."""

    OK = "ok"
    NOT_MODIFIED = "not_modified"
    HTTP_ERROR = "http_error"
    ROBOTS_DISALLOWED = "robots_disallowed"
    BLOCKED_ADDRESS = "blocked_address"
    TOO_LARGE = "too_large"
    NOT_HTML = "not_html"
    TIMEOUT = "timeout"
    CONNECTION_ERROR = "connection_error"
    TOO_MANY_REDIRECTS = "too_many_redirects"
    INVALID_URL = "invalid_url"
    DECODE_ERROR = "decode_error"
    EXTRACT_FAILED = "extract_failed"
    DUPLICATE = "duplicate"
    INPUT_ERROR = "input_error"
    INTERNAL_ERROR = "internal_error"
    DEADLINE = "deadline"  # the run deadline passed before the page was fetched
    SITEMAP = "sitemap"  # a sitemap read: its pages were queued; a URL tried, not a page
    # an archived redirect (a WARC's 3xx record with a Location): the page is its target, a
    # record or URL of its own; a URL tried, not a page
    REDIRECT = "redirect"

    @property
    def is_failure(self) -> bool:
        """Failures make the run exit 1; ``not_modified``, ``duplicate``, ``sitemap`` and ``redirect`` are fine."""
        return self not in (Outcome.OK, Outcome.NOT_MODIFIED, Outcome.DUPLICATE, Outcome.SITEMAP, Outcome.REDIRECT)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def header_value(headers: Mapping[str, str], name: str) -> str | None:
    """A header's value, its name compared case-insensitively (servers and archives write any case)."""
    name = name.lower()
    return next((v for k, v in headers.items() if k.lower() == name), None)


def http_date(value: str | None) -> dt.datetime | None:
    """An HTTP ``Date`` header's moment in UTC (IMF-fixdate, RFC 850 or asctime; no zone means
    GMT, as RFC 9110 5.6.7 says); None when there is none, it is no date, or it is no moment in
    UTC: "31 Dec 9999 23:59:59 -1200" is in the year 10000 there, and comparing it with another
    moment raised OverflowError, which lost the page (``extract_failed``)."""
    if not value:
        return None
    try:
        when = parsedate_to_datetime(value.strip())
        return (when if when.tzinfo else when.replace(tzinfo=dt.UTC)).astimezone(dt.UTC)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


# RFC 9111 1.2.2: an Age past 2^31 seconds is sent as 2^31 (it means "very old").
MAX_AGE_S = 2**31


def server_clock(headers: Mapping[str, str]) -> dt.datetime | None:
    """The server's clock as it answered: its ``Date``, plus the ``Age`` a cache adds to an
    answer it stored (RFC 9111 4.2.3: a stored answer keeps the ``Date`` it was made with, so a
    CDN's copy of an hour is dated an hour back); None without a readable ``Date``. Whatever the
    two headers say, no exception: the shard that asks stops at one (``run_shard``)."""
    served = http_date(header_value(headers, "date"))
    age = (header_value(headers, "age") or "").strip().lstrip("0") or "0"
    if served is None or not (age.isascii() and age.isdigit()):
        return served
    # An Age longer than 2^31's digits is 2^31 unread: int() refuses over 4,300 digits.
    seconds = MAX_AGE_S if len(age) > len(str(MAX_AGE_S)) else min(int(age), MAX_AGE_S)
    if served > dt.datetime.max.replace(tzinfo=dt.UTC) - dt.timedelta(seconds=seconds):
        return served  # a Date near the end of 9999: past it, no datetime (OverflowError)
    return served + dt.timedelta(seconds=seconds)


@dataclass(slots=True)
class FetchedPage:
    """One URL after fetching (or after reading it from a WARC): bytes, decoded text, facts.

    ``outcome`` is OK when the body is an HTML page ready for extraction; otherwise ``error``
    says why, and the page goes straight to the fetch log.
    """

    url: str
    final_url: str
    status: int | None
    outcome: Outcome
    fetched_at: dt.datetime = field(default_factory=utcnow)
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    html: str | None = None
    charset: str | None = None
    content_type: str | None = None
    error: str | None = None
    attempts: int = 1
    elapsed_ms: int = 0
    source: str = "http"
    # where the fetch state keeps this page's validators, (host, url); set by a fetcher that
    # leaves remembering them to its caller, which does so only once the page's rows are stored
    state_key: tuple[str, str] | None = None

    def header(self, name: str) -> str | None:
        """A response header, case-insensitively."""
        return header_value(self.headers, name)

    @property
    def bytes_read(self) -> int:
        return len(self.body)


@dataclass(slots=True)
class Metadata:
    """Facts about the article; the visible text lives in :class:`Extraction`."""

    title: str | None = None
    description: str | None = None
    authors: list[str] = field(default_factory=list)
    editors: list[str] = field(default_factory=list)
    published: dt.date | None = None
    modified: dt.date | None = None
    site_name: str | None = None
    language: str | None = None
    canonical_url: str | None = None
    categories: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    image: str | None = None
    # Aligned with ``authors`` / ``reviewers``: "MD, FACP" or "" for a name shown without one.
    author_credentials: list[str] = field(default_factory=list)
    reviewers: list[str] = field(default_factory=list)
    reviewer_credentials: list[str] = field(default_factory=list)
    last_reviewed: dt.date | None = None
    next_review: dt.date | None = None
    disclaimer: str | None = None


@dataclass(slots=True)
class Reference:
    """One cited source as the page lists it; ids parsed from its text and links."""

    position: int
    text: str
    url: str | None = None
    doi: str | None = None
    pmid: str | None = None
    pmcid: str | None = None
    year: int | None = None


@dataclass(slots=True)
class Comment:
    """One reader comment; ``parent_position`` points at another comment's ``position``.

    ``posted_at`` is the instant (UTC); ``posted_date`` the calendar date as the page prints it.
    """

    position: int
    text: str
    author: str | None = None
    posted_at: dt.datetime | None = None
    parent_position: int | None = None
    posted_date: dt.date | None = None


@dataclass(slots=True, frozen=True)
class TraceStep:
    """One thing an extraction rule did: removed (or, for a comment finder, took; for a keep
    rule of ``rules.KEEP_RULES``, spared or rewrote) the element at ``path`` (an XPath in the
    page), which held ``chars`` characters of text: ``text``, one line. A rule on the chosen
    text records a line it took, its path ``rules.TEXT_LINE`` and no ``names``. ``names`` is
    what the element calls itself (its tag, role, class, id and test hooks, as written), so a
    rule's removals can be grouped by the marker that matched (``bench/extract_rules.py``)."""

    rule: str
    path: str
    chars: int
    text: str = ""
    names: str = ""


@dataclass(slots=True)
class Extraction:
    """Everything taken from one page: the article text, its metadata, its comments."""

    text: str
    metadata: Metadata
    comments: list[Comment] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    extractor_used: str = "trafilatura"
    warnings: list[str] = field(default_factory=list)
    # (rule, element path, characters) for each element a rule removed or a comment finder
    # took: filled when extraction is asked to explain itself (pipeline extract --explain).
    trace: list[TraceStep] = field(default_factory=list)


@dataclass(slots=True)
class PageResult:
    """A page after the whole per-page path: the fetch facts plus the extraction (if any)."""

    page: FetchedPage
    extraction: Extraction | None = None


@dataclass(slots=True)
class HttpExchange:
    """One request and its response, as they went over the wire."""

    url: str
    request_headers: list[tuple[str, str]]
    status: int
    reason: str
    protocol: str
    response_headers: list[tuple[str, str]]
    payload: bytes
    fetched_at: dt.datetime
    decoded: bytes | None = None
    method: str = "GET"
    peer_ip: str | None = None
    truncated: str | None = None
