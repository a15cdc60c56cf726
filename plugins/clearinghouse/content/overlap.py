"""Overlap warnings: an alert that may report what another already did.

Two members often report the same arrest a few days apart, and nothing in
validation can say so: both files are valid. `make check` therefore warns
(it does not fail: only an editor can tell two people with one name apart)
when two items, not on the same case, name the same victim or outlet in the
same country within `WINDOW` of each other. The newer one is "new": it is
the one a pull request adds, and the one to turn into an update.

Names are compared folded (accents, case and punctuation dropped, so
"José Martínez" is "jose martinez") and then with a small edit distance
(RapidFuzz's Levenshtein, a maintained C implementation) so that one
mistyped letter still matches. Whole names are compared, never single
words: "Radio Progreso" and "Radio Libertad" share a word, not an outlet.
Short names are where a one-letter difference is another name ("Ana Ruiz",
"Ana Diaz"), so they must match exactly, and names under `MIN_LETTERS`
letters (initials, "TV5") are not compared at all.

Only originals are compared: a translation is the same alert, not another
report of it. An existing item that is a draft is not "already published".

Cost: items are grouped by country and sorted by date, so each is compared
only with the few items of its country in the window before it; 10,000
alerts take about a tenth of a second (docs/review.md).
"""

from __future__ import annotations

import os
import re
import unicodedata
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from functools import cache

from rapidfuzz.distance import Levenshtein

from clearinghouse.content.entries import Entries, Entry

WINDOW = timedelta(days=60)
MIN_LETTERS = 5  # shorter names (initials, "TV5", "Ali") are never compared
EXACT_BELOW = 10  # names with fewer letters must match exactly once folded
TWO_EDITS_FROM = 18  # names this long may differ by two edits; otherwise by one

_NOT_LETTERS = re.compile(r"[\W_]+")
# Letters Unicode does not decompose into a base letter and an accent.
_UNDECOMPOSED = str.maketrans({"ø": "o", "đ": "d", "ð": "d", "ł": "l", "ı": "i", "æ": "ae", "œ": "oe", "þ": "th"})


@cache  # the same names and outlets recur across an archive
def fold(name: str) -> str:
    """A name as compared: accents, case, punctuation and spacing dropped.

    Scripts without accents (Arabic, Cyrillic) keep their letters: a name is
    only compared with names written in the same script.
    """
    text = name.casefold()
    if not text.isascii():
        decomposed = unicodedata.normalize("NFKD", text.translate(_UNDECOMPOSED))
        text = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(_NOT_LETTERS.split(text)).strip()


def allowed_edits(key: str) -> int:
    letters = len(key.replace(" ", ""))
    return 0 if letters < EXACT_BELOW else 2 if letters >= TWO_EDITS_FROM else 1


def same_name(a: str, b: str) -> bool:
    """Whether two folded names are one name, allowing small spelling differences.

    The word order may differ too ("Martínez José"), so the sorted words are
    compared as well.
    """
    if a == b:
        return True
    edits = min(allowed_edits(a), allowed_edits(b))
    if not edits:
        return False
    if Levenshtein.distance(a, b, score_cutoff=edits) <= edits:
        return True
    a_sorted, b_sorted = " ".join(sorted(a.split())), " ".join(sorted(b.split()))
    return Levenshtein.distance(a_sorted, b_sorted, score_cutoff=edits) <= edits


@dataclass(frozen=True)
class Item:
    """What overlap looks at in one original alert file."""

    entry: Entry
    date: datetime
    case: str | None
    names: tuple[tuple[str, str], ...]  # (folded, as written): victims and their outlets

    @property
    def id(self) -> str:
        return self.entry.key

    @property
    def published(self) -> bool:
        return self.entry.values.get("status", "published") != "draft"

    @property
    def order(self) -> tuple[datetime, str]:
        return (self.date, self.id)


def names_of(entry: Entry) -> tuple[tuple[str, str], ...]:
    """Every victim's name and outlet, once each, folded and as written."""
    seen: dict[str, str] = {}
    for victim in entry.values.get("victims") or ():
        for written in (victim.get("name"), victim.get("outlet")):
            if written:
                key = fold(written)
                if len(key.replace(" ", "")) >= MIN_LETTERS:
                    seen.setdefault(key, written)
    return tuple(seen.items())


@dataclass(frozen=True)
class Overlap:
    """A newer item that may repeat an older one, and why we think so."""

    new: Item
    existing: Item
    country: str
    shared: tuple[tuple[str, str], ...]  # (as written in new, as written in existing)
    also: int = 0  # more items of the existing case that match too (one warning per case)

    @property
    def days(self) -> int:
        return (self.new.date - self.existing.date).days

    def names(self) -> str:
        return "; ".join(
            f"'{mine}'" if mine == theirs else f"'{mine}' (there: '{theirs}')" for mine, theirs in self.shared
        )

    def suggestion(self) -> str:
        case = self.existing.case
        if case:
            return f"if it is the same case, make this file an update of it: type: update, case: {case}"
        return (
            f"if it is the same case, give both files one case id (e.g. case: {self.existing.id}) "
            "and make this file an update"
        )

    def message(self) -> str:
        case = f"case {self.existing.case}" if self.existing.case else "no case yet"
        if self.also:
            more = (
                "1 more item of that case matches" if self.also == 1 else f"{self.also} more items of that case match"
            )
            case += f"; {more} too"
        return (
            f"may report the same as {self.existing.entry.path} ({case}), "
            f"{self.days} day{'s' if self.days != 1 else ''} earlier in {self.country}"
        )

    def __str__(self) -> str:
        line = self.new.entry.line("victims")
        where = f"{self.new.entry.path}:{line}" if line else str(self.new.entry.path)
        return (
            f"{where}: warning: {self.message()}\n    same names: {self.names()}\n    suggestion: {self.suggestion()}"
        )

    def annotation(self) -> str:
        """The warning as a GitHub Actions workflow command: the pull request's
        checks then show it on the new file's line."""
        text = f"{self.message()}. Same names: {self.names()}. Suggestion: {self.suggestion()}."
        line = self.new.entry.line("victims") or 1
        return f"::warning file={self.new.entry.path},line={line},title=Possible duplicate alert::{_escape(text)}"


def _escape(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def items(entries: Entries) -> list[Item]:
    """The originals that name someone (translations are the same alert)."""
    found = []
    for entry in entries.alerts:
        if entry.is_translation or "date" not in entry.values:
            continue
        names = names_of(entry)
        if names:
            found.append(Item(entry, entry.values["date"], entry.values.get("case"), names))
    return found


def find_overlaps(entries: Entries, window: timedelta = WINDOW) -> list[Overlap]:
    """Every pair of items that may be one story told twice, newest first in each pair."""
    by_country: dict[str, list[Item]] = defaultdict(list)
    for item in items(entries):
        for country in item.entry.values.get("country") or ():
            by_country[country].append(item)
    pairs: dict[tuple[str, str], Overlap] = {}
    for country in sorted(by_country):
        for pair in _in_country(country, sorted(by_country[country], key=lambda i: i.order), window):
            pairs.setdefault((pair.new.id, pair.existing.id), pair)  # one warning when they share two countries
    # One warning per new item and existing case, about the case's nearest item.
    by_case: dict[tuple[str, str], list[Overlap]] = defaultdict(list)
    for pair in pairs.values():
        by_case[(pair.new.id, pair.existing.case or f"/{pair.existing.id}")].append(pair)
    found = []
    for group in by_case.values():
        nearest = max(group, key=lambda o: o.existing.order)
        found.append(replace(nearest, also=len(group) - 1))
    return sorted(found, key=lambda o: (str(o.new.entry.path), str(o.existing.entry.path)))


def _in_country(country: str, ordered: list[Item], window: timedelta) -> Iterable[Overlap]:
    dates = [item.date for item in ordered]
    for index, new in enumerate(ordered):
        for existing in ordered[bisect_left(dates, new.date - window) : index]:
            if not existing.published or (new.case and new.case == existing.case):
                continue
            shared = tuple(
                (mine, theirs) for key, mine in new.names for other, theirs in existing.names if same_name(key, other)
            )
            if shared:
                yield Overlap(new, existing, country, shared)


def report(overlaps: list[Overlap]) -> str:
    """The warnings as `make check` prints them (and, on GitHub, as annotations)."""
    lines = [str(o) for o in overlaps]
    if os.environ.get("GITHUB_ACTIONS") == "true":
        lines += [o.annotation() for o in overlaps]
    return "\n\n".join(lines)
