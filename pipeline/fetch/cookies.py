"""Per-host cookie jars kept under the size servers accept in a request.

A crawler asks a site for far more pages in one session than a reader does. A site that sets a
cookie per page viewed (``viewed_123=...``, a tracker's per-path cookie) makes the ``Cookie``
header grow with every page, and past the server's limit on a request header line (8 KB by
default in nginx and Apache) every later page of the site was "400 Request Header Or Cookie Too
Large". So the jar keeps the cookies set last within :data:`JAR_BUDGET_BYTES` and forgets the
ones set longest ago, and a cookie larger than browsers keep is not kept.
"""

from __future__ import annotations

from http.cookiejar import CookieJar

# RFC 6265 6.1: a user agent keeps cookies of at least 4096 bytes (name, value and attributes);
# browsers drop a larger one, and so does the jar.
MAX_COOKIE_BYTES = 4096
# What the Cookie header may hold: under the 8 KB request-header line nginx
# (large_client_header_buffers) and Apache (LimitRequestFieldSize 8190) accept by default, with
# room for the header's name and separators.
JAR_BUDGET_BYTES = 6144

CookieKey = tuple[str, str, str]  # domain, path, name


class CookieOrder:
    """When each cookie of one host's jar was set, oldest first, to forget those first."""

    def __init__(self) -> None:
        self._order: dict[CookieKey, None] = {}

    def after_response(self, jar: CookieJar, before: dict[CookieKey, str | None]) -> None:
        """Note the cookies the response set or changed (``before``: :func:`snapshot` taken
        before it was read), then trim the jar to its budget."""
        for cookie in list(jar):
            key = (cookie.domain, cookie.path, cookie.name)
            size = len(cookie.name) + len(cookie.value or "")
            if size > MAX_COOKIE_BYTES:
                jar.clear(*key)
                self._order.pop(key, None)
            elif key not in before or before[key] != cookie.value:
                self._order.pop(key, None)
                self._order[key] = None  # set now: the newest
        sizes = {(c.domain, c.path, c.name): len(c.name) + len(c.value or "") + 2 for c in jar}
        self._order = {key: None for key in self._order if key in sizes}  # expired or cleared: gone
        total = sum(sizes.values())
        for key in list(self._order):
            if total <= JAR_BUDGET_BYTES:
                break
            jar.clear(*key)
            total -= sizes[key]
            del self._order[key]


def snapshot(jar: CookieJar) -> dict[CookieKey, str | None]:
    """Every cookie of the jar and its value, before a response is read into it."""
    return {(c.domain, c.path, c.name): c.value for c in jar}
