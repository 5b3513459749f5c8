"""Vocabulary loading, merging and lookup, and the facts of the built-in vocabulary."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from noteatlas.graph.concepts.vocabulary import (
    BUILTIN_SOURCE,
    RawEntry,
    Vocabulary,
    builtin_vocabulary,
    builtin_vocabulary_text,
    concept_id,
    load_vocabulary,
    merge_vocabularies,
    normalize_key,
)
from noteatlas.schema import RELATION_KINDS, ConceptKind, Diagnostic, EdgeKind, Severity

FIXTURES = Path(__file__).parent / "fixtures" / "vocabulary"
CONTENT = Path(__file__).parent.parent / "content"
ARXIV = re.compile(r"arxiv:(\d{2})(0[1-9]|1[0-2])\.\d{4,5}$|arxiv:[a-z-]+(\.[A-Z]{2})?/\d{7}$")


def load(*names: str) -> tuple[Vocabulary, list[Diagnostic]]:
    """Load fixture files in order and merge them, with every diagnostic of both steps."""
    parts: list[list[RawEntry]] = []
    diagnostics: list[Diagnostic] = []
    for name in names:
        raw, found = load_vocabulary((FIXTURES / name).read_text(encoding="utf-8"), name)
        parts.append(raw)
        diagnostics += found
    vocabulary, more = merge_vocabularies(parts)
    return vocabulary, diagnostics + more


def where(diagnostics: list[Diagnostic]) -> set[tuple[str | None, int | None, str]]:
    return {(d.file, d.line, d.code) for d in diagnostics}


@pytest.fixture(scope="module")
def builtin() -> tuple[list[RawEntry], Vocabulary, list[Diagnostic]]:
    raw, diagnostics = load_vocabulary(builtin_vocabulary_text(), BUILTIN_SOURCE)
    vocabulary, more = merge_vocabularies([raw])
    return raw, vocabulary, diagnostics + more


# --- the built-in vocabulary ---------------------------------------------------------------------


def test_builtin_loads_without_diagnostics(
    builtin: tuple[list[RawEntry], Vocabulary, list[Diagnostic]],
) -> None:
    raw, vocabulary, diagnostics = builtin
    assert [d.format() for d in diagnostics] == []
    assert len(vocabulary) == len(raw) >= 150
    assert builtin_vocabulary()[0].entries == vocabulary.entries


def test_builtin_every_entry_states_a_valid_kind() -> None:
    document = yaml.load(builtin_vocabulary_text(), Loader=yaml.CSafeLoader)
    kinds = {kind.value for kind in ConceptKind}
    missing = [entry["name"] for entry in document["concepts"] if entry.get("kind") not in kinds]
    assert missing == []


def test_builtin_years_are_sane_and_match_arxiv_ids(
    builtin: tuple[list[RawEntry], Vocabulary, list[Diagnostic]],
) -> None:
    _, vocabulary, _ = builtin
    for entry in vocabulary.entries.values():
        if entry.year is not None:
            assert 1940 <= entry.year <= 2026, entry.name
        if entry.paper and entry.paper.startswith("arxiv:"):
            match = ARXIV.match(entry.paper)
            assert match, f"{entry.name}: malformed arXiv id {entry.paper}"
            if match.group(1) and entry.year_note is None:
                assert entry.year == 2000 + int(match.group(1)), entry.name
    dated = sum(entry.year is not None for entry in vocabulary.entries.values())
    assert dated >= 0.8 * len(vocabulary)


def test_builtin_no_alias_is_shared(
    builtin: tuple[list[RawEntry], Vocabulary, list[Diagnostic]],
) -> None:
    raw, _, _ = builtin
    owners: dict[str, str] = {}
    for entry in raw:
        for text in {entry.id, entry.name, *(alias for alias, _ in entry.aliases)}:
            owner = owners.setdefault(normalize_key(text), entry.id)
            assert owner == entry.id, f"'{text}' names both {owner} and {entry.id}"


def test_builtin_every_relation_target_exists(
    builtin: tuple[list[RawEntry], Vocabulary, list[Diagnostic]],
) -> None:
    raw, vocabulary, _ = builtin
    written = {(entry.id, rel.kind, rel.target) for entry in raw for rel in entry.relations}
    resolved = sum(len(entry.relations) for entry in vocabulary.entries.values())
    assert resolved == len(written)
    for entry in vocabulary.entries.values():
        for _, target in entry.relations:
            assert target in vocabulary.entries


@pytest.mark.parametrize(
    ("alias", "name"),
    [
        ("双向RNN", "BiRNN"),
        ("BERT模型", "BERT"),
        ("bert", "BERT"),
        ("ＢＥＲＴ", "BERT"),
        ("LSTM模型结构", "LSTM"),
        ("注意力机制", "attention mechanism"),
        ("Pre-training和Fine-tuning", "pre-training and fine-tuning"),
        ("静态词向量", "static embedding"),
        ("一词多义问题", "polysemy"),
        ("词向量", "word embedding"),
        ("词嵌入", "word embedding"),
        ("Word Embedding", "word embedding"),
        ("seq2seq模型", "seq2seq"),
        ("Transformer模型结构", "Transformer"),
        ("梯度消失", "vanishing gradient"),
        ("Word2Vec", "word2vec"),
    ],
)
def test_builtin_user_aliases(
    builtin: tuple[list[RawEntry], Vocabulary, list[Diagnostic]], alias: str, name: str
) -> None:
    entry = builtin[1].lookup(alias)
    assert entry is not None and entry.name == name


@pytest.mark.parametrize(
    ("source", "kind", "target"),
    [
        ("word2vec", EdgeKind.IS_A, "static embedding"),
        ("static embedding", EdgeKind.HAS_PROBLEM, "polysemy"),
        ("static embedding", EdgeKind.HAS_PROBLEM, "word order loss"),
        ("ELMo", EdgeKind.ADDRESSES, "polysemy"),
        ("ELMo", EdgeKind.BASED_ON, "BiLSTM"),
        ("ELMo", EdgeKind.PRECEDES, "BERT"),
        ("RNN", EdgeKind.HAS_PROBLEM, "vanishing gradient"),
        ("LSTM", EdgeKind.ADDRESSES, "vanishing gradient"),
        ("GRU", EdgeKind.VARIANT_OF, "LSTM"),
        ("BERT", EdgeKind.BASED_ON, "Transformer"),
        ("BERT", EdgeKind.USES, "masked language model"),
        ("BERT", EdgeKind.USES, "next sentence prediction"),
        ("BERT", EdgeKind.USES, "WordPiece"),
        ("Transformer", EdgeKind.BASED_ON, "self-attention"),
        ("attention mechanism", EdgeKind.ADDRESSES, "long-range dependency"),
        ("ResNet", EdgeKind.USES, "residual connection"),
        ("ViT", EdgeKind.BASED_ON, "Transformer"),
    ],
)
def test_builtin_lineage_relations(
    builtin: tuple[list[RawEntry], Vocabulary, list[Diagnostic]],
    source: str,
    kind: EdgeKind,
    target: str,
) -> None:
    vocabulary = builtin[1]
    entry, goal = vocabulary.lookup(source), vocabulary.lookup(target)
    assert entry is not None and goal is not None
    assert (kind, goal.id) in entry.relations


@pytest.mark.parametrize(
    ("name", "year", "paper"),
    [
        ("word2vec", 2013, "arxiv:1301.3781"),
        ("GloVe", 2014, "acl:D14-1162"),
        ("Transformer", 2017, "arxiv:1706.03762"),
        ("BERT", 2018, "arxiv:1810.04805"),
        ("GPT-3", 2020, "arxiv:2005.14165"),
        ("LSTM", 1997, "doi:10.1162/neco.1997.9.8.1735"),
        ("NNLM", 2003, "jmlr:v3/bengio03a"),
        ("GRU", 2014, "arxiv:1406.1078"),
    ],
)
def test_builtin_known_facts(
    builtin: tuple[list[RawEntry], Vocabulary, list[Diagnostic]], name: str, year: int, paper: str
) -> None:
    entry = builtin[1].lookup(name)
    assert entry is not None and (entry.year, entry.paper) == (year, paper)


def test_builtin_conventional_years_say_so(
    builtin: tuple[list[RawEntry], Vocabulary, list[Diagnostic]],
) -> None:
    vocabulary = builtin[1]
    for name in ("RNN", "CNN", "backpropagation"):
        entry = vocabulary.lookup(name)
        assert entry is not None and entry.year is not None and entry.year_note


def test_content_notes_agree_with_the_vocabulary(
    builtin: tuple[list[RawEntry], Vocabulary, list[Diagnostic]],
) -> None:
    vocabulary = builtin[1]
    keys = {kind.value for kind in RELATION_KINDS} | {"prerequisites"}
    concept_notes = 0
    for note in sorted(CONTENT.rglob("*.md")):
        text = note.read_text(encoding="utf-8")
        if not text.startswith("---\n"):
            continue
        front = yaml.safe_load(text[4 : text.index("\n---\n", 4)])
        if "kind" not in front:
            continue
        concept_notes += 1
        entry = vocabulary.lookup(front["title"])
        where = note.relative_to(CONTENT).as_posix()
        assert entry is not None, where
        assert (front["kind"], front.get("year")) == (entry.kind.value, entry.year), where
        for alias in front.get("aliases", []):
            assert vocabulary.lookup(alias) == entry, f"{where}: alias {alias}"
        for key in keys & set(front):
            for target in front[key]:
                assert vocabulary.lookup(target) is not None, f"{where}: {key} {target}"
    assert concept_notes >= 30


# --- ids and keys --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("BERT", "bert"),
        ("GPT-3", "gpt-3"),
        ("static embedding", "static-embedding"),
        ("Pre-training和Fine-tuning", "pre-training和fine-tuning"),
        ("BERT模型", "bert模型"),
        ("ＢＥＲＴ", "bert"),
        ("Café  au lait!", "cafe-au-lait"),
        ("seq2seq", "seq2seq"),
        ("!!!", ""),
    ],
)
def test_concept_id(name: str, slug: str) -> None:
    assert concept_id(name) == slug


def test_normalize_key_is_case_and_width_insensitive() -> None:
    assert normalize_key(" ＢＥＲＴ模型 ") == normalize_key("bert模型") == "bert模型"
    assert normalize_key("Word   Embedding") == "word embedding"


# --- error cases from fixture files --------------------------------------------------------------


def test_bad_fields_are_reported_with_file_line_and_key() -> None:
    vocabulary, diagnostics = load("bad-fields.yaml")
    f = "bad-fields.yaml"
    assert where(diagnostics) == {
        (f, 4, "vocab-bad-kind"),
        (f, 9, "vocab-bad-year"),
        (f, 10, "vocab-bad-paper"),
        (f, 13, "vocab-bad-year"),
        (f, 14, "vocab-unknown-key"),
        (f, 16, "vocab-missing-name"),
        (f, 19, "vocab-bad-id"),
        (f, 20, "vocab-bad-value"),
    }
    messages = {d.code + str(d.line): d for d in diagnostics}
    assert "'modle'" in messages["vocab-bad-kind4"].message
    assert "model" in messages["vocab-bad-kind4"].hint
    assert "'yaer'" in messages["vocab-unknown-key14"].message
    assert "year_note" in messages["vocab-unknown-key14"].hint
    assert messages["vocab-unknown-key14"].severity is Severity.WARNING
    # entries survive what is wrong with them
    assert set(vocabulary.entries) == {"bert", "gpt-3", "elmo", "roberta-model"}
    bert = vocabulary.entries["bert"]
    assert (bert.kind, bert.year, bert.paper) == (ConceptKind.CONCEPT, 2018, "arxiv:1810.04805")
    gpt3 = vocabulary.entries["gpt-3"]
    assert (gpt3.kind, gpt3.year, gpt3.paper) == (ConceptKind.MODEL, None, None)
    assert vocabulary.lookup("动态词向量") == vocabulary.entries["elmo"]


def test_relation_errors() -> None:
    vocabulary, diagnostics = load("relations.yaml")
    f = "relations.yaml"
    assert where(diagnostics) == {
        (f, 8, "vocab-unknown-target"),
        (f, 9, "vocab-unknown-key"),
        (f, 13, "vocab-unknown-target"),
        (f, 13, "vocab-self-relation"),
    }
    unknown = [d for d in diagnostics if d.code == "vocab-unknown-target"]
    assert {d.message.rsplit("'", 2)[1] for d in unknown} == {
        "hierarchical softmax",
        "一词多义问题",
    }
    assert "is_a" in next(d.hint for d in diagnostics if d.code == "vocab-unknown-key")
    word2vec = vocabulary.entries["word2vec"]
    assert word2vec.relations == (
        (EdgeKind.IS_A, "static-embedding"),
        (EdgeKind.USES, "negative-sampling"),
    )
    assert word2vec.relation_lines == ((f, 7), (f, 8))
    assert vocabulary.entries["static-embedding"].relations == ()


def test_duplicates() -> None:
    vocabulary, diagnostics = load("duplicates.yaml")
    f = "duplicates.yaml"
    assert where(diagnostics) == {
        (f, 8, "vocab-duplicate-alias"),
        (f, 10, "vocab-duplicate-alias"),
        (f, 11, "vocab-duplicate-id"),
    }
    transformer = vocabulary.entries["transformer"]
    assert transformer.year == 2017  # the second entry extends the first
    assert vocabulary.lookup("transformer模型结构") == transformer
    assert vocabulary.lookup("注意力模型") == transformer
    assert vocabulary.entries["self-attention"].aliases == ("自注意力",)
    assert vocabulary.entries["attention-mechanism"].aliases == ("注意力机制",)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("invalid.yaml", {(4, "vocab-yaml-invalid")}),
        ("empty.yaml", {(None, "vocab-empty")}),
        (
            "not-a-list.yaml",
            {(1, "vocab-bad-version"), (2, "vocab-unknown-key"), (1, "vocab-bad-structure")},
        ),
    ],
)
def test_broken_files(name: str, expected: set[tuple[int | None, str]]) -> None:
    vocabulary, diagnostics = load(name)
    assert {(d.line, d.code) for d in diagnostics} == expected
    assert all(d.file == name for d in diagnostics)
    assert len(vocabulary) == 0


def test_later_files_extend_and_override_earlier_ones() -> None:
    vocabulary, diagnostics = load("base.yaml", "user.yaml")
    assert diagnostics == []
    bert = vocabulary.entries["bert"]
    assert bert.year == 2018  # overridden
    assert bert.kind is ConceptKind.MODEL  # kept from base
    assert bert.summary == "old summary"
    assert bert.aliases == ("BERT模型", "伯特")
    assert dict(bert.relations) == {
        EdgeKind.BASED_ON: "transformer",
        EdgeKind.USES: "masked-language-model",
    }
    assert bert.relation_lines == (("base.yaml", 9), ("user.yaml", 8))
    assert (bert.source, bert.line) == ("user.yaml", 4)
    assert vocabulary.lookup("MLM") == vocabulary.entries["masked-language-model"]


def test_renamed_concept_keeps_old_name_as_alias() -> None:
    first, _ = load_vocabulary("concepts:\n  - name: BERT\n    id: bert\n", "a.yaml")
    second, _ = load_vocabulary("concepts:\n  - name: BERT (model)\n    id: bert\n", "b.yaml")
    vocabulary, diagnostics = merge_vocabularies([first, second])
    assert diagnostics == []
    assert vocabulary.entries["bert"].name == "BERT (model)"
    assert vocabulary.lookup("BERT") == vocabulary.entries["bert"]


def test_vocabulary_builds_its_own_index() -> None:
    vocabulary, _ = load("base.yaml", "user.yaml")
    rebuilt = Vocabulary(dict(vocabulary.entries))
    assert rebuilt.index == vocabulary.index
    assert ("掩码语言模型", "masked-language-model") in rebuilt.surface_forms()


# --- invariants ----------------------------------------------------------------------------------

_scalars = st.one_of(st.text(max_size=12), st.integers(-5, 3000), st.booleans(), st.none())
_values = st.recursive(
    _scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=12,
)
_entries = st.dictionaries(
    st.sampled_from(["name", "id", "kind", "year", "aliases", "relations", "paper", "x"]),
    _values,
    max_size=6,
)


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=200))
def test_no_text_crashes_the_loader(text: str) -> None:
    raw, diagnostics = load_vocabulary(text, "fuzz.yaml")
    merge_vocabularies([raw])
    assert all(d.file == "fuzz.yaml" for d in diagnostics)


@settings(max_examples=40, deadline=None)
@given(st.lists(_entries, max_size=5), st.lists(_entries, max_size=3))
def test_no_structure_crashes_the_loader(first: list[object], second: list[object]) -> None:
    parts = []
    for index, entries in enumerate((first, second)):
        text = yaml.safe_dump({"version": 1, "concepts": entries}, allow_unicode=True)
        raw, _ = load_vocabulary(text, f"{index}.yaml")
        parts.append(raw)
    vocabulary, diagnostics = merge_vocabularies(parts)
    clashes = {d.line for d in diagnostics if d.code == "vocab-duplicate-alias"}
    for entry in vocabulary.entries.values():
        assert vocabulary.lookup(entry.id) == entry
        assert vocabulary.lookup(entry.name) == entry or entry.line in clashes
        for alias in entry.aliases:
            assert vocabulary.lookup(alias) == entry
