"""The package's own data files, found with importlib.resources (so a wheel works as a checkout does).

``pipeline/data/`` holds the built-in site rules (``sites/*.toml``), the demo config and its
sample pages and WARC (``demo.toml``, ``demo/``) and the QA thresholds (``qa/thresholds.toml``);
data files under ``pipeline/extract/`` (vocabularies) ship too. Users override them from outside
the package: ``extract.sites_dir`` adds rule files, ``--config`` and ``--thresholds`` replace the
demo config and the thresholds (``configs/`` in the checkout is the place for such files).

:func:`rules_digest` fingerprints everything extraction reads besides the page, so a driver and
its workers can prove they extract with the same rules.
"""

from __future__ import annotations

import hashlib
import sys
from functools import lru_cache
from importlib import metadata, resources
from importlib.resources.abc import Traversable
from pathlib import Path

from pipeline import __version__
from pipeline.errors import ConfigError

# Data files extraction reads (vocabularies next to the code that uses them), by suffix.
RULE_SUFFIXES = (".toml", ".json", ".txt", ".tsv")


def data(*parts: str) -> Traversable:
    """A file or directory under ``pipeline/data``."""
    node = resources.files("pipeline") / "data"
    for part in parts:
        node = node / part
    return node


def data_path(*parts: str) -> Path:
    """A real filesystem path for a packaged data file (wheels are installed unzipped)."""
    node = data(*parts)
    if not isinstance(node, Path):
        raise ConfigError(f"package data {'/'.join(parts)} is not on the filesystem ({node}); install unzipped")
    return node


def builtin_sites() -> Traversable:
    """The built-in site rules directory; its absence is a broken installation, never "no rules"."""
    sites = data("sites")
    if not sites.is_dir():
        raise ConfigError(
            f"built-in site rules not found ({sites}): the package is installed without its data files; "
            "reinstall it (pip install health-pipeline) or build the wheel with its package data"
        )
    return sites


def _user_rule_files(user_sites: str | Path | None) -> list[tuple[str, bytes]]:
    root = Path(user_sites) if user_sites else None
    if root is None or not root.is_dir():
        return []
    return sorted((f"user/{f.name}", f.read_bytes()) for f in root.glob("*.toml"))


def _rule_files(user_sites: str | Path | None) -> list[tuple[str, bytes]]:
    files = [(f"builtin/{f.name}", f.read_bytes()) for f in builtin_sites().iterdir() if f.name.endswith(".toml")]
    extract = resources.files("pipeline") / "extract"
    stack = [("extract", extract)]
    while stack:  # vocabularies, at any depth under pipeline/extract
        prefix, folder = stack.pop()
        for entry in folder.iterdir():
            if entry.is_dir() and entry.name != "__pycache__":
                stack.append((f"{prefix}/{entry.name}", entry))
            elif entry.is_file() and entry.name.endswith(RULE_SUFFIXES):
                files.append((f"{prefix}/{entry.name}", entry.read_bytes()))
    files.extend(_user_rule_files(user_sites))
    return sorted(files)


def _digest_files(files: list[tuple[str, bytes]]) -> str:
    digest = hashlib.sha256()
    for name, content in files:
        digest.update(name.encode() + b"\0" + hashlib.sha256(content).digest())
    return digest.hexdigest()[:16]


def rules_digest(user_sites: str | Path | None = None) -> str:
    """sha256 (16 hex digits) of every rule file extraction reads: built-in, vocabularies, the user's."""
    return _digest_files(_rule_files(user_sites))


def user_rules_digest(user_sites: str | Path | None) -> str | None:
    """sha256 (16 hex digits) of the user's own site rule files, None when there are none. Part of
    the run id as the config is; the built-in rules are not: they ship with the code, which an
    upgrade changes without making a killed night a new run (the tenth audit)."""
    files = _user_rule_files(user_sites)
    return _digest_files(files) if files else None


@lru_cache(maxsize=1)
def code_digest() -> str:
    """sha256 (12 hex digits) of the package's Python sources: tells two installs of one version apart."""
    digest = hashlib.sha256()
    root = resources.files("pipeline")
    stack: list[tuple[str, Traversable]] = [("", root)]
    sources: list[tuple[str, bytes]] = []
    while stack:
        prefix, folder = stack.pop()
        for entry in folder.iterdir():
            if entry.is_dir() and entry.name not in ("__pycache__", "data"):
                stack.append((f"{prefix}{entry.name}/", entry))
            elif entry.is_file() and entry.name.endswith(".py"):
                sources.append((prefix + entry.name, entry.read_bytes()))
    for name, content in sorted(sources):
        digest.update(name.encode() + b"\0" + hashlib.sha256(content).digest())
    return digest.hexdigest()[:12]


def code_version() -> str:
    """The package version and the digest of its sources, e.g. ``0.1.0+src.1a2b3c4d5e6f``."""
    return f"{__version__}+src.{code_digest()}"


# The distributions whose version can change a page's rows besides this package's own code: the
# parsers and extractors (libxml2's version is read from lxml), the date, URL, language, charset,
# decompression and WARC readers. A Dask worker with another version of one of them (a node left
# on another release, an image built later) gave other rows for the same page, without a word.
EXTRACTION_DISTRIBUTIONS = (
    "trafilatura",
    "lxml",
    "lxml_html_clean",
    "readability-lxml",
    "justext",
    "htmldate",
    "courlan",
    "jstyleson",
    "charset-normalizer",
    "brotli",
    "backports.zstd",  # zstd bodies: a worker without it fails them where the driver reads them
    "idna",
    "tld",
    "py3langid",
    "warcio",
)
MISSING = "missing"


@lru_cache(maxsize=1)
def extraction_stack() -> tuple[tuple[str, str], ...]:
    """What extracts a page besides its rules: this package's code, Python's minor version,
    libxml2's version and each of ``EXTRACTION_DISTRIBUTIONS``' versions, as (name, version)."""
    from lxml import etree

    stack = [("pipeline", code_version()), ("python", f"{sys.version_info.major}.{sys.version_info.minor}")]
    stack.append(("libxml2", ".".join(map(str, etree.LIBXML_VERSION))))
    for name in EXTRACTION_DISTRIBUTIONS:
        try:
            stack.append((name, metadata.version(name)))
        except metadata.PackageNotFoundError:
            stack.append((name, MISSING))
    return tuple(stack)


def stack_differences(mine: tuple[tuple[str, str], ...], driver: tuple[tuple[str, str], ...]) -> list[str]:
    """``mine`` against the driver's stack, one "name version (driver version)" per difference."""
    theirs = dict(driver)
    return [
        f"{name} {version} (driver {theirs.get(name, MISSING)})"
        for name, version in mine
        if theirs.get(name) != version
    ]
