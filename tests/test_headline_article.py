"""The article runs from its headline (``headline-article``, session 18): the block the structure
step names ``<article>`` is widened to the one that holds it and the page's one ``<h1>`` before
it, so a lead written in a hero block of its own, or sections beside the anchor's block, are read.
Synthetic pages."""

from __future__ import annotations

from pipeline.extract import extract_html
from pipeline.extract.article_marking import _from_the_headline
from pipeline.extract.html import parse_html
from pipeline.extract.structure import TextMass

URL = "https://clinic.example/conditions/plantar-fasciitis"
LEAD = (
    "Plantar fasciitis is irritation of the thick band of tissue that runs along the bottom of your"
    " foot from the heel bone to the toes, and one of the most common reasons adults see a doctor"
    " about heel pain."
)
SECTIONS = (
    (
        "What it is",
        "The plantar fascia works like a bowstring that supports the arch of your foot. Repeated strain"
        " can cause small tears and swelling where it joins the heel bone, most of all in runners.",
    ),
    (
        "Symptoms",
        "Stabbing pain near the heel with your first steps after waking is the classic sign. The pain"
        " usually eases as you move about but can return after long periods of standing.",
    ),
    (
        "Treatment",
        "Nine out of ten people improve with simple measures started early and kept up for several"
        " months: calf stretches, supportive shoes, ice after activity and a short rest from running.",
    ),
)
CHROME = "<div class='topbar'><a href='/'>Home</a> <a href='/conditions'>Conditions</a></div>"


def hero_page() -> str:
    """A page builder's hero (the headline and the lead) above a layout whose first column holds
    the sections, in ``<div>``s only: no ``<main>`` or ``<article>`` to bound the text."""
    sections = "".join(f"<div class='tab-panel'><h2>{h}</h2><p>{p}</p><p>{p}</p></div>" for h, p in SECTIONS)
    return (
        "<!doctype html><html lang='en'><head><title>Plantar fasciitis</title></head><body>"
        f"{CHROME}<div class='section'><div class='hero'><div class='row'><h1>Plantar fasciitis</h1></div>"
        f"<div class='wrapper'><p class='hero__intro'>{LEAD}</p></div></div>"
        f"<div class='layout'><div class='layout__primary'><div class='tabs'>{sections}</div></div></div></div>"
        "</body></html>"
    )


def test_a_lead_in_a_hero_block_above_the_sections_is_the_articles() -> None:
    text = extract_html(hero_page(), URL).text
    assert LEAD in text
    assert all(p in text for _, p in SECTIONS)


def test_a_headline_above_a_grid_of_links_does_not_widen_the_article() -> None:
    cards = "".join(
        f"<div class='card'><a href='/conditions/c{n}'>Condition number {n} and what to do about it</a></div>"
        for n in range(30)
    )
    html = hero_page().replace("<div class='layout'>", f"<div class='grid'>{cards}</div><div class='layout'>")
    root = parse_html(html)
    tabs = root.xpath("//div[@class='tabs']")[0]
    assert _from_the_headline(tabs, TextMass(root)) is tabs
    plain = parse_html(hero_page())
    assert (
        _from_the_headline(plain.xpath("//div[@class='tabs']")[0], TextMass(plain))
        is plain.xpath("//div[@class='section']")[0]
    )


def test_a_headline_after_the_block_or_inside_it_leaves_it_as_it_is() -> None:
    root = parse_html(
        "<html><body><div><div class='a'><p>One.</p></div><div class='b'><h1>Title</h1></div></div>"
        "<div><div class='c'><h1>Other</h1><p>Two.</p></div></div></body></html>"
    )
    before = root.xpath("//div[@class='a']")[0]
    holding = root.xpath("//div[@class='c']")[0]
    assert _from_the_headline(before, TextMass(root)) is before  # two <h1>s: the article's start is unknown
    root.xpath("//div[@class='b']/h1")[0].getparent().remove(root.xpath("//div[@class='b']/h1")[0])
    assert _from_the_headline(before, TextMass(root)) is before  # the one <h1> after it, in another block
    assert _from_the_headline(holding, TextMass(root)) is holding


ABOUT = (
    "Clinic Group is a provider of outpatient care in twelve countries. It employs around 1,300 people"
    " and its shares are listed on the exchange in Zurich, where the group has its seat since 1955."
)


def press_release(about_heading: str = "") -> str:
    """A press release: the headline and a quote above the text's block, the company's "About"
    paragraph in a block of its own after it (with a heading, or none)."""
    body = "".join(f"<p>{p}</p>" for _, p in SECTIONS)
    return (
        "<html><body><div class='press'><h1>Clinic Group opens a heel clinic</h1><div class='date'>May 2</div>"
        f"<div class='quote'><p>{LEAD}</p></div><div class='content'><div class='text'><div>{body}</div></div>"
        f"<div class='text'><div><hr>{about_heading}<p>{ABOUT}</p></div></div></div></div></body></html>"
    )


def test_a_paragraph_after_the_text_with_no_heading_keeps_the_article_as_it_was() -> None:
    root = parse_html(press_release())
    text = root.xpath("//div[@class='text']/div")[0]
    assert _from_the_headline(text, TextMass(root)) is text
    headed = parse_html(press_release("<h2>More treatments</h2>"))
    text = headed.xpath("//div[@class='text']/div")[0]
    assert _from_the_headline(text, TextMass(headed)) is headed.xpath("//div[@class='press']")[0]


def test_sections_written_between_br_tags_count_as_prose() -> None:
    """A 2012 template writes no <p>: its paragraphs are <font> runs between <br><br>."""
    sections = "".join(
        f"<div><div><h2>{h}</h2><font>{p}</font><br><br><font>{p}</font><br><br></div></div>" for h, p in SECTIONS
    )
    html = (
        "<html><body><div><div><h1>Plantar fasciitis</h1></div>"
        f"<div><div><font>{LEAD}</font><br><br></div></div>{sections}</div></body></html>"
    )
    root = parse_html(html)
    first = root.xpath("//h2")[0].getparent()
    widened = _from_the_headline(first, TextMass(root))
    assert widened is root.xpath("//body/div")[0]
