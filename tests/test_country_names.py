"""Country names (CLDR's, through Babel) and the order of country lists."""

from __future__ import annotations

import unicodedata

import pycountry
import pytest
from alert_feeds.titles import starts_with_a_place
from clearinghouse.content import vocabulary
from clearinghouse.content.vocabulary import Country, Term, country_name, iso_country_name
from clearinghouse.site.collation import collation_key
from conftest import read
from lxml import html


@pytest.mark.parametrize(
    ("code", "lang", "name"),
    [
        ("CD", "en", "Congo - Kinshasa"),
        ("TZ", "en", "Tanzania"),
        ("VN", "en", "Vietnam"),
        ("TR", "en", "Türkiye"),
        ("GB", "en", "United Kingdom"),
        ("PS", "en", "Palestinian Territories"),
        ("BO", "en", "Bolivia"),
        ("CD", "fr", "Congo-Kinshasa"),
        ("TZ", "fr", "Tanzanie"),
        ("VN", "fr", "Viêt Nam"),
        ("TR", "fr", "Turquie"),
        ("GB", "fr", "Royaume-Uni"),
        ("CD", "es", "República Democrática del Congo"),
        ("TZ", "es", "Tanzania"),
        ("TR", "es", "Turquía"),
        ("GB", "es", "Reino Unido"),
        ("CD", "ar", "الكونغو - كينشاسا"),
        ("TZ", "ar", "تنزانيا"),
        ("VN", "ar", "فيتنام"),
        ("PS", "ar", "الأراضي الفلسطينية"),
        ("GB", "ar", "المملكة المتحدة"),
        ("CD", "ru", "Конго - Киншаса"),
        ("TZ", "ru", "Танзания"),
        ("TR", "ru", "Турция"),
        ("VN", "ru", "Вьетнам"),
        ("GB", "ru", "Великобритания"),
    ],
)
def test_country_names_are_cldrs(code, lang, name):
    assert country_name(code, lang) == name


def test_not_isos_long_forms():
    assert country_name("TZ") != iso_country_name("TZ") == "Tanzania, United Republic of"
    assert "Congo, The Democratic Republic of the" not in {country_name(c.alpha_2) for c in pycountry.countries}


def test_every_iso_code_has_a_name_in_every_language():
    for country in pycountry.countries:
        for lang in ("en", "fr", "es", "ar", "ru"):
            assert country_name(country.alpha_2, lang), (country.alpha_2, lang)


def test_a_code_cldr_lacks_falls_back_to_isos_name(monkeypatch):
    lacking = {"en": {}, "fr": {}}
    monkeypatch.setattr(vocabulary, "_cldr_territories", lambda lang: lacking[lang])
    vocabulary.country_name.cache_clear()
    try:
        assert country_name("TZ", "en") == "Tanzania, United Republic of"
        assert country_name("DE", "fr") == "Allemagne"
    finally:
        vocabulary.country_name.cache_clear()


@pytest.mark.parametrize(
    ("lang", "ordered"),
    [
        ("fr", ["Afrique du Sud", "Égypte", "Érythrée", "Espagne", "Zambie"]),
        ("es", ["Nauru", "Nueva Zelanda", "Ñandú", "Omán"]),
        ("ru", ["Египет", "Ёлка", "Жуков", "Иран", "Йемен", "Камбоджа"]),
        ("ar", ["آيسلندا", "إثيوبيا", "أذربيجان", "الأردن", "ألمانيا", "اليمن", "تنزانيا", "تونس", "مصر"]),
    ],
)
def test_collation_follows_each_alphabet(lang, ordered):
    """The orders ICU (a browser's Intl.Collator) gives."""
    assert sorted(reversed(ordered), key=lambda name: collation_key(name, lang)) == ordered


# The alphabets, in order: a name's first two letters (accents, hamza seats folded) must not go back.
ALPHABETS = {
    "ru": "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
    "ar": "آابتثجحخدذرزسشصضطظعغفقكلمنهوي",  # alif madda first, as ICU has it
}


def first_letters(name: str, lang: str) -> list[int]:
    alphabet = ALPHABETS[lang]
    if lang == "ru":
        letters = name.casefold().replace("ё", "е")
    else:
        letters = "".join(
            c if c == "آ" else "".join(d for d in unicodedata.normalize("NFKD", c) if not unicodedata.combining(d))
            for c in name
        )
    return [alphabet.index(c) for c in letters if c in alphabet][:2]


@pytest.mark.parametrize("lang", ["ar", "ru"])
def test_a_regions_countries_are_in_the_languages_alphabetical_order(demo_site, lang):
    for region in ("africa", "americas", "asia-pacific", "europe-central-asia", "middle-east-north-africa"):
        page = html.fromstring(read(demo_site, f"{lang}/regions/{region}/"))
        items = page.xpath('//ul[@class="country-list"]/li')
        # after those with alerts (most first), the countries without any
        names = [li.xpath("a")[0].text_content() for li in items if not li.xpath('span[@class="count"]')]
        assert len(names) > 5, region
        assert names == sorted(names, key=lambda n: collation_key(n, lang)), (lang, region)
        positions = [first_letters(n, lang) for n in names]
        assert positions == sorted(positions), (lang, region, names)


@pytest.mark.parametrize(
    "headline", ["Vietnam: blogger detained", "Viet Nam: blogger detained", "Вьетнам: блогер задержан"]
)
def test_a_headline_may_start_with_cldrs_or_isos_name(headline):
    region = Term("asia-pacific", {"en": "Asia-Pacific"}, {})
    assert starts_with_a_place(headline, [Country("VN", region)], ("en", "ru"))
