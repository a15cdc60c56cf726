"""The Pelican generator: every feed, OPML bundle and /feeds/ page, per language.

It runs after the clearinghouse generator has built the site (read from
`context["alert_site"]`) and writes into this generator's own output path,
the staging folder atomic_output swaps in only when the whole build worked.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

from babel import Locale
from clearinghouse.build.memory import fewer_collections
from clearinghouse.build.parallel import Beside, build_workers
from clearinghouse.build.progress import Progress
from clearinghouse.content.files import write_file
from clearinghouse.generator import finish_in_child, site_in
from clearinghouse.publish.publisher import Publisher
from clearinghouse.publish.reuse import OutputReuse
from clearinghouse.site import urls
from clearinghouse.site.enrich import Site
from pelican.generators import Generator

from .catalogue import Group, groups
from .config import FeedSettings
from .entries import AbsoluteBodies, EntryBuilder, EntryData, Person
from .feedwriter import FORMATS, FeedHead, FeedWriter
from .identity import feed_id
from .manifest import MANIFEST, digest, manifest
from .membership import Feed, feeds_of
from .naming import Gettext, naming
from .opml import opml

log = logging.getLogger(__name__)


class FeedsGenerator(Generator):
    """Writes the feeds of issue 3 (shared/spec/urls.md) and their listings.

    The feeds depend on the site only, not on the pages, so when the build
    may use more than one process (`BUILD_WORKERS`) they are written by a
    forked child that starts as soon as the site is read (Pelican runs every
    generator's `generate_context` before any `generate_output`) and works
    on the second core while this process renders the pages. The child
    writes the same files into the same staging folder and sends back which
    files it kept or wrote (clearinghouse/publish/reuse.py); `generate_output` waits
    for it.
    """

    child: Beside | None = None

    def generate_context(self) -> None:
        if not Beside.possible(build_workers(self.settings)):
            return
        site = self._site()  # fail here, in this process, if the clearinghouse plugin is missing
        # A child copies as much of the site's memory as it touches, and the
        # feeds touch every alert: above the limit the files are written here,
        # after the pages, so that 50,000 alerts stay under 2 GB.
        if len(site.alerts) <= FeedSettings.from_settings(self.settings).child_max_alerts:
            load_locale_data(site.languages)
            self.child = Beside(self._write_and_decide, "alert_feeds")

    def generate_output(self, writer) -> None:
        if self.child is None:
            self.write_all()
            return
        decided = self.child.result()
        reuse = self.context.get("output_reuse")
        if reuse is not None:
            reuse.adopt(decided)

    def _write_and_decide(self):
        """In the child: write, then help with the pages and say which files were kept or written."""
        self.write_all()
        return finish_in_child(self.context)

    def _site(self) -> Site:
        return site_in(self.context, "alert_feeds")

    def write_all(self) -> None:
        site = self._site()
        started = time.perf_counter()
        config = FeedSettings.from_settings(self.settings)
        output = Path(self.output_path)
        reuse = self.context.get("output_reuse")
        publisher = Publisher(site=site, settings=self.settings, output=output, theme=Path(self.theme), reuse=reuse)
        gettexts = {lang: publisher.catalogues[lang].gettext for lang in site.languages}
        feeds = feeds_of(site)
        progress = self.context.get("build_progress") or Progress(enabled=False)
        kept_before = len(reuse.kept) if reuse is not None else 0
        with progress.stage("feeds written") as stage:  # from the feeds child, when there is one
            digests = write_feeds(site, feeds, config, gettexts, output, reuse, on_feed=stage.advance)
            kept = len(reuse.kept) - kept_before if reuse is not None else 0
            stage.note = f"{kept:,} unchanged, kept from the last build"
        write_file(output / MANIFEST, manifest(digests, config.siteurl, config.hub))
        for lang in site.languages:
            listed = groups(site, feeds, lang, gettexts[lang], config.sitename, self.context.get("feed_groups", ()))
            write_opml(listed, lang, config, gettexts[lang], output, reuse)
            publisher.use_language(lang)
            publisher.render("feeds.html", urls.feeds(lang), lang, groups=listed, hub=config.hub)
        log.info("alert_feeds: %d feed files in %.2f s", len(digests), time.perf_counter() - started)


def load_locale_data(languages: Sequence[str]) -> None:
    """Babel's CLDR data of every language (country names, number symbols, dates), loaded before a fork.

    Each process that names a country or formats a date or number loads it
    once (about 0.03 s of CPU for five languages); this process needs it
    anyway (/data/, the digest, its pages), and the feeds and search
    children forked after this inherit it instead of loading it again.
    """
    for lang in languages:
        Locale.parse(lang).territories  # noqa: B018 (loads the locale's whole data, cached by Babel)


def write_feeds(
    site: Site,
    feeds: list[Feed],
    config: FeedSettings,
    gettexts: dict[str, Gettext],
    output: Path,
    reuse: OutputReuse | None = None,
    on_feed: Callable[[], None] | None = None,
) -> dict[str, str]:
    """Every feed in every language and format; returns each file's digest.

    A feed whose subject and items are unchanged since the last build is
    kept from it (clearinghouse/publish/reuse.py), with the digest noted then.
    `on_feed` is told of each feed file, written or kept (progress).
    """
    digests: dict[str, str] = {}
    reuse = reuse or OutputReuse(output=output, previous=None, record=None)
    builder = EntryBuilder(config, gettexts, AbsoluteBodies(), default_lang=site.languages[0])
    writer = FeedWriter()
    # Feed by feed, every language edition of a feed together: an entry's
    # XML serves all the editions that show the same text (feedwriter.py),
    # and is let go after the last feed that carries it, so memory stays flat.
    uses = Counter(id(alert) for feed in feeds for alert in feed.latest(config.max_items_of(feed.kind)))
    with fewer_collections():
        for feed in feeds:
            latest = feed.latest(config.max_items_of(feed.kind))
            # One fingerprint for the feed's ten files (five languages, two formats): a
            # file's language and format are its path's, and the record compares keys
            # path by path. Made per file, it was 12,380 walks and digests on every
            # rebuild at 10,000 alerts (0.09 s of CPU), for 1,238 feeds.
            key = reuse.key("feed", feed.kind, feed.key, feed.subject, latest)
            for lang in site.languages:
                entries = None
                for fmt in FORMATS:
                    path = urls.feed(feed.kind, feed.key, lang, fmt)
                    old = reuse.previous_note(path)
                    if reuse.reused(path, key, allowed=old is not None):
                        digests[path] = old
                    else:
                        if entries is None:
                            full = config.full_items_of(feed.kind)
                            entries = [builder(alert, lang, body=number < full) for number, alert in enumerate(latest)]
                        data = fitted(writer, feed, lang, fmt, entries, config, gettexts[lang])
                        write_file(output / path, data)
                        digests[path] = digest(data)
                    reuse.keep_note(path, digests[path])
                    if on_feed is not None:
                        on_feed()
            for alert in latest:
                uses[id(alert)] -= 1
                if not uses[id(alert)]:
                    for data in builder.forget(alert):
                        writer.forget(data)
    return digests


def head(
    feed: Feed, lang: str, fmt: str, entries: Sequence[EntryData], config: FeedSettings, gettext: Gettext
) -> FeedHead:
    """A feed's own data; its `updated` is its newest entry's, never the clock."""
    named = naming(feed, lang, gettext, config.sitename)
    return FeedHead(
        id=feed_id(config.authority, feed.kind, feed.key, lang),
        title=named.title,
        description=named.description,
        lang=lang,
        updated=max((e.updated for e in entries), default=config.quiet_time),
        self_url=config.absolute(urls.feed(feed.kind, feed.key, lang, fmt)),
        page_url=config.absolute(named.page),
        hub=config.hub,
        publisher=Person(config.sitename, config.absolute(urls.home(lang))),
        # a case feed's title names the case; the same sentence under 4,600 case
        # titles in five languages told a reader nothing (RSS keeps it: required there)
        subtitle=feed.kind != "cases",
    )


def fitted(
    writer: FeedWriter,
    feed: Feed,
    lang: str,
    fmt: str,
    entries: list[EntryData],
    config: FeedSettings,
    gettext: Gettext,
) -> bytes:
    """The feed with as many of its newest entries as fit under the size limit.

    A feed whose entries clearly will not fit is cut to what its estimated
    size allows before the first rendering: one feed in nine is over the
    limit at 10,000 alerts, and each rendering costs as much as the feed.
    """
    kept = list(entries)
    total, allowed = _ESTIMATED_HEAD, config.max_bytes * _ESTIMATE_MARGIN
    for count, entry in enumerate(entries):
        total += entry.text_bytes + _ESTIMATED_ENTRY[fmt]
        if total > allowed:
            kept = entries[: max(1, count)]
            break
    data = writer.render(head(feed, lang, fmt, kept, config, gettext), kept, fmt)
    while len(data) >= config.max_bytes and len(kept) > 1:
        kept = kept[: max(1, len(kept) * config.max_bytes // len(data) - 1)]
        data = writer.render(head(feed, lang, fmt, kept, config, gettext), kept, fmt)
    if len(data) >= config.max_bytes:
        log.warning(
            "alert_feeds: %s is over %d bytes with one entry",
            urls.feed(feed.kind, feed.key, lang, fmt),
            config.max_bytes,
        )
    return data


# What an entry adds to a feed besides its texts (ids, links, dates,
# people, category terms), and what a feed says about itself, in bytes:
# about the median seen (benchmarks, 10,000 alerts, five languages). The
# estimate is kept 3% under the limit, so that a cut feed rarely needs a
# second rendering; every feed is measured after rendering all the same.
_ESTIMATED_ENTRY = {"atom": 1_000, "rss": 800}
_ESTIMATED_HEAD = 1_000
_ESTIMATE_MARGIN = 0.97


def write_opml(
    listed: list[Group],
    lang: str,
    config: FeedSettings,
    gettext: Gettext,
    output: Path,
    reuse: OutputReuse | None = None,
) -> None:
    """feeds/all.opml and one feeds/regions/<region>.opml per region (its countries too).

    A file whose outlines are the ones the last build wrote is kept rather
    than made with lxml and moved into the output on every build (35 files
    of up to 1,300 outlines at 10,000 alerts): its key is what an outline
    shows, not the feeds' item counts, so a new alert keeps it too.
    """
    title = f"{gettext('Feeds')} — {config.sitename}"
    files = [(urls.opml(None, lang), title, listed)]
    files += [(group.opml, f"{group.heading} — {title}", [group]) for group in listed if group.opml]
    for path, heading, shown in files:
        if reuse is not None and reuse.enabled:
            outlines = [(g.heading, [(i.title, i.atom, i.page) for i in g.listings]) for g in shown]
            if reuse.reused(path, reuse.key("opml", heading, lang, config.siteurl, outlines)):
                continue
        write_file(output / path, opml(heading, shown, lang, config.absolute))
