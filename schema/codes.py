"""The catalogue of diagnostics: every code noteatlas reports, with its severity, message and hint.

A stage makes a diagnostic with ``diagnostic(code, file, line, **fields)``: the severity, the
message (a template filled with ``fields``) and the hint come from here, so a code means one
thing everywhere, and ``noteatlas`` can list them all (``CODES``). A code whose wording depends on
what was found has named message variants (``variant=``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from noteatlas.schema.diagnostics import Diagnostic
from noteatlas.schema.kinds import Severity

_E, _W, _I = Severity.ERROR, Severity.WARNING, Severity.INFO


@dataclass(frozen=True)
class Code:
    """One diagnostic code."""

    code: str
    """Stable identifier (``link-unresolved``)."""
    severity: Severity
    """How bad it is."""
    message: str
    """Message template; ``{field}`` is filled from what was found."""
    hint: str = ""
    """What the user can do about it (a template too)."""
    variants: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    """Other (message, hint) templates by name, for the same problem found another way."""


_CODES = (
    # -- references (graph/identify/verdict.py: one verdict for build and check) -----------------
    Code("link-unresolved", _W, "Link target {target!r} does not exist (looked for {path!r}).",
         "Fix the path; relative links start from the note's folder, '/' from the corpus root."),
    Code("wikilink-unresolved", _W, "[[{target}]] matches no note or file in the corpus.",
         "Create the note, or fix the name (wikilinks match a path, file name or title)."),
    Code("asset-missing", _W, "Image {target!r} does not exist (looked for {path!r}).",
         "Add the file or fix the path; paths are relative to the note.",
         variants={"embed": ("Embedded file {target!r} is not in the corpus.",
                             "Add the file (Obsidian matches embeds by file name anywhere in the "
                             "vault).")}),
    Code("anchor-missing", _W, "Anchor #{anchor} is not a heading or anchor of {where}.",
         "Headings become anchors by GitHub's rules: lower case, spaces to '-', punctuation "
         "dropped."),
    Code("link-email-as-path", _W, "{shown!r} is an e-mail address written as a local link.",
         "Write it as mailto:address, or as plain text."),
    Code("link-missing-scheme", _W,
         "{target!r} looks like a web address but has no scheme, so it is a local path.",
         "Add https:// in front of it."),
    Code("link-unsafe", _W,
         "Unsafe link {target!r}: javascript:/data: URLs are never made clickable.",
         "Remove it, or link to a real page."),
    Code("link-outside-root", _W, "{target!r} points outside the corpus; it is not read or checked.",
         "Copy the file into the corpus, or link to it by URL."),
    Code("link-unsupported-scheme", _I, "{target!r} uses a scheme noteatlas does not check."),
    Code("link-empty", _W, "A link with an empty target.", "Fill in the target or remove the brackets."),
    # -- front matter (graph/extract/frontmatter.py) ---------------------------------------------
    Code("front-matter-bad-value", _W,
         "Front matter key {key!r} has a value YAML cannot read ({problem}); it is kept as the "
         "text written.",
         "Quote the value, or fix it (a date is YYYY-MM-DD).",
         variants={"dropped": ("Front matter key {key!r} has a value YAML cannot read "
                               "({problem}); the key is left out.",
                               "Fix the value or the key; the other keys are read.")}),
    # -- reading notes (graph/read) --------------------------------------------------------------
    Code("note-too-costly", _W,
         "{path} would take about {estimate_mb} MB of memory to read ({size} bytes, {borders} "
         "table cell borders, {links} links); a note may take {limit_mb} MB, so it was skipped.",
         "Split it into smaller notes, or exclude it in the config."),
    # -- the run (noteatlas/cli, pipeline/pool.py) -----------------------------------------------
    Code("jobs-capped", _W,
         "jobs = {asked} asks for more worker processes than the {used} CPUs this process may "
         "use; {used} are used.",
         "Set jobs to {used} or less, or leave it out (one per CPU)."),
)  # fmt: skip

CODES: dict[str, Code] = {c.code: c for c in _CODES}
"""Every code, by name."""


def diagnostic(
    code: str,
    file: str | None = None,
    line: int | None = None,
    /,
    *,
    variant: str = "",
    **fields: object,
) -> Diagnostic:
    """The diagnostic of a catalogued code, its message and hint filled with ``fields``."""
    spec = CODES[code]
    message, hint = spec.variants[variant] if variant else (spec.message, spec.hint)
    return Diagnostic(
        severity=spec.severity,
        code=code,
        file=file,
        line=line,
        message=message.format(**fields),
        hint=hint.format(**fields),
    )


__all__ = ["CODES", "Code", "diagnostic"]
