"""Resuming a run whatever its workers: the URL shards it committed under another plan are kept.

The run id digests the input and the config, not the shards (``pipeline.run.plan``), so a
killed run started again with another ``--workers`` (or on a cluster of another size) is the
same run, but its plan groups the hosts differently. A committed shard holds every URL of its
hosts (a host is never split), so those hosts are done: they are left out of the new plan and
the shard counts as resumed. Shards that were not committed left nothing behind (their part
files are swept), so their hosts are planned again, grouped for the workers at hand.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from pipeline.run.shard import ShardResult
from pipeline.store.manifest import RUNS_DIR, committed_marker

# Keys of URL shards written before markers named their hosts ("hosts003").
_LEGACY_URL_SHARD = re.compile(r"hosts\d{3}")


def _url_shard_hosts(key: str, marker: dict[str, Any]) -> list[str]:
    """The hosts a committed URL shard holds; [] for a WARC shard."""
    planned = marker.get("planned_hosts")
    if planned:
        return [str(h) for h in planned]
    if _LEGACY_URL_SHARD.fullmatch(key):
        return [str(h) for h in marker.get("hosts", {})]
    return []


def carry_over(out_dir: Path, run_id: str, planned: set[str]) -> tuple[list[ShardResult], frozenset[str]]:
    """This run's committed URL shards that the current plan does not have, and their hosts."""
    shards_dir = out_dir / RUNS_DIR / run_id / "shards"
    if not shards_dir.is_dir():
        return [], frozenset()
    results: list[ShardResult] = []
    hosts: set[str] = set()
    for path in sorted(shards_dir.glob("*.json")):
        key = path.stem
        if key in planned:
            continue
        marker = committed_marker(out_dir, run_id, key)
        held = _url_shard_hosts(key, marker) if marker is not None else []
        if marker is None or not held:
            continue
        results.append(ShardResult.from_json(marker))
        hosts.update(held)
    return results, frozenset(hosts)
