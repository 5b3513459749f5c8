"""Restoring lossy mojibake: accuracy on damaged copies of real notes, invariants, diagnostics."""

from __future__ import annotations

import functools
import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from damage import LOST, damage, damage_fffd, damaged_chars, heading_lines
from hypothesis import given, settings
from hypothesis import strategies as st

from noteatlas.graph.read.decode import decode, repair_mojibake
from noteatlas.graph.read.repair import repair_text
from noteatlas.graph.read.restore.lattice import restore
from noteatlas.schema import Diagnostic, SourceFile

ROOT = Path(__file__).parent.parent
FIXTURES = Path(__file__).parent / "fixtures"
_HAN = re.compile("[\u4e00-\u9fff]")


def chinese_notes(*folders: Path) -> list[Path]:
    """Every Markdown note holding Chinese under ``folders``, each text once (the vault's
    prose-only essay is also one of restore/samples/)."""
    found = [p for folder in folders for p in sorted(folder.rglob("*.md"))]
    texts = {p: p.read_text(encoding="utf-8") for p in found}
    first = {text: p for p, text in reversed(list(texts.items()))}
    return [p for p in found if _HAN.search(texts[p]) and first[texts[p]] == p]


@dataclass
class Score:
    """Characters right after damage and restoration, over a set of notes."""

    right: int = 0
    total: int = 0
    damaged_right: int = 0
    damaged: int = 0
    headings: int = 0
    wrong_headings: list[tuple[str, str]] = field(default_factory=list)
    """(original, restored) of every heading that did not come back."""
    worst: float = 1.0

    def add(self, original: str, harm: Callable[[str], str] = damage) -> None:
        restored = restore(harm(original))
        text = restored.text if restored is not None else harm(original)
        assert len(text) == len(original)  # one character back for every character cut
        wrong = {i for i, (a, b) in enumerate(zip(original, text, strict=True)) if a != b}
        self.right += len(original) - len(wrong)
        self.total += len(original)
        cut = [i for i, ch in enumerate(original) if damaged_chars(ch)]
        self.damaged += len(cut)
        self.damaged_right += sum(1 for i in cut if i not in wrong)
        before, after = original.split("\n"), text.split("\n")
        for i in heading_lines(original):
            self.headings += 1
            if before[i] != after[i]:
                self.wrong_headings.append((before[i], after[i]))
        self.worst = min(self.worst, 1 - len(wrong) / len(original))
        assert "\ufffd" not in text  # every damaged character had a candidate

    @property
    def accuracy(self) -> float:
        return self.right / self.total


@functools.cache
def score(folders: tuple[Path, ...], harm: Callable[[str], str] = damage) -> Score:
    """The score of every Chinese note under ``folders`` (computed once per run)."""
    result = Score()
    for path in chinese_notes(*folders):
        result.add(path.read_text(encoding="utf-8").replace("\r\n", "\n"), harm)
    return result


CONTENT = (ROOT / "content",)
VAULT = (FIXTURES / "vault", FIXTURES / "restore" / "samples")
GENERAL = (FIXTURES / "restore" / "general",)


# Measured on this commit (see the note on issue 12); a drop below any of these fails. content/
# is the field the notes come from and its character pairs are part of the model, so its figure
# is in-sample (each folder read as one essay with its own pairs taken out: 99.84 %, 326 of 330
# headings; benchmarks/repair_accuracy.py). restore/general/ holds general Chinese (travel,
# cooking, history, chat ...) the model never saw.
@pytest.mark.parametrize(
    ("folders", "overall", "worst_file", "headings_wrong"),
    [
        (CONTENT, 0.99965, 0.9975, 1),
        # the vault holds the essay of 04-随笔 since issue 11
        (VAULT, 0.9987, 0.993, 0),
        (GENERAL, 0.9889, 0.948, 6),
    ],
    ids=["content", "vault", "general"],
)
def test_damaged_notes_come_back(
    folders: tuple[Path, ...], overall: float, worst_file: float, headings_wrong: int
) -> None:
    found = score(folders)
    assert found.total
    assert found.damaged > 0.05 * found.total  # the damage really cut characters
    assert found.accuracy >= overall, (found.accuracy, found.damaged_right / found.damaged)
    assert found.worst >= worst_file
    assert len(found.wrong_headings) <= headings_wrong, found.wrong_headings


# Headings are short: little context to restore them from, and what a reader sees first.
# Measured on this commit: content/ 341 of 342 (问题二：语序与上下文 comes back 词序), the
# vault every one, damaged either way.
@pytest.mark.parametrize(
    ("folders", "harm", "floor"),
    [(CONTENT, damage, 0.997), (VAULT, damage, 1.0), (VAULT, damage_fffd, 1.0)],
    ids=["content", "vault", "vault-fffd"],
)
def test_headings_come_back(
    folders: tuple[Path, ...], harm: Callable[[str], str], floor: float
) -> None:
    found = score(folders, harm)
    assert found.headings > 40
    intact = found.headings - len(found.wrong_headings)
    assert intact >= floor * found.headings, found.wrong_headings


def test_lost_bytes_saved_as_replacement_characters_come_back() -> None:
    # A reader that decoded with errors="replace" wrote U+FFFD for each lost byte: one lost byte
    # at a known place, so fewer candidates than a dropped one. ftfy alone turns each damaged
    # character into a U+FFFD and calls it repaired.
    found = score(VAULT, damage_fffd)
    assert found.damaged > 0.05 * found.total
    assert found.accuracy >= 0.9989  # 0.9990 before the vault held the essay of 04-随笔
    original = (FIXTURES / "restore" / "general" / "02-游记.md").read_text(encoding="utf-8")
    assert "\ufffd" in damage_fffd(original)
    text, diagnostics = repair_text(damage_fffd(original))
    assert "\ufffd" not in text
    assert sum(a != b for a, b in zip(text, original, strict=True)) < 0.03 * len(original)
    (lossy,) = [d for d in diagnostics if d.code == "mojibake-lossy"]
    assert f"{damaged_chars(original)} damaged characters restored" in lossy.message
    assert "mojibake-repaired" not in {d.code for d in diagnostics}


def test_a_replacement_character_with_no_lead_stays_and_is_counted() -> None:
    # U+FFFD where a lead byte was: nothing says which character it was.
    text = damage_fffd("词向量模型的训练方法。\n" * 3) + "a\ufffdb\n"
    restored = restore(text)
    assert restored is not None
    assert restored.unknown == 1
    assert restored.text.endswith("a\ufffdb\n")
    assert restored.text.startswith("词向量模型的训练方法。\n")
    fixed, diagnostics = repair_text(text)
    assert fixed == restored.text
    assert any("1 had no candidate" in d.message for d in diagnostics)


def test_replacement_characters_ftfy_keeps_are_not_called_repaired() -> None:
    # Too little text for restoration to trust: ftfy undoes the mojibake and keeps U+FFFD where
    # the closing quote lost a byte; the diagnostic says so instead of "repaired".
    text, diagnostics = repair_text("â€œquoteâ€\ufffd\n")
    assert text == "“quote\ufffd\n"
    (found,) = diagnostics
    assert found.code == "mojibake-lossy"
    assert "1 characters had lost bytes" in found.message and "U+FFFD" in found.message


def test_a_title_comes_back_from_the_file_name() -> None:
    # A file system keeps a note's name: where the candidates can spell it, they do.
    body = "\n\n模型只看到一袋子单位，看不到它们的先后顺序。这个问题在早期的文本表示中很常见。\n"
    for title in ("常见的坑", "川西小环线游记"):
        damaged = damage(f"# {title}{body}")
        assert repair_mojibake(damaged, f"笔记/{title}.md")[0] == f"# {title}{body}"
        assert restore(damaged) is not None
        assert restore(damaged, (title,)).text.startswith(f"# {title}\n")  # type: ignore[union-attr]


def test_damage_too_dense_to_restore_is_reported_not_hidden() -> None:
    # Cut characters outnumber whole ones: restoring would be guesswork, so the text stays, and
    # a warning says it is damaged.
    damaged = damage("# 语序丢失\n\n词向量把每个词变成一个向量，词向量的训练只看词的共现。\n")
    assert restore(damaged) is None
    text, diagnostics = repair_text(damaged)
    assert text == damaged
    (found,) = diagnostics
    assert (found.code, found.line) == ("mojibake-lossy", 1)
    assert "left as it is" in found.message and "18 characters cut" in found.message


def test_the_damage_function_makes_the_sample_file() -> None:
    intact = decode((FIXTURES / "bad" / "乱码笔记.md").read_bytes(), "x.md")
    assert isinstance(intact, SourceFile)
    lossy = (FIXTURES / "bad" / "乱码笔记-有损.md").read_text(encoding="utf-8")
    assert damage(intact.text) == lossy
    assert restore(lossy) is not None


def test_emoji_read_as_cp1254_come_back() -> None:
    original = "今天学习了注意力机制🧠，收获很大👍！下一步：复现论文🚀\n" * 3
    damaged = damage(original, turkish=True)
    assert "ğŸ" in damaged
    restored = restore(damaged)
    assert restored is not None
    assert restored.text == original


def test_full_width_marks_come_back_from_their_partners() -> None:
    # 、！ and ” 」 【 lose a byte; the intact partners (“ 「 】) and neighbours say which.
    # (『』 lose a byte each: with both marks damaged nothing tells them from 、.)
    original = "他说：“词向量、语言模型！”书名是「注意力」，又称【自注意力】。\n" * 4
    restored = restore(damage(original))
    assert restored is not None
    assert restored.text == original


def test_counts_and_doubts_say_what_was_done() -> None:
    original = (FIXTURES / "restore" / "general" / "02-游记.md").read_text(encoding="utf-8")
    damaged = damage(original)
    restored = restore(damaged)
    assert restored is not None
    assert restored.restored == damaged_chars(original)
    assert restored.unknown == 0
    assert restored.intact > restored.restored
    lines = restored.text.split("\n")
    assert restored.doubts
    for doubt in restored.doubts:
        assert doubt.margin < 2.3
        assert doubt.context in lines[doubt.line - 1]
        assert doubt.chosen != doubt.runner_up
    assert [d.margin for d in restored.doubts] == sorted(d.margin for d in restored.doubts)


def test_a_sequence_with_no_candidate_becomes_one_replacement_character() -> None:
    # F1 leads 4-byte sequences of plane 4: with lost bytes only, nothing assigned is there.
    text = damage("词向量模型的训练方法。\n" * 3) + "ñ\n"
    restored = restore(text)
    assert restored is not None
    assert restored.unknown == 1
    assert "\ufffd" in restored.text


def test_repair_text_is_the_library_call() -> None:
    import noteatlas

    lossy = (FIXTURES / "bad" / "乱码笔记-有损.md").read_text(encoding="utf-8")
    text, diagnostics = noteatlas.repair_text(lossy)
    assert text.startswith("# 词向量（被错误转码）\n")
    assert "mojibake-lossy" in {d.code for d in diagnostics}
    assert noteatlas.repair_text("clean 中文，“引号”。\r\n") == ("clean 中文，“引号”。\r\n", [])


# --- invariants ----------------------------------------------------------------------------------

_PIECES = [
    *"abcxyz 019#[]()*|\n\t-",
    *"的是在了词向量模型注意力中与不学习训练语言数据",
    *"（），。：；！？《》“”‘’…—「」『』【】、＝",
    "😀",
    "🧠",
    "❤️",
    "café",
    "naïve",
    "«»",
    "\u00a0",
]
CLEAN = st.lists(
    st.one_of(st.sampled_from(_PIECES), st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)),
    max_size=80,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(CLEAN)
def test_clean_text_is_never_touched(text: str) -> None:
    assert restore(text) is None
    assert repair_text(text) == (text, [])


@settings(max_examples=300, deadline=None)
@given(
    st.text(st.characters(exclude_categories=("Cs",)), max_size=200), st.booleans(), st.booleans()
)
def test_any_text_damaged_never_raises(text: str, turkish: bool, replace: bool) -> None:
    damaged = damage(text, turkish=turkish, replace=replace)
    restored = restore(damaged)
    if restored is not None:
        assert restored.unknown + restored.restored > 0
        assert restored.text.count("\n") == damaged.count("\n")
    fixed, diagnostics = repair_text(damaged)
    assert isinstance(fixed, str)
    assert all(d.code.startswith("mojibake-") for d in diagnostics)
    source = decode(damaged.encode("utf-8"), "x.md")
    assert isinstance(source, SourceFile | Diagnostic)


@settings(max_examples=150, deadline=None)
@given(CLEAN.filter(lambda t: len(_HAN.findall(t)) >= 6))
def test_damaged_chinese_comes_back_whole_or_nearly(text: str) -> None:
    restored = restore(damage(text))
    if restored is None:  # too little evidence that it is mojibake: left as it was
        return
    assert len(restored.text) == len(text)
    assert "\ufffd" not in restored.text
    for a, b in zip(restored.text, text, strict=True):
        if a != b:  # a wrong guess is still a candidate of the same damaged bytes
            assert any(x in LOST for x in b.encode()[1:])
            assert a.encode()[0] == b.encode()[0]


def test_clean_notes_never_load_the_model() -> None:
    """The model costs about half a second: only damage found in a note may load it."""
    code = (
        "from pathlib import Path\n"
        "from noteatlas.graph.read.decode import decode\n"
        "from noteatlas.graph.read.restore.model import language_model\n"
        f"for path in Path({str(FIXTURES)!r}).rglob('*.md'):\n"
        "    if '有损' not in path.name:\n"
        "        decode(path.read_bytes(), path.name)\n"
        "assert language_model.cache_info().currsize == 0\n"
        f"decode(Path({str(FIXTURES / 'bad' / '乱码笔记-有损.md')!r}).read_bytes(), 'x.md')\n"
        "assert language_model.cache_info().currsize == 1\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
