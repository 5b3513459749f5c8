"""Typed relations read from what the notes say (method ``sentence``), wired into the build."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import noteatlas
from noteatlas.atlas import Atlas
from noteatlas.config import Config
from noteatlas.graph.concepts.mentions import from_plain, note_input, note_pass, to_plain
from noteatlas.graph.concepts.names import Matcher
from noteatlas.graph.extract.note import extract
from noteatlas.query.format import format_path
from noteatlas.schema import Edge, EdgeKind, Method, SourceFile

FIXTURES = Path(__file__).parent / "fixtures"
NOTES = FIXTURES / "statements" / "notes"
ESSAY = "04-随笔/读书笔记：表示学习的演进.md"


def _build(tmp: Path, builtin: bool = False) -> Atlas:
    shutil.copytree(NOTES, tmp, dirs_exist_ok=True)
    shutil.copy(FIXTURES / "statements" / "concepts.yaml", tmp / "concepts.yaml")
    return noteatlas.build(tmp, Config(builtin_vocabulary=builtin, cache=False))


@pytest.fixture(scope="module")
def named(tmp_path_factory: pytest.TempPathFactory) -> Atlas:
    """The statement notes, with a vocabulary that names their concepts and states nothing."""
    return _build(tmp_path_factory.mktemp("named"))


@pytest.fixture(scope="module")
def vault(tmp_path_factory: pytest.TempPathFactory) -> Atlas:
    """The sample vault, built-in vocabulary on."""
    tmp = tmp_path_factory.mktemp("vault")
    shutil.copytree(FIXTURES / "vault", tmp, dirs_exist_ok=True)
    return noteatlas.build(tmp, Config(cache=False))


def _stated(atlas: Atlas) -> dict[tuple[str, str, str], Edge]:
    """Relations with a sentence among their evidence, by (source, kind, target) without prefix."""
    return {
        (e.source.removeprefix("concept:"), e.kind.value, e.target.removeprefix("concept:")): e
        for e in atlas.document.edges
        if any(ev.method == Method.SENTENCE for ev in e.evidence)
    }


def _names(root: Path, kinds: dict[str, str], more: str = "") -> None:
    """A corpus vocabulary that names concepts (name -> kind) and states no relation."""
    body = "".join(f"  - name: {n}\n    kind: {k}\n" for n, k in kinds.items())
    (root / "concepts.yaml").write_text(f"version: 1\nconcepts:\n{body}{more}", encoding="utf-8")


def _lines(edge: Edge) -> set[str]:
    return {ev.where() for ev in edge.evidence if ev.method == Method.SENTENCE}


def test_prose_gives_typed_relations_that_cite_their_lines(named: Atlas) -> None:
    got = _stated(named)
    assert _lines(got[("word2vec", "is_a", "static-embedding")]) == {"Word2Vec.md:3"}
    assert _lines(got[("glove", "based_on", "co-occurrence-matrix")]) == {"GloVe.md:3"}
    edge = got[("word2vec", "is_a", "static-embedding")]
    (ev,) = edge.evidence
    assert ev.snippet.startswith("Word2Vec 是一种静态词向量方法") and ev.confidence == 0.8
    assert edge.confidence == 0.8 and edge.from_notes()


def test_one_relation_stated_in_two_notes_is_one_edge_with_both_lines(named: Atlas) -> None:
    got = _stated(named)
    assert _lines(got[("cbow", "part_of", "word2vec")]) == {"Word2Vec.md:3", "GloVe.md:5"}
    assert _lines(got[("skip-gram", "part_of", "word2vec")]) == {"Word2Vec.md:3", "GloVe.md:5"}
    parts = [e for e in named.document.edges if e.kind is EdgeKind.PART_OF]
    assert len(parts) == len({(e.source, e.target) for e in parts}) == 2


def test_a_hedge_lowers_the_confidence(named: Atlas) -> None:
    got = _stated(named)
    hedged = got[("birnn", "addresses", "polysemy")]
    plain = got[("birnn", "addresses", "oov")]
    assert _lines(hedged) == _lines(plain) == {"GloVe.md:7"}
    assert hedged.confidence < plain.confidence == 0.8


def test_limitations_sections_give_problems_and_advantages_do_not(named: Atlas) -> None:
    got = _stated(named)
    assert _lines(got[("word2vec", "has_problem", "polysemy")]) == {"Word2Vec.md:12"}
    assert _lines(got[("word2vec", "has_problem", "oov")]) == {"Word2Vec.md:13"}
    assert ("word2vec", "has_problem", "gpu") not in got  # listed under 优点


def test_a_pronoun_refers_to_the_sentence_before_and_titles_state_nothing(named: Atlas) -> None:
    got = _stated(named)
    assert _lines(got[("cbow", "uses", "skip-gram")]) == {"GloVe.md:17"}  # 它 … 使用 Skip-gram
    assert ("cbow", "precedes", "skip-gram") not in got  # the heading 从 CBOW 到 Skip-gram


def test_problem_columns_of_tables_give_problems_of_each_row(named: Atlas) -> None:
    got = _stated(named)
    assert _lines(got[("glove", "has_problem", "polysemy")]) == {"GloVe.md:21"}
    assert _lines(got[("glove", "has_problem", "oov")]) == {"GloVe.md:21"}
    assert not [k for k in got if k[1] == "has_problem" and _lines(got[k]) == {"GloVe.md:22"}]


def test_negations_questions_conditionals_and_code_give_nothing(named: Atlas) -> None:
    got = _stated(named)
    assert ("glove", "variant_of", "word2vec") not in got  # 并不是 … 的变体
    assert not [k for k in got if k[2] == "transformer"]  # interview, code, 如果
    quiz = {"Word2Vec.md:17", "Word2Vec.md:18"}
    assert not [k for k, e in got.items() if _lines(e) & quiz]


def test_the_corpus_vocabulary_alone_states_no_relation(named: Atlas) -> None:
    relations = [e for e in named.document.edges if e.kind.value in {k.value for k in EdgeKind}
                 and e.source.startswith("concept:") and e.target.startswith("concept:")
                 and e.kind not in (EdgeKind.CO_MENTIONED,)]  # fmt: skip
    assert relations and all(
        {ev.method for ev in e.evidence} == {Method.SENTENCE} for e in relations
    )


def test_the_essay_states_its_relations_with_the_vocabulary_on(vault: Atlas) -> None:
    got = _stated(vault)
    where = f"{ESSAY}:%d"
    for (source, kind, target), line in {
        ("one-hot", "has_problem", "curse-of-dimensionality"): 7,
        ("bag-of-words", "based_on", "one-hot"): 9,
        ("tf-idf", "variant_of", "bag-of-words"): 9,
        ("word2vec", "is_a", "static-embedding"): 11,
        ("cbow", "part_of", "word2vec"): 11,
        ("skip-gram", "part_of", "word2vec"): 11,
        ("static-embedding", "has_problem", "polysemy"): 11,
        ("rnn", "has_problem", "vanishing-gradient"): 17,
        ("lstm", "addresses", "vanishing-gradient"): 17,
        ("lstm", "uses", "gating-mechanism"): 17,
        ("gru", "variant_of", "lstm"): 17,
        ("elmo", "based_on", "bilstm"): 21,
        ("transformer", "based_on", "self-attention"): 25,
        ("bert", "uses", "transformer"): 25,
        ("bert", "improves_on", "elmo"): 25,
    }.items():  # fmt: skip
        assert where % line in _lines(got[(source, kind, target)]), (source, kind, target)
    assert ("glove", "variant_of", "word2vec") not in got
    essay = {k for k, e in got.items() for w in _lines(e) if w.startswith(ESSAY)}
    assert not [
        k
        for k in essay
        if any(int(w.rsplit(":", 1)[1]) >= 27 for w in _lines(got[k]) if w.startswith(ESSAY))
    ]  # fmt: skip  (自测题 and code)
    assert ("gpt-1", "based_on", "rnn") not in got


def test_statements_survive_the_cache_form() -> None:
    text = (NOTES / "Word2Vec.md").read_text(encoding="utf-8")
    ex = extract(SourceFile(path="Word2Vec.md", text=text, encoding="utf-8", sha256="0"))
    matcher = Matcher([("Word2Vec", "w2v"), ("静态词向量", "static"), ("CBOW", "cbow"),
                       ("Skip-gram", "sg"), ("一词多义", "poly"), ("OOV", "oov")])  # fmt: skip
    found = note_pass(note_input(ex, "w2v"), matcher)
    assert {(s.source, s.kind.value, s.target, s.line) for s in found.statements} >= {
        ("w2v", "is_a", "static", 3), ("cbow", "part_of", "w2v", 3),
        ("w2v", "has_problem", "poly", 12), ("w2v", "has_problem", "oov", 13),
    }  # fmt: skip
    assert from_plain(to_plain(found)) == found
    without_topic = note_pass(note_input(ex, None), matcher)
    assert ("w2v", "has_problem", "oov") in {
        (s.source, s.kind.value, s.target) for s in without_topic.statements
    }  # fmt: skip  (its heading)


# ---- the sample vault with the built-in vocabulary off (issue 11, "Done when")


@pytest.fixture(scope="module")
def bare(tmp_path_factory: pytest.TempPathFactory) -> Atlas:
    """The sample vault, built-in vocabulary off: every concept and relation from the notes."""
    tmp = tmp_path_factory.mktemp("bare")
    shutil.copytree(FIXTURES / "vault", tmp, dirs_exist_ok=True)
    return noteatlas.build(tmp, Config(builtin_vocabulary=False, cache=False))


def _said(atlas: Atlas, a: str, kind: str, b: str) -> set[str]:
    """Lines of the essay whose sentences state ``a kind b`` (names looked up in the atlas)."""
    source, target = atlas.concept(a).id, atlas.concept(b).id
    edges = [e for e in atlas.document.edges
             if (e.source, e.kind.value, e.target) == (source, kind, target)]  # fmt: skip
    return {
        ev.where() for e in edges for ev in e.evidence
        if ev.method == Method.SENTENCE and ev.file == ESSAY
    }  # fmt: skip


@pytest.mark.parametrize(
    ("a", "kind", "b", "line"),
    [("词袋模型", "based_on", "独热编码", 9), ("TF-IDF", "variant_of", "词袋模型", 9),
     ("Word2Vec", "is_a", "静态词向量", 11), ("CBOW", "part_of", "Word2Vec", 11),
     ("Skip-gram", "part_of", "Word2Vec", 11), ("静态词向量", "has_problem", "一词多义", 11),
     ("RNN", "has_problem", "梯度消失", 17), ("LSTM", "addresses", "梯度消失", 17),
     ("GRU", "variant_of", "LSTM", 17), ("双向循环神经网络", "addresses", "一词多义", 19),
     ("ELMo", "addresses", "polysemy", 21), ("BERT", "improves_on", "ELMo", 25),
     ("BERT", "uses", "Transformer", 25), ("GPT", "based_on", "Transformer", 25)],
)  # fmt: skip
def test_the_essay_states_its_relations_without_any_vocabulary(
    bare: Atlas, a: str, kind: str, b: str, line: int
) -> None:
    assert _said(bare, a, kind, b) == {f"{ESSAY}:{line}"}


def test_the_essay_without_vocabulary_keeps_its_traps(bare: Atlas) -> None:
    assert not _said(bare, "GloVe", "variant_of", "Word2Vec")  # 并不是 … 的变体
    lines = {ev.line for e in bare.document.edges for ev in e.evidence
             if ev.method == Method.SENTENCE and ev.file == ESSAY}  # fmt: skip
    assert lines and max(line or 0 for line in lines) < 27  # 自测题 and the code block
    hedged = bare.concept("双向循环神经网络").id, bare.concept("一词多义").id
    (edge,) = [e for e in bare.document.edges if (e.source, e.target) == hedged
               and e.kind is EdgeKind.ADDRESSES]  # fmt: skip
    assert max(ev.strength for ev in edge.evidence if ev.file == ESSAY) < 0.8


def test_path_word2vec_bert_without_vocabulary_cites_a_note_line_at_every_step(
    bare: Atlas,
) -> None:
    steps = bare.path("word2vec", "BERT")
    names = {bare.concept(n).id for n in ("静态词向量", "一词多义", "ELMo")}
    through = {s.target for s in steps} | {s.source for s in steps}
    assert names <= through
    assert through & {
        bare.concept("双向RNN").id,
        bare.concept("BiRNN").id,
        bare.concept("BiLSTM").id,
    }
    for step in steps:
        assert any(ev.in_notes() and ev.line for ev in step.evidence), step
    shown = format_path(steps)
    assert "vocabulary" not in shown and all(":" in line for line in shown.splitlines())


def test_prereqs_bert_without_vocabulary_gives_the_seven_items(bare: Atlas) -> None:
    got = {c.id for c in bare.prerequisites("BERT")}
    items = ["Word Embedding", "RNN", "LSTM", "seq2seq模型", "Transformer", "注意力机制",
             "Pre-training和Fine-tuning"]  # fmt: skip
    assert got == {bare.concept(n).id for n in items} and len(got) == 7


def test_labelled_lines_state_relations_of_the_concept_they_sit_under(tmp_path: Path) -> None:
    """``Followed by: [[X]]``, ``Variants:`` over a list, ``Used in …``, ``前身：…`` and a
    tab-indented list that Markdown reads as the paragraph above it."""
    root = tmp_path / "vault"
    root.mkdir()
    notes = {
        "LLaMA.md": "Combined the best features of [[PaLM]]:\n\t- Use [[RMSNorm]] instead of "
        "[[LayerNorm]]\n\t- Uses [[AdamW]], as [[PaLM]] did.\n\nFollowed by: [[LLaMA 2]]\n\n"
        "Significance: [[Meta AI]] trained it.\n",
        "Transformer.md": "# Transformer\n\nVariants:\n- [[Vision Transformer]]\n- [[Sparse "
        "Transformer]]\n  - Suitable for tasks like [[GeLU]] and translation of long texts.\n\n"
        "Abstract: we use [[PaLM]].\n",
        "SwiGLU.md": "Used in [[PaLM]] and [[LLaMA 2]] instead of [[GeLU]]\n",
        "LSTM.md": "# LSTM\n\n前身：[[RNN]]\n\n## 问题\n\n为什么要用 LSTM？\n",
    }
    for name, text in notes.items():
        (root / name).write_text(text, encoding="utf-8")
    for name in ("PaLM", "RMSNorm", "LayerNorm", "AdamW", "LLaMA 2", "Vision Transformer",
                 "Sparse Transformer", "GeLU", "RNN", "Meta AI"):  # fmt: skip
        (root / f"{name}.md").write_text(f"# {name}\n", encoding="utf-8")
    atlas = noteatlas.build(root, Config(builtin_vocabulary=False, cache=False))
    got = {
        (e.source, e.kind.value, e.target)
        for e in atlas.document.edges
        if any(ev.method is Method.SENTENCE for ev in e.evidence)
    }
    want = {
        ("concept:llama", "uses", "concept:rmsnorm"),
        ("concept:llama", "uses", "concept:adamw"),
        ("concept:llama", "precedes", "concept:llama-2"),
        ("concept:vision-transformer", "variant_of", "concept:transformer"),
        ("concept:sparse-transformer", "variant_of", "concept:transformer"),
        ("concept:palm", "uses", "concept:swiglu"),
        ("concept:llama-2", "uses", "concept:swiglu"),
        ("concept:rnn", "precedes", "concept:lstm"),
    }
    assert want <= got, want - got
    assert not {r for r in got if "meta-ai" in r[0] + r[2] or "concept:gelu" in r}
    assert ("concept:transformer", "uses", "concept:palm") not in got  # "Abstract:" no label


def test_a_loose_sentence_corroborates_only_what_the_vocabulary_states(tmp_path: Path) -> None:
    """``在 GPT-2 里，单向 Transformer 的使用…`` fits no cue; with a vocabulary that
    says GPT-2 uses Transformer, that line is the user's evidence for it (lower confidence);
    the same words give no relation the vocabulary does not state, and a negation none."""
    root = tmp_path / "notes"
    root.mkdir()
    (root / "concepts.yaml").write_text(
        "version: 1\nconcepts:\n  - name: Transformer\n    kind: architecture\n"
        "  - name: GPT-2\n    kind: model\n    relations:\n      uses: [Transformer]\n"
        "  - name: BERT\n    kind: model\n    relations:\n      uses: [Transformer]\n"
        "  - name: ELMo\n    kind: model\n",
        encoding="utf-8",
    )
    (root / "gpt.md").write_text(
        "# 笔记\n\n在 GPT-2 里，单向 Transformer 的使用让生成更自然。\n\n"
        "ELMo 的结构里面使用了很多层，Transformer 也是。\n\nBERT 并不是只使用 Transformer。\n",
        encoding="utf-8",
    )
    atlas = noteatlas.build(root, Config(builtin_vocabulary=False, cache=False))
    edges = {(e.source, e.kind.value, e.target): e for e in atlas.document.edges}
    gpt2 = edges[("concept:gpt-2", "uses", "concept:transformer")]
    (ev,) = [ev for ev in gpt2.evidence if ev.method is Method.SENTENCE]
    assert (ev.file, ev.line, ev.confidence) == ("gpt.md", 3, 0.45)
    assert ("concept:elmo", "uses", "concept:transformer") not in edges  # the vocabulary: no
    bert = edges[("concept:bert", "uses", "concept:transformer")]
    assert not [ev for ev in bert.evidence if ev.method is Method.SENTENCE]  # negated


def test_a_clause_that_names_another_concept_first_takes_no_outside_subject(
    tmp_path: Path,
) -> None:
    """``- 提出 ResNet 模型，引入残差连接`` in CNN.md: ResNet did it, not CNN; a paragraph under
    ``## GPT`` that names ChatGPT is not GPT's; ``- 引入残差连接`` alone is the note's."""
    root = tmp_path / "notes"
    root.mkdir()
    (root / "CNN.md").write_text(
        "# CNN\n\n- 提出 ResNet 模型，引入残差连接\n- 引入池化层\n\n## GPT\n\n"
        "和其他基于 GPT-3 的应用相比，ChatGPT 更好用。\n\n基于 Transformer 解码器。\n",
        encoding="utf-8",
    )
    names = ("CNN", "ResNet", "残差连接", "池化层", "GPT", "GPT-3", "ChatGPT", "Transformer")
    _names(root, dict.fromkeys(names, "model"))
    atlas = noteatlas.build(root, Config(builtin_vocabulary=False, cache=False))
    got = {
        (e.source, e.kind.value, e.target)
        for e in atlas.document.edges
        if any(ev.method is Method.SENTENCE for ev in e.evidence)
    }
    assert ("concept:cnn", "uses", "concept:池化层") in got
    assert ("concept:gpt", "based_on", "concept:transformer") in got
    assert ("concept:cnn", "uses", "concept:残差连接") not in got
    assert ("concept:gpt", "based_on", "concept:gpt-3") not in got


def test_a_link_that_titles_a_page_states_only_its_own_subjects_relation(tmp_path: Path) -> None:
    # a list of links under a note's topic: their texts title pages, they do not say what the
    # note's concept is based on; a title still states a relation its first name makes
    (tmp_path / "concepts.yaml").write_text(
        "concepts:\n"
        "  - {name: seq2seq, kind: model}\n"
        "  - {name: 注意力机制, kind: technique, aliases: [注意力]}\n"
        "  - {name: 机器翻译, kind: task}\n"
        "  - {name: word2vec, kind: model}\n"
        "  - {name: hierarchical softmax, kind: technique}\n",
        encoding="utf-8",
    )
    (tmp_path / "seq2seq.md").write_text(
        "# seq2seq\n\n## 项目\n\n"
        "* [基于注意力的机器翻译](https://example.org/attention-mt)\n"
        "* [word2vec原理(二) 基于hierarchical softmax的模型](https://example.org/w2v-hs)\n",
        encoding="utf-8",
    )
    got = _stated(noteatlas.build(tmp_path, Config(builtin_vocabulary=False, cache=False)))
    assert ("word2vec", "based_on", "hierarchical-softmax") in got
    assert not [k for k in got if k[0] in ("seq2seq", "机器翻译")]


def test_numbered_series_and_models_filed_under_a_technique(tmp_path: Path) -> None:
    """``### GPT1、GPT2、GPT3`` states their order (sizes, a question or a descending list do
    not); ``- LSTM: ELMo, ULMFiT`` files models under what they use, and only a model under a
    technique or an architecture (``- RNN: LSTM, GRU`` files kinds of a network)."""
    root = tmp_path / "notes"
    root.mkdir()
    kinds = {"GPT": "model", "GPT-2": "model", "GPT-3": "model", "ResNet-50": "model",
             "ResNet-101": "model", "ELMo": "model", "ULMFiT": "model", "BERT": "model",
             "LSTM": "architecture", "RNN": "architecture", "GRU": "architecture",
             "MLM": "technique", "激活函数": "concept", "ReLU": "technique"}  # fmt: skip
    _names(root, kinds, "  - name: GPT-2\n    aliases: [GPT2]\n")
    (root / "lm.md").write_text(
        "# 预训练\n\n### GPT、GPT2、GPT-3\n\n- ResNet-50, ResNet-101\n- GPT-3 vs GPT-2\n\n"
        "GPT2和GPT-3有什么区别？\n\n## 按结构\n\n- LSTM: ELMo, ULMFiT\n- MLM: BERT(Token-Level)\n"
        "- RNN: LSTM, GRU\n- 激活函数：ReLU\n- LSTM: ELMo 用得最早\n",
        encoding="utf-8",
    )
    atlas = noteatlas.build(root, Config(builtin_vocabulary=False, cache=False))
    got = {
        (e.source.removeprefix("concept:"), e.kind.value, e.target.removeprefix("concept:")): {
            ev.line for ev in e.evidence if ev.method is Method.SENTENCE
        }
        for e in atlas.document.edges
        if any(ev.method is Method.SENTENCE for ev in e.evidence)
    }
    assert got == {
        ("gpt", "precedes", "gpt-2"): {3},
        ("gpt-2", "precedes", "gpt-3"): {3},
        ("elmo", "uses", "lstm"): {12},
        ("ulmfit", "uses", "lstm"): {12},
        ("bert", "uses", "mlm"): {13},
    }


def test_no_cue_gives_the_mark_of_a_filed_model() -> None:
    """``grouped.CONFIDENCE`` marks a proposal that ``assemble`` checks against the kinds."""
    from noteatlas.graph.concepts.grouped import CONFIDENCE as GROUPED
    from noteatlas.graph.prose.cues import CUES
    from noteatlas.graph.prose.relations import CARRY_FACTOR, HEDGE_FACTOR

    factors = (1.0, CARRY_FACTOR, HEDGE_FACTOR, CARRY_FACTOR * HEDGE_FACTOR)
    assert all(round(c.confidence * f, 3) != GROUPED for c in CUES for f in factors)


def test_a_parent_item_that_is_a_name_is_the_subject_of_its_sub_items(tmp_path: Path) -> None:
    """``- **ELMo**:`` over ``  - 使用双向 LSTM``: ELMo's, not the note's; a parent item that
    says more than a name (``- 梯度消失的解决方法：``) lends no subject."""
    root = tmp_path / "notes"
    root.mkdir()
    _names(root, {"ELMo": "model", "LSTM": "architecture", "预训练": "technique",
                  "梯度消失": "problem", "ReLU": "technique"})  # fmt: skip
    (root / "预训练.md").write_text(
        "# 预训练\n\n- **ELMo**:\n  - 使用双向 LSTM\n- 梯度消失的解决方法：\n  - 使用 ReLU\n",
        encoding="utf-8",
    )
    got = set(_stated(noteatlas.build(root, Config(builtin_vocabulary=False, cache=False))))
    assert ("elmo", "uses", "lstm") in got
    assert not {r for r in got if r[0] == "梯度消失" or (r[2] == "lstm" and r[0] != "elmo")}


def test_a_heading_that_labels_its_items_gives_their_variants(tmp_path: Path) -> None:
    """``### Transformer 的变体`` over ``* [Reformer: The Efficient Transformer](…)``: each
    item's head is a variant; an item that is no name, or a nested one, gives nothing."""
    root = tmp_path / "notes"
    root.mkdir()
    _names(
        root,
        dict.fromkeys(
            ("Transformer", "Reformer", "Longformer", "BERT", "RoBERTa", "ALBERT"), "model"
        ),
    )
    (root / "arch.md").write_text(
        "# 结构\n\n### Transformer 的变体\n\n"
        "* [Reformer: The Efficient Transformer](https://arxiv.org/abs/2001.04451)\n"
        "* Longformer：处理长文档\n  * BERT\n* 计算更快的注意力\n\n"
        "## Improvements on BERT\n\n- RoBERTa\n- 为什么 ALBERT 更小？\n",
        encoding="utf-8",
    )
    got = set(_stated(noteatlas.build(root, Config(builtin_vocabulary=False, cache=False))))
    assert got == {
        ("reformer", "variant_of", "transformer"),
        ("longformer", "variant_of", "transformer"),
        ("roberta", "improves_on", "bert"),
    }


def test_contrasts_passives_and_sentences_after_a_label_state_nothing(tmp_path: Path) -> None:
    _names(tmp_path, {"SwiGLU": "technique", "PaLM": "model", "GeLU": "technique",
                      "Zephyr": "model", "GPT-4": "model", "MT-Bench": "dataset",
                      "temperature": "technique", "top-k sampling": "technique",
                      "dropout": "technique", "overfitting": "problem"})  # fmt: skip
    (tmp_path / "SwiGLU.md").write_text(
        "# SwiGLU\n\nUsed in [[PaLM]] instead of [[GeLU]] activation functions.\n", encoding="utf-8"
    )
    (tmp_path / "Zephyr.md").write_text(
        "# Zephyr\n\nLimitations: Use of GPT-4 as an evaluator for the MT-Bench benchmark, which"
        " is known to be biased.\n",
        encoding="utf-8",
    )
    (tmp_path / "Sampling.md").write_text(
        "# Sampling\n\n## Temperature\n\n- Repetition can be prevented with top-k sampling.\n\n"
        "## Dropout\n\nDropout prevents overfitting.\n",
        encoding="utf-8",
    )
    atlas = noteatlas.build(tmp_path, Config(builtin_vocabulary=False, cache=False))
    got = _stated(atlas)
    labelled = {
        (e.source.removeprefix("concept:"), e.kind.value, e.target.removeprefix("concept:"))
        for e in atlas.document.edges
        if e.source.startswith("concept:") and e.target.startswith("concept:")
    }
    assert ("swiglu", "uses", "palm") not in labelled  # "Used in" is PaLM's use of SwiGLU
    assert ("palm", "uses", "swiglu") in labelled
    assert not [k for k in labelled if "gelu" in (k[0], k[2]) and k[1] != "co_mentioned"]
    assert not [k for k in labelled if k[0] == "zephyr" and k[1] == "has_problem"]
    assert ("temperature", "addresses", "top-k-sampling") not in got
    assert ("dropout", "addresses", "overfitting") in got


def test_a_models_section_lists_the_techniques_it_uses(tmp_path: Path) -> None:
    """``## BERT`` over ``1. Masked LM：…``: BERT uses it; an item that starts with another
    concept (``- 预训练：ELMo 用…``), an item under a problem (a cause) or a quiz give nothing."""
    root = tmp_path / "notes"
    root.mkdir()
    _names(root, {"BERT": "model", "Masked LM": "technique", "NSP": "technique",
                  "ELMo": "model", "预训练": "technique", "梯度消失": "problem",
                  "激活函数": "technique"})  # fmt: skip
    (root / "models.md").write_text(
        "# 预训练模型\n\n## BERT\n\n1. Masked LM：随机遮罩部分 token 再预测。\n"
        "2. NSP：判断两句是否相邻。\n- 预训练：ELMo 用两层 LSTM。\n\n## 梯度消失\n\n"
        "- 激活函数：sigmoid 的导数很小。\n\n## BERT 面试题\n\n- NSP：有什么用？\n",
        encoding="utf-8",
    )
    got = set(_stated(noteatlas.build(root, Config(builtin_vocabulary=False, cache=False))))
    assert {("bert", "uses", "masked-lm"), ("bert", "uses", "nsp")} <= got
    assert not {r for r in got if "预训练" in r or "激活函数" in r}, got


def test_no_cue_gives_the_mark_of_a_listed_technique() -> None:
    """``sectionitems.CONFIDENCE`` marks a proposal that ``assemble`` checks against the kinds."""
    from noteatlas.graph.concepts.sectionitems import CONFIDENCE as LISTED
    from noteatlas.graph.prose.cues import CUES
    from noteatlas.graph.prose.relations import CARRY_FACTOR, HEDGE_FACTOR

    factors = (1.0, CARRY_FACTOR, HEDGE_FACTOR, CARRY_FACTOR * HEDGE_FACTOR)
    assert all(round(c.confidence * f, 3) != LISTED for c in CUES for f in factors)


def test_a_comparison_tables_columns_say_what_each_row_is_built_and_trained_with(
    tmp_path: Path,
) -> None:
    """``| 模型 | 架构 | 预训练任务 | 参数量 |``: each row's model is based on its 架构 cell and uses
    what its 预训练任务 cell names; a column that names no relation (参数量) gives nothing."""
    root = tmp_path / "notes"
    root.mkdir()
    _names(root, {"BERT": "model", "GPT-2": "model", "Transformer 编码器": "architecture",
                  "Transformer 解码器": "architecture", "MLM": "technique", "NSP": "technique",
                  "语言模型": "technique", "GELU": "technique"})  # fmt: skip
    (root / "对比.md").write_text(
        "# 预训练模型对比\n\n| 模型 | 架构 | 预训练任务 | 参数量 |\n|---|---|---|---|\n"
        "| BERT | Transformer 编码器 | MLM、NSP | GELU 340M |\n"
        "| GPT-2 | Transformer 解码器 | 语言模型 | 1.5B |\n",
        encoding="utf-8",
    )
    got = set(_stated(noteatlas.build(root, Config(builtin_vocabulary=False, cache=False))))
    assert {
        ("bert", "based_on", "transformer-编码器"),
        ("bert", "uses", "mlm"),
        ("bert", "uses", "nsp"),
        ("gpt-2", "based_on", "transformer-解码器"),
        ("gpt-2", "uses", "语言模型"),
    } <= got, got
    assert ("bert", "uses", "gelu") not in got


def test_an_interview_question_on_a_concepts_problems_is_answered_by_its_items(
    tmp_path: Path,
) -> None:
    _names(tmp_path, {"RNN": "architecture", "one-hot": "technique", "BERT": "model",
                      "梯度消失": "problem", "梯度爆炸": "problem", "维度灾难": "problem",
                      "过拟合": "problem", "LSTM": "architecture", "计算量": "concept"})  # fmt: skip
    (tmp_path / "rnn.md").write_text(
        "# 循环网络\n\n### 1.4 RNN 存在什么问题？\n\n1. 梯度消失和梯度爆炸 问题\n\n"
        "### 1.1 【演变史】one-hot 存在问题?\n\n- 维度灾难：每个词语的维度就是字典的长度；\n\n"
        "## LSTM\n\n### 缺点\n\n- 计算量\n\n"
        "## 四、模型压缩存在问题？\n\n- 过拟合\n",
        encoding="utf-8",
    )
    (tmp_path / "BERT.md").write_text(
        "# BERT\n\n## 模型压缩存在问题？\n\n- 过拟合\n\n## BERT 与 LSTM 的缺点\n\n- 梯度消失\n",
        encoding="utf-8",
    )
    got = _stated(noteatlas.build(tmp_path, Config(builtin_vocabulary=False, cache=False)))
    assert _lines(got[("rnn", "has_problem", "梯度消失")]) == {"rnn.md:5"}
    assert _lines(got[("rnn", "has_problem", "梯度爆炸")]) == {"rnn.md:5"}
    assert _lines(got[("one-hot", "has_problem", "维度灾难")]) == {"rnn.md:9"}
    assert _lines(got[("lstm", "has_problem", "计算量")]) == {"rnn.md:15"}  # "### 缺点" alone
    # a heading with other words is about them: not the note's BERT, not the parent's LSTM
    assert not [k for k in got if k[2] == "过拟合"]
    assert ("bert", "has_problem", "梯度消失") not in got
    assert ("lstm", "has_problem", "梯度消失") not in got


def test_a_clause_after_a_linked_label_is_about_the_linked_page(tmp_path: Path) -> None:
    _names(tmp_path, {"attention": "technique", "local attention": "technique",
                      "beam search": "technique"})  # fmt: skip
    (tmp_path / "attention.md").write_text(
        "# attention\n\n"
        "* 2 Sep 2015, 269 citations: [A Neural Attention Model for Summarization]"
        "(https://github.com/someone/papernotes/blob/master/notes/summ.md): using local"
        " attention to generate summaries.\n"
        "* Uses beam search to decode.\n",
        encoding="utf-8",
    )
    got = _stated(noteatlas.build(tmp_path, Config(builtin_vocabulary=False, cache=False)))
    assert ("attention", "uses", "local-attention") not in got  # the paper uses it
    assert _lines(got[("attention", "uses", "beam-search")]) == {"attention.md:4"}


def test_what_a_model_solves_or_suffers_from_is_a_problem_not_a_technique(tmp_path: Path) -> None:
    _names(tmp_path, {"NSP": "technique", "SOP": "technique", "ALBERT": "model",
                      "梯度消失": "problem", "LSTM": "architecture", "门控": "technique"})  # fmt: skip
    (tmp_path / "ALBERT.md").write_text(
        "# ALBERT\n\n实验表明 NSP 几乎解决不了 SOP，而 SOP 能较好地解决 NSP。\n\n"
        "LSTM 缓解了梯度消失问题。\n",
        encoding="utf-8",
    )
    got = _stated(noteatlas.build(tmp_path, Config(builtin_vocabulary=False, cache=False)))
    assert not [k for k in got if {k[0], k[2]} == {"nsp", "sop"}]
    assert ("lstm", "addresses", "梯度消失") in got


def test_a_series_written_down_a_column_states_its_order(tmp_path: Path) -> None:
    _names(tmp_path, {"GPT-1": "model", "GPT-2": "model", "GPT-3": "model",
                      "InstructGPT": "model", "GPT-4": "model", "ResNet-50": "model",
                      "ResNet-101": "model"})  # fmt: skip
    (tmp_path / "GPT.md").write_text(
        "# GPT\n\nA family of language models.\n\n[[GPT-1]]\n[[GPT-2]]\n[[GPT-3]]\n"
        "[[InstructGPT]]\n[[GPT-4]]\n\n## Sizes\n\n- ResNet-50\n- ResNet-101\n\n"
        "## Later\n\n- GPT-3\n\n- GPT-4\n",
        encoding="utf-8",
    )
    got = _stated(noteatlas.build(tmp_path, Config(builtin_vocabulary=False, cache=False)))
    assert _lines(got[("gpt-1", "precedes", "gpt-2")]) == {"GPT.md:6"}
    assert _lines(got[("gpt-2", "precedes", "gpt-3")]) == {"GPT.md:7"}
    assert ("gpt-3", "precedes", "gpt-4") not in got  # InstructGPT stands between them
    assert not [k for k in got if k[1] == "precedes" and "resnet" in k[0]]  # sizes


def test_an_arrow_chain_backs_the_lineage_a_vocabulary_knows(tmp_path: Path) -> None:
    (tmp_path / "concepts.yaml").write_text(
        "version: 1\nconcepts:\n  - name: seq2seq\n    kind: model\n    relations:\n"
        "      precedes: [Transformer]\n  - name: Transformer\n    kind: architecture\n"
        "  - name: BERT\n    kind: model\n",
        encoding="utf-8",
    )
    (tmp_path / "history.md").write_text("# 演进\n\nseq2seq → Transformer → BERT\n", "utf-8")
    got = _stated(noteatlas.build(tmp_path, Config(builtin_vocabulary=False, cache=False)))
    assert _lines(got[("seq2seq", "precedes", "transformer")]) == {"history.md:3"}
    assert ("transformer", "precedes", "bert") not in got  # no vocabulary states it
