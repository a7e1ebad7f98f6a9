"""Each URL's latest sighting in the fetch log, kept as an index between runs.

A run's start needs, per URL spelling, the version its latest fetch saw (``stored.stored_urls``).
Read from the whole fetch log, that cost grows with every night: a synthetic year of 20,000 URLs
(7.3 million fetch rows, ``bench/history.py``) took 8 s and 2.6 GB at each start. The index,
``OUT/_state/latest_sightings.parquet``, holds one row per URL spelling (its last sighting with a
content hash) over the part files of finished runs, and names those files with their size and
mtime; a start reads the index and folds in only the files it does not cover, a batch at a time.

It is derived data, never the truth: written atomically at a run's start (under the output
lock), covering only files of runs whose manifest is written (their files never change again),
and dropped whole when a file it covers is gone or changed (the log is read again, in batches).
Where it cannot give exactly what reading the whole log gives, it says so (``None``) and the
caller reads the log: fetch rows written before 2.1 (an article without a content hash), or a
URL whose latest sighting names an article no longer stored (an earlier sighting would decide).
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.crashpoints import crash_point
from pipeline.errors import naming_failures
from pipeline.files import create_temp
from pipeline.run import stop
from pipeline.store.damaged import naming_damaged_parts
from pipeline.store.manifest import PART_PATTERN, RUNS_DIR
from pipeline.store.parquet import COMPRESSION, SCHEMA_PART

log = logging.getLogger("pipeline.run.sightings")

INDEX_NAME = "latest_sightings.parquet"  # under OUT/_state
INDEX_FORMAT = b"1"  # bumped when the columns or their meaning change: an old index is rebuilt
# Sightings gathered from new part files before they are merged into the index (a sort of both):
# ~200 bytes a row, so ~20 MB, and a few dozen merges for a year of 20,000 URLs. The first start
# over a year of history reads it a file at a time (memory: one file, the index and this), not
# whole (2.6 GB above); at 1,000,000 the build's peak was 0.8 GB.
FOLD_ROWS = 100_000
LOG_COLUMNS = ["url", "final_url", "article_id", "content_hash", "fetched_at"]
# A sighting's place in fetch order: the time, then the order the dataset reads rows in (part
# files by path, rows in file order), then the URL as requested before the URL finally fetched.
PLACE = [("fetched_at", "ascending"), ("file", "ascending"), ("row", "ascending"), ("offset", "ascending")]
SCHEMA = pa.schema(
    [
        ("key", pa.string()),
        ("fetched_at", pa.timestamp("us", tz="UTC")),
        ("file", pa.string()),
        ("row", pa.int64()),
        ("offset", pa.int8()),
        ("article_id", pa.string()),
        ("content_hash", pa.string()),
    ]
)

Sighting = tuple[str, str, str | None]  # (URL, article id, content hash)
FileStamp = tuple[int, int]  # (size, mtime in ns)


class NotExact(Exception):
    """The index cannot answer as reading the whole log would."""


def latest_sightings(out_dir: Path, article_ids: set[str]) -> list[Sighting] | None:
    """Each URL spelling's last sighting with a content hash, in fetch order; None when only
    reading the whole log gives the exact answer (see the module's docstring)."""
    root = out_dir / "fetches"
    files = {path.relative_to(root).as_posix(): path for path in _part_files(root)}
    finished = {name for name in files if _finished(out_dir, name)}
    index, covered = _load(out_dir / "_state" / INDEX_NAME, files)
    try:
        new = sorted(finished - covered.keys())
        index = _fold(index, root, new)
        if new:
            covered.update({name: _stamp(files[name]) for name in new})
            _save(out_dir / "_state" / INDEX_NAME, index, covered)
        elif not covered:  # nothing finished yet, or an index that no longer holds: none
            (out_dir / "_state" / INDEX_NAME).unlink(missing_ok=True)
        answer = _fold(index, root, sorted(files.keys() - finished))
    except NotExact as why:
        log.info("fetch log read whole: %s", why)
        return None
    import pyarrow.compute as pc  # here: ~0.02 s of CPU a start-up, and a WARC run never asks

    stored = pc.is_in(answer.column("article_id"), value_set=pa.array(sorted(article_ids), pa.string()))
    if not pc.all(stored).as_py():
        log.info("fetch log read whole: a URL's latest sighting names an article no longer stored")
        return None
    answer = answer.take(pc.sort_indices(answer, sort_keys=PLACE))
    return list(
        zip(
            *(answer.column(c).to_pylist() for c in ("key", "article_id", "content_hash")),
            strict=True,
        )
    )


def _part_files(root: Path) -> list[Path]:
    """The files the dataset reads (hidden and ``_`` names skipped, as pyarrow, DuckDB and Polars do),
    but for the empty schema file (no rows: never indexed, so it would be read at every start)."""
    if not root.is_dir():
        return []
    return [
        path
        for path in sorted(root.glob("*/*.parquet"))
        if not path.name.startswith((".", "_"))
        and not path.parent.name.startswith((".", "_"))
        and path.name != SCHEMA_PART
    ]


def _finished(out_dir: Path, name: str) -> bool:
    """A part file of a run whose manifest is written: its rows never change again."""
    match = PART_PATTERN.match(name.rsplit("/", 1)[-1])
    return match is not None and (out_dir / RUNS_DIR / f"{match['run']}.json").is_file()


def _stamp(path: Path) -> FileStamp:
    stat = path.stat()
    return stat.st_size, stat.st_mtime_ns


def _load(path: Path, files: dict[str, Path]) -> tuple[pa.Table, dict[str, FileStamp]]:
    """The index and the files it covers; an empty one when it is missing, of another format,
    or covers a file that is gone or changed (deleted by hand, rewritten)."""
    empty: tuple[pa.Table, dict[str, FileStamp]] = (SCHEMA.empty_table(), {})
    try:
        table = pq.read_table(path)
        meta = table.schema.metadata or {}
        covered = {name: (size, mtime) for name, size, mtime in json.loads(meta[b"covered"])}
    except (OSError, KeyError, ValueError, TypeError, pa.ArrowException):
        return empty
    if meta.get(b"format") != INDEX_FORMAT or table.schema.remove_metadata() != SCHEMA:
        return empty
    for name, stamp in covered.items():
        if name not in files or _stamp(files[name]) != stamp:
            log.info("the fetch log's index covers %s, which is gone or changed: read again", name)
            return empty
    return table, covered


def _save(path: Path, index: pa.Table, covered: dict[str, FileStamp]) -> None:
    listing = json.dumps([[name, *stamp] for name, stamp in sorted(covered.items())]).encode()
    table = index.replace_schema_metadata({b"format": INDEX_FORMAT, b"covered": listing})
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = create_temp(path)
    try:
        with naming_failures(path), os.fdopen(fd, "wb") as stream:
            pq.write_table(table, stream, compression=COMPRESSION)
            stream.flush()
            os.fsync(stream.fileno())
        crash_point("index")
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _fold(index: pa.Table, root: Path, names: list[str]) -> pa.Table:
    """The index with these files' sightings folded in, file by file: memory holds one file's
    rows, the index, and at most as many reduced rows again (or ``FOLD_ROWS``) before a merge."""
    pending, rows = [index], 0
    for name in names:
        stop.check()  # a year of nights takes seconds: SIGTERM must not wait for them (nothing saved)
        pending.append(_file_sightings(root, name))
        rows += pending[-1].num_rows
        if rows >= max(FOLD_ROWS, index.num_rows):
            index = _last_per_key(pa.concat_tables(pending), PLACE)
            pending, rows = [index], 0
    return _last_per_key(pa.concat_tables(pending), PLACE) if len(pending) > 1 else index


def _file_sightings(root: Path, name: str) -> pa.Table:
    """The last sighting with a content hash of each URL spelling in one part file."""
    import pyarrow.compute as pc  # as in latest_sightings

    with naming_damaged_parts(root.parent, root):
        fetches = pq.read_table(root / name, columns=LOG_COLUMNS, partitioning=None)
    if "content_hash" not in fetches.column_names:  # written before 2.1
        fetches = fetches.append_column("content_hash", pa.nulls(fetches.num_rows, pa.string()))
    article = pc.is_valid(fetches.column("article_id"))
    hashed = pc.is_valid(fetches.column("content_hash"))
    if pc.any(pc.and_(article, pc.invert(hashed))).as_py():
        raise NotExact(f"{name} holds fetch rows without a content hash (written before 2.1)")
    rows = pa.array(np.arange(fetches.num_rows, dtype=np.int64))
    fetched_at = fetches.column("fetched_at").cast(SCHEMA.field("fetched_at").type)
    pieces = []
    for offset, column in enumerate(("url", "final_url")):
        keys = fetches.column(column)
        usable = pc.and_(pc.and_(article, hashed), pc.fill_null(pc.not_equal(keys, ""), False))
        piece = {
            "key": keys,
            "fetched_at": fetched_at,
            "row": rows,
            "offset": pa.repeat(pa.scalar(offset, pa.int8()), fetches.num_rows),
            "article_id": fetches.column("article_id"),
            "content_hash": fetches.column("content_hash"),
        }
        pieces.append(pa.table(piece).filter(usable))
    last = _last_per_key(pa.concat_tables(pieces), [key for key in PLACE if key[0] != "file"])
    last = last.add_column(2, "file", pa.repeat(pa.scalar(name, pa.string()), last.num_rows))
    return last.cast(SCHEMA)


def _last_per_key(table: pa.Table, place: list[tuple[str, str]]) -> pa.Table:
    """Each key's last sighting in fetch order (``place``: the sort keys that give it)."""
    if table.num_rows == 0:
        return table
    import pyarrow.compute as pc  # as in latest_sightings

    ordered = table.take(pc.sort_indices(table, sort_keys=place))
    ordered = ordered.append_column("place", pa.array(np.arange(ordered.num_rows, dtype=np.int64)))
    last = ordered.group_by("key").aggregate([("place", "max")]).column("place_max")
    return ordered.take(last).drop_columns(["place"])
