"""What a concept's name looks like: ``looks_like_term``.

A name, not a sentence, code, a person, a number or a unit. Term candidates, definitions, alias
pairs and arrow chains use it: ``p->next``, ``+15 -> 0 1111`` and ``512→8头`` are not lineages.
"""

from __future__ import annotations

import functools
import re

#: A CJK unified ideograph (the common and extension A blocks).
CJK = re.compile(r"[\u3400-\u9fff]")
#: A Latin letter.
LATIN_WORD = re.compile(r"[A-Za-z]")
# Code, operators, paths and numbers that are never a concept's name.
_CODE = re.compile(
    r"->|=>|→|⟶|⇒|::|==|!=|\+=|[{}\[\];=<>$\\]|\w\(|\)\.|^[+\-*/]|[\w\]]\.\w+\(|^\W*\d[\d\s.,:%+\-]*\W*$|"
    r"\bself\.|\b(?:def|return|import|None|True|False|null)\b|[a-z]+_[a-z_]+|/"
)
_UNIT = re.compile(
    r"^\s*[\d.,]+\s*(?:[kKMBGT%]|亿|万|千|百|个|头|层|维|步|倍|次|年|月|天|秒|分钟|小时|词|字|"
    r"[a-zA-Z]{1,3}|ms|GB|MB)?\s*$|^\s*\d+\s*[x×]\s*\d+"
)
#: A person, not a concept: ``等人``, ``et al.``, ``老师``, ``Dr.``.
PERSON = re.compile(
    r"(?:等人|等$|et\s+al\.?|老师|教授|博士|先生|同学|团队)|^(?:Mr|Mrs|Dr|Prof)\.?\s", re.IGNORECASE
)
_SENTENCE_PUNCT = re.compile(r"[。！？!?；;，,：:]|\.\s")
_FUNCTION_ZH = re.compile(
    r"^(?:的|了|是|在|和|与|把|被|将|对|从|由|为|这|那|它|其|我|你|他|她|我们|一种|一个|这个|那个|"
    r"如果|因为|所以|但是|而且|然后|就|也|都|还|又|很|更(?![新换改替正])|最(?![大小优近长短])|不)|(?:的|了|是|和|与|在|吗|呢|吧)$"
)
#: English words that never start or end a name (function words, page words).
STOP_EN = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "to",
        "in",
        "on",
        "for",
        "with",
        "and",
        "or",
        "by",
        "from",
        "as",
        "at",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "we",
        "our",
        "you",
        "your",
        "they",
        "their",
        "he",
        "she",
        "i",
        "my",
        "me",
        "not",
        "no",
        "yes",
        "but",
        "if",
        "then",
        "than",
        "so",
        "such",
        "into",
        "over",
        "under",
        "via",
        "per",
        "each",
        "all",
        "any",
        "some",
        "more",
        "most",
        "very",
        "also",
        "only",
        "just",
        "can",
        "could",
        "may",
        "might",
        "will",
        "would",
        "should",
        "must",
        "do",
        "does",
        "did",
        "done",
        "have",
        "has",
        "had",
        "using",
        "used",
        "use",
        "uses",
        "see",
        "fig",
        "figure",
        "table",
        "note",
        "notes",
        "example",
        "examples",
        "e.g",
        "i.e",
        "etc",
        "vs",
        "paper",
        "papers",
        "link",
        "code",
        "page",
        "chapter",
        "section",
        "input",
        "output",
        "here",
        "there",
        "what",
        "why",
        "how",
        "which",
        "when",
        "where",
        "who",
    ]
)
#: Longest name: Chinese characters, English words.
MAX_ZH_CHARS = 12
MAX_EN_WORDS = 6


@functools.lru_cache(maxsize=1 << 16)
def looks_like_term(text: str) -> bool:
    """Whether ``text`` reads as the name of a concept: short, no sentence, code, person, number.

    ``BiRNN``, ``GPT-2``, ``静态词向量``, ``one-hot encoding`` -> True; ``p->next``,
    ``+15 -> 0 1111``, ``512``, ``8头``, ``Mikolov 等人``, ``x = f(y)``, a sentence -> False.
    """
    t = " ".join(text.split()).strip("*_`\"'“”‘’「」《》 ")
    if len(t) < 2 or _CODE.search(t) or _UNIT.match(t) or PERSON.search(t):
        return False
    if _SENTENCE_PUNCT.search(t):
        return False
    cjk = len(CJK.findall(t))
    if cjk:
        if cjk > MAX_ZH_CHARS or _FUNCTION_ZH.search(t):
            return False
        return not (cjk == len(t) and cjk < 2)
    if not LATIN_WORD.search(t):
        return False
    words = t.split()
    if len(words) > MAX_EN_WORDS or words[0].casefold() in STOP_EN:
        return False
    if words[-1].casefold() in STOP_EN:
        return False
    return not (len(words) == 1 and t.casefold() in STOP_EN)


__all__ = [
    "CJK",
    "LATIN_WORD",
    "MAX_EN_WORDS",
    "MAX_ZH_CHARS",
    "PERSON",
    "STOP_EN",
    "looks_like_term",
]
