"""The explorer: one self-contained, offline HTML page to browse the atlas as a timeline or a graph.

How much of pyvis we use, and why:

- **vis-network** comes from the installed pyvis package (``pyvis/lib/vis-9.1.2``): its script and
  stylesheet are read at export time and inlined, so the page needs no network. They are never
  copied into this repository. The package is found, not imported: importing pyvis imports
  IPython, jinja2 and networkx (0.3 s, a quarter of a small build).
- **Global options** are what a ``pyvis.network.Network`` makes for our settings (physics solver,
  smoothing, drag behaviour), written out (``pyvis_options``; a test builds the same ``Network``
  and compares). Per-item option dicts are not used: a 10,000-note atlas has 700,000 edges,
  and one dict each made the page 135 MB. The page data is compact columns instead
  (``explorer_data.py``), and the page makes a vis-network item (shaped as ``pyvis.node.Node`` /
  ``pyvis.edge.Edge`` make them) only for what it draws, when it first draws it: the first view
  creates the nodes the timeline draws one by one and the edges between them, no more. We never call
  ``from_nx`` (it mutates the graph) nor ``Network.add_node``/``add_edge`` (quadratic).
- **Not pyvis's template or its modes.** ``cdn_resources="local"`` still loads vis-network from a
  CDN and ``"in_line"`` still loads Bootstrap; and its template turns every tooltip into
  ``innerHTML`` as soon as one ``title`` contains ``href``. Our own template (``templates/``) puts
  the data into a ``<script type="application/json">`` block with ``<``, ``>``, ``&``, U+2028 and
  U+2029 escaped, and its script builds every DOM string with ``textContent``. The data carries no
  tooltips (vis-network's ``title``): the page makes plain-text ones, which vis-network 9 sets with
  ``innerText``.
  Options are built here from fixed tables, never from note text.

What the page does for readability: the first view is the user's collection (concepts a note
mentions, papers, notes; typed relations a note states, faint). The timeline is drawn in screen
pixels with a level of detail: periods from decades to weeks as deep as the data is dated, and
where nodes would overlap, a bin with its count and its most prominent nodes (``explorer_layout.js``);
zooming is the page's own, in time. Node labels are drawn by the page, not by vis-network
(whose labels scale with the zoom and overlap freely), at a legible size, what the notes stress
most first, never colliding; a clicked node's neighbourhood or a path is redrawn over a white
wash. The free layout settles with forceAtlas2Based in a bounded run. The path box gives the
steps ``noteatlas path`` gives (``templates/explorer_path.js`` walks as ``query/paths.py`` does,
with its costs, relation order and length limit from the page's config).

The page's script is small modules by concern (``SCRIPTS`` lists them in their order), inlined
into one ``<script>``. Between Python and the page, every key of the data has a name, written
down once in ``explorer_contract``: the page checks its data against it before reading anything.
"""

from __future__ import annotations

import html
import importlib.util
import inspect
import json
import re
from collections.abc import Iterator, Mapping
from importlib import resources
from pathlib import Path
from typing import Any

from noteatlas.atlas import Atlas
from noteatlas.exporters.explorer_contract import embedded_schema
from noteatlas.exporters.explorer_data import (
    DEFAULT_EDGE_KINDS,
    DEFAULT_NODE_KINDS,
    EDGE_KINDS,
    LARGE_GRAPH,
    METHODS,
    explorer_records,
)
from noteatlas.exporters.explorer_nodes import CATEGORIES, GROUPS
from noteatlas.exporters.explorer_style import (
    BACKWARDS_COLOUR,
    ERAS,
    GROUP_STYLES,
    LANE_OF_GROUP,
    LANES,
    edge_family,
    edge_style,
)
from noteatlas.exporters.jsonpieces import json_pieces
from noteatlas.exporters.notelinks import NoteLinks
from noteatlas.exporters.options import DEFAULT_OPTIONS, ExportOptions
from noteatlas.files import write_bytes_atomic
from noteatlas.gcpause import paused_gc
from noteatlas.query.paths import PATH_COST, STATED_KINDS, TELLING
from noteatlas.query.paths import path as query_path
from noteatlas.schema import ConceptKind, EdgeKind, NodeKind
from noteatlas.schema.errors import OutputError

#: Where pyvis keeps the vis-network build we inline.
VIS_DIR = "lib/vis-9.1.2"

#: The path box finds what ``noteatlas path`` finds (``templates/explorer_path.js`` walks the
#: same way): the same costs, the same choice of relation for a stated lineage, the same length.
PATH_MAX_LEN: int = inspect.signature(query_path).parameters["max_len"].default

#: vis-network draws a node label only when its size on screen reaches this many pixels: never.
LABEL_DRAW_THRESHOLD = 10_000

_FONT_STACK = '"Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", "Segoe UI", sans-serif'
_NODE_KIND_GROUPS = frozenset(k.value for k in NodeKind)
#: The page's scripts (``templates/``), inlined in this order into one ``<script>``: each module
#: hangs its exports on the one global namespace (``noteatlas.modules``) that the first makes, and
#: names the modules before it only; the main module makes them and starts the page.
SCRIPTS: tuple[str, ...] = (
    "explorer_contract.js",  # the namespace, and the data checked against the contract
    "explorer_data.js",  # the data decoded into node records and edge tables
    "explorer_path.js",  # the path finder (noteatlas path's walk)
    "explorer_state.js",  # filters, selection, path, layout; which nodes and edges are on
    "explorer_axis.js",  # the timeline's periods and where each node sits in time
    "explorer_layout.js",  # the timeline's lanes and level of detail; the free layout's seeds
    "explorer_dom.js",  # text-only DOM helpers
    "explorer_graph.js",  # the vis-network items, data sets and views; moving nodes
    "explorer_camera.js",  # fitting and focusing the view
    "explorer_draw.js",  # bands, focus and year axis around the graph
    "explorer_labels.js",  # node labels that never collide
    "explorer_details.js",  # the selection and the details card
    "explorer_search.js",  # search and suggestions
    "explorer_pathbox.js",  # the path box
    "explorer_controls.js",  # the filters panel and view controls
    "explorer_main.js",  # start: make the modules, draw, the page's API
)
_TITLE = "noteatlas explorer"
#: Levels of the page's data ``jsonpieces`` opens: the payload and its records (a column each).
_DATA_DEPTH = 2
_PLACEHOLDER = re.compile(r"\{\{ (\w+) \}\}")
_SCRIPT_ESCAPES = (
    ("<", "\\u003c"),
    (">", "\\u003e"),
    ("&", "\\u0026"),
    ("\u2028", "\\u2028"),
    ("\u2029", "\\u2029"),
)


def script_json(value: Any) -> str:
    """JSON that is safe inside ``<script type="application/json">``: no ``</script>`` can form."""
    text = json.dumps(value, ensure_ascii=True, separators=(",", ":"))
    for char, escape in _SCRIPT_ESCAPES:  # str.replace is many times faster than str.translate
        text = text.replace(char, escape)
    return text


def _inline_safe(code: str, tag: str) -> str:
    """Library code inlined in a ``<script>``/``<style>`` must not close its element early."""
    return re.sub(rf"</({tag})", r"<\\/\1", code, flags=re.IGNORECASE).replace("<!--", "<\\!--")


def vis_assets() -> tuple[str, str]:
    """vis-network's script and stylesheet from the installed pyvis package (found, not
    imported)."""
    spec = importlib.util.find_spec("pyvis")
    folders = list(spec.submodule_search_locations or []) if spec is not None else []
    base = Path(folders[0] if folders else "pyvis").joinpath(VIS_DIR)
    try:
        js = base.joinpath("vis-network.min.js").read_text(encoding="utf-8")
        css = base.joinpath("vis-network.css").read_text(encoding="utf-8")
    except OSError as exc:
        raise OutputError(
            f"Cannot read vis-network from the pyvis package ({VIS_DIR}): {exc.strerror or exc}.",
            "Install pyvis 0.3.2, which ships vis-network 9.1.2: pip install 'pyvis==0.3.2'.",
        ) from None
    return js, css


def _template(name: str) -> str:
    return resources.files("noteatlas.exporters").joinpath("templates", name).read_text("utf-8")


#: What ``pyvis_options`` sets on a ``pyvis.network.Network``: forceAtlas2Based's linear
#: repulsion and degree-weighted mass spread hubs apart instead of packing them into one blob;
#: enough central gravity keeps unlinked nodes close by.
FORCE_ATLAS = {
    "gravity": -70,
    "central_gravity": 0.012,
    "spring_length": 70,
    "spring_strength": 0.07,
    "damping": 0.55,
    "overlap": 0.5,
}
#: A light curve keeps opposite edges and edges along a timeline column apart without the
#: sweeping arcs that cross the whole canvas; big graphs draw straight.
EDGE_CURVE = ("curvedCW", 0.12)


def pyvis_options(large: bool) -> dict[str, Any]:
    """The options ``pyvis.network.Network(directed=True)`` gives (pyvis 0.3.2) after
    ``force_atlas_2based(**FORCE_ATLAS)``, ``toggle_physics(False)`` (the timeline comes first;
    the free layout turns physics on), ``toggle_stabilization(False)`` (the page runs a bounded
    one itself and fits the view its own way), ``set_edge_smooth`` with ``EDGE_CURVE`` (off when
    ``large``), ``inherit_colors(False)`` and ``toggle_hide_edges_on_drag(large)``, minus
    ``configure``. Written out so a build never imports pyvis; tests/test_explorer.py makes the
    ``Network`` and compares."""
    fa = FORCE_ATLAS
    curve, roundness = EDGE_CURVE
    return {
        "edges": {
            "color": {"inherit": False},
            "smooth": {"enabled": not large, "roundness": roundness, "type": curve},
        },
        "interaction": {"dragNodes": True, "hideEdgesOnDrag": large, "hideNodesOnDrag": False},
        "physics": {
            "enabled": False,
            "forceAtlas2Based": {
                "avoidOverlap": fa["overlap"],
                "centralGravity": fa["central_gravity"],
                "damping": fa["damping"],
                "gravitationalConstant": fa["gravity"],
                "springConstant": fa["spring_strength"],
                "springLength": fa["spring_length"],
            },
            "solver": "forceAtlas2Based",
            "stabilization": {
                "enabled": False,
                "fit": True,
                "iterations": 1000,
                "onlyDynamicEdges": False,
                "updateInterval": 50,
            },
        },
    }


def vis_options(large: bool) -> dict[str, Any]:
    """vis-network's global options: pyvis's (``pyvis_options``), then adjusted."""
    options = pyvis_options(large)
    options["layout"] = {"improvedLayout": False, "randomSeed": 7}
    options["physics"]["stabilization"]["fit"] = False
    options["physics"]["minVelocity"] = 1.0
    options["interaction"].update(
        {"hover": True, "tooltipDelay": 150, "multiselect": False, "zoomSpeed": 0.6}
    )
    options["nodes"] = {
        # A border (the fill's own colour but on hover) is one more stroke per node and frame:
        # big graphs go without (the hovered node's label still turns bold).
        "borderWidth": 0 if large else 1,
        "font": {"face": _FONT_STACK, "size": 13, "color": "#1f2937", "strokeWidth": 3},
        # The page draws node labels itself, at a legible screen size, most important first and
        # never on top of each other; vis-network's own labels (same size on the canvas at any
        # zoom, drawn whether they collide or not) never reach this threshold.
        "scaling": {"label": {"enabled": False, "drawThreshold": LABEL_DRAW_THRESHOLD}},
    }
    options["edges"]["arrows"] = {"to": {"enabled": False, "scaleFactor": 0.45}}
    options["edges"]["selectionWidth"] = 1.5
    options["groups"] = {
        group: {
            "shape": shape,
            "size": 9 if group == NodeKind.PAPER.value else 8 if group in _NODE_KIND_GROUPS else 12,
            "color": {
                "background": colour,
                "border": colour,
                "highlight": {"background": colour, "border": "#111827"},
                "hover": {"background": colour, "border": "#111827"},
            },
        }
        for group, (colour, shape) in GROUP_STYLES.items()
    }
    return options


def _config(counts: dict[str, Any], large: bool) -> dict[str, Any]:
    """Everything the page needs besides the data: eras, lanes, legend, filters and defaults
    (``explorer_contract.CONFIG`` documents each key)."""
    node_kinds, groups, edge_kinds = counts["kinds"], counts["groups"], counts["edgeKinds"]
    concept_groups = [k.value for k in ConceptKind]
    return {
        "large": large,
        "groupKeys": list(GROUPS),
        "conceptGroups": concept_groups,
        "methods": [m.value for m in METHODS],
        "categories": [c.value for c in CATEGORIES],
        "eras": [{"from": a, "to": b, "label": label} for a, b, label in ERAS],
        "lanes": [{"key": key, "label": label} for key, label in LANES],
        "laneOf": LANE_OF_GROUP,
        "nodeKinds": [
            {
                "kind": k.value,
                "count": node_kinds.get(k.value, 0),
                "shown": k in DEFAULT_NODE_KINDS,
            }
            for k in NodeKind
        ],
        "groups": [
            {
                "group": g,
                "colour": colour,
                "shape": shape,
                "count": groups[g],
                "concept": g in concept_groups,
            }
            for g, (colour, shape) in GROUP_STYLES.items()
            if groups.get(g)
        ],
        "edgeKinds": [_edge_kind(k, edge_kinds.get(k.value, 0)) for k in EDGE_KINDS],
        "pathCost": {k.value: cost for k, cost in PATH_COST.items()},
        "telling": [k.value for k in TELLING],
        "pathMaxLen": PATH_MAX_LEN,
        "pathStated": sorted(k.value for k in STATED_KINDS),
        "backwardsColour": BACKWARDS_COLOUR,
        "font": _FONT_STACK,
    }


def _edge_kind(kind: EdgeKind, count: int) -> dict[str, Any]:
    style = edge_style(kind)
    return {
        "kind": kind.value,
        "family": edge_family(kind),
        "count": count,
        "shown": kind in DEFAULT_EDGE_KINDS,
        "colour": style["color"],
        "width": style["width"],
        "dashes": style["dashes"],
    }


def to_explorer(
    atlas: Atlas,
    *,
    link_status: Mapping[str, str] | None = None,
    title: str = _TITLE,
    note_base: str = "",
    link_base: str = "",
) -> str:
    """The explorer page for an atlas, as HTML text. Pure: reads the atlas, changes nothing.

    ``link_status`` maps normalised URLs to their last check result (``ok``, ``broken`` ...);
    the "notes and lines" of the details panel link to the Markdown files through ``link_base``
    (a published base, see ``notelinks.check_link_base``) if given, else through ``note_base``,
    the path from the output folder to the corpus root (the page's own folder when empty).
    """
    # Millions of objects live in a big atlas and these columns free none: a full collection
    # here (the first one after loading, often) would walk them all for nothing.
    with paused_gc():
        return "".join(_page(atlas, link_status or {}, title, note_base, link_base))


def _page(
    atlas: Atlas, link_status: Mapping[str, str], title: str, note_base: str, link_base: str
) -> Iterator[str]:
    """``to_explorer`` in pieces, its data a column at a time (``jsonpieces``): at 10,000 notes
    the data is 20 MB of JSON, which was held with its escaped copies, the page and its bytes."""
    # A relative link keeps its letters readable; a published base gets the mind map's links.
    links = NoteLinks.choose(note_base or ".", link_base, readable=True)
    document = atlas.parts
    records = explorer_records(document, link_status, links)
    large = len(records["nodes"]["id"]) > LARGE_GRAPH
    payload = {
        "root": document.root,
        "generator": document.generator,
        "nodes": records["nodes"],
        "edges": records["edges"],
        "files": records["files"],
        "hrefPrefix": records["hrefPrefix"],
        "fileHrefs": records["fileHrefs"],
        "tags": records["tags"],
        "snippets": records["snippets"],
        "nameKeys": records["nameKeys"],
        "options": vis_options(large),
        "config": _config(records["counts"], large),
    }
    vis_js, vis_css = vis_assets()
    parts = {
        "title": html.escape(title, quote=True),
        "vis_css": _inline_safe(vis_css, "style"),
        "css": _inline_safe(_template("explorer.css"), "style"),
        "contract": script_json(embedded_schema()),
        "vis_js": _inline_safe(vis_js, "script"),
        "js": _inline_safe("\n".join(_template(name) for name in SCRIPTS), "script"),
    }
    # What _PLACEHOLDER.sub would give, the data written as it is made.
    for i, part in enumerate(_PLACEHOLDER.split(_template("explorer.html"))):
        if i % 2 == 0:
            yield part
        elif part == "data":
            yield from json_pieces(payload, script_json, _DATA_DEPTH)
        else:
            yield parts[part]


def write_explorer(atlas: Atlas, out: Path, options: ExportOptions = DEFAULT_OPTIONS) -> list[Path]:
    """Write ``explorer.html`` into ``out`` as UTF-8, atomically (see ``to_explorer``)."""
    path = Path(out) / "explorer.html"
    with paused_gc():  # as in to_explorer, the page written as it is made
        pieces = _page(atlas, options.link_status or {}, _TITLE, options.note_base,
                       options.link_base)  # fmt: skip
        write_bytes_atomic(path, (piece.encode("utf-8") for piece in pieces))
    return [path]
