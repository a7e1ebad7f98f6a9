"""Visible bylines: "Written By", "Medically reviewed by", "Last Modified Date" and their kin.

A byline block may hold several labels on one line; it is cut into one piece per label and
each piece is read by its own label. Labels are data (:mod:`pipeline.extract.byline_patterns`).
"""

from __future__ import annotations

import datetime as dt
import re

from lxml import etree

from pipeline.extract import byline_patterns as P
from pipeline.extract import prefilters as F
from pipeline.extract.dates import find_date
from pipeline.extract.html import INLINE_TAGS, block_host, block_lines, element_text, short_text_hosts, text_within
from pipeline.extract.markers import EDITED, MENU, TEASER, marked
from pipeline.extract.names import split_people, unique


def _value_after_label(element: etree._Element | None, text: str, label: re.Pattern[str]) -> str:
    """The byline's value: after the label, or in the next sibling when the label stands alone."""
    value = label.sub("", text, count=1).strip()
    if (start := P.LABEL_START.match(value)) and not value[start.end() :].strip(" :-–"):
        value = ""  # the label alone ("Answered by"): its value is in the next element
    if value or element is None:
        return value
    sibling = element.getnext()
    # its lines apart ("CP", "Chengcheng Pei", "Staff Software Engineer": an avatar's initials,
    # the name, the role), never run together ("CPChengcheng PeiStaff...")
    return ", ".join(block_lines(sibling)) if sibling is not None else ""


# A date line at most this many text pieces from an <h1> is the headline's dateline ("Aug 04,
# 2025", "Updated: December 09, 2025" just above or below the title); a wiki's or manual's
# "last edited" sits at the page's foot. On wcxb-dev the article datelines are 1-4 pieces from
# the <h1>, the footers hundreds.
DATELINE_MAX_HOSTS = 8
# An unlabelled dateline is a date and little else ("February 4, 2025 - 11 minutes").
DATELINE_MAX_CHARS = 40


def _is_link(element: etree._Element) -> bool:
    """The element is a link, or holds nothing but one."""
    if element.tag == "a":
        return True
    return len(element) == 1 and element[0].tag == "a" and not (element.text or "").strip()


# So many author bylines naming different people ("By A" over each card): a listing's teasers.
BYLINES_LISTING = 3


class VisibleBylines:
    """Labelled bylines found in the page text (outside comments and boilerplate lists).

    A byline block may hold several labels on one line ("By A · Reviewed by B · Updated
    May 1"); it is cut into one piece per label (see :func:`byline_pieces`) and each piece is
    read by its own label.
    """

    def __init__(
        self,
        root: etree._Element,
        excluded: set[etree._Element],
        language: str | None,
        hosts: list[tuple[etree._Element, str]] | None = None,
    ):
        self.authors: list[str] = []
        self.author_bylines: list[list[str]] = []  # the people of each author byline, in page order
        self.editors: list[str] = []
        self.reviewers: list[str] = []
        self.fact_checkers: list[str] = []  # also in ``reviewers``
        self.credentials: dict[str, str] = {}  # name -> credentials shown after it ("MD, FACP")
        self.published: list[dt.date] = []
        self.modified: list[dt.date] = []
        # the headline's dateline: a bare date, and "Updated May 3" (not a page footer's "last edited")
        self.dateline: list[dt.date] = []
        self.dateline_modified: list[dt.date] = []
        self.last_reviewed: list[dt.date] = []
        self.next_review: list[dt.date] = []
        seen: set[etree._Element] = set()
        hosts = short_text_hosts(root) if hosts is None else hosts
        near = _near_headline(hosts)
        for position, (host, node_text) in enumerate(hosts):
            dated = len(self.modified)
            if (
                F.NEXT_REVIEW_CHARS.search(node_text)
                and P.NEXT_REVIEW_LABEL.search(node_text)
                and not any(a in excluded for a in host.iterancestors())
            ):
                self._next_review(host, node_text, language)
            if position in near and not P.LABEL_START.match(node_text):
                self._bare_dateline(host, node_text, excluded, language)
                if (signed := P.SIGNED_ROLE.match(node_text)) is not None:
                    before = hosts[position - 1][1] if position else ""
                    self._signed(host, signed.group("name").strip() or before, excluded)
            if not P.LABEL_START.match(node_text) or _in_menu(host) or _in_card_link(host, node_text):
                continue
            if host.tag == "th" or next(host.iterancestors("th"), None) is not None:
                continue  # a column's heading ("Author" over a forum's posts, "Message" beside it)
            found = block_host(host, P.BYLINE_MAX_CHARS)
            if found is None:
                # A labelled line inside a long flat block ("...<br>This page last updated: ...")
                if _has_label(node_text) and not P.DECOY_DATE_LABEL.search(node_text):
                    self._read(None, node_text, language)
                continue
            element, _ = found
            if element in seen or any(a in seen for a in element.iterancestors()):
                continue
            if element in excluded or any(a in excluded or _is_teaser(a) for a in element.iterancestors()):
                continue  # a commenter's or a teaser card's byline is not the article's
            if _is_link(element):
                continue  # a link that starts with a label ("Author Hub", "Authors") is a menu entry
            seen.add(element)
            pieces = byline_pieces(block_lines(element))
            for index, piece in enumerate(pieces):
                if not _has_label(piece) and not (index == 0 and len(pieces) == 1 and P.LABEL_START.match(piece)):
                    continue
                if P.DECOY_DATE_LABEL.search(piece) and not P.MODIFIED_LABEL.match(piece):
                    continue
                self._read(element if len(pieces) == 1 else None, piece, language)
                if position in near and P.AUTHOR_LABEL.match(piece) and not P.UPDATED_WORD.search(piece):
                    # "By NAME | 03/06/2012" under the headline dates the post, read in the page's
                    # language (htmldate reads 03/06 day first)
                    if (date := find_date(piece, language)) is not None:
                        self.dateline.append(date)
            if len(self.modified) > dated and position in near:
                self.dateline_modified.extend(self.modified[dated:])
        self._edited_times(root, excluded)

    def page_authors(self) -> list[str]:
        """The people the author bylines name; only the first byline's where BYLINES_LISTING
        bylines name different people (teasers no class names: the article's byline comes first)."""
        first = {name.casefold() for name in self.author_bylines[0]} if self.author_bylines else set()
        others = [group for group in self.author_bylines[1:] if not first & {name.casefold() for name in group}]
        if 1 + len(others) >= BYLINES_LISTING and len({n.casefold() for g in others for n in g}) >= BYLINES_LISTING - 1:
            return unique(self.author_bylines[0])
        return unique(self.authors)

    def _bare_dateline(self, host: etree._Element, text: str, excluded: set[etree._Element], lang: str | None) -> None:
        """A date of its own by the headline, without a label ("Aug 04, 2025")."""
        if len(text) > DATELINE_MAX_CHARS or P.DECOY_DATE_LABEL.search(text):
            return
        if (date := find_date(text, lang)) is None or _in_menu(host):
            return
        if _is_field(host) or host in excluded:
            return  # a table's or a profile's field ("Joined" Nov 4, 2011; "Date First Available")
        if any(a in excluded or a.tag == "li" or _is_teaser(a) for a in host.iterancestors()):
            return  # a list item's date: the listed story's or event's, not this page's
        self.dateline.append(date)

    def _signed(self, host: etree._Element, name: str, excluded: set[etree._Element]) -> None:
        """A name signed with its job title by the headline, no label ("Jane Smith, Staff Writer")."""
        if host in excluded or _in_menu(host) or any(a in excluded or _is_teaser(a) for a in host.iterancestors()):
            return
        words = name.split()
        if not 2 <= len(words) <= SIGNED_NAME_MAX_WORDS or not all(w[:1].isupper() for w in words):
            return  # a person's name, not a section's ("Sports, Staff Writer")
        if _person_like(name) and (named := self._people(name)):
            self.authors.extend(named)
            self.author_bylines.append(named)

    def _edited_times(self, root: etree._Element, excluded: set[etree._Element]) -> None:
        """<time title="last edited 2 days ago" datetime="...">: a modified date in markup only."""
        for time in root.iter("time"):
            if not marked(time, EDITED) or any(a in excluded for a in time.iterancestors()):
                continue
            if (date := find_date(time.get("datetime"))) is not None:
                self.modified.append(date)

    def _next_review(self, host: etree._Element, text: str, language: str | None) -> None:
        """'Next review due: 12 March 2027', the date on the line or in the block around it."""
        label = P.NEXT_REVIEW_LABEL.search(text)
        date = find_date(text[label.end() :], language) if label else None
        if date is None and (found := block_host(host, P.BYLINE_MAX_CHARS)) is not None:
            block = found[1]
            label = P.NEXT_REVIEW_LABEL.search(block)
            date = find_date(block[label.end() :], language) if label else None
            if date is None and (value := found[0].getnext()) is not None:  # <dt>Next review due</dt><dd>...
                date = find_date(text_within(value, P.BYLINE_MAX_CHARS), language)
        if date is not None:
            self.next_review.append(date)

    def _people(self, value: str) -> list[str]:
        found = byline_people(value)
        for name, credentials in found:
            if credentials:
                self.credentials.setdefault(name, credentials)
        return [name for name, _ in found]

    def _read(self, element: etree._Element | None, text: str, language: str | None) -> None:
        if P.EDITOR_LABEL.match(text):
            reviewer = P.REVIEWER_LABEL.match(text) is not None
            names = self._people(_value_after_label(element, text, P.EDITOR_LABEL))
            (self.reviewers if reviewer else self.editors).extend(names)
            if P.FACT_CHECK_LABEL.match(text):
                self.fact_checkers.extend(names)
            if P.MODIFIED_LABEL.search(text) or re.search(r"\bon\b", text):
                if (date := find_date(text, language)) is not None:
                    (self.last_reviewed if reviewer else self.modified).append(date)
        elif P.MODIFIED_LABEL.match(text):
            if (date := find_date(_value_after_label(element, text, P.MODIFIED_LABEL), language)) is not None:
                (self.last_reviewed if P.REVIEWED_DATE_LABEL.match(text) else self.modified).append(date)
        elif P.PUBLISHED_LABEL.match(text):
            if (date := find_date(_value_after_label(element, text, P.PUBLISHED_LABEL), language)) is not None:
                self.published.append(date)
        elif P.AUTHOR_LABEL.match(text) or P.LABEL_START.match(text):
            value = _before_next_link(element, _value_after_label(element, text, P.AUTHOR_LABEL))
            if text.split()[0].lower().rstrip(":") in P.BARE_LABELS and not value[:1].isupper():
                return
            named = self._people(value)
            self.authors.extend(named)
            if named:
                self.author_bylines.append(named)
            if (date := find_date(text, language)) is not None:
                if P.UPDATED_WORD.search(text):
                    self.modified.append(date)


def _before_next_link(element: etree._Element | None, value: str) -> str:
    """The byline's value up to the next link when it starts with a linked name and the next link
    follows it straight away ("By <a>A. J. Neal</a> <a>View In Digital Edition</a>"); names
    joined by "and" or a comma keep the line whole."""
    if element is None or element.tag == "a":
        return value
    links = [t for link in element.iter("a") if (t := element_text(link))]
    if len(links) < 2 or not value.startswith(links[0]):
        return value
    rest = value[len(links[0]) :].lstrip()
    return links[0] if any(rest.startswith(t) for t in links[1:]) else value


# A name signed with its job title is a first and last name, a middle name or initial between.
SIGNED_NAME_MAX_WORDS = 4
_FIELD_TAGS = frozenset({"dd", "dt", "td", "th"})
# A cell's label beside it is a word or a few ("Joined", "Date First Available").
FIELD_LABEL_MAX_CHARS = 40


def _is_field(host: etree._Element) -> bool:
    """A data table's or a description list's field ("Joined" Nov 4, 2011), not a dateline: a
    <dd>/<dt>, a <th>, or a <td> of a table with a header cell or beside a label cell. A cell of
    a 2012 template's layout table, none of them, holds the page's own lines ("20 December 2025"
    under the post's title)."""
    if host.tag not in _FIELD_TAGS:
        return False
    if host.tag != "td":
        return True
    table = next(host.iterancestors("table"), None)
    if table is not None and next(table.iter("th"), None) is not None:
        return True
    label = host.getprevious()
    text = text_within(label, FIELD_LABEL_MAX_CHARS) if label is not None and label.tag in ("td", "th") else None
    return bool(text) and find_date(text) is None


def _near_headline(hosts: list[tuple[etree._Element, str]]) -> set[int]:
    """The positions of the text pieces at most DATELINE_MAX_HOSTS from an <h1>'s text."""
    near: set[int] = set()
    if not hosts:
        return near
    # The <h1>s and the inline elements inside one, found from the few <h1>s down: a test of
    # each host's ancestors (~200 hosts a page) cost three times as much.
    headline: set[etree._Element] = set()
    for h1 in hosts[0][0].getroottree().iter("h1"):
        headline.add(h1)
        headline.update(e for e in h1.iterdescendants(*INLINE_TAGS))
    for position, (host, _) in enumerate(hosts):
        if host in headline:
            near.update(range(max(0, position - DATELINE_MAX_HOSTS), position + DATELINE_MAX_HOSTS + 1))
    return near


def _is_teaser(element: etree._Element) -> bool:
    """A related-articles card or list: the bylines in it belong to other articles."""
    return marked(element, TEASER)


def _in_card_link(host: etree._Element, text: str) -> bool:
    """A teaser card by its structure, whatever its names: a byline inside a short link, after
    other text of it ("<a href=...><p>How Much Melatonin?</p><p>Medically reviewed by ...</p></a>",
    or the same lines as <font>s between <br>s), describes the page the link leads to. A link
    that starts with the byline ("<a href=/author/jane><div>By Jane Doe</div><div>Editor</div></a>")
    is its author's."""
    link = next(host.iterancestors("a"), None)
    if link is None or not link.get("href"):
        return False
    around = text_within(link, CARD_LINK_MAX_CHARS)
    return around is not None and around.find(text) > 0


# A card is a title, a byline and a line or two of summary; a link around more is a template's
# unclosed <a> swallowing the page (libxml2 nests what follows into it), not a card.
CARD_LINK_MAX_CHARS = 400


def _in_menu(element: etree._Element) -> bool:
    """Inside navigation: "By Company Size", "Author Information" are menu entries, not bylines.
    The climb stops at the article or the main region: nothing inside them is the site's menu."""
    for node in (element, *element.iterancestors()):
        if node.tag in ("main", "article", "body"):
            return False
        if node.tag == "nav" or node.get("role") in ("navigation", "menu", "menubar", "tablist"):
            return True
        if marked(node, MENU):
            return True
    return False


def byline_pieces(lines: list[str]) -> list[str]:
    """Cut byline lines at each label that starts a new statement."""
    pieces: list[str] = []
    for line in lines:
        starts = [0]
        for match in P.LABEL_INSIDE.finditer(line):
            index = match.start()
            if index == 0:
                continue
            before = line[:index].rstrip()
            word = match.group(0)
            if (
                (before and before[-1] in P.BYLINE_SEPARATORS)
                or (word[:1].isupper() and word.lower() not in P.BARE_LABELS)
                or (before[-1:].isdigit() and word.lower() in P.BARE_LABELS)  # "Posted on May 3, 2012 by A"
            ):
                if index > starts[-1]:
                    starts.append(index)
        for begin, finish in zip(starts, [*starts[1:], len(line)], strict=True):
            piece = line[begin:finish].strip().strip(P.BYLINE_SEPARATORS + " ,").strip()
            if piece:
                pieces.append(piece)
    return pieces


def _has_label(text: str) -> bool:
    return any(label.match(text) for label in (P.EDITOR_LABEL, P.MODIFIED_LABEL, P.PUBLISHED_LABEL, P.AUTHOR_LABEL))


def byline_people(value: str) -> list[tuple[str, str]]:
    """People named in a visible byline's value; organisations and descriptions are dropped.

    The first part that is not a person ends the list: what follows describes the last
    person ("Priya Natarajan, DPM, Department of Foot and Ankle Surgery").
    """
    for _ in range(2):
        value = P.NAME_PREFIX.sub("", value.strip())
    # the review said again in the name's tooltip ("NAME, Fact checked by NAME, Full Bio") ends it
    value = P.REVIEW_RESTATED.split(value, maxsplit=1)[0]
    people: list[tuple[str, str]] = []
    for name, credentials in split_people(P.NAME_STOP.sub("", value)):
        if not _person_like(name):
            if people:
                break
            continue
        people.append((name, credentials))
    return people


def _person_like(name: str) -> bool:
    """A capitalised name, a name in a script without capitals (田中花子) or a user handle."""
    if P.NOT_A_PERSON.search(name) or len(name.split()) > PERSON_MAX_WORDS:
        return False
    first = name[:1]
    return first.isupper() or (first.isalpha() and not first.islower()) or bool(_HANDLE.fullmatch(name))


# A byline names one person: a few words, not a sentence.
PERSON_MAX_WORDS = 6
# "quiet_fern_88": forum and social handles carry digits or underscores.
_HANDLE = re.compile(r"(?=.*[\d_])[A-Za-z0-9_.-]{3,30}")
