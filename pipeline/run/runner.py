"""A whole run: plan, lock, clean up after a killed run, execute shards, publish the manifest.

Idempotent: the default run id is ``<run date>-<digest of the input>``, so running the same
input again on the same day resumes (finished shards are skipped) and adds no rows; on
another day the article versions already stored are skipped, so ``articles`` stays unique on
(article_id, content_hash) and only changed pages add a version. Within a run, a version
that two shards both wrote is kept in the lowest shard only (``pipeline.store.commit``), before
the manifest is written; a run killed before that is resolved when the next run starts.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import re
import sys
import time
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, CancelledError, Future, wait
from pathlib import Path
from typing import Any

from pipeline.config import Config, with_absolute_paths
from pipeline.crashpoints import crash_point
from pipeline.errors import ConfigError, SchedulerLost, WorkersLost
from pipeline.fetch.state import STATE_MAX_IDLE_DAYS, prune_idle_hosts
from pipeline.fetch.urls import redact_credentials
from pipeline.resources import code_version, extraction_stack, rules_digest
from pipeline.run import stop
from pipeline.run.engine import Engine, open_engine
from pipeline.run.plan import ShardSpec, input_fingerprint, plan_shards, requested_hosts, unusable_urls
from pipeline.run.progress import PageProgress, new_counter
from pipeline.run.resume import plan_run, run_deadline
from pipeline.run.retry import config_digest, latest_outcomes, outcome_counts, record_attempt
from pipeline.run.shard import DeadlineReached, RulesMismatch, preload, run_shard, state_dir
from pipeline.run.shard_result import ShardResult, UnsharedOutput, check_visible
from pipeline.run.stored import shard_urls, stored_articles, stored_urls
from pipeline.run.summary import RunSummary, by_host, clock_line, fill_summary, workers_of
from pipeline.run.upkeep import (
    check_dirs,
    clean_up_killed_runs,
    prune_raw,
    sweep_dead_attempts,
    warn_if_the_clock_is_behind,
)
from pipeline.store.commit import resolve_duplicates
from pipeline.store.lock import OutputLock, run_finish_lock
from pipeline.store.manifest import (
    committed_marker,
    committed_markers,
    write_manifest,
)
from pipeline.store.parquet import write_schema_parts

log = logging.getLogger("pipeline.run")
_RUN_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")
# A dry run's plan names this many of a shard's invalid URL lines: enough to see the mistake
# (``grep -H`` output, a pasted title), the count says how many more.
INVALID_SHOWN = 3


def _plan_json(shards: list[ShardSpec], out_dir: Path, run_id: str) -> list[dict[str, Any]]:
    """The shards as ``--dry-run`` shows them; ``invalid``: the seeds the run records as
    ``invalid_url`` rows without a request (the first INVALID_SHOWN of them in ``invalid_urls``)."""
    plan = []
    for s in shards:
        invalid = unusable_urls(s.seeds)
        refused = invalid + unusable_urls(s.sitemaps)
        plan.append(
            {
                "key": s.key,
                "warc": s.warc,
                **({"range": [s.warc_start, s.warc_stop]} if s.warc and (s.warc_start or s.warc_stop) else {}),
                "seeds": len(s.seeds),
                "sitemaps": len(s.sitemaps),
                "hosts": requested_hosts(s, refused),
                "invalid": len(invalid),
                "invalid_urls": invalid[:INVALID_SHOWN],
                "done": committed_marker(out_dir, run_id, s.key) is not None,
            }
        )
    return plan


def _carried_json(result: ShardResult) -> dict[str, Any]:
    """A shard committed under another plan, as ``_plan_json`` shows shards (its pages as its URLs)."""
    pages = sum(result.outcomes.values())
    return {
        "key": result.key,
        "warc": None,
        "seeds": pages,
        "sitemaps": 0,
        "hosts": result.planned_hosts,
        "invalid": 0,
        "invalid_urls": [],
        "done": True,
    }


def run_pipeline(
    config: Config, argv: list[str] | None = None, dry_run: bool = False, show_progress: bool | None = None
) -> RunSummary:
    """Run the job described by ``config``; raises only run-level errors (config, input, lock)."""
    started = time.monotonic()
    started_at = dt.datetime.now(dt.UTC)
    config = with_absolute_paths(config)  # shards may run on Dask workers with another working directory
    with (
        stop.signal_handlers(),
        open_engine(config.run.workers, config.run.scheduler, config.run.scheduler_timeout_s) as engine,
    ):
        return _run(config, engine, argv, dry_run, show_progress, started, started_at)


def _run(
    config: Config,
    engine: Engine,
    argv: list[str] | None,
    dry_run: bool,
    show_progress: bool | None,
    started: float,
    started_at: dt.datetime,
) -> RunSummary:
    shards = plan_shards(config, engine.slots)
    if config.run.workers > len(shards) and not config.run.scheduler:  # 0 (one per core) says nothing
        log.warning(
            "--workers %d but only %d shard(s) to run (one per WARC byte range, at most one per host): "
            "%d worker(s) will have nothing to do",
            config.run.workers,
            len(shards),
            config.run.workers - len(shards),
        )
    # normalised: fromisoformat also takes 20261120, the partition is always YYYY-MM-DD
    run_date = (
        dt.date.fromisoformat(config.run.run_date).isoformat() if config.run.run_date else started_at.date().isoformat()
    )
    run_id = config.run.run_id or f"{run_date}-{input_fingerprint(shards, config_digest(config))}"
    if not _RUN_ID.fullmatch(run_id) or "--" in run_id:
        # it names part files (part-<run_id>--<shard>) and marker directories
        raise ConfigError(f"run.run_id: letters, digits, '.', '_' and single '-' only, got {run_id!r}")
    out_dir = Path(config.output.dir)
    work = plan_run(config, engine.slots, out_dir, run_id, shards)
    run_id, shards, carried = work.run_id, work.shards, work.carried
    retry_of, latest, retried, resumed_attempt = work.retry_of, work.latest, work.retried, work.resumed_attempt
    url_shards = sum(1 for s in shards if not s.warc)
    summary = RunSummary(
        run_id=run_id,
        run_date=run_date,
        shards=len(shards) + len(carried),
        dry_run=dry_run,
        plan=_plan_json(shards, out_dir, run_id) + [_carried_json(r) for r in carried],
        retry_of=retry_of,
        retried=retried,
        to_fetch=work.to_fetch,
        resumed_attempt=resumed_attempt,
        max_failure_rate=config.run.max_failure_rate,
    )
    if retry_of is not None:
        log.info(
            "run %s finished before: %d page(s) kept, %d to fetch again (attempt %s%s)",
            retry_of,
            len(latest) - len(retried),
            len(retried),
            run_id,
            ", killed before, resumed" if resumed_attempt else "",
        )
    if dry_run and config.output.write_warc and config.output.raw_keep_days:
        prune_raw(config, out_dir, delete=False)
    if dry_run or (retry_of is not None and not shards):
        summary.outcomes = outcome_counts(latest)  # nothing to do: the run's standing
        return summary
    check_dirs(config, fetching=any(not s.warc for s in shards))
    with OutputLock(out_dir):
        clean_up_killed_runs(config, out_dir)
        # one absolute time for every shard, wherever it runs; a resumed run keeps its own
        deadline = run_deadline(out_dir, run_id, config.run.deadline, started_at)
        config = dataclasses.replace(config, run=dataclasses.replace(config.run, deadline=deadline))
        warn_if_the_clock_is_behind(out_dir, started_at)
        if idle := prune_idle_hosts(state_dir(out_dir)):
            log.info("fetch state: %d host file(s) not written for %d days deleted", idle, STATE_MAX_IDLE_DAYS)
        if config.output.write_warc and config.output.raw_keep_days:
            prune_raw(config, out_dir)
        if retry_of is not None and not resumed_attempt:  # what this attempt fetches, should it be killed
            record_attempt(out_dir, run_id, retry_of, retried)
        stop.check()  # each step of the start reads the history: a signal is acted on between them
        stored = stored_articles(out_dir, exclude_run=run_id)  # one read of the articles for both
        known_versions, known_hashes = stored.versions, stored.first_simhashes
        fetching = config.fetch.conditional and any(not s.warc for s in shards)
        stop.check()
        urls = stored_urls(out_dir, stored.article_ids) if fetching else {}
        stop.check()
        results: list[ShardResult] = list(carried)
        mismatches: list[RulesMismatch | UnsharedOutput] = []  # exit 2 after the manifest
        cancelled: list[str] = []  # shards whose futures came back cancelled (a Dask scheduler gone)
        driver_rules = rules_digest(config.extract.sites_dir or None)
        driver_stack = extraction_stack() if engine.client is not None else None  # forked workers share it
        progress = _progress(shards, carried, out_dir, run_id, show_progress, config)
        topic = progress.listen(engine.client, run_id)  # on Dask: shards report pages as events
        # before the first shard commits (after the start read the history: a new output's has
        # none to read): a reader's glob over a new output finds a file at once
        write_schema_parts(out_dir, run_date)
        preload(shards)
        with engine.executor(len(shards)) as executor:
            engine_info = engine.describe()
            log.info(
                "run %s: %d shard(s) (%d of URLs, every host of a shard fetched at once), engine %s",
                run_id,
                len(shards),
                url_shards,
                engine_info["engine"],
                extra={"run_id": run_id, "run_date": run_date, "shards": len(shards), "engine": engine_info},
            )
            futures = {
                executor.submit(
                    run_shard,
                    spec,
                    config,
                    run_id,
                    run_date,
                    known_versions,
                    known_hashes,
                    shard_urls(spec, urls),
                    driver_rules,
                    topic,
                    driver_stack,
                ): spec
                for spec in shards
            }
            for future in _as_completed(futures, engine, config.run.worker_wait_s):
                spec = futures[future]
                try:
                    results.append(check_visible(out_dir, run_id, future.result()))
                except DeadlineReached as exc:
                    summary.deadline_shards.append(spec.key)
                    log.warning("shard %s: %s", spec.key, exc)
                except Exception as exc:
                    if isinstance(exc, (RulesMismatch, UnsharedOutput)):
                        mismatches.append(exc)
                    summary.shard_errors[spec.key] = f"{type(exc).__name__}: {exc}".removesuffix(": ")
                    if isinstance(exc, CancelledError):  # a lost scheduler's: told once, below
                        cancelled.append(spec.key)
                    else:
                        log.error("shard %s failed: %s", spec.key, summary.shard_errors[spec.key])
                if results and results[-1].key == spec.key and not results[-1].resumed:
                    progress.shard_done(spec.key, sum(results[-1].outcomes.values()))
        progress.close()
        stop.check()  # interrupted (Dask shards ignore it): no manifest, the next run resumes
        if (lost := engine.lost()) is not None and summary.shard_errors:  # no manifest either
            raise SchedulerLost(
                f"{lost} with {len(summary.shard_errors)} shard(s) unfinished; the run is not finished "
                "(no manifest): run the same command again once a scheduler answers (committed shards are kept)"
            )
        for key in cancelled:  # cancelled with the scheduler still there (not seen): a failed shard
            log.error("shard %s failed: %s", key, summary.shard_errors[key])
        crash_point("shards")
        # no shard attempt commits meanwhile: one that commits later finds the run finished
        with run_finish_lock(out_dir, run_id, shared=False):
            # the run's commit: a version written by two shards stays in the lowest one only
            refreshed = resolve_duplicates(out_dir, run_id, config.output.batch_rows)
            for result in results:
                if result.key in refreshed:
                    marker = refreshed[result.key]
                    result.outcomes, result.hosts = marker["outcomes"], marker["hosts"]
                    result.rows, result.files = marker["rows"], marker["files"]
            # a lost worker's attempt under a key of another plan that committed while the run ran:
            # its files are the run's too (its versions resolved above), its pages counted by this plan
            ours = {result.key for result in results}
            late = {k: m for k, m in committed_markers(out_dir, run_id).items() if k not in ours}
            summary.seconds = time.monotonic() - started
            fill_summary(summary, results)
            if line := clock_line(summary):
                log.warning("%s", line)
            if retry_of is not None:  # the pages kept from earlier attempts count too
                summary.outcomes = outcome_counts(latest_outcomes(out_dir, retry_of))
            manifest = {
                "run_id": run_id,
                "run_date": run_date,
                "started_at": started_at.isoformat(),
                "finished_at": dt.datetime.now(dt.UTC).isoformat(),
                "duration_s": round(summary.seconds, 3),
                "arguments": redact_credentials(list(argv if argv is not None else sys.argv[1:])),
                "code_version": code_version(),
                "rules_digest": driver_rules,
                "config_digest": config_digest(config),  # a forced --run-id resumes only with the same
                "workers": workers_of(results),
                "engine": engine_info,
                "config": redact_credentials(config.to_dict()),  # seed URLs may carry user:pass@
                "counts_by_outcome": summary.outcomes,
                "counts_by_host": by_host(results),
                "skipped_not_pages": summary.not_pages,  # WARC records of page resources, by family
                "not_fetched": summary.not_fetched,  # URLs sitemaps listed, left out: by reason
                "rows": summary.rows,
                "files": [dict(f, dataset=ds, shard=r.key) for r in results for ds, f in sorted(r.files.items())]
                + [
                    dict(f, dataset=ds, shard=k, late=True)
                    for k, m in late.items()
                    for ds, f in sorted(m["files"].items())
                ],
                "shards": {
                    "planned": len(shards) + len(carried),
                    "completed": len(results),
                    "resumed": summary.resumed_shards,
                    "failed": summary.shard_errors,
                    "cut_by_deadline": summary.deadline_shards,
                    "late": sorted(late),
                },
                "deadline": config.run.deadline or None,
                "skipped_existing_versions": sum(r.skipped_versions for r in results),
                "retry_of": retry_of,
                "retried": len(retried),
                "exit_code": summary.exit_code,
            }
            write_schema_parts(out_dir, run_date)  # every dataset readable, rows or not
            summary.manifest = str(write_manifest(out_dir, run_id, manifest))
            sweep_dead_attempts(config, out_dir, run_id)
        log.info(
            "run %s finished in %.1fs: %s",
            run_id,
            summary.seconds,
            ", ".join(f"{k}={v}" for k, v in summary.outcomes.items()) or "no pages",
            extra={
                "run_id": run_id,
                "outcomes": summary.outcomes,
                "rows": summary.rows,
                "exit_code": summary.exit_code,
            },
        )
        if mismatches:  # after the manifest, which records the failed shards
            raise type(mismatches[0])(f"{mismatches[0]} ({len(mismatches)} shard(s) refused)")
    return summary


def _as_completed(
    futures: dict[Future[ShardResult], ShardSpec], engine: Engine, worker_wait_s: float
) -> Iterator[Future[ShardResult]]:
    """The shards as they finish; RunInterrupted as soon as the run is interrupted; WorkersLost
    when a Dask cluster has had no worker for ``worker_wait_s`` (its workers killed and not
    restarted: Dask waits for one forever, and so did the run); SchedulerLost when its scheduler
    has answered no poll for as long (frozen: its connection open, nothing ever coming back).

    Local shards stop on their own at the flag; shards on a Dask cluster cannot be told, so the
    driver stops waiting for them (they finish and commit by themselves).
    """
    pending = set(futures)
    while pending:
        done, pending = wait(pending, timeout=stop.RELAY_POLL_S * 4, return_when=FIRST_COMPLETED)
        stop.check()
        if not done and engine.workerless_s() > worker_wait_s:
            raise WorkersLost(
                f"the Dask cluster at {engine.scheduler} has had no worker for {worker_wait_s:g} s "
                f"(run.worker_wait_s) with {len(pending)} shard(s) unfinished; the run is not finished "
                "(no manifest): run the same command again once workers are up (committed shards are kept)"
            )
        if not done and engine.unanswered_s() > worker_wait_s:
            raise SchedulerLost(
                f"the Dask scheduler at {engine.scheduler} has not answered for {worker_wait_s:g} s "
                f"(run.worker_wait_s; frozen, or its host unreachable) with {len(pending)} shard(s) unfinished; "
                "the run is not finished (no manifest): run the same command again once a scheduler answers "
                "(committed shards are kept)"
            )
        yield from done


def _progress(
    shards: list[ShardSpec],
    carried: list[ShardResult],
    out_dir: Path,
    run_id: str,
    show: bool | None,
    config: Config,
) -> PageProgress:
    """The bar in pages: the URLs planned, and the pages of the shards already committed."""
    mode = config.run.progress
    enabled = show if show is not None else (mode == "on" or (mode == "auto" and sys.stderr.isatty()))
    committed = [committed_marker(out_dir, run_id, s.key) for s in shards]
    already = sum(sum(r.outcomes.values()) for r in carried)
    already += sum(sum(m.get("outcomes", {}).values()) for m in committed if m is not None)
    planned = sum(len(s.seeds) for s, m in zip(shards, committed, strict=True) if m is None)
    new_counter()
    return PageProgress(planned, already, enabled)
