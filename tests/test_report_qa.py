"""The QA report: built from a real QA run on fixture pages, rendered in headless Chromium."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import Path

import lxml.html
import pytest

from pipeline.cli import main
from pipeline.extract.rules import RULE_NAMES
from pipeline.qa.gate import load_thresholds
from pipeline.qa.runner import QaResult, run_qa
from pipeline.report.browser import INSTALL_HINT, dump_dom, find_chromium, pdf_pages, print_pdf, screenshot
from pipeline.report.qa_html import write_qa_report

DEFAULT_FIXTURES = Path(__file__).resolve().parent / "fixtures" / "pages"
needs_chromium = pytest.mark.skipif(find_chromium() is None, reason=f"headless Chromium not found; {INSTALL_HINT}")

LEAK = "Call the nurse line at 555-0100 if the pain lasts more than three days."
MISSING = "Cherries are sometimes suggested for gout, but the evidence for them is still thin."
SCRIPT_TEXT = 'Never paste <script>alert("x")</script> into a health portal form.'
EXTRA_COMMENT_WORD = "Walter"  # on the page, not in the expected comment text: marked extra

CLINIC_PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Managing Gout Flares | Riverside Clinic</title>
<meta property="og:site_name" content="Riverside Clinic">
<script type="application/ld+json">{"@context": "https://schema.org", "@type": "MedicalWebPage",
 "headline": "Managing Gout Flares", "author": {"@type": "Person", "name": "Dr. Maria Lopez"},
 "datePublished": "2024-03-05", "dateModified": "2024-06-01"}</script></head>
<body><nav><a href="/">Home</a> <a href="/services">Services</a></nav>
<article><h1>Managing Gout Flares</h1>
<p>Gout flares start suddenly, often at night, with a hot, swollen and very painful joint, most often the big toe.</p>
<p>Resting the joint, raising it and cooling it with an ice pack wrapped in a towel eases the pain in the first day.</p>
<p>Anti-inflammatory medicines prescribed by your doctor shorten a flare; take them exactly as the label says.</p>
<p>Never paste &lt;script&gt;alert("x")&lt;/script&gt; into a health portal form.</p>
<p>Call the nurse line at 555-0100 if the pain lasts more than three days.</p>
</article>
<section id="comments"><h2>2 comments</h2><ol class="commentlist">
<li class="comment" id="comment-1"><div class="comment-author"><b class="fn">walter_b</b></div>
<div class="comment-metadata"><time datetime="2024-03-07T10:00:00Z">March 7, 2024</time></div>
<div class="comment-content">
<p>The ice pack tip worked for me during my last flare, thank you for writing this.</p></div>
<ul class="children"><li class="comment" id="comment-2"><div class="comment-author"><b class="fn">Nurse Kim</b></div>
<div class="comment-metadata"><time datetime="2024-03-08T09:30:00Z">March 8, 2024</time></div>
<div class="comment-content"><p>Glad it helped, Walter; do see your doctor if flares keep coming back.</p></div>
</li></ul></li></ol></section>
<footer>Copyright Riverside Clinic. All rights reserved.</footer></body></html>"""

CLINIC_EXPECTED = {
    "url": "https://riverside-clinic.example/health/gout-flares",
    "title": "Managing Gout Flares",
    "authors": ["Maria Lopez"],
    "editors": [],
    "published": "2024-03-05",
    "modified": "2024-06-01",
    "language": "en",
    "site_name": "Riverside Health Network",  # deliberately wrong: a metadata mismatch to mark
    "paragraphs": [
        "Gout flares start suddenly, often at night, with a hot, swollen and very painful joint, most often the big "
        "toe.",
        "Resting the joint, raising it and cooling it with an ice pack wrapped in a towel eases the pain in the "
        "first day.",
        MISSING,  # not on the page: missing from any extraction
        "Anti-inflammatory medicines prescribed by your doctor shorten a flare; take them exactly as the label says.",
        SCRIPT_TEXT,
    ],
    # the first snippet is in the article text: it really leaks
    "must_not_contain": [LEAK, "Copyright Riverside Clinic", "Services"],
    "comments": [
        {
            "author": "walter_b",
            "posted_date": "2024-03-07",
            "text": "The ice pack tip worked for me during my last flare, thank you for writing this.",
            "parent_position": None,
        },
        {
            "author": "Nurse Kim Lee",  # deliberately wrong: a comment author mismatch
            "posted_date": "2024-03-08",
            "text": "Glad it helped; do see your doctor if flares keep coming back.",
            "parent_position": 0,
        },
        {
            "author": "ghost",
            "posted_date": None,
            "text": "This comment is not on the page at all.",
            "parent_position": None,
        },
    ],
}

NEWS_PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>City opens three new vaccination clinics - Harbor Daily</title>
<meta property="og:site_name" content="Harbor Daily"><meta name="author" content="Tom Reyes">
<meta property="article:published_time" content="2025-01-14T08:00:00Z"></head>
<body><header><a href="/">Harbor Daily</a></header><main><article>
<h1>City opens three new vaccination clinics</h1><p class="byline">By Tom Reyes</p>
<p>The city health department opened three walk-in vaccination clinics on Monday in the north, east and harbor
districts, each staffed by two nurses.</p>
<p>The clinics offer flu and COVID-19 vaccines without an appointment from eight in the morning until six in the
evening on weekdays.</p>
<p>Officials said the new sites should shorten waiting times at the central clinic, where queues reached two hours
last winter.</p>
</article></main><aside class="related"><h3>Most read</h3><ul><li><a href="/a">Ferry timetable changes</a></li>
</ul></aside><footer>Harbor Daily newsletter: subscribe today</footer></body></html>"""

NEWS_EXPECTED = {
    "url": "https://harbor-daily.example/news/vaccination-clinics",
    "title": "City opens three new vaccination clinics",
    "authors": ["Tom Reyes"],
    "editors": [],
    "published": "2025-01-14",
    "modified": None,
    "language": "en",
    "site_name": "Harbor Daily",
    "paragraphs": [
        "The city health department opened three walk-in vaccination clinics on Monday in the north, east and "
        "harbor districts, each staffed by two nurses.",
        "The clinics offer flu and COVID-19 vaccines without an appointment from eight in the morning until six in "
        "the evening on weekdays.",
        "Officials said the new sites should shorten waiting times at the central clinic, where queues reached two "
        "hours last winter.",
    ],
    "must_not_contain": ["Ferry timetable changes", "subscribe today"],
    "comments": [],
}


def write_fixture(root: Path, name: str, html: str, expected: Mapping[str, object]) -> None:
    path = root / f"{name}.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(html, encoding="utf-8")
    (root / f"{name}.expected.json").write_text(json.dumps(expected, indent=2), encoding="utf-8")


@pytest.fixture(scope="module")
def fixture_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("pages")
    write_fixture(root, "clinic/gout-flares", CLINIC_PAGE, CLINIC_EXPECTED)
    write_fixture(root, "news/vaccination-clinics", NEWS_PAGE, NEWS_EXPECTED)
    return root


@pytest.fixture(scope="module")
def qa_result(fixture_dir: Path) -> QaResult:
    return run_qa(fixture_dir)


def rendered(html_path: Path) -> lxml.html.HtmlElement:
    """The page as headless Chromium rendered it."""
    return lxml.html.fromstring(dump_dom(html_path))


def classes(name: str) -> str:
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


def text_of(node: lxml.html.HtmlElement) -> str:
    return " ".join(node.text_content().split())


def test_qa_report_is_self_contained(qa_result: QaResult, tmp_path: Path) -> None:
    path = write_qa_report(qa_result, tmp_path / "qa.html", {}, [])
    source = path.read_text(encoding="utf-8")
    doc = lxml.html.fromstring(source)
    assert not doc.xpath("//script | //link | //iframe | //img | //object | //*[@src]")
    assert "Content-Security-Policy" in source and "default-src 'none'" in source
    assert "url(" not in source and "@import" not in source and "@font-face" not in source  # no remote CSS/fonts
    assert 'alert("x")' not in source and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in source
    assert "@media print" in source


@needs_chromium
@pytest.mark.browser
def test_qa_report_in_chromium(qa_result: QaResult, tmp_path: Path) -> None:
    thresholds = load_thresholds()
    path = write_qa_report(qa_result, tmp_path / "qa.html", thresholds, ["f1 0.842 < 0.97"])
    dom = rendered(path)

    gate = dom.get_element_by_id("gate")
    assert "FAIL" in text_of(gate) and "f1 0.842 < 0.97" in text_of(gate)
    totals = qa_result.totals
    assert text_of(dom.get_element_by_id("total-f1").find_class("value")[0]) == f"{totals.f1:.3f}"
    assert text_of(dom.get_element_by_id("total-leak_rate").find_class("value")[0]) == f"{totals.leak_rate:.1%}"
    assert f"gate: ≥ {thresholds['min_text_f1']:.3f}" in text_of(dom.get_element_by_id("total-f1"))

    rows = dom.xpath(f"//table[{classes('pages')}]/tbody/tr")
    assert [text_of(r.xpath("td[1]")[0]) for r in rows] == ["clinic/gout-flares", "news/vaccination-clinics"]
    for row, score in zip(rows, qa_result.scores, strict=True):
        cells = [text_of(td) for td in row.xpath("td")]
        assert cells[3] == f"{score.f1:.3f}" and cells[4] == f"{len(score.leaked)}/{score.snippets}"
        target = row.xpath("td[1]/a/@href")[0]
        assert dom.xpath(f"//section[@id='{target[1:]}']"), target

    clinic = dom.get_element_by_id("page-clinic-gout-flares")
    leaks = clinic.xpath(f".//div[{classes('extracted')}]//mark[{classes('leak')}]")
    assert [text_of(m) for m in leaks] == [LEAK]
    missing = clinic.xpath(f".//div[{classes('expected')}]//del[{classes('missing')}]")
    assert MISSING in [text_of(m) for m in missing]
    assert SCRIPT_TEXT in text_of(clinic.xpath(f".//div[{classes('extracted')}]")[0])
    assert not dom.xpath("//script")  # the page's script text stayed text

    clinic_score = qa_result.scores[0]
    mismatched = clinic.xpath(f".//table[{classes('metadata')}]//tr[{classes('mismatch')}]/td[1]")
    assert [text_of(td) for td in mismatched] == [n for n, (_, _, ok) in clinic_score.fields.items() if not ok]
    assert "site_name" in [text_of(td) for td in mismatched]  # the fixture expects a name the page lacks

    comments = clinic.xpath(f".//table[{classes('comments')}]/tbody")
    assert clinic_score.comment_pairs[:2] == [(0, 0), (1, 1)]  # both comments on the page were found
    assert len(comments) == 3
    assert comments[1].xpath(f".//td[{classes('mismatch')}]/text()") == ["Nurse Kim"]
    assert "parent" in text_of(clinic.xpath(f".//table[{classes('comments')}]/thead")[0])
    assert [text_of(td) for td in comments[1].xpath(f"tr/td[{classes('parent')}]")] == ["#1", "#1"]
    extra = comments[1].xpath(f"tr[{classes('extracted')}]/td[{classes('ctext')}]/ins[{classes('extra')}]")
    assert [text_of(i) for i in extra] == [EXTRA_COMMENT_WORD]
    assert not comments[0].xpath(f".//ins[{classes('extra')}] | .//del[{classes('missing')}]")
    assert "not found" in text_of(comments[2]) and "unmatched" in comments[2].get("class")

    news = dom.get_element_by_id("page-news-vaccination-clinics")
    assert not news.xpath(f".//mark[{classes('leak')}] | .//del[{classes('missing')}] | .//*[{classes('mismatch')}]")

    png = screenshot(path, tmp_path / "qa.png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000

    # printed: on A4 sheets, which only the report's own @page rule asks for (Chromium's default is Letter)
    pdf = print_pdf(path, tmp_path / "qa.pdf")
    assert pdf.read_bytes()[:5] == b"%PDF-" and pdf_pages(pdf) >= 2
    assert media_boxes(pdf) == {(595, 842)}


def media_boxes(pdf: Path) -> set[tuple[int, int]]:
    """The page sizes in a PDF, in points, rounded."""
    found = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", pdf.read_bytes())
    return {(round(float(w)), round(float(h))) for w, h in found}


def test_qa_command_writes_the_report(fixture_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = tmp_path / "reports" / "qa.html"
    assert main(["qa", str(fixture_dir), "--report", str(report)]) == 1  # a snippet leaks: the gate fails
    assert "gate: FAIL" in capsys.readouterr().out
    source = report.read_text(encoding="utf-8")
    assert "Quality gate" in source and "clinic/gout-flares" in source and 'class="leak"' in source


@needs_chromium
@pytest.mark.browser
@pytest.mark.skipif(not any(DEFAULT_FIXTURES.rglob("*.expected.json")), reason="no fixtures in tests/fixtures/pages")
def test_qa_report_on_the_repository_fixtures(tmp_path: Path) -> None:
    from pipeline.qa.fixtures import load_fixtures

    path = tmp_path / "qa.html"
    code = main(["qa", str(DEFAULT_FIXTURES), "--report", str(path)])
    dom = rendered(path)
    names = [f.name for f in load_fixtures(DEFAULT_FIXTURES)]
    rows = dom.xpath(f"//table[{classes('pages')}]/tbody/tr")
    assert [text_of(r.xpath("td[1]")[0]) for r in rows] == names
    assert len(dom.xpath("//section[@class='page']")) == len(names)
    assert ("PASS" if code == 0 else "FAIL") in text_of(dom.get_element_by_id("gate"))
    screenshot(path, tmp_path / "qa.png")


def test_failed_extraction_is_shown(fixture_dir: Path) -> None:
    from pipeline.qa.fixtures import load_fixtures
    from pipeline.qa.scoring import score_page, totals
    from pipeline.report.qa_html import render_qa_report

    fixture = load_fixtures(fixture_dir)[0]
    score = score_page(fixture, None, "ValueError: <bad> page")
    document = render_qa_report(QaResult([fixture], [None], [score], totals([score])), {"max_errors": 0}, ["errors"])
    doc = lxml.html.fromstring(document)
    assert "Extraction failed: ValueError: <bad> page" in text_of(doc.find_class("error")[0])
    assert len(doc.xpath(f"//div[{classes('expected')}]//del[{classes('missing')}]")) == len(fixture.paragraphs)
    assert len(doc.xpath(f"//tbody[{classes('unmatched')}]")) == len(fixture.comments)
    assert "fail" in doc.get_element_by_id("total-errors").get("class")


def test_qa_report_shows_each_pages_rule_trace_and_verdict(fixture_dir: Path, tmp_path: Path) -> None:
    result = run_qa(fixture_dir, explain=True)
    doc = lxml.html.fromstring(write_qa_report(result, tmp_path / "qa.html", {}, []).read_text(encoding="utf-8"))
    traces = doc.xpath(f"//section[{classes('page')}]//details[{classes('trace')}]")
    assert len(traces) == len(result.fixtures)
    for details, extraction in zip(traces, result.extractions, strict=True):
        assert extraction is not None and extraction.trace  # every fixture page has boilerplate
        rows = details.xpath(".//tbody/tr")
        assert [text_of(row.xpath("td")[0]) for row in rows] == [step.rule for step in extraction.trace]
        assert all(rule in RULE_NAMES for rule in (text_of(row.xpath("td")[0]) for row in rows))
        assert all(text_of(row.xpath("td")[1]).startswith("/html") for row in rows)
        assert "arbitration:" in text_of(details.xpath("summary")[0])
