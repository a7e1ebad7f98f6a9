"""The blocks a list item, a table cell or a leaf block holds are words apart in the rendered text.

A shop's ranked list writes each entry as ``<li>`` of ``<div>``s (rank, name, rating, price);
the page shows them on lines of their own, and the rendered text ran them together ("#1Blink
plan4.4 out of 5 stars"), so no word at a seam matched the page's (wcxb-dev tune 2920).
"""

from __future__ import annotations

import lxml.html

from pipeline.extract import extract_html
from pipeline.extract.article import render_html
from pipeline.extract.html import spaced_text


def test_a_list_items_cards_are_words_apart() -> None:
    root = lxml.html.fromstring(
        "<div><ol><li><div>#1</div><div><a href='/p1'>Blink plus plan</a></div>"
        "<div><span>4.4 out of 5 stars</span> 272,574</div><div>$11.99</div></li>"
        "<li><div>#2</div><div>Apple EarPods</div><br><div>4 offers from $16.14</div></li></ol></div>"
    )
    assert render_html(root) == (
        "#1 Blink plus plan 4.4 out of 5 stars 272,574 $11.99\n#2 Apple EarPods 4 offers from $16.14"
    )


def test_a_table_cells_and_a_headings_blocks_are_words_apart() -> None:
    root = lxml.html.fromstring(
        "<div><h2><div>Plans</div><div>and pricing</div></h2>"
        "<table><tr><td><div>Starter</div><div>$9</div></td><td>per month</td></tr></table></div>"
    )
    assert render_html(root) == "Plans and pricing\n\nStarter $9 | per month"


def test_the_text_after_a_block_is_read_once() -> None:
    # "Ask your pharmacist." follows the paragraph inside the <div>: the parent's text, not the
    # paragraph's, so spaced_text leaves it out as element_text does (it was read twice)
    root = lxml.html.fromstring(
        "<div><p>Take it with food.<br>Not at night.</p>Ask your pharmacist."
        "<ul><li><div>Dose</div><div>10 mg</div></li> </ul></div>"
    )
    assert render_html(root) == "Take it with food. Not at night.\n\nAsk your pharmacist.\n\nDose 10 mg"
    assert spaced_text(root.find("p")) == "Take it with food. Not at night."


def test_inline_pieces_are_read_as_written() -> None:
    # Only blocks and <br> part words: run-in elements without a space between them are one word
    # on the page too ("co<b>operate</b>"), and text with no block inside reads as before.
    item = lxml.html.fromstring("<li>Co<b>operate</b> with <a href='/x'>us</a><span>!</span></li>")
    assert spaced_text(item) == "Cooperate with us!"


PITCH = (
    "Acme Cloud runs your databases, queues and functions in one place, so your team ships features "
    "instead of patching servers. Every plan includes backups, monitoring and support from engineers."
)


def test_a_service_pages_cards_keep_their_words_apart_in_the_extraction() -> None:
    # trafilatura prunes the list of linked cards and keeps too little: the cleaned page's blocks
    # are the text (rendered as page-blocks renders them), each card a list item's link around a
    # title, a blurb and a price in <div>s.
    cards = "".join(
        f"<li><a href='/f{i}'><div>Feature {i} for teams</div><div>Scale workload {i} across regions</div>"
        f"<div>from ${i}9 a month</div></a></li>"
        for i in range(20)
    )
    html = (
        "<!doctype html><html lang='en'><head><title>Acme Cloud</title></head><body><main>"
        f"<section><h1>Acme Cloud</h1><p>{PITCH}</p><p>{PITCH}</p></section>"
        f"<section><h2>What you get</h2><ul>{cards}</ul></section></main></body></html>"
    )
    result = extract_html(html, "https://acme.example/")
    assert result.extractor_used == "baseline"  # article.py's fallback 4: the cleaned body's blocks
    assert "Feature 7 for teams Scale workload 7 across regions from $79 a month" in result.text
