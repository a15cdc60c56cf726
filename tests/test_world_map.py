"""The map of the last 12 months: a picture of its table, each country a link.

Read as a reader (and a screen reader) gets it, from the built demo site:
the number in each country's link title is the number in the table and
the number of alerts dated within the window on that country's own page.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from clearinghouse.content.vocabulary import Vocabularies
from clearinghouse.site.collation import collation_key
from clearinghouse.site.world_map import ASSET, shade_of, steps, window
from conftest import REPO, read
from lxml import html as lxml_html

TODAY = date(2026, 11, 28)  # conftest.TODAY_EPOCH
FIRST, LAST = window(TODAY)
LIMIT = 60_000  # bytes the map may add to a page (issue 21)
TITLE = re.compile(r"^(?P<name>.+): (?P<count>\d+) alerts?$")


def _page(site: Path, address: str):
    return lxml_html.fromstring(read(site, address))


def _map_counts(page) -> dict[str, int]:
    """Country address -> the count its link's title says (English)."""
    found = {}
    for link in page.xpath('//svg[contains(@class, "world-map__svg")]//a'):
        title = TITLE.match(link.xpath("string(title)"))
        assert title, link.xpath("string(title)")
        found[link.get("href")] = int(title["count"])
    return found


def _table_counts(page) -> dict[str, int]:
    rows = page.xpath('//div[contains(@class, "world-map__table")]//tbody/tr')
    return {row.xpath("string(th/a/@href)"): int(row.xpath("string(td[1])")) for row in rows}


def _recent_on_country_page(site: Path, href: str) -> int:
    page = _page(site, href.lstrip("/"))
    days = [date.fromisoformat(t) for t in page.xpath('//article[@class="alert-card"]//time/@datetime')]
    assert len(days) < 20, "the first address would not show every alert"
    return sum(1 for day in days if FIRST <= day <= LAST)


@pytest.mark.parametrize("address", ["", "regions/africa/", "countries/"])
def test_map_table_and_country_pages_say_the_same_numbers(demo_site, address):
    page = _page(demo_site, address)
    drawn, table = _map_counts(page), _table_counts(page)
    assert table and sum(table.values()) > 3
    for href, count in table.items():
        assert _recent_on_country_page(demo_site, href) == count, href
        if href in drawn:
            assert drawn[href] == count, href
    # a country drawn with alerts is in the table; one without is still a link
    assert {h for h, c in drawn.items() if c} <= set(table)
    assert any(count == 0 for count in drawn.values())


def test_every_drawn_country_links_to_its_page(demo_site):
    page = _page(demo_site, "")
    links = page.xpath('//svg[contains(@class, "world-map__svg")]//a/@href')
    assert len(links) == len(set(links)) > 150
    for href in links:
        assert re.fullmatch(r"/countries/[a-z]{2}/", href)
        assert (demo_site / href.strip("/") / "index.html").is_file()
    svg = page.xpath('//svg[contains(@class, "world-map__svg")]')[0]
    assert not svg.xpath(".//text() [normalize-space()]") or all(
        t.getparent().tag == "title" for t in svg.xpath(".//text()[normalize-space()]")
    )
    assert not svg.xpath(".//script") and "http" not in lxml_html.tostring(svg, encoding="unicode")


def test_a_region_map_shows_its_own_countries_framed(demo_site):
    page = _page(demo_site, "regions/africa/")
    links = set(page.xpath('//svg[contains(@class, "world-map__svg")]//a/@href'))
    assert "/countries/gh/" in links and "/countries/fr/" not in links
    view_box = page.xpath('//svg[contains(@class, "world-map__svg")]/@viewbox')[0]
    assert view_box != _page(demo_site, "").xpath('//svg[contains(@class, "world-map__svg")]/@viewbox')[0]
    # the global region has no country to draw
    assert not _page(demo_site, "regions/global/").xpath('//section[@class="world-map"]')


def test_small_countries_missing_from_the_shapes_stay_reachable(demo_site):
    """Malta, Singapore, Bahrain… are too small for 1:110m: /countries/ lists every country."""
    page = _page(demo_site, "countries/")
    listed = set(page.xpath('//table[@class="country-table"]//th/a/@href'))
    vocab = Vocabularies(REPO / "data")
    assert listed == {f"/countries/{code.lower()}/" for code in vocab.countries}
    drawn = set(page.xpath('//svg[contains(@class, "world-map__svg")]//a/@href'))
    assert "/countries/mt/" in listed - drawn and "/countries/sg/" in listed - drawn


def test_countries_page_in_every_language_sorted_in_its_alphabet(demo_site):
    vocab = Vocabularies(REPO / "data")
    for lang in ("en", "fr", "es", "ar", "ru"):
        page = _page(demo_site, "countries/" if lang == "en" else f"{lang}/countries/")
        assert page.get("lang") == lang
        first_region = page.xpath('//table[@class="country-table"]')[0]
        names = first_region.xpath(".//tbody/tr/th/a/text()")
        assert names == sorted(names, key=lambda n: collation_key(n, lang))
        assert len(page.xpath('//table[@class="country-table"]//tbody/tr')) == len(vocab.countries)
    arabic = _page(demo_site, "ar/countries/")
    assert arabic.get("dir") == "rtl"
    titles = arabic.xpath('//svg[contains(@class, "world-map__svg")]//a/title/text()')
    assert any("تنبيه" in t for t in titles)


def test_the_map_fits_its_budget(demo_site, subpath_site):
    """The rendered SVG, on the home page and the largest region page, in every language."""
    sizes = {}
    for site in (demo_site, subpath_site):
        for address in ("", "ar/", "ru/", "countries/", *(f"regions/{p.name}/" for p in (site / "regions").iterdir())):
            text = read(site, address)
            svg = re.search(r'<svg class="world-map__svg".*?</svg>', text, re.S)
            if svg:
                sizes[(site.name, address)] = len(svg.group(0).encode("utf-8"))
    assert sizes and max(sizes.values()) <= LIMIT, sizes
    # one path per country, and the asset keeps its licence and attribution with it
    text = ASSET.read_text(encoding="utf-8")
    assert "public domain" in text and "ISC" in text and "world-atlas" in text


def test_window_and_shades():
    assert window(date(2026, 11, 28)) == (date(2025, 11, 29), date(2026, 11, 28))
    assert window(date(2028, 2, 29)) == (date(2027, 3, 1), date(2028, 2, 29))
    assert steps(0) == ()
    assert [(s.low, s.high) for s in steps(3)] == [(1, 1), (2, 2), (3, 3)]
    assert [(s.low, s.high) for s in steps(100)] == [(1, 3), (4, 9), (10, 31), (32, 100)]
    legend = steps(100)
    assert [shade_of(n, legend) for n in (0, 1, 3, 4, 31, 32, 100)] == [0, 1, 1, 2, 3, 4, 4]
