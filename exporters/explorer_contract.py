"""The explorer's data contract: every name the page reads from its data block, written once.

The page data (made by ``explorer.py`` and ``explorer_data.py``, decoded by
``templates/explorer_data.js``) is one JSON object. ``PAGE_DATA`` below lists each of its keys with
its JSON type and meaning, as a JSON Schema (draft 2020-12) whose descriptions are the documentation.
Both sides check it:

- Python: the tests validate payloads against ``page_schema()`` with ``jsonschema``. Every object is
  closed (``additionalProperties: false``), so a key written here but not there fails as surely as
  a key missing.
- The page: ``page_schema()``, stripped of its descriptions, is embedded next to the data and
  checked before anything is read (``templates/explorer_contract.js``). Data that does not match is
  refused with a visible message and a console error naming the key, never drawn half-empty; a test
  also records every name the page reads and compares it with the names here.

Columns stay columns: a 10,000-note atlas has 700,000 edges, and one record per edge made its page
135 MB. A column's key is written once, so the names cost nothing; the encodings below (runs,
differences, sparse columns) are what keep the data small.

- **runs**: ``[value, count, value, count, ...]``, one value per item once expanded.
- **differences**: the first value, then each value minus the one before.
- **sparse**: ``[gap, value, gap, value, ...]`` over the nodes that have the field: a gap counts
  nodes from the last one that has it (starting from -1), so the nodes of one kind give gaps of 1.

The schema uses only the keywords ``SUPPORTED`` lists: the page's checker knows no others.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

JSON = dict[str, Any]

#: JSON Schema keywords the page's checker (``templates/explorer_contract.js``) understands.
SUPPORTED = frozenset(
    {
        "type",
        "properties",
        "required",
        "additionalProperties",
        "items",
        "prefixItems",
        "minItems",
        "anyOf",
        "description",
    }
)

#: Keys of the page data the page itself never reads: they say where the file came from, for a
#: person (or a tool) who opens it.
NOT_READ: frozenset[str] = frozenset({"root", "generator"})


def _v(types: str | list[str], doc: str) -> JSON:
    return {"type": types, "description": doc}


def _array(items: JSON, doc: str) -> JSON:
    return {"type": "array", "items": items, "description": doc}


def _tuple(doc: str, *items: JSON) -> JSON:
    return {
        "type": "array",
        "prefixItems": list(items),
        "minItems": len(items),
        "items": False,
        "description": doc,
    }


def _record(doc: str, fields: Mapping[str, JSON], optional: Iterable[str] = ()) -> JSON:
    skip = set(optional)
    return {
        "type": "object",
        "properties": dict(fields),
        "required": [k for k in fields if k not in skip],
        "additionalProperties": False,
        "description": doc,
    }


def _map(values: JSON, doc: str) -> JSON:
    return {"type": "object", "additionalProperties": values, "description": doc}


def _ints(doc: str) -> JSON:
    return _array({"type": "integer"}, doc)


def _numbers(doc: str) -> JSON:
    return _array({"type": "number"}, doc)


def _sparse(value: JSON, doc: str) -> JSON:
    return _array({"anyOf": [{"type": "integer"}, value]}, "sparse: " + doc)


_STRING = {"type": "string"}
_STRINGS = {"type": "array", "items": _STRING}
_LINK = {
    "anyOf": [
        _v("string", "a safe http(s) link with no check result: its text is its href"),
        _tuple(
            "a link with a check result or an unsafe URL: [text, href, status]",
            _v("string", "the URL as written"),
            _v(["integer", "string", "null"], "1: the text itself; null: not a link (unsafe)"),
            _v(["string", "null"], "last link-check result (ok, broken ...) or null"),
        ),
    ]
}

# -- nodes --------------------------------------------------------------------------------------

NODE_FIELDS: JSON = _record(
    "The kinds' own fields, one sparse column each; a node without the field is left out.",
    {
        "canonicalName": _sparse(_STRING, "a concept's or a tag's own name (else the name)"),
        "yearSource": _sparse(_STRING, "where a concept's year comes from (note:path, paper:id)"),
        "yearNote": _sparse(_STRING, "why the year is uncertain or was chosen"),
        "aliases": _sparse(_STRINGS, "a concept's aliases"),
        "summary": _sparse(_STRING, "a concept's summary"),
        "paper": _sparse(_STRING, "the id of the paper that introduced a concept"),
        "builtin": _sparse({"type": "integer"}, "1 for a concept of the built-in vocabulary"),
        "paperId": _sparse(_STRING, "a paper's id (arxiv:1810.04805 ...)"),
        "title": _sparse(_v(["string", "integer"], ""), "a title; 1 when it is the name"),
        "month": _sparse({"type": "integer"}, "a paper's or a note's month"),
        "day": _sparse({"type": "integer"}, "a paper's or a note's day of the month"),
        "dateSource": _sparse(_STRING, "where a note's date, or a paper's day, comes from"),
        "dateInferred": _sparse(
            {"type": "integer"}, "1 for a note placed by what it discusses, not by its own date"
        ),
        "venue": _sparse(_STRING, "a paper's venue"),
        "authors": _sparse(_STRINGS, "a paper's authors"),
        "links": _sparse(_array(_LINK, ""), "a paper's or a resource's URLs"),
        "file": _sparse({"type": "integer"}, "a note's or an asset's path: index in files"),
        "category": _sparse({"type": "integer"}, "a resource's category: index in categories"),
        "missing": _sparse({"type": "integer"}, "1 for an asset whose file does not exist"),
        "tags": _sparse(_array({"type": "integer"}, ""), "the node's tags: indices in tags"),
        "prominence": _sparse(
            {"type": "number"}, "how much the notes stress the node (0: nothing, left out)"
        ),
        "keyReasons": _sparse(_STRINGS, "why the notes make a paper key, in words"),
        "unmentioned": _sparse({"type": "integer"}, "1 for a concept no note mentions"),
        "nameSource": _sparse(_STRING, "where the name of a paper with no title comes from"),
    },
    optional=[
        "canonicalName",
        "yearSource",
        "yearNote",
        "aliases",
        "summary",
        "paper",
        "builtin",
        "paperId",
        "title",
        "month",
        "day",
        "dateSource",
        "dateInferred",
        "venue",
        "authors",
        "links",
        "file",
        "category",
        "missing",
        "tags",
        "prominence",
        "keyReasons",
        "unmentioned",
        "nameSource",
    ],
)

NODES: JSON = _record(
    "One entry per node in each column, in node order (a node's index is its place here).",
    {
        "id": _array(
            _v(["integer", "string"], ""),
            "the node's id, or 0 when the page rebuilds it from the node's fields"
            " (note: and the path, paper: and the paper id, url:, asset:, tag:)",
        ),
        "group": _ints("the node's group: index in config.groupKeys"),
        "name": _array(_STRING, "the node's name on one line (its id when the label is empty)"),
        "label": _array(
            _v(["integer", "string"], ""),
            "the canvas label: 0 for the name, n for the name's first n UTF-16 units and '…',"
            " or the label itself",
        ),
        "year": _array(_v(["integer", "null"], ""), "the node's year, or null"),
        "fields": NODE_FIELDS,
    },
)

# -- edges --------------------------------------------------------------------------------------

EDGES: JSON = _record(
    "The edges in document order (an edge's index is its place), as columns of numbers."
    " Evidence columns run over every edge's evidence in turn; confidence and conceptEvidence"
    " over the concept edges (kinds whose family is not document) alone.",
    {
        "source": _ints("runs: the source's node index (-1: not a node)"),
        "target": _ints("differences: the target's node index (-1: not a node)"),
        "kind": _ints("runs: the kind, index in config.edgeKinds"),
        "evidenceCount": _ints("runs: how much evidence each edge has"),
        "weight": _numbers("runs: the weight minus the evidence count (mostly 0)"),
        "evidenceFile": _ints("runs: each evidence's file, index in files (-1: none)"),
        "evidenceLine": _ints("each evidence's line (0: none)"),
        "confidence": _numbers("runs: each concept edge's confidence"),
        "conceptEvidence": _ints(
            "per concept edge: how many of its evidence carry a method and snippet, then"
            " [method, snippet] for each (indices in config.methods and snippets); a"
            " co_mentioned edge keeps its first evidence's only"
        ),
        "backwards": _ints("the edges that point back in time, by index"),
        "vocabularyOnly": _ints(
            "the edges no note states (every evidence is the vocabulary's), by index"
        ),
    },
)

# -- config -------------------------------------------------------------------------------------

CONFIG: JSON = _record(
    "Everything the page needs besides the data: filters, legend, lanes, eras, path rules.",
    {
        "large": _v("boolean", "more nodes than LARGE_GRAPH: physics off, straight edges"),
        "groupKeys": _array(_STRING, "node groups in order: a node's group indexes this"),
        "conceptGroups": _array(_STRING, "the groups that are concept kinds"),
        "methods": _array(_STRING, "evidence methods in order: conceptEvidence indexes this"),
        "categories": _array(_STRING, "link categories in order: a resource's category"),
        "eras": _array(
            _record(
                "an era drawn as a band behind the timeline",
                {
                    "from": _v(["integer", "null"], "its first year (null: open)"),
                    "to": _v(["integer", "null"], "its last year (null: open)"),
                    "label": _v("string", "its name"),
                },
            ),
            "the eras, oldest first",
        ),
        "lanes": _array(
            _record(
                "a timeline lane",
                {"key": _v("string", "the lane's key"), "label": _v("string", "its name")},
            ),
            "the timeline's lanes, top to bottom",
        ),
        "laneOf": _map(_STRING, "the lane key of each group"),
        "nodeKinds": _array(
            _record(
                "a node kind's filter",
                {
                    "kind": _v("string", "the node kind"),
                    "count": _v("integer", "how many nodes are of it"),
                    "shown": _v("boolean", "drawn when the page opens"),
                },
            ),
            "the node kinds' filters, in the schema's order",
        ),
        "groups": _array(
            _record(
                "a group that has nodes: its legend entry and style",
                {
                    "group": _v("string", "the group"),
                    "colour": _v("string", "its colour (#rrggbb)"),
                    "shape": _v("string", "its vis-network shape"),
                    "count": _v("integer", "how many nodes are in it"),
                    "concept": _v("boolean", "whether it is a concept kind"),
                },
            ),
            "the groups that have nodes, in the page's order",
        ),
        "edgeKinds": _array(
            _record(
                "an edge kind: its filter and style",
                {
                    "kind": _v("string", "the edge kind"),
                    "family": _v("string", "relation, derived or document"),
                    "count": _v("integer", "how many edges are of it"),
                    "shown": _v("boolean", "drawn when the page opens"),
                    "colour": _v("string", "its colour (#rrggbb)"),
                    "width": _v("number", "its line width"),
                    "dashes": _v("boolean", "drawn dashed"),
                },
            ),
            "every edge kind, in order: an edge's kind indexes this",
        ),
        "pathCost": _map({"type": "number"}, "the base cost of each kind a path may walk"),
        "telling": _array(_STRING, "the relation kinds a stated lineage shows, most telling first"),
        "pathMaxLen": _v("integer", "the longest path, in steps"),
        "pathStated": _array(
            _STRING, "the kinds a first search walks when a note states them (query.paths)"
        ),
        "backwardsColour": _v("string", "the colour of an edge that goes back in time"),
        "font": _v("string", "the CSS font stack of labels"),
    },
)

PAGE_DATA: JSON = _record(
    "The explorer's page data.",
    {
        "root": _v(["string", "null"], "the corpus root the atlas was built from"),
        "generator": _v("string", "what made the atlas (noteatlas and its version)"),
        "nodes": NODES,
        "edges": EDGES,
        "files": _array(_STRING, "file paths, relative to the corpus root"),
        "hrefPrefix": _v("string", "what goes before a file's path to make its link"),
        "fileHrefs": _array(
            _v(["integer", "string", "null"], ""),
            "each file's link: 1 for hrefPrefix and the path, null for none (not Markdown)",
        ),
        "tags": _array(_STRING, "tag names: a node's tags index this"),
        "snippets": _array(_STRING, "evidence snippets: conceptEvidence indexes this"),
        "nameKeys": _array(
            _tuple(
                "a folded concept name or alias and its concept",
                _v("string", "the name, folded as noteatlas folds names"),
                _v("integer", "the concept's node index"),
            ),
            "every concept name, then every alias, each once: what the path box suggests"
            " close matches from, as noteatlas path does",
        ),
        "options": {
            "type": "object",
            "properties": {
                "nodes": {
                    "type": "object",
                    "properties": {
                        "borderWidth": _v("integer", "a node's border (restored after a path)")
                    },
                    "required": ["borderWidth"],
                },
            },
            "required": ["nodes"],
            "description": "vis-network's own options (pyvis makes them), passed to it whole",
        },
        "config": CONFIG,
    },
)


def page_schema() -> JSON:
    """The contract as a JSON Schema (draft 2020-12), descriptions included."""
    schema = copy.deepcopy(PAGE_DATA)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema


def _strip(node: Any) -> Any:
    if isinstance(node, dict):
        return {k: _strip(v) for k, v in node.items() if k not in ("description", "$schema")}
    if isinstance(node, list):
        return [_strip(v) for v in node]
    return node


def embedded_schema() -> JSON:
    """The schema the page checks its data against: ``page_schema()`` without the descriptions,
    which are for people (and would weigh on every page)."""
    stripped: JSON = _strip(PAGE_DATA)
    return stripped


def documented_names(schema: JSON | None = None, path: str = "") -> Iterator[str]:
    """Every name the contract documents, as a path: ``config.edgeKinds[].colour``; a map's keys
    are ``*`` (``config.pathCost.*``). vis-network's ``options`` are one name: the page hands them
    over whole."""
    node = PAGE_DATA if schema is None else schema
    if path == "options":
        yield path
        return
    if path and not path.endswith("[]"):
        yield path
    for key, child in node.get("properties", {}).items():
        yield from documented_names(child, f"{path}.{key}" if path else key)
    extra = node.get("additionalProperties")
    if isinstance(extra, dict):
        yield from documented_names(extra, f"{path}.*")
    items = node.get("items")
    if isinstance(items, dict) and items.get("type") in ("object", "array"):
        yield from documented_names(items, f"{path}[]")
