"""bench/recall_loss.py and bench/recall_guard.py: the gold text trafilatura keeps and we lose,
charged to the step that dropped it, and the arbitration's recall guard replayed; bench/extract_rules.py's
table of what each rule removed. Synthetic pages."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

import extract_rules as R
import recall_guard as G
import recall_loss as L
from extract_corpus import Page

import pipeline.extract as extract_module
from pipeline.extract import article as article_module
from pipeline.extract import boilerplate as boilerplate_module
from pipeline.extract.sites import parse_rules
from pipeline.qa.scoring import shingles
from tests.test_product_pages import DESCRIPTION, PRODUCT_LD, linked_features
from tests.test_product_pages import page as product_page

BODY = " ".join(f"Sentence {k} says something about walking after meals and sleep." for k in range(12))
BOX = "Drink water before every walk because the heat dries you out faster than you think it will today."
URL = "https://walk.example/a"


def page(box_class: str) -> str:
    return (
        f"<html><body><article><h1>Walking</h1><p>{BODY}</p><div class='{box_class}'><p>{BOX}</p></div>"
        f"<p>{BODY[::-1]}</p></article></body></html>"
    )


def test_a_paragraph_a_class_token_removed_is_charged_to_that_rule() -> None:
    charged, ours = L.charge(page("promo"), URL, BODY + "\n" + BOX, None)
    assert BOX not in ours
    assert charged.most_common(1)[0][0] == "class-id-tokens"
    assert charged["class-id-tokens"] >= 14  # the box's 18 tokens, less the shingles across its edges
    kept, ours = L.charge(page("plain"), URL, BODY + "\n" + BOX, None)
    assert BOX in ours and not kept


def test_recording_puts_every_function_back() -> None:
    def functions() -> list[object]:
        return [
            vars(extract_module)["article_text"],
            vars(extract_module)["arbitrate"],
            article_module.trafilatura_text,
            vars(boilerplate_module)["mark_article"],
        ]

    before = functions()
    with L.recording():
        during = functions()
        assert during[0] is not before[0] and during[3] is not before[3]
    assert functions() == before


def test_a_shingle_is_charged_to_the_first_step_it_is_missing_after() -> None:
    shingle = ("walking", "after", "meals", "and")
    tree = L.TreeText("walking after meals and sleep")
    stages = [("trafilatura", shingles("walking after meals and sleep")), ("page-blocks", shingles("other"))]
    assert L._step_of(shingle, "trafilatura", tree, tree, tree, [], stages, True) == "page-blocks"
    assert L._step_of(shingle, "forum-opening-post", tree, tree, tree, [], stages, True) == "forum-opening-post"
    gone = L.TreeText("nothing here at all")
    removed = [("hidden", L.TreeText("x walking after meals and"))]
    assert L._step_of(shingle, "trafilatura", tree, gone, gone, removed, stages, False) == "hidden"
    no_text = [("trafilatura", shingles("other words"))]
    assert L._step_of(shingle, "trafilatura", tree, tree, gone, [], no_text, True) == (
        "trafilatura:outside-named-article"
    )
    # a shingle across the edge of an element whose text runs into the next one's: held by three tokens
    assert ("walking", "after", "meals", "x") in L.TreeText("walking after meals andx")
    assert ("walking", "after", "x", "y") not in L.TreeText("walking after meals andx")


def test_the_holdout_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "holdout" / "pages"
    folder.mkdir(parents=True)
    with pytest.raises(SystemExit):
        L.main(["--tune-pages", str(folder)])


def test_the_guard_measures_the_baselines_prose_our_text_dropped() -> None:
    prose = "This line is a full sentence of prose about walking after meals that the baseline kept."
    baseline = f"Home\nAbout us\n{prose}\n{BOX}"
    assert G.prose_lines(baseline) == [prose, BOX]
    assert G.dropped_prose(BOX, baseline) == pytest.approx(len(prose) / (len(prose) + len(BOX)))
    assert G.dropped_prose(baseline, baseline) == 0.0


def test_the_guard_replay_prints_the_grid(capsys: pytest.CaptureFixture[str]) -> None:
    gold = f"{BODY}\n{BOX}"
    rows = [{"key": "p1", "group": "wcxb:article", "ours": BODY[:200], "theirs": gold, "gold": gold}]
    G.replay(rows, show_pages=True)
    out = capsys.readouterr().out
    assert "p1 +" in out  # the baseline, switched to, scores higher


TIP = "Call your doctor at once if walking gives you chest pain, shortness of breath or a racing heart."
NOTE = "This information is not medical advice and does not replace a visit to your own doctor."


def test_a_loss_inside_a_box_a_keep_rule_spared_is_charged_to_the_rule_that_removed_it() -> None:
    # named-callouts spares the box (its trace row holds the box's text); text-rules then
    # removes its disclaimer: the loss is text-rules', never the keep rule's.
    html = (
        f"<html><body><article><h1>Walking</h1><p>{BODY}</p><div class='callout-box promo-text'><p>{TIP}</p>"
        f"<p>{NOTE}</p></div><p>{BODY[::-1]}</p></article></body></html>"
    )
    charged, ours = L.charge(html, URL, "\n".join([BODY, TIP, NOTE]), None)
    assert TIP in ours and NOTE not in ours
    assert charged.most_common(1)[0][0] == "text-rules"
    assert "named-callouts" not in charged


def test_the_removals_table_holds_no_keep_rule(capsys: pytest.CaptureFixture[str]) -> None:
    # bench/extract_rules.py's table is what each rule removed: the box named-callouts spared
    # (its text in the gold) is no removal "with more gold than boilerplate".
    html = (
        f"<html><body><article><h1>Walking</h1><p>{BODY}</p><div class='callout-box promo-text'><p>{TIP}</p>"
        f"<p>{NOTE}</p></div><p>{BODY[::-1]}</p></article></body></html>"
    )
    R.account([Page("p1", URL, html, "\n".join([BODY, TIP]))], {}, by_marker=False, min_gold=0)
    table = capsys.readouterr().out
    assert "text-rules" in table
    assert "named-callouts" not in table


def test_a_declared_products_blocks_are_a_stage_of_their_own() -> None:
    # product-blocks replaces trafilatura's text as page-blocks does: what it lacks is its loss,
    # not the next text step's (comment-lines, which it was charged to)
    body = f"<article><h1>Trail 25 Pack</h1>{DESCRIPTION}{linked_features()}</article>"
    L._RECORD = L.Recorder()
    with L.recording():
        extraction = extract_module.extract_html(product_page(body, PRODUCT_LD), "https://shop.example/trail-25")
    assert extraction.extractor_used == "product-blocks"
    stages = [step for step, _ in L._text_stages(L._RECORD)]
    assert "product-blocks" in stages and "page-blocks" not in stages


def test_the_cleaned_tree_is_read_where_a_site_disables_loose_runs() -> None:
    rules = {"walk.example": parse_rules({"hosts": ["walk.example"], "disable": ["loose-runs"]}, "walk.toml")}
    L._RECORD = L.Recorder()
    with L.recording():
        extract_module.extract_html(page("promo"), URL, site_rules=rules)
    assert "walking after meals" in L._RECORD.cleaned and BOX not in L._RECORD.cleaned
