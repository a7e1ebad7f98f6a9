"""Site rules: per-host selectors kept as data, validated on load.

The built-in rules are package data (``pipeline/data/sites/*.toml``); a user's own directory
(``extract.sites_dir``, e.g. ``configs/sites``) adds to them, and its rule for a host replaces
the built-in one.

A rule file (all keys optional except ``hosts``)::

    hosts = ["www.example-health.com", "example-health.com"]
    article_root = "div.article-body"          # CSS: where the article text lives
    remove = ["div.promo", "p.disclaimer"]     # CSS: removed before extraction
    disable = ["labelled-boxes"]               # catalogue rules (pipeline.extract.rules) turned off
    [metadata]                                 # CSS per field: title, authors, editors, reviewers,
    authors = ".byline a.author"               #   published, modified, description
    [comments]
    item = "li.comment"                        # CSS: one element per comment
    author = ".comment-author"                 # CSS inside each item: author, date, body

Unknown keys and selectors that do not compile are errors naming the file and the key.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from cssselect import SelectorError
from lxml.cssselect import CSSSelector

from pipeline.errors import ConfigError
from pipeline.extract.rules import RULE_NAMES
from pipeline.resources import builtin_sites

TOP_KEYS = {"hosts", "article_root", "remove", "disable", "metadata", "comments", "description"}
METADATA_KEYS = {"title", "authors", "editors", "reviewers", "published", "modified", "description"}
# ``item`` finds the comments; the others are read inside each item.
COMMENT_KEYS = {"item", "author", "date", "body"}


@dataclass(frozen=True)
class SiteRules:
    hosts: tuple[str, ...]
    article_root: str | None = None
    remove: tuple[str, ...] = ()
    metadata: dict[str, str] = field(default_factory=dict)
    comment_item: str | None = None
    comment_fields: dict[str, str] = field(default_factory=dict)  # author, date, body inside an item
    disabled: frozenset[str] = frozenset()
    source: str = ""


def _selector(where: str, value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{where}: expected a CSS selector string, got {value!r}")
    try:
        CSSSelector(value)
    except SelectorError as exc:
        raise ConfigError(f"{where}: invalid CSS selector {value!r}: {exc}") from None
    return value


def parse_rules(data: dict[str, object], source: str) -> SiteRules:
    """A site file as SiteRules, checked when loaded: an unknown key, a value of the wrong type, a
    selector that does not compile or a rule name not in the catalogue is an error naming the file
    (a typo would otherwise make the rule do nothing, silently)."""
    unknown = set(data) - TOP_KEYS
    if unknown:
        raise ConfigError(
            f"{source}: unknown key(s) {', '.join(sorted(unknown))} (known: {', '.join(sorted(TOP_KEYS))})"
        )
    hosts = data.get("hosts")
    if not isinstance(hosts, list) or not hosts or not all(isinstance(h, str) and h for h in hosts):
        raise ConfigError(f"{source}: hosts: expected a non-empty list of host names")
    remove = data.get("remove", [])
    if not isinstance(remove, list):
        raise ConfigError(f"{source}: remove: expected a list of CSS selectors")
    metadata = data.get("metadata", {})
    comments = data.get("comments", {})
    for name, table, known in (("metadata", metadata, METADATA_KEYS), ("comments", comments, COMMENT_KEYS)):
        if not isinstance(table, dict):
            raise ConfigError(f"{source}: [{name}] must be a table")
        extra = set(table) - known
        if extra:
            raise ConfigError(
                f"{source}: unknown key(s) {name}.{', '.join(sorted(extra))} (known: {', '.join(sorted(known))})"
            )
    assert isinstance(metadata, dict) and isinstance(comments, dict)
    return SiteRules(
        hosts=tuple(h.lower() for h in hosts),
        article_root=_selector(f"{source}: article_root", data["article_root"]) if "article_root" in data else None,
        remove=tuple(_selector(f"{source}: remove[{i}]", s) for i, s in enumerate(remove)),
        metadata={k: _selector(f"{source}: metadata.{k}", v) for k, v in metadata.items()},
        comment_item=_selector(f"{source}: comments.item", comments["item"]) if "item" in comments else None,
        comment_fields={k: _selector(f"{source}: comments.{k}", v) for k, v in comments.items() if k != "item"},
        disabled=_rule_names(f"{source}: disable", data.get("disable", [])),
        source=source,
    )


def _rule_names(where: str, value: object) -> frozenset[str]:
    """Names of catalogue rules (:mod:`pipeline.extract.rules`) a site turns off."""
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: expected a list of rule names")
    unknown = sorted(set(value) - RULE_NAMES)
    if unknown:
        raise ConfigError(f"{where}: unknown rule(s) {', '.join(unknown)} (known: {', '.join(sorted(RULE_NAMES))})")
    return frozenset(value)


def load_site_rules(directory: str | Path | None = None) -> dict[str, SiteRules]:
    """The built-in rules, then those in ``directory`` (a user's rule replaces the built-in one), by host."""
    rules = dict(_load_builtin())
    if directory:
        path = Path(directory).resolve()
        if not path.is_dir():
            raise ConfigError(f"extract.sites_dir: not a directory: {path}")
        # parsed once per content, not per path: a long-lived process (a Dask worker, the Python
        # API called night after night) sees a rule file added or edited since its last run
        files = tuple(sorted((f.name, f.read_bytes()) for f in path.glob("*.toml")))
        rules.update(_load_user(str(path), files))
    return rules


def _parse_files(files: Iterable[tuple[str, bytes]]) -> tuple[tuple[str, SiteRules], ...]:
    """Rules by host from (source, content) pairs, in the order given (a later file's host wins)."""
    by_host: dict[str, SiteRules] = {}
    for source, content in files:
        try:
            data = tomllib.loads(content.decode("utf-8"))
        except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"{source}: invalid TOML: {exc}") from None
        rules = parse_rules(data, source)
        for host in rules.hosts:
            by_host[host] = rules
    return tuple(by_host.items())


@lru_cache(maxsize=1)
def _load_builtin() -> tuple[tuple[str, SiteRules], ...]:
    files = sorted((f for f in builtin_sites().iterdir() if f.name.endswith(".toml")), key=lambda f: f.name)
    return _parse_files((str(f), f.read_bytes()) for f in files)


@lru_cache(maxsize=8)
def _load_user(directory: str, files: tuple[tuple[str, bytes], ...]) -> tuple[tuple[str, SiteRules], ...]:
    """The rules of ``files`` (name, content), read from ``directory``; cached by content."""
    return _parse_files((str(Path(directory) / name), content) for name, content in files)


def rules_for(host: str, rules: dict[str, SiteRules]) -> SiteRules | None:
    host = host.lower()
    if host in rules:
        return rules[host]
    if host.startswith("www.") and host[4:] in rules:
        return rules[host[4:]]
    return rules.get(f"www.{host}")
