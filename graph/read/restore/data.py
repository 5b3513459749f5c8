"""The data the restoration's language model is made of, read from where it is installed.

jieba's ``dict.txt`` (word, count, part of speech), its part-of-speech HMM (``posseg``: state
transitions, sentence starts, one-character emissions), the built-in vocabulary's Chinese names
and the bundled notes of ``content/``. Nothing is downloaded; jieba itself is never imported (its
import sets up a logger), only its files are read.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.resources
import importlib.util
import re
from pathlib import Path

__all__ = [
    "Words",
    "domain_texts",
    "jieba_file",
    "model_sources",
    "read_emissions",
    "read_states",
    "read_words",
    "vocabulary_terms",
]

# Count given to a word of the built-in vocabulary that jieba does not know: a common noun's.
_VOCABULARY_COUNT = 2000


def jieba_file(*parts: str) -> Path | None:
    """A data file of jieba's, found without importing jieba (its import sets up a logger)."""
    spec = importlib.util.find_spec("jieba")
    if spec is None or spec.origin is None:
        return None
    path = Path(spec.origin).parent.joinpath(*parts)
    return path if path.is_file() else None


Words = tuple[dict[str, int], list[str], list[str]]
"""Word -> its index in the lists of counts and of tags (strings: most are never looked at)."""


def read_words(path: Path | None, extra: set[str]) -> Words:
    """``dict.txt`` (lines of "word count tag"), and ``extra`` words with a common noun's count."""
    text = path.read_text(encoding="utf-8") if path is not None else ""
    fields = text.split()  # one split of the whole file is 3x faster than one per line
    if len(fields) == 3 * text.count("\n"):
        words, counts, tags = fields[0::3], fields[1::3], fields[2::3]
    else:
        rows = [line.split() for line in text.splitlines()]
        rows = [row for row in rows if len(row) == 3 and row[1].isdigit()]
        words, counts, tags = [r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows]
    index = dict(zip(words, range(len(words)), strict=True))
    for term in sorted(extra - index.keys()):
        index[term] = len(counts)
        counts.append(str(_VOCABULARY_COUNT))
        tags.append("n")
    return index, counts, tags


_STATE_ENTRY = re.compile(r"\('(\w)', '(\w+)'\): (?:(\{)|(-?[0-9.]+(?:e[-+]?[0-9]+)?))")


def read_states(path: Path | None) -> dict[tuple[str, str], object]:
    """A pretty-printed dict of jieba's posseg HMM (state -> log P, or state -> {state: log P}),
    read with a regular expression: ``ast.literal_eval`` takes 7x longer."""
    if path is None:
        return {}
    table: dict[tuple[str, str], object] = {}
    inner: dict[tuple[str, str], float] | None = None
    for m in _STATE_ENTRY.finditer(path.read_text(encoding="utf-8")):
        key = (m.group(1), m.group(2))
        if m.group(3):
            inner = {}
            table[key] = inner
        elif inner is not None:
            inner[key] = float(m.group(4))
        else:
            table[key] = float(m.group(4))
    return table


_EMISSION = re.compile(r"\('(\w)', '(\w+)'\): \{|'\\u([0-9a-f]{4})': (-?[0-9.]+(?:e[-+]?[0-9]+)?)")


def read_emissions(path: Path | None) -> dict[tuple[str, str], dict[str, float]]:
    """The posseg HMM's P(character | S, tag): one-character words only."""
    if path is None:
        return {}
    table: dict[tuple[str, str], dict[str, float]] = {}
    inner: dict[str, float] | None = None
    for m in _EMISSION.finditer(path.read_text(encoding="utf-8")):
        if m.group(1):
            inner = table.setdefault((m.group(1), m.group(2)), {}) if m.group(1) == "S" else None
        elif inner is not None:
            inner[chr(int(m.group(3), 16))] = float(m.group(4))
    return table


_VOCABULARY_TERM = re.compile(r"[\u4e00-\u9fff]{2,12}")
_VOCABULARY_LINE = re.compile(r"^\s*(?:- name|aliases):(.*)$", re.M)


def vocabulary_terms() -> set[str]:
    """Chinese names and aliases of the built-in vocabulary (``content/concepts.yaml``)."""
    try:
        text = importlib.resources.files("noteatlas.content").joinpath("concepts.yaml")
        source = text.read_text(encoding="utf-8")
    except (ModuleNotFoundError, OSError):
        return set()
    return {
        term for line in _VOCABULARY_LINE.findall(source) for term in _VOCABULARY_TERM.findall(line)
    }


def domain_texts() -> list[str]:
    """The built-in knowledge base: every note of ``content/`` and the vocabulary file, in path
    order."""
    texts = []
    try:
        stack = [("", importlib.resources.files("noteatlas.content"))]
        while stack:
            prefix, node = stack.pop()
            for child in node.iterdir():
                if child.is_dir():
                    stack.append((f"{prefix}{child.name}/", child))
                elif child.name.endswith((".md", ".yaml")):
                    texts.append((prefix + child.name, child.read_text(encoding="utf-8")))
    except (ModuleNotFoundError, OSError, UnicodeDecodeError):
        return []
    return [text for _, text in sorted(texts)]


@functools.cache
def model_sources() -> str:
    """What the model is made of, without loading it: jieba's version and a digest of the
    bundled notes (their pairs are part of it). Part of the build cache's key."""
    import importlib.metadata  # 50 ms: only a build asks

    try:
        jieba = importlib.metadata.version("jieba")
    except importlib.metadata.PackageNotFoundError:
        jieba = "none"
    digest = hashlib.sha256()
    for text in domain_texts():
        digest.update(text.encode("utf-8") + b"\0")
    return f"jieba{jieba}-{digest.hexdigest()[:12]}"
