"""The columns of /data/alerts.csv and /data/alerts.json, and what each alert puts in them.

One list, `COLUMNS`, is the order of the CSV's columns and of each JSON
object's keys, and the Table Schema of both (package.py). An alert's
values are taken from its original (the language it was written in);
`translations` lists the languages it is also published in.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from clearinghouse.content.records import Alert
from clearinghouse.site.enrich import Site

from .config import DataSettings

Value = str | list | None


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # Table Schema type
    description: str
    value: Callable[[Alert, DataSettings], Value]
    required: bool = False
    enum: str | None = None  # the vocabulary (clearinghouse.content.vocabulary) its values come from
    is_list: bool = False  # a Table Schema `list` of codes: comma-separated in the CSV


def _time(value: datetime | None) -> str | None:
    """An instant in UTC, to the second, as RFC 3339 (`2026-03-02T09:30:00Z`)."""
    return None if value is None else value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _slug(term) -> str | None:
    return None if term is None else term.slug


def _victims(alert: Alert, _settings: DataSettings) -> list:
    return [{"name": v.name, "role": v.role.slug, "outlet": v.outlet} for v in alert.victims]


COLUMNS: tuple[Column, ...] = (
    Column("id", "string", "The alert's permanent identifier.", lambda a, s: a.id, required=True),
    Column("url", "string", "The alert's page (absolute address).", lambda a, s: s.absolute(a.url), required=True),
    Column("type", "string", "Kind of item.", lambda a, s: a.type.slug, required=True, enum="types"),
    Column("date", "datetime", "Publication time, UTC.", lambda a, s: _time(a.date), required=True),
    Column("updated", "datetime", "Last significant correction, UTC.", lambda a, s: _time(a.updated)),
    Column(
        "countries",
        "list",
        "Where it happened: ISO 3166-1 alpha-2 codes.",
        lambda a, s: [c.code for c in a.countries],
        is_list=True,
    ),
    Column("regions", "list", "The network's regions.", lambda a, s: [r.slug for r in a.regions], is_list=True),
    Column("member", "string", "Slug of the issuing member organisation.", lambda a, s: a.member.slug, required=True),
    Column(
        "co_signers", "list", "Slugs of co-signing members.", lambda a, s: [m.slug for m in a.co_signers], is_list=True
    ),
    Column("case", "string", "Case id shared by every item on one case.", lambda a, s: a.case_id),
    Column(
        "case_status",
        "string",
        "State of the case as of this item.",
        lambda a, s: _slug(a.case_status),
        enum="case_statuses",
    ),
    Column("violations", "list", "What was done.", lambda a, s: [v.slug for v in a.violations], is_list=True),
    Column(
        "victims",
        "array",
        "Who it was done to: a JSON array of {name, role, outlet} (outlet null when none).",
        _victims,
    ),
    Column("perpetrator", "string", "Who did it.", lambda a, s: _slug(a.perpetrator), enum="perpetrators"),
    Column("location", "string", "Town or place.", lambda a, s: a.location),
    Column(
        "lang", "string", "Language the alert was written in.", lambda a, s: a.lang, required=True, enum="languages"
    ),
    Column("title", "string", "Headline, in the alert's language.", lambda a, s: a.title, required=True),
    Column("summary", "string", "Summary, in the alert's language.", lambda a, s: a.summary),
    Column(
        "translations",
        "list",
        "Languages it is also published in.",
        lambda a, s: sorted(a.translations),
        is_list=True,
    ),
    Column(
        "appeal_deadline",
        "date",
        "Last day of its letter-writing appeal.",
        lambda a, s: a.appeal.deadline.isoformat() if a.appeal else None,
    ),
)


def published(site: Site) -> list[Alert]:
    """Every published alert (originals), oldest first: a new alert adds a row at the end."""
    return sorted(site.alerts, key=lambda a: (a.date.timestamp(), a.id))


def record(alert: Alert, settings: DataSettings) -> dict[str, Value]:
    """One published alert's row, its keys in `COLUMNS` order."""
    return {c.name: c.value(alert, settings) for c in COLUMNS}


def records(site: Site, settings: DataSettings) -> list[dict[str, Value]]:
    """One dict per published alert, its keys in `COLUMNS` order."""
    return [record(alert, settings) for alert in published(site)]
