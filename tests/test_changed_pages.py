"""tools/changed_pages.py: the pull request comment lists what readers will see change.

The minimal site is built as it is (the "base branch") and with a change
(the "pull request"): one alert added in Kenya, one update's title edited,
one translation removed. The comment must list exactly those alert pages,
the lists and feeds they appear in, and nothing that did not change.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, REPO, build_ok

TOOL = REPO / "tools" / "changed_pages.py"
SITE = "https://owner.github.io/repo/"

NEW_ALERT = """---
type: alert
title: Nairobi reporter threatened after land story
date: 2026-05-10
country: KE
member: test-press-union
violations: [threat]
victims:
  - name: Wanjiru Testperson
    role: journalist
---
A body.
"""


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("changed")
    base = build_ok(FIXTURES / "minimal", root / "out-base")
    content = Path(shutil.copytree(FIXTURES / "minimal", root / "content"))
    (content / "alerts" / "2026" / "ke-reporter-threatened.md").write_text(NEW_ALERT, encoding="utf-8")
    update = content / "alerts" / "2026" / "gh-editor-released.md"
    update.write_text(update.read_text(encoding="utf-8").replace("Editor released on bail", "Editor freed on bail"))
    (content / "alerts" / "2026" / "gh-editor-detained.fr.md").unlink()
    return base, build_ok(content, root / "out-head")


def changed(*args: str | Path) -> str:
    run = subprocess.run([sys.executable, str(TOOL), *map(str, args)], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    return run.stdout


def section(text: str, title: str) -> list[str]:
    """The list items under one '#### title' heading."""
    part = text.split(f"#### {title}\n", 1)[1].split("####", 1)[0]
    return [line for line in part.splitlines() if line.startswith("- ")]


def test_alert_pages_added_changed_and_removed_are_listed_as_links(builds):
    out = changed(*builds, "--site-url", SITE)
    assert out.startswith("<!-- changed-pages -->\n")
    alerts = section(out, "Alert pages")
    assert f"- added: [`/alerts/ke-reporter-threatened/`]({SITE}alerts/ke-reporter-threatened/)" in alerts
    assert f"- changed: [`/alerts/gh-editor-released/`]({SITE}alerts/gh-editor-released/)" in alerts
    assert f"- removed: [`/fr/alerts/gh-editor-detained/`]({SITE}fr/alerts/gh-editor-detained/)" in alerts
    assert not any("global-statement" in line for line in out.splitlines())  # untouched alert


def test_lists_and_feeds_the_alert_appears_in_are_listed_once_for_all_languages(builds):
    out = changed(*builds, "--site-url", SITE, "--limit", "1000")
    lists = section(out, "Lists and other pages")
    kenya = next(line for line in lists if "`/countries/ke/`" in line)
    assert kenya.startswith("- changed: ") and f"[ru]({SITE}ru/countries/ke/)" in kenya
    assert not any("/countries/fr/" in line or "/about/" in line for line in lists)  # unchanged
    feeds = section(out, "Feeds")
    assert any(f"[`/feeds/countries/ke.atom`]({SITE}feeds/countries/ke.atom)" in line for line in feeds)
    assert not any("/feeds/countries/fr." in line for line in feeds)
    # the detained page changed too: it no longer offers French, and names the update by its new title
    assert "alert pages: 1 added, 2 changed, 1 removed" in out


def test_long_groups_are_cut_with_a_count(builds):
    full = section(changed(*builds, "--limit", "1000"), "Feeds")
    cut = section(changed(*builds, "--limit", "3"), "Feeds")
    assert len(full) > 4 and cut[:3] == full[:3]
    assert cut[3] == f"- … and {len(full) - 3:,} more" and len(cut) == 4


def test_without_a_site_address_paths_are_shown_not_linked(builds):
    out = changed(*builds)
    assert "- added: `/alerts/ke-reporter-threatened/`" in out and "](" not in out


def test_manifests_give_the_same_comment_as_folders(builds, tmp_path):
    manifests = []
    for name, folder in zip(("base", "head"), builds, strict=True):
        path = tmp_path / f"{name}.json"
        path.write_text(changed("--manifest", folder), encoding="utf-8")
        manifests.append(path)
    assert changed(*manifests, "--site-url", SITE) == changed(*builds, "--site-url", SITE)


def test_the_same_build_changes_nothing(builds):
    base, _ = builds
    assert "No page or feed changes." in changed(base, base)
