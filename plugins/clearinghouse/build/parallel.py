"""Run independent per-file work on every core, in order, or serially.

Reading a file's front matter and converting its Markdown depend on that
file alone, so they are spread over a process pool in chunks (a task per
file would spend more time passing messages than working). Results come
back in input order, so a parallel build is byte-identical to a serial one.
With one worker, or little work, everything runs in this process: no pool
to start, nothing to pickle.
"""

from __future__ import annotations

import atexit
import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

SERIAL_BELOW = 64  # fewer items than this are not worth starting a pool for
# How many worker processes have taken work from this process, summed over
# calls: progress notes and tests read it to tell a parallel run from a
# serial one.
started = 0


@dataclass
class _Session:
    """The pool `session()` keeps open between calls, once the first call has started it."""

    pool: ProcessPoolExecutor | None = None
    workers: int = 0
    initializer: Callable[..., None] | None = None
    initargs: tuple = ()

    def serves(self, workers: int, initializer: Callable[..., None] | None, initargs: tuple) -> bool:
        """Can this call use the kept pool? Same size, and no initializer of its own to run."""
        same_start = initializer is None or (initializer, initargs) == (self.initializer, self.initargs)
        return self.pool is not None and workers == self.workers and same_start


_session: _Session | None = None


@contextmanager
def session() -> Iterator[None]:
    """Keep the first pool `map_chunks` starts open for the calls that follow, until the block ends.

    Workers forked while this process is small stay small. A pool forked
    later, from a process that holds every entry (reading comes before
    converting Markdown), copies much of that memory: each worker's
    allocations land in free space the pages it shares with this process
    already hold, and writing there copies the page. At 50,000 alerts that
    was about 700 MB per Markdown worker. One pool for both stages also
    starts one set of processes instead of two.
    """
    global _session
    _session = _Session()
    try:
        yield
    finally:
        kept, _session = _session, None
        if kept.pool is not None:
            kept.pool.shutdown()


def build_workers(settings: dict) -> int:
    """Processes the build may use: the BUILD_WORKERS setting, or every core."""
    return int(settings.get("BUILD_WORKERS") or default_workers())


def default_workers() -> int:
    """Every core this process may use (the affinity mask, not the machine)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def chunked(items: Sequence[T], workers: int) -> list[Sequence[T]]:
    """About eight chunks per worker: even load, few messages."""
    size = max(16, min(256, -(-len(items) // (workers * 8))))
    return [items[i : i + size] for i in range(0, len(items), size)]


def map_chunks(
    function: Callable[[Sequence[T]], list[R]],
    items: Sequence[T],
    workers: int,
    *,
    initializer: Callable[..., None] | None = None,
    initargs: tuple = (),
) -> Iterator[list[R]]:
    """Yield `function(chunk)` for consecutive chunks of `items`, in order.

    `function` and `initializer` must be module-level (a worker imports
    them); the initializer gives each worker the state all chunks share.
    """
    if not items:
        return
    if workers <= 1 or len(items) < SERIAL_BELOW:
        if initializer is not None:
            initializer(*initargs)
        yield function(items)
        return
    global started
    chunks = chunked(items, workers)
    started += min(workers, len(chunks))
    if _session is not None and _session.pool is None:  # the session's pool: every worker, kept for the next call
        pool = ProcessPoolExecutor(
            max_workers=workers, mp_context=_context(), initializer=initializer, initargs=initargs
        )
        _session.pool, _session.workers, _session.initializer, _session.initargs = pool, workers, initializer, initargs
    if _session is not None and _session.serves(workers, initializer, initargs):
        yield from _session.pool.map(function, chunks)
        return
    with ProcessPoolExecutor(
        max_workers=min(workers, len(chunks)),
        mp_context=_context(),
        initializer=initializer,
        initargs=initargs,
    ) as pool:
        yield from pool.map(function, chunks)


def _context():
    """fork where there is one: workers inherit the loaded vocabularies and
    modules instead of importing and pickling them again."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else None)


class Beside:
    """One task run in a forked child beside this process, its result sent back.

    Feeds and the search index depend on the site, not on the pages, so
    each is started as soon as the site is read and works on another core
    while this process renders pages. The child inherits the site (fork:
    nothing is pickled but the result); `result()` waits for it and raises
    if it failed, with the child's traceback.
    """

    def __init__(self, task: Callable[[], R], name: str) -> None:
        fork = multiprocessing.get_context("fork")
        self.name = name
        self._results, sender = fork.Pipe(duplex=False)
        first = _take_first()
        self._child = fork.Process(target=_send_result, args=(task, sender, first), name=name, daemon=False)
        self._child.start()
        sender.close()
        _uncollected.add(self)

    @staticmethod
    def possible(workers: int) -> bool:
        return workers > 1 and "fork" in multiprocessing.get_all_start_methods()

    def result(self):
        try:
            status, payload = self._results.recv()
        except EOFError:
            status, payload = "error", "the process ended without a word"
        self._child.join()
        _uncollected.discard(self)
        if status != "ok" or self._child.exitcode != 0:
            raise RuntimeError(f"{self.name} failed in its own process:\n{payload}")
        return payload

    def stop(self) -> None:
        """End the child whose result nobody will collect (this process is failing)."""
        self._child.terminate()
        self._child.join()


# Children whose result has not been collected. When this process fails
# before collecting one (a template error while rendering pages), the child
# may be blocked sending its result into a pipe nobody reads, while
# multiprocessing's exit handler waits for it to end: the build would hang
# instead of reporting its error. Handlers run last-registered first, so
# this one ends such children before multiprocessing's joins them.
_uncollected: set[Beside] = set()


@atexit.register
def _stop_uncollected() -> None:
    for child in list(_uncollected):
        child.stop()
    _uncollected.clear()


# Work that needs the site as it was made, in no process in particular (the
# kept site, site/kept.py: 0.2 s at 10,000 alerts): the next child
# forked does it first, on its own core, as the pages are shared out after
# its own work; with no child, the build's own process does it (`run_left`).
_first_in_child: list[Callable[[], None]] = []


def first_in_next_child(task: Callable[[], None]) -> None:
    _first_in_child.append(task)


def run_left() -> None:
    """Here, now: the tasks no child was forked to take (feeds and search in this process)."""
    for task in _take_first():
        task()


def _take_first() -> list[Callable[[], None]]:
    tasks = list(_first_in_child)
    _first_in_child.clear()
    return tasks


def _send_result(task: Callable[[], R], sender, first: list[Callable[[], None]] = ()) -> None:
    import traceback

    try:
        for before in first:
            before()
        sender.send(("ok", task()))
    except BaseException:
        sender.send(("error", traceback.format_exc()))
        raise
