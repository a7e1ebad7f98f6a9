"""The one class/id matcher: concepts as token groups, matched whole unless a concept says not."""

from __future__ import annotations

import pytest
from lxml import etree

from pipeline.extract.markers import BANNER, FORUM_CONTEXT, HEADLINE, MENU, TEASER, Concept, marked


def element(**attributes: str) -> etree._Element:
    node = etree.Element("div")
    for name, value in attributes.items():
        node.set(name.replace("_", "-"), value)
    return node


@pytest.mark.parametrize(
    ("concept", "attributes", "expected"),
    [
        (TEASER, {"class": "related-posts"}, True),
        (TEASER, {"id": "Read-Next"}, True),
        (TEASER, {"class": "correlated"}, False),  # a whole token, not a piece of a word
        (MENU, {"class": "journal__link-submenu"}, True),
        (MENU, {"class": "nav-links"}, True),
        (MENU, {"class": "offset-nav"}, False),  # 'nav' starts a token or it is no menu
        (BANNER, {"role": "banner"}, True),
        (BANNER, {"class": "inside"}, False),
        (FORUM_CONTEXT, {"itemtype": "https://schema.org/DiscussionForumPosting"}, True),
        (FORUM_CONTEXT, {"class": "p-body-main thread_view"}, True),
        (FORUM_CONTEXT, {"class": "forumline"}, False),
        (HEADLINE, {"class": "entry-title"}, True),
        (HEADLINE, {"class": "Headline"}, False),  # class names as written
    ],
)
def test_an_element_is_marked_by_whole_tokens_of_the_attributes_its_concept_reads(
    concept: Concept, attributes: dict[str, str], expected: bool
) -> None:
    assert marked(element(**attributes), concept) is expected
