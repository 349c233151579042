"""The SSRF guard: sitroom fetches only http(s) URLs on public addresses.

URLs come from users, from feeds and from the pages feeds point at, so a hostile feed could
point sitroom at the cloud metadata service (169.254.169.254) or at a database on the
operator's network. Every connection goes through ``GuardedBackend``, which resolves the
host name once, refuses the connection unless every address it resolves to is public, and
connects to the very address it checked, so a DNS answer that changes between the check and
the connection (DNS rebinding) gains nothing. Redirects are new requests and go through the
same check. ``allow_private`` (``--allow-private``) lifts the guard for feeds on the
operator's own network and for the tests.
"""

from __future__ import annotations

import ipaddress
import socket
from typing import Any
from urllib.parse import urlsplit

import httpcore

from sitroom.errors import InputError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
SCHEMES = frozenset({"http", "https"})
PRIVATE_HINT = "sitroom fetches only public addresses; pass --allow-private to fetch from your own network"

# Well-known NAT64 prefix: 64:ff9b::a.b.c.d reaches a.b.c.d through a translator.
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")


class BlockedURL(InputError):
    """A URL the guard refuses: not http(s), no host, or a non-public address."""


def literal_address(host: str) -> IPAddress | None:
    """The address a host spelled as an IP literal means, in every spelling the C library accepts.

    ``2130706433``, ``0177.0.0.1``, ``0x7f.1`` and ``127.1`` all mean 127.0.0.1 to
    ``inet_aton`` (and so to the resolver), so they are read the same way here.
    """
    host = host.strip("[]")
    try:
        return ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        pass
    try:
        return ipaddress.IPv4Address(socket.inet_aton(host))
    except (OSError, ValueError):
        return None


def embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address carries: mapped, compatible, 6to4 or NAT64."""
    if ip.ipv4_mapped:
        return ip.ipv4_mapped
    if ip.sixtofour:
        return ip.sixtofour
    if ip in _NAT64:
        return ipaddress.IPv4Address(ip.packed[-4:])
    if ip.packed[:12] == bytes(12) and int(ip) > 1:  # deprecated IPv4-compatible ::a.b.c.d
        return ipaddress.IPv4Address(ip.packed[-4:])
    return None


def is_public(ip: IPAddress) -> bool:
    """True for an address on the public internet: not loopback, private, link-local,
    multicast, reserved, unspecified, shared (CGNAT), documentation, nor an IPv6 address
    that wraps one of those."""
    if isinstance(ip, ipaddress.IPv6Address):
        inner = embedded_ipv4(ip)
        if inner is not None:
            return is_public(inner)
        if ip.teredo:
            return False
    if ip.is_loopback or ip.is_private or ip.is_link_local or ip.is_multicast or ip.is_reserved or ip.is_unspecified:
        return False
    return ip.is_global


def check_url(url: str) -> tuple[str, int]:
    """(host, port) of an http(s) URL; a BlockedURL for any other scheme or no host."""
    try:
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        raise BlockedURL(url, f"is not a valid URL ({exc})", "check the address") from exc
    if parts.scheme.lower() not in SCHEMES:
        raise BlockedURL(url, f"has scheme {parts.scheme or '(none)'!r}; only http and https are fetched", "give an http(s) URL")
    if not parts.hostname:
        raise BlockedURL(url, "has no host name", "give a full URL such as https://example.org/page")
    return parts.hostname, port


def public_addresses(host: str, port: int) -> list[str]:
    """The addresses ``host`` resolves to, all checked public; BlockedURL if any is not.

    Any non-public answer refuses the host: a name resolving to one public and one private
    address would otherwise reach the private one half of the time.
    """
    literal = literal_address(host)
    if literal is not None:
        found = [literal]
    else:
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (OSError, UnicodeError) as exc:
            raise InputError(host, f"cannot be resolved ({exc})", "check the host name and your network") from exc
        found = [ipaddress.ip_address(str(info[4][0]).split("%", 1)[0]) for info in infos]
    for ip in found:
        if not is_public(ip):
            raise BlockedURL(host, f"resolves to {ip}, which is not a public address", PRIVATE_HINT)
    return [str(ip) for ip in found]


class GuardedBackend(httpcore.SyncBackend):
    """httpcore's socket backend, connecting only to the public address it has just checked."""

    def __init__(self, allow_private: bool = False) -> None:
        self.allow_private = allow_private

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
                    socket_options: Any = None) -> httpcore.NetworkStream:
        if not self.allow_private:
            host = public_addresses(host, port)[0]
        return super().connect_tcp(host, port, timeout=timeout, local_address=local_address, socket_options=socket_options)
