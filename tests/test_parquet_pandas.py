"""Storing rows needs no pandas: a fresh process writes part files without importing it, and
pyarrow's pandas conversions still work in that process afterwards."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = """
import sys
from datetime import datetime, timezone
from pathlib import Path

import pyarrow.parquet as pq

from pipeline.normalize.schemas import fetch_row
from pipeline.store.parquet import PartWriter

out = Path(sys.argv[1])
when = datetime(2026, 12, 6, tzinfo=timezone.utc)
rows = [
    fetch_row(url=f"https://example.org/{i}", final_url=None, host="example.org", status=200, outcome="ok",
              error=None, attempts=1, bytes=10 * i, elapsed_ms=i, content_type="text/html", source="warc",
              article_id=None, fetched_at=when, run_id="r", content_hash=None)
    for i in range(3)
]
writer = PartWriter(out, "fetches", "2026-12-06", "part-r--0", batch_rows=2)
writer.extend(rows)
path = writer.commit()
print("pandas imported:", "pandas" in sys.modules)
table = pq.read_table(path)
assert table.column("bytes").to_pylist() == [0, 10, 20], table
frame = table.to_pandas()  # pyarrow's own pandas call imports it now
print("to_pandas rows:", len(frame), "pandas imported:", "pandas" in sys.modules)
"""


def test_rows_are_stored_without_importing_pandas(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path)], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines == ["pandas imported: False", "to_pandas rows: 3 pandas imported: True"]
