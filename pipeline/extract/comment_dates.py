"""When a comment was posted: ``<time>`` and microdata dates, a short time whose title holds
the full date ("2d", "Oct 7"), date-classed elements (with Unix times in data attributes), or
a short header line; read in the page's language (03/04/2024 depends on it).
"""

from __future__ import annotations

import datetime as dt
import re
from copy import deepcopy
from dataclasses import dataclass

from lxml import etree

from pipeline.extract.comment_items import Item, class_words, walk
from pipeline.extract.comment_lines import HEADER_LINE_MAX_CHARS, MEMBER_SINCE, RELATIVE_TIME
from pipeline.extract.comment_rules import DATE_TOKENS
from pipeline.extract.dates import find_datetime
from pipeline.extract.html import block_lines, element_text
from pipeline.extract.phrase_patterns import alternation
from pipeline.extract.vocabulary import MONTH_NAMES, WEEKDAY_NAMES, words


@dataclass(slots=True, frozen=True)
class Posted:
    """When a comment was posted: the instant (UTC) and the wall-clock time the page prints
    (its calendar date is the one a reader sees)."""

    at: dt.datetime
    printed: dt.datetime


def posted_in(text: str | None, language: str | None) -> Posted | None:
    """The first date in ``text``, both as an instant and as printed."""
    printed = find_datetime(text, language, to_utc=False)
    if printed is None and text and (short := SHORT_YEAR.search(text)):
        text = _with_full_year(text, short)
        printed = find_datetime(text, language, to_utc=False)
    if printed is None and text and (spelled := _spelled_out(text)) != text:
        text = spelled
        printed = find_datetime(text, language, to_utc=False)
    return Posted(find_datetime(text, language) or printed, printed) if printed else None


def _spelled_out(text: str) -> str:
    """Comment software's compact dates, written the way the date reader reads them:
    "06-Mar-2012" (day, month name and year joined by hyphens), "6 Mar 12" (apart, the year
    in two digits), "2012/03/06" (year first with
    slashes), "Mar 6 '12" (an apostrophe for the century); read only where a comment's date is
    looked for."""
    text = _DAY_MONTH_YEAR.sub(lambda m: f"{m.group(1)} {m.group(2)} {_full_year(m.group(3))}", text)
    text = _DAY_MONTH_SHORT_YEAR.sub(lambda m: f"{m.group(1)} {m.group(2)} {_full_year(m.group(3))}", text)
    text = _YEAR_SLASHED.sub(r"\1-\2-\3", text)
    return _APOSTROPHE_YEAR.sub(lambda m: f"{m.group(1)}, {_full_year(m.group(2))}", text)


_DAY_MONTH_YEAR = re.compile(rf"(?<![\w.-])(\d{{1,2}})-({MONTH_NAMES})\.?-(\d{{4}}|\d{{2}})(?![\w-])", re.IGNORECASE)
# "6 Mar 12 at 2:13pm": a day, a month name and a two-digit year apart (a UK blog's short
# format); never "6 Mar 12:13", a time.
_DAY_MONTH_SHORT_YEAR = re.compile(
    rf"(?<![\w.:-])(\d{{1,2}})\s+({MONTH_NAMES})\.?,?\s+(\d{{2}})(?![\w:.])", re.IGNORECASE
)
_YEAR_SLASHED = re.compile(r"(?<![\d/])((?:19|20)\d{2})/(\d{1,2})/(\d{1,2})(?![\d/])")
_APOSTROPHE_YEAR = re.compile(
    rf"((?:{MONTH_NAMES})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?),?\s+['’](\d{{2}})(?!\d)", re.IGNORECASE
)


def _full_year(year: str) -> str:
    """A year of two digits with its century (CENTURY_PIVOT); four digits as they are."""
    if len(year) == 4:
        return year
    return str((2000 if int(year) < CENTURY_PIVOT else 1900) + int(year))


# "03/06/12 @ 02:13" (b2evolution; phpBB, Blogger and forum skins set to a short format): a
# date with a two-digit year, read only where a comment's date is looked for (on a page at
# large such numbers are as often versions or scores); "@" stands for "at" before the time.
# Dotted dates need two-digit days and months ("06.03.12", never "1.2.10").
SHORT_YEAR = re.compile(r"(?<![\d./-])(\d{1,2}/\d{1,2}/|\d{1,2}-\d{1,2}-|\d{2}\.\d{2}\.)(\d{2})(?![\d./-])(?:\s+@\s+)?")
# Two-digit years under this are 20xx, the others 19xx (comment software dates from 1995 on).
CENTURY_PIVOT = 70


def _with_full_year(text: str, short: re.Match[str]) -> str:
    full = _full_year(short.group(2))
    at = " at " if short.group(0).rstrip() != short.group(0) else ""
    return text[: short.start()] + f"{short.group(1)}{full}{at}" + text[short.end() :]


def date_of(nodes: list[etree._Element], skip: list[etree._Element], language: str | None) -> Posted | None:
    """When the comment was posted: a <time>/microdata date first, or a relative time ("2d")
    whose title holds the date; then a date-classed element."""
    for node in nodes:
        for element in walk([node], skip, ("time", "meta", "abbr", "span", "div", "a", "small", "p", "li", "dd")):
            attr = (
                element.get("datetime")
                or (element.get("content") if element.tag == "meta" else None)
                or (element.get("title") if element.tag == "abbr" else None)
            )
            itemprop = (element.get("itemprop") or "").lower()
            rdfa = _rdfa_date(element)  # Drupal 7: <span property="dc:date dc:created" content="2012-06-12T18:40">
            attr = element.get("content") if rdfa else attr
            if (
                element.tag == "time"
                or itemprop in ("datecreated", "datepublished", "commenttime", "datemodified")
                or (element.tag == "abbr" and attr)  # <abbr title="March 6, 2012">3 days ago</abbr>
                or rdfa
            ):
                if found := posted_in(attr, language) or posted_in(element_text(element), language):
                    return found
            elif (
                element.tag in ("a", "span")
                and (title := element.get("title"))
                and (
                    _short_time(shown := element_text(element))
                    or (ISO_TITLE.match(title) is not None and date_element_text(shown))
                )
            ):
                if found := posted_in(title, language):  # Substack: <a title="Dec 18, 2025, 8:58 PM">2d</a>
                    epoch = _epoch(element.get("data-time") or element.get("data-timestamp") or "")
                    return Posted(epoch, found.printed) if epoch else found
    for element in _token_elements(nodes, DATE_TOKENS, skip):
        # "Mar 10" on screen, the full date in a title or an epoch attribute ("3d ago").
        for part in element.iter():
            if not isinstance(part.tag, str):
                continue
            # The instant: an epoch beats a printed wall-clock time; the printed date: the title.
            titled = posted_in(part.get("title") or part.get("datetime"), language)
            if epoch := _epoch(part.get("data-time") or part.get("data-timestamp") or ""):
                return Posted(epoch, titled.printed if titled else epoch)
            if titled:
                return titled
        if found := posted_in(element_text(element), language):
            return found
    return _permalink_date(nodes, skip, language)


# The RDFa properties that date a comment (Drupal 7's core templates write "dc:date
# dc:created" with the ISO date in ``content`` around "Submitted by NAME on DATE", the date
# printed in the site's format: "12/06/2012" is June's or December's by the site alone).
RDFA_DATE_PROPERTIES = frozenset({"dc:date", "dc:created", "dcterms:created", "dc:issued", "dcterms:issued"})


def _rdfa_date(element: etree._Element) -> bool:
    return bool(element.get("content")) and not RDFA_DATE_PROPERTIES.isdisjoint(
        (element.get("property") or "").lower().split()
    )


def _permalink_date(nodes: list[etree._Element], skip: list[etree._Element], language: str | None) -> Posted | None:
    """A date printed as the post's own permalink and nothing else (FluxBB's and PunBB's
    ``<a href="viewtopic.php?pid=902#p902">2012-03-06 09:40:00</a>`` in ``div#p902``): the
    link's fragment names the item, so the date is the item's, not a date quoted in it."""
    ids = {ident for node in nodes if (ident := node.get("id"))}
    if not ids:
        return None
    for link in walk(nodes, skip, ("a",)):
        href = link.get("href") or ""
        if "#" in href and href.rsplit("#", 1)[1] in ids and only_a_date(text := element_text(link)):
            return posted_in(text, language)
    return None


# A title that is a machine timestamp ("2023-12-27T02:08:14 1703642894": Hacker News's span
# around "on Dec 27, 2023"): the element is the comment's date whatever its class is called.
ISO_TITLE = re.compile(r"^\s*(?:19|20)\d{2}-\d{2}-\d{2}[T ]\d{2}:\d{2}")


def _short_time(text: str) -> bool:
    """'2d', '3 hours ago', 'Oct 7': a time shown short, its full date in the title."""
    return bool(RELATIVE_TIME.match(text)) or (len(text) <= SHORT_DATE_MAX_CHARS and any(c.isdigit() for c in text))


# "Oct 7", "12.03.": a date shown without its year is this short.
SHORT_DATE_MAX_CHARS = 8


def header_date(
    item: Item, body_text: str, language: str | None, nested: list[etree._Element] | None = None
) -> Posted | None:
    """A date on one of the item's short lines outside the body ("Posted: Tue Mar 07, 2023
    4:15 pm"), never a member-since date, nor a line of the replies nested in it (Thesis's
    ``<dd>`` holding the replies' ``<dt>`` headers, their dates)."""
    for node in item.nodes:
        for line in _own_lines(node, nested or []):
            if len(line) > HEADER_LINE_MAX_CHARS or line in body_text or MEMBER_SINCE.search(line):
                continue
            if found := posted_in(line, language):
                return found
    return None


def _own_lines(node: etree._Element, nested: list[etree._Element]) -> list[str]:
    """The node's lines without those of the replies nested in it, told apart by element, not
    by text: a reply posted the same day prints the parent's own date line again ("March 5,
    2012"), and read as the reply's it left the parent undated. A copy is read only where a reply
    is inside (the replies emptied in it, each still a block: the lines around stay apart)."""
    inside = set(nested)
    elements = list(node.iter())
    hits = [index for index, element in enumerate(elements) if element in inside]
    if not hits:
        return block_lines(node)
    copies = list(deepcopy(node).iter())
    for index in hits:
        copies[index].clear(keep_tail=True)
    return block_lines(copies[0])


def _token_elements(
    nodes: list[etree._Element], tokens: tuple[str, ...], skip: list[etree._Element]
) -> list[etree._Element]:
    """Elements whose class words hold one of ``tokens``, best token first (capped): one walk."""
    rank = {token: index for index, token in enumerate(tokens)}
    found: list[tuple[int, int, etree._Element]] = []
    for element in walk(nodes, skip):
        if not (element.get("class") or element.get("data-testid")):
            continue
        hits = [rank[w] for w in class_words(element) if w in rank]
        if hits:
            found.append((min(hits), len(found), element))
    return [element for _, _, element in sorted(found)[:DATE_CANDIDATES]]


# Date-classed elements tried per comment before giving up (a bullet, a label, the date).
DATE_CANDIDATES = 6


def _epoch(value: str) -> dt.datetime | None:
    """A Unix time in seconds or milliseconds (data-time="1710106800000")."""
    if not (value.isascii() and value.isdigit()):  # "²" is a digit to isdigit(), not to int()
        return None
    seconds = int(value) / 1000 if len(value) > EPOCH_SECONDS_DIGITS else int(value)
    try:
        return dt.datetime.fromtimestamp(seconds, dt.UTC)
    except (OverflowError, ValueError, OSError):
        return None


# Unix seconds have 10 digits until 2286; more digits are milliseconds.
EPOCH_SECONDS_DIGITS = 10


def only_a_date(line: str) -> bool:
    """'Mar 5, 2024' or 'Author · Mar 5, 2024' left from a comment's header line; a comment
    software's short date too ("03/06/12 @ 02:13": SHORT_YEAR, "@" for "at"), and a zone named
    in brackets after it (ZONE_NOTE)."""
    line = ZONE_NOTE.sub("", line)
    if len(line) > DATE_LINE_MAX_CHARS or posted_in(line, None) is None:
        return False
    rest = _DATE_WORDS.sub(" ", line)
    return not rest.strip(" ·•|,-–—:@")


def date_element_text(text: str) -> bool:
    """The whole text of a comment's date element or permalink: only a date
    (:func:`only_a_date`), or a short date with one word beside it (:func:`date_like`: Hacker
    News's "on Mar 6, 2012", LiveJournal's "March 6 2012, 02:13:17 UTC"), never a headline."""
    return only_a_date(text) or (len(text) <= DATE_LINE_MAX_CHARS and date_like(text))


def date_like(text: str) -> bool:
    """A date part of a byline: a date, and besides its numbers, month and clock at most one
    word (a weekday: "Tue, 03/06/2012 - 02:13"), never a clause."""
    if find_datetime(text) is None:
        return False
    text = _DOTTED_HALF_DAY.sub("m", text)  # Django's "2:13 a.m."
    return len(_DATE_WORDS.sub(" ", text).replace("-", " ").replace("@", " ").split()) <= DATE_OTHER_WORDS


_DOTTED_HALF_DAY = re.compile(r"(?<=\b[ap])\.m\.", re.IGNORECASE)


# Words a date part may hold besides the date's own: a weekday.
DATE_OTHER_WORDS = 1


# A line that is only a date (and a badge) is short.
DATE_LINE_MAX_CHARS = 40


# A time zone named in brackets after the time, as Windows names them (dasBlog's "8:12:44 AM (GMT
# Standard Time, UTC+00:00)", "(Pacific Daylight Time)") or as an offset ("(UTC-05:00)"): no
# words of the date's own, and no name.
ZONE_NOTE = re.compile(
    r"\s*\((?:[A-Z][\w.]*\s+){0,3}(?:Standard|Daylight|Summer)\s+Time(?:,\s*UTC\s*[+-]\d{1,2}:?\d{2})?\)"
    r"|\s*\(UTC\s*[+-]\d{1,2}:?\d{2}\)"
)
# The time zone a comment system prints after the time: LiveJournal's "2012-11-03 10:41 pm
# (UTC)", "14:13 GMT", "2:13 PM EST".
TIME_ZONE = r"\(?\b(?:utc|gmt|[ecmp][sd]t|bst|cet|cest)\b\)?"
# A figure and its unit in a date written in Chinese, Japanese or Korean ("2024年3月6日 14時10分",
# "2024년 3월 6일"): the unit follows the figure with no space, so no word boundary ends the
# figure and the date's other patterns leave it whole.
CJK_DATE_PART = r"\d{1,4}\s*[年년月월日일時时시分분秒초号]"
_DATE_WORDS = re.compile(
    CJK_DATE_PART
    + r"|"
    + TIME_ZONE
    + r"|\b\d{1,2}:\d{2}(?::\d{2})?\s*(?:am|pm)?\b|\b(?:\d{1,4}(?:st|nd|rd|th)?|"
    + MONTH_NAMES
    + r"|"
    + WEEKDAY_NAMES
    + r"|"
    + alternation(words("time_joiners"))
    + r"|am|pm|author|op|mod|admin|edited)\b\.?|[:/.,]",
    re.IGNORECASE,
)


# A theme's date line holds a label or two around the date ("Posted DATE | Permalink",
# Thematic; "on DATE said:", Elegant Themes): so many words besides the date's own, never a
# clause or a headline.
DATE_LABEL_WORDS = 2
# ... and is short: the date, its time and the labels.
LABELLED_DATE_MAX_CHARS = 60


def labelled_date(text: str) -> bool:
    """A comment's date element or header line of a date and a label or two around it, in
    whatever element the theme prints it (DATE_LABEL_WORDS), where no class says it is the date."""
    if len(text) > LABELLED_DATE_MAX_CHARS or find_datetime(text) is None:
        return False
    rest = _DATE_WORDS.sub(" ", _DOTTED_HALF_DAY.sub("m", text)).replace("|", " ").replace("@", " ")
    return len(rest.replace("-", " ").split()) <= DATE_LABEL_WORDS


# A comment's header or footer line holding its date is short: a date, a time, the name and a
# label or two ("Posted by NAME on March 6, 2012 at 2:13 am").
DATE_LINE_CHARS = 100


def dated_line(element: etree._Element) -> bool:
    """A short line of the element is a date ("Tuesday, 06 March 2012 02:13"), or an inline
    element of it holds a date alone: the name's and the date's spans side by side glue into
    one line ("Graham HoltOctober 11, 2023", Liferay's discussion header), where no word
    boundary starts the date."""
    if any(len(line) <= DATE_LINE_CHARS and find_datetime(line) for line in block_lines(element)):
        return True
    return any(len(leaf) == 0 and only_a_date(element_text(leaf)) for leaf in element.iter(*_INLINE_DATE_TAGS))


# The inline elements a date is printed in beside the name, under any class.
_INLINE_DATE_TAGS = ("span", "small", "em", "i", "b", "strong", "font")
