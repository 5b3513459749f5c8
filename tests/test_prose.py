"""The prose readers: sentences, relations, aliases, definitions, terms, years, and the dev sets."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from prose_devset import (
    half,
    load,
    load_readers,
    score,
    score_aliases,
    score_definitions,
    score_terms,
    score_years,
    spans,
)

from noteatlas.graph.concepts.names import Matcher
from noteatlas.graph.concepts.naming import is_name
from noteatlas.graph.extract.note import extract
from noteatlas.graph.prose.aliases import alias_pairs, spells
from noteatlas.graph.prose.definitions import definitions
from noteatlas.graph.prose.relations import read_relations
from noteatlas.graph.prose.sentences import (
    Sentence,
    clause_spans,
    is_question,
    is_quiz_heading,
    looks_like_code,
    negation_spans,
    note_sentences,
    split_sentences,
)
from noteatlas.graph.prose.termkind import term_kind
from noteatlas.graph.prose.terms import term_candidates
from noteatlas.graph.prose.termshape import looks_like_term
from noteatlas.graph.prose.years import heading_year, stated_years
from noteatlas.schema import ConceptKind, EdgeKind, SourceFile

FIXTURES = Path(__file__).parent / "fixtures" / "prose"


def _rels(text: str, names: list[str], topic: str | None = None) -> set[tuple[str, str, str]]:
    table = {n: n for n in names}
    out = set()
    for s in split_sentences(text):
        for r in read_relations(s, spans(s.text, table), topic):
            out.add((r.source, r.kind.value, r.target))
    return out


# ---- sentences


def test_sentences_split_keep_lines_and_strip_list_markers() -> None:
    got = split_sentences("- 第一句。第二句！\nThird one. Fourth, e.g. this one?", line=7)
    assert [(s.text, s.line) for s in got] == [
        ("第一句。", 7), ("第二句！", 7), ("Third one.", 8), ("Fourth, e.g. this one?", 8)
    ]  # fmt: skip
    assert got[-1].question and not got[0].question


@pytest.mark.parametrize(
    "text",
    ["为什么 BERT 比 ELMo 好？", "LSTM 能完全解决梯度消失吗", "Is GPT based on RNN?",
     "How does BERT handle OOV", "请简述 CBOW 与 Skip-gram 的区别。", "问：ELMo 基于什么"],
)  # fmt: skip
def test_questions(text: str) -> None:
    assert is_question(text)


@pytest.mark.parametrize("text", ["BERT 采用 Transformer 的编码器。", "ELMo is based on a biLM."])
def test_statements_are_not_questions(text: str) -> None:
    assert not is_question(text)


def test_quiz_headings_and_answers() -> None:
    assert is_quiz_heading("自测题（不要当成事实）") and is_quiz_heading("Q&A")
    assert is_quiz_heading("BERT 面试题") and not is_quiz_heading("问题一：一词多义")
    got = split_sentences("问：ELMo 是基于 Transformer 的吗？答：不是，它基于 LSTM。")
    assert all(s.question for s in got)


def test_negations_skip_lookalikes_and_code_is_detected() -> None:
    assert negation_spans("GloVe 并不是 Word2Vec 的变体") == [(6, 8)]
    assert negation_spans("位置编码是不可缺少的组成部分，BERT 不仅用 MLM") == []
    assert looks_like_code("self.lstm = nn.LSTM(embed_dim, hidden_dim)")
    assert looks_like_code("model = BertModel.from_pretrained('bert-base')")
    assert not looks_like_code("层次 Softmax 把复杂度从 O(V) 降到 O(log V)。")
    assert clause_spans("A，B；C | D") == [(0, 1), (2, 3), (4, 6), (7, 9)]


def test_note_sentences_of_the_essay_mark_the_self_test_and_keep_code_out() -> None:
    text = (FIXTURES / "essay.md").read_text(encoding="utf-8")
    ex = extract(SourceFile(path="essay.md", text=text, encoding="utf-8", sha256="0"))
    sents = note_sentences(ex)
    quiz = {s.line for s in sents if s.question}
    assert {29, 30, 31} <= quiz
    assert not any("based_on=" in s.text for s in sents)
    assert any(s.line == 25 and s.text.startswith("BERT 采用") for s in sents)


# ---- relations


def test_purpose_clause_and_carried_subject() -> None:
    assert _rels("为了解决梯度消失问题，LSTM 引入了门控机制。", ["梯度消失", "LSTM", "门控机制"]) == {
        ("LSTM", "addresses", "梯度消失"), ("LSTM", "uses", "门控机制")
    }  # fmt: skip
    got = _rels(
        "Word2Vec 是一种静态词向量（static embedding）方法，由 Mikolov 等人在 2013 年提出，"
        "包括 CBOW 和 Skip-gram 两种结构。",
        ["Word2Vec", "静态词向量", "static embedding", "CBOW", "Skip-gram"],
    )
    assert ("CBOW", "part_of", "Word2Vec") in got and ("Skip-gram", "part_of", "Word2Vec") in got
    assert ("Word2Vec", "is_a", "静态词向量") in got


def test_negation_cancels_only_its_clause() -> None:
    got = _rels(
        "GloVe 并不是 Word2Vec 的变体，它基于全局共现矩阵。", ["GloVe", "Word2Vec", "全局共现矩阵"]
    )
    assert got == {("GloVe", "based_on", "全局共现矩阵")}


def test_has_problem_cue_with_its_own_negation() -> None:
    assert _rels("Word2Vec 得到的是静态词向量，无法解决一词多义。", ["Word2Vec", "一词多义"]) == {
        ("Word2Vec", "has_problem", "一词多义")
    }
    assert _rels("LSTM 并不能完全解决梯度消失。", ["LSTM", "梯度消失"]) == set()


def test_hedge_lowers_confidence_without_dropping() -> None:
    text = "双向循环神经网络在一定程度上缓解了一词多义。"
    (s,) = split_sentences(text)
    (plain,) = split_sentences("双向循环神经网络缓解了一词多义。")
    names = {"双向循环神经网络": "birnn", "一词多义": "polysemy"}
    (hedged,) = read_relations(s, spans(s.text, names))
    (sure,) = read_relations(plain, spans(plain.text, names))
    assert hedged.kind is EdgeKind.ADDRESSES and hedged.hedged
    assert hedged.confidence < sure.confidence


def test_questions_code_and_relatives() -> None:
    assert _rels("Is GPT based on RNN? No.", ["GPT", "RNN"]) == set()
    assert _rels("model = BERT(based_on='LSTM')", ["BERT", "LSTM"]) == set()
    got = _rels(
        "GPT-3 was followed by InstructGPT, which adds RLHF.", ["GPT-3", "InstructGPT", "RLHF"]
    )
    assert got == {("GPT-3", "precedes", "InstructGPT"), ("InstructGPT", "uses", "RLHF")}


@pytest.mark.parametrize(
    ("text", "names", "want"),
    [
        # a comma joins a list only when an "and" closes it
        ("为了解决梯度消失问题，LSTM 引入了门控机制。", ["梯度消失问题", "LSTM", "门控机制"],
         {("LSTM", "addresses", "梯度消失问题"), ("LSTM", "uses", "门控机制")}),
        # wikilinks: brackets and link targets do not break a cue
        ("GloVe 同样是[[静态词向量]]，也有[[一词多义]]问题。", ["GloVe", "静态词向量", "一词多义"],
         {("GloVe", "is_a", "静态词向量"), ("GloVe", "has_problem", "一词多义")}),
        ("解码器本质上是一个[[n-gram语言模型|语言模型]]。", ["解码器", "n-gram语言模型", "语言模型"],
         {("解码器", "is_a", "语言模型")}),
        # a bare 是 needs its subject to open the clause, and never takes the topic
        ("把 one-hot 加起来就是词袋模型。", ["one-hot", "词袋模型"], set()),
        ("两个方向换成 LSTM 就是 BiLSTM。", ["LSTM", "BiLSTM"], set()),
        ("GRU 还是 LSTM", ["GRU", "LSTM"], set()),
        # 分为 is no copula; 一个 needs one
        ("Word2Vec 分为 CBOW 和 Skip-gram。", ["Word2Vec", "CBOW", "Skip-gram"],
         {("CBOW", "part_of", "Word2Vec"), ("Skip-gram", "part_of", "Word2Vec")}),
        ("BERT 使用一个可训练的位置嵌入。", ["BERT", "位置嵌入"], {("BERT", "uses", "位置嵌入")}),
        # the problem, not its owner; a problem eased by a tool is not a user of it
        ("LSTM 解决了 RNN 的梯度消失问题。", ["LSTM", "RNN", "梯度消失"],
         {("LSTM", "addresses", "梯度消失")}),
        ("梯度爆炸则用梯度裁剪对付。", ["梯度爆炸", "梯度裁剪"], set()),
        ("LSTM 通过门控缓解梯度消失。", ["LSTM", "门控", "梯度消失"],
         {("LSTM", "uses", "门控"), ("门控", "addresses", "梯度消失"),
          ("LSTM", "addresses", "梯度消失")}),
        # ranges, papers, brackets and dashes
        ("从 one-hot 一直写到 BERT。", ["one-hot", "BERT"], set()),
        ("ELMo 论文用词义消歧验证了这一点。", ["ELMo", "词义消歧"], set()),
        ("子词切分（WordPiece，BERT 使用）和 SentencePiece。", ["WordPiece", "BERT",
         "SentencePiece"], set()),
        ("论文 [Improving neural networks by preventing overfitting   里提出 Dropout。",
         ["neural networks", "overfitting", "Dropout"], set()),
        ("很长的依赖依然困难——这些都是 Transformer 要解决的。", ["Transformer"], set()),
        ("它在 GPU 上使用 Skip-gram 的负采样。", ["GPU", "Skip-gram"], set()),  # a place
        # 用户 is no 用; a verb before 的 that modifies another noun says nothing of Y
        ("Query 是品牌形式时，用户意图就是找地点的 POI", ["Query", "POI"], set()),
        ("BERT 微调期间添加的唯一新参数是分类层", ["BERT", "分类"], set()),
        ("传统解码器采用的 RNN 层只有自回归计算", ["解码器", "RNN"], {("解码器", "uses", "RNN")}),
        # a range's start is no subject of the verb in it: a range it is
        ("从机器翻译的 LSTM 模型到现在广泛应用 Transformer 模型", ["LSTM", "Transformer"],
         {("LSTM", "precedes", "Transformer")}),
    ],
)  # fmt: skip
def test_reader_cases(text: str, names: list[str], want: set[tuple[str, str, str]]) -> None:
    assert _rels(text, names) == want


def test_topic_of_a_subjectless_list_item() -> None:
    (s,) = split_sentences("- 参数是同尺寸 RNN 的 4 倍，无法解决长距离依赖", source="item")
    got = read_relations(s, spans(s.text, {"RNN": "rnn", "长距离依赖": "lrd"}), topic="lstm")
    assert [(r.source, r.kind, r.target) for r in got] == [("lstm", EdgeKind.HAS_PROBLEM, "lrd")]
    assert got[0].line == 1 and "无法解决" in got[0].cue


@pytest.mark.parametrize(
    ("item", "names", "want"),
    [
        ("- 使用 GELU 作为激活函数", {"GELU": "gelu"}, {("bert", "uses", "gelu")}),
        # what 将/把 takes is the object; the verb's own object is where it goes
        ("- 将预训练+微调引入 NLP，可用于解决众多问题", {"NLP": "nlp"}, set()),
        # a Latin word before the verb is the clause's own subject, though no concept
        ("- 之后，decoder再利用Attention机制进行decode", {"Attention机制": "att"}, set()),
        ("- Morin & Bengio（2005）用层次Softmax把代价降到 log V", {"层次Softmax": "hs"}, set()),
        ("- 多条路径的梯度传递能够缓解梯度消失", {"梯度消失": "vg"}, set()),  # "A 的 B" subject
        # 目的 is a word, not "A 的 B": the clause is still the topic's
        ("- 目的就是解决 RNN 的梯度消失问题", {"RNN": "rnn", "梯度消失": "vg"},
         {("bert", "addresses", "vg")}),
    ],
)  # fmt: skip
def test_carried_subject(item: str, names: dict[str, str], want: set[tuple[str, str, str]]) -> None:
    (s,) = split_sentences(item, source="item")
    got = read_relations(s, spans(s.text, names), topic="bert")
    assert {(r.source, r.kind.value, r.target) for r in got} == want


def test_essay_relations_and_traps() -> None:
    text = (FIXTURES / "essay.md").read_text(encoding="utf-8")
    ex = extract(SourceFile(path="essay.md", text=text, encoding="utf-8", sha256="0"))
    names = [("独热编码", "one-hot"), ("one-hot encoding", "one-hot"), ("维度灾难", "curse"),
             ("词袋模型", "bow"), ("Bag of Words", "bow"), ("TF-IDF", "tf-idf"),
             ("Word2Vec", "word2vec"), ("静态词向量", "static"), ("static embeddings", "static"),
             ("static embedding", "static"), ("CBOW", "cbow"), ("Skip-gram", "skip-gram"),
             ("一词多义", "polysemy"), ("polysemy", "polysemy"), ("GloVe", "glove"),
             ("RNN", "rnn"), ("循环神经网络", "rnn"), ("梯度消失", "vg"), ("LSTM", "lstm"),
             ("门控机制", "gating"), ("GRU", "gru"), ("双向循环神经网络", "birnn"),
             ("BiRNN", "birnn"), ("ELMo", "elmo"), ("Transformer", "transformer"),
             ("自注意力机制", "self-attention"), ("BERT", "bert"), ("GPT", "gpt")]  # fmt: skip
    matcher = Matcher(names)
    found = {}
    for s in note_sentences(ex):
        hits = [(m.start, m.end, m.concept) for m in matcher.find(s.text)]
        for r in read_relations(s, hits):
            found[(r.source, r.kind.value, r.target)] = r.line
    for rel, line in {
        ("one-hot", "has_problem", "curse"): 7, ("bow", "based_on", "one-hot"): 9,
        ("tf-idf", "variant_of", "bow"): 9, ("word2vec", "is_a", "static"): 11,
        ("cbow", "part_of", "word2vec"): 11, ("static", "has_problem", "polysemy"): 11,
        ("rnn", "has_problem", "vg"): 17, ("lstm", "addresses", "vg"): 17,
        ("lstm", "uses", "gating"): 17, ("gru", "variant_of", "lstm"): 17,
        ("birnn", "addresses", "polysemy"): 19, ("transformer", "based_on", "self-attention"): 25,
        ("bert", "uses", "transformer"): 25, ("gpt", "based_on", "transformer"): 25,
        ("bert", "improves_on", "elmo"): 25,
    }.items():  # fmt: skip
        assert found.get(rel) == line, rel
    assert ("glove", "variant_of", "word2vec") not in found
    assert not any(line >= 27 for line in found.values())


# ---- dev sets: the tests fail below the numbers reached (see the report in the commit)


def test_relation_dev_half() -> None:
    s = score(load("relations-dev"))
    assert s.precision >= 1.0 and s.recall >= 0.98, s.line()
    assert s.silent_ok == s.silent_all


def test_relation_heldout_half() -> None:
    s = score(load("relations-heldout"))
    assert s.precision >= 0.86 and s.recall >= 0.83, s.line()


def test_dev_set_shape() -> None:
    items = load("relations-dev") + load("relations-heldout")
    chinese = [it for it in items if any("\u4e00" <= c <= "\u9fff" for c in it.text)]
    silent = [it for it in items if not it.expected]
    assert len(items) >= 150 and 2 * len(chinese) >= len(items) and len(silent) >= 40
    assert {it.style for it in items} >= {"study", "interview", "paper", "table", "list", "code"}


@pytest.mark.parametrize(
    ("name", "floors"),
    [("dev", {"aliases": (1.0, 1.0), "definitions": (1.0, 1.0), "years": (1.0, 1.0),
              "terms": (0.93, 0.93)}),
     ("heldout", {"aliases": (1.0, 1.0), "definitions": (0.85, 0.85), "years": (1.0, 0.8),
                  "terms": (0.55, 0.7)})],
)  # fmt: skip
def test_reader_dev_sets(name: str, floors: dict[str, tuple[float, float]]) -> None:
    r = load_readers()
    scores = {
        "aliases": score_aliases(half(r["aliases"], name)),
        "definitions": score_definitions(half(r["definitions"], name)),
        "years": score_years(half(r["years"], name)),
        "terms": score_terms(half(r["terms"], name))[0],
    }
    for reader, (p, rec) in floors.items():
        s = scores[reader]
        assert s.precision >= p and s.recall >= rec, (reader, s.line())


def test_heading_years() -> None:
    for item in load_readers()["headings"]:
        got = heading_year(item["text"])
        want = None if item["year"] is None else (item["year"], item["rest"])
        assert got == want, item


# ---- aliases, definitions, terms, years


def test_acronyms_spell_their_long_form() -> None:
    assert spells("Bidirectional Encoder Representations from Transformers", "BERT")
    assert spells("Embeddings from Language Models", "ELMo")
    assert not spells("uses the Transformer", "BERT")
    assert alias_pairs("BERT (2018) and the Transformer (Vaswani et al., 2017)") == []
    # "(Surname, Year)" cites a paper: "Lan" spells "Language" but names no concept
    assert alias_pairs("Learning of Language Representations (Lan, 2019)") == []
    assert alias_pairs("Gated Recurrent Networks (Cho and Bengio, 2014)") == []
    (pair,) = alias_pairs("双向循环神经网络（BiRNN）同时从左到右读句子", line=19)
    assert (pair.name, pair.alias, pair.line) == ("双向循环神经网络", "BiRNN", 19)


def test_a_parenthesis_may_give_a_name_and_its_acronym() -> None:
    got = {(p.name, p.alias) for p in alias_pairs("词袋模型（Bag of Words, BoW）不考虑顺序")}
    assert got == {("词袋模型", "Bag of Words"), ("词袋模型", "BoW")}
    got = {(p.name, p.alias) for p in alias_pairs("门控循环单元（GRU, Gated Recurrent Unit）")}
    assert got == {("门控循环单元", "GRU"), ("门控循环单元", "Gated Recurrent Unit")}
    # two names that do not spell each other are examples, not the same thing's names
    assert [p.alias for p in alias_pairs("预训练模型（BERT, GPT）很强")] == ["BERT"]


def test_definitions_need_a_name_as_subject() -> None:
    (s,) = split_sentences("所谓静态词向量，就是每个词只有一个固定的向量。")
    (d,) = definitions(s)
    assert (d.term, d.cue) == ("静态词向量", "所谓")
    (s,) = split_sentences("我们的方法是一种新的思路。")
    assert definitions(s) == []


@pytest.mark.parametrize(
    ("text", "ok"),
    [("BiRNN", True), ("GPT-2", True), ("静态词向量", True), ("one-hot encoding", True),
     ("p->next", False), ("+15 -> 0 1111", False), ("512→8头", False), ("Mikolov 等人", False),
     ("x = f(y)", False), ("2018", False), ("这是一个句子，有逗号", False), ("the", False),
     # a list's numbered items, placeholders, math, identifiers, Chinese phrases
     ("Task 1", False), ("step 2", False), ("Week 6", False), ("步骤1", False), ("XX", False),
     ("yi-1", False), ("toExpand", False), ("withOptimal", False), ("一些研究", False),
     ("一局游戏称", False), ("fastText", True), ("mBERT", True), ("T5", True), ("V100", True),
     ("一词多义", True), ("Transformer-XL", True)],
)  # fmt: skip
def test_looks_like_term(text: str, ok: bool) -> None:
    assert looks_like_term(text) is ok


def test_term_candidates_and_kinds() -> None:
    text = "RNN 存在梯度消失问题，梯度消失让 RNN 难以训练。LSTM 通过门控机制缓解。p->next = 1"
    found = {c.term: c.kind for c in term_candidates([(1, text)])}
    assert found.get("梯度消失") is ConceptKind.PROBLEM
    assert found.get("门控机制") is ConceptKind.TECHNIQUE and "RNN" in found
    assert not any("next" in t for t in found)
    assert (
        term_kind("词袋模型") is ConceptKind.MODEL
        and term_kind("BLEU", "指标") is ConceptKind.METRIC
    )


def test_stated_years() -> None:
    (s,) = split_sentences("2018年，Google提出了BERT。")
    assert [(y.concept, y.year) for y in stated_years(s, [(15, 19, "bert")])] == [("bert", 2018)]


@pytest.mark.parametrize(
    ("text", "dated"),
    [
        ("蒸馏应用了Liu et al. [2019] 提出的 BERT 模型训练最佳实践。", False),  # the practices'
        ("2018年，Google 提出的 BERT 模型在多项任务上取得了最好成绩。", True),
        ("2018年 Google 提出的 BERT 彻底改变了 NLP。", True),
        ("2018年，Google提出了BERT 工具包。", True),
    ],
)
def test_a_year_dates_the_name_a_cue_proposes_not_one_that_modifies(text: str, dated: bool) -> None:
    (s,) = split_sentences(text)
    at = s.text.index("BERT")
    years = [(y.concept, y.year) for y in stated_years(s, [(at, at + 4, "bert")])]
    assert years == ([("bert", 2018 if "2018" in text else 2019)] if dated else [])


# ---- no input crashes a reader


@settings(max_examples=150, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("ab XY基于是（）()，。?？*_|→-1209的问题不")), max_size=60
    )
)
def test_no_text_crashes_the_readers(text: str) -> None:
    for s in [*split_sentences(text), Sentence(text, 1, "cell")]:
        mentions = [(i, i + 1, c) for i, c in enumerate(s.text) if c in "XY"]
        read_relations(s, mentions, topic="t")
        definitions(s)
        stated_years(s, mentions)
    alias_pairs(text)
    term_candidates([(1, text)], [text])


def test_english_phrases_end_in_a_head_noun() -> None:
    from noteatlas.graph.prose.phrases import english_phrases

    def names(text: str) -> list[str]:
        return [p for _, _, p in english_phrases(text)]

    assert names("Stochastic gradient descent converges slowly.") == ["Stochastic gradient descent"]
    assert names("Random forests combine decision trees.") == ["Random forest", "decision tree"]
    assert names("It applies gradient descent to the previous model.") == ["gradient descent"]
    assert names("the RBF kernel and the lowest Gini impurity") == ["RBF kernel", "Gini impurity"]
    assert names("See Efficient Estimation of Word Representations.") == []
    assert names("Boosting trains learners; it randomly drops units.") == []


@pytest.mark.parametrize(
    ("term", "ok"),
    [("项目", False), ("模型架构", False), ("网络结构", False), ("Transformer架构", True),
     ("残差结构", True), ("遗忘门", True), ("Calculations", False), ("Data", False),
     ("Dependencies", False), ("Depth", False), ("Tags", False), ("Data augmentation", True)],
)  # fmt: skip
def test_section_words_are_not_names(term: str, ok: bool) -> None:
    assert is_name(term) is ok


@pytest.mark.parametrize(
    ("item", "names", "want"),
    [
        ("- Uses Masked Self-Attention to avoid looking ahead", {"Masked Self-Attention": "msa"},
         {("dec", "uses", "msa")}),
        ("- Also uses RoPE", {"RoPE": "rope"}, {("dec", "uses", "rope")}),
        # a noun before the verb is the clause's own subject; "this" is what came before
        ("- Embeddings are trained with gradient descent", {"gradient descent": "gd"}, set()),
        ("- This was followed by Vicuna and other models", {"Vicuna": "vicuna"}, set()),
        # "used for", "used as", "used by": a purpose or a passive, not what it uses
        ("- Mainly used for text generation tasks", {"text generation": "tg"}, set()),
        ("- Like used by FLAN models", {"FLAN": "flan"}, set()),
        ("- Limitations: Use of GPT-4 as an evaluator", {"GPT-4": "gpt4"}, set()),  # a noun
    ],
)  # fmt: skip
def test_carried_subject_en(
    item: str, names: dict[str, str], want: set[tuple[str, str, str]]
) -> None:
    (s,) = split_sentences(item, source="item")
    got = read_relations(s, spans(s.text, names), topic="dec")
    assert {(r.source, r.kind.value, r.target) for r in got} == want


def test_no_terms_from_credits_tags_or_users() -> None:
    lines = [(1, "> 作者：杨夕、芙蕖、twilight、LeoLRH、JimmyDU"), (2, "# Implementation #toExpand"),
             (3, "谢谢 @JimmyDU 的 BiLSTM 代码；BiLSTM 很常用")]  # fmt: skip
    terms = {c.term for c in term_candidates(lines, min_count=1)}
    assert "BiLSTM" in terms
    assert not terms & {"LeoLRH", "JimmyDU", "twilight", "toExpand"}


def test_a_terms_kind_from_any_place_the_note_says_it() -> None:
    lines = [(1, "BERT 的输入有三部分。"), (2, "BERT 模型在 11 项任务上刷新纪录。"),
             (3, "ELMo 的训练很慢。"), (4, "ELMo 问题：为什么要双向？")]  # fmt: skip
    kinds = {c.term: c.kind for c in term_candidates(lines, min_count=1)}
    assert kinds["BERT"] is ConceptKind.MODEL  # the second place says it
    assert kinds["ELMo"] is ConceptKind.CONCEPT  # a later 问题 is questions on it


def test_a_sentence_over_soft_line_breaks_cites_the_line_of_its_cue() -> None:
    text = "January 2017\n[[Google Research]] - Noam Shazeer\nTakeaway: an MoE layer consists of a gating network."
    (s,) = split_sentences(text, 5, source="prose")
    (r,) = read_relations(s, spans(s.text, {"MoE layer": "moe", "gating network": "gate"}))
    assert (r.source, r.kind.value, r.target, r.line) == ("gate", "part_of", "moe", 7)
    assert r.snippet.startswith("Takeaway: an MoE layer")


def test_a_plural_name_is_the_name() -> None:
    lines = [(1, "BiLSTMs beat CNNs here, and BooksCorpus is the data."), (2, "Use BiLSTMs.")]
    terms = {c.term for c in term_candidates(lines, min_count=1)}
    assert {"BiLSTM", "CNN", "BooksCorpus"} <= terms
    assert not terms & {"BiLSTMs", "CNNs", "BooksCorpu"}
