"""bench/comment_perturb.py's transforms on a small thread written here: each keeps the words
and changes only what it says (names, tags, a layout table, links), and the scoring matches
perturbed rows to the reference rows by their text."""

from __future__ import annotations

import sys
from pathlib import Path

import lxml.html
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

import comment_perturb as B
import comment_perturbations as P

TEXTS = (
    "I started walking after dinner last spring and my readings dropped.",
    "Does it matter how fast you walk, or is a slow stroll enough?",
    "A slow stroll is enough according to the paper, the authors say.",
)
NAMES = ("Maria Lopez", "Tom Hale", "Ann Wu")
THREAD = (
    '<html><body><article class="post"><h1>Walking</h1><p>Walk after meals.</p></article>'
    '<div id="comments" class="comments-area"><h2>3 Comments</h2><ol class="comment-list">'
    + "".join(
        f'<li id="comment-{i}" class="comment depth-1"><cite class="comment-author"><a href="/u/{i}">{n}</a></cite>'
        f'<time datetime="2012-03-0{i + 1}">March {i + 1}, 2012</time>'
        f'<div class="comment-content"><p>{t}</p></div></li>'
        for i, (n, t) in enumerate(zip(NAMES, TEXTS, strict=True))
    )
    + "</ol></div></body></html>"
)
REFERENCES = [P.Reference(t, n) for n, t in zip(NAMES, TEXTS, strict=True)]


def _words(html: str) -> list[str]:
    return str(lxml.html.document_fromstring(html).text_content()).split()


@pytest.mark.parametrize("name", list(P.COMMENT_PERTURBATIONS))
def test_every_perturbation_keeps_the_words(name: str) -> None:
    perturbed = P.COMMENT_PERTURBATIONS[name](THREAD, REFERENCES)
    expected = _words(THREAD.replace("<h2>3 Comments</h2>", "")) if name == "theme-unheaded" else _words(THREAD)
    assert _words(perturbed) == expected  # (theme-unheaded drops the heading naming the comments)
    assert perturbed != THREAD


def test_a_new_theme_keeps_the_ids_the_commenting_software_writes() -> None:
    root = lxml.html.document_fromstring(P.theme_classes(THREAD, REFERENCES))
    assert [e.get("id") for e in root.iter("li")] == ["comment-0", "comment-1", "comment-2"]
    assert root.get_element_by_id("comments", None) is None  # a region's id is the theme's
    assert all(c.startswith("_") for e in root.iter() for c in (e.get("class") or "").split())


def test_opaque_names_are_stable_and_name_nothing() -> None:
    root = lxml.html.document_fromstring(P.hash_classes(THREAD, REFERENCES))
    classes = {c for e in root.iter() for c in (e.get("class") or "").split()}
    assert all(c.startswith("_") and len(c) == P.HASH_CHARS + 1 for c in classes)
    assert P.css_module_name("comment") == P.css_module_name("comment") != P.css_module_name("comments")
    assert "comment" not in P.bem_classes(THREAD, REFERENCES).split("<body>")[1].replace("Comments", "")


def test_another_languages_word_replaces_comment_in_names_only() -> None:
    perturbed = P.foreign_words("kommentar")(THREAD, REFERENCES)
    assert 'class="kommentar-list"' in perturbed and 'id="kommentar-0"' in perturbed
    assert "3 Comments" in perturbed


def test_tags_swapped_and_the_thread_in_a_layout_table() -> None:
    assert "<li" not in P.lists_as_divs(THREAD, REFERENCES)
    assert "<article" not in P.sectioning_as_divs(THREAD, REFERENCES)
    assert "<time" not in P.time_as_span(THREAD, REFERENCES) and "datetime" not in P.time_as_span(THREAD, REFERENCES)
    root = lxml.html.document_fromstring(P.table_layout(THREAD, REFERENCES))
    rows = root.xpath("//table/tr")
    assert [" ".join(r.text_content().split()).endswith(t) for r, t in zip(rows, TEXTS, strict=True)] == [True] * 3


def test_authors_as_plain_text_lose_their_links_only() -> None:
    root = lxml.html.document_fromstring(P.plain_authors(THREAD, REFERENCES))
    assert [a.text_content() for a in root.iter("a")] == []
    assert [c.text_content() for c in root.iter("cite")] == list(NAMES)


def test_rows_are_matched_by_text_and_scored_field_by_field() -> None:
    base = B.Outcome(tuple(B.Row(t, n, None) for n, t in zip(NAMES, TEXTS, strict=True)), "Walk after meals.")
    lost = B.Outcome((B.Row(TEXTS[1], "Tom", None),), "Walk after meals. " + TEXTS[0])
    tally = B.Tally()
    B.tally(tally, base, lost, "page")
    row = tally.row()
    assert (row["rows"], row["found"], row["author"], row["swallowed"], row["whole"]) == (3, 1, 0.0, 1, 0)
    assert tally.lost == ["page (1/3 of 1)"]
