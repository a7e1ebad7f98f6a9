"""What the output directory already holds, read once before the shards start.

A shard is handed the article versions stored before (so it writes no version twice) and, per
host, the URLs whose article is stored (only those may be fetched with validators).
"""

from __future__ import annotations

from pathlib import Path

from pipeline.fetch.urls import host_of
from pipeline.run.plan import ShardSpec
from pipeline.store.parquet import read_dataset


def known_articles(out_dir: Path, exclude_run: str) -> tuple[frozenset[tuple[str, str]], tuple[tuple[int, str], ...]]:
    """Stored (article_id, content_hash) pairs, and (simhash, article_id) of each article's first version.

    Rows of ``exclude_run`` (the run being resumed) are left out, so a shard redone after a
    crash sees what it saw the first time; versions it shares with the run's finished shards
    are resolved after the shards (lowest shard wins), as in a run that never crashed.
    """
    table = read_dataset(out_dir, "articles", ["article_id", "content_hash", "simhash", "fetched_at", "run_id"])
    if table.num_rows == 0:
        return frozenset(), ()
    import pyarrow.compute as pc  # 0.3 s of start-up: only once something is stored

    table = table.filter(pc.not_equal(table.column("run_id"), exclude_run))
    table = table.sort_by("fetched_at")
    ids = table.column("article_id").to_pylist()
    hashes = table.column("content_hash").to_pylist()
    simhashes = table.column("simhash").to_pylist() if "simhash" in table.column_names else [None] * len(ids)
    firsts: dict[str, int] = {}
    for aid, value in zip(ids, simhashes, strict=True):
        if value is not None:
            firsts.setdefault(aid, value)
    return frozenset(zip(ids, hashes, strict=True)), tuple((v, a) for a, v in firsts.items())


StoredVersion = tuple[str, str | None]  # (article_id, content_hash) a URL's latest fetch saw


def stored_urls(out_dir: Path) -> dict[str, dict[str, StoredVersion]]:
    """Per host, the URLs (as requested and as finally fetched) that have a stored article, and
    the version (article id, content hash) their latest fetch saw.

    Only these may be fetched with validators: a "304 not modified" for any other URL would
    lose the page (its rows were never committed, or were deleted while the state survived).
    The version goes on the ``not_modified`` fetch row, so the night's fetch log says which
    version each URL had (the validators sent are the ones that version's fetch stored).
    """
    article_ids = set(read_dataset(out_dir, "articles", ["article_id"]).column("article_id").to_pylist())
    if not article_ids:
        return {}
    fetches = read_dataset(out_dir, "fetches", ["url", "final_url", "article_id", "content_hash", "fetched_at"])
    fetches = fetches.sort_by("fetched_at")  # the latest fetch of a URL wins
    hashes = (
        fetches.column("content_hash").to_pylist() if "content_hash" in fetches.column_names else [None] * len(fetches)
    )
    by_host: dict[str, dict[str, StoredVersion]] = {}
    for url, final_url, article_id, content_hash in zip(
        *(fetches.column(c).to_pylist() for c in ("url", "final_url", "article_id")), hashes, strict=True
    ):
        if article_id in article_ids:
            for value in (url, final_url):
                if value:
                    urls = by_host.setdefault(host_of(value), {})
                    if content_hash is not None or urls.get(value, (None,))[0] != article_id:
                        urls[value] = (article_id, content_hash)
    return by_host


def shard_urls(spec: ShardSpec, by_host: dict[str, dict[str, StoredVersion]]) -> dict[str, StoredVersion]:
    if spec.warc:
        return {}
    return {url: aid for host in spec.hosts for url, aid in by_host.get(host, {}).items()}
