"""A scripted HTTP/1.1 server on a loopback address, for fetcher tests and the fetch benchmark.

Each :class:`ScriptedServer` binds one 127.0.0.x address (Linux routes all of 127.0.0.0/8 to
loopback), so several servers look like several hosts. Routes map a path to a :class:`Reply`,
a list of replies (served in turn, the last one repeating) or a function of the request.
Replies can misbehave: latency, a hang, a connection reset, a body dribbled byte by byte, a
close-delimited body. The server records every request and counts every accepted connection,
so a test can assert that a host received nothing at all.
"""

from __future__ import annotations

import socket
import socketserver
import ssl
import struct
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

# A hang lasts at most this long (or until the server stops): longer than any test timeout.
HANG_S = 30.0


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str | None = "text/html; charset=utf-8"
    delay_s: float = 0.0  # before anything is sent (latency)
    hang: bool = False  # read the request, then never answer
    reset: bool = False  # read the request, then reset the connection (RST)
    dribble_s: float = 0.0  # send the body one byte at a time with this gap
    dribble_head_s: float = 0.0  # send the status line and headers one byte at a time
    close_delimited: bool = False  # no Content-Length: the body ends when the connection closes


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]
    at: float  # time.monotonic() when the request line was read


Route = Reply | list[Reply] | Callable[[Request], Reply]


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def setup(self) -> None:
        super().setup()
        # As production servers do on keep-alive connections: without it Nagle holds the body
        # back until the client's delayed ACK of the headers (+40 ms per reused connection).
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        owner = self.server.owner
        request = Request("GET", self.path, {k.lower(): v for k, v in self.headers.items()}, time.monotonic())
        owner._begin(request)
        try:
            self._answer(owner, owner.reply_for(request))
        finally:
            owner._end()

    def _answer(self, owner: ScriptedServer, reply: Reply) -> None:
        if reply.delay_s:
            owner.stopped.wait(reply.delay_s)
        if reply.hang:
            owner.stopped.wait(HANG_S)
            self.close_connection = True
            return
        if reply.reset:
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
            self.close_connection = True
            return
        headers = dict(reply.headers)
        if reply.content_type and "Content-Type" not in headers:
            headers["Content-Type"] = reply.content_type
        if reply.close_delimited:
            headers["Connection"] = "close"
            self.close_connection = True
        else:
            headers.setdefault("Content-Length", str(len(reply.body)))
        try:
            if reply.dribble_head_s:
                self._dribble_head(owner, reply, headers)
                return
            self.send_response(reply.status)
            for key, value in headers.items():
                self.send_header(key, value)
            self.end_headers()
            if reply.dribble_s:
                for index in range(len(reply.body)):
                    if owner.stopped.wait(reply.dribble_s):
                        break
                    self.wfile.write(reply.body[index : index + 1])
                    self.wfile.flush()
            else:
                self.wfile.write(reply.body)
        except OSError:
            self.close_connection = True

    def _dribble_head(self, owner: ScriptedServer, reply: Reply, headers: dict[str, str]) -> None:
        """Status line and headers one byte per ``dribble_head_s`` (a slow-loris response), then the body."""
        self.close_connection = True
        padding = [f"X-Slow-{n}: {'z' * 60}" for n in range(90)]  # headers that seem never to end
        lines = [f"HTTP/1.1 {reply.status} Slow", *(f"{k}: {v}" for k, v in headers.items()), *padding]
        head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
        for index in range(len(head)):
            if owner.stopped.wait(reply.dribble_head_s):
                return
            self.wfile.write(head[index : index + 1])
            self.wfile.flush()
        self.wfile.write(reply.body)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    owner: ScriptedServer

    def server_bind(self) -> None:
        # HTTPServer.server_bind looks up the FQDN of the address, which may wait on DNS.
        socketserver.TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name, self.server_port = str(host), int(port)

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that hung up (the fetcher cutting a slow response, a reset) is part of the script.
        if not isinstance(sys.exc_info()[1], OSError):
            super().handle_error(request, client_address)

    def verify_request(self, request: Any, client_address: Any) -> bool:
        self.owner._connected()
        return True


class _Server6(_Server):
    address_family = socket.AF_INET6


class ScriptedServer:
    """One scripted host at ``http://<host>:<port>``; use as a context manager. An IPv6 ``host``
    (``::1``) is served on IPv6 and written ``[::1]`` in its URLs."""

    def __init__(
        self,
        host: str = "127.0.0.1",
        routes: dict[str, Route] | None = None,
        port: int = 0,
        tls: ssl.SSLContext | None = None,
    ) -> None:
        """``tls``: serve HTTPS with this server-side context (handshakes happen on accept)."""
        self.host = host
        self.scheme = "https" if tls is not None else "http"
        self.routes: dict[str, Route] = dict(routes or {})
        self.requests: list[Request] = []
        self.connections = 0
        self.max_in_flight = 0
        self.stopped = threading.Event()
        self._in_flight = 0
        self._served: dict[str, int] = {}
        self._lock = threading.Lock()
        self._server = (_Server6 if ":" in host else _Server)((host, port), _Handler)
        self._server.owner = self
        if tls is not None:
            self._server.socket = tls.wrap_socket(self._server.socket, server_side=True)
        self.port = int(self._server.server_address[1])
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05})
        self._thread.daemon = True

    @property
    def base(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{self.scheme}://{host}:{self.port}"

    def url(self, path: str = "/") -> str:
        return self.base + path

    def route(self, path: str, route: Route) -> None:
        self.routes[path] = route

    def paths(self) -> list[str]:
        with self._lock:
            return [r.path for r in self.requests]

    def hits(self, path: str) -> int:
        return self.paths().count(path)

    def reply_for(self, request: Request) -> Reply:
        route = self.routes.get(request.path) or self.routes.get(request.path.split("?", 1)[0])
        if route is None:
            return Reply(404, b"<html><body>Not found</body></html>")
        if callable(route):
            return route(request)
        if isinstance(route, list):
            with self._lock:
                served = self._served.get(request.path, 0)
                self._served[request.path] = served + 1
            return route[min(served, len(route) - 1)]
        return route

    def _begin(self, request: Request) -> None:
        with self._lock:
            self.requests.append(request)
            self._in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self._in_flight)

    def _end(self) -> None:
        with self._lock:
            self._in_flight -= 1

    def _connected(self) -> None:
        with self._lock:
            self.connections += 1

    def start(self) -> ScriptedServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.stopped.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> ScriptedServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def html_page(title: str, body: str = "", links: list[str] | None = None) -> bytes:
    """A small valid HTML page, optionally with links."""
    anchors = "".join(f'<a href="{href}">{href}</a> ' for href in links or [])
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title></head>"
        f"<body><h1>{title}</h1><p>{body or title}</p>{anchors}</body></html>"
    ).encode()
