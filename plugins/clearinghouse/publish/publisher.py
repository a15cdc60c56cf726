"""Publish stage: the enriched site -> HTML pages and the sitemap.

Every page is rendered once per language edition it exists in. Templates
receive ready-made records and a few presentation helpers (labels and dates
in the page's language, addresses joined to SITEURL); they decide nothing.
This module renders (the environment, cards, the site frame, alert pages,
the home page); the lists are in lists.py, their pagination in pager.py,
the units processes share in units.py, a page's feeds in head.py, the
sitemap in sitemap.py and the template environment's parts in templates.py.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from clearinghouse.build.page_share import PageShare
from clearinghouse.content.files import write_file
from clearinghouse.content.records import Alert, Page
from clearinghouse.publish.head import FeedLink, feeds_for
from clearinghouse.publish.lists import ListPages
from clearinghouse.publish.reuse import OutputReuse
from clearinghouse.publish.sitemap import write_sitemap
from clearinghouse.publish.template_runtime import globals_changed, speed_up
from clearinghouse.publish.templates import FILTERS, bytecode_cache, unindented
from clearinghouse.publish.units import Unit, Written, alert_pages, units
from clearinghouse.site import urls
from clearinghouse.site.enrich import Site
from clearinghouse.site.i18n import interface_gettext, load_translations
from clearinghouse.site.share import Share
from clearinghouse.site.world_map import WorldMaps

_ANY_LEVEL = Markup("<level>")  # in a card's heading tags until its level is known (Publisher.card)


@dataclass
class Publisher(ListPages):
    site: Site
    settings: dict
    output: Path
    theme: Path
    reuse: OutputReuse | None = None  # None: render every page
    written: list[Written] = field(default_factory=list)
    _chart_cache: dict = field(default_factory=dict)
    _member_items: dict = field(default_factory=dict)  # member slug -> its alerts, newest first
    _item_tokens: dict = field(default_factory=dict)  # a list's default-edition address -> its items' token
    _filters: str | None = None  # what the search page lists of the archive (_archive_filters)
    _cards: dict = field(default_factory=dict)  # (id(alert), lang, level or None) -> HTML, this language's
    _card_macro: Callable | None = None
    _lines: dict = field(default_factory=dict)  # id(alert) -> HTML of its line, this language's
    _line_macro: Callable | None = None
    _feed_heads: dict = field(default_factory=dict)  # (FeedLink, with RSS) -> HTML, for the language being published
    _feed_head_macro: Callable | None = None
    _language: str | None = None  # the one use_language set up
    _units: list[Unit] | None = None
    _alert_pages: dict = field(default_factory=dict)  # lang -> alert_pages(site, lang), for every slice of it
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
                bytecode_cache=bytecode_cache(self.settings),
            )
        )
        self.env.filters.update(FILTERS)
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
        # components are imported without context (template_runtime): the page's language, for them
        self.env.globals["lang"] = lang
        globals_changed(self.env)
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
        some of the units (page_share.py) and send back the pages they
        listed, for the sitemap; this waits until they are written.
        """
        units = self.units()
        helped = (0, 0)
        if share is None:
            for unit in units:
                self.publish_unit(unit)
        else:
            mine = 0
            while (number := share.claim()) is not None:
                self.publish_unit(units[number])
                mine += 1
            pages, kept, listed = share.wait(mine, alive=lambda: bool(multiprocessing.active_children()))
            self.written += [Written(path, lastmod) for path, lastmod in listed]
            helped = (pages, kept)
        if show_drafts:
            self.use_language(self.site.languages[0])
            for draft in self.site.drafts:
                self.render("alert.html", draft.url, draft.lang, alert=draft, sitemap=False, alternates={})
        self.write_sitemap()
        return helped

    def help_with(self, share: PageShare) -> None:
        """In a child whose own work is done: render the units nobody has claimed yet."""
        units = self.units()

        def publish_one(number: int) -> tuple[int, int, list[tuple[str, datetime | None]]]:
            rendered, kept, listed = self.rendered, len(self.reuse.kept), len(self.written)
            self.publish_unit(units[number])
            pages = [(page.path, page.lastmod) for page in self.written[listed:]]
            return self.rendered - rendered, len(self.reuse.kept) - kept, pages

        share.help(publish_one)

    def publish_unit(self, unit: Unit) -> None:
        if self._language != unit.lang:
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
            # its page is made from the alert's family alone (its digest: its
            # translations, which give the alternates, and its case), so an unchanged
            # page is kept before its context is made
            key = self.kept("alert.html", shown.url, lang, shown, lastmod=shown.last_changed)
            if key is None:
                continue
            alternates = self._alternates(alert)
            self.render(
                "alert.html",
                shown.url,
                lang,
                alternates=alternates,
                lastmod=shown.last_changed,
                decided=key,
                alert=shown,
                share=Share(shown, lang, alternates, self.siteurl, self.settings["SITENAME"]),
            )
        if part:
            return
        self.render(
            "home.html",
            urls.home(lang),
            lang,
            latest=[a.in_language(lang) for a in site.alerts[:10]],
            open_appeals=[a.in_language(lang) for a in site.open_appeals()],
            recent_map=self.maps.world(lang),
        )
        for page in site.pages:
            shown = page if page.lang == lang else page.translations.get(lang)
            if shown is not None:
                self.render("page.html", shown.url, lang, page=shown, alternates=self._page_alternates(page))
        if lang == site.languages[0]:
            self.render("404.html", "404.html", lang, sitemap=False, alternates={})

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
        decided: str | None = None,
        **context,
    ) -> None:
        """Render one page unless the last build's file has the same fingerprint.

        `decided`: the key `kept` returned, the page already listed and its
        file known to need writing.
        """
        if decided:
            self._write(template, path, lang, alternates, context)
            return
        self._listed(path, lastmod, sitemap=sitemap)
        key = self.reuse.key(template, path, lang, self._switcher(path, lang, alternates), context)
        if self.reuse.enabled and self.reuse.reused(urls.save_as(path), key):
            return
        self._write(template, path, lang, alternates, context)

    def kept(self, template: str, path: str, lang: str, *inputs, lastmod: datetime | None = None) -> str | None:
        """For a page made from `inputs` alone (records by their digests): list it and
        keep its file if unchanged (None), else return the key to `render` it with."""
        if not self.reuse.enabled:
            return ""  # render() lists and renders it
        self._listed(path, lastmod)
        key = self.reuse.key(template, path, lang, *inputs)
        return None if self.reuse.reused(urls.save_as(path), key) else key

    def _listed(self, path: str, lastmod: datetime | None, *, sitemap: bool = True) -> None:
        """A page of this build, rendered or kept: in the sitemap (unless not), and counted."""
        if sitemap:
            self.written.append(Written(path, lastmod))
        self.rendered += 1
        if self.on_page is not None:
            self.on_page()

    def _switcher(self, path: str, lang: str, alternates: dict[str, str] | None) -> dict[str, str]:
        """The page's versions, language by language: a text's translations, or (None) a list's
        same address in every language."""
        if alternates is not None:
            return alternates
        base = path.removeprefix(f"{lang}/") if lang != self.site.languages[0] else path
        return {other: urls._in(other, base) for other in self.site.languages}

    def _write(self, template: str, path: str, lang: str, alternates: dict[str, str] | None, context: dict) -> None:
        language = self.site.vocab.languages[lang]
        # <head> names the translations of a text (an alert, a page). A list exists in
        # every language at the same address under /<lang>/, so its switcher says enough:
        # five <link hreflang> lines on each of ~25,000 list pages were 14 MB at 50,000 alerts.
        html = self.env.get_template(template).render(
            lang=lang,
            dir=language.extra.get("dir", "ltr"),
            language=language,
            page_path=path,
            alternates=self._switcher(path, lang, alternates),
            head_alternates=alternates or {},
            feeds=feeds_for(**context),
            **context,
        )
        write_file(f"{self.output}/{urls.save_as(path)}", unindented(html).encode("utf-8"))

    def write_sitemap(self) -> None:
        write_sitemap(self.output, self.written, self.absolute, int(self.settings.get("SITEMAP_MAX_URLS", 50_000)))
        (self.output / ".nojekyll").write_text("", encoding="utf-8")
