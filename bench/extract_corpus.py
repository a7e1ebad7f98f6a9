"""Corpora and scoring for ``bench/extract.py``: wcxb-dev and ScrapingHub, read as their READMEs say.

Pages are decoded as the project decodes any page (:func:`pipeline.page.decode_html`:
BOM, ``<meta>`` charset, UTF-8, detection). Scoring follows the corpora's READMEs:

* text: 4-token shingles, per-page TP/FP/FN shares, precision and recall averaged over pages,
  F1 their harmonic mean (:mod:`pipeline.qa.scoring`); forum pages score the opening post and
  the comment rows joined in order, as the gold text holds the whole thread;
* snippets: ``with`` sentences found and ``without`` sentences leaked, after NFKC, lower case and
  whitespace squeezed, pooled over pages;
* metadata: title equal after that normalisation; author right when one extracted name equals
  one gold name (titles and credentials dropped); date right when equal to ``publish_date``.

The holdout (every HOLDOUT_EVERY-th wcxb page in sorted id order) is scored but never listed
page by page: tune on the rest.
"""

from __future__ import annotations

import gzip
import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.page import decode_html
from pipeline.qa.scoring import benchmark_prf, shingle_counts

# Every 5th page (ids in sorted order, positions 4, 9, 14...) is the holdout: ~100 pages, enough
# for a figure that moves by a few hundredths, few enough to leave most pages to tune on.
HOLDOUT_EVERY = 5
# The corpus README's catastrophic page: one tool under 0.5 where the other reaches 0.8.
CATASTROPHIC_BELOW = 0.5
CATASTROPHIC_OTHER_AT_LEAST = 0.8

# Words that are not part of a name for the author comparison: honorifics and credentials.
_NOT_NAME = frozenset(
    "dr dr. prof mr mrs ms mx md m.d rd rdn ld ldn phd ph.d do rn bsn msn np aprn pa pa-c pharmd mph mba msc ma ms "
    "bsc ba facp facs faap cde cdces cscs cpt lcsw lmft lpc psyd dnp dds dmd jr sr ii iii iv".split()
)
_NAME_SPLIT = re.compile(r"\s*(?:;|,|&|\band\b|\bund\b|\by\b|\bet\b|\|)\s*", re.IGNORECASE)


@dataclass(slots=True)
class Page:
    """One benchmark page: decoded HTML and its gold data."""

    id: str
    url: str
    html: str
    text: str
    page_type: str = "article"
    split: str = "tune"
    tags: list[str] = field(default_factory=list)  # wcxb's topics (health, nutrition...), lower case
    with_: list[str] = field(default_factory=list)
    without: list[str] = field(default_factory=list)
    title: str | None = None
    author: str | None = None
    date: str | None = None


@dataclass(slots=True)
class Output:
    """What one extractor returned for a page (empty text when it failed)."""

    text: str = ""
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    date: str | None = None
    error: str | None = None
    seconds: float = 0.0
    decision: str = ""  # ours: how the text was decided (the extractor used, or "baseline kept")


def decode(raw: bytes) -> str:
    return decode_html(raw)[0]


def load_wcxb(path: Path) -> list[Page]:
    pages = []
    files = sorted((path / "ground-truth").glob("*.json"))
    for index, gold_file in enumerate(files):
        record = json.loads(gold_file.read_text(encoding="utf-8"))
        gold = record["ground_truth"]
        page_id = gold_file.stem
        raw = gzip.decompress((path / "html" / f"{page_id}.html.gz").read_bytes())
        pages.append(
            Page(
                id=page_id,
                url=record.get("url", ""),
                html=decode(raw),
                text=gold.get("main_content") or "",
                page_type=record.get("_internal", {}).get("page_type", {}).get("primary", "unknown"),
                split="holdout" if index % HOLDOUT_EVERY == HOLDOUT_EVERY - 1 else "tune",
                tags=[str(t).lower() for t in record.get("_internal", {}).get("page_type", {}).get("tags") or []],
                with_=list(gold.get("with") or []),
                without=list(gold.get("without") or []),
                title=gold.get("title"),
                author=gold.get("author"),
                date=gold.get("publish_date"),
            )
        )
    return pages


def load_scrapinghub(path: Path) -> list[Page]:
    truth = json.loads((path / "ground-truth.json").read_text(encoding="utf-8"))
    return [
        Page(
            id=page_id,
            url=truth[page_id].get("url", ""),
            html=decode(gzip.decompress((path / "html" / f"{page_id}.html.gz").read_bytes())),
            text=truth[page_id]["articleBody"],
        )
        for page_id in sorted(truth)
    ]


def normal(text: str | None) -> str:
    """The README's snippet and title normalisation: NFKC, lower case, whitespace squeezed."""
    return " ".join(unicodedata.normalize("NFKC", text or "").lower().split())


def names(value: str | list[str] | None) -> set[str]:
    """Normalised person names of an author field, honorifics and credentials dropped."""
    pieces = value if isinstance(value, list) else _NAME_SPLIT.split(value or "")
    result = set()
    for piece in pieces:
        for part in _NAME_SPLIT.split(piece):
            words = [w for w in normal(part).replace(",", " ").split() if w.strip(".") not in _NOT_NAME]
            if words:
                result.add(" ".join(words))
    return result


@dataclass(slots=True)
class Score:
    """One extractor's scores on one page."""

    tp: float
    fp: float
    fn: float
    precision: float
    recall: float
    f1: float
    with_found: int
    without_leaked: int
    title: bool | None
    author: bool | None
    date: bool | None
    empty: bool
    seconds: float

    def as_dict(self) -> dict[str, object]:
        return {name: getattr(self, name) for name in self.__slots__}


def score(page: Page, output: Output) -> Score:
    counts = shingle_counts(output.text, page.text)
    precision, recall, f1 = benchmark_prf([counts])
    text = normal(output.text)
    return Score(
        *counts,
        precision,
        recall,
        f1,
        with_found=sum(1 for s in page.with_ if normal(s) in text),
        without_leaked=sum(1 for s in page.without if normal(s) in text),
        title=None if not page.title else normal(page.title) == normal(output.title),
        author=None if not page.author else bool(names(page.author) & names(output.authors)),
        date=None if not page.date else page.date == output.date,
        empty=not output.text.strip(),
        seconds=output.seconds,
    )


def summary(pages: list[Page], scores: list[Score]) -> dict[str, float | int | str]:
    """Totals over a set of pages: text P/R/F1, snippet shares, metadata right, empty outputs."""
    if not scores:
        return {"pages": 0}
    precision, recall, f1 = benchmark_prf([(s.tp, s.fp, s.fn) for s in scores])
    with_total = sum(len(p.with_) for p in pages)
    without_total = sum(len(p.without) for p in pages)

    def right(name: str) -> str:
        known = [getattr(s, name) for s in scores if getattr(s, name) is not None]
        return f"{sum(known)}/{len(known)}"

    return {
        "pages": len(scores),
        "f1": f1,
        "precision": precision,
        "recall": recall,
        "with": sum(s.with_found for s in scores) / with_total if with_total else 1.0,
        "without": sum(s.without_leaked for s in scores) / without_total if without_total else 0.0,
        "title": right("title"),
        "author": right("author"),
        "date": right("date"),
        "empty": sum(s.empty for s in scores),
        "seconds": sum(s.seconds for s in scores),
    }


def catastrophic(ours: list[Score], other: list[Score], ids: list[str]) -> list[str]:
    """Ids where ``ours`` is under 0.5 while ``other`` reaches 0.8 on the same page."""
    return [
        page_id
        for page_id, a, b in zip(ids, ours, other, strict=True)
        if a.f1 < CATASTROPHIC_BELOW and b.f1 >= CATASTROPHIC_OTHER_AT_LEAST
    ]
