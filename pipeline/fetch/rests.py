"""Hosts that asked to be left alone: a 429 or 503 whose ``Retry-After`` is past ``fetch.max_retry_after_s``.

Such an answer speaks for the whole host (the server is rate-limiting us, or down for
maintenance until a time it names), and waiting it out would hold the shard; so the page is
given up, and so are the host's other pages until that moment: in this run, in a same-day
re-run (a scheduler's retry of the exit 1, minutes later) and on the next night, if it comes
sooner. Each request sent then would be answered the same way, after the server had asked us
not to send it.

One small JSON file per host under ``<state_dir>/rest/`` (``{"until": epoch seconds, "why":
"HTTP 429"}``), written at once and atomically (not staged with the shard as validators are: a
rest loses no page, its pages are rows a later run fetches), read when the fetcher first meets
the host, removed once its moment has passed.
"""

from __future__ import annotations

import contextlib
import json
import re
import time
from pathlib import Path

from pipeline.files import write_json_atomic

REST_SUBDIR = "rest"
# The longest rest a server is granted, however far its Retry-After: a week of nights rides out
# a maintenance weekend; a date years ahead (a misconfigured server, "Retry-After: 31536000") is no
# reason to stop crawling a site for good.
MAX_HOST_REST_S = 7 * 86_400
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


class HostRests:
    """The rests of the hosts one fetcher talks to, kept across runs under ``state_dir`` (None: this run only)."""

    def __init__(self, state_dir: Path | None) -> None:
        self._dir = Path(state_dir) / REST_SUBDIR if state_dir is not None else None

    def _file(self, host: str) -> Path | None:
        return self._dir / f"{_UNSAFE.sub('_', host) or '_'}.json" if self._dir is not None else None

    def load(self, host: str) -> tuple[float, str] | None:
        """(until, why) of the host's rest if one is still running; a finished one is removed."""
        path = self._file(host)
        if path is None:
            return None
        try:
            kept = json.loads(path.read_text(encoding="utf-8"))
            until, why = float(kept["until"]), str(kept["why"])
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError):
            until, why = 0.0, ""  # unreadable: no rest
        if until > time.time():
            return until, why
        with contextlib.suppress(OSError):
            path.unlink()
        return None

    def save(self, host: str, until: float, why: str) -> None:
        path = self._file(host)
        if path is not None:
            write_json_atomic(path, {"until": until, "why": why})
