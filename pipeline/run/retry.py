"""Retries that retry: a re-run of a finished run fetches again what failed, and keeps what succeeded.

A run is identified by its date and a digest of its input and config, so a scheduler that
retries the same command on the same day gets the same run id. When that run already has a
manifest (it finished), the re-run is an *attempt* of it: ``<run id>.r2``, ``.r3``... whose seeds
are the URLs whose latest outcome in the run and its earlier attempts is a transient failure
(connection error, timeout, 5xx or 429, internal error, run deadline). Pages that succeeded, and permanent
failures (404, robots, not HTML...), are not fetched again. A run that never finished is
resumed instead (finished shards are kept), as before.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path

import pyarrow.compute as pc

from pipeline.config import Config
from pipeline.records import Outcome
from pipeline.store.manifest import RUNS_DIR
from pipeline.store.parquet import read_dataset

# Outcomes a later attempt may well turn into a success: the network, the server or this
# program failed, not the page, or the run deadline came before it. An http_error counts when
# its status says "try again".
TRANSIENT = frozenset({Outcome.CONNECTION_ERROR, Outcome.TIMEOUT, Outcome.INTERNAL_ERROR, Outcome.DEADLINE})
RETRY_STATUSES = frozenset({408, 425, 429})
ATTEMPT_SEPARATOR = ".r"


def config_digest(config: Config) -> str:
    """What the run does, not how it is run: sources, fetch and extract settings (not workers, logs)."""
    relevant = {k: v for k, v in config.to_dict().items() if k in ("sources", "fetch", "extract")}
    return hashlib.sha256(json.dumps(relevant, sort_keys=True, default=str).encode()).hexdigest()[:8]


def finished(out_dir: Path, run_id: str) -> bool:
    return (out_dir / RUNS_DIR / f"{run_id}.json").is_file()


def retryable(outcome: str, status: int | None) -> bool:
    if outcome in TRANSIENT:
        return True
    return outcome == Outcome.HTTP_ERROR and status is not None and (status >= 500 or status in RETRY_STATUSES)


def _family(run_id: str, base: str) -> bool:
    return run_id == base or run_id.startswith(base + ATTEMPT_SEPARATOR)


def latest_outcomes(out_dir: Path, base: str) -> dict[str, tuple[str, int | None]]:
    """Each fetched URL of the run ``base`` and its attempts: its latest (outcome, status)."""
    table = read_dataset(out_dir, "fetches", ["url", "outcome", "status", "source", "run_id", "fetched_at"])
    if table.num_rows == 0:
        return {}
    table = table.filter(pc.starts_with(table.column("run_id"), base)).sort_by("fetched_at")
    latest: dict[str, tuple[str, int | None]] = {}
    for url, outcome, status, source, run_id in zip(
        *(table.column(c).to_pylist() for c in ("url", "outcome", "status", "source", "run_id")), strict=True
    ):
        if source == "http" and _family(run_id, base):
            latest[url] = (outcome, status)
    return latest


def to_retry(latest: dict[str, tuple[str, int | None]]) -> list[str]:
    return [url for url, (outcome, status) in latest.items() if retryable(outcome, status)]


def next_attempt(out_dir: Path, base: str) -> str:
    """The id of the next attempt of ``base``: ``<base>.r2`` after the first run, and so on.

    An attempt killed part-way is not resumed (its seeds depended on what had failed then): its
    committed shards count as fetched, and the next attempt retries what is still failing.
    """
    runs = out_dir / RUNS_DIR
    names = {p.name.removesuffix(".json") for p in runs.glob(f"{base}{ATTEMPT_SEPARATOR}*")} if runs.is_dir() else set()
    numbers = [int(n.rsplit(ATTEMPT_SEPARATOR, 1)[1]) for n in names if n.rsplit(ATTEMPT_SEPARATOR, 1)[1].isdigit()]
    return f"{base}{ATTEMPT_SEPARATOR}{max(numbers, default=1) + 1}"


def outcome_counts(latest: dict[str, tuple[str, int | None]]) -> dict[str, int]:
    return dict(sorted(Counter(outcome for outcome, _ in latest.values()).items()))
