"""The texts of a note that may mention concepts: prose, list items, headings, table rows.

Each line is matched once. Prose lines come with code, math and URLs already blanked; list items,
headings and table rows that prose does not cover are added, with any URL blanked here too, so a
``github.com/stanfordnlp/GloVe`` never mentions GloVe. Front matter and code never count.
"""

from __future__ import annotations

import bisect
import posixpath
import re

from noteatlas.schema import NoteExtract

# A scheme is tried only where a run of scheme characters starts (the look-behind): tried at every
# letter of a run, it rescanned the run each time, and 100 KB of letters took 15 s (issue 16).
# ``pre`` skips the digits and signs a scheme cannot start with, as the old per-letter try did.
_URL = re.compile(
    r"(?<![a-zA-Z0-9+.-])(?P<pre>[0-9+.-]*)(?P<url>[a-zA-Z][a-zA-Z0-9+.-]*://[^\s<>\"'）)\]】，。]*)"
    r"|(?P<www>www\.[^\s<>\"'）)\]】，。]*)"
)
_SUMMARY_MIN = 8
_SUMMARY_MAX = 200


def blank_urls(text: str) -> str:
    """The text with URLs replaced by spaces (columns kept)."""
    if "://" not in text and "www." not in text:  # what each form needs: most lines have none
        return text
    return _URL.sub(_blank, text)


def _blank(m: re.Match[str]) -> str:
    pre = m.group("pre") or ""
    return pre + " " * (m.end() - m.start() - len(pre))


def stem(path: str) -> str:
    """File name without folder and suffix: ``02-NLP/BERT面试题.md`` -> ``BERT面试题``."""
    name = posixpath.basename(path)
    return name.rsplit(".", 1)[0] if "." in name else name


def section_of(ex: NoteExtract, line: int) -> int:
    """Index of the heading a line sits under, -1 before any."""
    lines = [h.line for h in ex.headings]
    return bisect.bisect_right(lines, line) - 1


def note_texts(ex: NoteExtract) -> list[tuple[int, int, str]]:
    """(line, section, text) for every line of the note that can mention a concept, in order."""
    out: dict[int, tuple[int, int, str]] = {}
    for p in ex.prose:
        if p.line in out:
            line, section, text = out[p.line]
            out[p.line] = (line, section, f"{text} {blank_urls(p.text)}")
        else:
            out[p.line] = (p.line, p.section, blank_urls(p.text))
    for item in ex.list_items:
        out.setdefault(item.line, (item.line, item.section, blank_urls(item.text)))
    for i, h in enumerate(ex.headings):
        out.setdefault(h.line, (h.line, i, blank_urls(h.text)))
    for table in ex.tables:
        header = " | ".join(table.header)
        out.setdefault(table.line, (table.line, section_of(ex, table.line), blank_urls(header)))
        for row, line in zip(table.rows, table.row_lines, strict=False):
            text = blank_urls(" | ".join(row))
            out.setdefault(line, (line, section_of(ex, line), text))
    return [out[k] for k in sorted(out)]


_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
#: A line that is a date and nothing else: "February 27, 2023", "27 Feb 2023", "2023-02-27",
#: "2023年2月27日".
_DATE_ONLY = re.compile(
    rf"[*_\s]*(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}\s+{_MONTH},?\s+\d{{4}}|"
    r"\d{4}[-/.]\d{1,2}(?:[-/.]\d{1,2})?|\d{4}\s*年(?:\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?)?)[*_\s.]*",
    re.IGNORECASE,
)


#: A line that says where something is, not what it is: "Paper: [LLaMA: …](…)", "代码：…".
_WHERE_LABEL = re.compile(
    r"[*_\s]*(?:original\s+)?(?:paper|blog|code|links?|url|arxiv|github|repo|project page|slides|"
    r"video|论文(?:地址|链接)?|代码|链接|原文|地址)[*_\s]*[:：]",
    re.IGNORECASE,
)


_WIKILINK = re.compile(r"\[\[(?:[^\]|\n]*\|)?([^\]\n]*)\]\]")
_HIGHLIGHT = re.compile(r"==(?=\S)([^=\n]+?)==")


def _plain(text: str) -> str:
    """A summary's words without Obsidian markup: ``[[LLaMA]]`` and ``[[Target|shown]]`` as the
    words shown, ``==highlight==`` as its words."""
    if "[[" in text:
        text = _WIKILINK.sub(lambda m: m.group(1).split("#")[-1], text)
    if "==" in text:
        text = _HIGHLIGHT.sub(r"\1", text)
    return text


def summary_line(ex: NoteExtract) -> str:
    """The first sentence-like prose line of a note's opening section: a fallback summary."""
    heading_lines = {h.line for h in ex.headings}
    opening = {-1} | {i for i, h in enumerate(ex.headings[:1]) if h.level == 1}
    for p in ex.prose:
        text = " ".join(p.text.split())
        if p.section not in opening or p.line in heading_lines or "::" in text:
            continue
        text = text.lstrip("> ").strip()
        if (
            text.startswith("[!")
            or len(text) < _SUMMARY_MIN
            or _DATE_ONLY.fullmatch(text)
            or _WHERE_LABEL.match(text)
            or text.rstrip("*_ ").endswith((":", "："))  # a label: "Abstract:"
            or (text.isascii() and len(text.split()) < 3)  # "Abstract", "Overview"
        ):
            continue  # a callout, a fragment, a date ("February 27, 2023"), "Paper: [...](…)"
        text = _plain(text)
        return text if len(text) <= _SUMMARY_MAX else text[: _SUMMARY_MAX - 1] + "…"
    return ""


__all__ = ["blank_urls", "note_texts", "section_of", "stem", "summary_line"]
