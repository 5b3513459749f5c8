"""Run one command in a fresh process and measure its wall time and peak memory.

Peak memory is the larger of two numbers, both in MB (10^6 bytes):

- the highest sum of PSS over the command's process tree (the command and every process it starts,
  e.g. a process pool), sampled every ``SAMPLE_SECONDS`` from ``/proc/PID/smaps_rollup``; PSS
  splits pages shared after ``fork`` between the processes, so a pool is not counted twice;
- the kernel's exact ``ru_maxrss`` of the largest single process of the tree (``os.wait4``), which
  catches a peak shorter than the sampling interval.
"""

from __future__ import annotations

import contextlib
import os
import platform
import signal
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

__all__ = ["SAMPLE_SECONDS", "Measurement", "machine_info", "measure"]

SAMPLE_SECONDS = 0.05
"""How often the process tree's memory is read; reading it costs well under a millisecond."""


@dataclass(frozen=True)
class Measurement:
    """One run of one command."""

    seconds: float
    """Wall time from starting the process to its exit (interpreter start-up included)."""
    peak_mb: float
    """Peak memory of the process tree (see the module docstring)."""
    largest_process_mb: float
    """Kernel ``ru_maxrss`` of the largest single process in the tree."""
    returncode: int | None
    """Exit code; ``None`` when the command was stopped (see ``stopped``)."""
    log: Path
    """File holding the command's stdout and stderr."""
    stopped: str = ""
    """Why the command was killed: ``timeout`` or ``memory`` (over its limit), else empty."""
    load: float = 0.0
    """Mean one-minute load average while it ran: above the core count, other work competed."""

    @property
    def ok(self) -> bool:
        """The command finished in time and exited with 0."""
        return self.returncode == 0

    def tail(self, lines: int = 8) -> str:
        """The end of the log, to say why a run failed."""
        try:
            text = self.log.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""
        return "\n".join(text.rstrip().splitlines()[-lines:])


def _children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return found
    for tid in tasks:
        try:
            with open(f"/proc/{pid}/task/{tid}/children", encoding="ascii") as f:
                found += [int(c) for c in f.read().split()]
        except OSError:
            continue
    return found


def _memory_kb(pid: int) -> int:
    for name, key in (("smaps_rollup", "Pss:"), ("status", "VmRSS:")):
        try:
            with open(f"/proc/{pid}/{name}", encoding="ascii") as f:
                for line in f:
                    if line.startswith(key):
                        return int(line.split()[1])
        except (OSError, ValueError):
            continue
    return 0


def tree_memory_mb(root: int) -> float:
    """Sum of PSS (or RSS where PSS is unreadable) over ``root`` and all its descendants."""
    total, stack, seen = 0, [root], set()
    while stack:
        pid = stack.pop()
        if pid in seen:
            continue
        seen.add(pid)
        total += _memory_kb(pid)
        stack += _children(pid)
    return total * 1024 / 1e6


def measure(
    command: list[str],
    log: Path,
    *,
    timeout: float | None = None,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    memory_limit_mb: float | None = None,
) -> Measurement:
    """Run ``command`` to completion.

    Its whole process group is killed after ``timeout`` seconds, or as soon as the tree's memory
    passes ``memory_limit_mb`` (the machine is shared: a runaway build must not take it down).
    """
    log.parent.mkdir(parents=True, exist_ok=True)
    result: dict[str, float | int] = {}

    with log.open("wb") as sink:
        start = time.perf_counter()
        proc = subprocess.Popen(
            command, stdout=sink, stderr=subprocess.STDOUT, cwd=cwd, env=env, start_new_session=True
        )

        def reap() -> None:
            # os.wait4 gives this child's own rusage (its reaped descendants included), unlike
            # getrusage(RUSAGE_CHILDREN), which keeps the maximum over every child ever waited for.
            _, status, usage = os.wait4(proc.pid, 0)
            result["end"] = time.perf_counter()
            result["status"] = status
            result["maxrss_kb"] = usage.ru_maxrss

        waiter = threading.Thread(target=reap, daemon=True)
        waiter.start()
        peak = 0.0
        stopped = ""
        loads: list[float] = []
        while waiter.is_alive():
            peak = max(peak, tree_memory_mb(proc.pid))
            loads.append(os.getloadavg()[0])
            waiter.join(SAMPLE_SECONDS)
            if stopped:
                continue
            if timeout is not None and time.perf_counter() - start > timeout:
                stopped = "timeout"
            elif memory_limit_mb is not None and peak > memory_limit_mb:
                stopped = "memory"
            if stopped:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
        waiter.join()
    code = os.waitstatus_to_exitcode(int(result["status"]))
    proc.returncode = code  # reaped above; keeps Popen from waiting again
    largest = int(result["maxrss_kb"]) * 1024 / 1e6
    return Measurement(
        seconds=float(result["end"]) - start,
        peak_mb=max(peak, largest),
        largest_process_mb=largest,
        returncode=None if stopped else code,
        log=log,
        stopped=stopped,
        load=sum(loads) / len(loads) if loads else os.getloadavg()[0],
    )


def machine_info() -> dict[str, str | int | float]:
    """CPU model, cores, RAM, OS and Python, for the table's caption."""
    cpu = platform.processor() or "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram_gb = 0.0
    try:
        for line in Path("/proc/meminfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("MemTotal:"):
                ram_gb = round(int(line.split()[1]) * 1024 / 1e9, 1)
    except OSError:
        pass
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {
        "cpu": cpu,
        "cores": os.cpu_count() or 0,
        "usable_cores": usable or 0,
        "ram_gb": ram_gb,
        "os": platform.platform(),
        "python": platform.python_version(),
    }
