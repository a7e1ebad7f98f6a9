"""Fetch benchmark: the fetcher against its politeness-bound ideal and a sequential loop, side by side.

    .venv/bin/python bench/fetch.py [--hosts 4] [--pages 40] [--latency 0.05] [--per-host 2] [--repeat 3]

Starts one scripted server per loopback address (127.0.0.2, 127.0.0.3, ...), each serving
``--pages`` HTML pages after ``--latency`` seconds (robots.txt too, as a real first request per
host). Then, in the same run and against the same servers, times:

* the fetcher (``per_host_concurrency`` = ``--per-host``, no minimum gap, WARC archive and state
  written as in a real run);
* a sequential loop: one pooled requests.Session fetching every URL in turn.

The ideal is the politeness bound: pages per host x latency / per-host concurrency, all hosts in
parallel. Ratios are wall time / ideal (target for the fetcher: <= 1.5).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.config import FetchConfig, SourcesConfig
from pipeline.fetch.fetcher import Fetcher
from pipeline.records import Outcome
from pipeline.store.warc_archive import WarcArchive
from tests.httpserver import Reply, ScriptedServer, html_page

TARGET_RATIO = 1.5


def start_hosts(hosts: int, pages: int, latency: float) -> list[ScriptedServer]:
    servers = []
    for index in range(hosts):
        server = ScriptedServer(f"127.0.0.{index + 2}")
        server.route(
            "/robots.txt",
            Reply(200, b"User-agent: *\nAllow: /\n", content_type="text/plain", delay_s=latency),
        )
        for page in range(pages):
            body = html_page(f"Host {index} page {page}", "A paragraph about a health topic. " * 40)
            server.route(f"/page/{page}", Reply(200, body, delay_s=latency))
        servers.append(server.start())
    return servers


def run_fetcher(urls: list[str], hosts: list[str], per_host: int, workdir: Path, run: int) -> float:
    config = FetchConfig(
        per_host_concurrency=per_host,
        concurrency=max(16, per_host * len(hosts)),
        min_delay_s=0.0,
        allow_private=hosts,
        timeout_s=10.0,
    )
    started = time.perf_counter()
    with Fetcher(
        config,
        SourcesConfig(),
        state_dir=workdir / "state",
        archive=WarcArchive(workdir / "raw", f"bench{run}", "s0", config.user_agent, config.obey_robots),
    ) as fetcher:
        pages = list(fetcher.crawl(urls))
    took = time.perf_counter() - started
    bad = [p for p in pages if p.outcome is not Outcome.OK]
    if len(pages) != len(urls) or bad:
        raise SystemExit(f"fetcher run {run}: {len(pages)} pages, {len(bad)} not ok: {bad[:1]}")
    return took


def run_sequential(urls: list[str]) -> float:
    started = time.perf_counter()
    with requests.Session() as session:
        session.trust_env = False
        for url in urls:
            response = session.get(url, timeout=10)
            response.raise_for_status()
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--hosts", type=int, default=4, help="loopback hosts, from 127.0.0.2 (default 4)")
    parser.add_argument("--pages", type=int, default=40, help="pages per host (default 40)")
    parser.add_argument("--latency", type=float, default=0.05, help="seconds per response (default 0.05)")
    parser.add_argument("--per-host", type=int, default=2, help="per_host_concurrency (default 2)")
    parser.add_argument(
        "--repeat", type=int, default=3, help="fetcher runs; the median is reported (default 3)"
    )
    args = parser.parse_args()

    servers = start_hosts(args.hosts, args.pages, args.latency)
    try:
        urls = [s.url(f"/page/{p}") for p in range(args.pages) for s in servers]
        hosts = [s.host for s in servers]
        ideal = args.pages * args.latency / args.per_host
        with tempfile.TemporaryDirectory() as tmp:
            fetcher_times = [
                run_fetcher(urls, hosts, args.per_host, Path(tmp), run) for run in range(args.repeat)
            ]
        sequential = run_sequential(urls)
        peak = max(s.max_in_flight for s in servers)
    finally:
        for server in servers:
            server.stop()

    fetcher = statistics.median(fetcher_times)
    print(
        f"{args.hosts} hosts x {args.pages} pages, {args.latency * 1000:.0f} ms latency, "
        f"per_host_concurrency {args.per_host}"
    )
    runs = ", ".join(f"{t:.3f}" for t in fetcher_times)
    rows = [
        ("ideal (pages x latency / per-host concurrency)", ideal, ""),
        (f"fetcher (median of {args.repeat} runs: {runs})", fetcher, f"{fetcher / ideal:5.2f}x ideal"),
        ("sequential loop (one requests.Session)", sequential, f"{sequential / ideal:5.2f}x ideal"),
    ]
    width = max(len(label) for label, _, _ in rows) + 2
    for label, seconds, ratio in rows:
        print(f"  {label:<{width}}{seconds:8.3f} s   {ratio}")
    print(f"  {'fetcher speed-up over the sequential loop':<{width}}{sequential / fetcher:8.2f}x")
    print(f"  {'most requests in flight on one host':<{width}}{peak:8d}     (cap {args.per_host})")
    ok = fetcher / ideal <= TARGET_RATIO and peak <= args.per_host
    print(f"  target fetcher <= {TARGET_RATIO}x ideal: {'met' if ok else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
