"""Comment line patterns as data: the texts of a comment's author, header, date and UI lines.

What a line under or over a comment's message says (an author's name and what clings to it, a
header's date, a widget's buttons) is read by these patterns; the class names, ids and tokens
that mark comments and their parts are :mod:`pipeline.extract.comment_rules`.
"""

from __future__ import annotations

import re

from pipeline.extract.phrase_patterns import alternation
from pipeline.extract.vocabulary import MONTH_NAMES, phrases, time_ago, words

# A reader's whole message can be a vote ("+1"): as the only line of the element classed as
# the message, it is what the reader wrote, not a widget's count (NOISE_TEXT drops it elsewhere).
AGREEMENT = re.compile(r"^\+\d{1,3}!*$")
NOISE_TEXT = re.compile(
    r"^(?:reply|reply to this|quote|report|like|share|flag|permalink|#|edit|delete|cancel reply|expand full comment|"
    # a thread's navigation links in a comment's header (Hacker News's "root | parent | prev | next")
    r"root|parent|prev|next|context|"
    # a long comment's truncation link ("… Read more"): the toggle, not the reader's words
    r"(?:read|show|see|view) (?:more|less|full comment)\s?(?:»|›|→|\.{3}|…)?|"
    r"link to (?:comment|post)|share on other sites|more sharing options\.*|"
    r"antworten|responder|répondre|\d+\s*(?:likes?|points?|votes?)|[▲▼↑↓+\-]\s*\d*|"
    # the separators left between buttons once the buttons are gone ("Reply | Report abuse")
    r"[|·•/\\,;:–—()\[\]\s-]+|"
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
    r"^(?:posted by|post by|comment by|answered by|replied by|by|von|por|par):?\s+|^comment from:\s+"
    r"|^(?:original poster|opening poster|topic starter|thread starter)\s*"  # a badge before the name
    # "NAME says:", and "NAME Posted:" once the date after it is gone (a TV station CMS's
    # "<b>NAME</b> Posted: Mar 22, 2012 5:14 PM CDT", 2012)
    r"|\s+(?:says|said|wrote|writes|posted|schrieb|escribió)\s*(?::|\.{3}|…)?\s*$|[:|]$"
    r"|\s*\((?:not verified|unverified|guest|unregistered|visitor|invité"
    # a role badge after the name: MetaFilter's "(staff)", a forum's "(moderator)", "(OP)"
    r"|staff|moderator|mod|admin|administrator|op)\)\s*$",
    re.IGNORECASE,
)
TOKEN_SPLIT = re.compile(r"\s+")
# Lines of a comment widget's chrome, never a comment's words.
COMMENT_UI_LINE = re.compile(
    r"^(?:(?:show|load|view|see|read)(?: all| more| new| older| newer| previous)? (?:comments?|replies|responses)"
    r"(?: \(\d+\))?|all comments|leave (?:a )?comments?|post a comment|add (?:a )?comment|\d*\s*(?:comments?|replies)"
    r"(?: \(\d+\))?|be the first to comment\.?|no comments(?: yet)?\.?|comments are closed\.?"
    # Discourse's closing notice, posted by its "system" user
    r"|this topic was automatically closed .{1,60}\. new replies are no longer allowed\.?"
    # a notice to guests where a post shows more to members ("Join to see EXIF info for this
    # image (if available)", "You must log in or register to reply here."): short, so a
    # reader's sentence that starts the same way runs past it
    r"|(?:join|register|sign up|sign in|log ?in)(?: (?:or|and) (?:join|register|sign up|sign in|log ?in))?(?: now)?"
    r" to (?:see|view|read|download|access) .{1,60}"
    r"|you must (?:be )?(?:logged in|log ?in|signed in|sign in|registered|register)"
    r"(?: (?:or|and) (?:register|sign up|log ?in))? to (?:see|view|read|download|access|reply|post|comment)\b.{0,40})$",
    re.IGNORECASE,
)
# A time counted back from now in every vocabulary language ("3 years ago", "vor 3 Jahren", "il
# y a 2 jours": the vocabularies' time_ago forms), or an English one abbreviated ("5 mins ago").
TIME_AGO = time_ago() + r"|\b\d{1,3}\s*(?:s|m|h|d|w|mo|y|secs?|seconds?|mins?|hrs?)\s+ago\b"
# "Milan Griffes on September 12", "Regan August 19", "Maria Lopez at March 6, 2012" (a byline
# element "by NAME at DATE" read as the author's): a date glued to the author's name; "Claire
# Sanz 3 years ago", "Claire Sanz - 2 hours ago", "Claire Sanz vor 3 Jahren": a relative time.
AUTHOR_DATE_TAIL = re.compile(
    r"\s+(?:(?:on|at)\s+)?(?:\d{1,2}\s+)?(?:" + MONTH_NAMES + r")\.?\s+\d.*$"
    r"|\s+(?:on|at)\s+\d.*$"
    r"|\s+(?:[-–—·•|]\s*)?(?:" + TIME_AGO + r")$",
    re.IGNORECASE,
)
# "in reply to carb_counter_kate", "Replying to @ann": a post naming the user it answers (not
# WordPress's "Reply to Ann" button, which answers this comment); Movable Type's "NAME replied
# to <a href="#comment-1201">comment from Linda</a>".
_REPLY_TO = (
    r"(?:in reply to|replying to|in response to|(?:replied to )?comment from|antwort auf|en réponse à"
    r"|en respuesta a|in risposta a)\s+@?"
)
REPLY_TO_NAME = re.compile(r"^" + _REPLY_TO + r"([^\s].{0,40}?)\s*:?$", re.IGNORECASE)
# A line that opens saying whom or what the post answers: "In reply to <a href="#c1">comment 1</a>
# by Gaz_1979" names another comment by its number, which labels no post of its own.
REPLY_TO_LEAD = re.compile(r"^\s*" + _REPLY_TO, re.IGNORECASE)
# A header line that ends saying whom the post answers, after its date: "14/07/2016 - 10:40 en
# respuesta a Paco_Vega" (a Spanish paper's reply, its "responde-a" span beside the date).
REPLY_TO_TAIL = re.compile(r"(?:^|\s)" + _REPLY_TO + r"[^\s].{0,40}$", re.IGNORECASE)
# Verbs of saying after a commenter's name, one table for the lines that use them: the name and
# a date around them (SAYS_LINE, NAME_SAYS_DATE), or alone as a header line (WRITES_VERBS).
SAYING_VERBS = "wrote|said|says|posted|commented|schrieb|a écrit|escribió"
WRITES_VERBS = "writes|says|wrote|said|schrieb|escribió|a écrit"
# "<b>Carol W.</b> wrote on 03/03/2005:": a guestbook-style comment's opening.
SAYS_LINE = re.compile(r"^\s*(?:" + SAYING_VERBS + r")\b[^:]{0,40}:", re.IGNORECASE)
# "_________________" or "-- " before a forum signature.
SIGNATURE_DELIMITER = re.compile(r"^(?:_{5,}|-{5,}|--)$")
# A post header line ("Posted: Tue Mar 07, 2023 4:15 pm") is short.
HEADER_LINE_MAX_CHARS = 200
MEMBER_SINCE = re.compile(
    r"\b(?:joined|member since|registered|reg date|beigetreten|registriert|inscrit|miembro desde|registrado)\b",
    re.IGNORECASE,
)
# Lines a comment's header leaves above its message: "message 1: by Joan (new)", "message 8: by
# David (last edited Sep 08, 2008 12:59PM) (new)", "#12",
# "writes:", "2d". Group ``name`` is the author when the header names one.
LEAD_HEADER_LINE = re.compile(
    r"^(?:(?:message|comment|post|reply|beitrag|kommentar|comentario)\s*#?\s*\d+\s*:?\s*"
    r"(?:by\s+(?P<name>[^()]{1,40}?))?(?:\s*\((?:new|guest|member|(?:last )?edited [^()]{1,40})\))*|#\s*\d+|\d+\s*[.)]"
    r"|(?:" + WRITES_VERBS + r")\s*:?|\d{1,2}\s*(?:s|m|h|d|w|mo|y)(?:\s+ago)?"
    r"|(?:edited|bearbeitet)|expand full comment)$",
    re.IGNORECASE,
)
# A comment's number on a line of its own above its header ("1.", "#3", "2)").
COMMENT_NUMBER_LINE = re.compile(r"^(?:#\s*\d+|\d+\s*[.)])$")
# GitHub's "commented Dec 19, 2025", "replied on 03/03/2026": what was done, then when; and a
# byline whose name was read as the author ("By on 2012-03-06 10:10", "Posted by at ...": "posted
# by" tried before "posted", whose match left "by on DATE", no date, to the rest: Pluck, 2011;
# Ning's "Comment by <a>NAME</a> on DATE", 2011).
ACTION_DATE_LINE = re.compile(
    r"^(?:(?:posted |written |submitted |comment |reply )?by"
    r"|commented|replied|answered|posted|kommentiert|a commenté|comentó)"
    r"(?:\s+(?:on|at|am|le|el))?"
    r"\s+(?P<when>.{4,40})$",
    re.IGNORECASE,
)
# "[deleted]": a removed account, shown where its name was (the vocabulary's words).
GONE_AUTHOR = re.compile(r"^\[(?:" + alternation(words("deleted")) + r")\]$", re.IGNORECASE)
# A moderator's notice where a removed comment was: its first words name the comment, then its
# removal ("This comment was removed because it broke the house rules.", "This comment has been
# removed by a moderator.", "Dieser Kommentar wurde gelöscht."; the vocabularies' ``comment``
# and ``deleted`` words), or the notice is one of ``deleted``'s whole ("このコメントは削除されました").
REMOVAL_NOTICE = re.compile(
    r"^(?:\W*\w+){0,2}?\W*(?:"
    + alternation(words("comment"))
    + r")\w*(?:\W+\w+){0,2}?\W+(?:"
    + alternation(words("deleted"))
    + r")\b",
    re.IGNORECASE,
)
_REMOVAL_WHOLE = frozenset(word.casefold() for word in words("deleted"))
# ... and it is short: one line of a sentence or two (a reader who says their comment was
# removed goes on to say more).
NOTICE_MAX_WORDS = 20


def removal_notice(text: str) -> bool:
    """The whole text of a comment is a notice that it was removed: no reader's words."""
    text = " ".join(text.split())
    if not text or len(text.split()) > NOTICE_MAX_WORDS:
        return False
    return REMOVAL_NOTICE.match(text) is not None or text.rstrip("。.!！").casefold() in _REMOVAL_WHOLE


# "Aug 08", "11 Jul": a date without its year, printed where a name goes; "3/6/12 2:13 AM": a
# date in figures with a two-digit year (HubSpot's comment date), which the date readers leave
# to where a comment's date is looked for.
SHORT_DATE = re.compile(
    r"^(?:(?:" + MONTH_NAMES + r")\.?\s+\d{1,2}(?:st|nd|rd|th)?|\d{1,2}\.?\s+(?:" + MONTH_NAMES + r")\.?)$"
    r"|^\d{1,4}[./-]\d{1,2}[./-]\d{2,4}(?:,?\s+(?:at\s+|@\s*)?\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?)?$",
    re.IGNORECASE,
)
# "2d", "3 hours", "3 hours ago", "vor 3 Stunden": a relative time whose element's title holds
# the full date.
RELATIVE_TIME = re.compile(
    r"^(?:\d{1,3}\s*(?:s|m|h|d|w|mo|y|mins?|hrs?|hours?|days?|weeks?|months?|years?)|"
    + TIME_AGO
    + r"|just now|yesterday)$",
    re.IGNORECASE,
)
# An accessibility label naming a comment's author: "Comment by NAME", "Reply from NAME",
# Discourse's "post #3 by @NAME" (the number and the handle's "@" are no part of the name).
LABELLED_AUTHOR = re.compile(
    r"^(?:comment|reply|response|answer|post|kommentar|commentaire|comentario)(?: #\d+)?"
    r" (?:by|from|von|de|par|di)\s+@?(.{1,60})$",
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
# The counts beside voting buttons drawn as images, left alone on their line once the images are
# gone ("22 1 |": thumbs up 22, thumbs down 1, then "Report abuse"): two counts or more and the
# row's separators, nothing a reader writes as a line of a message. Written without a repeat
# inside a repeat: each count after the first follows a space, a separator or its sign, so a line
# of numbers then a word (a pager's "1 2 3 ... 16 Next", "2012 2013 ... 2017 more") fails at
# once, where a repeated group of 1-4 digits between optional spaces tried every split of the
# line (8 s at 16 numbers, doubling with each more). Digits glued together count as two ("22"),
# as that first pattern read them: two digits or more in all.
COUNTS_ROW = re.compile(
    r"^(?=(?:\D*\d){2})[+-]?\d+"
    r"(?:(?:(?:\s+(?:[·•|]\s*)?|[·•|]\s*)[+-]?|[+-])\d+)*"  # each later count: after a gap or a sign
    r"\s*(?:[·•|]\s*)?$"
)


def button_row(line: str) -> bool:
    """A line of a comment's buttons and labels only, each part one (NOISE_TEXT or a UI
    label) once brackets and arrows are set aside; never the reader's words. The buttons may
    stand apart by spaces alone ("Recommend 12 Report Abuse": the footer of a theme whose
    classes say nothing, read as the commenter's name before)."""
    if len(line) > BUTTON_ROW_MAX_CHARS:
        return False
    if COUNTS_ROW.match(line.strip()):
        return True
    parts = [part for part in _BUTTON_SEPARATORS.split(line.strip()) if part]
    return bool(parts) and all(_button(part) or _buttons(part.split()) >= 1 for part in parts)


def spaced_buttons(line: str) -> bool:
    """Two or more buttons apart by spaces alone ("Recommend 12 Report Abuse"): never a name.
    (One label alone, "Advertisement", is what a forum's ad is signed with: AD_AUTHOR.)"""
    return len(line) <= BUTTON_ROW_MAX_CHARS and _buttons(line.split()) >= 2


def _button(part: str) -> bool:
    return bool(NOISE_TEXT.match(part) or NOISE_TEXT.match(_LABEL_ENDS.sub("", part)) or ui_label(part))


# The most words one button or label of a row holds ("Report this comment", "Like (3)").
BUTTON_MAX_WORDS = 4


def _buttons(words: list[str]) -> int:
    """How many buttons the words split into, each one to BUTTON_MAX_WORDS words long (the
    most such buttons); 0 when they do not split so."""
    most = {0: 0}  # after this many words, every button so far whole: the most buttons
    for end in range(1, len(words) + 1):
        counts = [
            most[end - n] + 1
            for n in range(1, min(BUTTON_MAX_WORDS, end) + 1)
            if end - n in most and _button(" ".join(words[end - n : end]))
        ]
        if counts:
            most[end] = max(counts)
    return most.get(len(words), 0) if words else 0


# Markup printed as text where a name goes ("<span>Donald Elam</span>"): escaped tags.
PRINTED_TAG = re.compile(r"</?[a-z][a-z0-9]*(?:\s[^<>]*)?/?>", re.IGNORECASE)
# "name ( 1311177 )": a user id after the name (Slashdot; a subscriber's star after it:
# "name ( 4333 ) *"); "nomaduk 10.29.2012 Log in to Reply"; a guest's masked address after
# the name, "~Zbyszek IP: 178.42.*.*" (Polish and Russian portals), "Guest (83.21.xxx.xxx)".
AUTHOR_ID_TAIL = re.compile(
    r"\s*\(\s*#?\d+\s*\)\s*\*?\s*$|\s+\d{1,4}[./-]\d{1,2}[./-]\d{2,4}\b.*$|\s+(?:log ?in to reply|reply)\s*$"
    r"|\s*[(\[]?\s*(?:ip\s*:?\s*)?\d{1,3}\.\d{1,3}\.(?:\d{1,3}|\*+|x+)\.(?:\d{1,3}|\*+|x+)\s*[)\]]?\s*$",
    re.IGNORECASE,
)
# Where the reader lives, after the name's link in the author element ("<a>Maria Lopez</a> from
# Bristol": a local paper's comment header). Inside the name it is the name the reader typed
# ("<b>Jim from Tulsa</b>").
PLACE_AFTER_NAME = re.compile(r"^\s*from\s+[^\W\d_][\w .,'’-]{1,40}$")
# What goes before the name's link in a date-first signature: "Tuesday, January 19, 2010 10:12 AM
# by <a>NAME</a>" (Community Server's comment author line): a date and "by".
DATE_BEFORE_NAME = re.compile(r"^\s*(?P<when>.{6,60}?)\s+(?:by|par|von|por|di)\s*$", re.IGNORECASE)
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
_POSTED_BY = r"^(?:" + phrases("posted_by_labels") + ")"  # "posted by", "kommentiert von", "publié par"...
# "at" ends the name only where no bar follows: "Posted by: Tom at Hillside Farm | DATE"
_POSTED_BY_NAME_WHEN = r"(?P<name>[^|]{1,60}?)\s*(?:\||\s(?:at|on|um|am|le|el)\s(?=[^|]*$))\s*(?P<when>.+)$"
POSTED_BY_FOOTER = re.compile(_POSTED_BY + r":\s*" + _POSTED_BY_NAME_WHEN, re.IGNORECASE)
# The empty template itself, as a line of a comment item (Movable Type 4's hidden preview item:
# "Posted by: <span></span> | <span></span>"): a label and its separators, no name, no date.
EMPTY_POSTED_BY = re.compile(_POSTED_BY + r":?\s*[|·•,–—-]*\s*$", re.IGNORECASE)
# MetaFilter signs a comment after its body without the colon: "posted by NAME at TIME on DATE
# [1 favorite]". Read as a footer only where its date part reads as a date and inside a region
# named for comments (a message's own line "Posted by a nurse at the clinic" stays the reader's:
# the message's lines are filtered by POSTED_BY_FOOTER alone).
POSTED_BY_LINE = re.compile(_POSTED_BY + r"(?::\s*|\s+)" + _POSTED_BY_NAME_WHEN, re.IGNORECASE)
# Inside a comment item, a byline without the colon is the commenter's (Drupal's "Submitted by
# Rob (not verified) on Tue, 04/03/2012 - 08:40.", "Posted by Ann on March 3, 2012", a theme's
# "by Ann at March 3, 2012", Squarespace 5's "Reader Comment by Ann on March 3, 2012"); on the
# page outside the comments it would be the article's.
COMMENT_BYLINE = re.compile(
    r"^(?:(?:submitted|posted|written|added|commented) by|(?:reader )?(?:comment|reply|response) by|by"
    r"|(?:verfasst|geschrieben|eingereicht) von"
    r"|(?:publié|posté|écrit) par|(?:publicado|escrito|enviado) por)\s+"
    r"(?P<name>[^|]{1,60}?)\s+(?:on|at|am|le|el|\||-|—)\s+(?P<when>.+)$",
    re.IGNORECASE,
)
# Drupal 5/6's Garland theme prints the date first: "Tue, 03/06/2012 - 02:13 — Maria Lopez"
# (a dash, a bar or a dot between; the date part must read as one); Django's comments/list.html
# "March 6, 2012, 2:13 a.m. - Maria Lopez" (a hyphen with a space either side).
DATE_NAME_LINE = re.compile(r"^(?P<when>[^—–|·•]{6,60}?)\s+(?:[—–|·•]|-(?=\s))\s+(?P<name>[^—–|·•]{1,40})$")
# Dotclear's "1. On Tuesday, March 6 2012, 02:13 by Maria Lopez" ("Le mardi 6 mars 2012, 02:13
# par ..."), a theme's "Posted on DATE by NAME", Xanga's "Posted 3/6/2010 at 4:51 PM by NAME": the
# comment's number, the date, then the name.
DATE_BY_NAME = re.compile(
    r"^(?:#?\d{1,4}[.)]?\s+)?(?:(?:posted|written|submitted|commented|added)\s+(?:(?:on|le|am|el|il)\s+)?"
    r"|(?:on|le|am|el|il)\s+)"
    r"(?P<when>.{6,60}?)\s+(?:by|par|von|por|di)\s+"
    r"(?P<name>[^|·•]{1,40})$",
    re.IGNORECASE,
)
# "<b>Maria Lopez</b> wrote on March 6, 2012:", "Maria said on March 6, 2012": the name, a
# verb of saying, the date.
NAME_SAYS_DATE = re.compile(
    r"^(?P<name>[^:|·•]{1,40}?)\s+(?:" + SAYING_VERBS + r")"
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
# A vote count alone on a line of a comment's header ("0", "+2", "-1"), with the message under it
# (a message that is only "+1" is the reader's agreement: AGREEMENT).
VOTE_LINE = re.compile(r"^[+-]?\d{1,4}$")
# A mail client's line over the quoted message it answers: "On Sun, Mar 4, 2012 at 9:17 PM,
# Wendy Harcourt <wendy@example.org> wrote:", "At 09:17 PM 3/4/2012, Wendy Harcourt wrote:"
# (a list archive's messages, a forum's post pasted from a mail): a date with a figure, the
# quoted writer's name (their address after it), a saying verb. The reply's words come after.
ATTRIBUTION_LINE = re.compile(
    r"^(?:on|at|am|le|el|il|op|dnia)\s+(?P<when>[^<>]{4,60}?\d[^<>]{0,40}?),?\s+(?P<name>[^,<>]{1,60}?)"
    r"\s*(?:<[^<>]{1,80}>|\([^()]{1,80}\))?\s+(?:" + SAYING_VERBS + r")\s*:$",
    re.IGNORECASE,
)
# A reply's link to the comment it answers, by its label: LiveJournal's "(Parent)" beside
# "(Reply)" and "(Thread)", Slashdot's "Parent".
PARENT_LINK = re.compile(
    r"^\(?(?:parent|parent comment|übergeordnet|parent-kommentar|commentaire parent)\)?$", re.IGNORECASE
)
# A broadcaster's blog comments of 2012: "1. At 14:13 6th Mar 2012, Maria Lopez wrote:" over the
# message. The comment's number first makes it a header: a mail's attribution line over a quote
# (ATTRIBUTION_LINE, numbered by no mail client) names the quoted writer, not the commenter.
NUMBERED_DATE_SAYS = re.compile(
    r"^#?\d{1,4}[.)]\s+(?:on|at|am|le|el|il)\s+(?P<when>[^<>]{4,60}?\d[^<>]{0,40}?),\s+(?P<name>[^,<>]{1,40}?)"
    r"\s+(?:" + SAYING_VERBS + r")\s*:$",
    re.IGNORECASE,
)
# "writes:" alone under a name, or Slashdot's "by NAME ( 1311177 ) writes: on DATE (#65870295)".
SAYS_HEADER = re.compile(
    r"^(?:by\s+(?P<name>.{1,40}?)\s*(?:\(\s*\d+\s*\))?\s+)?(?:" + WRITES_VERBS + r")"
    r"\s*:?(?:\s+on\s+.{1,80})?$",
    re.IGNORECASE,
)
