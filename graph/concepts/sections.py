"""Relations that come from where things sit in a note's outline.

- A prerequisite section (``## 前置知识``, ``## Prerequisites`` ...): its list items are
  prerequisites of the concept the section is about.
- Markmap blocks and heading nesting: a child that names a concept is a ``subtopic_of`` its
  parent when the parent names exactly one concept.
- Paper links: a paper introduces the concept its link text names (``[ELMo](arxiv...)``), the
  concept another cell of its table row names, or the concept its section's heading names
  when it is the section's first paper and its line does not cite it for a reading of the
  concept (``其他作者解读：``, ``[…] 认为，…``, "explains").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from itertools import pairwise

from noteatlas.graph.concepts.names import Matcher, clean_term, fold_key
from noteatlas.graph.concepts.naming import is_name, kind_of, one_name
from noteatlas.graph.concepts.registry import Registry
from noteatlas.graph.concepts.relations import Found
from noteatlas.graph.concepts.years import split_year
from noteatlas.schema import (
    ConceptKind,
    Diagnostic,
    EdgeKind,
    Evidence,
    Heading,
    ListItem,
    Method,
    NoteExtract,
    OutlineItem,
    Reference,
)
from noteatlas.schema.codes import diagnostic
from noteatlas.schema.edges import snippet

#: Heading words that mark a prerequisite section (matched folded, anywhere in a short heading).
PREREQUISITE_HEADINGS = (
    "前置知识", "预备知识", "先修知识", "先修课程", "前置条件", "先决条件", "前提知识", "前置要求",
    "prerequisites", "prerequisite", "prereqs", "before you start",
)  # fmt: skip


def _prerequisite_word(text: str) -> str | None:
    key = fold_key(clean_term(text))
    if len(key) > 40:
        return None
    return next((w for w in PREREQUISITE_HEADINGS if w in key), None)


def _parent_headings(headings: Sequence[Heading]) -> list[int]:
    """For each heading, the index of the nearest earlier heading of a lower level, or -1."""
    parents: list[int] = []
    stack: list[int] = []
    for i, h in enumerate(headings):
        while stack and headings[stack[-1]].level >= h.level:
            stack.pop()
        parents.append(stack[-1] if stack else -1)
        stack.append(i)
    return parents


def _heading_concept(matcher: Matcher, text: str, *, strict: bool = False) -> str | None:
    return matcher.named(split_year(text)[1], strict=strict)


def _top_items(ex: NoteExtract, index: int) -> list[ListItem]:
    """The top-level list items of heading ``index``'s section, its subsections included."""
    level = ex.headings[index].level
    sections = {index}
    for j in range(index + 1, len(ex.headings)):
        if ex.headings[j].level <= level:
            break
        sections.add(j)
    items = [it for it in ex.list_items if it.section in sections]
    top = min((it.depth for it in items), default=0)
    return [it for it in items if it.depth == top]


def prerequisite_items(ex: NoteExtract) -> list[ListItem]:
    """The top-level items of every prerequisite section (subsections included)."""
    return [
        item
        for i, heading in enumerate(ex.headings)
        if _prerequisite_word(heading.text) is not None
        for item in _top_items(ex, i)
    ]


_PAIR = re.compile(r"\S\s*(?:和|与|及|&|\band\b)\s*\S")
_BRACKETED = re.compile(r"\s*(?:（[^（）]*）|\([^()]*\))")


def prerequisite_concepts(notes: Iterable[NoteExtract], reg: Registry) -> None:
    """A prerequisite item that names no known concept is one: what to learn first is a thing to
    learn (``seq2seq模型``, ``Pre-training和Fine-tuning`` in a ``## 前置知识`` list), however
    rarely the notes write it."""
    matcher = reg.matcher()
    for ex in notes:
        for item in prerequisite_items(ex):
            name = clean_term(item.text)
            if not is_name(name) or matcher.lookup(name):
                continue
            known = set(matcher.resolve(item.text))
            if len(known) >= 2 or (not _PAIR.search(name) and (known or matcher.named(name))):
                continue  # names known, or one with words around it; "A和B" with B unknown
            # is one thing to learn; "多层感知机（MLP）" is one with its other name
            alias = ""
            if (pair := one_name(name)) is not None and pair[1]:
                name, alias = pair
            elif _BRACKETED.search(name):
                name = " ".join(_BRACKETED.sub(" ", name).split())  # "A（MLP）与过拟合"
            if not is_name(name) or matcher.lookup(name):
                continue
            if alias and (known_as := matcher.lookup(alias)) is not None:
                reg.add_alias(known_as, name, ex.path, item.line)  # "MLP" is a concept already
            else:
                cid = reg.create(name, ConceptKind(kind_of(name, alias)))
                if cid is None or reg.drafts[cid].found:
                    continue
                ev = Evidence(file=ex.path, line=item.line, method=Method.PREREQUISITES,
                              snippet=snippet(item.text))  # fmt: skip
                reg.drafts[cid].found.append(ev)
                if alias:
                    reg.add_alias(cid, alias, ex.path, item.line)
            matcher = reg.matcher()  # the next item may name it ("多层感知机（MLP）与过拟合")


def prerequisite_relations(
    ex: NoteExtract, matcher: Matcher, subject: str | None
) -> tuple[list[Found], list[Diagnostic]]:
    """``prerequisite_of`` edges from the items of every prerequisite section."""
    found: list[Found] = []
    diagnostics: list[Diagnostic] = []
    parents = _parent_headings(ex.headings)
    for i, heading in enumerate(ex.headings):
        word = _prerequisite_word(heading.text)
        if word is None:
            continue
        own = fold_key(clean_term(heading.text)).replace(word, " ")
        concept = _heading_concept(matcher, own)
        p = parents[i]
        while concept is None and p >= 0:
            concept = _heading_concept(matcher, ex.headings[p].text)
            p = parents[p]
        concept = concept or subject
        items = _top_items(ex, i)
        if not items:
            continue
        if concept is None:
            diagnostics.append(
                diagnostic(
                    "prerequisites-without-concept", ex.path, heading.line, heading=heading.text
                )
            )
            continue
        for item in items:
            whole = matcher.lookup(clean_term(item.text))  # "Pre-training和Fine-tuning"
            names = [whole] if whole is not None else matcher.resolve(item.text)
            if not names and (one := matcher.named(item.text, strict=False)) is not None:
                names = [one]
            ev = Evidence(
                file=ex.path,
                line=item.line,
                method=Method.PREREQUISITES,
                snippet=snippet(item.text),
            )
            found.extend(
                Found(n, EdgeKind.PREREQUISITE_OF, concept, ev) for n in names if n != concept
            )
            if not names:
                diagnostics.append(
                    diagnostic("prerequisite-unknown", ex.path, item.line, item=item.text)
                )
    return found, diagnostics


def _outline_edges(
    matcher: Matcher, path: str, items: Sequence[OutlineItem], method: Method
) -> list[Found]:
    found: list[Found] = []
    stack: list[OutlineItem] = []
    for item in items:
        while stack and stack[-1].depth >= item.depth:
            stack.pop()
        parent = stack[-1] if stack else None
        stack.append(item)
        if parent is None:
            continue
        parent_text, text = split_year(parent.text)[1], split_year(item.text)[1]
        if method is Method.HEADING:
            up, child = matcher.named(parent_text, strict=False), matcher.named(text, strict=False)
            ups, children = ([up] if up else []), ([child] if child else [])
        else:
            ups, children = matcher.resolve(parent_text), matcher.resolve(text)
        if len(ups) != 1:
            continue
        ev = Evidence(
            file=path,
            line=item.line,
            method=method,
            snippet=snippet(f"{parent.text} > {item.text}"),
        )
        found.extend(Found(c, EdgeKind.SUBTOPIC_OF, ups[0], ev) for c in children if c != ups[0])
    return found


def subtopic_relations(ex: NoteExtract, matcher: Matcher) -> list[Found]:
    """``subtopic_of`` edges from markmap blocks and from heading nesting."""
    found: list[Found] = []
    for block in ex.markmaps:
        found.extend(_outline_edges(matcher, ex.path, block.items, Method.MARKMAP_BLOCK))
    outline = [OutlineItem(depth=h.level, text=h.text, line=h.line) for h in ex.headings]
    found.extend(_outline_edges(matcher, ex.path, outline, Method.HEADING))
    return found


def _row_concept(ex: NoteExtract, ref: Reference, matcher: Matcher) -> str | None:
    cell = ref.cell
    if cell is None or cell.table >= len(ex.tables):
        return None
    table = ex.tables[cell.table]
    if cell.row >= len(table.rows):
        return None
    row = table.rows[cell.row]
    named = {
        c
        for col, text in enumerate(row)
        if col != cell.column and (c := matcher.named(split_year(text)[1])) is not None
    }
    return named.pop() if len(named) == 1 else None


def paper_introductions(
    ex: NoteExtract,
    papers: Sequence[tuple[Reference, str]],
    matcher: Matcher,
    defined: str | None,
) -> list[Found]:
    """``introduces`` edges paper -> concept from the links to papers in a note."""
    found: list[Found] = []
    first: dict[tuple[str, ...], int] = {}  # section -> the line of its first paper link
    for ref, _ in papers:
        key = tuple(ref.heading_path)
        first[key] = min(first.get(key, ref.line), ref.line)
    lines = _line_texts(ex)
    after = _first_children(ex)
    for ref, paper in papers:
        text = " ".join(ref.text.split())
        by_text = None
        if text and "://" not in text:
            by_text = matcher.named(split_year(text)[1])
        if by_text is not None:
            ev = Evidence(
                file=ex.path, line=ref.line, method=Method.LINK_TEXT, snippet=snippet(text)
            )
            found.append(Found(paper, EdgeKind.INTRODUCES, by_text, ev))
            continue
        if (said := _proposed(ref, lines, after, matcher)) is not None:
            proposed, words = said  # "[Attention Is All You Need](…)：" over "* 提出 …Transformer"
            ev = Evidence(file=ex.path, line=ref.line, method=Method.SENTENCE, snippet=words)
            found.append(Found(paper, EdgeKind.INTRODUCES, proposed, ev))
            continue
        if ref.cell is not None:
            concept = _row_concept(ex, ref, matcher)
            if concept is not None:
                row = ex.tables[ref.cell.table].rows[ref.cell.row]
                ev = Evidence(
                    file=ex.path,
                    line=ref.line,
                    method=Method.TABLE,
                    snippet=snippet(" | ".join(row)),
                )
                found.append(Found(paper, EdgeKind.INTRODUCES, concept, ev))
            continue
        heading = ref.heading_path[-1] if ref.heading_path else None
        if first[tuple(ref.heading_path)] != ref.line or _READING_OF.search(
            lines.get(ref.line, "")
        ):
            continue  # a later paper of the section, or one about the concept: not its origin
        concept = _heading_concept(matcher, heading, strict=True) if heading else defined
        if concept is not None:
            ev = Evidence(
                file=ex.path, line=ref.line, method=Method.HEADING, snippet=snippet(heading or text)
            )
            found.append(Found(paper, EdgeKind.INTRODUCES, concept, ev))
    return found


#: What a paper's line (after its link) or its first sub-item says it proposes: ``提出 BERT 模型``,
#: ``提出新的基础网络架构 Transformer``, "proposes ELMo", "introduces the Transformer".
_PROPOSES = re.compile(r"提出了?|\b(?:propos|introduc)(?:es|ed|e)\b", re.IGNORECASE)
_CLAUSE_END = re.compile(r"[，,。；;：:！!？?（(]|\band\b|\bwhich\b")
#: Words between the verb and the name: what kind of thing it is (``新的基础网络架构``, "a new").
_PROPOSED_GAP = 16


def _line_texts(ex: NoteExtract) -> dict[int, str]:
    """Line -> the text of the paragraph line or list item there."""
    lines = {p.line: p.text for p in ex.prose}
    lines.update({it.line: it.text for it in ex.list_items})
    return lines


def _first_children(ex: NoteExtract) -> dict[int, str]:
    """Line of a list item -> the text of its first sub-item."""
    out: dict[int, str] = {}
    items = ex.list_items
    for item, nxt in pairwise(items):
        if nxt.depth > item.depth:
            out[item.line] = nxt.text
    return out


def _proposed(
    ref: Reference, lines: dict[int, str], after: dict[int, str], matcher: Matcher
) -> tuple[str, str] | None:
    """The concept a paper's line says it proposes, right after its link (``[Title](…) 提出 X``)
    or in the first item under it; and the words that say so."""
    line = lines.get(ref.line, "")
    at = line.find(ref.text) if ref.text else -1
    rest = line[at + len(ref.text) :] if at >= 0 else ""
    for text in (rest.lstrip(" ：:-—*"), after.get(ref.line, "")):
        m = _PROPOSES.match(text.lstrip()) if text else None
        if m is None:
            continue
        clause = text.lstrip()[m.end() :]
        if end := _CLAUSE_END.search(clause):
            clause = clause[: end.start()]
        found = matcher.find(clause)
        if found and found[0].start <= _PROPOSED_GAP:
            return found[0].concept, snippet(text.strip())
    return None


#: A line that cites a paper for what it says about a concept, not as where it comes from:
#: ``其他作者解读：[word2vec Parameter Learning Explained]``, ``[On the Relationship …] 认为，…``.
_READING_OF = re.compile(
    r"解读|认为|指出|综述|\b(?:explain(?:s|ed)?|explanations?|argues?|surveys?|reviews?|analy[sz]es)\b",
    re.IGNORECASE,
)

#: A line that gives the paper a note is about: ``Paper: [Title](url)``, ``论文地址：…``.
_PAPER_LABEL = re.compile(
    r"^[\s>*_-]*(?:(?:original\s+)?paper|原?论文(?:地址|链接)?|原文)[*_]*\s*[:：]", re.IGNORECASE
)


def lead_paper(
    ex: NoteExtract, papers: Sequence[tuple[Reference, str]], defined: str | None
) -> tuple[str, Evidence] | None:
    """The paper a note about one concept gives as its own, on a labelled line before its
    sections (``March 4, 2022`` / ``Paper: [Training language models …](arxiv)``): the
    concept's defining paper, as a front matter ``paper:`` would be."""
    if defined is None:
        return None
    lines = _line_texts(ex)
    for ref, paper in papers:
        if ref.cell is not None or len(ref.heading_path) > (1 if ex.title_source == "h1" else 0):
            continue
        text = lines.get(ref.line, "")
        if _PAPER_LABEL.match(text):
            ev = Evidence(file=ex.path, line=ref.line, method=Method.LINK_TEXT,
                          snippet=snippet(" ".join(text.split())))  # fmt: skip
            return paper, ev
    return None


__all__ = [
    "PREREQUISITE_HEADINGS",
    "lead_paper",
    "paper_introductions",
    "prerequisite_relations",
    "subtopic_relations",
]
