"""Vocabulary per language, as data: ``pipeline/extract/vocab/<language>.toml``.

Each file holds what pages in one language print, under the same keys (:data:`KEYS`): month
names and abbreviations, the words that mean "comment" in class names, what a removed
account shows instead of a name, the labels a comment widget prints on lines of their own.
The files are read and validated once per process; the code that needs a word asks this
module (:data:`MONTHS`, :func:`words`, :func:`phrases`), so a month name lives in one place and a
new language is one more file. Writing words as patterns is
:mod:`~pipeline.extract.phrase_patterns`' job.

Some keys hold phrase templates (``box_labels``, ``helpful_questions``, ``author_box_labels``,
``disclaimers``): the phrase as printed, lower case, where ``{a|b}`` is one of ``a`` or ``b``,
groups nest, and an empty choice makes a group optional (``comment{s|}``, ``{¿|}``). A
language's phrasing (German's "ersetzt keine ärztliche Beratung") then stays one line instead
of every combination spelled out.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from pipeline.errors import ConfigError
from pipeline.extract.phrase_patterns import alternation, expansions, prefix_tree, template_pattern

# Every language file has every key: name -> what its value is.
KEYS = {
    "months": "12 lists of month names (January first), lower case",
    "comment": "words meaning 'comment' in class names",
    "deleted": "what a removed account shows instead of its name",
    "ui_labels": "labels, buttons and notices a comment widget prints as a line of their own",
    "error_pages": "what the title or main heading of an error page says ('page not found')",
    "withheld_pages": "the whole title (or a part between separators) of a page served instead of the article: "
    "a bot check, access denied, a consent or sign-in wall ('just a moment', 'access denied')",
    "server_error_pages": "the whole title (or a part between separators) of a server's error or maintenance "
    "page ('502 bad gateway', 'site maintenance')",
    "time_joiners": "the words a comment's date line prints between the date and the time ('at')",
    "comment_headings": "what a heading over a comment thread starts with, after its count ('comments')",
    "weekdays": "weekday names and their abbreviations of three letters or more ('tue'), lower case",
    "reply_controls": "what a comment's reply button or link says, whole ('reply')",
    "user_card_counts": "what a forum's user card prints beside a member's number of posts ('posts')",
    "user_card_since": "what a forum's user card prints before the date a member joined ('joined')",
    "time_ago": "how a time counted back from now is written, {n} for a number and {unit} for a unit of time "
    "('{n} {unit} ago', 'a {unit} ago')",
    "time_units": "the units of time a relative date counts ('day', 'days')",
    "recent_days": "a recent day or period named without a number ('yesterday', 'last week')",
    "reviewer_badges": "what a store prints beside a reviewer who bought the product ('verified buyer')",
    "cart_buttons": "what a shop's button for buying the product says ('add to cart')",
    "reference_headings": "the whole heading over an article's cited sources ('references', 'sources')",
    "forum_title_prefixes": "what forum software prints before a thread's title in <title> ('view topic')",
    "mail_from": "the label of a mail archive's header line naming a message's sender ('from')",
    "mail_date": "the label of a mail archive's header line dating a message ('date')",
    "author_labels": "the label before an author's name in a byline ('written by', 'autor'), as phrase templates",
    "by_words": "the bare word before an author's name and a space ('by', 'von', 'av'): a byline only before a "
    "capitalised name",
    "published_labels": "the label before a byline's publication date ('published on'), as phrase templates",
    "reviewer_labels": "the label before a medical reviewer's or fact-checker's name ('medically reviewed by'), "
    "as phrase templates",
    "editor_labels": "the label before an editor's name ('edited by'), as phrase templates",
    "updated_labels": "the label before the date a page was last updated ('last updated'), as phrase templates",
    "reviewed_date_labels": "the label before the date a page was last medically reviewed ('last reviewed'), "
    "as phrase templates",
    "ad_labels": "what a site prints alone over an ad ('advertisement', 'anzeige'), as phrase templates",
    "tool_links": "the whole text of a page tool's link ('print', 'share this article'), as phrase templates",
    "box_labels": "the whole label or heading over a boilerplate box ('related articles', 'newsletter'), "
    "as phrase templates",
    "helpful_questions": "the question over a page's feedback box ('was this article helpful?'), as phrase templates",
    "author_box_labels": "the label over an author's bio box ('about the author'), as phrase templates",
    "disclaimers": "what a medical disclaimer says, anywhere in its sentence ('not a substitute for medical "
    "advice'), as phrase templates",
    "disclaimer_cues": "letters that every disclaimers phrase of the language holds ('substitute'): the cheap "
    "first test before the phrases are tried",
    "closing_headings": "the whole heading over a section that closes an article ('see also', 'external links'), "
    "as phrase templates",
    "control_labels": "the whole text of a control or a shop's label printed as a line of its own ('skip to "
    "content', 'next post'), as phrase templates",
    "teaser_ends": "what a teaser's link says at its end ('more', 'read more'), as phrase templates",
    "posted_by_labels": "the label of a comment's signature under its text ('posted by'), as phrase templates",
    "bio_verbs": "the verb after an author's name that opens their bio ('is', 'writes')",
    "inline_markers": "a wiki's bracketed marker inside the text ('edit', 'citation needed'), as phrase templates",
}
# The keys whose values are phrase templates ({a|b} one of a or b; {a|} a optional).
TEMPLATE_KEYS = frozenset(
    {
        "box_labels",
        "helpful_questions",
        "author_box_labels",
        "disclaimers",
        "author_labels",
        "published_labels",
        "ad_labels",
        "tool_links",
        "reviewer_labels",
        "editor_labels",
        "updated_labels",
        "reviewed_date_labels",
        "closing_headings",
        "control_labels",
        "teaser_ends",
        "posted_by_labels",
        "inline_markers",
    }
)
# Keys a language may leave empty (``time_joiners = []``): Japanese writes a date's time, and a
# time counted back ("3日前"), without spaces or a joining word, so no spaced form of these keys
# exists in it; Polish, Czech, Russian and Japanese bylines name the author after a label
# ("Autor:", "Автор:", "著者："), never after a bare preposition. Every other key has at least
# one word in every language. Many languages' sites name no editor and print no separate date
# of a medical review (editor_labels, reviewed_date_labels); Turkish puts a bio's verb last, and
# Japanese and Chinese write no space before it (bio_verbs: "NAME is ..." is read after a space).
MAY_BE_EMPTY = frozenset(
    {"time_joiners", "time_ago", "time_units", "by_words", "editor_labels", "reviewed_date_labels", "bio_verbs"}
)
# The placeholders of a time_ago form: a number, and one of the language's time_units.
TIME_AGO_NUMBER = "{n}"
TIME_AGO_UNIT = "{unit}"
MONTHS_IN_YEAR = 12
_CODE = re.compile(r"^[a-z]{2,3}$")


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """One language's words."""

    language: str
    months: tuple[tuple[str, ...], ...]
    comment: tuple[str, ...]
    deleted: tuple[str, ...]
    ui_labels: tuple[str, ...]
    error_pages: tuple[str, ...]
    withheld_pages: tuple[str, ...]
    server_error_pages: tuple[str, ...]
    time_joiners: tuple[str, ...]
    comment_headings: tuple[str, ...]
    weekdays: tuple[str, ...]
    reply_controls: tuple[str, ...]
    user_card_counts: tuple[str, ...]
    user_card_since: tuple[str, ...]
    time_ago: tuple[str, ...]
    time_units: tuple[str, ...]
    recent_days: tuple[str, ...]
    reviewer_badges: tuple[str, ...]
    cart_buttons: tuple[str, ...]
    reference_headings: tuple[str, ...]
    forum_title_prefixes: tuple[str, ...]
    mail_from: tuple[str, ...]
    mail_date: tuple[str, ...]
    author_labels: tuple[str, ...]
    by_words: tuple[str, ...]
    published_labels: tuple[str, ...]
    ad_labels: tuple[str, ...]
    tool_links: tuple[str, ...]
    reviewer_labels: tuple[str, ...]
    editor_labels: tuple[str, ...]
    updated_labels: tuple[str, ...]
    reviewed_date_labels: tuple[str, ...]
    box_labels: tuple[str, ...]
    helpful_questions: tuple[str, ...]
    author_box_labels: tuple[str, ...]
    disclaimers: tuple[str, ...]
    disclaimer_cues: tuple[str, ...]
    closing_headings: tuple[str, ...]
    control_labels: tuple[str, ...]
    teaser_ends: tuple[str, ...]
    posted_by_labels: tuple[str, ...]
    bio_verbs: tuple[str, ...]
    inline_markers: tuple[str, ...]


def load_vocabularies(directory: Traversable | Path) -> dict[str, Vocabulary]:
    """Every ``<language>.toml`` in ``directory``, validated: a file missing a key, with an
    unknown key, or with anything but lower-case words where words go is a ConfigError
    naming the file; so is a month name that two files give different numbers."""
    found: dict[str, Vocabulary] = {}
    for entry in sorted(directory.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".toml"):
            continue
        found[entry.name[: -len(".toml")]] = _vocabulary(entry)
    if not found:
        raise ConfigError(f"no vocabulary files (<language>.toml) in {directory}")
    month_numbers(found)  # two languages must not disagree about a month
    return found


def _vocabulary(entry: Traversable | Path) -> Vocabulary:
    language = entry.name[: -len(".toml")]
    where = f"vocabulary {entry.name}"
    if not _CODE.match(language):
        raise ConfigError(f"{where}: the file name must be a language code (en.toml, de.toml)")
    try:
        data = tomllib.loads(entry.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{where}: {exc}") from exc
    if missing := sorted(set(KEYS) - set(data)):
        raise ConfigError(f"{where}: missing {', '.join(missing)} ({'; '.join(KEYS[k] for k in missing)})")
    if unknown := sorted(set(data) - set(KEYS)):
        raise ConfigError(f"{where}: unknown key {', '.join(unknown)} (known: {', '.join(KEYS)})")
    months = data["months"]
    if not isinstance(months, list) or len(months) != MONTHS_IN_YEAR:
        raise ConfigError(f"{where}: months must be {KEYS['months']}")
    values = {key: _value(key, data[key], f"{where}: {key}") for key in KEYS if key != "months"}
    return Vocabulary(
        language=language,
        months=tuple(_words(names, f"{where}: months[{i}]") for i, names in enumerate(months)),
        **values,
    )


def _value(key: str, value: object, where: str) -> tuple[str, ...]:
    """One key's words, checked as that key's kind of value."""
    if key in TEMPLATE_KEYS:
        return _templates(value, where, empty=key in MAY_BE_EMPTY)
    forms = _words(value, where, empty=key in MAY_BE_EMPTY)
    if key == "time_ago":
        _check_time_ago(forms, where)
    return forms


def _check_time_ago(forms: tuple[str, ...], where: str) -> None:
    for form in forms:
        if TIME_AGO_UNIT not in form.split():
            raise ConfigError(f"{where}: {form!r} has no {TIME_AGO_UNIT} (the unit of time, a word of its own)")


def _templates(value: object, where: str, empty: bool = False) -> tuple[str, ...]:
    templates = _words(value, where, empty)
    for template in templates:
        try:
            template_pattern(template)
        except ValueError as exc:
            raise ConfigError(f"{where}: {template!r}: {exc}") from exc
    return templates


def _words(value: object, where: str, empty: bool = False) -> tuple[str, ...]:
    if not isinstance(value, list) or not (value or empty):
        raise ConfigError(f"{where} must be a non-empty list of words")
    for word in value:
        if not isinstance(word, str) or not word.strip() or word != word.lower():
            raise ConfigError(f"{where}: {word!r} is not a lower-case word")
    return tuple(value)


def month_numbers(vocabularies: dict[str, Vocabulary]) -> dict[str, int]:
    """Every month name of every language -> its number (1-12)."""
    numbers: dict[str, int] = {}
    said_by: dict[str, str] = {}
    for vocabulary in vocabularies.values():
        for number, names in enumerate(vocabulary.months, start=1):
            for name in names:
                if numbers.get(name, number) != number:
                    raise ConfigError(
                        f"vocabulary {vocabulary.language}.toml: {name!r} is month {number}, "
                        f"but month {numbers[name]} in {said_by[name]}.toml"
                    )
                numbers[name] = number
                said_by.setdefault(name, vocabulary.language)
    return numbers


@lru_cache(maxsize=1)
def builtin() -> dict[str, Vocabulary]:
    """The vocabularies that ship with the package (read once per process)."""
    return load_vocabularies(resources.files("pipeline") / "extract" / "vocab")


def words(key: str) -> tuple[str, ...]:
    """Every language's words under ``key`` ("comment", "deleted"), without repeats."""
    seen: dict[str, None] = {}
    for vocabulary in builtin().values():
        seen.update(dict.fromkeys(getattr(vocabulary, key)))
    return tuple(seen)


def phrases(key: str) -> str:
    """Every language's phrase templates under ``key`` as one regex alternation (no group)."""
    return "|".join(template_pattern(template) for template in words(key))


def spelled_out(*keys: str) -> str:
    """Every phrase of every language's templates under ``keys``, spelled out, as one regex
    (no group) that prefers the longest phrase. For labels searched inside a line, where which
    of two matching phrases wins matters: the longest ("publicado em" over Spanish "publicado"),
    as an optional group's greed gave it when the labels were one hand-written pattern. Written
    as a :func:`prefix_tree` (a greedy optional tail is the longest phrase first, as a
    longest-first alternation is): sixteen languages' labels as a flat alternation made
    ``LABEL_START`` 2.5x and one ``--workers 1`` run ~10% slower, since the engine tries every
    branch at every position."""
    return prefix_tree(sorted({phrase for key in keys for template in words(key) for phrase in expansions(template)}))


def time_ago() -> str:
    """Every language's time counted back from now ("3 days ago", "vor 3 Tagen", "il y a 3
    jours") as a regex alternation (no group), between word boundaries: each ``time_ago`` form's
    words apart by any whitespace, ``{n}`` one to three digits, ``{unit}`` any ``time_units``.

    The forms that end alike after their unit share one copy of the units' alternation ("{n}
    {unit} ago", "a {unit} ago": ``(?:\\d{1,3}\\s+|a\\s+)UNITS\\s+ago``): the same strings match,
    and the pattern is a fifth of the size, which every process compiles at start-up (with one
    copy per form, 22 copies of ~100 units, two patterns took 25-60 ms of a run's start)."""
    units = "(?:" + alternation(words("time_units")) + ")"

    def piece(part: str) -> str:
        return r"\d{1,3}" if part == TIME_AGO_NUMBER else re.escape(part)

    befores: dict[str, list[str]] = {}  # per ending after the unit, what comes before it
    whole: list[str] = []  # a form without exactly one unit, as it is
    for form in words("time_ago"):
        parts = form.split()
        if parts.count(TIME_AGO_UNIT) != 1:
            whole.append(r"\s+".join(piece(part) for part in parts))
            continue
        at = parts.index(TIME_AGO_UNIT)
        ending = "".join(r"\s+" + piece(part) for part in parts[at + 1 :])
        befores.setdefault(ending, []).append("".join(piece(part) + r"\s+" for part in parts[:at]))
    shared = ["(?:" + "|".join(leads) + ")" + units + ending for ending, leads in befores.items()]
    return r"\b(?:" + "|".join([*shared, *whole]) + r")\b"


MONTHS: dict[str, int] = month_numbers(builtin())
# Every month name and abbreviation, as a regex alternation (no group).
MONTH_NAMES = alternation(list(MONTHS))
# Every weekday name of every language, as a regex alternation (no group).
WEEKDAY_NAMES = alternation(words("weekdays"))
