"""Mind maps (markmap): by outline, by lineage from a root concept, or by year.

``to_mindmap`` builds a plain tree; ``to_markmap_markdown`` and ``to_markmap_json`` render it
(markmap shows ``content`` as HTML, so every text is escaped there and links are only http(s) or
relative ``.md``); ``write_mindmap`` writes ``mindmap.mm.md`` and ``mindmap.html``. The HTML inlines
d3 and markmap-view from ``node_modules`` (``make assets``) or, without them, loads the pinned
versions from jsDelivr and says so.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from noteatlas.atlas import Atlas
from noteatlas.exporters.mindmap_tree import MODES, MindNode, build_tree, safe_href
from noteatlas.files import write_text_atomic
from noteatlas.gcpause import paused_gc
from noteatlas.schema.errors import ConfigError

D3_VERSION = "7.9.0"
"""d3 version pinned in package.json (used for the CDN fallback)."""
MARKMAP_VIEW_VERSION = "0.18.12"
"""markmap-view version pinned in package.json (used for the CDN fallback)."""
CDN_SCRIPTS = (
    (
        f"https://cdn.jsdelivr.net/npm/d3@{D3_VERSION}/dist/d3.min.js",
        "sha384-CjloA8y00+1SDAUkjs099PVfnY2KmDC2BZnws9kh8D/lX1s46w6EPhpXdqMfjK6i",
    ),
    (
        f"https://cdn.jsdelivr.net/npm/markmap-view@{MARKMAP_VIEW_VERSION}/dist/browser/index.js",
        "sha384-p+gyhsDIg0RmvIKRr9BBGSyJ9NDDkiFsbilRwdZd20Q8mUL2v7e8+orY4pvTV52w",
    ),
)
"""Fallback script URLs with Subresource Integrity hashes of the pinned npm files."""

CDN_WARNING = (
    f"mindmap.html loads d3 {D3_VERSION} and markmap-view {MARKMAP_VIEW_VERSION} from "
    "cdn.jsdelivr.net, so it needs the network; run `make assets` (npm ci) and rebuild "
    "for an offline file."
)
"""What the CLI prints when mindmap.html will load its scripts from the CDN."""

MARKMAP_OPTIONS: dict[str, Any] = {
    "colorFreezeLevel": 2,
    "initialExpandLevel": -1,
    "maxWidth": 300,
    "duration": 300,
    "spacingHorizontal": 56,
    "spacingVertical": 6,
}
"""markmap JSON options: one colour per top-level branch, folds come from the tree itself."""


def markmap_options(mode: str) -> dict[str, Any]:
    """Options for one mode: lineage chains are deep, so their texts wrap sooner to fit a screen."""
    if mode == "lineage":
        return {**MARKMAP_OPTIONS, "maxWidth": 180, "spacingHorizontal": 40}
    return dict(MARKMAP_OPTIONS)


# The source checkout (where `make assets` runs npm ci) when installed in editable mode.
_SOURCE_ROOT = Path(__file__).resolve().parent.parent
# Where the build hook (setup.py -> scripts/jsassets.py) puts them in a wheel or an sdist.
_PACKAGED_ASSETS = Path(__file__).resolve().parent / "assets"


# -- escaping -------------------------------------------------------------------------------------

_MD_ESCAPE = re.compile(r"([\\`*_\[\]<>|~&$=#!])")
_MD_LIST_START = re.compile(r"^([+-]|\d+(?=[.)]))")


def markdown_text(text: str) -> str:
    """Text that Markdown (and markmap) shows literally: one line, no markup, no raw HTML."""
    flat = " ".join(text.replace("\x00", "\ufffd").split())
    escaped = _MD_ESCAPE.sub(r"\\\1", flat)
    # "- x" / "1. x" at the start of an item would open a nested list.
    match = _MD_LIST_START.match(escaped)
    if match:
        end = match.end()
        escaped = "\\" + escaped if match.group(1) in "+-" else escaped[:end] + "\\" + escaped[end:]
    return escaped


def _markdown_line(node: MindNode) -> str:
    text = markdown_text(node.text) or "(untitled)"
    href = safe_href(node.href)
    if href:
        dest = href.replace(" ", "%20").replace("<", "%3C").replace(">", "%3E")
        text = f"[{text}](<{dest}>)"
    if node.detail:
        text += f" · {markdown_text(node.detail)}"
    return text + (" <!-- markmap: fold -->" if node.fold and node.children else "")


def to_markmap_markdown(tree: MindNode, options: dict[str, Any] | None = None) -> str:
    """Valid markmap Markdown: front matter with markmap options, a heading root, nested lists."""
    lines = ["---", "markmap:"]
    chosen = MARKMAP_OPTIONS if options is None else options
    lines += [f"  {k}: {json.dumps(v)}" for k, v in chosen.items() if k != "duration"]
    lines += ["---", "", f"# {_markdown_line(tree)}", ""]
    # A concept's or paper's leaf is one object under every note that mentions it: render it once.
    done: dict[int, str] = {}

    def walk(node: MindNode, depth: int) -> None:
        indent = "  " * depth + "- "
        for child in node.children:
            line = done.get(id(child))
            if line is None:
                line = done[id(child)] = _markdown_line(child)
            lines.append(indent + line)
            if child.children:
                walk(child, depth + 1)

    walk(tree, 0)
    return "\n".join(lines) + "\n"


def _content(node: MindNode) -> str:
    text = html.escape(node.text or "(untitled)", quote=True)
    href = safe_href(node.href)
    if href:
        text = f'<a href="{html.escape(href, quote=True)}" target="_blank" rel="noopener noreferrer">{text}</a>'
    if node.detail:
        text += f'<span class="na-meta">{html.escape(node.detail, quote=True)}</span>'
    return text


def to_markmap_json(tree: MindNode) -> dict[str, Any]:
    """The tree as markmap-view's ``setData``/``Markmap.create`` expects: escaped HTML content."""
    return _markmap_json(tree, {})


def _markmap_json(tree: MindNode, done: dict[int, dict[str, Any]]) -> dict[str, Any]:
    # A node shared by many parents (a concept's leaf) becomes one dict, serialised at each place.
    out = done.get(id(tree))
    if out is not None:
        return out
    out = {
        "content": _content(tree),
        "children": [done.get(id(c)) or _markmap_json(c, done) for c in tree.children],
    }
    if tree.fold and tree.children:
        out["payload"] = {"fold": 1}
    done[id(tree)] = out
    return out


def count_nodes(tree: MindNode) -> int:
    """Number of nodes in the tree, root included."""
    return _count(tree, {})


def _count(tree: MindNode, done: dict[int, int]) -> int:
    # A shared subtree (a concept's leaf under every note) is counted once, then looked up.
    count = done.get(id(tree))
    if count is None:
        count = done[id(tree)] = 1 + sum(done.get(id(c)) or _count(c, done) for c in tree.children)
    return count


# -- assets ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MindmapAssets:
    """d3 and markmap-view as installed by npm, with their licences (kept with the inlined code)."""

    d3_js: Path
    """``node_modules/d3/dist/d3.min.js``."""
    d3_license: Path
    """d3's ISC licence."""
    d3_version: str
    """Installed d3 version."""
    markmap_js: Path
    """``node_modules/markmap-view/dist/browser/index.js`` (bundles markmap-common, d3-flextree)."""
    markmap_license: Path
    """markmap-view's MIT licence."""
    markmap_version: str
    """Installed markmap-view version."""


def _package_version(package_dir: Path) -> str:
    try:
        data = json.loads((package_dir / "package.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return "unknown"
    version = data.get("version") if isinstance(data, dict) else None
    return version if isinstance(version, str) else "unknown"


def find_assets(repo_or_dir: Path) -> MindmapAssets | None:
    """Locate the npm assets under a folder holding ``node_modules`` (or ``node_modules`` itself)."""
    base = Path(repo_or_dir)
    for modules in (base / "node_modules", base):
        d3, view = modules / "d3", modules / "markmap-view"
        d3_js, d3_license = d3 / "dist/d3.min.js", d3 / "LICENSE"
        view_js, view_license = view / "dist/browser/index.js", view / "LICENSE"
        if all(f.is_file() for f in (d3_js, d3_license, view_js, view_license)):
            return MindmapAssets(
                d3_js,
                d3_license,
                _package_version(d3),
                view_js,
                view_license,
                _package_version(view),
            )
    return None


def resolve_assets(assets_dir: Path | None = None) -> MindmapAssets | None:
    """The assets in ``assets_dir`` if given, else in the source checkout noteatlas runs from,
    else the ones bundled into the installed package."""
    if assets_dir is not None:
        return find_assets(assets_dir)
    return find_assets(_SOURCE_ROOT) or find_assets(_PACKAGED_ASSETS)


def assets_warning(assets_dir: Path | None = None) -> str | None:
    """What to tell the user when mindmap.html will need the network, else None."""
    return None if resolve_assets(assets_dir) is not None else CDN_WARNING


def _inline_script(name: str, version: str, license_text: str, code: str) -> str:
    notice = license_text.strip().replace("*/", "* /")
    body = f"/*! {name} {version}\n{notice}\n*/\n{code}"
    # Nothing inside may end the <script> element early.
    body = re.sub(r"</(script)", r"<\\/\1", body, flags=re.IGNORECASE).replace("<!--", "<\\!--")
    return f"<script>\n{body}\n</script>"


def script_tags(assets: MindmapAssets | None) -> tuple[str, str]:
    """The ``<script>`` elements for d3 and markmap-view, and a notice (empty when inlined)."""
    if assets is None:
        tags = "\n".join(
            f'<script src="{url}" integrity="{sri}" crossorigin="anonymous"></script>'
            for url, sri in CDN_SCRIPTS
        )
        notice = (
            '<p id="notice" role="status">This mind map loads d3 and markmap-view from '
            "cdn.jsdelivr.net, so it needs the network. Run <code>make assets</code> and rebuild "
            "to get a file that works offline.</p>"
        )
        return tags, notice

    def read(path: Path) -> str:
        return path.read_text(encoding="utf-8")

    tags = "\n".join(
        (
            _inline_script("d3", assets.d3_version, read(assets.d3_license), read(assets.d3_js)),
            _inline_script(
                "markmap-view (with markmap-common and d3-flextree)",
                assets.markmap_version,
                read(assets.markmap_license),
                read(assets.markmap_js),
            ),
        )
    )
    return tags, ""


def _script_json(data: Any) -> str:
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(char, escape)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def to_mindmap_html(
    tree: MindNode,
    *,
    title: str,
    assets: MindmapAssets | None,
    options: dict[str, Any] | None = None,
) -> str:
    """One HTML page drawing the tree with markmap-view; offline when ``assets`` are given."""
    template = resources.files("noteatlas.exporters").joinpath("templates/mindmap.html")
    scripts, notice = script_tags(assets)
    data = {"options": options or MARKMAP_OPTIONS, "root": to_markmap_json(tree)}
    values = {
        "title": html.escape(title, quote=True),
        "count": str(count_nodes(tree)),
        "notice": notice,
        "data": _script_json(data),
        "scripts": scripts,
    }
    # One pass, so a value that happens to contain "{{...}}" is never substituted again.
    return re.sub(r"\{\{(\w+)\}\}", lambda m: values[m.group(1)], template.read_text("utf-8"))


# -- the whole export -----------------------------------------------------------------------------


def to_mindmap(
    atlas: Atlas, mode: str = "outline", root: str | None = None, *, note_base: str = ""
) -> MindNode:
    """The mind map tree of an atlas; ConfigError for an unknown mode, NotFoundError for a root."""
    if mode not in MODES:
        raise ConfigError(
            f"Unknown mind map mode {mode!r}.", f"Modes must be one of {{{', '.join(MODES)}}}."
        )
    return build_tree(atlas, mode, root, note_base=note_base)


@dataclass(frozen=True)
class MindmapOutput:
    """What ``write_mindmap`` did."""

    paths: list[Path]
    """Files written."""
    inlined: bool
    """True when d3 and markmap-view are inlined (the page works offline)."""
    warning: str | None
    """Set when the page needs the network."""


def write_mindmap(
    atlas: Atlas,
    out_dir: Path,
    *,
    mode: str = "outline",
    root: str | None = None,
    note_base: str = "",
    assets_dir: Path | None = None,
) -> MindmapOutput:
    """Write ``mindmap.mm.md`` and ``mindmap.html`` into ``out_dir``."""
    # A big atlas holds millions of objects and a map frees none of them: no full collection
    # (often the first one after loading) walks them all meanwhile.
    with paused_gc():
        tree = to_mindmap(atlas, mode, root, note_base=note_base)
        assets = resolve_assets(assets_dir)
        out = Path(out_dir)
        md_path, html_path = out / "mindmap.mm.md", out / "mindmap.html"
        options = markmap_options(mode)
        write_text_atomic(md_path, to_markmap_markdown(tree, options))
        try:
            page = to_mindmap_html(tree, title=tree.text, assets=assets, options=options)
        except (OSError, UnicodeDecodeError):
            assets = None  # unreadable node_modules: fall back to the CDN page, and say so
            page = to_mindmap_html(tree, title=tree.text, assets=None, options=options)
        write_text_atomic(html_path, page)
        warning = None if assets else CDN_WARNING
    return MindmapOutput([md_path, html_path], assets is not None, warning)


__all__ = [
    "CDN_SCRIPTS",
    "CDN_WARNING",
    "D3_VERSION",
    "MARKMAP_OPTIONS",
    "MARKMAP_VIEW_VERSION",
    "MindNode",
    "MindmapAssets",
    "MindmapOutput",
    "assets_warning",
    "count_nodes",
    "find_assets",
    "markdown_text",
    "markmap_options",
    "resolve_assets",
    "script_tags",
    "to_markmap_json",
    "to_markmap_markdown",
    "to_mindmap",
    "to_mindmap_html",
    "write_mindmap",
]
