"""Finding more pages: sitemaps (XML, sitemap indexes, RSS and Atom feeds, gzipped, plain text) and links in HTML.

Sitemaps come from strangers, so the XML parser never expands entities, never loads a DTD and
never touches the network (no billion-laughs, no XXE), and everything is size-capped. Links are
taken from ``<a href>``/``<area href>``, resolved against ``<base href>``, minus ``rel=nofollow``
and pages whose robots meta says ``nofollow``.
"""

from __future__ import annotations

import io
import logging
import re
from dataclasses import dataclass, field

from lxml import etree
from lxml import html as lxml_html

from pipeline.codings import DecodeError, decode_bounded
from pipeline.fetch.urls import clean_url

log = logging.getLogger("pipeline.fetch.discover")

# sitemaps.org: a sitemap file may hold at most 50,000 URLs and 50 MB uncompressed.
MAX_SITEMAP_BYTES = 50 * 1024 * 1024
MAX_SITEMAP_URLS = 50_000
# Sitemap indexes may not nest by the protocol; one extra level tolerates sites that do, without
# letting a loop of indexes run on.
MAX_SITEMAP_NESTING = 2
# Child sitemaps fetched per host in one run, whatever the indexes list: an index of indexes of
# 50,000 entries each would otherwise keep a run (and its lock) going for days. 500 covers the
# largest real health sites (a few hundred sitemaps) at one request per second: under 10 minutes.
MAX_SITEMAPS_PER_HOST = 500
# How a sitemap that could not be read starts its fetch-log reason: a same-day re-run fetches
# it again as a sitemap, not as a page (pipeline.run.retry).
SITEMAP_NOT_READ = "sitemap not read: "
# A page with more links than this is a link farm or a full-site index; the rest are ignored to
# keep the frontier (and memory) bounded.
MAX_LINKS_PER_PAGE = 5_000

_PARSER_OPTIONS = {
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "dtd_validation": False,
    "huge_tree": False,
    "recover": True,
    "remove_comments": True,
    "remove_pis": True,
}


@dataclass(slots=True)
class Sitemap:
    """A parsed sitemap: child sitemaps (an index) and/or page URLs."""

    sitemaps: list[str] = field(default_factory=list)
    pages: list[str] = field(default_factory=list)


def _local(tag: object) -> str:
    return etree.QName(tag).localname.lower() if isinstance(tag, str) else ""


# An "&" that starts no entity or character reference: generators that forget to escape query
# strings ("/page?a=1&b=2"). The parser's recovery dropped "&b" and the URL requested was
# "/page?a=1=2"; escaped first, the URL is the one written.
_BARE_AMPERSAND = re.compile(rb"&(?!(?:[A-Za-z][A-Za-z0-9]*|#[0-9]+|#[xX][0-9A-Fa-f]+);)")
# Entries whose end frees the entry's element (memory stays at the input, not a tree): the
# sitemap protocol's, and the feeds' (sitemaps.org accepts RSS 2.0 and Atom 1.0 as sitemaps).
_ENTRY_TAGS = frozenset({"url", "sitemap", "item", "entry"})


def _feed_link(element: etree._Element, base_url: str) -> str | None:
    """The page of a feed's entry: RSS ``<item><link>URL</link>``, Atom ``<entry><link href=URL>``
    (its alternate, not an enclosure or a comments feed); the channel's own link is the site."""
    parent = element.getparent()
    kind = _local(parent.tag) if parent is not None else ""
    if kind == "item":
        return clean_url((element.text or "").strip(), base_url)
    if kind == "entry" and (element.get("rel") or "alternate").lower() == "alternate":
        return clean_url((element.get("href") or "").strip(), base_url)
    return None


def parse_sitemap(data: bytes, base_url: str) -> Sitemap:
    """Parse an XML (urlset or sitemapindex), gzipped or plain-text sitemap; never raises."""
    if data[:2] == b"\x1f\x8b":  # a .xml.gz file served as is (not as a Content-Encoding)
        try:
            data, over = decode_bounded(data, "gzip", MAX_SITEMAP_BYTES, whole=False)  # as far as it goes
        except DecodeError as exc:
            log.warning("sitemap %s: bad gzip: %s", base_url, exc)
            return Sitemap()
        if over:
            log.warning("sitemap %s: over %d bytes uncompressed; the rest is ignored", base_url, MAX_SITEMAP_BYTES)
    data = data[:MAX_SITEMAP_BYTES]
    text_start = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not text_start.startswith(b"<"):
        return _text_sitemap(text_start, base_url)
    if _BARE_AMPERSAND.search(data):
        data = _BARE_AMPERSAND.sub(b"&amp;", data)
    return _xml_sitemap(data, base_url)


def _xml_sitemap(data: bytes, base_url: str) -> Sitemap:
    """<loc> entries, read as a stream: memory stays at the input, not a tree of 50 MB of XML."""
    result = Sitemap()
    is_index: bool | None = None
    count = 0
    events = etree.iterparse(io.BytesIO(data), events=("start", "end"), **_PARSER_OPTIONS)
    try:
        for event, element in events:
            if event == "start":
                if is_index is None:
                    is_index = _local(element.tag) == "sitemapindex"
                continue
            name = _local(element.tag)
            if name == "link":
                url = _feed_link(element, base_url)
                if url is not None:
                    result.pages.append(url)
                    count += 1
                    if count >= MAX_SITEMAP_URLS:
                        break
                continue
            if name != "loc":
                if name in _ENTRY_TAGS:  # done with this entry: free it
                    element.clear(keep_tail=False)
                    while element.getprevious() is not None:
                        del element.getparent()[0]
                continue
            parent = element.getparent()
            kind = _local(parent.tag) if parent is not None else ""
            url = clean_url((element.text or "").strip(), base_url)
            if url is None or not kind:
                continue
            if kind == "sitemap" or (is_index and kind != "url"):
                result.sitemaps.append(url)
            elif kind == "url":
                result.pages.append(url)
            count += 1
            if count >= MAX_SITEMAP_URLS:
                break
    except etree.XMLSyntaxError as exc:
        if not count:
            log.warning("sitemap %s: not XML: %s", base_url, exc)
    return result


def _text_sitemap(data: bytes, base_url: str) -> Sitemap:
    """A text sitemap: one absolute URL per line (sitemaps.org allows it)."""
    pages: list[str] = []
    for line in data.decode("utf-8", errors="replace").splitlines():
        line = line.strip()
        if line.startswith(("http://", "https://")):
            url = clean_url(line)
            if url is not None:
                pages.append(url)
                if len(pages) >= MAX_SITEMAP_URLS:
                    break
    return Sitemap(pages=pages)


def extract_links(html: str, page_url: str) -> list[str]:
    """Absolute, cleaned http(s) links of a page, in order, without duplicates; never raises."""
    if not html.strip():
        return []
    try:
        doc = lxml_html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return []
    for meta in doc.iter("meta"):
        if (meta.get("name") or "").lower() in ("robots",) and "nofollow" in (meta.get("content") or "").lower():
            return []
    base = page_url
    for element in doc.iter("base"):
        href = element.get("href")
        if href:
            base = clean_url(href, page_url) or page_url
        break
    links: dict[str, None] = {}
    for element in doc.iter("a", "area"):
        href = element.get("href")
        if not href or "nofollow" in (element.get("rel") or "").lower().split():
            continue
        url = clean_url(href, base)
        if url is not None:
            links[url] = None
            if len(links) >= MAX_LINKS_PER_PAGE:
                break
    return list(links)
