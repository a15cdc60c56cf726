"""The Pelican generator: every feed, OPML bundle and /feeds/ page, per language.

It runs after the clearinghouse generator has built the site (read from
`context["alert_site"]`) and writes into this generator's own output path,
the staging folder atomic_output swaps in only when the whole build worked.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from pathlib import Path

from clearinghouse import urls
from clearinghouse.enrich import Site
from clearinghouse.publish import Publisher
from pelican.generators import Generator

from .catalogue import Group, groups
from .config import FeedSettings
from .entries import EntryBuilder, EntryData, Person
from .feedwriter import FORMATS, FeedHead, FeedWriter
from .identity import feed_id
from .manifest import MANIFEST, digest, manifest
from .membership import Feed, feeds_of
from .naming import Gettext, naming
from .opml import opml

log = logging.getLogger(__name__)


class FeedsGenerator(Generator):
    """Writes the feeds of issue 3 (shared/spec/urls.md) and their listings."""

    def generate_context(self) -> None:
        """Nothing to read: the site comes from the clearinghouse generator."""

    def generate_output(self, writer) -> None:
        site = self.context.get("alert_site")
        if site is None:
            raise RuntimeError("alert_feeds needs the clearinghouse plugin, listed before it in PLUGINS")
        started = time.perf_counter()
        config = FeedSettings.from_settings(self.settings)
        output = Path(self.output_path)
        publisher = Publisher(site=site, settings=self.settings, output=output, theme=Path(self.theme))
        gettexts = {lang: publisher.catalogues[lang].gettext for lang in site.languages}
        feeds = feeds_of(site)
        digests = write_feeds(site, feeds, config, gettexts, output)
        _write(output / MANIFEST, manifest(digests, config.siteurl, config.hub))
        for lang in site.languages:
            listed = groups(site, feeds, lang, gettexts[lang], config.sitename)
            write_opml(listed, lang, config, gettexts[lang], output)
            publisher.env.install_gettext_translations(publisher.catalogues[lang], newstyle=True)
            publisher.render("feeds.html", urls.feeds(lang), lang, groups=listed, hub=config.hub)
        log.info("alert_feeds: %d feed files in %.2f s", len(digests), time.perf_counter() - started)


def write_feeds(
    site: Site, feeds: list[Feed], config: FeedSettings, gettexts: dict[str, Gettext], output: Path
) -> dict[str, str]:
    """Every feed in every language and format; returns each file's digest."""
    builder, writer, digests = EntryBuilder(config, gettexts), FeedWriter(), {}
    for lang in site.languages:
        for feed in feeds:
            entries = [builder(alert, lang) for alert in feed.latest(config.max_items)]
            for fmt in FORMATS:
                path = urls.feed(feed.kind, feed.key, lang, fmt)
                data = fitted(writer, feed, lang, fmt, entries, config, gettexts[lang])
                _write(output / path, data)
                digests[path] = digest(data)
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
    """The feed with as many of its newest entries as fit under the size limit."""
    kept = list(entries)
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


def write_opml(listed: list[Group], lang: str, config: FeedSettings, gettext: Gettext, output: Path) -> None:
    """feeds/all.opml and one feeds/regions/<region>.opml per region (its countries too)."""
    title = f"{gettext('Feeds')} — {config.sitename}"
    _write(output / urls.opml(None, lang), opml(title, listed, lang, config.absolute))
    for group in listed:
        if group.opml:
            _write(output / group.opml, opml(f"{group.heading} — {title}", [group], lang, config.absolute))


def _write(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
