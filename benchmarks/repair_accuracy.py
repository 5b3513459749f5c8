"""How right restoring lossy mojibake is: characters and headings, per set of damaged notes.

    .venv/bin/python benchmarks/repair_accuracy.py [--fffd] [--show N] [--sets a,b]

Every Chinese note of each set is damaged as issue 12 describes (tests/damage.py; ``--fffd``:
the lost bytes saved as U+FFFD instead of dropped) and restored. Sets:

- ``content``: content/, each note alone (in-sample: its character pairs are part of the model);
- ``essay``: each folder of content/ as one essay, its own pairs taken out of the model first
  (the held-out proxy: a long document of the field the model never saw);
- ``vault``: tests/fixtures/vault and tests/fixtures/restore/samples;
- ``general``: tests/fixtures/restore/general (travel, cooking, history ...).

Prints, per set, characters right, damaged characters right, headings intact, and the wrong
headings (``--show`` of them, with the restored text under the original).
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from damage import damage, damage_fffd, damaged_chars, heading_lines  # noqa: E402

from noteatlas.graph.read.decode import repair_mojibake  # noqa: E402
from noteatlas.graph.read.restore.model import language_model  # noqa: E402

_HAN = re.compile("[\u4e00-\u9fff]")
FIXTURES = ROOT / "tests" / "fixtures"


@dataclass
class Tally:
    """Characters and headings right over one set."""

    right: int = 0
    total: int = 0
    damaged: int = 0
    damaged_right: int = 0
    headings: int = 0
    damaged_headings: int = 0
    wrong: list[tuple[str, str, str]] = field(default_factory=list)
    seconds: float = 0.0

    def add(self, name: str, original: str, restored: str) -> None:
        self.total += len(original)
        if len(restored) != len(original):
            self.wrong.append((name, "(length differs)", ""))
            return
        bad = {i for i, (a, b) in enumerate(zip(original, restored, strict=True)) if a != b}
        self.right += len(original) - len(bad)
        cut = [i for i, ch in enumerate(original) if damaged_chars(ch)]
        self.damaged += len(cut)
        self.damaged_right += sum(i not in bad for i in cut)
        before, after = original.split("\n"), restored.split("\n")
        for i in heading_lines(original):
            self.headings += 1
            self.damaged_headings += damaged_chars(before[i]) > 0
            if before[i] != after[i]:
                self.wrong.append((name, before[i], after[i]))


def notes(*folders: Path) -> list[Path]:
    found = [p for folder in folders for p in sorted(folder.rglob("*.md"))]
    return [p for p in found if _HAN.search(p.read_text(encoding="utf-8"))]


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8").replace("\r\n", "\n")


def documents(name: str) -> Iterator[tuple[str, str, bool]]:
    """(name, clean text, whether its pairs leave the model first) of every document of a set."""
    if name == "content":
        for path in notes(ROOT / "content"):
            yield path.relative_to(ROOT).as_posix(), read(path), False
    elif name == "essay":
        for folder in sorted(p for p in (ROOT / "content").iterdir() if p.is_dir()):
            text = "\n".join(read(p) for p in notes(folder))
            if text:
                yield folder.relative_to(ROOT).as_posix(), text, True
    elif name == "vault":
        for path in notes(FIXTURES / "vault", FIXTURES / "restore" / "samples"):
            yield path.relative_to(ROOT).as_posix(), read(path), False
    elif name == "general":
        for path in notes(FIXTURES / "restore" / "general"):
            yield path.relative_to(ROOT).as_posix(), read(path), False


def measure(name: str, harm: Callable[[str], str], names: bool = True) -> Tally:
    """Damage and restore every document of set ``name`` (``names``: with its path, as a
    build reads it)."""
    tally = Tally()
    lm = language_model()
    for doc, text, held_out in documents(name):
        if held_out:
            lm.bigrams.add(text, -1)
        try:
            start = time.process_time()
            restored = repair_mojibake(harm(text), doc if names else "")[0]
            tally.seconds += time.process_time() - start
        finally:
            if held_out:
                lm.bigrams.add(text, 1)
        tally.add(doc, text, restored)
    return tally


def main(argv: list[str] | None = None) -> int:
    """Measure and print."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--fffd", action="store_true", help="lost bytes saved as U+FFFD")
    parser.add_argument("--show", type=int, default=20, help="wrong headings shown per set")
    parser.add_argument("--sets", default="content,essay,vault,general")
    args = parser.parse_args(argv)
    harm = damage_fffd if args.fffd else damage
    language_model()
    for name in args.sets.split(","):
        t = measure(name, harm)
        wrong = sum(1 for _, a, _ in t.wrong if not a.startswith("("))
        print(
            f"{name:<8} chars {t.right / t.total:.5%} ({t.total - t.right} wrong of {t.total}), "
            f"damaged {t.damaged_right / max(1, t.damaged):.4%} of {t.damaged}, headings "
            f"{t.headings - wrong}/{t.headings} intact ({t.damaged_headings} damaged), "
            f"{t.seconds:.2f} s"
        )
        for doc, a, b in t.wrong[: args.show]:
            print(f"    {doc}\n      {a}\n      {b}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
