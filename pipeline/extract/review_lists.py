"""A product's customer reviews: the blocks its markup names reviews (a class, itemtype or
itemprop of the REVIEW concept) and those found by their shape, sibling blocks each with a rating
("Rated 5.0 out of 5 stars", ``aria-label="4 out of 5"``, ``itemprop=ratingValue``, a
``<meter>``), when it was written or who bought it ("1 year ago", "Jan 20, 2026", "Verified
buyer") and words of their own. A template whose class names say nothing (hashed, renamed)
still prints its reviews this way. The ``product-reviews`` boilerplate step removes them.
"""

from __future__ import annotations

import re

from lxml import etree

from pipeline.extract.boilerplate_names import PROTECTED_TAGS
from pipeline.extract.dates import find_datetime
from pipeline.extract.markers import REVIEW, marked
from pipeline.extract.phrase_patterns import alternation
from pipeline.extract.scores import BLOCK, shows_score
from pipeline.extract.structure import TextMass
from pipeline.extract.vocabulary import time_ago, words

# Three reviews in a row make a list; two blocks with a score can be a product and its
# accessory side by side.
REVIEW_LIST_MIN = 3
# A review says something beyond its score and date: a block of fewer words is a rating bar
# or a histogram row ("5 stars 80%").
REVIEW_MIN_WORDS = 8
# A block of more words is a section holding reviews (or a product card's description), not one.
REVIEW_MAX_WORDS = 600
# The reviewer: a store's badge, or when the review was written relative to now (the
# vocabularies' reviewer_badges, time_ago and recent_days).
_REVIEWER = re.compile(
    rf"\b(?:{alternation(words('reviewer_badges'))})\b|{time_ago()}|\b(?:{alternation(words('recent_days'))})\b",
    re.IGNORECASE,
)
# A product card ("customers also bought") has a score too, but a price and a cart button
# (the vocabularies' cart_buttons).
_CARD = re.compile(rf"[$€£¥]\s?\d|\b(?:{alternation(words('cart_buttons'))})\b", re.IGNORECASE)
_LABELS = ("aria-label", "title", "alt")


def _rated(block: etree._Element, text: str) -> bool:
    if shows_score(text, BLOCK):
        return True
    for node in block.iter():
        if not isinstance(node.tag, str):
            continue
        if node.tag == "meter" or node.get("itemprop") == "ratingValue":
            return True
        if any(shows_score(node.get(label) or "", BLOCK) for label in _LABELS):
            return True
    return False


def _dated(block: etree._Element, text: str) -> bool:
    if _REVIEWER.search(text):
        return True
    times = (node.get("datetime") or node.text_content() for node in block.iter("time"))
    return any(find_datetime(value, None) for value in times) or find_datetime(text, None) is not None


def is_review(block: etree._Element) -> bool:
    """A block with a score, a reviewer or date, words of its own and no price."""
    text = " ".join(" ".join(block.itertext()).split())  # apart: "stars" and "1 year ago" are two nodes
    return (
        REVIEW_MIN_WORDS <= len(text.split()) <= REVIEW_MAX_WORDS
        and not _CARD.search(text)
        and _rated(block, text)
        and _dated(block, text)
    )


def review_blocks(root: etree._Element) -> list[etree._Element]:
    """The reviews of every list of REVIEW_LIST_MIN or more sibling reviews, the innermost list
    where lists nest (a column of three review lists is no list of reviews); the siblings that
    are not reviews (the list's heading, a "load more" button) stay."""
    lists: dict[etree._Element, list[etree._Element]] = {}
    for parent in root.iter():
        if not isinstance(parent.tag, str) or len(parent) < REVIEW_LIST_MIN:
            continue
        reviews = [child for child in parent if isinstance(child.tag, str) and is_review(child)]
        if len(reviews) >= REVIEW_LIST_MIN:
            lists[parent] = reviews
    inner = [p for p in lists if not any(a in lists for a in p.iterdescendants())]
    return [review for parent in inner for review in lists[parent]]


# Where a product's reviews can be: a class, itemtype or itemprop that says "review" (the
# REVIEW concept is asked of these only).
_REVIEW_NAMED = etree.XPath(
    "//*[contains(translate(@class, 'REVIW', 'reviw'), 'review') or contains(@itemtype, 'Review')"
    " or contains(@itemprop, 'review') or contains(translate(@class, 'TESIMONAL', 'tesimonal'), 'testimonial')]"
)


def product_reviews(root: etree._Element, mass: TextMass) -> list[etree._Element]:
    """On a page that declares one product, its customers' reviews (a class, itemtype or itemprop
    of the REVIEW concept: "product-reviews-accordion", schema.org Review) are not its text: the
    description, details and specifications are. Session 9, wcxb-dev tune: the gold text of
    every product page leaves the reviews out, and trafilatura keeps them when they are prose
    (an outdoor shop's ten reviews were 80% of its text). Reviews under names that say nothing
    are found by their shape (:func:`review_blocks`). Never the article's own container."""
    found: list[etree._Element] = []
    taken: set[etree._Element] = set()
    named = [e for e in _REVIEW_NAMED(root) if marked(e, REVIEW)]  # document order: outer boxes first
    for element in [*named, *review_blocks(root)]:  # then those found by their shape (review_lists)
        if (
            element.getparent() is None
            or element.tag in PROTECTED_TAGS
            or element in mass.protected
            or element in taken
            or any(a in taken for a in element.iterancestors())
        ):
            continue
        found.append(element)
        taken.add(element)
    return found
