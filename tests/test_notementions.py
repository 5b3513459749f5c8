"""Per-note mention finding: counts, lines, places, sections, and the plain form the cache keeps."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from noteatlas.graph.concepts.mentions import (
    MAX_PLACES,
    PLACES_SHOWN,
    find_note_mentions,
    from_plain,
    names_digest,
    to_plain,
)
from noteatlas.graph.concepts.names import Matcher

MATCHER = Matcher(
    [("BERT", "concept:bert"), ("ELMo", "concept:elmo"), ("词向量", "concept:embedding")]
)


def test_counts_lines_places_and_sections() -> None:
    texts = [
        (3, 0, "BERT 和 ELMo 都是预训练模型，BERT 更新"),
        (5, 0, "词向量"),
        (9, 1, "bert again"),
        (10, 1, "nothing here"),
    ]
    found = find_note_mentions(texts, MATCHER)
    by_concept = {p.concept: p for p in found.places}
    assert [p.concept for p in found.places] == [
        "concept:bert",
        "concept:elmo",
        "concept:embedding",
    ]
    bert = by_concept["concept:bert"]
    assert bert.count == 3
    assert bert.lines == (3, 9)
    assert [line for line, _ in bert.first] == [3, 9]  # twice on line 3, in one snippet
    assert "ELMo" in bert.first[0][1]
    assert [(s.section, s.first_line, s.concepts) for s in found.sections] == [
        (0, 3, ("concept:bert", "concept:elmo", "concept:embedding")),
        (1, 9, ("concept:bert",)),
    ]


def test_places_are_capped_but_counts_stay_exact() -> None:
    texts = [(i, -1, "BERT") for i in range(1, MAX_PLACES + 20)]
    (bert,) = find_note_mentions(texts, MATCHER).places
    assert bert.count == MAX_PLACES + 19
    assert [line for line, _ in bert.first] == list(range(1, PLACES_SHOWN + 1))
    assert len(bert.lines) == MAX_PLACES + 19


def test_places_on_the_line_of_the_last_shown_are_all_kept() -> None:
    """The edge shows the first places sorted by line, then snippet: a later mention on the same
    line as the last shown one may sort before it."""
    crowded = " ".join(f"{w * 20} BERT" for w in "zyxwvutsrq")  # ten different snippets
    texts = [(1, -1, "BERT"), (2, -1, crowded), (3, -1, "BERT")]
    (bert,) = find_note_mentions(texts, MATCHER).places
    assert bert.count == 12
    assert [line for line, _ in bert.first] == [1] + [2] * 10
    long_line = " ".join(f"{i:03d}{'x' * 40} BERT" for i in range(MAX_PLACES + 9))
    (bert,) = find_note_mentions([(1, -1, long_line)], MATCHER).places
    assert (bert.count, len(bert.first)) == (MAX_PLACES + 9, MAX_PLACES)


def test_names_digest_changes_with_any_name() -> None:
    other = Matcher([*MATCHER.names, ("Transformer", "concept:transformer")])
    renamed = Matcher([("BERT", "concept:bert-model"), *MATCHER.names[1:]])
    digests = {names_digest(m) for m in (MATCHER, other, renamed)}
    assert len(digests) == 3
    assert names_digest(Matcher(list(MATCHER.names))) == names_digest(MATCHER)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 50), st.integers(-1, 4), st.text(max_size=60))))
def test_plain_form_round_trips(texts: list[tuple[int, int, str]]) -> None:
    texts = sorted(texts, key=lambda t: t[0])
    found = find_note_mentions(texts, MATCHER)
    assert from_plain(to_plain(found)) == found


@pytest.mark.parametrize(
    "bad",
    [None, [], [[], []], [[], [], []], "x", [[["c", "1", [], []]], [], []],
     [[["c", 1, [], [[1]]]], [], []], [[], [[0, 1, [2]]], []], [[["c", 1, [True], []]], [], []],
     [[], [], [["a", "uses", "b", 3, 0.7]]], [[], [], [["a", "loves", "b", 3, 0.7, "x"]]],
     [[], [], [["a", "uses", "b", 3, "0.7", "x"]]]],
)  # fmt: skip
def test_malformed_plain_form_is_refused(bad: object) -> None:
    if bad == [[], [], []]:
        assert from_plain(bad).places == ()
        return
    with pytest.raises(ValueError):
        from_plain(bad)
