"""End to end on the sample vault: nodes, papers, edges, diagnostics, determinism, round trip."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import jsonschema
import pytest

import noteatlas
from noteatlas.atlas import Atlas
from noteatlas.config import Config
from noteatlas.schema import EdgeKind, NodeKind, json_schema

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def vault(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample vault plus the bad files, as one corpus."""
    root = tmp_path_factory.mktemp("vault") / "notes"
    shutil.copytree(FIXTURES / "vault", root)
    shutil.copytree(FIXTURES / "bad", root / "bad")
    return root


@pytest.fixture(scope="module")
def atlas(vault: Path) -> Atlas:
    return noteatlas.build(vault)


def codes_at(atlas: Atlas, file: str) -> set[str]:
    return {d.code for d in atlas.diagnostics if d.file == file}


def test_every_readable_note_is_a_node(atlas: Atlas, vault: Path) -> None:
    notes = {n.path for n in atlas.notes()}
    on_disk = {p.relative_to(vault).as_posix() for p in vault.rglob("*.md")}
    assert notes == on_disk - {"bad/二进制.md"}
    assert "binary-skipped" in codes_at(atlas, "bad/二进制.md")


@pytest.mark.parametrize(
    ("paper_id", "year"),
    [
        ("arxiv:1301.3781", 2013),
        ("arxiv:1810.04805", 2018),
        ("arxiv:1802.05365", 2018),
        ("arxiv:1706.03762", 2017),
        ("arxiv:1409.0473", 2014),
        ("arxiv:1411.2738", 2014),
        ("arxiv:1607.01759", 2016),
        ("arxiv:1510.03820", 2015),
        ("arxiv:1412.3555", 2014),
        ("arxiv:1406.1078", 2014),
        ("acl:D14-1181", 2014),
        ("acl:N19-1423", 2019),
    ],
)
def test_papers_with_ids_and_years(atlas: Atlas, paper_id: str, year: int) -> None:
    paper = atlas.get(f"paper:{paper_id}")
    assert paper.kind == NodeKind.PAPER
    assert paper.year == year  # type: ignore[union-attr]


def test_proceedings_papers(atlas: Atlas) -> None:
    by_venue = {(p.venue, p.year) for p in atlas.papers()}
    assert ("NeurIPS", 2013) in by_venue
    assert ("NeurIPS", 2017) in by_venue
    assert ("JMLR", 2003) in by_venue


def test_one_paper_reached_by_several_urls_is_one_node(atlas: Atlas) -> None:
    bert = atlas.get("paper:arxiv:1810.04805")
    assert len(bert.urls) >= 2  # type: ignore[union-attr]
    citing = {e.source for e in atlas.in_edges("paper:arxiv:1810.04805", EdgeKind.CITES)}
    assert {"note:README.md", "note:02-NLP/BERT面试题.md"} <= citing
    # never merged on a guess: the ACL Anthology version of BERT stays its own paper
    assert "paper:acl:N19-1423" in atlas


def test_paper_title_from_table_cell(atlas: Atlas) -> None:
    paper = atlas.get("paper:acl:D14-1181")
    assert paper.title == "Convolutional Neural Networks for Sentence Classification"  # type: ignore[union-attr]


def test_document_edges(atlas: Atlas) -> None:
    links = {(e.source, e.target) for e in atlas.edges(EdgeKind.LINKS_TO)}
    assert ("note:README.md", "note:02-NLP/词向量.md") in links
    assert ("note:03-LLM/Transformer/核心解析.md", "note:concepts/ELMo.md") in links
    assert ("note:03-LLM/crlf笔记.md", "note:02-NLP/RNN与LSTM.md") in links
    cites = {(e.source, e.target) for e in atlas.edges(EdgeKind.CITES)}
    assert (
        "note:01-基础/词袋与TF-IDF.md",
        "url:https://www.cnblogs.com/pinard/p/6693230.html",
    ) in cites
    tagged = {(e.source, e.target) for e in atlas.edges(EdgeKind.TAGGED)}
    assert ("note:concepts/ELMo.md", "tag:nlp") in tagged
    identifies = {e.target for e in atlas.edges(EdgeKind.IDENTIFIES)}
    assert "paper:arxiv:1810.04805" in identifies


def test_evidence_points_at_file_and_line(atlas: Atlas) -> None:
    edge = next(
        e for e in atlas.edges(EdgeKind.LINKS_TO)
        if e.source == "note:03-LLM/crlf笔记.md"
    )  # fmt: skip
    assert [(ev.file, ev.line) for ev in edge.evidence] == [("03-LLM/crlf笔记.md", 7)]


def test_assets(atlas: Atlas) -> None:
    missing = {a.path for a in atlas.assets() if not a.exists}
    assert "pics/tfidf.png" in missing
    assert "02-NLP/pics/rnn-gradient.png" in missing


@pytest.mark.parametrize(
    ("file", "code"),
    [
        ("README.md", "link-unresolved"),  # 02-NLP/GPT.md, 03-LLM/ELMo/核心解析.md ...
        ("02-NLP/词向量.md", "link-unresolved"),  # /TextCNN/TextCNN-readme.md
        ("02-NLP/RNN与LSTM.md", "anchor-missing"),  # #不存在
        ("02-NLP/RNN与LSTM.md", "asset-missing"),
        ("02-NLP/BERT面试题.md", "link-email-as-path"),
        ("01-基础/词袋与TF-IDF.md", "asset-missing"),
        ("concepts/ELMo.md", "wikilink-unresolved"),  # [[不存在的概念]]
        ("bad/特殊空白.md", "link-unsafe"),
        ("bad/特殊空白.md", "link-outside-root"),
        ("bad/坏的front-matter.md", "front-matter-invalid"),
        ("bad/gbk编码.md", "encoding-legacy"),
        ("bad/乱码笔记.md", "mojibake-repaired"),
        ("bad/乱码笔记-有损.md", "mojibake-lossy"),
    ],
)
def test_diagnostics(atlas: Atlas, file: str, code: str) -> None:
    assert code in codes_at(atlas, file)


def test_good_links_give_no_diagnostic(atlas: Atlas) -> None:
    unresolved = {d.message for d in atlas.diagnostics if d.code == "link-unresolved"}
    assert not any("词向量.md" in m and "GPT" not in m for m in unresolved if "README" in m)
    anchors = [d for d in atlas.diagnostics if d.code == "anchor-missing"]
    assert [(d.file, d.line) for d in anchors] == [("02-NLP/RNN与LSTM.md", 20)]


def test_round_trip_and_determinism(atlas: Atlas, vault: Path, tmp_path: Path) -> None:
    atlas.dump(tmp_path / "atlas.json")
    again = noteatlas.load(tmp_path / "atlas.json")
    assert again == atlas
    assert again.to_json() == atlas.to_json()
    assert noteatlas.build(vault).to_json() == atlas.to_json()
    # the graph is the same graph too
    assert set(again.graph.edges(keys=True)) == set(atlas.graph.edges(keys=True))


def test_json_validates_against_schema(atlas: Atlas) -> None:
    jsonschema.validate(json.loads(atlas.to_json()), json_schema())


def test_no_builtin_vocabulary(vault: Path) -> None:
    plain = noteatlas.build(vault, Config(builtin_vocabulary=False))
    assert len(plain.notes()) == len(noteatlas.build(vault).notes())


def test_outputs_do_not_depend_on_the_hash_seed(vault: Path, tmp_path: Path) -> None:
    """Set and dict orders that follow str hashes would make two runs of the same notes differ."""
    import subprocess
    import sys

    outs = []
    for seed in ("1", "2"):
        out = tmp_path / f"site{seed}"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run(
            [sys.executable, "-m", "noteatlas", "build", str(vault), "-o", str(out), "-q",
             "--no-build-cache"],
            check=True, env=env,
        )  # fmt: skip
        outs.append(out)
    names = sorted(p.name for p in outs[0].iterdir())
    assert "explorer.html" in names and "atlas.json" in names
    for name in names:
        assert (outs[0] / name).read_bytes() == (outs[1] / name).read_bytes(), name


def test_a_title_with_two_names_is_about_the_same_one_whatever_the_hash_seed(
    tmp_path: Path,
) -> None:
    """Discovery read "轻量BERT-FAQ" as two names of titles; which one the note was about
    followed a set's order (found on 10,000 generated notes)."""
    import subprocess
    import sys

    notes = tmp_path / "notes"
    notes.mkdir()
    for title in ("轻量BERT-FAQ", "句向量BERT-FAQ", "BERT-FAQ (5)", "轻量BERT 代码实现", "轻量BERT",
                  "轻量BERT面试题", "Sentence-BERT-FAQ"):  # fmt: skip
        (notes / f"{title}.md").write_text(
            f"# {title}\n\n轻量BERT 和 BERT-FAQ 的笔记。\n", encoding="utf-8"
        )
    atlases = set()
    for seed in ("1", "2", "3", "4"):
        out = tmp_path / f"site{seed}"
        subprocess.run(
            [sys.executable, "-m", "noteatlas", "build", str(notes), "-o", str(out), "-q",
             "--no-build-cache", "-j", "1"],
            check=True, env={**os.environ, "PYTHONHASHSEED": seed},
        )  # fmt: skip
        atlases.add((out / "atlas.json").read_bytes())
    assert len(atlases) == 1


def test_assemble_needs_only_what_the_build_keeps_of_each_note(vault: Path) -> None:
    """The build lets each note's extract go after the mentions pass, keeping for ``assemble``
    only ``NoteContext.for_assemble``: the concepts stage gives the same result from it."""
    from noteatlas.graph.concepts.mentions import note_pass
    from noteatlas.graph.concepts.stage import assemble, define
    from noteatlas.graph.documents import document_graph
    from noteatlas.pipeline.corpus import load_vocabularies, note_contexts, scan
    from noteatlas.schema import Method

    config = Config(jobs=1, cache=False)
    scanned = scan(vault, config, None)
    doc = document_graph(scanned.results, scanned.index)
    vocabulary, _ = load_vocabularies(vault, config)

    def concepts(light: bool) -> tuple[list[object], list[object]]:
        contexts = note_contexts(scanned.results, doc)
        first = define(contexts, vocabulary, doc.paper_years, doc.paper_aliases)
        inputs = [first.note_input(c) for c in first.notes]
        if light:
            first.notes = [c.for_assemble() for c in first.notes]
            assert all(not c.extract.prose and not c.extract.tables for c in first.notes)
        result = assemble(first, (note_pass(note, first.matcher) for note in inputs))
        return list(result.nodes), list(result.edges)

    nodes, edges = concepts(light=False)
    assert concepts(light=True) == (nodes, edges)
    # what the light contexts must still carry: headings (co-mentions) and wikilinks
    assert any(e.kind is EdgeKind.CO_MENTIONED for e in edges)
    assert any(ev.method is Method.REFERENCE for e in edges for ev in e.evidence)
