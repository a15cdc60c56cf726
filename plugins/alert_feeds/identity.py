"""Permanent ids: tag: URIs (RFC 4151) built from the alert id only.

Nothing here reads SITEURL, a slug, a file name or a time zone: an entry
keeps its id when the site moves, in every feed, format and language.
"""

from __future__ import annotations

from clearinghouse.site import urls


def entry_id(authority: str, alert_id: str) -> str:
    """The id of an alert in every feed: tag:<authority>:alerts/<id>."""
    return f"tag:{authority}:alerts/{alert_id}"


def feed_id(authority: str, kind: str, key: str | None, lang: str) -> str:
    """One Atom feed's own id: its address without the extension, e.g.
    tag:<authority>:fr/feeds/countries/gh. Each language edition is its own feed."""
    return f"tag:{authority}:" + urls.feed(kind, key, lang, "atom").removesuffix(".atom")


def scheme(authority: str, vocabulary: str) -> str:
    """A category scheme: tag:<authority>:<vocabulary> (types, countries, regions,
    violations, cases). Ours, stable, and not tied to where the site is served."""
    return f"tag:{authority}:{vocabulary}"
