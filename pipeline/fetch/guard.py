"""Address guard (SSRF): never connect to loopback, private, link-local, multicast or reserved addresses.

A crawler follows URLs and redirects written by strangers; without this check a page could send
it to 169.254.169.254 (cloud metadata) or an admin panel on the LAN. The host is resolved here,
before any connection, and the HTTP layer connects only to the addresses this guard approved
(see :mod:`pipeline.fetch.http`), so a DNS answer that changes between check and connect
(rebinding) cannot slip through. ``allow_private`` lists host names, IPs or CIDRs that may be
fetched anyway (tests, intranet crawls).
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
from collections.abc import Iterable
from socket import getaddrinfo

from pipeline.errors import PageError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

# Approved answers are reused for a minute: long enough that a crawl does not resolve the same
# host for every request, short enough to follow a site that moves. Connections only ever go to
# an approved address, so the cache cannot be used to smuggle in a new one.
DNS_CACHE_S = 60.0
# A failed lookup is remembered for five minutes: a host whose DNS never answers costs one
# resolver timeout per run stage, not one per URL (and per retry) of that host.
DNS_FAILURE_CACHE_S = 300.0
# RFC 6761 6.4: names under .invalid never exist, and resolver libraries should say so at once.
# Answered here, without a query: none leaves the machine, and no resolver timeout is paid.
NEVER_RESOLVES = ("invalid",)


class BlockedAddress(PageError):
    """The host resolves only to addresses the guard refuses; no connection was made.

    Deliberately not an OSError, so urllib3 and requests let it through unchanged.
    """


# RFC 6052's well-known NAT64 prefix: on an IPv6-only network with DNS64 (AWS's IPv6-only
# subnets, IPv6-only Kubernetes clusters), every IPv4-only site resolves to 64:ff9b::a.b.c.d and
# is reached through the NAT64 gateway. Python files the prefix under ::/8, "reserved", so every
# such page was refused; the IPv4 address inside it decides instead, as it does for ::ffff:a.b.c.d.
NAT64_PREFIX = ipaddress.IPv6Network("64:ff9b::/96")


def embedded_ipv4(ip: IPAddress) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address stands for, which a connection to it reaches: IPv4-mapped
    (``::ffff:a.b.c.d``), NAT64 (``64:ff9b::a.b.c.d``) or 6to4 (``2002:AABB:CCDD::``, whose
    relay would reach a private a.b.c.d too)."""
    if not isinstance(ip, ipaddress.IPv6Address):
        return None
    if ip in NAT64_PREFIX:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return ip.ipv4_mapped or ip.sixtofour


def address_category(ip: IPAddress) -> str | None:
    """Why this address is refused ("loopback", "private", ...), or None if it is public."""
    ip = embedded_ipv4(ip) or ip
    checks = (
        ("unspecified", ip.is_unspecified),
        ("loopback", ip.is_loopback),
        ("link-local", ip.is_link_local),
        ("multicast", ip.is_multicast),
        ("reserved", ip.is_reserved),
        ("private", ip.is_private),
    )
    for name, hit in checks:
        if hit:
            return name
    if not ip.is_global:  # shared address space (100.64/10), documentation ranges, ...
        return "non-global"
    return None


class AddressGuard:
    """Resolves hosts and returns only the addresses that may be connected to."""

    def __init__(self, allow_private: Iterable[str] = ()) -> None:
        self._hosts: set[str] = set()
        self._networks: list[IPNetwork] = []
        for entry in allow_private:
            text = entry.strip()
            if not text:
                continue
            try:
                self._networks.append(ipaddress.ip_network(text.strip("[]"), strict=False))
            except ValueError:
                self._hosts.add(text.lower().rstrip("."))
        self._cache: dict[tuple[str, int], tuple[float, list[str]]] = {}
        self._failures: dict[str, tuple[float, OSError]] = {}
        self._resolving: dict[str, threading.Lock] = {}
        self._lock = threading.Lock()

    def permits(self, host: str, address: str) -> bool:
        """True if ``address`` (an IP string) may be connected to for ``host``."""
        try:
            ip = ipaddress.ip_address(address.split("%", 1)[0])
        except ValueError:
            return False
        if address_category(ip) is None or host.lower().rstrip(".") in self._hosts:
            return True
        mapped = embedded_ipv4(ip)
        return any(ip in net or (mapped is not None and mapped in net) for net in self._networks)

    def addresses(self, host: str, port: int) -> list[str]:
        """The approved addresses of ``host``, in resolver order.

        Raises BlockedAddress if every address is refused, socket.gaierror if it does not resolve.
        """
        key = (host.lower().strip("[]").rstrip("."), port)
        with self._lock:  # one lookup per host at a time: the others wait for its answer
            host_lock = self._resolving.setdefault(key[0], threading.Lock())
        with host_lock:
            return self._addresses(key)

    def prefer(self, host: str, port: int, address: str) -> None:
        """Try ``address`` first for ``host`` from now on (it answered where the first did not),
        until its resolution expires."""
        key = (host.lower().strip("[]").rstrip("."), port)
        with self._lock:
            cached = self._cache.get(key)
            if cached is not None and address in cached[1]:
                self._cache[key] = (cached[0], [address, *(a for a in cached[1] if a != address)])

    def _addresses(self, key: tuple[str, int]) -> list[str]:
        now = time.monotonic()
        with self._lock:
            cached = self._cache.get(key)
            failed = self._failures.get(key[0])
        if cached is not None and cached[0] > now:
            return cached[1]
        if failed is not None and failed[0] > now:
            error = failed[1]
            raise type(error)(error.errno, f"{error.strerror} (cached: this host failed to resolve earlier)")
        if key[0].rsplit(".", 1)[-1] in NEVER_RESOLVES:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known, a name reserved by RFC 6761")
        try:
            infos = getaddrinfo(key[0], key[1], type=socket.SOCK_STREAM)
        except OSError as exc:  # gaierror: no such host, or a resolver that never answered
            with self._lock:
                self._failures[key[0]] = (time.monotonic() + DNS_FAILURE_CACHE_S, exc)
            raise
        resolved = list(dict.fromkeys(str(info[4][0]) for info in infos))
        approved = [address for address in resolved if self.permits(key[0], address)]
        if not approved:
            first = resolved[0] if resolved else "?"
            try:
                why = address_category(ipaddress.ip_address(first.split("%", 1)[0])) or "refused"
            except ValueError:
                why = "unparseable"
            raise BlockedAddress(f"{key[0]} resolves to {first} ({why}; not in fetch.allow_private)")
        with self._lock:
            self._cache[key] = (now + DNS_CACHE_S, approved)
        return approved
