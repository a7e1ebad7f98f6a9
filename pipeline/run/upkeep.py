"""The output folder's upkeep around a run: its folders checked before the first request, what
killed runs left cleaned up under the output lock, old raw archives pruned, and the files of a
finished run's dead attempts swept. The run itself (:mod:`pipeline.run.runner`) orchestrates."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import logging
import tempfile
from pathlib import Path

from pipeline.config import Config
from pipeline.errors import ConfigError
from pipeline.fetch.state import recover_staged
from pipeline.normalize.schemas import CRAWL_DATE, DATASETS
from pipeline.run.retry import finished
from pipeline.run.shard import state_dir
from pipeline.store.commit import resolve_duplicates, unfinished_runs
from pipeline.store.lock import require_flock, run_finish_lock
from pipeline.store.manifest import (
    committed_attempt,
    list_manifests,
    remove_unmarked_parts,
)
from pipeline.store.parquet import sweep_temporary_files
from pipeline.store.raw_retention import prune_raw_archive
from pipeline.store.warc_archive import output_tag, sweep_stale_archives, sweep_uncommitted_archives

log = logging.getLogger("pipeline.run")

# Every column an analyst reads from the datasets, the partition's included: a folder above the
# output named ``<column>=<value>`` would stand in for that column in DuckDB's and Polars' reads.
DATASET_COLUMNS = frozenset({CRAWL_DATE.name} | {name for schema in DATASETS.values() for name in schema.names})


def check_dirs(config: Config, fetching: bool) -> None:
    """Output, state and raw directories created, writable and lockable (flock) before the first
    request (exit 2 if not): a file system without flock failed with a traceback when first locked."""
    out_dir = Path(config.output.dir)
    check_partition_names(out_dir)
    # (key, folder, whether the run flocks files in it: the state's files are never locked)
    dirs = [("output.dir", out_dir, True), ("output.dir", state_dir(out_dir), False)]
    if fetching and config.output.write_warc:
        dirs.append(("output.raw_dir", Path(config.output.raw_dir), True))
    for key, path, locked in dirs:
        try:
            path.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=path, prefix=".write-check-") as probe:
                if locked:
                    require_flock(key, path, probe.fileno())
        except OSError as exc:
            raise ConfigError(f"{key}: cannot create or write {path}: {exc.strerror or exc}") from None


def check_partition_names(out_dir: Path) -> None:
    """DuckDB and Polars (``hive_partitioning``, as the README reads the datasets) take every
    folder of a file's path named ``key=value`` as a column, not only ``crawl_date=``: one above
    the output (``/lake/site=health/out``, a lake laid out by Hive-style folders) replaced every
    row's ``site`` with "health", silently (pandas and pyarrow, given the dataset's folder, read
    it right). Such a folder named after a column is refused (exit 2); another one adds a column
    to those reads, which a warning names."""
    folders = [part.partition("=") for part in out_dir.parts if "=" in part.strip("=")]
    shadowing = [f"{key}={value}" for key, _, value in folders if key.strip().lower() in DATASET_COLUMNS]
    if shadowing:
        raise ConfigError(
            f"output.dir: {out_dir} is under a folder named like a partition of a column the datasets hold "
            f"({', '.join(shadowing)}): DuckDB and Polars (hive_partitioning) would read its value as every "
            "row's; choose an output folder without one"
        )
    if folders:
        log.warning(
            "output.dir %s is under folders named like partitions (%s): DuckDB and Polars (hive_partitioning) "
            "read each as a column of every dataset",
            out_dir,
            ", ".join(f"{key}={value}" for key, _, value in folders),
        )


def clean_up_killed_runs(config: Config, out_dir: Path) -> None:
    """What runs killed before their end left (under the output lock, before anything is read):
    temporary and unmarked part files, open or uncommitted archives, a version two shards wrote
    (a run killed before it resolved them), staged fetch state published or dropped."""
    swept = sweep_temporary_files(out_dir)
    if config.output.write_warc:
        swept += sweep_stale_archives(Path(config.output.raw_dir), output_tag(out_dir))
        over = functools.partial(finished, out_dir)  # killed between a manifest and its sweep
        swept += sweep_uncommitted_archives(Path(config.output.raw_dir), output_tag(out_dir), over)
    orphans = remove_unmarked_parts(out_dir)
    if swept or orphans:
        log.info("cleaned up after an interrupted run: %d temporary and %d uncommitted part files", swept, len(orphans))
    for unfinished in unfinished_runs(out_dir):  # killed before its shards were resolved
        with run_finish_lock(out_dir, unfinished, shared=False):
            resolve_duplicates(out_dir, unfinished, config.output.batch_rows)
    published, dropped = recover_staged(state_dir(out_dir), lambda run, shard: committed_attempt(out_dir, run, shard))
    if published or dropped:
        log.info("fetch state of interrupted shards: %d published, %d dropped (never committed)", published, dropped)


def warn_if_the_clock_is_behind(out_dir: Path, started_at: dt.datetime) -> None:
    """A run that starts before an earlier run over the same output finished: the clock went
    backwards (a wrong clock corrected, a restored VM). Nothing is lost or written twice (the
    articles are keyed by content), but this run's fetches sort before that run's, so "the
    version the latest fetch saw" (the README's current-state query) is that run's."""
    times = []
    for manifest in list_manifests(out_dir):
        with contextlib.suppress(KeyError, TypeError, ValueError):  # a manifest of another version
            times.append(dt.datetime.fromisoformat(manifest["finished_at"]))
    finished = max(times, default=None)
    if finished is not None and finished > started_at:
        log.warning(
            "the clock is behind this output: a run finished at %s, after this run's start (%s); "
            "this run's fetched_at sort before that run's, so the current-state query takes that run's "
            "versions as current until a run starts after %s",
            finished.isoformat(),
            started_at.isoformat(),
            finished.isoformat(),
        )


def prune_raw(config: Config, out_dir: Path, delete: bool = True) -> None:
    """Raw archive files older than ``output.raw_keep_days`` deleted (a dry run says what would
    go), except a file that holds a stored URL's latest response."""
    keep_days = config.output.raw_keep_days
    pruned = prune_raw_archive(Path(config.output.raw_dir), output_tag(out_dir), keep_days, out_dir, delete=delete)
    if pruned.removed or pruned.kept_current:
        log.info(
            "raw archive: %d file(s) older than %d days %s (%.1f MB); %d older pages file(s) kept, "
            "holding the latest response of a stored URL (output.raw_keep_days)",
            pruned.removed,
            keep_days,
            "deleted" if delete else "would be deleted (dry run)",
            pruned.freed_bytes / 1e6,
            pruned.kept_current,
        )


def sweep_dead_attempts(config: Config, out_dir: Path, run_id: str) -> None:
    """The files of the run's attempts that died (a Dask worker killed mid-shard, the shard run
    again elsewhere, or stopped by a signal): temporary part files, staged fetch state, ``.open``
    archives and the closed archives of attempts that never committed. Once the run
    is finished no attempt of it can commit (each checks under the finish lock held here), so
    they go now rather than at the next run's start (``bench/soak.py --scheduler`` found them)."""
    swept = sweep_temporary_files(out_dir, run_id)
    _, dropped = recover_staged(state_dir(out_dir), functools.partial(committed_attempt, out_dir), run_id)
    if config.output.write_warc:
        swept += sweep_stale_archives(Path(config.output.raw_dir), output_tag(out_dir), run_id)
        swept += sweep_uncommitted_archives(Path(config.output.raw_dir), output_tag(out_dir), run_id.__eq__)
    if swept or dropped:
        log.info("run %s: %d temporary file(s) and %d staged state(s) of dead attempts removed", run_id, swept, dropped)
