"""Split a run's input into shards: byte ranges of the input WARC files, and one group of hosts per worker slot.

A WARC file is one shard up to twice ``run.warc_shard_bytes``; a bigger one is cut into ranges
of about that size (at most MAX_WARC_SHARDS), each starting at a record, so one big file is
extracted on every core. The cut depends on the file alone, never on the workers: the same
file is the same shards (and the same run id) whatever ``--workers``, and a killed run resumes
range by range.

A URL shard is not a step in a sequence: its fetcher keeps every one of its hosts busy at once
(one frontier across hosts, within per-host concurrency, crawl delay and the shard's share of
the global concurrency). Shards exist so that several processes or machines can work in
parallel, and so that a killed run resumes shard by shard. So there are as many URL shards as
the engine has slots (``--workers``, or a Dask cluster's threads), never more than there are
hosts: a host lives in exactly one shard, which keeps its politeness without coordination.
Hosts are balanced over shards by URL count, deterministically, so the same input with the
same slots gives the same shards. A URL shard's key names its hosts (a digest of them), and the
run id digests the input, not the shards: the same input and config are the same run whatever
``--workers``, so a killed run started again with other workers resumes it, keeping the shards
it committed under the other plan (``pipeline.run.resume``) and planning only the other hosts.
"""

from __future__ import annotations

import codecs
import hashlib
import itertools
import math
import re
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pipeline.config import Config
from pipeline.errors import InputError
from pipeline.fetch.urls import MAX_URL_LENGTH, canonical_host, clean_url, host_of
from pipeline.sources.warc import record_starts

_SAFE = re.compile(r"[^A-Za-z0-9._-]+")
# The host of a plain absolute URL (ASCII host, no userinfo, no IPv6 literal), read without
# urlsplit: it took 10 us a URL, 80% of planning a URL file of a million lines (twice: shards
# by host, then each shard's hosts). Anything else goes through urlsplit as before.
_PLAIN_HOST = re.compile(r"(?i:https?)://([A-Za-z0-9.-]+)(?::[0-9]*)?(?=[/?#]|\Z)")
# At most this many URL shards per run whatever the slots: more than any one cluster here uses
# at once, few enough that per-shard overhead (a Parquet part file per dataset) stays small.
MAX_URL_SHARDS = 64
# At most this many ranges per WARC file: a 1 GB file (Common Crawl's size) gives ranges of
# 16 MB, enough to spread over any machine here, while its part files stay few (5 per range).
MAX_WARC_SHARDS = 64


@dataclass(frozen=True)
class ShardSpec:
    """One unit of work; picklable, so it travels to worker processes and Dask workers."""

    key: str
    warc: str | None = None
    seeds: tuple[str, ...] = field(default_factory=tuple)
    sitemaps: tuple[str, ...] = field(default_factory=tuple)
    concurrency: int = 0  # this shard's share of fetch.concurrency (0: all of it)
    warc_start: int = 0  # the WARC records that start in [warc_start, warc_stop) (None: to the end)
    warc_stop: int | None = None

    @cached_property
    def hosts(self) -> list[str]:
        return sorted({url_host(u) for u in self.seeds + self.sitemaps})


def url_host(url: str) -> str:
    """The URL's lower-case host as the fetcher requests it, or the text itself when it does not
    parse (``http://[::1``): the fetcher reports such a URL as an ``invalid_url`` row; planning
    never fails on it. An IDN host written in Unicode is its ASCII (punycode) form: ``bücher.example``
    and ``xn--bcher-kva.example`` are one host, in one shard (in two, two fetchers crawled it at
    once, each within the politeness limits but not together, and each requested the page); so
    are ``example.com.`` and ``example.com``."""
    if plain := _PLAIN_HOST.match(url):
        return plain.group(1).lower().rstrip(".") or plain.group(1)
    try:
        host = (urlsplit(url).hostname or url).lower()
        host = canonical_host(host.rstrip(".") or host)  # an IPv6 literal's every spelling: one host
    except ValueError:
        return url.lower()
    if not host.isascii() and (cleaned := clean_url(url)) is not None:
        return host_of(cleaned)
    return host


def unusable_urls(urls: Iterable[str]) -> list[str]:
    """The URLs the fetcher refuses without a request, in order: a seed is an ``invalid_url`` row, a
    sitemap a warning. ``--dry-run`` counts them instead of planning ``lists/a.txt:https://...``
    (``grep`` output) as a host. A plain URL's verdict is its scheme, host and port's, asked once
    per host: ``clean_url`` took 5 us a URL, most of what a plan spends on a line."""
    verdicts: dict[str, bool] = {}
    refused = []
    for url in urls:
        plain = _PLAIN_HOST.match(url)
        if plain is None or len(url) > MAX_URL_LENGTH:
            usable = clean_url(url) is not None
        elif (usable_origin := verdicts.get(plain.group(0))) is None:
            usable = verdicts[plain.group(0)] = clean_url(plain.group(0)) is not None
        else:
            usable = usable_origin
        if not usable:
            refused.append(url)
    return refused


def requested_hosts(shard: ShardSpec, refused: Iterable[str]) -> list[str]:
    """The hosts ``shard`` would request: its ``hosts`` less those only ``refused`` URLs name."""
    refused = set(refused)
    if not refused:
        return shard.hosts
    return sorted({url_host(u) for u in shard.seeds + shard.sitemaps if u not in refused})


def safe_key(text: str, identity: str | None = None) -> str:
    """A file-name-safe key: a readable slug of ``text`` and a digest of ``identity`` (default ``text``).

    Never contains ``--`` (the separator between run id and shard in part file names).
    """
    slug = re.sub(r"-{2,}", "-", _SAFE.sub("_", text)).strip("._-")[:60] or "shard"
    return f"{slug}-{hashlib.sha1((identity or text).encode()).hexdigest()[:8]}"


# Around a URL-file line, whitespace and the invisible characters editors and copying leave
# there: a BOM in the middle of a file (two lists saved by Notepad or Excel, then concatenated:
# the second list's first URL was an ``invalid_url`` row), zero-width spaces and joiners, and
# left-to-right / right-to-left marks pasted with a URL from a web page. None is ever part of a URL.
_LINE_EDGES = re.compile(
    r"^[\s\ufeff\u200b\u200c\u200d\u200e\u200f\u2060]+|[\s\ufeff\u200b\u200c\u200d\u200e\u200f\u2060]+$"
)


def _url_line(line: bytes) -> str:
    """One line of a URL file: UTF-8, or (a line saved by a legacy editor) Latin-1, which any
    bytes are, so ``b\xfccher`` is ``bücher``: one odd line never refuses the whole file."""
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError:
        return line.decode("latin-1")


# ``--urls -`` (``sources.url_files = ["-"]``): the URL list comes on standard input, as cron and
# Airflow jobs pipe it (``grep ... | pipeline run --urls -``). The name stays "-" in the config,
# so the same URLs piped again are the same run id (the run id digests the URLs, not a path).
STDIN = "-"
# Standard input can be read once; the driver plans twice when a resumed run re-plans its hosts.
_stdin_urls: tuple[object, list[str]] | None = None


def _not_a_file(kind: str, path: Path, pattern: str) -> str:
    """Why an input path cannot be read: a folder (``--warc crawl/``) was "not found", which it is not."""
    if path.is_dir():
        return f"{kind} {path} is a folder: name its files (e.g. {path / pattern})"
    return f"{kind} not found: {path}"


# A ZIP archive's first bytes (a local file header): a WACZ is one, its WARC files inside.
ZIP_MAGIC = b"PK\x03\x04"


def _zipped(path: Path) -> bool:
    """Whether the file is a ZIP archive: read as a WARC it was one `input_error` row, "not a
    WARC/ARC file", a failed night, where it holds WARC files that read."""
    try:
        with open(path, "rb") as stream:
            return stream.read(len(ZIP_MAGIC)) == ZIP_MAGIC
    except OSError:
        return False  # the reader says what is wrong with it


def read_url_file(path: str) -> list[str]:
    """The URLs of a URL file, or of standard input for ``-`` (read once per process)."""
    global _stdin_urls
    if path == STDIN:
        stream = sys.stdin
        if _stdin_urls is None or _stdin_urls[0] is not stream:
            try:
                _stdin_urls = (stream, _url_lines(stream.buffer))
            except OSError as exc:
                raise InputError(f"URL list on standard input unreadable: {exc}") from None
        return list(_stdin_urls[1])
    file = Path(path)
    if not file.is_file():
        raise InputError(_not_a_file("URL file", file, "*.txt"))
    try:
        with open(file, "rb") as stream:
            return _url_lines(stream)
    except OSError as exc:
        raise InputError(f"URL file unreadable: {file}: {exc}") from None


# A list saved as UTF-16 starts with its BOM: Notepad's "Unicode", and PowerShell 5's ``>`` and
# ``Out-File`` (``Get-Content a.txt > urls.txt``). Read as bytes, its every URL was an
# ``invalid_url`` row ("ÿþh\x00t\x00t\x00p..."): nothing fetched, no word of why.
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def _utf16_as_utf8(lines: Iterator[bytes]) -> Iterator[bytes]:
    """UTF-16 lines (split at b"\n", which may fall inside a character) as UTF-8 lines, streamed."""
    decoder = codecs.getincrementaldecoder("utf-16")(errors="replace")  # the BOM picks the byte order
    pending = ""
    for chunk in lines:
        *whole, pending = (pending + decoder.decode(chunk)).split("\n")
        yield from (line.encode("utf-8", errors="replace") for line in whole)
    rest = pending + decoder.decode(b"", final=True)
    if rest:
        yield rest.encode("utf-8", errors="replace")


def _url_lines(stream: Iterable[bytes]) -> list[str]:
    # Read line by line: the whole file and its lines held at once as bytes took twice the memory
    # of the URLs themselves (a million lines: ~250 MB at the peak for ~105 MB kept).
    lines = iter(stream)
    first = next(lines, b"")
    if first.startswith(_UTF16_BOMS):
        lines = _utf16_as_utf8(itertools.chain((first,), lines))
    else:
        lines = itertools.chain((first.removeprefix(codecs.BOM_UTF8),), lines)
    urls: list[str] = []
    for raw in lines:
        for piece in raw.splitlines() if b"\r" in raw else (raw,):  # old Mac line ends too
            # The whole line is the URL: "http://a b.test/" is an invalid URL (a row says so).
            line = _LINE_EDGES.sub("", _url_line(piece))
            if line and not line.startswith("#"):
                urls.append(line)
    return urls


def plan_shards(config: Config, slots: int = 1, skip_hosts: frozenset[str] = frozenset()) -> list[ShardSpec]:
    """The shards for this config's sources; InputError when there is nothing to do.

    ``slots``: how many shards the engine runs at once (local workers, or a cluster's threads).
    ``skip_hosts``: hosts whose URLs a committed shard of this run already holds (not planned again).
    """
    sources = config.sources
    shards: list[ShardSpec] = []
    seen: set[Path] = set()
    for warc in sources.warc:
        path = Path(warc)
        if not path.is_file():
            raise InputError(_not_a_file("WARC file", path, "*.warc.gz"))
        if _zipped(path):
            raise InputError(
                f"WARC file {path} is a ZIP archive (a WACZ, as Browsertrix and ArchiveWeb.page write them): "
                f"unzip it and name the WARC files it holds (e.g. {path.parent / path.stem}/archive/*.warc.gz)"
            )
        resolved = path.resolve()
        if resolved in seen:  # the same file named twice is read once
            continue
        seen.add(resolved)
        # keyed by the whole path: crawl1/part0.warc.gz and crawl2/part0.warc.gz are two shards
        shards.extend(_warc_shards(safe_key(path.name, str(resolved)), path, config.run.warc_shard_bytes))
    urls = list(sources.urls)
    for url_file in sources.url_files:
        urls.extend(read_url_file(url_file))
    unique_urls = list(dict.fromkeys(u.strip() for u in urls if u.strip()))
    sitemaps = list(sources.sitemaps)
    if skip_hosts:
        unique_urls = [u for u in unique_urls if url_host(u) not in skip_hosts]
        sitemaps = [m for m in sitemaps if url_host(m) not in skip_hosts]
    shards.extend(_url_shards(unique_urls, sitemaps, slots, config.fetch.concurrency))
    if not shards and not skip_hosts:
        raise InputError("no input: give URLs (--urls FILE or [sources] urls/url_files/sitemaps) or --warc FILE")
    return shards


def _warc_shards(key: str, path: Path, shard_bytes: int) -> list[ShardSpec]:
    """One shard for a file under twice ``shard_bytes`` (or 0: never cut); else byte ranges,
    each starting at a record, keyed ``<file key>-r000``, ``-r001``... in file order (so the
    lowest key, which keeps a version two shards wrote, holds its first copy in the file)."""
    count = min(MAX_WARC_SHARDS, path.stat().st_size // shard_bytes) if shard_bytes > 0 else 1
    starts = record_starts(path, count) if count > 1 else [0]
    if len(starts) < 2:
        return [ShardSpec(key=key, warc=str(path))]
    stops: list[int | None] = [*starts[1:], None]
    return [
        ShardSpec(key=f"{key}-r{number:03d}", warc=str(path), warc_start=start, warc_stop=stop)
        for number, (start, stop) in enumerate(zip(starts, stops, strict=True))
    ]


def _url_shards(urls: list[str], sitemaps: list[str], slots: int, concurrency: int) -> list[ShardSpec]:
    """One shard per slot (at most one per host), hosts balanced by URL count (largest first)."""
    # URLs counted per host, not listed: with a list per host and a position per URL (to put each
    # shard's seeds back in input order), a million URLs took their own size again twice over
    seed_counts: Counter[str] = Counter(url_host(url) for url in urls)
    host_maps: dict[str, list[str]] = {}
    for sitemap in sitemaps:
        host_maps.setdefault(url_host(sitemap), []).append(sitemap)
    every_host = seed_counts.keys() | host_maps.keys()
    if not every_host:
        return []
    count = max(1, min(slots, MAX_URL_SHARDS, len(every_host)))
    groups: list[list[str]] = [[] for _ in range(count)]
    loads = [0] * count
    # sitemaps weigh like many pages: what they list is unknown until they are read
    weight = {h: seed_counts[h] + 100 * len(host_maps.get(h, ())) for h in every_host}
    for host in sorted(every_host, key=lambda h: (-weight[h], h)):
        target = min(range(count), key=lambda i: (loads[i], i))
        groups[target].append(host)
        loads[target] += weight[host]
    share = math.ceil(concurrency / count) if count > 1 else 0
    shards = []
    group_of = {host: number for number, hosts in enumerate(groups) for host in hosts}
    grouped_seeds: list[list[str]] = [[] for _ in range(count)]
    for url in urls:  # input order, as given (the host read again: cheaper than keeping it)
        grouped_seeds[group_of[url_host(url)]].append(url)
    grouped_maps: list[list[str]] = [[] for _ in range(count)]
    for host, host_sitemaps in host_maps.items():
        grouped_maps[group_of[host]].extend(host_sitemaps)
    map_position = {url: index for index, url in reversed(list(enumerate(sitemaps)))}  # first place
    for number, hosts in enumerate(groups):
        maps = tuple(sorted(grouped_maps[number], key=map_position.__getitem__))
        # the key names the hosts: another grouping (other --workers) never takes a committed shard's key
        names = "\n".join(sorted(hosts))
        key = f"hosts{number:03d}-{hashlib.sha1(names.encode()).hexdigest()[:8]}"
        shards.append(ShardSpec(key=key, seeds=tuple(grouped_seeds[number]), sitemaps=maps, concurrency=share))
    return shards


def input_fingerprint(shards: list[ShardSpec], settings: str = "") -> str:
    """A digest of the planned work and ``settings`` (a config digest); part of the default run id,
    so the same input with the same config resumes, and a changed config is a new run.

    It digests the input, not how it was split: the same URLs give the same run id whatever
    the number of shards (``--workers``), and their order in the input does not matter.
    """
    digest = hashlib.sha256(settings.encode())
    for key, warc in sorted((s.key, s.warc) for s in shards if s.warc):
        stat = Path(warc).stat()
        digest.update(f"{key}\n{Path(warc).resolve()}:{stat.st_size}:{int(stat.st_mtime)}\n".encode())
    seeds = sorted(u for s in shards for u in s.seeds)
    sitemaps = sorted(m for s in shards for m in s.sitemaps)
    _digest_joined(digest, seeds)  # the bytes of "\n".join(seeds), as the run id always had
    digest.update(b"\x1e")
    _digest_joined(digest, sitemaps)
    return digest.hexdigest()[:8]


# URLs joined and digested at a time: the whole list joined at once held the text of every URL
# twice more (as str, then as bytes: 100 MB for a million URLs).
_DIGEST_BATCH = 10_000


def _digest_joined(digest: Any, items: list[str]) -> None:
    """Feed ``digest`` the bytes of ``"\n".join(items)`` a batch at a time."""
    for start in range(0, len(items), _DIGEST_BATCH):
        joined = "\n".join(items[start : start + _DIGEST_BATCH])
        digest.update((("\n" if start else "") + joined).encode())
