"""noteatlas: a folder of Markdown study notes as a typed knowledge graph.

import noteatlas
atlas = noteatlas.build("~/notes")
atlas.concept("bert").year
atlas.path("word2vec", "BERT")
report = noteatlas.check("~/notes", offline=True)
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from noteatlas.version import __version__

if TYPE_CHECKING:
    from noteatlas.atlas import Atlas, load
    from noteatlas.config import Config
    from noteatlas.graph.read.repair import repair_text
    from noteatlas.pipeline.build import build
    from noteatlas.pipeline.check import check

__all__ = ["Atlas", "Config", "__version__", "build", "check", "load", "repair_text"]

# Lazy (PEP 562), so `python -m noteatlas --help` and `noteatlas schema` start fast.
_LAZY = {
    "build": "noteatlas.pipeline.build",
    "check": "noteatlas.pipeline.check",
    "Atlas": "noteatlas.atlas",
    "load": "noteatlas.atlas",
    "Config": "noteatlas.config",
    "repair_text": "noteatlas.graph.read.repair",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'noteatlas' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
