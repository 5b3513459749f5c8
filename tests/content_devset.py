"""Dev set (a) of issue 11: ``content/`` built without its front matter and without the built-in
vocabulary; the typed relations its front matter stated are the answer key for what the build
reads from the notes' sentences (evidence method ``sentence``).

The notes are copied with every front matter blanked (its lines kept, so line numbers stay).
``names_only`` adds a corpus vocabulary that names the concepts of ``content/concepts.yaml``
(name, id, kind, aliases) and states no relation: it measures the sentence reader apart from
concept discovery. The key's names are mapped through the built atlas's own lookup (aliases,
case, width), so a relation whose end the build does not know as a concept counts as missed.

Shared by ``tests/test_content_devset.py`` (which fails below the numbers reached) and usable
by hand: ``.venv/bin/python tests/content_devset.py [--names-only] [--errors]``.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

import noteatlas
from noteatlas.atlas import Atlas
from noteatlas.config import Config
from noteatlas.errors import NotFoundError
from noteatlas.schema import Method

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
#: Front matter keys that state a typed relation from the note's concept.
KINDS = ("is_a", "part_of", "based_on", "uses", "improves_on", "variant_of", "addresses",
         "has_problem", "precedes")  # fmt: skip

Relation = tuple[str, str, str]


@dataclass
class ContentScore:
    """How the sentences of ``content/`` compare with its front matter."""

    key: set[Relation] = field(default_factory=set)
    """(subject name, kind, target name) as the front matter writes them."""
    found: set[Relation] = field(default_factory=set)
    """Key relations mapped to concept ids; both ends known to the build."""
    stated: set[Relation] = field(default_factory=set)
    """(source id, kind, target id) of every relation a sentence gives."""
    unknown: int = 0
    """Key relations with an end the build does not know as a concept."""

    @property
    def hits(self) -> set[Relation]:
        """Key relations the sentences give."""
        return self.found & self.stated

    @property
    def recall(self) -> float:
        """Share of the key the sentences give (unknown ends count as misses)."""
        return len(self.hits) / len(self.key) if self.key else 1.0

    @property
    def precision(self) -> float:
        """Share of the sentences' relations between key concepts that the key states."""
        ends = {a for a, _, _ in self.found} | {b for _, _, b in self.found}
        judged = {r for r in self.stated if r[0] in ends and r[2] in ends}
        return len(self.hits & judged) / len(judged) if judged else 1.0

    @property
    def pair_recall(self) -> float:
        """Share of the key whose two concepts a sentence relates, any kind or direction."""
        pairs = {frozenset((a, b)) for a, _, b in self.stated}
        return sum(frozenset((a, b)) in pairs for a, _, b in self.found) / max(1, len(self.key))

    def line(self) -> str:
        """One line for a report."""
        return (f"key {len(self.key)} (ends unknown {self.unknown}), stated {len(self.stated)}, "
                f"hits {len(self.hits)}: R={self.recall:.3f} P={self.precision:.3f} "
                f"pair R={self.pair_recall:.3f}")  # fmt: skip


def front_matter(text: str) -> tuple[dict[str, object], int]:
    """The note's front matter and the number of lines it takes ({} and 0 when none)."""
    if not text.startswith("---\n"):
        return {}, 0
    lines = text.split("\n")
    end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), 0)
    if not end:
        return {}, 0
    data = yaml.safe_load("\n".join(lines[1:end])) or {}
    return (data if isinstance(data, dict) else {}), end + 1


def copy_without_front_matter(content: Path, out: Path) -> set[Relation]:
    """Copy the notes of ``content`` to ``out`` with every front matter blanked; the relations
    the front matter stated, as (subject name, kind, target name)."""
    key: set[Relation] = set()
    for path in sorted(content.rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        data, lines = front_matter(text)
        subject = str(data.get("title") or path.stem)
        for kind in KINDS:
            targets = data.get(kind) or []
            for target in targets if isinstance(targets, list) else [targets]:
                key.add((subject, kind, str(target)))
        target = out / path.relative_to(content)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text("\n" * lines + "\n".join(text.split("\n")[lines:]), encoding="utf-8")
    return key


def names_only_vocabulary(content: Path) -> str:
    """``concepts.yaml`` of ``content`` with names, ids, kinds and aliases only."""
    data = yaml.safe_load((content / "concepts.yaml").read_text(encoding="utf-8"))
    keep = ("name", "id", "kind", "aliases")
    entries = [{k: e[k] for k in keep if k in e} for e in data["concepts"]]
    return yaml.safe_dump({"version": 1, "concepts": entries}, allow_unicode=True)


def build_without_front_matter(out: Path, *, names_only: bool) -> tuple[Atlas, set[Relation]]:
    """``content/`` copied to ``out`` without front matter, built with the built-in vocabulary
    off (and, with ``names_only``, a names-only corpus vocabulary)."""
    key = copy_without_front_matter(CONTENT, out)
    if names_only:
        (out / "concepts.yaml").write_text(names_only_vocabulary(CONTENT), encoding="utf-8")
    atlas = noteatlas.build(out, Config(builtin_vocabulary=False, cache=False))
    return atlas, key


def score_content(atlas: Atlas, key: set[Relation]) -> ContentScore:
    """Compare what the atlas's sentences state with the key."""
    s = ContentScore(key=key)
    for edge in atlas.document.edges:
        if any(ev.method == Method.SENTENCE for ev in edge.evidence):
            s.stated.add((edge.source, edge.kind.value, edge.target))
    for subject, kind, target in sorted(key):
        try:
            a, b = atlas.concept(subject).id, atlas.concept(target).id
        except NotFoundError:
            s.unknown += 1
            continue
        s.found.add((a, kind, b))
    return s


def main(argv: list[str] | None = None) -> int:
    """Build dev set (a) in a temporary folder and print its numbers."""
    import tempfile

    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--names-only", action="store_true")
    parser.add_argument("--errors", action="store_true")
    args = parser.parse_args(argv)
    tmp = Path(tempfile.mkdtemp())
    try:
        atlas, key = build_without_front_matter(tmp / "content", names_only=args.names_only)
        s = score_content(atlas, key)
        print(s.line())
        if args.errors:
            for rel in sorted(s.found - s.stated):
                print("  missed", rel)
            ends = {a for a, _, _ in s.found} | {b for _, _, b in s.found}
            for rel in sorted(s.stated - s.found):
                if rel[0] in ends and rel[2] in ends:
                    print("  extra ", rel)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
