"""Quotes of an earlier post that open a reply, in no quote markup.

A reader answering another comment often opens with the words answered, copied verbatim and
set apart only by italics or a line break (MetaFilter's ``<i>...</i><br><br>``), where the
software marks no quote (:mod:`pipeline.extract.comment_body` drops the marked ones). When a
reply's first paragraph is, word for word, part of an earlier post of the same thread and words
of its own follow, that paragraph is the quote, not the reader's text.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from pipeline.extract.comment_thread import Read

# A quote this long is no coincidence: two readers write "I agree with this" alike, never a
# clause of eight words copied from another's post. MetaFilter's quotes run 10-30 words.
QUOTE_MIN_WORDS = 8
# What the quotes are searched in at most, summed over the replies asked: a thread of 3,000
# long replies (bench/huge_page.py's 10 MB page) would scan ~10 GB; 50 M characters are
# ~50 ms, and every real thread we hold is under 1 M.
QUOTE_SCAN_MAX_CHARS = 50_000_000
_WORD = re.compile(r"\w+")
_PARAGRAPH = "\n\n"


def _words(text: str) -> str:
    """The text's words, case-folded, one space apart: a quote loses its punctuation's edges."""
    return " ".join(_WORD.findall(text.casefold()))


def without_quoted_leads(reads: list[Read], forum: bool) -> None:
    """Drop (in place) each read's first paragraph when it repeats an earlier comment by another
    reader verbatim and the reply says more after it (a copy of a whole comment, as spam posts
    one, quotes nothing); the dropped words join the read's ``quote_text``. A forum's opening
    post is the article (:mod:`comment_thread`), no comment: a reply opening with its words is
    left as it is (arbitration weighs the article's text).

    The comments are searched as one string, up to QUOTE_SCAN_MAX_CHARS in all: linear in the
    thread until a thread of thousands of long replies would make it quadratic."""
    posts = [
        f" {_words(read.text)} " if read.text and not (forum and index == 0) else " "
        for index, read in enumerate(reads)
    ]
    starts: list[int] = []
    offset = 0
    for post in posts:
        starts.append(offset)
        offset += len(post) + 1
    joined = "\n".join(posts)
    budget = QUOTE_SCAN_MAX_CHARS
    for index, read in enumerate(reads):
        lead, _, rest = read.text.partition(_PARAGRAPH)
        words, after = _words(lead), _words(rest)
        if not after or words.count(" ") + 1 < QUOTE_MIN_WORDS or posts[index] == " ":
            continue
        budget -= starts[index]
        if budget < 0:
            return
        if _quotes_earlier(joined, starts, index, f" {words} ", f" {after} ", reads):
            read.text = rest.strip()
            read.quote_text.append(lead)


def _quotes_earlier(joined: str, starts: list[int], index: int, lead: str, after: str, reads: list[Read]) -> bool:
    """Whether ``lead`` is in a comment before ``index`` by another reader that does not hold
    ``after`` too."""
    found = joined.find(lead, 0, starts[index])
    while found >= 0:
        source = bisect_right(starts, found) - 1
        post = joined[starts[source] : starts[source + 1] - 1]
        if not _same(reads[source].author, reads[index].author) and after not in post:
            return True
        found = joined.find(lead, found + 1, starts[index])
    return False


def _same(one: str | None, other: str | None) -> bool:
    """The same reader, when both are named: one who repeats their own words quotes no one."""
    return one is not None and other is not None and one.casefold() == other.casefold()
