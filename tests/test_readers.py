"""Analysts' contract: the datasets load whole in pandas, DuckDB and Polars."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import polars as pl

from pipeline.normalize.schemas import DATASETS
from pipeline.run.runner import run_pipeline
from tests.conftest import make_config


def test_pandas_duckdb_polars_read_all_datasets(tmp_path: Path, sample_warc: Path) -> None:
    run_pipeline(make_config(tmp_path, sources={"warc": [str(sample_warc)]}, run={"run_date": "2026-11-20"}), argv=[])
    out = tmp_path / "out"
    for name, schema in DATASETS.items():
        frame = pd.read_parquet(out / name)
        assert set(schema.names) <= set(frame.columns)
        con = duckdb.connect()
        rows = con.execute(
            f"select count(*), min(crawl_date) from read_parquet('{out / name}/**/*.parquet', hive_partitioning=true)"
        ).fetchone()
        assert rows is not None and rows[0] == len(frame) and str(rows[1]) == "2026-11-20"
        polars_frame = pl.read_parquet(str(out / name / "**" / "*.parquet"), hive_partitioning=True)
        assert polars_frame.height == len(frame)
    authors = (
        duckdb.connect()
        .execute(f"select unnest(authors) from read_parquet('{out}/metadata/**/*.parquet') order by 1")
        .fetchall()
    )
    assert ("Ann Writer",) in authors
