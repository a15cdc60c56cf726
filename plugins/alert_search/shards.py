"""How an archive of any size is cut into search shards, by period.

A reader's first results must come from one small download, and a browser
that has fetched a shard must never fetch it again while it is unchanged. So
shards follow the calendar: one per year while a year holds at most `cap`
alerts, else one per quarter, else per month, and a month beyond `cap` is cut
into runs of `cap` in date order. Whole years that are small are merged with
their neighbours (oldest first, never the newest year) so an old, thin archive
is not a hundred tiny files. A new alert lands in the newest shard; older
shards, and their content-hashed file names, stay the same.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import groupby

from .documents import Placed, SearchDoc

_YEARS = re.compile(r"^\d{4}(-\d{4})?$")  # "2019" or merged "2011-2014"; not "2019-q3", "2019-07"


@dataclass(frozen=True)
class Shard:
    """Consecutive alerts of one period, oldest first (their numbers in the shard).

    Its items are search documents, or alerts only placed by their day
    (`Placed`) until the shard is known to need building.
    """

    period: str
    docs: tuple[SearchDoc, ...] | tuple[Placed, ...]

    @property
    def first_day(self) -> str:
        return self.docs[0].day

    @property
    def last_day(self) -> str:
        return self.docs[-1].day


def partition(docs: Sequence[SearchDoc], cap: int) -> list[Shard]:
    """Shards of `docs` (oldest first) of at most `cap` alerts, newest shard first."""
    if cap < 1:
        raise ValueError("a shard holds at least one alert")
    years = [(year, tuple(group)) for year, group in groupby(docs, key=lambda d: d.day[:4])]
    shards: list[Shard] = []
    for year, group in years:
        shards += _split_year(year, group, cap)
    return list(reversed(_merge_small_years(shards, cap, newest=years[-1][0] if years else "")))


def _split_year(year: str, docs: tuple[SearchDoc, ...], cap: int) -> list[Shard]:
    if len(docs) <= cap:
        return [Shard(year, docs)]
    shards: list[Shard] = []
    for quarter, group in _groups(docs, lambda d: (int(d.day[5:7]) - 1) // 3 + 1):
        if len(group) <= cap:
            shards.append(Shard(f"{year}-q{quarter}", group))
            continue
        for month, days in _groups(group, lambda d: d.day[5:7]):
            shards += _runs(f"{year}-{month}", days, cap)
    return shards


def _runs(period: str, docs: tuple[SearchDoc, ...], cap: int) -> list[Shard]:
    if len(docs) <= cap:
        return [Shard(period, docs)]
    return [Shard(f"{period}-{n + 1}", docs[start : start + cap]) for n, start in enumerate(range(0, len(docs), cap))]


def _groups(docs: Iterable[SearchDoc], key) -> list[tuple[object, tuple[SearchDoc, ...]]]:
    return [(k, tuple(g)) for k, g in groupby(docs, key=key)]


def _merge_small_years(shards: list[Shard], cap: int, newest: str) -> list[Shard]:
    """Join whole-year shards, oldest first, while the joined count stays within cap."""
    merged: list[Shard] = []
    for shard in shards:
        previous = merged[-1] if merged else None
        if (
            previous is not None
            and shard.period != newest
            and _YEARS.match(shard.period)
            and _YEARS.match(previous.period)
            and len(previous.docs) + len(shard.docs) <= cap
        ):
            merged[-1] = Shard(f"{previous.period[:4]}-{shard.period}", previous.docs + shard.docs)
        else:
            merged.append(shard)
    return merged


def chunks(shard: Shard, size: int) -> list[tuple[SearchDoc, ...]]:
    """The shard's alerts in runs of `size`, the files result texts come in."""
    return [shard.docs[start : start + size] for start in range(0, len(shard.docs), size)]
