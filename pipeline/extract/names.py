"""People's names from bylines and structured data: titles and credentials off, roles out."""

from __future__ import annotations

import re
from collections.abc import Iterable

from pipeline.extract import patterns as P
from pipeline.extract.html import collapse

_DOMAIN_LIKE = re.compile(r"\w\.(?:com|org|net|gov|edu|co|uk|de|fr|es|in|io|info)\b", re.IGNORECASE)


def clean_name(raw: str) -> str | None:
    """'Dr. Jane Doe, MD' -> 'Jane Doe'; None for what is not a person-like name."""
    name = collapse(raw).split(" | ")[0].strip(" ,;:|-–")
    name = P.AUTHOR_LABEL.sub("", name)
    name = P.EDITOR_LABEL.sub("", name)
    for _ in range(2):
        name = P.NAME_PREFIX.sub("", name)
    name = P.NAME_CREDENTIALS.sub("", name).strip(" ,;:")
    if not name or len(name) > 60 or "@" in name or name.startswith("http") or _DOMAIN_LIKE.search(name):
        return None
    if P.JOB_TITLE.search(name):
        return None  # "AP Auto Writer", "Staff Correspondent": a role, not a name
    if not any(ch.isalpha() for ch in name):
        return None
    return name


# "PT", "CNS", "FNP-BC": a short all-capitals part after a comma is a credential, not a name.
_CREDENTIAL_LIKE = re.compile(r"^[A-Z]{2,5}(?:-[A-Z]{1,3})?\.?$")


def split_names(raw: str) -> list[str]:
    """Several people in one byline: 'A, MD, and B' -> ['A', 'B']."""
    raw = P.NAME_CREDENTIALS.sub("", collapse(raw))
    names: dict[str, None] = {}  # insertion-ordered set: linear however many names a page repeats
    for part in P.NAME_SPLIT.split(raw):
        name = clean_name(part)
        credential = P.NAME_CREDENTIALS.fullmatch(" " + name) or _CREDENTIAL_LIKE.match(name) if name else None
        if name and not credential:
            names.setdefault(name)
    return list(names)


def unique(values: Iterable[str]) -> list[str]:
    """The values without case-insensitive repeats, first spelling kept; linear in their number."""
    out: list[str] = []
    seen: set[str] = set()
    for value in values:
        if value and (key := value.lower()) not in seen:
            seen.add(key)
            out.append(value)
    return out


def people(values: list[str]) -> list[str]:
    out: list[str] = []
    for value in values:
        out.extend(split_names(value))
    return unique(out)
