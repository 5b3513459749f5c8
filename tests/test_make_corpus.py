"""The benchmark corpus generator: reproducible, the right size, and notes that parse."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
import yaml
from markdown_it import MarkdownIt

sys.path.append(str(Path(__file__).resolve().parent.parent / "benchmarks"))

from make_corpus import MANIFEST, CorpusStats, main, make_corpus

NOTES = 30
WIKILINK = re.compile(r"\[\[([^\]|#]+)")


def tree(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` by relative path, with its bytes."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def markdown(root: Path) -> dict[str, str]:
    """Every note under ``root`` by relative path, decoded."""
    return {k: v.decode("utf-8") for k, v in tree(root).items() if k.endswith(".md")}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, CorpusStats]:
    """One small corpus shared by the read-only tests."""
    root = tmp_path_factory.mktemp("corpus")
    return root, make_corpus(root, NOTES, seed=3)


def test_same_seed_gives_identical_bytes(tmp_path: Path) -> None:
    first = make_corpus(tmp_path / "a", NOTES, seed=11)
    second = make_corpus(tmp_path / "b", NOTES, seed=11)
    assert first == second
    assert tree(tmp_path / "a") == tree(tmp_path / "b")


def test_different_seed_gives_different_notes(tmp_path: Path) -> None:
    make_corpus(tmp_path / "a", NOTES, seed=1)
    make_corpus(tmp_path / "b", NOTES, seed=2)
    assert markdown(tmp_path / "a") != markdown(tmp_path / "b")


def test_counts_match_the_files(corpus: tuple[Path, CorpusStats]) -> None:
    root, stats = corpus
    notes = tree(root)
    md = {k: v for k, v in notes.items() if k.endswith(".md")}
    images = [k for k in notes if k.endswith(".png")]
    assert len(md) == stats.notes == NOTES
    assert len(images) == stats.image_files
    assert sum(map(len, md.values())) == stats.markdown_bytes
    assert max(map(len, md.values())) == stats.largest_note_bytes
    assert json.loads((root / MANIFEST).read_text(encoding="utf-8"))["notes"] == NOTES


def test_total_size_follows_the_target(tmp_path: Path) -> None:
    stats = make_corpus(tmp_path / "c", 60, seed=5, target_bytes=400_000)
    assert 0.9 * 400_000 <= stats.markdown_bytes <= 1.1 * 400_000
    small = make_corpus(tmp_path / "d", 60, seed=5, target_bytes=100_000)
    assert small.markdown_bytes < stats.markdown_bytes / 2


def test_notes_parse_and_carry_front_matter(corpus: tuple[Path, CorpusStats]) -> None:
    root, _ = corpus
    md = MarkdownIt("commonmark").enable("table")
    kinds: set[str] = set()
    front_matters = 0
    for text in markdown(root).values():
        if text.startswith("---\n"):
            meta = yaml.safe_load(text.split("\n---\n", 1)[0].removeprefix("---\n"))
            assert isinstance(meta, dict) and meta["tags"]
            front_matters += 1
        kinds.update(token.type for token in md.parse(text))
    assert front_matters > 0
    assert {"table_open", "fence", "heading_open", "bullet_list_open"} <= kinds


def test_notes_hold_the_constructs_real_vaults_have(corpus: tuple[Path, CorpusStats]) -> None:
    root, _ = corpus
    text = "\n".join(markdown(root).values())
    assert re.search(r"https://arxiv\.org/(abs|pdf)/\d{4}\.\d{4,5}", text)
    assert "https://aclanthology.org/" in text
    assert re.search(r"https?://\S+?[，。；]", text), "a bare URL followed by Chinese punctuation"
    assert re.search(r"\S+ (→|->|=>|⟶) \S+ (→|->|=>|⟶) \S+", text), "an arrow chain"
    assert "$[a](b)$" in text
    assert "![[" in text or "![" in text


def test_wikilinks_mostly_resolve_and_some_are_broken(corpus: tuple[Path, CorpusStats]) -> None:
    root, stats = corpus
    names = {Path(k).stem for k in markdown(root)}
    targets = WIKILINK.findall("\n".join(markdown(root).values()))
    resolved = [t for t in targets if t in names]
    assert len(resolved) > len(targets) / 2
    assert len(resolved) < len(targets)
    assert 0 < stats.broken_references < stats.references


def test_regenerating_replaces_an_old_corpus(tmp_path: Path) -> None:
    make_corpus(tmp_path / "x", NOTES, seed=1)
    make_corpus(tmp_path / "x", NOTES, seed=2)
    make_corpus(tmp_path / "y", NOTES, seed=2)
    assert tree(tmp_path / "x") == tree(tmp_path / "y")


def test_a_folder_it_did_not_make_is_left_alone(tmp_path: Path) -> None:
    (tmp_path / "mine.md").write_text("# 我的笔记\n", encoding="utf-8")
    with pytest.raises(FileExistsError):
        make_corpus(tmp_path, NOTES)
    assert [p.name for p in tmp_path.iterdir()] == ["mine.md"]


def test_cli_prints_the_stats_and_reports_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([str(tmp_path / "cli"), "--notes", "12", "--seed", "4", "--size-mb", "0.05"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["notes"] == 12 and printed["seed"] == 4
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "a.txt").write_text("x", encoding="utf-8")
    assert main([str(tmp_path / "other"), "--notes", "12"]) == 1
    assert "Error:" in capsys.readouterr().err
