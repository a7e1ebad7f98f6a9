"""Fast paths give exactly what the slower definition they replace gives (issue 9: speed, same output)."""

from __future__ import annotations

import pytest
from lxml import etree

from pipeline.extract.comments import _footer_candidates
from pipeline.extract.html import parse_html

# The definition the footer search had: quadratic in nesting, kept here as the reference.
FOOTER_CANDIDATES_XPATH = etree.XPath(
    "/descendant::*[self::span or self::p or self::div or self::small or self::em or self::footer]"
    "[starts-with(normalize-space(translate(., 'PWSKOD', 'pwskod')), 'posted ')"
    " or starts-with(normalize-space(translate(., 'PWSKOD', 'pwskod')), 'written ')"
    " or starts-with(normalize-space(translate(., 'PWSKOD', 'pwskod')), 'submitted ')]"
)


@pytest.mark.parametrize(
    ("body", "count"),
    [
        ("<div><b>Post</b>ed\n by x</div>", 1),  # the lead split over two text nodes
        ("<div><div> <span>\n posted\tby a</span></div></div>", 3),  # nested wrappers share it
        ("<div>Sub<i>mitted</i> by me on</div><p>Written by</p>", 2),
        ("<p>  POSTED by x</p>", 0),  # only P, W, S, K, O, D are folded to lower case
        ("<p>Posted</p><p>by</p>", 0),  # a lead needs a word after it
        ("<p>posted&nbsp;by</p>", 0),  # a no-break space is not XPath whitespace
        ("<p>Written  \n</p><em>written\u00a0</em>", 0),
        ("<p>Reposted by x</p><span><a>Share</a> posted by</span>", 0),  # not at the start
        ("<section>Posted by <b>x</b></section><footer>posted on Monday</footer>", 1),  # tags
    ],
)
def test_footer_candidates_equal_the_xpath_definition(body: str, count: int) -> None:
    root = parse_html(f"<html><body>{body}<p>Posted by me at 10:22</p></body></html>")
    expected = FOOTER_CANDIDATES_XPATH(root)
    assert _footer_candidates(root) == expected
    assert len(expected) == count + 1


def test_footer_candidates_none_without_a_lead_anywhere() -> None:
    root = parse_html("<html><body><div><div><p>Reply</p><span>Comments</span></div></div></body></html>")
    assert _footer_candidates(root) == [] == FOOTER_CANDIDATES_XPATH(root)
