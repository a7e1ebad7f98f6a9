"""The ``pipeline`` command: a thin layer over the library.

Exit codes: 0 every page ok; 1 some pages failed (each is a ``fetches`` row); 2 usage, config
or input error (one line on stderr, no traceback); 3 the run deadline left pages undone;
75 another run holds the output lock; 130 interrupted (Ctrl-C), 143 terminated (SIGTERM).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline import __version__, compiled_patterns
from pipeline.commands import extract as extract_command
from pipeline.commands import qa as qa_command
from pipeline.commands import report as report_command
from pipeline.config import load_config
from pipeline.errors import (
    EXIT_STORAGE,
    REFUSED_ERRNOS,
    REFUSED_HINT,
    STORAGE_ERRNOS,
    InputError,
    PipelineError,
    RunInterrupted,
)
from pipeline.files import write_json_atomic
from pipeline.resources import data_path
from pipeline.stdout import discard_stdout

if TYPE_CHECKING:  # imported where a run starts: the other commands start without them
    from pipeline.config import Config
    from pipeline.run.summary import RunSummary

EXIT_INTERRUPTED = 130


def _add_run(sub: Any) -> None:
    p = sub.add_parser(
        "run",
        help="run the batch job: fetch (or read WARC), extract, write Parquet",
        description="Run the batch job. With no input it runs the demo (the bundled config "
        "pipeline/data/demo.toml on the bundled sample pages, no network).",
    )
    p.add_argument(
        "--config", metavar="FILE", help="TOML config file (default: the bundled demo when no input is given)"
    )
    p.add_argument(
        "--urls",
        metavar="FILE",
        action="append",
        help="file with one URL per line (repeatable); - reads the list from standard input",
    )
    p.add_argument(
        "--warc",
        metavar="FILE",
        nargs="+",
        action="extend",
        help="read response records from WARC/ARC files instead of fetching",
    )
    p.add_argument("--out", metavar="DIR", help="output directory for the Parquet datasets")
    p.add_argument("--raw", metavar="DIR", help="directory for the raw WARC archive of fetched pages")
    p.add_argument("--run-date", metavar="YYYY-MM-DD", help="crawl_date partition (default: today, UTC)")
    p.add_argument(
        "--run-id", metavar="ID", help="run id (default: run date + digest of the input; the same id resumes a run)"
    )
    p.add_argument(
        "--workers",
        type=int,
        metavar="N",
        help="local worker processes (default: run.workers; 0, built in, is one per core; the demo config: 1)",
    )
    p.add_argument("--scheduler", metavar="tcp://HOST:PORT", help="run the shards on this Dask cluster")
    p.add_argument("--log-format", choices=("text", "json"), help="log lines as text or JSON")
    p.add_argument("--progress", choices=("auto", "on", "off"), help="progress bar (auto: only on a terminal)")
    p.add_argument("--dry-run", action="store_true", help="print what is done and what would be fetched; write nothing")
    p.add_argument(
        "--max-failure-rate",
        type=float,
        metavar="R",
        help="exit 0 when at most this share of pages failed (0-1; default 0: any failure exits 1)",
    )
    p.add_argument(
        "--deadline",
        metavar="WHEN",
        help="no new page starts after this: a duration (90m, 2h; from the run's start, which a resumed "
        "run keeps) or an ISO time with a zone; "
        "pages not done are 'deadline' rows, exit 3, the same command resumes",
    )
    p.add_argument(
        "--summary",
        metavar="FILE",
        help="also write the run's summary, one JSON object, to FILE whatever the outcome (an error or a stop "
        "too: exit_code, error); a summary left by an earlier run is removed first",
    )
    p.add_argument("-v", "--verbose", action="store_true", default=argparse.SUPPRESS, help="one log line per URL")
    p.set_defaults(func=cmd_run)


def build_parser() -> argparse.ArgumentParser:
    """Every subcommand and flag; the tests and the README checks read the same parser."""
    parser = argparse.ArgumentParser(prog="pipeline", description="Health-article pages to clean Parquet.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="run: debug logging, one log line per URL")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    _add_run(sub)
    extract_command.register(sub)
    qa_command.register(sub)
    report_command.register(sub)
    return parser


def _run_overrides(args: argparse.Namespace) -> dict[str, dict[str, Any]]:
    overrides: dict[str, dict[str, Any]] = {"sources": {}, "output": {}, "run": {}}
    if args.urls:
        overrides["sources"]["url_files"] = args.urls
    if args.warc:
        overrides["sources"]["warc"] = args.warc
    if args.out:
        overrides["output"]["dir"] = args.out
    if args.raw:
        overrides["output"]["raw_dir"] = args.raw
    for flag, key in (
        ("max_failure_rate", "max_failure_rate"),
        ("run_date", "run_date"),
        ("run_id", "run_id"),
        ("workers", "workers"),
        ("scheduler", "scheduler"),
        ("log_format", "log_format"),
        ("progress", "progress"),
        ("deadline", "deadline"),
    ):
        value = getattr(args, flag)
        if value is not None:
            overrides["run"][key] = value
    return {k: v for k, v in overrides.items() if v}


# The allocator of a run's Arrow buffers (read by pyarrow when it is first imported). The wheels'
# default, mimalloc, kept 6-8 MB more resident in each process that writes Parquet (the driver
# and each pool worker: peak RSS summed over a --workers 0 run of ScrapingHub's WARC 317.6 ->
# 298.8 MB, --workers 1 150.7 -> 144.3 MB) for the same rows and the same CPU time: a run's
# tables are small (a shard's rows), so a general-purpose allocator loses nothing.
ARROW_MEMORY_POOL = "system"


def cmd_run(args: argparse.Namespace) -> int:
    """The batch job: flags over the config (or the bundled demo), then the run's summary as text or
    one JSON line; the exit code is the run's (a dry run exits 0)."""
    os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", ARROW_MEMORY_POOL)  # before pyarrow's import
    from pipeline.logs import setup_logging

    start_summary_file(args.summary)
    config_path = args.config
    overrides = _run_overrides(args)
    if config_path is None and not (args.urls or args.warc):  # the demo: bundled config and WARC
        config_path = str(data_path("demo.toml"))
        overrides.setdefault("sources", {})["warc"] = [str(data_path("demo", "demo.warc.gz"))]
    config = load_config(config_path, overrides)
    setup_logging(config.run.log_format, getattr(args, "verbose", False))
    from pipeline.run.runner import run_pipeline  # after the config: a mistyped key is told at once

    summary = run_pipeline(config, argv=sys.argv[1:], dry_run=args.dry_run)
    hint = failure_hint(summary.outcomes)
    exit_code = 0 if summary.dry_run else summary.exit_code
    payload = {
        "run_id": summary.run_id,
        "outcomes": summary.outcomes,
        "rows": summary.rows,
        "skipped_not_pages": summary.not_pages,
        "not_fetched": summary.not_fetched,
        "clock_skew_s": summary.clock_skew_s,
        "shard_errors": summary.shard_errors,
        "manifest": summary.manifest,
        "failed_pages": summary.failed_pages,
        "failure_rate": round(summary.failure_rate, 4),
        "retry_of": summary.retry_of,
        "retried": len(summary.retried),
        "to_fetch": len(summary.to_fetch),
        "hint": hint,
        "deadline_reached": summary.deadline_reached,
        "exit_code": exit_code,
        "error": None,
        "plan": summary.plan if summary.dry_run else None,
    }
    if args.summary:
        write_json_atomic(Path(args.summary), payload)
    try:
        _print_run(summary, config, payload, hint)
    except BrokenPipeError:  # stdout's reader went away (`| head -1`, `| grep -q`): the run's code stands
        discard_stdout()
    return exit_code


def _print_run(summary: RunSummary, config: Config, payload: dict[str, Any], hint: str | None) -> None:
    """The run's summary on stdout: one JSON line, or the text a person reads."""
    from pipeline.run.summary import clock_line, not_fetched_line, not_pages_line

    if config.run.log_format == "json":  # one JSON object, the last line on stdout
        print(json.dumps(payload))
        return
    if summary.retry_of is not None:
        # a resumed attempt's committed shards already hold some of its URLs: those are done too
        pending = summary.to_fetch
        kept = sum(summary.outcomes.values()) - len(pending) if summary.dry_run or not summary.retried else None
        resumed = len(summary.retried) - len(summary.to_fetch) if summary.resumed_attempt else 0
        print(
            f"run {summary.retry_of} finished before: "
            + (f"{kept} page(s) done, " if kept is not None else "")
            + f"{len(pending)} to fetch again (connection errors, timeouts, 5xx, internal errors)"
            + (f" as {summary.run_id}" if summary.retried else "")
            + (f" (resumed: {resumed} of its {len(summary.retried)} fetched before it was stopped)" if resumed else "")
        )
    if summary.dry_run:
        print(f"dry run {summary.run_id}: {summary.shards} shard(s), nothing written")
        for shard in summary.plan:
            start, stop = shard.get("range") or (None, None)
            what = (
                f"warc {shard['warc']}" + (f" bytes {start}-{stop or 'end'}" if start is not None else "")
                if shard["warc"]
                else f"{shard['seeds'] - shard['invalid']} url(s), {shard['sitemaps']} sitemap(s), "
                f"hosts {', '.join(shard['hosts']) or 'none'}"
            )
            print(f"  {shard['key']}: {'done' if shard['done'] else 'would fetch'}: {what}")
            if shard["invalid"]:
                shown = ", ".join(repr(url[:DRY_RUN_URL_CHARS]) for url in shard["invalid_urls"])
                more = shard["invalid"] - len(shard["invalid_urls"])
                print(
                    f"    {shard['invalid']} invalid URL line(s), recorded as invalid_url without a request: "
                    + shown
                    + (f" and {more} more" if more else "")
                )
        for url in summary.to_fetch[:DRY_RUN_URLS]:
            print(f"  would fetch again: {url}")
        if len(summary.to_fetch) > DRY_RUN_URLS:
            print(f"  ... and {len(summary.to_fetch) - DRY_RUN_URLS} more")
        return
    if summary.retry_of is not None and not summary.retried:
        print("  pages: " + (", ".join(f"{k}={v}" for k, v in summary.outcomes.items()) or "none"))
        return
    print(
        f"run {summary.run_id} ({summary.run_date}): {summary.shards} shard(s), "
        f"{summary.resumed_shards} already done, {summary.seconds:.1f}s"
    )
    print("  pages: " + (", ".join(f"{k}={v}" for k, v in summary.outcomes.items()) or "none"))
    print("  rows written: " + ", ".join(f"{k}={v}" for k, v in summary.rows.items()))
    if line := not_pages_line(summary.not_pages):
        print(f"  {line}")
    if line := not_fetched_line(summary.not_fetched):
        print(f"  {line}")
    if line := clock_line(summary):
        print(f"  {line}")
    for key, error in summary.shard_errors.items():
        print(f"  shard {key} failed: {error}")
    if summary.deadline_reached:
        print(
            f"  run deadline reached: {summary.outcomes.get('deadline', 0)} page(s) not fetched, "
            f"{len(summary.deadline_shards)} WARC shard(s) not finished; run the same command again to go on"
        )
    print(f"  output: {config.output.dir}  manifest: {summary.manifest}")
    if summary.failed_pages:
        print(
            f"  {summary.failed_pages} page(s) failed ({summary.failure_rate:.1%}, "
            f"--max-failure-rate {summary.max_failure_rate:g}); see the fetches dataset for reasons"
        )
    if hint:
        print(f"  hint: {hint}")


# What to do about the most common failure of a run, printed under the summary.
FAILURE_HINTS = {
    "blocked_address": "the host resolves to a private or loopback address: add it to fetch.allow_private",
    "robots_disallowed": "robots.txt forbids these pages; set fetch.obey_robots = false only for your own sites",
    "connection_error": "hosts did not answer: check they are up; a re-run of the same command retries them",
    "timeout": "responses were too slow: raise fetch.timeout_s; a re-run of the same command retries them",
    "http_error": "servers answered with errors (see fetches.status); 5xx and 429 are retried by a re-run",
    "not_html": "these URLs are not HTML pages (PDF, images...): drop them from the URL list",
    "invalid_url": "some input lines are not http(s) URLs: fix the URL file",
    "too_large": "pages exceed fetch.max_bytes: raise it if they are real articles",
    "extract_failed": "the extractor failed on these pages: run `pipeline extract FILE.html` on one to see why",
    "deadline": "the run deadline came first: run the same command again to fetch the rest, or allow more time",
    "internal_error": "pages failed inside the pipeline (a full disk names itself in fetches.error): "
    "a re-run of the same command retries them",
}
DRY_RUN_URLS = 20
# An invalid URL line is shown this long: a pasted paragraph must not fill the terminal.
DRY_RUN_URL_CHARS = 120


def start_summary_file(path: str | None) -> None:
    """Remove the summary an earlier run left at ``path`` (a run killed before it writes its own
    must not leave the last one's to be read as its own); refuse a folder that does not exist."""
    if not path:
        return
    file = Path(path)
    if not file.parent.is_dir():
        raise InputError(f"--summary: folder not found: {file.parent}")
    try:
        file.unlink(missing_ok=True)
    except OSError as exc:
        raise InputError(f"--summary: cannot replace {file}: {exc.strerror or exc}") from None


def failed_summary(args: argparse.Namespace, exit_code: int, error: str) -> None:
    """The ``--summary`` file of a run that ended without a summary: an error, a stop, a full disk."""
    path = getattr(args, "summary", None)
    if not path or Path(path).exists() or not Path(path).parent.is_dir():
        return  # no file asked for, the run's own written, or nowhere to write it
    payload = dict.fromkeys(SUMMARY_KEYS) | {"exit_code": exit_code, "error": error}
    with contextlib.suppress(OSError):  # the disk that failed the run may refuse this too
        write_json_atomic(Path(path), payload)


# The keys of a --summary file (a failed run's are null but exit_code and error).
SUMMARY_KEYS = (
    "run_id",
    "outcomes",
    "rows",
    "skipped_not_pages",
    "not_fetched",
    "clock_skew_s",
    "shard_errors",
    "manifest",
    "failed_pages",
    "failure_rate",
    "retry_of",
    "retried",
    "to_fetch",
    "hint",
    "deadline_reached",
    "exit_code",
    "error",
    "plan",
)


def failure_hint(outcomes: dict[str, int]) -> str | None:
    """A hint for the dominant failure, or None when nothing failed (or it has no hint)."""
    failures = {o: n for o, n in outcomes.items() if o in FAILURE_HINTS}
    if not failures:
        return None
    return FAILURE_HINTS[max(failures, key=lambda o: (failures[o], o))]


def main(argv: list[str] | None = None) -> int:
    """Run a subcommand and turn what it raises into one stderr line and the documented exit code
    (no traceback for a user's error, an interruption or a full disk).

    The patterns its modules compile as they are imported are read back compiled
    (:mod:`pipeline.compiled_patterns`; a run keeps what its start-up compiled for the next)."""
    compiled_patterns.install()
    try:
        return _main(argv)
    finally:
        compiled_patterns.start_up_done(keep=False)  # a run has kept its own already


def _main(argv: list[str] | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args))
    except PipelineError as exc:
        print(f"pipeline: error: {exc}", file=sys.stderr)
        failed_summary(args, exc.exit_code, str(exc))
        return exc.exit_code
    except RunInterrupted as exc:
        print(f"pipeline: {exc}; run the same command again to resume", file=sys.stderr)
        failed_summary(args, exc.exit_code, str(exc))
        return exc.exit_code
    except KeyboardInterrupt:
        print("pipeline: interrupted", file=sys.stderr)
        failed_summary(args, EXIT_INTERRUPTED, "interrupted")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return 0
    except OSError as exc:
        if exc.errno in REFUSED_ERRNOS and exc.filename and args.command == "run":
            target = exc.filename2 or exc.filename  # a rename names the file it would replace second
            reason = f"{target}: {exc.strerror or exc}"
            print(
                f"pipeline: error: {reason} ({REFUSED_HINT}); make it writable and run the same command "
                "again: it resumes",
                file=sys.stderr,
            )
            failed_summary(args, EXIT_STORAGE, reason)
            return EXIT_STORAGE
        if exc.errno not in STORAGE_ERRNOS:
            raise
        where = f" {exc.filename}" if exc.filename else ""
        print(
            f"pipeline: error: cannot write{where}: {exc.strerror or exc}; make room (or repair the disk) and run "
            "the same command again: it resumes",
            file=sys.stderr,
        )
        failed_summary(args, EXIT_STORAGE, f"cannot write{where}: {exc.strerror or exc}")
        return EXIT_STORAGE
    finally:
        logging.shutdown()


if __name__ == "__main__":
    sys.exit(main())
