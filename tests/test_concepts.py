"""The concepts stage on the sample vault and on small corpora of its own fixture notes."""

from __future__ import annotations

import itertools
import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import noteatlas
from noteatlas.atlas import Atlas
from noteatlas.config import Config
from noteatlas.graph.concepts.stage import (
    _EVIDENCE_LIMIT,
    MAX_EVIDENCE,
    ConceptResult,
    NoteContext,
    derive_concepts,
)
from noteatlas.graph.concepts.vocabulary import (
    BUILTIN_SOURCE,
    Vocabulary,
    load_vocabulary,
    merge_vocabularies,
)
from noteatlas.graph.extract.note import extract
from noteatlas.graph.read.discover import read_note
from noteatlas.schema import (
    ConceptKind,
    ConceptNode,
    Diagnostic,
    Edge,
    EdgeKind,
    Method,
    Severity,
    SourceFile,
)

FIXTURES = Path(__file__).parent / "fixtures"
VOCABULARY = FIXTURES / "concepts" / "concepts.yaml"
NOTES = FIXTURES / "concepts" / "notes"


def build(tmp: Path, *trees: Path) -> Atlas:
    """The whole pipeline over copies of ``trees`` plus the fixture vocabulary (no built-in)."""
    for tree in trees:
        shutil.copytree(tree, tmp, dirs_exist_ok=True)
    shutil.copy(VOCABULARY, tmp / "concepts.yaml")
    return noteatlas.build(tmp, Config(builtin_vocabulary=False, cache=False))


@pytest.fixture(scope="module")
def vault(tmp_path_factory: pytest.TempPathFactory) -> Atlas:
    return build(tmp_path_factory.mktemp("vault"), FIXTURES / "vault")


@pytest.fixture(scope="module")
def notes(tmp_path_factory: pytest.TempPathFactory) -> Atlas:
    return build(tmp_path_factory.mktemp("notes"), NOTES)


def concept(atlas: Atlas, cid: str) -> ConceptNode:
    node = atlas.get(f"concept:{cid}")
    assert isinstance(node, ConceptNode)
    return node


def edge(atlas: Atlas, source: str, kind: EdgeKind, target: str) -> Edge:
    found = [e for e in atlas.out_edges(source, kind) if e.target == target]
    assert found, f"no {source} -{kind}-> {target}"
    return found[0]


def codes(atlas: Atlas, file: str | None = None) -> list[str]:
    return [d.code for d in atlas.diagnostics if file is None or d.file == file]


# --- the sample vault -------------------------------------------------------------------------


def test_arrow_chain_gives_six_leads_to_edges(vault: Atlas) -> None:
    chain = [
        e for e in vault.edges(EdgeKind.LEADS_TO)
        if any(ev.file == "02-NLP/词向量.md" for ev in e.evidence)
    ]  # fmt: skip
    pairs = {(e.source, e.target) for e in chain}
    names = ["one-hot", "word2vec", "static-embedding", "polysemy", "birnn", "elmo", "bert"]
    assert pairs == {(f"concept:{a}", f"concept:{b}") for a, b in itertools.pairwise(names)}
    for e in chain:
        assert [(ev.line, ev.method) for ev in e.evidence] == [(7, Method.ARROW_CHAIN)]


def test_prerequisite_section_of_the_interview_note(vault: Atlas) -> None:
    into_bert = {e.source: e for e in vault.in_edges("concept:bert", EdgeKind.PREREQUISITE_OF)}
    expected = {
        "word-embedding": 11, "rnn": 12, "lstm": 13, "seq2seq": 14, "transformer": 15,
        "attention": 16, "pre-training": 17, "fine-tuning": 17,
    }  # fmt: skip
    for cid, line in expected.items():
        (ev,) = into_bert[f"concept:{cid}"].evidence
        assert (ev.file, ev.line, ev.method) == ("02-NLP/BERT面试题.md", line, Method.PREREQUISITES)
    # The interview note is about BERT but does not define it.
    assert not list(vault.out_edges("note:02-NLP/BERT面试题.md", EdgeKind.DEFINES))


def test_markmap_and_headings_give_subtopics(vault: Atlas) -> None:
    e = edge(vault, "concept:word2vec", EdgeKind.SUBTOPIC_OF, "concept:word-embedding")
    assert {(ev.line, ev.method) for ev in e.evidence} == {
        (16, Method.MARKMAP_BLOCK),  # ##### Word2Vec under #### 词向量
        (23, Method.HEADING),  # ## word2vec under # 词向量 Word Embedding
    }
    # "经典模型" names no concept: nothing becomes its subtopic, and "NLP" gets no children
    # through it.
    assert not list(vault.in_edges("concept:nlp", EdgeKind.SUBTOPIC_OF))
    # A heading under "循环神经网络（RNN）".
    edge(vault, "concept:lstm", EdgeKind.SUBTOPIC_OF, "concept:rnn")


def test_front_matter_and_inline_fields(vault: Atlas) -> None:
    e = edge(vault, "concept:elmo", EdgeKind.IMPROVES_ON, "concept:word2vec")
    assert [(ev.file, ev.line, ev.method) for ev in e.evidence] == [
        ("concepts/ELMo.md", 17, Method.INLINE_FIELD)
    ]
    assert e.confidence == 1.0
    edge(vault, "concept:elmo", EdgeKind.PRECEDES, "concept:bert")
    edge(vault, "concept:word2vec", EdgeKind.PREREQUISITE_OF, "concept:elmo")
    # Names no vocabulary has become concepts, reported as info.
    lm = edge(vault, "concept:elmo", EdgeKind.USES, "concept:语言模型")
    assert lm.evidence[0].snippet == "uses:: 语言模型"
    assert concept(vault, "bilstm").name == "BiLSTM"
    implicit = [d for d in vault.diagnostics if d.code == "concept-implicit"]
    assert {d.severity for d in implicit} == {Severity.INFO}
    # BiLSTM (based_on: [BiLSTM]) is no implicit name: the note writes it, discovery finds it
    assert "concepts/ELMo.md" in {ev.file for ev in concept(vault, "bilstm").found_in}


def test_defining_notes_contribute_names_years_summaries_papers(vault: Atlas) -> None:
    bert = concept(vault, "bert")
    assert (bert.year, bert.year_source) == (2018, "note:concepts/BERT.md")
    assert "Bidirectional Encoder Representations from Transformers" in bert.aliases
    assert bert.summary == "BERT 只用 Transformer 的 Encoder。"
    assert bert.paper == "paper:arxiv:1810.04805"
    elmo = concept(vault, "elmo")
    assert elmo.paper == "paper:arxiv:1802.05365"
    assert "动态词向量" in elmo.aliases
    d = edge(vault, "note:concepts/ELMo.md", EdgeKind.DEFINES, "concept:elmo")
    assert d.evidence[0].method == Method.FRONT_MATTER
    # 词向量.md defines "word embedding" by its file name, Obsidian style.
    edge(vault, "note:02-NLP/词向量.md", EdgeKind.DEFINES, "concept:word-embedding")


def test_papers_introduce_concepts(vault: Atlas) -> None:
    e = edge(vault, "paper:arxiv:1802.05365", EdgeKind.INTRODUCES, "concept:elmo")
    methods = {(ev.file, ev.method) for ev in e.evidence}
    assert ("README.md", Method.LINK_TEXT) in methods  # [ELMo](https://arxiv.org/abs/1802.05365)
    assert ("concepts/ELMo.md", Method.FRONT_MATTER) in methods  # paper: ...
    # The word2vec paper linked under "## word2vec", and the same paper from the vocabulary.
    e = edge(vault, "paper:arxiv:1301.3781", EdgeKind.INTRODUCES, "concept:word2vec")
    assert (None, Method.VOCABULARY) not in {(ev.file, ev.method) for ev in e.evidence}
    assert ("concepts.yaml", Method.VOCABULARY) in {(ev.file, ev.method) for ev in e.evidence}
    # The Transformer paper linked under a heading about BERT does not introduce BERT.
    neurips = [p for p in vault.papers() if p.paper_id.startswith("neurips:2017")]
    assert neurips and not list(vault.out_edges(neurips[0].id, EdgeKind.INTRODUCES))
    # "其他作者解读：[word2vec Parameter Learning Explained]" under "## word2vec": someone's
    # reading of it; the original authors' second paper further down: not where it comes from.
    assert not list(vault.out_edges("paper:arxiv:1411.2738", EdgeKind.INTRODUCES))
    later = [p for p in vault.papers() if p.paper_id.startswith("neurips:2013")]
    assert later and not list(vault.out_edges(later[0].id, EdgeKind.INTRODUCES))


def test_a_paper_a_section_cites_for_a_reading_introduces_nothing(tmp_path: Path) -> None:
    (tmp_path / "concepts.yaml").write_text(
        "version: 1\nconcepts:\n  - name: Self-Attention\n    kind: technique\n"
        "  - name: Scheduled Sampling\n    kind: technique\n    aliases: [计划采样]\n",
        encoding="utf-8",
    )
    (tmp_path / "transformer.md").write_text(
        "# Transformer\n\n### 自注意力（Self-Attention）\n\n自注意力层输入一个向量序列。\n\n"
        "[On the Relationship between Self-Attention and Convolutional Layers]"
        "(https://arxiv.org/abs/1911.03584) 认为，CNN 就是一种受限制的自注意层。\n\n"
        "### 计划采样（Scheduled Sampling）\n\n计划采样在训练时逐渐用模型自己的输出代替真实词。\n\n"
        "* [Scheduled Sampling for Sequence Prediction with Recurrent Neural Networks]"
        "(https://arxiv.org/abs/1506.03099)\n"
        "* [Professor Forcing: A New Algorithm for Training Recurrent Networks]"
        "(https://arxiv.org/abs/1610.09038)\n",
        encoding="utf-8",
    )
    atlas = noteatlas.build(tmp_path, Config(builtin_vocabulary=False, cache=False))
    assert not list(atlas.out_edges("paper:arxiv:1911.03584", EdgeKind.INTRODUCES))
    assert "concept:scheduled-sampling" not in {
        e.target for e in atlas.out_edges("paper:arxiv:1610.09038", EdgeKind.INTRODUCES)
    }  # (its title names Professor Forcing, which it does introduce)
    (first,) = atlas.out_edges("paper:arxiv:1506.03099", EdgeKind.INTRODUCES)
    node = atlas.get(first.target)
    assert isinstance(node, ConceptNode) and node.name == "Scheduled Sampling"
    assert node.year == 2015  # the section's first paper, not the later one (2016)
    assert atlas.concept("Self-Attention").year is None


def test_mentions_count_lines_and_skip_code(vault: Atlas) -> None:
    e = edge(vault, "note:02-NLP/词向量.md", EdgeKind.MENTIONS, "concept:word2vec")
    assert e.weight == len([ev for ev in e.evidence])  # few enough to keep every one
    assert {ev.line for ev in e.evidence} == {7, 23, 26, 28, 29}
    # README's fenced block (lines 29-37) mentions nothing, though it holds arrows and names.
    readme = [
        ev.line for e in vault.out_edges("note:README.md", EdgeKind.MENTIONS) for ev in e.evidence
    ]
    assert readme and not [line for line in readme if line is not None and 29 <= line <= 37]
    assert "chain-term-unknown" not in codes(vault, "README.md")


def test_wikilinks_to_concepts_count_as_references(vault: Atlas) -> None:
    e = edge(vault, "note:concepts/ELMo.md", EdgeKind.MENTIONS, "concept:bilstm")
    assert {ev.method for ev in e.evidence} == {Method.MENTION, Method.REFERENCE}
    assert e.weight == 1  # the wikilink and the text on its line are one mention
    assert e.confidence == 1.0


def test_co_mentions_are_stored_once_and_weighted_by_sections(vault: Atlas) -> None:
    co = vault.edges(EdgeKind.CO_MENTIONED)
    assert co and all(e.source < e.target for e in co)
    e = edge(vault, "concept:polysemy", EdgeKind.CO_MENTIONED, "concept:word2vec")
    # one per shared section (four, with the essay in 04-随笔); three of them shown
    assert e.weight == 4 and len(e.evidence) == _EVIDENCE_LIMIT[EdgeKind.CO_MENTIONED] == 3
    assert all(ev.method == Method.CO_MENTION for ev in e.evidence)


def test_prose_arrows_stay_quiet_or_say_one_thing(vault: Atlas) -> None:
    # "维度灾难、语义鸿沟 → 后来有了 word2vec": one side is a clause, so not a chain of names
    # (issue 11 item 5: a chain needs two terms that are concepts or look like names).
    assert not [d for d in vault.diagnostics if d.code == "chain-term-unknown" and d.line == 10]
    assert not [e for e in vault.edges(EdgeKind.LEADS_TO) if e.evidence[0].line == 10]


def test_vault_has_no_concept_errors(vault: Atlas) -> None:
    mine = {"year-conflict", "alias-conflict", "relation-without-concept", "concept-kind-unknown"}
    assert not [d for d in vault.diagnostics if d.code in mine]


# --- fixture notes ----------------------------------------------------------------------------


def test_year_conflicts_are_reported_not_silently_picked(notes: Atlas) -> None:
    glove = concept(notes, "glove")
    assert (glove.year, glove.year_source) == (2015, "note:GloVe.md")
    (warning,) = [
        d for d in notes.diagnostics if d.code == "year-conflict" and d.file == "GloVe.md"
    ]
    assert warning.severity == Severity.WARNING
    assert "2015 (note:GloVe.md)" in warning.message and "2014 (vocabulary)" in warning.message
    # The defining paper outranks the vocabulary and a file name (issue 11: front matter >
    # defining paper > what the notes state > vocabulary).
    transformer = concept(notes, "transformer")
    assert (transformer.year, transformer.year_source) == (2017, "paper:arxiv:1706.03762")
    (info,) = [
        d for d in notes.diagnostics
        if d.code == "year-conflict" and "file_name:2019 - Attention" in d.message
    ]  # fmt: skip
    assert info.severity == Severity.INFO


def test_papers_inferred_from_tables_date_a_concept_only_when_they_agree(notes: Atlas) -> None:
    fasttext = concept(notes, "fasttext")
    assert (fasttext.paper, fasttext.year) == ("paper:arxiv:1607.01759", 2016)
    e = edge(notes, "paper:arxiv:1607.01759", EdgeKind.INTRODUCES, "concept:fasttext")
    assert [(ev.line, ev.method) for ev in e.evidence] == [(6, Method.TABLE)]
    # The row says NNLM (2003) but links a 2017 paper: an edge, not NNLM's defining paper.
    nnlm = concept(notes, "nnlm")
    assert (nnlm.paper, nnlm.year, nnlm.year_source) == (None, 2003, "vocabulary")
    edge(notes, "paper:arxiv:1706.03762", EdgeKind.INTRODUCES, "concept:nnlm")
    assert not [d for d in notes.diagnostics if d.code == "year-conflict" and "NNLM" in d.message]


def test_word_bounds_and_prerequisite_sections(notes: Atlas) -> None:
    e = edge(notes, "note:LSTM.md", EdgeKind.MENTIONS, "concept:rnn")
    assert [ev.line for ev in e.evidence] == [3, 7]  # "RNNs" twice; not xRNN or RNNT
    edge(notes, "concept:rnn", EdgeKind.PREREQUISITE_OF, "concept:lstm")
    edge(notes, "concept:birnn", EdgeKind.PREREQUISITE_OF, "concept:lstm")
    # an item no vocabulary names is a concept of its own: what to learn first is a thing
    e = edge(notes, "concept:反向传播", EdgeKind.PREREQUISITE_OF, "concept:lstm")
    assert [ev.where() for ev in e.evidence] == ["LSTM.md:8"]
    assert [ev.where() for ev in concept(notes, "反向传播").found_in] == ["LSTM.md:8"]
    assert not [d for d in notes.diagnostics if d.code == "prerequisite-unknown"]


def test_code_math_and_urls_mention_nothing(notes: Atlas) -> None:
    mentions = list(notes.out_edges("note:代码与公式.md", EdgeKind.MENTIONS))
    assert [(e.target, e.weight) for e in mentions] == [("concept:bert", 1.0)]
    assert mentions[0].evidence[0].line == 9
    assert not [e for e in notes.edges(EdgeKind.LEADS_TO) if e.evidence[0].file == "代码与公式.md"]


def test_new_concepts_from_notes_and_fields(notes: Atlas) -> None:
    dropout = concept(notes, "dropout")
    assert (dropout.concept_kind, dropout.year, dropout.aliases) == (
        ConceptKind.TECHNIQUE, 2014, ["随机失活"],
    )  # fmt: skip
    assert dropout.summary == "训练时随机失活一部分神经元。"
    assert concept(notes, "过拟合").concept_kind == ConceptKind.PROBLEM  # target of `addresses`
    edge(notes, "concept:dropout", EdgeKind.ADDRESSES, "concept:过拟合")
    edge(notes, "concept:bert", EdgeKind.RELATED_TO, "concept:dropout")  # symmetric: sorted
    # Aliases of new concepts are found in other notes, and chains may use them.
    edge(notes, "note:正则化.md", EdgeKind.MENTIONS, "concept:dropout")
    edge(notes, "concept:过拟合", EdgeKind.LEADS_TO, "concept:dropout")
    edge(notes, "concept:dropout", EdgeKind.LEADS_TO, "concept:bert")
    quiet = [d for d in notes.diagnostics if d.code == "chain-term-unknown"]
    assert [(d.file, d.line) for d in quiet] == [("正则化.md", 7)]


def test_bad_front_matter_is_a_diagnostic(notes: Atlas) -> None:
    assert codes(notes, "坏的kind.md") == ["concept-kind-unknown"]
    (d,) = [d for d in notes.diagnostics if d.code == "relation-without-concept"]
    assert (d.file, d.line, d.severity) == ("无概念.md", 2, Severity.WARNING)
    assert not list(notes.in_edges("concept:rnn", EdgeKind.USES))


# --- the stage on its own ---------------------------------------------------------------------


def contexts(root: Path) -> list[NoteContext]:
    out = []
    for path in sorted(p for p in root.rglob("*.md")):
        rel = path.relative_to(root).as_posix()
        source = read_note(root, rel)
        assert isinstance(source, SourceFile)
        out.append(NoteContext(extract=extract(source), note_id=f"note:{rel}"))
    return out


def vocabulary(source: str) -> Vocabulary:
    entries, _ = load_vocabulary(VOCABULARY.read_text(encoding="utf-8"), source)
    return merge_vocabularies([entries])[0]


def test_builtin_concepts_nobody_uses_are_left_out() -> None:
    vocab = vocabulary(BUILTIN_SOURCE)
    result = derive_concepts(contexts(NOTES), vocab, {})
    ids = {n.id for n in result.nodes}
    assert "concept:bert" in ids and "concept:seq2seq" not in ids  # nothing mentions seq2seq
    assert concept_of(result, "glove").builtin is False  # a note defines it
    assert concept_of(result, "bert").builtin is True  # notes only mention it
    e = next(
        e for e in result.edges if e.source == "concept:lstm" and e.kind == EdgeKind.VARIANT_OF
    )
    assert [ev.where() for ev in e.evidence] == ["vocabulary"]
    kept = derive_concepts(contexts(NOTES), vocab, {}, keep_unused_builtin=True)
    extra = {n.id for n in kept.nodes} - ids
    assert (
        "concept:seq2seq" in extra and len(kept.nodes) == len(vocab.entries) + 6
    )  # + Dropout ..., 正则化 (a note's title), 反向传播 (a prerequisite), xRNN (its shape)
    assert all(n.builtin for n in kept.nodes if n.id in extra)


def concept_of(result: ConceptResult, cid: str) -> ConceptNode:
    return next(n for n in result.nodes if n.id == f"concept:{cid}")


def test_derivation_is_deterministic() -> None:
    vocab = vocabulary("concepts.yaml")
    notes = contexts(FIXTURES / "vault")
    first = derive_concepts(notes, vocab, {"paper:arxiv:1810.04805": 2018})
    second = derive_concepts(list(reversed(notes)), vocab, {"paper:arxiv:1810.04805": 2018})
    assert first == second
    assert concept_of(first, "bert").paper == "paper:arxiv:1810.04805"


def test_mention_counts_stay_exact_when_evidence_is_capped() -> None:
    text = "\n\n".join(f"第 {i} 段：BERT 与 bert" for i in range(30))
    source = SourceFile(path="many.md", text=text, encoding="utf-8", sha256="0")
    notes = [NoteContext(extract=extract(source), note_id="note:many.md")]
    result = derive_concepts(notes, vocabulary("concepts.yaml"), {})
    (e,) = [e for e in result.edges if e.kind == EdgeKind.MENTIONS]
    limit = _EVIDENCE_LIMIT[EdgeKind.MENTIONS]
    assert limit < MAX_EVIDENCE
    assert (e.target, e.weight, len(e.evidence)) == ("concept:bert", 60, limit)
    assert [ev.line for ev in e.evidence] == list(range(1, 2 * limit, 2))  # the first lines


def test_an_empty_corpus_and_an_empty_vocabulary() -> None:
    assert derive_concepts([], Vocabulary(entries={}), {}) == ConceptResult([], [], [])


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.sampled_from(
            ["# BERT", "## 前置知识", "- RNN", "1. 注意力机制", "a → b → BERT", "```", "kind:: x",
             "uses:: [[BERT]]", "---", "kind: model", "year: 20x8", "title: 新", "aliases: [a, a]",
             "$BERT$", "`ELMo`", "双向RNN", "- - - 2018年 BERT", "```markdown", "-- markmap",
             "[BERT](https://arxiv.org/abs/1810.04805)", "> ＢＥＲＴ", "| a | BERT |", "|---|---|"]
        ),
        max_size=25,
    )
)  # fmt: skip
def test_no_note_crashes_the_stage(lines: list[str]) -> None:
    text = "\n".join(lines)
    source = SourceFile(path="x/2018 - note.md", text=text, encoding="utf-8", sha256="0")
    notes = [NoteContext(extract=extract(source), note_id="note:x/2018 - note.md")]
    result = derive_concepts(notes, vocabulary("concepts.yaml"), {})
    assert all(isinstance(d, Diagnostic) for d in result.diagnostics)
    ids = {n.id for n in result.nodes}
    for e in result.edges:
        assert e.target in ids and (e.source in ids or not e.source.startswith("concept:"))
        assert e.evidence and e.source != e.target


def test_co_mentions_only_in_sections_that_discuss_a_few_concepts() -> None:
    """A section naming many concepts is a list or an index: no pairwise co-mentions."""
    from noteatlas.graph.concepts.stage import MAX_CO_MENTIONED
    from noteatlas.graph.concepts.vocabulary import builtin_vocabulary

    vocab, _ = builtin_vocabulary()
    names = [e.name for e in vocab.entries.values() if e.name.isascii() and len(e.name) > 3]
    many = names[: MAX_CO_MENTIONED + 1]
    text = "# 列表\n\n" + "、".join(many) + "\n\n# 讨论\n\nBERT 与 ELMo 都很常用。\n"
    source = SourceFile(path="list.md", text=text, encoding="utf-8", sha256="0")
    result = derive_concepts(
        [NoteContext(extract=extract(source), note_id="note:list.md")], vocab, {}
    )
    pairs = {(e.source, e.target) for e in result.edges if e.kind == EdgeKind.CO_MENTIONED}
    assert pairs == {("concept:bert", "concept:elmo")}
    mentioned = {e.target for e in result.edges if e.kind == EdgeKind.MENTIONS}
    assert len(mentioned) >= MAX_CO_MENTIONED + 1


def test_a_year_conflict_lists_its_claims_in_one_order_whatever_the_hash_seed() -> None:
    """Two years stated in one file (same rank, file, line and source) tied in the claims' sort,
    and the diagnostic listed them in a set's order (seen on 10,000 generated notes)."""
    import subprocess
    import sys

    script = (
        "from noteatlas.graph.concepts.years import YearClaim, YearRank, settle_year\n"
        "claims = [YearClaim(y, YearRank.STATED, 'prose:a.md', 'a.md', None)"
        " for y in (2017, 2013, 2016)]\n"
        "print(settle_year('word2vec', claims)[1][0].message)\n"
    )
    seen = {
        subprocess.run(
            [sys.executable, "-c", script],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2", "3", "4", "5", "6")
    }
    assert len(seen) == 1
    assert "2013 (prose:a.md), 2016 (prose:a.md), 2017 (prose:a.md)" in seen.pop()


def test_a_paper_introduces_what_its_line_or_first_item_says_it_proposes(tmp_path: Path) -> None:
    (tmp_path / "concepts.yaml").write_text(
        "version: 1\nconcepts:\n  - name: Transformer\n    kind: architecture\n"
        "  - name: GAN\n    kind: model\n  - name: 自注意力\n    kind: technique\n"
        "  - name: ResNet\n    kind: model\n  - name: 残差连接\n    kind: technique\n",
        encoding="utf-8",
    )
    (tmp_path / "papers.md").write_text(
        "# 论文\n\n## 论文\n\n* [Attention Is All You Need](https://arxiv.org/abs/1706.03762)：\n"
        "    * 提出新的基础网络架构 Transformer，仅基于自注意力，并行度好\n"
        "    * 提出残差连接的新用法\n"
        "* [Two Networks Play a Game](https://arxiv.org/abs/1406.2661)：提出 GAN 模型\n"
        "* [Deep Residual Learning for Image Recognition](https://arxiv.org/abs/1512.03385)：\n"
        "    * 在 ResNet 之后，残差连接被广泛使用\n",
        encoding="utf-8",
    )
    atlas = noteatlas.build(tmp_path, Config(builtin_vocabulary=False, cache=False))
    (e,) = atlas.out_edges("paper:arxiv:1706.03762", EdgeKind.INTRODUCES)
    assert e.target == "concept:transformer" and e.evidence[0].line == 5
    assert e.evidence[0].method == Method.SENTENCE
    assert atlas.concept("Transformer").year == 2017
    (e,) = atlas.out_edges("paper:arxiv:1406.2661", EdgeKind.INTRODUCES)
    assert e.target == "concept:gan" and atlas.concept("GAN").year == 2014
    # only what the first sub-item says it proposes, and only a proposal
    assert atlas.concept("残差连接").year is None and atlas.concept("ResNet").year is None


def test_a_summary_is_a_sentence_that_says_what_it_is_in_plain_words(tmp_path: Path) -> None:
    """A paper note's opening date, its "Paper: [...]" line and a bare label are no summary;
    the first sentence is, without Obsidian markup."""
    (tmp_path / "concepts.yaml").write_text(
        "version: 1\nconcepts:\n  - name: Alpaca\n    kind: model\n  - name: LLaMA\n    kind: model\n",
        encoding="utf-8",
    )
    (tmp_path / "Alpaca.md").write_text(
        "March 13, 2023\nBlog: [Alpaca: A Strong, Replicable Model](https://crfm.stanford.edu/x)\n\n"
        "Abstract:\n\nA 7B ==instruction-following== model based on [[LLaMA]] 7B, "
        "[[Instruction-Tuning|instruction-tuned]] on 52k demonstrations.\n",
        encoding="utf-8",
    )
    atlas = noteatlas.build(tmp_path, Config(builtin_vocabulary=False, cache=False))
    assert atlas.concept("Alpaca").summary == (
        "A 7B instruction-following model based on LLaMA 7B, instruction-tuned on 52k demonstrations."
    )


def test_a_prerequisite_written_with_its_other_name_is_one_concept(tmp_path: Path) -> None:
    """``- 多层感知机（MLP）`` under ``## 前置知识`` is the multilayer perceptron, known as MLP; not a
    concept named ``多层感知机（MLP）``."""
    (tmp_path / "RNN.md").write_text(
        "# RNN\n\n循环神经网络。\n\n## 前置知识\n\n- 多层感知机（MLP）\n- 反向传播算法（BP）\n",
        encoding="utf-8",
    )
    (tmp_path / "concepts.yaml").write_text(
        "version: 1\nconcepts:\n  - name: BP\n    kind: technique\n", encoding="utf-8"
    )
    atlas = noteatlas.build(tmp_path, Config(builtin_vocabulary=False, cache=False))
    names = {c.name for c in atlas.concepts()}
    assert not [n for n in names if "（" in n]
    mlp = atlas.concept("MLP")
    assert mlp == atlas.concept("多层感知机")
    assert atlas.concept("反向传播算法") == atlas.concept("BP")  # an alias of the known one
    prereqs = {e.source for e in atlas.in_edges("concept:rnn", EdgeKind.PREREQUISITE_OF)}
    assert prereqs == {mlp.id, "concept:bp"}
