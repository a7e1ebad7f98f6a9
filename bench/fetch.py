"""Crawl benchmark: the whole ``pipeline run`` against its politeness-bound ideal, on loopback hosts.

    .venv/bin/python bench/fetch.py [--repeat 2] [--scale-hosts 50,100,200] [--only NAME]

Each case starts one scripted server per loopback address (127.0.0.2, 127.0.0.3, ...), each
serving its robots.txt and its pages after a fixed latency, writes the URL list, and runs
``pipeline run`` (the CLI's own entry point, in this process, modules imported beforehand:
plan, fetch, extract, write Parquet and the raw WARC archive, manifest) with the default
engine (``--workers`` unset: one process per core, at most one per shard),
``fetch.min_delay_s = 0`` and the case's per-host and global concurrency.

The ideal is the politeness bound: every host's requests (robots.txt, then its pages) run
``per_host`` at a time, all hosts at once, and never more than ``concurrency`` requests in
flight overall:

    ideal = latency x max(1 + ceil(pages / per_host), hosts x (pages + 1) / concurrency)

Besides wall time it prints the run's CPU time per page (the driver and its worker processes)
and the *cpu floor*: the ratio the run could reach if every core were busy all the time,
``max(ideal, cpu / cores) / ideal``. When the floor is over 1.3x the target cannot be met on
these cores at this CPU cost whatever the scheduling (extraction is most of it); when the
ratio is far above the floor, the cores were not kept busy (or the machine was loaded: the
load average is printed first).

Cases (the issue's): 8 hosts x 40 pages, 200 ms, 2 per host; 64 hosts x 10 pages, 300 ms,
1 per host, 64 overall (target for both: wall time <= 1.3x ideal); then 10-page hosts at 300 ms
with 64 overall for each of ``--scale-hosts``, to show how wall time grows with the hosts.

``--fixed-cost N`` instead times N runs of 2 hosts x 1 page with no latency (nothing to wait
for: set-up, pool start, robots.txt, two pages, commit) and prints each run and the median.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import math
import multiprocessing
import os
import resource
import sys
import tempfile
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.cli import build_parser
from pipeline.cli import main as pipeline_main
from pipeline.run import runner  # noqa: F401  (imported before timing: start-up is not crawling)
from tests.httpserver import Reply, ScriptedServer

TARGET_RATIO = 1.3


@dataclass(frozen=True)
class Case:
    name: str
    hosts: int
    pages: int
    latency: float
    per_host: int
    concurrency: int
    target: bool = True

    @property
    def ideal(self) -> float:
        per_host = 1 + math.ceil(self.pages / self.per_host)
        overall = self.hosts * (self.pages + 1) / self.concurrency
        return self.latency * max(per_host, overall)


def article(host: int, page: int) -> bytes:
    paragraphs = "".join(
        f"<p>Paragraph {n} of page {page} on host {host}: a sentence about sleep, diet and exercise "
        f"that a reader might find useful, with enough words to look like an article.</p>"
        for n in range(6)
    )
    return (
        f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Health topic {host}-{page}</title>"
        f"</head><body><nav><a href='/'>Home</a></nav><article><h1>Health topic {host}-{page}</h1>"
        f"<p class='byline'>By Jane Doe</p>{paragraphs}</article><footer>Contact us</footer></body></html>"
    ).encode()


def start_hosts(case: Case) -> list[ScriptedServer]:
    servers = []
    for index in range(case.hosts):
        server = ScriptedServer(f"127.0.{(index + 2) // 256}.{(index + 2) % 256}")
        server.route(
            "/robots.txt",
            Reply(200, b"User-agent: *\nAllow: /\n", content_type="text/plain", delay_s=case.latency),
        )
        for page in range(case.pages):
            server.route(f"/page/{page}", Reply(200, article(index, page), delay_s=case.latency))
        servers.append(server.start())
    return servers


def serve(case: Case, conn: Connection) -> None:
    """The servers, in their own process: the pipeline's threads get the GIL to themselves."""
    servers = start_hosts(case)
    try:
        conn.send([s.url(f"/page/{p}") for p in range(case.pages) for s in servers])
        conn.recv()  # the run is over
        conn.send(max(s.max_in_flight for s in servers))
    finally:
        for server in servers:
            server.stop()


def _cpu_s() -> float:
    """CPU seconds of this process and its reaped children (the run's pool workers)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def run_case(case: Case, workdir: Path, attempt: int, workers: int) -> tuple[float, int, float]:
    ours, theirs = multiprocessing.Pipe()
    server = multiprocessing.get_context("spawn").Process(target=serve, args=(case, theirs), daemon=True)
    server.start()
    try:
        url_list: list[str] = ours.recv()
        urls = workdir / f"{case.name}-{attempt}.txt"
        urls.write_text("".join(u + "\n" for u in url_list))
        config = workdir / f"{case.name}.toml"
        config.write_text(
            "[fetch]\n"
            f"per_host_concurrency = {case.per_host}\nconcurrency = {case.concurrency}\n"
            "min_delay_s = 0.0\nallow_private = ['127.0.0.0/8']\n"
        )
        out = workdir / f"{case.name}-{attempt}"
        argv = ["run", "--config", str(config), "--urls", str(urls), "--out", str(out / "clean")]
        argv += ["--raw", str(out / "raw"), "--progress", "off", "--log-format", "json"]
        argv += ["--workers", str(workers)] if workers else []
        started, cpu_started = time.perf_counter(), _cpu_s()
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            code = pipeline_main(argv)
        took, cpu = time.perf_counter() - started, _cpu_s() - cpu_started  # before the server is reaped
        ours.send("done")
        peak: int = ours.recv()
    finally:
        server.join(timeout=10)
        if server.is_alive():
            server.kill()
    if code != 0:
        fetches = pd.read_parquet(out / "clean" / "fetches")
        failed = fetches[fetches.outcome != "ok"]
        reasons = failed.groupby(["outcome", "error"]).size().to_dict()
        raise SystemExit(f"{case.name}: pipeline run exited {code}: {reasons}")
    return took, peak, cpu


def fixed_cost(runs: int, workers: int) -> int:
    """The wall time of a run with nothing to wait for, ``runs`` times (the first pays lazy imports)."""
    build_parser()
    case = Case("fixed", hosts=2, pages=1, latency=0.0, per_host=1, concurrency=16, target=False)
    print(f"load average {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory() as tmp:
        took = [run_case(case, Path(tmp), attempt, workers)[0] for attempt in range(runs)]
    print("runs s: " + " ".join(f"{t:.2f}" for t in took) + f"; median {sorted(took)[len(took) // 2]:.2f}")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=2, help="runs per case; the best is reported (default 2)")
    parser.add_argument("--scale-hosts", default="50,100,200", help="host counts of the growth case")
    parser.add_argument("--only", help="run only the case with this name")
    parser.add_argument("--workers", type=int, default=0, help="pass --workers N (default: the default)")
    parser.add_argument("--fixed-cost", type=int, default=0, metavar="N", help="time N runs of 2 hosts x 1 page")
    args = parser.parse_args()
    if args.fixed_cost:
        return fixed_cost(args.fixed_cost, args.workers)
    cases = [
        Case("8x40", hosts=8, pages=40, latency=0.2, per_host=2, concurrency=16),
        Case("64x10", hosts=64, pages=10, latency=0.3, per_host=1, concurrency=64),
    ]
    cases += [
        Case(f"{n}x10", hosts=n, pages=10, latency=0.3, per_host=1, concurrency=64, target=False)
        for n in (int(v) for v in args.scale_hosts.split(",") if v)
    ]
    if args.only:
        cases = [c for c in cases if c.name == args.only]
    build_parser()  # imports the subcommands' modules, as the first pipeline_main call would
    ok = True
    cores = len(os.sched_getaffinity(0))
    print(f"load average {os.getloadavg()[0]:.1f} on {cores} cores")
    print(
        f"{'case':<8}{'pages':>7}{'ideal s':>9}{'run s':>9}{'ratio':>8}{'pages/s':>9}"
        f"{'cpu ms/page':>12}{'cpu floor':>10}  per-host peak"
    )
    with tempfile.TemporaryDirectory() as tmp:
        for case in cases:
            runs = [run_case(case, Path(tmp), attempt, args.workers) for attempt in range(args.repeat)]
            took, peak, cpu = min(runs)
            ratio = took / case.ideal
            pages = case.hosts * case.pages
            # the best ratio these cores could give at this CPU cost: all of them busy all the time
            floor = max(case.ideal, cpu / cores) / case.ideal
            verdict = ""
            if case.target:
                met = ratio <= TARGET_RATIO and peak <= case.per_host
                ok = ok and met
                verdict = f"  target <= {TARGET_RATIO}x: {'met' if met else 'MISSED'}"
            print(
                f"{case.name:<8}{pages:>7}{case.ideal:>9.2f}{took:>9.2f}{ratio:>7.2f}x{pages / took:>9.1f}"
                f"{1000 * cpu / pages:>12.1f}{floor:>9.2f}x  {peak} (cap {case.per_host}){verdict}"
            )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
