"""``noteatlas.check`` in the library, and build and check agreeing on every local reference."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import noteatlas
from noteatlas.cli import main
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
