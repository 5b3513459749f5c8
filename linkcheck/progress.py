"""A progress bar for link checks: on stderr, and only when stderr is a terminal."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)

from noteatlas.linkcheck.results import LinkResult, is_failure


@contextmanager
def progress_bar(
    total: int, enabled: bool = True, stream: TextIO | None = None
) -> Iterator[Callable[[LinkResult], None]]:
    """Yield a callback that advances the bar by one result; a no-op off a terminal.

    Piped output, CI logs and ``--format json > file`` stay free of control characters.
    """
    stream = sys.stderr if stream is None else stream
    if not enabled or total == 0 or not stream.isatty():
        yield lambda _result: None
        return
    console = Console(file=stream, stderr=stream is sys.stderr)
    columns = (
        SpinnerColumn(),
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[broken]}"),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task("Checking links", total=total, broken="")
        failures = 0

        def advance(result: LinkResult) -> None:
            nonlocal failures
            failures += is_failure(result.status)
            bar.update(task, advance=1, broken=f"[red]{failures} broken" if failures else "")

        yield advance
