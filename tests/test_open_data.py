"""The archive as data (/data/, shared/spec/urls.md "Data"): what a researcher downloads.

Real builds, read with Python's csv and json modules (as a spreadsheet
user's or a script's first step would) and validated with the maintained
Frictionless validator; which alerts the files must hold is worked out
again from the content files, never asked of the plugin.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import DEMO_CONTENT, FIXTURES, SUBPATH_SITEURL, build_ok, read, run_pelican

LANGS = ("en", "fr", "es", "ar", "ru")
COLUMNS = [
    "id", "url", "type", "date", "updated", "countries", "regions", "member", "co_signers", "case",
    "case_status", "violations", "victims", "perpetrator", "location", "lang", "title", "summary",
    "translations", "appeal_deadline",
]  # fmt: skip
ARABIC_TITLE = 'اعتقال محرر، في الرباط, بعد تقرير عن "الفساد"'
ARABIC_ALERT = f"""---
type: alert
title: '{ARABIC_TITLE}'
date: 2026-05-03T08:30:00+01:00
country: [MA, DZ]
member: test-press-union
co_signers: [nordic-test-council]
violations: [arbitrary-detention, threat]
lang: ar
victims:
  - name: 'Karim "el" Idrissi, Jr.'
    role: journalist
    outlet: صحيفة الغد، الرباط
summary: 'First line, with commas; "quotes" and a semicolon.'
---
نص التنبيه.
"""


def front_matter(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---", 2)[1]) or {}


def published_ids(content: Path) -> set[str]:
    """Every alert id with no draft among its files (translations share the original's id)."""
    ids: dict[str, bool] = {}
    for path in (content / "alerts").rglob("*.md"):
        values = front_matter(path)
        key = values.get("id") or re.sub(r"\.(fr|es|ar|ru)$", "", path.stem)
        ids[key] = ids.get(key, True) and values.get("status", "published") != "draft"
    return {key for key, published in ids.items() if published}


def csv_rows(site: Path) -> list[dict[str, str]]:
    data = (site / "data" / "alerts.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf"), "UTF-8 with a byte order mark, for spreadsheets"
    reader = csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""))
    header, *rows = list(reader)
    assert header == COLUMNS
    return [dict(zip(header, row, strict=True)) for row in rows]


def json_objects(site: Path) -> list[dict]:
    return json.loads((site / "data" / "alerts.json").read_text(encoding="utf-8"))


def as_csv_cell(value) -> str:
    """What a JSON value must look like in the CSV (docs/data.md)."""
    if value is None or value == []:
        return ""
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return ",".join(value)
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return value


@pytest.fixture(scope="module")
def arabic_site(tmp_path_factory) -> tuple[Path, Path, Path]:
    """The minimal content plus an Arabic alert full of commas and quotes, built with a cache: (content, site, cache)."""
    root = tmp_path_factory.mktemp("open-data")
    content = Path(shutil.copytree(FIXTURES / "minimal", root / "content"))
    (content / "alerts" / "2026" / "ma-editor-held.md").write_text(ARABIC_ALERT, encoding="utf-8")
    site, cache = root / "site", root / "cache"
    build_ok(content, site, extra=("-e", f'CACHE_PATH="{cache}"', "BUILD_CACHE=true"))
    return content, site, cache


def test_the_data_package_validates_with_frictionless(subpath_site):
    from frictionless import validate

    report = validate(str(subpath_site / "data" / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "message"])
    assert [task.stats["rows"] for task in report.tasks] == [len(published_ids(DEMO_CONTENT))] * 2
    package = json.loads((subpath_site / "data" / "datapackage.json").read_text(encoding="utf-8"))
    assert package["licenses"][0]["name"] == "CC-BY-4.0"
    assert package["homepage"] == f"{SUBPATH_SITEURL}/data/"
    for resource in package["resources"]:
        assert [f["name"] for f in resource["schema"]["fields"]] == COLUMNS
        data = (subpath_site / "data" / resource["path"]).read_bytes()
        assert resource["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()


def test_one_row_and_one_object_per_published_alert(demo_site):
    expected = published_ids(DEMO_CONTENT)
    rows, objects = csv_rows(demo_site), json_objects(demo_site)
    assert len(rows) == len(objects) == len(expected) > 50
    assert {r["id"] for r in rows} == expected
    assert [r["id"] for r in rows] == [o["id"] for o in objects]
    # oldest first, so that a new alert adds a row at the end
    assert [(r["date"], r["id"]) for r in rows] == sorted((r["date"], r["id"]) for r in rows)
    translated = next(r for r in rows if r["translations"])
    assert set(translated["translations"].split(",")) <= set(LANGS)


def test_the_json_says_what_the_csv_says(demo_site):
    for row, obj in zip(csv_rows(demo_site), json_objects(demo_site), strict=True):
        assert list(obj) == COLUMNS
        assert {name: as_csv_cell(value) for name, value in obj.items()} == row


def test_arabic_commas_and_quotes_survive_a_spreadsheet_round_trip(arabic_site):
    _, site, _ = arabic_site
    row = next(r for r in csv_rows(site) if r["id"] == "ma-editor-held")
    assert row["title"] == ARABIC_TITLE
    assert row["summary"] == 'First line, with commas; "quotes" and a semicolon.'
    assert row["countries"] == "MA,DZ"
    assert row["regions"] == "middle-east-north-africa"
    assert row["lang"] == "ar"
    assert row["co_signers"] == "nordic-test-council"
    assert row["date"] == "2026-05-03T07:30:00Z"  # UTC
    assert json.loads(row["victims"]) == [
        {"name": 'Karim "el" Idrissi, Jr.', "role": "journalist", "outlet": "صحيفة الغد، الرباط"}
    ]
    obj = next(o for o in json_objects(site) if o["id"] == "ma-editor-held")
    assert obj["title"] == ARABIC_TITLE and obj["countries"] == ["MA", "DZ"]
    assert "draft-item" not in {r["id"] for r in csv_rows(site)}


def test_addresses_are_absolute_and_lead_to_the_alerts(subpath_site):
    for row in csv_rows(subpath_site):
        assert row["url"] == f"{SUBPATH_SITEURL}/alerts/{row['id']}/"
        assert (subpath_site / "alerts" / row["id"] / "index.html").is_file()
    assert all(o["url"].startswith(f"{SUBPATH_SITEURL}/alerts/") for o in json_objects(subpath_site))


def test_the_data_files_exist_once_and_the_page_in_every_language(subpath_site):
    for lang in LANGS:
        prefix = "" if lang == "en" else f"{lang}/"
        if lang != "en":
            assert not (subpath_site / prefix / "data" / "alerts.csv").exists()
        html = read(subpath_site, f"{prefix}data/")
        assert f'<html lang="{lang}"' in html
        for name in ("alerts.csv", "alerts.json", "datapackage.json"):
            assert f'href="/repo/data/{name}"' in html
        assert 'href="https://creativecommons.org/licenses/by/4.0/"' in html
        assert f'href="/repo/{prefix}data/"' in read(subpath_site, f"{prefix}feeds/"), "the feeds page links to it"


def test_an_unchanged_rebuild_keeps_the_data_files_and_an_edit_rewrites_them(arabic_site):
    content, site, cache = arabic_site
    files = [site / "data" / name for name in ("alerts.csv", "alerts.json", "datapackage.json")]

    def rebuild() -> None:
        build_ok(content, site, extra=("-e", f'CACHE_PATH="{cache}"', "BUILD_CACHE=true"))

    inodes = [f.stat().st_ino for f in files]
    rebuild()
    assert [f.stat().st_ino for f in files] == inodes
    alert = content / "alerts" / "2026" / "global-statement.md"
    alert.write_text(alert.read_text(encoding="utf-8") + "\nA corrected sentence.\n", encoding="utf-8")
    rebuild()  # a body is in no row: the files' bytes are the same, so they are kept
    assert [f.stat().st_ino for f in files] == inodes
    alert.write_text(alert.read_text(encoding="utf-8").replace("title: ", "title: Corrected ", 1), encoding="utf-8")
    rebuild()
    assert all(f.stat().st_ino != inode for f, inode in zip(files, inodes, strict=True))
    assert any(r["title"].startswith("Corrected ") for r in csv_rows(site))
    assert "Corrected " in (site / "data" / "alerts.json").read_text(encoding="utf-8")


def test_a_wrong_licence_setting_stops_the_build(tmp_path):
    result = run_pelican(FIXTURES / "minimal", tmp_path / "out", extra=("-e", 'DATA_LICENSE={"name": "CC-BY-4.0"}'))
    assert result.returncode != 0
    assert "DATA_LICENSE" in result.stdout + result.stderr


def test_the_data_page_is_accessible_in_every_language(browser, served_demo):
    for lang in LANGS:
        address = "/data/" if lang == "en" else f"/{lang}/data/"
        browser.page.goto(served_demo + address)
        assert browser.page.locator("h1").count() == 1
        assert not browser.axe(), address
