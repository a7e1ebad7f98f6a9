"""Comment benchmark on wcxb-dev: forum-thread text F1 and comments invented on other pages.

    .venv/bin/python bench/comments.py PATH/TO/wcxb-dev [--pages N] [--detail] [--type forum] [--ids 0518,0546]

On forum pages the gold ``main_content`` holds the whole thread, so the extraction is scored as
the article text (the opening post) and the comment rows joined in order, with the benchmark's
4-word shingle rule. On every other page, a comment row whose text is not in the gold
``main_content`` is taken as invented (a proxy: the gold text of an article holds no comments
unless the page shows them as part of the content); the figure is the share of such pages.
Two breakdowns say how much of the proxy is real invention, for the holdout too (counts, no
page listed): pages where every row is signed (an author and a date on each: a thread as
readers see one; on the tune pages all of them are the page's real comments) and pages where
a row holds one of the gold ``without`` sentences (the page's boilerplate read as a comment:
an invention beyond doubt).

Every 5th page in sorted id order is a holdout, reported apart and never listed by ``--detail``:
tune on ``tune`` only.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.extract import extract_html
from pipeline.extract.sites import load_site_rules
from pipeline.page import decode_html
from pipeline.qa.scoring import benchmark_prf, shingle_counts, shingles

# Every HOLDOUT_EVERY-th page (sorted ids) is never tuned on.
HOLDOUT_EVERY = 5
# A comment counts as found in the gold text when this share of its 4-word shingles is there
# (the gold text was drafted by a model and checked: small edits, not rewrites).
IN_GOLD_SHARE = 0.5


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text).lower()).strip()


def _in_gold(comment: str, gold: str) -> bool:
    if _norm(comment) in _norm(gold):
        return True
    mine = shingles(comment)
    theirs = shingles(gold)
    total = sum(mine.values())
    return total > 0 and sum((mine & theirs).values()) / total >= IN_GOLD_SHARE


# A `without` sentence this long inside a row is the page's boilerplate there; a shorter one
# ("About", "Share") is as likely a word the reader wrote, so it counts only as a whole line.
BOILERPLATE_MIN_WORDS = 4


def _boilerplate(comment: str, without: list[str]) -> bool:
    """Whether a comment row holds one of the page's gold boilerplate sentences."""
    lines = {_norm(line) for line in comment.split("\n") if line.strip()}
    text = _norm(comment)
    for sentence in map(_norm, without):
        if sentence in lines or (len(sentence.split()) >= BOILERPLATE_MIN_WORDS and sentence in text):
            return True
    return False


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dataset", type=Path, help="the wcxb-dev benchmark directory")
    parser.add_argument("--pages", type=int, default=0, help="only the first N pages")
    parser.add_argument("--detail", action="store_true", help="list forum scores and invented comments per tune page")
    parser.add_argument("--ids", default="", help="only these page ids (comma-separated)")
    parser.add_argument("--type", default="", help="only pages of this type (forum, article...)")
    args = parser.parse_args()
    rules = load_site_rules()
    files = sorted((args.dataset / "ground-truth").glob("*.json"))[: args.pages or None]
    wanted = set(filter(None, args.ids.split(",")))
    forum: dict[str, list[tuple[float, float, float]]] = {"tune": [], "holdout": []}
    invented: dict[str, list[int]] = {"tune": [0, 0], "holdout": [0, 0]}  # pages with invention, pages
    signed: dict[str, int] = {"tune": 0, "holdout": 0}  # ... of which every row is signed
    boilerplate: dict[str, int] = {"tune": 0, "holdout": 0}  # pages with a `without` sentence in a row
    for index, path in enumerate(files):
        part = "holdout" if index % HOLDOUT_EVERY == HOLDOUT_EVERY - 1 else "tune"
        page_id = path.stem
        if wanted and page_id not in wanted:
            continue
        truth = json.loads(path.read_text(encoding="utf-8"))
        kind = truth["_internal"]["page_type"]["primary"]
        if args.type and kind != args.type:
            continue
        detail = args.detail and part == "tune"  # holdout pages are never listed one by one
        gold = truth["ground_truth"]["main_content"] or ""
        body = gzip.decompress((args.dataset / "html" / f"{page_id}.html.gz").read_bytes())
        html, _ = decode_html(body, None)
        try:
            extraction = extract_html(html, truth.get("url", ""), site_rules=rules)
            text, comments = extraction.text, [c.text for c in extraction.comments]
            authors = [c.author for c in extraction.comments]
            dated = [c.posted_date is not None for c in extraction.comments]
        except Exception:
            text, comments, authors, dated = "", [], [], []
        if kind == "forum":
            joined = "\n\n".join([text, *comments])
            score = shingle_counts(joined, gold)
            forum[part].append(score)
            if detail:
                p, r, f = benchmark_prf([score])
                print(f"forum {page_id} {part} F1 {f:.3f} P {p:.3f} R {r:.3f} comments {len(comments)}")
        else:
            bad = [c for c in comments if not _in_gold(c, gold)]
            invented[part][0] += bool(bad)
            invented[part][1] += 1
            signed[part] += bool(bad) and all(authors) and all(dated)
            boilerplate[part] += any(_boilerplate(c, truth["ground_truth"].get("without") or []) for c in comments)
            if bad and detail:
                example = f"{authors[0]!r} {bad[0][:80]!r}"
                print(f"invented {page_id} {part} {kind}: {len(bad)}/{len(comments)} e.g. {example}")
    for part in ("tune", "holdout"):
        p, r, f = benchmark_prf(forum[part]) if forum[part] else (0.0, 0.0, 0.0)
        hit, total = invented[part]
        print(
            f"{part:8} forum pages {len(forum[part]):3}  F1 {f:.3f} (P {p:.3f} R {r:.3f})   "
            f"non-forum pages with invented comments {hit}/{total} = {hit / max(total, 1):.1%}"
            f" (every row signed on {signed[part]}; a `without` sentence in a row on {boilerplate[part]})"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
