"""``noteatlas serve``: a real server on 127.0.0.1 that serves the output folder and nothing else,
a watcher that notices saves, and a page in Chromium that follows an edited note and keeps its
view."""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser import watch_page

import noteatlas
from noteatlas.config import Config
from noteatlas.schema import EdgeKind
from noteatlas.server import EVENTS, LIVE_JS, LiveSite, SiteServer
from noteatlas.watch import Watcher, changed, snapshot

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    out = tmp_path / "site"
    out.mkdir()
    (out / "explorer.html").write_text("<html><body><p>atlas</p></body></html>", "utf-8")
    (out / "atlas.json").write_text("{}", "utf-8")
    (out / "sub").mkdir()
    (out / "sub" / "page.html").write_text("<html><BODY>x</BODY></html>", "utf-8")
    (out / ".noteatlas-output").write_text("marker", "utf-8")
    (tmp_path / "secret.md").write_text("my private note", "utf-8")
    (out / "escape.md").symlink_to(tmp_path / "secret.md")
    (out / "escape-dir").symlink_to(tmp_path)
    return out


@pytest.fixture
def server(site: Path) -> Iterator[SiteServer]:
    live = LiveSite(site.resolve())
    live.publish("rebuilt", {"files": []})
    srv = SiteServer(("127.0.0.1", 0), live)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    try:
        yield srv
    finally:
        srv.shutdown()
        srv.server_close()


def get(
    srv: SiteServer, path: str, method: str = "GET", host: str | None = None
) -> tuple[int, dict[str, str], bytes]:
    """One raw request: ``path`` goes out exactly as given (no client-side normalising)."""
    port = srv.server_address[1]
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.putrequest(method, path, skip_host=True)
        conn.putheader("Host", host or f"127.0.0.1:{port}")
        conn.endheaders()
        resp = conn.getresponse()
        return resp.status, dict(resp.getheaders()), resp.read()
    finally:
        conn.close()


def test_serves_the_output_folder_with_the_live_script(server: SiteServer) -> None:
    status, headers, body = get(server, "/explorer.html")
    assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
    assert body.endswith(
        b'<script src="/__noteatlas__/live.js" data-build="1"></script></body></html>'
    )
    assert headers["Cache-Control"] == "no-store"
    assert get(server, "/")[2] == body  # the explorer is the index
    assert get(server, "/sub/page.html")[2].endswith(b"</script></BODY></html>")
    assert get(server, "/atlas.json")[2] == b"{}"  # only HTML gets the script
    status, headers, script = get(server, LIVE_JS)
    assert status == 200 and b"EventSource" in script
    status, headers, body = get(server, "/explorer.html", method="HEAD")
    assert status == 200 and body == b"" and int(headers["Content-Length"]) > 0


@pytest.mark.parametrize(
    "path",
    [
        "/../secret.md",
        "/%2e%2e/secret.md",
        "/sub/../../secret.md",
        "/sub/%2e%2e/%2e%2e/secret.md",
        "/..%2fsecret.md",
        "/%2E%2E%5Csecret.md",
        "//etc/passwd",
        "/escape.md",
        "/escape-dir/secret.md",
        "/.noteatlas-output",
        "/explorer.html%00.md",
        "/missing.html",
    ],
)
def test_never_serves_a_file_outside_the_output_folder(server: SiteServer, path: str) -> None:
    status, _, body = get(server, path)
    assert status == 404, path
    assert b"private" not in body


def test_answers_only_requests_for_its_loopback_names(server: SiteServer) -> None:
    port = server.server_address[1]
    for host in (f"localhost:{port}", f"127.0.0.1:{port}"):
        assert get(server, "/explorer.html", host=host)[0] == 200
    for host in (f"attacker.example:{port}", "127.0.0.1", f"localhost:{port + 1}"):
        assert get(server, "/explorer.html", host=host)[0] == 403
    assert get(server, "/explorer.html", method="POST")[0] == 501


def read_events(srv: SiteServer, build: int, count: int) -> list[tuple[str, dict[str, Any]]]:
    """The first ``count`` events of a stream opened as a page of ``build``."""
    port = srv.server_address[1]
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", f"{EVENTS}?build={build}", headers={"Host": f"127.0.0.1:{port}"})
    resp = conn.getresponse()
    assert resp.status == 200 and resp.getheader("Content-Type", "").startswith("text/event-stream")
    found: list[tuple[str, dict[str, Any]]] = []
    event = ""
    while len(found) < count:
        line = resp.fp.readline().decode("utf-8").rstrip("\n")
        if line.startswith("event: "):
            event = line[7:]
        elif line.startswith("data: "):
            found.append((event, json.loads(line[6:])))
    conn.close()
    return found


def test_events_reach_open_pages_and_pages_that_missed_them(server: SiteServer) -> None:
    live = server.site
    got: list[list[tuple[str, dict[str, Any]]]] = []
    reader = threading.Thread(target=lambda: got.append(read_events(server, live.build, 2)))
    reader.start()
    deadline = time.monotonic() + 10
    while live.listeners < 1 and time.monotonic() < deadline:  # open before anything is sent
        time.sleep(0.01)
    live.publish("rebuilt", {"files": ["explorer.html"]})
    live.publish("failed", {"message": "boom"})
    reader.join(10)
    assert got == [
        [
            ("rebuilt", {"files": ["explorer.html"], "build": 2}),
            ("failed", {"message": "boom", "build": 2}),
        ]
    ]
    live.publish("rebuilt", {"files": ["mindmap.html"]})
    # A page served at build 1 that connects now is told at once what it missed.
    ((event, data),) = read_events(server, 1, 1)
    assert event == "rebuilt" and data["build"] == 3
    assert data["files"] == ["explorer.html", "mindmap.html"]


def test_watcher_notices_saves_renames_and_deletions(tmp_path: Path) -> None:
    root = tmp_path / "notes"
    (root / "a").mkdir(parents=True)
    (root / "a" / "one.md").write_text("# One\n", "utf-8")
    (root / ".hidden").mkdir()
    (root / "site").mkdir()
    (root / "site" / ".noteatlas-output").write_text("", "utf-8")
    before = snapshot(root)
    assert list(before) == ["a/one.md"]
    (root / ".hidden" / "x.md").write_text("x", "utf-8")
    (root / "site" / "explorer.html").write_text("x", "utf-8")
    assert snapshot(root) == before  # hidden and output folders are not the notes

    watcher = Watcher(root)
    stop = threading.Event()
    (root / "a" / "one.md").write_text("# One, longer\n", "utf-8")
    assert watcher.wait(stop) == ["a/one.md"]
    (root / "a" / "one.md").rename(root / "two.md")
    assert watcher.wait(stop) == ["a/one.md", "two.md"]
    stop.set()
    assert watcher.wait(stop) == []
    assert changed({"x": (1, 1)}, {"x": (1, 2), "y": (0, 0)}) == ["x", "y"]


# -- the whole command, in a subprocess, with a page in Chromium -----------------------------


def _start_serve(notes: Path, out: Path) -> tuple[subprocess.Popen[str], str]:
    env = {k: v for k, v in os.environ.items() if k != "NOTEATLAS_DEBUG"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "noteatlas", "serve", str(notes), "-o", str(out), "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    assert proc.stdout is not None
    lines = []
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        lines.append(line)
        found = re.search(r"Serving (http://127\.0\.0\.1:\d+/)explorer\.html", line)
        if found:
            return proc, found.group(1)
    proc.kill()
    pytest.fail("serve did not start:\n" + "".join(lines))


_EDGES = """() => { const out = []; for (let j = 0; ; j++) {
  const e = noteatlas.edge("e" + j); if (!e) return out; out.push([e.from, e.kind, e.to]); } }"""


def test_a_save_that_states_nothing_new_writes_nothing(tmp_path: Path) -> None:
    """A rebuild whose atlas's parts are those of the last (pipeline/parts.py) leaves every
    output as it is and tells no page; one that changes them, or finds an output changed
    since, writes again."""
    import argparse
    import io

    from noteatlas.cli.serve import _Site

    notes, out = tmp_path / "notes", tmp_path / "site"
    shutil.copytree(FIXTURES / "vault", notes)
    args = argparse.Namespace(link_base=None, quiet=True)
    site = _Site(notes, Config(jobs=1), out, args, io.StringIO())
    assert "explorer.html" in site.rebuild()

    def stamps() -> dict[str, tuple[int, int]]:
        return {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in out.iterdir()}

    before = stamps()
    with (notes / "README.md").open("a", encoding="utf-8") as fh:
        fh.write("\n补充一行。\n")
    told: list[list[str]] = []
    assert site.rebuild(told.append) == [] and told == []
    assert stamps() == before
    (out / "report.md").write_text("edited", encoding="utf-8")
    with (notes / "README.md").open("a", encoding="utf-8") as fh:
        fh.write("\n再补充一行。\n")
    site.rebuild()  # the parts are the same, the files are not: written again
    assert (out / "report.md").read_text(encoding="utf-8") != "edited"
    with (notes / "README.md").open("a", encoding="utf-8") as fh:
        fh.write("\n见 [新链接](https://example.org/new)\n")
    assert "atlas.json" in site.rebuild(told.append) and told


def test_a_saved_note_shows_up_in_the_open_explorer_which_keeps_its_view(
    tmp_path: Path, chromium_browser: Any
) -> None:
    notes = tmp_path / "notes"
    shutil.copytree(FIXTURES / "vault", notes)
    atlas = noteatlas.build(notes, Config(cache=False, jobs=1))
    # A note and a concept it does not mention yet, named in plain Latin letters.
    mentioned = {(e.source, e.target) for e in atlas.edges(EdgeKind.MENTIONS)}
    concept = next(
        c for c in atlas.concepts() if re.fullmatch(r"[A-Za-z][A-Za-z0-9]{2,}", c.name)
        and not c.builtin and c.id != "concept:bert"
    )  # fmt: skip
    note = next(n for n in atlas.notes() if (n.id, concept.id) not in mentioned)
    new_edge = [note.id, "mentions", concept.id]

    proc, base = _start_serve(notes, tmp_path / "site")
    context, watch = watch_page(chromium_browser, allow=(base,))
    try:
        page = watch.page
        page.goto(base + "explorer.html")
        page.wait_for_function("window.noteatlasReady === true", timeout=60_000)
        assert new_edge not in page.evaluate(_EDGES)
        page.evaluate("noteatlas.select('concept:bert')")
        page.evaluate("noteatlas.zoom(1.7); noteatlas.pan(-40)")  # the timeline's own camera
        before = page.evaluate(
            "({selected: noteatlas.selected(), view: noteatlas.view(),"
            " state: noteatlas.viewState(), build: noteatlasLive.build})"
        )
        assert before["selected"] == "concept:bert" and before["build"] == 1
        assert before["state"]["fitted"] is False  # zoomed: a view worth keeping

        with (notes / note.path).open("a", encoding="utf-8") as fh:
            fh.write(f"\n\n这里也用到了 {concept.name}。\n")

        page.wait_for_function(
            "window.noteatlasLive && noteatlasLive.build > 1 && noteatlasLive.restored",
            timeout=120_000,
        )
        assert new_edge in page.evaluate(_EDGES)  # the page changed
        after = page.evaluate(
            "({selected: noteatlas.selected(), view: noteatlas.view(), state: noteatlas.viewState()})"
        )
        assert after["selected"] == "concept:bert"  # the view was kept
        assert after["state"]["fitted"] is False
        # the same stretch of time across the plot (kept as periods, so a new export that moved
        # the axis still shows it)
        for end in ("from", "to"):
            *period, fraction = after["state"]["timeline"][end]
            assert period == before["state"]["timeline"][end][:-1]
            assert fraction == pytest.approx(before["state"]["timeline"][end][-1], abs=1e-3)
        assert after["view"]["z"] == pytest.approx(before["view"]["z"], rel=1e-2)
        watch.assert_clean()
    finally:
        context.close()
        proc.send_signal(signal.SIGINT)
        try:
            output, _ = proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            output, _ = proc.communicate()
    assert proc.returncode == 0, output
    assert "Rebuilt in" in output and note.path in output and "Stopped." in output
