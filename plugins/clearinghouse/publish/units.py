"""The build's pages in units one process renders together, and the list of pages written.

page_share.py hands units out to the processes that render pages; the
sitemap is made from `Written`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from clearinghouse.content.records import Alert
from clearinghouse.site.enrich import Site

# A language's alert pages are cut into units of about this many pages
# (about half a second each): the units handed out last are these, so the
# processes sharing the pages finish within about a unit of each other.
ALERT_PAGES_PER_UNIT = 1_000


@dataclass(frozen=True)
class Unit:
    """Pages that one process renders together (page_share.py hands them out).

    `lists` is every browsing page of a language (archive, places, topics,
    members, cases): one unit, because they show the same cards, which a
    process renders once per language. `alerts` is the `part`-th of
    `parts` slices of the language's alert pages (the first also has the
    home page, the site's own pages and the 404 page).
    """

    lang: str
    kind: str  # "lists" or "alerts"
    part: int = 0
    parts: int = 1


def units(site: Site) -> list[Unit]:
    """Every unit of the build, longest first, so that the last ones handed out are short.

    Processes take units in this order, and the build ends when the last
    one is done: a long unit taken last would keep one core busy while the
    other waits. So the lists (a few seconds each at 10,000 alerts) come
    first, and the alert pages, in slices of ALERT_PAGES_PER_UNIT, after.
    """
    found = [Unit(lang, "lists") for lang in site.languages]
    for lang in site.languages:
        parts = max(1, -(-len(alert_pages(site, lang)) // ALERT_PAGES_PER_UNIT))
        found += [Unit(lang, "alerts", part, parts) for part in range(parts)]
    return found


def alert_pages(site: Site, lang: str) -> list[tuple[Alert, Alert]]:
    """(alert, as shown) for every alert with a page in `lang`: its original or translation.

    Made once per site and language (kept on the site): `units` and every
    process's publisher ask for it, 15 walks of the archive per build.
    """
    made = site.__dict__.setdefault("_alert_pages", {})
    found = made.get(lang)
    if found is None:
        found = made[lang] = []
        for alert in site.alerts:
            shown = alert if alert.lang == lang else alert.translations.get(lang)
            if shown is not None:
                found.append((alert, shown))
    return found


@dataclass
class Written:
    """A page that went out, for the sitemap."""

    path: str
    lastmod: datetime | None
