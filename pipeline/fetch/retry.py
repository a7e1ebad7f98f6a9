"""When to try a request again, and how long to wait first.

Retried: connection failures (reset, refused, connect timeout), 5xx and 429. Waits grow
exponentially (``backoff_base_s`` x 2^n) with jitter so that many workers hit by the same outage
do not come back in lock-step. A server's ``Retry-After`` (seconds or an HTTP date) wins when it
asks for longer; when it asks for longer than ``max_retry_after_s`` we give up instead of either
ignoring it (impolite) or stalling the run.
"""

from __future__ import annotations

import datetime as dt
import random

from pipeline.records import http_date

# No single backoff wait is longer than this, however many retries are configured: past a minute
# the outage is not a blip and further waiting mostly delays the rest of the shard.
MAX_BACKOFF_S = 60.0
# 501 Not Implemented and 505 HTTP Version Not Supported will not change on a retry.
_PERMANENT_5XX = frozenset({501, 505})


def retryable_status(status: int) -> bool:
    return status == 429 or (500 <= status <= 599 and status not in _PERMANENT_5XX)


def parse_retry_after(value: str | None, now: dt.datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP-date); None if absent/bad.
    ``now``: the response's own Date when it has one (the server's clock, which its date is
    written by: this machine's clock may be days off), else this machine's clock."""
    if not value:
        return None
    text = value.strip()
    if text.isascii() and text.isdigit():  # "²" is a digit to isdigit(), not to float()
        return float(text)
    if (when := http_date(text)) is None:
        return None
    return max(0.0, (when - (now or dt.datetime.now(dt.UTC))).total_seconds())


def backoff_s(retry: int, base_s: float, rng: random.Random | None = None) -> float:
    """Wait before retry number ``retry`` (1-based): half fixed, half random ("equal jitter")."""
    full = min(MAX_BACKOFF_S, base_s * (2.0 ** (retry - 1)))
    return full / 2 + (rng or random).uniform(0, full / 2)


def retry_wait_s(
    retry: int,
    base_s: float,
    retry_after: float | None,
    max_retry_after_s: float,
    rng: random.Random | None = None,
) -> float | None:
    """How long to wait before retry number ``retry``; None means give up (Retry-After too long)."""
    if retry_after is not None and retry_after > max_retry_after_s:
        return None
    wait = backoff_s(retry, base_s, rng)
    return max(wait, retry_after) if retry_after is not None else wait
