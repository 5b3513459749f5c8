"""A bad front matter value costs its key alone (issue 16, item 13): ``year: 2019-13-45`` made
the whole front matter unreadable, with the hint "nested too deeply or too large"."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from noteatlas.graph.extract.frontmatter import parse_front_matter


def test_an_impossible_date_is_one_diagnostic_on_its_key() -> None:
    found = parse_front_matter("title: BERT\nyear: 2019-13-45\ntags: [nlp]\n", 2, "bert.md")
    assert found.data == {"title": "BERT", "year": "2019-13-45", "tags": ["nlp"]}
    assert found.lines == {"title": 2, "year": 3, "tags": 4}
    [problem] = found.diagnostics
    assert (problem.code, problem.file, problem.line) == ("front-matter-bad-value", "bert.md", 3)
    assert "'year'" in problem.message and "month must be in 1..12" in problem.message
    assert "too deeply" not in problem.hint and "YYYY-MM-DD" in problem.hint


def test_valid_dates_are_read_as_before() -> None:
    found = parse_front_matter("d: 2019-03-04\nt: 2019-03-04 10:00:00\n", 2, "n.md")
    assert found.data == {"d": "2019-03-04", "t": "2019-03-04T10:00:00"}
    assert found.diagnostics == []


@pytest.mark.parametrize(
    ("text", "data", "kept"),
    [
        ("a: [2019-02-30, 1]\nb: 2\n", {"a": ["2019-02-30", 1], "b": 2}, True),
        ("a: !!binary 'z'\nb: 2\n", {"a": "z", "b": 2}, True),
        ("a: !!python/object:os.system x\nb: 2\n", {"a": "x", "b": 2}, True),
        ("? [k, l]\n: 1\nb: 2\n", {"b": 2}, False),
    ],
)
def test_other_values_yaml_cannot_make_cost_their_key_alone(
    text: str, data: dict[str, object], kept: bool
) -> None:
    found = parse_front_matter(text, 2, "n.md")
    assert found.data == data
    [problem] = found.diagnostics
    assert problem.code == "front-matter-bad-value"
    assert ("kept as the text written" in problem.message) is kept


_DATEISH = st.builds(
    "{}-{:02}-{:02}".format,
    st.integers(1, 9999),
    st.integers(0, 99),
    st.integers(0, 99),
)


@settings(max_examples=200)
@given(st.lists(st.tuples(st.from_regex(r"[a-z]{1,8}", fullmatch=True), _DATEISH),
                min_size=1, max_size=5, unique_by=lambda kv: kv[0]))  # fmt: skip
def test_every_key_survives_whatever_dates_it_holds(pairs: list[tuple[str, str]]) -> None:
    text = "".join(f"{key}: {value}\n" for key, value in pairs) + "zz_title: kept\n"
    found = parse_front_matter(text, 2, "n.md")
    assert found.data["zz_title"] == "kept"
    assert set(found.data) == {key for key, _ in pairs} | {"zz_title"}
    assert all(d.code == "front-matter-bad-value" for d in found.diagnostics)


def test_a_key_yaml_would_read_as_a_boolean_keeps_its_name() -> None:
    found = parse_front_matter("no: 1\non: x\nnull: y\n2018: z\nzz_title: kept\n", 2, "n.md")
    assert set(found.data) == {"no", "on", "null", "2018", "zz_title"}


def test_surrogate_escapes_become_text_an_output_can_hold() -> None:
    """YAML's ``"\\ud800\\udc00"`` makes surrogates, which no UTF-8 output can write (the build
    stopped on them): a pair is its character, a lone one U+FFFD, in values and keys."""
    found = parse_front_matter(
        'aliases: ["\\ud800\\udc00", "a\\ud800b"]\n"k\\udfff": x\n', 2, "n.md"
    )
    assert found.data == {"aliases": ["\U00010000", "a\ufffdb"], "k\ufffd": "x"}
    for text in [*found.data["aliases"], *found.data]:
        text.encode("utf-8")  # raises on a surrogate
