"""Links from the pages to the notes: relative when the output sits beside the notes, or through
``--link-base`` (a GitHub blob URL or an Obsidian URI), each correctly encoded and validated."""

from __future__ import annotations

import io
import json
import re
import shutil
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from noteatlas.atlas import Atlas, load
from noteatlas.cli import main
from noteatlas.errors import ConfigError
from noteatlas.exporters import ExportOptions, export
from noteatlas.exporters.mindmap import to_mindmap
from noteatlas.exporters.mindmap_nodes import MindNode
from noteatlas.exporters.notelinks import (
    NoteLinks,
    check_link_base,
    relative_base,
    safe_href,
    sits_beside,
)
from noteatlas.schema import NoteNode

FIXTURES = Path(__file__).parent / "fixtures"
FIXTURE = FIXTURES / "exporters" / "nlp_atlas.json"
GITHUB = "https://github.com/u/notes/blob/main/"
OBSIDIAN = "obsidian://open?vault=My%20Notes&file="


@pytest.fixture(scope="module")
def atlas() -> Atlas:
    return load(FIXTURE)


def walk(node: MindNode) -> list[MindNode]:
    return [node, *(n for c in node.children for n in walk(c))]


def note_links(tree: MindNode) -> dict[str, str]:
    return {n.text: n.href for n in walk(tree) if n.href and "arxiv" not in n.href}


# -- the base --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("base", "checked"),
    [
        (GITHUB, GITHUB),
        ("https://github.com/u/notes/blob/main", GITHUB),
        ("http://notes.example.org/view?path=", "http://notes.example.org/view?path="),
        (OBSIDIAN, OBSIDIAN),
    ],
)
def test_http_and_obsidian_bases_are_accepted(base: str, checked: str) -> None:
    assert check_link_base(base) == checked


@pytest.mark.parametrize(
    ("base", "says"),
    [
        ("javascript:alert(1)//", "only http, https and obsidian"),
        ("file:///home/me/notes/", "only http, https and obsidian"),
        ("data:text/html,x", "only http, https and obsidian"),
        ("../notes/", "no scheme"),
        ("https:///blob/main/", "no host"),
        ("https://github.com/u/my notes/", "contains ' '"),
        ('https://x.org/"onmouseover="alert(1)', "contains '\"'"),
        ("https://x.org/<script>/", "contains '<'"),
        ("https://x.org/a#top", "#fragment"),
        ("obsidian://open?vault=Notes", "must end with the parameter"),
        ("", "empty"),
    ],
)
def test_other_bases_are_refused_with_a_hint(base: str, says: str) -> None:
    with pytest.raises(ConfigError) as bad:
        check_link_base(base)
    assert says in str(bad.value)
    assert bad.value.hint


def test_export_options_check_the_base() -> None:
    assert ExportOptions(link_base="https://h.org/r").link_base == "https://h.org/r/"
    with pytest.raises(ConfigError):
        ExportOptions(link_base="javascript:alert(1)")


# -- encoding --------------------------------------------------------------------------------------

PATH = "03-LLM/为什么需要Transformer：从“词”到“序列”.md"


def test_a_path_prefix_encodes_each_segment_and_keeps_the_heading() -> None:
    links = NoteLinks.choose(link_base=GITHUB)
    href = links.note(PATH, "多头注意力")
    assert href is not None and href.startswith(GITHUB)
    parts = urlsplit(href)
    assert parts.path.count("/") == PATH.count("/") + 5  # "/u/notes/blob/main/", then the path
    assert unquote(parts.path) == "/u/notes/blob/main/" + PATH
    assert unquote(parts.fragment) == "多头注意力"
    assert href.isascii() and " " not in href
    assert NoteLinks.choose(link_base=GITHUB).note("a b/c#d?.md") == GITHUB + "a%20b/c%23d%3F.md"


def test_an_obsidian_uri_encodes_the_whole_path_as_a_query_value() -> None:
    links = NoteLinks.choose(link_base=OBSIDIAN)
    href = links.note(PATH, "多头注意力")  # Obsidian's open action takes no heading
    assert href is not None and href.startswith(OBSIDIAN)
    assert "%2F" in href and "/" not in href[len("obsidian://") :]
    query = parse_qs(urlsplit(href).query)
    assert query == {"vault": ["My Notes"], "file": [PATH]}
    assert safe_href(href, notes=True) == href


def test_relative_links_need_no_base_and_stay_relative() -> None:
    assert NoteLinks.choose().note(PATH) is None
    href = NoteLinks.choose(note_base="../notes").note("a b.md", "x")
    assert href == "../notes/a%20b.md#x"
    vault = NoteLinks.choose(note_base="../My Vault #1/").note("a.md")
    assert vault == "../My%20Vault%20%231/a.md" and safe_href(vault, notes=True) == vault


# -- beside the notes ------------------------------------------------------------------------------


def test_beside_means_inside_the_notes_or_inside_their_folder(tmp_path: Path) -> None:
    notes = tmp_path / "repo" / "notes"
    notes.mkdir(parents=True)
    assert sits_beside(notes, notes / "site")
    assert sits_beside(notes, tmp_path / "repo" / "site")
    assert sits_beside(notes, tmp_path / "repo" / "build" / "site")
    assert not sits_beside(notes, tmp_path / "elsewhere" / "site")
    assert relative_base(notes, tmp_path / "repo" / "site") == "../notes/"
    assert relative_base(notes, notes / "site") == "../"


def test_mind_map_links_use_the_base(atlas: Atlas) -> None:
    github = note_links(to_mindmap(atlas, "outline", link_base=GITHUB))
    assert github["NLP 学习路线"] == GITHUB + "README.md"
    assert github["2013年 word2vec"] == GITHUB + "README.md#2013%E5%B9%B4-word2vec"
    obsidian = note_links(to_mindmap(atlas, "outline", link_base=OBSIDIAN))
    assert obsidian["2013年 word2vec"] == OBSIDIAN + "README.md"
    concept_map = note_links(to_mindmap(atlas, "concepts", link_base=GITHUB))
    assert concept_map["BERT"] == GITHUB + "concepts/BERT.md"


# -- the CLI ---------------------------------------------------------------------------------------


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def page_hrefs(page: Path) -> list[str]:
    raw = re.search(r'id="mindmap-data">(.*?)</script>', page.read_text(encoding="utf-8"), re.S)
    assert raw is not None
    text = json.dumps(json.loads(raw.group(1)))
    return [h.replace("&amp;", "&") for h in re.findall(r'href=\\"([^"\\]*)\\"', text)]


def test_build_links_beside_the_notes_relatively(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURES / "vault", repo / "notes")
    code, _, err = run("build", str(repo / "notes"), "-o", str(repo / "site"), "--no-build-cache")
    assert code == 0 and "works on this machine only" not in err
    hrefs = [h for h in page_hrefs(repo / "site" / "mindmap.html") if not h.startswith("http")]
    assert hrefs and all(h.startswith("../notes/") for h in hrefs)
    for href in hrefs:  # every link reaches a note that exists
        target = (repo / "site" / unquote(href.split("#")[0])).resolve()
        assert target.is_file(), href


def test_build_far_from_the_notes_says_the_links_only_work_here(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "vault", tmp_path / "a" / "notes")
    out = tmp_path / "b" / "site"
    code, _, err = run("build", str(tmp_path / "a" / "notes"), "-o", str(out), "--no-build-cache")
    assert code == 0
    assert "works on this machine only" in err and "--link-base" in err


def test_build_with_a_link_base_links_there(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "vault", tmp_path / "notes")
    out = tmp_path / "site"
    code, _, err = run(
        "build",
        str(tmp_path / "notes"),
        "-o",
        str(out),
        "--link-base",
        OBSIDIAN,
        "--no-build-cache",
    )
    assert code == 0, err
    hrefs = [h for h in page_hrefs(out / "mindmap.html") if not h.startswith("http")]
    assert hrefs and all(h.startswith(OBSIDIAN) for h in hrefs)
    assert OBSIDIAN + "02-NLP%2F%E8%AF%8D%E5%90%91%E9%87%8F.md" in hrefs


def test_a_bad_link_base_stops_before_building(tmp_path: Path) -> None:
    for command in ("build", "export"):
        extra = ["--format", "mindmap"] if command == "export" else []
        code, _, err = run(
            command, str(tmp_path / "missing"), *extra, "--link-base", "javascript:alert(1)"
        )
        assert code == 3
        assert err.startswith("Error: The link base 'javascript:alert(1)'") and "Hint:" in err


# -- the explorer ----------------------------------------------------------------------------------


def explorer_hrefs(page: str) -> dict[str, str | None]:
    """Each file's link in an explorer page, as the page makes it from its data."""
    raw = re.search(r'id="atlas-data">(.*?)</script>', page, re.S)
    assert raw is not None
    data = json.loads(raw.group(1))
    pairs = zip(data["files"], data["fileHrefs"], strict=True)
    return {f: data["hrefPrefix"] + f if h == 1 else h for f, h in pairs}


@pytest.mark.parametrize("base", [GITHUB, OBSIDIAN])
def test_the_explorer_links_notes_through_the_link_base(
    atlas: Atlas, tmp_path: Path, base: str
) -> None:
    """Like the mind map and the link index: every note through the published base, encoded as
    that base needs (a query-form base takes the whole path, ``/`` included); no other file."""
    options = ExportOptions(note_base="../notes/", link_base=base)
    page = export(atlas, "explorer", tmp_path, options)[0].read_text(encoding="utf-8")
    hrefs = explorer_hrefs(page)
    links = NoteLinks.choose(link_base=base)
    notes = [n.path for n in atlas.nodes() if isinstance(n, NoteNode)]
    assert notes and all(hrefs[p] == links.note(p) for p in notes)
    assert all(h is not None and h.startswith(base) for p, h in hrefs.items() if p in notes)
    assert {h for p, h in hrefs.items() if p not in notes} <= {None}
    assert "https%3A" not in page and "obsidian%3A" not in page and "../notes/" not in page
    mindmap = export(atlas, "mindmap", tmp_path, options)[1]
    in_mindmap = {h.split("#")[0] for h in page_hrefs(mindmap) if h.startswith(base)}
    assert in_mindmap and in_mindmap <= set(hrefs.values())  # the same link to each note


def test_the_explorer_keeps_readable_relative_links_without_a_base(
    atlas: Atlas, tmp_path: Path
) -> None:
    page = export(atlas, "explorer", tmp_path, ExportOptions(note_base="../notes/"))[0]
    hrefs = explorer_hrefs(page.read_text(encoding="utf-8"))
    notes = [n.path for n in atlas.nodes() if isinstance(n, NoteNode)]
    assert all(hrefs[p] == "../notes/" + p for p in notes if p.isascii() and " " not in p)
    assert any(not p.isascii() and hrefs[p] == "../notes/" + p for p in notes)


def test_one_safe_href_and_one_note_link_maker() -> None:
    """The pages share ``notelinks.safe_href`` and ``NoteLinks``: no second definition drifts."""
    root = Path(__file__).resolve().parent.parent
    defined = [
        (path.relative_to(root).as_posix(), name)
        for folder in ("exporters", "noteatlas", "linkcheck", "query", "pipeline")
        for path in sorted((root / folder).rglob("*.py"))
        for name in ("safe_href", "note_href", "href_prefix", "file_href")
        if f"def {name}(" in path.read_text(encoding="utf-8")
    ]
    assert defined == [("exporters/notelinks.py", "safe_href")]
