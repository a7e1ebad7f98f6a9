"""Row builders: one per dataset, exactly the schema's columns, checked when the row is built."""

from __future__ import annotations

import datetime as dt

import pyarrow as pa
import pytest

from pipeline.normalize.schemas import DATASETS, ROW_BUILDERS, RowError, comment_row, fetch_row

NOW = dt.datetime(2026, 11, 20, 12, 0, tzinfo=dt.UTC)


def a_fetch(**changes: object) -> dict[str, object]:
    values: dict[str, object] = {
        "url": "https://a.example/x",
        "final_url": None,
        "host": "a.example",
        "status": 200,
        "outcome": "ok",
        "error": None,
        "attempts": 1,
        "bytes": 10,
        "elapsed_ms": 5,
        "content_type": "text/html",
        "source": "http",
        "article_id": None,
        "fetched_at": NOW,
        "run_id": "r1",
        "content_hash": None,
    }
    values.update(changes)
    return values


def test_every_dataset_has_a_builder_with_its_columns() -> None:
    assert set(ROW_BUILDERS) == set(DATASETS)
    for name, builder in ROW_BUILDERS.items():
        assert builder.columns == tuple(DATASETS[name].names) and builder.dataset == name


def test_a_built_row_is_written_by_pyarrow_with_the_schema() -> None:
    row = fetch_row(**a_fetch())
    assert list(row) == DATASETS["fetches"].names
    assert pa.Table.from_pylist([row], schema=DATASETS["fetches"]).num_rows == 1


def test_a_missing_column_is_named() -> None:
    values = a_fetch()
    del values["host"]
    with pytest.raises(RowError, match=r"fetches row: missing column\(s\) host"):
        fetch_row(**values)


def test_an_extra_or_misspelt_column_is_named() -> None:
    values = a_fetch()
    values["hots"] = values.pop("host")
    with pytest.raises(RowError, match=r"missing column\(s\) host; unknown column\(s\) hots"):
        fetch_row(**values)


def test_a_null_in_a_required_column_is_named() -> None:
    with pytest.raises(RowError, match=r"comments row: null in non-nullable column\(s\) text"):
        comment_row(
            comment_id="c",
            article_id="a",
            content_hash="h",
            position=0,
            parent_id=None,
            author=None,
            posted_at=None,
            posted_date=None,
            text=None,
            fetched_at=NOW,
            run_id="r1",
        )


def test_version_hash_is_that_of_the_whole_metadata_record() -> None:
    """The version hash reads every metadata field as ``dataclasses.asdict`` gives it (stored hashes stay)."""
    import dataclasses
    import hashlib
    import json

    from pipeline.normalize.rows import version_hash_for
    from pipeline.records import Comment, Extraction, Metadata

    def reference(extraction: Extraction) -> str:
        comments = [
            [c.position, c.parent_position, c.author, c.posted_at, c.posted_date, " ".join(c.text.split())]
            for c in extraction.comments
        ]
        state = {"metadata": dataclasses.asdict(extraction.metadata), "comments": comments, "references": []}
        basis = json.dumps(state, sort_keys=True, default=str, ensure_ascii=False)
        text = " ".join(extraction.text.split())
        return hashlib.sha256(f"{text}\x1e{basis}".encode("utf-8", "surrogatepass")).hexdigest()[:32]

    full = Metadata(
        title="Gout", description="d", authors=["A", "B"], editors=["E"], published=dt.date(2024, 5, 6),
        modified=dt.date(2024, 5, 7), site_name="S", language="en", canonical_url="https://a.example/x",
        categories=["c"], tags=["t1", "t2"], image="i", author_credentials=["MD", ""], reviewers=["R"],
        reviewer_credentials=["PhD"], last_reviewed=dt.date(2024, 1, 1), next_review=dt.date(2025, 1, 1),
        disclaimer="Not advice.",
    )  # fmt: skip
    comment = Comment(position=0, text="Nice  one", author="x", posted_at=NOW, posted_date=NOW.date())
    hashes = set()
    for metadata in (Metadata(), full, dataclasses.replace(full, tags=[]), dataclasses.replace(full, title=None)):
        for comments in ([], [comment]):
            extraction = Extraction(text="Body  text", metadata=metadata, comments=comments)
            assert version_hash_for(extraction) == reference(extraction)
            hashes.add(version_hash_for(extraction))
    assert len(hashes) == 8
