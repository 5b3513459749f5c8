"""Which hosts may be requested: private, loopback and link-local addresses are off limits.

A notes folder is untrusted input; without this guard ``noteatlas check`` in CI would probe the
runner's own network (cloud metadata at 169.254.169.254, services on localhost ...). The check runs
on the resolved addresses of every hop, redirects included.
"""

from __future__ import annotations

import contextlib
import ipaddress
import socket
import threading
from collections.abc import Callable, Sequence

from noteatlas.linkcheck.config import CheckConfig

#: Resolves a host name to its IP addresses; raises ``OSError`` when the name does not resolve.
Resolver = Callable[[str], Sequence[str]]

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def system_resolve(host: str) -> list[str]:
    """The addresses the system resolver gives for a host (IP literals resolve to themselves)."""
    with contextlib.suppress(UnicodeError):  # if it fails, getaddrinfo says what is wrong
        host = host.encode("idna").decode("ascii")  # 中文.example -> xn--fiq228c.example
    infos = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def is_internal(address: IPAddress) -> bool:
    """True for addresses that are not on the public internet."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_multicast
        or address.is_unspecified
        or address.is_reserved
    )


class AddressGuard:
    """Decides per host whether it may be requested; remembers answers for the run."""

    def __init__(self, config: CheckConfig, resolve: Resolver | None = None) -> None:
        self._allow_all = config.allow_private
        self._allowed = [ipaddress.ip_network(n, strict=False) for n in config.allowed_networks]
        self._resolve = resolve or system_resolve
        self._lock = threading.Lock()
        self._verdicts: dict[str, str | None] = {}

    def refusal(self, host: str) -> str | None:
        """Why a host must not be requested, or None when it may be.

        Raises ``OSError`` when the name does not resolve (the caller reports it as broken).
        """
        if self._allow_all:
            return None
        with self._lock:
            if host in self._verdicts:
                return self._verdicts[host]
        verdict = self._judge(host)
        with self._lock:
            self._verdicts[host] = verdict
        return verdict

    def _judge(self, host: str) -> str | None:
        try:
            addresses = [ipaddress.ip_address(a.split("%", 1)[0]) for a in self._resolve(host)]
        except UnicodeError as exc:  # an unencodable international name
            raise OSError(f"invalid host name {host!r}: {exc}") from None
        except ValueError as exc:
            raise OSError(f"resolver returned a bad address for {host!r}: {exc}") from None
        if not addresses:
            raise OSError(f"no address for {host!r}")
        for address in addresses:
            if is_internal(address) and not any(address in net for net in self._allowed):
                return f"{host} resolves to the private address {address} (use --allow-private)"
        return None
