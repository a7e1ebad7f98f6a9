"""What a forum prints inside a post that the reader did not write: the card a pasted link
becomes (XenForo 2's unfurl, Discourse's onebox), a notice to guests under an image ("Join to
see EXIF info for this image"), Invision's edit note ("Edited March 7 by NAME (see edit
history)"). The row keeps the reader's words and the title of the link they posted; the card's
description, its site line and the notices are no part of it. Synthetic posts in each package's
own markup (tests/test_comment_systems.py builds the threads).
"""

from __future__ import annotations

import datetime as dt

from pipeline.extract import extract_html
from pipeline.extract.comment_lines import spaced_buttons
from pipeline.extract.comment_names import glued_header, looks_like_author_line
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


def test_a_footer_of_buttons_is_no_commenters_name() -> None:
    """A theme whose classes say nothing (``_a81f``), the comments known by their ids: the
    footer "Recommend 12 Report Abuse" is buttons apart by spaces, never the name (before: every
    comment signed by it, one name for all, so the thread was dropped)."""
    items = "".join(
        f'<li class="_q0" id="comment{i}"><div class="_h1"><div class="_n2">{i}.</div><div class="_m3">'
        f'<span class="_a4">{name}</span></div><div class="_t5"><a href="#comment{i}">March {5 + i}th, 2012 2:1{i} pm'
        f'</a></div></div><p class="_b6">{T[i - 1]}</p><div class="_f7"><a class="_r8">Recommend</a> <span class='
        f'"_c9">12</span> <a class="_x0">Report Abuse</a></div></li>'
        for i, name in ((1, "Maria Lopez"), (2, "Tom Hale"), (3, "Ann Wu"))
    )
    result = extract_html(_page(f'<div id="_k1"><h3>Readers&#39; Comments</h3><ol class="_l2">{items}</ol></div>'), URL)
    assert len(result.comments) == 3, result.comments
    assert all(c.author != "Recommend 12 Report Abuse" for c in result.comments), result.comments
    assert all(T[i] in c.text and "Report Abuse" not in c.text for i, c in enumerate(result.comments))


def test_buttons_apart_by_spaces_are_no_name_but_an_ads_label_still_signs_the_ad() -> None:
    """ "Advertisement (gone after registration)" is one label: the forum's ad is signed with it,
    and the ad is dropped by that name (AD_AUTHOR), so it must still read as an author line."""
    assert spaced_buttons("Recommend 12 Report Abuse")
    assert not spaced_buttons("Advertisement (gone after registration)")
    assert looks_like_author_line("Advertisement (gone after registration)")
    assert not looks_like_author_line("Recommend 12 Report Abuse")
    assert looks_like_author_line("Maria Lopez")


def test_a_list_of_buttons_glued_together_is_no_commenters_name() -> None:
    """The buttons in list items with no space between ("ReplyReport abuseLike (3)" as text): a
    name's shape, signing every comment under a theme whose classes say nothing (before: the
    author was "Report abuse" on every row, so the thread was dropped)."""
    items = "".join(
        f'<li class="_q0" id="comment-{i}"><span class="_n1">#{i}</span> <div class="_m2"><strong class="_a3">{name}'
        f'</strong> <span class="_d4">{5 + i} Mar 2012, 2:1{i}PM</span></div><div class="_b5"><p>{T[i - 1]}</p></div>'
        f'<ul class="_t6"><li><a>Reply</a></li><li><a>Report abuse</a></li><li>Like (3)</li></ul></li>'
        for i, name in ((1, "Maria Lopez"), (2, "Tom Hale"), (3, "Ann Wu"))
    )
    result = extract_html(
        _page(f'<div class="_s7"><h2>Readers&#39; comments</h2><ol class="_l8">{items}</ol></div>'), URL
    )
    assert [(c.author, c.text) for c in result.comments] == [
        ("Maria Lopez", T[0]),
        ("Tom Hale", T[1]),
        ("Ann Wu", T[2]),
    ]


def test_a_name_and_a_date_that_touch_give_the_name_and_the_date() -> None:
    """The name's and the date's elements side by side with no space (Canvas's ``span.name``
    and ``span.date``) under classes that say nothing: the header line reads "Maria
    LopezMarch 6, 2012 at 2:13 am", the name before the date and the date after it (before:
    no author, that line leading the message, and the thread dropped as unsigned; then the
    rows undated)."""
    items = "".join(
        f'<li class="_c1" id="li-comment-{i}"><div id="comment-{i}" class="_c2"><div class="_h3"><span class="_n4"><a '
        f'href="http://example.org" class="_u5">{name}</a></span><span class="_d6">March {5 + i}, 2012 at 2:1{i} am'
        f'</span></div><div class="_e7" id="comment-{i}-entry"><p>{T[i - 1]}</p></div></div></li>'
        for i, name in ((1, "Maria Lopez"), (2, "Tom Hale"), (3, "Ann Wu"))
    )
    result = extract_html(_page(f'<div id="_k8"><h3>3 Responses</h3><ol class="_l9">{items}</ol></div>'), URL)
    assert [(c.author, c.text) for c in result.comments] == [
        ("Maria Lopez", T[0]),
        ("Tom Hale", T[1]),
        ("Ann Wu", T[2]),
    ]
    assert [c.posted_at for c in result.comments] == [
        dt.datetime(2012, 3, 6, 2, 11, tzinfo=dt.UTC),
        dt.datetime(2012, 3, 7, 2, 12, tzinfo=dt.UTC),
        dt.datetime(2012, 3, 8, 2, 13, tzinfo=dt.UTC),
    ]


def test_a_glued_header_splits_where_a_name_ends_and_a_date_begins() -> None:
    assert glued_header("Maria LopezMarch 6, 2012 at 2:13 am") == ("Maria Lopez", "March 6, 2012 at 2:13 am")
    assert glued_header("Tom hale06/03/2012") == ("Tom hale", "06/03/2012")
    assert glued_header("Maria Lopez March 6, 2012") is None  # apart: NAME_DATE_LINE's
    assert glued_header("iPhone5 battery tips") is None


def test_a_numbered_header_of_a_name_and_place_then_a_date_signs_the_comment() -> None:
    """A newspaper's blog comments under classes that say nothing: the number ("1.") on a line
    above the name and place ("Maria Lopez Boston") and the date. The number is no part of the
    header, so the name line signs the row (before: no author and the name and place leading
    the text). The place is an element of its own after the name's (session 15): the name is
    the first, and the line is no part of the message (before, the place stayed in the name)."""
    items = "".join(
        f'<li class="_q0" id="comment{i}"><div class="_h1"><div class="_n2">{i}.</div><div class="_m3">'
        f'<span class="_a4">{name}</span> <span class="_p5">{place}</span></div><div class="_t6">'
        f'<a href="#comment{i}">March {5 + i}th, 2012 2:1{i} pm</a></div></div><p class="_b7">{T[i - 1]}</p></li>'
        for i, name, place in ((1, "Maria Lopez", "Boston"), (2, "Tom Hale", "NYC"), (3, "Ann Wu", "Chicago"))
    )
    result = extract_html(_page(f'<div id="_k1"><h3>Readers&#39; Comments</h3><ol class="_l2">{items}</ol></div>'), URL)
    assert [(c.author, c.text) for c in result.comments] == [
        ("Maria Lopez", T[0]),
        ("Tom Hale", T[1]),
        ("Ann Wu", T[2]),
    ]
