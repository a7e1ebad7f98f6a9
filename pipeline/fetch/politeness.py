"""Per-host politeness: at most N requests in flight and a minimum gap between request starts.

Every request to a host (pages, robots.txt, sitemaps, redirect hops, retries) passes through
that host's :class:`HostGate`, whichever worker thread sends it, so the limits hold for the
host as a whole. robots.txt ``Crawl-delay`` only ever raises the gap; a 429/503 pauses the
whole host, not just the one URL, because the server is telling us it is overloaded; after
``HOST_FAILURE_STREAK`` pages in a row failed all their retries, the host's other pages are
given up (a same-day re-run tries them again); after a 429 or 503 whose ``Retry-After`` is past
``fetch.max_retry_after_s`` the host's pages are given up until that moment, kept across runs
(:mod:`pipeline.fetch.rests`).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from pipeline.errors import PipelineError
from pipeline.fetch.rests import MAX_HOST_REST_S, HostRests

# Threads waiting for a host look up this often to see whether the crawl was stopped: soon
# enough that abandoning a crawl returns promptly, rarely enough to cost nothing.
CANCEL_POLL_S = 0.1


# Pages of one host in a row that failed the same host-wide way after all their retries (the
# server said 503 or 429, or would not accept a connection) before the host's other pages are
# given up: by then the host is in maintenance or down, not one page broken, and each further
# page would wait through the same retries (up to max_retries x max_retry_after_s: a site
# answering every page "503, Retry-After: 120" held a run of its 1,000 pages for days). Page-level
# failures (a 500 of one script, a read timeout, a reset or malformed body) never count, and a
# different failure restarts the count: a host whose pages misbehave in different ways still has
# every page tried. Five rides out a few broken pages.
HOST_FAILURE_STREAK = 5
# The statuses by which a server speaks for all its pages: unavailable (maintenance), too many requests.
HOST_WIDE_STATUSES = frozenset({429, 503})


def rest_reason(host: str, why: str) -> str:
    """A page not requested because its host asked for a rest; the same text on every run (no time)."""
    return f"{host} asked for no request for now ({why} with a Retry-After over fetch.max_retry_after_s); not tried"


class CrawlStopped(PipelineError):
    """The crawl was stopped while this request waited for its turn."""


class HostGate:
    """Admission control for one host; thread-safe."""

    def __init__(self, slots: int, delay_s: float, cancel: threading.Event | None = None) -> None:
        self._cancel = cancel
        self._slots = max(1, slots)
        self._delay = max(0.0, delay_s)
        self._in_flight = 0
        self._last_start = float("-inf")
        self._paused_until = 0.0
        self._streak = 0  # pages in a row that failed for a passing reason
        self._last_failure = ""
        self._rest_until = 0.0  # epoch seconds: the server asked for no request before then
        self._rest_why = ""
        self._cond = threading.Condition()

    @property
    def delay_s(self) -> float:
        return self._delay

    def raise_delay(self, delay_s: float | None) -> None:
        """Lengthen the gap (robots.txt Crawl-delay); a shorter value is ignored."""
        if delay_s is not None and delay_s > self._delay:
            with self._cond:
                self._delay = delay_s
                self._cond.notify_all()

    def pause(self, seconds: float) -> None:
        """Send nothing to this host for ``seconds`` (Retry-After, backoff after a failure)."""
        with self._cond:
            self._paused_until = max(self._paused_until, time.monotonic() + seconds)
            self._cond.notify_all()

    def page_done(self, failure: str | None) -> None:
        """A page of this host was answered or failed its own way (None), or failed host-wide
        (the kind of failure: "HTTP 503", "connect timeout"); only the same kind in a row counts."""
        with self._cond:
            if failure is None:
                self._streak = 0
            else:
                self._streak = self._streak + 1 if failure == self._last_failure else 1
            self._last_failure = failure or ""

    def rest(self, until: float, why: str) -> None:
        """The server asked for no request before ``until`` (epoch seconds; ``why``: "HTTP 429")."""
        with self._cond:
            if until > self._rest_until:
                self._rest_until, self._rest_why = until, why

    @property
    def resting(self) -> str | None:
        """Why the host's pages are given up now (its server asked for a rest), or None."""
        with self._cond:
            return self._rest_why if time.time() < self._rest_until else None

    @property
    def failing(self) -> str | None:
        """The failure once HOST_FAILURE_STREAK pages in a row failed that same host-wide way (the
        host's pages are then given up); None while the host answers."""
        with self._cond:
            return self._last_failure if self._streak >= HOST_FAILURE_STREAK else None

    def acquire(self) -> float:
        """Wait for a free slot and the gap since the last start; returns the granted start time
        (``time.monotonic()``, read under the lock, so callers can see the spacing as granted)."""
        with self._cond:
            while True:
                if self._cancel is not None and self._cancel.is_set():
                    raise CrawlStopped("crawl stopped")
                now = time.monotonic()
                ready_at = max(self._last_start + self._delay, self._paused_until)
                if self._in_flight < self._slots and now >= ready_at:
                    self._in_flight += 1
                    self._last_start = now
                    return now
                timeout = None if self._in_flight >= self._slots else ready_at - now
                if self._cancel is not None:
                    timeout = CANCEL_POLL_S if timeout is None else min(timeout, CANCEL_POLL_S)
                self._cond.wait(timeout)

    def release(self) -> None:
        with self._cond:
            self._in_flight -= 1
            self._cond.notify_all()

    @contextmanager
    def slot(self) -> Iterator[float]:
        """Hold a slot for one request; yields its granted start time."""
        started = self.acquire()
        try:
            yield started
        finally:
            self.release()


class Politeness:
    """The gates of every host this fetcher talks to, created on first use."""

    def __init__(
        self,
        per_host_concurrency: int,
        min_delay_s: float,
        cancel: threading.Event | None = None,
        rests: HostRests | None = None,
    ) -> None:
        self._slots = per_host_concurrency
        self._delay = min_delay_s
        self._cancel = cancel
        self._rests = rests or HostRests(None)
        self._gates: dict[str, HostGate] = {}
        self._lock = threading.Lock()

    def gate(self, host: str) -> HostGate:
        with self._lock:
            gate = self._gates.get(host)
            if gate is None:
                gate = self._gates[host] = HostGate(self._slots, self._delay, self._cancel)
                if (kept := self._rests.load(host)) is not None:  # asked for by an earlier run
                    gate.rest(*kept)
            return gate

    def rest(self, host: str, seconds: float, why: str) -> None:
        """The host's server asked for no request for ``seconds`` (at most MAX_HOST_REST_S): kept for later runs."""
        until = time.time() + min(seconds, MAX_HOST_REST_S)
        self.gate(host).rest(until, why)
        self._rests.save(host, until, why)
