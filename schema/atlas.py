"""The atlas document: what ``atlas.json`` holds and ``noteatlas schema`` describes."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from noteatlas.schema.diagnostics import Diagnostic
from noteatlas.schema.edges import Edge
from noteatlas.schema.nodes import Node

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
        """``to_json`` as UTF-8 bytes, in pieces of at most ``batch`` nodes, edges or diagnostics, so that a
        writer never holds the whole document (hundreds of megabytes on a big atlas) at once.

        Each batch is serialised as a list with two-space indent and shifted two spaces right:
        JSON strings hold no raw newline, so the pieces join into exactly what
        ``model_dump_json(indent=2)`` gives for the whole document.
        """
        yield b"{\n"
        for name in ("schema_version", "generator", "root"):
            value = _SCALARS.dump_json(getattr(self, name))
            yield b'  "' + name.encode() + b'": ' + value + b",\n"
        lists: tuple[tuple[str, Sequence[BaseModel]], ...] = (
            ("nodes", self.nodes),
            ("edges", self.edges),
            ("diagnostics", self.diagnostics),
        )
        for i, (name, items) in enumerate(lists):
            yield b'  "' + name.encode() + b'": '
            if not items:
                yield b"[]"
            else:
                adapter = _LISTS[name]
                yield b"[\n"
                for start in range(0, len(items), batch):
                    chunk = adapter.dump_json(items[start : start + batch], indent=2)
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


def json_schema() -> dict[str, Any]:
    """The JSON Schema of ``atlas.json``."""
    schema = AtlasDocument.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "noteatlas atlas document"
    return schema
