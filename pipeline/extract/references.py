"""References as data: the sources an article cites, one record each.

The boilerplate layer removes "References" / "Sources" sections and numbered notes from the
article text; this module reads them first (read-only, with the metadata) so that what the
article cites survives as ``references`` rows. Found, in document order:

* containers marked as reference lists by class or id (``references``, ``reflist``,
  ``footnotes``, ``sources``, ``bibliography``...) and lists of numbered notes (``li id="fn1"``,
  ``cite_note-3``);
* the section under a heading that names one ("References", "Sources", "Quellen",
  "Referencias", "Références"...), down to the next heading of the same level;
* schema.org ``citation`` (JSON-LD and microdata), for sources the page does not list.

DOI, PubMed id, PMC id and year are parsed from each item's text and links.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from urllib.parse import unquote

from lxml import etree

from pipeline.extract import jsonld
from pipeline.extract.html import HEADING_TAGS, collapse, element_text, itemprop_elements
from pipeline.extract.markers import REFERENCES, marked
from pipeline.extract.phrase_patterns import alternation
from pipeline.extract.vocabulary import words
from pipeline.records import Reference

# A page lists a few dozen sources; a review article a few hundred. Past this, stop reading.
MAX_REFERENCES = 1000
# A reference is a line or a short paragraph; shorter is a label ("Back to top"), longer is prose.
REFERENCE_MIN_CHARS = 12
REFERENCE_MAX_CHARS = 1500
# Headings are short; climbing from a text node to its heading stops after this many levels.
HEADING_CLIMB = 4
# A references heading is a few words ("References", "Sources and further reading"); a longer
# text that starts so is a sentence about them.
REFERENCE_HEADING_MAX_CHARS = 60

# The whole heading over the sources, in any vocabulary language (``reference_headings``;
# Chinese pages head theirs with the characters ja.toml lists, "参考文献", "出典").
REFERENCE_HEADING = re.compile(rf"^(?:{alternation(words('reference_headings'))})\s*[:：]?$", re.IGNORECASE)
_NOTE_ID = re.compile(r"^(?:fn|cite_note|cite-note|ref|note|endnote|footnote)[-_:]?\S*\d", re.IGNORECASE)
_HEADING_LIKE = frozenset(
    {*HEADING_TAGS, "summary", "dt", "p", "strong", "b", "div", "span", "button", "th", "caption"}
)

DOI = re.compile(r"\b10\.\d{4,9}/[^\s\"<>]+", re.IGNORECASE)
PMID = re.compile(r"\bPMID\s*:?\s*(\d{1,9})\b|pubmed(?:\.ncbi\.nlm\.nih\.gov|/)/?(\d{1,9})\b", re.IGNORECASE)
PMCID = re.compile(r"\bPMC\s?(\d{3,9})\b")
_YEAR = re.compile(r"(?<![\d./-])(1[89]\d{2}|20\d{2})(?![\d/-])")
_VANCOUVER_YEAR = re.compile(r"(?<![\d./-])(1[89]\d{2}|20\d{2})(?:\s+[A-Z][a-z]{2}(?:\s+\d{1,2})?)?\s*;\s*\d")
_URL = re.compile(r"https?://\S+")
# Leading markers: "[12]", "12.", "^ a b", "↑", "(3)".
_LEADING_MARKER = re.compile(r"^\s*(?:\[\s*\d{1,4}\s*\]|\d{1,4}[.)]|\(\d{1,4}\)|[\^↑]+(?:\s+[a-z]{1,2}\b)*)\s*")
_TRAILING_BACKLINK = re.compile(r"\s*(?:↩|↑|\^)[\ufe0e\ufe0f]?\s*$")
# Lines in a sources box that are not sources: copyright, "Show more", "Back to top".
_NOT_A_SOURCE = re.compile(r"^©|all rights reserved|^(?:show|see|view) (?:more|less|all)\b|^back to top", re.IGNORECASE)
_INLINE_LABELS = frozenset({"strong", "b", "span", "em", "i", "label"})


def find_references(
    root: etree._Element,
    article: dict[str, Any],
    excluded: set[etree._Element],
    hosts: list[tuple[etree._Element, str]],
    microdata: list[etree._Element] | None = None,
) -> list[Reference]:
    """Every cited source on the page, in order (read-only; ``microdata``: the page's microdata
    elements, when listed: :func:`pipeline.extract.html.itemprop_elements`)."""
    found: list[Reference] = []
    seen: set[str] = set()
    taken: set[etree._Element] = set()
    for container, evidence in _containers(root, hosts):
        if container in taken or any(a in taken or a in excluded for a in container.iterancestors()):
            continue
        taken.add(container)
        for text, links in _items(container):
            reference = _reference(text, links, evidence)
            if reference is not None:
                _add(found, seen, reference)
            if len(found) >= MAX_REFERENCES:
                return found
    microdata = [_reference(element_text(e), _links(e), True) for e in itemprop_elements(root, microdata, "citation")]
    shown = " ".join(r.text for r in found).casefold()
    for reference, name in _from_citations(article.get("citation")) + [(r, r.text) for r in microdata if r]:
        if name and name.casefold() in shown:
            continue  # the page lists this source already (perhaps with another id)
        _add(found, seen, reference)
        if len(found) >= MAX_REFERENCES:
            break
    return found


def _add(found: list[Reference], seen: set[str], reference: Reference) -> None:
    key = (reference.doi or reference.pmid or reference.pmcid or reference.url or reference.text).casefold()
    if key in seen:
        return
    seen.add(key)
    reference.position = len(found)
    found.append(reference)


# Elements of the body with a class or id (one C-level query); the parts of a reference
# container's name are looked for in Python: eleven XPath contains() per element cost about
# three times as much (bench: 20 ms a page on ScrapingHub).
_NAMED_IN_BODY = etree.XPath("/descendant::body/descendant::*[@class or @id]")
_CLASS_PART = re.compile("ref|note|citation|ibliograph|source|iterat")
_ID_PART = re.compile("ref|note|ibliograph|source")


def _may_be_reference(class_: str, id_: str) -> bool:
    """A class or id that may name a reference list, a note or a source."""
    return bool(_CLASS_PART.search(class_) or _ID_PART.search(id_) or id_.startswith("fn"))


def _containers(root: etree._Element, hosts: list[tuple[etree._Element, str]]) -> list[tuple[etree._Element, bool]]:
    """(container, items need evidence) for reference lists by class/id or note ids and for the
    sections under a reference heading, in document order. Items under a "Notes" heading need a
    link, an id or a year to count; under "References" or "Sources" every item is a source."""
    named = [e for e in _NAMED_IN_BODY(root) if _may_be_reference(e.get("class") or "", e.get("id") or "")]
    containers: dict[etree._Element, bool] = {}
    for element in named:
        if element.tag == "li" and _NOTE_ID.match(element.get("id") or ""):
            parent = element.getparent()
            if parent is not None:
                containers.setdefault(parent, True)
        elif marked(element, REFERENCES) and element.tag not in ("a", "sup", "span", "cite", "li", "link"):
            containers.setdefault(element, False)
    for host, text in hosts:
        if len(text) > REFERENCE_HEADING_MAX_CHARS or not REFERENCE_HEADING.match(text):
            continue
        if any(a.tag == "a" for a in _self_and_ancestors(host, 3)):
            continue  # a table-of-contents link is no heading
        evidence = text.lower().rstrip(" :：") == "notes"
        heading = _heading_of(host, text)
        parent = heading.getparent()
        if heading.tag in _INLINE_LABELS and parent is not None and len(element_text(parent)) > len(text) + 2:
            containers.setdefault(parent, evidence)  # "<p><strong>Quellen:</strong> A; B; C</p>"
            continue
        for element in _section_after(heading):
            containers.setdefault(element, evidence)
    if len(containers) < 2:
        return list(containers.items())
    order = {e: i for i, e in enumerate(root.iter())}
    return sorted(containers.items(), key=lambda item: order.get(item[0], 0))


def _self_and_ancestors(element: etree._Element, levels: int) -> list[etree._Element]:
    """The element and its ancestors, at most ``levels`` of them."""
    out = [element]
    for ancestor in element.iterancestors():
        if len(out) > levels:
            break
        out.append(ancestor)
    return out


def _heading_of(host: etree._Element, text: str) -> etree._Element:
    """The block that holds only the heading's text (<h2><span>References</span></h2> -> the h2);
    a heading tag around it wins ("References[edit]")."""
    heading = next((e for e in _self_and_ancestors(host, 2) if e.tag in HEADING_TAGS), None)
    if heading is not None:
        return heading
    element = host
    for _ in range(HEADING_CLIMB):
        parent = element.getparent()
        if parent is None or parent.tag not in _HEADING_LIKE or element_text(parent) != text:
            break
        element = parent
    return element


def _section_after(heading: etree._Element) -> list[etree._Element]:
    """The siblings after a heading, down to the next heading of the same or a higher level."""
    start = heading
    for _ in range(HEADING_CLIMB):  # <div class="hd"><h2>Sources</h2></div><ul>...: climb to where siblings are
        if start.getnext() is not None:
            break
        parent = start.getparent()
        if parent is None or parent.tag in ("body", "html"):
            break
        start = parent
    level = int(heading.tag[1]) if heading.tag in HEADING_TAGS else 6
    section: list[etree._Element] = []
    for sibling in start.itersiblings():
        if not isinstance(sibling.tag, str):
            continue
        if sibling.tag in HEADING_TAGS and int(sibling.tag[1]) <= level:
            break
        section.append(sibling)
    return section


def _items(container: etree._Element) -> list[tuple[str, list[str]]]:
    """(text, links) per source: the list items (outermost), else the paragraphs, else the
    container's text after its label, cut at semicolons ("Quellen: A; B; C")."""
    if container.tag == "li":
        elements = [container]
    else:
        elements = [li for li in container.iter("li") if not any(a.tag == "li" for a in _between(li, container))]
    if not elements:
        elements = [
            p
            for p in container.iter("p", "dd")
            if p is not container and not any(a.tag == "p" for a in _between(p, container))
        ]
    if elements:
        return [(element_text(e), _links(e)) for e in elements]
    text = element_text(container)
    label = re.match(r"^[^:：]{1,40}[:：]\s*", text)
    if label and REFERENCE_HEADING.match(label.group(0).strip()):
        return [(part, []) for part in re.split(r"\s*;\s*", text[label.end() :]) if part]
    return [(text, _links(container))]


def _between(element: etree._Element, container: etree._Element) -> list[etree._Element]:
    out = []
    for ancestor in element.iterancestors():
        if ancestor is container:
            break
        out.append(ancestor)
    return out


def _links(element: etree._Element) -> list[str]:
    return [h for a in element.iter("a") if (h := (a.get("href") or "").strip()).startswith(("http://", "https://"))]


def _reference(raw: str, links: list[str], evidence: bool) -> Reference | None:
    """The source an item names, or None for a label, a copyright line or (when ``evidence`` is
    asked for) an item without a link, an id or a year."""
    text = _TRAILING_BACKLINK.sub("", _LEADING_MARKER.sub("", raw))
    if not REFERENCE_MIN_CHARS <= len(text) <= REFERENCE_MAX_CHARS or REFERENCE_HEADING.match(text):
        return None
    if _NOT_A_SOURCE.search(text):
        return None
    reference = parse_reference(text, links)
    if evidence and not (reference.doi or reference.pmid or reference.pmcid or reference.url or reference.year):
        return None
    return reference


def parse_reference(text: str, links: list[str] | None = None) -> Reference:
    """A reference's ids from its text and links: 'doi:10.1183/x', 'PMID: 28911920', 'PMC12345', its year."""
    links = links or []
    joined = " ".join([text, *map(unquote, links)])
    doi = next((_clean_doi(m.group(0)) for m in DOI.finditer(joined)), None)
    pmid_match = PMID.search(joined)
    pmcid_match = PMCID.search(joined)
    url = next((link for link in links if "#" not in link[:8] and not link.startswith("javascript")), None)
    return Reference(
        position=0,
        text=collapse(text),
        url=url,
        doi=doi,
        pmid=(pmid_match.group(1) or pmid_match.group(2)) if pmid_match else None,
        pmcid=f"PMC{pmcid_match.group(1)}" if pmcid_match else None,
        year=_year(text),
    )


def _clean_doi(raw: str) -> str:
    """A DOI without the sentence's punctuation after it ('10.1/x.' -> '10.1/x'), as shown."""
    doi = raw.rstrip(".,;:)]}'\"")
    if doi.count("(") < doi.count(")"):
        doi = doi.rstrip(")")
    return doi


def _year(text: str) -> int | None:
    """The publication year, outside DOIs and URLs: one in brackets ("(2012)"), else the journal's
    ("2022;59(1)"), else the first plausible one."""
    bare = DOI.sub(" ", _URL.sub(" ", text))
    latest = dt.date.today().year + 1
    in_brackets = re.findall(r"\(([^()]{0,20}?\b(?:1[89]|20)\d{2})[a-z]?\)", bare)  # "(2012)", "(April 2012)"
    vancouver = _VANCOUVER_YEAR.search(bare)  # "Eur Respir J. 2022;59(1):27": the journal's year
    for match in [*(_YEAR.search(b) for b in in_brackets), vancouver, *_YEAR.finditer(bare)]:
        if match is None:
            continue
        year = int(match.group(1))
        if year <= latest:
            return year
    return None


def _from_citations(value: Any) -> list[tuple[Reference, str]]:
    """schema.org ``citation``: strings or CreativeWork objects (name, url, sameAs, identifier,
    datePublished); each with its title, to recognise a source the page lists already."""
    found: list[tuple[Reference, str]] = []
    for item in value if isinstance(value, list) else [value] if value else []:
        if isinstance(item, str):
            text, links, date = item, [item] if item.startswith("http") else [], None
            name = text
        elif isinstance(item, dict):
            text = jsonld.first_str(item.get("name") or item.get("headline") or item.get("alternateName")) or ""
            name = text
            links = [
                s
                for s in jsonld.str_list(item.get("url")) + jsonld.str_list(item.get("sameAs"))
                if s.startswith("http")
            ]
            ids = " ".join(jsonld.str_list(item.get("identifier")) + jsonld.str_list(item.get("doi")))
            text = collapse(f"{text} {ids}") if ids and ids not in text else text
            date = jsonld.first_str(item.get("datePublished"))
        else:
            continue
        if not text and links:
            text = links[0]
        if len(text) < REFERENCE_MIN_CHARS:
            continue
        reference = parse_reference(text, links)
        if reference.year is None and date and date[:4].isascii() and date[:4].isdigit():
            reference.year = int(date[:4])  # an ISO date: "2019-05-01"
        found.append((reference, name))
    return found
