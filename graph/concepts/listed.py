"""Names that a note's lists and headings give: a definition list (``- 遗忘门：控制…``) and
English headings in plain words; reading lists (``参考``, ``References``) name sources instead.

Part of the per-note half of discovery (``sightings``).
"""

from __future__ import annotations

import re

from noteatlas.graph.concepts.naming import (
    CJK,
    kind_of,
    noun_phrase,
    one_name,
    only_cjk,
    technical,
)
from noteatlas.graph.concepts.years import split_year
from noteatlas.graph.prose.phrases import headed
from noteatlas.schema import NoteExtract
from noteatlas.schema.sightings import Sighting

# "遗忘门：控制…", "**Dropout**: …": a short name, then a colon and what it is.
_LEAD_LABEL = re.compile(r"^[\s*_`]*([^:：\n]{2,30}?)[\s*_`]*[:：]\s*\S")
_READING = re.compile(
    r"参考|延伸阅读|拓展阅读|扩展阅读|推荐阅读|阅读|资料|资源|链接|文献|出处|"
    r"\b(?:references?|further reading|reading|resources?|links?|sources?|bibliography|see also)\b",
    re.IGNORECASE,
)
# Words that make an English heading a clause or a phrase about something, not a name.
CLAUSE_EN = re.compile(
    r"\s(?:the|a|an|to|for|in|on|with|by|from|into|than|can|could|will|would|should|is|are|"
    r"was|were|be|more|most|my|our|your|this|that|these|those)\s",
    re.IGNORECASE,
)
_RESOURCE = re.compile(r"\s*(?:\[|<|https?:|www\.|!\[)")


def plain_heading(name: str) -> bool:
    """An English heading in plain words (``Simple approach``, ``Problem definition``): a
    section as often as a name, unless its shape or head noun says name (``Beam Search``,
    ``Cross-entropy loss``, ``GRU``)."""
    words = name.split()
    if CJK.search(name) or len(words) < 2 or technical(name) or headed(name):
        return False
    return not all(w[0].isupper() for w in words)


def reading_sections(ex: NoteExtract) -> set[int]:
    """Sections (subsections included) headed ``参考``, ``References``, ``Further reading`` …"""
    out: set[int] = set()
    level: int | None = None
    for i, h in enumerate(ex.headings):
        if level is not None and h.level <= level:
            level = None
        if level is None and _READING.search(h.text):
            level = h.level
        if level is not None:
            out.add(i)
    return out


def item_leads(ex: NoteExtract) -> list[Sighting]:
    """List items that define the name before their colon (``- 遗忘门：控制…``, ``- Dropout: …``):
    a definition list. As often a label (``优点：``), so it needs another sign: the note
    writing the name again elsewhere."""
    out: list[Sighting] = []
    whole: str | None = None
    reading = reading_sections(ex)
    for item in ex.list_items:
        if item.section in reading:
            continue  # a reading list names sources: "- Stanford CS224n：Lecture 2 …"
        m = _LEAD_LABEL.match(item.text)
        if m is None or _RESOURCE.match(item.text, m.end() - 1):
            continue  # "- scikit-learn 文档：[Feature extraction](…)": a resource, not a name
        year, label = split_year(m.group(1))  # "- GPT-2 (2019)：…": GPT-2, dated 2019
        named = one_name(label)
        if named is None or (CJK.search(named[0]) and not noun_phrase(named[0])):
            continue
        if not CJK.search(named[0]) and not (technical(named[0]) or named[0][0].isupper()):
            continue  # "- local：…" is a word; "Dropout", "GPT-2", "Random forest" are names
        if not CJK.search(named[0]) and CLAUSE_EN.search(named[0]):
            continue  # "- Large cluster to the right: …"
        if whole is None:
            whole = "\n".join(p.text for p in ex.prose) + "\n".join(i.text for i in ex.list_items)
        name, alias = named
        short = only_cjk(name) and len(name) <= 2  # "分类", "输入": as often words as names
        score = 2 if whole.count(name) >= 2 and not short and not plain_heading(name) else 1
        kind = kind_of(name, alias)
        out.append(
            Sighting(name, "definition", item.line, kind, score, alias, None, item.text[:80])
        )
        if year is not None:
            out.append(Sighting(name, "year", item.line, year=year, snippet="prose"))
    return out


__all__ = ["CLAUSE_EN", "item_leads", "plain_heading", "reading_sections"]
