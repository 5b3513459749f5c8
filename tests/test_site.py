"""A build into a folder already holding its outputs: nothing is written again when nothing it
reads changed, the other outputs are not made again when the atlas did not change, and in every
case the folder ends up byte for byte as a cold build's (pipeline/site.py)."""

from __future__ import annotations

import io
import json
import os
import shutil
from pathlib import Path

import pytest

from noteatlas.cli import main
from noteatlas.staging import MANIFEST

FIXTURES = Path(__file__).parent / "fixtures"


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


def build(notes: Path, site: Path, *more: str) -> dict[str, object]:
    code, out, _ = run("build", str(notes), "-o", str(site), "--json", "--jobs", "1", *more)
    assert code == 0
    data: dict[str, object] = json.loads(out)
    return data


def stages(notes: Path, site: Path) -> str:
    """The stages a build ran, from its ``--timings`` line."""
    code, _, err = run("build", str(notes), "-o", str(site), "-q", "--jobs", "1", "--timings")
    assert code == 0
    return err


def files(site: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(site.iterdir()) if p.is_file()}


def stamps(site: Path) -> dict[str, tuple[int, int]]:
    return {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in site.iterdir()}


@pytest.fixture
def notes(tmp_path: Path) -> Path:
    root = tmp_path / "notes"
    shutil.copytree(FIXTURES / "vault", root)
    return root


def cold(notes: Path, tmp_path: Path, *more: str) -> dict[str, bytes]:
    """The outputs of a build without the cache, in a folder beside ``site`` (so links from
    the pages to the notes are the same)."""
    other = tmp_path / "cold"
    shutil.rmtree(other, ignore_errors=True)
    build(notes, other, "--no-build-cache", *more)
    return files(other)


def test_nothing_changed_nothing_is_written(notes: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    first = build(notes, site)
    before = stamps(site)
    again = build(notes, site)
    assert again == first  # the same summary and the same list of outputs
    assert "read" not in stages(notes, site)
    assert stamps(site) == before
    assert files(site) == cold(notes, tmp_path)


def test_an_edit_that_leaves_the_atlas_as_it_was_rewrites_nothing(
    notes: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    build(notes, site)
    atlas = (site / "atlas.json").read_bytes()
    before = stamps(site)
    with (notes / "README.md").open("a", encoding="utf-8") as fh:
        fh.write("\n补充一行。\n")
    ran = stages(notes, site)
    # the parts of the atlas are those of the site's (pipeline/parts.py): no atlas is made
    assert "read" in ran and "concepts" in ran
    assert "atlas" not in ran and "json" not in ran and "explorer" not in ran
    with (notes / "README.md").open("a", encoding="utf-8") as fh:
        fh.write("\n再补充一行。\n")
    kept = build(notes, site)  # the counts printed are those of the same atlas
    fresh = build(notes, tmp_path / "again", "--no-build-cache")
    assert {**kept, "outputs": []} == {**fresh, "outputs": []}
    assert (site / "atlas.json").read_bytes() == atlas  # what this test is about
    assert stamps(site) == before
    assert files(site) == cold(notes, tmp_path)


@pytest.mark.parametrize(
    "line",
    ["见 [新链接](https://example.org/new)", "ELMo is based on a bidirectional LSTM.", "[[BERT]]"],
)
def test_an_edit_that_changes_the_atlas_is_written(notes: Path, tmp_path: Path, line: str) -> None:
    site = tmp_path / "site"
    build(notes, site)
    atlas = (site / "atlas.json").read_bytes()
    with (notes / "README.md").open("a", encoding="utf-8") as fh:
        fh.write(f"\n{line}\n")
    assert "explorer" in stages(notes, site)
    assert (site / "atlas.json").read_bytes() != atlas
    assert files(site) == cold(notes, tmp_path)


def test_an_output_changed_by_hand_is_written_again(notes: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    build(notes, site)
    (site / "report.md").write_text("edited", encoding="utf-8")
    build(notes, site)
    assert files(site) == cold(notes, tmp_path)
    (site / "explorer.html").unlink()
    build(notes, site)
    assert files(site) == cold(notes, tmp_path)
    (site / MANIFEST).unlink()
    build(notes, site)
    assert files(site) == cold(notes, tmp_path)


def test_other_options_make_other_outputs(notes: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    build(notes, site)
    mindmap = (site / "mindmap.html").read_bytes()
    build(notes, site, "--mode", "outline")
    assert (site / "mindmap.html").read_bytes() != mindmap
    assert files(site) == cold(notes, tmp_path, "--mode", "outline")


def test_a_vocabulary_or_config_change_builds_again(notes: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    build(notes, site)
    vocabulary = "version: 1\nconcepts:\n  - name: 语言建模\n    aliases: [语言模型]\n"
    (notes / "concepts.yaml").write_text(vocabulary, encoding="utf-8")
    build(notes, site)
    assert files(site) == cold(notes, tmp_path)
    build(notes, site, "--no-builtin-vocabulary")
    assert files(site) == cold(notes, tmp_path, "--no-builtin-vocabulary")


def test_two_output_folders_are_remembered_apart(notes: Path, tmp_path: Path) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    build(notes, one)
    build(notes, two)
    before = stamps(one)
    build(notes, one)
    assert stamps(one) == before
    assert files(one) == files(two)
    os.utime(notes / "README.md")  # touched, same bytes: read again, nothing written
    build(notes, two)
    assert files(two) == files(one)


def test_outputs_written_by_other_code_are_not_kept() -> None:
    """The same atlas written by changed exporters is another site: a build after an upgrade
    (or an edit to an exporter) made the same atlas.json and kept links.md as the old code
    wrote it."""
    from noteatlas.exporters.options import ExportOptions
    from noteatlas.pipeline.cache import code_digest
    from noteatlas.pipeline.site import outputs_key

    options = ExportOptions()
    assert outputs_key(["json"], options) == outputs_key(["json"], options, code_digest())
    assert outputs_key(["json"], options, "old code") != outputs_key(["json"], options, "new")
