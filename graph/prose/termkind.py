"""A term's kind from the words it ends with or sits next to: ``梯度消失问题`` is a problem,
``词袋模型`` a model, ``门控机制`` a technique."""

from __future__ import annotations

from noteatlas.schema import ConceptKind

#: (suffix or word, kind): the first that a term ends with or is followed by decides.
_KIND_CUES: tuple[tuple[str, ConceptKind], ...] = (
    ("问题", ConceptKind.PROBLEM), ("瓶颈", ConceptKind.PROBLEM), ("缺陷", ConceptKind.PROBLEM),
    ("灾难", ConceptKind.PROBLEM), ("消失", ConceptKind.PROBLEM), ("爆炸", ConceptKind.PROBLEM),
    ("过拟合", ConceptKind.PROBLEM), ("欠拟合", ConceptKind.PROBLEM), ("丢失", ConceptKind.PROBLEM),
    ("一词多义", ConceptKind.PROBLEM), ("偏移", ConceptKind.PROBLEM), ("退化", ConceptKind.PROBLEM),
    ("稀疏", ConceptKind.PROBLEM), ("不一致", ConceptKind.PROBLEM), ("problem", ConceptKind.PROBLEM),
    ("issue", ConceptKind.PROBLEM), ("bottleneck", ConceptKind.PROBLEM),
    ("vanishing gradient", ConceptKind.PROBLEM), ("exploding gradient", ConceptKind.PROBLEM),
    ("overfitting", ConceptKind.PROBLEM), ("polysemy", ConceptKind.PROBLEM),
    ("数据集", ConceptKind.DATASET), ("语料库", ConceptKind.DATASET), ("语料", ConceptKind.DATASET),
    ("dataset", ConceptKind.DATASET), ("corpus", ConceptKind.DATASET),
    ("benchmark", ConceptKind.DATASET),
    ("指标", ConceptKind.METRIC), ("准确率", ConceptKind.METRIC), ("召回率", ConceptKind.METRIC),
    ("困惑度", ConceptKind.METRIC), ("metric", ConceptKind.METRIC), ("score", ConceptKind.METRIC),
    ("accuracy", ConceptKind.METRIC), ("perplexity", ConceptKind.METRIC),
    ("任务", ConceptKind.TASK), ("分类", ConceptKind.TASK), ("翻译", ConceptKind.TASK),
    ("识别", ConceptKind.TASK), ("问答", ConceptKind.TASK), ("标注", ConceptKind.TASK),
    ("task", ConceptKind.TASK), ("classification", ConceptKind.TASK),
    ("translation", ConceptKind.TASK), ("recognition", ConceptKind.TASK),
    ("架构", ConceptKind.ARCHITECTURE), ("结构", ConceptKind.ARCHITECTURE),
    ("architecture", ConceptKind.ARCHITECTURE),
    ("模型", ConceptKind.MODEL), ("网络", ConceptKind.MODEL), ("model", ConceptKind.MODEL),
    ("network", ConceptKind.MODEL), ("net", ConceptKind.MODEL),
    ("机制", ConceptKind.TECHNIQUE), ("方法", ConceptKind.TECHNIQUE), ("算法", ConceptKind.TECHNIQUE),
    ("技术", ConceptKind.TECHNIQUE), ("策略", ConceptKind.TECHNIQUE), ("技巧", ConceptKind.TECHNIQUE),
    ("编码", ConceptKind.TECHNIQUE), ("采样", ConceptKind.TECHNIQUE), ("归一化", ConceptKind.TECHNIQUE),
    ("注意力", ConceptKind.TECHNIQUE), ("正则化", ConceptKind.TECHNIQUE), ("连接", ConceptKind.TECHNIQUE),
    ("mechanism", ConceptKind.TECHNIQUE), ("method", ConceptKind.TECHNIQUE),
    ("algorithm", ConceptKind.TECHNIQUE), ("technique", ConceptKind.TECHNIQUE),
    ("attention", ConceptKind.TECHNIQUE), ("normalization", ConceptKind.TECHNIQUE),
    ("encoding", ConceptKind.TECHNIQUE), ("sampling", ConceptKind.TECHNIQUE),
)  # fmt: skip
_CUE_WORDS = tuple(word for word, _ in _KIND_CUES)  # one C-level test before the loop
#: Words that only say a term is a problem: ``梯度消失问题`` is the term ``梯度消失``. Other kind
#: words stay (``词袋模型``, ``门控机制`` are how notes name those concepts).
KIND_WORDS = ("问题", "现象")


def term_kind(term: str, after: str = "") -> ConceptKind | None:
    """The kind a term's own words (or the word right after it, ``after``) say, if any."""
    low = term.casefold()
    if low.endswith(_CUE_WORDS):
        for word, kind in _KIND_CUES:
            if low.endswith(word):
                return kind
    follow = after.lstrip().casefold()
    if follow.startswith(_CUE_WORDS):
        for word, kind in _KIND_CUES:
            if follow.startswith(word):
                return kind
    return None


def strip_kind_word(term: str) -> str:
    """``梯度消失问题`` -> ``梯度消失``; a term that is only a kind word stays as it is."""
    for word in KIND_WORDS:
        if term.endswith(word) and len(term) - len(word) >= 2:
            return term[: -len(word)]
    return term


__all__ = ["KIND_WORDS", "strip_kind_word", "term_kind"]
