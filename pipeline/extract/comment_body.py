"""A comment's message: the body element found by class, and stripped on a copy (the page tree
is never changed) of the author line, date, votes, badges, reply/quote/report links, hidden
menus, quoted posts and signature.
"""

from __future__ import annotations

import re
from copy import deepcopy
from dataclasses import dataclass

from lxml import etree

from pipeline.extract.comment_dates import ISO_TITLE, date_element_text, only_a_date
from pipeline.extract.comment_items import Item, class_tokens, class_words, find_by_tokens, name_words, walk
from pipeline.extract.comment_lines import (
    AGREEMENT,
    COMMENT_BYLINE,
    COMMENT_UI_LINE,
    EMPTY_POSTED_BY,
    NOISE_TEXT,
    POSTED_BY_FOOTER,
    QUOTE_AUTHOR,
    REPLY_TO_NAME,
    SIGNATURE_DELIMITER,
    button_row,
    ui_label,
)
from pipeline.extract.comment_names import signed_line
from pipeline.extract.comment_rules import (
    BODY_TOKENS,
    DATE_TOKENS,
    INNER_BODY_SHARE,
    LABEL_SLACK_CHARS,
    LINK_CARD_ATTRIBUTES,
    LINK_CARD_WORDS,
    MESSAGE_FIRST_TOKENS,
    MESSAGE_ID,
    NOISE_TOKENS,
    NOT_QUOTED_ATTRIBUTE,
    NUMBERED_LABEL,
    QUOTE_ATTRIBUTES,
)
from pipeline.extract.dates import find_datetime
from pipeline.extract.html import HEADING_TAGS, block_lines, collapse, drop, element_text, names_of
from pipeline.extract.markers import HIDDEN, marked

# Parts of class names that mark a comment's message ('sp-com-texte', 'c-comment__content'),
# unless the element is the author's pane ('cAuthorPane_content') or the header's.
_BODY_PARTS = ("content", "text", "texte", "body", "message", "contenu", "inhalt", "contenido", "cuerpo")
_BODY_PART_SET = frozenset(_BODY_PARTS)


# Utility classes (Tailwind: "text-sm", "text-gray-500", "content-center"; Bootstrap:
# "text-muted", "text-body-secondary", "text-md-end") style an element; their "text" /
# "content" part does not say it is the message (Bootstrap's "small.text-muted" date beside a
# comment's name ranked above its "media-body" message, and the comment was read empty).
UTILITY_CLASS = re.compile(
    r"^(?:text|content|body)-(?:xs|sm|base|lg|\d?xl|left|center|right|justify|start|end|wrap|nowrap|balance|pretty"
    r"|inherit|current|transparent|white|black|none|normal|between|around|evenly|(?:[a-z]+-)?\d{2,3}|\[[^\]]*\])$"
    r"|^text-(?:muted|primary|secondary|success|danger|warning|info|light|dark|reset|truncate|break"
    r"|lowercase|uppercase|capitalize|decoration-[a-z]+|(?:sm|md|lg|xl|xxl)-(?:start|end|center)"
    r"|(?:body|primary|secondary|success|danger|warning|info|light|dark)-(?:emphasis|secondary|tertiary)"
    r"|body(?:-secondary|-tertiary|-emphasis)?)$"
)


def _names_a_body_part(element: etree._Element) -> bool:
    """A class name other than a utility class carries the body word, and the element holds more
    than a button or an edit note (Goodreads' ``span.greyText`` "(last edited DATE)" before the
    ``reviewText`` message)."""
    return not NOISE_TEXT.match(element_text(element)) and any(
        not UTILITY_CLASS.match(name) and name_words(name) & _BODY_PART_SET for name in names_of(element).split()
    )


# Class-name parts of a forum signature: the poster's own chrome under every post.
SIGNATURE_WORDS = frozenset({"signature", "sig"})


# Class-name parts that say an element is a label beside the message, not the message: the
# author's pane, the header, a "(new)" badge (Goodreads' ``newCommentsText``), a counter.
_NOT_BODY_PARTS = frozenset(
    {"author", "authorpane", "cauthorpane", "user", "avatar", "profile", "meta", "header", "title", "heading"}
    | {"new", "badge", "count", "counter", "label"}
)


@dataclass(slots=True)
class Body:
    """A comment's message: its lines, the authors it quotes, how much of it is link text, the
    poster's signature it set aside and the quotes it dropped. A signature is the thread's own
    words, not text the reader lost (arbitration counts it so, :mod:`pipeline.extract.arbitrate`);
    a quote is only when another post of the thread holds its words (an opening post quoting a
    news story holds text of its own). Other noise (badges, buttons) counts only when it recurs
    (``CommentScan.chrome``): a rule's class word inside one post may be its message."""

    lines: list[str]
    quoted: list[str]
    link_share: float
    set_aside: list[str]
    quote_text: list[str]


def reply_target(nodes: list[etree._Element], skip: list[etree._Element]) -> str | None:
    """The user a post says it answers ("in reply to carb_counter_kate"), if it says so."""
    for node in nodes:
        for element in walk([node], skip, ("a", "span", "div", "p")):
            for text in (element.get("title") or "", element_text(element) if len(element) < 3 else ""):
                if match := REPLY_TO_NAME.match(text.strip()):
                    return match.group(1).strip()
    return None


def body_lines(
    item: Item,
    nested: list[etree._Element],
    author_el: etree._Element | None,
) -> Body:
    """The comment's body paragraphs, the authors it quotes and its share of link text."""
    body_source = item.body
    if body_source is not None:
        pass
    elif (
        item.element is not None
        and (by_id := _message_by_id(item.element, nested)) is not None
        and not (author_el is not None and any(a is by_id for a in author_el.iterancestors()))
    ):
        body_source = by_id  # (an element that holds the author line too is no message alone)
    elif item.element is not None:
        body_source = find_by_tokens([item.element], MESSAGE_FIRST_TOKENS, nested, exact=True)
        if body_source is None or (
            body_source.get("itemprop") is None and not class_tokens(body_source) & set(BODY_TOKENS)
        ):
            body_source = find_by_tokens([item.element], BODY_TOKENS, nested, exact=True)
        if body_source is None:
            body_source = find_by_tokens(
                [item.element], _BODY_PARTS, nested, avoid=_NOT_BODY_PARTS, accept=_names_a_body_part
            )
        if body_source is not None:
            body_source = _innermost_body(body_source, nested)
    else:
        # A comment split over siblings: the sibling classed as its body, when one is.
        body_source = next((n for n in item.nodes if class_tokens(n) & set(BODY_TOKENS)), None)
    sources = [body_source] if body_source is not None else item.nodes
    lines: list[str] = []
    quoted: list[str] = []
    set_aside: list[str] = []
    quote_text: list[str] = []
    links: list[str] = []
    for source in sources:
        clone = deepcopy(source)
        _strip_noise(clone, source, nested, author_el, quoted, set_aside, quote_text)
        lines.extend(block_lines(clone))
        links.extend(shown for a in clone.iter("a") if (shown := element_text(a)))
    read = lines
    lines = [
        line
        for line in lines
        if not NOISE_TEXT.match(line)
        and not NUMBERED_LABEL.match(line)
        and not COMMENT_UI_LINE.match(line)
        and not POSTED_BY_FOOTER.match(line)
        and not EMPTY_POSTED_BY.match(line)
        and not (COMMENT_BYLINE.match(line) and signed_line(line))
        and not only_a_date(line)
        and not ui_label(line)
        and not button_row(line)
        and not REPLY_TO_NAME.match(line.strip())  # "Replying to Sandeep K": the parent, no words of it
    ]
    if not lines and body_source is not None and len(raw := [line for line in read if line.strip()]) == 1:
        lines = [raw[0]] if AGREEMENT.match(raw[0].strip()) else []  # the whole message: "+1"
    cut = next((i for i, line in enumerate(lines) if SIGNATURE_DELIMITER.match(line)), None)
    if cut:
        set_aside.extend(lines[cut:])
        lines = lines[:cut]  # a forum signature follows its delimiter line
    # The share of the message that is link text, over the lines kept: a widget's "Comment Link"
    # and "Report" buttons, dropped as lines, weigh nothing ("Thanks!" under them is a message).
    kept = "\n".join(lines)
    total = len(kept) - kept.count("\n")
    linked = sum(len(shown) for shown in links if shown in kept)
    return Body(lines, quoted, min(1.0, linked / total) if total else 0.0, set_aside, quote_text)


def _message_by_id(element: etree._Element, nested: list[etree._Element]) -> etree._Element | None:
    """The message element the software names by its id alone (vBulletin 3's
    ``div#post_message_123`` in an unclassed table cell) or by the slot it fills in a web
    component (new Reddit's ``<div slot="comment">``)."""
    return next(
        (
            e
            for e in walk([element], nested)
            if e is not element  # (SMF 2.1's post is "msg123", its message "msg_123")
            and (MESSAGE_ID.match(e.get("id") or "") or e.get("slot") == "comment")
            and element_text(e)
        ),
        None,
    )


def _innermost_body(body: etree._Element, nested: list[etree._Element]) -> etree._Element:
    """A post body that wraps a title, buttons and an author line around the message
    (phpBB's ``postbody`` around ``content``): the inner message element is the body."""
    size = len(element_text(body))
    while True:
        inner = find_by_tokens(list(body), BODY_TOKENS, nested, exact=True)
        if inner is None or inner is body or _in_quote(inner, body):
            return body  # (a quoted post's message inside the body is no inner body: vBulletin's)
        if len(element_text(inner)) < INNER_BODY_SHARE * size and len(_text_around(body, inner)) > LABEL_SLACK_CHARS:
            return body
        body = inner
        size = len(element_text(body))


_DATE_WORDS = frozenset(DATE_TOKENS)


def _date_label(text: str) -> bool:
    """A date-classed element's text that is its date: short, and a date reads from it."""
    return len(text) <= DATE_LABEL_MAX_CHARS and find_datetime(text) is not None


# A date with its weekday and time ("Wednesday, 07 March 2012 23:02") and a word or two.
DATE_LABEL_MAX_CHARS = 50


_AROUND_TOKENS = frozenset({"author", "buttons", "button", "username", "byline", "meta"}) | NOISE_TOKENS


def _text_around(body: etree._Element, inner: etree._Element) -> str:
    """Text of ``body`` outside ``inner`` and outside headings, buttons, author and noise lines."""
    clone = deepcopy(body)
    mapping = dict(zip(body.iter(), clone.iter(), strict=False))
    doomed = [mapping[inner]]
    for original, copy in mapping.items():
        if original is body or not isinstance(original.tag, str):
            continue
        words = class_words(original)
        if original.tag in HEADING_TAGS or original.tag == "time" or words & _AROUND_TOKENS:
            doomed.append(copy)
    for element in doomed:
        if element.getparent() is not None:
            element.getparent().remove(element)
    return element_text(clone)


def _in_quote(element: etree._Element, body: etree._Element) -> bool:
    """Whether ``element`` sits in a quote the forum software marks, inside ``body``."""
    for ancestor in element.iterancestors():
        if ancestor is body:
            return False
        if "quote" in class_words(ancestor) or "bbcode_quote" in class_tokens(ancestor):
            return True
    return False


def _strip_noise(
    clone: etree._Element,
    original: etree._Element,
    nested: list[etree._Element],
    author_el: etree._Element | None,
    quoted: list[str],
    set_aside: list[str],
    quote_text: list[str],
) -> None:
    # Map original nested items / author to their clones by position in document order.
    originals = list(original.iter())
    clones = list(clone.iter())
    mapping = dict(zip(originals, clones, strict=False))
    doomed = [mapping[n] for n in nested if n in mapping]
    if author_el is not None and author_el in mapping and mapping[author_el] is not clone:
        doomed.append(mapping[author_el])
    _link_cards_to_titles(clone)
    for element in clone.iter():
        if not isinstance(element.tag, str) or element is clone:
            continue
        if element.tag in ("script", "style", "img", "button", "form", "time", "svg", "footer", "header", "input"):
            doomed.append(element)
            continue
        if _hidden(element) or element.get(NOT_QUOTED_ATTRIBUTE) is not None:
            doomed.append(element)  # a share menu shown on a click, screen-reader labels, an edit note
            continue
        if all(element.get(name) for name in QUOTE_ATTRIBUTES) and element.find(".//blockquote") is not None:
            quoted.append(collapse(element.get(QUOTE_ATTRIBUTES[0])))  # Discourse's quote, renamed
            doomed.append(element)
            quote_text.append(element_text(element))
            continue
        if (element.tag == "blockquote" and not class_tokens(element) & set(BODY_TOKENS)) or (
            "quote" in class_words(element) or "bbcode_quote" in class_tokens(element)
        ):  # vBulletin wraps the message itself in <blockquote class="postcontent">
            if element.tag == "td":
                # phpBB2: <table><tr><td>X wrote:</td></tr><tr><td class=quote>...</td></tr></table>
                element = next((a for a in element.iterancestors("table")), element)
            text = element_text(element)
            cite = element.find(".//cite")
            match = QUOTE_AUTHOR.match(element_text(cite) if cite is not None else text)
            if match:
                quoted.append(collapse(match.group(1) or match.group(2)).strip("\"' "))
            elif element.tag == "blockquote" and not element.get("class") and cite is None:
                # A quote that names no one and that no forum software marked is the reader's
                # own text: the article or a paper quoted to answer it (a blog's reader, a Stack
                # Exchange answer), or the whole message a theme prints in a <blockquote>.
                continue
            doomed.append(element)
            quote_text.append(text)
            continue
        words = class_words(element)
        if (title := element.get("title")) and ISO_TITLE.match(title) and date_element_text(element_text(element)):
            doomed.append(element)  # the date under its machine title (Hacker News's "on Mar 6, 2012")
            continue
        if words & _DATE_WORDS and _date_label(element_text(element)):
            doomed.append(element)  # "Tuesday, 06 March 2012 02:13" in a date-classed span
            continue
        if words & NOISE_TOKENS and element_text(element) != element_text(clone):
            doomed.append(element)
            if words & SIGNATURE_WORDS:
                set_aside.append(element_text(element))
            continue
        if "signature" in (element.get("data-role") or "").lower():  # Invision's memberSignature
            doomed.append(element)
            set_aside.append(element_text(element))
            continue
        if element.tag == "a" and NOISE_TEXT.match(element_text(element) or ""):
            doomed.append(element)
    for element in doomed:
        if element.tail and element.tail.strip():
            element.tail = " " + element.tail  # (words either side of a removed <time> stay apart)
        drop(element)  # its tail stays where it was: "Like or Dislike: <img> 3" keeps its order


# The tags a link card is drawn in (a link marked "inline-onebox" is the reader's own prose).
_CARD_TAGS = frozenset({"div", "aside", "article", "section", "blockquote", "figure"})


def _link_card(element: etree._Element) -> bool:
    """A card drawn for a pasted link: by its software's attribute or its class name."""
    return any(element.get(name) is not None for name in LINK_CARD_ATTRIBUTES) or bool(
        class_words(element) & LINK_CARD_WORDS
    )


def _link_cards_to_titles(clone: etree._Element) -> None:
    """Each card a forum drew for a pasted link becomes the link's title alone (its heading, or
    its first link's words): the blurb and the host line under it are the linked site's."""
    cards = [
        e
        for e in clone.iter(*_CARD_TAGS)
        if e is not clone and _link_card(e) and not any(_link_card(a) for a in e.iterancestors(*_CARD_TAGS))
    ]
    for card in cards:
        heading = next(card.iter(*HEADING_TAGS), None)
        title = (
            element_text(heading)
            if heading is not None
            else next((shown for a in card.iter("a") if (shown := element_text(a))), "")
        )
        for child in list(card):
            card.remove(child)
        card.text = title


def _hidden(element: etree._Element) -> bool:
    get = element.get
    if get("hidden") is not None or get("aria-hidden") == "true":
        return True
    if (style := get("style")) and "none" in style and "display:none" in style.replace(" ", ""):
        return True
    return marked(element, HIDDEN)
