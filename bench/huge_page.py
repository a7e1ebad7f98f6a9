"""One huge page through the extract stage: wall time and peak memory, beside trafilatura alone.

    .venv/bin/python bench/huge_page.py [--mb 10] [--kinds paragraphs,comments,table] [--profile] [--code DIR]

Builds synthetic pages of ``--mb`` megabytes: plain paragraphs; a comment thread (items with an
author, a date, a reply link and a message holding one word of its own, as real threads' names,
numbers and links are); a table of short cells. Each page is extracted (``extract_html``) in a
fresh process, and parsed by trafilatura alone in another, and the wall time and peak RSS of
each process are printed side by side. ``--profile`` prints the extract's 25 costliest calls
(cumulative, cProfile) for each page instead. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from synthetic import _sentence  # noqa: E402

HEAD = '<!DOCTYPE html><html lang="en"><head><title>A long page</title></head><body><article><h1>A long page</h1>'
TAIL = "</body></html>"
CELL_WORDS = ("dose", "risk", "trial")

EXTRACT = """
import resource, sys
from pipeline.extract import extract_html
html = open(sys.argv[1], encoding="utf-8").read()
if sys.argv[2] == "profile":
    import cProfile, pstats
    cProfile.run("extract_html(html, 'https://example.org/page')", sys.argv[1] + ".prof")
    pstats.Stats(sys.argv[1] + ".prof").sort_stats("cumulative").print_stats(25)
elif sys.argv[2] == "baseline":
    import trafilatura
    trafilatura.extract(html, url="https://example.org/page")
else:
    extract_html(html, "https://example.org/page")
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)
"""


def build(kind: str, size: int, rng: random.Random) -> str:
    parts = [HEAD, *(f"<p>{' '.join(_sentence(rng) for _ in range(5))}</p>" for _ in range(8))]
    if kind == "comments":
        parts.append('</article><section id="comments"><h2>Comments</h2><ol class="commentlist">')
    elif kind == "table":
        parts.append("<table>")
    total, i = sum(map(len, parts)), 0
    while total < size:
        if kind == "comments":
            day = i % 28 + 1
            piece = (
                f'<li class="comment" id="comment-{i}"><div class="comment-author"><b class="fn">reader{i}</b></div>'
                f'<div class="comment-meta"><time datetime="2024-03-{day:02d}">March {day}, 2024</time></div>'
                f'<div class="comment-content"><p>{_sentence(rng)} Ticket t{i}x. {_sentence(rng)}</p></div>'
                f'<a class="comment-reply-link" href="#respond">Reply</a></li>'
            )
        elif kind == "table":
            piece = "<tr>" + "".join(f"<td>{rng.choice(CELL_WORDS)} {i}</td>" for _ in range(4)) + "</tr>"
        else:
            piece = f"<p>{' '.join(_sentence(rng) for _ in range(4))}</p>"
        parts.append(piece)
        total += len(piece)
        i += 1
    closing = {"comments": "</ol></section>", "table": "</table></article>"}.get(kind, "</article>")
    return "".join([*parts, closing, TAIL])


def run(path: Path, mode: str, code: Path) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", EXTRACT, str(path), mode], capture_output=True, text=True, check=True, cwd=code
    )
    return time.perf_counter() - started, done.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mb", type=float, default=10.0, help="each page's size in megabytes")
    parser.add_argument("--kinds", default="paragraphs,comments,table")
    parser.add_argument("--profile", action="store_true", help="print the extract's costliest calls instead")
    parser.add_argument("--code", type=Path, default=ROOT, help="a checkout whose pipeline is measured (before/after)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        if not args.profile:
            print(f"{'page':<22}{'ours s':>8}{'ours MB':>9}{'trafilatura s':>15}{'trafilatura MB':>16}")
        for kind in args.kinds.split(","):
            path = Path(tmp) / f"{kind}.html"
            path.write_text(build(kind, int(args.mb * 1_000_000), random.Random(3)), encoding="utf-8")
            label = f"{kind} {args.mb:g} MB"
            if args.profile:
                print(label, run(path, "profile", args.code)[1], sep="\n")
                continue
            ours, ours_rss = run(path, "extract", args.code)
            base, base_rss = run(path, "baseline", args.code)
            print(f"{label:<22}{ours:>8.1f}{ours_rss.strip():>9}{base:>15.1f}{base_rss.strip():>16}")


if __name__ == "__main__":
    main()
