"""Extract: one page's HTML -> :class:`~pipeline.records.Extraction` (article, metadata, comments).

A pure function of (HTML, URL, headers, site rules, fetch time), so it runs the same in a test, a local
worker process or on a Dask worker. The page is parsed once; the steps share that tree:

0. the page language is decided (:func:`pipeline.extract.language.page_language`): comment
   and metadata dates are read in it;
1. comments are found (read-only), so the byline reader can skip them;
2. metadata and references are read (read-only), while bylines, dates and reference lists
   are still on the page;
3. the comment thread and the boilerplate are removed from the tree, and what trafilatura would
   drop is written as it reads it (:mod:`pipeline.extract.loose_runs`): the steps that change it;
4. the main text is extracted from what remains (see :mod:`pipeline.extract.article`);
5. the baseline (trafilatura's extraction of the untouched page) is computed only where it
   could overrule that candidate (a small share of the page's text), on the page parsed again;
6. the candidate is arbitrated against the baseline, and short results get the recall
   fallbacks (see :mod:`pipeline.extract.arbitrate`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from urllib.parse import urlsplit

from lxml import etree

from pipeline.errors import ExtractionError
from pipeline.extract import jsonld
from pipeline.extract.arbitrate import (
    arbitrate,
    baseline_text,
    menu_like,
    needs_baseline,
    page_chars,
    recall_text,
    word_counts,
)
from pipeline.extract.article import (
    MIN_ARTICLE_CHARS,
    article_text,
    without_offer_lines,
    without_prices,
    without_repeats,
)
from pipeline.extract.blocks import declares_one_item, declares_product, page_blocks, product_blocks
from pipeline.extract.boilerplate import remove_boilerplate
from pipeline.extract.comments import find_comments
from pipeline.extract.dates import find_date, page_date_locale
from pipeline.extract.disclaimers import disclaimer_words
from pipeline.extract.html import PageText, drop, element_text, parse_html, short_text_hosts
from pipeline.extract.language import date_locale, page_language
from pipeline.extract.loose_runs import panel_text, wrap_loose_runs
from pipeline.extract.metadata import extract_metadata
from pipeline.extract.names import split_people
from pipeline.extract.published import fetch_moment, latest_plausible, not_after
from pipeline.extract.references import find_references
from pipeline.extract.rules import Trace
from pipeline.extract.sites import SiteRules, rules_for
from pipeline.extract.stubs import (
    WITHHELD_PAGE_MAX_CHARS,
    error_text_reason,
    page_heading,
    stub_reason,
    withheld_reason,
)
from pipeline.records import Comment, Extraction, header_value

__all__ = ["ExtractionError", "extract_html"]


def extract_html(
    html: str,
    url: str = "",
    headers: dict[str, str] | None = None,
    site_rules: dict[str, SiteRules] | None = None,
    fast: bool = True,
    explain: bool = False,
    fetched_at: dt.datetime | None = None,
) -> Extraction:
    """Extract one page. Raises ExtractionError when the page yields no article text.

    With ``explain``, the result's ``trace`` lists what each named rule removed, kept or took
    (:mod:`pipeline.extract.rules`). ``fetched_at`` is when the page was fetched (None: now):
    no date after it or after the server's ``Date`` header, whichever is later (beyond the time
    zones ahead of UTC), is the page's published, modified or reviewed date, or a comment's."""
    fetched_at = fetch_moment(fetched_at, header_value(headers or {}, "date"))
    root = parse_html(html)
    # Every element's Python proxy made once and held: lxml.html builds a proxy through a
    # Python class lookup each time an unreferenced element is touched, and the steps walk
    # the tree a dozen times (5-8% of the extract stage).
    proxies = list(root.iter())
    heading = page_heading(root)  # read before the steps change the tree
    host = (urlsplit(url).hostname or "") if url else ""
    site = rules_for(host, site_rules) if site_rules and host else None
    nodes = jsonld.jsonld_nodes(root)
    article_node = jsonld.article_node(nodes) or {}
    # Decided once, before comments and metadata: both read dates such as 03/04/2024 by it.
    in_language = jsonld.first_str(article_node.get("inLanguage"))
    language = page_language(root, headers, in_language)
    locale = date_locale(root, headers, in_language, language)  # en-gb: 03/04 is the 3rd of April

    hosts = short_text_hosts(root)  # shared by the two read-only steps
    trace = Trace(root) if explain else None
    disabled = site.disabled if site else frozenset()
    page = PageText(root)  # the page's text, read once by the comment finders and the disclaimer
    # English with no region: the page's own dates say whether 12/3/2012 is March or December
    locale = page_date_locale(locale, page.raw, host) if locale == "en" else locale
    scan = find_comments(
        root,
        locale,
        site.comment_item if site else None,
        hosts,
        disabled,
        trace,
        site.comment_fields if site else None,
        page,
    )
    # what the disclaimer reader asks of the page's text, from the text the finders read: then it
    # is let go (a huge page's text, tens of MB as a str, is not held through the later steps)
    on_page = disclaimer_words(root, page)
    del page
    # Bylines are read outside the comments; a forum's opening post is the article, so its
    # "Last edited by ... on <date>" line counts.
    excluded = set(scan.regions) - set(scan.opening_post_nodes)
    site_fields = site.metadata if site else None
    metadata = extract_metadata(
        root, url, headers, excluded, site_fields, hosts, nodes, language, locale, scan.microdata, fetched_at, on_page
    )
    references = find_references(root, article_node, excluded, hosts, scan.microdata)
    warnings: list[str] = []
    visible = page_chars(root)
    keep: list[etree._Element] = []
    reviews: list[etree._Element] = []  # a product's reviews, removed: not the article's text
    product = False  # the page declares one product

    if scan.opening_post_text:
        text, used = scan.opening_post_text, "forum-opening-post"
        if scan.opening_post_author:  # the thread's opener is its author, whatever else the page says
            people = split_people(scan.opening_post_author) or [(scan.opening_post_author, "")]
            # author_credentials stays aligned with the authors it replaces ("" when none shown)
            metadata.authors, metadata.author_credentials = [n for n, _ in people], [c for _, c in people]
        if metadata.published is None and scan.opening_post_date:
            metadata.published = not_after(find_date(scan.opening_post_date, locale), latest_plausible(fetched_at))
    else:
        types = {t for n in nodes for t in jsonld.types_of(n)}
        one_item = declares_one_item(root, types)
        for region in scan.regions:
            drop(region)
        keep = root.cssselect(site.article_root) if site and site.article_root else []
        if site and site.article_root and not keep:
            warnings.append(f"site rule article_root matched nothing: {site.article_root}")
        product = declares_product(root, types)
        one_article = one_item and not product
        remove_boilerplate(
            root, site.remove if site else (), keep, metadata.authors, disabled, trace, product, reviews, one_article
        )
        if "loose-runs" not in disabled:
            wrap_loose_runs(root, trace)
        if "panel-text" not in disabled:
            panel_text(root, trace)
        text, used = article_text(root, url, keep[0] if keep else None, fast=fast)
        if used == "trafilatura" and (blocks := page_blocks(root, text, one_item, visible)):
            text, used = blocks, "page-blocks"
        elif used == "trafilatura" and product and (blocks := product_blocks(root, text)):
            text, used = blocks, "product-blocks"

    # A comment dated after the fetch (a date misread, a template's) has no date.
    plausible = latest_plausible(fetched_at)
    comments = [c if not c.posted_date or c.posted_date <= plausible else _undated(c) for c in scan.comments]
    # Words moved into comment rows are not lost: the candidate is the article and its thread.
    thread = "\n\n".join([text, *(c.text for c in comments)])
    replies = len(comments) if scan.opening_post_text else 0
    # The baseline reads the page as parsed, before any mutation: parsed again, only for the
    # pages it can overrule (a copy of every page's tree cost twice a parse of a fifth of them).
    article = None if scan.opening_post_text else text  # a forum's opening post may be one line
    wanted = not keep and needs_baseline(thread, visible, article)
    baseline = baseline_text(parse_html(html), url) if wanted else ""
    chrome = scan.chrome + word_counts(" ".join(element_text(e) for e in reviews)) if reviews else scan.chrome
    verdict = arbitrate(thread, used, baseline, site_rule=bool(keep), replies=replies, chrome=chrome, article=article)
    if verdict.baseline_won:
        text, used = verdict.text, verdict.used  # less the comments' lines, below
        thread = "\n\n".join([text, *(c.text for c in comments)])
        warnings.append(f"baseline kept: {verdict.reason}")
    if len(thread.strip()) < MIN_ARTICLE_CHARS:
        recall, recall_used = recall_text(html, url)
        if len(recall) > len(thread.strip()) and not (thread.strip() and menu_like(recall)):
            text, used = recall, recall_used
    text = _without_comment_lines(text, [c.text for c in comments])
    if product:
        text = _product_lines(text, disabled, trace)
    text = _without_headline(text, metadata.title)
    refresh = header_value(headers or {}, "refresh")
    if len(text.strip()) < MIN_ARTICLE_CHARS and (
        reason := stub_reason(parse_html(html), refresh) or error_text_reason(text)
    ):
        raise ExtractionError(f"no article text: {reason}")
    if len(text.strip()) < WITHHELD_PAGE_MAX_CHARS and (reason := withheld_reason(heading)):
        raise ExtractionError(f"no article text: {reason}")
    if not text.strip():
        raise ExtractionError("no article text found")
    del proxies
    return Extraction(
        text=text,
        metadata=metadata,
        comments=comments,
        references=references,
        extractor_used=used,
        warnings=warnings,
        trace=trace.steps if trace else [],
    )


def _without_comment_lines(text: str, comment_texts: list[str]) -> str:
    """Comment text never appears in the article text, whatever an extractor kept.

    An extractor renders a post in its own way (paragraphs joined on one line, inline code and
    list markers dropped, a quoted user name in front), so a line is the comments' when most of
    its word 4-grams occur in them (COMMENT_LINE_SHARE), not only when it equals a comment line.
    When every line would go, the comments were read off the article itself: it stays whole.
    A line that is not the comments' as a whole loses the runs of words that are (the
    baseline's forum text runs a post's header, its quote and the reply together on one line).
    Only comments the article text holds most of (COMMENT_KEPT_SHARE) count: a reader who
    quotes a line of the article and answers it wrote a comment the extractor did not keep,
    and the quoted line is the article's.
    """
    if not comment_texts:
        return text
    article = set(_grams(text))
    grams: set[tuple[str, ...]] = set()
    for body in comment_texts:
        own = _grams(body)
        if own and sum(g in article for g in own) >= COMMENT_KEPT_SHARE * len(own):
            grams.update(own)
    if not grams:
        return text
    blocks = []
    for block in text.split("\n\n"):
        lines = [_without_comment_sentences(line, grams) for line in block.split("\n") if not _in_comments(line, grams)]
        if lines := [line for line in lines if line]:
            blocks.append("\n".join(lines))
    return "\n\n".join(blocks) or text


def _without_comment_sentences(line: str, grams: set[tuple[str, ...]]) -> str:
    """The line without its runs of COMMENT_RUN_MIN_WORDS+ words that are a comment's text."""
    if len(line) <= COMMENT_LINE_MIN_CHARS:
        return line
    words = list(_WORD.finditer(line.casefold()))
    covered = [False] * len(words)
    for i in range(len(words) - 3):
        if tuple(w.group() for w in words[i : i + 4]) in grams:
            covered[i : i + 4] = [True] * 4
    cuts: list[tuple[int, int]] = []
    start = None
    for i, hit in enumerate([*covered, False]):
        if hit and start is None:
            start = i
        elif not hit and start is not None:
            if i - start >= COMMENT_RUN_MIN_WORDS:
                cuts.append((words[start].start(), words[i - 1].end()))
            start = None
    if not cuts:
        return line
    kept, last = [], 0
    for begin, end in cuts:
        kept.append(line[last:begin])
        last = end
    kept.append(line[last:])
    return " ".join(" ".join(kept).split())


# A comment whose word 4-grams are this much in the article text was kept there by an extractor;
# one mostly of its own words (a reply quoting a line of the article) was not. Measured on
# wcxb-dev tune (the 7 pages where comment lines were removed): the comments an extractor kept
# in the article had 0.74-1.0 of their 4-grams there; on the 3 pages that lost article lines a
# reader quoted, no comment had more than 0.3.
COMMENT_KEPT_SHARE = 0.5
# A run of this many words found in the comments is a comment's text inside an article line
# (a forum post's header, its quote and the reply run together); shorter runs are phrases.
COMMENT_RUN_MIN_WORDS = 8


# A line whose word 4-grams are this much in the comments is a comment's text, re-rendered:
# slack for a user name, a "Quote" label or a dropped code span around it.
COMMENT_LINE_SHARE = 0.8
# Shorter lines ("Thanks!", "Reply") are too common to be told apart from the article's own.
COMMENT_LINE_MIN_CHARS = 30
_WORD = re.compile(r"\w+")


def _grams(text: str) -> list[tuple[str, ...]]:
    words = _WORD.findall(text.casefold())
    return [tuple(words[i : i + 4]) for i in range(len(words) - 3)]


def _in_comments(line: str, grams: set[tuple[str, ...]]) -> bool:
    if len(line.strip()) <= COMMENT_LINE_MIN_CHARS:
        return False
    own = _grams(line)
    return bool(own) and sum(g in grams for g in own) >= COMMENT_LINE_SHARE * len(own)


def _without_headline(text: str, title: str | None) -> str:
    """The headline is metadata (``title``); the article text starts after it."""
    if not title:
        return text
    first, _, rest = text.partition("\n\n")
    if rest and " ".join(first.split()).casefold() == " ".join(title.split()).casefold():
        return rest
    return text


def _product_lines(text: str, disabled: frozenset[str], trace: Trace | None) -> str:
    """A declared product's text less its repeated sections, price lines and offer lines, each a
    named rule (a site file can turn it off; ``trace`` records each line it took)."""
    for rule, step in (
        ("product-repeats", without_repeats),  # its mobile and desktop copies of a section, printed once
        ("product-prices", without_prices),  # its offer: prices on lines of their own
        ("offer-lines", without_offer_lines),  # and its shipping, returns and financing lines
    ):
        if rule in disabled:
            continue
        kept = step(text)
        if trace is not None:
            trace.record_lines(rule, text, kept)
        text = kept
    return text


def _undated(comment: Comment) -> Comment:
    return dataclasses.replace(comment, posted_at=None, posted_date=None)
