"""bench/perturb.py on a tiny synthetic corpus written here (wcxb-dev's and ScrapingHub's layout),
so the bench cannot rot: every perturbation keeps the content, the holdout is never perturbed,
and the table names both tools' F1 and drop per perturbation."""

from __future__ import annotations

import gzip
import json
import re
import sys
from pathlib import Path

import lxml.etree
import lxml.html
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

import perturb as P
import perturb_tree
import perturbations as Q

PARAGRAPHS = [
    "Walking for ten minutes after a meal lowers the rise in blood sugar that follows it, in people with diabetes.",
    "The effect was measured with glucose monitors worn for two weeks by volunteers who walked on some days.",
    "Researchers say light activity spread through the day may matter more than one long session at the gym.",
]


# Perturbations that move regions in source order: the same words, in another order.
REORDERING = {"sidebar-first"}


def page(topic: str) -> tuple[str, str]:
    """(html, gold text) of a small article page with a menu, a sidebar and a footer."""
    body = [f"{p} This note is about {topic}." for p in PARAGRAPHS]
    html = f"""<!DOCTYPE html><html lang="en"><head><title>{topic}</title></head><body>
<header class="site-header"><nav><a href="/">Home</a> <a href="/news">News</a></nav></header>
<main id="content"><article class="post entry-content"><h1>{topic}</h1>
{"".join(f"<p>{p}</p>" for p in body)}
</article><aside class="sidebar"><h3>Popular</h3><ul><li><a href="/a">Ten foods for sleep</a></li></ul></aside></main>
<footer class="site-footer"><p>Copyright 2026 Health Example. All rights reserved.</p></footer></body></html>"""
    return html, "\n\n".join([topic, *body])


def write_corpus(root: Path) -> None:
    wcxb = root / "wcxb"
    (wcxb / "ground-truth").mkdir(parents=True)
    (wcxb / "html").mkdir()
    for index, topic in enumerate(["Walking", "Sleep", "Fibre", "Hydration", "Holdout topic"]):
        html, gold = page(topic)
        page_id = f"{index:04d}"
        record = {
            "url": f"https://health.example/{page_id}",
            "ground_truth": {"main_content": gold, "title": topic},
            "_internal": {"page_type": {"primary": "article"}},
        }
        (wcxb / "ground-truth" / f"{page_id}.json").write_text(json.dumps(record), encoding="utf-8")
        (wcxb / "html" / f"{page_id}.html.gz").write_bytes(gzip.compress(html.encode()))
    hub = root / "hub"
    (hub / "html").mkdir(parents=True)
    html, gold = page("Vitamin D")
    (hub / "html" / "p1.html.gz").write_bytes(gzip.compress(html.encode()))
    (hub / "ground-truth.json").write_text(json.dumps({"p1": {"url": "https://n.example/1", "articleBody": gold}}))


def visible_words(html: str) -> list[str]:
    body = lxml.html.document_fromstring(html).find("body")
    assert body is not None
    return str(body.text_content()).split()


@pytest.mark.parametrize("name", sorted(Q.PERTURBATIONS))
def test_a_perturbation_keeps_the_content_and_changes_the_markup(name: str) -> None:
    html, gold = page("Walking")
    perturbed = Q.PERTURBATIONS[name](html, gold)
    if name in REORDERING:
        assert sorted(visible_words(perturbed)) == sorted(visible_words(html))
    else:
        assert visible_words(perturbed) == visible_words(html)
    if name != "roundtrip":
        assert perturbed != Q.roundtrip(html, gold)


def test_the_content_container_is_found_from_the_gold_text() -> None:
    html, gold = page("Walking")
    container = perturb_tree.content_container(lxml.html.document_fromstring(html), gold)
    assert container is not None and container.get("class") == "post entry-content"


def test_the_markup_changes_are_the_ones_named() -> None:
    html, gold = page("Walking")
    renamed = Q.rename_classes(html, gold)
    assert "sidebar" not in renamed and "site-footer" not in renamed and "entry-content" not in renamed
    assert "<aside" not in Q.plain_tags(html, gold) and "<div" in Q.plain_tags(html, gold)
    # the unclosed <header> holds the whole page once parsed
    body = lxml.html.document_fromstring(Q.unclosed_header(html, gold)).find("body")
    assert body is not None and [child.tag for child in body] == ["header"]
    tokened = lxml.html.document_fromstring(Q.PERTURBATIONS["token-infobox"](html, gold))
    assert [e.get("id") or e.get("class") for e in tokened.find_class("infobox")] == [
        "content",
        "post entry-content infobox",
    ]


def test_renamed_ids_are_renamed_where_the_page_refers_to_them() -> None:
    html = (
        "<html><body><button id='faq-trigger' aria-controls='faq-panel' aria-expanded='false'>Fees</button>"
        "<div id='faq-panel' role='region' aria-labelledby='faq-trigger'><p>No fees.</p></div>"
        "<a href='#faq-panel'>Skip</a><label for='other'>x</label></body></html>"
    )
    doc = lxml.html.document_fromstring(Q.rename_classes(html, "No fees."))
    button, panel, link = doc.find(".//button"), doc.find(".//div"), doc.find(".//a")
    assert button is not None and panel is not None and link is not None
    assert panel.get("id") != "faq-panel" and button.get("aria-controls") == panel.get("id")
    assert panel.get("aria-labelledby") == button.get("id") and link.get("href") == "#" + panel.get("id", "")
    assert doc.find(".//label").get("for") == "other"  # no element has that id: left as written


def test_the_opaque_template_says_nothing_by_name_and_keeps_roles_and_itemprops() -> None:
    html, gold = page("Walking")
    html = html.replace("<nav>", '<nav role="navigation">').replace(
        "<article class", '<article itemprop="articleBody" class'
    )
    opaque = lxml.html.document_fromstring(Q.opaque_template(html, gold))
    assert not list(opaque.iter(*Q.SEMANTIC_TAGS))
    names = [e.get(a) for e in opaque.iter(lxml.etree.Element) for a in ("class", "id") if e.get(a)]
    assert names and all(re.fullmatch(r"k[0-9a-f]+", token) for name in names for token in name.split())
    assert [e.get("role") for e in opaque.xpath("//*[@role]")] == ["navigation"]
    assert [e.get("itemprop") for e in opaque.xpath("//*[@itemprop]")] == ["articleBody"]


def test_the_legacy_layout_is_a_2012_template() -> None:
    html, gold = page("Walking")
    legacy = lxml.html.document_fromstring(Q.legacy_layout(html, gold))
    assert not list(legacy.iter("p", "article", "main", "aside", "header", "footer", "nav", "strong"))
    assert not [e for e in legacy.iter(lxml.etree.Element) if e.get("class") is not None or e.get("role")]
    assert legacy.get_element_by_id("content") is not None  # ids stay
    # the page's bands are rows of one table; the article's column and the sidebar, cells of one row
    body = legacy.find("body")
    assert body is not None and [child.tag for child in body] == ["table"]
    assert len(body[0].findall("tr")) == 3
    columns = legacy.get_element_by_id("content").find("table/tr")
    assert [len(cell.xpath(".//br")) for cell in columns.findall("td")] == [6, 0]
    assert "Popular" in columns.findall("td")[1].text_content()
    assert columns.findall("td")[0].find("div/font").get("size") == "2"


def test_the_page_builder_writes_widgets_in_nested_generated_divs() -> None:
    html, gold = page("Walking")
    built = lxml.html.document_fromstring(Q.page_builder(html, gold))
    assert not list(built.iter("article", "main", "aside", "section"))
    assert list(built.iter("header", "footer", "nav"))  # the theme's chrome stays
    builder = Q.BUILDERS[Q._builder_of(gold)]
    paragraphs = list(built.iter("p"))
    for block in [*paragraphs, *built.iter("h1", "h3")]:
        wrappers = [a for a in block.iterancestors() if a.tag == "div" and a.get("class") in _layer_classes(builder)]
        assert Q.BUILDER_MIN_DEPTH <= len(wrappers) <= len(builder["layers"])
    # the article's three paragraphs over two sibling widgets, the headline in a third
    assert len({p.getparent() for p in paragraphs[:3]}) == 2
    assert built.find(".//h1").get("class") == builder["heading_class"]


def _layer_classes(builder: dict[str, str | list[str]]) -> set[str]:
    layers = list(builder["layers"])
    return {layer.format(h=Q._generated_id(n * len(layers) + len(layer)), n=n) for layer in layers for n in range(100)}


def test_every_builder_is_used_and_the_markup_is_the_same_on_every_run() -> None:
    builders = {Q._builder_of(page(topic)[1]) for topic in ("Walking", "Sleep", "Fibre", "Hydration", "Salt", "Tea")}
    assert len(builders) >= 3
    html, gold = page("Walking")
    assert Q.page_builder(html, gold) == Q.page_builder(html, gold)


def test_sidebar_first_moves_the_sidebar_before_the_article_and_leaves_the_footer() -> None:
    html, gold = page("Walking")
    moved = lxml.html.document_fromstring(Q.sidebar_first(html, gold))
    content = moved.get_element_by_id("content")
    assert [child.tag for child in content] == ["aside", "article"]
    body = moved.find("body")
    assert body is not None and [child.tag for child in body] == ["header", "main", "footer"]
    # a related box after the article's column, in another branch, goes before that column
    nested = html.replace("</main>", '</main><div class="related-posts"><p>Read next: salt and sleep</p></div>')
    body = lxml.html.document_fromstring(Q.sidebar_first(nested, gold)).find("body")
    assert body is not None and [child.get("class") or child.tag for child in body] == [
        "site-header",
        "related-posts",
        "main",
        "site-footer",
    ]


def test_the_bench_runs_on_a_synthetic_corpus(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write_corpus(tmp_path)
    saved = tmp_path / "run.json"
    argv = [
        "perturb.py",
        "--wcxb",
        str(tmp_path / "wcxb"),
        "--scrapinghub",
        str(tmp_path / "hub"),
        "--save",
        str(saved),
    ]
    monkeypatch.setattr(sys, "argv", argv)
    assert P.main() == 0
    printed = capsys.readouterr().out
    assert "wcxb-dev tune: 4 pages" in printed and "scrapinghub: 1 pages" in printed  # the 5th page is holdout
    for name in Q.PERTURBATIONS:
        assert name in printed
    tables = json.loads(saved.read_text(encoding="utf-8"))
    tune = tables["wcxb-dev tune"]
    assert set(tune) == {P.UNPERTURBED, *Q.PERTURBATIONS}
    assert tune[P.UNPERTURBED]["pipeline"] > 0.9 and tune[P.UNPERTURBED]["trafilatura"] > 0.9
    assert tune["roundtrip"]["pipeline_drop"] == pytest.approx(0.0, abs=0.01)
    # the metadata right beside the text, per tool: the four tune pages' titles (no gold author or date)
    assert "title ours/traf" in printed and "4/4 of 4" in printed
    for perturbation in (P.UNPERTURBED, "rename-classes", "opaque-template", "plain-tags"):
        assert tune[perturbation]["pipeline_metadata"] == {"title": [4, 4], "author": [0, 0], "date": [0, 0]}
        assert tune[perturbation]["trafilatura_metadata"]["title"][1] == 4
    for row in tune.values():
        assert row["pipeline_drop"] == pytest.approx(tune[P.UNPERTURBED]["pipeline"] - row["pipeline"])
    monkeypatch.setattr(sys, "argv", [*argv[:3], "--only", "plain-tags", "--compare", str(saved)])
    assert P.main() == 0
    assert "ours was" in capsys.readouterr().out


def test_an_xhtml_page_with_an_encoding_declaration_is_perturbed() -> None:
    """news2012's XHTML pages declare their encoding; lxml refuses that in a str."""
    page = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" '
        '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\n<html xmlns="http://www.w3.org/1999/xhtml">'
        '<body><div class="post"><h1>Caf\u00e9 hours</h1><p>Open until nine.</p></div></body></html>'
    )
    root = perturb_tree.parse(page)
    assert root.findtext(".//h1") == "Caf\u00e9 hours"
