"""Where the graph comes from: the user's notes or only a vocabulary, per concept and relation.

The rule for an edge is ``schema.edges.from_notes`` (a piece of evidence read in a note). A
concept is *defined* in the notes when a note defines it, *mentioned* when a note mentions it,
states an edge to or from it or shows its name where discovery found it, and *vocabulary only*
when no note does any of that.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Literal

from noteatlas.query.index import AtlasIndex
from noteatlas.schema import ConceptNode, EdgeKind, Evidence, Method
from noteatlas.schema.edges import EdgeLike

ConceptSource = Literal["defined", "mentioned", "vocabulary_only"]

#: Edges between concepts that ``show`` lists as relations: all but co-mentions.
_NOT_RELATIONS = frozenset({EdgeKind.CO_MENTIONED})


def is_relation(edge: EdgeLike) -> bool:
    """Whether ``edge`` is a relation between two concepts (``co_mentioned`` is not one)."""
    return (
        edge.source.startswith("concept:")
        and edge.target.startswith("concept:")
        and edge.kind not in _NOT_RELATIONS
    )


def concept_sources(index: AtlasIndex) -> dict[str, ConceptSource]:
    """Concept id -> whether the notes define it, mention it, or only a vocabulary knows it."""
    defined: set[str] = set()
    noted: set[str] = set()
    for edge in index.edges():
        if not edge.from_notes():
            continue
        if edge.kind is EdgeKind.DEFINES:
            defined.add(edge.target)
        noted.update((edge.source, edge.target))
    out: dict[str, ConceptSource] = {}
    for concept in index.concepts():
        if concept.id in defined:
            out[concept.id] = "defined"
        elif concept.id in noted or any(_in_a_note(ev) for ev in concept.found_in):
            out[concept.id] = "mentioned"  # (a name the notes show only where it is not
        else:  # matched as a mention: "多层感知机（MLP）" in a list of prerequisites)
            out[concept.id] = "vocabulary_only"
    return out


def _in_a_note(ev: Evidence) -> bool:
    return ev.file is not None and ev.method is not Method.VOCABULARY


@dataclass
class SourceCounts:
    """Concepts and relations counted by where they come from (``noteatlas stats``)."""

    concepts: Counter[str] = field(default_factory=Counter)
    """``defined``, ``mentioned``, ``vocabulary_only``; and ``builtin`` / ``own`` (named by the
    built-in vocabulary, or by the notes and the corpus's own vocabulary)."""
    relations: Counter[str] = field(default_factory=Counter)
    """``from_notes`` and ``vocabulary_only``."""
    by_kind: dict[str, Counter[str]] = field(default_factory=dict)
    """The same per relation kind."""

    def as_dict(self) -> dict[str, object]:
        """The counts as plain JSON data, every key present."""
        concepts = {k: self.concepts[k] for k in ("defined", "mentioned", "vocabulary_only")}
        concepts |= {k: self.concepts[k] for k in ("builtin", "own")}
        relations: dict[str, object] = {
            k: self.relations[k] for k in ("from_notes", "vocabulary_only")
        }
        relations["by_kind"] = {
            kind: {k: counts[k] for k in ("from_notes", "vocabulary_only")}
            for kind, counts in sorted(self.by_kind.items())
        }
        return {"concepts": concepts, "relations": relations}


def source_counts(index: AtlasIndex) -> SourceCounts:
    """Count concepts and relations of an atlas by source."""
    counts = SourceCounts()
    for concept_id, source in concept_sources(index).items():
        counts.concepts[source] += 1
        concept = index.get(concept_id)
        assert isinstance(concept, ConceptNode)
        counts.concepts["builtin" if concept.builtin else "own"] += 1
    for edge in index.edges():
        if not is_relation(edge):
            continue
        origin = "from_notes" if edge.from_notes() else "vocabulary_only"
        counts.relations[origin] += 1
        counts.by_kind.setdefault(edge.kind.value, Counter())[origin] += 1
    return counts


__all__ = ["ConceptSource", "SourceCounts", "concept_sources", "is_relation", "source_counts"]
