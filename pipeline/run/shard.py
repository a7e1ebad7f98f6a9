"""The shard function: one shard's pages fetched (or read), extracted, normalised and stored.

``run_shard`` is the single unit every engine executes (in-process, a local process pool or a
Dask cluster). Its contract: pages in, part files and a marker out. A page that fails at any
step becomes a ``fetches`` row with its outcome; only a failure to read the shard's input at
all (a corrupt WARC) ends the shard early, and even then the pages read so far are kept and
the input error is recorded as a row.

Conditional re-fetch state follows the rows: the fetcher stages this shard's new validators,
and they are published into the live state only after the marker (see ``pipeline.fetch.state``).
The same article version twice in one shard is written once (the second fetch row has outcome
``duplicate``); twice in two shards of one run, the driver resolves it after the shards
(``pipeline.store.commit``).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import os
import secrets
import socket
import statistics
import time
import traceback
from collections import Counter
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from pipeline.config import Config
from pipeline.crashpoints import crash_point
from pipeline.errors import ConfigError, InputError, PipelineError
from pipeline.extract import extract_html
from pipeline.extract.sites import load_site_rules
from pipeline.fetch.state import ConditionalState, publish_staged, staged_path
from pipeline.logs import setup_dask_worker_logging
from pipeline.normalize.dedupe import NearDuplicateIndex
from pipeline.normalize.rows import page_rows
from pipeline.normalize.rows import preload as rows_preload
from pipeline.normalize.schemas import fetch_row
from pipeline.records import FetchedPage, Outcome, PageResult, server_clock, utcnow
from pipeline.resources import code_version, extraction_stack, rules_digest, stack_differences
from pipeline.run import progress, stop
from pipeline.run.budget import STALLED, WALL_BACKSTOP_FACTOR, ExtractionStalled, ExtractionTimeout, PageBudget
from pipeline.run.plan import ShardSpec
from pipeline.run.retry import config_digest, finished
from pipeline.run.shard_result import ShardResult
from pipeline.sources.warc import read_warc
from pipeline.store.commit import SHARD_COMMIT_ORDER
from pipeline.store.lock import run_finish_lock, shard_commit_lock
from pipeline.store.manifest import committed_marker, marker_path, part_name, read_marker, write_marker
from pipeline.store.parquet import PartWriter, commit_parts
from pipeline.store.warc_archive import WarcArchive, commit_archives, discard_archives, output_tag

log = logging.getLogger("pipeline.shard")

# Part files are renamed into place in SHARD_COMMIT_ORDER (fetches last): with the marker written
# after them, a shard's rows are either all committed or all swept away on the next run.


# extract settings that leave a page's rows as they are: where the rules' folder lives (their
# content is in the rules digest), the time budget (a page over it is a failure, never rows)
_NOT_EXTRACTION = frozenset({"sites_dir", "max_seconds"})


def extractor_fingerprint(config: Config, rules: str) -> str:
    """What decides a page's rows besides the page: the code and the versions it extracts with
    (:func:`~pipeline.resources.extraction_stack`), the site rules and vocabularies
    (``rules``), the extract settings. A version stored under another fingerprint is fetched
    without validators (see :mod:`pipeline.fetch.state`), so it is extracted again."""
    extract = config.to_dict()["extract"]
    settings = json.dumps({k: v for k, v in extract.items() if k not in _NOT_EXTRACTION}, sort_keys=True)
    code = "\0".join(f"{name} {version}" for name, version in extraction_stack())  # dependencies too
    return hashlib.sha256(f"{code}\0{rules}\0{settings}".encode()).hexdigest()[:12]


class RulesMismatch(ConfigError):
    """A worker's site rules (or vocabularies) differ from the driver's: the run cannot be trusted."""


class ShardSuperseded(PipelineError):
    """The run finished (its manifest written) while this attempt of a shard ran: a lost Dask
    worker's attempt, whose hosts the resumed run fetched under other shards. Never committed."""


class DeadlineReached(PipelineError):
    """The run deadline passed while a WARC shard was read: it stops, uncommitted (a re-run reads it)."""


def state_dir(out_dir: Path) -> Path:
    return out_dir / "_state"


def _pages(
    spec: ShardSpec,
    config: Config,
    out_dir: Path,
    run_id: str,
    state: ConditionalState,
    attempt: str,
    not_pages: Counter[str],
    not_fetched: Counter[str],
) -> Iterator[FetchedPage]:
    """The shard's pages; ``not_pages`` counts a WARC's records that are no page, by family,
    ``not_fetched`` the URLs discovery found and left out, by reason (once the crawl ends)."""
    deadline_at = stop.deadline_epoch(config.run.deadline)
    if spec.warc:
        pages = read_warc(spec.warc, config.fetch.max_bytes, spec.warc_start, spec.warc_stop, not_pages)
        for number, page in enumerate(pages):
            if stop.stop_reason(deadline_at) == stop.DEADLINE:
                raise DeadlineReached(f"run deadline reached after {number} record(s) of {spec.warc}; not committed")
            yield page
        return
    from pipeline.fetch.fetcher import Fetcher

    archive = (
        WarcArchive(
            Path(config.output.raw_dir),
            run_id,
            spec.key,
            config.fetch.user_agent,
            config.fetch.obey_robots,
            tag=output_tag(out_dir),
            attempt=attempt,
        )
        if config.output.write_warc
        else None
    )
    fetch = config.fetch
    if spec.concurrency:  # this shard's share of the global limit
        fetch = dataclasses.replace(fetch, concurrency=spec.concurrency)
    with Fetcher(
        fetch,
        config.sources,
        state_dir=state_dir(out_dir),
        archive=archive,
        state=state,
        defer_state=True,
        should_stop=lambda: stop.stop_reason(deadline_at),
    ) as fetcher:
        yield from fetcher.crawl(spec.seeds, spec.sitemaps)
        not_fetched.update(fetcher.left_out)


def preload(shards: list[ShardSpec]) -> None:
    """Import the fetcher in the driver when URL shards will run, and read the public-suffix
    list (every page's row needs it): forked pool workers inherit both.

    Each worker would otherwise import the fetcher (requests, protego: ~0.1 s of CPU) before its
    first request and read the list (~75 ms) before its first row, on every run. The fetcher
    stays out of the driver's own start-up (a WARC-only run never needs it).
    """
    if any(not spec.warc for spec in shards):
        import pipeline.fetch.fetcher  # noqa: F401
    if shards:
        rows_preload()


def process_page(page: FetchedPage, config: Config, site_rules: dict[str, Any]) -> PageResult:
    """Extract one fetched page; an extraction failure becomes outcome ``extract_failed``."""
    if page.outcome is not Outcome.OK or page.html is None:
        return PageResult(page)
    crash_point("extract")
    try:
        with PageBudget(config.extract.max_seconds):
            extraction = extract_html(
                page.html,
                page.final_url or page.url,
                page.headers,
                site_rules,
                fast=config.extract.trafilatura_fast,
                fetched_at=page.fetched_at,
            )
    except ExtractionStalled:
        page.outcome = Outcome.EXTRACT_FAILED
        page.error = (
            f"{STALLED}: {config.extract.max_seconds * WALL_BACKSTOP_FACTOR:g} s of wall time passed "
            f"before its budget of {config.extract.max_seconds:g} s of CPU was spent (the process stopped or "
            "swapping; WALL_BACKSTOP_FACTOR x extract.max_seconds)"
        )
        log.warning("%s: %s", page.url, page.error)
        return PageResult(page)
    except ExtractionTimeout:
        page.outcome = Outcome.EXTRACT_FAILED
        page.error = f"extraction over its budget of {config.extract.max_seconds:g} s of CPU (extract.max_seconds)"
        log.warning("%s: %s", page.url, page.error)
        return PageResult(page)
    except Exception as exc:
        page.outcome = Outcome.EXTRACT_FAILED
        page.error = f"{type(exc).__name__}: {exc}"[:500]
        log.debug("extract failed for %s\n%s", page.url, traceback.format_exc())
        return PageResult(page)
    return PageResult(page, extraction)


def run_shard(
    spec: ShardSpec,
    config: Config,
    run_id: str,
    crawl_date: str,
    known_versions: frozenset[tuple[str, str]] = frozenset(),
    known_hashes: tuple[tuple[int, str], ...] = (),
    stored_urls: Mapping[str, tuple[str, str | None]] | None = None,
    driver_rules: str | None = None,
    progress_topic: str | None = None,
    driver_stack: tuple[tuple[str, str], ...] | None = None,
) -> ShardResult:
    """Run one shard to completion and commit it; a finished shard is not run twice.

    ``stored_urls``: URLs with a stored article (and the version their latest fetch saw); only
    these are fetched with validators, and a ``not_modified`` row gets that article id and hash.
    ``driver_rules``: the driver's :func:`~pipeline.resources.rules_digest`; a worker whose own
    rules differ raises :class:`RulesMismatch` before reading a page.
    ``progress_topic``: on a Dask cluster, the event topic the driver's bar follows (see
    :mod:`pipeline.run.progress`); None elsewhere.
    ``driver_stack``: on a Dask cluster, the driver's :func:`~pipeline.resources.extraction_stack`;
    a worker that extracts with another code, Python or dependency version raises
    :class:`RulesMismatch` before reading a page (its rows would differ from the others').
    """
    stop.check()  # interrupted while this shard waited for a worker
    setup_dask_worker_logging(config.run.log_format)
    rules = rules_digest(config.extract.sites_dir or None)
    if driver_rules is not None and rules != driver_rules:
        raise RulesMismatch(
            f"worker {socket.gethostname()} extracts with other site rules than the driver "
            f"(rules digest {rules}, driver {driver_rules}; code {code_version()}): install the same "
            "package version and the same extract.sites_dir on every worker"
        )
    if driver_stack is not None and (differences := stack_differences(extraction_stack(), driver_stack)):
        raise RulesMismatch(
            f"worker {socket.gethostname()} extracts with other code than the driver ({'; '.join(differences)}): "
            "install the same package, Python minor and dependency versions on every worker"
        )
    out_dir = Path(config.output.dir)
    done = committed_marker(out_dir, run_id, spec.key)
    if done is not None:  # killed between marker and publish: the committed attempt's state
        publish_staged(state_dir(out_dir), staged_path(state_dir(out_dir), run_id, spec.key, done.get("attempt", "")))
        return ShardResult.from_json(done)
    attempt = f"{os.getpid()}-{secrets.token_hex(4)}"  # this attempt's staged state and archive files
    finished_before = finished(out_dir, run_id)
    stage = staged_path(state_dir(out_dir), run_id, spec.key, attempt)
    if read_marker(out_dir, run_id, spec.key) is not None:
        # a part file went missing (swept while a lost attempt was between rename and marker): redo
        log.warning("shard %s: marker without its part files; running it again", spec.key)
        marker_path(out_dir, run_id, spec.key).unlink(missing_ok=True)
    started = time.monotonic()
    site_rules = load_site_rules(config.extract.sites_dir or None)
    name = part_name(run_id, spec.key)
    writers = {ds: PartWriter(out_dir, ds, crawl_date, name, config.output.batch_rows) for ds in SHARD_COMMIT_ORDER}
    result = ShardResult(
        key=spec.key,
        rules_digest=rules,
        config_digest=config_digest(config),
        code_version=code_version(),
        worker=socket.gethostname(),
        planned_hosts=[] if spec.warc else spec.hosts,
        attempt=attempt,
    )
    outcomes: Counter[str] = Counter()
    not_pages: Counter[str] = Counter()  # WARC records of a page's resources, skipped (no row)
    not_fetched: Counter[str] = Counter()  # URLs found in sitemaps left out (no row), by reason
    hosts: dict[str, Counter[str]] = {}
    skews: dict[str, list[float]] = {}  # per host: each live answer's server clock minus our fetch time
    near_duplicates = NearDuplicateIndex()
    for value, article_id in known_hashes:
        near_duplicates.add(value, article_id)
    written_versions: set[tuple[str, str]] = set()
    # validators advance only for pages whose version is stored (now, or by an earlier run)
    state = ConditionalState(
        state_dir(out_dir) if config.fetch.conditional else None,
        stage=stage,
        stored_urls=stored_urls or {},
        extractor=extractor_fingerprint(config, rules),
    )
    counted = progress.ShardPages(spec.key, progress_topic)  # what the driver's bar shows
    try:
        try:
            stored = stored_urls or {}
            for page in _pages(spec, config, out_dir, run_id, state, attempt, not_pages, not_fetched):
                stop.check()  # interrupted: this shard is abandoned, uncommitted, before its next page
                rows = page_rows(process_page(page, config, site_rules), run_id)
                if page.outcome is Outcome.NOT_MODIFIED:  # the stored version this 304 confirms
                    seen = stored.get(page.final_url or page.url) or stored.get(page.url)
                    if seen is not None:
                        rows.fetch["article_id"], rows.fetch["content_hash"] = seen
                key = rows.version_key
                if key is not None and rows.article is not None:
                    if page.state_key is not None:  # stored now or before: the validators may advance
                        state.remember(*page.state_key, page.header("etag"), page.header("last-modified"))
                    if key in known_versions:
                        result.skipped_versions += 1  # unchanged since an earlier run
                    elif key in written_versions:
                        rows.fetch["outcome"] = str(Outcome.DUPLICATE)
                        rows.fetch["error"] = "same version already written by this shard"
                    else:
                        written_versions.add(key)
                        rows.article["duplicate_of"] = near_duplicates.owner(rows.article["simhash"], key[0])
                        near_duplicates.add(rows.article["simhash"], key[0])
                        writers["articles"].append(rows.article)
                        if rows.metadata is not None:
                            writers["metadata"].append(rows.metadata)
                        writers["comments"].extend(rows.comments)
                        writers["references"].extend(rows.references)
                writers["fetches"].append(rows.fetch)
                _log_page(rows.fetch)
                outcomes[rows.fetch["outcome"]] += 1
                counted.done()
                if rows.fetch["host"]:  # an invalid URL or a broken input has none: a page, not a host
                    hosts.setdefault(rows.fetch["host"], Counter())[rows.fetch["outcome"]] += 1
                    if page.source == "http" and (served := server_clock(page.headers)) is not None:
                        skews.setdefault(rows.fetch["host"], []).append((served - page.fetched_at).total_seconds())
            stop.check()  # a crawl cut by an interrupt ends early: never commit it
        except DeadlineReached:
            raise
        except Exception as exc:
            outcome = Outcome.INPUT_ERROR if isinstance(exc, InputError) else Outcome.INTERNAL_ERROR
            result.input_error = f"{type(exc).__name__}: {exc}"
            log.error("shard %s stopped early: %s", spec.key, result.input_error)
            writers["fetches"].append(
                _error_row(spec, run_id, outcome, str(exc) if isinstance(exc, InputError) else result.input_error)
            )
            outcomes[str(outcome)] += 1
        state.save()  # the fetcher saved at its close; this adds the last page's validators
        result.outcomes = dict(outcomes)
        result.not_pages = dict(sorted(not_pages.items()))
        result.not_fetched = dict(sorted(not_fetched.items()))
        result.hosts = {h: dict(c) for h, c in hosts.items()}
        result.clock_skew = {h: round(statistics.median(values), 1) for h, values in sorted(skews.items())}
        archived = config.output.write_warc and not spec.warc
        with run_finish_lock(out_dir, run_id, shared=True), shard_commit_lock(out_dir, run_id, spec.key):
            winner = committed_marker(out_dir, run_id, spec.key)
            # another attempt committed while this one ran, or the run finished without it (a
            # resumed run that grouped the hosts into other shards): the rows stored stand. (A
            # run finished before the attempt began redoes a shard whose part file went missing.)
            if winner is not None or (not finished_before and finished(out_dir, run_id)):
                for writer in writers.values():
                    writer.abort()
                stage.unlink(missing_ok=True)
                if archived:
                    discard_archives(Path(config.output.raw_dir), run_id, spec.key, output_tag(out_dir), attempt)
                if winner is None:
                    raise ShardSuperseded(f"run {run_id} finished while shard {spec.key} ran: its rows discarded")
                log.warning(
                    "shard %s: committed meanwhile by another attempt (worker %s); this attempt's rows discarded",
                    spec.key,
                    winner.get("worker") or "?",
                )
                return ShardResult.from_json(winner)
            _commit(writers, result, out_dir)
            if archived:  # this attempt's exchanges are the shard's archive
                commit_archives(Path(config.output.raw_dir), run_id, spec.key, output_tag(out_dir), attempt)
            result.seconds = time.monotonic() - started
            crash_point("state")
            write_marker(out_dir, run_id, spec.key, result.to_json())
            crash_point("marker")
            publish_staged(state_dir(out_dir), stage)
    except BaseException:
        for writer in writers.values():
            writer.abort()
        raise
    finally:
        counted.close()
    return result


def _commit(writers: dict[str, PartWriter], result: ShardResult, out_dir: Path) -> None:
    """Rename the part files into place (under the shard's commit lock) and list them in ``result``.

    A dataset this attempt has no rows for loses the file a failed attempt of the shard may
    have renamed into place before it died (the marker would not list it; readers would read it).
    """
    renamed = commit_parts([writers[ds] for ds in SHARD_COMMIT_ORDER])
    for dataset, path in zip(SHARD_COMMIT_ORDER, renamed, strict=True):
        result.rows[dataset] = writers[dataset].rows_written
        if path is not None:
            result.files[dataset] = {"path": str(path.relative_to(out_dir)), "rows": writers[dataset].rows_written}
        else:
            writers[dataset].final_path.unlink(missing_ok=True)


def _log_page(fetch: dict[str, Any]) -> None:
    """One line per URL at -v: outcome, status, bytes, milliseconds, URL (and the reason)."""
    if log.isEnabledFor(logging.DEBUG):
        log.debug(
            "%s %s %dB %dms %s%s",
            fetch["outcome"],
            fetch["status"] if fetch["status"] is not None else "-",
            fetch["bytes"] or 0,
            fetch["elapsed_ms"] or 0,
            fetch["url"],
            f" ({fetch['error']})" if fetch["error"] else "",
        )


def _error_row(spec: ShardSpec, run_id: str, outcome: Outcome, error: str) -> dict[str, Any]:
    """A fetch-log row for a shard whose input broke part-way (the reason is kept)."""
    return fetch_row(
        url=spec.warc or spec.key,
        final_url=None,
        host=None,
        status=None,
        outcome=str(outcome),
        error=error[:500],
        attempts=1,
        bytes=0,
        elapsed_ms=0,
        content_type=None,
        source="warc" if spec.warc else "http",
        article_id=None,
        fetched_at=utcnow(),
        run_id=run_id,
        content_hash=None,
    )
