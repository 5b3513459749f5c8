"""What every query needs of an atlas, built once and owned by it: nodes by id, edges by node,
and the name matcher (names and aliases of every concept)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from noteatlas.graph.concepts.names import Matcher, fold_key
from noteatlas.schema import ConceptNode, Edge, EdgeKind, Node, NodeKind
from noteatlas.schema.errors import NotFoundError, shown

#: Edges at a node, by the node at their other end, in the order of the atlas's edge list.
Adjacency = dict[str, dict[str, list[Edge]]]

#: One edge kind, several, or (None) every kind.
Kinds = EdgeKind | str | Iterable[EdgeKind | str] | None


def wanted_kinds(kind: Kinds) -> frozenset[EdgeKind] | None:
    """The edge kinds asked for, or None for all (ValueError names an unknown one)."""
    if kind is None:
        return None
    if isinstance(kind, str):
        return frozenset((EdgeKind(kind),))
    return frozenset(EdgeKind(k) for k in kind)


class AtlasIndex:
    """Nodes by id, edges by node (both ways) and concept names, over an atlas's sorted lists.

    The edge maps and the matcher are built on first use: a build that only writes files asks
    for neither, and networkx would cost ten times as much on a big atlas.
    """

    def __init__(self, nodes: Sequence[Node], edges: Sequence[Edge]) -> None:
        self._node_list = nodes
        self._edge_list = edges
        self._nodes: dict[str, Node] = {n.id: n for n in nodes}
        self._out: Adjacency | None = None
        self._in: Adjacency | None = None
        self._matcher: Matcher | None = None
        self._keys: dict[str, str] | None = None

    # -- nodes ----------------------------------------------------------------------------------

    def get(self, node_id: str) -> Node:
        """The node with this id; raises NotFoundError when there is none."""
        try:
            return self._nodes[node_id]
        except KeyError:
            raise NotFoundError(f"No node with id {shown(node_id)}.") from None

    def __contains__(self, node_id: object) -> bool:
        return node_id in self._nodes

    def nodes(self, kind: NodeKind | None = None) -> Sequence[Node]:
        """Every node (sorted by id), or those of one kind."""
        if kind is None:
            return self._node_list
        return [n for n in self._node_list if n.kind == kind]

    def concepts(self) -> list[ConceptNode]:
        """Concept nodes, sorted by id."""
        return [n for n in self._node_list if isinstance(n, ConceptNode)]

    def node_counts(self) -> dict[NodeKind, int]:
        """Number of nodes of each kind (every kind, zeros included)."""
        counts = dict.fromkeys(NodeKind, 0)
        for node in self._node_list:
            counts[node.kind] += 1
        return counts

    def label(self, node_id: str) -> str:
        """A node's label; an edge end that is no node (a hand-edited atlas) is its id."""
        node = self._nodes.get(node_id)
        return node.label if node is not None else node_id

    # -- edges ----------------------------------------------------------------------------------

    def edges(self, kind: EdgeKind | None = None) -> Sequence[Edge]:
        """Every edge (sorted), or those of one kind."""
        if kind is None:
            return self._edge_list
        return [e for e in self._edge_list if e.kind == kind]

    def edge_counts(self) -> dict[EdgeKind, int]:
        """Number of edges of each kind that occurs."""
        counts: dict[EdgeKind, int] = {}
        for edge in self._edge_list:
            counts[edge.kind] = counts.get(edge.kind, 0) + 1
        return counts

    def _adjacency(self) -> tuple[Adjacency, Adjacency]:
        if self._out is None or self._in is None:
            out: Adjacency = {}
            inn: Adjacency = {}
            for edge in self._edge_list:
                out.setdefault(edge.source, {}).setdefault(edge.target, []).append(edge)
                inn.setdefault(edge.target, {}).setdefault(edge.source, []).append(edge)
            self._out, self._in = out, inn
        return self._out, self._in

    def out_edges(self, node_id: str, kind: Kinds = None) -> Iterator[Edge]:
        """Edges leaving a node, of one kind, of several or of all (in the order networkx's
        view gives them)."""
        return _edges_at(self._adjacency()[0], node_id, wanted_kinds(kind))

    def in_edges(self, node_id: str, kind: Kinds = None) -> Iterator[Edge]:
        """Edges arriving at a node, of one kind, of several or of all."""
        return _edges_at(self._adjacency()[1], node_id, wanted_kinds(kind))

    # -- names ----------------------------------------------------------------------------------

    @property
    def matcher(self) -> Matcher:
        """Every concept name and alias, for exact and fuzzy lookups."""
        if self._matcher is None:
            concepts = self.concepts()
            names = [(c.name, c.id) for c in concepts]
            names += [(a, c.id) for c in concepts for a in c.aliases]
            self._matcher = Matcher(names)
        return self._matcher

    @property
    def name_keys(self) -> dict[str, str]:
        """Folded name or alias -> concept id, the first concept to claim a name keeping it."""
        if self._keys is None:
            keys: dict[str, str] = {}
            for text, cid in self.matcher.names:
                keys.setdefault(fold_key(text), cid)
            self._keys = keys
        return self._keys


def _edges_at(
    adjacency: Adjacency, node_id: str, wanted: frozenset[EdgeKind] | None
) -> Iterator[Edge]:
    for edges in adjacency.get(node_id, {}).values():
        for edge in edges:
            if wanted is None or edge.kind in wanted:
                yield edge


__all__ = ["AtlasIndex", "Kinds", "wanted_kinds"]
