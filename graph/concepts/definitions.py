"""Notes that define concepts, and names in relation fields that make new ones.

A note defines a concept when its front matter has ``kind:`` (a new concept is made when its title
names none yet) or when its title or file name is a known concept, Obsidian style. The defining
note adds aliases, its year, a summary and its paper to the concept.
"""

from __future__ import annotations

from collections.abc import Mapping

from noteatlas.graph.concepts.registry import Draft, Registry
from noteatlas.graph.concepts.relations import NameResolver
from noteatlas.graph.concepts.texts import stem, summary_line
from noteatlas.graph.concepts.years import YearClaim, YearRank, parse_year
from noteatlas.schema import ConceptKind, Diagnostic, EdgeKind, Evidence, Method, NoteExtract
from noteatlas.schema.codes import diagnostic
from noteatlas.schema.edges import snippet

_PROBLEM_TARGETS = frozenset({EdgeKind.ADDRESSES, EdgeKind.HAS_PROBLEM})


def _concept_kind(value: object) -> ConceptKind | None:
    text = str(value).strip().casefold()
    return ConceptKind(text) if text in {k.value for k in ConceptKind} else None


def define_note(
    ex: NoteExtract,
    reg: Registry,
    by_kind: bool,
    diagnostics: list[Diagnostic],
    titled: str | None = None,
) -> tuple[str, Evidence] | None:
    """The concept a note defines (and the evidence), creating it when ``kind:`` names a new one.

    ``titled`` is the concept discovery read from the note's title (``Continuous Bag of Words
    (CBOW).md``). Adds what the note says about it: aliases, year, summary and paper.
    """
    fm, lines = ex.front_matter, ex.front_matter_lines
    cid = reg.lookup(ex.title) or reg.lookup(stem(ex.path)) or titled
    if by_kind:
        kind = _concept_kind(fm["kind"])
        if kind is None:
            diagnostics.append(
                diagnostic("concept-kind-unknown", ex.path, lines.get("kind"), kind=fm["kind"])
            )
            if cid is None:
                return None
        cid = cid or reg.create(ex.title, kind or ConceptKind.CONCEPT)
        if cid is None:
            return None
        if kind is not None:
            reg.drafts[cid].kind = kind
        ev = Evidence(
            file=ex.path,
            line=lines.get("kind"),
            method=Method.FRONT_MATTER,
            snippet=f"kind: {kind}",
        )
    elif cid is not None:
        first_h1 = next((h.line for h in ex.headings if h.level == 1), None)
        method, line = {
            "front_matter": (Method.FRONT_MATTER, lines.get("title")),
            "h1": (Method.HEADING, first_h1),
        }.get(ex.title_source, (Method.HEADING, None))
        ev = Evidence(file=ex.path, line=line, method=method, snippet=snippet(ex.title))
    else:
        return None
    _absorb(ex, reg, reg.drafts[cid], diagnostics)
    return cid, ev


def _absorb(ex: NoteExtract, reg: Registry, draft: Draft, diagnostics: list[Diagnostic]) -> None:
    """Aliases, year, summary and paper that a defining note states."""
    fm, lines = ex.front_matter, ex.front_matter_lines
    draft.local, draft.builtin = True, False
    aliases = fm.get("aliases", fm.get("alias"))
    for alias in aliases if isinstance(aliases, list) else [aliases] if aliases else []:
        if isinstance(alias, (str, int, float)) and not isinstance(alias, bool):
            reg.add_alias(draft.id, str(alias), ex.path, lines.get("aliases", lines.get("alias")))
    if "year" in fm:
        year = parse_year(fm["year"])
        if year is None:
            diagnostics.append(
                diagnostic("year-invalid", ex.path, lines.get("year"), year=fm["year"])
            )
        else:
            claim = YearClaim(year, YearRank.NOTE, f"note:{ex.path}", ex.path, lines.get("year"))
            draft.years.append(claim)
    for key in ("summary", "description"):
        if isinstance(fm.get(key), str):
            draft.set_summary(fm[key], 0)
    draft.set_summary(summary_line(ex), 2)
    paper = fm.get("paper")
    if isinstance(paper, str) and paper.strip():
        found = reg.paper_id(paper)
        if found is None:
            diagnostics.append(
                diagnostic("paper-unknown", ex.path, lines.get("paper"), paper=paper)
            )
        else:
            ev = Evidence(
                file=ex.path,
                line=lines.get("paper"),
                method=Method.FRONT_MATTER,
                snippet=snippet(f"paper: {paper}"),
            )
            draft.papers.append((0, found, ev))


def name_resolver(
    ex: NoteExtract,
    wikilink_targets: Mapping[str, str | None],
    reg: Registry,
    defined: Mapping[str, str],
) -> NameResolver:
    """Resolve names in relation fields: the defined concept of a linked note, a name, or new."""

    def resolve(name: str, kind: EdgeKind, line: int) -> str | None:
        path = wikilink_targets.get(name)
        if path is not None and path in defined:
            return defined[path]
        found = reg.lookup(name) or reg.lookup(name.rsplit("/", 1)[-1])
        if found is not None:
            return found
        made = reg.create(
            name, ConceptKind.PROBLEM if kind in _PROBLEM_TARGETS else ConceptKind.CONCEPT
        )
        if made is not None:
            reg.diagnostics.append(
                diagnostic("concept-implicit", ex.path, line, name=name, kind=kind.value)
            )
        return made

    return resolve


__all__ = ["define_note", "name_resolver"]
