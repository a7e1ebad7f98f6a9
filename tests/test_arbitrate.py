"""Arbitration between our candidate and trafilatura's baseline, and rendering its output."""

from __future__ import annotations

import lxml.html
import pytest
from lxml import etree

from pipeline.extract import extract_html
from pipeline.extract.arbitrate import arbitrate, menu_like
from pipeline.extract.article import drop_boilerplate_lines, render_trafilatura
from pipeline.extract.structure import TextMass

PARAGRAPH = (
    "Plantar fasciitis is one of the most common causes of heel pain, and it usually improves with "
    "stretching, supportive shoes and time; most people recover within a year without surgery. "
)


def page(body: str) -> str:
    return f"<!doctype html><html lang='en'><head><title>Shop</title></head><body>{body}</body></html>"


def test_blocks_nested_in_a_block_are_lines_not_lost() -> None:
    body = etree.fromstring(
        "<body><p>Skip to results<head rend='h1'>Packs</head>(154 products)"
        "<list rend='ul'><item>Paragon 68 Pack $158<lb/>Raincover included</item><item>Rook 65</item></list></p>"
        "<list rend='ul'><item>86% recommend it<lb/>as a gift</item>"
        "<item><p>Invite pollinators.</p><list rend='ul'><item>Modular design</item></list></item></list>"
        "<table><row><cell>a</cell><cell>b</cell></row></table></body>"
    )
    assert render_trafilatura(body).split("\n\n") == [
        "Skip to results\nPacks\n(154 products)\nParagon 68 Pack $158\nRaincover included\nRook 65",
        "86% recommend it\nas a gift\nInvite pollinators.\nModular design",
        "a | b",
    ]


def test_text_after_a_heading_that_no_element_holds_is_kept() -> None:
    # a deals page writes each item's paragraph as loose text after its heading; trafilatura's
    # body holds it as the tail of the <head>, which rendering block by block left out
    body = etree.fromstring(
        "<body>Deals of the day<head rend='h2'>Controller for $39</head>The price dropped early."
        "<head rend='h2'>Watch for $169</head>Lowest price ever.<p>Prices may change.</p>Tags</body>"
    )
    assert render_trafilatura(body).split("\n\n") == [
        "Deals of the day",
        "Controller for $39",
        "The price dropped early.",
        "Watch for $169",
        "Lowest price ever.",
        "Prices may change.",
    ]


def test_a_menu_does_not_replace_a_short_pitch() -> None:
    menu = "\n".join(["Platform", "Integrations", "API Network", "Pricing", "Enterprise", "Docs", "Blog"] * 10)
    pitch = "Build APIs together. Over 30 million developers use our platform to design and test their APIs."
    assert menu_like(menu) and not menu_like(pitch)
    kept = arbitrate(pitch, "trafilatura", menu)
    assert not kept.baseline_won and kept.text == pitch
    # a real text still replaces a short candidate, and an empty candidate takes even a menu
    prose = " ".join(["Heel pain is common and usually improves with rest and stretching."] * 10)
    assert arbitrate(pitch, "trafilatura", prose).baseline_won
    assert arbitrate("", "trafilatura", menu).baseline_won


def test_page_landmark_roles_inside_main_are_content() -> None:
    feature = (
        "<div role='banner'><h2>Made for MagSafe</h2><p>Built with an array of magnets, the case guarantees "
        "flawless compatibility with chargers and accessories of every kind.</p></div>"
    )
    html = page(
        "<div role='banner'><a href='/'>Shop</a> <a href='/c'>Cases</a></div><main>"
        + feature
        + "".join(f"<p>{PARAGRAPH}{i}</p>" for i in range(4))
        + "</main>"
    )
    text = extract_html(html, "https://shop.example/case").text
    assert "guarantees flawless compatibility" in text and "Cases" not in text


def test_control_labels_on_a_line_of_their_own_go() -> None:
    text = (
        "Customer reviews\nWrite a Review\n11 min read\nClick to expand...\nLearn more\nJoined\n"
        "Free shipping on orders over $50 ends today."
    )
    assert drop_boilerplate_lines(text) == "Free shipping on orders over $50 ends today."
    kept = "Learn more about heel pain"
    assert drop_boilerplate_lines(kept) == kept


def test_post_navigation_breadcrumbs_and_cross_sell_labels_go() -> None:
    text = (
        "Heel pain usually settles within a year.\nNext article: Night splints explained\n"
        "« Previous post: Choosing running shoes\nHome › Foot health › Heel pain\n\n"
        "If you liked this post you might also like:\n\nFrequently bought together"
    )
    assert drop_boilerplate_lines(text) == "Heel pain usually settles within a year."
    # a menu path inside instructions, and a sentence that starts like post navigation, stay
    kept = "Open Settings > Privacy > Location to turn it off.\nNext steps: book a scan."
    assert drop_boilerplate_lines(kept) == kept


def test_shop_fulfilment_labels_and_support_appeals_go() -> None:
    text = (
        "Ships from: Israel\nFREE Fast Delivery\nEarn $13.70 in rewards\nReturns & exchanges accepted\n"
        "The insoles are trimmed to fit any shoe.\n\n"
        "Heel Notes is written by two runners. If you liked this article, please consider sharing it."
    )
    assert drop_boilerplate_lines(text) == "The insoles are trimmed to fit any shoe."
    kept = "If you like this stretch, do it twice a day.\nShipping and returns are covered below."
    assert drop_boilerplate_lines(kept) == kept


def test_shop_controls_with_a_price_or_a_tail_go() -> None:
    """A card's price before its button, a stock badge, a seller line, a stock alert, a
    promotion and a report link are shop controls on lines of their own; "Recent News" and
    "As seen on Instagram" head a feed's box."""
    text = (
        "$130 Add to cart\nEn stock\nIn Stock\nSold By: Poetry in Stitches\nNotify me when back in stock\n"
        "Returns & exchanges accepted within 30 days\nBuy a Case, Get a Free Screen Protector\n"
        "Report an issue with this product or seller\nRegister now\nRecent News\nAs seen on Instagram\n"
        "Each mug is thrown by hand and glazed twice."
    )
    assert drop_boilerplate_lines(text) == "Each mug is thrown by hand and glazed twice."
    kept = (
        "Sold by weight, the clay is cheaper in bulk.\nBuy a kiln, and the cost of firing drops.\n"
        "Register now and then for the workshops that suit you.\nKeep glazes in stock before winter.\n"
        "Recent news of the kiln fire reached us on Instagram."
    )
    assert drop_boilerplate_lines(kept) == kept


SERVICE_PITCH = (
    "Acme Cloud runs your databases, queues and functions in one place, so your team ships features "
    "instead of patching servers. Every plan includes backups, monitoring and support from engineers. "
)


def service_page(head: str = "") -> str:
    """A service page: a three-paragraph pitch, then a grid of 20 linked feature cards (title and
    blurb each) that trafilatura prunes as link-dense teasers."""
    pitch = "".join(f"<p>{SERVICE_PITCH.replace('Acme Cloud', name)}</p>" for name in ("Acme Cloud", "Our cloud", "It"))
    cards = "".join(
        f"<div class='card'><a href='/features/f{i}'><h3>Feature number {i} for teams</h3>"
        f"<p>Scale workload {i} across regions with one click and pay only for the seconds you use.</p></a></div>"
        for i in range(20)
    )
    return (
        f"<!doctype html><html lang='en'><head><title>Acme Cloud</title>{head}</head><body><main>"
        f"<section><h1>Acme Cloud</h1>{pitch}</section>"
        f"<section><h2>What you get</h2><div class='cards'>{cards}</div></section></main></body></html>"
    )


def test_a_service_page_keeps_its_cards_when_trafilatura_kept_only_the_pitch() -> None:
    result = extract_html(service_page(), "https://acme.example/")
    assert result.extractor_used == "page-blocks"
    assert "Feature number 7 for teams" in result.text
    assert "Scale workload 19 across regions" in result.text
    assert SERVICE_PITCH.strip() in result.text


def test_a_page_that_declares_itself_an_article_keeps_trafilatura_s_text() -> None:
    # The same page marked og:type=article: its pitch holds over PAGE_BLOCKS_SHARE_ANY of the
    # blocks, so trafilatura's choice of the prose stands.
    result = extract_html(service_page("<meta property='og:type' content='article'>"), "https://acme.example/")
    assert result.extractor_used == "trafilatura"
    assert SERVICE_PITCH.strip() in result.text
    assert "Feature number 7" not in result.text


def test_a_page_level_json_ld_type_alone_does_not_make_the_page_one_article() -> None:
    # An SEO plugin's WebPage and FAQPage, on every page of the site: the service page's cards
    # are still its text. A BlogPosting beside them declares one article.
    def jsonld(*types: str) -> str:
        graph = ", ".join(f'{{"@type": "{kind}", "name": "Acme Cloud"}}' for kind in types)
        return f"<script type='application/ld+json'>{{\"@graph\": [{graph}]}}</script>"

    result = extract_html(service_page(jsonld("WebPage", "FAQPage")), "https://acme.example/")
    assert result.extractor_used == "page-blocks"
    assert "Feature number 7 for teams" in result.text
    result = extract_html(service_page(jsonld("WebPage", "BlogPosting")), "https://acme.example/")
    assert result.extractor_used == "trafilatura"
    assert "Feature number 7" not in result.text


def test_a_product_page_takes_its_article_s_blocks_only_when_trafilatura_kept_a_fragment_of_them() -> None:
    # JSON-LD Product: one product's page. Its article's blocks are the item (feature cards,
    # spec rows trafilatura prunes as teasers: product-blocks, session 20); cards outside the
    # page's one <article> (offers, recommendations around the item) are not, and trafilatura's
    # text stands.
    product = '<script type=\'application/ld+json\'>{"@type": "Product", "name": "Acme Cloud"}</script>'
    html = service_page(product)
    result = extract_html(html, "https://acme.example/")
    assert result.extractor_used == "product-blocks"
    assert "Feature number 7 for teams" in result.text
    assert SERVICE_PITCH.strip() in result.text
    pitch_only = html.replace("<main><section><h1>", "<main><article><section><h1>").replace(
        "</section><section><h2>What you get", "</section></article><section><h2>What you get"
    )
    result = extract_html(pitch_only, "https://acme.example/")
    assert result.extractor_used == "trafilatura"
    assert "Feature number 7" not in result.text


def test_menu_entries_are_left_out_of_the_page_blocks() -> None:
    menu = "<ul class='links'><li><a href='/about'>About us</a></li><li><a href='/jobs'>Careers</a></li></ul>"
    html = service_page().replace("</main>", f"</main><div>{menu}<p><a href='/e'>Classes &amp; Events</a></p></div>")
    result = extract_html(html, "https://acme.example/")
    assert result.extractor_used == "page-blocks"
    assert "Feature number 7 for teams" in result.text  # a card's title: a long link, kept
    for entry in ("About us", "Careers", "Classes & Events"):
        assert entry not in result.text


def test_a_block_named_footer_is_left_out_of_the_page_blocks() -> None:
    # The page's footer as a <div class="footer">, not a <footer>: its address and credits are no
    # part of the page's blocks; a card whose class only holds "foot" stays.
    footer = (
        "<div class='footer csst'><p class='address'>2727 Allen Pkwy #1200<br>Houston TX, 77019</p>"
        "<p class='credits'>Copyright 2019 - 2025 Acme Cloud Incorporated, all rights reserved</p></div>"
    )
    html = service_page().replace("</main>", f"</main>{footer}").replace("class='card'", "class='card foot'", 1)
    result = extract_html(html, "https://acme.example/")
    assert result.extractor_used == "page-blocks"
    assert "Feature number 0 for teams" in result.text
    assert "Allen Pkwy" not in result.text
    assert "all rights reserved" not in result.text


def test_a_menu_of_links_set_as_blocks_is_left_out_of_the_page_blocks() -> None:
    # A footer column of utility-class CSS: a title and links made blocks by their classes, with
    # no white space or list markup between them; a sentence holding a short link stays.
    column = (
        "<div class='col-span-1'><h3>Shop</h3><a class='block' href='/best'>Bestsellers</a>"
        "<a class='block' href='/new'>New arrivals</a><a class='block' href='/desks'>Desks</a></div>"
        "<div><p>Read <a href='/faq'>the FAQ</a> before you order, and write to us when it does not answer.</p></div>"
    )
    html = service_page().replace("</main>", f"</main><div>{column}</div>")
    result = extract_html(html, "https://acme.example/")
    assert result.extractor_used == "page-blocks"
    for entry in ("Bestsellers", "New arrivals", "Desks"):
        assert entry not in result.text
    assert "Read the FAQ before you order, and write to us when it does not answer." in result.text


def test_a_cards_one_short_link_beside_its_data_stays_in_the_page_blocks() -> None:
    # A ranked list's rows: the author's name is a short link alone in its block, beside the
    # row's rating line; a menu's entries beside one another are links only and go.
    rows = "".join(
        f"<tr><td>{i}</td><td><a href='/b{i}'>The book number {i} of the list</a> <span>by</span>"
        f"<span><div class='author'><a href='/a{i}'>Writer {chr(65 + i)}. Lee</a></div></span>"
        f"<div>4.{i} avg rating, {i},204 ratings</div></td></tr>"
        for i in range(6)
    )
    menu = "<ul><li><a href='/about'>About us</a></li><li><a href='/jobs'>Careers</a></li></ul>"
    html = service_page().replace("</main>", f"</main><table>{rows}</table><div>{menu}</div>")
    result = extract_html(html, "https://acme.example/")
    assert result.extractor_used == "page-blocks"
    for i in range(6):
        assert f"Writer {chr(65 + i)}. Lee" in result.text
    for entry in ("About us", "Careers"):
        assert entry not in result.text


def test_a_menus_links_beside_one_promo_line_are_left_out_of_the_page_blocks() -> None:
    # A mega menu written in plain divs (no <nav>, no names the boilerplate layer knows): a dozen
    # short links and one promo line in one container. One line of text is no card's data for
    # twelve links (CARD_DATA_PER_LINK); the ranked rows above keep theirs, a line each.
    entries = ["Data Analysis", "Data Quality", "BI Consulting", "Data Mining", "Big Data", "Careers"]
    entries += ["Leadership Team", "Locations", "How We Work", "Where to Start", "Recognition", "Join Us"]
    links = "".join(f"<div><a href='/m{i}'>{entry}</a></div>" for i, entry in enumerate(entries))
    menu = f"<div class='x9'><div>{links}<span>Ranked among the fastest-growing firms</span></div></div>"
    html = service_page().replace("<body>", f"<body>{menu}")
    result = extract_html(html, "https://acme.example/")
    assert result.extractor_used == "page-blocks"
    assert "Feature number 7 for teams" in result.text
    for entry in entries:
        assert entry not in result.text


def test_the_page_blocks_start_at_the_pages_one_headline() -> None:
    # A header written in plain divs (no <header>, no <nav>, names no rule knows): a country
    # chooser's sentence and a promo bar before the <h1> are the header's, not the page's text.
    header = (
        "<div class='q1'><div class='q2'><p>Choose another country or region to see content specific"
        " to where you are.</p></div><div class='q3'><p>Spring sale: every annual plan is a third off"
        " until the end of the month.</p></div></div>"
    )
    html = service_page().replace("<body>", f"<body>{header}")
    result = extract_html(html, "https://acme.example/")
    assert result.extractor_used == "page-blocks"
    assert "Feature number 7 for teams" in result.text
    assert SERVICE_PITCH.strip() in result.text
    assert "Choose another country" not in result.text
    assert "Spring sale" not in result.text
    # A feed of several <h1> cards does not say where its text starts: nothing is cut.
    feed = html.replace("<h3>Feature number 3 for teams</h3>", "<h1>Feature number 3 for teams</h1>")
    assert "Spring sale" in extract_html(feed, "https://acme.example/").text


def closing_links() -> str:
    """A footer written in plain divs (no <footer>, names no rule knows): columns of a group
    heading and short links, and a line of its own."""
    groups = {
        "Platform": ["Databases", "Queues", "Functions", "Edge network", "Status"],
        "Company": ["About", "Careers", "Press", "Partners", "Investors"],
        "Resources": ["Docs", "Guides", "Webinars", "Community forum", "Support"],
    }
    columns = "".join(
        f"<div class='c{i}'><h4>{group}</h4>{''.join(f'<div><a href=/{e}>{e}</a></div>' for e in entries)}</div>"
        for i, (group, entries) in enumerate(groups.items())
    )
    line = "<div class='z3'><span>Made with care in Oslo</span></div>"
    return f"<div class='z1'><div class='z2'>{columns}</div>{line}</div>"


def test_the_page_blocks_end_before_the_pages_closing_link_lists() -> None:
    # Its links go as menu entries (LONE_LINK_MAX_WORDS); the run of link lists that ends the
    # page is its footer, and its group headings and line go too (footer-run).
    html = service_page().replace("</main>", f"</main>{closing_links()}")
    result = extract_html(html, "https://acme.example/")
    assert result.extractor_used == "page-blocks"
    assert "Feature number 19 for teams" in result.text
    for line in ("Platform", "Company", "Resources", "Made with care in Oslo"):
        assert line not in result.text
    # A section of prose before it stays; a run of link lists that is most of the page is the
    # page's own catalogue (FOOTER_MAX_SHARE), and stays.
    closing = "<div class='z4'><p>Acme Cloud was founded in 2011 by two engineers tired of paging.</p></div>"
    result = extract_html(html.replace("</main>", f"</main>{closing}"), "https://acme.example/")
    assert "founded in 2011" in result.text
    assert "Made with care in Oslo" not in result.text
    result = extract_html(service_page().replace("</main>", f"</main>{closing_links() * 30}"), "https://acme.example/")
    assert result.extractor_used == "page-blocks"
    assert "Made with care in Oslo" in result.text


def test_a_cards_caption_is_its_text_and_an_articles_picture_caption_is_not() -> None:
    # Bootstrap's thumbnail: a picture over its caption, the card's name and price; a category
    # page's text is made of them. A WordPress picture caption in an article still goes.
    cards = "".join(
        f"<div class='thumbnail'><img src='/p{i}.jpg'><div class='caption'><h4>Trail tent {i}</h4>"
        f"<span>Sleeps {i + 2} people, 3-season, peak height {60 + i} in.</span></div></div>"
        for i in range(12)
    )
    html = service_page().replace("</main>", f"</main><div class='row'>{cards}</div>")
    result = extract_html(html, "https://acme.example/")
    assert result.extractor_used == "page-blocks"
    assert "Sleeps 9 people, 3-season, peak height 67 in." in result.text
    caption = (
        "<div class='wp-caption'><img src='a.jpg'><p class='wp-caption-text'>A runner stretches her calf.</p></div>"
    )
    article = f"<article><h1>Heel pain</h1><p>{PARAGRAPH * 2}</p>{caption}<p>{PARAGRAPH * 2}</p></article>"
    assert "A runner stretches" not in extract_html(page(article), "https://acme.example/a").text


def test_a_grids_cards_ask_for_the_data_beside_them_once(monkeypatch: pytest.MonkeyPatch) -> None:
    # A catalogue of thousands of one-link cards in one container: the text beside them is
    # looked for once for the container, not once a card (that was quadratic in the cards).
    import pipeline.extract.blocks as blocks

    calls: list[int] = []
    xpath = blocks._TEXT_OUTSIDE_LINKS

    def counted(element: etree._Element) -> list[str]:
        calls.append(1)
        return list(xpath(element))

    monkeypatch.setattr(blocks, "_TEXT_OUTSIDE_LINKS", counted)
    cards = "".join(f"<div><a href='/x{i}'>Item {i}</a></div><span>note {i}</span>" for i in range(200))
    body = lxml.html.fromstring(f"<html><body><div>{cards}</div></body></html>").find("body")
    assert blocks._lone_short_links(body) == []  # each card's link is beside its note: kept
    assert len(calls) == 1


def test_the_baseline_reads_the_untouched_page_only_where_it_can_overrule(monkeypatch: pytest.MonkeyPatch) -> None:
    """A site rule that removes the article leaves a sliver: the baseline, trafilatura's reading
    of the page as served (parsed again, not the mutated tree), overrules it. A candidate that
    holds most of the page's text cannot be overruled, so no baseline is computed for it."""
    import pipeline.extract as extract
    from pipeline.extract.arbitrate import BASELINE_GATE_SHARE, baseline_text
    from pipeline.extract.sites import SiteRules

    calls: list[int] = []

    def counted(tree: etree._Element, url: str) -> str:
        calls.append(len(tree.findall(".//div[@class='story']/p")))
        return baseline_text(tree, url)

    monkeypatch.setattr(extract, "baseline_text", counted)
    body = (
        "<nav><a href='/'>Home</a> <a href='/a'>Conditions</a></nav>"
        "<div class='story'><h1>Heel pain</h1>" + "".join(f"<p>{PARAGRAPH}{i}</p>" for i in range(6)) + "</div>"
        "<footer><p>Contact us about this page and our other services today.</p></footer>"
    )
    rules = {"example.org": SiteRules(hosts=("example.org",), remove=("div.story",))}
    gutted = extract_html(page(body), "https://example.org/heel", site_rules=rules)
    assert calls == [6]  # the untouched page: all six paragraphs, though the rule removed them
    assert gutted.extractor_used == "baseline"
    assert any(w.startswith("baseline kept") for w in gutted.warnings)
    assert gutted.text.count("Plantar fasciitis") == 6

    calls.clear()
    whole = extract_html(page(body), "https://example.org/heel")
    assert whole.extractor_used != "baseline" and whole.text.count("Plantar fasciitis") == 6
    assert calls == []  # the candidate holds far more than BASELINE_GATE_SHARE of the page
    assert len(whole.text) > BASELINE_GATE_SHARE * len(" ".join(PARAGRAPH.split()) * 6)


def test_a_menu_of_links_with_no_space_between_them_is_not_the_article() -> None:
    # A shop's mega-menu in a <nav>: 120 links of four words, one after the other in one <div>
    # with no white space or list markup. Counted as the <div>'s own text it was one paragraph of
    # 3,000 characters, out-weighing the pitch and the cards: the anchor landed in the menu and
    # protected it from the <nav> rule, and the page-blocks step kept it.
    entries = "".join(f"<a href='/c{i}'>Living Room Furniture {i}</a>" for i in range(120))
    html = service_page().replace("<body>", f"<body><div class='top'><nav><div>{entries}</div></nav></div>")
    result = extract_html(html, "https://acme.example/")
    assert result.extractor_used == "page-blocks"
    assert "Feature number 7 for teams" in result.text
    assert "Living Room Furniture 5" not in result.text


def test_the_pages_footer_fine_print_is_not_the_article() -> None:
    # Two paragraphs of offer terms in the page's <footer> out-score the pitch: the anchor landed
    # in the footer and protected it from the <footer> rule, and the page-blocks step kept the
    # terms. The best container outside the page's footer is the anchor.
    terms = (
        "<p>Offer available to new subscribers who purchase an eligible device. Only one offer per "
        "account and only one offer per family if you are part of a sharing group, regardless of the "
        "number of devices you or your family purchase. The plan automatically renews at the then "
        "current monthly price until cancelled, and the offer cannot be combined with other free "
        "trials, promotional credits or bundles. Terms apply; see the offer page for eligibility.</p>"
    ) * 2
    html = service_page().replace("</main>", f"</main><footer><div>{terms}</div></footer>")
    root = lxml.html.fromstring(html)
    anchor = TextMass(root).anchor
    assert anchor is not None and "footer" not in root.getroottree().getpath(anchor)
    result = extract_html(html, "https://acme.example/")
    assert result.extractor_used == "page-blocks"
    assert "Feature number 7 for teams" in result.text
    assert "Offer available to new subscribers" not in result.text


def test_a_footer_written_as_a_named_div_is_the_pages_footer_too() -> None:
    # A 2012 layout (or a page builder's today) writes its footer as <div id="footer">: its fine
    # print out-scored a short article, the anchor landed there and protected it from the footer
    # token rule, and trafilatura read the fine print (wcxb-dev 0362 with its tags as divs: 0.90 -> 0.00).
    terms = (
        "<p>This material is not intended to replace the advice of a qualified professional. The "
        "information has been obtained from sources believed to be reliable, is for informational "
        "purposes only, is not guaranteed as to accuracy and may not reflect our current opinion.</p>"
    ) * 2
    post = (
        "A good risk management program screens prospective renters so that only qualified drivers "
        "operate the vehicles, and sound practice at the rental counter is the first step in keeping "
        "the fleet safe and in good condition; the guide walks through each step of it in turn."
    )
    menu = " ".join(f"<a href='/g{i}'>Guides for fleet owners {i}</a>" for i in range(12))
    html = (
        f"<html><body><div id='header'>{menu}</div>"
        f"<div id='content'><h1>Rental counter safety</h1><p>{post}</p>"
        "<ul><li>General procedures at the counter</li><li>Reporting losses</li></ul></div>"
        f"<div class='l-footer' id='page-footer'><div>{terms}</div></div></body></html>"
    )
    root = lxml.html.fromstring(html)
    anchor = TextMass(root).anchor
    assert anchor is not None and anchor.get("id") == "content"
    result = extract_html(html, "https://fleet.example/guide")
    assert post in result.text and "Reporting losses" in result.text
    assert "qualified professional" not in result.text
    # a wrapper named for the footer it pushes down holds the headline: it is no footer
    wrapped = html.replace("<body>", "<body><div id='has-footer'>").replace("</body>", "</div></body>")
    assert TextMass(lxml.html.fromstring(wrapped)).anchor.get("id") == "content"  # type: ignore[union-attr]
    # a class names a kind of block (a column's closing line), not the page's footer
    classed = html.replace("class='l-footer' id='page-footer'", "class='l-footer'")
    assert TextMass(lxml.html.fromstring(classed)).anchor.get("id") != "content"  # type: ignore[union-attr]
