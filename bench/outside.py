"""What outside testers run that is too slow for the test suite: a real Dask cluster misbehaving.

    .venv/bin/python bench/outside.py [--scenario kill|unshared|maintenance] [--hosts 4] [--pages 4] [--rounds 1]

``kill`` (default): starts ``dask scheduler`` and ``dask worker --nworkers 2`` (nanny
processes) on loopback, runs ``pipeline run --scheduler`` over slow loopback hosts, SIGKILLs one
worker process once a quarter of the pages were requested, and checks what must hold: exit 0
(Dask reruns the lost task on the restarted worker), every URL stored exactly once, no
temporary file left behind.

``unshared`` (root: ``unshare``, ``mount``): the worker runs in its own mount namespace with a
tmpfs over output.dir, so it writes where the driver cannot see (a worker whose output.dir is
its own disk); the run must exit 2 naming output.dir, not report the pages as stored.

``maintenance``: one host answers every page "503, Retry-After: --delay s" (a site in
maintenance), another is fine; the fetcher crawls both with fetch.max_retries 3, side by side with
and without the host failure streak (``HOST_FAILURE_STREAK``): wall time and requests sent.

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


def unshared_round(work: Path) -> tuple[bool, str]:
    """The demo WARC on a worker whose output.dir is a tmpfs of its own: exit 2, nothing claimed."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    dask = str(Path(sys.executable).parent / "dask")
    out = work / "out"
    out.mkdir()
    scheduler_file = work / "scheduler.json"
    quiet = {"cwd": work, "env": env, "stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    start = [dask, "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard"]
    scheduler = subprocess.Popen([*start, "--scheduler-file", str(scheduler_file)], **quiet)  # type: ignore[call-overload]
    worker = None
    try:
        while not scheduler_file.is_file():
            time.sleep(0.05)
        time.sleep(0.3)  # written, then filled
        address = json.loads(scheduler_file.read_text())["address"]
        own_disk = f"mount -t tmpfs tmpfs {out} && exec {dask} worker {address} --nworkers 1 --no-dashboard"
        namespace = ["unshare", "--mount", "--propagation", "private", "sh", "-c", own_disk]
        worker = subprocess.Popen(namespace, **quiet)  # type: ignore[call-overload]
        from distributed import Client

        with Client(address, timeout="30s") as client:
            client.wait_for_workers(1, timeout=60)
        command = [sys.executable, "-m", "pipeline", "run", "--out", str(out), "--raw", str(work / "raw")]
        command += ["--scheduler", address, "--run-date", "2026-12-01", "--progress", "off"]
        run = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)
        with Client(address, timeout="10s") as client:
            client.shutdown()
    finally:
        for process in (scheduler, worker):
            if process is not None and process.poll() is None:
                process.terminate()
                process.wait(timeout=30)
    said = run.stderr.strip().splitlines()[-1] if run.stderr.strip() else ""
    ok = run.returncode == 2 and "output.dir" in said
    return ok, f"exit {run.returncode}: {said[:200]}" + ("" if ok else " | BROKEN: expected exit 2 naming output.dir")


def maintenance_round(pages: int, retry_after: float) -> tuple[bool, str]:
    """--pages pages of a host answering 503 + Retry-After, crawled with and without the streak."""
    from pipeline.config import FetchConfig, SourcesConfig
    from pipeline.fetch import politeness
    from pipeline.fetch.fetcher import Fetcher

    figures = []
    kept = politeness.HOST_FAILURE_STREAK
    for streak in (kept, 10**9):
        politeness.HOST_FAILURE_STREAK = streak
        with ScriptedServer("127.0.0.2") as down, ScriptedServer("127.0.0.3") as fine:
            for server in (down, fine):
                server.route("/robots.txt", Reply(404, b"", content_type="text/plain"))
            for n in range(pages):
                down.route(f"/p{n}", Reply(503, b"", headers={"Retry-After": f"{retry_after:g}"}))
            fine.route("/a", Reply(200, html_page("fine", BODY)))
            config = FetchConfig(min_delay_s=0.0, max_retries=3, allow_private=["127.0.0.2", "127.0.0.3"])
            started = time.monotonic()
            with Fetcher(config, SourcesConfig(), state_dir=None) as fetcher:
                rows = list(fetcher.crawl([down.url(f"/p{n}") for n in range(pages)] + [fine.url("/a")]))
            figures.append((time.monotonic() - started, len(down.requests) - 1, len(rows)))
    politeness.HOST_FAILURE_STREAK = kept
    (with_s, with_n, with_rows), (without_s, without_n, _) = figures
    ok = with_rows == pages + 1 and with_n < without_n
    line = (
        f"{pages} pages, Retry-After {retry_after:g} s: with the streak {with_s:.1f} s and {with_n} requests, "
        f"without {without_s:.1f} s and {without_n} requests ({without_s / with_s:.1f}x the time)"
    )
    return ok, line


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", choices=("kill", "unshared", "maintenance"), default="kill")
    parser.add_argument("--hosts", type=int, default=4)
    parser.add_argument("--pages", type=int, default=4, help="per host")
    parser.add_argument("--delay", type=float, default=0.7, help="seconds per page (keeps shards running)")
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args()
    good = True
    for number in range(args.rounds):
        with tempfile.TemporaryDirectory(prefix="outside-") as work:
            if args.scenario == "kill":
                ok, line = one_round(Path(work), args.hosts, args.pages, args.delay)
            elif args.scenario == "maintenance":
                ok, line = maintenance_round(args.pages, args.delay)
            else:
                ok, line = unshared_round(Path(work))
        good &= ok
        print(f"{args.scenario}, round {number + 1}: {line}", flush=True)
    sys.exit(0 if good else 1)


if __name__ == "__main__":
    main()
