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
from noteatlas.schema.kinds import ConceptKind, Severity

_E, _W, _I = Severity.ERROR, Severity.WARNING, Severity.INFO
_KINDS = ", ".join(kind.value for kind in ConceptKind)


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
    variants: Mapping[str, tuple[str, str] | tuple[str, str, Severity]] = field(
        default_factory=dict
    )
    """Other (message, hint) templates by name, for the same problem found another way; a third
    item overrides the severity (a certain guess is news, an uncertain one a warning)."""


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
    Code("link-space-in-address", _W,
         "[…]({target:.120}) is no link: its address holds a space, so Markdown shows it as "
         "text and nothing is checked.",
         "Remove the space ({joined:.120}), or write it as %20."),
    # -- papers (graph/paper_nodes.py) -----------------------------------------------------------
    Code("paper-year-differs", _I,
         "The notes date paper {name!r} {listed}; kept {year} from {source}.",
         "An id dates the version it names (arXiv: the first draft; a venue: its proceedings); "
         "a note may date another version. Nothing to do unless the link is wrong."),
    # -- front matter (graph/extract/frontmatter.py) ---------------------------------------------
    Code("front-matter-bad-value", _W,
         "Front matter key {key!r} has a value YAML cannot read ({problem}); it is kept as the "
         "text written.",
         "Quote the value, or fix it (a date is YYYY-MM-DD).",
         variants={"dropped": ("Front matter key {key!r} has a value YAML cannot read "
                               "({problem}); the key is left out.",
                               "Fix the value or the key; the other keys are read.")}),
    Code("front-matter-invalid", _E, "front matter is not valid YAML: {problem}",
         "fix the YAML between the --- lines (quote values that contain ': ' or '[')",
         variants={"unreadable": ("front matter could not be read: {problem}",
                                  "simplify the front matter (it is nested too deeply or too "
                                  "large)")}),
    Code("front-matter-not-mapping", _W, "front matter is a {kind}, not a mapping of keys",
         "write front matter as 'key: value' lines"),
    Code("front-matter-too-large", _W,
         "front matter nests deeper than {depth} levels or holds more than {values} values; the "
         "rest is dropped",
         "keep front matter to simple keys, lists and short mappings"),
    # -- Markdown (graph/extract/note.py) ---------------------------------------------------------
    Code("markdown-too-deep", _W,
         "lists or quotes nest deeper than markdown-it's limit ({limit}); from here to the end "
         "of the enclosing block nothing is parsed",
         "flatten the nesting; links in the skipped part are not found"),
    # -- concepts (graph/concepts) ---------------------------------------------------------------
    Code("concept-kind-unknown", _W, "Front matter kind {kind!r:.40} is not a concept kind.",
         f"Use one of: {_KINDS}."),
    Code("concept-implicit", _I, "Concept {name!r} comes only from a `{kind}` field.",
         "Add it to concepts.yaml (kind, year, aliases) or write a note for it."),
    Code("alias-conflict", _W, "Alias {alias!r} of {name!r} already names {owner!r}.",
         "An alias names one concept; remove it from one of them."),
    Code("year-invalid", _W, "Front matter year {year!r:.40} is not a year.",
         "Write the year as four digits, e.g. `year: 2018`."),
    Code("paper-unknown", _I,
         "Front matter paper {paper!r:.80} is not a paper linked in the corpus.",
         "Link the paper (arXiv, ACL Anthology, DOI ...) somewhere in a note."),
    Code("relation-without-concept", _W, "Relations ({keys}) in a note that defines no concept.",
         "Add `kind:` to the front matter, or title the note with the concept's name."),
    Code("relation-value-invalid", _W,
         "Front matter {key!r} should list concept names, not {value!r:.60}.",
         "Write `{key}: [name, other name]`."),
    Code("chain-term-unknown", _I,
         "Arrow chain terms name no concept: {listed}; no edge crosses them.",
         "Add the term as a name or alias in concepts.yaml if it is a concept."),
    Code("prerequisites-without-concept", _I,
         "Section {heading!r} lists prerequisites of no known concept.",
         "Title the note (or a heading above) with the concept's name."),
    Code("prerequisite-unknown", _I, "Prerequisite {item!r} names no known concept.",
         "Write the concept's name, or add it as an alias in concepts.yaml."),
    Code("year-conflict", _W,
         "Sources disagree on the year of {name!r}: {listed}; using {year} from {source}.",
         "Fix the year where it is wrong, or state `year:` in the concept's note.",
         variants={"minor": ("Sources disagree on the year of {name!r}: {listed}; using {year} "
                             "from {source}.",
                             "A paper or the vocabulary differs from what the notes state; "
                             "state `year:` in the concept's note to settle it.", _I)}),
    # -- reading notes (graph/read) --------------------------------------------------------------
    Code("outside-root", _W, "{path!r} resolves outside the corpus root; not read",
         "Only files inside the corpus folder are read."),
    Code("read-error", _W, "cannot read {path}: {problem}",
         "Check that the file exists and is readable.",
         variants={"not-a-file": ("{path} is not a regular file; not read", ""),
                   "folder": ("cannot list folder: {problem}", "Check the folder's permissions."),
                   "stat": ("cannot stat: {problem}", "")}),
    Code("file-too-large", _W, "{path} has {size} bytes (limit {limit}); skipped",
         "Exclude it in the config or split it."),
    Code("symlink-loop", _W, "symlink {path} points back to a folder above it; not followed",
         "Remove the symlink or exclude it.",
         variants={"loops": ("symlink {path} loops; not followed", "Remove the symlink.")}),
    Code("symlink-broken", _W, "symlink {path} -> {target} has no target",
         "Remove the symlink or restore its target."),
    Code("symlink-outside-root", _W,
         "symlink {path} points outside the corpus ({real}); not followed",
         "Copy the target into the corpus or exclude the symlink."),
    Code("symlink-skipped", _W,
         "symlink {path} points into a hidden or excluded path; not followed",
         "Link to a visible copy, or exclude the symlink."),
    Code("binary-skipped", _W, "not a text file ({size} bytes, with control bytes); skipped",
         "Give binary files another extension or exclude them in the config."),
    Code("encoding-bom", _I, "decoded as {codec}; the byte order mark was removed"),
    Code("encoding-legacy", _W,
         "not UTF-8; decoded as {codec}, guessed by charset-normalizer: check the text",
         "Save the file as UTF-8.",
         variants={"utf-16": ("no byte order mark; guessed {codec} from the zero bytes",
                              "Save the file as UTF-8."),
                   "gb18030": ("decoded as gb18030 (GBK/GB2312 compatible)",
                               "Save the file as UTF-8.", _I)}),
    Code("undecodable", _W,
         "bytes that are not valid {codec} (first at byte {offset}) became U+FFFD",
         "Re-save the file as UTF-8; the replaced characters are lost."),
    Code("mojibake-repaired", _I, "mojibake (UTF-8 read as cp1252/latin-1) repaired: {plan}",
         "Save the repaired text as UTF-8 to silence this."),
    Code("mojibake-lossy", _W,
         "mojibake (UTF-8 read as cp1252) that lost bytes: {restored} damaged characters "
         "restored with a Chinese language model{lost}",
         "Check the restored text (mojibake-uncertain marks the least certain places); "
         "`noteatlas repair --in-place FILE` saves it and keeps FILE.bak.",
         variants={
             "unrestored": (
                 "mojibake (UTF-8 read as cp1252/latin-1) undone ({plan}), but {count} "
                 "characters had lost bytes that could not be inferred and are U+FFFD",
                 "Restore them from an intact copy of the note."),
             "kept": (
                 "looks like mojibake (UTF-8 read as cp1252) that lost bytes ({count} characters "
                 "cut), but too little of it decodes whole to restore it safely: left as it is",
                 "Restore it from an intact copy of the note, or run `noteatlas repair` on a "
                 "file holding more of the same text."),
         }),
    Code("mojibake-uncertain", _I,
         "least certain restoration: {chosen!r} in '{context}' (next best {runner_up!r}, "
         "{odds:.1f} times less likely)",
         "Check this character against an intact copy of the note."),
    Code("note-too-costly", _W,
         "{path} would take about {estimate_mb} MB of memory to read ({size} bytes, {borders} "
         "table cell borders, {links} links); a note may take {limit_mb} MB, so it was skipped.",
         "Split it into smaller notes, or exclude it in the config."),
    # -- vocabulary files (graph/concepts/vocabulary_parse.py, vocabulary.py: merging) ----------
    # An error loses what the entry said; a warning keeps it in another form.
    Code("vocab-yaml-invalid", _E, "not valid YAML: {problem}", "fix the YAML syntax"),
    Code("vocab-empty", _W, "the vocabulary file is empty"),
    Code("vocab-bad-version", _E, "version: '{version}' is not supported", "write `version: 1`"),
    Code("vocab-bad-structure", _E, "{what}: expected a mapping, found a {found}",
         variants={"concepts": ("concepts: expected a list of entries",
                                "write `concepts:` followed by `- name: ...` items")}),
    Code("vocab-bad-value", _E, "{key}: expected text, found a {found}"),
    Code("vocab-unknown-key", _W, "{what}: unknown key '{key}'", "valid keys: {valid}",
         variants={"close": ("{what}: unknown key '{key}'",
                             "did you mean '{close}'? valid keys: {valid}")}),
    Code("vocab-duplicate-key", _W, "{what}: key '{key}' given twice", "the later value is used"),
    Code("vocab-missing-name", _E, "concept: no `name`", "every entry needs a name"),
    Code("vocab-bad-id", _W, "{what}: id '{given}' is not a slug",
         "ids are lower-case [a-z0-9-] and CJK; using '{slug}'",
         variants={"unusable": ("{what}: no usable id", "add `id:` with [a-z0-9-]", _E)}),
    Code("vocab-bad-kind", _E, "{what}: kind '{kind}' is unknown", f"valid kinds: {_KINDS}"),
    Code("vocab-bad-year", _E, "{what}: year '{year}' is not a year",
         "write a year between {low} and {high}, e.g. 2018"),
    Code("vocab-bad-paper", _W, "{what}: paper '{paper}' is not an id",
         "write arxiv:1810.04805, acl:D14-1162, doi:10..., jmlr:v3/bengio03a or a URL"),
    Code("vocab-duplicate-id", _E, "id '{id}' ({name}) is defined twice in this file",
         "line {first} has it too; this entry extends that one"),
    Code("vocab-duplicate-alias", _E, "name: '{name}' already names '{owner}'",
         "rename one of the two concepts or merge them under one id",
         variants={"alias": ("aliases: '{alias}' of '{name}' already names '{owner}'",
                             "an alias names one concept; remove it from one of them")}),
    Code("vocab-unknown-target", _E, "{where}: no concept named '{target}'", "define it first",
         variants={"close": ("{where}: no concept named '{target}'", "did you mean {close}?")}),
    Code("vocab-self-relation", _W, "{where}: '{target}' is the concept itself", "remove it"),
    # -- vocabulary settings and the build cache (pipeline/) -------------------------------------
    Code("vocab-outside-root", _E,
         "Vocabulary file {name!r} is outside the corpus and was not read.",
         "Vocabulary files are given relative to the corpus root."),
    Code("vocab-missing", _E, "Vocabulary file {name!r} does not exist.",
         "Fix the path in the 'vocabulary' setting."),
    Code("cache-problem", _W, "{problem}",
         "Nothing to do: the build re-read what it could not trust."),
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
    message, hint, *severity = spec.variants[variant] if variant else (spec.message, spec.hint)
    return Diagnostic(
        severity=severity[0] if severity else spec.severity,
        code=code,
        file=file,
        line=line,
        message=message.format(**fields),
        hint=hint.format(**fields),
    )


__all__ = ["CODES", "Code", "diagnostic"]
