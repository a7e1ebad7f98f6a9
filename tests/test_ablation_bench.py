"""bench/extract_ablate.py swaps pipeline functions by name: each must still exist, and turning a
step off must change what it changed (a rename elsewhere would make the ablation measure nothing)."""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

import ablate_halves as H
import ablate_steps as S
import extract_ablate as X

import pipeline.extract as E
from pipeline.extract.rules import RULE_NAMES

# No <article> or <main>: the structure step names the paragraphs' container <article>, the layout
# table becomes divs, and the headline (the title) leaves the text.
PAGE = """<html lang="en"><head><title>Walking after meals</title></head><body>
<table><tr><td><ul><li><a href="/">Home</a></li><li><a href="/n">News</a></li></ul></td>
<td><div id="story"><h1>Walking after meals</h1>
<p>A ten-minute walk after dinner lowers the rise in blood sugar that follows a meal,
in people with and without diabetes.</p>
<p>The effect was measured with glucose monitors worn for two weeks by volunteers
who walked on some days and sat on others.</p>
<ul><li>Walk within half an hour of eating</li><li>Ten minutes is enough</li></ul>
<p>Researchers say light activity spread through the day may matter more than one long
session at the gym for most people.</p>
</div></td></tr></table></body></html>"""


def test_every_swap_names_an_existing_attribute() -> None:
    for module, name, _ in S.DETECTORS:
        assert hasattr(module, name), f"{module.__name__}.{name}"
    for step, (description, swaps) in S.ABLATIONS.items():
        assert description
        for module, name, _ in swaps:
            assert hasattr(module, name), f"{step}: {module.__name__}.{name}"
    assert set(X.RULES) <= RULE_NAMES
    assert not set(X.RULES) & set(S.ABLATIONS)


def test_a_step_that_fired_is_recorded_and_turning_it_off_changes_the_page() -> None:
    item = X.Item("t:1", "test", "article", PAGE, "https://walk.example/a", lambda e: (0.0 if e is None else 1.0, 0))
    with S.patched(*S.DETECTORS):
        S.FIRED.clear()
        on = E.extract_html(PAGE, item.url)
        fired = set(S.FIRED)
    assert {"layout-tables", "mark-article", "headline-strip"} <= fired
    with S.patched(*S.ABLATIONS["headline-strip"][1]):
        off = E.extract_html(PAGE, item.url)
    assert off.text == f"Walking after meals\n\n{on.text}"
    assert E.extract_html(PAGE, item.url).text == on.text  # the swap was undone


def test_page_blocks_is_recorded_and_turned_off() -> None:
    from tests.test_arbitrate import service_page

    html = service_page()
    with S.patched(*S.DETECTORS):
        S.FIRED.clear()
        on = E.extract_html(html, "https://acme.example/")
        assert "page-blocks" in S.FIRED
    with S.patched(*S.ABLATIONS["page-blocks"][1]):
        off = E.extract_html(html, "https://acme.example/")
    assert on.extractor_used == "page-blocks" and off.extractor_used == "trafilatura"


def test_anchor_link_text_is_recorded_and_turned_off() -> None:
    from tests.test_arbitrate import service_page

    entries = "".join(f"<a href='/c{i}'>Living Room Furniture {i}</a>" for i in range(120))
    # After the page's <h1>: the page blocks leave out what precedes it (headline-start).
    html = service_page().replace("</main>", f"</main><div class='top'><nav><div>{entries}</div></nav></div>")
    with S.patched(*S.DETECTORS):
        S.FIRED.clear()
        on = E.extract_html(html, "https://acme.example/")
        assert "anchor-link-text" in S.FIRED
    with S.patched(*S.ABLATIONS["anchor-link-text"][1]):
        off = E.extract_html(html, "https://acme.example/")
    assert "Living Room Furniture 5" not in on.text and "Living Room Furniture 5" in off.text


def test_footer_anchor_is_recorded_and_turned_off() -> None:
    from tests.test_arbitrate import service_page

    terms = (
        "<p>Offer available to new subscribers who purchase an eligible device, one offer per account "
        "and per family group, whatever the number of devices you or your family purchase; the plan "
        "renews at the then current monthly price until cancelled and cannot be combined with other "
        "free trials, promotional credits or bundles. Terms apply; see the offer page for details.</p>"
    ) * 2
    html = service_page().replace("</main>", f"</main><footer><div>{terms}</div></footer>")
    with S.patched(*S.DETECTORS):
        S.FIRED.clear()
        on = E.extract_html(html, "https://acme.example/")
        assert "footer-anchor" in S.FIRED
    with S.patched(*S.ABLATIONS["footer-anchor"][1]):
        off = E.extract_html(html, "https://acme.example/")
    assert "Offer available" not in on.text and "Offer available" in off.text


def test_card_bylines_is_recorded_and_turned_off() -> None:
    # the labels rule's card condition (session 20), measured as a step of its own (session 21)
    from tests.test_extract_rules import guides_page

    html = guides_page(6)
    with S.patched(*S.DETECTORS):
        S.FIRED.clear()
        on = E.extract_html(html, "https://guides.example/tech")
        assert "card-bylines" in S.FIRED
    with S.patched(*S.ABLATIONS["card-bylines"][1]):
        off = E.extract_html(html, "https://guides.example/tech")
    assert "by Lauren Dragan" in on.text and "Lauren Dragan" not in off.text


def _result(*pages: tuple[str, str, float, float]) -> dict[str, object]:
    """A saved run of one step, "s": (page id, site, F1 with it, F1 without it) per page."""
    return {
        "steps": ["s"],
        "pages": {
            page_id: {"type": "article", "site": site, "f1": on, "leaked": 0, "off": {"s": [off, 0]}}
            for page_id, site, on, off in pages
        },
    }


def test_the_audit_calls_a_step_fitted_when_its_gain_is_one_sites_and_it_costs_others() -> None:
    fitted = _result(
        ("wcxb:0001", "shop.example", 0.9, 0.3),  # two pages of one site gain...
        ("wcxb:0002", "shop.example", 0.8, 0.5),
        ("wcxb:0003", "news.example", 0.7, 0.8),  # ... and two other sites lose
        ("scrapinghub:a", "paper.example", 0.6, 0.9),
    )
    (audit,) = X.audits(fitted)
    site, site_share = audit.best_site
    page, page_share = audit.best_page
    assert site == "shop.example" and site_share == pytest.approx(1.0)
    assert page == "0001" and page_share == pytest.approx(0.6 / 0.9)
    assert audit.net == pytest.approx(0.5) and audit.without_best_site == pytest.approx(-0.4)
    assert audit.counts("wcxb") == "2/1" and audit.counts("scrapinghub") == "0/1"
    assert X.verdict(audit) == "fitted"
    assert "| s | 2/1 | 0/1 | +0.500 | 0001 | 67% | shop.example | 100% | -0.400 | fitted |" in X.audit_table(fitted)
    hashed = _result(("scrapinghub:156770d676ce79905198e1c8", "paper.example", 0.9, 0.3))
    assert X.audits(hashed)[0].best_page[0] == "156770d6"


def test_the_audit_calls_a_small_gain_on_many_sites_general_and_one_sites_harmless_gain_narrow() -> None:
    spread = _result(*((f"wcxb:{i:04d}", f"site{i}.example", 0.81, 0.8) for i in range(5)))
    assert X.verdict(X.audits(spread)[0]) == "general"
    # what is left without a.example is a page moved by less than a move: noise, no evidence
    one_site = _result(("wcxb:0001", "a.example", 0.9, 0.3), ("wcxb:0002", "b.example", 0.504, 0.5))
    assert X.verdict(X.audits(one_site)[0]) == "narrow"
    assert X.verdict(X.audits(_result(("wcxb:0001", "a.example", 0.5, 0.5)))[0]) == "idle"
    assert X.verdict(X.audits(_result(("wcxb:0001", "a.example", 0.4, 0.5)))[0]) == "costs"


def test_the_audit_leaves_the_fixtures_out() -> None:
    result = _result(("fixture:wiki/asthma", "fixture.example", 1.0, 0.2), ("wcxb:0001", "a.example", 0.5, 0.5))
    (audit,) = X.audits(result)
    assert audit.moves == [] and X.verdict(audit) == "idle"


def test_more_precise_keeps_the_pages_where_trafilatura_was_cleaner() -> None:
    def scored(ours: float, theirs: float) -> dict[str, dict[str, float]]:
        return {"pipeline": {"precision": ours}, "trafilatura": {"precision": theirs}}

    scores = {"pages": {"0001": scored(0.6, 0.9), "0002": scored(0.9, 0.6)}}
    assert X.more_precise_pages(scores) == {"wcxb:0001"}
    result = _result(("wcxb:0001", "a.example", 0.9, 0.3), ("wcxb:0002", "b.example", 0.5, 0.9))
    (audit,) = X.audits(X.narrowed(result, X.more_precise_pages(scores)))
    assert [page_id for _, page_id, _ in audit.moves] == ["wcxb:0001"]


def test_a_token_group_is_recorded_and_turned_off_alone() -> None:
    # class-id-tokens per token (--tokens): "sign-up" and "signup" are one group; turning "factoid"
    # off keeps the factoid box and still removes the share bar, and the regex is restored after.
    import ablate_tokens as K

    from pipeline.extract.boilerplate_names import BOILERPLATE_TOKENS

    column = "Dietitians answer readers' questions about meals and exercise in a short column."
    box = f"<div class='factoid-box'><p>{column}</p></div>"
    bar = "<div class='share-bar'><p>Share this story with a friend who walks after meals.</p></div>"
    html = PAGE.replace("</div></td>", f"{box}{bar}</div></td>")
    on = E.extract_html(html, "https://walk.example/a", explain=True)
    assert {"token:factoid", "token:share"} <= K.fired_groups(on.trace)
    assert "Dietitians answer" not in on.text
    with K.group_off("token:factoid"):
        off = E.extract_html(html, "https://walk.example/a")
    assert "Dietitians answer" in off.text and "Share this story" not in off.text
    assert E.extract_html(html, "https://walk.example/a").text == on.text
    assert K.group_of("sign-up") == K.group_of("sign_up") == "signup"
    assert K.token_steps().count("token:signup") == 1
    assert set(K.token_steps()) <= {K.TOKEN_PREFIX + "".join(e) for e in BOILERPLATE_TOKENS}


def test_the_halves_alternate_sites_and_keep_a_sites_pages_together() -> None:
    shop = _result(
        ("wcxb:0001", "shop.example", 0.9, 0.3),
        ("wcxb:0002", "news.example", 0.5, 0.5),
        ("wcxb:0003", "shop.example", 0.8, 0.6),  # the shop's template again: the shop's half
        ("wcxb:0004", "blog.example", 0.5, 0.5),
    )
    assert H.half_of(shop) == {"wcxb:0001": "A", "wcxb:0002": "B", "wcxb:0003": "A", "wcxb:0004": "A"}


def test_the_halves_alternate_tune_pages_in_id_order_and_leave_the_fixtures_out() -> None:
    one_half = _result(
        ("wcxb:0001", "a.example", 0.9, 0.3),  # half A gains...
        ("wcxb:0002", "b.example", 0.5, 0.5),  # ... half B does not move
        ("wcxb:0003", "c.example", 0.8, 0.6),
        ("wcxb:0004", "d.example", 0.5, 0.51),
        ("scrapinghub:x", "e.example", 0.9, 0.8),
        ("fixture:wiki/asthma", "fixture.example", 1.0, 0.2),
    )
    assert H.half_of(one_half) == {"wcxb:0001": "A", "wcxb:0002": "B", "wcxb:0003": "A", "wcxb:0004": "B"}
    split = H.parts(one_half, "s")
    assert (split["A"].helps, split["A"].hurts, round(split["A"].net, 6)) == (2, 0, 0.8)
    assert (split["B"].helps, split["B"].hurts, round(split["B"].net, 6)) == (0, 1, -0.01)
    assert (split["scrapinghub"].helps, round(split["scrapinghub"].net, 6)) == (1, 0.1)
    assert H.consistency(split) == "one-half"
    assert "| s | 2/0 | +0.800 | 0/1 | -0.010 | 1/0 | +0.100 | one-half |" in H.halves_table(one_half)


def test_random_site_splits_say_how_often_a_step_gains_on_both_halves() -> None:
    spread = _result(*((f"wcxb:{i:04d}", f"site{i}.example", 0.9, 0.8) for i in range(4)))
    draw = H.shuffled_halves({f"wcxb:{i:04d}": f"site{i}.example" for i in range(4)}, seed=3)
    assert sorted(draw.values()) == ["A", "A", "B", "B"]
    assert "| both | 5/5 |" in H.halves_table(spread, splits=5)  # every split holds two gaining sites a half
    one_site = _result(("wcxb:0001", "a.example", 0.9, 0.3), ("wcxb:0002", "b.example", 0.5, 0.5))
    assert "| 0/5 |" in H.halves_table(one_site, splits=5)
    assert "both in splits" not in H.halves_table(one_site)


def test_narrowed_pages_keep_the_halves_of_the_whole_run() -> None:
    run = _result(*((f"wcxb:{i:04d}", f"site{i}.example", 0.9, 0.8) for i in range(4)))
    halves = H.half_of(run)
    only_odd = X.narrowed(run, {"wcxb:0001", "wcxb:0003"})
    # both pages are half B's in the whole run; split alone, they would be one in each half
    assert H.parts(only_odd, "s")["A"].helps == 1
    split = H.parts(only_odd, "s", halves)
    assert (split["A"].helps, split["B"].helps) == (0, 2)


def test_a_gain_on_both_halves_is_consistent_and_a_loss_over_them_costs() -> None:
    both = _result(*((f"wcxb:{i:04d}", f"site{i}.example", 0.9, 0.8) for i in range(4)))
    assert H.consistency(H.parts(both, "s")) == "both"
    small = _result(("wcxb:0001", "a.example", 0.9, 0.5), ("wcxb:0002", "b.example", 0.508, 0.5))
    assert H.consistency(H.parts(small, "s")) == "weak"  # one page moved by a little on half B
    assert H.consistency(H.parts(_result(("wcxb:0001", "a.example", 0.4, 0.5)), "s")) == "costs"
    assert H.consistency(H.parts(_result(("wcxb:0001", "a.example", 0.5, 0.5)), "s")) == "idle"


# A newsletter box the class-id-tokens rule removes by its class name.
NEWSLETTER_PAGE = PAGE.replace(
    "<p>Researchers say", '<div class="newsletter">Sign up for our weekly health letter today.</div><p>Researchers say'
)


def _wcxb_dir(root: Path, html: str, gold: str) -> Path:
    (root / "ground-truth").mkdir(parents=True)
    (root / "html").mkdir()
    record = {"url": "https://news.example/walk", "ground_truth": {"main_content": gold}}
    record["_internal"] = {"page_type": {"primary": "article"}}
    (root / "ground-truth" / "0001.json").write_text(json.dumps(record), encoding="utf-8")
    (root / "html" / "0001.html.gz").write_bytes(gzip.compress(html.encode()))
    return root


def test_perturb_runs_the_ablation_on_pages_whose_markup_a_new_template_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = _wcxb_dir(tmp_path / "wcxb", NEWSLETTER_PAGE, "A ten-minute walk after dinner lowers the rise.")
    fired: dict[str, bool] = {}
    for name, extra in (("plain", []), ("renamed", ["--perturb", "rename-classes"])):
        saved = tmp_path / f"{name}.json"
        argv = ["extract_ablate.py", "--wcxb", str(corpus), "--no-fixtures", "--only", "class-id-tokens"]
        monkeypatch.setattr(sys, "argv", [*argv, "--save", str(saved), *extra])
        assert X.main() == 0
        fired[name] = "class-id-tokens" in json.loads(saved.read_text())["pages"]["wcxb:0001"]["off"]
    # renamed classes name no newsletter: the rule that read the name no longer fires
    assert fired == {"plain": True, "renamed": False}


def test_every_step_outside_the_catalogue_says_why_in_the_docs() -> None:
    # issue 9 item 2: a step that moves the text is a named rule, or documented as part of the
    # algorithm (docs/extraction-rules.md, "Steps outside the catalogue, and why")
    from pipeline.extract.rules import BOILERPLATE_RULES

    docs = (Path(__file__).resolve().parents[1] / "docs" / "extraction-rules.md").read_text(encoding="utf-8")
    catalogue, _, rest = docs.partition("### Steps outside the catalogue, and why")
    outside = rest.partition("## ")[0]
    assert [step for step in S.ABLATIONS if f"`{step}`" not in outside] == []
    assert [name for name, _ in BOILERPLATE_RULES if f"`{name}`" not in catalogue] == []
    assert not set(S.ABLATIONS) & RULE_NAMES
