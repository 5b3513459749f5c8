"""A year a note states for a paper is never overridden silently: the id's year is kept, and a
``paper-year-differs`` (info) says where the note's year is (issue 11, "years from the notes")."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import noteatlas
from noteatlas.graph.identify.dated import stated_year, url_year


@pytest.mark.parametrize(
    ("line", "year"),
    [
        ("_Jun 2015_", 2015),
        ("*(March 2018)*", 2018),
        ("2019-05-24", 2019),
        ("2018年6月", 2018),
        ("Date: Oct 11, 2018", 2018),
        ("收录期刊：AAAI 2020 收录", 2020),
        ("Accepted at NeurIPS 2017", 2017),
        ("Published in ACL 2019.", 2019),
        ("会议：EMNLP 2020", 2020),
        # a sentence that dates the paper it is about
        ("Datasets have improved since this paper was published in 2013. They used …", 2013),
        ("本文于 2018 年发表在 NAACL", 2018),
        ("The paper was presented at NeurIPS 2017", 2017),
        ("the paper cites work published in 2010", None),
        # not a date line: prose that holds a year, a venue word before a plain noun
        ("BERT came out in 2018 and changed everything", None),
        ("published in the journal 2019", None),
        ("论文地址：https://arxiv.org/abs/1909.05840", None),
        ("", None),
    ],
)
def test_stated_year(line: str, year: int | None) -> None:
    assert stated_year(line) == year


def _year_conflicts(root: Path) -> tuple[dict[str, object], list[dict[str, object]]]:
    doc = json.loads(noteatlas.build(root).to_json())
    papers = {n["paper_id"]: n for n in doc["nodes"] if n["kind"] == "paper"}
    found = [d for d in doc["diagnostics"] if d["code"] == "paper-year-differs"]
    return papers, found


def test_a_date_under_a_papers_heading_is_reported_not_overridden(tmp_path: Path) -> None:
    (tmp_path / "grammar.md").write_text(
        "## [Grammar as a Foreign Language](http://arxiv.org/abs/1412.7449)\n\n"
        "_Jun 2015_\n\nSOTA on parsing with seq2seq and attention.\n",
        encoding="utf-8",
    )
    (tmp_path / "qbert.md").write_text(
        "# 压缩\n\n#### Q-BERT: Hessian Based Ultra Low Precision Quantization of BERT\n\n"
        "- 论文地址：https://arxiv.org/abs/1909.05840\n- 收录期刊：AAAI 2020 收录\n",
        encoding="utf-8",
    )
    papers, found = _year_conflicts(tmp_path)
    assert papers["arxiv:1412.7449"]["year"] == 2014  # the id's year is kept
    assert papers["arxiv:1909.05840"]["year"] == 2019
    where = {(d["file"], d["line"]): d for d in found}
    assert set(where) == {("grammar.md", 3), ("qbert.md", 6)}
    grammar = where[("grammar.md", 3)]
    assert grammar["severity"] == "info"
    assert "2015 (grammar.md:3)" in str(grammar["message"])
    assert "kept 2014" in str(grammar["message"])


def test_a_reading_log_heading_is_not_a_papers_date(tmp_path: Path) -> None:
    # "#### 2017-09" dates when the papers under it were read, not the paper itself
    (tmp_path / "README.md").write_text(
        "## Paper notes\n\n#### 2017-09\n\n"
        "* DRAW: Deep Recurrent Attentive Writer [[arxiv](https://arxiv.org/abs/1502.04623)]\n",
        encoding="utf-8",
    )
    papers, found = _year_conflicts(tmp_path)
    assert papers["arxiv:1502.04623"]["year"] == 2015
    assert found == []


def test_a_year_that_agrees_says_nothing(tmp_path: Path) -> None:
    (tmp_path / "attention.md").write_text(
        "## [Attention Is All You Need](https://arxiv.org/abs/1706.03762)\n\n_Jun 2017_\n",
        encoding="utf-8",
    )
    _, found = _year_conflicts(tmp_path)
    assert found == []


@pytest.mark.parametrize(
    ("url", "year"),
    [
        ("https://lmsys.org/blog/2023-03-30-vicuna/", 2023),
        ("https://crfm.stanford.edu/2023/03/13/alpaca.html", 2023),
        ("http://nlp.seas.harvard.edu/2018/04/03/attention.html", 2018),
        # a year alone, a month that is none, a date only in the query: no date
        ("https://example.org/2019/paper.pdf", None),
        ("https://example.org/notes/2023-13-01-x", None),
        ("https://example.org/page?from=2021-01-01", None),
        ("https://cdn.openai.com/research-covers/language-unsupervised/paper.pdf", None),
    ],
)
def test_url_year(url: str, year: int | None) -> None:
    assert url_year(url) == year


def test_a_page_without_an_id_is_dated_by_its_address_or_its_front_matter(tmp_path: Path) -> None:
    (tmp_path / "Vicuna.md").write_text(
        "# Vicuna\n\nPaper: [Vicuna: An Open-Source Chatbot](https://lmsys.org/blog/2023-03-30-vicuna/)\n",
        encoding="utf-8",
    )
    (tmp_path / "gpt.md").write_text(
        "---\ntitle: Improving Language Understanding by Generative Pre-Training\nyear: 2018\n"
        "paper: https://cdn.openai.com/research-covers/language-unsupervised/paper.pdf\n---\n"
        "# Improving Language Understanding by Generative Pre-Training\n\nNo year on any line.\n",
        encoding="utf-8",
    )
    papers, found = _year_conflicts(tmp_path)
    assert papers["url:lmsys.org/blog/2023-03-30-vicuna"]["year"] == 2023
    assert (
        papers["url:cdn.openai.com/research-covers/language-unsupervised/paper.pdf"]["year"] == 2018
    )
    assert found == []


def test_a_sentence_in_a_subsection_dates_the_sections_paper(tmp_path: Path) -> None:
    (tmp_path / "devise.md").write_text(
        "## [DeViSE: A Deep Visual-Semantic Embedding Model](https://research.google.com/pubs/pub41869.html)\n\n"
        "#### Key ideas\n\n* An FC layer to the label's word vector.\n\n#### Notes\n\n"
        "* Word vectors have improved since this paper was published in 2013.\n",
        encoding="utf-8",
    )
    papers, found = _year_conflicts(tmp_path)
    assert papers["url:research.google.com/pubs/pub41869.html"]["year"] == 2013
    assert found == []
