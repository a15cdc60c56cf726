"""Enrich stage: validated entries -> the linked records of the site.

Region from country, members resolved, translations joined to their
original (inheriting its structured fields), cases threaded from the items
that share a `case`, and appeals marked open or closed as of the build's
"today". Everything a template shows is decided here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date

from clearinghouse.content.entries import Entries, Entry
from clearinghouse.content.records import Addressee, Alert, Appeal, Member, Page, Victim
from clearinghouse.content.vocabulary import Country, Term, Vocabularies
from clearinghouse.site import urls
from clearinghouse.site.derived import Known, mailto
from clearinghouse.site.fingerprint import digest, entry_digest
from clearinghouse.site.linking import Site, link

Render = Callable[[str | None], str]


def enrich(
    entries: Entries,
    vocab: Vocabularies,
    render: Render,
    *,
    today: date,
    languages: tuple[str, ...],
    known: Known | None = None,
) -> Site:
    known = known or Known()
    members = {e.key: _member(e, vocab, render) for e in sorted(entries.members, key=lambda e: e.key)}
    originals: dict[str, Alert] = {}
    for entry in entries.alerts:
        if not entry.is_translation:
            originals[entry.key] = _alert(entry, vocab, members, render, today, known)
    translations = []
    for entry in entries.alerts:
        if entry.is_translation:
            original = originals[entry.key]
            translated = _translation(original, entry, vocab, members, render, today, known)
            original.translations[translated.lang] = translated
            translations.append(translated)
    return link(
        list(originals.values()),
        translations,
        members=members,
        pages=_pages(entries.pages, render),
        vocab=vocab,
        today=today,
        languages=languages,
    )


def new_alert(entry: Entry, vocab: Vocabularies, members: dict[str, Member], render: Render, today: date) -> Alert:
    """The record of one validated original alert file, not yet linked (`link`)."""
    return _alert(entry, vocab, members, render, today, Known())


def _member(entry: Entry, vocab: Vocabularies, render: Render) -> Member:
    v = entry.values
    country = vocab.countries[v["country"]]
    return Member(
        slug=entry.key,
        name=v["name"],
        country=country,
        region=vocab.regions[v["region"]] if "region" in v else country.region,
        acronym=v.get("acronym"),
        scope=vocab.scopes[v["scope"]] if "scope" in v else None,
        founded=v.get("founded"),
        joined=v.get("joined"),
        website=v.get("website"),
        email=v.get("email"),
        expertise=tuple(vocab.member_expertise[t] for t in v.get("expertise", ())),
        languages=v.get("languages", ()),
        status=v["status"],
        body_html=render(entry.doc.body),
        source_path=entry.path,
        url=urls.member(entry.key),
        digest=_file_digest(entry),
    )


def _countries(v: dict, vocab: Vocabularies) -> tuple[tuple[Country, ...], tuple[Term, ...]]:
    countries = tuple(vocab.countries[c] for c in v.get("country", ()))
    if countries:
        regions = tuple(dict.fromkeys(c.region for c in countries))
    else:
        regions = (vocab.regions[v["region"]],)
    return countries, regions


def _victims(raw, vocab: Vocabularies) -> tuple[Victim, ...]:
    return tuple(
        Victim(name=v["name"], role=vocab.roles[v["role"]], outlet=v.get("outlet"), gender=v.get("gender")) for v in raw
    )


def _appeal(
    raw: dict | None, members: dict[str, Member], render: Render, today: date, title: str, lang: str, known: Known
) -> Appeal | None:
    if not raw:
        return None
    copy_to = raw.get("copy_to", ())
    return Appeal(
        mailto=mailto(raw, members, title, known),
        deadline=raw["deadline"],
        asks=raw["asks"],
        addressees=tuple(raw["addressees"]),
        letter=raw.get("letter"),
        copy_to=copy_to,
        letter_html=render(raw.get("letter")),
        is_open=appeal_open(raw["deadline"], today),
        copy_to_members=tuple(members[s] for s in copy_to),
        asks_lang=lang,
        addressees_lang=lang,
        letter_lang=lang,
    )


def appeal_open(deadline: date, today: date) -> bool:
    """An appeal is open until its deadline, inclusive, as of the build's today:
    the one thing "today" decides (again for a site kept on another day: site/kept.py)."""
    return today <= deadline


def _translated_appeal(
    raw: dict,
    original: Appeal,
    members: dict[str, Member],
    render: Render,
    today: date,
    title: str,
    lang: str,
    known: Known,
) -> Appeal:
    """A translation's appeal texts over the original's appeal.

    What the translation leaves out it inherits: deadline and copies always
    agree (validate); asks, addressees and letter stay in the original's
    language, and say so. A translated addressee keeps the original's
    contact details that it does not repeat, so "write now" reaches them.
    """
    addressees = original.addressees
    if "addressees" in raw:
        addressees = tuple(
            _inherit_details(mine, theirs) for mine, theirs in zip(raw["addressees"], addressees, strict=True)
        )
    merged = {
        "deadline": original.deadline,
        "asks": original.asks,
        "letter": original.letter,
        "copy_to": original.copy_to,
        **raw,
        "addressees": addressees,
    }
    appeal = _appeal(merged, members, render, today, title, lang, known)
    return replace(
        appeal,
        asks_lang=lang if "asks" in raw else original.asks_lang,
        addressees_lang=lang if "addressees" in raw else original.addressees_lang,
        letter_lang=lang if "letter" in raw else original.letter_lang,
    )


def _inherit_details(mine: Addressee, theirs: Addressee) -> Addressee:
    return replace(mine, **{k: getattr(theirs, k) for k, v in vars(mine).items() if v is None})


def _alert(
    entry: Entry, vocab: Vocabularies, members: dict[str, Member], render: Render, today: date, known: Known
) -> Alert:
    v = entry.values
    body_html = render(entry.doc.body)
    opening = known.opening(entry.doc.body, body_html)
    summary = v.get("summary") or opening
    countries, regions = _countries(v, vocab)
    return Alert(
        id=entry.key,
        lang=entry.lang,
        type=vocab.types[v["type"]],
        title=v["title"],
        date=v["date"],
        updated=v.get("updated"),
        countries=countries,
        regions=regions,
        member=members[v["member"]],
        co_signers=tuple(members[s] for s in v.get("co_signers", ())),
        case_id=v.get("case"),
        case_status=vocab.case_statuses[v["case_status"]] if "case_status" in v else None,
        status=v["status"],
        violations=tuple(vocab.violations[t] for t in v["violations"]),
        victims=_victims(v.get("victims", ()), vocab),
        perpetrator=vocab.perpetrators[v["perpetrator"]] if "perpetrator" in v else None,
        location=v.get("location"),
        summary=summary,
        summary_opens_body=summary == opening,
        appeal=_appeal(v.get("appeal"), members, render, today, v["title"], entry.lang, known),
        sources=v.get("sources", ()),
        body_html=body_html,
        source_path=entry.path,
        url=urls.alert(entry.key, entry.lang),
        file_digest=_file_digest(entry),
    )


def _translation(
    original: Alert,
    entry: Entry,
    vocab: Vocabularies,
    members: dict[str, Member],
    render: Render,
    today: date,
    known: Known,
) -> Alert:
    """The original's structured fields with the translation's own texts."""
    v = entry.values
    own_body = render(entry.doc.body)
    body_html = own_body or original.body_html
    opening = known.opening(entry.doc.body, body_html)
    summary = v.get("summary") or (opening if own_body else "") or original.summary
    appeal = original.appeal
    if "appeal" in v:
        appeal = _translated_appeal(v["appeal"], original.appeal, members, render, today, v["title"], entry.lang, known)
    return replace(
        original,
        lang=entry.lang,
        title=v["title"],
        summary=summary,
        summary_opens_body=summary == opening,
        location=v.get("location", original.location),
        victims=_victims(v["victims"], vocab) if "victims" in v else original.victims,
        appeal=appeal,
        sources=v.get("sources", original.sources),
        body_html=body_html,
        source_path=entry.path,
        url=urls.alert(original.id, entry.lang),
        original=original,
        translations={},
        file_digest=_file_digest(entry),
    )


def _file_digest(entry: Entry) -> str:
    """What a record was made from: its file's bytes as read, by the key the
    read cache knows them by (`Entry.source`: it has the path and the
    reading code's version), and the one value validation adds, `status`'s
    default. Hashing every entry's values again took a fifth of enrichment;
    validation must add nothing else to `values`. Without a key (a file that
    changed while it was read), its values and Markdown as parsed."""
    if entry.source:
        return file_digest_of(entry.source, repr(entry.values.get("status")))
    return entry_digest(entry.values, entry.doc.body)


def file_digest_of(source: bytes, status: str) -> str:
    """An alert's `file_digest` from its file's read key and the repr of its validated `status`."""
    return digest(source.hex(), status)


def _pages(entries: list[Entry], render: Render) -> list[Page]:
    originals: dict[str, Page] = {}
    for entry in entries:
        if not entry.named_as_translation:
            originals[entry.key] = _page(entry, render)
    for entry in entries:
        if entry.named_as_translation:
            page = _page(entry, render)
            page.menu = originals[entry.key].menu
            originals[entry.key].translations[page.lang] = page
    return sorted(originals.values(), key=lambda p: (p.menu is None, p.menu or 0, p.slug))


def _page(entry: Entry, render: Render) -> Page:
    return Page(
        slug=entry.key,
        lang=entry.lang,
        title=entry.values["title"],
        body_html=render(entry.doc.body),
        menu=entry.values.get("menu"),
        source_path=entry.path,
        url=urls.page(entry.key, entry.lang),
        digest=_file_digest(entry),
    )
