"""Turn one :class:`~pipeline.records.PageResult` into rows for the five datasets.

Identities are content-derived so that re-runs and retries produce the same keys:
``article_id`` hashes the normalised canonical URL (else the final URL); ``content_hash``
hashes the article version: its text, its metadata and its comments, so a new comment under
an unchanged text, or a new reviewer, is a new version and is stored (a hash of the text alone
would skip it); ``comment_id`` hashes the article, the comment's author, date and text (with
an occurrence counter for exact repeats), so it names one comment across versions.
"""

from __future__ import annotations

import codecs
import dataclasses
import datetime as dt
import hashlib
import io
import json
import re
from dataclasses import dataclass, field
from typing import IO, Any, cast
from urllib.parse import urlsplit

from courlan import normalize_url
from tld import get_fld
from tld import utils as tld_utils

from pipeline.fetch.urls import host_of, with_bare_parameters, without_credentials
from pipeline.normalize.dedupe import WORD, simhash_of_words
from pipeline.normalize.schemas import article_row, comment_row, fetch_row, metadata_row, reference_row
from pipeline.records import Extraction, Metadata, Outcome, PageResult


def _digest(text: str, size: int = 16) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:size]


def canonical_form(url: str) -> str:
    """The URL as used for identity: courlan's normalisation (lower-case host, no fragment...),
    keeping the query's parameters without a value (``?about``: :func:`with_bare_parameters`)."""
    try:
        return with_bare_parameters(str(normalize_url(url)), urlsplit(url).query)
    except (ValueError, AttributeError):
        return url.strip()


def article_id_for(canonical_url: str | None, final_url: str) -> str:
    """The article's identity: its canonical URL when that is on the page's own site, else its URL.

    A page cannot take over another site's article: a canonical link to another site is
    recorded (``canonical_url``) but never hashed into the identity, or the "latest version" of
    that site's article could be any stranger's text.
    """
    if canonical_url and not same_site(canonical_url, final_url):
        canonical_url = None
    return _digest(canonical_form(canonical_url or final_url))


def preload() -> None:
    """Read the public-suffix list now: ``tld`` reads and indexes it on its first use (~75 ms of
    CPU and a few MB), which a driver does once before its pool forks instead of every worker.

    Its lines are handed to it from one read of the file (:func:`_suffix_lines`) instead of
    through ``codecs``' line reader, which splits them in Python: 45-60 -> 20-30 ms a process."""
    reader = getattr(tld_utils, TLD_READER)
    setattr(tld_utils, TLD_READER, _suffix_lines)
    try:
        get_fld("https://www.example.org/", fail_silently=True)
    finally:
        setattr(tld_utils, TLD_READER, reader)


# The name ``tld`` opens its list by (``from codecs import open as codecs_open``), asked when it reads.
TLD_READER = "codecs_open"


# Where ``codecs``' reader ends a line besides "\n" (``str.splitlines``): a file holding none of
# these has the lines a plain "\n" split gives.
_OTHER_LINE_ENDS = re.compile("[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


def _suffix_lines(path: str, mode: str = "r", encoding: str = "utf8") -> IO[str]:
    """The file as ``codecs.open(path, mode, encoding=encoding)`` gives its lines to ``tld``, read
    at once (``tests/test_rows_preload.py``: the same index); the codecs reader itself when the
    file ends a line in another way than "\n"."""
    with open(path, "rb") as stream:
        text = stream.read().decode(encoding)
    if mode != "r" or _OTHER_LINE_ENDS.search(text):
        return cast(IO[str], codecs.open(path, mode, encoding=encoding))
    return io.StringIO(text, newline="\n")


def same_site(url: str, other: str) -> bool:
    """Same registrable domain (``m.bbc.co.uk`` and ``www.bbc.co.uk``), else the same host without ``www.``."""
    first, second = get_fld(url, fail_silently=True), get_fld(other, fail_silently=True)
    if first and second:
        return bool(first == second)
    return host_of(url).removeprefix("www.") == host_of(other).removeprefix("www.")


def version_hash_for(extraction: Extraction) -> str:
    """The version's identity: the normalised text, every metadata field, references and comments.

    HTTP facts (status, ETag, fetch time) are not part of it: a re-fetch of the same page is the
    same version. Every field of :class:`~pipeline.records.Metadata` counts, new ones included.
    """
    comments = [
        [c.position, c.parent_position, c.author, c.posted_at, c.posted_date, " ".join(c.text.split())]
        for c in extraction.comments
    ]
    references = [[r.position, r.text, r.url] for r in extraction.references]
    state = {
        "metadata": _metadata_state(extraction.metadata),
        "comments": comments,
        "references": references,
    }
    basis = json.dumps(state, sort_keys=True, default=str, ensure_ascii=False)
    return _digest(f"{' '.join(extraction.text.split())}\x1e{basis}", 32)


_PLAIN = (str, int, float, dt.date, type(None))
_METADATA_FIELDS = tuple(f.name for f in dataclasses.fields(Metadata))


def _metadata_state(meta: Metadata) -> dict[str, Any]:
    """``dataclasses.asdict(meta)`` as JSON sees it, without its deep copy (a fifth of a page's rows).

    The fields are strings, dates and lists of strings; a field of another kind (a new nested
    record) takes ``asdict`` itself, so the version hash never depends on which path ran.
    """
    state = {name: getattr(meta, name) for name in _METADATA_FIELDS}
    for value in state.values():
        if not isinstance(value, _PLAIN) and not (isinstance(value, list) and all(type(v) is str for v in value)):
            return dataclasses.asdict(meta)
    return state


def word_count(text: str) -> int:
    return len(WORD.findall(text))


@dataclass(slots=True)
class PageRows:
    """The rows one page contributes; ``article`` is None when nothing was extracted."""

    fetch: dict[str, Any]
    article: dict[str, Any] | None = None
    metadata: dict[str, Any] | None = None
    comments: list[dict[str, Any]] = field(default_factory=list)
    references: list[dict[str, Any]] = field(default_factory=list)

    @property
    def version_key(self) -> tuple[str, str] | None:
        if self.article is None:
            return None
        return self.article["article_id"], self.article["content_hash"]


def page_rows(result: PageResult, run_id: str) -> PageRows:
    """Rows for one page; a page without an extraction yields only its fetch row."""
    page, extraction = result.page, result.extraction
    url = without_credentials(page.url)  # user:password@ is never stored
    fetch = fetch_row(
        url=url,
        final_url=without_credentials(page.final_url) if page.final_url else page.final_url,
        host=host_of(page.final_url or page.url) or None,  # null, not '', when the URL has none
        status=page.status,
        outcome=str(page.outcome),
        error=page.error,
        attempts=page.attempts,
        bytes=page.bytes_read,
        elapsed_ms=page.elapsed_ms,
        content_type=page.content_type,
        source=page.source,
        article_id=None,
        fetched_at=page.fetched_at,
        run_id=run_id,
        content_hash=None,
    )
    rows = PageRows(fetch=fetch)
    if extraction is None or page.outcome is not Outcome.OK:
        return rows
    meta = extraction.metadata
    final_url = without_credentials(page.final_url or page.url)
    canonical_url = without_credentials(meta.canonical_url) if meta.canonical_url else meta.canonical_url
    article_id = article_id_for(canonical_url, final_url)
    content_hash = version_hash_for(extraction)
    words = WORD.findall(extraction.text)  # counted, and shingled for the SimHash
    fetch["article_id"], fetch["content_hash"] = article_id, content_hash
    rows.article = article_row(
        article_id=article_id,
        url=url,
        canonical_url=canonical_url,
        site=host_of(final_url) or None,
        title=meta.title,
        text=extraction.text,
        word_count=len(words),
        language=meta.language,
        content_hash=content_hash,
        simhash=simhash_of_words(words),
        duplicate_of=None,
        fetched_at=page.fetched_at,
        run_id=run_id,
    )
    rows.metadata = metadata_row(
        article_id=article_id,
        content_hash=content_hash,
        url=url,
        title=meta.title,
        description=meta.description,
        authors=list(meta.authors),
        editors=list(meta.editors),
        published=meta.published,
        modified=meta.modified,
        author_credentials=list(meta.author_credentials),
        reviewers=list(meta.reviewers),
        reviewer_credentials=list(meta.reviewer_credentials),
        last_reviewed=meta.last_reviewed,
        next_review=meta.next_review,
        has_disclaimer=meta.disclaimer is not None,
        disclaimer=meta.disclaimer,
        site_name=meta.site_name,
        language=meta.language,
        canonical_url=canonical_url,
        categories=list(meta.categories),
        tags=list(meta.tags),
        image=meta.image,
        status=page.status,
        content_type=page.content_type,
        charset=page.charset,
        etag=page.header("etag"),
        last_modified=page.header("last-modified"),
        extractor=extraction.extractor_used,
        fetched_at=page.fetched_at,
        run_id=run_id,
    )
    rows.references = [
        reference_row(
            article_id=article_id,
            content_hash=content_hash,
            position=ref.position,
            text=ref.text,
            url=ref.url,
            doi=ref.doi,
            pmid=ref.pmid,
            pmcid=ref.pmcid,
            year=ref.year,
            fetched_at=page.fetched_at,
            run_id=run_id,
        )
        for ref in extraction.references
    ]
    ids: dict[int, str] = {}
    seen: dict[str, int] = {}
    for comment in extraction.comments:
        basis = "\x1f".join(
            [
                article_id,
                comment.author or "",
                comment.posted_at.isoformat() if comment.posted_at else "",
                " ".join(comment.text.split()),
            ]
        )
        repeat = seen.get(basis, 0)
        seen[basis] = repeat + 1
        comment_id = _digest(f"{basis}\x1f{repeat}")
        ids[comment.position] = comment_id
        parent = comment.parent_position
        rows.comments.append(
            comment_row(
                comment_id=comment_id,
                article_id=article_id,
                content_hash=content_hash,
                position=comment.position,
                parent_id=ids.get(parent) if parent is not None else None,
                author=comment.author,
                posted_at=comment.posted_at,
                posted_date=comment.posted_date,
                text=comment.text,
                fetched_at=page.fetched_at,
                run_id=run_id,
            )
        )
    return rows
