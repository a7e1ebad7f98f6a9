"""The page's headline among its headings: the <h1> (or marked heading) that is not the logo.

A page's <h1> is usually the headline, sometimes the site's logo in the page header, a pop-up's
heading or a section label; the words a heading shares with the page title (og:title or
<title>) tell them apart. :mod:`pipeline.extract.titles` weighs the result against the other
title candidates.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from lxml import etree

from pipeline.extract.html import block_lines, element_text, text_within
from pipeline.extract.markers import BANNER, DIALOG, HEADLINE, marked, marker
from pipeline.extract.title_parts import TITLE_SEPARATORS, split_last

# An <h1> is the headline only if at least this share of its words is in og:title:
# measured on the wcxb-dev tune pages (0.3 beat 0.5-0.8; the holdout agrees).
HEADLINE_MIN_SHARED = 0.3
# A later <h1> replaces the first only when it covers this share of the page title's words: a
# post's title does ("Defer, Panic, and Recover - The Go Programming Language": 0.44), a word
# of it in a content heading does not ("Discord"). Measured on the wcxb-dev tune pages.
HEADLINE_SWITCH_MIN_COVER = 0.4
# A heading longer than this is a paragraph set in a heading's type (a promo blurb, a quote),
# never the page's headline: a long headline is about 100-150 characters.
HEADLINE_MAX_CHARS = 300
_WORD = re.compile(r"\w+")


def shared_words(heading: str, page_title: str) -> float:
    words = set(_WORD.findall(heading.casefold()))
    return len(words & set(_WORD.findall(page_title.casefold()))) / len(words) if words else 0.0


def headline(root: etree._Element, page_title: str | None = None) -> str | None:
    """The first marked or <h1> headline that is not the site's logo in the page header.

    Among several <h1>s (a blog's name, a vote count, a newsletter box and the post's title),
    the one that covers most of ``page_title`` (og:title or <title>) wins; the first on a tie.
    """
    headings = list(root.iter("h1", "h2", "h3"))  # one walk; the page's few headings filtered here
    h1s = [h for h in headings if h.tag == "h1"]
    headlines = [h for h in headings if marked(h, HEADLINE) or h.get("itemprop") == "headline"]
    marked_h1s = [h for h in headlines if h.tag == "h1"]
    # a marked <h2> or <h3> (a post's entry-title under the blog's name in an <h1>) comes after
    # an <h1> in the <main> or <article>: a product card's "headline" is no match for that
    marked_others = [h for h in headlines if h.tag != "h1"]
    in_content = [h for h in h1s if any(a.tag in ("article", "main") for a in h.iterancestors())]
    h1s = [h for h in h1s if not _in_dialog(h) and not _is_logo_heading(h)]
    fallback: str | None = None
    for group in (marked_h1s, in_content, _sole_h1(h1s, marked_others, page_title), marked_others, h1s):
        texts = [
            t
            for h in group
            if (t := heading_text(h)) and len(t) < HEADLINE_MAX_CHARS and not _in_banner(h) and not _in_dialog(h)
        ]
        if texts:
            best = _best_match(texts, page_title)
            if not page_title or shared_words(best, page_title) >= HEADLINE_MIN_SHARED:
                return best
            fallback = fallback or best  # a vote count marked "headline": a later <h1> may be the title
    return fallback or _banner_headline(h1s, page_title)


def _sole_h1(
    h1s: list[etree._Element], marked_others: list[etree._Element], page_title: str | None
) -> list[etree._Element]:
    """The page's only <h1> where it names the page better than every marked <h2>/<h3>: with no
    <main> or <article> around it (a template of plain divs), a product card's marked heading
    ("Apple Watch Series 11") must not outrank the page's one headline ("Apple Watch"). Better:
    it covers more of the page title's words, or as many while more of its own words are in it;
    a blog's name in the <h1> ("The Doctor's Notebook: Colds...") stays behind the entry-title."""
    if len(h1s) != 1 or not page_title or not marked_others:
        return []
    title_words = set(_WORD.findall(page_title.casefold()))

    def fit(heading: etree._Element) -> tuple[float, float]:
        text = heading_text(heading)
        return _cover(text, title_words), shared_words(text, page_title)

    text, own = heading_text(h1s[0]), fit(h1s[0])
    if own[0] < HEADLINE_SWITCH_MIN_COVER or _later_title_part(text, page_title):
        return []
    # a marked heading with the <h1>'s very words (a section's "Apple Watch" lower down) is no rival
    rivals = [h for h in marked_others if heading_text(h).casefold() != text.casefold()]
    return h1s if all(own > fit(h) for h in rivals) else []


def _later_title_part(text: str, page_title: str) -> bool:
    """``text`` is a later part of '<headline> | <site>': the site's name, not the page's."""
    later = {part.strip() for part in TITLE_SEPARATORS.split(page_title.casefold())[1:]}
    return text.casefold() in later


def _is_logo_heading(h1: etree._Element) -> bool:
    """The <h1> is the site's logo whatever its classes say: it shows only an image (an <svg>
    whose <title> reads "Stripe logo", an <img> with its alt), no letters of its own - the logo
    line of a template whose header is a plain <div>. (An <h1> whose text is one link to the home
    page is often the logo too, but then a page's own section label took the title: README.)
    With the image, a word or two inside one link to a site's home page ("/") is the logo's
    wordmark ("MyBB" beside its <svg>, all one link to https://mybb.com/)."""
    if next(h1.iter("img", "svg"), None) is None:
        return False
    shown = _shown_text(h1).split()
    if not shown:
        return True
    links = list(h1.iter("a"))
    return (
        len(shown) <= LOGO_WORDMARK_MAX_WORDS
        and len(links) == 1
        and urlsplit(links[0].get("href") or "").path in ("", "/")
        and bool(links[0].get("href"))
        and next(links[0].iter("img", "svg"), None) is not None
        and _shown_text(links[0]).split() == shown
    )


# A logo's wordmark beside its image: the site's name, a word or two ("MyBB", "Acme Health").
LOGO_WORDMARK_MAX_WORDS = 2


def _shown_text(element: etree._Element) -> str:
    """The letters the element shows: its text without an <svg>'s <title> (children's tails kept)."""
    if element.tag == "svg" or not isinstance(element.tag, str):
        return ""
    return (element.text or "") + "".join(_shown_text(child) + (child.tail or "") for child in element)


def _banner_headline(h1s: list[etree._Element], page_title: str | None) -> str | None:
    """An <h1> in a page header that is the headline, not the logo: an article's hero header
    (<header><h1>Top 24 tools for data analysis...</h1>) covers most of the page title
    (HEADLINE_SWITCH_MIN_COVER of its words); a site's or a book's name is a later part of the
    title ("... - The Rust Programming Language") or its start ("davidbau.com Vibe Coding")."""
    if not page_title:
        return None
    folded = page_title.casefold()
    title_words = set(_WORD.findall(folded))
    later_parts = {part.strip() for part in TITLE_SEPARATORS.split(folded)[1:]}
    texts = [t for h in h1s if _in_banner(h) and (t := heading_text(h)) and len(t) < HEADLINE_MAX_CHARS]
    covering = [
        t
        for t in texts
        if _cover(t, title_words) >= HEADLINE_SWITCH_MIN_COVER
        and t.casefold() not in later_parts
        and not folded.startswith(t.casefold() + " ")
    ]
    return _best_match(covering, page_title) if covering else None


def heading_text(heading: etree._Element) -> str:
    """A heading's text on one line; a <br> or a block inside it is a space ("Data Analytics<br>Agency").

    A permalink to the heading itself (Sphinx's and MkDocs' "¶", "#") is not part of it."""
    text = " ".join(block_lines(heading))
    for link in heading.iter("a"):
        mark = (link.text_content() or "").strip()
        if mark in PERMALINK_MARKS and (link.get("href") or "").startswith("#") and text.endswith(mark):
            text = text[: -len(mark)].rstrip()
    return text


# What a heading's link to itself shows.
PERMALINK_MARKS = frozenset({"¶", "#", "§", "🔗"})


def _best_match(texts: list[str], page_title: str | None) -> str:
    """The first heading, unless another covers more of the page title's words (at least
    HEADLINE_SWITCH_MIN_COVER of them) while being mostly in it."""
    if len(texts) == 1 or not page_title:
        return texts[0]
    head = split_last(page_title.casefold())[0]
    parts = [part.strip() for part in TITLE_SEPARATORS.split(page_title.casefold())]
    if texts[0].casefold() in parts[1:]:
        # the first heading is a site part of '<headline> — <site>' (or of '<headline> | <site>
        # – <tagline>'), a later one the headline ("SQLAlchemy 2.0 Documentation", then "ORM
        # Quick Start"; "Best App Awards", then "App Reviews")
        later = next((t for t in texts[1:] if t.casefold() in (head, parts[0])), None)
        if later:
            return later
    title_words = set(_WORD.findall(page_title.casefold()))
    best, best_cover = texts[0], _cover(texts[0], title_words)
    for text in texts[1:]:
        words = set(_WORD.findall(text.casefold()))
        if not words or len(words & title_words) / len(words) < HEADLINE_MIN_SHARED:
            continue
        cover = _cover(text, title_words)
        if cover >= HEADLINE_SWITCH_MIN_COVER and cover > best_cover:
            best, best_cover = text, cover
    return best


def _cover(text: str, title_words: set[str]) -> float:
    return len(set(_WORD.findall(text.casefold())) & title_words) / len(title_words) if title_words else 0.0


def banner_heading(root: etree._Element) -> str | None:
    """The text of an <h1> in the page header (a forum's or blog's name), if there is one."""
    return next((element_text(h1) for h1 in root.iter("h1") if _in_banner(h1) and element_text(h1)), None)


def _in_banner(h1: etree._Element) -> bool:
    """The <h1> sits in the page header (a logo line) or a menu, not in the content.

    Only the page's first <header> (or one marked as the banner) is the page header: a later
    one, outside it, heads a section of the content (a shop's category header with its
    breadcrumbs and "Camping Tents" under the site header's menus). A heading in a <nav> or
    <aside> names a menu or a side box."""
    ancestors = list(h1.iterancestors())
    if any(a.tag in ("article", "main") for a in ancestors):
        return False
    return any(
        (ancestor.tag == "header" and _is_page_header(ancestor))
        or ancestor.tag in ("aside", "nav")
        or _named_banner(ancestor)
        for ancestor in ancestors
    )


def _named_banner(element: etree._Element) -> bool:
    """The element's class or id names a banner, a logo line or a side column. Not so the
    elements that wrap the whole page, whose classes are its feature flags (MediaWiki's <html
    class="vector-feature-...-main-page-header-disabled">), nor a utility class with a variant
    prefix, which styles a box and names no region (Tailwind's "site-header:min-h-[...]",
    "lg:grid-cols-sidebar-content" on the grid that holds the article beside its sidebar)."""
    if element.tag in _PAGE_WIDE or not marked(element, BANNER):
        return False
    names = " ".join(token for token in marker(element, BANNER).split() if not _VARIANT_UTILITY.search(token))
    return BANNER.pattern.search(names) is not None


# Elements that wrap the whole page.
_PAGE_WIDE = frozenset({"html", "body"})
# A utility class token with a variant ("lg:", "hover:") or an arbitrary value ("[calc(...)]").
_VARIANT_UTILITY = re.compile(r"[:\[]")


def _in_dialog(heading: etree._Element) -> bool:
    """The heading sits in a pop-up over the page (a newsletter sign-up's "Don't miss tomorrow's
    news" in a modal): it names the box, not the page."""
    return any(
        a.tag == "dialog"
        or (a.tag not in ("body", "html") and marked(a, DIALOG))
        or (a.tag == "form" and text_within(a, FORM_HEADING_MAX_CHARS) is not None)
        for a in heading.iterancestors()
    )


# A heading in a form this short names the form (a sign-up box's "Don't miss tomorrow's tech
# industry news", whatever its names); an ASP.NET page's <form> around the whole page is longer.
FORM_HEADING_MAX_CHARS = 500


def _is_page_header(header: etree._Element) -> bool:
    """The <header> is the page's banner: marked so, the document's first, or inside the first."""
    if header.get("role") == "banner":
        return True
    first = next(header.getroottree().getroot().iter("header"), None)
    return first is header or any(a is first for a in header.iterancestors())
