"""The term a heading asks about: interview sheets head each answer with a question.

``### 3.1.1 什么是低秩因式分解？``, ``Soft Attention 是什么？``, ``Word2vec 中 霍夫曼树 是什么？`` and
"What is a Transformer?" each ask what one term is, and the section under them answers: the
term is a concept the notes define (``sightings`` gives it a definition's score). A question
about a term's part or property (``TF-IDF 的思想是什么？``) or about no term (``原因是什么？``,
"What is it?") names none.
"""

from __future__ import annotations

import re

from noteatlas.graph.concepts.naming import CJK, is_name, one_name
from noteatlas.graph.prose.termkind import strip_kind_word

#: A heading that asks what a term is, answered by its section (interview sheets):
#: ``什么是低秩因式分解？``, ``Soft Attention 是什么？``, ``Word2vec 中 霍夫曼树 是什么？``,
#: "What is a Transformer?". Not what a term's part or property is (``TF-IDF 的思想是什么``).
_WHAT_IS = (
    re.compile(r"^(?:什么是|何为|何谓|啥是)\s*(?P<t>[^？?，,。]+?)\s*[？?]*$"),
    re.compile(
        r"^(?:[^？?，,。]{1,20}?\s*中的?\s*)?(?P<t>[^？?，,。]+?)\s*(?:是什么|是啥)\s*[？?]*$"
    ),
    re.compile(r"^what\s+(?:is|are)\s+(?:an?\s+|the\s+)?(?P<t>[^?]+?)\s*\?*$", re.IGNORECASE),
)


_ASKED_CJK_MAX = 8
#: What a "…是什么？" heading may ask that is no term: "下一步是什么？", "原因是什么？".
_ASKED_NOT = re.compile(
    r"下一步|原因|关键|核心|定义|好处|坏处|用途|答案|难点|重点|要求|前提|条件|目标|任务|结论|意图|"
    r"区别|不同|差异|作用|意义|目的|本质|含义|特点|优点|缺点|思路|方法|步骤|流程|"
    r"this|that|it|they|difference|point|idea|goal|reason|answer|problem|purpose|intuition|"
    r"motivation|use|output|input|result"
)
_BRACKET = re.compile(r"[（(]")
#: A tag or a number before the question: "【对比】多义词问题是什么", "1【BERT】Bert 是什么".
_ASKED_LEAD = re.compile(r"^[\s\d.]*(?:【[^】]{0,12}】\s*)+")


def asked_term(text: str) -> tuple[str, str] | None:
    """The name a "what is X?" heading asks about, with its alias, or None."""
    text = _ASKED_LEAD.sub("", text)
    text = re.sub(r"\s+(?=[（(])", "", text)  # "seq2seq （Encoder-Decoder）"
    for pattern in _WHAT_IS:
        if (m := pattern.match(text)) is not None:
            term = m.group("t").strip()
            if "的" in term or _ASKED_NOT.fullmatch(term.casefold()):
                return None
            named = one_name(term)
            before = _BRACKET.split(term)[0].strip()
            if named is not None and named[1] and named[0] != before:  # "层次化Softmax回归(
                return named[1], before if is_name(before) else ""  # Hierarchical Softmax)"
            if named is not None and not _BRACKET.search(named[0]):
                return named
            term = before  # "seq2seq（Encoder-Decoder）": what it is
            # the question says it is a thing: "量化", "低秩因式分解" (read as verbs elsewhere)
            bare = strip_kind_word(term)
            if is_name(bare) and (not CJK.search(bare) or len(bare) <= _ASKED_CJK_MAX):
                return bare, ""
            return None
    return None


__all__ = ["asked_term"]
