"""One HTTP GET, done safely: guarded connections, timeouts, a deadline and a capped, streamed body.

* A pooled :class:`requests.Session` shared by the fetcher's threads (urllib3 pools are
  thread-safe), with an adapter whose connections connect only to addresses the
  :class:`~pipeline.fetch.guard.AddressGuard` approved (that is what stops a request to a
  forbidden address); the peer address of every response is checked again as a second line.
  The environment is not trusted (no proxies, no .netrc credentials) and TLS certificates are
  always verified.
* Redirects are not followed here (the fetcher follows them hop by hop, re-checking each).
* Cookies are kept per host name: a cookie set by one host is never sent to another, and each
  host's jar stays within a budget (:mod:`pipeline.fetch.cookies`).
* Every response has a deadline (``timeout_s`` from when the request is sent). Socket timeouts
  only bound each read, so a server sending its status line and headers a byte at a time would
  never trip them: while the headers are awaited a watchdog (:mod:`pipeline.deadlines`) cuts
  the socket when the deadline passes. The body is then read raw (``read1``, one socket read at a time, each read's
  timeout no later than the deadline) and decoded by the bounded decoders of
  :mod:`pipeline.codings`; reading stops past ``max_bytes`` of *decoded* body, or past
  ``max_bytes + WIRE_SLACK`` bytes *on the wire* (too_large: a body of empty deflate blocks, or a
  small gzip page followed by endless trailing bytes, decodes to nothing but would otherwise be
  kept whole for the archive), or past the deadline (timeout), whichever comes first.

Errors before a response exists raise :class:`FetchError`; trouble while reading the body is
reported on the returned :class:`Response` (``failure``), which still carries what was read.
The connections themselves (the guard, the headers' watchdog, reuse) are
:mod:`pipeline.fetch.connections`'s.
"""

from __future__ import annotations

import datetime as dt
import socket
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import requests
import urllib3
from requests.cookies import RequestsCookieJar, extract_cookies_to_jar
from urllib3.exceptions import ConnectTimeoutError, NewConnectionError

from pipeline.codings import (
    READ_CHUNK,
    WIRE_SLACK,
    BodyDecoder,
    CutShort,
    DecodeError,
    chunked_framing,
    declared_length,
)
from pipeline.crashpoints import crash_point
from pipeline.fetch.connections import GuardedAdapter, current, cut, dropped_unanswered
from pipeline.fetch.cookies import CookieOrder, snapshot
from pipeline.fetch.failures import Dropped, FetchError, body_error, cause_text, in_chain, send_error
from pipeline.fetch.guard import AddressGuard, BlockedAddress
from pipeline.fetch.urls import without_credentials
from pipeline.records import HttpExchange, Outcome, utcnow

# warcio (reading our archive back) cannot decode brotli with brotli >= 1.2, so only gzip and
# deflate are asked for; a server sending brotli anyway is still decoded (and archived decoded).
ACCEPT_ENCODING = "gzip, deflate"
_HTTP_VERSIONS = {9: "HTTP/0.9", 10: "HTTP/1.0", 11: "HTTP/1.1", 20: "HTTP/2"}


@dataclass(slots=True)
class Response:
    """A response, its decoded body (capped) and, if reading stopped early, why."""

    exchange: HttpExchange
    body: bytes
    elapsed_s: float
    failure: Outcome | None = None
    error: str | None = None
    # the same request sent before on a kept-alive connection the server had closed (see _send)
    dropped: list[Dropped] = field(default_factory=list)

    @property
    def status(self) -> int:
        return self.exchange.status

    def header(self, name: str) -> str | None:
        lower = name.lower()
        values = [v for k, v in self.exchange.response_headers if k.lower() == lower]
        return ", ".join(values) if values else None

    def headers_dict(self) -> dict[str, str]:
        merged: dict[str, str] = {}
        for key, value in self.exchange.response_headers:
            merged[key] = f"{merged[key]}, {value}" if key in merged else value
        return merged


def _deny_all_jar() -> RequestsCookieJar:
    from http.cookiejar import DefaultCookiePolicy

    jar = RequestsCookieJar()
    jar.set_policy(DefaultCookiePolicy(allowed_domains=[]))
    return jar


class _OwnRedirects(requests.Session):
    """A session that never works out where a redirect goes: the fetcher follows each hop itself
    (the address guard, robots.txt and the loop check per hop, ``Fetcher._follow``).

    With ``allow_redirects=False`` requests still builds the next request for ``Response.next``,
    reading the Location as UTF-8: a Location in Latin-1 bytes (``/caf\xe9``) raised
    UnicodeDecodeError there, and the page that answered it was ``invalid_url`` "invalid URL:
    'utf-8' codec can't decode byte 0xe9", its redirect never followed."""

    def get_redirect_target(self, resp: requests.Response) -> str | None:
        return None


class HttpClient:
    """Sends GET requests for the fetcher; one per Fetcher, shared by its threads."""

    def __init__(
        self,
        guard: AddressGuard,
        user_agent: str,
        connect_timeout_s: float,
        timeout_s: float,
        pool_connections: int,
        pool_maxsize: int,
        ca_bundle: str = "",
    ) -> None:
        self._guard = guard
        self._user_agent = user_agent
        self._connect_timeout = connect_timeout_s
        self._timeout = timeout_s
        session = _OwnRedirects()
        session.trust_env = False  # no proxy (it would bypass the guard), no .netrc credentials
        session.verify = True
        session.cookies = _deny_all_jar()  # cookies live in per-host jars below
        extra_ca = Path(ca_bundle).read_text(encoding="ascii", errors="replace") if ca_bundle else ""
        adapter = GuardedAdapter(
            guard, extra_ca=extra_ca, pool_connections=pool_connections, pool_maxsize=pool_maxsize, max_retries=0
        )
        session.mount("http://", adapter)
        session.mount("https://", adapter)
        self._session = session
        self._jars: dict[str, RequestsCookieJar] = {}
        self._cookie_orders: dict[str, CookieOrder] = {}
        self._jars_lock = threading.Lock()
        self._inflight: dict[int, socket.socket] = {}  # thread id -> socket of its request
        self._aborted = False

    def close(self) -> None:
        self._session.close()

    def abort(self) -> None:
        """Cut every request in flight and refuse new ones (the run was interrupted).

        A blocked read returns at once: a slow server cannot hold Ctrl-C for a read timeout.
        """
        with self._jars_lock:
            self._aborted = True
            sockets = list(self._inflight.values())
        for sock in sockets:
            cut(sock)

    def _track(self, sock: socket.socket) -> None:
        with self._jars_lock:
            self._inflight[threading.get_ident()] = sock
            aborted = self._aborted
        if aborted:
            cut(sock)

    def _jar(self, host: str) -> RequestsCookieJar:
        with self._jars_lock:
            self._cookie_orders.setdefault(host, CookieOrder())
            return self._jars.setdefault(host, RequestsCookieJar())

    def get(
        self, url: str, extra_headers: dict[str, str], max_bytes: int, accept: str = "*/*", partial: bool = False
    ) -> Response:
        """GET ``url`` (no redirects followed). Raises FetchError when there is no response.

        ``partial``: a body over ``max_bytes`` is still read up to the cap (robots.txt and
        sitemaps are parsed as far as they go), even when Content-Length announces more.
        """
        if self._aborted:
            raise FetchError(Outcome.CONNECTION_ERROR, "not sent: the run was interrupted")
        host = (urlsplit(url).hostname or "").lower()
        headers = {"User-Agent": self._user_agent, "Accept": accept, "Accept-Encoding": ACCEPT_ENCODING}
        headers.update(extra_headers)
        try:
            prepared = requests.Request("GET", url, headers=headers).prepare()
        except (requests.exceptions.RequestException, ValueError, UnicodeError) as exc:
            raise FetchError(Outcome.INVALID_URL, f"invalid URL: {exc}") from None
        jar = self._jar(host)
        with self._jars_lock:  # the jar is trimmed under this lock (CookieOrder) as others read it
            prepared.prepare_cookies(jar)
        fetched_at = utcnow()
        started = time.monotonic()
        deadline = started + self._timeout
        current.deadline, current.track = deadline, self._track
        dropped: list[Dropped] = []
        try:
            resp = self._send(prepared, deadline, dropped)
        except BlockedAddress as exc:
            raise FetchError(Outcome.BLOCKED_ADDRESS, str(exc)) from None
        except Exception as exc:  # a deadline cut while awaiting headers arrives as ReadTimeout
            error = send_error(exc, url, self._connect_timeout, self._timeout)
            if not in_chain(exc, (ConnectTimeoutError, NewConnectionError, requests.exceptions.ConnectTimeout)):
                error.sent = (_sent_headers(url, prepared), fetched_at)
            error.dropped = dropped
            raise error from None
        finally:
            current.deadline = current.track = current.reused = None
        try:
            with self._jars_lock:  # one host's pages may be in flight on several threads
                before = snapshot(jar)
                extract_cookies_to_jar(jar, prepared, resp.raw)
                self._cookie_orders[host].after_response(jar, before)
            result = self._read(resp, url, prepared, fetched_at, started, deadline, max_bytes, partial)
            result.dropped = dropped
            return result
        finally:
            resp.close()
            with self._jars_lock:
                self._inflight.pop(threading.get_ident(), None)

    def _send(self, prepared: requests.PreparedRequest, deadline: float, dropped: list[Dropped]) -> requests.Response:
        """Send the request; sent again once, at once, on a new connection when a kept-alive one
        was closed by the server without a byte of answer.

        A server closes an idle kept-alive connection when its own timeout says so; a request
        sent just then meets the close ("closed the connection without a response", a broken
        pipe) through no fault of the page. Browsers send such a GET again on a new connection, and so
        does this: it is no retry (no backoff, not counted), and only on a reused connection, so
        a server that drops every request still fails it with its reason. Each request so dropped
        is added to ``dropped`` (what was sent, when, the reason), for the archive.
        """
        while True:
            current.reused = False
            sent_at = utcnow()
            try:
                return self._session.send(
                    prepared,
                    stream=True,
                    allow_redirects=False,
                    verify=True,
                    proxies={},
                    timeout=(self._connect_timeout, self._timeout),
                )
            except requests.exceptions.ConnectionError as exc:
                if not (current.reused and dropped_unanswered(exc)) or self._aborted or time.monotonic() >= deadline:
                    raise
                url = prepared.url or ""
                dropped.append(Dropped(_sent_headers(url, prepared), sent_at, cause_text(exc)))

    def _read(
        self,
        resp: requests.Response,
        url: str,
        prepared: requests.PreparedRequest,
        fetched_at: dt.datetime,
        started: float,
        deadline: float,
        max_bytes: int,
        partial: bool = False,
    ) -> Response:
        raw: urllib3.HTTPResponse = resp.raw
        conn = raw.connection
        sock = getattr(conn, "sock", None)
        peer_ip = _peer_ip(sock)
        host = (urlsplit(url).hostname or "").lower()
        if peer_ip is not None and not self._guard.permits(host, peer_ip):  # belt and braces
            raw.close()
            raise FetchError(Outcome.BLOCKED_ADDRESS, f"{host}: connected peer {peer_ip} is not allowed")
        exchange = HttpExchange(
            url=without_credentials(url),
            request_headers=_sent_headers(url, prepared),
            status=resp.status_code,
            reason=resp.reason or "",
            protocol=_HTTP_VERSIONS.get(getattr(raw, "version", 11), "HTTP/1.1"),
            response_headers=list(raw.headers.items()),
            payload=b"",
            fetched_at=fetched_at,
            peer_ip=peer_ip,
        )
        result = Response(exchange, b"", 0.0)
        crash_point("fetch")
        body = _BodyReader(raw, sock, deadline, self._timeout, max_bytes, partial).read(result)
        if result.failure is not None:
            raw.close()  # the connection holds unread data: do not return it to the pool
        else:
            if sock is not None:
                sock.settimeout(self._timeout)
            raw.release_conn()
        exchange.payload, exchange.decoded = body
        result.body = exchange.decoded
        result.elapsed_s = time.monotonic() - started
        return result


class _BodyReader:
    """Reads one body raw, one socket read at a time, decoding as it goes, within cap and deadline."""

    def __init__(
        self,
        raw: urllib3.HTTPResponse,
        sock: socket.socket | None,
        deadline: float,
        timeout: float,
        cap: int,
        partial: bool = False,
    ) -> None:
        self._raw, self._sock, self._deadline, self._timeout, self._cap = raw, sock, deadline, timeout, cap
        self._partial = partial

    def read(self, result: Response) -> tuple[bytes, bytes]:
        """(payload as on the wire, decoded body up to cap + 1); sets ``result.failure`` on trouble."""
        raw, exchange = self._raw, result.exchange
        payload, body = bytearray(), bytearray()
        try:
            decoder = BodyDecoder(raw.headers.get("Content-Encoding"))
        except DecodeError as exc:
            result.failure, result.error = Outcome.DECODE_ERROR, str(exc)
            return b"", b""
        declared = declared_length(raw.headers.get("Content-Length"))
        if (
            declared is not None
            and declared > self._cap
            and not raw.headers.get("Content-Encoding")
            and not self._partial
        ):
            result.failure, result.error = (
                Outcome.TOO_LARGE,
                f"Content-Length {declared} over {self._cap} bytes",
            )
            exchange.truncated = "length"
            return b"", b""
        while result.failure is None:
            remaining = self._deadline - time.monotonic()
            if remaining <= 0:
                result.failure, result.error, exchange.truncated = (
                    Outcome.TIMEOUT,
                    "response deadline passed",
                    "time",
                )
                break
            if self._sock is not None:
                self._sock.settimeout(min(self._timeout, remaining))
            try:
                chunk = raw.read1(READ_CHUNK, decode_content=False)
            except (urllib3.exceptions.ReadTimeoutError, TimeoutError):
                result.failure, result.error, exchange.truncated = Outcome.TIMEOUT, "read timed out", "time"
                break
            except (urllib3.exceptions.HTTPError, OSError) as exc:
                result.failure, exchange.truncated = Outcome.CONNECTION_ERROR, "disconnect"
                result.error = body_error(exc)
                break
            payload.extend(chunk)
            if len(payload) > self._cap + WIRE_SLACK:
                del payload[self._cap + WIRE_SLACK :]
                result.failure, exchange.truncated = Outcome.TOO_LARGE, "length"
                result.error = f"over {self._cap + WIRE_SLACK} bytes on the wire"
                break
            try:
                for piece in decoder.feed(chunk) if chunk else decoder.flush():
                    if len(body) + len(piece) > self._cap:
                        body.extend(piece[: self._cap + 1 - len(body)])
                        result.failure, result.error = Outcome.TOO_LARGE, f"body over {self._cap} bytes"
                        exchange.truncated = "length"
                        break
                    body.extend(piece)
            except CutShort as exc:
                if _framed(raw.headers):  # the body came whole as framed: the server sent it cut
                    result.failure, result.error = Outcome.DECODE_ERROR, str(exc)
                else:  # the end of the connection is the end of the body: it closed too early
                    result.failure, exchange.truncated = Outcome.CONNECTION_ERROR, "disconnect"
                    result.error = f"connection closed {len(payload)} bytes into the body: {exc}"
            except DecodeError as exc:
                result.failure, result.error = Outcome.DECODE_ERROR, str(exc)
            if not chunk:
                break
        return bytes(payload), bytes(body)


# Request headers that carry secrets (credentials from a user:pass@ URL, cookies a site set):
# sent, but never written to the archive.
SECRET_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie"})


def _sent_headers(url: str, prepared: requests.PreparedRequest) -> list[tuple[str, str]]:
    """The request headers as sent, Host first, without the secret ones (for the archive)."""
    sent = [
        (str(k), v if isinstance(v, str) else v.decode("latin-1"))
        for k, v in prepared.headers.items()
        if str(k).lower() not in SECRET_HEADERS
    ]
    return [("Host", urlsplit(url).netloc.rsplit("@", 1)[-1]), *sent]


def _framed(headers: Any) -> bool:
    """Whether the body's end is announced (Content-Length, chunked) rather than the connection's end."""
    framed = chunked_framing(headers.get("Transfer-Encoding"))
    return framed or declared_length(headers.get("Content-Length")) is not None


def _peer_ip(sock: socket.socket | None) -> str | None:
    try:
        return str(sock.getpeername()[0]) if sock is not None else None
    except OSError:
        return None
