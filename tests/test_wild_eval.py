"""The wild-collection evaluation harness (benchmarks/wild_eval.py): its metrics on a hand-made
atlas document, and one real build of a tiny synthetic corpus scored end to end."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

sys.path.append(str(Path(__file__).resolve().parent.parent / "benchmarks"))

from wild_eval import main
from wild_facts import fold, norm_title, parse_facts
from wild_metrics import AtlasView, concept_recall, junk, junk_reasons
from wild_relations import lineage, paper_titles, relation_recall, years

NOTE = {"file": "a.md", "line": 3, "method": "front_matter", "snippet": "s"}
VOCAB = {"file": None, "line": None, "method": "vocabulary", "snippet": "v"}


def concept(slug: str, name: str, aliases: list[str] | None = None, **more: Any) -> dict[str, Any]:
    """A concept node as atlas.json holds it."""
    return {"id": f"concept:{slug}", "kind": "concept", "name": name, "aliases": aliases or [],
            "builtin": False, "year": None, "year_source": None, **more}  # fmt: skip


def edge(src: str, kind: str, dst: str, *evidence: dict[str, Any]) -> dict[str, Any]:
    """An edge between two concept slugs."""
    return {"source": f"concept:{src}", "target": f"concept:{dst}", "kind": kind,
            "evidence": list(evidence)}  # fmt: skip


DOC: dict[str, Any] = {
    "nodes": [
        concept(
            "elmo", "ELMo", ["Embeddings from Language Models"], year=2018, year_source="note:a.md"
        ),
        concept("bilstm", "BiLSTM", ["双向LSTM"]),
        concept("polysemy", "polysemy", ["一词多义"], year=1999, year_source="vocabulary"),
        concept("word2vec", "word2vec", builtin=True, year=2013, year_source="vocabulary"),
        concept("p-next", "p->next"),
        concept("mikolov", "Tomas Mikolov"),
        {"id": "note:a.md", "kind": "note", "path": "a.md", "title": "a"},
        {
            "id": "paper:arxiv:1802.05365",
            "kind": "paper",
            "paper_id": "arxiv:1802.05365",
            "ids": ["arxiv:1802.05365"],
            "title": "Deep  contextualized word representations.",
            "year": 2018,
            "urls": ["https://arxiv.org/abs/1802.05365"],
        },
        {
            "id": "paper:arxiv:1810.04805",
            "kind": "paper",
            "paper_id": "arxiv:1810.04805",
            "ids": ["arxiv:1810.04805"],
            "title": "Paper, Tweet, Code",
            "year": 2018,
            "venue": "arXiv",
            "urls": ["https://arxiv.org/abs/1810.04805"],
        },
    ],
    "edges": [
        edge("elmo", "based_on", "bilstm", NOTE),  # a fact, from a note
        edge("elmo", "addresses", "polysemy", VOCAB),  # a fact, vocabulary only
        edge("word2vec", "has_problem", "polysemy", VOCAB, NOTE),  # a fact drawn as improves_on
        edge("bilstm", "improves_on", "word2vec", NOTE),  # not a fact, from a note
        edge("elmo", "co_mentioned", "word2vec", NOTE),  # not a typed relation
        *[
            {
                "source": "note:a.md",
                "target": f"concept:{c}",
                "kind": "mentions",
                "evidence": [NOTE],
            }
            for c in ("elmo", "bilstm", "polysemy", "word2vec")
        ],
    ],
    "diagnostics": [],
}

FACTS = parse_facts({
    "collection": "toy",
    "concepts": [
        {"name": "ELMo", "aliases": ["Elmo"]}, {"name": "Bi-LSTM", "aliases": ["双向 LSTM"]},
        {"name": "一词多义"}, {"name": "Word2Vec"}, {"name": "GloVe"},
    ],
    "relations": [
        {"source": "ELMo", "kind": "based_on", "target": "Bi-LSTM"},
        {"source": "ELMo", "kind": "addresses", "target": "一词多义"},
        {"source": "Word2Vec", "kind": "has_problem", "target": "一词多义"},
        {"source": "GloVe", "kind": "has_problem", "target": "一词多义"},
    ],
    "years": [{"concept": "ELMo", "year": 2018}, {"concept": "一词多义", "year": 2017},
              {"concept": "GloVe", "year": 2014}, {"paper": "arxiv:1810.04805", "year": 2018}],
    "papers": [{"title": "Deep contextualized word representations", "id": "arxiv:1802.05365"},
               {"title": "BERT: Pre-training of Deep Bidirectional Transformers",
                "url": "https://arxiv.org/abs/1810.04805/"},
               {"title": "GloVe: Global Vectors for Word Representation", "id": "acl:D14-1162"}],
    "people": ["Tomas Mikolov"],
    "junk_labels": {"p->next": "junk", "ELMo": "ok"},
    "relation_labels": [{"source": "Bi-LSTM", "kind": "improves_on", "target": "Word2Vec",
                         "correct": False}],
})  # fmt: skip


def test_fold_joins_spellings_of_one_name() -> None:
    assert fold("Skip-gram") == fold("skip gram") == fold("SkipGram") == fold("ＳＫＩＰ＿GRAM")
    assert fold("BERT") != fold("BART")
    assert norm_title("Document Classiﬁcation\\&Co.") == "document classification&co"


def test_concepts_match_by_name_or_alias_and_mark_vocabulary_only() -> None:
    result = concept_recall(AtlasView(DOC), FACTS)
    assert dict(result.found) == {
        "ELMo": "concept:elmo",
        "Bi-LSTM": "concept:bilstm",
        "一词多义": "concept:polysemy",
        "Word2Vec": "concept:word2vec",
    }
    assert result.missed == ["GloVe"]
    assert result.vocabulary_only == ["Word2Vec"]
    assert result.recall == pytest.approx(4 / 5)


def test_junk_heuristics_flag_code_people_sentences_numbers() -> None:
    assert junk_reasons("p->next", FACTS) == ["code"]
    assert junk_reasons("Tomas Mikolov", FACTS) == ["person"]
    assert junk_reasons("Alex Krizhevsky", FACTS) == ["person?"]
    assert junk_reasons("Residual Network", FACTS) == []
    assert "sentence" in junk_reasons("为了解决梯度消失问题，LSTM引入了门控机制", FACTS)
    assert junk_reasons("+15 -> 0", FACTS) == ["code"]
    assert junk_reasons("15.3%", FACTS) == junk_reasons("2018-06", FACTS) == ["number"]
    assert junk_reasons("Pasted image 20260123012256.png", FACTS) == ["file"]
    assert junk_reasons("tf.keras.layers.Dense(", FACTS) == ["code"]
    assert junk_reasons("BERT", FACTS) == []
    result = junk(AtlasView(DOC), FACTS, sample_size=10, seed=0)
    assert result.total == 6
    assert sorted(n for n, _ in result.flagged) == ["Tomas Mikolov", "p->next"]
    assert (result.labelled, result.labelled_junk) == (2, 1)
    assert len(result.sample) == 6
    again = junk(AtlasView(DOC), FACTS, sample_size=3, seed=0).sample
    assert again == junk(AtlasView(DOC), FACTS, sample_size=3, seed=0).sample


def test_relations_recall_precision_and_note_evidence() -> None:
    result = relation_recall(AtlasView(DOC), FACTS)
    assert result.total == 4
    assert len(result.typed) == 3  # based_on, addresses, has_problem
    assert result.typed_from_notes == [
        "ELMo -based_on-> Bi-LSTM",
        "Word2Vec -has_problem-> 一词多义",
    ]
    assert len(result.any_kind) == 3
    assert result.unresolved == ["GloVe -has_problem-> 一词多义"]
    # drawn with note evidence among fact concepts: based_on, has_problem, improves_on
    assert (result.drawn, result.drawn_match_typed, result.drawn_match_any) == (3, 2, 2)
    assert (result.checked, result.checked_correct) == (3, 2)  # the label says improves_on is wrong
    assert result.unchecked == []


def test_lineage_share_counts_note_evidence_only() -> None:
    result = lineage(AtlasView(DOC), FACTS)
    assert (result.mentioned_total, result.mentioned_from_notes) == (4, 3)
    assert (result.facts_total, result.facts_from_notes) == (4, 3)


def test_years_agree_differ_silently_or_are_missing() -> None:
    view = AtlasView(DOC)
    result = years(view, FACTS)
    assert result.agree == ["ELMo 2018 [note:a.md]", "arxiv:1810.04805 2018 [arXiv]"]
    assert result.agree_from_notes == result.agree
    assert result.silent == ["一词多义: notes 2017, atlas 1999 [vocabulary]"]
    assert result.no_node == ["GloVe (2014)"]
    said = {"code": "year-conflict", "message": "polysemy: the notes say 2017, kept 1999"}
    told = AtlasView({**DOC, "diagnostics": [said]})
    assert years(told, FACTS).silent == [] and len(years(told, FACTS).differ) == 1


def test_paper_titles_normalised_and_found_by_id_or_url() -> None:
    result = paper_titles(AtlasView(DOC), FACTS)
    assert result.clean == ["Deep contextualized word representations"]
    assert result.wrong == [("BERT: Pre-training of Deep Bidirectional Transformers",
                             "Paper, Tweet, Code")]  # fmt: skip
    assert result.no_node == ["GloVe: Global Vectors for Word Representation"]
    assert result.clean_rate == pytest.approx(1 / 3)


def test_harness_builds_a_corpus_and_reports(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    corpus = tmp_path / "notes"
    corpus.mkdir()
    (corpus / "elmo.md").write_text(
        "---\ntitle: ELMo\nkind: model\nyear: 2018\nbased_on: [BiLSTM]\naddresses: [polysemy]\n"
        "---\n# ELMo\n\nPaper: [Deep contextualized word representations]"
        "(https://arxiv.org/abs/1802.05365).\n",
        encoding="utf-8",
    )
    (corpus / "bilstm.md").write_text("# BiLSTM\n\nReads a sentence both ways.\n", encoding="utf-8")
    facts = tmp_path / "facts.yaml"
    facts.write_text(yaml.safe_dump({
        "collection": "tiny",
        "concepts": [{"name": "ELMo"}, {"name": "BiLSTM"}, {"name": "polysemy"}],
        "relations": [{"source": "ELMo", "kind": "based_on", "target": "BiLSTM"},
                      {"source": "ELMo", "kind": "addresses", "target": "polysemy"}],
        "years": [{"concept": "ELMo", "year": 2018}],
        "papers": [{"title": "Deep contextualized word representations",
                    "id": "arxiv:1802.05365"}],
    }), encoding="utf-8")  # fmt: skip
    out, results = tmp_path / "report.md", tmp_path / "results.json"
    args = [str(corpus), str(facts), "--vocab", "off", "--out", str(out), "--json", str(results)]
    assert main([*args, "--details"]) == 0
    report = out.read_text(encoding="utf-8")
    assert "| fact concepts found as concept nodes | ≥ 50 % (vocab off) | 3/3 (100%) |" in report
    assert "| fact relations: same kind, cites a note line |  | 2/2 (100%) |" in report
    assert "| named papers with a clean title | ≥ 90 % | 1/1 (100%) |" in report
    assert report in capsys.readouterr().out + "\n"
    run = json.loads(results.read_text(encoding="utf-8"))["runs"][0]
    assert run["label"] == "vocab off"
    assert run["years"]["agree_from_notes"] == ["ELMo 2018 [note:elmo.md]"]
    assert not (corpus / ".noteatlas").exists()  # the harness writes nothing into the corpus
