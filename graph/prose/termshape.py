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
#: A numbered generic word (``Task 1``, ``step 2``, ``Week 6``, ``步骤1``): an item of a list.
_ENUMERATED = re.compile(
    r"^(?:tasks?|steps?|stages?|phases?|parts?|cases?|examples?|questions?|figs?|figures?|tables?|"
    r"chapters?|sections?|types?|levels?|rounds?|problems?|exercises?|lectures?|weeks?|days?|"
    r"lessons?|solutions?|options?|ideas?|methods?|approaches|approach|experiments?|notes?|"
    r"points?|rules?|items?|scenarios?|strateg(?:y|ies)|tricks?|tips?|models?|versions?|"
    r"步骤|任务|阶段|问题|方法|例子|示例|情况|方案|实验|图|表)\s*\d+[a-z]?$",
    re.IGNORECASE,
)
#: Placeholders and math variables: ``XX``, ``xxx``, ``yi-1``, ``ht+1``.
_PLACEHOLDER = re.compile(r"^([A-Za-z])\1+$|^[a-z]{1,2}[-+]\d$")
#: An identifier in lowerCamelCase whose head is a function word or a verb (``toExpand``,
#: ``withOptimal``, ``getItem``): code or a tag; ``fastText`` and ``mBERT`` are names.
_CAMEL_CODE = re.compile(
    r"^(?:to|with|for|and|or|of|in|on|by|is|has|get|set|add|make|do|init|load|save|read|write|"
    r"update|create|compute|calc|print|handle|on|from|as|at|the|my|new|use)[A-Z][A-Za-z]*$"
)
#: Chinese that starts with a quantity or a determiner (``一些研究``, ``一局游戏``, ``这些模型``)
#: or ends with a verb of naming cut off (``…称``): a phrase, not a name.
_PHRASE_ZH = re.compile(
    r"^(?:一[些个种类局次位名条点下]|某些|某个|这些|那些|各种|各个|每个|每一)|(?:称|叫)$"
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
    if _SENTENCE_PUNCT.search(t) or _ENUMERATED.match(t) or _PLACEHOLDER.match(t):
        return False
    if _CAMEL_CODE.match(t) or _PHRASE_ZH.search(t):
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
