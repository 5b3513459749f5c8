"""A concept's node from its draft: the defining paper chosen, the year settled by precedence."""

from __future__ import annotations

from collections.abc import Mapping

from noteatlas.graph.concepts.registry import Draft
from noteatlas.graph.concepts.years import YearClaim, YearRank, settle_year
from noteatlas.schema import ConceptNode, Diagnostic


def choose_paper(draft: Draft, introduced: list[tuple[float, str]]) -> str | None:
    """The defining paper: a note's ``paper``, the vocabulary's, else one clearly linked paper."""
    if draft.papers:
        return min(draft.papers, key=lambda p: (p[0], p[1]))[1]
    if not introduced:
        return None
    best = max(conf for conf, _ in introduced)
    top = {paper for conf, paper in introduced if conf == best}
    return top.pop() if len(top) == 1 else None


def concept_node(
    draft: Draft,
    introduced: list[tuple[float, str]],
    paper_years: Mapping[str, int | None],
    diagnostics: list[Diagnostic],
) -> ConceptNode:
    """A concept's node, its defining paper and its year settled (a disagreement about the year
    goes to ``diagnostics``)."""
    paper = choose_paper(draft, introduced)
    year = paper_years.get(paper) if paper is not None else None
    # A paper inferred from links whose year disagrees is a related paper, not the
    # defining one (Kim 2014 does not date "CNN"): keep its edge, not its year.
    inferred = paper is not None and not draft.papers and year is not None
    if inferred and draft.years and year not in {c.year for c in draft.years}:
        paper = year = None
    if paper is not None and year is not None:
        draft.years.append(YearClaim(year, YearRank.PAPER, paper))
    chosen, diags = settle_year(draft.name, draft.years)
    diagnostics.extend(diags)
    return ConceptNode(
        id=draft.id,
        label=draft.name,
        name=draft.name,
        concept_kind=draft.kind,
        year=chosen.year if chosen else None,
        year_source=chosen.source if chosen else None,
        year_note=draft.year_note if chosen and chosen.rank is YearRank.VOCABULARY else None,
        aliases=list(draft.aliases),
        summary=draft.summary,
        paper=paper,
        builtin=draft.builtin,
        found_in=list(draft.found),
    )


__all__ = ["choose_paper", "concept_node"]
