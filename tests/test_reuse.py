"""A rebuild that reuses unchanged files gives the same site as a cold build.

An editor changes a few alerts and rebuilds; files whose fingerprint did
not change are kept in the live output instead of rendered again
(clearinghouse/reuse.py, atomic_output). Every rebuild here is compared, byte for byte,
with a build of the same content from nothing, and its progress line must
show that files really were reused, and that the edited ones were not.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from conftest import DEMO_CONTENT, TODAY_EPOCH, run_pelican
from test_build_speed_paths import _differences


def _build(content: Path, output: Path, cache: Path | None) -> str:
    settings = [f'CACHE_PATH="{cache}"', "BUILD_CACHE=true"] if cache else ["BUILD_CACHE=false"]
    result = run_pelican(content, output, env={"PROGRESS": "1"}, extra=("-e", *settings))
    assert result.returncode == 0, f"build failed:\n{result.stdout}\n{result.stderr}"
    return result.stderr


def _linked(log: str) -> tuple[int, int]:
    """(pages written, pages kept) from the progress line."""
    line = [x for x in log.splitlines() if x.startswith("pages written: ") and "kept" in x][-1]
    written, linked = re.match(r"pages written: ([\d,]+) .*; ([\d,]+) unchanged", line).groups()
    return int(written.replace(",", "")), int(linked.replace(",", ""))


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(scope="module")
def editor(tmp_path_factory):
    """A copy of the demo content, its output and its cache, built once."""
    root = tmp_path_factory.mktemp("reuse")
    content = root / "content"
    shutil.copytree(DEMO_CONTENT, content)
    log = _build(content, root / "site", root / "cache")
    assert _linked(log)[1] == 0  # nothing to reuse the first time
    return root, content


def _rebuild_matches_cold(root: Path, content: Path) -> tuple[int, int]:
    log = _build(content, root / "site", root / "cache")
    cold = root / "cold"
    shutil.rmtree(cold, ignore_errors=True)
    _build(content, cold, None)
    assert sum(1 for p in cold.rglob("*.html")) > 1000
    assert _differences(cold, root / "site") == []
    return _linked(log)


def test_an_unchanged_rebuild_keeps_every_page_and_feed(editor):
    root, content = editor
    feeds = sorted((root / "site" / "feeds").rglob("*.atom"))
    assert len(feeds) > 100
    inodes = [feed.stat().st_ino for feed in feeds]
    written, linked = _rebuild_matches_cold(root, content)
    assert linked == written
    assert [feed.stat().st_ino for feed in feeds] == inodes


def test_edited_texts_rerender_only_the_pages_that_show_them(editor):
    root, content = editor
    alerts = content / "alerts" / "2026"
    # the first item of a case: its title names the case on every item's page and in lists
    _edit(alerts / "pk-islamabad-reporter-abducted.md", 'title: "', 'title: "Edited: ')
    _edit(alerts / "bf-journalist-seized-ouagadougou.fr.md", 'summary: "', 'summary: "Modifié. ')
    before = (root / "site" / "alerts" / "pk-rafiq-sheikh-charged" / "index.html").stat().st_ino
    written, linked = _rebuild_matches_cold(root, content)
    assert 0 < linked < written - 20, (written, linked)
    after = root / "site" / "alerts" / "pk-rafiq-sheikh-charged" / "index.html"
    assert after.stat().st_ino != before  # another item of the case: rendered again
    assert "Edited: " in after.read_text(encoding="utf-8")


def test_an_edited_body_changes_its_own_page(editor):
    root, content = editor
    page = root / "site" / "alerts" / "pk-rafiq-sheikh-charged" / "index.html"
    unrelated = root / "site" / "about" / "index.html"
    inode = unrelated.stat().st_ino
    path = content / "alerts" / "2026" / "pk-rafiq-sheikh-charged.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nA paragraph added by the editor.\n", encoding="utf-8")
    _rebuild_matches_cold(root, content)
    assert "A paragraph added by the editor." in page.read_text(encoding="utf-8")
    assert unrelated.stat().st_ino == inode  # kept, not rendered


def test_structural_changes_rebuild_everything_needed(editor):
    root, content = editor
    alerts = content / "alerts" / "2026"
    new = alerts / "pk-rafiq-sheikh-freed.md"
    shutil.copy(alerts / "pk-rafiq-sheikh-charged.md", new)
    _edit(new, "date: 2026-10-14", "date: 2026-11-20")
    _edit(new, "case_status: ongoing", "case_status: released")
    member = next((content / "members").glob("*.md"))
    _edit(member, "name: ", "name: Renamed ")
    _rebuild_matches_cold(root, content)
    new.unlink()
    _rebuild_matches_cold(root, content)


def test_fingerprints_are_kept_per_output_folder_and_only_after_success(editor, tmp_path):
    root, content = editor
    records = sorted((root / "cache").glob("output-*.json"))
    assert len(records) == 1
    data = json.loads(records[0].read_text(encoding="utf-8"))
    assert data["output"] == str((root / "site").resolve())
    assert "index.html" in data["files"]
    broken = tmp_path / "content"
    shutil.copytree(content, broken)
    _edit(next((broken / "alerts" / "2026").glob("pk-*.md")), "country: ", "country: XX\nnation: ")
    result = run_pelican(broken, root / "site", extra=("-e", f'CACHE_PATH="{root / "cache"}"'))
    assert result.returncode == 1
    assert records[0].read_text(encoding="utf-8") == json.dumps(data, sort_keys=True, separators=(",", ":"))
    assert not list(root.glob(".building-*")), "nothing beside the output"


def test_a_new_alert_renders_only_the_pages_that_show_it(editor):
    """Older pages are numbered from the oldest, so a new alert leaves them as they are."""
    root, content = editor
    alerts = content / "alerts" / "2026"
    # (numbered pages keep theirs too, but the demo's 59 alerts fill a new page here: test_components)
    kept_pages = [root / "site" / path / "index.html" for path in ("about", "countries/no", "fr/topics/censorship")]
    inodes = [page.stat().st_ino for page in kept_pages]
    new = alerts / "zz-newest-alert.md"
    shutil.copy(alerts / "pk-rafiq-sheikh-charged.md", new)
    _edit(new, "date: 2026-10-14", "date: 2026-11-27")
    written, linked = _rebuild_matches_cold(root, content)
    assert written - linked < written // 10, (written, linked)  # the lists it is on, its case, home, act...
    assert [page.stat().st_ino for page in kept_pages] == inodes
    new.unlink()
    _rebuild_matches_cold(root, content)


def test_a_new_day_renders_only_the_pages_of_the_appeals_it_closes(editor):
    """The build's "today" decides which appeals are open, and nothing else."""
    root, content = editor
    log = _build(content, root / "site", root / "cache")  # as of the tests' day
    day_after = str(int(TODAY_EPOCH) + 40 * 86400)  # 7 January 2027: some appeals closed
    result = run_pelican(
        content,
        root / "site",
        env={"PROGRESS": "1", "SOURCE_DATE_EPOCH": day_after},
        extra=("-e", f'CACHE_PATH="{root / "cache"}"', "BUILD_CACHE=true"),
    )
    assert result.returncode == 0, result.stderr
    written, linked = _linked(result.stderr)
    assert 0 < written - linked < written // 4, (written, linked)
    cold = root / "cold-later"
    shutil.rmtree(cold, ignore_errors=True)
    later = run_pelican(content, cold, env={"SOURCE_DATE_EPOCH": day_after}, extra=("-e", "BUILD_CACHE=false"))
    assert later.returncode == 0, later.stderr
    assert _differences(cold, root / "site") == []
    assert log  # the first build above brought the site back to the tests' day
    _rebuild_matches_cold(root, content)  # and back again
