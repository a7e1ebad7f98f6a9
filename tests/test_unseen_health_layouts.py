"""Health articles of unseen layouts whose text we lost (session 16): accordions written to the
WAI-ARIA pattern under names no rule knows, and an article split over one CMS component per
block. Synthetic pages."""

from __future__ import annotations

from pipeline.extract import extract_html

URL = "https://hospital.example/health-library/atrial-fibrillation"
INTRO = (
    "Atrial fibrillation is the most common heart rhythm problem that doctors treat, and it becomes"
    " more common with every decade of life after fifty.",
    "In atrial fibrillation the upper chambers of the heart quiver instead of beating, so blood moves"
    " through them less well and small clots can form.",
)
SECTIONS = (
    (
        "Symptoms",
        "Symptoms vary widely from one person to the next and do not always match how much atrial"
        " fibrillation a person has on a monitor.",
    ),
    (
        "Causes",
        "The chance of developing it rises steadily with age, and high blood pressure is the most"
        " important risk factor that can be changed.",
    ),
    (
        "Treatment",
        "Treatment aims to control the heart rate, restore a normal rhythm when possible and lower the"
        " risk of stroke with blood thinners.",
    ),
)
CHROME = (
    "<header><nav><a href='/'>Home</a> <a href='/doctors'>Find a doctor</a> <a href='/locations'>Locations</a>"
    " <a href='/library'>Health library</a></nav></header>"
)
FOOTER = "<footer><p>© Hospital 2025</p><a href='/privacy'>Privacy</a> <a href='/terms'>Terms</a></footer>"


def component(inner: str, name: str = "text") -> str:
    """One block as a component CMS writes it: a grid column, the component, its content."""
    return f"<div class='grid-column grid-column--8'><div class='cmp-{name}'>{inner}</div></div>"


def page(between: str = "", after: str = "") -> str:
    """Intro, then each section as a heading component and a paragraph component; ``between``
    after the first section, ``after`` beside the article (after its components)."""
    blocks = [component("".join(f"<p>{p}</p>" for p in INTRO))]
    for i, (heading, sentence) in enumerate(SECTIONS):
        blocks.append(component(f"<h2>{heading}</h2>", "title"))
        blocks.append(component(f"<p>{sentence}</p>"))
        if i == 0 and between:
            blocks.append(between)
    return (
        "<!doctype html><html lang='en'><head><title>Atrial fibrillation</title></head><body>"
        f"{CHROME}<div class='page'><div class='grid'><h1>Atrial fibrillation</h1>{''.join(blocks)}</div>"
        f"{after}</div>{FOOTER}</body></html>"
    )


def one_block_page(between: str) -> str:
    """The same article in one container (no split): ``between`` after its first section."""
    sections = "".join(f"<h2>{h}</h2><p>{s}</p>" + (between if i == 0 else "") for i, (h, s) in enumerate(SECTIONS))
    return (
        "<!doctype html><html lang='en'><head><title>Atrial fibrillation</title></head><body>"
        f"{CHROME}<div class='content'><h1>Atrial fibrillation</h1>{''.join(f'<p>{p}</p>' for p in INTRO)}"
        f"{sections}</div>{FOOTER}</body></html>"
    )


def test_an_article_split_over_components_is_read_whole() -> None:
    # the anchor is the intro's component (two paragraphs of five); named <article> alone,
    # trafilatura read the intro and lost every section (split-article)
    text = extract_html(page(), URL).text
    assert all(p in text for p in INTRO)
    assert all(sentence in text and heading in text for heading, sentence in SECTIONS)
    assert "Find a doctor" not in text and "Privacy" not in text


def test_a_grid_of_cards_is_no_component_stream() -> None:
    # the same repeated wrappers around a shop's cards (a title, a price, a link) beside the
    # intro: the stream's text is not prose, so the anchor stays the article
    from pipeline.extract.article_marking import _component_stream
    from pipeline.extract.html import parse_html
    from pipeline.extract.structure import TextMass

    card = "<h3>Blood pressure monitor {}</h3><p>$49.99</p><a href='/p{}'>Buy</a>"
    cards = "".join(component(card.format(i, i)) for i in range(30))
    mass = TextMass(parse_html(page(between=cards)))
    assert mass.anchor is not None
    assert _component_stream(mass.anchor, mass) is mass.anchor
    # without the cards the same stream is the article's parts
    mass = TextMass(parse_html(page()))
    assert mass.anchor is not None
    assert _component_stream(mass.anchor, mass).get("class") == "grid"


ACCORDION = (
    "<div class='toggle'>"
    + "".join(
        f"<div class='toggle__item'><h3 class='toggle__heading'><button type='button' aria-expanded='false'"
        f" aria-controls='panel-{i}' id='trigger-{i}'>{label}</button></h3><div id='panel-{i}'"
        f" class='toggle__panel' role='region' aria-labelledby='trigger-{i}' hidden><p>{answer}</p></div></div>"
        for i, (label, answer) in enumerate(
            (
                ("Limit caffeine", "Caffeine can set off an episode in some people, so try cutting down for a month."),
                ("Is it hereditary?", "It can run in families, but most cases are driven by age and blood pressure."),
            )
        )
    )
    + "</div>"
)


def test_an_accordion_written_to_the_aria_pattern_is_the_articles_text() -> None:
    # no class says "accordion": the button's aria-expanded and aria-controls say the panel opens
    # (disclosed-panels), and the button that is all of its heading is that heading (heading-buttons)
    text = extract_html(one_block_page(ACCORDION), URL).text
    assert "Caffeine can set off an episode" in text and "most cases are driven by age" in text
    assert "Limit caffeine" in text and "Is it hereditary?" in text


def test_a_menu_opened_by_a_disclosure_button_stays_hidden() -> None:
    menu = (
        "<button aria-expanded='false' aria-controls='more-links'>More</button><ul id='more-links' hidden>"
        "<li><a href='/visit'>Visiting hours and parking</a></li><li><a href='/give'>Give to the hospital"
        " foundation</a></li><li><a href='/careers'>Careers at the hospital</a></li></ul>"
    )
    text = extract_html(one_block_page(menu), URL).text
    assert "Visiting hours" not in text and "Careers" not in text


def _course_panels(region: bool) -> str:
    """A course list's accordion whose triggers stand outside headings; its panels are labelled
    regions (the whole WAI-ARIA pattern) or plain hidden blocks."""
    labelled = " role='region' aria-labelledby='trigger-{i}'" if region else ""
    return "".join(
        f"<div class='c7'><button class='c8' aria-expanded='false' aria-controls='panel-{i}' id='trigger-{i}'>"
        f"{label}</button><div class='c9' id='panel-{i}'{labelled.format(i=i)} style='visibility: hidden;"
        f" height: 0px'><p>{about}</p></div></div>"
        for i, (label, about) in enumerate(
            (
                ("Cardiac rehabilitation", "Twelve weeks of supervised exercise and advice after a heart attack."),
                ("Living with a pacemaker", "What to expect from the device, the checks and daily activities."),
            )
        )
    )


def test_a_region_labelled_by_the_control_that_opens_it_is_shown_whatever_its_names() -> None:
    # the panel names its trigger (aria-labelledby), the trigger the panel (aria-controls): an
    # accordion outside headings, under class names no rule knows (session 18)
    text = extract_html(one_block_page(_course_panels(region=True)), URL).text
    assert "Twelve weeks of supervised exercise" in text and "What to expect from the device" in text
    # the same panels without the region's labelling are any toggle's (a drawer, a menu): hidden
    text = extract_html(one_block_page(_course_panels(region=False)), URL).text
    assert "Twelve weeks of supervised exercise" not in text


URGENT = "Call 911 if a fast or irregular heartbeat comes with chest pain, fainting or severe shortness of breath."
DONT = "drink more than two cups of coffee a day while your heart rate is being checked"


def test_a_box_that_names_itself_a_callout_stays_whatever_component_its_cms_reuses() -> None:
    # the CMS names its warnings and advice boxes after the component it reuses ("sidebar-content",
    # "promo-text"): the token rule removed them as a sidebar and a promo (named-callouts)
    urgent = f"<div class='callout sidebar-content'><p class='callout__title'>When to get help</p><p>{URGENT}</p></div>"
    dont = f"<div class='callout-box promo-text'><p>Don't</p><ul><li>{DONT}</li><li>skip meals</li></ul></div>"
    text = extract_html(page(between=component(urgent + dont)), URL).text
    assert URGENT in text and DONT in text and "When to get help" in text
    assert all(sentence in text for _, sentence in SECTIONS)


def test_a_promo_or_a_sidebar_named_callout_still_goes() -> None:
    # a promo's slogan and its button; a sign-up box; a box beside the article, after its prose
    slogan = "<div class='promo callout-emergency'><p>Is it an emergency? Find urgent care near you today</p></div>"
    signup = (
        "<div class='promo callout'><p>Get our heart health newsletter every month, written by our cardiologists.</p>"
        "<form><input type='email'><button>Sign up</button></form></div>"
    )
    beside = "<div class='sidebar callout'><p>Our nurses answer your questions by phone every day.</p></div>"
    text = extract_html(page(between=component(slogan + signup), after=beside), URL).text
    assert "Find urgent care" not in text and "newsletter" not in text and "Our nurses answer" not in text
    assert all(sentence in text for _, sentence in SECTIONS)


MORE = (
    "Most people with atrial fibrillation lead full and active lives once the heart rate is under control"
    " and the risk of stroke has been lowered with the right medicine."
)
ANSWER = "No. Most people with atrial fibrillation can keep exercising once their heart rate is under control."


def bootstrap_faq() -> str:
    """Bootstrap 3's accordion: each question a link in a heading that opens its panel, each
    answer bare text in the panel's body (hidden by the stylesheet, not by markup)."""
    return (
        f"<p>{MORE}</p><h3>People often ask</h3><div class='panel-group' id='faq' role='tablist'>"
        "<div class='panel panel-default'><div class='panel-heading' role='tab' id='h1'><h4 class='panel-title'>"
        "<a role='button' data-toggle='collapse' href='#c1' aria-expanded='false' aria-controls='c1'>"
        "Do I have to stop exercising?</a></h4></div><div id='c1' class='panel-collapse collapse' role='tabpanel'>"
        f"<div class='panel-body'>{ANSWER}</div></div></div></div>"
    )


def test_an_accordions_link_questions_and_bare_div_answers_are_the_articles_text() -> None:
    # trafilatura drops a heading that is all link and, on a page whose <p>s hold enough text,
    # every bare <div>'s text: the FAQ went whole, its heading with it (panel-text)
    text = extract_html(one_block_page(bootstrap_faq()), URL).text
    assert "Do I have to stop exercising?" in text and ANSWER in text and "People often ask" in text


def test_a_bare_div_outside_a_panel_and_a_link_heading_that_opens_nothing_are_left_as_written() -> None:
    from pipeline.extract.html import parse_html
    from pipeline.extract.loose_runs import panel_text

    notice = (
        "<div class='order-note'>Our pharmacist reviews every order for this medicine before it is dispatched.</div>"
    )
    teaser = "<h4><a href='/library/stroke'>Stroke: the warning signs everyone should know</a></h4>"
    prose = f"<p>{MORE}</p>" * 6  # enough <p> text that trafilatura reads no bare <div>
    root = parse_html(f"<html><body><article>{prose}{notice}{teaser}</article></body></html>")
    assert panel_text(root) == 0
    assert root.xpath("//div[@class='order-note']") and root.xpath("//h4/a")
    root = parse_html(f"<html><body><article>{prose}{bootstrap_faq()}</article></body></html>")
    assert panel_text(root) == 2  # the question's link and the answer's <div>


PULL = "Most people who take their blood thinner every day never have the stroke it is there to prevent."


def test_a_quote_set_apart_in_a_figure_or_with_a_footer_keeps_its_words_and_its_attribution() -> None:
    # trafilatura drops every <figure>, and the boilerplate tags every <figcaption> and <footer>:
    # a pull quote went whole, an expert's quote lost who said it (quotes-set-apart)
    pull = (
        f"<figure class='wp-block-pullquote'><blockquote><p>{PULL}</p>"
        "<cite>Dr Ana Reyes, cardiologist</cite></blockquote></figure>"
    )
    boxed = (
        "<figure class='quote-box'><blockquote>Ask about your heart rhythm at every check-up.</blockquote>"
        "<figcaption>Sam Okafor, nurse practitioner</figcaption></figure>"
    )
    footed = "<blockquote><p>Start slowly and build up.</p><footer>Lee Park, physiotherapist</footer></blockquote>"
    text = extract_html(one_block_page(pull + boxed + footed), URL).text
    assert PULL in text and "Dr Ana Reyes, cardiologist" in text
    assert "Ask about your heart rhythm" in text and "Sam Okafor, nurse practitioner" in text
    assert "Lee Park, physiotherapist" in text


def test_a_pictures_caption_still_goes() -> None:
    picture = (
        "<figure><img src='/ecg.png' alt=''><blockquote>An ECG strip</blockquote>"
        "<figcaption>An ECG strip showing an irregular rhythm, courtesy of the cardiology unit</figcaption></figure>"
    )
    text = extract_html(one_block_page(picture), URL).text
    assert "courtesy of the cardiology unit" not in text


def test_an_aside_that_names_itself_a_callout_inside_the_article_stays() -> None:
    # Drupal's callout field written as an <aside class="sidebar-content callout--warning"> of list
    # items: trafilatura drops every <aside>, and the tags rule removed it (no long paragraph in it)
    warning = (
        "<aside class='sidebar-content callout--warning'><h3>When to call your doctor</h3><ul>"
        f"<li>{DONT}</li><li>fever or chills</li></ul></aside>"
    )
    text = extract_html(page(between=component(warning)), URL).text
    assert DONT in text and "When to call your doctor" in text


def test_an_at_a_glance_box_of_definitions_is_a_callout() -> None:
    # a recipe card's <aside class="glance"> of a definition list: its items say something with no
    # full stop, as a list's do
    glance = (
        "<aside class='glance'><h2>At a glance</h2><dl><dt>Good for</dt>"
        "<dd>people with atrial fibrillation who want to keep exercising safely</dd></dl></aside>"
    )
    text = extract_html(page(between=component(glance)), URL).text
    assert "people with atrial fibrillation who want to keep exercising safely" in text
