"""feedgen 1.0.0, wrapped: the one place that knows its faults.

The rest of the plugin hands this module plain data (`FeedHead`,
`EntryData`) and gets bytes back. feedgen builds the XML; what it gets
wrong is put right here, and tests/test_feeds.py checks the output, not
the library's promise:

1. Atom entry links lose rel, type, hreflang and title (python-feedgen
   #135: `atom_entry` reads them from the new XML element instead of the
   link's data), which turns every link into a second "alternate".
   `_Entry.atom_entry` sets them again on the element feedgen built.
2. In RSS the atom:link self link is taken from the Atom link list and the
   channel <link> is whichever link was added last (#122), and the hub is
   never written. Each feed therefore gets a generator of its own format
   whose self link is that format's address and whose last link is the HTML
   page; `_RssHub`, a feedgen extension, writes the atom:link rel="hub".
3. `type="CDATA"` writes an invalid Atom type attribute: not used; bodies go
   out as escaped HTML (Atom type="html", RSS content:encoded).
4. The syndication extension misspells its element names (sy:UpdatePeriod):
   not loaded.
5. feedgen defaults `updated` and RSS lastBuildDate to the clock: both are
   always set (newest entry, or the fixed quiet time). It also names itself
   (Atom and RSS <generator>, with its version) and the RSS specification
   (<docs>) in every feed: both are optional and said nothing to a reader,
   in 12,000 files at 10,000 alerts, so both are set empty, which leaves
   them out; an upgrade alone rewrites no feed.
6. RSS <author> must be an e-mail address: members are credited with
   dc:creator / dc:contributor instead (feedgen's Dublin Core extension).
7. lxml writes "&" and "<" in text as &amp; and &lt;; the RSS Profile (and
   the W3C validator's CharacterData warning) wants plain-text elements to
   use hexadecimal references, the one form every aggregator reads as text:
   `rss_plain_text` rewrites them, an equivalent XML document.
8. feedgen declares the Dublin Core and content namespaces on every RSS
   feed, used or not: a feed without bodies (a case's, most language
   editions') uses neither, and the two declarations were 100 bytes of
   each of 23,000 such files at 50,000 alerts. The channel is built with
   feedgen's own `_create_rss` (what `rss_str` serialises) and
   `etree.cleanup_namespaces` drops the unused ones.

Feeds are written without indentation (readers never see it; it was a
twentieth of their bytes). Each entry's XML is built once and reused by
every feed that carries it, in every language edition that shows the same
text. An entry without a body
(a language edition's untranslated item) has no Atom <content> and no RSS
content:encoded; its summary and alternate link stand for it.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from feedgen.entry import FeedEntry
from feedgen.ext.base import BaseExtension
from feedgen.ext.dc import DcEntryExtension, DcExtension
from feedgen.feed import FeedGenerator
from lxml import etree

from .entries import EntryData, Person

FORMATS = ("atom", "rss")
MEDIA_TYPES = {"atom": "application/atom+xml", "rss": "application/rss+xml"}
ATOM_NS = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_BODY = {"atom": "content", "rss": "{http://purl.org/rss/1.0/modules/content/}encoded"}
_LINK_ATTRIBUTES = ("rel", "type", "hreflang", "title")
_DC = "http://purl.org/dc/elements/1.1/"


@dataclass(frozen=True)
class FeedHead:
    """What a feed says about itself, in one format and language."""

    id: str
    title: str
    description: str
    lang: str
    updated: datetime
    self_url: str  # this file's own public address
    page_url: str  # the matching HTML page
    hub: str | None
    publisher: Person
    subtitle: bool = True  # Atom <subtitle> (optional; RSS always has its <description>)


class _Entry(FeedEntry):
    """A feedgen entry whose XML is built on first use, then reused by every
    feed and language edition that shows the same text.

    feedgen builds the elements once, from the first edition asked for;
    `dress` then puts in what differs between editions (EntryData.text_key
    says what does not): the title, the author's and contributors' page
    addresses (Atom) and the category labels (Atom attributes, RSS texts).
    The one element moves from feed to feed: `FeedWriter.render` serialises
    each feed before the next is built, and no feed holds an entry twice
    (membership.newest_first), so no copy is needed.

    A summary-only entry (no body, no categories) whose text is otherwise an
    entry's with a body (`source`, same EntryData.frame_key) is that entry's
    XML copied without them: lxml copies in C what feedgen builds in Python.
    """

    def __init__(self, data: EntryData, source: _Entry | None = None) -> None:
        super().__init__()
        self._xml: dict[str, etree._Element] = {}
        self._parts: dict[str, _EditionParts] = {}  # per format: where the edition's parts are
        self._source = source  # until both formats are copied from it
        if source is None:
            _fill(self, data)
        self._lang = data.lang
        self._edition = data  # the edition the elements show

    def dress(self, data: EntryData) -> None:
        """Show `data`'s edition: same text_key, its own title, labels and addresses."""
        if data is not self._edition:
            self._edition = data
            for parts in self._parts.values():
                parts.show(data)

    def atom_entry(self, extensions: bool = True) -> etree._Element:
        if "atom" not in self._xml:
            if self._source is not None:
                element = self._copied("atom", self._source.atom_entry(extensions))
            else:
                element = super().atom_entry(extensions)
                for link, wanted in zip(element.findall("link"), self.link(), strict=True):  # workaround 1
                    for name in _LINK_ATTRIBUTES:
                        if wanted.get(name):
                            link.set(name, wanted[name])
                element.set(XML_LANG, self._lang)
            self._xml["atom"] = element
            self._parts["atom"] = parts = _EditionParts.of_atom(element, self._edition)
            parts.show(self._edition)  # feedgen wrote the first edition's; dress may have moved on
        return self._xml["atom"]

    def rss_entry(self, extensions: bool = True) -> etree._Element:
        if "rss" not in self._xml:
            if self._source is not None:
                element = self._copied("rss", self._source.rss_entry(extensions))
            else:
                element = super().rss_entry(extensions)
                element.set(XML_LANG, self._lang)
            self._xml["rss"] = element
            self._parts["rss"] = parts = _EditionParts.of_rss(element, self._edition)
            parts.show(self._edition)  # feedgen wrote the first edition's; dress may have moved on
        return self._xml["rss"]

    def _copied(self, fmt: str, element: etree._Element) -> etree._Element:
        """The source's element without its body (Atom content, RSS content:encoded),
        categories and people (see _fill); the summary (RSS description) and the
        alternate link stand for it."""
        element = copy.deepcopy(element)
        element.tail = None
        for left_out in (element.find(_BODY[fmt]), *element.iterfind("category"), *_people(element, fmt)):
            if left_out is not None:
                element.remove(left_out)
        if len(self._xml) == 1:  # both formats copied
            self._source = None
        return element


@dataclass
class _EditionParts:
    """The elements of one entry that differ between language editions.

    Found once where feedgen wrote them, then set for each edition shown:
    the title, the author's and contributors' page addresses (Atom only:
    RSS names members without addresses) and the category labels (Atom's
    label attribute; RSS's category text, the label else the term).
    """

    title: etree._Element
    uris: list[etree._Element | None]  # author first, then contributors; None: no address
    categories: list[etree._Element]
    label_attribute: bool  # Atom; RSS writes the label as the element's text

    @classmethod
    def of_atom(cls, element: etree._Element, data: EntryData) -> _EditionParts:
        people = [*element.iterfind("author"), *element.iterfind("contributor")]
        parts = cls(element.find("title"), [p.find("uri") for p in people], list(element.iterfind("category")), True)
        return parts.checked(data)

    @classmethod
    def of_rss(cls, element: etree._Element, data: EntryData) -> _EditionParts:
        return cls(element.find("title"), [], list(element.iterfind("category")), False).checked(data)

    def checked(self, data: EntryData) -> _EditionParts:
        """Itself, once sure feedgen wrote one element per person and category (an upgrade might not)."""
        people = _credited(data)
        if len(self.categories) != len(data.categories) or (self.label_attribute and len(self.uris) != len(people)):
            raise RuntimeError(f"feedgen wrote entry {data.id} differently from what feedwriter.py expects")
        return self

    def show(self, data: EntryData) -> None:
        self.title.text = data.title
        if self.uris:  # Atom
            for uri, person in zip(self.uris, _credited(data), strict=True):
                if uri is not None:
                    uri.text = person.uri
        for category, wanted in zip(self.categories, data.categories, strict=True):
            if not wanted.label:
                continue  # as feedgen: Atom has no label, RSS shows the term, same in every edition
            if self.label_attribute:
                category.set("label", wanted.label)
            else:
                category.text = wanted.label


def _credited(data: EntryData) -> tuple[Person, ...]:
    """The members an entry names: none in a summary-only entry.

    urls.md lets an untranslated item in a language edition carry "only its
    title, summary and link"; the issuing and co-signing members are on its
    page. Authors were a sixth of a summary-only entry's bytes, and those
    entries are most of the language editions' feeds (issue 16). An Atom feed
    names its publisher, so an entry without an author is still valid.
    """
    return () if data.content_html is None else (data.author, *data.contributors)


def _people(element: etree._Element, fmt: str) -> list[etree._Element]:
    if fmt == "atom":
        return [*element.iterfind("author"), *element.iterfind("contributor")]
    return [*element.iterfind(f"{{{_DC}}}creator"), *element.iterfind(f"{{{_DC}}}contributor")]


def _fill(entry: FeedEntry, data: EntryData) -> None:
    entry.id(data.id)  # also the RSS guid, isPermaLink="false"
    entry.title(data.title)
    entry.published(data.published)
    entry.updated(data.updated)
    credited = _credited(data)  # the author first, then the contributors; none without a body
    for person in credited[:1]:
        entry.author(name=person.name, uri=person.uri)
    for person in credited[1:]:
        entry.contributor(name=person.name, uri=person.uri)
    for link in data.links:  # the alert page is the only "alternate": the RSS <link>
        entry.link({name: value for name, value in vars(link).items() if value})
    entry.summary(data.summary)  # Atom summary, RSS description
    if data.content_html is not None:  # None: summary-only; the alternate link stands for it (RFC 4287)
        entry.content(data.content_html, type="html")  # Atom content, RSS content:encoded
    entry.category([{"term": c.term, "scheme": c.scheme, "label": c.label} for c in data.categories])
    entry.register_extension("dc", DcEntryExtension, atom=False, rss=True)  # workaround 6
    for person in credited[:1]:
        entry.dc.dc_creator(person.name)
    for person in credited[1:]:
        entry.dc.dc_contributor(person.name)


class _RssHub(BaseExtension):
    """Writes <atom:link rel="hub"> after the RSS self link (workaround 2)."""

    href: str | None = None

    def extend_rss(self, feed: etree._Element) -> etree._Element:
        channel = feed[0]
        own = channel.find(f"{{{ATOM_NS}}}link")
        own.addnext(etree.Element(f"{{{ATOM_NS}}}link", href=self.href, rel="hub"))
        return feed


# RSS elements that hold plain text, not HTML (titles, the summary, labels, names)
_RSS_PLAIN_TEXT = re.compile(
    rb"(<(?:title|description|category|dc:creator|dc:contributor)(?:\s[^>]*)?>)([^<]*&[^<]*)(<)"
)
_HEX_REFERENCES = ((b"&amp;", b"&#x26;"), (b"&lt;", b"&#x3C;"), (b"&gt;", b"&#x3E;"))


def rss_plain_text(xml: bytes) -> bytes:
    """Workaround 7: "&", "<" and ">" in plain-text elements as &#x26; &#x3C; &#x3E;."""
    return _RSS_PLAIN_TEXT.sub(lambda match: match[1] + _hex(match[2]) + match[3], xml)


def _hex(text: bytes) -> bytes:
    for named, hexadecimal in _HEX_REFERENCES:
        text = text.replace(named, hexadecimal)
    return text


class FeedWriter:
    """Turns a head and entries into Atom or RSS bytes, reusing entry XML
    across feeds and across the language editions that show the same text."""

    def __init__(self) -> None:
        self._entries: dict[tuple, _Entry] = {}  # by EntryData.text_key
        self._bodied: dict[tuple, _Entry] = {}  # entries with a body, by EntryData.frame_key

    def render(self, head: FeedHead, entries: Sequence[EntryData], fmt: str) -> bytes:
        generator = self._generator(head, fmt)
        for data in entries:
            generator.add_entry(self._entry(data), order="append")
        if fmt == "atom":
            return generator.atom_str(pretty=False)
        rss, document = generator._create_rss()  # what rss_str serialises (workaround 8)
        etree.cleanup_namespaces(rss)
        return rss_plain_text(etree.tostring(document, encoding="UTF-8", xml_declaration=True))

    def forget(self, data: EntryData) -> None:
        """Let go of an entry's XML: no feed still to be written carries its text."""
        self._entries.pop(data.text_key, None)
        self._bodied.pop(data.frame_key, None)

    def _entry(self, data: EntryData) -> _Entry:
        entry = self._entries.get(data.text_key)
        if entry is None:
            if data.content_html is None:  # summary-only: copied from the same text with a body, if built
                entry = _Entry(data, self._bodied.get(data.frame_key))
            else:
                entry = _Entry(data)
                self._bodied.setdefault(data.frame_key, entry)
            self._entries[data.text_key] = entry
        entry.dress(data)
        return entry

    @staticmethod
    def _generator(head: FeedHead, fmt: str) -> FeedGenerator:
        generator = FeedGenerator()
        if fmt == "rss":  # classes, not load_extension(): that imports on every call
            generator.register_extension("dc", DcExtension, DcEntryExtension, atom=False, rss=True)
        generator.id(head.id)
        generator.title(head.title)
        if head.subtitle or fmt == "rss":
            generator.description(head.description)  # Atom subtitle, RSS description
        generator.language(head.lang)  # Atom xml:lang, RSS <language>
        generator.updated(head.updated)  # Atom updated, RSS lastBuildDate (workaround 5)
        generator.author(name=head.publisher.name, uri=head.publisher.uri)
        generator.generator("")  # workaround 5: no <generator>
        generator.docs("")  # nor RSS <docs>
        generator.link(href=head.self_url, rel="self", type=MEDIA_TYPES[fmt])  # workaround 2
        if head.hub and fmt == "atom":
            generator.link(href=head.hub, rel="hub")
        elif head.hub:
            generator.register_extension("hub", _RssHub, None, atom=False, rss=True)
            generator.hub.href = head.hub
        generator.link(href=head.page_url, rel="alternate", type="text/html")  # last: the RSS <link>
        return generator
