"""The typed records the site is made of.

Read and validation produce these from front matter; enrichment links them
(region from country, members, cases, translations); templates only read
them. Nothing here knows about files, YAML or Pelican.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from pathlib import Path

from clearinghouse.content.vocabulary import Country, Term


@dataclass(frozen=True)
class Victim:
    name: str
    role: Term
    outlet: str | None = None
    gender: str | None = None


@dataclass(frozen=True)
class Addressee:
    name: str
    title: str
    salutation: str | None = None
    address: str | None = None
    email: str | None = None
    fax: str | None = None
    social: str | None = None


@dataclass(frozen=True)
class Source:
    title: str
    url: str


@dataclass
class Appeal:
    """What readers are asked to write, to whom, and until when."""

    deadline: date
    asks: tuple[str, ...]
    addressees: tuple[Addressee, ...]
    letter: str | None = None  # Markdown as written
    copy_to: tuple[str, ...] = ()
    letter_html: str = ""
    is_open: bool = True  # set by enrichment from the build's "today"
    copy_to_members: tuple[Member, ...] = ()
    mailto: str = ""  # "write now": the sample letter ready to send
    # The language each text is written in: a translation that leaves its
    # asks, addressees or letter out shows the original's, marked as such.
    asks_lang: str = ""
    addressees_lang: str = ""
    letter_lang: str = ""


@dataclass(eq=False)  # one record per thing: identity, not value
class Member:
    slug: str
    name: str
    country: Country
    region: Term
    acronym: str | None = None
    scope: Term | None = None
    founded: int | None = None
    joined: int | None = None
    website: str | None = None
    email: str | None = None
    expertise: tuple[Term, ...] = ()
    languages: tuple[str, ...] = ()
    status: str = "active"
    body_html: str = ""
    source_path: Path | None = None
    url: str = ""
    digest: str = ""  # of its file as read (fingerprint.py)
    issued: list[Alert] = field(default_factory=list)
    co_signed: list[Alert] = field(default_factory=list)

    @property
    def display_name(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name


@dataclass(eq=False)  # one record per thing: identity, not value
class Alert:
    """One published item in one language, with every field resolved.

    A translation is an Alert too: it carries its own texts and the
    original's structured fields, and `original` points back.
    """

    id: str
    lang: str
    type: Term
    title: str
    date: datetime
    updated: datetime | None
    countries: tuple[Country, ...]
    regions: tuple[Term, ...]
    member: Member
    co_signers: tuple[Member, ...]
    case_id: str | None
    case_status: Term | None
    status: str
    violations: tuple[Term, ...]
    victims: tuple[Victim, ...]
    perpetrator: Term | None
    location: str | None
    summary: str
    appeal: Appeal | None
    sources: tuple[Source, ...]
    body_html: str
    source_path: Path
    url: str = ""
    original: Alert | None = None
    translations: dict[str, Alert] = field(default_factory=dict)
    case: Case | None = None
    digest: str = ""  # what its page and card are made from (fingerprint.py)
    file_digest: str = ""  # of its own file as read; `digest` adds its family's (linking.family_digests)
    # The summary is the body's first paragraph (the default when none is
    # written, content.md): the alert's page then shows it once, not twice.
    summary_opens_body: bool = False

    @property
    def is_translation(self) -> bool:
        return self.original is not None

    @property
    def is_draft(self) -> bool:
        return self.status == "draft"

    @property
    def last_changed(self) -> datetime:
        return self.updated or self.date

    @cached_property
    def sort_key(self) -> tuple:
        """Newest first, ties broken by id so every build orders alike.

        Cached: lists are sorted by it about 80,000 times in a build of
        10,000 alerts, and a record's date and id never change once built.
        """
        return (-self.date.timestamp(), self.id)

    @property
    def previous_in_case(self) -> Alert | None:
        """The item before this one in its case's timeline."""
        items = self.case.items if self.case else []
        index = self._case_index()
        return items[index - 1] if index and index > 0 else None

    @property
    def next_in_case(self) -> Alert | None:
        items = self.case.items if self.case else []
        index = self._case_index()
        return items[index + 1] if index is not None and index + 1 < len(items) else None

    @property
    def case_position(self) -> int | None:
        """This item's place in its case's timeline, from 1 (the alert page says "2 of 5")."""
        index = self._case_index()
        return None if index is None else index + 1

    def _case_index(self) -> int | None:
        original = self.original or self
        if not self.case:
            return None
        return next(i for i, item in enumerate(self.case.items) if item is original)

    def in_language(self, lang: str) -> Alert:
        """This alert as a reader of `lang` should get it."""
        original = self.original or self
        if lang == original.lang:
            return original
        return original.translations.get(lang, original)


@dataclass
class CaseEvent:
    """A change of a case's status, as reported by one item."""

    date: datetime
    status: Term
    alert: Alert


@dataclass(eq=False)  # one record per thing: identity, not value
class Case:
    """Every item that shares a `case` id, in order, and where it stands."""

    id: str
    items: list[Alert]  # oldest first
    status: Term | None
    history: list[CaseEvent]
    members: list[Member]
    countries: list[Country]
    regions: list[Term]
    open_appeal_item: Alert | None
    url: str = ""
    digest: str = ""  # every file of the case (fingerprint.py)

    @property
    def title(self) -> str:
        return self.items[0].title

    def opening(self, lang: str) -> Alert:
        """The case's first item as a reader of `lang` gets it: its title names the case."""
        return self.items[0].in_language(lang)

    @property
    def latest(self) -> Alert:
        return self.items[-1]

    @property
    def victims(self) -> list[Victim]:
        seen: dict[str, Victim] = {}
        for item in self.items:
            for victim in item.victims:
                seen.setdefault(victim.name, victim)
        return list(seen.values())


@dataclass(eq=False)  # one record per thing: identity, not value
class Page:
    """A static page from `content/pages/`."""

    slug: str
    lang: str
    title: str
    body_html: str
    menu: int | None
    source_path: Path
    url: str = ""
    translations: dict[str, Page] = field(default_factory=dict)
    digest: str = ""  # of its file as read (fingerprint.py)
