"""The QA gate: thresholds (TOML, validated) and the scores that fall short of them."""

from __future__ import annotations

import tomllib
from pathlib import Path

from pipeline.errors import ConfigError

DEFAULT_THRESHOLDS = Path(__file__).resolve().parents[2] / "configs" / "qa" / "thresholds.toml"
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


def load_thresholds(path: Path) -> dict[str, float]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"thresholds file not found: {path}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    unknown = set(data) - set(THRESHOLD_KEYS)
    if unknown:
        raise ConfigError(f"{path}: unknown key(s) {', '.join(sorted(unknown))}")
    for key, value in data.items():
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            raise ConfigError(f"{path}: {key}: expected a number, got {value!r}")
    return {k: float(v) for k, v in data.items()}


def gate_failures(overall: dict[str, float], thresholds: dict[str, float]) -> list[str]:
    """One line per threshold the scores miss ("f1 0.950 < 0.98"); empty when the gate passes."""
    failures = []
    for key, limit in thresholds.items():
        metric, kind = THRESHOLD_KEYS[key]
        value = overall[metric]
        if (kind == "min" and value < limit) or (kind == "max" and value > limit):
            failures.append(f"{metric} {value:.3f} {'<' if kind == 'min' else '>'} {limit}")
    return failures
