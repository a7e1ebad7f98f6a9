"""What a long URL file costs before the first request: plan a run over N lines, nothing fetched.

    .venv/bin/python bench/url_file.py [--lines 1000000] [--hosts 5000] [--trees DIR ...]

Writes N URLs (``https://h<k>.example/article/<n>?utm_source=x``, hosts drawn at random, a tenth
of the lines repeated) to a temporary file and runs ``pipeline run --urls FILE --dry-run`` in a
child process: the dry run reads, de-duplicates and shards the file as a real run does before it
dispatches its shards. Printed beside it, measured the same way in the same run: the child that
only imports the CLI (start-up). Figures: wall and CPU seconds, peak RSS of the child.
``--trees``: checkouts to plan with, in turn, on the same file (two commits side by side).
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Share of the lines that repeat an earlier one (the same page listed twice by two exports).
REPEATED_SHARE = 0.1


def _child(command: list[str], tree: Path) -> tuple[float, float, float]:
    """(wall s, CPU s, peak RSS MB) of one child process, run in ``tree`` (whose package it imports)."""
    started = time.monotonic()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, cwd=tree)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.monotonic() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{command} failed in {tree}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--hosts", type=int, default=5_000)
    parser.add_argument("--trees", type=Path, nargs="+", default=[ROOT])
    args = parser.parse_args()
    rng = random.Random(1)
    with tempfile.TemporaryDirectory() as work:
        urls = Path(work) / "urls.txt"
        with open(urls, "w") as out:
            for n in range(args.lines):
                number = rng.randrange(n) if n and rng.random() < REPEATED_SHARE else n
                out.write(f"https://h{number % args.hosts}.example/article/{number}?utm_source=x\n")
        size_mb = urls.stat().st_size / 1e6
        print(f"{args.lines:,} lines over {args.hosts:,} hosts ({size_mb:.0f} MB)")
        run = ["run", "--urls", str(urls), "--out", str(Path(work) / "out"), "--dry-run", "--progress", "off"]
        for tree in args.trees:
            start = _child([sys.executable, "-c", "import pipeline.cli"], tree)
            plan = _child([sys.executable, "-m", "pipeline", *run], tree)
            for label, (wall, cpu, rss) in (("start-up only", start), ("dry run (plan)", plan)):
                print(f"{tree}: {label:16} wall {wall:6.1f} s  CPU {cpu:6.1f} s  peak RSS {rss:6.0f} MB")
            print(f"{tree}: planning {(plan[1] - start[1]) / args.lines * 1e6:.1f} us CPU a line", flush=True)


if __name__ == "__main__":
    main()
