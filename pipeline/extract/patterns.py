"""Generic boilerplate rules, kept as data (the algorithm is in code): the texts that mark a box
or a line as one.

Text rules match an element's own short text (a box's label or heading), or a line of the
extracted text, in English, German, Spanish and French. The class/id tokens, tags and roles of
boxes are in :mod:`pipeline.extract.boilerplate_names`; byline labels and person names in
:mod:`pipeline.extract.byline_patterns`.
"""

from __future__ import annotations

import re

from pipeline.extract.phrase_patterns import alternation
from pipeline.extract.vocabulary import MONTH_NAMES, phrases, spelled_out, words

# --- text rules ----------------------------------------------------------------------------
# A heading or label with exactly this text (case-insensitive, trailing ':' and counts allowed)
# marks the box around it as boilerplate. The words are the vocabularies' (``box_labels``,
# ``helpful_questions``, ``author_box_labels`` in pipeline/extract/vocab/*.toml); here only the
# labels with a slot of free text or a count, which no list of phrases can hold.
_BOX_LABEL_SHAPES = (
    r"more from .{1,40}|(?:sign up|subscribe)(?: (?:for|to) (?:our|the) .{1,40})?|get our .{1,30} newsletter"
    r"|share on .{1,20}|(?:\d+ )?(?:comments?|responses?|replies)(?: \(\d+\))?|suscríbete(?: .{1,40})?"
)
BOX_LABELS = re.compile(
    r"^(?:"
    + "|".join([_BOX_LABEL_SHAPES, phrases("box_labels"), phrases("helpful_questions"), phrases("author_box_labels")])
    + r")\s*[:.!]?$",
    re.IGNORECASE,
)

# A whole short element with exactly this text is an ad or toolbar label: removed alone. Between
# dashes too: the Newspaper theme's "- Advertisement -" ("- Publicidade -", "- Anzeige -"). The
# words are the vocabularies' (``ad_labels``, ``control_labels``: "Skip to content", "Next post",
# "Write a review"); here only the labels with a count, a price or free text, as shapes.
_LABEL_SHAPES = (
    r"(?:[$€£¥]\s?[\d.,]+\s+)?add to (?:cart|bag|basket|wish ?list)"  # a card's price, then its button
    r"|sold by(?:: .{1,40})?"
    r"|buy (?:a|an|one|\d+) [^,.]{1,30}, get (?:a |an |one |\d+ )?(?:free|\d+% off)\b.{0,30}"
    r"|\d+ min(?:ute)?s? read"
    r"|ships (?:from|to|by|in|within|today|the same day)\b.{0,30}"
    r"|returns? (?:& exchanges )?accepted(?: within \d+ days)?"
    r"|earn \$?[\d.,]+ in rewards|order (?:today|now|within .{1,20}) to get (?:it )?by\b.{0,30}"
    r"|[\d.,]+\s*[km]?\s*(?:views|reads|shares|likes|aufrufe|vues|visitas|lecturas)"
    r"|[\d.]+\s*(?:/\s*5\s*)?stars?(?: (?:from|on|based on) [\d,]+ [\w ]{0,20}reviews)?|rated [\d.]+ out of 5.{0,40}"
    # a rating summary beside its stars: "4.5 out of 5 stars, 10 ratings", "(5 out of 5 rating)",
    # "930 verified reviews", "374K+ ★★★★★ reviews", a score before a platform's logo ("4.6 on");
    # `rating-summaries`, session 12: see docs/extraction-rules.md
    r"|\(?[\d.]+ out of 5(?: stars?| rating)?\)?(?:,? [\d,.]+\+? (?:ratings?|reviews?))?"
    r"|[\d.,]+[km]?\+? (?:verified |customer |global )?(?:ratings?|reviews?)|[\d.,]+[km]?\+? [★☆⭐]+ reviews?"
    r"|[0-5]\.\d on"
)
# The phrases as a prefix tree (``spelled_out``): the pattern is asked of every line of the text
# and of every short element (14,000 times over ScrapingHub's 181 pages), and a tree fails at a
# line's first letter where an alternation of ~300 phrases tries each (2.5 us a line against 6;
# the same lines match, the pattern being anchored at both ends).
LABEL_ONLY = re.compile(
    r"^(?:[-–—]\s*)?(?:" + "|".join([spelled_out("ad_labels", "control_labels"), _LABEL_SHAPES]) + r")"
    r"\s*[:.]?(?:\s*[-–—])?$",
    re.IGNORECASE,
)

# A notice a page's scripts fill in or show, as a whole element of one or more such sentences:
# a form's status or error ("Oops! Something went wrong. Please try again.", "Please enter a
# valid email", "You are already subscribed", "Captcha failed to load"), a stock or urgency
# counter ("Low in stock, only 6 left", "16 people are viewing this right now", "Just a few
# left. Order soon!") and a sign-in prompt ("Sign in to add this item to your wishlist", or
# what is left of it once its "Sign in" link is gone). Session 9: our text of 11 of the 39
# wcxb-dev tune product pages held 19 such lines, none in the gold text (no other page type's
# held one); trafilatura keeps most of them. A bare "Only 1 left!"
# stays: on a listing it is a card's data, as its price is (the gold of an auction site's
# category page keeps it on every card).
_STATUS_SENTENCE = (
    r"(?:(?:oops|opps|uh[- ]oh|sorry|whoops)[!,.]?\s*)?(?:"
    r"something went wrong|an? (?:unexpected )?error (?:has )?occurred|please try again(?: later)?"
    r"|try again(?: later)?|please (?:refresh|reload) (?:the|this) page(?: and try again)?"
    r"|your session has (?:expired|timed out)|captcha failed to load"
    r"|try using a different browser(?: or disabling (?:your )?ad ?blockers?)?"
    r"|error (?:rating|loading|saving|adding|updating|submitting|sending) [^.!?]{1,40}|refresh and try again"
    r"|please enter a valid [a-z ]{1,30}|this field is required|you(?:'re|’re| are) already subscribed"
    r"|there was (?:a problem|an error) (?:calculating|processing|loading|submitting|sending|with your) [^.!?]{1,50}"
    r"|we(?:'re|’re| are) sorry,? (?:but )?your request (?:can(?:'|’|no)t|could not) be completed(?: right now)?"
    r"|thanks? (?:you )?for (?:subscribing|signing up|your submission)"
    r"|we(?:'ll|’ll| will) (?:let you know|notify you|email you) when (?:your|this|the) (?:product|item) "
    r"(?:comes |is )?back in stock"
    r"|(?:we don(?:'|’)t know when or if )?this item will be back in stock"
    r"|low (?:in )?stock(?:,? only \d+ left)?|(?:hurry[,!]? )?just a few left"
    r"|order soon|selling fast|\d+ (?:people|others|shoppers) (?:are )?(?:viewing|looking at|watching) "
    r"(?:this|it)(?: (?:item|product))?(?: right now)?"
    r"|(?:sign|log) in(?: or (?:register|sign up|create an account))? to [^.!?]{1,80}"
    # what a sign-in prompt leaves once its link is gone: lower case, about this item
    r"|(?-i:to (?:add (?:this|the|it)|save (?:this|the|it)|set (?:a|up a) (?:price|stock|sale) alert"
    r"|write a review|rate this|follow (?:this|it)|see (?:your|the|our) (?:price|deal))\b[^.!?]{0,80})"
    r")[.!]*"
)
STATUS_MESSAGE = re.compile(rf"^(?:{_STATUS_SENTENCE}\s*)+$", re.IGNORECASE)
# The first test, on a text node: it starts such a notice.
STATUS_START = re.compile(rf"^{_STATUS_SENTENCE}", re.IGNORECASE)
# Such a notice is two or three sentences; a longer block is the page's own text.
STATUS_MAX_CHARS = 160

# A line that is only a price, or prices: "$98.00$130.00", "From €25", "GBP: $110.82", "AED:
# 549.56AED" (a shop's currency switcher). On a page that declares one product it is the offer,
# not the description (session 9, wcxb-dev tune: our text of 10 declared product pages held 48
# such lines, the gold keeps 2); on listings and collections it is a card's data, and stays.
_CURRENCY_CODE = r"(?:USD|EUR|GBP|AUD|CAD|NZD|CHF|JPY|CNY|INR|AED|SAR|QAR|KWD|OMR|BHD|SGD|HKD|ZAR|SEK|NOK|DKK|MXN|BRL)"
_AMOUNT = rf"(?:{_CURRENCY_CODE}:?\s*)?(?:[$€£¥₹]\s?[\d.,]*\d|[\d.,]*\d\s?(?:[€£]|{_CURRENCY_CODE}\b))"
PRICE_LINE = re.compile(
    rf"^(?:(?:from|now|was|only|sale|price|regular price|sale price):?\s+)?{_AMOUNT}(?:\s*[-–/]?\s*{_AMOUNT})*\s*$",
    re.IGNORECASE,
)

# A line of a shop's offer around its description (`offer-lines`): fulfilment and returns
# ("Free shipping worldwide", "Free Shipping on Domestic Orders $75+", "Duties and Taxes Paid",
# "Get it by Mon, Mar 9", "30-Day Return Policy", a "Shipping & Returns" tab), trust badges
# ("100% secure checkout", "24 month warranty") and financing ("As low as $48/mo.", "or 0% APR
# with", "12-Month Financing"). Only on a page that declares one product, as PRICE_LINE: a
# reference's "Returns" heading is its text, and a collection's gold keeps its free-shipping
# banner. A sentence about shipping ("Shipping and returns are covered below.") stays.
OFFER_LINE = re.compile(
    r"^(?:free (?:worldwide |standard |express |fast |next[- ]day |2-day )?(?:shipping|delivery|returns?|exchanges?)"
    r"(?: (?:&|and) (?:returns?|exchanges?))?(?: worldwide| on (?:all |domestic )?orders.{0,30}| over .{1,20}"
    r"| [$€£]?[\d.,]+\+?)?"
    r"|\d+[- ](?:day|month|year) (?:free )?(?:return policy|returns?|warranty|money[- ]back guarantee|guarantee)"
    r"|(?:100% )?secure (?:checkout|payments?)|duties (?:and|&) taxes (?:paid|included)"
    r"|shipping (?:and|&) returns|returns? (?:and|&) exchanges|(?:return|shipping|refund) policy"
    r"|delivery|shipping|returns"
    r"|get it (?:by|as soon as) .{1,30}|estimated (?:delivery )?between .{1,60}|arrives? by .{1,30}"
    r"|as low as .{1,20}/mo\.?|or 0% apr with|\d+[- ]month financing)\s*[.:!]?$",
    re.IGNORECASE,
)

# A call to action on a button of its own (`calls-to-action`, session 12): "Start for free",
# "Schedule a call", "Apply Now", "See pricing plans". A line of the rendered text only: as an
# element it is also a link inside a sentence ("Click Apply Now at the top of the page"), which
# stays. Not "Learn more about X", which an article's gold keeps as it keeps "Read more about X".
CALL_TO_ACTION_LINE = re.compile(
    r"^(?:(?:start|try)(?: it)? (?:for free|free|now|today|your free trial)"
    r"|get started(?: (?:for free|now|today|free))?"
    r"|apply (?:now|today)|(?:book|schedule) (?:a |your )?(?:free )?(?:call|demo|consultation)"
    r"|request a (?:demo|quote)|get a (?:free )?(?:quote|demo)|see (?:pricing|plans|pricing plans|all plans)"
    r"|contact sales|talk to (?:sales|an expert)|download (?:the )?apps?|see more \w+)\s*[.!:]?$",
    re.IGNORECASE,
)

# A cookie notice's sentence on a line of its own (`consent-lines`, session 12): "We use cookies
# to give you the best online experience.", "iFixit uses cookies to enhance site functionality,
# analyze traffic ... you agree to our cookie use", the dialog's "Let us know you agree to
# cookies". The consent rule takes dialogs that name themselves; these came from elements that
# do not. A line that names who uses cookies and what the reader agrees to or gets: an article's
# "Websites use cookies to remember you" stays (no "we", no "<name> uses").
CONSENT_LINE = re.compile(
    r"^(?:(?:please )?let us know(?: if)? you agree to (?:all (?:of )?)?(?:these |our |the use of )?cookies[.!]?"
    r"|(?:we use|this (?:web)?site uses|our (?:web)?site uses|[\w.-]+ uses) cookies\b.{0,300}"
    r"\b(?:agree|consent|accept|settings|preferences|by (?:using|continuing)|experience|personali[sz]e|analy[sz]e)\b"
    r".{0,200})$",
    re.IGNORECASE,
)
# A cookie notice is a sentence or three; a longer line is a paragraph about cookies.
CONSENT_LINE_MAX_CHARS = 500

# A line of post navigation: "Next article: Go Wins 2010 Bossie Award", "« Previous post".
POST_NAVIGATION_LINE = re.compile(
    r"^(?:[«‹<←]\s*)?(?:next|previous|prev|older|newer)\s+(?:article|post|story|entry)\s*[:»›>→]",
    re.IGNORECASE,
)
# An appeal to support the publication: "If you're enjoying this article, consider supporting our
# journalism by subscribing", "... If you liked this article, please consider liking, sharing ...".
SUPPORT_APPEAL = re.compile(
    r"(?:^|[.!?]\s+)if you(?:'re| are|’re)? (?:enjoy(?:ed|ing)?|lik(?:ed|e)) (?:this|our|reading this) "
    r"(?:article|post|story|piece|newsletter|blog|content|work)s?,? (?:please )?(?:consider|subscribe|support|share)",
    re.IGNORECASE,
)
# The line holding such an appeal is a short note, not a paragraph of the article.
SUPPORT_APPEAL_MAX_CHARS = 500
# A breadcrumb trail on a line of its own: "Consulting Articles > Consulting Vs Other Careers > ...".
# Three or more short steps: a menu path in a sentence ("File > Save") is one line among prose.
BREADCRUMB_LINE = re.compile(r"^[^!?>›»]{1,60}(?:\s+[>›»]\s+[^!?>›»]{1,80}){2,}(?<![.!?])$")

# Disclaimers: "for informational purposes only", "not a substitute for medical advice"... in
# every vocabulary language (``disclaimers`` in pipeline/extract/vocab/*.toml); here only what
# needs word boundaries or an anchor, and the financial notices (not medical: see disclaimers.py).
DISCLAIMER = re.compile(
    r"\b(?:is|are) not medical advice\b|contains forward-looking statements|^forward-looking statements|"
    + phrases("disclaimers"),
    re.IGNORECASE,
)
# Words one of which every DISCLAIMER match contains: a cheap first test.
DISCLAIMER_WORDS = tuple(dict.fromkeys(("forward-looking", "medical advice", *words("disclaimer_cues"))))
CAPTION_WORDS = (
    "©",
    "photo",
    "image",
    "picture",
    "illustration",
    "graphic",
    "foto",
    "bild",
    "credit",
    "getty",
    "shutterstock",
    "istock",
    "adobe stock",
)
DISCLAIMER_MAX_CHARS = 600  # a disclaimer is a sentence or two; a longer paragraph is content
# Newspaper print-edition notes and correction boilerplate under a story.
PRINT_NOTE = re.compile(
    r"^(?:a version of this (?:article|story) (?:appears|appeared) in print|this (?:article|story) (?:appeared|was"
    r" published) (?:originally )?in (?:the )?print)",
    re.IGNORECASE,
)
# Press-release trailers: "SOURCE Acme Corp", "Media contact: ...".
PRESS_TRAILER = re.compile(
    r"^(?:SOURCE [A-Z][\w .,&'()-]{1,80}|(?i:(?:media|press|investor) contacts?:).*)$", re.DOTALL
)
# "About Acme Corp" over a paragraph that starts "Acme Corp is ...": the issuer's boilerplate.
ABOUT_ISSUER = re.compile(r"^About (?!the\b|this\b|these\b|our\b|us\b|you\b)([A-Z][\w&.,' -]{1,60})$")
# Comment-policy lines around a comment form.
COMMENT_POLICY = re.compile(
    r"\bcomments? (?:are|is|will be) (?:checked|moderated|reviewed|approved)|your email address will not be published"
    r"|required fields are marked|please be (?:nice|respectful|civil|kind)\b|comments? policy|community guidelines",
    re.IGNORECASE,
)
# Picture credits and captions: "Photo courtesy of ...", "Image: Getty Images".
CAPTION_CREDIT = re.compile(
    r"\b(?:photo|image|picture|illustration|graphic|foto|bild|imagen)s?\s*(?:courtesy(?: of)?|credits?|by)\b"
    r"|^(?:photo|image|foto|bild|imagen|credit)\s*:|getty images|shutterstock|istock(?:photo)?|adobe stock"
    r"|©\s*[\w][\w .&'/-]{1,40}$",
    re.IGNORECASE,
)
CAPTION_MAX_CHARS = 300
# Link texts of page tools (the vocabularies' ``tool_links``): a line made only of these links is a toolbar.
# A link styled as a button (``<a class="btn btn-primary">``, ``wp-block-button__link``,
# ``cta-link``): a control like <button>, whose line is a call to action, not the article's text.
BUTTON_LINK_CLASS = re.compile(r"(?<![a-z])(?:btn|button|cta)(?![a-z])", re.IGNORECASE)
TOOL_LINK = re.compile(r"^(?:" + phrases("tool_links") + r")$", re.IGNORECASE)
# An author's bio: "<Name> is a health writer ...", "<Name> has covered ...".
BIO_VERBS = r"(?:" + alternation(words("bio_verbs")) + ")"  # the vocabularies' ``bio_verbs``
BIO_MAX_CHARS = 700

# Inline markers inside the text: reference numbers "[3]", wiki "[edit]" links, "[citation needed]".
# The words are the vocabularies' (``inline_markers``: "edit", "bearbeiten", "citation needed").
INLINE_MARKER = re.compile(
    r"^\[\s*(?:\d{1,3}(?:\s*[,–-]\s*\d{1,3})*|[a-z]|" + phrases("inline_markers") + r"|note \d+)\s*\]$",
    re.IGNORECASE,
)
# Headings of the sections that close an article: everything under them down to the next
# heading of the same level is apparatus, not article text.
# The headings are the vocabularies' (``closing_headings``); "More from <site>" is a shape.
CLOSING_SECTIONS = re.compile(
    r"^(?:" + phrases("closing_headings") + r"|more (?:from|on) [^.!?]{1,40})\s*:?$",
    re.IGNORECASE,
)
# "More from CFR", "More on Web Design": the site's other pages and its pitch, closing the article
# (not "More in <aisle>": a shop's listing shows its aisle under it). A label of labelled-boxes
# too, which takes such a heading alone and leaves its section: this one's section goes whole.
MORE_FROM_HEADING = re.compile(r"^more (?:from|on) [^.!?]{1,40}\s*:?$", re.IGNORECASE)

# A teaser that ends in "more..." (trivia and today-in-history boxes, "read more" stubs).
# "Learn more" on a line of its own in the extracted text: a link's label (in the page, the
# teaser rule takes it with the block it ends).
MORE_LINK_LINE = re.compile(r"^(?:learn|tell me|read|see|show|find out|discover) more\s*[.:…>»›]*$", re.IGNORECASE)
# The link's words are the vocabularies' (``teaser_ends``: "more", "read more", "weiterlesen").
TEASER_END = re.compile(r"\b(?:" + spelled_out("teaser_ends") + r")\s*(?:\.\.\.|…|»|›|>>)?\s*$", re.IGNORECASE)
# "October 14, 1962: The Cuban Missile Crisis began." (a today-in-history entry).
HISTORY_ENTRY = re.compile(
    r"^(?:" + MONTH_NAMES + r")\.?\s+\d{1,2}\s*,\s*\d{3,4}\s*:",
    re.IGNORECASE,
)
