"""Failures in plain words, and requests that end at their deadline, against real servers."""

from __future__ import annotations

import gzip
from collections.abc import Iterator

import pytest
from httpfaults import (
    DripServer,
    FaultServer,
    LocalCA,
    RawServer,
    Reply,
    TunnelProxy,
    fast_config,
    html,
    make_local_ca,
    redirect,
    refused_url,
)

from noteatlas.linkcheck.results import LinkResult, LinkStatus
from noteatlas.linkcheck.scheduler import check_urls


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("all_proxy", raising=False)


@pytest.fixture(scope="module")
def server() -> Iterator[FaultServer]:
    with FaultServer("127.0.0.1") as srv:
        yield srv


# -- every kind of failure has its own words -----------------------------------------------


@pytest.fixture(scope="module")
def failures(server: FaultServer) -> Iterator[dict[str, LinkResult]]:
    raws = {mode: RawServer(mode).start() for mode in ("reset", "silent", "close", "garbage")}
    server.route("/plain", html("plain HTTP"))
    urls = {
        "refused": refused_url(),
        "tls-to-plain": server.url("/plain").replace("http://", "https://"),
        "dns": "http://nowhere.invalid/",
        **{mode: raw.url() for mode, raw in raws.items()},
    }
    try:
        found = check_urls(list(urls.values()), fast_config())
        yield {kind: found[url] for kind, url in urls.items()}
    finally:
        for raw in raws.values():
            raw.stop()


@pytest.mark.parametrize(
    ("kind", "status", "words"),
    [
        ("refused", LinkStatus.UNREACHABLE, "connection refused"),
        ("reset", LinkStatus.ERROR, "connection reset by the server"),
        ("tls-to-plain", LinkStatus.ERROR, "does not speak TLS on this port"),
        ("silent", LinkStatus.TIMEOUT, "no answer within 0.5s"),
        ("dns", LinkStatus.UNREACHABLE, "DNS lookup failed"),
        ("close", LinkStatus.ERROR, "closed the connection without answering"),
        ("garbage", LinkStatus.ERROR, "not an HTTP answer: 'SSH-2.0"),
    ],
)
def test_each_failure_has_a_plain_status_and_detail(
    failures: dict[str, LinkResult], kind: str, status: LinkStatus, words: str
) -> None:
    result = failures[kind]
    assert (result.status, words in result.detail) == (status, True), result.detail
    assert "unexpected" not in result.detail and "Error" not in result.detail


def test_no_two_kinds_of_failure_share_a_detail(failures: dict[str, LinkResult]) -> None:
    details = [r.detail for r in failures.values()]
    assert len(set(details)) == len(details), details


# -- TLS: the name is kept for SNI and the certificate ----------------------------------------


@pytest.fixture(scope="module")
def local_ca(tmp_path_factory: pytest.TempPathFactory) -> LocalCA:
    return make_local_ca(tmp_path_factory.mktemp("ca"), ("secure.test",))


def test_tls_to_a_pinned_address_keeps_the_name(
    local_ca: LocalCA, monkeypatch: pytest.MonkeyPatch
) -> None:
    sni: list[str] = []
    with FaultServer("127.0.0.1", tls=local_ca.server_context(sni)) as tls:
        tls.route("/ok", html("over TLS"))
        monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(local_ca.ca))

        def resolve(host: str) -> list[str]:  # both names lead to the TLS server
            if host in ("secure.test", "other.test"):
                return ["127.0.0.1"]
            raise OSError(f"{host} does not resolve in this test")

        good = f"https://secure.test:{tls.port}/ok"
        wrong = f"https://other.test:{tls.port}/ok"
        found = check_urls([good, wrong], fast_config(), resolve=resolve)
        assert found[good].status is LinkStatus.OK
        assert [s.host for s in tls.seen] == [f"secure.test:{tls.port}"]
        assert "secure.test" in sni and "other.test" in sni
        assert found[wrong].status is LinkStatus.ERROR
        assert "TLS certificate not accepted" in found[wrong].detail
        assert "other.test" in found[wrong].detail

        # Through an HTTPS proxy: a tunnel to the name; the certificate is still checked.
        with TunnelProxy(("127.0.0.1", tls.port)) as proxy:
            monkeypatch.setenv("https_proxy", f"http://127.0.0.1:{proxy.port}")
            tunneled = check_urls([good, wrong], fast_config(), resolve=resolve)
            monkeypatch.delenv("https_proxy")
        assert sorted(proxy.asked) == [
            f"CONNECT {name}:{tls.port} HTTP/1.1" for name in ("other.test", "secure.test")
        ]
        assert tunneled[good].status is LinkStatus.OK
        assert "TLS certificate not accepted" in tunneled[wrong].detail

        monkeypatch.delenv("REQUESTS_CA_BUNDLE")
        untrusted = check_urls([good], fast_config(), resolve=resolve)[good]
        assert untrusted.status is LinkStatus.ERROR
        assert "TLS certificate not accepted" in untrusted.detail


# -- deadlines and size limits ------------------------------------------------------------

ANSWER = b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"


def test_a_server_dripping_its_headers_ends_at_the_deadline() -> None:
    # One byte every 0.1 s keeps every read within its 3 s timeout; the whole answer takes
    # 3.8 s, the deadline is 1 s.
    with DripServer(ANSWER, interval=0.1) as drip:
        url = drip.url()
        result = check_urls([url], fast_config(total_timeout=1.0, read_timeout=3.0))[url]
        assert result.status is LinkStatus.TIMEOUT
        assert result.detail == "no complete answer within 1s"
        assert (drip.accepted, drip.finished) == (1, 0)  # not retried, never finished


def test_a_dripping_body_is_read_until_the_deadline() -> None:
    head = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nConnection: close\r\n\r\n"
    body = b"<p>" + b"x" * 200 + b'</p><h2 id="late">late</h2>'
    with DripServer(head + body, interval=0.02, at_once=len(head)) as drip:
        url = drip.url() + "#late"
        config = fast_config(check_fragments=True, total_timeout=1.0, read_timeout=3.0)
        result = check_urls([url], config)[url]
        assert result.status is LinkStatus.ERROR
        assert "anchor #late not in the" in result.detail and "read within 1s" in result.detail


def test_the_fragment_size_limit_holds_inside_a_read(server: FaultServer) -> None:
    # The anchor sits past the limit but inside the first 64 KiB a chunked read would take.
    padding = "<p>" + "x" * 55_000 + "</p>"
    server.route("/long", html(f'<h2 id="early">e</h2>{padding}<h2 id="past-limit">p</h2>'))
    config = fast_config(check_fragments=True, fragment_max_bytes=50_000)
    early, late = server.url("/long#early"), server.url("/long#past-limit")
    found = check_urls([early, late], config)
    assert found[early].status is LinkStatus.OK
    assert found[late].status is LinkStatus.ERROR
    assert found[late].detail == "anchor #past-limit not in the first 50000 bytes"


# -- odd redirects --------------------------------------------------------------------------


def test_a_malformed_location_is_a_plain_error(server: FaultServer) -> None:
    url = server.route("/bad-location", Reply(302, {"Location": "http://[::1"}))
    result = check_urls([url], fast_config())[url]
    assert result.status is LinkStatus.ERROR
    assert result.detail.startswith("redirect to a malformed URL 'http://[::1'")
    assert "unexpected" not in result.detail


def test_a_kept_connection_the_server_closed_is_replaced() -> None:
    # Each connection answers once and is closed, though the answer says nothing of it: the
    # client keeps it for the next request, which must go out on a new one, not fail.
    answer = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 0\r\n\r\n"
    with DripServer(answer, interval=0.0, at_once=len(answer)) as once:
        urls = [once.url(f"/p{i}") for i in range(4)]
        found = check_urls(urls, fast_config(max_concurrency=1, per_host_concurrency=1, retries=0))
        assert [found[u].status for u in urls] == [LinkStatus.OK] * 4
        assert once.accepted == 4


def test_credentials_in_a_url_are_never_sent(server: FaultServer) -> None:
    server.route("/private", html("members"))
    url = server.url("/private").replace("http://", "http://me:secret@")
    assert check_urls([url], fast_config())[url].status is LinkStatus.OK
    assert [s.authorization for s in server.seen if s.path == "/private"] == [""]


def test_a_utf8_location_is_read_as_utf8(server: FaultServer) -> None:
    landing = server.route("/%E4%B8%AD%E6%96%87", html("landed"))
    head = f"HTTP/1.1 301 Moved\r\nLocation: {server.url('/中文')}\r\nContent-Length: 0\r\n\r\n"
    with DripServer(head.encode(), interval=0.0, at_once=len(head.encode())) as moved:
        result = check_urls([moved.url("/old")], fast_config())[moved.url("/old")]
    assert (result.status, result.final_url) == (LinkStatus.REDIRECTED, server.url("/中文"))
    assert server.count("/%E4%B8%AD%E6%96%87") == 1, landing


def test_a_redirect_to_a_refused_port_says_so(server: FaultServer) -> None:
    url = server.route("/to-refused", redirect(refused_url()))
    result = check_urls([url], fast_config())[url]
    assert (result.status, result.detail) == (LinkStatus.UNREACHABLE, "connection refused")


# -- bodies as servers send them ------------------------------------------------------------


def _chunked(data: bytes, size: int) -> bytes:
    frames = [data[i : i + size] for i in range(0, len(data), size)]
    return b"".join(f"{len(f):x}\r\n".encode() + f + b"\r\n" for f in frames) + b"0\r\n\r\n"


def test_a_chunked_gzip_body_is_read_for_its_anchors() -> None:
    page = '<h2 id="first">a</h2>' + "<p>filler</p>" * 2000 + '<h2 id="last">z</h2>'
    head = (
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
        b"Content-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n"
    )
    payload = head + _chunked(gzip.compress(page.encode()), 700)
    with DripServer(payload, interval=0.0, at_once=len(payload)) as drip:
        urls = [drip.url("/p#first"), drip.url("/p#last"), drip.url("/p#absent")]
        found = check_urls(urls, fast_config(check_fragments=True))
    assert [found[u].status for u in urls] == [
        LinkStatus.OK,
        LinkStatus.OK,
        LinkStatus.MISSING_ANCHOR,  # read to the end: really missing, not "not in the first ..."
    ]


def test_a_proxy_from_the_environment_is_asked_for_http_urls(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with FaultServer("127.0.0.2") as proxy:
        page = f"http://notes.test:{refused_url().rsplit(':', 1)[1]}"  # nothing listens there
        proxy.route(page, html("through the proxy"))
        monkeypatch.setenv("http_proxy", f"http://127.0.0.2:{proxy.port}")

        def resolve(host: str) -> list[str]:
            return ["127.0.0.1"] if host == "notes.test" else []

        found = check_urls([page], fast_config(), resolve=resolve)
        assert found[page].status is LinkStatus.OK
        assert [(s.method, s.path, s.host) for s in proxy.seen] == [
            ("HEAD", page, page.removeprefix("http://").removesuffix("/"))
        ]
        monkeypatch.setenv("no_proxy", "notes.test")
        direct = check_urls([page], fast_config(), resolve=resolve)[page]
        assert (direct.status, direct.detail) == (LinkStatus.UNREACHABLE, "connection refused")
