"""Links in a sentence, as the relation reader should see them.

Wikilink brackets and the target of a link with display text are dropped
(``是[[静态词向量]]：`` reads ``是静态词向量：``; ``[[n-gram语言模型|语言模型]]`` says 语言模型), and so is
the text of a link that reads as a cited title (``[Improving neural networks by …](url)``):
a paper's title states nothing about the concepts it names.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

Span = tuple[int, int, str]
"""A concept mention: (start, end, concept id), offsets into the sentence text."""

# A link's text as the prose keeps it: "[text" and the blanked "](url)" (or a "](" left).
_TITLE_LINK = re.compile(
    r"(?<!\[)\[(?!\[)(?=[^\[\]\n]*?[A-Za-z]+\s+[A-Za-z]+\s+[A-Za-z]+)[^\[\]\n]{0,300}?(?=\s{3,}|\]|$)"
)
_BRACKET = re.compile(r"[\[\]]")
#: Marks characters the skeleton drops.
GONE = "\x00"
_WIKILINK = re.compile(r"\[\[(?P<target>[^\[\]|\n]{0,200})(?P<bar>\|)?[^\[\]\n]{0,200}\]\]")


def unlinked(text: str, mentions: Sequence[Span]) -> tuple[str, list[Span]]:
    """The text with wikilink brackets marked for the skeleton to drop (``是[[静态词向量]]：``
    reads as ``是静态词向量：``), the target of a link with display text too
    (``[[n-gram语言模型|语言模型]]`` says 语言模型), and the text of a link that reads as a
    cited title (three Latin words or more); mentions in what is dropped are left out.
    Offsets do not move."""
    if "[" not in text:
        return text, list(mentions)
    blank: list[tuple[int, int]] = []
    for m in _WIKILINK.finditer(text):
        shown = m.end("bar") if m.group("bar") else m.start("target")
        blank += [(m.start(), shown), (m.end() - 2, m.end())]
    for m in _TITLE_LINK.finditer(text):  # a cited title says nothing: "[Improving … by …]( )"
        blank.append((m.start(), m.end()))
    blank += [(m.start(), m.end()) for m in _BRACKET.finditer(text)]  # what links leave
    chars = list(text)
    for a, b in blank:
        chars[a:b] = GONE * (b - a)
    kept = [sp for sp in mentions if not any(a < sp[1] and sp[0] < b for a, b in blank)]
    return "".join(chars), kept


__all__ = ["GONE", "Span", "unlinked"]
