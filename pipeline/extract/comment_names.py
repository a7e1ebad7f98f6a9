"""Whether a line of a comment's text names its author, and which name: the text-level half of
reading an author (:mod:`pipeline.extract.comment_authors` finds the elements).

An author is a name or a handle, never markup, a UI word ("reply", "Homepage"), a user id,
a date or "writes" (:func:`clean_author`); the header lines above a message go with it
(:func:`lead_trimmed`), so the text starts with what the reader wrote.
"""

from __future__ import annotations

import re

from pipeline.extract.comment_dates import DATE_LINE_MAX_CHARS, date_like, only_a_date
from pipeline.extract.comment_lines import (
    ACTION_DATE_LINE,
    ATTRIBUTION_LINE,
    AUTHOR_CLEAN,
    AUTHOR_DATE_TAIL,
    AUTHOR_ID_TAIL,
    AUTHOR_UI_WORD,
    COMMENT_BYLINE,
    DATE_BY_NAME,
    DATE_NAME_LINE,
    FOOTER_PARTS,
    LEAD_HEADER_LINE,
    NAME_COMMA_DATE,
    NAME_DATE_LINE,
    NAME_PLACE_DATE,
    NAME_SAYS_DATE,
    NOISE_TEXT,
    NUMBERED_DATE_SAYS,
    POSTED_BY_FOOTER,
    POSTED_BY_LINE,
    PRINTED_TAG,
    RELATIVE_TIME,
    REPLY_TO_TAIL,
    SAYS_HEADER,
    SHORT_DATE,
    VOTE_LINE,
    spaced_buttons,
    ui_label,
)
from pipeline.extract.comment_rules import (
    AUTHOR_LINE_MAX_CHARS,
    AUTHOR_LINE_MAX_WORDS,
    NUMBERED_LABEL,
)
from pipeline.extract.dates import find_datetime
from pipeline.extract.html import collapse
from pipeline.extract.word_counts import word_count

# A name holds no clause punctuation ("08:40.Glad it helped, Rob." is a time and a message).
_CLAUSE_MARKS = re.compile(r"[,:;!?]")


# A name holds no clause punctuation ("08:40.Glad it helped, Rob." is a time and a message).
_CLAUSE_MARKS = re.compile(r"[,:;!?]")
# A footer's parts once its permalink and buttons are left out: a name and a date.
NAME_AND_DATE = 2


def signed_line(text: str) -> str | None:
    """The name on a comment's byline line, when the line is one: "Posted by: NAME | DATE",
    "Submitted by NAME on DATE", "DATE — NAME", "1. On DATE by NAME", "NAME wrote on DATE:",
    "— NAME, DATE", "— NAME · DATE · #" (the date part must read as one)."""
    text = collapse(text)
    if only_a_date(text):
        return None  # "Tue, 03/06/2012 - 02:13": a weekday is no name
    if (match := POSTED_BY_FOOTER.match(text)) and find_datetime(match.group("when")) is not None:
        return clean_author(match.group("name"))  # "Posted by:" says what follows is a name
    patterns = (
        COMMENT_BYLINE,
        DATE_NAME_LINE,
        DATE_BY_NAME,
        NAME_SAYS_DATE,
        NAME_COMMA_DATE,
        NAME_PLACE_DATE,
        NUMBERED_DATE_SAYS,
    )
    for pattern in patterns:
        # the name must read as one and the date part be a date ("08:40.Glad it helped", "by the
        # way, I walked on March 6, 2012 - great" are messages)
        if (
            (match := pattern.match(text))
            and date_like(match.group("when"))
            and (name := clean_author(match.group("name")))
            and looks_like_author_line(name)
            and not _CLAUSE_MARKS.search(name)
        ):
            return name
    parts = [p for p in FOOTER_PARTS.split(text.strip(" -–—")) if not (p == "#" or NOISE_TEXT.match(p))]
    if len(parts) == NAME_AND_DATE:
        for name, when in (parts, parts[::-1]):
            if (
                find_datetime(when) is not None
                and only_a_date(when)
                and looks_like_author_line(name)
                and not _CLAUSE_MARKS.search(name)  # "Thanks!Posted by: Anonymous": a message ran in
            ):
                return clean_author(name)
    return None


def clean_author(text: str) -> str | None:
    """A person's name or handle from an author line, or None when the line holds none: never
    markup, a UI word ("reply", "Homepage"), a user id, a date or "writes"."""
    if footer := POSTED_BY_LINE.match(collapse(text)):
        text = footer.group("name")
    text = AUTHOR_CLEAN.sub("", _POST_NUMBER.sub("", collapse(PRINTED_TAG.sub(" ", text)))).strip(" -–—:")
    if only_a_date(text):
        return None
    if (labelled := _LABELLED_VALUE.match(text)) and only_a_date(labelled.group(1)):
        return None  # "Published: August 09, 2011": a date under its label, not a name
    # "Martine — 14/03/2023 à 09:12": the name ends at a separator.
    text = _AUTHOR_END.split(text, maxsplit=1)[0]
    text = AUTHOR_ID_TAIL.sub("", AUTHOR_DATE_TAIL.sub("", AUTHOR_CLEAN.sub("", text))).strip(" ,-–—:#")
    text = AUTHOR_CLEAN.sub("", text).strip()
    if text.endswith("*"):
        return None  # "Name *": a form's field label, not a person
    if not text or AUTHOR_UI_WORD.match(text) or ui_label(text) or not any(ch.isalpha() for ch in text):
        return None
    if only_a_date(text):
        return None
    if SHORT_DATE.match(text) or RELATIVE_TIME.match(text):
        return None  # "Aug 08", "5 days ago": when, not who
    return text


def lead_trimmed(lines: list[str], author: str | None) -> tuple[list[str], str | None]:
    """The message starts with what the reader wrote: header lines above it ("message 1: by
    Joan (new)", "#3", a date, the author's name again, "writes:") go. Returns the lines and the
    name a header line gave, if any."""
    found = None
    start = 0
    for line in lines[:LEAD_HEADER_MAX_LINES]:
        stripped = line.strip()
        match = LEAD_HEADER_LINE.match(stripped)
        if match:
            found = found or (clean_author(match.group("name")) if match.group("name") else None)
        elif (dated := NAME_DATE_LINE.match(stripped)) and find_datetime(dated.group("when")) is not None:
            found = found or clean_author(dated.group("name"))  # "keepingsanity · 03/03/2026 19:49"
        elif glued := glued_header(stripped):
            found = found or clean_author(glued[0])  # "Maria LopezMarch 6, 2012 at 2:13 am"
        elif (action := ACTION_DATE_LINE.match(stripped)) and only_a_date(action.group("when")):
            pass  # "commented Dec 19, 2025"
        elif VOTE_LINE.match(stripped) and start < len(lines) - 1:
            pass  # IntenseDebate's "0" between the name and the message
        elif ATTRIBUTION_LINE.match(stripped):
            pass  # "On Sun, Mar 4, 2012 at 9:17 PM, NAME <address> wrote:" over a quote
        elif RELATIVE_TIME.match(stripped) or SHORT_DATE.match(stripped):
            pass  # "3 days ago", Discourse's "Mar 10": the date in its element's title
        elif (reply_to := REPLY_TO_TAIL.search(stripped)) and (
            only_a_date(head := stripped[: reply_to.start()].strip()) or name_beside_date(head)
        ):
            # "14/07/2016 - 10:40 en respuesta a Paco_Vega": the date (and the name), and whom it answers
            found = found or name_beside_date(head)
        elif not (only_a_date(stripped) or (author and _author_line(stripped, author))):
            break
        start += 1
    start += _header_lines_over_date(lines[start:])
    if start and ATTRIBUTION_LINE.match(lines[start - 1].strip()):
        while start < len(lines) and lines[start].lstrip().startswith(">"):
            start += 1  # the quoted mail under its attribution line, "> " before each line
    lines = lines[start:]  # a message of header lines only (an image posted) says nothing
    # Slashdot: "Re: subject", then "by NAME ( 1311177 ) writes: on DATE (#65870295)" or just
    # "writes:" under the name; the subject is the reader's own.
    kept = []
    for index, line in enumerate(lines):
        says = SAYS_HEADER.match(line) if index < LEAD_HEADER_MAX_LINES else None
        if says is None:
            kept.append(line)
        elif says.group("name") and not (author or found):
            found = clean_author(says.group("name"))
    return kept, found


def _header_lines_over_date(lines: list[str]) -> int:
    """How many lines a post's header holds above and on its date line, where nothing marked
    them: short lines of a few words with no sentence's end (a member's title "Diabetes nurse
    educator", Discourse's in-reply-to name), then a line that is a date alone ("Mar 11"). 0
    where no such date line closes the first LEAD_HEADER_MAX_LINES lines."""
    for index, line in enumerate(lines[:LEAD_HEADER_MAX_LINES]):
        stripped = line.strip()
        if index and (only_a_date(stripped) or SHORT_DATE.match(stripped) or RELATIVE_TIME.match(stripped)):
            return index + 1
        if len(stripped.split()) > HEADER_NAME_MAX_WORDS or stripped.endswith((".", "!", "?", ":")):
            return 0
    return 0


# A header line above the date: a name, a member's title ("Diabetes nurse educator").
HEADER_NAME_MAX_WORDS = 4


# Where a date may start right after a name with no space between: a lower-case letter, then
# a capital or a figure ("LopezMarch 6", "hale06/03/2012").
_GLUE = re.compile(r"(?<=[a-z])(?=[A-Z0-9])")


def glued_header(line: str) -> tuple[str, str] | None:
    """The name and the date of a header line whose name and date elements touch ("Maria
    LopezMarch 6, 2012 at 2:13 am": two inline elements with no space between, as a theme
    prints them); neither reads as a date or a name while glued."""
    if len(line) > AUTHOR_LINE_MAX_CHARS + DATE_LINE_MAX_CHARS:
        return None
    for glue in _GLUE.finditer(line):
        name, when = line[: glue.start()], line[glue.start() :]
        if looks_like_author_line(name) and only_a_date(when) and clean_author(name):
            return name, when
    return None


def glued_date(lines: list[str]) -> str | None:
    """The date of a glued name-and-date line among a message's header lines (see
    :func:`glued_header`): the comment's date where no element gives it."""
    for line in lines[:LEAD_HEADER_MAX_LINES]:
        if glued := glued_header(line.strip()):
            return glued[1]
    return None


def _author_line(line: str, author: str) -> bool:
    """The author's name again, alone or followed by the date ("Rui Ma 3/16/2021 at 5:42am") or
    by a word or two of their own (a newspaper commenter's town: "Maria Lopez Boston",
    AUTHOR_TAIL_MAX_WORDS)."""
    if not line.casefold().startswith(author.casefold()):
        return False
    rest = line[len(author) :].strip()
    return (
        not rest
        or only_a_date(rest)
        or (line[len(author)].isspace() and len(rest.split()) <= AUTHOR_TAIL_MAX_WORDS and looks_like_author_line(rest))
    )


# What a header prints after the name on its line: a town, a badge ("Boston", "Top commenter").
AUTHOR_TAIL_MAX_WORDS = 2


# A comment header is at most a number, a name, a date and a badge: a few lines.
LEAD_HEADER_MAX_LINES = 4


# A one-word label and its value: "Published: August 09, 2011".
_LABELLED_VALUE = re.compile(r"^[^\W\d_]{2,20}:\s+(.+)$")
# The comment's number printed before the name on its header line (joomlacomment's "#1 Margaret
# H", a paper's "12. NAME"): the post's place in the thread, no part of who wrote it.
_POST_NUMBER = re.compile(r"^(?:#\d{1,5}[.:]?|\d{1,5}[.:])\s+(?=\S)")
_AUTHOR_END = re.compile(r"\s+[—–|·•»]\s*|\s+-\s+|,\s+(?=\d)")


def name_beside_date(line: str) -> str | None:
    """The name of a header line that is a name and a date and nothing else, side by side
    without a separator ("<b>Maria Lopez</b> <small>March 6, 2012</small>"), either first."""
    words = line.split()
    for cut in range(1, min(len(words), AUTHOR_LINE_MAX_WORDS + 1)):
        for name, when in ((words[:cut], words[cut:]), (words[-cut:], words[:-cut])):
            shown = " ".join(name)
            if name[-1].islower() and not shown.islower():
                continue  # "Maria Lopez on March 6": a word of the line, not of the name
            if only_a_date(" ".join(when)) and looks_like_author_line(shown) and not ui_label(shown):
                return clean_author(shown)
    return None


def signs_beside_date(text: str) -> bool:
    """A name and its date side by side and nothing else ("anon341219 March 6, 2014"), the
    name what the block gives as its author."""
    name = name_beside_date(text)
    return name is not None and name == clean_author(text) and text.startswith(name)


_INITIAL_END = re.compile(r"(?:^|[\s.])\w\.$")


def looks_like_author_line(text: str) -> bool:
    """A short line that reads as a name or handle (AUTHOR_LINE_MAX_WORDS words, no sentence
    end, no date, not a button)."""
    if not text or len(text) > AUTHOR_LINE_MAX_CHARS or word_count(text) > AUTHOR_LINE_MAX_WORDS:
        return False
    if NUMBERED_LABEL.match(text) or NOISE_TEXT.match(text) or text[-1] in "!?,;" or spaced_buttons(text):
        return False
    if text.endswith(".") and not _INITIAL_END.search(text):
        return False  # a sentence, not "Karen B."
    return find_datetime(text) is None and any(ch.isalpha() for ch in text)
