"""The bundled knowledge base content/: builds clean, agrees with its vocabulary, tells the lineages."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

import noteatlas
from noteatlas.atlas import Atlas
from noteatlas.cli import main
from noteatlas.config import Config
from noteatlas.schema import Severity

CONTENT = Path(__file__).parent.parent / "content"
LINEAGES = [
    ["one-hot", "word2vec", "static embedding", "polysemy", "BiRNN", "ELMo", "BERT"],
    ["RNN", "vanishing gradient", "LSTM"],
    ["RNN", "vanishing gradient", "GRU"],
    ["seq2seq", "attention mechanism", "Transformer", "BERT"],
    ["seq2seq", "attention mechanism", "Transformer", "GPT-1"],
]


@pytest.fixture(scope="module")
def atlas(tmp_path_factory: pytest.TempPathFactory) -> Atlas:
    root = tmp_path_factory.mktemp("content") / "content"
    shutil.copytree(CONTENT, root, ignore=shutil.ignore_patterns(".noteatlas", "__*"))
    return noteatlas.build(root, Config(cache=False))


@pytest.fixture(scope="module")
def notes_only(tmp_path_factory: pytest.TempPathFactory) -> Atlas:
    """content/ without any vocabulary: what the notes alone say."""
    root = tmp_path_factory.mktemp("bare") / "content"
    shutil.copytree(CONTENT, root, ignore=shutil.ignore_patterns(".noteatlas", "__*", "*.yaml"))
    return noteatlas.build(root, Config(cache=False, builtin_vocabulary=False))


def test_builds_without_errors_or_broken_links(atlas: Atlas) -> None:
    assert len(atlas.notes()) >= 30
    bad = [d.format() for d in atlas.diagnostics if d.severity != Severity.INFO]
    assert bad == []
    codes = {d.code for d in atlas.diagnostics}
    assert not codes & {"year-conflict", "link-unresolved", "wikilink-unresolved", "anchor-missing"}


def test_every_concept_a_note_defines_has_a_year(atlas: Atlas) -> None:
    defined = {e.target for e in atlas.edges("defines")}
    assert len(defined) >= 40
    assert [c for c in defined if atlas.get(c).year is None] == []  # type: ignore[union-attr]


@pytest.mark.parametrize("chain", LINEAGES, ids=lambda c: f"{c[0]}->{c[-1]}")
def test_lineages_from_the_notes_alone(notes_only: Atlas, chain: list[str]) -> None:
    steps = notes_only.path(chain[0], chain[-1])
    names = [steps[0].source_label] + [s.target_label for s in steps]
    assert [n.casefold() for n in names] == [n.casefold() for n in chain]
    assert all(ev.file for s in steps for ev in s.evidence)  # nothing from a vocabulary


def test_offline_check_passes() -> None:
    out, err = io.StringIO(), io.StringIO()
    assert main(["check", str(CONTENT), "--offline", "--no-build-cache"], out, err) == 0, (
        out.getvalue()
    )
