"""The read stage: file discovery (excludes, hidden folders, symlinks) and decoding of note bytes."""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

import ftfy.bad_codecs  # noqa: F401  (registers "sloppy-windows-1252" for the round trip)
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from noteatlas.errors import InputError
from noteatlas.graph.read.discover import (
    Corpus,
    decode,
    discover,
    normalize_newlines,
    read_note,
    safe_path,
)
from noteatlas.schema import Diagnostic, Severity, SourceFile
from noteatlas.schema.layout import OUTPUT_MARKER

FIXTURES = Path(__file__).parent / "fixtures"
BAD = FIXTURES / "bad"
READ = FIXTURES / "read"
VAULT = FIXTURES / "vault"


def read(folder: Path, name: str) -> SourceFile:
    """Read a fixture that must decode to text."""
    result = read_note(folder, name)
    assert isinstance(result, SourceFile), result
    return result


def codes(source: SourceFile) -> dict[str, Severity]:
    return {d.code: d.severity for d in source.diagnostics}


def link_targets(text: str) -> list[str]:
    return re.findall(r"\]\(([^)\s]+)\)", text)


# --- the bad/ files -------------------------------------------------------------------------------


def test_gbk_file_is_decoded_as_gb18030_and_says_so() -> None:
    source = read(BAD, "gbk编码.md")
    assert source.encoding == "gb18030"
    assert source.text == (BAD / "gbk编码.md").read_bytes().decode("gbk")
    assert source.text.startswith("# GBK 编码的 GRU 笔记\n")
    assert codes(source) == {"encoding-legacy": Severity.INFO}
    assert "gb18030" in source.diagnostics[0].message
    assert "https://arxiv.org/abs/1406.1078" in link_targets(source.text)


@pytest.mark.parametrize(
    ("name", "encoding", "title"),
    [
        ("utf8-bom.md", "utf-8-sig", "# BOM 笔记"),
        ("utf16-bom.md", "utf-16", "# UTF-16 笔记"),
    ],
)
def test_bom_never_reaches_the_text(name: str, encoding: str, title: str) -> None:
    source = read(BAD, name)
    assert source.encoding == encoding
    assert "\ufeff" not in source.text
    assert source.text.split("\n")[0] == title
    assert codes(source) == {"encoding-bom": Severity.INFO}
    assert "https://arxiv.org/abs/1406.1078" in link_targets(source.text)


def test_mojibake_is_repaired_completely() -> None:
    raw = (BAD / "乱码笔记.md").read_bytes()
    source = read(BAD, "乱码笔记.md")
    # Doing the damage again to the repaired text gives back the file exactly.
    assert source.text.encode("utf-8").decode("sloppy-windows-1252") == raw.decode("utf-8")
    assert source.text.split("\n")[0] == "# 词向量（被错误转码）"
    assert "\ufffd" not in source.text
    assert link_targets(source.text) == [
        "https://arxiv.org/abs/1301.3781",
        "https://nlp.stanford.edu/projects/glove/",
    ]
    assert codes(source) == {"mojibake-repaired": Severity.INFO}
    assert "windows-1252" in source.diagnostics[0].message
    assert source.diagnostics[0].line == 1
    assert source.repairs and "mojibake" in source.repairs[0]


def test_lossy_mojibake_is_restored_with_a_warning() -> None:
    intact = read(BAD, "乱码笔记.md").text
    source = read(BAD, "乱码笔记-有损.md")
    # Fifteen characters lost a byte (0x8D, 0x8F, 0x90, 0x9D, 0xAD, 0x9E): all come back.
    assert source.text == intact
    assert source.text.split("\n")[0] == "# 词向量（被错误转码）"
    found = codes(source)
    assert found["mojibake-lossy"] == Severity.WARNING
    assert set(found) <= {"mojibake-lossy", "mojibake-uncertain"}
    lossy = next(d for d in source.diagnostics if d.code == "mojibake-lossy")
    assert "15 damaged characters restored" in lossy.message
    assert lossy.line == 1
    assert source.repairs == ["mojibake: lost bytes restored (15 characters inferred)"]
    assert link_targets(source.text) == link_targets(intact)


def test_binary_file_is_skipped_with_a_diagnostic() -> None:
    result = read_note(BAD, "二进制.md")
    assert isinstance(result, Diagnostic)
    assert (result.code, result.severity, result.file) == (
        "binary-skipped",
        Severity.WARNING,
        "二进制.md",
    )


def test_empty_file_is_an_empty_note() -> None:
    source = read(BAD, "空文件.md")
    assert (source.text, source.encoding, source.diagnostics) == ("", "utf-8", [])
    assert source.sha256 == hashlib.sha256(b"").hexdigest()


# --- text that is right stays exactly as it is ----------------------------------------------------


def clean_utf8_files() -> list[Path]:
    bad_ones = {
        "gbk编码.md",
        "utf16-bom.md",
        "utf8-bom.md",
        "乱码笔记.md",
        "乱码笔记-有损.md",
        "二进制.md",
    }
    files = [*VAULT.rglob("*.md"), *(p for p in BAD.glob("*.md") if p.name not in bad_ones)]
    return sorted([*files, READ / "clean-zh.md", READ / "clean-latin.md"])


@pytest.mark.parametrize("path", clean_utf8_files(), ids=lambda p: p.name)
def test_clean_utf8_comes_back_unchanged(path: Path) -> None:
    raw = path.read_bytes()
    source = decode(raw, path.name)
    assert isinstance(source, SourceFile)
    assert source.text == raw.decode("utf-8").replace("\r\n", "\n")
    assert (source.encoding, source.diagnostics, source.repairs) == ("utf-8", [], [])
    assert source.sha256 == hashlib.sha256(raw).hexdigest()


def test_fullwidth_punctuation_and_curly_quotes_are_byte_for_byte_intact() -> None:
    raw = (READ / "clean-zh.md").read_bytes()
    text = read(READ, "clean-zh.md").text
    assert text.encode("utf-8") == raw
    for kept in ("（，。：；！？）", "“对齐”", "‘自注意力’", "😀🧠", "café", "\u00a0", "\u200b"):
        assert kept in text


def test_latin1_words_that_look_like_mojibake_signs_are_left_alone() -> None:
    # «café» and “é” put a cp1252-looking pair next to each other, so ftfy is consulted; it must
    # not change anything (nor "Â la carte" and "Ã as", which only look like lost no-break spaces).
    raw = (READ / "clean-latin.md").read_bytes()
    source = read(READ, "clean-latin.md")
    assert source.text.encode("utf-8") == raw
    assert source.diagnostics == []


def test_mixed_file_repairs_only_the_mojibake_line() -> None:
    source = read(READ, "mixed-mojibake.md")
    lines = source.text.split("\n")
    original = (READ / "mixed-mojibake.md").read_text(encoding="utf-8").split("\n")
    assert lines[2].encode("utf-8").decode("sloppy-windows-1252") == original[2]
    assert [lines[i] for i in (0, 1, 3, 4)] == [original[i] for i in (0, 1, 3, 4)]
    assert "“引号”（括号）" in lines[4]
    assert codes(source) == {"mojibake-repaired": Severity.INFO}
    assert source.diagnostics[0].line == 3


@pytest.mark.parametrize(
    "path",
    [*BAD.glob("*.md"), *READ.glob("*.md"), VAULT / "03-LLM" / "crlf笔记.md"],
    ids=lambda p: p.name,
)
def test_decoding_the_decoded_text_again_changes_nothing(path: Path) -> None:
    first = decode(path.read_bytes(), path.name)
    if isinstance(first, Diagnostic):
        return
    again = decode(first.text.encode("utf-8"), path.name)
    assert isinstance(again, SourceFile)
    assert (again.text, again.diagnostics) == (first.text, [])


# --- other encodings ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "encoding", "code", "severity"),
    [
        ("utf16be-bom.md", "utf-16", "encoding-bom", Severity.INFO),
        ("utf32-bom.md", "utf-32", "encoding-bom", Severity.INFO),
        ("utf16le-nobom.md", "utf-16-le", "encoding-legacy", Severity.WARNING),
        ("cp1252.md", "cp1252", "encoding-legacy", Severity.WARNING),
        ("big5.md", "big5", "encoding-legacy", Severity.WARNING),
    ],
)
def test_other_encodings_are_decoded_and_reported(
    name: str, encoding: str, code: str, severity: Severity
) -> None:
    raw = (READ / name).read_bytes()
    source = read(READ, name)
    assert source.encoding == encoding
    assert source.text == raw.decode(encoding).removeprefix("\ufeff")
    assert codes(source) == {code: severity}
    assert encoding in source.diagnostics[0].message
    assert len(link_targets(source.text)) == 1


def test_cp1252_accents_and_euro_survive() -> None:
    text = read(READ, "cp1252.md").text
    assert "naïve résumé costs 5 €" in text


def test_damaged_utf8_stays_utf8_with_replacement_characters() -> None:
    source = read(READ, "utf8-damaged.md")
    assert source.encoding == "utf-8"
    assert codes(source) == {"undecodable": Severity.WARNING}
    assert source.diagnostics[0].line == 4
    line = source.text.split("\n")[3]
    assert line.startswith("第四行有坏字节\ufffd")
    assert "[BERT](https://arxiv.org/abs/1810.04805)" in line
    assert source.text.split("\n")[2] == "这一行完好。"


def test_ascii_is_utf8_however_short() -> None:
    for raw in (b"a", b"# T\n", b"[x](y)"):
        source = decode(raw, "short.md")
        assert isinstance(source, SourceFile)
        assert (source.text, source.encoding, source.diagnostics) == (raw.decode(), "utf-8", [])


# --- line endings ---------------------------------------------------------------------------------


def test_crlf_is_normalised_and_line_numbers_match_the_file() -> None:
    raw = (VAULT / "03-LLM" / "crlf笔记.md").read_bytes()
    assert b"\r\n" in raw
    text = read(VAULT / "03-LLM", "crlf笔记.md").text
    assert "\r" not in text
    file_lines = raw.decode("utf-8").split("\r\n")
    assert text.split("\n") == file_lines
    gru = next(i for i, line in enumerate(file_lines) if "arxiv.org/abs/1412.3555" in line)
    assert "[GRU 论文](https://arxiv.org/abs/1412.3555)" in text.split("\n")[gru]


def test_lone_cr_ends_a_line_as_in_an_editor() -> None:
    lines = read(READ, "lone-cr.md").text.split("\n")
    assert lines[0] == "# 旧 Mac 换行"
    assert lines[1] == ""
    assert lines[2] == "第三行 [链接](https://example.org/three)"
    assert lines[3] == "第四行"
    assert lines[4] == "第五行 [五](https://example.org/five)"
    assert lines[5:] == [""]


def test_normalize_newlines() -> None:
    assert normalize_newlines("a\r\nb\rc\nd\r\r\n") == "a\nb\nc\nd\n\n"
    assert normalize_newlines("plain\n") == "plain\n"


# --- invariants -----------------------------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=600))
def test_arbitrary_bytes_never_raise(data: bytes) -> None:
    result = decode(data, "x.md")
    if isinstance(result, SourceFile):
        assert "\r" not in result.text
        assert not result.text.startswith("\ufeff")
        assert result.sha256 == hashlib.sha256(data).hexdigest()
    else:
        assert result.severity is Severity.WARNING


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                b"\xc3",
                b"\xa9",
                b"\xe4\xb8",
                b"\xad",
                b"\x81",
                b"\xef\xbb\xbf",
                b"\xff\xfe",
                b"\x00",
                b"\r",
                b"\n",
                b"a",
                "中".encode(),
            ]
        ),
        max_size=40,
    )
)
def test_nasty_byte_soup_never_raises(parts: list[bytes]) -> None:
    result = decode(b"".join(parts), "x.md")
    assert isinstance(result, SourceFile | Diagnostic)


TEXT = st.text(st.characters(exclude_categories=("Cs", "Cc"), include_characters="\t\n\r"))


@settings(max_examples=200, deadline=None)
@given(TEXT.filter(lambda t: not t.startswith("\ufeff")))
def test_valid_utf8_is_unchanged_unless_repaired_as_mojibake(text: str) -> None:
    source = decode(text.encode("utf-8"), "x.md")
    assert isinstance(source, SourceFile)
    assert source.encoding == "utf-8"
    found = {d.code for d in source.diagnostics}
    if found:  # random text can hold real mojibake ("Ã©"); then it is repaired, and says so
        assert found <= {"mojibake-repaired", "mojibake-lossy", "mojibake-uncertain"}
        return
    assert source.text == normalize_newlines(text)


PIECES = [
    *"abc xyz#[]()\n\t",
    *"词向量模型注意力（），。：；！？《》“”‘’…—«»",
    "😀",
    "café",
    "naïve",
    "\u00a0",
]
CLEAN = st.lists(st.sampled_from(PIECES), max_size=60).map("".join)


@settings(max_examples=200, deadline=None)
@given(CLEAN)
@example("café”“café“")  # two signs; ftfy could make one of them a character (锓)
def test_clean_chinese_text_is_never_touched(text: str) -> None:
    source = decode(text.encode("utf-8"), "x.md")
    assert isinstance(source, SourceFile)
    assert (source.text, source.diagnostics) == (text, [])


# --- discovery ------------------------------------------------------------------------------------


def make_tree(root: Path, files: list[str]) -> None:
    for rel in files:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"# {rel}\n", encoding="utf-8")


TREE = [
    "README.md",
    "a.markdown",
    "notes/x.md",
    "notes/keep.md",
    "notes/deep/y.md",
    "notes/pic.png",
    "drafts/d.md",
    "sub/drafts/e.md",
    "scratch.tmp.md",
    "notes/z.tmp.md",
    "private/p.md",
    "private/sub/q.md",
    "top.md",
    "notes/top.md",
    ".git/config",
    ".git/HEAD.md",
    ".obsidian/workspace.md",
    "notes/.hidden.md",
    "notes/.cache/c.md",
]


def test_discover_lists_notes_files_and_dirs_sorted(tmp_path: Path) -> None:
    make_tree(tmp_path, TREE)
    corpus = discover(tmp_path)
    assert corpus.root == tmp_path.resolve()
    assert corpus.notes == sorted(corpus.notes)
    assert "a.markdown" in corpus.notes and "notes/deep/y.md" in corpus.notes
    assert "notes/pic.png" in corpus.files and "notes/pic.png" not in corpus.notes
    assert set(corpus.notes) <= corpus.files
    assert corpus.dirs == {"notes", "notes/deep", "drafts", "sub", "sub/drafts", "private",
                           "private/sub"}  # fmt: skip
    assert "" not in corpus.dirs
    assert corpus.diagnostics == []


def test_hidden_folders_files_and_git_are_skipped(tmp_path: Path) -> None:
    make_tree(tmp_path, TREE)
    corpus = discover(tmp_path)
    everything = set(corpus.files) | set(corpus.dirs)
    assert not any(part.startswith(".") for rel in everything for part in rel.split("/"))
    assert (tmp_path / ".git" / "HEAD.md").is_file()


def test_output_folders_are_skipped_below_the_root_only(tmp_path: Path) -> None:
    """A folder noteatlas writes its outputs to holds OUTPUT_MARKER and is never walked."""
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "a.md").write_text("# a\n", encoding="utf-8")
    for out in ("site", "notes/out"):
        (tmp_path / out).mkdir()
        (tmp_path / out / "mindmap.mm.md").write_text("# map\n", encoding="utf-8")
        (tmp_path / out / OUTPUT_MARKER).write_text("", encoding="utf-8")
    corpus = discover(tmp_path)
    assert corpus.notes == ["notes/a.md"]
    assert corpus.dirs == {"notes"}
    (tmp_path / OUTPUT_MARKER).write_text("", encoding="utf-8")  # the root itself is still read
    assert discover(tmp_path).notes == ["notes/a.md"]


def test_excludes_follow_gitignore_rules(tmp_path: Path) -> None:
    make_tree(tmp_path, TREE)
    corpus = discover(tmp_path, ["drafts/", "*.tmp.md", "private/**", "/top.md", "# a comment", ""])
    assert "drafts" not in corpus.dirs and "sub/drafts" not in corpus.dirs  # any depth
    assert not any("drafts/" in rel for rel in corpus.files)
    assert "scratch.tmp.md" not in corpus.files and "notes/z.tmp.md" not in corpus.files
    assert not any(rel.startswith("private/") for rel in corpus.files)
    assert "top.md" not in corpus.notes and "notes/top.md" in corpus.notes  # anchored
    assert {"README.md", "notes/x.md", "notes/keep.md", "notes/deep/y.md"} <= set(corpus.notes)


def test_negated_exclude_keeps_a_file(tmp_path: Path) -> None:
    make_tree(tmp_path, TREE)
    corpus = discover(tmp_path, ["notes/*.md", "notes/**/*.md", "!notes/keep.md"])
    assert "notes/keep.md" in corpus.notes
    assert "notes/x.md" not in corpus.notes and "notes/deep/y.md" not in corpus.notes
    assert "notes/pic.png" in corpus.files


def test_excluded_folder_cannot_be_reincluded(tmp_path: Path) -> None:
    make_tree(tmp_path, TREE)
    corpus = discover(tmp_path, ["notes/", "!notes/keep.md"])
    assert not any(rel.startswith("notes/") for rel in corpus.files)


def test_odd_exclude_patterns_do_not_raise(tmp_path: Path) -> None:
    make_tree(tmp_path, TREE)
    corpus = discover(tmp_path, ["[z-a]", "[", "**", "!", "/", "\\#x", "[!a]*.md", "a--b[--]"])
    assert isinstance(corpus, Corpus)
    assert "README.md" not in corpus.files  # "**" excludes everything
    assert discover(tmp_path, ["[!R]*.md"]).notes == ["README.md", "a.markdown"]


def test_discovery_is_deterministic(tmp_path: Path) -> None:
    make_tree(tmp_path, TREE)
    assert discover(tmp_path, ["drafts/"]) == discover(tmp_path, ["drafts/"])


def test_symlink_leaving_the_root_is_not_followed(tmp_path: Path) -> None:
    root, outside = tmp_path / "corpus", tmp_path / "outside"
    make_tree(root, ["n.md"])
    make_tree(outside, ["secret.md", "dir/more.md"])
    (root / "out-dir").symlink_to(outside / "dir")
    (root / "out-file.md").symlink_to(outside / "secret.md")
    (root / "up").symlink_to(tmp_path)
    corpus = discover(root)
    assert corpus.notes == ["n.md"]
    assert corpus.files == {"n.md"} and corpus.dirs == set()
    found = {(d.code, d.file) for d in corpus.diagnostics}
    assert found == {("symlink-outside-root", n) for n in ("out-dir", "out-file.md", "up")}
    assert all(d.severity is Severity.WARNING for d in corpus.diagnostics)


def test_symlink_inside_the_root_is_followed_once_per_note(tmp_path: Path) -> None:
    make_tree(tmp_path, ["real/n.md", "real/pic.png"])
    (tmp_path / "alias").symlink_to(tmp_path / "real")
    (tmp_path / "link.md").symlink_to(tmp_path / "real" / "n.md")
    corpus = discover(tmp_path)
    assert {"alias/n.md", "alias/pic.png", "link.md", "real/n.md"} <= corpus.files
    assert {"alias", "real"} <= corpus.dirs
    assert corpus.notes == ["real/n.md"]  # the aliases point at the same note
    assert corpus.diagnostics == []


def test_symlink_into_a_hidden_or_excluded_folder_is_not_followed(tmp_path: Path) -> None:
    make_tree(tmp_path, [".git/HEAD.md", "private/p.md", "ok.md"])
    (tmp_path / "git").symlink_to(tmp_path / ".git")
    (tmp_path / "head.md").symlink_to(tmp_path / ".git" / "HEAD.md")
    (tmp_path / "pub").symlink_to(tmp_path / "private")
    corpus = discover(tmp_path, ["private/"])
    assert corpus.notes == ["ok.md"] and corpus.files == {"ok.md"}
    found = {(d.code, d.file) for d in corpus.diagnostics}
    assert found == {("symlink-skipped", name) for name in ("git", "head.md", "pub")}


def test_symlink_loops_end_with_a_diagnostic(tmp_path: Path) -> None:
    make_tree(tmp_path, ["a/n.md"])
    (tmp_path / "a" / "back").symlink_to(tmp_path)
    (tmp_path / "a" / "self").symlink_to(tmp_path / "a")
    (tmp_path / "p").symlink_to(tmp_path / "q")
    (tmp_path / "q").symlink_to(tmp_path / "p")
    (tmp_path / "gone.md").symlink_to(tmp_path / "missing.md")
    corpus = discover(tmp_path)
    assert corpus.notes == ["a/n.md"]
    found = {(d.code, d.file) for d in corpus.diagnostics}
    assert found == {
        ("symlink-loop", "a/back"),
        ("symlink-loop", "a/self"),
        ("symlink-loop", "p"),
        ("symlink-loop", "q"),
        ("symlink-broken", "gone.md"),
    }


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads folders whatever their mode")
def test_unreadable_folder_is_a_diagnostic(tmp_path: Path) -> None:
    make_tree(tmp_path, ["ok.md", "locked/n.md"])
    (tmp_path / "locked").chmod(0)
    try:
        corpus = discover(tmp_path)
    finally:
        (tmp_path / "locked").chmod(0o755)
    assert corpus.notes == ["ok.md"]
    assert [(d.code, d.file) for d in corpus.diagnostics] == [("read-error", "locked")]


def test_missing_root_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        discover(tmp_path / "nope")
    (tmp_path / "file.md").write_text("x", encoding="utf-8")
    with pytest.raises(InputError):
        discover(tmp_path / "file.md")


def test_discover_the_sample_vault() -> None:
    corpus = discover(VAULT)
    on_disk = sorted(p.relative_to(VAULT).as_posix() for p in VAULT.rglob("*.md"))
    assert corpus.notes == on_disk
    assert "03-LLM/Transformer" in corpus.dirs


# --- safe paths and reading -----------------------------------------------------------------------


def test_safe_path_refuses_to_leave_the_root(tmp_path: Path) -> None:
    make_tree(tmp_path, ["a/n.md"])
    (tmp_path / "a" / "esc").symlink_to("/etc")
    root = tmp_path.resolve()
    assert safe_path(tmp_path, "../../etc/passwd") is None
    assert safe_path(tmp_path, "a/../../x") is None
    assert safe_path(tmp_path, "/etc/passwd") is None
    assert safe_path(tmp_path, str(root / "a" / "n.md")) is None  # absolute, even inside
    assert safe_path(tmp_path, "C:\\Windows\\win.ini") is None
    assert safe_path(tmp_path, "a/esc/passwd") is None
    assert safe_path(tmp_path, "a\x00b") is None
    assert safe_path(tmp_path, "a/n.md") == root / "a" / "n.md"
    assert safe_path(tmp_path, "a/../a/n.md") == root / "a" / "n.md"
    assert safe_path(tmp_path, "a/missing.md") == root / "a" / "missing.md"


def test_read_note_refuses_outside_paths(tmp_path: Path) -> None:
    make_tree(tmp_path, ["corpus/n.md", "secret.md"])
    for rel in ("../secret.md", str(tmp_path / "secret.md"), "../../../../etc/passwd"):
        result = read_note(tmp_path / "corpus", rel)
        assert isinstance(result, Diagnostic)
        assert (result.code, result.file) == ("outside-root", rel)


def test_read_note_reports_what_cannot_be_read(tmp_path: Path) -> None:
    make_tree(tmp_path, ["dir/n.md"])
    os.mkfifo(tmp_path / "pipe.md")  # reading it would block forever
    for rel in ("missing.md", "dir", "pipe.md"):
        result = read_note(tmp_path, rel)
        assert isinstance(result, Diagnostic)
        assert (result.code, result.severity, result.file) == ("read-error", Severity.WARNING, rel)


def test_read_note_keeps_the_relative_path(tmp_path: Path) -> None:
    make_tree(tmp_path, ["笔记/n.md"])
    source = read(tmp_path, "笔记/n.md")
    assert (source.path, source.text) == ("笔记/n.md", "# 笔记/n.md\n")


def test_one_mojibake_look_alike_is_not_repaired() -> None:
    """Found by hypothesis: the bytes of "é»“" in cp1252 spell 黓 in UTF-8; one sign proves nothing."""
    source = decode("café»“".encode(), "x.md")
    assert isinstance(source, SourceFile)
    assert (source.text, source.diagnostics) == ("café»“", [])
