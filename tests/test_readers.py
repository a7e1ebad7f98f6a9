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
    # references join metadata on the article version, in all three readers
    joined = (
        duckdb.connect()
        .execute(
            f"select m.title, r.position, r.doi, r.pmid, r.year from read_parquet('{out}/references/**/*.parquet') r"
            f" join read_parquet('{out}/metadata/**/*.parquet') m using (article_id, content_hash) order by 2"
        )
        .fetchall()
    )
    assert joined == [("Asthma", 0, "10.1183/13993003.02730-2021", None, 2022), ("Asthma", 1, None, "28911920", 2018)]
    refs = pd.read_parquet(out / "references").merge(
        pd.read_parquet(out / "metadata"), on=["article_id", "content_hash"]
    )
    assert list(refs["title"]) == ["Asthma", "Asthma"]
    polars_refs = pl.read_parquet(str(out / "references" / "**" / "*.parquet"), hive_partitioning=True)
    assert polars_refs["pmid"].to_list() == [None, "28911920"]
