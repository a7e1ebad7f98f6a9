"""The README's reading snippets (pandas, DuckDB, Polars) run as written against a real run's output.

They are taken from the README itself, so a snippet that stops working fails here; the dtypes
the README promises for ``dtype_backend="pyarrow"`` are checked too.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pytest

from pipeline.resources import data_path
from pipeline.run.runner import run_pipeline
from tests.conftest import make_config

README = Path(__file__).resolve().parents[1] / "README.md"
_BLOCK = re.compile(r"```(python|sql)\n(.*?)```", re.DOTALL)


def reading_snippets() -> list[tuple[str, str]]:
    text = README.read_text(encoding="utf-8")
    section = text[text.index("Loading them") : text.index("## How extraction works")]
    return _BLOCK.findall(section)


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A directory holding data/clean, the demo's output (the path the snippets use)."""
    root = tmp_path_factory.mktemp("analyst")
    config = make_config(
        root,
        sources={"warc": [str(data_path("demo", "demo.warc.gz"))]},
        output={"dir": str(root / "data" / "clean"), "raw_dir": str(root / "raw")},
        run={"run_date": "2026-11-20"},
    )
    assert run_pipeline(config, argv=[]).exit_code == 0
    return root


def test_the_readme_has_pandas_duckdb_and_polars_snippets() -> None:
    snippets = reading_snippets()
    assert [kind for kind, _ in snippets] == ["python", "sql", "python"]
    assert "dtype_backend=\"pyarrow\"" in snippets[0][1] and "import polars" in snippets[2][1]


def test_the_readme_snippets_run(demo_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(demo_dir)
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
    # what the README promises for dtype_backend="pyarrow"
    metadata, fetches = pandas_ns["metadata"], pandas_ns["fetches"]
    assert str(metadata["published"].dtype) == "date32[day][pyarrow]"
    assert str(fetches["status"].dtype) == "int64[pyarrow]"
    assert str(fetches["crawl_date"].dtype) == "date32[day][pyarrow]"
    assert len(pandas_ns["latest"]) == 4 and pandas_ns["failed"].empty
    assert polars_ns["articles"].schema["crawl_date"].__class__.__name__ == "Date"
    assert polars_ns["threads"].height > 0
    assert os.getcwd() == str(demo_dir)


def test_unknown_values_are_null_not_empty(tmp_path: Path, sample_warc: Path) -> None:
    """Pages with and without comments and references, a PDF, a 404 and an invalid URL."""
    import pyarrow.dataset as ds

    config = make_config(tmp_path, sources={"warc": [str(sample_warc)], "urls": ["http://[::1"]})
    run_pipeline(config, argv=[])
    out = tmp_path / "out"
    for name in ("articles", "metadata", "comments", "references", "fetches"):
        table = ds.dataset(out / name, format="parquet").to_table()
        assert table.num_rows, name
        for field in table.schema:
            if pa.types.is_string(field.type):
                values = table.column(field.name).to_pylist()
                assert "" not in values, f"{name}.{field.name} has '' (unknown values are null)"
