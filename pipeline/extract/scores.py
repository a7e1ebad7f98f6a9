"""A score out of a scale ("4.5 / 5", "Rated 4 out of 5 stars"), as rule data, read two ways.

A rating shows on a page either as the whole text of one element (a comment's star widget, a
user card's "8/10", an image labelled "Rated 5 out of 5") or somewhere in a block's running
text (a product review's "5.0 out of 5 stars" among its date and words). The two anchorings
are named here (:data:`ELEMENT`, :data:`BLOCK`) and :func:`shows_score` reads either; the
comment finders ask for the first, ``review_lists`` for the second.
"""

from __future__ import annotations

import re
from typing import Literal

Anchoring = Literal["element", "block"]
# The whole text of one element is a score, and nothing else: a scale of 5, 10 or 100 ("8/10",
# "4.5 / 5", "4 out of 5 stars", "Rated 5 out of 5"). A vote count ("+3", "Like or Dislike: 3 1")
# is none.
ELEMENT: Anchoring = "element"
# A score out of five somewhere in a block's text ("Rated 5.0 out of 5 stars", "4 of 5"): only
# five, only 0-5, because in running text "12/10" is a date and "3 of 10" a count.
BLOCK: Anchoring = "block"

_SCALE_WORDS = r"(?:/|out of)"
_ANCHORED = {
    ELEMENT: re.compile(
        rf"^(?:rated\s+)?\d{{1,3}}(?:[.,]\d)?\s*{_SCALE_WORDS}\s*(?:5|10|100)(?:\s*stars?)?$", re.IGNORECASE
    ),
    BLOCK: re.compile(r"\b[0-5](?:[.,]\d)?\s*(?:out of|of|/)\s*5\b|\brated\s+[0-5](?:[.,]\d)?\b", re.IGNORECASE),
}


def shows_score(text: str, anchoring: Anchoring) -> bool:
    """The text is a score (:data:`ELEMENT`) or holds one (:data:`BLOCK`), whitespace aside."""
    line = " ".join(text.split())
    pattern = _ANCHORED[anchoring]
    return bool(pattern.match(line) if anchoring == ELEMENT else pattern.search(line))
