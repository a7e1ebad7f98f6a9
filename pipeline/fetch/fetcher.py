"""The fetcher: seeds and sitemaps in, one :class:`~pipeline.records.FetchedPage` per URL attempted out.

The run loop gives each shard (a group of hosts) one Fetcher. Its frontier
(:mod:`pipeline.fetch.frontier`) keeps a queue per host and runs the tasks below on a thread
pool, never more than ``per_host_concurrency`` tasks of one host at a time. Every request a
task sends (robots.txt, redirect hops, retries) is sent by :mod:`pipeline.fetch.send` through the
host's gate (:mod:`pipeline.fetch.politeness`), which enforces the in-flight cap and the minimum
gap for the host as a whole.

Each URL is followed hop by hop: address guard, robots.txt, de-duplication and the gate are
applied to every hop, not just the first. Failures never escape: each becomes the page's outcome.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from types import TracebackType
from urllib.parse import urlsplit

from pipeline.config import FetchConfig, SourcesConfig
from pipeline.errors import STORAGE_ERRNOS
from pipeline.fetch.discover import (
    MAX_SITEMAP_BYTES,
    MAX_SITEMAP_NESTING,
    MAX_SITEMAPS_PER_HOST,
    extract_links,
    parse_sitemap,
)
from pipeline.fetch.failures import CONNECT_TIMEOUT_REASON
from pipeline.fetch.frontier import DEADLINE_REASON, OFF_SCOPE, Done, Task, not_fetched, run_frontier
from pipeline.fetch.guard import AddressGuard, BlockedAddress
from pipeline.fetch.http import HttpClient
from pipeline.fetch.pages import Chain, chain_page, no_request, sitemap_failure, sitemap_read
from pipeline.fetch.politeness import HOST_FAILURE_STREAK, HOST_WIDE_STATUSES, CrawlStopped, Politeness, rest_reason
from pipeline.fetch.rests import HostRests
from pipeline.fetch.robots import (
    MAX_ROBOTS_BYTES,
    ROBOTS_MAX_REDIRECTS,
    RobotsCache,
    RobotsFetch,
    RobotsPolicy,
)
from pipeline.fetch.send import ExchangeArchive, Sender
from pipeline.fetch.state import ConditionalState
from pipeline.fetch.urls import (
    clean_url,
    header_url,
    host_of,
    origin_of,
    unusable_reason,
    url_key,
    without_credentials,
)
from pipeline.records import FetchedPage, Outcome, utcnow

log = logging.getLogger("pipeline.fetch")

ACCEPT_HTML = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1"
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
# Host pools urllib3 keeps open at once; beyond this the least recently used host's idle
# connections are closed. A shard rarely talks to more hosts at the same time than this.
MIN_POOL_HOSTS = 16
_DEFAULT_PORTS = {"http": 80, "https": 443}


def _host_failure(page: FetchedPage) -> str | None:
    """The kind of failure when it speaks for the whole host (see HOST_FAILURE_STREAK): the
    server declared itself unavailable or overloaded (503, 429), or accepted no connection."""
    if page.outcome is Outcome.HTTP_ERROR and page.status in HOST_WIDE_STATUSES:
        return f"HTTP {page.status}"
    if page.outcome is Outcome.TIMEOUT and (page.error or "").startswith(CONNECT_TIMEOUT_REASON):
        return CONNECT_TIMEOUT_REASON
    return None


class Fetcher:
    """Polite, resilient, guarded HTTP fetching for one shard; see the module docstring."""

    def __init__(
        self,
        fetch: FetchConfig,
        sources: SourcesConfig,
        *,
        state_dir: Path | None,
        archive: ExchangeArchive | None = None,
        state: ConditionalState | None = None,
        defer_state: bool = False,
        should_stop: Callable[[], str | None] | None = None,
    ) -> None:
        """``defer_state``: leave remembering a page's validators to the caller (``page.state_key``).
        ``should_stop``: the run's stop request, ``"deadline"`` or ``"interrupted"`` (see
        :mod:`pipeline.fetch.frontier`); None while the crawl may go on.
        """
        self._cfg = fetch
        self._should_stop = should_stop or (lambda: None)
        self._defer_state = defer_state and state is not None
        self._sources = sources
        self._guard = AddressGuard(fetch.allow_private)
        self._http = HttpClient(
            self._guard,
            fetch.user_agent,
            fetch.connect_timeout_s,
            fetch.timeout_s,
            pool_connections=max(MIN_POOL_HOSTS, fetch.concurrency),
            pool_maxsize=fetch.per_host_concurrency,
            ca_bundle=fetch.ca_bundle,
        )
        self._halt = threading.Event()  # set when a crawl is abandoned or the fetcher closed
        self._gates = Politeness(fetch.per_host_concurrency, fetch.min_delay_s, self._halt, HostRests(state_dir))
        self._robots = RobotsCache(self._fetch_robots)
        # ``state``: the run loop's (staged until the shard commits, checked against stored rows)
        if not fetch.conditional or state is None:
            state = ConditionalState(state_dir if fetch.conditional else None)
        self._state = state
        self._archive = archive
        self._sender = Sender(self._http, self._gates, archive, fetch, self._should_stop)
        self._requested: set[str] = set()
        self._requested_lock = threading.Lock()
        self._scope: set[str] = set()  # the configured hosts: discovery never leaves them
        self._sitemaps_per_host: Counter[str] = Counter()
        # discovered URLs given no request and no row, by reason (OFF_SCOPE, OVER_HOST_BUDGET)
        self.left_out: Counter[str] = Counter()
        self._closed = False

    # -- lifecycle ---------------------------------------------------------------------------

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        """Persist the conditional state, finish the WARC files, close connections."""
        if self._closed:
            return
        self._closed = True
        self._halt.set()  # a crawl still running (its generator abandoned) stops dispatching
        # Each step whatever the one before raised: a state save that met a full disk skipped the
        # archive's close, so its file stayed open (and flock-held: no sweep may take it) for the
        # life of the process, a Dask worker's days.
        try:
            self._state.save()
        finally:
            try:
                if self._archive is not None:
                    self._archive.close()
            finally:
                self._http.close()

    # -- scheduling --------------------------------------------------------------------------

    def crawl(self, seeds: Iterable[str], sitemaps: Iterable[str] = ()) -> Iterator[FetchedPage]:
        """Fetch seeds and discovered pages, yielding one FetchedPage per URL attempted."""
        scope = self._scope
        initial: list[Task] = []
        for raw in seeds:
            url = clean_url(raw)
            if url is None:
                yield no_request(raw, Outcome.INVALID_URL, unusable_reason(raw))
                continue
            scope.add(host_of(url))
            initial.append(Task("page", url, seed=True, given=raw.strip()))
        site_fallback: dict[str, bool] = {}
        for raw in sitemaps:
            url = clean_url(raw)
            if url is None:
                log.warning("ignoring invalid sitemap URL %r", raw)
                continue
            scope.add(host_of(url))
            is_site = urlsplit(url).path in ("", "/", "/robots.txt")
            origin = origin_of(url)
            site_fallback[origin] = site_fallback.get(origin, True) and is_site
            if not is_site:
                initial.append(Task("sitemap", url))
        initial.extend(Task("site", origin, fallback=fallback) for origin, fallback in site_fallback.items())
        yield from run_frontier(
            initial,
            scope,
            self._run_task,
            concurrency=self._cfg.concurrency,
            per_host_concurrency=self._cfg.per_host_concurrency,
            max_pages_per_host=self._sources.max_pages_per_host,
            stop=self._halt,
            should_stop=self._should_stop,
            on_interrupt=self._http.abort,
            left_out=self.left_out,
        )

    def _run_task(self, task: Task) -> Done:
        """Run one task in a worker thread; never raises (a bug becomes internal_error)."""
        try:
            if task.kind == "page":
                return self._page_task(task)
            if task.kind == "sitemap":
                return self._sitemap_task(task)
            return self._site_task(task)
        except CrawlStopped:
            if task.kind == "page" and self._should_stop() == "deadline":
                return Done(not_fetched(task, Outcome.DEADLINE, DEADLINE_REASON))
            return Done()  # nobody is waiting for this page any more
        except Exception as exc:
            if isinstance(exc, OSError) and exc.errno in STORAGE_ERRNOS:  # the raw archive's disk is full
                log.error("%s: cannot archive it: %s", task.url, exc)  # not a bug: no traceback per page
            else:
                log.exception("internal error on %s", task.url)
            if task.kind != "page":
                return Done()
            error = f"{type(exc).__name__}: {exc}"[:500]
            return Done(no_request(task.label, Outcome.INTERNAL_ERROR, error))

    # -- tasks -------------------------------------------------------------------------------

    def _page_task(self, task: Task) -> Done:
        started = utcnow()
        gate = self._gates.gate(host_of(task.url))
        if (failing := gate.failing) is not None:
            why = f"{host_of(task.url)} failing: {HOST_FAILURE_STREAK} pages in a row failed after their retries"
            return Done(no_request(task.label, Outcome.CONNECTION_ERROR, f"{why} (last: {failing}); not tried"))
        chain = self._follow(task.url, purpose="page")
        if chain.outcome is Outcome.DUPLICATE and chain.response is None and not task.seed:
            return Done()  # a discovered link some redirect already fetched: nothing new
        page = self._make_page(task, chain, started)
        if chain.requests:
            gate.page_done(_host_failure(page))
        found: list[Task] = []
        if (
            page.outcome is Outcome.OK
            and page.html
            and self._sources.follow_links
            and task.depth < self._sources.max_depth
        ):
            found = [Task("page", link, depth=task.depth + 1) for link in extract_links(page.html, page.final_url)]
        return Done(page, found)

    def _sitemap_task(self, task: Task) -> Done:
        chain = self._follow(task.url, purpose="sitemap")
        resp = chain.response
        # A sitemap cut at the size cap is still parsed as far as it goes (recover mode).
        usable = resp is not None and resp.status == 200 and resp.failure in (None, Outcome.TOO_LARGE)
        if chain.outcome is not None or resp is None or not usable:
            page = sitemap_failure(task.url, chain)
            log.warning("sitemap %s not read: %s", task.url, page.error)
            return Done(page)
        parsed = parse_sitemap(resp.body, chain.url)
        pages = [url for url in parsed.pages if host_of(url) in self._scope]
        # An index lists the sitemaps of its own site (sitemaps.org), which may be another host
        # than the pages': a robots.txt's "Sitemap: https://cdn.example/index.xml" (a CDN, a
        # bucket), or /sitemap.xml redirected there. Its children there were ignored as off the
        # crawl, so the site's pages were never found; they are followed (their pages still must
        # be on the crawl's hosts).
        own_site = host_of(chain.url)
        children = [url for url in parsed.sitemaps if host_of(url) in self._scope or host_of(url) == own_site]
        ignored = len(parsed.pages) - len(pages) + len(parsed.sitemaps) - len(children)
        if ignored:  # a sitemap cannot send the crawler to hosts nobody configured
            with self._requested_lock:
                self.left_out[OFF_SCOPE] += ignored
            log.warning("sitemap %s: %d entries on hosts outside the crawl ignored", chain.url, ignored)
        found = [Task("page", url) for url in pages]
        if task.depth < MAX_SITEMAP_NESTING:
            found += [Task("sitemap", url, depth=task.depth + 1) for url in self._sitemap_budget(children)]
        elif children:  # an index nested past the bound (or one that lists itself deeper and deeper)
            log.warning(
                "sitemap %s: %d child sitemaps nested deeper than %d levels ignored",
                chain.url,
                len(children),
                MAX_SITEMAP_NESTING,
            )
        log.info("sitemap %s: %d pages, %d sitemaps", chain.url, len(pages), len(children))
        return Done(sitemap_read(task.url, chain, resp), found)

    def _sitemap_budget(self, urls: list[str]) -> list[str]:
        """The child sitemaps still within their host's budget (MAX_SITEMAPS_PER_HOST)."""
        kept: list[str] = []
        with self._requested_lock:
            for url in urls:
                host = host_of(url)
                if self._sitemaps_per_host[host] >= MAX_SITEMAPS_PER_HOST:
                    continue
                self._sitemaps_per_host[host] += 1
                kept.append(url)
        if len(kept) < len(urls):
            log.warning(
                "%d child sitemaps over the budget of %d per host ignored", len(urls) - len(kept), MAX_SITEMAPS_PER_HOST
            )
        return kept

    def _site_task(self, task: Task) -> Done:
        policy = self._robots_policy(task.url)
        # "Sitemap: /sitemap_index.xml": RFC 9309 and sitemaps.org want a full URL, but sites
        # write a path; it was dropped (then /sitemap.xml tried, often a 404: no page found), so
        # it is read against the robots.txt's URL, as a browser resolves a link
        robots_url = f"{task.url}/robots.txt"
        listed = [url for url in (clean_url(s, robots_url) for s in policy.sitemaps) if url is not None]
        if not listed and task.fallback:
            listed = [f"{task.url}/sitemap.xml"]
        return Done(found=[Task("sitemap", url) for url in listed])

    # -- one URL, hop by hop -----------------------------------------------------------------

    def _follow(self, start_url: str, purpose: str) -> Chain:
        """Follow ``start_url`` through redirects, checking every hop; archive every exchange."""
        page = purpose == "page"
        max_redirects = ROBOTS_MAX_REDIRECTS if purpose == "robots" else self._cfg.max_redirects
        max_bytes = {"page": self._cfg.max_bytes, "robots": MAX_ROBOTS_BYTES}.get(purpose, MAX_SITEMAP_BYTES)
        accept = ACCEPT_HTML if page else "*/*"
        state_host = host_of(start_url)
        chain = Chain(url=start_url)
        seen: set[str] = set()  # the chain's URLs requested so far
        url = start_url
        for _hop in range(max_redirects + 1):
            chain.url = url
            stop = self._precheck(url, check_robots=purpose != "robots")
            # a URL of this chain asked again (a cookie check, below) was claimed by the chain itself
            if stop is None and page and url_key(url) not in seen and not self._claim(url):
                stop = (Outcome.DUPLICATE, "already fetched in this run")
            if stop is not None:
                chain.outcome, chain.error = stop
                return chain
            seen.add(url_key(url))
            validators = self._state.request_headers(state_host, url) if page else {}
            resp = self._sender.request(url, validators, max_bytes, accept, chain, partial=not page)
            if resp is None:
                return chain
            chain.response, chain.conditional = resp, bool(validators)
            location = resp.header("Location")
            if resp.status not in REDIRECT_STATUSES or not location or resp.failure is not None:
                complete = resp.failure is None and resp.status != 304
                self._sender.record(resp, page=page and complete)
                return chain
            self._sender.record(resp, page=False)
            target = clean_url(header_url(location), url)
            if target is None:
                chain.outcome, chain.error = (
                    Outcome.INVALID_URL,
                    f"redirect to an unusable URL {location[:200]!r}",
                )
                return chain
            if host_of(target) != host_of(url):
                target = without_credentials(target)  # credentials never go to another host
            # Back to a URL of the chain: a loop, unless the hop set a cookie (a site's cookie
            # check: "302 to the same URL, Set-Cookie", which browsers follow with the cookie and
            # get the page); such revisits count towards max_redirects like any hop.
            if url_key(target) in seen and not resp.header("Set-Cookie"):
                chain.url = target
                chain.outcome, chain.error = Outcome.TOO_MANY_REDIRECTS, f"redirect loop back to {target}"
                return chain
            url = target
        chain.outcome, chain.error = Outcome.TOO_MANY_REDIRECTS, f"more than {max_redirects} redirects"
        return chain

    def _precheck(self, url: str, check_robots: bool) -> tuple[Outcome, str] | None:
        """A host that asked for a rest, the address guard, then robots.txt; the reason to stop, or None to go ahead."""
        if (resting := self._gates.gate(host_of(url)).resting) is not None:
            return Outcome.CONNECTION_ERROR, rest_reason(host_of(url), resting)
        parts = urlsplit(url)
        try:
            self._guard.addresses(parts.hostname or "", parts.port or _DEFAULT_PORTS.get(parts.scheme, 80))
        except BlockedAddress as exc:
            return Outcome.BLOCKED_ADDRESS, str(exc)
        except (OSError, UnicodeError, ValueError):
            pass  # no answer from DNS: the request itself reports it (and retries)
        if check_robots and self._cfg.obey_robots:
            policy = self._robots_policy(origin_of(url))
            if policy.unreachable is not None:  # the host is down: not a robots decision
                return Outcome.CONNECTION_ERROR, f"{host_of(url)} unreachable: {policy.unreachable}"
            if not policy.allowed(url, self._cfg.user_agent):
                why = f" ({policy.reason})" if policy.disallow_all else ""
                return Outcome.ROBOTS_DISALLOWED, f"disallowed by {origin_of(url)}/robots.txt{why}"
            delay = policy.delay_s(self._cfg.user_agent)
            if delay is not None and delay > self._cfg.max_crawl_delay_s:
                return Outcome.ROBOTS_DISALLOWED, (
                    f"{origin_of(url)}/robots.txt asks for a Crawl-delay of {delay:.0f} s, over "
                    f"fetch.max_crawl_delay_s ({self._cfg.max_crawl_delay_s:.0f} s): page given up"
                )
        return None

    def _claim(self, url: str) -> bool:
        """Mark ``url`` as requested in this run; False if it already was."""
        key = url_key(url)
        with self._requested_lock:
            if key in self._requested:
                return False
            self._requested.add(key)
            return True

    # -- robots.txt --------------------------------------------------------------------------

    def _robots_policy(self, origin: str) -> RobotsPolicy:
        policy = self._robots.get(origin)
        delay = policy.delay_s(self._cfg.user_agent)
        if delay is not None:  # a longer delay gives the host's pages up (see _precheck)
            delay = min(delay, self._cfg.max_crawl_delay_s)
        self._gates.gate(host_of(origin)).raise_delay(delay)
        return policy

    def _fetch_robots(self, robots_url: str) -> RobotsFetch:
        chain = self._follow(robots_url, purpose="robots")
        resp = chain.response
        if resp is None:
            return RobotsFetch(None, error=chain.error)
        if resp.failure in (Outcome.TIMEOUT, Outcome.CONNECTION_ERROR, Outcome.DECODE_ERROR):
            return RobotsFetch(None, error=resp.error)
        return RobotsFetch(resp.status, resp.body)  # a body over the cap is parsed as far as it goes

    # -- results -----------------------------------------------------------------------------

    def _make_page(self, task: Task, chain: Chain, started: dt.datetime) -> FetchedPage:
        page = chain_page(task.label, chain, started, self._cfg.max_bytes)
        resp = chain.response
        if page.outcome is Outcome.OK and resp is not None:
            if self._defer_state:
                page.state_key = (host_of(task.url), chain.url)  # the caller remembers once stored
            else:
                self._state.remember(host_of(task.url), chain.url, resp.header("ETag"), resp.header("Last-Modified"))
        return page
