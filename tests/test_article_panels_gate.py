"""The token rule asks ``article_panel`` only on a page where something names panels: on the
others (most pages) it answers False for every element, so the gate is exact (~20,000 calls a run
of ScrapingHub's WARC, ~3% of the extract stage, before it)."""

from __future__ import annotations

from pipeline.extract.article_panels import Panels, article_panel, article_panels
from pipeline.extract.html import names_of, parse_html
from pipeline.extract.structure import TextMass

PROSE = "<p>" + "A long paragraph of the article's own prose, about asthma and its care. " * 3 + "</p>"
PAGE = f"""<html><body>
<div class="sidebar widget"><ul><li><a href="/a">Related</a></li></ul></div>
<div class="content"><article>{PROSE * 4}</article></div>
<div class="newsletter popup"><p>Sign up</p></div>
<footer class="site-footer"><p>Links</p></footer>
</body></html>"""


def test_no_panels_is_falsy_and_any_named_panel_is_not() -> None:
    assert not Panels()
    assert Panels(kinds={"div widget"})
    assert Panels(branch={parse_html(PAGE): [("div", frozenset({"widget"}))]})


def test_without_panels_no_element_is_an_article_panel() -> None:
    root = parse_html(PAGE)
    panels = article_panels(TextMass(root))
    assert not panels  # nothing on the article's branch carries a token, no kind holds the prose
    assert not any(article_panel(element, names_of(element), panels) for element in root.iter())
    assert not panels  # and asking added none
