"""How the fetcher reads a response's head: as browsers read it, where ``http.client`` is stricter.

* Interim answers (HTTP 1xx: 102 Processing, 103 Early Hints) are skipped to the final one, as
  browsers do; ``http.client`` skips only 100 Continue and took a 103 for the page's answer.
* A status line's protocol name is read in any case (``http/1.1 200 OK``), as browsers and curl
  read it; ``http.client`` refused it as a malformed response. Its version is clamped as
  Chromium clamps it: ``HTTP/2.0`` on an HTTP/1.1 connection (a proxy or a CGI script echoing
  the front end's protocol) is read as HTTP/1.1, ``HTTP/2`` or ``HTTP/1`` (no minor) as HTTP/1.0;
  ``http.client`` failed the page ("malformed response: HTTP/2").
* A body is chunked when "chunked" is its last transfer coding (:func:`~pipeline.codings.chunked_framing`),
  where ``http.client`` wanted the header's whole value to be "chunked", over every
  Transfer-Encoding line (:func:`transfer_codings`), where it read the first.
* A line of the head that is no header (``Set-Cookie : a=b``, a space before the colon; ``X
  Powered By: PHP``; a stray word) is skipped and the headers after it are read, as browsers and
  curl do: ``http.client``'s email parser ended the head there and dropped the rest, the
  Content-Length and Content-Type among them.
"""

from __future__ import annotations

import http.client
import re
from email.errors import MissingHeaderBodySeparatorDefect

from pipeline.codings import chunked_framing, declared_length

# Interim (1xx) answers skipped before a final one: real servers send one or two (103 Early
# Hints, then the page); more is a server looping, failed as a malformed response (the response
# deadline bounds the time it may take anyway).
MAX_INTERIM_RESPONSES = 10
# 101 Switching Protocols answers an Upgrade request, which the fetcher never sends: not interim.
SWITCHING_PROTOCOLS = 101


# Answers that never have a body, whatever their headers say (RFC 9112 6.3).
NO_BODY_STATUSES = frozenset({204, 304})
# A field name (RFC 9110 5.1: a token).
_FIELD_NAME = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")
# http.client's longest header or status line (its _MAXLINE): past it, a malformed response.
MAX_STATUS_LINE = 65536
# The protocol name of a status line, any case (Chromium and curl compare "HTTP/" so); what
# follows is the version http.client reads ("1.1", "1.0", "1.x"...).
_PROTOCOL = re.compile(r"http/", re.IGNORECASE)
# A version past 1.x, or one without its minor number, clamped as Chromium's HttpResponseHeaders
# clamps it: a text status line is HTTP/1.x framing whatever it claims (HTTP/2 and 3 are binary).
# "2.0" and later read as HTTP/1.1; a version without its minor ("HTTP/2", "HTTP/1") as HTTP/1.0,
# whose connection closes after the answer unless it says keep-alive (never a wait on a body).
_CLAMPED_VERSION = re.compile(r"http/(?:[1-9][0-9]*|(?:[2-9]|[1-9][0-9]+)\.[0-9]+)", re.IGNORECASE)


def status_line(line: bytes) -> tuple[str, int, str]:
    """``(version, status, reason)`` of a status line, as http.client reads one but for the
    case of the protocol's name (a server writing ``http/1.1 200 OK`` had every page failed) and
    a version it does not know, clamped as Chromium clamps it (``HTTP/2 200`` failed the page)."""
    text = str(line, "iso-8859-1")
    version, status, reason = [*text.split(None, 2), "", "", ""][:3]
    if not _PROTOCOL.match(version) or not status.isascii() or not status.isdigit() or not 100 <= int(status) <= 999:
        raise http.client.BadStatusLine(text)
    if _CLAMPED_VERSION.fullmatch(version):
        return ("HTTP/1.1" if "." in version else "HTTP/1.0"), int(status), reason
    return "HTTP/" + version[len("HTTP/") :], int(status), reason


class FinalResponse(http.client.HTTPResponse):
    """An ``http.client`` response that reads past interim 1xx answers to the final one, and
    reads a status line's protocol name in any case."""

    def _read_status(self) -> tuple[str, int, str]:
        for _ in range(MAX_INTERIM_RESPONSES + 1):
            version, status, reason = self._status_line()
            if not 100 <= status < 200 or status == SWITCHING_PROTOCOLS:
                return version, status, reason
            http.client._read_headers(self.fp)  # type: ignore[attr-defined]  # an interim answer's headers
        raise http.client.HTTPException(f"more than {MAX_INTERIM_RESPONSES} interim (1xx) answers")

    def begin(self) -> None:
        super().begin()
        recovered = recover_headers(self.msg)
        if recovered or (not self.chunked and chunked_framing(transfer_codings(self.headers))):
            self._frame_body()

    def _frame_body(self) -> None:
        """Where the body ends, decided again from the headers as read here (http.client's rules)."""
        self.chunked, self.chunk_left = chunked_framing(transfer_codings(self.headers)), None
        length = None if self.chunked else declared_length(self.headers.get("Content-Length"))
        self.length = length if length is not None and length >= 0 else None
        if self.status in NO_BODY_STATUSES or 100 <= self.status < 200 or self._method == "HEAD":  # type: ignore[attr-defined]
            self.length = 0
        self.will_close = self._check_close() or (not self.chunked and self.length is None)  # type: ignore[attr-defined]

    def _status_line(self) -> tuple[str, int, str]:
        line = self.fp.readline(MAX_STATUS_LINE + 1)
        if len(line) > MAX_STATUS_LINE:
            raise http.client.LineTooLong("status line")
        if not line:  # closed before a byte of answer: dropped_unanswered() tells it apart
            raise http.client.RemoteDisconnected("Remote end closed connection without response")
        try:
            return status_line(line)
        except http.client.BadStatusLine:
            self._close_conn()  # type: ignore[attr-defined]
            raise


def transfer_codings(message: http.client.HTTPMessage) -> str:
    """Every Transfer-Encoding field line as one list (RFC 9110 5.3: repeated lines combine in
    order, comma-separated), as Chromium reads them: ``http.client`` read the first line only, so
    ``Transfer-Encoding: gzip`` then ``Transfer-Encoding: chunked`` (a proxy or a framework adding
    its own line) was read to the end of a kept-alive connection, which never came: each page
    waited out its deadline, night after night."""
    return ", ".join(message.get_all("Transfer-Encoding") or ())


def recover_headers(message: http.client.HTTPMessage) -> bool:
    """Add to ``message`` the headers the email parser dropped after a line that is no header;
    whether there were any. A name written with spaces before its colon is read without them."""
    if not any(isinstance(defect, MissingHeaderBodySeparatorDefect) for defect in message.defects):
        return False
    rest = message.get_payload()
    if not isinstance(rest, str):
        return False
    fields: list[list[str]] = []
    for line in rest.splitlines():
        if not line.strip():
            break  # the end of the head
        if line[0] in " \t" and fields:  # a folded line continues the field before it
            fields[-1][1] += " " + line.strip()
            continue
        name, colon, value = line.partition(":")
        if colon and _FIELD_NAME.fullmatch(name.strip()):
            fields.append([name.strip(), value.strip()])
    message.set_payload("")
    message.defects[:] = [d for d in message.defects if not isinstance(d, MissingHeaderBodySeparatorDefect)]
    for name, value in fields:
        message[name] = value  # added beside any of the same name, as a repeated header is
    return bool(fields)
