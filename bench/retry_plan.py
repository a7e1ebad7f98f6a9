"""A same-day retry's plan over a large run: what reading the run's fetch rows costs.

    .venv/bin/python bench/retry_plan.py [--urls 100000] [--hosts 500] [--attempts 2]

Writes a synthetic output as a run of ``--urls`` pages (every one a ``connection_error``) and
its ``--attempts - 1`` same-day retries leave it (one part file of fetch rows each), then runs
``latest_outcomes`` (the plan of the next retry: each URL's latest outcome) in a fresh process
and prints its wall time and the process's peak RSS (interpreter start-up included), beside a
process that only imports the module: the difference is the plan's. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import datetime as dt
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.store.parquet import PartWriter, commit_parts  # noqa: E402

BASE = "2026-12-01-0123abcd"
MEASURE = """
import resource, sys, time
from pathlib import Path
from pipeline.run.retry import latest_outcomes, to_retry
started = time.perf_counter()
count = len(to_retry(latest_outcomes(Path(sys.argv[1]), sys.argv[2]))) if sys.argv[2] else 0
print(count, round(time.perf_counter() - started, 2), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)
"""


def write_run(out_dir: Path, urls: int, hosts: int, attempts: int) -> None:
    start = dt.datetime(2026, 12, 1, 2, tzinfo=dt.UTC)
    for number in range(1, attempts + 1):
        run_id = BASE if number == 1 else f"{BASE}.r{number}"
        writer = PartWriter(out_dir, "fetches", "2026-12-01", f"part-{run_id}--hosts000", batch_rows=10_000)
        for i in range(urls):
            host = f"host{i % hosts}.invalid"
            writer.append(
                {
                    "url": f"https://{host}/page-{i}",
                    "host": host,
                    "outcome": "connection_error",
                    "error": "name or service not known",
                    "attempts": 1,
                    "bytes": 0,
                    "elapsed_ms": 1,
                    "source": "http",
                    "fetched_at": start + dt.timedelta(hours=number, microseconds=i),
                    "run_id": run_id,
                }
            )
        commit_parts([writer])


def measure(out_dir: Path, base: str) -> tuple[str, float, str]:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, str(out_dir), base], capture_output=True, text=True, check=True, cwd=ROOT
    )
    count, _, rss = done.stdout.split()
    return count, time.perf_counter() - started, rss


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--urls", type=int, default=100_000)
    parser.add_argument("--hosts", type=int, default=500)
    parser.add_argument("--attempts", type=int, default=2, help="the run and its retries already stored")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out_dir = Path(tmp) / "out"
        write_run(out_dir, args.urls, args.hosts, args.attempts)
        print(f"{args.urls} URLs x {args.attempts} attempts = {args.urls * args.attempts} fetch rows")
        _, idle_s, idle_rss = measure(out_dir, "")
        count, plan_s, plan_rss = measure(out_dir, BASE)
        print(f"{'process':<22}{'wall s':>8}{'peak RSS MB':>13}")
        print(f"{'import only':<22}{idle_s:>8.2f}{idle_rss:>13}")
        print(f"{'plan (' + count + ' to retry)':<22}{plan_s:>8.2f}{plan_rss:>13}")


if __name__ == "__main__":
    main()
