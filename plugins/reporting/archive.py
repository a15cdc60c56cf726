"""What the content folder already holds: ids, cases and originals.

Read with the build's own pipeline (`load`: read and validate), so an
update copies a case exactly as the site shows it, and a new id is checked
against every id the build knows.
"""

from __future__ import annotations

import dataclasses
import difflib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from clearinghouse.content.entries import Entries, Entry
from clearinghouse.content.vocabulary import Vocabularies
from clearinghouse.pipeline import Options, load, today
from pelican.settings import read_settings

REPO = Path(__file__).resolve().parent.parent.parent
SETTINGS = REPO / "pelicanconf.py"


def options(content: Path, settings: Path = SETTINGS) -> Options:
    """The build's options for `content`, without the build cache: a
    check of a folder that exists for a second must not fill it."""
    return dataclasses.replace(Options.from_settings(read_settings(str(settings)), content), cache=None)


@dataclass
class Archive:
    """The alerts of a content folder that validated."""

    entries: Entries
    vocab: Vocabularies
    options: Options

    @classmethod
    def load(cls, content: Path, settings: Path = SETTINGS) -> Archive:
        """Raises InvalidContent when the folder does not validate as it is."""
        opts = options(content, settings)
        entries, vocab = load(opts)
        return cls(entries, vocab, opts)

    def today(self) -> date:
        return today(self.options.timezone)

    def ids(self) -> set[str]:
        return {entry.key for entry in self.entries.alerts}

    def originals(self) -> list[Entry]:
        return [entry for entry in self.entries.alerts if not entry.is_translation]

    def original(self, alert_id: str) -> Entry | None:
        return next((e for e in self.originals() if e.key == alert_id), None)

    def translations(self, alert_id: str) -> dict[str, Entry]:
        return {e.lang: e for e in self.entries.alerts if e.is_translation and e.key == alert_id}

    def cases(self) -> set[str]:
        return {e.values["case"] for e in self.originals() if "case" in e.values}

    def case_items(self, case: str) -> list[Entry]:
        """The case's items, oldest first (by date, then id, as the case page orders them)."""
        items = [e for e in self.originals() if e.values.get("case") == case]
        return sorted(items, key=lambda e: (e.values["date"], e.key))

    def close_ids(self, wanted: str, among: set[str]) -> str:
        """A 'did you mean' for an id or case that does not exist."""
        close = difflib.get_close_matches(wanted, sorted(among), n=3, cutoff=0.5)
        return ("did you mean " + " or ".join(f"'{c}'" for c in close) + "?") if close else ""


def from_case(archive: Archive, case: str) -> dict:
    """What an update copies from its case: the newest item's country (or
    region), member, victims and violations, and the case's latest status
    (the newest item that gives one)."""
    items = archive.case_items(case)
    newest = items[-1].values
    copied: dict = {}
    if "country" in newest:
        codes = list(newest["country"])
        copied["country"] = codes[0] if len(codes) == 1 else codes
    elif "region" in newest:
        copied["region"] = newest["region"]
    copied["member"] = newest["member"]
    copied["case"] = case
    status = next((e.values["case_status"] for e in reversed(items) if "case_status" in e.values), None)
    if status:
        copied["case_status"] = status
    copied["violations"] = list(newest["violations"])
    if newest.get("victims"):
        copied["victims"] = [dict(victim) for victim in newest["victims"]]
    return copied
