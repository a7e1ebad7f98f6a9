"""Ninth outside-style audit (session 13): what the eight before did not cover, with real parts.

Each test is one row of the README's "Ninth outside-style audit" table.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pandas as pd
import pytest

from pipeline.run.runner import run_pipeline
from tests.conftest import make_config

RUN_DATE = "2026-12-07"
EARLY_HINTS_SITE = "127.0.0.31"  # loopback "hosts" no other test serves
EARLY_HINTS = b"HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload; as=style\r\n\r\n"


def _article(name: str) -> bytes:
    text = f"The clinic's advice on {name} at home through the winter months, step by step. " * 10
    return (
        f"<html><head><title>{name}</title></head><body><article><h1>{name}</h1><p>{text}</p></article></body></html>"
    ).encode()


class KeepAliveRawServer:
    """Answers every request of a kept-alive connection with the bytes ``answer(path)`` gives:
    what a well-formed HTTP server library cannot send (interim 1xx answers before the page)."""

    def __init__(self, host: str, answer: Callable[[str], bytes]) -> None:
        self.answer = answer
        self.paths: list[str] = []
        self._listener = socket.create_server((host, 0))
        self.base = f"http://{host}:{self._listener.getsockname()[1]}"
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                connection, _ = self._listener.accept()
            except OSError:
                return  # closed
            threading.Thread(target=self._serve, args=(connection,), daemon=True).start()

    def _serve(self, connection: socket.socket) -> None:
        pending = b""
        with connection:
            while True:
                while b"\r\n\r\n" not in pending:
                    try:
                        data = connection.recv(4096)
                    except OSError:
                        return
                    if not data:
                        return
                    pending += data
                head, pending = pending.split(b"\r\n\r\n", 1)
                path = head.split(b" ")[1].decode()
                self.paths.append(path)
                try:
                    connection.sendall(self.answer(path))
                except OSError:
                    return

    def close(self) -> None:
        self._listener.close()


@pytest.fixture
def early_hints_site() -> Iterator[KeepAliveRawServer]:
    """Every page answered "103 Early Hints" then its 200 (nginx, H2O, Cloudflare's origins)."""

    def answer(path: str) -> bytes:
        if path == "/robots.txt":
            return b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"
        if path == "/loop":  # a server looping on interim answers
            return EARLY_HINTS * 50
        if path == "/switch":  # 101 Switching Protocols, to a request that asked for no Upgrade
            return b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\nConnection: Upgrade\r\n\r\n"
        body = _article(path.strip("/"))
        head = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: %d\r\n\r\n"
        processing = b"HTTP/1.1 102 Processing\r\n\r\n" if path == "/eczema" else b""
        return EARLY_HINTS + processing + head % len(body) + body

    server = KeepAliveRawServer(EARLY_HINTS_SITE, answer)
    yield server
    server.close()


def test_interim_1xx_answers_are_skipped_to_the_page(tmp_path: Path, early_hints_site: KeepAliveRawServer) -> None:
    """A 103 Early Hints before the page made every page `not_html` "content type unknown" with
    status 103 (http.client skips only 100 Continue): the site's articles were all lost."""
    pages = ("asthma", "eczema", "migraine")
    urls = [f"{early_hints_site.base}/{name}" for name in (*pages, "loop", "switch")]
    config = make_config(
        tmp_path,
        sources={"urls": urls},
        fetch={"allow_private": [EARLY_HINTS_SITE], "min_delay_s": 0.0, "max_retries": 0},
        run={"run_date": RUN_DATE, "workers": 1},
    )
    summary = run_pipeline(config, argv=[])
    fetches = pd.read_parquet(tmp_path / "out" / "fetches").set_index("url")
    for name in pages:
        row = fetches.loc[f"{early_hints_site.base}/{name}"]
        assert (row["outcome"], row["status"]) == ("ok", 200), row.to_dict()
    loop = fetches.loc[f"{early_hints_site.base}/loop"]
    assert loop["outcome"] == "connection_error"
    assert loop["error"] == "malformed response: more than 10 interim (1xx) answers"
    switch = fetches.loc[f"{early_hints_site.base}/switch"]
    assert (switch["outcome"], switch["status"]) == ("http_error", 101)
    assert switch["error"] == "HTTP 101: an interim answer, not the page"
    articles = pd.read_parquet(tmp_path / "out" / "articles")
    assert sorted(articles["title"]) == sorted(pages)
    assert summary.exit_code == 1  # the two broken pages
