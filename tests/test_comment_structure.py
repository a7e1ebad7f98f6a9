"""Comments found by structure alone (comments:signed-siblings): sibling blocks each dated,
holding a message, and signed by a profile link or, in a thread region, a post number in the id.
"""

from __future__ import annotations

import pytest

from pipeline.extract.comment_finders import find_items
from pipeline.extract.comments import find_comments
from pipeline.extract.html import parse_html

MESSAGES = (
    "We add a discretionary gratuity line to every catering proposal now.",
    "I find it cheesy to write the tip in for the client myself.",
    "Most clients never hired a caterer before and simply do not know.",
    "A line item works, but say clearly that it can be removed.",
)


def _wrapped_thread(region: str, signed: bool) -> str:
    """Each post alone in its own unclassed wrapper, numbered by its id (Cookshack's layout)."""
    posts = "".join(
        f'<div id="postBoxWrapper58720593{i:04d}"><article class="box">'
        + (f'<a href="https://example.org/member/cook{i}">cook{i}</a>' if signed else "")
        + f'<div class="body">{text}</div><time datetime="2005-07-{10 + i:02d}T01:56:00Z">7/{10 + i}/05</time>'
        '<a href="javascript:void(0);">Copy Link to Reply</a></article></div>'
        for i, text in enumerate(MESSAGES)
    )
    return f"<html><body><main><h1>Catering tips</h1><div {region}>{posts}</div></main></body></html>"


def test_posts_each_in_an_unclassed_wrapper_numbered_by_id_are_a_thread() -> None:
    scan = find_comments(parse_html(_wrapped_thread('class="topic-page"', signed=False)), "en")
    assert scan.opening_post_text == MESSAGES[0]
    assert [c.text for c in scan.comments] == list(MESSAGES[1:])
    assert all(c.posted_date for c in scan.comments)
    # Numbered ids alone outside a region named for a thread or comments are no evidence.
    assert find_items(parse_html(_wrapped_thread('class="content"', signed=False)))[1] == []


def test_sibling_blocks_signed_by_profile_links_and_dated_are_comments_anywhere() -> None:
    scan = find_comments(parse_html(_wrapped_thread('class="content"', signed=True)), "en")
    assert [(c.author, c.text) for c in scan.comments] == [(f"cook{i}", m) for i, m in enumerate(MESSAGES)]


def _blocks(inner: list[str]) -> str:
    return "<html><body><div>" + "".join(f"<div>{b}</div>" for b in inner) + "</div></body></html>"


def test_teasers_people_lists_and_short_runs_never_qualify() -> None:
    teasers = _blocks(
        [
            f'<a href="/news/story-{i}">Home Prices and Sales Fall Again {i}</a> 12/19/2025 '
            f'<a href="/profile/writer{i}">Writer {i}</a> <p>{text}</p>'
            for i, text in enumerate(MESSAGES)
        ]
    )
    people = _blocks([f'<a href="/profile/dr{i}">Dr. Person {i}</a><p>{text}</p>' for i, text in enumerate(MESSAGES)])
    two = _blocks(
        [
            f'<a href="/member/cook{i}">cook{i}</a><p>{text}</p><time datetime="2020-01-0{i + 1}">Jan {i + 1}</time>'
            for i, text in enumerate(MESSAGES[:2])
        ]
    )
    for page in (teasers, people, two):
        assert find_items(parse_html(page)) == ("", [])


def test_a_link_that_goes_nowhere_never_signs_a_post() -> None:
    """Under an unsigned post, "Copy Link to Reply" (``javascript:void(0)``) is a control, not
    the short name line that signs terse forums' posts."""
    scan = find_comments(parse_html(_wrapped_thread('class="topic-page"', signed=False)), "en")
    assert scan.comments and all(c.author is None for c in scan.comments)
    assert scan.opening_post_author is None


# --- comments:headed-siblings: a thread in a template no finder knows -------------------------
def _headed(heading: str, items: list[str], tag: str = "div") -> str:
    """An article, then a heading and the items in opaque CSS-modules classes (no class, id or
    tag any finder knows)."""
    body = "".join(f'<{tag} class="_9fk2a">{item}</{tag}>' for item in items)
    return (
        '<html><body><div class="_1x0aa"><h1>Catering tips</h1><p>Tipping a caterer is a question every host '
        "asks. Most proposals now carry a gratuity line, and clients can remove it if they wish.</p></div>"
        f'<div class="_2kq3b"><h3 class="_3xk2a">{heading}</h3><div class="_4m1zz">{body}</div></div>'
        "</body></html>"
    )


def _signed(i: int, text: str) -> str:
    """A name, its date and the message, each in an unnamed element; the name as plain text."""
    return f'<b class="_7aa{i}">cook{i}</b> <span class="_8bb{i}">March {i + 1}, 2012 at 2:13 am</span><p>{text}</p>'


def test_signed_dated_blocks_under_a_heading_that_counts_comments_are_a_thread() -> None:
    html = _headed("4 Comments", [_signed(i, m) for i, m in enumerate(MESSAGES)])
    assert find_items(parse_html(html))[0] == "comments:headed-siblings"
    scan = find_comments(parse_html(html), "en")
    assert [c.text for c in scan.comments] == list(MESSAGES)
    assert all(c.posted_date for c in scan.comments)


def test_the_heading_may_name_comments_in_any_vocabulary_language() -> None:
    for heading in ("Kommentare (4)", "4 commentaires", "Reacties", "Comentarios", "3 thoughts on “Catering tips”"):
        html = _headed(heading, [_signed(i, m) for i, m in enumerate(MESSAGES)])
        assert find_items(parse_html(html))[0] == "comments:headed-siblings", heading


def test_without_a_heading_naming_comments_or_with_two_blocks_there_is_no_thread() -> None:
    blocks = [_signed(i, m) for i, m in enumerate(MESSAGES)]
    for heading in ("Recent comments", "Most commented", "Leave a comment", "From our readers"):
        assert find_items(parse_html(_headed(heading, blocks))) == ("", []), heading
    assert find_items(parse_html(_headed("2 Comments", blocks[:2]))) == ("", [])


def test_teasers_under_a_comments_heading_are_no_thread() -> None:
    teasers = [
        f'<a href="/news/story-{i}">Home Prices and Sales Fall Again {i}</a> <span>March {i + 1}, 2012</span>'
        f"<p>{text}</p>"
        for i, text in enumerate(MESSAGES)
    ]
    assert find_items(parse_html(_headed("Comments", teasers))) == ("", [])


def test_a_comments_date_linking_its_permalink_is_no_teasers_headline() -> None:
    """A date of four words or more linking the comment's permalink on the page's own path
    ("/walking/#comment-12") made every comment a teaser, so a region of them gave no rows."""
    items = "".join(
        f'<div class="cmt-box"><b>cook{i}</b> <a href="/tips/#comment-{i}">March {i + 1}, 2012 at 2:13 am</a>'
        f"<p>{text}</p></div>"
        for i, text in enumerate(MESSAGES)
    )
    html = f'<html><body><h1>Catering tips</h1><p>{MESSAGES[0]}</p><div id="comments">{items}</div></body></html>'
    assert [c.text for c in find_comments(parse_html(html), "en").comments] == list(MESSAGES)


def test_a_header_glued_into_one_line_stays_out_of_the_message() -> None:
    """Number, name and date each in an element of their own with no space between (K2-era
    themes: "1Maria LopezMarch 6th, 2012 at 2:13 am"): the message is the element that holds
    none of them, read alone."""
    items = [
        f'<a href="#c{i}">{i + 1}</a><span><a href="/u/{i}">cook{i}</a></span><small>March {i + 1}th, 2012 at 2:13 am'
        f'</small><div class="_5qq1"><p>{text}</p></div>'
        for i, text in enumerate(MESSAGES)
    ]
    scan = find_comments(parse_html(_headed("4 Responses to “Catering tips”", items, tag="li")), "en")
    assert [(c.author, c.text) for c in scan.comments] == [(f"cook{i}", m) for i, m in enumerate(MESSAGES)]


def test_a_definition_list_of_dated_terms_under_a_comments_heading_is_a_thread() -> None:
    """Django's and Dotclear's comment lists with every name opaque: each term a dated header
    line ("March 1, 2012, 2:13 a.m. - cook0"), the description after it the message; the same
    list under a heading that names no comments (an events list) is none."""
    terms = "".join(
        f'<dt class="_6c{i}">March {i + 1}, 2012, 2:13 a.m. - cook{i}</dt><dd class="_7d{i}"><p>{text}</p></dd>'
        for i, text in enumerate(MESSAGES)
    )
    page = _headed("Comments", []).replace('<div class="_4m1zz"></div>', f'<dl class="_4m1zz">{terms}</dl>')
    scan = find_comments(parse_html(page), "en")
    assert [(c.author, c.text) for c in scan.comments] == [(f"cook{i}", m) for i, m in enumerate(MESSAGES)]
    assert find_items(parse_html(page.replace(">Comments<", ">Upcoming events<"))) == ("", [])


def test_a_definition_list_in_threes_name_message_and_dated_footer_is_a_thread() -> None:
    """Blogger classic's comment list with every name opaque: a term "NAME said...", the
    message, then a footer description whose line is the date. A glossary in threes (a term,
    its definition, a note that is a sentence) is none, nor are the same terms without a date."""
    terms = "".join(
        f'<dt class="_6c{i}"><a href="/p/{i}">cook{i}</a> said...</dt><dd class="_7d{i}"><p>{text}</p></dd>'
        f'<dd class="_8e{i}"><span class="_9f"><a href="#c{i}">March {i + 1}, 2012 at 2:13 AM</a></span></dd>'
        for i, text in enumerate(MESSAGES)
    )
    page = _headed("4 comments:", []).replace('<div class="_4m1zz"></div>', f'<dl class="_4m1zz">{terms}</dl>')
    assert find_items(parse_html(page))[0] == "comments:headed-siblings"
    scan = find_comments(parse_html(page), "en")
    assert [(c.author, c.text) for c in scan.comments] == [(f"cook{i}", m) for i, m in enumerate(MESSAGES)]
    assert all(c.posted_date for c in scan.comments)
    glossary = "".join(
        f"<dt>Term {i}</dt><dd><p>{text}</p></dd><dd>See also the entry for March in the calendar notes.</dd>"
        for i, text in enumerate(MESSAGES)
    )
    page = _headed("Comments", []).replace('<div class="_4m1zz"></div>', f'<dl class="_4m1zz">{glossary}</dl>')
    assert find_items(parse_html(page)) == ("", [])


def test_a_title_line_in_a_div_names_the_comments_too() -> None:
    """Movable Type 2's and Serendipity's heading is a ``div`` ("Comments" after an anchor),
    the comment form's title another ("Post a comment") after the thread: with every name
    opaque, the signed, dated blocks between are the thread. A "Comments" line in a div that
    holds blocks is no title, and without the title line there is no thread."""
    posts = "".join(
        f'<a id="_c{i}"></a><div class="_9fk2a"><p>{text}</p><span class="_5b{i}">Posted by: '
        f'<a href="http://example.org/{i}" rel="nofollow">cook{i}</a> at March {i + 1}, 2012 02:13 AM</span></div>'
        for i, text in enumerate(MESSAGES)
    )
    page = (
        '<html><body><div class="_1x0aa"><h1>Catering tips</h1><p>Tipping a caterer is a question every host '
        "asks. Most proposals now carry a gratuity line, and clients can remove it if they wish.</p></div>"
        f'<div class="_2kq3b"><a name="_x"></a>Comments</div>{posts}<div class="_2kq3b">Post a comment</div>'
        "</body></html>"
    )
    assert find_items(parse_html(page))[0] == "comments:headed-siblings"
    scan = find_comments(parse_html(page), "en")
    assert [(c.author, c.text) for c in scan.comments] == [(f"cook{i}", m) for i, m in enumerate(MESSAGES)]
    assert all(c.posted_date for c in scan.comments)
    boxed = page.replace('<a name="_x"></a>Comments</div>', '<p class="_q">Comments</p></div>')
    assert find_items(parse_html(boxed)) == ("", [])
    assert find_items(parse_html(page.replace(">Comments<", ">Catering notes<"))) == ("", [])


def _drupal_opaque(i: int, text: str, subject_href: str, tag: str = "div") -> str:
    """Drupal 7's comment.tpl with every name opaque: the name and the date in paragraphs of
    their own, the comment's own subject heading, the message, a reply link."""
    return (
        f'<{tag} class="_9fk2a"><div class="_a1"><p class="_b2">cook{i}</p><p class="_c3">Tue, 03/0{i + 1}/2012 - '
        f'02:13</p></div><h3><a href="{subject_href}">Subject {i} of mine</a></h3><div class="_d4"><p>{text}</p>'
        f'</div><a href="/comment/reply/7/{70 + i}">reply</a></{tag}>'
    )


@pytest.mark.parametrize("tag", ["div", "article"])
def test_comments_with_their_own_subject_heading_are_a_thread(tag: str) -> None:
    """Drupal 7/8 print a subject heading inside each comment, linking the comment's own
    anchor ("/comment/71#comment-71"): a comment, not a teaser; its replies follow it in a
    wrapper of their own (``div.indented``; around Drupal 8's articles, a wrapper of another
    tag). Headings linking articles stay teasers."""
    blocks = [_drupal_opaque(i, m, f"/comment/{70 + i}#comment-{70 + i}", tag) for i, m in enumerate(MESSAGES)]
    thread = blocks[0] + f'<div class="_ind">{blocks[1]}</div>' + "".join(blocks[2:])
    page = _headed("Comments", []).replace('<div class="_4m1zz"></div>', f'<div class="_4m1zz">{thread}</div>')
    assert find_items(parse_html(page))[0] == "comments:headed-siblings"
    scan = find_comments(parse_html(page), "en")
    assert [(c.author, c.text) for c in scan.comments] == [(f"cook{i}", m) for i, m in enumerate(MESSAGES)]
    assert [c.parent_position for c in scan.comments] == [None, 0, None, None]
    teasers = "".join(_drupal_opaque(i, m, f"/news/story-{i}", tag) for i, m in enumerate(MESSAGES))
    page = _headed("Comments", []).replace('<div class="_4m1zz"></div>', f'<div class="_4m1zz">{teasers}</div>')
    assert find_items(parse_html(page)) == ("", [])


def test_reviews_rated_by_a_star_image_are_no_comments_whatever_their_classes() -> None:
    """WooCommerce keeps product reviews as WordPress comments (``li#li-comment-1`` around
    ``div#comment-1``); with the theme's class names opaque, the star image read out as
    "Rated 5 out of 5" says they are reviews."""
    reviews = "".join(
        f'<li class="_r1 _r2" id="li-comment-{i}"><div id="comment-{i}" class="_c1"><img alt="" src="/a.png" '
        f'class="_av"><div class="_t1"><div class="_s1" role="img" aria-label="Rated 5 out of 5"><span>Rated '
        f'<strong class="_s2">5</strong> out of 5</span></div><p class="_m1"><strong class="_a1">Buyer {i} </strong>'
        f'<span>&ndash;</span> <time class="_d1" datetime="2012-03-0{i + 1}T10:00:00+00:00">March {i + 1}, 2012</time>'
        f'</p><div class="_x1"><p>{text}</p></div></div></div></li>'
        for i, text in enumerate(MESSAGES)
    )
    page = (
        f'<html><body><h1>Walking shoes</h1><p>{MESSAGES[0]}</p><div id="_rv"><div id="_cm"><h2 class="_h">4 reviews '
        f'for <span>Walking shoes</span></h2><ol class="_l">{reviews}</ol></div></div></body></html>'
    )
    assert find_comments(parse_html(page), "en").comments == []
    assert find_comments(parse_html(page.replace('role="img"', "")), "en").comments  # the star's label decides


def test_a_posts_author_is_its_own_link_not_a_nested_replys_longer_name() -> None:
    """A reply nested in a post (a block of the post's own tag and hashed class) signs with a
    longer name than the post's author: the post's author is still its own link, not the
    longest profile link anywhere inside it (an avatar's initials are why the longest wins)."""
    names = ("Al", "Bo", "Cy", "Di")
    reply = (
        '<div class="rp_x7"><div class="mt_8a"><a href="/u/someone_with_a_long_name">someone_with_a_long_name</a>'
        '<time datetime="2025-01-20T08:00:00Z">20 January 2025</time></div>'
        '<div class="bd_v5"><p>Same here, thank you for asking it.</p></div></div>'
    )
    posts = "".join(
        f'<div class="rp_x7"><div class="mt_8a"><a href="/u/{name}"><img src="/av/{i}.png" alt=""></a>'
        f'<a href="/u/{name}">{name}</a><time datetime="2025-01-1{i}T09:00:00Z">1{i} January 2025</time></div>'
        f'<div class="bd_v5"><p>{text}</p></div>{reply if i == 0 else ""}</div>'
        for i, (name, text) in enumerate(zip(names, MESSAGES, strict=True))
    )
    html = f'<html><body><main><h1>Catering tips</h1><div class="rs_f6">{posts}</div></main></body></html>'
    finder, _ = find_items(parse_html(html))
    assert finder == "comments:signed-siblings"
    comments = find_comments(parse_html(html), "en").comments
    assert [c.author for c in comments if c.parent_position is None] == list(names)
    # the nested reply is a comment of its own, signed by its own link, replying to the first post
    assert [(c.author, c.parent_position) for c in comments if c.parent_position is not None] == [
        ("someone_with_a_long_name", 0)
    ]
