"""One verdict per local reference, which ``build`` renders as a diagnostic and ``check`` as a
link result: a reference is never fine for one and broken for the other.

The resolver says where a reference leads (``resolve.Resolution``); the verdict says whether that
is right, and why not: a status (the link checker's vocabulary), the diagnostic code, and its
message and hint from the catalogue. Whether a dangling ``[[name]]`` is fine because it names a
concept is the caller's rule, passed in (``ConceptLookup``), the same for build and check.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from noteatlas.graph.identify.resolve import Outcome, Resolution, is_note
from noteatlas.schema import Diagnostic, LinkStatus, Reference, RefKind
from noteatlas.schema.codes import CODES, diagnostic

#: Tells whether a dangling wikilink names a known concept (``[[word2vec]]`` with no note).
ConceptLookup = Callable[[str], bool]

_IMAGE_KINDS = frozenset({RefKind.IMAGE, RefKind.HTML_IMG, RefKind.EMBED})
_LANDED = frozenset({Outcome.NOTE, Outcome.FILE, Outcome.DIR, Outcome.SAME_PAGE})


def no_concepts(name: str) -> bool:
    """The concept rule of a corpus that knows no concepts."""
    return False


@dataclass(frozen=True)
class Verdict:
    """Whether a reference is right, and what to tell the user when it is not."""

    status: LinkStatus
    """The answer in the link checker's terms (``ok``, ``missing_file`` ...)."""
    code: str | None = None
    """The diagnostic code when something is wrong (``link-unresolved`` ...), else None."""
    message: str = ""
    """Why: the diagnostic's message, or for a fine reference a note (``names a concept``)."""
    hint: str = ""
    """What to do about it."""

    def diagnostic(self, file: str, line: int) -> Diagnostic | None:
        """The build's diagnostic for this verdict, None when nothing is wrong."""
        if self.code is None:
            return None
        spec = CODES[self.code]
        return Diagnostic(severity=spec.severity, code=self.code, file=file, line=line,
                          message=self.message, hint=self.hint)  # fmt: skip


def _wrong(status: LinkStatus, code: str, variant: str = "", **fields: object) -> Verdict:
    d = diagnostic(code, variant=variant, **fields)
    return Verdict(status, code, d.message, d.hint)


def judge(ref: Reference, res: Resolution, names_concept: ConceptLookup = no_concepts) -> Verdict:
    """The verdict on one reference, given where it resolved."""
    target = ref.target
    missing = LinkStatus.MISSING_FILE
    match res.outcome:
        case Outcome.EXTERNAL:
            return Verdict(LinkStatus.OK)  # checked over the network, if at all
        case Outcome.MAILTO:
            return Verdict(LinkStatus.OK, message="mailto: address is well-formed")
        case outcome if outcome in _LANDED:
            if res.anchor_found is False:
                where = "this note" if outcome == Outcome.SAME_PAGE else repr(res.path)
                return _wrong(LinkStatus.MISSING_ANCHOR, "anchor-missing", anchor=res.anchor,
                              where=where)  # fmt: skip
            return Verdict(
                LinkStatus.OK, message="matched with different case or width" if res.variant else ""
            )
        case Outcome.MISSING if (
            ref.kind == RefKind.EMBED and not is_note(target) and "." in target[-6:]
        ):
            return _wrong(missing, "asset-missing", "embed", target=target)
        case Outcome.MISSING if ref.kind == RefKind.WIKILINK and names_concept(
            target.split("#")[0]
        ):
            return Verdict(LinkStatus.OK, message="names a concept (no note of its own)")
        case Outcome.MISSING if ref.kind in (RefKind.WIKILINK, RefKind.EMBED):
            return _wrong(missing, "wikilink-unresolved", target=target)
        case Outcome.MISSING if ref.kind in _IMAGE_KINDS:
            return _wrong(missing, "asset-missing", target=target, path=res.path)
        case Outcome.MISSING:
            return _wrong(missing, "link-unresolved", target=target, path=res.path)
        case Outcome.EMAIL_AS_PATH:
            shown = target.strip() if "@" in target else f"{ref.text.strip()} -> {target.strip()}"
            return _wrong(LinkStatus.EMAIL_AS_PATH, "link-email-as-path", shown=shown)
        case Outcome.MISSING_SCHEME:
            return _wrong(missing, "link-missing-scheme", target=target)
        case Outcome.UNSAFE:
            return _wrong(LinkStatus.UNSAFE, "link-unsafe", target=target[:60])
        case Outcome.OUTSIDE_ROOT:
            return _wrong(LinkStatus.OUTSIDE_ROOT, "link-outside-root", target=target)
        case Outcome.EMPTY:
            return _wrong(missing, "link-empty")
        case _:
            return _wrong(LinkStatus.UNSUPPORTED, "link-unsupported-scheme", target=target[:80])


__all__ = ["ConceptLookup", "Verdict", "judge", "no_concepts"]
