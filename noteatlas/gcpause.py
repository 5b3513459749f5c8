"""Pause Python's cyclic garbage collector while a stage builds a large object graph.

The per-corpus stages allocate millions of small objects (evidence, edges, nodes) and free almost
none until the end. Each full collection walks every live object, so the collector's cost grows
with the square of the corpus: on 10,000 notes the concepts stage spent about half its time
collecting and found nothing to free. Reference counting still frees everything that is not
cyclic while the collector is paused, and it is resumed (never forced) afterwards.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    """Turn the cyclic collector off for the block; nested uses restore the outer state."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


__all__ = ["paused_gc"]
