"""The concepts of a corpus while they are gathered: drafts by id, findable by any name.

Drafts start from the vocabulary; notes that define a concept add to them, and relation fields
may create new ones. Only when everything is gathered do drafts become ``ConceptNode`` values.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from noteatlas.graph.concepts.names import Matcher, fold_key
from noteatlas.graph.concepts.vocabulary import BUILTIN_SOURCE, Vocabulary, concept_id
from noteatlas.graph.concepts.years import YearClaim, YearRank
from noteatlas.graph.identify.papers import recognize_paper
from noteatlas.graph.identify.urls import normalize_url
from noteatlas.schema import ConceptKind, Diagnostic, Evidence, Method
from noteatlas.schema.codes import diagnostic

#: Longest name a relation field may create a concept from.
MAX_NAME = 60

_SCHEME_ID = re.compile(r"^(?:paper:)?([a-z]+):(\S+)$", re.IGNORECASE)


@dataclass
class Draft:
    """A concept being gathered."""

    id: str
    """Node id, ``concept:<slug>``."""
    name: str
    """Canonical name."""
    kind: ConceptKind = ConceptKind.CONCEPT
    """What sort of idea it is."""
    aliases: list[str] = field(default_factory=list)
    """Other names, in the order they were met."""
    summary: str = ""
    """Best summary so far."""
    summary_rank: int = 9
    """0 note front matter, 1 vocabulary, 2 first sentence of a defining note."""
    papers: list[tuple[int, str, Evidence]] = field(default_factory=list)
    """(rank, paper node id, evidence): rank 0 a defining note's ``paper``, 1 the vocabulary."""
    years: list[YearClaim] = field(default_factory=list)
    """Every year claim met."""
    year_note: str | None = None
    """The vocabulary's caveat on its year."""
    builtin: bool = False
    """From the built-in vocabulary and nothing else (so far)."""
    local: bool = False
    """Named by the corpus itself: a corpus vocabulary file, a defining note, a relation field."""
    found: list[Evidence] = field(default_factory=list)
    """Where the notes show it is a concept (``discover``), strongest first."""

    def set_summary(self, text: str, rank: int) -> None:
        """Keep the summary from the most trusted source."""
        text = " ".join(text.split())
        if text and rank < self.summary_rank:
            self.summary, self.summary_rank = text, rank


class Registry:
    """Concept drafts by id and the names that find them."""

    def __init__(
        self,
        vocabulary: Vocabulary,
        paper_years: Mapping[str, int | None],
        paper_aliases: Mapping[str, str] | None = None,
    ) -> None:
        """Start from the vocabulary; ``paper_years`` tells which paper nodes exist, and
        ``paper_aliases`` which node a merged version's id stands for (``paper:acl:N19-1423``)."""
        self.drafts: dict[str, Draft] = {}
        self._keys: dict[str, str] = {}
        self._papers = {p.casefold(): p for p in paper_years}
        for other, node in (paper_aliases or {}).items():
            self._papers.setdefault(other.casefold(), node)
        self.diagnostics: list[Diagnostic] = []
        for entry in vocabulary.entries.values():
            builtin = entry.source == BUILTIN_SOURCE
            draft = Draft(
                id=f"concept:{entry.id}",
                name=entry.name,
                kind=entry.kind,
                builtin=builtin,
                local=not builtin,
                year_note=entry.year_note,
            )
            draft.set_summary(entry.summary, 1)
            if entry.year is not None:
                draft.years.append(YearClaim(entry.year, YearRank.VOCABULARY, "vocabulary"))
            if entry.paper and (paper := self.paper_id(entry.paper)):
                ev = Evidence(
                    file=None if builtin else entry.source,
                    line=None if builtin else entry.line,
                    method=Method.VOCABULARY,
                    snippet=f"{entry.name} paper: {entry.paper}"[:160],
                )
                draft.papers.append((1, paper, ev))
            self.drafts[draft.id] = draft
            self._keys.setdefault(fold_key(entry.id), draft.id)
        for draft in self.drafts.values():
            self._keys.setdefault(fold_key(draft.name), draft.id)
        for entry in vocabulary.entries.values():
            for alias in entry.aliases:
                self.add_alias(f"concept:{entry.id}", alias, None, None)

    def lookup(self, name: str) -> str | None:
        """The concept called ``name`` (id, name or alias), or None."""
        return self._keys.get(fold_key(name))

    def create(self, name: str, kind: ConceptKind) -> str | None:
        """A new concept named ``name`` (or the one with the same slug); None for unusable names."""
        name = " ".join(name.split())
        slug = concept_id(name)
        if not slug or len(name) > MAX_NAME:
            return None
        cid = f"concept:{slug}"
        draft = self.drafts.get(cid)
        if draft is None:
            draft = self.drafts[cid] = Draft(id=cid, name=name, kind=kind)
        draft.local = True
        draft.builtin = False
        self._keys.setdefault(fold_key(name), cid)
        return cid

    def add_alias(self, cid: str, alias: str, file: str | None, line: int | None) -> None:
        """Give a concept another name, unless another concept already has it (a warning)."""
        alias = " ".join(str(alias).split())
        key = fold_key(alias)
        if not key:
            return
        owner = self._keys.setdefault(key, cid)
        draft = self.drafts[cid]
        if owner != cid:
            self.diagnostics.append(
                diagnostic(
                    "alias-conflict",
                    file,
                    line,
                    alias=alias,
                    name=draft.name,
                    owner=self.drafts[owner].name,
                )
            )
        elif key != fold_key(draft.name) and all(fold_key(a) != key for a in draft.aliases):
            draft.aliases.append(alias)

    def add_quiet_alias(self, cid: str, alias: str) -> None:
        """Another name the notes write for a concept, unless another concept has it already
        (then the name stays that concept's, without a warning: the notes only wrote it)."""
        alias = " ".join(alias.split())
        key = fold_key(alias)
        if not key or self._keys.setdefault(key, cid) != cid:
            return
        draft = self.drafts[cid]
        if key != fold_key(draft.name) and all(fold_key(a) != key for a in draft.aliases):
            draft.aliases.append(alias)

    def matcher(self) -> Matcher:
        """A matcher over every name and alias (names claim their keys first)."""
        names = [(d.name, d.id) for d in self.drafts.values()]
        names += [(a, d.id) for d in self.drafts.values() for a in d.aliases]
        return Matcher(names)

    def paper_id(self, value: str) -> str | None:
        """The paper node a written paper (``arxiv:1810.04805``, a URL) is, if the corpus has it."""
        value = value.strip()
        if m := _SCHEME_ID.match(value):
            found = self._papers.get(f"paper:{m.group(1)}:{m.group(2)}".casefold())
            if found is not None or not value.casefold().startswith(("http", "paper:")):
                return found
        url = normalize_url(value) if value.casefold().startswith(("http:", "https:")) else None
        ref = recognize_paper(url) if url is not None else None
        if ref is not None:
            return self._papers.get(f"paper:{ref.paper_id}".casefold())
        folded = value.casefold()
        for key, paper in self._papers.items():
            tail = key.split(":", 2)[-1]
            at = folded.find(tail)
            while at >= 0:
                before = folded[at - 1] if at else "/"
                after = folded[at + len(tail) : at + len(tail) + 1]
                if not before.isalnum() and before != "." and not (after.isdigit() or after == "-"):
                    return paper
                at = folded.find(tail, at + 1)
        return None


__all__ = ["MAX_NAME", "Draft", "Registry"]
