"""The README's reading snippets (pandas, DuckDB, Polars) run as written against a real run's output.

They are taken from the README itself, so a snippet that stops working fails here; the dtypes
the README promises for ``dtype_backend="pyarrow"`` are checked too. Every other Python block
(the Airflow DAG code, whose imports are not installed here) is compiled and must bind each name
it uses: pasted alone, it runs. A block that is a part of something larger says so on the line
before its fence (FRAGMENT_MARK) and is skipped.
"""

from __future__ import annotations

import ast
import builtins
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
# On the line before a ```python fence: the block is a fragment (not compiled, names not checked).
FRAGMENT_MARK = "<!-- fragment -->"
_PYTHON = re.compile(r"(?:^([^\n]*)\n)?```python\n(.*?)```", re.DOTALL | re.MULTILINE)


def reading_snippets() -> list[tuple[str, str]]:
    text = README.read_text(encoding="utf-8")
    section = text[text.index("Loading them") : text.index("## How extraction works")]
    return _BLOCK.findall(section)


def run_reading_snippets() -> tuple[dict[str, Any], dict[str, Any]]:
    """Run the README's loading snippets in the current folder, as an analyst pastes them: the
    names the pandas and the Polars blocks define; each DuckDB statement must return rows."""
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
    return pandas_ns, polars_ns


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
    assert 'dtype_backend="pyarrow"' in snippets[0][1] and "import polars" in snippets[2][1]


def test_the_readme_snippets_run(demo_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(demo_dir)
    pandas_ns, polars_ns = run_reading_snippets()
    # what the README promises for dtype_backend="pyarrow"
    metadata, fetches = pandas_ns["metadata"], pandas_ns["fetches"]
    assert str(metadata["published"].dtype) == "date32[day][pyarrow]"
    assert str(fetches["status"].dtype) == "int64[pyarrow]"
    assert str(fetches["crawl_date"].dtype) == "date32[day][pyarrow]"
    assert len(pandas_ns["latest"]) == 4 and pandas_ns["failed"].empty
    assert len(pandas_ns["recent"]) == 4 and list(pandas_ns["recent"].columns) == ["url", "outcome", "crawl_date"]
    assert polars_ns["articles"].schema["crawl_date"].__class__.__name__ == "Date"
    assert polars_ns["threads"].height > 0
    assert os.getcwd() == str(demo_dir)


def test_the_pandas_snippet_counts_no_sitemap_or_redirect_row_among_what_went_wrong(
    demo_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A sitemap read and an archived redirect are fetch rows of no page and no failure (README,
    *Outcomes*); the snippet's "what went wrong" counted them as failures."""
    import shutil

    import pyarrow.parquet as pq

    root = tmp_path / "analyst"
    shutil.copytree(demo_dir, root)
    fetches = root / "data" / "clean" / "fetches"
    [part] = (fetches / "crawl_date=2026-11-20").glob("part-2026*.parquet")
    rows = pq.read_table(part, partitioning=None).slice(0, 2)
    rows = rows.set_column(rows.schema.get_field_index("outcome"), "outcome", pa.array(["sitemap", "redirect"]))
    (fetches / "crawl_date=2026-11-21").mkdir()
    pq.write_table(rows, fetches / "crawl_date=2026-11-21" / "part-2026-11-21-night--hosts000.parquet")
    monkeypatch.chdir(root)
    pandas_ns, _ = run_reading_snippets()
    assert set(pandas_ns["fetches"]["outcome"]) >= {"sitemap", "redirect"}
    assert pandas_ns["failed"].empty, pandas_ns["failed"]


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


# The README's column types, as the tables spell them.
_TYPES = {
    "string": pa.string(),
    "int16": pa.int16(),
    "int32": pa.int32(),
    "int64": pa.int64(),
    "bool": pa.bool_(),
    "date": pa.date32(),
    "timestamp": pa.timestamp("us", tz="UTC"),
    "list of strings": pa.list_(pa.string()),
}
_DATASETS = ("articles", "metadata", "references", "comments", "fetches")
_ROW = re.compile(r"^\| (\w+) \| ([\w ]+) \| (yes|no) \|", re.MULTILINE)


def documented_columns() -> dict[str, list[tuple[str, str, str]]]:
    """Each dataset's (column, type, null) rows, from its table in the README's output section."""
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## Output: the Parquet datasets") : text.index("Loading them")]
    found: dict[str, list[tuple[str, str, str]]] = {}
    for name in _DATASETS:
        start = section.index(f"**{name}**:")
        table = section[start : section.index("\n\n", section.index("| column |", start))]
        found[name] = _ROW.findall(table)
    return found


def test_the_readme_schema_tables_match_the_parquet_written(demo_dir: Path, tmp_path: Path, sample_warc: Path) -> None:
    """Every column of every dataset, in order, with its type and nullability, as a real run
    writes it (the demo's four datasets, and a run whose page cites sources for references)."""
    import pyarrow.dataset as ds
    import pyarrow.parquet as pq

    text = README.read_text(encoding="utf-8")
    version = re.search(r"`schema_version` \(currently `([\d.]+)`\)", text)
    assert version, "the README names the schema version"
    config = make_config(tmp_path, sources={"warc": [str(sample_warc)]})
    run_pipeline(config, argv=[])
    outputs = [demo_dir / "data" / "clean", tmp_path / "out"]
    for name, rows in documented_columns().items():
        parts = [p for out in outputs for p in sorted((out / name).glob("crawl_date=*/*.parquet"))]
        assert parts, f"no {name} file written"
        for part in parts:
            schema = pq.read_schema(part)
            assert schema.metadata[b"schema_version"].decode() == version.group(1), part
            assert [(f.name, f.type) for f in schema] == [(c, _TYPES[t]) for c, t, _ in rows], name
            table = pq.read_table(part)
            for column, _, null in rows:
                field = schema.field(column)
                if null == "yes":
                    assert field.nullable, f"{name}.{column} is documented nullable"
                elif pa.types.is_list(field.type):  # never null: an empty list when none
                    assert table.column(column).null_count == 0, f"{name}.{column} holds a null"
                else:
                    assert not field.nullable, f"{name}.{column} is documented never null"
    fetches = ds.dataset(tmp_path / "out" / "fetches", format="parquet").to_table().to_pylist()
    assert all(row["error"] is None for row in fetches if row["outcome"] == "ok")
    assert any(row["error"] for row in fetches if row["outcome"] != "ok")


def python_blocks(text: str) -> list[tuple[int, str]]:
    """(line number, code) of every ```python block of ``text`` not marked as a fragment."""
    return [
        (text.count("\n", 0, match.start(2)) + 1, match.group(2))
        for match in _PYTHON.finditer(text)
        if (match.group(1) or "").strip() != FRAGMENT_MARK
    ]


def unbound_names(code: str, filename: str, first_line: int) -> set[str]:
    """The names ``code`` reads that it never binds (an import, an assignment, a def, an
    argument) and that are not builtins: what a NameError would name once pasted."""
    source = "\n" * (first_line - 1) + code  # a syntax error names its README line
    tree = ast.parse(source, filename)
    compile(tree, filename, "exec")
    bound: set[str] = set(dir(builtins))
    read: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            (read if isinstance(node.ctx, ast.Load) else bound).add(node.id)
        elif isinstance(node, ast.alias):
            bound.add((node.asname or node.name).split(".")[0])
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            bound.add(node.name)
        elif isinstance(node, ast.arg):
            bound.add(node.arg)
    return read - bound


def test_every_readme_python_block_compiles_and_binds_the_names_it_uses() -> None:
    """The README's blocks, and those of the documents in ``docs/`` it links to."""
    blocks = python_blocks(README.read_text(encoding="utf-8"))
    assert len(blocks) >= 4  # the pandas and Polars snippets, the Airflow BashOperator and PythonOperator
    for document in (README, *sorted((README.parent / "docs").glob("*.md"))):
        for line, code in python_blocks(document.read_text(encoding="utf-8")):
            unbound = unbound_names(code, str(document), line)
            assert not unbound, f"{document.name} line {line}: {sorted(unbound)} used, never imported or defined"


def test_an_unbound_name_and_a_fragment_mark_are_seen() -> None:
    assert unbound_names("x = timedelta(minutes=20)\n", "t.py", 1) == {"timedelta"}
    assert not unbound_names("from datetime import timedelta\ndef f(a): return [b for b in a], timedelta\n", "t.py", 1)
    with pytest.raises(SyntaxError) as error:
        unbound_names("x = (\n", "README.md", 40)
    assert error.value.lineno == 40
    whole, part = "```python\nx = 1\n```\n", "```python\nundefined_name\n```\n"
    assert python_blocks(f"Text\n{whole}\n{FRAGMENT_MARK}\n{part}") == [(3, "x = 1\n")]  # the line its code starts on
