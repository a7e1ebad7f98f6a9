"""The one class/id matcher: concepts as token groups, matched whole unless a concept says not."""

from __future__ import annotations

import pytest
from lxml import etree

from pipeline.extract.markers import (
    BANNER,
    COMMENT_HEADER,
    COMMENT_ITEM,
    COMMENT_NAME_END,
    CONSENT,
    DIALOG,
    FORUM_CONTEXT,
    FORUM_POST,
    HEADLINE,
    HIDDEN,
    MENU,
    TABLE_POST_BODY,
    TEASER,
    Concept,
    marked,
    marks,
    names_word,
)


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
        (DIALOG, {"class": "modal_dialog"}, True),
        (DIALOG, {"role": "dialog"}, True),
        (DIALOG, {"class": "hero-banner-popup"}, False),  # a class that starts with the word
        (DIALOG, {"class": "dialog-off-canvas-main-canvas"}, False),  # Drupal's page wrapper
        (FORUM_CONTEXT, {"itemtype": "https://schema.org/DiscussionForumPosting"}, True),
        (FORUM_CONTEXT, {"class": "p-body-main thread_view"}, True),
        (FORUM_CONTEXT, {"class": "forumline"}, False),
        (HEADLINE, {"class": "entry-title"}, True),
        (HEADLINE, {"class": "Headline"}, False),  # class names as written
        # The comment finders' concepts name whole class names (and test hooks), nothing less.
        (COMMENT_ITEM, {"class": "Comment even thread-even"}, True),
        (COMMENT_ITEM, {"data_testid": "comment"}, True),
        (COMMENT_ITEM, {"class": "comment-form"}, False),
        (COMMENT_ITEM, {"class": "comments"}, False),
        (COMMENT_NAME_END, {"class": "sp-commentaire"}, True),
        (COMMENT_NAME_END, {"class": "user_kommentar big"}, True),
        (COMMENT_NAME_END, {"class": "comment"}, False),  # no part before it: COMMENT_ITEM's
        (COMMENT_NAME_END, {"class": "c-comment-body"}, False),  # the last part only
        (FORUM_POST, {"class": "message message--post"}, True),
        (FORUM_POST, {"class": "post-title"}, False),
        (COMMENT_HEADER, {"class": "comment-author vcard"}, True),
        (TABLE_POST_BODY, {"class": "alt1"}, True),
        (TABLE_POST_BODY, {"class": "alt10"}, False),
        (HIDDEN, {"class": "ipsHide"}, True),
        (HIDDEN, {"class": "hide-for-print"}, False),
        (CONSENT, {"id": "onetrust-consent-sdk"}, True),
        (CONSENT, {"class": "cookie-banner"}, True),
        (CONSENT, {"id": "CybotCookiebotDialog"}, True),
        (CONSENT, {"class": "post type-post category-cookies"}, False),  # an article about cookies
        (CONSENT, {"class": "post tag-informed-consent"}, False),
        (CONSENT, {"class": "cmp-container"}, False),  # Adobe Experience Manager: a component
    ],
)
def test_an_element_is_marked_by_whole_tokens_of_the_attributes_its_concept_reads(
    concept: Concept, attributes: dict[str, str], expected: bool
) -> None:
    assert marked(element(**attributes), concept) is expected


def test_a_concepts_markers_are_listed_and_a_lone_word_is_tested_on_its_own() -> None:
    # The forum finder groups sibling posts by the markers they share.
    assert marks(element(**{"class": "post reply Post x-post"}), FORUM_POST) == ["post", "reply"]
    assert marks(element(**{"class": "post-title"}), FORUM_POST) == []
    # The last word of a camelCase class (Invision's cPost, cTopic).
    assert names_word("post", FORUM_POST) and names_word("topic", FORUM_CONTEXT)
    assert not names_word("posting", FORUM_POST) and not names_word(None, FORUM_POST)
