"""Publish stage: the enriched site -> HTML pages and the sitemap.

Every page is rendered once per language edition it exists in. Templates
receive ready-made records and a few presentation helpers (labels and dates
in the page's language, addresses joined to SITEURL); they decide nothing.
"""

from __future__ import annotations

import multiprocessing
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit
from xml.sax.saxutils import escape

from jinja2 import Environment, FileSystemBytecodeCache, FileSystemLoader, StrictUndefined, pass_context
from markupsafe import Markup

from clearinghouse.build.page_share import PageShare
from clearinghouse.content.files import write_file
from clearinghouse.content.records import Alert, Page
from clearinghouse.publish.reuse import OutputReuse
from clearinghouse.publish.template_runtime import speed_up
from clearinghouse.site import urls
from clearinghouse.site.charts import alerts_per_year, top_violations
from clearinghouse.site.collation import collation_key
from clearinghouse.site.enrich import Site
from clearinghouse.site.fingerprint import SealedDict, SealedList, digest, shape
from clearinghouse.site.i18n import interface_gettext, load_translations, long_date
from clearinghouse.site.share import Share
from clearinghouse.site.world_map import WorldMaps

_ANY_LEVEL = Markup("<level>")  # in a card's heading tags until its level is known (Publisher.card)

# A language's alert pages are cut into units of about this many pages
# (about half a second each): the units handed out last are these, so the
# processes sharing the pages finish within about a unit of each other.
ALERT_PAGES_PER_UNIT = 1_000


@dataclass(frozen=True)
class Unit:
    """Pages that one process renders together (page_share.py hands them out).

    `lists` is every browsing page of a language (archive, places, topics,
    members, cases): one unit, because they show the same cards, which a
    process renders once per language. `alerts` is the `part`-th of
    `parts` slices of the language's alert pages (the first also has the
    home page, the site's own pages and the 404 page).
    """

    lang: str
    kind: str  # "lists" or "alerts"
    part: int = 0
    parts: int = 1


def units(site: Site) -> list[Unit]:
    """Every unit of the build, longest first, so that the last ones handed out are short.

    Processes take units in this order, and the build ends when the last
    one is done: a long unit taken last would keep one core busy while the
    other waits. So the lists (a few seconds each at 10,000 alerts) come
    first, and the alert pages, in slices of ALERT_PAGES_PER_UNIT, after.
    """
    found = [Unit(lang, "lists") for lang in site.languages]
    for lang in site.languages:
        parts = max(1, -(-len(alert_pages(site, lang)) // ALERT_PAGES_PER_UNIT))
        found += [Unit(lang, "alerts", part, parts) for part in range(parts)]
    return found


def alert_pages(site: Site, lang: str) -> list[tuple[Alert, Alert]]:
    """(alert, as shown) for every alert with a page in `lang`: its original or translation.

    Made once per site and language (kept on the site): `units` and every
    process's publisher ask for it, 15 walks of the archive per build.
    """
    made = site.__dict__.setdefault("_alert_pages", {})
    found = made.get(lang)
    if found is None:
        found = made[lang] = []
        for alert in site.alerts:
            shown = alert if alert.lang == lang else alert.translations.get(lang)
            if shown is not None:
                found.append((alert, shown))
    return found


@dataclass
class Written:
    """A page that went out, for the sitemap."""

    path: str
    lastmod: datetime | None


@dataclass(frozen=True)
class Pager:
    """Where one page of a paged list stands (urls.md, "Pagination").

    The list's first address (number 0) shows its newest ALERTS_PER_PAGE
    items as cards. Older pages are lines (an index of the archive), and
    hold ALERTS_PER_OLDER_PAGE each, numbered from the oldest: page 1 holds
    the list's first items, so a full page keeps its items for ever, and a
    new alert changes the first address and the newest numbered page (not
    yet full, shown once it holds more than the first address does). `top`
    is the newest numbered page not wholly on the first address, where
    "Older" leads from it (its newest items may be on the first address too). A page offers its
    neighbours up to two away, the first address and page 1, so what it
    shows does not grow with the archive.

    A language edition has only the first address (urls.md allows it):
    `elsewhere` is then the default edition's page `top`, linked in the
    reader's language.
    """

    number: int
    top: int
    path_of: Callable[[int], str]
    elsewhere: str | None = None

    @staticmethod
    def top_page(items: int, size: int, older: int | None = None) -> int:
        """The newest numbered page not wholly on the first address.

        `size` items are on the first address, `older` on each numbered
        page (the same as `size` unless said).
        """
        older = older or size
        full, rest = divmod(items, older)
        if rest > size:
            return full + 1
        # full page k holds the newest-first items [items - k*older, items - (k-1)*older)
        return next((k for k in range(full, 0, -1) if items - (k - 1) * older > size), 0)

    @staticmethod
    def slices(items: int, older: int) -> list[tuple[int, slice]]:
        """Every numbered page, newest first, and which of the newest-first items it holds."""
        full, rest = divmod(items, older)
        pages = [(full + 1, slice(0, rest))] if rest else []
        return pages + [(n, slice(items - n * older, items - (n - 1) * older)) for n in range(full, 0, -1)]

    @property
    def first(self) -> bool:
        return self.number == 0

    @property
    def newer(self) -> str | None:
        """rel=prev: the next newer page, or the first address."""
        if self.first:
            return None
        return self.path_of(self.number + 1 if self.number + 1 <= self.top else 0)

    @property
    def older(self) -> str | None:
        """rel=next: the next older page."""
        number = self.top if self.first else self.number - 1
        return self.path_of(number) if number >= 1 and self.elsewhere is None else None

    @property
    def window(self) -> list[tuple[int, str] | None]:
        """(number, path) pairs, newest first (0: the first address); None where numbers are skipped."""
        if self.elsewhere is not None or self.top < 1:
            return []
        here = self.top if self.first else self.number
        numbers = {1, self.number, *range(max(1, here - 2), min(self.top, here + 2) + 1)} - {0}
        result: list[tuple[int, str] | None] = [(0, self.path_of(0))]
        previous = max(self.top, self.number) + 1
        for number in sorted(numbers, reverse=True):
            if previous - number > 1:
                result.append(None)
            result.append((number, self.path_of(number)))
            previous = number
        return result

    def fingerprint(self) -> str:
        """All a page shows of its place among the others (fingerprint.walk)."""
        return repr(("Pager", self.number, self.newer, self.older, self.window, self.elsewhere))


@dataclass
class Publisher:
    site: Site
    settings: dict
    output: Path
    theme: Path
    reuse: OutputReuse | None = None  # None: render every page
    written: list[Written] = field(default_factory=list)
    _chart_cache: dict = field(default_factory=dict)
    _shape: str | None = None  # the archive's shape, for the search page (_archive_shape)
    _cards: dict = field(default_factory=dict)  # (id(alert), lang, level or None) -> HTML, this language's
    _card_macro: Callable | None = None
    _lines: dict = field(default_factory=dict)  # id(alert) -> HTML of its line, this language's
    _line_macro: Callable | None = None
    _feed_heads: dict = field(default_factory=dict)  # (FeedLink, with RSS) -> HTML, for the language being published
    _feed_head_macro: Callable | None = None
    _language: str | None = None  # the one use_language set up
    _units: list[Unit] | None = None
    _alert_pages: dict = field(default_factory=dict)  # lang -> alert_pages(site, lang), for every slice of it
    dry: bool = False  # True: only list pages (for the sitemap), another process renders them
    rendered: int = 0  # pages rendered or kept by this process, not listed only
    on_page: Callable[[], None] | None = None  # called for each of them (progress)

    def __post_init__(self) -> None:
        if self.reuse is None:
            self.reuse = OutputReuse(output=self.output, previous=None, record=None)
        self.siteurl = self.settings.get("SITEURL", "").rstrip("/")
        # links between pages need no scheme and host: "/repo/alerts/x/" works
        # under a sub-path and at a root, and saves ~25 bytes a link
        self.site_path = urlsplit(self.siteurl).path.rstrip("/")
        self.env = speed_up(
            Environment(
                loader=FileSystemLoader(str(self.theme / "templates")),
                autoescape=True,
                undefined=StrictUndefined,
                extensions=["jinja2.ext.i18n"],
                trim_blocks=True,
                lstrip_blocks=True,
                keep_trailing_newline=True,
                auto_reload=False,  # one build's templates do not change: no stat() of five files per page
                bytecode_cache=_bytecode_cache(self.settings),
            )
        )
        self.env.filters.update(label=_label, long_date=_long_date, definition=_definition)
        self.env.globals.update(
            url=self.url,
            absolute=self.absolute,
            site=self.site,
            urls=urls,
            SITENAME=self.settings["SITENAME"],
            SITEURL=self.siteurl,
            DEMO_NOTICE=self.settings.get("DEMO_NOTICE", True),
            THEME_URL=self.url("theme/"),
            card=self.card,
            line=self.line,
            feed_head=self.feed_head,
        )
        self.catalogues = {lang: load_translations(self.theme / "translations", lang) for lang in self.site.languages}
        self.maps = WorldMaps(self.site)  # the map of the last 12 months (home, regions, /countries/)

    def absolute(self, path: str) -> str:
        """The full address of a site path: for canonical links, alternates and the sitemap."""
        return f"{self.siteurl}/{path}"

    def url(self, path: str) -> str:
        """The address of a site path from the host's root ("/repo/alerts/x/"), for links between pages."""
        return f"{self.site_path}/{path}"

    def card(self, alert: Alert, lang: str, level: int = 3) -> Markup:
        """An alert's card (components/alert_card.html), rendered once per language and level.

        A card appears on about six pages per language (archive, region,
        country, topics, member); rendering it once saves most of
        the cost of list pages.
        """
        key = (id(alert), lang, level)
        html = self._cards.get(key)
        if html is None:
            # Rendered once for every level: the heading level is left as a
            # mark no escaped text can contain, and put in per level.
            any_level = self._cards.get((id(alert), lang, None))
            if any_level is None:
                any_level = self._cards[(id(alert), lang, None)] = str(self._card_macro(alert, lang, _ANY_LEVEL))
            html = self._cards[key] = Markup(any_level.replace(_ANY_LEVEL, str(int(level))))
        return html

    def line(self, alert: Alert, lang: str) -> Markup:
        """An alert's line in an older page of a list (alert_card.html), rendered once per language."""
        html = self._lines.get(id(alert))
        if html is None:
            html = self._lines[id(alert)] = Markup(str(self._line_macro(alert, lang)).strip("\n"))
        return html

    def feed_head(self, feed: FeedLink, rss: bool = True) -> Markup:
        """A feed's <link> elements (components/feed_head.html), rendered once per language.

        Every page advertises three to ten feeds in its <head>, most of them
        shared with thousands of other pages.
        """
        html = self._feed_heads.get((feed, rss))
        if html is None:
            html = self._feed_heads[feed, rss] = Markup(str(self._feed_head_macro(feed, rss)).rstrip("\n"))
        return html

    def use_language(self, lang: str) -> None:
        """Interface texts, memoised cards and feed links, and the site frame in `lang`, for the pages rendered next.

        The frame (components/site_frame.html: header, navigation, search
        form, footer) depends on the language only, so it is rendered here
        once instead of on each of some 6,000 pages per language.
        """
        self._language = lang
        self.env.install_gettext_translations(self.catalogues[lang], newstyle=True)
        self.env.globals["_"] = self.env.globals["gettext"] = interface_gettext(self.catalogues[lang])
        module = self.env.get_template("components/alert_card.html").make_module({"lang": lang})
        self._card_macro = module.alert_card
        self._cards.clear()
        self._line_macro = module.alert_line
        self._lines.clear()
        self._feed_head_macro = self.env.get_template("components/feed_head.html").make_module({"lang": lang}).feed_head
        self._feed_heads.clear()
        frame = self.env.get_template("components/site_frame.html").make_module({"lang": lang})
        menu = [p.translations.get(lang, p) for p in self.site.menu]
        # The header names the first site page only; each site page lists them all
        # (page.html): the others were about 250 bytes on each of 130,000 pages.
        self.env.globals["frame"] = dict(
            top=Markup(str(frame.frame_top(menu[:1])).rstrip("\n")),
            bottom=Markup(str(frame.frame_bottom()).rstrip("\n")),
            site_pages=menu,
        )

    def units(self) -> list[Unit]:
        """The build's pages in independent groups, in publishing order."""
        if self._units is None:
            self._units = units(self.site)
        return self._units

    def publish(self, *, show_drafts: bool = False, share: PageShare | None = None) -> tuple[int, int]:
        """Every page, then the sitemap; returns (pages, kept) rendered by other processes.

        With a `share`, processes that have finished their own work render
        some of the units (page_share.py): here those are only listed, for
        the sitemap, and this waits until they are written.
        """
        units = self.units()
        helped = (0, 0)
        if share is None:
            for unit in units:
                self.publish_unit(unit)
        else:
            mine: set[int] = set()
            while (number := share.claim()) is not None:
                self.publish_unit(units[number])
                mine.add(number)
            self.dry = True
            for number in sorted(set(range(len(units))) - mine):
                self.publish_unit(units[number])
            self.dry = False
            helped = share.wait(len(mine), alive=lambda: bool(multiprocessing.active_children()))
        if show_drafts:
            self.use_language(self.site.languages[0])
            for draft in self.site.drafts:
                self.render("alert.html", draft.url, draft.lang, alert=draft, sitemap=False, alternates={})
        self.write_sitemap()
        return helped

    def help_with(self, share: PageShare) -> None:
        """In a child whose own work is done: render the units nobody has claimed yet."""
        units = self.units()

        def publish_one(number: int) -> tuple[int, int]:
            rendered, kept = self.rendered, len(self.reuse.kept)
            self.publish_unit(units[number])
            return self.rendered - rendered, len(self.reuse.kept) - kept

        share.help(publish_one)

    def publish_unit(self, unit: Unit) -> None:
        if not self.dry and self._language != unit.lang:
            self.use_language(unit.lang)
        if unit.kind == "lists":
            self._publish_lists(unit.lang)
        else:
            self._publish_alerts(unit.lang, unit.part, unit.parts)

    def _publish_alerts(self, lang: str, part: int, parts: int) -> None:
        """The `part`-th of `parts` slices of the language's alert pages; the first has the site's own pages."""
        site = self.site
        if lang not in self._alert_pages:
            self._alert_pages[lang] = alert_pages(site, lang)
        pages = self._alert_pages[lang]
        size = -(-len(pages) // parts)
        for alert, shown in pages[part * size : (part + 1) * size]:
            if self.dry:  # only listed: the context would be made for nothing
                self.written.append(Written(shown.url, shown.last_changed))
                continue
            alternates = self._alternates(alert)
            self.render(
                "alert.html",
                shown.url,
                lang,
                alert=shown,
                alternates=alternates,
                lastmod=shown.last_changed,
                share=Share(shown, lang, alternates, self.siteurl, self.settings["SITENAME"]),
            )
        if part:
            return
        self.render(
            "home.html",
            urls.home(lang),
            lang,
            latest=site.alerts_in(lang)[:10],
            open_appeals=[a.in_language(lang) for a in site.open_appeals()],
            recent_map=self.maps.world(lang),
        )
        for page in site.pages:
            shown = page if page.lang == lang else page.translations.get(lang)
            if shown is not None:
                self.render("page.html", shown.url, lang, page=shown, alternates=self._page_alternates(page))
        if lang == site.languages[0]:
            self.render("404.html", "404.html", lang, sitemap=False, alternates={})

    # The browsing pages below exist in every language. They are one unit:
    # they show the same cards, which a process renders once per language.

    def _publish_lists(self, lang: str) -> None:
        for part in ("archive", "places", "topics", "members", "cases"):
            getattr(self, f"_publish_{part}")(lang)

    def _publish_archive(self, lang: str) -> None:
        alerts = self.site.alerts_in(lang)
        self._paged("alerts.html", lambda n: urls.alerts(lang, n), lang, alerts, front={"total": len(alerts)})

    def _publish_places(self, lang: str) -> None:
        site, vocab = self.site, self.site.vocab
        self.render("countries.html", urls.countries(lang), lang, recent_map=self.maps.world(lang), groups=self.maps.directory(lang))
        for region in vocab.regions:
            countries = SealedList((c, len(site.by_country.get(c.code, ()))) for c in vocab.countries_in(region.slug))
            countries.sort(key=lambda pair: (-pair[1], collation_key(pair[0].label_in(lang), lang)))
            items = site.by_region.get(region.slug, [])
            self._paged(
                "region.html",
                lambda n, r=region: urls.region(r.slug, lang, n),
                lang,
                items,
                front={
                    "total": len(items),
                    "countries": countries,
                    "charts": self._charts(("region", region.slug), items),
                    "recent_map": self.maps.region(region, lang),
                },
                region=region,
            )
        for country in vocab.countries.values():
            items = site.by_country.get(country.code, [])
            self._paged(
                "country.html",
                lambda n, c=country: urls.country(c.code, lang, n),
                lang,
                items,
                front={
                    "total": len(items),
                    "cases": site.cases_by_country.get(country.code, []),
                    "members": site.members_by_country.get(country.code, []),
                    "charts": self._charts(("country", country.code), items),
                },
                country=country,
            )

    def _publish_topics(self, lang: str) -> None:
        for term in self.site.vocab.violations:
            self._paged(
                "topic.html",
                lambda n, t=term: urls.topic(t.slug, lang, n),
                lang,
                items := self.site.by_topic.get(term.slug, []),
                front={"total": len(items)},
                topic=term,
            )

    def _publish_members(self, lang: str) -> None:
        site = self.site
        for member in site.members.values():
            items = sorted(member.issued + member.co_signed, key=lambda a: a.sort_key)
            self._paged("member.html", lambda n, m=member: urls.member(m.slug, lang, n), lang, items, member=member)
        groups = [(r, [m for m in site.members.values() if m.region == r]) for r in site.vocab.regions]
        self.render("members.html", urls.members(lang), lang, groups=[g for g in groups if g[1]])

    def _publish_cases(self, lang: str) -> None:
        site = self.site
        self.render("cases.html", urls.cases(lang), lang, cases=list(site.cases.values()))
        default = lang == site.languages[0]
        for case in site.cases.values():
            appeal_item = case.open_appeal_item.in_language(lang) if case.open_appeal_item else None
            # a language edition's case page lists the items translated into its language and
            # links to the default edition's timeline for the rest (urls.md, "Languages")
            timeline = case.items if default else [i for i in case.items if i.in_language(lang).lang == lang]
            self.render(
                "case.html",
                urls.case(case.id, lang),
                lang,
                case=case,
                appeal_item=appeal_item,
                timeline=timeline,
                untranslated=len(case.items) - len(timeline),
                whole_timeline=urls.case(case.id, site.languages[0]),
            )
        self.render(
            "act.html",
            urls.act(lang),
            lang,
            alerts=[a.in_language(lang) for a in site.open_appeals()],
            appeals_page=True,
        )
        # its filters list every year, country and member with alerts: the whole archive's shape
        self.render("search.html", urls.search(lang), lang, archive=self._archive_shape())

    def _paged(self, template: str, path_of, lang: str, items: list[Alert], front: dict | None = None, **context) -> None:
        """A list (newest first) as its first address and its older pages (Pager).

        `front` is what only the first address shows (counts, charts, the
        country's cases): numbered pages leave it out, so that a new alert
        does not change them. A language edition has the first address
        alone, and links to the default edition for older items.
        """
        size = int(self.settings.get("ALERTS_PER_PAGE", 20))
        older = int(self.settings.get("ALERTS_PER_OLDER_PAGE", size))
        top = Pager.top_page(len(items), size, older)
        elsewhere = None
        if lang != self.site.languages[0] and top >= 1:
            elsewhere = path_of(top).removeprefix(f"{lang}/")
        pages = [(0, items[:size])]
        if lang == self.site.languages[0]:
            # a full page is written for ever; the newest, not yet full, once it holds
            # more than the first address
            pages += [
                (n, items[held]) for n, held in Pager.slices(len(items), older) if n <= top or held.stop - held.start == older
            ]
        for number, shown in pages:
            path = path_of(number)
            if self.dry:  # only listed, as render() would
                self.written.append(Written(path, None))
                continue
            self.render(
                template,
                path,
                lang,
                alerts=[a.in_language(lang) for a in shown],
                pager=Pager(number, top, path_of, elsewhere),
                # older pages exist in the default edition only
                alternates=None if number == 0 else {lang: path},
                **((front or {}) if number == 0 else {}),
                **context,
            )

    def _archive_shape(self) -> str:
        if self._shape is None:
            records = [*self.site.alerts, *self.site.drafts, *self.site.translations]
            self._shape = digest(*(shape(a) for a in records))
        return self._shape

    def _charts(self, key: tuple[str, str], items: list[Alert]) -> dict:
        """Charts depend on the data only, so each is drawn once for all languages."""
        if key not in self._chart_cache:
            self._chart_cache[key] = SealedDict(years=alerts_per_year(items), violations=top_violations(items))
        return self._chart_cache[key]

    def _alternates(self, alert: Alert) -> dict[str, str]:
        versions = {alert.lang: alert.url, **{lang: t.url for lang, t in alert.translations.items()}}
        return {lang: versions[lang] for lang in self.site.languages if lang in versions}

    def _page_alternates(self, page: Page) -> dict[str, str]:
        versions = {page.lang: page.url, **{lang: t.url for lang, t in page.translations.items()}}
        return {lang: versions[lang] for lang in self.site.languages if lang in versions}

    def render(
        self,
        template: str,
        path: str,
        lang: str,
        *,
        sitemap: bool = True,
        alternates: dict[str, str] | None = None,
        lastmod: datetime | None = None,
        **context,
    ) -> None:
        language = self.site.vocab.languages[lang]
        # <head> names the translations of a text (an alert, a page). A list exists in
        # every language at the same address under /<lang>/, so its switcher says enough:
        # five <link hreflang> lines on each of ~25,000 list pages were 14 MB at 50,000 alerts.
        head_alternates = alternates or {}
        if alternates is None:
            base = path.removeprefix(f"{lang}/") if lang != self.site.languages[0] else path
            alternates = {other: urls._in(other, base) for other in self.site.languages}
        if sitemap:
            self.written.append(Written(path, lastmod))
        if self.dry:
            return
        self.rendered += 1
        if self.on_page is not None:
            self.on_page()
        file = urls.save_as(path)
        if self.reuse.enabled and self.reuse.reused(file, self.reuse.key(template, path, lang, alternates, context)):
            return
        html = self.env.get_template(template).render(
            lang=lang,
            dir=language.extra.get("dir", "ltr"),
            language=language,
            page_path=path,
            alternates=alternates,
            head_alternates=head_alternates,
            feeds=feeds_for(**context),
            **context,
        )
        write_file(f"{self.output}/{file}", unindented(html).encode("utf-8"))

    def write_sitemap(self) -> None:
        """sitemap.xml: every page; above SITEMAP_MAX_URLS, an index of numbered parts.

        sitemaps.org allows 50,000 addresses in one file, and search engines
        reject a longer one: a 50,000-alert site has about 80,000 pages.
        """
        entries = [
            f"  <url><loc>{escape(self.absolute(page.path))}</loc>"
            + (f"<lastmod>{page.lastmod.date().isoformat()}</lastmod>" if page.lastmod else "")
            + "</url>"
            for page in sorted(self.written, key=lambda w: w.path)
        ]
        most = int(self.settings.get("SITEMAP_MAX_URLS", 50_000))
        if len(entries) <= most:
            _write_xml(self.output / "sitemap.xml", "urlset", entries)
        else:
            parts = [entries[start : start + most] for start in range(0, len(entries), most)]
            for number, part in enumerate(parts, 1):
                _write_xml(self.output / f"sitemap-{number}.xml", "urlset", part)
            listed = [
                f"  <sitemap><loc>{escape(self.absolute(f'sitemap-{number}.xml'))}</loc></sitemap>"
                for number in range(1, len(parts) + 1)
            ]
            _write_xml(self.output / "sitemap.xml", "sitemapindex", listed)
        (self.output / ".nojekyll").write_text("", encoding="utf-8")


def _write_xml(path: Path, root: str, lines: list[str]) -> None:
    """A sitemaps.org file: `urlset` or `sitemapindex` around its lines."""
    head = f'<?xml version="1.0" encoding="UTF-8"?>\n<{root} xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
    path.write_text("\n".join([head, *lines, f"</{root}>"]) + "\n", encoding="utf-8", newline="\n")


def _bytecode_cache(settings: dict) -> FileSystemBytecodeCache | None:
    """Compiled templates kept in the build cache folder (keyed by their source).

    Compiling every template costs about a second, which a rebuild after one
    edit cannot spare; the compiled code does not change what is rendered.
    """
    if not settings.get("BUILD_CACHE", True) or not settings.get("CACHE_PATH"):
        return None
    folder = Path(settings["CACHE_PATH"]) / "templates"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return FileSystemBytecodeCache(str(folder))


@dataclass(frozen=True)
class FeedLink:
    """A feed a page advertises in its <head> (and lists on /feeds/)."""

    kind: str
    key: str | None
    label: str  # in English: the msgid of a feed with no subject, else the fallback
    subject: object = field(default=None, compare=False)  # the Term, Country, Member or Case it follows

    def path(self, lang: str, fmt: str) -> str:
        return urls.feed(self.kind, self.key, lang, fmt)

    def label_in(self, lang: str) -> str:
        """The subject's name as a reader of `lang` knows it (feeds have one per language)."""
        subject = self.subject
        if hasattr(subject, "label_in"):  # a region, country or violation
            return subject.label_in(lang)
        if hasattr(subject, "display_name"):  # a member
            return subject.display_name
        if hasattr(subject, "items"):  # a case: its first item's title, in `lang` where translated
            return subject.items[0].in_language(lang).title
        return self.label


# The templates' indentation, at the start of each line: a twentieth of every
# page's bytes. Where white space is shown as written (<pre>, <textarea>) it stays.
_INDENT = re.compile(r"\n[ \t]+")


def unindented(html: str) -> str:
    """The page without the indentation at the start of its lines (the same document to a browser)."""
    if "<pre" in html or "<textarea" in html:
        return html
    return _INDENT.sub("\n", html)


def feeds_for(**context) -> list[FeedLink]:
    """The feeds that match a page: its own, or "all" first on a page with no subject of its own.

    An alert page offers its case's feed, or when it is in no case its
    countries' (its region's when it has no country), and open appeals while its appeal is open (each
    link is about 130 bytes, on every page: all its feeds were a twentieth
    of the site); a country page its country's and region's; region, topic,
    member and case pages their own; the home and /act/ pages the open
    appeals. "All alerts" is on the pages that have no subject of their own
    (home, lists of everything, /feeds/): on the others a reader follows the
    subject, and two more links on each of the site's pages cost 0.3 KB.
    """

    def _term_link(kind: str, item) -> FeedLink:
        return FeedLink(kind, getattr(item, "code", None) or item.slug, item.label_in("en"), item)

    found = []
    alert = context.get("alert")
    if alert is not None:
        # its case, what a reader of one alert follows next; else where it happened
        # (its country's, topics' and member's feeds are on the pages it links to:
        # one link fewer on 50,000 pages is 7 MB, issue 16)
        if alert.case:
            found.append(FeedLink("cases", alert.case.id, alert.case.title, alert.case))
        else:
            found += [_term_link("countries", c) for c in alert.countries] or [
                _term_link("regions", r) for r in alert.regions
            ]
    if context.get("country") is not None:
        country = context["country"]
        found += [_term_link("countries", country), _term_link("regions", country.region)]
    for name, kind in (("region", "regions"), ("topic", "topics")):
        if context.get(name) is not None:
            found.append(_term_link(kind, context[name]))
    if context.get("member") is not None:
        found.append(FeedLink("members", context["member"].slug, context["member"].name, context["member"]))
    if context.get("case") is not None:
        found.append(FeedLink("cases", context["case"].id, context["case"].title, context["case"]))
    appeal_open = alert is not None and alert.appeal is not None and alert.appeal.is_open
    if appeal_open or context.get("appeals_page") or context.get("open_appeals") is not None:
        found.append(FeedLink("appeals", None, "Open appeals"))
    subject = any(context.get(name) is not None for name in ("alert", "country", "region", "topic", "member", "case"))
    return found if subject else [FeedLink("all", None, "All alerts"), *found]


@pass_context
def _label(context, term) -> str:
    return term.label_in(context["lang"])


@pass_context
def _definition(context, term) -> str:
    return term.definition_in(context["lang"])


@pass_context
def _long_date(context, value) -> str:
    return long_date(value, context["lang"])
