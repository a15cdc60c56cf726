"""The feed settings, read once and checked before anything is written.

A wrong tag authority would give every entry a new id and make every
subscriber's reader show the whole archive again, so it is checked against
RFC 4151 here rather than trusted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

# RFC 4151: taggingEntity = authorityName "," date; a DNS name or an e-mail
# address, then a year, optionally with month and day.
_AUTHORITY = re.compile(
    r"^(?P<name>[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?|[^@\s,:]+@[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?)"
    r",(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?$"
)
MAX_BYTES = 250_000  # every feed file stays under 250 KB (issue 3)
MAX_ITEMS = 20  # newest items per feed unless FEED_MAX_ITEMS says (issue 16: "20 is common")
# Per kind (FEED_MAX_ITEMS_BY_KIND): a reader misses an item only when more
# than this many arrive between two of its fetches, which "all" (every alert)
# and "appeals" can see in a busy week, a country's or a topic's hardly ever.
MAX_ITEMS_BY_KIND: dict[str, int] = {}
# How many of a feed's newest items carry their body; the older ones their
# title, summary and link (FEED_FULL_ITEMS). A subscriber's reader has the
# older ones already; a new subscriber gets their summaries (issue 16).
FULL_ITEMS = 5
# Per kind of feed (FEED_FULL_ITEMS_BY_KIND): "all" is one file, read by the
# most readers, and many items a day can land in it; a case feed gets a new
# item every few months, and its feeds (one per case) outnumber all others.
FULL_ITEMS_BY_KIND = {"all": 20, "appeals": 20, "countries": 3, "members": 3, "cases": 0}
KINDS = ("all", "appeals", "regions", "countries", "topics", "members", "cases")


class FeedSettingsError(ValueError):
    """A feed setting that would publish wrong or unstable feeds."""


@dataclass(frozen=True)
class FeedSettings:
    siteurl: str  # "" for the local preview: links are then root-relative
    authority: str  # the tag: URI authority, e.g. "freeexpression.example,2026"
    max_items: int
    hub: str | None
    sitename: str
    max_bytes: int = MAX_BYTES
    full_items: int = FULL_ITEMS
    full_items_by_kind: tuple[tuple[str, int], ...] = tuple(FULL_ITEMS_BY_KIND.items())
    max_items_by_kind: tuple[tuple[str, int], ...] = ()
    child_max_alerts: int = 20_000  # above: written in the build's own process (docs/performance.md)

    @classmethod
    def from_settings(cls, settings: dict) -> FeedSettings:
        authority = settings.get("FEED_TAG_AUTHORITY")
        if not authority or not _AUTHORITY.match(str(authority)):
            raise FeedSettingsError(
                f"FEED_TAG_AUTHORITY must be a tag: authority like 'example.org,2026' (RFC 4151), found {authority!r}"
            )
        max_items = _whole_number(settings, "FEED_MAX_ITEMS", MAX_ITEMS, least=1)
        child_max = _whole_number(settings, "FEEDS_CHILD_MAX_ALERTS", cls.child_max_alerts, least=0)
        full_items = _whole_number(settings, "FEED_FULL_ITEMS", FULL_ITEMS, least=0)
        by_kind = _by_kind(settings, "FEED_FULL_ITEMS_BY_KIND", FULL_ITEMS_BY_KIND, least=0)
        max_by_kind = _by_kind(settings, "FEED_MAX_ITEMS_BY_KIND", MAX_ITEMS_BY_KIND, least=1)
        hub = settings.get("WEBSUB_HUB") or None
        if hub is not None and not re.match(r"^https?://[^\s]+$", str(hub)):
            raise FeedSettingsError(f"WEBSUB_HUB must be an http(s) address or None, found {hub!r}")
        return cls(
            siteurl=str(settings.get("SITEURL") or "").rstrip("/"),
            authority=str(authority),
            max_items=max_items,
            hub=hub,
            sitename=str(settings["SITENAME"]),
            child_max_alerts=child_max,
            full_items=full_items,
            full_items_by_kind=by_kind,
            max_items_by_kind=max_by_kind,
        )

    def max_items_of(self, kind: str) -> int:
        """How many newest items a feed of this kind carries."""
        return dict(self.max_items_by_kind).get(kind, self.max_items)

    def full_items_of(self, kind: str) -> int:
        """How many newest items of a feed of this kind carry their body."""
        return dict(self.full_items_by_kind).get(kind, self.full_items)

    def absolute(self, path: str) -> str:
        """A site path as subscribers get it: joined to SITEURL like every page link."""
        return f"{self.siteurl}/{path}"

    @property
    def quiet_time(self) -> datetime:
        """The `updated` time of a feed with no entry: midnight UTC at the start of
        the tag authority's date. Fixed by a setting, never the clock, so an empty
        feed never looks changed to a reader or to the WebSub ping."""
        parts = _AUTHORITY.match(self.authority)
        return datetime(int(parts["year"]), int(parts["month"] or 1), int(parts["day"] or 1), tzinfo=UTC)


def _by_kind(settings: dict, setting: str, default: dict[str, int], *, least: int) -> tuple[tuple[str, int], ...]:
    value = settings.get(setting, default)
    if not isinstance(value, dict):
        raise FeedSettingsError(f"{setting} must be a dict of feed kind to a number, found {value!r}")
    for kind, number in value.items():
        if kind not in KINDS:
            raise FeedSettingsError(f"{setting}: {kind!r} is not a kind of feed; the kinds are {', '.join(KINDS)}")
        name = f"{setting}[{kind!r}]"
        _whole_number({name: number}, name, 0, least=least)
    return tuple(sorted(value.items()))


def _whole_number(settings: dict, name: str, default: int, *, least: int) -> int:
    value = settings.get(name, default)
    if not isinstance(value, int) or isinstance(value, bool) or value < least:
        raise FeedSettingsError(f"{name} must be a whole number of at least {least}, found {value!r}")
    return value
