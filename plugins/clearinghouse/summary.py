"""What a build says when it is done, in the site's own terms.

Pelican ends a build with a count of *its* articles and pages, which this
site does not use ("Processed 0 articles, 0 drafts…"): a newcomer reads
that nothing was built. This module says instead what the site holds
(alerts and translations, members, cases, pages), how many feeds and files
it has, how many were written or kept, and how long it took; and keeps
Pelican's line out.

It speaks once the output is in place (atomic_output's `output_replaced`),
so a build that stops says only what stopped it.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pelican.log import console

REPORT = "BUILD_REPORT"  # a settings key: this build's BuildReport
_PELICANS_COUNT = "Done: Processed "


@dataclass
class BuildReport:
    started: float
    show_drafts: bool = False
    site: object | None = None  # the enriched Site, once read (enrich.Site)


def start(pelican) -> None:
    """At `initialized`: note the time, and keep Pelican's own count out."""
    show_drafts = bool(pelican.settings.get("SHOW_DRAFTS"))
    pelican.settings[REPORT] = BuildReport(started=time.monotonic(), show_drafts=show_drafts)
    _skip_pelicans_count_once()


def finish(pelican, *, written: Iterable[str], files: Iterable[str]) -> None:
    """At atomic_output's `output_replaced`: say what the build published."""
    report = pelican.settings.get(REPORT)
    if report is None or report.site is None:
        return
    seconds = time.monotonic() - report.started
    said = describe(
        report.site,
        written=set(written),
        files=set(files),
        output=_shown(pelican.output_path),
        seconds=seconds,
        drafts=report.show_drafts,
    )
    console.print(said, soft_wrap=True, highlight=False)


def describe(site, *, written: set[str], files: set[str], output: str, seconds: float, drafts: bool = False) -> str:
    """One line an editor can read: "Built 57 alerts and 9 translations, …"."""
    feeds = sum(1 for name in files if name.endswith((".atom", ".rss")))
    kept = len(files - written)
    parts = [
        f"Built {_count(len(site.alerts), 'alert')} and {_count(len(site.translations), 'translation')}",
        _count(len(site.members), "member"),
        _count(len(site.cases), "case"),
        _count(len(site.pages), "page"),
    ]
    if site.drafts:
        parts.append(_count(len(site.drafts), "draft") + (" (shown in this preview)" if drafts else " (not published)"))
    said = ", ".join(parts) + f"; {_count(feeds, 'feed file')}."
    said += f" Wrote {_count(len(written), 'file')}"
    if kept:
        said += f" and kept {kept:,} unchanged ({len(files):,} in all)"
    return said + f" into {output} in {seconds:.1f} seconds."


def _shown(path: str) -> str:
    """The output folder as the editor named it: relative to where they are, if inside."""
    folder = Path(path).resolve()
    try:
        return f"{folder.relative_to(Path.cwd())}/"
    except ValueError:
        return f"{folder}/"


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


def _skip_pelicans_count_once() -> None:
    print_ = console.print

    def print_unless_pelicans_count(*objects, **kwargs):
        if objects and isinstance(objects[0], str) and objects[0].startswith(_PELICANS_COUNT):
            console.print = print_  # the line comes once per build
            return None
        return print_(*objects, **kwargs)

    if getattr(print_, "__name__", "") != print_unless_pelicans_count.__name__:
        console.print = print_unless_pelicans_count
