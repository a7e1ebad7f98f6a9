"""One test per fixture page: its scores may rise, never fall (see tests/ratchet.py)."""

from __future__ import annotations

import pytest

from pipeline.extract.sites import load_site_rules
from tests.ratchet import falls, figures, fixtures, load_baseline

BASELINE = load_baseline()
RULES = load_site_rules()


@pytest.mark.parametrize("fixture", fixtures(), ids=lambda f: f.name)
def test_page_holds_its_scores(fixture) -> None:  # type: ignore[no-untyped-def]
    before = BASELINE.get(fixture.name)
    assert before is not None, f"{fixture.name} has no ratchet baseline: run tests/ratchet.py --update"
    problems = falls(figures(fixture, RULES), before)
    assert not problems, f"{fixture.name}: " + "; ".join(problems)


def test_a_fall_is_named() -> None:
    """The comparison itself: a lower F1, a lost field, a new leak each fail by name."""
    before = {
        "f1": 0.9,
        "leaked": 0,
        "fields_right": ["title"],
        "comments_matched": 2,
        "comment_authors": 2,
        "comment_dates": 2,
        "comment_parents": 2,
        "comments_invented": 0,
    }
    now = dict(before, f1=0.8, leaked=1, fields_right=[], comments_invented=1)
    problems = falls(now, before)
    assert any("text F1 0.9000 -> 0.8000" in p for p in problems)
    assert any("title" in p for p in problems)
    assert any(p.startswith("leaked 0 -> 1") for p in problems)
    assert any(p.startswith("comments_invented 0 -> 1") for p in problems)
    assert falls(dict(before, f1=0.95, comments_matched=3), before) == []
