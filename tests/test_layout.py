"""The package's shape: imports point down the pipeline, never in a circle, and modules stay small.

schema -> graph stages -> query -> atlas -> exporters / linkcheck -> pipeline -> cli -> the face.
Every import counts, also those inside functions and under ``TYPE_CHECKING``: an import kept
inside a function to dodge a circle is still a circle.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
#: Source folder of each installed package (pyproject's package-dir).
FOLDERS = {
    "noteatlas": ROOT / "noteatlas",
    "noteatlas.schema": ROOT / "schema",
    "noteatlas.graph": ROOT / "graph",
    "noteatlas.query": ROOT / "query",
    "noteatlas.exporters": ROOT / "exporters",
    "noteatlas.linkcheck": ROOT / "linkcheck",
    "noteatlas.pipeline": ROOT / "pipeline",
}

#: Layers, lowest first: a module may import its own layer and those below. Within graph/ the
#: stages keep pipeline order. Modules with no imports of the package (version, gcpause,
#: progress) are leaves anyone may use.
LAYERS: list[tuple[str, ...]] = [
    (
        "noteatlas.version",
        "noteatlas.gcpause",
        "noteatlas.progress",
        "noteatlas.textsafe",
        "noteatlas.schema",
    ),
    ("noteatlas.graph.read", "noteatlas.graph"),
    ("noteatlas.graph.extract",),
    ("noteatlas.graph.prose",),
    ("noteatlas.graph.identify",),
    ("noteatlas.graph.edges",),
    ("noteatlas.graph.concepts",),
    ("noteatlas.graph.paper_nodes",),
    ("noteatlas.graph.documents",),
    ("noteatlas.query",),
    (
        "noteatlas.files",
        "noteatlas.staging",
        "noteatlas.errors",
        "noteatlas.atlasfile",
        "noteatlas.stored",
    ),
    ("noteatlas.atlas",),
    ("noteatlas.exporters", "noteatlas.linkcheck"),
    ("noteatlas.config",),
    ("noteatlas.pipeline",),
    ("noteatlas.watch", "noteatlas.server"),
    ("noteatlas.cli",),
    ("noteatlas.__main__", "noteatlas"),
]


def _modules() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for package, folder in FOLDERS.items():
        for path in folder.rglob("*.py"):
            if "templates" in path.parts or (
                package == "noteatlas" and path.parent != folder and path.parent.name != "cli"
            ):
                continue
            parts = path.relative_to(folder).with_suffix("").parts
            name = ".".join((package, *parts))
            found[name.removesuffix(".__init__")] = path
    return found


MODULES = _modules()


def _imports(name: str, path: Path) -> set[str]:
    """Modules of the package that ``name`` imports, anywhere in its body."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out: set[str] = set()
    for node in ast.walk(tree):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in MODULES else base
                       for a in node.names]  # fmt: skip
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", "") == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            targets = [str(node.args[0].value)]
        for target in targets:
            while target and target not in MODULES:
                target = target.rpartition(".")[0]
            if target and target != name:
                out.add(target)
    return out


GRAPH = {name: _imports(name, path) for name, path in MODULES.items()}


def _layer(name: str) -> int:
    best, rank = -1, -1
    for i, prefixes in enumerate(LAYERS):
        for prefix in prefixes:
            # The face ("noteatlas") is only itself: a new module of the package needs a layer.
            below = prefix != "noteatlas" and name.startswith(prefix + ".")
            if (name == prefix or below) and len(prefix) > best:
                best, rank = len(prefix), i
    assert rank >= 0, f"{name} is in no layer: add it to LAYERS"
    return rank


def test_every_module_has_a_layer() -> None:
    assert len(MODULES) > 80
    for name in MODULES:
        _layer(name)


def test_imports_point_down_the_pipeline() -> None:
    upward = sorted(
        f"{name} -> {target}"
        for name, targets in GRAPH.items()
        for target in targets
        if _layer(target) > _layer(name)
    )
    assert upward == []


def test_no_import_circle() -> None:
    """Tarjan's strongly connected components over every import: none larger than one module."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in GRAPH.get(node, ()):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                circles.append(sorted(group))

    for node in sorted(GRAPH):
        if node not in index:
            visit(node)
    assert circles == []


def test_graph_stages_never_import_the_face() -> None:
    face = {"noteatlas", "noteatlas.atlas", "noteatlas.errors", "noteatlas.config"}
    bad = sorted(
        f"{name} -> {target}"
        for name, targets in GRAPH.items()
        if name.startswith("noteatlas.graph")
        for target in targets
        if target in face or target.startswith("noteatlas.cli")
    )
    assert bad == []


@pytest.mark.parametrize("name", sorted(MODULES))
def test_modules_stay_small(name: str) -> None:
    """~400 lines is usually two ideas (STYLE.md); the few larger modules say why at the top."""
    text = MODULES[name].read_text(encoding="utf-8")
    lines = text.count("\n")
    assert lines <= 450 or "# size:" in text, f"{name}: {lines} lines and no '# size:' reason"


#: The explorer's browser modules (concatenated at export), held to the same rule.
SCRIPTS = sorted((ROOT / "exporters" / "templates").glob("*.js"))


@pytest.mark.parametrize("path", SCRIPTS, ids=[p.name for p in SCRIPTS])
def test_browser_modules_stay_small(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    lines = text.count("\n")
    assert lines <= 450 or "// size:" in text, (
        f"{path.name}: {lines} lines and no '// size:' reason"
    )


def test_the_browser_modules_are_found() -> None:
    assert len(SCRIPTS) >= 10


def _long_functions() -> list[str]:
    found = []
    for name, path in MODULES.items():
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines()
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                body = "\n".join(lines[node.lineno - 1 : node.lineno + 12])
                if length > 80 and "# long:" not in body:
                    found.append(f"{name}.{node.name}: {length} lines")
    return found


def test_functions_stay_short() -> None:
    """A function over ~80 lines says why near its top (``# long: ...``)."""
    assert _long_functions() == []


def test_every_package_is_installed() -> None:
    """A subpackage missing from pyproject's list is left out of the wheel (an installed
    noteatlas then fails with ModuleNotFoundError where the checkout works)."""
    import tomllib

    listed = set(
        tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]
    )
    packages = {name for name, path in MODULES.items() if path.name == "__init__.py"}
    assert packages - listed == set()
