"""For any sequence of edits, renames, deletions and new notes, a build through the cache gives
byte for byte the JSON of a cold build of the same files (issue 15, "Done when")."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import noteatlas
from noteatlas.config import Config

FIXTURES = Path(__file__).parent / "fixtures"
WARM = Config(jobs=1)
COLD = Config(cache=False, jobs=1)

#: Lines an edit may append: links, a wikilink, a front matter-free definition, a year, a new
#: concept name, an arrow chain, an alias — what changes other notes' mentions and the graph.
LINES = (
    "见 [新链接](https://example.org/new)",
    "[[BERT]] 与 [[不存在的笔记]]",
    "ELMo is based on a bidirectional LSTM.",
    "2018年，Google提出了BERT。",
    "双向循环神经网络（BiRNN）能看到上下文。",
    "word2vec -> ELMo -> BERT",
    "论文：[Attention Is All You Need](https://arxiv.org/abs/1706.03762)",
    "## 缺点\n\n- 训练很慢",
    "",
)

edit = st.tuples(st.just("edit"), st.integers(0, 99), st.sampled_from(LINES))
rename = st.tuples(st.just("rename"), st.integers(0, 99), st.sampled_from(("a", "b")))
delete = st.tuples(st.just("delete"), st.integers(0, 99), st.just(""))
add = st.tuples(st.just("add"), st.integers(0, 99), st.sampled_from(LINES))
steps = st.lists(st.one_of(edit, rename, delete, add), min_size=1, max_size=5)


def apply(root: Path, step: tuple[str, int, str], count: int) -> None:
    action, pick, text = step
    notes = sorted(p for p in root.rglob("*.md") if ".noteatlas" not in p.parts)
    if action == "add" or not notes:
        (root / f"new-{count}.md").write_text(f"# 新笔记 {count}\n\n{text}\n", encoding="utf-8")
        return
    note = notes[pick % len(notes)]
    if action == "edit":
        with note.open("a", encoding="utf-8") as fh:
            fh.write(f"\n{text}\n")
    elif action == "rename":
        note.rename(note.with_name(f"{note.stem}-{text}{count}.md"))
    else:
        note.unlink()


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps)
def test_a_build_through_the_cache_equals_a_cold_build(
    sequence: list[tuple[str, int, str]],
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "notes"
        shutil.copytree(FIXTURES / "vault", root)
        noteatlas.build(root, WARM)  # fills the cache
        for count, step in enumerate(sequence):
            apply(root, step, count)
            warm = noteatlas.build(root, WARM).to_json()
        assert (root / ".noteatlas").is_dir()  # the warm builds did use a cache
        cold = noteatlas.build(root, COLD).to_json()
        assert warm == cold
