"""YAML front matter: parsed safely, made JSON-compatible, each key with its file line.

A broken front matter never stops a note: the YAML error becomes a diagnostic with the file
line PyYAML points at, and the note's body is parsed as usual.
"""

from __future__ import annotations

import base64
import datetime as dt
import math
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from noteatlas.schema import Diagnostic
from noteatlas.schema.codes import diagnostic

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


_SURROGATE = re.compile("[\ud800-\udfff]")


def _text(value: str) -> str:
    """A YAML string as text every output can hold: YAML's ``"\\ud800\\udc00"`` escapes make
    surrogates, which no UTF-8 file can write; a pair is the character it encodes, a lone one
    U+FFFD."""
    if _SURROGATE.search(value) is None:
        return value
    return value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def _scalar_key(key: Any) -> str:
    if isinstance(key, bool):
        return "true" if key else "false"
    if key is None:
        return "null"
    if isinstance(key, dt.date):
        return key.isoformat()
    return _text(str(key))


def _jsonable(value: Any, depth: int, budget: _Budget) -> Any:
    budget.nodes += 1
    if depth > _MAX_DEPTH or budget.nodes > _MAX_NODES:
        budget.exceeded = True
        return None
    if isinstance(value, str):
        return _text(value)
    if value is None or isinstance(value, bool | int):
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


@dataclass(frozen=True, slots=True)
class _BadValue:
    """A value YAML could not make, and what was kept of it."""

    key: str
    """The top-level key it sits under."""
    line: int
    """0-based line of the value in the front matter."""
    problem: str
    """What YAML said."""
    kept: bool
    """True when the text written was kept in its place; False when the key was left out."""


# What constructing one value raises: an impossible date (``2019-13-45``: ValueError from
# datetime), a bad ``!!binary``, an unknown tag, a list used as a key.
_VALUE_ERRORS = (yaml.constructor.ConstructorError, ValueError, OverflowError, TypeError)
_BAD = "na_bad"  # loader attribute: the _BadValue list of the document being read
_KEY = "na_key"  # loader attribute: the top-level key being constructed


def _timestamp(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    """A date or time; an impossible one (``2019-13-45``) stays the text written, reported."""
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except (ValueError, OverflowError) as error:
        getattr(loader, _BAD).append(
            _BadValue(getattr(loader, _KEY), node.start_mark.line, _problem(error), True)
        )
        return node.value


# libyaml's C loader when PyYAML has it: ~10x faster, same safe constructors and marks.
class _FastLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    pass


class _PureLoader(yaml.SafeLoader):
    pass


for _loader in (_FastLoader, _PureLoader):
    _loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)


def _load(text: str) -> tuple[Any, yaml.Node | None, list[_BadValue]]:
    try:
        return _load_with(_FastLoader, text)
    except yaml.YAMLError:
        if _FastLoader.__mro__[1] is yaml.SafeLoader:
            raise
        # Parse again in pure Python: its messages say what was found ("but got ':'").
        return _load_with(_PureLoader, text)


def _load_with(
    loader_class: type[yaml.SafeLoader], text: str
) -> tuple[Any, yaml.Node | None, list[_BadValue]]:
    loader = loader_class(text)
    bad: list[_BadValue] = []
    setattr(loader, _BAD, bad)
    setattr(loader, _KEY, "")
    try:
        node = loader.get_single_node()
        if isinstance(node, yaml.MappingNode):
            return _construct_keys(loader, node), node, bad
        return (loader.construct_document(node) if node is not None else None), node, bad
    finally:
        loader.dispose()


def _construct_keys(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    """The top-level mapping one key at a time, so that a value YAML cannot make costs that key
    alone: a scalar is kept as the text written, anything else left out; each is reported."""
    loader.flatten_mapping(node)  # ``<<: *base`` merge keys, as construct_mapping does
    data: dict[Any, Any] = {}
    bad: list[_BadValue] = getattr(loader, _BAD)
    for key_node, value_node in node.value:
        name = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else "?"
        setattr(loader, _KEY, name)
        try:
            # a field's name is the text written: YAML 1.1 would make ``no:`` False, ``on:`` True
            if isinstance(key_node, yaml.ScalarNode):
                key = key_node.value
            else:
                key = loader.construct_object(key_node, deep=True)
            hash(key)
        except _VALUE_ERRORS as error:
            loader.recursive_objects.clear()  # what the failed construction left marked
            bad.append(_BadValue(name, key_node.start_mark.line, _problem(error), False))
            continue
        try:
            data[key] = loader.construct_object(value_node, deep=True)
        except _VALUE_ERRORS as error:
            loader.recursive_objects.clear()
            kept = isinstance(value_node, yaml.ScalarNode)
            bad.append(_BadValue(_scalar_key(key), value_node.start_mark.line,
                                 _problem(error), kept))  # fmt: skip
            if kept:
                data[key] = value_node.value
    return data


def _key_lines(node: yaml.Node | None, first_line: int) -> dict[str, int]:
    lines: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, _ in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                lines.setdefault(str(key_node.value), first_line + key_node.start_mark.line)
    return lines


def _problem(error: Exception) -> str:
    if isinstance(error, yaml.YAMLError):
        return str(getattr(error, "problem", None) or str(error).splitlines()[0])
    return str(error) or type(error).__name__


def _error_line(error: yaml.YAMLError, first_line: int) -> int:
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    return first_line + mark.line if mark is not None else first_line


def parse_front_matter(text: str, first_line: int, path: str) -> FrontMatter:
    """Parse the YAML between the ``---`` fences; ``first_line`` is the file line of ``text``'s
    first line (1-based)."""
    result = FrontMatter()
    try:
        data, node, bad = _load(text)
    except yaml.YAMLError as error:
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        result.diagnostics.append(
            diagnostic(
                "front-matter-invalid", path, _error_line(error, first_line), problem=problem
            )
        )
        return result
    except (RecursionError, MemoryError, ValueError, OverflowError) as error:
        result.diagnostics.append(
            diagnostic(
                "front-matter-invalid",
                path,
                first_line,
                variant="unreadable",
                problem=type(error).__name__,
            )
        )
        return result
    if data is None:
        return result
    if not isinstance(data, dict):
        result.diagnostics.append(
            diagnostic("front-matter-not-mapping", path, first_line, kind=type(data).__name__)
        )
        return result
    for found in bad:
        result.diagnostics.append(
            diagnostic(
                "front-matter-bad-value", path, first_line + found.line,
                variant="" if found.kept else "dropped", key=found.key, problem=found.problem,
            )
        )  # fmt: skip
    budget = _Budget()
    converted = _jsonable(data, 0, budget)
    result.data = converted if isinstance(converted, dict) else {}
    result.lines = {
        key: line for key, line in _key_lines(node, first_line).items() if key in result.data
    }
    if budget.exceeded:
        result.diagnostics.append(
            diagnostic(
                "front-matter-too-large", path, first_line, depth=_MAX_DEPTH, values=_MAX_NODES
            )
        )
    return result
