"""Find a date (and time, when shown) in short human-written text, in every language of the
vocabulary files (month names: :mod:`pipeline.extract.vocabulary`).

Covers what bylines and comment headers print: ISO 8601, ``04 October 2019``,
``March 3, 2021 at 4:12 pm``, ``Tue May 7, 2024``, ``04.02.2023``, ``15 de marzo de 2022``,
``2024/03/12`` and ``2024.03.12`` (year, month, day in every language), ``12/03/2024`` and
``12-03-2024`` (month first unless the day is over 12 or the page language is not English, or
is English of a region that writes the day first: ``en-gb``, ``en-au``, ``en-in``; vBulletin's
default ``m-d-Y`` writes the US order with dashes; dots are always day first).
Times without a zone are taken as UTC.
"""

from __future__ import annotations

import datetime as dt
import re

from pipeline.extract.phrase_patterns import alternation
from pipeline.extract.vocabulary import MONTH_NAMES, MONTHS, words

_MONTH = r"(?P<month>" + MONTH_NAMES + r")\.?"
# The time after a date, after the word a language joins them with (the vocabularies'
# time_joiners: "at", "um", "à", "om", Swedish "kl.", Russian "в").
_TIME = (
    r"(?:[\s,]+(?:(?:" + alternation(words("time_joiners")) + r")\.?)?\s*(?P<hour>\d{1,2})[:.](?P<minute>\d{2})"
    r"(?::\d{2})?\s*(?P<ampm>[ap]\.?m\.?)?)?"
)

ISO = re.compile(
    r"(?P<year>(?:19|20)\d{2})-(?P<month>\d{1,2})-(?P<day>\d{1,2})(?:[T ](?P<hour>\d{2}):(?P<minute>\d{2})"
    r"(?::\d{2}(?:\.\d+)?)?(?P<tz>Z|[+-]\d{2}:?\d{2})?)?"
)
DAY_MONTH_YEAR = re.compile(
    r"\b(?P<day>\d{1,2})(?:st|nd|rd|th|\.)?\s+(?:de\s+)?"
    + _MONTH
    + r",?\s+(?:de\s+)?(?P<year>(?:19|20)\d{2})\b"
    + _TIME,
    re.IGNORECASE,
)
MONTH_DAY_YEAR = re.compile(
    r"\b" + _MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?\s*,?\s+(?P<year>(?:19|20)\d{2})\b" + _TIME, re.IGNORECASE
)
NUMERIC = re.compile(r"\b(?P<a>\d{1,2})(?P<sep>[./-])(?P<b>\d{1,2})(?P=sep)(?P<year>(?:19|20)\d{2})\b" + _TIME)
# 2025/05/12, 2025.05.12, 2025. 5. 12. (Japanese, Chinese, Korean and Hungarian sites, any
# language): a year first is followed by the month in every locale that writes it so, so the
# form needs no language to be read (the dashed form is ISO's). With bare dots the month and day
# take two digits each, and no letter or dot goes before the year: "v2023.12.1", "Version
# 2019.1.2" are a calendar-versioned program's releases.
YEAR_FIRST = re.compile(
    r"(?<![A-Za-z0-9.])(?P<year>(?:19|20)\d{2})(?:/(?P<month>\d{1,2})/(?P<day>\d{1,2})(?![\d/])"
    r"|\.(?P<month2>\d{2})\.(?P<day2>\d{2})(?![\d]|\.\d)|\.\s(?P<month3>\d{1,2})\.\s(?P<day3>\d{1,2})\.)" + _TIME
)
# 2024年5月12日 10:21 (Japanese, Chinese), 2024년 5월 12일 (Korean).
CJK = re.compile(
    r"(?P<year>(?:19|20)\d{2})\s*[年년]\s*(?P<month>\d{1,2})\s*[月월]\s*(?P<day>\d{1,2})\s*[日일]"
    r"(?:\s*(?P<hour>\d{1,2})[:時시](?P<minute>\d{2}))?"
)
# English of these regions writes 03/04/2025 month first (CLDR's short date pattern M/d/y: the
# US and its territories, the Philippines; Canada's usage is mixed, and month first is what
# English without a region already means here). Every other English region writes the day first.
MONTH_FIRST_REGIONS = frozenset({"us", "um", "as", "gu", "mp", "pr", "vi", "ph", "ca"})
TIME_FIRST = re.compile(r"\b(?P<hour>\d{1,2}):(?P<minute>\d{2})\s*(?P<ampm>[ap]\.?m\.?)", re.IGNORECASE)


def _time(match: re.Match[str]) -> tuple[int, int] | None:
    groups = match.groupdict()
    if not groups.get("hour"):
        return None
    hour, minute = int(groups["hour"]), int(groups["minute"])
    ampm = (groups.get("ampm") or "").lower().replace(".", "")
    if ampm == "pm" and hour < 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    return (hour, minute) if hour < 24 and minute < 60 else None


def _month_first(language: str | None) -> bool:
    """English (``en``, ``en-us``) writes numeric dates month first unless its region says otherwise."""
    code, _, region = (language or "en").lower().replace("_", "-").partition("-")
    return code == "en" and (not region or region in MONTH_FIRST_REGIONS)


def _build(year: int, month: int, day: int, clock: tuple[int, int] | None) -> dt.datetime | None:
    try:
        if clock is None:
            return dt.datetime(year, month, day, tzinfo=dt.UTC)
        return dt.datetime(year, month, day, clock[0], clock[1], tzinfo=dt.UTC)
    except ValueError:
        return None


def find_datetime(text: str | None, language: str | None = None, to_utc: bool = True) -> dt.datetime | None:
    """The first date in ``text`` (with its time of day when one follows), or None.

    An ISO time with an offset is moved to UTC unless ``to_utc`` is false (a calendar date
    is the date the publisher printed, in its own zone).
    """
    # Every pattern below reads a year, "(?:19|20)\d{2}" (digits: no case-blind look-alikes): a
    # text without "19" or "20" holds no date they find (most short texts handed over here).
    if not text or ("19" not in text and "20" not in text):
        return None
    if match := ISO.search(text):
        clock = (int(match["hour"]), int(match["minute"])) if match["hour"] else None
        value = _build(int(match["year"]), int(match["month"]), int(match["day"]), clock)
        if to_utc and value is not None and match["tz"] and match["tz"] != "Z":
            offset = match["tz"].replace(":", "")
            delta = dt.timedelta(hours=int(offset[1:3]), minutes=int(offset[3:5]))
            value = value - delta if offset[0] == "+" else value + delta
        if value is not None:
            return value
    candidates: list[tuple[int, dt.datetime]] = []
    for pattern in (DAY_MONTH_YEAR, MONTH_DAY_YEAR):
        match = pattern.search(text)
        if match:
            month = MONTHS[match["month"].lower().rstrip(".")]
            value = _build(int(match["year"]), month, int(match["day"]), _time(match))
            if value is not None:
                candidates.append((match.start(), value))
    if match := YEAR_FIRST.search(text):
        month_digits = match["month"] or match["month2"] or match["month3"]
        day_digits = match["day"] or match["day2"] or match["day3"]
        if (value := _build(int(match["year"]), int(month_digits), int(day_digits), _time(match))) is not None:
            candidates.append((match.start(), value))
    if match := CJK.search(text):
        clock = (int(match["hour"]), int(match["minute"])) if match["hour"] else None
        if (value := _build(int(match["year"]), int(match["month"]), int(match["day"]), clock)) is not None:
            candidates.append((match.start(), value))
    if match := NUMERIC.search(text):
        first, second = int(match["a"]), int(match["b"])
        month_first = _month_first(language) and match["sep"] in "/-"
        if first > 12:
            month_first = False
        elif second > 12:
            month_first = True
        month, day = (first, second) if month_first else (second, first)
        value = _build(int(match["year"]), month, day, _time(match))
        if value is not None:
            candidates.append((match.start(), value))
    if not candidates:
        return None
    start, value = min(candidates, key=lambda item: item[0])
    if value.hour == 0 and value.minute == 0:
        # "3:45 PM EDT, Tue May 7, 2024": a time printed before the date.
        clock_match = TIME_FIRST.search(text[:start])
        if clock_match and (clock := _time(clock_match)):
            value = value.replace(hour=clock[0], minute=clock[1])
    return value


def find_date(text: str | None, language: str | None = None) -> dt.date | None:
    """The first calendar date in ``text``, as printed (no time-zone shift)."""
    found = find_datetime(text, language, to_utc=False)
    return found.date() if found else None


# CLDR's English of the world (``en-001``) writes d/M/y: the locale a page of English that states
# no region is read in when the page itself shows its numeric dates are day first.
DAY_FIRST_ENGLISH = "en-001"
# A host under one of these country codes is of a country whose English writes the day first
# (Britain's ``.uk``, Ireland, Australia, New Zealand, India, South Africa): a British tabloid's
# "12/3/2012 19:05" under ``<html lang="en">`` is the 12th of March. Generic-use codes (.io, .co,
# .tv, .me) are not in it: they say nothing of where a site is.
DAY_FIRST_HOST_ZONES = frozenset({"uk", "ie", "au", "nz", "in", "za"})
# The page's dates as its whole text holds them: blocks glued without a space ("12 March
# 2012Drinking", "Online12/3/2012"), so digits, not word boundaries, end them.
_PAGE_NUMERIC = re.compile(r"(?<!\d)(?P<a>\d{1,2})(?P<sep>[/-])(?P<b>\d{1,2})(?P=sep)(?:19|20)\d{2}(?!\d)")
_PAGE_DAY_MONTH = re.compile(
    r"(?<!\d)\d{1,2}(?:st|nd|rd|th)?\.?\s+(?:" + MONTH_NAMES + r")\.?,?\s+(?:19|20)\d{2}(?!\d)", re.IGNORECASE
)
_MONTH_DAY_TAIL = r"\d{1,2}(?:st|nd|rd|th)?,?\s+(?:19|20)\d{2}(?!\d)"
_PAGE_MONTH_DAY = re.compile(r"(?:" + MONTH_NAMES + r")\.?\s+" + _MONTH_DAY_TAIL, re.IGNORECASE)
# What follows the month in "March 12, 2012", searched first: _PAGE_MONTH_DAY opens with every
# month name of every language (1,409 characters), which the engine tries at each position of the
# page's text (4 s a MB), while a day-first page, the one asked, mostly holds no day-then-year.
_PAGE_MONTH_DAY_TAIL = re.compile(_MONTH_DAY_TAIL, re.IGNORECASE)


def _numeric_orders(text: str) -> tuple[int, int, int]:
    """Numeric dates with a slash or dash in ``text`` (dots are day first in every locale: no
    evidence): (day first for sure, month first for sure, either way) by whether a part is over 12."""
    day_first = month_first = ambiguous = 0
    for match in _PAGE_NUMERIC.finditer(text):
        first, second = int(match["a"]), int(match["b"])
        if first > 12 >= second:
            day_first += 1
        elif second > 12 >= first:
            month_first += 1
        elif first != second:
            ambiguous += 1
    return day_first, month_first, ambiguous


def page_date_locale(locale: str | None, text: str, host: str = "") -> str | None:
    """The locale numeric dates are read in, given what the page shows. Only English with no
    stated region is decided here (every other language, and ``en-gb`` or ``en-us``, says its
    order already): where the page prints a numeric date either order could read (12/3/2012),
    the page's own evidence decides, first to last: its other numeric dates with a part over 12
    (25/3/2012 is day first), its host's country code, its dates with the month spelled out
    ("12 March 2012" and never "March 12, 2012"). Day first is :data:`DAY_FIRST_ENGLISH`;
    without evidence, the locale is as it was (month first, English's default)."""
    if locale != "en":
        return locale
    day_first, month_first, ambiguous = _numeric_orders(text)
    if not ambiguous:
        return locale  # nothing on the page to read either way
    if day_first != month_first:
        return DAY_FIRST_ENGLISH if day_first > month_first else locale
    if host.rstrip(".").rpartition(".")[2].lower() in DAY_FIRST_HOST_ZONES:
        return DAY_FIRST_ENGLISH
    if _PAGE_DAY_MONTH.search(text) is not None and not _month_day(text):
        return DAY_FIRST_ENGLISH
    return locale


def _month_day(text: str) -> bool:
    """A date with the month before the day in ``text`` ("March 12, 2012"): never one where no
    day-then-year (its tail) is."""
    return _PAGE_MONTH_DAY_TAIL.search(text) is not None and _PAGE_MONTH_DAY.search(text) is not None
