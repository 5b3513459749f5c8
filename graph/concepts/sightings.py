"""What one note shows to be concepts, and the years it gives: the per-note half of discovery.

Read while the note is extracted (``pipeline.pool``), so it is cached with the note and a big
corpus pays for it once, in the process pool. Nothing here knows the vocabulary or the other
notes: ``discover`` weighs the sightings of every note.

- the title or file name, when it is one name (``Continuous Bag of Words (CBOW).md``, ``2017 -
  Attention Is All You Need.md``: a year too);
- alias pairs (``双向循环神经网络（BiRNN）``) and definitions (``所谓静态词向量，就是…``);
- headings that are one name (``## 双向RNN``, ``### 2018年 ELMo：Embeddings from …``), and the
  list items under a year heading (``## 2018`` / ``- BERT：…``);
- table cells of a name/model/method column, and their year/date column;
- arrow chain terms, when at least two terms of the chain look like names;
- terms the note repeats or stresses (``terms.term_candidates``);
- years stated in prose (``2018年，Google提出了BERT``, ``X（2018）``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from noteatlas.graph.concepts.names import clean_term
from noteatlas.graph.concepts.texts import stem
from noteatlas.graph.concepts.years import split_year
from noteatlas.graph.prose.aliases import alias_pairs, spells
from noteatlas.graph.prose.definitions import definitions
from noteatlas.graph.prose.sentences import (
    Sentence,
    Source,
    is_question,
    looks_like_code,
    quiz_sections,
)
from noteatlas.graph.prose.terms import (
    chinese_terms,
    latin_terms,
    looks_like_term,
    strip_kind_word,
    term_candidates,
    term_kind,
)
from noteatlas.graph.prose.years import stated_years
from noteatlas.schema import ConceptKind, NoteExtract
from noteatlas.schema.sightings import Sighting

_CJK = re.compile(r"[\u3400-\u9fff]")
# Titles and headings that name a kind of page or section, not a concept.
_PAGE_WORDS = re.compile(
    r"笔记|面试|总结|解析|简介|介绍|入门|目录|索引|汇总|合集|教程|学习|整理|随笔|题|小结|心得|"
    r"说明|背景|参考|概览|年份|引言|前言|结论|实验|代码|实现|原理|思路|应用|例子|示例|优点|缺点|局限|"
    r"前置知识|预备知识|附录|链接|资源|资料|问答|思考|联系|邮箱|作者|微信|公众号|脉络|小节|章节|"
    r"^(?:readme|index|notes?|summary|todo|draft|untitled|introduction|background|conclusions?|"
    r"overview|motivation|methods?|results?|experiments?|related work|appendix|references?|"
    r"faq|q&a|prerequisites?|requirements?|usage|install(?:ation)?|setup|examples?|links?|resources?|limitations?|"
    r"pros|cons|advantages?|disadvantages?|contents|changelog|license|contact|e-?mail|issues?|"
    r"github|gitee|google|arxiv|zhihu|csdn|twitter|youtube|bilibili|wechat|pdf|url|html|api|"
    r"acl|emnlp|naacl|neurips|nips|icml|iclr|cvpr|aaai|ijcai|coling|openai|deepmind|meta|"
    r"microsoft|ibm|nvidia|hugging ?face|pytorch|tensorflow|keras|jax|numpy|python|cpu|gpu|tpu|"
    r"nan|utf-8|ascii|top-\d+)$",
    re.IGNORECASE,
)
# Headings of sections that discuss something, not a concept's name (whole names only).
_SECTION_WORDS = re.compile(
    r"意义|影响|作用|动机|要点|对比|比较|区别|联系|历史|发展|演进|变体|改进|训练|推理|结构|"
    r"细节|直觉|公式|推导|局限性|问题|解决|思想|核心思想|基本思想|主要思想|特点|优势|不足|"
    r"惯例|意思|含义|例子|名字|步骤|流程|过程|效果|结果|表现|评价|评估|数据|输入|输出"
)
# Two names or a phrase, not one name: "RNN与LSTM", "从稀疏到稠密", "A vs B".
_JOINED = re.compile(r"[与和及或、&/|]|\bvs\.?\b|\band\b|从.*到|\s[-–—]\s|[：:]", re.IGNORECASE)
# Chinese words that make a phrase a clause, not a name.
_CLAUSE_ZH = re.compile(
    r"[的了是在把被将我你他她它这那们吗呢吧么有但仍而就都也还很更最让使没]|一个|一种|所谓|同一|"
    r"之后|之前|无法|可以|不能|不会|能够|本质|其实|通常|一般|整个"
)
# Words that only say what kind of thing a name is: alone they name nothing.
_LATIN_THEN_CJK = re.compile(r"^([A-Za-z][\w.+-]*)\s+([\u3400-\u9fff]+)$")
_ACRONYM_WORD = re.compile(r"^[A-Z][A-Za-z0-9]*[A-Z][A-Za-z0-9]*$")
_GENERIC_HEADS = ("语言模型", "模型", "网络", "算法", "方法", "注意力", "机制")
_FILE = re.compile(r"\.(?:ya?ml|md|py|json|txt|csv|html?|js|ipynb|pdf)$|^[a-z]-\d", re.I)
_SENTENCE_END = re.compile(r"(?<=[。！？；!?;])|(?<=\.)\s+(?=[A-Z\u3400-\u9fff])")
_ITEM_MARKER = re.compile(r"^\s*(?:[-*+•·]|\d{1,3}[.、)）]|[一二三四五六七八九十]+[、.])\s+")
# Every sign ``looks_like_code`` looks for needs one of these.
_MAYBE_CODE = re.compile(r"[=(){};\[\]_:#!+]|^\s*(?:import|from|def|class|return|for|while)\b")
_CLASSIFIER = re.compile(r"^[维个种层倍次位条篇张块]")
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
_NUMBERING = re.compile(
    r"^\s*(?:\d{1,3}(?:\.\d+)*[.、)）]?(?=\s)|\d{1,3}(?:\.\d+)*[.、)）]|[一二三四五六七八九十]+[、.]|"
    r"[IVX]+\.)\s*"
)
_HEAD_SPLIT = re.compile(r"\s*(?:[:：|｜]|\s[-–—]\s|——)\s*")
_ITEM_HEAD = re.compile(r"^(.+?)\s*(?:[:：，,。；;（(]|\s[-–—]\s|——|$)")
_YEAR_ONLY = re.compile(r"^\s*((?:19|20)\d{2})\s*年?\s*(?:以前|以后|之前|之后)?\s*$")
_ANY_YEAR = re.compile(r"(?<!\d)(?:19[5-9]\d|20[0-4]\d)(?!\d)")
_TECH = re.compile(r"[A-Z].*[A-Z]|[a-z][A-Z]|\d|-[A-Za-z]|^[A-Z]{2,}")
_NAME_COLUMN = re.compile(
    r"^(?:模型|名称|名字|方法|算法|概念|术语|技术|架构|网络|模型名称|方法名称|"
    r"models?|names?|methods?|algorithms?|approach(?:es)?|concepts?|terms?|architectures?|"
    r"techniques?)$",
    re.IGNORECASE,
)
_YEAR_COLUMN = re.compile(
    r"^(?:年份|年|年代|时间|日期|发表时间|提出时间|发布时间|years?|dates?|time|published|released)$",
    re.IGNORECASE,
)
#: Score of a definition by its cue: the weak English ``X is a …`` needs another sign.
#: A bold label (``**并行**：…``) is as often a property as a concept's name.
_DEFINITION_SCORE = {"是一种": 2, "bold": 1, "is a": 1}


def is_name(term: str) -> bool:
    """A term usable as a concept's name: a term (``looks_like_term``), not a clause or a page."""
    if not looks_like_term(term) or _PAGE_WORDS.search(term) or term in _KIND_ALONE:
        return False
    if _FORMULA.search(term) or _FILE.search(term) or _SECTION_WORDS.fullmatch(term):
        return False
    cjk = "".join(_CJK.findall(term))
    return not (cjk and _CLAUSE_ZH.search(cjk))


def _only_cjk(name: str) -> bool:
    return bool(_CJK.search(name)) and not _CJK.sub("", name).strip()


def _kind(*names: str) -> str:
    for name in names:
        kind = term_kind(name)
        if kind is not None:
            return kind.value
    return ConceptKind.CONCEPT.value


def _one_name(text: str) -> tuple[str, str] | None:
    """(name, alias) when ``text`` is one name (``Continuous Bag of Words (CBOW)`` gives both)."""
    text = clean_term(_NUMBERING.sub("", text))
    pairs = alias_pairs(text)
    if len(pairs) == 1 and not _JOINED.search(text.replace(pairs[0].alias, "")):
        pair = pairs[0]
        if is_name(pair.name) and is_name(pair.alias):
            return pair.name, pair.alias
    if (both := _bilingual(text)) is not None:
        return both
    if _JOINED.search(text) or not is_name(text):
        return None
    if _CJK.search(text) and not _noun_phrase(text):
        return None
    return text, ""


def _bilingual(text: str) -> tuple[str, str] | None:
    """``静态词向量 Static Embedding`` -> (静态词向量, Static Embedding): a Chinese name and its
    English one after it; the English one starts at its first capitalised word (``双向 RNN
    Bidirectional RNN``). Also an English name and its Chinese one (``GRU 门控循环单元``,
    ``skip-gram 跳字模型``), but not ``Bahdanau 注意力`` or ``n-gram 语言模型``: the English
    one must be an acronym or technical, and the Chinese one more than a kind of model."""
    if m := _LATIN_THEN_CJK.match(text):
        latin, cjk = m.group(1), m.group(2)
        acronym = latin.isupper() and len(latin) >= 2
        technical = _TECH.search(latin) is not None and len(cjk) >= 3
        if (acronym or (technical and not cjk.endswith(_GENERIC_HEADS))) and is_name(cjk):
            return (latin, cjk) if is_name(latin) and _noun_phrase(cjk) else None
        return None
    words = text.split()
    if len(words) >= 3 and _ACRONYM_WORD.match(words[0]) and spells(" ".join(words[1:]), words[0]):
        return words[0], " ".join(words[1:])  # "ViT Vision Transformer"
    last = max((m.end() for m in _CJK.finditer(text)), default=-1)
    if last < 0 or not text[last:].strip() or _CJK.search(text[:1]) is None:
        return None
    words = text[last:].split()
    if not all(re.fullmatch(r"[A-Za-z][\w.+-]*", w) for w in words):
        return None
    cut = next((i for i, w in enumerate(words) if w[0].isupper() and not w.isupper()), 0)
    name = " ".join([text[:last].strip(), *words[:cut]]).strip()
    alias = " ".join(words[cut:])
    if alias and name and is_name(name) and is_name(alias) and not _JOINED.search(name):
        return name, alias
    return None


def _noun_phrase(text: str) -> bool:
    """Every Chinese character of ``text`` is in a noun run (``注意力之后`` is not a name)."""
    covered = [False] * len(text)
    for start, end, _ in chinese_terms(text):
        covered[start:end] = [True] * (end - start)
    rest = "".join(c for c, done in zip(text, covered, strict=True) if not done and _CJK.match(c))
    return rest in ("", "问题", "现象", "模型", "机制", "算法", "网络", "方法")


def _title(ex: NoteExtract) -> list[Sighting]:
    out: list[Sighting] = []
    first_h1 = next((h.line for h in ex.headings if h.level == 1), 0)
    line = {"h1": first_h1, "front_matter": ex.front_matter_lines.get("title", 0)}.get(
        ex.title_source, 0
    )
    places = [(ex.title, line, "heading" if ex.title_source == "h1" else "file_name")]
    dated = split_year(stem(ex.path))[0] is not None  # "2017 - Attention Is All You Need.md"
    if (ex.title_source == "front_matter" or dated) and stem(ex.path) != ex.title:
        places.append((stem(ex.path), 0, "file_name"))
    for text, at, where in places:
        year, rest = split_year(text)
        named = _one_name(rest)
        if named is None:
            continue
        name, alias = named
        kind = _kind(name, alias)
        out.append(Sighting(name, "title", at, kind, 3, alias, year, text[:80]))
        if year is not None:
            out.append(Sighting(name, "year", at, year=year, snippet=where))
        break
    return out


def _good_pair(name: str, alias: str) -> bool:
    """Both names of an alias pair are names, and a Chinese one is a noun phrase of its own:
    ``BooksCorpus（8 亿词）``, ``BPTT（传播）`` and ``NER（作为下游任务）`` explain, not rename."""
    if not (is_name(name) and is_name(alias)):
        return False
    for part in (name, alias):
        if not _CJK.search(part):
            continue
        latin = _CJK.sub(" ", part).split()
        if not latin and (len(part) < 3 or not _noun_phrase(part)):
            return False
        cjk = "".join(_CJK.findall(part))
        if latin and (re.search(r"\d", part) or not _noun_phrase(cjk)):
            return False
        if latin and not all(_TECH.search(w) for w in latin):
            return False  # "big 模型", "再加 CC-News": words around a name, not a name
    return True


def _sentences(sentences: Iterable[Sentence], topic: str | None) -> list[Sighting]:
    out: list[Sighting] = []
    for s in sentences:
        if s.code:
            continue
        for pair in alias_pairs(s.text, s.line):
            if _good_pair(pair.name, pair.alias):
                kind = _kind(pair.name, pair.alias)
                # "Transformer（变换器）" renames, "seq2seq（机器翻译）" explains: a Chinese word in
                # parentheses after an English name is a weak pair (``discover`` says when).
                weak = pair.cue == "parentheses" and _CJK.search(pair.alias) is not None
                score = 2 if weak and not _CJK.search(pair.name) else 3
                out.append(
                    Sighting(pair.name, "alias", s.line, kind, score, pair.alias, None, s.text[:80])
                )
        found = definitions(s)
        if found and (is_question(s.text) or looks_like_code(s.text)):
            continue  # the full judgement, for the few sentences that define something
        for d in found:
            term = d.term.removeprefix("所谓")
            if is_name(term):
                score = _DEFINITION_SCORE.get(d.cue, 3)
                out.append(Sighting(term, "definition", s.line, _kind(term), score, "", None,
                                    s.text[:80]))  # fmt: skip
        if s.source != "heading" and _ANY_YEAR.search(s.text):
            spans = _spans(s.text)
            for y in stated_years(s, spans, topic):
                # a citation's year dates the paper cited ("seq2seq（ConvS2S，2017）"), not the name
                if y.cue != "citation" and is_name(y.concept):
                    out.append(Sighting(y.concept, "year", y.line, year=y.year, snippet="prose"))
    return out


def _technical(term: str) -> bool:
    """A word of it has a technical shape (``BiRNN``, ``GPT-2``, ``word2vec``); ``Sepp
    Hochreiter`` and ``Cognitive Science`` have none."""
    return any(_TECH.search(word) for word in term.split())


def _spans(text: str) -> list[tuple[int, int, str]]:
    """Candidate names of a sentence as spans; touching ones are one name (``Luong注意力``)."""
    out: list[tuple[int, int, str]] = []
    for a, b, _ in sorted(latin_terms(text) + chinese_terms(text)):
        while a > 0 and text[a - 1].isascii() and (text[a - 1].isalnum() or text[a - 1] in "-."):
            a -= 1  # "Luong注意力": the Latin part written onto it belongs to the name
        if out and a <= out[-1][1]:
            start = out[-1][0]
            out[-1] = (start, max(b, out[-1][1]), text[start : max(b, out[-1][1])])
        else:
            out.append((a, b, text[a:b]))
    return out


def _terms(sentences: Iterable[Sentence]) -> list[Sighting]:
    texts = [(s.line, s.text) for s in sentences if not s.code and s.source != "cell"]
    out: list[Sighting] = []
    for c in term_candidates(texts, min_count=2):
        term = strip_kind_word(c.term)
        if not is_name(term):
            continue
        if _CJK.search(term) and _CLASSIFIER.match(term):
            continue  # "300 维词向量" gives 维词向量
        if _CJK.search(term):  # segmentation gives many words: stressed, and said twice
            score = (1 + (c.count >= 2)) if c.strong else 0
        elif c.strong:  # an English term inside Chinese text
            score = 2 if _technical(term) else 1 + (c.count >= 2)
        elif _technical(term) or re.fullmatch(r"[A-Z][a-z]+[A-Za-z]*", term):
            score = min(2, (c.count >= 2) + (c.count >= 3))  # "Transformer", "GPT-2", said often
        else:
            score = 0  # "batch", "Cognitive Science": English words, or a title cited
        if score:
            first = c.lines[0] if c.lines else 0
            out.append(Sighting(term, "term", first, c.kind.value, score))
    return out


def _headings(ex: NoteExtract) -> list[Sighting]:
    out: list[Sighting] = []
    for index, h in enumerate(ex.headings):
        text = clean_term(_NUMBERING.sub("", h.text))
        year, rest = split_year(text)
        if year is None and (m := _YEAR_ONLY.match(text)):
            out += _year_items(ex, index, int(m.group(1)))
            continue
        parts = [p for p in _HEAD_SPLIT.split(rest) if p]
        if not parts:
            continue
        named = _one_name(parts[0]) if year is not None else _one_name(rest)
        if named is None and year is not None:
            named = _leading_name(parts[0])
        if named is None:
            continue
        name, alias = named
        if not alias and year is not None and len(parts) > 1 and spells(parts[1], name):
            alias = parts[1] if is_name(parts[1]) else ""
        score = 1 if _only_cjk(name) else 2
        kind = _kind(name, alias)
        out.append(Sighting(name, "heading", h.line, kind, score, alias, None, h.text))
        if year is not None:
            out.append(Sighting(name, "year", h.line, year=year, snippet="heading"))
    return out


def _leading_name(text: str) -> tuple[str, str] | None:
    """The name a year heading starts with: ``word2vec 的提出`` -> word2vec."""
    text = clean_term(text)
    spans = sorted(latin_terms(text) + chinese_terms(text))
    if spans and spans[0][0] == 0 and is_name(spans[0][2]):
        return spans[0][2], ""
    return None


def _year_items(ex: NoteExtract, section: int, year: int) -> list[Sighting]:
    """The items under a year heading (``## 2018`` / ``- BERT：…``): each item's leading name."""
    out: list[Sighting] = []
    for item in ex.list_items:
        if item.section != section or item.depth != 0:
            continue
        m = _ITEM_HEAD.match(clean_term(item.text))
        name = clean_term(m.group(1)) if m else ""
        if name and is_name(name):
            out.append(Sighting(name, "term", item.line, _kind(name), 1))
            out.append(Sighting(name, "year", item.line, year=year, snippet="heading"))
    return out


def _tables(ex: NoteExtract) -> list[Sighting]:
    out: list[Sighting] = []
    for table in ex.tables:
        header = [clean_term(h) for h in table.header]
        names = [i for i, h in enumerate(header) if _NAME_COLUMN.match(h)]
        years = [i for i, h in enumerate(header) if _YEAR_COLUMN.match(h)]
        if not names and not years:
            continue
        column, score = (names[0], 2) if names else (0, 1)
        for row, line in zip(table.rows, table.row_lines, strict=False):
            if column >= len(row):
                continue
            named = _one_name(row[column])
            if named is None:
                continue
            name, alias = named
            out.append(Sighting(name, "table", line, _kind(name, alias), score, alias, None,
                                " | ".join(row)[:80]))  # fmt: skip
            cell = row[years[0]] if years and years[0] < len(row) else ""
            if m := _ANY_YEAR.search(cell):
                out.append(Sighting(name, "year", line, year=int(m.group()), snippet="table"))
    return out


def _chains(ex: NoteExtract) -> list[Sighting]:
    out: list[Sighting] = []
    for chain in ex.arrow_chains:
        names = [strip_kind_word(clean_term(t)) for t in chain.terms]
        good = [n for n in names if is_name(n)]
        if len(good) < 2:
            continue
        # a Chinese word in a chain needs a second sign ("梯度消失 → 长期依赖 → 记忆")
        out += [
            Sighting(n, "arrow_chain", chain.line, _kind(n), 1 if _only_cjk(n) else 2) for n in good
        ]
    return out


def _light_sentences(ex: NoteExtract) -> list[Sentence]:
    """The note's prose lines and headings cut into sentences, without judging each one's mood
    (``sentences.note_sentences`` does, and took as long as all these readers): a sentence is
    a question here when its section is a quiz or it ends with a question mark, and code when
    it has a sign of code; ``_sentences`` asks the full questions of the few that define."""
    quiz = quiz_sections(ex.headings)
    skip = {h.line for h in ex.headings} | {t.line for t in ex.tables}
    skip |= {line for t in ex.tables for line in t.row_lines}
    out: list[Sentence] = []
    for p in ex.prose:
        if p.line in skip:
            continue
        for piece in _SENTENCE_END.split(p.text):
            text = _ITEM_MARKER.sub("", piece.strip())
            if text:
                out.append(_sentence(text, p.line, "prose", p.section, p.section in quiz))
    for i, h in enumerate(ex.headings):
        out.append(_sentence(h.text, h.line, "heading", i, i in quiz))
    out.sort(key=lambda s: (s.line, s.source != "heading"))
    return out


def _sentence(text: str, line: int, source: Source, section: int, quiz: bool) -> Sentence:
    question = quiz or text.endswith(("?", "？"))
    code = _MAYBE_CODE.search(text) is not None and looks_like_code(text)
    return Sentence(text, line, source, section, question=question, code=code)


def note_sightings(ex: NoteExtract) -> tuple[Sighting, ...]:
    """Every sighting of one note, in a stable order (by line, then method and name)."""
    sentences = _light_sentences(ex)
    titled = _title(ex)
    topic = titled[0].name if titled else None
    found = titled + _sentences(sentences, topic) + _terms(sentences)
    found += _headings(ex) + _tables(ex) + _chains(ex)
    unique = dict.fromkeys(found)
    return tuple(sorted(unique, key=lambda s: (s.line, s.method, s.name, s.year or 0, s.alias)))


__all__ = ["is_name", "note_sightings"]
