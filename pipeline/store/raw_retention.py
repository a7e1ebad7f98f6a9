"""Retention of the raw archive (``output.raw_keep_days``): old WARC files go, current pages stay.

Every run adds a pages and a support WARC per shard under ``output.raw_dir``; night after night
that grows without bound. With ``raw_keep_days`` set, a run deletes at its start (holding the
output's lock) this output's archive files closed more than that many days ago, except the pages
files that hold the latest archived response of a URL stored: a page that has answered 304 for
months has its only raw copy in an old file, and that copy is what feeding the archive back
(``--warc``) re-extracts. Support files (robots.txt, sitemaps, redirect hops, retried attempts)
are never needed by the current state. Files of other outputs sharing the folder carry another
output tag and are never touched.
"""

from __future__ import annotations

import contextlib
import time
from dataclasses import dataclass
from pathlib import Path

from pipeline.store.damaged import naming_damaged_parts
from pipeline.store.warc_archive import SUPPORT_DIR

SECONDS_PER_DAY = 86_400
ARCHIVE_SUFFIX = ".warc.gz"
# outcomes whose fetch stored the page's response in the pages file of its run and shard
_ARCHIVED_PAGE_OUTCOMES = frozenset({"ok"})


@dataclass(frozen=True)
class Pruned:
    removed: int = 0
    freed_bytes: int = 0
    kept_current: int = 0  # old pages files kept because they hold a URL's latest stored response


def current_archives(out_dir: Path) -> set[str]:
    """``<run_id>-<shard>`` of every pages file holding the latest response fetched for a URL.

    A fetches part file is ``part-<run_id>--<shard>.parquet``; the same run and shard archived
    its pages as ``<run_id>-<shard>-<output tag>.warc.gz``.
    """
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    latest: dict[str, tuple[object, str]] = {}
    for part in sorted((Path(out_dir) / "fetches").glob("crawl_date=*/part-*.parquet")):
        run_id, _, shard = part.name.removeprefix("part-").removesuffix(".parquet").partition("--")
        with naming_damaged_parts(Path(out_dir), Path(out_dir) / "fetches"):
            table = pq.read_table(part, columns=["url", "outcome", "source", "fetched_at"])
        archived = pc.and_(
            pc.is_in(table.column("outcome"), value_set=pa.array(sorted(_ARCHIVED_PAGE_OUTCOMES))),
            pc.equal(table.column("source"), "http"),
        )
        # a night of 304s has few such rows: Python sees those only
        table = table.filter(pc.fill_null(archived, False))
        for url, fetched_at in zip(
            table.column("url").to_pylist(), table.column("fetched_at").to_pylist(), strict=True
        ):
            seen = latest.get(url)
            if seen is None or fetched_at > seen[0]:
                latest[url] = (fetched_at, f"{run_id}-{shard}")
    return {stem for _, stem in latest.values()}


def prune_raw_archive(
    raw_dir: Path, tag: str, keep_days: int, out_dir: Path, now: float | None = None, delete: bool = True
) -> Pruned:
    """Delete this output's archive files older than ``keep_days`` (by the time they were closed,
    their mtime), keeping the pages files :func:`current_archives` names. Call it while holding
    the output's lock, before any shard starts (no file of this output is being written).
    ``delete`` False (``--dry-run``): count what would go, delete nothing."""
    cutoff = (time.time() if now is None else now) - keep_days * SECONDS_PER_DAY
    suffix = f"-{tag}{ARCHIVE_SUFFIX}"
    needed: set[str] | None = None  # read only when an old pages file is met
    removed = freed = kept = 0
    for folder, pages in ((Path(raw_dir), True), (Path(raw_dir) / SUPPORT_DIR, False)):
        for path in sorted(folder.glob(f"*{suffix}")) if folder.is_dir() else ():
            with contextlib.suppress(FileNotFoundError):
                stat = path.stat()
                if stat.st_mtime >= cutoff:
                    continue
                if pages:
                    needed = current_archives(out_dir) if needed is None else needed
                    if path.name.removesuffix(suffix) in needed:
                        kept += 1
                        continue
                if delete:
                    path.unlink()
                removed += 1
                freed += stat.st_size
    return Pruned(removed, freed, kept)
