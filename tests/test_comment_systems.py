"""The coverage matrix of comment systems: one minimal page per system, in the markup the system
really emits (its public templates: WordPress's ``wp_list_comments`` walkers, Blogger's layout
tags, Drupal's comment templates, forum software's post templates, the crawler views of
JavaScript widgets), read by the whole extract step. For each: the rows (count, a clean
author, the date, text starting with what the reader wrote, the parent from the nesting), and
the comments' words are not in the article text. The negatives are pages that carry no
comment at all: none may be invented there. docs/extraction.md "Comment systems" holds the matrix.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from pipeline.extract import extract_html

ARTICLE = (
    "<h1>Walking after meals lowers blood sugar</h1>"
    "<p>A short walk after eating helps the body clear glucose from the blood, a review of seven "
    "trials found. Even two to five minutes of light walking made a measurable difference.</p>"
    "<p>The researchers compared sitting, standing and walking after meals in healthy adults and in "
    "people with type 2 diabetes. Standing helped a little; walking helped most.</p>"
    "<p>Muscles take up glucose when they work, so the timing matters: the first hour after a meal "
    "is when blood sugar peaks. The authors suggest a walk within that hour.</p>"
)


def _page(comments: str, article: str = ARTICLE) -> str:
    return (
        "<html><head><title>Walking after meals lowers blood sugar</title></head><body>"
        '<div id="header"><a href="/">Health Notes</a></div>'
        f'<div id="content"><div class="post"><div class="entry">{article}</div></div>{comments}</div>'
        '<div id="footer"><p>Copyright 2012 Health Notes</p></div></body></html>'
    )


@dataclass(frozen=True)
class Row:
    author: str
    date: str | None  # ISO date as printed, None where the system prints none
    text: str  # what the reader wrote, whole: no name, date, button, vote count or permalink
    parent: int | None = None


@dataclass(frozen=True)
class System:
    name: str
    html: str
    rows: tuple[Row, ...]
    # Forums: the opening post is the article; its first words.
    opening: str | None = None


T = (
    "I started walking after dinner last spring and my morning readings dropped within weeks.",
    "Does it matter how fast you walk, or is a slow stroll around the block enough to help?",
    "A slow stroll is enough according to the paper; the effect comes from the muscles working at all.",
    "My doctor said the same thing, although she suggested ten minutes rather than two.",
)


# --- blogs and CMSs ---------------------------------------------------------------------------
def _wp_html5(cid: int, name: str, when: str, text: str, depth: int, children: str = "") -> str:
    """WordPress's html5 walker (Walker_Comment::html5_comment; Twenty Fifteen and later)."""
    kids = f'<ol class="children">{children}</ol>' if children else ""
    return (
        f'<li id="comment-{cid}" class="comment even thread-even depth-{depth}{" parent" if children else ""}">'
        f'<article id="div-comment-{cid}" class="comment-body"><footer class="comment-meta">'
        f'<div class="comment-author vcard"><img alt="" src="/avatar.png" class="avatar avatar-56 photo" '
        f'height="56" width="56"><b class="fn"><a href="http://example.com/{name}" rel="external nofollow ugc" '
        f'class="url">{name}</a></b> <span class="says">says:</span></div>'
        f'<div class="comment-metadata"><a href="/walking/#comment-{cid}"><time datetime="{when}T10:15:22+00:00">'
        f"March 6, 2012 at 10:15 am</time></a></div></footer>"
        f'<div class="comment-content"><p>{text}</p></div>'
        f'<div class="reply"><a rel="nofollow" class="comment-reply-link" href="#comment-{cid}" '
        f'data-commentid="{cid}" aria-label="Reply to {name}">Reply</a></div></article>{kids}</li>'
    )


_WP_FORM = (
    '<div id="respond" class="comment-respond"><h3 id="reply-title" class="comment-reply-title">Leave a Reply '
    '<small><a rel="nofollow" id="cancel-comment-reply-link" href="#respond" style="display:none;">Cancel reply'
    '</a></small></h3><form action="/wp-comments-post.php" method="post" id="commentform" class="comment-form">'
    '<p class="comment-notes"><span id="email-notes">Your email address will not be published.</span> Required '
    'fields are marked <span class="required">*</span></p><p class="comment-form-comment"><label for="comment">'
    'Comment</label> <textarea id="comment" name="comment" cols="45" rows="8"></textarea></p>'
    '<p class="comment-form-author"><label for="author">Name <span class="required">*</span></label> '
    '<input id="author" name="author" type="text" value=""></p><p class="form-submit">'
    '<input name="submit" type="submit" id="submit" class="submit" value="Post Comment"></p></form></div>'
)


WORDPRESS_HTML5 = System(
    "WordPress html5 walker (Twenty Fifteen .. Twenty Twenty-Four)",
    _page(
        '<div id="comments" class="comments-area"><h2 class="comments-title">3 thoughts on '
        '&ldquo;Walking after meals&rdquo;</h2><ol class="comment-list">'
        + _wp_html5(
            12,
            "Maria Lopez",
            "2012-03-06",
            T[0],
            1,
            _wp_html5(13, "Tom Hale", "2012-03-06", T[1], 2),
        )
        + _wp_html5(14, "Dr. Ann Wu", "2012-03-07", T[2], 1)  # the name as signed, its title too
        + "</ol>"
        + _WP_FORM
        + "</div>"
    ),
    (
        Row("Maria Lopez", "2012-03-06", T[0]),
        Row("Tom Hale", "2012-03-06", T[1], 0),
        Row("Dr. Ann Wu", "2012-03-07", T[2]),
    ),
)


def _wp_block(cid: int, name: str, iso: str, shown: str, text: str, depth: int, children: str = "") -> str:
    """WordPress block themes (Twenty Twenty-Two .. Twenty Twenty-Four): the Comments block's
    ``core/comment-template``, each part its own block."""
    kids = f'<ol class="children">{children}</ol>' if children else ""
    return (
        f'<li id="comment-{cid}" class="comment even thread-even depth-{depth}"><div class="wp-block-group has-border-'
        f'color is-layout-constrained" style="margin-top:0;margin-bottom:var(--wp--preset--spacing--40)"><div class="'
        f'wp-block-group is-nowrap is-layout-flex"><div class="wp-block-avatar"><img alt="{name} Avatar" src="/a.png"'
        f' class="avatar avatar-40 photo wp-block-avatar__image" width="40" height="40"></div><div class="wp-block-'
        f'comment-author-name has-small-font-size"><a rel="external nofollow ugc" href="http://example.org/{cid}" '
        f'target="_self">{name}</a></div><div class="wp-block-comment-date has-small-font-size"><time datetime="'
        f'{iso}"><a href="/walking/#comment-{cid}">{shown}</a></time></div></div><div class="wp-block-comment-'
        f'content"><p>{text}</p></div><div class="wp-block-group is-layout-flex"><div class="wp-block-comment-reply-'
        f'link has-small-font-size"><a rel="nofollow" class="comment-reply-link" href="#comment-{cid}" data-commentid'
        f'="{cid}" aria-label="Reply to {name}">Reply</a></div></div></div>{kids}</li>'
    )


WORDPRESS_BLOCK = System(
    "WordPress block themes (Twenty Twenty-Two .. Twenty Twenty-Four: ol.wp-block-comment-template)",
    _page(
        '<div class="wp-block-comments wp-block-comments-query-loop"><h2 class="wp-block-heading">Comments</h2>'
        '<h3 id="comments" class="wp-block-comments-title">3 responses to &#8220;Walking after meals&#8221;</h3>'
        '<ol class="wp-block-comment-template">'
        + _wp_block(
            61,
            "Maria Lopez",
            "2012-03-06T02:13:00+00:00",
            "March 6, 2012 at 2:13 am",
            T[0],
            1,
            _wp_block(62, "Tom Hale", "2012-03-06T09:40:00+00:00", "March 6, 2012 at 9:40 am", T[1], 2),
        )
        + _wp_block(63, "Ann", "2012-03-07T23:02:00+00:00", "March 7, 2012 at 11:02 pm", T[2], 1)
        + "</ol>"
        + _WP_FORM
        + "</div>"
    ),
    (
        Row("Maria Lopez", "2012-03-06", T[0]),
        Row("Tom Hale", "2012-03-06", T[1], 0),
        Row("Ann", "2012-03-07", T[2]),
    ),
)


def _wp_html4(cid: int, name: str, when: str, text: str, depth: int, children: str = "") -> str:
    """WordPress's html4 walker (Walker_Comment::comment; themes before html5 support): the
    message is the bare paragraphs inside ``div.comment-body``."""
    kids = f"<ul class='children'>{children}</ul>" if children else ""
    return (
        f'<li class="comment byuser even thread-even depth-{depth}" id="comment-{cid}">'
        f'<div id="div-comment-{cid}" class="comment-body"><div class="comment-author vcard">'
        f"<img alt='' src='/avatar.png' class='avatar avatar-32 photo' height='32' width='32' />"
        f'<cite class="fn">{name}</cite> <span class="says">says:</span></div>'
        f'<div class="comment-meta commentmetadata"><a href="/walking/#comment-{cid}">{when}</a></div>'
        f"<p>{text}</p>"
        f"<div class=\"reply\"><a rel='nofollow' class='comment-reply-link' href='/walking/?replytocom={cid}#respond'"
        f">Reply</a></div></div>{kids}</li>"
    )


WORDPRESS_HTML4 = System(
    "WordPress html4 walker (wp_list_comments default, pre-html5 themes)",
    _page(
        '<h3 id="comments">3 Responses to &#8220;Walking after meals&#8221;</h3><ol class="commentlist">'
        + _wp_html4(
            21,
            "Maria Lopez",
            "March 6, 2012 at 2:13 am",
            T[0],
            1,
            _wp_html4(22, "Tom Hale", "March 6, 2012 at 9:40 am", T[1], 2),
        )
        + _wp_html4(23, "Ann", "March 7, 2012 at 11:02 pm", T[2], 1)
        + "</ol>"
    ),
    (
        Row("Maria Lopez", "2012-03-06", T[0]),
        Row("Tom Hale", "2012-03-06", T[1], 0),
        Row("Ann", "2012-03-07", T[2]),
    ),
)


def _twenty_ten(cid: int, name: str, when: str, text: str, children: str = "") -> str:
    """Twenty Ten / Twenty Eleven's own callback: ``li#li-comment-N`` around ``div#comment-N``."""
    kids = f"<ul class='children'>{children}</ul>" if children else ""
    return (
        f'<li class="comment even thread-even depth-1" id="li-comment-{cid}"><div id="comment-{cid}">'
        f'<div class="comment-author vcard"><img alt="" src="/a.png" class="avatar avatar-40 photo" height="40" '
        f'width="40" /><cite class="fn"><a href="http://example.org" rel="external nofollow" class="url">{name}'
        f'</a></cite> <span class="says">says:</span></div><!-- .comment-author .vcard -->'
        f'<div class="comment-meta commentmetadata"><a href="/walking/#comment-{cid}">{when}</a></div>'
        f'<div class="comment-body"><p>{text}</p></div>'
        f"<div class=\"reply\"><a class='comment-reply-link' href='/walking/?replytocom={cid}#respond'>Reply</a>"
        f"</div></div>{kids}</li>"
    )


TWENTY_TEN = System(
    "Twenty Ten / Twenty Eleven (li#li-comment-N, div#comment-N)",
    _page(
        '<div id="comments"><h3 id="comments-title">3 Responses to <em>Walking after meals</em></h3>'
        '<ol class="commentlist">'
        + _twenty_ten(
            31,
            "Maria Lopez",
            "March 6, 2012 at 2:13 am",
            T[0],
            _twenty_ten(32, "Tom Hale", "March 6, 2012 at 9:40 am", T[1]),
        )
        + _twenty_ten(33, "Ann", "March 7, 2012 at 11:02 pm", T[2])
        + "</ol></div>"
    ),
    (
        Row("Maria Lopez", "2012-03-06", T[0]),
        Row("Tom Hale", "2012-03-06", T[1], 0),
        Row("Ann", "2012-03-07", T[2]),
    ),
)


def _genesis(cid: int, name: str, iso: str, shown: str, text: str, children: str = "") -> str:
    """The Genesis framework's HTML5 comments: ``article`` with schema.org Comment microdata
    inside WordPress's ``li.comment``, replies in ``ul.children`` after it."""
    kids = f'<ul class="children">{children}</ul>' if children else ""
    return (
        f'<li class="comment even thread-even depth-1" id="comment-{cid}"><article itemprop="comment" itemscope '
        f'itemtype="https://schema.org/Comment"><header class="comment-header"><p class="comment-author" '
        f'itemprop="author" itemscope itemtype="https://schema.org/Person"><img alt="" src="/a.png" class="avatar '
        f'avatar-48 photo" height="48" width="48"><span class="comment-author-name" itemprop="name"><a href="http://'
        f'example.org/{cid}" class="comment-author-link" rel="external nofollow">{name}</a></span> <span class='
        f'"says">says</span></p><p class="comment-meta"><time class="comment-time" datetime="{iso}" itemprop='
        f'"datePublished"><a class="comment-time-link" href="/walking/#comment-{cid}" itemprop="url">{shown}</a>'
        f'</time></p></header><div class="comment-content" itemprop="text"><p>{text}</p></div><div class="comment-'
        f'reply"><a rel="nofollow" class="comment-reply-link" href="#comment-{cid}" aria-label="Reply to {name}">'
        f"Reply</a></div></article>{kids}</li>"
    )


GENESIS = System(
    "Genesis framework HTML5 (li.comment > article itemprop=comment, ul.children)",
    _page(
        '<div class="entry-comments" id="comments"><h3>Comments</h3><ol class="comment-list">'
        + _genesis(
            41,
            "Maria Lopez",
            "2012-03-06T02:13:00+00:00",
            "March 6, 2012 at 2:13 am",
            T[0],
            _genesis(42, "Tom Hale", "2012-03-06T09:40:00+00:00", "March 6, 2012 at 9:40 am", T[1]),
        )
        + _genesis(43, "Ann", "2012-03-07T23:02:00+00:00", "March 7, 2012 at 11:02 pm", T[2])
        + "</ol></div>"
    ),
    (
        Row("Maria Lopez", "2012-03-06", T[0]),
        Row("Tom Hale", "2012-03-06", T[1], 0),
        Row("Ann", "2012-03-07", T[2]),
    ),
)


def _wpdiscuz(cid: int, parent: int, depth: int, name: str, shown: str, text: str, replies: str = "") -> str:
    """wpDiscuz 7 (WordPress's most used comment plugin): the comment's classes kept, its own
    ``div#comment-N.wpd-comment-right``, replies nested after the wrap."""
    reply = " wpd-reply" if depth > 1 else ""
    return (
        f'<div id="wpd-comm-{cid}_{parent}" class="comment even thread-even depth-{depth} wpd-comment{reply} '
        f'wpd_comment_level-{depth}"><div class="wpd-comment-wrap wpd-blog-guest"><div class="wpd-avatar "><img '
        f'alt="{name}" src="/a.png" class="avatar avatar-64 photo" height="64" width="64"></div><div id="comment-{cid}"'
        f' class="wpd-comment-right"><div class="wpd-comment-header"><div class="wpd-comment-author ">{name}</div>'
        f'<div class="wpd-comment-date" title="{shown}"><i class="far fa-clock" aria-hidden="true"></i> 12 years ago'
        f'</div><div class="wpd-comment-link wpd-hidden"><span wpd-tooltip="Comment Link"><i class="fas fa-link" '
        f'aria-hidden="true" data-wpd-clipboard="/walking/#comment-{cid}"></i></span></div></div>'
        f'<div class="wpd-comment-text"><p>{text}</p></div><div class="wpd-comment-footer"><div class="wpd-vote">'
        f'<div class="wpd-vote-up wpd_not_clicked"><svg viewBox="0 0 20 20"><path d="M1"></path></svg></div>'
        f'<div class="wpd-vote-result" title="0">0</div><div class="wpd-vote-down wpd_not_clicked"><svg viewBox="0 0'
        f' 20 20"><path d="M1"></path></svg></div></div><div class="wpd-reply-button"><svg viewBox="0 0 24 24"><path '
        f'd="M1"></path></svg><span>Reply</span></div></div></div></div><div id="wpdiscuz_form_anchor-{cid}_{parent}">'
        f"</div>{replies}</div>"
    )


WPDISCUZ = System(
    "wpDiscuz (div.wpd-comment, div#comment-N.wpd-comment-right, div.wpd-comment-text)",
    _page(
        '<div id="comments" class="comments-area"><div id="wpdcom" class="wpdiscuz_unauth wpd-default wpd-layout-1 '
        'wpd-comments-open"><div id="wpd-threads" class="wpd-thread-wrapper"><div class="wpd-thread-head"><div '
        "class=\"wpd-thread-info \" data-comments-count=\"3\"><span class='wpdtc' title='3'>3</span> Comments</div>"
        '</div><div class="wpd-thread-list">'
        + _wpdiscuz(
            201,
            0,
            1,
            "Maria Lopez",
            "March 6, 2012 2:13 am",
            T[0],
            _wpdiscuz(202, 201, 2, "Tom Hale", "March 6, 2012 9:40 am", T[1]),
        )
        + _wpdiscuz(203, 0, 1, "Ann", "March 7, 2012 11:02 pm", T[2])
        + "</div></div></div></div>"
    ),
    (
        Row("Maria Lopez", "2012-03-06", T[0]),
        Row("Tom Hale", "2012-03-06", T[1], 0),
        Row("Ann", "2012-03-07", T[2]),
    ),
)


def _blogger_classic(cid: str, name: str, when: str, text: str) -> str:
    return (
        f"<dt class='comment-author ' id='c{cid}'><a name='c{cid}'></a>"
        f'<div class="avatar-image-container vcard"><span dir="ltr"><a href="https://www.blogger.com/profile/'
        f'0{cid}" rel="nofollow"><img src="/b.png" width="35" height="35" alt="" title="{name}"></a></span></div>'
        f"<a href='https://www.blogger.com/profile/0{cid}' rel='nofollow'>{name}</a>\nsaid...\n</dt>"
        f"<dd class='comment-body' id='Blog1_cmt-{cid}'><p>{text}</p></dd>"
        f"<dd class='comment-footer'><span class='comment-timestamp'><a href='/2012/03/walking.html?showComment="
        f"1331000000000#c{cid}' title='comment permalink'>\n{when}\n</a><span class='item-control blog-admin "
        f"pid-1'><a class='comment-delete' href='/delete-comment.g?postID={cid}' title='Delete Comment'>"
        f"<img src='/icon_delete13.gif'/></a></span></span></dd>"
    )


BLOGGER_CLASSIC = System(
    "Blogger classic (dl#comments-block dt/dd)",
    _page(
        "<div class='comments' id='comments'><a name='comments'></a><h4>3 comments:</h4>"
        "<div id='Blog1_comments-block-wrapper'><dl class='avatar-comment-indent' id='comments-block'>"
        + _blogger_classic("4411001", "Maria Lopez", "March 6, 2012 at 2:13 AM", T[0])
        + _blogger_classic("4411002", "Tom Hale", "March 6, 2012 at 9:40 AM", T[1])
        + _blogger_classic("4411003", "Anonymous", "March 7, 2012 at 11:02 PM", T[2])
        + "</dl></div><p class='comment-footer'><a href='https://www.blogger.com/comment.g?blogID=1&amp;postID=2'>"
        "Post a Comment</a></p></div>"
    ),
    (
        Row("Maria Lopez", "2012-03-06", T[0]),
        Row("Tom Hale", "2012-03-06", T[1]),
        Row("Anonymous", "2012-03-07", T[2]),
    ),
)


def _blogger_threaded(cid: str, name: str, when: str, text: str, replies: str = "") -> str:
    thread = (
        f'<div class="comment-replies"><div id="c{cid}-rt" class="comment-thread inline-thread">'
        f'<span class="thread-toggle thread-expanded"><span class="thread-arrow"></span><span class="thread-count">'
        f'<a target="_self">Replies</a></span></span><ol id="c{cid}-ra" class="thread-chrome thread-expanded">'
        f'<div>{replies}</div><div id="c{cid}-continue" class="continue"><a class="comment-reply" target="_self" '
        f'data-comment-id="{cid}">Reply</a></div></ol></div></div>'
        if replies
        else ""
    )
    return (
        f'<li class="comment" id="c{cid}"><div class="avatar-image-container"><img src="/b.png" alt=""/></div>'
        f'<div class="comment-block"><div class="comment-header"><cite class="user"><a href="https://www.blogger.com/'
        f'profile/0{cid}" rel="nofollow">{name}</a></cite><span class="icon user "></span><span class="datetime '
        f'secondary-text"><a rel="nofollow" href="/2012/03/walking.html?showComment=1331#c{cid}">{when}</a></span>'
        f'</div><p class="comment-content">{text}</p><span class="comment-actions secondary-text"><a class="comment-'
        f'reply" target="_self" data-comment-id="{cid}">Reply</a><span class="item-control blog-admin blog-admin '
        f'pid-1"><a target="_self" href="/delete-comment.g?postID={cid}">Delete</a></span></span></div>'
        f'{thread}<div class="comment-replybox-single" id="c{cid}-ce"></div></li>'
    )


BLOGGER_THREADED = System(
    "Blogger threaded (div.comment-thread ol li.comment)",
    _page(
        "<div class='comments threaded' id='comments'><a name='comments'></a><h4>3 comments:</h4>"
        "<div class='comments-content'><div id='comment-holder'><div class=\"comment-thread toplevel-thread\">"
        '<ol id="top-ra">'
        + _blogger_threaded(
            "5511001",
            "Maria Lopez",
            "March 6, 2012 at 2:13 AM",
            T[0],
            _blogger_threaded("5511002", "Tom Hale", "March 6, 2012 at 9:40 AM", T[1]),
        )
        + _blogger_threaded("5511003", "Ann", "March 7, 2012 at 11:02 PM", T[2])
        + '</ol><div id="top-continue" class="continue"><a class="comment-reply" target="_self">Add comment</a>'
        "</div></div></div></div></div>"
    ),
    (
        Row("Maria Lopez", "2012-03-06", T[0]),
        Row("Tom Hale", "2012-03-06", T[1], 0),
        Row("Ann", "2012-03-07", T[2]),
    ),
)


def _disqus_plugin(cid: int, name: str, text: str, classed: bool, children: str = "") -> str:
    """The Disqus WordPress plugin's server-rendered list (dsq_comment()): no date printed."""
    kids = f"<ul class='children'>{children}</ul>" if children else ""
    cls = ' class="comment even thread-even depth-1"' if classed else ""
    return (
        f'<li{cls} id="dsq-comment-{cid}"><div id="dsq-comment-header-{cid}" class="dsq-comment-header">'
        f'<cite id="dsq-cite-{cid}"><span id="dsq-author-user-{cid}">{name}</span></cite></div>'
        f'<div id="dsq-comment-body-{cid}" class="dsq-comment-body"><div id="dsq-comment-message-{cid}" '
        f'class="dsq-comment-message"><p>{text}</p></div></div>{kids}</li>'
    )


def _disqus_page(classed: bool) -> str:
    return _page(
        '<div id="disqus_thread"><div id="dsq-content"><ul id="dsq-comments">'
        + _disqus_plugin(41, "Maria Lopez", T[0], classed, _disqus_plugin(42, "Tom Hale", T[1], classed))
        + _disqus_plugin(43, "Ann", T[2], classed)
        + "</ul></div></div><script>var disqus_shortname = 'healthnotes';</script>"
    )


DISQUS_PLUGIN = System(
    "Disqus WordPress plugin, server-rendered fallback (ul#dsq-comments, li.comment)",
    _disqus_page(classed=True),
    (Row("Maria Lopez", None, T[0]), Row("Tom Hale", None, T[1], 0), Row("Ann", None, T[2])),
)
DISQUS_PLUGIN_BARE = System(
    "Disqus WordPress plugin 2.x fallback (li#dsq-comment-N, no class)",
    _disqus_page(classed=False),
    (Row("Maria Lopez", None, T[0]), Row("Tom Hale", None, T[1], 0), Row("Ann", None, T[2])),
)

INTENSEDEBATE = System(
    "IntenseDebate WordPress plugin (theme comments inside div#idc-noscript)",
    _page(
        '<div id=\'idc-container\'></div><div id="idc-noscript"><p id="idc-unavailable">This website uses '
        '<a href="http://intensedebate.com/">IntenseDebate comments</a>, but they are not currently loaded because '
        "either your browser doesn't support JavaScript, or they didn't load fast enough.</p>"
        '<h3 id="comments">2 Responses to &#8220;Walking after meals&#8221;</h3><ol class="commentlist">'
        + _wp_html4(51, "Maria Lopez", "March 6, 2012 at 2:13 am", T[0], 1)
        + _wp_html4(52, "Tom Hale", "March 6, 2012 at 9:40 am", T[1], 1)
        + "</ol></div>"
    ),
    (Row("Maria Lopez", "2012-03-06", T[0]), Row("Tom Hale", "2012-03-06", T[1])),
)


def _twenty_twelve(cid: int, name: str, iso: str, shown: str, text: str, children: str = "") -> str:
    """Twenty Twelve's own callback: ``article.comment`` inside ``li#li-comment-N``, the message
    in ``section.comment-content.comment``."""
    kids = f'<ol class="children">{children}</ol>' if children else ""
    return (
        f'<li class="comment even thread-even depth-1" id="li-comment-{cid}"><article id="comment-{cid}" '
        f'class="comment"><header class="comment-meta comment-author vcard"><img alt="" src="/a.png" class="avatar '
        f'avatar-44 photo" height="44" width="44" /><cite><b class="fn">{name}</b> </cite><a href="/walking/#comment-'
        f'{cid}"><time datetime="{iso}">{shown}</time></a></header><section class="comment-content comment">'
        f'<p>{text}</p></section><div class="reply"><a class="comment-reply-link" href="/walking/?replytocom={cid}'
        f'#respond">Reply</a> <span>&darr;</span></div></article>{kids}</li>'
    )


TWENTY_TWELVE = System(
    "Twenty Twelve (article.comment, section.comment-content.comment)",
    _page(
        '<div id="comments" class="comments-area"><h2 class="comments-title">3 thoughts on &ldquo;<span>Walking after '
        'meals</span>&rdquo;</h2><ol class="commentlist">'
        + _twenty_twelve(
            35,
            "Maria Lopez",
            "2012-03-06T02:13:00+00:00",
            "March 6, 2012 at 2:13 am",
            T[0],
            _twenty_twelve(36, "Tom Hale", "2012-03-06T09:40:00+00:00", "March 6, 2012 at 9:40 am", T[1]),
        )
        + _twenty_twelve(37, "Ann", "2012-03-07T23:02:00+00:00", "March 7, 2012 at 11:02 pm", T[2])
        + "</ol></div>"
    ),
    (
        Row("Maria Lopez", "2012-03-06", T[0]),
        Row("Tom Hale", "2012-03-06", T[1], 0),
        Row("Ann", "2012-03-07", T[2]),
    ),
)


def _livefyre(mid: int, name: str, iso: str, text: str) -> str:
    """Livefyre's stream as a browser renders it (class names from its styling guide)."""
    return (
        f'<div class="fyre-comment-wrapper" data-message-id="{mid}"><article class="fyre-comment-article fyre-comment-'
        f'source-5" data-message-id="{mid}"><div class="fyre-comment-user" data-from="{name}"><img class="fyre-user-'
        f'avatar" src="/a.png"></div><header class="fyre-comment-head"><a class="fyre-comment-username" data-from='
        f'"{name}"><span>{name}</span></a><time class="fyre-comment-date" datetime="{iso}">12 years ago</time>'
        f'</header><section class="fyre-comment-body"><div class="fyre-comment"><p>{text}</p></div></section>'
        f'<footer class="fyre-comment-footer"><div class="fyre-comment-actions"><a class="fyre-comment-reply">Reply'
        f'</a> <a class="fyre-comment-like">Like</a></div></footer></article></div>'
    )


LIVEFYRE = System(
    "Livefyre, rendered (article.fyre-comment-article, a.fyre-comment-username)",
    _page(
        '<div id="livefyre"><div class="fyre"><div class="fyre-stream-content"><div class="fyre-comment-stream">'
        + _livefyre(301, "Maria Lopez", "2012-03-06T02:13:00Z", T[0])
        + _livefyre(302, "Tom Hale", "2012-03-06T09:40:00Z", T[1])
        + _livefyre(303, "Ann", "2012-03-07T23:02:00Z", T[2])
        + "</div></div></div></div>"
    ),
    (
        Row("Maria Lopez", "2012-03-06", T[0]),
        Row("Tom Hale", "2012-03-06", T[1]),
        Row("Ann", "2012-03-07", T[2]),
    ),
)


def _livejournal(tid: int, depth: int, name: str, when: str, text: str) -> str:
    """LiveJournal's comment tree: flat ``div.b-tree-twig`` siblings, the depth in their
    ``margin-left`` (and class), each holding a ``div.b-leaf.comment``."""
    return (
        f'<div class="b-tree-twig b-tree-twig-{depth + 1} b-tree-twig-deep-{depth}" data-tid="t{tid}" style="margin-'
        f'left: {depth * 30}px"><div id="t{tid}" class=" b-leaf comment p-comment " data-username="{name}" '
        f'data-full="1"><div class="b-leaf-inner"><div class="b-leaf-header"><div class="b-leaf-userpic"><a href="'
        f'https://{name}.livejournal.com/" class="b-leaf-userpic-inner"><img src="/u.jpg" alt=""></a></div>'
        f'<div class="b-leaf-details"><p class="b-leaf-username"><span class="b-leaf-username-name">'
        f'<span class="ljuser i-ljuser" data-ljuser="{name}"><a href="https://{name}.livejournal.com/profile" '
        f'class="i-ljuser-profile">'
        f'<img class="i-ljuser-userhead" src="/userinfo.gif"></a><a href="https://{name}.livejournal.com/" class="'
        f'i-ljuser-username"><b>{name}</b></a></span></span></p><p class="b-leaf-meta"><a href="/12345.html?thread='
        f'{tid}#t{tid}" class="b-leaf-permalink"><span class="b-leaf-createdtime">{when}</span></a></p><ul class="'
        f'b-leaf-actions"><li class="b-leaf-actions-item"><a href="/12345.html?replyto={tid}" class="b-pseudo">Reply'
        f'</a></li></ul></div></div><div class="b-leaf-article">{text}</div><div class="b-leaf-footer"><ul class="'
        f'b-leaf-actions"><li><a href="/12345.html?thread={tid}#t{tid}">Link</a></li></ul></div></div></div></div>'
    )


LIVEJOURNAL = System(
    "LiveJournal (div.b-tree-twig margin-left, div.b-leaf.comment, span.b-leaf-createdtime)",
    _page(
        '<div id="comments" class="b-grove"><div class="b-tree b-tree-root">'
        + _livejournal(100, 0, "mlopez", "March 6 2012, 02:13:17 UTC", T[0])
        + _livejournal(101, 1, "tomhale", "March 6 2012, 09:40:02 UTC", T[1])
        + _livejournal(102, 2, "annwu", "March 7 2012, 23:02:45 UTC", T[2])
        + _livejournal(103, 0, "joe", "March 8 2012, 08:00:00 UTC", T[3])
        + "</div></div>"
    ),
    (
        Row("mlopez", "2012-03-06", T[0]),
        Row("tomhale", "2012-03-06", T[1], 0),
        Row("annwu", "2012-03-07", T[2], 1),
        Row("joe", "2012-03-08", T[3]),
    ),
)


def _drupal6(cid: int, name: str, when: str, subject: str, text: str) -> str:
    return (
        f'<a id="comment-{cid}"></a><div class="comment comment-published odd clear-block">'
        f'<h3><a href="/walking#comment-{cid}" class="active">{subject}</a></h3>'
        f'<div class="submitted">Submitted by {name} (not verified) on {when}.</div>'
        f'<div class="content"><p>{text}</p></div>'
        f'<div class="links"><ul class="links"><li class="comment_reply first last"><a href="/comment/reply/7/{cid}">'
        f"reply</a></li></ul></div></div>"
    )


DRUPAL_6 = System(
    "Drupal 6 (div.comment, div.submitted 'Submitted by', div.indented replies)",
    _page(
        '<div id="comments">'
        + _drupal6(61, "Maria Lopez", "Tue, 03/06/2012 - 02:13", "Morning readings", T[0])
        + '<div class="indented">'
        + _drupal6(62, "Tom Hale", "Tue, 03/06/2012 - 09:40", "Speed?", T[1])
        + "</div>"
        + _drupal6(63, "Ann", "Wed, 03/07/2012 - 23:02", "Strolls count", T[2])
        + "</div>"
    ),
    (
        Row("Maria Lopez", "2012-03-06", T[0]),
        Row("Tom Hale", "2012-03-06", T[1], 0),
        Row("Ann", "2012-03-07", T[2]),
    ),
)


def _drupal7(cid: int, name: str, when: str, subject: str, text: str) -> str:
    """Bartik (Drupal 7's default theme) comment.tpl.php; the RDFa date is the printed one in ISO."""
    iso = f"{when[11:15]}-{when[5:7]}-{when[8:10]}T{when[-5:]}:00+00:00"  # "Tue, 03/06/2012 - 02:13"
    return (
        f'<a id="comment-{cid}"></a><div class="comment comment-by-anonymous clearfix" about="/comment/{cid}#comment-'
        f'{cid}" typeof="sioc:Post sioct:Comment"><div class="attribution"><div class="submitted">'
        f'<p class="commenter-name"><span rel="sioc:has_creator"><span class="username" xml:lang="" '
        f'typeof="sioc:UserAccount" property="foaf:name" datatype="">{name}</span></span></p>'
        f'<p class="comment-time"><span property="dc:date dc:created" content="{iso}" '
        f'datatype="xsd:dateTime">{when}</span></p><p class="comment-permalink"><a href="/comment/{cid}#comment-{cid}" '
        f'class="permalink" rel="bookmark">Permalink</a></p></div></div><div class="comment-text">'
        f'<div class="comment-arrow"></div><h3 property="dc:title" datatype=""><a href="/comment/{cid}#comment-{cid}"'
        f' class="permalink" rel="bookmark">{subject}</a></h3><div class="content"><span rel="sioc:reply_of" '
        f'resource="/node/7" class="rdf-meta element-hidden"></span><div class="field field-name-comment-body '
        f'field-type-text-long field-label-hidden"><div class="field-items"><div class="field-item even" '
        f'property="content:encoded"><p>{text}</p></div></div></div></div></div>'
        f'<ul class="links inline"><li class="comment-reply first last"><a href="/comment/reply/7/{cid}">reply</a>'
        f"</li></ul></div>"
    )


DRUPAL_7 = System(
    "Drupal 7 Bartik (div.comment, p.commenter-name, p.comment-time, div.indented)",
    _page(
        '<div id="comments" class="comment-wrapper"><h2 class="title">Comments</h2>'
        + _drupal7(71, "Maria Lopez", "Tue, 03/06/2012 - 02:13", "Morning readings", T[0])
        + '<div class="indented">'
        + _drupal7(72, "Tom Hale", "Tue, 03/06/2012 - 09:40", "Speed?", T[1])
        + "</div>"
        + _drupal7(73, "Ann", "Wed, 03/07/2012 - 23:02", "Strolls count", T[2])
        + "</div>"
    ),
    (
        Row("Maria Lopez", "2012-03-06", T[0]),
        Row("Tom Hale", "2012-03-06", T[1], 0),
        Row("Ann", "2012-03-07", T[2]),
    ),
)


def _drupal8(cid: int, name: str, when: str, subject: str, text: str) -> str:
    """Olivero / Bartik 8+ comment.html.twig."""
    return (
        f'<article data-comment-user-id="0" id="comment-{cid}" class="comment js-comment by-anonymous">'
        f'<span class="hidden" data-comment-timestamp="1331000000"></span>'
        f'<footer class="comment__meta"><article class="profile"></article>'
        f'<p class="comment__author"><span>{name}</span></p><p class="comment__time">{when}</p>'
        f'<p class="comment__permalink"><a href="/comment/{cid}#comment-{cid}" hreflang="en">Permalink</a></p>'
        f'</footer><div class="comment__content"><h3><a href="/comment/{cid}#comment-{cid}" class="permalink" '
        f'rel="bookmark" hreflang="en">{subject}</a></h3><div class="clearfix text-formatted field '
        f'field--name-comment-body field--type-text-long field--label-hidden field__item"><p>{text}</p></div>'
        f'<drupal-render-placeholder callback="comment.lazy_builders:renderLinks"></drupal-render-placeholder>'
        f"</div></article>"
    )


DRUPAL_8 = System(
    "Drupal 8+ (article.comment, p.comment__author, p.comment__time, div.indented)",
    _page(
        '<section class="field field--name-comment field--type-comment field--label-above comment-wrapper">'
        '<h2 class="title comment-section-title">Comments</h2>'
        + _drupal8(81, "Maria Lopez", "Tue, 03/06/2012 - 02:13", "Morning readings", T[0])
        + '<div class="indented">'
        + _drupal8(82, "Tom Hale", "Tue, 03/06/2012 - 09:40", "Speed?", T[1])
        + "</div>"
        + _drupal8(83, "Ann", "Wed, 03/07/2012 - 23:02", "Strolls count", T[2])
        + "</section>"
    ),
    (
        Row("Maria Lopez", "2012-03-06", T[0]),
        Row("Tom Hale", "2012-03-06", T[1], 0),
        Row("Ann", "2012-03-07", T[2]),
    ),
)


def _jcomments(cid: int, number: int, name: str, when: str, text: str, odd: bool) -> str:
    return (
        f'<div class="{"odd" if odd else "even"}" id="comment-item-{cid}"><div class="rbox"><div class="rbox_tr">'
        f'<div class="rbox_tl"><div class="rbox_t">&nbsp;</div></div></div><div class="rbox_m">'
        f'<div class="comment-box"><a class="comment-anchor" href="/walking#comment-{cid}" id="comment-{cid}">'
        f'#{number}</a><span class="comment-author">{name}</span><span class="comment-date">{when}</span>'
        f'<div class="comment-body" id="comment-body-{cid}">{text}</div>'
        f'<span class="comments-buttons"><a href="#" onclick="jcomments.showReply({cid}); return false;">Reply</a>'
        f' | <a href="#" onclick="jcomments.quoteComment({cid}); return false;">Quote</a></span></div></div>'
        f'<div class="rbox_br"><div class="rbox_bl"><div class="rbox_b">&nbsp;</div></div></div></div></div>'
    )


JCOMMENTS = System(
    "Joomla JComments (div#comment-item-N, span.comment-author, span.comment-date)",
    _page(
        '<div id="jc"><div id="comments"><h4>Comments</h4><div class="comments-list" id="comments-list-0">'
        + _jcomments(91, 1, "Maria Lopez", "06.03.2012 02:13", T[0], False)
        + _jcomments(92, 2, "Tom Hale", "06.03.2012 09:40", T[1], True)
        + _jcomments(93, 3, "Ann", "07.03.2012 23:02", T[2], False)
        + "</div></div></div>"
    ),
    (
        Row("Maria Lopez", "2012-03-06", T[0]),
        Row("Tom Hale", "2012-03-06", T[1]),
        Row("Ann", "2012-03-07", T[2]),
    ),
)


def _k2(cid: int, name: str, when: str, text: str, parity: str) -> str:
    """Joomla K2's item comments (``ul.itemCommentsList``: unclassed items but for even/odd)."""
    return (
        f'<li class="{parity}"><span class="commentLink"><a href="/walking#comment{cid}" name="comment{cid}" '
        f'id="comment{cid}">Comment Link</a></span><img src="/a.png" alt="{name}" width="48" />'
        f'<span class="commentDate">{when}</span><span class="commentAuthorName"> posted by <a href="http://'
        f'example.org/{cid}" title="{name}" target="_blank" rel="nofollow">{name}</a></span><p>{text}</p>'
        f'<span class="commentToolbar"><a href="#" class="k2ReportCommentLink">Report</a></span>'
        f'<div class="clr"></div></li>'
    )


K2 = System(
    "Joomla K2 (ul.itemCommentsList li, span.commentAuthorName 'posted by', span.commentDate)",
    _page(
        '<div class="itemComments"><h3 class="itemCommentsCounter"><span>3</span> comments</h3>'
        '<ul class="itemCommentsList">'
        + _k2(101, "Maria Lopez", "Tuesday, 06 March 2012 02:13", T[0], "even")
        + _k2(102, "Tom Hale", "Tuesday, 06 March 2012 09:40", T[1], "odd")
        + _k2(103, "Ann", "Wednesday, 07 March 2012 23:02", T[2], "even")
        + "</ul></div>"
    ),
    (
        Row("Maria Lopez", "2012-03-06", T[0]),
        Row("Tom Hale", "2012-03-06", T[1]),
        Row("Ann", "2012-03-07", T[2]),
    ),
)


def _typepad(cid: str, name: str, when: str, text: str) -> str:
    return (
        f'<a id="c{cid}"></a><div class="comment font-entrybody" id="comment-{cid}">'
        f'<div class="comment-content font-entrybody" id="comment-{cid}-content"><span id="comment-{cid}-content">'
        f'<p>{text}</p></span></div><p class="comment-footer font-entryfooter">Posted by: '
        f'<a rel="nofollow" href="http://example.net/{name}">{name}</a> | <a rel="nofollow" '
        f'href="/walking.html?cid={cid}#comment-{cid}">{when}</a></p></div>'
    )


TYPEPAD = System(
    "Typepad (div.comment#comment-6a00..., 'Posted by: NAME | DATE' footer)",
    _page(
        '<div class="comments" id="comments"><h3 class="comments-header font-entryheader">Comments</h3>'
        '<div class="comments-content" id="comments-content">'
        + _typepad("6a00d8341c4f3e53ef016763a1b2c3970b", "Maria Lopez", "March 06, 2012 at 02:13 AM", T[0])
        + _typepad("6a00d8341c4f3e53ef016763a1b2c4970b", "Tom Hale", "March 06, 2012 at 09:40 AM", T[1])
        + _typepad("6a00d8341c4f3e53ef016763a1b2c5970b", "Ann", "March 07, 2012 at 11:02 PM", T[2])
        + "</div></div>"
    ),
    (
        Row("Maria Lopez", "2012-03-06", T[0]),
        Row("Tom Hale", "2012-03-06", T[1]),
        Row("Ann", "2012-03-07", T[2]),
    ),
)


def _movable_type(cid: int, name: str, iso: str, shown: str, text: str, reply_to: tuple[int, str] | None) -> str:
    """Movable Type 4/5's default templates: header first, then the message."""
    replied = (
        f' replied to <a href="#comment-{reply_to[0]}" onclick="mtShow(\'comment-{reply_to[0]}\')">comment from '
        f"{reply_to[1]}</a>"
        if reply_to
        else ""
    )
    return (
        f'<div id="comment-{cid}" class="comment"><div class="inner"><div class="comment-header">'
        f'<div class="asset-meta"><span class="byline"><span class="vcard author"><a title="http://example.org" '
        f'href="http://example.org" rel="nofollow">{name}</a></span>{replied} | <a href="/walking.html#comment-{cid}"'
        f'><abbr class="published" title="{iso}">{shown}</abbr></a> | <a title="Reply" href="javascript:void(0);" '
        f"onclick=\"mtReplyCommentOnClick({cid}, '{name}')\">Reply</a></span></div></div>"
        f'<div class="comment-content"><p>{text}</p></div></div></div>'
    )


MOVABLE_TYPE = System(
    "Movable Type 4/5 (div.comment, span.vcard.author, abbr.published, 'replied to comment from')",
    _page(
        '<div id="comments" class="comments"><h2 class="comments-header">3 Comments</h2>'
        '<div class="comments-content">'
        + _movable_type(1201, "Maria Lopez", "2012-03-06T02:13:00-05:00", "March 6, 2012 2:13 AM", T[0], None)
        + _movable_type(
            1202, "Tom Hale", "2012-03-06T09:40:00-05:00", "March 6, 2012 9:40 AM", T[1], (1201, "Maria Lopez")
        )
        + _movable_type(1203, "Ann", "2012-03-07T23:02:00-05:00", "March 7, 2012 11:02 PM", T[2], None)
        + "</div></div>"
    ),
    (
        Row("Maria Lopez", "2012-03-06", T[0]),
        Row("Tom Hale", "2012-03-06", T[1], 0),
        Row("Ann", "2012-03-07", T[2]),
    ),
)


def _microdata(cid: int, name: str, iso: str, text: str) -> str:
    return (
        f'<div class="comment-row" id="c{cid}" itemprop="comment" itemscope itemtype="http://schema.org/Comment">'
        f'<span itemprop="author" itemscope itemtype="http://schema.org/Person"><span itemprop="name">{name}</span>'
        f'</span> <time itemprop="dateCreated" datetime="{iso}">{iso[:10]}</time>'
        f'<div itemprop="text"><p>{text}</p></div></div>'
    )


SCHEMA_MICRODATA = System(
    "News site, schema.org Comment microdata",
    _page(
        '<section class="reader-voices"><h2>Reader voices</h2>'
        + _microdata(101, "Maria Lopez", "2012-03-06T02:13:00Z", T[0])
        + _microdata(102, "Tom Hale", "2012-03-06T09:40:00Z", T[1])
        + _microdata(103, "Ann", "2012-03-07T23:02:00Z", T[2])
        + "</section>"
    ),
    (
        Row("Maria Lopez", "2012-03-06", T[0]),
        Row("Tom Hale", "2012-03-06", T[1]),
        Row("Ann", "2012-03-07", T[2]),
    ),
)


def _news_bem(cid: int, name: str, iso: str, shown: str, text: str, replies: str = "") -> str:
    """A news site's server-rendered discussion in BEM class names (the Guardian's ``d-comment``
    items, schema.org Comment microdata on each)."""
    kids = f'<ul class="d-thread d-thread--responses">{replies}</ul>' if replies else ""
    return (
        f'<li class="d-comment d-comment--top-level js-comment" id="comment-{cid}" data-comment-id="{cid}" '
        f'itemscope itemtype="http://schema.org/Comment"><div class="d-comment__inner"><div class="d-comment__meta">'
        f'<span class="d-comment__author" itemprop="author" itemscope itemtype="http://schema.org/Person"><a href="/'
        f'discussion/user/id/{cid}" itemprop="url" title="{name}"><span itemprop="givenName">{name}</span></a></span>'
        f'<div class="d-comment__timestamp"><a href="/p/3x#comment-{cid}" class="d-comment__timestamp-link"><time '
        f'itemprop="dateCreated" datetime="{iso}" class="js-timestamp">{shown}</time></a></div></div>'
        f'<div class="d-comment__content"><div class="d-comment__main"><div class="d-comment__body" itemprop="text">'
        f'<p>{text}</p></div></div><div class="d-comment__actions"><button class="d-comment__action '
        f'd-comment__action--reply">Reply</button><a class="d-comment__action">Report</a></div></div></div>'
        f"{kids}</li>"
    )


NEWS_BEM = System(
    "News site discussion in BEM classes with microdata (li.d-comment, div.d-comment__body)",
    _page(
        '<div class="discussion__comments"><h2>Comments</h2><ul class="d-thread d-thread--comments">'
        + _news_bem(
            55501,
            "MariaL",
            "2012-03-06T02:13:00Z",
            "6 Mar 2012 2.13",
            T[0],
            _news_bem(55502, "tomhale", "2012-03-06T09:40:00Z", "6 Mar 2012 9.40", T[1]),
        )
        + _news_bem(55503, "AnnWu", "2012-03-07T23:02:00Z", "7 Mar 2012 23.02", T[2])
        + "</ul></div>"
    ),
    (
        Row("MariaL", "2012-03-06", T[0]),
        Row("tomhale", "2012-03-06", T[1], 0),
        Row("AnnWu", "2012-03-07", T[2]),
    ),
)


# --- forums and threads (the opening post is the article) ------------------------------------
OPENING = (
    "My fasting glucose has crept up to 118 over the last year and I would like to avoid medication. "
    "Has anyone here tried walking after every meal, and how long did it take to see results?"
)


def _vb3_post(pid: int, number: int, name: str, when: str, text: str) -> str:
    return (
        f'<div align="center"><div class="page" style="width:100%; text-align:left"><div style="padding:0px 25px">'
        f'<div id="edit{pid}" style="padding:0px 0px 6px 0px"><table class="tborder" id="post{pid}" cellpadding="6"'
        f' cellspacing="0" border="0" width="100%" align="center"><tr><td class="thead" style="font-weight:normal">'
        f'<a name="post{pid}"><img class="inlineimg" src="/images/statusicon/post_old.gif" alt="Old" border="0" />'
        f'</a> {when}</td><td class="thead" style="font-weight:normal" align="right">&nbsp;#<a href="showpost.php?p='
        f'{pid}&amp;postcount={number}" target="new" rel="nofollow" id="postcount{pid}" name="{number}"><strong>'
        f'{number}</strong></a></td></tr><tr valign="top"><td class="alt2" width="175" style="border-left: 1px solid '
        f'#D1D1E1"><div id="postmenu_{pid}"><a class="bigusername" href="member.php?u={pid}">{name}</a></div>'
        f'<div class="smallfont">Junior Member</div><div class="smallfont">&nbsp;<br /><div>Join Date: Feb 2012'
        f'</div><div>Posts: {number * 3}</div></div></td><td class="alt1" id="td_post_{pid}" style="border-right: '
        f'1px solid #D1D1E1"><div class="smallfont"><img class="inlineimg" src="/images/icons/icon1.gif" alt="" '
        f'border="0" /> <strong>Walking after meals</strong></div><hr size="1" style="color:#D1D1E1" />'
        f'<div id="post_message_{pid}">{text}</div></td></tr><tr><td class="alt2" style="border-left: 1px solid '
        f'#D1D1E1"><img class="inlineimg" src="/images/statusicon/user_offline.gif" alt="offline" border="0" />'
        f'</td><td class="alt1" align="right"><a href="newreply.php?do=newreply&amp;p={pid}" rel="nofollow">'
        f'<img src="/images/buttons/quote.gif" alt="Reply With Quote" border="0" /></a></td></tr></table></div>'
        f"</div></div></div>"
    )


VBULLETIN_3 = System(
    "vBulletin 3 (table#postN, a.bigusername, div#post_message_N)",
    _page(
        '<div id="posts">'
        + _vb3_post(9001, 1, "glucose_gary", "03-06-2012, 02:13 AM", OPENING)
        + _vb3_post(9002, 2, "Maria Lopez", "03-06-2012, 09:40 AM", T[0])
        + _vb3_post(9003, 3, "TomHale", "03-07-2012, 11:02 PM", T[1])
        + '<div id="lastpost"></div></div>',
        article="",
    ),
    (Row("Maria Lopez", "2012-03-06", T[0]), Row("TomHale", "2012-03-07", T[1])),
    opening=OPENING,
)


def _vb4_post(pid: int, number: int, name: str, day: str, time: str, text: str) -> str:
    return (
        f'<li class="postbitlegacy postbitim postcontainer old" id="post_{pid}"><div class="posthead">'
        f'<span class="postdate old"><span class="date">{day},&nbsp;<span class="time">{time}</span></span></span>'
        f'<span class="nodecontrols"><a name="post{pid}" href="showthread.php?p={pid}#post{pid}" class="postcounter">'
        f'#{number}</a><a id="postcount{pid}" name="{number}"></a></span></div><div class="postdetails">'
        f'<div class="userinfo"><div class="username_container"><div class="popupmenu memberaction">'
        f'<a class="username offline popupctrl" href="member.php?u={pid}" title="{name} is offline"><strong>{name}'
        f'</strong></a></div><img class="inlineimg onlinestatus" src="/images/statusicon/user-offline.png" '
        f'alt="{name} is offline" border="0" /></div><span class="usertitle">Junior Member</span>'
        f'<hr /><dl class="userinfo_extra"><dt>Join Date</dt> <dd>Feb 2012</dd><dt>Posts</dt> <dd>{number * 3}</dd>'
        f'</dl></div><div class="postbody"><div class="postrow"><h2 class="title icon">Walking after meals</h2>'
        f'<div class="content"><div id="post_message_{pid}"><blockquote class="postcontent restore ">{text}'
        f'</blockquote></div></div></div><div class="cleardiv"></div></div></div><div class="postfoot">'
        f'<div class="textcontrols floatcontainer"><span class="postcontrols"><a id="qrwq_{pid}" class="newreply" '
        f'href="newreply.php?do=newreply&amp;p={pid}" rel="nofollow" title="Reply With Quote"><img id="quoteimg_{pid}"'
        f' src="/clear.gif" alt="Reply With Quote" />  Reply With Quote</a></span></div></div></li>'
    )


VBULLETIN_4 = System(
    "vBulletin 4 (ol#posts li.postbitlegacy.postcontainer, blockquote.postcontent)",
    _page(
        '<div id="postlist" class="postlist restrain"><ol id="posts" class="posts" start="1">'
        + _vb4_post(9101, 1, "glucose_gary", "03-06-2012", "02:13 AM", OPENING)
        + _vb4_post(9102, 2, "Maria Lopez", "03-06-2012", "09:40 AM", T[0])
        + _vb4_post(9103, 3, "TomHale", "03-07-2012", "11:02 PM", T[1])
        + "</ol></div>",
        article="",
    ),
    (Row("Maria Lopez", "2012-03-06", T[0]), Row("TomHale", "2012-03-07", T[1])),
    opening=OPENING,
)


def _vb5_post(nid: int, name: str, iso: str, shown: str, text: str, starter: bool) -> str:
    kind = "b-post--first js-post--first" if starter else ""
    return (
        f'<li class="b-post js-post js-comment-entry__parent h-restore--on-preview b-post--text {kind}" '
        f'data-node-id="{nid}" data-node-publishdate="1331000000"><div class="b-post__grid">'
        f'<div class="b-post__arrow"></div><div class="b-post__userinfo b-userinfo"><div class="b-userinfo__details">'
        f'<div class="author h-text-size--14"><strong><a href="/member/{nid}-{name.lower()}">{name}</a></strong>'
        f'</div><div class="usertitle">Junior Member</div><ul class="b-userinfo__additional-info-block"><li class="'
        f'b-userinfo__additional-info"><label>Join Date:</label> <span>Feb 2012</span></li></ul></div></div>'
        f'<div class="b-post__body"><div class="b-post__content js-post__content"><hr class="b-divider--section" />'
        f'<div class="b-media__body"><div class="b-post__timestamp OLD__post-date"><time datetime="{iso}">{shown}'
        f'</time></div><div class="js-post__content-wrapper"><div class="js-post__content-text restore '
        f'h-wordwrap">{text}</div></div></div></div><div class="b-post__footer h-hide--on-preview"><ul '
        f'class="h-left js-post-info"><li class="b-post-control js-post-control h-margin-right-m"><span class='
        f'"b-post-control__label">Quote</span></li></ul></div></div></div></li>'
    )


VBULLETIN_5 = System(
    "vBulletin 5 (ul.conversation-list li.b-post, div.js-post__content-text)",
    _page(
        '<div class="conversation-content-widget forum-conversation-content-widget"><ul class="conversation-list '
        'list-container h-clearfix thread-view">'
        + _vb5_post(9201, "glucose_gary", "2012-03-06T02:13:00", "03-06-2012, 02:13 AM", OPENING, True)
        + _vb5_post(9202, "Maria Lopez", "2012-03-06T09:40:00", "03-06-2012, 09:40 AM", T[0], False)
        + _vb5_post(9203, "TomHale", "2012-03-07T23:02:00", "03-07-2012, 11:02 PM", T[1], False)
        + "</ul></div>",
        article="",
    ),
    (Row("Maria Lopez", "2012-03-06", T[0]), Row("TomHale", "2012-03-07", T[1])),
    opening=OPENING,
)


def _phpbb2_post(pid: int, name: str, when: str, text: str, row: str) -> str:
    return (
        f'<tr><td width="150" align="left" valign="top" class="{row}"><span class="name"><a name="{pid}"></a>'
        f'<b>{name}</b></span><br /><span class="postdetails">Joined: 06 Feb 2012<br />Posts: 12</span><br /></td>'
        f'<td class="{row}" width="100%" height="28" valign="top"><table width="100%" border="0" cellspacing="0" '
        f'cellpadding="0"><tr><td width="100%"><a href="viewtopic.php?p={pid}#{pid}"><img src="templates/subSilver/'
        f'images/icon_minipost.gif" width="12" height="9" alt="Post" title="Post" border="0" /></a><span '
        f'class="postdetails">Posted: {when}<span class="gen">&nbsp;</span>&nbsp; &nbsp;Post subject: Walking '
        f'after meals</span></td><td valign="top" nowrap="nowrap"><a href="posting.php?mode=quote&amp;p={pid}">'
        f'<img src="templates/subSilver/images/lang_english/icon_quote.gif" alt="Reply with quote" title="Reply with '
        f'quote" border="0" /></a></td></tr><tr><td colspan="2"><hr /></td></tr><tr><td colspan="2"><span '
        f'class="postbody">{text}</span><span class="gensmall"></span></td></tr></table></td></tr>'
        f'<tr><td class="spaceRow" colspan="2" height="1"><img src="templates/subSilver/images/spacer.gif" alt="" '
        f'width="1" height="1" /></td></tr>'
    )


PHPBB_2 = System(
    "phpBB 2 subSilver (table.forumline rows, span.name, span.postbody)",
    _page(
        '<table class="forumline" width="100%" cellspacing="1" cellpadding="3" border="0"><tr><th class="thLeft" '
        'width="150" height="26" nowrap="nowrap">Author</th><th class="thRight" nowrap="nowrap">Message</th></tr>'
        + _phpbb2_post(9301, "glucose_gary", "Tue Mar 06, 2012 2:13 am", OPENING, "row1")
        + _phpbb2_post(9302, "Maria Lopez", "Tue Mar 06, 2012 9:40 am", T[0], "row2")
        + _phpbb2_post(9303, "TomHale", "Wed Mar 07, 2012 11:02 pm", T[1], "row1")
        + "</table>",
        article="",
    ),
    (Row("Maria Lopez", "2012-03-06", T[0]), Row("TomHale", "2012-03-07", T[1])),
    opening=OPENING,
)


def _phpbb3_post(pid: int, uid: int, name: str, iso: str, shown: str, text: str, bg: str) -> str:
    return (
        f'<div id="p{pid}" class="post has-profile {bg}"><div class="inner"><dl class="postprofile" id="profile{pid}">'
        f'<dt class="has-profile-rank no-avatar"><a href="./memberlist.php?mode=viewprofile&amp;u={uid}" '
        f'class="username">{name}</a></dt><dd class="profile-rank">Registered User</dd><dd class="profile-posts">'
        f'<strong>Posts:</strong> 12</dd><dd class="profile-joined"><strong>Joined:</strong> Mon Feb 06, 2012 '
        f'1:00 pm</dd></dl><div class="postbody"><div id="post_content{pid}"><h3 class="first">'
        f'<a href="./viewtopic.php?p={pid}#p{pid}">'
        f'Walking after meals</a></h3><ul class="post-buttons"><li><a href="./posting.php?mode=quote&amp;p={pid}" '
        f'title="Reply with quote" class="button button-icon-only"><i class="icon fa-quote-left fa-fw" aria-hidden='
        f'"true"></i><span class="sr-only">Quote</span></a></li></ul><p class="author"><a class="unread" href="./'
        f'viewtopic.php?p={pid}#p{pid}" title="Post"><i class="icon fa-file fa-fw icon-lightgray icon-md" aria-hidden'
        f'="true"></i><span class="sr-only">Post</span></a><span class="responsive-hide">by <strong><a href="./'
        f'memberlist.php?mode=viewprofile&amp;u={uid}" class="username">{name}</a></strong> &raquo; </span><time '
        f'datetime="{iso}">{shown}</time></p><div class="content">{text}</div></div></div>'
        f'<div class="back2top"><a href="#top" class="top" title="Top"><i class="icon fa-chevron-circle-up fa-fw '
        f'icon-gray" aria-hidden="true"></i><span class="sr-only">Top</span></a></div></div></div>'
        f'<hr class="divider" />'
    )


PHPBB_3 = System(
    "phpBB 3 prosilver (div.post#pN, dl.postprofile, p.author, div.content)",
    _page(
        '<div class="topic-page"><h2 class="topic-title"><a href="./viewtopic.php?t=77">Walking after meals</a></h2>'
        + _phpbb3_post(9401, 2, "glucose_gary", "2012-03-06T02:13:00+00:00", "Tue Mar 06, 2012 2:13 am", OPENING, "bg2")
        + _phpbb3_post(9402, 3, "Maria Lopez", "2012-03-06T09:40:00+00:00", "Tue Mar 06, 2012 9:40 am", T[0], "bg1")
        + _phpbb3_post(9403, 4, "TomHale", "2012-03-07T23:02:00+00:00", "Wed Mar 07, 2012 11:02 pm", T[1], "bg2")
        + "</div>",
        article="",
    ),
    (Row("Maria Lopez", "2012-03-06", T[0]), Row("TomHale", "2012-03-07", T[1])),
    opening=OPENING,
)


def _xenforo1(pid: int, name: str, shown: str, title: str, text: str) -> str:
    return (
        f'<li id="post-{pid}" class="message   " data-author="{name}"><div class="messageUserInfo" '
        f'itemscope="itemscope"'
        f' itemtype="http://data-vocabulary.org/Person"><div class="messageUserBlock "><h3 class="userText">'
        f'<a href="members/{name.lower()}.{pid}/" class="username" dir="auto" itemprop="name">{name}</a>'
        f'<em class="userTitle" itemprop="title">New Member</em></h3><span class="arrow"><span></span></span></div>'
        f'</div><div class="messageInfo primaryContent"><div class="messageContent"><article><blockquote '
        f'class="messageText SelectQuoteContainer ugc baseHtml">{text}<div class="messageTextEndMarker">&nbsp;</div>'
        f'</blockquote></article></div><div class="messageMeta ToggleTriggerAnchor"><div class="privateControls">'
        f'<span class="item muted"><span class="authorEnd"><a href="members/{name.lower()}.{pid}/" class="username '
        f'author" dir="auto">{name}</a>,</span><a href="threads/walking.77/#post-{pid}" title="Permalink" '
        f'class="datePermalink"><span class="DateTime" title="{title}">{shown}</span></a></span></div>'
        f'<div class="publicControls"><a href="threads/walking.77/#post-{pid}" title="Permalink" class="item muted '
        f'postNumber hashPermalink OverlayTrigger">#{pid - 9500}</a><a href="posts/{pid}/reply" class="ReplyQuote '
        f'item control reply" title="Reply, quoting this message"><span></span>Reply</a></div></div></div></li>'
    )


XENFORO_1 = System(
    "XenForo 1 (ol#messageList li.message, blockquote.messageText)",
    _page(
        '<div class="pageContent"><form action="inline-mod/post/switch" method="post" class="InlineModForm section"'
        ' id="ModerationForm"><ol class="messageList" id="messageList">'
        + _xenforo1(9501, "glucose_gary", "Mar 6, 2012", "Mar 6, 2012 at 2:13 AM", OPENING)
        + _xenforo1(9502, "Maria Lopez", "Mar 6, 2012", "Mar 6, 2012 at 9:40 AM", T[0])
        + _xenforo1(9503, "TomHale", "Mar 7, 2012", "Mar 7, 2012 at 11:02 PM", T[1])
        + "</ol></form></div>",
        article="",
    ),
    (Row("Maria Lopez", "2012-03-06", T[0]), Row("TomHale", "2012-03-07", T[1])),
    opening=OPENING,
)


def _xenforo2(pid: int, name: str, iso: str, shown: str, number: int, text: str) -> str:
    return (
        f'<article class="message message--post js-post js-inlineModContainer  " data-author="{name}" '
        f'data-content="post-{pid}" id="js-post-{pid}"><span class="u-anchorTarget" id="post-{pid}"></span>'
        f'<div class="message-inner"><div class="message-cell message-cell--user"><section class="message-user">'
        f'<div class="message-userDetails"><h4 class="message-name"><a href="/members/{name.lower()}.{pid}/" '
        f'class="username " dir="auto" data-user-id="{pid}">{name}</a></h4><h5 class="userTitle message-userTitle" '
        f'dir="auto">New member</h5></div><div class="message-userExtras"><dl class="pairs pairs--justified"><dt>'
        f'Joined</dt><dd>Feb 6, 2012</dd></dl><dl class="pairs pairs--justified"><dt>Messages</dt><dd>12</dd></dl>'
        f'</div><span class="message-userArrow"></span></section></div><div class="message-cell message-cell--main">'
        f'<div class="message-main js-quickEditTarget"><header class="message-attribution message-attribution--split">'
        f'<ul class="message-attribution-main listInline "><li class="u-concealed"><a href="/threads/walking.77/post-'
        f'{pid}" rel="nofollow"><time class="u-dt" dir="auto" datetime="{iso}" data-time="1331000000" '
        f'title="{shown}">{shown}</time></a></li></ul><ul class="message-attribution-opposite message-attribution-'
        f'opposite--list "><li><a href="/threads/walking.77/post-{pid}" rel="nofollow">#{number}</a></li></ul>'
        f'</header><div class="message-content js-messageContent"><div class="message-userContent lbContainer '
        f'js-lbContainer " data-lb-id="post-{pid}"><article class="message-body js-selectToQuote"><div '
        f'class="bbWrapper">{text}</div><div class="js-selectToQuoteEnd">&nbsp;</div></article></div></div>'
        f'<footer class="message-footer"><div class="message-actionBar actionBar"><div class="actionBar-set '
        f'actionBar-set--external"><a href="/threads/walking.77/reply?quote={pid}" class="actionBar-action '
        f'actionBar-action--reply" title="Reply, quoting this message" rel="nofollow">Reply</a></div></div>'
        f"</footer></div></div></div></article>"
    )


XENFORO_2 = System(
    "XenForo 2 (article.message--post, h4.message-name, div.bbWrapper)",
    _page(
        '<div class="block block--messages"><div class="block-container lbContainer"><div class="block-body '
        'js-replyNewMessageContainer">'
        + _xenforo2(9601, "glucose_gary", "2012-03-06T02:13:00+0000", "Mar 6, 2012", 1, OPENING)
        + _xenforo2(9602, "Maria Lopez", "2012-03-06T09:40:00+0000", "Mar 6, 2012", 2, T[0])
        + _xenforo2(9603, "TomHale", "2012-03-07T23:02:00+0000", "Mar 7, 2012", 3, T[1])
        + "</div></div></div>",
        article="",
    ),
    (Row("Maria Lopez", "2012-03-06", T[0]), Row("TomHale", "2012-03-07", T[1])),
    opening=OPENING,
)


def _discourse(number: int, name: str, iso: str, shown: str, text: str) -> str:
    marked = " itemprop='comment' itemscope itemtype='http://schema.org/Comment'" if number > 1 else ""
    body = "articleBody" if number == 1 else "text"
    return (
        f"<div id='post_{number}'{marked} class='topic-body crawler-post'><div class='crawler-post-meta'>"
        f'<span class="creator" itemprop="author" itemscope itemtype="http://schema.org/Person"><a itemprop='
        f"\"url\" href='/u/{name}'><span itemprop='name'>{name}</span></a></span><link itemprop=\"mainEntityOfPage\""
        f' href="/t/walking-after-meals/77"><span class="crawler-post-infos"><time itemprop=\'datePublished\' '
        f"datetime='{iso}' class='post-time'>{shown}</time><meta itemprop='position' content='{number}'></span>"
        f"</div><div class='post' itemprop='{body}'><p>{text}</p></div><div itemprop=\"interactionStatistic\" "
        f'itemscope itemtype="http://schema.org/InteractionCounter"><meta itemprop="interactionType" '
        f'content="http://schema.org/LikeAction"/><meta itemprop="userInteractionCount" content="0" /><span '
        f"class='post-likes'></span></div></div>"
    )


DISCOURSE = System(
    "Discourse crawler view (div.topic-body.crawler-post, replies itemprop=comment)",
    _page(
        '<div id="main-outlet" class="wrap" role="main"><div id="topic-title"><h1><a href="/t/walking-'
        "after-meals/77\">Walking after meals</a></h1></div><div itemscope itemtype='http://schema.org/"
        "DiscussionForumPosting'><meta itemprop='headline' content='Walking after meals'>"
        + _discourse(1, "glucose_gary", "2012-03-06T02:13:00Z", "March 6, 2012,  2:13am", OPENING)
        + _discourse(2, "maria_lopez", "2012-03-06T09:40:00Z", "March 6, 2012,  9:40am", T[0])
        + _discourse(3, "tomhale", "2012-03-07T23:02:00Z", "March 7, 2012, 11:02pm", T[1])
        + "</div></div>",
        article="",
    ),
    (Row("maria_lopez", "2012-03-06", T[0]), Row("tomhale", "2012-03-07", T[1])),
    opening=OPENING,
)


def _invision4(cid: int, name: str, iso: str, shown: str, text: str) -> str:
    return (
        f'<article id="elComment_{cid}" class="cPost ipsBox ipsResponsive_pull  ipsComment  ipsComment_parent '
        f'ipsClearfix ipsClear ipsColumns ipsColumns_noSpacing ipsColumns_collapsePhone    "><div class="cAuthorPane '
        f'ipsColumn ipsColumn_medium ipsResponsive_hidePhone"><h3 class="ipsType_sectionHead cAuthorPane_author '
        f'ipsType_blendLinks ipsType_break"><strong><a href="/profile/{cid}-{name.lower()}/" class="ipsType_break">'
        f'{name}</a></strong></h3><ul class="cAuthorPane_info ipsList_reset"><li data-role="group">Members</li>'
        f'<li data-role="stats" class="ipsMargin_top"><ul class="ipsList_reset ipsType_light ipsFlex ipsFlex-ai:center'
        f' ipsFlex-jc:center ipsGap_row:2 cAuthorPane_stats"><li>12 posts</li></ul></li></ul></div>'
        f'<div class="ipsColumn ipsColumn_fluid ipsMargin:none"><div id="comment-{cid}_wrap" data-controller="core.'
        f'front.core.comment" data-commentid="{cid}" data-quotedata="{{}}" class="ipsComment_content '
        f'ipsType_medium"><div class="ipsComment_meta ipsType_light ipsFlex ipsFlex-ai:center ipsFlex-jc:between '
        f'ipsFlex-fd:row-reverse"><div class="ipsType_reset ipsResponsive_hidePhone"><a href="/topic/77-walking/?do='
        f'findComment&amp;comment={cid}" rel="nofollow" class="ipsType_blendLinks">Posted <time datetime="{iso}" '
        f'title="{shown}" data-short="12 yr">{shown}</time></a></div></div><div class="cPost_contentWrap">'
        f'<div data-role="commentContent" class="ipsType_normal ipsType_richText ipsPadding_bottom ipsContained" '
        f'data-controller="core.front.core.lightboxedImages"><p>{text}</p></div></div><div class="ipsItemControls">'
        f'<ul class="ipsComment_controls ipsClearfix ipsItemControls_left" data-role="commentControls"><li '
        f'data-ipsquote-editor="topic_comment"><a href="#" data-action="quoteComment" class="ipsButton_light">'
        f"Quote</a></li></ul></div></div></div></article>"
    )


INVISION_4 = System(
    "Invision Community 4 (article#elComment_N.cPost, data-role=commentContent)",
    _page(
        '<div class="cTopic ipsClear ipsSpacer_top"><div data-controller="core.front.core.commentFeed"><form action='
        '"/topic/77-walking/?csrfKey=1&amp;do=multimodComment" method="post" data-ipspageaction data-role="moderationT'
        'ools">'
        + _invision4(9701, "glucose_gary", "2012-03-06T02:13:00Z", "March 6, 2012", OPENING)
        + _invision4(9702, "Maria Lopez", "2012-03-06T09:40:00Z", "March 6, 2012", T[0])
        + _invision4(9703, "TomHale", "2012-03-07T23:02:00Z", "March 7, 2012", T[1])
        + "</form></div></div>",
        article="",
    ),
    (Row("Maria Lopez", "2012-03-06", T[0]), Row("TomHale", "2012-03-07", T[1])),
    opening=OPENING,
)


def _kunena(mid: int, uid: int, name: str, title: str, text: str, reply: bool) -> str:
    """Kunena 3+ (Joomla's forum), template Crypsis."""
    action = "replied the topic" if reply else "created the topic"
    return (
        f'<div class="row-fluid message message-published"><div class="span2 hidden-phone"><ul class="unstyled '
        f'center profilebox"><li><strong><a class="kwho-user hasTooltip" href="/forum/user/{uid}-{name.lower()}" '
        f'title="View {name}\'s Profile">{name}</a></strong></li><li><a class="kwho-user hasTooltip" href="/forum/'
        f'user/{uid}"><img class="img-polaroid" src="/a.png" alt=""></a></li><li><span class="label label-default">'
        f'Fresh Boarder</span></li><li>Posts: 12</li></ul></div><div class="span10"><small class="text-muted '
        f'pull-right hidden-phone" style="margin-top:-5px;"><span class="icon icon-clock"></span> <span title="'
        f'{title}">12 years ago</span> <a href="#{mid}" id="{mid}" rel="canonical">#{mid}</a></small><div class="'
        f'badger-left badger-info khistory" data-badger="{name} {action}: Walking after meals"><div class="'
        f'mykmsg-header">{name} {action}: Walking after meals</div><div class="kmessage"><p class="kmsg">{text}</p>'
        f'</div></div><div class="pull-right"><a class="btn btn-small" href="/forum/reply/{mid}">Reply</a></div>'
        f"</div></div>"
    )


KUNENA = System(
    "Kunena 3+ Crypsis (div.message, a.kwho-user, p.kmsg)",
    _page(
        '<div id="kunena" class="layout"><div class="kblock">'
        + _kunena(1301, 62, "glucose_gary", "06 Mar 2012 02:13", OPENING, False)
        + _kunena(1302, 63, "MariaLopez", "06 Mar 2012 09:40", T[0], True)
        + _kunena(1303, 64, "TomHale", "07 Mar 2012 23:02", T[1], True)
        + "</div></div>",
        article="",
    ),
    (Row("MariaLopez", "2012-03-06", T[0]), Row("TomHale", "2012-03-07", T[1])),
    opening=OPENING,
)


# --- discussion sites whose comments hang under a story ---------------------------------------
def _slashdot(cid: int, name: str, uid: int, when: str, text: str, children: str = "", star: bool = False) -> str:
    """A subscriber's byline ends in a star link after the uid ("( 4333 ) *"); a reply's buttons
    are "Parent" and "Share"."""
    kids = f'<ul id="group_{cid}">{children}</ul>' if children else ""
    mark = ' <a href="/faq/subscriptions.shtml#subscription_other_advantages">*</a>' if star else ""
    return (
        f'<li id="tree_{cid}" class="comment full contain"><div id="comment_status_{cid}" class="commentstatus"></div>'
        f'<div id="comment_{cid}" class="cw"><div id="comment_top_{cid}" class="commentTop"><div class="title">'
        f'<h4><a id="comment_link_{cid}" name="comment_link_{cid}" href="//science.slashdot.org/comments.pl?sid=1&amp;'
        f'cid={cid}">Re:Walking</a> <span id="comment_score_{cid}" class="score">(Score:<span class="score-num">4'
        f'</span>, Insightful)</span></h4></div><div class="details"><span class="by">by <a href="//slashdot.org/~'
        f'{name}">{name}</a> <span class="uid"><a href="//slashdot.org/~{name}">( {uid} )</a></span>{mark}</span>'
        f' <span class="otherdetails" id="comment_otherdetails_{cid}">on {when} (<a href="//science.slashdot.org/'
        f'comments.pl?sid=1&amp;cid={cid}">#{cid}</a>)</span></div></div><div class="commentBody"><div '
        f'id="comment_body_{cid}">{text}</div></div><div class="commentSub" id="comment_sub_{cid}"><span class="'
        f'nbutton"><b><a href="//science.slashdot.org/comments.pl?sid=1&amp;op=Reply&amp;pid={cid}">Reply to '
        f'This</a></b></span> <a class="btn link" href="//science.slashdot.org/comments.pl?sid=1&amp;cid={cid}">'
        f'Parent</a> <a href="#" class="comment_share_toggle btn link">Share</a></div></div>{kids}</li>'
    )


SLASHDOT = System(
    "Slashdot (li.comment, span.by 'by NAME ( uid )', div#comment_body_N)",
    _page(
        '<ul id="commentlisting" class="d2">'
        + _slashdot(
            39263811,
            "mlopez",
            1311177,
            "Tuesday March 06, 2012 @02:13AM",
            T[0],
            _slashdot(39263812, "tomhale", 66441, "Tuesday March 06, 2012 @09:40AM", T[1], star=True),
        )
        + _slashdot(39263813, "annwu", 22301, "Wednesday March 07, 2012 @11:02PM", T[2])
        + "</ul>"
    ),
    (
        Row("mlopez", "2012-03-06", T[0]),
        Row("tomhale", "2012-03-06", T[1], 0),
        Row("annwu", "2012-03-07", T[2]),
    ),
)


def _hn(cid: int, indent: int, name: str, iso: str, text: str) -> str:
    return (
        f"<tr class='athing comtr' id='{cid}'><td><table border='0'><tr><td class='ind' indent='{indent}'><img "
        f'src="s.gif" height="1" width="{indent * 40}"></td><td valign="top" class="votelinks"><center>'
        f"<a id='up_{cid}' href='vote?id={cid}&amp;how=up'><div class='votearrow' title='upvote'></div></a></center>"
        f'</td><td class="default"><div style="margin-top:2px; margin-bottom:-10px;"><span class="comhead">'
        f'<a href="user?id={name}" class="hnuser">{name}</a> <span class="age" title="{iso}"><a href="'
        f'item?id={cid}">on Mar 6, 2012</a></span> <span id="unv_{cid}"></span><span class="navs"> | <a href='
        f'"#{cid}" class="clicky">next</a> <a class="togg clicky" id="{cid}" n="1" href="javascript:void(0)'
        f'">[&ndash;]</a></span></span></div><br><div class="comment"><div class="commtext c00">{text}</div>'
        f'<div class=\'reply\'><p><font size="1"><u><a href="reply?id={cid}" rel="nofollow">reply</a></u></font>'
        f"</p></div></div></td></tr></table></td></tr>"
    )


HACKER_NEWS = System(
    "Hacker News (table.comment-tree, td.ind indent, span.comhead a.hnuser)",
    _page(
        '<table border="0" class="comment-tree">'
        + _hn(3671001, 0, "mlopez", "2012-03-06T02:13:00 1331000000", T[0])
        + _hn(3671002, 1, "tomhale", "2012-03-06T09:40:00 1331026800", T[1])
        + _hn(3671003, 0, "annwu", "2012-03-07T23:02:00 1331161320", T[2])
        + "</table>"
    ),
    (
        Row("mlopez", "2012-03-06", T[0]),
        Row("tomhale", "2012-03-06", T[1], 0),
        Row("annwu", "2012-03-07", T[2]),
    ),
)


def _reddit_old(tid: str, name: str, iso: str, text: str, children: str = "") -> str:
    return (
        f'<div class=" thing id-t1_{tid} noncollapsed comment " id="thing_t1_{tid}" data-fullname="t1_{tid}" '
        f'data-type="comment" data-author="{name}" data-author-fullname="t2_{tid}"><p class="parent"><a name="{tid}">'
        f'</a></p><div class="midcol unvoted"><div class="arrow up login-required access-required" role="button" '
        f'aria-label="upvote" tabindex="0"></div></div><div class="entry unvoted"><p class="tagline">'
        f'<a href="javascript'
        f':void(0)" class="expand">[–]</a><a href="https://old.reddit.com/user/{name}" class="author may-blank id-t2_'
        f'{tid}">{name}</a><span class="userattrs"></span> <span class="score unvoted" title="12">12 points</span> '
        f'<time title="Tue Mar 6 02:13:00 2012 UTC" datetime="{iso}" class="live-timestamp">12 years ago</time>'
        f'</p><form action="#" class="usertext warn-on-unload" onsubmit="return post_form(this, \'editusertext\')" '
        f'id="form-t1_{tid}"><input type="hidden" name="thing_id" value="t1_{tid}"/><div class="usertext-body '
        f'may-blank-within md-container "><div class="md"><p>{text}</p></div></div></form><ul class="flat-list '
        f'buttons"><li class="first"><a href="/r/health/comments/q/walking/{tid}/" class="bylink" rel="nofollow">'
        f'permalink</a></li><li><a href="javascript:void(0)" class="reply-button">reply</a></li></ul></div>'
        f'<div class="child">{children}</div><div class="clearleft"></div></div><div class="clearleft"></div>'
    )


REDDIT_OLD = System(
    "Reddit old (div.thing.comment, p.tagline a.author, form.usertext div.md)",
    _page(
        '<div class="commentarea"><div class="sitetable nestedlisting" id="siteTable_t3_q">'
        + _reddit_old(
            "c3x1a",
            "mlopez",
            "2012-03-06T02:13:00+00:00",
            T[0],
            '<div class="sitetable listing" id="siteTable_t1_c3x1a">'
            + _reddit_old("c3x1b", "tomhale", "2012-03-06T09:40:00+00:00", T[1])
            + "</div>",
        )
        + _reddit_old("c3x1c", "annwu", "2012-03-07T23:02:00+00:00", T[2])
        + "</div></div>"
    ),
    (
        Row("mlopez", "2012-03-06", T[0]),
        Row("tomhale", "2012-03-06", T[1], 0),
        Row("annwu", "2012-03-07", T[2]),
    ),
)


def _shreddit(tid: str, depth: int, name: str, iso: str, text: str, children: str = "") -> str:
    """New Reddit's server-rendered web components: ``<shreddit-comment author=... depth=...>``,
    the message in ``div[slot=comment]``, replies as nested ``shreddit-comment`` children."""
    return (
        f'<shreddit-comment author="{name}" thingid="t1_{tid}" depth="{depth}" permalink="/r/health/comments/q/'
        f'walking/{tid}/" postid="t3_q" score="12" created="{iso}"><div slot="commentMeta" class="flex flex-row '
        f'items-center"><faceplate-tracker source="comment" action="click" noun="comment_author"><a href="/user/'
        f'{name}/" class="truncate font-bold text-neutral-content-strong">{name}</a></faceplate-tracker><span '
        f'class="inline-block my-0 text-neutral-content-weak">&#8226;</span><faceplate-timeago ts="{iso}" '
        f'format="compact"><time datetime="{iso}" title="Tue, Mar 6, 2012, 2:13:00 AM">12y ago</time>'
        f'</faceplate-timeago></div><div slot="comment" id="t1_{tid}-comment-rtjson-content" class="md text-14">'
        f'<p>{text}</p></div><shreddit-comment-action-row slot="actionRow" comment-id="t1_{tid}" score="12">'
        f"</shreddit-comment-action-row>{children}</shreddit-comment>"
    )


REDDIT_NEW = System(
    "Reddit new (shreddit-comment web components, author attribute, div[slot=comment])",
    _page(
        '<shreddit-comment-tree id="comment-tree" post-id="t3_q" totalcomments="3">'
        + _shreddit(
            "c3x1a",
            0,
            "mlopez",
            "2012-03-06T02:13:00.000Z",
            T[0],
            _shreddit("c3x1b", 1, "tomhale", "2012-03-06T09:40:00.000Z", T[1]),
        )
        + _shreddit("c3x1c", 0, "annwu", "2012-03-07T23:02:00.000Z", T[2])
        + "</shreddit-comment-tree>"
    ),
    (
        Row("mlopez", "2012-03-06", T[0]),
        Row("tomhale", "2012-03-06", T[1], 0),
        Row("annwu", "2012-03-07", T[2]),
    ),
)


def _github_comment(cid: int, name: str, iso: str, shown: str, text: str, opener: bool = False) -> str:
    """GitHub's server-rendered issue timeline: the issue body's group is ``div#issue-N``, each
    reply's ``div#issuecomment-N``, both holding the same ``div.timeline-comment.comment``."""
    group = f"issue-{cid}" if opener else f"issuecomment-{cid}"
    return (
        f'<div class="js-timeline-item js-timeline-progressive-focus-container" data-gid="IC_{cid}"><div class="'
        f'TimelineItem js-comment-container" data-gid="IC_{cid}"><div class="avatar-parent-child TimelineItem-avatar '
        f'd-none d-md-block"><a class="d-inline-block" data-hovercard-type="user" href="/{name}"><img class="avatar '
        f'rounded-2 avatar-user" height="40" width="40" alt="@{name}" src="/a.png"></a></div><div class="timeline-'
        f'comment-group js-minimizable-comment-group js-targetable-element TimelineItem-body my-0 " id="{group}">'
        f'<div class="ml-n3 timeline-comment unminimized-comment comment previewable-edit js-task-list-'
        f'container js-comment timeline-comment--caret"><div class="timeline-comment-header clearfix d-flex">'
        f'<h3 class="f5 text-normal" style="flex: 1 1 auto"><div><strong><a class="author Link--primary text-bold '
        f'css-overflow-wrap-anywhere " show_full_name="false" data-hovercard-type="user" href="/{name}">{name}</a>'
        f'</strong> commented <a href="#issuecomment-{cid}" id="issuecomment-{cid}-permalink" class="Link--secondary '
        f'js-timestamp"><relative-time datetime="{iso}" class="no-wrap">{shown}</relative-time></a></div></h3></div>'
        f'<div class="edit-comment-hide"><task-lists disabled sortable><table class="d-block user-select-contain" '
        f'data-paste-markdown-skip><tbody class="d-block"><tr class="d-block"><td class="d-block comment-body '
        f'markdown-body  js-comment-body"><p dir="auto">{text}</p></td></tr></tbody></table></task-lists></div>'
        f"</div></div></div></div>"
    )


GITHUB_ISSUE = System(
    "GitHub issue timeline (div.timeline-comment, a.author, relative-time, td.comment-body)",
    _page(
        '<div id="discussion_bucket"><div class="js-discussion js-socket-channel ml-0 pl-0 ml-md-6 pl-md-3">'
        + _github_comment(1101, "glucose-gary", "2012-03-06T02:13:00Z", "Mar 6, 2012", OPENING, opener=True)
        + _github_comment(1102, "mlopez", "2012-03-06T09:40:00Z", "Mar 6, 2012", T[0])
        + _github_comment(1103, "tomhale", "2012-03-07T23:02:00Z", "Mar 7, 2012", T[1])
        + "</div></div>",
        article="",
    ),
    (Row("mlopez", "2012-03-06", T[0]), Row("tomhale", "2012-03-07", T[1])),
    opening=OPENING,
)


def _se_comment(cid: int, name: str, iso: str, text: str) -> str:
    return (
        f'<li id="comment-{cid}" class="comment js-comment " data-comment-id="{cid}" data-comment-owner-id="{cid}" '
        f'data-comment-score="0"><div class="js-comment-actions comment-actions"><div class="comment-score js-comment'
        f'-edit-hide"></div></div><div class="comment-text  js-comment-text-and-form"><div class="comment-body js-'
        f'comment-edit-hide"><span class="comment-copy">{text}</span><div class="d-inline-flex ai-center">&ndash;&nbsp;'
        f'<a href="/users/{cid}/{name.lower()}" title="1 reputation" class="comment-user">{name}</a></div><span '
        f'class="comment-date" dir="ltr"><a class="comment-link" href="#comment{cid}_1"><span title="{iso}" class="'
        f'relativetime-clean">Mar 6, 2012 at 9:40</span></a></span></div></div></li>'
    )


def _se_answer(aid: int, name: str, iso: str, text: str, comments: str) -> str:
    return (
        f'<div id="answer-{aid}" class="answer js-answer" data-answerid="{aid}" data-parentid="77" data-score="3" '
        f'itemprop="suggestedAnswer" itemscope itemtype="https://schema.org/Answer"><div class="post-layout">'
        f'<div class="answercell post-layout--right"><div class="s-prose js-post-body" itemprop="text"><p>{text}</p>'
        f'</div><div class="mt24"><div class="post-signature flex--item fl0"><div class="user-info "><div class="user-'
        f'action-time">answered <span title="{iso}" class="relativetime">Mar 6, 2012 at 2:13</span></div><div class='
        f'"user-details" itemprop="author" itemscope itemtype="http://schema.org/Person"><a href="/users/{aid}/'
        f'{name.lower()}">{name}</a><span class="d-none" itemprop="name">{name}</span></div></div></div></div></div>'
        f'<div class="post-layout--right js-post-comments-component"><div id="comments-{aid}" class="comments js-'
        f'comments-container bt bc-black-075 mt12 " data-post-id="{aid}"><ul class="comments-list js-comments-list">'
        f"{comments}</ul></div></div></div></div>"
    )


STACK_EXCHANGE = System(
    "Stack Exchange (question, div.answer itemtype=Answer, li.comment span.comment-copy)",
    _page(
        '<div id="mainbar" role="main"><div class="question js-question" data-questionid="77" id="question" itemprop='
        '"mainEntity" itemscope itemtype="https://schema.org/Question"><h1 itemprop="name">Does walking after meals '
        'lower glucose?</h1><div class="post-layout"><div class="postcell post-layout--right"><div class="s-prose '
        f'js-post-body" itemprop="text"><p>{OPENING}</p></div></div></div></div><div id="answers">'
        + _se_answer(
            7801,
            "Maria Lopez",
            "2012-03-06 02:13:00Z",
            T[0],
            _se_comment(9801, "TomHale", "2012-03-06 09:40:00Z", T[1]),
        )
        + _se_answer(7802, "Ann Wu", "2012-03-07 23:02:00Z", T[2], "")
        + "</div></div>",
        article="",
    ),
    (
        Row("Maria Lopez", "2012-03-06", T[0]),
        Row("TomHale", "2012-03-06", T[1], 0),
        Row("Ann Wu", "2012-03-07", T[2]),
    ),
    opening=OPENING,
)


# --- 2005-2013 templates (the blogs and forums of the 2012 news/blog corpus) -------------------
def _kubrick(cid: int, name: str, when: str, text: str, alt: bool) -> str:
    """WordPress 1.5-2.6's default theme (Kubrick) comments.php, before wp_list_comments: a flat
    ``ol.commentlist``, odd items ``class="alt"``, "NAME Says:", the date in
    ``small.commentmetadata``, the message as bare paragraphs."""
    odd = 'class="alt" ' if alt else ""
    return (
        f'<li {odd}id="comment-{cid}"><img alt="" src="http://www.gravatar.com/avatar/{cid}?s=32" class="avatar '
        f"avatar-32 photo\" height='32' width='32' /><cite><a href='http://example.org/{cid}' rel='external nofollow'>"
        f'{name}</a></cite> Says:<br />\n<small class="commentmetadata"><a href="#comment-{cid}" title="">{when}'
        f"</a> </small>\n<p>{text}</p>\n</li>\n"
    )


KUBRICK = System(
    "WordPress 1.5-2.6 Kubrick (ol.commentlist li.alt, 'NAME Says:', small.commentmetadata)",
    _page(
        '<h3 id="comments">3 Responses to &#8220;Walking after meals&#8221;</h3>\n<ol class="commentlist">\n'
        + _kubrick(31, "Maria Lopez", "March 6th, 2012 at 2:13 am", T[0], True)
        + _kubrick(32, "Tom Hale", "March 6th, 2012 at 9:40 am", T[1], False)
        + _kubrick(33, "Ann", "March 7th, 2012 at 11:02 pm", T[2], True)
        + "</ol>"
    ),
    (
        Row("Maria Lopez", "2012-03-06", T[0]),
        Row("Tom Hale", "2012-03-06", T[1]),
        Row("Ann", "2012-03-07", T[2]),
    ),
)


def _wp_classic(cid: int, name: str, day: str, time: str, text: str) -> str:
    """WordPress 1.5-2.6's Classic theme: the message first, then "Comment by NAME — DATE @ TIME"."""
    return (
        f"<li id=\"comment-{cid}\">\n<p>{text}</p>\n<p><cite>Comment by <a href='http://example.org/{cid}' "
        f"rel='external nofollow'>{name}</a> &#8212; {day} @ <a href=\"#comment-{cid}\">{time}</a></cite> </p>\n"
        f"</li>\n"
    )


WP_CLASSIC = System(
    "WordPress 1.5-2.6 Classic theme (ol#commentlist, message then 'Comment by NAME — DATE @ TIME')",
    _page(
        '<h2 id="comments">3 Comments <a href="#postcomment" title="Leave a comment">&raquo;</a></h2>\n'
        '<ol id="commentlist">\n'
        + _wp_classic(41, "Maria Lopez", "March 6, 2012", "2:13 am", T[0])
        + _wp_classic(42, "Tom Hale", "March 6, 2012", "9:40 am", T[1])
        + _wp_classic(43, "Ann", "March 7, 2012", "11:02 pm", T[2])
        + '</ol>\n<p><a href="http://healthnotes.example/walking/feed/"><abbr title="Really Simple Syndication">RSS'
        "</abbr> feed for comments on this post.</a></p>"
    ),
    (
        Row("Maria Lopez", "2012-03-06", T[0]),
        Row("Tom Hale", "2012-03-06", T[1]),
        Row("Ann", "2012-03-07", T[2]),
    ),
)


def _mt2(cid: int, name: str, when: str, text: str) -> str:
    """Movable Type 2.x / 3.0 default templates: ``div.comments-body`` siblings, the message
    first, "Posted by: NAME at DATE" in ``span.comments-post``."""
    return (
        f'<a id="c{cid:06d}"></a>\n<div class="comments-body">\n<p>{text}</p>\n<span class="comments-post">Posted '
        f'by: <a href="http://example.org/{cid}" rel="nofollow">{name}</a> at {when}</span>\n</div>\n'
    )


MOVABLE_TYPE_2 = System(
    "Movable Type 2.x / 3.0 (div.comments-body, 'Posted by: NAME at DATE' in span.comments-post)",
    _page(
        '<div class="comments-head"><a name="comments"></a>Comments</div>\n'
        + _mt2(1301, "Maria Lopez", "March  6, 2012 02:13 AM", T[0])
        + _mt2(1302, "Tom Hale", "March  6, 2012 09:40 AM", T[1])
        + _mt2(1303, "Ann", "March  7, 2012 11:02 PM", T[2])
        + '<div class="comments-head">Post a comment</div>'
    ),
    (
        Row("Maria Lopez", "2012-03-06", T[0]),
        Row("Tom Hale", "2012-03-06", T[1]),
        Row("Ann", "2012-03-07", T[2]),
    ),
)


def _mt3(cid: int, name: str, when: str, text: str) -> str:
    """Movable Type 3.2-3.3 default templates: ``div.comment`` with ``div.comment-content`` and a
    ``p.comment-footer`` "Posted by: NAME | DATE"."""
    return (
        f'<a id="c{cid:06d}"></a>\n<div class="comment" id="comment-{cid}">\n<div class="comment-content">\n'
        f'<p>{text}</p>\n</div>\n<p class="comment-footer">\nPosted by:\n<a title="http://example.org/{cid}" '
        f'href="http://example.org/{cid}" rel="nofollow">{name}</a>\n|\n<a href="#comment-{cid}">{when}</a>\n'
        f"</p>\n</div>\n"
    )


MOVABLE_TYPE_3 = System(
    "Movable Type 3.2-3.3 (div.comment, p.comment-footer 'Posted by: NAME | DATE')",
    _page(
        '<div class="comments" id="comments"><div class="comments-content">'
        '<h3 class="comments-header">Comments</h3>\n'
        + _mt3(1401, "Maria Lopez", "March 6, 2012 02:13 AM", T[0])
        + _mt3(1402, "Tom Hale", "March 6, 2012 09:40 AM", T[1])
        + _mt3(1403, "Ann", "March 7, 2012 11:02 PM", T[2])
        + "</div></div>"
    ),
    (
        Row("Maria Lopez", "2012-03-06", T[0]),
        Row("Tom Hale", "2012-03-06", T[1]),
        Row("Ann", "2012-03-07", T[2]),
    ),
)


def _blogger_old(cid: str, name: str, when: str, text: str) -> str:
    """Blogger's classic (pre-layout) templates, kept by many blogs into the 2010s:
    ``dt.comment-poster`` "NAME said...", ``dd.comment-body``, ``dd.comment-timestamp`` "3/06/2012 2:13 AM"."""
    return (
        f'<dt class="comment-poster" id="c{cid}"><a name="c{cid}"></a>\n<a href="http://www.blogger.com/profile/'
        f'0{cid}" rel="nofollow">{name}</a> said...\n</dt>\n<dd class="comment-body">\n<p>{text}</p>\n</dd>\n'
        f'<dd class="comment-timestamp"><a href="#c{cid}" title="comment permalink">{when}</a>\n'
        f'<span class="item-control blog-admin pid-1"><a style="border:none;" href="http://www.blogger.com/delete-'
        f'comment.g?blogID=1&postID={cid}" title="Delete Comment" ><span class="delete-comment-icon">&nbsp;</span>'
        f"</a></span>\n</dd>\n"
    )


BLOGGER_OLD = System(
    "Blogger pre-layout classic template (dt.comment-poster 'NAME said...', dd.comment-timestamp)",
    _page(
        '<div id="comments">\n<h4>3 Comments:</h4>\n<dl id="comments-block">\n'
        + _blogger_old("113101", "Maria Lopez", "3/06/2012 2:13 AM", T[0])
        + _blogger_old("113102", "Tom Hale", "3/06/2012 9:40 AM", T[1])
        + _blogger_old("113103", "Anonymous", "3/07/2012 11:02 PM", T[2])
        + '</dl>\n<p class="comment-timestamp"><a class="comment-link" href="http://www.blogger.com/comment.g?blogID'
        '=1&postID=2">Post a Comment</a></p>\n<p class="comment-timestamp"><a href="http://healthnotes.example/">'
        "&lt;&lt; Home</a></p>\n</div>"
    ),
    (
        Row("Maria Lopez", "2012-03-06", T[0]),
        Row("Tom Hale", "2012-03-06", T[1]),
        Row("Anonymous", "2012-03-07", T[2]),
    ),
)


def _k2_theme(cid: int, name: str, when: str, text: str, alt: bool) -> str:
    """The K2 WordPress theme (2007-2010): ``span.comment-author``, ``small.comment-meta``,
    ``div.comment-content``, permalinked "#N" counter first."""
    return (
        f'<li id="comment-{cid}" class="comment{" alt" if alt else ""}"><a href="#comment-{cid}" class="counter" '
        f'title="Permanent Link to this Comment">{cid - 50}</a><span class="comment-author"><a href="http://example.'
        f'org/{cid}" rel=\'external nofollow\'>{name}</a></span><small class="comment-meta"><a href="#comment-{cid}"'
        f' title="Time of this comment">{when}</a></small><div class="comment-content"><p>{text}</p></div></li>'
    )


K2_THEME = System(
    "K2 WordPress theme (ol#commentlist li.comment, a.counter, span.comment-author, small.comment-meta)",
    _page(
        '<div class="comments"><h4>3 Responses to &#8220;Walking after meals&#8221;</h4><ol id="commentlist">'
        + _k2_theme(51, "Maria Lopez", "March 6th, 2012 at 2:13 am", T[0], False)
        + _k2_theme(52, "Tom Hale", "March 6th, 2012 at 9:40 am", T[1], True)
        + _k2_theme(53, "Ann", "March 7th, 2012 at 11:02 pm", T[2], False)
        + "</ol></div>"
    ),
    (
        Row("Maria Lopez", "2012-03-06", T[0]),
        Row("Tom Hale", "2012-03-06", T[1]),
        Row("Ann", "2012-03-07", T[2]),
    ),
)


def _garland(cid: int, uid: int, name: str, when: str, text: str, odd: str, children: str = "") -> str:
    """Drupal 5/6's Garland theme: "DATE — NAME" (date first), a subject Drupal cut from the
    message's first words, the links after; replies in ``div.indented`` after their parent."""
    subject = text[:29].rsplit(" ", 1)[0] + "..."
    kids = f'<div class="indented">{children}</div>' if children else ""
    return (
        f'<a id="comment-{cid}"></a>\n<div class="comment {odd}"><div class="clear-block">\n'
        f'<span class="submitted">{when} &mdash; <a href="/user/{uid}" title="View user profile.">{name}</a></span>\n'
        f'<h3><a href="/node/7#comment-{cid}" class="active">{subject}</a></h3>\n'
        f'<div class="content"><p>{text}</p></div>\n</div>\n<div class="links"><ul class="links"><li class="comment_'
        f'reply first last"><a href="/comment/reply/7/{cid}">reply</a></li></ul></div>\n</div>\n{kids}'
    )


DRUPAL_GARLAND = System(
    "Drupal 5/6 Garland (span.submitted 'DATE — NAME', subject cut from the message, div.indented)",
    _page(
        '<div id="comments">'
        + _garland(
            61,
            5,
            "Maria Lopez",
            "Tue, 03/06/2012 - 02:13",
            T[0],
            "odd",
            _garland(62, 6, "Tom Hale", "Tue, 03/06/2012 - 09:40", T[1], "even"),
        )
        + _garland(63, 7, "Ann", "Wed, 03/07/2012 - 23:02", T[2], "odd")
        + "</div>"
    ),
    (
        Row("Maria Lopez", "2012-03-06", T[0]),
        Row("Tom Hale", "2012-03-06", T[1], 0),
        Row("Ann", "2012-03-07", T[2]),
    ),
)


def _smf2(mid: int, uid: int, name: str, when: str, text: str, bg: str) -> str:
    """Simple Machines Forum 2.0 (Curve): ``div.post_wrapper`` with ``div.poster`` (name, group,
    "Posts: 12") and ``div.postarea`` (subject, "« on: DATE »", ``div.inner#msg_N``)."""
    return (
        f'<div class="{bg}"><span class="topslice"><span></span></span><div class="post_wrapper"><div class="poster">'
        f'<h4><a href="index.php?action=profile;u={uid}" title="View the profile of {name}">{name}</a></h4>'
        f'<ul class="reset smalltext" id="msg_{mid}_extra_info"><li class="postgroup">Newbie</li><li class="stars">'
        f'<img src="star.gif" alt="*" /></li><li class="postcount">Posts: 12</li><li class="profile"><ul><li><a '
        f'href="index.php?action=profile;u={uid}"><img src="icons/profile_sm.gif" alt="View Profile" title="View '
        f'Profile" /></a></li></ul></li></ul></div><div class="postarea"><div class="flow_hidden"><div class="keyinfo">'
        f'<div class="messageicon"><img src="post/xx.gif" alt="" /></div><h5 id="subject_{mid}"><a href="index.php?'
        f'topic=77.msg{mid}#msg{mid}" rel="nofollow">Re: Walking after meals</a></h5><div class="smalltext">&#171; '
        f'<strong>Reply #1 on:</strong> {when} &#187;</div><div id="msg_{mid}_quick_mod"></div></div><ul class="reset '
        f'smalltext quickbuttons"><li class="quote_button"><a href="index.php?action=post;quote={mid};topic=77.0">Quote'
        f'</a></li></ul></div><div class="post"><div class="inner" id="msg_{mid}">{text}</div></div></div>'
        f'<div class="moderatorbar"><div class="smalltext modified" id="modified_{mid}"></div><div class="smalltext '
        f'reportlinks"><a href="index.php?action=reporttm;topic=77.0;msg={mid}">Report to moderator</a> &nbsp;'
        f'<img src="ip.gif" alt="" /> Logged</div></div></div><span class="botslice"><span></span></span></div>'
        f'<hr class="post_separator" />'
    )


SMF_2 = System(
    "Simple Machines Forum 2.0 Curve (div.post_wrapper, div.poster h4, '« on: DATE »', div.inner#msg_N)",
    _page(
        '<div id="forumposts"><div class="cat_bar"><h3 class="catbg">Author Topic: Walking after meals (Read 512 '
        'times)</h3></div><form action="index.php?action=quickmod2;topic=77.0" method="post" accept-charset="UTF-8" '
        'name="quickModForm" id="quickModForm" style="margin: 0;">'
        + _smf2(9501, 2, "glucose_gary", "March 06, 2012, 02:13:00 AM", OPENING, "windowbg")
        + _smf2(9502, 3, "Maria Lopez", "March 06, 2012, 09:40:00 AM", T[0], "windowbg2")
        + _smf2(9503, 4, "TomHale", "March 07, 2012, 11:02:00 PM", T[1], "windowbg")
        + "</form></div>",
        article="",
    ),
    (
        Row("Maria Lopez", "2012-03-06", T[0]),
        Row("TomHale", "2012-03-07", T[1]),
    ),
    opening=OPENING,
)


def _phpbb30_post(pid: int, uid: int, name: str, shown: str, text: str, bg: str) -> str:
    """phpBB 3.0 prosilver (2007-2014): "by NAME » DATE" in ``p.author`` with no ``<time>``,
    the profile after the body, "Joined:" in it."""
    return (
        f'<div id="p{pid}" class="post {bg}"><div class="inner"><span class="corners-top"><span></span></span>'
        f'<div class="postbody"><ul class="profile-icons"><li class="quote-icon"><a href="./posting.php?mode=quote&amp;'
        f'f=2&amp;p={pid}" title="Reply with quote"><span>Reply with quote</span></a></li></ul><h3 class="first"><a '
        f'href="#p{pid}">Walking after meals</a></h3><p class="author"><a href="./viewtopic.php?p={pid}#p{pid}"><img '
        f'src="./styles/prosilver/imageset/icon_post_target.gif" width="11" height="9" alt="Post" title="Post" />'
        f"</a>by "
        f'<strong><a href="./memberlist.php?mode=viewprofile&amp;u={uid}">{name}</a></strong> &raquo; {shown} </p>'
        f'<div class="content">{text}</div></div><dl class="postprofile" id="profile{pid}"><dt><a href="./memberlist.'
        f'php?mode=viewprofile&amp;u={uid}">{name}</a></dt><dd>&nbsp;</dd><dd><strong>Posts:</strong> 12</dd><dd>'
        f'<strong>Joined:</strong> Mon Feb 06, 2012 1:00 pm</dd></dl><div class="back2top"><a href="#wrap" '
        f'class="top" title="Top">Top</a></div><span class="corners-bottom"><span></span></span></div></div>'
        f'<hr class="divider" />'
    )


PHPBB_30 = System(
    "phpBB 3.0 prosilver (div.post#pN, p.author 'by NAME » DATE' without <time>, dl.postprofile after)",
    _page(
        '<div id="page-body"><h2><a href="./viewtopic.php?f=2&amp;t=77">Walking after meals</a></h2>'
        + _phpbb30_post(9601, 2, "glucose_gary", "Tue Mar 06, 2012 2:13 am", OPENING, "bg2")
        + _phpbb30_post(9602, 3, "Maria Lopez", "Tue Mar 06, 2012 9:40 am", T[0], "bg1")
        + _phpbb30_post(9603, 4, "TomHale", "Wed Mar 07, 2012 11:02 pm", T[1], "bg2")
        + "</div>",
        article="",
    ),
    (
        Row("Maria Lopez", "2012-03-06", T[0]),
        Row("TomHale", "2012-03-07", T[1]),
    ),
    opening=OPENING,
)


def _ipb3_post(pid: int, uid: int, name: str, iso: str, shown: str, text: str) -> str:
    """Invision Power Board 3.x (2009-2013): ``div.post_block#post_id_N``, the name in
    ``span.author.vcard``, the user card, "Posted" and ``abbr.published``, ``div.post.entry-content``."""
    return (
        f'<div class="post_block hentry clear clearfix column_view" id="post_id_{pid}"><a id="entry{pid}"></a>'
        f'<div class="post_wrap"><h3 class="row2"><span class="author vcard"><a class="url fn name ___hover___member" '
        f'href="http://forum.healthnotes.example/user/{uid}-{name.lower().replace(" ", "-")}/" title="View Profile">'
        f'{name}</a></span></h3><div class="author_info"><ul class="basic_info"><li class="avatar"><a href="http://'
        f'forum.healthnotes.example/user/{uid}-x/" title="View Profile"><img src="/photo-{uid}.jpg" '
        f'alt="{name}\'s Photo" class="photo" /></a></li><li class="group_title">Members</li>'
        f'<li class="post_count desc lighter">12 posts'
        f'</li></ul></div><div class="post_body"><p class="posted_info desc lighter ipsType_small">Posted <abbr class='
        f'"published" title="{iso}">{shown}</abbr></p><div class="post entry-content "><!--cached--><p>{text}</p>'
        f'</div></div><ul id="postControlsNormal_{pid}" class="post_controls clear clearfix"><li class="report"><a '
        f'href="http://forum.healthnotes.example/index.php?app=core&amp;module=reports&amp;pid={pid}">Report</a></li>'
        f'<li><a class="ipsButton_secondary" href="#" title="Reply to this post">Reply</a></li></ul></div></div>'
    )


IPB_3 = System(
    "Invision Power Board 3 (div.post_block#post_id_N, span.author.vcard, abbr.published, div.post.entry-content)",
    _page(
        '<div class="topic hfeed clear clearfix"><div class="maintitle"><h1 class="ipsType_pagetitle">Walking after '
        'meals</h1></div><div class="ipsBox">'
        + _ipb3_post(9701, 2, "glucose_gary", "2012-03-06T02:13:00+00:00", "06 March 2012 - 02:13 AM", OPENING)
        + _ipb3_post(9702, 3, "Maria Lopez", "2012-03-06T09:40:00+00:00", "06 March 2012 - 09:40 AM", T[0])
        + _ipb3_post(9703, 4, "TomHale", "2012-03-07T23:02:00+00:00", "07 March 2012 - 11:02 PM", T[1])
        + "</div></div>",
        article="",
    ),
    (
        Row("Maria Lopez", "2012-03-06", T[0]),
        Row("TomHale", "2012-03-07", T[1]),
    ),
    opening=OPENING,
)


def _subsilver2(pid: int, uid: int, name: str, shown: str, text: str, row: str) -> str:
    """phpBB 3.0 subsilver2: one ``table.tablebg`` per post, the author's row (``b.postauthor``,
    "Posted: DATE"), the message's row (profile cell, ``div.postbody``), the buttons' row."""
    return (
        f'<table class="tablebg" width="100%" cellspacing="1"><tr class="{row}"><td align="center" valign="middle">'
        f'<a name="p{pid}"></a><b class="postauthor">{name}</b></td><td width="100%" height="25"><table width="100%" '
        f'cellspacing="0"><tr><td class="gensmall" width="100%"><div style="float: left;">&nbsp;<b>Post subject:</b> '
        f'<a href="#p{pid}">Re: Walking after meals</a></div><div style="float: right;"><a href="./viewtopic.php?p='
        f'{pid}#p{pid}"><img src="icon_post_target.gif" width="12" height="9" alt="Post" title="Post" /></a><b>Posted:'
        f'</b> {shown}&nbsp;</div></td></tr></table></td></tr><tr class="{row}"><td valign="top" class="profile">'
        f'<table cellspacing="4" align="center" width="150"><tr><td class="postdetails">Registered User</td></tr>'
        f'</table><span class="postdetails"><br /><b>Joined:</b> Mon Feb 06, 2012 1:00 pm<br /><b>Posts:</b> 12</span>'
        f'</td><td valign="top"><table width="100%" cellspacing="5"><tr><td><div class="postbody">{text}</div><br '
        f'clear="all" /><br /></td></tr></table></td></tr><tr class="{row}"><td class="profile"><strong><a href="#wrap'
        f'header">Top</a></strong></td><td><div class="gensmall" style="float: left;">&nbsp;<a href="./memberlist.php?'
        f'mode=viewprofile&amp;u={uid}"><img src="icon_user_profile.gif" alt="Profile" title="Profile" /></a> &nbsp;'
        f'</div><div class="gensmall" style="float: right;"><a href="./posting.php?mode=quote&amp;f=2&amp;p={pid}">'
        f'<img src="icon_post_quote.gif" alt="Reply with quote" title="Reply with quote" /></a>&nbsp;</div></td></tr>'
        f'<tr><td class="spacer" colspan="2" height="1"><img src="spacer.gif" alt="" width="1" height="1" /></td></tr>'
        f"</table>"
    )


PHPBB_SUBSILVER2 = System(
    "phpBB 3.0 subsilver2 (one table.tablebg per post, b.postauthor, 'Posted: DATE', div.postbody)",
    _page(
        '<div id="pagecontent">'
        + _subsilver2(9901, 2, "glucose_gary", "Tue Mar 06, 2012 2:13 am", OPENING, "row2")
        + _subsilver2(9902, 3, "Maria Lopez", "Tue Mar 06, 2012 9:40 am", T[0], "row1")
        + _subsilver2(9903, 4, "TomHale", "Wed Mar 07, 2012 11:02 pm", T[1], "row2")
        + "</div>",
        article="",
    ),
    (
        Row("Maria Lopez", "2012-03-06", T[0]),
        Row("TomHale", "2012-03-07", T[1]),
    ),
    opening=OPENING,
)


# --- 2020s markup without comment class names --------------------------------------------------
def _css_module(cid: int, name: str, iso: str, shown: str, text: str, replies: str = "") -> str:
    """A React / Next.js comment component styled with CSS Modules: every class hashed as
    ``Component_local__hash``; only the component's name says "comment"."""
    kids = f'<ul class="CommentList_replies__Qw8e1">{replies}</ul>' if replies else ""
    return (
        f'<li class="CommentItem_item__a8Fj2" id="c-{cid}"><div class="CommentItem_header__k2Jd9"><img class="Avatar_'
        f'img__x1Rt5" src="/a.png" alt=""/><span class="CommentItem_author__pQ3x1">{name}</span><time class="Comment'
        f'Item_time__z9Wq2" datetime="{iso}">{shown}</time></div><div class="CommentItem_body__Lm29s"><p>{text}</p>'
        f'</div><div class="CommentItem_actions__b7Kd3"><button>Reply</button><button>Like</button></div>{kids}</li>'
    )


CSS_MODULES = System(
    "CSS Modules comment component (Next.js: CommentItem_item__a8Fj2, hashed parts)",
    _page(
        '<section class="Comments_section__T5r2v" id="comments"><h2 class="Comments_title__a1Fg4">3 comments</h2>'
        '<ul class="CommentList_list__Hx3k2">'
        + _css_module(
            1,
            "Maria Lopez",
            "2025-03-06T02:13:00Z",
            "Mar 6, 2025",
            T[0],
            _css_module(2, "Tom Hale", "2025-03-06T09:40:00Z", "Mar 6, 2025", T[1]),
        )
        + _css_module(3, "Ann", "2025-03-07T23:02:00Z", "Mar 7, 2025", T[2])
        + "</ul></section>"
    ),
    (
        Row("Maria Lopez", "2025-03-06", T[0]),
        Row("Tom Hale", "2025-03-06", T[1], 0),
        Row("Ann", "2025-03-07", T[2]),
    ),
)


def _aria_comment(cid: int, name: str, iso: str, text: str) -> str:
    """WAI-ARIA 1.3's ``role="comment"`` on each comment of a ``role="feed"``, utility classes."""
    return (
        f'<div role="comment" id="note-{cid}" aria-labelledby="n{cid}"><div class="flex gap-2 text-sm"><a class="font-'
        f'semibold" id="n{cid}" href="/@{name.split()[0].lower()}">{name}</a> <time datetime="{iso}">{iso[:10]}</time>'
        f'</div><div class="prose mt-1"><p>{text}</p></div></div>'
    )


ARIA_COMMENT = System(
    "WAI-ARIA role=comment in a role=feed (utility classes only)",
    _page(
        '<div role="feed" aria-label="Comments">'
        + _aria_comment(1, "Maria Lopez", "2025-03-06T02:13:00Z", T[0])
        + _aria_comment(2, "Tom Hale", "2025-03-06T09:40:00Z", T[1])
        + _aria_comment(3, "Ann", "2025-03-07T23:02:00Z", T[2])
        + "</div>"
    ),
    (
        Row("Maria Lopez", "2025-03-06", T[0]),
        Row("Tom Hale", "2025-03-06", T[1]),
        Row("Ann", "2025-03-07", T[2]),
    ),
)


def _webmention(cid: int, name: str, iso: str, text: str, replies: str = "") -> str:
    """IndieWeb webmentions rendered by a static site: ``article.h-entry.p-comment``, an
    ``h-card`` author linking a fediverse profile, replies in a ``<details>``."""
    kids = f"<details open><summary>1 reply</summary>{replies}</details>" if replies else ""
    return (
        f'<article class="h-entry p-comment" id="comment-{cid}"><header><a class="p-author h-card u-url" href="https://'
        f'social.example/@{name.split()[0].lower()}">{name}</a> <a class="u-url" href="#comment-{cid}"><time class="dt-'
        f'published" datetime="{iso}">{iso[:10]}</time></a></header><div class="e-content"><p>{text}</p></div>{kids}'
        f"</article>"
    )


WEBMENTIONS = System(
    "IndieWeb webmentions (article.h-entry.p-comment, h-card author, <details> replies)",
    _page(
        '<section id="webmentions"><h2>Replies</h2>'
        + _webmention(
            1, "Maria Lopez", "2025-03-06T02:13:00Z", T[0], _webmention(2, "Tom Hale", "2025-03-06T09:40:00Z", T[1])
        )
        + _webmention(3, "Ann", "2025-03-07T23:02:00Z", T[2])
        + "</section>"
    ),
    (
        Row("Maria Lopez", "2025-03-06", T[0]),
        Row("Tom Hale", "2025-03-06", T[1], 0),
        Row("Ann", "2025-03-07", T[2]),
    ),
)


# --- session 8: more 2005-2013 blog engines and news CMSs ----------------------------------------
def _drupal7_core(cid: int, name: str, iso: str, when: str, subject: str, text: str, anonymous: bool) -> str:
    """Drupal 7's core comment.tpl.php (themes without their own, Zen and its subthemes): the
    subject, then ``div.submitted`` with a "Permalink" and "Submitted by NAME on DATE", the
    message in ``div.content``, the links after it."""
    user = (
        f'<span class="username" xml:lang="" typeof="sioc:UserAccount" property="foaf:name" datatype="">{name} '
        "(not verified)</span>"
        if anonymous
        else f'<a href="/users/{name.lower().replace(" ", "-")}" title="View user profile." class="username" '
        f'xml:lang="" about="/users/x" typeof="sioc:UserAccount" property="foaf:name" datatype="">{name}</a>'
    )
    return (
        f'<a id="comment-{cid}"></a><div class="comment{" comment-by-anonymous" if anonymous else ""} clearfix" '
        f'about="/comment/{cid}#comment-{cid}" typeof="sioc:Post sioct:Comment">'
        f'<span class="new">new</span><h3 property="dc:title" datatype=""><a href="/comment/{cid}#comment-{cid}" '
        f'class="permalink" rel="bookmark">{subject}</a></h3><div class="submitted"><a href="/comment/{cid}#comment-'
        f'{cid}" class="permalink" rel="bookmark">Permalink</a><span property="dc:date dc:created" content="{iso}" '
        f'datatype="xsd:dateTime" rel="sioc:has_creator">Submitted by {user} on {when}</span></div>'
        f'<div class="content"><span rel="sioc:reply_of" resource="/node/7" class="rdf-meta element-hidden"></span>'
        f'<div class="field field-name-comment-body field-type-text-long field-label-hidden"><div class="field-'
        f'items"><div class="field-item even" property="content:encoded"><p>{text}</p></div></div></div></div>'
        f'<ul class="links inline"><li class="comment-delete first"><a href="/comment/{cid}/delete">delete</a></li>'
        f'<li class="comment-edit"><a href="/comment/{cid}/edit">edit</a></li><li class="comment-reply last">'
        f'<a href="/comment/reply/7/{cid}">reply</a></li></ul></div>'
    )


DRUPAL_7_CORE = System(
    "Drupal 7 core comment.tpl.php (div.submitted 'Submitted by NAME on Tue, 03/06/2012 - 02:13', 'Permalink')",
    _page(
        '<div id="comments" class="comment-wrapper"><h2 class="title">Comments</h2>'
        + _drupal7_core(
            81, "Maria Lopez", "2012-03-06T02:13:00+00:00", "Tue, 03/06/2012 - 02:13", "Readings", T[0], True
        )
        + '<div class="indented">'
        + _drupal7_core(82, "Tom Hale", "2012-03-06T09:40:00+00:00", "Tue, 03/06/2012 - 09:40", "Speed?", T[1], False)
        + "</div>"
        + _drupal7_core(83, "Ann", "2012-03-07T23:02:00+00:00", "Wed, 03/07/2012 - 23:02", "Strolls", T[2], True)
        + '<h2 class="title comment-form">Add new comment</h2></div>'
    ),
    (
        Row("Maria Lopez", "2012-03-06", T[0]),
        Row("Tom Hale", "2012-03-06", T[1], 0),
        Row("Ann", "2012-03-07", T[2]),
    ),
)


def _s9y(cid: int, depth: int, name: str, when: str, text: str, url: bool) -> str:
    """Serendipity (s9y) default template: the message first, then "#1 NAME (Homepage) on DATE
    (Reply)" in ``div.serendipity_comment_source``; replies indented by ``padding-left``."""
    home = f' (<a class="comment_source_url" href="http://example.org/{cid}" title="http://example.org/{cid}">Homepage</a>)'
    return (
        f'<a id="c{cid}"></a><div id="serendipity_comment_{cid}" class="serendipity_comment serendipity_comment_'
        f'author_{name.replace(" ", "_")} comment_oddbox" style="padding-left: {depth * 20}px">'
        f'<div class="serendipity_commentBody">{text}</div><div class="serendipity_comment_source">'
        f'<a class="comment_source_trace" href="#c{cid}">#{cid - 900}</a> <span class="comment_source_author">{name}'
        f'</span>{home if url else ""} on <span class="comment_source_date">{when}</span> (<a class="comment_reply"'
        f' href="#serendipity_CommentForm" id="serendipity_reply_{cid}">Reply</a>)</div></div>'
    )


SERENDIPITY = System(
    "Serendipity (div.serendipity_comment, '#1 NAME (Homepage) on DATE (Reply)', padding-left depth)",
    _page(
        '<div class="serendipity_comments serendipity_section_comments"><a id="comments"></a>'
        '<div class="serendipity_commentsTitle">Comments</div>'
        + _s9y(901, 0, "Maria Lopez", "2012-03-06 02:13", T[0], True)
        + _s9y(902, 1, "Tom Hale", "2012-03-06 09:40", T[1], False)
        + _s9y(903, 0, "Ann", "2012-03-07 23:02", T[2], True)
        + '<div class="serendipity_commentsTitle">Add Comment</div></div>'
    ),
    (
        Row("Maria Lopez", "2012-03-06", T[0]),
        Row("Tom Hale", "2012-03-06", T[1], 0),
        Row("Ann", "2012-03-07", T[2]),
    ),
)


def _b2evo(cid: int, name: str, kind: str, when: str, text: str) -> str:
    """b2evolution's skins: "Comment from: NAME [Visitor]" over the message, the permalink and
    "03/06/12 @ 02:13" under it."""
    return (
        f'<a id="c{cid}"></a><div class="bComment"><div class="bCommentTitle">Comment from: <a href="http://example.org'
        f'/{cid}" rel="nofollow" class="user url">{name}</a> <span class="bUser-anonymous-tag">[{kind}]</span></div>'
        f'<div class="bCommentText"><p>{text}</p></div><div class="bCommentSmallPrint"><a href="/walking#c{cid}" '
        f'title="Permanent link to this comment" class="permalink_right">Permalink</a> <span class="bDate">{when}'
        f"</span></div></div>"
    )


B2EVOLUTION = System(
    "b2evolution (div.bComment, 'Comment from: NAME [Visitor]', div.bCommentText, '03/06/12 @ 02:13')",
    _page(
        '<div class="bFeedback"><h4>3 comments</h4>'
        + _b2evo(41, "Maria Lopez", "Visitor", "03/06/12 @ 02:13", T[0])
        + _b2evo(42, "Tom Hale", "Member", "03/06/12 @ 09:40", T[1])
        + _b2evo(43, "Ann", "Visitor", "03/07/12 @ 23:02", T[2])
        + "</div>"
    ),
    (
        Row("Maria Lopez", "2012-03-06", T[0]),
        Row("Tom Hale", "2012-03-06", T[1]),
        Row("Ann", "2012-03-07", T[2]),
    ),
)


def _dotclear(cid: int, number: int, name: str, when: str, text: str, odd: str) -> str:
    """Dotclear 2's default theme: ``dl#comments``, a ``dt`` "1. On Tuesday, March 6 2012, 02:13
    by NAME" over the ``dd`` message."""
    return (
        f'<dt id="c{cid}" class="{odd}"><a href="#c{cid}" class="comment-number">{number}.</a> On {when} by '
        f'<a href="http://example.org/{cid}" rel="nofollow">{name}</a></dt><dd class="{odd}"><p>{text}</p></dd>'
    )


DOTCLEAR = System(
    "Dotclear 2 (dl#comments, dt '1. On DATE by NAME', dd message)",
    _page(
        '<div id="comments"><h3>Comments</h3><dl>'
        + _dotclear(61, 1, "Maria Lopez", "Tuesday, March 6 2012, 02:13", T[0], "odd first")
        + _dotclear(62, 2, "Tom Hale", "Tuesday, March 6 2012, 09:40", T[1], "even")
        + _dotclear(63, 3, "Ann", "Wednesday, March 7 2012, 23:02", T[2], "odd")
        + "</dl></div>"
    ),
    (
        Row("Maria Lopez", "2012-03-06", T[0]),
        Row("Tom Hale", "2012-03-06", T[1]),
        Row("Ann", "2012-03-07", T[2]),
    ),
)


def _textpattern(cid: int, name: str, when: str, text: str) -> str:
    """Textpattern 4's default comments form: the message, then "— NAME · DATE · #" (a permalink
    printed as "#")."""
    return (
        f'<li class="comments-author" id="c{cid:06d}"><p>{text}</p><p class="small">&#8212; <a href="http://example.'
        f'org/{cid}" rel="nofollow">{name}</a> &#183; {when} &#183; <a href="/articles/7/walking#c{cid:06d}">#</a>'
        f"</p></li>"
    )


TEXTPATTERN = System(
    "Textpattern 4 (ol.comments li#c000012, '— NAME · DATE · #')",
    _page(
        '<h2 id="comment">Comments</h2><ol class="comments">'
        + _textpattern(12, "Maria Lopez", "6 March 2012, 02:13", T[0])
        + _textpattern(13, "Tom Hale", "6 March 2012, 09:40", T[1])
        + _textpattern(14, "Ann", "7 March 2012, 23:02", T[2])
        + "</ol>"
    ),
    (
        Row("Maria Lopez", "2012-03-06", T[0]),
        Row("Tom Hale", "2012-03-06", T[1]),
        Row("Ann", "2012-03-07", T[2]),
    ),
)


DJANGO_COMMENTS = System(
    "Django comments list.html (dl#comments, dt#cN 'March 6, 2012, 2:13 a.m. - NAME', dd message)",
    _page(
        '<h3>Comments</h3><dl id="comments">'
        + "".join(
            f'<dt id="c{cid}">\n      {when} - {name}\n    </dt>\n    <dd>\n      <p>{text}</p>\n    </dd>'
            for cid, when, name, text in (
                (501, "March 6, 2012, 2:13 a.m.", "Maria Lopez", T[0]),
                (502, "March 6, 2012, 9:40 a.m.", "Tom Hale", T[1]),
                (503, "March 7, 2012, 11:02 p.m.", "Ann", T[2]),
            )
        )
        + "</dl>"
    ),
    (
        Row("Maria Lopez", "2012-03-06", T[0]),
        Row("Tom Hale", "2012-03-06", T[1]),
        Row("Ann", "2012-03-07", T[2]),
    ),
)


def _custom_cms(cid: int, name: str, when: str, text: str, replies: str = "") -> str:
    """A newspaper's own CMS (no commenting software's class names): ``div.cmt-box`` items with
    the name and the date (in a class no finder knows), the message in a bare ``<p>``, "Reply | Report abuse" links,
    replies of the same class nested in ``div.cmt-replies``."""
    kids = f'<div class="cmt-replies">{replies}</div>' if replies else ""
    return (
        f'<div class="cmt-box" id="c{cid}"><div class="cmt-head"><span class="cmt-name">{name}</span> '
        f'<span class="cmt-when">{when}</span></div>'
        f'<p>{text}</p><div class="cmt-tools"><a href="/reply?c={cid}">Reply</a> | <a href="/abuse?c={cid}">Report '
        f"abuse</a></div>{kids}</div>"
    )


CUSTOM_CMS = System(
    "A newspaper's own CMS (div#comments > div.cmt-box, span.cmt-name, span.cmt-when, nested replies)",
    _page(
        '<div id="comments"><h3>Reader comments (3)</h3>'
        + _custom_cms(
            1, "Maria Lopez", "6 March 2012, 02:13", T[0], _custom_cms(2, "Tom Hale", "6 March 2012, 09:40", T[1])
        )
        + _custom_cms(3, "Ann", "7 March 2012, 23:02", T[2])
        + "</div>"
    ),
    (
        Row("Maria Lopez", "2012-03-06", T[0]),
        Row("Tom Hale", "2012-03-06", T[1], 0),
        Row("Ann", "2012-03-07", T[2]),
    ),
)

SYSTEMS = (
    WORDPRESS_HTML5,
    WORDPRESS_BLOCK,
    WORDPRESS_HTML4,
    TWENTY_TEN,
    TWENTY_TWELVE,
    GENESIS,
    WPDISCUZ,
    BLOGGER_CLASSIC,
    BLOGGER_THREADED,
    DISQUS_PLUGIN,
    DISQUS_PLUGIN_BARE,
    INTENSEDEBATE,
    LIVEFYRE,
    LIVEJOURNAL,
    DRUPAL_6,
    DRUPAL_7,
    DRUPAL_8,
    JCOMMENTS,
    K2,
    TYPEPAD,
    MOVABLE_TYPE,
    SCHEMA_MICRODATA,
    NEWS_BEM,
    VBULLETIN_3,
    VBULLETIN_4,
    VBULLETIN_5,
    PHPBB_2,
    PHPBB_3,
    XENFORO_1,
    XENFORO_2,
    DISCOURSE,
    INVISION_4,
    KUNENA,
    SLASHDOT,
    HACKER_NEWS,
    REDDIT_OLD,
    REDDIT_NEW,
    GITHUB_ISSUE,
    STACK_EXCHANGE,
    KUBRICK,
    WP_CLASSIC,
    MOVABLE_TYPE_2,
    MOVABLE_TYPE_3,
    BLOGGER_OLD,
    K2_THEME,
    DRUPAL_GARLAND,
    SMF_2,
    PHPBB_30,
    IPB_3,
    PHPBB_SUBSILVER2,
    CSS_MODULES,
    ARIA_COMMENT,
    WEBMENTIONS,
    DRUPAL_7_CORE,
    SERENDIPITY,
    B2EVOLUTION,
    DOTCLEAR,
    TEXTPATTERN,
    DJANGO_COMMENTS,
    CUSTOM_CMS,
)


def _sentence(text: str) -> str:
    return text.split(".")[0].split("?")[0].split(";")[0]


@pytest.mark.parametrize("system", SYSTEMS, ids=[s.name.split(" (")[0] for s in SYSTEMS])
def test_every_comment_system_gives_clean_rows_kept_out_of_the_article(system: System) -> None:
    result = extract_html(system.html, "https://healthnotes.example/2012/03/walking.html")
    got = [
        (c.author, c.posted_date.isoformat() if c.posted_date else None, c.text, c.parent_position)
        for c in result.comments
    ]
    assert len(got) == len(system.rows), got
    for (author, date, text, parent), row in zip(got, system.rows, strict=True):
        assert author == row.author, got
        assert date == row.date, got
        assert " ".join(text.split()) == " ".join(row.text.split()), got  # the message exactly
        assert parent == row.parent, got
    for row in system.rows:
        assert _sentence(row.text) not in result.text, result.text
    if system.opening:
        assert system.opening[:60] in result.text, result.text
    else:
        assert "Walking after meals lowers blood sugar" not in [c.text for c in result.comments]
        assert "Muscles take up glucose" in result.text


# --- pages that carry no comment ----------------------------------------------------------------
def _teaser(i: int, cls: str) -> str:
    return (
        f'<article id="post-{700 + i}" class="{cls}"><header class="entry-header"><h2 class="entry-title"><a href="'
        f'/2012/03/story-{i}/" rel="bookmark">Ten ways to sleep better in spring, part {i}</a></h2><div class="entry-'
        f'meta"><span class="byline">By <span class="author vcard"><a class="url fn n" href="/author/jane-{i}/">'
        f'Jane Staff{i}</a></span></span> <span class="posted-on"><time class="entry-date published" datetime="2012-03-'
        f'0{i}T08:00:00+00:00">March {i}, 2012</time></span></div></header><div class="entry-summary"><p>Our sleep '
        f"editor reviews the evidence on light, caffeine and exercise, number {i} of a series for readers.</p></div>"
        f"</article>"
    )


NEGATIVES = {
    "Disqus embed, nothing rendered (noscript)": (
        '<div id="disqus_thread"></div><script>var disqus_config = function () {};</script><noscript>Please enable '
        'JavaScript to view the <a href="https://disqus.com/?ref_noscript" rel="nofollow">comments powered by Disqus.'
        "</a></noscript>"
    ),
    "WordPress 'Leave a Reply' form, 0 comments": '<div id="comments" class="comments-area">' + _WP_FORM + "</div>",
    "WordPress 'Comments are closed'": (
        '<div id="comments" class="comments-area"><p class="no-comments">Comments are closed.</p></div>'
    ),
    "Blogger, 0 comments and 'Post a Comment'": (
        "<div class='comments' id='comments'><a name='comments'></a><h4>0 comments:</h4><div id='Blog1_comments-"
        "block-wrapper'><dl class='avatar-comment-indent' id='comments-block'></dl></div><p class='comment-footer'>"
        "<a href='https://www.blogger.com/comment.g?blogID=1&amp;postID=2'>Post a Comment</a></p></div>"
    ),
    "Facebook comments plugin (rendered in an iframe)": (
        '<div class="fb-comments" data-href="https://healthnotes.example/walking" data-numposts="5" '
        'data-width="100%"></div>'
    ),
    "Related articles with bylines and dates": (
        '<section class="related-posts"><h3>You may also like</h3>'
        + "".join(_teaser(i, f"post-{700 + i} post type-post status-publish hentry") for i in range(1, 5))
        + "</section>"
    ),
    "Recent comments widget in the sidebar": (
        '<aside id="recent-comments-2" class="widget widget_recent_comments"><h2 class="widget-title">Recent Comments'
        '</h2><ul id="recentcomments">'
        + "".join(
            f'<li class="recentcomments"><span class="comment-author-link"><a href="http://example.org/{n}" '
            f'class="url" rel="ugc external nofollow">{n}</a></span> on <a href="/2012/03/story-{i}/#comment-{80 + i}"'
            f">Ten ways to sleep better in spring, part {i}</a></li>"
            for i, n in enumerate(["Maria Lopez", "Tom Hale", "Ann", "Joe Public"], 1)
        )
        + "</ul></aside>"
    ),
    "Product reviews (WooCommerce)": (
        '<div id="reviews" class="woocommerce-Reviews"><div id="comments"><h2 class="woocommerce-Reviews-title">'
        '3 reviews for <span>Walking shoes</span></h2><ol class="commentlist">'
        + "".join(
            f'<li class="review even thread-even depth-1" id="li-comment-{i}"><div id="comment-{i}" class="comment_'
            f'container"><img alt="" src="/a.png" class="avatar avatar-60 photo" height="60" width="60"><div class="'
            f'comment-text"><div class="star-rating" role="img" aria-label="Rated 5 out of 5"><span style="width:100%">'
            f'Rated <strong class="rating">5</strong> out of 5</span></div><p class="meta"><strong class="woocommerce-'
            f'review__author">Buyer {i} </strong><span class="woocommerce-review__dash">&ndash;</span> <time class="'
            f'woocommerce-review__published-date" datetime="2012-03-0{i}T10:00:00+00:00">March {i}, 2012</time></p>'
            f'<div class="description"><p>Comfortable shoes for the evening walk, number {i} pair I have owned.</p>'
            f"</div></div></div></li>"
            for i in range(1, 4)
        )
        + "</ol></div></div>"
    ),
    "Leaderboard of members": (
        '<div class="leaderboard"><h3>Top walkers this month</h3><ol class="members">'
        + "".join(
            f'<li class="member"><span class="rank">#{i}</span> <a class="username" href="/members/w{i}/">walker{i}'
            f'</a> <span class="points">{1000 - i * 37} km</span> <span class="joined">Joined Mar {i}, 2012</span></li>'
            for i in range(1, 6)
        )
        + "</ol></div>"
    ),
    "Forum index: a list of threads": (
        '<div class="discussionList"><ol class="discussionListItems">'
        + "".join(
            f'<li id="thread-{40 + i}" class="discussionListItem visible" data-author="starter{i}"><div class="listBl'
            f'ock main"><div class="titleText"><h3 class="title"><a href="threads/t.{40 + i}/">Does walking help '
            f'with glucose, question {i}</a></h3><div class="secondRow"><div class="posterDate muted"><a href="members/'
            f's{i}/" class="username">starter{i}</a>, <a class="faint"><span class="DateTime" title="Mar {i}, 2012 at '
            f'9:0{i} AM">Mar {i}, 2012</span></a></div></div></div></div><div class="listBlock stats pairsJustified">'
            f'<dl class="major"><dt>Replies:</dt> <dd>{i * 3}</dd></dl><dl class="minor"><dt>Views:</dt> <dd>'
            f"{i * 90}</dd></dl></div></li>"
            for i in range(1, 5)
        )
        + "</ol></div>"
    ),
    "Twitter widget of recent tweets": (
        '<div class="widget twitter-widget"><h3>Latest tweets</h3><ul class="tweets">'
        + "".join(
            f'<li class="tweet"><span class="tweet-text">New post: ten ways to sleep better, part {i} '
            f'<a href="http://t.co/x{i}">t.co/x{i}</a></span> <a class="tweet-time" href="https://twitter.com/'
            f'healthnotes/status/{i}">March {i}, 2012</a> <a class="tweet-user" href="https://twitter.com/healthnotes">'
            f"@healthnotes</a></li>"
            for i in range(1, 5)
        )
        + "</ul></div>"
    ),
    "Sidebar of the latest forum posts": (
        '<div class="widget latest-forum-posts"><h3>From the forum</h3><ul class="forum-posts">'
        + "".join(
            f'<li class="post"><a href="/forum/topic/{i}/">Does walking help with glucose, question {i}</a> by '
            f'<a class="author" href="/members/m{i}/">member{i}</a> <span class="date">Mar {i}, 2012</span></li>'
            for i in range(1, 5)
        )
        + "</ul></div>"
    ),
    "Sidebar of recent comments in camelCase classes (li.recentComment)": (
        '<div class="sidebar"><h3>Recent comments</h3><ul>'
        + "".join(
            f'<li class="recentComment"><a href="/u/{n}">{n}</a> on <a href="/2012/03/story-{i}/#c{i}">Ten ways to '
            f'sleep better in spring, part {i}</a> <span class="date">March {i}, 2012</span></li>'
            for i, n in enumerate(["Maria", "Tom", "Ann", "Joe"], 1)
        )
        + "</ul></div>"
    ),
    "Events as a definition list of dated terms": (
        '<div class="events"><h3>Upcoming</h3><dl>'
        + "".join(
            f'<dt id="e{i}">March {i}, 2012 - City hall</dt><dd>Free blood pressure checks for everyone, session {i} '
            "of the spring programme.</dd>"
            for i in range(1, 5)
        )
        + "</dl></div>"
    ),
    "Most commented stories (ol.comments of dated headlines)": (
        '<div class="widget"><h3>Most commented</h3><ol class="comments">'
        + "".join(
            f'<li><a href="/2012/03/story-{i}/">Ten ways to sleep better in spring, part {i}</a><br>March {i}, 2012 '
            f"&#183; {10 * i} comments</li>"
            for i in range(1, 5)
        )
        + "</ol></div>"
    ),
    "Most discussed stories in a region named for discussion (signed, dated teasers)": (
        '<div class="most-discussed"><h3>Most discussed</h3>'
        + "".join(
            f'<div class="story"><h4><a href="/2012/03/story-{i}/">Sleep better in spring, part {i}</a></h4><span '
            f'class="author">Jane Staff{i}</span> <span class="date">March {i}, 2012</span><p>Our sleep editor reviews '
            f"the evidence on light, caffeine and exercise, number {i}.</p></div>"
            for i in range(1, 5)
        )
        + "</div>"
    ),
    "Testimonials": (
        '<section class="testimonials">'
        + "".join(
            f'<blockquote class="testimonial"><p>The walking plan changed my mornings, client number {i} '
            f"says happily.</p><cite>Client {i}, March {i}, 2012</cite></blockquote>"
            for i in range(1, 4)
        )
        + "</section>"
    ),
}


@pytest.mark.parametrize("name", list(NEGATIVES))
def test_pages_without_comments_get_none(name: str) -> None:
    result = extract_html(_page(NEGATIVES[name]), "https://healthnotes.example/2012/03/walking.html")
    assert result.comments == [], [(c.author, c.text) for c in result.comments]
    assert "Muscles take up glucose" in result.text


def test_a_blog_archive_of_dated_signed_posts_is_no_thread() -> None:
    """A listing page: each teaser an ``article.post`` with its author and date (a news listing
    taken for a forum made one teaser the article and the others comments)."""
    listing = "".join(_teaser(i, f"post-{700 + i} post type-post status-publish hentry") for i in range(1, 7))
    html = f"<html><body><main id='main' class='site-main'>{listing}</main></body></html>"
    result = extract_html(html, "https://healthnotes.example/category/sleep/")
    assert result.comments == []


def test_a_thread_printed_twice_gives_each_comment_once() -> None:
    """A theme that prints ``#comments`` twice (a second copy for another screen size) shows
    every comment twice: one row each (the same author, date and text would also be the same
    comment id twice), the reply still under its parent."""
    thread = (
        '<div id="comments" class="comments-area"><ol class="comment-list">'
        + _wp_html5(71, "Maria Lopez", "2012-03-06", T[0], 1, _wp_html5(72, "Tom Hale", "2012-03-06", T[1], 2))
        + _wp_html5(73, "Ann", "2012-03-07", T[2], 1)
        + "</ol></div>"
    )
    result = extract_html(_page(thread + thread), "https://healthnotes.example/2012/03/walking.html")
    assert [(c.author, c.parent_position) for c in result.comments] == [
        ("Maria Lopez", None),
        ("Tom Hale", 0),
        ("Ann", None),
    ]


def test_a_post_signed_advertisement_is_no_comment() -> None:
    """Forums show their ads dressed as a post, signed "Advertisement" where the name goes."""
    html = _page(
        '<div class="topic hfeed clear clearfix"><div class="ipsBox">'
        + _ipb3_post(9801, 2, "glucose_gary", "2012-03-06T02:13:00+00:00", "06 March 2012 - 02:13 AM", OPENING)
        + _ipb3_post(9802, 3, "Maria Lopez", "2012-03-06T09:40:00+00:00", "06 March 2012 - 09:40 AM", T[0])
        + _ipb3_post(9803, 0, "Advertisement", "2012-03-06T09:41:00+00:00", "06 March 2012 - 09:41 AM", T[3])
        + _ipb3_post(9804, 4, "TomHale", "2012-03-07T23:02:00+00:00", "07 March 2012 - 11:02 PM", T[1])
        + "</div></div>",
        article="",
    )
    result = extract_html(html, "https://healthnotes.example/2012/03/walking.html")
    assert [c.author for c in result.comments] == ["Maria Lopez", "TomHale"]
    assert _sentence(T[3]) not in result.text
