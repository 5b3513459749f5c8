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

from noteatlas.graph.concepts.asked import asked_term
from noteatlas.graph.concepts.listed import CLAUSE_EN, item_leads, plain_heading, reading_sections
from noteatlas.graph.concepts.names import clean_term
from noteatlas.graph.concepts.naming import (
    CJK,
    NUMBERING,
    good_pair,
    is_name,
    kind_of,
    one_name,
    only_cjk,
    technical,
)
from noteatlas.graph.concepts.texts import stem
from noteatlas.graph.concepts.years import split_year
from noteatlas.graph.prose.aliases import alias_pairs, spells
from noteatlas.graph.prose.definitions import definitions
from noteatlas.graph.prose.phrases import headed
from noteatlas.graph.prose.sentences import (
    Sentence,
    Source,
    is_question,
    looks_like_code,
    quiz_sections,
)
from noteatlas.graph.prose.termkind import strip_kind_word, term_kind
from noteatlas.graph.prose.terms import chinese_terms, latin_terms, term_candidates
from noteatlas.graph.prose.years import stated_years
from noteatlas.schema import NoteExtract
from noteatlas.schema.sightings import Sighting

# A sentence ends after 。！？；!?; or at the spaces after a dot before a capital or a CJK
# character. Matched as the stop itself (a class the search skips to), not as look-behinds
# tried at every character (five times slower).
_SENTENCE_END = re.compile(r"[。！？；!?;]|\.(\s+)(?=[A-Z\u3400-\u9fff])")
_ITEM_MARKER = re.compile(r"^\s*(?:[-*+•·]|\d{1,3}[.、)）]|[一二三四五六七八九十]+[、.])\s+")
# Every sign ``looks_like_code`` looks for needs one of these.
_MAYBE_CODE = re.compile(r"[=(){};\[\]_:#!+]|^\s*(?:import|from|def|class|return|for|while)\b")
_CLASSIFIER = re.compile(r"^[维个种层倍次位条篇张块]")
_HEAD_SPLIT = re.compile(r"\s*(?:[:：|｜]|\s[-–—]\s|——)\s*")
# "RMSProp", "CIFAR-10", "GPT-2", "word2vec": a shape no English word has, a name written once.
_MIXED = re.compile(r"[a-z][A-Z]|[A-Z]{2}[a-z]|[A-Za-z]\d|\d[A-Za-z]|[A-Za-z]-\d")
_ITEM_HEAD = re.compile(r"^(.+?)\s*(?:[:：，,。；;（(]|\s[-–—]\s|——|$)")
_YEAR_ONLY = re.compile(r"^\s*((?:19|20)\d{2})\s*年?\s*(?:以前|以后|之前|之后)?\s*$")
_ANY_YEAR = re.compile(r"(?<!\d)(?:19[5-9]\d|20[0-4]\d)(?!\d)")
_NAME_COLUMN = re.compile(
    r"^(?:模型|名称|名字|方法|算法|概念|术语|技术|架构|网络|模型名称|方法名称|"
    r"models?|names?|methods?|algorithms?|approach(?:es)?|concepts?|terms?|architectures?|"
    r"techniques?)$",
    re.IGNORECASE,
)
_PAPER_COLUMN = re.compile(r"^(?:papers?|titles?|论文|标题|文章|paper titles?)$", re.IGNORECASE)
# "Name: subtitle - what it does": a short name before the colon, a longer title after it.
_PAPER_NAME = re.compile(r"^\s*([^:：]{2,40}?)\s*[:：]\s*(\S[^-–—]{8,}?)(?:\s[-–—]\s+(.*))?$")
# "a 65B parameter foundation model ..." -> "model ...": the head noun of what a paper presents
_FIRST_NOUN = re.compile(
    r"^(?:an?|the)?\s*(?:[\w.-]+\s+){0,4}?(?=(?:model|technique|method|"
    r"approach|framework|architecture|dataset|benchmark|metric)s?\b)",
    re.I,
)
_FUNCTION_WORD = re.compile(
    r"\b(?:is|are|was|with|for|of|the|a|an|to|and|in|on|by|from|as)\b", re.I
)
_YEAR_COLUMN = re.compile(
    r"^(?:年份|年|年代|时间|日期|发表时间|提出时间|发布时间|years?|dates?|time|published|released)$",
    re.IGNORECASE,
)
#: Score of a definition by its cue: the weak English ``X is a …`` needs another sign.
#: A bold label (``**并行**：…``) is as often a property as a concept's name.
_DEFINITION_SCORE = {"是一种": 2, "bold": 1, "is a": 1}


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
        named = one_name(rest)
        if named is None:
            continue
        name, alias = named
        kind = kind_of(name, alias)
        out.append(Sighting(name, "title", at, kind, 3, alias, year, text[:80]))
        out += _front_aliases(ex, name, kind)
        if year is not None:
            out.append(Sighting(name, "year", at, year=year, snippet=where))
        break
    return out


def _front_aliases(ex: NoteExtract, name: str, kind: str) -> list[Sighting]:
    """The front matter's ``aliases`` of a note about one thing, as pairs with its title's
    name: ``aliases: [BERT]`` in ``Bidirectional Encoder Representations from Transformers.md``
    makes both names one concept (and the vocabulary's BERT, when it knows it)."""
    raw = ex.front_matter.get("aliases", ex.front_matter.get("alias"))
    values = raw if isinstance(raw, list) else [raw] if raw else []
    line = ex.front_matter_lines.get("aliases", ex.front_matter_lines.get("alias", 0))
    out: list[Sighting] = []
    for value in values:
        if isinstance(value, str) and value.strip() != name and is_name(value.strip()):
            alias = value.strip()
            out.append(Sighting(name, "alias", line, kind, 3, alias, None, f"aliases: {alias}"))
    return out


def _sentences(sentences: Iterable[Sentence], topic: str | None) -> list[Sighting]:
    out: list[Sighting] = []
    for s in sentences:
        if s.code:
            continue
        pairs = alias_pairs(s.text, s.line)
        for pair in pairs:
            if good_pair(pair.name, pair.alias):
                kind = kind_of(pair.name, pair.alias)
                # "Transformer（变换器）" renames, "seq2seq（机器翻译）" explains: a Chinese word in
                # parentheses after an English name is a weak pair (``discover`` says when).
                weak = pair.cue == "parentheses" and CJK.search(pair.alias) is not None
                score = 2 if weak and not CJK.search(pair.name) else 3
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
                out.append(Sighting(term, "definition", s.line, kind_of(term), score, "", None,
                                    s.text[:80]))  # fmt: skip
        if s.source != "heading" and _ANY_YEAR.search(s.text):
            spans = _spans(s.text)
            for y in stated_years(s, spans, topic):
                # a citation's year dates the paper cited ("seq2seq（ConvS2S，2017）"), not the name
                if y.cue != "citation" and is_name(y.concept):
                    out.append(Sighting(y.concept, "year", y.line, year=y.year, snippet="prose"))
    return out


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
    for c in term_candidates(texts, min_count=2, stressed_only=True):
        term = strip_kind_word(c.term)  # a plural name came singular ("LSTMs outperform GRUs")
        if not is_name(term):
            continue
        if CJK.search(term) and _CLASSIFIER.match(term):
            continue  # "300 维词向量" gives 维词向量
        if CJK.search(term):  # segmentation gives many words: stressed, and said twice
            score = (1 + (c.count >= 2)) if c.strong else 0
        elif c.strong:  # an English term inside Chinese text
            score = 2 if technical(term) else 1 + (c.count >= 2)
        elif technical(term):  # "LSTM", "GPT-2": a name by its shape; once per note adds up
            score = 2 if _MIXED.search(term) else 1 + (c.count >= 3)
        elif re.fullmatch(r"[A-Z][a-z]+[A-Za-z]*", term):
            score = min(2, (c.count >= 2) + (c.count >= 3))  # "Transformer", said often
        elif headed(term):  # "random forest": a name by its head noun, said twice to count
            score = min(2, c.count)
        else:
            score = 0  # "batch", "Cognitive Science": English words, or a title cited
        if score:
            first = c.lines[0] if c.lines else 0
            out.append(Sighting(term, "term", first, c.kind.value, score))
    return out


def _headings(ex: NoteExtract) -> list[Sighting]:
    out: list[Sighting] = []
    for index, h in enumerate(ex.headings):
        text = clean_term(NUMBERING.sub("", h.text))
        year, rest = split_year(text)
        if year is None and (m := _YEAR_ONLY.match(text)):
            out += _year_items(ex, index, int(m.group(1)))
            continue
        if year is None and (asked := asked_term(rest)) is not None:
            out.append(Sighting(asked[0], "definition", h.line, kind_of(*asked), 2, asked[1],
                                None, h.text))  # fmt: skip
            continue
        parts = [p for p in _HEAD_SPLIT.split(rest) if p]
        if not parts:
            continue
        named = one_name(parts[0]) if year is not None else one_name(rest)
        if named is None and year is not None:
            named = _leading_name(parts[0])
        if named is None:
            continue
        name, alias = named
        if not alias and year is not None and len(parts) > 1 and spells(parts[1], name):
            alias = parts[1] if is_name(parts[1]) else ""
        score = 1 if only_cjk(name) or plain_heading(name) else 2
        if not CJK.search(name) and CLAUSE_EN.search(name):
            continue  # "Attention for RNNs", "Deeper can give more accurate results"
        kind = kind_of(name, alias)
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
            out.append(Sighting(name, "term", item.line, kind_of(name), 1))
            out.append(Sighting(name, "year", item.line, year=year, snippet="heading"))
    return out


def _named_paper(cell: str) -> tuple[str, str] | None:
    """The name a paper's title gives what it introduces, by the field's habit of writing
    ``Name: what it is`` (``LLaMA: Open and Efficient Foundation Language Models`` -> LLaMA,
    with the words after the title's dash as what it is): (name, those words)."""
    m = _PAPER_NAME.match(NUMBERING.sub("", cell))
    if m is None:
        return None
    name = clean_term(m.group(1))
    if not is_name(name) or _FUNCTION_WORD.search(name):  # "Everything is Connected: ..."
        return None
    words = name.split()
    if not (len(words) <= 3 and all(w[0].isupper() or w[0].isdigit() for w in words)):
        return None
    return name, m.group(3) or m.group(2)


def _paper_cells(table_rows: Iterable[tuple[list[str], int]], column: int) -> list[Sighting]:
    out: list[Sighting] = []
    for row, line in table_rows:
        if column >= len(row) or (found := _named_paper(row[column])) is None:
            continue
        name, about = found
        said = term_kind(name, _FIRST_NOUN.sub("", about.split(";")[0]))
        kind = said.value if said is not None else kind_of(name)
        out.append(Sighting(name, "table", line, kind, 2, "", None, row[column][:80]))
    return out


def _tables(ex: NoteExtract) -> list[Sighting]:
    out: list[Sighting] = []
    for table in ex.tables:
        header = [clean_term(h) for h in table.header]
        papers = [i for i, h in enumerate(header) if _PAPER_COLUMN.match(h)]
        if papers:
            out += _paper_cells(zip(table.rows, table.row_lines, strict=False), papers[0])
        names = [i for i, h in enumerate(header) if _NAME_COLUMN.match(h)]
        years = [i for i, h in enumerate(header) if _YEAR_COLUMN.match(h)]
        if not names and not years:
            continue
        column, score = (names[0], 2) if names else (0, 1)
        for row, line in zip(table.rows, table.row_lines, strict=False):
            if column >= len(row):
                continue
            named = one_name(row[column])
            if named is None:
                continue
            name, alias = named
            out.append(Sighting(name, "table", line, kind_of(name, alias), score, alias, None,
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
            Sighting(n, "arrow_chain", chain.line, kind_of(n), 1 if only_cjk(n) else 2)
            for n in good
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
        for piece in _cut(p.text):
            text = _ITEM_MARKER.sub("", piece.strip())
            if text:
                out.append(_sentence(text, p.line, "prose", p.section, p.section in quiz))
    for i, h in enumerate(ex.headings):
        out.append(_sentence(h.text, h.line, "heading", i, i in quiz))
    out.sort(key=lambda s: (s.line, s.source != "heading"))
    return out


def _cut(text: str) -> list[str]:
    """``text`` cut into sentences: after each stop, and in place of the spaces after a dot."""
    out: list[str] = []
    last = 0
    for m in _SENTENCE_END.finditer(text):
        start, end = m.span(1) if m.group(1) is not None else (m.end(), m.end())
        out.append(text[last:start])
        last = end
    out.append(text[last:])
    return out


def _sentence(text: str, line: int, source: Source, section: int, quiz: bool) -> Sentence:
    question = quiz or text.endswith(("?", "？"))
    judged = text.removesuffix(";")  # a clause cut at its semicolon, not a statement of C
    code = _MAYBE_CODE.search(judged) is not None and looks_like_code(judged)
    return Sentence(text, line, source, section, question=question, code=code)


def note_sightings(ex: NoteExtract) -> tuple[Sighting, ...]:
    """Every sighting of one note, in a stable order (by line, then method and name)."""
    sentences = _light_sentences(ex)
    titled = _title(ex)
    topic = titled[0].name if titled else None
    reading = reading_sections(ex)  # a reading list names sources: no terms from it
    found = titled + _sentences(sentences, topic)
    found += _terms(s for s in sentences if s.section not in reading)
    found += _headings(ex) + _tables(ex) + _chains(ex) + item_leads(ex)
    unique = dict.fromkeys(found)
    return tuple(sorted(unique, key=lambda s: (s.line, s.method, s.name, s.year or 0, s.alias)))


__all__ = ["note_sightings"]
