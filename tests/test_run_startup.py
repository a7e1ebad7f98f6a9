"""What a run pays for its start-up: the modules only a fetching run or a stored history needs
stay out of it, and the objects it made stay out of the cyclic collector's full collections
while the shards run (CPU every run and every pool worker pays; see README, *Benchmarks*, one
worker's CPU)."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from pipeline.run import runner
from pipeline.run.runner import run_pipeline
from pipeline.run.shard import run_shard
from tests.conftest import make_config

SCRIPT = """
import sys
from pipeline.cli import main

try:
    main(["run", "--warc", sys.argv[1], "--out", sys.argv[2], "--run-date", sys.argv[3], "--progress", "off",
          "--workers", "1", "--max-failure-rate", "1"])
except SystemExit as stop:
    assert not stop.code, stop.code
for name in sys.argv[4:]:
    print("imported", name, name in sys.modules)
"""
# pyarrow.compute: ~0.02 s of CPU at import, used only to read the fetch log of earlier runs
# (sightings, stored articles), which a run into an empty output never reads.
NOT_IMPORTED = ["pyarrow.compute", "pyarrow.dataset", "pandas", "requests"]


def test_a_first_warc_run_imports_no_history_or_fetch_modules(tmp_path: Path, sample_warc: Path) -> None:
    out = tmp_path / "out"
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(sample_warc), str(out), "2026-12-01", *NOT_IMPORTED],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert _imported(result.stdout) == [f"imported {name} False" for name in NOT_IMPORTED]
    assert any((out / "articles").rglob("*.parquet"))


def test_a_second_run_over_stored_rows_still_reads_them(tmp_path: Path, sample_warc: Path) -> None:
    """The deferred import is made where the history is read: a rerun adds no article twice."""
    from pipeline.cli import main

    out = tmp_path / "out"
    first = ["run", "--warc", str(sample_warc), "--out", str(out), "--run-date", "2026-12-01", "--progress", "off"]
    assert main([*first, "--workers", "1", "--max-failure-rate", "1"]) == 0  # the first night here: quicker
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(sample_warc), str(out), "2026-12-02", "pyarrow.compute"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert _imported(result.stdout) == ["imported pyarrow.compute True"]
    assert "articles=0" in result.stdout  # the stored versions were read: none written again


def _imported(stdout: str) -> list[str]:
    return [line for line in stdout.splitlines() if line.startswith("imported ")]


def test_a_one_process_run_freezes_its_start_up_while_shards_run(
    tmp_path: Path, sample_warc: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    frozen: list[int] = []

    def counting(*args: Any, **kwargs: Any) -> Any:
        frozen.append(gc.get_freeze_count())
        return run_shard(*args, **kwargs)

    monkeypatch.setattr(runner, "run_shard", counting)  # what the runner submits
    config = make_config(tmp_path, sources={"warc": [str(sample_warc)]}, run={"run_date": "2026-11-20", "workers": 1})
    summary = run_pipeline(config, argv=[])
    assert summary.outcomes["ok"] == 3
    assert frozen and min(frozen) > 10_000  # the modules and compiled rules: never scanned by a collection
    assert gc.get_freeze_count() == 0  # collectable again once the run is over


POOL_SCRIPT = """
import sys
from pipeline.cli import main

try:
    main(["run", "--warc", sys.argv[1], "--out", sys.argv[2], "--progress", "off", "--workers", "1",
          "--max-failure-rate", "1"])
except SystemExit as stop:
    assert not stop.code, stop.code
import pyarrow
print("pool", pyarrow.default_memory_pool().backend_name)
"""


@pytest.mark.parametrize(("asked", "used"), [(None, "system"), ("mimalloc", "mimalloc")])
def test_a_run_writes_its_parquet_with_the_system_allocator_unless_told(
    tmp_path: Path, sample_warc: Path, asked: str | None, used: str
) -> None:
    """A run's Arrow buffers come from the system allocator (cli.ARROW_MEMORY_POOL: mimalloc kept
    6-8 MB more resident in each process that writes Parquet); ARROW_DEFAULT_MEMORY_POOL, when
    the user sets it, is kept."""
    env = {k: v for k, v in os.environ.items() if k != "ARROW_DEFAULT_MEMORY_POOL"}
    if asked:
        env["ARROW_DEFAULT_MEMORY_POOL"] = asked
    out = tmp_path / "out"
    result = subprocess.run(
        [sys.executable, "-c", POOL_SCRIPT, str(sample_warc), str(out)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env=env,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert f"pool {used}" in result.stdout.splitlines()
    assert any((out / "articles").rglob("*.parquet"))


# What an extraction imports (trafilatura, the language model...): ~0.5 s of CPU a process.
EXTRACTOR = ["trafilatura", "pipeline.extract", "py3langid", "lxml.html"]
CLI_THEN_MODULES = """
import sys
from pipeline.cli import main

code = main(sys.argv[2:]) if sys.argv[1] == "main" else 0
print(code, sorted({*EXTRACTOR} & {*sys.modules}))
"""


@pytest.mark.parametrize(
    ("argv", "code"), [(["import-only"], 0), (["main", "run", "--config", "CONFIG"], 2)], ids=["parser", "config-error"]
)
def test_the_cli_parses_its_arguments_and_config_without_the_extractor(
    tmp_path: Path, argv: list[str], code: int
) -> None:
    """`pipeline --help`, a mistyped flag, `pipeline report` or a config error need no extractor:
    the extract command imports it when it extracts, and a run once its config is read (import
    pipeline.cli took 2.8 s of a loaded machine's wall time, 0.7 s now, before argparse could say
    "unrecognized arguments")."""
    config = tmp_path / "bad.toml"
    config.write_text("[fetch]\nconcurrency = 'many'\n")
    script = CLI_THEN_MODULES.replace("EXTRACTOR", repr(EXTRACTOR))
    argv = [str(config) if a == "CONFIG" else a for a in argv]
    result = subprocess.run([sys.executable, "-c", script, *argv], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip().splitlines()[-1] == f"{code} []", result.stderr[-3000:]
