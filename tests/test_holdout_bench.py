"""bench/holdout.py and its pages: the holdout loads as fixtures (no page is extracted here: the
pages are nobody's tuning set), and the script scores both tools on pages this test writes."""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

import holdout as H

from pipeline.qa.fixtures import load_fixtures

HOLDOUT = Path(__file__).resolve().parents[1] / "bench" / "holdout" / "pages"
KINDS = {"news": 6, "blog": 6, "forum": 4, "health": 6, "nocomment": 2}

ARTICLE = (
    "Walking after meals lowers blood sugar in people with type 2 diabetes. Ten minutes is enough "
    "for most people, and the effect lasts for several hours after the walk."
)
COMMENTS = [
    ("Margaret Hale", "I walk the dog after dinner every evening now and my readings are much better."),
    ("Tom Briggs", "Our diabetes nurse said the same thing at my last review, even a short walk helps."),
]


def _page(comments: list[tuple[str, str]]) -> str:
    items = "".join(
        f'<li class="comment" id="comment-{i}"><div class="comment-author vcard"><cite class="fn">{name}</cite> '
        f'<span class="says">says:</span></div><div class="comment-meta">March {3 + i}, 2011 at 9:12 pm</div>'
        f"<p>{text}</p></li>"
        for i, (name, text) in enumerate(comments)
    )
    thread = f'<div id="comments"><h3>{len(comments)} Responses</h3><ol class="commentlist">{items}</ol></div>'
    return (
        "<html><head><title>Walking after meals | Sugar Notes</title></head><body>"
        '<div id="header"><a href="/">Sugar Notes</a></div>'
        '<div class="post"><h2 class="entry-title">Walking after meals</h2>'
        f'<div class="entry"><p>{ARTICLE}</p></div></div>{thread if comments else ""}'
        '<div id="sidebar"><h3>Archives</h3><ul><li>March 2011</li></ul></div></body></html>'
    )


def _write(directory: Path, name: str, comments: list[tuple[str, str]]) -> None:
    (directory / f"{name}.html").write_text(_page(comments), encoding="utf-8")
    expected = {
        "url": f"http://sugarnotes.example/2011/03/{name}/",
        "title": "Walking after meals",
        "authors": [],
        "editors": [],
        "published": None,
        "modified": None,
        "language": "en",
        "site_name": "Sugar Notes",
        "paragraphs": [ARTICLE],
        "must_not_contain": ["Archives"],
        "comments": [
            {"author": a, "posted_date": f"2011-03-0{3 + i}", "text": t, "parent_position": None}
            for i, (a, t) in enumerate(comments)
        ],
    }
    (directory / f"{name}.expected.json").write_text(json.dumps(expected), encoding="utf-8")


def test_the_holdout_pages_load_as_fixtures_by_kind() -> None:
    fixtures = load_fixtures(HOLDOUT)
    assert Counter(H._kind(f) for f in fixtures) == KINDS
    assert all(not f.comments for f in fixtures if H._kind(f) == "nocomment")
    assert all(f.comments for f in fixtures if H._kind(f) in ("news", "blog", "forum"))
    assert all(8 <= len(f.must_not_contain) <= 12 for f in fixtures)


def test_both_tools_are_scored_on_every_page(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blog = tmp_path / "blog"
    blog.mkdir()
    _write(blog, "walking-after-meals", COMMENTS)
    _write(blog, "walking-no-comments", [])
    assert H.main([str(tmp_path), "--pages"]) == 0
    out = capsys.readouterr().out
    assert "blog/walking-after-meals" in out and "blog/walking-no-comments" in out
    assert "all (2 pages, 2 gold comments)" in out
    ours = next(line for line in out.splitlines() if line.strip().startswith("ours"))
    theirs = next(line for line in out.splitlines() if line.strip().startswith("trafilatura"))
    assert "row F1" in ours and "row F1" not in theirs  # trafilatura has no rows
    assert "invented on" in ours and "/1 pages without comments" in theirs


def test_summary_counts_rows_found_and_invented() -> None:
    fixtures = load_fixtures(HOLDOUT)
    chosen = [next(f for f in fixtures if f.comments), next(f for f in fixtures if not f.comments)]
    gold = len(chosen[0].comments)
    results = [
        H.Result(f1=1.0, comment_text_f1=0.5, found=1, rows=2, rows_matched=1, authors_right=1),
        H.Result(f1=0.5, rows=1, invented=True),
    ]
    line = H.summary_line("ours", chosen, results)
    assert f"found 1/{gold}" in line
    assert f"row F1 {2 * 1 / (gold + 3):.3f} (3 rows), authors 1/1" in line
    assert "invented on 1/1 pages without comments" in line
    assert "F1 0.750" in line


def test_perturb_scores_tune_pages_under_each_perturbation(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blog = tmp_path / "blog"
    blog.mkdir()
    _write(blog, "walking-after-meals", COMMENTS)
    assert H.main([str(tmp_path), "--perturb", "plain-tags,hidden-wrapper"]) == 0
    out = capsys.readouterr().out
    rows = {tuple(line.split()[:2]) for line in out.splitlines() if line.strip()}
    wanted = {("blog", "unperturbed"), ("blog", "plain-tags"), ("blog", "hidden-wrapper"), ("all", "hidden-wrapper")}
    assert wanted <= rows


def test_perturb_refuses_the_holdout_and_unknown_perturbations(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        H.main([str(HOLDOUT), "--perturb", "plain-tags"])
    assert "never perturbed" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        H.main([str(HOLDOUT.parent.parent / "tune_pages"), "--perturb", "no-such-perturbation"])
    assert "no-such-perturbation" in capsys.readouterr().err


def test_unknown_language_rewrites_the_words_of_the_page_and_its_gold_alike(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from language_perturbations import rot13, unknown_language, unknown_language_fixture

    page = (
        '<html><head><title>Walking after meals</title><meta property="og:title" content="Walking after meals">'
        '<meta property="article:published_time" content="2011-03-03T09:12:00Z">'
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Walking after meals", '
        '"datePublished": "2011-03-03"}</script><script>var label = "Comments";</script></head>'
        f'<body><div class="comment-list"><img alt="A walk" src="/walk.jpg"><p>{ARTICLE}</p></div></body></html>'
    )
    rewritten = unknown_language(page, ARTICLE)
    assert rot13(ARTICLE) in rewritten and ARTICLE not in rewritten
    assert 'content="Jnyxvat nsgre zrnyf"' in rewritten and '"headline": "Jnyxvat nsgre zrnyf"' in rewritten
    assert 'alt="N jnyx"' in rewritten
    # what the markup says of itself stays: class names, URLs, dates, types, scripts
    for kept in ('class="comment-list"', "/walk.jpg", "2011-03-03T09:12:00Z", '"NewsArticle"', 'label = "Comments"'):
        assert kept in rewritten
    blog = tmp_path / "blog"
    blog.mkdir()
    _write(blog, "walking-after-meals", COMMENTS)
    fixture = unknown_language_fixture(load_fixtures(tmp_path)[0])
    assert fixture.paragraphs[0].startswith(rot13(ARTICLE[:20]))
    assert fixture.comments[0].author == rot13("Margaret Hale")
    assert H.main([str(tmp_path), "--perturb", "unknown-language"]) == 0
    out = capsys.readouterr().out
    scores = {tuple(line.split()[:2]): float(line.split()[2]) for line in out.splitlines() if line.startswith("blog")}
    assert scores[("blog", "unknown-language")] > 0.9  # scored against its gold rewritten alike, not the English one
