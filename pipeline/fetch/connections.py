"""Connections the fetcher's requests go through: guarded, deadlined, and told apart when reused.

* Each connection connects only to the addresses the :class:`~pipeline.fetch.guard.AddressGuard`
  approved for its host (no second DNS lookup between check and connect).
* While a response's headers are awaited, a watchdog (:mod:`pipeline.deadlines`) cuts the socket
  when the request's deadline passes: socket timeouts only bound each read, and a server sending
  its headers a byte at a time would never trip them.
* Each response's head is read as browsers read it (:class:`~pipeline.fetch.responses.FinalResponse`).
* Each request records whether it went out on a socket that had already carried a response (a
  kept-alive connection), so :class:`~pipeline.fetch.http.HttpClient` can send it again when the
  server had closed that connection (:func:`dropped_unanswered`).

The request being sent by a thread is described by the thread-local :data:`current` (its
deadline, the client's socket tracker, whether the connection was reused).
"""

from __future__ import annotations

import contextlib
import http.client
import socket
import threading
from typing import Any

from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import ConnectTimeoutError, NameResolutionError, NewConnectionError
from urllib3.util.connection import create_connection

from pipeline.deadlines import Deadlines
from pipeline.fetch.failures import root_cause
from pipeline.fetch.guard import AddressGuard
from pipeline.fetch.responses import FinalResponse


def cut(sock: socket.socket) -> None:
    """Shut a socket down, waking the thread blocked reading it (the read sees end of file).

    The plain socket call: for TLS too, shut the connection, not the TLS session.
    """
    with contextlib.suppress(OSError):  # already closed
        socket.socket.shutdown(sock, socket.SHUT_RDWR)


# Cuts the sockets whose response deadline passed while their headers were awaited.
_WATCHDOG = Deadlines("fetch-watchdog")
# The request the current thread is sending: deadline, track, reused (set by HttpClient.get).
current = threading.local()


class _GuardedConnectionMixin:
    """Connect only to guard-approved addresses of the host (no second DNS lookup), and never
    wait for response headers past the request's deadline."""

    guard: AddressGuard
    _dns_host: str
    host: str
    port: int
    timeout: Any
    source_address: Any
    socket_options: Any

    def _new_conn(self) -> socket.socket:
        try:
            addresses = self.guard.addresses(self._dns_host, self.port)
        except socket.gaierror as exc:
            raise NameResolutionError(self.host, self, exc) from exc  # type: ignore[arg-type]
        # Every address in turn, as browsers and curl do: a host whose first address does not
        # answer (a blackholed IPv6 route, a dead node behind round-robin DNS) failed every page
        # with a connect timeout although its next address answers. The one that answered is
        # tried first from then on, so the dead one costs one connect timeout, not one a page.
        last: OSError | None = None
        for address in addresses:
            try:
                sock = create_connection(
                    (address, self.port),
                    self.timeout,
                    source_address=self.source_address,
                    socket_options=self.socket_options,
                )
            except OSError as exc:
                last = exc
                continue
            if address != addresses[0]:
                self.guard.prefer(self._dns_host, self.port, address)
            return sock
        if isinstance(last, TimeoutError):
            raise ConnectTimeoutError(self, f"Connection to {self.host} timed out") from last
        raise NewConnectionError(self, f"Failed to establish a new connection: {last}")  # type: ignore[arg-type]

    def request(self, *args: Any, **kwargs: Any) -> Any:
        # sent on a socket that has already carried a response (a kept-alive connection)?
        sock = getattr(self, "sock", None)
        current.reused = sock is not None and getattr(self, "_answered_on", None) is sock
        return super().request(*args, **kwargs)  # type: ignore[misc]

    def getresponse(self) -> Any:
        response = self._deadlined_response()
        self._answered_on = getattr(self, "sock", None)
        return response

    def _deadlined_response(self) -> Any:
        deadline: float | None = getattr(current, "deadline", None)
        sock: socket.socket | None = getattr(self, "sock", None)
        track = getattr(current, "track", None)
        if track is not None and sock is not None:
            track(sock)  # the client can cut it (HttpClient.abort)
        if deadline is None or sock is None:
            return super().getresponse()  # type: ignore[misc]
        key = _WATCHDOG.arm(deadline, lambda: cut(sock))
        try:
            response = super().getresponse()  # type: ignore[misc]
        except BaseException as exc:
            # urllib3 turns a socket timeout into ReadTimeoutError
            if _WATCHDOG.disarm(key) and isinstance(exc, Exception):
                raise TimeoutError("response deadline passed before the headers were complete") from exc
            raise
        if _WATCHDOG.disarm(key):  # headers cut short can still parse: never use them
            response.close()
            raise TimeoutError("response deadline passed before the headers were complete")
        return response


class GuardedAdapter(HTTPAdapter):
    """A requests adapter whose pools build guarded connections."""

    def __init__(self, guard: AddressGuard, extra_ca: str = "", **kwargs: Any) -> None:
        self._guard = guard
        self._extra_ca = extra_ca  # PEM text of fetch.ca_bundle, trusted beside certifi's roots
        super().__init__(**kwargs)

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        if self._extra_ca:  # each connection loads it with certifi's bundle (requests sets that one)
            kwargs["ca_cert_data"] = self._extra_ca
        super().init_poolmanager(*args, **kwargs)
        attrs = {"guard": self._guard, "response_class": FinalResponse}
        http_conn = type("GuardedHTTPConnection", (_GuardedConnectionMixin, HTTPConnection), attrs)
        https_conn = type("GuardedHTTPSConnection", (_GuardedConnectionMixin, HTTPSConnection), attrs)
        self.poolmanager.pool_classes_by_scheme = {
            "http": type("GuardedHTTPPool", (HTTPConnectionPool,), {"ConnectionCls": http_conn}),
            "https": type("GuardedHTTPSPool", (HTTPSConnectionPool,), {"ConnectionCls": https_conn}),
        }


def dropped_unanswered(exc: BaseException) -> bool:
    """The server had closed the connection: the request could not be sent (a broken pipe), or
    the answer was an orderly close without a byte. Not a reset (RST): a server that resets the
    requests it reads fails them, and each is sent once per attempt."""
    cause = root_cause(exc)
    return isinstance(cause, (http.client.RemoteDisconnected, BrokenPipeError))
