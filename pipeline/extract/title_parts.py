"""The parts of a page's <title> and the site's name among them.

<title> is usually '<headline> | <site>', sometimes '<site> - <section> - <headline>'. Choosing
the title (:mod:`pipeline.extract.titles`) and matching the page's headings against it
(:mod:`pipeline.extract.headlines`) cut it into the same parts, so the cutting lives here once,
beside the other places that name the site (the title around a headline, the logo's alt).
"""

from __future__ import annotations

import re

from lxml import etree

from pipeline.extract.html import collapse
from pipeline.extract.markers import LOGO, marked
from pipeline.extract.word_counts import word_count

# A title's last part of at most this many words is the site's name ("| Mayo Clinic").
SITE_SUFFIX_WORDS = 4
# A title part shown on the page counts as the headline only when it is more than a label.
VISIBLE_TITLE_MIN_WORDS = 3
# A site name beside the headline in <title> is a name, not a sentence.
SITE_NAME_MAX_WORDS = 6
# What stands between the parts of a title: a spaced bar, dash, dot, colon or guillemet; or the
# full-width bar (or a box-drawing one) that Japanese and Chinese sites set without spaces
# ("花粉症の対策｜健康ブログ"), which no headline holds.
TITLE_SEPARATORS = re.compile(r"\s+(?:\||-|–|—|·|::|»|:)\s+|\s*[\uff5c\u2502]\s*")


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
    keep = [i for i, part in enumerate(parts) if not names_site(part, site, i == last)] if site else []
    if site and len(keep) == len(parts):
        return title.strip()  # the site is known and not in this title: nothing to strip
    if not site:
        keep = list(range(len(parts) - 1)) if word_count(parts[-1]) <= SITE_SUFFIX_WORDS else list(range(len(parts)))
    if not keep:
        return title.strip()
    out = parts[keep[0]]
    for index in keep[1:]:
        out += separators[index - 1] + parts[index]
    return out.strip()


def names_site(part: str, site: str, last: bool) -> bool:
    """A title part that is the site's name or, as the title's last part, that name with more
    words ("| REI Co-op" for "REI"; a leading "Cloudflare CDN" is a product's name)."""
    folded = part.strip().casefold()
    return folded == site or (last and (folded.startswith(site + " ") or site.startswith(folded + " ")))


def split_last(title: str) -> tuple[str, str, str]:
    """'Head — Site' -> ('Head', ' — ', 'Site'); ('title', '', '') without a separator."""
    separators = list(TITLE_SEPARATORS.finditer(title))
    if not separators:
        return title, "", ""
    last = separators[-1]
    return title[: last.start()].strip(), last.group(0), title[last.end() :].strip()


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


def document_title(root: etree._Element) -> str | None:
    """The page's <title>: the first outside an inline <svg> (an icon's "LinkedIn" names no page)."""
    return next((t.text or "" for t in root.iter("title") if not any(a.tag == "svg" for a in t.iterancestors())), None)


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
