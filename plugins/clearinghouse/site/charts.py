"""Charts drawn at build time: alerts per year and most frequent violations.

Geometry is computed here, once, so the chart macro only places shapes;
readers get inline SVG (no chart library, nothing to download) and a table
with the same numbers as its text equivalent.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from clearinghouse.content.records import Alert
from clearinghouse.content.vocabulary import Term

WIDTH, HEIGHT = 360, 160
GUTTER = 20  # room for axis labels


@dataclass(frozen=True)
class Bar:
    label: str | Term  # a year, or a violation term the template labels
    value: int
    x: float
    y: float
    width: float
    height: float

    @property
    def middle(self) -> str:
        """Where a column's labels are centred, as short as the SVG can take it
        (a float sum wrote "5.805000000000001" on every country page)."""
        return _n(round(self.x + self.width / 2, 2))


@dataclass(frozen=True)
class Chart:
    kind: str  # "columns" (years) or "bars" (violations)
    bars: tuple[Bar, ...]
    width: int
    height: int

    @property
    def total(self) -> int:
        return sum(bar.value for bar in self.bars)

    @property
    def path(self) -> str:
        """Every bar as one SVG path: a twentieth of a <rect> per bar, on some 1,600
        chart pages (issue 16). Bars of no height draw nothing."""
        return "".join(
            f"M{_n(bar.x)} {_n(bar.y)}h{_n(bar.width)}v{_n(bar.height)}h-{_n(bar.width)}z"
            for bar in self.bars
            if bar.value
        )

    @property
    def labelled(self) -> bool:
        """Whether each column carries its number: only while they are few enough to read;
        the table under the chart always has them."""
        return len(self.bars) <= 12


def _n(value: float) -> str:
    """A coordinate without a trailing ".0"."""
    return f"{value:g}"


def alerts_per_year(alerts: Iterable[Alert]) -> Chart | None:
    counts = Counter(alert.date.year for alert in alerts)
    if not counts:
        return None
    years = range(min(counts), max(counts) + 1)
    top = max(counts.values())
    step = WIDTH / len(years)
    usable = HEIGHT - 2 * GUTTER
    bars = []
    for index, year in enumerate(years):
        height = usable * counts[year] / top
        bars.append(
            Bar(
                str(year),
                counts[year],
                round(index * step + step * 0.15, 2),
                round(GUTTER + usable - height, 2),
                round(step * 0.7, 2),
                round(height, 2),
            )
        )
    return Chart("columns", tuple(bars), WIDTH, HEIGHT)


def top_violations(alerts: Iterable[Alert], limit: int = 5) -> Chart | None:
    counts = Counter(term for alert in alerts for term in alert.violations)
    if not counts:
        return None
    ranked = sorted(counts.items(), key=lambda pair: (-pair[1], pair[0].slug))[:limit]
    top = ranked[0][1]
    row = 34
    bars = tuple(
        Bar(term, count, 0, index * row + 18, round((WIDTH - 40) * count / top, 2), 12)
        for index, (term, count) in enumerate(ranked)
    )
    return Chart("bars", bars, WIDTH, row * len(ranked))
