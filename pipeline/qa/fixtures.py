"""Golden fixture pages: ``<site>/<slug>.html`` with ``<slug>.expected.json`` beside it.

The expected file holds what a person marked on the page: title, authors, editors, published,
modified, language, site_name, the article's paragraphs, boilerplate snippets that must not
leak into the text, and the comments (author, date, text, reply_to as an index into the list);
optionally the health fields of schema 2.0 (``OPTIONAL_KEYS``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.errors import InputError

EXPECTED_SUFFIX = ".expected.json"
REQUIRED_KEYS = (
    "url",
    "title",
    "authors",
    "editors",
    "published",
    "modified",
    "language",
    "site_name",
    "paragraphs",
    "must_not_contain",
    "comments",
)
# Health fields (schema 2.0), scored when the expected file states them: reviewers (names),
# last_reviewed / next_review (YYYY-MM-DD or null), has_disclaimer (bool) and references (the
# DOI, else PMID, else PMCID, else URL of each cited source, in the page's order).
OPTIONAL_KEYS = ("reviewers", "last_reviewed", "next_review", "has_disclaimer", "references")


@dataclass(frozen=True)
class ExpectedComment:
    author: str | None
    date: str | None
    text: str
    reply_to: int | None


@dataclass(frozen=True)
class Fixture:
    name: str
    html_path: Path
    url: str
    fields: dict[str, Any]
    paragraphs: list[str]
    must_not_contain: list[str]
    comments: list[ExpectedComment] = field(default_factory=list)

    def html_bytes(self) -> bytes:
        return self.html_path.read_bytes()


def load_fixture(expected_path: Path, root: Path) -> Fixture:
    try:
        data = json.loads(expected_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"{expected_path}: unreadable expected file: {exc}") from None
    missing = [k for k in REQUIRED_KEYS if k not in data]
    if missing:
        raise InputError(f"{expected_path}: missing key(s) {', '.join(missing)}")
    html_path = expected_path.with_name(expected_path.name[: -len(EXPECTED_SUFFIX)] + ".html")
    if not html_path.is_file():
        raise InputError(f"{expected_path}: no page beside it ({html_path.name})")
    comments = [ExpectedComment(c.get("author"), c.get("date"), c["text"], c.get("reply_to")) for c in data["comments"]]
    return Fixture(
        name=str(html_path.relative_to(root).with_suffix("")),
        html_path=html_path,
        url=data["url"],
        fields={k: data[k] for k in (*REQUIRED_KEYS[1:8], *OPTIONAL_KEYS) if k in data},
        paragraphs=list(data["paragraphs"]),
        must_not_contain=list(data["must_not_contain"]),
        comments=comments,
    )


def load_fixtures(root: str | Path) -> list[Fixture]:
    directory = Path(root)
    if not directory.is_dir():
        raise InputError(f"fixture directory not found: {directory}")
    fixtures = [load_fixture(p, directory) for p in sorted(directory.rglob(f"*{EXPECTED_SUFFIX}"))]
    if not fixtures:
        raise InputError(f"no *{EXPECTED_SUFFIX} files under {directory}")
    return fixtures
