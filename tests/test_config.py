"""Configuration: ``jobs`` validated and capped the same way in the file and on the command line,
and every unreadable or malformed config file a ConfigError (exit 3), never an internal error."""

from __future__ import annotations

import io
import multiprocessing
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import noteatlas
from noteatlas.cli import main
from noteatlas.config import Config, load_config
from noteatlas.pipeline.jobs import default_jobs, worker_count
from noteatlas.pipeline.pool import POOL_THRESHOLD
from noteatlas.schema.errors import ConfigError


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


def notes(root: Path, count: int) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        (root / f"n{i:03}.md").write_text(f"# Note {i}\n\nBERT and word2vec, {i}.\n", "utf-8")
    return root


# -- jobs --------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", [0, -1])
def test_jobs_below_one_is_refused_alike_in_the_file_and_on_the_command_line(
    tmp_path: Path, value: int
) -> None:
    root = notes(tmp_path / "notes", 1)
    (root / "noteatlas.toml").write_text(f"jobs = {value}\n", "utf-8")
    code, _, err_file = run("build", str(root), "-o", str(tmp_path / "a"), "-q")
    assert code == 3
    assert "'jobs'" in err_file and "greater than or equal to 1" in err_file
    (root / "noteatlas.toml").unlink()
    code, _, err_cli = run("build", str(root), "-o", str(tmp_path / "b"), "-q", "-j", str(value))
    assert code == 3
    assert "--jobs" in err_cli and "greater than or equal to 1" in err_cli


def test_jobs_must_be_a_whole_number(tmp_path: Path) -> None:
    (tmp_path / "noteatlas.toml").write_text('jobs = "4"\n', "utf-8")
    with pytest.raises(ConfigError, match="jobs"):
        load_config(tmp_path)


def test_more_jobs_than_cpus_are_capped_with_a_warning(tmp_path: Path) -> None:
    cpus = default_jobs()
    assert worker_count(None) == (cpus, None)
    assert worker_count(1) == (1, None)
    used, capped = worker_count(1_000_000_000)
    assert used == cpus and capped is not None
    assert capped.code == "jobs-capped" and "1000000000" in capped.message
    root = notes(tmp_path / "notes", 2)
    (root / "noteatlas.toml").write_text("jobs = 1000000000\n", "utf-8")
    code, _, err = run("build", str(root), "-o", str(tmp_path / "site"))
    assert code == 0
    assert f"jobs = 1000000000 asks for more worker processes than the {cpus} CPUs" in err
    assert f"{cpus} are used" in err


def test_a_build_never_starts_more_workers_than_cpus(tmp_path: Path) -> None:
    """jobs = 40 on 2 CPUs started 40 pool workers: count them while the pool runs."""
    root = notes(tmp_path / "notes", POOL_THRESHOLD + 16)
    most = 0

    def progress(stage: str, done: int, total: int) -> None:
        nonlocal most
        most = max(most, len(multiprocessing.active_children()))

    noteatlas.build(root, Config(jobs=40, cache=False), progress=progress)
    assert 0 < most <= default_jobs() or default_jobs() == 1


# -- unreadable and malformed files ------------------------------------------------------------


def run_without_override(*argv: str) -> tuple[int, str, str]:
    """The CLI as a user whom file permissions bind: root loses the capabilities that let it
    read any file (``setpriv``), everyone else runs in-process."""
    if os.geteuid() != 0:
        return run(*argv)
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("root reads any file, and setpriv is missing")
    drop = [setpriv, "--bounding-set", "-dac_override,-dac_read_search"]
    done = subprocess.run(
        [*drop, sys.executable, "-m", "noteatlas", *argv], capture_output=True, text=True
    )
    return done.returncode, done.stdout, done.stderr


def test_an_unreadable_config_file_is_a_config_error(tmp_path: Path) -> None:
    root = notes(tmp_path / "notes", 1)
    config = root / "noteatlas.toml"
    config.write_text("jobs = 1\n", "utf-8")
    config.chmod(0)
    try:
        code, _, err = run_without_override("build", str(root), "-o", str(tmp_path / "site"))
    finally:
        config.chmod(0o644)
    assert code == 3, err
    assert "Cannot read config file" in err and "Permission denied" in err
    assert "internal error" not in err and "Hint:" in err


def test_a_config_path_that_is_a_folder_is_a_config_error(tmp_path: Path) -> None:
    root = notes(tmp_path / "notes", 1)
    code, _, err = run("build", str(root), "-o", str(tmp_path / "s"), "--config", str(tmp_path))
    assert code == 3 and "internal error" not in err


@pytest.mark.parametrize(
    ("pyproject", "what"),
    [("tool = 5\n", "'tool'"), ('[tool]\nnoteatlas = "x"\n', "'tool.noteatlas'")],
)
def test_a_tool_key_that_is_not_a_table_is_a_config_error(
    tmp_path: Path, pyproject: str, what: str
) -> None:
    root = notes(tmp_path / "notes", 1)
    (root / "pyproject.toml").write_text(pyproject, "utf-8")
    code, _, err = run("build", str(root), "-o", str(tmp_path / "site"), "-q")
    assert code == 3, err
    assert what in err and "not a table" in err and "internal error" not in err
