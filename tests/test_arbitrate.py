"""Arbitration between our candidate and trafilatura's baseline, and rendering its output."""

from __future__ import annotations

from lxml import etree

from pipeline.extract.article import render_trafilatura


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
