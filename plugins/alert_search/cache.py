"""Shard files from earlier builds, reused when nothing they depend on changed.

Editors rebuild many times a day and almost every shard is the same as last
time (only the newest period takes new alerts). A shard's files are a pure
function of its search documents, the job's options, this package's code and
lunr.py's version, so they are stored under a hash of exactly those: a
changed alert, label or line of code gives a new key, and a stale entry can
never be found. One file per shard in `CACHE_PATH/search/`; after a build,
the entries it did not use are deleted. `BUILD_CACHE = False` (the build
cache switch in pelicanconf.py) turns it off. A cache that cannot be read or
written only makes the build slower, never wrong.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import tempfile
from functools import cache
from importlib.metadata import version
from pathlib import Path

from clearinghouse.site import fingerprint

from .build import File, ShardFiles, ShardJob, encode
from .documents import Placed

log = logging.getLogger(__name__)


@cache
def code_version() -> str:
    """This package's source and lunr.py's version: what turns documents into files."""
    digest = hashlib.sha256(f"lunr=={version('lunr')}".encode())
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()


def job_key(job: ShardJob, environment: str = "") -> str:
    """A shard's key: its documents, or, for alerts only placed, their tokens and the environment.

    A placed alert's document is a function of the alert and its
    translations (their addresses and content digests), of the languages
    (labels) and of what `environment` digests
    (labels, members, today, the code): so the key needs no document, and a rebuild makes
    documents only for the shards whose key is new.
    """
    items = job.shard.docs
    if items and isinstance(items[0], Placed):
        contents: list = [environment, items[0].languages, [item.token for item in items]]
    else:
        contents = [[d.fields, d.facets, d.display, d.translations] for d in items]
    payload = encode([code_version(), job.shard.period, job.stem, job.chunk, contents])
    return hashlib.sha256(payload).hexdigest()


def environment(site, code: str | None = None) -> str:
    """What a document depends on besides its alert: code, data and library
    versions (labels, dates), the members' files (names), the build's today
    (whether an appeal is open) and the languages. `code`: fingerprint.code_digest(), if made already."""
    return fingerprint.digest(
        code or fingerprint.code_digest(),
        site.today.isoformat(),
        ",".join(site.languages),
        *(member.digest for member in site.members.values()),
    )


class ShardCache:
    """Built shard files by key, one pickle file each; `None` folder = no cache."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.used: set[str] = set()
        self.hits = 0

    @classmethod
    def from_settings(cls, settings: dict) -> ShardCache:
        if not settings.get("BUILD_CACHE", True) or not settings.get("CACHE_PATH"):
            return cls(None)
        return cls(Path(settings["CACHE_PATH"]) / "search")

    def load(self, key: str, job: ShardJob) -> ShardFiles | None:
        if self.folder is None:
            return None
        self.used.add(key)
        try:
            index, texts, translations, terms = pickle.loads((self.folder / f"{key}.pickle").read_bytes())
            self.hits += 1
            return ShardFiles(
                shard=job.shard,
                index=File(*index),
                texts=tuple(File(*t) for t in texts),
                translations=tuple((lang, chunk, File(*f)) for lang, chunk, f in translations),
                terms=terms,
            )
        except FileNotFoundError:
            return None
        except Exception as error:  # a damaged entry is a miss
            log.warning("search cache: ignoring %s (%s)", key, error)
            return None

    def save(self, key: str, files: ShardFiles) -> None:
        if self.folder is None:
            return
        self.used.add(key)
        payload = pickle.dumps(
            (
                (files.index.name, files.index.data),
                [(t.name, t.data) for t in files.texts],
                [(lang, chunk, (f.name, f.data)) for lang, chunk, f in files.translations],
                files.terms,
            )
        )
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
            with os.fdopen(handle, "wb") as out:
                out.write(payload)
            os.replace(temporary, self.folder / f"{key}.pickle")
        except OSError as error:
            log.warning("search cache: cannot write %s (%s)", self.folder, error)

    def value(self, key: str, make):
        """`make()`, or what it gave when a build asked with the same key (`key` names all it depends on)."""
        if self.folder is None:
            return make()
        self.used.add(key)
        path = self.folder / f"{key}.pickle"
        try:
            return pickle.loads(path.read_bytes())
        except FileNotFoundError:
            pass
        except Exception as error:  # a damaged entry is a miss
            log.warning("search cache: ignoring %s (%s)", key, error)
        made = make()
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
            with os.fdopen(handle, "wb") as out:
                out.write(pickle.dumps(made))
            os.replace(temporary, path)
        except OSError as error:
            log.warning("search cache: cannot write %s (%s)", self.folder, error)
        return made

    def prune(self) -> None:
        """Delete what this build did not use: old versions of changed shards."""
        if self.folder is None or not self.folder.is_dir():
            return
        for entry in self.folder.glob("*.pickle"):
            if entry.stem not in self.used:
                entry.unlink(missing_ok=True)
