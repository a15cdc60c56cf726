"""`render_cache.module_closure`, kept between builds under the bytes of its package.

The read cache's version covers the code that reads a file: `read.py` and
every module of its package that it imports, found by parsing their
source (`render_cache.module_closure`: 11 files, about 0.03 s of the
serial start of every build, before anything else can start). What it
finds depends on nothing but the package's `.py` files: which exist
(candidates are looked for under the package) and what they say. So the
closure is kept in the cache folder under a digest of exactly that, every
`.py` file under the package with its path and bytes (about 50 files,
2 ms), and found again by parsing only when one of them changed. A
package with a linked folder, or a kept file that cannot be read, is
parsed as before.
"""

from __future__ import annotations

import logging
import os
import pickle
from pathlib import Path

from clearinghouse.build import render_cache

log = logging.getLogger(__name__)

NAME = "closures.pickle"
KEPT = 8  # closures kept: one per version of the code, the newest


def module_closure(start: Path, folder: Path | None) -> list[Path]:
    """`render_cache.module_closure(start)`, kept in `folder` (None: not kept)."""
    key = _package_key(start) if folder is not None else None
    if key is None:
        return render_cache.module_closure(start)
    kept = _read(folder / NAME)
    found = kept.get(key)
    if isinstance(found, list) and all(isinstance(p, str) for p in found):
        return [Path(p) for p in found]
    closure = render_cache.module_closure(start)
    kept.pop(key, None)
    kept[key] = [str(p) for p in closure]
    _write(folder / NAME, dict(list(kept.items())[-KEPT:]))
    return closure


def _package_key(start: Path) -> bytes | None:
    """A digest of everything `module_closure(start)` reads, or None if that cannot be told."""
    start = start.resolve()
    top = start.parent  # the top package, as module_closure finds it
    while (top.parent / "__init__.py").is_file():
        top = top.parent
    parts: list[str | bytes] = [str(start), str(top)]
    for folder, names, files in os.walk(top):
        if any(os.path.islink(os.path.join(folder, name)) for name in names):
            return None  # os.walk would not enter it, module_closure would
        names.sort()
        for name in sorted(files):
            if name.endswith(".py"):
                path = os.path.join(folder, name)
                try:
                    with open(path, "rb") as file:
                        parts += [path, file.read()]
                except OSError:
                    return None
    return render_cache.digest(*parts)


def _read(path: Path) -> dict[bytes, object]:
    try:
        stored = render_cache.loads(path.read_bytes())
    except Exception:  # none yet, damaged, or from other code: parse again
        return {}
    return stored if isinstance(stored, dict) else {}


def _write(path: Path, kept: dict[bytes, object]) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
        partial.write_bytes(pickle.dumps(kept, protocol=pickle.HIGHEST_PROTOCOL))
        partial.replace(path)
    except OSError as error:
        log.warning("build cache %s: cannot keep the code's closure (%s)", path.parent, error)
