"""The article's main text: trafilatura on the cleaned tree, rendered to our text contract.

Fallback order (each step only when the one before returned less than MIN_ARTICLE_CHARS):

1. a site rule's ``article_root``: its blocks, rendered directly (the site said where it is);
2. trafilatura, ``fast=True`` (no internal fallbacks: our boilerplate layer did that job);
3. trafilatura in its default balanced mode with ``favor_recall`` (its own readability and
   jusText fallbacks);
4. the text blocks of the cleaned ``<body>``.

A trafilatura text that holds a small share of the cleaned page's blocks is replaced by those
blocks (:mod:`pipeline.extract.blocks`): on a service, listing or collection page it kept one section.

Text contract: blocks (paragraphs, headings, quotes) separated by a blank line; list items and
table rows kept one per line (cells joined by `` | ``).
"""

from __future__ import annotations

import copy
import functools
import logging
import re
from collections.abc import Iterable

from lxml import etree
from trafilatura import bare_extraction
from trafilatura.settings import Extractor

from pipeline.extract import patterns as P
from pipeline.extract import prefilters as F
from pipeline.extract import (
    trafilatura_walks,  # noqa: F401  (four of its XPaths as walks: same elements, less CPU)
    trafilatura_xpaths,  # noqa: F401  (trafilatura's regex XPaths, guarded: same result, less CPU)
)
from pipeline.extract.html import HEADING_TAGS, NO_TEXT_TAGS, collapse, element_text, spaced_text
from pipeline.extract.packed_words import PREFIX_CHARS, PackedWords, pack, packable
from pipeline.extract.vocabulary import spelled_out

# trafilatura's own minimum output size (config MIN_EXTRACTED_SIZE): below it, try the next step.
MIN_ARTICLE_CHARS = 250

logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
logging.getLogger("htmldate").setLevel(logging.CRITICAL)


_LEAF_BLOCKS = frozenset({"p", "blockquote", "pre", "dd", "dt", "figcaption", "address", "caption"} | HEADING_TAGS)


# Blocks trafilatura nests inside a block (a list or a header inside a paragraph, on pages
# whose markup it could not split): each starts a line of its own, none is dropped.
_NESTED_BLOCKS = frozenset({"list", "item", "table", "row", "head", "p", "quote", "div", "code"})
# trafilatura's run-in output elements (``code`` too when it holds one line: inline code).
_INLINE_OUTPUT = frozenset({"hi", "ref", "del", "lb"})
# Blocks whose tail is no text of the page's: a paragraph's (measured, render_trafilatura).
_TAIL_DROPPED = frozenset({"p"})


def _inline_text(element: etree._Element) -> str:
    """Text of a trafilatura block, ``<lb/>`` and nested blocks as line breaks, cells joined by `` | ``."""
    parts: list[str] = []
    for event, piece in etree.iterwalk(element, events=("start", "end")):
        nested = piece is not element and piece.tag in _NESTED_BLOCKS
        if event == "start":
            if nested or piece.tag == "lb":
                parts.append("\n")
            elif piece.tag == "cell" and piece.getprevious() is not None:
                parts.append(" | ")
            if piece.text and piece.tag != "lb":
                parts.append(piece.text)
            continue
        if nested:
            parts.append("\n")
        if piece is not element and piece.tail:
            parts.append(piece.tail)
    return "\n".join(collapse(line) for line in "".join(parts).split("\n") if collapse(line))


def _inline_output(element: etree._Element) -> bool:
    """A run-in element of trafilatura's output: a link, an emphasis, inline code, a line break."""
    tag = element.tag
    return tag in _INLINE_OUTPUT or (tag == "code" and "\n" not in "".join(element.itertext()).strip())


def render_trafilatura(body: etree._Element) -> str:
    """trafilatura's body tree in the text contract, block by block. Text after a heading that
    no element holds (the ``<head>``'s tail: a page that writes each paragraph as loose text
    after its heading, no ``<p>``) is a block of its own, as trafilatura's own text keeps it.
    A ``<p>``'s tail stays out: measured on wcxb-dev tune and ScrapingHub, the headings' tails
    were paragraphs (ScrapingHub's IGN deals page 0.537 -> 0.922, wcxb-dev 0258 +0.127, 0028
    +0.042; a forum page quoting a news story and a shop page -0.126 together), while the
    paragraphs' tails moved four pages, three of them lower (a teaser, a "Tags" label, and one
    more line that kept two pages' trafilatura text over the page-blocks share).

    Loose text is read as trafilatura reads it: a run of the body's own text, its run-in
    children (links, emphasis, inline code, line breaks) and their tails is one block, whatever
    block came before it. A page that writes its paragraphs as text between ``<br><br>`` (the
    layouts of 2012) comes out of trafilatura as such runs; their tails were dropped, and with
    them every word after a paragraph's first link or code span."""
    blocks: list[str] = []
    run: list[str] = [body.text or ""]

    def flush() -> None:
        text = "\n".join(line for piece in "".join(run).split("\n") if (line := collapse(piece)))
        if text:
            blocks.append(text)
        run.clear()

    for child in body:
        tag = child.tag
        if _inline_output(child):
            run.append("\n" if tag == "lb" else "".join(child.itertext()))
            run.append(child.tail or "")
            continue
        flush()
        if tag == "table":
            rows = []
            for row in child.iter("row"):
                cells = [collapse(element_text(cell)) for cell in row.iter("cell")]
                if any(cells):
                    rows.append(" | ".join(cells))
            block = "\n".join(rows)
        else:
            block = _inline_text(child)
        if block:
            blocks.append(block)
        if tag not in _TAIL_DROPPED:
            run.append(child.tail or "")
    flush()
    return "\n\n".join(blocks)


def render_html(root: etree._Element) -> str:
    """Blocks of an HTML subtree in the same text contract (site roots and the last fallback)."""
    blocks: list[str] = []
    pending_lines: list[str] = []

    def flush() -> None:
        if pending_lines:
            blocks.append("\n".join(pending_lines))
            pending_lines.clear()

    def walk(element: etree._Element) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if not tag or tag in NO_TEXT_TAGS:
            return
        if tag in ("ul", "ol"):
            flush()
            for item in element.iterchildren("li"):
                if text := spaced_text(item):
                    pending_lines.append(text)
            flush()
            return
        if tag == "table":
            flush()
            for row in element.iter("tr"):
                cells = [spaced_text(c) for c in row if c.tag in ("td", "th")]
                if any(cells):
                    pending_lines.append(" | ".join(cells))
            flush()
            return
        if tag in _LEAF_BLOCKS:
            flush()
            if text := spaced_text(element):
                blocks.append(text)
            return
        own = collapse(element.text)
        if own:
            pending_lines.append(own)
        for child in element:
            walk(child)
            if tail := collapse(child.tail):
                pending_lines.append(tail)
        if tag in ("div", "section", "article", "main", "body"):
            flush()

    walk(root)
    flush()
    return "\n\n".join(b for b in blocks if b.strip())


# A teaser's line, ending in its link's "more" and an ellipsis (the words: ``teaser_ends``).
_TEASER_LINE = re.compile(r"^.{0,300}\b(?:" + spelled_out("teaser_ends") + r")\s*(?:\.\.\.|…)$", re.IGNORECASE)
# A box's label left alone as a block of the text ("Related articles", "Advertisement") is a
# few words: BOX_LABELS (a whole-text pattern) is tried only on blocks this short.
LONE_LABEL_MAX_CHARS = 70


def drop_boilerplate_lines(text: str) -> str:
    """Last guard on the rendered text: lone ad labels and teaser lines never pass.

    The cheap tests of :mod:`pipeline.extract.prefilters` run first: a line without a colon is
    no history entry, one not ending in an ellipsis no teaser."""
    kept_blocks = []
    for block in text.split("\n\n"):
        lines = [
            line
            for line in block.split("\n")
            if not (
                P.LABEL_ONLY.match(line)
                or (len(line) <= P.STATUS_MAX_CHARS and P.STATUS_MESSAGE.match(line))
                or P.MORE_LINK_LINE.match(line)
                or P.CALL_TO_ACTION_LINE.match(line)
                or (F.HISTORY_ENTRY_MARK in line and P.HISTORY_ENTRY.match(line))
                or P.POST_NAVIGATION_LINE.match(line)
                or (F.BREADCRUMB_CHARS.search(line) and P.BREADCRUMB_LINE.match(line))
                or (
                    len(line) <= P.SUPPORT_APPEAL_MAX_CHARS
                    and F.SUPPORT_APPEAL_F.search(line)
                    and F.SUPPORT_APPEAL_Y.search(line)
                    and P.SUPPORT_APPEAL.search(line)
                )
                or (line.endswith(F.TEASER_LINE_ENDS) and _TEASER_LINE.match(line))
                or (
                    len(line) <= P.CONSENT_LINE_MAX_CHARS
                    and any(word in line for word in F.CONSENT_WORDS)
                    and P.CONSENT_LINE.match(line)
                )
                or (
                    len(line) <= LONE_LABEL_MAX_CHARS
                    and P.BOX_LABELS.match(line)
                    and block.count("\n") == 0
                    and len(block) <= LONE_LABEL_MAX_CHARS
                )
            )
        ]
        if lines:
            kept_blocks.append("\n".join(lines))
    return "\n\n".join(kept_blocks)


# A run of lines printed again whole, of this many characters or more, is a copy of a section the
# page prints twice (a shop's mobile and desktop layouts, a tab strip and its panels), not a
# label or a card's badge said on every card. Only on a page that declares one product: on
# wcxb-dev tune (session 9) 6 such pages higher (0588 +0.087, 0600 +0.139), none lower, the
# same from 50 to 100 characters (200: 4 pages; 400: 1); applied to every page, documentation
# lost 0.235 summed (a reference repeats its parameters' descriptions) and a service page's
# deal terms went.
REPEAT_MIN_CHARS = 100
# How many earlier places of a line a run is looked for at: a line said on every card of a
# catalogue (thousands of times) costs no more than this.
REPEAT_MAX_STARTS = 16


def without_repeats(text: str) -> str:
    """``text`` less every run of lines (REPEAT_MIN_CHARS or more) that repeats, in order, lines
    kept before it: the page's second copy of a section."""
    lines = text.split("\n")
    kept: list[str] = []
    starts: dict[str, list[int]] = {}
    i = 0
    while i < len(lines):
        longest = 0
        for start in starts.get(lines[i], ())[:REPEAT_MAX_STARTS]:
            length = 0
            while i + length < len(lines) and start + length < len(kept) and lines[i + length] == kept[start + length]:
                length += 1
            longest = max(longest, length)
        if longest and sum(len(line.strip()) for line in lines[i : i + longest]) >= REPEAT_MIN_CHARS:
            i += longest
            continue
        if lines[i].strip():
            starts.setdefault(lines[i], []).append(len(kept))
        kept.append(lines[i])
        i += 1
    return "\n".join(kept)


# A run of this many lines that are only prices, one after another, is a currency switcher or
# a variant's price table ("GBP: $110.82", "CAD: $206.74"...), the shop's offer. A price line
# alone is the item's price, which the gold prints with its description on some shops and not on
# others. Session 21, wcxb-dev tune (product-prices turned off, "one-half": site half A +0.084,
# B -0.007): a run of 3+ or a line printed again goes, a price printed once stays: 0610 +0.042,
# 0598 +0.034 (their gold keeps the item's and its cards' prices), 0586 +0.006; 0618 -0.014,
# 0606 -0.008, 3022 -0.007; half A +0.031, half B +0.015 over the rule as it was. Runs of 2
# moved the same pages as 3; every price line printed once dropped (the rule before) cost both.
PRICE_RUN_MIN_LINES = 3


def without_prices(text: str) -> str:
    """``text`` less its price-only lines (``P.PRICE_LINE``) that come in a run of
    PRICE_RUN_MIN_LINES or repeat one before them: a declared product's currency switcher and
    its offer printed again (a sticky bar's copy), not the item's price said once."""
    lines = text.split("\n")
    price = [bool(P.PRICE_LINE.match(line.strip())) for line in lines]
    dropped = [False] * len(lines)
    start = 0
    for end in range(len(lines) + 1):
        if end < len(lines) and price[end]:
            continue
        if end - start >= PRICE_RUN_MIN_LINES:
            dropped[start:end] = [True] * (end - start)
        start = end + 1
    seen: set[str] = set()
    for i, line in enumerate(lines):
        if price[i]:
            dropped[i] = dropped[i] or line.strip() in seen
            seen.add(line.strip())
    return "\n".join(line for line, gone in zip(lines, dropped, strict=True) if not gone)


def without_offer_lines(text: str) -> str:
    """``text`` less its lines of a declared product's offer (``P.OFFER_LINE``): shipping,
    returns, trust badges and financing are the shop's, not the product's description."""
    return "\n".join(line for line in text.split("\n") if not P.OFFER_LINE.match(line.strip()))


@functools.cache
def _options(fast: bool) -> Extractor:
    """The settings of :func:`trafilatura_text`, read from trafilatura's config once.

    ``bare_extraction`` builds them on every call otherwise: a dozen ConfigParser reads, about
    0.2-0.4 ms a call, against 20 us for a copy. Output format "txt": the result's ``body`` tree
    is all we read (:func:`render_trafilatura`); with "python" bare_extraction also renders it
    to text (``xmltotxt``, which only reads the tree), ~1% of the extract stage for nothing.
    """
    return Extractor(
        output_format="txt",
        fast=fast,
        recall=not fast,
        comments=False,
        tables=True,
        images=False,
        links=False,
        with_metadata=False,
    )


@functools.cache
def _justext_stoplist_once() -> None:
    """jusText's stop words of every language as one set, for trafilatura's recall mode.

    Without a page language, trafilatura keeps a tuple of every language's stop words (154,000)
    and jusText a lower-cased set of it in its cache: two copies of every word, 33 MB held for
    the rest of the process after the first page jusText reads. One set, built as jusText would
    build it (when trafilatura first asks for it) and handed to it as it is, holds them once,
    packed (:func:`packed_stoplist`: 16 MB as a ``frozenset``, ~5 MB packed, the same answers
    to the membership tests that are all jusText asks of it).
    """
    import justext.core
    from trafilatura import external

    define_stoplist = justext.core.define_stoplist
    built: list[frozenset[str] | PackedWords] = []

    def init() -> frozenset[str] | PackedWords:
        words = packed_stoplist()
        built.append(words)
        external.JT_STOPLIST = words  # type: ignore[assignment]  # any iterable of words serves jusText
        return words

    def defined(stoplist: Iterable[str]) -> frozenset[str] | PackedWords:
        return built[0] if built and stoplist is built[0] else define_stoplist(stoplist)

    defined.__wrapped__ = define_stoplist  # type: ignore[attr-defined]
    justext.core.define_stoplist = defined
    external.jt_stoplist_init = init  # type: ignore[assignment]


def stoplist_words() -> frozenset[str]:
    """jusText's stop words of every language, lower-cased, as jusText builds them.

    Built from its 100-odd stop-list files in ~0.25 s of CPU, paid by every process with a page
    for trafilatura's recall mode (2% of a ``--workers 1`` run over ScrapingHub's WARC); read
    back from a copy in the user's cache directory in ~0.05 s. The copy is plain text, one
    word a line (read as data, never unpickled), named by jusText's version and its number of
    stop lists, and written whole or not at all (a rename). Without a writable cache
    directory the words are built each time, as before.
    """
    from pipeline.cache_dir import cached_words

    return cached_words(_stoplist_name("stopwords"), _build_stoplist)


def packed_stoplist() -> frozenset[str] | PackedWords:
    """:func:`stoplist_words` packed (:class:`~pipeline.extract.packed_words.PackedWords`), read
    from a packed copy in the cache directory (one split, no object per word: ~0.01 s against
    ~0.03 s for the set); the set itself if its words cannot be packed."""
    from pipeline.cache_dir import cached_text

    words: list[frozenset[str]] = []

    def packed() -> str:
        words.append(stoplist_words())
        return pack(words[0]) if packable(words[0]) else ""

    text = cached_text(_stoplist_name(f"stopwords-packed-{PREFIX_CHARS}"), packed)
    if not text:  # not packable (never so for jusText's lists): the set, built or read
        return words[0] if words else stoplist_words()
    return PackedWords(text)


def _stoplist_name(kind: str) -> str:
    """A stop-word copy's name: jusText's version and its number of stop lists."""
    from importlib.metadata import version

    from justext.utils import get_stoplists

    return f"justext-{version('justext')}-{len(get_stoplists())}-{kind}.txt"


def _build_stoplist() -> frozenset[str]:
    from justext.utils import get_stoplist, get_stoplists

    return frozenset(word.lower() for language in sorted(get_stoplists()) for word in get_stoplist(language))


def trafilatura_text(page: etree._Element | str, url: str, fast: bool) -> str:
    """trafilatura's text of a tree (it copies it first) or of the page as served: fast, or its
    recall mode with its own fallbacks; the one call the candidate, baseline and recall share."""
    if not fast:
        _justext_stoplist_once()
    options = copy.copy(_options(fast))  # what bare_extraction would build from these arguments
    options.url = url or None
    options.source = options.url and options.url.encode("utf-8", "replace").decode("utf-8")
    document = bare_extraction(page, url=url or None, options=options)
    body = getattr(document, "body", None) if document is not None else None
    return render_trafilatura(body) if body is not None else ""


def article_text(
    tree: etree._Element, url: str, site_root: etree._Element | None = None, fast: bool = True
) -> tuple[str, str]:
    """(text, extractor used) for the cleaned tree, following the fallback order above."""
    if site_root is not None:
        text = drop_boilerplate_lines(render_html(site_root))
        if len(text) >= MIN_ARTICLE_CHARS:
            return text, "site-rule"
    text = drop_boilerplate_lines(trafilatura_text(tree, url, fast=fast))
    if len(text) >= MIN_ARTICLE_CHARS:
        return text, "trafilatura"
    best, used = text, "trafilatura"
    if fast:
        recall = drop_boilerplate_lines(trafilatura_text(tree, url, fast=False))
        if len(recall) > len(best):
            best, used = recall, "trafilatura-recall"
        if len(best) >= MIN_ARTICLE_CHARS:
            return best, used
    body = tree.find(".//body")
    baseline = drop_boilerplate_lines(render_html(body if body is not None else tree))
    if len(best) < MIN_ARTICLE_CHARS and len(baseline) > len(best):
        return baseline, "baseline"
    return best, used
