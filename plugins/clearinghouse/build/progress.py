"""Progress of long builds, on a terminal only.

A 50,000-alert build takes minutes; an editor at a terminal should see it
move (files read, texts converted, pages and feeds written). CI logs must stay
readable, so progress is shown only when stderr is a terminal and CI is not
set, unless the PROGRESS environment variable (1/0) or the BUILD_PROGRESS
setting (True/False) says otherwise.

Progress is whole lines: a running count at most every two seconds, and a
summary when a stage ends. No carriage returns or cursor codes: on a
terminal Pelican draws its own spinner and passes our stderr lines through
above it, where redrawing one line in place would garble both.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

INTERVAL = 2.0  # seconds between running counts


def wanted(setting: bool | None = None, stream: TextIO | None = None) -> bool:
    """Show progress? PROGRESS env var, then the setting, then: a terminal, not CI."""
    forced = os.environ.get("PROGRESS", "").strip().lower()
    if forced in ("1", "true", "yes", "on"):
        return True
    if forced in ("0", "false", "no", "off"):
        return False
    if setting is not None:
        return bool(setting)
    stream = stream or sys.stderr
    ci = os.environ.get("CI", "").strip().lower() not in ("", "0", "false")
    return not ci and stream.isatty()


class Stage:
    """One counted step of the build ("files read")."""

    def __init__(self, progress: Progress, label: str) -> None:
        self.progress = progress
        self.label = label
        self.count = 0
        self.note = ""  # said after the count when the stage ends ("9,990 from cache")
        self.started = self._shown = time.monotonic()

    def advance(self, count: int = 1) -> None:
        self.count += count
        now = time.monotonic()
        if now - self._shown >= INTERVAL:
            self._shown = now
            self.progress.line(f"{self.label}: {self.count:,}…")

    def finish(self) -> None:
        seconds = time.monotonic() - self.started
        note = f"; {self.note}" if self.note else ""
        self.progress.line(f"{self.label}: {self.count:,} ({seconds:.1f} s{note})")


class Progress:
    """Stages of a build, shown on `stream` (stderr) when `enabled`."""

    def __init__(self, enabled: bool, stream: TextIO | None = None) -> None:
        self.enabled = enabled
        self.stream = stream

    @contextmanager
    def stage(self, label: str) -> Iterator[Stage]:
        stage = Stage(self, label)
        yield stage
        stage.finish()

    def line(self, text: str) -> None:
        if self.enabled:
            stream = self.stream or sys.stderr  # looked up late: Pelican may have wrapped it
            stream.write(text + "\n")
            stream.flush()
