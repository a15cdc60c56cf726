"""Linking: records made from files, put together into the site.

Each member's items, the cases threaded from the items that share a
`case`, each record's digest with its family's (fingerprint.py), and the
site's indexes. `enrich` makes the records and links them; a build beside
the last one's site (kept.py) links that site's records again with a new
alert's.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from clearinghouse.content.records import Alert, Case, CaseEvent, Member, Page
from clearinghouse.content.vocabulary import Vocabularies
from clearinghouse.site import urls
from clearinghouse.site.fingerprint import digest


@dataclass
class Site:
    """Everything the publish stage needs, ready to render."""

    alerts: list[Alert]  # published originals, newest first
    drafts: list[Alert]
    members: dict[str, Member]
    cases: dict[str, Case]  # newest activity first
    pages: list[Page]  # originals, in menu order
    vocab: Vocabularies
    today: date
    languages: tuple[str, ...]
    translations: list[Alert] = field(default_factory=list)
    by_country: dict[str, list[Alert]] = field(default_factory=dict)
    by_region: dict[str, list[Alert]] = field(default_factory=dict)
    by_topic: dict[str, list[Alert]] = field(default_factory=dict)
    members_by_country: dict[str, list[Member]] = field(default_factory=dict)
    cases_by_country: dict[str, list[Case]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        """Index once, so no page walks every alert (cost stays linear)."""
        for alert in self.alerts:
            for country in alert.countries:
                self.by_country.setdefault(country.code, []).append(alert)
            for region in alert.regions:
                self.by_region.setdefault(region.slug, []).append(alert)
            for term in alert.violations:
                self.by_topic.setdefault(term.slug, []).append(alert)
        for member in self.members.values():
            self.members_by_country.setdefault(member.country.code, []).append(member)
        for case in self.cases.values():
            for country in case.countries:
                self.cases_by_country.setdefault(country.code, []).append(case)

    def open_appeals(self) -> list[Alert]:
        """Items with an appeal still open, soonest deadline first."""
        items = [a for a in self.alerts if a.appeal and a.appeal.is_open]
        return sorted(items, key=lambda a: (a.appeal.deadline, a.sort_key))

    @property
    def menu(self) -> list[Page]:
        return [p for p in self.pages if p.menu is not None]


def link(
    originals: list[Alert],
    translations: list[Alert],
    *,
    members: dict[str, Member],
    pages: list[Page],
    vocab: Vocabularies,
    today: date,
    languages: tuple[str, ...],
) -> Site:
    """The site of these records: members' items, cases, digests, indexes.

    Also for records linked before (site/kept.py, a new alert
    beside a kept site): what is linked here is made afresh.
    """
    published = sorted((a for a in originals if not a.is_draft), key=lambda a: a.sort_key)
    drafts = sorted((a for a in originals if a.is_draft), key=lambda a: a.sort_key)
    for member in members.values():
        member.issued.clear()
        member.co_signed.clear()
    for alert in published:
        alert.member.issued.append(alert)
        for co_signer in alert.co_signers:
            co_signer.co_signed.append(alert)
    cases = _cases(published)
    family_digests([*published, *drafts], cases)
    return Site(
        alerts=published,
        drafts=drafts,
        members=members,
        cases=cases,
        pages=pages,
        vocab=vocab,
        today=today,
        languages=languages,
        translations=sorted(translations, key=lambda a: (a.id, a.lang)),
    )


def family_digests(originals: list[Alert], cases: dict[str, Case]) -> None:
    """An alert's page and card show its translations' languages and its case's
    title, status and neighbours, so its digest covers all of those files, and
    whether its appeal is open: the one thing the build's "today" changes.
    (Again after a file's `file_digest` changes: site/kept.py.)"""
    family = {
        id(a): digest(
            a.file_digest, _appeal_state(a), *(a.translations[lang].file_digest for lang in sorted(a.translations))
        )
        for a in originals
    }
    for case in cases.values():
        case.digest = digest(*(family[id(item)] for item in case.items))
    for alert in originals:
        alert.digest = alert.case.digest if alert.case else family[id(alert)]
        for translated in alert.translations.values():
            translated.digest = alert.digest


def _appeal_state(alert: Alert) -> str:
    return "" if alert.appeal is None else ("open" if alert.appeal.is_open else "closed")


def _cases(alerts: list[Alert]) -> dict[str, Case]:
    threads: dict[str, list[Alert]] = defaultdict(list)
    for alert in alerts:
        if alert.case_id:
            threads[alert.case_id].append(alert)
    cases = {}
    for case_id, items in threads.items():
        items.sort(key=lambda a: (a.date, a.id))
        history = [CaseEvent(a.date, a.case_status, a) for a in items if a.case_status]
        involved = [m for a in items for m in (a.member, *a.co_signers)]
        open_items = [a for a in items if a.appeal and a.appeal.is_open]
        case = Case(
            id=case_id,
            items=items,
            status=history[-1].status if history else None,
            history=history,
            members=list(dict.fromkeys(involved)),
            countries=list(dict.fromkeys(c for a in items for c in a.countries)),
            regions=list(dict.fromkeys(r for a in items for r in a.regions)),
            open_appeal_item=open_items[-1] if open_items else None,
            url=urls.case(case_id),
        )
        for alert in items:
            alert.case = case
            for translated in alert.translations.values():
                translated.case = case
        cases[case_id] = case
    return dict(sorted(cases.items(), key=lambda kv: (-kv[1].latest.date.timestamp(), kv[0])))
