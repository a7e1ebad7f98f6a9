"""Which date is the publication date: structured data first, then what the page shows, then htmldate.

Order (the first found wins):

1. JSON-LD ``datePublished`` written in ISO 8601, as schema.org asks;
2. ``<meta>`` publication tags (``article:published_time``, ``dc.date``...);
3. microdata ``itemprop=datePublished`` / ``dateCreated`` outside the comment threads, the
   first in the page (a Q&A page's question, a forum's opening post, an article's own line);
4. a visible "Published" line, then a date of its own by the headline ("Aug 04, 2025");
5. htmldate's extensive search for the original date (what trafilatura does);
6. a JSON-LD date printed for people ("Nov 05, 2025"): a template's text, on Webflow-made
   pages the date of the site's last publish, so htmldate's reading of the page wins over it;
7. an "Updated May 3" on the headline's dateline: an article that shows no other date was
   published then, as far as its reader can tell (the date it stands under).

A markup date (1-3) gives way to the date the reader sees by the headline when the page shows
the markup's date nowhere: a bare dateline date ("November 14, 2025", a page republished under a
new date, its first date kept in the markup; not the markup's date with day and month read the
other way round), else an "Updated Sep 17, 2025" alone on the dateline, later than the markup's.
Measured on wcxb-dev (tune): the gold dates 11 such pages by the headline's date and 1 (its
dateline both bare and "Updated") by the markup; pages that show the markup's date anywhere (a
forum's opening post under a "last reply" date, "Published Aug 01, 2024") keep it, and so do
medically reviewed pages (a reviewer or a review date): their "Updated on" is the review
cycle's date, the first publication stays in the markup (the health fixtures' pages, modelled on
the health publishers', expect it: healthline_like, webmd_like, wronglang).

A date after the page was fetched is no publication date (an event's date, a misread "next
review due", a template's placeholder year): every source's date later than the last day any
time zone had reached at the fetch (:func:`latest_plausible`) is passed over, and the next
source in the order above is read, as htmldate passes over its own candidates after its
``max_date``. The fetch's moment is the later of two clocks: the fetching machine's (a WARC
record's ``WARC-Date``) and the server's HTTP ``Date`` header (:func:`fetch_moment`), so a
machine whose clock runs far behind (a dead RTC battery, a VM restored from a snapshot) does not
pass over a page's true dates as "future": a page existed by the time its server answered.
A server's clock lifts the bound by at most ``SERVER_CLOCK_MAX_LEAD`` (90 days), so a lying one
(a Date of 9999) does not let its pages' far-future dates through.

A date htmldate finds is dropped when it is the page's latest modified or review date (or a
later one): "Last edited" at a wiki's foot, "Page last reviewed", a manual's "Last updated on"
and a modified date only in the markup are no publication dates. Measured on wcxb-dev (tune):
of the article pages that show only an update date, the gold takes the dateline's date as
published on all 5 where it stands by the headline, and no date on the 2 where it is in the
markup only; the 14 documentation, product and listing pages with only a footer or markup
date have no publication date in the gold.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import re
from collections.abc import Callable, Iterable
from typing import Any

from lxml import etree

from pipeline.deadlines import TimeLimit, cpu_time_limit
from pipeline.extract import jsonld, vocabulary
from pipeline.extract.dates import find_date
from pipeline.extract.html import itemprop_elements
from pipeline.extract.phrase_patterns import alternation
from pipeline.records import http_date

META_PUBLISHED = (
    "article:published_time",
    "datepublished",
    "dc.date",
    "dc.date.issued",
    "dcterms.created",
    "date",
    "pubdate",
    "publish-date",
    "citation_publication_date",
    "sailthru.date",
    "parsely-pub-date",
    "og:article:published_time",
)
log = logging.getLogger(__name__)
# htmldate's extensive search hands date-like text to dateparser, which tries every locale on
# each piece: about 1 s at most on the fixture pages, but 30-45 s on a page of reference lines
# that each hold a year ("J Med. 2020. doi:..."; bench/hostile.py --shapes dates). Past this the
# search gives up (no publication date from htmldate) instead of holding the page that long.
# Seconds of the extracting thread's CPU, not of the wall clock: a wall-time cut gave a page a
# date on a quiet machine and none under load (the slowest of wcxb-dev's and ScrapingHub's 725
# pages takes 0.5 s of CPU, so a tenth of a core for 5 s cut it).
HTMLDATE_MAX_S = 5.0
_ISO_DATE = re.compile(r"\s*(?:19|20)\d{2}-\d{2}-\d{2}")
# Which microdata property is picked in Python, from the page's short list of them
# (itemprop_elements): an XPath string comparison on every element costs three times as much.
_PUBLISHED_PROPS = ("datePublished", "dateCreated")


# A date field holding a number alone is a Unix time, in seconds or milliseconds (Hatena Blog's
# article:published_time is "1768446000"): a number of 10 digits is a time from 2001 to 2286, and
# a date field's value has no other reading. Read in UTC, as an ISO time with its offset is.
_UNIX_TIME = re.compile(r"\s*(?P<seconds>[1-9]\d{9})(?P<milliseconds>\d{3})?\s*$")


# How far a page's calendar can run ahead of UTC: the Line Islands keep UTC+14, so at a fetch
# time T (UTC) a page somewhere may already print the date of T + 14 h, and no page a later one.
# A date after that was not the page's past when it was fetched.
TIME_ZONE_AHEAD = dt.timedelta(hours=14)


def latest_plausible(fetched_at: dt.datetime | None = None) -> dt.date:
    """The last calendar date a page fetched at ``fetched_at`` (a naive time is UTC; None: now)
    can print as its own past: the fetch's date in the time zone furthest ahead of UTC."""
    when = fetched_at or dt.datetime.now(dt.UTC)
    when = when.astimezone(dt.UTC) if when.tzinfo else when.replace(tzinfo=dt.UTC)
    if when > dt.datetime.max.replace(tzinfo=dt.UTC) - TIME_ZONE_AHEAD:
        return dt.date.max  # a server's Date of 31 Dec 9999: no bound
    return (when + TIME_ZONE_AHEAD).date()


# How far a server's HTTP Date may lift the bound past the fetch's own clock. The lift is for a
# fetching machine whose clock is behind; one more than 90 days behind finds every Let's Encrypt
# certificate (each lives at most 90 days) not yet valid, so its https crawl fails loudly (the
# sixteenth audit's reason) and its summary warns of the clock. A Date further ahead is the
# server's clock, not ours: a lying one (a Date of 9999) lifted the bound for good, and a page's
# event or "next review" date years ahead was its publication date.
SERVER_CLOCK_MAX_LEAD = dt.timedelta(days=90)


def fetch_moment(fetched_at: dt.datetime | None, date_header: str | None) -> dt.datetime | None:
    """The moment a page's dates are bounded by: the later of its fetch time (None: now) and its
    server's HTTP ``Date``, the server's clock when it answered, lifting it by at most
    SERVER_CLOCK_MAX_LEAD. Never the earlier: a fetching machine whose clock is behind would pass
    over true dates as future, while a server's clock ahead only lets through what the page says
    up to the server's today. None: now."""
    served = http_date(date_header)
    if served is None:
        return fetched_at
    when = fetched_at or dt.datetime.now(dt.UTC)
    when = when if when.tzinfo else when.replace(tzinfo=dt.UTC)
    if when <= dt.datetime.max.replace(tzinfo=dt.UTC) - SERVER_CLOCK_MAX_LEAD:
        served = min(served, when + SERVER_CLOCK_MAX_LEAD)
    return max(when, served)


def not_after(date: dt.date | None, latest: dt.date | None) -> dt.date | None:
    """``date`` unless it is after ``latest`` (a date in the future of the page's fetch)."""
    return None if date is None or (latest is not None and date > latest) else date


def as_date(value: Any, language: str | None = None) -> dt.date | None:
    text = jsonld.first_str(value) if not isinstance(value, str) else value
    if text and (unix := _UNIX_TIME.match(text)):
        return dt.datetime.fromtimestamp(int(unix["seconds"]), dt.UTC).date()
    return find_date(text, language) if text else None


def published_date(
    root: etree._Element,
    url: str,
    article: dict[str, Any],
    meta: dict[str, str],
    excluded: set[etree._Element],
    visible: list[dt.date],
    latest: dt.date | None,
    language: str | None,
    dateline: list[dt.date] | None = None,
    dateline_modified: list[dt.date] | None = None,
    reviewed: bool = False,
    microdata: list[etree._Element] | None = None,
    plausible: dt.date | None = None,
) -> dt.date | None:
    """The publication date by the order in the module docstring, or None (``microdata``: the
    page's microdata elements, when listed: :func:`pipeline.extract.html.itemprop_elements`;
    ``plausible``: the latest date the page can print, :func:`latest_plausible`, which the
    caller has applied to ``visible``, ``dateline`` and ``dateline_modified`` already)."""
    raw = jsonld.first_str(article.get("datePublished"))
    structured = not_after(as_date(raw, language), plausible)
    marked = structured if structured is not None and _ISO_DATE.match(raw or "") else None
    marked = marked or next(
        (d for key in META_PUBLISHED if (d := not_after(as_date(meta.get(key), language), plausible))), None
    )
    found = marked or _microdata_published(root, excluded, language, microdata, plausible)
    if found is not None and not visible and not reviewed:
        return _as_read(root, found, dateline or [], dateline_modified or [], language)
    if found is None:
        found = next(iter(visible or dateline or ()), None)
    if found is None:
        found = _htmldate(root, url, plausible)
        if found is not None and latest is not None and found >= latest:
            found = None  # the modified or review date again (or a later one): no publication date
    return found or structured or (dateline_modified[0] if dateline_modified else None)


def _as_read(
    root: etree._Element,
    marked: dt.date,
    dateline: list[dt.date],
    dateline_modified: list[dt.date],
    language: str | None,
) -> dt.date:
    """The headline's date instead of the markup's publication date when the reader sees only
    the former: a bare dateline date, else an "Updated" date alone on the dateline, later than
    the markup's. A bare date also written "Updated" is the update beside a first date the
    reader may see elsewhere; one that is the markup's date with day and month swapped is it."""
    if dateline:
        first = dateline[0]
        headline = None if first in dateline_modified or _swapped(first, marked) else first
    else:
        later = [d for d in dateline_modified[:1] if d > marked]
        headline = later[0] if later else None
    if headline is None or headline == marked or shows_date(root, marked, language):
        return marked
    return headline


def _swapped(date: dt.date, other: dt.date) -> bool:
    """True for a date read day first ("10/09/2024") where the markup's is month first (2024-09-10)."""
    return (date.year, date.month, date.day) == (other.year, other.day, other.month)


# A text that shows a date is a date line ("Published Aug 01, 2024", "JAN 24, 2025 · 5 min"),
# not a paragraph that mentions one; <time> elements are read whatever their length.
SHOWN_DATE_MAX_CHARS = 60
_SHORT_BODY_TEXTS = etree.XPath(
    "//body//text()[string-length(normalize-space(.)) < $limit]"
    "[not(ancestor::script) and not(ancestor::style) and not(ancestor::template)]"
)


def shows_date(root: etree._Element, day: dt.date, language: str | None) -> bool:
    """True when the page shows ``day`` to its reader: a <time> element, or a short text line."""
    for element in root.iter("time"):
        if any(raw and find_date(raw, language) == day for raw in (element.get("datetime"), element.text)):
            return True
    for text in _SHORT_BODY_TEXTS(root, limit=SHOWN_DATE_MAX_CHARS):
        if any(c.isdigit() for c in text) and find_date(str(text), language) == day:
            return True
    return False


def _microdata_published(
    root: etree._Element,
    excluded: set[etree._Element],
    language: str | None,
    microdata: list[etree._Element] | None = None,
    plausible: dt.date | None = None,
) -> dt.date | None:
    for element in itemprop_elements(root, microdata):
        if element.get("itemprop") not in _PUBLISHED_PROPS:
            continue
        if element in excluded or any(a in excluded for a in element.iterancestors()):
            continue
        raw = element.get("content") or element.get("datetime") or element.text_content()
        if (date := not_after(find_date(raw, language), plausible)) is not None:
            return date
    return None


@functools.cache
def _dateparser() -> Any:
    """dateparser for htmldate's extensive search, in the languages the extractor reads.

    htmldate builds its own with every locale (``languages=None``): its first parse in a
    process loads all of them (3.9 s of CPU, past HTMLDATE_MAX_S on a loaded machine, so a
    page's date depended on the load) and each later parse tries them all (34 ms against 2 ms).
    Same settings as htmldate 1.11's own parser; only the languages differ.
    """
    from dateparser import DateDataParser

    return DateDataParser(
        languages=sorted(vocabulary.builtin()),
        settings={
            "NORMALIZE": True,
            "PARSERS": ["custom-formats", "absolute-time"],
            "PREFER_DATES_FROM": "past",
            "PREFER_LOCALE_DATE_ORDER": True,
            "RETURN_AS_TIMEZONE_AWARE": False,
            "STRICT_PARSING": True,
        },
    )


# htmldate's last resort, ``search_page``, scans the serialised page with a dozen regexes for
# date shapes (0.9 ms of a 1.2 KB page's 1.4 ms of htmldate). Every one of them holds four ASCII
# digits in a row (a year: copyright, Y-M-D, D-M-Y, YYYYMMDD, Y-M, M-Y, "May 5, 2021", a bare
# year) but its D/M/YY and DD.MM.YY pattern, which holds a digit, "/" or ".", and a digit. A page
# with neither has no date for it to find: the scan is skipped and the answer is the same None
# (tests/test_extract_fastpaths.py checks the wrapper against htmldate's own on such shapes).
_PAGE_SEARCH_CUE = re.compile(r"[0-9](?:[0-9]{3}|[/.][0-9])")  # one leading class: 4x as fast as "a|b"


# When its date patterns fail, htmldate's page search answers with a year alone, written as
# 1 January: the copyright line's year, or any four digits that look like one. On wcxb-dev
# (a97a42f) 86 of 499 pages got such a date from it, and on none of them is it the publication
# date (85 have none in the gold, one another day). The answer stands only when the page shows
# that day.
# January's names in every vocabulary language, e.g. "jan", "januar", "janvier", "enero".
_JANUARY_NAMES = [name for name, number in vocabulary.MONTHS.items() if number == 1]
_JANUARY = "(?:" + alternation(_JANUARY_NAMES) + r")\.?"
# The same names written backwards, for the search of the reversed page (see shows_new_year).
_YRAUNAJ = r"\.?(?:" + "|".join(re.escape(name[::-1]) for name in _JANUARY_NAMES) + ")"
# Every way shows_new_year's pattern writes the date holds the year; these are its ways that
# start with it ("2024-01-01", "20240101") and, on the page read backwards, those that end
# with it ("01/01/2024", "Jan 1, 2024", "1er janvier 2024"), each turned round: a year's four
# digits start every match, so the search jumps from one to the next (a literal prefix)
# instead of trying every alternative at every character of the page, where the pattern
# as written took 20 ms on a page of 250 KB (74 such searches over ScrapingHub's pages and
# wcxb-dev's tune pages: 1.5 s of htmldate's 7.1 s).
_FORWARD = r"(?:[-/.]0?1[-/.]0?1(?![0-9])|0101)"
# Turned round, piece by piece (a lookbehind before the match is a lookahead after it):
# (?<![0-9])0?1[-/.]0?1[-/.]YEAR; JANUARY\s+0?1(?:st)?,?\s+YEAR;
# (?<![0-9])0?1(?:st|er)?\.?\s+(?:de\s+)?JANUARY,?\s+(?:de\s+)?YEAR.
_BACKWARD = (
    r"(?:[-/.]10?[-/.]10?(?![0-9])"
    rf"|\s+,?(?:ts)?10?\s+{_YRAUNAJ}"
    rf"|(?:\s+ed)?\s+,?{_YRAUNAJ}(?:\s+ed)?\s+\.?(?:ts|re)?10?(?![0-9]))"
)


def shows_new_year(text: str, year: str) -> bool:
    """True when ``text`` writes 1 January of ``year`` as a date (numbers or the month's name):
    :func:`new_year_pattern`'s search, as two searches anchored on the year (the ways that end
    with it run over the text reversed, turned round themselves: the same matches)."""
    if not (len(year) == 4 and year.isascii() and year.isdigit()):
        return re.search(new_year_pattern(year), text, re.IGNORECASE) is not None
    if year not in text:
        return False  # every way of writing the date holds the year
    if re.search(year + _FORWARD, text, re.IGNORECASE):
        return True
    return re.search(year[::-1] + _BACKWARD, text[::-1], re.IGNORECASE) is not None


def new_year_pattern(year: str) -> str:
    """1 January of ``year`` as a date: "2024-01-01", "01/01/2024", "20240101", "Jan 1, 2024",
    "1er janvier 2024", "1 de enero de 2024"."""
    return (
        rf"{year}[-/.]0?1[-/.]0?1(?![0-9])|(?<![0-9])0?1[-/.]0?1[-/.]{year}|{year}0101"
        rf"|{_JANUARY}\s+0?1(?:st)?,?\s+{year}|(?<![0-9])0?1(?:st|er)?\.?\s+(?:de\s+)?{_JANUARY},?\s+(?:de\s+)?{year}"
    )


@functools.cache
def _htmldate_search() -> Any:
    """htmldate's ``find_date`` with our dateparser; its page search skipped where it cannot
    match, and its year guesses dropped."""
    import htmldate.core
    import htmldate.extractors

    htmldate.extractors.get_external_parser = _dateparser  # its parser, in our languages
    own_month_words = htmldate.extractors.month_words
    htmldate.extractors.month_words = functools.cache(lambda: month_words(own_month_words))
    search_page = htmldate.core.search_page

    def guarded_search_page(htmlstring: str, options: Any) -> str | None:
        if _PAGE_SEARCH_CUE.search(htmlstring) is None:
            return None
        found = search_page(htmlstring, options)
        if found and found[4:] == "-01-01" and not shows_new_year(htmlstring, found[:4]):
            return None  # a copyright or bare year, written as its 1 January: no date
        return found

    guarded_search_page.__wrapped__ = search_page  # type: ignore[attr-defined]
    htmldate.core.search_page = guarded_search_page
    return htmldate.core.find_date


def month_words(build: Callable[[], Iterable[str]]) -> frozenset[str]:
    """htmldate's month names of every dateparser locale, folded (its ``month_words``, here
    ``build``), which its extensive search asks for before it hands a text to dateparser.

    htmldate builds them by loading every locale dateparser has (~0.15 s of CPU, in every
    process that reaches that search: 1.5% of a ``--workers 1`` run over ScrapingHub's WARC);
    read back from a copy in the cache directory named by both versions (see
    :func:`pipeline.cache_dir.cached_words`)."""
    from importlib.metadata import version

    from pipeline.cache_dir import cached_words

    name = f"htmldate-{version('htmldate')}-dateparser-{version('dateparser')}-month-words.txt"
    return cached_words(name, lambda: frozenset(build()))


def _end_of(day: dt.date | None) -> dt.datetime:
    """The latest date htmldate may answer: the end of ``day`` (None: today in UTC), as every
    date of the output. Its default is the end of the machine's local day, so under
    TZ=Etc/GMT+12 a page dated today had no date (or an older one) and under UTC+14 a page dated
    tomorrow kept it; a page read from an archive of 2012 could be given a date of 2020."""
    return dt.datetime.combine(day or dt.datetime.now(dt.UTC).date(), dt.time.max)


def _htmldate(root: etree._Element, url: str, plausible: dt.date | None = None) -> dt.date | None:
    """htmldate's extensive search for the original date, none after ``plausible``; our tree
    stays unchanged.

    Given a parsed tree, htmldate 1.11 reads it, then prunes a deep copy of its own: a copy made
    here as well cost a second copy of every page without a date in its markup (tests check
    that the tree is left as it was).
    """
    htmldate_find = _htmldate_search()
    try:
        with cpu_time_limit(HTMLDATE_MAX_S):
            found = htmldate_find(
                root, extensive_search=True, original_date=True, url=url or None, max_date=_end_of(plausible)
            )
    except TimeLimit:
        # Said, not silent: the one cut that can give a page another date than a re-run gives it.
        log.warning(
            "%s: htmldate's date search cut after %g s of CPU (HTMLDATE_MAX_S): no date from it", url, HTMLDATE_MAX_S
        )
        return None
    except Exception:
        return None
    try:
        return dt.date.fromisoformat(found) if found else None
    except ValueError:
        return None
