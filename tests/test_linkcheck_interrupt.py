"""Ctrl-C on a real ``noteatlas check`` process stuck on a slow server: it ends at once.

The process checks two quick URLs and one on a server that drips its answer for 30 s (every read
gets a byte, so no read timeout fires). Once the quick results are in the cache and the slow
request is in flight, the test sends SIGINT as a terminal would. The only time bound is a generous
one that only a hang breaks (10 s against the 30 s drip).
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from httpfaults import DripServer, FaultServer, Reply, html

HANG = 10.0  # seconds; a process still running after this is hung
SLOW_ANSWER = b"HTTP/1.1 200 OK\r\nX-Slow: " + b"z" * 400 + b"\r\nContent-Length: 0\r\n\r\n"


@pytest.fixture(scope="module")
def fast() -> Iterator[FaultServer]:
    with FaultServer("127.0.0.1") as server:
        server.route("/ok", html("fine"))
        server.route("/gone", Reply(404))
        yield server


def _corpus(folder: Path, fast: FaultServer, slow: DripServer) -> Path:
    folder.mkdir()
    note = f"# Links\n\n- <{fast.url('/ok')}>\n- <{fast.url('/gone')}>\n- <{slow.url('/slow')}>\n"
    (folder / "links.md").write_text(note, encoding="utf-8")
    # No total_timeout here: the per-read timeout alone never ends the drip.
    config = "[check]\nread_timeout = 20\nretries = 0\n"
    (folder / "noteatlas.toml").write_text(config, encoding="utf-8")
    return folder


def _stored(cache: Path) -> int:
    if not cache.exists():
        return 0
    try:
        with sqlite3.connect(cache) as db:
            rows: int = db.execute("SELECT count(*) FROM links").fetchone()[0]
        db.close()
    except sqlite3.Error:  # created but no table yet
        return 0
    return rows


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
    env.pop("GITHUB_STEP_SUMMARY", None)
    return env


@pytest.mark.parametrize("second_after", [None, 0.0, 0.1], ids=["once", "twice", "twice-later"])
def test_ctrl_c_ends_a_hung_check_at_once(
    fast: FaultServer, tmp_path: Path, second_after: float | None
) -> None:
    with DripServer(SLOW_ANSWER, interval=0.05, seconds=30) as slow:
        corpus = _corpus(tmp_path / "notes", fast, slow)
        cache = corpus / ".noteatlas" / "links.sqlite"
        command = [sys.executable, "-m", "noteatlas", "check", str(corpus), "--allow-private"]
        proc = subprocess.Popen(
            [*command, "-j", "1"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=_env(),
        )
        try:
            ready = time.monotonic() + 30
            while not (slow.accepted and _stored(cache) == 2):
                assert proc.poll() is None, proc.communicate()
                assert time.monotonic() < ready, "the check never reached the slow server"
                time.sleep(0.05)
            sent = time.monotonic()
            proc.send_signal(signal.SIGINT)
            if second_after is not None:
                time.sleep(second_after)
                proc.send_signal(signal.SIGINT)
            out, err = proc.communicate(timeout=HANG)
            took = time.monotonic() - sent
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.communicate()
        print(f"exit {proc.returncode} {took:.2f}s after the first Ctrl-C")  # for the report
        # A second Ctrl-C, however late (even during interpreter shutdown), changes nothing.
        assert proc.returncode == 130, err
        assert "Traceback" not in err and "Exception ignored" not in err, err
        assert slow.finished == 0
    # The cache is whole: both quick answers, readable, and nothing half-written.
    with sqlite3.connect(cache) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        rows = db.execute("SELECT url, status FROM links ORDER BY url").fetchall()
    db.close()
    assert rows == [(fast.url("/gone"), "broken"), (fast.url("/ok"), "ok")]
    if second_after is None:  # one Ctrl-C: the report of what was learned is printed
        assert "/gone" in out
