"""Paper titles as notes write them: hints (title, year, authors) from link texts, table rows,
the lead of a line or cell, and headings. All weaker than an id; a URL never gets a title here.

A title is the paper's name: the bold or leading phrase of a cell (``1) **Title** - what it
does``, ``Title  What it does <br>● ...``), a link text that reads as one, the heading of the
section about it, or what follows ``论文名称：``; never a description, link labels (``Paper,
Tweet, Code``) or a citation (``Bahdanau et al., 2014``). A *full* title reads like one (Latin
script, three words or more, a capital); a *name* is a short bold or leading phrase
(``**rStar**``, ``SAM 2``) that a paper column or list gives when it gives nothing longer."""

# size: ~440 lines: the readers of a text, a row, a lead and a heading call each other (a row's
# title column is read by its lead, a lead by its text) and share a dozen patterns; apart they
# would import each other's private helpers.

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field


@dataclass(frozen=True)
class PaperHint:
    """What a link text, table row, line or heading says about the paper it links to."""

    title: str | None
    """A full title, or None."""
    year: int | None
    """A year written next to it (``2014-Title``, ``et al., 2014``, a Year column), or None."""
    authors: list[str]
    """Surnames from a citation (``Bahdanau et al., 2014`` -> ``['Bahdanau']``)."""
    name: str | None = field(default=None)
    """A short name given where a title would be (``**rStar**``), when there is no full title."""


_NONE = PaperHint(None, None, [])

YEAR = r"(?:19[5-9]\d|20[0-4]\d)"
"""A year a title or a date line may hold (1950–2049), as a pattern."""
_ANY_YEAR = re.compile(rf"(?<!\d){YEAR}(?!\d)")
_LEADING_YEAR = re.compile(
    rf"[(\[（【]?(?P<year>{YEAR})[)\]）】]?\s*[-–—:：.、,，)\s]\s*(?P<rest>.*)"
)
_TRAILING_YEAR = re.compile(rf"(?<=[\s,，(（\[])(?P<year>{YEAR})[a-z]?[)）\]]?[\s.。]*$")
_YEAR_SEPARATORS = " ,，(（["
_ARXIV_ID_TEXT = re.compile(r"(?:arxiv[:\s]*)?(?<!\d)\d{4}\.\d{4,5}(?:v\d+)?(?!\d)", re.IGNORECASE)
_SURNAME = r"[A-Z][a-zA-Z'’-]+"
_CITATION = re.compile(
    rf"(?<![\w'’-])(?P<a1>{_SURNAME})(?:\s+(?:and|&)\s+(?P<a2>{_SURNAME})|\s+et\s+al\.?|\s*等人?)"
    rf"\s*[,，]?\s*[(（]?(?P<year>{YEAR})[a-z]?(?!\d)[)）]?"
)
# Surnames are joined by a comma or a space, never by nothing: "AB" read as "A"+"B" or "AB" made
# the match exponential (41 capitals in a link text took 41 s, issue 16). A run of capitals is
# one surname either way, so the language is the same.
_AUTHORS_ONLY = re.compile(
    rf"{_SURNAME}(?:(?:\s*,\s*|\s+){_SURNAME})*(?:\s+(?:and|&)\s+{_SURNAME}|\s+et\s+al\.?|\s*等人?)"
)
_PAREN_CITE = re.compile(
    rf"\s*[(（]\s*(?:(?P<author>{_SURNAME})\s*[,，]?\s*)?(?P<year>{YEAR})[a-z]?\s*[)）]\s*$"
)
_QUOTED = re.compile(r'["“]([^"“”]{8,250})["”]')
_AUTHORS_AFTER = re.compile(
    rf"\s*[(（]\s*{_SURNAME}(?:\s*,?\s*{_SURNAME})*(?:\s+(?:and|&)\s+{_SURNAME}|\s+et\s+al\.?)"
    r"\s*[)）]\s*$"
)
_ET_AL = re.compile(r"\bet\.?\s*al\b(?!\.?['’]s)|等人", re.IGNORECASE)
_CJK_LABEL = re.compile(r"论文地址|论文|原文|链接|地址|代码|下载")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_TAG = re.compile(r"<[^>]{0,200}>")
_WRAP = "[]()（）【】《》<>\"'“”‘’「」『』*_`~ "
_GENERIC_WORDS = frozenset(
    str.split(
        "link links to the a an of paper papers pdf here this our my original official read click "
        "see download full text arxiv version project page website homepage github repo "
        "repository source code blog post slides video and or tweet tweets thread demo dataset "
        "models model data huggingface hf abstract html"
    )
)
_VENUES = frozenset(
    str.split(
        "acl naacl emnlp eacl coling tacl conll neurips nips icml iclr cvpr iccv eccv aaai ijcai "
        "kdd sigir www jmlr pmlr openreview nature science arxiv preprint proceedings journal"
    )
)
# A title does not start like a sentence about the paper ("a new benchmark ...", "proposes").
_DESCRIPTION_START = frozenset(
    str.split(
        "a an the this these that it its we our they he she proposes presents introduces shows "
        "finds uses is are was were has have discusses develops explores provides offers "
        "combines trains applies studies investigates demonstrates"
    )
)
_YEAR_HEADS = ("year", "年", "时间", "date", "日期", "time", "published", "发表")
_TITLE_HEADS = ("paper", "论文", "title", "标题", "题目", "文章", "article")
_NAME_HEADS = ("名称", "name")
_AUTHOR_HEADS = ("author", "作者")
# Headings that name a part of a note, not a paper ("Related Work", "Experiments and Results").
_STRUCTURAL = frozenset(
    str.split(
        "abstract introduction background related work works method methods methodology model "
        "models architecture overview experiment experiments experimental setup result results "
        "discussion conclusion conclusions summary notes note reference references appendix "
        "analysis evaluation training details implementation future limitations and of the "
        "a an in key ideas idea main contributions contribution further reading links paper "
        "papers"
    )
)


@functools.lru_cache(maxsize=65536)
def hint_from_text(text: str) -> PaperHint:
    """Title, year and authors a link text or cell text states; empty for ``link``/``原论文``."""
    # "arXiv:2005.14165" names an id, not the year 2005.
    text = _clean(_ANNOTATION.sub("", text))
    if "." in text:
        text = _ARXIV_ID_TEXT.sub(" ", text).strip()
    if text.endswith((")", "）")):
        text = _AUTHORS_AFTER.sub("", text)  # "Title (Mikolov et al.)": the people, not the title
    quoted = _QUOTED.search(text) if '"' in text or "“" in text else None
    if quoted and _title(quoted[1]) and quoted.end() - quoted.start() < len(text) - 2:
        # a reference list: Diao et al., "Active Prompting with ...", 2023
        around = hint_from_text(text[: quoted.start()] + " " + text[quoted.end() :])
        return PaperHint(_title(quoted[1]), around.year, around.authors)
    if not any(c.isdigit() for c in text):  # no year: no citation, nothing but a title
        return PaperHint(_title(text), None, [])
    if (end := _PAREN_CITE.search(text)) and (title := _title(text[: end.start()])):
        # "Title (Devlin, 2018)", "Listen, Attend and Spell (2015)": the year (and author) of it
        return PaperHint(title, int(end["year"]), [end["author"]] if end["author"] else [])
    citation = _CITATION.search(text)
    if citation:
        # "Attention Is All You Need (Vaswani et al., 2017)": the title before it stays.
        rest = (text[: citation.start()] + " " + text[citation.end() :]).strip(" ,，;；:：-–—")
        authors = [a for a in (citation["a1"], citation["a2"]) if a]
        return PaperHint(_title(rest), int(citation["year"]), authors)
    m = _LEADING_YEAR.fullmatch(text)
    if m:
        return PaperHint(_title(m["rest"]), int(m["year"]), [])
    m = _TRAILING_YEAR.search(text)
    if m:
        return PaperHint(_title(text[: m.start()].rstrip(_YEAR_SEPARATORS)), int(m["year"]), [])
    years = set(_ANY_YEAR.findall(text))
    return PaperHint(_title(text), int(years.pop()) if len(years) == 1 else None, [])


def hint_from_row(
    header: list[str], row: list[str], link_column: int, sources: list[str] | None = None
) -> PaperHint:
    """Hints from a table row (see ``_hint_from_row``); cached, as every link of a row asks.

    ``row`` holds the plain cell texts, ``sources`` (when known) the cells as written, whose
    emphasis and line breaks tell where a title ends."""
    return _hint_from_row(tuple(header), tuple(row), link_column, tuple(sources or ()))


@functools.lru_cache(maxsize=16384)
def _hint_from_row(
    header: tuple[str, ...], row: tuple[str, ...], link_column: int, sources: tuple[str, ...]
) -> PaperHint:
    """Hints from a table row: a Year/年份/Date column, a Paper/论文/Title column's lead, the
    link's own cell.

    A year or title column wins over the link's own cell; other cells count only when they start
    with a year (``2014-Title``). A cell that is only links (``[Paper](...), [Tweet](...)``)
    gives no title: each link's own text speaks for it."""
    roles = _column_roles(header)
    cells = [_clean(c) for c in row]
    year: int | None = None
    titled: list[PaperHint] = []
    authors: list[str] = []
    for i, cell in enumerate(cells):
        role = roles[i] if i < len(roles) else ""
        if role == "year":
            found = _ANY_YEAR.search(cell)
            year = year or (int(found[0]) if found else None)
        elif role in ("title", "name"):
            source = sources[i] if i < len(sources) else cell
            hint = lead_hint(source, column=True, own_link=i == link_column)
            titled.append(hint if role == "title" else PaperHint(hint.title, hint.year, []))
        elif role == "author":
            authors = authors or [
                a.strip() for a in re.split(r"[,，、;；]|\band\b", cell) if a.strip()
            ]
    link_role = roles[link_column] if 0 <= link_column < len(roles) else ""
    if 0 <= link_column < len(cells) and link_role not in ("title", "name"):
        source = sources[link_column] if link_column < len(sources) else cells[link_column]
        titled.append(lead_hint(source, column=False, own_link=True))
    for i, cell in enumerate(cells):
        if i != link_column and _LEADING_YEAR.fullmatch(cell):
            titled.append(hint_from_text(cell))
    title = next((h.title for h in titled if h.title), None)
    return PaperHint(
        title=title,
        year=year or next((h.year for h in titled if h.year), None),
        authors=authors or next((h.authors for h in titled if h.authors), []),
        name=None if title else next((h.name for h in titled if h.name), None),
    )


@functools.lru_cache(maxsize=4096)
def _column_roles(header: tuple[str, ...]) -> tuple[str, ...]:
    """What each column of a table holds: ``year``, ``title``, ``name``, ``author`` or ""
    (once per header, not once per row: a paper table has many rows under one header)."""
    roles = []
    for h in header:
        head = _clean(h).lower()
        if any(k in head for k in _YEAR_HEADS):
            roles.append("year")
        elif any(k in head for k in _TITLE_HEADS):
            roles.append("title")
        elif any(k in head for k in _NAME_HEADS):
            roles.append("name")
        elif any(k in head for k in _AUTHOR_HEADS):
            roles.append("author")
        else:
            roles.append("")
    return tuple(roles)


# --- the lead of a cell or line ----------------------------------------------------------------

_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)
_STRONG_TAG = re.compile(r"</?(?:b|strong)\s*>", re.IGNORECASE)
_IMAGE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)")
_BADGE = re.compile(r"\[\s*!\[[^\]\n]*\]\([^)\n]*\)\s*\]\([^)\n]*\)")
# "1)", "1.", "(1)", "[1]", "#1", "①", "一、", list bullets, task boxes: what numbers an item.
_ENUMERATOR = re.compile(
    r"(?:[-*+•●▪■◆]\s+|\[[ xX]\]\s+|\d{1,3}(?:\.\d{1,3})+\.?(?=\s)|[(（]?\d{1,3}(?:[)）、]|\.(?=\s))|\[\d{1,3}\](?!\()|#\d{1,3}\b"
    r"|[①-⑳]|[一二三四五六七八九十]{1,3}、)\s*"
)
_DATE_PREFIX = re.compile(
    rf"[\[(（【]?(?P<year>{YEAR})(?:[.\-/年]\d{{1,2}}(?:月)?)?[\])）】]?(?:年)?\s*[-–—:：.、,，|]?\s+"
)
# A link: [label](target), [label][ref], or, in prose whose targets are blanked, "[label" and
# the blank run where "](target)" was.
_LINK = re.compile(r"\[(?P<label>[^\[\]\n]*)(?:\]\([^)\n]*\)|\]\[[^\]\n]*\]|\]|\s{2,}|$)")
_SEPARATOR = re.compile(
    r"\s{2,}|\s[-–—]{1,2}\s|\s*[|｜]\s*|[，。；;]|：(?=\s*[\u3400-\u9fff])|\s*[(（]?\s*https?://"
    r"|(?<=[a-z]{3})\.\s+(?=[A-Z])|(?<=\S)\s*\[|\s+[-–—]{1,2}(?=[A-Za-z])|\s*（|\s*\((?=\s*$)"
)
_INLINE_LINK = re.compile(r"\[([^\[\]\n]*)\]\([^)\n]*\)")
_FULL_COLON = re.compile(r"：(?=\s*[A-Za-z])")
_MARKS = re.compile(r"\*\*|__|(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w)|`|~~")


@dataclass(frozen=True)
class _Lead:
    text: str
    marked: bool  # emphasis, a link label, 《》, or a separator after it ends it
    link: bool  # the lead is a link's label
    year: int | None


def _lead(source: str) -> _Lead:
    """The phrase a cell or line starts with, and whether something marks where it ends."""
    text = source
    if "![" in text:
        text = _IMAGE.sub(" ", _BADGE.sub(" ", text))
    if "<" in text:
        text = _TAG.sub("  ", _STRONG_TAG.sub("**", _BR.sub("  ", text)))
    text = text.strip()
    year = None
    while True:
        m = _ENUMERATOR.match(text) or _DATE_PREFIX.match(text)
        if not m or not m.end():
            break
        if "year" in m.groupdict() and m["year"]:
            year = int(m["year"])
        text = text[m.end() :].lstrip()
    if label := _TITLE_LABEL.match(text):  # the whole rest is the title, colons and all
        return _Lead(_inline(_ANNOTATION.sub("", text[label.end() :])), True, False, year)
    for opener, closer in (("**", "**"), ("__", "__"), ("《", "》"), ("“", "”"), ('"', '"')):
        if text.startswith(opener):
            end = text.find(closer, len(opener))
            if end > len(opener):
                inner = text[len(opener) : end]
                link = _LINK.fullmatch(inner.strip())
                return _Lead(_inline(inner), True, link is not None, year)
    for single in ("*", "_"):
        if text.startswith(single) and not text.startswith(single * 2):
            end = text.find(single, 1)
            if end > 1 and not text[end - 1].isspace():
                return _Lead(_inline(text[1:end]), True, False, year)
    if text.startswith("["):
        m = _LINK.match(text)
        if m is not None:
            return _Lead(_inline(m["label"]), True, True, year)
    cut = _SEPARATOR.search(text)
    if cut is not None and cut.start() > 0:
        return _Lead(_inline(text[: cut.start()]), True, False, year)
    return _Lead(_inline(text), False, False, year)


def _inline(text: str) -> str:
    """Markdown text as plain text: link labels, no emphasis marks or code ticks."""
    if "[" in text:
        text = _INLINE_LINK.sub(r"\1", text)
    if any(mark in text for mark in "*_`~\\"):
        text = _MARKS.sub("", text).replace("\\", "")
    text = text.rstrip()
    if text.endswith((")", "）")):
        text = _AUTHORS_AFTER.sub("", text)
    if "：" in text:
        text = _FULL_COLON.sub(": ", text)  # "Sentence-BERT：Sentence ..." in CJK notes
    return _clean(text).strip(_WRAP + ":：,，.。;；-–—|")


@functools.lru_cache(maxsize=65536)
def lead_hint(source: str, column: bool = False, own_link: bool = False) -> PaperHint:
    """What the lead of a table cell or note line (as written in Markdown) says.

    ``column``: the cell sits in a paper or title column, which names papers by position: a
    short bold or separated lead is a name, and a lead no mark ends may still be a title. Else
    (a free line, the cell of the link) the lead needs a mark, and a lead without emphasis must
    read like a title (most words capitalised) rather than a sentence about the paper.
    ``own_link``: the link being titled sits in this cell or line: a lead that is a link's label
    belongs to that link's own text, not to the cell.
    """
    lead = _lead(source)
    if lead.link and own_link and not column:
        return PaperHint(None, lead.year, [])
    hint = hint_from_text(lead.text)
    year = lead.year or hint.year
    title = hint.title
    # A free line's unemphasised lead must read like a title, unless a date starts the entry
    # ("[2023.02] Active prompting with chain-of-thought ..."): paper lists are written so.
    free = not column and not lead.link and not _emphasised(source) and lead.year is None
    if title and free and not title_cased(title):
        title = None
    if title and free and lead.text.find(title) > 1 and not (hint.authors or hint.year):
        title = None  # a title quoted inside a sentence about something else (a post about it)
    if title:
        return PaperHint(title, year, hint.authors)
    name = _name(lead.text) if (lead.marked or column) and not hint.authors else None
    if name and not column and not _emphasised(source):
        name = None  # a free line names a paper in few words only in bold
    return PaperHint(None, year, hint.authors, name)


def _emphasised(source: str) -> bool:
    """Whether the lead of ``source`` is emphasised (bold, italic, ``<b>``)."""
    text = _STRONG_TAG.sub("**", source).lstrip()
    while m := (_ENUMERATOR.match(text) or _DATE_PREFIX.match(text)):
        if not m.end():
            break
        text = text[m.end() :].lstrip()
    return text.startswith(("**", "__", "*", "_", "《"))


def says_nothing(source: str) -> bool:
    """Whether a line (as written) holds nothing but a link label such as ``Paper:`` or
    ``论文：`` and the link: the text it belongs to is elsewhere (the item above)."""
    text = _lead(source).text
    words = re.split(r"[\s:：]+", _CJK_LABEL.sub(" ", text).strip())
    return all(not w or w.casefold() in _GENERIC_WORDS for w in words)


def heading_title(text: str) -> str | None:
    """``text`` (a heading or note title) as a paper's full title, or None: numbering and a year
    prefix are dropped; a heading made of section words (``Related Work``) is no title."""
    text = _ANNOTATION.sub("", text)
    lead = _lead(text)
    hint = hint_from_text(lead.text if lead.marked and lead.link else _inline(_strip_lead(text)))
    if hint.title is None:
        return None
    words = [w.casefold().strip(_WRAP + ":,.") for w in hint.title.split()]
    if all(w in _STRUCTURAL for w in words):
        return None
    return hint.title


def _strip_lead(text: str) -> str:
    """``text`` without the numbering or date that starts it."""
    text = text.strip()
    while m := (_ENUMERATOR.match(text) or _DATE_PREFIX.match(text)):
        if not m.end():
            break
        text = text[m.end() :].lstrip()
    return text


def title_key(title: str) -> str:
    """A title folded for comparison: width, case, punctuation and spacing do not count."""
    folded = unicodedata.normalize("NFKC", title).casefold()
    folded = re.sub(r"[-‐‑‒–—'’]", "", folded)  # "Pre-training" is "Pretraining"
    return " ".join(re.sub(r"[^\w\s]|_", " ", folded).split())


def _clean(text: str) -> str:
    if not isinstance(text, str):
        return ""
    return " ".join((_TAG.sub(" ", text) if "<" in text else text).split())


# A note on the entry after a title ("Title 【蒸馏】"); a label before one ("论文名称：Title").
_ANNOTATION = re.compile(r"\s*【[^【】]*】\s*$")
_TITLE_LABEL = re.compile(
    r"^(?:论文(?:名称|题目|标题|名)?|标题|题目|paper\s+(?:title|name)|title)\s*[:：]\s*", re.I
)


def _title(text: str) -> str | None:
    """``text`` as a title when it reads like one: Latin script, three words, a capital letter,
    not a sentence about the paper."""
    text = _ANNOTATION.sub("", text)
    text = text.strip(_WRAP).rstrip(".。,，;；:：").strip(_WRAP)
    if not 8 <= len(text) <= 250 or _CJK.search(text) or "://" in text or "; " in text:
        return None
    if _AUTHORS_ONLY.fullmatch(text) or _ET_AL.search(text):  # "Mikolov et al" names people
        return None
    words = [w for w in re.split(r"\s+", text) if any(c.isalpha() for c in w)]
    if len(words) < 3 or not any(c.isupper() for c in text):
        return None
    if all(w.lower().strip(_WRAP + ":,.") in _GENERIC_WORDS for w in words):
        return None
    if words[0] in _DESCRIPTION_START:  # lower-case only: "A Survey of ..." is a title
        return None
    return text


def _name(text: str) -> str | None:
    """``text`` as a short name (``rStar``, ``SAM 2``, ``Llama 3.1``): one to four words, a
    letter, not a generic word, not Chinese."""
    text = _ARXIV_ID_TEXT.sub(" ", text).strip(_WRAP).rstrip(".。,，;；:：").strip(_WRAP)
    words = text.split()
    if not 2 <= len(text) <= 60 or not 1 <= len(words) <= 4 or _CJK.search(text):
        return None
    if not any(c.isalpha() for c in text) or "://" in text or "," in text or _ET_AL.search(text):
        return None
    if _AUTHORS_ONLY.fullmatch(text) or _ANY_YEAR.search(text):  # "Kim", "EMNLP 2014"
        return None
    if all(w.lower().strip(_WRAP + ":,.&") in _GENERIC_WORDS | _VENUES for w in words):
        return None
    if text.islower() and len(words) > 1:  # "new model", not a name
        return None
    if _HOST_LIKE.fullmatch(text):  # "[nlp.stanford](…pdf)": where the link goes, not a name
        return None
    return text


_HOST_LIKE = re.compile(r"[a-z][\w-]*(?:\.[a-z][\w-]*)+")


def title_cased(title: str) -> bool:
    """Whether most long words start with a capital (or hold one, ``word2vec`` aside): titles
    are written so; a sentence about a paper is not."""
    words = [w.strip(_WRAP + ":,.?!") for w in title.split()]
    long = [w for w in words if len(w) >= 4 and w.casefold() not in _STRUCTURAL_SMALL]
    if not long:
        return True
    capital = sum(1 for w in long if any(c.isupper() or c.isdigit() for c in w))
    return capital >= 0.6 * len(long)


# Function words a title keeps lower-case.
_STRUCTURAL_SMALL = frozenset(
    str.split("with from into over than that this their about using without through onto upon")
)


__all__ = [
    "YEAR",
    "PaperHint",
    "heading_title",
    "hint_from_row",
    "hint_from_text",
    "lead_hint",
    "title_key",
]
