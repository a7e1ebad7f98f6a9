"""What the output directory already holds, read once before the shards start.

A shard is handed the article versions stored before (so it writes no version twice) and, per
host, the URLs whose article is stored (only those may be fetched with validators).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from pipeline.fetch.urls import host_of
from pipeline.run.plan import ShardSpec
from pipeline.run.sightings import latest_sightings
from pipeline.store.parquet import read_dataset


@dataclass(frozen=True)
class StoredArticles:
    """The articles table's columns a run's start needs, from one read of it."""

    versions: frozenset[tuple[str, str]]  # (article_id, content_hash) stored before this run
    first_simhashes: tuple[tuple[int, str], ...]  # (simhash, article_id) of each article's first version
    article_ids: frozenset[str]  # every stored article, the resumed run's own included


def stored_articles(out_dir: Path, exclude_run: str) -> StoredArticles:
    """Stored versions and first SimHashes (the shards' dedupe) and stored article ids (which
    URLs may send validators), from one read of ``articles``: two reads of it at every start
    went through every part file twice (after a year of nights, 1,460 files).

    Versions and SimHashes leave out rows of ``exclude_run`` (the run being resumed), so a shard
    redone after a crash sees what it saw the first time; versions it shares with the run's
    finished shards are resolved after the shards (lowest shard wins), as in a run that never
    crashed. The article ids keep them: a page the killed run stored may send its validators.
    """
    table = read_dataset(out_dir, "articles", ["article_id", "content_hash", "simhash", "fetched_at", "run_id"])
    if table.num_rows == 0:
        return StoredArticles(frozenset(), (), frozenset())
    import pyarrow.compute as pc  # 0.3 s of start-up: only once something is stored

    article_ids = frozenset(pc.unique(table.column("article_id")).to_pylist())
    table = table.filter(pc.not_equal(table.column("run_id"), exclude_run))
    table = table.sort_by("fetched_at")
    ids = table.column("article_id").to_pylist()
    hashes = table.column("content_hash").to_pylist()
    simhashes = table.column("simhash").to_pylist() if "simhash" in table.column_names else [None] * len(ids)
    firsts: dict[str, int] = {}
    for aid, value in zip(ids, simhashes, strict=True):
        if value is not None:
            firsts.setdefault(aid, value)
    versions = frozenset(zip(ids, hashes, strict=True))
    return StoredArticles(versions, tuple((v, a) for a, v in firsts.items()), article_ids)


StoredVersion = tuple[str, str | None]  # (article_id, content_hash) a URL's latest fetch saw


def stored_urls(out_dir: Path, article_ids: Collection[str] | None = None) -> dict[str, dict[str, StoredVersion]]:
    """Per host, the URLs (as requested and as finally fetched) that have a stored article, and
    the version (article id, content hash) their latest fetch saw.

    Only these may be fetched with validators: a "304 not modified" for any other URL would
    lose the page (its rows were never committed, or were deleted while the state survived).
    The version goes on the ``not_modified`` fetch row, so the night's fetch log says which
    version each URL had (the validators sent are the ones that version's fetch stored).
    ``article_ids``: the stored articles (:func:`stored_articles`'s), read from the output if not given.
    """
    if article_ids is None:
        article_ids = read_dataset(out_dir, "articles", ["article_id"]).column("article_id").to_pylist()
    ids = set(article_ids)
    if not ids:
        return {}
    by_host: dict[str, dict[str, StoredVersion]] = {}
    sightings = latest_sightings(out_dir, ids)  # the index, and the log it does not cover
    if sightings is None:  # rows it cannot answer for exactly
        sightings = _latest_sightings(out_dir, ids)
    for key, article_id, content_hash in sightings:
        urls = by_host.setdefault(host_of(key), {})
        if content_hash is not None or urls.get(key, (None,))[0] != article_id:
            urls[key] = (article_id, content_hash)
    return by_host


def _latest_sightings(out_dir: Path, article_ids: set[str]) -> list[tuple[str, str, str | None]]:
    """(URL, article id, content hash) of the fetches of stored articles that decide each URL's
    version, in fetch order: each URL (as requested or as finally fetched) from its last
    sighting with a content hash on (a sighting without one, a row written before 2.1, keeps
    that hash unless it names another article). Earlier sightings would be overwritten.

    A fetch log of months of nightly runs holds one row per URL and night (60 nights of 50,000
    URLs: 3 million); the rows are thinned in Arrow, so Python sees about one per URL (it went
    through every row and URL spelling: a run's start took 39 s there).
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    fetches = read_dataset(out_dir, "fetches", ["url", "final_url", "article_id", "content_hash", "fetched_at"])
    if "content_hash" not in fetches.column_names:  # written before 2.1 only
        fetches = fetches.append_column("content_hash", pa.nulls(fetches.num_rows, pa.string()))
    stored = pc.fill_null(
        pc.is_in(fetches.column("article_id"), value_set=pa.array(sorted(article_ids), pa.string())), False
    )
    # A sighting's place in fetch order: 2 * the fetch's rank, the requested URL before the
    # final one. The sort is stable (fetches at one instant keep the order they were read in)
    # and never copies the table: ``order`` lists the rows by time, ``rank`` is its inverse.
    order = pc.sort_indices(fetches.column("fetched_at"))
    rank = pc.sort_indices(order)
    hashed = pc.and_(stored, pc.is_valid(fetches.column("content_hash")))
    last: dict[str, int] = {}  # URL -> place of its last sighting with a content hash
    for offset, column in enumerate(("url", "final_url")):
        keys = fetches.column(column)
        usable = pc.and_(hashed, pc.fill_null(pc.not_equal(keys, ""), False))
        # an unusable sighting's place is null, skipped by max: no copy of the URL column
        place = pc.if_else(usable, pc.add(pc.multiply(rank, 2), offset), pa.scalar(None, pa.int64()))
        latest = pa.table({"key": keys, "place": place}).group_by("key").aggregate([("place", "max")])
        latest = latest.filter(pc.is_valid(latest.column("place_max")))
        for key, at in zip(latest.column("key").to_pylist(), latest.column("place_max").to_pylist(), strict=True):
            last[key] = max(at, last.get(key, -1))
    decided = pa.array(sorted(set(last.values())), pa.int64())
    taken = fetches.take(pc.take(order, pc.divide(decided, 2)))
    picked = {
        place: (aid, digest)
        for place, aid, digest in zip(
            decided.to_pylist(),
            taken.column("article_id").to_pylist(),
            taken.column("content_hash").to_pylist(),
            strict=True,
        )
    }
    sightings = [(place, key, *picked[place]) for key, place in last.items()]
    unhashed = pc.and_(stored, pc.is_null(fetches.column("content_hash")))  # rows before 2.1: few
    if pc.any(unhashed).as_py():
        places = pc.multiply(pc.filter(rank, unhashed), 2).to_pylist()
        rows = fetches.filter(unhashed)
        for place, url, final_url, article_id in zip(
            places, *(rows.column(c).to_pylist() for c in ("url", "final_url", "article_id")), strict=True
        ):
            for offset, key in enumerate((url, final_url)):
                if key and place + offset > last.get(key, -1):
                    sightings.append((place + offset, key, article_id, None))
    sightings.sort()
    return [(key, article_id, content_hash) for _, key, article_id, content_hash in sightings]


def shard_urls(spec: ShardSpec, by_host: dict[str, dict[str, StoredVersion]]) -> dict[str, StoredVersion]:
    if spec.warc:
        return {}
    return {url: aid for host in spec.hosts for url, aid in by_host.get(host, {}).items()}
