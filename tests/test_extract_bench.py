"""bench/extract.py --tags: the pages of our own domain (health topics) reported apart, and only
them with --only-tags; the corpus here is written by the test (wcxb's layout, six pages)."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

import extract as B
from extract_corpus import load_wcxb

ROOT = Path(__file__).resolve().parents[1]
TOPICS = [["Health", "guide"], ["technology"], ["nutrition"], ["finance"], ["yoga"], []]


def write_corpus(root: Path) -> Path:
    (root / "ground-truth").mkdir(parents=True)
    (root / "html").mkdir()
    for n, tags in enumerate(TOPICS):
        page_id = f"{n:04d}"
        body = " ".join(f"Sentence {k} of page {n} says something about walking and sleep." for k in range(12))
        article = f"<article><h1>Page {n}</h1><p>{body}</p></article>"
        html = f"<html><head><title>Page {n}</title></head><body>{article}</body></html>"
        (root / "html" / f"{page_id}.html.gz").write_bytes(gzip.compress(html.encode()))
        record = {
            "url": f"https://site{n}.example/a",
            "_internal": {"page_type": {"primary": "article", "tags": tags}},
            "ground_truth": {"title": f"Page {n}", "main_content": body, "with": [], "without": []},
        }
        (root / "ground-truth" / f"{page_id}.json").write_text(json.dumps(record), encoding="utf-8")
    return root


def test_tags_are_read_and_a_group_stands_for_its_topics(tmp_path: Path) -> None:
    pages = load_wcxb(write_corpus(tmp_path / "wcxb"))
    assert [p.tags for p in pages][:2] == [["health", "guide"], ["technology"]]
    health = B.wanted_tags("health")
    assert {"health", "nutrition", "yoga"} <= health and "technology" not in health
    assert B.wanted_tags(" Finance, yoga") == {"finance", "yoga"}
    assert [p.id for p in pages if B.has_tags(p, health)] == ["0000", "0002", "0004"]


def test_the_report_has_a_tag_group_line_per_split_and_only_tags_filters(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "wcxb")
    command = [sys.executable, str(ROOT / "bench" / "extract.py"), "wcxb", str(corpus), "--tags", "health"]
    report = subprocess.run(command, capture_output=True, text=True, check=True, cwd=ROOT).stdout
    assert report.startswith("6 pages")
    group = report.split("Tag group (health:")[1]
    # pages 0000, 0002 (tune) and 0004 (the fifth: holdout), both tools on each line
    assert [line.split()[:3] for line in group.splitlines() if line.startswith("tags")] == [
        ["tags", "all", "pipeline"], ["tags", "all", "trafilatura"],
        ["tags", "tune", "pipeline"], ["tags", "tune", "trafilatura"],
        ["tags", "holdout", "pipeline"], ["tags", "holdout", "trafilatura"],
    ]  # fmt: skip
    assert [line.split()[3] for line in group.splitlines() if line.startswith("tags")] == ["3", "3", "2", "2", "1", "1"]
    only = subprocess.run([*command, "--only-tags"], capture_output=True, text=True, check=True, cwd=ROOT).stdout
    assert only.startswith("3 pages")
