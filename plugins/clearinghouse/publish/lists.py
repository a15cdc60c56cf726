"""The browsing pages of a language: the archive, places, topics, members, cases, /act/, search.

They are one unit (units.py): they show the same cards, which a process
renders once per language. A mixin of the Publisher, which renders them.
"""

from __future__ import annotations

from collections.abc import Callable
from operator import attrgetter

from clearinghouse.content.records import Alert
from clearinghouse.publish.pager import Pager
from clearinghouse.site import urls
from clearinghouse.site.charts import alerts_per_year, top_violations
from clearinghouse.site.collation import collation_key
from clearinghouse.site.fingerprint import SealedDict, SealedList, digest

_URL, _DIGEST = attrgetter("url"), attrgetter("digest")


class ListPages:
    """Publisher's list pages (uses its site, settings, maps, render and caches)."""

    def _publish_lists(self, lang: str) -> None:
        for part in ("archive", "places", "topics", "members", "cases"):
            getattr(self, f"_publish_{part}")(lang)

    def _publish_archive(self, lang: str) -> None:
        alerts = self.site.alerts  # shown in `lang` by _paged
        self._paged("alerts.html", lambda n: urls.alerts(lang, n), lang, alerts, front={"total": len(alerts)})

    def _publish_places(self, lang: str) -> None:
        site, vocab = self.site, self.site.vocab
        self.render(
            "countries.html",
            urls.countries(lang),
            lang,
            recent_map=self.maps.world(lang),
            groups=self.maps.directory(lang),
        )
        for region in vocab.regions:
            items = site.by_region.get(region.slug, [])
            self._paged(
                "region.html",
                lambda n, r=region: urls.region(r.slug, lang, n),
                lang,
                items,
                front={"total": len(items)},
                charts=("region", region.slug),
                from_items=lambda r=region: self._region_front(r, lang),
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
                },
                charts=("country", country.code),
                country=country,
            )

    def _region_front(self, region, lang: str) -> dict:
        """A region's countries with their alerts, most first, and its map of the last 12 months.

        Both come from the region's items and the build's today alone: an
        alert naming one of its countries is one of its items (enrich), and
        a country's count and the map's counts are of those alerts.
        """
        site = self.site
        countries = SealedList((c, len(site.by_country.get(c.code, ()))) for c in site.vocab.countries_in(region.slug))
        countries.sort(key=lambda pair: (-pair[1], collation_key(pair[0].label_in(lang), lang)))
        return {"countries": countries, "recent_map": self.maps.region(region, lang)}

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
            items = self._member_items.get(member.slug)
            if items is None:  # the same in every language this process publishes
                items = self._member_items[member.slug] = sorted(
                    member.issued + member.co_signed, key=lambda a: a.sort_key
                )
            self._paged("member.html", lambda n, m=member: urls.member(m.slug, lang, n), lang, items, member=member)
        groups = [(r, [m for m in site.members.values() if m.region == r]) for r in site.vocab.regions]
        self.render("members.html", urls.members(lang), lang, groups=[g for g in groups if g[1]])

    def _publish_cases(self, lang: str) -> None:
        site = self.site
        self.render("cases.html", urls.cases(lang), lang, cases=list(site.cases.values()))
        default = lang == site.languages[0]
        for case in site.cases.values():
            # a case page is made from its case alone (the case's digest covers every item's family)
            path = urls.case(case.id, lang)
            key = self.kept("case.html", path, lang, case)
            if key is None:
                continue
            appeal_item = case.open_appeal_item.in_language(lang) if case.open_appeal_item else None
            # a language edition's case page lists the items translated into its language and
            # links to the default edition's timeline for the rest (urls.md, "Languages")
            timeline = case.items if default else [i for i in case.items if i.in_language(lang).lang == lang]
            self.render(
                "case.html",
                path,
                lang,
                case=case,
                appeal_item=appeal_item,
                timeline=timeline,
                untranslated=len(case.items) - len(timeline),
                whole_timeline=urls.case(case.id, site.languages[0]),
                decided=key,
            )
        self.render(
            "act.html",
            urls.act(lang),
            lang,
            alerts=[a.in_language(lang) for a in site.open_appeals()],
            appeals_page=True,
        )
        self.render("search.html", urls.search(lang), lang, archive=self._archive_filters())

    def _paged(
        self,
        template: str,
        path_of,
        lang: str,
        items: list[Alert],
        front: dict | None = None,
        charts: tuple[str, str] | None = None,
        from_items: Callable[[], dict] | None = None,
        **context,
    ) -> None:
        """A list (newest first) as its first address and its older pages (Pager).

        `front` is what only the first address shows (counts, the country's
        cases; `charts` names the charts drawn from the items; `from_items`
        makes the rest, from the items and the build's today alone):
        numbered pages leave it out, so that a new alert does not change
        them. A language edition has the first address alone, and links to
        the default edition for older items.

        The list's pages are one group (reuse.kept_group): its key sums up
        everything they are made from (the items by their digests, what the
        first address shows besides, the list's context), so a list none of
        whose alerts changed keeps its files without a page context or a
        page fingerprint being made. The charts and `from_items` are left
        out of the key, and made only when the pages are: the items'
        digests (their dates, countries and violations) and today cover them.
        """
        first = path_of(0)
        if self.reuse.enabled:
            today = self.site.today if from_items is not None else None
            key = self.reuse.key(
                "list", template, first, lang, self._items_token(first, lang, items), front, context, today
            )
            kept = self.reuse.kept_group(first, key)
            if kept is not None:  # listed and counted as if rendered
                for page in kept:
                    self._listed(page, None)
                return
            mark, written = self.reuse.mark(), len(self.written)
        if charts is not None:
            front = {**(front or {}), "charts": self._charts(charts, items)}
        if from_items is not None:
            front = {**(front or {}), **from_items()}
        self._pages_of_list(template, path_of, lang, items, front, context)
        if self.reuse.enabled:
            pages = self.written[written:]
            if all(page.lastmod is None for page in pages):
                self.reuse.record_group(first, key, [page.path for page in pages], self.reuse.decided_since(mark))

    def _items_token(self, first: str, lang: str, items: list[Alert]) -> str:
        """The list's items by address and digest (a translation's digest is its family's).

        Joined by C-level maps, once per list and process (kept under the
        default edition's address): a list's items are originals, the same
        in every language, and a Python loop over some 300,000 list places
        per rebuild was most of the lists' time once their pages were kept.
        """
        name = first if lang == self.site.languages[0] else first.removeprefix(f"{lang}/")
        token = self._item_tokens.get(name)
        if token is None:
            token = self._item_tokens[name] = digest("\x1f".join(map(_URL, items)), "".join(map(_DIGEST, items)))
        return token

    def _pages_of_list(
        self, template: str, path_of, lang: str, items: list[Alert], front: dict | None, context: dict
    ) -> None:
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
                (n, items[held])
                for n, held in Pager.slices(len(items), older)
                if n <= top or held.stop - held.start == older
            ]
        for number, shown in pages:
            path = path_of(number)
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

    def _archive_filters(self) -> str:
        """What the search page's filters list of the archive (search.html), for its fingerprint:
        the countries, the members and the years with alerts."""
        if self._filters is None:
            site = self.site
            self._filters = digest(
                ",".join(sorted(site.by_country)),
                ",".join(m.slug for m in site.members.values() if m.issued or m.co_signed),
                ",".join(sorted({str(a.date.year) for a in site.alerts})),
            )
        return self._filters

    def _charts(self, key: tuple[str, str], items: list[Alert]) -> dict:
        """Charts depend on the data only, so each is drawn once for all languages."""
        if key not in self._chart_cache:
            self._chart_cache[key] = SealedDict(years=alerts_per_year(items), violations=top_violations(items))
        return self._chart_cache[key]
