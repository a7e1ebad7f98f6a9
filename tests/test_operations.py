"""Scheduled-run guarantees: Dask gives the same output, kill -9 then re-run is clean, the lock holds."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from pipeline.crashpoints import CRASH_ENV as CRASH_HOOK
from pipeline.crashpoints import CRASH_ONCE_ENV as CRASH_ONCE
from pipeline.resources import code_version, rules_digest
from pipeline.run.runner import run_pipeline
from pipeline.store.lock import OutputLock
from tests.conftest import ETAG_PAGES, ETAG_SITE, make_config
from tests.daskcluster import dask_cluster
from tests.httpserver import ScriptedServer
from tests.warcs import article_html, write_warc

KEYS = {
    "articles": ["article_id", "content_hash"],
    "metadata": ["article_id", "content_hash"],
    "comments": ["comment_id"],
    "fetches": ["url"],
}


def make_warcs(directory: Path, files: int, pages: int) -> list[str]:
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for f in range(files):
        responses = []
        for p in range(pages):
            url = f"https://site{f}.example/condition-{p}"
            responses.append((url, article_html(f"Condition {f}-{p}", url, comments=p % 3 == 0), "text/html", 200))
        paths.append(str(write_warc(directory / f"part{f}.warc.gz", responses)))
    return paths


def snapshot(out: Path) -> dict[str, list[tuple[object, ...]]]:
    result = {}
    for name, keys in KEYS.items():
        frame = pd.read_parquet(out / name, columns=keys)
        result[name] = sorted(map(tuple, frame.itertuples(index=False)))
    return result


@pytest.mark.dask
def test_dask_cluster_gives_the_same_output_as_a_local_run(tmp_path: Path) -> None:
    from distributed import LocalCluster

    warcs = make_warcs(tmp_path / "in", files=3, pages=4)
    local = make_config(tmp_path / "local", sources={"warc": warcs}, run={"run_date": "2026-11-20"})
    run_pipeline(local, argv=[])
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        dask_config = make_config(
            tmp_path / "dask",
            sources={"warc": warcs},
            run={"run_date": "2026-11-20", "scheduler": cluster.scheduler_address},
        )
        summary = run_pipeline(dask_config, argv=[])
    assert summary.outcomes == {"ok": 12}
    assert snapshot(tmp_path / "local" / "out") == snapshot(tmp_path / "dask" / "out")


@pytest.fixture
def dask_processes(tmp_path: Path) -> Iterator[str]:
    """A scheduler and two worker processes started with the ``dask`` command, on loopback; the
    first worker process to reach its second page's extraction SIGKILLs itself (once in the
    cluster: its nanny starts it again, and Dask runs the lost shard again)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}  # workers import the installed package
    env.update({CRASH_HOOK: "extract:2", CRASH_ONCE: str(tmp_path / "a-worker-died")})
    with dask_cluster(tmp_path / "dask", env) as address:
        yield address


@pytest.mark.dask
def test_dask_scheduler_and_worker_processes_give_the_same_output(tmp_path: Path, dask_processes: str) -> None:
    """Even though a worker process dies in the middle of a shard (the fixture's crash hook)."""
    warcs = make_warcs(tmp_path / "in", files=3, pages=4)
    run_pipeline(make_config(tmp_path / "local", sources={"warc": warcs}, run={"run_date": "2026-11-20"}), argv=[])
    driver = tmp_path / "driver"
    driver.mkdir()
    relative = [os.path.relpath(w, driver) for w in warcs]  # made absolute before shards leave the driver
    args = ["run", "--out", "out", "--raw", "raw", "--run-date", "2026-11-20", "--scheduler", dask_processes]
    result = subprocess.run(
        [sys.executable, "-m", "pipeline", *args, "--warc", *relative],
        cwd=driver,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert (tmp_path / "a-worker-died").is_file()  # a worker was killed mid-shard
    assert result.returncode == 0, result.stderr
    assert "ok=12" in result.stdout
    assert snapshot(tmp_path / "local" / "out") == snapshot(driver / "out")
    assert_unique(driver / "out")
    assert not list((driver / "out").rglob("*.tmp"))
    manifest = json.loads(next((driver / "out" / "_runs").glob("*.json")).read_text())
    assert manifest["engine"] == {"engine": "dask", "scheduler": dask_processes}
    assert manifest["shards"]["completed"] == 3
    again = subprocess.run(
        [sys.executable, "-m", "pipeline", *args, "--warc", *relative],
        cwd=driver,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert again.returncode == 0 and "3 already done" in again.stdout, again.stderr
    assert snapshot(tmp_path / "local" / "out") == snapshot(driver / "out")


@pytest.mark.dask
def test_a_worker_killed_mid_shard_leaves_no_temporary_or_staged_file_once_the_run_finishes(
    tmp_path: Path, dask_processes: str
) -> None:
    """The worker dies with a part file half written (a row group a page) and its fetch state
    staged; Dask runs the shard again elsewhere and the run exits 0. The dead attempt's files
    went only at the next run's start (found by bench/soak.py --scheduler): now the run's finish
    removes them, as no attempt of the run can commit after it."""
    warcs = make_warcs(tmp_path / "in", files=3, pages=4)
    run_pipeline(make_config(tmp_path / "local", sources={"warc": warcs}, run={"run_date": "2026-11-20"}), argv=[])
    config = make_config(
        tmp_path / "dask",
        sources={"warc": warcs},
        output={"batch_rows": 1},  # the first page's rows are in the temporary part files before the kill
        run={"run_date": "2026-11-20", "scheduler": dask_processes},
    )
    summary = run_pipeline(config, argv=[])
    assert (tmp_path / "a-worker-died").is_file()  # a worker was killed mid-shard
    assert summary.exit_code == 0 and summary.outcomes == {"ok": 12}
    out = tmp_path / "dask" / "out"
    assert snapshot(tmp_path / "local" / "out") == snapshot(out)
    assert not [p.name for p in out.rglob("*.tmp")]
    assert not [p.name for p in (out / "_state").rglob("fetch-staged/*/*")]


def test_local_processes_give_the_same_output(tmp_path: Path) -> None:
    warcs = make_warcs(tmp_path / "in", files=3, pages=3)
    run_pipeline(make_config(tmp_path / "one", sources={"warc": warcs}, run={"run_date": "2026-11-20"}), argv=[])
    two = make_config(tmp_path / "two", sources={"warc": warcs}, run={"run_date": "2026-11-20", "workers": 2})
    run_pipeline(two, argv=[])
    assert snapshot(tmp_path / "one" / "out") == snapshot(tmp_path / "two" / "out")


def cli_args(out: Path, raw: Path, warcs: list[str], *extra: str) -> list[str]:
    return [sys.executable, "-m", "pipeline", "run", "--out", str(out), "--raw", str(raw), *extra, "--warc", *warcs]


# The kill comes at most this share of a clean in-process run's time after writing starts.
CLEAN_RUN_SHARE = 0.3
# small row groups and a few rows per flush: temporary files are open and growing most of the time
CRASH_ENV = dict(os.environ, PIPELINE__OUTPUT__BATCH_ROWS="4")


def kill_while_writing(args: list[str], out: Path, rng: random.Random, max_delay: float = 0.6) -> bool:
    """Start a run, wait until a part file is being written, kill -9 a random moment later
    (within ``max_delay`` seconds: a fraction of a clean run's time, so the kill lands while
    the run still works on any machine).

    Returns False when the run finished first (nothing left to kill).
    """
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=CRASH_ENV)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        if any(out.glob("*/crawl_date=*/.*.tmp")):
            break
        time.sleep(0.005)
    time.sleep(rng.uniform(0.0, max_delay))
    if process.poll() is not None:
        return False
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    return True


def assert_unique(out: Path) -> None:
    for name, keys in KEYS.items():
        frame = pd.read_parquet(out / name, columns=[*keys, "run_id"] if name == "fetches" else keys)
        assert not frame.duplicated().any(), name


def test_kill_9_at_random_points_then_rerun_loses_and_duplicates_nothing(tmp_path: Path) -> None:
    seed = random.randrange(1 << 30)
    rng = random.Random(seed)
    warcs = make_warcs(tmp_path / "in", files=6, pages=20)
    clean = make_config(tmp_path / "clean", sources={"warc": warcs}, run={"run_date": "2026-11-20"})
    started = time.monotonic()
    run_pipeline(clean, argv=[])
    delay = CLEAN_RUN_SHARE * (time.monotonic() - started)
    expected = snapshot(tmp_path / "clean" / "out")

    out = tmp_path / "crash" / "out"
    args = cli_args(out, tmp_path / "raw", warcs, "--run-date", "2026-11-20", "--workers", "2")
    kills, cut_short = 0, False
    for _ in range(2):  # crash, then crash the resumed run
        if kill_while_writing(args, out, rng, delay):
            kills += 1
            # a resumed run clears the stale part files first, so a second kill that lands before it
            # writes again leaves nothing: the first kill's leftovers were the evidence, look after each
            cut_short = cut_short or bool(
                list(out.glob("*/crawl_date=*/.*.tmp")) or list((out / "_runs").rglob("shards/*.json"))
            )
    assert kills >= 1, f"seed {seed}: the run finished before it could be killed; give it more work"
    assert cut_short, f"seed {seed}: no kill left a half-written run behind"

    rerun = subprocess.run(args, capture_output=True, text=True, timeout=120)
    assert rerun.returncode == 0, (seed, rerun.stderr)
    assert snapshot(out) == expected, f"seed {seed}"
    assert_unique(out)
    assert not list(out.rglob("*.tmp"))
    # the same default run id each time: one run, one manifest, fetches once per URL
    assert [p.name for p in (out / "_runs").glob("*.json")] == [f"{rerun.stdout.split()[1]}.json"]
    again = subprocess.run(args, capture_output=True, text=True, timeout=120)
    assert again.returncode == 0 and "6 already done" in again.stdout
    assert snapshot(out) == expected


def test_crash_then_a_run_on_a_later_date_duplicates_no_article(tmp_path: Path) -> None:
    seed = random.randrange(1 << 30)
    warcs = make_warcs(tmp_path / "in", files=6, pages=20)
    clean = make_config(tmp_path / "clean", sources={"warc": warcs}, run={"run_date": "2026-11-20"})
    started = time.monotonic()
    run_pipeline(clean, argv=[])
    delay = CLEAN_RUN_SHARE * (time.monotonic() - started)
    expected = snapshot(tmp_path / "clean" / "out")

    out = tmp_path / "crash" / "out"
    raw = tmp_path / "raw"
    args = cli_args(out, raw, warcs, "--run-date", "2026-11-20")
    killed = kill_while_writing(args, out, random.Random(seed), delay)
    assert killed, f"seed {seed}: the run finished before it could be killed"
    later = subprocess.run(cli_args(out, raw, warcs, "--run-date", "2026-11-21"), capture_output=True, text=True)
    assert later.returncode == 0, later.stderr
    got = snapshot(out)
    for name in ("articles", "metadata", "comments"):
        assert got[name] == expected[name], f"seed {seed}: {name}"
    assert_unique(out)
    fetches = pd.read_parquet(out / "fetches")
    # the later run logs every URL once; the crashed run keeps the fetch rows of the shards it finished
    later_fetches = fetches[fetches["crawl_date"].astype(str) == "2026-11-21"]
    assert sorted(later_fetches["url"]) == [u for (u,) in expected["fetches"]]
    assert not fetches.duplicated(["url", "run_id"]).any()


def test_shard_committed_without_its_marker_is_redone_without_duplicates(tmp_path: Path) -> None:
    """A crash after the part files were renamed but before the marker was written."""
    warcs = make_warcs(tmp_path / "in", files=3, pages=3)
    config = make_config(tmp_path, sources={"warc": warcs}, run={"run_date": "2026-11-20"})
    run_pipeline(config, argv=[])
    expected = snapshot(tmp_path / "out")
    markers = sorted((tmp_path / "out" / "_runs").rglob("shards/*.json"))
    markers[0].unlink()
    (tmp_path / "out" / "_runs" / f"{markers[0].parents[1].name}.json").unlink()  # no manifest yet either
    summary = run_pipeline(config, argv=[])
    assert summary.resumed_shards == 2
    assert snapshot(tmp_path / "out") == expected
    # a marker whose part file is gone (a lost attempt swept away) makes the shard run again.
    # The file the marker lists, not the folder's first: part-schema.parquet sits beside the
    # parts, no marker lists it, and the folder's order is the filesystem's (it came first once).
    listed = json.loads(markers[-1].read_text(encoding="utf-8"))["files"]["articles"]["path"]
    part = tmp_path / "out" / listed
    part.unlink()
    summary = run_pipeline(config, argv=[])
    assert summary.resumed_shards == 2 and part.is_file()
    assert snapshot(tmp_path / "out") == expected


def test_lock_refuses_an_overlapping_run(tmp_path: Path) -> None:
    warcs = make_warcs(tmp_path / "in", files=1, pages=1)
    out = tmp_path / "out"
    with OutputLock(out):
        result = subprocess.run(
            [sys.executable, "-m", "pipeline", "run", "--out", str(out), "--warc", *warcs],
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert result.returncode == 75
    assert "lock" in result.stderr and "Traceback" not in result.stderr
    assert not (out / "articles").exists()
    after = subprocess.run(
        [sys.executable, "-m", "pipeline", "run", "--out", str(out), "--warc", *warcs],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert after.returncode == 0, after.stderr


def test_records_cross_process_boundaries_unchanged(tmp_path: Path) -> None:
    import pickle

    from pipeline.config import with_absolute_paths
    from pipeline.run.plan import plan_shards
    from pipeline.run.shard import run_shard
    from pipeline.run.shard_result import ShardResult
    from pipeline.sources.warc import read_warc

    warcs = make_warcs(tmp_path / "in", files=2, pages=2)
    config = with_absolute_paths(make_config(tmp_path, sources={"warc": warcs}))
    shards = plan_shards(config)
    assert pickle.loads(pickle.dumps((config, shards))) == (config, shards)
    page = next(read_warc(warcs[0]))
    assert pickle.loads(pickle.dumps(page)) == page
    result = run_shard(shards[0], config, "r1", "2026-11-20")
    back = pickle.loads(pickle.dumps(result))
    assert back == result and ShardResult.from_json(result.to_json()).files == result.files


def test_same_file_name_in_two_directories_is_two_shards(tmp_path: Path) -> None:
    url_a, url_b = "https://a.example/x", "https://b.example/y"
    first = write_warc(tmp_path / "crawl1.warc.gz", [(url_a, article_html("Alpha", url_a), "text/html", 200)])
    (tmp_path / "c1").mkdir()
    (tmp_path / "c2").mkdir()
    one = first.rename(tmp_path / "c1" / "part0.warc.gz")
    two = write_warc(tmp_path / "c2" / "part0.warc.gz", [(url_b, article_html("Beta", url_b), "text/html", 200)])
    config = make_config(tmp_path, sources={"warc": [str(one), str(two), str(one)]}, run={"run_date": "2026-11-20"})
    summary = run_pipeline(config, argv=[])
    assert summary.shards == 2 and summary.outcomes == {"ok": 2}
    assert sorted(pd.read_parquet(tmp_path / "out" / "articles")["url"]) == [url_a, url_b]


def test_manifest_records_the_run(tmp_path: Path) -> None:
    warcs = make_warcs(tmp_path / "in", files=2, pages=3)
    config = make_config(tmp_path, sources={"warc": warcs}, run={"run_date": "2026-11-20"})
    summary = run_pipeline(config, argv=["run", "--warc", *warcs])
    manifest = json.loads(Path(summary.manifest or "").read_text())
    assert manifest["run_id"] == summary.run_id and summary.run_id.startswith("2026-11-20-")
    assert manifest["arguments"] == ["run", "--warc", *warcs]
    assert manifest["code_version"] == code_version() and manifest["code_version"].startswith("0.")
    assert manifest["rules_digest"] == rules_digest(None)
    (worker,) = manifest["workers"]  # one process ran both shards, with the driver's rules and code
    assert worker["rules_digest"] == manifest["rules_digest"] and worker["code_version"] == code_version()
    assert len(worker["shards"]) == 2
    assert manifest["counts_by_outcome"] == {"ok": 6}
    assert manifest["counts_by_host"] == {"site0.example": {"ok": 3}, "site1.example": {"ok": 3}}
    assert manifest["duration_s"] >= 0
    files = manifest["files"]
    assert {f["dataset"] for f in files} == {"articles", "metadata", "comments", "fetches"}
    for entry in files:
        path = tmp_path / "out" / entry["path"]
        assert path.name.startswith(f"part-{summary.run_id}--") and "crawl_date=2026-11-20" in str(path)
        assert pd.read_parquet(path).shape[0] == entry["rows"]


def test_bad_run_id_is_a_config_error(tmp_path: Path) -> None:
    from pipeline.errors import ConfigError

    warcs = make_warcs(tmp_path / "in", files=1, pages=1)
    for bad in ("a--b", "../x", "with space"):
        with pytest.raises(ConfigError, match="run_id"):
            run_pipeline(make_config(tmp_path, sources={"warc": warcs}, run={"run_id": bad}), argv=[])


# -- conditional re-fetch state follows the committed rows ---------------------------------------

SITE, PAGES = ETAG_SITE, ETAG_PAGES


def http_run(tmp_path: Path, site: ScriptedServer, run_date: str, crash: str = "") -> subprocess.CompletedProcess[str]:
    urls = tmp_path / "urls.txt"
    urls.write_text("".join(f"{site.url(f'/condition-{n}')}\n" for n in range(PAGES)))
    env = dict(
        os.environ,
        PIPELINE__FETCH__ALLOW_PRIVATE=SITE,
        PIPELINE__FETCH__MIN_DELAY_S="0",
        PIPELINE__FETCH__OBEY_ROBOTS="false",
        PIPELINE__FETCH__MAX_RETRIES="0",
    )
    env.pop(CRASH_HOOK, None)
    if crash:
        env[CRASH_HOOK] = crash  # test-only hook: SIGKILL at that point of the shard's commit
    args = ["run", "--out", str(tmp_path / "out"), "--raw", str(tmp_path / "raw"), "--run-date", run_date]
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *args, "--urls", str(urls)],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )


def validators_sent(site: ScriptedServer) -> list[str | None]:
    return [r.headers.get("if-none-match") for r in site.requests if r.path.startswith("/condition-")]


def assert_one_row_per_page(out: Path, site: ScriptedServer) -> None:
    articles = pd.read_parquet(out / "articles")
    assert sorted(articles["url"]) == sorted(site.url(f"/condition-{n}") for n in range(PAGES))
    assert_unique(out)
    assert len(pd.read_parquet(out / "comments")) > 0


def test_kill_9_after_the_state_is_saved_but_before_the_marker_loses_no_page(
    tmp_path: Path, etag_site: ScriptedServer
) -> None:
    out = tmp_path / "out"
    crashed = http_run(tmp_path, etag_site, "2026-11-20", crash="state")
    assert crashed.returncode == -signal.SIGKILL, crashed.stderr
    assert list((out / "articles").rglob("part-*.parquet")), "the part files were in place when it died"
    assert not list((out / "_runs").rglob("shards/*.json"))
    # the new validators exist only as this shard's staged changes, not in the live state
    assert len(list((out / "_state" / "fetch-staged").glob("*/*.json"))) == 1
    assert not list((out / "_state" / "fetch").glob("*.json"))

    etag_site.requests.clear()
    rerun = http_run(tmp_path, etag_site, "2026-11-20")
    assert rerun.returncode == 0, rerun.stderr
    assert validators_sent(etag_site) == [None] * PAGES  # the uncommitted validators were dropped
    assert_one_row_per_page(out, etag_site)
    assert not list((out / "_state" / "fetch-staged").rglob("*.json"))
    assert len(list((out / "_state" / "fetch").glob("*.json"))) == 1  # published with the marker

    etag_site.requests.clear()
    later = http_run(tmp_path, etag_site, "2026-11-21")
    assert later.returncode == 0, later.stderr
    assert all(validators_sent(etag_site)) and len(validators_sent(etag_site)) == PAGES
    assert "not_modified=4" in later.stdout
    assert_one_row_per_page(out, etag_site)


def test_kill_9_after_the_marker_publishes_the_staged_state_on_resume(
    tmp_path: Path, etag_site: ScriptedServer
) -> None:
    out = tmp_path / "out"
    crashed = http_run(tmp_path, etag_site, "2026-11-20", crash="marker")
    assert crashed.returncode == -signal.SIGKILL, crashed.stderr
    assert len(list((out / "_state" / "fetch-staged").glob("*/*.json"))) == 1
    resumed = http_run(tmp_path, etag_site, "2026-11-20")
    assert resumed.returncode == 0 and "1 already done" in resumed.stdout, resumed.stderr
    assert not list((out / "_state" / "fetch-staged").rglob("*.json"))
    etag_site.requests.clear()
    later = http_run(tmp_path, etag_site, "2026-11-21")
    assert later.returncode == 0 and "not_modified=4" in later.stdout, later.stderr
    assert_one_row_per_page(out, etag_site)
    # a not_modified row names the stored article it confirms, so it joins articles
    fetches = pd.read_parquet(out / "fetches")
    confirmed = fetches[fetches["outcome"] == "not_modified"].merge(
        pd.read_parquet(out / "articles")[["article_id", "url"]], on="article_id", suffixes=("", "_article")
    )
    assert len(confirmed) == PAGES and (confirmed["url"] == confirmed["url_article"]).all()


def test_state_without_stored_articles_sends_no_validators(tmp_path: Path, etag_site: ScriptedServer) -> None:
    """The datasets wiped (or lost) while ``_state`` survived: pages are fetched in full again."""
    out = tmp_path / "out"
    assert http_run(tmp_path, etag_site, "2026-11-20").returncode == 0
    for name in (*KEYS, "_runs"):
        shutil.rmtree(out / name)
    etag_site.requests.clear()
    again = http_run(tmp_path, etag_site, "2026-11-21")
    assert again.returncode == 0, again.stderr
    assert validators_sent(etag_site) == [None] * PAGES
    assert "ok=4" in again.stdout
    assert_one_row_per_page(out, etag_site)


# -- one row per article version across the shards of a run ---------------------------------------


def shard_part(out: Path, dataset: str, warc: Path) -> Path:
    (part,) = (out / dataset).rglob(f"part-*--{warc.name}-*.parquet")
    return part


def two_warcs_with_one_page(tmp_path: Path) -> tuple[Path, Path, str]:
    url = "https://health.example/asthma"
    page = article_html("Asthma", url, comments=True)
    first = write_warc(tmp_path / "a.warc.gz", [(url, page, "text/html", 200)])
    # the same page again, and the same content under another URL with the same canonical URL
    second = write_warc(
        tmp_path / "b.warc.gz",
        [(url, page, "text/html", 200), (f"{url}?utm_source=feed", page, "text/html", 200)],
    )
    return first, second, url


@pytest.mark.parametrize("workers", [1, 2])
def test_the_same_page_in_two_shards_is_one_article_row(tmp_path: Path, workers: int) -> None:
    first, second, url = two_warcs_with_one_page(tmp_path)
    config = make_config(
        tmp_path, sources={"warc": [str(second), str(first)]}, run={"run_date": "2026-11-20", "workers": workers}
    )
    summary = run_pipeline(config, argv=[])
    out = tmp_path / "out"
    articles = pd.read_parquet(out / "articles")
    assert len(articles) == 1 and articles.iloc[0]["url"] == url
    assert len(pd.read_parquet(out / "metadata")) == 1
    comments = pd.read_parquet(out / "comments")
    assert not comments.duplicated(["comment_id"]).any() and len(comments) > 0
    # the lowest shard key (a.warc.gz-...) keeps the version, whatever order the input named them in
    assert len(pd.read_parquet(shard_part(out, "articles", first))) == 1
    assert len(pd.read_parquet(shard_part(out, "articles", second))) == 0
    fetches = pd.read_parquet(out / "fetches")
    assert len(fetches) == 3  # every attempt is logged
    assert list(pd.read_parquet(shard_part(out, "fetches", first))["outcome"]) == ["ok"]
    later = pd.read_parquet(shard_part(out, "fetches", second))
    assert list(later["outcome"]) == ["duplicate", "duplicate"]
    assert later["error"].iloc[0].startswith("same version committed by shard a.warc.gz-")
    assert later["error"].iloc[1] == "same version already written by this shard"
    assert summary.outcomes == {"duplicate": 2, "ok": 1} and summary.exit_code == 0
    assert summary.rows["articles"] == 1
    manifest = json.loads(Path(summary.manifest or "").read_text())
    assert {(f["dataset"], f["rows"]) for f in manifest["files"] if f["dataset"] == "articles"} == {
        ("articles", 1),
        ("articles", 0),
    }
    # idempotent: resuming the run changes nothing, the markers already hold the new counts
    snapshot_before = snapshot(out)
    again = run_pipeline(config, argv=[])
    assert again.resumed_shards == 2 and again.outcomes == summary.outcomes and again.rows == summary.rows
    assert snapshot(out) == snapshot_before


def test_kill_9_before_the_run_resolves_its_duplicates_then_a_later_run(tmp_path: Path) -> None:
    first, second, url = two_warcs_with_one_page(tmp_path)
    out = tmp_path / "out"
    env = dict(os.environ, **{CRASH_HOOK: "shards"})
    args = cli_args(out, tmp_path / "raw", [str(first), str(second)], "--run-date", "2026-11-20")
    crashed = subprocess.run(args, capture_output=True, text=True, timeout=60, env=env)
    assert crashed.returncode == -signal.SIGKILL, crashed.stderr
    assert len(pd.read_parquet(out / "articles")) == 2  # both shards committed, not yet resolved
    later = subprocess.run(
        cli_args(out, tmp_path / "raw", [str(first), str(second)], "--run-date", "2026-11-21"),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert later.returncode == 0, later.stderr
    articles = pd.read_parquet(out / "articles")
    assert list(articles["url"]) == [url] and str(articles.iloc[0]["crawl_date"]) == "2026-11-20"
    assert_unique_versions(out)


def assert_unique_versions(out: Path) -> None:
    for name in ("articles", "metadata"):
        assert not pd.read_parquet(out / name, columns=KEYS[name]).duplicated().any(), name
    assert not pd.read_parquet(out / "comments", columns=["comment_id"]).duplicated().any()
