"""The hand-checked fact table of a real note collection, and name folding to match it.

A facts file (YAML) says what a person reading the collection found in it; ``wild_eval.py``
compares a build against it. Only ``concepts`` is required; every other key may be missing::

    collection: zh-notes
    concepts:                       # things the notes clearly talk about
      - {name: ELMo, aliases: [Elmo, emlo], kind: model}
    relations:                      # typed relations the notes state in words
      - {source: ELMo, kind: addresses, target: 多义词问题, where: "elmo.md:31", text: "..."}
    years:                          # years the notes state, for a concept or a paper id
      - {concept: BERT, year: 2018, where: "papers.md:16"}
      - {paper: "arxiv:1810.04805", year: 2018, where: "papers.md:17"}
    papers:                         # papers by the title the notes give them
      - {title: "BERT: Pre-training of ...", id: "arxiv:1810.04805", where: "papers.md:17"}
      - {title: "...", url: "https://...", where: "..."}   # when no id is recognisable
    people: [Tomas Mikolov]         # names that must never become concepts
    not_concepts: [n_init]          # other strings that must never become concepts
    junk_labels: {"p->next": junk, "BiRNN": ok}          # hand labels of sampled concept names
    relation_labels:                # hand verdicts on relations the build drew (not in relations)
      - {source: GRU, kind: variant_of, target: LSTM, correct: true}

Concept and relation endpoints are matched through ``fold``: Unicode NFKC, case folded, and
spaces, hyphens, underscores, dots and apostrophes dropped, so ``Skip-gram``, ``skip gram`` and
``SkipGram`` are one name.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

_DROP = re.compile(r"[\s\-_.·'’‘`]+")


def fold(name: str) -> str:
    """The matching key of a name: NFKC, case folded, separators dropped."""
    return _DROP.sub("", unicodedata.normalize("NFKC", name).casefold())


def norm_title(title: str) -> str:
    """A paper title for comparison: NFKC (ligatures expanded), case folded, Markdown escapes
    undone, whitespace collapsed, trailing punctuation dropped."""
    text = unicodedata.normalize("NFKC", title).replace("\\&", "&").replace("\\", "")
    return re.sub(r"\s+", " ", text).strip().strip(".:;,").casefold()


@dataclass(frozen=True)
class FactConcept:
    """A concept the notes talk about, with every name they give it."""

    name: str
    aliases: tuple[str, ...] = ()
    kind: str = "concept"

    def names(self) -> list[str]:
        """The name first, then the aliases."""
        return [self.name, *self.aliases]


@dataclass(frozen=True)
class FactRelation:
    """A typed relation stated in a note."""

    source: str
    kind: str
    target: str
    where: str = ""
    text: str = ""


@dataclass(frozen=True)
class FactYear:
    """A year stated for a concept (by name) or a paper (by scheme-qualified id)."""

    year: int
    concept: str | None = None
    paper: str | None = None
    where: str = ""


@dataclass(frozen=True)
class FactPaper:
    """A paper as the notes name it: its title, and its id or one URL that reaches it."""

    title: str
    id: str | None = None
    url: str | None = None
    where: str = ""


@dataclass(frozen=True)
class RelationLabel:
    """A hand verdict on one relation a build drew."""

    source: str
    kind: str
    target: str
    correct: bool


@dataclass
class Facts:
    """Everything a facts file holds."""

    collection: str
    concepts: list[FactConcept]
    relations: list[FactRelation] = field(default_factory=list)
    years: list[FactYear] = field(default_factory=list)
    papers: list[FactPaper] = field(default_factory=list)
    people: list[str] = field(default_factory=list)
    not_concepts: list[str] = field(default_factory=list)
    junk_labels: dict[str, bool] = field(default_factory=dict)
    """Folded concept name -> True when a person labelled it junk."""
    relation_labels: list[RelationLabel] = field(default_factory=list)

    def concept_named(self, name: str) -> FactConcept | None:
        """The fact concept one of whose names folds like ``name``."""
        key = fold(name)
        for concept in self.concepts:
            if any(fold(n) == key for n in concept.names()):
                return concept
        return None


def _strs(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value)


def parse_facts(data: dict[str, Any], source: str = "<facts>") -> Facts:
    """Facts from the mapping a facts file holds; a missing required key is a ValueError."""
    if not isinstance(data, dict) or "concepts" not in data:
        raise ValueError(f"{source}: a facts file is a mapping with at least 'concepts'")
    concepts = [
        FactConcept(str(c["name"]), _strs(c.get("aliases")), str(c.get("kind", "concept")))
        for c in data["concepts"] or []
    ]
    relations = [
        FactRelation(str(r["source"]), str(r["kind"]), str(r["target"]),
                     str(r.get("where", "")), str(r.get("text", "")))
        for r in data.get("relations") or []
    ]  # fmt: skip
    years = [
        FactYear(int(y["year"]), y.get("concept"), y.get("paper"), str(y.get("where", "")))
        for y in data.get("years") or []
    ]
    papers = [
        FactPaper(str(p["title"]), p.get("id"), p.get("url"), str(p.get("where", "")))
        for p in data.get("papers") or []
    ]
    labels = {fold(str(k)): str(v).strip().lower() == "junk"
              for k, v in (data.get("junk_labels") or {}).items()}  # fmt: skip
    relation_labels = [
        RelationLabel(str(r["source"]), str(r["kind"]), str(r["target"]), bool(r["correct"]))
        for r in data.get("relation_labels") or []
    ]
    return Facts(
        collection=str(data.get("collection", Path(source).stem)),
        concepts=concepts,
        relations=relations,
        years=years,
        papers=papers,
        people=list(_strs(data.get("people"))),
        not_concepts=list(_strs(data.get("not_concepts"))),
        junk_labels=labels,
        relation_labels=relation_labels,
    )


def load_facts(path: str | Path) -> Facts:
    """Read a facts file."""
    path = Path(path)
    return parse_facts(yaml.safe_load(path.read_text(encoding="utf-8")), str(path))
