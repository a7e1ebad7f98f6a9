"""Article metadata from the page tree.

Fallback order per field (first non-empty wins, except ``modified``, the latest of all):

* title: site rule > the marked headline or ``<h1>`` (not a logo, and sharing words with the
  page's title) > JSON-LD headline > og:title
  > the part of ``<title>`` the page shows > ``<title>`` without its site part
  (:mod:`pipeline.extract.titles`, the headline from :mod:`pipeline.extract.headlines`)
* authors: site rule > JSON-LD author (or its mainEntity's: a QAPage's question) > a paper's
  ``citation_author`` tags > visible byline ("Written By", "By"; not in menus) > meta author >
  twitter "Written by" > markup that marks the author without a label (``class="author"``,
  ``itemprop=author``, a first post's ``data-author``) > a link to the author's page on the site
  (:mod:`pipeline.extract.author_links`); the first that names someone other than the site
* editors: site rule > JSON-LD editor > visible ("Edited By")
* reviewers: JSON-LD and microdata reviewedBy, with the visible fact-checkers > visible
  ("Medically reviewed by", "Fact checked by"); credentials ("MD, FACC") kept apart, aligned
* last_reviewed / next_review: JSON-LD lastReviewed > meta > visible "Page last reviewed" /
  "Last medically reviewed on"; "Next review due"
* disclaimer: the first medical disclaimer sentence (:mod:`pipeline.extract.disclaimers`)
* published: JSON-LD datePublished (ISO) > meta tags > microdata > visible "Published" > a date
  by the headline > htmldate (extensive, original date) > a JSON-LD date in words > "Updated"
  by the headline; a markup date the page never shows gives way to the headline's date
  (:mod:`pipeline.extract.published`)
* modified: the latest of JSON-LD dateModified, meta tags, visible "Updated" /
  "Last Modified Date"; decoys ("Next review due", copyright) ignored
* published, modified, last_reviewed: a date after the fetch (beyond the time zone furthest
  ahead of UTC: :func:`pipeline.extract.published.latest_plausible`) is passed over, from
  every source, site rules included
* site_name: og:site_name > JSON-LD publisher > application-name > the header's logo heading
  > what ``<title>`` adds to the headline, without a tagline
* language: decided once per page by :func:`pipeline.extract.language.page_language` (the
  declared one checked against the prose), before this runs; dates are read in it

Visible bylines (:mod:`pipeline.extract.bylines`) are read outside comment threads, so a
commenter never becomes the author; names are cleaned by :mod:`pipeline.extract.names`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml import etree

from pipeline.extract import jsonld
from pipeline.extract.author_links import linked_author
from pipeline.extract.bylines import VisibleBylines
from pipeline.extract.disclaimers import find_disclaimer
from pipeline.extract.headlines import headline
from pipeline.extract.html import decode_entities, element_text, itemprop_elements, short_text_hosts
from pipeline.extract.language import date_locale, page_language
from pipeline.extract.marked_authors import marked_authors
from pipeline.extract.names import people, unique
from pipeline.extract.published import as_date, latest_plausible, not_after, published_date
from pipeline.extract.title_parts import document_title
from pipeline.extract.titles import resolve_title
from pipeline.records import Metadata

_META_DATE_MODIFIED = (
    "article:modified_time",
    "og:updated_time",
    "datemodified",
    "dcterms.modified",
    "last-modified",
    "dc.date.modified",
    "og:article:modified_time",
)
_META_DATE_REVIEWED = ("lastreviewed", "last-reviewed", "dcterms.reviewed")


def _meta_index(root: etree._Element) -> dict[str, str]:
    found: dict[str, str] = {}
    for meta in root.iter("meta"):
        key = meta.get("property") or meta.get("name") or meta.get("itemprop") or meta.get("http-equiv") or ""
        content = meta.get("content")
        if key and content and content.strip():
            found.setdefault(key.strip().lower(), decode_entities(content.strip()))
    return found


def extract_metadata(
    root: etree._Element,
    url: str,
    headers: dict[str, str] | None = None,
    excluded: set[etree._Element] | None = None,
    site_fields: dict[str, str] | None = None,
    hosts: list[tuple[etree._Element, str]] | None = None,
    nodes: list[dict[str, Any]] | None = None,
    language: str | None = None,
    locale: str | None = None,
    microdata: list[etree._Element] | None = None,
    fetched_at: dt.datetime | None = None,
    disclaimer_words: list[str] | None = None,
) -> Metadata:
    """Read every metadata field from the tree (read-only: the tree is not changed).

    ``nodes`` are the page's JSON-LD objects when the caller has read them already;
    ``language`` is the page's, when the caller has decided it (else it is decided here);
    ``locale`` is that language with its stated region (``en-gb``), which dates are read in;
    ``microdata`` the page's elements with an itemtype or itemprop, when the comment finders
    listed them (:func:`pipeline.extract.html.itemprop_elements`); ``fetched_at`` when the page
    was fetched (None: now), after which no date of it is read; ``disclaimer_words`` the
    disclaimer words the page's text holds (:func:`~pipeline.extract.disclaimers.disclaimer_words`),
    when the caller has read them.
    """
    meta = _meta_index(root)
    nodes = jsonld.jsonld_nodes(root) if nodes is None else nodes
    article = jsonld.article_node(nodes) or {}
    index = jsonld.by_id(nodes)
    headers = {k.lower(): v for k, v in (headers or {}).items()}
    if language is None:
        language = page_language(root, headers, jsonld.first_str(article.get("inLanguage")))
    if locale is None:
        locale = date_locale(root, headers, jsonld.first_str(article.get("inLanguage")), language)
    excluded = excluded or set()
    hosts = hosts if hosts is not None else short_text_hosts(root)
    visible = VisibleBylines(root, excluded, locale, hosts)
    site = _site_fields(root, site_fields or {})

    site_name = meta.get("og:site_name") or _publisher(article, nodes, index) or meta.get("application-name")
    candidates = [
        site.get("title"),
        headline(root, meta.get("og:title") or document_title(root)),
        jsonld.first_str(article.get("headline")),
        meta.get("og:title"),
        meta.get("twitter:title"),
    ]
    title, site_name = resolve_title(
        root, candidates, site_name, hosts, site_rule_title=bool(site.get("title")), url=url
    )

    credentials = dict(visible.credentials)
    authors = people([site["authors"]], credentials) if site.get("authors") else []
    authors = authors or _authors(root, url, article, index, meta, visible, excluded, credentials, site_name)
    # Structured data names the medical reviewer; a fact-checker is often only in the byline.
    structured = people(jsonld.names(article.get("reviewedBy"), index, people_only=True), credentials) + people(
        _microdata_texts(root, "reviewedBy", microdata), credentials
    )
    reviewers = unique(structured + visible.fact_checkers) if structured else unique(visible.reviewers)
    if site.get("reviewers"):
        reviewers = people([site["reviewers"]], credentials) or reviewers
    editors = people([site["editors"]], credentials) if site.get("editors") else []
    editors = editors or people(jsonld.names(article.get("editor"), index, people_only=True)) or unique(visible.editors)
    taken = set(authors) | set(reviewers)
    editors = [e for e in editors if e not in taken and not _is_site(e, site_name, url)]
    author_set = set(authors)
    reviewers = [r for r in reviewers if r not in author_set and not _is_site(r, site_name, url)]

    plausible = latest_plausible(fetched_at)

    def dated(value: Any) -> dt.date | None:
        return not_after(as_date(value, locale), plausible)

    def shown(dates: list[dt.date]) -> list[dt.date]:
        return [d for d in dates if d <= plausible]

    modified_candidates = [d for d in (dated(article.get("dateModified")),) if d]
    modified_candidates += [d for k in _META_DATE_MODIFIED if (d := dated(meta.get(k)))]
    modified_candidates += shown(visible.modified)
    modified = max(modified_candidates) if modified_candidates else None
    modified = dated(site.get("modified")) or modified  # a site rule's date wins
    last_reviewed = dated(article.get("lastReviewed")) or next(
        (d for k in _META_DATE_REVIEWED if (d := dated(meta.get(k)))), None
    )
    if last_reviewed is None and shown(visible.last_reviewed):
        last_reviewed = max(shown(visible.last_reviewed))
    latest = max((d for d in (modified, last_reviewed) if d is not None), default=None)
    published = dated(site.get("published")) or published_date(
        root,
        url,
        article,
        meta,
        excluded,
        shown(visible.published),
        latest,
        locale,
        shown(visible.dateline),
        shown(visible.dateline_modified),
        bool(reviewers or last_reviewed),
        microdata,
        plausible,
    )

    canonical = _canonical(root, url, meta)
    return Metadata(
        title=title,
        description=site.get("description")
        or meta.get("description")
        or meta.get("og:description")
        or jsonld.first_str(article.get("description")),
        authors=authors,
        editors=unique(editors),
        author_credentials=[credentials.get(a, "") for a in authors],
        reviewers=unique(reviewers),
        reviewer_credentials=[credentials.get(r, "") for r in unique(reviewers)],
        last_reviewed=last_reviewed,
        next_review=visible.next_review[0] if visible.next_review else None,
        disclaimer=find_disclaimer(root, excluded, disclaimer_words),
        published=published,
        modified=modified,
        site_name=site_name,
        language=language,
        canonical_url=canonical,
        categories=unique(
            jsonld.str_list(article.get("articleSection"))
            + ([meta["article:section"]] if "article:section" in meta else [])
        ),
        tags=unique(
            jsonld.str_list(article.get("keywords"))
            + [v for k, v in meta.items() if k == "article:tag"]
            + (jsonld.str_list(meta["keywords"]) if "keywords" in meta else [])
        ),
        image=meta.get("og:image") or jsonld.first_str(article.get("image")),
    )


def _authors(
    root: etree._Element,
    url: str,
    article: dict[str, Any],
    index: dict[str, dict[str, Any]],
    meta: dict[str, str],
    visible: VisibleBylines,
    excluded: set[etree._Element],
    credentials: dict[str, str],
    site_name: str | None,
) -> list[str]:
    """The first source in the module docstring's order that names a person other than the
    site: a JSON-LD author that is only the publisher ("British Heart Foundation") gives way to
    the byline ("Tracy Parker, Dietitian")."""
    meta_author = meta.get("author") or meta.get("article:author") or meta.get("dc.creator") or ""
    twitter = (meta.get("twitter:label1") or "").lower().startswith(("written by", "author"))
    question = jsonld.main_entity(article, index)  # a QAPage's question

    def not_a_person(text: str) -> bool:
        return _is_site(text, site_name, url)

    sources: tuple[Callable[[], list[str]], ...] = (
        lambda: people(jsonld.names(article.get("author"), index, people_only=True), credentials),
        lambda: people(jsonld.names(question.get("author"), index, people_only=True), credentials),
        lambda: visible.page_authors(),
        lambda: people(_meta_values(root, _META_SCHOLARLY_AUTHORS), credentials),
        lambda: people([meta_author], credentials) if not meta_author.startswith("http") else [],
        lambda: people([meta.get("twitter:data1") or ""], credentials) if twitter else [],
        lambda: people([name for name, _ in marked_authors(root, excluded, not_a_person)], credentials),
        lambda: people(linked_author(root, excluded, not_a_person), credentials),
    )
    for source in sources:
        if found := [a for a in source() if not _is_site(a, site_name, url)]:
            return found
    return []


# Highwire Press tags (Google Scholar): one per author of a paper, in order.
_META_SCHOLARLY_AUTHORS = ("citation_author", "citation_authors")


def _meta_values(root: etree._Element, names: tuple[str, ...]) -> list[str]:
    """Every ``<meta name=...>`` value of these names, in page order (``_meta_index`` keeps the first)."""
    found = []
    for meta in root.iter("meta"):
        if (meta.get("name") or "").strip().lower() in names and (content := (meta.get("content") or "").strip()):
            found.append(decode_entities(content))
    return found


def _is_site(name: str, site_name: str | None, url: str) -> bool:
    """A byline that only names the site ("WellWise Health", "REUTERS") is no person, unless the
    site is a person's own ("Sam Bossley" on sambossley.com, "Anil Madhavapeddy" on anil.recoil.org:
    a personal name that is, or has a word in, the host's)."""
    if not site_name or name.casefold() != site_name.strip().casefold():
        return False
    words = name.split()
    personal = 2 <= len(words) <= 3 and all(w[:1].isupper() and not w.isupper() for w in words)
    host = (urlsplit(url).hostname or "").replace("-", "").replace(".", "")
    in_host = "".join(w.casefold() for w in words) in host or any(len(w) >= 3 and w.casefold() in host for w in words)
    return not (personal and in_host and not _MEDIA_WORDS.search(name))


# Words of a publication's name, not a person's: "Business Insider", "The Daily Post".
_MEDIA_WORDS = re.compile(
    r"\b(?:insider|times|post|news|daily|journal|magazine|media|weekly|today|tribune|herald|guardian|review|blog"
    r"|health|press|online|digital|group|team)\b",
    re.IGNORECASE,
)


def _microdata_texts(root: etree._Element, prop: str, microdata: list[etree._Element] | None = None) -> list[str]:
    """The names in microdata ``itemprop=prop`` elements (their ``itemprop=name`` if they have one)."""
    found: list[str] = []
    for element in itemprop_elements(root, microdata, prop):
        named = element.xpath(".//*[@itemprop='name']")
        source = named[0] if named else element
        text = source.get("content") or element_text(source)
        if text:
            found.append(text)
    return found


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


def _canonical(root: etree._Element, url: str, meta: dict[str, str]) -> str | None:
    for link in root.iter("link"):
        rel = (link.get("rel") or "").lower().split()
        href = (link.get("href") or "").strip()
        if "canonical" in rel and href:
            absolute: str = urljoin(url, href)
            if absolute.startswith(("http://", "https://")):
                return absolute
    og_url = meta.get("og:url")
    if og_url and og_url.startswith(("http://", "https://")):
        return og_url
    return None
