"""Resolution of internal and external targets, as GitHub and Obsidian do it."""

from __future__ import annotations

import pytest

from noteatlas.graph.identify.resolve import CorpusIndex, Outcome, resolve, resolve_target
from noteatlas.schema import Reference, RefKind

FILES = [
    "README.md",
    "01-基础/词袋与TF-IDF.md",
    "02-NLP/词向量.md",
    "02-NLP/RNN与LSTM.md",
    "03-LLM/Transformer/核心解析.md",
    "03-LLM/Transformer/positional encoding.md",
    "03-LLM/为什么需要Transformer：从“词”到“序列”.md",
    "concepts/ELMo.md",
    "concepts/BERT.md",
    "pics/img.png",
    "Docs/Guide.md",
]
DIRS = ["01-基础", "02-NLP", "03-LLM", "03-LLM/Transformer", "concepts", "pics", "Docs"]
ANCHORS = {
    "02-NLP/词向量.md": ["word2vec", "glove", "ref1"],
    "02-NLP/RNN与LSTM.md": ["rnn", "lstm", "双向rnn", "gru", "双向RNN"],
    "03-LLM/Transformer/核心解析.md": ["多头注意力", "位置编码"],
}
TITLES = {"concepts/BERT.md": "BERT", "concepts/ELMo.md": "ELMo", "Docs/Guide.md": "User Guide"}


@pytest.fixture(scope="module")
def index() -> CorpusIndex:
    return CorpusIndex.build(FILES, DIRS, ANCHORS, TITLES)


def link(target: str, text: str = "x") -> Reference:
    return Reference(kind=RefKind.INLINE, target=target, text=text, line=1, column=1)


def wiki(target: str, kind: RefKind = RefKind.WIKILINK) -> Reference:
    return Reference(kind=kind, target=target, line=1, column=1)


@pytest.mark.parametrize(
    ("source", "target", "outcome", "path"),
    [
        ("README.md", "02-NLP/词向量.md", Outcome.NOTE, "02-NLP/词向量.md"),
        ("README.md", "03-LLM/", Outcome.DIR, "03-LLM"),
        ("README.md", "03-LLM/Transformer/positional%20encoding.md", Outcome.NOTE,
         "03-LLM/Transformer/positional encoding.md"),
        ("README.md", "02-NLP/GPT.md", Outcome.MISSING, "02-NLP/GPT.md"),
        ("03-LLM/Transformer/核心解析.md", "../../02-NLP/词向量.md", Outcome.NOTE, "02-NLP/词向量.md"),
        ("03-LLM/Transformer/核心解析.md", "/02-NLP/词向量.md", Outcome.NOTE, "02-NLP/词向量.md"),
        ("02-NLP/词向量.md", "/TextCNN/TextCNN-readme.md", Outcome.MISSING, "TextCNN/TextCNN-readme.md"),
        ("README.md", "%E8%AF%8D/../pics/img.png", Outcome.FILE, "pics/img.png"),
        ("README.md", "docs/guide.md", Outcome.NOTE, "Docs/Guide.md"),
        ("README.md", "Docs/Guide", Outcome.NOTE, "Docs/Guide.md"),
        ("README.md", "ｐｉｃｓ/img.png", Outcome.FILE, "pics/img.png"),
    ],
)  # fmt: skip
def test_local_paths(
    index: CorpusIndex, source: str, target: str, outcome: Outcome, path: str
) -> None:
    res = resolve(index, source, link(target))
    assert (res.outcome, res.path) == (outcome, path)


def test_case_and_width_variants_are_flagged(index: CorpusIndex) -> None:
    assert resolve(index, "README.md", link("Docs/Guide.md")).variant is False
    assert resolve(index, "README.md", link("docs/guide.md")).variant is True


@pytest.mark.parametrize(
    ("source", "target", "found"),
    [
        ("README.md", "02-NLP/词向量.md#word2vec", True),
        ("03-LLM/crlf笔记.md", "../02-NLP/RNN与LSTM.md#lstm", True),
        ("02-NLP/RNN与LSTM.md", "#双向rnn", True),
        ("02-NLP/RNN与LSTM.md", "#%E5%8F%8C%E5%90%91rnn", True),
        ("02-NLP/RNN与LSTM.md", "#不存在", False),
        ("02-NLP/词向量.md", "#ref1", True),
        ("README.md", "02-NLP/词向量.md#nope", False),
    ],
)
def test_anchors(index: CorpusIndex, source: str, target: str, found: bool) -> None:
    res = resolve(index, source, link(target))
    assert res.anchor_found is found
    assert res.ok is found


@pytest.mark.parametrize(
    ("target", "text", "outcome"),
    [
        ("12345@example.com", "12345@example.com", Outcome.EMAIL_AS_PATH),
        ("/example.com ", "@example.com ", Outcome.EMAIL_AS_PATH),
        ("mailto:someone@example.com", "mail", Outcome.MAILTO),
        ("mailto:not-an-address", "mail", Outcome.EMAIL_AS_PATH),
        ("javascript:alert(1)", "js", Outcome.UNSAFE),
        ("JavaScript:alert(1)", "js", Outcome.UNSAFE),
        ("data:text/html,<script>alert(1)</script>", "d", Outcome.UNSAFE),
        ("../../../../etc/passwd", "p", Outcome.OUTSIDE_ROOT),
        ("file:///etc/passwd", "p", Outcome.OUTSIDE_ROOT),
        ("C:\\Users\\me\\a.md", "p", Outcome.OUTSIDE_ROOT),
        ("ftp://example.org/x", "f", Outcome.UNSUPPORTED),
        ("www.example.com/page", "w", Outcome.MISSING_SCHEME),
        ("", "e", Outcome.EMPTY),
        ("https://arxiv.org/abs/1810.04805", "BERT", Outcome.EXTERNAL),
        ("//example.org/a", "x", Outcome.EXTERNAL),
    ],
)
def test_special_targets(index: CorpusIndex, target: str, text: str, outcome: Outcome) -> None:
    res = resolve_target(index, "02-NLP/BERT面试题.md", target, text=text)
    assert res.outcome == outcome
    assert res.ok is (outcome in (Outcome.EXTERNAL, Outcome.MAILTO))


@pytest.mark.parametrize(
    ("source", "target", "path", "anchor_found"),
    [
        ("03-LLM/Transformer/核心解析.md", "ELMo", "concepts/ELMo.md", None),
        ("03-LLM/Transformer/核心解析.md", "为什么需要Transformer：从“词”到“序列”",
         "03-LLM/为什么需要Transformer：从“词”到“序列”.md", None),
        ("concepts/ELMo.md", "Transformer/核心解析#多头注意力", "03-LLM/Transformer/核心解析.md", True),
        ("concepts/ELMo.md", "Transformer/核心解析#没有这节", "03-LLM/Transformer/核心解析.md", False),
        ("concepts/ELMo.md", "bert", "concepts/BERT.md", None),
        ("concepts/ELMo.md", "User Guide", "Docs/Guide.md", None),
        ("README.md", "02-NLP/词向量.md", "02-NLP/词向量.md", None),
    ],
)  # fmt: skip
def test_wikilinks(
    index: CorpusIndex, source: str, target: str, path: str, anchor_found: bool | None
) -> None:
    res = resolve(index, source, wiki(target))
    assert res.path == path
    assert res.anchor_found is anchor_found


def test_wikilink_missing_and_embeds(index: CorpusIndex) -> None:
    assert resolve(index, "concepts/ELMo.md", wiki("不存在的概念")).outcome == Outcome.MISSING
    embed = resolve(index, "README.md", wiki("img.png", RefKind.EMBED))
    assert (embed.outcome, embed.path) == (Outcome.FILE, "pics/img.png")
    # embeds never match by title: an image name is a file name
    assert resolve(index, "README.md", wiki("User Guide", RefKind.EMBED)).outcome == Outcome.MISSING


def test_nearest_folder_wins_for_ambiguous_names() -> None:
    index = CorpusIndex.build(["a/note.md", "b/note.md", "b/c/x.md"], ["a", "b", "b/c"])
    assert resolve(index, "b/c/x.md", wiki("note")).path == "b/note.md"
    assert resolve(index, "a/y.md", wiki("note")).path == "a/note.md"
