"""Run commit: one ``articles`` row per version across all the shards of a run.

Shards run independently (other processes, other machines), each checking only against the
rows stored before the run, so two shards of one run can write the same version
(article_id, content_hash): two WARC files holding the same page, or one page reached under
two URLs that share a canonical URL. Once every shard has committed, the driver resolves that
deterministically: **the shard with the lowest key keeps the version**; every other shard's
rows for it leave ``articles``, ``metadata``, ``comments`` and ``references``, and the fetch row that produced
them becomes outcome ``duplicate`` (the fetch log still records every attempt).

Crash-safe and idempotent. The versions to drop are computed from the committed ``articles``
part files; a losing shard's files are rewritten (temporary file, fsync, rename) in
``COMMIT_ORDER``, ``articles`` last, and then its marker is refreshed from the files. Killed
part-way, the next run (or this run resumed) computes the same drops and finishes the job;
run again on a resolved run, it changes nothing. A run killed before this step is resolved at
the start of the next run on the same output directory, before anything reads the stored rows.
Until a run's manifest is written, readers may see a version twice.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import secrets
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.errors import naming_failures
from pipeline.files import fsync_dir
from pipeline.store.manifest import RUNS_DIR, committed_markers, write_marker
from pipeline.store.parquet import COMPRESSION, TMP_SUFFIX

log = logging.getLogger("pipeline.store.commit")

COMMIT_ORDER = ("fetches", "comments", "references", "metadata", "articles")
# The order a shard renames its part files into place: the fetch log last, so a fetch row names
# a version only once the version's rows are there to read. The README's current-state query
# takes each URL's latest answer from `fetches`; renamed first, a run killed between the renames
# (or a reader in that moment) had the URL's new version named and not stored, and the article
# left the current state until the next run swept the unmarked files. (The run's duplicate
# resolution keeps COMMIT_ORDER: it reads what to drop from `articles`, so that goes last.)
SHARD_COMMIT_ORDER = ("comments", "references", "metadata", "articles", "fetches")
Version = tuple[str, str]
Source = tuple[str, str, dt.datetime]  # (url, article_id, fetched_at): the fetch row of an article row


def unfinished_runs(out_dir: Path) -> list[str]:
    """Runs with shard markers but no manifest: killed (or still to be resumed)."""
    root = out_dir / RUNS_DIR
    if not root.is_dir():
        return []
    return sorted(d.name for d in root.iterdir() if (d / "shards").is_dir() and not (root / f"{d.name}.json").is_file())


def resolve_duplicates(out_dir: Path, run_id: str, batch_rows: int = 500) -> dict[str, dict[str, Any]]:
    """Drop the versions a lower shard of ``run_id`` already holds; returns the refreshed markers."""
    markers = committed_markers(out_dir, run_id)
    owner: dict[Version, str] = {}
    drops: dict[str, dict[Version, str]] = {}
    for shard in sorted(markers):
        entry = markers[shard].get("files", {}).get("articles")
        if entry is None:
            continue
        table = pq.ParquetFile(out_dir / entry["path"]).read(columns=["article_id", "content_hash"])
        for version in zip(*(table.column(c).to_pylist() for c in ("article_id", "content_hash")), strict=True):
            winner = owner.setdefault(version, shard)
            if winner != shard:
                drops.setdefault(shard, {})[version] = winner
    refreshed: dict[str, dict[str, Any]] = {}
    for shard in sorted(markers):
        marker = markers[shard]
        if shard in drops:
            _drop_versions(out_dir, marker, drops[shard], batch_rows)
            log.info("run %s shard %s: %d version(s) already in a lower shard", run_id, shard, len(drops[shard]))
        if shard in drops or _stale(out_dir, marker):
            marker = _refresh(out_dir, marker)
            write_marker(out_dir, run_id, shard, marker)
            refreshed[shard] = marker
    return refreshed


def _drop_versions(out_dir: Path, marker: dict[str, Any], drop: dict[Version, str], batch_rows: int) -> None:
    files = marker.get("files", {})
    articles = pq.ParquetFile(out_dir / files["articles"]["path"]).read(
        columns=["url", "article_id", "content_hash", "fetched_at"]
    )
    sources: dict[Source, str] = {}
    for url, aid, chash, fetched in zip(
        *(articles.column(c).to_pylist() for c in ("url", "article_id", "content_hash", "fetched_at")), strict=True
    ):
        if (aid, chash) in drop:
            sources[(url, aid, fetched)] = drop[(aid, chash)]

    def fetches(batch: pa.RecordBatch) -> pa.RecordBatch | None:
        outcome = batch.column("outcome").to_pylist()
        error = batch.column("error").to_pylist()
        changed = False
        for i, source in enumerate(
            zip(*(batch.column(c).to_pylist() for c in ("url", "article_id", "fetched_at")), strict=True)
        ):
            winner = sources.get(source)
            if winner is not None and outcome[i] == "ok":
                outcome[i], error[i], changed = "duplicate", f"same version committed by shard {winner}", True
        if not changed:
            return None
        names = batch.schema.names
        columns = list(batch.columns)
        columns[names.index("outcome")] = pa.array(outcome, batch.schema.field("outcome").type)
        columns[names.index("error")] = pa.array(error, batch.schema.field("error").type)
        return pa.RecordBatch.from_arrays(columns, schema=batch.schema)

    def without_dropped(batch: pa.RecordBatch) -> pa.RecordBatch | None:
        keys = zip(*(batch.column(c).to_pylist() for c in ("article_id", "content_hash")), strict=True)
        keep = [k not in drop for k in keys]
        return None if all(keep) else batch.filter(pa.array(keep, pa.bool_()))

    for dataset in COMMIT_ORDER:
        if dataset in files:
            edit = fetches if dataset == "fetches" else without_dropped
            _rewrite(out_dir / files[dataset]["path"], edit, batch_rows)


def _rewrite(path: Path, edit: Callable[[pa.RecordBatch], pa.RecordBatch | None], batch_rows: int) -> None:
    """Apply ``edit`` (None: batch unchanged) batch by batch; the file is replaced only if something changed."""
    source = pq.ParquetFile(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}-{secrets.token_hex(4)}{TMP_SUFFIX}")
    changed = False
    try:
        with naming_failures(path), pq.ParquetWriter(tmp, source.schema_arrow, compression=COMPRESSION) as writer:
            for batch in source.iter_batches(batch_size=batch_rows):
                edited = edit(batch)
                changed = changed or edited is not None
                if edited is None:
                    edited = batch
                if edited.num_rows:
                    writer.write_batch(edited, row_group_size=batch_rows)
        if changed:
            with open(tmp, "rb") as handle:
                os.fsync(handle.fileno())
            os.replace(tmp, path)
            fsync_dir(path.parent)
    finally:
        tmp.unlink(missing_ok=True)


def _stale(out_dir: Path, marker: dict[str, Any]) -> bool:
    """A marker whose row counts are not its files' (killed between a rewrite and the marker)."""
    return any(
        pq.ParquetFile(out_dir / entry["path"]).metadata.num_rows != entry.get("rows")
        for entry in marker.get("files", {}).values()
    )


def _refresh(out_dir: Path, marker: dict[str, Any]) -> dict[str, Any]:
    """The marker's counts recomputed from its part files (the shard counted the same rows)."""
    marker = dict(marker)
    files = {ds: dict(entry) for ds, entry in marker.get("files", {}).items()}
    rows = dict(marker.get("rows", {}))
    for dataset, entry in files.items():
        entry["rows"] = rows[dataset] = pq.ParquetFile(out_dir / entry["path"]).metadata.num_rows
    outcomes: Counter[str] = Counter()
    hosts: dict[str, Counter[str]] = {}
    if "fetches" in files:
        table = pq.ParquetFile(out_dir / files["fetches"]["path"]).read(columns=["host", "outcome"])
        for host, outcome in zip(table.column("host").to_pylist(), table.column("outcome").to_pylist(), strict=True):
            outcomes[outcome] += 1
            if host is not None:  # a shard's input-error row counts in outcomes only
                hosts.setdefault(host, Counter())[outcome] += 1
    marker.update(
        files=files,
        rows=rows,
        outcomes=dict(outcomes),
        hosts={h: dict(c) for h, c in hosts.items()},
    )
    return marker
