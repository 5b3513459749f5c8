"""Whole-graph exports: ``atlas.json``, GraphML and GEXF (for Gephi, yEd, Cytoscape, networkx).

GraphML and GEXF only hold scalar attributes, so every node and edge is flattened into a copy of the
graph: lists joined with ``"; "``, mappings as compact JSON, ``None`` dropped. The atlas graph itself
is never touched.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from noteatlas.atlas import Atlas
from noteatlas.exporters.options import DEFAULT_OPTIONS, ExportOptions
from noteatlas.files import write_text_atomic
from noteatlas.schema.edges import EdgeLike

if TYPE_CHECKING:
    import networkx as nx

Scalar = str | int | float | bool

# Characters XML 1.0 cannot carry at all (C0 controls except tab/newline/CR, surrogates, U+FFFE/F).
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Gephi reads ISO dates only; a dated <meta> would make two exports of one atlas differ.
_GEXF_DATE = re.compile(r' lastmodifieddate="[^"]*"')


def _xml_text(text: str) -> str:
    return _XML_INVALID.sub("\ufffd", text)


def _scalar(value: Any) -> Scalar | None:
    """One attribute value as a scalar GraphML/GEXF can store, or None to drop it."""
    if value is None:
        return None
    if isinstance(value, bool | int | float):
        return value
    if isinstance(value, str):
        return _xml_text(value)
    if isinstance(value, Mapping):
        if not value:
            return None
        return _xml_text(json.dumps(value, ensure_ascii=False, sort_keys=True, default=str))
    if isinstance(value, Iterable):
        parts = [_item_text(v) for v in value]
        return _xml_text("; ".join(p for p in parts if p)) if parts else None
    return _xml_text(str(value))


def _item_text(value: Any) -> str:
    if isinstance(value, Mapping):
        # Headings and similar records read best as their text.
        if isinstance(value.get("text"), str):
            return str(value["text"])
        return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return "" if value is None else str(value)


def flatten_attrs(data: Mapping[str, Any], *, skip: Iterable[str] = ()) -> dict[str, Scalar]:
    """Scalar-only copy of an attribute mapping (keys sorted for stable output)."""
    skipped = set(skip)
    out: dict[str, Scalar] = {}
    for key in sorted(data):
        if key in skipped:
            continue
        value = _scalar(data[key])
        if value is not None:
            out[_xml_text(key)] = value
    return out


def _edge_attrs(edge: EdgeLike) -> dict[str, Scalar]:
    evidence = edge.evidence
    attrs: dict[str, Scalar] = {
        "kind": edge.kind.value,
        "weight": float(edge.weight),
        "confidence": float(edge.confidence),
        "evidence_count": len(evidence),
    }
    where = "; ".join(e.where() for e in evidence)
    methods = "; ".join(sorted({e.method.value for e in evidence}))
    snippet = next((e.snippet for e in evidence if e.snippet), "")
    for key, value in (("evidence", where), ("methods", methods), ("snippet", snippet)):
        if value:
            attrs[key] = _xml_text(value)
    return attrs


def to_flat_graph(atlas: Atlas) -> nx.MultiDiGraph:
    """A new MultiDiGraph with the atlas's nodes and edges and scalar attributes only.

    Edges keep the atlas key (the edge kind), and ``label`` is set on nodes and edges because
    Gephi shows it.
    """
    import networkx as nx  # here: writing atlas.json must not pay for importing networkx

    flat = nx.MultiDiGraph(root=_xml_text(atlas.parts.root))
    for node in atlas.parts.nodes:
        attrs = flatten_attrs(node.model_dump(mode="json"), skip=("id",))
        flat.add_node(_xml_text(node.id), **attrs)
    for edge in atlas.parts.edges:
        attrs = _edge_attrs(edge)
        attrs["label"] = edge.kind.value
        flat.add_edge(_xml_text(edge.source), _xml_text(edge.target), key=edge.kind.value, **attrs)
    return flat


def to_graphml(atlas: Atlas) -> str:
    """GraphML text. Edge ids are unique (``kind-N``) because Gephi drops edges with repeated ids."""
    flat = to_flat_graph(atlas)
    for n, (_, _, data) in enumerate(flat.edges(data=True)):
        data["edge_id"] = f"{data['kind']}-{n}"
    import networkx as nx

    lines = nx.generate_graphml(flat, edge_id_from_attribute="edge_id")
    return "\n".join(lines) + "\n"


def to_gexf(atlas: Atlas) -> str:
    """GEXF 1.2 text. networkx stores the edge key as ``networkx_key`` so kinds survive a reload."""
    import networkx as nx

    text = "\n".join(nx.generate_gexf(to_flat_graph(atlas)))
    return _GEXF_DATE.sub("", text, count=1) + "\n"


def write_json(atlas: Atlas, out: Path, options: ExportOptions = DEFAULT_OPTIONS) -> list[Path]:
    """Write ``atlas.json`` (the document ``noteatlas.load`` reads back) and, unless the atlas
    cannot have one, its ``atlas.index`` into ``out``; return the files written."""
    path = Path(out) / "atlas.json"
    atlas.dump(path)
    index = path.with_suffix(".index")
    return [path, index] if index.is_file() else [path]


def write_graphml(atlas: Atlas, out: Path, options: ExportOptions = DEFAULT_OPTIONS) -> list[Path]:
    """Write ``atlas.graphml`` into ``out``, atomically."""
    path = Path(out) / "atlas.graphml"
    write_text_atomic(path, to_graphml(atlas))
    return [path]


def write_gexf(atlas: Atlas, out: Path, options: ExportOptions = DEFAULT_OPTIONS) -> list[Path]:
    """Write ``atlas.gexf`` into ``out``, atomically."""
    path = Path(out) / "atlas.gexf"
    write_text_atomic(path, to_gexf(atlas))
    return [path]
