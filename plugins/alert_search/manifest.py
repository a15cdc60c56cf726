"""The one small file a search page starts from: shards, term directory, labels.

Each edition has its own (`<lang>/search/manifest.json`, beside its page):
the labels and dates in its language, and which translation files it reads.
Everything else it lists is shared by all editions and lives in the
default edition's folder (`search/shards/`): `base` is that folder relative
to the manifest. It is the only search file without a content hash in its
name (its address is fixed, in the search page), so it is the only one a
browser revalidates. It lists shards newest first; the browser loads them
in that order.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from datetime import date

from clearinghouse.site import urls
from clearinghouse.site.enrich import Site
from clearinghouse.site.i18n import long_date

from .build import ShardFiles
from .documents import DISPLAY, FACETS, TRANSLATED

FORMAT = 2
MANIFEST = "manifest.json"  # beside the search page: search/manifest.json, fr/search/manifest.json


def shared_folder() -> str:
    """Where the files every edition shares are written: the default edition's search folder."""
    return urls.search(urls.DEFAULT_LANG)


def manifest(
    site: Site,
    lang: str,
    shards: list[ShardFiles],
    terms: dict[str, str],
    names: str,
    *,
    stem: bool,
    chunk: int,
    written_dates: Callable[[str, set[str]], dict] | None = None,
) -> dict:
    """`shards` newest first; `terms`: the term directory's buckets (key -> file); `names`: the
    file of country and violation names' terms (documents.label_terms); `written_dates`: `dates`,
    or the same kept from an earlier build (generator.write_search)."""
    count = len(shards)
    return {
        "format": FORMAT,
        "lang": lang,
        "base": posixpath.relpath(shared_folder(), urls.search(lang)) + "/",
        "stem": stem,
        "chunk": chunk,
        "facets": list(FACETS),
        "display": list(DISPLAY),
        "translated": list(TRANSLATED),
        "shards": [
            {
                "id": count - 1 - position,  # the number the term directory gives it: oldest 0
                "period": built.shard.period,
                "count": len(built.shard.docs),
                "from": built.shard.first_day,
                "to": built.shard.last_day,
                "index": built.index.name,
                "texts": [f.name for f in built.texts],
                **({"tr": tr} if (tr := {str(c): f.name for code, c, f in built.translations if code == lang}) else {}),
            }
            for position, built in enumerate(shards)
        ],
        "terms": terms,
        "names": names,
        "labels": labels(site, lang),
        "dates": (written_dates or dates)(lang, {d.day for s in shards for d in s.shard.docs}),
    }


def labels(site: Site, lang: str) -> dict[str, dict[str, str]]:
    """Names results show, in the page's language: types, regions, countries in use."""
    vocab = site.vocab
    return {
        "type": {t.slug: t.label_in(lang) for t in vocab.types},
        "region": {r.slug: r.label_in(lang) for r in vocab.regions},
        "country": {code.lower(): vocab.countries[code].label_in(lang) for code in sorted(site.by_country)},
    }


def dates(lang: str, days: set[str]) -> dict:
    """How the page writes a day, as the rest of the site does (clearinghouse.site.i18n.long_date).

    A pattern per month ("{d} mars {y}"), checked against every day of the
    archive; a day the patterns would write otherwise is listed as written.
    """
    months = [long_date(date(1999, m, 28), lang).replace("1999", "{y}").replace("28", "{d}") for m in range(1, 13)]
    exceptions = {}
    for day in sorted(days):
        value = date.fromisoformat(day)
        written = long_date(value, lang)
        if months[value.month - 1].replace("{y}", str(value.year)).replace("{d}", str(value.day)) != written:
            exceptions[day] = written
    return {"months": months, **({"days": exceptions} if exceptions else {})}
