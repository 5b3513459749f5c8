"""Queries that must not mislead (issue 16, item 12): arguments outside their range are refused,
the empty path is an answer, an atlas.json that is not whole is refused, and no message echoes a
huge argument."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest

import noteatlas
from noteatlas.atlas import Atlas, load
from noteatlas.cli import main
from noteatlas.config import Config
from noteatlas.schema.errors import SHOWN_CHARS, ConfigError, InputError, NotFoundError

FIXTURES = Path(__file__).parent / "fixtures"
HUGE = "a" * 100_000


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("vault")
    shutil.copytree(FIXTURES / "vault", root, dirs_exist_ok=True)
    shutil.copy(FIXTURES / "concepts" / "concepts.yaml", root / "concepts.yaml")
    atlas = noteatlas.build(root, Config(builtin_vocabulary=False, cache=False))
    atlas.dump(root / "atlas.json")
    return root / "atlas.json"


@pytest.fixture(scope="module")
def atlas(site: Path) -> Atlas:
    return load(site)


# -- arguments -----------------------------------------------------------------------------------


def test_the_path_from_a_concept_to_itself_is_empty_and_said_so(site: Path) -> None:
    code, out, err = run("path", "word2vec", "Word2Vec", "-i", str(site))
    assert code == 0, err
    assert "the same node" in out and "the path is empty" in out and "No path" not in out + err
    code, out, _ = run("path", "word2vec", "word2vec", "-i", str(site), "--json")
    assert (code, json.loads(out)) == (0, [])


@pytest.mark.parametrize("value", ["-5", "0"])
def test_a_path_length_below_one_is_refused(atlas: Atlas, site: Path, value: str) -> None:
    with pytest.raises(ConfigError, match="max_len must be at least 1"):
        atlas.path("word2vec", "BERT", max_len=int(value))
    code, out, err = run("path", "word2vec", "BERT", "--max-len", value, "-i", str(site))
    assert (code, out) == (3, "")
    assert f"got {value}" in err and "--max-len" in err


@pytest.mark.parametrize("value", ["-1", "0"])
def test_a_search_limit_below_one_is_refused(atlas: Atlas, site: Path, value: str) -> None:
    with pytest.raises(ConfigError, match="limit must be at least 1"):
        atlas.search("BERT", limit=int(value))
    code, out, err = run("search", "BERT", "--limit", value, "-i", str(site))
    assert (code, out) == (3, "") and "Nothing matches" not in err


def test_a_negative_depth_is_refused(atlas: Atlas) -> None:
    with pytest.raises(ConfigError, match="depth must be at least 0"):
        atlas.neighbors("polysemy", depth=-1)
    assert atlas.neighbors("polysemy", depth=0) == []


@pytest.mark.parametrize(
    "argv",
    [("show", HUGE), ("search", HUGE), ("path", HUGE, "BERT"), ("path", "BERT", "BERT", "--kinds", HUGE),
     ("timeline", "--kind", HUGE)],
)  # fmt: skip
def test_messages_never_echo_a_huge_argument(site: Path, argv: tuple[str, ...]) -> None:
    code, _out, err = run(*argv, "-i", str(site))
    assert code != 0 or "Nothing matches" in err
    assert "100000 characters" in err
    assert len(err) < 2 * SHOWN_CHARS + 400, err[:300]


def test_a_huge_name_is_not_matched_against_every_name(atlas: Atlas) -> None:
    with pytest.raises(NotFoundError) as caught:
        atlas.concept(HUGE)
    assert caught.value.candidates == [] and len(str(caught.value)) < 200


# -- atlas.json ----------------------------------------------------------------------------------


def edited(site: Path, tmp_path: Path, change: dict[str, object], drop: str = "") -> Path:
    data = json.loads(site.read_text("utf-8"))
    data.update(change)
    data.pop(drop, None)
    path = tmp_path / "atlas.json"
    path.write_text(json.dumps(data), "utf-8")
    return path


def test_an_atlas_of_another_schema_version_is_refused(site: Path, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="schema version 999; this noteatlas reads version 1"):
        load(edited(site, tmp_path, {"schema_version": 999}))
    # A future document of another shape: the version is what the message talks about.
    with pytest.raises(InputError, match="schema version 2"):
        load(edited(site, tmp_path, {"schema_version": 2, "nodes": [{"id": 1, "new": True}]}))
    code, _, err = run("stats", str(edited(site, tmp_path, {"schema_version": 999})))
    assert code == 1 and "schema version 999" in err and "Hint:" in err


@pytest.mark.parametrize("drop", ["nodes", "edges", "schema_version"])
def test_an_atlas_without_its_lists_is_refused(site: Path, tmp_path: Path, drop: str) -> None:
    with pytest.raises(InputError, match=f"it has no {drop}"):
        load(edited(site, tmp_path, {}, drop=drop))


def test_an_atlas_with_a_dangling_edge_is_refused(site: Path, tmp_path: Path) -> None:
    data = json.loads(site.read_text("utf-8"))
    edge = dict(data["edges"][0], target="concept:nowhere")
    path = edited(site, tmp_path, {"edges": [*data["edges"], edge]})
    with pytest.raises(InputError, match="1 edge\\(s\\) whose end is not a node") as caught:
        load(path)
    assert "concept:nowhere" in str(caught.value)


def test_a_whole_atlas_still_loads_equal(site: Path, atlas: Atlas) -> None:
    assert Atlas.from_json(site.read_bytes()) == atlas
