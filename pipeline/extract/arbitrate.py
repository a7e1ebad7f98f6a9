"""Arbitration: our candidate text against the baseline, trafilatura's extraction of the same tree.

The candidate (:mod:`pipeline.extract.article` on the cleaned tree, or a forum's opening post
and its replies) is the product of rules: boilerplate removal, the structure step's choice of
root, the forum finder. A rule may trim the baseline, but it has to prove itself when it throws
most of it away. The baseline is ``trafilatura.bare_extraction(fast=True)`` on the page parsed
again from its HTML (the one tree the other steps share is cleaned by then), rendered to our
text contract; it is computed only where it could overrule (BASELINE_GATE_SHARE).

Order, first match wins:

1. **A site rule keeps the candidate**: its ``article_root`` matched (the site said where the
   article is).
2. **An empty or tiny candidate yields** to a longer baseline: text any extractor found is kept,
   unless the baseline is a menu (:func:`menu_like`: most of its lines a few words long) and the
   candidate has text: a short service page's pitch beats its site's navigation. The article
   is measured without its comment rows (a forum's opening post with them): a rule that
   emptied the article leaves the rows, found before it ran, and they are no article.
3. **A candidate that keeps little of the baseline yields**: it holds under KEEP_SHARE of the
   baseline's words, is shorter than the baseline, and the baseline is a real text
   (BASELINE_MIN_CHARS). That is the signature of a rule gone wrong: a whole-page ``<header>``
   dropped as chrome, the article's container removed for a token such as ``infobox``, a news
   listing read as a forum (one teaser the "article"), a sidebar chosen on a short post.
   The article and its comment rows count together (words moved into comments are not lost),
   and the words the comment reader left out of every post it read alike (user cards, member
   labels, reply buttons: the thread's chrome, :attr:`CommentScan.chrome`) are not counted as
   lost either: they are the thread's own template, not another part of the page.
   A clear thread structure (a forum's opening post with THREAD_MIN_REPLIES replies) is
   evidence: it lowers the bar to THREAD_KEEP_SHARE, as forum templates wrap posts in chrome
   (user cards, signatures, quote boxes) the baseline keeps and the thread reader drops.
4. Otherwise the candidate stands: it kept most of the baseline, or found more text than it.

When the result is still under MIN_ARTICLE_CHARS, the recall fallbacks run on the pristine
page (:func:`recall_text`): trafilatura in balanced mode with ``favor_recall`` (its readability
and jusText fallbacks), then readability-lxml; the longest wins. Nothing fails while any of
them finds text.

Thresholds were chosen on the wcxb-dev tune pages (never the holdout), ``bench/extract.py``:
F1 is flat for KEEP_SHARE between 0.6 and 0.8 and BASELINE_MIN_CHARS between 250 and 1000.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from dataclasses import dataclass

from lxml import etree

from pipeline.extract.article import MIN_ARTICLE_CHARS, drop_boilerplate_lines, render_html, trafilatura_text
from pipeline.extract.html import raw_text
from pipeline.extract.word_counts import word_count

# The candidate must keep this share of the baseline's words, or show strong evidence. Below
# it, the candidate is another part of the page or a sliver of the article (measured: on the
# tune pages a candidate under 0.6 beats the baseline on 1 page in 5).
KEEP_SHARE = 0.6
# A baseline this long is an article's worth of text (a few paragraphs); a shorter one is as
# likely a cookie notice or a menu as the article, so it does not overrule a rule.
BASELINE_MIN_CHARS = 500
# A thread of an opening post and this many replies is structure, not one lucky match.
THREAD_MIN_REPLIES = 3
# ... and needs to keep this share of the baseline: a listing read as a thread (one teaser the
# "opening post") keeps a fifth of the article the baseline found; real threads keep half or more.
THREAD_KEEP_SHARE = 0.4

# The baseline cannot overrule a candidate that holds this share of the page's visible text,
# so it is not computed for it: it costs as much as the candidate's own trafilatura pass.
# Measured with the baseline computed on every page (session 8, ba01239: wcxb-dev tune,
# ScrapingHub, fixtures, 626 pages): of the 24 candidates it overruled, 22 held under 0.2
# of the page and two 0.24 and 0.28; none held 0.28 to 0.47 (the two above, at 0.48 and
# 0.86, were outside every gate tried). The closest calls from 0.3 up keep 0.67 and 0.71 of
# the baseline (KEEP_SHARE 0.6) at 0.40 and 0.32. At 0.3 the baseline runs on 20% of those
# pages (ScrapingHub 20%, tune 23%), at the former 0.4 on 31% (40%, 30%), at 0.5 on 44% (54%).
BASELINE_GATE_SHARE = 0.3

# A menu, not an article: this share of its lines hold MENU_LINE_MAX_WORDS words or fewer (link
# labels, product categories). Measured on the tune pages: the baselines that rightly replaced a
# short candidate with text had none; menu-like ones were nav text beside a right candidate.
MENU_LINE_SHARE = 0.8
MENU_LINE_MAX_WORDS = 4

logging.getLogger("readability").setLevel(logging.CRITICAL)
_WORD = re.compile(r"\w+")


@dataclass(slots=True)
class Verdict:
    """The chosen text, the extractor that made it, and why the candidate lost (if it did)."""

    text: str
    used: str
    reason: str | None = None

    @property
    def baseline_won(self) -> bool:
        return self.reason is not None


def baseline_text(tree: etree._Element, url: str) -> str:
    """trafilatura's fast extraction of the untouched tree (it copies the tree first)."""
    return drop_boilerplate_lines(trafilatura_text(tree, url, fast=True))


def page_chars(tree: etree._Element) -> int:
    """Characters of visible text on the page (whitespace squeezed), before any cleaning."""
    body = tree.find("body")
    return len(" ".join(raw_text(body if body is not None else tree).split()))


def needs_baseline(candidate: str, visible_chars: int, article: str | None = None) -> bool:
    """Whether the baseline could overrule ``candidate`` (see BASELINE_GATE_SHARE), or the
    ``article`` part of it is tiny (rule 2 asks the article alone: see :func:`arbitrate`)."""
    tiny = article is not None and len(article.strip()) < MIN_ARTICLE_CHARS
    return tiny or len(candidate.strip()) < BASELINE_GATE_SHARE * visible_chars


def word_counts(text: str) -> Counter[str]:
    """The case-folded words of ``text`` as a multiset (how :func:`word_share` counts)."""
    return Counter(_WORD.findall(text.casefold()))


def word_share(candidate: str, baseline: str, chrome: Counter[str] | None = None) -> float:
    """Share of the baseline's words (as a multiset, case-folded) that the candidate holds,
    less the thread's ``chrome`` (case-folded words the comment reader dropped from its posts,
    and a product's reviews the boilerplate layer removed)."""
    mine = word_counts(candidate)
    wanted = word_counts(baseline)
    if chrome:
        wanted -= chrome
    total = sum(wanted.values())
    if not total:
        return 1.0
    return sum((mine & wanted).values()) / total


def arbitrate(
    candidate: str,
    used: str,
    baseline: str,
    site_rule: bool = False,
    replies: int = 0,
    chrome: Counter[str] | None = None,
    article: str | None = None,
) -> Verdict:
    """Follow the order in the module docstring.

    ``candidate`` is the article text and its comment rows; ``replies`` the replies of a
    forum's opening post (0 when the article is not a forum post); ``chrome`` the thread's
    template words (see :func:`word_share`). ``article``, the candidate's article text when it
    is not a forum's opening post, is what rule 2 measures: comment rows found before a rule
    emptied the article (an unclosed ``<header>`` dropped with the page in it) are no article.
    """
    if site_rule or not baseline:
        return Verdict(candidate, used)
    own = candidate if article is None else article
    if len(own.strip()) < MIN_ARTICLE_CHARS and len(baseline) > len(own):
        if own.strip() and menu_like(baseline):
            return Verdict(candidate, used)
        return Verdict(baseline, "baseline", f"{used} short ({len(own.strip())} chars)")
    if len(baseline) >= BASELINE_MIN_CHARS and len(candidate) < len(baseline):
        share = word_share(candidate, baseline, chrome)
        if share < (THREAD_KEEP_SHARE if replies >= THREAD_MIN_REPLIES else KEEP_SHARE):
            return Verdict(baseline, "baseline", f"{used} kept {share:.0%} of the baseline")
    return Verdict(candidate, used)


def menu_like(text: str) -> bool:
    """Most lines are a few words: navigation or a category list, not prose (see MENU_LINE_SHARE)."""
    lines = [line for line in text.split("\n") if line.strip()]
    short = sum(1 for line in lines if word_count(line) <= MENU_LINE_MAX_WORDS)
    return bool(lines) and short >= MENU_LINE_SHARE * len(lines)


def recall_text(html: str, url: str) -> tuple[str, str]:
    """(text, extractor) of the recall fallbacks on the page as served; the longest wins.

    Rare (short results only), so it parses the page again rather than keep a copy of every tree.
    """
    from lxml.html import fromstring
    from readability import Document  # 0.2 s of start-up, for the few short pages

    best, used = "", "none"
    text = trafilatura_text(html, url, fast=False)
    if text:
        best, used = drop_boilerplate_lines(text), "trafilatura-recall"
    try:
        summary = Document(html).summary(html_partial=True)
        text = drop_boilerplate_lines(render_html(fromstring(summary)))
    except Exception:  # readability raises on pages it cannot score: that is "no text"
        text = ""
    if len(text) > len(best):
        best, used = text, "readability"
    return best, used
