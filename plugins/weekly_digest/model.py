"""What one week's digest holds, for a reader of one language.

The templates (web page, e-mail, plain text, feed entry) all show these
records and decide nothing. An item appears once, under its first region
and first country (an item about a whole region, or the world, under its
region alone); its other places are named beside it. "Still open" is the
appeals open on the day the Communiqué of a finished week goes out (the
Monday after it), so a finished week's page never changes with the
calendar; for the current week it is the appeals open today.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, fields
from datetime import date

from clearinghouse.content.records import Alert
from clearinghouse.content.vocabulary import Country, Term
from clearinghouse.site import fingerprint
from clearinghouse.site.collation import collation_key
from clearinghouse.site.enrich import Site

from .config import DigestSettings
from .weeks import Week, local_day, published_weeks


@dataclass(frozen=True)
class Item:
    alert: Alert  # as the reader gets it: its translation, or the original (then marked)
    summary: str  # cut to DIGEST_SUMMARY_CHARS; "" when not in the reader's language


@dataclass(frozen=True)
class CountryGroup:
    country: Country | None  # None: items about the region as a whole
    items: tuple[Item, ...]


@dataclass(frozen=True)
class RegionGroup:
    region: Term
    countries: tuple[CountryGroup, ...]


@dataclass(frozen=True)
class WeekDigest:
    week: Week
    final: bool  # the week is over: the page will not change with the calendar
    regions: tuple[RegionGroup, ...]
    count: int  # items in the week
    untranslated: int  # items left out: not yet translated into the reader's language (e-mail, feed)
    still_open: tuple[Alert, ...]  # soonest deadline first, at most DIGEST_STILL_OPEN_MAX
    more_open: int  # open appeals beyond those named
    as_of: date  # the day "still open" is for
    previous: Week | None  # the published weeks beside it
    next: Week | None

    def fingerprint(self) -> str:
        """What the week's page, e-mails and feed entry show, for their fingerprints (fingerprint.walk).

        Walked field by field, every item's nested records were most of the
        digest's work on a rebuild (725 files' fingerprints, 0.07 s of CPU at
        10,000 alerts). The groups follow from the items' alerts (their
        first region and country, in their digest), the language (in every
        file's fingerprint) and the code and settings (in the site digest),
        so the places and the alerts in order say it all; an item's summary
        is its alert's, cut by a setting. Made once per week and language.
        """
        token = self.__dict__.get("_fingerprint")
        if token is None:
            places, items = [], []
            for group in self.regions:
                places.append(group.region.slug)
                for place in group.countries:
                    places.append(place.country.code if place.country else "")
                    items.append([item.alert for item in place.items])
                    items.append([bool(item.summary) for item in place.items])
            tokens: list[str] = []
            fingerprint.walk([[getattr(self, name) for name in _OTHER_FIELDS], places, items], tokens)
            token = self.__dict__["_fingerprint"] = "WeekDigest:" + fingerprint.digest(*tokens)
        return token


_OTHER_FIELDS = tuple(f.name for f in fields(WeekDigest) if f.name != "regions")


@dataclass
class Archive:
    """The originals of every published week, found in one pass over the site."""

    weeks: list[Week]  # oldest first
    current: Week
    items: dict[Week, list[Alert]]  # newest first, as the site orders
    appeals: list[tuple[date, date, Alert]]  # (day published, deadline, item), for "still open"

    @classmethod
    def of(cls, site: Site, config: DigestSettings) -> Archive:
        weeks = published_weeks(config.first_week, site.today)
        first = config.first_week.monday
        items: dict[Week, list[Alert]] = defaultdict(list)
        appeals = []
        for alert in site.alerts:  # newest first
            day = local_day(alert.date, config.timezone)
            if alert.appeal and alert.appeal.deadline >= first:
                appeals.append((day, alert.appeal.deadline, alert))
            if day >= first:
                items[Week.of(day)].append(alert)
        appeals.sort(key=lambda found: (found[1], found[2].sort_key))
        return cls(weeks=weeks, current=Week.of(site.today), items=dict(items), appeals=appeals)

    def final(self, week: Week) -> bool:
        return week < self.current

    def finished(self) -> list[Week]:
        return [w for w in self.weeks if self.final(w)]

    def as_of(self, week: Week, today: date) -> date:
        return week.after if self.final(week) else today

    def open_at(self, week: Week, today: date) -> list[Alert]:
        """The appeals open on the day the week's Communiqué is for, soonest deadline first."""
        day = self.as_of(week, today)
        last = min(week.sunday, today)
        return [alert for published, deadline, alert in self.appeals if deadline >= day and published <= last]


def shorten(text: str, limit: int) -> str:
    """`text` cut at a word before `limit` characters, with an ellipsis: a digest is read at a glance."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.-–—") + "…"


def week_digest(
    site: Site, archive: Archive, config: DigestSettings, week: Week, lang: str, *, translated_only: bool = False
) -> WeekDigest:
    """One week as a reader of `lang` gets it.

    `translated_only`: a language edition's e-mail and feed entry hold only
    the items translated into its language and link to the default edition's
    week for the others (urls.md, "Languages"): four editions repeating every
    untranslated title would be most of the digest's bytes (docs/digest.md).
    The week's pages list every item, the untranslated ones marked.
    """
    originals = archive.items.get(week, [])
    shown = originals
    if translated_only and lang != site.languages[0]:
        shown = [a for a in originals if a.in_language(lang).lang == lang]
    placed: dict[str, dict[str | None, list[Alert]]] = defaultdict(lambda: defaultdict(list))
    for alert in shown:
        country = alert.countries[0].code if alert.countries else None
        placed[alert.regions[0].slug][country].append(alert)
    regions = []
    for region in site.vocab.regions:
        if region.slug not in placed:
            continue
        groups = placed[region.slug]
        codes = sorted(
            (c for c in groups if c is not None),
            key=lambda c: collation_key(site.vocab.countries[c].label_in(lang), lang),
        )
        countries = [CountryGroup(None, _items(groups[None], lang, config))] if None in groups else []
        countries += [CountryGroup(site.vocab.countries[c], _items(groups[c], lang, config)) for c in codes]
        regions.append(RegionGroup(region, tuple(countries)))
    still_open = archive.open_at(week, site.today)
    index = archive.weeks.index(week)
    return WeekDigest(
        week=week,
        final=archive.final(week),
        regions=tuple(regions),
        count=len(originals),
        untranslated=len(originals) - len(shown),
        still_open=tuple(a.in_language(lang) for a in still_open[: config.still_open_max]),
        more_open=max(0, len(still_open) - config.still_open_max),
        as_of=archive.as_of(week, site.today),
        previous=archive.weeks[index - 1] if index else None,
        next=archive.weeks[index + 1] if index + 1 < len(archive.weeks) else None,
    )


def _items(alerts: list[Alert], lang: str, config: DigestSettings) -> tuple[Item, ...]:
    shown = [a.in_language(lang) for a in alerts]
    return tuple(Item(a, shorten(a.summary, config.summary_chars) if a.lang == lang else "") for a in shown)
