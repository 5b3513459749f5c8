"""Mind maps (markmap): the concept map (default), the outline, a lineage, or years.

``to_mindmap`` builds a plain tree; ``to_markmap_markdown`` and ``to_markmap_json`` render it
(markmap shows ``content`` as HTML, so every text is escaped there and links are only http(s),
``obsidian:`` from ``--link-base``, or relative ``.md``); ``write_mindmap`` writes ``mindmap.mm.md``
(the chosen mode) and ``mindmap.html`` (the chosen mode first, the concept map and the outline a
click away). The HTML inlines d3 and markmap-view from ``node_modules`` (``make assets``) or,
without them, loads the pinned versions from jsDelivr and says so.

Readability: a map opens with two or three levels (as many as fit a 1440×900 window) and the page
never shrinks text below its CSS size to fit a big tree: it pans instead.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from noteatlas.atlas import Atlas
from noteatlas.exporters.jsonpieces import json_pieces
from noteatlas.exporters.mindmap_nodes import MindNode
from noteatlas.exporters.mindmap_render import (
    VIEW,
    count_nodes,
    markmap_options,
    to_markmap_json,
    to_markmap_markdown,
)
from noteatlas.exporters.mindmap_tree import (
    DEFAULT_MODE,
    MODE_LABELS,
    MindMap,
    build_map,
    check_mode,
)
from noteatlas.exporters.notelinks import NoteLinks
from noteatlas.exporters.options import DEFAULT_OPTIONS, ExportOptions
from noteatlas.files import write_bytes_atomic, write_text_atomic
from noteatlas.gcpause import paused_gc

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

# The source checkout (where `make assets` runs npm ci) when installed in editable mode.
_SOURCE_ROOT = Path(__file__).resolve().parent.parent
# Where the build hook (setup.py -> scripts/jsassets.py) puts them in a wheel or an sdist.
_PACKAGED_ASSETS = Path(__file__).resolve().parent / "assets"


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


#: Levels of containers ``_script_json_pieces`` opens: deep enough that one piece is one note of
#: the outline (page data, root, its children, a folder, its children), its headings whole.
_PIECE_DEPTH = 6


def _script_json_pieces(data: Any, depth: int = _PIECE_DEPTH) -> Iterator[str]:
    """``_script_json(data)`` in pieces (``jsonpieces``): the JSON of the outline of 10,000
    notes is never held whole."""
    return json_pieces(data, _script_json, depth, sort_keys=True)


def _map_data(chosen: MindMap, options: dict[str, Any] | None) -> dict[str, Any]:
    return {
        "mode": chosen.mode,
        "label": MODE_LABELS.get(chosen.mode, chosen.mode),
        "notice": chosen.notice,
        "count": count_nodes(chosen.tree),
        "options": options or markmap_options(chosen.mode, chosen.tree),
        "root": to_markmap_json(chosen.tree),
    }


def to_mindmap_html(
    maps: MindNode | Sequence[MindMap],
    *,
    title: str,
    assets: MindmapAssets | None,
    options: dict[str, Any] | None = None,
) -> str:
    """One HTML page drawing the maps with markmap-view (the first at once, the others behind the
    mode buttons); offline when ``assets`` are given. A bare tree is one outline map; ``options``
    override the first map's."""
    return "".join(_html_pieces(maps, title, script_tags(assets), options))


def _html_pieces(
    maps: MindNode | Sequence[MindMap],
    title: str,
    tags: tuple[str, str],
    options: dict[str, Any] | None = None,
) -> Iterator[str]:
    """``to_mindmap_html`` in pieces, one map's data at a time: on 10,000 notes the page is
    70 MB, and the data of every map, its JSON and the page held at once took 300 MB."""
    chosen = [MindMap("outline", maps)] if isinstance(maps, MindNode) else list(maps)
    template = resources.files("noteatlas.exporters").joinpath("templates/mindmap.html")
    scripts, notice = tags
    values = {
        "title": html.escape(title, quote=True),
        "count": str(count_nodes(chosen[0].tree)),
        "notice": notice,
        "scripts": scripts,
    }
    # One pass, so a value that happens to contain "{{...}}" is never substituted again.
    parts = re.split(r"\{\{(\w+)\}\}", template.read_text("utf-8"))
    for i, part in enumerate(parts):
        if i % 2 == 0:
            yield part
        elif part == "data":
            yield from _data_pieces(chosen, options)
        else:
            yield values[part]


def _data_pieces(chosen: Sequence[MindMap], options: dict[str, Any] | None) -> Iterator[str]:
    """``_script_json({"maps": [...], "view": VIEW})``, a map at a time (its keys sort so)."""
    yield '{"maps":['
    for i, chosen_map in enumerate(chosen):
        if i:
            yield ","
        yield from _script_json_pieces(_map_data(chosen_map, options if i == 0 else None))
    yield '],"view":' + _script_json(VIEW) + "}"


# -- the whole export -----------------------------------------------------------------------------


def to_mindmap(
    atlas: Atlas,
    mode: str = DEFAULT_MODE,
    root: str | None = None,
    *,
    note_base: str = "",
    link_base: str = "",
) -> MindNode:
    """The mind map tree of an atlas; ConfigError for an unknown mode or a bad ``link_base``,
    NotFoundError for a root. Notes link through ``link_base`` if given, else ``note_base``."""
    check_mode(mode)
    return build_map(atlas, mode, root, NoteLinks.choose(note_base, link_base)).tree


def page_maps(
    atlas: Atlas, mode: str, root: str | None = None, links: NoteLinks | None = None
) -> list[MindMap]:
    """The maps of the page: the chosen mode first, then the concept map and the outline (each
    once; a concept map that fell back to the outline is not offered again)."""
    first = build_map(atlas, mode, root, links)
    maps = [first]
    for other in ("concepts", "outline"):
        if all(m.mode != other for m in maps) and other != mode:
            extra = build_map(atlas, other, None, links)
            if extra.mode == other:
                maps.append(extra)
    return maps


@dataclass(frozen=True)
class MindmapOutput:
    """What ``write_mindmap_output`` did."""

    paths: list[Path]
    """Files written."""
    inlined: bool
    """True when d3 and markmap-view are inlined (the page works offline)."""
    warning: str | None
    """Set when the page needs the network."""
    mode: str = DEFAULT_MODE
    """The mode drawn first (``outline`` when it stood in for a concept map)."""
    notice: str = ""
    """What the page says above that map, e.g. why the outline stands in."""


def write_mindmap_output(
    atlas: Atlas, out: Path, options: ExportOptions = DEFAULT_OPTIONS
) -> MindmapOutput:
    """Write ``mindmap.mm.md`` (the chosen mode) and ``mindmap.html`` (it, then the other maps)
    into ``out``; what was written and how. Notes link through ``options.link_base`` if given,
    else ``options.note_base``."""
    mode, root, assets_dir = options.mindmap_mode, options.mindmap_root, options.assets_dir
    check_mode(mode)
    links = NoteLinks.choose(options.note_base, options.link_base)
    # A big atlas holds millions of objects and a map frees none of them: no full collection
    # (often the first one after loading) walks them all meanwhile.
    with paused_gc():
        maps = page_maps(atlas, mode, root, links)
        first = maps[0]
        assets = resolve_assets(assets_dir)
        out = Path(out)
        md_path, html_path = out / "mindmap.mm.md", out / "mindmap.html"
        view = markmap_options(first.mode, first.tree)
        write_text_atomic(md_path, to_markmap_markdown(first.tree, view))
        try:
            tags = script_tags(assets)
        except (OSError, UnicodeDecodeError):
            assets = None  # unreadable node_modules: fall back to the CDN page, and say so
            tags = script_tags(None)
        pieces = _html_pieces(maps, first.tree.text, tags)
        write_bytes_atomic(html_path, (piece.encode("utf-8") for piece in pieces))
        warning = None if assets else CDN_WARNING
    return MindmapOutput(
        [md_path, html_path], assets is not None, warning, first.mode, first.notice
    )


def write_mindmap(atlas: Atlas, out: Path, options: ExportOptions = DEFAULT_OPTIONS) -> list[Path]:
    """``write_mindmap_output``, returning only the files written (the registry's shape)."""
    return write_mindmap_output(atlas, out, options).paths


__all__ = [
    "CDN_SCRIPTS",
    "CDN_WARNING",
    "D3_VERSION",
    "MARKMAP_VIEW_VERSION",
    "MindmapAssets",
    "MindmapOutput",
    "assets_warning",
    "find_assets",
    "page_maps",
    "resolve_assets",
    "script_tags",
    "to_mindmap",
    "to_mindmap_html",
    "write_mindmap",
    "write_mindmap_output",
]
