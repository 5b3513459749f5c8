"""The diagnostic catalogue (``schema/codes.py``): every code the package reports is made through
``diagnostic(code, ...)`` from the catalogue, with the fields its templates name."""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest

from noteatlas.schema import Severity
from noteatlas.schema.codes import CODES, diagnostic

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = ("schema", "graph", "query", "noteatlas", "exporters", "linkcheck", "pipeline")


def _sources() -> list[tuple[str, ast.Module]]:
    return [
        (path.relative_to(ROOT).as_posix(), ast.parse(path.read_text(encoding="utf-8")))
        for folder in FOLDERS
        for path in sorted((ROOT / folder).rglob("*.py"))
        if "templates" not in path.parts
    ]


def _name(call: ast.Call) -> str:
    func = call.func
    return func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")


def _literal(node: ast.expr | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def _uses_catalogue(tree: ast.Module) -> bool:
    """The module calls the catalogue's ``diagnostic`` (not a helper of its own by that name)."""
    return any(
        isinstance(node, ast.ImportFrom)
        and node.module == "noteatlas.schema.codes"
        and any(a.name == "diagnostic" for a in node.names)
        for node in ast.walk(tree)
    )


SOURCES = _sources()
CALLS = [
    (rel, node) for rel, tree in SOURCES for node in ast.walk(tree) if isinstance(node, ast.Call)
]
CATALOGUED = {rel for rel, tree in SOURCES if _uses_catalogue(tree)}


def test_every_code_made_with_diagnostic_is_catalogued_with_its_fields() -> None:
    checked = 0
    for rel, call in CALLS:
        ours = rel in CATALOGUED and isinstance(call.func, ast.Name)
        code = (
            _literal(call.args[0]) if ours and _name(call) == "diagnostic" and call.args else None
        )
        if code is None:
            continue
        checked += 1
        assert code in CODES, f"{rel}:{call.lineno}: {code!r} is not in schema/codes.py"
        keywords = {k.arg: k.value for k in call.keywords}
        if None in keywords:  # **fields: the names are not known here
            continue
        variant = _literal(keywords.pop("variant", None)) or ""
        spec = CODES[code]
        assert not variant or variant in spec.variants, f"{rel}:{call.lineno}: {variant!r}"
        message, hint, *_ = spec.variants[variant] if variant else (spec.message, spec.hint)
        missing = (_fields(message) | _fields(hint)) - set(keywords)
        assert not missing, f"{rel}:{call.lineno}: {code} needs {sorted(missing)}"
    assert checked >= 30


def test_no_code_is_made_outside_the_catalogue() -> None:
    """A ``Diagnostic(code="...")`` would carry a message and hint the catalogue does not know."""
    literal = sorted(
        f"{rel}:{call.lineno}: {_literal(k.value)}"
        for rel, call in CALLS
        if _name(call) == "Diagnostic"
        for k in call.keywords
        if k.arg == "code" and _literal(k.value) is not None
    )
    assert literal == []


#: Modules that may call ``Diagnostic(...)``: the catalogue, and the reference verdict, which
#: renders a message made by ``diagnostic`` again at the reference's file and line.
MAKERS = {"schema/codes.py", "graph/identify/verdict.py"}


def test_only_the_catalogue_makes_diagnostics() -> None:
    """A helper of a stage's own (``Diagnostic(code=code, ...)``) would bypass the catalogue even
    with no literal code in sight (the vocabulary parser had one)."""
    made = sorted(
        f"{rel}:{call.lineno}"
        for rel, call in CALLS
        if _name(call) == "Diagnostic" and rel not in MAKERS
    )
    assert made == []


def test_every_catalogued_template_fills() -> None:
    for spec in CODES.values():
        for variant in ("", *spec.variants):
            message, hint, *_ = spec.variants[variant] if variant else (spec.message, spec.hint)
            fields = dict.fromkeys(_fields(message) | _fields(hint), 1.5)
            made = diagnostic(spec.code, "a.md", 1, variant=variant, **fields)
            assert made.code == spec.code and made.message and made.file == "a.md"


@pytest.mark.parametrize(
    ("variant", "severity"), [("", Severity.WARNING), ("gb18030", Severity.INFO)]
)
def test_a_variant_may_say_how_bad_it_is(variant: str, severity: Severity) -> None:
    made = diagnostic("encoding-legacy", "a.md", variant=variant, codec="cp1252")
    assert made.severity is severity and made.hint == "Save the file as UTF-8."
