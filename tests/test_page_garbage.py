"""A page's extraction leaves no cyclic garbage: its tree and every element's proxy are freed
the moment the page is done, not when the cyclic collector next runs.

A recursive closure (``TextMass``'s walk) held itself through its own cell, and with it the
dictionaries keyed by every element of the page: each page's whole tree waited for a collection,
and every collection in between traversed it again (the collector's CPU in a ``--workers 1`` run
of ScrapingHub's WARC 0.29 -> 0.16 s)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest
from lxml import etree

from pipeline.extract import extract_html
from pipeline.extract.html import parse_html
from pipeline.extract.structure import TextMass

PAGES = Path(__file__).parent / "fixtures" / "pages"


@pytest.fixture
def collector_off() -> Iterator[None]:
    """The cyclic collector stopped, with nothing left for it before the test runs."""
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def ours_in_cyclic_garbage() -> list[object]:
    """What a collection now finds that the pipeline made: its functions, its objects, a page's tree.

    Only these are counted, not every object found: in a whole suite, threads other tests left
    running (a Dask cluster's, an HTTP server's) make cyclic garbage of their own at any moment,
    and a bare count of collected objects failed there under load."""
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        gc.collect()
        found = list(gc.garbage)
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
    return [obj for obj in found if made_by_pipeline(obj)]


def made_by_pipeline(obj: object) -> bool:
    """A function or object from a ``pipeline`` module, or an element of an lxml tree."""
    if isinstance(obj, etree._Element):
        return True
    module = getattr(obj, "__module__", None) if callable(obj) else type(obj).__module__
    return isinstance(module, str) and module.split(".")[0] == "pipeline"


def test_measuring_a_page_leaves_no_cycle(collector_off: None) -> None:
    html = "<html><body><div><p>" + "An article's own words. " * 20 + "</p><p>More.</p></div></body></html>"
    mass = TextMass(parse_html(html))
    assert mass.chars and mass.anchor is not None
    del mass
    assert ours_in_cyclic_garbage() == []


@pytest.mark.parametrize("name", ["blog", "clinic", "askdoctor"])
def test_extracting_a_page_leaves_no_cycle(name: str) -> None:
    (page,) = (PAGES / name).glob("*.html")
    html, url = page.read_text(encoding="utf-8"), f"https://{name}.example/"
    extract_html(html, url)  # first uses (a reader's lazy set-up, dateparser's locales) made once
    gc.collect()
    gc.disable()
    try:
        extraction = extract_html(html, url)
        assert extraction.text
        del extraction
        assert ours_in_cyclic_garbage() == []
    finally:
        gc.enable()
