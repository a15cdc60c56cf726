"""The pages of one build, shared between processes that have time for them.

Feeds and the search index are written by forked children beside the
process that renders the pages (parallel.Beside). They finish before it:
at 10,000 alerts the pages are the longest of the three, and a core would
otherwise sit idle for the last third of the build. So the pages are cut
into units (a language and a part of the site: its alert pages, or its
lists), and a unit goes to whichever process asks for the next one
first: the publishing process from the start, each child once its own
work is done.

Each page is still rendered by exactly one process, from the same records
with the same templates, so the output is the same whoever renders it.
The counters live in shared memory made before the children are forked;
the pages a helper listed come back through a queue, for the sitemap the
publishing process writes (it used to list them again itself, building
every list's first-page context a second time).
"""

from __future__ import annotations

import multiprocessing
import queue
from collections.abc import Callable
from dataclasses import dataclass, field

POLL = 0.02  # seconds between looks while waiting for another process's units


@dataclass
class PageShare:
    """Unit numbers 0..count-1, each handed out once; what the helpers wrote."""

    count: int
    _values: object = field(init=False, repr=False)

    def __post_init__(self) -> None:
        fork = multiprocessing.get_context("fork")
        # next unit to hand out, units finished by helpers, their pages written and kept
        self._values = fork.Array("q", 4)
        # each unit a helper finished: the pages it listed, for the sitemap the publishing process writes
        self._listed = fork.Queue()

    def claim(self) -> int | None:
        """The next unit nobody has taken, now this process's; None when all are taken."""
        with self._values.get_lock():
            number = self._values[0]
            if number >= self.count:
                return None
            self._values[0] = number + 1
            return number

    def help(self, publish_unit: Callable[[int], tuple[int, int, list]]) -> None:
        """In a child with nothing else to do: render units until none is left.

        `publish_unit(number)` renders one and says how many pages it
        wrote, how many of them it kept from the last build, and which
        pages it listed (for the sitemap).
        """
        while (number := self.claim()) is not None:
            pages, kept, listed = publish_unit(number)
            self._listed.put(listed)
            with self._values.get_lock():
                self._values[1] += 1
                self._values[2] += pages
                self._values[3] += kept

    def wait(self, mine: int, alive: Callable[[], bool]) -> tuple[int, int, list]:
        """Wait until every unit this process did not render (all but `mine`) is done.

        Returns the helpers' pages written and kept, and the pages they
        listed. Stops waiting when `alive()` says no helper process is
        left: one that failed reports its own error when its result is
        collected.
        """
        listed: list = []
        for _ in range(self.count - mine):
            while True:
                try:
                    listed += self._listed.get(timeout=POLL)
                    break
                except queue.Empty:
                    if not alive():
                        return self._counts(listed)
        return self._counts(listed)

    def _counts(self, listed: list) -> tuple[int, int, list]:
        with self._values.get_lock():
            return self._values[2], self._values[3], listed
