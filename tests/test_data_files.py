"""Checks on the data files: regions and vocabularies (see the content contract)."""

from collections import Counter
from pathlib import Path

import pycountry
import pytest
import yaml

DATA = Path(__file__).resolve().parent.parent / "data"
VOCABULARIES = DATA / "vocabularies"
LANGS = ("en", "fr", "es", "ar", "ru")

REGIONS = (
    "africa",
    "americas",
    "asia-pacific",
    "europe-central-asia",
    "middle-east-north-africa",
    "global",
)

VOCABULARY_TERMS = {
    "types": [
        "alert",
        "update",
        "press-release",
        "joint-action",
        "capsule-report",
    ],
    "violations": [
        "killing",
        "attempted-killing",
        "disappearance",
        "abduction",
        "arbitrary-detention",
        "torture-ill-treatment",
        "physical-attack",
        "threat",
        "harassment",
        "surveillance",
        "legal-action",
        "conviction",
        "censorship",
        "closure-suspension",
        "online-restriction",
        "obstruction",
        "attack-on-property",
        "restrictive-law",
    ],
    "victim-roles": [
        "journalist",
        "media-worker",
        "writer",
        "blogger",
        "artist",
        "academic",
        "activist",
        "lawyer",
        "media-outlet",
        "organisation",
        "other",
    ],
    "perpetrators": [
        "state-security",
        "military",
        "judiciary",
        "government-official",
        "non-state-armed-group",
        "criminal-group",
        "mob",
        "corporation",
        "unknown",
    ],
    "case-statuses": [
        "ongoing",
        "released",
        "charges-dropped",
        "acquitted",
        "convicted",
        "killed",
        "missing",
        "resolved",
        "closed",
    ],
    "languages": ["en", "fr", "es", "ar", "ru"],
    "expertise": [
        "access-to-information",
        "safety-of-journalists",
        "impunity",
        "media-law",
        "digital-rights",
        "literary-freedom",
        "artistic-freedom",
    ],
    "scopes": ["national", "regional", "international"],
}

SPOT_CHECKS = {
    "africa": ["SD", "MR"],
    "middle-east-north-africa": ["EG", "EH", "IR", "IL", "PS"],
    "europe-central-asia": ["TR", "CY", "AM", "AZ", "GE", "KZ", "RU"],
    "asia-pacific": ["AF", "IN", "CN", "FJ", "AU"],
    "americas": ["GL", "MX", "BR", "JM"],
}


def load(path):
    with path.open(encoding="utf-8") as f:
        return yaml.safe_load(f)


def regions():
    return load(DATA / "regions.yaml")["terms"]


def vocabulary(name):
    return load(VOCABULARIES / f"{name}.yaml")["terms"]


def assert_translated(where, texts):
    assert isinstance(texts, dict), f"{where}: expected a mapping of languages"
    for lang in LANGS:
        value = texts.get(lang)
        assert isinstance(value, str) and value.strip(), f"{where}: no {lang} text"


def test_region_terms_in_display_order():
    assert list(regions()) == list(REGIONS)


def test_every_country_in_exactly_one_region():
    known = {country.alpha_2 for country in pycountry.countries}
    listed = Counter()
    for name, term in regions().items():
        codes = term["countries"]
        assert isinstance(codes, list), name
        assert all(isinstance(code, str) for code in codes), name
        assert codes == sorted(codes), f"{name}: countries not sorted"
        listed.update(codes)
    duplicates = sorted(code for code, n in listed.items() if n > 1)
    assert not duplicates, f"listed more than once: {duplicates}"
    unknown = sorted(set(listed) - known)
    assert not unknown, f"not ISO 3166-1 alpha-2: {unknown}"
    missing = sorted(known - set(listed))
    assert not missing, f"in no region: {missing}"


def test_global_has_no_countries():
    assert regions()["global"]["countries"] == []


@pytest.mark.parametrize(
    ("region", "code"),
    [(region, code) for region, codes in SPOT_CHECKS.items() for code in codes],
)
def test_country_region(region, code):
    assert code in regions()[region]["countries"]


def test_regions_translated():
    for name, term in regions().items():
        assert_translated(f"regions {name} label", term.get("label"))
        assert_translated(f"regions {name} definition", term.get("definition"))


def test_one_file_per_vocabulary():
    files = {path.stem for path in VOCABULARIES.glob("*.yaml")}
    assert files == set(VOCABULARY_TERMS)


@pytest.mark.parametrize("name", sorted(VOCABULARY_TERMS))
def test_vocabulary_terms(name):
    assert list(vocabulary(name)) == VOCABULARY_TERMS[name]


@pytest.mark.parametrize("name", sorted(VOCABULARY_TERMS))
def test_vocabulary_translated(name):
    for term, entry in vocabulary(name).items():
        assert_translated(f"{name} {term} label", entry.get("label"))
        assert_translated(f"{name} {term} definition", entry.get("definition"))


def test_violations_are_the_contract_terms():
    assert len(vocabulary("violations")) == 18


def test_types_are_the_contract_terms():
    assert set(vocabulary("types")) == {
        "alert",
        "update",
        "press-release",
        "joint-action",
        "capsule-report",
    }


def test_languages_native_and_direction():
    languages = vocabulary("languages")
    assert set(languages) == set(LANGS)
    for code, entry in languages.items():
        assert isinstance(entry.get("native"), str) and entry["native"].strip(), code
        assert entry.get("dir") == ("rtl" if code == "ar" else "ltr"), code
