"""The Atlas: the graph of a corpus, with a small API over a networkx MultiDiGraph."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from noteatlas.query import find as query_find
from noteatlas.query import lists as query_lists
from noteatlas.query import paths as query_paths
from noteatlas.query import search as query_search
from noteatlas.query.index import AtlasIndex, Kinds
from noteatlas.query.models import Neighbor, NoteMention, Step, TimelineEntry
from noteatlas.query.search import SearchHit
from noteatlas.schema import (
    SCHEMA_VERSION,
    AssetNode,
    AtlasDocument,
    ConceptNode,
    Diagnostic,
    Edge,
    EdgeKind,
    Node,
    NodeKind,
    NoteNode,
    PaperNode,
    ResourceNode,
    TagNode,
)
from noteatlas.schema.atlas import AtlasParts, iter_json_bytes
from noteatlas.schema.edges import EdgeLike
from noteatlas.schema.errors import InputError, shown
from noteatlas.stored import AtlasReader, StoredIndex, open_stored

if TYPE_CHECKING:
    import networkx as nx


class Atlas:
    """A built (or loaded) knowledge graph.

    ``graph`` is a ``networkx.MultiDiGraph``: node attributes ``kind``, ``label`` and ``data`` (the
    pydantic node); one edge per (source, target, kind) with key = kind and attributes ``kind``,
    ``weight``, ``confidence`` and ``data`` (the pydantic Edge with its evidence).

    A built or loaded atlas keeps its edges as rows (``schema.rows``: a third of the memory);
    ``edges``, ``out_edges``, ``in_edges``, ``document`` and ``graph`` hand out models.
    """

    def __init__(self, document: AtlasDocument | AtlasParts) -> None:
        self._document: AtlasDocument | None = None
        if isinstance(document, AtlasDocument):
            self._document = document
            d = document
            document = AtlasParts(d.nodes, d.edges, d.diagnostics, d.root, d.generator,
                                  d.schema_version)  # fmt: skip
        self._parts = document
        self.index = AtlasIndex(document.nodes, document.edges)
        """Nodes by id, edges by node and concept names: what every query reads."""
        self._graph: nx.MultiDiGraph | None = None

    @property
    def graph(self) -> nx.MultiDiGraph:
        """The networkx view, built on first use (a build that only writes files never needs it)."""
        if self._graph is None:
            import networkx as nx  # here: a build that only writes files never pays for it

            document = self.document
            graph = nx.MultiDiGraph(root=document.root)
            for node in document.nodes:
                graph.add_node(node.id, kind=node.kind.value, label=node.label, data=node)
            for edge in document.edges:
                kind = edge.kind.value
                graph.add_edge(
                    edge.source,
                    edge.target,
                    key=kind,
                    kind=kind,
                    weight=edge.weight,
                    confidence=edge.confidence,
                    data=edge,
                )
            self._graph = graph
        return self._graph

    # -- construction -------------------------------------------------------------------------

    @classmethod
    def from_parts(
        cls,
        nodes: Iterable[Node],
        edges: Iterable[EdgeLike],
        diagnostics: Iterable[Diagnostic],
        *,
        root: str = "",
        generator: str = "noteatlas",
    ) -> Atlas:
        """Assemble an atlas, sorting everything so the JSON is deterministic. Edges may be
        models or rows (``schema.rows``, as the builders make them); they are kept as given."""
        parts = AtlasParts(
            nodes=sorted(nodes, key=lambda n: n.id),
            edges=sorted(edges, key=lambda e: e.sort_key()),
            diagnostics=sorted(set(diagnostics), key=Diagnostic.sort_key),
            root=root,
            generator=generator,
        )
        return cls(parts)

    @classmethod
    def from_json(cls, text: str | bytes, source: str = "<string>") -> Atlas:
        """Read an atlas document from JSON text (or its UTF-8 bytes). InputError when it is not
        one this version reads whole: another schema version, a missing list, or an edge whose
        end is not a node (queries would answer from half a graph)."""
        try:
            document = AtlasDocument.model_validate_json(text)
        except ValueError as exc:
            _check_version(_stated_version(text), source)
            raise InputError(
                f"{source} is not a valid atlas document: {str(exc).splitlines()[0]}",
                "Rebuild it with `noteatlas build`.",
            ) from None
        _check_version(document.schema_version, source)
        _check_whole(document, source)
        return cls(document)

    # -- documents ----------------------------------------------------------------------------

    @property
    def document(self) -> AtlasDocument:
        """The whole atlas as one pydantic document (made on first use from the rows it keeps,
        then kept)."""
        if self._document is None:
            self._document = self.parts.document()
        return self._document

    @property
    def parts(self) -> AtlasParts:
        """The atlas as it is kept: the document's fields, edges as rows or models (what the
        writers and exporters read; ``EdgeLike`` either way)."""
        return self._parts

    @property
    def root(self) -> str:
        """Name of the corpus folder."""
        return self.parts.root

    @property
    def diagnostics(self) -> list[Diagnostic]:
        """Problems found while building, sorted by file and line."""
        return list(self.parts.diagnostics)

    def to_json(self) -> str:
        """Deterministic JSON text."""
        return b"".join(iter_json_bytes(self.parts)).decode("utf-8")

    def dump(self, path: str | os.PathLike[str]) -> None:
        """Write ``atlas.json`` atomically, and beside it its index (``atlas.index``: where each
        node and edge is in the file, so that ``load`` reads only what a question needs)."""
        from noteatlas.atlasfile import write_atlas

        write_atlas(Path(path), self.parts)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Atlas):
            return NotImplemented
        a, b = self.parts, other.parts
        return (
            (a.schema_version, a.generator, a.root) == (b.schema_version, b.generator, b.root)
            and list(a.nodes) == list(b.nodes)
            and list(a.diagnostics) == list(b.diagnostics)
            and len(a.edges) == len(b.edges)
            and all(x.as_model() == y.as_model() for x, y in zip(a.edges, b.edges, strict=True))
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        counts = ", ".join(f"{k}={v}" for k, v in sorted(self.counts().items()))
        return f"<Atlas {self.root!r} {counts}>"

    # -- nodes and edges ----------------------------------------------------------------------

    def get(self, node_id: str) -> Node:
        """The node with this id; raises NotFoundError when there is none."""
        return self.index.get(node_id)

    def __contains__(self, node_id: object) -> bool:
        return node_id in self.index

    def nodes(self, kind: NodeKind | str | None = None) -> list[Node]:
        """All nodes, or those of one kind, sorted by id."""
        return list(self.index.nodes(None if kind is None else NodeKind(kind)))

    def notes(self) -> list[NoteNode]:
        """Note nodes."""
        return [n for n in self.index.nodes(NodeKind.NOTE) if isinstance(n, NoteNode)]

    def concepts(self) -> list[ConceptNode]:
        """Concept nodes."""
        return [n for n in self.index.nodes(NodeKind.CONCEPT) if isinstance(n, ConceptNode)]

    def papers(self) -> list[PaperNode]:
        """Paper nodes."""
        return [n for n in self.index.nodes(NodeKind.PAPER) if isinstance(n, PaperNode)]

    def resources(self) -> list[ResourceNode]:
        """External URL nodes."""
        return [n for n in self.index.nodes(NodeKind.RESOURCE) if isinstance(n, ResourceNode)]

    def assets(self) -> list[AssetNode]:
        """Embedded files (images ...)."""
        return [n for n in self.index.nodes(NodeKind.ASSET) if isinstance(n, AssetNode)]

    def tags(self) -> list[TagNode]:
        """Tag nodes."""
        return [n for n in self.index.nodes(NodeKind.TAG) if isinstance(n, TagNode)]

    def edges(self, kind: EdgeKind | str | None = None) -> list[Edge]:
        """All edges, or those of one kind, sorted."""
        return [e.as_model() for e in self.index.edges(None if kind is None else EdgeKind(kind))]

    def edge_counts(self) -> dict[str, int]:
        """Number of edges of each kind that occurs, by kind name."""
        return {k.value: n for k, n in sorted(self.index.edge_counts().items())}

    def out_edges(self, node_id: str, kind: Kinds = None) -> Iterator[Edge]:
        """Edges leaving a node: every kind, one (``"cites"``) or several (``["is_a", ...]``)."""
        return (e.as_model() for e in self.index.out_edges(node_id, kind))

    def in_edges(self, node_id: str, kind: Kinds = None) -> Iterator[Edge]:
        """Edges arriving at a node: every kind, one or several."""
        return (e.as_model() for e in self.index.in_edges(node_id, kind))

    # -- queries (the query package, over ``index``) ---------------------------------------------

    def concept(self, name: str) -> ConceptNode:
        """The concept called ``name`` (any alias, case or width); NotFoundError lists close ones."""
        return query_find.find_concept(self.index, name)

    def search(self, text: str, *, limit: int = 20) -> list[SearchHit]:
        """Nodes whose names, aliases, titles or summaries match ``text``, best first."""
        return query_search.search(self.index, text, limit=limit)

    def path(
        self, a: str, b: str, *, kinds: Iterable[EdgeKind | str] | None = None, max_len: int = 8
    ) -> list[Step]:
        """Typed steps from ``a`` to ``b``, strong edges preferred, each with its evidence."""
        return query_paths.path(self.index, a, b, kinds=kinds, max_len=max_len)

    def neighbors(
        self, x: str, depth: int = 1, kinds: Iterable[EdgeKind | str] | None = None
    ) -> list[Neighbor]:
        """Nodes within ``depth`` steps of ``x``, nearest first."""
        return query_paths.neighbors(self.index, x, depth, kinds)

    def timeline(
        self, kind: str | None = None, start: int | None = None, end: int | None = None
    ) -> list[TimelineEntry]:
        """Dated concepts and papers, oldest first; ``kind`` is a concept kind or ``paper``."""
        return query_lists.timeline(self.index, kind, start, end)

    def prerequisites(self, x: str) -> list[ConceptNode]:
        """What to learn before ``x``, transitively, in an order one can learn them."""
        return query_lists.prerequisites(self.index, x)

    def papers_about(self, x: str) -> list[PaperNode]:
        """Papers that introduce ``x`` or are cited where it is defined."""
        return query_lists.papers_about(self.index, x)

    def notes_mentioning(self, x: str) -> list[NoteMention]:
        """Notes that mention or define ``x``, with counts and lines."""
        return query_lists.notes_mentioning(self.index, x)

    def counts(self) -> dict[str, int]:
        """Number of nodes of each kind plus ``edges`` and ``diagnostics``."""
        out = {k.value: n for k, n in self.index.node_counts().items()}
        out["edges"] = sum(self.index.edge_counts().values())
        out["diagnostics"] = len(self.parts.diagnostics)
        return out


_VERSION = re.compile(rb'^\s*\{\s*"schema_version"\s*:\s*(-?\d{1,9})')
_REBUILD = "Rebuild it with `noteatlas build`."


def _stated_version(text: str | bytes) -> int | None:
    """The ``schema_version`` a document that failed to validate says it has (our writer puts
    it first), to tell "written by another version" from "damaged"."""
    head = text[:200].encode() if isinstance(text, str) else text[:200]
    found = _VERSION.match(head)
    return int(found.group(1)) if found else None


def _check_version(version: int | None, source: str) -> None:
    if version is not None and version != SCHEMA_VERSION:
        newer = "a newer" if version > SCHEMA_VERSION else "an older"
        raise InputError(
            f"{source} has atlas schema version {version}; this noteatlas reads version "
            f"{SCHEMA_VERSION} ({newer} noteatlas wrote it).",
            "Rebuild it with this noteatlas (`noteatlas build`), or read it with the one that "
            "wrote it.",
        )


def _check_whole(document: AtlasDocument, source: str) -> None:
    missing = [
        k for k in ("schema_version", "nodes", "edges") if k not in document.model_fields_set
    ]
    if missing:
        raise InputError(f"{source} is not an atlas document: it has no {', '.join(missing)}.",
                         _REBUILD)  # fmt: skip
    ids = {node.id for node in document.nodes}
    dangling = [e for e in document.edges if e.source not in ids or e.target not in ids]
    if dangling:
        first = dangling[0]
        end = first.source if first.source not in ids else first.target
        raise InputError(
            f"{source} has {len(dangling)} edge(s) whose end is not a node, the first "
            f"{shown(first.source)} -{first.kind.value}-> {shown(first.target)} "
            f"(no node {shown(end)}).",
            f"The file was edited or cut short. {_REBUILD}",
        )


def load(path: str | os.PathLike[str]) -> Atlas:
    """Read an ``atlas.json`` written by ``Atlas.dump`` back into an equal Atlas.

    When its index is beside it and the file is byte for byte what was written with that index,
    nothing is read but the index: nodes and edges are read (and validated) when first asked
    for. Anything else (an edited file, no index) is read and validated whole.
    """
    p = Path(path).expanduser()
    stored = load_stored(p)
    if stored is not None:
        return stored
    try:
        data = p.read_bytes()  # bytes straight to the parser: no decoded copy of a big file
    except OSError as exc:
        raise InputError(f"Cannot read {p}: {exc.strerror or exc}.") from None
    return Atlas.from_json(data, str(p))


class StoredAtlas(Atlas):
    """An ``Atlas`` whose nodes and edges stay in atlas.json until asked for (``load`` gives one
    when the file's index can be trusted; see ``noteatlas.stored``)."""

    def __init__(self, reader: AtlasReader) -> None:  # no Atlas.__init__: there is no document yet
        self._reader = reader
        self.index: AtlasIndex = StoredIndex(reader)
        self._graph = None
        self._document = None
        self._stored_parts: AtlasParts | None = None
        self._diagnostics: list[Diagnostic] | None = None

    @property
    def parts(self) -> AtlasParts:
        """The whole atlas as it is kept: every node and edge read (edges as rows)."""
        if self._stored_parts is None:
            index = self.index
            self._stored_parts = self._reader.parts(list(index.nodes()), index.edges())
        return self._stored_parts

    @property
    def root(self) -> str:
        """Name of the corpus folder."""
        return self._reader.root

    @property
    def sha256(self) -> str:
        """The SHA-256 of the atlas.json it reads."""
        return self._reader.sha256

    @property
    def diagnostics(self) -> list[Diagnostic]:
        """Problems found while building, sorted by file and line."""
        if self._diagnostics is None:
            self._diagnostics = self._reader.diagnostics()
        return list(self._diagnostics)

    def counts(self) -> dict[str, int]:
        """Number of nodes of each kind plus ``edges`` and ``diagnostics``."""
        out = {k.value: n for k, n in self.index.node_counts().items()}
        out["edges"] = self._reader.count("edges")
        out["diagnostics"] = self._reader.count("diagnostics")
        return out


def load_stored(path: str | os.PathLike[str]) -> StoredAtlas | None:
    """The atlas.json at ``path`` read through its index, or None when it has no index that
    vouches for its bytes."""
    reader = open_stored(Path(path).expanduser())
    return StoredAtlas(reader) if reader is not None else None
