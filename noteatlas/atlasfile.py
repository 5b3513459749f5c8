"""``atlas.json`` and its index: where every node and edge lies in the file, and the file's digest.

A 10,000-note atlas.json is 400 MB; reading and validating it whole takes 20 s, and a question
such as ``noteatlas show BERT`` needs a few thousand of its 700,000 edges. The index, written
beside it in the same pass (``atlas.index``), lets ``load`` read only those.

The index is trusted only for the bytes it was written with: it records the size and SHA-256 of
atlas.json, and ``load`` hashes the file again (0.4 s for 400 MB with the CPU's SHA instructions;
a stamp such as mtime and inode would spare that, but would make the index differ between two
builds of the same notes, and outputs are byte-identical). Any difference, and ``load`` reads
and validates the whole file as before.

Layout: ``MAGIC``, the header's length (8 bytes, little-endian), the header (JSON: counts, ids,
labels, the digests, the list of columns), then the columns (``array`` data, little-endian).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
import threading
from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

from noteatlas.files import write_bytes_atomic
from noteatlas.schema.atlas import SCHEMA_VERSION, AtlasLike, iter_json_bytes
from noteatlas.schema.kinds import EdgeKind, NodeKind

MAGIC = b"noteatlas-index\n"
FORMAT = 1
#: ``node_start`` ... as ``array`` type codes: byte offsets need 64 bits, node and edge numbers 32.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("node_start", "Q"),
    ("node_end", "Q"),
    ("node_kind", "B"),
    ("edge_start", "Q"),
    ("edge_end", "Q"),
    ("edge_source", "I"),
    ("edge_target", "I"),
    ("edge_kind", "B"),
    ("out_ptr", "I"),
    ("in_ptr", "I"),
    ("in_order", "I"),
)
_ITEMSIZE = {"Q": 8, "I": 4, "B": 1}
NODE_KINDS = tuple(NodeKind)
EDGE_KINDS = tuple(EdgeKind)
# An item of a list in atlas.json opens and closes at exactly four spaces of indent (nested values
# sit deeper, and JSON strings hold no raw newline): see schema.atlas.iter_json_bytes.
_ITEM_OPEN, _ITEM_CLOSE = re.compile(rb"\n    \{"), re.compile(rb"\n    \}")
_SECTIONS = {b'  "nodes": ': "nodes", b'  "edges": ': "edges", b'  "diagnostics": ': "diagnostics"}


def index_path(atlas_path: Path) -> Path:
    """Where the index of an atlas file lives: ``atlas.json`` -> ``atlas.index``."""
    return atlas_path.with_suffix(".index")


class _Spans:
    """Watches atlas.json go by in pieces: its digest, and where each item begins and ends."""

    def __init__(self) -> None:
        self.digest = hashlib.sha256()
        self.size = 0
        self.section = ""
        self.starts: dict[str, list[int]] = {"nodes": [], "edges": [], "diagnostics": []}
        self.ends: dict[str, list[int]] = {"nodes": [], "edges": [], "diagnostics": []}

    def watch(self, pieces: Iterable[bytes]) -> Iterator[bytes]:
        for piece in pieces:
            self.section = _SECTIONS.get(piece, self.section)
            if self.section and piece.lstrip(b",\n").startswith(b"    {"):
                starts, ends = self.starts[self.section], self.ends[self.section]
                if piece.startswith(b"    {"):
                    starts.append(self.size + 4)
                starts += _after(piece, _ITEM_OPEN, self.size - 1)  # at the "{"
                ends += _after(piece, _ITEM_CLOSE, self.size)  # just past the "}"
            self.digest.update(piece)
            self.size += len(piece)
            yield piece


def _after(data: bytes, pattern: re.Pattern[bytes], shift: int) -> list[int]:
    """``shift`` plus the offset just past each occurrence of ``pattern``. (A regex of the
    literal: ``bytes.find`` in a loop took twice as long, since almost every line of the file
    starts with the newline and four spaces the pattern starts with.)"""
    return [shift + m.end() for m in pattern.finditer(data)]


def write_atlas(path: Path, document: AtlasLike) -> None:
    """Write atlas.json atomically, then its index; an index that cannot be made (nodes with one
    id twice, an edge to no node) is removed, so ``load`` reads the file whole."""
    spans = _Spans()
    write_bytes_atomic(path, spans.watch(iter_json_bytes(document)))
    target = index_path(path)
    body = _columns(document, spans)
    if body is None:
        target.unlink(missing_ok=True)
        return
    header = {
        "format": FORMAT,
        "schema_version": document.schema_version,
        "atlas": {"size": spans.size, "sha256": spans.digest.hexdigest()},
        "root": document.root,
        "generator": document.generator,
        "node_ids": [n.id for n in document.nodes],
        "node_labels": [n.label for n in document.nodes],
        "node_kinds": [k.value for k in NODE_KINDS],
        "edge_kinds": [k.value for k in EDGE_KINDS],
        "edges": len(document.edges),
        "diagnostics": len(document.diagnostics),
        "diagnostic_span": _span(spans, "diagnostics"),
        "body_sha256": hashlib.sha256(body).hexdigest(),
    }
    text = json.dumps(header, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    write_bytes_atomic(target, [MAGIC, len(text).to_bytes(8, "little"), text, body])


def _span(spans: _Spans, section: str) -> list[int] | None:
    starts, ends = spans.starts[section], spans.ends[section]
    return [starts[0], ends[-1]] if starts else None


def _columns(document: AtlasLike, spans: _Spans) -> bytes | None:
    """The index's columns as bytes, or None when the document has no faithful index."""
    nodes, edges = document.nodes, document.edges
    number = {n.id: i for i, n in enumerate(nodes)}
    counts = {"nodes": len(nodes), "edges": len(edges), "diagnostics": len(document.diagnostics)}
    for section, count in counts.items():
        if len(spans.starts[section]) != count or len(spans.ends[section]) != count:
            return None  # the pieces were not shaped as expected: no index rather than a wrong one
    if len(number) != len(nodes) or len(nodes) >= 2**32 or len(edges) >= 2**32:
        return None
    try:
        source = [number[e.source] for e in edges]
        target = [number[e.target] for e in edges]
    except KeyError:
        return None  # an edge to no node: only a full load can say what is wrong
    node_kind = {k: i for i, k in enumerate(NODE_KINDS)}
    edge_kind = {k: i for i, k in enumerate(EDGE_KINDS)}
    out_ptr = [0] * (len(nodes) + 1)
    in_ptr = [0] * (len(nodes) + 1)
    for s, t in zip(source, target, strict=True):
        out_ptr[s + 1] += 1
        in_ptr[t + 1] += 1
    for i in range(len(nodes)):
        out_ptr[i + 1] += out_ptr[i]
        in_ptr[i + 1] += in_ptr[i]
    if any(a > b for a, b in pairwise(source)):
        return None  # edges not sorted by source: the out-edges of a node would not be one run
    values: dict[str, list[int]] = {
        "node_start": spans.starts["nodes"],
        "node_end": spans.ends["nodes"],
        "node_kind": [node_kind[n.kind] for n in nodes],
        "edge_start": spans.starts["edges"],
        "edge_end": spans.ends["edges"],
        "edge_source": source,
        "edge_target": target,
        "edge_kind": [edge_kind[e.kind] for e in edges],
        "out_ptr": out_ptr,
        "in_ptr": in_ptr,
        "in_order": sorted(range(len(edges)), key=target.__getitem__),  # stable: edge order
    }
    parts = []
    for name, code in COLUMNS:
        column = array(code, values[name])
        if sys.byteorder == "big":
            column.byteswap()
        parts.append(column.tobytes())
    return b"".join(parts)


@dataclass(frozen=True)
class AtlasIndexFile:
    """An index read back: the header's values and the columns."""

    header: dict[str, Any]
    """Counts, ids, labels, digests (see ``write_atlas``)."""
    columns: dict[str, array[int]]
    """``COLUMNS`` by name."""

    def matches(self, atlas: AtlasBytes) -> bool:
        """Whether ``atlas`` is the file this index was written with: the same size and
        SHA-256."""
        recorded = self.header["atlas"]
        return bool(atlas.size == recorded["size"] and atlas.sha256() == recorded["sha256"])


class AtlasBytes:
    """An open atlas.json, read a slice at a time: the file as it was when opened (a rebuild
    that replaces it makes a new file), and only the pages asked for (a memory map would map
    the pages around each one too: 350 MB of them for ``show BERT`` on a 10,000-note atlas)."""

    def __init__(self, path: Path) -> None:
        self._file = open(path, "rb", buffering=0)  # noqa: SIM115  (closed by close())
        self._lock = threading.Lock()
        self.size = os.fstat(self._file.fileno()).st_size
        """The file's size when opened."""

    def read(self, start: int, end: int) -> bytes:
        """Bytes ``start`` to ``end``."""
        if hasattr(os, "pread"):
            return os.pread(self._file.fileno(), end - start, start)
        with self._lock:  # one file position for every thread
            self._file.seek(start)
            return self._file.read(end - start)

    def sha256(self) -> str:
        """The SHA-256 of the whole file."""
        digest = hashlib.sha256()
        for start in range(0, self.size, 1 << 22):
            digest.update(self.read(start, min(start + (1 << 22), self.size)))
        return digest.hexdigest()

    def close(self) -> None:
        """Close the file."""
        self._file.close()


def read_index(path: Path) -> AtlasIndexFile | None:
    """The index at ``path``, or None when there is none or it cannot be used (another format or
    schema version, damaged, cut short): the caller then reads atlas.json whole."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    if not data.startswith(MAGIC) or any(array(c).itemsize != n for c, n in _ITEMSIZE.items()):
        return None
    at = len(MAGIC) + 8
    size = int.from_bytes(data[len(MAGIC) : at], "little")
    try:
        header = json.loads(data[at : at + size])
        if header["format"] != FORMAT or header["schema_version"] != SCHEMA_VERSION:
            return None
        body = memoryview(data)[at + size :]
        if hashlib.sha256(body).hexdigest() != header["body_sha256"]:
            return None
        return AtlasIndexFile(header, _read_columns(body, header))
    except (ValueError, KeyError, TypeError, IndexError):
        return None


def _read_columns(body: memoryview, header: dict[str, Any]) -> dict[str, array[int]]:
    nodes, edges = len(header["node_ids"]), int(header["edges"])
    if len(header["node_labels"]) != nodes:
        raise ValueError("labels and ids differ in number")
    columns: dict[str, array[int]] = {}
    at = 0
    for name, code in COLUMNS:
        count = nodes + 1 if name.endswith("_ptr") else nodes if name.startswith("node") else edges
        column = array(code)
        end = at + count * column.itemsize
        if end > len(body):
            raise ValueError("index cut short")
        column.frombytes(body[at:end])
        if sys.byteorder == "big":
            column.byteswap()
        columns[name] = column
        at = end
    if at != len(body):
        raise ValueError("index has bytes to spare")
    return columns
