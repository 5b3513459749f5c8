"""Paper nodes of the document layer: what each link to a paper says about it, its title chosen
from that, and the arXiv and venue versions of one paper made one node.

Where a title comes from, best first (a rank; within a rank the title most notes give wins,
then the longest):

0. the row of a paper table: its Paper/论文/Title column's lead (``1) **Title** - ...``);
1. the link's own text when it reads as a title (``[Attention Is All You Need](...)``);
2. the lead of the line the link sits on, of the list item it hangs under, the heading of the
   section about that one paper, or the title of a note whose front matter names the paper;
3. a short name a paper column or a bold lead gives (``**rStar**``).

Two ids are one paper when the titles the notes give them are the same once width, case,
punctuation and spacing are folded away (``title_key``), never on a guess: BERT on arXiv and at
NAACL are one node only when both links carry the same full title. The node keeps both ids; its
id is the arXiv one when there is one (notes and vocabularies cite arXiv most, and its id dates
the first version), else the first by scheme (ACL, NeurIPS, PMLR, JMLR, OpenReview, DOI) and id.
Nothing merges when two ids of one scheme share the title (arXiv gives a paper one id: two are
two papers, or a wrong link) or their years lie more than three apart.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from noteatlas.graph.concepts.years import parse_year
from noteatlas.graph.identify.dated import line_year, stated_year, url_year
from noteatlas.graph.identify.paper_pages import URL_SCHEME
from noteatlas.graph.identify.papers import PaperRef
from noteatlas.graph.identify.titles import (
    YEAR,
    PaperHint,
    heading_title,
    hint_from_row,
    hint_from_text,
    lead_hint,
    says_nothing,
    title_cased,
    title_key,
)
from noteatlas.schema import Diagnostic, NoteExtract, PaperNode, Reference
from noteatlas.schema.codes import diagnostic

#: Title ranks, best first.
ROW, TEXT, PLACE, NAME = 0, 1, 2, 3

_SCHEME_ORDER = ("arxiv", "acl", "neurips", "pmlr", "jmlr", "openreview", "doi", URL_SCHEME)
_URL_ORDER = _SCHEME_ORDER.index(URL_SCHEME)
_URL_PAPER = f"paper:{URL_SCHEME}:"


@dataclass
class _Paper:
    ref: PaperRef
    urls: set[str] = field(default_factory=set)
    titles: Counter[tuple[int, str]] = field(default_factory=Counter)
    hint_years: list[int] = field(default_factory=list)
    stated: list[tuple[int, str, int]] = field(default_factory=list)
    """(year, file, line) of each year a note writes for it, where the note is known."""
    authors: list[str] = field(default_factory=list)

    def best_title(self) -> tuple[int, str] | None:
        """(rank, title) of the best title, or None."""
        if not self.titles:
            return None
        return min(self.titles, key=lambda rt: (rt[0], -self.titles[rt], -len(rt[1]), rt[1]))


@dataclass
class PaperShelf:
    """Every paper the notes link to, with what they say about it; ``settle`` makes the nodes."""

    papers: dict[str, _Paper] = field(default_factory=dict)

    def add(self, ref: PaperRef, url: str) -> str:
        """Record a link to ``ref`` by ``url``; returns its paper node id (before merging)."""
        pid = f"paper:{ref.paper_id}"
        paper = self.papers.get(pid)
        if paper is None:
            paper = self.papers[pid] = _Paper(ref)
        paper.urls.add(url)
        return pid

    def hint(
        self, pid: str, rank: int, hint: PaperHint, where: tuple[str, int] | None = None
    ) -> None:
        """Record what a link, row, line or heading says about paper ``pid`` (``where``: the
        file and line that say it)."""
        paper = self.papers[pid]
        if hint.title:
            paper.titles[(rank, hint.title)] += 1
        elif hint.name:
            paper.titles[(NAME, hint.name)] += 1
        if hint.year:
            paper.hint_years.append(hint.year)
            if where is not None:
                paper.stated.append((hint.year, *where))
        if hint.authors and not paper.authors:
            paper.authors = list(hint.authors)

    def settle(self) -> Papers:
        """The paper nodes, with versions that share a title merged; a page known only by its URL
        is a paper only when the notes give it a full title."""
        unnamed = {pid for pid, paper in self.papers.items() if not _named(pid, paper)}
        named = {pid: paper for pid, paper in self.papers.items() if pid not in unnamed}
        aliases = _merged(named)
        groups: dict[str, list[str]] = defaultdict(list)
        for pid in sorted(named):
            groups[aliases.get(pid, pid)].append(pid)
        nodes = [_node(main, [self.papers[p] for p in members]) for main, members in groups.items()]
        diagnostics = [
            found
            for node in nodes
            if (found := _year_differs(node, [self.papers[p] for p in groups[node.id]]))
        ]
        return Papers(
            nodes=nodes,
            aliases=aliases,
            years={node.id: node.year for node in nodes},
            diagnostics=diagnostics,
            unnamed=frozenset(unnamed),
        )


@dataclass
class Papers:
    """The settled paper nodes."""

    nodes: list[PaperNode]
    """One node per paper."""
    aliases: dict[str, str]
    """Node id a merged version's id now stands for (``paper:acl:N19-1423`` -> the arXiv one)."""
    years: dict[str, int | None]
    """Year of every paper node."""
    diagnostics: list[Diagnostic] = field(default_factory=list)
    """Where a note states a year for a paper that its ids date otherwise."""
    unnamed: frozenset[str] = frozenset()
    """Pages known only by their URL that no note gives a title: no paper, no node."""

    def node_id(self, pid: str) -> str | None:
        """The node that paper id ``pid`` is part of; None for an unnamed page."""
        return None if pid in self.unnamed else self.aliases.get(pid, pid)


def _named(pid: str, paper: _Paper) -> bool:
    """Whether ``pid`` is a paper: any id is; a page known by its URL when its best title is a
    full one (not a short name) and not the title of course material."""
    if not pid.startswith(_URL_PAPER):
        return True
    best = paper.best_title()
    return (
        best is not None
        and best[0] < NAME
        and not _COURSE_WORDS.intersection(best[1].casefold().replace(":", " ").split())
    )


# A title with one of these words names course material, a book or a volume, not a paper.
_COURSE_WORDS = frozenset(
    str.split(
        "lecture lectures slides slide chapter homework assignment syllabus cheatsheet handout "
        "textbook course proceedings volume 课件 讲义"
    )
)


def _scheme_key(pid: str) -> tuple[int, str]:
    scheme = pid.removeprefix("paper:").partition(":")[0]
    order = _SCHEME_ORDER.index(scheme) if scheme in _SCHEME_ORDER else len(_SCHEME_ORDER)
    return order, pid


def _merged(papers: dict[str, _Paper]) -> dict[str, str]:
    """Alias id -> node id for the ids whose best full titles fold to one key."""
    by_title: dict[str, list[str]] = defaultdict(list)
    for pid, paper in papers.items():
        best = paper.best_title()
        if best is not None and best[0] < NAME:
            by_title[title_key(best[1])].append(pid)
    aliases: dict[str, str] = {}
    for pids in by_title.values():
        if len(pids) < 2:
            continue
        # one id per scheme; pages known by URL are mirrors of one paper when their titles agree
        schemes = [s for p in pids if (s := _scheme_key(p)[0]) != _URL_ORDER]
        years = [y for p in pids if (y := papers[p].ref.year) is not None]
        if len(set(schemes)) < len(schemes) or (years and max(years) - min(years) > _YEARS_APART):
            continue  # one title, two papers (or a wrong link): nothing to merge on
        main, *rest = sorted(pids, key=_scheme_key)
        aliases.update(dict.fromkeys(rest, main))
    return aliases


#: Years a preprint and its venue version may lie apart (BERT: arXiv 2018, NAACL 2019).
_YEARS_APART = 3


def _year_differs(node: PaperNode, versions: list[_Paper]) -> Diagnostic | None:
    """A ``paper-year-differs`` (info) when the notes give the paper years and none is a year its
    ids date it to: the id's year is kept (an arXiv id dates the first version; a venue or a
    publication date may be a year later), and the user learns where their year went."""
    id_years = {v.ref.year for v in versions if v.ref.year is not None}
    stated = sorted({s for v in versions for s in v.stated})
    if not id_years or not stated or any(year in id_years for year, _, _ in stated):
        return None
    _, file, line = stated[0]
    listed = ", ".join(
        [f"{y} ({f}:{n})" for y, f, n in stated[:3]]
        + [f"{node.year} ({node.venue or 'its id'} id {node.paper_id})"]
    )
    return diagnostic(
        "paper-year-differs", file, line, name=node.title or node.paper_id,
        listed=listed, year=node.year, source=f"the {node.venue or 'paper'} id",
    )  # fmt: skip


def _node(pid: str, versions: list[_Paper]) -> PaperNode:
    """The node of a paper from all its versions (``pid``'s first)."""
    versions.sort(key=lambda p: _scheme_key(f"paper:{p.ref.paper_id}"))
    main = versions[0]
    titles: Counter[tuple[int, str]] = Counter()
    urls: set[str] = set()
    hint_years: list[int] = []
    for version in versions:
        titles.update(version.titles)
        urls |= version.urls
        hint_years += version.hint_years
    best = _Paper(main.ref, titles=titles).best_title()
    title = best[1] if best else None
    id_years = [v.ref.year for v in versions if v.ref.year is not None]
    year = min(id_years) if id_years else (min(hint_years) if hint_years else None)
    month = next((v.ref.month for v in versions if v.ref.year == year and v.ref.month), None)
    authors = next((v.authors for v in versions if v.authors), [])
    return PaperNode(
        id=pid, label=title or main.ref.paper_id, paper_id=main.ref.paper_id,
        ids=[v.ref.paper_id for v in versions], title=title, year=year, month=month,
        venue=main.ref.venue or None, authors=authors, urls=sorted(urls),
    )  # fmt: skip


def note_hints(
    ex: NoteExtract, found: Sequence[tuple[Reference, str]]
) -> Iterator[tuple[str, int, PaperHint, int]]:
    """(paper id, rank, hint) for each link to a paper in note ``ex`` (``found``: the
    references that name a paper, with its id).

    The row, line or heading around a link speaks for it only when the link's own text names
    nothing else: in ``| Title | [pdf](a) [BERT](b) |`` the title is a's, not b's."""
    section_papers: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for ref, pid in found:
        for depth in range(len(ref.heading_path) + 1):  # depth 0: the whole note
            section_papers[tuple(ref.heading_path[:depth])].add(pid)
    per_section = Counter({path: len(pids) for path, pids in section_papers.items()})
    on_line = Counter(ref.line for ref, _ in found)
    lines: dict[int, str] | None = None
    for ref, pid in found:
        if not ref.column:  # front matter `paper:`: the note may be about that paper
            # A page has no id to date it: the year the same front matter gives (``year: 2018``
            # with ``paper: https://cdn.openai.com/…``) is the writer's date for both.
            year = parse_year(ex.front_matter.get("year")) if pid.startswith(_URL_PAPER) else None
            yield pid, PLACE, PaperHint(_note_title(ex), year, []), ref.line
            continue
        text = hint_from_text(ref.text)
        yield pid, TEXT, text, ref.line
        if text.year is None and ref.cell is None and pid.startswith(_URL_PAPER):
            # a page has no id to date it: the year its line writes, if the line is about it
            if lines is None:
                lines = {p.line: p.text for p in ex.prose}
            if (on_line[ref.line] == 1 and (year := line_year(lines.get(ref.line, "")))) or (
                year := url_year(ref.target)
            ):
                yield pid, PLACE, PaperHint(None, year, []), ref.line
        named = bool(text.title or lead_hint(ref.text, column=True).name)
        if ref.cell is not None:
            row = _row_hint(ex, ref)
            if named and row.title != text.title:
                row = PaperHint(None, row.year, row.authors)
            yield pid, ROW, row, ref.line
            continue
        if named or text.authors:
            continue
        if lines is None:
            lines = {p.line: p.text for p in ex.prose}
        line = lines.get(ref.line, "")
        place = lead_hint(line, own_link=True)
        if not (place.title or place.name) and says_nothing(line):
            place = _parent_item_hint(ex, ref.line)
        if not (place.title or place.name):
            place = _heading_hint(ref, per_section)
        if not (place.title or place.name) and per_section[()] == 1:
            place = PaperHint(_file_title(ex.path), None, [])
        yield pid, PLACE, place, ref.line
    yield from _section_dates(ex, found, per_section)


def _section_dates(
    ex: NoteExtract, found: Sequence[tuple[Reference, str]], per_section: Counter[tuple[str, ...]]
) -> Iterator[tuple[str, int, PaperHint, int]]:
    """The date or venue line (``_Jun 2015_``, ``收录期刊：AAAI 2020``) of each section that
    links to one paper only (``dated``): that paper's publication year as the note states it."""
    # line -> (section, text): list items without their marks, then the other prose lines
    texts = {i.line: (i.section, i.text) for i in ex.list_items}
    for p in ex.prose:
        texts.setdefault(p.line, (p.section, p.text))
    sections: dict[int, str] = {}
    for ref, pid in found:
        path = tuple(ref.heading_path)
        index = texts.get(ref.line, (-1, ""))[0]
        if not (ref.column and path and per_section[path] == 1 and index >= 0):
            continue
        # the heading is the paper's: its link, or its title (not ``#### 2017-09``, a log)
        heading = ex.headings[index]
        if heading.text == path[-1] and (ref.line == heading.line or heading_title(path[-1])):
            sections.setdefault(index, pid)
    if sections:  # its subsections too ("#### Notes" under the paper's heading): the count
        sections = _with_subsections(ex, sections)  # per path says the subtree has one paper
    headings = {h.line for h in ex.headings}  # a heading is the section's name, not its date
    for line, (section, text) in sorted(texts.items()) if sections else ():
        owner = sections.get(section)
        if owner is not None and line not in headings and (year := stated_year(text)):
            yield owner, PLACE, PaperHint(None, year, []), line


def _with_subsections(ex: NoteExtract, sections: dict[int, str]) -> dict[int, str]:
    """``sections`` with each one's subsections given the same paper."""
    out = dict(sections)
    stack: list[tuple[int, str | None]] = []  # (level, paper) of the open ancestors
    for i, h in enumerate(ex.headings):
        while stack and stack[-1][0] >= h.level:
            stack.pop()
        inherited = next((pid for _, pid in reversed(stack) if pid is not None), None)
        if i not in out and inherited is not None:
            out[i] = inherited
        stack.append((h.level, out.get(i)))
    return out


# A paper note's file name: the author(s) or the year, a dash, the title ("Rong - word2vec
# Parameter Learning Explained.md", "Vaswani et al. - ...", "2017 - Attention Is All You Need.md").
_PAPER_FILE = re.compile(
    rf"(?:{YEAR}|[A-Z][a-z][\w'’-]*(?:\s*(?:,|&|and)\s*[A-Z][a-z][\w'’-]*)*"
    r"(?:\s+et\s+al\.?)?[\s,.]*)\s+[-–—]\s+(?P<title>.+)"
)


def _file_title(path: str) -> str | None:
    """The title a paper note's file name gives (see ``_PAPER_FILE``), for the one paper the
    note links to when nothing else in the note titles it."""
    name = path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    m = _PAPER_FILE.fullmatch(name)
    title = heading_title(m["title"]) if m else None
    return title if title and title_cased(title) else None


def _note_title(ex: NoteExtract) -> str | None:
    """The title of a note whose front matter names a paper, as that paper's title: only when
    the note is not about a concept (no ``kind``) and its title is written like a paper's."""
    if "kind" in ex.front_matter:
        return None
    title = heading_title(ex.title)
    return title if title and title_cased(title) else None


def _row_hint(ex: NoteExtract, ref: Reference) -> PaperHint:
    assert ref.cell is not None
    if ref.cell.table >= len(ex.tables):
        return PaperHint(None, None, [])
    table = ex.tables[ref.cell.table]
    if ref.cell.row >= len(table.rows):
        return PaperHint(None, None, [])
    sources = table.sources[ref.cell.row] if ref.cell.row < len(table.sources) else None
    return hint_from_row(table.header, table.rows[ref.cell.row], ref.cell.column, sources)


def _parent_item_hint(ex: NoteExtract, line: int) -> PaperHint:
    """The lead of the list item a link-only item hangs under (``1. Title. What it does`` then
    ``  - Paper: https://...``): its parent, or the item just before it (two-space indents under
    ``1.`` start a list of their own in CommonMark, and digests write them so)."""
    items = ex.list_items
    for index, item in enumerate(items):
        if item.line != line:
            continue
        for parent in reversed(items[:index]):
            if parent.depth < item.depth:
                return lead_hint(parent.text)
        if index and item.line - items[index - 1].line <= _ITEM_GAP:
            return lead_hint(items[index - 1].text)
        break
    return PaperHint(None, None, [])


#: Lines between a link-only item and the item before it that it still belongs to.
_ITEM_GAP = 3


def _heading_hint(ref: Reference, per_section: Counter[tuple[str, ...]]) -> PaperHint:
    """The nearest heading above ``ref`` that reads as a title, when its section links to this
    paper only."""
    path = tuple(ref.heading_path)
    for depth in range(len(path), 0, -1):
        if per_section[path[:depth]] != 1:
            return PaperHint(None, None, [])
        title = heading_title(path[depth - 1])
        if title:
            return PaperHint(title, None, [])
    return PaperHint(None, None, [])


__all__ = ["NAME", "PLACE", "ROW", "TEXT", "PaperShelf", "Papers", "note_hints"]
