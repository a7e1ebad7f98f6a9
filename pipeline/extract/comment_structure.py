"""Comment finders by structure alone, and the shape of a post the other finders share.

For layouts with no class names for their comments: sibling blocks each signed by a reader's
profile link (or a numbered id) and dated (:func:`signed_siblings`), or blocks of one tag and
class in a region named for comments, each signed and dated (:func:`area_items`). What a post
looks like (:func:`message_shaped`: a message of its own words, no headline or form;
:func:`signed_post`: that, dated and signed) is read here and by the headed-siblings and
layout finders. Finders that read text shapes ("Posted by: NAME at DATE") are in
:mod:`pipeline.extract.comment_shapes`.
"""

from __future__ import annotations

from copy import deepcopy

from lxml import etree

from pipeline.extract.comment_authors import author_element, byline_name, header_name
from pipeline.extract.comment_dates import date_element_text, date_of, dated_line, only_a_date
from pipeline.extract.comment_items import Item, in_form, item_kind
from pipeline.extract.comment_lines import ui_label
from pipeline.extract.comment_names import looks_like_author_line
from pipeline.extract.comment_rules import (
    COMMENT_PERMALINK,
    HEADLINE_MIN_WORDS,
    MAX_POST_LINK_DENSITY,
    MIN_POST_WORDS,
    MIN_SIGNED_SIBLINGS,
    NUMBERED_ID,
    REPLY_SUBJECT,
    profile_href,
)
from pipeline.extract.html import HEADING_TAGS, block_lines, drop, element_text
from pipeline.extract.markers import AREA_STEM, COMMENT_AREA, FORUM_CONTEXT, REVIEW, marked
from pipeline.extract.word_counts import word_count

_HREFS = etree.XPath("/descendant::a[@href]")  # "//a[@href]" at 1.4x the cost


# A headline, a text area, or a form one writes into (a text input: a form of buttons alone is
# a comment's moderation control, Plone's "Delete").
_TEASER_PARTS = etree.XPath(
    ".//h1|.//h2|.//h3|.//h4|.//textarea|.//form[.//input[not(@type) or @type='text' or @type='email']]"
)


def signed_siblings(root: etree._Element) -> list[Item]:
    """Posts found by structure alone, for layouts with no class names for them (each post in
    its own unclassed wrapper, utility-class markup): MIN_SIGNED_SIBLINGS or more sibling
    blocks of one tag, each dated, holding a message of its own words and no heading (a
    teaser's headline) or form, and each signed, by a link to a reader's profile page (its
    author) or, inside a region named for a thread or comments, by the post number the
    software put in its id (``postBoxWrapper5872059``). A teaser list links staff pages and
    headlines; a people list and product cards carry no dates."""
    groups: dict[tuple[etree._Element, str], dict[etree._Element, None]] = {}
    for link in _HREFS(root):
        if not _is_profile_link(link):
            continue
        for block in link.iterancestors():
            parent = block.getparent()
            if parent is None or block.tag in ("body", "html"):
                break
            groups.setdefault((parent, block.tag), {})[block] = None
    for parent, blocks in _numbered_ids(root).items():
        if any(marked(a, FORUM_CONTEXT) or marked(a, COMMENT_AREA) for a in (parent, *parent.iterancestors())):
            groups[(parent, "#")] = dict.fromkeys(blocks)
    best: list[Item] = []
    thread = False  # the posts answer a subject ("Re: ..."): a thread, its first post the opening post
    for (parent, _tag), signed in groups.items():
        if len(signed) < max(MIN_SIGNED_SIBLINGS, len(best) + 1) or in_form(parent, strict=True):
            continue
        subjects = _reply_subjects(signed)
        if _posts(list(signed), subjects):
            best = [Item(block, [block], author=_profile_link(block)) for block in signed]
            thread = _opens_subject(next(iter(signed)), subjects)
    if best and (thread or any(marked(a, FORUM_CONTEXT) for a in best[0].nodes[0].iterancestors())):
        for item in best:
            item.forum = True  # a thread page: its first post is the opening post, the article
    return best


def _posts(blocks: list[etree._Element], subjects: frozenset[str]) -> bool:
    """Every block a post (:func:`_post_shaped`); or AREA_POSTS_SHARE of them, and the others
    dated and no teaser (no heading, form or headline link), only short: a one-line reply
    ("Thanks for the elaboration") under a header of controls (Hacker News's "parent | prev |
    next") is under MIN_POST_WORDS or mostly links, and it is a post of the thread all the same."""
    shaped = [_post_shaped(block, subjects) for block in blocks]
    if all(shaped):
        return True
    if sum(shaped) < AREA_POSTS_SHARE * len(blocks):
        return False
    return all(ok or _short_post(block, subjects) for block, ok in zip(blocks, shaped, strict=True))


def _short_post(block: etree._Element, subjects: frozenset[str]) -> bool:
    """A dated block with no headline, heading or form (and not a review)."""
    parts = [part for part in _TEASER_PARTS(block) if not _own_heading(part, block, subjects)]
    return (
        not parts
        and not marked(block, REVIEW)
        and not any(headline_link(a, element_text(a)) for a in block.iter("a"))
        and date_of([block], [], None) is not None
    )


_IDS = etree.XPath("/descendant::*[@id]")  # "//*[@id]" at 1.3x the cost


def _numbered_ids(root: etree._Element) -> dict[etree._Element, list[etree._Element]]:
    """Sibling elements whose ids are one word and a number each (``postBoxWrapper5872059``),
    the same word for all, MIN_SIGNED_SIBLINGS or more: by parent."""
    runs: dict[tuple[etree._Element, str, str], list[etree._Element]] = {}
    for element in _IDS(root):
        match = NUMBERED_ID.match(element.get("id", ""))
        parent = element.getparent()
        if match and parent is not None:
            runs.setdefault((parent, element.tag, match.group(1)), []).append(element)
    return {key[0]: run for key, run in runs.items() if len(run) >= MIN_SIGNED_SIBLINGS}


def _post_shaped(block: etree._Element, subjects: frozenset[str] = frozenset()) -> bool:
    """A post: a message of its own words, mostly not links, a date, no headline (a heading
    other than the post's own, or a link of HEADLINE_MIN_WORDS words to another page that is no
    profile: a teaser's title; a "Copy Link to Reply" control goes nowhere), no
    form, not a product review."""
    return message_shaped(block, subjects) and date_of([block], [], None) is not None


def _reply_subjects(blocks: dict[etree._Element, None]) -> frozenset[str]:
    """The subjects the blocks' headings answer ("Re: Walking after meals" -> "walking after
    meals"): a thread's, printed over each reply (FluxBB, PunBB)."""
    found = set()
    for block in blocks:
        for heading in block.iter("h2", "h3", "h4"):
            if match := REPLY_SUBJECT.match(" ".join(element_text(heading).split())):
                found.add(match.group("subject").casefold())
    return frozenset(found)


def _opens_subject(block: etree._Element, subjects: frozenset[str]) -> bool:
    """The first block is the thread's opening post: its heading is the subject the others
    answer, bare ("Walking after meals" over "Re: Walking after meals"); a blog's comments
    that all answer the post ("Re: ...") open nothing, and the post stays the article."""
    return any(
        " ".join(element_text(heading).split()).casefold() in subjects for heading in block.iter("h2", "h3", "h4")
    )


def _own_heading(heading: etree._Element, block: etree._Element, subjects: frozenset[str]) -> bool:
    """A post's own heading, not a teaser's headline: its number and date under its own
    permalink (FluxBB's "#2 2012-03-06 09:40:00" linking "viewtopic.php?pid=902#p902" in
    ``div#p902``), or the thread's subject, "Re: SUBJECT" over a reply and SUBJECT alone over
    the opening post, where the blocks' reply subjects name it."""
    if heading.tag in ("form", "textarea", "h1"):
        return False
    hrefs = [a.get("href", "") for a in heading.iter("a")]
    if hrefs:
        ident = block.get("id")
        return bool(ident) and all(href.endswith(f"#{ident}") for href in hrefs)
    text = " ".join(element_text(heading).split())
    subject = match.group("subject") if (match := REPLY_SUBJECT.match(text)) else text
    return subject.casefold() in subjects


def message_shaped(block: etree._Element, subjects: frozenset[str] | None = None) -> bool:
    """:func:`_post_shaped` but the date; with ``subjects`` (sibling posts), a post's own
    headings are allowed (:func:`_own_heading`)."""
    text = element_text(block)
    links = [(a, element_text(a)) for a in block.iter("a")]
    linked = sum(len(shown) for _, shown in links)
    parts = _TEASER_PARTS(block)
    if subjects is not None and subjects:
        parts = [part for part in parts if not _own_heading(part, block, subjects)]
    subject = [part for part in parts if comment_subject(part)]
    if len(subject) == 1:  # one heading, the comment's own subject
        parts, links = [], [(a, shown) for a, shown in links if a not in set(subject[0].iter("a"))]
        linked = sum(len(shown) for _, shown in links)
    if not text or linked / len(text) >= MAX_POST_LINK_DENSITY or parts or marked(block, REVIEW):
        return False
    if any(headline_link(a, shown) for a, shown in links):
        return False
    own = word_count(text) - sum(word_count(shown) for _, shown in links)
    return own >= MIN_POST_WORDS


def comment_subject(heading: etree._Element) -> bool:
    """A comment's own subject heading: an h2-h4 whose every link (one at least) goes to a
    comment's anchor (COMMENT_PERMALINK: Drupal's "/comment/71#comment-71")."""
    hrefs = [a.get("href", "") for a in heading.iter("a")] if heading.tag in ("h2", "h3", "h4") else []
    return bool(hrefs) and all(COMMENT_PERMALINK.search(href.strip()) for href in hrefs)


def headline_link(link: etree._Element, shown: str) -> bool:
    """A teaser's headline: HEADLINE_MIN_WORDS words or more linking another page; a comment's
    date linking its permalink ("March 6, 2012 at 10:15 am" to "/walking/#comment-12", "on Mar 6,
    2012" to "item?id=3671001": :func:`date_element_text`) is none, nor is a comment's control
    ("Complain about this comment", "Report this comment": a UI label)."""
    return (
        word_count(shown) >= HEADLINE_MIN_WORDS
        and _other_page(link.get("href", ""))
        and not date_element_text(shown)
        and not ui_label(shown)
    )


def _other_page(href: str) -> bool:
    """A link to another page than a profile (not a control: "#", "javascript:void(0)"; nor a
    mail address, which a commenter's name links to where no profile or site was given: dasBlog)."""
    href = href.strip()
    return bool(href) and not href.lower().startswith(("#", "javascript:", "mailto:")) and not profile_href(href)


def _is_profile_link(link: etree._Element) -> bool:
    return profile_href(link.get("href", "")) and bool(element_text(link))


def _profile_link(block: etree._Element) -> etree._Element | None:
    """The post's author: of its links to a reader's profile, the one showing the longest text
    (an avatar's link beside the name shows initials), outside the replies nested in it (blocks
    of its own tag and class: a reply's longer name is not the post's author)."""
    return max(
        (a for a in block.iter("a") if _is_profile_link(a) and not _in_nested_post(a, block)),
        key=lambda a: len(element_text(a)),
        default=None,
    )


def _in_nested_post(link: etree._Element, block: etree._Element) -> bool:
    """Whether the link sits in a block of ``block``'s tag and class inside ``block``."""
    kind = (block.tag, block.get("class"))
    for ancestor in link.iterancestors():
        if ancestor is block:
            return False
        if (ancestor.tag, ancestor.get("class")) == kind:
            return True
    return False


def _area_candidate(element: etree._Element) -> bool:
    """Whether the class or id could name a comments region (COMMENT_AREA decides): a cheap
    case-sensitive substring test first (AREA_STEM)."""
    return any(
        (name == "class" or name == "id") and AREA_STEM.search(value) is not None for name, value in element.items()
    )


# Tags that are parts of a comment (its name, date, a paragraph of it), never a whole one.
_PART_TAGS = frozenset(
    {"a", "span", "img", "i", "b", "strong", "em", "small", "time", "abbr", "cite", "p", "br", "label", "button"}
    | HEADING_TAGS
    | {"form", "textarea", "input", "select", "option", "script", "style"}
)
# Two comments of one class make a thread inside a region named for comments (a blog post
# with two comments is common; the region's name is half the evidence).
MIN_AREA_ITEMS = 2


def area_items(named: list[etree._Element]) -> list[Item]:
    """Comments by structure in a region named for them (``div#comments``, ``comment-area``,
    ``discussion``), for the custom themes and newspaper CMSs whose items carry no class the
    finders know (``div.comment-box``, ``div.cmt``, ``li.commentWrap``) or none: the elements of
    one tag and class there (unclassed: sibling elements of one tag), MIN_AREA_ITEMS or more,
    each a message of its own words (no headline, no form, not a review), dated (a date element
    or a short line that reads as a date) and signed (author markup or a byline line). Replies
    of the same class nested in their parent are items too (threaded by nesting). The largest
    such group wins."""
    best: list[etree._Element] = []
    read: set[etree._Element] = set()
    for area in filter(_area_candidate, named):  # the page's elements that name themselves
        if area.tag in ("body", "html", "main", "form") or not marked(area, COMMENT_AREA):
            continue
        if any(a in read for a in area.iterancestors()) or in_form(area, strict=True):
            continue  # an inner region of one already read
        read.add(area)
        groups: dict[tuple[str, str, etree._Element | None], list[etree._Element]] = {}
        for element in area.iter():
            if element is area or not isinstance(element.tag, str) or element.tag in _PART_TAGS:
                continue
            if kind := item_kind(element):  # "cmt-box odd" and "cmt-box even depth-2": one kind
                groups.setdefault((element.tag, kind, None), []).append(element)
            else:  # unclassed: siblings of one parent (``div#comments > div``)
                groups.setdefault((element.tag, "", element.getparent()), []).append(element)
        posts = {key: kept for key, e in groups.items() if len(e) >= MIN_AREA_ITEMS and (kept := area_posts(e))}
        for elements in _without_parts(posts):
            if len(elements) > len(best):
                best = elements
    return [Item(element, [element]) for element in best]


def area_posts(elements: list[etree._Element]) -> list[etree._Element]:
    """The comments of one group: every element a signed, dated message, or nearly every one
    (AREA_POSTS_SHARE, MIN_AREA_ITEMS or more), and then the others that are a message signed
    or dated (a guest's undated comment) but not the ones that are neither (a "This comment was
    removed" notice, an ad slot dressed as a comment)."""
    signed = [signed_post(e) for e in elements]
    if all(signed):
        return elements
    if sum(signed) < max(MIN_AREA_ITEMS, AREA_POSTS_SHARE * len(elements)):
        return []
    template = _template_links(elements)
    return [e for e, ok in zip(elements, signed, strict=True) if ok or _half_signed(e) or _short_signed(e, template)]


def _link_key(link: etree._Element) -> str:
    """A link's text without its figures: "Recommend (5)" and "Recommend (41)" are one button."""
    return "".join(ch for ch in element_text(link).casefold() if not ch.isdigit()).strip()


def _template_links(elements: list[etree._Element]) -> frozenset[str]:
    """The link texts (figures aside) that AREA_POSTS_SHARE of the group's elements carry: the
    template's buttons ("Recommend (3)", "Reply", "Report abuse"), no reader's words."""
    counts: dict[str, int] = {}
    for element in elements:
        for key in {_link_key(a) for a in element.iter("a")} - {""}:
            counts[key] = counts.get(key, 0) + 1
    return frozenset(key for key, n in counts.items() if n >= AREA_POSTS_SHARE * len(elements))


def _short_signed(block: etree._Element, template: frozenset[str]) -> bool:
    """A signed, dated comment whose message is too short to outweigh the template's buttons
    ("Good." under "Recommend (5) Reply Report abuse"): :func:`_half_signed` with those buttons
    taken out, and its name and date both there."""
    if not template or not any(_link_key(a) in template for a in block.iter("a")):
        return False
    copy = deepcopy(block)
    for link in [a for a in copy.iter("a") if _link_key(a) in template]:
        drop(link)
    dated = date_of([copy], [], None) is not None or dated_line(copy)
    return dated and _half_signed(copy) and author_element(copy, []) is not None


# So many of a group's elements must be signed, dated messages for the rest to be read as
# comments too (one in five may lack a date or a name).
AREA_POSTS_SHARE = 0.8


def _half_signed(block: etree._Element) -> bool:
    """A message with a name or a date: a comment whose template left the other out."""
    if not message_shaped(block):
        return False
    dated = date_of([block], [], None) is not None or dated_line(block)
    return dated or author_element(block, []) is not None or byline_name(block, []) is not None


def _without_parts(
    groups: dict[tuple[str, str, etree._Element | None], list[etree._Element]],
) -> list[list[etree._Element]]:
    """Groups that are not parts of another group's items: a comment's header line (a name and
    a date, with a few words of its own) repeats as often as the comment does, each inside a
    comment, and holds a small share of its text (a thread's wrapper around its comments holds
    them whole: the comments are no part of it). Replies of the comments' own kind are in
    the comments' group. A header inside a comment the group left out (a one-word "Good.", no
    message to :func:`area_posts`) is still inside an element of that group's tag and class."""
    keys, lists = list(groups), list(groups.values())
    owner = {element: index for index, group in enumerate(lists) for element in group}
    kin = {(tag, kind): index for index, (tag, kind, parent) in enumerate(keys) if parent is None}
    size = [sum(len(element_text(e)) for e in group) for group in lists]
    kept = []
    for index, group in enumerate(lists):
        outer = {
            next((o for a in e.iterancestors() if (o := _owner(a, owner, kin, index)) is not None), None) for e in group
        }
        if len(outer) == 1 and (other := outer.pop()) is not None and size[index] < PART_SHARE * size[other]:
            continue
        kept.append(group)
    return kept


def _owner(
    element: etree._Element, owner: dict[etree._Element, int], kin: dict[tuple[str, str], int], index: int
) -> int | None:
    """The other group ``element`` is an item of, or is of the tag and class of, if any."""
    found = owner.get(element)
    if found is None and kin and isinstance(element.tag, str) and (kind := item_kind(element)):
        found = kin.get((element.tag, kind))
    return found if found != index else None


# A part of each comment (its header, its footer) holds less than this share of the comments' text.
PART_SHARE = 0.5


def signed_post(block: etree._Element) -> bool:
    """A comment's shape: a message of its own, a date and a name. The message is more than
    the header: MIN_POST_WORDS words on lines that are neither a date nor a name-like line (an
    event card's "SHIPSHAPE" over "Thu, March 5, 2026" is a title and a date)."""
    if not message_shaped(block):
        return False
    lines = [line for line in block_lines(block) if not (only_a_date(line) or looks_like_author_line(line))]
    if sum(word_count(line) for line in lines) < MIN_POST_WORDS:
        return False
    if date_of([block], [], None) is None and not dated_line(block):
        return False
    return author_element(block, []) is not None or byline_name(block, []) is not None or header_name(block) is not None
