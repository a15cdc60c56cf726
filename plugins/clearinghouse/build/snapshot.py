"""The last builds' read entries in one file, found again by each file's stat.

A rebuild after one edit reads 10,000 unchanged files. Looking each up in
the build cache (`render_cache`) means reading and hashing every file,
one SQLite row and one unpickling per file, and two `Path` objects each:
about 0.7 s at 10,000 alerts, most of a rebuild's serial start. Here every
entry of the last build is kept in one pickle, unpickled at once, and a
file whose size, modification and change times and inode are those it had
when it was read is not even opened (as `git status` and rsync trust
them). A file whose stat differs is read and hashed: if its bytes give the
key stored with its entry (a `touch`, a fresh checkout, a cache restored
on another machine), the entry is used all the same.

Racy files: a file's times have a coarse clock (a few milliseconds). A file
changed within `RACY_NS` of the moment the build that stored it started
reading is stored without its stat, so the next build hashes it instead of
trusting a stat that an edit in the same tick would not have changed.

The file is written in two parts so that a rebuild after one edit does not
pickle 10,000 entries again: a *base* (rewritten when much has changed, or
when the reading code, the data or the Markdown renderer changed: its
version) and a small *delta* with the records that differ from the base.
Many files with the same bytes and a new stat (a fresh checkout; files
generated just before a build, stored without their stat as racy) are not
worth pickling every entry again: their stats alone go into a third part,
*stats* (path -> stat and key), laid over the others for the records whose
key is the one given, so the next build trusts them instead of hashing
10,000 files again (about 0.25 s of every rebuild).
The same machinery keeps each file's converted texts under another name
(`texts.py`: records without a stat, found by the file's read key).
Any part that cannot be read, or that has another version, is ignored:
the files are then looked up in the build cache, never misread. Values are
unpickled as `render_cache.loads` does, building only our record classes.

Paths: every entry holds its file's `Path`, which pickles as its parts and
is parsed again when unpickled (`PurePath._from_parts`): 4.5 µs each,
0.045 s of the 0.2 s that unpickling 10,500 entries takes. Here a
`PosixPath` is pickled as its string and the parts it had, and rebuilt as
pathlib builds a path it derives from another (`_from_parsed_parts`: the
same parts, no parsing), its string given too. That needs the layout of
Python 3.11's pathlib (the project's Python, pyproject.toml); on any other,
paths pickle as they always did, and a stored one is parsed from its string.
"""

from __future__ import annotations

import copyreg
import io
import logging
import os
import pickle
from collections.abc import Iterable
from pathlib import Path, PosixPath, PurePath

from clearinghouse.build import render_cache

log = logging.getLogger(__name__)

FORMAT = 1
RACY_NS = 2_000_000_000  # a file changed this close to the read that stored it is hashed next time
KEPT = 8  # content folders whose snapshots are kept in one cache folder

Stat = tuple[int, int, int, int]  # size, mtime_ns, ctime_ns, inode
# kind, stat (None: hash the file before trusting the entry), cache key, FileResult
Record = tuple[str, "Stat | None", bytes, object]


def stat_of(result: os.stat_result) -> Stat:
    return (result.st_size, result.st_mtime_ns, result.st_ctime_ns, result.st_ino)


class EntrySnapshot:
    """One content folder's records: path -> (kind, stat, key, result)."""

    def __init__(self, cache_file: Path | None, content: Path, version: bytes, name: str = "entries") -> None:
        self.version = version
        self.name = name  # what is kept: "entries", or "texts" (converted Markdown, texts.py)
        self.base_path = self.delta_path = self.stats_path = None
        if cache_file is not None:
            self.base_path, self.delta_path = files(cache_file.parent, content, name)
            self.stats_path = self.base_path.with_name(self.base_path.name.removesuffix(".pickle") + ".stats.pickle")
        self.base: dict[str, Record] = {}
        self.delta: dict[str, Record] = {}
        self.stats: dict[str, tuple[Stat, bytes]] = {}

    @property
    def enabled(self) -> bool:
        return self.base_path is not None

    def load(self) -> dict[str, Record]:
        """Every stored record (the delta's over the base's); empty when there are none."""
        if not self.enabled:
            return {}
        self.base = self._read(self.base_path)
        self.delta = self._read(self.delta_path) if self.base else {}
        self.stats = self._read(self.stats_path) if self.base else {}  # type: ignore[assignment]
        if not (self.delta or self.stats):
            return self.base
        merged = {**self.base, **self.delta}
        for path, (stat, key) in self.stats.items():
            record = merged.get(path)
            if record is not None and record[2] == key:  # the stat was seen with these very bytes
                merged[path] = (record[0], stat, key, record[3])
        return merged

    def _read(self, path: Path) -> dict[str, Record]:
        try:
            data = path.read_bytes()
        except OSError:
            return {}
        try:
            stored = loads(data)
        except Exception as error:  # damaged, or naming a class we do not build: read the files again
            log.warning("build cache %s is not usable (%s); reading the files again", path, error)
            return {}
        if not (isinstance(stored, tuple) and len(stored) == 3 and stored[:2] == (FORMAT, self.version)):
            return {}
        records = stored[2]
        return records if isinstance(records, dict) else {}

    def save(self, records: dict[str, Record]) -> None:
        """Keep this build's records: in the delta if the base still holds most of them."""
        if not self.enabled:
            return
        base = self.base
        changed = {path: record for path, record in records.items() if _differs(base.get(path), record)}
        stale = len(base) - (len(records) - sum(1 for path in changed if path not in base))
        slack = max(256, len(records) // 20)
        # Same bytes, new stat (a fresh checkout, as on every CI run; files
        # written just before the last read): many of them are not worth
        # pickling every entry again; their stats are kept on their own.
        same_bytes = [path for path, record in changed.items() if path in base and not _new_bytes(base[path], record)]
        stats: dict[str, tuple[Stat, bytes]] = {}
        if len(same_bytes) > slack:
            for path in same_bytes:
                record = changed.pop(path)
                if record[1] is not None:
                    stats[path] = (record[1], record[2])
        try:
            if not base or len(changed) > slack or stale > slack:
                self._write(self.base_path, records)
                self.delta_path.unlink(missing_ok=True)
                self.stats_path.unlink(missing_ok=True)
                self.base, self.delta, self.stats = records, {}, {}
                stats = {}
            elif changed.keys() != self.delta.keys() or any(_differs(self.delta[p], r) for p, r in changed.items()):
                if changed:
                    self._write(self.delta_path, changed)
                else:
                    self.delta_path.unlink(missing_ok=True)
                self.delta = changed
            if stats != self.stats:
                if stats:
                    self._write(self.stats_path, stats)  # type: ignore[arg-type]
                else:
                    self.stats_path.unlink(missing_ok=True)
                self.stats = stats
            os.utime(self.base_path)  # in use: the last to be pruned
            prune(self.base_path.parent, self.name)
        except OSError as error:
            log.warning("build cache %s: cannot keep the read entries (%s)", self.base_path.parent, error)

    def _write(self, path: Path, records: dict[str, Record]) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
        with partial.open("wb") as file:  # streamed: 50-60 MB at 10,000 long alerts never all in memory at once
            pickler = pickle.Pickler(file, protocol=pickle.HIGHEST_PROTOCOL)
            pickler.dispatch_table = _DISPATCH
            pickler.dump((FORMAT, self.version, records))
        partial.replace(path)


# Python 3.11's pathlib: a path is its drive, root and parts (and its string, once made).
_PATH_LAYOUT = {"_drv", "_root", "_parts", "_str"} <= set(PurePath.__slots__) and hasattr(
    PurePath, "_from_parsed_parts"
)


def _reduce_path(path: PosixPath) -> tuple:
    return _path, (str(path), path._drv, path._root, tuple(path._parts))  # type: ignore[attr-defined]


def _path(text: str, drv: str, root: str, parts: tuple[str, ...]) -> PosixPath:
    """A stored path: as `PurePath._from_parsed_parts` makes one, with its string."""
    if not _PATH_LAYOUT:
        return PosixPath(text)
    path = object.__new__(PosixPath)
    path._drv, path._root, path._parts = drv, root, list(parts)  # type: ignore[attr-defined]
    path._str = text  # type: ignore[attr-defined]
    return path


_DISPATCH = {**copyreg.dispatch_table, **({PosixPath: _reduce_path} if _PATH_LAYOUT else {})}


def loads(data: bytes) -> object:
    """A stored part, unpickled as `render_cache.loads` does (our record classes only), paths as above."""
    return _Unpickler(io.BytesIO(data)).load()


class _Unpickler(render_cache._RecordUnpickler):
    """`render_cache.loads`' unpickler, and the stored paths above."""

    def find_class(self, module: str, name: str):
        if module == __name__ and name == "_path":
            return _path
        return super().find_class(module, name)


def files(folder: Path, content: Path, name: str = "entries") -> tuple[Path, Path]:
    """Where the base and the delta of `content`'s snapshot are kept in the cache `folder`."""
    digest = render_cache.digest(str(content.resolve())).hex()[:16]
    return folder / f"{name}-{digest}.pickle", folder / f"{name}-{digest}.delta.pickle"


def trusted(stat: Stat, started_ns: int) -> Stat | None:
    """The stat to store with a record, or None if it changed too close to this read to be trusted."""
    newest = max(stat[1], stat[2])
    return stat if newest < started_ns - RACY_NS else None


def _differs(old: Record | None, new: Record) -> bool:
    """Must the record be stored again? (Same entry and stat: the stored one serves.)"""
    return old is None or old[0] != new[0] or old[1] != new[1] or old[2] != new[2]


def _new_bytes(old: Record, new: Record) -> bool:
    return old[0] != new[0] or old[2] != new[2]


def prune(folder: Path, name: str) -> None:
    """Forget the snapshots of all but the most recently read content folders."""
    bases = sorted(_bases(folder, name), key=lambda p: p.stat().st_mtime_ns, reverse=True)
    for stale in bases[KEPT:]:
        stale.unlink(missing_ok=True)
        for part in (".delta.pickle", ".stats.pickle", ".patch.pickle"):
            stale.with_name(stale.name.removesuffix(".pickle") + part).unlink(missing_ok=True)


def _bases(folder: Path, name: str) -> Iterable[Path]:
    parts = (".delta.pickle", ".stats.pickle", ".patch.pickle")
    return (p for p in folder.glob(f"{name}-*.pickle") if not p.name.endswith(parts))
