"""A timeline of one build: wall and CPU seconds at each stage, in every process.

    PYTHONPATH=plugins SOURCE_DATE_EPOCH=1795867200 PROGRESS=0 \\
        .venv/bin/python benchmarks/timeline.py CONTENT -s publishconf.py -o OUT -e 'CACHE_PATH="CACHE"'

Runs `pelican` with those arguments in this process, with the stages of
our plugins wrapped: each prints `[pid] wall cpu > stage` when it starts
and `<` when it ends, on stderr. The forked feeds and search children print
their own lines (their CPU is their own, from the fork), and each unit of
pages says what it cost (`unit lists:fr:0 cpu … wall …`). Unlike
breakdown.py it shows what runs in parallel, which is what a rebuild's
wall time is made of (docs/performance.md). Run it after an edit of the
content to time a rebuild; a second run with nothing changed keeps
everything.
"""

from __future__ import annotations

import importlib
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "plugins"))

STARTED, CPU = time.perf_counter(), time.process_time()
STAGES = (
    ("clearinghouse.content.read", "read_content", "clearinghouse.pipeline"),
    ("clearinghouse.site.kept", "Kept.rebuilt", None),
    ("clearinghouse.build.snapshot", "EntrySnapshot.save", None),
    ("clearinghouse.pipeline", "check_images", None),
    ("clearinghouse.pipeline", "validate", None),
    ("clearinghouse.pipeline", "convert", None),
    ("clearinghouse.pipeline", "enrich", None),
    ("clearinghouse.generator", "AlertSiteGenerator.generate_context", None),
    ("clearinghouse.generator", "AlertSiteGenerator.help_with_pages", None),
    ("clearinghouse.publish.reuse", "OutputReuse.from_settings", None),
    ("clearinghouse.publish.publisher", "Publisher.publish", None),
    ("clearinghouse.publish.publisher", "Publisher.write_sitemap", None),
    ("alert_feeds.generator", "FeedsGenerator.write_all", None),
    ("alert_search.generator", "SearchIndexGenerator._write", None),
    ("open_data.generator", "OpenDataGenerator.write_all", None),
    ("weekly_digest.generator", "DigestGenerator.write_all", None),
    ("atomic_output", "_swap", None),
)


def say(what: str) -> None:
    wall, cpu = time.perf_counter() - STARTED, time.process_time() - CPU
    sys.stderr.write(f"[{os.getpid()}] {wall:6.3f} cpu {cpu:6.3f} {what}\n")


def wrapped(function, label: str):
    def timed(*args, **kwargs):
        say(f"> {label}")
        try:
            return function(*args, **kwargs)
        finally:
            say(f"< {label}")

    return timed


def wrap(module_name: str, path: str, also_in: str | None) -> None:
    """Replace `module.path` (a function or Class.method) with a timed one; `also_in`
    is a module that imported the function by name."""
    owner = importlib.import_module(module_name)
    *classes, name = path.split(".")
    for part in classes:
        owner = getattr(owner, part)
    timed = wrapped(getattr(owner, name), path)
    setattr(owner, name, timed)
    if also_in is not None:
        setattr(importlib.import_module(also_in), name, timed)


def time_units() -> None:
    """Each unit of pages (a language's lists, a slice of its alert pages): its CPU and wall time."""
    from clearinghouse.publish.publisher import Publisher

    publish_unit = Publisher.publish_unit

    def timed(self, unit):
        cpu, wall = time.process_time(), time.perf_counter()
        try:
            return publish_unit(self, unit)
        finally:
            sys.stderr.write(
                f"[{os.getpid()}] unit {unit.kind}:{unit.lang}:{unit.part} "
                f"cpu {time.process_time() - cpu:.3f} wall {time.perf_counter() - wall:.3f}\n"
            )

    Publisher.publish_unit = timed


def main() -> None:
    say("start")
    from pelican import main as pelican_main

    say("pelican imported")
    for module_name, path, also_in in STAGES:
        wrap(module_name, path, also_in)
    time_units()
    sys.argv = ["pelican", *sys.argv[1:]]
    try:
        pelican_main()
    finally:
        say("end")


if __name__ == "__main__":
    main()
