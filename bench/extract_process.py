"""Whole pipeline against a bare trafilatura loop over the same WARC, both timed as whole processes.

    .venv/bin/python bench/extract_process.py PATH/TO/scrapinghub [--repeat 3] [--copies 1] [--workers 0 1]
        [--trees /tmp/old .]

Writes the corpus's pages (ScrapingHub layout: ``html/*.html.gz`` and ``ground-truth.json`` for
the URLs; or wcxb-dev: ``ground-truth/*.json``) into one WARC, then runs, interleaved and best
of R each (so a load that comes and goes falls on both alike):

* ``pipeline run --warc FILE --out DIR --workers W`` for each W of ``--workers`` (start-up,
  WARC, text, metadata, comments, Parquet); 0 is the default, one process per core, which
  extracts a WARC over 2 MiB on every core (its byte ranges are shards); 1 is one process;
* a Python process that reads the same WARC with warcio, decodes each page as the pipeline
  does, and calls ``trafilatura.bare_extraction(fast=True, with_metadata=True)`` on it.

Each tree's ``pipeline`` package is compiled to bytecode first, as an installed package is
(see :func:`compile_tree`): a run is timed as deployed, whatever PYTHONDONTWRITEBYTECODE says.

Prints, for each, wall time, CPU time (user + system of the process and all its children,
which a loaded machine hardly moves: parallel workers lower wall time, never CPU time), the
peak of the RSS summed over the process and its children (sampled every SAMPLE_S; forked
workers share their start-up pages, so the sum counts those once per process), the peak of
the summed PSS (shared pages split between the processes: the memory the run really takes)
and the ratios to the trafilatura loop (target: time <= 1.0x).

``--trees DIR ...`` runs the pipeline of each source tree in turn (``python -m pipeline`` from
that directory, e.g. ``git archive COMMIT | tar -x -C /tmp/old``), interleaved with the loop:
two commits side by side in one run, under the same load.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

TRAFILATURA_LOOP = """
import sys
from warcio.archiveiterator import ArchiveIterator
import trafilatura
from pipeline.page import decode_html
pages = 0
with open(sys.argv[1], "rb") as stream:
    for record in ArchiveIterator(stream):
        if record.rec_type != "response":
            continue
        url = record.rec_headers.get_header("WARC-Target-URI")
        html, _ = decode_html(record.content_stream().read(), record.http_headers.get_header("Content-Type"))
        trafilatura.bare_extraction(html, url=url, fast=True, with_metadata=True)
        pages += 1
print("PAGES", pages, file=sys.stderr)
"""
# Memory of the process tree is sampled this often: short beside a run (seconds), long enough
# that reading /proc for three processes costs the machine nothing measurable.
SAMPLE_S = 0.05


def corpus_pages(path: Path) -> list[tuple[str, bytes]]:
    """(url, raw bytes) of every page of a ScrapingHub or wcxb-dev directory."""
    if (path / "ground-truth.json").exists():
        truth = json.loads((path / "ground-truth.json").read_text(encoding="utf-8"))
        items = [(truth[i].get("url") or f"https://example.org/{i}", i) for i in sorted(truth)]
    else:
        items = []
        for gold in sorted((path / "ground-truth").glob("*.json")):
            items.append((json.loads(gold.read_text(encoding="utf-8"))["url"], gold.stem))
    return [(url, gzip.decompress((path / "html" / f"{i}.html.gz").read_bytes())) for url, i in items]


def write_warc(pages: list[tuple[str, bytes]], target: Path, copies: int) -> None:
    with target.open("wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        for copy in range(copies):
            for url, body in pages:
                # Copies get their own URL, so the pipeline extracts them instead of skipping duplicates.
                address = url if copy == 0 else f"{url}{'&' if '?' in url else '?'}copy={copy}"
                headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
                record = writer.create_warc_record(address, "response", payload=io.BytesIO(body), http_headers=headers)
                writer.write_record(record)


Figures = tuple[float, float, float, float]  # wall s, CPU s, peak summed RSS MB, peak summed PSS MB

# Compiles the ``pipeline`` package a process started in the working directory imports.
COMPILE = "import compileall, os, pipeline; compileall.compile_dir(os.path.dirname(pipeline.__file__), quiet=1)"


def compile_tree(cwd: Path | None) -> None:
    """Write the bytecode of the ``pipeline`` package a run from ``cwd`` imports, as installing it
    does (pip compiles a package's modules when it installs them; trafilatura's are).

    Without it, under PYTHONDONTWRITEBYTECODE=1 every timed run would compile the package's
    modules from source again (~0.17 s of CPU per process, 2% of a ``--workers 1`` run); with
    bytecode written, the best of ``--repeat`` runs excludes that cost already."""
    subprocess.run([sys.executable, "-c", COMPILE], cwd=cwd, check=True, stdout=subprocess.DEVNULL)


def timed(command: list[str], cwd: Path | None = None) -> Figures:
    """Wall and CPU seconds, peak RSS and PSS (MB) summed over a child process and its children."""
    start, used = time.perf_counter(), _children_cpu()
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors, cwd=cwd)
        peak_rss = peak_pss = 0.0
        while process.poll() is None:
            rss, pss = _tree_memory(process.pid)
            peak_rss, peak_pss = max(peak_rss, rss), max(peak_pss, pss)
            time.sleep(SAMPLE_S)
        elapsed, cpu = time.perf_counter() - start, _children_cpu() - used
        if process.returncode not in (0, 1):
            errors.seek(0)
            raise SystemExit(f"{command[:3]} failed: {errors.read()[-2000:].decode(errors='replace')}")
    return elapsed, cpu, peak_rss / 2**20, peak_pss / 2**20


def _tree_memory(pid: int) -> tuple[int, int]:
    """(RSS, PSS) in bytes summed over ``pid`` and its descendants; 0 for those that just ended."""
    rss = pss = 0
    try:
        root = psutil.Process(pid)
        members = [root, *root.children(recursive=True)]
    except psutil.Error:
        return 0, 0
    for member in members:
        try:
            info = member.memory_full_info()
        except psutil.Error:
            continue
        rss += info.rss
        pss += getattr(info, "pss", info.rss)
    return rss, pss


def _name(workers: int, tree: Path | None = None) -> str:
    return f"pipeline run --workers {workers}" + (f" ({tree})" if tree else "")


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dataset", type=Path, help="a scrapinghub or wcxb-dev directory")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each side (the best is kept)")
    parser.add_argument("--copies", type=int, default=1, help="write the pages this many times")
    parser.add_argument(
        "--workers", type=int, nargs="+", default=[0, 1], help="pipeline runs with these --workers (0: one per core)"
    )
    parser.add_argument(
        "--trees", type=Path, nargs="+", help="source trees whose pipeline to run, in turn (default: this one)"
    )
    args = parser.parse_args()
    trees: list[Path | None] = [tree.resolve() for tree in args.trees] if args.trees else [None]
    pages = corpus_pages(args.dataset)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        warc = root / "pages.warc.gz"
        write_warc(pages, warc, args.copies)
        for tree in {None, *trees}:  # the loop imports this checkout's pipeline.page
            compile_tree(tree)
        best: dict[str, Figures] = {}
        for attempt in range(args.repeat):
            runs: dict[str, tuple[list[str], Path | None]] = {
                "trafilatura loop": ([sys.executable, "-c", TRAFILATURA_LOOP, str(warc)], None)
            }
            for workers in args.workers:
                for number, tree in enumerate(trees):
                    out = root / f"out-{attempt}-{workers}-{number}"
                    command = [sys.executable, "-m", "pipeline", "run", "--warc", str(warc), "--out", str(out)]
                    runs[_name(workers, tree)] = ([*command, "--progress", "off", "--workers", str(workers)], tree)
            for name, (command, cwd) in runs.items():
                figures = timed(command, cwd)
                old = best.get(name, (float("inf"), float("inf"), 0.0, 0.0))
                best[name] = (
                    min(old[0], figures[0]),
                    min(old[1], figures[1]),
                    max(old[2], figures[2]),
                    max(old[3], figures[3]),
                )
    count = len(pages) * args.copies
    print(f"{count} pages from {args.dataset} in one WARC, best of {args.repeat} interleaved runs each")
    print(f"{len(os.sched_getaffinity(0))} cores, load average at the end {os.getloadavg()[0]:.2f}")
    for name, (elapsed, cpu, rss, pss) in best.items():
        print(
            f"{name:<26} {elapsed:7.2f} s  {count / elapsed:6.1f} pages/s  CPU {cpu:6.1f} s  "
            f"RSS {rss:6.1f} MB  PSS {pss:6.1f} MB"
        )
    theirs = best["trafilatura loop"]
    for name in (_name(workers, tree) for workers in args.workers for tree in trees):
        ours = best[name]
        print(
            f"{name} / trafilatura loop: wall {ours[0] / theirs[0]:.2f}x (target <= 1.0x), "
            f"CPU {ours[1] / theirs[1]:.2f}x, peak RSS {ours[2] / theirs[2]:.2f}x, peak PSS {ours[3] / theirs[3]:.2f}x"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
