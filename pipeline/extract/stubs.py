"""Pages that hold no article: a frameset, a prompt meta refresh, an error page served as 200.

Such a page holds no article; its <title> or a "Redirecting..." line once became a one-line
article. Named only when the page yields less than an article's worth of text (a news page's
five-minute refresh changes nothing), so its fetch-log row says where the text is instead of
"no article text found". (A script that sets location is not seen: scripts are gone from the
parsed tree; such a page is "no article text found".)

An error page answered with status 200 (a "soft 404": a removed page that the site's template
answers "Page not found") once became an article whose text was the apology, the current
version of a page that had a real article the night before. Its title or first ``<h1>`` says
so in words the vocabularies list (``error_pages``); only a page under an article's worth of
text is asked, so an article about "error 404" keeps its text. A template whose title is the
site's name says so in the text it yields instead ("Oops! That page can't be found.", "Sorry,
the page you requested could not be found."): a line of that short text is asked too.
"""

from __future__ import annotations

import re

from lxml import etree

from pipeline.extract.vocabulary import words

# A refresh within this many seconds sends the reader on (redirect pages use 0-5 s); pages that
# reload themselves to show news use minutes.
REDIRECT_DELAY_S = 10.0
_REFRESH = re.compile(r"^\s*(\d+(?:\.\d*)?)\s*(?:[;,]\s*(?:url\s*=\s*)?['\"]?([^'\"]*))?", re.IGNORECASE)
# How much of a target URL, or of an error page's title, a reason quotes.
URL_CHARS = 200
ERROR_PAGE_PHRASES = words("error_pages")
WITHHELD_PAGE_TITLES = frozenset(words("withheld_pages"))
SERVER_ERROR_TITLES = frozenset(words("server_error_pages"))
# What a server error or maintenance page's reason says: a same-day re-run fetches such a page
# again (``pipeline.run.retry``), as it does a 5xx; the site was failing, the page is not gone.
SERVER_ERROR_PAGE = "a server error or maintenance page served with status 200"
# A page withholding the article is asked up to this much text: a consent wall's notice (the
# IAB framework's standard wording, its purposes and buttons) runs to about 1,000 characters; an
# article whose whole title is "Access denied" or "Sign in" and is longer keeps its text.
WITHHELD_PAGE_MAX_CHARS = 1500
# What separates a title's parts ("Attention Required! | Cloudflare", "Sign in - Site"), and
# what ends a part ("Just a moment...", "Are you a robot?").
_TITLE_PARTS = re.compile(r"\s+[|\-\u2013\u2014\u00b7:]\s+|\s*[|\u00b7]\s*")
_PART_ENDS = " .!?\u2026"
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})


def stub_reason(root: etree._Element, refresh_header: str | None = None) -> str | None:
    """Why this page is a way elsewhere, or None. ``refresh_header``: the response's ``Refresh``
    header, which browsers follow as they follow a meta refresh (``header("Refresh: 0; url=...")``)."""
    if refresh_header and (target := _prompt_refresh(refresh_header)):
        return f"a redirect page: Refresh header to {target}"
    if root.xpath("//frameset"):
        frames = [str(s).strip() for s in root.xpath("//frame/@src") if str(s).strip()]
        listed = ", ".join(f[:URL_CHARS] for f in frames[:3]) or "none named"
        return f"a frameset page: its text is in its frames ({listed})"
    for meta in root.xpath("//meta[@http-equiv]"):
        if str(meta.get("http-equiv", "")).strip().lower() != "refresh":
            continue
        if target := _prompt_refresh(meta.get("content") or ""):
            return f"a redirect page: meta refresh to {target}"
    return _error_page(root)


def _prompt_refresh(value: str) -> str | None:
    """The target of a refresh ("0; url=/new") that sends the reader on at once, or None."""
    match = _REFRESH.match(value)
    if match and match.group(2) and float(match.group(1)) <= REDIRECT_DELAY_S:
        return match.group(2).strip()[:URL_CHARS]
    return None


def _error_page(root: etree._Element) -> str | None:
    """The title or first heading of an error page served as a page ("Page not found"), or None."""
    for path in ("//title", "//h1"):
        found = root.xpath(path)
        if not found:
            continue
        heading = " ".join("".join(found[0].itertext()).split())
        said = heading.lower().translate(_APOSTROPHES)
        if any(phrase in said for phrase in ERROR_PAGE_PHRASES):
            return f"an error page served with status 200 ({path[2:]} {heading[:URL_CHARS]!r})"
    return None


def error_text_reason(text: str) -> str | None:
    """The line of a short extracted ``text`` that says it is an error page ("Oops! That page
    can't be found."), or None; for a page whose title and ``<h1>`` say nothing of it."""
    for line in text.splitlines():
        said = " ".join(line.split()).lower().translate(_APOSTROPHES)
        if any(phrase in said for phrase in ERROR_PAGE_PHRASES):
            return f"an error page served with status 200 (text {' '.join(line.split())[:URL_CHARS]!r})"
    return None


def page_heading(root: etree._Element) -> tuple[str, str]:
    """The page's ``<title>`` text, or its first ``<h1>``'s without one: ("title" or "h1", text).
    Read before the extraction changes the tree."""
    for path in (".//title", ".//h1"):
        found = root.find(path)
        if found is not None and (text := " ".join("".join(found.itertext()).split())):
            return path[3:], text
    return "title", ""


def withheld_reason(heading: tuple[str, str]) -> str | None:
    """Why a page whose heading is ``heading`` (:func:`page_heading`) is no version of the
    article (it withholds it, or is a server's error page), or None."""
    where, text = heading
    parts = {p.strip(_PART_ENDS).lower().translate(_APOSTROPHES) for p in _TITLE_PARTS.split(text)}
    said = f"({where} {text[:URL_CHARS]!r})"
    if parts & WITHHELD_PAGE_TITLES:
        withheld = "a page served instead of the article (a bot check, access denied, a consent or sign-in wall)"
        return f"{withheld} with status 200 {said}"
    if parts & SERVER_ERROR_TITLES:
        return f"{SERVER_ERROR_PAGE} {said}"
    return None
