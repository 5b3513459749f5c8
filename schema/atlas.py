"""The atlas document: what ``atlas.json`` holds and ``noteatlas schema`` describes."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, Protocol

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from noteatlas.schema.diagnostics import Diagnostic
from noteatlas.schema.edges import Edge, EdgeLike
from noteatlas.schema.nodes import Node
from noteatlas.schema.rows import EdgeRow

SCHEMA_VERSION = 1


class AtlasDocument(BaseModel):
    """The whole graph as one JSON document. Nodes, edges and diagnostics are sorted."""

    model_config = ConfigDict(extra="forbid")

    schema_version: int = SCHEMA_VERSION
    """Bumped when the document's shape changes."""
    generator: str = "noteatlas"
    """Name and version of the program that wrote it."""
    root: str = ""
    """Name of the corpus folder (not its absolute path, so builds on other machines compare equal)."""
    nodes: list[Node] = Field(default_factory=list)
    """All nodes, sorted by id."""
    edges: list[Edge] = Field(default_factory=list)
    """All edges, sorted by (source, kind, target)."""
    diagnostics: list[Diagnostic] = Field(default_factory=list)
    """Problems found, sorted by file and line."""

    def to_json(self) -> str:
        """Deterministic JSON: fields in schema order, lists sorted, two-space indent, UTF-8 text."""
        return self.model_dump_json(indent=2) + "\n"

    def iter_json_bytes(self, batch: int = 2000) -> Iterator[bytes]:
        """``to_json`` as UTF-8 bytes, in pieces (``iter_json_bytes``)."""
        return iter_json_bytes(self, batch)


class AtlasLike(Protocol):
    """What the writers read of an atlas: an ``AtlasDocument``, or the ``AtlasParts`` a built or
    loaded Atlas keeps (its edges rows)."""

    @property
    def schema_version(self) -> int: ...
    @property
    def generator(self) -> str: ...
    @property
    def root(self) -> str: ...
    @property
    def nodes(self) -> Sequence[Node]: ...
    @property
    def edges(self) -> Sequence[EdgeLike]: ...
    @property
    def diagnostics(self) -> Sequence[Diagnostic]: ...


@dataclass(frozen=True)
class AtlasParts:
    """The atlas as an Atlas keeps it: the document's fields, edges as rows (``schema.rows``)
    until the API hands them out as models."""

    nodes: Sequence[Node]
    """All nodes, sorted by id."""
    edges: Sequence[EdgeLike]
    """All edges, sorted by (source, kind, target)."""
    diagnostics: Sequence[Diagnostic]
    """Problems found, sorted by file and line."""
    root: str = ""
    """Name of the corpus folder."""
    generator: str = "noteatlas"
    """Name and version of the program that wrote it."""
    schema_version: int = SCHEMA_VERSION
    """The document's shape."""

    def document(self) -> AtlasDocument:
        """The pydantic document: every edge made a model."""
        return AtlasDocument.model_construct(
            schema_version=self.schema_version,
            generator=self.generator,
            root=self.root,
            nodes=list(self.nodes),
            edges=[e.as_model() for e in self.edges],
            diagnostics=list(self.diagnostics),
        )


def iter_json_bytes(atlas: AtlasLike, batch: int = 2000) -> Iterator[bytes]:
    """What ``AtlasDocument.to_json`` gives for ``atlas``, as UTF-8 bytes, in pieces of at most
    ``batch`` nodes, edges or diagnostics, so that a writer never holds the whole document
    (hundreds of megabytes on a big atlas) at once.

    Each batch is serialised as a list with two-space indent and shifted two spaces right:
    JSON strings hold no raw newline, so the pieces join into exactly what
    ``model_dump_json(indent=2)`` gives for the whole document. Edges kept as rows are
    serialised by pydantic as rows (slotted dataclasses with the models' fields: the same
    bytes); a batch that mixes rows and models is made models.
    """
    yield b"{\n"
    for name in ("schema_version", "generator", "root"):
        value = _SCALARS.dump_json(getattr(atlas, name))
        yield b'  "' + name.encode() + b'": ' + value + b",\n"
    lists: tuple[tuple[str, Sequence[Any]], ...] = (
        ("nodes", atlas.nodes),
        ("edges", atlas.edges),
        ("diagnostics", atlas.diagnostics),
    )
    for i, (name, items) in enumerate(lists):
        yield b'  "' + name.encode() + b'": '
        if not items:
            yield b"[]"
        else:
            yield b"[\n"
            for start in range(0, len(items), batch):
                part = items[start : start + batch]
                adapter = _LISTS[name]
                if name == "edges" and not all(type(e) is Edge for e in part):
                    if all(type(e) is EdgeRow for e in part):
                        adapter = _edge_rows()
                    else:
                        part = [e.as_model() for e in part]
                chunk = adapter.dump_json(part, indent=2)
                body = chunk[2:-2].replace(b"\n", b"\n  ")  # drop "[\n" and "\n]", shift
                yield (b",\n  " if start else b"  ") + body
            yield b"\n  ]"
        yield b",\n" if i < len(lists) - 1 else b"\n"
    yield b"}\n"


_SCALARS: TypeAdapter[Any] = TypeAdapter(Any)
_LISTS: dict[str, TypeAdapter[Any]] = {
    "nodes": TypeAdapter(list[Node]),
    "edges": TypeAdapter(list[Edge]),
    "diagnostics": TypeAdapter(list[Diagnostic]),
}


@cache
def _edge_rows() -> TypeAdapter[list[EdgeRow]]:
    """The serialiser of rows, made when first written (a few milliseconds a command that
    writes no atlas.json need not pay)."""
    return TypeAdapter(list[EdgeRow])


def json_schema() -> dict[str, Any]:
    """The JSON Schema of ``atlas.json``."""
    schema = AtlasDocument.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "noteatlas atlas document"
    return schema
