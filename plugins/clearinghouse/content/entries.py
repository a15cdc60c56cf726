"""The read stage's records: one file's entry, and every file's.

An `Entry` is a file's front matter as typed values, before other files
are seen (`read.py` makes them, `validate.py` checks them across files,
`enrich` turns them into the site's records). They are pickled into the
build cache (`build/snapshot.py`), so they hold data only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from clearinghouse.build import snapshot
from clearinghouse.content.frontmatter import Document, Mapping


@dataclass
class Entry:
    """One file's front matter as typed values, before other files are seen."""

    kind: str  # "alert", "member", "page"
    doc: Document
    values: dict[str, Any]
    key: str  # alert id, member slug, page slug
    lang: str
    named_as_translation: bool  # the file name ends in .<lang>
    explicit_id: bool = False  # the key comes from an `id` field, not the file name
    missing: list[tuple[str, str, int | None]] = field(default_factory=list)  # required fields left out
    is_translation: bool = False  # decided by `validate`, which sees every file
    complete: bool = True  # False: some fields had problems and are absent from `values`
    # Dates and times as the editor typed them ("2026-05-01"), so that a
    # message echoes the file rather than the parsed value.
    written: dict[str, str] = field(default_factory=dict)
    # The read cache's key of the bytes this entry was read from (path, reading
    # code and data included; b"" if the file changed while read): what the
    # records' digests start from (enrich._file_digest).
    source: bytes = b""

    @property
    def path(self) -> Path:
        return self.doc.path

    def line(self, name: str) -> int | None:
        return getattr(self.doc.meta, "key_lines", {}).get(name, 1)


@dataclass
class Entries:
    alerts: list[Entry]
    members: list[Entry]
    pages: list[Entry]
    broken: set[tuple[str, str]]  # (kind, key) of files whose front matter could not be read at all
    # every file read, as the read snapshot knows it: path -> (kind, stat or
    # None (hash it before trusting it), read key); what the site snapshot
    # finds changed files by (site/kept.py)
    files: dict[str, tuple[str, snapshot.Stat | None, bytes]] = field(default_factory=dict)
    # what `read_content`'s `beside` made of each file read just now (not
    # taken from the snapshot), by path: its converted Markdown (texts.made)
    made: dict[str, object] = field(default_factory=dict)


def outline(meta: Mapping) -> Mapping:
    """What is left of the front matter as written once its values are parsed:
    which top-level fields were given (None where written empty) and their lines.

    That is all validation across files reads (`Entry.line`, presence of
    `case`, `country`...); the nested values with their own lines were
    most of an entry's memory and of the time to unpickle it from the cache.
    """
    kept = Mapping((name, None if value is None else True) for name, value in meta.items())
    kept.line = getattr(meta, "line", 1)
    kept.key_lines = dict(getattr(meta, "key_lines", {}))
    return kept
