"""Comments by structure alone (``comments:unheaded-siblings``): a thread under opaque class
names and no heading naming it is read when its blocks are signed, dated messages after the
article and one mark says it is a thread (a reply control, a comment form after it, a numbered
anchor per block, a reply nested in a block); the same blocks without any mark, before the
article or in an aside are not. Also the header parts such threads showed: b2evolution's
"03/06/12 @ 02:13" is a date, Serendipity's "Add Comment" title closes the run, and the name
a structure finder saw is the author where no markup names one."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import tests.test_comment_blogs_2012 as BLOGS_2012
from pipeline.extract import extract_html
from pipeline.extract.comment_dates import date_element_text, labelled_date, only_a_date
from tests.test_comment_systems import ARTICLE, SYSTEMS, System, _page

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

import comment_perturb as B
import comment_perturbations as P

URL = "https://healthnotes.example/2012/03/walking.html"
NAMES = ("Maria Lopez", "Tom Hale", "Ann Wu")
TEXTS = (
    "I started walking after dinner last spring and my morning readings dropped within weeks.",
    "Does it matter how fast you walk, or is a slow stroll around the block enough to help?",
    "A slow stroll is enough according to the paper; the effect comes from the muscles working at all.",
)
REPLY = "My doctor said the same thing, although she suggested ten minutes rather than two."


def _block(i: int, name: str, text: str, *, control: str = "", anchor: str = "", inner: str = "") -> str:
    ident = f' id="{anchor}{i}"' if anchor else ""
    return (
        f'<div class="_k3x9q"{ident}><div class="_p0a7m"><span class="_z81kd">{name}</span> '
        f'<span class="_q2w8e">03/0{i % 9 + 1}/12 @ 0{i % 9}:13</span></div><div class="_m4c2n"><p>{text}</p></div>'
        f"{control}{inner}</div>"
    )


def _thread(*, control: str = "", anchor: str = "", nested: bool = False, form: bool = False) -> str:
    reply = _block(14, "Joe Public", REPLY, control=control, anchor=anchor) if nested else ""
    blocks = [
        _block(i + 11, n, t, control=control, anchor=anchor, inner=reply if i == 0 else "")
        for i, (n, t) in enumerate(zip(NAMES, TEXTS, strict=True))
    ]
    after = '<div class="_f6"><form action="/post"><textarea name="body"></textarea></form></div>' if form else ""
    return f'<div class="_t5r1b">{"".join(blocks)}</div>{after}'


MARKS = {
    "a reply control": {"control": '<a class="_b1" href="#respond">Reply</a>'},
    "a reply control in German": {"control": '<button class="_b1">Antworten</button>'},
    "a numbered anchor per block": {"anchor": "c"},
    "a reply nested in a block": {"nested": True},
    "a comment form after the run": {"form": True},
}


@pytest.mark.parametrize("mark", list(MARKS))
def test_an_unheaded_thread_under_opaque_names_is_read(mark: str) -> None:
    result = extract_html(_page(_thread(**MARKS[mark])), URL)  # type: ignore[arg-type]
    top = [(c.author, c.text) for c in result.comments if c.parent_position is None]
    assert top == list(zip(NAMES, TEXTS, strict=True))
    assert all(text[:40] not in result.text for text in TEXTS)
    assert "Muscles take up glucose" in result.text


def test_a_reply_nested_in_a_block_answers_it() -> None:
    result = extract_html(_page(_thread(nested=True)), URL)
    assert [(c.author, c.parent_position) for c in result.comments] == [
        ("Maria Lopez", None),
        ("Joe Public", 0),
        ("Tom Hale", None),
        ("Ann Wu", None),
    ]


def test_signed_dated_blocks_without_a_thread_mark_are_no_thread() -> None:
    """Three blocks of a name, a date and a paragraph after the article are as often events,
    testimonials or bio boxes: without a mark only threads carry, no rows."""
    assert extract_html(_page(_thread()), URL).comments == []


@pytest.mark.parametrize(
    "page",
    [
        pytest.param(_page(_thread(anchor="c", form=True), article="") + "", id="no article before the run"),
        pytest.param(
            _page(f"<aside>{_thread(anchor='c')}</aside>"),
            id="in an aside",
        ),
        pytest.param(_page(f'<div class="sidebar">{_thread(anchor="c")}</div>'), id="in a sidebar"),
    ],
)
def test_a_marked_run_outside_the_place_of_a_thread_is_none(page: str) -> None:
    assert extract_html(page.replace("<h1>", "<h1>").replace(ARTICLE, ARTICLE), URL).comments == []


def test_a_comment_softwares_short_date_is_a_date_line() -> None:
    assert only_a_date("03/06/12 @ 02:13")
    assert only_a_date("March 6, 2012 @ 2:13 pm")
    assert not only_a_date("Version 2.1")


def test_a_date_element_may_carry_one_word_beside_the_date() -> None:
    """Hacker News's "on Mar 6, 2012" and LiveJournal's "... 02:13:17 UTC" link the comment's
    permalink: a date, not a teaser's headline; a headline with a date in it is still one."""
    assert date_element_text("on Mar 6, 2012")
    assert date_element_text("March 6 2012, 02:13:17 UTC")
    assert not date_element_text("Flu season peaks early, March 6, 2012")
    assert not date_element_text("Ten ways to sleep better in spring")


@pytest.mark.parametrize("name", ["b2evolution", "Serendipity", "Hacker News", "LiveJournal"])
def test_bylined_threads_are_read_whole_under_opaque_names(name: str) -> None:
    """b2evolution (its "03/06/12 @ 02:13" dates), Serendipity (its "Comments" and "Add
    Comment" title lines around the run, "#1 NAME (Homepage) on DATE (Reply)"), Hacker News and
    LiveJournal (no heading; dates with a word beside them, linking the permalink; replies by
    indent and margin) with every class and id hashed: the same rows as the named markup gives,
    authors and parents too."""
    html = next(s.html for s in SYSTEMS if s.name.split(" (")[0] == name)
    reference = B.extract(html, URL)
    assert len(reference.rows) >= 3
    perturbed = B.extract(P.hash_classes(html, [P.Reference(r.text, r.author) for r in reference.rows]), URL)
    assert perturbed.rows == reference.rows


@pytest.mark.parametrize("system", [BLOGS_2012.THEMATIC, BLOGS_2012.WOOTHEMES], ids=["Thematic", "WooThemes Canvas"])
def test_a_themes_labelled_date_line_under_opaque_names(system: System) -> None:
    """Thematic's "Posted DATE | Permalink" line (a div, no date class) and Canvas's name, date
    and "#" glued into one header line, under a heading that counts the comments, with every
    class and id hashed: the same rows as the named markup gives, the reply nested in the first
    comment included (it is a comment's shape, not a signed post: its date line has labels)."""
    html = system.html
    reference = B.extract(html, URL)
    assert len(reference.rows) == 3
    perturbed = B.extract(P.hash_classes(html, [P.Reference(r.text, r.author) for r in reference.rows]), URL)
    assert perturbed.rows == reference.rows


def test_a_date_line_may_carry_a_themes_labels() -> None:
    """Two label words around a date are a theme's date line; a headline with a date is not."""
    assert labelled_date("Posted March 6, 2012 at 2:13 am | Permalink")
    assert labelled_date("on March 6, 2012 at 2:13 am said:")
    assert not labelled_date("Walking after meals lowers blood sugar, March 6, 2012")
    assert not labelled_date("Maria Lopez")


def test_two_comments_and_a_reply_nested_in_one_are_a_thread() -> None:
    """Two signed, dated blocks and a reply nested in the first, a reply control in each, every
    class hashed: three comments, the reply threaded (a run of three was asked before)."""
    reply = _block(14, "Joe Public", REPLY, control='<a class="_b1" href="#respond">Reply</a>')
    blocks = [
        _block(i + 11, n, t, control='<a class="_b1" href="#respond">Reply</a>', inner=reply if i == 0 else "")
        for i, (n, t) in enumerate(zip(NAMES[:2], TEXTS[:2], strict=True))
    ]
    result = extract_html(_page(f'<div class="_t5r1b">{"".join(blocks)}</div>'), URL)
    assert [(c.author, c.parent_position) for c in result.comments] == [
        ("Maria Lopez", None),
        ("Joe Public", 0),
        ("Tom Hale", None),
    ]


def test_two_signed_blocks_with_reply_controls_and_no_reply_are_no_thread() -> None:
    blocks = [
        _block(i + 11, n, t, control='<a class="_b1" href="#respond">Reply</a>')
        for i, (n, t) in enumerate(zip(NAMES[:2], TEXTS[:2], strict=True))
    ]
    assert extract_html(_page(f'<div class="_t5r1b">{"".join(blocks)}</div>'), URL).comments == []


@pytest.mark.parametrize(
    "system",
    [BLOGS_2012.PLONE, BLOGS_2012.ELEGANT_THEMES, BLOGS_2012.COMMENT_RATING],
    ids=["Plone 4", "Elegant", "Rating"],
)
def test_moderation_forms_glued_names_and_two_comment_threads_under_opaque_names(system: System) -> None:
    """Plone 4's comments each hold a "Delete" form of buttons (a control, no form one writes
    into), Elegant Themes glues the name's element to "on DATE said:" ("Tom Haleon ..."), and
    Elegant's and the rating plugin's threads are two comments, one answered: with every class
    and id hashed, the same rows as the named markup gives."""
    reference = B.extract(system.html, URL)
    perturbed = B.extract(P.hash_classes(system.html, [P.Reference(r.text, r.author) for r in reference.rows]), URL)
    assert perturbed.rows == reference.rows


@pytest.mark.parametrize("name", ["Livefyre", "Reddit old"])
def test_a_time_ago_dates_a_comments_header_under_opaque_names(name: str) -> None:
    """Livefyre's and old Reddit's "12 years ago" (the date in the element's title) is the
    header's date: with every class and id hashed, the same rows as the named markup gives."""
    html = next(s.html for s in SYSTEMS if s.name.split(",")[0].split(" (")[0] == name)
    reference = B.extract(html, URL)
    perturbed = B.extract(P.hash_classes(html, [P.Reference(r.text, r.author) for r in reference.rows]), URL)
    assert perturbed.rows == reference.rows


def test_a_commenters_town_after_the_name_is_no_part_of_it() -> None:
    """A newspaper's "<span>Maria Lopez</span> <span>Boston</span>" over the date, its classes
    hashed but the comments' ids kept (a new theme): the author is the name, and the header
    line is no part of the message."""
    html = BLOGS_2012.READERS_COMMENTS.html
    reference = B.extract(html, URL)
    perturbed = B.extract(P.theme_classes(html, [P.Reference(r.text, r.author) for r in reference.rows]), URL)
    assert [r.author for r in perturbed.rows] == ["Maria Lopez", "Tom Hale", "Ann Wu"]
    assert perturbed.rows == reference.rows


def test_a_reply_in_a_wrapper_of_its_own_answers_only_the_comment_it_names() -> None:
    """Movable Type 4/5 wraps each comment in ``div#comment-N > div.inner``; a reply's byline
    ("NAME replied to comment from NAME") leaves it unsigned, so its wrapper stayed a comment
    around it and the next comment was threaded under the reply. With every class and id
    hashed: the reply answers the comment it names, the next comment nobody."""
    html = next(s.html for s in SYSTEMS if s.name.startswith("Movable Type 4/5"))
    reference = B.extract(html, URL)
    assert [r.parent for r in reference.rows] == [None, 0, None]
    perturbed = B.extract(P.hash_classes(html, [P.Reference(r.text, r.author) for r in reference.rows]), URL)
    assert perturbed.rows == reference.rows


def test_drupals_new_marker_and_submitted_line_under_an_unseen_template() -> None:
    """Drupal 7's core template under every perturbation at once (hashed names, lists and
    sectioning as divs, authors as plain text): the "new" marker beside a comment is no name (a
    UI label in every vocabulary: "new", "neu", "nouveau"), and its "Permalink Submitted by
    NAME on DATE" line is the comment's header, no reply nested in it."""
    html = next(s.html for s in SYSTEMS if s.name.startswith("Drupal 7 core"))
    reference = B.extract(html, URL)
    perturbed = B.extract(P.unseen_template(html, [P.Reference(r.text, r.author) for r in reference.rows]), URL)
    assert [r.author for r in perturbed.rows] == ["Maria Lopez", "Tom Hale", "Ann"]
    assert perturbed.rows == reference.rows


@pytest.mark.parametrize(("name", "shown"), [("Livefyre", "vor 12 Jahren"), ("Reddit old", "il y a 12 ans")])
def test_a_time_ago_in_another_language_dates_a_comments_header(name: str, shown: str) -> None:
    """A German or French theme's "vor 12 Jahren", "il y a 12 ans" (the vocabularies' time_ago
    forms, the date in the element's title) is the header's date as "12 years ago" is: with every
    class and id hashed, the same rows as the named markup gives."""
    html = next(s.html for s in SYSTEMS if s.name.split(",")[0].split(" (")[0] == name)
    html = html.replace("12 years ago", shown)
    reference = B.extract(html, URL)
    assert reference.rows
    perturbed = B.extract(P.hash_classes(html, [P.Reference(r.text, r.author) for r in reference.rows]), URL)
    assert perturbed.rows == reference.rows


def test_a_headers_permalink_is_no_message_when_lists_are_divs() -> None:
    """WooThemes Canvas in an unseen template (hashed names, its lists written as divs, names as
    plain text): each comment's header line, a name, a date and a "#" permalink, is a block of
    the comments' tag. The "#" left once the name and date are set aside is no message, so the
    header is no reply of its own that takes the comment's name from its text."""
    html = BLOGS_2012.WOOTHEMES.html
    reference = B.extract(html, URL)
    perturbed = B.extract(P.unseen_template(html, [P.Reference(r.text, r.author) for r in reference.rows]), URL)
    assert [(r.author, r.text) for r in perturbed.rows] == [(r.author, r.text) for r in reference.rows]


@pytest.mark.parametrize("perturbation", ["hash-classes", "unseen-template"])
def test_a_numbered_at_date_name_wrote_line_signs_a_comment_under_opaque_names(perturbation: str) -> None:
    """A broadcaster's blog comments of 2012: "1. At 14:13 6th Mar 2012, NAME wrote:" over the
    message, "Complain about this comment (Comment number 1)" under it. With every class hashed
    the numbered line is the header that signs the comment (a mail's unnumbered "At DATE, NAME
    wrote:" over a quote stays a quote's attribution), and the control's link is no teaser's
    headline: the same rows as the named markup gives."""
    html = BLOGS_2012.BROADCASTER_DNA.html
    reference = B.extract(html, URL)
    references = [P.Reference(r.text, r.author) for r in reference.rows]
    perturbed = B.extract(P.COMMENT_PERTURBATIONS[perturbation](html, references), URL)
    assert [(r.author, r.text) for r in perturbed.rows] == [(r.author, r.text) for r in reference.rows]


def test_a_reader_comment_by_line_signs_a_comment_under_opaque_names() -> None:
    """Squarespace 5's journal under an unseen template: "Reader Comment by NAME on DATE" under
    the message is the comment's byline ("Comment by", "Reply by" as "Posted by"), so the blocks
    under "Reader Comments (3)" are signed: the same rows as the named markup gives."""
    html = BLOGS_2012.SQUARESPACE_5.html
    reference = B.extract(html, URL)
    perturbed = B.extract(P.unseen_template(html, [P.Reference(r.text, r.author) for r in reference.rows]), URL)
    assert [(r.author, r.text) for r in perturbed.rows] == [(r.author, r.text) for r in reference.rows]


def test_a_later_h1_naming_the_comments_heads_a_thread_under_an_unseen_template() -> None:
    """Elegant Themes prints "3 Comments" as an ``<h1>`` after the article's own: under an unseen
    template (hashed names, lists as divs, names as plain text) the heading is all that names the
    thread; the page's first ``<h1>`` stays the article's title, never a thread's heading."""
    html = BLOGS_2012.ELEGANT_THEMES.html
    reference = B.extract(html, URL)
    perturbed = B.extract(P.unseen_template(html, [P.Reference(r.text, r.author) for r in reference.rows]), URL)
    assert [(r.author, r.text) for r in perturbed.rows] == [(r.author, r.text) for r in reference.rows]
