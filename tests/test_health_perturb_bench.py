"""bench/health_perturb.py on one fixture page written here, so the bench cannot rot: the health
fields are scored against the expected file unperturbed and under each perturbation asked for,
and a value a perturbation loses or invents is named."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

import health_perturb as H

PARAGRAPHS = [
    "Walking for ten minutes after a meal lowers the rise in blood sugar that follows it, in people with diabetes.",
    "The effect was measured with glucose monitors worn for two weeks by volunteers who walked on some days.",
    "Researchers say light activity spread through the day may matter more than one long session at the gym.",
]
EXPECTED = {
    "url": "https://health.example/walking",
    "title": "Walking after meals",
    "authors": ["Ann Lee"],
    "editors": [],
    "published": None,
    "modified": None,
    "language": "en",
    "site_name": None,
    "paragraphs": PARAGRAPHS,
    "must_not_contain": [],
    "comments": [],
    "reviewers": ["Dan Ferreira"],
    "last_reviewed": "2024-03-12",
    "next_review": None,
    "has_disclaimer": True,
}


def write_fixture(root: Path) -> None:
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    html = f"""<!DOCTYPE html><html lang="en"><head><title>Walking after meals | Health Example</title></head>
<body><header class="site-header"><nav><a href="/">Home</a></nav></header>
<main><article class="post"><h1>Walking after meals</h1><p class="byline">By Ann Lee</p>
<p class="review">Medically reviewed by Dan Ferreira, MD on March 12, 2024</p>{body}
<p class="note">This article is for informational purposes only and is not a substitute for professional medical
advice, diagnosis or treatment.</p></article>
<section class="read-next"><h3>Read this next</h3><a href="/sleep"><p>How much sleep do you need?</p>
<p>Medically reviewed by Jill Seladi, PhD</p></a></section></main></body></html>"""
    (root / "site").mkdir(parents=True)
    (root / "site" / "walking.html").write_text(html, encoding="utf-8")
    (root / "site" / "walking.expected.json").write_text(json.dumps(EXPECTED), encoding="utf-8")


def test_the_table_scores_the_health_fields_per_perturbation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write_fixture(tmp_path)
    argv = ["health_perturb.py", "--fixtures", str(tmp_path), "--only", "rename-classes,legacy-layout", "--movers"]
    monkeypatch.setattr(sys, "argv", argv)
    assert H.main() == 0
    out = capsys.readouterr().out
    rows = {
        line.split()[0]: line.split()[1:]
        for line in out.splitlines()
        if line.split()[:1] and line.split()[0] in ("unperturbed", "rename-classes", "legacy-layout")
    }
    assert set(rows) == {"unperturbed", "rename-classes", "legacy-layout"}
    columns = [c.replace("reviewer_", "") for c in (*H.FIELDS, H.CREDENTIALS)]
    for name, cells in rows.items():
        found = dict(zip(columns, cells, strict=False))
        # the card's reviewer in a link around the teaser's title is never the article's
        assert found["reviewers"] == "1/1", (name, out)
        assert (found["last_reviewed"], found["has_disclaimer"], found["credentials"]) == ("1/1", "1/1", "1/1")
    assert "nothing lost" in out or "invented" not in out


def test_a_lost_value_is_named(capsys: pytest.CaptureFixture[str]) -> None:
    jobs: list[H.Job] = [("p1", "https://x.example/", "", "", {"reviewers": ["Dan Ferreira"], "title": "T"})]
    results = {
        "p1": {
            H.UNPERTURBED: {"reviewers": ["Dan Ferreira"], "title": "T"},
            "legacy-layout": {"reviewers": [], "title": "T"},
        }
    }
    table, lost = H.tally(jobs, results, ["legacy-layout"])
    assert table["legacy-layout"]["reviewers"][:2] == [0, 1] and table[H.UNPERTURBED]["reviewers"][:2] == [1, 1]
    assert lost == ["  legacy-layout: p1 reviewers: ['Dan Ferreira'] -> []"]
