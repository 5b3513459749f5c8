"""``noteatlas.check`` in the library, and build and check agreeing on every local reference."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import noteatlas
from noteatlas.cli import main
from noteatlas.config import load_config
from noteatlas.linkcheck import LinkStatus, exit_code
from noteatlas.schema.codes import CODES

FIXTURES = Path(__file__).parent / "fixtures"

#: Diagnostic codes a local reference can get (graph/identify/verdict.py).
REFERENCE_CODES = {c for c in CODES if c.startswith(("link-", "wikilink-", "asset-", "anchor-"))}


@pytest.fixture(scope="module")
def vault(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("check") / "notes"
    shutil.copytree(FIXTURES / "vault", root)
    return root


def test_check_is_a_library_call(vault: Path) -> None:
    report = noteatlas.check(vault, offline=True)
    assert report.results and all(r.occurrences for r in report.results)
    assert {r.status for r in report.results} >= {LinkStatus.OK, LinkStatus.MISSING_ANCHOR}
    assert exit_code(report) == 2  # the vault has broken links on purpose
    assert report.base == vault.as_posix()


def test_build_and_check_agree_on_every_local_reference(vault: Path) -> None:
    """A local reference is wrong for ``build`` (a diagnostic) exactly where ``check`` fails it,
    with the same words."""
    atlas = noteatlas.build(vault)
    built = {
        (d.file, d.line, d.message)
        for d in atlas.diagnostics
        if d.code in REFERENCE_CODES and d.code != "link-unsupported-scheme"
    }
    report = noteatlas.check(vault, offline=True)
    checked = {
        (o.file, o.line, r.detail)
        for r in report.results
        if r.status not in (LinkStatus.OK, LinkStatus.UNSUPPORTED)
        for o in r.occurrences
    }
    assert built, "the vault has broken local references on purpose"
    assert built == checked


def test_a_wikilink_naming_an_alias_from_another_note_is_fine_for_both(tmp_path: Path) -> None:
    """`aliases: [Foozle]` in one note and `[[Foozle]]` in another: build said nothing while
    `check --offline` reported missing_file and exited 2."""
    (tmp_path / "a.md").write_text("---\nkind: model\naliases: [Foozle]\n---\n# Frobnicator\n")
    (tmp_path / "b.md").write_text("# B\n\nSee [[Foozle]] and [[Nothing Like It]].\n")
    atlas = noteatlas.build(tmp_path, noteatlas.Config(cache=False))
    unresolved = [d.message for d in atlas.diagnostics if d.code == "wikilink-unresolved"]
    assert unresolved == ["[[Nothing Like It]] matches no note or file in the corpus."]
    report = noteatlas.check(tmp_path, noteatlas.Config(cache=False), offline=True)
    status = {r.url: r.status for r in report.results}
    assert status["Foozle"] is LinkStatus.OK
    assert status["Nothing Like It"] is LinkStatus.MISSING_FILE
    (tmp_path / "b.md").write_text("# B\n\nSee [[Foozle]].\n")
    code = main(["check", str(tmp_path), "--offline", "--no-build-cache"])
    assert code == 0


def _report(root: Path, config: noteatlas.Config | None = None) -> list[tuple[str, str, list]]:
    report = noteatlas.check(root, config, offline=True)
    return [
        (r.url, r.status.value, sorted((o.file, o.line, o.column) for o in r.occurrences))
        for r in report.results
    ]


def test_a_second_check_of_unchanged_notes_reads_none_of_them(vault: Path, tmp_path: Path) -> None:
    """The references of the last check are kept with the digest of the notes: a check of the
    same notes answers from them, without loading the notes' readers, and says the same."""
    import subprocess
    import sys

    root = tmp_path / "notes"
    shutil.copytree(vault, root, ignore=shutil.ignore_patterns(".noteatlas"))
    fresh = _report(root, noteatlas.Config(cache=False))
    assert _report(root) == fresh  # the first check reads the notes and remembers
    probe = (
        "import sys, noteatlas\n"
        f"report = noteatlas.check({str(root)!r}, offline=True)\n"
        "print(len(report.results), 'noteatlas.pipeline.corpus' in sys.modules,"
        " 'noteatlas.graph.extract.note' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.split() == [str(len(fresh)), "False", "False"]
    assert _report(root) == fresh


@pytest.mark.parametrize("change", ["edit", "new note", "delete", "config"])
def test_a_check_after_a_change_reads_the_notes_again(
    vault: Path, tmp_path: Path, change: str
) -> None:
    root = tmp_path / "notes"
    shutil.copytree(vault, root, ignore=shutil.ignore_patterns(".noteatlas"))
    before = _report(root)
    note = next(p for p in sorted(root.rglob("*.md")) if "[" in p.read_text(encoding="utf-8"))
    if change == "edit":
        note.write_text(note.read_text(encoding="utf-8") + "\n[gone](no-such-file.md)\n", "utf-8")
    elif change == "new note":
        (root / "zz-new.md").write_text("# New\n\n[gone](no-such-file.md)\n", encoding="utf-8")
    elif change == "delete":
        note.unlink()
    else:
        (root / "noteatlas.toml").write_text('exclude = ["zz-*"]\n', encoding="utf-8")
        (root / "zz-new.md").write_text("# New\n\n[gone](no-such-file.md)\n", encoding="utf-8")
        assert "no-such-file.md" in str(_report(root, noteatlas.Config(cache=False)))
    after = _report(root)
    uncached = load_config(root).model_copy(update={"cache": False})
    assert after == _report(root, uncached)
    assert after != before or change == "config"
    if change in ("edit", "new note"):
        assert any(url == "no-such-file.md" for url, _, _ in after)
    if change == "config":
        assert after == before  # the excluded note's broken link is not checked


def test_a_damaged_record_of_the_last_check_is_read_past(vault: Path, tmp_path: Path) -> None:
    import sqlite3

    root = tmp_path / "notes"
    shutil.copytree(vault, root, ignore=shutil.ignore_patterns(".noteatlas"))
    fresh = _report(root)
    with sqlite3.connect(root / ".noteatlas" / "build-cache.sqlite") as conn:
        assert conn.execute("UPDATE checks SET record = ?", (b"not zlib",)).rowcount == 1
    assert _report(root) == fresh
    with sqlite3.connect(root / ".noteatlas" / "build-cache.sqlite") as conn:
        (blob,) = conn.execute("SELECT record FROM checks").fetchone()
    assert blob != b"not zlib"  # read again and remembered again
