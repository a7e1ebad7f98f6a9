"""What a run does now: a new run, a retry attempt (new or killed before), less what it already did.

Resuming a run whatever its workers: the URL shards it committed under another plan are kept.

The run id digests the input and the config, not the shards (``pipeline.run.plan``), so a
killed run started again with another ``--workers`` (or on a cluster of another size) is the
same run, but its plan groups the hosts differently. A committed shard holds every URL of its
hosts (a host is never split), so those hosts are done: they are left out of the new plan and
the shard counts as resumed. Shards that were not committed left nothing behind (their part
files are swept), so their hosts are planned again, grouped for the workers at hand.

A finished run can still hold shards that never committed: a shard that failed (a pool worker
killed by the OOM killer breaks the whole pool, a Dask worker died too often, the disk was
full) or a WARC shard the run deadline cut. Their URLs left no fetch row, so no retry rule
would ever pick them up: a re-run of the same command fetches them as part of its attempt
(``lost_work``), and reads the lost WARC shards again, instead of reporting the run as done.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.config import Config, resolve_deadline
from pipeline.errors import ConfigError
from pipeline.files import write_json_atomic
from pipeline.run.plan import ShardSpec, plan_shards, url_host
from pipeline.run.retry import (
    ATTEMPT_SEPARATOR,
    Latest,
    attempted_urls,
    config_digest,
    finished,
    latest_outcomes,
    next_attempt,
    sitemaps_among,
    to_retry,
    unfinished_attempt,
)
from pipeline.run.shard_result import ShardResult
from pipeline.store.manifest import RUNS_DIR, committed_marker

log = logging.getLogger("pipeline.run")

# Keys of URL shards written before markers named their hosts ("hosts003").
_LEGACY_URL_SHARD = re.compile(r"hosts\d{3}")


def _url_shard_hosts(key: str, marker: dict[str, Any]) -> list[str]:
    """The hosts a committed URL shard holds; [] for a WARC shard."""
    planned = marker.get("planned_hosts")
    if planned:
        return [str(h) for h in planned]
    if _LEGACY_URL_SHARD.fullmatch(key):
        return [str(h) for h in marker.get("hosts", {})]
    return []


def carry_over(out_dir: Path, run_id: str, planned: set[str]) -> tuple[list[ShardResult], frozenset[str]]:
    """This run's committed URL shards that the current plan does not have, and their hosts."""
    shards_dir = out_dir / RUNS_DIR / run_id / "shards"
    if not shards_dir.is_dir():
        return [], frozenset()
    results: list[ShardResult] = []
    hosts: set[str] = set()
    for path in sorted(shards_dir.glob("*.json")):
        key = path.stem
        if key in planned:
            continue
        marker = committed_marker(out_dir, run_id, key)
        held = _url_shard_hosts(key, marker) if marker is not None else []
        if marker is None or not held:
            continue
        results.append(ShardResult.from_json(marker))
        hosts.update(held)
    return results, frozenset(hosts)


def lost_work(out_dir: Path, base: str, shards: list[ShardSpec]) -> tuple[list[str], list[ShardSpec]]:
    """What of the run ``base`` (planned as ``shards``) no committed shard of it or of its attempts holds.

    (URLs and sitemaps of URL shards, WARC shards.) A committed URL shard of the run holds
    every URL of its hosts; one of an attempt holds the attempt's recorded URLs of its hosts.
    """
    runs = out_dir / RUNS_DIR
    base_hosts: set[str] = set()
    attempt_held: list[tuple[set[str], set[str]]] = []  # (the attempt's URLs, its committed hosts)
    warc_done: set[str] = set()
    recorded = attempted_urls(out_dir, base)
    for run_dir in sorted(runs.iterdir()) if runs.is_dir() else []:
        name = run_dir.name
        if not run_dir.is_dir() or not (name == base or name.startswith(base + ATTEMPT_SEPARATOR)):
            continue
        for path in sorted((run_dir / "shards").glob("*.json")):
            marker = committed_marker(out_dir, name, path.stem)
            if marker is None:
                continue
            hosts = _url_shard_hosts(path.stem, marker)
            if not hosts:
                warc_done.add(path.stem)
            elif name == base:
                base_hosts.update(hosts)
            else:
                attempt_held.append((recorded.get(name, set()), set(hosts)))

    def held(url: str) -> bool:
        host = url_host(url)
        return host in base_hosts or any(host in hosts and url in urls for urls, hosts in attempt_held)

    urls = [u for s in shards if not s.warc for u in (*s.seeds, *s.sitemaps) if not held(u)]
    return list(dict.fromkeys(urls)), [s for s in shards if s.warc and s.key not in warc_done]


@dataclass
class RunWork:
    """The run id this invocation runs under and the shards it runs; what it keeps and retries."""

    run_id: str
    shards: list[ShardSpec]
    carried: list[ShardResult] = field(default_factory=list)  # committed under another plan
    retry_of: str | None = None  # this is an attempt of that finished run
    latest: dict[str, Latest] = field(default_factory=dict)  # the run's URLs, latest outcome
    retried: list[str] = field(default_factory=list)  # the URLs this attempt fetches again
    resumed_attempt: bool = False  # an attempt killed part-way, finished now
    to_fetch: list[str] = field(default_factory=list)  # of ``retried``, those no committed shard holds yet


def _check_same_config(out_dir: Path, run_id: str, config: Config) -> None:
    """A run resumed (``--run-id``) with other sources, fetch or extract settings would keep what
    the old settings wrote (its manifest, or the markers of the shards a killed run committed)
    beside what the new ones write: refused (exit 2). The default run id digests these
    settings, so only a forced ``--run-id`` can meet this. Files of older versions, which did not
    record the digest, are not checked."""
    runs = out_dir / RUNS_DIR
    stated = ""
    for path in [runs / f"{run_id}.json", *sorted((runs / run_id / "shards").glob("*.json"))]:
        try:
            stated = str(json.loads(path.read_text(encoding="utf-8")).get("config_digest") or "")
        except (OSError, ValueError, AttributeError):
            continue
        if stated:
            break
    if stated and stated != config_digest(config):
        raise ConfigError(
            f"run {run_id} was made with other sources, fetch or extract settings or site rules ({stated}, now "
            f"{config_digest(config)}): resuming it would mix the two; pass another --run-id, or none "
            "(the default run id follows the settings)"
        )


def plan_run(config: Config, slots: int, out_dir: Path, run_id: str, shards: list[ShardSpec]) -> RunWork:
    """``shards`` (the input's plan) as this invocation runs them (see ``pipeline.run.retry``)."""
    work = RunWork(run_id, shards)
    planned_config = config
    _check_same_config(out_dir, run_id, config)
    if finished(out_dir, run_id) and any(not s.warc for s in shards):  # again: fetch what failed for a passing reason
        work.retry_of, work.latest = run_id, latest_outcomes(out_dir, run_id)
        lost_urls, lost_warc = lost_work(out_dir, run_id, shards)  # shards that failed: no rows at all
        killed = unfinished_attempt(out_dir, run_id)  # an attempt killed part-way is finished first
        if killed is not None:
            (work.run_id, work.retried), work.resumed_attempt = killed, True
        else:
            work.retried = list(dict.fromkeys([*to_retry(work.latest), *lost_urls]))
            work.run_id = next_attempt(out_dir, run_id) if work.retried or lost_warc else run_id
        # fetched again as sitemaps, not as pages
        maps = sitemaps_among(out_dir, run_id, work.retried) | {m for s in shards for m in s.sitemaps}
        maps &= set(work.retried)
        pages = [u for u in work.retried if u not in maps]
        sources = dataclasses.replace(config.sources, urls=pages, url_files=[], sitemaps=sorted(maps), warc=[])
        planned_config = dataclasses.replace(config, sources=sources)
        work.shards = (plan_shards(planned_config, slots) if work.retried else []) + lost_warc
    # committed under another plan (other --workers): kept, and their hosts not planned again
    work.carried, done_hosts = carry_over(out_dir, work.run_id, {s.key for s in work.shards})
    if done_hosts:
        kept_warc = [s for s in work.shards if s.warc]
        work.shards = [s for s in plan_shards(planned_config, slots, skip_hosts=done_hosts) if not s.warc] + kept_warc
        log.info(
            "run %s: %d shard(s) committed with other workers kept (%d host(s)); the rest planned again",
            work.run_id,
            len(work.carried),
            len(done_hosts),
        )
    if work.retry_of is not None:  # a resumed attempt's committed shards hold some of its URLs already
        open_urls = {
            url
            for spec in work.shards
            if committed_marker(out_dir, work.run_id, spec.key) is None
            for url in (*spec.seeds, *spec.sitemaps)
        }
        work.to_fetch = [url for url in work.retried if url.strip() in open_urls]
    return work


# The run deadline an invocation set, kept beside the run's shard markers (``_runs/<run id>/``).
DEADLINE_FILE = "deadline.json"


def run_deadline(out_dir: Path, run_id: str, given: str, now: dt.datetime) -> str:
    """``run.deadline`` (``given``) as the absolute time this invocation stops at: the one the run
    set when it started, if it is resumed with the same setting; else ``given`` resolved from
    ``now`` and kept for a resume (called under the output lock, before any shard starts).

    A duration ("20h") counted afresh by each invocation gave a run killed after 19 hours and
    resumed by its scheduler (systemd's Restart=, an Airflow retry) 20 more: the nightly run
    that ``--deadline`` keeps from the next night ran into it. A resume is the same run, so it
    keeps the run's time; a new attempt after a finished run (the same command after exit 3 or
    1) is a new run id, with a budget of its own, and so is a finished run run again under its
    id (a WARC run's shards the deadline cut, read again whole: kept, that passed deadline cut
    them again at once, every time); a changed setting is the user's, used at once."""
    if not given.strip():
        return ""
    path = out_dir / RUNS_DIR / run_id / DEADLINE_FILE
    try:
        kept = json.loads(path.read_text(encoding="utf-8"))
        if kept["given"] == given and not finished(out_dir, run_id):
            at = resolve_deadline(str(kept["at"]))
            if at and dt.datetime.fromisoformat(at) <= now:
                log.warning("run %s resumed after its deadline (%s, set by %r): no page is fetched", run_id, at, given)
            else:
                log.info("run %s resumed: its deadline stays %s (set by %r when it started)", run_id, at, given)
            return at
    except (OSError, ValueError, KeyError, TypeError, ConfigError):
        pass  # none kept (a new run), or unreadable: set afresh
    at = resolve_deadline(given, now)
    write_json_atomic(path, {"given": given, "at": at, "set_at": now.isoformat()})
    return at
