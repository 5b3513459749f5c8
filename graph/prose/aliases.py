"""Alias pairs written in text: two names of one concept.

- a name and its other name in parentheses: ``双向循环神经网络（BiRNN）``, ``独热编码（one-hot
  encoding）``, ``Transformer（变换器）``, ``Bidirectional Encoder Representations from
  Transformers (BERT)``, ``ELMo (Embeddings from Language Models)``;
- a keyword between them: ``又称``, ``也叫``, ``也称``, ``简称``, ``俗称``, ``a.k.a.``,
  ``also known as``, ``also called``, ``stands for``.

A long English form must spell its short form (the Schwartz-Hearst rule: each letter of the
acronym in order, the first at the start of a word), so ``uses the Transformer (Vaswani et al.,
2017)`` and ``BERT (2018)`` give nothing; a Chinese name takes the noun run just before the
parenthesis (``最早的文本表示是独热编码（one-hot）`` -> ``独热编码``). Both names must look like
terms (``terms.looks_like_term``): no year, citation, sentence or code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from noteatlas.graph.prose.terms import chinese_terms
from noteatlas.graph.prose.termshape import looks_like_term

_CJK = re.compile(r"[\u3400-\u9fff]")
_PAREN = re.compile(r"[（(]\s*([^（）()\n]{1,80}?)\s*[)）]")
_CITATION = re.compile(r"\b(?:19|20)\d{2}\b|et al|等人|arXiv|doi|见|参见|see\b|e\.g\.|i\.e\.", re.I)
_LATIN_BEFORE = re.compile(
    r"((?:[A-Za-z][\w.+-]*\s+){0,7}[A-Za-z][\w.+-]*)\s*$"
)  # up to eight Latin words ending right before the parenthesis
_YEAR_ONLY = re.compile(r"^(?:19|20)\d{2}[a-z]?$")
_SURNAMES = re.compile(r"^[A-Z][\w'-]+(?:\s+(?:and|&)\s+[A-Z][\w'-]+)?$")
_ACRONYM = re.compile(r"^[A-Za-z][A-Za-z0-9.+-]{1,11}$")
# A short form written before its long one: shaped like one (BERT, ELMo, fastText, word2vec),
# not a word ("sample (samples of one prediction)").
_SHORT_FORM = re.compile(r"^(?=.*[A-Z].*[A-Z]|.*\d|[a-z]+[A-Z])[A-Za-z][A-Za-z0-9.+-]{1,11}$")
_KEYWORD = re.compile(
    r"(?:又称为?|也称为?|也叫做?|也被称为|亦称|简称|俗称|又叫做?|或称|英文(?:名|简称)?(?:为|是)?|"
    r"\ba\.k\.a\.?|\baka\b|\balso\s+(?:known\s+as|called|named|referred\s+to\s+as)|\bor\s+simply|"
    r"\bstands?\s+for\b|\bshort\s+for\b)\s*[“「\"']?",
    re.IGNORECASE,
)
# Every pair needs a parenthesis or a word that ``_KEYWORD`` starts with: a cheap test first.
# An IGNORECASE alternation is tried at every character unless it starts with a class of the
# first letters (3x faster); the Chinese words need no IGNORECASE at all.
_MAYBE_ZH = re.compile(r"[（(称叫]|英文")
_MAYBE_EN = re.compile(r"(?=[aso])(?:a\.?k\.?a|also|stands?\s|short\s+for|or\s+simply)", re.I)
_TRAILING_PAREN = re.compile(r"\s*(?:（[^（）]*）|\([^()]*\))\s*$")
_CJK_TAIL = re.compile(r"[\u3400-\u9fff]+$")
_CLAUSE_WORDS = re.compile(r"[的了是在把被将和与用从对我你他它这那]|一种|一个")
_RIGHT_END = re.compile(r"\s*(?:的|是|，|,|。|\.|；|;|或|and\b|or\b|which\b|是一种|是指).*$", re.I)


@dataclass(frozen=True)
class AliasPair:
    """Two names of one concept, as a sentence writes them."""

    name: str
    """The name written first (outside the parentheses, before the keyword)."""
    alias: str
    """The other name."""
    line: int
    """1-based line."""
    cue: str
    """``parentheses`` or the keyword (``又称``, ``also known as`` ...)."""


def spells(long: str, short: str) -> bool:
    """Whether ``long`` spells the acronym ``short`` (Schwartz-Hearst, case-insensitive).

    Each letter or digit of ``short`` occurs in ``long`` in order, scanning from the end, and
    the first one starts a word of ``long``.
    """
    s = [c for c in short.casefold() if c.isalnum()]
    text = long.casefold()
    if len(s) < 2:
        return False
    i = len(text) - 1
    for k in range(len(s) - 1, -1, -1):
        c = s[k]
        while i >= 0 and (text[i] != c or (k == 0 and i > 0 and text[i - 1].isalnum())):
            i -= 1
        if i < 0:
            return False
        i -= 1
    return True


def _long_form(words_before: str, short: str) -> str | None:
    """The fewest trailing words of ``words_before`` that spell ``short``."""
    words = words_before.split()
    limit = min(len(words), len(short) + 5, 2 * len(short) + 2)
    for n in range(1, limit + 1):
        candidate = " ".join(words[-n:])
        if n >= 2 and candidate[0].casefold() == short[0].casefold() and spells(candidate, short):
            return candidate
    return None


def _clean(term: str) -> str:
    return " ".join(term.split()).strip("*_`\"'“”‘’「」《》 .")


def _pair(name: str, alias: str, line: int, cue: str) -> AliasPair | None:
    name, alias = _clean(name), _clean(alias)
    if not name or not alias or name.casefold() == alias.casefold():
        return None
    if not (looks_like_term(name) and looks_like_term(alias)):
        return None
    return AliasPair(name, alias, line, cue)


def _cjk_before(text: str) -> str | None:
    """The Chinese name that ends where ``text`` ends (``…是独热编码`` -> ``独热编码``).

    A short run of Chinese with no function word is the name whole (``自注意力``, ``层归一化``:
    the segmenter would cut off ``自`` and ``层``); a longer one gives its last noun run.
    """
    tail = _CJK_TAIL.search(text)
    if tail is None:
        return None
    chunk = tail.group()
    if len(chunk) <= 8 and not _CLAUSE_WORDS.search(chunk):
        return chunk
    runs = chinese_terms(chunk)
    if not runs or runs[-1][1] != len(chunk):
        return None
    return chunk[runs[-1][0] :]


def _spelled_other(parts: list[str]) -> str | None:
    """The second of two names in one parenthesis when one is the other's acronym
    (``Bag of Words, BoW``, ``GRU, Gated Recurrent Unit``); a list of examples (``BERT, GPT``)
    gives None."""
    if len(parts) != 2 or _CJK.search(parts[0] + parts[1]):
        return None
    first, second = parts
    for long, short in ((first, second), (second, first)):
        if (
            _ACRONYM.match(short)
            and len(long.split()) >= 2
            and long[0].casefold() == short[0].casefold()
            and spells(long, short)
        ):
            return second
    return None


def _parenthesised(text: str, line: int) -> list[AliasPair]:
    out: list[AliasPair] = []
    for m in _PAREN.finditer(text):
        inner = m.group(1).strip()
        if "、" in inner:  # "编码器（Pre-LN、GELU）": an enumeration, not another name
            continue
        parts = re.split(r"\s*[，,;；、]\s*", inner)
        if len(parts) == 2 and _YEAR_ONLY.match(parts[1]) and _SURNAMES.match(parts[0]):
            continue  # "(Lan, 2019)", "(Cho and Bengio, 2014)": a citation, not a name
        inner = parts[0]  # "cloze task，Taylor 1953" -> "cloze task"
        if not inner or _CITATION.search(inner) or inner.isdigit():
            continue
        other = _spelled_other(parts)  # "（Bag of Words, BoW）": the second names it too
        before = text[: m.start()].rstrip("*_` ”’」』》\"'")
        if not before:
            continue
        pair: AliasPair | None = None
        if _CJK.search(before[-1]):
            left = _cjk_before(before)
            if left and not _CJK.search(inner):
                pair = _pair(left, inner, line, "parentheses")
                if pair is not None and other is not None:
                    out.append(pair)
                    pair = _pair(left, other, line, "parentheses")
        elif _CJK.search(inner) is None:
            latin = _LATIN_BEFORE.search(before)
            if latin is None:
                continue
            words = latin.group(1)
            if _ACRONYM.match(inner) and (long := _long_form(words, inner)):
                pair = _pair(long, inner, line, "parentheses")
            elif _SHORT_FORM.match(words.split()[-1]) and len(inner.split()) >= 2:
                short = words.split()[-1]
                if spells(inner, short) and inner[0].casefold() == short[0].casefold():
                    pair = _pair(short, inner, line, "parentheses")
        else:
            latin = _LATIN_BEFORE.search(before)
            if latin is not None and len(inner) <= 12:
                short = latin.group(1).split()[-1]
                pair = _pair(short, inner, line, "parentheses")
        if pair is not None:
            out.append(pair)
    return out


def _keyword(text: str, line: int) -> list[AliasPair]:
    out: list[AliasPair] = []
    for m in _KEYWORD.finditer(text):
        before = _TRAILING_PAREN.sub("", text[: m.start()].rstrip(" ，,“「\"'"))
        before = before.rstrip(" ，,*_`")
        left: str | None
        if _CJK.search(before[-1:] or ""):
            left = _cjk_before(before)
        else:
            latin = _LATIN_BEFORE.search(before)
            left = " ".join(latin.group(1).split()[-4:]) if latin else None
        rest = re.split(r"[，,。；;：:（）()“”「」\"']", text[m.end() :], maxsplit=1)[0]
        right = _RIGHT_END.sub("", rest).strip()
        if _CJK.search(right[:1] or ""):
            runs = chinese_terms(right)
            right = (
                right
                if len(right) <= 8 and not _CLAUSE_WORDS.search(right)
                else (right[: runs[0][1]] if runs and runs[0][0] == 0 else "")
            )
        cue = " ".join(m.group(0).split()).strip("“「\"'")
        if cue.casefold() == "or simply" and not _SHORT_FORM.match(right):
            continue  # "repetitive or simply boring": two words, one list
        if left and not _CJK.search(left) and _SHORT_FORM.match(right):
            latin = _LATIN_BEFORE.search(before)
            left = (_long_form(latin.group(1), right) if latin else None) or left
        pair = _pair(left or "", right, line, cue or "keyword") if left else None
        if pair is not None:
            out.append(pair)
    return out


def alias_pairs(text: str, line: int = 1) -> list[AliasPair]:
    """Alias pairs a sentence (or line) writes, in order."""
    if not (_MAYBE_ZH.search(text) or _MAYBE_EN.search(text)):  # most sentences: neither
        return []
    found = _parenthesised(text, line) + _keyword(text, line)
    seen: set[tuple[str, str]] = set()
    out: list[AliasPair] = []
    for p in found:
        key = (p.name.casefold(), p.alias.casefold())
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out


__all__ = ["AliasPair", "alias_pairs", "spells"]
