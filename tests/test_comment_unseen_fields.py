"""Comment fields on templates of 2010-2014 that no finder was built from (session 21, issue 9's
comments on unseen templates), as synthetic threads of the same shapes:

- a regional paper's comments in layout tables whose voting buttons are images: the counts beside
  them ("22 1 |") stayed at the end of each message;
- a Drupal 7 theme of its own (``div.mb-remark``, "Submitted by NAME on DATE" in its meta line,
  replies in ``div.indented``): a short reply's whole wrapper starts with its footer line and was
  taken for the footer, so the reply before it lost its parent and the short one got the wrong one;
- Community Server signs "Tuesday, January 19, 2010 10:12 AM by <a>NAME</a>": the author was the
  weekday;
- Ning's "Comment by <a>NAME</a> on DATE": the line, less its name, opened every message;
- dasBlog (ASP.NET: the whole page in one ``<form>``) dates a comment "8:12:44 AM (GMT Standard
  Time, UTC+00:00)" and signs it under the message with a ``mailto:`` link: no row at all;
- a Nuxt Q&A marks an answer "Replying to NAME" in a paragraph of the message: a line of the
  text, and no parent;
- Liferay's discussion header prints the name's and the date's spans side by side under no date
  class ("Graham HoltOctober 11, 2023" as one line): no row at all;
- Weebly flattens a thread into wrappers each holding one comment classed with its depth
  (``blogCommentLevel1``): the replies had no parent.
"""

from __future__ import annotations

from pipeline.extract import extract_html
from pipeline.extract.comment_lines import button_row
from tests.test_comment_systems import _page

URL = "https://dispatch.example/news/local/article_flu-visitors.html"
NAMES = ("wvnurse2008", "Skip_Hollis", "buckeyegal")
TEXTS = (
    "I work nights on the medical floor and this is long overdue. Last week we had three kids in the hall.",
    "My mother is on the fourth floor and my son drove her to every appointment for a year. Now he can't.",
    "Got our shots at the Seventh Street clinic this afternoon. In and out in 20 minutes, nice staff.",
)


def _vote_table_thread() -> str:
    rows = "".join(
        '<tr><td class="cmt-row"><table width="100%"><tr><td width="60"><img src="/i/user.gif" alt=""></td>'
        f'<td><font size="1">Posted by <a href="/users/profile/{name}"><b>{name}</b></a> on Jan {15 - i}, 2013 at '
        f'6:0{i} a.m.</font><br><font size="2">{text}</font><br><font size="1"><a href="/vote.php?c={i}&v=1">'
        f'<img src="/i/thumb_up.gif" alt=""></a> {20 + i} &nbsp; <a href="/vote.php?c={i}&v=-1">'
        f'<img src="/i/thumb_down.gif" alt=""></a> {i} &nbsp;|&nbsp; <a href="/report.php?c={i}">Report abuse</a>'
        "</font></td></tr></table></td></tr>"
        for i, (name, text) in enumerate(zip(NAMES, TEXTS, strict=True))
    )
    return (
        '<a name="comments"></a><table width="100%"><tr><td><b>Reader Comments (3)</b></td></tr></table>'
        f'<table width="100%" id="commentlist">{rows}</table>'
    )


def test_the_counts_beside_image_vote_buttons_are_no_part_of_the_message() -> None:
    result = extract_html(_page(_vote_table_thread()), URL)
    assert [(c.author, c.text) for c in result.comments] == list(zip(NAMES, TEXTS, strict=True))


def test_a_row_of_counts_alone_is_a_button_row_and_a_line_with_words_is_not() -> None:
    assert button_row("22 1 |")
    assert button_row("+3 · -1")
    assert not button_row("22 of us went, 1 stayed home")


DRUPAL = (
    ("Brian Cole", "About time. I have had to drive to Hatherley for eight months. See you all on Monday.", None),
    ("June W", "Will there be any lanes for slower swimmers? The old early session was all triathletes.", None),
    ("MillbrookLeisure", "Hi June, yes, the over-60s sessions will have one fast, one medium and two steady lanes.", 1),
    ("June W", "That's good news, thank you.", 2),
    ("pete_h", "Free for three months and then what? Prices went up twice before the closure.", None),
)


def _remark(cid: int, name: str, text: str) -> str:
    return (
        f'<a id="comment-{cid}"></a><div class="mb-remark clearfix"><div class="mb-remark__meta">'
        f'<span class="mb-remark__by">Submitted by <span class="username">{name}</span> on Sun, '
        f'{cid - 7100}/11/2012 - 09:15</span> <a href="#comment-{cid}" class="permalink">permalink</a></div>'
        f'<div class="mb-remark__body"><p>{text}</p></div><ul class="links inline"><li class="comment-reply">'
        f'<a href="/comment/reply/3381/{cid}">reply</a></li></ul></div>'
    )


def test_a_short_reply_wrapped_with_its_footer_line_is_read_under_the_reply_it_answers() -> None:
    r = [_remark(7120 + i, name, text) for i, (name, text, _) in enumerate(DRUPAL)]
    thread = f'{r[0]}{r[1]}<div class="indented">{r[2]}<div class="indented">{r[3]}</div></div>{r[4]}'
    html = _page(f'<div id="comments" class="comment-wrapper"><h2>Readers\' comments (5)</h2>{thread}</div>')
    result = extract_html(html, URL)
    assert [(c.author, c.text, c.parent_position) for c in result.comments] == list(DRUPAL)


READERS = ("ChrisB", "Janet Ruiz", "Lena Vasquez")
SAID = (
    "The best posture is your next posture is going on a sticky note on my monitor at work.",
    "What do you think of standing desks? Our office is trialling a few of them this month.",
    "Janet, they can be great, as long as people alternate between sitting and standing.",
)


def test_a_date_first_signature_gives_the_name_after_by() -> None:
    items = "".join(
        f'<div class="CommonCommentArea"><h4 class="CommonCommentTitle"><a href="#5510{i}">#</a> re: Desk posture</h4>'
        f'<div class="CommonCommentContent"><p>{text}</p></div><div class="CommonCommentAuthor">'
        f"{('Tuesday', 'Wednesday', 'Thursday')[i]}, January {19 + i}, 2010 10:12 AM by "
        f'<a href="/members/u{i}/default.aspx">{name}</a></div></div>'
        for i, (name, text) in enumerate(zip(READERS, SAID, strict=True))
    )
    html = _page(f'<h3>Comments</h3><div class="CommonCommentList">{items}</div>')
    assert [(c.author, c.text) for c in extract_html(html, URL).comments] == list(zip(READERS, SAID, strict=True))


def test_a_byline_whose_name_was_taken_leaves_no_line_over_the_message() -> None:
    items = "".join(
        f'<dl id="comment-28774:Comment:9188{i}" class="comment vcard"><dt><a href="/profile/u{i}"><img src="/a.jpg" '
        f'alt=""></a> Comment by <a class="fn url" href="/profile/u{i}">{name}</a> on May {16 + i}, 2011 at 9:14am'
        f'</dt><dd><div class="xg_user_generated"><p>{text}</p></div></dd><dd><ul class="actionlinks"><li>'
        '<a href="#" class="desc reply">Reply</a></li></ul></dd></dl>'
        for i, (name, text) in enumerate(zip(READERS, SAID, strict=True))
    )
    html = _page(f'<div id="comments"><h3>Comment</h3>{items}</div>')
    assert [(c.author, c.text) for c in extract_html(html, URL).comments] == list(zip(READERS, SAID, strict=True))


def test_a_page_form_a_zone_in_brackets_and_a_mailto_signature_are_read() -> None:
    boxes = "".join(
        f'<div class="commentBoxStyle"><a name="a900{i}"></a><table class="commentTableStyle">'
        f'<tr><td class="commentDateStyle">Tuesday, February {15 + i}, 2011 8:12:44 AM (GMT Standard Time, '
        f'UTC+00:00)</td></tr><tr><td class="commentBodyStyle">{text}</td></tr><tr><td class="commentFooterStyle">'
        f'<span class="commentPermalinkStyle"><a href="#a900{i}" title="Comment Permalink">#</a></span>&nbsp;'
        f'<span class="commentLinkStyle"><a href="mailto:x@example.invalid">{name} (practice nurse)</a></span>'
        "</td></tr></table></div>"
        for i, (name, text) in enumerate(zip(READERS, SAID, strict=True))
    )
    thread = f'<div class="commentViewBoxStyle"><h3 class="commentViewTitleStyle">Comments</h3>{boxes}</div>'
    html = _page(thread).replace(
        "<body>",
        '<body><form name="mainForm" method="post" action="CommentView.aspx" id="mainForm"><div>'
        '<input type="hidden" name="__VIEWSTATE" value="/wEPDwUK"></div>',
    )
    html = html.replace("</body>", "<textarea name='tbComment'></textarea></form></body>")
    rows = [(c.author, str(c.posted_date), c.text) for c in extract_html(html, URL).comments]
    assert rows == [(f"{n} (practice nurse)", f"2011-02-{15 + i}", SAID[i]) for i, n in enumerate(READERS)]


def test_replying_to_a_name_is_the_parent_and_no_line_of_the_message() -> None:
    def item(name: str, day: int, text: str, to: str | None = None) -> str:
        reply = f'<p class="q-item__replyto">Replying to {to}</p>' if to else ""
        return (
            f'<div class="q-item"><div class="q-item__head"><span class="q-item__name">{name}</span>'
            f'<time class="q-item__date" datetime="2024-02-{day}">{day} Feb 2024</time></div>'
            f'<div class="q-item__body">{reply}<p>{text}</p></div><button class="q-item__helpful">Helpful (2)</button>'
            "</div>"
        )

    thread = item(READERS[0], 21, SAID[0]) + item(READERS[1], 22, SAID[1]) + item(READERS[2], 23, SAID[2], READERS[0])
    form = '<form class="q-form"><h3>Ask a question</h3><label>Your question<textarea></textarea></label></form>'
    html = _page(f'<section class="questions"><h2>Your questions (3)</h2>{thread}{form}</section>')
    rows = [(c.author, c.text, c.parent_position) for c in extract_html(html, URL).comments]
    assert rows == [(READERS[0], SAID[0], None), (READERS[1], SAID[1], None), (READERS[2], SAID[2], 0)]


def test_a_date_in_a_span_of_no_date_class_beside_the_name_dates_a_post() -> None:
    def discussion(i: int, replies: str = "") -> str:
        return (
            f'<div class="lfr-discussion" id="_com_liferay_blogs_web_portlet_BlogsPortlet_comment_9010{i}">'
            '<article class="lfr-discussion-details">'
            f'<div class="autofit-row"><div class="autofit-col"><span class="sticker"><span>{READERS[i][:1]}</span>'
            f'</span></div><div class="autofit-col"><div class="lfr-discussion-author"><span class="username">'
            f'{READERS[i]}</span><span class="text-secondary small">October {11 + i}, 2023</span></div>'
            f'<div class="lfr-discussion-message"><p>{SAID[i]}</p></div><div class="lfr-discussion-controls">'
            f'<a href="#">Reply</a> <span class="ratings">Like (6)</span></div></div></div></article>{replies}</div>'
        )

    nested = f'<div class="lfr-discussion-reply-container" data-depth="1">{discussion(1)}</div>'
    thread = f'<h4 class="commentsTitle">3 Comments</h4>{discussion(0, nested)}{discussion(2)}'
    html = _page(f'<div class="lfr-discussion-container"><div class="taglib-discussion">{thread}</div></div>')
    rows = [(c.author, str(c.posted_date), c.parent_position) for c in extract_html(html, URL).comments]
    assert rows == [(READERS[0], "2023-10-11", None), (READERS[1], "2023-10-12", 0), (READERS[2], "2023-10-13", None)]


def test_a_depth_class_on_the_one_comment_a_wrapper_holds_threads_it() -> None:
    def wrap(i: int, level: int) -> str:
        return (
            f'<div class="blogCommentWrap"><div id="18823{i}" class="blogCommentLevel{level}">'
            f'<div class="blogCommentHeading"><div class="blogCommentAuthor"><span class="name">{READERS[i]}</span>'
            "</div>"
            f'<div class="blogCommentDate">08/0{6 + i}/2013 7:14am</div></div><div class="blogCommentText"><div>'
            f'{SAID[i]}</div></div><div class="blogCommentReplyWrapper"><a class="blog-link" href="#">Reply</a></div>'
            "</div></div>"
        )

    thread = wrap(0, 0) + wrap(1, 1) + wrap(2, 0)
    html = _page(f'<h2 class="blog-comment-area-title">Comments</h2><div class="blogCommentArea">{thread}</div>')
    assert [(c.author, c.parent_position) for c in extract_html(html, URL).comments] == [
        (READERS[0], None),
        (READERS[1], 0),
        (READERS[2], None),
    ]


def test_a_thread_in_layout_table_rows_under_a_title_cell_is_read() -> None:
    """Xanga, 2010: the comments are rows of a table classed ``navigation`` under a bold "Comments
    (3)" cell, a rule's row between them, each signed "Posted 3/6/2010 at 4:51 PM by NAME - reply"
    under the message: no heading tag, no class that names a comment."""
    rows = "".join(
        f'<tr><td class="ctext" width="60"><a href="http://www.xanga.example/{name}"><img src="/mini/{i}.gif" alt="">'
        f'</a></td><td class="ctext"><div class="ctext">{text}</div><div class="ctextfooterwrap">'
        '<div class="ctextfooter">'
        f'Posted 3/{6 + i}/2010 at 4:51 PM by <a href="http://www.xanga.example/{name}">{name}</a> - '
        f"<a href=\"javascript:replyTo('{name}')\">reply</a></div></div></td></tr>"
        '<tr><td colspan="2"><hr size="1"></td></tr>'
        for i, (name, text) in enumerate(zip(READERS, SAID, strict=True))
    )
    table = f'<table class="navigation" width="100%"><tr><td colspan="2"><b>Comments (3)</b></td></tr>{rows}</table>'
    rows_read = [(c.author, str(c.posted_date), c.text) for c in extract_html(_page(table), URL).comments]
    assert rows_read == [(n, f"2010-03-{6 + i:02d}", SAID[i]) for i, n in enumerate(READERS)]


def test_a_newspapers_buttons_under_opaque_classes_give_no_author() -> None:
    """A newspaper's discussion of 2011-2013 with every class hashed: the name in a column of its
    own, then the date's link, the message and "12 Recommend Reply Report Share". The date line
    was read as a name and its time as the author ("2:13PM"); then "Recommend", a button."""

    def d2(cid: int, name: str, shown: str, text: str, kids: str = "") -> str:
        return (
            f'<div class="_dwtth" id="_2zis{cid}" data-comment-id="{cid}"><div class="_uehd9"><img src="/a.png" alt="">'
            f'</div><div class="_2kj03">{name}</div><div class="_r4s45"><div class="_jh202"><a class="_4dqg4" '
            f'href="/discussion/comment-permalink/{cid}">{shown}</a></div><div class="_ztjoe"><p>{text}</p></div>'
            '<div class="_7az4q"><span class="_j1ek4">12</span> <a class="_ujmnd">Recommend</a> <a>Reply</a> '
            f'<a href="/report">Report</a> <a>Share</a></div></div>{kids}</div>'
        )

    reply = f'<div class="_r9o9q">{d2(2, READERS[1], "6 March 2012 3:40PM", SAID[1])}</div>'
    thread = d2(1, READERS[0], "6 March 2012 2:13PM", SAID[0], reply) + d2(
        3, READERS[2], "7 March 2012 9:02AM", SAID[2]
    )
    html = _page(f'<div id="_htlxp"><div class="_4j5t4">3 comments</div><div class="_entd5">{thread}</div></div>')
    rows = [(c.author, c.text, c.parent_position) for c in extract_html(html, URL).comments]
    assert rows == [(READERS[0], SAID[0], None), (READERS[1], SAID[1], 0), (READERS[2], SAID[2], None)]
