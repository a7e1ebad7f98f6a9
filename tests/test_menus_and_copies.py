"""What a service page carries beside its text that the gold never holds: a navigation menu whose
panels describe each product in prose, a menu hidden from screen readers, and the copies a
marquee or a carousel prints of what it shows (synthetic pages of the shapes wcxb-dev's tune
pages showed; docs/extraction-rules.md, session 15)."""

from __future__ import annotations

from pipeline.extract import extract_html
from tests.traces import removed_by

PITCH = [
    "Travel insurance covers the costs of a trip that goes wrong, from a cancelled flight to a "
    "hospital stay abroad, and it can be bought up to the day before you leave home.",
    "Our plans pay for emergency medical care, bring you home when a doctor says you should go, "
    "and refund the parts of a trip you could not take because you or a relative fell ill.",
    "Compare two plans side by side, choose the cover for the trips you take, and buy it online "
    "in a few minutes; your policy documents arrive by email as soon as you have paid.",
]
BLURBS = [
    "Need to pay a bill, make a change, or just get some information about your boat policy? A few "
    "clicks take you to the partner your policy is with and its service options and contact details.",
    "Helpful life insurance agents, who can assist you in servicing your policy, are just a phone "
    "call away, and you can read about the cover you hold online at any time of the day.",
    "Need to update your pet policy or add a new pet to it? Log in to the partner's site that holds "
    "your policy to make the change, pay a bill or download your documents again.",
]


def service_page(menu: str = "", extra: str = "", inside: str = "") -> str:
    pitch = "".join(f"<p>{p}</p>" for p in PITCH)
    return (
        "<!doctype html><html lang='en'><head><title>Travel insurance</title></head><body>"
        f"{menu}<div class='hero'><h1>Travel insurance</h1>{pitch}{inside}</div>{extra}"
        "<footer><p>Copyright 2026 Insure Example</p></footer></body></html>"
    )


def test_a_navigation_menu_is_no_article_for_the_prose_of_its_panels() -> None:
    """A mega-menu's account panel describes each policy in a sentence or two: three long
    paragraphs made the ``<nav>`` "prose" and the boilerplate layer kept it, and the page blocks
    read it as the page's text (wcxb-dev 0112, GEICO, 0.798 -> 0.960 without it). A navigation
    landmark, by tag or by role, is no article for its paragraphs."""
    panel = "".join(f"<div class='policy'><p>{b}</p><a href='/x'>Read more</a></div>" for b in BLURBS)
    for menu, rule in (
        (f"<nav id='primary-navigation'><div class='panel'>{panel}</div></nav>", "boilerplate-tags"),
        (f"<div id='primary-navigation' role='navigation'><div class='panel'>{panel}</div></div>", "boilerplate-roles"),
    ):
        html = service_page(menu)
        assert "primary-navigation" in " ".join(removed_by(html).get(rule, []))
        text = extract_html(html, "https://insure.example/travel").text
        assert all(p in text for p in PITCH)
        assert not any(b[:40] in text for b in BLURBS)


def test_a_navigation_menu_that_holds_the_article_stays() -> None:
    """The anchor's branch is the article whatever holds it: a page that sets its text inside a
    ``role=navigation`` wrapper keeps it."""
    pitch = "".join(f"<p>{p}</p>" for p in PITCH)
    html = (
        "<!doctype html><html lang='en'><head><title>Travel insurance</title></head><body>"
        f"<div role='navigation'><div class='hero'><h1>Travel insurance</h1>{pitch}</div></div>"
        "</body></html>"
    )
    text = extract_html(html, "https://insure.example/travel").text
    assert all(p in text for p in PITCH)


def test_a_menu_hidden_from_screen_readers_goes_with_its_links() -> None:
    """An ``aria-hidden`` element whose text is links is a closed menu (a navigation dropdown, a
    mobile menu, a locale picker): on wcxb-dev's tune pages such lists held 15 gold shingles of
    7,532. Other ``aria-hidden`` elements stay: a feature tile a sighted reader sees, a list with
    one link, text beside the links."""
    links = "".join(f"<a href='/p{i}'>Product number {i}</a> " for i in range(6))
    html = service_page(
        extra=(
            f"<div class='dropdown' aria-hidden='true'>{links}</div>"
            "<div class='tile' aria-hidden='true'><p>Cover for 180 countries</p><a href='/c'>See</a></div>"
            "<div class='prose' aria-hidden='true'><p>Cover for a hospital stay abroad, with care at home "
            "when you are back, as long as you need it.</p><a href='/h'>Hospital</a> <a href='/c'>Care</a></div>"
        )
    )
    removed = " ".join(removed_by(html).get("hidden", []))
    assert "dropdown" in removed
    assert "tile" not in removed and "prose" not in removed


def test_a_hidden_menu_goes_where_the_hidden_parts_are_the_pages_content() -> None:
    """When hidden elements hold most of the page's text (a product's description in an
    ``aria-hidden`` slider) nothing hidden is removed, as a script shows it; a hidden list of
    links is a closed menu all the same (wcxb-dev 0620's mega-menu, ``aria-hidden`` in a
    ``<nav>``: written as a ``<div>``, the page blocks read it, 0.646 -> 0.220; now 0.657)."""
    slides = "".join(f"<li>{p}</li>" for p in PITCH + BLURBS)
    links = "".join(f"<a href='/c{i}'>Category {i}</a> " for i in range(8))
    html = (
        "<!doctype html><html lang='en'><head><title>Desk</title></head><body>"
        f"<div class='top'><div class='mega' aria-hidden='true'>{links}</div></div>"
        f"<h1>Desk</h1><ul class='slider' aria-hidden='true'>{slides}</ul>"
        "</body></html>"
    )
    assert removed_by(html).get("hidden", []) == ["div class='mega'"]


def test_a_hidden_copy_of_shown_text_is_a_clone_and_goes() -> None:
    """A marquee prints its items twice and hides the copy from screen readers (Notion's customer
    stats, wcxb-dev 2840); a carousel clones its slides the same way (2842). The gold holds the
    text once: a hidden copy of CLONE_MIN_WORDS words or more of the page's shown text, in order,
    goes. A hidden element whose words are not shown elsewhere stays, and so does a short copy
    (a price's "Up to 50" beside "Up to 50% off")."""
    stats = ["Over 100M users worldwide", "Rated the best AI writing tool", "1.4M community members today"]
    shown = "".join(f"<p class='stat'>{s}</p>" for s in stats)
    copies = "".join(f"<p class='stat' aria-hidden='true'>{s}</p>" for s in stats)
    html = service_page(
        inside=(
            f"<div class='marquee'>{shown}{copies}</div>"
            "<div class='unique' aria-hidden='true'><p>Trusted by teams in ninety countries</p></div>"
            "<p>Save: Up to 50% off</p><span class='short' aria-hidden='true'>Up to 50</span>"
        )
    )
    removed = removed_by(html).get("hidden", [])
    assert len([r for r in removed if "stat" in r]) == len(stats)
    assert not any("unique" in r or "short" in r for r in removed)
    text = extract_html(html, "https://insure.example/travel").text
    assert all(text.count(s) == 1 for s in stats)
