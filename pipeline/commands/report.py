"""``pipeline report OUT_DIR --html FILE.html``: an HTML report of the runs in an output directory."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from pipeline.errors import ConfigError
from pipeline.stdout import print_out


def _count(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {value!r}") from None
    if number < 0:
        raise argparse.ArgumentTypeError(f"expected 0 or more, got {number}")
    return number


def register(sub: Any) -> None:
    """The ``report`` subcommand and its flags."""
    p = sub.add_parser(
        "report",
        help="write a self-contained HTML report of the runs in an output directory",
        description="Pages by outcome and by host (charts), extraction success rate, failures with their "
        "reasons and a sample of extracted articles with their comments, for the runs in OUT_DIR.",
    )
    p.add_argument("out_dir", metavar="OUT_DIR", help="the pipeline's output directory (holds _runs/ and datasets)")
    p.add_argument("--html", required=True, metavar="FILE.html", help="where to write the report")
    p.add_argument(
        "--run",
        action="append",
        metavar="RUN_ID",
        help="report only this run (repeatable; default: the latest run)",
    )
    p.add_argument("--all-runs", action="store_true", help="report every run in OUT_DIR (default: the latest run)")
    p.add_argument("--sample", type=_count, default=8, metavar="N", help="articles in the sample (default 8)")
    p.add_argument(
        "--max-failures",
        type=_count,
        default=200,
        metavar="N",
        help="failed pages listed one by one (default 200; all are counted)",
    )
    p.set_defaults(func=cmd_report)


def cmd_report(args: argparse.Namespace) -> int:
    """Write the HTML report of the chosen runs; conflicting choices are a ConfigError (exit 2)."""
    html = Path(args.html)
    if html.is_dir():
        raise ConfigError(f"--html: {html} is a directory; give a file name")
    if args.all_runs and args.run:
        raise ConfigError("--all-runs and --run exclude each other")
    from pipeline.report.run_html import write_run_report  # pyarrow.dataset and pandas: not for `pipeline run`

    data = write_run_report(Path(args.out_dir), html, args.run, args.sample, args.max_failures, args.all_runs)
    rate = data.extraction_success_rate
    print_out(
        f"wrote {html}: {len(data.runs)} of {data.all_runs} run(s), {data.pages} pages, "
        f"{data.pages - data.pages_ok} failed ({data.failed_urls} URL(s)), "
        f"extraction success {'n/a' if rate is None else f'{rate:.1%}'}"
    )
    return 0
