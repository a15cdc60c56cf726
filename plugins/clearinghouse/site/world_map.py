"""The map of where it happens: alerts per country in the last 12 months.

The shapes are drawn once, by `tools/map/make_asset.py`, into
`data/map/world.json` (Natural Earth 1:110m countries from npm's
world-atlas, projected with Equal Earth): here they are only coloured. The
home page and /countries/ show the world, a region page its region framed
by the boxes of its countries' largest polygons. Every number on the map is
also in the table beside it (the map is a picture of the table), and each
record says in its fingerprint what it shows, so a page with a map is
rendered again when a count, a shade or the 12-month window changes.

The window is the 12 months up to the build's "today" (`Site.today`:
`SOURCE_DATE_EPOCH` when set, as for open appeals): alerts dated from the
day after the same day a year before up to today, both included. Each published original
counts once for each of its countries; translations do not count again.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property
from pathlib import Path

from clearinghouse.content.vocabulary import Country, Term
from clearinghouse.site.collation import collation_key
from clearinghouse.site.enrich import Site
from clearinghouse.site.fingerprint import digest

ASSET = Path(__file__).resolve().parents[3] / "data" / "map" / "world.json"
SHADES = 4  # classes of a non-zero count; shade 0 is "no alert"
PADDING = 8  # around a region's countries, in map units


@dataclass(frozen=True)
class Shape:
    """One country on the map: a link to its page, titled with its name and count."""

    country: Country
    count: int
    shade: int
    d: str


@dataclass(frozen=True)
class Step:
    """One colour of the legend: counts from `low` to `high` (equal when one number)."""

    shade: int
    low: int
    high: int


@dataclass(frozen=True)
class Row:
    """A line of a country table: recent alerts (the map's number) and all alerts."""

    country: Country
    count: int
    total: int


@dataclass(frozen=True)
class WorldMap:
    """A ready-made map in one language: shapes, legend, table and window."""

    region: Term | None  # None: the world
    view_box: str
    shapes: tuple[Shape, ...]
    unlabelled: tuple[str, ...]  # paths of shapes with no ISO code: drawn, not linked
    legend: tuple[Step, ...]
    rows: tuple[Row, ...]  # countries with an alert in the window, most first, then by name
    first: date  # the window, both days included
    last: date
    lang: str

    def fingerprint(self) -> str:
        """What the map shows, beyond the shapes (in data/, part of the site digest)."""
        return self._token

    @cached_property
    def _token(self) -> str:
        counts = ",".join(f"{s.country.code}:{s.count}:{s.shade}" for s in self.shapes)
        rows = ",".join(f"{r.country.code}:{r.count}:{r.total}" for r in self.rows)
        legend = ",".join(f"{s.shade}:{s.low}:{s.high}" for s in self.legend)
        region = self.region.slug if self.region else ""
        return "Map:" + digest(region, self.lang, self.view_box, counts, rows, legend, str(self.first), str(self.last))


def window(today: date) -> tuple[date, date]:
    """The 12 months up to `today`, both days included: from the day after the same day a year before."""
    try:
        year_before = today.replace(year=today.year - 1)
    except ValueError:  # 29 February
        year_before = today.replace(year=today.year - 1, day=28)
    return year_before + timedelta(days=1), today


def recent_counts(site: Site) -> dict[str, int]:
    """Alerts per country code dated within the window (the map's and the tables' numbers)."""
    first, last = window(site.today)
    counts: dict[str, int] = {}
    for code, alerts in site.by_country.items():
        recent = sum(1 for alert in alerts if first <= alert.date.date() <= last)
        if recent:
            counts[code] = recent
    return counts


def steps(highest: int) -> tuple[Step, ...]:
    """Up to SHADES classes from 1 to `highest`, wider as counts grow (a few countries have many)."""
    if highest < 1:
        return ()
    lows = sorted({math.ceil(highest ** (k / SHADES)) for k in range(SHADES)})
    highs = [low - 1 for low in lows[1:]] + [highest]
    return tuple(Step(index + 1, low, high) for index, (low, high) in enumerate(zip(lows, highs, strict=True)))


def shade_of(count: int, legend: tuple[Step, ...]) -> int:
    return next((step.shade for step in legend if step.low <= count <= step.high), 0)


class WorldMaps:
    """Every map of one build, made on first use and kept for every page that shows it."""

    def __init__(self, site: Site, asset: Path = ASSET) -> None:
        self.site = site
        self.asset = asset
        self._maps: dict[tuple[str | None, str], WorldMap] = {}

    @cached_property
    def _shapes(self) -> dict:
        return json.loads(self.asset.read_text(encoding="utf-8"))

    @cached_property
    def counts(self) -> dict[str, int]:
        return recent_counts(self.site)

    def world(self, lang: str) -> WorldMap:
        return self._map(None, lang)

    def region(self, region: Term, lang: str) -> WorldMap | None:
        """The region's map, or None when none of its countries is drawn (the `global` region)."""
        drawn = self._shapes["countries"]
        if not any(c.code in drawn for c in self.site.vocab.countries_in(region.slug)):
            return None
        return self._map(region, lang)

    def directory(self, lang: str) -> list[tuple[Term, list[Row]]]:
        """/countries/: every country, by region, alphabetically in `lang`, with its counts."""
        groups = []
        for region in self.site.vocab.regions:
            rows = [self._row(c) for c in self.site.vocab.countries_in(region.slug)]
            if rows:
                rows.sort(key=lambda row: collation_key(row.country.label_in(lang), lang))
                groups.append((region, rows))
        return groups

    def _row(self, country: Country) -> Row:
        return Row(country, self.counts.get(country.code, 0), len(self.site.by_country.get(country.code, ())))

    def _map(self, region: Term | None, lang: str) -> WorldMap:
        key = (region.slug if region else None, lang)
        if key not in self._maps:
            self._maps[key] = self._make(region, lang)
        return self._maps[key]

    def _make(self, region: Term | None, lang: str) -> WorldMap:
        vocab, drawn = self.site.vocab, self._shapes["countries"]
        countries = vocab.countries_in(region.slug) if region else list(vocab.countries.values())
        legend = steps(max((self.counts.get(c.code, 0) for c in countries), default=0))
        shapes = tuple(
            Shape(c, count, shade_of(count, legend), drawn[c.code]["d"])
            for c in sorted(countries, key=lambda c: c.code)
            if c.code in drawn
            for count in (self.counts.get(c.code, 0),)
        )
        rows = [self._row(c) for c in countries if self.counts.get(c.code)]
        rows.sort(key=lambda row: (-row.count, collation_key(row.country.label_in(lang), lang)))
        first, last = window(self.site.today)
        return WorldMap(
            region=region,
            view_box=self._view_box([drawn[s.country.code]["box"] for s in shapes]) if region else self._whole(),
            shapes=shapes,
            unlabelled=() if region else tuple(s["d"] for s in self._shapes["unlabelled"]),
            legend=legend,
            rows=tuple(rows),
            first=first,
            last=last,
            lang=lang,
        )

    def _whole(self) -> str:
        return f"0 0 {self._shapes['width']} {self._shapes['height']}"

    @staticmethod
    def _view_box(boxes: list[list[int]]) -> str:
        left = min(b[0] for b in boxes) - PADDING
        top = min(b[1] for b in boxes) - PADDING
        right = max(b[2] for b in boxes) + PADDING
        bottom = max(b[3] for b in boxes) + PADDING
        return f"{left} {top} {right - left} {bottom - top}"
