"""The link cache: reused across runs, keyed by the answer-changing options, kept on Ctrl-C."""

from __future__ import annotations

import os
import signal
import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from httpfaults import FaultServer, RawServer, Reply, fast_config, html, redirect

from noteatlas.linkcheck.cache import CACHE_FILE, LinkCache, read_link_statuses
from noteatlas.linkcheck.config import CheckConfig
from noteatlas.linkcheck.external import run_external
from noteatlas.linkcheck.results import LinkResult, LinkStatus, Occurrence
from noteatlas.linkcheck.scheduler import CheckInterrupted, check_urls


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "ALL_PROXY",
        "http_proxy",
        "https_proxy",
        "all_proxy",
    ):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="module")
def server() -> Iterator[FaultServer]:
    with FaultServer("127.0.0.1") as srv:
        yield srv


@pytest.fixture
def site(server: FaultServer, request: pytest.FixtureRequest) -> dict[str, str]:
    """Fresh paths for each test (the server is shared): ok, gone, moved, blocked, down."""
    prefix = f"/{request.node.name.replace('[', '-').replace(']', '')}"
    return {
        "ok": server.route(f"{prefix}/ok", html('<h1 id="top-title">t</h1>')),
        "ok2": server.route(f"{prefix}/ok2", html("<p>another</p>")),
        "gone": server.route(f"{prefix}/gone", Reply(404)),
        "moved": server.route(f"{prefix}/moved", redirect(f"{prefix}/ok", 301)),
        "blocked": server.route(f"{prefix}/blocked", Reply(403)),
        "down": server.route(f"{prefix}/down", Reply(502)),
        "limited": server.route(f"{prefix}/limited", Reply(429)),
    }


def _requests(server: FaultServer, urls: list[str]) -> dict[str, int]:
    return {url: server.count(url.split(str(server.port), 1)[1]) for url in urls}


def test_second_run_is_answered_from_the_cache(
    server: FaultServer, site: dict[str, str], tmp_path: Path
) -> None:
    stable = [site["ok"], site["gone"], site["moved"], site["blocked"]]
    with LinkCache(tmp_path / CACHE_FILE) as cache:
        first = check_urls(stable, fast_config(), cache=cache)
    asked = _requests(server, stable)
    with LinkCache(tmp_path / CACHE_FILE) as cache:
        second = check_urls(stable, fast_config(), cache=cache)
    assert _requests(server, stable) == asked  # the server saw no repeat
    assert all(r.from_cache for r in second.values())
    for url in stable:
        assert (second[url].status, second[url].code, second[url].final_url) == (
            first[url].status,
            first[url].code,
            first[url].final_url,
        )


def test_transient_answers_are_not_cached(
    server: FaultServer, site: dict[str, str], tmp_path: Path
) -> None:
    transient = [site["down"], site["limited"]]
    config = fast_config(retries=0)
    with LinkCache(tmp_path / CACHE_FILE) as cache:
        found = check_urls(transient, config, cache=cache)
        assert [found[u].status for u in transient] == [LinkStatus.ERROR, LinkStatus.BLOCKED]
        check_urls(transient, config, cache=cache)
    assert _requests(server, transient) == {url: 2 for url in transient}


@pytest.mark.parametrize(
    "changed",
    [{"check_fragments": True}, {"accept": [403]}, {"headers": {"Authorization": "token t"}}],
)
def test_options_that_change_answers_miss_the_cache(
    server: FaultServer, site: dict[str, str], tmp_path: Path, changed: dict[str, object]
) -> None:
    urls = [site["ok"], site["blocked"]]
    with LinkCache(tmp_path / CACHE_FILE) as cache:
        check_urls(urls, fast_config(), cache=cache)
        asked = _requests(server, urls)
        again = check_urls(urls, fast_config(**changed), cache=cache)
    assert not any(r.from_cache for r in again.values())
    assert all(_requests(server, [u])[u] > asked[u] for u in urls)


def test_options_that_do_not_change_answers_hit_the_cache() -> None:
    assert (
        fast_config().cache_key_digest()
        == fast_config(read_timeout=9, retries=5).cache_key_digest()
    )
    assert CheckConfig().cache_key_digest() != CheckConfig(accept=[999]).cache_key_digest()


def test_old_results_expire(server: FaultServer, site: dict[str, str], tmp_path: Path) -> None:
    with LinkCache(tmp_path / CACHE_FILE) as cache:
        check_urls([site["ok"]], fast_config(), cache=cache)
        check_urls([site["ok"]], fast_config(max_age=0), cache=cache)
        options = fast_config().cache_key_digest()
        assert cache.get(site["ok"], options, max_age=60) is not None
        assert cache.get(site["ok"], options, max_age=60, now=time.time() + 3600) is None
    assert _requests(server, [site["ok"]])[site["ok"]] == 2


def test_fragments_share_the_page_entry_unless_checked(
    tmp_path: Path, site: dict[str, str]
) -> None:
    with LinkCache(tmp_path / CACHE_FILE) as cache:
        check_urls([site["ok"] + "#a"], fast_config(), cache=cache)
        hit = check_urls([site["ok"] + "#b"], fast_config(), cache=cache)
    assert hit[site["ok"] + "#b"].from_cache


def test_answers_are_committed_while_the_check_waits_for_more(
    server: FaultServer, site: dict[str, str], tmp_path: Path
) -> None:
    """Answers that arrive together are committed in one transaction (one commit per answer
    was a third of a cold check's CPU), as soon as no other answer is waiting: a second reader
    sees the quick answers while a slow page is still on its way."""
    release = threading.Event()

    def slow(_seen: object) -> Reply:
        release.wait(5)
        return html("<p>late</p>")

    late = server.route(urlsplit(site["ok"]).path.rsplit("/", 1)[0] + "/late", slow)
    path = tmp_path / CACHE_FILE
    quick = (site["ok"], site["gone"])
    seen: list[int] = []

    def look() -> None:
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and not seen:
            try:
                with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as other:
                    rows = other.execute(
                        "SELECT count(*) FROM links WHERE url IN (?, ?)", quick
                    ).fetchone()
                other.close()
            except sqlite3.Error:  # not made yet
                rows = (0,)
            if rows[0] == 2:
                seen.append(rows[0])
            time.sleep(0.02)
        release.set()

    reader = threading.Thread(target=look)
    reader.start()
    with LinkCache(path) as cache:
        found = check_urls([*quick, late], fast_config(read_timeout=8.0), cache=cache)
    reader.join()
    assert seen == [2], "the quick answers were not visible while the slow one was awaited"
    assert found[late].status is LinkStatus.OK
    with sqlite3.connect(path) as other:
        assert other.execute("SELECT count(*) FROM links").fetchone()[0] == 3
    other.close()


def test_ctrl_c_keeps_what_was_learned_and_the_next_run_resumes(
    server: FaultServer, site: dict[str, str], tmp_path: Path
) -> None:
    urls = [site["ok"], site["gone"], site["ok2"], site["blocked"]]  # no redirect: one request each
    seen: list[str] = []

    def interrupt_after_two(result: LinkResult) -> None:
        seen.append(result.url)
        if len(seen) == 2:
            signal.raise_signal(signal.SIGINT)  # a real Ctrl-C, delivered to this thread

    config = fast_config(max_concurrency=1)
    with LinkCache(tmp_path / CACHE_FILE) as cache, pytest.raises(CheckInterrupted) as stop:
        check_urls(urls, config, cache=cache, on_result=interrupt_after_two)
    learned = set(stop.value.results)
    # Two, or more when the check ran in a thread of its own (a loop already ran in this one)
    # and answers came in before the signal reached this thread.
    assert learned == set(seen) and len(learned) >= 2
    asked = _requests(server, sorted(learned))

    with LinkCache(tmp_path / CACHE_FILE) as cache:
        resumed = check_urls(urls, config, cache=cache)
    assert {u for u, r in resumed.items() if r.from_cache} == learned
    assert _requests(server, sorted(learned)) == asked  # never asked again
    assert set(resumed) == set(urls)


def test_run_external_interrupted_keeps_partial_results(
    site: dict[str, str], tmp_path: Path
) -> None:
    silent = RawServer("silent").start()
    path = tmp_path / CACHE_FILE
    fast = [site["ok"], site["gone"]]

    def press_ctrl_c() -> None:
        # Once the fast answers are in the cache and the silent server holds a request, the run
        # can only be waiting: interrupt it as a user would.
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            if silent.accepted and path.exists():
                with sqlite3.connect(path) as db:
                    stored = db.execute("SELECT count(*) FROM links").fetchone()[0]
                db.close()
                if stored == len(fast):
                    os.kill(os.getpid(), signal.SIGINT)
                    return
            time.sleep(0.02)

    targets = {url: [Occurrence(file="a.md", line=3, column=1, target=url)] for url in fast}
    targets[silent.url()] = [Occurrence(file="b.md", line=1, column=5, target=silent.url())]
    watcher = threading.Thread(target=press_ctrl_c)
    watcher.start()
    try:
        run = run_external(
            targets, fast_config(read_timeout=10, retries=0), cache_dir=tmp_path, progress=True
        )
    finally:
        watcher.join()
        silent.stop()
    assert run.interrupted
    assert {r.url for r in run.results} == set(fast)
    assert all(r.occurrences == targets[r.url] for r in run.results)


def test_run_external_attaches_occurrences_and_works_offline(
    site: dict[str, str], tmp_path: Path
) -> None:
    where = Occurrence(file="notes/a.md", line=7, column=3, target=site["gone"], kind="inline")
    targets = {site["gone"]: [where], site["ok"]: []}
    online = run_external(targets, fast_config(), cache_dir=tmp_path, progress=False)
    assert [(r.url, r.status, r.occurrences) for r in online.results] == [
        (site["gone"], LinkStatus.BROKEN, [where]),
        (site["ok"], LinkStatus.OK, []),
    ]
    unknown = site["ok"].replace("/ok", "/never-checked")
    targets[unknown] = []
    offline = run_external(targets, fast_config(), cache_dir=tmp_path, offline=True)
    assert [(r.status, r.from_cache) for r in offline.results] == [
        (LinkStatus.BROKEN, True),
        (LinkStatus.OK, True),
        (LinkStatus.EXCLUDED, False),
    ]
    assert not online.problems and not offline.problems


def test_damaged_cache_is_rebuilt(site: dict[str, str], tmp_path: Path) -> None:
    path = tmp_path / CACHE_FILE
    path.write_bytes(b"this is not a database" * 100)
    with LinkCache(path) as cache:
        assert cache.rebuilt and not cache.problems
        found = check_urls([site["ok"]], fast_config(), cache=cache)
    assert found[site["ok"]].status is LinkStatus.OK
    with LinkCache(path) as cache:
        assert not cache.rebuilt
        assert cache.get(site["ok"], fast_config().cache_key_digest(), 60) is not None


def test_build_reads_the_latest_status_read_only(site: dict[str, str], tmp_path: Path) -> None:
    assert read_link_statuses(tmp_path / "nothing-here") == {}
    run_external({site["gone"]: [], site["moved"]: []}, fast_config(), cache_dir=tmp_path)
    before = (tmp_path / CACHE_FILE).read_bytes()
    statuses = read_link_statuses(tmp_path)
    assert statuses[site["gone"]].status is LinkStatus.BROKEN
    assert statuses[site["moved"]].final_url == site["ok"]
    assert (tmp_path / CACHE_FILE).read_bytes() == before
    (tmp_path / CACHE_FILE).write_bytes(b"garbage")
    assert read_link_statuses(tmp_path) == {}
