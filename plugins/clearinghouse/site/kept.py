"""The last build's site, kept whole, and made again from it after body edits and new alerts.

Reading, validating, converting and enriching 10,000 alerts is most of the
serial start of a rebuild (about 0.9 s of it), though an editor's everyday
change is one alert's text, or one new alert. Every build that makes the
site from its files also keeps the site itself here (pickled by the first
forked child whose own work is done: `parallel.when_a_child_has_time`), with
what each content file was when it was read: its stat, its read key
(`read.py`: path, bytes, reading code), a digest of its front matter as
written (`Document.front`) and its `status` after validation.

The next build lists the content files (their stats), reads the changed
and new ones, and unpickles the site (0.2 s) instead, if only alerts
changed or came (changed_files.py):

- a changed alert whose front matter is byte for byte the one the kept
  site was made from: same text, same values and same problems (none: the
  kept site was valid), and nothing another file is checked against. Only
  what its body gives is made again, by `enrich`'s own rules, unless a
  translation takes its body or summary from it (or a changed translation
  would take the original's): those read every file;
- a new alert file whose id no other file has, and not a translation, or
  an alert with new front matter, the same id and no translation: it is
  checked by `validate`'s own rules (`check_new_original`), made by
  `enrich`'s (`new_alert`) and linked with the kept site's records again
  (`linking.link`: members' items, cases, digests, indexes).

A site kept on another day has its appeals opened or closed as of this
build's day (`enrich`'s rule: open until the deadline) and is linked
again, so the first build of a day needs no reading either.

Anything else (a deleted file, a translated alert's front matter, a member, a page,
another problem, other code, data or settings) makes the site from
its files as always; that build keeps its site again.

After body edits the kept site is not rewritten: a small *patch* (the
changed files' records and made fields) is laid over it the next time,
and names the site it belongs to. After a new alert it is kept whole
again, as after a build from the files. Any of these that cannot be read,
or has another version, is ignored: the site is then made from its files.

Vocabulary terms and countries are pickled by name and found in this
build's `Vocabularies` (whose data the version covers), so the kept site's
terms are the very objects everything else compares with.
"""

from __future__ import annotations

import logging
import os
import pickle
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from clearinghouse.build import closure, render_cache, snapshot
from clearinghouse.content.entries import Entries
from clearinghouse.content.problems import Problems
from clearinghouse.content.read import file_reader
from clearinghouse.content.vocabulary import Country, Term, Vocabularies, Vocabulary
from clearinghouse.site import markup
from clearinghouse.site.changed_files import ChangedFiles, File, Made
from clearinghouse.site.enrich import Render, Site

log = logging.getLogger(__name__)

FORMAT = 1
NAME = "site"


class Kept:
    """The site kept in the build cache folder for one content folder."""

    def __init__(self, base: Path, version: bytes, reading: Reading) -> None:
        self.base = base
        self.patch = base.with_name(base.name.removesuffix(".pickle") + ".patch.pickle")
        self.version = version
        self.reading = reading
        self.files = 0  # content files, once `rebuilt` gave a site
        self.made = 0  # alert texts made again from their files
        self.added = 0  # new alerts, linked with the kept site's records
        self.remade = 0  # alerts with new front matter, made and linked again
        self.changes: ChangedFiles | None = None  # what `keep_again` keeps

    @classmethod
    def at(cls, cache_file: Path, content: Path, version: bytes, reading: Reading) -> Kept:
        return cls(snapshot.files(cache_file.parent, content, NAME)[0], version, reading)

    # -- after a build made the site from its files --------------------------
    def keep(self, site: Site, entries: Entries) -> Callable[[], None]:
        """What keeps `site`, made from `entries`: 0.2 s of pickling at 10,000 alerts,
        to run where a core is free, before anything else touches the site."""
        files = _files(entries)
        self.patch.unlink(missing_ok=True)  # it belonged to the site this one replaces
        if files is None:
            self.base.unlink(missing_ok=True)
            return lambda: None
        return lambda: self._write(site, files)

    def _write(self, site: Site, files: dict[str, File]) -> None:
        """The files' records, then the site: two pickles, so that a build with
        a new or deleted file stops after the first (a hundredth of the bytes).
        A site that cannot be kept is a warning, never an error."""
        partial = self.base.with_name(f"{self.base.name}.{os.getpid()}.partial")
        try:
            table = {**snapshot._DISPATCH, **_reducers(_term_names(site.vocab))}
            self.base.parent.mkdir(parents=True, exist_ok=True)
            with partial.open("wb") as out:
                pickle.dump((FORMAT, self.version, secrets.token_hex(8), files), out, protocol=pickle.HIGHEST_PROTOCOL)
                pickler = pickle.Pickler(out, protocol=pickle.HIGHEST_PROTOCOL)
                pickler.dispatch_table = table
                pickler.dump(site)
            partial.replace(self.base)
            snapshot.prune(self.base.parent, NAME)
        except Exception as error:  # noqa: BLE001 - a full disk, a term from no vocabulary: read the files next time
            log.warning("build cache %s: cannot keep the site (%s)", self.base.parent, error)
            partial.unlink(missing_ok=True)

    # -- instead of reading -------------------------------------------------
    def rebuilt(self, render: Render) -> Site | None:
        """The kept site with this build's alert bodies, or None: make it from the files."""
        reading = self.reading
        try:
            with self.base.open("rb") as stored:
                header = _Unpickler(stored, reading.vocab).load()
                if not (isinstance(header, tuple) and len(header) == 4 and header[:2] == (FORMAT, self.version)):
                    return None
                token, files = header[2:]
                patch = self._read_patch(token)
                changes = ChangedFiles(files, reading)
                if not changes.seen(patch):
                    return None
                site = _Unpickler(stored, reading.vocab).load()
        except FileNotFoundError:
            return None
        except Exception as error:  # damaged, or naming what we do not build: read the files
            log.warning("build cache %s is not usable (%s); reading the files again", self.base, error)
            return None
        site = changes.made_in(site, patch, render) if isinstance(site, Site) else None
        if site is None:
            return None
        self.files, self.made = len(files), len(changes.made)
        self.added, self.remade = len(changes.added), len(changes.remade)
        if changes.added or changes.remade or changes.new_day:  # kept whole again (`keep_again`): a patch holds texts
            self.changes = changes
        elif changes.made or changes.restat:
            self._write_patch(token, changes.records(patch))
        return site

    def keep_again(self, site: Site) -> Callable[[], None] | None:
        """What keeps `site` if `rebuilt` made it with new alerts (None: its patch keeps it)."""
        if self.changes is None:
            return None
        files = self.changes.files
        self.patch.unlink(missing_ok=True)
        return lambda: self._write(site, files)

    def _read_patch(self, token: str) -> dict[str, tuple[File, Made | None]]:
        try:
            stored = render_cache.loads(self.patch.read_bytes())
        except Exception:  # no patch, or not one we can read: the changes are seen again
            return {}
        if isinstance(stored, tuple) and len(stored) == 4 and stored[:3] == (FORMAT, self.version, token):
            return stored[3]
        return {}

    def _write_patch(self, token: str, records: dict[str, tuple[File, Made | None]]) -> None:
        partial = self.patch.with_name(f"{self.patch.name}.{os.getpid()}.partial")
        try:
            partial.write_bytes(pickle.dumps((FORMAT, self.version, token, records), protocol=pickle.HIGHEST_PROTOCOL))
            partial.replace(self.patch)
        except OSError as error:
            log.warning("build cache %s: cannot keep the changed files (%s)", self.patch.parent, error)


@dataclass
class Reading:
    """What a changed file is read and checked with, as `load` does."""

    content: Path
    vocab: Vocabularies
    timezone: object
    default_lang: str
    cache_folder: Path | None
    today: date  # the build's: which appeals are open

    def __post_init__(self) -> None:
        self.problems = Problems(root=Path.cwd())
        self.reader = file_reader(
            self.vocab,
            self.problems,
            timezone=self.timezone,
            default_lang=self.default_lang,
            cache_folder=self.cache_folder,
        )
        self.started_ns = time.time_ns()


def _files(entries: Entries) -> dict[str, File] | None:
    """Each file's record, or None if any file changed while it was read (no key)."""
    files: dict[str, File] = {}
    for entry in (*entries.alerts, *entries.members, *entries.pages):
        path = str(entry.path)
        read = entries.files.get(path)
        if read is None or not entry.source or read[2] != entry.source:
            return None
        kind, stat, key = read
        files[path] = (kind, stat, key, entry.doc.front, repr(entry.values.get("status")))
    return files


def version(reading: bytes, cache_folder: Path | None, *settings: str) -> bytes:
    """Everything besides the content files that the site is made from: the reading
    code, data and libraries (`reading`: the read key's), this module and all it
    imports (validation, enrichment, the Markdown renderer), and `settings`."""
    code = closure.module_closure(Path(__file__), cache_folder)
    return render_cache.digest(reading, render_cache.files_digest(code), markup.renderer_version(), *settings)


# -- pickling terms and countries by name ------------------------------------
def _term_names(vocab: Vocabularies) -> dict[int, tuple[str, str]]:
    names: dict[int, tuple[str, str]] = {}
    for name, value in vars(vocab).items():
        if isinstance(value, Vocabulary):
            for term in value:
                names.setdefault(id(term), (name, term.slug))
    return names


def _reducers(names: dict[int, tuple[str, str]]) -> dict:
    def term(value: Term):
        return _term, names[id(value)]  # KeyError: a term from no vocabulary, and nothing kept

    return {Term: term, Country: lambda c: (_country, (c.code,)), Vocabularies: lambda v: (_vocab, ())}


_VOCAB: Vocabularies | None = None  # the build's, while a kept site is unpickled


def _term(name: str, slug: str) -> Term:
    return getattr(_VOCAB, name)[slug]


def _country(code: str) -> Country:
    return _VOCAB.countries[code]  # type: ignore[union-attr]


def _vocab() -> Vocabularies:
    return _VOCAB  # type: ignore[return-value]


class _Unpickler(snapshot._Unpickler):
    """The read snapshot's unpickler, the site's class and terms by name."""

    def __init__(self, file, vocab: Vocabularies) -> None:
        super().__init__(file)
        self.vocab = vocab

    def load(self):
        global _VOCAB
        _VOCAB = self.vocab
        try:
            return super().load()
        finally:
            _VOCAB = None

    def find_class(self, module: str, name: str):
        if module == __name__ and name in ("_term", "_country", "_vocab"):
            return globals()[name]
        if (module, name) == (Site.__module__, "Site"):
            return Site
        return super().find_class(module, name)
