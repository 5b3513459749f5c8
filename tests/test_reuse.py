"""Questions asked of a folder answer from the atlas.json last built from the same notes, and
never from one built from anything else."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

from noteatlas.atlas import StoredAtlas
from noteatlas.cli import main
from noteatlas.config import Config, load_config
from noteatlas.pipeline.reuse import build_or_reuse, inputs_digest
from noteatlas.schema.layout import CACHE_DIR

FIXTURES = Path(__file__).parent / "fixtures"


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def notes(tmp_path: Path) -> Path:
    root = tmp_path / "notes"
    shutil.copytree(FIXTURES / "vault", root)
    return root


def config(root: Path) -> Config:
    return load_config(root) or Config()


def test_a_question_after_a_build_loads_its_atlas(notes: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert run("build", str(notes), "-o", str(site), "-q")[0] == 0
    atlas = build_or_reuse(notes, config(notes))
    assert isinstance(atlas, StoredAtlas)
    assert atlas == build_or_reuse(notes, Config(cache=False))  # what a build gives now
    from_folder = run("show", "BERT", "-i", str(notes))
    assert from_folder[0] == 0
    assert from_folder == run("show", "BERT", "-i", str(site / "atlas.json"))


def test_an_edited_note_is_built_again_then_kept_for_the_next_question(notes: Path) -> None:
    first = build_or_reuse(notes, config(notes))
    assert not isinstance(first, StoredAtlas)  # nothing built before: a build
    assert (notes / CACHE_DIR / "atlas.json").is_file()
    assert isinstance(build_or_reuse(notes, config(notes)), StoredAtlas)

    note = next(notes.rglob("*.md"))
    with note.open("a", encoding="utf-8") as fh:
        fh.write("\n一个新概念 [[SentencePiece]]\n")
    second = build_or_reuse(notes, config(notes))
    assert not isinstance(second, StoredAtlas)
    assert second != first
    again = build_or_reuse(notes, config(notes))
    assert isinstance(again, StoredAtlas) and again == second


@pytest.mark.parametrize("change", ["image", "folder", "vocabulary", "exclude", "remove"])
def test_whatever_the_build_reads_changes_the_digest(notes: Path, change: str) -> None:
    before = inputs_digest(notes, config(notes))
    settings = config(notes)
    if change == "image":
        (notes / "01-基础" / "new.png").write_bytes(b"\x89PNG")
    elif change == "folder":
        (notes / "empty").mkdir()
    elif change == "vocabulary":
        (notes / "concepts.yaml").write_text("- name: Zeta\n", encoding="utf-8")
    elif change == "exclude":
        settings = settings.model_copy(update={"exclude": ["01-基础/"]})
    else:
        next(notes.rglob("*.md")).unlink()
    assert inputs_digest(notes, settings) != before


def test_a_remembered_atlas_edited_by_hand_is_not_used(notes: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert run("build", str(notes), "-o", str(site), "-q")[0] == 0
    text = (site / "atlas.json").read_text(encoding="utf-8")
    (site / "atlas.json").write_text(text.replace('"BERT"', '"PERT"'), encoding="utf-8")
    atlas = build_or_reuse(notes, config(notes))
    assert not isinstance(atlas, StoredAtlas)
    assert atlas.concept("BERT").label == "BERT"


def test_without_the_build_cache_nothing_is_reused(notes: Path, tmp_path: Path) -> None:
    assert run("build", str(notes), "-o", str(tmp_path / "site"), "-q")[0] == 0
    assert not isinstance(build_or_reuse(notes, Config(cache=False)), StoredAtlas)
