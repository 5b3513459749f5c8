"""Put back the bytes lossy mojibake dropped: UTF-8 read as Windows-1252, saved again as UTF-8.

The round trip loses every byte with no printable Windows-1252 form: 0x81 0x8D 0x8F 0x90 0x9D
(undefined), the soft hyphen 0xAD, and Ž ž (0x8E 0x9E, undefined in Windows-1254, which some
files were read as: 0xF0 then shows as ``ğ``). All are UTF-8 continuation bytes, so a damaged
character keeps its lead byte and 0-2 of its continuation bytes. Its candidates are the characters
obtained by putting lost bytes back at every possible place (8 to 64 of them). Context evidence
is added to that lattice (``context``), a word-level Viterbi (``search``) scored
by a Chinese language model (``model``) picks the likeliest text, and a second pass lets the
document's confident choices decide its doubtful ones.

``restore`` never raises, reads nothing but its model (loaded once, on the first damage found),
and leaves alone every line holding a character mojibake cannot contain (any CJK character, for
instance), so clean text is never altered.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass

from noteatlas.graph.read.restore.context import (
    add_bonuses,
    heading_prior,
    name_cache,
    name_runs,
    plausible,
    prune,
    second_pass,
    spell_names,
)
from noteatlas.graph.read.restore.model import HEADING, language_model
from noteatlas.graph.read.restore.search import Lattice, solve

__all__ = ["LOST_BYTES", "Doubt", "Restoration", "restore", "unrestored"]

LOST_BYTES = bytes([0x81, 0x8D, 0x8F, 0x90, 0x9D, 0xAD, 0x8E, 0x9E])
"""The bytes the round trip drops."""
LOST_MARK = 0x100
"""What U+FFFD reads as: a reader that decoded with errors="replace" wrote it where a byte was
lost, so it is one lost byte at a known place (one of ``LOST_BYTES``)."""


def _byte_table() -> dict[str, int]:
    """Character -> the byte it reads: latin-1 (C1 controls too), cp1252, and cp1254's letters."""
    table = {chr(b): b for b in range(0x80, 0x100)}
    for b in range(0x80, 0xA0):
        ch = bytes([b]).decode("cp1252", errors="ignore")
        if ch:
            table[ch] = b
    table.update({"ğ": 0xF0, "Ğ": 0xD0, "İ": 0xDD, "Ş": 0xDE, "\ufffd": LOST_MARK})
    return table


_BYTE = _byte_table()
_REPERTOIRE = re.escape("".join(sorted(_BYTE)))
_RUN = re.compile(f"[{_REPERTOIRE}]+")
# A character no mojibake holds: its line is clean text and stays as it is.
_FOREIGN = re.compile(f"[^\\x00-\\x7f{_REPERTOIRE}]")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")

# How a run's bytes parse: whole sequences, sequences missing bytes, and bytes of no sequence.
_INTACT, _CUT, _BARE, _KEPT = range(4)

#: Doubts with a margin below this (log-odds; 2.3 is 10:1) are reported.
DOUBT_MARGIN = 2.3
_MAX_DOUBTS = 5


@dataclass(frozen=True)
class Doubt:
    """One of the least certain restorations."""

    line: int
    """1-based line (line breaks counted as ``normalize_newlines`` counts them)."""
    chosen: str
    """The character put there."""
    runner_up: str
    """The next most likely candidate."""
    margin: float
    """log(P(chosen) / P(runner_up)) for the whole text: 0 is a coin toss."""
    context: str
    """The restored text around it, on its line."""


@dataclass(frozen=True)
class Restoration:
    """A text with its lost bytes put back."""

    text: str
    """The restored text."""
    intact: int
    """Multi-byte characters that came back without inference."""
    restored: int
    """Damaged characters given their most likely candidate."""
    unknown: int
    """Damaged characters with no candidate at all, now U+FFFD."""
    doubts: tuple[Doubt, ...]
    """The least certain restorations (margin below ``DOUBT_MARGIN``), least certain first."""


def restore(text: str, names: tuple[str, ...] = ()) -> Restoration | None:
    """``text`` with the characters lossy mojibake damaged restored; None when there are none.

    Only lines made of ASCII and characters of the cp1252/cp1254 reading are considered, and
    only when those lines, read back as UTF-8, are convincingly mojibake that lost bytes.
    ``names``: the note's file and folder names, intact text that often holds its title.
    """
    lines = _lines(text)
    runs = _runs(text, lines)
    if _evidence([pieces for found in runs.values() for _, _, pieces in found]) != _CONVINCING:
        return None
    lm = language_model()
    intact = restored = unknown = 0
    damaged: dict[int, Lattice] = {}
    spelled = name_runs(names)
    for line, found in runs.items():
        pieces = [piece for _, _, run in found for piece in run]
        intact += sum(p.kind == _INTACT for p in pieces)
        restored += sum(p.kind in (_CUT, _BARE) and bool(p.candidates) for p in pieces)
        unknown += sum(p.kind in (_CUT, _BARE) and not p.candidates for p in pieces)
        if any(p.kind in (_CUT, _BARE) for p in pieces):
            damaged[line] = _lattice(text, *lines[line], found, spelled)
    seed = name_cache(names, lm)
    solved = {line: solve(lattice, lm, cache=seed) for line, lattice in damaged.items()}
    headings = frozenset(line for line in damaged if HEADING.match(text, *lines[line]))
    second_pass(damaged, solved, lm, seed, headings)
    out: list[str] = []
    done = size = 0  # consumed of ``text``, written to ``out``
    doubts: list[tuple[float, int, str, str]] = []  # margin, offset in the output, chosen, rival
    for line, found in sorted(runs.items()):
        if line not in solved:
            for start, stop, pieces in found:
                out += [text[done:start], "".join(_decoded_piece(p) for p in pieces)]
                size += len(out[-2]) + len(out[-1])
                done = stop
            continue
        lo, hi = lines[line]
        chars, margins = solved[line]
        out.append(text[done:lo])
        base = size + len(out[-1])
        out.append(chars)
        size = base + len(chars)
        done = hi
        for p, (margin, rival) in enumerate(margins):
            if len(damaged[line][p]) > 1 and margin < DOUBT_MARGIN:
                doubts.append((margin, base + p, chars[p], rival))
    out.append(text[done:])
    fixed = "".join(out)
    return Restoration(fixed, intact, restored, unknown, _doubts(fixed, doubts))


def unrestored(text: str) -> int:
    """How many characters look cut by lossy mojibake in a text ``restore`` leaves alone for
    want of evidence (a few lines where cut characters outnumber whole ones); 0 when the text
    shows no such damage, or ``restore`` would restore it."""
    runs = _runs(text, _lines(text))
    pieces = [piece for found in runs.values() for _, _, run in found for piece in run]
    if _evidence([pieces]) != _WEAK:
        return 0
    return sum(p.kind in (_CUT, _BARE) for p in pieces)


def _runs(
    text: str, lines: list[tuple[int, int]]
) -> dict[int, list[tuple[int, int, list[_Piece]]]]:
    """Per line that holds nothing mojibake cannot, its runs of mojibake, parsed."""
    ends = [stop for _, stop in lines]
    foreign = {bisect_right(ends, m.start()) for m in _FOREIGN.finditer(text)}
    runs: dict[int, list[tuple[int, int, list[_Piece]]]] = {}
    for m in _RUN.finditer(text):
        line = bisect_right(ends, m.start())
        if line not in foreign:
            runs.setdefault(line, []).append((m.start(), m.end(), _parse(m.group())))
    return runs


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line, line breaks excluded; a break is CRLF, CR or LF."""
    spans = []
    start = 0
    for m in _LINE_BREAK.finditer(text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return spans


def _lattice(
    text: str,
    lo: int,
    hi: int,
    runs: list[tuple[int, int, list[_Piece]]],
    names: list[str] = [],  # noqa: B006 (never changed)
) -> Lattice:
    """The candidates of every position of the line ``text[lo:hi]`` (``names``: runs of the
    note's file name, see ``spell_names``)."""
    lattice: Lattice = []
    done = lo
    for start, stop, pieces in runs:
        lattice += map(_fixed, text[done:start])
        for piece in pieces:
            if piece.kind == _KEPT or (piece.kind == _INTACT):
                lattice.append([(_decoded_piece(piece), 0.0)])
            elif not piece.candidates:
                lattice.append([("\ufffd", 0.0)])
            else:
                lattice.append(list(_unscored(piece.candidates)))
        done = stop
    lattice += map(_fixed, text[done:hi])
    add_bonuses(lattice)
    spell_names(lattice, names)
    if HEADING.match(text, lo, hi):
        heading_prior(lattice, language_model())
    prune(lattice, language_model())
    return lattice


@functools.lru_cache(maxsize=8192)
def _unscored(candidates: tuple[str, ...]) -> tuple[tuple[str, float], ...]:
    return tuple((ch, 0.0) for ch in candidates)


@functools.lru_cache(maxsize=4096)
def _fixed(ch: str) -> list[tuple[str, float]]:
    """The one candidate of a position not in doubt (shared: never changed in place)."""
    return [(ch, 0.0)]


def _decoded_piece(piece: _Piece) -> str:
    return piece.candidates[0] if piece.kind == _INTACT else piece.text


@dataclass(frozen=True)
class _Piece:
    """One sequence of a run: its characters in the text, its kind, its candidates."""

    text: str
    kind: int
    candidates: tuple[str, ...] = ()


def _parse(run: str) -> list[_Piece]:
    """Split a run (one character per byte) into UTF-8 sequences, whole, cut or none."""
    # bytes when it can be (3x faster to build and index); a list when U+FFFD marks a lost byte
    raw: bytes | list[int] = (
        bytes(_BYTE[ch] for ch in run) if "\ufffd" not in run else [_BYTE[ch] for ch in run]
    )
    pieces: list[_Piece] = []
    i = 0
    while i < len(raw):
        need = _continuations(raw[i])
        j = i + 1
        while j < len(raw) and j - i <= need and (0x80 <= raw[j] <= 0xBF or raw[j] == LOST_MARK):
            j += 1
        tail = tuple(raw[i + 1 : j])
        if raw[i] == LOST_MARK:  # a lost byte whose lead is not there: nothing to infer it from
            pieces.append(_Piece(run[i], _CUT))
        elif need == 0:
            pieces.append(_Piece(run[i], _KEPT))
        elif len(tail) == need and LOST_MARK not in tail:
            try:
                pieces.append(_Piece(run[i:j], _INTACT, (bytes(raw[i:j]).decode("utf-8"),)))
            except UnicodeDecodeError:  # overlong or surrogate: no UTF-8 here after all
                pieces.extend(_Piece(ch, _KEPT) for ch in run[i:j])
        else:
            kind = _BARE if j == i + 1 else _CUT
            pieces.append(_Piece(run[i:j], kind, _candidates(raw[i], tail)))
        i = j
    return pieces


def _continuations(lead: int) -> int:
    """Continuation bytes a UTF-8 lead byte announces; 0 for anything that is not a lead."""
    if 0xC2 <= lead <= 0xDF:
        return 1
    if 0xE0 <= lead <= 0xEF:
        return 2
    if 0xF0 <= lead <= 0xF4:
        return 3
    return 0


@functools.lru_cache(maxsize=8192)
def _candidates(lead: int, seen: tuple[int, ...]) -> tuple[str, ...]:
    """Every assigned, non-control character made of ``lead``, ``seen`` and lost bytes: dropped
    ones anywhere, and one in the place of each ``LOST_MARK``."""
    need = _continuations(lead)
    found: set[str] = set()
    for slots in itertools.combinations(range(need), len(seen)):
        options: list[bytes] = [LOST_BYTES] * need
        for slot, byte in zip(slots, seen, strict=True):
            options[slot] = LOST_BYTES if byte == LOST_MARK else bytes([byte])
        for tail in itertools.product(*options):
            try:
                ch = bytes([lead, *tail]).decode("utf-8")
            except UnicodeDecodeError:
                continue
            if unicodedata.category(ch) not in ("Cn", "Cs", "Cc"):
                found.add(ch)
    return tuple(sorted(found))


# What the parsed runs say: nothing, damage with too few whole characters to trust, damage.
_NONE, _WEAK, _CONVINCING = range(3)


def _evidence(runs: list[list[_Piece]]) -> int:
    """Whether enough plausible characters decode whole for the cut ones to be mojibake that
    lost bytes (``_CONVINCING``), or some do but fewer than are cut (``_WEAK``).

    Clean Latin text can look like mojibake ("café»" has é» = lead + continuation), but it reads
    back as rare characters (黓) or as leads with nothing after them (the é of "café"); real
    damaged Chinese reads back mostly whole and common: even with one character in three cut,
    whole ones outnumber cut ones two to one.
    """
    common = rare = damaged = kept = 0
    for pieces in runs:
        for piece in pieces:
            if piece.kind == _INTACT:
                if plausible(piece.candidates[0]):
                    common += 1
                else:
                    rare += 1
            elif piece.kind == _KEPT:
                kept += 1
            else:
                damaged += 1
    if damaged < 1 or common < 2 or common < 3 * rare or common < 4 * kept:
        return _NONE
    return _CONVINCING if common >= damaged else _WEAK


def _doubts(text: str, found: list[tuple[float, int, str, str]]) -> tuple[Doubt, ...]:
    """The least certain restorations, with their line and a little context."""
    found.sort()
    lines = _lines(text)
    ends = [stop for _, stop in lines]
    out = []
    for margin, offset, chosen, rival in found[:_MAX_DOUBTS]:
        line = bisect_right(ends, offset)
        lo, hi = lines[line]
        context = text[max(lo, offset - 8) : min(hi, offset + 9)].strip()
        out.append(Doubt(line + 1, chosen, rival, round(margin, 2), context))
    return tuple(out)
