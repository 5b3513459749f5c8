"""A host that cannot be reached is not a gone page: ``unreachable``, never reused from the cache,
and "no network?" once when (nearly) every host fails that way. Real servers on 127.0.0.x."""

from __future__ import annotations

import errno
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from httpfaults import Blackhole, FaultServer, Reply, fast_config, html, refused_url

from noteatlas.cli import main
from noteatlas.linkcheck.addresses import system_resolve
from noteatlas.linkcheck.cache import CACHE_FILE, LinkCache, read_link_statuses
from noteatlas.linkcheck.external import run_external
from noteatlas.linkcheck.failures import Failure, classify_exception
from noteatlas.linkcheck.network import NetworkWatch
from noteatlas.linkcheck.render import render
from noteatlas.linkcheck.report import CheckReport, exit_code
from noteatlas.linkcheck.results import LinkResult, LinkStatus, Occurrence
from noteatlas.linkcheck.scheduler import check_urls
from noteatlas.schema.exits import Exit


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("all_proxy", raising=False)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)


@pytest.fixture(scope="module")
def server() -> Iterator[FaultServer]:
    with FaultServer("127.0.0.1") as srv:
        srv.route("/ok", html("fine"))
        srv.route("/gone", Reply(404))
        yield srv


class CountingResolver:
    """The system resolver, counting the lookups of each name."""

    def __init__(self) -> None:
        self.asked: dict[str, int] = {}

    def __call__(self, host: str) -> Sequence[str]:
        self.asked[host] = self.asked.get(host, 0) + 1
        return system_resolve(host)


# -- each way of not reaching a host ---------------------------------------------------------


def test_a_refused_port_is_unreachable_and_not_reused(server: FaultServer, tmp_path: Path) -> None:
    refused = refused_url()
    with LinkCache(tmp_path / CACHE_FILE) as cache:
        found = check_urls([refused, server.url("/ok")], fast_config(), cache=cache)
        assert (found[refused].status, found[refused].detail) == (
            LinkStatus.UNREACHABLE,
            "connection refused",
        )
        # A later check asks again; the display sees the latest word, not "broken".
        assert cache.get(refused, fast_config().cache_key_digest(), 86400) is None
        assert cache.get(server.url("/ok"), fast_config().cache_key_digest(), 86400) is not None
    assert read_link_statuses(tmp_path)[refused].status is LinkStatus.UNREACHABLE


def test_a_name_that_does_not_resolve_is_looked_up_once_per_run() -> None:
    resolver = CountingResolver()
    urls = [f"http://nowhere.invalid/page-{i}" for i in range(5)]
    found = check_urls(urls, fast_config(max_concurrency=1), resolve=resolver)
    assert {r.status for r in found.values()} == {LinkStatus.UNREACHABLE}
    assert all(r.detail.startswith("DNS lookup failed for nowhere.invalid") for r in found.values())
    assert resolver.asked == {"nowhere.invalid": 1}
    assert sum("not asked again" in r.detail for r in found.values()) == 4


def test_a_blackhole_times_out_once_then_is_not_asked_again(tmp_path: Path) -> None:
    with Blackhole("127.0.0.7") as hole:
        urls = [hole.url(f"/p{i}") for i in range(3)]
        config = fast_config(connect_timeout=0.3, retries=0, max_concurrency=1)
        with LinkCache(tmp_path / CACHE_FILE) as cache:
            found = check_urls(urls, config, cache=cache)
            assert cache.get(urls[0], config.cache_key_digest(), 86400) is None
    first, *rest = (found[u] for u in urls)
    assert (first.status, first.detail) == (LinkStatus.TIMEOUT, "no connection within 0.3s")
    assert all(r.status is LinkStatus.TIMEOUT and "not asked again" in r.detail for r in rest)
    # One host failing is one host failing, not a missing network: recorded for displays.
    assert read_link_statuses(tmp_path)[urls[0]].status is LinkStatus.TIMEOUT


def test_a_host_that_answered_is_never_cut_off(server: FaultServer) -> None:
    refused = refused_url()  # same host (127.0.0.1) as the server, another port
    urls = [refused, server.url("/ok"), refused.rstrip("/") + "/again"]
    found = check_urls(urls, fast_config(max_concurrency=1))
    assert found[server.url("/ok")].status is LinkStatus.OK
    assert found[urls[2]].status is LinkStatus.UNREACHABLE


# -- "no network?" ------------------------------------------------------------------------------


def _failure(way: str) -> Failure:
    return Failure(LinkStatus.UNREACHABLE, way, False, way)


def test_the_verdict_needs_nearly_every_host_and_no_public_answer() -> None:
    watch = NetworkWatch()
    watch.failed("a.example", None, _failure("dns"))
    assert watch.verdict() is None  # one dead domain proves nothing
    watch.failed("b.example", 443, _failure("refused"))
    verdict = watch.verdict()
    assert verdict is not None and verdict.hosts == 2
    assert verdict.message().startswith("no network? none of the 2 hosts")
    watch.connected("localhost", public=False)  # a local server answering is no network proof
    assert watch.verdict() is None  # 2 of 3 is not nearly every host
    for i in range(20):
        watch.failed(f"h{i}.example", None, _failure("dns"))
    assert watch.verdict() is not None
    watch.connected("public.example", public=True)
    assert watch.verdict() is None


def test_no_network_records_nothing_and_says_so_once(tmp_path: Path) -> None:
    urls = [f"http://host-{i}.invalid/x" for i in range(4)] + ["http://host-0.invalid/y"]
    targets = {url: [Occurrence(file="a.md", line=i + 1)] for i, url in enumerate(urls)}
    run = run_external(targets, fast_config(), cache_dir=tmp_path)
    assert run.no_network.startswith("no network? none of the 4 hosts asked could be reached")
    assert "(DNS lookup failed for 4 of them; e.g. host-0.invalid: " in run.no_network
    with sqlite3.connect(tmp_path / CACHE_FILE) as db:
        assert db.execute("SELECT count(*) FROM links").fetchone()[0] == 0
    db.close()
    report = CheckReport(results=run.results, no_network=run.no_network, strict=True)
    assert exit_code(report) == Exit.RUNTIME
    assert report.failures() == [] and report.warnings() == [] and len(report.unchecked()) == 5
    text = render(report, "text")
    assert text.count("no network?") == 2  # the error line, and the summary's count
    assert "host-1.invalid" not in text  # no line per link
    assert text.rstrip().endswith("5 not checked (no network?), nothing else broken.")


# -- every format, and the exit code when something else is broken ---------------------------

_LOST = LinkResult(
    url="https://example.org/a",
    status=LinkStatus.UNREACHABLE,
    detail="DNS lookup failed for example.org: temporary failure in name resolution",
    occurrences=[Occurrence(file="a.md", line=3, column=2)],
)
_GONE_FILE = LinkResult(
    url="b.md",
    status=LinkStatus.MISSING_FILE,
    detail="no such file",
    occurrences=[Occurrence(file="a.md", line=5)],
)
_VERDICT = (
    "no network? none of the 3 hosts asked could be reached (DNS lookup failed for 3 of them)"
)


def test_every_format_shows_the_verdict_once() -> None:
    report = CheckReport(results=[_LOST], no_network=_VERDICT)
    data = json.loads(render(report, "json"))
    assert data["exit_code"] == Exit.RUNTIME and data["no_network"].startswith(_VERDICT)
    assert data["summary"]["unchecked"] == 1 and data["summary"]["warnings"] == 0
    assert data["results"][0]["status"] == "unreachable"
    markdown = render(report, "markdown")
    assert markdown.count("no network?") == 2 and "❌" in markdown
    assert "| warning |" not in markdown
    junit = render(report, "junit")
    assert 'errors="1"' in junit and '<error type="unreachable"' in junit
    github = render(report, "github").splitlines()
    assert [line.split("::")[1] for line in github if line.startswith("::")] == [
        "error title=no network?"
    ]


def test_an_unreachable_link_alone_is_a_warning_in_every_format() -> None:
    report = CheckReport(results=[_LOST])
    assert exit_code(report) == Exit.OK and report.warnings() == [_LOST]
    assert exit_code(CheckReport(results=[_LOST], strict=True)) == Exit.BROKEN
    assert "! unreachable" in render(report, "text")
    assert "| warning | `a.md:3` | `https://example.org/a` | unreachable |" in render(
        report, "markdown"
    )
    assert render(report, "github").startswith("::warning file=a.md,line=3,col=2,title=Link")
    assert "unreachable: DNS lookup failed" in render(report, "junit")
    assert "✗" not in render(report, "text")  # no failure mark


def test_a_broken_local_link_still_exits_2_without_network() -> None:
    report = CheckReport(results=[_LOST, _GONE_FILE], no_network=_VERDICT)
    assert exit_code(report) == Exit.BROKEN
    assert report.failures() == [_GONE_FILE]


# -- the cache, read by the exporters ------------------------------------------------------------


def test_old_rows_for_unreachable_hosts_are_read_as_unreachable(tmp_path: Path) -> None:
    # Rows written before the status existed: a failed lookup and a refused port, as broken.
    with LinkCache(tmp_path / CACHE_FILE) as cache:
        assert cache.put("https://kept.example/", "o", LinkResult(url="x", status=LinkStatus.OK))
    old = [
        ("https://lost.example/", "DNS lookup failed for lost.example: name or service not known"),
        ("https://closed.example/", "connection refused"),
        ("https://gone.example/", "HTTP 404 Not Found"),
    ]
    with sqlite3.connect(tmp_path / CACHE_FILE) as db:
        for url, detail in old:
            code = 404 if "404" in detail else None
            db.execute(
                "INSERT INTO links VALUES (?, 'o', 'broken', ?, ?, NULL, '[]', strftime('%s'))",
                (url, code, detail),
            )
    db.close()
    statuses = {url: r.status for url, r in read_link_statuses(tmp_path).items()}
    assert statuses["https://lost.example/"] is LinkStatus.UNREACHABLE
    assert statuses["https://closed.example/"] is LinkStatus.UNREACHABLE
    assert statuses["https://gone.example/"] is LinkStatus.BROKEN
    with LinkCache(tmp_path / CACHE_FILE) as cache:
        assert cache.get("https://lost.example/", "o", 86400) is None  # asked again
        assert cache.get("https://gone.example/", "o", 86400) is not None


# -- the command, end to end ---------------------------------------------------------------------


def _run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


def _corpus(folder: Path, urls: list[str]) -> Path:
    folder.mkdir()
    lines = ["# 阅读清单", "", *(f"- [link {i}]({url})" for i, url in enumerate(urls))]
    lines += ["", "See [the other note](other.md)."]
    (folder / "links.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "other.md").write_text("# Other\n", encoding="utf-8")
    return folder


def test_check_without_network_says_so_once_and_exits_1(tmp_path: Path) -> None:
    hosts = ["arxiv.invalid", "github.invalid", "zhihu.invalid", "example.invalid"]
    urls = [f"https://{host}/page/{i}" for host in hosts for i in range(3)]
    corpus = _corpus(tmp_path / "notes", urls)
    code, out, err = _run("check", str(corpus), "-j", "1")
    assert code == Exit.RUNTIME, out + err
    assert out.count("error: no network?") == 1, out
    assert "12 external links were not checked" in out
    assert "DNS lookup failed for 4 of them" in out
    assert not any(f"{host}/page" in out for host in hosts)  # not one line per link
    code, out, _ = _run("check", str(corpus), "-j", "1", "--format", "json")
    assert code == Exit.RUNTIME and json.loads(out)["no_network"].startswith("no network?")
    # Nothing was learned about the links, so the link index does not pretend otherwise.
    site = tmp_path / "site"
    assert _run("build", str(corpus), "-o", str(site), "-q")[0] == 0
    links = (site / "links.md").read_text(encoding="utf-8")
    assert "broken" not in links and "unreachable" not in links


def test_a_dead_host_among_live_ones_is_unreachable_in_the_link_index(
    server: FaultServer, tmp_path: Path
) -> None:
    refused = refused_url()
    corpus = _corpus(tmp_path / "notes", [server.url("/ok"), server.url("/gone"), refused])
    code, out, _ = _run("check", str(corpus), "-j", "1", "--allow-private")
    assert code == Exit.BROKEN, out  # the 404 is broken; the refused port is a warning
    assert "no network?" not in out
    [line] = [line for line in out.splitlines() if refused in line]
    assert line.split()[1:] == ["!", "unreachable", refused, "connection", "refused"]
    site = tmp_path / "site"
    assert _run("build", str(corpus), "-o", str(site), "-q")[0] == 0
    rows = [line for line in (site / "links.md").read_text().splitlines() if "127.0.0.1" in line]
    by_url = {url: row for row in rows for url in (refused, server.url("/gone")) if url in row}
    assert by_url[refused].rstrip(" |").endswith("unreachable")
    assert by_url[server.url("/gone")].rstrip(" |").endswith("broken")
    assert '"unreachable"' in (site / "explorer.html").read_text(encoding="utf-8")


def test_no_route_to_the_host_is_unreachable() -> None:
    # What the socket raises on a machine without a network (the kernel's own error).
    for number in (errno.ENETUNREACH, errno.EHOSTUNREACH):
        failure = classify_exception(OSError(number, os.strerror(number)), (1.0, 1.0))
        assert (failure.status, failure.reach) == (LinkStatus.UNREACHABLE, "no-route")
        assert failure.detail == f"connection failed: {os.strerror(number).lower()}"


# -- connections ---------------------------------------------------------------------------------


def test_answers_read_to_the_end_keep_their_connection(
    server: FaultServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # ~/.netrc names the host: its password must not be sent to a host a note names.
    (tmp_path / ".netrc").write_text("machine 127.0.0.1 login me password secret\n")
    (tmp_path / ".netrc").chmod(0o600)
    monkeypatch.setenv("HOME", str(tmp_path))
    paths = [f"/keep/{i}" for i in range(6)]
    urls = [server.route(path, html("<h1 id='a'>a</h1>")) for path in paths]
    config = fast_config(max_concurrency=1, per_host_concurrency=1, check_fragments=True)
    found = check_urls([*urls[:3], *(u + "#a" for u in urls[3:])], config)
    assert {r.status for r in found.values()} == {LinkStatus.OK}
    seen = [s for s in server.seen if s.path in paths]
    assert [s.method for s in seen] == ["HEAD"] * 3 + ["GET"] * 3  # bodies read to the end
    assert len({s.peer for s in seen}) == 1  # one connection for all six
    assert all(s.authorization == "" for s in seen)


def _no_network_prefix() -> list[str] | None:
    """A command prefix that runs a process in a network namespace of its own (no interface but
    a down loopback): the machine without network, for real. None where that is not allowed."""
    unshare = shutil.which("unshare")
    if unshare is None:
        return None
    probe = subprocess.run([unshare, "-rn", "true"], capture_output=True, check=False)
    return [unshare, "-rn"] if probe.returncode == 0 else None


def test_the_issue_without_network_for_real(tmp_path: Path) -> None:
    """The report of issue 13: every external link of a real-looking corpus failed its lookup,
    was reported broken, exited 2 and was cached. Run in a namespace without network."""
    prefix = _no_network_prefix()
    if prefix is None:
        pytest.skip("cannot make a network namespace here (unshare -rn)")
    urls = [
        "https://arxiv.org/abs/1810.04805",
        "https://github.com/google-research/bert",
        "https://zhuanlan.zhihu.com/p/46652512",
        "https://jalammar.github.io/illustrated-bert/",
    ]
    corpus = _corpus(tmp_path / "notes", urls)
    env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
    env.pop("GITHUB_STEP_SUMMARY", None)
    done = subprocess.run(
        [*prefix, sys.executable, "-m", "noteatlas", "check", str(corpus), "-j", "1"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == Exit.RUNTIME, done.stdout + done.stderr
    assert done.stdout.count("error: no network?") == 1
    assert "broken" not in done.stdout.replace("nothing else broken", "")
    with sqlite3.connect(corpus / ".noteatlas" / CACHE_FILE) as db:
        assert db.execute("SELECT count(*) FROM links").fetchone()[0] == 0
    db.close()
