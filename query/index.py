"""What every query needs of an atlas, built once and owned by it: nodes by id, edges by node,
and the name matcher (names and aliases of every concept)."""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import pairwise
from operator import attrgetter

from noteatlas.graph.concepts.names import Matcher, fold_key
from noteatlas.schema import ConceptNode, EdgeKind, Node, NodeKind
from noteatlas.schema.edges import EdgeLike
from noteatlas.schema.errors import NotFoundError, shown


class Adjacency:
    """Where each node's edges are in the edge list (leaving it, or arriving at it): the
    positions sorted by the node, a run per node. Four bytes an edge; a map of lists of edges
    per pair of nodes took 200 MB on a 10,000-note atlas."""

    def __init__(self, edges: Sequence[EdgeLike], ends: list[str]) -> None:
        """``ends``: the node at this side of each edge."""
        self._edges = edges
        order: Sequence[int] = range(len(ends))
        if any(a > b for a, b in pairwise(ends)):
            order = sorted(order, key=ends.__getitem__)  # stable: edge order within a node
        self._order = array("I" if len(ends) < 2**32 else "Q", order)
        self._runs: dict[str, tuple[int, int]] = {}
        start = 0
        for i in range(1, len(ends) + 1):
            if i == len(ends) or ends[self._order[i]] != ends[self._order[start]]:
                self._runs[ends[self._order[start]]] = (start, i)
                start = i

    def at(self, node_id: str, other: Callable[[EdgeLike], str]) -> Iterator[EdgeLike]:
        """The node's edges, grouped by the node at their other end (groups in order of their
        first edge, edges in edge order): the order networkx's view gives."""
        start, end = self._runs.get(node_id, (0, 0))
        edges = self._edges
        groups: dict[str, list[EdgeLike]] = {}
        for j in self._order[start:end]:
            edge = edges[j]
            groups.setdefault(other(edge), []).append(edge)
        for group in groups.values():
            yield from group


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

    def __init__(self, nodes: Sequence[Node], edges: Sequence[EdgeLike]) -> None:
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

    def edges(self, kind: EdgeKind | None = None) -> Sequence[EdgeLike]:
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
            edges = self._edge_list
            self._out = Adjacency(edges, [e.source for e in edges])
            self._in = Adjacency(edges, [e.target for e in edges])
        return self._out, self._in

    def out_edges(self, node_id: str, kind: Kinds = None) -> Iterator[EdgeLike]:
        """Edges leaving a node, of one kind, of several or of all (in the order networkx's
        view gives them)."""
        return _of_kinds(self._adjacency()[0].at(node_id, _TARGET), wanted_kinds(kind))

    def in_edges(self, node_id: str, kind: Kinds = None) -> Iterator[EdgeLike]:
        """Edges arriving at a node, of one kind, of several or of all."""
        return _of_kinds(self._adjacency()[1].at(node_id, _SOURCE), wanted_kinds(kind))

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


_SOURCE: Callable[[EdgeLike], str] = attrgetter("source")
_TARGET: Callable[[EdgeLike], str] = attrgetter("target")


def _of_kinds(edges: Iterator[EdgeLike], wanted: frozenset[EdgeKind] | None) -> Iterator[EdgeLike]:
    for edge in edges:
        if wanted is None or edge.kind in wanted:
            yield edge


__all__ = ["AtlasIndex", "Kinds", "wanted_kinds"]
