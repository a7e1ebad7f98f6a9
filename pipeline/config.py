"""Configuration: frozen dataclasses filled from four layers.

Precedence, lowest first: built-in defaults (the dataclass fields below) < TOML file
(``--config``) < environment (``PIPELINE__SECTION__KEY=value``, value parsed as a TOML
literal when it is one, else taken as a string) < command-line flags.

Every layer is validated the same way: an unknown section or key, or a value of the wrong
type, is a :class:`~pipeline.errors.ConfigError` that names it. Relative paths are resolved
against the current working directory.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import ipaddress
import math
import os
import re
import tomllib
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.config_text import HEADER_TEXT, config_text, escaped, not_utf8
from pipeline.errors import ConfigError

ENV_PREFIX = "PIPELINE__"
DEFAULT_USER_AGENT = (
    "health-pipeline/0.1 (+https://example.invalid/health-pipeline; contact: crawler-admin@example.invalid)"
)


@dataclass(frozen=True)
class SourcesConfig:
    urls: list[str] = field(default_factory=list)
    url_files: list[str] = field(default_factory=list)
    warc: list[str] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)
    follow_links: bool = False
    max_depth: int = 1
    max_pages_per_host: int = 10_000


@dataclass(frozen=True)
class FetchConfig:
    user_agent: str = DEFAULT_USER_AGENT
    obey_robots: bool = True
    concurrency: int = 16
    per_host_concurrency: int = 2
    min_delay_s: float = 1.0
    connect_timeout_s: float = 10.0
    timeout_s: float = 30.0
    max_retries: int = 3
    backoff_base_s: float = 0.5
    max_retry_after_s: float = 120.0
    max_crawl_delay_s: float = 60.0
    max_bytes: int = 10 * 1024 * 1024
    max_redirects: int = 10
    allow_private: list[str] = field(default_factory=list)
    conditional: bool = True
    # A PEM file of certificate authorities trusted beside the built-in ones (certifi's): a
    # company's TLS-inspecting gateway re-signs every site with its own root, a test server its
    # own CA. Verification stays on; "" trusts the built-in ones only.
    ca_bundle: str = ""


@dataclass(frozen=True)
class ExtractConfig:
    sites_dir: str = ""
    trafilatura_fast: bool = True
    # CPU time of the extracting thread per page (pipeline.run.budget: the wall clock made the
    # outcome depend on the machine's load). Extraction is linear, about 12.5 s per MB of a
    # comment-heavy page on one core of the development machine (bench/hostile.py), so a page
    # at fetch.max_bytes (10 MiB) takes about 2 minutes; 5 minutes leaves room for a slower
    # machine, and a page that takes longer is an attack or a bug.
    max_seconds: float = 300.0


@dataclass(frozen=True)
class OutputConfig:
    dir: str = "data/clean"
    raw_dir: str = "data/raw/archive"
    write_warc: bool = True
    batch_rows: int = 500
    # days an archive file of this output is kept (0: forever, the default; nothing is deleted
    # unless asked). Pages files holding a URL's latest archived response are kept whatever their
    # age (pipeline/store/raw_retention.py).
    raw_keep_days: int = 0


@dataclass(frozen=True)
class RunConfig:
    workers: int = 0  # 0: one local process per CPU core, as many as there are shards
    scheduler: str = ""
    run_date: str = ""
    run_id: str = ""
    log_format: str = "text"
    progress: str = "auto"
    max_failure_rate: float = 0.0
    scheduler_timeout_s: float = 10.0
    # how long shards wait on a Dask cluster that has no worker before the run gives up (exit 1,
    # no manifest): a nanny restarts a killed worker in seconds, an adaptive job-queue cluster's
    # next job may queue for minutes; ten minutes waits out both and still ends a night
    worker_wait_s: float = 600.0
    # when no new page may start: a duration from the run's start (90m, 2h) or an ISO time with
    # a zone; the driver hands the shards the absolute UTC time ("" = none)
    deadline: str = ""
    # a WARC file over twice this size is cut into ranges of about this size, each a shard of
    # its own (0: one shard per file). 256 KiB is ~8 pages, ~0.4 s of extraction: the pool's
    # workers finish within a fraction of that of each other (1 MiB ranges left one of 2 cores
    # idle for a whole range: ScrapingHub's 6.2 MB was 5 ranges, done 3:2), while a shard's fixed
    # cost (5 part files and a marker: ~5-10 ms of CPU, 10-30 ms of fsync) stays small beside it.
    warc_shard_bytes: int = 1 << 18


@dataclass(frozen=True)
class Config:
    sources: SourcesConfig = field(default_factory=SourcesConfig)
    fetch: FetchConfig = field(default_factory=FetchConfig)
    extract: ExtractConfig = field(default_factory=ExtractConfig)
    output: OutputConfig = field(default_factory=OutputConfig)
    run: RunConfig = field(default_factory=RunConfig)

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


SECTIONS: dict[str, type] = {f.name: typing.get_type_hints(Config)[f.name] for f in dataclasses.fields(Config)}
LOG_FORMATS = ("text", "json")
PROGRESS_MODES = ("auto", "on", "off")


def _coerce(where: str, expected: Any, value: Any) -> Any:
    """Check ``value`` against a field's type hint; ints are accepted where floats are."""
    origin = typing.get_origin(expected)
    if origin is list:
        (item_type,) = typing.get_args(expected)
        if isinstance(value, str):
            value = [v.strip() for v in value.split(",") if v.strip()]
        if not isinstance(value, list):
            raise ConfigError(f"{where}: expected a list, got {type(value).__name__} {value!r}")
        return [_coerce(f"{where}[{i}]", item_type, v) for i, v in enumerate(value)]
    if origin in (typing.Union, types.UnionType):
        raise ConfigError(f"{where}: unsupported type")  # no optional fields; keeps the contract plain
    if expected is bool:
        if isinstance(value, bool):
            return value
        raise ConfigError(f"{where}: expected true or false, got {value!r}")
    if expected is int:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        raise ConfigError(f"{where}: expected an integer, got {value!r}")
    if expected is float:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            if not math.isfinite(value):  # nan compares false with every bound; inf never ends
                raise ConfigError(f"{where}: expected a finite number, got {value!r}")
            return float(value)
        raise ConfigError(f"{where}: expected a number, got {value!r}")
    if expected is str:
        if isinstance(value, str):
            return value
        raise ConfigError(f"{where}: expected a string, got {value!r}")
    raise ConfigError(f"{where}: unsupported type {expected!r}")


def _merge_layer(base: dict[str, dict[str, Any]], layer: Mapping[str, Any], origin: str) -> None:
    for section, values in layer.items():
        if section not in SECTIONS:
            raise ConfigError(f"{origin}: unknown section [{section}] (known: {', '.join(SECTIONS)})")
        if not isinstance(values, Mapping):
            raise ConfigError(f"{origin}: [{section}] must be a table")
        hints = typing.get_type_hints(SECTIONS[section])
        for key, value in values.items():
            if key not in hints:
                raise ConfigError(f"{origin}: unknown key {section}.{key} (known: {', '.join(hints)})")
            base[section][key] = _coerce(f"{origin}: {section}.{key}", hints[key], value)


def _env_layer(environ: Mapping[str, str]) -> dict[str, dict[str, Any]]:
    layer: dict[str, dict[str, Any]] = {}
    for name, raw in environ.items():
        if not name.startswith(ENV_PREFIX):
            continue
        parts = name[len(ENV_PREFIX) :].lower().split("__")
        if len(parts) != 2:
            raise ConfigError(f"environment: {name} must look like PIPELINE__SECTION__KEY")
        if not_utf8(raw):  # bytes of another encoding (a unit file or script saved in Latin-1)
            raise ConfigError(
                f"environment: {name}: its value '{escaped(raw)}' is not UTF-8 (set in another encoding): "
                "set it in UTF-8"
            )
        try:
            value: Any = tomllib.loads(f"v = {raw}")["v"]
        except tomllib.TOMLDecodeError:
            value = raw
        if not isinstance(value, str) and _is_text_key(parts[0], parts[1]):
            # the environment is text: PIPELINE__RUN__RUN_DATE=2026-12-07 is a TOML date, a run id
            # of digits an integer, and both were refused ("expected a string"): taken as written
            value = raw
        layer.setdefault(parts[0], {})[parts[1]] = value
    return layer


def _is_text_key(section: str, key: str) -> bool:
    """True for a key whose value is a string (an unknown key is left to the layer's check)."""
    fields = SECTIONS.get(section)
    return fields is not None and typing.get_type_hints(fields).get(key) is str


def _validate_hostile(config: Config) -> None:
    """Values that are well-typed but would make a run misbehave: empty paths, ports in allow_private."""
    if not config.output.dir.strip():
        raise ConfigError("output.dir: must not be empty (it would write into the working directory)")
    if config.output.write_warc and not config.output.raw_dir.strip():
        raise ConfigError("output.raw_dir: must not be empty while output.write_warc is true")
    if not config.fetch.user_agent.strip():
        raise ConfigError("fetch.user_agent: must not be empty (sites identify the crawler by it)")
    unsendable = HEADER_TEXT.sub("", config.fetch.user_agent)
    if unsendable:
        raise ConfigError(
            f"fetch.user_agent: {unsendable[0]!r} (U+{ord(unsendable[0]):04X}) cannot be sent in an HTTP header "
            "(visible ASCII, Latin-1 at most): write it in ASCII"
        )
    for key, num in {
        "fetch.max_crawl_delay_s": config.fetch.max_crawl_delay_s,
        "fetch.max_retry_after_s": config.fetch.max_retry_after_s,
        "extract.max_seconds": config.extract.max_seconds,
    }.items():
        if num < 0:
            raise ConfigError(f"{key}: must not be negative, got {num}")
    if config.fetch.ca_bundle.strip():
        _check_ca_bundle(config.fetch.ca_bundle)
    for index, entry in enumerate(config.fetch.allow_private):
        if _PORT_SUFFIX.search(entry.strip()) and not _is_network(entry.strip()):
            raise ConfigError(
                f"fetch.allow_private[{index}]: {entry!r} has a port; entries are hosts, IPs or CIDRs "
                "and allow every port (a port never matched)"
            )


def _check_ca_bundle(path: str) -> None:
    """``fetch.ca_bundle`` loads as OpenSSL will load it: a missing file or one without a
    certificate is an error now, not a TLS failure on every page."""
    import ssl

    try:
        ssl.create_default_context(cafile=str(Path(path).expanduser()))
    except (OSError, ssl.SSLError) as exc:
        raise ConfigError(f"fetch.ca_bundle: {path}: not a readable PEM file of certificates ({exc})") from None


# "host:8080", "10.0.0.1:80", "[::1]:8080": a port after a host or address.
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smh])\s*$")
_UNIT_S = {"s": 1, "m": 60, "h": 3600}
_PORT_SUFFIX = re.compile(r"(?:^[^:]*|\])(:\d*)$")


def _is_network(text: str) -> bool:
    try:
        ipaddress.ip_network(text.strip("[]"), strict=False)
    except ValueError:
        return False
    return True


def _validate(config: Config) -> None:
    _validate_hostile(config)
    _check_path_names(config)
    f, r = config.fetch, config.run
    positive = {
        "fetch.concurrency": f.concurrency,
        "fetch.per_host_concurrency": f.per_host_concurrency,
        "fetch.max_bytes": f.max_bytes,
        "output.batch_rows": config.output.batch_rows,
    }
    for key, value in positive.items():
        if value < 1:
            raise ConfigError(f"{key}: must be at least 1, got {value}")
    for key, num in {
        "fetch.min_delay_s": f.min_delay_s,
        "fetch.max_retries": f.max_retries,
        "sources.max_depth": config.sources.max_depth,
        "run.workers": r.workers,
        "run.warc_shard_bytes": r.warc_shard_bytes,
        "output.raw_keep_days": config.output.raw_keep_days,
    }.items():
        if num < 0:
            raise ConfigError(f"{key}: must not be negative, got {num}")
    if f.timeout_s <= 0 or f.connect_timeout_s <= 0:
        raise ConfigError("fetch.timeout_s and fetch.connect_timeout_s must be positive")
    if r.log_format not in LOG_FORMATS:
        raise ConfigError(f"run.log_format: expected one of {LOG_FORMATS}, got {r.log_format!r}")
    if r.progress not in PROGRESS_MODES:
        raise ConfigError(f"run.progress: expected one of {PROGRESS_MODES}, got {r.progress!r}")
    if r.run_date:
        try:
            dt.date.fromisoformat(r.run_date)
        except ValueError:
            raise ConfigError(f"run.run_date: expected YYYY-MM-DD, got {r.run_date!r}") from None
    if not 0.0 <= r.max_failure_rate <= 1.0:
        raise ConfigError(f"run.max_failure_rate: expected a share between 0 and 1, got {r.max_failure_rate}")
    resolve_deadline(r.deadline)
    if r.scheduler_timeout_s <= 0:
        raise ConfigError(f"run.scheduler_timeout_s: must be positive, got {r.scheduler_timeout_s}")
    if r.worker_wait_s <= 0:
        raise ConfigError(f"run.worker_wait_s: must be positive, got {r.worker_wait_s}")
    _validate_allow_private(f.allow_private)
    if r.scheduler and not r.scheduler.startswith(("tcp://", "tls://", "inproc://", "ucx://")):
        raise ConfigError(f"run.scheduler: expected an address like tcp://HOST:PORT, got {r.scheduler!r}")


# Shapes only an address can have: a host name never holds "/", nor is it all digits and dots,
# nor hex digits and colons.
_ADDRESS_SHAPES = (re.compile(r"/"), re.compile(r"^[0-9.]+$"), re.compile(r"^\[?[0-9A-Fa-f:.%]*:[0-9A-Fa-f:.%]*\]?$"))


def _validate_allow_private(entries: list[str]) -> None:
    """An entry shaped like an address or a CIDR must be one: "127.0.0.0/33" is no host name."""
    for index, entry in enumerate(entries):
        text = entry.strip()
        if not any(shape.search(text) for shape in _ADDRESS_SHAPES):
            continue
        try:
            ipaddress.ip_network(text.strip("[]"), strict=False)
        except ValueError as exc:
            raise ConfigError(f"fetch.allow_private[{index}]: {text!r} is not an IP address or CIDR ({exc})") from None


def resolve_deadline(text: str, now: dt.datetime | None = None) -> str:
    """``run.deadline`` as an absolute UTC ISO time: a duration from ``now`` (``90m``, ``2h``,
    ``3600s``) or an ISO 8601 time with its zone (``2026-12-06T06:00:00Z``); "" stays "".
    """
    if not text.strip():
        return ""
    now = now or dt.datetime.now(dt.UTC)
    match = _DURATION.match(text)
    if match:
        return (now + dt.timedelta(seconds=float(match[1]) * _UNIT_S[match[2]])).isoformat()
    try:
        when = dt.datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise ConfigError(
            f"run.deadline: expected a duration (90m, 2h, 3600s) or an ISO time with a zone, got {text!r}"
        ) from None
    if when.tzinfo is None:
        raise ConfigError(f"run.deadline: {text!r} has no zone; add Z or +HH:MM")
    return when.astimezone(dt.UTC).isoformat()


def with_absolute_paths(config: Config) -> Config:
    """Paths resolved against this process's working directory, for workers that run elsewhere.

    A leading ``~`` is the user's home, as a shell reads it: a config file's or the environment's
    ``dir = "~/health/clean"`` made a folder named "~" in the working directory.
    """

    def absolute(path: str) -> str:
        if not path:
            return path
        try:
            return str(Path(path).expanduser().resolve())
        except RuntimeError:  # "~someone" who is no user here: a plain name, as before
            return str(Path(path).resolve())

    resolved = dataclasses.replace(
        config,
        sources=dataclasses.replace(
            config.sources,
            warc=[absolute(p) for p in config.sources.warc],
            url_files=[p if p == "-" else absolute(p) for p in config.sources.url_files],  # -: stdin
        ),
        fetch=dataclasses.replace(config.fetch, ca_bundle=absolute(config.fetch.ca_bundle)),
        extract=dataclasses.replace(config.extract, sites_dir=absolute(config.extract.sites_dir)),
        output=dataclasses.replace(
            config.output, dir=absolute(config.output.dir), raw_dir=absolute(config.output.raw_dir)
        ),
    )
    _check_path_names(resolved)  # a relative name under a working directory that is not UTF-8
    return resolved


def _check_path_names(config: Config) -> None:
    """Every path is UTF-8, or names no file the run could record: a name in another encoding
    (Latin-1 bytes from an old share, an archive unpacked as CP437) reaches Python as escaped
    bytes that the run id's digest, the manifest and the rows cannot hold (a traceback, exit 1)."""
    paths = {
        "sources.warc": config.sources.warc,
        "sources.url_files": config.sources.url_files,
        "fetch.ca_bundle": [config.fetch.ca_bundle],
        "extract.sites_dir": [config.extract.sites_dir],
        "output.dir": [config.output.dir],
        "output.raw_dir": [config.output.raw_dir],
    }
    for key, values in paths.items():
        for path in values:
            if not_utf8(path):
                raise ConfigError(
                    f"{key}: the name '{escaped(path)}' is not UTF-8 (another system's encoding): rename it"
                )


def load_config(
    path: str | Path | None = None,
    overrides: Mapping[str, Mapping[str, Any]] | None = None,
    environ: Mapping[str, str] | None = None,
) -> Config:
    """Build a :class:`Config` from defaults < file < environment < ``overrides`` (flags)."""
    merged: dict[str, dict[str, Any]] = {name: {} for name in SECTIONS}
    if path is not None:
        file = Path(path)
        try:
            data = tomllib.loads(config_text(file))
        except FileNotFoundError:
            raise ConfigError(f"config file not found: {file}") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"config file unreadable: {file}: {exc}") from None
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{file}: invalid TOML: {exc}") from None
        _merge_layer(merged, data, str(file))
    _merge_layer(merged, _env_layer(os.environ if environ is None else environ), "environment")
    if overrides:
        _merge_layer(merged, overrides, "command line")
    config = Config(**{name: SECTIONS[name](**values) for name, values in merged.items()})
    _validate(config)
    return config
