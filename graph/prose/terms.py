"""Term candidates of a note without a vocabulary, their kind, and what a concept name looks like.

- ``looks_like_term``: a name, not a sentence, code, a person, a number or a unit. Arrow chains
  use it too: ``p->next``, ``+15 -> 0 1111`` and ``512→8头`` are not lineages.
- ``term_kind``: a kind from the words a term ends with or sits next to (``梯度消失问题`` is a
  problem, ``词袋模型`` a model, ``门控机制`` a technique).
- ``term_candidates``: English technical tokens inside Chinese text (``BiRNN``, ``word2vec``,
  ``GPT-2``, ``TF-IDF``), technical tokens in English text, and Chinese multi-word terms
  (``静态词向量``, ``一词多义``) from rjieba's segmentation and part-of-speech tags: runs of nouns
  that a note repeats or writes in a strong place (bold, a heading, before ``（English）``, in
  ``存在…问题``/``解决…``).

rjieba (the Rust jieba, its dictionary inside the wheel) imports in about 0.25 s, adds about
25 MB and tags about 3 million characters a second; Python jieba needs 1.5 to 2 s to load its
dictionary in each process and is 20 to 40 times slower, for the same segmentation.
"""

# size: over 400 lines while issue 11 wires it in; split along its three readers after that.

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from operator import itemgetter

import rjieba

from noteatlas.schema import ConceptKind

_CJK = re.compile(r"[\u3400-\u9fff]")
_LATIN_WORD = re.compile(r"[A-Za-z]")
# Code, operators, paths and numbers that are never a concept's name.
_CODE = re.compile(
    r"->|=>|→|⟶|⇒|::|==|!=|\+=|[{}\[\];=<>$\\]|\w\(|\)\.|^[+\-*/]|[\w\]]\.\w+\(|^\W*\d[\d\s.,:%+\-]*\W*$|"
    r"\bself\.|\b(?:def|return|import|None|True|False|null)\b|[a-z]+_[a-z_]+|/"
)
_UNIT = re.compile(
    r"^\s*[\d.,]+\s*(?:[kKMBGT%]|亿|万|千|百|个|头|层|维|步|倍|次|年|月|天|秒|分钟|小时|词|字|"
    r"[a-zA-Z]{1,3}|ms|GB|MB)?\s*$|^\s*\d+\s*[x×]\s*\d+"
)
_PERSON = re.compile(
    r"(?:等人|等$|et\s+al\.?|老师|教授|博士|先生|同学|团队)|^(?:Mr|Mrs|Dr|Prof)\.?\s", re.IGNORECASE
)
_SENTENCE_PUNCT = re.compile(r"[。！？!?；;，,：:]|\.\s")
_FUNCTION_ZH = re.compile(
    r"^(?:的|了|是|在|和|与|把|被|将|对|从|由|为|这|那|它|其|我|你|他|她|我们|一种|一个|这个|那个|"
    r"如果|因为|所以|但是|而且|然后|就|也|都|还|又|很|更|最|不)|(?:的|了|是|和|与|在|吗|呢|吧)$"
)
_STOP_EN = frozenset(
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
MAX_ZH_CHARS = 12
MAX_EN_WORDS = 6

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
_GENERIC = frozenset(
    [
        "模型",
        "方法",
        "问题",
        "向量",
        "文本",
        "句子",
        "词",
        "单词",
        "数据",
        "信息",
        "结构",
        "时间",
        "步",
        "序列",
        "输入",
        "输出",
        "参数",
        "训练",
        "结果",
        "效果",
        "任务",
        "能力",
        "过程",
        "部分",
        "方面",
        "时候",
        "情况",
        "东西",
        "问题",
        "内容",
        "方式",
        "思想",
        "原理",
        "概念",
        "特点",
        "优点",
        "缺点",
        "作用",
        "目标",
        "表示",
        "上下文",
        "维度",
        "大小",
        "长度",
        "位置",
        "关系",
        "语义",
        "含义",
        "时代",
        "论文",
        "作者",
        "图",
        "表",
        "例子",
        "笔记",
        "代码",
        "链接",
        "版本",
        "计算",
        "层",
        "矩阵",
        "函数",
        "网络",
        "算法",
        "机制",
        "技术",
        "系统",
        "框架",
        "文章",
        "博客",
        "官网",
        "读者",
        "本文",
        "变体",
        "变种",
        "改进",
        "基础",
        "核心",
        "关键",
        "优势",
        "劣势",
        "区别",
        "对比",
        "我们",
        "大家",
        "一种",
        "两种",
        "左右",
        "前后",
        "之间",
        "之后",
        "之前",
        "以后",
        "以前",
        "同时",
        "其中",
        "最后",
        "首先",
        "然后",
    ]
)
# Part-of-speech tags that may sit inside a Chinese term: nouns, verbal nouns, abbreviations,
# idioms, adjectives and distinguishing words as modifiers.
# ("ns", place names, because rjieba's dictionary tags 维度 as one)
_TERM_TAGS = frozenset({"n", "nz", "vn", "j", "l", "nt", "ng", "an", "b", "a", "i", "ns"})
_HEAD_TAGS = frozenset({"n", "nz", "vn", "j", "l", "nt", "ng", "an", "i"})
# The first letter before the look-behind that checks what precedes it: the search then skips
# to letters instead of trying the look-behind at every character.
_LATIN_TOKEN = re.compile(r"[A-Za-z](?<![\w-][A-Za-z])[A-Za-z0-9]*(?:[-.+][A-Za-z0-9]+)*(?![\w-])")
# Inside Chinese text a Latin phrase is one term: "static embedding", "one-hot encoding".
_LATIN_PHRASE = re.compile(
    r"[A-Za-z](?<![\w-][A-Za-z])[A-Za-z0-9]*(?:[-.+][A-Za-z0-9]+)*(?: [A-Za-z][A-Za-z0-9]*(?:[-.+][A-Za-z0-9]+)*){0,3}(?![\w-])"
)
_TECH_SHAPE = re.compile(r"[A-Z].*[A-Z]|[a-z][A-Z]|\d|-[A-Za-z]|^[A-Z]{2,}")


@functools.lru_cache(maxsize=1 << 16)
def looks_like_term(text: str) -> bool:
    """Whether ``text`` reads as the name of a concept: short, no sentence, code, person, number.

    ``BiRNN``, ``GPT-2``, ``静态词向量``, ``one-hot encoding`` -> True; ``p->next``,
    ``+15 -> 0 1111``, ``512``, ``8头``, ``Mikolov 等人``, ``x = f(y)``, a sentence -> False.
    """
    t = " ".join(text.split()).strip("*_`\"'“”‘’「」《》 ")
    if len(t) < 2 or _CODE.search(t) or _UNIT.match(t) or _PERSON.search(t):
        return False
    if _SENTENCE_PUNCT.search(t):
        return False
    cjk = len(_CJK.findall(t))
    if cjk:
        if cjk > MAX_ZH_CHARS or _FUNCTION_ZH.search(t):
            return False
        return not (cjk == len(t) and cjk < 2)
    if not _LATIN_WORD.search(t):
        return False
    words = t.split()
    if len(words) > MAX_EN_WORDS or words[0].casefold() in _STOP_EN:
        return False
    if words[-1].casefold() in _STOP_EN:
        return False
    return not (len(words) == 1 and t.casefold() in _STOP_EN)


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


@dataclass(frozen=True)
class TermCandidate:
    """A term a note seems to talk about."""

    term: str
    """The name as written (most frequent spelling)."""
    kind: ConceptKind
    """From ``term_kind``; ``concept`` when nothing says."""
    count: int
    """Times the note writes it."""
    lines: tuple[int, ...]
    """Lines it is written on, ascending, at most ten."""
    strong: bool
    """Written in a strong place: bold, a heading, an alias pair or a problem/solution slot."""


# A Chinese term that ends with one of these names a concept by itself (``门控机制``).
_NAMING_SUFFIXES = ("机制", "模型", "算法", "网络", "方法", "编码", "向量", "架构", "注意力")
_BOLD = re.compile(r"\*\*([^*\n]{2,40})\*\*|__([^_\n]{2,40})__")
_QUOTED = re.compile(r"[“「《]([^”」》\n]{2,20})[”」》]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_STRESS = re.compile(r"机制|模型|算法|网络|方法|编码|向量|架构|注意力|问题|现象|[（(]")
_SLOT_AFTER = ("问题", "现象", "的问题", "机制", "模型", "算法")
_PAREN_AFTER = re.compile(r"\s*[（(]\s*[A-Za-z]")


# One-character prefixes that the segmenter tags apart but that belong to the term after them.
_BOUND_PREFIXES = frozenset([*"自多双单非反超子跨元半伪逆", "多头", "双向", "单向"])


def chinese_terms(text: str) -> list[tuple[int, int, str]]:
    """(start, end, term) of the noun runs of a Chinese text (``静态词向量``, ``梯度消失``).

    A run is consecutive tokens with noun-like tags, ending with a noun; kind words at the end
    (``问题``, ``模型``) are left out, and so are runs that are one generic word.
    """
    out: list[tuple[int, int, str]] = []
    pos = 0
    run: list[tuple[int, str, str]] = []

    def close() -> None:
        while run and run[-1][2] not in _HEAD_TAGS:
            run.pop()
        while run and run[0][1] in _GENERIC and len(run) > 1:
            run.pop(0)
        if run:
            start = run[0][0]
            end = run[-1][0] + len(run[-1][1])
            term = strip_kind_word(text[start:end])
            if len(term) >= 2 and term not in _GENERIC and looks_like_term(term):
                out.append((start, start + len(term), term))
        run.clear()

    if _CJK.search(text) is None:
        return out
    prefix: tuple[int, str, str] | None = None
    # rjieba takes UTF-8: a lone surrogate (a damaged file) becomes U+FFFD, one for one
    for word, tag in rjieba.tag(_SURROGATE.sub("\ufffd", text)):
        start = pos
        pos += len(word)
        if tag in _TERM_TAGS and "\u3400" <= word[0] <= "\u9fff":
            if prefix is not None and not run and prefix[0] + len(prefix[1]) == start:
                run.append(prefix)  # "自注意力机制": the segmenter cuts off 自
            run.append((start, word, tag))
            prefix = None
        else:
            if run:
                close()
            prefix = (start, word, "n") if word in _BOUND_PREFIXES else None
    if run:
        close()
    return out


_CJK_RUN = re.compile(r"[\u3400-\u9fff]+")
_LATIN_RUN = re.compile(r"[A-Za-z]+")
_PERSON_AFTER = re.compile(r"\s*(?:等人|et al)")
_SECOND = itemgetter(1)


def _letters(text: str) -> int:
    """Latin letters in ``text`` (counted by runs: no string for every character)."""
    return sum(map(len, _LATIN_RUN.findall(text)))


def _cjk_chars(text: str) -> int:
    return sum(map(len, _CJK_RUN.findall(text)))


def _mostly_chinese(text: str) -> bool:
    """More than half CJK characters among CJK characters and Latin letters."""
    return _cjk_chars(text) * 2 > _letters(text)


def _most_written(spellings: dict[str, int]) -> str:
    """The spelling written most often, the first written on a tie (``Counter.most_common``)."""
    return max(spellings.items(), key=_SECOND)[0]


def latin_terms(text: str, zh: bool | None = None) -> list[tuple[int, int, str]]:
    """(start, end, term) of Latin tokens that look technical (``BiRNN``, ``GPT-2``, ``TF-IDF``).

    Inside Chinese text every Latin word that is not a stop word counts; in English text only
    tokens with a technical shape (inner capitals, digits, a hyphen, all capitals). ``zh``
    says whether the text is Chinese, when the caller knows.
    """
    if zh is None:
        zh = _mostly_chinese(text)
    out: list[tuple[int, int, str]] = []
    tokens = _LATIN_PHRASE.finditer(text) if zh else _LATIN_TOKEN.finditer(text)
    for m in tokens:
        token = m.group().rstrip(".")
        if token.casefold() in _STOP_EN or len(token) < 2:
            continue
        after = text[m.end() : m.end() + 6]
        if _PERSON.match(after.strip()) or _PERSON_AFTER.match(after):
            continue
        if not (zh or _TECH_SHAPE.search(token)):
            continue
        if not looks_like_term(token):
            continue
        out.append((m.start(), m.start() + len(token), token))
    return out


class _Tally:
    """Per term key (case folded): how often and on which lines a note writes it, how it is
    spelled, the words after its first writing, and whether a strong place writes it. Plain
    dicts, not Counters: a Counter's missing key and most_common(1) are Python calls."""

    def __init__(self) -> None:
        self.count: dict[str, int] = {}
        self.spelled: dict[str, dict[str, int]] = {}
        self.lines: dict[str, set[int]] = {}
        self.after: dict[str, str] = {}
        self.strong: set[str] = set()

    def seen(self, term: str, line: int, follow: str = "", is_strong: bool = False) -> None:
        key = term.casefold()
        self.count[key] = self.count.get(key, 0) + 1
        spellings = self.spelled.get(key)
        if spellings is None:
            spellings = self.spelled[key] = {}
            self.lines[key] = set()
        spellings[term] = spellings.get(term, 0) + 1
        self.lines[key].add(line)
        if follow and key not in self.after:
            self.after[key] = follow
        if is_strong:
            self.strong.add(key)

    def candidates(self, min_count: int) -> list[TermCandidate]:
        out: list[TermCandidate] = []
        for key, n in self.count.items():
            is_strong = key in self.strong
            if n < min_count and not is_strong:
                continue
            term = _most_written(self.spelled[key])
            kind = term_kind(term, self.after.get(key, "")) or ConceptKind.CONCEPT
            lines = tuple(sorted(self.lines[key])[:10])
            out.append(TermCandidate(term, kind, n, lines, is_strong))
        return out


def term_candidates(
    texts: Iterable[tuple[int, str]],
    headings: Sequence[str] = (),
    *,
    min_count: int = 2,
    stressed_only: bool = False,
) -> list[TermCandidate]:
    """The terms a note talks about, from its (line, text) pairs and its heading texts.

    A term is kept when the note writes it ``min_count`` times, or once in a strong place.
    Sorted by count (descending), then term. ``stressed_only``: Chinese terms only where a
    text stresses one (a naming word, ``问题``, parentheses), counted over every text by
    substring; segmenting only those texts halves the reader's cost on a big corpus.
    """
    texts = list(texts)
    tally = _Tally()
    seen, strong, count = tally.seen, tally.strong, tally.count
    plain: list[tuple[int, str]] = []  # texts not segmented (``stressed_only``)
    for line, text in texts:
        tagged = not stressed_only or _STRESS.search(text) is not None
        if not tagged:
            plain.append((line, text))
        for start, end, term in chinese_terms(text) if tagged else ():
            follow = text[start + len(term) : end + 4]
            # a naming word after it ("梯度消失问题", "存在一词多义的问题"), or its English name
            # in parentheses ("独热编码（one-hot）"): found on the runs already segmented, since
            # segmenting each such phrase again cost more than the rest of the reader
            stressed = (
                term.endswith(_NAMING_SUFFIXES)
                or follow.startswith(_SLOT_AFTER)
                or _PAREN_AFTER.match(text, start + len(term)) is not None
            )
            seen(term, line, follow, stressed)
        letters = _letters(text)
        if letters:  # no Latin letter, no Latin term
            zh = _cjk_chars(text) * 2 > letters
            for _, end, term in latin_terms(text, zh):
                seen(term, line, text[end : end + 4], zh and bool(_TECH_SHAPE.search(term)))
        if "**" in text or "__" in text:
            for m in _BOLD.finditer(text):
                inner = (m.group(1) or m.group(2)).strip()
                if looks_like_term(inner):
                    strong.add(strip_kind_word(inner).casefold())
        if "“" in text or "「" in text or "《" in text:
            for m in _QUOTED.finditer(text):
                if looks_like_term(m.group(1)) and _CJK.search(m.group(1)) is None:
                    strong.add(m.group(1).casefold())
    for heading in headings:
        for _, _, term in chinese_terms(heading) + latin_terms(heading):
            strong.add(term.casefold())
    if stressed_only:  # count the stressed Chinese terms where they were not segmented
        for key in [k for k in strong & count.keys() if _CJK.match(k)]:
            term = _most_written(tally.spelled[key])
            for line, text in plain:
                if n := text.count(term):
                    count[key] += n
                    tally.lines[key].add(line)
    out = tally.candidates(min_count)
    return sorted(out, key=lambda c: (-c.count, c.term))


__all__ = [
    "KIND_WORDS",
    "TermCandidate",
    "chinese_terms",
    "latin_terms",
    "looks_like_term",
    "strip_kind_word",
    "term_candidates",
    "term_kind",
]
