"""Comment rules as data: the class names, ids and texts that mark comments and their parts.

Class rules match whole class names (``comment``) or their hyphen/underscore parts
(``comment-author`` -> ``author``); text rules match a whole line.
"""

from __future__ import annotations

import re

from pipeline.extract.vocabulary import MONTH_NAMES, alternation, words

# "comment-12", "li-comment-12", Invision's "elComment_12", the Disqus WordPress plugin's
# "dsq-comment-12", Typepad's "comment-6a00d8341c4f3e53ef0167..." (hex), "post-7", "msg12",
# Invision 3's "post_id_12".
# A comment's id under the app's own prefix: AlternativeTo's "app-comment-1191795",
# "user-comment-88" (a word, then "comment" and the number, as commenting software writes it).
PREFIXED_COMMENT_ID = re.compile(r"^[a-z]+[-_]comment[-_]?\d+$", re.IGNORECASE)
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
MESSAGE_ID = re.compile(
    r"^(?:post_?message|msg|(?:reply|post|comment|message)[-_](?:body|text|message))[-_]?\d+$",
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
# A reader's whole message can be a vote ("+1"): as the only line of the element classed as
# the message, it is what the reader wrote, not a widget's count (NOISE_TEXT drops it elsewhere).
AGREEMENT = re.compile(r"^\+\d{1,3}!*$")
NOISE_TEXT = re.compile(
    r"^(?:reply|reply to this|quote|report|like|share|flag|permalink|#|edit|delete|cancel reply|expand full comment|"
    # a long comment's truncation link ("… Read more"): the toggle, not the reader's words
    r"(?:read|show|see|view) (?:more|less|full comment)\s?(?:»|›|→|\.{3}|…)?|"
    r"link to (?:comment|post)|share on other sites|more sharing options\.*|"
    r"antworten|responder|répondre|\d+\s*(?:likes?|points?|votes?)|[▲▼↑↓+\-]\s*\d*|"
    # the separators left between buttons once the buttons are gone ("Reply | Report abuse")
    r"[|·•/\\,;:–—\s-]+|"
    # a BBCode tag the forum left unrendered on a line of its own ("[/quote]")
    r"\[/?(?:quote|code|b|i|u|s|url|img|color|size|spoiler)(?:=[^\]]{0,80})?\]|"
    # a button with its count: "Like (3)", "Recommend (2)", "Agree (3) Disagree (1)", "Thumbs up 3"
    r"(?:(?:likes?|dislikes?|recommend|agree|disagree|vote up|vote down|thumbs up|thumbs down|upvote|downvote)"
    r"\s*(?:\(\d+\)|\d+)\s*){1,2}|"
    # a vote widget's label and counts (the Comment Rating plugin's "Like or Dislike: 3 1")
    r"(?:like or dislike|rate this(?: comment)?|votes?|rating|score|karma):\s*[+\-]?\d+(?:\s+[+\-]?\d+)?|"
    r"says:?|wrote:?|(?:wrote|said|says|posted|commented) on .{1,40}:|report abuse|report post|top|"
    r"signaler(?: un abus)?|melden|missbrauch melden|denunciar|"
    r"reportar|(?:last )?edited by .{1,80}|edited \d+ times? in total\.?|"
    # CommentLuv's line under the message where its class is gone: "NAME recently posted..TITLE"
    r".{1,60} recently posted\s?(?:\.{2,3}|…)\s?.{1,200}"
    # Goodreads' "(last edited Sep 08, 2008 12:59PM)" beside the name
    r"|\((?:last )?edited [^()]{1,60}\))$",
    re.IGNORECASE,
)
QUOTE_AUTHOR = re.compile(
    r"^(?:quote(?:\s+from)?:?\s*)?"
    r"(?:originally posted by\s+(\S{1,40})|(.{1,60}?)\s+(?:wrote|said|says|schrieb|escribió)\s*:?)",
    re.IGNORECASE,
)
AUTHOR_CLEAN = re.compile(
    r"^(?:posted by|post by|comment by|answered by|replied by|by|von|por|par):?\s+"
    r"|^(?:original poster|opening poster|topic starter|thread starter)\s*"  # a badge before the name
    r"|\s+(?:says|said|wrote|writes|schrieb|escribió)\s*(?::|\.{3}|…)?\s*$|[:|]$"
    r"|\s*\((?:not verified|unverified|guest|unregistered|visitor|invité)\)\s*$",
    re.IGNORECASE,
)
TOKEN_SPLIT = re.compile(r"\s+")
# Lines of a comment widget's chrome, never a comment's words.
COMMENT_UI_LINE = re.compile(
    r"^(?:(?:show|load|view|see|read)(?: all| more| new| older| newer| previous)? (?:comments?|replies|responses)"
    r"(?: \(\d+\))?|all comments|leave (?:a )?comments?|post a comment|add a comment|\d*\s*(?:comments?|replies)"
    r"(?: \(\d+\))?|be the first to comment\.?|no comments(?: yet)?\.?|comments are closed\.?"
    # Discourse's closing notice, posted by its "system" user
    r"|this topic was automatically closed .{1,60}\. new replies are no longer allowed\.?)$",
    re.IGNORECASE,
)
# "Milan Griffes on September 12", "Regan August 19", "Maria Lopez at March 6, 2012" (a byline
# element "by NAME at DATE" read as the author's): a date glued to the author's name; "Claire
# Sanz 3 years ago", "Claire Sanz - 2 hours ago": a relative time.
AUTHOR_DATE_TAIL = re.compile(
    r"\s+(?:(?:on|at)\s+)?(?:\d{1,2}\s+)?(?:" + MONTH_NAMES + r")\.?\s+\d.*$"
    r"|\s+(?:on|at)\s+\d.*$"
    r"|\s+(?:[-–—·•|]\s*)?(?:\d{1,3}|an?)\s+(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?)\s+ago$",
    re.IGNORECASE,
)
# "in reply to carb_counter_kate", "Replying to @ann": a post naming the user it answers (not
# WordPress's "Reply to Ann" button, which answers this comment); Movable Type's "NAME replied
# to <a href="#comment-1201">comment from Linda</a>".
REPLY_TO_NAME = re.compile(
    r"^(?:in reply to|replying to|in response to|(?:replied to )?comment from|antwort auf|en réponse à"
    r"|en respuesta a|in risposta a)\s+@?"
    r"([^\s].{0,40}?)\s*:?$",
    re.IGNORECASE,
)
# "<b>Carol W.</b> wrote on 03/03/2005:": a guestbook-style comment's opening.
SAYS_LINE = re.compile(r"^\s*(?:wrote|said|says|posted|commented|schrieb|a écrit|escribió)\b[^:]{0,40}:", re.IGNORECASE)
# A comment is prose: an "item" whose message is mostly link text is a teaser list.
MAX_COMMENT_LINK_SHARE = 0.6
# "_________________" or "-- " before a forum signature.
SIGNATURE_DELIMITER = re.compile(r"^(?:_{5,}|-{5,}|--)$")
# A post header line ("Posted: Tue Mar 07, 2023 4:15 pm") is short.
HEADER_LINE_MAX_CHARS = 200
MEMBER_SINCE = re.compile(
    r"\b(?:joined|member since|registered|reg date|beigetreten|registriert|inscrit|miembro desde|registrado)\b",
    re.IGNORECASE,
)
# Classes of a post's message in table-based forum software (phpBB2, vBulletin 3).

# Lines a comment's header leaves above its message: "message 1: by Joan (new)", "message 8: by
# David (last edited Sep 08, 2008 12:59PM) (new)", "#12",
# "writes:", "2d". Group ``name`` is the author when the header names one.
LEAD_HEADER_LINE = re.compile(
    r"^(?:(?:message|comment|post|reply|beitrag|kommentar|comentario)\s*#?\s*\d+\s*:?\s*"
    r"(?:by\s+(?P<name>[^()]{1,40}?))?(?:\s*\((?:new|guest|member|(?:last )?edited [^()]{1,40})\))*|#\s*\d+|\d+\s*[.)]"
    r"|(?:writes|says|wrote|said|schrieb|escribió|a écrit)\s*:?|\d{1,2}\s*(?:s|m|h|d|w|mo|y)(?:\s+ago)?"
    r"|(?:edited|bearbeitet)|expand full comment)$",
    re.IGNORECASE,
)
# GitHub's "commented Dec 19, 2025", "replied on 03/03/2026": what was done, then when; and a
# byline whose name was read as the author ("By on 2012-03-06 10:10", "Posted by at ...").
ACTION_DATE_LINE = re.compile(
    r"^(?:commented|replied|answered|posted|(?:posted |written )?by|kommentiert|a commenté|comentó)"
    r"(?:\s+(?:on|at|am|le|el))?"
    r"\s+(?P<when>.{4,40})$",
    re.IGNORECASE,
)
# "[deleted]": a removed account, shown where its name was (the vocabulary's words).
GONE_AUTHOR = re.compile(r"^\[(?:" + alternation(words("deleted")) + r")\]$", re.IGNORECASE)
# "Aug 08", "11 Jul": a date without its year, printed where a name goes; "3/6/12 2:13 AM": a
# date in figures with a two-digit year (HubSpot's comment date), which the date readers leave
# to where a comment's date is looked for.
SHORT_DATE = re.compile(
    r"^(?:(?:" + MONTH_NAMES + r")\.?\s+\d{1,2}(?:st|nd|rd|th)?|\d{1,2}\.?\s+(?:" + MONTH_NAMES + r")\.?)$"
    r"|^\d{1,4}[./-]\d{1,2}[./-]\d{2,4}(?:,?\s+(?:at\s+|@\s*)?\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?)?$",
    re.IGNORECASE,
)
# "2d", "3 hours ago": a relative time whose element's title holds the full date.
RELATIVE_TIME = re.compile(
    r"^(?:\d{1,3}\s*(?:s|m|h|d|w|mo|y|mins?|hrs?|hours?|days?|weeks?|months?|years?)(?:\s+ago)?|just now|yesterday)$",
    re.IGNORECASE,
)
# An accessibility label naming a comment's author: "Comment by NAME", "Reply from NAME".
LABELLED_AUTHOR = re.compile(
    r"^(?:comment|reply|response|answer|kommentar|commentaire|comentario) (?:by|from|von|de|par|di)\s+(.{1,60})$",
    re.IGNORECASE,
)
# A header line of a name, a separator and the date: "keepingsanity · 03/03/2026 19:49".
NAME_DATE_LINE = re.compile(r"^(?P<name>[^\s·•|][^·•|]{0,39}?)\s*[·•|]\s*(?P<when>[^·•|]{6,40})$")
# What a comment widget prints where a name goes: a UI word, never a person.
AUTHOR_UI_WORD = re.compile(
    r"^(?:#\s*)?(?:\d+\s+(?:replies|reply|comments?|likes?|responses?|points?|votes?)|reply|replies|homepage|home page"
    r"|website|web site|permalink|link|quote|report|share|like|original post|opening post"
    r"|log ?in to reply|log ?in|sign in|register|be the first to (?:post|comment)|leave a (?:reply|comment)"
    r"|comments?|responses?|edit|delete|flag|says|writes|wrote|anonymous user|user|member|admin"
    r"|advertisement|sponsored|anzeige|werbung|publicidad|publicité|posted|posted by)$",
    re.IGNORECASE,
)
# A post signed "Advertisement" is the forum's ad dressed as a post (Invision's in-thread ads):
# no reader's comment.
AD_AUTHOR = re.compile(r"^(?:advertisement|sponsored|anzeige|werbung|publicidad|publicité)$", re.IGNORECASE)
# What a comment widget prints on a line of its own (the vocabulary's ui_labels), compared
# case-folded with the punctuation and symbols at either end set aside ("Click to expand...").
UI_LABELS = frozenset(words("ui_labels"))
_LABEL_ENDS = re.compile(r"^[\W_]+|[\W_]+$")


def ui_label(line: str) -> bool:
    """A widget's label, button or notice, never a name or the reader's words; also with a
    short note in brackets after it ("Advertisement (gone after registration)")."""
    label = " ".join(line.split()).casefold()
    if _LABEL_ENDS.sub("", label) in UI_LABELS:
        return True
    noted = _LABEL_NOTE.match(label)
    return noted is not None and _LABEL_ENDS.sub("", noted.group(1)) in UI_LABELS


# A label and a note of a few words in brackets after it.
_LABEL_NOTE = re.compile(r"^(.{1,40}?)\s*\((?:\S+\s?){1,5}\)$")


# "Reply · Like", "Permalink | Reply", "[Reply]", "Reply ↓": a row of a comment's buttons.
_BUTTON_SEPARATORS = re.compile(r"\s*[·•|]\s*")
# A row of buttons is short.
BUTTON_ROW_MAX_CHARS = 60


def button_row(line: str) -> bool:
    """A line of a comment's buttons and labels only, each part one (NOISE_TEXT or a UI
    label) once brackets and arrows are set aside; never the reader's words."""
    if len(line) > BUTTON_ROW_MAX_CHARS:
        return False
    parts = [part for part in _BUTTON_SEPARATORS.split(line.strip()) if part]
    return bool(parts) and all(
        NOISE_TEXT.match(part) or NOISE_TEXT.match(_LABEL_ENDS.sub("", part)) or ui_label(part) for part in parts
    )


# Markup printed as text where a name goes ("<span>Donald Elam</span>"): escaped tags.
PRINTED_TAG = re.compile(r"</?[a-z][a-z0-9]*(?:\s[^<>]*)?/?>", re.IGNORECASE)
# "name ( 1311177 )": a user id after the name (Slashdot; a subscriber's star after it:
# "name ( 4333 ) *"); "nomaduk 10.29.2012 Log in to Reply".
AUTHOR_ID_TAIL = re.compile(
    r"\s*\(\s*#?\d+\s*\)\s*\*?\s*$|\s+\d{1,4}[./-]\d{1,2}[./-]\d{2,4}\b.*$|\s+(?:log ?in to reply|reply)\s*$",
    re.IGNORECASE,
)
# Where the reader lives, after the name's link in the author element ("<a>Maria Lopez</a> from
# Bristol": a local paper's comment header). Inside the name it is the name the reader typed
# ("<b>Jim from Tulsa</b>").
PLACE_AFTER_NAME = re.compile(r"^\s*from\s+[^\W\d_][\w .,'’-]{1,40}$")
# A British newspaper's header after the name's link: ", Leeds, United Kingdom, 06/03/2014 14:13"
# (one to three capitalised place parts without figures, then maybe the date).
PLACES_AFTER_NAME = re.compile(r"^,\s+(?:[A-ZÀ-Þ][^,\d]{0,39}(?:,\s+|$)){1,3}(?P<when>.{6,60})?$")
# What a user card prints after the name's link, in the author element: "Posted 6 Mar 2014",
# "replied on DATE" (patient communities' "NAME Posted 6 Mar 2014"): a verb and the date, no
# part of the name (the date part must read as one, or be empty).
POSTED_AFTER_NAME = re.compile(
    r"^\s*[·•|,-]?\s*(?:posted|replied|answered|commented|wrote|said)(?:\s+(?:on|at))?\b\s*(?P<when>.{0,60})$",
    re.IGNORECASE,
)
# Typepad and Movable Type sign a comment after its body: "Posted by: NAME at DATE" or
# "Posted by: NAME | DATE" (with the colon: "Posted by X on DATE" is an article's byline). An
# empty template ("Posted by: |") names nobody and is no comment.
POSTED_BY_FOOTER = re.compile(
    r"^(?:posted|written|submitted|kommentiert|publié|publicado) (?:by|von|par|por):\s*"
    r"(?P<name>[^|]{1,60}?)\s*(?:\||\s(?:at|on|um|am|le|el)\s)\s*(?P<when>.+)$",
    re.IGNORECASE,
)
# Inside a comment item, a byline without the colon is the commenter's (Drupal's "Submitted by
# Rob (not verified) on Tue, 04/03/2012 - 08:40.", "Posted by Ann on March 3, 2012", a theme's
# "by Ann at March 3, 2012"); on the page outside the comments it would be the article's.
COMMENT_BYLINE = re.compile(
    r"^(?:(?:submitted|posted|written|added|commented) by|by|(?:verfasst|geschrieben|eingereicht) von"
    r"|(?:publié|posté|écrit) par|(?:publicado|escrito|enviado) por)\s+"
    r"(?P<name>[^|]{1,60}?)\s+(?:on|at|am|le|el|\||-|—)\s+(?P<when>.+)$",
    re.IGNORECASE,
)
# Drupal 5/6's Garland theme prints the date first: "Tue, 03/06/2012 - 02:13 — Maria Lopez"
# (a dash, a bar or a dot between; the date part must read as one); Django's comments/list.html
# "March 6, 2012, 2:13 a.m. - Maria Lopez" (a hyphen with a space either side).
DATE_NAME_LINE = re.compile(r"^(?P<when>[^—–|·•]{6,60}?)\s+(?:[—–|·•]|-(?=\s))\s+(?P<name>[^—–|·•]{1,40})$")
# Dotclear's "1. On Tuesday, March 6 2012, 02:13 by Maria Lopez" ("Le mardi 6 mars 2012, 02:13
# par ..."), a theme's "Posted on DATE by NAME": the comment's number, the date, then the name.
DATE_BY_NAME = re.compile(
    r"^(?:#?\d{1,4}[.)]?\s+)?(?:(?:posted|written|submitted|commented|added)\s+)?(?:on|le|am|el|il)\s+"
    r"(?P<when>.{6,60}?)\s+(?:by|par|von|por|di)\s+"
    r"(?P<name>[^|·•]{1,40})$",
    re.IGNORECASE,
)
# "<b>Maria Lopez</b> wrote on March 6, 2012:", "Maria said on March 6, 2012": the name, a
# verb of saying, the date.
NAME_SAYS_DATE = re.compile(
    r"^(?P<name>[^:|·•]{1,40}?)\s+(?:wrote|said|says|commented|posted|schrieb|a écrit|escribió)"
    r"(?:\s+(?:on|at|am|le|el))?\s+(?P<when>.{6,60}?)\s*:?$",
    re.IGNORECASE,
)
# "— Maria Lopez, March 6, 2012 at 2:13 am" under a message: the name, a comma, the date.
NAME_COMMA_DATE = re.compile(r"^[—–-]?\s*(?P<name>[^,—–|·•]{1,40}),\s+(?P<when>.{6,60})$")
# A British newspaper's signature under the message, "- NAME, PLACE, DATE" ("- Jim, Leeds, United
# Kingdom, 06/03/2014 14:13"): the dash, the name, one to three place parts (no figures), the date.
NAME_PLACE_DATE = re.compile(
    r"^[—–-]\s*(?P<name>[^,—–|·•\d]{1,40}),\s+(?P<place>(?:[A-ZÀ-Þ][^,\d]{0,39},\s+){1,3})(?P<when>.{6,60})$"
)
# Textpattern's "— Maria Lopez · 6 March 2012, 02:13 · #": a footer of parts between dots or bars,
# one a name, one a date, the rest a permalink or a button.
FOOTER_PARTS = re.compile(r"\s+[·•|]\s+")
# A footer line is short: a name and a date.
FOOTER_MAX_CHARS = 120
# "writes:" alone under a name, or Slashdot's "by NAME ( 1311177 ) writes: on DATE (#65870295)".
SAYS_HEADER = re.compile(
    r"^(?:by\s+(?P<name>.{1,40}?)\s*(?:\(\s*\d+\s*\))?\s+)?(?:writes|says|wrote|said|schrieb|escribió|a écrit)"
    r"\s*:?(?:\s+on\s+.{1,80})?$",
    re.IGNORECASE,
)
# A score out of a scale, the whole text of a rating element: "8/10", "4.5 / 5", "4 out of 5
# stars", "Rated 5 out of 5". A vote count ("+3", "Like or Dislike: 3 1") is none.
SCORE_OUT_OF = re.compile(
    r"^(?:rated\s+)?\d{1,3}(?:[.,]\d)?\s*(?:/|out of)\s*(?:5|10|100)(?:\s*stars?)?$", re.IGNORECASE
)
# A comment widget with nothing in it says so: its first line is never a comment.
EMPTY_THREAD = re.compile(
    r"^(?:be the first to (?:post|comment|reply|review)|no (?:comments|replies|responses)(?: yet)?|"
    r"start the (?:discussion|conversation)|join the (?:discussion|conversation)|there are no comments)\b",
    re.IGNORECASE,
)


# A reply's subject line over its message: "Re: Walking after meals" (FluxBB, PunBB, SMF),
# German "AW:", Scandinavian "SV:"/"VS:", Polish "Odp:".
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
    r"|memberlist\.php\?mode=viewprofile|member\.php\?u=|showuser=|profile\.php\?(?:id|uid)=|action=profile[;&]u=",
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
