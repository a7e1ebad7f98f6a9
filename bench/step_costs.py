"""What each step of the extract stage costs, and on how many pages it changed the output.

    .venv/bin/python bench/step_costs.py --scrapinghub PATH [--wcxb PATH] [--repeat 1]

Extracts every page (ScrapingHub's; wcxb-dev's tune pages, never the holdout) in-process with
``extract_html`` and the built-in site rules, ``process_time`` around each step it calls (and
around the comment finders and the metadata readers inside them). One pass, by default, is what a
``--workers 1`` run pays, first uses included (dateparser's first parse compiles its time-zone
and locale patterns: 0.13-0.26 s for the one date ScrapingHub's pages send it); with
``--repeat`` the fastest of the passes is kept, which leaves them out.
Per step it prints its CPU, its share of ``extract_html``'s, the pages it ran on and the pages
where its result reached the output (:data:`STEPS` says what that is for each: a finder that
found items, a baseline that won the arbitration, a reader that found a date); a step whose
every run shapes the output (the language, the metadata, the candidate's text) says "every".
The steps the trafilatura loop does not run and that change few pages are where a gate could
save CPU; a gate must be exact (``bench/extract_outputs.py --compare``: no page's output moves).

The wrappers replace pipeline functions by module and name, as the steps call them: a rename in
the pipeline fails ``tests/test_step_costs_bench.py`` instead of silently timing nothing.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import inspect
import io
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from extract_corpus import Page, load_scrapinghub, load_wcxb

from pipeline.errors import ExtractionError
from pipeline.extract import extract_html
from pipeline.extract.sites import load_site_rules

# The modules whose functions are wrapped, as the steps call them (by the names they imported).
E = importlib.import_module("pipeline.extract")
C = importlib.import_module("pipeline.extract.comments")
F = importlib.import_module("pipeline.extract.comment_finders")
M = importlib.import_module("pipeline.extract.metadata")
P = importlib.import_module("pipeline.extract.published")

Changed = Callable[[Any], bool] | None  # did this result reach the output? None: every run does


def _found(result: Any) -> bool:
    return bool(result)


# (row, module, function, changed). Rows named "a: b" run inside row "a".
STEPS: tuple[tuple[str, Any, str, Changed], ...] = (
    ("parse", E, "parse_html", None),
    ("language", E, "page_language", None),
    ("short-text hosts", E, "short_text_hosts", None),
    ("comments", E, "find_comments", lambda scan: bool(scan.comments)),  # comment rows
    ("comments: finding", C, "find_items_and_microdata", lambda found: bool(found[1])),  # a finder's items
    ("comments: named elements", F, "_named", None),  # the walk the finders share
    ("comments: microdata", F, "_microdata_items", _found),
    ("comments: class-items", F, "class_items", _found),
    ("comments: table-posts", F, "table_posts", _found),
    ("comments: split-items", F, "split_items", _found),
    ("comments: list-items", F, "list_items", _found),
    ("comments: posted-by-footers", F, "footer_items", _found),
    ("comments: says-blocks", F, "says_items", _found),
    ("comments: numbered-posts", F, "numbered_items", _found),
    ("comments: signed-siblings", F, "signed_siblings", _found),
    ("comments: area-siblings", F, "area_items", _found),
    ("comments: area paragraphs", F, "paragraph_items", _found),
    ("comments: headed-siblings", F, "headed_items", _found),
    ("comments: unheaded-siblings", F, "unheaded_items", _found),
    ("comments: user-card-posts", F, "user_card_items", _found),
    ("comments: mail-headers", F, "mail_header_items", _found),
    ("disclaimer words", E, "disclaimer_words", _found),  # the page's, read after the comments
    ("metadata", E, "extract_metadata", None),
    ("metadata: visible bylines", M, "VisibleBylines", None),
    ("metadata: published date", M, "published_date", None),
    ("metadata: htmldate", P, "_htmldate", lambda date: date is not None),  # a date found
    ("metadata: disclaimer", M, "find_disclaimer", _found),
    ("metadata: reviewedBy microdata", M, "_microdata_texts", _found),
    ("references", E, "find_references", _found),
    ("boilerplate", E, "remove_boilerplate", _found),  # elements removed
    ("candidate (trafilatura)", E, "article_text", None),
    ("page blocks", E, "page_blocks", _found),  # the page's blocks taken as its text
    ("baseline (trafilatura)", E, "baseline_text", None),  # whether it won: the next row
    ("arbitration", E, "arbitrate", lambda verdict: verdict.baseline_won),  # the baseline won
    ("recall fallbacks", E, "recall_text", None),
)


@dataclass(slots=True)
class Row:
    """One step over a corpus: CPU seconds, the pages it ran on, the pages it changed."""

    step: str
    seconds: float = 0.0
    pages: int = 0
    changed: int | None = 0  # None: every run shapes the output


@dataclass(slots=True)
class Tally:
    """CPU per step, and per step the pages it ran on and the pages it changed."""

    seconds: dict[str, float] = field(default_factory=dict)
    pages_ran: Counter[str] = field(default_factory=Counter)
    pages_changed: Counter[str] = field(default_factory=Counter)
    calls: Counter[str] = field(default_factory=Counter)
    ran: set[str] = field(default_factory=set)  # on the page being extracted
    changed: set[str] = field(default_factory=set)

    def add(self, step: str, seconds: float) -> None:
        self.seconds[step] = self.seconds.get(step, 0.0) + seconds
        self.calls[step] += 1

    @contextlib.contextmanager
    def page(self) -> Iterator[None]:
        """One page's extraction: what its steps ran and changed is counted once for it."""
        self.ran, self.changed = set(), set()
        try:
            yield
        finally:
            self.pages_ran.update(self.ran)
            self.pages_changed.update(self.changed)

    def rows(self, steps: tuple[tuple[str, Any, str, Changed], ...] = STEPS) -> list[Row]:
        return [
            Row(
                step,
                self.seconds.get(step, 0.0),
                self.pages_ran[step],
                None if reached is None else self.pages_changed[step],
            )
            for step, _, _, reached in steps
        ]


@contextlib.contextmanager
def timed_steps(tally: Tally, steps: tuple[tuple[str, Any, str, Changed], ...] = STEPS) -> Iterator[None]:
    """Every step wrapped while inside: its CPU and the pages it ran on and changed go to
    ``tally``; the originals put back after."""
    originals = [(module, name, getattr(module, name)) for _, module, name, _ in steps]
    for (step, module, name, reached), (_, _, function) in zip(steps, originals, strict=True):
        setattr(module, name, _wrapper(step, function, reached, tally))
    try:
        yield
    finally:
        for module, name, function in originals:
            setattr(module, name, function)


def _wrapper(step: str, function: Callable[..., Any], reached: Changed, tally: Tally) -> Callable[..., Any]:
    def timed(*args: Any, **kwargs: Any) -> Any:
        start = time.process_time()
        try:
            result = function(*args, **kwargs)
        finally:
            tally.add(step, time.process_time() - start)
        tally.ran.add(step)
        if reached is not None and reached(result):
            tally.changed.add(step)
        if inspect.isgenerator(result):  # a reader (the WARC's records): its time is in each next item
            return _timed_items(step, result, tally)
        return result

    return timed


def _timed_items(step: str, items: Iterator[Any], tally: Tally) -> Iterator[Any]:
    """``items``, the CPU of producing each added to ``step`` (its calls counted once, by the wrapper)."""
    while True:
        start = time.process_time()
        try:
            item = next(items)
        except StopIteration:
            return
        finally:
            tally.seconds[step] = tally.seconds.get(step, 0.0) + time.process_time() - start
        yield item


def measure(pages: list[Page], repeat: int = 1) -> tuple[float, list[Row]]:
    """(CPU of ``extract_html`` over the pages, a row per step), from the fastest of ``repeat``
    passes (the counts are the same in every pass)."""
    rules = load_site_rules()
    best: tuple[float, Tally] | None = None
    for _ in range(repeat):
        tally = Tally()
        total = 0.0
        with timed_steps(tally):
            for page in pages:
                with tally.page():
                    start = time.process_time()
                    with contextlib.suppress(ExtractionError):
                        extract_html(page.html, page.url, site_rules=rules)
                    total += time.process_time() - start
        if best is None or total < best[0]:
            best = (total, tally)
    assert best is not None
    return best[0], best[1].rows()


# A whole run's parts beside the extraction (``--warc``), as pipeline.run.shard, the runner and
# the plan call them.
SHARD: Any = importlib.import_module("pipeline.run.shard")
RUNNER: Any = importlib.import_module("pipeline.run.runner")
PLAN: Any = importlib.import_module("pipeline.run.plan")
RUN_STEPS: tuple[tuple[str, Any, str, Changed], ...] = (
    ("run: extract_html", SHARD, "extract_html", None),
    ("run: page rows", SHARD, "page_rows", None),
    ("run: Parquet commit", SHARD, "_commit", None),
    ("run: WARC records read", SHARD, "read_warc", None),
    ("run: WARC range starts", PLAN, "record_starts", None),
    ("run: shard markers", SHARD, "write_marker", None),
    ("run: preload", RUNNER, "preload", None),
    ("run: schema parts", RUNNER, "write_schema_parts", None),
    ("run: duplicates", RUNNER, "resolve_duplicates", None),
)


def measure_run(warc: Path) -> tuple[float, list[Row]]:
    """(CPU of a whole ``pipeline run --warc WARC --workers 1`` in this process, a row per step
    and per part of the run; the run's parts count calls, not pages). Start-up imports are not
    in it: ``python -X importtime`` shows them."""
    from pipeline.cli import main as cli

    tally = Tally()
    with tempfile.TemporaryDirectory() as out, timed_steps(tally), timed_steps(tally, RUN_STEPS):
        timed_extract = SHARD.extract_html

        def one_page(*args: Any, **kwargs: Any) -> Any:
            with tally.page():
                return timed_extract(*args, **kwargs)

        SHARD.extract_html = one_page  # put back by timed_steps
        command = ["run", "--warc", str(warc), "--out", out, "--progress", "off", "--workers", "1"]
        start = time.process_time()
        with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):
            cli(command)
        total = time.process_time() - start
    rows = tally.rows(RUN_STEPS + STEPS)
    for row in rows[: len(RUN_STEPS)]:
        row.pages = tally.calls[row.step]
    return total, rows


def report(title: str, count: int, total: float, rows: list[Row]) -> str:
    lines = [
        f"{title}: {count} pages, {total:.3f} s of CPU",
        f"{'step':<34} {'CPU s':>7} {'share':>6} {'pages run':>10} {'pages changed':>14}",
    ]
    for row in rows:
        changed = "every" if row.changed is None else str(row.changed)
        share = 100 * row.seconds / total if total else 0.0
        lines.append(f"{row.step:<34} {row.seconds:7.3f} {share:5.1f}% {row.pages:10d} {changed:>14}")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scrapinghub", type=Path, help="the ScrapingHub corpus directory")
    parser.add_argument("--wcxb", type=Path, help="the wcxb-dev corpus directory (tune pages only)")
    parser.add_argument("--warc", type=Path, help="a WARC: time a whole `pipeline run --warc --workers 1` of it")
    parser.add_argument("--repeat", type=int, default=1, help="passes over the pages (the fastest is kept)")
    args = parser.parse_args()
    if args.warc:
        total, rows = measure_run(args.warc)
        print(report(f"pipeline run --warc {args.warc.name} --workers 1", rows[0].pages, total, rows))
        print()
    corpora: list[tuple[str, list[Page]]] = []
    if args.scrapinghub:
        corpora.append(("ScrapingHub", load_scrapinghub(args.scrapinghub)))
    if args.wcxb:
        corpora.append(("wcxb-dev tune", [p for p in load_wcxb(args.wcxb) if p.split == "tune"]))
    if not corpora and not args.warc:
        parser.error("give --scrapinghub, --wcxb or --warc")
    for title, pages in corpora:
        total, rows = measure(pages, args.repeat)
        print(report(title, len(pages), total, rows))
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
