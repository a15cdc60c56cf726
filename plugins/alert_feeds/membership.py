"""Which alerts each feed carries: the one place membership is decided.

Every feed of urls.md, in a fixed order, with all the published originals
that belong to it, newest first. Capping to FEED_MAX_ITEMS and picking each
item's language happen later, so this stays a plain question of belonging:
an alert is in its countries', regions', issuer's and co-signers', case's
and violations' feeds, in `all`, in `appeals` while its appeal is open, and
nowhere else. A `global` item has no country and only the `global` region.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from operator import attrgetter

from clearinghouse.content.records import Alert, Case, Member
from clearinghouse.content.vocabulary import Country, Term
from clearinghouse.site.enrich import Site

Subject = Term | Country | Member | Case | None


@dataclass(frozen=True)
class Feed:
    """One feed of the site (in every language and format)."""

    kind: str  # all, appeals, regions, countries, topics, members, cases (urls.feed)
    key: str | None  # region/violation slug, country code, member slug, case id
    subject: Subject
    items: tuple[Alert, ...]  # originals, newest first, before any cap

    def latest(self, count: int) -> tuple[Alert, ...]:
        return self.items[:count]


def newest_first(alerts: Iterable[Alert]) -> tuple[Alert, ...]:
    """Each alert once, newest first, ties broken by id (the site's own order)."""
    return tuple(sorted({id(a): a for a in alerts}.values(), key=_SORT_KEY))


# The cached key read in C: a lambda per alert was half of feeds_of (about 66,000 calls at 10,000 alerts).
_SORT_KEY = attrgetter("sort_key")


def feeds_of(site: Site) -> list[Feed]:
    """Every feed, even those with no item yet (every country has one)."""
    vocab = site.vocab
    feeds = [
        Feed("all", None, None, newest_first(site.alerts)),
        Feed("appeals", None, None, newest_first(site.open_appeals())),
    ]
    feeds += [Feed("regions", r.slug, r, newest_first(site.by_region.get(r.slug, ()))) for r in vocab.regions]
    feeds += [
        Feed("countries", c.code, c, newest_first(site.by_country.get(c.code, ()))) for c in vocab.countries.values()
    ]
    feeds += [Feed("topics", t.slug, t, newest_first(site.by_topic.get(t.slug, ()))) for t in vocab.violations]
    feeds += [Feed("members", m.slug, m, newest_first([*m.issued, *m.co_signed])) for m in site.members.values()]
    feeds += [Feed("cases", c.id, c, newest_first(c.items)) for c in site.cases.values()]
    return feeds
