"""bench/extract_added.py: what our text adds beyond trafilatura's, gold or not, by decision and
split half; the corpus here is written by the test (wcxb's layout)."""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

import extract_added as X
from extract_corpus import Page

GOLD = "Walking after meals lowers blood sugar. Ten minutes is enough for most people."


def test_added_splits_our_extra_shingles_and_the_dropped_ones_by_the_gold() -> None:
    theirs = "Walking after meals lowers blood sugar."
    ours = theirs + " Ten minutes is enough for most people. Sign up for our newsletter today now."
    counts = X.added(ours, theirs, GOLD)
    assert counts.gold > 0 and counts.boilerplate > 0 and counts.longer
    assert (counts.dropped_gold, counts.dropped_boilerplate) == (0, 0)
    reverse = X.added(theirs, ours, GOLD)  # trafilatura's text the longer: ours adds nothing
    assert (reverse.gold, reverse.boilerplate) == (0, 0) and not reverse.longer
    assert reverse.dropped_gold == counts.gold and reverse.dropped_boilerplate == counts.boilerplate


def test_groups_hold_only_the_pages_where_ours_is_longer_by_type_decision_and_half() -> None:
    pages = [
        Page(id=f"000{n}", url=f"https://s{n}.example/", html="", text=GOLD, page_type="service") for n in range(3)
    ]
    longer, shorter = X.Added(6, 2, 1, 0), X.Added(0, 0, 5, 5)
    rows = [
        (pages[0], "page-blocks", longer, 0.3),
        (pages[1], "page-blocks", longer, 0.1),
        (pages[2], "x", shorter, -1.0),
    ]
    groups = X.grouped(rows, {"0000": "A", "0001": "B", "0002": "A"})
    assert set(groups) == {("service", "page-blocks", "A"), ("service", "page-blocks", "B")}
    assert "| service | page-blocks | A | 1 | 8 | 75% | 1 | 100% | +0.300 |" in X.table(groups)


def test_the_script_reads_tune_pages_and_prints_a_row_per_group(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "ground-truth").mkdir()
    (tmp_path / "html").mkdir()
    body = " ".join(f"Sentence {k} says something about walking after meals and sleep." for k in range(12))
    html = f"<html><body><nav><a href='/'>Home</a></nav><article><h1>Walking</h1><p>{body}</p></article></body></html>"
    record = {"url": "https://walk.example/a", "ground_truth": {"main_content": body}}
    record["_internal"] = {"page_type": {"primary": "service"}}
    (tmp_path / "ground-truth" / "0001.json").write_text(json.dumps(record), encoding="utf-8")
    (tmp_path / "html" / "0001.html.gz").write_bytes(gzip.compress(html.encode()))
    monkeypatch.setattr(sys, "argv", ["extract_added.py", str(tmp_path)])
    assert X.main() == 0
    assert capsys.readouterr().out.startswith("| type | decision | half |")
