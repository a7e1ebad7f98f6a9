"""What names an element boilerplate, kept as data (the algorithm is in
:mod:`pipeline.extract.boilerplate`): the class/id tokens, tags and roles of boxes that are not
the article, and the tags no generic rule may remove.

Class/id rules match whole *tokens* of an element's class and id (split on space, ``-`` and
``_``), so ``ad`` matches ``ad-slot`` but not ``header`` or ``download``. The texts that mark a
box or a line as boilerplate are in :mod:`pipeline.extract.patterns`.
"""

from __future__ import annotations

import re

# --- class/id tokens ----------------------------------------------------------------------
# A token set matches when every token of one entry appears in the element's class/id tokens.
BOILERPLATE_TOKENS: tuple[tuple[str, ...], ...] = (
    # trivia, fact and history boxes
    ("didyouknow",),
    ("did", "you", "know"),
    ("trivia",),
    ("factoid",),
    ("booking",),
    ("product", "box"),
    ("affiliate",),
    ("testimonials",),
    ("testimonial",),
    ("carousel",),
    ("footnotes",),
    ("reflist",),
    ("cta",),
    ("promo",),
    ("infobox",),
    ("fact", "box"),
    ("factbox",),
    ("good", "to", "know"),
    ("fun", "fact"),
    ("funfact",),
    ("today", "in", "history"),
    ("todayinhistory",),
    ("on", "this", "day"),
    ("onthisday",),
    ("this", "day"),
    # widgets, rails, sidebars, footers
    ("footer",),
    ("widget",),
    ("widgets",),
    ("sidebar",),
    ("rail",),
    # Not "aside": as a class it names a layout column, not what the column holds (Stripe's API
    # reference keeps its code samples in ApiSection-Aside, articles their callouts in aside-*);
    # sidebars are <aside> tags or say sidebar, rail, widget. Measured with
    # bench/extract_rules.py on wcxb-dev tune: 7 pages fired, 2 better without it, none worse.
    # related, recommended and popular lists
    ("related",),
    ("recommended",),
    ("recommendations",),
    ("popular",),
    ("trending",),
    ("most", "read"),
    ("mostread",),
    ("most", "viewed"),
    ("most", "popular"),
    ("also", "like"),
    ("read", "next"),
    ("more", "stories"),
    ("more", "articles"),
    ("taboola",),
    ("outbrain",),
    ("promoted",),
    ("teaser",),
    ("you", "may", "like"),
    # newsletter and subscription boxes
    ("newsletter",),
    ("subscribe",),
    ("subscription",),
    ("signup",),
    ("sign", "up"),
    ("mailing", "list"),
    # share, print, email toolbars
    ("share",),
    ("sharing",),
    ("social",),
    ("sharebar",),
    ("print", "this"),
    ("email", "this"),
    ("toolbar",),
    ("addthis",),
    ("sharethis",),
    # advertising
    ("ad",),
    ("ads",),
    ("adv",),
    ("advert",),
    ("advertisement",),
    ("adslot",),
    ("adunit",),
    ("ad", "slot"),
    ("sponsor",),
    ("sponsored",),
    ("dfp",),
    ("gpt", "ad"),
    ("banner", "ad"),
    ("adsense",),
    ("amp", "ad"),
    # cookie and consent banners
    ("cookie",),
    ("cookies",),
    ("consent",),
    ("gdpr",),
    # feedback forms
    ("feedback",),
    ("helpful",),
    ("page", "rating"),
    # comment sections and forms (comment records are read before these are removed)
    ("comments",),
    ("comment", "form"),
    ("commentform",),
    ("respond",),
    ("reply", "form"),
    ("disqus",),
    ("discuss",),
    ("discussion",),
    ("commentlist",),
    ("comment", "list"),
    # author bio, breadcrumbs, table of contents, bylines, navigation
    ("author", "bio"),
    ("authorbio",),
    ("autor", "box"),
    ("author", "card"),
    ("author", "profile"),
    # Not "caption": as a class it names the text under a picture, and on the pages that use
    # it that is a card's title and price (Bootstrap's thumbnail caption), a statistic's label
    # or a slide's pitch, which the page's text is made of; an article's picture captions
    # trafilatura drops itself (``wp-caption``), and <figcaption> and picture credits have their
    # own rules. Measured (session 11, wcxb-dev tune): 8 pages moved,
    # +0.451 summed (2852 +0.248; four shop category pages +0.043 to +0.061), three lower by
    # 0.009 together; ScrapingHub and the fixtures unchanged.
    ("legende",),
    ("photo", "credit"),
    ("image", "credit"),
    ("author", "bios"),
    ("about", "author"),
    ("bio", "box"),
    ("author", "box"),
    ("breadcrumb",),
    ("breadcrumbs",),
    ("toc",),
    ("table", "of", "contents"),
    ("byline",),
    ("article", "details"),
    ("article", "meta"),
    ("post", "meta"),
    ("entry", "meta"),
    ("nav",),
    ("navbar",),
    ("menu",),
    ("masthead",),
    ("skip", "link"),
    ("navigation",),  # "post-navigation", "docs-navigation": "nav" is a whole token, "navigation" is not
    ("prevnext",),
    ("prev", "next"),
    ("pagination",),
    ("pager",),
    ("tags",),
    ("tag", "list"),
    ("categories",),
    ("disclaimer",),
    ("disclaim",),
    ("avertissement",),
    ("haftungsausschluss",),
    ("copyright",),
    ("login",),
)

# Tokens that name what an element holds only when it holds no sentence: "toc", as a table of
# contents is a list of headings' titles, never a sentence, while sections take ids
# from their heading with a "toc_" prefix for the table's links ("toc_cloud-computing-stocks",
# wcxb-dev 0046 0.304 -> 0.415; 8 tune pages fired, none lower; no ScrapingHub page fired).
# Not "hero" (session 12, 9g: bench/extract_ablate.py --tokens): a page's banner holds its
# headline, tagline and lead, and even with the no-sentence guard it cost 4 tune pages of 4
# sites and 4 types (2970 -0.126, 3066 -0.038, 0168 -0.021, 0652 -0.013), none higher, no
# ScrapingHub page moved: removed from the tokens.
# "widget" was measured the same way and stays strong: page builders' content panels are
# widgets (SiteOrigin's widget_sow-editor: 0226 +0.143) but so are shops' feature boxes
# (0612 -0.124, 0690 -0.047): net -0.03 over 38 pages.
WEAK_TOKENS = frozenset({"toc"})

# Tokens that name a notice: an element named only by them goes only while its text is a
# notice's length (NOTICE_MAX_SENTENCES); past it the page's fine print is its text (an insurer's
# coverage terms, a shop's pricing terms, a comparison's "Data as of post date..."), which the
# golds keep (session 12, 9g: wcxb-dev tune 0112 +0.065, 0690 +0.016, 0054 +0.005, none lower;
# ScrapingHub unchanged). A longer medical disclaimer still goes by its wording (the text rules, up
# to DISCLAIMER_MAX_CHARS). Not "nav" spared the same way where most of its text is not
# links: Bootstrap's ``nav-item`` on a service page's selling points (0062 +0.008) but also tab
# labels, a cart and "Recently viewed" headings (0648, 2848, 2926 -0.003, one leak more).
NOTICE_TOKENS = frozenset({"disclaimer"})

# A page builder's names for its own structure, read as no word before the tokens are matched:
# Elementor writes ``elementor-widget elementor-widget-text-editor`` on every block it lays out
# (a paragraph, a heading, a picture), so "widget" there names the builder's unit, not a sidebar's
# box; the widget's type after it still counts (``elementor-widget-sidebar``,
# ``elementor-widget-share-buttons``, ``elementor-widget-wp-widget-recent-posts``).
# ``bench/perturb.py``'s ``page-builder``: tune 0448 0.97 -> 0.04, its article over 40 widgets.
BUILDER_STRUCTURE_NAMES = re.compile(r"(?<![a-z0-9])elementor-widget(?:-|(?![a-z0-9_]))")

# Tags that are boilerplate wherever they stand (inside the article too).
BOILERPLATE_TAGS = (
    "nav",
    "footer",
    "form",
    "button",
    "select",
    "textarea",
    "iframe",
    "aside",
    "amp-ad",
    "amp-sidebar",
    "amp-social-share",
    "amp-sticky-ad",
    "noscript",
    "svg",
    "figcaption",
)
BOILERPLATE_ROLES = (
    "navigation",
    "banner",
    "contentinfo",
    "complementary",
    "search",
    "dialog",
    "alertdialog",
    "menu",
    "menubar",
    "toolbar",
)

# Elements never removed by the generic layer: removing them would take the article with them.
PROTECTED_TAGS = frozenset({"html", "body", "main", "article"})
