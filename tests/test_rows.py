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
