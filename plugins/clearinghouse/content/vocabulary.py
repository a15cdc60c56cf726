"""Vocabularies and regions, read from the data folder.

Allowed values live in `data/` (one place, with labels in every language) so
that an editor's term, a page label and a validation message always agree.
Countries come from pycountry's ISO 3166-1 data; their names are CLDR's
(through Babel), the names people use ("Tanzania", not ISO's "Tanzania,
United Republic of"), with pycountry's translated ISO name for a code CLDR
lacks. `country_name` is the one place a country's name comes from.
"""

from __future__ import annotations

import gettext
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pycountry
import yaml
from babel import Locale

DEFAULT_LANG = "en"


@dataclass(frozen=True)
class Term:
    """One value of a vocabulary, with its labels and definitions by language."""

    slug: str
    labels: dict[str, str] = field(hash=False, compare=False)
    definitions: dict[str, str] = field(hash=False, compare=False)
    extra: dict[str, object] = field(default_factory=dict, hash=False, compare=False)

    def label_in(self, lang: str) -> str:
        return self.labels.get(lang) or self.labels[DEFAULT_LANG]

    def definition_in(self, lang: str) -> str:
        return self.definitions.get(lang) or self.definitions.get(DEFAULT_LANG, "")

    def __str__(self) -> str:
        return self.slug


class Vocabulary:
    """An ordered set of terms; order in the data file is display order."""

    def __init__(self, name: str, terms: dict[str, Term]) -> None:
        self.name = name
        self.terms = terms

    def __contains__(self, slug: object) -> bool:
        return slug in self.terms

    def __getitem__(self, slug: str) -> Term:
        return self.terms[slug]

    def __iter__(self):
        return iter(self.terms.values())

    def __len__(self) -> int:
        return len(self.terms)

    def allowed(self) -> str:
        return ", ".join(self.terms)


def _safe_load(text: str):
    """yaml.safe_load, by libyaml where PyYAML has it: every build reads data/ (a third of a second in Python)."""
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506 - a safe loader


def _load_terms(path: Path) -> dict[str, Term]:
    data = _safe_load(path.read_text(encoding="utf-8")) or {}
    terms = {}
    for slug, entry in (data.get("terms") or {}).items():
        entry = dict(entry)
        terms[str(slug)] = Term(
            slug=str(slug),
            labels=dict(entry.pop("label")),
            definitions=dict(entry.pop("definition", {}) or {}),
            extra=entry,
        )
    return terms


@dataclass(frozen=True)
class Country:
    """An ISO 3166-1 country as the site shows it."""

    code: str  # uppercase alpha-2, as editors write it
    region: Term

    @property
    def slug(self) -> str:
        return self.code.lower()

    def label_in(self, lang: str) -> str:
        return country_name(self.code, lang)

    def iso_name_in(self, lang: str) -> str:
        """ISO's name, which headlines written before CLDR's names may use ("Viet Nam: …")."""
        return iso_country_name(self.code, lang)

    def __str__(self) -> str:
        return self.code


@cache
def _iso3166_catalogue(lang: str) -> gettext.NullTranslations:
    if lang == DEFAULT_LANG:
        return gettext.NullTranslations()
    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang], fallback=True)


@cache
def iso_country_name(code: str, lang: str = DEFAULT_LANG) -> str:
    """ISO's name for the country (its common name where ISO gives one), in `lang`.

    Only the fallback for a code CLDR lacks, and an extra search alias.
    """
    record = pycountry.countries.get(alpha_2=code)
    english = getattr(record, "common_name", None) or record.name
    translated = _iso3166_catalogue(lang).gettext(english)
    if translated == english and english != record.name:
        translated = _iso3166_catalogue(lang).gettext(record.name)
    return translated


@cache
def _cldr_territories(lang: str) -> dict[str, str]:
    """CLDR's standard territory names in `lang` (Babel keeps no alt forms)."""
    return dict(Locale.parse(lang).territories)


@cache
def country_name(code: str, lang: str = DEFAULT_LANG) -> str:
    """The country's name in `lang`: CLDR's standard form, else ISO's (see docs/decisions.md)."""
    return _cldr_territories(lang).get(code) or iso_country_name(code, lang)


class Vocabularies:
    """Everything in `data/`: the vocabularies, regions and countries."""

    FILES = {
        "types": "types.yaml",
        "violations": "violations.yaml",
        "roles": "victim-roles.yaml",
        "perpetrators": "perpetrators.yaml",
        "case_statuses": "case-statuses.yaml",
        "languages": "languages.yaml",
        "expertise": "expertise.yaml",
        "scopes": "scopes.yaml",
    }

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        folder = data_dir / "vocabularies"
        for name, filename in self.FILES.items():
            setattr(self, name, Vocabulary(name, _load_terms(folder / filename)))
        region_data = _safe_load((data_dir / "regions.yaml").read_text(encoding="utf-8"))
        self.regions = Vocabulary("regions", _load_terms(data_dir / "regions.yaml"))
        self.countries: dict[str, Country] = {}
        for slug, entry in region_data["terms"].items():
            for code in entry.get("countries") or ():
                self.countries[code] = Country(code=code, region=self.regions[slug])
        # members may list any expertise term or any violation
        self.member_expertise = Vocabulary("expertise", {**self.violations.terms, **self.expertise.terms})

    def region_of(self, country_code: str) -> Term:
        return self.countries[country_code].region

    def countries_in(self, region: str) -> list[Country]:
        return [c for c in self.countries.values() if c.region.slug == region]
