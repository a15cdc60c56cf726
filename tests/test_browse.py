"""Readers' ways in, checked in Debian's Chromium over the served demo site.

The site is built for and served under /repo/ (tests/web.py), so each test
also proves the sub-path works; any request to another host fails the test.
"""

from __future__ import annotations

import gzip
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
import yaml
from conftest import DEMO_CONTENT

OPEN_APPEAL = "alerts/bf-journalist-seized-ouagadougou/"

PAGE_TYPES = {
    "home": "",
    "alerts archive": "alerts/",
    "alerts archive, page 1 (the oldest)": "alerts/page/1/",
    "alert with an open appeal": OPEN_APPEAL,
    "alert with a closed appeal in a case": "alerts/tr-elif-yilmaz-sentenced/",
    "alert in Arabic, right to left": "ar/alerts/tn-radio-commentator-arrested/",
    "alert in Russian": "ru/alerts/kz-almaty-journalist-false-information-charge/",
    "region": "regions/europe-central-asia/",
    "global region": "regions/global/",
    "country with alerts": "countries/mx/",
    "country with no alert yet": "countries/is/",
    "topic": "topics/arbitrary-detention/",
    "member directory": "members/",
    "member": "members/anatolia-press-freedom/",
    "cases": "cases/",
    "case with an open appeal": "cases/bf-issouf-kabore-sawadogo/",
    "open appeals": "act/",
    "search (no JavaScript results)": "search/",
    "static page": "about/",
    "French home": "fr/",
    "Arabic home, the map right to left": "ar/",
    "countries, with the map and its table": "countries/",
    "region in Arabic, with its map": "ar/regions/africa/",
    "open appeals in Arabic, untranslated": "ar/act/",
    "case in Arabic, untranslated": "ar/cases/bf-issouf-kabore-sawadogo/",
    "not found": "404.html",
}


# Every impact fails, "moderate" and "minor" too: `region` (all content inside
# a landmark) is moderate, and the pages have no violation left of any kind.
EVERY_IMPACT = ("minor", "moderate", "serious", "critical")


@pytest.mark.parametrize("width", [1280, 360], ids=["1280px", "360px"])
@pytest.mark.parametrize("address", PAGE_TYPES.values(), ids=PAGE_TYPES.keys())
def test_page_type_has_no_accessibility_violation(browser, served_demo, address, width):
    browser.page.set_viewport_size({"width": width, "height": 800})
    response = browser.page.goto(f"{served_demo}/{address}")
    assert response.status == 200
    violations = browser.axe(impacts=EVERY_IMPACT, enable=("region",))
    assert not violations, "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}" for v in violations
    )


@pytest.mark.parametrize("address", PAGE_TYPES.values(), ids=PAGE_TYPES.keys())
def test_page_type_fits_a_320_pixel_screen(chromium, served_demo, address):
    context = chromium.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(f"{served_demo}/{address}")
    overflow = page.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert overflow <= 320, f"{address} scrolls sideways ({overflow}px) on a 320px screen"


def test_reader_goes_from_home_to_a_region_country_alert_case_and_back(browser, served_demo):
    page = browser.page
    page.goto(served_demo + "/")
    page.get_by_role("region", name="Regions").get_by_role(
        "link", name="Europe and Central Asia"
    ).click()  # the home page's list
    assert page.url == f"{served_demo}/regions/europe-central-asia/"
    page.get_by_role("link", name="Türkiye").first.click()
    assert page.url == f"{served_demo}/countries/tr/"
    page.get_by_role("link", name="Istanbul court sentences reporter Elif Yılmaz").first.click()
    assert page.url == f"{served_demo}/alerts/tr-elif-yilmaz-sentenced/"
    trail = page.get_by_role("navigation", name="Breadcrumb").inner_text()
    assert "Europe and Central Asia" in trail and "Türkiye" in trail
    page.locator(".case-place").get_by_role("link", name="Istanbul reporter Elif Yılmaz detained").click()
    assert page.url == f"{served_demo}/cases/tr-elif-yilmaz/"
    assert "Current status: Released" in page.inner_text("main")
    page.go_back()
    assert page.url == f"{served_demo}/alerts/tr-elif-yilmaz-sentenced/"
    page.get_by_role("link", name="Next: Elif Yılmaz released").click()
    assert page.url == f"{served_demo}/alerts/tr-elif-yilmaz-released/"


def test_keyboard_alone_skip_link_then_visible_focus(browser, served_demo):
    page = browser.page
    page.goto(f"{served_demo}/{OPEN_APPEAL}")
    page.keyboard.press("Tab")
    skip = page.evaluate("[document.activeElement.className, document.activeElement.getBoundingClientRect().top]")
    assert skip[0] == "skip-link" and skip[1] >= 0, "the first Tab shows the skip link on screen"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "(() => { const s = getComputedStyle(document.activeElement);"
        " return [document.activeElement.tagName, s.outlineStyle, s.boxShadow]; })()"
    )
    assert focused[0] == "A" and focused[1] != "none" and focused[2] != "none", focused
    # reach the appeal's button without a mouse
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('button')"):
            break
    else:
        pytest.fail("the 'Write now' button cannot be reached with Tab")


def test_write_now_link_opens_the_sample_letter(browser, served_demo):
    source = (DEMO_CONTENT / "alerts/2026/bf-journalist-seized-ouagadougou.md").read_text(encoding="utf-8")
    appeal = yaml.safe_load(source.split("---")[1])["appeal"]
    browser.page.goto(f"{served_demo}/{OPEN_APPEAL}")
    href = browser.page.get_by_role("link", name="Write now by e-mail").get_attribute("href")
    address = urlsplit(href)
    query = parse_qs(address.query)
    assert unquote(address.path).split(",") == [a["email"] for a in appeal["addressees"] if a.get("email")]
    assert query["body"][0].replace("\r\n", "\n") == appeal["letter"].strip()
    assert "é" in query["body"][0] or "è" in query["body"][0], "accented letters survive the encoding"


def test_pages_work_without_javascript(chromium, served_demo):
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{served_demo}/{OPEN_APPEAL}")
    assert page.get_by_role("heading", name="Take action: write a letter").is_visible()
    assert page.get_by_role("heading", name="Sample letter").is_visible()
    page.goto(f"{served_demo}/search/?q=Yilmaz")
    assert page.get_by_role("link", name="All alerts").first.is_visible(), "search offers browsing without JS"
    context.close()


def test_printing_an_open_appeal_prints_the_letter_alone(browser, served_demo):
    page = browser.page
    page.goto(f"{served_demo}/{OPEN_APPEAL}")
    page.emulate_media(media="print")
    assert page.locator(".letter").is_visible()
    assert page.locator(".appeal__addressees").is_visible()
    assert not page.locator(".alert .body").is_visible()
    assert not page.locator(".site-header").is_visible()


def test_arabic_pages_lay_out_right_to_left(browser, served_demo):
    page = browser.page
    page.goto(f"{served_demo}/ar/alerts/tn-radio-commentator-arrested/")
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    heading = page.locator("h1").bounding_box()
    assert heading["x"] + heading["width"] > 400, "an Arabic heading starts from the right"


def test_untranslated_texts_on_arabic_pages_run_left_to_right(browser, served_demo):
    """An English card on an Arabic page: its title left to right, the rest right to left (no summary)."""
    page = browser.page
    page.goto(f"{served_demo}/ar/act/")
    card = page.locator(".alert-card").first

    def direction(selector):
        return card.locator(selector).evaluate("e => getComputedStyle(e).direction")

    assert direction(".alert-card__title") == "ltr" and card.locator(".alert-card__summary").count() == 0
    assert direction(".alert-card__meta") == "rtl" and direction(".alert-card__appeal") == "rtl"
    assert card.locator(".alert-card__title").get_attribute("lang") == "en"


def test_charts_have_a_text_equivalent(browser, served_demo):
    page = browser.page
    page.goto(f"{served_demo}/countries/mx/")
    figure = page.get_by_role("figure", name="Alerts per year")
    assert figure.locator("svg").count() == 1
    figure.locator("summary").click()
    rows = figure.locator("tbody tr").all_inner_texts()
    assert rows and all("\t" in row for row in rows)


def test_alert_page_is_small_on_the_wire(served_demo_site):
    """HTML and CSS of an alert page, gzipped: a few packets on a slow network."""
    site = served_demo_site[1]
    html = (site / OPEN_APPEAL / "index.html").read_bytes()
    css = (site / "theme/css/site.css").read_bytes()
    total = len(gzip.compress(html, 9)) + len(gzip.compress(css, 9))
    print(f"alert page HTML+CSS gzipped: {total} bytes")
    assert total < 20_000
