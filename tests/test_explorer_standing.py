"""What the explorer reads of the notes at export: dates, prominence, sources, names."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from noteatlas import build
from noteatlas.atlas import Atlas
from noteatlas.exporters.explorer_dates import Outlines, note_dates, paper_days, parse_date
from noteatlas.exporters.explorer_prominence import from_notes, name_keys, standing
from noteatlas.schema import (
    ConceptNode,
    Edge,
    EdgeKind,
    Evidence,
    Heading,
    Method,
    Node,
    NoteNode,
    PaperNode,
    ResourceNode,
)

VAULT = Path(__file__).parent / "fixtures" / "vault"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023-05-01", (2023, 5, 1)),
        ("2023/5/1 10:22", (2023, 5, 1)),
        ("20230501", (2023, 5, 1)),
        ("2023年5月1日 周一", (2023, 5, 1)),
        ("2023年5月", (2023, 5, None)),
        ("Top ML Papers of the Week (Jan 2 - Jan 8, 2023)", (2023, 1, 2)),
        ("Top ML Papers of the Week (Dec 26 - Jan 1, 2024)", (2023, 12, 26)),
        ("Top AI Papers of the Week (December 30 - January 5) - 2025", (2024, 12, 30)),
        ("May 2023", (2023, 5, None)),
        ("2017年《Attention is All you need》", (2017, None, None)),
        ("2018年  ELMo：Embeddings from Language Models", (2018, None, None)),
        ("2021 - LoRA", (2021, None, None)),
        ("1998", (1998, None, None)),
    ],
)
def test_dates_in_headings_and_names(text: str, expected: tuple[int, int, int]) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("说明：点击下面的链接", None),
        ("GPT-2 2019 notes", None),  # a year further in is as often a version as a date
        ("v2023.1", None),
        ("June 26", None),  # no year to put it in
        ("Feb 30, 2023", None),
        ("2023-13-01", (2023, None, None)),  # no such month: the year that opens it
    ],
)
def test_no_date_where_none_is_written(text: str, expected: object) -> None:
    assert parse_date(text) == expected


@given(st.text(max_size=80))
def test_any_text_gives_a_real_date_or_none(text: str) -> None:
    found = parse_date(text)
    if found is not None:
        year, month, day = found
        dt.date(year, month or 1, day or 1)  # raises on an impossible date


def note(path: str, **kw: object) -> NoteNode:
    return NoteNode(id=f"note:{path}", label=path, path=path, title=kw.pop("title", path), **kw)  # type: ignore[arg-type]


def concept(slug: str, year: int | None = None, **kw: object) -> ConceptNode:
    return ConceptNode(id=f"concept:{slug}", label=slug, name=slug, year=year, **kw)  # type: ignore[arg-type]


def ev(file: str | None, line: int | None = None, method: Method = Method.REFERENCE) -> Evidence:
    return Evidence(file=file, line=line, method=method)


def edge(s: str, kind: EdgeKind, t: str, *evidence: Evidence, weight: float = 1.0) -> Edge:
    return Edge(source=s, target=t, kind=kind, evidence=list(evidence), weight=weight)


def test_a_notes_own_date_comes_first_then_what_it_discusses() -> None:
    index = note(
        "README.md",
        outline=[
            Heading(level=2, text="2017年《Attention》", line=10, slug="a"),
            Heading(level=3, text="细节", line=12, slug="b"),
        ],
    )
    nodes: list[Node] = [
        index,
        note("daily/2023-05-01.md"),
        note("log.md", front_matter={"date": dt.date(2022, 3, 4), "year": 1999}),
        note("created.md", front_matter={"created": "2021-07-08 09:10"}),
        note("linked.md"),
        note("2019 - XLNet.md"),
        note("about.md"),
        note("talks.md"),
        note("nothing.md"),
        concept("bert", 2018),
        concept("elmo", 2018),
        concept("word2vec", 2013),
        PaperNode(id="paper:p", label="p", paper_id="p", year=2014),
    ]
    edges = [
        edge("note:README.md", EdgeKind.LINKS_TO, "note:linked.md", ev("README.md", 13)),
        edge("note:about.md", EdgeKind.DEFINES, "concept:word2vec", ev("about.md", 1)),
        edge("note:about.md", EdgeKind.MENTIONS, "concept:bert", ev("about.md", 5)),
        *(
            edge("note:talks.md", EdgeKind.MENTIONS, f"concept:{c}", ev("talks.md", 5))
            for c in ("bert", "elmo", "word2vec")
        ),
        edge("note:talks.md", EdgeKind.CITES, "paper:p", ev("talks.md", 6)),
    ]
    years = {n.id: y for n in nodes if (y := getattr(n, "year", None))}
    dates = note_dates(nodes, edges, years)
    got = {k.removeprefix("note:"): (w.year, w.month, w.day, w.inferred) for k, w in dates.items()}
    assert got == {
        "daily/2023-05-01.md": (2023, 5, 1, False),
        "log.md": (2022, 3, 4, False),  # the date before the year
        "created.md": (2021, 7, 8, False),
        "linked.md": (2017, None, None, False),  # linked from under a year heading
        "2019 - XLNet.md": (2019, None, None, False),
        "about.md": (2013, None, None, True),  # the concept it defines
        "talks.md": (2014, None, None, True),  # median of 2013, 2014, 2018, 2018 (low)
    }
    assert dates["note:linked.md"].source == "heading ‘2017年《Attention》’ in README.md:10"
    assert dates["note:about.md"].source == "year of word2vec, which it defines"
    assert dates["note:talks.md"].source.startswith("median year of the 4 ")


def test_a_paper_takes_the_day_of_the_week_it_is_listed_under() -> None:
    digest = note(
        "README.md",
        outline=[
            Heading(level=2, text="Top Papers (Jan 30 - Feb 5, 2023)", line=3, slug="a"),
            Heading(level=2, text="Top Papers (Mar 6 - Mar 12, 2023)", line=9, slug="b"),
        ],
    )
    nodes: list[Node] = [
        digest,
        PaperNode(id="paper:a", label="a", paper_id="a", year=2023, month=1),
        PaperNode(id="paper:b", label="b", paper_id="b", year=2023, month=2),  # listed in Jan
        PaperNode(id="paper:c", label="c", paper_id="c", year=2023),
        PaperNode(id="paper:d", label="d", paper_id="d", year=2021),
    ]
    cites = [edge("note:README.md", EdgeKind.CITES, f"paper:{p}", ev("README.md", line))
             for p, line in (("a", 4), ("b", 5), ("c", 10), ("d", 11))]  # fmt: skip
    days = paper_days(nodes, cites)
    assert {k: (w.month, w.day) for k, w in days.items()} == {
        "paper:a": (1, 30),
        "paper:c": (3, 6),
    }


def test_outlines_give_the_headings_a_line_sits_under() -> None:
    n = note(
        "a.md",
        outline=[
            Heading(level=1, text="T", line=1, slug="t"),
            Heading(level=2, text="A", line=3, slug="a"),
            Heading(level=3, text="A1", line=5, slug="a1"),
            Heading(level=2, text="B", line=9, slug="b"),
        ],
    )
    above = Outlines([n]).above
    assert [h.text for h in above("a.md", 6)] == ["A1", "A", "T"]
    assert [h.text for h in above("a.md", 9)] == ["B", "T"]
    assert above("a.md", None) == () and above("b.md", 3) == ()


def test_from_notes_is_a_file_and_a_method_not_the_vocabularys() -> None:
    assert from_notes([ev(None, None, Method.VOCABULARY), ev("a.md", 3, Method.TABLE)])
    assert not from_notes([ev("a.md", 3, Method.VOCABULARY)])
    assert not from_notes([ev(None, None, Method.FRONT_MATTER)])
    assert not from_notes([])


def test_what_the_notes_stress() -> None:
    readme = note(
        "README.md",
        outline=[
            Heading(level=2, text="必读论文 Must read", line=2, slug="m"),
            Heading(level=2, text="Week 1", line=8, slug="w"),
        ],
    )
    url = "https://arxiv.org/abs/1706.03762"
    nodes: list[Node] = [
        readme,
        note("b.md"),
        PaperNode(id="paper:milestone", label="m", paper_id="milestone", title="M"),
        PaperNode(id="paper:star", label="s ⭐", paper_id="star", title="S ⭐"),
        PaperNode(id="paper:twice", label="t", paper_id="twice", title="T"),
        PaperNode(id="paper:once", label="o", paper_id="once", title="O"),
        PaperNode(id="paper:1706.03762", label="1706.03762", paper_id="arxiv:1706.03762"),
        PaperNode(id="paper:bare", label="bare", paper_id="arxiv:1801.06146"),
        ResourceNode(id=f"url:{url}", label="a", url=url, host="arxiv.org", title="Attention!"),
        ResourceNode(id="url:x", label="x", url="x", host="x", title="arXiv:1801.06146"),
        concept("transformer", 2017, paper="paper:1706.03762"),
        concept("ulmfit", 2018, paper="paper:bare"),
        concept("unmentioned", 2001),
        concept("stated", 2001),
    ]

    def cite(paper: str, path: str = "README.md", line: int = 9) -> Edge:
        return edge(f"note:{path}", EdgeKind.CITES, f"paper:{paper}", ev(path, line))

    edges = [
        cite("milestone", line=3),
        cite("star"),
        cite("twice"),
        cite("twice", "b.md", 1),
        cite("once"),
        cite("1706.03762"),
        cite("bare"),
        edge(f"url:{url}", EdgeKind.IDENTIFIES, "paper:1706.03762", ev("README.md", 9)),
        edge("url:x", EdgeKind.IDENTIFIES, "paper:bare", ev("README.md", 9)),
        edge("note:b.md", EdgeKind.MENTIONS, "concept:transformer", ev("b.md", 3), weight=4),
        edge("note:b.md", EdgeKind.MENTIONS, "concept:ulmfit", ev("b.md", 4)),
        edge("concept:stated", EdgeKind.USES, "concept:transformer", ev("b.md", 5, Method.TABLE)),
        edge("concept:unmentioned", EdgeKind.USES, "concept:transformer", ev(None, None, Method.VOCABULARY)),
    ]  # fmt: skip
    index = {n.id: i for i, n in enumerate(nodes)}
    stand = standing(
        nodes, edges, [index.get(e.source, -1) for e in edges], [index[e.target] for e in edges]
    )
    reasons = {nodes[i].id: why for i, why in stand.reasons.items()}
    assert reasons == {
        "paper:milestone": ["listed under ‘必读论文 Must read’"],
        "paper:star": ["starred"],
        "paper:twice": ["cited by 2 notes"],
        "paper:1706.03762": ["defines transformer"],
        "paper:bare": ["defines ulmfit"],
    }
    prominence = {nodes[i].id: p for i, p in enumerate(stand.prominence)}
    assert prominence["paper:once"] < min(prominence[p] for p in reasons)
    assert prominence["concept:transformer"] > prominence["concept:ulmfit"] > 0
    assert stand.unmentioned == {index["concept:unmentioned"]}
    assert [edges[j].source for j in stand.vocabulary_only] == ["concept:unmentioned"]
    names = {nodes[i].id: n for i, n in stand.names.items()}
    assert names == {
        "paper:1706.03762": ("Attention!", "link text"),
        "paper:bare": ("ulmfit (paper)", "the concept it defines"),  # its link text is its id
    }


def test_name_keys_are_the_clis(tmp_path: Path) -> None:
    corpus = tmp_path / "vault"
    shutil.copytree(VAULT, corpus)
    atlas: Atlas = build(corpus)
    nodes = list(atlas.nodes())
    assert [(k, nodes[i].id) for k, i in name_keys(nodes)] == list(atlas.index.name_keys.items())
