"""Class / id markers by concept: the one matcher for "does this element name itself X?".

Pages name their parts in class names, ids, roles and labels (``related-posts``,
``site-header``, ``comments-area``). Every step that asks such a question asks here, by
concept: a :class:`Concept` is data (which attributes it reads, and its token group as a
pattern over them, lower-cased); :func:`marked` is the algorithm, written once.

Token groups match whole tokens unless a concept says otherwise: ``(?<![a-z])`` and
``(?![a-z])`` around a group keep ``side`` from matching ``inside``. The comment finders'
concepts name whole class names (:func:`_names`: ``comment``, not ``comment-form``), as the
software writes them. The comment readers' ranked token lists (which of an item's elements is
its author, date or message: :mod:`pipeline.extract.comment_rules`) and the boilerplate
layer's token rules (:data:`pipeline.extract.boilerplate_names.BOILERPLATE_TOKENS`) are the other
readers of class names; they rank or weigh tokens rather than ask yes or no.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from pipeline.extract.phrase_patterns import alternation
from pipeline.extract.vocabulary import builtin, words


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


def _names(*names: str) -> re.Pattern[str]:
    """Whole class names, exactly these (space-separated tokens): 'comment', not 'comment-form'."""
    return re.compile(rf"(?<!\S)(?:{alternation(names)})(?!\S)")


# Where class names are read for the comment concepts: ``class`` and the naming test hooks
# (React and Vue sites carry an element's meaning in ``data-testid`` behind hashed classes).
_CLASS_NAMES = ("class", "data-testid", "data-component")


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
# A pop-up over the page (a newsletter sign-up's "modal_dialog", role=dialog): its heading names
# the box. A class that starts with the word, so not "hero-banner-popup", "overlay-modal-link-show"
# or Drupal's page-wide "dialog-off-canvas-main-canvas".
DIALOG = Concept(
    "dialog",
    ("class", "id", "role"),
    re.compile(r"^(?:modal|popup|pop-up|lightbox)(?![a-z])|^(?:alert)?dialog$"),
    per_token=True,
)
# The site's logo (an image or the link around it).
LOGO = Concept("logo", ("class", "id"), re.compile("logo"))
# A headline marked by a blog theme (class names as written).
HEADLINE = Concept("headline", ("class",), re.compile(r"entry-title|post-title|article-title|headline"), fold=False)
# A list of the article's cited sources.
REFERENCES = Concept(
    "references",
    ("class", "id"),
    _group(
        "references|reflist|ref-list|reference-list|footnotes?|citations?|bibliography|endnotes?"
        "|sources|article-sources|source-list|sources-list|literature"
    ),
)
# A region named for responses or comments (Medium's role=article items inside it); a
# "responsive" layout is none. The word for "comment" in each language comes from the
# vocabularies (`comment`: "reacties", "komentarze", "commenti" as well as "kommentare").
COMMENT_AREA = Concept(
    "comment-area",
    ("id", "class", "aria-label"),
    re.compile(rf"respons(?!iv)|discuss|repl|{alternation(words('comment'))}"),
)
# The cheap first test for COMMENT_AREA's candidates, case-sensitive: each word's stem with
# its first letter set aside for its case ("omment" holds Comment, comment and Kommentar,
# "eactie" Reacties, "omentarz" komentarze), and "respons", "discuss" ("repl" is left to the
# items it names: "reply-form" regions are many). A stem holding another is left out
# ("ommentaire" holds "omment"): it runs on every class and id of every page (~0.3 us each,
# 0.2 ms a page; the four fixed tests it replaced took a quarter of that).
_STEMS = {word[1:] for word in words("comment")} | {"espons", "iscuss"}
AREA_STEM = re.compile(
    "|".join(sorted(re.escape(stem) for stem in _STEMS if not any(o != stem and o in stem for o in _STEMS)))
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
    "messages",
    "kunena",
    "postlist",
    "posts",
    "forumposts",
)
FORUM_CONTEXT = Concept(
    "forum-context", ("class", "id", "itemtype"), re.compile(rf"(?<![^\s_\-/])(?:{'|'.join(FORUM_WORDS)})(?![^\s_\-/])")
)
# A <time> that says it is the last edit ("last edited 2 days ago" in its title or class).
EDITED = Concept("edited", ("title", "class"), re.compile(r"\b(?:edited|updated|modified)\b"))
# A product review or a testimonial (schema.org Review, "review-item", "customer-review"):
# a customer's verdict on what is sold, not a reader's comment on the article.
REVIEW = Concept("review", ("class", "itemtype", "itemprop"), _group("reviews?|testimonials?"))
# A score's element (Drugs.com-style "ddc-rating-summary", "star-rating", schema.org
# ``ratingValue``): with a score out of a scale in it, the item holding it is a review.
RATING = Concept("rating", ("class", "itemprop"), _group("rating|ratingvalue|stars"))
# A pingback or trackback listed among WordPress's comments: another site's link, no reader's words.
PINGBACK = Concept("pingback", ("class",), _group("pingback|trackback"))
# A list of the site's latest comments (``recent-comments``, ``widget_recent_comments``,
# ``latest-comment``): in a sidebar widget its entries are comments on other posts; elsewhere it
# can be the page's own thread sorted by date (LessWrong's ``recent-comments-node``).
SITE_COMMENTS = Concept("site-comments", ("class", "id"), _group("(?:recent|latest|newest)[-_]?comments?"))
# A sidebar's box (``widget``, ``sidebar``; ``<aside>`` by its tag).
WIDGET = Concept("widget", ("class", "id"), _group("widget|sidebar|side-bar"))
# A social network's embed: a <blockquote> its script turns into a post (``twitter-tweet``,
# ``instagram-media``, ``tiktok-embed``), not a quote the article sets apart (``quotes-set-apart``,
# :func:`pipeline.extract.layout_tables.quotes_set_apart`). Any run of letters, not whole tokens:
# the networks' own class names glue the word to others (``fb-xfbml-embed``, ``embedly-card``).
SOCIAL_EMBED = Concept("social-embed", ("class",), re.compile(r"embed|tweet|twitter|instagram|tiktok|facebook"))
# A box the article's author set apart and names as such: a warning ("When to call 911"), a
# summary ("Key points", "At a glance"), a tip. Only asked of a box a token rule would remove
# (``named-callouts``, :mod:`pipeline.extract.callouts`): on wcxb-dev tune and ScrapingHub the
# token rules removed three elements so named besides cookie bars (two ``infoBox`` share strips,
# a page builder's column of links), none of them read as a callout: no output changed.
CALLOUT = Concept(
    "callout",
    ("class", "id"),
    _group(
        r"callouts?|alert|warning|caution|important|tips?|infobox|key[-_]?(?:points|facts)|takeaways?"
        r"|(?:at[-_]?a[-_]?)?glance|red[-_]?flags"
    ),
)
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
# A cookie or consent dialog (OneTrust's onetrust-consent-sdk, Cookiebot, a "cookie-banner"):
# never the article, however much prose its purpose descriptions hold (on a listing of short
# teasers they outweigh the page: wcxb-dev 2974's paragraphs were all OneTrust's).
CONSENT = Concept(
    "consent",
    ("class", "id"),
    # Vendors' names and compound names only: a post classed "category-cookies" or
    # "tag-informed-consent" (WordPress) is an article about them.
    # Consent platforms' names match anywhere (Cookiebot's "CybotCookiebotDialog"); not "cmp-":
    # Adobe Experience Manager's components are "cmp-container", "cmp-text" (the whole page).
    re.compile(
        r"onetrust|cookiebot|didomi|usercentrics|qc-cmp2"
        r"|(?<![a-z])(?:cookie|consent|gdpr)[-_]?(?:consent|banner|notice|bar|law|popup|dialog|modal|manager|sdk|wall)(?![a-z])"
    ),
)
# A list of comments by its name ("commentlist", "comments-list", Joomla K2's "itemCommentsList"):
# its items are comments even where they carry no class of their own.
COMMENT_LIST = Concept("comment-list", ("class", "id"), re.compile(r"comments?[-_]?list"))
# Disqus and its kin, whose comments are classed "post".
COMMENT_WIDGET = Concept("comment-widget", ("id", "class"), re.compile("disqus"))
# One reader comment: WordPress ``li.comment``, ``comment-item``, Medium's ``response``.
_COMMENT_ITEM_NAMES = (
    "comment",
    "comment-item",
    "commentitem",
    "comment-entry",
    "comment-container",
    "js-comment",
    "comment-thread-item",
    "usercomment",
    "user-comment",
    "cmt-item",
    "response",
    "reader-response",
    "fyre-comment-article",
)
# ... and those names with "comment" in the other vocabulary languages ('kommentar', 'reactie-item',
# 'commentaire-entry'): a theme of another language names its items as WordPress's do. English's
# other word, "reaction", names an emoji button as a whole class more often than a comment.
_GENERIC_ITEM_NAMES = ("comment", "comment-item", "commentitem", "comment-entry", "comment-container", "user-comment")
_TRANSLATED = tuple(word for word in words("comment") if word not in builtin()["en"].comment)
COMMENT_ITEM = Concept(
    "comment-item",
    _CLASS_NAMES,
    _names(
        *_COMMENT_ITEM_NAMES,
        *(name.replace("comment", w) for name in _GENERIC_ITEM_NAMES for w in _TRANSLATED),
    ),
)
# A class whose last part means "comment" in a vocabulary language ('sp-commentaire',
# 'c-comment', 'user-kommentar'): a comment item too.
COMMENT_NAME_END = Concept(
    "comment-name-end", _CLASS_NAMES, re.compile(rf"[-_](?:{alternation(words('comment'))})(?!\S)")
)
# One post of a forum thread (phpBB/vBulletin/Discourse/XenForo-like software), also a camelCase
# class's last word (Invision's ``cPost``: :func:`names_word`).
FORUM_POST = Concept(
    "forum-post",
    _CLASS_NAMES,
    _names(
        "post",
        "forum-post",
        "postbit",
        "message",
        "topic-post",
        "reply",
        "forumpost",
        "post-container",
        "postcontainer",
        "postbitlegacy",
        "thread-post",
        "cooked-post",
        "messagelist-item",
        "post_wrapper",
        "post-wrapper",
    ),
)
# The header that starts a comment split over sibling elements (Blogger's ``dt.comment-author``
# before ``dd.comment-body``; a TV station CMS's table row ``td.commentHeader`` before the
# message's row, 2012: camelCase names lower-cased).
COMMENT_HEADER = Concept(
    "comment-header",
    _CLASS_NAMES,
    _names("comment-author", "comment-header", "comment-head", "comment-poster", "commentheader", "commenthead"),
)
# The message cell of a table-based forum's post row (phpBB2, vBulletin 3).
TABLE_POST_BODY = Concept(
    "table-post-body", _CLASS_NAMES, _names("postbody", "post_message", "postcontent", "post-content", "alt1")
)
# Hidden until a click (Invision's share menu) or from sighted readers: no part of a comment.
HIDDEN = Concept(
    "hidden", _CLASS_NAMES, _names("hidden", "hide", "ipshide", "d-none", "is-hidden", "visually-hidden", "sr-only")
)


# --- the matcher -----------------------------------------------------------------------------
def marker(element: etree._Element, concept: Concept) -> str:
    """The attributes the concept reads, space-joined (lower-cased unless it says not)."""
    get = element.get
    text = " ".join([get(name) or "" for name in concept.attributes])  # a list: join builds one from a generator
    return text.lower() if concept.fold else text


def marked(element: etree._Element, concept: Concept) -> bool:
    """Whether the element's markers say it is one of ``concept``."""
    text = marker(element, concept)
    if concept.per_token:
        return any(concept.pattern.search(token) for token in text.split())
    return concept.pattern.search(text) is not None


def marks(element: etree._Element, concept: Concept) -> list[str]:
    """The element's markers that say it is one of ``concept``, sorted, each once (the forum
    finder groups sibling posts by them)."""
    return sorted(set(concept.pattern.findall(marker(element, concept))))


def names_word(word: str | None, concept: Concept) -> bool:
    """Whether one lower-case word, on its own, is a marker of ``concept`` (the last word of a
    camelCase class: Invision's ``cPost`` -> 'post')."""
    return word is not None and concept.pattern.fullmatch(word) is not None
