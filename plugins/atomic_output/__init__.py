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
import subprocess
import tempfile
from pathlib import Path

from blinker import signal
from pelican import signals

_STAGING_PREFIX = ".building-"
# A settings key: an object that may keep unchanged files of the live output
# (clearinghouse.publish.reuse.OutputReuse): `kept`, `previous_files`, `updating()`, `done(files)`.
UPDATE = "OUTPUT_UPDATE"
# Sent with the Pelican object once the output holds the new site, with the
# files this build `written` and all the output's `files` (relative names):
# Pelican's own `finalized` comes in no set order with our swap.
output_replaced = signal("atomic_output.output_replaced")


def _redirect(pelican) -> None:
    target = Path(pelican.output_path).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    for stale in target.parent.glob(f"{_STAGING_PREFIX}{target.name}-*"):
        # left by a build that stopped, or a replaced output whose detached
        # removal has not finished: removed beside this build, not before it
        # (a rebuild right after a full one would otherwise wait seconds for it)
        _remove_later(stale)
    staging = Path(tempfile.mkdtemp(prefix=f"{_STAGING_PREFIX}{target.name}-", dir=target.parent))
    pelican._final_output_path = str(target)
    pelican.output_path = str(staging)
    pelican.settings["OUTPUT_PATH"] = str(staging)
    # the live output, whose unchanged files a build may keep (clearinghouse/publish/reuse.py)
    pelican.settings["FINAL_OUTPUT_PATH"] = str(target)
    # a build that stops leaves nothing behind beside the output
    atexit.register(shutil.rmtree, staging, ignore_errors=True)


def _swap(pelican) -> None:
    final = getattr(pelican, "_final_output_path", None)
    if final is None:
        return
    staging, final = Path(pelican.output_path), Path(final)
    staging.chmod(0o755)  # mkdtemp makes it private; a served site must be readable
    update = pelican.settings.get(UPDATE)
    if update is not None and update.kept and final.is_dir():
        written, files = _update_in_place(staging, final, update)
    else:
        written = files = _files(staging)
        if update is not None:
            update.updating()
        _replace(staging, final)
    pelican.output_path = str(final)
    pelican.settings["OUTPUT_PATH"] = str(final)
    if update is not None:
        update.done(files)
    output_replaced.send(pelican, written=written, files=files)


def _replace(staging: Path, final: Path) -> None:
    """The staging folder becomes the output, in one rename."""
    if final.exists():
        retired = final.with_name(f"{_STAGING_PREFIX}{final.name}-old-{os.getpid()}")
        final.rename(retired)
        staging.rename(final)
        _remove_later(retired)
    else:
        staging.rename(final)


def _update_in_place(staging: Path, final: Path, update) -> tuple[set[str], set[str]]:
    """Move the files this build wrote into the output; delete those it no longer has.

    Every other file of the output was kept by the build (its fingerprint
    did not change), so it is already what this build would have written.
    Each file is replaced by a rename, so a reader never gets half a file.
    """
    written = _files(staging)
    update.updating()
    made: set[Path] = set()
    for name in sorted(written):
        target = final / name
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        os.replace(staging / name, target)
    now = written | update.kept
    for name in sorted(update.previous_files - now):
        _delete(final, name)
    shutil.rmtree(staging, ignore_errors=True)
    return written, now


def _delete(root: Path, name: str) -> None:
    """Remove one file and the folders it leaves empty."""
    path = root / name
    path.unlink(missing_ok=True)
    folder = path.parent
    while folder != root:
        try:
            folder.rmdir()
        except OSError:  # not empty, or already gone
            return
        folder = folder.parent


def _files(root: Path) -> set[str]:
    """Every file under `root`, as paths relative to it (what os.walk lists as files).

    A build's output has about 33,000 folders at 10,000 alerts, each read
    here at the end of every build: scandir alone, without os.walk's
    per-folder lists and path joins, takes 0.26 s instead of 0.65.
    """
    found: set[str] = set()
    pending = [("", os.fspath(root))]
    while pending:
        prefix, folder = pending.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                if not entry.is_dir():
                    found.add(prefix + entry.name)
                elif not entry.is_symlink():  # as os.walk: a linked folder is neither entered nor a file
                    pending.append((f"{prefix}{entry.name}/", entry.path))
    return found


def _remove_later(folder: Path) -> None:
    """Delete the replaced output without making the editor wait for it.

    Tens of thousands of files take seconds to unlink; a detached `rm`
    does it after the build has returned. Whatever it has not finished is
    removed at the start of the next build (the stale-folder sweep above).
    """
    rm = shutil.which("rm")
    if rm is None:
        shutil.rmtree(folder, ignore_errors=True)
        return
    subprocess.Popen(  # noqa: S603 - a fixed program on a folder this plugin named
        [rm, "-rf", "--", str(folder)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def register() -> None:
    signals.initialized.connect(_redirect)
    signals.finalized.connect(_swap)
