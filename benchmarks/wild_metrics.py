"""Metrics of one build against a hand-checked fact table (see ``wild_facts.py``).

Everything here reads the atlas as the JSON document ``atlas.json`` holds (a dict), so a saved
atlas can be scored as well as a fresh build, and the harness does not depend on the library's
internal classes. Evidence counts as *note evidence* when it names a file and its method is not
``vocabulary``.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from typing import Any

from wild_facts import FactConcept, Facts, fold

#: Typed relations between concepts (schema.kinds.RELATION_KINDS, as strings).
RELATION_KINDS = frozenset(
    {"is_a", "part_of", "based_on", "uses", "improves_on", "variant_of", "addresses",
     "has_problem", "precedes", "prerequisite_of", "related_to"}
)  # fmt: skip
#: Derived concept-to-concept edges that still say "this leads to that".
DERIVED_KINDS = frozenset({"leads_to", "subtopic_of"})
MENTION_KINDS = frozenset({"mentions", "defines"})

Node = dict[str, Any]
Edge = dict[str, Any]


def note_evidence(edge: Edge) -> list[dict[str, Any]]:
    """The evidence of an edge that cites a note line, not the vocabulary."""
    return [
        e for e in edge.get("evidence", []) if e.get("file") and e.get("method") != "vocabulary"
    ]


class AtlasView:
    """Lookups over an atlas document: concepts by folded name, papers by id and URL."""

    def __init__(self, doc: dict[str, Any]) -> None:
        self.doc = doc
        nodes: list[Node] = doc.get("nodes", [])
        self.nodes = {n["id"]: n for n in nodes}
        self.concepts = [n for n in nodes if n.get("kind") == "concept"]
        self.papers = [n for n in nodes if n.get("kind") == "paper"]
        self.edges: list[Edge] = doc.get("edges", [])
        self.diagnostics: list[dict[str, Any]] = doc.get("diagnostics", [])
        self.by_name: dict[str, list[str]] = {}
        for concept in self.concepts:
            for name in [concept.get("name", ""), *concept.get("aliases", [])]:
                ids = self.by_name.setdefault(fold(name), [])
                if concept["id"] not in ids:
                    ids.append(concept["id"])
        self.mentioned = {e["target"] for e in self.edges if e.get("kind") in MENTION_KINDS}
        self.relations = [e for e in self.edges if e.get("kind") in RELATION_KINDS]

    def concept_id(self, concept: FactConcept) -> str | None:
        """The node a fact concept is, by its name first, then its aliases."""
        for name in concept.names():
            ids = self.by_name.get(fold(name))
            if ids:
                return ids[0]
        return None

    def paper(self, paper_id: str | None, url: str | None) -> Node | None:
        """The paper node with this scheme-qualified id, or reached by this URL."""
        for node in self.papers:
            if paper_id and (node.get("paper_id") == paper_id or paper_id in node.get("ids", [])):
                return node
            if url and _url_key(url) in {_url_key(u) for u in node.get("urls", [])}:
                return node
        return None


def _url_key(url: str) -> str:
    return re.sub(r"^https?://(www\.)?", "", url.strip()).rstrip("/").casefold()


def ratio(part: int, whole: int) -> float | None:
    """part / whole, or None when there is nothing to divide."""
    return part / whole if whole else None


# -- concepts -----------------------------------------------------------------------------------


@dataclass
class ConceptResult:
    """Which fact concepts are concept nodes."""

    found: list[tuple[str, str]] = field(default_factory=list)
    """(fact name, node id)."""
    missed: list[str] = field(default_factory=list)
    vocabulary_only: list[str] = field(default_factory=list)
    """Found, but the node is marked ``builtin`` (the vocabulary's, not the notes')."""

    @property
    def recall(self) -> float | None:
        """Share of fact concepts found."""
        return ratio(len(self.found), len(self.found) + len(self.missed))


def concept_recall(view: AtlasView, facts: Facts) -> ConceptResult:
    """Fact concepts found as concept nodes, matched by folded name or alias."""
    result = ConceptResult()
    for concept in facts.concepts:
        node_id = view.concept_id(concept)
        if node_id is None:
            result.missed.append(concept.name)
            continue
        result.found.append((concept.name, node_id))
        if view.nodes[node_id].get("builtin"):
            result.vocabulary_only.append(concept.name)
    return result


# -- junk ---------------------------------------------------------------------------------------

_TECH_WORDS = frozenset(
    [
        "network", "networks", "learning", "model", "models", "machine", "regression", "tree",
        "trees", "forest", "attention", "transformer", "transformers", "descent", "boosting",
        "analysis", "kernel", "unit", "function", "problem", "embedding", "embeddings", "processing",
        "vision", "language", "intelligence", "perceptron", "search", "encoder", "decoder", "memory",
        "field", "fields", "layer", "gradient", "classifier", "regressor", "clustering", "reduction",
        "selection", "score", "matrix", "vector", "normalization", "dropout", "sampling", "softmax",
        "prediction", "sentence", "neural", "deep", "linear", "logistic", "random", "support",
        "bayes", "naive", "principal", "principle", "component", "convolutional", "recurrent",
        "residual", "generative", "adversarial", "reinforcement", "supervised", "unsupervised",
        "transfer", "word", "words",
    ]
)  # fmt: skip
_SENTENCE_PUNCT = re.compile(r"[。！？；，,;!?]|\. ")
_CODE = re.compile(
    r"->|::|=>|==|!=|\(\)|[{};=<>\[\]]|\w\.\w+\(|^[a-z]+_[a-z0-9_]+$|\b[a-z]+[A-Z][a-z]+[A-Z]"
)
_NUMBER = re.compile(r"^[\d\s.,%+\-×x:/()年月日]+$")
_FILE = re.compile(r"\.(png|jpe?g|gif|svg|webp|md|py|pdf|html?)$|/", re.IGNORECASE)
_PERSON = re.compile(r"^[A-Z][a-z]{2,}(?: [A-Z]\.)? [A-Z][a-z]{2,}$")


def junk_reasons(name: str, facts: Facts) -> list[str]:
    """Why a concept name looks like junk (empty when it does not): a sentence, code, a person,
    a number or date, a file, or a string the fact table says is not a concept."""
    reasons = []
    words = name.split()
    cjk = sum(1 for ch in name if "\u4e00" <= ch <= "\u9fff")
    if len(words) >= 7 or cjk > 12 or len(name) > 60 or _SENTENCE_PUNCT.search(name):
        reasons.append("sentence")
    if _CODE.search(name):
        reasons.append("code")
    if _NUMBER.match(name):
        reasons.append("number")
    if _FILE.search(name):
        reasons.append("file")
    folded = fold(name)
    if folded in {fold(p) for p in facts.people}:
        reasons.append("person")
    elif (
        _PERSON.match(name)
        and not {w.casefold() for w in words} & _TECH_WORDS
        and facts.junk_labels.get(folded) is not False  # a hand label "ok" settles the guess
    ):
        reasons.append("person?")
    if folded in {fold(n) for n in facts.not_concepts}:
        reasons.append("not a concept (facts)")
    return reasons


@dataclass
class JunkResult:
    """Junk among the concept nodes: flagged automatically, and a sample for hand labels."""

    total: int = 0
    flagged: list[tuple[str, list[str]]] = field(default_factory=list)
    sample: list[dict[str, Any]] = field(default_factory=list)
    labelled: int = 0
    labelled_junk: int = 0

    @property
    def auto_rate(self) -> float | None:
        """Share of concept nodes some heuristic flags."""
        return ratio(len(self.flagged), self.total)

    @property
    def hand_rate(self) -> float | None:
        """Share of the labelled sample a person called junk."""
        return ratio(self.labelled_junk, self.labelled)


def _first_evidence(view: AtlasView, node_id: str) -> str:
    for edge in view.edges:
        if edge.get("target") == node_id and edge.get("kind") in MENTION_KINDS:
            for ev in edge.get("evidence", []):
                return f"{ev.get('method')} {ev.get('file')}:{ev.get('line')}"
    return "no note mentions it"


def junk(view: AtlasView, facts: Facts, sample_size: int, seed: int) -> JunkResult:
    """Flag every concept node with ``junk_reasons``; draw a seeded sample for hand labelling and
    score it against the fact table's ``junk_labels``."""
    result = JunkResult(total=len(view.concepts))
    for node in view.concepts:
        reasons = junk_reasons(node.get("name", ""), facts)
        if reasons:
            result.flagged.append((node.get("name", ""), reasons))
    ordered = sorted(view.concepts, key=lambda n: str(n["id"]))
    picked = random.Random(seed).sample(ordered, min(sample_size, len(ordered)))
    for node in sorted(picked, key=lambda n: str(n["id"])):
        name = node.get("name", "")
        label = facts.junk_labels.get(fold(name))
        if label is not None:
            result.labelled += 1
            result.labelled_junk += int(label)
        result.sample.append({
            "name": name, "kind": node.get("concept_kind"), "builtin": bool(node.get("builtin")),
            "evidence": _first_evidence(view, node["id"]),
            "auto": junk_reasons(name, facts), "label": label,
        })  # fmt: skip
    return result
