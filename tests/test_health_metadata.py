"""Health metadata of schema 2.0: reviewers, review dates, references, disclaimers, hygiene."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from pipeline.extract import extract_html
from pipeline.extract.bylines import DATELINE_MAX_HOSTS, _is_field, _near_headline
from pipeline.extract.html import parse_html, short_text_hosts
from pipeline.extract.language import checked_language
from pipeline.extract.names import split_people
from pipeline.extract.references import parse_reference
from tests.test_extract_rules import PARAGRAPH, article, page


@pytest.mark.parametrize(
    ("text", "links", "doi", "pmid", "pmcid", "year"),
    [
        (
            "Reddel HK, et al. GINA strategy 2021. Eur Respir J. 2022;59(1):2102730. doi:10.1183/13993003.02730-2021.",
            [],
            "10.1183/13993003.02730-2021",
            None,
            None,
            2022,
        ),
        ("Papi A, et al. Asthma. Lancet. 2018;391(10122):783-800. PMID: 28911920", [], None, "28911920", None, 2018),
        (
            "Zhang H, et al. (2013). Discontinuation of statins.",
            ["https://www.ncbi.nlm.nih.gov/pmc/articles/PMC3692286/"],
            None,
            None,
            "PMC3692286",
            2013,
        ),
        (
            "Howard JP. Side effect patterns. PubMed",
            ["https://pubmed.ncbi.nlm.nih.gov/34531021/"],
            None,
            "34531021",
            None,
            None,
        ),
        (
            "Meta-analysis (S0140-6736 series)",
            ["https://doi.org/10.1016/S0140-6736(22)01545-8"],
            "10.1016/S0140-6736(22)01545-8",
            None,
            None,
            None,
        ),
        ("GBD 2019 Collaborators (October 2020). Global burden of 369 diseases.", [], None, None, None, 2020),
    ],
)
def test_reference_ids_and_year(
    text: str, links: list[str], doi: str | None, pmid: str | None, pmcid: str | None, year: int | None
) -> None:
    found = parse_reference(text, links)
    assert (found.doi, found.pmid, found.pmcid, found.year) == (doi, pmid, pmcid, year)


def test_credentials_stay_apart_and_aligned() -> None:
    assert split_people("Dr. Bo Chan, PharmD, FACP and Ann Lee, RN") == [("Bo Chan", "PharmD, FACP"), ("Ann Lee", "RN")]
    assert split_people("Priya Natarajan, DPM, Department of Foot and Ankle Surgery")[0] == ("Priya Natarajan", "DPM")


def test_jsonld_reviewer_review_date_citation_and_entities() -> None:
    data = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "headline": "Heel pain &#8211; what helps",
        "author": {"@type": "Person", "name": "Ann Lee", "honorificSuffix": "DPT"},
        "reviewedBy": {"@type": "Person", "name": "Bo Chan", "hasCredential": [{"name": "MD"}]},
        "lastReviewed": "2024-04-02",
        "citation": [
            {
                "@type": "ScholarlyArticle",
                "name": "Plantar heel pain review",
                "sameAs": "https://doi.org/10.1000/abc",
                "datePublished": "2019-05-01",
            }
        ],
    }
    head = f"<title>x</title><script type='application/ld+json'>{json.dumps(data)}</script>"
    body = "".join(f"<p>{PARAGRAPH}{i}</p>" for i in range(4))  # no <h1>: the JSON-LD headline is the title
    extraction = extract_html(page(body, head), "https://footnotes.example/heel")
    meta = extraction.metadata
    assert meta.title == "Heel pain – what helps"
    assert (meta.authors, meta.author_credentials) == (["Ann Lee"], ["DPT"])
    assert (meta.reviewers, meta.reviewer_credentials) == (["Bo Chan"], ["MD"])
    assert meta.last_reviewed == dt.date(2024, 4, 2) and meta.modified is None
    assert [(r.doi, r.year) for r in extraction.references] == [("10.1000/abc", 2019)]


def test_review_lines_next_review_and_disclaimer_are_metadata_not_text() -> None:
    html = page(
        article(
            "<p>Clinically reviewed by Eva Ruiz, RN</p>",
            "<dl><dt>Page last reviewed:</dt><dd>3 October 2024</dd>"
            "<dt>Next review due:</dt><dd>3 October 2027</dd></dl>",
        )
        + "<p class='note'>This page is for informational purposes only and is not a substitute for medical advice.</p>"
    )
    extraction = extract_html(html, "https://footnotes.example/heel")
    meta = extraction.metadata
    assert (meta.reviewers, meta.reviewer_credentials) == (["Eva Ruiz"], ["RN"])
    assert (meta.last_reviewed, meta.next_review) == (dt.date(2024, 10, 3), dt.date(2027, 10, 3))
    assert meta.disclaimer is not None and meta.disclaimer.startswith("This page is for informational purposes only")
    for leaked in ("Eva Ruiz", "reviewed", "2027", "informational purposes"):
        assert leaked not in extraction.text


def test_numbered_notes_become_references_and_their_calls_leave_the_text() -> None:
    notes = (
        "<div class='footnotes'><ol>"
        "<li id='fn1'>Lee A. Heel pain. BMJ. 2020;368:m1. doi:10.1136/bmj.m1 <a href='#fnref1'>↩</a></li>"
        "<li id='fn2'>Chan B. Stretching. <a href='https://pubmed.ncbi.nlm.nih.gov/123456/'>PubMed</a></li>"
        "</ol></div>"
    )
    body = article("<p>Most heel pain settles with stretching.<sup><a href='#fn1'>1</a></sup></p>") + notes
    extraction = extract_html(page(body), "https://footnotes.example/heel")
    assert [(r.position, r.doi, r.pmid) for r in extraction.references] == [
        (0, "10.1136/bmj.m1", None),
        (1, None, "123456"),
    ]
    assert "stretching.\n" in extraction.text + "\n" and "stretching.1" not in extraction.text
    assert "Heel pain. BMJ" not in extraction.text


def test_a_reviewer_list_under_a_site_name_is_not_a_person() -> None:
    head = "<title>Heel pain explained | Footnotes</title><meta property='og:site_name' content='Footnotes Health'>"
    html = page(article("<p>By Footnotes Health</p>"), head)
    assert extract_html(html, "https://footnotes.example/heel").metadata.authors == []


def test_language_from_the_text_when_the_declared_one_is_wrong() -> None:
    german = (
        "Fast jeder Mensch hat irgendwann Rückenschmerzen. In den allermeisten Fällen steckt keine gefährliche "
        "Ursache dahinter, und die Beschwerden bessern sich innerhalb von wenigen Wochen von selbst. Wer in "
        "Bewegung bleibt, wird in der Regel schneller wieder schmerzfrei."
    )
    assert checked_language("en", german) == "de"
    assert checked_language("de", german) == "de"
    assert checked_language("en", "Kurzer Text.") == "en"  # too little text to overrule the page


def test_entities_escaped_twice_are_decoded_in_the_title() -> None:
    html = page(
        article().replace("<h1>Heel pain explained</h1>", "<h1>Heel pain &amp;#8211; stretches &amp;amp; shoes</h1>")
    )
    assert extract_html(html, "https://footnotes.example/heel").metadata.title == "Heel pain – stretches & shoes"


def test_the_dateline_window_opens_at_an_h1_and_at_inline_text_anywhere_inside_one() -> None:
    """``_near_headline``: the text pieces within DATELINE_MAX_HOSTS of a headline's text, whether
    the h1 holds its text itself or in inline elements nested in it; a block inside the h1, or
    inline text outside every h1, opens no window."""
    filler = "".join(f"<p>Paragraph number {i}.</p>" for i in range(20))
    page = (
        f"<html><body>{filler}<h1><span><em><a href='/a'>Nested headline</a></em></span></h1>{filler}"
        f"<div><b>bold, no headline</b></div>{filler}<h1><div>Block in a headline</div></h1>{filler}</body></html>"
    )
    hosts = short_text_hosts(parse_html(page))
    texts = [text for _, text in hosts]
    nested = texts.index("Nested headline")
    near = _near_headline(hosts)
    window = DATELINE_MAX_HOSTS
    assert near == set(range(nested - window, nested + window + 1))
    own = parse_html(f"<html><body>{filler}<h1>Own text</h1>{filler}</body></html>")
    own_hosts = short_text_hosts(own)
    at = [text for _, text in own_hosts].index("Own text")
    assert _near_headline(own_hosts) == set(range(at - window, at + window + 1))


def test_a_created_line_is_the_publication_date_and_no_text() -> None:
    # Joomla's article info and a wiki's page info: "Created" is when it was published
    url = "https://footnotes.example/heel"
    info = "<p>Modified: May 1, 2024. Created: Jan 2, 2023</p>"
    extraction = extract_html(page(article(info)), url)
    assert (extraction.metadata.published, extraction.metadata.modified) == (dt.date(2023, 1, 2), dt.date(2024, 5, 1))
    extraction = extract_html(page(article("<p>Created: 02 January 2023</p>")), url)
    assert extraction.metadata.published == dt.date(2023, 1, 2) and "Created" not in extraction.text


def test_bylines_of_teasers_no_class_names_leave_the_first_byline_the_author() -> None:
    teasers = "".join(
        f"<div class='k1'><h3><a href='/s{i}'>Story {i}</a></h3><p>By {name}</p></div>"
        for i, name in enumerate(("Bo Chan", "Cy Diaz", "Di Ek"))
    )
    html = page(article("<p>By Ann Lee</p>") + teasers)
    assert extract_html(html, "https://footnotes.example/heel").metadata.authors == ["Ann Lee"]
    # co-authors in one byline, and the byline repeated under the article, are one byline's people
    html = page(article("<p>By Ann Lee and Bo Chan</p>") + "<p>By Ann Lee</p><p>By Bo Chan</p>")
    assert extract_html(html, "https://footnotes.example/heel").metadata.authors == ["Ann Lee", "Bo Chan"]


def test_a_byline_in_a_card_link_is_the_linked_pages_whatever_its_names() -> None:
    # a "read next" card with no class naming it: a link around the teaser's title and byline
    card = (
        "<section><h3>Read this next</h3><div class='x9'><a href='/sleep/melatonin'>"
        "<p>How Much Melatonin Should You Take?</p><p>Medically reviewed by Jill Seladi, PhD</p></a></div></section>"
    )
    html = page(article("<p>Medically reviewed by Dan Ferreira, MD</p>", card))
    meta = extract_html(html, "https://footnotes.example/heel").metadata
    assert (meta.reviewers, meta.reviewer_credentials) == (["Dan Ferreira"], ["MD"])
    # an author's card whose first block is the byline stays the article's
    author = "<a href='/authors/ann-lee'><div>By Ann Lee</div><div>Health editor</div></a>"
    assert extract_html(page(article(author)), "https://footnotes.example/heel").metadata.authors == ["Ann Lee"]


def test_2012_bylines_a_signed_job_title_a_numeric_date_and_a_layout_cell() -> None:
    url = "https://news.example/health/walking.html"
    # the name signed with its job title, no label; also as "<b>NAME</b>, Staff Writer"
    for line in ("<div>Jane Smith, Staff Writer</div>", "<font size='1'><b>Jane Smith</b>, Staff Writer</font>"):
        assert extract_html(page(article(line)), url).metadata.authors == ["Jane Smith"]
    assert extract_html(page(article("<div>Sports, Staff Writer</div>")), url).metadata.authors == []
    # "By NAME | 03/06/2012" under the headline of an English page: 6 March, month first
    meta = extract_html(page(article("<div>By Jane Smith | 03/06/2012</div>")), url).metadata
    assert meta.published == dt.date(2012, 3, 6)
    # a bare date in a cell of a layout table is the headline's dateline; beside a label cell
    # ("Joined") or in a table with header cells it is a field
    cell = "<table><tr><td>{}</td><td>20 December 2011</td></tr></table>"
    assert extract_html(page(article(cell.format(""))), url).metadata.published == dt.date(2011, 12, 20)
    headed = "<table><tr><th>Event</th><th>Date</th></tr><tr><td></td><td>20 December 2011</td></tr></table>"
    for table, field in ((cell.format(""), False), (cell.format("Joined"), True), (headed, True)):
        date_cell = parse_html(f"<html><body>{table}</body></html>").findall(".//td")[-1]
        assert _is_field(date_cell) is field


def test_a_column_heading_is_no_byline() -> None:
    # phpBB's "Author | Message" header row over the posts: "Author" labels a column, and the
    # cell beside it ("Message") is no author's name
    table = (
        "<table><tr><th>Author</th><th>Message</th></tr><tr><td><b>dave_r</b></td><td>My back hurts.</td></tr></table>"
    )
    assert "Message" not in extract_html(page(article(table)), "https://forum.example/t/1").metadata.authors
