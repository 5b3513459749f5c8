"""identify: paper ids from URLs, and title/year/author hints from link texts and table rows."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

import noteatlas
from noteatlas.graph.identify.categories import classify
from noteatlas.graph.identify.papers import PaperRef, recognize_paper
from noteatlas.graph.identify.titles import PaperHint, hint_from_row, hint_from_text
from noteatlas.graph.identify.urls import normalize_url
from noteatlas.graph.paper_nodes import TEXT, PaperShelf
from noteatlas.query.find import node_id
from noteatlas.schema import Category, PaperNode

VAULT = Path(__file__).parent / "fixtures" / "vault"
LINK = re.compile(r"\[([^\[\]]*)\]\((https?://[^)\s]+)\)")


def paper(raw: str) -> PaperRef | None:
    n = normalize_url(raw)
    assert n is not None, raw
    return recognize_paper(n)


def ref(raw: str) -> PaperRef:
    found = paper(raw)
    assert found is not None, raw
    return found


# raw URL -> (paper id, venue, year, month)
CASES: dict[str, tuple[str, str, int | None, int | None]] = {
    # arXiv: abs/pdf/html, versions, .pdf-less pdf, export mirror, old-style ids
    "https://arxiv.org/abs/1810.04805": ("arxiv:1810.04805", "arXiv", 2018, 10),
    "https://arxiv.org/abs/1810.04805v2": ("arxiv:1810.04805", "arXiv", 2018, 10),
    # a bracket typed after the id ("(https://arxiv.org/pdf/1512.03385.pdf])")
    "https://arxiv.org/pdf/1512.03385.pdf]": ("arxiv:1512.03385", "arXiv", 2015, 12),
    "https://arxiv.org/pdf/1810.04805v2.pdf": ("arxiv:1810.04805", "arXiv", 2018, 10),
    "https://arxiv.org/pdf/1706.03762": ("arxiv:1706.03762", "arXiv", 2017, 6),
    "https://arxiv.org/html/2310.06825v1": ("arxiv:2310.06825", "arXiv", 2023, 10),
    "http://export.arxiv.org/abs/1301.3781": ("arxiv:1301.3781", "arXiv", 2013, 1),
    "https://arxiv.org/abs/hep-th/9901001": ("arxiv:hep-th/9901001", "arXiv", 1999, 1),
    "https://arxiv.org/pdf/cs/0112017v1.pdf": ("arxiv:cs/0112017", "arXiv", 2001, 12),
    "https://arxiv.org/abs/math.GT/0309136": ("arxiv:math/0309136", "arXiv", 2003, 9),
    "https://ar5iv.labs.arxiv.org/html/1810.04805": ("arxiv:1810.04805", "arXiv", 2018, 10),
    "https://huggingface.co/papers/2310.06825": ("arxiv:2310.06825", "arXiv", 2023, 10),
    # ACL Anthology: letter -> venue, two digits -> year; new ids; old aclweb URLs
    "https://aclanthology.org/D14-1181.pdf": ("acl:D14-1181", "EMNLP", 2014, None),
    "https://aclanthology.org/D14-1181/": ("acl:D14-1181", "EMNLP", 2014, None),
    "https://aclanthology.org/N19-1423.pdf": ("acl:N19-1423", "NAACL", 2019, None),
    "https://www.aclweb.org/anthology/P19-1001.pdf": ("acl:P19-1001", "ACL", 2019, None),
    "http://aclweb.org/anthology/P/P99/P99-1001.pdf": ("acl:P99-1001", "ACL", 1999, None),
    "https://aclanthology.org/Q17-1010v2.pdf": ("acl:Q17-1010", "TACL", 2017, None),
    "https://aclanthology.org/W18-5446": ("acl:W18-5446", "Workshop", 2018, None),
    "https://aclanthology.org/2020.acl-main.1.pdf": ("acl:2020.acl-main.1", "ACL", 2020, None),
    "https://aclanthology.org/2020.emnlp-main.550/": ("acl:2020.emnlp-main.550", "EMNLP", 2020, None),
    "https://aclanthology.org/2021.findings-acl.1": ("acl:2021.findings-acl.1", "Findings of ACL", 2021, None),
    # NeurIPS: file and hash pages of one paper, old numbered pages without a year
    "https://papers.nips.cc/paper/2013/file/9aa42b31882ec039965f3c4923ce901b-Paper.pdf": (
        "neurips:2013/9aa42b31882ec039965f3c4923ce901b", "NeurIPS", 2013, None,
    ),
    "https://proceedings.neurips.cc/paper/2013/hash/9aa42b31882ec039965f3c4923ce901b-Abstract.html": (
        "neurips:2013/9aa42b31882ec039965f3c4923ce901b", "NeurIPS", 2013, None,
    ),
    "https://papers.nips.cc/paper_files/paper/2017/file/3f5ee243547dee91fbd053c1c4a845aa-Paper.pdf": (
        "neurips:2017/3f5ee243547dee91fbd053c1c4a845aa", "NeurIPS", 2017, None,
    ),
    "https://papers.nips.cc/paper/5021-distributed-representations-of-words-and-phrases-and-their-compositionality.pdf": (
        "neurips:5021", "NeurIPS", None, None,
    ),
    # JMLR: volume 1 is 2000; the key's two digits give the year when present
    "https://www.jmlr.org/papers/volume3/bengio03a/bengio03a.pdf": ("jmlr:v3/bengio03a", "JMLR", 2003, None),
    "https://jmlr.org/papers/v3/bengio03a.html": ("jmlr:v3/bengio03a", "JMLR", 2003, None),
    "https://jmlr.org/papers/v15/srivastava14a.html": ("jmlr:v15/srivastava14a", "JMLR", 2014, None),
    "http://jmlr.org/papers/volume15/srivastava14a/srivastava14a.pdf": ("jmlr:v15/srivastava14a", "JMLR", 2014, None),
    "https://jmlr.org/papers/v21/20-074.html": ("jmlr:v21/20-074", "JMLR", 2020, None),
    # PMLR (and its old home under jmlr.org/proceedings)
    "https://proceedings.mlr.press/v37/ioffe15.html": ("pmlr:v37/ioffe15", "PMLR", 2015, None),
    "http://proceedings.mlr.press/v37/ioffe15.pdf": ("pmlr:v37/ioffe15", "PMLR", 2015, None),
    "https://proceedings.mlr.press/v139/radford21a/radford21a.pdf": ("pmlr:v139/radford21a", "PMLR", 2021, None),
    "http://jmlr.org/proceedings/papers/v37/ioffe15.pdf": ("pmlr:v37/ioffe15", "PMLR", 2015, None),
    # OpenReview
    "https://openreview.net/forum?id=rJ4km2R5t7": ("openreview:rJ4km2R5t7", "OpenReview", None, None),
    "https://openreview.net/pdf?id=rJ4km2R5t7": ("openreview:rJ4km2R5t7", "OpenReview", None, None),
    # DOI: lower-cased; arXiv and ACL DOIs are those ids, written differently
    "https://doi.org/10.1162/neco.1997.9.8.1735": ("doi:10.1162/neco.1997.9.8.1735", "DOI", None, None),
    "http://dx.doi.org/10.1162/NECO.1997.9.8.1735": ("doi:10.1162/neco.1997.9.8.1735", "DOI", None, None),
    "https://dl.acm.org/doi/pdf/10.1145/3292500.3330701": ("doi:10.1145/3292500.3330701", "DOI", None, None),
    "https://doi.org/10.48550/arXiv.1810.04805": ("arxiv:1810.04805", "arXiv", 2018, 10),
    "https://doi.org/10.18653/v1/N19-1423": ("acl:N19-1423", "NAACL", 2019, None),
}  # fmt: skip


@pytest.mark.parametrize("raw", sorted(CASES))
def test_recognize(raw: str) -> None:
    found = ref(raw)
    assert (found.paper_id, found.venue, found.year, found.month) == CASES[raw]


@pytest.mark.parametrize("raw", sorted(CASES))
def test_canonical_url_names_the_same_paper_and_is_a_paper(raw: str) -> None:
    found = ref(raw)
    canonical = normalize_url(found.canonical_url)
    assert canonical is not None
    assert canonical.url == found.canonical_url
    again = recognize_paper(canonical)
    assert again is not None
    assert again.paper_id == found.paper_id
    n = normalize_url(raw)
    assert n is not None
    assert classify(n) is Category.PAPER


def test_same_paper_many_urls_one_id() -> None:
    ids = {
        ref(u).paper_id
        for u in (
            "https://arxiv.org/abs/1810.04805",
            "https://arxiv.org/pdf/1810.04805.pdf",
            "https://arxiv.org/pdf/1810.04805v2.pdf",
            "http://export.arxiv.org/abs/1810.04805v1",
            "https://link.zhihu.com/?target=https%3A//arxiv.org/abs/1810.04805",
        )
    }
    assert ids == {"arxiv:1810.04805"}


def test_an_arxiv_paper_and_its_anthology_version_stay_two_papers() -> None:
    assert (
        ref("https://arxiv.org/abs/1810.04805").paper_id
        != ref("https://aclanthology.org/N19-1423.pdf").paper_id
    )


@pytest.mark.parametrize(
    "raw",
    [
        "https://arxiv.org/pdf/1810.0480.pdf",  # 4-digit number after 2015
        "https://arxiv.org/abs/1413.12345",  # month 13
        "https://arxiv.org/abs/0612.1234",  # new-style ids start in 0704
        "https://arxiv.org/list/cs.CL/recent",
        "https://arxiv.org/",
        "https://aclanthology.org/events/acl-2020/",
        "https://aclanthology.org/volumes/2020.acl-main/",
        "https://www.aclweb.org/portal/D14-1181",
        "https://papers.nips.cc/paper/2013",
        "https://jmlr.org/papers/v15/",
        "https://openreview.net/group?id=ICLR.cc/2019/Conference",
        "https://openreview.net/forum",
        "https://doi.org/",
        "https://doi.org/not-a-doi",
        "https://github.com/google-research/bert",
        "https://huggingface.co/bert-base-uncased",
        "https://nlp.stanford.edu/pubs/glove.pdf",
    ],
)
def test_not_a_paper_id(raw: str) -> None:
    assert paper(raw) is None


# --- hints ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "2014-Convolutional Neural Networks for Sentence Classification",
            PaperHint("Convolutional Neural Networks for Sentence Classification", 2014, []),
        ),
        ("Bahdanau et al., 2014", PaperHint(None, 2014, ["Bahdanau"])),
        ("(Devlin et al. 2019)", PaperHint(None, 2019, ["Devlin"])),
        ("Mikolov and Dean (2013)", PaperHint(None, 2013, ["Mikolov", "Dean"])),
        ("Bengio 等，2003", PaperHint(None, 2003, ["Bengio"])),
        (
            "BERT: Pre-training of Deep Bidirectional Transformers",
            PaperHint("BERT: Pre-training of Deep Bidirectional Transformers", None, []),
        ),
        ("Attention Is All You Need (2017)", PaperHint("Attention Is All You Need", 2017, [])),
        ("《Attention Is All You Need》", PaperHint("Attention Is All You Need", None, [])),
        ("原作(2016)", PaperHint(None, 2016, [])),
        ("2018年", PaperHint(None, 2018, [])),
        ("link", PaperHint(None, None, [])),
        ("原论文", PaperHint(None, None, [])),
        ("pdf", PaperHint(None, None, [])),
        ("Link to the paper", PaperHint(None, None, [])),
        ("Hierarchical Softmax 和 Negative Sampling", PaperHint(None, None, [])),
        ("https://arxiv.org/abs/1810.04805", PaperHint(None, None, [])),
        ("", PaperHint(None, None, [])),
    ],
)
def test_hint_from_text(text: str, expected: PaperHint) -> None:
    assert hint_from_text(text) == expected


def link_texts(path: Path) -> dict[str, str]:
    """URL -> link text of every inline link outside tables in a fixture note."""
    found: dict[str, str] = {}
    for line in path.read_text("utf-8").splitlines():
        if not line.lstrip().startswith("|"):
            for text, url in LINK.findall(line):
                found.setdefault(url, text)
    return found


def test_link_text_hints_in_the_vault() -> None:
    texts = link_texts(VAULT / "02-NLP" / "词向量.md")
    by_id = {}
    for url, text in texts.items():
        found = paper(url)
        by_id[found.paper_id if found else url] = hint_from_text(text)
    assert by_id["arxiv:1411.2738"].title == "word2vec Parameter Learning Explained"
    assert by_id["jmlr:v3/bengio03a"].title == "A Neural Probabilistic Language Model"
    assert by_id["arxiv:1301.3781"].title is None  # "word2vec 思想" describes, it is no title
    assert by_id["https://nlp.stanford.edu/pubs/glove.pdf"] == PaperHint(None, None, [])


def table_rows(path: Path) -> list[tuple[list[str], list[str], int, str]]:
    """(header, row cell texts, link column, URL) for each linked cell of each GFM table."""
    rows: list[tuple[list[str], list[str], int, str]] = []
    header: list[str] | None = None
    for line in path.read_text("utf-8").splitlines():
        if not line.lstrip().startswith("|"):
            header = None
            continue
        raw_cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if header is None:
            header = raw_cells
        elif not all(set(c) <= set(":- \t") for c in raw_cells):
            cells = [LINK.sub(r"\1", c) for c in raw_cells]
            for column, cell in enumerate(raw_cells):
                for _, url in LINK.findall(cell):
                    rows.append((header, cells, column, url))
    return rows


def test_hint_from_row_on_the_vault_tables() -> None:
    hints = {}
    for note in (VAULT / "02-NLP" / "词向量.md", VAULT / "concepts" / "BERT.md"):
        for header, cells, column, url in table_rows(note):
            found = paper(url)
            hints[found.paper_id if found else url] = hint_from_row(header, cells, column)
    assert hints == {
        "acl:D14-1181": PaperHint(
            "Convolutional Neural Networks for Sentence Classification", 2014, []
        ),
        "arxiv:1510.03820": PaperHint(
            "A Sensitivity Analysis of (and Practitioners' Guide to) CNNs for Sentence "
            "Classification",
            2016,
            [],
        ),
        "arxiv:1409.0473": PaperHint(None, 2014, ["Bahdanau"]),
        "arxiv:1706.03762": PaperHint(None, 2017, ["Vaswani"]),
        # the Date column gives the arXiv month (2018-10), the id says NAACL 2019: both kept
        "acl:N19-1423": PaperHint(
            "BERT: Pre-training of Deep Bidirectional Transformers", 2018, []
        ),
        "https://example.org/language_understanding_paper.pdf": PaperHint(
            "Improving Language Understanding by Generative Pre-Training", 2018, []
        ),
    }


@pytest.mark.parametrize(
    ("header", "row", "column", "expected"),
    [
        (["年份", "模型", "论文"], ["2018年", "ELMo", "link"], 2, PaperHint(None, 2018, [])),
        (
            ["时间", "Title", "Authors", "链接"],
            ["2017.06", "Attention Is All You Need", "Vaswani, Shazeer", "pdf"],
            3,
            PaperHint("Attention Is All You Need", 2017, ["Vaswani", "Shazeer"]),
        ),
        (["Year"], ["2014", "extra", "cells"], 5, PaperHint(None, 2014, [])),
        ([], [], 0, PaperHint(None, None, [])),
    ],
)
def test_hint_from_row_columns(
    header: list[str], row: list[str], column: int, expected: PaperHint
) -> None:
    assert hint_from_row(header, row, column) == expected


def test_arxiv_id_in_link_text_is_not_a_year() -> None:
    assert hint_from_text("arXiv:2005.14165").year is None
    assert hint_from_text("Language Models are Few-Shot Learners (arXiv 2005.14165v4)").year is None
    assert hint_from_text("Brown et al., 2020 (arXiv:2005.14165)").year == 2020


def test_author_names_are_not_a_title() -> None:
    row = hint_from_row(
        ["年份", "模型", "论文"], ["2013", "word2vec", "Mikolov et al., arXiv:1301.3781"], 2
    )
    assert (row.title, row.year) == (None, 2013)
    assert hint_from_text("Sutskever, Vinyals and Le").title is None
    assert hint_from_text("Attention Is All You Need").title == "Attention Is All You Need"


# --- one paper, two versions ----------------------------------------------------------------

VERSIONS = Path(__file__).parent / "fixtures" / "papers" / "versions"


@pytest.fixture(scope="module")
def versions() -> noteatlas.Atlas:
    return noteatlas.build(VERSIONS)


@pytest.mark.parametrize(
    ("node", "ids", "year", "month"),
    [
        ("paper:arxiv:1810.04805", ["arxiv:1810.04805", "acl:N19-1423"], 2018, 10),
        (
            "paper:arxiv:1706.03762",
            ["arxiv:1706.03762", "neurips:2017/3f5ee243547dee91fbd053c1c4a845aa"],
            2017,
            6,
        ),
        ("paper:arxiv:1910.10683", ["arxiv:1910.10683", "jmlr:v21/20-074"], 2019, 10),
        ("paper:arxiv:1802.05365", ["arxiv:1802.05365", "acl:N18-1202"], 2018, 2),
    ],
)
def test_arxiv_and_venue_versions_with_one_title_are_one_paper(
    versions: noteatlas.Atlas, node: str, ids: list[str], year: int, month: int
) -> None:
    paper = versions.get(node)
    assert isinstance(paper, PaperNode)
    # the arXiv id is the node's id; both ids stay; the year is the first version's
    assert (paper.paper_id, paper.ids, paper.year, paper.month) == (ids[0], ids, year, month)
    assert paper.venue == "arXiv"
    for other in ids[1:]:
        assert f"paper:{other}" not in versions
    # every URL that reaches either version identifies the one node
    identified = {e.source for e in versions.in_edges(node, "identifies")}
    assert len(identified) == len(paper.urls) >= 2


def test_versions_with_different_titles_or_two_arxiv_ids_stay_apart(
    versions: noteatlas.Atlas,
) -> None:
    titles = {p.id: p.title for p in versions.papers()}
    # "Sequence to Sequence Learning" is not the same normalised title: no merge on a guess
    assert titles["paper:arxiv:1409.3215"] == "Sequence to Sequence Learning with Neural Networks"
    assert titles["paper:neurips:2014/a14ac55a4f27472c5d894ec1c3c743d2"] == (
        "Sequence to Sequence Learning"
    )
    # arXiv gives a paper one id: two arXiv ids with one title are two papers (a wrong link)
    assert titles["paper:arxiv:2303.18223"] == titles["paper:arxiv:2402.06196"]
    assert all(
        len(p.ids) == 1 for p in versions.papers() if p.id.endswith(("2303.18223", "2402.06196"))
    )


def test_queries_see_one_paper_per_merged_pair(versions: noteatlas.Atlas) -> None:
    assert [p.id for p in versions.papers_about("BERT")] == ["paper:arxiv:1810.04805"]
    assert [p.id for p in versions.papers_about("T5")] == ["paper:arxiv:1910.10683"]
    assert versions.concept("T5").paper == "paper:arxiv:1910.10683"
    dated = [(e.year, e.id) for e in versions.timeline(kind="paper", start=2017, end=2019)]
    assert dated == [  # by year, then label (the title): BERT before Deep contextualized ...
        (2017, "paper:arxiv:1706.03762"),
        (2018, "paper:arxiv:1810.04805"),
        (2018, "paper:arxiv:1802.05365"),
        (2019, "paper:arxiv:1910.10683"),
    ]
    # the other id still finds the paper
    assert node_id(versions.index, "paper:acl:N19-1423") == "paper:arxiv:1810.04805"
    note = "note:预训练论文.md"
    cited = {e.target for e in versions.out_edges(note, "cites") if e.target.startswith("paper:")}
    assert "paper:acl:N19-1423" not in cited and "paper:arxiv:1810.04805" in cited


def test_front_matter_naming_the_venue_version_finds_the_merged_paper(
    versions: noteatlas.Atlas,
) -> None:
    assert not [d for d in versions.diagnostics if d.code == "paper-unknown"]


def test_merging_is_deterministic(tmp_path: Path) -> None:
    shutil.copytree(VERSIONS, tmp_path / "a")
    first = noteatlas.build(tmp_path / "a").to_json()
    # the same notes under other names, read in another order, give the same papers
    shutil.copytree(VERSIONS, tmp_path / "b")
    (tmp_path / "b" / "预训练论文.md").rename(tmp_path / "b" / "a-first.md")
    second = noteatlas.build(tmp_path / "b")
    assert noteatlas.build(tmp_path / "a").to_json() == first
    assert {p.id: p.ids for p in second.papers()} == {
        p.id: p.ids for p in noteatlas.Atlas.from_json(first).papers()
    }


def test_the_vault_bert_versions_stay_two_papers() -> None:
    # concepts/BERT.md's table gives the ACL version a shorter title than the README gives the
    # arXiv one: not the same normalised title, so not merged
    atlas = noteatlas.build(VAULT)
    assert "paper:acl:N19-1423" in atlas and "paper:arxiv:1810.04805" in atlas
    assert atlas.get("paper:acl:N19-1423").ids == ["acl:N19-1423"]  # type: ignore[union-attr]


def _shelf(*versions: tuple[str, str]) -> dict[str, list[str]]:
    """Paper node id -> its ids, for links (URL, title) recorded as link texts."""
    shelf = PaperShelf()
    for url, title in versions:
        pid = shelf.add(ref(url), url)
        shelf.hint(pid, TEXT, PaperHint(title, None, []))
    return {node.id: node.ids for node in shelf.settle().nodes}


def test_merge_guards_one_id_per_scheme_and_close_years() -> None:
    title = "Deep contextualized word representations"
    arxiv_2018, acl_2018 = "https://arxiv.org/abs/1802.05365", "https://aclanthology.org/N18-1202/"
    assert _shelf((arxiv_2018, title), (acl_2018, title)) == {
        "paper:arxiv:1802.05365": ["arxiv:1802.05365", "acl:N18-1202"]
    }
    # years far apart: one title, two papers
    acl_2010 = "https://aclanthology.org/N10-1001/"
    assert len(_shelf((arxiv_2018, title), (acl_2010, title))) == 2
    # two ids of one scheme: never merged, nor the third that shares their title
    acl_2019 = "https://aclanthology.org/N19-1001/"
    assert len(_shelf((arxiv_2018, title), (acl_2018, title), (acl_2019, title))) == 3
    # a short name is no ground for a merge
    shelf = PaperShelf()
    for url in (arxiv_2018, acl_2018):
        shelf.hint(shelf.add(ref(url), url), TEXT, PaperHint(None, None, [], name="ELMo"))
    assert len(shelf.settle().nodes) == 2


def test_a_concept_notes_title_is_not_its_papers_title(tmp_path: Path) -> None:
    (tmp_path / "concept.md").write_text(
        "---\nkind: model\npaper: https://arxiv.org/abs/1802.05365\n---\n"
        "# Embeddings From Language Models Explained\n",
        encoding="utf-8",
    )
    (tmp_path / "paper.md").write_text(
        "---\npaper: https://aclanthology.org/P16-1162\n---\n"
        "# Neural Machine Translation of Rare Words with Subword Units\n",
        encoding="utf-8",
    )
    atlas = noteatlas.build(tmp_path)
    assert atlas.get("paper:arxiv:1802.05365").title is None  # type: ignore[union-attr]
    assert atlas.get("paper:acl:P16-1162").title == (  # type: ignore[union-attr]
        "Neural Machine Translation of Rare Words with Subword Units"
    )
