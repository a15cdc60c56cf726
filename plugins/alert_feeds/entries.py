"""What one alert says in a feed, worked out once per alert and language.

An alert appears in up to a dozen feeds per language edition; its entry
(title, absolute HTML body, categories, people, links) is built the first
time it is asked for and reused by every other feed, so the cost of the
feeds grows with the number of alerts, not with the number of feed files.

A language edition carries the full body of an item only when the item is
in that language (a translation, or written in it); an item it shows in
another language carries its title, summary and links (shared/spec/urls.md,
"Languages"). The default edition carries every body. Without this, each
of the four language editions repeated the whole archive's bodies (issue
16: 97 MB each at 10,000 alerts).
"""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cached_property
from urllib.parse import urljoin

from clearinghouse.content.records import Alert, Member
from clearinghouse.site import urls
from clearinghouse.site.i18n import long_date

from .config import FeedSettings
from .identity import entry_id, scheme
from .titles import entry_title

Gettext = Callable[[str], str]

# Attributes that hold an address in the sanitised body HTML (nh3 always
# writes attributes double-quoted and escaped).
_URL_NAMES = ("href", "src", "cite", "poster", "longdesc")
_URL_ATTRIBUTE = re.compile(rf'(\s(?:{"|".join(_URL_NAMES)})=")([^"]*)(")')
_URL_MARKS = tuple(f'{name}="' for name in _URL_NAMES)


@dataclass(frozen=True)
class Person:
    name: str
    uri: str


@dataclass(frozen=True)
class Category:
    term: str
    scheme: str
    label: str


@dataclass(frozen=True)
class Link:
    href: str
    rel: str
    type: str
    hreflang: str
    title: str = ""


@dataclass(frozen=True, eq=False)  # one record per (alert, edition): identity, not value
class EntryData:
    """Everything a feed says about one alert in one language edition."""

    id: str
    lang: str  # the language of the texts (xml:lang), not always the edition's
    title: str
    summary: str  # plain text
    content_html: str | None  # every address absolute; None: summary-only (no Atom content, RSS content:encoded)
    published: datetime  # UTC
    updated: datetime  # UTC; moves only when an editor sets `updated`
    links: tuple[Link, ...]  # the alert page first
    author: Person
    contributors: tuple[Person, ...]
    categories: tuple[Category, ...]

    @property
    def page(self) -> str:
        return self.links[0].href

    @cached_property
    def text_key(self) -> tuple:
        """What every language edition showing the same text has in common.

        Editions of an untranslated alert differ only in the title (the type
        and places are named in the edition's language), the category
        labels and the member pages' addresses; everything else, the body
        above all, is this key, and so is which of those parts are empty
        (feedgen leaves an empty one out). The feed writer builds one entry
        per key and puts each edition's parts into it (feedwriter.py). A
        summary-only entry (no body) has a key of its own, shared by the
        language editions that show the alert untranslated.
        """
        return (self.frame_key, self.content_html)

    @cached_property
    def frame_key(self) -> tuple:
        """The text_key without the body and the categories: a summary-only
        entry's XML is the XML of an entry with the same frame_key, less the
        body and the categories (feedwriter.py)."""
        return (
            self.id,
            self.lang,
            self.summary,
            self.published,
            self.updated,
            self.links,
            self.author.name,
            bool(self.author.uri),
            tuple((p.name, bool(p.uri)) for p in self.contributors),
        )

    @cached_property
    def text_bytes(self) -> int:
        """Bytes its texts take in a feed's XML, escaped (generator.fitted estimates sizes with it)."""
        body = self.content_html or ""
        escaped = len(body.encode()) + 3 * (body.count("<") + body.count(">")) + 4 * body.count("&")
        texts = self.title + self.summary + "".join(c.label for c in self.categories)
        return escaped + len(texts.encode())


def absolutize(html: str, base: str) -> str:
    """Every link and image made absolute against the alert's page address,
    so relative ones resolve in a reader exactly as they do on the page."""

    def fix(match: re.Match) -> str:
        address = urljoin(base, html_lib.unescape(match.group(2)))
        return match.group(1) + html_lib.escape(address, quote=True) + match.group(3)

    # Half the bodies hold no address at all: finding that out by substring
    # costs a tenth of the pattern's scan (45,000 bodies at 10,000 alerts).
    if not any(mark in html for mark in _URL_MARKS):
        return html
    return _URL_ATTRIBUTE.sub(fix, html)


def utc(moment: datetime) -> datetime:
    """One zone for every time in every feed; the instant is unchanged."""
    return moment.astimezone(UTC)


class AbsoluteBodies:
    """Each body made absolute once for all five editions, kept only if that changed it.

    An alert without a translation shows the same body at the same address
    in every edition. Most bodies come back unchanged (no address, or only
    absolute ones): those are remembered by identity (the records hold them
    for the whole build) and the entry shares the record's string.
    """

    def __init__(self) -> None:
        self._unchanged: set[int] = set()

    def __call__(self, html: str, base: str) -> str:
        if id(html) in self._unchanged:
            return html
        made = absolutize(html, base)
        if made == html:
            self._unchanged.add(id(html))
            return html
        return made


class EntryBuilder:
    """Builds and remembers the entry of each (alert, edition language).

    `default_lang` is the site's language (the default edition, which
    carries every body); the first of `gettexts` unless said.
    """

    def __init__(
        self,
        config: FeedSettings,
        gettexts: dict[str, Gettext],
        bodies: AbsoluteBodies | None = None,
        default_lang: str | None = None,
    ) -> None:
        self.config = config
        self.gettexts = gettexts
        self.bodies = bodies or AbsoluteBodies()
        self.default_lang = default_lang or next(iter(gettexts))
        self._built: dict[tuple[str, str, bool], EntryData] = {}

    def __call__(self, alert: Alert, lang: str, *, body: bool = True) -> EntryData:
        """The entry of `alert` in edition `lang`; `body=False`: title, summary and link only.

        Whether it carries its body is decided here, so that an item that
        has none in an edition anyway is built once, whatever was asked.
        """
        shown = alert.in_language(lang)
        # Not in the edition's language, or older than a feed's FEED_FULL_ITEMS
        # newest: title, summary and links only, as urls.md allows (no body,
        # no categories: they were most of the feeds' bytes); an empty
        # summary would leave a reader nothing, so the body stays then.
        full = (body and (lang == self.default_lang or shown.lang == lang)) or not shown.summary
        key = (alert.id, lang, full)
        if key not in self._built:
            self._built[key] = self._build(shown, lang, full)
        return self._built[key]

    def forget(self, alert: Alert) -> list[EntryData]:
        """Let go of an alert's entries (no feed still to be written carries it); returns those built."""
        keys = [(alert.id, lang, body) for lang in self.gettexts for body in (True, False)]
        return [entry for key in keys if (entry := self._built.pop(key, None)) is not None]

    def _build(self, shown: Alert, lang: str, full: bool) -> EntryData:
        """`shown`, the alert as edition `lang` shows it, with its body or not."""
        page = self.config.absolute(shown.url)
        links = [Link(page, "alternate", "text/html", shown.lang)]
        notice = ""
        if shown.appeal is not None and shown.appeal.is_open:
            gettext = self.gettexts[shown.lang]  # the notice is in the item's own language
            links.append(
                Link(
                    f"{page}#appeal-heading", "related", "text/html", shown.lang, gettext("Take action: write a letter")
                )
            )
            notice = _appeal_notice(shown, links[-1].href, gettext)
        return EntryData(
            id=entry_id(self.config.authority, shown.id),  # a translation has its original's id
            lang=shown.lang,
            title=self._title(shown, lang),
            summary=shown.summary,
            content_html=notice + self.bodies(shown.body_html, page) if full else None,
            published=utc(shown.date),
            updated=utc(shown.last_changed),
            links=tuple(links),
            author=self._person(shown.member, lang),
            contributors=tuple(self._person(m, lang) for m in shown.co_signers),
            categories=self._categories(shown, lang) if full else (),
        )

    def _title(self, shown: Alert, lang: str) -> str:
        """The kind and the place, in the edition's language: "Update — Ghana: …"."""
        kind = shown.type.label_in(lang)
        places = shown.countries or shown.regions
        return entry_title(self.gettexts[lang], kind, places, shown.title, shown.lang, lang)

    def _person(self, member: Member, lang: str) -> Person:
        return Person(member.display_name, self.config.absolute(urls.member(member.slug, lang)))

    def _categories(self, shown: Alert, lang: str) -> tuple[Category, ...]:
        authority = self.config.authority
        found = [Category(shown.type.slug, scheme(authority, "types"), shown.type.label_in(lang))]
        found += [Category(c.code, scheme(authority, "countries"), c.label_in(lang)) for c in shown.countries]
        found += [Category(r.slug, scheme(authority, "regions"), r.label_in(lang)) for r in shown.regions]
        found += [Category(v.slug, scheme(authority, "violations"), v.label_in(lang)) for v in shown.violations]
        if shown.case is not None:
            title = shown.case.items[0].in_language(lang).title
            found.append(Category(shown.case.id, scheme(authority, "cases"), title))
        return tuple(found)


def _appeal_notice(shown: Alert, address: str, gettext: Gettext) -> str:
    """An open appeal says so at the top of the entry, in the item's language."""
    deadline = gettext("Please write before %(date)s.") % {"date": long_date(shown.appeal.deadline, shown.lang)}
    return (
        f"<p><strong>{html_lib.escape(gettext('Open appeal'))}</strong> — {html_lib.escape(deadline)} "
        f'<a href="{html_lib.escape(address, quote=True)}">{html_lib.escape(gettext("Take action: write a letter"))}</a></p>\n'
    )
