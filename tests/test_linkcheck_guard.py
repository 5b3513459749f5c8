"""The address guard: what may be requested, on every hop, at the address that was checked."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from httpfaults import FaultServer, fast_config, html, redirect
from hypothesis import given
from hypothesis import strategies as st

from noteatlas.linkcheck.addresses import AddressGuard, is_public
from noteatlas.linkcheck.results import LinkStatus
from noteatlas.linkcheck.scheduler import check_urls


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    # A proxy from the environment would intercept requests meant for 127.0.0.x.
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("all_proxy", raising=False)


@pytest.fixture(scope="module")
def server() -> Iterator[FaultServer]:
    with FaultServer("127.0.0.1") as srv:
        yield srv


# -- which addresses are public ------------------------------------------------------------

INTERNAL = [
    "100.100.100.200",  # 100.64.0.0/10, shared address space (a cloud metadata service)
    "100.64.0.1",
    "169.254.169.254",
    "10.1.2.3",
    "192.168.1.1",
    "172.16.0.1",
    "192.0.0.170",
    "198.18.0.1",
    "224.0.0.251",  # multicast
    "240.0.0.1",
    "255.255.255.255",
    "0.0.0.0",
    "fec0::1",  # deprecated site-local
    "fc00::1",
    "fe80::1",
    "ff02::1",  # link-local multicast, "global" for Python 3.11
    "2002:7f00:1::",  # 6to4 around 127.0.0.1
    "2002:808:808::1",  # 6to4 at all (RFC 7526 deprecated it; not globally reachable)
    "::ffff:10.0.0.1",  # IPv4-mapped
    "::ffff:100.100.100.200",
    "64:ff9b::a9fe:a9fe",  # NAT64 around 169.254.169.254
    "64:ff9b:1::1",  # local-use NAT64
    "3fff::1",  # documentation
    "::127.0.0.1",  # IPv4-compatible, deprecated
    "2001:db8::1",
    "::1",
    "::",
]
PUBLIC = ["8.8.8.8", "93.184.216.34", "2606:4700::1111", "::ffff:8.8.8.8", "64:ff9b::808:808"]


def _guard(answer: str, **options: Any) -> AddressGuard:
    config = fast_config(**{"allow_private": False, **options})
    return AddressGuard(config, resolve=lambda host: [answer])


@pytest.mark.parametrize("address", INTERNAL)
def test_addresses_that_are_not_global_are_refused(address: str) -> None:
    refusal = _guard(address).refusal("some.example")
    assert refusal is not None and address in refusal and "--allow-private" in refusal


@pytest.mark.parametrize("address", PUBLIC)
def test_public_addresses_are_allowed(address: str) -> None:
    assert _guard(address).refusal("some.example") is None


def test_allowed_networks_and_allow_private_open_the_guard() -> None:
    assert _guard("100.100.100.200", allowed_networks=["100.64.0.0/10"]).refusal("m.test") is None
    assert _guard("::ffff:10.1.2.3", allowed_networks=["10.1.0.0/16"]).refusal("m.test") is None
    assert _guard("fec0::1", allow_private=True).refusal("m.test") is None


@given(st.ip_addresses(v=4))
def test_wrapped_ipv4_is_judged_by_the_ipv4_inside(v4: ipaddress.IPv4Address) -> None:
    mapped = ipaddress.IPv6Address(f"::ffff:{v4}")
    nat64 = ipaddress.IPv6Address(int(ipaddress.IPv6Address("64:ff9b::")) | int(v4))
    assert is_public(mapped) == is_public(nat64) == is_public(v4)
    assert not is_public(ipaddress.IPv6Address(f"::{v4}"))  # IPv4-compatible: never


def test_one_internal_address_among_public_ones_refuses_the_host() -> None:
    guard = AddressGuard(fast_config(allow_private=False), resolve=lambda h: ["8.8.8.8", "fec0::1"])
    assert guard.refusal("mixed.example") is not None


LOOPBACK_SPELLINGS = [
    "127.0.0.1",
    "localhost",
    "LOCALHOST",
    "0x7f.1",
    "127.1",
    "127.0.1",
    "2130706433",
    "0x7f000001",
    "0x7f.0x0.0x0.0x1",
    "0177.0.0.1",
    "017700000001",
    "127.000.000.001",
    "127.255.255.254",
    "0.0.0.0",
    "0",
    "[::1]",
    "[0:0:0:0:0:0:0:1]",
    "[::ffff:127.0.0.1]",
    "[::ffff:7f00:1]",
    "[::]",
    # forms Python 3.11 calls global
    "[::127.0.0.1]",
    "[64:ff9b::7f00:1]",
    "[2002:7f00:1::]",
]


@pytest.mark.parametrize("host", LOOPBACK_SPELLINGS)
def test_loopback_spellings_are_never_requested(server: FaultServer, host: str) -> None:
    path = f"/spelling/{LOOPBACK_SPELLINGS.index(host)}"
    server.route(path, html("must not be asked"))
    url = f"http://{host}:{server.port}{path}"
    result = check_urls([url], fast_config(allow_private=False))[url]
    assert result.status is LinkStatus.EXCLUDED, result.detail
    assert server.count(path) == 0


def test_full_width_loopback_is_never_requested(server: FaultServer) -> None:
    # A browser folds １２７.０.０.１ to 127.0.0.1; requests cannot send it at all.
    server.route("/full-width", html("must not be asked"))
    url = f"http://１２７.０.０.１:{server.port}/full-width"
    result = check_urls([url], fast_config(allow_private=False))[url]
    assert result.status in (LinkStatus.EXCLUDED, LinkStatus.ERROR), result.detail
    assert server.count("/full-width") == 0


# -- DNS rebinding -------------------------------------------------------------------------


def _twins() -> tuple[FaultServer, FaultServer]:
    """Servers on 127.0.0.1 and 127.0.0.2 with the same port, so only the address differs."""
    for _ in range(20):
        public = FaultServer("127.0.0.1")
        try:
            private = FaultServer("127.0.0.2", port=public.port)
        except OSError:  # the port is taken on 127.0.0.2: try another
            public.stop()
            continue
        return public.start(), private.start()
    raise RuntimeError("no port free on both 127.0.0.1 and 127.0.0.2")


Lookup = Callable[..., list[Any]]


def _rebinding(real: Lookup, names: set[str], asked: list[str]) -> Lookup:
    """getaddrinfo that answers 127.0.0.1 the first time a name is asked, 127.0.0.2 after."""

    def lookup(host: Any, port: Any, *args: Any, **kwargs: Any) -> list[Any]:
        if host not in names:
            return real(host, port, *args, **kwargs)
        address = "127.0.0.1" if host not in asked else "127.0.0.2"
        asked.append(host)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port or 0))]

    return lookup


def test_dns_rebinding_cannot_reach_a_private_address(monkeypatch: pytest.MonkeyPatch) -> None:
    # 127.0.0.1 stands for the public address (an allowed network), 127.0.0.2 for the private
    # one a rebinding name answers once the guard has looked.
    public, private = _twins()
    try:
        for server, text in ((public, "public"), (private, "secret")):
            server.route("/page", html(text))
            server.route("/hop", redirect(f"http://rebind-hop.test:{server.port}/page"))
        asked: list[str] = []
        names = {"rebind.test", "rebind-hop.test"}
        monkeypatch.setattr(socket, "getaddrinfo", _rebinding(socket.getaddrinfo, names, asked))
        config = fast_config(allow_private=False, allowed_networks=["127.0.0.1/32"])
        urls = [f"http://rebind.test:{public.port}/page", f"http://rebind.test:{public.port}/hop"]
        found = check_urls(urls, config)
        assert found[urls[0]].status is LinkStatus.OK
        assert found[urls[1]].status is LinkStatus.REDIRECTED
        assert private.count("/page") == private.count("/hop") == 0
        assert public.count("/page") >= 2 and public.count("/hop") >= 1
        assert sorted(asked) == ["rebind-hop.test", "rebind.test"]  # one lookup per name and run
    finally:
        public.stop()
        private.stop()


# -- redirect hops -------------------------------------------------------------------------


def test_redirect_hops_obey_exclude(server: FaultServer) -> None:
    server.route("/chain/2", redirect("/chain/1"))
    server.route("/chain/1", redirect("/chain/0"))
    server.route("/chain/0", html("end"))
    url = server.url("/chain/2")
    result = check_urls([url], fast_config(exclude=[r"/chain/[01]$"]))[url]
    assert result.status is LinkStatus.EXCLUDED
    assert "/chain/[01]$" in result.detail and server.url("/chain/1") in result.detail
    assert result.redirects == [server.url("/chain/1")]
    assert server.count("/chain/2") >= 1
    assert server.count("/chain/1") == server.count("/chain/0") == 0


def test_redirect_hops_obey_include(server: FaultServer) -> None:
    server.route("/in/start", redirect("/out/next"))
    server.route("/out/next", html("elsewhere"))
    url = server.url("/in/start")
    result = check_urls([url], fast_config(include=["/in/"]))[url]
    assert result.status is LinkStatus.EXCLUDED
    assert "include" in result.detail
    assert server.count("/out/next") == 0
