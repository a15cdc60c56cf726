"""What a feed is called and which HTML page it stands for, in each language.

The same words are used by the feed itself, the OPML bundles and the
/feeds/ page, so a subscriber recognises a feed wherever they meet it.
Interface words go through the theme's gettext catalogues, like templates.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from clearinghouse.site import urls

from .membership import Feed

Gettext = Callable[[str], str]


def N_(message: str) -> str:  # noqa: N802 (gettext's name for "extract, translate later")
    return message


_DESCRIPTIONS = {
    "all": N_("Every action alert published by the network, newest first."),
    "appeals": N_("Alerts whose appeal for letters is still open."),
    "regions": N_("Action alerts about %(name)s."),
    "countries": N_("Action alerts about %(name)s."),
    "topics": N_("Action alerts filed under: %(name)s."),
    "members": N_("Action alerts issued or co-signed by %(name)s."),
    # the case's name (its first item's title, often long) is the feed's title already;
    # said again here it was 100 bytes in each of ten files per case (issue 16)
    "cases": N_("Every alert, update and statement on this case, newest first."),
}

_PAGES: dict[str, Callable[[Feed, str], str]] = {
    "all": lambda feed, lang: urls.alerts(lang),
    "appeals": lambda feed, lang: urls.act(lang),
    "regions": lambda feed, lang: urls.region(feed.key, lang),
    "countries": lambda feed, lang: urls.country(feed.key, lang),
    "topics": lambda feed, lang: urls.topic(feed.key, lang),
    "members": lambda feed, lang: urls.member(feed.key, lang),
    "cases": lambda feed, lang: urls.case(feed.key, lang),
}


@dataclass(frozen=True)
class Naming:
    name: str  # the subject alone, as /feeds/ lists it: "Ghana"
    title: str  # the feed's title: "Ghana — <site name>"
    description: str
    page: str  # site path of the matching HTML page (rel="alternate")


def subject_name(feed: Feed, lang: str, gettext: Gettext) -> str:
    if feed.kind == "all":
        return gettext("All alerts")
    if feed.kind == "appeals":
        return gettext("Open appeals")
    if feed.kind == "members":
        return feed.subject.display_name
    if feed.kind == "cases":
        return feed.subject.items[0].in_language(lang).title
    return feed.subject.label_in(lang)


def naming(feed: Feed, lang: str, gettext: Gettext, sitename: str) -> Naming:
    name = subject_name(feed, lang, gettext)
    return Naming(
        name=name,
        title=f"{name} — {sitename}",
        description=gettext(_DESCRIPTIONS[feed.kind]) % {"name": name},
        page=_PAGES[feed.kind](feed, lang),
    )
