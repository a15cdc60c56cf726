"""The fast paths give the same site as the plain one, byte for byte.

The demo content is built five times with the real CLI: serially with no
cache (the reference), by worker processes into an empty cache, again
from that cache (the last build's site, site/kept.py), from its
read files alone (the kept site removed), and as a big archive is built
(the search index and the feeds in the build's own process,
SEARCH_CHILD_MAX_ALERTS and FEEDS_CHILD_MAX_ALERTS). The first four builds'
progress lines prove which path each took, so this cannot pass by quietly
taking the slow path every time. The cache's
own failure modes (corrupt file, a poisoned record) and the progress switch
are checked without building.
"""

from __future__ import annotations

import filecmp
import pickle
import sqlite3
from pathlib import Path

import pytest
from clearinghouse.build import progress, render_cache
from clearinghouse.build.render_cache import ResultCache
from clearinghouse.site.markup import MarkdownRenderer, render_all
from conftest import DEMO_CONTENT, run_pelican


def _build(output: Path, *, workers: int, cache: Path | None, more: tuple[str, ...] = ()) -> str:
    """Build the demo; return its progress lines."""
    settings = [f'CACHE_PATH="{cache}"', "BUILD_CACHE=true"] if cache else ["BUILD_CACHE=false"]
    extra = ("-e", f"BUILD_WORKERS={workers}", *settings, *more)
    result = run_pelican(DEMO_CONTENT, output, env={"PROGRESS": "1"}, extra=extra)
    assert result.returncode == 0, f"build failed:\n{result.stdout}\n{result.stderr}"
    return result.stderr


@pytest.fixture(scope="module")
def three_builds(tmp_path_factory):
    root = tmp_path_factory.mktemp("speed")
    cache = root / "cache"
    serial = _build(root / "serial", workers=1, cache=None)
    parallel = _build(root / "parallel", workers=2, cache=cache)
    cached = _build(root / "cached", workers=2, cache=cache)
    for kept_site in cache.glob("site-*.pickle"):  # what a rebuild takes instead of reading (site/kept.py)
        kept_site.unlink()
    read = _build(root / "read", workers=2, cache=cache)
    # as a big archive is built: the search index and the feeds in the build's own process, no child
    big = _build(root / "big", workers=2, cache=None, more=("SEARCH_CHILD_MAX_ALERTS=0", "FEEDS_CHILD_MAX_ALERTS=0"))
    return root, {"serial": serial, "parallel": parallel, "cached": cached, "read": read, "big": big}


def _stage(log: str, label: str) -> str:
    lines = [line for line in log.splitlines() if line.startswith(f"{label}: ")]
    assert lines, f"no '{label}' progress line in:\n{log}"
    return lines[-1]


def test_each_build_took_the_path_it_was_asked_to(three_builds):
    _, logs = three_builds
    for label in ("files read", "texts converted"):
        assert "0 from cache, the rest by this process" in _stage(logs["serial"], label)
        assert "0 from cache, the rest by 2 worker processes" in _stage(logs["parallel"], label)
        assert "all from cache" in _stage(logs["read"], label)
    assert "the last build's site, 0 alert texts made again" in _stage(logs["cached"], "files read")
    shared = "by the feeds and search processes"  # pages offered to the children (clearinghouse/build/page_share.py)
    assert shared not in _stage(logs["serial"], "pages written")
    assert shared in _stage(logs["parallel"], "pages written")
    assert "the rest by 2 worker processes" in _stage(logs["big"], "texts converted")
    assert "; 0 by the feeds and search processes" in _stage(logs["big"], "pages written")


def test_progress_counts_every_feed_written(three_builds):
    """Feeds report their own stage, from the feeds child or from the build's own process."""
    root, logs = three_builds
    for name, log in logs.items():
        # alert_feeds' files; the weekly digest's feeds (feeds/digest.*) are written by weekly_digest
        feeds = sum(1 for p in (root / name).rglob("*") if p.suffix in (".atom", ".rss") and p.stem != "digest")
        assert feeds > 100
        assert _stage(log, "feeds written").startswith(f"feeds written: {feeds:,} ("), name


def _differences(left: Path, right: Path) -> list[str]:
    """Every file that is missing on one side or differs in any byte."""
    found = []
    comparison = filecmp.dircmp(left, right)
    stack = [(comparison, Path())]
    while stack:
        current, where = stack.pop()
        found += [str(where / name) for name in current.left_only + current.right_only + current.funny_files]
        _, mismatch, errors = filecmp.cmpfiles(current.left, current.right, current.common_files, shallow=False)
        found += [str(where / name) for name in mismatch + errors]
        stack += [(sub, where / name) for name, sub in current.subdirs.items()]
    return sorted(found)


@pytest.mark.parametrize("path", ["parallel", "cached", "read", "big"])
def test_output_is_byte_identical_to_the_serial_uncached_build(three_builds, path):
    root, _ = three_builds
    assert sum(1 for p in (root / "serial").rglob("*") if p.is_file()) > 100  # a real site was compared
    assert _differences(root / "serial", root / path) == []


# -- the cache on its own -------------------------------------------------------
TRICKY = [
    "Footnote[^1] and an abbreviation: HTML.\n\n[^1]: The note.\n\n*[HTML]: Hyper Text",
    "| a | b |\n|---|---|\n| 1 | 2 |\n",
    "<script>alert(1)</script> and <a href='javascript:x'>link</a>",
    "Ünïcödé — «guillemets» и кириллица, العربية\n\n- one\n- two\n",
    "Footnote again[^1].\n\n[^1]: A second document's note keeps its own numbering.",
]


def test_parallel_and_cached_conversion_equal_one_renderer(tmp_path):
    texts = TRICKY * 20  # above the serial threshold, so the pool runs
    expected = {text: MarkdownRenderer()(text) for text in TRICKY}
    cache = ResultCache(tmp_path / "c.sqlite")
    assert render_all(texts, workers=2, cache=cache) == expected
    assert cache.misses == len(TRICKY)
    again = ResultCache(tmp_path / "c.sqlite")
    assert render_all(texts, workers=2, cache=again) == expected
    assert again.hits == len(TRICKY) and again.misses == 0


def test_a_corrupt_cache_file_is_replaced_not_fatal(tmp_path, caplog):
    broken = tmp_path / "c.sqlite"
    broken.write_bytes(b"this is not a database" * 100)
    cache = ResultCache(broken)
    assert render_all(["*hello*"], cache=cache) == {"*hello*": "<p><em>hello</em></p>"}
    cache.close()
    assert "is damaged" in caplog.text
    again = ResultCache(broken)
    assert render_all(["*hello*"], cache=again) == {"*hello*": "<p><em>hello</em></p>"}
    assert again.hits == 1


def test_a_cache_file_of_another_layout_is_emptied_and_reused(tmp_path):
    path = tmp_path / "c.sqlite"
    old = sqlite3.connect(path)
    old.execute("CREATE TABLE results (kind TEXT, key BLOB, value BLOB, used INTEGER, PRIMARY KEY (kind, key))")
    old.execute("INSERT INTO results VALUES ('html', x'00', x'00', 1)")
    old.commit()
    old.close()
    first = ResultCache(path)
    assert render_all(["*hello*"], cache=first) == {"*hello*": "<p><em>hello</em></p>"}
    first.close()
    again = ResultCache(path)
    assert render_all(["*hello*"], cache=again) == {"*hello*": "<p><em>hello</em></p>"}
    assert again.hits == 1


def test_an_unwritable_cache_folder_only_slows_the_build(tmp_path, caplog):
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache folder should be")
    cache = ResultCache(blocker / "c.sqlite")
    assert render_all(["*hello*"], cache=cache) == {"*hello*": "<p><em>hello</em></p>"}
    assert "not usable" in caplog.text


def test_a_cached_record_naming_a_function_is_refused():
    class Evil:
        def __reduce__(self):
            import os

            return (os.system, ("true",))

    with pytest.raises(pickle.UnpicklingError):
        render_cache.loads(pickle.dumps(Evil()))


def test_unused_rows_are_pruned_once_the_file_outgrows_the_build(tmp_path, monkeypatch):
    monkeypatch.setattr(render_cache, "PRUNE_SLACK", 0)
    path = tmp_path / "c.sqlite"
    first = ResultCache(path)
    first.put_many("html", [(bytes([i]), b"old") for i in range(10)])
    first.close()
    second = ResultCache(path)
    assert second.get_many("html", [bytes([0])]) == {bytes([0]): b"old"}
    second.close()
    rows = sqlite3.connect(path).execute("SELECT key FROM results").fetchall()
    assert rows == [(bytes([0]),)]


@pytest.mark.parametrize(
    ("env", "setting", "tty", "shown"),
    [
        ({}, None, True, True),
        ({}, None, False, False),
        ({"CI": "true"}, None, True, False),
        ({"CI": "true", "PROGRESS": "1"}, None, False, True),
        ({"PROGRESS": "0"}, True, True, False),
        ({}, False, True, False),
        ({}, True, False, True),
    ],
)
def test_progress_shows_on_a_terminal_outside_ci_unless_told(monkeypatch, env, setting, tty, shown):
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("PROGRESS", raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)

    class Stream:
        def isatty(self) -> bool:
            return tty

    assert progress.wanted(setting, Stream()) is shown
