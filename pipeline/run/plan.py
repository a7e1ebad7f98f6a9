"""Split a run's input into shards: one per input WARC file, or one per group of hosts.

Splitting URLs by host keeps politeness (per-host concurrency and delay) inside one shard, so
workers never need to coordinate. Shard keys are stable for the same input, which is what
lets a killed run resume: finished shards are skipped, unfinished ones redone.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from pipeline.config import Config
from pipeline.errors import InputError

_SAFE = re.compile(r"[^A-Za-z0-9._-]+")
# Hosts are bucketed into at most this many URL shards per run: enough to keep every worker
# busy, few enough that per-shard overhead (a Parquet part file per dataset) stays small.
MAX_URL_SHARDS = 64


@dataclass(frozen=True)
class ShardSpec:
    """One unit of work; picklable, so it travels to worker processes and Dask workers."""

    key: str
    warc: str | None = None
    seeds: tuple[str, ...] = field(default_factory=tuple)
    sitemaps: tuple[str, ...] = field(default_factory=tuple)

    @property
    def hosts(self) -> list[str]:
        return sorted({_host(u) for u in self.seeds + self.sitemaps})


def _host(url: str) -> str:
    """The URL's lower-case host, or the text itself when it does not parse (``http://[::1``):
    the fetcher reports such a URL as an ``invalid_url`` row; planning never fails on it."""
    try:
        return (urlsplit(url).hostname or url).lower()
    except ValueError:
        return url.lower()


def safe_key(text: str, identity: str | None = None) -> str:
    """A file-name-safe key: a readable slug of ``text`` and a digest of ``identity`` (default ``text``).

    Never contains ``--`` (the separator between run id and shard in part file names).
    """
    slug = re.sub(r"-{2,}", "-", _SAFE.sub("_", text)).strip("._-")[:60] or "shard"
    return f"{slug}-{hashlib.sha1((identity or text).encode()).hexdigest()[:8]}"


def read_url_file(path: str) -> list[str]:
    file = Path(path)
    if not file.is_file():
        raise InputError(f"URL file not found: {file}")
    try:
        lines = file.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"URL file unreadable: {file}: {exc}") from None
    # The whole line is the URL: "http://a b.test/" is an invalid URL (a row says so), not "http://a".
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def plan_shards(config: Config) -> list[ShardSpec]:
    """The shards for this config's sources; InputError when there is nothing to do."""
    sources = config.sources
    shards: list[ShardSpec] = []
    seen: set[Path] = set()
    for warc in sources.warc:
        path = Path(warc)
        if not path.is_file():
            raise InputError(f"WARC file not found: {path}")
        resolved = path.resolve()
        if resolved in seen:  # the same file named twice is read once
            continue
        seen.add(resolved)
        # keyed by the whole path: crawl1/part0.warc.gz and crawl2/part0.warc.gz are two shards
        shards.append(ShardSpec(key=safe_key(path.name, str(resolved)), warc=str(path)))
    urls = list(sources.urls)
    for url_file in sources.url_files:
        urls.extend(read_url_file(url_file))
    unique_urls = list(dict.fromkeys(u.strip() for u in urls if u.strip()))
    if unique_urls or sources.sitemaps:
        hosts = {_host(u) for u in unique_urls + list(sources.sitemaps)}
        bucket_count = max(1, min(MAX_URL_SHARDS, len(hosts)))
        buckets: dict[int, tuple[list[str], list[str]]] = {}
        for url in unique_urls:
            host = _host(url)
            buckets.setdefault(zlib.crc32(host.encode()) % bucket_count, ([], []))[0].append(url)
        for sitemap in sources.sitemaps:
            host = _host(sitemap)
            buckets.setdefault(zlib.crc32(host.encode()) % bucket_count, ([], []))[1].append(sitemap)
        for number, (seeds, sitemaps) in sorted(buckets.items()):
            shards.append(ShardSpec(key=f"hosts{number:03d}", seeds=tuple(seeds), sitemaps=tuple(sitemaps)))
    if not shards:
        raise InputError("no input: give URLs (--urls FILE or [sources] urls/url_files/sitemaps) or --warc FILE")
    return shards


def input_fingerprint(shards: list[ShardSpec]) -> str:
    """A digest of the planned work; part of the default run id, so the same input resumes."""
    digest = hashlib.sha256()
    for shard in shards:
        digest.update(shard.key.encode())
        if shard.warc:
            stat = Path(shard.warc).stat()
            digest.update(f"{Path(shard.warc).resolve()}:{stat.st_size}:{int(stat.st_mtime)}".encode())
        digest.update("\n".join(shard.seeds + shard.sitemaps).encode())
    return digest.hexdigest()[:8]
