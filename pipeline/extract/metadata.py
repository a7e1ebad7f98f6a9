"""Article metadata from the page tree.

Fallback order per field (first non-empty wins, except ``modified``, the latest of all):

* title: site rule > JSON-LD headline > the page's headline ``<h1>`` > og:title > ``<title>``
  without its site suffix
* authors: site rule > JSON-LD author > visible byline ("Written By", "By") > meta author
* editors: site rule > JSON-LD reviewedBy/editor > visible ("Edited By", "Medically reviewed by")
* published: JSON-LD datePublished > meta tags > visible "Published" > htmldate (original date)
* modified: the latest of JSON-LD dateModified/lastReviewed, meta tags, visible "Updated" /
  "Last Modified Date" / "Page last reviewed"; decoys ("Next review due", copyright) ignored
* site_name: og:site_name > JSON-LD publisher > application-name > title suffix
* language: ``<html lang>`` > meta Content-Language / og:locale > JSON-LD inLanguage > HTTP
  header > a stop-word guess

Visible bylines are read outside comment threads, so a commenter never becomes the author.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import urljoin

from lxml import etree

from pipeline.extract import jsonld
from pipeline.extract import patterns as P
from pipeline.extract.dates import find_date
from pipeline.extract.html import block_host, block_lines, collapse, element_text, short_text_hosts
from pipeline.extract.language import guess_language
from pipeline.records import Metadata

# A title's last part of at most this many words is the site's name ("| Mayo Clinic").
SITE_SUFFIX_WORDS = 4
# A title part shown on the page counts as the headline only when it is more than a label.
VISIBLE_TITLE_MIN_WORDS = 3
# A site name beside the headline in <title> is a name, not a sentence.
SITE_NAME_MAX_WORDS = 6
_TITLE_SEPARATORS = re.compile(r"\s+(?:\||-|–|—|·|::|»|:)\s+")
_NAME_STOP = re.compile(
    r"\s*(?:\||·|•|/|\bon\b|\bat\b|\bupdated\b|\bpublished\b|\bposted\b|\bfor\b|\bam\b|\bel\b|\d"
    r"|\b(?:publiziert|veröffentlicht|aktualisiert|publicado|actualizado|publié|mis à jour)\b"
    r"|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d).*$",
    re.IGNORECASE,
)
_META_DATE_PUBLISHED = (
    "article:published_time",
    "datepublished",
    "dc.date",
    "dc.date.issued",
    "dcterms.created",
    "date",
    "pubdate",
    "publish-date",
    "citation_publication_date",
    "sailthru.date",
    "parsely-pub-date",
    "og:article:published_time",
)
_META_DATE_MODIFIED = (
    "article:modified_time",
    "og:updated_time",
    "datemodified",
    "dcterms.modified",
    "last-modified",
    "dc.date.modified",
    "lastreviewed",
    "og:article:modified_time",
)


def _meta_index(root: etree._Element) -> dict[str, str]:
    found: dict[str, str] = {}
    for meta in root.iter("meta"):
        key = meta.get("property") or meta.get("name") or meta.get("itemprop") or meta.get("http-equiv") or ""
        content = meta.get("content")
        if key and content and content.strip():
            found.setdefault(key.strip().lower(), content.strip())
    return found


_DOMAIN_LIKE = re.compile(r"\w\.(?:com|org|net|gov|edu|co|uk|de|fr|es|in|io|info)\b", re.IGNORECASE)


def clean_name(raw: str) -> str | None:
    """'Dr. Jane Doe, MD' -> 'Jane Doe'; None for what is not a person-like name."""
    name = collapse(raw).split(" | ")[0].strip(" ,;:|-–")
    name = P.AUTHOR_LABEL.sub("", name)
    name = P.EDITOR_LABEL.sub("", name)
    for _ in range(2):
        name = P.NAME_PREFIX.sub("", name)
    name = P.NAME_CREDENTIALS.sub("", name).strip(" ,;:")
    if not name or len(name) > 60 or "@" in name or name.startswith("http") or _DOMAIN_LIKE.search(name):
        return None
    if P.JOB_TITLE.search(name):
        return None  # "AP Auto Writer", "Staff Correspondent": a role, not a name
    if not any(ch.isalpha() for ch in name):
        return None
    return name


# "PT", "CNS", "FNP-BC": a short all-capitals part after a comma is a credential, not a name.
_CREDENTIAL_LIKE = re.compile(r"^[A-Z]{2,5}(?:-[A-Z]{1,3})?\.?$")


def split_names(raw: str) -> list[str]:
    """Several people in one byline: 'A, MD, and B' -> ['A', 'B']."""
    raw = P.NAME_CREDENTIALS.sub("", collapse(raw))
    names: list[str] = []
    for part in P.NAME_SPLIT.split(raw):
        name = clean_name(part)
        credential = P.NAME_CREDENTIALS.fullmatch(" " + name) or _CREDENTIAL_LIKE.match(name) if name else None
        if name and not credential and name not in names:
            names.append(name)
    return names


def _unique(values: Iterable[str]) -> list[str]:
    out: list[str] = []
    for value in values:
        if value and value.lower() not in {v.lower() for v in out}:
            out.append(value)
    return out


def _people(values: list[str]) -> list[str]:
    out: list[str] = []
    for value in values:
        out.extend(split_names(value))
    return _unique(out)


def strip_title_suffix(title: str, site_name: str | None = None) -> str:
    """'Gout - Symptoms and causes - Mayo Clinic' -> 'Gout - Symptoms and causes'.

    The site's name is dropped wherever it stands; without a known name, a short last part
    (at most SITE_SUFFIX_WORDS words) is taken for the site's name.
    """
    pieces = re.split(f"({_TITLE_SEPARATORS.pattern})", title)
    parts, separators = pieces[::2], pieces[1::2]
    if len(parts) == 1:
        return title.strip()
    site = (site_name or "").strip().casefold()
    keep = [i for i, part in enumerate(parts) if part.strip().casefold() != site] if site else []
    if site and len(keep) == len(parts):
        return title.strip()  # the site is known and not in this title: nothing to strip
    if not site:
        keep = list(range(len(parts) - 1)) if len(parts[-1].split()) <= SITE_SUFFIX_WORDS else list(range(len(parts)))
    if not keep:
        return title.strip()
    out = parts[keep[0]]
    for index in keep[1:]:
        out += separators[index - 1] + parts[index]
    return out.strip()


def _value_after_label(element: etree._Element | None, text: str, label: re.Pattern[str]) -> str:
    """The byline's value: after the label, or in the next sibling when the label stands alone."""
    value = label.sub("", text, count=1).strip()
    if (start := P.LABEL_START.match(value)) and not value[start.end() :].strip(" :-–"):
        value = ""  # the label alone ("Answered by"): its value is in the next element
    if value or element is None:
        return value
    sibling = element.getnext()
    return element_text(sibling) if sibling is not None else ""


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
        self.editors: list[str] = []
        self.published: list[dt.date] = []
        self.modified: list[dt.date] = []
        seen: set[etree._Element] = set()
        for host, node_text in short_text_hosts(root) if hosts is None else hosts:
            if not P.LABEL_START.match(node_text):
                continue
            found = block_host(host, P.BYLINE_MAX_CHARS)
            if found is None:
                # A labelled line inside a long flat block ("...<br>This page last updated: ...")
                if _has_label(node_text) and not P.DECOY_DATE_LABEL.search(node_text):
                    self._read(None, node_text, language)
                continue
            element, _ = found
            if element in seen or any(a in seen for a in element.iterancestors()):
                continue
            if element in excluded or any(a in excluded for a in element.iterancestors()):
                continue
            seen.add(element)
            pieces = byline_pieces(block_lines(element))
            for index, piece in enumerate(pieces):
                if not _has_label(piece) and not (index == 0 and len(pieces) == 1 and P.LABEL_START.match(piece)):
                    continue
                if P.DECOY_DATE_LABEL.search(piece) and not P.MODIFIED_LABEL.match(piece):
                    continue
                self._read(element if len(pieces) == 1 else None, piece, language)

    def _read(self, element: etree._Element | None, text: str, language: str | None) -> None:
        if P.EDITOR_LABEL.match(text):
            self.editors.extend(_byline_people(_value_after_label(element, text, P.EDITOR_LABEL)))
            if P.MODIFIED_LABEL.search(text) or re.search(r"\bon\b", text):
                if (date := find_date(text, language)) is not None:
                    self.modified.append(date)
        elif P.MODIFIED_LABEL.match(text):
            if (date := find_date(_value_after_label(element, text, P.MODIFIED_LABEL), language)) is not None:
                self.modified.append(date)
        elif P.PUBLISHED_LABEL.match(text):
            if (date := find_date(_value_after_label(element, text, P.PUBLISHED_LABEL), language)) is not None:
                self.published.append(date)
        elif P.AUTHOR_LABEL.match(text) or P.LABEL_START.match(text):
            value = _value_after_label(element, text, P.AUTHOR_LABEL)
            if text.split()[0].lower().rstrip(":") in P.BARE_LABELS and not value[:1].isupper():
                return
            self.authors.extend(_byline_people(value))
            if (date := find_date(text, language)) is not None:
                if re.search(r"updated|aktualisiert|actualizado", text, re.IGNORECASE):
                    self.modified.append(date)


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
            if (before and before[-1] in P.BYLINE_SEPARATORS) or (
                word[:1].isupper() and word.lower() not in P.BARE_LABELS
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


def _byline_people(value: str) -> list[str]:
    """People named in a visible byline's value; organisations and descriptions are dropped.

    The first part that is not a person ends the list: what follows describes the last
    person ("Priya Natarajan, DPM, Department of Foot and Ankle Surgery").
    """
    for _ in range(2):
        value = P.NAME_PREFIX.sub("", value.strip())
    people: list[str] = []
    for name in split_names(_NAME_STOP.sub("", value)):
        if not _person_like(name):
            if people:
                break
            continue
        people.append(name)
    return people


def _person_like(name: str) -> bool:
    return name[:1].isupper() and not P.NOT_A_PERSON.search(name) and len(name.split()) <= 6


# A heading marked as the post's title beats the page's first <h1> (a blog's name, a logo).
_MARKED_HEADLINE = (
    "//*[self::h1 or self::h2 or self::h3][contains(@class, 'entry-title') or contains(@class, 'post-title')"
    " or contains(@class, 'article-title') or contains(@class, 'headline') or @itemprop='headline']"
)


def _headline(root: etree._Element) -> str | None:
    """The first marked or <h1> headline that is not the site's logo in the page header."""
    for path in (_MARKED_HEADLINE, "//article//h1", "//main//h1", "//h1"):
        for h1 in root.xpath(path):
            text = element_text(h1)
            if text and len(text) < 300 and not _in_banner(h1):
                return text
    return None


def _banner_heading(root: etree._Element) -> str | None:
    """The text of an <h1> in the page header (a forum's or blog's name), if there is one."""
    return next((element_text(h1) for h1 in root.iter("h1") if _in_banner(h1) and element_text(h1)), None)


def _date(value: Any, language: str | None = None) -> dt.date | None:
    text = jsonld.first_str(value) if not isinstance(value, str) else value
    return find_date(text, language) if text else None


def extract_metadata(
    root: etree._Element,
    url: str,
    headers: dict[str, str] | None = None,
    excluded: set[etree._Element] | None = None,
    site_fields: dict[str, str] | None = None,
    hosts: list[tuple[etree._Element, str]] | None = None,
) -> Metadata:
    """Read every metadata field from the tree (read-only: the tree is not changed)."""
    meta = _meta_index(root)
    nodes = jsonld.jsonld_nodes(root)
    article = jsonld.article_node(nodes) or {}
    index = jsonld.by_id(nodes)
    headers = {k.lower(): v for k, v in (headers or {}).items()}
    language = _language(root, meta, article, headers)
    excluded = excluded or set()
    visible = VisibleBylines(root, excluded, language, hosts)
    site = _site_fields(root, site_fields or {})

    site_name = meta.get("og:site_name") or _publisher(article, nodes, index) or meta.get("application-name")
    page_title = collapse(root.findtext(".//title") or "") or None
    title = (
        site.get("title")
        or jsonld.first_str(article.get("headline"))
        or _headline(root)
        or meta.get("og:title")
        or meta.get("twitter:title")
        or page_title
    )
    title_parts = [p.strip() for p in _TITLE_SEPARATORS.split(page_title)] if page_title else []
    if not site.get("title") and title and _is_site_label(collapse(title), site_name):
        title = page_title  # a headline that only repeats the site's name is no title
    if title and title == page_title and len(title_parts) > 1:
        title = _visible_part(title_parts, hosts or short_text_hosts(root)) or title
    if not site_name and (banner := _banner_heading(root)) and banner.casefold() in map(str.casefold, title_parts):
        site_name = banner
    if not site_name and page_title and title:
        site_name = _site_around_headline(page_title, collapse(title))
    if not site_name and len(title_parts) > 1:
        site_name = _site_from_title(title_parts, collapse(title) if title else None)
    if title:
        title = _FORUM_TITLE_PREFIX.sub("", strip_title_suffix(collapse(title), site_name))

    authors = _people([site["authors"]]) if site.get("authors") else []
    authors = (
        authors or _people(jsonld.names(article.get("author"), index, people_only=True)) or _unique(visible.authors)
    )
    if not authors and (meta_author := meta.get("author") or meta.get("article:author") or meta.get("dc.creator")):
        if not meta_author.startswith("http") and meta_author != site_name:
            authors = _people([meta_author])
    editors = _people([site["editors"]]) if site.get("editors") else []
    editors = (
        editors
        or _people(
            jsonld.names(article.get("reviewedBy"), index, people_only=True)
            + jsonld.names(article.get("editor"), index, people_only=True)
        )
        or _unique(visible.editors)
    )
    editors = [e for e in editors if e not in authors]

    published = _date(article.get("datePublished"), language)
    if published is None:
        published = next((d for k in _META_DATE_PUBLISHED if (d := _date(meta.get(k), language))), None)
    if published is None and visible.published:
        published = visible.published[0]
    modified_candidates = [
        d for d in (_date(article.get("dateModified"), language), _date(article.get("lastReviewed"), language)) if d
    ]
    modified_candidates += [d for k in _META_DATE_MODIFIED if (d := _date(meta.get(k), language))]
    modified_candidates += visible.modified
    modified = max(modified_candidates) if modified_candidates else None
    if published is None and modified is None:
        published = _htmldate(root, url)

    canonical = _canonical(root, url, meta)
    return Metadata(
        title=title,
        description=meta.get("description")
        or meta.get("og:description")
        or jsonld.first_str(article.get("description")),
        authors=authors,
        editors=_unique(editors),
        published=published,
        modified=modified,
        site_name=_without_tagline(collapse(site_name)) if site_name else None,
        language=language,
        canonical_url=canonical,
        categories=_unique(
            jsonld.str_list(article.get("articleSection"))
            + ([meta["article:section"]] if "article:section" in meta else [])
        ),
        tags=_unique(
            jsonld.str_list(article.get("keywords"))
            + [v for k, v in meta.items() if k == "article:tag"]
            + (jsonld.str_list(meta["keywords"]) if "keywords" in meta else [])
        ),
        image=meta.get("og:image") or jsonld.first_str(article.get("image")),
    )


# Forum software's title prefixes: "View topic - ", "Thema anzeigen - ", "Topic: ".
_FORUM_TITLE_PREFIX = re.compile(
    r"^(?:view topic|thema anzeigen|voir le sujet|ver tema|topic|thread|re)\s*[-:–]\s*", re.IGNORECASE
)


def _visible_part(parts: list[str], hosts: list[tuple[etree._Element, str]]) -> str | None:
    """The part of '<site> - <section> - <headline>' that the page shows as a line of its own:
    with no <h1> and no og:title, the headline the reader sees is the best title."""
    shown = {text.casefold() for _, text in hosts}
    candidates = [p for p in parts if len(p.split()) >= VISIBLE_TITLE_MIN_WORDS and p.casefold() in shown]
    return max(candidates, key=len) if candidates else None


def _is_site_label(headline: str, site_name: str | None) -> bool:
    """The headline only repeats og:site_name (or the publisher's name)."""
    return bool(site_name and headline.casefold() == site_name.strip().casefold())


def _in_banner(h1: etree._Element) -> bool:
    """The <h1> sits in the page header (a logo line), not in the content."""
    ancestors = list(h1.iterancestors())
    if any(a.tag in ("article", "main") for a in ancestors):
        return False
    for ancestor in ancestors:
        marker = f"{ancestor.get('class') or ''} {ancestor.get('id') or ''} {ancestor.get('role') or ''}".lower()
        if ancestor.tag == "header" or _BANNER.search(marker):
            return True
    return False


_BANNER = re.compile(r"(?<![a-z])(?:banner|masthead|headerbar|site-header|page-header|logo|branding)(?![a-z])")


def _site_around_headline(page_title: str, headline: str) -> str | None:
    """'Blog Name: Post Title' or 'Post Title « Blog Name': what the <title> adds to the headline."""
    folded, head = page_title.casefold(), headline.casefold()
    if folded == head or head not in folded:
        return None
    if folded.endswith(head):
        rest = page_title[: len(page_title) - len(headline)].strip(" :|-–—·»«")
        rest = _TITLE_SEPARATORS.split(rest)[0]  # '<site> - <section> - <headline>'
    elif folded.startswith(head):
        rest = page_title[len(headline) :].strip(" :|-–—·»«")
        rest = _TITLE_SEPARATORS.split(rest)[-1]  # '<headline> - <section> | <site>'
    else:
        return None
    rest = rest.strip(" :|-–—·»«")
    return rest if rest and len(rest.split()) <= SITE_NAME_MAX_WORDS else None


def _site_from_title(parts: list[str], title: str | None) -> str:
    """The site's name in '<headline> | <site>' or '<site> - <headline>': the part that is not the headline."""
    headline = (title or "").casefold()
    if headline and parts[-1].casefold() in headline and len(parts[0].split()) <= SITE_SUFFIX_WORDS:
        return parts[0]
    if headline and parts[0].casefold() not in headline and headline in " ".join(parts[1:]).casefold():
        return parts[0]
    return parts[-1]


def _without_tagline(name: str) -> str:
    """'MedWiki, the free medical encyclopedia' -> 'MedWiki': a lower-case clause is a tagline."""
    head, comma, rest = name.partition(", ")
    return head if comma and rest[:1].islower() else name


def _site_fields(root: etree._Element, selectors: dict[str, str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for field_name, selector in selectors.items():
        elements = root.cssselect(selector)
        if elements:
            found[field_name] = ", ".join(element_text(e) for e in elements if element_text(e))
    return found


def _publisher(article: dict[str, Any], nodes: list[dict[str, Any]], index: dict[str, dict[str, Any]]) -> str | None:
    names = jsonld.names(article.get("publisher"), index)
    if names:
        return names[0]
    for node in nodes:
        if "website" in jsonld.types_of(node) and isinstance(node.get("name"), str):
            return str(node["name"])
    return None


def _language(
    root: etree._Element, meta: dict[str, str], article: dict[str, Any], headers: dict[str, str]
) -> str | None:
    candidates = [
        root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang"),
        meta.get("content-language"),
        meta.get("og:locale"),
        jsonld.first_str(article.get("inLanguage")),
        headers.get("content-language"),
    ]
    for value in candidates:
        if (
            value
            and (code := re.split(r"[-_,;\s]", value.strip())[0].lower())
            and code.isalpha()
            and 2 <= len(code) <= 3
        ):
            return code
    body = root.find(".//body")
    return guess_language(element_text(body if body is not None else root)[:5000])


def _canonical(root: etree._Element, url: str, meta: dict[str, str]) -> str | None:
    for link in root.iter("link"):
        rel = (link.get("rel") or "").lower().split()
        href = (link.get("href") or "").strip()
        if "canonical" in rel and href:
            absolute = urljoin(url, href)
            if absolute.startswith(("http://", "https://")):
                return absolute
    og_url = meta.get("og:url")
    if og_url and og_url.startswith(("http://", "https://")):
        return og_url
    return None


def _htmldate(root: etree._Element, url: str) -> dt.date | None:
    """htmldate's fast search, as a last resort (it reads a copy; our tree stays unchanged)."""
    from copy import deepcopy

    from htmldate import find_date as htmldate_find

    try:
        found = htmldate_find(deepcopy(root), extensive_search=False, original_date=True, url=url or None)
    except Exception:
        return None
    try:
        return dt.date.fromisoformat(found) if found else None
    except ValueError:
        return None
