"""The article's title and the site's name, from the headline, <title> and the page header.

<title> is usually '<headline> | <site>', sometimes '<site> - <section> - <headline>'; the
page's <h1> is usually the headline, sometimes the site's logo. These helpers tell them apart.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from lxml import etree

from pipeline.extract.html import block_lines, collapse, decode_entities, element_text, short_text_hosts
from pipeline.extract.markers import BANNER, DIALOG, HEADLINE, LOGO, marked

# A title's last part of at most this many words is the site's name ("| Mayo Clinic").
SITE_SUFFIX_WORDS = 4
# A title part shown on the page counts as the headline only when it is more than a label.
VISIBLE_TITLE_MIN_WORDS = 3
# Candidates from this index on (og:title, twitter:title) are titles for sharing, often with
# the site or the community around the headline.
SOCIAL_TITLE_INDEX = 3
# A site name beside the headline in <title> is a name, not a sentence.
SITE_NAME_MAX_WORDS = 6
# An <h1> is the headline only if at least this share of its words is in og:title:
# measured on the wcxb-dev tune pages (0.3 beat 0.5-0.8; the holdout agrees).
HEADLINE_MIN_SHARED = 0.3
# A later <h1> replaces the first only when it covers this share of the page title's words: a
# post's title does ("Defer, Panic, and Recover - The Go Programming Language": 0.44), a word
# of it in a content heading does not ("Discord"). Measured on the wcxb-dev tune pages.
HEADLINE_SWITCH_MIN_COVER = 0.4
_WORD = re.compile(r"\w+")


def _shared_words(heading: str, page_title: str) -> float:
    words = set(_WORD.findall(heading.casefold()))
    return len(words & set(_WORD.findall(page_title.casefold()))) / len(words) if words else 0.0


TITLE_SEPARATORS = re.compile(r"\s+(?:\||-|–|—|·|::|»|:)\s+")


def strip_title_suffix(title: str, site_name: str | None = None) -> str:
    """'Gout - Symptoms and causes - Mayo Clinic' -> 'Gout - Symptoms and causes'.

    The site's name is dropped wherever it stands; without a known name, a short last part
    (at most SITE_SUFFIX_WORDS words) is taken for the site's name.
    """
    pieces = re.split(f"({TITLE_SEPARATORS.pattern})", title)
    parts, separators = pieces[::2], pieces[1::2]
    if len(parts) == 1:
        return title.strip()
    site = (site_name or "").strip().casefold()
    last = len(parts) - 1
    keep = [i for i, part in enumerate(parts) if not _names_site(part, site, i == last)] if site else []
    if site and len(keep) == len(parts):
        return title.strip()  # the site is known and not in this title: nothing to strip
    if not site:
        keep = list(range(len(parts) - 1)) if len(parts[-1].split()) <= SITE_SUFFIX_WORDS else list(range(len(parts)))
    if not keep:
        return title.strip()
    out = parts[keep[0]]
    for index in keep[1:]:
        out += separators[index - 1] + parts[index]
    return out.strip()


def _names_site(part: str, site: str, last: bool) -> bool:
    """A title part that is the site's name or, as the title's last part, that name with more
    words ("| REI Co-op" for "REI"; a leading "Cloudflare CDN" is a product's name)."""
    folded = part.strip().casefold()
    return folded == site or (last and (folded.startswith(site + " ") or site.startswith(folded + " ")))


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
    h1s = [h for h in h1s if not _in_dialog(h)]
    fallback: str | None = None
    for group in (marked_h1s, in_content, marked_others, h1s):
        texts = [
            t for h in group if (t := heading_text(h)) and len(t) < 300 and not _in_banner(h) and not _in_dialog(h)
        ]
        if texts:
            best = _best_match(texts, page_title)
            if not page_title or _shared_words(best, page_title) >= HEADLINE_MIN_SHARED:
                return best
            fallback = fallback or best  # a vote count marked "headline": a later <h1> may be the title
    return fallback or _banner_headline(h1s, page_title)


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
    texts = [t for h in h1s if _in_banner(h) and (t := heading_text(h)) and len(t) < 300]
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


# Page labels that name no page without the site's name beside them in <title>.
GENERIC_PAGE_LABELS = frozenset({"home", "homepage", "home page", "readme", "index", "welcome"})
# What a heading's link to itself shows.
PERMALINK_MARKS = frozenset({"¶", "#", "§", "🔗"})


def _best_match(texts: list[str], page_title: str | None) -> str:
    """The first heading, unless another covers more of the page title's words (at least
    HEADLINE_SWITCH_MIN_COVER of them) while being mostly in it."""
    if len(texts) == 1 or not page_title:
        return texts[0]
    head = _split_last(page_title.casefold())[0]
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


def _split_last(title: str) -> tuple[str, str, str]:
    """'Head — Site' -> ('Head', ' — ', 'Site'); ('title', '', '') without a separator."""
    separators = list(TITLE_SEPARATORS.finditer(title))
    if not separators:
        return title, "", ""
    last = separators[-1]
    return title[: last.start()].strip(), last.group(0), title[last.end() :].strip()


def _cover(text: str, title_words: set[str]) -> float:
    return len(set(_WORD.findall(text.casefold())) & title_words) / len(title_words) if title_words else 0.0


def banner_heading(root: etree._Element) -> str | None:
    """The text of an <h1> in the page header (a forum's or blog's name), if there is one."""
    return next((element_text(h1) for h1 in root.iter("h1") if _in_banner(h1) and element_text(h1)), None)


# Forum software's title prefixes: "View topic - ", "Thema anzeigen - ", "Topic: ".
FORUM_TITLE_PREFIX = re.compile(
    r"^(?:view topic|thema anzeigen|voir le sujet|ver tema|topic|thread|re)\s*[-:–]\s*", re.IGNORECASE
)


def visible_part(title: str, hosts: list[tuple[etree._Element, str]]) -> str | None:
    """The stretch of '<site> - <section> - <headline>' (or 'r/x on Site: <headline>') that the
    page shows as a line of its own: without a usable <h1>, the headline the reader sees is the
    best title. Any run of neighbouring parts counts, so a headline with a dash survives."""
    pieces = _SPAN_SEPARATORS.split(title)
    parts, separators = pieces[::2], pieces[1::2]
    if len(parts) < 2:
        return None
    shown = {text.casefold() for _, text in hosts}
    best: str | None = None
    for start in range(len(parts)):
        span = parts[start]
        for end in range(start, len(parts)):
            if end > start:
                span += separators[end - 1] + parts[end]
            candidate = span.strip()
            if len(candidate.split()) >= VISIBLE_TITLE_MIN_WORDS and candidate.casefold() in shown:
                before = parts[start - 1].strip() if start else ""
                if before and separators[start - 1].strip() == ":" and f"{before}:".casefold() in shown:
                    # a heading line that ends with its colon goes on in the next line:
                    # "How to Make a Good Game:" then "5 Mistakes and Tips to Avoid"
                    candidate = before + separators[start - 1] + candidate
                if best is None or len(candidate) > len(best):
                    best = candidate
    return best


# Title separators, and the colon of "r/Sub on Reddit: <headline>", kept for rebuilding spans.
_SPAN_SEPARATORS = re.compile(r"(\s+(?:\||-|–|—|·|::|»|:)\s+|:\s+)")


def is_site_label(headline: str, site_name: str | None) -> bool:
    """The headline only repeats og:site_name (or the publisher's name)."""
    return bool(site_name and headline.casefold() == site_name.strip().casefold())


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
        or marked(ancestor, BANNER)
        for ancestor in ancestors
    )


def _in_dialog(heading: etree._Element) -> bool:
    """The heading sits in a pop-up over the page (a newsletter sign-up's "Don't miss tomorrow's
    news" in a modal): it names the box, not the page."""
    return any(
        a.tag == "dialog" or (a.tag not in ("body", "html") and marked(a, DIALOG)) for a in heading.iterancestors()
    )


def _is_page_header(header: etree._Element) -> bool:
    """The <header> is the page's banner: marked so, the document's first, or inside the first."""
    if header.get("role") == "banner":
        return True
    first = next(header.getroottree().getroot().iter("header"), None)
    return first is header or any(a is first for a in header.iterancestors())


def site_around_headline(page_title: str, headline: str) -> str | None:
    """'Blog Name: Post Title' or 'Post Title « Blog Name': what the <title> adds to the headline."""
    folded, head = page_title.casefold(), headline.casefold()
    if folded == head or head not in folded:
        return None
    if folded.endswith(head):
        rest = page_title[: len(page_title) - len(headline)].strip(" :|-–—·»«")
        rest = TITLE_SEPARATORS.split(rest)[0]  # '<site> - <section> - <headline>'
    elif folded.startswith(head):
        rest = page_title[len(headline) :].strip(" :|-–—·»«")
        rest = TITLE_SEPARATORS.split(rest)[-1]  # '<headline> - <section> | <site>'
    else:
        return None
    rest = rest.strip(" :|-–—·»«")
    return rest if rest and len(rest.split()) <= SITE_NAME_MAX_WORDS else None


def site_from_title(parts: list[str], title: str | None) -> str | None:
    """The site's name in '<headline> | <site>' or '<site> - <headline>': the part that is not the headline."""
    headline = (title or "").casefold()
    if headline and all(part.casefold() in headline for part in parts):
        return None  # the headline is the whole page title: no part of it tells the site
    if headline and parts[-1].casefold() in headline and len(parts[0].split()) <= SITE_SUFFIX_WORDS:
        return parts[0]
    if headline and parts[0].casefold() not in headline and headline in " ".join(parts[1:]).casefold():
        return parts[0]
    return parts[-1]


def without_tagline(name: str) -> str:
    """'MedWiki, the free medical encyclopedia' -> 'MedWiki': a lower-case clause is a tagline."""
    head, comma, rest = name.partition(", ")
    return head if comma and rest[:1].islower() else name


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
    reference = shared or (page_title if page_title and _names_a_page(page_title, site_name) else None)
    if candidates[1] and reference and _shared_words(candidates[1], reference) < HEADLINE_MIN_SHARED:
        if not _home_headline(candidates[1], root, url):
            # an <h1> that shares (almost) no words with og:title (else <title>) is a section
            # label, a blog's name or a teaser's headline ("Blog", "Price Match Guarantee",
            # "Score" over a list's columns), not this page's
            candidates = [candidates[0], None, *candidates[2:]]
    chosen = next((i for i, c in enumerate(candidates) if c), None)
    title = candidates[chosen] if chosen is not None else page_title
    if chosen == 1 and title:
        title = _undecorated(collapse(title), [t for t in (shared, page_title) if t], site_name)
        title = _undamaged(title, [t for t in (candidates[2], shared, page_title) if t], site_name)
        title = _fuller(title, shared, site_name) if shared else title
    title_parts = [p.strip() for p in TITLE_SEPARATORS.split(page_title)] if page_title else []
    if not site_rule_title and title and is_site_label(collapse(title), site_name):
        title, chosen = page_title, None  # a headline that only repeats the site's name is no title
    if title and (chosen is None or chosen >= SOCIAL_TITLE_INDEX):
        # og:title, twitter:title or <title>: prefer the part of it the page shows
        title = visible_part(collapse(title), hosts or short_text_hosts(root)) or title
    whole = bool(title and page_title and _names_only_the_site(collapse(title), page_title, site_name))
    if whole:
        title, chosen = page_title, None  # the <title> as written: no part of it to cut
    if not site_name and (banner := banner_heading(root)) and banner.casefold() in map(str.casefold, title_parts):
        site_name = banner
    if not site_name and page_title and title:
        site_name = site_around_headline(page_title, collapse(title))
    if not site_name and len(title_parts) > 1:
        site_name = site_from_title(title_parts, collapse(title) if title else None)
    if title and not whole and (site_name or chosen is None or chosen >= SOCIAL_TITLE_INDEX):
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


def _names_only_the_site(shown: str, page_title: str, site_name: str | None) -> bool:
    """The page's heading (or the part of its title it shows) is the site part of '<headline> -
    <site>' ("Xfinity Entertainment" for og:site_name "Xfinity", "Yoga With Olivia"): the page
    shows no headline of its own, so the <title> as written names it, the site part kept."""
    parts = TITLE_SEPARATORS.split(page_title)
    site = (site_name or "").strip().casefold()
    last = parts[-1].strip()
    return len(parts) > 1 and bool(site) and shown.casefold() == last.casefold() and _names_site(last, site, True)


def document_title(root: etree._Element) -> str | None:
    """The page's <title>: the first outside an inline <svg> (an icon's "LinkedIn" names no page)."""
    return next(
        (t.text or "" for t in root.iter("title") if not any(a.tag == "svg" for a in t.iterancestors())), None
    )


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
    Certificate"). A part after a separator ("- Natural Grey") is a variant or the site's."""
    core = strip_title_suffix(collapse(social_title), site_name)
    at = core.casefold().find(heading.casefold())
    if at < 0 or len(core) == len(heading):
        return heading
    extra = core[:at] + " " + core[at + len(heading) :]
    if _NOT_WRITTEN_IN.search(extra) or not re.search(r"\w", extra):
        return heading
    return core if len(extra.split()) <= FULLER_MAX_EXTRA_WORDS else heading


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


def logo_name(root: etree._Element) -> str | None:
    """The site's name in its logo's ``alt`` ("Heart Support Boards - Powered by vBulletin"):
    the first image marked as a logo inside a link, its first title part, "logo" dropped."""
    for image in root.iter("img"):
        link = next((a for a in image.iterancestors() if a.tag == "a"), None)
        if link is None:
            continue
        alt = collapse(image.get("alt") or "")
        if not (marked(image, LOGO) or marked(link, LOGO)) or not alt:
            continue
        name = _LOGO_WORD.sub(" ", TITLE_SEPARATORS.split(alt)[0]).strip(" -|:")
        if name and len(name.split()) <= SITE_NAME_MAX_WORDS and not _NOT_LOGO_NAME.search(name):
            return name
        return None
    return None


# "Acme logo", "Acme home": the words around a name in a logo's alt.
_LOGO_WORD = re.compile(r"\s*\b(?:logo|home ?page|home)\s*$|^\s*logo\b\s*", re.IGNORECASE)
# An alt that is no name: a file name, a link's purpose ("Return to homepage"), "Home".
_NOT_LOGO_NAME = re.compile(
    r"^\S*\.(?:png|jpe?g|svg|gif|webp)\b|[/?=_]|^(?:home|return|back|go|link|click|skip)\b", re.IGNORECASE
)
