"""Queries over an atlas built from the sample vault (with the concepts fixture vocabulary)."""

from __future__ import annotations

import itertools
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import noteatlas
from noteatlas.atlas import Atlas
from noteatlas.config import Config
from noteatlas.errors import ConfigError, NotFoundError
from noteatlas.query.format import (
    format_concept,
    format_evidence,
    format_path,
    format_timeline,
)
from noteatlas.query.models import Step
from noteatlas.query.paths import PATH_COST
from noteatlas.query.sources import concept_sources, is_relation, source_counts
from noteatlas.schema import RELATION_KINDS, ConceptNode, Edge, EdgeKind, Evidence, Method
from noteatlas.schema.edges import from_notes

FIXTURES = Path(__file__).parent / "fixtures"
ESSAY = "04-随笔/读书笔记：表示学习的演进.md"
STORY = ["is_a", "has_problem", "addresses", "based_on", "precedes", "leads_to", "co_mentioned"]


@pytest.fixture(scope="module")
def atlas(tmp_path_factory: pytest.TempPathFactory) -> Atlas:
    root = tmp_path_factory.mktemp("vault")
    shutil.copytree(FIXTURES / "vault", root, dirs_exist_ok=True)
    shutil.copy(FIXTURES / "concepts" / "concepts.yaml", root / "concepts.yaml")
    return noteatlas.build(root, Config(builtin_vocabulary=False, cache=False))


def labels(steps: list[Step]) -> list[str]:
    return [steps[0].source_label] + [s.target_label for s in steps]


def cost(steps: list[Step]) -> float:
    return sum(PATH_COST[s.kind] for s in steps)


# --- lookup -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "cid"),
    [
        ("Bert", "concept:bert"),
        ("ＢＥＲＴ", "concept:bert"),
        ("BERT模型", "concept:bert"),
        ("bert", "concept:bert"),
        ("concept:bert", "concept:bert"),
        ("双向RNN", "concept:birnn"),
        ("Embeddings from Language Models", "concept:elmo"),  # an alias from a note
        ("一词多义问题", "concept:polysemy"),
    ],
)
def test_find_concept_by_any_name(atlas: Atlas, name: str, cid: str) -> None:
    assert atlas.concept(name).id == cid


def test_the_year_of_bert(atlas: Atlas) -> None:
    assert atlas.concept("Bert").year == 2018


def test_unknown_names_raise_with_close_matches(atlas: Atlas) -> None:
    with pytest.raises(NotFoundError) as info:
        atlas.concept("BRET")
    assert info.value.candidates == ["BERT"]
    assert "BRET" in info.value.message and "BERT" in info.value.hint
    with pytest.raises(NotFoundError) as info:
        atlas.concept("完全不相干的东西")
    assert info.value.candidates == []


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(max_size=20))
def test_lookup_answers_or_raises_not_found(atlas: Atlas, name: str) -> None:
    try:
        assert isinstance(atlas.concept(name), ConceptNode)
    except NotFoundError as exc:
        assert all(isinstance(c, str) for c in exc.candidates)


# --- paths ------------------------------------------------------------------------------------


def test_path_follows_the_lineage_the_notes_state(atlas: Atlas) -> None:
    """02-NLP/词向量.md states one-hot → word2vec → 静态词向量 → 一词多义问题 → 双向RNN → ELMo → BERT."""
    steps = atlas.path("word2vec", "BERT")
    assert labels(steps) == ["word2vec", "static embedding", "polysemy", "BiRNN", "ELMo", "BERT"]
    assert all(a.target == b.source for a, b in itertools.pairwise(steps))
    # each hop is the typed relation known between its ends, with the chain's line as evidence
    assert [s.kind for s in steps[:2]] == [EdgeKind.IS_A, EdgeKind.HAS_PROBLEM]
    for step in steps:
        assert "02-NLP/词向量.md:7" in [e.where() for e in step.evidence]


def _chain(names: str, kind: EdgeKind, method: Method, confidence: float | None) -> list[Edge]:
    return [
        Edge(source=f"concept:{a}", target=f"concept:{b}", kind=kind,
             evidence=[Evidence(file=None if method is Method.VOCABULARY else "n.md", line=i + 1,
                                method=method, snippet=f"{a} {b}", confidence=confidence)])
        for i, (a, b) in enumerate(itertools.pairwise(names))
    ]  # fmt: skip


def test_path_never_prefers_what_only_the_vocabulary_knows() -> None:
    # a -> z in one step the vocabulary knows, or in eight the notes state (hedged sentences,
    # leads_to: the dearest steps there are): the notes' eight win; without them, the vocabulary.
    nodes = [ConceptNode(id=f"concept:{x}", label=x, name=x) for x in "abcdefghz"]
    known = _chain("az", EdgeKind.IMPROVES_ON, Method.VOCABULARY, None)
    stated = _chain("abcdefgh", EdgeKind.USES, Method.SENTENCE, 0.0)
    stated += _chain("hz", EdgeKind.LEADS_TO, Method.ARROW_CHAIN, 0.0)
    both = Atlas.from_parts(nodes, known + stated, [])
    steps = both.path("a", "z", kinds=["uses", "leads_to", "improves_on"])
    assert len(steps) == 8 and all(s.from_notes for s in steps)
    alone = Atlas.from_parts(nodes, known + stated[1:], [])
    (step,) = alone.path("a", "z", kinds=["uses", "leads_to", "improves_on"])
    assert step.kind is EdgeKind.IMPROVES_ON and not step.from_notes


def test_path_without_a_stated_lineage_is_cheapest(atlas: Atlas) -> None:
    # No arrow chain runs from ELMo back to word2vec: the cheapest typed path it is,
    # ELMo.md's `improves_on:: [[word2vec]]`.
    steps = atlas.path("ELMo", "word2vec")
    assert [(s.kind, s.direction) for s in steps] == [(EdgeKind.IMPROVES_ON, "forward")]
    assert all(s.evidence for s in steps)
    story = atlas.path("ELMo", "word2vec", kinds=STORY)
    assert cost(steps) <= cost(story)


def test_path_through_static_embedding_and_polysemy(atlas: Atlas) -> None:
    steps = atlas.path("word2vec", "BERT", kinds=STORY)
    assert labels(steps) == ["word2vec", "static embedding", "polysemy", "ELMo", "BERT"]
    assert format_path(steps).splitlines() == [
        f"word2vec -is_a-> static embedding   [{ESSAY}:11; also vocabulary]",
        f"static embedding -has_problem-> polysemy   [{ESSAY}:11, {ESSAY}:21; also vocabulary]",
        f"polysemy <-addresses- ELMo   [concepts/ELMo.md:9, {ESSAY}:21; also vocabulary]",
        "ELMo -precedes-> BERT   [concepts/ELMo.md:10]",
    ]
    assert [s.direction for s in steps] == ["forward", "forward", "backward", "forward"]


def test_path_prefers_typed_edges_over_chains_and_co_mentions(atlas: Atlas) -> None:
    # word2vec and polysemy are also joined by the arrow chain and by co-mentions.
    steps = atlas.path("word2vec", "一词多义")
    assert len(steps) == 2 and all(s.kind in RELATION_KINDS for s in steps)
    only_chain = atlas.path("word2vec", "polysemy", kinds=["leads_to"])
    assert [s.kind for s in only_chain] == [EdgeKind.LEADS_TO] * 2
    assert only_chain[0].evidence[0].where() == "02-NLP/词向量.md:7"


def test_path_limits_and_document_edges(atlas: Atlas) -> None:
    assert atlas.path("BERT", "bert") == []
    with pytest.raises(NotFoundError, match="within 3 steps"):
        atlas.path(
            "word2vec",
            "BERT",
            kinds=["is_a", "has_problem", "addresses", "precedes"],
            max_len=3,
        )
    with pytest.raises(NotFoundError):
        atlas.path("note:README.md", "BERT")  # mentions are not walked by default
    (step,) = atlas.path("note:README.md", "BERT", kinds=["mentions"])
    assert (step.kind, step.direction) == (EdgeKind.MENTIONS, "forward")
    with pytest.raises(ConfigError, match="Unknown edge kind 'friend_of'"):
        atlas.path("word2vec", "BERT", kinds=["friend_of"])


# --- neighbourhoods, timelines, prerequisites, papers, notes ----------------------------------


def test_neighbors(atlas: Atlas) -> None:
    near = atlas.neighbors("polysemy", kinds=["has_problem", "addresses"])
    assert {(n.label, n.via.kind, n.via.direction) for n in near} == {
        ("static embedding", EdgeKind.HAS_PROBLEM, "backward"),
        ("BiRNN", EdgeKind.ADDRESSES, "backward"),
        ("ELMo", EdgeKind.ADDRESSES, "backward"),
    }
    two = atlas.neighbors("polysemy", depth=2, kinds=["has_problem", "addresses", "is_a"])
    assert {n.label for n in two if n.depth == 2} == {"word2vec", "GloVe"}
    assert atlas.neighbors("polysemy", depth=0) == []


def test_timeline(atlas: Atlas) -> None:
    models = atlas.timeline(kind="model", start=2014, end=2018)
    assert [(e.year, e.label) for e in models] == [
        (2014, "GloVe"), (2016, "fastText"), (2018, "BERT"), (2018, "ELMo"),
    ]  # fmt: skip
    papers = atlas.timeline(kind="paper", end=2013)
    assert papers and all(e.year <= 2013 and e.node_kind == "paper" for e in papers)
    everything = atlas.timeline()
    assert [e.year for e in everything] == sorted(e.year for e in everything)
    assert format_timeline(models).splitlines()[0] == "2014  GloVe (model)"
    with pytest.raises(ConfigError):
        atlas.timeline(kind="novel")


def test_prerequisites_in_learning_order(atlas: Atlas) -> None:
    order = [c.name for c in atlas.prerequisites("BERT")]
    assert set(order) == {
        "word embedding", "RNN", "LSTM", "seq2seq", "Transformer", "attention", "pre-training",
        "fine-tuning",
    }  # fmt: skip
    assert order.index("RNN") < order.index("LSTM")  # LSTM variant_of RNN
    assert order.index("attention") < order.index("Transformer")  # Transformer uses attention
    assert {c.name for c in atlas.prerequisites("ELMo")} == {"word2vec", "RNN"}
    assert atlas.prerequisites("one-hot") == []


def _concept(cid: str, year: int | None = None) -> ConceptNode:
    return ConceptNode(id=f"concept:{cid}", label=cid, name=cid, year=year)


def _prereq(a: str, b: str) -> Edge:
    ev = Evidence(file="n.md", line=1, method=Method.PREREQUISITES)
    return Edge(
        source=f"concept:{a}", target=f"concept:{b}", kind=EdgeKind.PREREQUISITE_OF, evidence=[ev]
    )


def test_prerequisites_are_transitive_and_survive_cycles() -> None:
    nodes = [_concept(c) for c in ("calculus", "algebra", "ml", "dl", "x", "y")]
    edges = [
        _prereq("algebra", "calculus"), _prereq("calculus", "ml"), _prereq("ml", "dl"),
        _prereq("x", "y"), _prereq("y", "x"), _prereq("x", "ml"),
    ]  # fmt: skip
    small = Atlas.from_parts(nodes, edges, [])
    order = [c.name for c in small.prerequisites("dl")]
    assert order[-1] == "ml" and set(order) == {"algebra", "calculus", "ml", "x", "y"}
    assert order.index("algebra") < order.index("calculus") < order.index("ml")


def test_papers_about_and_notes_mentioning(atlas: Atlas) -> None:
    papers = atlas.papers_about("BERT")
    assert papers[0].id == "paper:arxiv:1810.04805"
    assert "paper:acl:N19-1423" in [p.id for p in papers]
    notes = atlas.notes_mentioning("bert")
    assert (notes[0].path, notes[0].defines) == ("concepts/BERT.md", True)
    assert [n.count for n in notes[1:]] == sorted((n.count for n in notes[1:]), reverse=True)
    readme = next(n for n in notes if n.path == "README.md")
    assert readme.lines == [45, 47]


def test_search(atlas: Atlas) -> None:
    hits = atlas.search("rnn")
    assert (hits[0].id, hits[0].score) == ("concept:rnn", 1.0)
    assert "concept:birnn" in [h.id for h in hits]
    alias = atlas.search("循环")
    assert alias[0].id == "concept:rnn" and alias[0].matched == "循环神经网络"
    assert atlas.search("   ") == []
    assert len(atlas.search("e", limit=3)) == 3


def test_format_concept(atlas: Atlas) -> None:
    text = format_concept(atlas.index, atlas.concept("ELMo"))
    lines = text.splitlines()
    assert lines[0] == "ELMo · model · 2018 (note:concepts/ELMo.md)"
    assert "  -improves_on-> word2vec   [concepts/ELMo.md:17]" in lines
    assert "prerequisites: RNN, word2vec" in lines
    assert "  concepts/ELMo.md (defines)  ×2  lines 13, 15" in lines


def test_format_evidence() -> None:
    evs = [
        Evidence(file="b.md", line=3, method=Method.MENTION),
        Evidence(method=Method.VOCABULARY),
        Evidence(file="a.md", line=9, method=Method.FRONT_MATTER),
        Evidence(file="c.md", line=1, method=Method.MENTION),
    ]
    # the note lines first (strongest method first), the vocabulary only named
    assert format_evidence(evs) == "[a.md:9, b.md:3 +1; also vocabulary]"
    assert format_evidence([]) == ""
    assert format_evidence([Evidence(method=Method.VOCABULARY)]) == "[vocabulary only]"
    own_vocabulary = Evidence(file="vocab.yaml", line=12, method=Method.VOCABULARY)
    assert format_evidence([own_vocabulary]) == "[vocabulary only: vocab.yaml:12]"


@pytest.mark.parametrize(
    ("evidence", "noted"),
    [
        (Evidence(file="a.md", line=3, method=Method.FRONT_MATTER), True),
        (Evidence(file="a.md", line=3, method=Method.ARROW_CHAIN), True),
        (Evidence(file="a.md", line=None, method=Method.HEADING), True),
        (Evidence(method=Method.VOCABULARY), False),
        # an entry of the corpus's own vocabulary file is vocabulary, though it has a file
        (Evidence(file="concepts.yaml", line=34, method=Method.VOCABULARY), False),
        (Evidence(file=None, line=None, method=Method.MENTION), False),
    ],
)
def test_the_from_notes_rule(evidence: Evidence, noted: bool) -> None:
    assert evidence.in_notes() is noted
    vocabulary = Evidence(method=Method.VOCABULARY)
    edge = Edge(source="concept:a", target="concept:b", kind=EdgeKind.USES,
                evidence=[vocabulary, evidence])  # fmt: skip
    assert edge.from_notes() is noted is from_notes(edge.evidence)
    step = Step(source="concept:a", source_label="a", kind=EdgeKind.USES, direction="forward",
                target="concept:b", target_label="b", confidence=0.9, evidence=edge.evidence)  # fmt: skip
    assert step.from_notes is noted
    assert step.model_dump(mode="json")["from_notes"] is noted


def _relation_lines(atlas: Atlas, name: str) -> list[str]:
    """The lines under ``relations:`` of ``show``."""
    lines = format_concept(atlas.index, atlas.concept(name)).splitlines()
    start = lines.index("relations:") + 1
    return list(itertools.takewhile(lambda x: x.startswith(("  -", "  <-")), lines[start:]))


@pytest.mark.parametrize("name", ["ELMo", "word2vec", "static embedding", "BERT"])
def test_show_marks_every_relation_with_its_source(atlas: Atlas, name: str) -> None:
    cid = atlas.concept(name).id
    by_edge = {}
    for e in (*atlas.out_edges(cid), *atlas.in_edges(cid)):
        if is_relation(e):
            other = e.target if e.source == cid else e.source
            by_edge[(e.kind.value, atlas.get(other).label)] = e
    lines = _relation_lines(atlas, name)
    assert len(lines) == len(by_edge) > 0
    for line in lines:
        m = re.fullmatch(r"  (?:-(\w+)-> |<-(\w+)- )(.+?)   \[(.+)\]", line)
        assert m, line
        edge = by_edge[(m[1] or m[2], m[3])]
        if edge.from_notes():
            places = {ev.where() for ev in edge.evidence if ev.in_notes()}
            assert m[4].split(";")[0].split(" +")[0].split(", ")[0] in places, line
            assert ("also vocabulary" in m[4]) is any(not ev.in_notes() for ev in edge.evidence)
        else:
            assert m[4].startswith("vocabulary only"), line


def test_show_lines_for_notes_and_vocabulary(atlas: Atlas) -> None:
    assert (
        f"  -addresses-> polysemy   [concepts/ELMo.md:9, {ESSAY}:21; also vocabulary]"
        in _relation_lines(atlas, "ELMo")
    )  # front matter and a sentence ("It … so it addresses the polysemy problem")
    assert "  -is_a-> static embedding   [vocabulary only: concepts.yaml:39]" in _relation_lines(
        atlas, "GloVe"
    )
    assert f"  -is_a-> static embedding   [{ESSAY}:11; also vocabulary]" in _relation_lines(
        atlas, "word2vec"
    )  # a sentence of the essay: "Word2Vec 是一种静态词向量（static embedding）方法"


def test_source_counts_add_up(atlas: Atlas) -> None:
    counts = source_counts(atlas.index)
    sources = concept_sources(atlas.index)
    assert sum(counts.concepts[k] for k in ("defined", "mentioned", "vocabulary_only")) == len(
        atlas.concepts()
    )
    assert counts.concepts["builtin"] + counts.concepts["own"] == len(atlas.concepts())
    assert sources["concept:elmo"] == "defined"  # concepts/ELMo.md defines it
    relations = [e for e in atlas.edges() if is_relation(e)]
    noted = [e for e in relations if e.from_notes()]
    assert counts.relations["from_notes"] == len(noted) > 0
    assert counts.relations["vocabulary_only"] == len(relations) - len(noted) > 0
    for kind, n in counts.by_kind.items():
        assert n["from_notes"] + n["vocabulary_only"] == sum(
            1 for e in relations if e.kind.value == kind
        )
    data = counts.as_dict()
    assert set(data) == {"concepts", "relations"}
    assert data["relations"]["from_notes"] == len(noted)  # type: ignore[index]


def test_a_concept_the_notes_show_is_never_vocabulary_only(tmp_path: Path) -> None:
    """With no vocabulary at all, every concept comes from the notes: one whose name a list of
    prerequisites shows (``多层感知机（MLP）``) but that no sentence mentions is still the notes'."""
    (tmp_path / "RNN.md").write_text(
        "# RNN\n\n循环神经网络按时间步读入序列。\n\n## 前置知识\n\n- 多层感知机（MLP）\n- 反向传播\n",
        encoding="utf-8",
    )
    (tmp_path / "CNN.md").write_text(
        "# CNN\n\n卷积网络。\n\n## 前置知识\n\n- 多层感知机（MLP）\n", encoding="utf-8"
    )
    atlas = noteatlas.build(tmp_path, Config(builtin_vocabulary=False, cache=False))
    sources = concept_sources(atlas.index)
    assert sources and "vocabulary_only" not in sources.values()
