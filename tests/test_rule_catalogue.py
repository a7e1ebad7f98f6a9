"""The rule catalogue: named rules, the --explain trace, and site files that turn rules off."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.errors import ConfigError
from pipeline.extract import extract_html
from pipeline.extract.rules import BOILERPLATE_RULES, COMMENT_FINDERS, KEEP_RULES, RULE_NAMES, TEXT_LINE, format_trace
from pipeline.extract.sites import load_site_rules, parse_rules
from pipeline.extract.token_match import matched_tokens
from pipeline.records import Extraction
from tests.test_product_pages import DESCRIPTION, PRODUCT_LD
from tests.test_product_pages import page as product_page
from tests.test_unseen_health_layouts import (
    ANSWER,
    DONT,
    PULL,
    URGENT,
    URL,
    bootstrap_faq,
    component,
    one_block_page,
    page,
)

REPO = Path(__file__).resolve().parents[1]
MOVABLE_TYPE = REPO / "tests/fixtures/pages/movabletype/walking-after-meals.html"
CLASSED_BLOG = REPO / "tests/fixtures/pages/blog/low-fodmap-bloating-update.html"
TABLED_FORUM = REPO / "tests/fixtures/pages/healthforum2/sciatica-after-lifting.html"

PAGE = """<html lang="en"><body><main><article><h1>Salt and blood pressure</h1>
<p>Most of the salt we eat is already in bread, cheese and ready meals, not added at the table,
so reading labels does more than putting the salt shaker away.</p>
<p>Adults should eat no more than six grams of salt a day, about a teaspoon, and children less.</p>
<div class="related-box"><h3>You might also like</h3><ul><li><a href="/a">Potassium and the heart</a></li>
<li><a href="/b">Ten low-salt lunches</a></li></ul></div>
</article></main>
<div class="share-bar"><a href="/s">Share on social media</a></div></body></html>"""


def test_every_rule_has_one_name() -> None:
    names = [name for name, _ in (*BOILERPLATE_RULES, *COMMENT_FINDERS)]
    assert len(names) == len(set(names)) == len(RULE_NAMES)


def test_the_trace_names_the_rule_the_element_and_the_characters_removed() -> None:
    extraction = extract_html(PAGE, "https://salt.example/a", explain=True)
    by_rule = {step.rule: step for step in extraction.trace}
    assert set(by_rule) <= RULE_NAMES
    shared = [s for s in extraction.trace if "share-bar" in s.path or s.chars == len("Share on social media")]
    assert shared and shared[0].rule == "class-id-tokens"
    assert any(s.path.startswith("/html/body") for s in extraction.trace)
    assert "Ten low-salt lunches" not in extraction.text
    # Without explain, nothing is recorded (the trace costs time).
    assert extract_html(PAGE, "https://salt.example/a").trace == []


def test_a_trace_step_keeps_what_was_removed_and_what_the_element_calls_itself() -> None:
    # bench/extract_rules.py scores each removal against gold text and groups it by marker.
    extraction = extract_html(PAGE, "https://salt.example/a", explain=True)
    shared = next(s for s in extraction.trace if s.text == "Share on social media")
    assert shared.rule == "class-id-tokens" and shared.chars == len(shared.text)
    assert shared.names == "div class='share-bar'"
    assert matched_tokens(shared.names) == ["share"]
    assert matched_tokens("div class='correlated-study'") == []  # whole tokens only


def test_a_site_file_turns_a_rule_off_by_name() -> None:
    rules = {"salt.example": parse_rules({"hosts": ["salt.example"], "disable": ["class-id-tokens"]}, "salt.toml")}
    kept = extract_html(PAGE, "https://salt.example/a", site_rules=rules, explain=True)
    assert all(step.rule != "class-id-tokens" for step in kept.trace)
    plain = extract_html(PAGE, "https://salt.example/a", explain=True)
    assert any(step.rule == "class-id-tokens" for step in plain.trace)


def test_a_site_file_naming_an_unknown_rule_is_an_error() -> None:
    with pytest.raises(ConfigError, match="unknown rule.*no-such-rule"):
        parse_rules({"hosts": ["salt.example"], "disable": ["no-such-rule"]}, "salt.toml")


def test_comment_finders_are_rules_too() -> None:
    html = MOVABLE_TYPE.read_text(encoding="utf-8")
    url = "http://steppingout.example/archives/2011/11/walk_after_meals.html"
    traced = extract_html(html, url, explain=True)
    assert [s.rule for s in traced.trace].count("comments:posted-by-footers") == len(traced.comments) == 4

    def without(*names: str) -> Extraction:
        rules = {"steppingout.example": parse_rules({"hosts": ["steppingout.example"], "disable": list(names)}, "s")}
        return extract_html(html, url, site_rules=rules, explain=True)

    # turned off, the footers' finder leaves the thread to the general one (a8a4339: every item of
    # a found region is a row); both off, the structure under the title line "Comments" reads it;
    # all three off, no finder does
    fallback = without("comments:posted-by-footers")
    assert {s.rule for s in fallback.trace if s.rule.startswith("comments:")} == {"comments:area-siblings"}
    headed = without("comments:posted-by-footers", "comments:area-siblings")
    assert {s.rule for s in headed.trace if s.rule.startswith("comments:")} == {"comments:headed-siblings"}
    assert without("comments:posted-by-footers", "comments:area-siblings", "comments:headed-siblings").comments == []


@pytest.mark.parametrize(
    ("page", "url", "finder"),
    [
        (CLASSED_BLOG, "https://www.themindfulgut.example/2021/03/01/low-fodmap/", "comments:class-items"),
        (TABLED_FORUM, "https://www.backpainhelp.example/forum/viewtopic.php?t=4412", "comments:table-posts"),
    ],
)
def test_turning_microdata_off_leaves_the_finders_after_it_their_elements(
    tmp_path: Path, page: Path, url: str, finder: str
) -> None:
    # The walk over named elements that the class, table, split, list and area finders read ran
    # at the microdata step after its off check: a site file turning microdata off emptied them all.
    html = page.read_text(encoding="utf-8")
    host = url.split("/")[2]
    (tmp_path / "site.toml").write_text(f'hosts = ["{host}"]\ndisable = ["comments:microdata"]\n', encoding="utf-8")
    plain = extract_html(html, url, explain=True)
    off = extract_html(html, url, site_rules=load_site_rules(tmp_path), explain=True)
    assert {s.rule for s in plain.trace if s.rule.startswith("comments:")} == {finder}
    assert {s.rule for s in off.trace if s.rule.startswith("comments:")} == {finder}
    assert off.comments == plain.comments and len(off.comments) >= 3


def test_extract_explain_prints_the_trace_on_stderr() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pipeline", "extract", str(MOVABLE_TYPE), "--format", "txt", "--explain"],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    )
    assert result.returncode == 0
    assert "comments:posted-by-footers" in result.stderr and "/html/body" in result.stderr
    assert "comments:posted-by-footers" not in result.stdout


CALLOUTS = component(
    f"<div class='callout sidebar-content'><p class='callout__title'>When to get help</p><p>{URGENT}</p></div>"
    f"<div class='callout-box promo-text'><p>Don't</p><ul><li>{DONT}</li><li>skip meals</li></ul></div>"
)
PANELS = "".join(
    f"<div class='feature'><h3>{title}</h3><p>{body}</p></div>"
    for title, body in (
        ("Made for MagSafe", "Built with an integrated array of magnets, the case works with every charger."),
        ("Rugged Patina", "With daily use the leather buffs out marks into a rich patina that is yours alone."),
    )
)
AFTERCARE = "Keep the dressing dry for two days, then wash the area gently with soap and water and pat it dry."
LOOSE = f"<h2>Aftercare</h2>{AFTERCARE}"
QUOTE = (
    f"<figure class='wp-block-pullquote'><blockquote><p>{PULL}</p>"
    "<cite>Dr Ana Reyes, cardiologist</cite></blockquote></figure>"
    "<blockquote><p>Start slowly and build up.</p><footer>Lee Park, physiotherapist</footer></blockquote>"
)


@pytest.mark.parametrize(
    ("rule", "html", "kept"),
    [
        ("named-callouts", page(between=CALLOUTS), (URGENT, DONT)),
        ("panel-text", one_block_page(bootstrap_faq()), ("Do I have to stop exercising?", ANSWER)),
        ("quotes-set-apart", one_block_page(QUOTE), (PULL, "Lee Park, physiotherapist")),
        # a heading's loose text at the end of the article: trafilatura drops a last heading with its tail
        ("loose-runs", one_block_page("").replace("</div><footer>", LOOSE + "</div><footer>"), (AFTERCARE,)),
    ],
)
def test_the_keep_rules_are_traced_and_a_site_file_turns_each_off(rule: str, html: str, kept: tuple[str, ...]) -> None:
    # session 19's three recall steps ran outside the catalogue: no trace row, no site could turn them off
    traced = extract_html(html, URL, explain=True)
    rows = [step for step in traced.trace if step.rule == rule]
    assert rows and all(any(k in traced.text for k in kept) for _ in rows)
    assert all(k in traced.text for k in kept)
    # each row is what the rule spared or rewrote, and the totals say "kept"
    assert any(k in step.text for step in rows for k in kept)
    assert f"{rule}" in format_trace(traced.trace) and "chars kept" in format_trace(traced.trace)
    host = URL.split("/")[2]
    off = {host: parse_rules({"hosts": [host], "disable": [rule]}, "site.toml")}
    without = extract_html(html, URL, site_rules=off, explain=True)
    assert all(step.rule != rule for step in without.trace)
    assert not all(k in without.text for k in kept)
    assert rule in KEEP_RULES and rule in RULE_NAMES


@pytest.mark.parametrize(
    ("rule", "body", "taken"),
    [
        ("product-repeats", f"<div class='features'>{PANELS}</div><div class='features-wide'>{PANELS}</div>", None),
        (  # a currency switcher: a run of price lines (a price said once is the item's and stays)
            "product-prices",
            "<ul class='currencies'><li>GBP: $110.82</li><li>CAD: $206.74</li><li>AUD: $232.60</li></ul>",
            "GBP: $110.82",
        ),
        ("offer-lines", "<ul class='badges'><li>Free shipping worldwide</li><li>30-Day Return Policy</li></ul>", None),
    ],
)
def test_a_declared_products_line_rules_are_named_traced_and_turned_off_by_a_site(
    rule: str, body: str, taken: str | None
) -> None:
    # they ran as code after the arbitration, outside the catalogue: no trace, no site could turn them off
    html = product_page(f"<main><h1>Trail 25 Pack</h1>{DESCRIPTION}{body}<p>Made in Portugal.</p></main>", PRODUCT_LD)
    url = "https://shop.example/trail-25"
    traced = extract_html(html, url, explain=True)
    rows = [step for step in traced.trace if step.rule == rule]
    assert rows and all(step.path == TEXT_LINE for step in rows)
    assert taken is None or taken in {step.text for step in rows}
    off = {"shop.example": parse_rules({"hosts": ["shop.example"], "disable": [rule]}, "shop.toml")}
    without = extract_html(html, url, site_rules=off, explain=True)
    assert all(step.rule != rule for step in without.trace)
    lines, lines_without = traced.text.split("\n"), without.text.split("\n")  # a repeat keeps its first copy
    assert all(lines_without.count(step.text) > lines.count(step.text) for step in rows)
    assert "ripstop nylon" in without.text and "Made in Portugal." in without.text
