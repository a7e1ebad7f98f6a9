"""One big WARC file as several shards: byte ranges that start at records, each record in one range."""

from __future__ import annotations

import gc
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from pipeline.crashpoints import CRASH_ENV
from pipeline.errors import InputError
from pipeline.run.plan import plan_shards
from pipeline.run.runner import run_pipeline
from pipeline.sources.warc import read_warc, record_starts
from tests.conftest import make_config
from tests.warcs import article_html, write_warc

PAGES = 24


def big_warc(path: Path, gzip: bool = True, pages: int = PAGES) -> Path:
    responses = []
    for n in range(pages):
        url = f"https://site{n % 3}.example/condition-{n}"
        responses.append((url, article_html(f"Condition {n} of the heart", url, comments=n % 4 == 0), "text/html", 200))
    responses.insert(5, ("https://site0.example/leaflet.pdf", b"%PDF-1.4", "application/pdf", 200))
    return write_warc(path, responses, gzip=gzip)


def urls(pages: object) -> list[str]:
    return [page.url for page in pages]  # type: ignore[attr-defined]


@pytest.mark.parametrize("gzip", [True, False])
def test_ranges_hold_every_record_once_in_file_order(tmp_path: Path, gzip: bool) -> None:
    warc = big_warc(tmp_path / ("in.warc.gz" if gzip else "in.warc"), gzip=gzip)
    whole = urls(read_warc(warc))
    assert len(whole) == PAGES  # the PDF is a page's resource: skipped
    starts = record_starts(warc, 5)
    assert starts[0] == 0 and starts == sorted(set(starts)) and len(starts) == 5
    size = warc.stat().st_size
    assert all(abs(s - k * size / 5) < size / 5 for k, s in enumerate(starts))  # about equal parts
    stops: list[int | None] = [*starts[1:], None]
    parts = [urls(read_warc(warc, None, start, stop)) for start, stop in zip(starts, stops, strict=True)]
    assert all(parts)
    assert [u for part in parts for u in part] == whole


def test_small_arc_broken_or_unsplittable_files_are_one_range(tmp_path: Path) -> None:
    warc = big_warc(tmp_path / "in.warc.gz")
    assert record_starts(warc, 1) == [0]
    garbage = tmp_path / "garbage.warc.gz"
    garbage.write_bytes(b"not a warc at all" * 1000)
    assert record_starts(garbage, 4) == [0]
    cut = tmp_path / "cut.warc.gz"  # breaks before the second cut: one range, its reader reports it
    cut.write_bytes(warc.read_bytes()[: warc.stat().st_size // 3])
    assert record_starts(cut, 2) == [0] or record_starts(cut, 2)[0] == 0


def test_a_range_that_no_longer_matches_the_file_is_an_input_error(tmp_path: Path) -> None:
    warc = big_warc(tmp_path / "in.warc.gz")
    _, second = record_starts(warc, 2)
    with pytest.raises(InputError, match="changed since it was planned"):
        list(read_warc(warc, None, 0, second + 1))
    with pytest.raises(InputError, match="not a WARC/ARC file"):
        list(read_warc(warc, None, second + 1, None))


def test_plan_depends_on_the_file_not_on_the_workers(tmp_path: Path) -> None:
    warc = big_warc(tmp_path / "in.warc.gz")
    size = warc.stat().st_size
    config = make_config(tmp_path, sources={"warc": [str(warc)]}, run={"warc_shard_bytes": size // 4})
    plans = [plan_shards(config, slots) for slots in (1, 2, 7)]
    assert plans[0] == plans[1] == plans[2]
    assert [s.key[-5:] for s in plans[0]] == ["-r000", "-r001", "-r002", "-r003"]
    assert plans[0][0].warc_start == 0 and plans[0][-1].warc_stop is None
    assert all(a.warc_stop == b.warc_start for a, b in zip(plans[0], plans[0][1:], strict=False))
    whole = make_config(tmp_path, sources={"warc": [str(warc)]}, run={"warc_shard_bytes": size})
    assert len(plan_shards(whole, 2)) == 1  # under twice the size: one shard, keyed as before
    never = make_config(tmp_path, sources={"warc": [str(warc)]}, run={"warc_shard_bytes": 0})
    assert [s.key for s in plan_shards(never, 2)] == [s.key for s in plan_shards(whole, 2)]


def dataset(out: Path, name: str, columns: list[str]) -> list[tuple[object, ...]]:
    frame = pd.read_parquet(out / name, columns=columns)
    return sorted(map(tuple, frame.astype(str).itertuples(index=False)))


COLUMNS = {
    "articles": ["article_id", "content_hash", "url", "title", "text"],
    "comments": ["comment_id", "article_id", "author", "text", "parent_id"],
    "metadata": ["article_id", "title", "authors"],
    "fetches": ["url", "outcome", "status", "article_id"],
}


def test_split_warc_on_two_processes_gives_the_output_of_one_shard(tmp_path: Path) -> None:
    warc = big_warc(tmp_path / "in.warc.gz")
    size = warc.stat().st_size
    one = make_config(tmp_path / "one", sources={"warc": [str(warc)]}, run={"run_date": "2026-11-20"})
    split = make_config(
        tmp_path / "split",
        sources={"warc": [str(warc)]},
        run={"run_date": "2026-11-20", "workers": 2, "warc_shard_bytes": size // 3},
    )
    first, second = run_pipeline(one, argv=[]), run_pipeline(split, argv=[])
    assert (first.shards, second.shards) == (1, 3)
    assert gc.get_freeze_count() == 0  # the driver's objects, frozen while the pool forked, are collectable again
    assert second.outcomes == first.outcomes == {"ok": PAGES}
    assert second.not_pages == first.not_pages == {"document": 1}  # its one range counts it
    for name, columns in COLUMNS.items():
        assert dataset(tmp_path / "split" / "out", name, columns) == dataset(tmp_path / "one" / "out", name, columns)
    manifest = json.loads(Path(second.manifest or "").read_text())
    assert manifest["engine"] == {"engine": "local-processes", "workers": 2}
    assert len({f["shard"] for f in manifest["files"]}) == 3


def test_split_warc_killed_after_a_range_resumes_without_loss_or_duplicates(tmp_path: Path) -> None:
    warc = big_warc(tmp_path / "in.warc.gz")
    out = tmp_path / "out"
    env = dict(os.environ, PIPELINE__RUN__WARC_SHARD_BYTES=str(warc.stat().st_size // 3))
    args = [sys.executable, "-m", "pipeline", "run", "--out", str(out), "--warc", str(warc), "--workers", "1"]
    args += ["--run-date", "2026-11-20", "--progress", "off"]
    # killed right after the first range's marker: one range committed, two not started
    crashed = subprocess.run(args, capture_output=True, text=True, env={**env, CRASH_ENV: "marker"}, timeout=120)
    assert crashed.returncode == -signal.SIGKILL, crashed.stderr
    assert len(list((out / "_runs").rglob("shards/*.json"))) == 1
    resumed = subprocess.run(args, capture_output=True, text=True, env=env, timeout=120)
    assert resumed.returncode == 0 and "3 shard(s), 1 already done" in resumed.stdout, resumed.stdout + resumed.stderr
    assert "skipped 1 WARC record that is not a page: document 1" in resumed.stdout  # counted once, resumed or not
    fetches = pd.read_parquet(out / "fetches")
    assert len(fetches) == PAGES and fetches["url"].is_unique
    articles = pd.read_parquet(out / "articles")
    assert len(articles) == PAGES and articles["article_id"].is_unique


def test_dry_run_shows_each_range(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from pipeline.cli import main

    warc = big_warc(tmp_path / "in.warc.gz")
    monkeypatch.setenv("PIPELINE__RUN__WARC_SHARD_BYTES", str(warc.stat().st_size // 2))
    assert main(["run", "--warc", str(warc), "--out", str(tmp_path / "out"), "--dry-run"]) == 0
    lines = [line for line in capsys.readouterr().out.splitlines() if "would fetch: warc" in line]
    starts = record_starts(warc, 2)
    assert [line.split(" bytes ")[1] for line in lines] == [f"0-{starts[1]}", f"{starts[1]}-end"]
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").rglob("*.parquet"))
