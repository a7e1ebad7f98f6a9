"""A score out of a scale, read two ways: the whole text of one rating element (the comment
finders) or somewhere in a block's text (a product's reviews found by their shape)."""

from __future__ import annotations

import pytest

from pipeline.extract.scores import BLOCK, ELEMENT, shows_score


@pytest.mark.parametrize("text", ["8/10", "4.5 / 5", "4 out of 5 stars", "Rated 5 out of 5", "85/100", " 3,5/5 "])
def test_an_elements_whole_text_is_a_score(text: str) -> None:
    assert shows_score(text, ELEMENT)


@pytest.mark.parametrize("text", ["+3", "Like or Dislike: 3 1", "Rated 4 out of 5 by Ann", "Page 1 of 5 results"])
def test_an_element_with_more_than_a_score_or_a_vote_shows_none(text: str) -> None:
    assert not shows_score(text, ELEMENT)


@pytest.mark.parametrize(
    "text", ["Ann, 2 days ago. Rated 4 out of 5 by Ann", "Works well 5.0 out of 5 stars", "4 of 5 stars", "rated 4"]
)
def test_a_blocks_text_holding_a_score_out_of_five_shows_one(text: str) -> None:
    assert shows_score(text, BLOCK)


@pytest.mark.parametrize("text", ["Reviewed on 12/10/2025", "9 out of 10 readers agree", "8/10"])
def test_a_date_or_another_scale_in_running_text_is_no_score(text: str) -> None:
    assert not shows_score(text, BLOCK)


def test_whitespace_inside_a_label_is_read_as_one_space() -> None:
    assert shows_score("4 out\n  of 5", BLOCK) and shows_score("Rated 4\tout  of 5", ELEMENT)
