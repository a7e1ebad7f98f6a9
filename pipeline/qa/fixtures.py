"""Golden fixture pages: ``NAME.html`` with ``NAME.expected.json`` beside it, at any depth under the
fixture directory (``tests/fixtures/pages`` groups them by site, ``<site>/<slug>``; the bundled
demo pages sit in one folder); a page is named by its path under the directory.

The expected file holds what a person marked on the page: title, authors, editors, published,
modified, language, site_name, the article's paragraphs, boilerplate snippets that must not
leak into the text, and the comments (author, posted_date, text, parent_position: the index of
the comment it replies to in the list); optionally the health fields of schema 2.0
(``OPTIONAL_KEYS``). Names are the ones ``pipeline extract`` prints and Parquet uses. The file is
validated: an unknown key (a typo such as ``"autor"``) or a value of the wrong type is an error
naming the key and the file, never a silently wrong score.
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
COMMENT_KEYS = ("author", "posted_date", "text", "parent_position")
# Old spellings, named in the error so a fixture is quick to migrate.
RENAMED = {"reply_to": "parent_position", "date": "posted_date", "reply-to": "parent_position"}
_LISTS = ("authors", "editors", "reviewers", "references", "paragraphs", "must_not_contain")
_OPTIONAL_TEXT = ("title", "published", "modified", "language", "site_name", "last_reviewed", "next_review")


@dataclass(frozen=True)
class ExpectedComment:
    author: str | None
    posted_date: str | None
    text: str
    parent_position: int | None


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


def _unknown(where: str, key: str) -> InputError:
    hint = f" (renamed {RENAMED[key]})" if key in RENAMED else ""
    return InputError(f"{where}: unknown key {key!r}{hint}")


def _check_top(data: Any, where: str) -> None:
    if not isinstance(data, dict):
        raise InputError(f"{where}: expected a JSON object")
    for key in data:
        if key not in REQUIRED_KEYS and key not in OPTIONAL_KEYS:
            raise _unknown(where, key)
    missing = [k for k in REQUIRED_KEYS if k not in data]
    if missing:
        raise InputError(f"{where}: missing key(s) {', '.join(missing)}")
    if not isinstance(data["url"], str):
        raise InputError(f"{where}: url: expected a string")
    for key in _LISTS:
        if key in data and not (isinstance(data[key], list) and all(isinstance(x, str) for x in data[key])):
            raise InputError(f"{where}: {key}: expected a list of strings")
    for key in _OPTIONAL_TEXT:
        if key in data and data[key] is not None and not isinstance(data[key], str):
            raise InputError(f"{where}: {key}: expected a string or null, got {data[key]!r}")
    if "has_disclaimer" in data and not isinstance(data["has_disclaimer"], bool):
        raise InputError(f"{where}: has_disclaimer: expected true or false")
    if not isinstance(data["comments"], list):
        raise InputError(f"{where}: comments: expected a list")


def _comment(value: Any, index: int, where: str) -> ExpectedComment:
    at = f"{where}: comments[{index}]"
    if not isinstance(value, dict):
        raise InputError(f"{at}: expected an object")
    for key in value:
        if key not in COMMENT_KEYS:
            raise _unknown(at, key)
    if not isinstance(value.get("text"), str):
        raise InputError(f"{at}: text: expected a string")
    for key in ("author", "posted_date"):
        if value.get(key) is not None and not isinstance(value[key], str):
            raise InputError(f"{at}: {key}: expected a string or null, got {value[key]!r}")
    parent = value.get("parent_position")
    if parent is not None and (not isinstance(parent, int) or isinstance(parent, bool) or not 0 <= parent < index):
        raise InputError(f"{at}: parent_position: expected the index of an earlier comment or null, got {parent!r}")
    return ExpectedComment(value.get("author"), value.get("posted_date"), value["text"], parent)


def load_fixture(expected_path: Path, root: Path) -> Fixture:
    try:
        data = json.loads(expected_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"{expected_path}: unreadable expected file: {exc}") from None
    _check_top(data, str(expected_path))
    html_path = expected_path.with_name(expected_path.name[: -len(EXPECTED_SUFFIX)] + ".html")
    if not html_path.is_file():
        raise InputError(f"{expected_path}: no page beside it ({html_path.name})")
    comments = [_comment(c, i, str(expected_path)) for i, c in enumerate(data["comments"])]
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
