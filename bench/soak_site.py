"""The changing site of bench/soak.py: three hosts on loopback whose pages change night by night.

Pages are edited, removed (404, then 410) and back, redirected and back, added every night, get
comments, and one host answers slowly. Every answer depends on the night only, so a re-run after
a kill sees what the killed run saw.
"""

from __future__ import annotations

import random
import sys
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.httpserver import Reply, Request, ScriptedServer  # noqa: E402

HOST_A, HOST_B, SLOW_HOST = "127.0.0.21", "127.0.0.22", "127.0.0.23"
SLOW_DELAY_S = 0.4  # each answer of the slow host: keeps a shard running while others commit
FIRST_NIGHT = 1  # nights are 2026-12-01, -02, ...
WORDS = (
    "blood pressure sleep heart doctor study risk patients diet exercise symptoms kidney liver "
    "vitamin trial dose asthma children adults weeks months clinic nurse therapy pain"
).split()


def text_of(name: str, version: int) -> str:
    """An article-length text of its own words (no two pages near-duplicates), one per version."""
    pick = random.Random(f"{name}/{version}")
    sentences = [" ".join(pick.choice(WORDS) for _ in range(12)).capitalize() + "." for _ in range(14)]
    return " ".join(sentences)


def page(title: str, text: str, comments: int = 0) -> bytes:
    items = "".join(
        f'<li class="comment"><div class="comment-author">Reader {n}</div>'
        f'<div class="comment-content"><p>Comment {n} on {title}: {WORDS[n % len(WORDS)]} helped me.</p></div></li>'
        for n in range(comments)
    )
    thread = f'<section id="comments"><ol class="comment-list">{items}</ol></section>' if comments else ""
    return (
        f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
        f"<p>{text}</p></article>{thread}</body></html>"
    ).encode()


@dataclass
class Site:
    """Three hosts whose answers depend on the night only (a re-run after a kill sees what the killed run saw)."""

    night: int = FIRST_NIGHT
    servers: dict[str, ScriptedServer] = field(default_factory=dict)

    def versioned(
        self, name: str, version: Callable[[int], int], comments: Callable[[int], int] = lambda n: 0
    ) -> Callable[[Request], Reply]:
        """A page answering 304 to the ETag of its night's version (text version and comment count)."""

        def answer(request: Request) -> Reply:
            v, c = version(self.night), comments(self.night)
            etag = f'"{name}-{v}-{c}"'
            if request.headers.get("if-none-match") == etag:
                return Reply(304, b"", headers={"ETag": etag}, content_type=None)
            return Reply(200, page(name, text_of(name, v), c), headers={"ETag": etag})

        return answer

    def routes(self) -> dict[str, dict[str, Callable[[Request], Reply]]]:
        def removed(request: Request) -> Reply:  # 404, then 410, then back
            status = {3: 404, 4: 410}.get(self.night)
            return Reply(status, b"<html><body>Gone</body></html>") if status else plain("removed", 1)(request)

        def moved(request: Request) -> Reply:  # redirected on nights 3-4, then back
            if self.night in (3, 4):
                return Reply(301, b"", headers={"Location": "/moved-to"})
            return plain("moved", 1)(request)

        def b_gone(request: Request) -> Reply:  # removed for good after night 3
            return (
                plain("b-gone", 1)(request) if self.night <= 3 else Reply(404, b"<html><body>Not found</body></html>")
            )

        def plain(name: str, version: int) -> Callable[[Request], Reply]:
            return lambda request: Reply(200, page(name, text_of(name, version)))

        def slow(inner: Callable[[Request], Reply]) -> Callable[[Request], Reply]:
            def answer(request: Request) -> Reply:
                reply = inner(request)
                reply.delay_s = SLOW_DELAY_S
                return reply

            return answer

        a = {
            "/edited": self.versioned("edited", lambda n: 1 if n <= 2 else 2 if n <= 5 else 3),
            "/removed": removed,
            "/moved": moved,
            "/moved-to": plain("moved-to", 1),
            "/discussion": self.versioned("discussion", lambda n: 1, lambda n: (n + 1) // 2),
            "/steady-1": self.versioned("steady-1", lambda n: 1),
            "/steady-2": plain("steady-2", 1),
            **{f"/new-{n}": plain(f"new-{n}", 1) for n in range(2, 32)},
        }
        b = {
            "/b-1": self.versioned("b-1", lambda n: 1),
            "/b-2": plain("b-2", 1),
            "/b-changes": lambda r: Reply(200, page("b-changes", text_of("b-changes", 1 if self.night < 4 else 2))),
            "/b-comments": self.versioned("b-comments", lambda n: 1, lambda n: 2 if n < 6 else 3),
            "/b-gone": b_gone,
        }
        c = {
            "/c-1": slow(self.versioned("c-1", lambda n: 1)),
            "/c-2": slow(self.versioned("c-2", lambda n: 1 if n < 5 else 2)),
            "/c-3": slow(plain("c-3", 1)),
            "/c-4": slow(self.versioned("c-4", lambda n: 1, lambda n: 1 if n < 3 else 2)),
        }
        return {HOST_A: a, HOST_B: b, SLOW_HOST: c}

    def urls(self, night: int) -> list[str]:
        paths = {HOST_A: ["/edited", "/removed", "/moved", "/discussion", "/steady-1", "/steady-2"]}
        paths[HOST_A] += [f"/new-{n}" for n in range(2, night + 1)]  # a page added every night
        paths[HOST_B] = ["/b-1", "/b-2", "/b-changes", "/b-comments", "/b-gone"]
        paths[SLOW_HOST] = ["/c-1", "/c-2", "/c-3", "/c-4"]
        return [self.servers[host].url(p) for host, ps in paths.items() for p in ps]

    def page_requests(self) -> int:
        return sum(1 for server in self.servers.values() for path in server.paths() if path != "/robots.txt")

    @contextmanager
    def serving(self) -> Iterator[Site]:
        with ExitStack() as stack:
            for host, routes in self.routes().items():
                robots = {"/robots.txt": lambda r: Reply(404, b"", content_type="text/plain")}
                self.servers[host] = stack.enter_context(ScriptedServer(host, {**robots, **routes}))
            yield self
