"""Hostile input: peak RSS and wall time per attack, and extraction time against page size.

Each attack runs in its own subprocess (so its peak RSS is its own) against a loopback server
this script starts (an endless stream, a gzip sitemap bomb, a huge robots.txt, a day-long
Crawl-delay) or on a file it writes (a WARC record declaring a 500 MB chunk, a page declared
``charset=punycode``). Then pages of 1 to 10 MB (many comments, many bylines) are extracted one
by one, each in a subprocess, and time per MB is printed: constant time per MB is linear growth.

    .venv/bin/python bench/hostile.py            # all attacks, then 1, 2, 5, 10 MB pages
    .venv/bin/python bench/hostile.py --sizes 1 2 --attacks trailing_gzip
    .venv/bin/python bench/hostile.py --attacks --sizes 0.5 1 2 --shapes comments sections boxes references
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import resource
import socket
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from pathlib import Path

PAGE = b"<html><body><article><h1>Small</h1><p>" + b"A small page about sleep. " * 40 + b"</p></article></body></html>"


# -- the loopback server ----------------------------------------------------------------------


def _stream(conn: socket.socket, head: bytes, pieces: object) -> None:
    try:
        conn.recv(65536)
        conn.sendall(head)
        for piece in pieces:  # type: ignore[attr-defined]
            conn.sendall(piece)
    except OSError:
        pass
    finally:
        conn.close()


def _endless(first: bytes, filler: bytes) -> object:
    yield first
    while True:
        yield filler


def _hang() -> object:
    time.sleep(3600)  # accept the request, never answer
    yield b""


def _slow_page() -> object:
    time.sleep(0.5)
    yield PAGE


def _routes() -> dict[str, tuple[bytes, object]]:
    """Path -> (status line and headers, a function giving the body's pieces)."""
    ok = b"HTTP/1.1 200 OK\r\nConnection: close\r\n"
    bomb = gzip.compress(
        b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        + b"<url><loc>http://127.0.0.1/p</loc></url>" * 1_200_000
        + b"</urlset>",
        9,
    )
    robots = b"User-agent: *\nDisallow: /private\n" + b"# padding line\n" * 70_000  # ~1 MB
    empty_deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = empty_deflate.flush(zlib.Z_FULL_FLUSH) * 4096  # empty stored blocks: decode to nothing
    return {
        "/trailing_gzip": (
            ok + b"Content-Type: text/html\r\nContent-Encoding: gzip\r\n\r\n",
            lambda: _endless(gzip.compress(PAGE), b"\0" * 65536),
        ),
        "/empty_deflate": (
            ok + b"Content-Type: text/html\r\nContent-Encoding: deflate\r\n\r\n",
            lambda: _endless(b"", block),
        ),
        "/sitemap.xml.gz": (
            ok + b"Content-Type: application/gzip\r\nContent-Length: %d\r\n\r\n" % len(bomb),
            lambda: iter([bomb]),
        ),
        "/robots.txt": (
            ok + b"Content-Type: text/plain\r\nContent-Length: %d\r\n\r\n" % len(robots),
            lambda: iter([robots]),
        ),
        "/private": (ok + b"Content-Type: text/html\r\nContent-Length: %d\r\n\r\n" % len(PAGE), lambda: iter([PAGE])),
        "/hang": (b"", _hang),
        "/slow": (ok + b"Content-Type: text/html\r\nContent-Length: %d\r\n\r\n" % len(PAGE), _slow_page),
    }


def serve(host: str) -> int:
    server = socket.socket()
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind((host, 0))
    server.listen(16)
    routes = _routes()
    not_found = b"HTTP/1.1 404 No\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    missing: tuple[bytes, object] = (not_found, lambda: iter([]))

    def loop() -> None:
        while True:
            conn, _ = server.accept()
            request = conn.recv(65536, socket.MSG_PEEK).split(b" ")
            path = request[1].decode().split("?", 1)[0] if len(request) > 1 else "/"
            head, pieces = routes.get(path, missing)
            threading.Thread(target=_stream, args=(conn, head, pieces()), daemon=True).start()  # type: ignore[operator]

    threading.Thread(target=loop, daemon=True).start()
    return int(server.getsockname()[1])


# -- attacks (run in the child) ---------------------------------------------------------------


def _crawl(seeds: list[str], sitemaps: list[str] | None = None, **fetch: object) -> str:
    from pipeline.config import FetchConfig, SourcesConfig
    from pipeline.fetch.fetcher import Fetcher
    from pipeline.store.warc_archive import WarcArchive

    config = FetchConfig(min_delay_s=0.0, allow_private=["127.0.0.0/8"], max_retries=0, **fetch)  # type: ignore[arg-type]
    with tempfile.TemporaryDirectory() as tmp:
        archive = WarcArchive(Path(tmp), "bench", "s0", config.user_agent)
        with Fetcher(config, SourcesConfig(), state_dir=None, archive=archive) as fetcher:
            pages = list(fetcher.crawl(seeds, sitemaps or []))
    return "; ".join(f"{p.outcome}: {(p.error or '')[:70]}" for p in pages) or "no pages (sitemap entries)"


def attack(name: str, port: int, workdir: Path) -> str:
    base = f"http://127.0.0.7:{port}"
    if name in ("trailing_gzip", "empty_deflate"):
        return _crawl([f"{base}/{name}"], obey_robots=False, timeout_s=120.0)
    if name == "sitemap_bomb":
        return _crawl([], [f"{base}/sitemap.xml.gz"], obey_robots=False, timeout_s=120.0)
    if name == "big_robots":
        return _crawl([f"{base}/private"])
    if name == "crawl_delay_day":
        return _crawl([f"http://127.0.0.8:{port}/a", f"http://127.0.0.8:{port}/b"])
    if name == "warc_huge_chunk":
        from warcio.statusandheaders import StatusAndHeaders
        from warcio.warcwriter import WARCWriter

        from pipeline.sources.warc import read_warc

        path = workdir / "chunk.warc.gz"
        with open(path, "wb") as stream:
            writer = WARCWriter(stream, gzip=True)
            http = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html"), ("Transfer-Encoding", "chunked")], protocol="HTTP/1.1"
            )
            body = io.BytesIO(b"1DCD6500\r\n" + b"<p>x</p>" * 66_000)  # declares 500 MB, holds 528 KB
            record = writer.create_warc_record("http://h.test/", "response", payload=body, http_headers=http)
            writer.write_record(record)
        return "; ".join(f"{p.outcome} {len(p.body)} bytes" for p in read_warc(path))
    if name in ("sigterm_hang", "deadline_3s"):
        return _run_cli(name, base, workdir)
    if name == "kept_3000":  # a site rule's article_root matching 3000 elements of one page
        from lxml.html import fromstring

        from pipeline.extract.boilerplate import remove_boilerplate

        root = fromstring(
            "<html><body>"
            + "".join(
                f"<div class='post'><p>Post {n} on the heart.</p><div class='share-bar'>Share</div>"
                f"<aside class='ad-slot'>Ad</aside></div>"
                for n in range(3000)
            )
            + "</body></html>"
        )
        keep = root.cssselect("div.post p")
        started = time.monotonic()
        removed = remove_boilerplate(root, (), keep)
        return f"{removed} boxes removed around {len(keep)} kept roots in {time.monotonic() - started:.2f} s"
    if name == "dns_invalid":
        return _crawl([f"http://nowhere{n % 5}.invalid/p{n}" for n in range(50)])[:110]
    if name == "punycode_1mb":
        from pipeline.page import decode_html

        page = b"<html><body>" + "Übelkeit und Schwindel ".encode() * 45_000 + b"</body></html>"
        return "decoded as " + decode_html(page, "text/html; charset=punycode")[1]
    raise SystemExit(f"unknown attack {name}")


def _run_cli(name: str, base: str, workdir: Path) -> str:
    """A real ``pipeline run``: SIGTERM while its only request hangs, or a 3 s deadline over slow pages."""
    import signal

    config = workdir / "config.toml"
    config.write_text(
        '[fetch]\nallow_private = ["127.0.0.0/8"]\ntimeout_s = 600.0\nmax_retries = 0\n'
        "min_delay_s = 0.0\nobey_robots = false\nper_host_concurrency = 1\n"
    )
    urls = workdir / "urls.txt"
    hang = name == "sigterm_hang"
    urls.write_text(f"{base}/hang\n" if hang else "".join(f"{base}/slow?n={n}\n" for n in range(100)))
    out = workdir / "out"
    command = [
        sys.executable,
        "-m",
        "pipeline",
        "run",
        "--config",
        str(config),
        "--urls",
        str(urls),
        "--out",
        str(out),
        "--raw",
        str(workdir / "raw"),
        "--workers",
        "1",
        "--log-format",
        "json",
    ]
    if not hang:
        command += ["--deadline", "3s"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    if not hang:
        summary = json.loads(process.communicate()[0].strip().splitlines()[-1])
        seconds = json.loads(Path(summary["manifest"]).read_text())["duration_s"]
        return f"exit {process.returncode}, the run took {seconds:.1f} s (deadline 3 s): {summary['outcomes']}"
    while not (out / "_pipeline.lock").exists() and process.poll() is None:
        time.sleep(0.05)
    time.sleep(1.0)  # the request is out, the server holds it (fetch.timeout_s 600)
    sent = time.monotonic()
    process.send_signal(signal.SIGTERM)
    process.wait()
    return f"exit {process.returncode} {time.monotonic() - sent:.2f} s after SIGTERM (request in flight, timeout 600 s)"


ATTACKS = [
    "trailing_gzip",
    "empty_deflate",
    "sitemap_bomb",
    "big_robots",
    "crawl_delay_day",
    "warc_huge_chunk",
    "punycode_1mb",
    "dns_invalid",
    "sigterm_hang",
    "deadline_3s",
    "kept_3000",
]


# -- pages of growing size ----------------------------------------------------------------------


def _shape_item(shape: str, number: int) -> str:
    """One repeated unit of a page shape (each stresses another part of the extractor)."""
    if shape == "comments":  # comment finding and threading, byline de-duplication
        return (
            f"<li class='comment' id='c{number}'><div class='comment-author'><b class='fn'>reader{number}</b>"
            f"</div><p>By Reader {number % 997} Smith</p><div class='comment-content'><p>Comment {number}: my "
            f"inhaler helped after two weeks, thank you for the clear explanation.</p></div></li>"
        )
    if shape == "sections":  # nested containers: boilerplate rules, text mass, ancestor walks
        return (
            f"<section class='part'><div class='inner'><h3>Part {number}</h3><div><p>Paragraph {number}: "
            f"asthma narrows the airways; an inhaler and a written plan help most people.</p>"
            f"<aside class='ad-slot'>Advertisement</aside></div></div></section>"
        )
    if shape == "boxes":  # labelled boxes and summary boxes: box rules, leading blocks
        return (
            f"<div class='key-points summary-box'><h4>Did you know?</h4><ul><li>Fact {number} about the "
            f"lungs.</li></ul></div><p>Paragraph {number} about asthma triggers and how to avoid them.</p>"
        )
    if shape == "references":  # a reference list: reference parsing, date search over many years
        return (
            f"<li id='ref{number}'>Author{number} A, Writer B. Asthma study {number}. J Resp Med. "
            f"{1990 + number % 35}. doi:10.1000/jrm.{number}</li>"
        )
    if shape == "dates":  # one year in every line, nothing structured: htmldate's extensive search
        return f"<li>Author {number}. Title {number}. J Med. 2020. doi:10.1000/{number}</li>"
    raise ValueError(f"unknown shape {shape!r}")


_SHAPE_OPEN = {
    "comments": "<section id='comments'><ol class='commentlist'>",
    "references": "<h2>References</h2><ol>",
    "dates": "<h2>References</h2><ol>",
}
_SHAPE_CLOSE = {"comments": "</ol></section>", "references": "</ol>", "dates": "</ol>"}
SHAPES = ("comments", "sections", "boxes", "references", "dates")


def big_page(megabytes: float, shape: str = "comments") -> str:
    """An article, then ``shape`` units (comments, sections, boxes, references) until the page reaches ``megabytes``."""
    parts = ["<html><body><article><h1>Living with asthma</h1><p class='byline'>By Ann Writer</p>"]
    parts += [
        f"<p>Paragraph {n}: asthma narrows the airways; inhalers and a plan help most people.</p>" for n in range(40)
    ]
    parts.append("</article>" + _SHAPE_OPEN.get(shape, "<div class='more'>"))
    size, number = sum(map(len, parts)), 0
    while size < megabytes * 1_000_000:
        item = _shape_item(shape, number)
        parts.append(item)
        size += len(item)
        number += 1
    parts.append(_SHAPE_CLOSE.get(shape, "</div>") + "</body></html>")
    return "".join(parts)


def extract_size(megabytes: float, shape: str = "comments") -> str:
    from pipeline.extract import extract_html, published

    shape, _, unlimited = shape.partition("+")
    if unlimited:  # --no-htmldate-limit: the figure without HTMLDATE_MAX_S, for comparison
        published.HTMLDATE_MAX_S = float("inf")

    html = big_page(megabytes, shape)
    extract_html(PAGE.decode(), "https://h.example/warm", {}, {})  # imports and caches out of the figure
    started = time.perf_counter()
    result = extract_html(html, "https://h.example/asthma", {}, {})
    seconds = time.perf_counter() - started
    return json.dumps({"seconds": seconds, "comments": len(result.comments), "bytes": len(html)})


# -- driver ------------------------------------------------------------------------------------


def child(argv: list[str]) -> None:
    kind, value, port = argv[0], argv[1], int(argv[2])
    started = time.monotonic()
    with tempfile.TemporaryDirectory() as tmp:
        if kind == "attack":
            result = attack(value, port, Path(tmp))
        else:
            size, _, shape = value.partition(":")
            result = extract_size(float(size), shape or "comments")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": time.monotonic() - started, "rss_mb": peak_mb, "result": result}))


def run_child(kind: str, value: str, port: int, timeout: float) -> dict[str, object]:
    started = time.monotonic()
    try:
        done = subprocess.run(
            [sys.executable, __file__, "--child", kind, value, str(port)],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return {"seconds": time.monotonic() - started, "rss_mb": float("nan"), "result": f"TIMEOUT after {timeout} s"}
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        return {"seconds": time.monotonic() - started, "rss_mb": float("nan"), "result": done.stderr[-300:]}
    return dict(json.loads(lines[-1]))


def main() -> None:
    if sys.argv[1:2] == ["--child"]:
        child(sys.argv[2:])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--attacks", nargs="*", default=ATTACKS)
    parser.add_argument("--sizes", nargs="*", type=float, default=[1, 2, 5, 10])
    parser.add_argument(
        "--shapes", nargs="*", choices=SHAPES, default=["comments"], help="page shapes to grow (default: comments)"
    )
    parser.add_argument("--timeout", type=float, default=600.0, help="per attack, seconds")
    parser.add_argument(
        "--no-htmldate-limit", action="store_true", help="also time each page without HTMLDATE_MAX_S, right after it"
    )
    args = parser.parse_args()
    port = serve("127.0.0.7")
    _serve_same_port("127.0.0.8", port)  # the Crawl-delay host, on the same port
    baseline = run_child("attack", "punycode_1mb", port, args.timeout)  # interpreter + imports, for scale
    print(f"{'attack':18} {'wall s':>8} {'peak RSS MB':>12}  result")
    for name in args.attacks:
        row = run_child("attack", name, port, args.timeout)
        print(f"{name:18} {row['seconds']:8.2f} {row['rss_mb']:12.0f}  {str(row['result'])[:110]}")
    print(f"(a child that only imports the pipeline and decodes 1 MB: {baseline['rss_mb']:.0f} MB)")
    print(f"\n{'shape':>14} {'page MB':>7} {'comments':>9} {'extract s':>10} {'s per MB':>9} {'peak RSS MB':>12}")
    suffixes = ("", "+nolimit")[: 1 + args.no_htmldate_limit]  # side by side, size by size
    for base in args.shapes:
        for size in args.sizes:
            for shape in (base + suffix for suffix in suffixes):
                _print_size(shape, size, run_child("size", f"{size}:{shape}", port, args.timeout))


def _print_size(shape: str, size: float, row: dict[str, object]) -> None:
    data = json.loads(str(row["result"])) if str(row["result"]).startswith("{") else None
    if data is None:
        print(f"{shape:>14} {size:7.1f} {row['result']}")
        return
    megabytes = data["bytes"] / 1e6
    print(
        f"{shape:>14} {megabytes:7.1f} {data['comments']:9d} {data['seconds']:10.2f}"
        f" {data['seconds'] / megabytes:9.2f} {row['rss_mb']:12.0f}"
    )


def _serve_same_port(host: str, port: int) -> None:
    """A second listener (the Crawl-delay host) on ``host`` at the same port as the first."""
    server = socket.socket()
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind((host, port))
    server.listen(16)

    def loop() -> None:
        while True:
            conn, _ = server.accept()
            request = conn.recv(65536, socket.MSG_PEEK).split(b" ")
            path = request[1] if len(request) > 1 else b"/"
            text = b"User-agent: *\nCrawl-delay: 86400\n" if path == b"/robots.txt" else PAGE
            head = b"HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n"
            threading.Thread(target=_stream, args=(conn, head % len(text), iter([text])), daemon=True).start()

    threading.Thread(target=loop, daemon=True).start()


if __name__ == "__main__":
    main()
