"""trafilatura's regex XPaths, guarded (pipeline.extract.trafilatura_xpaths), select what the originals select."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from lxml import etree

from pipeline.extract.html import parse_html
from pipeline.extract.trafilatura_walks import Walk
from pipeline.extract.trafilatura_xpaths import SWAPPED, guarded

# every third fixture page: 15 layouts, a second of CPU (all 45: the same verdict, 3x the time)
PAGES = sorted((Path(__file__).parent / "fixtures" / "pages").glob("*/*.html"))[::3]

# Attribute edge cases: empty, absent, upper case (the 'i' flag), the first of a union
# (@id|@class: the one that comes first on the element), class words trafilatura looks for.
EDGES = """<html><body>
<div class="">a</div><div id="">b</div><div class="COMMENTS">c</div><div id="Comments" class="x">d</div>
<div class="comment-list" id="main">e</div><section id="comment-3"><p class="hide-me">f</p></section>
<div style="display:none" id="x-hidden">g</div><div hidden="">h</div><aside class="cookie-banner">i</aside>
<div class="post-content"><p>j</p></div><div class="article-body" id="articleBody">k</div>
<ul class="commentlist"><li class="byline author">l</li></ul><div class="footer-x">m</div>
<div id="footer" class="a">n</div><div class="tags"><a href="/t">o</a></div><h1 class="post-title">p</h1>
<span class="author-name" itemprop="author">q</span><div class="infinite-scroll">r</div>
</body></html>"""


def _expression(found: object) -> object:
    """The expression a walk (pipeline.extract.trafilatura_walks) stands for, or ``found`` itself."""
    return found.original if isinstance(found, Walk) else found


def _trees() -> list[etree._Element]:
    return [parse_html(EDGES)] + [parse_html(page.read_text(encoding="utf-8", errors="replace")) for page in PAGES]


def test_every_regex_expression_of_trafilatura_is_swapped() -> None:
    assert len(SWAPPED) >= 20  # trafilatura 2.3.1 has 21
    for original, faster in SWAPPED.values():
        assert faster.path == guarded(original.path) != original.path
        assert faster.path.count("re:test") == original.path.count("re:test")
    # names bound elsewhere follow: trafilatura's modules read the guarded forms
    baseline, core, main_extractor, xpaths = (
        importlib.import_module(f"trafilatura.{name}") for name in ("baseline", "core", "main_extractor", "xpaths")
    )
    swapped = {id(faster) for _, faster in SWAPPED.values()}
    assert id(_expression(baseline.BASIC_CLEAN_XPATH)) in swapped
    assert all(id(_expression(x)) in swapped for x in main_extractor.BODY_XPATH if "re:test" in x.path)
    assert all(id(_expression(x)) in swapped for x in core.RAW_TREE_PRUNE_XPATH if "re:test" in x.path)
    assert core.REMOVE_COMMENTS_XPATH is xpaths.REMOVE_COMMENTS_XPATH


def test_guarded_expressions_select_the_same_elements_on_fixture_pages() -> None:
    trees = _trees()
    assert len(trees) > 10
    selected = 0
    for original, faster in SWAPPED.values():
        for tree in trees:
            expected = original(tree)
            assert faster(tree) == expected, (original.path[:80], tree)
            assert all(isinstance(e, etree._Element) for e in expected)
            selected += len(expected)
    assert selected > 100  # the pages exercise the expressions


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("//*[re:test(@class, 'a|b')]", "//*[(@class and re:test(@class, 'a|b'))]"),
        ("//*[re:test(@id|@class, '^x', 'i')]", "//*[(@id|@class and re:test(@id|@class, '^x', 'i'))]"),
        ("//*[re:test(@class, 'a*')]", "//*[re:test(@class, 'a*')]"),  # '' matches: left alone
        ("//*[re:test(@class, '^$|b')]", "//*[re:test(@class, '^$|b')]"),
        ("//*[re:test(text(), 'a')]", "//*[re:test(text(), 'a')]"),  # not an attribute
    ],
)
def test_guard_only_where_the_empty_string_cannot_match(path: str, expected: str) -> None:
    assert guarded(path) == expected
    namespaces = {"re": "http://exslt.org/regular-expressions"}
    tree = parse_html("<html><body><p class=''>a</p><p>b</p><p class='xb'>c</p><p id='X'>d</p></body></html>")
    assert etree.XPath(expected, namespaces=namespaces)(tree) == etree.XPath(path, namespaces=namespaces)(tree)
