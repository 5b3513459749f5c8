"""Which node a user means: a concept by any name or alias, or a node id as given."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from noteatlas.graph.concepts.names import fold_key
from noteatlas.query.index import AtlasIndex
from noteatlas.schema import ConceptNode, EdgeKind, NodeKind, PaperNode
from noteatlas.schema.errors import SHOWN_CHARS, ConfigError, NotFoundError, shown


def find_concept(index: AtlasIndex, name: str) -> ConceptNode:
    """The concept called ``name``: its id, name or any alias, in any case or width.

    Also ``BERT模型`` or ``LSTM模型结构`` (a name plus generic words). Raises ``NotFoundError``
    with close matches in ``candidates`` when nothing fits.
    """
    text = str(name).strip()
    keys = index.name_keys
    for given in (text, f"concept:{text}"):
        if given.startswith("concept:") and given in index:
            node = index.get(given)
            if isinstance(node, ConceptNode):
                return node
    # A name, or a name with words that only say its kind (``BERT模型``): never a name that
    # merely starts the text (``门控循环单元`` is not the gating mechanism ``门控``).
    resolved = index.matcher.resolve(text)
    found = index.matcher.lookup(text) or (resolved[0] if len(resolved) == 1 else None)
    if found is not None:
        node = index.get(found)
        assert isinstance(node, ConceptNode)
        return node
    key = fold_key(text)
    close = []
    if len(key) <= SHOWN_CHARS:  # difflib is quadratic in the lengths: no name is this long
        close = difflib.get_close_matches(key, list(keys), n=8, cutoff=0.6)
        close += [k for k in keys if key and key in k]
    labels = list(dict.fromkeys(index.get(keys[k]).label for k in close))[:5]
    hint = f"Did you mean: {', '.join(labels)}?" if labels else "Try `noteatlas search`."
    raise NotFoundError(f"No concept named {shown(text)}.", hint, candidates=labels)


def node_id(index: AtlasIndex, name: str) -> str:
    """A node id as given (``note:...``, ``paper:...``; a merged paper's other id such as
    ``paper:acl:N19-1423`` finds it too), else the concept of that name."""
    if name in index:
        return name
    if name.startswith("paper:"):
        wanted = name.removeprefix("paper:")
        for node in index.nodes(NodeKind.PAPER):
            if isinstance(node, PaperNode) and wanted in node.ids:
                return node.id
    return find_concept(index, name).id


def at_least(name: str, value: int, minimum: int, example: str) -> int:
    """``value`` when it is a whole number of at least ``minimum``; ConfigError otherwise, since
    a negative length or limit would answer another question than the one asked."""
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        given = value if isinstance(value, int) else shown(value)
        raise ConfigError(
            f"{name} must be at least {minimum}, got {given}.", f"For example {example}."
        )
    return value


def edge_kinds(kinds: Iterable[EdgeKind | str] | None) -> frozenset[EdgeKind] | None:
    """The edge kinds asked for, or None for the default; ConfigError names the valid ones."""
    if kinds is None:
        return None
    out = set()
    for k in [kinds] if isinstance(kinds, str) else kinds:
        try:
            out.add(EdgeKind(k))
        except ValueError:
            valid = ", ".join(e.value for e in EdgeKind)
            raise ConfigError(f"Unknown edge kind {shown(k)}.", f"Edge kinds: {valid}.") from None
    return frozenset(out)


__all__ = ["at_least", "edge_kinds", "find_concept", "node_id"]
