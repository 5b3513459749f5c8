"""Incremental and parallel builds give exactly the JSON a cold serial build gives."""

from __future__ import annotations

import os
import shutil
import sqlite3
from functools import partial
from pathlib import Path

import pytest

import noteatlas
from noteatlas.atlas import Atlas
from noteatlas.config import Config
from noteatlas.graph.concepts.mentions import NoteInput, note_input
from noteatlas.graph.extract.note import extract
from noteatlas.graph.read.discover import discover
from noteatlas.pipeline.cache import CACHE_DIR, CACHE_FILE, BuildCache, build_cache_key
from noteatlas.pipeline.pool import POOL_THRESHOLD, scan_notes
from noteatlas.schema import SourceFile

FIXTURES = Path(__file__).parent / "fixtures"
COLD = Config(cache=False, jobs=1)


def make_corpus(root: Path, copies: int) -> Path:
    """The sample vault, copied enough times to make the pool worth starting."""
    for i in range(copies):
        shutil.copytree(FIXTURES / "vault", root / f"part{i:02d}")
    return root


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return make_corpus(tmp_path / "notes", 2)


def cold_json(root: Path) -> str:
    return noteatlas.build(root, COLD).to_json()


def test_parallel_and_serial_builds_are_identical(tmp_path: Path) -> None:
    root = make_corpus(tmp_path / "big", POOL_THRESHOLD // 9 + 2)
    assert len(discover(root).notes) >= POOL_THRESHOLD
    serial = noteatlas.build(root, Config(cache=False, jobs=1)).to_json()
    parallel = noteatlas.build(root, Config(cache=False, jobs=2)).to_json()
    assert parallel == serial


def test_warm_build_reuses_every_note(corpus: Path) -> None:
    config = Config(jobs=1)
    first = noteatlas.build(corpus, config).to_json()
    cache = BuildCache(corpus, build_cache_key(noteatlas.__version__, config.digest()))
    try:
        paths = discover(corpus).notes
        scan_notes(corpus, paths, cache=cache)
        assert cache.hits == len(paths)
    finally:
        cache.close()
    assert noteatlas.build(corpus, config).to_json() == first == cold_json(corpus)


def test_edit_delete_rename_touch(corpus: Path) -> None:
    config = Config(jobs=1)
    noteatlas.build(corpus, config)
    note = corpus / "part00/02-NLP/词向量.md"
    note.write_text(
        note.read_text(encoding="utf-8") + "\n见 [新链接](https://example.org/new)\n",
        encoding="utf-8",
    )
    (corpus / "part01/02-NLP/RNN与LSTM.md").unlink()
    (corpus / "part01/concepts/BERT.md").rename(corpus / "part01/concepts/BERT模型.md")
    touched = corpus / "part00/README.md"
    os.utime(touched, ns=(touched.stat().st_atime_ns, touched.stat().st_mtime_ns + 10**9))
    warm = noteatlas.build(corpus, config)
    assert warm.to_json() == cold_json(corpus)
    paths = {n.path for n in warm.notes()}
    assert "part01/02-NLP/RNN与LSTM.md" not in paths
    assert "part01/concepts/BERT模型.md" in paths and "part01/concepts/BERT.md" not in paths
    assert "url:https://example.org/new" in warm


def test_config_or_version_change_invalidates(corpus: Path) -> None:
    noteatlas.build(corpus, Config(jobs=1))
    other = Config(jobs=1, exclude=["part01/"])
    cache = BuildCache(corpus, build_cache_key(noteatlas.__version__, other.digest()))
    try:
        assert cache.lookup("part00/README.md", _stamp(corpus / "part00/README.md")) == (None, None)
    finally:
        cache.close()
    cache = BuildCache(corpus, build_cache_key("999.0", Config(jobs=1).digest()))
    try:
        assert cache.lookup("part00/README.md", _stamp(corpus / "part00/README.md")) == (None, None)
    finally:
        cache.close()


def _stamp(path: Path):  # type: ignore[no-untyped-def]
    from noteatlas.pipeline.cache import Stamp

    st = path.stat()
    return Stamp(st.st_size, st.st_mtime_ns)


@pytest.mark.parametrize("damage", ["garbage", "truncate", "row"])
def test_corrupted_cache_is_rebuilt_never_trusted(corpus: Path, damage: str) -> None:
    config = Config(jobs=1)
    expected = noteatlas.build(corpus, config).to_json()
    db = corpus / CACHE_DIR / CACHE_FILE
    if damage == "garbage":
        db.write_bytes(b"this is not a database" * 100)
    elif damage == "truncate":
        data = db.read_bytes()
        db.write_bytes(data[: len(data) // 3])
    else:  # a row whose payload no longer matches its checksum
        conn = sqlite3.connect(db)
        conn.execute("UPDATE notes SET blob = X'00112233' WHERE path = 'part00/README.md'")
        conn.commit()
        conn.close()
    atlas = noteatlas.build(corpus, config)
    body = [d for d in atlas.diagnostics if d.code != "cache-problem"]
    assert atlas.to_json().count('"cache-problem"') >= 1
    assert [d.model_dump() for d in body] == [
        d.model_dump() for d in noteatlas.build(corpus, COLD).diagnostics
    ]
    assert {n.id for n in atlas.nodes()} == {n.id for n in Atlas.from_json(expected).nodes()}


# -- mentions: the second per-note pass ---------------------------------------------------------

MATCHER_NAMES = [("BERT", "concept:bert"), ("ELMo", "concept:elmo")]


def _texts(n: int) -> NoteInput:
    text = f"BERT 与 ELMo，第 {n} 篇 Transformer。BERT 基于 Transformer。\n\n\n# ELMo\n"
    ex = extract(SourceFile(path=f"n{n}.md", text=text, encoding="utf-8", sha256="0"))
    return note_input(ex, None)


def _never() -> NoteInput:
    raise AssertionError("a cached note was matched again")


def _mentions_by_path(notes, matcher, **kw):  # type: ignore[no-untyped-def]
    from noteatlas.pipeline.pool import iter_mentions

    return {
        path: m for (path, _, _), m in zip(notes, iter_mentions(notes, matcher, **kw), strict=True)
    }


def test_mentions_are_reused_until_the_note_or_a_name_changes(tmp_path: Path) -> None:
    from noteatlas.graph.concepts.names import Matcher

    matcher = Matcher(MATCHER_NAMES)
    notes = [(f"n{i}.md", f"sha{i}", partial(_texts, i)) for i in range(5)]
    cache = BuildCache(tmp_path, "k")
    try:
        first = _mentions_by_path(notes, matcher, cache=cache)
        again = _mentions_by_path([(p, sha, _never) for p, sha, _ in notes], matcher, cache=cache)
        assert again == first
        calls: list[str] = []

        def counted(path: str) -> NoteInput:
            calls.append(path)
            return _texts(0)

        edited = [(p, sha if p != "n2.md" else "new", partial(counted, p)) for p, sha, _ in notes]
        _mentions_by_path(edited, matcher, cache=cache)
        assert calls == ["n2.md"]
        calls.clear()
        named = Matcher([*MATCHER_NAMES, ("Transformer", "concept:transformer")])
        changed = _mentions_by_path(edited, named, cache=cache)
        assert len(calls) == 5
        assert any(p.concept == "concept:transformer" for p in changed["n0.md"].places)
        (stated,) = changed["n0.md"].statements
        assert (stated.source, stated.kind.value, stated.target, stated.line) == (
            "concept:bert", "based_on", "concept:transformer", 1
        )  # fmt: skip
    finally:
        cache.close()


def test_notes_matched_first_are_not_matched_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``match_first`` matches the few notes the cache lacks and stores them, so what every
    note's mentions are is known from the cache (their rows' digests); ``iter_mentions`` then
    takes them as they are, over windows of any size."""
    from noteatlas.graph.concepts.mentions import names_digest
    from noteatlas.graph.concepts.names import Matcher
    from noteatlas.pipeline import pool

    monkeypatch.setattr(pool, "WINDOW", 2)
    matcher = Matcher(MATCHER_NAMES)
    notes = [(f"n{i}.md", f"sha{i}", partial(_texts, i)) for i in range(5)]
    cache = BuildCache(tmp_path, "k")
    try:
        first = _mentions_by_path(notes, matcher, cache=cache)
        outs = cache.mention_outs([(p, sha) for p, sha, _ in notes], names_digest(matcher))
        assert outs is not None and len(set(outs)) == 5
        edited = [(p, sha if p not in ("n1.md", "n3.md") else "new", partial(_texts, i))
                  for i, (p, sha, _) in enumerate(notes)]  # fmt: skip
        assert cache.mention_outs([(p, k) for p, k, _ in edited], names_digest(matcher)) is None
        assert pool.match_first(edited, matcher, cache, limit=1) is None  # two to match
        matched = pool.match_first(edited, matcher, cache, limit=2)
        assert matched is not None and sorted(matched) == [1, 3]
        again = cache.mention_outs([(p, k) for p, k, _ in edited], names_digest(matcher))
        assert again == outs  # the same texts: the same mentions
        taken = [(p, k, _never) for p, k, _ in edited]
        assert _mentions_by_path(taken, matcher, cache=cache, matched=matched) == first
    finally:
        cache.close()


def test_pooled_and_serial_mentions_are_identical() -> None:
    from noteatlas.graph.concepts.names import Matcher

    matcher = Matcher(MATCHER_NAMES)
    notes = [(f"n{i}.md", "", partial(_texts, i)) for i in range(POOL_THRESHOLD + 3)]
    assert _mentions_by_path(notes, matcher, jobs=2) == _mentions_by_path(notes, matcher, jobs=1)


def test_damaged_mentions_row_is_matched_again(corpus: Path) -> None:
    config = Config(jobs=1)
    expected = noteatlas.build(corpus, config).to_json()
    conn = sqlite3.connect(corpus / CACHE_DIR / CACHE_FILE)
    assert conn.execute("SELECT COUNT(*) FROM mentions").fetchone()[0] >= 10
    conn.execute("UPDATE mentions SET blob = X'00112233' WHERE path = 'part00/README.md'")
    conn.execute("UPDATE mentions SET crc = 1 WHERE path = 'part01/README.md'")
    conn.commit()
    conn.close()
    atlas = noteatlas.build(corpus, config)
    problems = [d.message for d in atlas.diagnostics if d.code == "cache-problem"]
    assert len(problems) == 2 and all("mentions row" in p for p in problems)
    body = Atlas.from_json(expected)
    assert atlas.document.edges == body.document.edges


def test_a_new_alias_reaches_mentions_in_unchanged_notes(corpus: Path) -> None:
    config = Config(jobs=1)
    other = corpus / "part01/README.md"  # unchanged between the two builds
    other.write_text(
        other.read_text(encoding="utf-8") + "\n分布式表示法很重要。\n", encoding="utf-8"
    )
    first = noteatlas.build(corpus, config)
    assert not any(c for c in first.concepts() if "分布式表示法" in c.aliases)
    target = corpus / "part00/02-NLP/词向量.md"
    target.write_text(
        "---\ntitle: 词向量\nkind: concept\naliases: [分布式表示法]\n---\n"
        + target.read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    warm = noteatlas.build(corpus, config)
    assert warm.to_json() == cold_json(corpus)
    (concept,) = [c for c in warm.concepts() if "分布式表示法" in c.aliases]
    assert any(
        e.source == "note:part01/README.md" and e.target == concept.id
        for e in warm.document.edges
        if e.kind.value == "mentions"
    )


def test_the_cache_key_follows_the_code(tmp_path: Path) -> None:
    """An edited checkout keeps its version: the key holds a digest of the source as well."""
    from noteatlas.pipeline.cache import code_digest, source_digest

    assert code_digest() in build_cache_key("1.0", "cfg")
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "a.py").write_text("x = 1\n")
    before = source_digest([package])
    (package / "notes.txt").write_text("not code")
    assert source_digest([package]) == before
    (package / "a.py").write_text("x = 2\n")
    edited = source_digest([package])
    (package / "b.py").write_text("")
    assert len({before, edited, source_digest([package])}) == 3


def test_mentions_from_a_fork_server_are_identical(monkeypatch: pytest.MonkeyPatch) -> None:
    """A big build starts the mentions pool from a fork server (``pool_context``): the same
    results as matched in this process."""
    from noteatlas.graph.concepts.names import Matcher
    from noteatlas.pipeline import pool

    assert not pool.main_is_noteatlas()  # pytest's main: a fork as before, however big
    assert pool.pool_context() is None
    monkeypatch.setattr(pool, "FORK_LIMIT_MB", 0)
    monkeypatch.setattr(pool, "main_is_noteatlas", lambda: True)
    assert pool.pool_context() is not None
    matcher = Matcher(MATCHER_NAMES)
    notes = [(f"n{i}.md", "", partial(_texts, i)) for i in range(POOL_THRESHOLD + 3)]
    assert _mentions_by_path(notes, matcher, jobs=2) == _mentions_by_path(notes, matcher, jobs=1)


def test_rows_kept_decoded_give_way_to_what_another_process_wrote(tmp_path: Path) -> None:
    """A long-lived process (``serve``) keeps the rows it decoded; when another process (a
    ``noteatlas build`` in a terminal) has rebuilt a note since, the row's bytes differ and the
    kept result is not used, even though this process never saw the edit."""
    import subprocess
    import sys

    from noteatlas.pipeline.cache import keep_decoded

    root = tmp_path / "notes"
    shutil.copytree(FIXTURES / "vault", root, ignore=shutil.ignore_patterns(".noteatlas"))
    config = Config(jobs=1)
    keep_decoded()
    try:
        noteatlas.build(root, config)
        noteatlas.build(root, config)  # every note now comes from the rows kept
        note = sorted(root.rglob("*.md"))[0]
        note.write_text(note.read_text(encoding="utf-8") + "\n[[Transformer]] 与 [[新概念甲]]\n")
        script = f"import noteatlas; noteatlas.build({str(root)!r}, noteatlas.Config(jobs=1))"
        subprocess.run([sys.executable, "-c", script], check=True)
        warm = noteatlas.build(root, config).to_json()
    finally:
        keep_decoded(False)
    assert "新概念甲" in warm
    assert warm == noteatlas.build(root, Config(cache=False, jobs=1)).to_json()
