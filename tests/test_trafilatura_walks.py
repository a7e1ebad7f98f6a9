"""Four of trafilatura's XPaths answered by Python walks (pipeline.extract.trafilatura_walks)
select what the expressions select, and trafilatura calls the walks."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
import trafilatura
from lxml import etree

from pipeline.extract.html import parse_html
from pipeline.extract.trafilatura_walks import WALKS, WRITTEN_FOR, Walk, fingerprint, install
from pipeline.extract.trafilatura_xpaths import _TEST_CALL, SWAPPED

PAGES = sorted((Path(__file__).parent / "fixtures" / "pages").glob("*/*.html"))

# What each walk tests: the tags, class and id values in both attribute orders (the footer
# test reads the first of the two), upper case (the cookie test's 'i' flag; U+212A KELVIN SIGN
# is a K to Python's case-blind search), the lookahead ("Commentary" is no comment section),
# lists (ol / ul only by the narrower id test), trafilatura's own <list>, an <h1> inside, the
# root's own class (selected from the document, not from the root element).
EDGES = """<html class="cmplz-x"><head><style>p {}</style><script>var a;</script></head><body>
<div id="footer" class="x">a</div><div class="x" id="footer">b</div><div class="site-footer">c</div>
<aside>d</aside><footer>e</footer><svg><g></g></svg><template><p>f</p></template><fencedframe/>
<div class="COOKIE-BANNER">g</div><div id="coo\u212aie_notice">h</div><section class="cookiebot">i</section>
<p class="onetrust-x">j</p><div class="notice--cookie">k</div><span id="cookie">l</span>
<div class="infinite-scroll">m<h1>n</h1></div><section id="infinitescroll">o</section>
<aside class="mvp-post-add-box"><h1>p</h1></aside><div class="x elementor-share-buttons">q</div>
<span class="infinite-scroll">r</span><div class="Commentary">s</div><div id="comments">t</div>
<ul class="comment-list">u</ul><ol id="comol">v</ol><ul id="dsq-comments">w</ul><list class="comments">x</list>
<details id="Comment-1">y</details><div class="post-comments"><div class="article-comments">z</div></div>
<section id="disqus_thread" class="c">1</section><div class="comments" id="x">2</div><!-- a comment -->
</body></html>"""

# The discard lists' and the body's tests: a role with a capital N, named ids and classes, the
# first of a union (@id|@class, @id|@style) in both orders, hidden styles, sibling bodies (the
# first per parent) and a body inside a body.
EDGES_DISCARD = """<html><body>
<div role="mainNavigation">A</div><span data-lp-replacement-content="">B</span>
<p data-component="x-MostPopularStories">C</p><div id="cookie" class="x">D</div><div class="x" id="cookie">E</div>
<section id="related-links">F</section><div class="a widget">G</div><section class="Commentary">H</section>
<div class="comments-title">I</div><b id="reply-1" class="x">J</b><b class="x" id="reply-2">K</b>
<i id="hidden" style="color:red">L</i><i style="color:red" id="hidden">M</i><em style="display: none">N</em>
<u aria-hidden="true">O</u><u aria-hidden="false">P</u><q class="noprint">Q</q>
<main><div class="post">R<div class="post">S</div></div><div class="entry">T</div></main>
<article id="article-body">U</article><section itemprop="articleBody">V</section>
</body></html>"""


def _original(walk: Walk) -> etree.XPath:
    """trafilatura's own expression (before the guarded rewrite) that ``walk`` stands for."""
    originals = {id(faster): original for original, faster in SWAPPED.values()}
    return originals.get(id(walk.original), walk.original)


def test_walks_search_with_the_expressions_of_trafilatura() -> None:
    for walk in WALKS.values():
        assert {call.group(2) for call in _TEST_CALL.finditer(_original(walk).path)} == set(walk.patterns)


def test_trafilatura_calls_the_walks() -> None:
    core, settings, xpaths = (importlib.import_module(f"trafilatura.{n}") for n in ("core", "settings", "xpaths"))
    baseline = importlib.import_module("trafilatura.baseline")
    assert [WALKS["RAW_TREE_PRUNE_XPATH[0]"], WALKS["RAW_TREE_PRUNE_XPATH[1]"]] == core.RAW_TREE_PRUNE_XPATH
    assert core.REMOVE_COMMENTS_AND_LISTS_XPATH[0] is WALKS["REMOVE_COMMENTS_AND_LISTS_XPATH[0]"]
    assert xpaths.REMOVE_COMMENTS_AND_LISTS_XPATH is core.REMOVE_COMMENTS_AND_LISTS_XPATH
    assert baseline.BASIC_CLEAN_XPATH is settings.BASIC_CLEAN_XPATH is WALKS["BASIC_CLEAN_XPATH"]
    main_extractor, external = (importlib.import_module(f"trafilatura.{n}") for n in ("main_extractor", "external"))
    assert main_extractor.BODY_XPATH[0] is WALKS["BODY_XPATH[0]"]
    discard = [WALKS["OVERALL_DISCARD_XPATH[0]"], WALKS["OVERALL_DISCARD_XPATH[1]"]]
    assert main_extractor.OVERALL_DISCARD_XPATH == discard == external.OVERALL_DISCARD_XPATH


@pytest.mark.parametrize("name", sorted(WALKS))
def test_walk_selects_what_its_expression_selects(name: str) -> None:
    walk = WALKS[name]
    expression = _original(walk)
    selected = 0
    for tree in [parse_html(EDGES), parse_html(EDGES_DISCARD)] + [
        parse_html(p.read_text(encoding="utf-8", errors="replace")) for p in PAGES
    ]:
        body = tree.find("body")
        for context in (tree, body, tree.getroottree()):
            if context is None:
                continue
            expected = expression(context)
            assert walk(context) == expected, (name, tree)
            selected += len(expected)
    assert selected >= 3  # the edge cases exercise each walk


def test_edge_cases_select_what_each_test_is_for() -> None:
    tree = parse_html(EDGES)
    texts = {name: ["".join(e.itertext()).strip()[:1] for e in walk(tree)] for name, walk in WALKS.items()}
    assert texts["RAW_TREE_PRUNE_XPATH[0]"] == ["o", "p"]  # an <h1> inside spares m; a <span> is no block
    assert texts["RAW_TREE_PRUNE_XPATH[1]"] == ["q"]
    # not "Commentary" (s), not a list by its wider id test (w)
    assert texts["REMOVE_COMMENTS_AND_LISTS_XPATH[0]"] == ["t", "u", "v", "x", "y", "z", "z", "1", "2"]
    cleaned = set(texts["BASIC_CLEAN_XPATH"])
    assert {"a", "c", "d", "e", "g", "h", "i", "j", "k"} <= cleaned  # h: a Kelvin sign in "cookie"
    assert not {"b", "l"} & cleaned  # the id second in its attributes; "cookie" alone is no banner


def test_discard_and_body_edge_cases_select_what_each_test_is_for() -> None:
    tree = parse_html(EDGES_DISCARD)
    texts = {name: ["".join(e.itertext()).strip()[:1] for e in walk(tree)] for name, walk in WALKS.items()}
    assert texts["OVERALL_DISCARD_XPATH[0]"] == ["A", "B", "C", "D", "F", "G"]  # E: its class comes first
    assert texts["OVERALL_DISCARD_XPATH[1]"] == ["I", "J", "L", "N", "O", "Q"]  # K, M: the other one first
    assert texts["BODY_XPATH[0]"] == ["R", "S", "U"]  # not T nor V: a sibling before them matched


# A page whose extraction tells whether a changed raw-tree prune (a made-up teaser rail) ran.
CHANGED_PAGE = """<html><body><article><h1>Sleep and memory</h1>
<p>Sleep helps the brain keep what it learned during the day, and researchers keep finding how.</p>
<p>In one study, adults who slept after learning word pairs remembered more of them the next day.</p>
<div class="zz-teaser-rail"><p>Teaser rail text that only the changed expression removes from the page.</p></div>
<p>Naps helped too, though less than a full night of sleep did in the same group of adults.</p>
</article></body></html>"""


def test_a_changed_expression_is_left_to_trafilatura(monkeypatch: pytest.MonkeyPatch) -> None:
    """Another trafilatura whose expression differs keeps it: the walk answers only its own."""
    xpaths, settings = (importlib.import_module(f"trafilatura.{n}") for n in ("xpaths", "settings"))
    baseline = importlib.import_module("trafilatura.baseline")
    lists = {name.partition("[")[0] for name in WALKS if "[" in name}
    saved = {name: list(getattr(xpaths, name)) for name in lists}  # shared lists: restored in place
    monkeypatch.setattr(settings, "BASIC_CLEAN_XPATH", WALKS["BASIC_CLEAN_XPATH"].original)
    monkeypatch.setattr(baseline, "BASIC_CLEAN_XPATH", WALKS["BASIC_CLEAN_XPATH"].original)
    try:
        for name, walk in WALKS.items():  # each list item as before install
            list_name, _, index = name.partition("[")
            if index:
                getattr(xpaths, list_name)[int(index.rstrip("]"))] = walk.original
        changed = etree.XPath(".//*[self::div or self::section or self::aside][contains(@class, 'zz-teaser-rail')]")
        xpaths.RAW_TREE_PRUNE_XPATH[1] = changed

        installed = install()

        assert sorted(installed) == sorted(set(WALKS) - {"RAW_TREE_PRUNE_XPATH[1]"})
        assert xpaths.RAW_TREE_PRUNE_XPATH[1] is changed
        assert xpaths.RAW_TREE_PRUNE_XPATH[0] is installed["RAW_TREE_PRUNE_XPATH[0]"]
        assert settings.BASIC_CLEAN_XPATH is baseline.BASIC_CLEAN_XPATH is installed["BASIC_CLEAN_XPATH"]
        text = trafilatura.extract(CHANGED_PAGE) or ""
        assert "Naps helped" in text
        assert "Teaser rail" not in text  # the changed expression ran, not the walk of 2.3.1's
    finally:
        for name, items in saved.items():
            getattr(xpaths, name)[:] = items


def test_the_walks_are_written_for_the_pinned_trafilatura() -> None:
    assert sorted(WALKS) == sorted(WRITTEN_FOR)  # every walk installed
    for name, walk in WALKS.items():
        assert fingerprint(_original(walk).path) == WRITTEN_FOR[name]
    assert install() == {}  # a walk is no expression: installing twice swaps nothing
