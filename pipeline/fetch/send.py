"""One request through its host's gate, retried as :mod:`pipeline.fetch.retry` says, every exchange archived.

The fetcher (:mod:`pipeline.fetch.fetcher`) decides which URL to request and follows redirects
hop by hop; this module sends each hop: it holds the host's slot while the request runs, archives
the answer (or the request no answer came back to), and waits out backoffs and ``Retry-After``.
"""

from __future__ import annotations

import datetime as dt
import logging
import random
import time
from collections.abc import Callable
from typing import Protocol

from pipeline.config import FetchConfig
from pipeline.fetch.failures import FetchError
from pipeline.fetch.http import HttpClient, Response
from pipeline.fetch.pages import Chain
from pipeline.fetch.politeness import HOST_WIDE_STATUSES, Politeness, rest_reason
from pipeline.fetch.retry import parse_retry_after, retry_wait_s, retryable_status
from pipeline.fetch.urls import host_of, without_credentials
from pipeline.records import HttpExchange, Outcome, http_date

log = logging.getLogger("pipeline.fetch")


class ExchangeArchive(Protocol):
    """Where every exchange is archived (the store's WARC archive); the fetcher closes it."""

    def record(self, exchange: HttpExchange, *, page: bool) -> None: ...

    def record_unanswered(
        self, url: str, request_headers: list[tuple[str, str]], fetched_at: dt.datetime, outcome: str, error: str
    ) -> object: ...

    def close(self) -> object: ...


class Sender:
    """Sends the fetcher's requests: one host slot per request, retries, the archive."""

    def __init__(
        self,
        http: HttpClient,
        gates: Politeness,
        archive: ExchangeArchive | None,
        cfg: FetchConfig,
        should_stop: Callable[[], str | None],
    ) -> None:
        self._http = http
        self._gates = gates
        self._archive = archive
        self._cfg = cfg
        self._should_stop = should_stop
        self._rng = random.Random()

    def request(
        self, url: str, extra_headers: dict[str, str], max_bytes: int, accept: str, chain: Chain, partial: bool
    ) -> Response | None:
        """Send one request through the host's gate, retrying as :mod:`retry` says.

        Returns the last response, or None with ``chain.outcome`` set when none came back.
        """
        gate = self._gates.gate(host_of(url))
        attempt = 0
        while True:
            attempt += 1
            resp: Response | None = None
            error: FetchError | None = None
            if (resting := gate.resting) is not None:  # asked while this request waited its turn
                chain.outcome, chain.error = Outcome.CONNECTION_ERROR, rest_reason(host_of(url), resting)
                return None
            with gate.slot():
                started = time.monotonic()
                try:
                    resp = self._http.get(url, extra_headers, max_bytes, accept, partial)
                except FetchError as exc:
                    error = exc
                chain.elapsed_s += time.monotonic() - started
            if self._archive is not None:
                for drop in resp.dropped if resp is not None else error.dropped if error is not None else []:
                    self._archive.record_unanswered(
                        without_credentials(url),
                        drop.headers,
                        drop.sent_at,
                        Outcome.CONNECTION_ERROR.value,
                        f"{drop.reason} (a kept-alive connection the server had closed; sent again on a new one)",
                    )
            if error is not None and error.sent is not None and self._archive is not None:
                headers, sent_at = error.sent
                self._archive.record_unanswered(
                    without_credentials(url), headers, sent_at, error.outcome.value, str(error)
                )
            chain.requests += 1
            chain.retries += attempt > 1
            retry_after: float | None = None
            if error is not None:
                retry = error.retryable
            elif resp is not None and resp.failure is Outcome.CONNECTION_ERROR:
                retry = True
            elif resp is not None and retryable_status(resp.status):
                retry = True
                # a date is read against the server's own clock (its Date), not this machine's: a
                # clock days behind read "Retry-After: <its now + 2 min>" as days and gave up
                retry_after = parse_retry_after(resp.header("Retry-After"), http_date(resp.header("Date")))
                if resp.status in HOST_WIDE_STATUSES and (retry_after or 0.0) > self._cfg.max_retry_after_s:
                    # the server spoke for the host: none of its pages until then (pipeline.fetch.rests)
                    self._gates.rest(host_of(url), retry_after or 0.0, f"HTTP {resp.status}")
                    log.warning("%s asks for no request for %.0f s (Retry-After)", host_of(url), retry_after)
            else:
                retry = False
            wait_s = None
            if retry and attempt <= self._cfg.max_retries and self._should_stop() is None:
                wait_s = retry_wait_s(
                    attempt, self._cfg.backoff_base_s, retry_after, self._cfg.max_retry_after_s, self._rng
                )
                if wait_s is None:  # no count of seconds: a date's (its wait from now) changed every run
                    chain.note = (
                        f"Retry-After over fetch.max_retry_after_s ({self._cfg.max_retry_after_s:g} s); not retried"
                    )

            if wait_s is None:
                if error is not None:
                    chain.outcome, chain.error = error.outcome, str(error)
                return resp
            if resp is not None:
                self.record(resp, page=False)
            log.info(
                "retrying %s in %.2f s (attempt %d: %s)",
                url,
                wait_s,
                attempt,
                error or f"HTTP {resp and resp.status}",
            )
            gate.pause(wait_s)

    def record(self, resp: Response, page: bool) -> None:
        if self._archive is not None:
            self._archive.record(resp.exchange, page=page)
