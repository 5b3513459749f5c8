"""The Atlas: the graph of a corpus, with a small API over a networkx MultiDiGraph."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from noteatlas.errors import InputError, NotFoundError, OutputError
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

if TYPE_CHECKING:
    import networkx as nx

    from noteatlas.query.queries import Neighbor, NoteMention, SearchHit, Step, TimelineEntry


def write_text_atomic(path: Path, text: str) -> None:
    """Write UTF-8 text through a temporary file and a rename, so readers never see half a file."""
    write_bytes_atomic(path, text.encode("utf-8"))


def write_bytes_atomic(path: Path, data: bytes | Iterable[bytes]) -> None:
    """Write bytes (or pieces of them) through a temporary file and a rename, so readers never
    see half a file."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        with os.fdopen(fd, "wb") as fh:
            fh.writelines([data] if isinstance(data, bytes) else data)
        # mkstemp makes the file private; an output is as readable as any file the user writes.
        os.chmod(tmp, path.stat().st_mode & 0o777 if path.exists() else 0o644)
        os.replace(tmp, path)
    except OSError as exc:
        raise OutputError(
            f"Cannot write {path}: {exc.strerror or exc}.",
            "Choose an output folder you can write to (-o DIR).",
        ) from None


class Atlas:
    """A built (or loaded) knowledge graph.

    ``graph`` is a ``networkx.MultiDiGraph``: node attributes ``kind``, ``label`` and ``data`` (the
    pydantic node); one edge per (source, target, kind) with key = kind and attributes ``kind``,
    ``weight``, ``confidence`` and ``data`` (the pydantic Edge with its evidence).
    """

    def __init__(self, document: AtlasDocument) -> None:
        self._document = document
        self._nodes: dict[str, Node] = {n.id: n for n in document.nodes}
        self._graph: nx.MultiDiGraph | None = None
        self._out: dict[str, dict[str, list[Edge]]] | None = None
        self._in: dict[str, dict[str, list[Edge]]] | None = None

    def _adjacency(
        self,
    ) -> tuple[dict[str, dict[str, list[Edge]]], dict[str, dict[str, list[Edge]]]]:
        """Edges by node and neighbour, in the order ``graph`` gives them, without building it:
        exporters walk every node's edges, and networkx costs ten times as much on a big atlas."""
        if self._out is None or self._in is None:
            out: dict[str, dict[str, list[Edge]]] = {}
            inn: dict[str, dict[str, list[Edge]]] = {}
            for edge in self._document.edges:
                out.setdefault(edge.source, {}).setdefault(edge.target, []).append(edge)
                inn.setdefault(edge.target, {}).setdefault(edge.source, []).append(edge)
            self._out, self._in = out, inn
        return self._out, self._in

    @property
    def graph(self) -> nx.MultiDiGraph:
        """The networkx view, built on first use (a build that only writes files never needs it)."""
        if self._graph is None:
            import networkx as nx  # here: a build that only writes files never pays for it

            graph = nx.MultiDiGraph(root=self._document.root)
            for node in self._document.nodes:
                graph.add_node(node.id, kind=node.kind.value, label=node.label, data=node)
            for edge in self._document.edges:
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
        edges: Iterable[Edge],
        diagnostics: Iterable[Diagnostic],
        *,
        root: str = "",
        generator: str = "noteatlas",
    ) -> Atlas:
        """Assemble an atlas, sorting everything so the JSON is deterministic."""
        # The parts are validated models already: assemble without validating them again.
        document = AtlasDocument.model_construct(
            schema_version=SCHEMA_VERSION,
            root=root,
            generator=generator,
            nodes=sorted(nodes, key=lambda n: n.id),
            edges=sorted(edges, key=Edge.sort_key),
            diagnostics=sorted(set(diagnostics), key=Diagnostic.sort_key),
        )
        return cls(document)

    @classmethod
    def from_json(cls, text: str | bytes, source: str = "<string>") -> Atlas:
        """Read an atlas document from JSON text (or its UTF-8 bytes)."""
        try:
            return cls(AtlasDocument.model_validate_json(text))
        except ValueError as exc:
            raise InputError(
                f"{source} is not a valid atlas document: {str(exc).splitlines()[0]}",
                "Rebuild it with `noteatlas build`.",
            ) from None

    # -- documents ----------------------------------------------------------------------------

    @property
    def document(self) -> AtlasDocument:
        """The whole atlas as one pydantic document."""
        return self._document

    @property
    def diagnostics(self) -> list[Diagnostic]:
        """Problems found while building, sorted by file and line."""
        return list(self._document.diagnostics)

    def to_json(self) -> str:
        """Deterministic JSON text."""
        return self._document.to_json()

    def dump(self, path: str | os.PathLike[str]) -> None:
        """Write ``atlas.json`` atomically."""
        write_bytes_atomic(Path(path), self._document.iter_json_bytes())

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Atlas):
            return NotImplemented
        return self._document == other._document

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        counts = ", ".join(f"{k}={v}" for k, v in sorted(self.counts().items()))
        return f"<Atlas {self._document.root!r} {counts}>"

    # -- nodes and edges ----------------------------------------------------------------------

    def get(self, node_id: str) -> Node:
        """The node with this id; raises NotFoundError when there is none."""
        try:
            return self._nodes[node_id]
        except KeyError:
            raise NotFoundError(f"No node with id {node_id!r}.") from None

    def __contains__(self, node_id: object) -> bool:
        return node_id in self._nodes

    def nodes(self, kind: NodeKind | str | None = None) -> list[Node]:
        """All nodes, or those of one kind, sorted by id."""
        if kind is None:
            return list(self._document.nodes)
        kind = NodeKind(kind)
        return [n for n in self._document.nodes if n.kind == kind]

    def notes(self) -> list[NoteNode]:
        """Note nodes."""
        return [n for n in self._document.nodes if isinstance(n, NoteNode)]

    def concepts(self) -> list[ConceptNode]:
        """Concept nodes."""
        return [n for n in self._document.nodes if isinstance(n, ConceptNode)]

    def papers(self) -> list[PaperNode]:
        """Paper nodes."""
        return [n for n in self._document.nodes if isinstance(n, PaperNode)]

    def resources(self) -> list[ResourceNode]:
        """External URL nodes."""
        return [n for n in self._document.nodes if isinstance(n, ResourceNode)]

    def assets(self) -> list[AssetNode]:
        """Embedded files (images ...)."""
        return [n for n in self._document.nodes if isinstance(n, AssetNode)]

    def tags(self) -> list[TagNode]:
        """Tag nodes."""
        return [n for n in self._document.nodes if isinstance(n, TagNode)]

    def edges(self, kind: EdgeKind | str | None = None) -> list[Edge]:
        """All edges, or those of one kind, sorted."""
        if kind is None:
            return list(self._document.edges)
        kind = EdgeKind(kind)
        return [e for e in self._document.edges if e.kind == kind]

    def out_edges(self, node_id: str, kind: EdgeKind | str | None = None) -> Iterator[Edge]:
        """Edges leaving a node."""
        return _edges_at(self._adjacency()[0], node_id, kind)

    def in_edges(self, node_id: str, kind: EdgeKind | str | None = None) -> Iterator[Edge]:
        """Edges arriving at a node."""
        return _edges_at(self._adjacency()[1], node_id, kind)

    # -- queries (graph/query.py) ---------------------------------------------------------------

    def concept(self, name: str) -> ConceptNode:
        """The concept called ``name`` (any alias, case or width); NotFoundError lists close ones."""
        from noteatlas.query import queries as query

        return query.find_concept(self, name)

    def search(self, text: str, *, limit: int = 20) -> list[SearchHit]:
        """Nodes whose names, aliases, titles or summaries match ``text``, best first."""
        from noteatlas.query import queries as query

        return query.search(self, text, limit=limit)

    def path(
        self, a: str, b: str, *, kinds: Iterable[EdgeKind | str] | None = None, max_len: int = 8
    ) -> list[Step]:
        """Typed steps from ``a`` to ``b``, strong edges preferred, each with its evidence."""
        from noteatlas.query import queries as query

        return query.path(self, a, b, kinds=kinds, max_len=max_len)

    def neighbors(
        self, x: str, depth: int = 1, kinds: Iterable[EdgeKind | str] | None = None
    ) -> list[Neighbor]:
        """Nodes within ``depth`` steps of ``x``, nearest first."""
        from noteatlas.query import queries as query

        return query.neighbors(self, x, depth, kinds)

    def timeline(
        self, kind: str | None = None, start: int | None = None, end: int | None = None
    ) -> list[TimelineEntry]:
        """Dated concepts and papers, oldest first; ``kind`` is a concept kind or ``paper``."""
        from noteatlas.query import queries as query

        return query.timeline(self, kind, start, end)

    def prerequisites(self, x: str) -> list[ConceptNode]:
        """What to learn before ``x``, transitively, in an order one can learn them."""
        from noteatlas.query import queries as query

        return query.prerequisites(self, x)

    def papers_about(self, x: str) -> list[PaperNode]:
        """Papers that introduce ``x`` or are cited where it is defined."""
        from noteatlas.query import queries as query

        return query.papers_about(self, x)

    def notes_mentioning(self, x: str) -> list[NoteMention]:
        """Notes that mention or define ``x``, with counts and lines."""
        from noteatlas.query import queries as query

        return query.notes_mentioning(self, x)

    def counts(self) -> dict[str, int]:
        """Number of nodes of each kind plus ``edges`` and ``diagnostics``."""
        out: dict[str, Any] = {k.value: 0 for k in NodeKind}
        for n in self._document.nodes:
            out[n.kind.value] += 1
        out["edges"] = len(self._document.edges)
        out["diagnostics"] = len(self._document.diagnostics)
        return out


def _edges_at(
    adjacency: dict[str, dict[str, list[Edge]]], node_id: str, kind: EdgeKind | str | None
) -> Iterator[Edge]:
    wanted = EdgeKind(kind) if kind is not None else None
    for edges in adjacency.get(node_id, {}).values():
        for edge in edges:
            if wanted is None or edge.kind == wanted:
                yield edge


def load(path: str | os.PathLike[str]) -> Atlas:
    """Read an ``atlas.json`` written by ``Atlas.dump`` back into an equal Atlas."""
    p = Path(path).expanduser()
    try:
        data = p.read_bytes()  # bytes straight to the parser: no decoded copy of a big file
    except OSError as exc:
        raise InputError(f"Cannot read {p}: {exc.strerror or exc}.") from None
    return Atlas.from_json(data, str(p))
