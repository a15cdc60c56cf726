"""Where one page of a paged list stands: its number, its neighbours, the first address."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Pager:
    """Where one page of a paged list stands (urls.md, "Pagination").

    The list's first address (number 0) shows its newest ALERTS_PER_PAGE
    items as cards. Older pages are lines (an index of the archive), and
    hold ALERTS_PER_OLDER_PAGE each, numbered from the oldest: page 1 holds
    the list's first items, so a full page keeps its items for ever, and a
    new alert changes the first address and the newest numbered page (not
    yet full, shown once it holds more than the first address does). `top`
    is the newest numbered page not wholly on the first address, where
    "Older" leads from it (its newest items may be on the first address too). A page offers its
    neighbours up to two away, the first address and page 1, so what it
    shows does not grow with the archive.

    A language edition has only the first address (urls.md allows it):
    `elsewhere` is then the default edition's page `top`, linked in the
    reader's language.
    """

    number: int
    top: int
    path_of: Callable[[int], str]
    elsewhere: str | None = None

    @staticmethod
    def top_page(items: int, size: int, older: int | None = None) -> int:
        """The newest numbered page not wholly on the first address.

        `size` items are on the first address, `older` on each numbered
        page (the same as `size` unless said).
        """
        older = older or size
        full, rest = divmod(items, older)
        if rest > size:
            return full + 1
        # full page k holds the newest-first items [items - k*older, items - (k-1)*older)
        return next((k for k in range(full, 0, -1) if items - (k - 1) * older > size), 0)

    @staticmethod
    def slices(items: int, older: int) -> list[tuple[int, slice]]:
        """Every numbered page, newest first, and which of the newest-first items it holds."""
        full, rest = divmod(items, older)
        pages = [(full + 1, slice(0, rest))] if rest else []
        return pages + [(n, slice(items - n * older, items - (n - 1) * older)) for n in range(full, 0, -1)]

    @property
    def first(self) -> bool:
        return self.number == 0

    @property
    def newer(self) -> str | None:
        """rel=prev: the next newer page, or the first address."""
        if self.first:
            return None
        return self.path_of(self.number + 1 if self.number + 1 <= self.top else 0)

    @property
    def older(self) -> str | None:
        """rel=next: the next older page."""
        number = self.top if self.first else self.number - 1
        return self.path_of(number) if number >= 1 and self.elsewhere is None else None

    @property
    def window(self) -> list[tuple[int, str] | None]:
        """(number, path) pairs, newest first (0: the first address); None where numbers are skipped."""
        if self.elsewhere is not None or self.top < 1:
            return []
        here = self.top if self.first else self.number
        numbers = {1, self.number, *range(max(1, here - 2), min(self.top, here + 2) + 1)} - {0}
        result: list[tuple[int, str] | None] = [(0, self.path_of(0))]
        previous = max(self.top, self.number) + 1
        for number in sorted(numbers, reverse=True):
            if previous - number > 1:
                result.append(None)
            result.append((number, self.path_of(number)))
            previous = number
        return result

    def fingerprint(self) -> str:
        """All a page shows of its place among the others (fingerprint.walk)."""
        return repr(("Pager", self.number, self.newer, self.older, self.window, self.elsewhere))
