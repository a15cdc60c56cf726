"""How feeds are grouped for people: the /feeds/ page and the OPML bundles.

Everything first (all alerts, open appeals), then each region with its
countries, then violation types, members and cases. The page and the OPML
files are built from the same groups, so they always list the same feeds.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from clearinghouse.site import urls
from clearinghouse.site.collation import collation_key
from clearinghouse.site.enrich import Site

from .config import KINDS
from .membership import Feed
from .naming import Gettext, naming


@dataclass(frozen=True)
class Listing:
    """One feed as a person picks it: its name and both addresses."""

    name: str
    title: str
    count: int  # items it carries now (all of them, before the cap)
    atom: str  # site paths
    rss: str
    page: str


@dataclass(frozen=True)
class Group:
    slug: str  # for the heading's id
    heading: str
    opml: str | None  # the group's own OPML bundle, if it has one
    listings: tuple[Listing, ...]
    # one short line per feed (name, Atom, RSS) rather than both addresses written
    # out: the cases, thousands of them, were 3 MB of each language's /feeds/ at 50,000 alerts
    compact: bool = False


# A feed another plugin writes, as a group of its own in `lang` (context["feed_groups"]).
ExtraGroup = Callable[[str, Gettext], Group]


def listing(feed: Feed, lang: str, gettext: Gettext, sitename: str) -> Listing:
    named = naming(feed, lang, gettext, sitename)
    return Listing(
        name=named.name,
        title=named.title,
        count=len(feed.items),
        atom=urls.feed(feed.kind, feed.key, lang, "atom"),
        rss=urls.feed(feed.kind, feed.key, lang, "rss"),
        page=named.page,
    )


def groups(
    site: Site, feeds: list[Feed], lang: str, gettext: Gettext, sitename: str, extra: Sequence[ExtraGroup] = ()
) -> list[Group]:
    """The groups in order; `extra` are other plugins' feeds (the weekly digest), listed after "Everything"."""
    by_kind: dict[str, list[Feed]] = {kind: [] for kind in KINDS}  # a young archive may have no case yet
    for feed in feeds:
        by_kind.setdefault(feed.kind, []).append(feed)
    countries = {f.key: f for f in by_kind["countries"]}
    entry = lambda feed: listing(feed, lang, gettext, sitename)  # noqa: E731
    found = [
        Group("everything", gettext("Everything"), None, tuple(entry(f) for f in by_kind["all"] + by_kind["appeals"]))
    ]
    found += [make(lang, gettext) for make in extra]
    for region_feed in by_kind["regions"]:
        region = region_feed.subject
        own = sorted(
            (entry(countries[c.code]) for c in site.vocab.countries_in(region.slug)),
            key=lambda x: collation_key(x.name, lang),
        )
        found.append(
            Group(region.slug, region.label_in(lang), urls.opml(region.slug, lang), (entry(region_feed), *own))
        )
    found.append(Group("topics", gettext("Violations"), None, tuple(entry(f) for f in by_kind["topics"])))
    members = sorted((entry(f) for f in by_kind["members"]), key=lambda x: collation_key(x.name, lang))
    found.append(Group("members", gettext("Members"), None, tuple(members)))
    if by_kind["cases"]:
        found.append(Group("cases", gettext("Cases"), None, tuple(entry(f) for f in by_kind["cases"]), compact=True))
    return found
