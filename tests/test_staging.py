"""Writing outputs: a failed write leaves no temporary file, and a build killed at any point
leaves the old site or the new one in the output folder, never a mix (issue 16, item 10)."""

from __future__ import annotations

import contextlib
import errno
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from noteatlas.files import write_bytes_atomic
from noteatlas.schema.errors import OutputError
from noteatlas.schema.layout import OUTPUT_MARKER
from noteatlas.staging import MANIFEST, STAGE_PREFIX, read_manifest, recover, staged_site

FIXTURES = Path(__file__).parent / "fixtures"


def chunks_then(error: BaseException) -> Iterator[bytes]:
    yield b"x" * 65536
    raise error


# -- temporary files ---------------------------------------------------------------------------


def test_a_write_that_fails_removes_its_temporary_file(tmp_path: Path) -> None:
    (tmp_path / "atlas.json").write_text("old", "utf-8")
    full = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    with pytest.raises(OutputError, match="No space left"):
        write_bytes_atomic(tmp_path / "atlas.json", chunks_then(full))
    with pytest.raises(RuntimeError):
        write_bytes_atomic(tmp_path / "atlas.json", chunks_then(RuntimeError("exporter bug")))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["atlas.json"]
    assert (tmp_path / "atlas.json").read_text("utf-8") == "old"


@contextlib.contextmanager
def tiny_disk(path: Path, size: str) -> Iterator[Path]:
    """A tmpfs of ``size`` mounted on ``path``: a disk that really fills up."""
    path.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)], capture_output=True
    )
    if done.returncode != 0:
        pytest.skip("cannot mount a tmpfs here (needs root)")
    try:
        yield path
    finally:
        subprocess.run(["umount", str(path)], check=True)


def test_a_full_disk_keeps_no_temporary_file_and_the_old_site(tmp_path: Path) -> None:
    with tiny_disk(tmp_path / "disk", "256k") as disk:
        (disk / "atlas.json").write_text("old", "utf-8")
        with pytest.raises(OutputError, match="No space left"):
            write_bytes_atomic(disk / "atlas.json", [b"x" * 65536] * 8)
        assert sorted(p.name for p in disk.iterdir()) == ["atlas.json"]
        done = subprocess.run(
            [sys.executable, "-m", "noteatlas", "build", str(FIXTURES / "vault"),
             "-o", str(disk), "-q", "--no-build-cache"],
            capture_output=True, text=True,
        )  # fmt: skip
        assert done.returncode == 1, done.stderr
        assert "No space left" in done.stderr and "internal error" not in done.stderr
        # The output-folder mark is written before anything is read (tiny, and it fits).
        assert sorted(p.name for p in disk.iterdir()) == [OUTPUT_MARKER, "atlas.json"]
        assert (disk / "atlas.json").read_text("utf-8") == "old"


# -- one generation at a time ------------------------------------------------------------------


def build(corpus: Path, out: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "noteatlas", "build", str(corpus), "-o", str(out), "-q",
         "--no-build-cache", "-j", "1"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip


def outputs(folder: Path) -> dict[str, bytes]:
    return {
        p.name: p.read_bytes() for p in folder.iterdir() if p.is_file() and p.name != "mine.txt"
    }


Generations = tuple[Path, dict[str, bytes], dict[str, bytes]]


@pytest.fixture(scope="module")
def generations(tmp_path_factory: pytest.TempPathFactory) -> Generations:
    """A corpus at generation B, and the complete sites of generations A and B. Every site of
    these tests is ``<base>/<name>/site``: the pages link back to the notes by relative path."""
    base = tmp_path_factory.mktemp("generations")
    corpus = base / "notes"
    shutil.copytree(FIXTURES / "vault", corpus)
    sites = []
    for edit in ("", "\nSee [the new paper](https://arxiv.org/abs/2005.14165) on GPT-3.\n"):
        with (corpus / "index.md").open("a", encoding="utf-8") as fh:
            fh.write(edit)
        site = base / f"reference{len(sites)}" / "site"
        assert build(corpus, site).wait() == 0
        sites.append(outputs(site))
    assert all(sites[0][name] != sites[1][name] for name in ("atlas.json", "links.md"))
    return corpus, sites[0], sites[1]


def written_so_far(site: Path, old: dict[str, bytes]) -> int:
    """New files the build has written, staged or (as before issue 16) straight into the site."""
    stages = [p for p in site.iterdir() if p.name.startswith(STAGE_PREFIX)]
    staged = sum(1 for s in stages for p in s.iterdir() if not p.name.startswith("."))
    changed = sum(1 for name, data in old.items() if (site / name).read_bytes() != data)
    return staged + changed


@pytest.mark.parametrize("files", [1, 2, 4, 6, 8])
def test_a_build_killed_while_writing_leaves_one_generation(
    generations: Generations, files: int
) -> None:
    corpus, old, new = generations
    site = corpus.parent / f"killed-after-{files}" / "site"
    site.mkdir(parents=True)
    for name, data in old.items():
        (site / name).write_bytes(data)
    (site / "mine.txt").write_text("the user's own file", "utf-8")
    proc = build(corpus, site)
    deadline = time.monotonic() + 120
    while proc.poll() is None and time.monotonic() < deadline:
        with contextlib.suppress(OSError):  # the staging folder may vanish between two looks
            if written_so_far(site, old) >= files:
                break
        time.sleep(0.001)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    committed = [p for p in site.iterdir() if p.name.startswith(STAGE_PREFIX) and read_manifest(p)]
    if committed:  # killed among the commit's renames: finishing them is all that is left
        recover(site)
        assert outputs(site) == new
    else:
        assert outputs(site) in (old, new), "the output folder mixes two generations"
    assert (site / "mine.txt").read_text("utf-8") == "the user's own file"
    # The next build cleans up after the killed one and writes the new generation.
    assert build(corpus, site).wait() == 0
    assert outputs(site) == new
    assert not [p for p in site.iterdir() if p.name.startswith(STAGE_PREFIX)]
    assert sorted(read_manifest(site)) == sorted(n for n in new if n != MANIFEST)


def test_a_commit_cut_short_is_finished_by_the_next_build(tmp_path: Path) -> None:
    """Killed between two renames of the commit: the next build rolls forward first."""
    site = tmp_path / "site"
    site.mkdir()
    for name in ("a.md", "b.md", "c.md"):
        (site / name).write_text("old " + name, "utf-8")
    stage = site / f"{STAGE_PREFIX}cut"
    stage.mkdir()
    for name in ("a.md", "b.md", "c.md"):
        (stage / name).write_text("new " + name, "utf-8")
    files = {name: "-" for name in ("a.md", "b.md", "c.md")}
    (stage / MANIFEST).write_text(json.dumps({"files": files}), "utf-8")
    os.replace(stage / "a.md", site / "a.md")  # the commit had moved one file
    recover(site)
    assert {p.name: p.read_text("utf-8") for p in site.iterdir() if p.suffix == ".md"} == {
        "a.md": "new a.md", "b.md": "new b.md", "c.md": "new c.md"}  # fmt: skip
    assert not stage.exists() and (site / MANIFEST).is_file()


def test_an_uncommitted_stage_is_dropped_and_an_error_keeps_the_old_site(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "atlas.json").write_text("old", "utf-8")
    (site / f"{STAGE_PREFIX}killed").mkdir()
    (site / f"{STAGE_PREFIX}killed" / "atlas.json").write_text("half", "utf-8")
    with pytest.raises(RuntimeError), staged_site(site) as stage:
        (stage / "atlas.json").write_text("new", "utf-8")
        raise RuntimeError("an exporter failed")
    assert sorted(p.name for p in site.iterdir()) == ["atlas.json"]
    assert (site / "atlas.json").read_text("utf-8") == "old"


def test_only_files_whose_bytes_changed_are_moved_in(tmp_path: Path) -> None:
    """A file the output folder already holds, byte for byte, keeps its inode and mtime."""
    site = tmp_path / "site"
    with staged_site(site) as stage:
        (stage / "same.html").write_text("same", "utf-8")
        (stage / "changed.json").write_text("old", "utf-8")
    before = {p.name: p.stat() for p in site.iterdir()}
    time.sleep(0.01)
    with staged_site(site) as stage:
        (stage / "same.html").write_text("same", "utf-8")
        (stage / "changed.json").write_text("new", "utf-8")
    after = {p.name: p.stat() for p in site.iterdir()}
    assert (after["same.html"].st_ino, after["same.html"].st_mtime_ns) == (
        before["same.html"].st_ino, before["same.html"].st_mtime_ns)  # fmt: skip
    assert after["changed.json"].st_ino != before["changed.json"].st_ino
    assert (site / "changed.json").read_text("utf-8") == "new"
    assert sorted(read_manifest(site)) == ["changed.json", "same.html"]
    (site / "same.html").write_text("edited by hand", "utf-8")  # the manifest no longer vouches
    with staged_site(site) as stage:
        (stage / "same.html").write_text("same", "utf-8")
    assert (site / "same.html").read_text("utf-8") == "same"
