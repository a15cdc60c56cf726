"""Memory between and within the stages of a build.

Reading 50,000 files makes about a gigabyte of entries that are freed once
the records are made, but the C allocator keeps the freed pages, so the
build's footprint stays at its peak, and every process forked for pages,
feeds or search starts from it. glibc's `malloc_trim` returns them.

The feeds and the search index make hundreds of thousands of containers
that live for one feed or one shard; `fewer_collections` keeps Python's
cycle collector from walking each of them many times over.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache

# Allocations between two young-generation collections inside `fewer_collections`
# (Python's default is 700).
FEWER_COLLECTIONS_THRESHOLD = 100_000


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Collect cyclic garbage in bigger, rarer batches while the block runs.

    With the default threshold every object that lives a few thousand
    allocations (an entry until its last feed, a posting until its shard is
    written) is walked again at each collection it survives: 1.2 to 1.6 s of
    the feeds' and of the search index's CPU at 10,000 alerts, against 0.2
    to 0.3 s with this one. Garbage with cycles is still collected; at most
    about this many more objects wait for it. The pages are not helped (the
    templates make short-lived cycles, collected best in small batches).
    """
    before = gc.get_threshold()
    gc.set_threshold(FEWER_COLLECTIONS_THRESHOLD, *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)


def give_back() -> None:
    """Return free heap pages to the system (glibc only; elsewhere nothing).

    No collection first: entries hold no cycles, so they are freed as soon
    as the last reference goes, and a full collection would walk every record.
    """
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@cache
def _malloc_trim():
    name = ctypes.util.find_library("c")
    if name is None:
        return None
    try:
        return ctypes.CDLL(name).malloc_trim
    except (OSError, AttributeError):  # not glibc (musl, macOS)
        return None
