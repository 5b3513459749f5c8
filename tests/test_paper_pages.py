"""identify: papers known by their URL (a PDF, a paper host's page) when the notes name them.

The dev set ``fixtures/paper_links.yaml`` holds one note per case, English and Chinese, with the
paper it must give (its title) or none; this test builds them as one corpus and scores the
``paper:url:...`` nodes: precision and recall must stay at least what they are now."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

import noteatlas
from noteatlas.config import Config
from noteatlas.exporters.linkindex import links_markdown, to_link_index
from noteatlas.graph.identify.paper_pages import called_paper, paper_page
from noteatlas.graph.identify.titles import title_key
from noteatlas.graph.identify.urls import normalize_url
from noteatlas.schema import json_schema

CASES: list[dict[str, Any]] = yaml.safe_load(
    (Path(__file__).parent / "fixtures" / "paper_links.yaml").read_text(encoding="utf-8")
)
# What the dev set gives today (20 papers, 27 notes that must give none): 19 of 20 found with
# their titles (the reprint in a lectures folder is left out with course material), no page
# that is not a paper. A change that lowers either fails here.
PRECISION, RECALL = 1.0, 0.95


def _file(case: dict[str, Any]) -> str:
    return str(case.get("file") or f"{case['id']}.md")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("paper_links")
    for case in CASES:
        (root / _file(case)).write_text(case["note"], encoding="utf-8")
    atlas = noteatlas.build(root, Config(builtin_vocabulary=False, cache=False))
    return dict(json.loads(atlas.to_json()))


def _url_papers(doc: dict[str, Any], file: str) -> list[dict[str, Any]]:
    """The paper nodes known by a URL that note ``file`` cites."""
    cited = {
        e["target"] for e in doc["edges"] if e["kind"] == "cites" and e["source"] == f"note:{file}"
    }
    return [
        n
        for n in doc["nodes"]
        if n["id"] in cited and any(i.startswith("url:") for i in n.get("ids", []))
    ]


def test_the_dev_set_is_varied() -> None:
    positives = [c for c in CASES if c["paper"]]
    negatives = [c for c in CASES if not c["paper"]]
    assert len(positives) >= 15 and len(negatives) >= 10
    chinese = [c for c in CASES if any("\u4e00" <= ch <= "\u9fff" for ch in c["note"])]
    assert len(chinese) >= 8
    assert len({c["id"] for c in CASES}) == len(CASES)


def test_precision_and_recall_on_the_dev_set(built: dict[str, Any]) -> None:
    predicted = correct = 0
    wrong: list[str] = []
    for case in CASES:
        found = _url_papers(built, _file(case))
        predicted += len(found)
        expected = case["paper"]
        hits = [n for n in found if expected and title_key(n["title"]) == title_key(expected)]
        if hits and len(found) == 1:
            correct += 1
            if "year" in case:
                assert hits[0]["year"] == case["year"], case["id"]
        elif found or expected:
            wrong.append(f"{case['id']}: {[n['title'] for n in found]} (want {expected!r})")
    positives = sum(1 for c in CASES if c["paper"])
    precision, recall = correct / max(predicted, 1), correct / positives
    assert precision >= PRECISION and recall >= RECALL, (precision, recall, wrong)


def test_the_schema_accepts_url_papers(built: dict[str, Any]) -> None:
    assert any(n["id"].startswith("paper:url:") for n in built["nodes"])
    jsonschema.validate(built, json_schema())


def test_each_url_paper_has_its_link_as_evidence(built: dict[str, Any]) -> None:
    papers = {n["id"] for n in built["nodes"] if n["kind"] == "paper"}
    assert papers and all(p.startswith("paper:url:") for p in papers)
    for edge in built["edges"]:
        if edge["kind"] == "identifies":
            assert edge["source"].startswith("url:http")
            assert {ev["method"] for ev in edge["evidence"]} == {"link_text"}
            assert all(ev["line"] >= 1 and ev["file"].endswith(".md") for ev in edge["evidence"])


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("https://nlp.stanford.edu/pubs/glove.pdf", "url:nlp.stanford.edu/pubs/glove.pdf"),
        ("http://www.nature.com/articles/nature14236/", "url:nature.com/articles/nature14236"),
        ("https://dl.acm.org/citation.cfm?id=944937#sec", "url:dl.acm.org/citation.cfm?id=944937"),
    ],
)
def test_the_id_of_a_page_is_its_normalised_host_and_path(raw: str, key: str) -> None:
    url = normalize_url(raw)
    assert url is not None
    page = paper_page(url)
    assert page is not None and page.paper_id == key
    assert (page.year, page.month) == (None, None)


@pytest.mark.parametrize(
    "raw",
    [
        "https://arxiv.org/abs/1810.0480",  # an id host's page without a valid id
        "https://github.com/google-research/bert/blob/master/paper.pdf",
        "https://zhuanlan.zhihu.com/p/48508221",
        "https://nlp.stanford.edu/",
        "https://lmsys.org/blog/2023-03-30-vicuna/",  # a release page: only when called a paper
    ],
)
def test_not_a_page_that_may_be_a_paper(raw: str) -> None:
    url = normalize_url(raw)
    assert url is not None and paper_page(url) is None


@pytest.mark.parametrize(
    ("text", "line", "called"),
    [
        ("Link to paper", "", True),
        ("论文地址", "", True),
        ("Vicuna: An Open-Source Chatbot", "Paper: [Vicuna: An Open-Source Chatbot", True),
        ("Generative Pretraining from Pixels", "论文：[Generative Pretraining from Pixels", True),
        ("Alpaca: A Strong Model", "Blog: [Alpaca: A Strong Model", False),
        ("paper notes", "", False),
        ("This paper", "", False),
    ],
)
def test_called_paper(text: str, line: str, called: bool) -> None:
    assert called_paper(text, line) is called


def test_a_page_and_an_id_with_one_title_are_one_paper(tmp_path: Path) -> None:
    title = "BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding"
    (tmp_path / "a.md").write_text(f"- [{title}](https://arxiv.org/abs/1810.04805)\n")
    (tmp_path / "b.md").write_text(
        f"- [{title}](https://www.researchgate.net/publication/328230984_BERT)\n"
        f"- [{title}](https://ieeexplore.ieee.org/document/1234567)\n"
    )
    atlas = noteatlas.build(tmp_path, Config(builtin_vocabulary=False, cache=False))
    papers = [n for n in atlas.nodes() if n.kind == "paper"]
    assert [(p.id, p.ids, p.year, p.venue) for p in papers] == [
        (
            "paper:arxiv:1810.04805",
            [
                "arxiv:1810.04805",
                "url:ieeexplore.ieee.org/document/1234567",
                "url:researchgate.net/publication/328230984_BERT",
            ],
            2018,
            "arXiv",
        )
    ]
    assert len(papers[0].urls) == 3


def test_a_paper_notes_file_name_titles_its_one_paper(tmp_path: Path) -> None:
    (tmp_path / "Rong - word2vec Parameter Learning Explained.md").write_text(
        "# Summary\n\n* [PDF](https://arxiv.org/pdf/1411.2738.pdf)\n"
    )
    (tmp_path / "Continuous Bag of Words (CBOW).md").write_text(
        "# CBOW\n\n* [PDF](https://arxiv.org/pdf/1301.3781.pdf)\n"
    )
    atlas = noteatlas.build(tmp_path, Config(builtin_vocabulary=False, cache=False))
    titles = {n.id: n.title for n in atlas.nodes() if n.kind == "paper"}
    # "Author - Title" names the paper; a concept's file name does not
    assert titles == {
        "paper:arxiv:1411.2738": "word2vec Parameter Learning Explained",
        "paper:arxiv:1301.3781": None,
    }


def test_the_link_index_names_a_url_paper_by_its_title(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(
        "- [GloVe: Global Vectors for Word Representation (2014)](https://nlp.stanford.edu/pubs/glove.pdf)\n"
    )
    atlas = noteatlas.build(tmp_path, Config(builtin_vocabulary=False, cache=False))
    text = links_markdown(to_link_index(atlas))
    row = next(line for line in text.splitlines() if "glove.pdf" in line)
    # the id would only repeat the URL beside it, the title the link text
    assert "| GloVe: Global Vectors for Word Representation (2014) · paper (2014) |" in row
    assert "url:nlp.stanford.edu" not in row


def test_front_matter_calls_a_release_page_the_paper(tmp_path: Path) -> None:
    (tmp_path / "Vicuna An Open-Source Chatbot Impressing GPT-4.md").write_text(
        "---\npaper: https://lmsys.org/blog/2023-03-30-vicuna/\n---\nA chat model.\n"
    )
    (tmp_path / "Alpaca.md").write_text(
        "---\npaper: https://crfm.stanford.edu/2023/03/13/alpaca.html\n---\nA model.\n"
    )
    atlas = noteatlas.build(tmp_path, Config(builtin_vocabulary=False, cache=False))
    papers = {n.id: n.title for n in atlas.nodes() if n.kind == "paper"}
    # the note's title is the paper's title when it reads as one; "Alpaca" does not
    assert papers == {
        "paper:url:lmsys.org/blog/2023-03-30-vicuna": "Vicuna An Open-Source Chatbot Impressing GPT-4"
    }
    assert [d.code for d in atlas.diagnostics] == ["paper-unknown"]
