"""A persistent, content-addressed cache of build results (one SQLite file).

Editors rebuild many times a day, and almost every file is the same as last
time. Converting Markdown and reading front matter are pure functions of a
file's text (and of the code and data that interpret it), so their results
are stored under a hash of exactly those inputs: an edited file gets a new
key, a changed renderer or vocabulary gets new keys for everything, and a
stale result can never be found. Nothing is invalidated by time or by hand.

Values are stored as they are, not compressed: decompressing every entry
and every converted text took most of a second of each rebuild at 10,000
alerts, for a file three times smaller (about 130 MB instead of 48 MB at
10,000 alerts). When the file holds much more than the last build
used (old versions of edited files, deleted files), what that build did not
use is pruned, so it stays about the size of the content it serves. A
cache that cannot be opened or written (read-only checkout, corrupt file,
another build holding the lock too long) is skipped with a warning: the
build is then slower, never wrong and never stopped.
"""

from __future__ import annotations

import ast
import functools
import gc
import hashlib
import importlib
import io
import logging
import pickle
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

log = logging.getLogger(__name__)

PRUNE_SLACK = 1000  # rows beyond twice what a build used before pruning
SCHEMA_VERSION = 3  # bump when _SCHEMA changes: an older file is emptied, not misread
_BATCH = 500  # keys per SELECT (SQLite's variable limit is 999 on old builds)
# A rowid table: values are kilobytes (entries, converted texts), and SQLite
# keeps big rows out of the key's B-tree this way. WITHOUT ROWID, as before,
# took 0.55 s to store a cold 10,000-alert build's 22,724 values and 0.24 s
# to read them back, against 0.37 s and 0.12 s (tmpfs, same rows).
_SCHEMA = """
CREATE TABLE IF NOT EXISTS results (
    kind TEXT NOT NULL,
    key BLOB NOT NULL,
    value BLOB NOT NULL,
    PRIMARY KEY (kind, key)
);
"""


def files_digest(paths: Iterable[Path], *extra: str) -> bytes:
    """A key part for "these files, as they are now" (code, data, settings)."""
    parts: list[str | bytes] = list(extra)
    for path in sorted(paths):
        parts += [path.name, path.read_bytes()]
    return digest(*parts)


def module_closure(start: Path) -> list[Path]:
    """`start` and every module of its top package it imports, transitively.

    The code a cached result depends on, found from the source itself, so
    a new import is followed without anyone remembering to list it: relative
    imports, and absolute ones of the package `start` is in
    (`from clearinghouse.content.read import …`, `from clearinghouse.site import markup`).
    """
    top = start.resolve().parent
    while (top.parent / "__init__.py").is_file():
        top = top.parent
    seen: set[Path] = set()
    todo = [start.resolve()]
    while todo:
        path = todo.pop()
        if path in seen or not path.is_file():
            continue
        seen.add(path)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                todo += _imported_files(node, path, top)
    return sorted(seen)


def _imported_files(node: ast.ImportFrom, path: Path, top: Path) -> list[Path]:
    """The files of `top`'s package that one `from … import …` may load."""
    parts = node.module.split(".") if node.module else []
    if node.level:
        base = path.parent
        for _ in range(node.level - 1):
            base = base.parent
    elif parts and parts[0] == top.name:
        base, parts = top, parts[1:]
    else:
        return []
    target = base.joinpath(*parts)
    found = [target / "__init__.py", *([target.with_suffix(".py")] if parts else [])]
    found += [target / f"{alias.name}.py" for alias in node.names]
    return [file for file in found if file.is_file()]


def package_versions(*names: str) -> str:
    """Installed versions of the libraries whose output we store."""
    from importlib.metadata import version

    return " ".join(f"{name}=={version(name)}" for name in names)


def digest(*parts: str | bytes) -> bytes:
    """A key for these inputs; each part is length-prefixed, so ("ab", "c") != ("a", "bc")."""
    h = hashlib.blake2b(digest_size=20)
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.digest()


class ResultCache:
    """Get and put values by (kind, key); `None` path = no cache."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.db: sqlite3.Connection | None = None
        self.used: set[tuple[str, bytes]] = set()  # what this build read or wrote
        self.hits = 0
        self.misses = 0
        if path is not None:
            self._open(path)

    def _open(self, path: Path) -> None:
        try:
            self.db = self._connect(path)
        except sqlite3.DatabaseError as error:  # not a database, or a damaged one: start afresh
            log.warning("build cache %s is damaged (%s); starting a new one", path, error)
            try:
                for stale in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
                    stale.unlink(missing_ok=True)
                self.db = self._connect(path)
            except (OSError, sqlite3.Error) as again:
                log.warning("build cache %s is not usable (%s); building without it", path, again)
        except (OSError, sqlite3.Error) as error:
            log.warning("build cache %s is not usable (%s); building without it", path, error)

    @staticmethod
    def _connect(path: Path) -> sqlite3.Connection:
        path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(path, timeout=30, isolation_level=None)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            (version,) = db.execute("PRAGMA user_version").fetchone()
            if version != SCHEMA_VERSION:
                db.execute("DROP TABLE IF EXISTS results")
            db.executescript(_SCHEMA)
            db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        except sqlite3.Error:
            db.close()
            raise
        return db

    def get_many(self, kind: str, keys: Iterable[bytes]) -> dict[bytes, bytes]:
        """The stored values of those keys that are present."""
        wanted = list(dict.fromkeys(keys))
        found: dict[bytes, bytes] = {}
        if self.db is not None:
            try:
                for start in range(0, len(wanted), _BATCH):
                    batch = wanted[start : start + _BATCH]
                    marks = ",".join("?" * len(batch))
                    query = f"SELECT key, value FROM results WHERE kind = ? AND key IN ({marks})"
                    for key, value in self.db.execute(query, (kind, *batch)):
                        found[key] = value
            except sqlite3.Error as error:
                self._give_up(error)
                found = {}
        self.used.update((kind, key) for key in found)
        self.hits += len(found)
        self.misses += len(wanted) - len(found)
        return found

    def put_many(self, kind: str, items: Iterable[tuple[bytes, bytes]]) -> None:
        rows = [(kind, key, value) for key, value in items]
        self.used.update((kind, key) for _, key, _ in rows)
        if self.db is None or not rows:
            return
        try:
            self.db.execute("BEGIN")
            self.db.executemany("INSERT OR REPLACE INTO results VALUES (?, ?, ?)", rows)
            self.db.execute("COMMIT")
        except sqlite3.Error as error:
            self._give_up(error)

    def close(self) -> None:
        """Prune if the file outgrew what this build used, then let go of it."""
        if self.db is None:
            return
        try:
            (stored,) = self.db.execute("SELECT count(*) FROM results").fetchone()
            if stored > 2 * len(self.used) + PRUNE_SLACK:
                self._prune()
            self.db.close()
        except sqlite3.Error as error:
            log.warning("build cache %s: %s", self.path, error)
        self.db = None

    def _prune(self) -> None:
        assert self.db is not None
        self.db.execute("CREATE TEMP TABLE keep (kind TEXT, key BLOB, PRIMARY KEY (kind, key)) WITHOUT ROWID")
        self.db.execute("BEGIN")
        self.db.executemany("INSERT OR IGNORE INTO keep VALUES (?, ?)", self.used)
        self.db.execute(
            "DELETE FROM results WHERE NOT EXISTS "
            "(SELECT 1 FROM keep WHERE keep.kind = results.kind AND keep.key = results.key)"
        )
        self.db.execute("COMMIT")

    def _give_up(self, error: Exception) -> None:
        log.warning("build cache %s failed (%s); continuing without it", self.path, error)
        try:
            if self.db is not None:
                self.db.rollback()
                self.db.close()
        except sqlite3.Error:
            pass
        self.db = None


# -- storing records --------------------------------------------------------
# Read results are records (entries, problems) with typed values; they are
# pickled, and unpickled by a loader that can only rebuild the plain types
# those records are made of. A cache file is local build output, but a
# value that names anything else (a function, a module's helper) is refused
# and treated as a miss rather than trusted.
_PLAIN = {
    ("datetime", "date"),
    ("datetime", "datetime"),
    ("datetime", "timedelta"),
    ("datetime", "timezone"),
    ("zoneinfo", "ZoneInfo"),
    ("pathlib", "PosixPath"),
    ("pathlib", "WindowsPath"),
    ("pathlib", "PurePosixPath"),
    ("builtins", "frozenset"),
    ("builtins", "set"),
}
# the modules whose classes are records: data, no behaviour beyond their fields
_RECORD_MODULES = frozenset(
    f"clearinghouse.content.{name}"
    for name in ("frontmatter", "entries", "read", "records", "problems", "vocabulary", "fields")
)


def dumps(value: object) -> bytes:
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


def loads(data: bytes) -> object:
    """Unpickle `data` if it only holds plain values and our record classes."""
    return _RecordUnpickler(io.BytesIO(data)).load()


def load(file) -> object:
    """`loads` from an open binary file, without holding all its bytes at once."""
    return _RecordUnpickler(file).load()


class _RecordUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str):
        return _allowed(module, name)


@functools.cache
def _allowed(module: str, name: str):
    if (module, name) in _PLAIN:
        return getattr(importlib.import_module(module), name)
    if module == "builtins" and name == "getattr":
        return _zoneinfo_getattr  # ZoneInfo pickles as getattr(ZoneInfo, "_unpickle")
    if module in _RECORD_MODULES and "." not in name:
        found = getattr(importlib.import_module(module), name, None)
        if isinstance(found, type) and not name.startswith("_"):
            return found
    raise pickle.UnpicklingError(f"refusing {module}.{name} in a cached record")


def _zoneinfo_getattr(owner: object, name: str):
    from zoneinfo import ZoneInfo

    if owner is ZoneInfo and name == "_unpickle":
        return ZoneInfo._unpickle
    raise pickle.UnpicklingError(f"refusing getattr({owner!r}, {name!r}) in a cached record")


@contextmanager
def gc_paused() -> Iterator[None]:
    """Unpickling thousands of records makes the cycle collector run
    hundreds of times for nothing (they are all kept); pause it.

    What was made meanwhile is then frozen (as the pipeline freezes the
    records): otherwise the first allocation after re-enabling starts a
    full collection of all of it, half a second at 10,000 alerts.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()
