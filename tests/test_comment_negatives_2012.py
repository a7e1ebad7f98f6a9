"""Pages of 2012 news and blog sites that carry no reader comment, yet whose blocks after the
article look like one: a name-like line, a date and a paragraph, three times or more (related
stories with bylines, "most read" lists, author bio boxes, tweet embeds, event listings,
testimonials and pull quotes, a product's review summary, photo captions with credits, a press
release's contacts, an ask-the-doctor column's questions and answers). Inventing rows costs
more outside than missing them: none may be invented here, whatever finder runs.
``bench/comment_perturb.py`` also rewrites these as unseen templates.
"""

from __future__ import annotations

import pytest

from pipeline.extract import extract_html
from tests.test_comment_systems import _WP_FORM, _page

NAMES = ("Jane Whitfield", "Tom Okafor", "Ann Lindqvist", "Raj Patel")


def _story(i: int) -> str:
    return (
        f'<div class="story-item"><a href="/health/2012/03/0{i}/sleep-study-{i}.html">Sleep study number {i} links '
        f'short nights to weight gain</a><span class="byline">By {NAMES[i - 1]}</span> <span class="date">March '
        f"{i}, 2012</span><p>Researchers followed adults for a year and found that short sleepers put on more weight "
        f"than those who slept eight hours, report {i}.</p></div>"
    )


NEGATIVES_2012 = {
    "Related stories with bylines and dates (no heading)": (
        '<div class="related-stories">' + "".join(_story(i) for i in range(1, 5)) + "</div>"
    ),
    "Related stories with bylines and dates under 'More on this story'": (
        "<div><h3>More on this story</h3>" + "".join(_story(i) for i in range(1, 5)) + "</div>"
    ),
    "Most read: ranked headlines with dates": (
        '<div class="most-read"><h3>Most read</h3><ol>'
        + "".join(
            f'<li><span class="rank">{i}</span> <a href="/health/2012/03/0{i}/story-{i}.html">Flu season peaks early '
            f'in the north, officials say ({i})</a> <span class="time">03/0{i}/12 @ 09:1{i}</span></li>'
            for i in range(1, 6)
        )
        + "</ol></div>"
    ),
    "Most commented: headlines with comment counts and bylines": (
        '<div class="most-commented"><h3>Most commented</h3>'
        + "".join(
            f'<div class="mc-item"><a href="/health/2012/03/0{i}/story-{i}.html">Is coffee good for your heart after '
            f"all, part {i}</a><br>By {NAMES[i - 1]} | March {i}, 2012 | {40 - i} comments</div>"
            for i in range(1, 5)
        )
        + "</div>"
    ),
    "Author bio boxes of the story's three contributors": (
        '<div class="contributors">'
        + "".join(
            f'<div class="bio"><img src="/img/staff-{i}.jpg" alt=""><strong>{NAMES[i - 1]}</strong><br>Updated '
            f"March {i}, 2012<p>{NAMES[i - 1].split()[0]} has covered health and medicine for the paper since 2004 "
            f"and writes the weekly column on nutrition and exercise.</p></div>"
            for i in range(1, 4)
        )
        + "</div>"
    ),
    "Tweet embeds (blockquote.twitter-tweet)": "".join(
        f'<blockquote class="twitter-tweet"><p>Walking after meals really does lower blood sugar, the new review '
        f"says, and it takes only a few minutes {i}</p>&mdash; {NAMES[i - 1]} (@reader{i}) "
        f'<a href="https://twitter.com/reader{i}/status/17712{i}">March {i}, 2012</a></blockquote>'
        for i in range(1, 4)
    ),
    "Event listings: a title, a date and a description each": (
        '<div class="events">'
        + "".join(
            f'<div class="event"><strong>Dr. {NAMES[i - 1]}</strong><div class="when">Thursday, March {i + 7}, 2012 '
            f"at 7:00 pm</div><p>A free talk on managing blood sugar through diet and exercise at the public "
            f"library, session {i} of the spring programme.</p></div>"
            for i in range(1, 4)
        )
        + "</div>"
    ),
    "Testimonials with names and dates in divs": (
        '<div class="kind-words">'
        + "".join(
            f'<div class="quote"><p>The walking plan changed my mornings and my readings came down within a month, '
            f'thank you number {i}.</p><div class="who">{NAMES[i - 1]}</div><div class="when">March {i}, 2012</div>'
            f"</div>"
            for i in range(1, 4)
        )
        + "</div>"
    ),
    "Pull quotes attributed to the story's sources": "".join(
        f'<aside class="pullquote"><p>&ldquo;Even two minutes of walking makes a measurable difference to glucose '
        f"after a meal, point {i}.&rdquo;</p><cite>{NAMES[i - 1]}, March {i}, 2012</cite></aside>"
        for i in range(1, 4)
    ),
    "Product reviews summary with stars": (
        '<div class="review-summary"><h3>Customer reviews</h3>'
        + "".join(
            f'<div class="rev"><span class="stars">{5 - i % 2}.0 out of 5 stars</span> <b>{NAMES[i - 1]}</b> '
            f'<span class="date">March {i}, 2012</span><p>Comfortable shoes for the evening walk, the soles held up '
            f"well after months of daily use, pair {i}.</p></div>"
            for i in range(1, 4)
        )
        + "</div>"
    ),
    "Photo captions with credits": "".join(
        f'<div class="photo"><img src="/img/walk-{i}.jpg" alt=""><p class="caption">Walkers on the river path after '
        f'lunch in the spring sunshine, photo {i} of the series.</p><span class="credit">{NAMES[i - 1]}'
        f'</span> <span class="date">March {i}, 2012</span></div>'
        for i in range(1, 4)
    ),
    "Two contributors' bio boxes above the form of a post without comments": (
        '<div class="contributors">'
        + "".join(
            f'<div class="bio"><strong>{NAMES[i - 1]}</strong><br>March {i}, 2012<p>{NAMES[i - 1].split()[0]} has '
            f"covered health and medicine for the paper since 2004 and writes the weekly column.</p></div>"
            for i in range(1, 3)
        )
        + '</div><div id="comments" class="comments-area">'
        + _WP_FORM
        + "</div>"
    ),
    "Ask the doctor: readers' questions, each with the doctor's answer (div.question, div.answer)": (
        '<div class="ask-the-doctor">'
        + "".join(
            f'<div class="qa"><h3 class="question">Is a walk after dinner enough to lower my morning reading, question '
            f'{i}?</h3><p class="asked">Asked by <span class="name">{NAMES[i - 1]}</span> on <span class="date">March '
            f'{i}, 2012</span></p><div class="answer"><p>Dr. Alan Stone: a short walk helps, but the morning reading '
            f"also depends on what you eat late in the evening and on how you sleep, case {i}.</p></div></div>"
            for i in range(1, 4)
        )
        + "</div>"
    ),
    # A forum's widgets and a site's people pages print user cards ("Posts: 1,240", "Joined: ...")
    # without being a thread (the `comments:user-card-posts` finder's negatives).
    "Top posters of the forum: names, avatars, post counts and join dates": (
        '<div class="top-posters"><h3>Top posters this month</h3>'
        + "".join(
            f'<div class="poster"><img src="/avatars/{i}.png" alt=""><a href="/forum/member.php?u={i}">'
            f"{NAMES[i - 1]}</a><div>Posts: {1240 - i * 100}</div><div>Joined: Jan {2008 + i}</div>"
            f"<div>Last active March {i}, 2012</div>"
            f"</div>"
            for i in range(1, 5)
        )
        + "</div>"
    ),
    "A forum index: each board's name, description, counts and last post": (
        '<div class="boards">'
        + "".join(
            f'<div class="board"><a href="/forum/viewforum.php?f={i}">Diabetes and blood sugar board {i}</a><p>Talk '
            f"about diet, exercise and living well with type 2 diabetes, part {i} of our community.</p><div>Topics: "
            f'{12 * i}</div><div>Posts: {340 * i}</div><div>Last post by <a href="/forum/member.php?u={i}">'
            f"{NAMES[i - 1]}</a></div><div>March {i}, 2012 09:1{i}</div></div>"
            for i in range(1, 5)
        )
        + "</div>"
    ),
    "From the community: the forum's latest threads with starters, dates and post counts": (
        '<div class="community-box"><h3>From the community</h3>'
        + "".join(
            f'<div class="thread-teaser"><a href="/forum/topic/{i}/walking-after-meals-{i}">Has walking after meals '
            f'helped your morning readings, round {i}</a><span class="starter">{NAMES[i - 1]}</span> <span class="'
            f'when">March {i}, 2012</span><span class="count">{3 + i} posts</span><p>I started walking after dinner '
            f"and wonder whether anyone else has seen the same effect, story {i}.</p></div>"
            for i in range(1, 5)
        )
        + "</div>"
    ),
    "Our team: staff cards with a role, the year they joined and a bio": (
        '<div class="team">'
        + "".join(
            f'<div class="member"><img src="/staff/{i}.jpg" alt=""><strong>{NAMES[i - 1]}</strong><div>Dietitian'
            f"</div><div>Joined: {2004 + i}</div><p>{NAMES[i - 1].split()[0]} helps readers plan meals and walks "
            f"that keep blood sugar steady, and answers questions every week.</p></div>"
            for i in range(1, 5)
        )
        + "</div>"
    ),
    "Reader reviews with stars, member since, dates and posts": (
        '<div class="reviews">'
        + "".join(
            f'<div class="review"><div><b>{NAMES[i - 1]}</b><div>Member since: Jan {2008 + i}</div><div>Posts: '
            f'{10 + i}</div></div><span class="stars">{5 - i % 2} out of 5 stars</span><div>March {i}, 2012'
            f"</div><p>Comfortable shoes for the evening walk, the soles held up well after months of daily use, "
            f"pair {i}.</p></div>"
            for i in range(1, 4)
        )
        + "</div>"
    ),
    "Live blog entries: a reporter's name, a time ago and the update": (
        '<div class="liveblog"><h3>Latest updates</h3>'
        + "".join(
            f'<div class="entry"><span class="who">{NAMES[i - 1]}</span> <span class="ago">{10 * i} minutes ago</span>'
            f"<p>The health minister has confirmed that the walking campaign will start in the spring, update "
            f'{i}.</p><a href="#entry-{i}">Share</a></div>'
            for i in range(1, 5)
        )
        + "</div>"
    ),
    "Press release contacts": (
        '<div class="contacts"><h4>Media contacts</h4>'
        + "".join(
            f'<div class="contact"><strong>{NAMES[i - 1]}</strong><br>03/0{i}/2012<p>Press office of the University '
            f"Hospital, telephone 555-01{i}0, for interviews with the study's authors.</p></div>"
            for i in range(1, 4)
        )
        + "</div>"
    ),
}


@pytest.mark.parametrize("name", list(NEGATIVES_2012))
def test_news_blocks_after_the_article_are_no_comments(name: str) -> None:
    result = extract_html(_page(NEGATIVES_2012[name]), "https://healthnotes.example/2012/03/walking.html")
    assert result.comments == [], [(c.author, c.text) for c in result.comments]
    assert "Muscles take up glucose" in result.text
