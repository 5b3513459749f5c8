"""The external link checker against real misbehaving servers on 127.0.0.x."""

from __future__ import annotations

import asyncio
import email.utils
import threading
import time
from collections.abc import Iterator

import pytest
from httpfaults import (
    FaultServer,
    RawServer,
    Reply,
    Route,
    Seen,
    fast_config,
    html,
    redirect,
    refused_url,
)
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from noteatlas.config import parse_config
from noteatlas.errors import ConfigError
from noteatlas.linkcheck.config import CheckConfig, parse_duration
from noteatlas.linkcheck.fetch import parse_retry_after
from noteatlas.linkcheck.gates import HostGate
from noteatlas.linkcheck.results import LinkResult, LinkStatus
from noteatlas.linkcheck.scheduler import check_urls

PAGE = """<!doctype html><html><body>
<h2 id="intro">Intro</h2><h2 id="方法">方法</h2><a name="old-anchor"></a>
<div id="user-content-readme-heading"></div></body></html>"""


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    # A proxy from the environment would intercept requests meant for 127.0.0.x.
    for name in (
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "ALL_PROXY",
        "http_proxy",
        "https_proxy",
        "all_proxy",
    ):
        monkeypatch.delenv(name, raising=False)


class Net:
    """The servers of this module: main (127.0.0.1), other (127.0.0.2), raw fault servers."""

    def __init__(self) -> None:
        self.main = FaultServer("127.0.0.1").start()
        self.other = FaultServer("127.0.0.2").start()
        self.reset = RawServer("reset").start()
        self.silent = RawServer("silent").start()
        self.refused = refused_url()

    def stop(self) -> None:
        for server in (self.main, self.other, self.reset, self.silent):
            server.stop()


def _once_then(first: Reply, then: Reply) -> Route:
    return lambda seen: first if seen.count == 1 else then


def _http_date(offset: float) -> str:
    return email.utils.formatdate(time.time() + offset, usegmt=True)


@pytest.fixture(scope="module")
def net() -> Iterator[Net]:
    net = Net()
    m, o = net.main, net.other
    m.route("/ok", html("<p>fine</p>"))
    m.route("/r301", redirect(m.url("/r302"), 301))
    m.route("/r302", redirect("/r308", 302))  # relative Location
    m.route("/r308", redirect(m.url("/ok"), 308))
    m.route("/cross", redirect(lambda: o.url("/landing")))
    o.route("/landing", html("<p>there</p>"))
    m.route("/loop1", redirect("/loop2"))
    m.route("/loop2", redirect("/loop1"))
    for i in range(6):
        m.route(f"/hop/{i}", redirect(f"/hop/{i + 1}"))
    m.route("/hop/6", html("end"))
    m.route("/to-mailto", redirect("mailto:someone@example.org"))
    m.route("/gone", Reply(410))
    m.route("/nohead", lambda s: Reply(405) if s.method == "HEAD" else html("get only"))
    m.route("/forbidden", Reply(403))
    m.route("/linkedin", Reply(999))
    m.route("/teapot", Reply(418))
    m.route("/rate-seconds", _once_then(Reply(429, {"Retry-After": "1"}), html("now")))
    m.route(
        "/rate-date",
        lambda s: Reply(429, {"Retry-After": _http_date(1)}) if s.count == 1 else html("now"),
    )
    m.route("/rate-long", Reply(429, {"Retry-After": "3600"}))
    m.route("/rate-long-date", lambda s: Reply(429, {"Retry-After": _http_date(7200)}))
    m.route("/flaky", _once_then(Reply(503), html("back")))
    m.route("/down", Reply(500))
    m.route("/endless", lambda s: Reply(405) if s.method == "HEAD" else Reply(endless=True))
    m.route("/page", html(PAGE))
    m.route("/ua", html("who"))
    yield net
    net.stop()


@pytest.fixture(scope="module")
def results(net: Net) -> dict[str, LinkResult]:
    """One concurrent run over every scenario that uses the default test settings."""
    m = net.main
    urls = [
        m.url(p)
        for p in (
            "/ok",
            "/r301",
            "/cross",
            "/loop1",
            "/missing",
            "/gone",
            "/nohead",
            "/forbidden",
            "/linkedin",
            "/teapot",
            "/rate-seconds",
            "/rate-date",
            "/rate-long",
            "/rate-long-date",
            "/flaky",
            "/down",
            "/endless",
            "/ua",
            "/to-mailto",
        )
    ]
    urls += [net.reset.url(), net.silent.url(), net.refused]
    return check_urls(urls, fast_config())


def test_ok(net: Net, results: dict[str, LinkResult]) -> None:
    result = results[net.main.url("/ok")]
    assert result.status is LinkStatus.OK
    assert result.code == 200
    assert net.main.count("/ok", "HEAD") >= 1


def test_redirect_chain_keeps_final_url(net: Net, results: dict[str, LinkResult]) -> None:
    result = results[net.main.url("/r301")]
    assert result.status is LinkStatus.REDIRECTED
    assert result.redirects == [net.main.url(p) for p in ("/r302", "/r308", "/ok")]
    assert result.final_url == net.main.url("/ok")


def test_redirect_to_another_host(net: Net, results: dict[str, LinkResult]) -> None:
    result = results[net.main.url("/cross")]
    assert result.status is LinkStatus.REDIRECTED
    assert result.final_url == net.other.url("/landing")
    assert net.other.count("/landing") >= 1


def test_redirect_loop_is_detected(net: Net, results: dict[str, LinkResult]) -> None:
    result = results[net.main.url("/loop1")]
    assert result.status is LinkStatus.BROKEN
    assert "redirect loop" in result.detail
    assert net.main.count("/loop1") == 2  # a second visit is allowed (cookie redirects)
    assert net.main.count("/loop2") == 2


def test_redirect_to_itself_after_a_cookie_is_followed(net: Net) -> None:
    def cookie_gate(seen: Seen) -> Reply:
        if seen.cookie == "ok=1":
            return html("welcome")
        return Reply(302, {"Location": "/cookie", "Set-Cookie": "ok=1; Path=/"})

    url = net.main.route("/cookie", cookie_gate)
    result = check_urls([url], fast_config())[url]
    assert result.status is LinkStatus.REDIRECTED
    assert result.final_url == url


def test_redirects_are_bounded(net: Net) -> None:
    result = check_urls([net.main.url("/hop/0")], fast_config(max_redirects=3))
    only = result[net.main.url("/hop/0")]
    assert only.status is LinkStatus.ERROR
    assert "more than 3 redirects" in only.detail
    assert net.main.count("/hop/4") == 0
    unbounded = check_urls([net.main.url("/hop/0")], fast_config(max_redirects=10))
    assert unbounded[net.main.url("/hop/0")].status is LinkStatus.REDIRECTED


def test_redirect_to_other_scheme_is_unsupported(net: Net, results: dict[str, LinkResult]) -> None:
    assert results[net.main.url("/to-mailto")].status is LinkStatus.UNSUPPORTED


@pytest.mark.parametrize(("path", "code"), [("/missing", 404), ("/gone", 410)])
def test_gone_pages_are_broken(
    net: Net, results: dict[str, LinkResult], path: str, code: int
) -> None:
    result = results[net.main.url(path)]
    assert (result.status, result.code) == (LinkStatus.BROKEN, code)


def test_head_refused_falls_back_to_get(net: Net, results: dict[str, LinkResult]) -> None:
    assert results[net.main.url("/nohead")].status is LinkStatus.OK
    assert net.main.count("/nohead", "HEAD") >= 1
    assert net.main.count("/nohead", "GET") >= 1


@pytest.mark.parametrize(("path", "code"), [("/forbidden", 403), ("/linkedin", 999)])
def test_robot_refusals_are_blocked(
    net: Net, results: dict[str, LinkResult], path: str, code: int
) -> None:
    result = results[net.main.url(path)]
    assert (result.status, result.code) == (LinkStatus.BLOCKED, code)
    # A 403 on HEAD may be a server that refuses HEAD only: it is asked once more with GET.
    assert net.main.count(path, "GET") == (1 if code == 403 else 0)


def test_other_client_errors_are_errors(net: Net, results: dict[str, LinkResult]) -> None:
    result = results[net.main.url("/teapot")]
    assert (result.status, result.code) == (LinkStatus.ERROR, 418)


@pytest.mark.parametrize("path", ["/rate-seconds", "/rate-date"])
def test_retry_after_is_honoured(net: Net, results: dict[str, LinkResult], path: str) -> None:
    assert results[net.main.url(path)].status is LinkStatus.OK
    assert net.main.count(path) == 2


@pytest.mark.parametrize("path", ["/rate-long", "/rate-long-date"])
def test_retry_after_beyond_cap_is_blocked_without_waiting(
    net: Net, results: dict[str, LinkResult], path: str
) -> None:
    result = results[net.main.url(path)]
    assert (result.status, result.code) == (LinkStatus.BLOCKED, 429)
    assert "exceeds the 3s cap" in result.detail
    assert net.main.count(path) == 1


def test_503_then_200_retry_succeeds(net: Net, results: dict[str, LinkResult]) -> None:
    assert results[net.main.url("/flaky")].status is LinkStatus.OK
    assert net.main.count("/flaky") == 2


def test_persistent_5xx_is_an_error_after_retries(net: Net, results: dict[str, LinkResult]) -> None:
    result = results[net.main.url("/down")]
    assert (result.status, result.code) == (LinkStatus.ERROR, 500)
    assert net.main.count("/down") == 2  # retries=1


def test_connection_reset_is_retried_then_an_error(
    net: Net, results: dict[str, LinkResult]
) -> None:
    result = results[net.reset.url()]
    assert result.status is LinkStatus.ERROR
    assert "reset" in result.detail
    assert net.reset.accepted == 2


def test_server_that_never_answers_times_out(net: Net, results: dict[str, LinkResult]) -> None:
    result = results[net.silent.url()]
    assert result.status is LinkStatus.TIMEOUT
    assert net.silent.accepted == 2


def test_refused_port_is_unreachable(net: Net, results: dict[str, LinkResult]) -> None:
    result = results[net.refused]
    assert result.status is LinkStatus.UNREACHABLE
    assert result.detail == "connection refused"


def test_endless_body_is_not_read(net: Net, results: dict[str, LinkResult]) -> None:
    assert results[net.main.url("/endless")].status is LinkStatus.OK
    assert net.main.count("/endless", "GET") == 1


def test_user_agent_is_a_real_one(net: Net, results: dict[str, LinkResult]) -> None:
    agents = {s.user_agent for s in net.main.seen if s.path == "/ua"}
    assert agents and all("noteatlas/" in a and "python-requests" not in a for a in agents)


def test_fragments_are_checked_with_one_fetch_per_page(net: Net) -> None:
    base = net.main.url("/page")
    urls = [
        base,
        f"{base}#intro",
        f"{base}#%E6%96%B9%E6%B3%95",
        f"{base}#old-anchor",
        f"{base}#readme-heading",
        f"{base}#:~:text=fine",
        f"{base}#nowhere",
    ]
    found = check_urls(urls, fast_config(check_fragments=True))
    assert {u: r.status for u, r in found.items() if r.status is not LinkStatus.OK} == {
        f"{base}#nowhere": LinkStatus.MISSING_ANCHOR
    }
    assert net.main.count("/page", "GET") == 1


def test_fragments_ignored_without_the_option(net: Net) -> None:
    url = net.main.url("/page") + "#nowhere"
    assert check_urls([url], fast_config())[url].status is LinkStatus.OK


def test_fragment_on_endless_page_stops_reading(net: Net) -> None:
    url = net.main.url("/endless") + "#deep"
    result = check_urls([url], fast_config(check_fragments=True, fragment_max_bytes=50_000))[url]
    assert result.status is LinkStatus.ERROR
    assert "not in the first 50000 bytes" in result.detail


def test_schemes_and_patterns_need_no_request(net: Net) -> None:
    config = fast_config(exclude=["/ok$"])
    found = check_urls(
        ["javascript:alert(1)", "mailto:a@b.org", "http://[::1", net.main.url("/ok")], config
    )
    assert [r.status for r in found.values()] == [
        LinkStatus.UNSAFE,
        LinkStatus.UNSUPPORTED,
        LinkStatus.ERROR,
        LinkStatus.EXCLUDED,
    ]
    only = check_urls([net.main.url("/gone")], fast_config(include=["^https://"]))
    assert only[net.main.url("/gone")].status is LinkStatus.EXCLUDED


def test_accepted_codes_are_ok(net: Net) -> None:
    url = net.main.url("/teapot")
    assert check_urls([url], fast_config(accept=[418]))[url].status is LinkStatus.OK


# -- private addresses --------------------------------------------------------------------


def test_loopback_name_is_excluded_after_dns(net: Net) -> None:
    net.main.route("/never", html("must not be asked"))
    url = f"http://localhost:{net.main.port}/never"
    result = check_urls([url], fast_config(allow_private=False))[url]
    assert result.status is LinkStatus.EXCLUDED
    assert "not a public address" in result.detail
    assert net.main.count("/never") == 0


def test_redirect_into_private_network_is_excluded(net: Net) -> None:
    # 127.0.0.1 stands for a public server (an allowed network); 127.0.0.2 stays private.
    net.main.route("/to-private", redirect(lambda: net.other.url("/secret")))
    config = fast_config(allow_private=False, allowed_networks=["127.0.0.1/32"])
    ok_url, url = net.main.url("/ok"), net.main.url("/to-private")
    found = check_urls([ok_url, url], config)
    assert found[ok_url].status is LinkStatus.OK
    assert found[url].status is LinkStatus.EXCLUDED
    assert "127.0.0.2" in found[url].detail
    assert found[url].redirects == [net.other.url("/secret")]
    assert net.other.count("/secret") == 0


def test_names_resolving_to_private_addresses_are_excluded() -> None:
    def resolve(host: str) -> list[str]:
        if host == "intranet.example":
            return ["10.1.2.3"]
        raise OSError(f"unknown host {host}")

    config = fast_config(allow_private=False)
    found = check_urls(
        ["http://intranet.example/wiki", "http://nowhere.example/"], config, resolve=resolve
    )
    assert found["http://intranet.example/wiki"].status is LinkStatus.EXCLUDED
    assert found["http://nowhere.example/"].status is LinkStatus.UNREACHABLE
    assert "DNS" in found["http://nowhere.example/"].detail


# -- concurrency ---------------------------------------------------------------------------


def test_limits_are_observed_by_the_servers() -> None:
    wide, narrow, busy = (FaultServer(h).start() for h in ("127.0.0.3", "127.0.0.4", "127.0.0.5"))
    try:
        urls = [wide.route(f"/c/{i}", Reply(gather=3)) for i in range(6)]
        urls += [narrow.route(f"/c/{i}", Reply(gather=2)) for i in range(6)]
        config = fast_config(
            max_concurrency=8, per_host_concurrency=2, hosts={"127.0.0.3": {"concurrency": 3}}
        )
        found = check_urls(urls, config)
        assert all(r.status is LinkStatus.OK for r in found.values())
        assert wide.max_in_flight["c"] == 3  # the per-host override, reached and never exceeded
        assert narrow.max_in_flight["c"] == 2  # the default per-host limit

        urls = [busy.route(f"/g/{i}", Reply(gather=2)) for i in range(4)]
        check_urls(urls, fast_config(max_concurrency=2, per_host_concurrency=10))
        assert busy.max_in_flight["g"] == 2  # the global limit
    finally:
        for server in (wide, narrow, busy):
            server.stop()


def test_a_check_runs_inside_a_running_event_loop(net: Net) -> None:
    # A notebook, an async program or playwright's sync API already runs a loop in the thread
    # (a thread of its own here: the test's thread may have one running already).
    url = net.main.url("/ok")
    found: list[dict[str, LinkResult]] = []

    async def inside() -> None:
        found.append(check_urls([url], fast_config()))

    thread = threading.Thread(target=asyncio.run, args=(inside(),))
    thread.start()
    thread.join(timeout=30)
    assert found and found[0][url].status is LinkStatus.OK


def test_rate_limit_slows_the_host_down() -> None:
    gate = HostGate(4)
    gate.slow_down(0.0)
    assert gate.limit == 1


@settings(max_examples=80, deadline=None)
@given(url=st.one_of(st.text(max_size=60), st.from_regex(r"\Ahttps?://[^\s]{0,40}\Z")))
def test_no_url_crashes_the_checker(url: str) -> None:
    def no_dns(host: str) -> list[str]:
        raise OSError(f"not resolving {host!r} in tests")  # so no request can leave the machine

    found = check_urls([url], fast_config(allow_private=False), resolve=no_dns)
    assert list(found) == [url]
    assert found[url].status in {
        LinkStatus.UNSAFE,
        LinkStatus.UNSUPPORTED,
        LinkStatus.ERROR,
        LinkStatus.EXCLUDED,
        LinkStatus.UNREACHABLE,
    }


# -- pieces --------------------------------------------------------------------------------


def test_parse_retry_after() -> None:
    now = 1_700_000_000.0
    assert parse_retry_after("120", now) == 120.0
    assert parse_retry_after(email.utils.formatdate(now + 30, usegmt=True), now) == 30.0
    assert parse_retry_after(email.utils.formatdate(now - 30, usegmt=True), now) == 0.0
    assert parse_retry_after("soon", now) is None
    assert parse_retry_after(None, now) is None


def test_config_durations_and_validation() -> None:
    assert (
        parse_duration("1d") == 86400 and parse_duration("30m") == 1800 and parse_duration(5) == 5
    )
    assert CheckConfig(max_age="12h").max_age == 43200  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="duration"):
        CheckConfig(max_age="soon")  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="regular expression"):
        CheckConfig(exclude=["("])
    with pytest.raises(ValidationError, match="CIDR"):
        CheckConfig(allowed_networks=["intranet"])


def test_unknown_check_keys_list_the_valid_ones() -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config({"check": {"timeout": 3}}, "noteatlas.toml")
    assert "check.timeout" in caught.value.message
    assert "read_timeout" in caught.value.hint and "max_age" in caught.value.hint


def test_command_line_options_are_validated() -> None:
    config = CheckConfig(strict=False).with_options(strict=True, max_age="2h", max_concurrency=None)
    assert (config.strict, config.max_age, config.max_concurrency) == (True, 7200, 16)
    with pytest.raises(ConfigError, match="max_age"):
        config.with_options(max_age="soon")
    with pytest.raises(ConfigError, match="jobs"):
        config.with_options(jobs=4)


def test_host_settings_match_subdomains() -> None:
    config = CheckConfig.model_validate(
        {"hosts": {"*.github.com": {"concurrency": 1, "headers": {"Authorization": "token x"}}}}
    )
    assert config.host_concurrency("api.github.com") == 1
    assert config.host_concurrency("example.org") == config.per_host_concurrency
    assert config.request_headers("api.github.com")["Authorization"] == "token x"
