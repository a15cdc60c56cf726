"""A rebuild that reuses unchanged files gives the same site as a cold build.

An editor changes a few alerts and rebuilds; files whose fingerprint did
not change are kept in the live output instead of rendered again
(clearinghouse/publish/reuse.py, atomic_output). Every rebuild here is compared, byte for byte,
with a build of the same content from nothing, and its progress line must
show that files really were reused, and that the edited ones were not.
"""

from __future__ import annotations

import os
import re
import shutil
import time
from pathlib import Path

import pytest
from clearinghouse.build import render_cache, snapshot
from conftest import DEMO_CONTENT, TODAY_EPOCH, run_pelican
from test_build_speed_paths import _differences


def _build(content: Path, output: Path, cache: Path | None) -> str:
    settings = [f'CACHE_PATH="{cache}"', "BUILD_CACHE=true"] if cache else ["BUILD_CACHE=false"]
    result = run_pelican(content, output, env={"PROGRESS": "1"}, extra=("-e", *settings))
    assert result.returncode == 0, f"build failed:\n{result.stdout}\n{result.stderr}"
    if cache is not None:
        read = [line for line in result.stderr.splitlines() if line.startswith("files read: ")]
        (cache.parent / "last-files-read.txt").write_text(read[-1] if read else "", encoding="utf-8")
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
    # a list of other alerts is kept whole, without its pages' contexts being made (reuse.kept_group);
    # Pakistan's list shows the edited title and is written again
    elsewhere = root / "site" / "countries" / "vn" / "index.html"
    pakistan = root / "site" / "countries" / "pk" / "index.html"
    kept, rewritten = elsewhere.stat().st_ino, pakistan.stat().st_ino
    written, linked = _rebuild_matches_cold(root, content)
    assert "the last build's site" not in _files_read(root)  # front matter: the files are read
    assert 0 < linked < written - 20, (written, linked)
    assert elsewhere.stat().st_ino == kept
    assert pakistan.stat().st_ino != rewritten and "Edited: " in pakistan.read_text(encoding="utf-8")
    after = root / "site" / "alerts" / "pk-rafiq-sheikh-charged" / "index.html"
    assert after.stat().st_ino != before  # another item of the case: rendered again
    assert "Edited: " in after.read_text(encoding="utf-8")


def test_an_edited_body_changes_its_own_page(editor):
    """A body edit is made from the last build's site (site/kept.py), twice in a row (its patch)."""
    root, content = editor
    page = root / "site" / "alerts" / "pk-rafiq-sheikh-charged" / "index.html"
    unrelated = root / "site" / "about" / "index.html"
    inode = unrelated.stat().st_ino
    path = content / "alerts" / "2026" / "pk-rafiq-sheikh-charged.md"
    for added in ("A paragraph added by the editor.", "And a second one, the next day."):
        path.write_text(path.read_text(encoding="utf-8") + f"\n{added}\n", encoding="utf-8")
        _rebuild_matches_cold(root, content)
        assert "the last build's site, 1 alert texts made again" in _files_read(root)
        assert added in page.read_text(encoding="utf-8")
    assert unrelated.stat().st_ino == inode  # kept, not rendered


def test_a_body_a_translation_shows_is_not_made_from_the_kept_site(editor):
    """A translation without a body of its own shows its original's: both files make its page."""
    root, content = editor
    alerts = content / "alerts" / "2026"
    translation = alerts / "bf-journalist-seized-ouagadougou.fr.md"
    original = alerts / "bf-journalist-seized-ouagadougou.md"
    kept_translation, kept_original = translation.read_text(encoding="utf-8"), original.read_text(encoding="utf-8")
    front, _ = _split(kept_translation)
    translation.write_text(front, encoding="utf-8")  # its body taken out: the original's is shown
    _rebuild_matches_cold(root, content)
    assert "the last build's site" not in _files_read(root)
    original.write_text(kept_original + "\nA paragraph the translation shows too.\n", encoding="utf-8")
    _rebuild_matches_cold(root, content)
    assert "the last build's site" not in _files_read(root)
    page = root / "site" / "fr" / "alerts" / "bf-journalist-seized-ouagadougou" / "index.html"
    assert "A paragraph the translation shows too." in page.read_text(encoding="utf-8")
    translation.write_text(kept_translation, encoding="utf-8")
    original.write_text(kept_original, encoding="utf-8")
    _rebuild_matches_cold(root, content)


def test_front_matter_edits_of_an_untranslated_alert_are_linked_again(editor):
    """Its title, case status and date change its case, lists and neighbours: made and linked
    with the last build's site (linking.link), the same site as a cold build's."""
    root, content = editor
    path = content / "alerts" / "2026" / "pk-rafiq-sheikh-charged.md"
    kept = path.read_text(encoding="utf-8")
    _edit(path, 'title: "Adnan', 'title: "Retitled: Adnan')
    _rebuild_matches_cold(root, content)
    assert "1 alerts with new front matter" in _files_read(root)
    case = (root / "site" / "cases" / "pk-adnan-rafiq-sheikh" / "index.html").read_text(encoding="utf-8")
    assert "Retitled: Adnan" in case
    _edit(path, "case_status: ongoing", "case_status: released")
    _edit(path, "date: 2026-10-14", "date: 2026-11-25")
    _rebuild_matches_cold(root, content)
    assert "1 alerts with new front matter" in _files_read(root)
    _edit(path, "member: indus-expression-centre", "member: no-such-member")  # a problem: read every file
    result = run_pelican(content, root / "site", extra=("-e", f'CACHE_PATH="{root / "cache"}"', "BUILD_CACHE=true"))
    assert result.returncode == 1 and "names no member" in result.stdout + result.stderr
    path.write_text(kept, encoding="utf-8")
    _rebuild_matches_cold(root, content)


def test_a_damaged_kept_site_is_read_around(editor):
    root, content = editor
    for part in (root / "cache").glob("site-*.pickle"):
        part.write_bytes(b"\x80\x05not a pickle")
    path = content / "alerts" / "2026" / "pk-rafiq-sheikh-charged.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nRead from its file.\n", encoding="utf-8")
    _rebuild_matches_cold(root, content)
    assert "the last build's site" not in _files_read(root)
    path.write_text(path.read_text(encoding="utf-8") + "\nAnd kept again.\n", encoding="utf-8")
    _rebuild_matches_cold(root, content)
    assert "the last build's site, 1 alert texts made again" in _files_read(root)


def _split(text: str) -> tuple[str, str]:
    """A content file's front matter block (with its two '---' lines) and its body."""
    end = text.index("\n---\n", 4) + len("\n---\n")
    return text[:end], text[end:]


def _files_read(root: Path) -> str:
    """The "files read" progress line of the last build of the editor's site (_build keeps it)."""
    return (root / "last-files-read.txt").read_text(encoding="utf-8")


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
    records = sorted((root / "cache").glob("output-*.pickle"))
    assert len(records) == 1
    data = render_cache.loads(records[0].read_bytes())
    assert data["output"] == str((root / "site").resolve())
    assert "index.html" in data["files"]
    broken = tmp_path / "content"
    shutil.copytree(content, broken)
    _edit(next((broken / "alerts" / "2026").glob("pk-*.md")), "country: ", "country: XX\nnation: ")
    result = run_pelican(broken, root / "site", extra=("-e", f'CACHE_PATH="{root / "cache"}"'))
    assert result.returncode == 1
    assert render_cache.loads(records[0].read_bytes()) == data
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
    assert "1 new alerts" in _files_read(root)  # linked with the last build's site (site/kept.py)
    assert written - linked < written // 10, (written, linked)  # the lists it is on, its case, home, act...
    assert [page.stat().st_ino for page in kept_pages] == inodes
    new.unlink()
    _rebuild_matches_cold(root, content)


def test_a_new_alert_is_validated_as_every_file_is(editor):
    """Beside the kept site, a new alert is checked by validate's own rules: a problem stops the build."""
    root, content = editor
    new = content / "alerts" / "2026" / "zz-unknown-member.md"
    shutil.copy(content / "alerts" / "2026" / "pk-rafiq-sheikh-charged.md", new)
    text = new.read_text(encoding="utf-8")
    new.write_text(re.sub(r"(?m)^member: .*$", "member: no-such-member", text, count=1), encoding="utf-8")
    result = run_pelican(content, root / "site", extra=("-e", f'CACHE_PATH="{root / "cache"}"', "BUILD_CACHE=true"))
    assert result.returncode == 1
    assert "no-such-member" in result.stdout + result.stderr
    assert "names no member" in result.stdout + result.stderr
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
    read = [line for line in result.stderr.splitlines() if line.startswith("files read: ")][-1]
    assert "the last build's site" in read  # its appeals opened or closed as of the new day (site/kept.py)
    written, linked = _linked(result.stderr)
    assert 0 < written - linked < written // 4, (written, linked)
    cold = root / "cold-later"
    shutil.rmtree(cold, ignore_errors=True)
    later = run_pelican(content, cold, env={"SOURCE_DATE_EPOCH": day_after}, extra=("-e", "BUILD_CACHE=false"))
    assert later.returncode == 0, later.stderr
    assert _differences(cold, root / "site") == []
    assert log  # the first build above brought the site back to the tests' day
    _rebuild_matches_cold(root, content)  # and back again


def test_the_map_follows_a_new_alert_and_the_moving_window(editor):
    """Home, region and /countries/ show counts of the last 12 months: a new alert or a later day changes them."""
    root, content = editor

    def pakistan(site: Path) -> str:
        text = (site / "index.html").read_text(encoding="utf-8")
        return re.search(r'href="/countries/pk/"[^>]*><title>([^<]*)</title>', text).group(1)

    before = pakistan(root / "site")
    new = content / "alerts" / "2026" / "zz-map-alert.md"
    shutil.copy(content / "alerts" / "2026" / "pk-rafiq-sheikh-charged.md", new)
    _edit(new, "date: 2026-10-14", "date: 2026-11-27")
    _rebuild_matches_cold(root, content)
    assert pakistan(root / "site") != before
    new.unlink()
    _rebuild_matches_cold(root, content)
    assert pakistan(root / "site") == before
    # a year on, this year's alerts have left the window
    later = str(int(TODAY_EPOCH) + 365 * 86400)
    result = run_pelican(
        content,
        root / "site",
        env={"SOURCE_DATE_EPOCH": later},
        extra=("-e", f'CACHE_PATH="{root / "cache"}"', "BUILD_CACHE=true"),
    )
    assert result.returncode == 0, result.stderr
    cold = root / "cold-year-on"
    shutil.rmtree(cold, ignore_errors=True)
    assert (
        run_pelican(content, cold, env={"SOURCE_DATE_EPOCH": later}, extra=("-e", "BUILD_CACHE=false")).returncode == 0
    )
    assert _differences(cold, root / "site") == []
    assert pakistan(root / "site") != before
    _rebuild_matches_cold(root, content)  # back to the tests' day


# -- the read entries kept between builds (clearinghouse/build/snapshot.py) ----------
# The tests below are of reading files: each first forgets the kept site, which
# a rebuild after body edits or touched files takes instead (site/kept.py).
def _forget_site(root: Path, content: Path) -> None:
    for part in (root / "cache").glob("site-*.pickle"):
        part.unlink()


def _snapshot_records(root: Path, content: Path) -> dict:
    """Every read entry the cache keeps: path -> (kind, stat or None, key, result); the delta over the base."""
    records: dict = {}
    for part in snapshot.files(root / "cache", content):
        if part.exists():
            records.update(snapshot.loads(part.read_bytes())[2])
    return records


def _trusted_stat(root: Path, content: Path, path: Path) -> None:
    """Rebuild until the cache trusts `path`'s stat (not changed just before a build read it)."""
    for _ in range(2):
        if _snapshot_records(root, content)[str(path)][1] is not None:
            return
        time.sleep(snapshot.RACY_NS / 1e9 + 0.1)
        _forget_site(root, content)
        _build(content, root / "site", root / "cache")
    assert _snapshot_records(root, content)[str(path)][1] is not None


def test_an_edit_that_keeps_the_size_and_time_of_a_file_is_seen(editor):
    """Size and modification time can be kept by tools (rsync -t, a restored backup); the change time cannot."""
    root, content = editor
    path = (content / "alerts" / "2026" / "bf-kabore-sawadogo-still-held.md").resolve()
    _trusted_stat(root, content, path)
    before = path.stat()
    text = path.read_text(encoding="utf-8")
    assert "VPS reiterates its call" in text
    path.write_text(text.replace("VPS reiterates its call", "VPS REITERATES its call", 1), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (path.stat().st_size, path.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    _forget_site(root, content)
    _rebuild_matches_cold(root, content)
    assert "the last build's site" not in _files_read(root)
    page = root / "site" / "alerts" / "bf-kabore-sawadogo-still-held" / "index.html"
    assert "VPS REITERATES its call" in page.read_text(encoding="utf-8")


def test_a_touched_file_is_found_by_its_bytes_not_read_again(editor):
    root, content = editor
    path = (content / "alerts" / "2026" / "bf-kabore-sawadogo-still-held.md").resolve()
    key = _snapshot_records(root, content)[str(path)][2]
    os.utime(path)  # as a fresh checkout or a restored cache would leave it: new times, same bytes
    _build(content, root / "site", root / "cache")
    assert "the last build's site, 0 alert texts made again" in _files_read(root)
    os.utime(path)
    _forget_site(root, content)
    _build(content, root / "site", root / "cache")
    assert "all from cache" in _files_read(root)
    assert _snapshot_records(root, content)[str(path)][2] == key
    _rebuild_matches_cold(root, content)


def test_a_damaged_snapshot_is_read_around_not_trusted(editor):
    root, content = editor
    base, _ = snapshot.files(root / "cache", content)
    base.write_bytes(b"\x80\x05not a pickle")
    path = content / "alerts" / "2026" / "bf-kabore-sawadogo-still-held.md"
    _edit(path, "VPS REITERATES its call", "VPS reiterates its call")
    _forget_site(root, content)
    _rebuild_matches_cold(root, content)
    assert str(path.resolve()) in _snapshot_records(root, content)  # written again, whole


def test_a_stat_is_trusted_only_when_older_than_the_read():
    started = 10 * snapshot.RACY_NS
    old = (100, started - snapshot.RACY_NS - 1, started - snapshot.RACY_NS - 1, 7)
    assert snapshot.trusted(old, started) == old
    assert snapshot.trusted((100, old[1], started - 1, 7), started) is None  # changed (ctime) just before the read
    assert snapshot.trusted((100, started + 5, old[2], 7), started) is None


def test_many_files_with_new_stats_and_the_same_bytes_are_trusted_next_time(tmp_path):
    """Files generated (or checked out) just before a build are stored without their stat;
    once their stats can be trusted they go into a small stats part, not a new base,
    and the next load trusts them (the build does not hash every file again)."""
    cache, content = tmp_path / "build.sqlite", tmp_path / "content"
    paths = [f"/c/alerts/{n}.md" for n in range(400)]  # more than the slack (256): not the delta's job
    racy = {p: ("alert", None, p.encode(), f"entry {p}") for p in paths}
    first = snapshot.EntrySnapshot(cache, content, b"v1")
    first.load()
    first.save(racy)
    base, _ = snapshot.files(tmp_path, content)
    written = base.read_bytes()

    trusted = {p: ("alert", (10, 1, 1, n), p.encode(), f"entry {p}") for n, p in enumerate(paths)}
    trusted[paths[0]] = ("alert", (11, 2, 2, 0), b"new bytes", "edited")  # one file really changed
    second = snapshot.EntrySnapshot(cache, content, b"v1")
    assert second.load() == racy
    second.save(trusted)
    assert base.read_bytes() == written  # the 400 entries were not pickled again
    assert base.with_name(base.name.replace(".pickle", ".stats.pickle")).exists()

    third = snapshot.EntrySnapshot(cache, content, b"v1")
    assert third.load() == trusted  # the edit from the delta, every other file by its new stat
    third.save(trusted)  # nothing changed: nothing written
    assert snapshot.EntrySnapshot(cache, content, b"v1").load() == trusted
    # a stat stored with other bytes than the record's is never laid over it
    stats_only = snapshot.EntrySnapshot(cache, content, b"v1")
    stats_only.load()
    stats_only._write(stats_only.stats_path, {paths[1]: ((12, 3, 3, 1), b"other bytes")})
    assert snapshot.EntrySnapshot(cache, content, b"v1").load()[paths[1]] == racy[paths[1]]  # hashed next time
    assert snapshot.EntrySnapshot(cache, content, b"v2").load() == {}  # other reading code: nothing


def test_a_build_without_children_keeps_its_site_too(tmp_path):
    """With one worker no child is forked: the build's own process keeps the site (parallel.run_spare_here)."""
    cache = tmp_path / "cache"
    settings = ("-e", "BUILD_WORKERS=1", f'CACHE_PATH="{cache}"', "BUILD_CACHE=true")
    first = run_pelican(DEMO_CONTENT, tmp_path / "site", env={"PROGRESS": "1"}, extra=settings)
    assert first.returncode == 0, first.stderr
    assert len(list(cache.glob("site-*.pickle"))) == 1
    again = run_pelican(DEMO_CONTENT, tmp_path / "site", env={"PROGRESS": "1"}, extra=settings)
    assert again.returncode == 0, again.stderr
    assert "the last build's site, 0 alert texts made again" in again.stderr
