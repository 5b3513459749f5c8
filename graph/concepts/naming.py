"""What reads as one concept's name: a term, not a clause, a page label, code or two names.

``is_name`` is the test every discovered name passes; ``one_name`` reads a title, heading or
table cell that is one name (and the other name written with it: ``Continuous Bag of Words
(CBOW)``, ``静态词向量 Static Embedding``, ``GRU 门控循环单元``); ``good_pair`` keeps the alias
pairs that rename rather than explain (``BPTT（传播）`` explains).
"""

from __future__ import annotations

import functools
import re

from noteatlas.graph.concepts.names import clean_term
from noteatlas.graph.prose.aliases import alias_pairs, spells
from noteatlas.graph.prose.termkind import term_kind
from noteatlas.graph.prose.terms import chinese_terms
from noteatlas.graph.prose.termshape import looks_like_term
from noteatlas.schema import ConceptKind

CJK = re.compile(r"[\u3400-\u9fff]")
# Titles and headings that name a kind of page or section, not a concept.
_PAGE_WORDS = re.compile(
    r"笔记|论文|阅读|精读|解读|主页|官网|课程|面试|总结|解析|简介|介绍|入门|目录|索引|汇总|合集|教程|学习|整理|随笔|题|小结|心得|"
    r"说明|背景|参考|概览|年份|引言|前言|结论|实验|代码|实现|原理|思路|应用|例子|示例|优点|缺点|局限|"
    r"前置知识|预备知识|附录|记录|日记|草稿|随记|备忘|链接|资源|资料|问答|思考|联系|邮箱|作者|微信|公众号|脉络|小节|章节|"
    r"^(?:week|lecture|chapter|lesson|day|part|module|unit|session|lab|assignment|homework|"
    r"exercise|ch|lec)\s*\d+\b|^第\s*[\d一二三四五六七八九十]+\s*[周章讲节课篇天]|"
    r"^(?:readme|index|notes?|summary|abstract|todo|draft|untitled|introduction|background|conclusions?|"
    r"overview|motivation|methods?|results?|experiments?|related work|appendix|references?|"
    r"faq|q&a|prerequisites?|requirements?|usage|install(?:ation)?|setup|examples?|links?|resources?|limitations?|"
    r"pros|cons|advantages?|disadvantages?|contents|changelog|license|contact|e-?mail|issues?|"
    r"github|gitee|google|arxiv|zhihu|csdn|twitter|youtube|bilibili|wechat|pdf|url|html|api|"
    r"acl|emnlp|naacl|neurips|nips|icml|iclr|cvpr|aaai|ijcai|coling|jmlr|ieee|acm|tacl|"
    r"openai|deepmind|meta|"
    r"microsoft|ibm|nvidia|hugging ?face|pytorch|tensorflow|keras|jax|numpy|python|cpu|gpu|tpu|"
    r"nan|utf-8|ascii|top-\d+)$",
    re.IGNORECASE,
)
# Headings of sections that discuss something, not a concept's name (whole names only).
_SECTION_WORDS = re.compile(
    r"意义|影响|作用|动机|要点|对比|比较|区别|联系|历史|发展|演进|变体|改进|训练|推理|结构|"
    r"细节|直觉|公式|推导|局限性|问题|解决|思想|核心思想|基本思想|主要思想|特点|优势|不足|"
    r"惯例|意思|含义|例子|名字|步骤|流程|过程|效果|结果|表现|评价|评估|数据|输入|输出|"
    r"项目|实战|实践|(?:模型|网络|整体|总体)?(?:架构|结构)"
)
# English headings of sections that discuss something (whole heading): "Causes", "Key Features
# of XGBoost", "Steps of PCA", "Types of Attention", "Problems with Sparse Representations".
_SECTION_EN = re.compile(
    r"(?:(?:key|main|general|common|basic|optional|other|some|more|further|experimental|"
    r"non-paper|paper|additional|implementation)\s+)?"
    r"(?:causes?|challenges?|drawbacks?|evolution|remed(?:y|ies)|training|architecture|formulas?|"
    r"formulation|intuition|outline|parameters?|hyper-?parameters?|flexibility|features?|"
    r"characteristics|practices|steps?|types?|kinds?|variants?|problems?|issues?|benefits?|"
    r"properties|ideas?|points?|concepts?|definitions?|notation|terminology|implementation|"
    r"evaluation|computing cost|cost|complexity|comparison|applications?|use cases?|"
    r"how it works|strengths?|weaknesses?|tips?|tricks?|notes?|takeaways?|insights?|"
    r"observations?|assumptions?|goals?|objectives?|procedure|process|workflow|pipeline|"
    r"algorithm|model|method|approach|solution|idea|example|illustration|analysis|details?|"
    r"advantages?|disadvantages?|pros|cons|limitations?|summary|overview|figures?|tables?|"
    r"calculations?|computations?|data|depth|dependencies|tags|math|maths|theory|"
    r"practicalities|basics|recap|review|questions?|answers?|"
    r"plots?|context|postprocessing|preprocessing|earlier|later|til|tl;?dr|sota)"
    r"(?:\s+(?:of|for|with|in|to|on)\s+.+)?"
    r"|(?:choosing|selecting|computing|using|training|building|applying|understanding|"
    r"addressing|avoiding|handling|interpreting|implementing)\s+.+"
    # a step written as an order: "Compute the Covariance Matrix", "Select the Components"
    r"|(?:compute|calculate|select|choose|pick|transform|apply|use|build|train|find|initiali[sz]e|"
    r"update|repeat|assign|standardi[sz]e|normali[sz]e|sort|split|define|load|run|fit|get|make|"
    r"set|add|remove|check)\s+(?:the|a|an|each|all|every|your)\s+.+"
    # a variable or a footnote mark, not a name: k1, x2 (T5 and H3 are models: lower case only)
    r"|(?-i:[a-z]\d{1,2})"
    r"|(?:how|why|what|when|where|which)\b.*"
    # "Problem definition", "Traditional methods", "Popular activation functions"
    r"|(?:problem|task)\s+(?:definition|statement|formulation|setup|setting)"
    r"|(?:traditional|classical|classic|modern|basic|simple|alternative|other|common|popular|"
    r"different|general|main|key|old|new)(?:\s+\w+)?\s+(?:methods?|approach(?:es)?|names?|"
    r"ways?|techniques?|models?|ideas?|solutions?|options?|variants?|architectures?|"
    r"functions?|problems?|issues?|tricks?|tools?|steps?)",
    re.IGNORECASE,
)
# Two names or a phrase, not one name: "RNN与LSTM", "从稀疏到稠密", "A vs B".
_JOINED = re.compile(r"[与和及或、&/|]|\bvs\.?\b|\band\b|从.*到|\s[-–—]\s|[：:]", re.IGNORECASE)
# Chinese words that make a phrase a clause, not a name.
_CLAUSE_ZH = re.compile(
    r"[的了是在把被将我你他她它这那们吗呢吧么有但仍而就都也还很更最让使没]|一个|一种|所谓|同一|"
    r"之后|之前|无法|可以|不能|不会|能够|本质|其实|通常|一般|整个"
)
# Words that only say what kind of thing a name is: alone they name nothing.
_LATIN_THENCJK = re.compile(r"^([A-Za-z][\w.+-]*)\s+([\u3400-\u9fff]+)$")
_ACRONYM_WORD = re.compile(r"^[A-Z][A-Za-z0-9]*[A-Z][A-Za-z0-9]*$")
# A Latin name and a Chinese word for its kind: "seq2seq模型", "BERT 模型", "Adam 算法".
_LATIN_KIND = re.compile(
    r"^([A-Za-z][A-Za-z0-9.+-]*(?:\s[A-Za-z][A-Za-z0-9.+-]*){0,3})\s*(模型|算法|网络|方法|机制|架构|框架|问题)$"
)
_GENERIC_HEADS = ("语言模型", "模型", "网络", "算法", "方法", "注意力", "机制")
_FILE = re.compile(
    r"\.(?:ya?ml|md|py|json|txt|csv|html?|js|ipynb|pdf)$|^[a-z]-\d|^[a-z]+\d[a-z0-9]*-\d+\.\d",
    re.I,
)  # a file, "i-1", a book's section "d2l-8.4" (not "GPT-3.5")
_FORMULA = re.compile(r"[A-Za-z0-9]\+[A-Za-z]|\^|_\{")
_KIND_ALONE = frozenset(
    [
        "编码",
        "向量",
        "机制",
        "模型",
        "算法",
        "网络",
        "方法",
        "架构",
        "结构",
        "问题",
        "现象",
        "双向",
        "单向",
    ]
)
#: Chinese words for a class of things: an acronym in parentheses after one is an example.
_CLASS_WORDS = frozenset(
    str.split(
        "编码器 解码器 模型 网络 算法 方法 结构 架构 框架 分类器 优化器 生成器 判别器 检索器 "
        "激活函数 损失函数 数据集"
    )
)
NUMBERING = re.compile(
    r"^\s*(?:\d{1,3}(?:\.\d+)*[.、)）]?(?=\s)|\d{1,3}(?:\.\d+)*[.、)）]|[一二三四五六七八九十]+[、.]|"
    r"[（(](?:\d{1,2}|[一二三四五六七八九十]{1,2})[)）]|"
    r"[IVX]+\.)\s*"
)
TECH = re.compile(r"[A-Z].*[A-Z]|[a-z][A-Z]|\d|-[A-Za-z]|^[A-Z]{2,}")


# English words that are no names: a file's slug ("attention-is-all-you-need"), a handle
# ("hoangcuong2011"), an adjective made with a hyphen ("non-commercial", "instruction-tuned").
_NOT_A_NAME_EN = re.compile(
    r"^[a-z]+(?:-[a-z]+){2,}$|^[a-z]{5,}\d{3,}$|^[a-z]\w*\.[a-z]\w*\.|^[A-Z]\d{2}-\d{3,5}$|"
    r"^(?:Mc|Mac)[A-Z][a-z]+$|^non-[a-z]|^[a-z]+-(?:rich|free|based|agnostic|"
    r"specific|aware|friendly|level|wise|like|style|ready|first|oriented|driven|related|"
    r"dependent|independent|tuned|trained|following|source|commercial|classification)$",
    re.IGNORECASE,
)


@functools.lru_cache(maxsize=1 << 16)
def is_name(term: str) -> bool:
    """A term usable as a concept's name: a term (``looks_like_term``), not a clause or a page.
    Remembered, as ``looks_like_term`` is: the same terms come back in every note."""
    if not term.isprintable():  # control characters, lone surrogates of a damaged file
        return False
    if not looks_like_term(term) or _PAGE_WORDS.search(term) or term in _KIND_ALONE:
        return False
    if _FORMULA.search(term) or _FILE.search(term) or _SECTION_WORDS.fullmatch(term):
        return False
    if _SECTION_EN.fullmatch(term.strip()) or _NOT_A_NAME_EN.search(term.strip()):
        return False
    cjk = "".join(CJK.findall(term))
    return not (cjk and _CLAUSE_ZH.search(cjk))


def only_cjk(name: str) -> bool:
    return bool(CJK.search(name)) and not CJK.sub("", name).strip()


def kind_of(*names: str) -> str:
    for name in names:
        kind = term_kind(name)
        if kind is not None:
            return kind.value
    return ConceptKind.CONCEPT.value


@functools.lru_cache(maxsize=1 << 14)
def one_name(text: str) -> tuple[str, str] | None:
    """(name, alias) when ``text`` is one name (``Continuous Bag of Words (CBOW)`` gives both).
    Remembered: notes repeat their headings (``## 代码``) and their tables' names."""
    if "《" in text:  # 《Attention is All you need》: the title of a work, not a concept
        return None
    text = clean_term(NUMBERING.sub("", text))
    if (m := _LATIN_KIND.match(text)) and _kind_named(m.group(1)):
        return m.group(1), text  # the kind word stays in the alias, where kind_of reads it
    pairs = alias_pairs(text)
    if len(pairs) == 1 and not _JOINED.search(text.replace(pairs[0].alias, "")):
        pair = pairs[0]
        if is_name(pair.name) and is_name(pair.alias):
            return pair.name, pair.alias
    if (both := bilingual(text)) is not None:
        return both
    if _JOINED.search(text) or not is_name(text):
        return None
    if CJK.search(text) and not noun_phrase(text):
        return None
    return text, ""


def _kind_named(latin: str) -> bool:
    """The Latin part of ``seq2seq模型``, ``Adam 算法``, ``attention机制`` is a name of its own
    (technical, capitalised or several words; ``big 模型`` is not)."""
    shaped = TECH.search(latin) or latin[0].isupper() or " " in latin or len(latin) >= 6
    return bool(shaped) and is_name(latin)


def bilingual(text: str) -> tuple[str, str] | None:
    """``静态词向量 Static Embedding`` -> (静态词向量, Static Embedding): a Chinese name and its
    English one after it; the English one starts at its first capitalised word (``双向 RNN
    Bidirectional RNN``). Also an English name and its Chinese one (``GRU 门控循环单元``,
    ``skip-gram 跳字模型``), but not ``Bahdanau 注意力`` or ``n-gram 语言模型``: the English
    one must be an acronym or technical, and the Chinese one more than a kind of model."""
    if m := _LATIN_THENCJK.match(text):
        latin, cjk = m.group(1), m.group(2)
        acronym = latin.isupper() and len(latin) >= 2
        technical = TECH.search(latin) is not None and len(cjk) >= 3
        if (acronym or (technical and not cjk.endswith(_GENERIC_HEADS))) and is_name(cjk):
            return (latin, cjk) if is_name(latin) and noun_phrase(cjk) else None
        return None
    words = text.split()
    if len(words) >= 3 and _ACRONYM_WORD.match(words[0]) and spells(" ".join(words[1:]), words[0]):
        return words[0], " ".join(words[1:])  # "ViT Vision Transformer"
    last = max((m.end() for m in CJK.finditer(text)), default=-1)
    if last < 0 or not text[last:].strip() or CJK.search(text[:1]) is None:
        return None
    words = text[last:].split()
    if not all(re.fullmatch(r"[A-Za-z][\w.+-]*", w) for w in words):
        return None
    again = [i for i, w in enumerate(words[:-1]) if w.casefold() == words[-1].casefold()]
    if again:  # "层次 Softmax Hierarchical Softmax": the English name ends as the Chinese one does
        cut = again[0] + 1
    else:
        cut = next((i for i, w in enumerate(words) if w[0].isupper() and not w.isupper()), 0)
    name = " ".join([text[:last].strip(), *words[:cut]]).strip()
    alias = " ".join(words[cut:])
    if alias and name and is_name(name) and is_name(alias) and not _JOINED.search(name):
        return name, alias
    return None


@functools.lru_cache(maxsize=1 << 14)
def noun_phrase(text: str) -> bool:
    """Every Chinese character of ``text`` is in a noun run (``注意力之后`` is not a name)."""
    covered = [False] * len(text)
    for start, end, _ in chinese_terms(text):
        covered[start:end] = [True] * (end - start)
    rest = "".join(c for c, done in zip(text, covered, strict=True) if not done and CJK.match(c))
    return rest in ("", "问题", "现象", "模型", "机制", "算法", "网络", "方法")


def good_pair(name: str, alias: str) -> bool:
    """Both names of an alias pair are names, and a Chinese one is a noun phrase of its own:
    ``BooksCorpus（8 亿词）``, ``BPTT（传播）`` and ``NER（作为下游任务）`` explain, not rename."""
    if not (is_name(name) and is_name(alias)):
        return False
    for one, other in ((name, alias), (alias, name)):
        if one in _CLASS_WORDS and not CJK.search(other) and TECH.search(other):
            return False  # "用作解码器（GPT）": GPT is one decoder, not the word for decoders
    for part in (name, alias):
        if not CJK.search(part):
            continue
        latin = CJK.sub(" ", part).split()
        if not latin and (len(part) < 3 or not noun_phrase(part)):
            return False
        cjk = "".join(CJK.findall(part))
        if latin and (re.search(r"\d", part) or not noun_phrase(cjk)):
            return False
        if latin and not all(TECH.search(w) for w in latin):
            return False  # "big 模型", "再加 CC-News": words around a name, not a name
    return True


def technical(term: str) -> bool:
    """A word of it has a technical shape (``BiRNN``, ``GPT-2``, ``word2vec``); ``Sepp
    Hochreiter`` and ``Cognitive Science`` have none."""
    return any(TECH.search(word) for word in term.split())


__all__ = [
    "CJK",
    "NUMBERING",
    "TECH",
    "bilingual",
    "good_pair",
    "is_name",
    "kind_of",
    "noun_phrase",
    "one_name",
    "only_cjk",
    "technical",
]
