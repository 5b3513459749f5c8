"""Progress on a terminal (rich bars: one per build stage, or one counting bar for link checks),
and stage timings on request. Nothing is drawn where the stream is not a terminal, and rich
(60 ms of imports) loads only when something is."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import TracebackType
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:  # rich loads only when a bar is drawn (a terminal): piped runs start faster
    from rich.progress import TaskID


class BuildProgress:
    """Context manager whose ``update(stage, done, total)`` drives one bar per stage."""

    def __init__(self, stream: TextIO) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
        )

        self._progress = Progress(
            TextColumn("{task.description:<8}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=Console(file=stream),
            transient=True,
        )
        self._tasks: dict[str, TaskID] = {}

    def __enter__(self) -> BuildProgress:
        self._progress.__enter__()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._progress.__exit__(exc_type, exc, tb)

    def update(self, stage: str, done: int, total: int) -> None:
        """Report progress of a stage."""
        task = self._tasks.get(stage)
        if task is None:
            task = self._tasks[stage] = self._progress.add_task(stage, total=total)
        self._progress.update(task, completed=done, total=total)


@contextmanager
def counting_bar(
    total: int, label: str, *, counted: str, enabled: bool = True, stream: TextIO | None = None
) -> Iterator[Callable[[bool], None]]:
    """Yield ``advance(bad)``, which moves one bar by one item and counts the bad ones
    (``3 broken``); a no-op off a terminal, so piped output and CI logs stay plain."""
    stream = sys.stderr if stream is None else stream
    if not enabled or total == 0 or not stream.isatty():
        yield lambda _bad: None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    console = Console(file=stream, stderr=stream is sys.stderr)
    columns = (
        SpinnerColumn(),
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[bad]}"),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task(label, total=total, bad="")
        bad_count = 0

        def advance(bad: bool) -> None:
            nonlocal bad_count
            bad_count += bad
            bar.update(task, advance=1, bad=f"[red]{bad_count} {counted}" if bad_count else "")

        yield advance


class StageTimer:
    """Wall time per stage (``--timings``): from a stage's first report to its last.

    ``update`` has the signature of a build progress callback; ``measure`` times a block (an
    exporter). Stages are listed in the order they started.
    """

    def __init__(self) -> None:
        self._began = time.perf_counter()
        self._start: dict[str, float] = {}
        self._end: dict[str, float] = {}

    def update(self, stage: str, done: int, total: int) -> None:
        """Note that ``stage`` is under way (or done)."""
        now = time.perf_counter()
        self._start.setdefault(stage, now)
        self._end[stage] = now

    @contextmanager
    def measure(self, stage: str) -> Iterator[None]:
        """Time the block as ``stage``."""
        self.update(stage, 0, 1)
        try:
            yield
        finally:
            self.update(stage, 1, 1)

    def seconds(self) -> dict[str, float]:
        """Seconds per stage, in the order the stages started."""
        return {stage: self._end[stage] - start for stage, start in self._start.items()}

    def summary(self) -> str:
        """One line: ``Timings: read 3.9 s, documents 1.2 s, concepts 2.0 s (mentions 0.4 s),
        ..., total 9.8 s``; a stage run inside another is shown in parentheses after it."""
        parts: list[str] = []
        outer: str | None = None
        for stage, start in self._start.items():
            took = f"{stage} {self._end[stage] - start:.1f} s"
            if outer is not None and self._end[stage] <= self._end[outer]:
                parts[-1] = parts[-1].removesuffix(")") + (", " if "(" in parts[-1] else " (")
                parts[-1] += took + ")"
                continue
            parts.append(took)
            outer = stage
        parts.append(f"total {time.perf_counter() - self._began:.1f} s")
        return "Timings: " + ", ".join(parts)
