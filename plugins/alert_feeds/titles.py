"""An entry's title in a feed: the kind and the place, then the headline.

In a reader's river of items from many feeds, "Update — Ghana: …" says at
a glance what an item is and where it happened. Many newsrooms already
write "Country: headline"; such a headline is kept whole and the place is
not said twice ("Alert — Tunisia: journalist sentenced", never "Alert —
Tunisia: Tunisia: …").
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol

from clearinghouse.content.vocabulary import DEFAULT_LANG

from .naming import N_, Gettext

WITH_PLACES = N_("%(type)s — %(places)s: %(title)s")
WITHOUT_PLACES = N_("%(type)s — %(title)s")


# The `global` region is a scope, not a place a headline starts with: "Global
# Expression Forum calls for…" names an organisation.
NOT_A_PLACE = frozenset({"global"})


class Place(Protocol):
    slug: str

    def label_in(self, lang: str) -> str: ...


def entry_title(
    gettext: Gettext, kind: str, places: Sequence[Place], headline: str, headline_lang: str, lang: str
) -> str:
    """The title in edition `lang` of a headline written in `headline_lang`."""
    if starts_with_a_place(headline, places, (headline_lang, lang, DEFAULT_LANG)):
        return gettext(WITHOUT_PLACES) % {"type": kind, "title": headline}
    names = ", ".join(place.label_in(lang) for place in places)
    return gettext(WITH_PLACES) % {"type": kind, "places": names, "title": headline}


def starts_with_a_place(headline: str, places: Iterable[Place], langs: Iterable[str]) -> bool:
    """Does the headline begin with one of the places' names, as a whole word?

    The names are looked up in the headline's own language, the edition's
    and the site's: an English headline in the Arabic feed still names
    "Israel" in English. A country's ISO name counts too ("Viet Nam: …").
    """
    start = headline.casefold()
    for place in places:
        if place.slug in NOT_A_PLACE:
            continue
        iso_name_in = getattr(place, "iso_name_in", None)  # a country's ISO name too
        names = {place.label_in(lang) for lang in langs} | {iso_name_in(lang) for lang in langs if iso_name_in}
        for name in {name.casefold() for name in names}:
            if start.startswith(name) and not start[len(name) : len(name) + 1].isalnum():
                return True
    return False
