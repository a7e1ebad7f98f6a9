"""The seventh outside-style audit (session 11): what the six before it left out. Real loopback
servers, real files, real runs; the audit table of docs/audits.md says which test covers which case."""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipeline.normalize.schemas import FETCHES
from pipeline.run.runner import run_pipeline
from tests.conftest import make_config
from tests.httpserver import Reply, ScriptedServer, html_page
from tests.test_sixth_audit import _reference_stored_urls
from tests.warcs import write_warc

# -- a year of nightly runs: the run's start reads an index, not the whole fetch log -------------

START = dt.datetime(2026, 1, 1, 3, tzinfo=dt.UTC)


def _night(out: Path, rng: random.Random, night: int, urls: list[str], finished: bool, hashed: bool = True) -> None:
    """One synthetic night's fetch rows over two shards (part files), with a manifest if ``finished``."""
    run_id = f"2026-01-{night + 1:02d}-abc"
    for shard in ("hosts000-x", "hosts001-x"):
        rows = []
        for _ in range(30):
            url = rng.choice(urls)
            article = rng.choice([None, *(f"art-{n}" for n in range(8))])
            rows.append(
                {
                    "url": url,
                    "final_url": rng.choice([url, url, None, "", rng.choice(urls)]),
                    "outcome": "ok",
                    "attempts": 1,
                    "bytes": 0,
                    "elapsed_ms": 1,
                    "source": "http",
                    "article_id": article,
                    # ties in time, within a night and across its two part files
                    "fetched_at": START + dt.timedelta(days=night, seconds=rng.randrange(3)),
                    "run_id": run_id,
                    "content_hash": rng.choice(["v1", "v2", "v3"])
                    if article and (hashed or rng.random() < 0.8)
                    else None,
                }
            )
        folder = out / "fetches" / f"crawl_date={(START + dt.timedelta(days=night)).date()}"
        folder.mkdir(parents=True, exist_ok=True)
        pq.write_table(pa.Table.from_pylist(rows, schema=FETCHES), folder / f"part-{run_id}--{shard}.parquet")
    if finished:
        (out / "_runs").mkdir(exist_ok=True)
        (out / "_runs" / f"{run_id}.json").write_text(json.dumps({"run_id": run_id}))


def _articles(out: Path, ids: list[str]) -> None:
    folder = out / "articles" / "crawl_date=2026-01-01"
    folder.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.table({"article_id": ids}), folder / "part-2026-01-01-abc--hosts000-x.parquet")


@pytest.mark.parametrize("seed", range(4))
def test_the_fetch_log_index_gives_what_reading_the_whole_log_gives(tmp_path: Path, seed: int) -> None:
    """Night after night (redirects that move, versions changed back, ties in time across part
    files, a night still unfinished, an article deleted by hand, a part file rewritten), the
    index's answer is the row-by-row reading's."""
    from pipeline.run.stored import stored_urls

    rng = random.Random(seed)
    urls = [f"https://{host}/page-{n}" for host in ("a.example", "b.example") for n in range(10)]
    _articles(tmp_path, [f"art-{n}" for n in range(8)])
    for night in range(8):
        _night(tmp_path, rng, night, urls, finished=night != 7)
        assert stored_urls(tmp_path) == _reference_stored_urls(tmp_path), night
    assert (tmp_path / "_state" / "latest_sightings.parquet").is_file()
    _articles(tmp_path, [f"art-{n}" for n in range(5)])  # some latest sightings name a gone article
    assert stored_urls(tmp_path) == _reference_stored_urls(tmp_path)
    first = sorted((tmp_path / "fetches").rglob("*.parquet"))[0]
    pq.write_table(pq.read_table(first).slice(0, 10), first)  # a covered file rewritten
    assert stored_urls(tmp_path) == _reference_stored_urls(tmp_path)
    _night(tmp_path, rng, 8, urls, finished=True, hashed=False)  # rows as 2.0 wrote them
    assert stored_urls(tmp_path) == _reference_stored_urls(tmp_path)


def test_a_runs_start_reads_only_the_fetch_rows_its_index_does_not_cover(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Three nightly runs against a loopback site: from the second on, the start reads the index
    and the part files written since, never the whole fetch log (which grew by a night each run);
    the articles dataset is read once per start (stored versions and stored URLs from one read)."""
    from pipeline.store.parquet import read_dataset

    whole_reads: list[str] = []
    file_reads: list[str] = []
    article_reads: list[int] = []
    read_table = pq.read_table

    def counting_dataset(out_dir: Path, dataset: str, columns: Any = None) -> pa.Table:
        if dataset == "fetches":
            whole_reads.append(dataset)
        if dataset == "articles":
            article_reads.append(night)
        return read_dataset(out_dir, dataset, columns)

    def counting_table(path: Any, *args: Any, **kwargs: Any) -> pa.Table:
        file_reads.append(Path(path).name)
        return read_table(path, *args, **kwargs)

    monkeypatch.setattr("pipeline.run.stored.read_dataset", counting_dataset)
    monkeypatch.setattr(pq, "read_table", counting_table)  # what pipeline.run.sightings reads files with
    page = html_page("Iron", "Iron deficiency is the commonest cause of anaemia worldwide. " * 12)
    with ScriptedServer("127.0.0.12") as site:
        site.route("/robots.txt", Reply(404, b"", content_type="text/plain"))
        site.route("/a", Reply(200, page, headers={"ETag": '"a1"'}))
        for night in (1, 2, 3):
            file_reads.clear()
            before = tmp_path / "out" / "fetches" / f"crawl_date=2026-12-0{night - 1}"
            expected = sorted(p.name for p in before.glob("part-*--*.parquet"))
            config = make_config(
                tmp_path,
                sources={"urls": [site.url("/a")]},
                fetch={"allow_private": [site.host], "min_delay_s": 0.0, "max_retries": 0},
                run={"run_date": f"2026-12-0{night}", "workers": 1},
            )
            assert run_pipeline(config, argv=[]).exit_code == 0
            parts = [name for name in file_reads if name.startswith("part-")]
            # each start reads the part files not yet in the index: the night before's
            assert parts == expected and len(parts) == (night > 1)
            assert ("latest_sightings.parquet" in file_reads) is (night > 1)
    assert whole_reads == []
    assert article_reads == [1, 2, 3]  # two reads a start until session 11
    assert site.hits("/a") == 3


# -- a lost worker's attempt under another shard key, committing as the run finishes -------------


def test_an_attempt_committing_while_the_run_finishes_waits_and_finds_the_run_finished(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A lost Dask worker's attempt under a key of another plan (a resumed run grouped the work
    otherwise, so they share no shard lock) commits between the driver's resolution of the run's
    versions and its manifest. It used to add its rows beside the run's (each page twice, never
    resolved); now it waits for the manifest, finds the run finished and discards its files."""
    import threading

    from pipeline.run.plan import ShardSpec
    from pipeline.run.shard import ShardSuperseded, run_shard

    page = html_page("Iron", "Iron deficiency is the commonest cause of anaemia worldwide. " * 12)
    warc = write_warc(
        tmp_path / "night.warc.gz", [(f"https://a.example/p{n}", page, "text/html", 200) for n in range(3)]
    )
    config = make_config(tmp_path, sources={"warc": [str(warc)]}, run={"workers": 1, "run_date": "2026-12-06"})
    zombie: dict[str, object] = {}
    from pipeline.store.manifest import write_manifest as real_write_manifest

    def attempt(run_id: str) -> None:
        try:
            zombie["result"] = run_shard(ShardSpec(key="a-lost-attempt", warc=str(warc)), config, run_id, "2026-12-06")
        except ShardSuperseded as exc:
            zombie["result"] = exc

    def manifest_after_a_lost_attempt(out_dir: Path, run_id: str, payload: dict[str, Any]) -> Path:
        thread = threading.Thread(target=attempt, args=(run_id,))
        thread.start()
        thread.join(timeout=3)  # without the run's finish lock it committed in here
        zombie["thread"] = thread
        return real_write_manifest(out_dir, run_id, payload)

    monkeypatch.setattr("pipeline.run.runner.write_manifest", manifest_after_a_lost_attempt)
    summary = run_pipeline(config, argv=[])
    thread = zombie["thread"]
    assert isinstance(thread, threading.Thread)
    thread.join(timeout=30)
    assert summary.exit_code == 0 and summary.outcomes == {"ok": 3}
    assert isinstance(zombie["result"], ShardSuperseded)
    out = tmp_path / "out"
    articles = pq.read_table(out / "articles").column("url").to_pylist()
    fetches = pq.read_table(out / "fetches").column("url").to_pylist()
    assert sorted(articles) == sorted(fetches) == [f"https://a.example/p{n}" for n in range(3)]
    assert not (out / "_runs" / summary.run_id / "shards" / "a-lost-attempt.json").exists()
    assert not [
        p for p in out.rglob("*") if p.name.startswith(".") or ("a-lost-attempt" in p.name and p.suffix != ".lock")
    ]


# -- misbehaving servers ---------------------------------------------------------------------------


def test_html_served_as_application_octet_stream_is_read_and_binary_served_so_is_not(tmp_path: Path) -> None:
    """A 200 labelled ``application/octet-stream`` (a misconfigured server's default type) holding
    an HTML page is sniffed and extracted; one holding a PDF stays ``not_html``."""
    page = html_page("Anaemia", "Iron deficiency is the commonest cause of anaemia worldwide. " * 12)
    with ScriptedServer("127.0.0.13") as site:
        site.route("/robots.txt", Reply(404, b"", content_type="text/plain"))
        site.route("/page", Reply(200, page, content_type="application/octet-stream"))
        site.route("/file", Reply(200, b"%PDF-1.7\n" + bytes(range(256)) * 8, content_type="application/octet-stream"))
        config = make_config(
            tmp_path,
            sources={"urls": [site.url("/page"), site.url("/file")]},
            fetch={"allow_private": [site.host], "min_delay_s": 0.0, "max_retries": 0},
            run={"workers": 1},
        )
        summary = run_pipeline(config, argv=[])
    assert summary.outcomes == {"ok": 1, "not_html": 1}
    articles = pq.read_table(tmp_path / "out" / "articles").to_pylist()
    assert [a["title"] for a in articles] == ["Anaemia"] and "Iron deficiency" in articles[0]["text"]


def test_an_attempt_that_committed_before_the_finish_is_resolved_and_listed_in_the_manifest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same lost attempt, committed once every shard of the run is in and before the finish:
    its versions are resolved with the run's (the lowest key keeps each), and the manifest lists
    its files (it listed only the plan's shards' files, though the attempt's rows are read)."""
    from pipeline.run.plan import ShardSpec
    from pipeline.run.shard import run_shard

    page = html_page("Iron", "Iron deficiency is the commonest cause of anaemia worldwide. " * 12)
    warc = write_warc(
        tmp_path / "night.warc.gz", [(f"https://a.example/p{n}", page, "text/html", 200) for n in range(3)]
    )
    config = make_config(tmp_path, sources={"warc": [str(warc)]}, run={"workers": 1, "run_date": "2026-12-06"})
    out = tmp_path / "out"

    def lost_attempt_commits(point: str) -> None:
        if point == "shards":
            (run_id,) = [p.name for p in (out / "_runs").iterdir() if p.is_dir()]
            run_shard(ShardSpec(key="a-lost-attempt", warc=str(warc)), config, run_id, "2026-12-06")

    monkeypatch.setattr("pipeline.run.runner.crash_point", lost_attempt_commits)
    summary = run_pipeline(config, argv=[])
    assert summary.exit_code == 0
    manifest = json.loads(Path(summary.manifest or "").read_text())
    assert manifest["shards"]["late"] == ["a-lost-attempt"]
    listed = {f["path"] for f in manifest["files"]}
    on_disk = {p.relative_to(out).as_posix() for p in out.rglob("part-*--*.parquet")}
    assert listed == on_disk and any("a-lost-attempt" in p for p in listed)
    articles = pq.read_table(out / "articles").column("url").to_pylist()
    assert sorted(articles) == [f"https://a.example/p{n}" for n in range(3)]  # resolved: each page once


def test_a_same_day_retry_reads_the_rows_of_its_run_and_attempts_only(tmp_path: Path) -> None:
    """A same-day retry plans from its run's rows; the fetch log is scanned with a run-id range
    (the other nights' files skipped on their statistics). Runs whose ids share a prefix with it
    (a forced ``--run-id nightly-2``) stay out; its attempts (``nightly.r2``) count."""
    from pipeline.run.retry import latest_outcomes

    def part(run_id: str, night: int, outcome: str, status: int | None) -> None:
        folder = tmp_path / "fetches" / f"crawl_date=2026-12-0{night}"
        folder.mkdir(parents=True, exist_ok=True)
        rows = [
            {
                "url": f"https://a.example/{run_id}/{n}",
                "outcome": outcome,
                "status": status,
                "attempts": 1,
                "bytes": 0,
                "elapsed_ms": 1,
                "source": "http",
                "fetched_at": START + dt.timedelta(days=night, seconds=n),
                "run_id": run_id,
            }
            for n in range(3)
        ] + [  # the same page in every run: its latest outcome in the family decides
            {
                "url": "https://a.example/shared",
                "outcome": outcome,
                "status": status,
                "attempts": 1,
                "bytes": 0,
                "elapsed_ms": 1,
                "source": "http",
                "fetched_at": START + dt.timedelta(days=night, minutes=5),
                "run_id": run_id,
            }
        ]
        pq.write_table(pa.Table.from_pylist(rows, schema=FETCHES), folder / f"part-{run_id}--hosts000-x.parquet")

    part("nightly", 1, "http_error", 503)
    part("nightly.r2", 1, "ok", 200)
    part("nightly-2", 2, "timeout", None)
    part("nightlx", 3, "ok", 200)
    part("nightlz", 4, "timeout", None)
    latest = latest_outcomes(tmp_path, "nightly")
    assert sorted(latest) == sorted(
        [f"https://a.example/{run}/{n}" for run in ("nightly", "nightly.r2") for n in range(3)]
        + ["https://a.example/shared"]
    )
    assert latest["https://a.example/shared"] == ("ok", 200, False)
    assert latest["https://a.example/nightly/0"] == ("http_error", 503, True)


def test_a_redirect_chain_across_hosts_into_a_private_address_connects_to_none(tmp_path: Path) -> None:
    """Allowed host A redirects to allowed host B, which redirects to an address nobody allowed:
    the last hop is checked like the first (``blocked_address``), no connection made to it."""
    with (
        ScriptedServer("127.0.0.14") as first,
        ScriptedServer("127.0.0.15") as second,
        ScriptedServer("127.0.0.16") as internal,
    ):
        for site in (first, second, internal):
            site.route("/robots.txt", Reply(404, b"", content_type="text/plain"))
        first.route("/go", Reply(302, headers={"Location": second.url("/next")}))
        second.route("/next", Reply(301, headers={"Location": internal.url("/admin")}))
        internal.route("/admin", Reply(200, html_page("Internal", "secret " * 80)))
        config = make_config(
            tmp_path,
            sources={"urls": [first.url("/go")]},
            fetch={"allow_private": [first.host, second.host], "min_delay_s": 0.0, "max_retries": 0},
            run={"workers": 1},
        )
        summary = run_pipeline(config, argv=[])
        assert internal.connections == 0 and internal.requests == []
    assert summary.outcomes == {"blocked_address": 1}
    (row,) = pq.read_table(tmp_path / "out" / "fetches").to_pylist()
    assert row["final_url"] == internal.url("/admin") and "127.0.0.16" in (row["error"] or "")
    assert second.hits("/next") == 1


def test_sigkill_while_the_index_is_written_then_the_same_command_finishes(
    tmp_path: Path, etag_site: ScriptedServer
) -> None:
    """The second night's run killed as it writes the fetch log's index (its temporary file
    whole, not renamed): the same command again exits 0 with the rows of a night never killed,
    no temporary file left, and the index in place."""
    from tests.test_fifth_audit import killed_at, rows, site_config

    clean, crashed = tmp_path / "clean", tmp_path / "crashed"
    for root in (clean, crashed):
        assert run_pipeline(site_config(root, etag_site, "2026-12-01"), argv=[]).exit_code == 0
    second = run_pipeline(site_config(clean, etag_site, "2026-12-02"), argv=[])
    config = site_config(crashed, etag_site, "2026-12-02")
    assert killed_at(config, "index") == -9
    assert list((crashed / "out" / "_state").glob(".latest_sightings.parquet.*.tmp"))
    assert not (crashed / "out" / "_state" / "latest_sightings.parquet").exists()
    again = run_pipeline(config, argv=[])
    assert (again.exit_code, again.outcomes) == (second.exit_code, second.outcomes)
    assert second.outcomes.get("not_modified")  # the stored versions' validators were sent
    assert rows(crashed / "out") == rows(clean / "out")
    assert not [p for p in (crashed / "out").rglob("*.tmp")]
    assert (crashed / "out" / "_state" / "latest_sightings.parquet").is_file()


# -- the run report after months of nights ---------------------------------------------------------


def test_the_report_of_last_nights_run_opens_only_that_runs_files(tmp_path: Path) -> None:
    """``pipeline report`` of the latest run scanned every part file of every night (each sampled
    article three scans of the whole output: 14 s after 180 synthetic nights, 1.3 s now). Shown
    here by an older night's part file damaged on disk: last night's report does not touch it
    (it failed on it), the report of every run does."""
    from pipeline.errors import PipelineError
    from pipeline.report.run_data import load_run_data

    page = html_page("Iron", "Iron deficiency is the commonest cause of anaemia worldwide. " * 12)
    for night in (1, 2):
        warc = write_warc(tmp_path / f"night{night}.warc.gz", [(f"https://a.example/p{night}", page, "text/html", 200)])
        config = make_config(tmp_path, sources={"warc": [str(warc)]}, run={"run_date": f"2026-12-0{night}"})
        assert run_pipeline(config, argv=[]).exit_code == 0
    out = tmp_path / "out"
    for dataset in ("articles", "fetches", "metadata"):
        (old,) = (out / dataset / "crawl_date=2026-12-01").glob("part-*--*.parquet")
        old.write_bytes(b"PAR1 damaged by a failing disk PAR1")
    data = load_run_data(out)
    assert (data.by_outcome, data.articles, [a.url for a in data.sample]) == ({"ok": 1}, 1, ["https://a.example/p2"])
    assert data.all_runs == 2
    with pytest.raises((pa.ArrowInvalid, OSError, PipelineError)):
        load_run_data(out, all_runs=True)
