"""People's names from bylines and structured data: titles and credentials off, roles out."""

from __future__ import annotations

import re
from collections.abc import Iterable

from pipeline.extract import byline_patterns as P
from pipeline.extract.html import collapse

# A last word of at most this many characters before a period is an abbreviation ("Jr.", "J.").
_ABBREVIATION_MAX_CHARS = 4
# A person's name with its titles gone is a few words; past this a byline is a sentence or a list.
NAME_MAX_CHARS = 60
_DOMAIN_LIKE = re.compile(r"\w\.(?:com|org|net|gov|edu|co|uk|de|fr|es|in|io|info)\b", re.IGNORECASE)


def clean_name_credentials(raw: str) -> tuple[str | None, str]:
    """'Dr. Jane Doe, MD' -> ('Jane Doe', 'MD'): the name (None if not person-like) and its credentials."""
    name = collapse(raw).split(" | ")[0].strip(' ,;:|-–"“”')
    name = P.AUTHOR_LABEL.sub("", name)
    name = P.EDITOR_LABEL.sub("", name)
    for _ in range(2):
        name = P.NAME_PREFIX.sub("", name)
    found = P.NAME_CREDENTIALS.search(name)
    credentials = _credential_text(found.group(0)) if found else ""
    name = name[: found.start()].strip(" ,;:") if found else name.strip(" ,;:")
    if name.endswith(".") and len(name.split()[-1]) > _ABBREVIATION_MAX_CHARS:
        name = name[:-1]  # "by Erik Demaine." ends a sentence; "Jr." and "J." stay
    if not name or len(name) > NAME_MAX_CHARS or "@" in name or name.startswith("http") or _DOMAIN_LIKE.search(name):
        return None, credentials
    if P.JOB_TITLE.search(name):
        return None, credentials  # "AP Auto Writer", "Staff Correspondent": a role, not a name
    if not any(ch.isalpha() for ch in name):
        return None, credentials
    return name, credentials


def _credential_text(raw: str) -> str:
    """' MD, FACP.' -> 'MD, FACP'."""
    return ", ".join(p for p in (part.strip(" ,.") for part in raw.split(",")) if p)


# "PT", "CNS", "FNP-BC": a short all-capitals part after a comma is a credential, not a name.
_CREDENTIAL_LIKE = re.compile(r"^[A-Z]{2,5}(?:-[A-Z]{1,3})?\.?$")


def split_people(raw: str) -> list[tuple[str, str]]:
    """Several people in one byline with their credentials: 'A, MD, and B, RN' -> [('A', 'MD'), ('B', 'RN')].

    A part that is only a credential ("FACP" after "A, MD") belongs to the person before it.
    """
    found: dict[str, str] = {}  # insertion-ordered: linear however many names a page repeats
    last: str | None = None
    pieces = P.NAME_SPLIT_KEEPING.split(collapse(raw))
    for index in range(0, len(pieces), 2):
        part = pieces[index]
        stripped = part.strip(" ,;:")
        if last and stripped and (P.NAME_CREDENTIALS.fullmatch(" " + stripped) or _CREDENTIAL_LIKE.match(stripped)):
            found[last] = ", ".join(c for c in (found[last], _credential_text(stripped)) if c)
            continue
        if last and index and _role_after_name(last, pieces[index - 1], stripped):
            continue
        name, credentials = clean_name_credentials(part)
        if not name or P.NAME_CREDENTIALS.fullmatch(" " + name) or _CREDENTIAL_LIKE.match(name):
            continue
        if name not in found:
            found[name] = credentials
        last = name
    return list(found.items())


# A person's name has at least this many words where a word after it, past a comma, is their role.
_ROLE_AFTER_NAME_MIN_WORDS = 2


def _role_after_name(name: str, separator: str, part: str) -> bool:
    """One word after a full name and a comma is the person's job, in any language ("Katrin Albers,
    Apothekerin", "Hervé Lambert, neurologue", "Jane Doe, Pharmacist"), not a second person:
    several people are joined by "and", "&" or ";", or each has a full name."""
    return (
        separator.strip() == ","
        and len(part.split()) == 1
        and part[:1].isalpha()
        and len(name.split()) >= _ROLE_AFTER_NAME_MIN_WORDS
    )


def split_names(raw: str) -> list[str]:
    """Several people in one byline: 'A, MD, and B' -> ['A', 'B']."""
    return [name for name, _ in split_people(raw)]


def unique(values: Iterable[str]) -> list[str]:
    """The values without case-insensitive repeats, first spelling kept; linear in their number."""
    out: list[str] = []
    seen: set[str] = set()
    for value in values:
        if value and (key := value.lower()) not in seen:
            seen.add(key)
            out.append(value)
    return out


def people(values: list[str], credentials: dict[str, str] | None = None) -> list[str]:
    """The people named in ``values``; their credentials go into ``credentials`` (name -> text)."""
    out: list[str] = []
    for value in values:
        for name, shown in split_people(value):
            out.append(name)
            if credentials is not None and shown:
                credentials.setdefault(name, shown)
    return unique(out)
