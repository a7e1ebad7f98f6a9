"""An extraction written as a fixture's expected file, for a person to correct by hand.

Every value is spelled the way the scorer reads it back (:func:`pipeline.qa.scoring.field_value`),
so an uncorrected draft scores perfectly against its own page, and each correction is a
deliberate change. ``must_not_contain`` starts empty: boilerplate snippets are the author's to
add.
"""

from __future__ import annotations

from typing import Any

from pipeline.qa.fixtures import OPTIONAL_KEYS, REQUIRED_KEYS
from pipeline.qa.scoring import field_value
from pipeline.records import Extraction


def draft_expected(extraction: Extraction, url: str) -> dict[str, Any]:
    """The expected-file JSON object for this extraction (keys in the documented order)."""
    draft: dict[str, Any] = {"url": url}
    for name in (*REQUIRED_KEYS[1:8], *OPTIONAL_KEYS):
        draft[name] = field_value(extraction, name)
    draft["paragraphs"] = [p for p in extraction.text.split("\n\n") if p.strip()]
    draft["must_not_contain"] = []
    draft["comments"] = [
        {
            "author": c.author,
            "posted_date": c.posted_date.isoformat() if c.posted_date else None,
            "text": c.text,
            "parent_position": c.parent_position,
        }
        for c in extraction.comments
    ]
    return draft
