"""The concepts stage: concept nodes and the edges between concepts, notes and papers.

It runs in two pure halves around the per-note mentions pass, which the pipeline runs (in its
process pool, through its cache) with the matcher the first half returns:

1. ``define``: concepts from the vocabulary, from notes that define one (front matter ``kind:``,
   or a title or file name that is a known concept) and from names in relation fields; then,
   per note, relations (``relations``) and outline-derived relations (``sections``). Every name
   is known after it: ``Defined.matcher`` finds them.
2. ``assemble``: each note's mentions (``mentions.note_pass``, in note order) become
   ``mentions`` and ``co_mentioned`` edges, and the relations its sentences state typed edges
   (``statements``); the vocabulary's relations join; years are settled by precedence
   (``years``); the concept nodes are made.

Every edge keeps its evidence; the same corpus always gives the same result.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations

from noteatlas.graph.concepts.corroborate import CONFIDENCE as CORROBORATES
from noteatlas.graph.concepts.definitions import define_note, name_resolver
from noteatlas.graph.concepts.discover import claim_years, discover
from noteatlas.graph.concepts.grouped import CONFIDENCE as GROUPED
from noteatlas.graph.concepts.grouped import fits as grouped_fits
from noteatlas.graph.concepts.mentions import (
    PLACES_SHOWN,
    NoteInput,
    NoteMentions,
    note_input,
    note_pass,
)
from noteatlas.graph.concepts.names import Matcher
from noteatlas.graph.concepts.naming import is_name
from noteatlas.graph.concepts.nodes import concept_node
from noteatlas.graph.concepts.registry import Registry
from noteatlas.graph.concepts.relations import (
    Found,
    chain_relations,
    field_relations,
    wikilink_name,
)
from noteatlas.graph.concepts.sectionitems import CONFIDENCE as LISTED
from noteatlas.graph.concepts.sectionitems import fits as listed_fits
from noteatlas.graph.concepts.sections import (
    lead_paper,
    paper_introductions,
    prerequisite_concepts,
    prerequisite_relations,
    subtopic_relations,
)
from noteatlas.graph.concepts.sightings import note_sightings
from noteatlas.graph.concepts.statements import Statement, note_topic
from noteatlas.graph.concepts.texts import stem
from noteatlas.graph.concepts.vocabulary import BUILTIN_SOURCE, Vocabulary
from noteatlas.graph.concepts.years import split_year
from noteatlas.graph.edges import EdgeBag
from noteatlas.schema import (
    METHOD_CONFIDENCE,
    ConceptKind,
    ConceptNode,
    Diagnostic,
    EdgeKind,
    Method,
    NoteExtract,
    Reference,
    RefKind,
)
from noteatlas.schema.edges import snippet
from noteatlas.schema.rows import EdgeRow, EvidenceRow
from noteatlas.schema.sightings import Sighting

#: Evidence kept per edge; weights stay exact.
MAX_EVIDENCE = 20
#: Mentions are many and counted exactly; a few places are enough to show where.
_EVIDENCE_LIMIT = {EdgeKind.MENTIONS: PLACES_SHOWN, EdgeKind.CO_MENTIONED: 3}
#: A section naming more concepts than this is a list or an index, not a discussion: its
#: concepts are mentioned, but not co-mentioned pairwise (which would grow with the square).
MAX_CO_MENTIONED = 12


#: The fields of a note's extract that ``assemble`` reads, its wikilinks among the references.
_ASSEMBLE_READS = frozenset({"path", "title", "title_source", "headings", "references"})


@dataclass(frozen=True)
class NoteContext:
    """What the concepts stage needs to know about one note."""

    extract: NoteExtract
    """The note's extract."""
    note_id: str
    """``note:<path>``."""
    papers: list[tuple[Reference, str]] = field(default_factory=list)
    """References of this note that identify a paper, with the paper node id."""
    wikilink_targets: dict[str, str | None] = field(default_factory=dict)
    """Raw wikilink target -> resolved note path (None when unresolved)."""
    sightings: tuple[Sighting, ...] | None = None
    """What the note shows to be concepts (``sightings.note_sightings``); None: read them here."""

    def all_sightings(self) -> tuple[Sighting, ...]:
        """The note's sightings, and its wikilinks that name no note (``[[语言模型]]``)."""
        found = self.sightings if self.sightings is not None else note_sightings(self.extract)
        links = tuple(
            Sighting(name, "reference", ref.line, score=1, snippet=f"[[{ref.target}]]")
            for ref in self.extract.references
            if ref.kind is RefKind.WIKILINK
            and self.wikilink_targets.get(ref.target) is None
            and is_name(name := wikilink_name(ref.target))
        )
        return found + links

    def for_assemble(self) -> NoteContext:
        """What ``assemble`` reads of this note (``_mentions``: its path, title, headings and
        wikilinks) without the rest of its extract, which ``define`` and the mentions pass have
        read by then: the pipeline lets each whole extract go once its mentions are back."""
        ex = self.extract
        # every other field emptied (a copy: model_construct would compute each default anew)
        update: dict[str, object] = {
            name: type(value)() for name, value in ex if name not in _ASSEMBLE_READS
        }
        update["references"] = [r for r in ex.references if r.kind is RefKind.WIKILINK]
        light = ex.model_copy(update=update)
        return NoteContext(light, self.note_id, wikilink_targets=self.wikilink_targets)


@dataclass
class ConceptResult:
    """Concept nodes, the edges this stage makes, and what it found doubtful."""

    nodes: list[ConceptNode]
    """Concept nodes, sorted by id."""
    edges: list[EdgeRow]
    """Edges, sorted; at most one per (source, kind, target)."""
    diagnostics: list[Diagnostic]
    """Problems found, sorted."""


def _mentions(
    notes: Sequence[NoteContext],
    found: Iterable[NoteMentions],
    reg: Registry,
    defined: Mapping[str, str],
    sink: EdgeBag,
    known: set[tuple[str, EdgeKind, str]],
) -> None:
    """``mentions`` note -> concept (weight = count), ``co_mentioned`` per shared section, and
    the typed relations sentences state (method ``sentence``, each with its cue's confidence;
    a sentence that only corroborates counts for a relation in ``known``, the vocabulary's).

    A note's mentions edges take evidence from that note only, so they are finished here: the
    first places of each concept (and the wikilinks naming it), sorted, only the kept ones made
    into evidence rows. A relation stated in several notes is one edge with all their lines.
    """
    limit = _EVIDENCE_LIMIT[EdgeKind.MENTIONS]
    mention, reference = Method.MENTION, Method.REFERENCE
    pair_sections: list[tuple[str, str, EvidenceRow]] = []
    stated: list[tuple[NoteContext, Statement]] = []
    sentence = Method.SENTENCE
    for ctx, mentions in zip(notes, found, strict=True):
        ex = ctx.extract
        stated.extend((ctx, st) for st in mentions.statements)
        places = mentions.places
        seen_lines = {(p.concept, line) for p in places for line in p.lines}
        # concept -> (count, [(line, method, snippet)]) in order of first sighting
        per_concept: dict[str, tuple[float, list[tuple[int, Method, str]]]] = {
            p.concept: (float(p.count), [(line, mention, text) for line, text in p.first])
            for p in places
        }
        for ref in ex.references:
            if ref.kind is not RefKind.WIKILINK:
                continue
            path = ctx.wikilink_targets.get(ref.target)
            cid = defined.get(path) if path else None
            cid = cid or reg.lookup(wikilink_name(ref.target))
            if cid is None:
                continue
            counted = (cid, ref.line) not in seen_lines
            seen_lines.add((cid, ref.line))
            count, where = per_concept.get(cid, (0.0, []))
            if len(where) < 2 * MAX_EVIDENCE:
                where.append((ref.line, reference, snippet(f"[[{ref.target}]]")))
            per_concept[cid] = (count + (1.0 if counted else 0.0), where)
        for cid, (count, where) in per_concept.items():
            evidence = tuple(
                EvidenceRow(ex.path, line, method, text)
                for line, method, text in sorted(set(where))[:limit]
            )
            sink.finished.append(  # sorted and deduplicated just above
                EdgeRow(ctx.note_id, EdgeKind.MENTIONS, cid, evidence, count)
            )
        for sec in mentions.sections:
            if not 2 <= len(sec.concepts) <= MAX_CO_MENTIONED:
                continue
            section = sec.section
            heading = ex.headings[section] if 0 <= section < len(ex.headings) else None
            ev = EvidenceRow(
                ex.path,
                heading.line if heading else sec.first_line,
                Method.CO_MENTION,
                snippet(heading.text if heading else ex.title),
            )
            pair_sections.extend((a, b, ev) for a, b in combinations(sec.concepts, 2))
    co = EdgeKind.CO_MENTIONED
    for a, b, ev in pair_sections:
        sink.add(a, co, b, ev)
    kinds = {cid: draft.kind for cid, draft in reg.drafts.items()}
    for ctx, st in stated:
        if st.confidence == CORROBORATES and (st.source, st.kind, st.target) not in known:
            continue  # a loose sentence only backs a relation the vocabulary states
        if st.confidence == GROUPED and not grouped_fits(kinds, st.source, st.target):
            continue  # "- RNN: LSTM, GRU" files kinds of a network, not what they use
        if st.confidence == LISTED and not listed_fits(kinds, st.source, st.target):
            continue  # "## 梯度消失" over "- 激活函数：…": a cause, not a technique it uses
        if kinds.get(st.target) in _NO_PROBLEM.get(st.kind, ()):
            continue  # "SOP 能较好地解决 NSP": a task it does better, no problem it solves
        ev = EvidenceRow(ctx.extract.path, st.line, sentence, st.snippet, st.confidence)
        sink.add(st.source, st.kind, st.target, ev)


#: What the target of a relation a sentence states cannot be: a problem is no model, no
#: technique (``NSP 几乎解决不了 SOP`` says NSP does badly at a task, not that it has a problem).
_THINGS = frozenset(
    {ConceptKind.MODEL, ConceptKind.ARCHITECTURE, ConceptKind.TECHNIQUE, ConceptKind.DATASET,
     ConceptKind.METRIC}
)  # fmt: skip
_NO_PROBLEM: dict[EdgeKind, frozenset[ConceptKind]] = {
    EdgeKind.ADDRESSES: _THINGS,
    EdgeKind.HAS_PROBLEM: _THINGS | {ConceptKind.TASK},
}


def _vocabulary_edges(vocabulary: Vocabulary, sink: EdgeBag) -> None:
    for entry in vocabulary.entries.values():
        lines = entry.relation_lines if len(entry.relation_lines) == len(entry.relations) else None
        for i, (kind, target) in enumerate(entry.relations):
            file, line = lines[i] if lines else (entry.source, entry.line)
            builtin = file == BUILTIN_SOURCE
            target_name = (
                vocabulary.entries[target].name if target in vocabulary.entries else target
            )
            ev = EvidenceRow(
                None if builtin else file,
                None if builtin else line,
                Method.VOCABULARY,
                snippet(f"{entry.name} {kind.value} {target_name}"),
            )
            sink.add(f"concept:{entry.id}", kind, f"concept:{target}", ev)


def _add(sink: EdgeBag, found: Found) -> None:
    sink.add(found.source, found.kind, found.target, found.evidence)


@dataclass
class Defined:
    """The first half's result: every concept name, and the edges stated outside mentions."""

    notes: list[NoteContext]
    """The notes, sorted by path: the order ``assemble`` wants their mentions in."""
    vocabulary: Vocabulary
    """The vocabulary the concepts came from."""
    paper_years: Mapping[str, int | None]
    """Year of every paper node."""
    registry: Registry
    """The concepts known, with their names, papers and year claims."""
    matcher: Matcher
    """Every concept name and alias: the mentions pass matches each note with it."""
    defined: dict[str, str]
    """Note path -> the concept it defines."""
    topics: dict[str, str | None]
    """Note path -> the concept the note is about (it defines it, or its title or file name
    names it): the subject of its sentences' clauses that have none."""
    introduced: dict[str, list[tuple[float, str]]]
    """Concept -> (confidence, paper) of the papers read as introducing it."""
    sink: EdgeBag
    """Edges so far."""
    diagnostics: list[Diagnostic]
    """Problems found so far."""

    def note_input(self, ctx: NoteContext) -> NoteInput:
        """What the mentions pass reads of a note (``mentions.note_pass``)."""
        return note_input(ctx.extract, self.topics.get(ctx.extract.path))

    def input_key(self, ctx: NoteContext, sha256: str) -> str:
        """What a cached pass result of a note depends on besides the names: its content
        hash and its topic ("" when the note has no hash: never cached)."""
        topic = self.topics.get(ctx.extract.path)
        return f"{sha256}|{topic}" if sha256 and topic else sha256

    def names_concept(self, name: str) -> bool:
        """Whether ``name`` (a wikilink target) names a known concept: the rule that makes a
        ``[[word2vec]]`` with no note of its own a concept link, for build and check alike."""
        return self.registry.lookup(wikilink_name(name)) is not None


def define(
    notes: Sequence[NoteContext],
    vocabulary: Vocabulary,
    paper_years: Mapping[str, int | None],
    paper_aliases: Mapping[str, str] | None = None,
) -> Defined:
    """The first half: concepts, their names, and every relation that needs no mentions.

    ``paper_aliases``: the paper node each merged version's id stands for (a front matter
    ``paper: acl:N19-1423`` finds the arXiv node both versions became)."""
    notes = sorted(notes, key=lambda c: c.extract.path)
    reg = Registry(vocabulary, paper_years, paper_aliases)
    diagnostics: list[Diagnostic] = []
    sink = EdgeBag(_EVIDENCE_LIMIT, MAX_EVIDENCE)
    defined: dict[str, str] = {}
    discovered = None
    for by_kind in (True, False):
        if not by_kind:  # what front matter declares is known before the notes' own names
            discovered = discover(((c.extract.path, c.all_sightings()) for c in notes), reg)
        for ctx in notes:
            path = ctx.extract.path
            if path in defined or ("kind" in ctx.extract.front_matter) != by_kind:
                continue
            titled = discovered.titled.get(path) if discovered else None
            definition = define_note(ctx.extract, reg, by_kind, diagnostics, titled)
            if definition is not None:
                defined[path] = definition[0]
                _add(sink, Found(ctx.note_id, EdgeKind.DEFINES, *definition))

    first = reg.matcher()
    assert discovered is not None
    claim_years(discovered.years, lambda name: first.named(name, strict=False), reg)
    subjects: dict[str, str | None] = {}
    for ctx in notes:
        ex = ctx.extract
        subjects[ex.path] = (
            defined.get(ex.path)
            or first.named(split_year(ex.title)[1], strict=False)
            or first.named(split_year(stem(ex.path))[1], strict=False)
        )
        found, diags = field_relations(
            ex, subjects[ex.path], name_resolver(ex, ctx.wikilink_targets, reg, defined)
        )
        diagnostics.extend(diags)
        for f in found:
            _add(sink, f)

    prerequisite_concepts((c.extract for c in notes), reg)
    matcher = reg.matcher()
    introduced: dict[str, list[tuple[float, str]]] = defaultdict(list)
    for ctx in notes:
        ex = ctx.extract
        found, diags = chain_relations(ex, matcher)
        more, diags2 = prerequisite_relations(ex, matcher, subjects[ex.path])
        found += more + subtopic_relations(ex, matcher)
        found += paper_introductions(ex, ctx.papers, matcher, defined.get(ex.path))
        if own := lead_paper(ex, ctx.papers, defined.get(ex.path)):
            reg.drafts[defined[ex.path]].papers.append((0, *own))
        diagnostics.extend(diags + diags2)
        for f in found:
            _add(sink, f)
            if f.kind is EdgeKind.INTRODUCES:
                introduced[f.target].append((METHOD_CONFIDENCE[f.evidence.method], f.source))
    topics = {ctx.extract.path: note_topic(ctx.extract, defined, first) for ctx in notes}
    return Defined(
        notes, vocabulary, paper_years, reg, matcher, defined, topics, introduced, sink,
        diagnostics,
    )  # fmt: skip


def assemble(
    first: Defined, mentions: Iterable[NoteMentions], *, keep_unused_builtin: bool = False
) -> ConceptResult:
    """The second half: mentions (one per note of ``first.notes``, in that order), the
    vocabulary's relations, years, and the concept nodes.

    Built-in concepts the corpus never touches (no note mentions, defines, relates or cites
    them) are left out unless ``keep_unused_builtin``; concepts of the corpus's own vocabulary
    files are always kept.
    """
    reg, sink, notes = first.registry, first.sink, first.notes
    diagnostics = list(first.diagnostics)
    known = {
        (f"concept:{entry.id}", kind, f"concept:{target}")
        for entry in first.vocabulary.entries.values()
        for kind, target in entry.relations
    }
    _mentions(notes, mentions, reg, first.defined, sink, known)
    _vocabulary_edges(first.vocabulary, sink)

    used = sink.used()
    nodes: list[ConceptNode] = []
    for draft in reg.drafts.values():
        if draft.builtin and not keep_unused_builtin and draft.id not in used:
            continue
        for _rank, stated, ev in draft.papers:
            _add(sink, Found(stated, EdgeKind.INTRODUCES, draft.id, ev))
        introduced = first.introduced.get(draft.id, [])
        nodes.append(concept_node(draft, introduced, first.paper_years, diagnostics))
    keep = {n.id for n in nodes}
    diagnostics.extend(reg.diagnostics)
    return ConceptResult(
        nodes=sorted(nodes, key=lambda n: n.id),
        edges=sink.edges(keep),
        diagnostics=sorted(set(diagnostics), key=Diagnostic.sort_key),
    )


def derive_concepts(
    notes: Sequence[NoteContext],
    vocabulary: Vocabulary,
    paper_years: Mapping[str, int | None],
    *,
    keep_unused_builtin: bool = False,
) -> ConceptResult:
    """Both halves, with the mentions pass in this process, one note after another."""
    first = define(notes, vocabulary, paper_years)
    mentions = (note_pass(first.note_input(c), first.matcher) for c in first.notes)
    return assemble(first, mentions, keep_unused_builtin=keep_unused_builtin)


__all__ = [
    "MAX_EVIDENCE",
    "ConceptResult",
    "Defined",
    "NoteContext",
    "assemble",
    "define",
    "derive_concepts",
]
