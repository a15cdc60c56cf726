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
from dataclasses import dataclass, field
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
        _spare.handed = _spare.handed or bool(_spare.tasks)  # a child inherits them: the children take them
        self._child = fork.Process(target=_send_result, args=(task, sender), name=name, daemon=False)
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


def at_once(task: Callable[[], None], items: int = 0) -> None:
    """Run `task` here, now: what `meanwhile`'s callable does without a fork, and the
    default of every function that may be given one (or `when_a_child_has_time`)."""
    task()


@contextmanager
def meanwhile(workers: int, most: int | None = None) -> Iterator[Callable[..., None]]:
    """A callable that runs a task in a forked child while this process goes on; the block's end waits for them.

    For work that needs this process's state as it is at that moment and
    returns nothing, such as keeping the entries just read (the read
    snapshot: 0.3 s of pickling at 10,000 alerts, which the build's own
    process did while both cores but one stood idle, between reading and
    enriching). The child sees the records as they were when it was
    forked, whatever this process does to them next. With one worker, or
    no fork, the task runs at once, here; so does a task over more than
    `most` records (`aside(task, items=n)`): a child that reads every
    record copies the pages that hold them (at 50,000 alerts the tree's
    memory went from 1.7 to 2.5 GB).
    """
    children: list = []

    def aside(task: Callable[[], None], items: int = 0) -> None:
        if not Beside.possible(workers) or (most is not None and items > most):
            at_once(task)
            return
        child = multiprocessing.get_context("fork").Process(target=task, name="aside", daemon=False)
        child.start()
        children.append(child)

    try:
        yield aside
    finally:
        for child in children:
            child.join()


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
# kept site, site/kept.py: 0.2-0.5 s at 10,000 alerts). The first forked
# child to finish its own work does it (`run_spare_in_child`, before it
# helps with the pages), on a core that would otherwise render pages the
# others can take; done first in a child, it delayed that child's feeds,
# which the build waits for. With no child forked, the build's own process
# does it (`run_spare_here`) before anything else reads the site.
@dataclass
class _Spare:
    tasks: list[Callable[[], None]] = field(default_factory=list)
    claimed: object = None  # a flag shared with the children, made before any is forked
    handed: bool = False  # a child was forked since the tasks were given


_spare = _Spare()


def when_a_child_has_time(task: Callable[[], None]) -> None:
    if _spare.claimed is None and "fork" in multiprocessing.get_all_start_methods():
        _spare.claimed = multiprocessing.get_context("fork").Value("b", 0)
    _spare.tasks.append(task)


def run_spare_here() -> None:
    """In the build's own process: the tasks, unless a child was forked to take them."""
    global _spare
    tasks, handed = _spare.tasks, _spare.handed
    _spare = _Spare()  # the next build in this process (autoreload) starts afresh
    if not handed:
        for task in tasks:
            task()


def run_spare_in_child() -> None:
    """In a forked child whose own work is done: the tasks, if no other child took them."""
    if not _spare.tasks or _spare.claimed is None:
        return
    with _spare.claimed.get_lock():
        if _spare.claimed.value:
            return
        _spare.claimed.value = 1
    for task in _spare.tasks:
        task()


def _send_result(task: Callable[[], R], sender) -> None:
    import traceback

    try:
        sender.send(("ok", task()))
    except BaseException:
        sender.send(("error", traceback.format_exc()))
        raise
