"""The alias automaton: folding, word bounds, longest match, term and title resolution."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from noteatlas.graph.concepts.names import Matcher, clean_term, fold, fold_key
from noteatlas.graph.concepts.vocabulary import load_vocabulary, merge_vocabularies

FIXTURE = Path(__file__).parent / "fixtures" / "concepts" / "concepts.yaml"


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    entries, diagnostics = load_vocabulary(FIXTURE.read_text(encoding="utf-8"), "concepts.yaml")
    vocabulary, more = merge_vocabularies([entries])
    assert diagnostics == [] and more == []
    return Matcher((name, f"concept:{cid}") for name, cid in vocabulary.surface_forms())


def found(matcher: Matcher, text: str) -> list[tuple[str, str]]:
    return [(m.text, m.concept) for m in matcher.find(text)]


def test_longest_match_wins(matcher: Matcher) -> None:
    assert found(matcher, "双向RNN缓解一词多义") == [
        ("双向RNN", "concept:birnn"),
        ("一词多义", "concept:polysemy"),
    ]
    assert found(matcher, "Bidirectional RNN") == [("Bidirectional RNN", "concept:birnn")]


def test_cjk_neighbours_do_not_break_latin_names(matcher: Matcher) -> None:
    assert found(matcher, "BERT模型和GloVe词向量") == [
        ("BERT", "concept:bert"),
        ("GloVe", "concept:glove"),
        ("词向量", "concept:word-embedding"),
    ]


def test_case_and_width_insensitive(matcher: Matcher) -> None:
    assert found(matcher, "ＢＥＲＴ、Bert、bert") == [
        ("ＢＥＲＴ", "concept:bert"),
        ("Bert", "concept:bert"),
        ("bert", "concept:bert"),
    ]


def test_latin_names_are_word_bounded_with_one_plural_s(matcher: Matcher) -> None:
    # RNNs and LSTMs are the plural; xRNN, RNNT, BERTology and RNNss are other words.
    assert found(matcher, "RNNs, LSTMs; xRNN RNNT BERTology RNNss RNN's") == [
        ("RNNs", "concept:rnn"),
        ("LSTMs", "concept:lstm"),
        ("RNN", "concept:rnn"),
    ]
    assert found(matcher, "NLPs") == [("NLPs", "concept:nlp")]
    # A name that ends in s takes no extra s.
    assert Matcher([("Adams", "concept:adams")]).find("Adamss") == []


def test_spaces_in_names_match_any_whitespace_run(matcher: Matcher) -> None:
    text = "static\u3000 word   embedding"
    (m,) = matcher.find(text)
    assert (m.concept, m.start, m.end) == ("concept:static-embedding", 0, len(text))


def test_offsets_are_columns_of_the_text_as_written() -> None:
    m = Matcher([("ss", "concept:ss")])
    # ß folds to "ss": the mention still covers the one original character.
    (hit,) = m.find("Maßnahme ss")
    assert hit.text == "ss"
    folded, origin = fold("Maß")
    assert (folded, list(origin)) == ("mass", [0, 1, 2, 2])


def test_lookup_and_empty_matcher() -> None:
    m = Matcher([("BERT", "concept:bert"), ("", "concept:empty"), ("x", "concept:x")])
    assert m.lookup(" ｂｅｒｔ ") == "concept:bert"
    assert m.lookup("x") == "concept:x"  # one-letter names are looked up ...
    assert m.find("x y x") == []  # ... but never searched for in text
    assert Matcher([]).find("BERT") == []
    assert Matcher([]).resolve("BERT") == []


def test_first_owner_keeps_a_name() -> None:
    m = Matcher([("Attention", "concept:a"), ("attention", "concept:b")])
    assert m.lookup("ATTENTION") == "concept:a"
    assert m.conflicts == [("attention", "concept:a", "concept:b")]


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        ("LSTM模型结构", ["concept:lstm"]),
        ("注意力机制", ["concept:attention"]),
        ("一词多义问题", ["concept:polysemy"]),
        ("Pre-training和Fine-tuning", ["concept:pre-training", "concept:fine-tuning"]),
        ("RNN & LSTM & GRU", ["concept:rnn", "concept:lstm", "concept:gru"]),
        ("1. **Transformer模型结构**（参考原论文）", ["concept:transformer"]),
        ("维度灾难、语义鸿沟", []),
        ("后来有了 word2vec", []),
        ("", []),
    ],
)
def test_resolve_terms(matcher: Matcher, term: str, expected: list[str]) -> None:
    assert matcher.resolve(term) == expected


@pytest.mark.parametrize(
    ("text", "strict", "expected"),
    [
        ("BERT: Pre-training of Deep Bidirectional Transformers", True, "concept:bert"),
        ("ELMo：Embeddings from Language Models", True, "concept:elmo"),
        ("word2vec 的提出", True, "concept:word2vec"),
        ("BERT面试题", True, "concept:bert"),
        ("GloVe-300d 向量", True, None),  # another name that starts with GloVe's
        ("GloVe 300d", True, None),
        ("《Attention Is All You Need》", True, "concept:transformer"),
        ("Attention is what matters", True, None),
        ("机器学习方向-05：BERT（面试直通车）", True, None),
        ("机器学习方向-05：BERT（面试直通车）", False, "concept:bert"),
        ("RNN 与 LSTM", False, None),
        ("词向量 Word Embedding", False, "concept:word-embedding"),
    ],
)
def test_named(matcher: Matcher, text: str, strict: bool, expected: str | None) -> None:
    assert matcher.named(text, strict=strict) == expected


def test_clean_term_strips_markup_numbering_and_balanced_brackets() -> None:
    assert clean_term("2. **《BERT》**：") == "BERT"
    assert (
        clean_term("机器学习方向-05：BERT（面试直通车）") == "机器学习方向-05：BERT（面试直通车）"
    )
    assert clean_term("BERT）") == "BERT"
    assert fold_key("  Ｂｅｒｔ\u3000模型 ") == "bert 模型"


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [*"RNNsBERTbertＢＥＲＴ双向一词多义模型 \t\u3000,.-_ßǅﬁ", "RNN", "双向RNN", "LSTM"]
        ),
        max_size=30,
    ).map("".join)
)
def test_mentions_never_raise_never_overlap_and_point_at_their_text(text: str) -> None:
    names = [("RNN", "r"), ("双向RNN", "b"), ("BERT", "t"), ("一词多义", "p"), ("LSTM", "l")]
    mentions = Matcher(names).find(text)
    ends = -1
    for m in mentions:
        assert 0 <= m.start < m.end <= len(text)
        assert m.start >= ends
        ends = m.end
        assert m.text == text[m.start : m.end]
        key = fold_key(m.text)
        assert key in {fold_key(n) for n, _ in names} or key[:-1] in {fold_key(n) for n, _ in names}


def _reference_fold(text: str) -> tuple[str, list[int]]:
    out: list[tuple[str, int]] = []
    for i, char in enumerate(text):
        for c in unicodedata.normalize("NFKC", char).casefold():
            c = " " if c.isspace() else c
            if not (c == " " and out and out[-1][0] == " "):
                out.append((c, i))
    return "".join(c for c, _ in out), [i for _, i in out]


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_fold_agrees_with_per_character_nfkc_casefold(text: str) -> None:
    folded, origin = fold(text)
    assert (folded, list(origin)) == _reference_fold(text)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=40))
def test_resolve_and_named_never_raise(text: str) -> None:
    m = Matcher([("RNN", "r"), ("BERT", "t"), ("注意力", "a")])
    assert isinstance(m.resolve(text), list)
    assert m.named(text) in (None, "r", "t", "a")
    assert m.named(text, strict=False) in (None, "r", "t", "a")
