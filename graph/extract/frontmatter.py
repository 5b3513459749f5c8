"""YAML front matter: parsed safely, made JSON-compatible, each key with its file line.

A broken front matter never stops a note: the YAML error becomes a diagnostic with the file
line PyYAML points at, and the note's body is parsed as usual.
"""

from __future__ import annotations

import base64
import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any

import yaml

from noteatlas.schema import Diagnostic, Severity

__all__ = ["FrontMatter", "parse_front_matter"]

_MAX_DEPTH = 32
_MAX_NODES = 20_000


@dataclass
class FrontMatter:
    """What a note's front matter says, where, and what was wrong with it."""

    data: dict[str, Any] = field(default_factory=dict)
    """Top-level mapping with JSON-compatible values."""
    lines: dict[str, int] = field(default_factory=dict)
    """1-based file line of each top-level key."""
    diagnostics: list[Diagnostic] = field(default_factory=list)
    """YAML errors and values that could not be kept."""


class _Budget:
    def __init__(self) -> None:
        self.nodes = 0
        self.exceeded = False


def _scalar_key(key: Any) -> str:
    if isinstance(key, bool):
        return "true" if key else "false"
    if key is None:
        return "null"
    if isinstance(key, dt.date):
        return key.isoformat()
    return str(key)


def _jsonable(value: Any, depth: int, budget: _Budget) -> Any:
    budget.nodes += 1
    if depth > _MAX_DEPTH or budget.nodes > _MAX_NODES:
        budget.exceeded = True
        return None
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, dt.date):  # datetime is a date too
        return value.isoformat()
    if isinstance(value, dict):
        return {_scalar_key(k): _jsonable(v, depth + 1, budget) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value, key=str) if isinstance(value, set | frozenset) else value
        return [_jsonable(item, depth + 1, budget) for item in items]
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    return str(value)


# libyaml's C loader when PyYAML has it: ~10x faster, same safe constructors and marks.
_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _load(text: str) -> tuple[Any, yaml.Node | None]:
    try:
        return _load_with(_Loader, text)
    except yaml.YAMLError:
        if _Loader is yaml.SafeLoader:
            raise
        # Parse again in pure Python: its messages say what was found ("but got ':'").
        return _load_with(yaml.SafeLoader, text)


def _load_with(loader_class: type[yaml.SafeLoader], text: str) -> tuple[Any, yaml.Node | None]:
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
        return data, node
    finally:
        loader.dispose()


def _key_lines(node: yaml.Node | None, first_line: int) -> dict[str, int]:
    lines: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, _ in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                lines.setdefault(str(key_node.value), first_line + key_node.start_mark.line)
    return lines


def _error_line(error: yaml.YAMLError, first_line: int) -> int:
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    return first_line + mark.line if mark is not None else first_line


def parse_front_matter(text: str, first_line: int, path: str) -> FrontMatter:
    """Parse the YAML between the ``---`` fences; ``first_line`` is the file line of ``text``'s
    first line (1-based)."""
    result = FrontMatter()
    try:
        data, node = _load(text)
    except yaml.YAMLError as error:
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        result.diagnostics.append(
            Diagnostic(
                severity=Severity.ERROR,
                code="front-matter-invalid",
                file=path,
                line=_error_line(error, first_line),
                message=f"front matter is not valid YAML: {problem}",
                hint="fix the YAML between the --- lines (quote values that contain ': ' or '[')",
            )
        )
        return result
    except (RecursionError, MemoryError, ValueError, OverflowError) as error:
        result.diagnostics.append(
            Diagnostic(
                severity=Severity.ERROR,
                code="front-matter-invalid",
                file=path,
                line=first_line,
                message=f"front matter could not be read: {type(error).__name__}",
                hint="simplify the front matter (it is nested too deeply or too large)",
            )
        )
        return result
    if data is None:
        return result
    if not isinstance(data, dict):
        result.diagnostics.append(
            Diagnostic(
                severity=Severity.WARNING,
                code="front-matter-not-mapping",
                file=path,
                line=first_line,
                message=f"front matter is a {type(data).__name__}, not a mapping of keys",
                hint="write front matter as 'key: value' lines",
            )
        )
        return result
    budget = _Budget()
    converted = _jsonable(data, 0, budget)
    result.data = converted if isinstance(converted, dict) else {}
    result.lines = {
        key: line for key, line in _key_lines(node, first_line).items() if key in result.data
    }
    if budget.exceeded:
        result.diagnostics.append(
            Diagnostic(
                severity=Severity.WARNING,
                code="front-matter-too-large",
                file=path,
                line=first_line,
                message=f"front matter nests deeper than {_MAX_DEPTH} levels or holds more than "
                f"{_MAX_NODES} values; the rest is dropped",
                hint="keep front matter to simple keys, lists and short mappings",
            )
        )
    return result
