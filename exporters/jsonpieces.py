"""JSON of a big value written a piece at a time, for the pages that embed their data.

``json.dumps`` of a page's data holds the encoder's parts, the text and every escaped copy of it
at once: on a 10,000-note atlas the mind map's outline is 55 MB of JSON and took 250 MB to make.
``json_pieces`` opens the dicts and lists of the first few levels and dumps what lies below them
whole (with the C encoder), so that one piece is small and the pieces join to exactly ``dump``'s
text of the whole value.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any


def json_pieces(
    value: Any, dump: Callable[[Any], str], depth: int, *, sort_keys: bool = False
) -> Iterator[str]:
    """``dump(value)`` in pieces, the containers of the first ``depth`` levels opened.

    ``dump`` is ``json.dumps`` with compact separators (``","`` and ``":"``) and ``sort_keys``
    as given, followed by replacements of single characters (which escape each piece as they
    escape the whole). A dict whose keys are not all strings is dumped whole (JSON would turn
    its keys into strings)."""
    if depth <= 0 or not value or not isinstance(value, dict | list):
        yield dump(value)
    elif isinstance(value, dict):
        if not all(type(key) is str for key in value):
            yield dump(value)
            return
        for i, key in enumerate(sorted(value) if sort_keys else value):
            yield ("," if i else "{") + dump(key) + ":"
            yield from json_pieces(value[key], dump, depth - 1, sort_keys=sort_keys)
        yield "}"
    else:
        for i, item in enumerate(value):
            yield "," if i else "["
            yield from json_pieces(item, dump, depth - 1, sort_keys=sort_keys)
        yield "]"


__all__ = ["json_pieces"]
