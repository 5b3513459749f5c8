"""The atlas document: what ``atlas.json`` holds and ``noteatlas schema`` describes."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

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

    def to_json_bytes(self) -> bytes:
        """``to_json`` encoded as UTF-8, made without the text in between (half the memory on a
        big atlas, where the JSON is hundreds of megabytes)."""
        return self.__pydantic_serializer__.to_json(self, indent=2) + b"\n"


def json_schema() -> dict[str, Any]:
    """The JSON Schema of ``atlas.json``."""
    schema = AtlasDocument.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "noteatlas atlas document"
    return schema
