"""Synthetic health-article pages and WARC files for the benchmarks (no network, reproducible)."""

from __future__ import annotations

import io
import random
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

WORDS = (
    "blood pressure heart valve doctor symptoms treatment patients chronic acute infection diet exercise "
    "sleep kidney liver medicine dose risk study trial therapy pain fatigue swelling diagnosis test"
).split()


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 18))]
    return " ".join(words).capitalize() + "."


def page(rng: random.Random, url: str, index: int) -> bytes:
    paragraphs = "".join(
        f"<p>{' '.join(_sentence(rng) for _ in range(rng.randint(3, 6)))}</p>" for _ in range(rng.randint(4, 9))
    )
    comments = "".join(
        f'<li class="comment"><div class="comment-author"><b class="fn">reader{c}</b></div>'
        f'<div class="comment-content"><p>{_sentence(rng)}</p></div></li>'
        for c in range(rng.randint(0, 4))
    )
    html = (
        f'<!DOCTYPE html><html lang="en"><head><title>Topic {index} | Bench Health</title>'
        f'<link rel="canonical" href="{url}"><meta property="og:site_name" content="Bench Health"></head><body>'
        f'<nav><a href="/">Home</a><a href="/a">Conditions</a></nav><div class="sidebar"><h3>Related articles</h3>'
        f'<ul><li><a href="/x">Other topic</a></li></ul></div><article><h1>Topic {index}</h1>'
        f'<p class="byline">By Writer {index % 7}</p>{paragraphs}</article>'
        f'<section id="comments"><ol class="commentlist">{comments}</ol></section>'
        f"<footer>Copyright Bench Health</footer></body></html>"
    )
    return html.encode()


def write_warcs(directory: Path, pages: int, files: int, seed: int = 7) -> list[str]:
    """``pages`` pages spread over ``files`` gzipped WARC files; returns their paths."""
    rng = random.Random(seed)
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for f in range(files):
        path = directory / f"bench-{f:03d}.warc.gz"
        with open(path, "wb") as stream:
            writer = WARCWriter(stream, gzip=True)
            for i in range(f, pages, files):
                url = f"https://host{i % 13}.example/article-{i}"
                body = page(rng, url, i)
                http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
                writer.write_record(
                    writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http)
                )
        paths.append(str(path))
    return paths
