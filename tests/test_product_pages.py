"""Product and service pages: what a shop prints around the description is not its text."""

from __future__ import annotations

import json

from lxml import html as lxml_html

from pipeline.extract import extract_html
from pipeline.extract.article import drop_boilerplate_lines
from pipeline.extract.review_lists import review_blocks

DESCRIPTION = (
    "<p>The Trail 25 is a day pack of ripstop nylon with a water-repellent finish, a padded back "
    "panel and two stretch pockets that hold a full-size bottle each.</p>"
    "<p>A U-shaped zip opens the main compartment wide, and a rain cover tucks into the base; the "
    "hip belt comes off for city days and the frame sheet keeps the load close.</p>"
)
REVIEW = (
    "I took this pack on a dozen day hikes this summer and it carried everything I needed without "
    "rubbing; the side pockets are deep enough for my big bottle and the rain cover saved my camera "
    "during a storm on the ridge. {} stars from me, and I would buy it again for my partner."
)


def page(body: str, head: str = "") -> str:
    return f"<!doctype html><html lang='en'><head><title>Trail 25 Pack</title>{head}</head><body>{body}</body></html>"


PRODUCT_LD = "<script type='application/ld+json'>" + json.dumps({"@type": "Product", "name": "Trail 25"}) + "</script>"


def reviews(count: int) -> str:
    items = "".join(
        f"<div class='individual-review'><h4>Great pack number {i}</h4><p>{REVIEW.format(i)}</p></div>"
        for i in range(count)
    )
    return f"<section class='product-reviews-accordion'><h2>Reviews ({count})</h2>{items}</section>"


def test_a_declared_products_reviews_are_not_its_text() -> None:
    # Ten reviews outweigh the description: the baseline (trafilatura keeps them) must not win
    # back the page because the candidate "lost" the reviewers' words.
    html = page(f"<main><h1>Trail 25 Pack</h1>{DESCRIPTION}{reviews(10)}</main>", PRODUCT_LD)
    result = extract_html(html, "https://shop.example/trail-25")
    assert "ripstop nylon" in result.text and "U-shaped zip" in result.text
    assert "dozen day hikes" not in result.text
    assert not any(w.startswith("baseline kept") for w in result.warnings)


def test_reviews_stay_on_a_page_that_sells_nothing() -> None:
    # A gear blog's page of readers' reviews is its text: no Product, no og:type product.
    html = page(f"<main><h1>Trail 25 Pack</h1>{DESCRIPTION}{reviews(3)}</main>")
    assert "dozen day hikes" in extract_html(html, "https://blog.example/trail-25").text


def unnamed_reviews(count: int, label: str = "aria-label") -> str:
    """Reviews whose class names say nothing (a hashed template): a score in a label, a
    reviewer, when, and the review's words."""
    items = "".join(
        f"<div class='x{i}a'><span {label}='Rated {i % 5 + 1}.0 out of 5 stars'></span><b>Ryken {i}</b>"
        f"<span>{i + 1} months ago</span><h4>Great pack number {i}</h4><p>{REVIEW.format(i)}</p></div>"
        for i in range(count)
    )
    return f"<div class='q7z'><h2>What people say</h2>{items}<button>Load more</button></div>"


def test_reviews_under_names_we_never_saw_are_found_by_their_shape() -> None:
    # Sibling blocks each with a score, a reviewer's date and words of their own: under any
    # class name a declared product's reviews are not its text (review_lists).
    for label in ("aria-label", "title"):
        html = page(f"<div><h1>Trail 25 Pack</h1>{DESCRIPTION}{unnamed_reviews(6, label)}</div>", PRODUCT_LD)
        text = extract_html(html, "https://shop.example/trail-25").text
        assert "ripstop nylon" in text and "dozen day hikes" not in text


def test_two_scored_blocks_or_priced_cards_are_no_review_list() -> None:
    # Two blocks with a score are no list; cards with a price and a cart button are the shop's
    # other products, not reviews (and the rule is not for them).
    html = page(f"<div><h1>Trail 25 Pack</h1>{DESCRIPTION}{unnamed_reviews(2)}</div>", PRODUCT_LD)
    assert "dozen day hikes" in extract_html(html, "https://shop.example/trail-25").text
    cards = unnamed_reviews(4).replace("<button>", "<p>$49.99 Add to cart</p><button>")
    cards = cards.replace("</p></div>", "</p><p>$49.99 Add to cart</p></div>")
    assert review_blocks(lxml_html.fromstring(unnamed_reviews(4)))
    assert not review_blocks(lxml_html.fromstring(cards))


GERMAN_REVIEW = (
    "Ich habe den Rucksack auf einem Dutzend Tagestouren getragen und nichts hat gescheuert; die "
    "Seitentaschen fassen meine große Flasche und der Regenschutz hat meine Kamera gerettet."
)


def german_reviews(count: int, tail: str = "") -> str:
    """A German shop's reviews under hashed class names: "4/5", "vor 3 Monaten", "Verifizierter Kauf"."""
    items = "".join(
        f"<div class='k{i}'><span aria-label='{i % 5 + 1}/5'></span><b>Jana {i}</b>"
        f"<span>{'vor ' + str(i + 2) + ' Monaten' if i % 2 else 'Verifizierter Kauf'}</span>"
        f"<p>{GERMAN_REVIEW}</p>{tail}</div>"
        for i in range(count)
    )
    return f"<div class='q7z'><h2>Bewertungen</h2>{items}</div>"


def test_reviews_in_another_vocabulary_language_are_found_by_their_shape() -> None:
    # When and who bought it are read in every vocabulary language (time_ago, time_units,
    # reviewer_badges); a cart button in any of them makes a block a product card (cart_buttons).
    assert len(review_blocks(lxml_html.fromstring(german_reviews(4)))) == 4
    assert not review_blocks(lxml_html.fromstring(german_reviews(4, "<p>49,99 EUR</p><p>In den Warenkorb</p>")))


def test_unnamed_reviews_stay_on_a_page_that_sells_nothing() -> None:
    html = page(f"<div><h1>Trail 25 Pack</h1>{DESCRIPTION}{unnamed_reviews(6)}</div>")
    assert "dozen day hikes" in extract_html(html, "https://blog.example/trail-25").text


def test_scripts_notices_go_and_prose_about_trying_again_stays() -> None:
    html = page(
        "<main><h1>Trail 25 Pack</h1>"
        + DESCRIPTION
        + "<div class='queue'><p><a href='/login/'>Sign in</a> to add this item to your wishlist, follow it,"
        " or mark it as ignored</p></div>"
        "<div class='msg'>Oops! Something went wrong. Please try again.</div>"
        "<p class='stock'>Low in stock, only 6 left</p><p>16 people are viewing this right now</p>"
        "<div>Captcha failed to load. Try using a different browser or disabling ad blockers.</div>"
        "<p>If the buckle slips, please try again with the strap pulled tight: it locks on the second "
        "try, and there was a problem with early batches that the new clip fixed.</p></main>"
    )
    text = extract_html(html, "https://shop.example/trail-25").text
    for notice in ("wishlist", "went wrong", "only 6 left", "viewing this", "Captcha"):
        assert notice not in text
    assert "please try again with the strap" in text and "ripstop nylon" in text


def test_notices_on_lines_of_their_own_never_pass() -> None:
    text = (
        "Please Enter a valid email\nYou are already Subscribed\nJust a few left. Order soon!\n"
        "We’ll let you know when your product comes back in stock\n"
        "Your session has expired. Please refresh the page and try again.\n"
        "to set a price alert on this product.\nThe pack weighs 1 lb 13 oz."
    )
    assert drop_boilerplate_lines(text) == "The pack weighs 1 lb 13 oz."
    kept = "Try again later in the season, when the trails are dry.\nto get the best fit, loosen the straps first."
    assert drop_boilerplate_lines(kept) == kept


def test_a_rating_widgets_controls_and_error_never_pass() -> None:
    # A ranked list's rating widget under every row: its script's error tooltip and its two
    # controls, each a line of its own once the list is read as the page's blocks.
    text = (
        "Pride and Prejudice\nError rating book. Refresh and try again.\nRate this book\nClear rating\n"
        "Error loading reviews.\nRate this\nI rate this book among the best of the century."
    )
    assert drop_boilerplate_lines(text) == "Pride and Prejudice\nI rate this book among the best of the century."


def test_a_products_second_copy_of_a_section_is_dropped() -> None:
    # A shop prints its feature panels twice (a slider's cloned slides, mobile and desktop
    # layouts); one copy is its text.
    panels = "".join(
        f"<div class='feature'><h3>{title}</h3><p>{body}</p></div>"
        for title, body in (
            ("Made for MagSafe", "Built with an integrated array of magnets, the case works with every charger."),
            ("Rugged Patina", "With daily use the leather buffs out marks into a rich patina that is yours alone."),
        )
    )
    html = page(
        f"<main><h1>Trail 25 Pack</h1>{DESCRIPTION}<div class='features'>{panels}</div>"
        f"<div class='features-wide'>{panels}</div><p>Made in Portugal.</p></main>",
        PRODUCT_LD,
    )
    text = extract_html(html, "https://shop.example/case").text
    assert text.count("integrated array") == text.count("Rugged Patina") == 1
    assert "Made in Portugal." in text and "ripstop" in text


def test_repeats_stay_where_no_product_is_declared_and_short_ones_everywhere() -> None:
    from pipeline.extract.article import without_repeats

    # a reference repeats a parameter's description under two functions: the page's own text
    section = "timeout: seconds to wait for the server before the request is abandoned and retried"
    reference = page(f"<main><h1>API</h1>{DESCRIPTION}<h2>get</h2><p>{section}</p><h2>post</h2><p>{section}</p></main>")
    assert extract_html(reference, "https://docs.example/api").text.count("seconds to wait") == 2
    # a card's badge said on every card is short: kept however often it repeats
    cards = "\n".join(f"Pack {i}\nFree shipping" for i in range(5))
    assert without_repeats(cards) == cards
    long_run = (
        "A long description line of the product, sixty-odd characters.\n"
        "And its second line, which is as long as the first."
    )
    assert without_repeats(f"{long_run}\nPrice\n{long_run}") == f"{long_run}\nPrice"


def test_a_declared_products_price_switcher_and_repeated_offer_go_and_its_price_stays() -> None:
    # A currency switcher (a run of PRICE_RUN_MIN_LINES price lines) and the offer printed again
    # (a sticky bar's copy) are the shop's; the item's price said once is its own (session 21).
    currencies = (("GBP", "110.82"), ("CAD", "206.74"), ("AUD", "232.60"))
    switcher = "".join(f"<li>{code}: ${amount}</li>" for code, amount in currencies)
    body = (
        f"<main><h1>Trail 25 Pack</h1><p class='price'>$98.00$130.00</p><ul class='currencies'>{switcher}</ul>"
        f"{DESCRIPTION}<p>Price: $20 a year buys the repair plan, parts included.</p>"
        "<div class='sticky'><p>$98.00$130.00</p></div></main>"
    )
    text = extract_html(page(body, PRODUCT_LD), "https://shop.example/trail-25").text
    assert text.count("$98.00$130.00") == 1 and "110.82" not in text and "232.60" not in text
    assert "ripstop nylon" in text and "Price: $20 a year" in text
    # the same lines on a page that declares no product (a listing's cards) are its data
    listing = extract_html(page(body), "https://shop.example/packs").text
    assert "110.82" in listing and listing.count("$98.00$130.00") == 2


def test_rating_summaries_skip_links_and_read_the_full_story_never_pass() -> None:
    # Session 12 (`rating-summaries`): a rating widget's summary beside its stars, a catalogue's
    # skip link and each card's options toggle, a testimonial's link to the case study.
    text = (
        "4.5 out of 5 stars, 10 ratings\n(5 out of 5 rating)\n930 verified reviews\n9,100+ reviews\n"
        "374K+ ★★★★★ reviews\n4.6 on\nNo Reviews Yet\nSkip to product list\nMore options\n"
        "Read the full story\nRead entire review\nContinue Reading\nThe pack weighs 1 lb 13 oz."
    )
    assert drop_boilerplate_lines(text) == "The pack weighs 1 lb 13 oz."
    kept = (
        "Rated by 930 verified reviewers as the lightest pack of the year.\n"
        "Read the full story of the first ascent in our journal.\nSkip to the last section for sizing."
    )
    assert drop_boilerplate_lines(kept) == kept


def test_a_declared_products_shipping_returns_and_financing_lines_go() -> None:
    # Session 12 (`offer-lines`): the shop's fulfilment, returns, trust badges and financing
    # around the description, each a line of its own; on a page that sells nothing they stay
    # (a reference's "Returns" heading, a blog's free-shipping banner it quotes).
    offer = (
        "<ul class='badges'><li>Free shipping worldwide</li><li>30-Day Return Policy</li>"
        "<li>100% secure checkout</li><li>24 month warranty</li></ul>"
        "<div class='eta'><p>Get it by Mon, Mar 9</p><p>Duties and Taxes Paid</p></div>"
        "<div class='finance'><p>As low as $48/mo.</p><p>12-Month Financing</p></div>"
        "<p>Shipping and returns are covered below.</p>"
    )
    html = page(f"<main><h1>Trail 25 Pack</h1>{DESCRIPTION}{offer}</main>", PRODUCT_LD)
    text = extract_html(html, "https://shop.example/trail-25").text
    offer_words = ("Free shipping", "Return Policy", "secure checkout", "warranty", "Mar 9", "Duties", "$48")
    assert not [word for word in (*offer_words, "Financing") if word in text]
    assert "Shipping and returns are covered below." in text and "ripstop nylon" in text
    unsold = extract_html(
        page(f"<main><h1>Trail 25 Pack</h1>{DESCRIPTION}{offer}</main>"), "https://blog.example/t"
    ).text
    assert "24 month warranty" in unsold


def test_calls_to_action_and_cookie_notices_on_lines_of_their_own_never_pass() -> None:
    # Session 12 (`calls-to-action`, `consent-lines`): a service page's buttons and a cookie
    # notice that no element names a consent dialog.
    text = (
        "Start for free\nSchedule a call\nApply Now\nSee pricing plans\nDownload apps\n"
        "Let us know you agree to cookies\nWe use cookies to give you the best online experience.\n"
        "Please let us know if you agree to all of these cookies.\n"
        "Acme uses cookies to enhance site functionality and analyze traffic. By using our site, you agree.\n"
        "Every plan includes backups and monitoring."
    )
    assert drop_boilerplate_lines(text) == "Every plan includes backups and monitoring."
    kept = (
        "Start for free with the starter plan, then upgrade when your team grows.\n"
        "Websites use cookies to remember you between visits.\nLearn more about teams"
    )
    assert drop_boilerplate_lines(kept) == kept


def test_a_microdata_product_around_the_headline_declares_the_page_a_product() -> None:
    # Session 12 (`microdata-product`): a shop that writes no JSON-LD marks its product with
    # microdata; the item around the <h1> is the page's own product, so its offer lines go. A
    # grid of product cards (items without the <h1>) declares nothing: its prices stay (a run of
    # three price lines on a declared product would go).
    offer = "<p>$98.00</p><p>Free shipping worldwide</p>"
    product = page(
        f"<main itemscope itemtype='http://schema.org/Product'><h1>Trail 25 Pack</h1>{DESCRIPTION}{offer}</main>"
    )
    text = extract_html(product, "https://shop.example/trail-25").text
    assert "Free shipping" not in text and "ripstop nylon" in text  # the offer line: a declared product's
    cards = "".join(
        f"<div itemscope itemtype='https://schema.org/Product'><h3>Pack {i}</h3><p>$98.00</p></div>" for i in range(3)
    )
    catalogue = page(f"<main><h1>Trail 25 Pack</h1>{DESCRIPTION}{cards}</main>")
    assert "$98.00" in extract_html(catalogue, "https://shop.example/packs").text


FEATURES = [
    ("Volume", "25 litres, with a lid pocket for keys and a phone"),
    ("Fabric", "recycled ripstop nylon with a water-repellent finish"),
    ("Back system", "a padded mesh panel that keeps air moving on warm climbs"),
    ("Weight", "780 grams with the hip belt and the rain cover"),
    ("Hip belt", "removable, with two zipped pockets for snacks"),
    ("Warranty", "five years on seams, zips and buckles"),
]


def linked_features() -> str:
    """A feature list whose every line is a link to the shop's glossary: trafilatura prunes it
    as a menu, and it is most of the product's text."""
    rows = "".join(f"<li><a href='/glossary/{k.lower()}'>{k}: {v}</a></li>" for k, v in FEATURES)
    return f"<h2>Features</h2><ul>{rows}</ul>"


def test_a_declared_products_article_keeps_the_features_trafilatura_pruned() -> None:
    # product-blocks: trafilatura keeps the two paragraphs, under PRODUCT_BLOCKS_SHARE of the
    # product's <article>; the declaration says the whole block is the item.
    menu = "<nav><a href='/'>Home</a> <a href='/packs'>Packs</a></nav>"
    body = f"{menu}<article><h1>Trail 25 Pack</h1>{DESCRIPTION}{linked_features()}</article>"
    result = extract_html(page(body, PRODUCT_LD), "https://shop.example/trail-25")
    assert result.extractor_used == "product-blocks"
    assert "padded mesh panel" in result.text and "U-shaped zip" in result.text
    assert "Home" not in result.text.split("\n")


def test_an_undeclared_pages_linked_list_stays_trafilaturas_call() -> None:
    # Without the declaration the same list may be a menu: trafilatura's text stands.
    body = f"<article><h1>Trail 25 Pack</h1>{DESCRIPTION}{linked_features()}</article>"
    result = extract_html(page(body), "https://blog.example/trail-25")
    assert result.extractor_used == "trafilatura"
    assert "padded mesh panel" not in result.text
