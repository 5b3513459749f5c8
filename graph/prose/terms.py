"""Term candidates of a note without a vocabulary: the terms it talks about, with a kind.

``term_candidates``: English technical tokens inside Chinese text (``BiRNN``, ``word2vec``,
``GPT-2``, ``TF-IDF``), technical tokens in English text, and Chinese multi-word terms
(``静态词向量``, ``一词多义``) from rjieba's segmentation and part-of-speech tags: runs of nouns
that a note repeats or writes in a strong place (bold, a heading, before ``（English）``, in
``存在…问题``/``解决…``). What a name looks like is ``termshape``; its kind, ``termkind``.

rjieba (the Rust jieba, its dictionary inside the wheel) imports in about 0.2 s, adds about
25 MB and tags about 3 million characters a second; Python jieba needs 1.5 to 2 s to load its
dictionary in each process and is 20 to 40 times slower, for the same segmentation. It is
imported on the first Chinese text (``tagger``), so that a process that never segments (a
question asked of an atlas, a check or a build answered from the caches, English notes) does
not pay for it; the pool imports it before it forks.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import cache
from typing import TYPE_CHECKING

from noteatlas.graph.prose.phrases import english_phrases
from noteatlas.graph.prose.tally import Tally, TermCandidate, most_written
from noteatlas.graph.prose.termkind import strip_kind_word
from noteatlas.graph.prose.termshape import CJK, PERSON, STOP_EN, looks_like_term

if TYPE_CHECKING:
    from types import ModuleType

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
_LATIN_TOKEN = re.compile(
    r"[A-Za-z](?<![A-Za-z0-9_-][A-Za-z])[A-Za-z0-9]*(?:[-.+][A-Za-z0-9]+)*(?![A-Za-z0-9_-])"
)
# Inside Chinese text a Latin phrase is one term: "static embedding", "one-hot encoding".
# (The first letter comes before the look-behind that checks what precedes it: the search then
# skips to letters instead of trying the look-behind at every character.)
_LATIN_PHRASE = re.compile(
    r"[A-Za-z](?<![A-Za-z0-9_-][A-Za-z])[A-Za-z0-9]*(?:[-.+][A-Za-z0-9]+)*(?: [A-Za-z][A-Za-z0-9]*(?:[-.+][A-Za-z0-9]+)*){0,3}(?![A-Za-z0-9_-])"
)
_TECH_SHAPE = re.compile(r"[A-Z].*[A-Z]|[a-z][A-Z]|\d|-[A-Za-z]|^[A-Z]{2,}")


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


#: One-character nouns that end compound names (遗忘门, 哈夫曼树, 编码层): the segmenter tags
#: them, and the word before them, as verbs or person names.
_HEAD_CHARS = frozenset("门层器树池核网集")
_PROBLEM_AFTER = frozenset({"问题", "现象"})
#: Tags of words that never start a name: conjunctions, particles, prepositions, pronouns,
#: numerals, classifiers, punctuation (这棵树, 打开了门).
_FUNCTION_TAGS = frozenset(
    {"c", "u", "uj", "ul", "uz", "ug", "uv", "ud", "p", "r", "m", "q", "x", "y"}
)


#: A line that credits people: ``> 作者：…``, ``Authors: …``, ``译者：…``.
_CREDITS = re.compile(
    r"^[\s>*_#\-]*(?:作者们?|贡献者|整理者?|编者|编辑|译者|翻译|校对|审校|致谢|鸣谢|"
    r"authors?|contributors?|maintainers?|credits?|acknowledg(?:e?ments?)|translators?|"
    r"written\s+by|translated\s+by)[*_\s]*[:：]",
    re.IGNORECASE,
)


def _retagged(tagged: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Tags fixed where the segmenter reads a compound name as a clause: ``遗忘/v 门/n`` and
    ``哈夫曼/nr 树/v`` end in a one-character noun; ``梯度/n 爆炸/v 问题`` names a problem."""
    out = list(tagged)
    for i, (word, tag) in enumerate(out):
        if tag != "v" and word not in _HEAD_CHARS:  # most words: neither rule applies
            continue
        if word in _HEAD_CHARS and i and CJK.match(out[i - 1][0][-1]):
            if out[i - 1][1] not in _FUNCTION_TAGS:
                out[i - 1], out[i] = (out[i - 1][0], "n"), (word, "n")
        elif tag == "v" and i > 0 and out[i - 1][1] in _HEAD_TAGS:
            after = next((w for w, _ in out[i + 1 :] if w.strip()), "")
            if after in _PROBLEM_AFTER:
                out[i] = (word, "n")
    return out


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
        while run and run[0][1] in _GENERIC and len("".join(w for _, w, _ in run[1:])) >= 2:
            run.pop(0)  # "模型结构" -> 结构; "输入门" stays whole
        if run:
            start = run[0][0]
            end = run[-1][0] + len(run[-1][1])
            term = strip_kind_word(text[start:end])
            if len(term) >= 2 and term not in _GENERIC and looks_like_term(term):
                out.append((start, start + len(term), term))
        run.clear()

    if CJK.search(text) is None:
        return out
    prefix: tuple[int, str, str] | None = None
    # rjieba takes UTF-8: a lone surrogate (a damaged file) becomes U+FFFD, one for one
    for word, tag in _retagged(tagger().tag(_SURROGATE.sub("\ufffd", text))):
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


def _letters(text: str) -> int:
    """Latin letters in ``text`` (counted by runs: no string for every character)."""
    return sum(map(len, _LATIN_RUN.findall(text)))


def _cjk_chars(text: str) -> int:
    return sum(map(len, _CJK_RUN.findall(text)))


def _mostly_chinese(text: str) -> bool:
    """More than half CJK characters among CJK characters and Latin letters."""
    return _cjk_chars(text) * 2 > _letters(text)


def _latin_reads(text: str) -> tuple[bool, list[tuple[str, str, bool]]]:
    """Whether ``text`` is Chinese, and its Latin terms (term, the words after it, strong): in
    Chinese text every Latin word (strong when shaped like a name); in English text the
    name-shaped tokens and the noun phrases of a head (``random forest``)."""
    letters = _letters(text)
    zh = _cjk_chars(text) * 2 > letters
    if not letters:  # no Latin letter, no Latin term
        return zh, []
    out = [
        (term, text[end : end + 4], zh and bool(_TECH_SHAPE.search(term)))
        for _, end, term in latin_terms(text, zh)
    ]
    if not zh:
        out += [(term, text[end : end + 4], False) for _, end, term in english_phrases(text)]
    return zh, out


#: A name that ends in capitals, in the plural: ``GRUs``, ``BiLSTMs``, ``CNNs``, ``GPT3s`` (not
#: ``BooksCorpus`` or ``Super-NaturalInstructions``, names that end in a word).
_PLURAL_NAME = re.compile(r"(?=[^A-Z]*[A-Z][^A-Z]*[A-Z])[A-Za-z0-9\-]*[A-Z][0-9]*s")


def _singular(term: str) -> str:
    """``GRUs`` -> ``GRU``: notes write the plural of a name, the concept is the name."""
    return term[:-1] if _PLURAL_NAME.fullmatch(term) else term


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
        if not (zh or _TECH_SHAPE.search(token)):
            continue  # first: in English text most words fail this, and it is the cheapest
        if token.casefold() in STOP_EN or len(token) < 2:
            continue
        if m.start() >= 2 and text[m.start() - 1] == "(" and text[m.start() - 2].isalpha():
            continue  # an argument: O(NL), f(x)
        if m.start() and text[m.start() - 1] in "#@":
            continue  # a tag (``#toExpand``) or a user (``@JimmyDU``)
        after = text[m.end() : m.end() + 6]
        if PERSON.match(after.strip()) or _PERSON_AFTER.match(after):
            continue
        if not looks_like_term(token):
            continue
        out.append((m.start(), m.start() + len(token), token))
    return out


def _marked(text: str) -> list[tuple[str, bool]]:
    """Terms ``text`` stresses: (term, bold) for bold ones, (term, False) for quoted Latin."""
    out: list[tuple[str, bool]] = []
    if "**" in text or "__" in text:
        for m in _BOLD.finditer(text):
            inner = (m.group(1) or m.group(2)).strip()
            if looks_like_term(inner):
                out.append((inner, True))
    if "“" in text or "「" in text or "《" in text:
        for m in _QUOTED.finditer(text):
            if looks_like_term(m.group(1)) and CJK.search(m.group(1)) is None:
                out.append((m.group(1), False))
    return out


def term_candidates(
    texts: Iterable[tuple[int, str]],
    headings: Sequence[str] = (),
    *,
    min_count: int = 2,
    stressed_only: bool = False,
) -> list[TermCandidate]:
    """The terms a note talks about, from its (line, text) pairs and its heading texts.

    A term is kept when the note writes it ``min_count`` times, once in a strong place, or once
    in English text. Sorted by count (descending), then term. ``stressed_only``: Chinese terms
    only where a text stresses one (a naming word, ``问题``, parentheses), counted over every
    text by substring; segmenting only those halves the reader's cost on a big corpus."""
    tally = Tally()
    seen, strong = tally.seen, tally.strong
    phrased: set[str] = set()  # English phrases: once per note adds up over the corpus
    plain: list[tuple[int, str]] = []  # texts not segmented (``stressed_only``)
    for line, text in texts:
        if _CREDITS.match(text):
            continue  # "> 作者：杨夕、…、LeoLRH、JimmyDU": people
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
        zh, latin = _latin_reads(text)
        for written, follow, is_strong in latin:
            term = _singular(written)
            seen(term, line, follow, is_strong)
            if not zh:  # English text: shaped tokens and phrases, once per note adds up
                phrased.add(term.casefold())
        for inner, bold in _marked(text):
            strong.add(strip_kind_word(inner).casefold() if bold else inner.casefold())
            if bold and not zh and not CJK.search(inner) and inner.casefold() not in tally.count:
                seen(inner, line)  # "**Stacking**": no shape, but stressed
    for heading in headings:
        for _, _, term in chinese_terms(heading) + latin_terms(heading):
            strong.add(term.casefold())
    if stressed_only:  # count the stressed Chinese terms where they were not segmented
        for key in [k for k in strong & tally.count.keys() if CJK.match(k)]:
            term = most_written(tally.spelled[key])
            for line, text in plain:
                if n := text.count(term):
                    tally.count[key] += n
                    tally.lines[key].add(line)
    return tally.candidates(min_count, phrased)


@cache
def tagger() -> ModuleType:
    """rjieba, imported on first use (its dictionary loads with it)."""
    import rjieba

    return rjieba


__all__ = ["TermCandidate", "chinese_terms", "latin_terms", "tagger", "term_candidates"]
