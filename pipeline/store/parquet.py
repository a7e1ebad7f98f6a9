"""Atomic, batched Parquet part files in a Hive-partitioned layout.

    OUT/<dataset>/crawl_date=YYYY-MM-DD/part-<run_id>--<shard>.parquet

Rows are buffered and written in row groups of ``batch_rows`` to a hidden temporary file in
the same directory (``.part-....parquet.<pid>-<random>.tmp``: pandas, pyarrow, DuckDB and Polars globs skip
it), fsynced, then renamed into place, so a reader never sees half a file and a killed
process leaves only a temporary file that the next run sweeps away.
"""

from __future__ import annotations

import os
import secrets
import sys
import threading
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor, wait
from pathlib import Path
from typing import Any, TypeVar

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.crashpoints import crash_point
from pipeline.errors import naming_failures
from pipeline.files import fsync_dir
from pipeline.normalize.schemas import ARTICLES, DATASETS
from pipeline.store.damaged import naming_damaged_parts

COMPRESSION = "zstd"
TMP_SUFFIX = ".tmp"
# The one file of a dataset no run has written a row to yet (no "--": never a shard's part).
SCHEMA_PART = "part-schema.parquet"
_Item = TypeVar("_Item")


def partition_dir(out_dir: Path, dataset: str, crawl_date: str) -> Path:
    return out_dir / dataset / f"crawl_date={crawl_date}"


def write_schema_parts(out_dir: Path, crawl_date: str) -> list[Path]:
    """An empty part file (the schema, no rows) for each dataset without any file yet.

    A site without comments or references left no ``comments/`` or ``references/`` folder, so
    the README's queries failed there (DuckDB "No files found that match the pattern", Polars
    and pandas likewise). Written at the start of a run (an analyst's loop reading a new
    output while its first run fetched met the same error until the run's end) and again at its
    end, atomically; a later run's parts join it.
    """
    written = []
    for dataset, schema in DATASETS.items():
        root = out_dir / dataset
        if root.is_dir() and any(root.rglob("*.parquet")):
            continue
        directory = partition_dir(out_dir, dataset, crawl_date)
        directory.mkdir(parents=True, exist_ok=True)
        tmp = directory / f".{SCHEMA_PART}.{os.getpid()}-{secrets.token_hex(4)}{TMP_SUFFIX}"
        try:
            with naming_failures(directory / SCHEMA_PART):
                pq.write_table(pa.Table.from_batches([], schema=schema), tmp, compression=COMPRESSION)
                with open(tmp, "rb") as handle:
                    os.fsync(handle.fileno())
            os.replace(tmp, directory / SCHEMA_PART)
        finally:
            tmp.unlink(missing_ok=True)
        fsync_dir(directory)
        written.append(directory / SCHEMA_PART)
    return written


class PartWriter:
    """One dataset's part file for one shard: ``append`` rows, then ``commit`` or ``abort``."""

    def __init__(self, out_dir: Path, dataset: str, crawl_date: str, part_name: str, batch_rows: int = 500):
        self.schema: pa.Schema = DATASETS[dataset]
        self.dataset = dataset
        self.directory = partition_dir(out_dir, dataset, crawl_date)
        self.final_path = self.directory / f"{part_name}.parquet"
        # unique per attempt: a task Dask re-runs elsewhere never shares a temporary file
        self.tmp_path = self.directory / f".{part_name}.parquet.{os.getpid()}-{secrets.token_hex(4)}{TMP_SUFFIX}"
        self.batch_rows = batch_rows
        self.rows_written = 0
        self._buffer: list[dict[str, Any]] = []
        self._writer: pq.ParquetWriter | None = None

    def append(self, row: dict[str, Any]) -> None:
        self._buffer.append(row)
        if len(self._buffer) >= self.batch_rows:
            self._flush()

    def extend(self, rows: Iterable[dict[str, Any]]) -> None:
        for row in rows:
            self.append(row)

    def _flush(self) -> None:
        if not self._buffer:
            return
        _decline_pandas()
        table = pa.Table.from_pylist(self._buffer, schema=self.schema)
        with naming_failures(self.final_path):
            if self._writer is None:
                self.directory.mkdir(parents=True, exist_ok=True)
                self._writer = pq.ParquetWriter(self.tmp_path, self.schema, compression=COMPRESSION)
            self._writer.write_table(table)
        self.rows_written += table.num_rows
        self._buffer.clear()

    def commit(self) -> Path | None:
        """Close, fsync and rename into place; returns the final path, or None if no rows."""
        return commit_parts([self])[0]

    def _close(self) -> bool:
        """Write the last rows and close the temporary file; False if there are no rows."""
        self._flush()
        if self._writer is None:
            return False
        with naming_failures(self.final_path):
            self._writer.close()
            self._writer = None
        return True

    def _sync(self) -> None:
        """fsync the closed temporary file (on a commit thread: it waits on the disk)."""
        with naming_failures(self.final_path), open(self.tmp_path, "rb") as handle:
            os.fsync(handle.fileno())

    def abort(self) -> None:
        if self._writer is not None:
            self._writer.close()
            self._writer = None
        self._buffer.clear()
        self.tmp_path.unlink(missing_ok=True)


class _NoPandas:
    """Import finder that answers ``import pandas`` with ModuleNotFoundError (see _decline_pandas)."""

    def find_spec(self, name: str, path: object = None, target: object = None) -> None:
        if name == "pandas" or name.startswith("pandas."):
            raise ModuleNotFoundError(f"pandas is not needed to store rows: {name}", name=name)


def _decline_pandas() -> None:
    """Store rows without importing pandas, when nothing in the process has imported it.

    pyarrow's first conversion of Python values asks whether they might be pandas objects and
    imports pandas to find out (its lazy shim): 45 MB resident and 0.6 s of CPU in every run
    and every pool worker, for rows that are dicts of Python values. That one probe is made
    here with pandas unimportable, so pyarrow records "no pandas" and converts lists as
    lists (the same arrays). Later, pyarrow's own pandas calls (``to_pandas``,
    ``from_pandas``) still import it; only ``pa.array`` given a pandas Series in this same
    process would read it as a plain sequence until one of those calls is made, and nothing
    in a run does that. A process that already imported pandas (a notebook, the tests) is
    left as it is.
    """
    global _pandas_declined
    if _pandas_declined or "pandas" in sys.modules:
        return
    _pandas_declined = True
    finder = _NoPandas()
    sys.meta_path.insert(0, finder)
    try:
        pa.array([], type=pa.null())  # the probe: pyarrow tries `import pandas` once, here
    finally:
        sys.meta_path.remove(finder)


_pandas_declined = False


# A shard's part files (its five datasets) and their directories are fsynced at once, by threads
# kept for the process; the files are written and closed by the shard's own thread. Closed on a
# pool made per commit (session 12), each commit started five threads and pyarrow's writes ran
# in them: 0.04 s of CPU in a one-worker run over ScrapingHub's 23 WARC ranges; threads kept
# for the process that write saved it but kept the memory their writes grew (peak RSS +10 MB).
COMMIT_THREADS = 5
_commit_pool: tuple[int, ThreadPoolExecutor] | None = None
_commit_pool_lock = threading.Lock()


def _commit_threads() -> ThreadPoolExecutor:
    """This process's commit threads; a forked worker makes its own (its parent's threads are
    not in it, and a pool that counts them would never start one)."""
    global _commit_pool
    with _commit_pool_lock:
        if _commit_pool is None or _commit_pool[0] != os.getpid():
            _commit_pool = (os.getpid(), ThreadPoolExecutor(COMMIT_THREADS, thread_name_prefix="commit"))
        return _commit_pool[1]


def _each(work: Callable[[_Item], None], items: Iterable[_Item]) -> None:
    """``work`` of every item on the commit threads; every call has ended before a failure is raised."""
    pool = _commit_threads()
    futures = [pool.submit(work, item) for item in items]
    wait(futures)
    for future in futures:
        future.result()


def commit_parts(writers: Sequence[PartWriter]) -> list[Path | None]:
    """Commit part files: renamed into place in the order given, each path or None (no rows).

    The files are closed, fsynced at once, then renamed one after the other, then their
    directories fsynced at once: fsync waits on the disk, and a shard's five files took 0.1-0.2 s
    of its tail one after the other under load. A crash before the last step leaves what a crash
    before a single commit's directory fsync did; the shard's marker is written after it.
    """
    written = [writer._close() for writer in writers]
    _each(PartWriter._sync, [writer for writer, has_rows in zip(writers, written, strict=True) if has_rows])
    paths: list[Path | None] = []
    for writer, has_rows in zip(writers, written, strict=True):
        if has_rows:
            os.replace(writer.tmp_path, writer.final_path)
            crash_point("part")
        paths.append(writer.final_path if has_rows else None)
    _each(fsync_dir, {w.directory for w, has_rows in zip(writers, written, strict=True) if has_rows})
    return paths


def sweep_temporary_files(out_dir: Path, run_id: str | None = None) -> int:
    """Remove temporary files left by a killed run; returns how many were removed.

    Part files, and the half-written markers, manifests and fetch state under ``_runs`` and
    ``_state`` (every one of them is written to a hidden temporary file, then renamed).
    ``run_id``: only that run's part files and markers (its dead attempts', once it finished).
    """
    removed = 0
    parts = f"*/.part-{run_id}--*{TMP_SUFFIX}" if run_id else f"*/.*{TMP_SUFFIX}"
    for dataset in DATASETS:
        root = out_dir / dataset
        if root.is_dir():
            for tmp in root.glob(parts):
                tmp.unlink(missing_ok=True)
                removed += 1
    for hidden in (f"_runs/{run_id}",) if run_id else ("_runs", "_state"):
        root = out_dir / hidden
        if root.is_dir():
            for tmp in root.rglob(f".*{TMP_SUFFIX}"):
                tmp.unlink(missing_ok=True)
                removed += 1
    return removed


def existing_article_versions(out_dir: Path, exclude_run: str | None = None) -> set[tuple[str, str]]:
    """(article_id, content_hash) pairs already stored, so a re-run adds no duplicate versions.

    Rows written by ``exclude_run`` are left out: a resumed run rewrites its own part files.
    """
    root = out_dir / "articles"
    if not root.is_dir() or not any(root.rglob("*.parquet")):
        return set()
    import pyarrow.dataset as pads  # with pandas, 1 s of start-up: only once something is stored

    dataset = pads.dataset(root, format="parquet", partitioning="hive", schema=None)
    columns = ["article_id", "content_hash", "run_id"]
    table = dataset.to_table(columns=columns)
    pairs = set()
    for aid, chash, rid in zip(*(table.column(c).to_pylist() for c in columns), strict=True):
        if rid != exclude_run:
            pairs.add((aid, chash))
    return pairs


# Run ids are letters, digits, '.', '_' and '-', all below DEL: the ids starting with a run's id
# (the run and its retry attempts, ``<run>.r2``...) sort from it to it + DEL.
RUN_ID_CEILING = "\x7f"


def read_dataset(
    out_dir: Path, dataset: str, columns: list[str] | None = None, run_family: str | None = None
) -> pa.Table:
    """Read one dataset whole (all partitions); an empty table with the schema if none.

    ``columns``: only these (those missing from the stored files are left out).
    ``run_family``: only rows whose run id is within [it, it + DEL) (a superset of the run's and
    its attempts' rows; callers keep the exact prefix): the other runs' files are skipped on their
    row groups' statistics. A same-day retry after 180 nightly runs of 20,000 URLs read 3.6
    million rows to keep 20,000: 4.8 s and 0.8 GB, now 0.3 s and 0.19 GB (``bench/history.py``).
    """
    root = out_dir / dataset
    schema = DATASETS[dataset]
    if not root.is_dir() or not any(root.rglob("*.parquet")):
        # not schema.empty_table(): it imports pandas (0.6 s of every run's start-up)
        table = pa.Table.from_batches([], schema=schema)
        return table.select([c for c in columns if c in table.column_names]) if columns is not None else table
    import pyarrow.dataset as pads

    with naming_damaged_parts(out_dir, root):
        stored = pads.dataset(root, format="parquet", partitioning="hive")
        if columns is not None:
            columns = [c for c in columns if c in stored.schema.names]
        if run_family is None:
            return stored.to_table(columns=columns)
        run = pads.field("run_id")
        return stored.to_table(columns=columns, filter=(run >= run_family) & (run < run_family + RUN_ID_CEILING))


__all__ = [
    "ARTICLES",
    "PartWriter",
    "commit_parts",
    "existing_article_versions",
    "read_dataset",
    "sweep_temporary_files",
    "write_schema_parts",
]
