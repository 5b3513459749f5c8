"""Relations, lineage, years and paper titles of one build against a fact table.

Reads the atlas document as ``wild_metrics.AtlasView`` does; see that module for what counts as
note evidence.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from wild_facts import FactConcept, Facts, norm_title
from wild_metrics import DERIVED_KINDS, RELATION_KINDS, AtlasView, Edge, Node, note_evidence, ratio

# -- relations ----------------------------------------------------------------------------------


@dataclass
class RelationResult:
    """Fact relations against the typed edges of the build."""

    total: int = 0
    typed: list[str] = field(default_factory=list)
    """Fact relations drawn with the same kind and direction."""
    typed_from_notes: list[str] = field(default_factory=list)
    """... and with note evidence."""
    any_kind: list[str] = field(default_factory=list)
    """Fact relations joined by some typed or derived edge, either way."""
    any_kind_from_notes: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    unresolved: list[str] = field(default_factory=list)
    """Fact relations one of whose concepts is not a node at all."""
    drawn: int = 0
    """Typed edges with note evidence whose both ends are fact concepts."""
    drawn_match_typed: int = 0
    drawn_match_any: int = 0
    checked: int = 0
    checked_correct: int = 0
    unchecked: list[str] = field(default_factory=list)
    """Drawn relations neither a fact nor labelled: to label by hand."""


def _say(source: str, kind: str, target: str) -> str:
    return f"{source} -{kind}-> {target}"


def relation_recall(view: AtlasView, facts: Facts) -> RelationResult:
    """Recall of the fact relations (typed, typed with note evidence, kind-agnostic) and the
    precision of the drawn note relations among fact concepts (against facts and hand labels)."""
    ids = {c.name: view.concept_id(c) for c in facts.concepts}

    def node_of(name: str) -> str | None:
        concept = facts.concept_named(name)
        return ids.get(concept.name) if concept else None

    pairs: dict[tuple[str, str], list[Edge]] = {}
    for edge in view.edges:
        if edge.get("kind") in RELATION_KINDS | DERIVED_KINDS:
            pairs.setdefault((edge["source"], edge["target"]), []).append(edge)
    result = RelationResult(total=len(facts.relations))
    fact_keys: set[tuple[str, str, str]] = set()
    fact_pairs: set[frozenset[str]] = set()
    for rel in facts.relations:
        said = _say(rel.source, rel.kind, rel.target)
        src, dst = node_of(rel.source), node_of(rel.target)
        if src is None or dst is None:
            result.unresolved.append(said)
            result.missed.append(said)
            continue
        fact_keys.add((src, rel.kind, dst))
        fact_pairs.add(frozenset((src, dst)))
        both = pairs.get((src, dst), []) + pairs.get((dst, src), [])
        same = [e for e in pairs.get((src, dst), []) if e["kind"] == rel.kind]
        if rel.kind == "related_to":
            same += [e for e in pairs.get((dst, src), []) if e["kind"] == rel.kind]
        if same:
            result.typed.append(said)
            if any(note_evidence(e) for e in same):
                result.typed_from_notes.append(said)
        if both:
            result.any_kind.append(said)
            if any(note_evidence(e) for e in both):
                result.any_kind_from_notes.append(said)
        else:
            result.missed.append(said)
    fact_ids = {i for i in ids.values() if i}
    labels = {
        (node_of(lab.source), lab.kind, node_of(lab.target)): lab.correct
        for lab in facts.relation_labels
    }
    for edge in view.relations:
        if edge["source"] not in fact_ids or edge["target"] not in fact_ids:
            continue
        if not note_evidence(edge):
            continue
        key = (edge["source"], edge["kind"], edge["target"])
        result.drawn += 1
        typed_hit = key in fact_keys or (
            edge["kind"] == "related_to" and (key[2], key[1], key[0]) in fact_keys
        )
        result.drawn_match_typed += typed_hit
        result.drawn_match_any += frozenset((key[0], key[2])) in fact_pairs
        if typed_hit:
            result.checked += 1
            result.checked_correct += 1
        elif key in labels:
            result.checked += 1
            result.checked_correct += labels[key]
        else:
            names = [view.nodes[i].get("name", i) for i in (key[0], key[2])]
            result.unchecked.append(_say(names[0], key[1], names[1]))
    return result


@dataclass
class LineageResult:
    """Typed edges between concepts, and how many cite a note line."""

    mentioned_total: int = 0
    mentioned_from_notes: int = 0
    facts_total: int = 0
    facts_from_notes: int = 0


def lineage(view: AtlasView, facts: Facts) -> LineageResult:
    """Share of typed edges with note evidence: among concepts some note mentions, and among the
    fact concepts."""
    fact_ids = {view.concept_id(c) for c in facts.concepts} - {None}
    result = LineageResult()
    for edge in view.relations:
        cites = bool(note_evidence(edge))
        if edge["source"] in view.mentioned and edge["target"] in view.mentioned:
            result.mentioned_total += 1
            result.mentioned_from_notes += cites
        if edge["source"] in fact_ids and edge["target"] in fact_ids:
            result.facts_total += 1
            result.facts_from_notes += cites
    return result


# -- years and papers ---------------------------------------------------------------------------


@dataclass
class YearResult:
    """Stated years against node years."""

    total: int = 0
    agree: list[str] = field(default_factory=list)
    agree_from_notes: list[str] = field(default_factory=list)
    """Agree, and the node's year_source is not the vocabulary."""
    differ: list[str] = field(default_factory=list)
    silent: list[str] = field(default_factory=list)
    """Differ, and no diagnostic about the year names the concept or paper."""
    no_year: list[str] = field(default_factory=list)
    no_node: list[str] = field(default_factory=list)


def _year_diagnosed(view: AtlasView, names: Iterable[str]) -> bool:
    keys = [n for n in names if n]
    for diag in view.diagnostics:
        if "year" in str(diag.get("code", "")):
            text = f"{diag.get('message', '')} {diag.get('hint', '')}"
            if any(k in text for k in keys):
                return True
    return False


def years(view: AtlasView, facts: Facts) -> YearResult:
    """Each stated year: the node's year agrees, differs (silently or with a diagnostic), is
    missing, or there is no node."""
    result = YearResult(total=len(facts.years))
    for fact in facts.years:
        node: Node | None = None
        names: list[str] = []
        if fact.concept:
            concept = facts.concept_named(fact.concept) or FactConcept(fact.concept)
            node_id = view.concept_id(concept)
            node = view.nodes.get(node_id) if node_id else None
            label = fact.concept
        else:
            node = view.paper(fact.paper, None)
            label = str(fact.paper)
        if node is None:
            result.no_node.append(f"{label} ({fact.year})")
            continue
        names = [label, str(node.get("name", "")), str(node.get("paper_id", "")), node["id"]]
        year, source = node.get("year"), node.get("year_source") or node.get("venue") or "?"
        if year is None:
            result.no_year.append(f"{label} ({fact.year})")
        elif year == fact.year:
            result.agree.append(f"{label} {year} [{source}]")
            if node.get("kind") == "paper" or source != "vocabulary":
                result.agree_from_notes.append(f"{label} {year} [{source}]")
        else:
            said = f"{label}: notes {fact.year}, atlas {year} [{source}]"
            result.differ.append(said)
            if not _year_diagnosed(view, names):
                result.silent.append(said)
    return result


@dataclass
class PaperResult:
    """Paper titles as the notes name them against PaperNode.title."""

    total: int = 0
    clean: list[str] = field(default_factory=list)
    wrong: list[tuple[str, str]] = field(default_factory=list)
    """(fact title, node title)."""
    untitled: list[str] = field(default_factory=list)
    no_node: list[str] = field(default_factory=list)

    @property
    def clean_rate(self) -> float | None:
        """Share of named papers whose node has the clean title."""
        return ratio(len(self.clean), self.total)


def paper_titles(view: AtlasView, facts: Facts) -> PaperResult:
    """Each named paper: a node with the same normalised title, another title, none, or no node."""
    result = PaperResult(total=len(facts.papers))
    for fact in facts.papers:
        node = view.paper(fact.id, fact.url)
        if node is None:
            result.no_node.append(fact.title)
        elif not node.get("title"):
            result.untitled.append(fact.title)
        elif norm_title(str(node["title"])) == norm_title(fact.title):
            result.clean.append(fact.title)
        else:
            result.wrong.append((fact.title, str(node["title"])))
    return result
