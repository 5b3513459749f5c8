"""The explorer's data: plain records for every node and edge, safe links, and the view's defaults.

Nothing here knows about pyvis or HTML; ``explorer.py`` turns these records into vis-network option
dicts and a page. Every string that came from a note stays a plain value here: escaping for the page
happens once, when the records are serialised into a ``<script type="application/json">`` block.
"""

from __future__ import annotations

import hashlib
import math
import unicodedata
from collections import defaultdict
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from noteatlas.exporters.explorer_style import edge_family
from noteatlas.schema import (
    RELATION_KINDS,
    AssetNode,
    AtlasDocument,
    ConceptNode,
    EdgeKind,
    NodeKind,
    NoteNode,
    PaperNode,
    ResourceNode,
    TagNode,
)

#: Node kinds drawn when the page opens. Notes, resources, assets and tags are one tick away: a big
#: corpus has thousands of them, and the first draw must stay fast.
DEFAULT_NODE_KINDS: frozenset[NodeKind] = frozenset({NodeKind.CONCEPT, NodeKind.PAPER})

#: Edge kinds drawn when the page opens: typed relations only. Derived kinds (co_mentioned ...) and
#: document kinds (mentions, cites, links_to ...) outnumber them ten to one and turn the first view
#: into a hairball; each is one tick away.
DEFAULT_EDGE_KINDS: frozenset[EdgeKind] = RELATION_KINDS

#: Above this many nodes the page starts with physics off and positions computed here.
LARGE_GRAPH = 1000

# Kinds whose arrow points forward in time (source is earlier) ...
_FORWARD_KINDS = frozenset({EdgeKind.PRECEDES, EdgeKind.PREREQUISITE_OF, EdgeKind.LEADS_TO})
# ... and kinds whose arrow points back to an older idea (source builds on target).
_BUILDS_ON_KINDS = frozenset(
    {EdgeKind.BASED_ON, EdgeKind.IMPROVES_ON, EdgeKind.VARIANT_OF, EdgeKind.USES}
)

_MD_SUFFIXES = (".md", ".markdown")
# Characters that would change what a relative URL means (or are invisible) get percent-encoded.
_URL_UNSAFE = frozenset('%#?:"<>\\^`{|}[] ')


def safe_href(url: str | None) -> str | None:
    """The URL when it may become a link (absolute http/https with a host), else None.

    ``javascript:``, ``data:``, ``file:`` and anything unparsable never become links.
    """
    if not url:
        return None
    url = url.strip()
    if any(unicodedata.category(c)[0] in "CZ" for c in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return url


def _encode_segment(segment: str) -> str:
    out: list[str] = []
    for ch in segment:
        if ch in _URL_UNSAFE or unicodedata.category(ch)[0] in "CZ":
            out.extend(f"%{b:02X}" for b in ch.encode("utf-8"))
        else:
            out.append(ch)
    return "".join(out)


def note_href(note_base: str, path: str) -> str | None:
    """Relative link from the explorer to a Markdown file of the corpus, or None for other files.

    Each segment is percent-encoded only where needed (``#``, ``?``, ``:``, ``%``, spaces ...), so
    no path can turn into a scheme, a query or a fragment; Chinese stays readable.
    """
    if not path.lower().endswith(_MD_SUFFIXES):
        return None
    base = [s for s in note_base.replace("\\", "/").split("/") if s not in ("", ".")]
    rel = [s for s in path.replace("\\", "/").split("/") if s not in ("", ".")]
    if not rel:
        return None
    href = "/".join(_encode_segment(s) for s in [*base, *rel])
    if note_base.startswith("/"):
        href = "/" + href
    return href


def node_year(node: Any) -> int | None:
    """The year a node sits at on the timeline: concepts and papers only."""
    if isinstance(node, ConceptNode | PaperNode):
        return node.year
    return None


def node_group(node: Any) -> str:
    """Legend group: the concept kind for concepts, the node kind otherwise."""
    if isinstance(node, ConceptNode):
        return node.concept_kind.value
    return str(node.kind.value)


def is_backwards(kind: EdgeKind, source_year: int | None, target_year: int | None) -> bool:
    """True when a chronological edge points against time (``A precedes B`` with A after B ...)."""
    if source_year is None or target_year is None:
        return False
    if kind in _FORWARD_KINDS:
        return source_year > target_year
    if kind in _BUILDS_ON_KINDS:
        return source_year < target_year
    return False


def default_visible(document: AtlasDocument) -> list[str]:
    """Ids of the nodes drawn when the page opens (the default filters hide by node kind only)."""
    return [n.id for n in document.nodes if n.kind in DEFAULT_NODE_KINDS]


def default_visible_edges(document: AtlasDocument) -> list[int]:
    """Indices (in ``document.edges``) of the edges drawn when the page opens.

    An edge is drawn when its kind is on by default and both its ends are drawn.
    """
    shown = set(default_visible(document))
    return [
        i
        for i, e in enumerate(document.edges)
        if e.kind in DEFAULT_EDGE_KINDS and e.source in shown and e.target in shown
    ]


def _status_of(url: str, link_status: Mapping[str, str], fallback: str | None) -> str | None:
    status = link_status.get(url)
    if status is None:
        status = link_status.get(url.split("#", 1)[0])
    return status if status is not None else fallback


def _links(urls: list[str], link_status: Mapping[str, str], fallback: str | None) -> list[Any]:
    """``[text, href or None, status or None]`` per URL: unsafe URLs stay text."""
    return [[u, safe_href(u), _status_of(u, link_status, fallback)] for u in urls]


def _node_tags(document: AtlasDocument) -> dict[str, set[str]]:
    tags: dict[str, set[str]] = defaultdict(set)
    for node in document.nodes:
        if isinstance(node, NoteNode):
            tags[node.id].update(t.strip().lstrip("#").lower() for t in node.tags if t.strip())
        elif isinstance(node, TagNode):
            tags[node.id].add(node.name)
    names = {n.id: n.name for n in document.nodes if isinstance(n, TagNode)}
    for edge in document.edges:
        if edge.kind == EdgeKind.TAGGED and edge.target in names:
            tags[edge.source].add(names[edge.target])
    # Concepts take the tags of the notes that define them; papers those of what they introduce.
    for edge in document.edges:
        if edge.kind == EdgeKind.DEFINES:
            tags[edge.target].update(tags.get(edge.source, ()))
    for edge in document.edges:
        if edge.kind == EdgeKind.INTRODUCES:
            tags[edge.source].update(tags.get(edge.target, ()))
    return tags


def _seed_position(node_id: str, year: float | None, spread: float) -> tuple[float, float]:
    """Free-layout start: x from the year, y spread by a stable hash (no randomness)."""
    digest = hashlib.blake2b(node_id.encode("utf-8"), digest_size=8).digest()
    u = int.from_bytes(digest[:4], "big") / 2**32
    v = int.from_bytes(digest[4:], "big") / 2**32
    x = (year - 2000.0) * 60.0 if year is not None else (u - 0.5) * spread
    return round(x + (v - 0.5) * 40.0, 1), round((u - 0.5) * spread, 1)


def node_records(
    document: AtlasDocument,
    link_status: Mapping[str, str],
    files: dict[str, int],
    tags: dict[str, set[str]],
    tag_index: dict[str, int],
) -> list[dict[str, Any]]:
    """One record per node, in document order: what the page draws, searches and explains.

    Keys are short because a big corpus has tens of thousands of them; empty values are left out.
    ``files`` maps corpus paths to their index in the page's file table and grows as paths appear.
    """
    degree: dict[str, int] = defaultdict(int)
    years = {n.id: node_year(n) for n in document.nodes}
    neighbour_years: dict[str, list[int]] = defaultdict(list)
    for edge in document.edges:
        degree[edge.source] += 1
        degree[edge.target] += 1
        for a, b in ((edge.source, edge.target), (edge.target, edge.source)):
            year = years.get(b)
            if year is not None and years.get(a) is None:
                neighbour_years[a].append(year)
    spread = 400.0 + 30.0 * math.sqrt(len(document.nodes))
    records: list[dict[str, Any]] = []
    seen: set[str] = set()
    for node in document.nodes:
        if node.id in seen:  # a hand-edited atlas.json may repeat an id; the page needs it once
            continue
        seen.add(node.id)
        year = node_year(node)
        near = neighbour_years.get(node.id)
        seed_year = year if year is not None else (sum(near) / len(near) if near else None)
        x, y = _seed_position(node.id, seed_year, spread)
        rec: dict[str, Any] = {
            "id": node.id,
            "k": node.kind.value,
            "g": node_group(node),
            "n": " ".join(node.label.split()) or node.id,
            "d": degree.get(node.id, 0),
            "fx": x,
            "fy": y,
        }
        if year is not None:
            rec["y"] = year
        node_tags = sorted(tag_index[t] for t in tags.get(node.id, ()))
        if node_tags:
            rec["tg"] = node_tags
        rec.update(_kind_fields(node, link_status, files))
        records.append({k: v for k, v in rec.items() if v not in (None, "", [])})
    return records


def _kind_fields(
    node: Any, link_status: Mapping[str, str], files: dict[str, int]
) -> dict[str, Any]:
    if isinstance(node, ConceptNode):
        return {
            "nm": node.name,
            "ys": node.year_source,
            "yn": node.year_note,
            "al": list(node.aliases),
            "su": node.summary,
            "pa": node.paper,
            "bi": 1 if node.builtin else None,
        }
    if isinstance(node, PaperNode):
        return {
            "pid": node.paper_id,
            "ti": node.title,
            "mo": node.month,
            "ve": node.venue,
            "au": list(node.authors),
            "u": _links(list(node.urls), link_status, None),
        }
    if isinstance(node, NoteNode):
        return {"ti": node.title, "f": files.setdefault(node.path, len(files))}
    if isinstance(node, ResourceNode):
        return {
            "ti": node.title,
            "ca": node.category.value,
            "u": _links([node.url], link_status, node.status),
        }
    if isinstance(node, AssetNode):
        return {"f": files.setdefault(node.path, len(files)), "mi": None if node.exists else 1}
    if isinstance(node, TagNode):
        return {"nm": node.name}
    return {}


def edge_records(document: AtlasDocument, files: dict[str, int]) -> list[dict[str, Any]]:
    """One record per edge, in document order, with its evidence.

    Concept-to-concept edges keep ``[file, line, method, snippet]`` (a path step shows where it was
    written); document edges keep ``[file, line]``, all the "notes and lines" list needs, since a big
    corpus has hundreds of thousands of them. ``w`` is left out when it is 1; ``c`` (confidence,
    which the path search weighs) is kept for concept edges only, and left out when it is 1.
    """
    years = {n.id: node_year(n) for n in document.nodes}
    out: list[dict[str, Any]] = []
    for i, edge in enumerate(document.edges):
        evidence: list[list[int | str]]
        if edge.kind in _DOCUMENT_KINDS:
            evidence = [
                [files.setdefault(ev.file, len(files)), ev.line or 0]
                for ev in edge.evidence
                if ev.file is not None
            ]
        else:
            evidence = [
                [
                    files.setdefault(ev.file, len(files)) if ev.file is not None else -1,
                    ev.line or 0,
                    ev.method.value,
                    ev.snippet,
                ]
                for ev in edge.evidence
            ]
        rec: dict[str, Any] = {
            "id": f"e{i}",
            "from": edge.source,
            "to": edge.target,
            "k": edge.kind.value,
            "ev": evidence,
        }
        weight = edge.weight if math.isfinite(edge.weight) else 0.0
        if weight != 1.0:
            rec["w"] = weight
        confidence = edge.confidence if math.isfinite(edge.confidence) else 0.0
        if confidence != 1.0 and edge.kind not in _DOCUMENT_KINDS:
            rec["c"] = confidence  # a path's cost and its choice of relation weigh it
        if is_backwards(edge.kind, years.get(edge.source), years.get(edge.target)):
            rec["bk"] = 1
        out.append(rec)
    return out


_DOCUMENT_KINDS = frozenset(k for k in EdgeKind if edge_family(k) == "document")


def explorer_records(
    document: AtlasDocument, link_status: Mapping[str, str], note_base: str
) -> dict[str, Any]:
    """Node and edge records with the tables they refer to: file paths (with links) and tags."""
    files: dict[str, int] = {}
    tags = _node_tags(document)
    tag_table = sorted({t for ts in tags.values() for t in ts})
    tag_index = {t: i for i, t in enumerate(tag_table)}
    nodes = node_records(document, link_status, files, tags, tag_index)
    edges = edge_records(document, files)
    paths = sorted(files, key=files.__getitem__)
    return {
        "nodes": nodes,
        "edges": edges,
        "files": paths,
        "fileHrefs": [note_href(note_base, p) for p in paths],
        "tags": tag_table,
    }
