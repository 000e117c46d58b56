"""Keeping whole-catalog passes linear in the number of records.

Derivation builds millions of long-lived objects (raw payloads, records, drafts, rows) and frees
them together at the end. CPython's cyclic collector runs a full collection every time the heap of
tracked objects grows by a quarter, and each one walks the whole heap, so on a large catalog the
collector costs as much as the derivation itself. :func:`paused_gc` switches it off for the pass
(reference counting still frees everything acyclic at once) and runs one collection after it.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    """Run the body with the cyclic garbage collector off; restore it (and collect once) after."""
    if not gc.isenabled():  # already paused by an enclosing pass
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
        gc.collect()
