"""What a run did: its outcome counts, rows and failed shards, and the exit code they make.

Kept apart from the run loop (:mod:`pipeline.run.runner`) so the exit policy (which outcomes are
failures, which rows are no page, when the deadline's 3 wins over 0) reads in one place.
"""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from pipeline.records import Outcome
from pipeline.run.shard_result import ShardResult

# The run deadline passed: the pages not started are `deadline` rows (a re-run of the same
# command fetches them), WARC shards cut short are not committed. Not 1: nothing failed, the
# run is incomplete; a scheduler can tell the two apart and simply run the command again.
EXIT_DEADLINE = 3
# The servers' clocks (HTTP Date) this far from this machine's, by the median over the hosts that
# send one, is this machine's clock that is wrong (a dead RTC battery, a VM restored from a
# snapshot, no NTP): crawl_date, fetched_at and the bound on page dates follow it. An hour: a
# server answers within seconds and keeps its clock within seconds of UTC, and one with a wrong
# clock is outvoted by the other hosts; below an hour no date of the output is a day off.
CLOCK_SKEW_WARN_S = 3600.0


@dataclass
class RunSummary:
    """A run as the CLI and the manifest report it; ``exit_code`` is the process's."""

    run_id: str
    run_date: str
    shards: int
    outcomes: dict[str, int] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)
    # WARC records that are a page's resources (images, scripts...), skipped: no row, no failure
    not_pages: dict[str, int] = field(default_factory=dict)
    # URLs sitemaps listed that got no request and no row: off the crawl's hosts, over a host's budget
    not_fetched: dict[str, int] = field(default_factory=dict)
    # per host: its HTTP Date minus this machine's fetch time (median, seconds)
    clock_skew: dict[str, float] = field(default_factory=dict)
    shard_errors: dict[str, str] = field(default_factory=dict)
    resumed_shards: int = 0
    manifest: str | None = None
    seconds: float = 0.0
    dry_run: bool = False
    plan: list[dict[str, Any]] = field(default_factory=list)
    retry_of: str | None = None  # this run is an attempt of that finished run
    retried: list[str] = field(default_factory=list)  # the URLs this attempt fetches again
    to_fetch: list[str] = field(default_factory=list)  # of those, the ones no committed shard holds yet
    resumed_attempt: bool = False  # the attempt was killed part-way before and is finished now
    max_failure_rate: float = 0.0
    deadline_shards: list[str] = field(default_factory=list)  # WARC shards the deadline cut (uncommitted)

    @property
    def deadline_reached(self) -> bool:
        return bool(self.deadline_shards or self.outcomes.get(str(Outcome.DEADLINE)))

    @property
    def clock_skew_s(self) -> float | None:
        """How far the servers' clocks are ahead of this machine's (behind: negative), the median
        over hosts, when it is past CLOCK_SKEW_WARN_S either way; else None."""
        if not self.clock_skew:
            return None
        middle = float(statistics.median(self.clock_skew.values()))
        return middle if abs(middle) >= CLOCK_SKEW_WARN_S else None

    @property
    def failed_pages(self) -> int:
        return sum(n for o, n in self.outcomes.items() if o not in OK_OUTCOMES and o != Outcome.DEADLINE)

    @property
    def failure_rate(self) -> float:
        total = sum(n for o, n in self.outcomes.items() if o not in NOT_PAGES)
        return self.failed_pages / total if total else 0.0

    @property
    def exit_code(self) -> int:
        """1: a shard failed, or more pages than ``max_failure_rate`` allows; else 3 when the
        run deadline left work undone (EXIT_DEADLINE); else 0."""
        if self.shard_errors or (self.failed_pages and self.failure_rate > self.max_failure_rate):
            return 1
        return EXIT_DEADLINE if self.deadline_reached else 0


OK_OUTCOMES = {str(o) for o in Outcome if not o.is_failure}
# Rows that are no page of the failure rate: not requested (deadline), not pages (sitemap, redirect).
NOT_PAGES = frozenset({Outcome.DEADLINE, Outcome.SITEMAP, Outcome.REDIRECT})


def workers_of(results: list[ShardResult]) -> list[dict[str, Any]]:
    """Each distinct (worker, rules digest, code version) and the shards it ran."""
    seen: dict[tuple[str, str, str], list[str]] = {}
    for result in results:
        seen.setdefault((result.worker, result.rules_digest, result.code_version), []).append(result.key)
    return [
        {"worker": w, "rules_digest": r, "code_version": c, "shards": sorted(keys)}
        for (w, r, c), keys in sorted(seen.items())
    ]


def fill_summary(summary: RunSummary, results: list[ShardResult]) -> None:
    outcomes: Counter[str] = Counter()
    rows: Counter[str] = Counter()
    not_pages: Counter[str] = Counter()
    not_fetched: Counter[str] = Counter()
    for result in results:
        outcomes.update(result.outcomes)
        rows.update(result.rows)
        not_pages.update(result.not_pages)
        not_fetched.update(result.not_fetched)
        summary.clock_skew.update(result.clock_skew)
        summary.resumed_shards += int(result.resumed)
    summary.outcomes = dict(sorted(outcomes.items()))
    summary.rows = dict(sorted(rows.items()))
    summary.not_pages = dict(sorted(not_pages.items(), key=lambda item: (-item[1], item[0])))
    summary.not_fetched = dict(sorted(not_fetched.items()))


def not_pages_line(counts: dict[str, int]) -> str:
    """ "skipped 1,204 WARC records that are not pages: image 900, script 180, ..." ("" for none)."""
    total = sum(counts.values())
    if not total:
        return ""
    families = ", ".join(f"{family} {n:,}" for family, n in counts.items())
    what = "WARC records that are not pages" if total != 1 else "WARC record that is not a page"
    return f"skipped {total:,} {what}: {families}"


# How the summary's text names each reason a found URL was not fetched.
NOT_FETCHED_REASONS = {
    "off_scope": "on hosts outside the crawl",
    "over_host_budget": "over sources.max_pages_per_host",
}


def not_fetched_line(counts: dict[str, int]) -> str:
    """ "12 URL(s) found in sitemaps or links not fetched: 10 on hosts outside the crawl, 2 over
    sources.max_pages_per_host" ("" for none): the warnings said so, the summary did not."""
    if not (total := sum(counts.values())):
        return ""
    reasons = ", ".join(f"{n:,} {NOT_FETCHED_REASONS.get(reason, reason)}" for reason, n in counts.items() if n)
    return f"{total:,} URL(s) found in sitemaps or links not fetched (no row): {reasons}"


def clock_line(summary: RunSummary) -> str:
    """ "this machine's clock is 3 day(s) behind the servers' ..." ("" when it agrees with them):
    a clock that is wrong was noticed only when it went backwards between two runs."""
    if (skew := summary.clock_skew_s) is None:
        return ""
    hours = abs(skew) / 3600
    size = f"{hours / 24:.1f} day(s)" if hours >= 24 else f"{hours:.1f} hour(s)"
    return (
        f"this machine's clock is {size} {'behind' if skew > 0 else 'ahead of'} the servers' (their HTTP Date, "
        f"median of {len(summary.clock_skew)} host(s)): crawl_date and fetched_at follow this machine's clock; "
        "set it (NTP) before the next run"
    )


def by_host(results: list[ShardResult]) -> dict[str, dict[str, int]]:
    merged: dict[str, Counter[str]] = {}
    for result in results:
        for host, counts in result.hosts.items():
            merged.setdefault(host, Counter()).update(counts)
    return {h: dict(c) for h, c in sorted(merged.items())}
