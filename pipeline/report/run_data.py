"""What the run report shows, read from an output directory: manifests, the fetch log, a sample.

By default the latest run only (``all_runs`` for every run, ``run_ids`` for chosen ones).
Failures are grouped by URL: a page that fails every night is one line with its count. Fetch
rows without a host (an invalid URL, a broken input file) count as pages but not as a host.
Only the columns needed are read, and article text and comments only for the sampled
articles (a pyarrow filter), so the report stays cheap on a large output directory.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as pads

from pipeline.errors import InputError
from pipeline.records import Outcome
from pipeline.store.manifest import PART_PATTERN, list_manifests, part_name

FETCH_COLUMNS = ["url", "host", "status", "outcome", "error", "attempts", "fetched_at", "run_id"]
OK_OUTCOMES = frozenset(str(o) for o in Outcome if not o.is_failure)
SAMPLE_SEED = 0  # the same output directory always gives the same sample


@dataclass
class SampleComment:
    position: int
    depth: int
    author: str | None
    posted_at: Any
    text: str


@dataclass
class SampleArticle:
    article_id: str
    url: str
    title: str | None
    site: str | None
    authors: list[str]
    published: Any
    word_count: int
    paragraphs: list[str]
    comments: list[SampleComment] = field(default_factory=list)


@dataclass
class FailedUrl:
    """One URL's failures in the runs reported: how often, in how many runs, and the latest."""

    url: str
    host: str | None
    status: int | None
    outcome: str
    error: str | None
    attempts: int
    count: int
    runs: int
    last_run: str


@dataclass
class RunData:
    out_dir: Path
    runs: list[dict[str, Any]]
    by_outcome: dict[str, int]
    by_host: dict[str, dict[str, int]]
    failures: list[FailedUrl]  # the most frequent first, at most max_failures
    failures_total: int  # failed fetch rows
    failed_urls: int  # distinct URLs among them
    reasons: list[tuple[str, str, int, str]]  # (outcome, error, count, an example url)
    articles: int
    comments: int
    sample: list[SampleArticle]
    without_host: int = 0  # pages (fetch rows) with no host: invalid URLs, broken inputs
    all_runs: int = 0  # runs in the output directory, reported or not

    @property
    def pages(self) -> int:
        return sum(self.by_outcome.values())

    @property
    def pages_ok(self) -> int:
        return sum(n for o, n in self.by_outcome.items() if o in OK_OUTCOMES)

    @property
    def extraction_success_rate(self) -> float | None:
        """Of the HTML pages handed to the extractor, the share that gave an article."""
        ok, failed = self.by_outcome.get("ok", 0), self.by_outcome.get("extract_failed", 0)
        return ok / (ok + failed) if ok + failed else None


def _dataset(out_dir: Path, name: str, runs: list[str] | None = None) -> pads.Dataset | None:
    """The dataset, or (``runs``) only the part files of those runs: ``part-<run_id>--<shard>.parquet``
    holds that run's rows, so the report of last night does not open a year of other nights'
    files (after 180 synthetic nights it took 14 s, each sampled article a scan of every file)."""
    root = out_dir / name
    if not root.is_dir():
        return None
    if runs is None:
        return pads.dataset(root, format="parquet", partitioning="hive") if any(root.rglob("*.parquet")) else None
    files = sorted(str(path) for run in runs for path in root.glob(f"*/{part_name(run, '*')}.parquet"))
    if not files:
        return None
    return pads.dataset(files, format="parquet", partitioning="hive", partition_base_dir=str(root))


def _table(
    out_dir: Path, name: str, columns: list[str], where: pc.Expression | None = None, runs: list[str] | None = None
) -> pa.Table:
    """The columns (those present) of the rows matching ``where`` (in ``runs``' files); an empty table if none."""
    ds = _dataset(out_dir, name, runs)
    if ds is None:
        return pa.table({c: pa.array([], pa.string()) for c in columns})
    return ds.to_table(columns=[c for c in columns if c in ds.schema.names], filter=where)


def _read(
    out_dir: Path, name: str, columns: list[str], where: pc.Expression | None = None, runs: list[str] | None = None
) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = _table(out_dir, name, columns, where, runs).to_pylist()
    return rows


def _all_runs(out_dir: Path) -> list[dict[str, Any]]:
    """Every run, oldest first: its manifest, or (a run that did not finish) a note and its first fetch."""
    manifests = {m.get("run_id", ""): m for m in list_manifests(out_dir)}
    named = {
        match["run"]
        for path in (out_dir / "fetches").glob("*/part-*.parquet")
        if (match := PART_PATTERN.match(path.name))
    }
    unfinished = sorted(named - manifests.keys())
    fetches = _table(out_dir, "fetches", ["run_id", "fetched_at"], runs=unfinished) if unfinished else None
    if fetches is not None and fetches.num_rows:
        for row in fetches.group_by("run_id").aggregate([("fetched_at", "min")]).to_pylist():
            if row["run_id"] not in manifests:
                started = row["fetched_at_min"]
                manifests[row["run_id"]] = {
                    "run_id": row["run_id"],
                    "started_at": started.isoformat() if hasattr(started, "isoformat") else started,
                    "note": "no manifest (the run did not finish)",
                }
    return sorted(manifests.values(), key=lambda m: (str(m.get("started_at") or ""), str(m.get("run_id"))))


def _chosen(
    out_dir: Path, runs: list[dict[str, Any]], run_ids: list[str] | None, all_runs: bool
) -> list[dict[str, Any]]:
    if run_ids:
        known = {str(m.get("run_id")): m for m in runs}
        unknown = [r for r in run_ids if r not in known]
        if unknown:
            raise InputError(f"run(s) not found in {out_dir}: {', '.join(unknown)}")
        return [m for m in runs if m.get("run_id") in set(run_ids)]
    return runs if all_runs else runs[-1:]


def _failed_urls(failed: pa.Table) -> list[FailedUrl]:
    """Failed fetch rows grouped by URL, the latest row giving outcome and reason; most frequent first."""
    grouped: dict[str, FailedUrl] = {}
    run_sets: dict[str, set[str]] = {}
    for row in failed.sort_by([("fetched_at", "ascending")]).to_pylist():
        url = row["url"]
        entry = grouped.get(url)
        count = entry.count + 1 if entry else 1
        grouped[url] = FailedUrl(
            url=url,
            host=row["host"] or None,
            status=row["status"],
            outcome=row["outcome"],
            error=row["error"],
            attempts=row["attempts"] or 0,
            count=count,
            runs=0,
            last_run=row["run_id"],
        )
        run_sets.setdefault(url, set()).add(row["run_id"])
    for url, entry in grouped.items():
        entry.runs = len(run_sets[url])
    return sorted(grouped.values(), key=lambda f: (-f.count, f.outcome, f.host or "", f.url))


def _sample(out_dir: Path, where: pc.Expression | None, size: int, runs: list[str] | None) -> list[SampleArticle]:
    """A seeded sample of articles (latest versions); those with comments first, up to half of it."""
    table = _table(out_dir, "articles", ["article_id"], where, runs)
    ids = sorted(set(table.column("article_id").to_pylist())) if table.num_rows else []
    comments = _table(out_dir, "comments", ["article_id"], where, runs)
    commented = set(comments.column("article_id").unique().to_pylist())
    rng = random.Random(SAMPLE_SEED)
    with_comments = [a for a in ids if a in commented]
    chosen = rng.sample(with_comments, min(len(with_comments), (size + 1) // 2))
    picked = set(chosen)
    rest = [a for a in ids if a not in picked]
    chosen += rng.sample(rest, min(len(rest), size - len(chosen)))
    articles = [_article(out_dir, article_id, where, runs) for article_id in chosen]
    return sorted(articles, key=lambda a: (a.title or "", a.url))


def _article(out_dir: Path, article_id: str, where: pc.Expression | None, runs: list[str] | None) -> SampleArticle:
    match = pc.field("article_id") == article_id
    columns = ["content_hash", "url", "title", "site", "word_count", "text", "fetched_at"]
    versions = _read(out_dir, "articles", columns, match if where is None else match & where, runs)
    row = max(versions, key=lambda r: r["fetched_at"])
    version = match & (pc.field("content_hash") == row["content_hash"])
    meta = next(iter(_read(out_dir, "metadata", ["authors", "published"], version, runs)), {})
    comments = sorted(
        _read(
            out_dir, "comments", ["comment_id", "parent_id", "position", "author", "posted_at", "text"], version, runs
        ),
        key=lambda c: c["position"],
    )
    depth: dict[str, int] = {}
    for c in comments:
        depth[c["comment_id"]] = depth.get(c["parent_id"], -1) + 1 if c["parent_id"] else 0
    return SampleArticle(
        article_id=article_id,
        url=row["url"],
        title=row["title"],
        site=row["site"],
        authors=list(meta.get("authors") or []),
        published=meta.get("published"),
        word_count=row["word_count"] or 0,
        paragraphs=[p for p in (row["text"] or "").split("\n") if p.strip()],
        comments=[
            SampleComment(c["position"], depth[c["comment_id"]], c["author"], c["posted_at"], c["text"])
            for c in comments
        ],
    )


def _counts(table: pa.Table, keys: list[str]) -> list[dict[str, Any]]:
    if table.num_rows == 0:
        return []
    rows: list[dict[str, Any]] = table.group_by(keys).aggregate([("url", "count"), ("url", "min")]).to_pylist()
    return rows


def load_run_data(
    out_dir: Path,
    run_ids: list[str] | None = None,
    sample_size: int = 8,
    max_failures: int = 200,
    all_runs: bool = False,
) -> RunData:
    """What the run report shows: the latest run, ``run_ids``, or every run (``all_runs``).

    InputError when the directory holds no runs.
    """
    if not out_dir.is_dir():
        raise InputError(f"output directory not found: {out_dir}")
    every = _all_runs(out_dir)
    if not every:
        raise InputError(f"no runs in {out_dir} (no _runs/*.json manifests and no fetches dataset)")
    runs = _chosen(out_dir, every, run_ids, all_runs)
    scope = None if len(runs) == len(every) else [str(m["run_id"]) for m in runs]
    where = None if scope is None else pc.field("run_id").isin(scope)
    fetches = _table(out_dir, "fetches", ["url", "host", "outcome", "run_id"], where, scope)
    by_outcome: Counter[str] = Counter()
    by_host: dict[str, dict[str, int]] = {}
    without_host = 0
    for row in _counts(fetches, ["host", "outcome"]):
        by_outcome[row["outcome"]] += row["url_count"]
        if row["host"]:
            by_host.setdefault(row["host"], {})[row["outcome"]] = row["url_count"]
        else:
            without_host += row["url_count"]
    failed_where = ~pc.field("outcome").isin(sorted(OK_OUTCOMES))
    failed = _table(out_dir, "fetches", FETCH_COLUMNS, failed_where if where is None else failed_where & where, scope)
    reasons = sorted(
        ((r["outcome"], r["error"] or "", r["url_count"], r["url_min"]) for r in _counts(failed, ["outcome", "error"])),
        key=lambda r: (-r[2], r[0], r[1]),
    )
    grouped = _failed_urls(failed) if failed.num_rows else []
    return RunData(
        out_dir=out_dir,
        runs=runs,
        by_outcome=dict(by_outcome.most_common()),
        by_host=dict(sorted(by_host.items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))),
        failures=grouped[:max_failures],
        failures_total=failed.num_rows,
        failed_urls=len(grouped),
        reasons=reasons,
        articles=_count_rows(out_dir, "articles", where, scope),
        comments=_count_rows(out_dir, "comments", where, scope),
        sample=_sample(out_dir, where, sample_size, scope),
        without_host=without_host,
        all_runs=len(every),
    )


def _count_rows(out_dir: Path, name: str, where: pc.Expression | None, runs: list[str] | None) -> int:
    ds = _dataset(out_dir, name, runs)
    return 0 if ds is None else int(ds.count_rows(filter=where))
