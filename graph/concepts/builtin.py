"""Where the built-in vocabulary lives: its text, read without loading the vocabulary code."""

from __future__ import annotations

import importlib.resources


def builtin_vocabulary_text() -> str:
    """Text of the built-in vocabulary, shipped as package data of ``noteatlas.content``."""
    resource = importlib.resources.files("noteatlas.content").joinpath("concepts.yaml")
    return resource.read_text(encoding="utf-8")


__all__ = ["builtin_vocabulary_text"]
