"""Conditional re-fetch state: the ETag and Last-Modified of every page, kept across runs.

One small JSON file per host under ``<state_dir>/fetch/``, keyed by the host of the URL as
requested (the unit the run loop shards by), so fetchers in different processes never write the
same file. Files are replaced atomically (temporary file, then ``os.replace``): a crash leaves
the old state, never half a file. Only pages that came back OK are remembered: a validator for a
PDF or an error page would turn the next run's answer into "not modified" for something that
was never extracted.
"""

from __future__ import annotations

import json
import logging
import os
import re
import tempfile
import threading
from pathlib import Path

log = logging.getLogger("pipeline.fetch.state")

STATE_SUBDIR = "fetch"
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


class ConditionalState:
    """Validators per URL, loaded lazily per host and saved on :meth:`save`."""

    def __init__(self, state_dir: Path | None) -> None:
        self._dir = Path(state_dir) / STATE_SUBDIR if state_dir is not None else None
        self._hosts: dict[str, dict[str, dict[str, str]]] = {}
        self._dirty: set[str] = set()
        self._lock = threading.Lock()

    def _file(self, host: str) -> Path:
        assert self._dir is not None
        return self._dir / f"{_UNSAFE.sub('_', host) or '_'}.json"

    def _entries(self, host: str) -> dict[str, dict[str, str]]:
        entries = self._hosts.get(host)
        if entries is None:
            entries = {}
            if self._dir is not None:
                try:
                    loaded = json.loads(self._file(host).read_text(encoding="utf-8"))
                    if isinstance(loaded, dict):
                        entries = {k: v for k, v in loaded.items() if isinstance(v, dict)}
                except FileNotFoundError:
                    pass
                except (OSError, ValueError) as exc:
                    log.warning("ignoring unreadable fetch state %s: %s", self._file(host), exc)
            self._hosts[host] = entries
        return entries

    def request_headers(self, host: str, url: str) -> dict[str, str]:
        """If-None-Match / If-Modified-Since for ``url`` from the last run (empty if unknown)."""
        if self._dir is None:
            return {}
        with self._lock:
            entry = self._entries(host).get(url, {})
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
            entries = self._entries(host)
            entry = {k: v for k, v in (("etag", etag), ("last_modified", last_modified)) if v}
            if entries.get(url) == (entry or None):
                return
            if entry:
                entries[url] = entry
            else:
                entries.pop(url, None)
            self._dirty.add(host)

    def save(self) -> None:
        """Write every changed host file atomically."""
        if self._dir is None:
            return
        with self._lock:
            dirty, self._dirty = self._dirty, set()
            snapshot = {host: dict(self._hosts[host]) for host in dirty}
        for host, entries in snapshot.items():
            target = self._file(host)
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as stream:
                    json.dump(entries, stream, sort_keys=True, separators=(",", ":"))
                os.replace(temp, target)
            except BaseException:
                Path(temp).unlink(missing_ok=True)
                raise
