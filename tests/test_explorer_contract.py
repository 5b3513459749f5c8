"""The explorer's data contract from both sides: the data Python writes is what the contract says,
and the page (in real chromium) refuses data that is not and reads exactly the names it lists."""

from __future__ import annotations

import json
import random
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import browser
import pytest
from browser import PageWatch
from fixtures.explorer.make_atlas import (
    BERT_NOTE,
    LINK_STATUS,
    every_field_atlas,
    lineage_atlas,
    many_papers_atlas,
)
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from test_explorer import DATA_BLOCK, payload, random_document

from noteatlas import build
from noteatlas.atlas import Atlas
from noteatlas.exporters.explorer import SCRIPTS, script_json, to_explorer, write_explorer
from noteatlas.exporters.explorer_contract import (
    NODE_FIELDS,
    NOT_READ,
    SUPPORTED,
    documented_names,
    embedded_schema,
    page_schema,
)
from noteatlas.exporters.options import ExportOptions

JSON = dict[str, Any]
VALIDATOR = Draft202012Validator(page_schema())
TEMPLATES = Path(__file__).parent.parent / "exporters" / "templates"
VAULT = Path(__file__).parent / "fixtures" / "vault"


def problems(data: JSON) -> list[str]:
    """What jsonschema finds wrong with page data, one line each."""
    return sorted(f"{e.json_path}: {e.message}" for e in VALIDATOR.iter_errors(data))


def keywords(schema: Any) -> Iterator[str]:
    """The keywords a schema uses, at any depth (property names are not keywords)."""
    if not isinstance(schema, dict):
        return
    yield from schema
    for key, value in schema.items():
        if key == "properties":
            for sub in value.values():
                yield from keywords(sub)
        elif key in ("items", "additionalProperties"):
            yield from keywords(value)
        elif key in ("prefixItems", "anyOf"):
            for sub in value:
                yield from keywords(sub)


def objects(schema: Any, path: str = "") -> Iterator[tuple[str, JSON]]:
    """Every object schema with its path, as ``documented_names`` spells paths."""
    if not isinstance(schema, dict):
        return
    if schema.get("type") == "object":
        yield path, schema
    for key, sub in schema.get("properties", {}).items():
        yield from objects(sub, f"{path}.{key}" if path else key)
    for key, suffix in (("items", "[]"), ("additionalProperties", ".*")):
        yield from objects(schema.get(key), path + suffix)
    for sub in [*schema.get("prefixItems", []), *schema.get("anyOf", [])]:
        yield from objects(sub, path + "[]")


def written_names(value: Any, schema: Any, path: str = "") -> set[str]:
    """The names the data holds, spelled as ``documented_names`` spells them."""
    out: set[str] = set()
    if not isinstance(schema, dict):
        return out
    if isinstance(value, dict):
        props = schema.get("properties", {})
        for key, item in value.items():
            known = key in props
            name = f"{path}.{key if known else '*'}" if path else key
            out.add(name)
            if name != "options":
                sub = props[key] if known else schema.get("additionalProperties")
                out |= written_names(item, sub, name)
    elif isinstance(value, list):
        for item in value:
            out |= written_names(item, schema.get("items"), path + "[]")
    return out


def lineage_page() -> str:
    return to_explorer(lineage_atlas(), link_status=LINK_STATUS, note_base="../content")


def every_field_page() -> str:
    return to_explorer(every_field_atlas(), link_status=LINK_STATUS, note_base="../content")


# ---------------------------------------------------------------- the contract itself


def types(schema: Any) -> Iterator[str]:
    """The JSON types a schema names, at any depth."""
    if isinstance(schema, dict):
        named = schema.get("type", [])
        yield from [named] if isinstance(named, str) else named
        for key, value in schema.items():
            if key != "type":
                yield from types(value)
    elif isinstance(schema, list):
        for value in schema:
            yield from types(value)


def test_schema_is_valid_and_the_page_knows_its_keywords() -> None:
    Draft202012Validator.check_schema(page_schema())
    assert set(keywords(page_schema())) - {"$schema"} <= SUPPORTED
    assert set(keywords(embedded_schema())) <= SUPPORTED - {"description"}
    json_types = {"null", "boolean", "integer", "number", "string", "array", "object"}
    assert set(types(embedded_schema())) <= json_types


def test_every_object_is_closed() -> None:
    """A key one side adds without writing it down here is refused (vis-network's options are
    vis-network's), and a map says what its values are."""
    for path, schema in objects(page_schema()):
        if path.startswith("options"):
            continue
        extra = schema.get("additionalProperties")
        assert extra is False or (isinstance(extra, dict) and "properties" not in schema), path


def test_every_name_is_documented() -> None:
    for path, schema in objects(page_schema()):
        for key, sub in schema.get("properties", {}).items():
            if not path.startswith("options"):
                assert sub.get("description"), f"{path}.{key}"


def test_documented_names_are_paths() -> None:
    names = list(documented_names())
    assert len(names) == len(set(names))
    assert "config.edgeKinds[].colour" in names and "nodes.fields.title" in names
    assert "config.pathCost.*" in names and "options" in names
    assert not [n for n in names if n.startswith("options.")]


# ---------------------------------------------------------------- Python writes what it says


@pytest.mark.parametrize(
    "make",
    [
        lineage_page,
        every_field_page,
        lambda: to_explorer(Atlas.from_parts([], [], [])),
        lambda: to_explorer(many_papers_atlas(1100)[0]),
    ],
    ids=["lineage", "every-field", "empty", "many-papers"],
)
def test_page_data_matches_the_contract(make: Callable[[], str]) -> None:
    assert problems(payload(make())) == []


def test_vault_page_data_matches_the_contract(tmp_path: Path) -> None:
    corpus = tmp_path / "vault"
    shutil.copytree(VAULT, corpus)
    assert problems(payload(to_explorer(build(corpus), note_base=".."))) == []


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 10**6))
def test_any_atlas_page_data_matches_the_contract(seed: int) -> None:
    assert problems(payload(to_explorer(Atlas(random_document(seed))))) == []


def test_every_documented_name_is_written() -> None:
    """No name in the contract is dead: the every-field atlas's page holds each of them."""
    assert written_names(payload(every_field_page()), page_schema()) == set(documented_names())


def test_a_name_changed_on_the_python_side_is_refused() -> None:
    data = payload(lineage_page())
    data["config"]["edgeKinds"][0]["color"] = data["config"]["edgeKinds"][0].pop("colour")
    data["nodes"]["fields"]["ti"] = data["nodes"]["fields"].pop("title")
    found = problems(data)
    assert len(found) == 3
    assert "$.config.edgeKinds[0]: 'colour' is a required property" in found
    assert any("$.config.edgeKinds[0]:" in p and "'color' was unexpected" in p for p in found)
    assert any("$.nodes.fields:" in p and "'ti' was unexpected" in p for p in found)


# ---------------------------------------------------------------- the page checks what it reads


def with_data(page: str, data: JSON) -> str:
    """The page with another data block."""
    return DATA_BLOCK.sub(
        lambda m: m.group(0).replace(m.group(1), script_json(data)), page, count=1
    )


def rename(record: JSON, old: str, new: str) -> None:
    record[new] = record.pop(old)


MUTATIONS: dict[str, tuple[Callable[[JSON], Any], list[str]]] = {
    "renamed config field": (
        lambda d: rename(d["config"]["edgeKinds"][0], "colour", "color"),
        ["config.edgeKinds[0].colour: missing", "config.edgeKinds[0].color: not in the contract"],
    ),
    "renamed node field": (
        lambda d: rename(d["nodes"]["fields"], "title", "ti"),
        ["nodes.fields.ti: not in the contract"],
    ),
    "renamed edge column": (
        lambda d: rename(d["edges"], "evidenceCount", "n"),
        ["edges.evidenceCount: missing", "edges.n: not in the contract"],
    ),
    "positional record": (
        lambda d: d["config"]["lanes"].__setitem__(0, ["model", "models"]),
        ["config.lanes[0]: array where the contract says object"],
    ),
    "missing key": (lambda d: d["config"].pop("telling"), ["config.telling: missing"]),
    "wrong type": (
        lambda d: d["edges"]["evidenceLine"].__setitem__(3, "12"),
        ["edges.evidenceLine[3]: string where the contract says integer"],
    ),
}


@pytest.mark.parametrize("name", list(MUTATIONS))
def test_page_refuses_data_that_breaks_the_contract(
    chromium_page: PageWatch, tmp_path: Path, name: str
) -> None:
    mutate, expected = MUTATIONS[name]
    page = lineage_page()
    data = payload(page)
    mutate(data)
    assert problems(data), "jsonschema refuses it too"
    out = tmp_path / "explorer.html"
    out.write_text(with_data(page, data), encoding="utf-8")
    chromium_page.goto(out)
    refused = chromium_page.page.wait_for_selector("#loading.refused", state="visible")
    shown = refused.text_content()
    for line in expected:
        assert line in shown.splitlines()
    assert len(chromium_page.console_errors) == 1
    assert all(line in chromium_page.console_errors[0] for line in expected)
    # nothing was drawn, nothing failed on the way
    assert chromium_page.page.evaluate("window.noteatlasReady") is None
    assert chromium_page.page.evaluate("typeof noteatlas.select") == "undefined"
    assert chromium_page.page_errors == [] and chromium_page.dialogs == []


def mutants(data: JSON, count: int, seed: int) -> Iterator[JSON]:
    """Copies of the data, each with one thing changed at a random place: a key dropped or
    renamed, a value of another type, an item of another type added to an array."""
    rng = random.Random(seed)
    others: list[Any] = [None, True, "x", 2, 1.5, [], {}, [1, "a"], {"k": 1}]
    for _ in range(count):
        copy = json.loads(json.dumps(data))
        parent: Any = copy
        key: Any = None
        node: Any = copy
        while isinstance(node, dict | list) and node and rng.random() < 0.8:
            parent = node
            key = rng.choice(list(node) if isinstance(node, dict) else range(len(node)))
            node = node[key]
        change = rng.randrange(4)
        if key is None or change == 3:
            target = node if isinstance(node, dict | list) else parent
            if isinstance(target, list):
                target.append(rng.choice(others))
            else:
                target["extra"] = 1
        elif change == 0 and isinstance(parent, dict):
            del parent[key]
        elif change == 1 and isinstance(parent, dict):
            parent[key + "X"] = parent.pop(key)
        else:
            parent[key] = rng.choice(others)
        yield copy


def test_page_check_agrees_with_jsonschema(chromium_page: PageWatch, tmp_path: Path) -> None:
    """The page's checker and jsonschema give the same verdict on hundreds of broken payloads."""
    out = tmp_path / "explorer.html"
    write_explorer(lineage_atlas(), out.parent, ExportOptions(link_status=LINK_STATUS))
    page = chromium_page.page
    chromium_page.goto(out)
    page.wait_for_function("window.noteatlasReady === true", timeout=30_000)
    data = payload(out.read_text(encoding="utf-8"))
    cases = list(mutants(data, 300, seed=14))
    verdicts = page.evaluate(
        """([cases, schema]) => cases.map(
            d => noteatlas.modules.contract.validate(d, schema).length === 0)""",
        [cases, embedded_schema()],
    )
    expected = [not problems(case) for case in cases]
    assert verdicts == expected
    assert expected.count(True) < len(expected) // 2  # most changes break it
    assert (
        page.evaluate(
            "s => noteatlas.modules.contract.validate(JSON.parse(document.getElementById("
            "'atlas-data').textContent), s)",
            embedded_schema(),
        )
        == []
    )
    chromium_page.assert_clean()


# Wraps the page data in proxies that record each name the page reads after its contract check
# (the check reads everything; the page's own reads are what matter), spelled as
# documented_names spells them: config.edgeKinds[].colour. vis-network's options are one name.
TRACE = """(() => {
  const reads = new Set();
  let on = false;
  window.__contractReads = reads;
  const mark = performance.mark.bind(performance);
  performance.mark = (name, ...rest) => {
    if (name === "noteatlas:checked") on = true;
    return mark(name, ...rest);
  };
  const wrap = (value, path) => {
    if (value === null || typeof value !== "object" || path === "options") return value;
    return new Proxy(value, {
      get(target, key, receiver) {
        const got = Reflect.get(target, key, receiver);
        if (!on || typeof key !== "string") return got;
        if (Array.isArray(target)) return /^[0-9]+$/.test(key) ? wrap(got, path + "[]") : got;
        if (!Object.prototype.hasOwnProperty.call(target, key) && key in Object.prototype) return got;
        const name = path ? path + "." + key : key;
        reads.add(name);
        return wrap(got, name);
      },
    });
  };
  const parse = JSON.parse;
  JSON.parse = function (text, reviver) {
    const value = parse.call(this, text, reviver);
    const data = value && typeof value === "object" && "config" in value && "nodes" in value;
    return data ? wrap(value, "") : value;
  };
})();"""

# Everything a person does with the page, so that every name the page can read is read.
EXERCISE = """async () => {
  const frame = () => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok)));
  for (const id of ["concept:bert", "concept:attention", "paper:arxiv:1810.04805",
                    "note:" + BERT_NOTE, "url:https://example.com/gone", "asset:pics/bert.png",
                    "tag:nlp", "concept:polysemy"]) {
    noteatlas.select(id);
    await frame();
  }
  noteatlas.path("word2vec", "BERT");
  await frame();
  noteatlas.path("word2vec", "no such concept");
  noteatlas.clearPath();
  noteatlas.search("bert");
  for (const id of ["kind-note", "key-papers", "edge-leads_to"]) document.getElementById(id)?.click();
  noteatlas.setLayout("free");
  await frame();
  noteatlas.setLayout("timeline");
  await frame();
  return [...window.__contractReads];
}"""


def matches(name: str, documented: str) -> bool:
    pattern = re.escape(documented).replace(r"\*", r"[^.\[\]]+")
    return re.fullmatch(pattern, name) is not None


def page_reads(watch: PageWatch, out: Path, atlas: Atlas) -> set[str]:
    """The names a page reads from its data while a person uses it (see EXERCISE)."""
    write_explorer(
        atlas, out.parent, ExportOptions(link_status=LINK_STATUS, note_base="../content")
    )
    page = watch.page
    page.add_init_script(script=TRACE)
    watch.goto(out)
    try:
        page.wait_for_function("window.noteatlasReady === true", timeout=30_000)
    except Exception:
        watch.assert_clean()  # say why the page did not draw, when it says
        raise
    reads = set(page.evaluate(EXERCISE.replace("BERT_NOTE", json.dumps(BERT_NOTE))))
    watch.assert_clean()
    return reads


def test_page_reads_exactly_the_documented_names(chromium_browser: Any, tmp_path: Path) -> None:
    """Every name the page reads is documented, and every documented name is read: by a large
    page (more than LARGE_GRAPH nodes, every field present) or a small one (dashed edges)."""
    reads: set[str] = set()
    for n, atlas in enumerate([every_field_atlas(), lineage_atlas()]):
        context, watch = browser.watch_page(chromium_browser)
        try:
            reads |= page_reads(watch, tmp_path / f"site{n}" / "explorer.html", atlas)
        finally:
            context.close()
    documented = set(documented_names()) - NOT_READ
    assert sorted(r for r in reads if not any(matches(r, d) for d in documented)) == []
    assert sorted(d for d in documented if not any(matches(r, d) for r in reads)) == []


# The names the data module gives a node record besides the contract's fields.
RECORD_OWN = {"kind", "group", "name", "year", "degree", "lane"}
RECORD_READ = re.compile(r"\b(?:r|pr|o|info\[[\w.]+\])\.([A-Za-z]\w*)")


def test_node_records_are_read_by_their_names() -> None:
    """A module reads a node record (r, pr, o or info[i], as explorer_data.js names them) by the
    contract's field names or the record's own: never by a name nothing writes."""
    fields = set(NODE_FIELDS["properties"])
    assert not fields & RECORD_OWN
    read: dict[str, set[str]] = {}
    for name in SCRIPTS:
        for found in RECORD_READ.findall((TEMPLATES / name).read_text(encoding="utf-8")):
            read.setdefault(found, set()).add(name)
    assert read, "the pattern finds the modules' record reads"
    unknown = {name: files for name, files in read.items() if name not in fields | RECORD_OWN}
    assert unknown == {}
    decoder = (TEMPLATES / "explorer_data.js").read_text(encoding="utf-8")
    listed = re.search(r"const NODE_FIELDS = \[(.*?)\];", decoder, re.S)
    assert listed is not None
    assert re.findall(r'"(\w+)"', listed.group(1)) == list(NODE_FIELDS["properties"])
