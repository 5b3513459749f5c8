"""The version of noteatlas, apart from the package face so every layer can read it."""

__version__ = "0.1.0"
