"""noteatlas: a folder of Markdown study notes as a typed knowledge graph.

import noteatlas
atlas = noteatlas.build("~/notes")
atlas.concept("bert").year
atlas.path("word2vec", "BERT")
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from noteatlas.atlas import Atlas, load
    from noteatlas.builder import build
    from noteatlas.config import Config
    from noteatlas.repair import repair_text

__all__ = ["Atlas", "Config", "__version__", "build", "load", "repair_text"]


def __getattr__(name: str) -> Any:
    # Lazy, so `python -m noteatlas --help` and `noteatlas schema` start fast.
    if name == "build":
        from noteatlas.builder import build

        return build
    if name in ("Atlas", "load"):
        from noteatlas import atlas

        return getattr(atlas, name)
    if name == "Config":
        from noteatlas.config import Config

        return Config
    if name == "repair_text":
        from noteatlas.repair import repair_text

        return repair_text
    raise AttributeError(f"module 'noteatlas' has no attribute {name!r}")
