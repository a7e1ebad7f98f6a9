"""Scores for one extraction against its fixture, and their totals.

* text: precision / recall / F1 over word tokens (``\\w+``, case-folded, as multisets);
* boilerplate: how many must-not-contain snippets appear in the article text;
* metadata: fields right (lists compared as sets of case-folded names, dates as YYYY-MM-DD,
  references as the ordered list of their identifiers);
* comments: expected comments matched to extracted ones by text (token F1 at least
  COMMENT_MATCH_F1), then author, date and reply-to checked on each matched pair.

Also the ScrapingHub benchmark's shingle score (used by ``bench/extract.py``).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from pipeline.qa.fixtures import Fixture
from pipeline.records import Extraction

_TOKEN = re.compile(r"\w+", re.UNICODE)
# Two comment texts are the same comment when their tokens overlap this much (F1): a little
# slack for a stray "Reply" or a signature the extractor kept, no slack for another comment.
COMMENT_MATCH_F1 = 0.8
_NAME_LISTS = ("authors", "editors", "reviewers")
_DATES = ("published", "modified", "last_reviewed", "next_review")


def tokens(text: str) -> list[str]:
    return [t.casefold() for t in _TOKEN.findall(text)]


def prf(predicted: list[str], truth: list[str]) -> tuple[float, float, float]:
    """Precision, recall and F1 of two token multisets (both empty counts as perfect)."""
    if not predicted and not truth:
        return 1.0, 1.0, 1.0
    overlap = sum((Counter(predicted) & Counter(truth)).values())
    precision = overlap / len(predicted) if predicted else 0.0
    recall = overlap / len(truth) if truth else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def field_value(extraction: Extraction, name: str) -> Any:
    """A field of the extraction as an expected file states it (dates as YYYY-MM-DD...)."""
    if name == "references":  # each source by its strongest identifier
        return [r.doi or r.pmid or r.pmcid or r.url or r.text for r in extraction.references]
    if name == "has_disclaimer":
        return extraction.metadata.disclaimer is not None
    value = getattr(extraction.metadata, name)
    if name in _DATES:
        return value.isoformat() if value else None
    return value


def field_right(name: str, expected: Any, actual: Any) -> bool:
    if name in _NAME_LISTS:
        return {_norm(x) for x in expected or []} == {_norm(x) for x in actual or []}
    if name == "references":
        return [_norm(x) for x in expected or []] == [_norm(x) for x in actual or []]
    if expected is None or actual is None:
        return expected is None and actual is None
    return _norm(str(expected)) == _norm(str(actual))


@dataclass
class PageScore:
    name: str
    precision: float = 0.0
    recall: float = 0.0
    f1: float = 0.0
    leaked: list[str] = field(default_factory=list)
    snippets: int = 0
    fields: dict[str, tuple[Any, Any, bool]] = field(default_factory=dict)
    comments_expected: int = 0
    comments_extracted: int = 0
    comments_matched: int = 0
    comment_authors_right: int = 0
    comment_dates_right: int = 0
    comment_parents_right: int = 0
    comment_pairs: list[tuple[int, int | None]] = field(default_factory=list)
    missing_paragraphs: list[str] = field(default_factory=list)
    error: str | None = None
    extracted_text: str = ""

    @property
    def fields_right(self) -> int:
        return sum(1 for _, _, ok in self.fields.values() if ok)


def score_page(fixture: Fixture, extraction: Extraction | None, error: str | None = None) -> PageScore:
    """One fixture page's figures. A page whose extraction failed (``extraction`` None) is scored,
    not left out: no text, every field wrong, so a failure lowers the averages the gate reads."""
    score = PageScore(
        name=fixture.name, snippets=len(fixture.must_not_contain), comments_expected=len(fixture.comments), error=error
    )
    truth_text = "\n".join(fixture.paragraphs)
    if extraction is None:
        score.fields = {n: (expected, None, False) for n, expected in fixture.fields.items()}
        score.missing_paragraphs = list(fixture.paragraphs)
        return score
    score.extracted_text = extraction.text
    score.precision, score.recall, score.f1 = prf(tokens(extraction.text), tokens(truth_text))
    text_norm = _norm(extraction.text)
    score.leaked = [s for s in fixture.must_not_contain if _norm(s) in text_norm]
    score.missing_paragraphs = [p for p in fixture.paragraphs if _norm(p) not in text_norm]
    for name, expected in fixture.fields.items():
        actual = field_value(extraction, name)
        score.fields[name] = (expected, actual, field_right(name, expected, actual))
    _score_comments(score, fixture, extraction)
    return score


def _score_comments(score: PageScore, fixture: Fixture, extraction: Extraction) -> None:
    extracted = extraction.comments
    score.comments_extracted = len(extracted)
    used: set[int] = set()
    pairs: dict[int, int] = {}
    for index, expected in enumerate(fixture.comments):
        best, best_f1 = None, 0.0
        for position, comment in enumerate(extracted):
            if position in used:
                continue
            f1 = prf(tokens(comment.text), tokens(expected.text))[2]
            if f1 > best_f1:
                best, best_f1 = position, f1
        if best is not None and best_f1 >= COMMENT_MATCH_F1:
            used.add(best)
            pairs[index] = best
        score.comment_pairs.append((index, pairs.get(index)))
    for index, position in pairs.items():
        expected, comment = fixture.comments[index], extracted[position]
        score.comments_matched += 1
        score.comment_authors_right += field_right("author", expected.author, comment.author)
        date = comment.posted_date.isoformat() if comment.posted_date else None
        score.comment_dates_right += field_right("posted_date", expected.posted_date, date)
        want_parent = pairs.get(expected.parent_position) if expected.parent_position is not None else None
        if expected.parent_position is not None and want_parent is None:
            continue  # the parent itself was not found: counted there
        score.comment_parents_right += want_parent == comment.parent_position


@dataclass
class Totals:
    pages: int
    precision: float
    recall: float
    f1: float
    leak_rate: float
    metadata_accuracy: float
    comment_recall: float
    comment_precision: float
    comment_author_accuracy: float
    comment_date_accuracy: float
    comment_parent_accuracy: float
    errors: int

    def as_dict(self) -> dict[str, float]:
        return dict(vars(self))


def totals(scores: list[PageScore]) -> Totals:
    """The figures the gate reads. Text precision and recall are averages over pages (a short page
    weighs as much as a long one) and F1 is theirs; comment authors, dates and parents are right
    out of the comments expected, so a comment not found is counted wrong there too."""
    n = max(len(scores), 1)
    precision = sum(s.precision for s in scores) / n
    recall = sum(s.recall for s in scores) / n
    snippets = sum(s.snippets for s in scores)
    fields = sum(len(s.fields) for s in scores)
    expected = sum(s.comments_expected for s in scores)
    extracted = sum(s.comments_extracted for s in scores)
    matched = sum(s.comments_matched for s in scores)
    return Totals(
        pages=len(scores),
        precision=precision,
        recall=recall,
        f1=2 * precision * recall / (precision + recall) if precision + recall else 0.0,
        leak_rate=sum(len(s.leaked) for s in scores) / snippets if snippets else 0.0,
        metadata_accuracy=sum(s.fields_right for s in scores) / fields if fields else 1.0,
        comment_recall=matched / expected if expected else 1.0,
        comment_precision=matched / extracted if extracted else 1.0,
        comment_author_accuracy=sum(s.comment_authors_right for s in scores) / expected if expected else 1.0,
        comment_date_accuracy=sum(s.comment_dates_right for s in scores) / expected if expected else 1.0,
        comment_parent_accuracy=sum(s.comment_parents_right for s in scores) / expected if expected else 1.0,
        errors=sum(1 for s in scores if s.error),
    )


# --- ScrapingHub article-extraction benchmark scoring --------------------------------------------
def shingles(text: str, size: int = 4) -> Counter[tuple[str, ...]]:
    words = _TOKEN.findall(text or "")
    if len(words) < size:
        return Counter([tuple(words)]) if words else Counter()
    return Counter(tuple(words[i : i + size]) for i in range(len(words) - size + 1))


def shingle_counts(predicted: str, truth: str) -> tuple[float, float, float]:
    """Per-page (tp, fp, fn) shares of the shingles, each page weighing the same."""
    pred, true = shingles(predicted), shingles(truth)
    tp = sum((pred & true).values())
    fp = sum((pred - true).values())
    fn = sum((true - pred).values())
    total = tp + fp + fn
    if total == 0:
        return 1.0, 0.0, 0.0
    return tp / total, fp / total, fn / total


def benchmark_prf(pages: list[tuple[float, float, float]]) -> tuple[float, float, float]:
    """Precision and recall averaged over pages, F1 their harmonic mean (the benchmark's rule)."""
    precisions, recalls = [], []
    for tp, fp, fn in pages:
        precisions.append(tp / (tp + fp) if tp + fp else (1.0 if fn == 0 else 0.0))
        recalls.append(tp / (tp + fn) if tp + fn else (1.0 if fp == 0 else 0.0))
    precision = sum(precisions) / len(precisions)
    recall = sum(recalls) / len(recalls)
    return precision, recall, 2 * precision * recall / (precision + recall) if precision + recall else 0.0
