"""The digest of what an atlas is made from (pipeline/parts.py): the same parts in any process
give the same digest, prose that states nothing keeps it, anything the atlas shows changes it,
and a build told the parts it finds makes no atlas."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import noteatlas
from noteatlas.config import Config
from noteatlas.graph.concepts.stage import define
from noteatlas.graph.concepts.vocabulary import Vocabulary
from noteatlas.graph.documents import DocumentGraph
from noteatlas.graph.edges import EdgeBag
from noteatlas.pipeline.build import build_parts
from noteatlas.pipeline.parts import parts_digest, state_digest
from noteatlas.schema import EdgeKind

FIXTURES = Path(__file__).parent / "fixtures"
WARM = Config(jobs=1)


@pytest.fixture
def notes(tmp_path: Path) -> Path:
    root = tmp_path / "notes"
    shutil.copytree(FIXTURES / "vault", root)
    return root


def append(path: Path, line: str) -> None:
    with path.open("a", encoding="utf-8") as fh:
        fh.write(f"\n{line}\n")


def test_prose_that_states_nothing_keeps_the_parts(notes: Path) -> None:
    first = build_parts(notes, WARM, digest=True)
    assert first.parts is not None and first.atlas is not None
    append(notes / "README.md", "补充一行。")
    again = build_parts(notes, WARM, digest=True)
    assert again.parts == first.parts
    assert again.atlas is not None and again.atlas.to_json() == first.atlas.to_json()


@pytest.mark.parametrize(
    "line", ["见 [新链接](https://example.org/new)", "ELMo is based on a bidirectional LSTM."]
)
def test_what_the_atlas_shows_changes_the_parts(notes: Path, line: str) -> None:
    first = build_parts(notes, WARM, digest=True)
    append(notes / "README.md", line)
    again = build_parts(notes, WARM, digest=True)
    assert again.parts != first.parts
    assert again.atlas is not None and first.atlas is not None
    assert again.atlas.to_json() != first.atlas.to_json()


def test_known_parts_make_no_atlas(notes: Path) -> None:
    parts = build_parts(notes, WARM, digest=True).parts
    append(notes / "README.md", "补充一行。")
    assert build_parts(notes, WARM, known=parts).atlas is None
    append(notes / "README.md", "[[BERT]]")
    changed = build_parts(notes, WARM, known=parts)
    assert changed.atlas is not None and changed.parts not in (None, parts)
    assert changed.atlas.to_json() == noteatlas.build(notes, Config(cache=False)).to_json()


def test_no_digest_without_the_cache_or_unless_asked(notes: Path) -> None:
    assert build_parts(notes, Config(cache=False, jobs=1), digest=True).parts is None
    assert build_parts(notes, WARM).parts is None


def test_a_value_that_cannot_be_digested_gives_no_digest() -> None:
    """A value of a type the digest does not know stops it instead of being left out."""
    doc = DocumentGraph([], EdgeBag(), [], {}, {}, {}, {}, [])
    doc.paper_aliases = {"paper:x": object()}  # type: ignore[dict-item]
    defined = define([], Vocabulary({}), {})
    assert state_digest(doc, defined, [], "notes", "noteatlas") is None
    doc.paper_aliases = {}
    state = state_digest(doc, defined, [], "notes", "noteatlas")
    assert state is not None
    assert parts_digest(state, ["a", "b"]) != parts_digest(state, ["b", "a"])


def test_the_digest_is_the_same_in_every_process(notes: Path, tmp_path: Path) -> None:
    """Builds in processes with other string hashes (set orders) find the parts again."""
    site = tmp_path / "site"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONHASHSEED"}

    def build(seed: str) -> str:
        command = [sys.executable, "-m", "noteatlas", "build", str(notes), "-o", str(site),
                   "-q", "--jobs", "1", "--timings"]  # fmt: skip
        done = subprocess.run(command, env={**env, "PYTHONHASHSEED": seed}, check=True,
                              capture_output=True, text=True)  # fmt: skip
        return done.stderr

    assert "atlas" in build("1")
    append(notes / "README.md", "补充一行。")
    ran = build("2")
    assert "concepts" in ran and "atlas" not in ran


def test_evidence_of_another_type_gives_no_digest() -> None:
    doc = DocumentGraph([], EdgeBag(), [], {}, {}, {}, {}, [])
    doc.edges.evidence[("note:a", EdgeKind.LINKS_TO, "note:b")].append(object())  # type: ignore[arg-type]
    assert state_digest(doc, define([], Vocabulary({}), {}), [], "notes", "noteatlas") is None


def test_evidence_as_a_row_digests_as_its_model() -> None:
    """A bag holds evidence as rows or models (``EdgeBag``): both digest, alike."""
    from noteatlas.schema import Evidence, Method
    from noteatlas.schema.rows import EvidenceRow

    digests = []
    for ev in (EvidenceRow("a.md", 3, Method.SENTENCE, "x", 0.5),
               Evidence(file="a.md", line=3, method=Method.SENTENCE, snippet="x", confidence=0.5)):  # fmt: skip
        doc = DocumentGraph([], EdgeBag(), [], {}, {}, {}, {}, [])
        doc.edges.evidence[("note:a", EdgeKind.LINKS_TO, "note:b")].append(ev)
        digests.append(state_digest(doc, define([], Vocabulary({}), {}), [], "notes", "noteatlas"))
    assert digests[0] is not None and digests[0] == digests[1]
