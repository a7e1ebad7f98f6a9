"""The five output schemas: the analysts' contract.

Change a column only with a SCHEMA_VERSION bump and a README note. Timestamps are
``timestamp[us, UTC]``; article dates are day-precision ``date32``. Datasets are
Hive-partitioned by ``crawl_date`` (a directory level, not a column in the files).
"""

from __future__ import annotations

from typing import Any

import pyarrow as pa

from pipeline.errors import PipelineError

SCHEMA_VERSION = "2.1"
TS = pa.timestamp("us", tz="UTC")
STR_LIST = pa.list_(pa.string())


class RowError(PipelineError):
    """A row does not match its dataset's schema (a bug in the code that built it)."""


def _schema(fields: list[pa.Field], name: str) -> pa.Schema:
    return pa.schema(fields, metadata={b"schema_version": SCHEMA_VERSION.encode(), b"dataset": name.encode()})


ARTICLES = _schema(
    [
        pa.field("article_id", pa.string(), nullable=False),
        pa.field("url", pa.string(), nullable=False),
        pa.field("canonical_url", pa.string()),
        pa.field("site", pa.string()),
        pa.field("title", pa.string()),
        pa.field("text", pa.string(), nullable=False),
        pa.field("word_count", pa.int32(), nullable=False),
        pa.field("language", pa.string()),
        pa.field("content_hash", pa.string(), nullable=False),
        pa.field("simhash", pa.int64(), nullable=False),
        pa.field("duplicate_of", pa.string()),
        pa.field("fetched_at", TS, nullable=False),
        pa.field("run_id", pa.string(), nullable=False),
    ],
    "articles",
)

METADATA = _schema(
    [
        pa.field("article_id", pa.string(), nullable=False),
        pa.field("content_hash", pa.string(), nullable=False),
        pa.field("url", pa.string(), nullable=False),
        pa.field("title", pa.string()),
        pa.field("description", pa.string()),
        pa.field("authors", STR_LIST),
        pa.field("editors", STR_LIST),
        pa.field("published", pa.date32()),
        pa.field("modified", pa.date32()),
        pa.field("author_credentials", STR_LIST),
        pa.field("reviewers", STR_LIST),
        pa.field("reviewer_credentials", STR_LIST),
        pa.field("last_reviewed", pa.date32()),
        pa.field("next_review", pa.date32()),
        pa.field("has_disclaimer", pa.bool_(), nullable=False),
        pa.field("disclaimer", pa.string()),
        pa.field("site_name", pa.string()),
        pa.field("language", pa.string()),
        pa.field("canonical_url", pa.string()),
        pa.field("categories", STR_LIST),
        pa.field("tags", STR_LIST),
        pa.field("image", pa.string()),
        pa.field("status", pa.int64()),  # any integer a status line can carry (one bad record is one row)
        pa.field("content_type", pa.string()),
        pa.field("charset", pa.string()),
        pa.field("etag", pa.string()),
        pa.field("last_modified", pa.string()),
        pa.field("extractor", pa.string()),
        pa.field("fetched_at", TS, nullable=False),
        pa.field("run_id", pa.string(), nullable=False),
    ],
    "metadata",
)

COMMENTS = _schema(
    [
        pa.field("comment_id", pa.string(), nullable=False),
        pa.field("article_id", pa.string(), nullable=False),
        pa.field("content_hash", pa.string(), nullable=False),
        pa.field("position", pa.int32(), nullable=False),
        pa.field("parent_id", pa.string()),
        pa.field("author", pa.string()),
        pa.field("posted_at", TS),
        pa.field("posted_date", pa.date32()),
        pa.field("text", pa.string(), nullable=False),
        pa.field("fetched_at", TS, nullable=False),
        pa.field("run_id", pa.string(), nullable=False),
    ],
    "comments",
)

# One row per cited source, in the order the page lists them; joins metadata on
# (article_id, content_hash). ``text`` is the reference as shown; the ids are parsed from it
# and from its links.
REFERENCES = _schema(
    [
        pa.field("article_id", pa.string(), nullable=False),
        pa.field("content_hash", pa.string(), nullable=False),
        pa.field("position", pa.int32(), nullable=False),
        pa.field("text", pa.string(), nullable=False),
        pa.field("url", pa.string()),
        pa.field("doi", pa.string()),
        pa.field("pmid", pa.string()),
        pa.field("pmcid", pa.string()),
        pa.field("year", pa.int16()),
        pa.field("fetched_at", TS, nullable=False),
        pa.field("run_id", pa.string(), nullable=False),
    ],
    "references",
)

FETCHES = _schema(
    [
        pa.field("url", pa.string(), nullable=False),
        pa.field("final_url", pa.string()),
        pa.field("host", pa.string()),
        pa.field("status", pa.int64()),  # any integer a status line can carry (one bad record is one row)
        pa.field("outcome", pa.string(), nullable=False),
        pa.field("error", pa.string()),
        pa.field("attempts", pa.int16(), nullable=False),
        pa.field("bytes", pa.int64(), nullable=False),
        pa.field("elapsed_ms", pa.int64(), nullable=False),
        pa.field("content_type", pa.string()),
        pa.field("source", pa.string(), nullable=False),
        pa.field("article_id", pa.string()),
        pa.field("fetched_at", TS, nullable=False),
        pa.field("run_id", pa.string(), nullable=False),
        # 2.1: the article version this fetch saw (also when that version was stored before: a
        # page changed back); the last column, so a 2.0 file's columns are a prefix of these
        pa.field("content_hash", pa.string()),
    ],
    "fetches",
)

DATASETS: dict[str, pa.Schema] = {
    "articles": ARTICLES,
    "metadata": METADATA,
    "comments": COMMENTS,
    "references": REFERENCES,
    "fetches": FETCHES,
}

# The Hive partition directory's value, typed as analysts read it (a date, not a string).
CRAWL_DATE = pa.field("crawl_date", pa.date32())


def reading_schema(dataset: str) -> pa.Schema:
    """The dataset as analysts read it: this version's columns, then ``crawl_date``.

    pyarrow (under pandas) and Polars take a directory's columns from its first file, the oldest
    night's: over files of 2.0 and 2.1, pandas dropped 2.1's ``fetches.content_hash`` from every
    row without a word and Polars refused the newer files. Given this schema, both read every
    file, an older one with nulls in the columns added since (``schema=`` in the README).
    """
    return DATASETS[dataset].append(CRAWL_DATE)


class RowBuilder:
    """Builds one dataset's rows: exactly the schema's columns (none missing, none extra), in order.

    The columns are spelled out once, in the schema above; a row with a missing, extra or
    misspelt key, or a null in a non-nullable column, is a :class:`RowError` naming the column
    when the row is built, not a pyarrow error when its batch is written.
    """

    def __init__(self, schema: pa.Schema) -> None:
        self.dataset = (schema.metadata or {}).get(b"dataset", b"?").decode()
        self.columns = tuple(schema.names)
        self._known = frozenset(self.columns)
        self._required = tuple(f.name for f in schema if not f.nullable)

    def __call__(self, **values: Any) -> dict[str, Any]:
        if values.keys() != self._known:
            missing = [c for c in self.columns if c not in values]
            extra = sorted(set(values) - self._known)
            raise RowError(
                f"{self.dataset} row: "
                + "; ".join(
                    part
                    for part in (
                        f"missing column(s) {', '.join(missing)}" if missing else "",
                        f"unknown column(s) {', '.join(extra)}" if extra else "",
                    )
                    if part
                )
            )
        nulls = [c for c in self._required if values[c] is None]
        if nulls:
            raise RowError(f"{self.dataset} row: null in non-nullable column(s) {', '.join(nulls)}")
        return {c: values[c] for c in self.columns}


article_row = RowBuilder(ARTICLES)
metadata_row = RowBuilder(METADATA)
comment_row = RowBuilder(COMMENTS)
reference_row = RowBuilder(REFERENCES)
fetch_row = RowBuilder(FETCHES)
ROW_BUILDERS: dict[str, RowBuilder] = {
    "articles": article_row,
    "metadata": metadata_row,
    "comments": comment_row,
    "references": reference_row,
    "fetches": fetch_row,
}
