"""A week of nightly runs over a changing site, SIGKILLed at random moments: what a crash may not change.

    .venv/bin/python bench/soak.py [--rounds 5] [--seed 1] [--nights 7] [--max-kills 3] [--workers 2]
                                   [--after-request] [--signal kill|term] [--vary-workers]
                                   [--scheduler] [--keep DIR]

The outside testers run "a week of nightly runs" and "crashes mid-run"; the suite's crash tests
kill at named points, one at a time (``PIPELINE_TEST_CRASH_AFTER``). This kills at random moments,
night after night, on an evolving site (``bench/soak_site.py``): three hosts on loopback
(``tests/httpserver.py``) whose pages are edited, removed (404, then 410) and back, redirected and
back, added every night, get comments, and one host answers slowly. Each night is ``pipeline run
--run-date <night>``, as cron runs it. First the week runs once with no kill (the reference); then,
each round (its own seed), the same week in the same folder with each night's run SIGKILLed (its
process group: the driver and its workers) 0-``--max-kills`` times at random moments within the
clean night's duration (``--after-request``: counted from the run's first page request, so the
kills land in the fetch, the extraction and the commit rather than in the interpreter's start),
then the same command run until it exits 0. With ``--scheduler`` the runs go to a Dask cluster of
``dask`` processes on loopback (``tests/daskcluster.py``) and a worker process is SIGKILLed instead
(its nanny restarts it). ``--signal term`` stops each run as Airflow and systemd do (SIGTERM to the
driver: exit 143) instead of killing it; ``--vary-workers`` runs each night's commands on 1, 2, ...
``--workers`` in turn, so a re-run groups the hosts into other shards.

What must hold after the week, against the uncrashed week: the articles, metadata and comments
rows (url, article id, content hash, comment rows) and the fetch log's rows (one per URL and
night: outcome, status, version), none twice; one manifest per night; the same files under the
output and the raw archive (no temporary, staged or ``.open`` file, no extra attempt); the raw
pages archive holds each response once. One line per round; exit 1 if any round broke a rule.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from soak_site import FIRST_NIGHT, HOST_A, HOST_B, SLOW_HOST, Site  # noqa: E402

KILL_WINDOW = 1.1  # kill moments fall within this share of the clean night's duration (a few after its end)
RERUNS = 3  # runs of the same command after the kills before a night counts as broken
# what must be the same as in the uncrashed week (run ids and fetch times aside: same input, same run id)
ROW_KEYS = {
    "articles": ["crawl_date", "url", "article_id", "content_hash", "duplicate_of"],
    "metadata": ["crawl_date", "article_id", "content_hash", "title"],
    "comments": ["crawl_date", "comment_id", "article_id", "content_hash", "position", "text"],
    "fetches": ["crawl_date", "url", "final_url", "status", "outcome", "article_id", "content_hash"],
}
Killer = Callable[[subprocess.Popen[bytes]], bool]  # kills a run's process (or a worker); False: none alive
SHARD_KEY = re.compile(r"hosts\d+-[0-9a-f]{8}")  # a URL shard's key in file names: hosts000-338a321e


@dataclass
class Night:
    seconds: float
    kills: int = 0  # kills that landed (the process still running)
    late_kills: int = 0  # of which after the killed run had sent a page request
    first_request_s: float = 0.0  # from the start to the first page request (a Dask night's)
    runs: int = 0  # runs of the command, kills included
    exits: list[int] = field(default_factory=list)


class Week:
    """The nightly command over one output folder (the same paths every round: the same run ids)."""

    def __init__(self, work: Path, site: Site, workers: int, scheduler: str | None) -> None:
        self.work, self.site, self.workers, self.scheduler = work, site, workers, scheduler
        self.out, self.raw = work / "week" / "out", work / "week" / "raw"
        self.env = {**os.environ, "PYTHONPATH": str(REPO)}
        self.env.pop("PIPELINE_TEST_CRASH_AFTER", None)
        self.running: subprocess.Popen[bytes] | None = None
        self.after_request = False  # kill moments counted from the run's first page request
        self.vary_workers = False  # each run of a night on 1, 2, ... workers in turn: other shards
        self.starts = 0

    def reset(self) -> None:
        shutil.rmtree(self.work / "week", ignore_errors=True)
        (self.work / "week").mkdir(parents=True)

    def command(self, night: int) -> list[str]:
        urls = self.work / "week" / f"urls-{night}.txt"
        urls.write_text("".join(u + "\n" for u in self.site.urls(night)))
        config = self.work / "week" / "c.toml"
        hosts = [HOST_A, HOST_B, SLOW_HOST]
        config.write_text(f"[fetch]\nallow_private = {hosts}\nmin_delay_s = 0.0\nmax_retries = 0\n")
        command = [sys.executable, "-m", "pipeline", "run", "--config", str(config), "--urls", str(urls)]
        command += ["--out", str(self.out), "--raw", str(self.raw), "--run-date", f"2026-12-{night:02d}"]
        command += ["--max-failure-rate", "0.5", "--log-format", "json", "--progress", "off"]
        workers = 1 + self.starts % self.workers if self.vary_workers else self.workers
        return command + (["--scheduler", self.scheduler] if self.scheduler else ["--workers", str(workers)])

    def start(self, night: int) -> subprocess.Popen[bytes]:
        log = open(self.work / "week" / f"night-{night}.log", "ab")  # noqa: SIM115 (closed with the process)
        self.starts += 1
        self.running = subprocess.Popen(
            self.command(night), env=self.env, stdout=log, stderr=log, start_new_session=True
        )
        return self.running

    def stop(self) -> None:
        """Kill a run still going (the bench interrupted): it is in a session of its own."""
        if self.running is not None and self.running.poll() is None:
            os.killpg(self.running.pid, signal.SIGKILL)
            self.running.wait()

    def night(self, night: int, kill_at: list[float], kill: Killer) -> Night:
        """Each of ``kill_at`` (seconds) kills a fresh run of the command that long after its start
        (with ``after_request``, after its first page request); then the command runs until it
        exits 0 (at most ``RERUNS`` times)."""
        self.site.night = night
        record = Night(0.0)
        started = time.monotonic()
        for moment in [*kill_at, None]:
            if record.exits and record.exits[-1] == 0:
                break  # finished before the kill: the night is done
            sent = self.site.page_requests()
            run = self.start(night)
            record.runs += 1
            begun = time.monotonic()
            if self.after_request or moment is None:
                while run.poll() is None and self.site.page_requests() == sent:
                    time.sleep(0.01)
                record.first_request_s = time.monotonic() - begun
                begun = begun if not self.after_request else time.monotonic()
            while moment is not None and run.poll() is None and time.monotonic() - begun < moment:
                time.sleep(0.01)
            if moment is not None and run.poll() is None and kill(run):
                record.kills += 1
                record.late_kills += self.site.page_requests() > sent
            record.exits.append(run.wait())
        while record.exits[-1] != 0 and record.runs < len(kill_at) + RERUNS:
            run = self.start(night)
            record.runs += 1
            record.exits.append(run.wait())
        record.seconds = time.monotonic() - started
        return record


def kill_driver(run: subprocess.Popen[bytes]) -> bool:
    os.killpg(run.pid, signal.SIGKILL)  # the driver and its local worker processes
    return True


def terminate_driver(run: subprocess.Popen[bytes]) -> bool:
    """As Airflow and systemd stop a task: SIGTERM to the driver alone (it stops its workers)."""
    os.kill(run.pid, signal.SIGTERM)
    return True


def kill_a_worker(address: str, pick: random.Random) -> Killer:
    def kill(run: subprocess.Popen[bytes]) -> bool:
        from distributed import Client

        with Client(address, timeout="10s") as client:  # a worker that just died answers nothing
            pids = sorted(p for p in client.run(os.getpid, on_error="ignore").values() if isinstance(p, int))
        if pids:
            os.kill(pick.choice(pids), signal.SIGKILL)
        return bool(pids)

    return kill


Snapshot = dict[str, list[tuple[str, ...]]]


def snapshot(week: Week) -> Snapshot:
    """What the week left, to compare with the uncrashed week's."""
    import pandas as pd
    from warcio.archiveiterator import ArchiveIterator

    rows: Snapshot = {}
    for name, columns in ROW_KEYS.items():
        frame = pd.read_parquet(week.out / name, columns=columns)
        frame["crawl_date"] = frame["crawl_date"].astype(str)
        rows[name] = sorted(tuple(str(v) for v in row) for row in frame.itertuples(index=False))
    archived = []
    for path in sorted(week.raw.glob("*.warc.gz")):
        with open(path, "rb") as stream:
            for record in ArchiveIterator(stream):
                if record.rec_type == "response":
                    uri = record.rec_headers.get_header("WARC-Target-URI")
                    archived.append((path.name[:10], uri, record.rec_headers.get_header("WARC-Payload-Digest")))
    rows["archived"] = sorted(archived)
    home, own = week.work / "week", (".log", ".txt", ".toml")  # the bench's own files: logs, URL lists, config
    rows["files"] = sorted(
        (str(p.relative_to(home)),) for p in home.rglob("*") if p.is_file() and not p.name.endswith(own)
    )
    return rows


def broken_rules(week: Week, clean: Snapshot, got: Snapshot, nights: int) -> list[str]:
    problems = []
    for name in (*ROW_KEYS, "archived"):
        mine, theirs = Counter(got[name]), Counter(clean[name])
        if mine != theirs:
            extra, lost = list((mine - theirs).elements()), list((theirs - mine).elements())
            problems.append(f"{name}: {len(extra)} extra {extra[:2]}, {len(lost)} lost {lost[:2]}")
    if twice := [k for k, n in Counter(got["archived"]).items() if n > 1]:
        problems.append(f"archived twice: {twice[:2]}")
    fetched = Counter((row[0], row[1]) for row in got["fetches"])
    for night in range(FIRST_NIGHT, nights + 1):
        date = f"2026-12-{night:02d}"
        wanted = set(week.site.urls(night))
        if {url for (d, url) in fetched if d == date} != wanted or any(fetched[(date, u)] != 1 for u in wanted):
            problems.append(f"fetch log of {date}: not one row per URL")
    manifests = sorted(p.name for p in (week.out / "_runs").glob("*.json"))
    if len(manifests) != nights:
        problems.append(f"{len(manifests)} manifests for {nights} nights: {manifests}")
    # a Dask run plans its shards by the workers alive at its start (one may be restarting): names without them
    files = {SHARD_KEY.sub("SHARD", f) for (f,) in got["files"]}
    clean_files = {SHARD_KEY.sub("SHARD", f) for (f,) in clean["files"]}
    if files != clean_files:
        problems.append(f"files: extra {sorted(files - clean_files)[:4]}, missing {sorted(clean_files - files)[:4]}")
    leftovers = [f for f in files if re.search(r"\.(tmp|open)$|staged|~", f)]
    if leftovers:
        problems.append(f"temporary, staged or open files: {leftovers[:4]}")
    return problems


def clean_week(week: Week, nights: int) -> tuple[list[float], Snapshot]:
    """The week with no kill: each night's length (from its first page request when kills count from it) and
    what it left."""
    week.reset()
    lengths = []
    for night in range(FIRST_NIGHT, nights + 1):
        record = worker_night(week, night, [], kill_driver) if week.scheduler else week.night(night, [], kill_driver)
        from_request = week.scheduler or week.after_request  # kills count from the first page request
        lengths.append(record.seconds - (record.first_request_s if from_request else 0.0))
        if record.exits != [0]:
            sys.exit(f"the uncrashed week's night {night} exited {record.exits}: see {week.work}/week")
    return lengths, snapshot(week)


def crashed_week(week: Week, lengths: list[float], pick: random.Random, max_kills: int, kill: Killer) -> list[Night]:
    """The week again, each night killed 0 to ``max_kills`` times at moments ``pick`` draws."""
    week.reset()
    nights = []
    for night, length in enumerate(lengths, FIRST_NIGHT):
        moments = [pick.uniform(0.0, length * KILL_WINDOW) for _ in range(pick.randint(0, max_kills))]
        if week.scheduler:  # workers killed during the one run, after its first page request
            nights.append(worker_night(week, night, sorted(moments), kill))
        else:  # each kill lands on a run of the same command
            nights.append(week.night(night, moments, kill))
    return nights


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1, help="round N uses seed + N - 1")
    parser.add_argument("--nights", type=int, default=7)
    parser.add_argument("--max-kills", type=int, default=3, help="per night (0 to this, seeded)")
    parser.add_argument("--workers", type=int, default=2, help="local worker processes of each run")
    parser.add_argument("--scheduler", action="store_true", help="on a local Dask cluster, killing a worker")
    parser.add_argument(
        "--after-request", action="store_true", help="local runs: kill moments from each run's first page request"
    )
    parser.add_argument(
        "--signal",
        choices=["kill", "term"],
        default="kill",
        help="local runs: SIGKILL the group, or SIGTERM the driver",
    )
    parser.add_argument(
        "--vary-workers", action="store_true", help="local runs: each run of a night on 1..--workers workers in turn"
    )
    parser.add_argument("--keep", type=Path, help="work here and keep a broken round's week")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # servers and cluster closed on the way out
    work = args.keep or Path(tempfile.mkdtemp(prefix="soak-"))
    site = Site()
    good = True
    with ExitStack() as stack:
        stack.enter_context(site.serving())
        address = None
        if args.scheduler:
            from tests.daskcluster import dask_cluster

            env = {**os.environ, "PYTHONPATH": str(REPO)}
            address = stack.enter_context(dask_cluster(work / "dask", env, workers=2))
        week = Week(work, site, args.workers, address)
        stack.callback(week.stop)
        week.after_request = args.after_request
        week.vary_workers = args.vary_workers
        lengths, clean = clean_week(week, args.nights)
        print(f"uncrashed week: {sum(lengths):.1f} s, nights {' '.join(f'{s:.1f}' for s in lengths)}", flush=True)
        for number in range(args.rounds):
            seed = args.seed + number
            pick = random.Random(seed)
            kill = (
                kill_a_worker(address, pick)
                if address
                else {"kill": kill_driver, "term": terminate_driver}[args.signal]
            )
            nights = crashed_week(week, lengths, pick, args.max_kills, kill)
            problems = [f"night {n}: exits {r.exits}" for n, r in enumerate(nights, FIRST_NIGHT) if r.exits[-1] != 0]
            problems += broken_rules(week, clean, snapshot(week), args.nights)
            line = (
                f"round {number + 1} (seed {seed}): {sum(r.kills for r in nights)} kills "
                f"({sum(r.late_kills for r in nights)} after a page request), {sum(r.runs for r in nights)} runs, "
                f"kills a night {[r.kills for r in nights]}, {sum(r.seconds for r in nights):.0f} s"
            )
            stopped = {-signal.SIGKILL, 128 + signal.SIGTERM}
            odd = {n: r.exits for n, r in enumerate(nights, FIRST_NIGHT) if set(r.exits[:-1]) - stopped}
            line += f", other exits before 0: {odd}" if odd else ""  # a re-run that did not finish the night
            print(line + (" | BROKEN: " + "; ".join(problems) if problems else ": held"), flush=True)
            if problems:
                good = False
                if args.keep:
                    shutil.copytree(work / "week", work / f"broken-{seed}")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    sys.exit(0 if good else 1)


def worker_night(week: Week, night: int, moments: list[float], kill: Killer) -> Night:
    """One run of the command with a worker killed at each moment after its first page request
    (before it, no shard runs), then the command until it exits 0."""
    week.site.night = night
    record = Night(0.0)
    started, sent = time.monotonic(), week.site.page_requests()
    run = week.start(night)
    record.runs += 1
    while run.poll() is None and week.site.page_requests() == sent:
        time.sleep(0.01)
    record.first_request_s = time.monotonic() - started
    for moment in moments:
        while run.poll() is None and time.monotonic() - started < record.first_request_s + moment:
            time.sleep(0.01)
        if run.poll() is None and kill(run):
            record.kills += 1
            record.late_kills += 1
    record.exits.append(run.wait())
    while record.exits[-1] != 0 and record.runs <= RERUNS:
        record.exits.append(week.start(night).wait())
        record.runs += 1
    record.seconds = time.monotonic() - started
    return record


if __name__ == "__main__":
    main()
