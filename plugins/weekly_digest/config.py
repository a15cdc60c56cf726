"""The digest settings, read once and checked before anything is written.

The first week is a fixed week, never a window ending today: a week's
address, once published, must never disappear (shared/spec/urls.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from .weeks import Week, WeekError

FIRST_WEEK = "2026-w01"  # the week the Communiqué began (DIGEST_FIRST_WEEK)
FEED_MAX_ITEMS = 3  # weeks in the digest feed (DIGEST_FEED_MAX_ITEMS)
STILL_OPEN_MAX = 5  # appeals named under "Still open", soonest deadline first (DIGEST_STILL_OPEN_MAX)
SUMMARY_CHARS = 160  # an item's summary is cut to about this many characters (DIGEST_SUMMARY_CHARS)
EMAIL_MAX_BYTES = 100_000  # Gmail clips a message over 102 KB; the HTML e-mail stays under this
FEED_MAX_BYTES = 250_000  # like every other feed (alert_feeds.config.MAX_BYTES)
_UNSUBSCRIBE = re.compile(r"^(mailto:[^\s<>,]+|https://[^\s<>,]+)$")


class DigestSettingsError(ValueError):
    """A digest setting the build cannot use: it names the setting, what was found and what is allowed."""


@dataclass(frozen=True)
class DigestSettings:
    first_week: Week
    feed_items: int
    still_open_max: int
    summary_chars: int
    list_unsubscribe: tuple[str, ...]  # addresses for List-Unsubscribe, e.g. ("mailto:…", "https://…")
    timezone: ZoneInfo
    siteurl: str  # "" in the local preview: the e-mail files then have root-relative links
    sitename: str
    authority: str  # FEED_TAG_AUTHORITY: the digest's ids are tag:<authority>:digest/<week>

    @classmethod
    def from_settings(cls, settings: dict) -> DigestSettings:
        try:
            first = Week.parse(settings.get("DIGEST_FIRST_WEEK", FIRST_WEEK))
        except WeekError as error:
            raise DigestSettingsError(f"DIGEST_FIRST_WEEK: {error}") from None
        authority = settings.get("FEED_TAG_AUTHORITY")
        if not authority:
            raise DigestSettingsError("FEED_TAG_AUTHORITY must be set: the digest's ids are made from it")
        return cls(
            first_week=first,
            feed_items=_number(settings, "DIGEST_FEED_MAX_ITEMS", FEED_MAX_ITEMS, least=1),
            still_open_max=_number(settings, "DIGEST_STILL_OPEN_MAX", STILL_OPEN_MAX, least=0),
            summary_chars=_number(settings, "DIGEST_SUMMARY_CHARS", SUMMARY_CHARS, least=40),
            list_unsubscribe=_unsubscribe(settings.get("DIGEST_LIST_UNSUBSCRIBE")),
            timezone=ZoneInfo(settings.get("TIMEZONE") or "UTC"),
            siteurl=str(settings.get("SITEURL") or "").rstrip("/"),
            sitename=str(settings["SITENAME"]),
            authority=str(authority),
        )

    def absolute(self, path: str) -> str:
        """A site path as an e-mail or feed reader needs it: joined to SITEURL."""
        return f"{self.siteurl}/{path}"

    def digest_id(self, week: Week) -> str:
        """The week's permanent id in every feed, format and language: tag:<authority>:digest/<week>."""
        return f"tag:{self.authority}:digest/{week.name}"


def _number(settings: dict, name: str, default: int, *, least: int) -> int:
    value = settings.get(name, default)
    if not isinstance(value, int) or isinstance(value, bool) or value < least:
        raise DigestSettingsError(f"{name} must be a whole number of at least {least}, found {value!r}")
    return value


def _unsubscribe(value) -> tuple[str, ...]:
    if value is None or value == "":
        return ()
    values = (value,) if isinstance(value, str) else value
    if not isinstance(values, list | tuple) or not all(isinstance(v, str) and _UNSUBSCRIBE.match(v) for v in values):
        raise DigestSettingsError(
            f"DIGEST_LIST_UNSUBSCRIBE must be a mailto: or https: address, or a list of them, or None; found {value!r}"
        )
    return tuple(values)
