"""Pages shared between processes: every unit rendered once, by whoever was free.

The build's own byte-for-byte comparison (test_build_speed_paths.py) shows
that sharing changes no output; this checks the hand-out itself with real
forked processes, as the feeds and search children use it.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from pathlib import Path

import pytest
from clearinghouse.build.page_share import PageShare

pytestmark = pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="needs fork")


def _helper(share: PageShare, folder: Path, delay: float) -> None:
    def publish_unit(number: int) -> tuple[int, int, list]:
        time.sleep(delay)
        (folder / f"{number}.{os.getpid()}").touch()
        return 10, 3, [(f"page-{number}/", None)]  # pages written, of which kept; the pages listed

    share.help(publish_unit)


def test_every_unit_goes_to_exactly_one_process_and_the_helpers_are_counted(tmp_path):
    share = PageShare(40)
    fork = multiprocessing.get_context("fork")
    helpers = [fork.Process(target=_helper, args=(share, tmp_path, 0.01)) for _ in range(2)]
    for helper in helpers:
        helper.start()
    mine = []
    while (number := share.claim()) is not None:
        time.sleep(0.01)
        mine.append(number)
    pages, kept, listed = share.wait(len(mine), alive=lambda: any(h.is_alive() for h in helpers))
    for helper in helpers:
        helper.join()
    theirs = [int(p.name.split(".")[0]) for p in tmp_path.iterdir()]
    assert sorted(mine + theirs) == list(range(40)), "each unit once, none lost"
    assert theirs and mine, "work was shared"
    assert len({p.name.split(".")[1] for p in tmp_path.iterdir()}) == 2, "both helpers took units"
    assert (pages, kept) == (10 * len(theirs), 3 * len(theirs))
    assert sorted(listed) == sorted((f"page-{n}/", None) for n in theirs), (
        "the helpers' pages come back for the sitemap"
    )


def test_waiting_stops_when_no_helper_is_left(tmp_path):
    share = PageShare(3)
    assert share.claim() == 0  # a helper that claimed unit 1 and 2 and then died...
    assert share.claim() == 1 and share.claim() == 2
    started = time.monotonic()
    assert share.wait(1, alive=lambda: False) == (0, 0, [])
    assert time.monotonic() - started < 1, "no helper alive: no waiting for ever"
