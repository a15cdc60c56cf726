"""What one alert contributes to the search of every edition: words, facets, texts.

One document per alert, shared by the five language editions: its words are
those of every language it exists in (the original and its translations),
with country names and violation labels in every language of the site, so
one index answers a reader of any edition. Three parts, kept apart so each
is fetched only when needed:
- `fields`: the words lunr indexes (small; every query needs them);
- `facets`: the structured values filters and ordering read (small);
- `display`: what a result shows (the original's address, title, summary,
  day, language), fetched only for results that are on screen, and
  `translations`: the same texts in each language it is translated into,
  fetched only by that language's page.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from clearinghouse.content.records import Alert
from clearinghouse.content.vocabulary import iso_country_name
from clearinghouse.site.enrich import Site

# lunr fields, by what they hold; search-worker.js weighs matches by field.
FIELDS = ("t", "n", "p", "s")  # title, names (victims, outlets), particulars, summary


@dataclass(frozen=True)
class SearchDoc:
    """One alert as every edition's search sees it.

    No id or timestamp travels to the browser: within a shard documents are
    numbered oldest first and shards are listed newest first, so (shard,
    number) already gives the site's order, newest first.
    """

    id: str
    day: str  # YYYY-MM-DD as the alert shows it; shards are cut by it
    fields: dict[str, str]
    facets: list  # see FACETS
    display: list  # see DISPLAY: the original's texts
    translations: dict[str, list] = field(default_factory=dict)  # lang -> TRANSLATED


# What filters read, per document, in this order (search-worker.js reads the same):
FACETS = ("year", "type", "countries", "regions", "violations", "members", "deadline", "open")
# What a shown result needs that the facets do not give (the date is written by the page, from `day`);
# its summary is cut to SHOWN_SUMMARY characters, as a results page shows it (the whole summary is
# still searched, in "s"): whole summaries were a third of the search files (issue 16).
DISPLAY = ("url", "title", "summary", "day", "lang")
SHOWN_SUMMARY = 200
# What a translation replaces, in the files of its language:
TRANSLATED = ("url", "title", "summary")


@dataclass(frozen=True)
class Placed:
    """An alert placed in its shard by its day, before its document is made.

    Shards are cut by day alone, and a shard the cache holds needs no
    documents at all: its key is made of its alerts' tokens (address and
    content digest of the original and of every translation), so making
    50,000 documents on every rebuild is avoided.
    """

    alert: Alert
    languages: tuple[str, ...]
    day: str

    @property
    def token(self) -> str:
        versions = [self.alert, *(self.alert.translations[lang] for lang in sorted(self.alert.translations))]
        return " ".join(f"{a.lang}:{a.url}#{a.digest}" for a in versions)


def placed(site: Site) -> list[Placed]:
    """Every published alert, oldest first, as `documents`."""
    languages = tuple(site.languages)
    return [Placed(alert, languages, alert.date.date().isoformat()) for alert in reversed(site.alerts)]


def documents(site: Site) -> list[SearchDoc]:
    """Every published alert, oldest first.

    Oldest first so that a shard's document numbers stay put as new alerts
    arrive: only the newest shard and its newest text chunk change.
    """
    return [document(alert, tuple(site.languages)) for alert in reversed(site.alerts)]


def document(alert: Alert, languages: tuple[str, ...]) -> SearchDoc:
    """The alert's words in every language it has, its facets, and its result texts."""
    alert = alert.original or alert
    day = alert.date.date()
    appeal = alert.appeal
    versions = [alert, *(alert.translations[lang] for lang in languages if lang in alert.translations)]
    return SearchDoc(
        id=alert.id,
        day=day.isoformat(),
        fields={
            "t": _joined(v.title for v in versions),
            "n": " ".join(_names(alert)),
            "p": " ".join(_particulars(versions, languages)),
            "s": _joined(v.summary for v in versions),
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
        display=[alert.url, alert.title, excerpt(alert.summary), day.isoformat(), alert.lang],
        translations={v.lang: [v.url, v.title, excerpt(v.summary)] for v in versions[1:]},
    )


def excerpt(text: str, limit: int = SHOWN_SUMMARY) -> str:
    """The text as a results list shows it: whole if short, else cut after a word, with "…"."""
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(None, 1)[0] if " " in text[:limit] else text[:limit]
    return cut.rstrip(" ,;:.") + "…"


def _joined(texts) -> str:
    return "\n".join(dict.fromkeys(t for t in texts if t))


def _names(alert: Alert) -> list[str]:
    found = []
    for victim in alert.victims:
        found.append(victim.name)
        if victim.outlet:
            found.append(victim.outlet)
    return found


def _particulars(versions: list[Alert], languages: tuple[str, ...]) -> list[str]:
    """Where (as written), who reported it, which case.

    Country names and violation labels are not indexed: a word that names
    them, in any language of the site, is matched against the alert's
    facets in the browser (`label_terms`), which keeps them out of every
    shard (at 10,000 alerts a third of the index, with five languages).
    """
    alert = versions[0]
    words = [v.location or "" for v in versions]
    for member in (alert.member, *alert.co_signers):
        words += [member.name, member.acronym or ""]
    words.append(alert.case_id or "")
    return list(dict.fromkeys(w for w in words if w))


def label_terms(site: Site, stem: bool) -> dict[str, dict[str, list[str]]]:
    """The index terms of each country's (in use) and violation's names in every language.

    A query word that matches one of them (as it would match an index term)
    matches the alerts with that country or violation, weighed as the
    particulars field. Countries are also named by their English name and
    by ISO's English name ("Viet Nam", also as "vietnam"), which the site
    showed before it took CLDR's names.
    """
    from .build import count_terms
    from .text import fold

    def terms(names) -> list[str]:
        words = []
        for name in dict.fromkeys(names):
            words += fold(name)
            if " " in name and "," not in name:  # "Viet Nam" is also typed "Vietnam"
                words.append("".join(fold(name)))
        return sorted(count_terms(words, stem))

    languages = tuple(site.languages)
    vocab = site.vocab
    return {
        "country": {
            code.lower(): terms(
                (*(vocab.countries[code].label_in(lang) for lang in (*languages, "en")), iso_country_name(code, "en"))
            )
            for code in sorted(site.by_country)
        },
        "violation": {t.slug: terms(t.label_in(lang) for lang in languages) for t in vocab.violations},
    }
