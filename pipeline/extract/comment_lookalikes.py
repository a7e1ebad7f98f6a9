"""What looks like reader comments and is not: found items a thread never holds.

A product review (the item or the element holding it says so, or it rates what it speaks of), a
pingback, a sidebar widget's latest comments on other posts, a widget saying the thread is
empty, a list of people or labels (a leaderboard), a listing where one author wrote every post,
and unsigned items (an FAQ's answers, a shop's product cards). :func:`pipeline.extract.comments.find_comments`
asks these before it reads a thread.
"""

from __future__ import annotations

from lxml import etree

from pipeline.extract.comment_items import Item
from pipeline.extract.comment_rules import EMPTY_THREAD
from pipeline.extract.comment_thread import Read
from pipeline.extract.html import element_text
from pipeline.extract.markers import COMMENT_ITEM, PINGBACK, RATING, REVIEW, SITE_COMMENTS, WIDGET, marked
from pipeline.extract.scores import ELEMENT, shows_score


def is_review(item: Item, reviews: dict[etree._Element, bool] | None = None) -> bool:
    """A product review, not a reader's comment: the item or the element holding it says so
    (WooCommerce keeps reviews as WordPress comments: ``li.review`` around ``div#comment-12``);
    nor is a pingback or trackback (``li.pingback``: another site's link and excerpt), nor an
    entry of a widget listing the site's latest comments on other posts (with their excerpts)."""
    if item.element is None:
        return False
    near = [item.element, *item.element.iterancestors()][: REVIEW_LEVELS + 1]
    if any(marked(e, REVIEW) or marked(e, PINGBACK) for e in near) or _rated(item.element):
        return True
    boxes = [item.element, *item.element.iterancestors()][: WIDGET_LEVELS + 1]
    if any(marked(e, SITE_COMMENTS) for e in near) and any(e.tag == "aside" or marked(e, WIDGET) for e in boxes):
        return True
    # A reply to a review (the shop's "Thank you for your kind words" in the review's
    # ``ul.children``): inside a review's own list item, however deep; a list item is one
    # review, never a page-wide class. ``reviews`` remembers each list item's answer: a deep
    # thread's items share their ancestors (69,000 marker tests over the tune pages, not 5,000).
    known = {} if reviews is None else reviews
    for element in item.element.iterancestors("li"):
        if (answer := known.get(element)) is None:
            answer = known[element] = marked(element, REVIEW)
        if answer:
            return True
    return False


def _rated(element: etree._Element) -> bool:
    """The item rates what it speaks of ("8/10" in a rating element, schema.org ``ratingValue``,
    a star image labelled "Rated 5 out of 5"):
    a drug's or a product's user review, whatever its classes call it (Drugs.com-style
    ``user-comment`` items)."""
    return any(
        isinstance(e.tag, str)
        and (
            (
                marked(e, RATING)
                and ((e.get("itemprop") or "").lower() == "ratingvalue" or shows_score(element_text(e), ELEMENT))
            )
            # a star widget read out to screen readers, whatever its class: WooCommerce's
            # <div role="img" aria-label="Rated 5 out of 5">
            or (e.get("role") == "img" and shows_score(e.get("aria-label") or "", ELEMENT))
        )
        for e in element.iter()
    )


# How far above a comment item a review's own element may be (its list item, its container);
# a page-wide class ("category-reviews" on a blog post) is further up.
REVIEW_LEVELS = 2
# How far above a widget's entry the sidebar box holding it may be (``aside.widget >
# div.widget-content > ul.recent-comments > li``).
WIDGET_LEVELS = 4


def plausible_thread(reads: list[Read]) -> bool:
    """Never comments: a widget that says the thread is empty ("Be the first to post"), a list
    of people or labels (a leaderboard, "One Year", "Fall or Spring": mostly a few words each and
    no author), a news listing where one "author" wrote every post."""
    texts = [read for read in reads if read.text]
    if not texts:
        return True
    if EMPTY_THREAD.match(texts[0].text.split("\n", 1)[0]):
        return False
    authors = {read.author for read in texts}
    unnamed = sum(1 for read in texts if read.author is None)
    short = sum(1 for read in texts if len(read.text.split()) <= LABEL_MAX_WORDS)
    if min(unnamed, short) >= LABEL_SHARE * len(texts):
        return False
    return not (len(texts) >= SAME_AUTHOR_MIN_POSTS and len(authors) == 1 and None not in authors and _teasers(texts))


def unsigned_list(items: list[Item], reads: list[Read]) -> bool:
    """Readers' comments are signed: a name or a time on some of them. Items that name nobody
    and carry no date anywhere are an FAQ's answers, a shop's product cards or a seller's
    feedback, unless the page classes them as comments outright (Hacker News prints the name
    and the age beside its ``div.comment``, outside it)."""
    texts = [(item, read) for item, read in zip(items, reads, strict=True) if read.text]
    if len(texts) < UNSIGNED_MIN_ITEMS or any(read.author or read.posted for _, read in texts):
        return False
    return not all(item.element is not None and marked(item.element, COMMENT_ITEM) for item, _ in texts)


# One unsigned item says little (a lone anonymous comment); a run of them is a list.
UNSIGNED_MIN_ITEMS = 2


def _teasers(texts: list[Read]) -> bool:
    """Posts that never quote or answer anyone and carry no dates of their own differ: a listing."""
    return not any(read.quoted or read.reply_to for read in texts)


# A name or a label is a few words; a comment says something.
LABEL_MAX_WORDS = 3


# Most items of a list of people or labels are that short (a real thread has a few "Thanks!").
LABEL_SHARE = 0.8


# One author writing every one of this many posts is a listing of that author's articles.
SAME_AUTHOR_MIN_POSTS = 3
