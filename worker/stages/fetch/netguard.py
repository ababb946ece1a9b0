"""The address guard for outgoing fetches: only public addresses are ever connected to.

The check runs inside the connection itself (`GuardedBackend.connect_tcp`, an httpcore
network backend), on the addresses `socket.getaddrinfo` returned, and the socket is then
opened to that checked IP literal. So a DNS answer that changes between a check and the
connect (rebinding) or a redirect to an internal host cannot slip past it; TLS still uses
the URL's hostname (httpcore passes the origin host as `server_hostname`).

A name is refused if ANY of its addresses is not public. `allow` networks are exempt.
The backend also enforces one monotonic deadline on every connect, read and write.

Errors raised here are plain exceptions (`BlockedAddress`, `ResolveError`); the fetch
stage translates them into the project's errors.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from collections.abc import Iterable
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network
from typing import Any

import httpcore

IPAddress = IPv4Address | IPv6Address
IPNetwork = IPv4Network | IPv6Network

_SHARED = IPv4Network("100.64.0.0/10")  # carrier-grade NAT (RFC 6598)
_NAT64 = IPv6Network("64:ff9b::/96")  # well-known NAT64 prefix, embeds a v4 address
_PERMANENT_DNS = {socket.EAI_NONAME, getattr(socket, "EAI_NODATA", socket.EAI_NONAME)}


class BlockedAddress(Exception):
    """The destination resolved to an address that is not public (and not allowed)."""


class ResolveError(Exception):
    """Name resolution failed; `temporary` says whether trying again later may help."""

    def __init__(self, message: str, *, temporary: bool) -> None:
        super().__init__(message)
        self.temporary = temporary


def _is_public_v4(addr: IPv4Address) -> bool:
    special = (
        addr.is_private
        or addr.is_loopback
        or addr.is_link_local
        or addr.is_multicast
        or addr.is_reserved
        or addr.is_unspecified
    )
    return addr.is_global and not special and addr not in _SHARED


def is_public(addr: IPAddress) -> bool:
    """True only for globally routable unicast addresses (stricter than `is_global`)."""
    if isinstance(addr, IPv4Address):
        return _is_public_v4(addr)
    if addr.ipv4_mapped is not None or int(addr) >> 32 == 0:  # ::ffff:a.b.c.d, ::a.b.c.d
        return False
    if addr in _NAT64:  # DNS64 answers: as public as the v4 address they translate to
        return _is_public_v4(IPv4Address(int(addr) & 0xFFFFFFFF))
    if addr.sixtofour is not None and not _is_public_v4(addr.sixtofour):
        return False
    if addr.teredo is not None and not all(_is_public_v4(v4) for v4 in addr.teredo):
        return False
    special = (
        addr.is_private
        or addr.is_loopback
        or addr.is_link_local
        or addr.is_site_local
        or addr.is_multicast
        or addr.is_reserved
        or addr.is_unspecified
    )
    return addr.is_global and not special


class AddressGuard:
    """Resolves a host and checks every answer; built once from `allow_networks`."""

    def __init__(self, allow_networks: Iterable[str] = ()) -> None:
        """Raises ValueError for a string that is not a CIDR."""
        self.allow: tuple[IPNetwork, ...] = tuple(
            ipaddress.ip_network(cidr, strict=False) for cidr in allow_networks
        )

    def permits(self, addr: IPAddress) -> bool:
        return any(addr in net for net in self.allow) or is_public(addr)

    def resolve(self, host: str, port: int) -> list[str]:
        """The IP literals to connect to, in resolver order; raises if any is refused."""
        try:
            answers = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except socket.gaierror as exc:
            temporary = exc.errno not in _PERMANENT_DNS
            raise ResolveError(f"DNS: {exc.strerror}", temporary=temporary) from exc
        except UnicodeError as exc:
            raise ResolveError("DNS: invalid hostname", temporary=False) from exc
        ips: list[str] = []
        for *_, sockaddr in answers:
            ip = str(sockaddr[0])
            if not self.permits(ipaddress.ip_address(ip)):
                raise BlockedAddress(f"{host} resolves to non-public address {ip}")
            if ip not in ips:
                ips.append(ip)
        return ips


def _remaining(deadline: float, timeout: float | None) -> float:
    """The per-operation timeout capped by the deadline; raises once it has passed."""
    left = deadline - time.monotonic()
    if left <= 0:
        raise httpcore.ReadTimeout("total deadline passed")
    return left if timeout is None else min(timeout, left)


class _DeadlineStream(httpcore.NetworkStream):
    """A network stream whose every operation ends by `deadline` (time.monotonic)."""

    def __init__(self, inner: httpcore.NetworkStream, deadline: float) -> None:
        self._inner = inner
        self._deadline = deadline

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, _remaining(self._deadline, timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, _remaining(self._deadline, timeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self, ssl_context: Any, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        inner = self._inner.start_tls(
            ssl_context, server_hostname, _remaining(self._deadline, timeout)
        )
        return _DeadlineStream(inner, self._deadline)

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class GuardedBackend(httpcore.SyncBackend):
    """A SyncBackend that dials only addresses `guard` permits, all before `deadline`."""

    def __init__(self, guard: AddressGuard, deadline: float) -> None:
        self._guard = guard
        self._deadline = deadline

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        error: httpcore.ConnectError | None = None
        for ip in self._guard.resolve(host, port):
            try:
                stream = super().connect_tcp(
                    ip, port, _remaining(self._deadline, timeout), local_address, socket_options
                )
            except httpcore.ConnectError as exc:
                error = exc
                continue
            return _DeadlineStream(stream, self._deadline)
        raise error or httpcore.ConnectError(f"no address for {host}")
