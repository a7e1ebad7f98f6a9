"""Whole pipeline against a bare trafilatura loop over the same WARC, both timed as whole processes.

    .venv/bin/python bench/extract_process.py PATH/TO/scrapinghub [--repeat 3] [--copies 1]

Writes the corpus's pages (ScrapingHub layout: ``html/*.html.gz`` and ``ground-truth.json`` for
the URLs; or wcxb-dev: ``ground-truth/*.json``) into one WARC, then runs, interleaved and best
of R each (so a load that comes and goes falls on both alike):

* ``pipeline run --warc FILE --out DIR`` (start-up, WARC, text, metadata, comments, Parquet);
* a Python process that reads the same WARC with warcio, decodes each page as the pipeline
  does, and calls ``trafilatura.bare_extraction(fast=True, with_metadata=True)`` on it.

Prints both wall times, CPU times (user + system, which a loaded machine hardly moves) and peak
RSS, and the ratios (target: time <= 1.0x).
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

TRAFILATURA_LOOP = """
import resource, sys
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
print("PEAK_RSS_KB", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
"""
PIPELINE_RUN = """
import resource, sys
from pipeline.cli import main
code = main(sys.argv[1:])
print("PEAK_RSS_KB", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
sys.exit(code)
"""


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


def timed(command: list[str]) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds, peak RSS in KB) of one child process."""
    start, used = time.perf_counter(), _children_cpu()
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    elapsed, cpu = time.perf_counter() - start, _children_cpu() - used
    if result.returncode not in (0, 1):
        raise SystemExit(f"{command[:3]} failed: {result.stderr[-2000:]}")
    peak = next((int(line.split()[1]) for line in result.stderr.splitlines() if line.startswith("PEAK_RSS_KB")), 0)
    return elapsed, cpu, peak


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dataset", type=Path, help="a scrapinghub or wcxb-dev directory")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each side (the best is kept)")
    parser.add_argument("--copies", type=int, default=1, help="write the pages this many times")
    args = parser.parse_args()
    pages = corpus_pages(args.dataset)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        warc = root / "pages.warc.gz"
        write_warc(pages, warc, args.copies)
        best: dict[str, tuple[float, float, int]] = {}
        for attempt in range(args.repeat):
            runs = {
                "trafilatura loop": [sys.executable, "-c", TRAFILATURA_LOOP, str(warc)],
                "pipeline run": [
                    sys.executable,
                    "-c",
                    PIPELINE_RUN,
                    "run",
                    "--warc",
                    str(warc),
                    "--out",
                    str(root / f"out-{attempt}"),
                    "--progress",
                    "off",
                ],
            }
            for name, command in runs.items():
                elapsed, cpu, peak = timed(command)
                old = best.get(name, (float("inf"), float("inf"), 0))
                best[name] = (min(old[0], elapsed), min(old[1], cpu), max(old[2], peak))
    count = len(pages) * args.copies
    print(f"{count} pages from {args.dataset} in one WARC, best of {args.repeat} interleaved runs each")
    for name, (elapsed, cpu, peak) in best.items():
        print(
            f"{name:<17} {elapsed:7.2f} s  {count / elapsed:6.1f} pages/s  CPU {cpu:6.1f} s  RSS {peak / 1024:6.1f} MB"
        )
    ours, theirs = best["pipeline run"], best["trafilatura loop"]
    print(f"time ratio (pipeline / trafilatura): {ours[0] / theirs[0]:.2f}x (target <= 1.0x)")
    print(f"CPU time ratio: {ours[1] / theirs[1]:.2f}x")
    print(f"peak RSS ratio: {ours[2] / max(theirs[2], 1):.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
