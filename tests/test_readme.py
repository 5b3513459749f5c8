"""Every example in README.md runs as written in a clone after `make demo`, and prints what the
README shows.

A ``console`` block is a shell session: ``$ command`` lines, each followed by the output it
shows (all of it, or its first lines then ``...``). The commands run in order in a folder laid
out like a clone (``content/``, ``tests/fixtures/vault`` and ``bad``) where ``make demo`` has built
``site/``; ``noteatlas`` runs in-process through ``main(argv)``. ``python`` blocks run in order
in one namespace in the same folder. ``sh``/``yaml``/``toml`` blocks are set-up snippets for the
reader's machine and are not run (the TOML config is checked to be a valid one).
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shlex
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from noteatlas.cli import main
from noteatlas.schema.exits import Exit

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
BLOCK = re.compile(r"^```(\w+)\n(.*?)^```", re.S | re.M)
#: What a README command may be besides `noteatlas ...`: make targets, and the venv activation.
NOT_RUN = {"make test", ". .venv/bin/activate"}


@dataclass
class Example:
    """One ``$ command`` of a console block and the output the README shows for it."""

    command: str
    shown: list[str] = field(default_factory=list)

    @property
    def argv(self) -> list[str]:
        return shlex.split(self.command, comments=True)


def console_examples(text: str) -> list[Example]:
    """Every ``$ command`` of the README's console blocks, in order."""
    examples: list[Example] = []
    for lang, body in BLOCK.findall(text):
        if lang != "console":
            continue
        for line in body.splitlines():
            if line.startswith("$ "):
                examples.append(Example(line[2:]))
            elif examples:
                examples[-1].shown.append(line)
    return examples


EXAMPLES = console_examples(README)


def expected_code(example: Example) -> int:
    """What the command must exit with: a check that shows failures exits 2, a repair check that
    names a file to repair 1 (as pre-commit hooks expect), the rest 0."""
    if any(" ✗ " in line for line in example.shown):
        return Exit.BROKEN
    if example.argv[:2] == ["noteatlas", "repair"] and any(
        ": needs repair" in line for line in example.shown
    ):
        return 1
    return Exit.OK


def matches(shown: list[str], real: str) -> bool:
    """The README's lines equal the real output (or its first lines, when they end in ...)."""
    lines = [line.rstrip() for line in real.rstrip("\n").splitlines()]
    shown = [line.rstrip() for line in shown]
    while shown and not shown[-1]:
        shown.pop()
    if shown and shown[-1] == "...":
        return lines[: len(shown) - 1] == shown[:-1]
    return lines == shown


@contextlib.contextmanager
def inside(folder: Path) -> Iterator[None]:
    before = Path.cwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(before)


def run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(argv, out, err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder laid out as a clone is, before `make demo`."""
    root = tmp_path_factory.mktemp("clone")
    ignore = shutil.ignore_patterns(".noteatlas", "__pycache__", "__init__.py")
    shutil.copytree(ROOT / "content", root / "content", ignore=ignore)
    for fixture in ("vault", "bad"):
        shutil.copytree(
            ROOT / "tests" / "fixtures" / fixture, root / "tests/fixtures" / fixture, ignore=ignore
        )
    shutil.copy(ROOT / "Makefile", root / "Makefile")
    return root


def test_readme_has_examples_to_run() -> None:
    commands = [e.command.split("#")[0].strip() for e in EXAMPLES]
    assert "make demo" in commands
    assert sum(c.startswith("noteatlas ") for c in commands) >= 5


def test_console_examples_run_as_written(clone: Path) -> None:
    """Each command in order; ``make demo`` is the command the Makefile's recipe runs."""
    failures: list[str] = []
    with inside(clone):
        for example in EXAMPLES:
            failures += _check(example, clone)
    assert not failures, "\n\n".join(failures)


def _check(example: Example, clone: Path) -> list[str]:
    argv = example.argv
    line = " ".join(argv)
    if line in NOT_RUN:
        return []
    if line == "make demo":
        return _check_make_demo(example, clone)
    if argv[0] != "noteatlas":
        return [f"$ {example.command}: the test does not know how to run this"]
    both = argv[-1] == "2>&1"  # the example shows standard error too (after standard output)
    code, out, err = run(argv[1:-1] if both else argv[1:])
    out = out + err if both else out
    problems = []
    if code != expected_code(example):
        problems.append(
            f"$ {example.command}\nexit {code}, expected {expected_code(example)}\n{err}"
        )
    if example.shown and not matches(example.shown, out):
        problems.append(f"$ {example.command}\nREADME shows:\n" + "\n".join(example.shown)
                        + f"\nreal output:\n{out}")  # fmt: skip
    return problems


def _check_make_demo(example: Example, clone: Path) -> list[str]:
    """`make demo` prints each recipe line it runs, then what it printed; the README shows both."""
    recipe = re.search(r"^demo:.*\n((?:\t.*\n)+)", (clone / "Makefile").read_text(), re.M)
    assert recipe, "Makefile has no demo target"
    variables = {"$(BIN)": ".venv/bin", "$(CONTENT)": "content", "$(OUT)": "site"}
    lines = []
    for raw in recipe.group(1).splitlines():
        for name, value in variables.items():
            raw = raw.replace(name, value)
        lines.append(raw.strip())
    build = next(x for x in lines if x.startswith(".venv/bin/noteatlas "))
    echo = next(x for x in lines if x.startswith("@echo "))
    shown = [s.rstrip() for s in example.shown if s.strip()]
    code, out, err = run(shlex.split(build)[1:])
    expected = [build, *out.rstrip("\n").splitlines(), shlex.split(echo)[1]]
    if code != 0 or (shown and shown != expected):
        return ["make demo: README shows\n" + "\n".join(shown) + "\nreal:\n" + "\n".join(expected)
                + f"\n(exit {code}) {err}"]  # fmt: skip
    return []


def test_python_examples_run_as_written(clone: Path) -> None:
    blocks = [body for lang, body in BLOCK.findall(README) if lang == "python"]
    assert blocks
    namespace: dict[str, object] = {}
    with inside(clone):
        if not (clone / "site" / "atlas.json").is_file():
            assert run(["build", "content", "-o", "site", "-q"])[0] == 0  # what make demo did
        for body in blocks:
            exec(compile(body, "README.md", "exec"), namespace)  # the README's own code
    atlas = namespace["atlas"]
    assert atlas.concept("Bert").year == 2018  # type: ignore[attr-defined]


def test_config_example_is_a_valid_config(tmp_path: Path) -> None:
    from noteatlas.config import load_config

    (toml,) = [body for lang, body in BLOCK.findall(README) if lang == "toml"]
    (tmp_path / "noteatlas.toml").write_text(toml, encoding="utf-8")
    config = load_config(tmp_path)
    assert config.exclude == ["drafts/", "*.tmp.md"] and config.check.accept == [403]
