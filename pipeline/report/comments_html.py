"""The QA report's comments table: each expected comment above the extracted one matched to it.

Author, date and reply-to are judged as the scorer judges them (``pipeline.qa.scoring``), so a
cell marked ``mismatch`` here is exactly a point lost in the totals. Expected comments are
numbered #1, #2, ... and an extracted comment's parent is shown by the expected number it
matched, so "reply to #1" on both rows means the thread is right. The texts of a matched pair
are compared word by word as the article text is: words the extracted comment lacks are marked
missing on the expected row, words it adds (a quoted title, a "Reply" link) extra on its own row.
"""

from __future__ import annotations

from pipeline.qa.fixtures import Fixture
from pipeline.qa.scoring import PageScore, field_right
from pipeline.records import Comment, Extraction
from pipeline.report.highlight import align, render
from pipeline.report.html import esc, show

HEADERS = ("#", "", "author", "date", "parent", "text")


def _date(comment: Comment) -> str | None:
    return comment.posted_date.isoformat() if comment.posted_date else None


def _cell(html: str, ok: bool, field: str) -> str:
    """A cell named by its field (author, date, parent); marked as a mismatch when not ok."""
    return f'<td class="{field}{"" if ok else " mismatch"}">{html}</td>'


def _parent_label(position: int | None, to_expected: dict[int, int]) -> str:
    if position is None:
        return show(None)
    if position in to_expected:
        return f"#{to_expected[position] + 1}"
    return f"extracted {position} (unmatched)"


def _texts(expected: str, extracted: str) -> tuple[str, str]:
    """Both comment texts as HTML, with missing and extra words marked."""
    missing, extra = align([expected], extracted, [])
    return render(expected, missing[0]), render(extracted, extra)


def comments_table(fixture: Fixture, extraction: Extraction | None, score: PageScore) -> str:
    """Expected against extracted comments; one ``<tbody class="comment">`` per expected comment."""
    extracted = dict(enumerate(extraction.comments if extraction else []))
    # the scorer pairs expected indexes with indexes into extraction.comments and compares those
    # with parent_position (a comment's position is its index in the list)
    pairs = {index: pos for index, pos in score.comment_pairs if pos is not None and pos in extracted}
    to_expected = {pos: index for index, pos in pairs.items()}
    head = "".join(f"<th>{esc(h)}</th>" for h in HEADERS)
    bodies = []
    for index, expected in enumerate(fixture.comments):
        reply_to = f"#{expected.parent_position + 1}" if expected.parent_position is not None else show(None)
        position = pairs.get(index)
        comment = extracted[position] if position is not None else None
        expected_text, got_text = _texts(expected.text, comment.text) if comment else (esc(expected.text), "")
        expected_row = (
            f'<tr class="expected"><td rowspan="2">#{index + 1}</td><td>expected</td>'
            f'<td class="author">{show(expected.author)}</td><td class="date">{show(expected.posted_date)}</td>'
            f'<td class="parent">{reply_to}</td><td class="wrap ctext">{expected_text}</td></tr>'
        )
        if comment is None:
            got_row = '<tr class="extracted mismatch"><td>extracted</td><td colspan="4"><b>not found</b></td></tr>'
            bodies.append(f'<tbody class="comment unmatched">{expected_row}{got_row}</tbody>')
            continue
        author_ok = field_right("author", expected.author, comment.author)
        date_ok = field_right("posted_date", expected.posted_date, _date(comment))
        want_parent = pairs.get(expected.parent_position) if expected.parent_position is not None else None
        found_parent = expected.parent_position is None or want_parent is not None
        parent_ok = want_parent == comment.parent_position and found_parent
        got_row = (
            '<tr class="extracted"><td>extracted</td>'
            + _cell(show(comment.author), author_ok, "author")
            + _cell(show(_date(comment)), date_ok, "date")
            + _cell(_parent_label(comment.parent_position, to_expected), parent_ok, "parent")
            + f'<td class="wrap ctext">{got_text}</td></tr>'
        )
        cls = "comment" if author_ok and date_ok and parent_ok else "comment wrong"
        bodies.append(f'<tbody class="{cls}">{expected_row}{got_row}</tbody>')
    matched = set(pairs.values())
    for position, comment in extracted.items():
        if position in matched:
            continue
        bodies.append(
            '<tbody class="comment extra"><tr class="extracted mismatch"><td>—</td><td>extracted only</td>'
            f'<td class="author">{show(comment.author)}</td><td class="date">{show(_date(comment))}</td>'
            f'<td class="parent">{_parent_label(comment.parent_position, to_expected)}</td>'
            f'<td class="wrap">{esc(comment.text)}</td></tr></tbody>'
        )
    if not bodies:
        return '<p class="muted">No comments expected, none extracted.</p>'
    return f'<table class="comments"><thead><tr>{head}</tr></thead>{"".join(bodies)}</table>'
