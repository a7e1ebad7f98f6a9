"""Run the extractor over every fixture and collect the scores (shared by the CLI and reports)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipeline.extract import extract_html
from pipeline.extract.sites import load_site_rules
from pipeline.page import decode_html
from pipeline.qa.fixtures import Fixture, load_fixtures
from pipeline.qa.scoring import PageScore, Totals, score_page, totals
from pipeline.records import Extraction


@dataclass
class QaResult:
    fixtures: list[Fixture]
    extractions: list[Extraction | None]
    scores: list[PageScore]
    totals: Totals

    def table(self) -> str:
        header = f"{'page':<46} {'P':>5} {'R':>5} {'F1':>5} {'leak':>5} {'meta':>5} {'cmts':>6} {'auth':>5} {'par':>5}"
        lines = [header, "-" * len(header)]
        for s in self.scores:
            comments = f"{s.comments_matched}/{s.comments_expected}"
            lines.append(
                f"{s.name[:46]:<46} {s.precision:5.2f} {s.recall:5.2f} {s.f1:5.2f} {len(s.leaked):>2}/{s.snippets:<2} "
                f"{s.fields_right}/{len(s.fields)} {comments:>6} {s.comment_authors_right:>5} "
                f"{s.comment_parents_right:>5}" + (f"  ERROR {s.error}" if s.error else "")
            )
        t = self.totals
        lines.append("-" * len(header))
        lines.extend(self.problems())
        if len(lines) > len(self.scores) + 3:
            lines.append("-" * len(header))
        lines.append(
            f"{t.pages} pages: text P {t.precision:.3f} R {t.recall:.3f} F1 {t.f1:.3f}; leaked {t.leak_rate:.1%} of "
            f"snippets; metadata {t.metadata_accuracy:.1%} right; comments found {t.comment_recall:.1%} "
            f"(precision {t.comment_precision:.1%}), author {t.comment_author_accuracy:.1%}, "
            f"date {t.comment_date_accuracy:.1%}, parent {t.comment_parent_accuracy:.1%}"
        )
        return "\n".join(lines)

    def problems(self) -> list[str]:
        """One line per leaked snippet and per wrong field, naming it (what the table only counts)."""
        lines: list[str] = []
        for s in self.scores:
            lines.extend(f"{s.name}: leaked {_clip(snippet)!r}" for snippet in s.leaked)
            for name, (expected, actual, ok) in s.fields.items():
                if not ok:
                    lines.append(f"{s.name}: {name} wrong: expected {_clip(expected)!r}, got {_clip(actual)!r}")
        return lines


# Long values are cut in the problem lines so one line stays readable in a terminal.
PROBLEM_VALUE_CHARS = 80


def _clip(value: object) -> object:
    if isinstance(value, str) and len(value) > PROBLEM_VALUE_CHARS:
        return value[: PROBLEM_VALUE_CHARS - 1] + "…"
    return value


def run_qa(directory: str | Path, explain: bool = False) -> QaResult:
    """Score every fixture; with ``explain`` each extraction keeps its rule trace (for reports)."""
    fixtures = load_fixtures(directory)
    rules = load_site_rules()
    extractions: list[Extraction | None] = []
    scores: list[PageScore] = []
    for fixture in fixtures:
        html, _ = decode_html(fixture.html_bytes())
        try:
            extraction: Extraction | None = extract_html(html, fixture.url, site_rules=rules, explain=explain)
            error = None
        except Exception as exc:
            extraction, error = None, f"{type(exc).__name__}: {exc}"
        extractions.append(extraction)
        scores.append(score_page(fixture, extraction, error))
    return QaResult(fixtures, extractions, scores, totals(scores))
