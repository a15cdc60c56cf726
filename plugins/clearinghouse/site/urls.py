"""Every public address, in one place (`shared/spec/urls.md`).

Functions return the path of a page relative to the site root, as a folder
ending in '/', with the language prefix for every language but the site's
own. Templates join it to SITEURL, so one build works under a sub-path and
at a root.
"""

from __future__ import annotations

DEFAULT_LANG = "en"


def _in(lang: str, path: str) -> str:
    return path if lang == DEFAULT_LANG else f"{lang}/{path}"


def home(lang: str = DEFAULT_LANG) -> str:
    return _in(lang, "")


def alerts(lang: str = DEFAULT_LANG, page: int = 0) -> str:
    return _in(lang, _paged("alerts/", page))


def alert(alert_id: str, lang: str = DEFAULT_LANG) -> str:
    return _in(lang, f"alerts/{alert_id}/")


def _paged(path: str, page: int) -> str:
    """A list's first address (page 0), or its older page `page`, counted from the oldest (urls.md, "Pagination")."""
    return f"{path}page/{page}/" if page else path


def region(slug: str, lang: str = DEFAULT_LANG, page: int = 0) -> str:
    return _in(lang, _paged(f"regions/{slug}/", page))


def countries(lang: str = DEFAULT_LANG) -> str:
    """Every country, by region, with its alerts (and the world map)."""
    return _in(lang, "countries/")


def country(code: str, lang: str = DEFAULT_LANG, page: int = 0) -> str:
    return _in(lang, _paged(f"countries/{code.lower()}/", page))


def topic(violation: str, lang: str = DEFAULT_LANG, page: int = 0) -> str:
    return _in(lang, _paged(f"topics/{violation}/", page))


def members(lang: str = DEFAULT_LANG) -> str:
    return _in(lang, "members/")


def member(slug: str, lang: str = DEFAULT_LANG, page: int = 0) -> str:
    return _in(lang, _paged(f"members/{slug}/", page))


def cases(lang: str = DEFAULT_LANG) -> str:
    return _in(lang, "cases/")


def case(case_id: str, lang: str = DEFAULT_LANG) -> str:
    return _in(lang, f"cases/{case_id}/")


def act(lang: str = DEFAULT_LANG) -> str:
    return _in(lang, "act/")


def search(lang: str = DEFAULT_LANG) -> str:
    return _in(lang, "search/")


def feeds(lang: str = DEFAULT_LANG) -> str:
    return _in(lang, "feeds/")


def digest(lang: str = DEFAULT_LANG) -> str:
    """The weekly Communiqué's list of weeks (plugins/weekly_digest)."""
    return _in(lang, "digest/")


def digest_week(week: str, lang: str = DEFAULT_LANG) -> str:
    """One week's Communiqué, `week` as in `2026-w48`; its email.html and email.txt are in this folder."""
    return _in(lang, f"digest/{week}/")


def page(slug: str, lang: str = DEFAULT_LANG) -> str:
    return _in(lang, f"{slug}/")


def save_as(path: str) -> str:
    """The file a folder address is written to."""
    return path + "index.html" if path.endswith("/") or path == "" else path


# -- feeds ---------------------------------------------------------------------
# `kind` is one of: all, appeals, regions, countries, topics, members, cases, digest.
FEED_FORMATS = ("atom", "rss")


def feed(kind: str, key: str | None = None, lang: str = DEFAULT_LANG, fmt: str = "atom") -> str:
    """The address of a feed file, e.g. feeds/countries/gh.atom, fr/feeds/all.rss."""
    name = f"feeds/{kind}.{fmt}" if key is None else f"feeds/{kind}/{key.lower()}.{fmt}"
    return _in(lang, name)


def opml(region: str | None = None, lang: str = DEFAULT_LANG) -> str:
    return _in(lang, "feeds/all.opml" if region is None else f"feeds/regions/{region}.opml")
