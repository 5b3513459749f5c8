"""An atlas read through its index (``atlasfile``): ``load`` of a big atlas.json in a blink.

Nothing of atlas.json is read at load but what the index says and the digest needs; a node or
an edge is read and kept the first time a question asks for it. Nodes of one kind and the edges
leaving one node are runs of consecutive items in the file (both lists are sorted), so they are
parsed as one JSON array each. Nodes and edges are made without validating them again
(``schema.trusted``; edges as rows, ``schema.rows``), which is what the digest check buys: the bytes are the ones written from
a built atlas. Validation cost 30 us an edge and 150 us a note, and ``show BERT`` on a
10,000-note atlas reads 5,000 of each. ``parts`` (the whole atlas, for exporters) is made the same way, ``CHUNK`` items at a time so the parsed JSON of a 400 MB file is
never held at once (validating the whole file took 20 s).
"""

from __future__ import annotations

import weakref
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TypeVar

import pydantic_core
from pydantic import TypeAdapter, ValidationError

from noteatlas.atlasfile import AtlasBytes, AtlasIndexFile, index_path, read_index
from noteatlas.query.index import AtlasIndex, Kinds, wanted_kinds
from noteatlas.schema import (
    ConceptNode,
    Diagnostic,
    EdgeKind,
    Node,
    NodeKind,
)
from noteatlas.schema.atlas import AtlasParts
from noteatlas.schema.edges import EdgeLike
from noteatlas.schema.errors import InputError, NotFoundError
from noteatlas.schema.rows import EdgeRow
from noteatlas.schema.trusted import trusted_edge_row, trusted_node

T = TypeVar("T")

_DIAGNOSTICS: TypeAdapter[list[Diagnostic]] = TypeAdapter(list[Diagnostic])
#: Most items parsed from one piece of the file.
CHUNK = 20_000


def _nodes(text: bytes) -> list[Node]:
    return [trusted_node(d) for d in pydantic_core.from_json(text)]


def _edges(text: bytes) -> list[EdgeRow]:
    return [trusted_edge_row(d) for d in pydantic_core.from_json(text)]


class AtlasReader:
    """The verified bytes of one atlas.json and the index that says where its items are."""

    def __init__(self, path: Path, data: AtlasBytes, index: AtlasIndexFile) -> None:
        self.path = path
        self.data = data
        self.header = index.header
        self.columns = index.columns
        self.node_kinds = [NodeKind(k) for k in self.header["node_kinds"]]
        self.edge_kinds = [EdgeKind(k) for k in self.header["edge_kinds"]]
        weakref.finalize(self, data.close)

    def items(
        self, decode: Callable[[bytes], list[T]], section: str, numbers: Sequence[int]
    ) -> list[T]:
        """Items ``numbers`` (ascending) of a section (``node`` or ``edge``), decoded; runs of
        consecutive items are read as one array."""
        starts, ends = self.columns[f"{section}_start"], self.columns[f"{section}_end"]
        out: list[T] = []
        i = 0
        while i < len(numbers):
            j = i
            while j + 1 < len(numbers) and numbers[j + 1] == numbers[j] + 1 and j - i < CHUNK:
                j += 1
            out += self.decode(decode, starts[numbers[i]], ends[numbers[j]], j - i + 1)
            i = j + 1
        return out

    def decode(
        self, decode: Callable[[bytes], list[T]], start: int, end: int, count: int
    ) -> list[T]:
        """The items between two byte offsets; InputError when they cannot be read."""
        try:
            found = decode(b"[" + self.data.read(start, end) + b"]")
        except (ValidationError, ValueError, KeyError, TypeError) as exc:
            first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise InputError(
                f"{self.path} is not a valid atlas document at byte {start}: {first}",
                "Rebuild it with `noteatlas build`.",
            ) from None
        if len(found) != count:
            raise InputError(
                f"{self.path} does not match its index {index_path(self.path).name}.",
                f"Delete {index_path(self.path).name} (or rebuild with `noteatlas build`).",
            )
        return found

    @property
    def root(self) -> str:
        """Name of the corpus folder."""
        return str(self.header["root"])

    @property
    def sha256(self) -> str:
        """The SHA-256 of the atlas.json it reads (as its index records it)."""
        return str(self.header["atlas"]["sha256"])

    def count(self, section: str) -> int:
        """How many ``edges`` or ``diagnostics`` the file holds."""
        return int(self.header[section])

    def diagnostics(self) -> list[Diagnostic]:
        """Every diagnostic, validated."""
        span = self.header["diagnostic_span"]
        if span is None:
            return []
        count = self.header["diagnostics"]
        return self.decode(_DIAGNOSTICS.validate_json, span[0], span[1], count)

    def parts(self, nodes: Sequence[Node], edges: Sequence[EdgeLike]) -> AtlasParts:
        """The whole atlas, of these nodes and edges (every one of the file's)."""
        return AtlasParts(
            nodes=nodes,
            edges=edges,
            diagnostics=self.diagnostics(),
            root=self.root,
            generator=str(self.header["generator"]),
            schema_version=int(self.header["schema_version"]),
        )


class StoredIndex(AtlasIndex):
    """``AtlasIndex`` over an atlas file's index: the same answers, read on demand."""

    reader: AtlasReader

    def __init__(self, reader: AtlasReader) -> None:
        super().__init__([], [])
        self.reader = reader
        """Where the nodes and edges are read from."""
        self._ids: list[str] = reader.header["node_ids"]
        self._labels: list[str] = reader.header["node_labels"]
        self._number = {node_id: i for i, node_id in enumerate(self._ids)}
        self._node_cache: dict[int, Node] = {}
        self._edge_cache: dict[int, EdgeRow] = {}
        self._all_edges: Sequence[EdgeRow] | None = None

    # -- nodes ----------------------------------------------------------------------------------

    def _nodes_at(self, numbers: Sequence[int]) -> list[Node]:
        cache = self._node_cache
        missing = [k for k in numbers if k not in cache]
        found = self.reader.items(_nodes, "node", missing)
        for k, node in zip(missing, found, strict=True):
            if node.id != self._ids[k]:
                raise InputError(
                    f"{self.reader.path} does not match its index: node {k} is {node.id!r}.",
                    f"Delete {index_path(self.reader.path).name} and load again.",
                )
            cache[k] = node
        return [cache[k] for k in numbers]

    def get(self, node_id: str) -> Node:
        """The node with this id; raises NotFoundError when there is none."""
        number = self._number.get(node_id)
        if number is None:
            raise NotFoundError(f"No node with id {node_id!r}.")
        return self._nodes_at([number])[0]

    def __contains__(self, node_id: object) -> bool:
        return node_id in self._number

    def nodes(self, kind: NodeKind | None = None) -> Sequence[Node]:
        """Every node (sorted by id), or those of one kind."""
        kinds = self.reader.node_kinds
        column = self.reader.columns["node_kind"]
        numbers = [k for k, code in enumerate(column) if kind is None or kinds[code] == kind]
        return self._nodes_at(numbers)

    def concepts(self) -> list[ConceptNode]:
        """Concept nodes, sorted by id."""
        return [n for n in self.nodes(NodeKind.CONCEPT) if isinstance(n, ConceptNode)]

    def node_counts(self) -> dict[NodeKind, int]:
        """Number of nodes of each kind (every kind, zeros included)."""
        counts = dict.fromkeys(NodeKind, 0)
        for code, n in Counter(self.reader.columns["node_kind"]).items():
            counts[self.reader.node_kinds[code]] += n
        return counts

    def label(self, node_id: str) -> str:
        """A node's label, from the index alone."""
        number = self._number.get(node_id)
        return self._labels[number] if number is not None else node_id

    # -- edges ----------------------------------------------------------------------------------

    def _edges_at(self, numbers: Sequence[int]) -> list[EdgeRow]:
        cache = self._edge_cache
        missing = sorted(k for k in numbers if k not in cache)
        cache.update(zip(missing, self.reader.items(_edges, "edge", missing), strict=True))
        return [cache[k] for k in numbers]

    def edges(self, kind: EdgeKind | None = None) -> Sequence[EdgeRow]:
        """Every edge (sorted), or those of one kind."""
        if kind is None:
            if self._all_edges is None:
                self._all_edges = self._edges_at(range(int(self.reader.header["edges"])))
            return self._all_edges
        kinds = self.reader.edge_kinds
        column = self.reader.columns["edge_kind"]
        return self._edges_at([j for j, code in enumerate(column) if kinds[code] == kind])

    def edge_counts(self) -> dict[EdgeKind, int]:
        """Number of edges of each kind that occurs."""
        kinds = self.reader.edge_kinds
        return {kinds[code]: n for code, n in Counter(self.reader.columns["edge_kind"]).items()}

    def out_edges(self, node_id: str, kind: Kinds = None) -> Iterator[EdgeRow]:
        """Edges leaving a node (in the order ``AtlasIndex`` gives them)."""
        number = self._number.get(node_id)
        if number is None:
            return iter(())
        ptr, targets = self.reader.columns["out_ptr"], self.reader.columns["edge_target"]
        groups: dict[int, list[int]] = {}
        for j in range(ptr[number], ptr[number + 1]):  # by target, in order of first appearance
            groups.setdefault(targets[j], []).append(j)
        return self._of_kinds([j for group in groups.values() for j in group], kind)

    def in_edges(self, node_id: str, kind: Kinds = None) -> Iterator[EdgeRow]:
        """Edges arriving at a node."""
        number = self._number.get(node_id)
        if number is None:
            return iter(())
        ptr, order = self.reader.columns["in_ptr"], self.reader.columns["in_order"]
        # In edge order, which groups them by source already: edges are sorted by source (the
        # index is written only then), so the edges from one source are adjacent.
        return self._of_kinds(order[ptr[number] : ptr[number + 1]], kind)

    def _of_kinds(self, numbers: Sequence[int], kind: Kinds) -> Iterator[EdgeRow]:
        """The edges ``numbers`` (in the order ``AtlasIndex``'s adjacency gives them) of the
        kinds asked for, read only then: a group's place is that of its first edge of any kind."""
        wanted = wanted_kinds(kind)
        if wanted is not None:
            kinds, column = self.reader.edge_kinds, self.reader.columns["edge_kind"]
            codes = {code for code, k in enumerate(kinds) if k in wanted}
            numbers = [j for j in numbers if column[j] in codes]
        return iter(self._edges_at(numbers))


def open_stored(path: Path) -> AtlasReader | None:
    """A reader of the atlas at ``path`` through its index, or None when there is no index that
    can be trusted for these bytes (the caller reads the file whole)."""
    index = read_index(index_path(path))
    if index is None:
        return None
    try:
        data = AtlasBytes(path)
    except OSError:
        return None
    try:
        reader = AtlasReader(path, data, index) if index.matches(data) else None
    except (OSError, ValueError, KeyError, TypeError):  # a kind this version does not know
        reader = None
    if reader is None:
        data.close()
    return reader
