"""The one small file a search page starts from: which shards exist, and labels.

It is the only search file without a content hash in its name (its address
is fixed, in the search page), so it is the only one a browser revalidates.
It lists shards newest first; the browser loads them in that order.
"""

from __future__ import annotations

from clearinghouse.enrich import Site

from .build import ShardFiles
from .documents import DISPLAY, FACETS

FORMAT = 1
MANIFEST = "manifest.json"  # beside the search page: search/manifest.json, fr/search/manifest.json


def manifest(site: Site, lang: str, shards: list[ShardFiles], *, stem: bool, chunk: int) -> dict:
    return {
        "format": FORMAT,
        "lang": lang,
        "stem": stem,
        "chunk": chunk,
        "facets": list(FACETS),
        "display": list(DISPLAY),
        "shards": [
            {
                "period": built.shard.period,
                "count": len(built.shard.docs),
                "from": built.shard.first_day,
                "to": built.shard.last_day,
                "index": built.index.name,
                "texts": [f.name for f in built.texts],
            }
            for built in shards
        ],
        "labels": labels(site, lang),
    }


def labels(site: Site, lang: str) -> dict[str, dict[str, str]]:
    """Names results show, in the page's language: types, regions, countries in use."""
    vocab = site.vocab
    return {
        "type": {t.slug: t.label_in(lang) for t in vocab.types},
        "region": {r.slug: r.label_in(lang) for r in vocab.regions},
        "country": {code.lower(): vocab.countries[code].label_in(lang) for code in sorted(site.by_country)},
    }
