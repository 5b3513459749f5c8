"""identify: paper titles as notes write them (cell and line leads, rows, headings), and the
title dev set: a generated weekly digest and hand-written Chinese paper tables and notes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import noteatlas
from noteatlas.graph.identify.titles import (
    PaperHint,
    heading_title,
    hint_from_row,
    hint_from_text,
    lead_hint,
    title_key,
)

PAPERS = Path(__file__).parent / "fixtures" / "papers"
DIGEST_HEADER = ["**Paper**", "**Links**"]
LINKS = "[Paper](https://arxiv.org/abs/2302.12246), [Tweet](https://twitter.com/x/status/1), [Code](https://github.com/x/y)"


# --- the lead of a digest cell --------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "title", "name"),
    [
        # before: the whole cell was the title; after: the bold or leading phrase
        (
            "4) Active Prompting with Chain-of-Thought for Large Language Models - a prompting "
            "technique to adapt LLMs to different task-specific example prompts",
            "Active Prompting with Chain-of-Thought for Large Language Models",
            None,
        ),
        (
            "1) **Zip-NeRF: Anti-Aliased Grid-Based Neural Radiance Fields** - combines mip-NeRF "
            "360 and grid-based models to improve NeRFs that train 22x faster than mip-NeRF 360.",
            "Zip-NeRF: Anti-Aliased Grid-Based Neural Radiance Fields",
            None,
        ),
        (
            "2) Command A: An Enterprise-Ready LLM  Cohere announced Command A, a 111B parameter "
            "open-weights LLM.   <br>● Modular expert merging – Instead of monolithic training",
            "Command A: An Enterprise-Ready LLM",
            None,
        ),
        (
            "1) PaperBench  OpenAI introduces a new benchmark, PaperBench, to test agents.",
            None,
            "PaperBench",
        ),
        ("7) **rStar** - introduces self-play mutual reasoning to improve SLMs", None, "rStar"),
        ("1) **SAM 2** - an open unified model for promptable segmentation", None, "SAM 2"),
        ("9) **Llama 3.1** - a collection of LLMs", None, "Llama 3.1"),
        (
            "4) **Generative Agents: Interactive Simulacra of Human Behavior**: proposes agents",
            "Generative Agents: Interactive Simulacra of Human Behavior",
            None,
        ),
        (
            "6) **Benchmarking Large Language Models for News Summarization**",
            "Benchmarking Large Language Models for News Summarization",
            None,
        ),
        (
            "1) <b>Textbooks Are All You Need</b><br>introduces phi-1",
            "Textbooks Are All You Need",
            None,
        ),
        (
            "3) **[ImageBind: One Embedding Space To Bind Them All](https://arxiv.org/abs/2305.05665)** - learns joint embeddings",
            "ImageBind: One Embedding Space To Bind Them All",
            None,
        ),
        (
            "8) **Self-Taught Evaluators** - an approach to improve model-based evaluators",
            None,
            "Self-Taught Evaluators",
        ),
        (
            "| 3) **RAG vs. Long-Context LLMs** - compares RAG and long-context LLMs".removeprefix(
                "| "
            ),
            "RAG vs. Long-Context LLMs",
            None,
        ),
        # a cell that is all description or all links names nothing
        ("a new benchmark of 134 text-based games to evaluate LLMs", None, None),
        ("Paper, Tweet, Code", None, None),
    ],
)
def test_lead_of_a_paper_column_cell(cell: str, title: str | None, name: str | None) -> None:
    hint = lead_hint(cell, column=True)
    assert (hint.title, hint.name) == (title, name)


def test_a_links_cell_is_never_a_title() -> None:
    # before: "Paper, Tweet, Code" (the plain text of the links cell) was the title
    row = [
        "1) Active Prompting with Chain-of-Thought for Large Language Models - a technique",
        "Paper, Tweet, Code",
    ]
    sources = [row[0], LINKS]
    assert hint_from_row(DIGEST_HEADER, row, 1, sources).title == (
        "Active Prompting with Chain-of-Thought for Large Language Models"
    )
    assert hint_from_row(["", "Links"], ["", "Paper, Tweet, Code"], 1, ["", LINKS]) == PaperHint(
        None, None, []
    )
    # without the sources only the plain texts speak: still no link labels as a title
    assert hint_from_row(["", "Links"], ["", "Paper, Tweet, Code"], 1).title is None


def test_a_row_names_a_paper_in_a_name_column_only_by_a_full_title() -> None:
    header = ["名称", "论文地址", "代码"]
    assert hint_from_row(header, ["BART", "论文", "github"], 1) == PaperHint(None, None, [])
    gpt3 = ["GPT-3", "Language Models are Few-Shot Learners", "-"]
    assert hint_from_row(header, gpt3, 1).title == "Language Models are Few-Shot Learners"


@pytest.mark.parametrize(
    ("line", "title", "name"),
    [
        (
            "   **Transformer-XL: Attentive Language Models Beyond a Fixed-Length Context** [论文",
            "Transformer-XL: Attentive Language Models Beyond a Fixed-Length Context",
            None,
        ),
        (
            "Sentence-BERT：Sentence Embeddings using Siamese BERT-Networks，",
            "Sentence-BERT: Sentence Embeddings using Siamese BERT-Networks",
            None,
        ),
        (
            "ConvNeXt V2: Co-designing and Scaling ConvNets with Masked Autoencoders. A performant model.",
            "ConvNeXt V2: Co-designing and Scaling ConvNets with Masked Autoencoders",
            None,
        ),
        # sentences about a paper are not its title
        (
            "GoogleAI introduces Muse, a new text-to-image model; significantly more efficient.",
            None,
            None,
        ),
        ("A new paper shows the potential of enhancing LLMs by retrieving knowledge.", None, None),
        (
            "Presents a technique for compressing large language models; pruned to 50% sparsity.",
            None,
            None,
        ),
        ("Transformer-XL：Dai et al.，", None, None),
        ("2018年 **ELMo**：基于双向LSTM的语言模型 [论文", None, "ELMo"),
        ("从静态词向量走向动态词向量。论文戳这里[ELMo", None, None),
        ("Ba et al., [arXiv:1607.06450", None, None),
        # a label that says a title follows, and a note on the entry after it
        (
            "论文名称：ALBERT: A Lite Bert for Language Representations【低秩分解 + 参数共享】",
            "ALBERT: A Lite Bert for Language Representations",
            None,
        ),
        (
            "Paper title: Language Models are Few-Shot Learners",
            "Language Models are Few-Shot Learners",
            None,
        ),
    ],
)
def test_lead_of_a_line(line: str, title: str | None, name: str | None) -> None:
    hint = lead_hint(line, own_link=True)
    assert (hint.title, hint.name) == (title, name)


@pytest.mark.parametrize(
    ("heading", "title"),
    [
        (
            "Distilling the Knowledge in a Neural Network",
            "Distilling the Knowledge in a Neural Network",
        ),
        ("2017 - Attention Is All You Need", "Attention Is All You Need"),
        (
            "1. Sequence to Sequence Learning with Neural Networks",
            "Sequence to Sequence Learning with Neural Networks",
        ),
        (
            "3.2.2.3 FastBERT: a Self-distilling BERT with Adaptive Inference Time 【蒸馏】",
            "FastBERT: a Self-distilling BERT with Adaptive Inference Time",
        ),
        ("Experiments and Results", None),
        ("Related Work", None),
        ("模型结构", None),
        ("BERT", None),
    ],
)
def test_heading_title(heading: str, title: str | None) -> None:
    assert heading_title(heading) == title


def test_a_citation_in_parentheses_after_a_title_is_its_year_and_author() -> None:
    hint = hint_from_text("BERT: Pre-training of Deep Bidirectional Transformers (Devlin, 2018)")
    assert (hint.title, hint.year, hint.authors) == (
        "BERT: Pre-training of Deep Bidirectional Transformers", 2018, ["Devlin"])  # fmt: skip
    hint = hint_from_text("Sequence to Sequence Learning with Neural Networks (2014)")
    assert (hint.title, hint.year) == ("Sequence to Sequence Learning with Neural Networks", 2014)
    assert hint_from_text("Bahdanau and Cho (2014)").title is None


def test_citations_and_ids_are_not_titles_or_names() -> None:
    assert hint_from_text("Attention Is All You Need (Vaswani et al., 2017)") == PaperHint(
        "Attention Is All You Need", 2017, ["Vaswani"]
    )
    assert lead_hint("[arXiv:1907.11692](https://arxiv.org/abs/1907.11692)", column=True) == (
        PaperHint(None, None, [])
    )
    assert (
        lead_hint("[EMNLP 2014, D14-1162](https://aclanthology.org/D14-1162/)", column=True).name
        is None
    )
    # "et al.'s" in a title is part of it
    title = "word2vec Explained: deriving Mikolov et al.'s negative-sampling word-embedding method"
    assert hint_from_text(title).title == title


def test_title_key_folds_width_case_punctuation() -> None:
    assert title_key("Attention Is All You Need") == title_key("Attention is All you Need.")
    assert title_key("BERT: Pre-training of Deep") == title_key("BERT：Pre-Training of  Deep")
    assert title_key("BERT: Pre-training of Deep Bidirectional Transformers") != title_key(
        "BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding"
    )


# --- the dev set ------------------------------------------------------------------------------

#: Reached on the dev set (219 labelled papers, 209 of them named: 161 rows of a generated
#: digest in 9 styles; 58 hand-written Chinese table rows, list items, reference lists and
#: paper notes); the test fails below them.
PRECISION, RECALL = 1.0, 1.0


def _labels() -> dict[str, str]:
    labels: dict[str, str] = {}
    for name in ("digest-labels.tsv", "labels.tsv"):
        for line in (PAPERS / name).read_text("utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                pid, _, title = line.partition("\t")
                labels[pid] = title.strip()
    return labels


def test_the_digest_fixture_is_what_its_generator_writes() -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_digest", PAPERS / "make_digest.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    text, labels = module.render()
    assert (PAPERS / "notes" / "weekly-digest.md").read_text("utf-8") == text
    rows = (PAPERS / "digest-labels.tsv").read_text("utf-8").splitlines()
    assert rows == [f"arxiv:{arxiv}\t{title}" for arxiv, title in labels]


def test_title_precision_and_recall_on_the_dev_set(tmp_path: Path) -> None:
    shutil.copytree(PAPERS / "notes", tmp_path / "notes")
    atlas = noteatlas.build(tmp_path / "notes")
    given: dict[str, str | None] = {}
    for paper in atlas.papers():
        for pid in paper.ids:
            given[pid] = paper.title
    labels = _labels()
    assert len(labels) >= 200
    assert set(labels) <= set(given), "every labelled paper is a node"
    titled = [pid for pid in labels if given[pid]]
    named = [pid for pid, title in labels.items() if title]
    right = [pid for pid in titled if title_key(given[pid] or "") == title_key(labels[pid])]
    wrong = {pid: (given[pid], labels[pid]) for pid in titled if pid not in right}
    precision, recall = len(right) / len(titled), len(right) / len(named)
    assert precision >= PRECISION, wrong
    assert recall >= RECALL, sorted(set(named) - set(right))
