"""Titles by the page's role and the heading's place: a home page's <h1>, a pop-up's heading, a
site name before the headline, a listing's count (each rule on markup that fails without it)."""

from __future__ import annotations

from pipeline.extract import extract_html
from tests.test_extract_rules import PARAGRAPH, page

PARAGRAPHS = "".join(f"<p>{PARAGRAPH}{i}</p>" for i in range(4))


def title_of(body: str, head: str, url: str) -> str | None:
    return extract_html(page(body + PARAGRAPHS, head), url).metadata.title


def test_a_home_pages_h1_is_its_headline_not_the_sites_tagline() -> None:
    head = (
        "<title>Render | The cloud for builders</title><meta property='og:site_name' content='Render'>"
        "<meta property='og:title' content='Render | The cloud for builders'>"
    )
    body = "<h1>Your fastest path to production</h1>"
    assert title_of(body, head, "https://render.example/") == "Your fastest path to production"
    # deeper in the site the same <h1> shares no word with og:title: a slogan, not the page's
    # headline, and nothing else on the page names it: the title as written
    assert title_of(body, head, "https://render.example/pricing") == "Render | The cloud for builders"
    # a label of one or two words on the home page is no headline
    assert title_of("<h1>Posts</h1>", head, "https://render.example/") == "The cloud for builders"


def test_without_og_title_a_heading_must_share_words_with_the_page_title() -> None:
    # a list's column heading ("Score") and a teaser's marked headline are not the page's title
    head = "<title>Best Books Ever (77141 books)</title>"
    assert title_of("<h1>Score</h1>", head, "https://books.example/list/1") == "Best Books Ever"
    head = "<title>Technology | The Daily</title>"
    teaser = "<h3 class='card-headline'>Chatbots point users to illegal casinos</h3>"
    assert title_of(teaser, head, "https://daily.example/technology") == "Technology | The Daily"
    # a <title> that may be the site's name alone on every page tests no heading
    assert title_of("<h1>Heel pain explained</h1>", "<title>Acme Health</title>", "https://acme.example/a") == (
        "Heel pain explained"
    )


def test_a_slogan_heading_leaves_the_title_as_written() -> None:
    # the page's only <h1> is a slogan that shares no word with its title, and no part of the
    # title shows as a line: the title names the page with its site part
    head = (
        "<title>Insurance for Rideshare and Delivery Drivers | Uber</title>"
        "<meta property='og:title' content='Insurance for Rideshare and Delivery Drivers | Uber'>"
        "<meta property='og:site_name' content='Uber'>"
    )
    url = "https://uber.example/drive/insurance/"
    slogan = "<h1>Cover that helps protect you</h1>"
    assert title_of(slogan, head, url) == "Insurance for Rideshare and Delivery Drivers | Uber"
    # the headline part shown as a line of its own names the page: the site part goes
    shown = slogan + "<h2>Insurance for Rideshare and Delivery Drivers</h2>"
    assert title_of(shown, head, url) == "Insurance for Rideshare and Delivery Drivers"
    # a label or a count in the <h1> is no slogan: the site part goes
    assert title_of("<h1>Coverage</h1>", head, url) == "Insurance for Rideshare and Delivery Drivers"


def test_a_pop_up_heading_is_not_the_title() -> None:
    head = (
        "<title>Latest Cloud Computing News | Dive</title>"
        "<meta property='og:title' content='Latest Cloud Computing News | Dive'>"
    )
    body = (
        "<div class='modal_dialog' id='signup'><form><h1>Don't miss tomorrow's tech industry news</h1></form></div>"
        "<section class='feed-header'><h1>Cloud</h1></section>"
    )
    assert title_of(body, head, "https://dive.example/topic/cloud/") == "Cloud"


def test_the_header_site_name_before_the_headline_in_the_title_goes() -> None:
    body = "<header><h1><a href='/'>davidbau.com</a></h1></header>"
    assert title_of(body, "<title>davidbau.com Vibe Coding</title>", "https://davidbau.example/a/1") == "Vibe Coding"
    # one word left is a product's name that starts with the site's: kept whole
    body = "<header><h1><a href='/'>Acme</a></h1></header>"
    assert title_of(body, "<title>Acme Rockets</title>", "https://acme.example/rockets") == "Acme Rockets"


def test_a_heading_that_is_a_site_part_of_the_title_gives_way_to_the_headline() -> None:
    head = "<title>Mobile App Reviews | Best App Awards – Discover Expert Insights</title>"
    body = "<h1>Best App Awards</h1><h1>Mobile App Reviews</h1>"
    assert title_of(body, head, "https://awards.example/mobile-app-reviews") == "Mobile App Reviews"


def test_an_svg_title_is_not_the_page_title() -> None:
    body = "<nav><a href='https://linkedin.example/'><svg><title>LinkedIn</title></svg></a></nav><p>Text</p>"
    meta = extract_html(page(body + PARAGRAPHS, "<meta charset='utf-8'>"), "https://desk.example/desk").metadata
    assert meta.title != "LinkedIn" and meta.site_name != "LinkedIn"


def test_an_svg_icons_title_is_no_part_of_the_heading() -> None:
    # an icon before the heading's words: its <title> and <desc> are a tooltip, not a line
    body = (
        "<main><h1><svg viewBox='0 0 8 8'><title>card</title><desc>a card</desc><path d='M0'/></svg>Acme Payments</h1>"
    )
    assert title_of(body, "<title>Acme Payments | Acme</title>", "https://acme.example/pay") == "Acme Payments"


def test_og_title_that_writes_a_word_or_two_into_the_heading_is_the_fuller_title() -> None:
    head = (
        "<title>Project Management Certificate | UC Extension</title>"
        "<meta property='og:title' content='Project Management Certificate'>"
    )
    assert title_of("<h1>Project Management</h1>", head, "https://ext.example/pm") == "Project Management Certificate"
    # a part after a separator is a variant or the site's; three more words are a shop's phrase
    head = "<meta property='og:title' content='Wool Runner - Natural Grey (Light Grey Sole)'>"
    assert title_of("<h1>Wool Runner</h1>", head, "https://shoes.example/p/wool-runner") == "Wool Runner"
    head = "<meta property='og:title' content='Buy Studio Headphones at Thomann'>"
    assert title_of("<h1>Studio Headphones</h1>", head, "https://shop.example/c/studio") == "Studio Headphones"
    # the site's own name written in is no extra word: "Netsmartz" and two words more
    head = (
        "<meta property='og:title' content='Netsmartz Generative AI Consulting for SaaS'>"
        "<meta property='og:site_name' content='Netsmartz'>"
    )
    assert title_of("<h1>Generative AI Consulting</h1>", head, "https://ns.example/genai") == (
        "Netsmartz Generative AI Consulting for SaaS"
    )


def test_a_heading_in_a_short_form_names_the_form_whatever_its_names() -> None:
    head = "<title>Latest Cloud Computing News | Dive</title>"
    form = (
        "<div id='x1'><form action='/signup'><h1>Don't miss tomorrow's tech industry news</h1>"
        "<input name='e'></form></div>"
    )
    body = form + "<section><h1>Cloud</h1></section>"
    assert title_of(body, head, "https://dive.example/topic/cloud/") == "Cloud"
    # a form around the whole page (ASP.NET's) is no box over it: its heading is the page's
    whole = f"<form id='aspnetForm'><h1>Heel pain explained</h1>{PARAGRAPHS}</form>"
    assert title_of(whole, "<title>Heel pain explained | Footnotes</title>", "https://footnotes.example/heel") == (
        "Heel pain explained"
    )


def test_a_heading_that_is_only_the_site_part_keeps_the_whole_page_title() -> None:
    # the page's only <h1> is the site part of its <title>: it shows no headline of its own
    head = (
        "<title>Xfinity TV and Streaming - Xfinity Entertainment</title>"
        "<meta property='og:site_name' content='Xfinity'>"
    )
    url = "https://xfinity.example/learn/tv"
    assert title_of("<h1>Xfinity Entertainment</h1>", head, url) == "Xfinity TV and Streaming - Xfinity Entertainment"
    # a heading that is the headline part still drops the site part
    assert title_of("<h1>Xfinity TV and Streaming</h1>", head, url) == "Xfinity TV and Streaming"
    # a site name first: the last part is the headline, not the site's
    head = "<title>Frommers | The 10 Best Airfare Sites</title><meta property='og:site_name' content='Frommers'>"
    assert title_of("<h1>The 10 Best Airfare Sites</h1>", head, "https://frommers.example/tips") == (
        "The 10 Best Airfare Sites"
    )


def test_classes_on_the_body_and_layout_utilities_name_no_banner() -> None:
    # Genesis's <body class="header-full-width content-sidebar"> is every page's, and a Tailwind
    # grid "lg:grid-cols-sidebar-content" holds the article beside its sidebar: neither makes
    # the article's <h1> a logo in a banner (which gave way to the page title)
    head = "<title>Heel pain: causes, stretches and shoes | Footnotes</title>"
    url = "https://footnotes.example/heel"
    for body_class, wrapper in (
        ("header-full-width content-sidebar", "div class='wrap'"),
        ("", "div class='grid lg:grid-cols-sidebar-content site-header:min-h-[calc(100vh-64px)]'"),
    ):
        html = (
            f"<!doctype html><html lang='en'><head>{head}</head><body class='{body_class}'><{wrapper}>"
            f"<h1>Heel pain explained</h1>{PARAGRAPHS}</div></body></html>"
        )
        assert extract_html(html, url).metadata.title == "Heel pain explained"


def test_an_h1_that_is_the_books_name_over_every_page_gives_way_to_the_shown_title_part() -> None:
    head = "<title>Stretches for heel pain - The Footnotes Book</title>"
    body = (
        "<div class='menu-bar'><h1 class='menu-title'>The Footnotes Book</h1></div>"
        "<div class='content'><h2>Stretches for heel pain</h2></div>"
    )
    assert title_of(body, head, "https://book.footnotes.example/ch03.html") == "Stretches for heel pain"


def test_a_logo_h1_is_known_by_what_it_holds_not_by_its_classes() -> None:
    # a header written as plain <div>s with unnamed classes: the <h1> holding only the logo's
    # <svg> (its <title> "Acme logo") or <img>, no letters of its own, is the logo
    head = "<meta property='og:title' content='Acme Payments | Online payment processing'>"
    url = "https://acme.example/en-gb/payments"
    svg_logo = "<h1 class='a1'><a href='/en-gb'><svg viewBox='0 0 9 9'><title>Acme logo</title></svg></a></h1>"
    img_logo = "<h1 class='a1'><a href='/'><img src='/logo.png' alt='Acme logo'></a></h1>"
    for logo in (svg_logo, img_logo):
        body = f"<div class='b2'>{logo}</div><div class='c3'><h2>Payments for every business</h2></div>"
        assert title_of(body, head, url) == "Acme Payments"
    # a word or two beside the image, one link to the home page: the logo's wordmark
    head = "<title>SMF vs MyBB? What are the differences?</title>"
    wordmark = (
        "<h1><a href='https://mybb.example/'><svg viewBox='0 0 9 9'><title>Artboard</title></svg>"
        " <span>MyBB</span></a></h1>"
    )
    body = f"<div>{wordmark}</div><p>Posted by StarredSkies</p>"
    assert (
        title_of(body, head, "https://community.mybb.example/thread-1.html") == "SMF vs MyBB? What are the differences?"
    )
    # an <h1> with words of its own beside an image is still a headline
    head = "<meta property='og:title' content='Acme Payments'>"
    for h1 in (
        "<h1><img src='/i.png' alt=''>Acme Payments</h1>",
        "<h1><a href='/en-gb/payments'><svg viewBox='0 0 9 9'></svg> Acme Payments</a></h1>",
    ):
        assert title_of(h1, head, url) == "Acme Payments"


def test_the_pages_only_h1_outranks_a_product_cards_marked_heading() -> None:
    # no <main> or <article> holds the <h1>: the cards' "headline" headings name one product (and
    # a section's marked heading lower down repeats the <h1>'s words)
    head = "<meta property='og:title' content='Acme Watch'>"
    cards = (
        "".join(f"<div class='card'><h3 class='card-headline'>Acme Watch {m}</h3></div>" for m in ("Series 11", "SE"))
        + "<h2 class='section-headline'>Acme Watch</h2>"
    )
    assert title_of(f"<div class='hero'><h1>Acme Watch</h1></div>{cards}", head, "https://acme.example/watch") == (
        "Acme Watch"
    )
    # a blog's name in the <h1> covers little of the post's title: the marked entry-title wins
    head = "<title>Stretches that ease heel pain | Footnotes</title>"
    body = "<div class='top'><h1>Footnotes</h1></div><h2 class='entry-title'>Stretches that ease heel pain</h2>"
    assert title_of(body, head, "https://footnotes.example/2024/stretches") == "Stretches that ease heel pain"
