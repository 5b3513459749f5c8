"""Local checks: files, folders, anchors, wikilinks and embeds, decided as the build decides them.

Where a reference leads comes from ``graph/identify/resolve.py`` over the same corpus listing the
build uses, and whether that is right from the same verdict (``graph/identify/verdict.py``) with
the same concept rule, so ``noteatlas build`` and ``noteatlas check`` never disagree about a link. External URLs are only
collected here, with their occurrences, for the HTTP engine.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from noteatlas.graph.identify.resolve import CorpusIndex, Outcome, resolve
from noteatlas.graph.identify.verdict import ConceptLookup, judge, no_concepts
from noteatlas.linkcheck.results import Collected, LinkResult, LinkStatus, Occurrence
from noteatlas.schema import NoteResult


def collect(
    results: Sequence[NoteResult],
    index: CorpusIndex,
    *,
    names_concept: ConceptLookup = no_concepts,
    check_fragments: bool = False,
) -> Collected:
    """Resolve every reference of every note; local answers now, external URLs for later."""
    local: dict[tuple[str, LinkStatus, str, str], list[Occurrence]] = defaultdict(list)
    external: dict[str, list[Occurrence]] = defaultdict(list)
    for r in results:
        if r.extract is None:
            continue
        for ref in r.extract.references:
            occurrence = Occurrence(file=r.path, line=ref.line, column=ref.column, target=ref.target,
                                    kind=ref.kind.value)  # fmt: skip
            res = resolve(index, r.path, ref)
            if res.outcome == Outcome.EXTERNAL and res.url is not None:
                key = res.url.url
                if check_fragments and res.url.fragment:
                    key += "#" + res.url.fragment
                external[key].append(occurrence)
                continue
            verdict = judge(ref, res, names_concept)
            if res.outcome in (Outcome.NOTE, Outcome.FILE, Outcome.DIR, Outcome.SAME_PAGE):
                target = (res.path or "") + (f"#{res.anchor}" if res.anchor else "")
            else:
                target = ref.target.strip()
            local[(target, verdict.status, verdict.message, verdict.hint)].append(occurrence)
    found = [
        LinkResult(url=target, status=status, detail=detail, hint=hint, occurrences=occurrences)
        for (target, status, detail, hint), occurrences in sorted(
            local.items(), key=lambda kv: (kv[0][0], kv[0][1].value, kv[0][2])
        )
    ]
    return Collected(found, dict(sorted(external.items())))
