"""The package without its checkout: ``pipeline/`` alone on the path (what a wheel installs).

The built-in site rules, the demo and the QA thresholds come from package data; a copy without
its rules is an error, and a Dask worker whose rules differ from the driver's fails the run.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.resources import rules_digest
from pipeline.run.shard import RulesMismatch, run_shard
from tests.conftest import make_config
from tests.daskcluster import dask_cluster

PACKAGE = Path(__file__).resolve().parents[1] / "pipeline"


def copy_package(target: Path) -> Path:
    """``pipeline/`` copied alone into ``target`` (a site directory for PYTHONPATH)."""
    shutil.copytree(PACKAGE, target / "pipeline", ignore=shutil.ignore_patterns("__pycache__"))
    return target


def run(args: list[str], site: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(site)}
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, cwd=cwd, env=env, timeout=300)


def test_the_package_alone_runs_the_demo_and_the_qa_gate(tmp_path: Path) -> None:
    site = copy_package(tmp_path / "site")
    work = tmp_path / "elsewhere"
    work.mkdir()
    where = run(["-c", "import pipeline; print(pipeline.__file__)"], site, work)
    assert where.stdout.strip() == str(site / "pipeline" / "__init__.py")
    demo = run(["-m", "pipeline", "run", "--log-format", "json"], site, work)
    assert demo.returncode == 0, demo.stderr
    summary = json.loads(demo.stdout.strip().splitlines()[-1])
    assert summary["outcomes"] == {"ok": 4} and summary["rows"]["articles"] == 4
    assert (work / "data" / "clean" / "articles").is_dir()
    qa = run(["-m", "pipeline", "qa"], site, work)
    assert qa.returncode == 0, qa.stdout + qa.stderr
    assert "4 pages" in qa.stdout and "gate: PASS" in qa.stdout


def test_a_package_without_its_site_rules_is_an_error(tmp_path: Path) -> None:
    site = copy_package(tmp_path / "site")
    shutil.rmtree(site / "pipeline" / "data" / "sites")
    page = tmp_path / "page.html"
    page.write_text("<html><body><article><p>Some text about sleep.</p></article></body></html>")
    result = run(["-m", "pipeline", "extract", str(page)], site, tmp_path)
    assert result.returncode == 2
    assert "built-in site rules not found" in result.stderr and "Traceback" not in result.stderr


def test_user_rules_change_the_digest(tmp_path: Path) -> None:
    mine = tmp_path / "sites"
    mine.mkdir()
    assert rules_digest(mine) == rules_digest(None)  # an empty directory adds nothing
    (mine / "a.toml").write_text('hosts = ["a.example"]\narticle_root = "main"\n')
    assert rules_digest(mine) != rules_digest(None)


def test_a_worker_with_other_rules_refuses_its_shard(tmp_path: Path, sample_warc: Path) -> None:
    mine = tmp_path / "sites"
    mine.mkdir()
    (mine / "a.toml").write_text('hosts = ["a.example"]\narticle_root = "main"\n')
    config = make_config(tmp_path, sources={"warc": [str(sample_warc)]}, extract={"sites_dir": str(mine)})
    from pipeline.run.plan import plan_shards

    (spec,) = plan_shards(config)
    with pytest.raises(RulesMismatch, match="other site rules than the driver"):
        run_shard(spec, config, "r1", "2026-11-20", driver_rules=rules_digest(None))
    assert not (tmp_path / "out" / "articles").exists()  # refused before reading a page
    assert run_shard(spec, config, "r1", "2026-11-20", driver_rules=rules_digest(mine)).rows["articles"] == 3


@pytest.mark.dask
def test_a_dask_worker_installed_with_other_rules_fails_the_run(tmp_path: Path, sample_warc: Path) -> None:
    """A real worker process importing a copy of the package with one more built-in rule file."""
    site = copy_package(tmp_path / "site")
    (site / "pipeline" / "data" / "sites" / "extra.toml").write_text('hosts = ["b.example"]\nremove = ["div.ad"]\n')
    with dask_cluster(tmp_path / "dask", {**os.environ, "PYTHONPATH": str(site)}, workers=1) as address:
        paths = ["--warc", str(sample_warc), "--out", str(tmp_path / "out"), "--raw", str(tmp_path / "raw")]
        result = subprocess.run(
            [sys.executable, "-m", "pipeline", "run", *paths, "--scheduler", address],
            capture_output=True,
            text=True,
            timeout=120,
            cwd=tmp_path,
            env={k: v for k, v in os.environ.items() if k != "PYTHONPATH"},
        )
    assert result.returncode == 2, result.stdout + result.stderr
    assert "other site rules than the driver" in result.stderr
    (manifest,) = (tmp_path / "out" / "_runs").glob("*.json")
    assert json.loads(manifest.read_text())["shards"]["failed"]
