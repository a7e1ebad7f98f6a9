"""What went wrong before a response came: the outcome, and one short line that says why.

requests and urllib3 wrap the operating system's error several times over ("HTTPConnectionPool(
host='127.0.0.9', port=8080): Max retries exceeded with url: /page (Caused by NewConnectionError(
'<...GuardedHTTPConnection object at 0x7f...>: Failed to establish a new connection: [Errno 111]
Connection refused'))"). The fetch log and the run summary need the part a person can act on:
what happened, to which endpoint, which setting bounds it ("[Errno 111] Connection refused"
for a page of that host, "example.org:443 did not accept a connection within 10 s
(fetch.connect_timeout_s)").
"""

from __future__ import annotations

import datetime as dt
import http.client
import re
import socket
import ssl
from dataclasses import dataclass
from urllib.parse import urlsplit

import requests
import urllib3

from pipeline.errors import PageError
from pipeline.records import Outcome

_ERRNO = re.compile(r"\[Errno -?\d+\][^'\")\]]*")
_OBJECT = re.compile(r"<[^<>]* object at 0x[0-9a-f]+>:?\s*")
_POOL = re.compile(r"^\w*(?:Pool|Error)\(host='[^']*', port=\d+\):\s*")
# A reason is one readable line: the OS error when there is one, else the message, cut here.
MAX_REASON_CHARS = 160
# How far down a chain of wrapped exceptions is followed: requests wraps urllib3's MaxRetryError,
# which wraps a NewConnectionError or ProtocolError, which wraps the OSError: four levels; the
# bound also ends a chain that loops back on itself.
MAX_WRAPPED_DEPTH = 10


@dataclass(frozen=True, slots=True)
class Dropped:
    """A request sent on a kept-alive connection the server had closed, then sent again on a
    new one (:meth:`pipeline.fetch.http.HttpClient._send`): archived as a request without answer."""

    headers: list[tuple[str, str]]
    sent_at: dt.datetime
    reason: str


class FetchError(PageError):
    """No usable response: the outcome to record, and whether trying again may help."""

    def __init__(self, outcome: Outcome, message: str, retryable: bool = False) -> None:
        super().__init__(message)
        self.outcome = outcome
        self.retryable = retryable
        # Set when the request went out on a connection but no response came back (reset,
        # timeout, broken headers): what was sent and when, for the archive.
        self.sent: tuple[list[tuple[str, str]], dt.datetime] | None = None
        self.dropped: list[Dropped] = []  # sent before on a dropped kept-alive connection


def short_reason(text: str) -> str:
    """One readable line for a network error: "[Errno 111] Connection refused", not urllib3's 300 characters."""
    found = _ERRNO.search(text)
    if found:
        reason = found.group(0).strip()
        return f"host not found ({reason})" if "host not found" in text else reason
    line = _OBJECT.sub("", text.strip().splitlines()[0] if text.strip() else text)
    return _POOL.sub("", line)[:MAX_REASON_CHARS]


def _wrapped(exc: BaseException) -> BaseException | None:
    """What ``exc`` wraps: its cause, else its context, else urllib3's ``reason``."""
    inner = exc.__cause__ or exc.__context__ or getattr(exc, "reason", None)
    return inner if isinstance(inner, BaseException) else None


def in_chain(exc: BaseException, types: tuple[type[BaseException], ...]) -> bool:
    """True if ``exc`` or anything it wraps (cause, context, urllib3 ``reason``) is one of ``types``."""
    current: BaseException | None = exc
    for _ in range(MAX_WRAPPED_DEPTH):
        if current is None:
            return False
        if isinstance(current, types):
            return True
        current = _wrapped(current)
    return False


def root_cause(exc: BaseException) -> BaseException:
    """The innermost exception ``exc`` wraps (at most ``MAX_WRAPPED_DEPTH`` levels down)."""
    for _ in range(MAX_WRAPPED_DEPTH):
        inner = _wrapped(exc)
        if inner is None:
            break
        exc = inner
    return exc


def _where(url: str) -> str:
    """``host:port`` of the URL, as the error concerns that endpoint."""
    try:
        parts = urlsplit(url)
        port = parts.port or {"https": 443}.get(parts.scheme, 80)
        return f"{parts.hostname or '?'}:{port}"
    except ValueError:
        return "?"


def cause_text(exc: BaseException) -> str:
    """The innermost error in one line: the OS error with its number, else a short message."""
    cause = root_cause(exc)
    if isinstance(cause, http.client.RemoteDisconnected):
        return "closed the connection without a response"
    if isinstance(cause, http.client.BadStatusLine):  # an HTTP/0.9 body, a status 000, garbage
        return f"malformed response: status line {str(cause.args[0] if cause.args else '')[:60]!r}"
    if isinstance(cause, http.client.HTTPException):  # a header line over 64 KiB, over 100 headers
        return f"malformed response: {short_reason(str(cause) or type(cause).__name__)}"
    if isinstance(cause, OSError) and cause.errno is not None and cause.strerror:
        return f"[Errno {cause.errno}] {cause.strerror}"
    return short_reason(str(cause) or type(cause).__name__)


def body_error(exc: BaseException) -> str:
    """One line for a body that broke off: how much came of how much was announced, or the framing fault."""
    cause = root_cause(exc)
    if isinstance(cause, http.client.IncompleteRead):  # urllib3's own counts in ints, http.client's keeps bytes
        got = cause.partial if isinstance(cause.partial, int) else len(cause.partial)
        if cause.expected:
            return f"connection closed {got} bytes into the body, {cause.expected} more announced (Content-Length)"
        return "connection closed before the end of the body"
    if isinstance(cause, ValueError) and "base 16" in str(cause):
        if str(cause).endswith(": b''"):  # no size line at all: the stream ended between chunks
            return "connection closed before the end of the body (chunked, no last chunk)"
        return "malformed chunked encoding (a chunk size that is not a hex number)"
    return f"connection broken while reading body: {short_reason(str(cause) or type(cause).__name__)}"


# How a connect timeout's reason starts: the host accepted no connection (a host-wide failure).
CONNECT_TIMEOUT_REASON = "connect timeout"


def _handshake_timed_out(exc: BaseException) -> bool:
    """The TLS handshake did not finish in time (a server that accepts and then stalls)."""
    cause = root_cause(exc)
    return isinstance(cause, TimeoutError) and "handshake" in str(cause)


# OpenSSL's verify code for a certificate whose validity starts after the moment this machine's
# clock says (X509_V_ERR_CERT_NOT_YET_VALID): certificates are issued valid from about their
# issue, so it is nearly always this machine's clock that is behind (a dead RTC battery, a VM
# restored from a snapshot), and then every https site fails so, before any HTTP Date is read.
CERT_NOT_YET_VALID = 9


def send_error(exc: Exception, url: str, connect_timeout_s: float, timeout_s: float) -> FetchError:
    """Map a requests/urllib3 exception raised before any response to an outcome and one short line."""
    where = _where(url)
    if isinstance(exc, requests.exceptions.SSLError):
        cause = root_cause(exc)
        if isinstance(cause, ssl.SSLCertVerificationError):
            if cause.verify_code == CERT_NOT_YET_VALID:  # said first: a reason is cut at MAX_REASON_CHARS
                # no time in it: a reason groups identical failures across runs (it named the
                # minute, so each run's rows differed); the row's fetched_at is that clock's time
                return FetchError(
                    Outcome.CONNECTION_ERROR,
                    f"TLS certificate of {where} not yet valid at this machine's clock (the row's fetched_at): "
                    "if the clock is behind, set it (NTP); verification stays on",
                )
            why = f"{cause.reason or 'CERTIFICATE_VERIFY_FAILED'}: {cause.verify_message or 'not trusted'}"
            return FetchError(
                Outcome.CONNECTION_ERROR, f"TLS certificate of {where} refused ({why}); verification stays on"
            )
        return FetchError(Outcome.CONNECTION_ERROR, f"TLS handshake with {where} failed: {cause_text(exc)}")
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return FetchError(
            Outcome.TIMEOUT,
            f"{CONNECT_TIMEOUT_REASON}: {where} did not accept a connection within {connect_timeout_s:g} s "
            "(fetch.connect_timeout_s)",
            retryable=True,
        )
    if isinstance(exc, requests.exceptions.ReadTimeout) and _handshake_timed_out(exc):
        # urllib3 reports it as a read timeout, but the handshake runs under the connect timeout
        # (CPython gives it one deadline): "sent none within 30 s (fetch.timeout_s)" named the wrong key
        return FetchError(
            Outcome.TIMEOUT,
            f"TLS handshake with {where} did not finish within {connect_timeout_s:g} s (fetch.connect_timeout_s)",
        )
    if isinstance(exc, requests.exceptions.ReadTimeout):
        return FetchError(
            Outcome.TIMEOUT, f"no response in time: {where} sent none within {timeout_s:g} s (fetch.timeout_s)"
        )
    if isinstance(exc, requests.exceptions.InvalidHeader) or in_chain(exc, (urllib3.exceptions.InvalidHeader,)):
        # the server's headers contradict themselves (two different Content-Lengths): not our URL
        return FetchError(Outcome.CONNECTION_ERROR, f"malformed response: {short_reason(str(exc))}")
    if isinstance(exc, (requests.exceptions.InvalidURL, requests.exceptions.InvalidSchema, ValueError)):
        return FetchError(Outcome.INVALID_URL, f"invalid URL: {short_reason(str(exc))}")
    if isinstance(exc, requests.exceptions.ConnectionError):
        cause = root_cause(exc)
        if isinstance(cause, socket.gaierror) and cause.errno in (
            socket.EAI_NONAME,
            getattr(socket, "EAI_NODATA", -5),
        ):
            return FetchError(Outcome.CONNECTION_ERROR, f"host not found: {cause}")
    # the page's row names the host; the OS error is the reason ("[Errno 111] Connection refused")
    return FetchError(Outcome.CONNECTION_ERROR, cause_text(exc)[:MAX_REASON_CHARS], retryable=True)
