"""Alert pages as social networks, messaging apps and search engines read them.

Parsed with extruct (Open Graph and JSON-LD, as a crawler would), not with
regular expressions: under a sub-path (the demo built with publishconf)
and at a domain's root (a tiny site whose title tries to break out of the
JSON-LD script).
"""

from __future__ import annotations

import json
import shutil
import struct
from datetime import date, datetime
from pathlib import Path

import extruct
import pytest
from conftest import FIXTURES, SUBPATH_SITEURL, build_ok, read
from lxml import html as lxml_html

ROOT_SITEURL = "https://alerts.example.org"
TRICKY = 'Editor\'s "Ledger" </script><!-- & <b>bold</b> detained'


def metadata(site: Path, address: str, siteurl: str) -> tuple[dict[str, list[str]], dict, dict[str, str]]:
    """(Open Graph properties, the NewsArticle, <meta name> and canonical) of a page."""
    text = read(site, address)
    data = extruct.extract(text, base_url=f"{siteurl}/{address}", syntaxes=["opengraph", "json-ld"], uniform=False)
    og: dict[str, list[str]] = {}
    for block in data["opengraph"]:
        for key, value in block["properties"]:
            og.setdefault(key, []).append(value)
    (article,) = [item for item in data["json-ld"] if item.get("@type") == "NewsArticle"]
    page = lxml_html.fromstring(text)
    names = {m.get("name"): m.get("content") for m in page.xpath("//meta[@name]")}
    names["canonical"] = page.xpath('string(//link[@rel="canonical"]/@href)')
    return og, article, names


def _iso(value: str) -> date | datetime:
    return date.fromisoformat(value) if len(value) == 10 else datetime.fromisoformat(value)


@pytest.fixture(scope="module")
def root_site(tmp_path_factory) -> Path:
    content = Path(shutil.copytree(FIXTURES / "minimal", tmp_path_factory.mktemp("share") / "content"))
    alert = content / "alerts" / "2026" / "gh-editor-released.md"
    text = alert.read_text(encoding="utf-8")
    start = text.index("title: ")
    end = text.index("\n", start)
    alert.write_text(text[:start] + "title: " + json.dumps(TRICKY) + text[end:], encoding="utf-8")
    return build_ok(content, content.parent / "output", settings="publishconf.py", env={"SITEURL": ROOT_SITEURL})


def test_an_alert_page_under_a_sub_path(subpath_site):
    address = "alerts/gh-accra-editor-detained/"
    og, article, names = metadata(subpath_site, address, SUBPATH_SITEURL)
    assert og["og:type"] == ["article"]
    assert og["og:url"] == [f"{SUBPATH_SITEURL}/{address}"] == [names["canonical"]]
    assert og["og:title"] == [article["headline"]] and article["headline"]
    assert names["twitter:card"] == "summary_large_image"
    # the image: absolute, in the build, a PNG of 1200 x 630 under 300 KB
    (image,) = og["og:image"]
    assert image.startswith(f"{SUBPATH_SITEURL}/")
    png = (subpath_site / image.removeprefix(f"{SUBPATH_SITEURL}/")).read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and struct.unpack(">II", png[16:24]) == (1200, 630)
    assert len(png) < 300_000
    # dates in ISO 8601, the same in both
    assert _iso(og["article:published_time"][0]) == _iso(article["datePublished"])
    if "dateModified" in article:
        assert _iso(og["article:modified_time"][0]) == _iso(article["dateModified"]) >= _iso(article["datePublished"])
    # who, where, in what language
    assert article["@context"] == "https://schema.org"
    assert article["author"]["@type"] == "Organization" and article["author"]["name"]
    assert article["publisher"] == {"@type": "Organization", "name": "Free Expression Exchange — Action Alerts"}
    assert article["contentLocation"] == {"@type": "Place", "name": "Ghana"}
    assert article["inLanguage"] == "en" and og["og:locale"] == ["en"]
    assert "og:description" not in og  # <meta name="description"> serves


def test_an_updated_alert_says_when(subpath_site):
    og, article, _ = metadata(subpath_site, "alerts/co-cauca-radio-journalist-shot/", SUBPATH_SITEURL)
    assert _iso(article["dateModified"]) > _iso(article["datePublished"])
    assert og["article:modified_time"] == [article["dateModified"]]


def test_a_translation_names_its_locale_and_the_others(subpath_site):
    og, article, _ = metadata(subpath_site, "ar/alerts/tn-radio-commentator-arrested/", SUBPATH_SITEURL)
    assert og["og:locale"] == ["ar"] and og["og:locale:alternate"] == ["en"]
    assert article["inLanguage"] == "ar" and article["contentLocation"]["name"] == "تونس"
    assert og["og:url"] == [f"{SUBPATH_SITEURL}/ar/alerts/tn-radio-commentator-arrested/"]
    original, _, _ = metadata(subpath_site, "alerts/tn-radio-commentator-arrested/", SUBPATH_SITEURL)
    assert original["og:locale:alternate"] == ["ar"]


def test_a_title_with_quotes_and_script_end_survives_at_a_root(root_site):
    address = "alerts/gh-editor-released/"
    og, article, names = metadata(root_site, address, ROOT_SITEURL)
    assert article["headline"] == TRICKY == og["og:title"][0]
    assert og["og:url"] == [f"{ROOT_SITEURL}/{address}"] == [names["canonical"]]
    assert og["og:image"] == [f"{ROOT_SITEURL}/theme/share.png"]
    text = read(root_site, address)
    script = text[text.index('<script type="application/ld+json">') :]
    script = script[: script.index("</script>")]
    assert "<" not in script.removeprefix('<script type="application/ld+json">') and "\\u003c/script\\u003e" in script
    # a global item has no country: its place is its region
    _, statement, _ = metadata(root_site, "alerts/global-statement/", ROOT_SITEURL)
    assert statement["contentLocation"]["@type"] == "Place"


def test_a_local_preview_has_no_share_metadata(minimal_site):
    """Without an absolute SITEURL there is no address to share: no half-made tags."""
    text = read(minimal_site, "alerts/gh-editor-detained/")
    assert "og:url" not in text and "application/ld+json" not in text
