"""How much this machine's file system charges for a page: a folder and a file in it.

    python benchmarks/fs_probe.py [FOLDER ...]      # default: the system's temporary folder

A build writes every page as a folder with an `index.html` (31,000 files in
18,000 folders at 10,000 alerts), so a cold build's time follows what the
kernel charges for making them, and on a shared machine that changes from
minute to minute: after large deletions, this project's machine charged
between 50 and 1,100 µs a page, in the kernel (docs/performance.md, part 7).
Run this before `make bench` and compare figures only from quiet minutes
(well under 100 µs here). It makes 300 folders with a 3 KB file each,
prints the cost per page, and removes them.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

PAGES = 300


def cost_per_page(parent: Path) -> float:
    """Microseconds per folder-with-a-file made under `parent`."""
    folder = Path(tempfile.mkdtemp(prefix="fs-probe-", dir=parent))
    try:
        page = b"x" * 3000
        started = time.perf_counter()
        for number in range(PAGES):
            made = folder / str(number)
            made.mkdir()
            (made / "index.html").write_bytes(page)
        return (time.perf_counter() - started) / PAGES * 1e6
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main(folders: list[str]) -> None:
    for parent in folders or [tempfile.gettempdir()]:
        print(f"{parent}: {cost_per_page(Path(parent)):.0f} µs per page (folder and file)")


if __name__ == "__main__":
    main(sys.argv[1:])
