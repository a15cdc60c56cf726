"""Progress of long builds, on a terminal only.

A 50,000-alert build takes minutes; an editor at a terminal should see it
move (files read, texts converted, pages written). CI logs must stay
readable, so progress is shown only when stderr is a terminal and CI is not
set, unless the PROGRESS environment variable (1/0) or the BUILD_PROGRESS
setting (True/False) says otherwise. On a terminal one line is redrawn at
most ten times a second; elsewhere (forced on) each stage prints one line.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

_INTERVAL = 0.1  # seconds between redraws


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
        self.started = time.monotonic()
        self._drawn = 0.0

    def advance(self, count: int = 1) -> None:
        self.count += count
        now = time.monotonic()
        if self.progress.live and now - self._drawn >= _INTERVAL:
            self._drawn = now
            self.progress.draw(f"{self.label}: {self.count:,}")

    def finish(self) -> None:
        seconds = time.monotonic() - self.started
        note = f"; {self.note}" if self.note else ""
        self.progress.line(f"{self.label}: {self.count:,} ({seconds:.1f} s{note})")


class Progress:
    """Stages of a build, shown on `stream` when `enabled`."""

    def __init__(self, enabled: bool, stream: TextIO | None = None) -> None:
        self.enabled = enabled
        self.stream = stream or sys.stderr
        self.live = enabled and self.stream.isatty()

    @contextmanager
    def stage(self, label: str) -> Iterator[Stage]:
        stage = Stage(self, label)
        yield stage
        stage.finish()

    def draw(self, text: str) -> None:
        self.stream.write("\r\x1b[K" + text)
        self.stream.flush()

    def line(self, text: str) -> None:
        if not self.enabled:
            return
        self.stream.write(("\r\x1b[K" if self.live else "") + text + "\n")
        self.stream.flush()
