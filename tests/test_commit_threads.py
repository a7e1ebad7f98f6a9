"""A shard's part files are fsynced by threads kept for the process (not a pool per commit),
and a forked worker commits with threads of its own."""

from __future__ import annotations

import multiprocessing
import threading
from datetime import UTC, datetime
from pathlib import Path

import pyarrow.parquet as pq

from pipeline.normalize.schemas import fetch_row
from pipeline.store.parquet import PartWriter, commit_parts

WHEN = datetime(2026, 12, 6, tzinfo=UTC)


def _row(number: int) -> dict[str, object]:
    return fetch_row(
        url=f"https://example.org/{number}",
        final_url=None,
        host="example.org",
        status=200,
        outcome="ok",
        error=None,
        attempts=1,
        bytes=number,
        elapsed_ms=1,
        content_type="text/html",
        source="warc",
        article_id=None,
        fetched_at=WHEN,
        run_id="r",
        content_hash=None,
    )


def _commit_shard(out: Path, shard: int) -> list[Path | None]:
    writers = [
        PartWriter(out, "fetches", "2026-12-06", f"part-r--{shard}"),
        PartWriter(out, "articles", "2026-12-06", f"part-r--{shard}"),
    ]
    writers[0].extend([_row(shard * 10 + i) for i in range(3)])  # articles: no rows, no file
    return commit_parts(writers)


def _commit_threads() -> set[int]:
    return {t.ident or 0 for t in threading.enumerate() if t.name.startswith("commit")}


def test_commits_reuse_the_same_threads(tmp_path: Path) -> None:
    paths = _commit_shard(tmp_path, 0)
    first = _commit_threads()
    for shard in (1, 2, 3):
        paths = _commit_shard(tmp_path, shard)
    assert first and _commit_threads() == first  # a pool per commit left none between commits
    assert paths[1] is None and paths[0] is not None
    assert pq.read_table(paths[0]).column("bytes").to_pylist() == [30, 31, 32]


def _child(out: str) -> None:
    _commit_shard(Path(out), 9)


def test_a_forked_worker_commits_with_its_own_threads(tmp_path: Path) -> None:
    _commit_shard(tmp_path, 0)  # the parent's threads exist before the fork
    child = multiprocessing.get_context("fork").Process(target=_child, args=(str(tmp_path),))
    child.start()
    child.join(60)
    stuck = child.is_alive()
    if stuck:
        child.kill()
    assert not stuck and child.exitcode == 0
    written = sorted(p.name for p in (tmp_path / "fetches" / "crawl_date=2026-12-06").glob("*.parquet"))
    assert written == ["part-r--0.parquet", "part-r--9.parquet"]
