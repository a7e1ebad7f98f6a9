"""The crawl frontier: which task runs next, on which thread, and how pages get back to the caller.

A dispatcher thread keeps one queue per host and submits tasks to a thread pool round robin
over hosts, never more than ``per_host_concurrency`` tasks of one host at once, so worker threads
are not parked behind one busy host while the others wait. Finished pages go to the caller
through a queue: fetching goes on while the caller extracts a page (a page being extracted
holds no fetch slot, and the dispatcher never waits on the caller), and new tasks are only
held back when ``max(PENDING_FACTOR x concurrency, MIN_PENDING)`` pages are waiting
(memory stays bounded). Each URL is queued once per crawl;
discovered pages must be on a host in ``scope`` and within ``max_pages_per_host`` (how many a
host's budget left out is logged once the crawl ends).

The run can stop a crawl (``should_stop``, looked at before every dispatch): on ``"deadline"``
no new task starts, the tasks in flight finish, and every page still queued comes back as a
``deadline`` page (a fetch-log row, retried by a re-run); on ``"interrupted"`` the requests in
flight are cut (``on_interrupt``) and the crawl ends with :class:`~pipeline.errors.RunInterrupted`.
"""

from __future__ import annotations

import contextlib
import logging
import queue
import threading
from collections import Counter, deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field

from pipeline.errors import RunInterrupted
from pipeline.fetch.urls import host_of, url_key
from pipeline.records import FetchedPage, Outcome

log = logging.getLogger("pipeline.fetch")

# How often waiting threads look up to see whether the crawl was stopped: soon enough that
# abandoning a crawl returns promptly, rarely enough to cost nothing.
POLL_S = 0.05
# Pages fetched but not yet taken by the caller before new requests are held back: several
# rounds of the thread pool, so a burst of slow extractions does not idle the fetch slots,
# while a caller that is slower than the network for good still bounds memory.
PENDING_FACTOR = 4
MIN_PENDING = 64
DEADLINE_REASON = "run deadline reached before this page was fetched (run.deadline); a re-run fetches it"
# Why a URL found by discovery got no request and no row, as the run summary counts them
# (``not_fetched``): a sitemap entry on a host outside the crawl, a page over its host's budget.
OFF_SCOPE = "off_scope"
OVER_HOST_BUDGET = "over_host_budget"


@dataclass(slots=True)
class Task:
    kind: str  # "page", "sitemap" (fetch and parse one sitemap) or "site" (find a site's sitemaps)
    url: str
    depth: int = 0  # link depth for pages, nesting level for sitemaps
    seed: bool = False
    fallback: bool = True  # site task: try /sitemap.xml when robots.txt lists no sitemap
    given: str = ""  # a seed as the user wrote it (the page's ``url``); the cleaned URL is fetched

    @property
    def label(self) -> str:
        return self.given or self.url


@dataclass(slots=True)
class Done:
    """What a task gives back: its page (if it was a page) and the tasks it discovered."""

    page: FetchedPage | None = None
    found: list[Task] = field(default_factory=list)


@dataclass(slots=True)
class _End:
    """The dispatcher is done (with the exception that stopped it, if any)."""

    error: BaseException | None = None


def not_fetched(task: Task, outcome: Outcome, error: str) -> FetchedPage:
    """A page the crawl never sent a request for (the deadline passed, a duplicate seed)."""
    return FetchedPage(url=task.label, final_url=task.url, status=None, outcome=outcome, error=error, attempts=0)


def duplicate_seed(task: Task) -> FetchedPage:
    return FetchedPage(
        url=task.label,
        final_url=task.label,
        status=None,
        outcome=Outcome.DUPLICATE,
        error="same URL as an earlier seed",
        attempts=0,
    )


def run_frontier(
    initial: list[Task],
    scope: set[str],
    run_task: Callable[[Task], Done],
    *,
    concurrency: int,
    per_host_concurrency: int,
    max_pages_per_host: int,
    stop: threading.Event,
    should_stop: Callable[[], str | None] = lambda: None,
    on_interrupt: Callable[[], object] = lambda: None,
    left_out: Counter[str] | None = None,
) -> Iterator[FetchedPage]:
    """Run ``initial`` and everything they discover; yield pages as they finish.

    ``left_out[OVER_HOST_BUDGET]`` counts the discovered pages a host's budget left out (set
    once the crawl ends). ``run_task`` must not raise. If the caller stops iterating early, ``stop`` is set, which
    also tells waiting workers to give up. ``should_stop``/``on_interrupt``: see the module docstring.
    """
    out: queue.Queue[FetchedPage | _End] = queue.Queue()
    limits = (concurrency, per_host_concurrency, max_pages_per_host)
    thread = threading.Thread(
        target=_dispatch,
        args=(initial, scope, run_task, limits, out, stop, (should_stop, on_interrupt), left_out),
        name="fetch-frontier",
        daemon=True,
    )
    thread.start()
    finished = False
    try:
        while True:
            item = out.get()
            if isinstance(item, _End):
                finished = True
                if item.error is not None:
                    raise item.error
                return
            yield item
    finally:
        if not finished:  # the caller stopped early: stop the dispatcher and waiting workers
            stop.set()
        while thread.is_alive():  # keep draining so the dispatcher never blocks on a full queue
            with contextlib.suppress(queue.Empty):
                out.get(timeout=POLL_S)
        thread.join()


def _dispatch(
    initial: list[Task],
    scope: set[str],
    run_task: Callable[[Task], Done],
    limits: tuple[int, int, int],
    out: queue.Queue[FetchedPage | _End],
    stop: threading.Event,
    hooks: tuple[Callable[[], str | None], Callable[[], object]],
    left_out: Counter[str] | None,
) -> None:
    """Event-driven: each step costs O(1) whatever the number of hosts and tasks in flight.

    ``ready`` holds the hosts that have queued tasks and a free slot, in round-robin order;
    finished tasks arrive on ``finished`` (a done callback), so the dispatcher sleeps until one
    does instead of scanning every host and every running future (which, with 64 hosts in
    flight, cost more CPU than the fetching and held the GIL the extractor needs).
    """
    concurrency, per_host, max_pages_per_host = limits
    should_stop, on_interrupt = hooks
    reason: str | None = None
    queues: dict[str, deque[Task]] = {}
    queued: set[tuple[str, str]] = set()
    pages_per_host: Counter[str] = Counter()
    over_budget: Counter[str] = Counter()  # discovered entries a host's page budget left out
    running: dict[Future[Done], str] = {}  # future -> its host
    running_per_host: Counter[str] = Counter()
    ready: deque[str] = deque()
    is_ready: set[str] = set()
    finished: queue.SimpleQueue[Future[Done]] = queue.SimpleQueue()
    max_pending = max(PENDING_FACTOR * concurrency, MIN_PENDING)

    def emit(item: FetchedPage | _End) -> None:
        out.put(item)  # unbounded: the dispatcher never blocks on the caller

    def mark_ready(host: str) -> None:
        if host in queues and running_per_host[host] < per_host and host not in is_ready:
            is_ready.add(host)
            ready.append(host)

    def add(task: Task, discovered: bool) -> None:
        # pages and sitemaps share one key space: a sitemap linked from a page is not fetched twice
        key = ("site" if task.kind == "site" else "url", url_key(task.url))
        host = host_of(task.url)
        if key in queued:
            if task.seed:
                emit(duplicate_seed(task))
            return
        if task.kind == "page" and discovered:
            if host not in scope:
                return  # off-site
            if pages_per_host[host] >= max_pages_per_host:
                over_budget[host] += 1  # the host's page budget is spent: said at the end
                return
        queued.add(key)
        if task.kind == "page":
            pages_per_host[host] += 1
        queues.setdefault(host, deque()).append(task)
        mark_ready(host)

    def settle(future: Future[Done]) -> None:
        host = running.pop(future)
        running_per_host[host] -= 1
        result = future.result()
        if result.page is not None:
            emit(result.page)
        for found in result.found:
            add(found, discovered=True)
        mark_ready(host)

    pool = ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="fetch")
    error: BaseException | None = None
    try:
        for task in initial:
            add(task, discovered=False)
        while (queues or running) and not stop.is_set():
            reason = should_stop()
            if reason is not None:
                break
            # round robin over hosts; held back while the caller has enough pages waiting
            while ready and len(running) < concurrency and out.qsize() < max_pending:
                host = ready.popleft()
                is_ready.discard(host)
                task = queues[host].popleft()
                if not queues[host]:
                    del queues[host]
                future = pool.submit(run_task, task)
                running[future] = host
                running_per_host[host] += 1
                future.add_done_callback(finished.put)
                mark_ready(host)
            try:
                settle(finished.get(timeout=POLL_S))
            except queue.Empty:
                continue  # look at ``stop``, the run's stop request and the caller's backlog again
            with contextlib.suppress(queue.Empty):
                while True:  # everything else that finished meanwhile, before dispatching again
                    settle(finished.get_nowait())
        if reason is not None:
            error = _wind_down(reason, stop, on_interrupt, running, queues, emit)
    except BaseException as exc:  # a bug in the dispatcher: hand it to the caller
        error = exc
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        _warn_over_budget(over_budget, max_pages_per_host)
        if left_out is not None and over_budget:  # counted before the caller sees the end
            left_out[OVER_HOST_BUDGET] += sum(over_budget.values())
        emit(_End(error))


def _warn_over_budget(over_budget: Counter[str], max_pages_per_host: int) -> None:
    """One line per host whose sitemaps or links listed more pages than its budget: those pages
    get no request and no row, so without it a site of 40,000 pages was crawled 10,000 a night
    (the same ones, in sitemap order) and nothing said so."""
    for host, count in sorted(over_budget.items()):
        log.warning(
            "host %s: %d page(s) found in sitemaps or links not fetched: over its budget of %d "
            "(sources.max_pages_per_host; raise it to crawl them)",
            host,
            count,
            max_pages_per_host,
        )


def _wind_down(
    reason: str,
    stop: threading.Event,
    on_interrupt: Callable[[], object],
    running: dict[Future[Done], str],
    queues: dict[str, deque[Task]],
    emit: Callable[[FetchedPage | _End], None],
) -> BaseException | None:
    """The run asked the crawl to stop: finish (deadline) or cut (interrupt) what is in flight."""
    stop.set()  # tasks waiting for a host's turn give up now
    if reason != "deadline":
        on_interrupt()  # cut the requests in flight: Ctrl-C must not wait for a slow server
        return RunInterrupted()
    for future in as_completed(running):  # a task stopped while waiting returns a deadline page
        result = future.result()
        if result.page is not None:
            emit(result.page)
    skipped = [task for tasks in queues.values() for task in tasks]
    for task in skipped:
        if task.kind == "page":
            emit(not_fetched(task, Outcome.DEADLINE, DEADLINE_REASON))
    unread = [task.url for task in skipped if task.kind != "page"]
    if unread:
        log.warning("run deadline: %d sitemap(s) not read, e.g. %s", len(unread), unread[0])
    return None
