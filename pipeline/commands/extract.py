"""``pipeline extract [FILE|-]``: one saved page's article, metadata and comments.

Reads a file or stdin, plain or gzipped (the format benchmarks ship); refuses binary input
(exit 2) instead of printing garbage. ``--format json`` (default) prints everything with the
names Parquet and the fixtures use, ``txt`` the article text, ``markdown`` the article with its
byline and comments. ``--as-fixture`` writes the extraction as ``<page>.expected.json`` beside
an ``.html`` page (or prints it, for other input), a fixture draft to correct by hand.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import zlib
from pathlib import Path
from typing import Any

from pipeline.errors import InputError
from pipeline.page import binary_kind, decode_html
from pipeline.qa.fixtures import EXPECTED_SUFFIX
from pipeline.records import Extraction
from pipeline.stdout import print_out

# A saved page bigger than this (after gunzip) is not a web page; the fetcher's default cap is 10 MiB.
MAX_INPUT_BYTES = 64 * 1024 * 1024
FORMATS = ("json", "txt", "markdown")


def register(sub: Any) -> None:
    """The ``extract`` subcommand and its flags."""
    p = sub.add_parser(
        "extract",
        help="print one saved page's article, metadata and comments (JSON, text or Markdown)",
        description="Extract one saved HTML page (a file, '-' or nothing for stdin; gzip is unpacked) "
        "and print the result. Binary input is refused with exit 2.",
    )
    p.add_argument("file", nargs="?", default="-", metavar="FILE", help="the HTML file (default: stdin)")
    p.add_argument("--url", default="", help="the page's URL (for site rules and relative links)")
    p.add_argument("--format", choices=FORMATS, default="json", help="output format (default json)")
    p.add_argument(
        "--as-fixture",
        action="store_true",
        help=f"write the extraction as <page>{EXPECTED_SUFFIX} beside FILE.html (stdout for other input), "
        "a fixture to correct by hand",
    )
    p.add_argument(
        "--explain",
        action="store_true",
        help="after the output, print on stderr each element a named rule removed or a comment finder took "
        "(rule, characters, path); site files can turn rules off by these names",
    )
    p.add_argument("--force", action="store_true", help="with --as-fixture: overwrite an existing expected file")
    p.set_defaults(func=cmd_extract)


def read_input(name: str) -> bytes:
    """The page's bytes from a file or stdin, gunzipped, capped; binary input is an InputError."""
    try:
        if name == "-":
            raw = sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)
        else:
            with open(name, "rb") as stream:
                raw = stream.read(MAX_INPUT_BYTES + 1)
    except FileNotFoundError:
        raise InputError(f"file not found: {name}") from None
    except OSError as exc:
        raise InputError(f"cannot read {name}: {exc}") from None
    where = "stdin" if name == "-" else name
    if raw[:2] == b"\x1f\x8b":
        raw = _gunzip(raw, where)
    if len(raw) > MAX_INPUT_BYTES:
        raise InputError(f"{where}: over {MAX_INPUT_BYTES} bytes; not a web page")
    if not raw.strip():
        raise InputError(f"{where}: empty input")
    kind = binary_kind(raw)  # the same sniff a fetched body gets (not_html)
    if kind is not None:
        raise InputError(f"{where}: binary data ({kind}), not an HTML page")
    return raw


def _gunzip(raw: bytes, where: str) -> bytes:
    unzip = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        body = unzip.decompress(raw, MAX_INPUT_BYTES + 1)
    except zlib.error as exc:
        raise InputError(f"{where}: broken gzip data: {exc}") from None
    if not unzip.eof and len(body) <= MAX_INPUT_BYTES:
        raise InputError(f"{where}: truncated gzip data")
    return body


def as_json(extraction: Extraction, url: str) -> str:
    """The extraction as the JSON ``pipeline extract`` prints: the fields a row would hold, grouped."""
    meta = extraction.metadata
    payload = {
        "url": url or None,
        "extractor": extraction.extractor_used,
        "article": {"title": meta.title, "text": extraction.text},
        "metadata": dataclasses.asdict(meta) | {"has_disclaimer": meta.disclaimer is not None},
        "comments": [
            {
                "position": c.position,
                "parent_position": c.parent_position,
                "author": c.author,
                "posted_at": c.posted_at,
                "posted_date": c.posted_date,
                "text": c.text,
            }
            for c in extraction.comments
        ],
        "references": [dataclasses.asdict(r) for r in extraction.references],
        "warnings": extraction.warnings,
    }
    return json.dumps(payload, indent=2, ensure_ascii=False, default=str)


def as_markdown(extraction: Extraction) -> str:
    """Title, byline, the article's paragraphs, then the comments as a nested list."""
    meta = extraction.metadata
    parts = [f"# {meta.title}"] if meta.title else []
    byline = [
        *([f"By {', '.join(meta.authors)}"] if meta.authors else []),
        *([f"Reviewed by {', '.join(meta.reviewers)}"] if meta.reviewers else []),
        *([f"Published {meta.published}"] if meta.published else []),
        *([f"Updated {meta.modified}"] if meta.modified else []),
    ]
    if byline:
        parts.append("*" + " · ".join(byline) + "*")
    parts.extend("  \n".join(p.splitlines()) for p in extraction.text.split("\n\n") if p.strip())
    if extraction.comments:
        depth: dict[int, int] = {}
        lines = ["## Comments", ""]
        for c in extraction.comments:
            level = depth[c.position] = depth.get(c.parent_position, -1) + 1 if c.parent_position is not None else 0
            who = f"**{c.author or 'anonymous'}**" + (f" ({c.posted_date})" if c.posted_date else "")
            lines.append("  " * level + f"- {who}: " + " ".join(c.text.split()))
        parts.append("\n".join(lines))
    return "\n\n".join(parts)


def _fixture(extraction: Extraction, args: argparse.Namespace) -> int:
    from pipeline.qa.draft import draft_expected  # the QA scorer: not for a run's start-up

    text = json.dumps(draft_expected(extraction, args.url), indent=2, ensure_ascii=False) + "\n"
    page = Path(args.file)
    if args.file == "-" or page.suffix.lower() != ".html":
        sys.stdout.write(text)
        return 0
    target = page.with_name(page.name[: -len(".html")] + EXPECTED_SUFFIX)
    if target.exists() and not args.force:
        raise InputError(f"{target} exists; correct it by hand, or pass --force to overwrite it")
    target.write_text(text, encoding="utf-8")
    print(f"wrote {target}: check every value against the page, add must_not_contain snippets")
    return 0


def cmd_extract(args: argparse.Namespace) -> int:
    """One page through the same extraction as a run (with the built-in site rules), printed."""
    # imported here: every `pipeline` command registers this one, and `--help`, a mistyped flag or
    # `pipeline report` need no extractor (trafilatura, the language model: ~0.5 s of CPU)
    from pipeline.extract import extract_html
    from pipeline.extract.rules import format_trace
    from pipeline.extract.sites import load_site_rules

    html, _charset = decode_html(read_input(args.file))
    extraction = extract_html(html, args.url, site_rules=load_site_rules(), explain=args.explain)
    if args.as_fixture:
        return _fixture(extraction, args)
    if args.format == "txt":
        print_out(extraction.text)
    elif args.format == "markdown":
        print_out(as_markdown(extraction))
    else:
        print_out(as_json(extraction, args.url))
    if args.explain:
        print(format_trace(extraction.trace), file=sys.stderr)
    return 0
