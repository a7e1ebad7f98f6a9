"""Raw-socket HTTP servers on a loopback address, for what a well-formed HTTP server library
cannot send: a lying Content-Length, broken chunks, interim 1xx answers, no status line, a
connection held open and never answered. The socket plumbing is here; what each server answers
stays in its test (canned bytes by path, a function of the path, or a function writing to the
connection itself)."""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Callable, Mapping

NOT_FOUND = b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"
# bytes by path, or a function that writes the response itself (the connection then closes)
Answer = bytes | Callable[[socket.socket], None]


def ok(body: bytes, content_type: bytes = b"text/html") -> bytes:
    return b"HTTP/1.1 200 OK\r\nContent-Type: " + content_type + b"\r\nContent-Length: %d\r\n\r\n" % len(body) + body


def read_request(connection: socket.socket, pending: bytes = b"") -> tuple[str, bytes] | None:
    """The next request's path and the bytes after its head (a pipelined next request), or None
    once the client closed or reset the connection. A head without a path reads as ``/``."""
    try:
        while b"\r\n\r\n" not in pending:
            if not (data := connection.recv(4096)):
                return None
            pending += data
    except OSError:
        return None
    head, _, rest = pending.partition(b"\r\n\r\n")
    return (head.split(b" ")[1].decode() if head.count(b" ") >= 2 else "/"), rest


class RawListener:
    """Accepts connections on ``host`` (a port of its own) and hands each to ``serve`` on a thread
    of its own; ``serve`` owns the connection (closes it, or holds it open). Stopped by close()."""

    def __init__(self, host: str, serve: Callable[[socket.socket], None]) -> None:
        self.serve = serve
        self.connections = 0
        self._listener = socket.create_server((host, 0))
        self.port = int(self._listener.getsockname()[1])
        self.base = f"http://{host}:{self.port}"
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                connection, _ = self._listener.accept()
            except OSError:
                return  # closed
            self.connections += 1
            threading.Thread(target=self.serve, args=(connection,), daemon=True).start()

    def close(self) -> None:
        self._listener.close()

    def __enter__(self) -> RawListener:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class KeepAliveServer(RawListener):
    """Answers every request of a connection (``answers``: by path, or a function of the path)
    and keeps the connection open, as real servers do, so bytes a response leaves behind stay on it."""

    def __init__(self, host: str, answers: Mapping[str, Answer] | Callable[[str], bytes]) -> None:
        self.answers = answers
        self.requests: list[str] = []
        super().__init__(host, self._serve)

    def answer_for(self, path: str) -> Answer:
        if callable(self.answers):
            return self.answers(path)
        return self.answers.get(path, NOT_FOUND)

    def _serve(self, connection: socket.socket) -> None:
        pending = b""
        with connection, contextlib.suppress(OSError):
            while (request := read_request(connection, pending)) is not None:
                path, pending = request
                self.requests.append(path)
                answer = self.answer_for(path)
                if callable(answer):  # it writes the response itself, then the connection closes
                    answer(connection)
                    return
                connection.sendall(answer)


def answer_once(answers: Mapping[str, bytes]) -> Callable[[socket.socket], None]:
    """A ``serve`` that answers a connection's first request with ``answers[path]`` and closes it."""

    def serve(connection: socket.socket) -> None:
        with connection, contextlib.suppress(OSError):
            request = read_request(connection)
            if request is not None:
                connection.sendall(answers.get(request[0], NOT_FOUND))

    return serve
