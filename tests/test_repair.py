"""``noteatlas repair`` in-process and as a process, and the build reading restored text."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import noteatlas
from noteatlas.cli import main
from noteatlas.config import Config
from noteatlas.graph.read.discover import discover
from noteatlas.pipeline.cache import BuildCache, build_cache_key
from noteatlas.pipeline.pool import scan_notes
from noteatlas.schema.exits import Exit

FIXTURES = Path(__file__).parent / "fixtures"
BAD = FIXTURES / "bad"
LOSSY, INTACT = BAD / "乱码笔记-有损.md", BAD / "乱码笔记.md"
RESTORED = "# 词向量（被错误转码）"


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def notes(tmp_path: Path) -> Path:
    """A lossy note, a lossless mojibake note, a GBK note, a clean CRLF note and a binary."""
    for name in ("乱码笔记-有损.md", "乱码笔记.md", "gbk编码.md", "二进制.md"):
        shutil.copy(BAD / name, tmp_path / name)
    shutil.copy(FIXTURES / "vault" / "03-LLM" / "crlf笔记.md", tmp_path / "crlf.md")
    return tmp_path


def test_prints_the_restored_text_and_says_what_it_did() -> None:
    code, out, err = run("repair", str(LOSSY))
    assert code == 0
    assert out.startswith(RESTORED + "\n")
    assert out == run("repair", str(INTACT))[1]  # the lossless copy gives the same text
    assert f"{LOSSY}:1: warning[mojibake-lossy]" in err
    assert "15 damaged characters restored" in err


def test_a_clean_file_is_printed_byte_for_byte(notes: Path) -> None:
    clean = notes / "crlf.md"
    assert b"\r\n" in clean.read_bytes()
    done = subprocess.run(
        [sys.executable, "-m", "noteatlas", "repair", str(clean)],
        capture_output=True,
        check=False,
        env={**os.environ, "PYTHONIOENCODING": "ascii"},  # bytes go out as they are anyway
    )
    assert (done.returncode, done.stderr) == (0, b"")
    assert done.stdout == clean.read_bytes()


def test_line_endings_survive_a_repair(tmp_path: Path) -> None:
    crlf = tmp_path / "crlf-lossy.md"
    crlf.write_bytes(LOSSY.read_bytes().replace(b"\n", b"\r\n"))
    code, out, _ = run("repair", str(crlf))
    assert code == 0
    assert out.startswith(RESTORED + "\r\n")
    assert "\n" not in out.replace("\r\n", "")


def test_check_names_the_files_that_need_repair(notes: Path) -> None:
    code, out, err = run("repair", "--check", *sorted(str(p) for p in notes.iterdir()))
    assert code == 1
    assert err == ""
    flagged = {line.split(":")[0] for line in out.splitlines()}
    assert flagged == {str(notes / n) for n in ("乱码笔记-有损.md", "乱码笔记.md", "gbk编码.md")}
    assert "lost bytes restored (15 characters inferred)" in out
    assert "gb18030 -> utf-8" in out
    assert run("repair", "--check", str(notes / "crlf.md"), str(notes / "二进制.md")) == (0, "", "")


def test_a_folder_stands_for_its_notes(notes: Path) -> None:
    (notes / ".hidden").mkdir()
    (notes / ".hidden" / "乱码笔记.md").write_bytes((notes / "乱码笔记.md").read_bytes())
    code, out, _ = run("repair", "--check", str(notes))
    assert code == 1
    flagged = {line.split(":")[0] for line in out.splitlines()}  # what a build reads: no .hidden
    assert flagged == {str(notes / n) for n in ("乱码笔记-有损.md", "乱码笔记.md", "gbk编码.md")}
    code, out, err = run("repair", str(notes))  # printing a folder would run the notes together
    assert (code, out) == (Exit.USAGE, "")
    assert "is a folder" in err and "--check" in err


def test_in_place_rewrites_and_keeps_a_backup(notes: Path) -> None:
    lossy, clean = notes / "乱码笔记-有损.md", notes / "crlf.md"
    before, clean_before = lossy.read_bytes(), clean.read_bytes()
    code, out, _ = run("repair", "--in-place", str(lossy), str(clean))
    assert code == 0
    assert lossy.read_text(encoding="utf-8").startswith(RESTORED + "\n")
    assert (notes / "乱码笔记-有损.md.bak").read_bytes() == before
    assert clean.read_bytes() == clean_before
    assert not (notes / "crlf.md.bak").exists()
    assert f"{lossy}: mojibake: lost bytes restored" in out
    assert f"{clean}: nothing to repair" in out
    # Again: nothing left to do, and the backup is the damaged original still.
    assert run("repair", "--in-place", str(lossy))[1] == f"{lossy}: nothing to repair\n"
    assert run("repair", "--check", str(lossy))[0] == 0


def test_in_place_never_overwrites_a_backup(notes: Path) -> None:
    lossy = notes / "乱码笔记-有损.md"
    (notes / "乱码笔记-有损.md.bak").write_text("an older backup", encoding="utf-8")
    before = lossy.read_bytes()
    code, _, err = run("repair", "--in-place", str(lossy))
    assert code == 1
    assert "already exists" in err and "Hint:" in err
    assert lossy.read_bytes() == before
    assert (notes / "乱码笔记-有损.md.bak").read_text(encoding="utf-8") == "an older backup"


def test_unreadable_binary_and_usage_errors(notes: Path) -> None:
    code, out, err = run("repair", str(notes / "missing.md"), str(notes / "crlf.md"))
    assert code == 1
    assert err.startswith(f"Error: cannot read {notes / 'missing.md'}")
    assert out == (notes / "crlf.md").read_bytes().decode()  # the others still go out
    code, out, err = run("repair", str(notes / "二进制.md"))
    assert (code, out) == (0, "")
    assert "binary-skipped" in err
    code, _, err = run("repair", "--check", "--in-place", str(notes / "crlf.md"))
    assert code == Exit.USAGE
    assert "not allowed with argument" in err


def test_the_build_reads_the_restored_text_and_caches_it_by_raw_bytes(notes: Path) -> None:
    root = notes / "corpus"
    root.mkdir()
    shutil.copy(LOSSY, root / "lossy.md")
    config = Config(jobs=1)
    first = noteatlas.build(root, config)
    (note,) = first.notes()
    assert note.title == RESTORED.removeprefix("# ")
    assert "mojibake-lossy" in {d.code for d in first.diagnostics}
    assert {"concept:word2vec", "concept:glove"} <= {c.id for c in first.concepts()}
    cache = BuildCache(root, build_cache_key(noteatlas.__version__, config.digest()))
    try:
        scan_notes(root, discover(root).notes, cache=cache)
        assert cache.hits == 1  # unchanged bytes: the restored extract comes from the cache
    finally:
        cache.close()
    assert noteatlas.build(root, config).to_json() == first.to_json()
    # Repaired in place the bytes differ: read again, same text, nothing left to warn about.
    assert run("repair", "--in-place", str(root / "lossy.md"))[0] == 0
    (root / "lossy.md.bak").unlink()
    second = noteatlas.build(root, config)
    assert second.notes()[0].title == note.title
    assert not {d.code for d in second.diagnostics} & {"mojibake-lossy", "mojibake-uncertain"}
