"""Eighth outside-style audit (session 12): what the seven before did not cover, with real parts.

Each test is one row of the README's "Eighth outside-style audit" table.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import pyarrow.parquet as pq
import pytest

from pipeline.resources import data_path
from pipeline.run.runner import run_pipeline
from tests.conftest import make_config
from tests.test_readme_snippets import README, reading_snippets


@pytest.fixture(scope="module")
def two_versions(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """data/clean holding a night written by 2.1 and an older one as 2.0 wrote it (no content_hash)."""
    root = tmp_path_factory.mktemp("versions")
    out = root / "data" / "clean"
    config = make_config(
        root,
        sources={"warc": [str(data_path("demo", "demo.warc.gz"))]},
        output={"dir": str(out), "raw_dir": str(root / "raw")},
        run={"run_date": "2026-11-20"},
    )
    assert run_pipeline(config, argv=[]).exit_code == 0
    for dataset in ("articles", "metadata", "comments", "fetches"):
        older = out / dataset / "crawl_date=2026-11-19"
        older.mkdir()
        for part in (out / dataset / "crawl_date=2026-11-20").glob("part-2026*.parquet"):
            table = pq.read_table(part, partitioning=None)
            if dataset == "fetches":
                table = table.drop_columns(["content_hash"])
            metadata = {**(table.schema.metadata or {}), b"schema_version": b"2.0"}
            pq.write_table(table.replace_schema_metadata(metadata), older / "part-2026-11-19-old--demo.parquet")
    return root


def test_the_readme_snippets_read_2_0_and_2_1_files_side_by_side(
    two_versions: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """pandas dropped 2.1's content_hash from every row (the oldest file's columns), Polars refused."""
    monkeypatch.chdir(two_versions)
    namespaces: list[dict[str, Any]] = []
    for kind, code in reading_snippets():
        if kind == "python":
            namespace: dict[str, Any] = {}
            exec(compile(code, str(README), "exec"), namespace)
            namespaces.append(namespace)
        else:
            for statement in (s for s in code.split(";") if s.strip()):
                assert duckdb.connect().execute(statement).fetchall(), statement
    pandas_ns, polars_ns = namespaces
    fetches = pandas_ns["fetches"]
    assert len(fetches) == 8
    newer = fetches[fetches["crawl_date"].astype(str) == "2026-11-20"]
    assert newer["content_hash"].notna().all() and fetches["content_hash"].isna().sum() == 4
    assert str(fetches["crawl_date"].dtype) == "date32[day][pyarrow]"
    assert len(pandas_ns["recent"]) == 8
    polars_fetches = polars_ns["fetches"]
    assert polars_fetches.height == 8 and polars_fetches["content_hash"].null_count() == 4
    assert polars_fetches.schema["crawl_date"].__class__.__name__ == "Date"


def test_pyarrow_alone_would_drop_the_newer_column(two_versions: Path) -> None:
    """What the schema= in the snippets is for (if pyarrow ever unions by itself, this fails)."""
    import pandas as pd

    plain = pd.read_parquet(two_versions / "data" / "clean" / "fetches")
    assert "content_hash" not in plain.columns
