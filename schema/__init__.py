"""Pydantic models for everything noteatlas produces: nodes, edges, evidence, diagnostics, documents.

The names load on first use (PEP 562): ``noteatlas.schema.errors`` and ``.exits``, which every
command imports, must not pay for pydantic and the models (~0.4 s); nor ``noteatlas --help``.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from noteatlas.schema.atlas import SCHEMA_VERSION, AtlasDocument, json_schema
    from noteatlas.schema.diagnostics import Diagnostic
    from noteatlas.schema.document import (
        ArrowChain,
        Heading,
        InlineField,
        ListItem,
        MarkmapBlock,
        NoteExtract,
        OutlineItem,
        ProseLine,
        Reference,
        SourceFile,
        Table,
        TableCell,
    )
    from noteatlas.schema.edges import Edge, Evidence
    from noteatlas.schema.kinds import (
        METHOD_CONFIDENCE,
        RELATION_KINDS,
        WEAK_KINDS,
        Category,
        ConceptKind,
        EdgeKind,
        LinkStatus,
        Method,
        NodeKind,
        RefKind,
        Severity,
    )
    from noteatlas.schema.nodes import (
        AssetNode,
        ConceptNode,
        Node,
        NoteNode,
        PaperNode,
        ResourceNode,
        TagNode,
    )
    from noteatlas.schema.results import NoteResult

_LAZY = {
    "SCHEMA_VERSION": "noteatlas.schema.atlas",
    "AtlasDocument": "noteatlas.schema.atlas",
    "json_schema": "noteatlas.schema.atlas",
    "Diagnostic": "noteatlas.schema.diagnostics",
    "ArrowChain": "noteatlas.schema.document",
    "Heading": "noteatlas.schema.document",
    "InlineField": "noteatlas.schema.document",
    "ListItem": "noteatlas.schema.document",
    "MarkmapBlock": "noteatlas.schema.document",
    "NoteExtract": "noteatlas.schema.document",
    "OutlineItem": "noteatlas.schema.document",
    "ProseLine": "noteatlas.schema.document",
    "Reference": "noteatlas.schema.document",
    "SourceFile": "noteatlas.schema.document",
    "Table": "noteatlas.schema.document",
    "TableCell": "noteatlas.schema.document",
    "Edge": "noteatlas.schema.edges",
    "Evidence": "noteatlas.schema.edges",
    "METHOD_CONFIDENCE": "noteatlas.schema.kinds",
    "RELATION_KINDS": "noteatlas.schema.kinds",
    "WEAK_KINDS": "noteatlas.schema.kinds",
    "Category": "noteatlas.schema.kinds",
    "ConceptKind": "noteatlas.schema.kinds",
    "EdgeKind": "noteatlas.schema.kinds",
    "LinkStatus": "noteatlas.schema.kinds",
    "Method": "noteatlas.schema.kinds",
    "NodeKind": "noteatlas.schema.kinds",
    "RefKind": "noteatlas.schema.kinds",
    "Severity": "noteatlas.schema.kinds",
    "AssetNode": "noteatlas.schema.nodes",
    "ConceptNode": "noteatlas.schema.nodes",
    "Node": "noteatlas.schema.nodes",
    "NoteNode": "noteatlas.schema.nodes",
    "PaperNode": "noteatlas.schema.nodes",
    "ResourceNode": "noteatlas.schema.nodes",
    "TagNode": "noteatlas.schema.nodes",
    "NoteResult": "noteatlas.schema.results",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'noteatlas.schema' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # later lookups skip this function
    return value


__all__ = [
    "METHOD_CONFIDENCE",
    "RELATION_KINDS",
    "SCHEMA_VERSION",
    "WEAK_KINDS",
    "ArrowChain",
    "AssetNode",
    "AtlasDocument",
    "Category",
    "ConceptKind",
    "ConceptNode",
    "Diagnostic",
    "Edge",
    "EdgeKind",
    "Evidence",
    "Heading",
    "InlineField",
    "LinkStatus",
    "ListItem",
    "MarkmapBlock",
    "Method",
    "Node",
    "NodeKind",
    "NoteExtract",
    "NoteNode",
    "NoteResult",
    "OutlineItem",
    "PaperNode",
    "ProseLine",
    "RefKind",
    "Reference",
    "ResourceNode",
    "Severity",
    "SourceFile",
    "Table",
    "TableCell",
    "TagNode",
    "json_schema",
]
