"""For any sequence of edits, renames, deletions and new notes, a build through the cache gives
byte for byte the JSON of a cold build of the same files (issue 15, "Done when"); and
``noteatlas build -o SITE`` after each step (which may leave the site as it was, stop when the
atlas's parts are those of the site's: pipeline/parts.py, or make only atlas.json when the atlas
did not change: pipeline/site.py) leaves SITE byte for byte as a cold build writes it."""

from __future__ import annotations

import io
import os
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import noteatlas
from noteatlas.cli import main
from noteatlas.config import Config
from noteatlas.pipeline.cache import keep_decoded

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
    "补充：这一行什么也没有说。",  # prose that states nothing: the atlas's parts stay the same
    "",
)

edit = st.tuples(st.just("edit"), st.integers(0, 99), st.sampled_from(LINES))
rename = st.tuples(st.just("rename"), st.integers(0, 99), st.sampled_from(("a", "b")))
delete = st.tuples(st.just("delete"), st.integers(0, 99), st.just(""))
add = st.tuples(st.just("add"), st.integers(0, 99), st.sampled_from(LINES))
steps = st.lists(st.one_of(edit, rename, delete, add), min_size=1, max_size=5)

#: The corpus's own vocabulary: a new concept whose alias other notes already use, then none.
VOCABULARIES = (
    "version: 1\nconcepts:\n  - name: 语言建模\n    aliases: [语言模型]\n",
    "version: 1\nconcepts:\n  - name: 双向编码\n    aliases: [Bidirectional]\n",
    "",
)
#: What a step may do besides notes: same bytes with a new mtime, a vocabulary, or nothing.
touch = st.tuples(st.just("touch"), st.integers(0, 99), st.just(""))
vocabulary = st.tuples(st.just("vocabulary"), st.integers(0, 99), st.sampled_from(VOCABULARIES))
nothing = st.tuples(st.just("nothing"), st.integers(0, 99), st.just(""))
site_steps = st.lists(
    st.one_of(edit, rename, delete, add, touch, vocabulary, nothing), min_size=1, max_size=5
)


def apply(root: Path, step: tuple[str, int, str], count: int) -> None:
    action, pick, text = step
    notes = sorted(p for p in root.rglob("*.md") if ".noteatlas" not in p.parts)
    if action == "add" or not notes:
        (root / f"new-{count}.md").write_text(f"# 新笔记 {count}\n\n{text}\n", encoding="utf-8")
        return
    note = notes[pick % len(notes)]
    if action == "nothing":
        return
    if action == "vocabulary":
        vocab = root / "concepts.yaml"
        if text:
            vocab.write_text(text, encoding="utf-8")
        else:
            vocab.unlink(missing_ok=True)
        return
    if action == "touch":
        os.utime(note)
        return
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


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps)
def test_rebuilds_from_rows_kept_decoded_equal_a_cold_build(
    sequence: list[tuple[str, int, str]],
) -> None:
    """``noteatlas serve`` keeps the rows it decoded and reuses them while their bytes are the
    same: after every step its build is still a cold build's, so nothing reused was changed."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "notes"
        shutil.copytree(FIXTURES / "vault", root)
        keep_decoded()
        try:
            noteatlas.build(root, WARM)
            for count, step in enumerate(sequence):
                apply(root, step, count)
                warm = noteatlas.build(root, WARM).to_json()
                assert warm == noteatlas.build(root, COLD).to_json()
        finally:
            keep_decoded(False)


def site_files(site: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(site.iterdir()) if p.is_file()}


def cli_build(root: Path, site: Path, *more: str) -> None:
    argv = ["build", str(root), "-o", str(site), "-q", "--jobs", "1", *more]
    assert main(argv, io.StringIO(), io.StringIO()) == 0


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(site_steps)
def test_a_site_built_through_the_cache_equals_a_cold_one(
    sequence: list[tuple[str, int, str]],
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root, site, cold = Path(tmp) / "notes", Path(tmp) / "site", Path(tmp) / "cold"
        shutil.copytree(FIXTURES / "vault", root)
        cli_build(root, site)
        for count, step in enumerate(sequence):
            apply(root, step, count)
            cli_build(root, site)
            # after every step: a build that stopped at the parts (pipeline/parts.py) or kept
            # the site's other files still left the atlas a cold build makes
            atlas = noteatlas.build(root, COLD).to_json().encode("utf-8")
            assert (site / "atlas.json").read_bytes() == atlas
        cli_build(root, cold, "--no-build-cache")
        assert site_files(site) == site_files(cold)
