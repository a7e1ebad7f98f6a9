"""The article's title and the site's name: the title candidates weighed, the chosen one cleaned.

The candidates (a site rule's title, the page's headline from :mod:`pipeline.extract.headlines`,
the JSON-LD headline, og:title, twitter:title, <title>) are tried in that order; the one chosen
loses what a template adds around a headline (the site's part, a forum's prefix, a section
label, a listing's count), cut with :mod:`pipeline.extract.title_parts`.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from lxml import etree

from pipeline.extract.headlines import HEADLINE_MIN_SHARED, banner_heading, heading_text, shared_words
from pipeline.extract.html import collapse, decode_entities, short_text_hosts
from pipeline.extract.phrase_patterns import alternation
from pipeline.extract.title_parts import (
    SITE_SUFFIX_WORDS,
    TITLE_SEPARATORS,
    VISIBLE_TITLE_MIN_WORDS,
    document_title,
    is_site_label,
    logo_name,
    names_site,
    site_around_headline,
    site_from_title,
    strip_title_suffix,
    visible_part,
    without_tagline,
)
from pipeline.extract.vocabulary import words

# Candidates from this index on (og:title, twitter:title) are titles for sharing, often with
# the site or the community around the headline.
SOCIAL_TITLE_INDEX = 3
# Page labels that name no page without the site's name beside them in <title>.
GENERIC_PAGE_LABELS = frozenset({"home", "homepage", "home page", "readme", "index", "welcome"})
# Forum software's title prefixes: "View topic - ", "Thema anzeigen - ", "Topic: " (the
# vocabularies' forum_title_prefixes).
FORUM_TITLE_PREFIX = re.compile(rf"^(?:{alternation(words('forum_title_prefixes'))})\s*[-:–]\s*", re.IGNORECASE)


def resolve_title(
    root: etree._Element,
    candidates: list[str | None],
    site_name: str | None,
    hosts: list[tuple[etree._Element, str]] | None,
    site_rule_title: bool = False,
    url: str = "",
) -> tuple[str | None, str | None]:
    """(title, site name) from the title candidates in fallback order and what the page shows.

    ``candidates`` are, in order: the site rule's title, the page's headline, the JSON-LD
    headline, og:title, twitter:title; <title> is the last resort.
    """
    page_title = decode_entities(collapse(document_title(root) or "")) or None
    candidates = [decode_entities(c) if c else c for c in candidates]  # "Python, SQL &#x26; AI" escaped twice
    shared = candidates[SOCIAL_TITLE_INDEX]
    refused = False  # the page's heading names something else: a slogan, a section, a teaser
    reference = shared or (page_title if page_title and _names_a_page(page_title, site_name) else None)
    if candidates[1] and reference and shared_words(candidates[1], reference) < HEADLINE_MIN_SHARED:
        if not _home_headline(candidates[1], root, url):
            # an <h1> that shares (almost) no words with og:title (else <title>) is a section
            # label, a blog's name or a teaser's headline ("Blog", "Price Match Guarantee",
            # "Score" over a list's columns), not this page's
            refused = len(candidates[1].split()) >= VISIBLE_TITLE_MIN_WORDS  # a slogan, not a label or a count
            candidates = [candidates[0], None, *candidates[2:]]
    chosen = next((i for i, c in enumerate(candidates) if c), None)
    title = candidates[chosen] if chosen is not None else page_title
    if chosen == 1 and title:
        title = _undecorated(collapse(title), [t for t in (shared, page_title) if t], site_name)
        title = _undamaged(title, [t for t in (candidates[2], shared, page_title) if t], site_name)
        title = _fuller(title, shared, site_name) if shared else title
    title_parts = [p.strip() for p in TITLE_SEPARATORS.split(page_title)] if page_title else []
    if chosen == 1 and title and _later_part(title, title_parts):
        # the heading is the site's or book's name over every page ("The Rust Programming
        # Language" for "Defining Shared Behavior with Traits - The Rust Programming Language"):
        # the part of <title> the page shows as a line of its own is the headline
        shown = visible_part(collapse(page_title or ""), hosts or short_text_hosts(root))
        if shown and not _later_part(shown, title_parts):
            title, chosen = shown, None
    if not site_rule_title and title and is_site_label(collapse(title), site_name):
        title, chosen = page_title, None  # a headline that only repeats the site's name is no title
    shown_part = None
    if title and (chosen is None or chosen >= SOCIAL_TITLE_INDEX):
        # og:title, twitter:title or <title>: prefer the part of it the page shows
        shown_part = visible_part(collapse(title), hosts or short_text_hosts(root))
        title = shown_part or title
    whole = bool(title and page_title and _names_only_the_site(collapse(title), page_title, site_name))
    # the page's heading is a slogan ("Insurance to help protect you" on "Insurance for Rideshare
    # and Delivery Drivers | Uber") and no part of the title shows as a line of its own: nothing
    # on the page names it but its title, which keeps its site part ("AI Assistants - SmartCat")
    as_written = refused and shown_part is None and (chosen is None or chosen >= SOCIAL_TITLE_INDEX)
    if whole:
        title, chosen = page_title, None  # the <title> as written: no part of it to cut
    if not site_name and (banner := banner_heading(root)) and banner.casefold() in map(str.casefold, title_parts):
        site_name = banner
    if not site_name and page_title and title:
        site_name = site_around_headline(page_title, collapse(title))
    if not site_name and len(title_parts) > 1:
        site_name = site_from_title(title_parts, collapse(title) if title else None)
    if title and not whole and not as_written and (site_name or chosen is None or chosen >= SOCIAL_TITLE_INDEX):
        # a headline marked as one keeps its "– what helps": only a known site name is cut from it
        title = strip_title_suffix(collapse(title), site_name)
    if title and (chosen is None or chosen >= SOCIAL_TITLE_INDEX):
        title = _without_leading_site(collapse(title), root)
    if title:
        title = _TRAILING_COUNT.sub("", FORUM_TITLE_PREFIX.sub("", collapse(title)))
    if title and page_title and title.casefold() in GENERIC_PAGE_LABELS and title.casefold() in page_title.casefold():
        title = page_title  # "Home" alone names no page: "Home - The GitHub Blog" does
    site_name = site_name or logo_name(root)  # last: only the field, never a cut from the title
    return title, without_tagline(collapse(site_name)) if site_name else None


def _later_part(text: str, title_parts: list[str]) -> bool:
    """``text`` is a later part of '<headline> - <site>' ("The Rust Programming Language"), not its first."""
    folded = text.casefold()
    return len(title_parts) > 1 and folded != title_parts[0].casefold() and folded in map(str.casefold, title_parts[1:])


def _names_only_the_site(shown: str, page_title: str, site_name: str | None) -> bool:
    """The page's heading (or the part of its title it shows) is the site part of '<headline> -
    <site>' ("Xfinity Entertainment" for og:site_name "Xfinity", "Yoga With Olivia"): the page
    shows no headline of its own, so the <title> as written names it, the site part kept."""
    parts = TITLE_SEPARATORS.split(page_title)
    site = (site_name or "").strip().casefold()
    last = parts[-1].strip()
    return len(parts) > 1 and bool(site) and shown.casefold() == last.casefold() and names_site(last, site, True)


def _names_a_page(page_title: str, site_name: str | None) -> bool:
    """A <title> that may be the site's name alone on every page ("Acme Health") is no test of
    a heading: one with a separator or of more than SITE_SUFFIX_WORDS words names a page."""
    if site_name and page_title.casefold() == site_name.strip().casefold():
        return False
    return bool(TITLE_SEPARATORS.search(page_title)) or len(page_title.split()) > SITE_SUFFIX_WORDS


def _home_headline(heading: str, root: etree._Element, url: str) -> bool:
    """On a site's home page ("/") og:title and <title> are the site's name and tagline ("Render |
    The cloud for builders"): an <h1> of a few words there is the page's own headline ("Your
    fastest path to production"), though it shares no words with them. A one- or two-word
    <h1> ("Posts", "Clarity, finally.") is a label; a teaser's marked <h2> is not the page's."""
    if urlsplit(url).path not in ("", "/") or len(heading.split()) < VISIBLE_TITLE_MIN_WORDS:
        return False
    return any(heading_text(h1) == heading for h1 in root.iter("h1"))


def _without_leading_site(title: str, root: etree._Element) -> str:
    """A <title> that starts with the page header's site name, with no separator after it
    ("davidbau.com Vibe Coding" under <header><h1>davidbau.com</h1>): the rest is the headline
    (of at least SITE_PREFIX_REST_MIN_WORDS words, so a product named after the site stays whole)."""
    banner = banner_heading(root)
    if not banner or not title.casefold().startswith(banner.casefold() + " "):
        return title
    rest = title[len(banner) :].strip()
    return rest if len(rest.split()) >= SITE_PREFIX_REST_MIN_WORDS else title


# What is left after a leading site name must be a headline, not one word of a product's name.
SITE_PREFIX_REST_MIN_WORDS = 2
# A listing's count after its name: "Best Books Ever (77141 books)", "Tents (24 items)".
_TRAILING_COUNT = re.compile(r"\s+\(\d[\d,.]*\s+[a-z]+s\)$")


def _undecorated(heading: str, page_titles: list[str], site_name: str | None) -> str:
    """The headline without what a template adds around it in the <h1>: a section label before
    it ("Blog: "), the source and comment count after it ("(phoronix.com) 139"), when the page
    title (og:title, <title>) holds the headline alone."""
    folded = heading.casefold()
    for page_title in page_titles:
        core = strip_title_suffix(collapse(page_title), site_name)
        if not core or len(core) >= len(heading):
            continue
        if folded.startswith(core.casefold()) and _TRAILING_DECORATION.fullmatch(heading[len(core) :]):
            return heading[: len(core)]
        if folded.endswith(core.casefold()) and _LEADING_LABEL.fullmatch(heading[: -len(core)]):
            return heading[-len(core) :]
    return heading


def _fuller(heading: str, social_title: str, site_name: str | None) -> str:
    """og:title (without its site part) when it is the heading with a word or two written into
    it, no separator between: the heading is its short form ("15 Best Online Tutoring
    Platforms" of "... Platforms 2025", "Project Management" of "Project Management
    Certificate"); the site's own name written in does not count ("Netsmartz Generative AI
    Consulting Services for SaaS"). A part after a separator ("- Natural Grey") is a variant or
    the site's."""
    core = strip_title_suffix(collapse(social_title), site_name)
    at = core.casefold().find(heading.casefold())
    if at < 0 or len(core) == len(heading):
        return heading
    extra = core[:at] + " " + core[at + len(heading) :]
    if _NOT_WRITTEN_IN.search(extra) or not re.search(r"\w", extra):
        return heading
    return core if len(_without_site(extra.split(), site_name)) <= FULLER_MAX_EXTRA_WORDS else heading


def _without_site(words: list[str], site_name: str | None) -> list[str]:
    """``words`` without the site's name where they hold it as a run of words ("Netsmartz |" -> "Netsmartz")."""
    site = (site_name or "").strip(" |-–—:").casefold().split()
    folded = [w.casefold() for w in words]
    for at in range(len(words) - len(site) + 1 if site else 0):
        if folded[at : at + len(site)] == site:
            return words[:at] + words[at + len(site) :]
    return words


# og:title may add this many words to the heading: one or two are part of the title ("2025",
# "Certificate"); three are a shop's "Buy ... at Thomann" or a brand's name and a tagline.
# Measured on the wcxb-dev tune pages (1 and 2 the same, 3 loses a product page).
FULLER_MAX_EXTRA_WORDS = 2
# What sets a part apart from the headline rather than writing it in: a separator, a bracket.
_NOT_WRITTEN_IN = re.compile(r"[|:–—·»(\[\-]")


def _undamaged(heading: str, page_titles: list[str], site_name: str | None) -> str:
    """The page title's spelling of a heading whose characters a wrong encoding turned into "?"
    ("Event Planning? Beginner? Guide" for "Event Planning: Beginner's Guide")."""
    if "?" not in heading:
        return heading
    lost = f".{{1,{DAMAGED_CHAR_MAX}}}"
    pattern = re.compile(lost.join(re.escape(piece) for piece in heading.split("?")), re.IGNORECASE)
    for page_title in page_titles:
        core = strip_title_suffix(collapse(page_title), site_name)
        if core != heading and "?" not in core and pattern.fullmatch(core):
            return core
    return heading


# One character lost to a wrong encoding shows as one "?" for up to this many characters ("'s").
DAMAGED_CHAR_MAX = 3
# "(phoronix.com) 139": a story's source site and its comment count after a headline.
_TRAILING_DECORATION = re.compile(r"\s+\([\w.-]+\.[a-z]{2,}\)(?:\s+\d+)?\s*", re.IGNORECASE)
# "Blog: ", "News - ": a section label of at most two words before a headline.
_LEADING_LABEL = re.compile(r"\s*\w+(?:\s\w+)?(?::\s*|\s+[|\-–—]\s+)")
