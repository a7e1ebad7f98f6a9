"""One comment's fields from its elements: author, date and the body text.

The body is the message only: author line, date, votes, badges, reply/quote/report links,
quoted text and signature are stripped from a copy of the item (the page tree is never changed).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from copy import deepcopy
from dataclasses import dataclass

from lxml import etree

from pipeline.extract.comment_rules import (
    AUTHOR_CLEAN,
    AUTHOR_DATE_TAIL,
    AUTHOR_ID_TAIL,
    AUTHOR_LINE_MAX_CHARS,
    AUTHOR_LINE_MAX_WORDS,
    AUTHOR_UI_WORD,
    BODY_TOKENS,
    COMMENT_UI_LINE,
    DATE_TOKENS,
    HEADER_LINE_MAX_CHARS,
    HIDDEN_CLASSES,
    INNER_BODY_SHARE,
    LABEL_SLACK_CHARS,
    LABELLED_AUTHOR,
    LEAD_HEADER_LINE,
    MEMBER_SINCE,
    NAME_DATE_LINE,
    NOISE_TEXT,
    NOISE_TOKENS,
    NUMBERED_LABEL,
    POSTED_BY_FOOTER,
    PRINTED_TAG,
    QUOTE_AUTHOR,
    RELATIVE_TIME,
    REPLY_TO_NAME,
    SAYS_HEADER,
    SIGNATURE_DELIMITER,
    TOKEN_SPLIT,
)
from pipeline.extract.dates import find_datetime
from pipeline.extract.html import block_lines, collapse, element_text, names_of
from pipeline.extract.patterns import NAME_PREFIX


def class_tokens(element: etree._Element) -> set[str]:
    return set(TOKEN_SPLIT.split(names_of(element).lower())) - {""}


def class_words(element: etree._Element) -> set[str]:
    """Class names plus their hyphen/underscore parts: 'comment-author vcard' -> {..., 'author'}."""
    words = class_tokens(element)
    for name in list(words):
        words.update(p for p in re.split(r"[-_]", name) if p)
    return words


@dataclass(slots=True)
class Item:
    """One comment's place on the page: its element (or sibling nodes) and, when a finder
    knows it, the element holding the message."""

    element: etree._Element | None
    nodes: list[etree._Element]
    forum: bool = False
    body: etree._Element | None = None
    author: etree._Element | None = None


def walk(
    nodes: list[etree._Element], skip: list[etree._Element], tags: tuple[str, ...] = ()
) -> Iterator[etree._Element]:
    """Elements under ``nodes`` in document order, leaving out the subtrees of ``skip`` (nested
    comments): each element is visited once, so a thread of N comments costs O(N) in all."""
    if not skip:
        for node in nodes:
            yield from (node.iter(*tags) if tags else (e for e in node.iter() if isinstance(e.tag, str)))
        return
    pruned = set(skip)
    wanted = set(tags)
    for node in nodes:
        stack = [node]
        while stack:
            element = stack.pop()
            if element in pruned or not isinstance(element.tag, str):
                continue
            if not wanted or element.tag in wanted:
                yield element
            stack.extend(reversed(element))


def find_by_tokens(
    nodes: list[etree._Element],
    tokens: tuple[str, ...],
    skip: list[etree._Element],
    exact: bool = False,
    avoid: frozenset[str] = frozenset(),
) -> etree._Element | None:
    """The first element (document order) with text whose class names hold the best-ranked
    of ``tokens`` (and none of ``avoid``): one walk, each element's class words read once."""
    rank = {token: index for index, token in enumerate(tokens)}
    best: tuple[int, etree._Element] | None = None
    for element in walk(nodes, skip):
        get = element.get
        if not (get("class") or get("itemprop") or get("data-testid") or get("data-component")):
            continue
        words = class_tokens(element) if exact else class_words(element)
        itemprop = (element.get("itemprop") or "").lower()
        hits = [rank[w] for w in words if w in rank]
        if hits and avoid and not words.isdisjoint(avoid):
            continue
        if itemprop in rank:
            hits.append(rank[itemprop])
        if hits and (best is None or min(hits) < best[0]) and element_text(element):
            best = (min(hits), element)
            if best[0] == 0:
                break
    return best[1] if best else None


def author_element(item: etree._Element, skip: list[etree._Element]) -> etree._Element | None:
    for element in walk([item], skip):
        if (element.get("itemprop") or "").lower() == "author":
            named = element.find(".//*[@itemprop='name']")
            return named if named is not None else element
    found = find_by_tokens(
        [item],
        (
            "fn",
            "comment-author",
            "author-name",
            "username",
            "user-name",
            "postauthor",
            "post-author",
            "commenter",
            "poster",
            "nickname",
            "nick",
            "display-name",
            "screen-name",
            "uname",
        ),
        skip,
        exact=True,
    )
    if found is not None:
        return found
    found = find_by_tokens([item], ("author", "username", "user", "name", "by", "auteur", "autor", "verfasser"), skip)
    if found is None:
        cite = next(walk([item], skip, ("cite",)), None)
        if cite is not None:
            return cite
    if found is None:
        # A removed account shows as "[deleted]" where the name was: that is its author line.
        for element in walk([item], skip, ("em", "span", "a", "b", "strong")):
            if _GONE_AUTHOR.match(element_text(element)):
                return element
    return found


_GONE_AUTHOR = re.compile(r"^\[(?:deleted|removed|gelöscht|supprimé|eliminado)\]$", re.IGNORECASE)


def labelled_author(
    nodes: list[etree._Element], skip: list[etree._Element]
) -> tuple[str | None, etree._Element | None]:
    """The name an accessibility label gives ("Comment by Bored Girl Builds"), and the element
    showing that name: widgets with hashed class names still label each comment for screen
    readers."""
    name = None
    for element in walk(nodes, skip):
        if name is None:
            if (label := element.get("aria-label")) and (match := LABELLED_AUTHOR.match(label.strip())):
                name = clean_author(match.group(1))
        elif element.tag in ("a", "span", "b", "strong", "cite") and element_text(element) == name:
            return name, element
    return name, None


def author_name(element: etree._Element | None) -> str | None:
    if element is None:
        return None
    if element.tag == "meta":
        return clean_author(element.get("content") or "")
    text = element_text(element)
    lines = block_lines(element) if len(element) else []  # (block_lines reads the tail too)
    if len(lines) > 1:
        # A container (a user card: name, group, post count): its first line that is a name.
        return next((name for line in lines[:AUTHOR_CARD_LINES] if (name := clean_author(line))), None)
    return clean_author(text)


# A user card names the user in its first lines (after an avatar's alt text or a badge).
AUTHOR_CARD_LINES = 3


def clean_author(text: str) -> str | None:
    """A person's name or handle from an author line, or None when the line holds none: never
    markup, a UI word ("reply", "Homepage"), a user id, a date or "writes"."""
    if footer := POSTED_BY_FOOTER.match(collapse(text)):
        text = footer.group("name")
    text = AUTHOR_CLEAN.sub("", collapse(PRINTED_TAG.sub(" ", text))).strip(" -–—:")
    if _only_a_date(text):
        return None
    # "Martine — 14/03/2023 à 09:12": the name ends at a separator.
    text = _AUTHOR_END.split(text, maxsplit=1)[0]
    text = AUTHOR_ID_TAIL.sub("", AUTHOR_DATE_TAIL.sub("", AUTHOR_CLEAN.sub("", text))).strip(" -–—:#")
    text = AUTHOR_CLEAN.sub("", text).strip()
    text = NAME_PREFIX.sub("", text) if NAME_PREFIX.match(text) and len(text.split()) > 1 else text
    if text.endswith("*"):
        return None  # "Name *": a form's field label, not a person
    if not text or AUTHOR_UI_WORD.match(text) or not any(ch.isalpha() for ch in text) or _only_a_date(text):
        return None
    return text


def lead_trimmed(lines: list[str], author: str | None) -> tuple[list[str], str | None]:
    """The message starts with what the reader wrote: header lines above it ("message 1: by
    Joan (new)", "#3", a date, the author's name again, "writes:") go. Returns the lines and the
    name a header line gave, if any."""
    found = None
    start = 0
    for line in lines[:LEAD_HEADER_MAX_LINES]:
        stripped = line.strip()
        match = LEAD_HEADER_LINE.match(stripped)
        if match:
            found = found or (clean_author(match.group("name")) if match.group("name") else None)
        elif (dated := NAME_DATE_LINE.match(stripped)) and find_datetime(dated.group("when")) is not None:
            found = found or clean_author(dated.group("name"))  # "keepingsanity · 03/03/2026 19:49"
        elif not (_only_a_date(stripped) or (author and stripped.casefold() == author.casefold())):
            break
        start += 1
    lines = lines[start:] if start < len(lines) else lines
    # Slashdot: "Re: subject", then "by NAME ( 1311177 ) writes: on DATE (#65870295)" or just
    # "writes:" under the name; the subject is the reader's own.
    kept = []
    for index, line in enumerate(lines):
        says = SAYS_HEADER.match(line) if index < LEAD_HEADER_MAX_LINES else None
        if says is None:
            kept.append(line)
        elif says.group("name") and not (author or found):
            found = clean_author(says.group("name"))
    return kept, found


# A comment header is at most a number, a name, a date and a badge: a few lines.
LEAD_HEADER_MAX_LINES = 4


_AUTHOR_END = re.compile(r"\s+[—–|·•]\s*|\s+-\s+|,\s+(?=\d)")


@dataclass(slots=True, frozen=True)
class Posted:
    """When a comment was posted: the instant (UTC) and the wall-clock time the page prints
    (its calendar date is the one a reader sees)."""

    at: dt.datetime
    printed: dt.datetime


def posted_in(text: str | None, language: str | None) -> Posted | None:
    """The first date in ``text``, both as an instant and as printed."""
    printed = find_datetime(text, language, to_utc=False)
    return Posted(find_datetime(text, language) or printed, printed) if printed else None


def date_of(nodes: list[etree._Element], skip: list[etree._Element], language: str | None) -> Posted | None:
    """When the comment was posted: a <time>/microdata date first, or a relative time ("2d")
    whose title holds the date; then a date-classed element."""
    for node in nodes:
        for element in walk([node], skip, ("time", "meta", "abbr", "span", "div", "a", "small", "p", "li", "dd")):
            attr = (
                element.get("datetime")
                or (element.get("content") if element.tag == "meta" else None)
                or (element.get("title") if element.tag == "abbr" else None)
            )
            itemprop = (element.get("itemprop") or "").lower()
            if element.tag == "time" or itemprop in ("datecreated", "datepublished", "commenttime", "datemodified"):
                if found := posted_in(attr, language) or posted_in(element_text(element), language):
                    return found
            elif (
                element.tag in ("a", "span") and (title := element.get("title")) and _short_time(element_text(element))
            ):
                if found := posted_in(title, language):  # Substack: <a title="Dec 18, 2025, 8:58 PM">2d</a>
                    epoch = _epoch(element.get("data-time") or element.get("data-timestamp") or "")
                    return Posted(epoch, found.printed) if epoch else found
    for element in _token_elements(nodes, DATE_TOKENS, skip):
        # "Mar 10" on screen, the full date in a title or an epoch attribute ("3d ago").
        for part in element.iter():
            if not isinstance(part.tag, str):
                continue
            # The instant: an epoch beats a printed wall-clock time; the printed date: the title.
            titled = posted_in(part.get("title") or part.get("datetime"), language)
            if epoch := _epoch(part.get("data-time") or part.get("data-timestamp") or ""):
                return Posted(epoch, titled.printed if titled else epoch)
            if titled:
                return titled
        if found := posted_in(element_text(element), language):
            return found
    return None


def _short_time(text: str) -> bool:
    """'2d', '3 hours ago', 'Oct 7': a time shown short, its full date in the title."""
    return bool(RELATIVE_TIME.match(text)) or (len(text) <= SHORT_DATE_MAX_CHARS and any(c.isdigit() for c in text))


# "Oct 7", "12.03.": a date shown without its year is this short.
SHORT_DATE_MAX_CHARS = 8


# Parts of class names that mark a comment's message ('sp-com-texte', 'c-comment__content'),
# unless the element is the author's pane ('cAuthorPane_content') or the header's.
_BODY_PARTS = ("content", "text", "texte", "body", "message", "contenu", "inhalt", "contenido", "cuerpo")
_NOT_BODY_PARTS = frozenset({"author", "authorpane", "cauthorpane", "user", "avatar", "profile", "meta", "header"})


def header_link(item: etree._Element, skip: list[etree._Element]) -> etree._Element | None:
    """'<a>Marcus Leeds</a> Mar 5, 2024' opening a comment: the link on the dated first line."""
    lines = block_lines(item)
    if not lines or find_datetime(lines[0]) is None:
        return None
    for link in walk([item], skip, ("a",)):
        text = element_text(link)
        if text and lines[0].startswith(text) and _looks_like_author_line(text):
            return link
        if text:
            return None  # the first link is not the start of the dated line
    return None


def header_name(item: etree._Element) -> str | None:
    """The name on a first line of a name, a separator and a date ("keepingsanity · 03/03/2026
    19:49"), for posts whose markup names no author."""
    lines = block_lines(item)
    dated = NAME_DATE_LINE.match(lines[0]) if lines else None
    return clean_author(dated.group("name")) if dated and find_datetime(dated.group("when")) else None


def header_date(item: Item, body_text: str, language: str | None) -> Posted | None:
    """A date on one of the item's short lines outside the body ("Posted: Tue Mar 07, 2023
    4:15 pm"), never a member-since date."""
    for node in item.nodes:
        for line in block_lines(node):
            if len(line) > HEADER_LINE_MAX_CHARS or line in body_text or MEMBER_SINCE.search(line):
                continue
            if found := posted_in(line, language):
                return found
    return None


@dataclass(slots=True)
class Body:
    """A comment's message: its lines, the authors it quotes, and how much of it is link text."""

    lines: list[str]
    quoted: list[str]
    link_share: float


def _token_elements(
    nodes: list[etree._Element], tokens: tuple[str, ...], skip: list[etree._Element]
) -> list[etree._Element]:
    """Elements whose class words hold one of ``tokens``, best token first (capped): one walk."""
    rank = {token: index for index, token in enumerate(tokens)}
    found: list[tuple[int, int, etree._Element]] = []
    for element in walk(nodes, skip):
        if not (element.get("class") or element.get("data-testid")):
            continue
        hits = [rank[w] for w in class_words(element) if w in rank]
        if hits:
            found.append((min(hits), len(found), element))
    return [element for _, _, element in sorted(found)[:DATE_CANDIDATES]]


# Date-classed elements tried per comment before giving up (a bullet, a label, the date).
DATE_CANDIDATES = 6


def _epoch(value: str) -> dt.datetime | None:
    """A Unix time in seconds or milliseconds (data-time="1710106800000")."""
    if not value.isdigit():
        return None
    seconds = int(value) / 1000 if len(value) > EPOCH_SECONDS_DIGITS else int(value)
    try:
        return dt.datetime.fromtimestamp(seconds, dt.UTC)
    except (OverflowError, ValueError, OSError):
        return None


# Unix seconds have 10 digits until 2286; more digits are milliseconds.
EPOCH_SECONDS_DIGITS = 10


def reply_target(nodes: list[etree._Element], skip: list[etree._Element]) -> str | None:
    """The user a post says it answers ("in reply to carb_counter_kate"), if it says so."""
    for node in nodes:
        for element in walk([node], skip, ("a", "span", "div")):
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
    elif item.element is not None:
        body_source = find_by_tokens(
            [item.element],
            ("text", "commenttext", "comment-text", "comment-content", "description", "articlebody"),
            nested,
            exact=True,
        )
        if body_source is None or (
            body_source.get("itemprop") is None and not class_tokens(body_source) & set(BODY_TOKENS)
        ):
            body_source = find_by_tokens([item.element], BODY_TOKENS, nested, exact=True)
        if body_source is None:
            body_source = find_by_tokens([item.element], _BODY_PARTS, nested, avoid=_NOT_BODY_PARTS)
        if body_source is not None:
            body_source = _innermost_body(body_source, nested)
    else:
        # A comment split over siblings: the sibling classed as its body, when one is.
        body_source = next((n for n in item.nodes if class_tokens(n) & set(BODY_TOKENS)), None)
    sources = [body_source] if body_source is not None else item.nodes
    lines: list[str] = []
    quoted: list[str] = []
    linked = total = 0
    for source in sources:
        clone = deepcopy(source)
        _strip_noise(clone, source, nested, author_el, quoted)
        lines.extend(block_lines(clone))
        total += len(element_text(clone))
        linked += sum(len(element_text(a)) for a in clone.iter("a"))
    lines = [
        line
        for line in lines
        if not NOISE_TEXT.match(line)
        and not NUMBERED_LABEL.match(line)
        and not COMMENT_UI_LINE.match(line)
        and not POSTED_BY_FOOTER.match(line)
        and not _only_a_date(line)
    ]
    cut = next((i for i, line in enumerate(lines) if SIGNATURE_DELIMITER.match(line)), None)
    if cut:
        lines = lines[:cut]  # a forum signature follows its delimiter line
    return Body(lines, quoted, linked / total if total else 0.0)


def _only_a_date(line: str) -> bool:
    """'Mar 5, 2024' or 'Author · Mar 5, 2024' left from a comment's header line."""
    if len(line) > DATE_LINE_MAX_CHARS or find_datetime(line) is None:
        return False
    rest = _DATE_WORDS.sub(" ", line)
    return not rest.strip(" ·•|,-–—:")


# A line that is only a date (and a badge) is short.
DATE_LINE_MAX_CHARS = 40
_DATE_WORDS = re.compile(
    r"\b\d{1,2}:\d{2}(?::\d{2})?\s*(?:am|pm)?\b|\b(?:\d{1,4}|jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|[a-z]+uary|march|april|june|july|august"
    r"|september|october|november|december|at|am|pm|author|op|mod|admin|edited)\b\.?|[:/.,]",
    re.IGNORECASE,
)


def _innermost_body(body: etree._Element, nested: list[etree._Element]) -> etree._Element:
    """A post body that wraps a title, buttons and an author line around the message
    (phpBB's ``postbody`` around ``content``): the inner message element is the body."""
    size = len(element_text(body))
    while True:
        inner = find_by_tokens(list(body), BODY_TOKENS, nested, exact=True)
        if inner is None or inner is body:
            return body
        if len(element_text(inner)) < INNER_BODY_SHARE * size and len(_text_around(body, inner)) > LABEL_SLACK_CHARS:
            return body
        body = inner
        size = len(element_text(body))


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
        if original.tag in ("h1", "h2", "h3", "h4", "h5", "h6", "time") or words & _AROUND_TOKENS:
            doomed.append(copy)
    for element in doomed:
        if element.getparent() is not None:
            element.getparent().remove(element)
    return element_text(clone)


def _strip_noise(
    clone: etree._Element,
    original: etree._Element,
    nested: list[etree._Element],
    author_el: etree._Element | None,
    quoted: list[str],
) -> None:
    # Map original nested items / author to their clones by position in document order.
    originals = list(original.iter())
    clones = list(clone.iter())
    mapping = dict(zip(originals, clones, strict=False))
    doomed = [mapping[n] for n in nested if n in mapping]
    if author_el is not None and author_el in mapping and mapping[author_el] is not clone:
        doomed.append(mapping[author_el])
    for element in clone.iter():
        if not isinstance(element.tag, str) or element is clone:
            continue
        if element.tag in ("script", "style", "img", "button", "form", "time", "svg", "footer", "header", "input"):
            doomed.append(element)
            continue
        if _hidden(element):  # a share menu shown on a click, screen-reader labels
            doomed.append(element)
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
            doomed.append(element)
            continue
        words = class_words(element)
        if words & NOISE_TOKENS and element_text(element) != element_text(clone):
            doomed.append(element)
            continue
        if element.tag == "a" and NOISE_TEXT.match(element_text(element) or ""):
            doomed.append(element)
    for element in doomed:
        parent = element.getparent()
        if parent is not None:
            tail = element.tail
            parent.remove(element)
            if tail and tail.strip():
                parent.text = (parent.text or "") + " " + tail


def _hidden(element: etree._Element) -> bool:
    get = element.get
    if get("hidden") is not None or get("aria-hidden") == "true":
        return True
    if (style := get("style")) and "none" in style and "display:none" in style.replace(" ", ""):
        return True
    return not class_tokens(element).isdisjoint(HIDDEN_CLASSES)


def author_element_nodes(nodes: list[etree._Element]) -> etree._Element | None:
    for node in nodes:
        found = author_element(node, [])
        if found is not None:
            return found
    return signature_block(nodes) if len(nodes) > 1 else None


def signature_block(blocks: list[etree._Element]) -> etree._Element | None:
    """A short name-like block right after (or before) the post's body names its author.

    Sites with terse markup ("<div class=pby>anon341219</div>", "— Mary") carry no author
    class; the shape gives it away: one to AUTHOR_LINE_MAX_WORDS words, no sentence
    punctuation, not a date, a post number or an action link, and not the longest block.
    """
    texts = [element_text(b) for b in blocks]
    if len(blocks) < 2:
        return None
    longest = max(range(len(blocks)), key=lambda i: len(texts[i]))
    after = list(range(longest + 1, len(blocks)))
    before = list(range(longest - 1, -1, -1))
    for index in after + before:
        text = AUTHOR_CLEAN.sub("", texts[index]).strip(" -–—:")
        block = blocks[index]
        if (
            _looks_like_author_line(text)
            and next(block.iter("form", "button", "input"), None) is None
            and not class_words(block) & NOISE_TOKENS
        ):
            return block
    return None


def child_blocks(element: etree._Element) -> list[etree._Element]:
    """The element's child elements, looking through single-child wrappers."""
    children = [c for c in element if isinstance(c.tag, str)]
    while len(children) == 1 and not (element.text or "").strip():
        element = children[0]
        children = [c for c in element if isinstance(c.tag, str)]
    return children


_INITIAL_END = re.compile(r"(?:^|\s)\w\.$")


def _looks_like_author_line(text: str) -> bool:
    if not text or len(text) > AUTHOR_LINE_MAX_CHARS or len(text.split()) > AUTHOR_LINE_MAX_WORDS:
        return False
    if NUMBERED_LABEL.match(text) or NOISE_TEXT.match(text) or text[-1] in "!?,;":
        return False
    if text.endswith(".") and not _INITIAL_END.search(text):
        return False  # a sentence, not "Karen B."
    return find_datetime(text) is None and any(ch.isalpha() for ch in text)
