"""The CLI as users call it: a real subprocess, exit codes, help text for every command."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.cli import build_parser, main
from tests.warcs import article_html

REPO = Path(__file__).resolve().parents[1]


def cli(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *args], capture_output=True, text=True, cwd=cwd, timeout=120
    )


def subcommands() -> list[str]:
    parser = build_parser()
    action = next(a for a in parser._actions if a.dest == "command")
    return sorted(action.choices)  # type: ignore[arg-type]


def missing_help(parser: argparse.ArgumentParser, name: str = "pipeline") -> list[str]:
    """Every option, argument and command under ``parser`` without help text, nested commands
    and the top-level options included (a new option anywhere is checked, not only the first
    level's)."""
    missing = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {choice.dest: choice.help for choice in action._choices_actions}
            for command, sub in action.choices.items():
                if not helps.get(command):
                    missing.append(f"{name} {command}")
                missing += missing_help(sub, f"{name} {command}")
        elif action.dest != "help" and not action.help:
            missing.append(f"{name} {'/'.join(action.option_strings) or action.dest}")
    return missing


def test_every_command_and_option_has_help_text() -> None:
    assert {"run", "extract", "qa", "report"} <= set(subcommands())
    assert missing_help(build_parser()) == []


def test_a_nested_command_or_a_top_level_option_without_help_is_found() -> None:
    parser = argparse.ArgumentParser(prog="tool")
    parser.add_argument("--quiet", action="store_true")
    commands = parser.add_subparsers(dest="command")
    outer = commands.add_parser("outer", help="has help")
    inner = outer.add_subparsers(dest="inner").add_parser("inner")
    inner.add_argument("--depth", help="has help")
    inner.add_argument("--width")
    assert missing_help(parser, "tool") == ["tool --quiet", "tool outer inner", "tool outer inner --width"]


@pytest.mark.parametrize("command", subcommands())
def test_help_runs(command: str) -> None:
    result = cli(command, "--help")
    assert result.returncode == 0 and f"usage: pipeline {command}" in result.stdout


def test_bad_config_is_exit_2_without_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[fetch]\ntimeout = 3\n")
    result = cli("run", "--config", str(bad))
    assert result.returncode == 2
    assert "fetch.timeout" in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_missing_warc_is_exit_2(tmp_path: Path) -> None:
    result = cli("run", "--warc", str(tmp_path / "none.warc.gz"), "--out", str(tmp_path / "o"))
    assert result.returncode == 2 and "not found" in result.stderr and "Traceback" not in result.stderr


def test_bad_flag_is_exit_2() -> None:
    assert cli("run", "--workers", "many").returncode == 2


def test_run_warc_exit_1_when_pages_fail(tmp_path: Path, sample_warc: Path) -> None:
    result = cli("run", "--warc", str(sample_warc), "--out", str(tmp_path / "o"), "--run-date", "2026-11-20")
    assert result.returncode == 1, result.stderr
    assert "ok=3" in result.stdout and "not_html=1" in result.stdout
    manifest = json.loads(Path(next((tmp_path / "o" / "_runs").glob("*.json"))).read_text())
    assert manifest["counts_by_outcome"]["ok"] == 3
    assert {f["dataset"] for f in manifest["files"]} == {"articles", "metadata", "comments", "references", "fetches"}


def test_run_exit_0_when_all_ok_and_json_logs(tmp_path: Path) -> None:
    from tests.warcs import write_warc

    url = "https://health.example/a"
    warc = write_warc(tmp_path / "ok.warc.gz", [(url, article_html("Anemia", url), "text/html", 200)])
    result = cli("run", "--warc", str(warc), "--out", str(tmp_path / "o"), "--log-format", "json")
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert summary["outcomes"] == {"ok": 1} and summary["exit_code"] == 0


def test_dry_run_writes_nothing(tmp_path: Path, sample_warc: Path) -> None:
    result = cli("run", "--warc", str(sample_warc), "--out", str(tmp_path / "o"), "--dry-run")
    assert result.returncode == 0 and "1 shard" in result.stdout
    assert not (tmp_path / "o").exists()


def test_extract_prints_json(tmp_path: Path) -> None:
    page = tmp_path / "p.html"
    page.write_bytes(article_html("Shingles", "https://health.example/shingles", comments=True))
    result = cli("extract", str(page), "--url", "https://health.example/shingles")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["metadata"]["title"] == "Shingles"
    assert data["metadata"]["authors"] == ["Ann Writer"]
    assert [c["author"] for c in data["comments"]] == ["reader_one", "Ann Writer"]
    assert data["comments"][1]["parent_position"] == 0
    assert "Shingles is a condition" in data["article"]["text"]


def test_extract_missing_file_is_exit_2(tmp_path: Path) -> None:
    result = cli("extract", str(tmp_path / "nope.html"))
    assert result.returncode == 2 and "not found" in result.stderr


def test_progress_bar_on_a_terminal_only(tmp_path: Path, sample_warc: Path) -> None:
    import fcntl
    import os
    import pty
    import struct
    import termios

    args = [sys.executable, "-m", "pipeline", "run", "--warc", str(sample_warc), "--run-date", "2026-11-20"]
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))  # a real size, as terminals have
    try:
        process = subprocess.Popen([*args, "--out", str(tmp_path / "tty")], stdout=subprocess.DEVNULL, stderr=slave)
        os.close(slave)
        chunks = []
        while True:
            try:
                chunk = os.read(master, 4096)
            except OSError:  # EIO: the child closed the terminal
                break
            if not chunk:
                break
            chunks.append(chunk)
        assert process.wait(timeout=120) == 1
    finally:
        os.close(master)
    assert "pages: 100%" in b"".join(chunks).decode(errors="replace")  # 5 WARC records: counted as they come
    piped = cli(*args[3:], "--out", str(tmp_path / "pipe"))
    assert piped.returncode == 1 and "100%" not in piped.stderr and "pages:" not in piped.stderr


def test_json_log_format_writes_json_lines(tmp_path: Path, sample_warc: Path) -> None:
    result = cli("-v", "run", "--warc", str(sample_warc), "--out", str(tmp_path / "o"), "--log-format", "json")
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines and all(isinstance(json.loads(line), dict) for line in lines)
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert summary["outcomes"]["ok"] == 3 and summary["manifest"].endswith(".json")


@pytest.mark.parametrize("as_json", [False, True])
def test_a_reader_that_stops_reading_keeps_the_qa_gates_verdict(tmp_path: Path, as_json: bool) -> None:
    """``pipeline qa | head -1`` (session 15's left-over): the gate's FAIL met a broken pipe, which
    the CLI answered with exit 0, so a CI step under ``set -o pipefail`` passed a failing gate.
    Now the command's code stands (``qa``, ``extract`` and ``report`` print through one helper)."""
    fixtures = tmp_path / "fixtures"
    fixtures.mkdir()
    source = Path(__file__).parent / "fixtures" / "pages" / "blog"
    (fixtures / "blog").mkdir()
    for file in source.iterdir():
        (fixtures / "blog" / file.name).write_bytes(file.read_bytes())
    strict = tmp_path / "strict.toml"
    strict.write_text("min_text_f1 = 1.5\n")  # no page reaches it: the gate fails
    command = [sys.executable, "-m", "pipeline", "qa", str(fixtures), "--thresholds", str(strict)]
    command += ["--json"] if as_json else []
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert process.stdout is not None
    process.stdout.close()  # the reader is gone before the verdict is printed
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 1, stderr
    assert "Exception ignored" not in stderr and "Traceback" not in stderr, stderr


@pytest.mark.parametrize("dataset", ["articles", "fetches"])
def test_a_report_over_a_damaged_part_file_names_it_in_one_line(tmp_path: Path, dataset: str) -> None:
    """``pipeline report`` over an output holding a part file cut short (a copy that stopped
    half-way, a power loss; session 15's left-over): it ended with pyarrow's traceback ("Parquet
    magic bytes not found in footer"), exit 1, naming no file; now exit 2 in one line, as a run's start."""
    from tests.test_operations import make_warcs

    out = tmp_path / "out"
    warcs = make_warcs(tmp_path / "in", files=1, pages=3)  # run here (quicker); the report as users run it
    assert main(["run", "--warc", *warcs, "--out", str(out), "--workers", "1", "--progress", "off"]) == 0
    [part] = (out / dataset).glob("crawl_date=*/part-2*.parquet")
    part.write_bytes(part.read_bytes()[:100])
    report = cli("report", str(out), "--html", str(tmp_path / "report.html"))
    assert report.returncode == 2, report.stderr
    [line] = report.stderr.splitlines()
    assert line.startswith("pipeline: error: damaged Parquet file(s) in the output: " + str(part)), line
    assert not (tmp_path / "report.html").exists()
