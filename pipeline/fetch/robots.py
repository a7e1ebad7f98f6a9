"""robots.txt per origin (RFC 9309), parsed with protego and fetched once per fetcher.

The answer for each status follows the RFC: 2xx is parsed; 4xx means "no rules" (allow all);
5xx, 429 and network failures mean the file is unreachable, so everything is disallowed (a
site that is falling over is exactly the one not to crawl). ``Crawl-delay`` and
``Request-rate`` are turned into a minimum gap; ``Sitemap:`` lines feed discovery.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from protego import Protego

from pipeline.fetch.failures import short_reason

log = logging.getLogger("pipeline.fetch.robots")

# RFC 9309 2.5: crawlers must parse at least the first 500 KiB; past that the rest is ignored.
MAX_ROBOTS_BYTES = 500 * 1024
# RFC 9309 2.3.1.2: follow at least five consecutive redirects for robots.txt.
ROBOTS_MAX_REDIRECTS = 5


@dataclass(slots=True)
class RobotsFetch:
    """What fetching a robots.txt gave: the final status (None: no response) and body."""

    status: int | None
    body: bytes = b""
    error: str | None = None


@dataclass(slots=True)
class RobotsPolicy:
    """The rules of one origin for our user agent."""

    parser: Protego | None = None
    disallow_all: bool = False
    reason: str = ""
    sitemaps: list[str] = field(default_factory=list)
    # robots.txt got no answer at all (host down, refused, DNS): the host's pages are then
    # connection failures with this reason, not robots decisions
    unreachable: str | None = None

    def allowed(self, url: str, user_agent: str) -> bool:
        if self.disallow_all:
            return False
        return self.parser is None or self.parser.can_fetch(url, user_agent)

    def delay_s(self, user_agent: str) -> float | None:
        """The gap robots.txt asks for (Crawl-delay, or Request-rate as seconds per request)."""
        if self.parser is None:
            return None
        delays = [self.parser.crawl_delay(user_agent)]
        rate = self.parser.request_rate(user_agent)
        if rate is not None and rate.requests:
            delays.append(rate.seconds / rate.requests)
        values = [float(d) for d in delays if d is not None and d > 0]
        return max(values) if values else None


# A robots.txt written by Windows PowerShell 5 (``"User-agent: *" > robots.txt``) or saved by
# Notepad as "Unicode" is UTF-16 with its byte-order mark. RFC 9309 asks for UTF-8, and read so
# it held no rule, so every page it disallowed was fetched; its BOM says how to read it, and the
# site's rules are obeyed (more cautious than a parser that drops the file).
_UTF16 = "utf-16"  # the BOM says which byte order, and is dropped
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def policy_from(fetch: RobotsFetch) -> RobotsPolicy:
    status = fetch.status
    if status is None:
        why = short_reason(fetch.error or "no response")
        return RobotsPolicy(disallow_all=True, reason=f"robots.txt unreachable ({why})", unreachable=why)
    if status == 429 or status >= 500:
        return RobotsPolicy(disallow_all=True, reason=f"robots.txt unreachable (HTTP {status})")
    if status >= 300:  # 4xx, or redirects past the limit: no usable rules
        return RobotsPolicy(reason=f"no robots.txt (HTTP {status})")
    # utf-8-sig: a file saved with a BOM (Windows editors) starts "\ufeffUser-agent: *", which
    # protego read as no user-agent line, so the first group's rules were dropped (all allowed)
    body = fetch.body[:MAX_ROBOTS_BYTES]
    text = body.decode(_UTF16 if body.startswith(_UTF16_BOMS) else "utf-8-sig", errors="replace")
    try:
        parser = Protego.parse(text)
    except Exception as exc:  # a parser bug must not stop the crawl; treat as no rules
        log.warning("robots.txt could not be parsed: %s", exc)
        return RobotsPolicy(reason="robots.txt unparseable")
    return RobotsPolicy(parser=parser, sitemaps=list(parser.sitemaps), reason="robots.txt")


class RobotsCache:
    """One policy per origin, fetched on first use; concurrent callers wait for the same fetch."""

    def __init__(self, fetch: Callable[[str], RobotsFetch]) -> None:
        self._fetch = fetch
        self._policies: dict[str, RobotsPolicy] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._lock = threading.Lock()

    def get(self, origin: str) -> RobotsPolicy:
        with self._lock:
            policy = self._policies.get(origin)
            if policy is not None:
                return policy
            origin_lock = self._locks.setdefault(origin, threading.Lock())
        with origin_lock:
            with self._lock:
                policy = self._policies.get(origin)
            if policy is None:
                policy = policy_from(self._fetch(f"{origin}/robots.txt"))
                with self._lock:
                    self._policies[origin] = policy
            return policy
