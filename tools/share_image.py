"""Make theme/static/share.png once: the picture platforms show beside a shared alert link.

Platforms reject SVG, and want about 1200 x 630 pixels. The picture says
what the site is, in text only: the site's name (SITENAME from
pelicanconf.py), what it publishes, and, while the site is a demonstration
(DEMO_NOTICE), that its people and organisations are fictional, so a
shared link never passes a demonstration off as a real alert. It is drawn
as HTML in the site's colours and screenshot by Debian's Chromium through
Playwright (both already needed by the tests), then committed: the build
only links it (clearinghouse/share.py). Run it again after changing
SITENAME or DEMO_NOTICE:

    PYTHONPATH=plugins .venv/bin/python tools/share_image.py
"""

from __future__ import annotations

import html
import sys
from pathlib import Path

from pelican.settings import read_settings
from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parents[1]
TARGET = REPO / "theme" / "static" / "share.png"
WIDTH, HEIGHT = 1200, 630
LIMIT = 300_000  # bytes: platforms refuse or shrink larger images


def card(sitename: str, demo: bool) -> str:
    notice = (
        '<p class="demo">Demonstration: every person, outlet and organisation named on this site is fictional.</p>'
        if demo
        else ""
    )
    return f"""<!doctype html><html lang="en"><meta charset="utf-8"><style>
html, body {{ margin: 0; width: {WIDTH}px; height: {HEIGHT}px; }}
body {{ box-sizing: border-box; padding: 80px 90px; background: #f3f1ec; color: #1b1b1b;
  border-top: 16px solid #8a1c1c; font-family: "DejaVu Sans", sans-serif; display: flex;
  flex-direction: column; justify-content: center; }}
h1 {{ margin: 0 0 36px; font-size: 64px; line-height: 1.15; }}
p {{ margin: 0; font-size: 34px; line-height: 1.35; color: #4a4a4a; }}
.demo {{ margin-top: 48px; font-size: 28px; color: #3d2c00; background: #fff4d6; padding: 14px 20px;
  border-inline-start: 8px solid #b58100; }}
</style><body><h1>{html.escape(sitename)}</h1>
<p>Action alerts on attacks against journalists, writers and free expression.</p>{notice}</body></html>"""


def main() -> int:
    settings = read_settings(str(REPO / "pelicanconf.py"))
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"]
        )
        page = browser.new_page(viewport={"width": WIDTH, "height": HEIGHT})
        page.set_content(card(settings["SITENAME"], settings.get("DEMO_NOTICE", True)))
        TARGET.write_bytes(page.screenshot(type="png"))
        browser.close()
    size = TARGET.stat().st_size
    print(f"{TARGET}: {WIDTH}x{HEIGHT}, {size:,} bytes")
    return 0 if size < LIMIT else 1


if __name__ == "__main__":
    sys.exit(main())
