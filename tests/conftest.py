from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline.config import Config, load_config
from tests.httpserver import Reply, Request, ScriptedServer
from tests.warcs import article_html, write_warc

REPO = Path(__file__).resolve().parents[1]
_CACHE_DIR: list[str] = []


def pytest_configure(config: pytest.Config) -> None:
    """Tests (and the pipeline processes they start) write no cache outside a temporary folder:
    the language model's per-machine cache goes to one made for this session."""
    _CACHE_DIR.append(tempfile.mkdtemp(prefix="pipeline-test-cache-"))
    os.environ["XDG_CACHE_HOME"] = _CACHE_DIR[0]


def pytest_unconfigure(config: pytest.Config) -> None:
    for path in _CACHE_DIR:
        shutil.rmtree(path, ignore_errors=True)


@pytest.fixture
def sample_warc(tmp_path: Path) -> Path:
    """Three HTML pages (one with comments), a PDF labelled text/html and a 404, as a gzipped WARC
    (one labelled application/pdf would be skipped as a page's resource: no row)."""
    return write_warc(
        tmp_path / "sample.warc.gz",
        [
            (
                "https://health.example/asthma",
                article_html("Asthma", "https://health.example/asthma", True, references=True),
                "text/html",
                200,
            ),
            (
                "https://health.example/gout",
                article_html("Gout", "https://health.example/gout"),
                "text/html; charset=utf-8",
                200,
            ),
            ("https://other.example/flu", article_html("Influenza", "https://other.example/flu"), "text/html", 200),
            ("https://health.example/leaflet.pdf", b"%PDF-1.4 binary", "text/html", 200),
            ("https://health.example/missing", b"<html><body>Not found</body></html>", "text/html", 404),
        ],
    )


def make_config(tmp_path: Path, **sections: dict[str, object]) -> Config:
    overrides: dict[str, dict[str, object]] = {
        "output": {"dir": str(tmp_path / "out"), "raw_dir": str(tmp_path / "raw")}
    }
    for name, values in sections.items():
        overrides.setdefault(name, {}).update(values)
    return load_config(None, overrides, environ={})


def readme_current_state_sql(out: Path) -> str:
    """The README's query for the current state of every article and its comments, over ``out``."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    start = readme.index("-- the current state of every article and its comments")
    query = readme[start : readme.index(";", start)]
    return query.replace("data/clean", str(out))


ETAG_PAGES = 4
ETAG_SITE = "127.0.0.2"  # a loopback "host"; allowed through fetch.allow_private only


@pytest.fixture
def etag_site() -> Iterator[ScriptedServer]:
    """Article pages ``/condition-N`` with ETags; a request carrying the page's ETag gets 304."""
    with ScriptedServer(ETAG_SITE) as server:
        for number in range(ETAG_PAGES):
            path = f"/condition-{number}"
            body = article_html(f"Condition {number}", server.url(path), comments=number == 0)
            etag = f'"condition-{number}-v1"'

            def reply(request: Request, body: bytes = body, etag: str = etag) -> Reply:
                if request.headers.get("if-none-match") == etag:
                    return Reply(304, b"", headers={"ETag": etag}, content_type=None)
                return Reply(200, body, headers={"ETag": etag})

            server.route(path, reply)
        yield server
