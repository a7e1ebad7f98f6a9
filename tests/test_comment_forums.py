"""The coverage matrix, continued (:mod:`tests.test_comment_systems` holds the first 60
systems and the checks): forum packages of 2008-2026 not in it yet, each in the markup its
post template emits, read by the whole extract step. A forum's opening post is the article;
its replies are the rows (author, date, the message exactly, no user card, subject line,
"Report" or "Quote" left in it). docs/extraction.md "Comment systems" lists them.
"""

from __future__ import annotations

import pytest

from pipeline.extract import extract_html
from tests.test_comment_systems import (
    OPENING,
    Row,
    System,
    T,
    _page,
    _xenforo2,
)
from tests.test_comment_systems import (
    test_every_comment_system_gives_clean_rows_kept_out_of_the_article as check,
)

REPLIES = (Row("Maria Lopez", "2012-03-06", T[0]), Row("tomhale", "2012-03-07", T[1]), Row("AnnWu", "2012-03-07", T[2]))
URL = "https://healthnotes.example/2012/03/walking.html"
POSTERS = (("glucose_gary", OPENING), ("Maria Lopez", T[0]), ("tomhale", T[1]), ("AnnWu", T[2]))


def _mybb(pid: int, number: int, name: str, when: str, text: str) -> str:
    """MyBB 1.8's postbit (``postbit_classic``): the author pane, then ``div.post_content``
    with the date and the message ``div.post_body#pid_N``, then the buttons."""
    uid = pid - 490
    return (
        f'<div class="post classic " style="" id="post_{pid}"><div class="post_author scaleimages">'
        f'<div class="author_avatar"><a href="member.php?action=profile&amp;uid={uid}"><img src="./uploads/avatars/'
        f'avatar_{uid}.png" alt="" width="55" height="55" /></a></div><div class="author_information"><strong><span '
        f'class="largetext"><a href="https://forum.example/member.php?action=profile&amp;uid={uid}">{name}</a></span>'
        f'</strong> <a href="private.php?action=send&amp;uid={uid}" title="Send PM"></a><br /><span class="smalltext">'
        f'Junior Member<br /><img src="images/star.png" border="0" alt="*" /><br /></span></div><div class="'
        f'author_statistics">Posts: 12<br />Threads: 3<br />Joined: Jan 2012<br />Reputation: 0</div></div>'
        f'<div class="post_content"><div class="post_head"><div class="float_right"><strong><a href="showthread.php'
        f'?tid=77&amp;pid={pid}#pid{pid}" title="Re: Walking after meals">#{number}</a></strong></div><span class="'
        f'post_date">{when} <span class="post_edit" id="edited_by_{pid}"></span></span></div><div class="post_body '
        f'scaleimages" id="pid_{pid}">{text}</div><div class="post_meta" id="post_meta_{pid}"></div></div>'
        f'<div class="post_controls"><div class="postbit_buttons author_buttons float_left"><a href="search.php?'
        f'action=finduser&amp;uid={uid}" title="Find all posts by this user" class="postbit_find"><span>Find</span>'
        f'</a></div><div class="postbit_buttons post_management_buttons float_right"><a href="newreply.php?tid=77'
        f'&amp;replyto={pid}" title="Quote this message in a reply" class="postbit_quote postbit_mirage"><span>'
        f"Reply</span></a></div></div></div>"
    )


MYBB = System(
    "MyBB 1.8 (div.post#post_N, div.author_information, span.post_date '03-06-2012, 02:13 AM', div.post_body#pid_N)",
    '<html><head><title>Walking after meals</title></head><body><div id="container"><div id="content"><div class="'
    'wrapper"><table border="0" cellspacing="0" cellpadding="5" class="tborder tfixed clear"><tr><td class="thead">'
    '<strong>Walking after meals</strong></td></tr><tr><td id="posts_container"><div id="posts">'
    + "".join(
        _mybb(501 + i, i + 1, name, when, text)
        for i, ((name, text), when) in enumerate(
            zip(
                POSTERS,
                ("03-06-2012, 02:13 AM", "03-06-2012, 09:40 AM", "03-07-2012, 11:02 PM", "03-07-2012, 11:30 PM"),
                strict=True,
            )
        )
    )
    + "</div></td></tr></table></div></div></div></body></html>",
    REPLIES,
    opening=OPENING,
)


def _fluxbb(pid: int, number: int, name: str, when: str, text: str) -> str:
    """FluxBB 1.4/1.5's ``viewtopic.php`` (PunBB 1.2's markup): ``div.blockpost#pN``, its
    number and date in an ``h2`` linking the post's own anchor, the user card in
    ``div.postleft``, the subject ("Re: ...") and ``div.postmsg`` in ``div.postright``."""
    parity = "rowodd" if number % 2 else "roweven"
    first = " firstpost blockpost1" if number == 1 else ""
    subject = "Walking after meals" if number == 1 else "Re: Walking after meals"
    return (
        f'<div id="p{pid}" class="blockpost {parity}{first}"><h2><span><span class="conr">#{number}</span> <a href="'
        f'viewtopic.php?pid={pid}#p{pid}">{when}</a></span></h2><div class="box"><div class="inbox"><div class="'
        f'postbody"><div class="postleft"><dl><dt><strong><a href="profile.php?id={pid - 890}">{name}</a></strong>'
        f'</dt><dd class="usertitle"><strong>Member</strong></dd><dd><span>Registered: 2011-01-02</span></dd><dd>'
        f'<span>Posts: 12</span></dd></dl></div><div class="postright"><h3>{subject}</h3><div class="postmsg"><p>'
        f'{text}</p></div></div></div></div><div class="inbox"><div class="postfoot clearb"><div class="postfootleft">'
        f'<p><span>Offline</span></p></div><div class="postfootright"><ul><li class="postreport"><span><a href="misc.'
        f'php?report={pid}">Report</a></span></li><li class="postquote"><span><a href="post.php?tid=7&amp;qid={pid}">'
        f"Quote</a></span></li></ul></div></div></div></div></div>"
    )


FLUXBB = System(
    "FluxBB 1.4/1.5, PunBB 1.2 (div.blockpost#pN, h2 '#2 2012-03-06 09:40:00', div.postleft user card, div.postmsg)",
    '<html><head><title>Walking after meals / Health board</title></head><body><div id="punviewtopic" class="pun">'
    '<div class="punwrap"><div id="brdheader" class="block"><h1><a href="index.php">Health board</a></h1></div>'
    '<div id="brdmain"><div class="linkst"><div class="inbox crumbsplus"><ul class="crumbs"><li><a href="index.php">'
    'Index</a></li><li><span>»&#160;</span><strong><a href="viewtopic.php?id=7">Walking after meals</a></strong>'
    "</li></ul></div></div>"
    + "".join(
        _fluxbb(901 + i, i + 1, name, when, text)
        for i, ((name, text), when) in enumerate(
            zip(
                POSTERS,
                ("2012-03-06 02:13:45", "2012-03-06 09:40:00", "2012-03-07 23:02:11", "2012-03-07 23:30:00"),
                strict=True,
            )
        )
    )
    + "</div></div></div></body></html>",
    REPLIES,
    opening=OPENING,
)


def _vanilla(cid: int, name: str, day: int, clock: str, text: str) -> str:
    """Vanilla 2's comment (``views/discussion/helper_functions.php``): ``li.ItemComment#Comment_N``,
    ``a.Username``, a ``<time>`` in the permalink, ``div.Message.userContent``."""
    iso = f"2012-03-0{day}T{clock}:00+00:00"
    return (
        f'<li class="Item{" Alt" if cid % 2 else ""} ItemComment" id="Comment_{cid}"><div class="Comment"><div class="'
        f'Options"><span class="ToggleFlyout OptionsMenu"><span class="OptionsTitle" title="Options">Options</span>'
        f'</span></div><div class="Item-Header CommentHeader"><div class="AuthorWrap"><span class="Author"><a title="'
        f'{name}" href="/profile/{name}" class="PhotoWrap"><img src="/u.png" alt="{name}" class="ProfilePhoto '
        f'ProfilePhotoMedium" /></a><a href="/profile/{name}" class="Username">{name}</a></span> <span class="'
        f'AuthorInfo"> <span class="MItem RoleTitle">Member</span> </span></div><div class="Meta CommentMeta '
        f'CommentInfo"><span class="MItem DateCreated"><a href="/discussion/comment/{cid}/#Comment_{cid}" class="'
        f'Permalink" name="Item_{cid}" rel="nofollow"><time title="March {day}, 2012 {clock}" datetime="{iso}">March '
        f'{day}, 2012</time></a></span></div></div><div class="Item-BodyWrap"><div class="Item-Body"><div class="'
        f'Message userContent">{text}</div></div></div><div class="Reactions"><a href="#" class="ReactButton">Like'
        f"</a></div></div></li>"
    )


VANILLA = System(
    "Vanilla 2 (div.ItemDiscussion, ul.Comments > li.ItemComment#Comment_N, a.Username, div.Message)",
    '<html><head><title>Walking after meals — Health Community</title></head><body><div id="Frame"><div class="'
    'Content MainContent"><div class="PageTitle"><h1>Walking after meals</h1></div><div class="ItemDiscussion">'
    '<div class="Discussion"><div class="Item-Header DiscussionHeader"><div class="AuthorWrap"><span class="Author">'
    '<a href="/profile/glucose_gary" class="Username">glucose_gary</a></span></div><div class="Meta DiscussionMeta">'
    '<span class="MItem DateCreated"><time title="March 6, 2012 2:13AM" datetime="2012-03-06T02:13:00+00:00">March 6,'
    ' 2012</time></span></div></div><div class="Item-BodyWrap"><div class="Item-Body"><div class="Message '
    f'userContent">{OPENING}</div></div></div></div></div><div class="CommentsWrap"><div class="DataBox '
    'DataBox-Comments"><h2 class="CommentHeading">Comments</h2><ul class="MessageList DataList Comments">'
    + _vanilla(1101, "Maria Lopez", 6, "09:40", T[0])
    + _vanilla(1102, "tomhale", 7, "23:02", T[1])
    + _vanilla(1103, "AnnWu", 7, "23:30", T[2])
    + "</ul></div></div></div></div></body></html>",
    REPLIES,
    opening=OPENING,
)


def _nodebb(index: int, name: str, iso: str, text: str) -> str:
    """NodeBB's server-rendered topic (``partials/topic/post.tpl``): every post, the first too,
    an ``li[component=post]`` marked as a schema.org Comment in ``ul.posts``."""
    slug = name.lower().replace(" ", "-")
    return (
        f'<li component="post" class="{"topic-owner-post" if index == 0 else ""}" data-index="{index}" data-pid="'
        f'{101 + index}" data-username="{name}" data-userslug="{slug}" itemscope itemtype="http://schema.org/Comment">'
        f'<a component="post/anchor" data-index="{index}" id="{index}"></a><meta itemprop="datePublished" content="'
        f'{iso}"><div class="clearfix post-header"><div class="icon pull-left"><a href="/user/{slug}"><span class="'
        f'avatar" title="{name}">{name[0]}</span></a></div><small class="pull-left"><strong><a href="/user/{slug}" '
        f'itemprop="author" data-username="{name}">{name}</a></strong> <a class="permalink" href="/post/{101 + index}">'
        f'<span class="timeago" title="{iso}"></span></a></small></div><br /><div class="content" component="post/'
        f'content" itemprop="text"><p>{text}</p></div><div class="post-footer"><span class="votes"><span component="'
        f'post/vote-count" data-votes="0">0</span></span> <a component="post/reply" href="#">Reply</a> <a component='
        f'"post/quote" href="#">Quote</a></div></li>'
    )


NODEBB = System(
    "NodeBB (ul.posts > li[component=post] marked schema.org Comment, the opening post too)",
    '<html><head><title>Walking after meals | Health Forum</title></head><body><div class="topic"><h1 component="'
    'post/header" itemprop="name">Walking after meals</h1><ul component="topic" class="posts" data-tid="7">'
    + "".join(
        _nodebb(i, name, iso, text)
        for i, ((name, text), iso) in enumerate(
            zip(
                POSTERS,
                (
                    "2012-03-06T02:13:00.000Z",
                    "2012-03-06T09:40:00.000Z",
                    "2012-03-07T23:02:00.000Z",
                    "2012-03-07T23:30:00.000Z",
                ),
                strict=True,
            )
        )
    )
    + "</ul></div></body></html>",
    REPLIES,
    opening=OPENING,
)

FORUMS = (MYBB, FLUXBB, VANILLA, NODEBB)


@pytest.mark.parametrize("system", FORUMS, ids=[s.name.split(" (")[0] for s in FORUMS])
def test_every_forum_package_gives_clean_rows_and_its_opening_post(system: System) -> None:
    check(system)


def test_marked_comments_in_a_thread_list_under_an_article_are_comments() -> None:
    """Readers' comments marked as schema.org Comments in a list named "thread" under an
    article: the region around them is named for comments, so no comment is the article."""
    items = "".join(
        f'<li itemscope itemtype="http://schema.org/Comment"><span itemprop="author">{name}</span> <time itemprop='
        f'"dateCreated" datetime="2012-03-0{6 + i}">March {6 + i}, 2012</time><p itemprop="text">{text}</p></li>'
        for i, (name, text) in enumerate(POSTERS[1:])
    )
    result = extract_html(_page(f'<section id="comments"><ul class="thread">{items}</ul></section>'), URL)
    assert [c.author for c in result.comments] == [row.author for row in REPLIES]
    assert "Muscles take up glucose" in result.text


def test_a_thread_nobody_has_answered_is_its_opening_post_without_the_user_card() -> None:
    """A XenForo thread of one post, two site notices in ``blockMessage`` boxes above it (a
    larger group of "messages" that is no thread): the post is the article, its user card
    ("New member", "Joined", "Messages") no part of it, and no row."""
    notices = "".join(
        f'<div class="blockMessage blockMessage--important blockMessage--iconic"><p>Notice {i}: the forum will be '
        f"read-only on Sunday night while we upgrade the servers.</p></div>"
        for i in range(2)
    )
    thread = (
        f'{notices}<div class="block block--messages"><div class="block-container lbContainer"><div class="block-body '
        'js-replyNewMessageContainer">'
        + _xenforo2(9601, "glucose_gary", "2012-03-06T02:13:00+0000", "Mar 6, 2012", 1, f"{OPENING} {T[3]} {T[1]}")
        + "</div></div></div>"
    )
    result = extract_html(_page(thread, article=""), URL)
    assert result.comments == []
    assert result.text.startswith(OPENING[:60]), result.text
    assert "New member" not in result.text and "Joined" not in result.text, result.text


def test_blog_comments_that_all_answer_the_post_leave_the_post_the_article() -> None:
    """Comments signed by profile links, each headed "Re: TITLE": they answer the post, none
    opens a thread, so the post stays the article and every comment is a row."""
    names = [row.author for row in REPLIES]
    items = "".join(
        f'<div id="c{500 + i}"><h4>Re: Walking after meals</h4><p>By <a href="/users/u{i}">{name}</a> on <a href="'
        f'#c{500 + i}">2012-03-0{6 + i} 10:1{i}</a></p><p>{T[i]}</p></div>'
        for i, name in enumerate(names)
    )
    result = extract_html(_page(f"<div>{items}</div>"), URL)
    assert [c.author for c in result.comments] == names
    assert "Muscles take up glucose" in result.text
    assert all(T[i] in c.text for i, c in enumerate(result.comments))


def test_vanillas_discussion_is_the_opening_post_without_its_header() -> None:
    """Vanilla names the opening post apart from its replies (``div.ItemDiscussion`` before the
    ``li.ItemComment`` list): it is the article, its name and date line no part of it (before:
    the article text started "glucose_gary / March 6, 2012")."""
    result = extract_html(VANILLA.html, URL)
    assert result.text.startswith(OPENING[:60]), result.text
    assert "glucose_gary" not in result.text
