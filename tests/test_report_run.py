"""The run report: built from a real pipeline run on a real WARC, rendered in headless Chromium."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pandas as pd
import pytest

from pipeline.cli import main
from pipeline.report.browser import INSTALL_HINT, dump_dom, find_chromium, pdf_pages, print_pdf, screenshot
from pipeline.report.run_data import load_run_data
from pipeline.run.runner import run_pipeline
from tests.conftest import make_config
from tests.warcs import article_html, write_warc

needs_chromium = pytest.mark.skipif(find_chromium() is None, reason=f"headless Chromium not found; {INSTALL_HINT}")
FIRST_DAY = "2026-11-20"


@pytest.fixture(scope="module")
def run_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One run over three hosts: 3 articles (one with a threaded comment), a PDF, a 404 and an empty page."""
    tmp = tmp_path_factory.mktemp("run")
    warc = write_warc(
        tmp / "sample.warc.gz",
        [
            (
                "https://health.example/asthma",
                article_html("Asthma", "https://health.example/asthma", True),
                "text/html",
                200,
            ),
            ("https://health.example/gout", article_html("Gout", "https://health.example/gout"), "text/html", 200),
            (
                "https://other.example/flu",
                article_html("Influenza &lt;Flu&gt;", "https://other.example/flu"),
                "text/html",
                200,
            ),
            # labelled HTML: a failure row (labelled application/pdf, a page's resource: skipped)
            ("https://health.example/leaflet.pdf", b"%PDF-1.4 binary", "text/html", 200),
            ("https://health.example/missing", b"<html><body>Not found</body></html>", "text/html", 404),
            ("https://third.example/empty", b"<html><body></body></html>", "text/html", 200),
        ],
    )
    summary = run_pipeline(make_config(tmp, sources={"warc": [str(warc)]}, run={"run_date": FIRST_DAY}), argv=[])
    assert summary.outcomes == {"ok": 3, "not_html": 1, "http_error": 1, "extract_failed": 1}
    return tmp / "out"


def classes(name: str) -> str:
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


def text_of(node: lxml.html.HtmlElement) -> str:
    return " ".join(node.text_content().split())


def card_value(dom: lxml.html.HtmlElement, ident: str) -> str:
    return text_of(dom.get_element_by_id(ident).find_class("value")[0])


@needs_chromium
@pytest.mark.browser
def test_run_report_in_chromium(run_out: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    html = tmp_path / "run.html"
    assert main(["report", str(run_out), "--html", str(html)]) == 0
    assert "1 of 1 run(s), 6 pages, 3 failed (3 URL(s)), extraction success 75.0%" in capsys.readouterr().out
    dom = lxml.html.fromstring(dump_dom(html))

    assert card_value(dom, "total-pages") == "6" and card_value(dom, "total-failed") == "3"
    assert card_value(dom, "extraction-success") == "75.0%"  # 3 ok of 4 pages handed to the extractor
    assert card_value(dom, "total-articles") == "3" and card_value(dom, "total-comments") == "2"
    runs = dom.xpath(f"//table[{classes('runs')}]/tbody/tr")
    assert len(runs) == 1 and text_of(runs[0].xpath("td[1]")[0]).startswith(FIRST_DAY)

    outcome_bars = dom.xpath("//figure[@id='chart-outcomes']//*[local-name()='rect' and @class='bar']")
    assert {b.get("data-label"): int(b.get("data-value")) for b in outcome_bars} == {
        "ok": 3,
        "not_html": 1,
        "http_error": 1,
        "extract_failed": 1,
    }
    host_bars = dom.xpath("//figure[@id='chart-hosts']//*[local-name()='rect' and @class='bar']")
    assert sorted((b.get("data-label"), b.get("data-series"), b.get("data-value")) for b in host_bars) == [
        ("health.example", "http_error", "1"),
        ("health.example", "not_html", "1"),
        ("health.example", "ok", "2"),
        ("other.example", "ok", "1"),
        ("third.example", "extract_failed", "1"),
    ]
    assert all(float(b.get("width")) > 0 for b in outcome_bars + host_bars)

    reasons = {
        text_of(r.xpath("td[2]")[0]): text_of(r.xpath("td[3]")[0])
        for r in dom.xpath(f"//table[{classes('reasons')}]/tbody/tr")
    }
    assert reasons == {
        "HTTP 404": "1",
        "PDF data labelled text/html": "1",
        "ExtractionError: no article text found": "1",
    }
    failed = [text_of(r.xpath("td[1]")[0]) for r in dom.xpath(f"//table[{classes('failures')}]/tbody/tr")]
    assert sorted(failed) == [
        "https://health.example/leaflet.pdf",
        "https://health.example/missing",
        "https://third.example/empty",
    ]

    # the sample shows what the articles dataset holds (titles come from extraction, which others tune)
    data = load_run_data(run_out)
    articles = dom.xpath(f"//div[@id='sample']/div[{classes('article')}]")
    assert [text_of(a.xpath("p[@class='meta']/a")[0]) for a in articles] == [a.url for a in data.sample]
    assert sorted(a.url for a in data.sample) == [
        "https://health.example/asthma",
        "https://health.example/gout",
        "https://other.example/flu",
    ]
    assert [text_of(a.xpath("h3")[0]) for a in articles] == [a.title for a in data.sample]
    asthma = next(a for a in articles if text_of(a.xpath("p[@class='meta']/a")[0]).endswith("/asthma"))
    assert "Asthma is a condition" in text_of(asthma)
    comments = asthma.xpath(f".//div[{classes('comment')}]")
    assert [text_of(c.xpath("b")[0]) for c in comments] == ["reader_one", "Ann Writer"]
    assert "depth-1" in comments[1].get("class")  # the reply is indented under its parent

    png = screenshot(html, tmp_path / "run.png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000
    pdf = print_pdf(html, tmp_path / "run.pdf")
    assert pdf.read_bytes()[:5] == b"%PDF-" and pdf_pages(pdf) >= 1


def test_run_report_is_self_contained_and_escaped(run_out: Path, tmp_path: Path) -> None:
    html = tmp_path / "run.html"
    assert main(["report", str(run_out), "--html", str(html)]) == 0
    source = html.read_text(encoding="utf-8")
    doc = lxml.html.fromstring(source)
    assert not doc.xpath("//script | //link | //iframe | //img | //object | //*[@src]")
    assert "default-src 'none'" in source and "@media print" in source
    assert "url(" not in source and "@import" not in source and "@font-face" not in source  # no remote CSS/fonts
    assert "Influenza &lt;Flu&gt;" in source and "<Flu>" not in source


def test_run_filter_and_sample_size(run_out: Path, tmp_path: Path) -> None:
    run_id = load_run_data(run_out).runs[0]["run_id"]
    data = load_run_data(run_out, [run_id], sample_size=1, max_failures=2)
    assert len(data.sample) == 1 and data.sample[0].url == "https://health.example/asthma"  # with comments first
    assert data.failures_total == 3 and len(data.failures) == 2
    html = tmp_path / "run.html"
    assert main(["report", str(run_out), "--html", str(html), "--run", run_id, "--max-failures", "2"]) == 0
    assert "the 2 most frequent of 3" in html.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("setup", "message"),
    [("missing", "output directory not found"), ("empty", "no runs in"), ("unknown-run", "run(s) not found")],
)
def test_report_errors_are_one_line_exit_2(
    setup: str, message: str, run_out: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = {"missing": tmp_path / "nowhere", "empty": tmp_path, "unknown-run": run_out}[setup]
    extra = ["--run", "2020-01-01-nope"] if setup == "unknown-run" else []
    assert main(["report", str(out), "--html", str(tmp_path / "r.html"), *extra]) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert not (tmp_path / "r.html").exists()


def test_report_command_has_help() -> None:
    from pipeline.cli import build_parser

    parser = build_parser()
    action = next(a for a in parser._actions if a.dest == "command")
    report = action.choices["report"]  # type: ignore[index]
    assert all(option.help for option in report._actions)


def test_two_runs_are_both_reported_on_request(tmp_path: Path) -> None:
    url = "https://health.example/asthma"
    warc = write_warc(tmp_path / "a.warc.gz", [(url, article_html("Asthma", url, True), "text/html", 200)])
    ids = []
    for day in (FIRST_DAY, "2026-11-21"):
        config = make_config(tmp_path, sources={"warc": [str(warc)]}, run={"run_date": day})
        ids.append(run_pipeline(config, argv=[]).run_id)
    data = load_run_data(tmp_path / "out", all_runs=True)
    assert [r["run_id"] for r in data.runs] == ids
    assert [r["run_id"] for r in load_run_data(tmp_path / "out").runs] == ids[1:]  # the latest by default
    assert data.pages == 2 and data.articles == 1  # the fetch log has both visits; the article one version
    assert [c.author for c in data.sample[0].comments] == ["reader_one", "Ann Writer"]
    only_second = load_run_data(tmp_path / "out", [ids[1]])
    assert only_second.pages == 1 and only_second.articles == 0 and only_second.sample == []


@pytest.fixture(scope="module")
def nightly_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """30 nightly runs of the same input: an article, a page that 404s every night, an invalid URL."""
    tmp = tmp_path_factory.mktemp("nightly")
    good = "https://health.example/asthma"
    warc = write_warc(
        tmp / "site.warc.gz",
        [
            (good, article_html("Asthma", good), "text/html", 200),
            ("https://health.example/gone", b"<html><body>Not found</body></html>", "text/html", 404),
        ],
    )
    for night in range(1, NIGHTS + 1):
        config = make_config(
            tmp,
            sources={"warc": [str(warc)], "urls": [INVALID_URL]},
            run={"run_date": f"2026-11-{night:02d}"},
        )
        run_pipeline(config, argv=[])
    return tmp / "out"


NIGHTS = 30
INVALID_URL = "http://[::1"


def test_the_latest_run_by_default_and_every_run_on_request(nightly_out: Path) -> None:
    latest = load_run_data(nightly_out)
    assert [r["run_date"] for r in latest.runs] == ["2026-11-30"] and latest.all_runs == NIGHTS
    assert latest.pages == 3 and latest.failures_total == 2
    every = load_run_data(nightly_out, all_runs=True)
    assert len(every.runs) == NIGHTS and every.pages == 3 * NIGHTS
    gone = next(f for f in every.failures if f.url.endswith("/gone"))
    assert (gone.count, gone.runs, gone.outcome) == (NIGHTS, NIGHTS, "http_error")
    assert every.failed_urls == 2 and len(every.failures) == 2  # grouped: two URLs, not 60 rows
    # hosts: the invalid URL has none; it is a page, but not a "(no host)" host
    assert set(every.by_host) == {"health.example"} and every.without_host == NIGHTS
    hosts = pd.read_parquet(nightly_out / "fetches", columns=["url", "host"])
    assert hosts.loc[hosts["url"] == INVALID_URL, "host"].isna().all() and not (hosts["host"] == "").any()


@needs_chromium
@pytest.mark.browser
def test_a_recurring_failure_shows_once_with_its_count_in_chromium(nightly_out: Path, tmp_path: Path) -> None:
    html = tmp_path / "nightly.html"
    assert main(["report", str(nightly_out), "--html", str(html), "--all-runs"]) == 0
    dom = lxml.html.fromstring(dump_dom(html))
    assert len(dom.xpath(f"//table[{classes('runs')}]/tbody/tr")) == NIGHTS
    rows = dom.xpath(f"//table[{classes('failures')}]/tbody/tr")
    by_url = {text_of(r.xpath("td[1]")[0]): [text_of(td) for td in r.xpath("td")] for r in rows}
    assert sorted(by_url) == ["http://[::1", "https://health.example/gone"]  # each once
    assert by_url["https://health.example/gone"][5:7] == [str(NIGHTS), str(NIGHTS)]  # failures, runs
    # the invalid URL is text, not a link resolved against the report's own location
    invalid = next(r for r in rows if text_of(r.xpath("td[1]")[0]) == INVALID_URL)
    assert not invalid.xpath("td[1]//a")
    gone = next(r for r in rows if text_of(r.xpath("td[1]")[0]).endswith("/gone"))
    assert gone.xpath("td[1]//a/@href") == ["https://health.example/gone"]
    assert card_value(dom, "total-hosts") == "1"
    assert "(no host)" not in text_of(dom) and "without a host" in text_of(dom.get_element_by_id("total-hosts"))

    latest = tmp_path / "latest.html"
    assert main(["report", str(nightly_out), "--html", str(latest)]) == 0
    dom = lxml.html.fromstring(dump_dom(latest))
    assert len(dom.xpath(f"//table[{classes('runs')}]/tbody/tr")) == 1
    assert "latest of 30 runs" in text_of(dom.get_element_by_id("runs-note"))
