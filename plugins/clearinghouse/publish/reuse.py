"""Keep the previous build's files whose fingerprint has not changed.

Every build writes into a fresh staging folder (atomic_output). A file whose
fingerprint (`fingerprint.py`) equals the one it had in the last build is
not written at all: it is *kept*, left where it is in the live output. When
the build has succeeded, atomic_output moves the files that were written
into the live output one by one and deletes the files that no longer
exist, instead of swapping whole folders; an edit then costs the handful
of files it changed, not 40,000 directory entries.

This module remembers each file's fingerprint, and the list of every file
of the live output, in the build cache folder (one small JSON file per
output folder). The record is removed before the live output is touched and
written again after, so a build that stops while updating it leaves no
record, and the next build renders everything. A build that fails earlier
leaves the old output and the old record as they were.
"""

from __future__ import annotations

import os
import pickle
from dataclasses import dataclass, field
from pathlib import Path

from clearinghouse.build import render_cache
from clearinghouse.site import fingerprint

FORMAT = 4  # of the record file; a different one is ignored
# A pickle of plain dicts and lists, read back by render_cache's restricted
# unpickler: the record of 30,000 files took 0.1 s to read and 0.15 s to
# write as JSON, a tenth of that as a pickle, on every rebuild.
SUFFIX = ".pickle"


@dataclass
class OutputReuse:
    """Fingerprints for this build's files, and which of the live output's are kept.

    It is also the output update atomic_output asks for (`kept`,
    `previous_files`, `updating`, `done`).
    """

    output: Path  # where this build writes (the staging folder)
    previous: Path | None  # the live output this build will replace; None: render everything
    record: Path | None  # where fingerprints are kept between builds; None: not kept
    site_key: str = ""
    old: dict[str, str] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)
    old_notes: dict[str, str] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)  # what a writer needs to know of a kept file
    previous_files: set[str] | None = None  # every file of the live output, as recorded; None: unknown
    kept: set[str] = field(default_factory=set)  # files left in the live output, not written here
    # Groups of pages whose inputs one key sums up (a list's pages, lists.py):
    # name -> (key, the pages' site paths, their files), last build's and this one's.
    old_groups: dict[str, tuple[str, list[str], list[str]]] = field(default_factory=dict)
    groups: dict[str, tuple[str, list[str], list[str]]] = field(default_factory=dict)
    _decided: list[str] = field(default_factory=list)  # files in the order they were decided

    @classmethod
    def from_settings(cls, settings: dict, site) -> OutputReuse:
        """Reuse is on when the build cache is and atomic_output names the live output."""
        output = Path(settings["OUTPUT_PATH"])
        final = settings.get("FINAL_OUTPUT_PATH")
        if not settings.get("BUILD_CACHE", True) or not settings.get("CACHE_PATH") or not final:
            return cls(output=output, previous=None, record=None)
        final = Path(final)
        record = Path(settings["CACHE_PATH"]) / f"output-{fingerprint.digest(str(final))[:16]}{SUFFIX}"
        reuse = cls(output=output, previous=final, record=record, site_key=site_key(site, settings))
        reuse.old, reuse.old_notes, reuse.previous_files, reuse.old_groups = _load(record, final, reuse.site_key)
        return reuse

    @property
    def enabled(self) -> bool:
        return self.record is not None

    def key(self, *parts) -> str:
        """The fingerprint of a file made from `parts` (see fingerprint.walk)."""
        if not self.enabled:
            return ""
        tokens = [self.site_key]
        fingerprint.walk(parts, tokens)
        return fingerprint.digest(*tokens)

    def reused(self, path: str, key: str, *, allowed: bool = True) -> bool:
        """Keep the live output's `path` if the last build made it from the same `key`.

        True: the file stays as it is; do not write it. False: write it
        (its key is remembered for the next build either way). `allowed`
        False only remembers the key (the caller lacks what it needs to
        keep the file, such as its note).
        """
        if not self.enabled:
            return False
        self._decided.append(path)
        if path in self.files:  # asked twice in one build: write it
            self.kept.discard(path)
            self.files[path] = key
            return False
        self.files[path] = key
        if not allowed or self.previous_files is None or self.old.get(path) != key:
            return False
        self.kept.add(path)
        return True

    def kept_group(self, name: str, key: str) -> list[str] | None:
        """Keep every file of the group `name` if the last build made it from the same `key`.

        Returns the group's pages (site paths, for the sitemap), or None:
        then publish the group and `record_group` it. A group is kept only
        whole, and only when each of its files is still in the live output
        with its last fingerprint, which each file keeps.
        """
        old = self.old_groups.get(name)
        if not self.enabled or self.previous_files is None or old is None or old[0] != key:
            return None
        _, pages, files = old
        if any(f in self.files or f not in self.previous_files or f not in self.old for f in files):
            return None
        for file in files:
            self.files[file] = self.old[file]
        self.kept.update(files)
        self._decided.extend(files)
        self.groups[name] = old
        return pages

    def mark(self) -> int:
        """Where the files decided from now on start (`decided_since`)."""
        return len(self._decided)

    def decided_since(self, mark: int) -> list[str]:
        return self._decided[mark:]

    def record_group(self, name: str, key: str, pages: list[str], files: list[str]) -> None:
        """Remember that the group `name`, made from `key`, is these pages and files."""
        if self.enabled:
            self.groups[name] = (key, pages, files)

    def previous_note(self, path: str) -> str | None:
        return self.old_notes.get(path)

    def keep_note(self, path: str, note: str) -> None:
        """Remember `note` with this build's `path` (a feed's digest, for the ping manifest)."""
        if self.enabled:
            self.notes[path] = note

    def decisions(self) -> tuple:
        """Every file and group decided so far: what a child forked before any was decided sends back."""
        return self.files, self.notes, self.kept, self.groups

    def adopt(self, decided: tuple) -> None:
        """Take over the decisions a forked child made for its own files."""
        files, notes, kept, groups = decided
        self.files.update(files)
        self.notes.update(notes)
        self.kept |= kept
        self.groups.update(groups)

    def updating(self) -> None:
        """The live output is about to change: forget the record until it is done."""
        if self.record is not None:
            self.record.unlink(missing_ok=True)

    def done(self, files: set[str]) -> None:
        """The live output now holds `files`: record them with this build's fingerprints."""
        if not self.enabled:
            return
        data = {
            "format": FORMAT,
            "output": str(self.previous),
            "site": self.site_key,
            "files": self.files,
            "notes": self.notes,
            "groups": self.groups,
            "all": sorted(files),
        }
        self.record.parent.mkdir(parents=True, exist_ok=True)
        partial = self.record.with_suffix(f".{os.getpid()}.partial")
        partial.write_bytes(pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))
        partial.replace(self.record)
        _prune(self.record.parent)


KEPT = 8  # output folders remembered; tests and previews build into many


def _prune(folder: Path) -> None:
    """Forget all but the most recently built output folders."""
    records = sorted(folder.glob(f"output-*{SUFFIX}"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
    for stale in [*records[KEPT:], *folder.glob("output-*.json")]:  # and the records' older form
        stale.unlink(missing_ok=True)


def site_key(site, settings: dict) -> str:
    """What every file depends on: code, settings, members and pages.

    Not the archive's shape: every page says in its own fingerprint which
    alerts it shows and where it stands in its list (fingerprint.walk), and a
    page that shows the whole archive (search) fingerprints what it lists
    of it (the countries, members and years with alerts), so a new alert re-renders only the pages that show it. Not the
    build's "today" either: it decides only which appeals are open, which
    is in each alert's digest (linking.family_digests), so the first build
    of a day re-renders the pages of the appeals that closed, not the site.
    """
    return fingerprint.digest(
        fingerprint.code_digest(),
        fingerprint.settings_digest(settings),
        ",".join(site.languages),
        *(m.digest for m in site.members.values()),
        *(p.digest for original in site.pages for p in (original, *original.translations.values())),
    )


def _load(record: Path, final: Path, key: str) -> tuple[dict[str, str], dict[str, str], set[str] | None, dict]:
    """The last build's fingerprints and groups, if they describe `final` and its code, settings and shape."""
    nothing: tuple[dict[str, str], dict[str, str], set[str] | None, dict] = ({}, {}, None, {})
    try:
        data = render_cache.loads(record.read_bytes())
    except Exception:  # missing, damaged, or naming a class: render everything
        return nothing
    if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("output") != str(final):
        return nothing
    if data.get("site") != key or not final.is_dir():
        return nothing  # the whole site changed shape: every file is rendered again
    files, notes, everything, groups = data.get("files"), data.get("notes"), data.get("all"), data.get("groups")
    if not all(isinstance(x, t) for x, t in ((files, dict), (notes, dict), (everything, list), (groups, dict))):
        return nothing
    return files, notes, set(everything), groups
