"""Which hosts may be requested, and at which addresses: public (globally routable) ones only.

A notes folder is untrusted input; without this guard ``noteatlas check`` in CI would probe the
runner's own network (cloud metadata at 169.254.169.254 or 100.100.100.200, services on
localhost ...). The guard resolves each host once per run and the connection goes to the addresses
it vetted (``noteatlas.linkcheck.transport``), so a name cannot answer a public address to the
check and a private one to the connection (DNS rebinding). It runs on every hop, redirects
included.
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

_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")  # well-known NAT64 prefix: IPv4 in the low bits
# Not globally reachable, yet "global" for Python 3.11: 6to4 (RFC 7526), IPv4-compatible (RFC
# 4291), local-use NAT64 (RFC 8215), documentation (RFC 9637), SRv6 SIDs (RFC 9602); site-local
# (RFC 3879) is ``is_site_local``.
_REFUSED_V6 = tuple(
    ipaddress.IPv6Network(n)
    for n in ("2002::/16", "::/96", "64:ff9b:1::/48", "3fff::/20", "5f00::/16")
)


class AddressRefused(OSError):
    """A host resolves to an address that must not be requested; the message says which."""


def system_resolve(host: str) -> list[str]:
    """The addresses the system resolver gives for a host (IP literals resolve to themselves)."""
    with contextlib.suppress(UnicodeError):  # if it fails, getaddrinfo says what is wrong
        host = host.encode("idna").decode("ascii")  # 中文.example -> xn--fiq228c.example
    infos = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv4-mapped or NAT64 address reaches, or None."""
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address in _NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFF_FFFF)
    return None


def is_public(address: IPAddress) -> bool:
    """True for globally routable unicast addresses; a wrapped IPv4 address is judged by itself.

    ``is_global`` alone is not enough on Python 3.11: it is true for fec0::/10, 2002::/16,
    64:ff9b::/96 around any IPv4 address, and for multicast.
    """
    if isinstance(address, ipaddress.IPv6Address):
        inner = embedded_ipv4(address)
        if inner is not None:
            return is_public(inner)
        if address.is_site_local or any(address in net for net in _REFUSED_V6):
            return False
    return address.is_global and not address.is_multicast


class AddressGuard:
    """Resolves and vets each host once per run; the connection uses what it vetted."""

    def __init__(self, config: CheckConfig, resolve: Resolver | None = None) -> None:
        self._allow_all = config.allow_private
        self._allowed = [ipaddress.ip_network(n, strict=False) for n in config.allowed_networks]
        self._resolve = resolve or system_resolve
        self._lock = threading.Lock()
        self._verdicts: dict[str, tuple[tuple[str, ...], str | None]] = {}
        self._public: dict[str, bool] = {}

    def addresses(self, host: str) -> tuple[str, ...]:
        """The addresses to connect to for ``host`` (a URL's host name or IP literal).

        The first answer for a host is kept for the run, so every hop and every connection to it
        goes where the check looked. Raises ``AddressRefused`` when the host may not be requested
        and ``OSError`` when it does not resolve (not remembered: the next hop asks again).
        """
        key = host.strip("[]").lower()
        with self._lock:
            verdict = self._verdicts.get(key)
        if verdict is None:
            fresh = self._judge(key)
            with self._lock:
                verdict = self._verdicts.setdefault(key, fresh)  # two threads asked: one answer
        addresses, refusal = verdict
        if refusal is not None:
            raise AddressRefused(refusal)
        return addresses

    def vetted(self, host: str) -> bool:
        """True when ``host`` has been resolved and judged already (no lookup needed)."""
        return host.strip("[]").lower() in self._verdicts

    def refusal(self, host: str) -> str | None:
        """Why a host must not be requested, or None when it may be.

        Raises ``OSError`` when the name does not resolve (the caller reports it unreachable).
        """
        try:
            self.addresses(host)
        except AddressRefused as exc:
            return str(exc)
        return None

    def is_public(self, host: str) -> bool:
        """True when every address vetted for ``host`` is public (False before it is vetted)."""
        key = host.strip("[]").lower()
        known = self._public.get(key)  # asked for every answer: no lock (verdicts only grow)
        if known is None:
            verdict = self._verdicts.get(key)
            if verdict is None:
                return False
            addresses = verdict[0]
            known = all(is_public(ipaddress.ip_address(a.split("%", 1)[0])) for a in addresses)
            self._public[key] = known
        return known

    def _judge(self, host: str) -> tuple[tuple[str, ...], str | None]:
        try:
            answers = tuple(self._resolve(host))
            parsed = [ipaddress.ip_address(a.split("%", 1)[0]) for a in answers]
        except UnicodeError as exc:  # an unencodable international name
            raise OSError(f"invalid host name {host!r}: {exc}") from None
        except ValueError as exc:
            raise OSError(f"resolver returned a bad address for {host!r}: {exc}") from None
        if not answers:
            raise OSError(f"no address for {host!r}")
        if self._allow_all:
            return answers, None
        for raw, address in zip(answers, parsed, strict=True):
            if not is_public(address) and not self._in_allowed(address):
                why = f"{host} resolves to {raw}, not a public address (use --allow-private)"
                return answers, why
        return answers, None

    def _in_allowed(self, address: IPAddress) -> bool:
        inner = embedded_ipv4(address) if isinstance(address, ipaddress.IPv6Address) else None
        return any(a in net for net in self._allowed for a in (address, inner) if a is not None)
