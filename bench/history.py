"""A year of nightly runs: what the output's history costs a run's start and an analyst's read.

    .venv/bin/python bench/history.py [--urls 20000] [--hosts 20] [--shards 4] [--change 0.01]
                                      [--nights 30,90,180,365] [--keep DIR]

Writes a synthetic output directory as nightly runs leave it (per night and shard: a part file
of fetches, articles, metadata and comments, a shard marker; per night a manifest), every URL
fetched every night (a 304 unless the page changed, ``--change`` of them a night, each change a
new article version). At each checkpoint it measures, each in a fresh process (wall time and
peak RSS, interpreter start-up included):

- ``start``: a real ``pipeline run`` of one URL (a loopback server) over that output, beside the
  same run over an empty output: what the history adds to every night's start;
- ``phases``: the start-up steps that read the history, one by one (``stored_articles``,
  ``stored_urls``, the manifests, the part-file sweep) and the size of what the driver sends
  every shard (the stored versions and first SimHashes, pickled);
- the README's reads: pandas ``read_parquet`` of ``fetches`` and ``articles``, DuckDB's count of
  ``fetches`` and its current-state query, Polars' ``read_parquet`` of ``articles``;
- the same reads over a compacted copy (one file per dataset and night: the most a rewrite
  inside the ``crawl_date`` partitions can merge), to see what a ``pipeline compact`` would buy.

Figures are printed side by side; nothing is asserted. Needs a few GB of disk under TMPDIR for
the default sizes (``--keep`` keeps the output for a look).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import pyarrow as pa  # noqa: E402
import pyarrow.parquet as pq  # noqa: E402

from pipeline.normalize.schemas import ARTICLES, COMMENTS, FETCHES, METADATA  # noqa: E402
from tests.httpserver import Reply, ScriptedServer, html_page  # noqa: E402

FIRST_NIGHT = dt.datetime(2025, 12, 1, 3, 15, tzinfo=dt.UTC)
CONFIG_DIGEST = "5eed0001"  # one config every night: one run id per date, as cron gives
PARAGRAPHS = 40  # distinct synthetic paragraphs the article texts are made of
WORDS = "health sleep heart blood pressure doctor study risk patients diet exercise symptoms".split()

PROBE = """
import sys, time
start = time.perf_counter()
exec(sys.argv[1])
# VmHWM, not ru_maxrss: a child's ru_maxrss starts at its parent's (this bench holds the history)
peak = next(line.split()[1] for line in open("/proc/self/status") if line.startswith("VmHWM"))
print("FIGURES", time.perf_counter() - start, peak)
"""

PHASES = """
import json, time
from pathlib import Path
from pipeline.run.retry import latest_outcomes
from pipeline.run.sightings import latest_sightings
from pipeline.run.stored import _latest_sightings, stored_articles
from pipeline.store.manifest import list_manifests, remove_unmarked_parts
from pipeline.store.parquet import read_dataset
out = Path({out!r})
ids = set(stored_articles(out, "none").article_ids)
figures = {{}}
for name, step in (
    ("sweep", lambda: remove_unmarked_parts(out)),
    ("manifests", lambda: list_manifests(out)),
    ("stored_articles", lambda: stored_articles(out, "none")),
    ("articles' ids read again (each start until session 11)", lambda: read_dataset(out, "articles", ["article_id"])),
    ("log read whole", lambda: _latest_sightings(out, ids)),
    ("index: fold new nights", lambda: latest_sightings(out, ids)),
    ("index: nothing new", lambda: latest_sightings(out, ids)),
    ("a same-day retry's plan", lambda: latest_outcomes(out, sorted((out / "_runs").glob("*-5eed0001.json"))[-1].stem)),
):
    begun = time.perf_counter()
    step()
    figures[name] = round(time.perf_counter() - begun, 2)
# what the driver sends every shard (pickled per shard: a pool worker or a Dask task's graph)
import pickle
stored = stored_articles(out, "none")
begun = time.perf_counter()
shipped = pickle.dumps((stored.versions, stored.first_simhashes), protocol=pickle.HIGHEST_PROTOCOL)
pickle.loads(shipped)
figures["sent to each shard: stored versions"] = len(stored.versions)
figures["sent to each shard: first SimHashes"] = len(stored.first_simhashes)
figures["sent to each shard: pickled MB"] = round(len(shipped) / 2**20, 1)
figures["sent to each shard: pickled and read back"] = round(time.perf_counter() - begun, 2)
print("PHASES", json.dumps(figures))
"""

READS = {
    "pandas fetches": """
import pandas as pd, pyarrow as pa, pyarrow.dataset as ds
by_day = ds.partitioning(pa.schema([("crawl_date", pa.date32())]), flavor="hive")
pd.read_parquet({out!r} + "/fetches", dtype_backend="pyarrow", partitioning=by_day)
""",
    "pandas fetches, 30 nights, 3 columns": """
import datetime as dt, pandas as pd, pyarrow as pa, pyarrow.dataset as ds
by_day = ds.partitioning(pa.schema([("crawl_date", pa.date32())]), flavor="hive")
since = [("crawl_date", ">=", dt.date(2026, 11, 1))]
pd.read_parquet({out!r} + "/fetches", dtype_backend="pyarrow", partitioning=by_day, filters=since,
                columns=["url", "outcome", "crawl_date"])
""",
    "pandas articles": """
import pandas as pd, pyarrow as pa, pyarrow.dataset as ds
by_day = ds.partitioning(pa.schema([("crawl_date", pa.date32())]), flavor="hive")
pd.read_parquet({out!r} + "/articles", dtype_backend="pyarrow", partitioning=by_day)
""",
    "duckdb count fetches": """
import duckdb
duckdb.sql("SELECT count(*) FROM read_parquet('{out}/fetches/**/*.parquet', hive_partitioning=true)").fetchall()
""",
    "duckdb current state": """
import duckdb
duckdb.sql('''
WITH answered AS (
  SELECT url, article_id, content_hash, fetched_at
  FROM read_parquet('{out}/fetches/**/*.parquet', hive_partitioning=true, union_by_name=true)
  WHERE content_hash IS NOT NULL OR status IN (404, 410)
  QUALIFY row_number() OVER (PARTITION BY url ORDER BY fetched_at DESC) = 1
), seen AS (
  SELECT article_id, content_hash FROM answered WHERE content_hash IS NOT NULL
  QUALIFY row_number() OVER (PARTITION BY article_id ORDER BY fetched_at DESC) = 1
)
SELECT count(*) FROM read_parquet('{out}/articles/**/*.parquet', hive_partitioning=true) a
JOIN seen USING (article_id, content_hash)''').fetchall()
""",
    "polars articles": """
import polars as pl
pl.read_parquet({out!r} + "/articles/**/*.parquet", hive_partitioning=True)
""",
}


def measure(code: str) -> tuple[float, float, str]:
    """(wall seconds, peak RSS in MB, stdout) of ``code`` run in a fresh interpreter."""
    begun = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", PROBE, code], capture_output=True, text=True, check=False, cwd=REPO)
    wall = time.perf_counter() - begun
    if result.returncode != 0:
        raise SystemExit(f"probe failed: {result.stderr[-2000:]}")
    figures = [line for line in result.stdout.splitlines() if line.startswith("FIGURES")][-1].split()
    return wall, int(figures[2]) / 1024, result.stdout


class History:
    """The synthetic output directory, written night by night."""

    def __init__(self, out: Path, urls: int, hosts: int, shards: int, change: float, seed: int = 11) -> None:
        self.out, self.shards, self.change = out, shards, change
        self.rng = random.Random(seed)
        self.urls = [
            f"https://site{n % hosts:02d}.example/articles/topic-{n // hosts}/page-{n:06d}" for n in range(urls)
        ]
        self.ids = [hashlib.sha256(u.encode()).hexdigest()[:16] for u in self.urls]
        self.versions = [0] * urls
        self.shard_of = [n % hosts % shards for n in range(urls)]
        self.paragraphs = [
            " ".join(self.rng.choice(WORDS) for _ in range(self.rng.randrange(40, 90))).capitalize() + "."
            for _ in range(PARAGRAPHS)
        ]
        self.nights = 0

    def add_night(self) -> None:
        night = self.nights
        when = FIRST_NIGHT + dt.timedelta(days=night)
        date = when.date().isoformat()
        run_id = f"{date}-{CONFIG_DIGEST}"
        changed = {n for n in range(len(self.urls)) if night == 0 or self.rng.random() < self.change}
        for n in changed:
            self.versions[n] += 1
        files_all = []
        for shard in range(self.shards):
            key = f"hosts{shard:03d}-{CONFIG_DIGEST}"
            members = [n for n in range(len(self.urls)) if self.shard_of[n] == shard]
            tables = self._tables(members, changed, when, run_id)
            files = {}
            for dataset, table in tables.items():
                if table.num_rows == 0:
                    continue
                folder = self.out / dataset / f"crawl_date={date}"
                folder.mkdir(parents=True, exist_ok=True)
                path = folder / f"part-{run_id}--{key}.parquet"
                pq.write_table(table, path, compression="zstd")
                files[dataset] = {"path": str(path.relative_to(self.out)), "rows": table.num_rows}
                files_all.append(dict(files[dataset], dataset=dataset, shard=key))
            marker = self.out / "_runs" / run_id / "shards" / f"{key}.json"
            marker.parent.mkdir(parents=True, exist_ok=True)
            outcomes = {
                "ok": len(changed.intersection(members)),
                "not_modified": len(members) - len(changed.intersection(members)),
            }
            marker.write_text(json.dumps({"key": key, "files": files, "outcomes": outcomes, "attempt": "1"}))
        manifest = {
            "run_id": run_id,
            "run_date": date,
            "started_at": when.isoformat(),
            "finished_at": (when + dt.timedelta(hours=1)).isoformat(),
            "files": files_all,
            "counts_by_host": {f"site{h:02d}.example": {"not_modified": 1000} for h in range(20)},
            "shards": {"planned": self.shards, "completed": self.shards, "failed": {}},
        }
        (self.out / "_runs" / f"{run_id}.json").write_text(json.dumps(manifest))
        self.nights += 1

    def _tables(self, members: list[int], changed: set[int], when: dt.datetime, run_id: str) -> dict[str, pa.Table]:
        fresh = [n for n in members if n in changed]
        at = [when + dt.timedelta(milliseconds=i * 37) for i in range(len(members))]
        hashes = [f"v{self.versions[n]:04d}-{self.ids[n][:8]}" for n in members]
        fetches = pa.table(
            {
                "url": [self.urls[n] for n in members],
                "final_url": [self.urls[n] for n in members],
                "host": [self.urls[n].split("/")[2] for n in members],
                "status": [200 if n in changed else 304 for n in members],
                "outcome": ["ok" if n in changed else "not_modified" for n in members],
                "error": pa.nulls(len(members), pa.string()),
                "attempts": [1] * len(members),
                "bytes": [48_000 if n in changed else 0 for n in members],
                "elapsed_ms": [self.rng.randrange(80, 900) for _ in members],
                "content_type": ["text/html; charset=utf-8"] * len(members),
                "source": ["http"] * len(members),
                "article_id": [self.ids[n] for n in members],
                "fetched_at": at,
                "run_id": [run_id] * len(members),
                "content_hash": hashes,
            },
            schema=FETCHES,
        )
        fetched = dict(zip(members, at, strict=True))
        texts = ["\n\n".join(self.rng.sample(self.paragraphs, 8)) for _ in fresh]
        version = {n: f"v{self.versions[n]:04d}-{self.ids[n][:8]}" for n in fresh}
        articles = pa.table(
            {
                "article_id": [self.ids[n] for n in fresh],
                "url": [self.urls[n] for n in fresh],
                "canonical_url": [self.urls[n] for n in fresh],
                "site": [self.urls[n].split("/")[2] for n in fresh],
                "title": [f"Page {n} version {self.versions[n]}" for n in fresh],
                "text": texts,
                "word_count": [len(t.split()) for t in texts],
                "language": ["en"] * len(fresh),
                "content_hash": [version[n] for n in fresh],
                "simhash": [self.rng.randrange(-(2**63), 2**63) for _ in fresh],
                "duplicate_of": pa.nulls(len(fresh), pa.string()),
                "fetched_at": [fetched[n] for n in fresh],
                "run_id": [run_id] * len(fresh),
            },
            schema=ARTICLES,
        )
        metadata = pa.table(
            {field.name: self._metadata_column(field, fresh, version, fetched, run_id) for field in METADATA},
            schema=METADATA,
        )
        commented = [n for n in fresh if n % 3 == 0]
        comments = pa.table(
            {
                "comment_id": [f"{self.ids[n]}-{k}" for n in commented for k in range(3)],
                "article_id": [self.ids[n] for n in commented for _ in range(3)],
                "content_hash": [version[n] for n in commented for _ in range(3)],
                "position": [k for _ in commented for k in range(3)],
                "parent_id": pa.nulls(3 * len(commented), pa.string()),
                "author": [f"Reader {k}" for _ in commented for k in range(3)],
                "posted_at": [fetched[n] for n in commented for _ in range(3)],
                "posted_date": [fetched[n].date() for n in commented for _ in range(3)],
                "text": [self.paragraphs[k] for _ in commented for k in range(3)],
                "fetched_at": [fetched[n] for n in commented for _ in range(3)],
                "run_id": [run_id] * (3 * len(commented)),
            },
            schema=COMMENTS,
        )
        return {"fetches": fetches, "articles": articles, "metadata": metadata, "comments": comments}

    def _metadata_column(
        self, field: pa.Field, fresh: list[int], version: dict[int, str], fetched: dict[int, dt.datetime], run_id: str
    ) -> list[object] | pa.Array:
        values: dict[str, list[object]] = {
            "article_id": [self.ids[n] for n in fresh],
            "content_hash": [version[n] for n in fresh],
            "url": [self.urls[n] for n in fresh],
            "title": [f"Page {n}" for n in fresh],
            "authors": [["A. Writer"] for _ in fresh],
            "has_disclaimer": [False for _ in fresh],
            "fetched_at": [fetched[n] for n in fresh],
            "run_id": [run_id for _ in fresh],
            "status": [200 for _ in fresh],
        }
        if field.name in values:
            return values[field.name]
        if pa.types.is_list(field.type):
            return [[] for _ in fresh]
        return pa.nulls(len(fresh), field.type)


def compacted_copy(out: Path, target: Path) -> None:
    """One file per dataset and night: what a rewrite inside each crawl_date partition leaves."""
    for dataset in ("fetches", "articles", "metadata", "comments"):
        for folder in sorted((out / dataset).glob("crawl_date=*")):
            parts = sorted(folder.glob("part-*.parquet"))
            table = pa.concat_tables(pq.read_table(p, partitioning=None) for p in parts)
            (target / dataset / folder.name).mkdir(parents=True, exist_ok=True)
            pq.write_table(table, target / dataset / folder.name / "part-compacted.parquet", compression="zstd")


def start_run(out: Path, work: Path, server: ScriptedServer, date: str) -> tuple[float, float]:
    """Wall and peak RSS of a real one-URL ``pipeline run`` over ``out``."""
    work.mkdir(parents=True, exist_ok=True)
    (work / "urls.txt").write_text(server.url("/page") + "\n")
    args = [
        "run",
        "--urls",
        str(work / "urls.txt"),
        "--out",
        str(out),
        "--raw",
        str(work / "raw"),
        "--run-date",
        date,
        "--progress",
        "off",
        "--workers",
        "1",
    ]
    env_code = (
        "import os, sys\n"
        "os.environ['PIPELINE__FETCH__ALLOW_PRIVATE'] = '[\"127.0.0.1\"]'\n"
        "os.environ['PIPELINE__FETCH__MIN_DELAY_S'] = '0'\n"
        "from pipeline.cli import main\n"
        f"code = main({args!r})\n"
        "assert code == 0, code\n"
    )
    wall, rss, _ = measure(env_code)
    return wall, rss


def tree_figures(out: Path) -> str:
    files = {d: len(list((out / d).rglob("*.parquet"))) for d in ("fetches", "articles", "metadata", "comments")}
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file()) / 2**20
    rows = pq.ParquetDataset(out / "fetches").read(columns=["url"]).num_rows
    manifests = len(list((out / "_runs").glob("*.json")))
    return f"files {files}, {manifests} manifests, {size:.0f} MB, fetch log {rows:,} rows"


def checkpoint_figures(out: Path, root: Path, server: ScriptedServer, dates: list[str], label: str) -> None:
    """The start-up phases, then a real run's start over the output: with the index rebuilt
    from nothing, then with the index up to date (the nightly case)."""
    _, _, stdout = measure(PHASES.format(out=str(out)))
    print("phases (s):", stdout.split("PHASES", 1)[1].split("\n")[0].strip(), flush=True)
    (out / "_state" / "latest_sightings.parquet").unlink(missing_ok=True)
    for date, how in zip(dates, ("index built from nothing", "index up to date"), strict=True):
        wall, rss = start_run(out, root / f"w{label}-{date}", server, date)
        print(f"start, {how}: {wall:.2f} s, {rss:.0f} MB peak RSS", flush=True)


def read_figures(out: Path, root: Path, names: list[str], compare: bool) -> None:
    """The README's reads; with ``compare``, beside the same over a copy of one file a night."""
    compact = root / "compacted"
    if compare:
        compacted_copy(out, compact)
    for name in names:
        wall, rss, _ = measure(READS[name].format(out=str(out)))
        line = f"{name}: {wall:.2f} s, {rss:.0f} MB"
        if compare:
            cwall, crss, _ = measure(READS[name].format(out=str(compact)))
            line += f"; compacted (one file a night): {cwall:.2f} s, {crss:.0f} MB"
        print(line, flush=True)
    shutil.rmtree(compact, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--urls", type=int, default=20_000, help="URLs fetched every night")
    parser.add_argument("--hosts", type=int, default=20, help="hosts the URLs are spread over")
    parser.add_argument("--shards", type=int, default=4, help="shards a night (part files per dataset and night)")
    parser.add_argument("--change", type=float, default=0.01, help="share of the pages changed a night")
    parser.add_argument("--nights", default="30,90,180,365", help="checkpoints (nights of history)")
    parser.add_argument("--keep", type=Path, help="write the output here and keep it")
    args = parser.parse_args()
    checkpoints = sorted(int(n) for n in args.nights.split(","))
    with tempfile.TemporaryDirectory(dir=os.environ.get("TMPDIR")) as tmp:
        root = Path(tmp)
        out = args.keep or root / "out"
        history = History(out, args.urls, args.hosts, args.shards, args.change)
        with ScriptedServer("127.0.0.1") as server:
            server.route("/robots.txt", Reply(404, b"", content_type="text/plain"))
            server.route("/page", Reply(200, html_page("A page", "<p>" + "Some words here. " * 40 + "</p>")))
            wall, rss = start_run(root / "empty", root / "w0", server, "2026-12-01")
            print(f"start over an empty output: {wall:.2f} s, {rss:.0f} MB peak RSS", flush=True)
            for number, checkpoint in enumerate(checkpoints):
                begun = time.perf_counter()
                while history.nights < checkpoint:
                    history.add_night()
                took = time.perf_counter() - begun
                print(f"\n== {checkpoint} nights ({took:.0f} s to write): {tree_figures(out)}", flush=True)
                dates = [(dt.date(2026, 12, 2) + dt.timedelta(days=2 * number + k)).isoformat() for k in (0, 1)]
                checkpoint_figures(out, root, server, dates, str(checkpoint))
                last = checkpoint == checkpoints[-1]
                read_figures(out, root, list(READS) if last else ["pandas fetches", "duckdb current state"], last)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
