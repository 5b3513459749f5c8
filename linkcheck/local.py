"""Local checks: files, folders, anchors, wikilinks and embeds, decided by the build's resolver.

The answers come from ``graph.resolve`` over the same corpus listing the build uses, so
``noteatlas build`` and ``noteatlas check`` never disagree about a link. External URLs are only
collected here, with their occurrences, for the HTTP engine.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from noteatlas.graph.identify.resolve import CorpusIndex, Outcome, Resolution, resolve
from noteatlas.linkcheck.results import LinkResult, LinkStatus, Occurrence
from noteatlas.schema import NoteResult, Reference, RefKind

#: Tells whether a dangling wikilink names a known concept (``[[word2vec]]`` with no note).
ConceptLookup = Callable[[str], bool]


@dataclass
class Collected:
    """Local results, and the external URLs still to check with where they are cited."""

    local: list[LinkResult] = field(default_factory=list)
    external: dict[str, list[Occurrence]] = field(default_factory=dict)


def _status(
    ref: Reference, res: Resolution, names_concept: ConceptLookup
) -> tuple[LinkStatus, str, str]:
    """(status, detail, hint) of a local reference."""
    match res.outcome:
        case Outcome.NOTE | Outcome.FILE | Outcome.DIR | Outcome.SAME_PAGE:
            if res.anchor_found is False:
                where = "this note" if res.outcome == Outcome.SAME_PAGE else res.path
                return (LinkStatus.MISSING_ANCHOR, f"anchor #{res.anchor} not found in {where}", "")
            detail = "matched with different case or width" if res.variant else ""
            return (LinkStatus.OK, detail, "")
        case Outcome.MAILTO:
            return (LinkStatus.OK, "mailto: address is well-formed", "")
        case Outcome.MISSING if (
            ref.kind in (RefKind.WIKILINK, RefKind.EMBED)
            and ref.kind != RefKind.EMBED
            and names_concept(ref.target.split("#")[0])
        ):
            return (LinkStatus.OK, "names a concept (no note of its own)", "")
        case Outcome.MISSING:
            return (LinkStatus.MISSING_FILE, f"{res.path or ref.target} does not exist", "")
        case Outcome.MISSING_SCHEME:
            return (LinkStatus.MISSING_FILE, f"{ref.target} is a local path, not a web address",
                    "add https:// in front of it")  # fmt: skip
        case Outcome.EMPTY:
            return (LinkStatus.MISSING_FILE, "empty link target", "fill in the target")
        case Outcome.EMAIL_AS_PATH:
            shown = (
                ref.target.strip() if "@" in ref.target else ref.text.strip() + ref.target.strip()
            )
            return (LinkStatus.EMAIL_AS_PATH, f"{shown} looks like an e-mail address", "")
        case Outcome.UNSAFE:
            return (LinkStatus.UNSAFE, "javascript:/data: link", "")
        case Outcome.OUTSIDE_ROOT:
            return (LinkStatus.OUTSIDE_ROOT, f"{ref.target} leaves the corpus; not read", "")
        case _:
            return (LinkStatus.UNSUPPORTED, "scheme not checked", "")


def collect(
    results: Sequence[NoteResult],
    index: CorpusIndex,
    *,
    names_concept: ConceptLookup = lambda name: False,
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
            status, detail, hint = _status(ref, res, names_concept)
            if res.outcome in (Outcome.NOTE, Outcome.FILE, Outcome.DIR, Outcome.SAME_PAGE):
                target = (res.path or "") + (f"#{res.anchor}" if res.anchor else "")
            else:
                target = ref.target.strip()
            local[(target, status, detail, hint)].append(occurrence)
    found = [
        LinkResult(url=target, status=status, detail=detail, hint=hint, occurrences=occurrences)
        for (target, status, detail, hint), occurrences in sorted(
            local.items(), key=lambda kv: (kv[0][0], kv[0][1].value, kv[0][2])
        )
    ]
    return Collected(found, dict(sorted(external.items())))
