"""The ``comments:class-items`` finder: comment items named by their class, id, tag or test
hooks (WordPress's ``li.comment``, Disqus's ``post``, ``role=comment``, CSS Modules' hashed
``CommentItem_item__x``), Q&A answers, and forum posts (repeated siblings, each signed, in a
thread's context). :func:`pipeline.extract.comment_finders.find_items` runs it in the
catalogue's order; :func:`could_be_item` is the cheap test its candidates pass first.
"""

from __future__ import annotations

import re

from lxml import etree

from pipeline.extract import markers
from pipeline.extract.comment_authors import author_element
from pipeline.extract.comment_headed import THREAD_HEADING_TAGS, names_comments
from pipeline.extract.comment_items import Item, class_tokens, in_comment_area, in_form, sibling_level
from pipeline.extract.comment_rules import (
    COMMENT_COMPONENTS,
    COMMENT_TAG,
    CSS_MODULE_CLASS,
    ITEM_ID,
    MAX_POST_LINK_DENSITY,
    MIN_POST_WORDS,
    MODULE_ROOTS,
    OPENER_ID,
    OPENER_LABEL,
    OPENER_LEVELS,
    OPENER_NUMBER_ATTRIBUTE,
    PREFIXED_COMMENT_ID,
    STAFF_HREF,
    profile_href,
)
from pipeline.extract.html import element_text
from pipeline.extract.markers import AREA_STEM
from pipeline.extract.word_counts import word_count


def could_be_item(element: etree._Element) -> bool:
    """A cheap substring test on class, id and test hooks before the token rules.

    The element's attributes are read in one call and tested as they come (any test passing
    is enough): asking for each of eight attributes by name took twice as long, on every
    element of every page that names itself (~4% of the extract stage)."""
    tag = element.tag
    if "-comment" in tag and COMMENT_TAG.match(tag):
        return True
    for name, value in element.items():
        if name == "class":
            if value and (
                "omment" in value
                or "ost" in value
                or "essage" in value
                or "eply" in value
                or "espons" in value
                or "answer" in value
                or AREA_STEM.search(value) is not None  # "comment" in another language: "reactie"
            ):
                return True
        elif name == "id":
            if value.startswith(ITEM_ID_LEADS) or "omment" in value:
                return True
        elif name in ("data-testid", "data-component"):
            if "omment" in value or "post" in value:
                return True
        elif (name == "role" and value in ("article", "comment")) or (name in POST_ID_ATTRIBUTES and value):
            return True
    return False


# Tags of icons and controls: never a comment, whatever their class says.
_CONTROL_TAGS = frozenset(("form", "textarea", "input", "a", "i", "svg", "img", "button"))


def _message_span(element: etree._Element) -> bool:
    """A ``span`` classed as one comment that holds a message (Hacker News until 2014:
    ``<span class="comment"><font>MESSAGE</font></span>`` under its ``span.comhead``), not a
    count or an icon ("3 comments", a speech bubble), nor a code comment a syntax highlighter
    classed so in a ``pre`` or ``code`` (wcxb-dev 0668's "// TODO: use fd."): MIN_POST_WORDS
    words or more, most of them no link text."""
    if not markers.marked(element, markers.COMMENT_ITEM) or _in_code(element):
        return False
    words = word_count(element_text(element))
    linked = sum(word_count(element_text(a)) for a in element.iter("a"))
    return words >= MIN_POST_WORDS and linked * 2 < words


def _in_code(element: etree._Element) -> bool:
    return any(ancestor.tag in ("pre", "code") for ancestor in element.iterancestors())


# How an item's id may start (``comment-12``, ``li-comment-12``, Disqus's ``dsq-comment-12``,
# phpBB's ``p123``, ``reply-4``, ``msg_9``).
ITEM_ID_LEADS = ("comment", "Comment", "li-", "dsq-", "p", "P", "reply", "msg")


def _module_comment(element: etree._Element) -> bool:
    """The root element of a CSS Modules component named for one comment
    (``CommentItem_item__a8Fj2``): hashed class names that still name the component."""
    for name in (element.get("class") or "").split():
        match = CSS_MODULE_CLASS.match(name)
        if (
            match
            and match.group("component").lower() in COMMENT_COMPONENTS
            and match.group("local").lower() in MODULE_ROOTS
        ):
            return True
    return False


# One element classed "answer" is a page's expert answer (the article); two or more are a
# Q&A site's answers to the question.
MIN_ANSWERS = 2


def _one_question_each(answers: list[Item]) -> bool:
    """As many elements classed "question" as answers: each answer follows its own question (an
    ask-the-doctor column, an FAQ), the page's content; a Q&A site's answers share one question.
    (The page is walked only where two answers are found.)"""
    page = answers[0].nodes[0].getroottree().getroot()
    return len(_QUESTIONS(page)) >= len(answers)


# Elements with the class token "question" (not "question-hyperlink" and the like).
_QUESTIONS = etree.XPath("//*[contains(concat(' ', normalize-space(@class), ' '), ' question ')]")


def _expert_signed(answer: etree._Element | None) -> bool:
    """An answer signed by a link to one of the publisher's own people ("Answered by <a
    href=/doctors/alan-stone>Dr. Alan Stone</a>") and by no member's profile: the site's answer."""
    hrefs = [a.get("href") or "" for a in answer.iter("a")] if answer is not None else []
    return any(STAFF_HREF.search(h) for h in hrefs) and not any(profile_href(h) for h in hrefs)


def class_items(marked: list[etree._Element]) -> list[Item]:
    """The ``comments:class-items`` finder: elements whose class, id, tag or test hook names a
    comment (or, with two or more, an answer); else forum posts, repeated siblings that each
    name an author."""
    items: list[Item] = []
    forum: list[etree._Element] = []
    answers: list[Item] = []
    for element in filter(could_be_item, marked):
        if element.tag in _CONTROL_TAGS or (element.tag == "span" and not _message_span(element)):
            continue  # an icon (<i class="fa fa-comment">) or a control, never a comment
        if not any(piece.strip() for piece in element.itertext()):
            continue
        ident = element.get("id") or ""
        if "answer" in class_tokens(element) and not in_form(element):
            answers.append(Item(element, [element]))  # Q&A sites: answers are replies to the question
        elif (
            markers.marked(element, markers.COMMENT_ITEM)
            or markers.marked(element, markers.COMMENT_NAME_END)
            or any(PREFIXED_CAMEL_COMMENT.match(name) for name in (element.get("class") or "").split())
            or COMMENT_TAG.match(element.tag)
            or ("post" in class_tokens(element) and _in_comment_widget(element))
            or (element.get("role") == "article" and in_comment_area(element))
            or element.get("role") == "comment"  # WAI-ARIA 1.3's role for a comment
            or _module_comment(element)
            or (ITEM_ID.match(ident) and ident.lower().startswith(("comment", "li-", "dsq-")))
            # (WordPress's "div-comment-N" is the inner article of its li#comment-N: not another)
            or (PREFIXED_COMMENT_ID.match(ident) and not ident.lower().startswith("div-"))
        ):
            if not in_form(element):
                items.append(Item(element, [element]))
        elif (
            markers.marked(element, markers.FORUM_POST)
            or markers.names_word(_camel_tail(element), markers.FORUM_POST)
            or any(element.get(name) for name in POST_ID_ATTRIBUTES)
            or (ITEM_ID.match(ident) and element.tag in ("div", "article", "li", "table"))
        ):
            if not in_form(element) and element.tag not in ("body", "main"):
                forum.append(element)
    if (
        len(answers) >= MIN_ANSWERS
        and not all(_expert_signed(item.element) for item in answers)
        and not _one_question_each(answers)
    ):
        order = {element: index for index, element in enumerate(marked)}
        items = sorted([*items, *answers], key=lambda item: order[item.element])
    if items:
        kept = _outermost_repeated(items)
        if kept and _opens_thread(kept[0]):
            for item in kept:
                item.forum = True  # the first is the thread's opening post, the article
        return kept
    # Forum posts: repeated siblings (same tag and class) that each name an author.
    groups: dict[tuple[etree._Element | None, str, str], list[etree._Element]] = {}
    for element in forum:
        key = (sibling_level(element).getparent(), element.tag, " ".join(markers.marks(element, markers.FORUM_POST)))
        groups.setdefault(key, []).append(element)
    # The largest group that reads as a thread (a page's two notices in "blockMessage" boxes are
    # a larger group than a lone opening post, and no thread).
    for best in sorted(groups.values(), key=len, reverse=True):
        if _thread_posts(best):
            # Numbered replies stand apart from the opening post (Mumsnet): they are comments.
            numbered = _numbered(best) and not _opens_thread(Item(best[0], [best[0]]))
            return [Item(e, [e], forum=not (numbered or _headed_list(best[0]))) for e in best]
    return []


def _headed_list(post: etree._Element) -> bool:
    """Posts whose list follows a heading that names them comments (a vBulletin blog's
    ``<h3>Comments</h3><ol id="message_list">`` under its entry): comments on the article above,
    the first one no opening post. A forum thread's heading, if any, names the topic."""
    heading = sibling_level(post).getparent()
    before = heading.getprevious() if heading is not None else None
    return before is not None and before.tag in THREAD_HEADING_TAGS and names_comments(before)


def _numbered(best: list[etree._Element]) -> bool:
    """Posts the software numbers itself (data-reply-id on each) need no forum classes or
    author markup around them: the ids are the evidence."""
    return len(best) >= MIN_NUMBERED_POSTS and all(any(e.get(n) for n in POST_ID_ATTRIBUTES) for e in best)


def _thread_posts(best: list[etree._Element]) -> bool:
    """Repeated sibling posts (or a lone opening post) of a thread: in a region named for one,
    numbered by the software or signed by profile links; most naming an author; mostly not
    links; not all teasers under headline links."""
    numbered = _numbered(best)
    return (
        (len(best) >= 2 or _lone_opening_post(best))
        and (numbered or _forum_context(best[0]) or all(_profile_signed(e) for e in best))
        and (numbered or sum(1 for e in best if author_element(e, []) is not None) >= len(best) // 2 + 1)
        and sum(_link_density(e) for e in best) / len(best) < MAX_POST_LINK_DENSITY
        and (len(best) == 1 or not all(_headline_linked(e) for e in best))  # (a lone post may quote a headline)
    )


def _lone_opening_post(best: list[etree._Element]) -> bool:
    """A thread nobody has answered yet: one post, named a post by forum software's class
    (XenForo's ``message--post``), in a region named for a thread's messages and signed by a
    link to its writer's profile. It is the article, read as a post (its user card, "Joined",
    "Messages" and reaction score are no part of it)."""
    return len(best) == 1 and _forum_context(best[0]) and _profile_signed(best[0])


# Sibling posts each carrying a post id attribute: this many make a thread by themselves.
MIN_NUMBERED_POSTS = 3


# Forum software that names its posts only by an id attribute (utility-class markup).
POST_ID_ATTRIBUTES = ("data-reply-id", "data-post-id", "data-postid")


_CAMEL_TAIL = re.compile(r"(?<=[a-z])([A-Z][a-z]+)$")


# A class of a one-letter namespace prefix and "Comment" (b2evolution's ``bComment``, as
# Invision's ``cPost`` names a post); a longer camelCase name ending so names a part of a
# component ("answerLeafComment") or a forum's post (Invision's ``ipsComment``, read as a post).
PREFIXED_CAMEL_COMMENT = re.compile(r"^[a-z]Comment$")


def _camel_tail(element: etree._Element) -> str | None:
    """The last word of a camelCase class (Invision's ``cPost`` -> 'post'), lower-cased."""
    for name in (element.get("class") or "").split():
        if match := _CAMEL_TAIL.search(name):
            return match.group(1).lower()
    return None


def _in_comment_widget(element: etree._Element) -> bool:
    """Disqus and its kin call each comment a ``post``: inside their thread it is a comment."""
    return any(markers.marked(a, markers.COMMENT_WIDGET) for a in element.iterancestors())


def _outermost_repeated(items: list[Item]) -> list[Item]:
    """Items by class are kept; a lone element with a comment-ish class (a comment form's
    wrapper, a widget) is dropped when it is the only one of its class and names no author."""
    by_class: dict[str, int] = {}
    for item in items:
        assert item.element is not None
        key = " ".join(sorted(class_tokens(item.element)))
        by_class[key] = by_class.get(key, 0) + 1
    kept = []
    for item in items:
        assert item.element is not None
        classes = class_tokens(item.element)
        repeated = by_class[" ".join(sorted(classes))] >= 2
        if (
            markers.marked(item.element, markers.COMMENT_ITEM)
            or repeated
            or author_element(item.element, []) is not None
        ):
            kept.append(item)
    return kept


def _opens_thread(item: Item) -> bool:
    """The item is a thread's opening post by its own id or its group's (GitHub's issue body in
    ``div#issue-N``, marked like the ``issuecomment-N`` replies after it), or numbered the
    thread's first post by the software (Discourse's ``data-post-number="1"``, "post #1 by")."""
    assert item.element is not None
    around = [item.element, *item.element.iterancestors()][: OPENER_LEVELS + 1]
    return any(
        OPENER_ID.match(element.get("id") or "")
        or element.get(OPENER_NUMBER_ATTRIBUTE) == "1"
        or OPENER_LABEL.match((element.get("aria-label") or "").strip())
        for element in around
    )


def _forum_context(post: etree._Element) -> bool:
    """A thread page says so on the posts' ancestors: forum software's or thread/topic classes."""
    for element in post.iterancestors():
        if markers.marked(element, markers.FORUM_CONTEXT) or markers.names_word(
            _camel_tail(element), markers.FORUM_CONTEXT
        ):
            return True
    return False


def _profile_signed(post: etree._Element) -> bool:
    """The post links its writer's profile page (phpBB's ``memberlist.php?mode=viewprofile``,
    ``/members/NAME``): every post of a thread does, whatever the page around it says."""
    return any(profile_href(link.get("href", "")) for link in post.iter("a"))


_HEADING_LINKS = etree.XPath("(.//h1|.//h2|.//h3|.//h4)//a[@href]")


def _headline_linked(element: etree._Element) -> bool:
    """A teaser, not a post: its heading links to another page (a related article's headline;
    a post's own title links to its anchor, ``viewtopic.php?p=123#p123``, and its author's name
    to a profile)."""
    return any(
        not (href := link.get("href", "").strip()).startswith("javascript:")
        and "#" not in href
        and not profile_href(href)
        for link in _HEADING_LINKS(element)
    )


def _link_density(element: etree._Element) -> float:
    text = len(element_text(element)) or 1
    return sum(len(element_text(a)) for a in element.iter("a")) / text
