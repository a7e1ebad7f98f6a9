"""What one shard returns to the driver (small and picklable: it crosses process and Dask
boundaries), and the driver's check that it can see what the shard committed."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.errors import ConfigError
from pipeline.store.manifest import committed_marker


@dataclass
class ShardResult:
    """What one shard did; small and picklable (it returns from workers to the driver)."""

    key: str
    outcomes: dict[str, int] = field(default_factory=dict)
    hosts: dict[str, dict[str, int]] = field(default_factory=dict)
    files: dict[str, dict[str, Any]] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)
    skipped_versions: int = 0
    not_pages: dict[str, int] = field(default_factory=dict)  # WARC records skipped as no page, by family
    not_fetched: dict[str, int] = field(default_factory=dict)  # URLs discovery found and left out, by reason
    # per host answering with an HTTP Date: the median of that Date minus our fetch time, seconds
    clock_skew: dict[str, float] = field(default_factory=dict)
    input_error: str | None = None
    resumed: bool = False
    seconds: float = 0.0
    # what the worker extracted with: its rules digest, code version and host
    rules_digest: str = ""
    config_digest: str = ""  # the run's sources, fetch and extract settings (a forced --run-id resumes only these)
    code_version: str = ""
    worker: str = ""
    planned_hosts: list[str] = field(default_factory=list)  # a URL shard's hosts (all their URLs are in it)
    attempt: str = ""  # which run of the shard committed (its staged fetch state, its archive files)

    def to_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "outcomes": self.outcomes,
            "hosts": self.hosts,
            "files": self.files,
            "rows": self.rows,
            "skipped_versions": self.skipped_versions,
            "not_pages": self.not_pages,
            "not_fetched": self.not_fetched,
            "clock_skew": self.clock_skew,
            "input_error": self.input_error,
            "seconds": round(self.seconds, 3),
            "rules_digest": self.rules_digest,
            "config_digest": self.config_digest,
            "code_version": self.code_version,
            "worker": self.worker,
            "planned_hosts": self.planned_hosts,
            "attempt": self.attempt,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ShardResult:
        return cls(
            key=data["key"],
            outcomes=data.get("outcomes", {}),
            hosts=data.get("hosts", {}),
            files=data.get("files", {}),
            rows=data.get("rows", {}),
            skipped_versions=data.get("skipped_versions", 0),
            not_pages=data.get("not_pages", {}),
            not_fetched=data.get("not_fetched", {}),
            clock_skew=data.get("clock_skew", {}),
            input_error=data.get("input_error"),
            resumed=True,
            seconds=data.get("seconds", 0.0),
            rules_digest=data.get("rules_digest", ""),
            config_digest=data.get("config_digest", ""),
            code_version=data.get("code_version", ""),
            worker=data.get("worker", ""),
            planned_hosts=data.get("planned_hosts", []),
            attempt=data.get("attempt", ""),
        )


class UnsharedOutput(ConfigError):
    """A worker committed a shard the driver cannot see: output.dir is not one shared filesystem."""


def check_visible(out_dir: Path, run_id: str, result: ShardResult) -> ShardResult:
    """``result`` if the driver sees the shard's marker and part files, else UnsharedOutput.

    A Dask worker whose output.dir is its own disk (not the shared filesystem the driver
    reads) commits there: the run would report every page stored while the driver's output
    holds none of them, and a pod's disk goes with the pod.
    """
    if result.files and committed_marker(out_dir, run_id, result.key) is None:
        raise UnsharedOutput(
            f"worker {result.worker or '?'} committed shard {result.key} where the driver cannot see it: "
            f"output.dir ({out_dir}) must be one filesystem shared by the driver and every worker"
        )
    return result
