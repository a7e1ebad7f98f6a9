"""What outside testers run that is too slow for the test suite: a Dask worker killed mid-task.

    .venv/bin/python bench/outside.py [--hosts 4] [--pages 4] [--delay 0.7] [--rounds 1]

Starts ``dask scheduler`` and ``dask worker --nworkers 2`` (nanny processes) on loopback, runs
``pipeline run --scheduler`` over slow loopback hosts, SIGKILLs one worker process once a
quarter of the pages were requested, and checks what must hold: exit 0 (Dask reruns the lost
task on the restarted worker), every URL stored exactly once, no temporary file left behind.
Prints one line per round and exits 1 if any round broke a rule. Needs Linux and the package's
``dask`` command in the same virtualenv.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.daskcluster import dask_cluster  # noqa: E402
from tests.httpserver import Reply, ScriptedServer, html_page  # noqa: E402

BODY = "Walking after meals lowers blood sugar spikes in adults. " * 20


def one_round(work: Path, hosts: int, pages: int, delay: float) -> tuple[bool, str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    addresses = [f"127.0.0.{2 + n}" for n in range(hosts)]
    servers = [ScriptedServer(host) for host in addresses]
    for server in servers:
        server.route("/robots.txt", Reply(404, b"", content_type="text/plain"))
        for n in range(pages):
            page = html_page(f"{server.host} {n}", BODY.replace("meals", f"meals {server.host} {n}"))
            server.route(f"/p{n}", Reply(200, page, delay_s=delay))
        server.start()
    try:
        urls = work / "urls.txt"
        urls.write_text("".join(f"{s.url(f'/p{n}')}\n" for s in servers for n in range(pages)))
        config = work / "c.toml"
        config.write_text(f"[fetch]\nallow_private = {addresses}\nmin_delay_s = 0.0\nper_host_concurrency = 1\n")
        with dask_cluster(work / "dask", env, workers=2) as address:
            from distributed import Client

            with Client(address) as client:
                pids = list(client.run(os.getpid).values())
            command = [sys.executable, "-m", "pipeline", "run", "--config", str(config), "--urls", str(urls)]
            command += ["--out", str(work / "out"), "--raw", str(work / "raw"), "--scheduler", address]
            command += ["--run-date", "2026-12-01", "--log-format", "json", "--progress", "off"]
            started = time.monotonic()
            run = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            total = hosts * pages
            while sum(len(s.requests) - 1 for s in servers) < total // 4 and time.monotonic() - started < 120:
                time.sleep(0.05)
            killed_at = time.monotonic() - started
            os.kill(pids[0], signal.SIGKILL)
            stdout, stderr = run.communicate(timeout=600)
            took = time.monotonic() - started
        import pandas as pd

        articles = pd.read_parquet(work / "out" / "articles")
        leftovers = [str(p) for p in (work / "out").rglob(".*.tmp")]
        summary = json.loads(stdout.strip().splitlines()[-1]) if stdout.strip() else {}
        problems = []
        if run.returncode != 0:
            problems.append(f"exit {run.returncode}: {stderr.strip().splitlines()[-1:]}")
        if sorted(articles["url"]) != sorted(urls.read_text().split()):
            problems.append(f"{len(articles)} article rows, {articles['url'].nunique()} URLs, {total} expected")
        if leftovers:
            problems.append(f"temporary files left: {leftovers}")
        requested = sum(len(s.requests) - 1 for s in servers)
        line = (
            f"killed a worker at {killed_at:.1f} s; run {took:.1f} s, exit {run.returncode}, "
            f"{len(articles)} articles for {total} URLs, {requested} page requests, outcomes {summary.get('outcomes')}"
        )
        return not problems, line + ("" if not problems else " | BROKEN: " + "; ".join(problems))
    finally:
        for server in servers:
            server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hosts", type=int, default=4)
    parser.add_argument("--pages", type=int, default=4, help="per host")
    parser.add_argument("--delay", type=float, default=0.7, help="seconds per page (keeps shards running)")
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args()
    good = True
    for number in range(args.rounds):
        with tempfile.TemporaryDirectory(prefix="outside-") as work:
            ok, line = one_round(Path(work), args.hosts, args.pages, args.delay)
        good &= ok
        print(f"dask worker killed, round {number + 1}: {line}", flush=True)
    sys.exit(0 if good else 1)


if __name__ == "__main__":
    main()
