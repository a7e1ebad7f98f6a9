from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.config import load_config
from pipeline.errors import ConfigError
from pipeline.resources import data_path


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "c.toml"
    path.write_text(text)
    return path


def test_defaults_ship_with_the_code() -> None:
    config = load_config(None, environ={})
    assert config.fetch.obey_robots is True
    assert config.fetch.allow_private == []
    assert config.output.dir == "data/clean"


def test_precedence_default_file_env_flags(tmp_path: Path) -> None:
    path = write(tmp_path, "[fetch]\ntimeout_s = 5\nmax_retries = 1\nmin_delay_s = 2\n")
    env = {"PIPELINE__FETCH__MAX_RETRIES": "4", "PIPELINE__FETCH__MIN_DELAY_S": "3"}
    config = load_config(path, {"fetch": {"min_delay_s": 0.5}}, environ=env)
    assert config.fetch.timeout_s == 5.0  # file over default
    assert config.fetch.max_retries == 4  # env over file
    assert config.fetch.min_delay_s == 0.5  # flag over env
    assert config.fetch.connect_timeout_s == 10.0  # default


def test_env_lists_and_strings() -> None:
    env = {"PIPELINE__FETCH__ALLOW_PRIVATE": '["127.0.0.0/8", "localhost"]', "PIPELINE__OUTPUT__DIR": "/tmp/x"}
    config = load_config(None, environ=env)
    assert config.fetch.allow_private == ["127.0.0.0/8", "localhost"]
    assert config.output.dir == "/tmp/x"


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("[fetch]\ntimeout = 3\n", "fetch.timeout"),
        ("[fetchh]\ntimeout_s = 3\n", "[fetchh]"),
        ("[fetch]\nmax_retries = 'three'\n", "fetch.max_retries"),
        ("[fetch]\nobey_robots = 1\n", "fetch.obey_robots"),
        ("[run]\nrun_date = '24/11/2026'\n", "run.run_date"),
        ("[run]\nworkers = -1\n", "run.workers"),
        ("[sources]\nurls = 'not-a-list'\n", None),
        ("[output\n", "invalid TOML"),
    ],
)
def test_bad_config_names_the_key(tmp_path: Path, text: str, named: str | None) -> None:
    path = write(tmp_path, text)
    if named is None:  # a comma-separated string is accepted as a list
        assert load_config(path, environ={}).sources.urls == ["not-a-list"]
        return
    with pytest.raises(ConfigError, match=named.replace("[", r"\[").replace("]", r"\]")):
        load_config(path, environ={})


def test_bad_env_key_is_named() -> None:
    with pytest.raises(ConfigError, match="fetch.nope"):
        load_config(None, environ={"PIPELINE__FETCH__NOPE": "1"})


def test_missing_config_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        load_config(tmp_path / "nope.toml", environ={})


def test_shipped_configs_are_valid() -> None:
    root = Path(__file__).resolve().parents[1] / "configs"
    shipped = [*root.glob("*.toml"), data_path("demo.toml")]
    assert len(shipped) >= 2
    for path in shipped:
        load_config(path, environ={})
