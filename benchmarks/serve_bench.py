"""How long a save takes to show up in the open explorer under ``noteatlas serve``.

    python benchmarks/serve_bench.py [--notes 300] [--edits 5]

Generates a corpus (``make_corpus.py``), starts ``noteatlas serve`` on it (port 0), opens the
explorer in headless Debian chromium (Playwright), then saves notes one at a time and measures,
for each save, from the write to:

- ``explorer written``: the server's ``rebuilt`` event naming explorer.html (its ``seconds``
  count from the moment the watcher noticed the save, so the poll wait is added apart);
- ``page drawn``: the reloaded page has drawn its first frame and put the view back
  (``noteatlasLive.restored``), what a person sees.

Two kinds of save: a line mentioning a concept the note did not mention (the concept names stay
the same, so only that note is matched again), and a new note about a new concept (every note is
matched again against the new names). Medians and fastest of ``--edits`` saves each, with the
load average (the machine is shared).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def start(notes: Path, out: Path) -> tuple[subprocess.Popen[str], str]:
    """``noteatlas serve`` on a free port; the process and its base URL."""
    command = [
        sys.executable,
        "-m",
        "noteatlas",
        "serve",
        str(notes),
        "-o",
        str(out),
        "--port",
        "0",
    ]
    proc = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=ENV
    )
    assert proc.stdout is not None
    for line in proc.stdout:
        found = re.search(r"Serving (http://127\.0\.0\.1:\d+/)", line)
        if found:
            threading.Thread(target=lambda: [None for _ in proc.stdout or []], daemon=True).start()
            return proc, found.group(1)
    raise SystemExit("serve did not start")


class Events:
    """The server's event stream, read in a thread: when each rebuilt file was announced."""

    def __init__(self, base: str) -> None:
        self.seen: list[tuple[float, dict[str, Any]]] = []
        self._stream = urllib.request.urlopen(
            base + "__noteatlas__/events?build=1000000", timeout=600
        )
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for raw in self._stream:
            line = raw.decode("utf-8").rstrip("\n")
            if line.startswith("data: "):
                self.seen.append((time.perf_counter(), json.loads(line[6:])))

    def wait_for(
        self, name: str, after: float, timeout: float = 300
    ) -> tuple[float, dict[str, Any]]:
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            for at, data in self.seen:
                if at > after and name in data.get("files", []):
                    return at, data
            time.sleep(0.005)
        raise SystemExit(f"no event for {name}")


def main(argv: list[str] | None = None) -> int:
    """Run the saves and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=300)
    parser.add_argument("--edits", type=int, default=5)
    args = parser.parse_args(argv)
    from browser import launch_options
    from playwright.sync_api import sync_playwright

    import noteatlas
    from noteatlas.config import Config

    with tempfile.TemporaryDirectory(prefix="noteatlas-serve-") as tmp:
        work = Path(tmp)
        notes = work / "notes"
        subprocess.run(
            [sys.executable, str(HERE / "make_corpus.py"), str(notes), "--notes", str(args.notes)],
            check=True, capture_output=True, env=ENV,
        )  # fmt: skip
        atlas = noteatlas.build(notes, Config(cache=False))
        names = [
            c.name for c in atlas.concepts() if re.fullmatch(r"[A-Za-z][A-Za-z0-9-]{2,}", c.name)
        ]
        proc, base = start(notes, work / "site")
        events = Events(base)
        rows: dict[str, list[tuple[float, float]]] = {"mention": [], "new concept": []}
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(**launch_options())
                page = browser.new_page(viewport={"width": 1440, "height": 900})
                page.goto(base + "explorer.html")
                page.wait_for_function("window.noteatlasReady === true", timeout=120_000)
                page.evaluate("noteatlas.select(noteatlas.search('BERT')[0] || null)")
                notes_list = sorted(notes.rglob("*.md"))
                for i in range(args.edits * 2):
                    kind = "mention" if i % 2 == 0 else "new concept"
                    build = page.evaluate("noteatlasLive.build")
                    time.sleep(0.5)  # the watcher is mid-wait, as it is when a person saves
                    t0 = time.perf_counter()
                    if kind == "mention":
                        with notes_list[(7 * i) % len(notes_list)].open(
                            "a", encoding="utf-8"
                        ) as fh:
                            fh.write(f"\n\n这里也提到 {names[i % len(names)]}。\n")
                    else:
                        (notes / f"新概念{i}.md").write_text(
                            f"# Zorblax{i}\n\nZorblax{i} 是一种基于 BERT 的模型。\n",
                            encoding="utf-8",
                        )
                    at, _ = events.wait_for("explorer.html", t0)
                    page.wait_for_function(
                        f"window.noteatlasLive && noteatlasLive.build > {build} && noteatlasLive.restored",
                        timeout=300_000,
                    )
                    rows[kind].append((at - t0, time.perf_counter() - t0))
                browser.close()
        finally:
            proc.terminate()
            proc.wait(30)
    load = os.getloadavg()[0]
    print(f"{args.notes} notes, {args.edits} saves of each kind; load average {load:.1f}")
    print(f"{'save':<14} {'explorer written s':>19} {'page drawn s':>13}   (median / fastest)")
    for kind, found in rows.items():
        written = [w for w, _ in found]
        drawn = [d for _, d in found]
        print(
            f"{kind:<14} {statistics.median(written):>9.2f} / {min(written):<7.2f}"
            f" {statistics.median(drawn):>6.2f} / {min(drawn):.2f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
