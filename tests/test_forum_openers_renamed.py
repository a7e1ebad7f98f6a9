"""A thread's opening post and its author when a theme renamed every class (``bench/perturb.py``'s
rename-classes: the fixtures discourse and q_and_a_stack lost their author and their opener).

What the software writes besides classes still says which post opens the thread and who wrote it:
Discourse numbers the first post (``data-post-number="1"`` on its wrapper, ``aria-label="post #1
by @NAME"`` on the post), a Q&A page marks its Question and Answers with schema.org microdata."""

from __future__ import annotations

from pipeline.extract import extract_html

URL = "https://community.example.org/t/overnight-lows-after-a-pump/4512"
OPENING = (
    "I started on a tubed pump three weeks ago after eleven years of injections. Daytime numbers are"
    " the best they have ever been, but I have had four nights now where I dropped low between two"
    " and four in the morning. How did you all go about basal testing when you started?"
)
REPLIES = (
    ("steve_t1", "Welcome to the pump club! Overnight lows in the first weeks are really common."),
    ("kate_counts", "Also check your exercise: a hard evening session gives me a low at three most nights."),
)


def _discourse(posts: list[tuple[str, str]], answering: bool = False) -> str:
    """Discourse's rendered topic, every class and id hashed; with ``answering``, each reply
    under a member's title and the name of the post it answers, quoting a line of it."""
    html = ""
    for n, (name, text) in enumerate(posts, start=1):
        before, quote = posts[n - 2] if n > 1 else ("", "")
        title = (
            f'<span class="k66">Nurse educator</span></div><div class="k6b"><a class="k98" href="/t/x/4512/{n - 1}">'
        )
        title += f"<span>{before}</span></a>"
        quoted = (
            f'<aside class="k9a" data-username="{before}" data-post="{n - 1}"><div class="k20">{before}:</div>'
            f"<blockquote><p>{quote.split('.')[0]}</p></blockquote></aside>"
        )
        html += (
            f'<div class="k5b k13" data-post-number="{n}"><article class="k5e" aria-label="post #{n} by @{name}"'
            f' data-post-id="{38790 + n}" data-user-id="{300 + n}"><div class="k67"><span class="k69">'
            f'<a href="/u/{name}" data-user-card="{name}">{name}</a></span>{title if answering and n > 1 else ""}'
            f'<div class="k6c"><a class="k6e" href="/t/x/4512/{n}"><span title="Mar {9 + n}, 2024 8:12 pm" class="k6f">'
            f'Mar {9 + n}</span></a></div></div><div class="k70">{quoted if answering and n > 1 else ""}'
            f"<p>{text}</p></div>"
            '<button class="k76">Reply</button></article></div>'
        )
    return (
        "<html><head><title>Overnight lows after a pump - Community</title></head><body>"
        f'<div class="k1"><a href="/">Community</a></div><h1>Overnight lows after a pump</h1>'
        f'<div class="k5a">{html}</div></body></html>'
    )


def test_a_discourse_topic_under_renamed_classes_opens_with_its_first_post_by_its_author() -> None:
    """Before: the posts were read by their ``data-post-id`` as numbered replies (Mumsnet's),
    so the opening post was a comment row, the article the page's chrome, and no row had an
    author."""
    result = extract_html(_discourse([("marta_k", OPENING), *REPLIES]), URL)
    assert result.metadata.authors == ["marta_k"]
    assert OPENING in result.text
    assert [c.author for c in result.comments] == ["steve_t1", "kate_counts"]
    assert [c.text for c in result.comments] == [text for _, text in REPLIES]


def test_a_discourse_reply_under_renamed_classes_starts_with_what_its_member_wrote() -> None:
    """Its header's lines above the date (a member's title, the name of the post it answers:
    short lines, then the date alone, "Mar 11") and the quote Discourse marks by its
    attributes (``data-username`` and ``data-post``) are no part of the reply's text. Before:
    the text started "Nurse educator / marta_k / Mar 11 / marta_k: / I started on a tubed pump"."""
    result = extract_html(_discourse([("marta_k", OPENING), *REPLIES], answering=True), URL)
    assert [(c.author, c.text) for c in result.comments] == list(REPLIES)


def test_numbered_replies_without_a_first_post_stay_comments() -> None:
    """Replies numbered from 2 (a page of a thread, or Mumsnet's numbered replies under an
    article): none opens the thread, every one is a comment."""
    result = extract_html(_discourse([("marta_k", OPENING), *REPLIES, ("dr_ellis", REPLIES[0][1] + " Seconded.")]), URL)
    renumbered = _discourse([*REPLIES, ("dr_ellis", "Seconded: test basal on a rest day first.")]).replace(
        'data-post-number="1"', 'data-post-number="5"'
    )
    renumbered = renumbered.replace("post #1 by", "post #5 by")
    assert result.metadata.authors == ["marta_k"]
    assert [c.author for c in extract_html(renumbered, URL).comments] == ["steve_t1", "kate_counts", "dr_ellis"]


QUESTION = (
    "My father takes 75 mg aspirin every morning after a stent was placed two years ago. He hurt his"
    " knee and has been taking ibuprofen three times a day. Does ibuprofen stop the aspirin from working?"
)
ANSWERS = (
    ("M. Farrell", "Aspirin works because it binds the platelet enzyme for good; ibuprofen taken first blocks that."),
    ("Ollie Tan", "On the clinical side, the regulators advise taking aspirin at least half an hour before."),
)


def _post(kind: str, name: str, text: str, when: str) -> str:
    """A question's or an answer's body, its time and its author's card (schema.org Person)."""
    slug = name.lower().replace(". ", "-").replace(" ", "-")
    return (
        f'<div class="k9"><div class="k10" itemprop="text"><p>{text}</p></div></div><div class="k11">{kind} '
        f'<span title="{when}" class="k12">{when}</span><div class="k13" itemprop="author" itemscope '
        f'itemtype="http://schema.org/Person"><a href="/users/{slug}">{name}</a>'
        f'<span class="k14" itemprop="name">{name}</span></div></div>'
    )


def _qa_page() -> str:
    """A Stack Exchange-style question with its answers, schema.org microdata, classes hashed."""
    answers = "".join(
        f'<div class="k4" itemscope itemtype="https://schema.org/Answer">'
        f"{_post('answered', name, text, f'2024-01-0{4 + i} 08:51:17Z')}</div>"
        for i, (name, text) in enumerate(ANSWERS)
    )
    return (
        "<html><head><title>Does ibuprofen stop aspirin working?</title></head><body>"
        '<div class="k1"><a href="/">Health Q&amp;A</a></div><div itemprop="mainEntity" itemscope '
        'itemtype="https://schema.org/Question"><h1 itemprop="name">Does ibuprofen stop aspirin working?</h1>'
        f'<div class="k2">{_post("asked", "Hanna Lindqvist", QUESTION, "2024-01-03 09:12:44Z")}</div>'
        f'<div class="k3"><h2>2 Answers</h2>{answers}</div></div></body></html>'
    )


def test_a_qa_page_under_renamed_classes_reads_its_marked_answers_under_the_question() -> None:
    """Before: answers alone were left to the class finder (which reads their unmarked comments
    too), and with no class naming an answer nothing read them: no row, no author."""
    result = extract_html(_qa_page(), "https://health.example/questions/77/ibuprofen-aspirin")
    assert [(c.author, c.text) for c in result.comments] == list(ANSWERS)
    assert result.metadata.authors == ["Hanna Lindqvist"]
    assert QUESTION in result.text


def test_an_faqs_marked_answers_without_authors_are_no_thread() -> None:
    """An FAQ marks its questions and answers with schema.org microdata too (FAQPage): they
    name nobody, so they are the page's content, never comment rows (wcxb-dev 1520, a service
    page's FAQ, read as ten rows by a first try that did not ask for authors)."""
    faq = "".join(
        f'<div itemscope itemtype="https://schema.org/Question"><h3 itemprop="name">Question {i}?</h3><div itemscope'
        f' itemprop="acceptedAnswer" itemtype="https://schema.org/Answer"><div itemprop="text"><p>{text}</p></div>'
        "</div></div>"
        for i, (_, text) in enumerate(ANSWERS)
    )
    page = (
        "<html><head><title>Analytics services</title></head><body><h1>Analytics services</h1>"
        f'<p>{QUESTION}</p><div itemscope itemtype="https://schema.org/FAQPage">{faq}</div></body></html>'
    )
    result = extract_html(page, "https://agency.example/services/analytics/")
    assert result.comments == []
    assert ANSWERS[0][1] in result.text
