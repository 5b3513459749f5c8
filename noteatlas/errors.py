"""The exceptions of the public API (defined in ``noteatlas.schema.errors``, where every stage can
raise them without importing the package face)."""

from noteatlas.schema.errors import (
    ConfigError,
    InputError,
    NoteatlasError,
    NotFoundError,
    OutputError,
)

__all__ = ["ConfigError", "InputError", "NotFoundError", "NoteatlasError", "OutputError"]
