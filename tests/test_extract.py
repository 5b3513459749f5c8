"""The extract stage on the sample vault, the bad files and focused fixtures under extract/."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.dollarmath import dollarmath_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from noteatlas.graph.extract.html_refs import scan_tags
from noteatlas.graph.extract.markdown import MAX_NESTING, parser
from noteatlas.graph.extract.note import extract
from noteatlas.schema import NoteExtract, Reference, RefKind, SourceFile, TableCell

FIXTURES = Path(__file__).parent / "fixtures"


def source(rel: str, text: str) -> SourceFile:
    return SourceFile(path=rel, text=text, encoding="utf-8", sha256="0" * 64)


def load(rel: str) -> NoteExtract:
    """Extract a fixture as the read stage would hand it on (UTF-8, ``\\n`` newlines)."""
    text = (FIXTURES / rel).read_bytes().decode("utf-8-sig").replace("\r\n", "\n")
    return extract(source(rel, text))


def lines_of(rel: str) -> list[str]:
    return (FIXTURES / rel).read_text(encoding="utf-8").replace("\r\n", "\n").split("\n")


def triples(found: NoteExtract, *kinds: RefKind) -> list[tuple[str, str, int]]:
    return [
        (ref.kind.value, ref.target, ref.line)
        for ref in found.references
        if not kinds or ref.kind in kinds
    ]


def only(found: NoteExtract, target: str) -> Reference:
    matches = [ref for ref in found.references if ref.target == target]
    assert len(matches) == 1, matches
    return matches[0]


def column_of(rel: str, line: int, needle: str) -> int:
    """1-based column of ``needle`` in a fixture line, counted in characters."""
    return lines_of(rel)[line - 1].index(needle) + 1


# -- the sample vault ------------------------------------------------------------------------


def test_readme_references_and_nothing_from_the_code_block() -> None:
    found = load("vault/README.md")
    assert found.title == "📚 NLP 学习笔记 📚"
    assert found.title_source == "h1"
    assert triples(found) == [
        ("inline", "01-基础/词袋与TF-IDF.md", 7),
        ("inline", "02-NLP/词向量.md", 7),
        ("inline", "03-LLM/", 7),
        ("inline", "02-NLP/BERT面试题.md", 7),
        ("inline", "02-NLP/GPT.md", 7),
        ("inline", "02-NLP/词向量.md#word2vec", 15),
        ("inline", "https://arxiv.org/abs/1301.3781", 17),
        ("inline", "03-LLM/Transformer/核心解析.md", 25),
        ("inline", "03-LLM/Transformer/multihead.md", 25),
        ("inline", "03-LLM/Transformer/positional%20encoding.md", 25),
        ("image", "https://example.org/images/transformer_encoder.png", 39),
        ("inline", "https://nlp.seas.harvard.edu/2018/04/03/attention.html", 41),
        ("inline", "https://arxiv.org/pdf/1810.04805v2.pdf", 47),
        ("inline", "https://arxiv.org/abs/1802.05365", 51),
        ("inline", "03-LLM/ELMo/核心解析.md", 51),
        ("inline", "01-基础/词袋与TF-IDF.md", 57),
        ("inline", "02-NLP/RNN与LSTM.md", 58),
        ("inline", "https://mp.weixin.qq.com/s/Cdi0CcWDLgS6Kk7Kx71Vaw", 59),
        ("inline", "03-LLM/Transformer/核心解析.md", 60),
        ("inline", "mailto:someone@example.com", 64),
        ("inline", "https://github.com/yourusername/nlp-notes/issues", 65),
    ]
    assert not any(29 <= ref.line <= 37 for ref in found.references)
    assert not any(29 <= chain.line <= 37 for chain in found.arrow_chains)
    assert not any(29 <= prose.line <= 37 for prose in found.prose)
    assert found.arrow_chains == []
    first = found.references[0]
    assert (first.text, first.column) == ("词袋模型", 8)
    assert first.heading_path == ["📚 NLP 学习笔记 📚", "说明：点击下面的链接查看各篇笔记"]
    assert only(found, "03-LLM/Transformer/positional%20encoding.md").column == 141


def test_readme_outline_uses_github_slugs() -> None:
    found = load("vault/README.md")
    slugs = {heading.text: heading.slug for heading in found.headings}
    assert slugs["📚 NLP 学习笔记 📚"] == "-nlp-学习笔记-"
    assert slugs["2017年《Attention is All you need》"] == "2017年attention-is-all-you-need"
    assert slugs["2018年 ELMo：Embeddings from Language Models"] == (
        "2018年--elmoembeddings-from-language-models"
    )
    assert [(h.level, h.line) for h in found.headings][:3] == [(1, 1), (3, 3), (3, 11)]
    contact = only(found, "mailto:someone@example.com")
    assert contact.heading_path == ["📚 NLP 学习笔记 📚", "目录", "📫 联系"]


def test_bag_of_words_bare_url_math_and_typora_image() -> None:
    rel = "vault/01-基础/词袋与TF-IDF.md"
    found = load(rel)
    assert triples(found) == [
        ("bare_url", "https://zh.wikipedia.org/wiki/Tf-idf", 6),
        (
            "inline",
            "https://scikit-learn.org/stable/modules/feature_extraction.html#tfidf-term-weighting",
            7,
        ),
        (
            "inline",
            "https://link.zhihu.com/?target=https%3A//www.cnblogs.com/pinard/p/6693230.html",
            8,
        ),
        ("html_img", "../pics/tfidf.png", 14),
    ]
    assert only(found, "https://zh.wikipedia.org/wiki/Tf-idf").column == column_of(rel, 6, "https")
    assert only(found, "../pics/tfidf.png").column == 1
    assert not any(ref.target == "b" for ref in found.references)
    math_line = next(prose for prose in found.prose if prose.line == 12)
    assert "[a](b)" not in math_line.text and "其中" in math_line.text
    assert [chain.terms for chain in found.arrow_chains] == [
        ["维度灾难、语义鸿沟", "后来有了 word2vec"]
    ]


def test_word_vectors_chain_markmap_tables_and_reference_links() -> None:
    rel = "vault/02-NLP/词向量.md"
    found = load(rel)
    (chain,) = found.arrow_chains
    assert chain.terms == [
        "one-hot",
        "word2vec",
        "静态词向量",
        "一词多义问题",
        "双向RNN",
        "ELMo",
        "BERT",
    ]
    assert (chain.line, chain.section) == (7, 1)
    blog = only(found, "https://www.cnblogs.com/pinard/p/7160330.html")
    assert (blog.kind, blog.text, blog.title, blog.line, blog.column) == (
        RefKind.REFERENCE,
        "word2vec原理(一)",
        "刘建平",
        29,
        8,
    )
    citation = only(found, "#ref1")
    assert (citation.kind, citation.text, citation.line, citation.column) == (
        RefKind.INLINE,
        "[1]",
        30,
        5,
    )
    assert found.anchors == ["ref1"]
    assert not any(ref.kind == RefKind.WIKILINK for ref in found.references)
    (markmap,) = found.markmaps
    assert markmap.line == 9
    assert [(item.depth, item.text, item.line) for item in markmap.items] == [
        (0, "NLP", 11),
        (1, "经典模型", 12),
        (2, "神经网络", 13),
        (3, "词向量", 14),
        (4, "NNLM", 15),
        (4, "Word2Vec", 16),
        (4, "FastText", 17),
        (4, "GloVe", 18),
        (3, "RNN & LSTM & GRU", 19),
        (3, "BERT", 20),
    ]
    assert not any(9 <= ref.line <= 21 for ref in found.references)
    assert not any(heading.text == "NLP" for heading in found.headings)


def test_word_vectors_tables_have_plain_cells_and_cell_coordinates() -> None:
    rel = "vault/02-NLP/词向量.md"
    found = load(rel)
    papers, history = found.tables
    assert (papers.line, papers.header) == (43, ["type", "paper", "intro", "link"])
    assert papers.row_lines == [45, 46, 47]
    assert papers.rows[0] == [
        "原作",
        "2014-Convolutional Neural Networks for Sentence Classification",
        "(1) CNN-rand (2) CNN-static",
        "link",
    ]
    assert papers.rows[2] == ["我的记录", "TextCNN-readme.md", "", ""]
    acl = only(found, "https://aclanthology.org/D14-1181.pdf")
    assert acl.cell == TableCell(table=0, row=0, column=3)
    assert acl.column == column_of(rel, 45, "[link]")
    assert only(found, "/TextCNN/TextCNN-readme.md").cell == TableCell(table=0, row=2, column=1)
    bahdanau = only(found, "https://arxiv.org/pdf/1409.0473.pdf")
    assert (bahdanau.text, bahdanau.line, bahdanau.column) == ("Bahdanau et al., 2014", 51, 11)
    assert bahdanau.cell == TableCell(table=1, row=0, column=1)
    assert history.rows[0] == ["机器翻译", "[Bahdanau et al., 2014 ]把注意力用于翻译"]
    jmlr = only(found, "https://www.jmlr.org/papers/volume3/bengio03a/bengio03a.pdf")
    assert (jmlr.line, jmlr.cell) == (54, None)


def test_rnn_note_display_math_blockquote_and_same_page_anchors() -> None:
    found = load("vault/02-NLP/RNN与LSTM.md")
    assert triples(found) == [
        ("inline", "https://zh.d2l.ai/chapter_recurrent-neural-networks/rnn.html", 5),
        ("bare_url", "https://zhuanlan.zhihu.com/p/109519044", 11),
        ("image", "./pics/rnn-gradient.png", 12),
        ("inline", "https://colah.github.io/posts/2015-08-Understanding-LSTMs/", 16),
        ("inline", "#双向rnn", 20),
        ("inline", "#不存在", 20),
        ("inline", "https://zh.d2l.ai/chapter_recurrent-modern/gru.html", 24),
    ]
    assert "双向rnn" in [heading.slug for heading in found.headings]
    assert not any(prose.line == 7 for prose in found.prose)
    assert only(found, "./pics/rnn-gradient.png").column == 3


def test_interview_note_prerequisite_items() -> None:
    found = load("vault/02-NLP/BERT面试题.md")
    assert found.title == "机器学习方向-05：BERT（面试直通车）"
    section = [h.text for h in found.headings].index("前置知识")
    items = [item for item in found.list_items if item.section == section]
    assert [item.text for item in items] == [
        "Word Embedding",
        "RNN",
        "LSTM模型结构",
        "seq2seq模型",
        "Transformer模型结构",
        "注意力机制",
        "Pre-training和Fine-tuning",
    ]
    assert all(item.ordered and item.depth == 0 for item in items)
    assert [item.line for item in items] == list(range(11, 18))
    assert triples(found)[0] == ("image", "image/ml.png", 1)
    assert ("inline", "/example.com", 26) in triples(found)
    assert ("inline", "12345@example.com", 28) in triples(found)


def test_transformer_history_note_embeds_and_bold_h1() -> None:
    rel = "vault/03-LLM/为什么需要Transformer：从“词”到“序列”.md"
    found = load(rel)
    assert (found.title, found.title_source) == ("机器“读懂”语言", "h1")
    assert found.front_matter == {
        "share_link": "https://share.example.org/abc123#Tt3rd+Vut",
        "share_updated": "2025-09-27T12:22:33+08:00",
        "tags": ["nlp", "history"],
    }
    assert found.front_matter_lines == {"share_link": 2, "share_updated": 3, "tags": 4}
    embeds = [ref for ref in found.references if ref.kind == RefKind.EMBED]
    assert [(ref.target, ref.text, ref.line, ref.column) for ref in embeds] == [
        ("为什么需要Transformer：从“词”到“序列”-1758164262602.jpeg", "", 14, 1),
        ("为什么需要Transformer：从“词”到“序列”-1758165943391.jpeg", "center", 24, 1),
        ("为什么需要Transformer：从“词”到“序列”-1758249582685.jpeg", "", 30, 1),
    ]
    caption = only(found, "https://blog.csdn.net/example/article/details/133275210")
    assert (caption.kind, caption.line, caption.column) == (RefKind.BARE_URL, 15, 17)
    assert only(found, "https://dennybritz.com/").text == "Denny’s Blog"
    assert [chain.terms for chain in found.arrow_chains] == [["但仍然无法并行", "注意力机制"]]
    assert found.headings[0].line == 6


def test_transformer_core_wikilinks_and_bare_arxiv() -> None:
    found = load("vault/03-LLM/Transformer/核心解析.md")
    assert triples(found) == [
        ("wikilink", "ELMo", 3),
        ("wikilink", "BERT", 3),
        ("wikilink", "为什么需要Transformer：从“词”到“序列”", 3),
        ("bare_url", "https://arxiv.org/pdf/1706.03762", 11),
    ]
    assert [ref.column for ref in found.references[:3]] == [3, 14, 27]


def test_crlf_note_keeps_editor_lines() -> None:
    found = load("vault/03-LLM/crlf笔记.md")
    assert triples(found) == [
        ("inline", "https://arxiv.org/abs/1412.3555", 3),
        ("inline", "../02-NLP/RNN与LSTM.md#lstm", 7),
    ]
    assert [heading.line for heading in found.headings] == [1, 5]


def test_concept_elmo_front_matter_wikilinks_and_inline_fields() -> None:
    found = load("vault/concepts/ELMo.md")
    assert (found.title, found.title_source) == ("ELMo", "front_matter")
    assert found.front_matter["prerequisites"] == ["word2vec", "RNN"]
    assert found.front_matter_lines["prerequisites"] == 11
    assert found.front_matter_lines["kind"] == 4
    wikilinks = [(ref.target, ref.text, ref.line) for ref in found.references]
    assert wikilinks == [
        ("word2vec", "", 17),
        ("语言模型", "", 18),
        ("BiLSTM", "", 18),
        ("BERT", "", 20),
        ("GPT-1", "GPT", 20),
        ("Transformer/核心解析#多头注意力", "多头注意力", 20),
        ("不存在的概念", "", 20),
    ]
    assert {ref.kind for ref in found.references} == {RefKind.WIKILINK}
    fields = [(field.key, field.value, field.targets, field.line) for field in found.inline_fields]
    assert fields == [
        ("improves_on", "[[word2vec]]", ["word2vec"], 17),
        ("uses", "[[语言模型]], [[BiLSTM]]", ["语言模型", "BiLSTM"], 18),
    ]


def test_concept_bert_alert_details_table_badges_and_html_links() -> None:
    rel = "vault/concepts/BERT.md"
    found = load(rel)
    assert triples(found) == [
        ("inline", "https://aclanthology.org/N19-1423.pdf", 20),
        ("inline", "https://example.org/language_understanding_paper.pdf", 21),
        ("inline", "https://awesome.re", 25),
        ("image", "https://awesome.re/badge.svg", 25),
        ("html_a", "https://github.com/google-research/bert", 25),
        ("html_img", "https://img.shields.io/badge/code-github-blue", 25),
        (
            "inline",
            "https://github.com/example-user/models-learning/blob/main/paper-reading/"
            "Transformer-%3CAttention-is-all-you-need%3E.md",
            27,
        ),
        (
            "inline",
            "https://zh.wikipedia.org/wiki/%E8%AF%8D%E5%B5%8C%E5%85%A5"
            "#:~:text=%E8%AF%8D%E5%B5%8C%E5%85%A5",
            29,
        ),
    ]
    badge, image = found.references[2:4]
    assert (badge.column, badge.text, image.column, image.text) == (1, "Awesome", 2, "Awesome")
    html_a = only(found, "https://github.com/google-research/bert")
    assert html_a.column == column_of(rel, 25, "<a ")
    assert html_a.text == "code"
    assert only(found, "https://img.shields.io/badge/code-github-blue").column == column_of(
        rel, 25, "<img"
    )
    (table,) = found.tables
    assert [row[:2] for row in table.rows] == [["2018-10", "BERT"], ["2018-06", "GPT 1.0"]]
    assert found.references[0].cell == TableCell(table=0, row=0, column=2)
    assert "BERT 只用 Transformer 的 Encoder。" in next(p.text for p in found.prose if p.line == 13)
    assert not any("NOTE" in prose.text for prose in found.prose)


# -- bad files -------------------------------------------------------------------------------


def test_broken_front_matter_is_a_diagnostic_and_the_body_still_parses() -> None:
    found = load("bad/坏的front-matter.md")
    (diagnostic,) = found.diagnostics
    assert diagnostic.code == "front-matter-invalid"
    assert diagnostic.file == "bad/坏的front-matter.md"
    assert diagnostic.line == 3
    assert "':'" in diagnostic.message
    assert found.front_matter == {}
    assert (found.title, found.title_source) == ("正文还在", "h1")
    assert triples(found) == [("inline", "https://arxiv.org/abs/1810.04805", 8)]


def test_unclosed_fence_hides_everything_after_it() -> None:
    found = load("bad/未闭合代码块.md")
    assert triples(found) == [("inline", "https://pytorch.org/tutorials/", 3)]


def test_special_whitespace_and_unsafe_links() -> None:
    found = load("bad/特殊空白.md")
    assert (found.title, found.title_source) == ("特殊 空白", "h1")
    assert triples(found) == [
        ("inline", "https://arxiv.org/abs/1706.03762", 3),
        ("inline", "../notes/02-NLP/RNN与LSTM.md", 5),
        ("inline", "javascript:alert(1)", 5),
        ("inline", "data:text/html,<script>alert(1)</script>", 5),
        ("inline", "../../../../etc/passwd", 9),
        ("inline", "file:///etc/passwd", 9),
    ]
    assert only(found, "https://arxiv.org/abs/1706.03762").text == "Attention论文"
    assert found.headings[1].text == "<script>alert('标题注入')</script>"
    assert found.references[-1].heading_path == ["<script>alert('标题注入')</script>"]


def test_deeply_nested_file_parses_and_says_what_it_skipped() -> None:
    found = load("bad/深层嵌套.md")
    assert found.title == "深层嵌套"
    assert [item.depth for item in found.list_items[:5]] == [0, 1, 2, 3, 4]
    assert [d.code for d in found.diagnostics] == ["markdown-too-deep"]


def test_empty_file_gets_its_stem_as_title() -> None:
    found = load("bad/空文件.md")
    assert (found.title, found.title_source) == ("空文件", "stem")
    assert found.references == [] and found.headings == [] and found.prose == []


ALL_FIXTURES = sorted(
    str(path.relative_to(FIXTURES))
    for folder in ("vault", "bad", "extract")
    for path in (FIXTURES / folder).rglob("*.md")
)


@pytest.mark.parametrize("rel", ALL_FIXTURES)
def test_every_fixture_extracts_with_positions_on_the_written_markup(rel: str) -> None:
    raw = (FIXTURES / rel).read_bytes().decode("utf-8", errors="replace")
    text = raw.removeprefix("\ufeff").replace("\r\n", "\n")
    found = extract(source(rel, text))
    lines = text.replace("\r", " ").split("\n")
    for ref in found.references:
        written = lines[ref.line - 1][ref.column - 1 :].lower()
        assert written.startswith((_OPENERS[ref.kind], ref.target.lower())), ref
    for prose in found.prose:
        assert len(prose.text) <= len(lines[prose.line - 1])
    assert extract(source(rel, text)) == found


_OPENERS = {
    RefKind.INLINE: "[",
    RefKind.REFERENCE: "[",
    RefKind.AUTOLINK: "<",
    RefKind.BARE_URL: "http",
    RefKind.IMAGE: "![",
    RefKind.WIKILINK: "[[",
    RefKind.EMBED: "![[",
    RefKind.HTML_A: "<a",
    RefKind.HTML_IMG: "<img",
}


# -- focused fixtures ------------------------------------------------------------------------


def test_every_reference_kind_with_target_text_title_and_column() -> None:
    found = load("extract/kinds.md")
    got = [(r.kind.value, r.target, r.text, r.title, r.line, r.column) for r in found.references]
    assert got == [
        ("inline", "docs/说明.md", "说明", "标题", 3, 4),
        ("inline", "my file.md", "空格路径", None, 3, 28),
        ("inline", "a_b.md", "转义", None, 3, 52),
        ("reference", "https://example.org/ref", "完整", "引用标题", 4, 5),
        ("reference", "https://example.org/collapsed", "折叠", None, 4, 15),
        ("reference", "https://example.org/ref", "lbl", "引用标题", 4, 22),
        ("autolink", "https://example.org/auto", "https://example.org/auto", None, 5, 6),
        ("autolink", "mailto:someone@example.org", "someone@example.org", None, 5, 35),
        ("bare_url", "https://example.org/a_(b)", "https://example.org/a_(b)", None, 6, 5),
        ("bare_url", "https://example.org/end", "https://example.org/end", None, 6, 40),
        ("image", "pics/a.png", "替代文字", "图题", 7, 4),
        ("image", "pics/logo.svg", "图", None, 7, 31),
        ("html_a", "https://example.org/h?x=1&y=2", "标签", None, 8, 6),
        ("html_img", "pics/b.png", "图b", None, 8, 57),
        ("wikilink", "笔记A", "", None, 9, 6),
        ("wikilink", "目录/笔记B#小节", "别名", None, 9, 14),
        ("embed", "图.png", "300", None, 9, 31),
        ("inline", "#ref1", "[1]", None, 9, 46),
        ("wikilink", "笔记C", "别名C", None, 10, 6),
        ("wikilink", "图C.png", "center", None, 10, 21),
    ]


def test_nothing_in_code_math_comments_or_escapes_counts() -> None:
    found = load("extract/code.md")
    assert triples(found) == [("inline", "https://example.org/real", 22)]
    assert found.arrow_chains == [] and found.inline_fields == []
    assert found.tables == [] and found.markmaps == []
    math = next(prose for prose in found.prose if prose.line == 12)
    assert "[a](b)" not in math.text and "[[c]]" not in math.text and "都不是链接" in math.text
    assert not any("example.org" in prose.text for prose in found.prose)


def test_table_cells_wikilink_pipes_html_and_quoted_tables() -> None:
    rel = "extract/tables.md"
    found = load(rel)
    first, quoted = found.tables
    assert first.header == ["概念", "链接", "说明"]
    assert first.rows == [
        ["词向量", "W2V", "第一行 第二行"],
        ["管道 a|b", "单元格", "BERT 与 ELMo"],
        ["空", "", ""],
    ]
    assert (quoted.line, quoted.header, quoted.row_lines) == (9, ["引用里的表", "链接"], [11])
    # the cells as written keep what plain text loses: <br>, link targets, code marks
    assert first.sources == [
        ["词向量", "[[word2vec|W2V]]", "第一行<br>第二行"],
        ["管道 `a|b`", '<a href="https://example.org/cell">单元格</a>',
         "[BERT](https://arxiv.org/abs/1810.04805) 与 [[ELMo]]"],
        ["空", "", ""],
    ]  # fmt: skip
    assert quoted.sources == [["x", "[引用表](https://example.org/quoted-table)"]]
    got = [(r.kind.value, r.target, r.text, r.line, r.column, r.cell) for r in found.references]
    assert got == [
        (
            "wikilink",
            "word2vec",
            "W2V",
            5,
            column_of(rel, 5, "[["),
            TableCell(table=0, row=0, column=1),
        ),
        (
            "html_a",
            "https://example.org/cell",
            "单元格",
            6,
            15,
            TableCell(table=0, row=1, column=1),
        ),
        (
            "inline",
            "https://arxiv.org/abs/1810.04805",
            "BERT",
            6,
            column_of(rel, 6, "[BERT]"),
            TableCell(table=0, row=1, column=2),
        ),
        (
            "wikilink",
            "ELMo",
            "",
            6,
            column_of(rel, 6, "[[ELMo"),
            TableCell(table=0, row=1, column=2),
        ),
        (
            "inline",
            "https://example.org/quoted-table",
            "引用表",
            11,
            9,
            TableCell(table=1, row=0, column=1),
        ),
    ]
    row = next(prose for prose in found.prose if prose.line == 5)
    assert row.text.index("W2V") == lines_of(rel)[4].index("W2V")


def test_html_blocks_anchors_and_duplicate_heading_slugs() -> None:
    found = load("extract/html.md")
    assert [(r.kind.value, r.target, r.text, r.line, r.column) for r in found.references] == [
        ("html_a", "https://example.org/summary", "摘要链接", 4, 13),
        ("html_a", "docs/a.md", "A", 6, 8),
        ("html_img", "pics/c.png", "C 图", 9, 1),
        ("html_a", "https://example.org/center", "", 19, 21),
        ("html_img", "pics/logo.png", "", 19, 58),
    ]
    assert found.anchors == ["custom-id", "ref1", "old", "second"]
    assert [(h.text, h.slug) for h in found.headings] == [
        ("HTML 与锚点", "html-与锚点"),
        ("重复", "重复"),
        ("重复", "重复-1"),
        ("重复", "重复-2"),
    ]
    assert found.references[-1].heading_path == ["HTML 与锚点", "重复"]


def test_arrow_chains_and_inline_fields() -> None:
    found = load("extract/fields.md")
    assert [(chain.line, chain.terms) for chain in found.arrow_chains] == [
        (3, ["word2vec", "static embedding", "polysemy", "BiRNN", "ELMo", "BERT", "GPT"]),
        (6, ["Transformer", "BERT"]),
        (15, ["x", "y"]),
    ]
    assert found.arrow_chains[1].raw == (
        "- 背景：RNN 太慢，**Transformer** → [BERT](concepts/BERT.md)；后来还有更多。"
    )
    fields = [(f.line, f.key, f.value, f.targets) for f in found.inline_fields]
    assert fields == [
        (8, "uses", "[[语言模型]], [[BiLSTM|双向LSTM]]", ["语言模型", "BiLSTM"]),
        (9, "paper", "https://arxiv.org/abs/1802.05365", ["https://arxiv.org/abs/1802.05365"]),
        (
            10,
            "aliases",
            "ELMo, 动态词向量，Embeddings from LM",
            ["ELMo", "动态词向量", "Embeddings from LM"],
        ),
        (12, "year", "2018", ["2018"]),
        (12, "kind", "model", ["model"]),
    ]
    assert [item.text for item in found.list_items][2] == "a → b 在代码里"


def test_markmap_fence_with_info_string_and_front_matter() -> None:
    found = load("extract/markmap.md")
    (block,) = found.markmaps
    assert block.line == 3
    assert [(item.depth, item.text, item.line) for item in block.items] == [
        (0, "根", 8),
        (1, "分支一", 9),
        (2, "叶子 1", 10),
        (3, "叶子 1.1", 11),
        (2, "叶子 2", 12),
        (1, "分支二", 13),
        (2, "小分支", 14),
    ]
    assert [heading.text for heading in found.headings] == ["思维导图"]


def test_front_matter_values_become_json_compatible_with_key_lines() -> None:
    found = load("extract/front-matter-types.md")
    assert (found.title, found.title_source) == ("前言里的标题", "front_matter")
    assert found.front_matter == {
        "title": "  前言里的标题  ",
        "date": "2024-01-02",
        "updated": "2024-01-02T10:20:30",
        "tags": ["nlp", "历史"],
        "2018": "年份键",
        "nested": {"deep": {"a": [1, 2.5, None, True]}},
    }
    assert found.front_matter_lines == {
        "title": 2,
        "date": 3,
        "updated": 4,
        "tags": 5,
        "2018": 8,
        "nested": 9,
    }
    assert found.headings[0].line == 12


def test_front_matter_that_is_not_a_mapping_is_a_diagnostic() -> None:
    found = load("extract/front-matter-list.md")
    assert [(d.code, d.line) for d in found.diagnostics] == [("front-matter-not-mapping", 2)]
    assert (found.front_matter, found.title, found.title_source) == (
        {},
        "front-matter-list",
        "stem",
    )
    assert found.prose[0].section == -1


def test_columns_through_quotes_lists_tabs_lazy_lines_and_footnotes() -> None:
    rel = "extract/positions.md"
    found = load(rel)
    got = {ref.text: (ref.line, ref.column) for ref in found.references}
    expected = {
        "a": 4, "b": 5, "c": 6, "d": 7, "e": 10, "f": 11, "g": 12, "h": 14, "i": 16, "j": 18, "k": 23
    }  # fmt: skip
    assert got == {
        text: (line, column_of(rel, line, f"[{text}]")) for text, line in expected.items()
    }
    assert got["g"] == (12, 10) and got["h"] == (14, 4)
    assert [(h.level, h.text, h.line) for h in found.headings] == [
        (1, "Setext 标题", 1),
        (2, "Second", 20),
    ]
    assert [(item.line, item.depth, item.ordered) for item in found.list_items] == [
        (5, 0, False),
        (9, 0, True),
        (12, 1, False),
    ]
    quoted = next(prose for prose in found.prose if prose.line == 5)
    assert quoted.text.index("列表项") == lines_of(rel)[4].index("列表项")


# -- invariants ------------------------------------------------------------------------------

_FRAGMENTS = [
    "[", "]", "(", ")", "[[", "]]", "![", "![[", "|", "\\|", "\\", "`", "``", "$", "$$", "*", "_",
    "~~", "<", ">", "&amp;", "#", "# ", "## ", "\n", "\n\n", "> ", "- ", "1. ", "    ", "\t",
    "---\n", "```\n", "~~~", "[^1]", "[^1]: ", "[x]: /u \"t\"", "[x]", "::", " → ", "->", "{#id}",
    "https://example.org/p", "http://a.b/c(d)", "，", "。", "）", "\u3000", "\u00a0", "\u200b",
    "<a href='h'>", "</a>", "<img src=i alt=x>", "<a id=z>", "<!--", "-->", "<details>\n",
    "| a | b |\n| - | - |\n", "中文", "word", " ", "(u \"t\")", "<https://auto.example>",
    "mailto:x@y.z", "javascript:alert(1)", "[t](", "](", "![a](b)", "[[w|al]]", "[[w\\|al]]",
]  # fmt: skip

_markdown = st.lists(st.one_of(st.sampled_from(_FRAGMENTS), st.text(max_size=4)), max_size=40).map(
    "".join
)
_clean_markdown = _markdown.map(
    lambda text: text.replace("\r", "").replace("\0", "").replace("\ufeff", "")
)


@settings(max_examples=200, deadline=None)
@given(_markdown)
def test_no_input_makes_extract_raise_and_positions_stay_in_the_text(text: str) -> None:
    found = extract(source("fuzz.md", text))
    lines = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", " ").split("\n")
    assert found.title
    for ref in found.references:
        written = lines[ref.line - 1][ref.column - 1 :].lower()
        assert written.startswith((_OPENERS[ref.kind], ref.target.lower())), ref
    for item in [*found.prose, *found.list_items, *found.arrow_chains, *found.headings]:
        assert 1 <= item.line <= len(lines)
    for prose in found.prose:
        assert len(prose.text) <= len(lines[prose.line - 1])


def _stock_parser() -> MarkdownIt:
    """markdown-it with the same plugins but none of noteatlas's own rules."""
    md = MarkdownIt("commonmark", {"linkify": True, "maxNesting": MAX_NESTING})
    md.enable(["table", "strikethrough", "linkify"])
    md.core.ruler.disable("linkify")
    md.use(front_matter_plugin)
    md.use(footnote_plugin, inline=False, move_to_end=False)
    md.use(dollarmath_plugin, allow_digits=False, double_inline=True)
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    return md


_STOCK = _stock_parser()


def _inline_tokens(tokens: list[Token]) -> list[Token]:
    found: list[Token] = []
    stack = [child for token in tokens for child in (token.children or [])]
    while stack:
        token = stack.pop()
        found.append(token)
        stack.extend(token.children or [])
    return found


@settings(max_examples=200, deadline=None)
@given(_clean_markdown)
def test_every_link_markdown_it_sees_is_a_reference(text: str) -> None:
    found = extract(source("fuzz.md", text))
    ours = {_STOCK.normalizeLink(ref.target) for ref in found.references}
    for token in _inline_tokens(_STOCK.parse(text)):
        href = token.attrGet("href") if token.type == "link_open" else token.attrGet("src")
        if token.type not in ("link_open", "image") or href is None:
            continue
        if token.markup == "linkify":  # noteatlas stops bare URLs at CJK punctuation
            assert any(str(href).startswith(url) for url in ours), (href, ours)
        else:
            assert str(href) in ours, (href, ours)


@settings(max_examples=150, deadline=None)
@given(_clean_markdown)
def test_every_token_of_our_parse_becomes_exactly_one_reference(text: str) -> None:
    tokens = parser().parse(text, {})
    expected = sum(
        token.type in ("link_open", "image", "wikilink") for token in _inline_tokens(tokens)
    )
    for token in [*tokens, *_inline_tokens(tokens)]:
        if token.type in ("html_block", "html_inline"):
            expected += sum(tag.reference is not None for tag in scan_tags(token.content))
    assert len(extract(source("fuzz.md", text)).references) == expected


def test_pathological_nesting_is_quick_and_finds_links_around_it() -> None:
    lists = "".join("  " * depth + "- x\n" for depth in range(1000))
    quotes = ">" * 2000 + " deep\n"
    brackets = "[" * 5000 + "x" + "]" * 5000 + "(https://example.org/brackets)\n"
    images = "![" * 300 + "a" + "](i.png)" * 300 + "\n"
    emphasis = "*_" * 3000 + "x" + "_*" * 3000 + "\n"
    text = "\n\n".join(
        ["[before](https://example.org/before)", quotes, brackets, images, emphasis, lists]
    )
    found = extract(source("deep.md", text))
    targets = [ref.target for ref in found.references]
    assert targets[0] == "https://example.org/before"
    assert "https://example.org/brackets" in targets
    assert "i.png" in targets
    assert [d.code for d in found.diagnostics] == ["markdown-too-deep"]


def test_a_megabyte_readme_of_tables_extracts_every_link() -> None:
    rows = ["# Papers", "", "| 年份 | 论文 | 链接 |", "| --- | --- | --- |"]
    count = 6000
    rows += [
        f"| {2000 + n % 25} | Paper {n} `code` $x_{{{n}}}$ 和一些说明文字 {'很长 ' * 20}"
        f"| [pdf {n}](https://example.org/p/{n}.pdf) https://arxiv.org/abs/{n:04d}.{n:05d}，好 |"
        for n in range(count)
    ]
    text = "\n".join(rows) + "\n"
    assert len(text.encode()) > 1_000_000
    found = extract(source("big.md", text))
    (table,) = found.tables
    assert len(table.rows) == count
    assert len(found.references) == 2 * count
    last = found.references[-1]
    assert (last.kind, last.target) == (
        RefKind.BARE_URL,
        f"https://arxiv.org/abs/{count - 1:04d}.{count - 1:05d}",
    )
    assert last.cell == TableCell(table=0, row=count - 1, column=2)
    assert last.line == 4 + count
    assert found.references[0].column == rows[4].index("[pdf") + 1


@pytest.mark.parametrize("stop", [*"，。）、；：！？」…“", "\u3000", "\u00a0", "\u200b"])
def test_bare_urls_end_before_cjk_punctuation_and_odd_spaces(stop: str) -> None:
    found = extract(source("url.md", f"见 https://example.org/a_b?x=1{stop}后文 [[x]]\n"))
    url, wikilink = found.references
    assert (url.kind, url.target, url.column) == (
        RefKind.BARE_URL,
        "https://example.org/a_b?x=1",
        3,
    )
    assert wikilink.target == "x"


def test_an_h1_after_other_headings_heads_a_part_not_the_note() -> None:
    text = "#zotero\n\n## Method\n\nDPO.\n\n# Paper Figures\n\n![](a.png)\n"
    found = extract(SourceFile(path="Zephyr.md", text=text, encoding="utf-8", sha256=""))
    assert (found.title, found.title_source) == ("Zephyr", "stem")
    found = extract(
        SourceFile(path="z.md", text="# Zephyr\n\n## Method\n", encoding="utf-8", sha256="")
    )
    assert (found.title, found.title_source) == ("Zephyr", "h1")


def test_a_link_whose_address_holds_a_space_is_reported_not_truncated() -> None:
    """``[…](https://arxiv.org/ abs/1910.01108)`` is text to Markdown: no link, and no bare
    ``https://arxiv.org/`` read out of it to be checked; a warning says where and how to fix it.
    Code and well-formed links are left alone."""
    text = (
        'Paper: [DistilBERT](https://arxiv.org/ abs/1910.01108)("Distilled" BERT)\n\n'
        "| a | b |\n|---|---|\n| [x](https://e.org/a b c.html) | y |\n\n"
        "```\n[c](https://e.org/ q)\n```\n\n`[d](https://e.org/ q)` and [ok](https://e.org/x)\n"
    )
    found = extract(source("n.md", text))
    assert [r.target for r in found.references] == ["https://e.org/x"]
    spaced = [d for d in found.diagnostics if d.code == "link-space-in-address"]
    assert [(d.line, d.severity.value) for d in spaced] == [(1, "warning"), (5, "warning")]
    assert "https://arxiv.org/abs/1910.01108" in spaced[0].hint
    assert "DistilBERT" in " ".join(p.text for p in found.prose)  # the text stays the note's
