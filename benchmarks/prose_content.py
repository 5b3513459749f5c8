"""Dev set (a) of issue 11: ``content/`` without front matter and without the vocabulary.

    .venv/bin/python benchmarks/prose_content.py [--errors]

Every note's front matter is blanked (its lines kept, so line numbers stay) and the readers of
``noteatlas.graph.prose`` run with concept names taken only from the notes: titles and file
names, alias pairs the text writes, and term candidates. The typed relations the front matter
stated are the answer key; names are mapped to answer-key ids through the front matter titles
and aliases and concepts.yaml (the key only; the readers never see them). Prints recall,
precision against the key, and the time the readers take per note.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import Counter
from pathlib import Path

import yaml

from noteatlas.graph.concepts.names import Matcher, fold_key
from noteatlas.graph.extract.note import extract
from noteatlas.graph.prose.aliases import alias_pairs
from noteatlas.graph.prose.relations import read_relations
from noteatlas.graph.prose.sentences import note_sentences
from noteatlas.graph.prose.terms import term_candidates
from noteatlas.schema import SourceFile

ROOT = Path(__file__).resolve().parent.parent
KINDS = ("is_a", "part_of", "based_on", "uses", "improves_on", "variant_of", "addresses",
         "has_problem", "precedes")  # fmt: skip
_SPLIT_TITLE = re.compile(
    r"(?<=[\u3400-\u9fff])\s+(?=[A-Za-z])|(?<=[A-Za-z0-9])\s+(?=[\u3400-\u9fff])"
)


def answer_key(content: Path) -> tuple[dict[str, str], set[tuple[str, str, str]], dict[str, str]]:
    """(folded name -> key id, gold relations, note path -> key id) from concepts.yaml + front matter."""
    names: dict[str, str] = {}
    vocab = yaml.safe_load((content / "concepts.yaml").read_text(encoding="utf-8"))
    for entry in vocab["concepts"]:
        cid = fold_key(entry["name"])
        for n in [entry["name"], *(entry.get("aliases") or [])]:
            names.setdefault(fold_key(str(n)), cid)
    gold: set[tuple[str, str, str]] = set()
    subjects: dict[str, str] = {}
    for path in sorted(content.rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        if not text.startswith("---"):
            continue
        fm = yaml.safe_load(text.split("---", 2)[1]) or {}
        title = str(fm.get("title", path.stem))
        subject = names.setdefault(fold_key(title), fold_key(title))
        for alias in fm.get("aliases") or []:
            names.setdefault(fold_key(str(alias)), subject)
        subjects[path.relative_to(content).as_posix()] = subject
        for kind in KINDS:
            for target in fm.get(kind) or []:
                tid = names.setdefault(fold_key(str(target)), fold_key(str(target)))
                gold.add((subject, kind, tid))
    return names, gold, subjects


def blank_front_matter(text: str) -> str:
    """The text with its front matter lines emptied (line numbers kept)."""
    if not text.startswith("---"):
        return text
    lines = text.split("\n")
    end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), 0)
    return "\n" * (end + 1) + "\n".join(lines[end + 1 :])


def title_names(title: str, stem: str) -> list[str]:
    """Names a note's title and file name give: ``LSTM 长短期记忆网络`` -> both halves."""
    parts = [title, stem, *_SPLIT_TITLE.split(title)]
    return [p.strip() for p in parts if p.strip()]


def run(content: Path, show_errors: bool) -> None:
    """Read ``content`` as described in the module docstring and print the numbers."""
    key_names, gold, subjects = answer_key(content)
    notes = []
    for path in sorted(content.rglob("*.md")):
        rel = path.relative_to(content).as_posix()
        text = blank_front_matter(path.read_text(encoding="utf-8"))
        src = SourceFile(path=rel, text=text, encoding="utf-8", sha256="0")
        notes.append(extract(src))
    t0 = time.perf_counter()
    names: list[tuple[str, str]] = []
    for ex in notes:
        own = f"note:{ex.path}"
        names += [(n, own) for n in title_names(ex.title, Path(ex.path).stem)]
    sentences = {ex.path: note_sentences(ex) for ex in notes}
    pairs = [p for ex in notes for s in sentences[ex.path] for p in alias_pairs(s.text, s.line)]
    n_terms = 0
    for ex in notes:
        texts = [(s.line, s.text) for s in sentences[ex.path]]
        for c in term_candidates(texts, [h.text for h in ex.headings]):
            names.append((c.term, f"term:{fold_key(c.term)}"))
            n_terms += 1
    t1 = time.perf_counter()
    first = Matcher(names)
    for p in pairs:  # an alias pair joins the concept one of its names already has
        owner = first.lookup(p.name) or first.lookup(p.alias) or f"term:{fold_key(p.name)}"
        names += [(p.name, owner), (p.alias, owner)]
    matcher = Matcher(names)
    t2 = time.perf_counter()
    predicted: set[tuple[str, str, str]] = set()
    n_sentences = 0
    for ex in notes:
        for s in sentences[ex.path]:
            n_sentences += 1
            spans = [(m.start, m.end, m.concept) for m in matcher.find(s.text)]
            for r in read_relations(s, spans, topic=f"note:{ex.path}"):
                predicted.add((r.source, r.kind.value, r.target))
    t3 = time.perf_counter()

    surface = {cid: n for n, cid in reversed(names)}

    def to_key(cid: str) -> str | None:
        if cid.startswith("note:"):
            return subjects.get(cid[5:])
        return key_names.get(fold_key(surface.get(cid, "")))

    mapped = {(to_key(a), k, to_key(b)) for a, k, b in predicted}
    known = {(a, k, b) for a, k, b in mapped if a and b}
    hit = known & gold
    print(f"notes {len(notes)}  sentences {n_sentences}  alias pairs {len(pairs)}  "
          f"term candidates {n_terms}  names {len(names)}")  # fmt: skip
    print(f"gold relations {len(gold)}  predicted {len(predicted)}  "
          f"with both ends in the key {len(known)}  correct {len(hit)}")  # fmt: skip
    print(f"recall {len(hit) / len(gold):.3f}  precision against the key "
          f"{len(hit) / max(1, len(known)):.3f}")  # fmt: skip
    by_kind = Counter(k for _, k, _ in hit)
    print(
        "recall by kind:", {k: f"{by_kind[k]}/{sum(1 for g in gold if g[1] == k)}" for k in KINDS}
    )
    pair_hit = {(a, b) for a, _, b in known} & {(a, b) for a, _, b in gold}
    print(f"pairs (any kind, right direction) {len(pair_hit)}")
    ms = 1000 / len(notes)
    print(f"time per note: sentences+aliases+terms {(t1 - t0) * ms:.2f} ms, matcher "
          f"{(t2 - t1) * ms:.2f} ms, relations {(t3 - t2) * ms:.2f} ms "
          f"({n_sentences / (t3 - t2):.0f} sentences/s)")  # fmt: skip
    if show_errors:
        for rel in sorted(known - gold):
            print("  extra", rel)
        for rel in sorted(gold - known):
            print("  missed", rel)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--content", type=Path, default=ROOT / "content")
    parser.add_argument("--errors", action="store_true")
    args = parser.parse_args()
    run(args.content, args.errors)
    sys.exit(0)
