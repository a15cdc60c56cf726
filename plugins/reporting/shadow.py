"""Judge new files with the whole content folder, before writing them.

The new files go into a shadow of the content folder (its folders made
anew, its files linked, not copied) and the build's own `load` reads and
validates it, so a report meets every rule a committed file meets: its
fields, its member, its case, its id against every other id. Only when
nothing is wrong are the files written into the real folder; a running
`make serve` never sees a file that is about to be refused.
"""

from __future__ import annotations

import dataclasses
import os
import tempfile
from pathlib import Path

from clearinghouse.content.problems import InvalidContent, Problems
from clearinghouse.pipeline import load

from .archive import SETTINGS, options


def judge(content: Path, files: dict[Path, str], settings: Path = SETTINGS) -> Problems:
    """Every problem the content folder would have with `files` added
    (path under `content` -> text); empty when it would build."""
    problems = Problems(root=Path.cwd())
    with tempfile.TemporaryDirectory(prefix="report-") as folder:
        shadow = Path(folder) / "content"
        _mirror(content, shadow)
        for path, text in files.items():
            target = shadow / path.relative_to(content)
            if target.exists() or target.is_symlink():
                problems.add(path, "", "a file of that name exists already; nothing was overwritten", found=str(path))
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        if problems:
            return problems
        try:
            load(options(shadow, settings))
        except InvalidContent as stop:
            for problem in stop.problems.items:
                problems.items.append(dataclasses.replace(problem, path=_real_path(problem.path, shadow, content)))
    return problems


def _mirror(content: Path, shadow: Path) -> None:
    """Folders made anew, files linked: reading follows the links."""
    for where, folders, names in os.walk(content):
        folders[:] = [name for name in folders if not name.startswith(".")]
        target = shadow / Path(where).relative_to(content)
        target.mkdir(parents=True, exist_ok=True)
        for name in names:
            (target / name).symlink_to(Path(where, name).resolve())


def _real_path(shown: str, shadow: Path, content: Path) -> str:
    """A new file's path as it will be in the real folder (existing files
    already show theirs: the problem's path was resolved through the link),
    relative to the working folder like every other path of a report."""
    try:
        path = content / Path(shown).resolve().relative_to(shadow.resolve())
    except ValueError:
        return shown
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
