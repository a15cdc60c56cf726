"""ISO weeks in the site's time zone, and which of them the digest publishes.

A week is named `<year>-w<week>` (ISO 8601 week-numbering year, two-digit
week: `2026-w48`), the name in its address and in its feed id. An item
belongs to the week in which its `date` falls in TIMEZONE. The digest
publishes every week from DIGEST_FIRST_WEEK to the build's "today": the
weeks that are over are final, the current one is shown "so far" (page
only: no e-mail files, no feed entry) until it ends.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

_NAME = re.compile(r"^(?P<year>\d{4})-w(?P<week>\d{2})$")


class WeekError(ValueError):
    """A week name that is not `<year>-w<week>` or names no ISO week."""


@dataclass(frozen=True, order=True)
class Week:
    year: int  # the ISO week-numbering year
    number: int

    @classmethod
    def parse(cls, name: str) -> Week:
        """`2026-w48` (as in addresses); a clear error for anything else."""
        found = _NAME.match(str(name).strip().lower())
        if not found:
            raise WeekError(f"a week is written <year>-w<week>, e.g. 2026-w48; found {name!r}")
        year, number = int(found["year"]), int(found["week"])
        try:
            date.fromisocalendar(year, number, 1)
        except ValueError:
            raise WeekError(f"{name!r}: {year} has no ISO week {number}") from None
        return cls(year, number)

    @classmethod
    def of(cls, day: date) -> Week:
        year, number, _ = day.isocalendar()
        return cls(year, number)

    @property
    def name(self) -> str:
        return f"{self.year}-w{self.number:02d}"

    @property
    def monday(self) -> date:
        return date.fromisocalendar(self.year, self.number, 1)

    @property
    def sunday(self) -> date:
        return self.monday + timedelta(days=6)

    @property
    def after(self) -> date:
        """The Monday after: the day the Communiqué of this week goes out."""
        return self.monday + timedelta(days=7)

    def next(self) -> Week:
        return Week.of(self.after)

    def previous(self) -> Week:
        return Week.of(self.monday - timedelta(days=7))


def local_day(moment: datetime, zone: ZoneInfo) -> date:
    """The calendar day of an instant in the site's time zone."""
    return moment.astimezone(zone).date() if moment.tzinfo else moment.date()


def published_weeks(first: Week, today: date) -> list[Week]:
    """Every week from `first` to the one holding `today`, oldest first (none if `first` is later)."""
    current = Week.of(today)
    weeks: list[Week] = []
    week = first
    while week <= current:
        weeks.append(week)
        week = week.next()
    return weeks
