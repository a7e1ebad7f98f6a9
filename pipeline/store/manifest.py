"""Shard markers and run manifests under ``OUT/_runs/`` (pyarrow, DuckDB and Polars skip ``_`` paths).

A shard's part files count only once its marker exists: the marker is written (atomically)
after every part file is in place. At the start of a run, part files without a marker are
left-overs of a killed run and are removed, so a crash never leaves duplicate rows behind.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from pipeline.files import write_json_atomic
from pipeline.normalize.schemas import DATASETS
from pipeline.store.lock import shard_committing

RUNS_DIR = "_runs"
PART_PATTERN = re.compile(r"^part-(?P<run>[A-Za-z0-9._-]+?)--(?P<shard>[A-Za-z0-9._-]+)\.parquet$")


def part_name(run_id: str, shard: str) -> str:
    return f"part-{run_id}--{shard}"


def marker_path(out_dir: Path, run_id: str, shard: str) -> Path:
    return out_dir / RUNS_DIR / run_id / "shards" / f"{shard}.json"


def read_marker(out_dir: Path, run_id: str, shard: str) -> dict[str, Any] | None:
    path = marker_path(out_dir, run_id, shard)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def committed_marker(out_dir: Path, run_id: str, shard: str) -> dict[str, Any] | None:
    """The shard's marker if the shard is committed: marker written and every part file it lists in place."""
    marker = read_marker(out_dir, run_id, shard)
    if marker is None:
        return None
    files = marker.get("files", {})
    if not all(isinstance(f, dict) and (out_dir / f.get("path", "")).is_file() for f in files.values()):
        return None
    return marker


def committed_markers(out_dir: Path, run_id: str) -> dict[str, dict[str, Any]]:
    """Every committed shard of the run, by key: its marker."""
    shards_dir = out_dir / RUNS_DIR / run_id / "shards"
    markers: dict[str, dict[str, Any]] = {}
    for path in sorted(shards_dir.glob("*.json")) if shards_dir.is_dir() else []:
        marker = committed_marker(out_dir, run_id, path.stem)
        if marker is not None:
            markers[path.stem] = marker
    return markers


def committed_attempt(out_dir: Path, run_id: str, shard: str) -> str | None:
    """The attempt id the shard's committed marker records ("" before attempts were recorded); None if not committed."""
    marker = committed_marker(out_dir, run_id, shard)
    return None if marker is None else str(marker.get("attempt", ""))


def write_marker(out_dir: Path, run_id: str, shard: str, payload: dict[str, Any]) -> None:
    write_json_atomic(marker_path(out_dir, run_id, shard), payload)


def remove_unmarked_parts(out_dir: Path) -> list[Path]:
    """Delete part files whose shard never finished (no marker): a killed run's partial output.

    A shard whose commit lock is held is left alone: a lost Dask worker still running it is
    renaming its parts and will write the marker next (its files would go, its marker stay).
    """
    removed: list[Path] = []
    for dataset in DATASETS:
        root = out_dir / dataset
        if not root.is_dir():
            continue
        for file in root.glob("*/part-*.parquet"):
            match = PART_PATTERN.match(file.name)
            if (
                match
                and not marker_path(out_dir, match["run"], match["shard"]).is_file()
                and not shard_committing(out_dir, match["run"], match["shard"])
            ):
                file.unlink(missing_ok=True)
                removed.append(file)
    return removed


def write_manifest(out_dir: Path, run_id: str, payload: dict[str, Any]) -> Path:
    path = out_dir / RUNS_DIR / f"{run_id}.json"
    write_json_atomic(path, payload, crash="manifest")
    return path


def list_manifests(out_dir: Path) -> list[dict[str, Any]]:
    manifests = []
    for path in sorted((out_dir / RUNS_DIR).glob("*.json")):
        try:
            manifests.append(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError):
            continue
    return manifests
