"""Class / id markers by concept: the one matcher for "does this element name itself X?".

Pages name their parts in class names, ids, roles and labels (``related-posts``,
``site-header``, ``comments-area``). Every step that asks such a question asks here, by
concept: a :class:`Concept` is data (which attributes it reads, and its token group as a
pattern over them, lower-cased); :func:`marked` is the algorithm, written once.

Token groups match whole tokens unless a concept says otherwise: ``(?<![a-z])`` and
``(?![a-z])`` around a group keep ``side`` from matching ``inside``. The comment modules'
token sets (``class_tokens``, ``class_words``) and the boilerplate layer's token rules
(:data:`pipeline.extract.patterns.BOILERPLATE_TOKENS`) are the other two readers of class
names; they match sets of tokens, not patterns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree


@dataclass(frozen=True, slots=True)
class Concept:
    """What an element's markers must say to be one of these."""

    name: str
    # Attributes read, joined by a space in this order.
    attributes: tuple[str, ...]
    pattern: re.Pattern[str]
    # Each space-separated token tested apart (for patterns anchored at a token's start).
    per_token: bool = False
    # Markers lower-cased first (off: the class must be written as the pattern is).
    fold: bool = True


def _group(words: str) -> re.Pattern[str]:
    """Whole tokens: a word of the group not inside a longer run of letters."""
    return re.compile(rf"(?<![a-z])(?:{words})(?![a-z])")


# --- the token groups, by concept (data) ----------------------------------------------------
# A related-articles card or list: the bylines in it belong to other articles.
TEASER = Concept(
    "teaser", ("class", "id"), _group("related|recommended|read-?next|more-stories|teaser|promo|card-list|cards")
)
# A menu: "sub-menu", "journal__link-submenu", "nav-links", "dropdown-item" ("offset-nav" is not).
MENU = Concept("menu", ("class", "id"), re.compile(r"menu|^nav|^dropdown"), per_token=True)
# The page header's parts: a logo line, not the content.
BANNER = Concept(
    "banner",
    ("class", "id", "role"),
    _group("banner|masthead|headerbar|site-header|page-header|logo|branding|side|sidebar|rail"),
)
# The site's logo (an image or the link around it).
LOGO = Concept("logo", ("class", "id"), re.compile("logo"))
# A headline marked by a blog theme (class names as written).
HEADLINE = Concept("headline", ("class",), re.compile(r"entry-title|post-title|article-title|headline"), fold=False)
# A summary box placed between the headline and the article body.
SUMMARY = Concept(
    "summary",
    ("class",),
    _group("key-?points|key-takeaways|takeaways|at-a-glance|tldr|article-summary|summary-box|highlights"),
)
# A list of the article's cited sources.
REFERENCES = Concept(
    "references",
    ("class", "id"),
    _group(
        "references|reflist|ref-list|reference-list|footnotes?|citations?|bibliography|endnotes?"
        "|sources|article-sources|source-list|sources-list|literature"
    ),
)
# A region named for responses or comments (Medium's role=article items inside it).
COMMENT_AREA = Concept(
    "comment-area",
    ("id", "class", "aria-label"),
    re.compile(r"respons|comment|discuss|repl|reaction|kommentar|commentaire|comentario"),
)
# A thread page says so on its posts' ancestors: forum software's or thread/topic names
# (whole parts of class, id or itemtype, split at spaces, '-', '_' and '/').
FORUM_WORDS = (
    "forum",
    "forums",
    "thread",
    "topic",
    "discussionforumposting",
    "phpbb",
    "vbulletin",
    "xenforo",
    "discourse",
    "bbpress",
    "messagelist",
    "postlist",
    "posts",
)
FORUM_CONTEXT = Concept(
    "forum-context", ("class", "id", "itemtype"), re.compile(rf"(?<![^\s_\-/])(?:{'|'.join(FORUM_WORDS)})(?![^\s_\-/])")
)
# A <time> that says it is the last edit ("last edited 2 days ago" in its title or class).
EDITED = Concept("edited", ("title", "class"), re.compile(r"\b(?:edited|updated|modified)\b"))
# A product review or a testimonial (schema.org Review, "review-item", "customer-review"):
# a customer's verdict on what is sold, not a reader's comment on the article.
REVIEW = Concept("review", ("class", "itemtype", "itemprop"), _group("reviews?|testimonials?"))
# Hidden, but the page's content: a panel the reader opens with a click (accordion, tab, FAQ
# answer, "read more" toggle). Measured on the wcxb-dev tune pages: the gold text keeps them
# (service pages' FAQs, shops' buying guides); hidden menus carry none of these names.
COLLAPSED_PANEL = Concept(
    "collapsed-panel",
    ("class", "id", "role", "data-testid"),
    _group(
        r"accordion|tab[-_]?panel|tab[-_]?pane|tab[-_]?content|collapsible|toggle[-_]?content|faq|answer"
        r"|expandable|read[-_]?more[-_]?content"
    ),
)
# Disqus and its kin, whose comments are classed "post".
COMMENT_WIDGET = Concept("comment-widget", ("id", "class"), re.compile("disqus"))


# --- the matcher -----------------------------------------------------------------------------
def marker(element: etree._Element, concept: Concept) -> str:
    """The attributes the concept reads, space-joined (lower-cased unless it says not)."""
    get = element.get
    text = " ".join(get(name) or "" for name in concept.attributes)
    return text.lower() if concept.fold else text


def marked(element: etree._Element, concept: Concept) -> bool:
    """Whether the element's markers say it is one of ``concept``."""
    text = marker(element, concept)
    if concept.per_token:
        return any(concept.pattern.search(token) for token in text.split())
    return concept.pattern.search(text) is not None
