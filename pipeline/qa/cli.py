"""``pipeline qa``: score extraction against the fixture pages; a gate with thresholds."""

from __future__ import annotations

import argparse
import json
import tomllib
from pathlib import Path
from typing import Any

from pipeline.errors import ConfigError
from pipeline.qa.runner import run_qa

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_FIXTURES = REPO_ROOT / "tests" / "fixtures" / "pages"
DEFAULT_THRESHOLDS = REPO_ROOT / "configs" / "qa" / "thresholds.toml"
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


def register(sub: Any) -> None:
    p = sub.add_parser(
        "qa",
        help="score extraction against fixture pages; exit 1 below the thresholds",
        description="Extract every fixture page (<site>/<slug>.html with <slug>.expected.json) "
        "and score text, boilerplate, metadata and comments.",
    )
    p.add_argument(
        "fixtures",
        nargs="?",
        default=str(DEFAULT_FIXTURES),
        metavar="DIR",
        help="fixture directory (default: tests/fixtures/pages)",
    )
    p.add_argument(
        "--thresholds",
        default=str(DEFAULT_THRESHOLDS),
        metavar="FILE",
        help="TOML file of gate thresholds (default: configs/qa/thresholds.toml)",
    )
    p.add_argument("--report", metavar="FILE.html", help="also write a self-contained HTML report")
    p.add_argument("--json", action="store_true", help="print the scores as JSON instead of a table")
    p.set_defaults(func=cmd_qa)


def cmd_qa(args: argparse.Namespace) -> int:
    thresholds = load_thresholds(Path(args.thresholds))
    result = run_qa(args.fixtures)
    overall = result.totals.as_dict()
    failures = []
    for key, limit in thresholds.items():
        metric, kind = THRESHOLD_KEYS[key]
        value = overall[metric]
        if (kind == "min" and value < limit) or (kind == "max" and value > limit):
            failures.append(f"{metric} {value:.3f} {'<' if kind == 'min' else '>'} {limit}")
    if args.report:
        from pipeline.report.qa_html import write_qa_report

        write_qa_report(result, Path(args.report), thresholds, failures)
    if args.json:
        print(
            json.dumps(
                {
                    "totals": overall,
                    "failures": failures,
                    "pages": {
                        s.name: {
                            "f1": s.f1,
                            "leaked": s.leaked,
                            "fields_right": s.fields_right,
                            "comments": [s.comments_matched, s.comments_expected],
                        }
                        for s in result.scores
                    },
                },
                indent=2,
            )
        )
    else:
        print(result.table())
        print("gate: " + ("PASS" if not failures else "FAIL: " + "; ".join(failures)))
    return 1 if failures else 0
