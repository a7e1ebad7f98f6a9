"""Extraction benchmark on the ScrapingHub article-extraction set, side by side with trafilatura.

    .venv/bin/python bench/extract.py PATH/TO/scrapinghub [--limit N] [--repeat R]

Scores both extractors with the benchmark's rule (4-word shingles, per-page shares, precision
and recall averaged over pages, F1 their harmonic mean) and times, in the same run and on the
same decoded pages: bare ``trafilatura.extract(fast=True, include_comments=False)`` against our
whole extract stage (text, metadata and comments), interleaved page by page after a short
untimed warm-up. Prints the ratios.
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import sys
import time
from pathlib import Path

import trafilatura

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.extract import extract_html
from pipeline.extract.sites import load_site_rules
from pipeline.qa.scoring import benchmark_prf, shingle_counts

WARMUP_PAGES = 3


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dataset", type=Path, help="the scrapinghub benchmark directory")
    parser.add_argument("--limit", type=int, default=0, help="only the first N pages")
    parser.add_argument("--repeat", type=int, default=1, help="time each extractor R times (min is kept)")
    parser.add_argument("--worst", type=int, default=0, help="list the N pages where we lose most to trafilatura")
    args = parser.parse_args()
    truth = json.loads((args.dataset / "ground-truth.json").read_text(encoding="utf-8"))
    ids = sorted(truth)[: args.limit or None]
    pages = {
        i: gzip.decompress((args.dataset / "html" / f"{i}.html.gz").read_bytes()).decode("utf-8", "replace")
        for i in ids
    }
    rules = load_site_rules()

    def ours(page_id: str) -> str:
        try:
            return extract_html(pages[page_id], truth[page_id].get("url", ""), site_rules=rules).text
        except Exception:
            return ""

    def bare(page_id: str) -> str:
        return trafilatura.extract(pages[page_id], fast=True, include_comments=False) or ""

    # Interleaved per page (A, B, A, B...), so a load that comes and goes on the machine
    # falls on both extractors alike.
    extractors = (("trafilatura fast", bare), ("pipeline extract", ours))
    # Warm-up, not timed: one-time initialisation (imports, trafilatura's jusText stop lists,
    # compiled XPaths) is paid once per worker process in a batch run, not per page.
    for page_id in ids[:WARMUP_PAGES]:
        for _, function in extractors:
            function(page_id)
    texts: dict[str, dict[str, str]] = {name: {} for name, _ in extractors}
    times: dict[str, list[float]] = {name: [] for name, _ in extractors}
    for page_id in ids:
        best = {name: float("inf") for name, _ in extractors}
        for _ in range(args.repeat):
            for name, function in extractors:
                start = time.perf_counter()
                texts[name][page_id] = function(page_id)
                best[name] = min(best[name], time.perf_counter() - start)
        for name, _ in extractors:
            times[name].append(best[name])
    results: dict[str, dict[str, object]] = {}
    for name, _ in extractors:
        scores = [shingle_counts(texts[name][i], truth[i]["articleBody"]) for i in ids]
        precision, recall, f1 = benchmark_prf(scores)
        results[name] = {
            "precision": precision,
            "recall": recall,
            "f1": f1,
            "total_s": sum(times[name]),
            "median_ms": statistics.median(times[name]) * 1000,
            "texts": texts[name],
        }
    print(f"{len(ids)} pages from {args.dataset}")
    print(f"{'extractor':<18} {'F1':>6} {'prec':>6} {'recall':>6} {'total s':>8} {'median ms':>10}")
    for name, r in results.items():
        print(
            f"{name:<18} {r['f1']:6.3f} {r['precision']:6.3f} {r['recall']:6.3f} {r['total_s']:8.2f} "
            f"{r['median_ms']:10.1f}"
        )
    ours_r, bare_r = results["pipeline extract"], results["trafilatura fast"]
    print(f"F1 difference (pipeline - trafilatura): {float(ours_r['f1']) - float(bare_r['f1']):+.4f}")  # type: ignore[arg-type]
    print(
        f"time ratio (pipeline / trafilatura): {float(ours_r['total_s']) / float(bare_r['total_s']):.2f}x"  # type: ignore[arg-type]
        " (target <= 1.3x)"
    )
    if args.worst:
        ours_texts, bare_texts = ours_r["texts"], bare_r["texts"]
        deltas = []
        for i in ids:
            ours_f = benchmark_prf([shingle_counts(ours_texts[i], truth[i]["articleBody"])])[2]  # type: ignore[index]
            bare_f = benchmark_prf([shingle_counts(bare_texts[i], truth[i]["articleBody"])])[2]  # type: ignore[index]
            deltas.append((ours_f - bare_f, i, ours_f, bare_f))
        for delta, i, ours_f, bare_f in sorted(deltas)[: args.worst]:
            print(f"  {i}: ours {ours_f:.3f} trafilatura {bare_f:.3f} ({delta:+.3f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
