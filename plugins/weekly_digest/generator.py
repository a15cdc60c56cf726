"""The Pelican generator: /digest/, each week's page and e-mail files, the digest feed.

It runs after the clearinghouse generator has built the site (read from
`context["alert_site"]`) and writes into this generator's output path, the
staging folder atomic_output swaps in only when the whole build worked.

Every file is fingerprinted from what it shows (clearinghouse/publish/reuse.py):
a finished week's files are kept as they are on a rebuild unless one of
its items (or an appeal it names as still open) changed, so a new alert
rewrites the current week's pages, the list of weeks and, once a week is
over, the feed.
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass
from pathlib import Path

from alert_feeds.catalogue import Group, Listing
from alert_feeds.manifest import MANIFEST, manifest
from alert_feeds.manifest import digest as digest_of
from clearinghouse.content.files import write_file
from clearinghouse.generator import site_in
from clearinghouse.publish.head import FeedLink
from clearinghouse.publish.publisher import Publisher
from clearinghouse.publish.reuse import OutputReuse
from clearinghouse.site import urls
from clearinghouse.site.enrich import Site
from clearinghouse.site.urls import FEED_FORMATS
from pelican.generators import Generator

from .config import DigestSettings
from .email import email_html, email_text
from .feed import KIND, entry, feed_bytes
from .model import Archive, WeekDigest, week_digest
from .weeks import Week, published_weeks

log = logging.getLogger(__name__)

FEED = FeedLink(KIND, None, "The Communiqué")
EMAIL_FILES = ("email.html", "email.txt")


@dataclass(frozen=True)
class WeekLine:
    """A week as /digest/ lists it."""

    week: Week
    count: int
    final: bool


class DigestGenerator(Generator):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # /feeds/ and the OPML files list the digest feed (alert_feeds/catalogue.py).
        # Offered now, before any generator's generate_context: the feeds may be
        # written by a child forked there.
        self.context.setdefault("feed_groups", []).append(self.feed_group)
        # Rendered before the pages (clearinghouse's generator calls `write_all`),
        # while the feeds and search children do their own work: after the pages
        # it was a serial tenth of a second at the end of every rebuild. Only its
        # lines in feeds/manifest.json wait for generate_output: the feeds child
        # writes that file.
        self._feed_digests: dict[str, str] | None = None
        self.context.setdefault("before_pages", []).append(self.write_all)

    def generate_context(self) -> None:
        self._site()  # fail early if the clearinghouse plugin is missing
        DigestSettings.from_settings(self.settings)  # and on a wrong setting

    def _site(self) -> Site:
        return site_in(self.context, "weekly_digest")

    def feed_group(self, lang: str, gettext) -> Group:
        """The digest feed as /feeds/ and the OPML files list it."""
        config = DigestSettings.from_settings(self.settings)
        weeks = published_weeks(config.first_week, self._site().today)[:-1]  # the finished ones
        name = gettext("The Communiqué")
        listing = Listing(
            name=name,
            title=f"{name} — {config.sitename}",
            count=min(len(weeks), config.feed_items),
            atom=urls.feed(KIND, None, lang, "atom"),
            rss=urls.feed(KIND, None, lang, "rss"),
            page=urls.digest(lang),
        )
        return Group("digest", gettext("The weekly Communiqué"), None, (listing,), compact=True)

    def generate_output(self, writer) -> None:
        if self._feed_digests is None:  # no clearinghouse generator ran the hook (it reports that itself)
            self.write_all()
        add_to_manifest(Path(self.output_path), self._feed_digests or {})

    def write_all(self) -> None:
        """Every page, e-mail and feed of the digest, in every language; once per build."""
        site = self._site()
        started = time.perf_counter()
        config = DigestSettings.from_settings(self.settings)
        output = Path(self.output_path)
        reuse = self.context.get("output_reuse") or OutputReuse(output=output, previous=None, record=None)
        publisher = Publisher(site=site, settings=self.settings, output=output, theme=Path(self.theme), reuse=reuse)
        archive = Archive.of(site, config)
        written = len(reuse.files)
        kept = len(reuse.kept)
        feed_digests: dict[str, str] = {}
        for lang in site.languages:
            publisher.use_language(lang)
            digests = [week_digest(site, archive, config, week, lang) for week in archive.weeks]
            short = [week_digest(site, archive, config, w, lang, translated_only=True) for w in archive.finished()]
            for digest in digests:
                publisher.render(
                    "digest_week.html",
                    urls.digest_week(digest.week.name, lang),
                    lang,
                    sitemap=False,
                    digest=digest,
                    digest_feed=FEED,
                )
            for digest in short:
                write_email(publisher, digest, lang, config, output, reuse)
            lines = [WeekLine(d.week, d.count, d.final) for d in reversed(digests)]
            publisher.render("digest.html", urls.digest(lang), lang, sitemap=False, weeks=lines, digest_feed=FEED)
            finished = short[::-1][: config.feed_items]
            hub = self.settings.get("WEBSUB_HUB") or None
            feed_digests.update(write_feed(publisher, finished, lang, config, output, reuse, hub))
        self._feed_digests = feed_digests
        files = len(reuse.files) - written
        log.info(
            "weekly_digest: %d weeks, %d files (%d kept) in %.2f s",
            len(archive.weeks),
            files,
            len(reuse.kept) - kept,
            time.perf_counter() - started,
        )


def write_email(
    publisher: Publisher, digest: WeekDigest, lang: str, config: DigestSettings, output: Path, reuse: OutputReuse
) -> None:
    """email.html and email.txt of a finished week, unless the last build's still show the same."""
    folder = urls.digest_week(digest.week.name, lang)
    for name, make in zip(EMAIL_FILES, (email_html, email_text), strict=True):
        path = folder + name
        if reuse.reused(path, reuse.key("digest-email", path, lang, digest, config.list_unsubscribe)):
            continue
        write_file(output / path, make(publisher, digest, lang, config.list_unsubscribe))


def write_feed(
    publisher: Publisher,
    finished: list[WeekDigest],
    lang: str,
    config: DigestSettings,
    output: Path,
    reuse: OutputReuse,
    hub: str | None,
) -> None:
    """feeds/digest.atom and .rss of `lang`: the newest finished weeks; returns each file's digest."""
    entries = None
    digests = {}
    for fmt in FEED_FORMATS:
        path = urls.feed(KIND, None, lang, fmt)
        old = reuse.previous_note(path)
        if reuse.reused(path, reuse.key("digest-feed", path, lang, finished, hub), allowed=old is not None):
            digests[path] = old
        else:
            if entries is None:
                entries = [entry(publisher, digest, lang, config) for digest in finished]
            data = feed_bytes(publisher, entries, lang, fmt, config, hub)
            write_file(output / path, data)
            digests[path] = digest_of(data)
        reuse.keep_note(path, digests[path])
    return digests


def add_to_manifest(output: Path, digests: dict[str, str]) -> None:
    """Add the digest feeds to feeds/manifest.json (alert_feeds wrote it before this
    generator runs), so that `make ping` tells the WebSub hub when a week is added."""
    path = output / MANIFEST
    if not path.is_file():
        return  # alert_feeds is not in PLUGINS
    document = json.loads(path.read_text(encoding="utf-8"))
    feeds = {**document["feeds"], **digests}
    write_file(path, manifest(feeds, document["siteurl"], document["hub"]))
