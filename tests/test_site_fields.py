"""Site rule files can name a selector for every field: metadata and each comment's parts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pipeline.errors import ConfigError
from pipeline.extract import extract_html
from pipeline.extract.sites import load_site_rules

RULE = """
hosts = ["notes.example"]
article_root = "div.story"
[metadata]
title = "div.story-title"
authors = "span.writer"
reviewers = "span.checker"
published = "span.first-out"
modified = "span.changed"
description = "p.dek"
[comments]
item = "div.note"
author = "b.who"
date = "i.when"
body = "div.said"
"""

NOTE = (
    '<div class="note"><div class="said"><p>{text}</p></div><p class="foot"><b class="who">{who}</b> '
    '· <i class="when" title="{when}">a while ago</i> · <a href="#">Reply</a></p></div>'
)
PAGE = (
    "<html><body><div class='story-title'>Iron and fatigue</div><p class='dek'>Why low iron tires you.</p>"
    "<p>By <span class='writer'>Ana Ruiz</span>, checked by <span class='checker'>Dr Ben Ode</span>; "
    "out <span class='first-out'>2 May 2024</span>, changed <span class='changed'>9 June 2024</span></p>"
    "<div class='story'><p>"
    + "Iron carries oxygen in the blood, and too little of it leaves you tired. " * 6
    + "</p></div>"
    + NOTE.format(text="This explained my tiredness, thank you.", who="Kim", when="2024-05-04T10:00:00Z")
    + NOTE.format(text="My doctor said the same thing last year.", who="Lee", when="2024-05-06T08:30:00Z")
    + "</body></html>"
)


def test_a_site_rule_names_every_field(tmp_path: Path) -> None:
    (tmp_path / "notes.toml").write_text(RULE, encoding="utf-8")
    result = extract_html(PAGE, "https://notes.example/iron", site_rules=load_site_rules(tmp_path))
    meta = result.metadata
    assert (meta.title, meta.authors, meta.reviewers) == ("Iron and fatigue", ["Ana Ruiz"], ["Ben Ode"])
    assert (meta.published, meta.modified, meta.description) == (
        dt.date(2024, 5, 2),
        dt.date(2024, 6, 9),
        "Why low iron tires you.",
    )
    assert result.text.startswith("Iron carries oxygen")
    assert [(c.author, c.posted_date, c.text) for c in result.comments] == [
        ("Kim", dt.date(2024, 5, 4), "This explained my tiredness, thank you."),
        ("Lee", dt.date(2024, 5, 6), "My doctor said the same thing last year."),
    ]


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ('[comments]\nitem = "div.note"\nautor = "b.who"\n', "comments.autor"),
        ('[metadata]\npublished = "span[["\n', "metadata.published: invalid CSS"),
    ],
)
def test_a_field_selector_is_validated(tmp_path: Path, extra: str, message: str) -> None:
    (tmp_path / "notes.toml").write_text('hosts = ["notes.example"]\n' + extra, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_site_rules(tmp_path)
