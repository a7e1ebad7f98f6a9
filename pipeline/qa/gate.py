"""The QA gate: thresholds (TOML, validated) and the scores that fall short of them."""

from __future__ import annotations

import tomllib
from importlib.resources.abc import Traversable
from pathlib import Path

from pipeline.errors import ConfigError
from pipeline.resources import data

# threshold key -> (metric in Totals.as_dict(), "min" | "max")
THRESHOLD_KEYS = {
    "min_text_f1": ("f1", "min"),
    "max_leak_rate": ("leak_rate", "max"),
    "min_metadata_accuracy": ("metadata_accuracy", "min"),
    "min_comment_recall": ("comment_recall", "min"),
    "min_comment_author_accuracy": ("comment_author_accuracy", "min"),
    "min_comment_parent_accuracy": ("comment_parent_accuracy", "min"),
    "min_comment_precision": ("comment_precision", "min"),
    "min_comment_date_accuracy": ("comment_date_accuracy", "min"),
    "max_errors": ("errors", "max"),
}


def load_thresholds(path: Path | None = None) -> dict[str, float]:
    """The thresholds in ``path``, or the built-in ones (package data ``qa/thresholds.toml``)."""
    source: Path | Traversable = path if path is not None else data("qa", "thresholds.toml")
    try:
        data_ = tomllib.loads(source.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"thresholds file not found: {source}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{source}: invalid TOML: {exc}") from None
    unknown = set(data_) - set(THRESHOLD_KEYS)
    if unknown:
        raise ConfigError(f"{source}: unknown key(s) {', '.join(sorted(unknown))}")
    for key, value in data_.items():
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            raise ConfigError(f"{source}: {key}: expected a number, got {value!r}")
    return {k: float(v) for k, v in data_.items()}


def gate_failures(overall: dict[str, float], thresholds: dict[str, float]) -> list[str]:
    """One line per threshold the scores miss ("f1 0.950 < 0.98"); empty when the gate passes."""
    failures = []
    for key, limit in thresholds.items():
        metric, kind = THRESHOLD_KEYS[key]
        value = overall[metric]
        if (kind == "min" and value < limit) or (kind == "max" and value > limit):
            failures.append(f"{metric} {value:.3f} {'<' if kind == 'min' else '>'} {limit}")
    return failures
