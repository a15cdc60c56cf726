"""The digest feed: /feeds/digest.atom and .rss, one entry per finished week.

Written with alert_feeds' FeedWriter, so it has the same form, fixes and
checks as every other feed. An entry's content is the whole week's digest
(email/entry.html, absolute links); its id is tag:<authority>:digest/<week>
in every format and language edition, and its time the end of the week, so
a mail service that sends a feed as a newsletter sends each week once.
The feed carries the newest DIGEST_FEED_MAX_ITEMS weeks, fewer if that
would pass 250 KB, like every other feed.
"""

from __future__ import annotations

from datetime import UTC, datetime, time

from alert_feeds.entries import EntryData, Link, Person
from alert_feeds.feedwriter import FeedHead, FeedWriter
from alert_feeds.identity import feed_id
from clearinghouse.publish.publisher import Publisher
from clearinghouse.site import urls
from clearinghouse.site.i18n import long_date

from .config import FEED_MAX_BYTES, DigestSettings
from .model import WeekDigest

KIND = "digest"
DESCRIPTION = (
    "Every week, the alerts and updates of the network by region and country, "
    "with the appeals still open: on the web, by e-mail and as a feed."
)


def week_title(gettext, digest: WeekDigest) -> str:
    week = gettext("Week %(number)s, %(year)s") % {"number": digest.week.number, "year": digest.week.year}
    return f"{gettext('The Communiqué')}: {week}"


def ended(digest: WeekDigest, config: DigestSettings) -> datetime:
    """The instant the week ended (midnight starting the Monday after, site time), in UTC."""
    return datetime.combine(digest.week.after, time(0), tzinfo=config.timezone).astimezone(UTC)


def entry(publisher: Publisher, digest: WeekDigest, lang: str, config: DigestSettings) -> EntryData:
    """One week as an entry of the `lang` edition (publisher.use_language(lang) first)."""
    gettext = publisher.catalogues[lang].gettext
    content = publisher.env.get_template("email/entry.html").render(lang=lang, digest=digest)
    catalogue = publisher.catalogues[lang]
    dates = gettext("%(start)s to %(end)s") % {
        "start": long_date(digest.week.monday, lang),
        "end": long_date(digest.week.sunday, lang),
    }
    count = catalogue.ngettext("%(num)s item", "%(num)s items", digest.count) % {"num": digest.count}
    summary = f"{dates}: {count}."
    page = config.absolute(urls.digest_week(digest.week.name, lang))
    return EntryData(
        id=config.digest_id(digest.week),
        lang=lang,
        title=week_title(gettext, digest),
        summary=summary,
        content_html="\n".join(line.strip() for line in content.splitlines() if line.strip()),
        published=ended(digest, config),
        updated=ended(digest, config),
        links=(Link(href=page, rel="alternate", type="text/html", hreflang=lang),),
        author=Person(config.sitename, config.absolute(urls.home(lang))),
        contributors=(),
        categories=(),
    )


def feed_bytes(
    publisher: Publisher, entries: list[EntryData], lang: str, fmt: str, config: DigestSettings, hub: str | None
) -> bytes:
    """The feed of `lang` in `fmt`, newest week first, under 250 KB."""
    gettext = publisher.catalogues[lang].gettext
    writer = FeedWriter()
    kept = list(entries)
    while True:
        head = FeedHead(
            id=feed_id(config.authority, KIND, None, lang),
            title=f"{gettext('The Communiqué')} — {config.sitename}",
            description=gettext(DESCRIPTION),
            lang=lang,
            updated=max((e.updated for e in kept), default=_quiet(config)),
            self_url=config.absolute(urls.feed(KIND, None, lang, fmt)),
            page_url=config.absolute(urls.digest(lang)),
            hub=hub,
            publisher=Person(config.sitename, config.absolute(urls.home(lang))),
        )
        data = writer.render(head, kept, fmt)
        if len(data) < FEED_MAX_BYTES or len(kept) <= 1:
            return data
        kept = kept[:-1]


def _quiet(config: DigestSettings) -> datetime:
    """An empty feed's time: the start of the first week, never the clock."""
    return datetime.combine(config.first_week.monday, time(0), tzinfo=config.timezone).astimezone(UTC)
