"""The page's microdata is listed once, by the comment finders' walk, and the metadata and
reference readers take their ``itemprop`` elements from that list (issue 9: one worker's CPU;
the same output as asking the whole tree)."""

from __future__ import annotations

import datetime as dt

import pytest
from lxml import etree

from pipeline.extract import extract_html, html
from pipeline.extract.comments import find_comments
from pipeline.extract.html import itemprop_elements, parse_html
from pipeline.extract.sites import SiteRules

_MICRODATA = etree.XPath("/descendant::*[@itemtype or @itemprop]")

ARTICLE = " ".join(["The study followed two thousand adults for ten years and measured their sleep."] * 6)
PAGE = f"""<html lang="en"><head><title>Sleep and the heart</title></head><body>
<article itemscope itemtype="https://schema.org/MedicalWebPage">
<h1 itemprop="headline">Sleep and the heart</h1>
<p>By <span itemprop="author">Ann Lee</span></p>
<time itemprop="datePublished" datetime="2021-03-04">4 March 2021</time>
<div itemprop="reviewedBy" itemscope itemtype="https://schema.org/Person">
  Reviewed by <span itemprop="name">Dr. Bo Chan</span></div>
<p>{ARTICLE}</p><p>{ARTICLE}</p>
<ol><li itemprop="citation">Smith J. Sleep duration and heart disease. Lancet. 2019;393:1-9.</li></ol>
</article>
<div class="comments"><div class="comment" id="comment-1"><span class="author">Reader One</span>
<time datetime="2021-03-05">5 March 2021</time><p>Thank you, this helped me understand my results.</p></div>
<div class="comment" id="comment-2"><span class="author">Reader Two</span>
<time datetime="2021-03-06">6 March 2021</time><p>My doctor said the same thing about sleep last year.</p></div>
</div></body></html>"""


def test_the_scan_lists_every_microdata_element_in_page_order() -> None:
    """What the readers are given is what a whole-tree query selects, in its order."""
    root = parse_html(PAGE)
    scan = find_comments(root, "en")
    assert scan.comments  # the page's thread was found, after the walk
    assert scan.microdata == _MICRODATA(root)
    for prop in (None, "reviewedBy", "citation", "datePublished", "missing"):
        assert itemprop_elements(root, scan.microdata, prop) == itemprop_elements(root, None, prop)
    assert [e.get("itemprop") for e in itemprop_elements(root, scan.microdata)][:3] == [
        "headline",
        "author",
        "datePublished",
    ]


def test_no_whole_tree_itemprop_query_when_the_finders_walked(monkeypatch: pytest.MonkeyPatch) -> None:
    """The reviewer, the publication date and the cited source come from the walk's list: the
    whole-tree query is never asked, and the fields are the ones it gives."""
    expected = extract_html(PAGE, "https://health.example/sleep")

    def refused(root: etree._Element) -> list[etree._Element]:
        raise AssertionError("the whole tree was asked for its itemprop elements")

    monkeypatch.setattr(html, "_ITEMPROP_ELEMENTS", refused)
    got = extract_html(PAGE, "https://health.example/sleep")
    assert got.metadata.reviewers == expected.metadata.reviewers == ["Bo Chan"]
    assert got.metadata.published == expected.metadata.published == dt.date(2021, 3, 4)
    assert [r.text for r in got.references] == [r.text for r in expected.references]
    assert any("Lancet" in r.text for r in got.references)


def test_a_site_rules_thread_found_before_the_walk_leaves_the_readers_their_query() -> None:
    """A site rule's comment selector answers before the finders' walk: no list, and the
    readers ask the tree themselves, with the same result."""
    rules = {"health.example": SiteRules(hosts=("health.example",), comment_item="div.comment")}
    scan = find_comments(parse_html(PAGE), "en", "div.comment")
    assert scan.microdata is None and scan.comments
    got = extract_html(PAGE, "https://health.example/sleep", site_rules=rules)
    assert got.metadata.reviewers == ["Bo Chan"] and got.metadata.published == dt.date(2021, 3, 4)
    assert any("Lancet" in r.text for r in got.references)
