"""What one alert contributes to one language's search: words, facets, texts.

Three parts, kept apart so each is fetched only when needed:
- `fields`: the words lunr indexes (small; every query needs them);
- `facets`: the structured values filters and ordering read (small);
- `display`: what a result shows (title, summary, date, address), fetched
  only for results that are on screen.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from clearinghouse.enrich import Site
from clearinghouse.i18n import long_date
from clearinghouse.records import Alert

# lunr fields, by what they hold; search-worker.js weighs matches by field.
FIELDS = ("t", "n", "p", "s")  # title, names (victims, outlets), particulars, summary


@dataclass(frozen=True)
class SearchDoc:
    """One alert as the search of one language edition sees it.

    No id or timestamp travels to the browser: within a shard documents are
    numbered oldest first and shards are listed newest first, so (shard,
    number) already gives the site's order, newest first.
    """

    id: str
    day: str  # YYYY-MM-DD as the alert shows it; shards are cut by it
    fields: dict[str, str]
    facets: list  # see FACETS
    display: list  # see DISPLAY


# What filters read, per document, in this order (search-worker.js reads the same):
FACETS = ("year", "type", "countries", "regions", "violations", "members", "deadline", "open")
# What a shown result needs that the facets do not give:
DISPLAY = ("url", "title", "summary", "date", "day", "lang")


@dataclass(frozen=True)
class Placed:
    """An alert in `lang` placed in its shard by its day, before its document is made.

    Shards are cut by day alone, and a shard the cache holds needs no
    documents at all: its key is made of its alerts' tokens (address and
    content digest), so making 50,000 documents on every rebuild is avoided.
    """

    alert: Alert
    lang: str
    day: str

    @property
    def token(self) -> str:
        return f"{self.alert.url}#{self.alert.digest}"


def placed(site: Site, lang: str) -> list[Placed]:
    """Every published alert in `lang` (translation, else original), oldest first, as `documents`."""
    return [Placed(alert.in_language(lang), lang, alert.date.date().isoformat()) for alert in reversed(site.alerts)]


def documents(site: Site, lang: str) -> list[SearchDoc]:
    """Every published alert in `lang` (translation, else original), oldest first.

    Oldest first so that a shard's document numbers stay put as new alerts
    arrive: only the newest shard and its newest text chunk change.
    """
    return [document(alert.in_language(lang), lang) for alert in reversed(site.alerts)]


def document(alert: Alert, lang: str) -> SearchDoc:
    """The alert's words, facets and result texts; `alert` is already in `lang` where it exists."""
    day = alert.date.date()
    appeal = alert.appeal
    return SearchDoc(
        id=alert.id,
        day=day.isoformat(),
        fields={
            "t": alert.title,
            "n": " ".join(_names(alert)),
            "p": " ".join(_particulars(alert, lang)),
            "s": alert.summary,
        },
        facets=[
            day.year,
            alert.type.slug,
            [c.slug for c in alert.countries],
            [r.slug for r in alert.regions],
            [v.slug for v in alert.violations],
            [alert.member.slug, *(m.slug for m in alert.co_signers)],
            appeal.deadline.isoformat() if appeal else "",
            1 if appeal and appeal.is_open else 0,  # as of the build: what /act/ lists
        ],
        display=[
            alert.url,
            alert.title,
            alert.summary,
            _long_date(day, lang),
            day.isoformat(),
            "" if alert.lang == lang else alert.lang,
        ],
    )


@lru_cache(maxsize=8192)
def _long_date(day: date, lang: str) -> str:
    """Babel formats slowly; an archive has far fewer days than alerts."""
    return long_date(day, lang)


def _names(alert: Alert) -> list[str]:
    found = []
    for victim in alert.victims:
        found.append(victim.name)
        if victim.outlet:
            found.append(victim.outlet)
    return found


def _particulars(alert: Alert, lang: str) -> list[str]:
    """Where, who reported it, what was done, which case: the reader's words for them."""
    words = [alert.location or ""]
    for country in alert.countries:
        names = dict.fromkeys((country.label_in(lang), country.label_in("en")))
        for name in names:
            words.append(name)
            if " " in name and "," not in name:  # "Viet Nam" is also typed "Vietnam"
                words.append("".join(name.split()))
    for member in (alert.member, *alert.co_signers):
        words += [member.name, member.acronym or ""]
    words += [term.label_in(lang) for term in alert.violations]
    words.append(alert.case_id or "")
    return [w for w in words if w]
