"""noteatlas: a folder of Markdown study notes as a typed knowledge graph.

import noteatlas
atlas = noteatlas.build("~/notes")
atlas.concept("bert").year
atlas.path("word2vec", "BERT")
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from noteatlas.version import __version__

if TYPE_CHECKING:
    from noteatlas.atlas import Atlas, load
    from noteatlas.config import Config
    from noteatlas.pipeline.build import build

__all__ = ["Atlas", "Config", "__version__", "build", "load"]


def __getattr__(name: str) -> Any:
    # Lazy, so `python -m noteatlas --help` and `noteatlas schema` start fast.
    if name == "build":
        from noteatlas.pipeline.build import build

        return build
    if name in ("Atlas", "load"):
        from noteatlas import atlas

        return getattr(atlas, name)
    if name == "Config":
        from noteatlas.config import Config

        return Config
    raise AttributeError(f"module 'noteatlas' has no attribute {name!r}")
