"""Logging set-up: human text by default, one JSON object per line with ``--log-format json``.

Every line's time is UTC, written as ISO 8601 with its ``Z`` (``2026-12-07T06:05:01.123Z``):
a scheduled run's driver and its Dask workers run on machines in other time zones, and their
lines, read side by side (or sorted), must tell when each happened without knowing where.
"""

from __future__ import annotations

import json
import logging
import sys
import time
from typing import Any

_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None)))
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
# the handler a worker process gets: found again, never installed twice
WORKER_HANDLER_NAME = "pipeline-worker"


class UtcFormatter(logging.Formatter):
    """``asctime`` in UTC with milliseconds and ``Z``, whatever the process's TZ."""

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created)) + f".{int(record.msecs):03d}Z"


class JsonFormatter(UtcFormatter):
    def format(self, record: logging.LogRecord) -> str:
        payload: dict[str, Any] = {
            "ts": self.formatTime(record),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
        }
        payload.update({k: v for k, v in vars(record).items() if k not in _STANDARD and not k.startswith("_")})
        if record.exc_info:
            payload["exc"] = self.formatException(record.exc_info)
        return json.dumps(payload, default=str)


def _handler(log_format: str) -> logging.Handler:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter() if log_format == "json" else UtcFormatter(TEXT_FORMAT))
    return handler


def setup_logging(log_format: str = "text", verbose: bool = False) -> None:
    root = logging.getLogger("pipeline")
    root.handlers[:] = [_handler(log_format)]
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    root.propagate = False


def setup_dask_worker_logging(log_format: str) -> None:
    """On a Dask worker, the package's lines as the driver writes them (format, UTC times).

    A ``dask worker`` process configures only the ``distributed`` loggers, so a shard's warnings
    reached stderr as bare messages (Python's last-resort handler), with no time at all. Only in
    a Dask worker: a forked pool worker has the driver's handler, and a library caller keeps its own.
    """
    if "distributed" not in sys.modules:
        return
    from distributed import get_worker

    try:
        get_worker()
    except ValueError:  # not in a worker's task
        return
    root = logging.getLogger("pipeline")
    if any(handler.get_name() == WORKER_HANDLER_NAME for handler in root.handlers):
        return
    handler = _handler(log_format)
    handler.set_name(WORKER_HANDLER_NAME)
    root.handlers[:] = [handler]
    root.setLevel(logging.INFO)
    root.propagate = False
