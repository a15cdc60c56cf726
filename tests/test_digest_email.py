"""The Communiqué's e-mail files as mail programs show them, and its pages in a browser.

email.html must survive mail programs: a table layout, its styles inlined
(css-inline), no script, no web font, no image without a text, absolute
links, under 100 KB; it is rendered here in Debian's Chromium at 600 px
(the width mail programs give a message) and 360 px (a phone), and its
layout checked. email.txt must read well in any program: lines of at most
78 characters, links listed. The digest pages pass axe like every other
page type (tests/test_browse.py).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from test_browse import EVERY_IMPACT
from test_digest import digest_site

EDITIONS = ("", "fr/", "es/", "ar/", "ru/")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return digest_site(tmp_path_factory)


@pytest.mark.parametrize("prefix", EDITIONS, ids=lambda p: p.strip("/") or "en")
def test_email_html_is_what_mail_programs_can_show(site, prefix):
    data = (site / f"{prefix}digest/2026-w47/email.html").read_bytes()
    html = data.decode("utf-8")
    assert len(data) < 100_000
    assert "<script" not in html.lower() and "@font-face" not in html and "@import" not in html
    assert '<link rel="stylesheet"' not in html
    assert all(re.search(r'\balt="', img) for img in re.findall(r"<img[^>]*>", html))
    links = re.findall(r'href="([^"]+)"', html)
    assert links and all(link.startswith(("https://owner.github.io/repo/", "mailto:")) for link in links), links
    assert re.search(r'<table[^>]*role="presentation"[^>]*style="[^"]*max-width:600px', html)  # the frame is a table
    assert re.search(r'<td[^>]*class="cell"[^>]*style="[^"]*font-family:Arial', html)  # styles are inlined
    styles = re.findall(r"<style[^>]*>(.*?)</style>", html, re.S)
    assert all(s.strip().startswith("@media") for s in styles), styles  # only what cannot be inlined is left


@pytest.mark.parametrize("prefix", EDITIONS, ids=lambda p: p.strip("/") or "en")
def test_email_text_has_short_lines_and_lists_its_links(site, prefix):
    text = (site / f"{prefix}digest/2026-w47/email.txt").read_text(encoding="utf-8")
    for line in text.splitlines():
        # an address longer than a line stays whole, alone on its line
        assert len(line) <= 78 or re.fullmatch(r"\S+://\S+", line), line
    cited = set(re.findall(r"\[(\d+)\]", text.split("\n[1] ")[0]))
    listed = dict(re.findall(r"^\[(\d+)\]\s+(\S+)$", text, re.M))
    assert cited and cited <= set(listed), (cited, listed)
    assert all(url.startswith("https://owner.github.io/repo/") for url in listed.values())


def test_email_text_is_not_html_escaped(site):
    text = (site / "digest/2026-w47/email.txt").read_text(encoding="utf-8")
    assert "Accra editor detained & questioned" in text and "&amp;" not in text


LAYOUT = """() => {
  const sheet = document.querySelector('table.sheet').getBoundingClientRect();
  const cell = document.querySelector('td.cell');
  const outside = [...cell.querySelectorAll('*')].filter(e => {
    const r = e.getBoundingClientRect();
    return r.width && (r.right > sheet.right + 0.5 || r.left < sheet.left - 0.5);
  }).map(e => e.outerHTML.slice(0, 80));
  const sizes = [...cell.querySelectorAll('p, li, h1, h2, h3')].map(e => parseFloat(getComputedStyle(e).fontSize));
  const range = document.createRange();
  range.selectNodeContents(document.querySelector('h1'));
  const h1 = range.getBoundingClientRect();  // the heading's text, not its box
  return {scroll: document.documentElement.scrollWidth, left: sheet.left, width: sheet.width, outside,
          smallest: Math.min(...sizes), direction: getComputedStyle(cell).direction,
          h1Left: h1.left - sheet.left, h1Right: sheet.right - h1.right};
}"""


@pytest.mark.parametrize("width", [600, 360], ids=["600px", "360px"])
@pytest.mark.parametrize("prefix", ["", "ar/"], ids=["en", "ar"])
def test_email_lays_out_in_a_browser(chromium, site, tmp_path, width, prefix):
    context = chromium.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    elsewhere: list[str] = []

    def route(request_route):
        if request_route.request.url.startswith("file:"):
            request_route.continue_()
        else:
            elsewhere.append(request_route.request.url)
            request_route.abort()

    page.route("**/*", route)
    page.goto((site / f"{prefix}digest/2026-w47/email.html").as_uri())
    found = page.evaluate(LAYOUT)
    page.screenshot(path=str(tmp_path / f"email-{prefix.strip('/') or 'en'}-{width}.png"), full_page=True)
    context.close()
    assert elsewhere == []  # no image, font or style from anywhere
    assert found["scroll"] <= width, f"the message scrolls sideways at {width}px"
    assert found["width"] == min(600, width) and found["left"] == 0
    assert found["outside"] == [], found["outside"]
    assert found["smallest"] >= 14
    if prefix == "ar/":
        assert found["direction"] == "rtl"
        assert found["h1Right"] < found["h1Left"]  # the heading starts on the right
    else:
        assert found["direction"] == "ltr"


DIGEST_PAGES = {
    "weeks": "digest/",
    "a finished week": "digest/2026-w45/",
    "the current week, so far": "digest/2026-w48/",
    "a week in Arabic": "ar/digest/2026-w45/",
    "a week in Russian": "ru/digest/2026-w47/",
}


@pytest.mark.parametrize("width", [1280, 360], ids=["1280px", "360px"])
@pytest.mark.parametrize("address", DIGEST_PAGES.values(), ids=DIGEST_PAGES.keys())
def test_digest_page_has_no_accessibility_violation(browser, served_demo, address, width):
    browser.page.set_viewport_size({"width": width, "height": 800})
    response = browser.page.goto(f"{served_demo}/{address}")
    assert response.status == 200
    violations = browser.axe(impacts=EVERY_IMPACT, enable=("region",))
    assert not violations, "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}" for v in violations
    )
    assert browser.page.evaluate("document.documentElement.scrollWidth") <= max(width, 360)


def test_email_html_has_no_serious_accessibility_violation(browser, served_demo):
    browser.page.goto(f"{served_demo}/digest/2026-w45/email.html")
    violations = browser.axe()  # serious and critical: a message has no landmarks to check
    assert not violations, [v["id"] for v in violations]
