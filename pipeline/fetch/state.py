"""Conditional re-fetch state: the ETag and Last-Modified of every page, kept across runs.

One small JSON file per host under ``<state_dir>/fetch/``, keyed by the host of the URL as
requested (the unit the run loop shards by), so fetchers in different processes never write the
same file. Files are replaced atomically (temporary file, then ``os.replace``): a crash leaves
the old state, never half a file. Only pages that came back OK are remembered: a validator for a
PDF or an error page would turn the next run's answer into "not modified" for something that
was never extracted.

Validators must never run ahead of the stored rows: a "304 not modified" for a page whose rows
were lost (a shard killed before its commit, an output directory wiped while ``_state``
survived) would lose that page for good. Two rules keep them in step when the run loop drives
the fetcher:

* **staged, then published.** With ``stage`` set, :meth:`ConditionalState.save` writes only
  this attempt's changes, to ``<state_dir>/fetch-staged/<run_id>/<shard>@<attempt>.json``.
  The shard publishes them into the live host files (:func:`publish_staged`) only after its
  marker (which names the attempt) is written; a run that starts removes the staged changes of
  attempts that never committed and publishes those of the one that did
  (:func:`recover_staged`). Publishing is idempotent.
* **only for stored pages.** With ``stored_urls`` set, validators are sent only for URLs that
  have a stored article; any other entry is dropped, so the page is fetched in full.
* **only for the same extraction.** With ``extractor`` set (a fingerprint of the code, site
  rules and extract settings), each entry records the extractor that stored its page, and one
  stored by another (a site rule added, the package upgraded) is dropped: the page is fetched in
  full once and extracted again, instead of a 304 keeping the old extraction for as long as
  the page does not change. Entries written before the field existed count as another extractor.

The state is bounded: each entry carries ``seen`` (when it was last stored or sent), and a host
file keeps at most :data:`MAX_STATE_URLS_PER_HOST` entries, the ones used longest ago dropped
first, so nightly runs over a site whose URLs keep changing cannot grow it without end; the
file of a host not crawled for :data:`STATE_MAX_IDLE_DAYS` is deleted when a run starts
(:func:`prune_idle_hosts`), so the number of files cannot grow with every host ever crawled.
"""

from __future__ import annotations

import contextlib
import json
import logging
import re
import threading
import time
from collections.abc import Callable, Collection
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from pipeline.files import write_json_atomic

log = logging.getLogger("pipeline.fetch.state")

# Validators kept per host. One only pays off for a URL fetched again, and a site whose URLs
# keep changing (dated paths, session ids, rotating teasers) would otherwise add entries every
# night for ever. 50,000 is one full sitemap (the sitemaps.org cap), about 5 MB of JSON read
# once per shard; past it the entries used longest ago go first (their next fetch is a full GET).
MAX_STATE_URLS_PER_HOST = 50_000
STATE_SUBDIR = "fetch"
# A host file not written for this long belongs to a host no longer crawled (a crawled host's
# file is rewritten whenever validators are sent or stored): it is deleted when a run starts, so
# a URL list that moves on to other sites does not leave one file per host it ever held. Its
# validators were worth a 304 at most; the host's next fetch, if any, is a full GET.
STATE_MAX_IDLE_DAYS = 90
# Host files published at once: fsync waits on the disk, not the CPU, and the journal commits
# concurrent fsyncs together (32 small files: about 60 ms in 8 threads against 215-280 ms one
# after the other, on the development machine's ext4 under load).
PUBLISH_THREADS = 8
STAGED_SUBDIR = "fetch-staged"
ATTEMPT_SEP = "@"  # never in a shard key or attempt id ([A-Za-z0-9._-])
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")

Entry = dict[str, Any]  # etag, last_modified (strings), seen (epoch seconds), extractor


def _host_file(directory: Path, host: str) -> Path:
    return directory / f"{_UNSAFE.sub('_', host) or '_'}.json"


def _load_json(path: Path) -> dict[str, Any]:
    try:
        loaded = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        log.warning("ignoring unreadable fetch state %s: %s", path, exc)
        return {}
    return loaded if isinstance(loaded, dict) else {}


def _now() -> int:
    return int(time.time())


def _write_host_file(path: Path, entries: dict[str, Entry]) -> int:
    """Write one host's validators atomically, within MAX_STATE_URLS_PER_HOST; returns how many were dropped."""
    dropped = len(entries) - MAX_STATE_URLS_PER_HOST
    if dropped > 0:
        # entries without ``seen`` predate it: the oldest of all
        newest = sorted(entries.items(), key=lambda item: _seen(item[1]))[dropped:]
        entries = dict(newest)
        log.info(
            "fetch state %s: %d entries used longest ago dropped (cap %d)", path.name, dropped, MAX_STATE_URLS_PER_HOST
        )
    write_json_atomic(path, entries, compact=True)
    return max(0, dropped)


def _seen(entry: Entry) -> int:
    try:
        return int(entry.get("seen", 0))
    except (TypeError, ValueError):
        return 0


def staged_path(state_dir: Path, run_id: str, shard: str, attempt: str = "") -> Path:
    """Where one attempt of one shard of one run stages its state changes until its marker is written.

    Per attempt (``<shard>@<attempt>.json``): a lost Dask worker still running a shard and the
    resumed run running it again stage apart, and only the attempt that commits publishes (the
    other's validators would name a version that was never stored: a later 304 would lose it).
    """
    name = f"{shard}{ATTEMPT_SEP}{attempt}.json" if attempt else f"{shard}.json"
    return Path(state_dir) / STAGED_SUBDIR / run_id / name


class ConditionalState:
    """Validators per URL, loaded lazily per host and saved on :meth:`save`.

    ``stage``: save this fetcher's changes there instead of into the live files (see the module
    docstring). ``stored_urls``: send validators only for these URLs. ``extractor``: send them
    only for pages this extractor stored (its fingerprint is recorded with each entry).
    """

    def __init__(
        self,
        state_dir: Path | None,
        *,
        stage: Path | None = None,
        stored_urls: Collection[str] | None = None,
        extractor: str | None = None,
    ) -> None:
        self._dir = Path(state_dir) / STATE_SUBDIR if state_dir is not None else None
        self._stage = stage
        self._stored = stored_urls
        self._extractor = extractor
        self._hosts: dict[str, dict[str, Entry]] = {}
        self._changes: dict[str, dict[str, Entry | None]] = {}  # host -> url -> entry (None: forget)
        self._lock = threading.Lock()

    def _entries(self, host: str) -> dict[str, Entry]:
        entries = self._hosts.get(host)
        if entries is None:
            entries = {}
            if self._dir is not None:
                loaded = _load_json(_host_file(self._dir, host))
                entries = {k: v for k, v in loaded.items() if isinstance(v, dict)}
            self._hosts[host] = entries
        return entries

    def _set(self, host: str, url: str, entry: Entry | None) -> None:
        entries = self._entries(host)
        if entry:
            entries[url] = entry
        else:
            entries.pop(url, None)
        self._changes.setdefault(host, {})[url] = entry or None

    def request_headers(self, host: str, url: str) -> dict[str, str]:
        """If-None-Match / If-Modified-Since for ``url`` from the last run (empty if unknown)."""
        if self._dir is None:
            return {}
        with self._lock:
            entry = self._entries(host).get(url, {})
            if entry and self._stored is not None and url not in self._stored:
                # remembered, but no stored article: a "not modified" would lose the page
                log.debug("dropping fetch state for %s: no stored article", url)
                self._set(host, url, None)
                entry = {}
            elif entry and self._extractor is not None and entry.get("extractor") != self._extractor:
                # stored by another extraction (rules, settings, code): a 304 would keep its text
                log.debug("dropping fetch state for %s: stored by extractor %s", url, entry.get("extractor"))
                self._set(host, url, None)
                entry = {}
            elif entry:  # still in use: not among the oldest when the host file is capped
                self._set(host, url, dict(entry, seen=_now()))
        headers = {}
        if entry.get("etag"):
            headers["If-None-Match"] = entry["etag"]
        if entry.get("last_modified"):
            headers["If-Modified-Since"] = entry["last_modified"]
        return headers

    def remember(self, host: str, url: str, etag: str | None, last_modified: str | None) -> None:
        if self._dir is None:
            return
        with self._lock:
            entry: Entry = {k: v for k, v in (("etag", etag), ("last_modified", last_modified)) if v}
            if entry:
                entry["seen"] = _now()
                if self._extractor is not None:
                    entry["extractor"] = self._extractor
            self._set(host, url, entry)

    def save(self) -> None:
        """Write the changes atomically: into the staging file if any, else every changed host file."""
        if self._dir is None:
            return
        with self._lock:
            changes, self._changes = self._changes, {}
            snapshot = {host: dict(self._hosts[host]) for host in changes}
        if self._stage is not None:
            if changes:
                staged = _load_json(self._stage).get("hosts", {})
                for host, delta in changes.items():
                    staged.setdefault(host, {}).update(delta)
                write_json_atomic(self._stage, {"hosts": staged}, compact=True)
            return
        for host, entries in snapshot.items():
            _write_host_file(_host_file(self._dir, host), entries)


def publish_staged(state_dir: Path, stage: Path) -> bool:
    """Apply a shard's staged changes to the live host files, then remove them; idempotent.

    A crash part-way leaves the staging file, and publishing it again gives the same state.
    A host file whose entries the changes leave as they were is not rewritten (pages without
    validators stage "forget" for URLs never remembered); the others are written at once, in
    PUBLISH_THREADS threads: each is fsynced, and one after the other 32 hosts took 0.15-0.25 s
    at the end of every shard (bench/fetch.py, 64x10).
    """
    if not stage.is_file():
        return False
    hosts = _load_json(stage).get("hosts", {})
    directory = Path(state_dir) / STATE_SUBDIR
    changed: list[tuple[Path, dict[str, Entry]]] = []
    for host, delta in sorted(hosts.items()):
        if not isinstance(delta, dict):
            continue
        target = _host_file(directory, host)
        before = {k: v for k, v in _load_json(target).items() if isinstance(v, dict)}
        entries = dict(before)
        for url, entry in delta.items():
            if isinstance(entry, dict) and entry:
                entries[url] = entry
            else:
                entries.pop(url, None)
        if entries != before:
            changed.append((target, entries))
    if len(changed) > 1:
        with ThreadPoolExecutor(min(PUBLISH_THREADS, len(changed)), thread_name_prefix="state") as pool:
            list(pool.map(lambda item: _write_host_file(*item), changed))  # re-raises a write error
    elif changed:
        _write_host_file(*changed[0])
    stage.unlink(missing_ok=True)  # the emptied run directory goes at the next run's start
    return True


def prune_idle_hosts(state_dir: Path, now: float | None = None) -> int:
    """Delete the host files not written for STATE_MAX_IDLE_DAYS; returns how many went."""
    cutoff = (time.time() if now is None else now) - STATE_MAX_IDLE_DAYS * 86_400
    removed = 0
    for path in (Path(state_dir) / STATE_SUBDIR).glob("*.json"):
        with contextlib.suppress(OSError):  # gone already, or not ours to delete
            if path.stat().st_mtime < cutoff:
                path.unlink()
                removed += 1
    return removed


def recover_staged(
    state_dir: Path, committed: Callable[[str, str], str | None], run_id: str | None = None
) -> tuple[int, int]:
    """After a crash: publish the staged state of committed attempts, drop that of the others.

    ``committed(run_id, shard)`` is the attempt id of the shard's committed marker ("" for a
    marker written before attempts were recorded), None if the shard is not committed.
    ``run_id``: that run's staged state only (its dead attempts', once it finished).
    Returns (published, dropped).
    """
    published = dropped = 0
    root = Path(state_dir) / STAGED_SUBDIR
    if not root.is_dir():
        return 0, 0
    for stage in sorted(root.glob(f"{run_id or '*'}/*.json")):
        run_id, (shard, _, attempt) = stage.parent.name, stage.stem.partition(ATTEMPT_SEP)
        if committed(run_id, shard) == attempt:
            published += publish_staged(state_dir, stage)
        else:
            # the shard's rows were swept away (or never written): it is redone from the old state
            stage.unlink(missing_ok=True)
            dropped += 1
    for run_dir in [root / run_id] if run_id else root.iterdir():
        with contextlib.suppress(OSError):
            run_dir.rmdir()
    return published, dropped
