"""Retries that retry: a re-run of a finished run fetches again what failed, and keeps what succeeded.

A run is identified by its date and a digest of its input and config, so a scheduler that
retries the same command on the same day gets the same run id. When that run already has a
manifest (it finished), the re-run is an *attempt* of it: ``<run id>.r2``, ``.r3``... whose seeds
are the URLs whose latest outcome in the run and its earlier attempts is a transient failure
(connection error, timeout, 5xx or 429, internal error, run deadline, robots.txt answering 5xx,
a server's error page or an empty body answered with 200).
Pages that succeeded, and permanent failures (404, robots rules, not HTML...), are not fetched
again. A run that never finished is resumed instead (finished shards are kept), as before.

An attempt records what it fetches (``_runs/<attempt>/attempt.json``) before its first request.
Killed part-way (no manifest), it is resumed by the next re-run: same id, same URLs, its
committed shards kept, so the retry finishes instead of being replaced by a new attempt planned
from a half-written state.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path

import pyarrow as pa

from pipeline.config import Config
from pipeline.extract.html import EMPTY_DOCUMENT
from pipeline.extract.stubs import SERVER_ERROR_PAGE
from pipeline.fetch.discover import SITEMAP_NOT_READ
from pipeline.files import write_json_atomic
from pipeline.records import Outcome
from pipeline.resources import user_rules_digest
from pipeline.run.budget import STALLED
from pipeline.store.manifest import RUNS_DIR
from pipeline.store.parquet import read_dataset

# Outcomes a later attempt may well turn into a success: the network, the server or this
# program failed, not the page, or the run deadline came before it. An http_error counts when
# its status says "try again".
TRANSIENT = frozenset({Outcome.CONNECTION_ERROR, Outcome.TIMEOUT, Outcome.INTERNAL_ERROR, Outcome.DEADLINE})
RETRY_STATUSES = frozenset({408, 425, 429})
# A page given up because its host's robots.txt answered 5xx or 429 (RFC 9309: crawl nothing
# then): the site was failing, not forbidding; a later attempt reads robots.txt again.
ROBOTS_UNREACHABLE = "robots.txt unreachable (HTTP"
# (outcome, status, worth fetching again) of a URL's latest fetch row
Latest = tuple[str, int | None, bool]
ATTEMPT_SEPARATOR = ".r"
ATTEMPT_FILE = "attempt.json"


# Settings added to the digested sections after run ids were first made: left at their default
# they are left out, so the digest is the one a config without them had. Otherwise an upgrade
# changed every run id: a nightly run killed before the upgrade started again as a new run, and a
# forced --run-id resume was refused (exit 2, "other settings"). A new key of sources, fetch or
# extract goes here.
ADDED_KEYS: dict[str, tuple[str, ...]] = {"fetch": ("ca_bundle",)}
# Settings that are sets written as lists: their order changes nothing a run does (the input is
# planned by host and digested sorted), so it is no part of the digest. Digested in order, a
# list of seeds, sitemaps, WARC files (`--warc crawl/*.warc.gz` expands in the shell's locale's
# order: cron's C locale and a user's en_US sort "B.warc" and "a.warc" apart) or allowed hosts
# given in another order was another run: a killed night was not resumed, and a same-day retry
# fetched every URL again instead of the failures.
UNORDERED_KEYS: dict[str, tuple[str, ...]] = {
    "sources": ("urls", "url_files", "warc", "sitemaps"),
    "fetch": ("allow_private",),
}


def config_digest(config: Config) -> str:
    """What the run does, not how it is run: sources, fetch and extract settings (not workers,
    logs), and the user's site rule files (``extract.sites_dir``'s): a run killed, then resumed
    after a site rule was deployed, kept its committed shards' rows extracted without it beside
    the others' with it, under one run id. The built-in rules and vocabularies are left out as the
    code is: an upgrade leaves a killed night's run id as it was (the tenth audit)."""
    relevant = {k: v for k, v in config.to_dict().items() if k in ("sources", "fetch", "extract")}
    user_rules = user_rules_digest(config.extract.sites_dir or None)
    if user_rules is not None:
        relevant["rules"] = user_rules
    defaults = Config().to_dict()
    for section, keys in ADDED_KEYS.items():
        for key in keys:
            if relevant[section][key] == defaults[section][key]:
                del relevant[section][key]
    for section, keys in UNORDERED_KEYS.items():
        for key in keys:
            relevant[section][key] = sorted(relevant[section][key])
    return hashlib.sha256(json.dumps(relevant, sort_keys=True, default=str).encode()).hexdigest()[:8]


def finished(out_dir: Path, run_id: str) -> bool:
    return (out_dir / RUNS_DIR / f"{run_id}.json").is_file()


def retryable(outcome: str, status: int | None, error: str | None = None) -> bool:
    if outcome in TRANSIENT:
        return True
    if outcome == Outcome.ROBOTS_DISALLOWED:
        return ROBOTS_UNREACHABLE in (error or "")
    if outcome == Outcome.EXTRACT_FAILED:  # a server's error page or an empty body served as a page: as a 5xx
        text = error or ""  # or the machine stopped while it extracted the page: as a timeout
        return text.endswith(EMPTY_DOCUMENT) or SERVER_ERROR_PAGE in text or text.startswith(STALLED)
    return outcome == Outcome.HTTP_ERROR and status is not None and (status >= 500 or status in RETRY_STATUSES)


def _family(run_id: str, base: str) -> bool:
    return run_id == base or run_id.startswith(base + ATTEMPT_SEPARATOR)


def _number(run_id: str, base: str) -> int:
    """1 for the run itself, N for its attempt ``<base>.rN``."""
    suffix = run_id[len(base) + len(ATTEMPT_SEPARATOR) :] if run_id != base else "1"
    return int(suffix) if suffix.isdigit() else 1


def attempted_urls(out_dir: Path, base: str) -> dict[str, set[str]]:
    """Each recorded attempt of ``base`` (its run id) and the URLs it was to fetch again."""
    attempts: dict[str, set[str]] = {}
    runs = out_dir / RUNS_DIR
    for path in runs.glob(f"{base}{ATTEMPT_SEPARATOR}*/{ATTEMPT_FILE}") if runs.is_dir() else ():
        try:
            attempts[path.parent.name] = set(json.loads(path.read_text(encoding="utf-8"))["urls"])
        except (OSError, ValueError, KeyError, TypeError):
            continue
    return attempts


def _attempted(out_dir: Path, base: str) -> dict[int, set[str]]:
    """Each recorded attempt's number and the URLs it was to fetch again."""
    return {_number(name, base): urls for name, urls in attempted_urls(out_dir, base).items()}


def latest_outcomes(out_dir: Path, base: str) -> dict[str, Latest]:
    """Each fetched URL of the run ``base`` and its attempts: its latest (outcome, status).

    A sitemap leaves a row only when it could not be read (reason ``SITEMAP_NOT_READ``): one
    that a later attempt was given to fetch again, and that left no newer row, was read then,
    and is no longer a failure of the run.
    """
    columns = ["url", "outcome", "status", "source", "run_id", "fetched_at", "error"]
    table = read_dataset(out_dir, "fetches", columns, run_family=base)
    if table.num_rows == 0:
        return {}
    table = _of_run(table, base)
    latest: dict[str, Latest] = {}
    sitemaps: dict[str, int] = {}  # sitemap URL -> number of the run whose row says it failed
    for url, outcome, status, source, run_id, error in zip(
        *(table.column(c).to_pylist() for c in ("url", "outcome", "status", "source", "run_id", "error")),
        strict=True,
    ):
        # not a shard's own error row (its url is the shard key): a page's URL, to fetch again
        if source == "http" and _family(run_id, base) and "://" in url:
            latest[url] = (outcome, status, retryable(outcome, status, error))
            sitemaps.pop(url, None)
            if (error or "").startswith(SITEMAP_NOT_READ):
                sitemaps[url] = _number(run_id, base)
    if sitemaps:
        attempts = _attempted(out_dir, base)
        for url, failed_in in sitemaps.items():
            if any(number > failed_in and url in urls for number, urls in attempts.items()):
                del latest[url]  # read by that later attempt
    return latest


def _of_run(table: pa.Table, base: str) -> pa.Table:
    """The rows whose run id starts with ``base`` (the run and its attempts), oldest first."""
    import pyarrow.compute as pc  # 0.2 s of start-up: only once something is stored

    return table.filter(pc.starts_with(table.column("run_id"), base)).sort_by("fetched_at")


def sitemaps_among(out_dir: Path, base: str, urls: list[str]) -> set[str]:
    """Those of ``urls`` whose latest row in the run is a sitemap that could not be read."""
    wanted = set(urls)
    table = read_dataset(out_dir, "fetches", ["url", "run_id", "error", "fetched_at"], run_family=base)
    found: dict[str, bool] = {}
    if table.num_rows:
        table = _of_run(table, base)
        for url, run_id, error in zip(*(table.column(c).to_pylist() for c in ("url", "run_id", "error")), strict=True):
            if url in wanted and _family(run_id, base):
                found[url] = (error or "").startswith(SITEMAP_NOT_READ)
    return {url for url, is_sitemap in found.items() if is_sitemap}


def to_retry(latest: dict[str, Latest]) -> list[str]:
    return [url for url, (_, _, again) in latest.items() if again]


def _attempt_file(out_dir: Path, attempt: str) -> Path:
    return out_dir / RUNS_DIR / attempt / ATTEMPT_FILE


def record_attempt(out_dir: Path, attempt: str, base: str, urls: list[str]) -> None:
    """Write what ``attempt`` fetches again, before its first request (atomic)."""
    write_json_atomic(_attempt_file(out_dir, attempt), {"retry_of": base, "urls": urls})


def unfinished_attempt(out_dir: Path, base: str) -> tuple[str, list[str]] | None:
    """The latest attempt of ``base`` if it was killed part-way (recorded, no manifest), and its URLs."""
    runs = out_dir / RUNS_DIR
    if not runs.is_dir():
        return None
    numbered = []
    for path in runs.glob(f"{base}{ATTEMPT_SEPARATOR}*/{ATTEMPT_FILE}"):
        suffix = path.parent.name.rsplit(ATTEMPT_SEPARATOR, 1)[1]
        if suffix.isdigit():
            numbered.append((int(suffix), path.parent.name))
    if not numbered:
        return None
    _, attempt = max(numbered)
    if finished(out_dir, attempt):
        return None
    try:
        record = json.loads(_attempt_file(out_dir, attempt).read_text(encoding="utf-8"))
        urls = [str(u) for u in record["urls"]]
    except (OSError, ValueError, KeyError, TypeError):
        return None  # unreadable: a new attempt retries what is still failing
    return attempt, urls


def next_attempt(out_dir: Path, base: str) -> str:
    """The id of the next attempt of ``base``: ``<base>.r2`` after the first run, and so on."""
    runs = out_dir / RUNS_DIR
    names = {p.name.removesuffix(".json") for p in runs.glob(f"{base}{ATTEMPT_SEPARATOR}*")} if runs.is_dir() else set()
    numbers = [int(n.rsplit(ATTEMPT_SEPARATOR, 1)[1]) for n in names if n.rsplit(ATTEMPT_SEPARATOR, 1)[1].isdigit()]
    return f"{base}{ATTEMPT_SEPARATOR}{max(numbers, default=1) + 1}"


def outcome_counts(latest: dict[str, Latest]) -> dict[str, int]:
    return dict(sorted(Counter(outcome for outcome, _, _ in latest.values()).items()))
