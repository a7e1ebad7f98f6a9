"""The per-page extraction budget: it stops Python-level work in any thread, and a page over it is one row."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from pipeline.records import FetchedPage, Outcome
from pipeline.run.budget import ExtractionTimeout, PageBudget
from pipeline.run.shard import process_page
from tests.conftest import make_config
from tests.warcs import article_html


def _spin_in_thread(seconds: float) -> list[str]:
    """Run an endless Python loop under a budget in a worker thread (as Dask runs shards)."""
    seen: list[str] = []

    def work() -> None:
        started = time.monotonic()
        try:
            with PageBudget(seconds):
                while time.monotonic() - started < 30:
                    pass
            seen.append("finished")
        except ExtractionTimeout:
            seen.append(f"stopped after {time.monotonic() - started:.1f}")

    thread = threading.Thread(target=work)
    thread.start()
    thread.join(20)
    return seen


def test_budget_interrupts_an_endless_loop_in_a_worker_thread() -> None:
    (result,) = _spin_in_thread(0.3)
    assert result.startswith("stopped") and float(result.split()[-1]) < 5


def test_work_within_the_budget_is_untouched_and_nothing_fires_later() -> None:
    with PageBudget(0.2):
        total = sum(range(1000))
    time.sleep(0.4)  # a late exception would surface here
    assert total == 499500


def test_a_page_over_its_budget_is_extract_failed_and_the_next_page_is_fine(tmp_path) -> None:  # type: ignore[no-untyped-def]
    config = make_config(tmp_path)
    tight = replace(config, extract=replace(config.extract, max_seconds=0.01))
    line = "<p>Paragraph {} about sleep, diet and exercise for a healthy heart.</p>"
    paragraphs = "".join(line.format(n) for n in range(6000))
    big = f"<html><body><article><h1>Heart</h1>{paragraphs}</article></body></html>"
    page = FetchedPage(url="https://h.example/big", final_url="https://h.example/big", status=200, outcome=Outcome.OK)
    page.html = big
    result = process_page(page, tight, {})
    assert result.page.outcome is Outcome.EXTRACT_FAILED and "extract.max_seconds" in (result.page.error or "")
    small = FetchedPage(url="https://h.example/s", final_url="https://h.example/s", status=200, outcome=Outcome.OK)
    small.html = article_html("Gout", "https://h.example/s").decode()
    assert process_page(small, config, {}).extraction is not None


def test_config_values_must_be_finite_non_empty_and_portless(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import pytest

    from pipeline.config import load_config
    from pipeline.errors import ConfigError

    bad: list[tuple[dict[str, dict[str, object]], str]] = [
        ({"fetch": {"timeout_s": float("nan")}}, "finite"),
        ({"fetch": {"connect_timeout_s": float("inf")}}, "finite"),
        ({"output": {"dir": ""}}, "output.dir"),
        ({"fetch": {"allow_private": ["localhost:8080"]}}, "has a port"),
        ({"fetch": {"allow_private": ["127.0.0.1:80"]}}, "has a port"),
        ({"extract": {"max_seconds": -1.0}}, "extract.max_seconds"),
    ]
    for overrides, message in bad:
        with pytest.raises(ConfigError, match=message):
            load_config(None, overrides, environ={})
    ok = load_config(None, {"fetch": {"allow_private": ["::1", "fe80::1", "127.0.0.0/8", "localhost"]}}, environ={})
    assert len(ok.fetch.allow_private) == 4
    with pytest.raises(ConfigError, match="finite"):
        load_config(None, {}, environ={"PIPELINE__FETCH__TIMEOUT_S": "nan"})


def test_the_budget_holds_on_a_real_dask_cluster_and_hits_only_the_slow_page(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A distributed LocalCluster (scheduler and one worker with two threads; in this process,
    which saves ~10 s of worker start-up: the shards run in the worker's executor threads, as
    in a worker process) runs two shards at once: the slow page of one is cut at its budget,
    the pages of the other thread (and the page after the slow one) are untouched."""
    import json

    import pandas as pd
    from distributed import LocalCluster

    from pipeline.run.runner import run_pipeline
    from tests.warcs import write_warc

    line = '<div class="comment"><p class="author">User {0}</p><p>Comment {0} on sleep, diet and the heart.</p></div>'
    slow = (  # about 15 s of comment finding on the development machine (2026-12-06): cut at 2 s anyway
        "<html><body><article><h1>Heart</h1><p>" + "Heart text. " * 200 + "</p></article>"
        "<section id='comments'>" + "".join(line.format(i) for i in range(20000)) + "</section></body></html>"
    ).encode()

    def page(name: str) -> tuple[str, bytes, str, int]:
        url = f"https://h.example/{name}"
        return url, article_html(name.title(), url), "text/html", 200

    # One-time costs (lazy imports, the language model's first load into a fresh cache) belong to
    # whichever page comes first; pay them here so the 2 s budget measures only page work.
    warm = FetchedPage(url="https://h.example/w", final_url="https://h.example/w", status=200, outcome=Outcome.OK)
    warm.html = article_html("Warm", "https://h.example/w").decode()
    assert process_page(warm, make_config(tmp_path / "warm"), {}).extraction is not None
    slow_shard = write_warc(tmp_path / "a.warc.gz", [("https://h.example/slow", slow, "text/html", 200), page("after")])
    other_shard = write_warc(tmp_path / "b.warc.gz", [page(f"other{n}") for n in range(3)])
    with LocalCluster(n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None) as cluster:
        config = make_config(
            tmp_path,
            sources={"warc": [str(slow_shard), str(other_shard)]},
            extract={"max_seconds": 2.0},
            run={"scheduler": cluster.scheduler_address, "run_date": "2026-12-05"},
        )
        started = time.monotonic()
        summary = run_pipeline(config, argv=[])
        took = time.monotonic() - started
    fetches = pd.read_parquet(tmp_path / "out" / "fetches").set_index("url")
    assert fetches.loc["https://h.example/slow", "outcome"] == "extract_failed"
    assert "extract.max_seconds" in fetches.loc["https://h.example/slow", "error"]
    others = fetches.drop(index="https://h.example/slow")
    assert set(others["outcome"]) == {"ok"} and len(others) == 4
    assert summary.outcomes == {"extract_failed": 1, "ok": 4} and took < 30
    manifest = json.loads(next((tmp_path / "out" / "_runs").glob("*.json")).read_text())
    assert manifest["engine"]["engine"] == "dask"


def test_a_time_limit_stops_one_call_and_htmldate_gives_up_within_it() -> None:
    """htmldate's extensive search on year-like reference lines (30-45 s uncut before its month
    names were cached, ~0.3 s since, so the test cuts at 0.05 s) stops at HTMLDATE_MAX_S: it
    returns no date and the page goes on; nothing fires after the block."""
    from pipeline.deadlines import TimeLimit, time_limit

    stopped: list[str] = []

    def spin() -> None:
        try:
            with time_limit(0.2):
                while True:
                    pass
        except TimeLimit:
            stopped.append("stopped")

    thread = threading.Thread(target=spin)
    thread.start()
    thread.join(10)
    assert stopped == ["stopped"]
    with time_limit(0.2):
        total = sum(range(1000))
    time.sleep(0.4)  # a late TimeLimit would surface here
    assert total == 499500

    # htmldate runs in a fresh interpreter: on its first call the regex module compiles patterns and
    # runs __del__ hooks that swallow an exception raised into the thread, the case that once made
    # the cut void (100 dateparser calls, 32 s) until the raise was repeated.
    script = """
import sys, time, htmldate.extractors
from pipeline.extract import published
from pipeline.extract.html import parse_html
calls = []
real = htmldate.extractors._external_date
def counted(text):
    calls.append(text)
    return real(text)
htmldate.extractors._external_date = counted
published.HTMLDATE_MAX_S = 0.05  # uncut, the 100 calls take ~0.3 s on a fast machine
import pipeline.deadlines
pipeline.deadlines.REPEAT_S = 0.02  # a first raise swallowed must not leave the ~0.3 s run uncut
lines = "".join(f"<li>Author {n}. Title {n}. J Med. 2020. doi:10.1000/{n}</li>" for n in range(2000))
page = f"<html><body><article><h1>Statins</h1><h2>References</h2><ol>{lines}</ol></article></body></html>"
started = time.monotonic()
found = published._htmldate(parse_html(page), "https://h.example/statins")
print(found, len(calls), round(time.monotonic() - started, 2))
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True)
    found, calls, elapsed = done.stdout.split()
    assert found == "None", done.stdout
    assert int(calls) < 100, done.stdout  # uncut, htmldate hands dateparser 100 of these lines
    assert float(elapsed) < 10, done.stdout


def test_a_raise_lost_once_is_raised_again_until_the_page_ends() -> None:
    """A raise can land in Python code C calls back and ignores errors of (an lxml hook): the
    budget raises again every REPEAT_S, so the page still stops."""
    import pytest

    caught = 0
    with pytest.raises(ExtractionTimeout), PageBudget(0.1):
        while True:
            try:
                while True:
                    pass
            except ExtractionTimeout:
                caught += 1  # swallowed, as such a callback would
                if caught == 2:
                    raise
    time.sleep(0.6)  # nothing fires once the block is left
    assert caught == 2


def test_htmldate_is_cut_by_its_threads_cpu_time_so_load_does_not_move_a_date(monkeypatch: pytest.MonkeyPatch) -> None:
    """A thread kept off the CPU (here: asleep, as when the machine is loaded) is not cut at
    HTMLDATE_MAX_S of wall time: the page keeps the date it gets on a quiet machine. A thread
    that does spend the CPU time is cut, and nothing fires after the block."""
    import datetime as dt

    from pipeline.deadlines import TimeLimit, cpu_time_limit
    from pipeline.extract import published
    from pipeline.extract.html import parse_html

    def descheduled_search(*args: object, **kwargs: object) -> str:
        time.sleep(0.4)  # wall time passes, the thread's CPU time does not
        return "2021-03-03"

    monkeypatch.setattr(published, "HTMLDATE_MAX_S", 0.05)
    monkeypatch.setattr(published, "_htmldate_search", lambda: descheduled_search)
    page = parse_html("<html><body><article><p>Statins, 3 March 2021.</p></article></body></html>")
    assert published._htmldate(page, "https://h.example/statins") == dt.date(2021, 3, 3)

    started = time.monotonic()
    try:
        with cpu_time_limit(0.1):
            while True:
                pass
    except TimeLimit:
        pass
    assert time.monotonic() - started < 10
    with cpu_time_limit(0.1):
        time.sleep(0.3)
    time.sleep(0.4)  # a late TimeLimit would surface here


def test_the_page_budget_counts_cpu_time_so_load_does_not_fail_a_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A page whose extraction waits off the CPU (here: asleep, as a thread does on a loaded
    machine, behind other processes or another thread holding the GIL) past its budget is not
    charged for the wait: it gives the rows it gives on a quiet machine, not ``extract_failed``."""
    from pipeline.run import shard

    config = make_config(tmp_path)
    html = article_html("Gout", "https://h.example/gout").decode()

    def page() -> FetchedPage:
        url = "https://h.example/gout"
        fetched = FetchedPage(url=url, final_url=url, status=200, outcome=Outcome.OK)
        fetched.html = html
        return fetched

    quiet = process_page(page(), config, {})
    assert quiet.extraction is not None
    from pipeline.extract import extract_html as real_extract

    def descheduled(*args: Any, **kwargs: Any) -> Any:
        time.sleep(0.5)  # wall time passes, the thread's CPU time does not
        return real_extract(*args, **kwargs)

    monkeypatch.setattr(shard, "extract_html", descheduled)
    tight = replace(config, extract=replace(config.extract, max_seconds=0.3))
    loaded = process_page(page(), tight, {})
    assert loaded.page.outcome is Outcome.OK and loaded.page.error is None
    assert loaded.extraction is not None and loaded.extraction.text == quiet.extraction.text


def test_an_interrupted_run_stops_a_page_at_once_whatever_its_budget_left() -> None:
    """Ctrl-C stops an extraction now, not once the page has spent its CPU budget."""
    from pipeline.errors import RunInterrupted
    from pipeline.run.budget import interrupt_extractions

    seen: list[str] = []
    entered = threading.Event()

    def work() -> None:
        try:
            with PageBudget(300):
                entered.set()
                while True:
                    pass
        except RunInterrupted:
            seen.append("interrupted")

    thread = threading.Thread(target=work, daemon=True)  # a failure must not hang the suite
    thread.start()
    assert entered.wait(10)
    started = time.monotonic()
    interrupt_extractions()
    thread.join(10)
    assert seen == ["interrupted"] and time.monotonic() - started < 5


def test_a_date_search_cut_by_its_cpu_budget_is_logged_not_silent(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """The cut is the one place where a page's output can depend on the machine (a CPU clock
    near HTMLDATE_MAX_S): a page that loses its date there says so in the run's log."""
    import logging

    from pipeline.extract import published
    from pipeline.extract.html import parse_html

    def endless_search(*args: object, **kwargs: object) -> str:
        while True:
            pass

    monkeypatch.setattr(published, "HTMLDATE_MAX_S", 0.05)
    monkeypatch.setattr(published, "_htmldate_search", lambda: endless_search)
    page = parse_html("<html><body><article><p>Statins, 3 March 2021.</p></article></body></html>")
    with caplog.at_level(logging.WARNING, logger="pipeline.extract.published"):
        assert published._htmldate(page, "https://h.example/statins") is None
    assert any("https://h.example/statins" in r.message and "HTMLDATE_MAX_S" in r.message for r in caplog.records)
