"""Pelican plugin: build into a fresh folder, replace the output only on success.

A build that stops half-way (bad content, a template error) must leave the
last good site in place, so readers and the preview never see a broken or
half-written one. Pelican is pointed at a sibling temporary folder when it
starts; when it finishes, that folder takes the output's place.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

from pelican import signals

_STAGING_PREFIX = ".building-"


def _redirect(pelican) -> None:
    target = Path(pelican.output_path).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    for stale in target.parent.glob(f"{_STAGING_PREFIX}{target.name}-*"):
        shutil.rmtree(stale, ignore_errors=True)  # left by a build that stopped
    staging = Path(tempfile.mkdtemp(prefix=f"{_STAGING_PREFIX}{target.name}-", dir=target.parent))
    pelican._final_output_path = str(target)
    pelican.output_path = str(staging)
    pelican.settings["OUTPUT_PATH"] = str(staging)
    # a build that stops leaves nothing behind beside the output
    atexit.register(shutil.rmtree, staging, ignore_errors=True)


def _swap(pelican) -> None:
    final = getattr(pelican, "_final_output_path", None)
    if final is None:
        return
    staging, final = Path(pelican.output_path), Path(final)
    staging.chmod(0o755)  # mkdtemp makes it private; a served site must be readable
    if final.exists():
        retired = final.with_name(f"{_STAGING_PREFIX}{final.name}-old-{os.getpid()}")
        final.rename(retired)
        staging.rename(final)
        shutil.rmtree(retired)
    else:
        staging.rename(final)
    pelican.output_path = str(final)
    pelican.settings["OUTPUT_PATH"] = str(final)


def register() -> None:
    signals.initialized.connect(_redirect)
    signals.finalized.connect(_swap)
