"""HTTP clients side by side (not a test): what one request costs in CPU, for choosing the link
checker's engine on numbers.

    .venv/bin/python benchmarks/http_clients_bench.py [--repeat 3] [--total 128] [--per-host 10]

The same 2,000 HEAD requests (no redirect followed) to the link benchmark's 20 loopback servers
(50 ms per answer), ``--total`` in flight at once and ``--per-host`` per host, by: noteatlas's own
engine (``check_urls``: HTTP/1.1 on asyncio streams, pinned connections, deadlines, gates), and,
in threads, ``requests.Session``, requests' adapter called directly (what the engine did per
request until it left requests) and urllib3's pool manager; in asyncio, aiohttp and httpx. None
of these is a dependency of noteatlas: they are installed from ``http_clients/requirements.txt``
into their own venv, ``benchmarks/out/clients-venv``. Each client runs in a fresh process; the table gives the median
wall and CPU seconds (imports included) and CPU per request.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import resource
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
VENV = ROOT / "benchmarks" / "out" / "clients-venv"
NOTEATLAS_PY = ROOT / ".venv" / "bin" / "python"
CLIENTS = ["noteatlas", "requests-session", "requests-adapter", "urllib3", "aiohttp", "httpx"]
#: Imported before the clock starts, so that CPU per request leaves imports out (given apart).
IMPORTS = {
    "noteatlas": ["noteatlas.linkcheck.scheduler", "noteatlas.linkcheck.fetch"],
    "requests-session": ["requests"],
    "requests-adapter": ["requests"],
    "urllib3": ["urllib3"],
    "aiohttp": ["asyncio", "aiohttp"],
    "httpx": ["asyncio", "httpx"],
}


# --- one client, in its own process ---------------------------------------------------------------


def _threaded(urls: list[str], total: int, per_host: int, fetch: Callable[[str], int]) -> list[int]:
    gates: dict[str, threading.BoundedSemaphore] = defaultdict(
        lambda: threading.BoundedSemaphore(per_host)
    )
    lock = threading.Lock()

    def one(url: str) -> int:
        with lock:
            gate = gates[urlsplit(url).netloc]
        with gate:
            return fetch(url)

    with ThreadPoolExecutor(total) as pool:
        return list(pool.map(one, urls))


def run_noteatlas(urls: list[str], total: int, per_host: int) -> list[Any]:
    """noteatlas's engine as ``noteatlas check`` runs it, without the cache."""
    from noteatlas.linkcheck.config import CheckConfig
    from noteatlas.linkcheck.scheduler import check_urls

    config = CheckConfig(
        max_concurrency=total, per_host_concurrency=per_host, allow_private=True, max_redirects=0
    )
    return [r.code for r in check_urls(urls, config).values()]


def run_requests_session(urls: list[str], total: int, per_host: int) -> list[Any]:
    """``Session.head`` in threads."""
    import requests

    session = requests.Session()
    adapter = requests.adapters.HTTPAdapter(pool_connections=64, pool_maxsize=per_host)
    session.mount("http://", adapter)

    def fetch(url: str) -> int:
        return session.head(url, allow_redirects=False, timeout=(10, 20)).status_code

    return _threaded(urls, total, per_host, fetch)


def run_requests_adapter(urls: list[str], total: int, per_host: int) -> list[Any]:
    """A prepared request straight to requests' adapter, in threads."""
    import requests

    adapter = requests.adapters.HTTPAdapter(pool_connections=64, pool_maxsize=per_host)
    headers = {"User-Agent": "bench", "Accept": "*/*"}

    def fetch(url: str) -> int:
        prepared = requests.PreparedRequest()
        prepared.prepare(method="HEAD", url=url, headers=headers)
        response = adapter.send(prepared, stream=True, timeout=(10, 20), verify=True, proxies={})
        response.raw.release_conn()
        return response.status_code

    return _threaded(urls, total, per_host, fetch)


def run_urllib3(urls: list[str], total: int, per_host: int) -> list[Any]:
    """urllib3's pool manager, in threads."""
    import urllib3

    manager = urllib3.PoolManager(num_pools=64, maxsize=per_host)
    timeout = urllib3.Timeout(connect=10, read=20)

    def fetch(url: str) -> int:
        return manager.request("HEAD", url, redirect=False, retries=False, timeout=timeout).status

    return _threaded(urls, total, per_host, fetch)


def run_aiohttp(urls: list[str], total: int, per_host: int) -> list[Any]:
    """aiohttp, one task per URL; the connector enforces both limits."""
    import asyncio

    import aiohttp

    async def main() -> list[int]:
        connector = aiohttp.TCPConnector(limit=total, limit_per_host=per_host)
        timeout = aiohttp.ClientTimeout(total=60, connect=10, sock_read=20)
        async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:

            async def one(url: str) -> int:
                async with session.head(url, allow_redirects=False) as response:
                    return response.status

            return list(await asyncio.gather(*(one(u) for u in urls)))

    return asyncio.run(main())


def run_httpx(urls: list[str], total: int, per_host: int) -> list[Any]:
    """httpx's async client, one task per URL, a semaphore per host."""
    import asyncio

    import httpx

    async def main() -> list[int]:
        limits = httpx.Limits(max_connections=total, max_keepalive_connections=total)
        gates: dict[str, asyncio.Semaphore] = defaultdict(lambda: asyncio.Semaphore(per_host))
        async with httpx.AsyncClient(limits=limits, timeout=20) as client:

            async def one(url: str) -> int:
                async with gates[urlsplit(url).netloc]:
                    return (await client.head(url)).status_code

            return list(await asyncio.gather(*(one(u) for u in urls)))

    return asyncio.run(main())


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def child(name: str, urls_file: Path, total: int, per_host: int) -> None:
    """Run one client and print its codes and times as JSON: CPU of the start-up and imports,
    and CPU and wall time of the requests."""
    for module in IMPORTS[name]:
        importlib.import_module(module)
    urls = json.loads(urls_file.read_text(encoding="utf-8"))
    ready = _cpu()
    start = time.perf_counter()
    codes = globals()["run_" + name.replace("-", "_")](urls, total, per_host)
    seconds = time.perf_counter() - start
    print(json.dumps({
        "wall": seconds,
        "cpu": _cpu() - ready,
        "imports_cpu": ready,
        "codes": dict(Counter(str(c) for c in codes)),
    }))  # fmt: skip


# --- the comparison -------------------------------------------------------------------------------


def install() -> Path | str:
    """The clients' venv (aiohttp, httpx, requests from the pinned requirements); its python."""
    python = VENV / "bin" / "python"
    if not python.exists():
        try:
            subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
            pip = [str(VENV / "bin" / "pip"), "install", "-q", "-r"]
            subprocess.run([*pip, str(HERE / "http_clients" / "requirements.txt")], check=True)
        except (OSError, subprocess.CalledProcessError) as exc:
            return f"the clients could not be installed: {exc}"
    return python


def main() -> int:
    """Start the servers, run every client ``--repeat`` times in turn, print the table."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--total", type=int, default=128)
    parser.add_argument("--per-host", type=int, default=10)
    parser.add_argument("--client", help=argparse.SUPPRESS)  # child mode
    parser.add_argument("--urls", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.client:
        child(args.client, args.urls, args.total, args.per_host)
        return 0
    sys.path.insert(0, str(HERE))
    import linkcheck_bench as bench

    python = install()
    if isinstance(python, str):
        print(python, file=sys.stderr)
        return 1
    bench.LOGS.mkdir(parents=True, exist_ok=True)
    servers, ports = bench.start_servers()
    runs: dict[str, list[dict[str, Any]]] = defaultdict(list)
    try:
        corpus = bench.write_corpus(ports)
        urls = sorted(corpus)
        urls_file = bench.BENCH / "client-urls.json"
        urls_file.write_text(json.dumps(urls), encoding="utf-8")
        env = bench.tool_env()
        for _ in range(args.repeat):
            for name in CLIENTS:
                exe = NOTEATLAS_PY if name == "noteatlas" else python
                cmd = [str(exe), __file__, "--client", name, "--urls", str(urls_file)]
                cmd += ["--total", str(args.total), "--per-host", str(args.per_host)]
                done = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
                if done.returncode != 0:
                    print(f"{name}: {done.stderr.strip()[-300:]}", file=sys.stderr)
                    continue
                result = json.loads(done.stdout)
                result["load"] = os.getloadavg()[0]
                runs[name].append(result)
                print(f"  {name}: {result}")
    finally:
        bench.stop_servers(servers)
    loads = [r["load"] for rs in runs.values() for r in rs]
    print(
        f"\n{len(urls)} HEAD requests, {args.total} in flight, {args.per_host} per host, 50 ms "
        f"per answer; medians of {args.repeat}; load average {min(loads):.1f}–{max(loads):.1f}\n"
    )
    print("| client | wall s | CPU s | CPU ms per request | start-up + imports CPU s | answers |")
    print("| --- | ---: | ---: | ---: | ---: | --- |")
    for name in CLIENTS:
        if not runs[name]:
            print(f"| {name} | failed | | | | |")
            continue
        wall = statistics.median(r["wall"] for r in runs[name])
        cpu = statistics.median(r["cpu"] for r in runs[name])
        imports = statistics.median(r["imports_cpu"] for r in runs[name])
        codes = ", ".join(f"{k}: {v}" for k, v in sorted(runs[name][0]["codes"].items()))
        per_request = cpu / len(urls) * 1000
        print(f"| {name} | {wall:.2f} | {cpu:.2f} | {per_request:.2f} | {imports:.2f} | {codes} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
