"""Comment rules as data: the class names, ids and tokens that mark comments and their parts.

Class rules match whole class names (``comment``) or their hyphen/underscore parts
(``comment-author`` -> ``author``). What a comment's lines say (author, header, date, buttons)
is :mod:`pipeline.extract.comment_lines`.
"""

from __future__ import annotations

import re

# "comment-12", "li-comment-12", Invision's "elComment_12", the Disqus WordPress plugin's
# "dsq-comment-12", Typepad's "comment-6a00d8341c4f3e53ef0167..." (hex), "post-7", "msg12",
# Invision 3's "post_id_12".
# A comment's id under the app's own prefix: AlternativeTo's "app-comment-1191795",
# "user-comment-88" (a word, then "comment" and the number, as commenting software writes it);
# IntenseDebate's rendered "IDComment-9981231" (its "ID" glued to "Comment").
PREFIXED_COMMENT_ID = re.compile(r"^(?:[a-z]+[-_]|ID(?=Comment))comment[-_]?\d+$", re.IGNORECASE)
ITEM_ID = re.compile(
    r"^(?:li-|el|dsq-)?comment[-_]?(?:\d+|[0-9a-f]{12,})$|^(?:post|p|postid|post_id|reply|msg)[-_]?\d+$", re.IGNORECASE
)
# A web component named for one comment (new Reddit's ``<shreddit-comment>``, Angular's
# ``<app-comment>``): a custom element's tag that ends in "-comment".
COMMENT_TAG = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*-comment$")
# A CSS Modules class name (Next.js, Vite: ``Component_local__hash``): the component's name
# says what the element is where the build hashed the rest. A component named for one comment
# ("Comment", "CommentItem", "CommentCard") at its root element ("CommentItem_item__a8Fj2",
# "Comment_root__x1") is a comment item; "CommentList_list" and "CommentItem_header" are not.
CSS_MODULE_CLASS = re.compile(
    r"^(?P<component>[A-Za-z][A-Za-z0-9]*)_(?P<local>[A-Za-z][A-Za-z0-9]*)__[A-Za-z0-9_-]{4,}$"
)
COMMENT_COMPONENTS = frozenset({"comment", "commentitem", "commentcard", "commentcontainer", "commententry"})
MODULE_ROOTS = frozenset({"root", "item", "container", "wrapper", "comment", "card", "entry", "main"})
# The id of the element holding a thread's opening post, named for the thread's subject rather
# than as a comment: GitHub's issue body ``div#issue-930844214`` (its replies are
# ``issuecomment-N``), a pull request's ``pullrequest-N``.
OPENER_ID = re.compile(r"^(?:issue|pullrequest)-\d+$")
# How far above a comment item the element with the opener's id may be (its group, its wrapper).
OPENER_LEVELS = 2
# The software numbering a post as the thread's first, whatever its classes: Discourse's
# ``data-post-number="1"`` on the post's wrapper and ``aria-label="post #1 by @NAME"`` on it.
OPENER_NUMBER_ATTRIBUTE = "data-post-number"
OPENER_LABEL = re.compile(r"^post #1 by\b", re.IGNORECASE)
# The opening post by its id, where the replies are marked and it is not (Warrior Forum's
# ``div#main-post`` before its schema.org Comments).
OPENING_POST_ID = re.compile(r"^(?:main|original|first|opening|initial|starter)[-_]?post$", re.IGNORECASE)
# ... or by its class, where the software names it apart from the replies (Vanilla's
# ``div.ItemDiscussion`` before its ``li.ItemComment`` replies; class words, case-folded).
OPENING_POST_CLASS = frozenset({"itemdiscussion"})
# A post's message named by its id alone: vBulletin 3's "post_message_123", Simple Machines'
# "msg_123" (the div holding the message; "msg_123_extra_info" is the poster's card), and a
# message part numbered as its post is ("reply-body-150883368", "comment-body-12"): the
# reply's own message, where an unnumbered one of the same class is a quoted post's (Mumsnet).
# Not "content": phpBB's "post_content123" holds the subject and the author line too.
# IntenseDebate numbers its message "IDCommentText340118822" inside "IDComment-340118822".
MESSAGE_ID = re.compile(
    r"^(?:post_?message|msg|(?:reply|post|comment|message)[-_](?:body|text|message)|IDCommentText)[-_]?\d+$",
    re.IGNORECASE,
)
# Post teasers in an article list are mostly link text; real forum posts are mostly prose.
MAX_POST_LINK_DENSITY = 0.5
# An inner message element holding this share of a post body's text is the real body.
INNER_BODY_SHARE = 0.5
# Text beside the inner message that is only a title, buttons and the author line.
LABEL_SLACK_CHARS = 30
# An author line under a post is a handle or a name: "anon341219", "Mary K.", "Dr. Sam Lee".
AUTHOR_LINE_MAX_WORDS = 4
AUTHOR_LINE_MAX_CHARS = 40
NUMBERED_LABEL = re.compile(
    r"^(?:post|comment|reply|beitrag|comentario|kommentar)\s*#?\s*\d+\s*:?$|^#\d+$", re.IGNORECASE
)

# A comment's author element by its whole class names (or itemprop), best first: microformats'
# "fn", WordPress's "comment-author", forum software's "postauthor", Hacker News' "hnuser".
AUTHOR_TOKENS = (
    "fn",
    "comment-author",
    "author-name",
    "username",
    "user-name",
    "postauthor",
    "post-author",
    "commenter",
    "poster",
    "nickname",
    "nick",
    "display-name",
    "screen-name",
    "uname",
    "hnuser",
    "bigusername",
    "profile-link",
)
# Failing those, by a part of a class name ("c-comment__author", "meta-user"), best first; the
# element must then show a name (a class word such as "user" marks a "Homepage" link too).
AUTHOR_WORDS = ("author", "username", "user", "name", "by", "byline", "auteur", "autor", "verfasser")
# A comment's message first looked for by these whole class names or itemprops (schema.org's
# Comment "text", a review's "description"), before the wider BODY_TOKENS.
MESSAGE_FIRST_TOKENS = ("text", "commenttext", "comment-text", "comment-content", "description", "articlebody")

DATE_TOKENS = (
    "date",
    "time",
    "timestamp",
    "posted",
    "comment-date",
    "comment-time",
    "post-date",
    "postdate",
    "published",
    "datetime",
    "posted-on",
    "comment-metadata",
    "commentmetadata",
    "meta",
    "age",
    "when",
)
BODY_TOKENS = (
    "comment-content",
    "comment-text",
    "comment_text",
    "commenttext",
    "comment-body-text",
    "post-content",
    "postmsg",  # FluxBB / PunBB: inside div.postbody, which holds the user card too
    "postbody",
    "post-body",
    "post-text",
    "message-body",
    "message-content",
    "message-text",
    "messagetext",
    "messagecontent",
    "kmsg",
    "content",
    "text",
    "body",
    "message",
    "entry-content",
    "cooked",
    "comment-body",
    "commentbody",
    "postcontent",
    "comment-copy",
    "answercell",
    "s-prose",
    "texte",
    "contenu",
    "inhalt",
    "contenido",
    "cuerpo",
)
NOISE_TOKENS = frozenset(
    {
        "reply",
        "replies-link",
        "comment-reply-link",
        "quote",
        "report",
        "vote",
        "votes",
        "like",
        "likes",
        "rating",
        "score",
        "karma",
        "badge",
        "badges",
        "rank",
        "signature",
        "sig",
        "avatar",
        "user-info",
        "userinfo",
        "postprofile",
        "profile",
        "joined",
        "actions",
        "toolbar",
        "share",
        "permalink",
        "edit",
        "flag",
        "says",
        "comment-meta",
        "comment-metadata",
        "post-meta",
        "postmeta",
        "meta",
        "reply-link",
        "controls",
        "post-number",
        "post-count",
        "postcount",
        "member-since",
        "user-details",
        "author-info",
        "poster-info",
        "comment-actions",
        "post-footer",
        "reactions",
        # CommentLuv (a blogging plugin of 2009-2013): "NAME recently posted..TITLE" under the message
        "cluv",
        # a file attached to a post: its name and "(1.35 KiB) Downloaded 458 times"
        "attachbox",
        "attachment",
        "attachments",
    }
)
# Class-name words of the card a forum draws for a link pasted into a post (XenForo 2's
# ``bbCodeBlock--unfurl``, Discourse's ``aside.onebox``, a theme's ``link-preview``): the site
# fetched its title, blurb and host; the reader wrote the link, so the card's title stays.
LINK_CARD_WORDS = frozenset({"unfurl", "onebox", "linkpreview", "link-preview"})
# The attributes the same software writes on the card whatever the theme calls it (XenForo's
# ``data-unfurl="true"``, Discourse's ``data-onebox-src``): a restyled forum keeps them.
LINK_CARD_ATTRIBUTES = ("data-unfurl", "data-onebox-src")
# The attribute Invision Community puts on what a quote of the post leaves out (its "Edited
# DATE by NAME ... (see edit history)" note): the software's own word that it is no message.
NOT_QUOTED_ATTRIBUTE = "data-excludequote"
# The attributes Discourse writes on a quote of another post whatever the theme calls it
# (``<aside class="quote" data-username="NAME" data-post="3">``): both, the quoted member's
# name and the post's number (a user card carries a name alone).
QUOTE_ATTRIBUTES = ("data-username", "data-post")
# A comment is prose: an "item" whose message is mostly link text is a teaser list.
MAX_COMMENT_LINK_SHARE = 0.6
# A comment widget with nothing in it says so: its first line is never a comment.
EMPTY_THREAD = re.compile(
    r"^(?:be the first to (?:post|comment|reply|review)|no (?:comments|replies|responses)(?: yet)?|"
    r"start the (?:discussion|conversation)|join the (?:discussion|conversation)|there are no comments)\b",
    re.IGNORECASE,
)


# A reply's subject line over its message: "Re: Walking after meals" (FluxBB, PunBB, SMF),
# German "AW:", Scandinavian "SV:"/"VS:", Polish "Odp:".
# A comment's permalink: a link to its anchor on the post's page ("/comment/71#comment-71",
# "/2012/03/walking.html#c4821", "#comment-12"). A heading inside a comment block whose every
# link goes to such an anchor is the comment's own subject (Drupal 7's and 8's comment.tpl),
# not a teaser's headline, which links to its article.
COMMENT_PERMALINK = re.compile(r"#(?:[a-z]+-)?comment[-_]?\d+$|#c\d{4,}$", re.IGNORECASE)
REPLY_SUBJECT = re.compile(r"^(?:re|aw|sv|vs|odp)\s*(?:\[\d+\])?:\s*(?P<subject>\S.*)$", re.IGNORECASE)


# The publisher's own people: a health Q&A page's answers "Answered by Dr ..." link the doctor's
# page on the site (``/doctors/alan-stone``, ``/experts/``, ``/author/``): answers that all
# are so signed are the page's content, not readers' replies (a Q&A site's members link
# ``/users/NAME``).
STAFF_HREF = re.compile(
    r"(?:^|/)(?:authors?|doctors?|experts?|physicians?|clinicians?|staff|team|contributors?|medical-reviewers?)"
    r"/[^/?#]+/?(?:[?#].*)?$",
    re.IGNORECASE,
)
# Structure-alone posts (comments:signed-siblings): a link to a reader's profile page, the sign
# forum and comment software leaves on every post whatever its theme (SMF's
# "index.php?action=profile;u=5" too). Staff pages ("/author/",
# "/team/", "/people/") are left out: a teaser list or a people list links those.
PROFILE_HREF = re.compile(
    r"(?:^|/)(?:members?|users?|profiles?|u|community/profile)/[^/?#]+/?(?:[?#].*)?$"
    r"|memberlist\.php\?mode=viewprofile|member\.php\?u=|showuser=|profile\.php\?(?:id|uid)=|action=profile[;&]u="
    r"|(?:^|/)user\?id=[^&#]+$",  # Hacker News and its clones
    re.IGNORECASE,
)
# Every match of PROFILE_HREF holds one of these (lower-cased): an ASCII link without any
# cannot match, and most links are told so without the case-blind regex (7x faster over the
# 125,000 links of wcxb-dev and ScrapingHub; non-ASCII links, which case folding could
# surprise, still go to the regex).
_PROFILE_HREF_WORDS = ("member", "user", "profile", "u/")


def profile_href(href: str) -> bool:
    """Whether a link's href is a user's profile page (PROFILE_HREF)."""
    if href.isascii():
        lowered = href.lower()
        if not any(word in lowered for word in _PROFILE_HREF_WORDS):
            return False
    return PROFILE_HREF.search(href) is not None


# So many sibling blocks, each signed by such a link and dated, make a thread by structure
# alone: two could be a "latest posts" box with a byline each; three with words each seldom are.
MIN_SIGNED_SIBLINGS = 3
# Each block holds at least so many words that are not link text: a reader's message, not a
# "NAME replied 2h ago" activity line or a member card.
MIN_POST_WORDS = 4
# A link of so many words to a page that is no profile is a teaser's headline ("Home Prices and
# Sales Fall"): a block holding one is a teaser, not a post (a post's links are URLs or names).
HEADLINE_MIN_WORDS = 4
# An id that is one word and a number the software counts (``postBoxWrapper5872059``,
# ``reply_88231``): a post's number when its siblings carry the same word.
NUMBERED_ID = re.compile(r"^([A-Za-z][A-Za-z_-]*?)[-_]?(\d{3,})$")
# Class names a comment system puts on some of its items and not on others: parity
# ("odd", "thread-even"), depth ("depth-2", "level-3"), who wrote it (WordPress's "byuser
# comment-author-admin bypostauthor", a theme's "cmt-staff"), its place ("top-level", "child",
# "cmt-reply") and state ("new", "highlighted"). Items of one kind differ only by these, so
# they are set aside when items are grouped by their class (:func:`item_kind`); any name
# holding a digit is one too (``comment-4411``, ``c-2``).
ITEM_VARIANT_CLASS = re.compile(
    r"^(?:odd|even|alt|first|last|new|unread|highlight(?:ed)?|featured|pinned|sticky|staff|admin|moderator"
    r"|owner|byuser|bypostauthor|top-?level|toplevel|parent|child|reply|nested|is-[\w-]+|has-[\w-]+)$"
    r"|^(?:thread|depth|level|comment-author|comment-by|by)-"
    r"|[-_](?:odd|even|alt|staff|admin|moderator|reply|child|nested|new|highlighted|featured)$"
    r"|\d",
    re.IGNORECASE,
)
