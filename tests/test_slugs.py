"""GitHub heading slugs: the anchors `#双向rnn` links point at."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from noteatlas.graph.extract.slugs import github_slug, slugs_for


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Hello World", "hello-world"),
        ("双向RNN", "双向rnn"),
        (
            "2018年  ELMo：Embeddings from Language Models",
            "2018年--elmoembeddings-from-language-models",
        ),
        ("📚 NLP 学习笔记 📚", "-nlp-学习笔记-"),
        ("C++ & Python!", "c--python"),
        ("snake_case and kebab-case", "snake_case-and-kebab-case"),
        ("Ünïcödé Çafé", "ünïcödé-çafé"),
        ("什么是“注意力”？（Attention）", "什么是注意力attention"),
        ("v1.2.3 — release", "v123--release"),
        ("特殊\u00a0空白\u200b", "特殊空白"),
        ("हिन्दी भाषा", "हिन्दी-भाषा"),
        ("", ""),
    ],
)
def test_github_slug(text: str, slug: str) -> None:
    assert github_slug(text) == slug


def test_duplicates_get_numbered_suffixes_like_github() -> None:
    assert slugs_for(["RNN", "rnn", "RNN-1", "RNN", "LSTM"]) == [
        "rnn",
        "rnn-1",
        "rnn-1-1",
        "rnn-2",
        "lstm",
    ]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(max_size=12), max_size=12))
def test_slugs_are_unique_and_stable(texts: list[str]) -> None:
    slugs = slugs_for(texts)
    assert len(set(slugs)) == len(slugs)
    assert slugs == slugs_for(texts)
    for slug in slugs:
        assert " " not in slug and slug == slug.lower()
