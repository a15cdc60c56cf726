"""The site header on phones and desktops, in Debian's Chromium over the served demo.

On a phone the header shows the site's name and a "Menu" button (the summary
of a <details>, no JavaScript) and takes at most 200 px; the button opens
the navigation, the search form and the language switcher. From 48em wide
the same markup shows all of it, as before, with no button
(docs/browsing.md, "Header"). Each state is checked with the keyboard, in
the accessibility tree Chromium gives screen readers, and with axe-core.
"""

from __future__ import annotations

import pytest

EVERY_IMPACT = ("minor", "moderate", "serious", "critical")
PHONE = {"width": 360, "height": 800}
DESKTOP = {"width": 1280, "height": 800}
# (address, the menu button's name, the main navigation's first link, a language link)
EDITIONS = {
    "English": ("", "Menu", "Alerts", "Français"),
    "Arabic, right to left": ("ar/", "القائمة", "التنبيهات", "English"),
    "Russian (the longest texts)": ("ru/", "Меню", "Оповещения", "English"),
    "an alert page": ("alerts/tr-elif-yilmaz-sentenced/", "Menu", "Alerts", None),
}


def no_violations(browser) -> None:
    violations = browser.axe(impacts=EVERY_IMPACT, enable=("region",))
    assert not violations, "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}" for v in violations
    )


def header_height(page) -> float:
    return page.evaluate("document.querySelector('.site-header').getBoundingClientRect().height")


def menu_button(page) -> dict:
    """The summary as Chromium's accessibility tree exposes it to screen readers (its role, name and states)."""
    cdp = page.context.new_cdp_session(page)
    try:
        nodes = cdp.send("Accessibility.getFullAXTree")["nodes"]
    finally:
        cdp.detach()
    found = [
        {"role": n["role"]["value"], "name": n.get("name", {}).get("value")}
        | {p["name"]: p["value"].get("value") for p in n.get("properties", [])}
        for n in nodes
        if not n.get("ignored") and n["role"]["value"] == "DisclosureTriangle"
    ]
    return found[0] if found else {}


def focused(page) -> str:
    return page.evaluate("document.activeElement.tagName + ' ' + document.activeElement.textContent.trim()")


@pytest.mark.parametrize("edition", EDITIONS.values(), ids=EDITIONS.keys())
def test_phone_header_is_short_and_the_keyboard_opens_the_menu(browser, served_demo, edition):
    address, button, first_link, language = edition
    page = browser.page
    page.set_viewport_size(PHONE)
    page.goto(f"{served_demo}/{address}")
    banner = page.get_by_role("banner")
    nav = banner.get_by_role("navigation", name=page.locator(".site-nav").get_attribute("aria-label"))

    closed = header_height(page)
    print(f"/{address} header at 360px, closed: {closed:.0f}px")
    assert closed <= 200, f"the closed header takes {closed:.0f}px of a 360px-wide phone"
    assert not nav.is_visible() and not page.locator("#site-search-q").is_visible()
    assert menu_button(page) == {"role": "DisclosureTriangle", "name": button, "focusable": True, "expanded": False}
    assert banner.get_by_role("navigation").count() == 0, "a closed menu is hidden from screen readers too"
    no_violations(browser)

    # Tab: the skip link, the site's name, then the menu button; Enter opens it.
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "site-name"
    page.keyboard.press("Tab")
    assert focused(page) == f"SUMMARY {button}"
    style = page.evaluate(
        "(() => { const s = getComputedStyle(document.activeElement); return [s.outlineStyle, s.boxShadow]; })()"
    )
    assert style[0] != "none" and style[1] != "none", "the menu button shows its focus"
    page.keyboard.press("Enter")
    assert menu_button(page)["expanded"] is True
    opened = header_height(page)
    print(f"/{address} header at 360px, open: {opened:.0f}px")
    assert nav.is_visible() and page.locator("#site-search-q").is_visible()
    # focus moves on into the menu: its first link, then the rest in reading order
    page.keyboard.press("Tab")
    assert focused(page) == f"A {first_link}"
    assert nav.get_by_role("link").first.evaluate("a => a === document.activeElement")
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "site-search-q":
            break
    else:
        pytest.fail("Tab does not reach the search field in the open menu")
    if language:
        switcher = banner.get_by_role("navigation", name=page.locator(".languages").get_attribute("aria-label"))
        assert switcher.get_by_role("link", name=language).is_visible()
    no_violations(browser)

    # Space on the button closes the menu again
    page.locator(".menu > summary").focus()
    page.keyboard.press("Space")
    assert menu_button(page)["expanded"] is False and not nav.is_visible()


def test_arabic_menu_button_sits_at_the_left(browser, served_demo):
    """Right to left, the button is at the header's inline end (the left), the site's name at the right."""
    page = browser.page
    page.set_viewport_size(PHONE)
    page.goto(f"{served_demo}/ar/")
    summary = page.locator(".menu > summary").bounding_box()
    name = page.locator(".site-name").bounding_box()
    assert summary["x"] < 40 and summary["x"] + summary["width"] < name["x"] + 1
    page.goto(f"{served_demo}/")
    summary = page.locator(".menu > summary").bounding_box()
    name = page.locator(".site-name").bounding_box()
    assert summary["x"] + summary["width"] > 320 and summary["x"] > name["x"] + name["width"] - 1


@pytest.mark.parametrize("address", ["", "ar/"], ids=["English", "Arabic"])
def test_desktop_shows_the_navigation_without_opening_anything(browser, served_demo, address):
    page = browser.page
    page.set_viewport_size(DESKTOP)
    page.goto(f"{served_demo}/{address}")
    banner = page.get_by_role("banner")
    assert not page.locator(".menu > summary").is_visible() and not page.evaluate(
        "document.querySelector('.menu').open"
    )
    assert page.locator(".site-nav").is_visible() and page.locator("#site-search-q").is_visible()
    assert page.locator(".languages").is_visible()
    assert banner.get_by_role("navigation").count() == 2, "screen readers get both navigations, as before"
    # Tab: skip link, site name, then straight into the navigation
    for _ in range(3):
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('.site-nav') !== null")
    assert header_height(page) < 300
    no_violations(browser)


def test_menu_opens_without_javascript_and_fits_320_pixels(chromium, served_demo):
    context = chromium.new_context(java_script_enabled=False, viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(f"{served_demo}/fr/")
    assert not page.locator(".site-nav").is_visible()
    page.locator(".menu > summary").focus()
    page.keyboard.press("Enter")
    assert page.locator(".site-nav").is_visible() and page.locator(".languages").is_visible()
    overflow = page.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert overflow <= 320, f"the open menu scrolls sideways ({overflow}px)"
