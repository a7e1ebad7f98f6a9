"""What a followed URL becomes: one :class:`~pipeline.records.FetchedPage`, the fetch-log row.

The fetcher (:mod:`pipeline.fetch.fetcher`) follows a URL hop by hop into a :class:`Chain`;
this module turns the chain into the page the run stores: a final response classified as a
page (HTML? too large?), a 304 that confirms a stored page, or a failure with one readable
reason. Sitemaps get rows of their own (read, or not read and why). Nothing here sends a
request or touches the conditional-request state.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pipeline.fetch.discover import SITEMAP_NOT_READ
from pipeline.fetch.failures import short_reason
from pipeline.fetch.http import Response
from pipeline.page import classify
from pipeline.records import FetchedPage, Outcome


@dataclass(slots=True)
class Chain:
    """One URL followed through its redirects."""

    url: str
    response: Response | None = None
    outcome: Outcome | None = None  # set when the chain stopped without a final response
    error: str | None = None
    requests: int = 0
    retries: int = 0
    elapsed_s: float = 0.0
    conditional: bool = False
    note: str | None = None


def chain_page(label: str, chain: Chain, started: dt.datetime, max_bytes: int) -> FetchedPage:
    """The page of a URL (``label``: as the user gave it) followed into ``chain``."""
    resp = chain.response
    attempts = 0 if chain.requests == 0 else 1 + chain.retries
    if resp is None:
        error = chain.error
        if chain.outcome is Outcome.CONNECTION_ERROR and error and "[Errno" in error:
            # one readable line, not urllib3's repr chain; "<host> unreachable: " stays
            host, said, why = error.rpartition(" unreachable: ")
            error = f"{host}{said}{short_reason(why)}"
        page = no_request(label, chain.outcome or Outcome.INTERNAL_ERROR, error)
        page.final_url, page.fetched_at = chain.url, started
    else:
        headers = resp.headers_dict()
        fetched_at = resp.exchange.fetched_at
        if chain.outcome is not None:
            page = FetchedPage(
                url=label,
                final_url=chain.url,
                status=resp.status,
                outcome=chain.outcome,
                error=chain.error,
                headers=headers,
                fetched_at=fetched_at,
                content_type=resp.header("Content-Type"),
            )
        elif resp.status == 304 and chain.conditional:
            page = FetchedPage(
                url=label,
                final_url=chain.url,
                status=304,
                outcome=Outcome.NOT_MODIFIED,
                headers=headers,
                fetched_at=fetched_at,
                content_type=resp.header("Content-Type"),
            )
        else:
            page = classify(label, chain.url, resp.status, headers, resp.body, fetched_at, "http", max_bytes)
            if resp.status == 304:
                page.outcome, page.error = Outcome.HTTP_ERROR, "HTTP 304 to a request without validators"
            elif resp.failure is not None and resp.status < 400:
                page.outcome, page.error, page.html, page.charset = resp.failure, resp.error, None, None
    page.attempts = attempts
    page.elapsed_ms = round(chain.elapsed_s * 1000)
    if chain.note:
        page.error = f"{page.error}; {chain.note}" if page.error else chain.note
    return page


def sitemap_failure(url: str, chain: Chain) -> FetchedPage:
    """A fetch-log row for a sitemap that could not be read: the pages it lists are unknown.

    Its reason starts with :data:`SITEMAP_NOT_READ`, which is how a same-day re-run knows to
    fetch the URL again as a sitemap (``pipeline.run.retry``), not as a page.
    """
    resp = chain.response
    if chain.outcome is not None:
        outcome, why = chain.outcome, chain.error or str(chain.outcome)
    elif resp is not None and resp.failure is not None:
        outcome, why = resp.failure, resp.error or str(resp.failure)
    elif resp is not None:
        outcome, why = Outcome.HTTP_ERROR, f"HTTP {resp.status}"
    else:
        outcome, why = Outcome.INTERNAL_ERROR, "no response"
    if outcome is Outcome.CONNECTION_ERROR and "[Errno" in why:
        why = short_reason(why)
    return FetchedPage(
        url=url,
        final_url=chain.url,
        status=resp.status if resp is not None else None,
        outcome=outcome,
        error=f"{SITEMAP_NOT_READ}{why}"[:500],
        attempts=0 if chain.requests == 0 else 1 + chain.retries,
        elapsed_ms=round(chain.elapsed_s * 1000),
        content_type=resp.header("Content-Type") if resp is not None else None,
    )


def sitemap_read(url: str, chain: Chain, resp: Response) -> FetchedPage:
    """The fetch-log row of a sitemap that was read: the log holds every URL tried."""
    return FetchedPage(
        url=url,
        final_url=chain.url,
        status=resp.status,
        outcome=Outcome.SITEMAP,
        error=resp.error if resp.failure is not None else None,  # a sitemap cut at the size cap says so
        headers=resp.headers_dict(),
        fetched_at=resp.exchange.fetched_at,
        attempts=1 + chain.retries,
        elapsed_ms=round(chain.elapsed_s * 1000),
        content_type=resp.header("Content-Type"),
    )


def no_request(url: str, outcome: Outcome, error: str | None) -> FetchedPage:
    """A page for a URL that was never (successfully) sent: no status, no body."""
    return FetchedPage(url=url, final_url=url, status=None, outcome=outcome, error=error, attempts=0)
