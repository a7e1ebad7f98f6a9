"""``pipeline qa``: score extraction against the fixture pages; a gate with thresholds."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from pipeline.resources import data_path
from pipeline.stdout import print_out


def register(sub: Any) -> None:
    """The ``qa`` subcommand and its flags."""
    p = sub.add_parser(
        "qa",
        help="score extraction against fixture pages; exit 1 below the thresholds",
        description="Extract every fixture page under DIR and score text, boilerplate, metadata and "
        "comments. A fixture is NAME.expected.json with NAME.html beside it, at any depth: all in "
        "DIR (as the bundled demo pages are) or in subfolders (tests/fixtures/pages/<site>/<slug>); "
        "a page is named by its path under DIR. An .html without its .expected.json is not scored.",
    )
    p.add_argument(
        "fixtures",
        nargs="?",
        metavar="DIR",
        help="fixture directory, e.g. tests/fixtures/pages (default: the bundled demo pages, one folder)",
    )
    p.add_argument(
        "--thresholds",
        metavar="FILE",
        help="TOML file of gate thresholds (default: the built-in ones, pipeline/data/qa/thresholds.toml)",
    )
    p.add_argument("--report", metavar="FILE.html", help="also write a self-contained HTML report")
    p.add_argument("--json", action="store_true", help="print the scores as JSON instead of a table")
    p.set_defaults(func=cmd_qa)


def cmd_qa(args: argparse.Namespace) -> int:
    """Score every fixture page and apply the gate: exit 1 below a threshold, so CI fails on it."""
    # The QA runner, scorer and report: imported by this command only, not by every run's start-up.
    from pipeline.qa.gate import gate_failures, load_thresholds
    from pipeline.qa.runner import run_qa
    from pipeline.report.qa_html import write_qa_report

    thresholds = load_thresholds(Path(args.thresholds) if args.thresholds else None)
    result = run_qa(args.fixtures or data_path("demo", "pages"), explain=bool(args.report))
    overall = result.totals.as_dict()
    failures = gate_failures(overall, thresholds)
    if args.report:
        write_qa_report(result, Path(args.report), thresholds, failures)
    if args.json:
        print_out(
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
        print_out(result.table() + "\ngate: " + ("PASS" if not failures else "FAIL: " + "; ".join(failures)))
    return 1 if failures else 0
