"""``pipeline qa --report FILE.html``: extraction against the fixture pages, as one HTML file.

Top: the gate (pass or fail, with the thresholds) and the summary scores; then a table with a
row per fixture page; then per page: expected and extracted text side by side (missing text,
extra text and leaked boilerplate highlighted), the metadata table and the comments table.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.extract.rules import KEEP_RULES
from pipeline.qa.fixtures import Fixture
from pipeline.qa.gate import THRESHOLD_KEYS
from pipeline.qa.runner import QaResult
from pipeline.qa.scoring import PageScore, Totals
from pipeline.records import Extraction
from pipeline.report.comments_html import comments_table
from pipeline.report.highlight import align, leak_spans, render, render_lines
from pipeline.report.html import Row, anchor, card, esc, page, pct, show, table, write_html

# (metric in Totals, label, shown as a share of 100 %?)
SUMMARY = (
    ("f1", "Text F1", False),
    ("precision", "Text precision", False),
    ("recall", "Text recall", False),
    ("leak_rate", "Boilerplate leaked", True),
    ("metadata_accuracy", "Metadata right", True),
    ("comment_recall", "Comments found", True),
    ("comment_precision", "Comment precision", True),
    ("comment_author_accuracy", "Comment authors right", True),
    ("comment_date_accuracy", "Comment dates right", True),
    ("comment_parent_accuracy", "Comment reply-to right", True),
    ("errors", "Extraction errors", False),
)
PERCENT = {metric for metric, _, is_pct in SUMMARY if is_pct}


def _fmt(metric: str, value: float) -> str:
    if metric == "errors":
        return str(int(value))
    return pct(value) if metric in PERCENT else f"{value:.3f}"


def _limits(thresholds: dict[str, float]) -> dict[str, tuple[str, float]]:
    """metric -> ("min" | "max", limit) for the thresholds the gate uses."""
    return {THRESHOLD_KEYS[k][0]: (THRESHOLD_KEYS[k][1], v) for k, v in thresholds.items() if k in THRESHOLD_KEYS}


def _gate(failures: list[str]) -> str:
    if not failures:
        return '<p id="gate">Quality gate: <span class="badge pass">PASS</span></p>'
    items = "".join(f"<li>{esc(f)}</li>" for f in failures)
    return (
        '<div id="gate"><p>Quality gate: <span class="badge fail">FAIL</span></p>'
        f'<ul class="failures">{items}</ul></div>'
    )


def _summary(totals: Totals, limits: dict[str, tuple[str, float]]) -> str:
    values = totals.as_dict()
    cards = []
    for metric, label, _ in SUMMARY:
        value = float(values[metric])
        limit_text, state = "", ""
        if metric in limits:
            kind, limit = limits[metric]
            ok = value >= limit if kind == "min" else value <= limit
            limit_text = f"gate: {'≥' if kind == 'min' else '≤'} {_fmt(metric, limit)}"
            state = "pass" if ok else "fail"
        cards.append(card(label, esc(_fmt(metric, value)), limit_text, state, ident=f"total-{metric}"))
    return f'<div class="cards" id="totals">{"".join(cards)}</div>'


def _cell(text: str, bad: bool) -> str:
    return f'<span class="{"bad" if bad else "good"}">{esc(text)}</span>'


def _of(right: int, total: int) -> str:
    """``right/total``, red when short; a muted dash when there was nothing to get right."""
    return _cell(f"{right}/{total}", right < total) if total else '<span class="none">—</span>'


def _pages_table(scores: list[PageScore], limits: dict[str, tuple[str, float]]) -> str:
    min_f1 = limits.get("f1", ("min", 0.0))[1]
    any_error = any(s.error for s in scores)
    rows: list[Row] = []
    for s in scores:
        problems = bool(
            s.error
            or s.leaked
            or s.f1 < min_f1
            or s.fields_right < len(s.fields)
            or s.comments_matched < s.comments_expected
            or s.comments_extracted > s.comments_matched
            or min(s.comment_authors_right, s.comment_dates_right, s.comment_parents_right) < s.comments_matched
        )
        extracted = s.comments_extracted
        cells = [
            f'<a href="#{anchor("page", s.name)}">{esc(s.name)}</a>',
            f"{s.precision:.3f}",
            f"{s.recall:.3f}",
            _cell(f"{s.f1:.3f}", s.f1 < min_f1),
            _cell(f"{len(s.leaked)}/{s.snippets}", bool(s.leaked)) if s.snippets else _of(0, 0),
            _of(s.fields_right, len(s.fields)),
            _of(s.comments_matched, s.comments_expected),
            _cell(str(extracted), extracted > s.comments_matched) if extracted or s.comments_expected else _of(0, 0),
            _of(s.comment_authors_right, s.comments_expected),
            _of(s.comment_dates_right, s.comments_expected),
            _of(s.comment_parents_right, s.comments_expected),
        ]
        if any_error:
            cells.append(esc(s.error or ""))
        rows.append(Row(cells, "page-row problem" if problems else "page-row"))
    headers = [
        "page",
        "P",
        "R",
        "F1",
        "leaked",
        "metadata",
        "comments found",
        "extracted",
        "authors",
        "dates",
        "reply-to",
    ]
    if any_error:
        headers.append("error")
    return table(headers, rows, cls="pages", numeric=range(1, 11))


def _texts(fixture: Fixture, score: PageScore) -> str:
    extracted = score.extracted_text
    missing_spans, extra_spans = align(fixture.paragraphs, extracted, score.missing_paragraphs)
    missing_set = set(score.missing_paragraphs)
    expected_html = "".join(
        f'<p class="{"para-missing" if p in missing_set else "para"}">{render(p, spans)}</p>'
        for p, spans in zip(fixture.paragraphs, missing_spans, strict=True)
    )
    spans = extra_spans + leak_spans(extracted, score.leaked)
    extracted_html = "".join(f"<p>{line}</p>" for line in render_lines(extracted, spans))
    if not extracted_html:
        extracted_html = '<p class="none">(no text extracted)</p>'
    return (
        '<div class="cols">'
        f"<div><h3>Expected ({len(fixture.paragraphs)} paragraphs, {len(missing_set)} not found whole)</h3>"
        f'<div class="text expected">{expected_html}</div></div>'
        f'<div><h3>Extracted</h3><div class="text extracted">{extracted_html}</div></div></div>'
    )


def _metadata(score: PageScore) -> str:
    rows = [
        Row([esc(name), show(expected), show(actual), "right" if ok else "<b>wrong</b>"], "" if ok else "mismatch")
        for name, (expected, actual, ok) in score.fields.items()
    ]
    return table(["field", "expected", "extracted", "result"], rows, cls="metadata")


def _page_section(fixture: Fixture, extraction: Extraction | None, score: PageScore) -> str:
    parts = [
        f'<section class="page" id="{anchor("page", fixture.name)}"><h2>{esc(fixture.name)}</h2>',
        f'<p class="meta"><a href="{esc(fixture.url)}">{esc(fixture.url)}</a> · F1 {score.f1:.3f} '
        f"(P {score.precision:.3f}, R {score.recall:.3f})"
        + (f" · extractor {esc(extraction.extractor_used)}" if extraction else "")
        + ' · <a class="noprint" href="#top">back to top</a></p>',
    ]
    if score.error:
        parts.append(f'<p class="error">Extraction failed: {esc(score.error)}</p>')
    if score.leaked:
        leaked = "".join(f'<li><code class="leak-snippet">{esc(s)}</code></li>' for s in score.leaked)
        parts.append(f'<div class="leaks"><b>Boilerplate leaked into the text:</b><ul>{leaked}</ul></div>')
    if extraction and extraction.warnings:
        parts.append(f'<p class="muted">Warnings: {esc("; ".join(extraction.warnings))}</p>')
    parts.append(_texts(fixture, score))
    parts.append("<h3>Metadata</h3>" + _metadata(score))
    parts.append(
        f"<h3>Comments ({score.comments_matched} of {score.comments_expected} found, "
        f"{score.comments_extracted} extracted)</h3>" + comments_table(fixture, extraction, score)
    )
    if extraction is not None:
        parts.append(_trace(extraction))
    parts.append("</section>")
    return "\n".join(parts)


def _trace(extraction: Extraction) -> str:
    """What each named rule removed, kept (:data:`KEEP_RULES`) or took (a comment finder), and the
    arbitration's verdict."""
    verdict = next((w for w in extraction.warnings if w.startswith("baseline kept")), None)
    verdict = verdict or f"the candidate stood ({extraction.extractor_used})"
    rows = [[esc(step.rule), f"<code>{esc(step.path)}</code>", str(step.chars)] for step in extraction.trace]
    kept = sum(step.chars for step in extraction.trace if step.rule in KEEP_RULES)
    removed = sum(step.chars for step in extraction.trace) - kept
    return (
        f'<details class="trace"><summary>Rule trace: {len(rows)} steps, {removed} characters'
        + (f" ({kept} kept)" if kept else "")
        + f"; arbitration: {esc(verdict)}</summary>"
        + (
            table(["rule", "element", "characters"], rows, cls="trace", numeric=[2])
            if rows
            else "<p>No rule removed anything.</p>"
        )
        + "</details>"
    )


LEGEND = (
    '<p class="legend muted"><span><del class="missing">missing</del> expected words the extraction lacks</span>'
    '<span><ins class="extra">extra</ins> extracted words not expected</span>'
    '<span><mark class="leak">leak</mark> must-not-contain boilerplate found in the text</span>'
    '<span><span class="mismatch">&nbsp;mismatch&nbsp;</span> metadata or comment field wrong</span></p>'
)


def render_qa_report(result: QaResult, thresholds: dict[str, float], failures: list[str]) -> str:
    """The whole QA report as an HTML string."""
    limits = _limits(thresholds)
    body = [
        _gate(failures),
        _summary(result.totals, limits),
        f"<h2>Pages ({len(result.scores)})</h2>",
        _pages_table(result.scores, limits),
        LEGEND,
    ]
    for fixture, extraction, score in zip(result.fixtures, result.extractions, result.scores, strict=True):
        body.append(_page_section(fixture, extraction, score))
    subtitle = f"{result.totals.pages} fixture pages"
    return page("Extraction QA report", "\n".join(body), subtitle)


def write_qa_report(result: QaResult, path: Path, thresholds: dict[str, float], failures: list[str]) -> Path:
    """Write the QA report (called by ``pipeline qa --report``); returns the path written."""
    return write_html(path, render_qa_report(result, thresholds, failures))
