"""Eighth outside-style audit (session 12): what the seven before did not cover, with real parts.

Each test is one row of the "Eighth outside-style audit" table of docs/audits.md.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from pipeline.cli import main
from pipeline.resources import data_path
from pipeline.run import stop
from pipeline.run.runner import run_pipeline
from tests.conftest import make_config
from tests.httpserver import Reply, Request, ScriptedServer, html_page
from tests.test_readme_snippets import run_reading_snippets
from tests.test_stop import _assert_complete, slow_sites  # noqa: F401 (a fixture, by name)
from tests.test_stop import _command as _stop_command


@pytest.fixture(scope="module")
def two_versions(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """data/clean holding a night written by 2.1 and an older one as 2.0 wrote it (no content_hash)."""
    root = tmp_path_factory.mktemp("versions")
    out = root / "data" / "clean"
    config = make_config(
        root,
        sources={"warc": [str(data_path("demo", "demo.warc.gz"))]},
        output={"dir": str(out), "raw_dir": str(root / "raw")},
        run={"run_date": "2026-11-20"},
    )
    assert run_pipeline(config, argv=[]).exit_code == 0
    for dataset in ("articles", "metadata", "comments", "fetches"):
        older = out / dataset / "crawl_date=2026-11-19"
        older.mkdir()
        for part in (out / dataset / "crawl_date=2026-11-20").glob("part-2026*.parquet"):
            table = pq.read_table(part, partitioning=None)
            if dataset == "fetches":
                table = table.drop_columns(["content_hash"])
            metadata = {**(table.schema.metadata or {}), b"schema_version": b"2.0"}
            pq.write_table(table.replace_schema_metadata(metadata), older / "part-2026-11-19-old--demo.parquet")
    return root


def test_the_readme_snippets_read_2_0_and_2_1_files_side_by_side(
    two_versions: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """pandas dropped 2.1's content_hash from every row (the oldest file's columns), Polars refused."""
    monkeypatch.chdir(two_versions)
    pandas_ns, polars_ns = run_reading_snippets()
    fetches = pandas_ns["fetches"]
    assert len(fetches) == 8
    newer = fetches[fetches["crawl_date"].astype(str) == "2026-11-20"]
    assert newer["content_hash"].notna().all() and fetches["content_hash"].isna().sum() == 4
    assert str(fetches["crawl_date"].dtype) == "date32[day][pyarrow]"
    assert len(pandas_ns["recent"]) == 8
    polars_fetches = polars_ns["fetches"]
    assert polars_fetches.height == 8 and polars_fetches["content_hash"].null_count() == 4
    assert polars_fetches.schema["crawl_date"].__class__.__name__ == "Date"


def test_pyarrow_alone_would_drop_the_newer_column(two_versions: Path) -> None:
    """What the schema= in the snippets is for (if pyarrow ever unions by itself, this fails)."""
    import pandas as pd

    plain = pd.read_parquet(two_versions / "data" / "clean" / "fetches")
    assert "content_hash" not in plain.columns


SITE, OTHER_SITE = "127.0.0.21", "127.0.0.22"  # loopback "hosts" no other test serves
RUN_DATE = "2026-12-05"
TEXT = "The clinic's advice on managing asthma at home through the winter months, step by step. " * 10
# Airflow and systemd send SIGKILL 10 s after their SIGTERM: a stopped run must be out before.
PROMPT_S = 8.0


def _busy(address: str) -> int:
    from distributed import Client

    with Client(address, timeout="10s") as client:
        counts = client.run(lambda dask_worker: len(dask_worker.state.executing))
    return sum(counts.values())


@pytest.mark.dask
def test_sigterm_to_the_driver_of_a_dask_night_stops_it_and_the_same_command_resumes(tmp_path: Path) -> None:
    """The driver of a run on ``dask scheduler`` and ``dask worker`` processes gets SIGTERM while a
    worker waits on a page: it exits 143 within seconds, no manifest; the lost shard finishes on
    its worker; the same command then finishes the night, each page stored once."""
    from tests.daskcluster import dask_processes

    release = threading.Event()
    served: list[str] = []

    def held(request: Request) -> Reply:
        served.append("held")
        if len(served) == 1:
            release.wait(60)
        return Reply(200, html_page("Asthma at home", TEXT))

    site = ScriptedServer(SITE)
    site.route("/robots.txt", Reply(404, b"", content_type="text/plain"))
    site.route("/a", Reply(200, html_page("Hay fever", TEXT.replace("asthma", "hay fever"))))
    site.route("/held", held)
    other = ScriptedServer(OTHER_SITE)
    other.route("/robots.txt", Reply(404, b"", content_type="text/plain"))
    other.route("/b", Reply(200, html_page("Pollen count", TEXT.replace("asthma", "pollen"))))
    urls = [site.url("/a"), site.url("/held"), other.url("/b")]
    toml = tmp_path / "run.toml"
    toml.write_text(
        f"[sources]\nurls = {json.dumps(urls)}\n"
        f'[fetch]\nallow_private = ["{SITE}", "{OTHER_SITE}"]\nmin_delay_s = 0.0\nmax_retries = 0\ntimeout_s = 60.0\n'
        f'[output]\ndir = "{tmp_path / "out"}"\nraw_dir = "{tmp_path / "raw"}"\n'
    )
    out = tmp_path / "out"
    site.start()
    other.start()
    try:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}  # workers import the installed package
        with dask_processes(tmp_path / "cluster", env, workers=2) as (address, _):
            command = [sys.executable, "-m", "pipeline", "run", "--config", str(toml), "--run-date", RUN_DATE]
            command += ["--scheduler", address]
            driver = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            deadline = time.monotonic() + 60
            while not served and time.monotonic() < deadline and driver.poll() is None:
                time.sleep(0.02)
            assert served, "the worker never asked for /held"
            sent = time.monotonic()
            driver.send_signal(signal.SIGTERM)  # as Airflow and systemd stop a task: the driver alone
            try:
                _, stderr = driver.communicate(timeout=30)
            finally:
                if driver.poll() is None:
                    driver.kill()
            took = time.monotonic() - sent
            assert driver.returncode == 143, stderr
            assert took < PROMPT_S, f"took {took:.1f} s to stop"
            assert "run the same command again" in stderr and "Traceback" not in stderr, stderr
            assert not list((out / "_runs").glob("*.json"))  # no manifest: the night is not finished
            release.set()  # the lost shard gets its page and finishes on its own
            deadline = time.monotonic() + 60
            while _busy(address) and time.monotonic() < deadline:
                time.sleep(0.1)
            again = subprocess.run(command, capture_output=True, text=True, timeout=120)
            assert again.returncode == 0, again.stderr
            assert served == ["held"]  # both shards committed on their workers: nothing fetched again
        manifest = json.loads(next((out / "_runs").glob("*.json")).read_text())
        for entry in manifest["files"]:  # what the manifest claims is what is there
            assert pq.ParquetFile(out / entry["path"]).metadata.num_rows == entry["rows"], entry
        titles = pq.read_table(out / "articles", columns=["title"]).column("title").to_pylist()
        assert sorted(titles) == ["Asthma at home", "Hay fever", "Pollen count"]
        fetched = pq.read_table(out / "fetches", columns=["url"]).column("url").to_pylist()
        assert sorted(fetched) == sorted(urls)
        assert not list(out.rglob("*.tmp")) and not list(out.rglob("_state/fetch-staged/*/*.json"))
        assert not list((tmp_path / "raw").rglob("*.open"))
    finally:
        release.set()
        site.stop()
        other.stop()


def _ctrl_c_as_a_terminal_sends_it() -> None:
    """In the child before exec: SIGINT at its default, so Python turns it into KeyboardInterrupt.
    A suite started in the background of a non-interactive shell (``make test &``) has SIGINT
    ignored, which a child inherits and Python keeps: its Ctrl-C was never a Ctrl-C (session 18:
    two fresh-clone runs started that way failed here)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.mark.parametrize(
    ("signum", "group"),
    [(signal.SIGTERM, False), (signal.SIGINT, True)],
    ids=["sigterm-twice-to-the-driver", "ctrl-c-twice-to-the-group"],
)
def test_a_second_signal_quits_at_once_and_the_same_command_resumes(
    tmp_path: Path, request: pytest.FixtureRequest, signum: int, group: bool
) -> None:
    """The second signal, sent while the first stop is under way (a user pressing Ctrl-C twice,
    a supervisor repeating its SIGTERM), ends the driver at once; its pool workers die with it
    (none goes on requesting pages), and the same command stores every page once.

    The second signal is sent once the driver has taken the first (its warning is on stderr):
    two sent back to back merge into one while the first is still pending (standard signals are
    not queued; 30 of 30 in a probe), and the test then saw a graceful stop finishing within its
    2 s bound instead of a quit (session 15). The pool's workers are frozen (SIGSTOP) before
    the first signal, so the first stop is still under way when the second comes: unfrozen,
    the stop could end in the moment the test took to react (1 of 2 Ctrl-C runs at load 12:
    exit -2 after "run the same command again"), a quit never seen."""
    import psutil

    sites: list[ScriptedServer] = request.getfixturevalue("slow_sites")  # test_stop's hosts
    command = _stop_command(tmp_path, sites, workers=2)
    process = subprocess.Popen(
        command,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        preexec_fn=_ctrl_c_as_a_terminal_sends_it,
    )
    lines: list[str] = []
    taken = threading.Event()

    def read_stderr() -> None:
        assert process.stderr is not None
        for line in process.stderr:
            lines.append(line)
            if "stopping at the next page" in line:  # the first signal's handler has run
                taken.set()

    def send() -> None:
        if group:
            os.killpg(process.pid, signum)
        else:
            os.kill(process.pid, signum)

    reader = threading.Thread(target=read_stderr, daemon=True)
    reader.start()
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not all(len(s.paths()) >= 3 for s in sites):
            assert process.poll() is None, "".join(lines)
            time.sleep(0.02)
        workers = psutil.Process(process.pid).children(recursive=True)
        assert workers, "no pool worker processes"
        for worker in workers:  # their shards cannot take the stop: the driver waits for them
            worker.suspend()
        send()
        assert taken.wait(30), "".join(lines)
        assert process.poll() is None, f"the first stop ended with its workers frozen: {''.join(lines)}"
        sent = time.monotonic()
        send()
        process.wait(timeout=30)
        took = time.monotonic() - sent
        reader.join(timeout=5)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    stderr = "".join(lines)
    if signum == signal.SIGTERM:  # the default action: killed by the signal (a shell says 143)
        assert process.returncode == -signum, (process.returncode, stderr)
    else:  # KeyboardInterrupt, not the stop's "...; run the same command again to resume"
        assert process.returncode == 128 + signum and stderr.rstrip().endswith("pipeline: interrupted"), stderr
    assert took < PROMPT_S, f"took {took:.1f} s to quit"
    _, alive = psutil.wait_procs(workers, timeout=5)
    assert not alive, f"pool workers outlived the driver: {alive}"
    requests = [len(s.paths()) for s in sites]
    time.sleep(0.5)
    assert [len(s.paths()) for s in sites] == requests  # nobody goes on fetching

    again = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert again.returncode == 0, again.stderr
    _assert_complete(tmp_path / "out", sites)
    assert len(list((tmp_path / "out" / "_runs").glob("*.json"))) == 1
    assert not list((tmp_path / "out").rglob("*.tmp")) and not list((tmp_path / "raw").rglob("*.open"))


# A driver whose first stop waits for its pool's workers to finish their pages (here: pages that
# never end), then a second Ctrl-C while it waits: the driver must quit, not wait again.
_SECOND_CTRL_C_DURING_THE_STOP = """
import os, signal, threading, time
from pipeline.errors import RunInterrupted
from pipeline.run.engine import Engine

def page_that_never_ends() -> None:
    time.sleep(600)

try:
    with Engine(workers=2).executor(2) as pool:
        for _ in range(2):
            pool.submit(page_that_never_ends)
        time.sleep(1.0)  # both workers in their page
        threading.Timer(1.0, os.kill, (os.getpid(), signal.SIGINT)).start()  # while the stop waits
        raise RunInterrupted(signal.SIGINT)  # the first stop
except KeyboardInterrupt:
    print("quit")
"""


def test_a_second_ctrl_c_while_the_first_stop_waits_for_the_workers_quits() -> None:
    """The second-signal test above froze the workers at a random moment: when none was waiting on
    the shared stop flag, the first stop reached the pool's shutdown, which waited for them, and
    the second Ctrl-C raised out of that wait into the pool block's exit, which waited for the
    same workers again, for good (1 of 2 fresh-clone CI runs, session 18). Now a Ctrl-C during
    that wait kills the workers, as one during the run does."""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-c", _SECOND_CTRL_C_DURING_THE_STOP],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        preexec_fn=_ctrl_c_as_a_terminal_sends_it,
    )
    assert done.stdout.strip() == "quit", done.stderr
    assert time.monotonic() - started < 30


def test_a_stopped_attempts_archive_files_go_once_a_rerun_with_other_shards_finishes(
    tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """SIGTERM stops both shards of a two-worker run: each closes its archive files under its
    attempt's name (``<run>-<shard>~<attempt>-<tag>.warc.gz``) and commits nothing. The same
    command on one worker groups the hosts into another shard: the stopped attempts' files were
    never renamed nor removed (two pages and two support WARCs for good, holding exchanges whose
    rows were never stored); now the run's finish removes them."""
    from warcio.archiveiterator import ArchiveIterator

    sites: list[ScriptedServer] = request.getfixturevalue("slow_sites")
    command = _stop_command(tmp_path, sites, workers=2)
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not all(len(s.paths()) >= 3 for s in sites):
            assert process.poll() is None, process.communicate()[1]
            time.sleep(0.02)
        process.send_signal(signal.SIGTERM)
        process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 143
    raw = tmp_path / "raw"
    assert list(raw.rglob("*~*")), "the stopped attempts closed no archive file"  # what the re-run must clear
    one_worker = _stop_command(tmp_path, sites, workers=1)  # the same run id: the same URLs and config
    again = subprocess.run(one_worker, capture_output=True, text=True, timeout=120)
    assert again.returncode == 0, again.stderr
    _assert_complete(tmp_path / "out", sites)
    assert not list(raw.rglob("*~*")) and not list(raw.rglob("*.open"))
    pages: list[str] = []
    for path in raw.glob("*.warc.gz"):  # the committed shard's exchanges, each page once
        with open(path, "rb") as stream:
            pages += [
                r.rec_headers.get_header("WARC-Target-URI") for r in ArchiveIterator(stream) if r.rec_type == "response"
            ]
    assert sorted(pages) == sorted(s.url(f"/p{n}") for s in sites for n in range(6))


def test_only_the_finished_runs_uncommitted_archive_files_are_swept(tmp_path: Path) -> None:
    from pipeline.store.warc_archive import archive_name, sweep_uncommitted_archives

    tag, shard, attempt = "a3d8f70b", "hosts000-ec254bc5", "4242-986c79ca"
    names = {
        "stopped": archive_name("nightly", shard, tag, attempt),
        "committed": archive_name("nightly", shard, tag),
        "other run": archive_name("nightly-2", shard, tag, attempt),  # its id extends this one's
        "other output": archive_name("nightly", shard, "0acaf6da", attempt),
    }
    for name in names.values():
        (tmp_path / name).write_bytes(b"")
    assert sweep_uncommitted_archives(tmp_path, tag, "nightly".__eq__) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(v for k, v in names.items() if k != "stopped")


def test_a_later_start_removes_the_uncommitted_archive_files_of_finished_runs_only(tmp_path: Path) -> None:
    """A run killed between its manifest and its finish's sweep: the next run's start removes
    its attempts' closed files (a finished run's attempts can never commit), not those of a run
    that is not finished (its attempt may still commit)."""
    from pipeline.store.warc_archive import archive_name, output_tag

    out, raw = tmp_path / "out", tmp_path / "raw"
    config = make_config(
        tmp_path,
        sources={"warc": [str(data_path("demo", "demo.warc.gz"))]},
        output={"dir": str(out), "raw_dir": str(raw)},
        run={"run_date": "2026-12-01"},
    )
    summary = run_pipeline(config, argv=[])
    assert summary.exit_code == 0
    raw.mkdir(exist_ok=True)
    tag = output_tag(out)
    left = raw / archive_name(summary.run_id, "hosts000-ec254bc5", tag, "4242-986c79ca")
    unfinished = raw / archive_name("2026-12-02-unfinished", "hosts000-ec254bc5", tag, "4243-986c79cb")
    left.write_bytes(b"")
    unfinished.write_bytes(b"")
    later = make_config(
        tmp_path,
        sources={"warc": [str(data_path("demo", "demo.warc.gz"))]},
        output={"dir": str(out), "raw_dir": str(raw)},
        run={"run_date": "2026-12-03"},
    )
    assert run_pipeline(later, argv=[]).exit_code == 0
    assert not left.exists() and unfinished.exists()


def test_pages_over_a_hosts_budget_are_named_in_a_warning(tmp_path: Path) -> None:
    """A sitemap listing more pages than ``sources.max_pages_per_host``: the pages past the
    budget get no request and no row (by design), and the run said nothing, so a site of 40,000
    pages was crawled 10,000 a night, the same ones; now a warning names the host and the count."""
    host = "127.0.0.23"
    site = ScriptedServer(host)
    site.route("/robots.txt", Reply(404, b"", content_type="text/plain"))
    site.start()
    try:
        entries = "".join(f"<url><loc>{site.url(f'/a/{n}')}</loc></url>" for n in range(30))
        sitemap = f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</urlset>'
        site.route("/sitemap.xml", Reply(200, sitemap.encode(), content_type="application/xml"))
        for n in range(30):
            site.route(f"/a/{n}", Reply(200, html_page(f"Page {n}", TEXT)))
        toml = tmp_path / "run.toml"
        toml.write_text(
            f'[sources]\nsitemaps = ["{site.url("/sitemap.xml")}"]\nmax_pages_per_host = 10\n'
            f'[fetch]\nallow_private = ["{host}"]\nmin_delay_s = 0.0\nmax_retries = 0\n'
        )
        command = [sys.executable, "-m", "pipeline", "run", "--config", str(toml), "--run-date", RUN_DATE]
        command += ["--out", str(tmp_path / "out"), "--raw", str(tmp_path / "raw"), "--workers", "1"]
        done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    finally:
        site.stop()
    assert done.returncode == 0, done.stderr
    assert sum(path.startswith("/a/") for path in site.paths()) == 10
    assert f"host {host}: 20 page(s) found in sitemaps or links not fetched: over its budget of 10" in done.stderr
    assert "sources.max_pages_per_host" in done.stderr


@pytest.mark.skipif(os.geteuid() != 0 or not Path("/proc/filesystems").is_file(), reason="mounts a tmpfs (root)")
@pytest.mark.parametrize("free_kib", [0, 12, 48])
def test_a_disk_that_fills_on_the_second_night_of_a_crawl_loses_and_duplicates_nothing(
    tmp_path: Path, free_kib: int
) -> None:
    """A real tmpfs holding the output and the raw archive after one night, then filled but for
    ``free_kib``: the second night's start (the fetch log's index), its archive and its part files
    meet ENOSPC (0: at the start; 12: the archive; 48: a part file, a failed shard). Exit 1 in
    one line, no traceback, no hidden temporary file; once there is room the same command (a
    retry attempt after a failed shard) ends with the rows of a night that never met it."""
    import pandas as pd
    from warcio.archiveiterator import ArchiveIterator

    host = "127.0.0.24"
    site = ScriptedServer(host)
    site.route("/robots.txt", Reply(404, b"", content_type="text/plain"))

    def night(n: int) -> None:  # three pages change every night
        for k in range(8):
            version = n if k < 3 else 1
            site.route(f"/p{k}", Reply(200, html_page(f"Page {k} v{version}", TEXT + f" Page {k}, version {version}.")))

    site.start()
    urls = tmp_path / "urls.txt"
    urls.write_text("".join(site.url(f"/p{k}") + "\n" for k in range(8)))
    toml = tmp_path / "run.toml"
    toml.write_text(f'[fetch]\nallow_private = ["{host}"]\nmin_delay_s = 0.0\nmax_retries = 0\n')

    def arguments(where: Path, date: str) -> list[str]:
        command = ["run", "--config", str(toml), "--urls", str(urls), "--out", str(where / "out")]
        return [*command, "--raw", str(where / "raw"), "--workers", "1", "--run-date", date, "--progress", "off"]

    def run(where: Path, date: str) -> subprocess.CompletedProcess[str]:  # its stderr, as a user sees it
        command = [sys.executable, "-m", "pipeline", *arguments(where, date)]
        return subprocess.run(command, capture_output=True, text=True, timeout=120)

    def stored(where: Path) -> dict[str, list[tuple[str, ...]]]:
        kept = {"articles": ["url", "title", "content_hash"], "fetches": ["url", "outcome", "content_hash"]}
        frames = {name: pd.read_parquet(where / "out" / name, columns=cols) for name, cols in kept.items()}
        return {name: sorted(map(tuple, frame.astype(str).values.tolist())) for name, frame in frames.items()}

    def archived(where: Path) -> list[str]:
        found = []
        for path in (where / "raw").rglob("*.warc.gz"):
            with open(path, "rb") as stream:
                found += [
                    r.rec_headers.get_header("WARC-Target-URI")
                    for r in ArchiveIterator(stream)
                    if r.rec_type == "response"
                ]
        return sorted(found)

    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(disk)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()[:100]!r}")
    try:
        reference = tmp_path / "reference"
        for where in (reference, disk):  # the nights with room: in this process, quicker
            night(1)
            assert main(arguments(where, "2026-12-01")) == 0
        night(2)
        assert main(arguments(reference, "2026-12-02")) == 0
        room = os.statvfs(disk)
        (disk / "filler").write_bytes(b"\0" * max(0, room.f_bavail * room.f_frsize - free_kib * 1024))
        full = run(disk, "2026-12-02")
        assert full.returncode == 1, full.stderr
        named = [line for line in full.stderr.splitlines() if "No space left on device" in line and f"{disk}/" in line]
        assert named, full.stderr  # the error (a failed shard's line) names the file it could not write
        assert "cannot write:" not in full.stderr
        assert "Traceback" not in full.stderr and "No space left on device" in full.stderr
        assert not [p for p in disk.rglob(".*") if p.is_file()]  # no temporary file left
        # nor an unfinished archive (12 KiB: the shard's archive, then the manifest, met ENOSPC;
        # its .open files stayed until the next run's start: the ninth audit)
        assert not list(disk.rglob("*.open"))
        (disk / "filler").unlink()
        again = run(disk, "2026-12-02")
        assert again.returncode == 0, again.stderr
        assert stored(disk) == stored(reference)
        assert archived(disk) == archived(reference)  # each response archived once, the WARCs readable
        assert not list(disk.rglob("*.open")) and not list(disk.rglob("*~*"))
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)
        site.stop()


def test_sigterm_to_every_process_of_the_run_as_systemd_stops_a_unit(
    tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """systemd's default (KillMode=control-group) sends SIGTERM to the driver and each pool
    worker at once: exit 143 within seconds, nothing committed, the same command stores every
    page once."""
    from tests.test_stop import PROMPT_S, _signal_mid_crawl

    sites: list[ScriptedServer] = request.getfixturevalue("slow_sites")
    command = _stop_command(tmp_path, sites, workers=2)
    code, seconds = _signal_mid_crawl(command, sites, signal.SIGTERM, group=True)
    assert code == 143 and seconds < PROMPT_S, (code, seconds)
    assert not list((tmp_path / "out" / "_runs").glob("*.json"))
    again = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert again.returncode == 0, again.stderr
    _assert_complete(tmp_path / "out", sites)


def test_url_lists_concatenated_from_files_saved_with_a_bom_lose_no_url(tmp_path: Path) -> None:
    """Two URL lists saved by Notepad or Excel (each with a UTF-8 BOM, CRLF), joined with ``cat``,
    plus a URL pasted from a web page with a zero-width space and one with a right-to-left
    mark: the second list's first URL was an ``invalid_url`` row ("not an absolute http(s)
    URL"), and so were the pasted ones; now every line is its URL, fetched."""
    import pandas as pd

    host = "127.0.0.25"
    site = ScriptedServer(host)
    site.route("/robots.txt", Reply(404, b"", content_type="text/plain"))
    paths = ["/first", "/second", "/pasted", "/marked"]
    for path in paths:
        site.route(path, Reply(200, html_page(f"Page {path}", TEXT)))
    site.start()
    try:
        first = b"\xef\xbb\xbf" + site.url("/first").encode() + b"\r\n"
        second = b"\xef\xbb\xbf" + site.url("/second").encode() + b"\r\n"
        pasted = site.url("/pasted").encode() + "\u200b\n".encode()
        marked = "\u200e".encode() + site.url("/marked").encode() + b"\n"
        urls = tmp_path / "urls.txt"
        urls.write_bytes(first + second + pasted + marked)
        toml = tmp_path / "run.toml"
        toml.write_text(f'[fetch]\nallow_private = ["{host}"]\nmin_delay_s = 0.0\nmax_retries = 0\n')
        command = [sys.executable, "-m", "pipeline", "run", "--config", str(toml), "--urls", str(urls)]
        command += ["--out", str(tmp_path / "out"), "--raw", str(tmp_path / "raw"), "--run-date", RUN_DATE]
        done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    finally:
        site.stop()
    assert done.returncode == 0, done.stderr
    fetches = pd.read_parquet(tmp_path / "out" / "fetches")
    assert sorted(fetches["url"]) == sorted(site.url(p) for p in paths)
    assert set(fetches["outcome"]) == {"ok"}


def test_a_signal_during_a_runs_start_is_acted_on_before_the_history_is_read_through(tmp_path: Path) -> None:
    """SIGTERM while a run's start folds months of nights into the fetch log's index (a year:
    14 s when the index is built from nothing) waited for the whole start: 11.3 s to exit on
    ``bench/history.py``'s year, past the 10 s a supervisor gives before SIGKILL. Now the fold
    looks at the stop flag before each part file: interrupted, it saves nothing (the index is
    derived data, built again next time)."""
    import random

    from pipeline.errors import RunInterrupted
    from pipeline.run.sightings import INDEX_NAME, latest_sightings
    from tests.test_seventh_audit import _night

    rng = random.Random(5)
    urls = [f"https://h{n % 3}.example/p{n}" for n in range(20)]
    for night in range(6):
        _night(tmp_path, rng, night, urls, finished=True)
    ids = {f"art-{n}" for n in range(8)}
    with stop.signal_handlers():
        stop.request_stop(signal.SIGTERM)
        with pytest.raises(RunInterrupted):
            latest_sightings(tmp_path, ids)
    assert not (tmp_path / "_state" / INDEX_NAME).exists()
    assert latest_sightings(tmp_path, ids) is not None  # unstopped, the same call folds the nights
    assert (tmp_path / "_state" / INDEX_NAME).exists()
