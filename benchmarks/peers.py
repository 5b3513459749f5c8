"""The tools noteatlas is measured against, each run as a child process.

The floor is a bare single-process markdown-it-py parse of every file (reading included), in the
project's own interpreter. The Python peer, obsidiantools, lives in its own virtual environment
(``benchmarks/out/peers-venv``, pinned by ``benchmarks/requirements-peers.txt``) so that it never
touches the project's ``.venv``.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

__all__ = ["FLOOR_SCRIPT", "PEER_SCRIPT", "REQUIREMENTS", "ensure_peers_venv", "floor_command"]

REQUIREMENTS = Path(__file__).resolve().parent / "requirements-peers.txt"
"""Pinned versions of the peers and everything they pull in."""

FLOOR_SCRIPT = """
import json, sys, time
from pathlib import Path
from markdown_it import MarkdownIt

root = Path(sys.argv[1])
md = MarkdownIt("commonmark").enable("table")
files = sorted(
    p for p in root.rglob("*.md")
    if not any(part.startswith(".") for part in p.relative_to(root).parts)
)
start = time.perf_counter()
tokens = 0
for path in files:
    tokens += len(md.parse(path.read_text(encoding="utf-8")))
print(json.dumps({"files": len(files), "tokens": tokens, "seconds": time.perf_counter() - start}))
"""
"""Read and parse every note of the corpus (argv[1]) with markdown-it-py, one process."""

PEER_SCRIPT = """
import json, sys, warnings
from pathlib import Path
warnings.simplefilter("ignore")
import obsidiantools.api as otools

vault = otools.Vault(Path(sys.argv[1])).connect().gather()
print(json.dumps({"notes": len(vault.md_file_index), "missing": len(vault.nonexistent_notes)}))
"""
"""obsidiantools' documented entry point: build the vault graph, then gather the notes' text."""


def floor_command(corpus: Path) -> list[str]:
    """The markdown-it-py floor, in the interpreter running the benchmarks."""
    return [sys.executable, "-c", FLOOR_SCRIPT, str(corpus)]


def peer_command(python: Path, corpus: Path) -> list[str]:
    """obsidiantools on ``corpus``, in the peers' interpreter."""
    return [str(python), "-c", PEER_SCRIPT, str(corpus)]


def ensure_peers_venv(venv: Path) -> tuple[Path | None, str]:
    """Create or reuse the peers' venv; returns its python, or ``None`` and the reason it failed.

    The venv is rebuilt only when ``requirements-peers.txt`` changes (a hash is kept inside it).
    """
    python = venv / "bin" / "python"
    wanted = hashlib.sha256(REQUIREMENTS.read_bytes()).hexdigest()
    stamp = venv / ".requirements.sha256"
    if python.exists() and stamp.is_file() and stamp.read_text(encoding="ascii").strip() == wanted:
        return python, ""
    steps = [
        [sys.executable, "-m", "venv", "--clear", str(venv)],
        [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", "-r",
         str(REQUIREMENTS)],
    ]  # fmt: skip
    for step in steps:
        try:
            done = subprocess.run(step, capture_output=True, text=True, timeout=1200, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            return None, f"{' '.join(step[:4])}: {exc}"
        if done.returncode != 0:
            lines = [x for x in (done.stderr or done.stdout).splitlines() if "WARNING" not in x]
            return None, f"{' '.join(step[:4])} exited {done.returncode}: " + " | ".join(lines[-3:])
    stamp.write_text(wanted + "\n", encoding="ascii")
    return python, ""


def peer_version(python: Path) -> str:
    """The installed obsidiantools version, for the results."""
    code = "import importlib.metadata as m; print(m.version('obsidiantools'))"
    try:
        done = subprocess.run([str(python), "-c", code], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"
    return done.stdout.strip() or "unknown"
