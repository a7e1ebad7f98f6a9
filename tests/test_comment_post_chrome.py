"""What a forum prints inside a post that the reader did not write: the card a pasted link
becomes (XenForo 2's unfurl, Discourse's onebox), a notice to guests under an image ("Join to
see EXIF info for this image"), Invision's edit note ("Edited March 7 by NAME (see edit
history)"). The row keeps the reader's words and the title of the link they posted; the card's
description, its site line and the notices are no part of it. Synthetic posts in each package's
own markup (tests/test_comment_systems.py builds the threads).
"""

from __future__ import annotations

from pipeline.extract import extract_html
from tests.test_comment_systems import OPENING, T, _discourse, _invision4, _page, _xenforo2

URL = "https://healthnotes.example/2012/03/walking.html"
LINK_TITLE = "Walking after meals and blood glucose - a review"
LINK_BLURB = "A summary of twelve trials on light activity after eating and its effect on readings."


def _rows(html: str) -> list[str]:
    return [" ".join(c.text.split()) for c in extract_html(html, URL).comments]


def _xenforo_thread(reply: str) -> str:
    return _page(
        '<div class="block block--messages"><div class="block-container lbContainer"><div class="block-body">'
        + _xenforo2(9601, "glucose_gary", "2012-03-06T02:13:00+0000", "Mar 6, 2012", 1, OPENING)
        + _xenforo2(9602, "Maria Lopez", "2012-03-06T09:40:00+0000", "Mar 6, 2012", 2, reply)
        + _xenforo2(9603, "TomHale", "2012-03-07T23:02:00+0000", "Mar 7, 2012", 3, T[1])
        + "</div></div></div>",
        article="",
    )


XENFORO_UNFURL = (
    '<div class="bbCodeBlock bbCodeBlock--unfurl js-unfurl fauxBlockLink" data-unfurl="true" data-url="https://'
    'journal.example/walking" data-host="journal.example"><div class="contentRow"><div class="contentRow-figure">'
    '<img src="/proxy.php?image=x" alt="journal.example"></div><div class="contentRow-main"><h3 class="contentRow-'
    f'header js-unfurl-title"><a href="https://journal.example/walking" class="link link--external">{LINK_TITLE}'
    f'</a></h3><div class="contentRow-snippet js-unfurl-desc">{LINK_BLURB}</div><div class="contentRow-minor '
    'contentRow-minor--hideLinks"><span class="js-unfurl-favicon"></span>journal.example</div></div></div></div>'
)


def test_a_link_card_in_a_post_leaves_the_link_title_not_its_blurb_or_site() -> None:
    rows = _rows(_xenforo_thread(f"{T[0]}<br>{XENFORO_UNFURL}"))
    assert rows == [f"{T[0]} {LINK_TITLE}", T[1]], rows


def test_a_restyled_link_card_is_known_by_its_softwares_attribute() -> None:
    """A theme that renames every class (``_card_x7f2``) keeps XenForo's ``data-unfurl``."""
    restyled = XENFORO_UNFURL.replace("bbCodeBlock bbCodeBlock--unfurl js-unfurl fauxBlockLink", "_card_x7f2")
    rows = _rows(_xenforo_thread(f"{T[0]}<br>{restyled}"))
    assert rows == [f"{T[0]} {LINK_TITLE}", T[1]], rows


def test_a_discourse_onebox_leaves_the_link_title() -> None:
    onebox = (
        '<aside class="onebox allowlistedgeneric" data-onebox-src="https://journal.example/walking"><header class="'
        'source"><img src="/favicon.ico" class="site-icon"><a href="https://journal.example/walking">journal.example'
        '</a></header><article class="onebox-body"><div class="aspect-image"><img src="/t.png" class="thumbnail">'
        f'</div><h3><a href="https://journal.example/walking">{LINK_TITLE}</a></h3><p>{LINK_BLURB}</p></article>'
        '<div class="onebox-metadata"></div><div style="clear: both"></div></aside>'
    )
    page = _page(
        '<div id="main-outlet" class="wrap" role="main"><div itemscope itemtype="http://schema.org/'
        "DiscussionForumPosting\"><meta itemprop='headline' content='Walking after meals'>"
        + _discourse(1, "glucose_gary", "2012-03-06T02:13:00Z", "March 6, 2012,  2:13am", OPENING)
        + _discourse(2, "maria_lopez", "2012-03-06T09:40:00Z", "March 6, 2012,  9:40am", f"{T[0]}</p>{onebox}<p>")
        + _discourse(3, "tomhale", "2012-03-07T23:02:00Z", "March 7, 2012, 11:02pm", T[1])
        + "</div></div>",
        article="",
    )
    rows = _rows(page)
    assert rows == [f"{T[0]} {LINK_TITLE}", T[1]], rows


def test_a_notice_to_guests_under_an_image_is_no_part_of_the_post() -> None:
    image = (
        '<div style="display: inline-block;"><div class="bbImageWrapper js-lbImage" title="walk.jpg"><img src="/a/'
        'walk.jpg" class="bbImage" alt="walk.jpg"></div><div class="cv-attach-exif"><a href="/register">'
        "<i>Join</i></a> to see EXIF info for this image (if available)</div></div>"
    )
    rows = _rows(_xenforo_thread(f"{image}<br>{T[0]}<br>{image}"))
    assert rows == [T[0], T[1]], rows


def test_invisions_edit_note_is_no_part_of_the_post() -> None:
    note = (
        '</p><span class="ipsType_reset ipsType_medium ipsType_light" data-excludequote=""><strong>Edited <time '
        'datetime="2012-03-07T13:03:04Z" title="03/07/2012 01:03 PM" data-short="12 yr">March 7, 2012</time> by '
        'Maria Lopez</strong><br>typo <a href="/topic/77-walking/?do=editlogComment&amp;comment=9702" title="see '
        'edit history">(see edit history)</a></span><p>'
    )
    page = _page(
        '<div class="cTopic ipsClear ipsSpacer_top"><div data-controller="core.front.core.commentFeed"><form>'
        + _invision4(9701, "glucose_gary", "2012-03-06T02:13:00Z", "March 6, 2012", OPENING)
        + _invision4(9702, "Maria Lopez", "2012-03-06T09:40:00Z", "March 6, 2012", T[0] + note)
        + _invision4(9703, "TomHale", "2012-03-07T23:02:00Z", "March 7, 2012", T[1])
        + "</form></div></div>",
        article="",
    )
    rows = _rows(page)
    assert rows == [T[0], T[1]], rows
