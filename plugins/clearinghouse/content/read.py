"""Read stage: content files -> typed entries, one file at a time.

Each file is parsed on its own against its schema; problems go to the shared
`Problems`. Rules that need several files (ids, members, cases,
translations) belong to `validate`.

Because a file's entry depends on that file alone (and on the code and
vocabularies reading it), files are read in parallel, and an unchanged
file's entry comes from the last build's snapshot (`build/snapshot.py`, in
the build cache folder) instead of being parsed again: YAML parsing is most
of the cost of reading.
"""

from __future__ import annotations

import os
import pickle
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from clearinghouse.build import closure, render_cache, snapshot
from clearinghouse.build.parallel import at_once, map_chunks
from clearinghouse.build.render_cache import ResultCache
from clearinghouse.build.snapshot import EntrySnapshot
from clearinghouse.content.entries import Entries, Entry, outline
from clearinghouse.content.fields import SLUG_PATTERN, ParseContext, When, parse_record
from clearinghouse.content.frontmatter import read_document
from clearinghouse.content.problems import Problem, Problems
from clearinghouse.content.schemas import ALERT, ALERT_TEXT_FIELDS, MEMBER, PAGE, PELICAN_PLACEMENT
from clearinghouse.content.vocabulary import Vocabularies

KINDS = (("alert", "alerts"), ("member", "members"), ("page", "pages"))

CONTENT_SUFFIX = ".md"


def content_files(folder: Path) -> list[tuple[str, os.stat_result]]:
    """Markdown files under `folder` with their stat, in a stable order; hidden files skipped.

    Paths stay strings (a `Path` costs 15 µs, and the entries of unchanged
    files come with their own, `snapshot.py`); the order is pathlib's, by
    path component, as it always was: the separator read as a character
    below any a name can hold ("\0") orders strings as lists of their
    components (a shorter name first), at a quarter of the cost of
    splitting them (0.004 s against 0.017 s for 10,500 paths).
    """
    if not folder.is_dir():
        return []
    found = []
    pending = [os.fspath(folder)]
    while pending:  # scandir: the file type comes with the name, the stat with one call
        with os.scandir(pending.pop()) as names:
            for item in names:
                if item.name.startswith("."):
                    continue
                if item.is_dir(follow_symlinks=False):  # as os.walk: a linked folder is not entered
                    pending.append(item.path)
                elif item.name.endswith(CONTENT_SUFFIX) and item.is_file():
                    found.append((item.path, item.stat()))
    found.sort(key=lambda pair: pair[0].replace(os.sep, "\0"))
    return found


def read_content(
    content: Path,
    vocab: Vocabularies,
    problems: Problems,
    *,
    timezone,
    default_lang: str,
    workers: int = 1,
    cache: ResultCache | None = None,
    progress: Callable[[int], None] | None = None,
    beside: Callable[[Entry], object] | None = None,
    aside: Callable[..., None] | None = None,
) -> Entries:
    """Every content file as an entry, in a stable order; problems recorded.

    `progress` is told how many more files are done as they are.
    `beside` is run on each entry where its file is read (in a worker),
    and what it returns is in `Entries.made`: the pipeline converts each
    file's Markdown there, so that a cold build's workers make one pass
    over the files instead of two, with a wait for this process between.
    `aside` is given the task that keeps this build's entries for the
    next (the snapshot), to run elsewhere (`parallel.meanwhile`); without
    it the task runs before this returns.
    """
    listed = [(path, kind, stat) for kind, folder in KINDS for path, stat in content_files(content / folder)]
    jobs = [(path, kind) for path, kind, _ in listed]
    reader = _Reader(vocab, problems, timezone, default_lang)
    reads = _FileReads(reader, cache or ResultCache(None), progress, content, beside)
    results = reads.run(jobs, [stat for _, _, stat in listed], workers, aside or at_once)
    files = {path: record[:3] for path, record in reads.records.items()}
    found: dict[str, list[Entry]] = {kind: [] for kind, _ in KINDS}
    broken: set[tuple[str, str]] = set()
    for (_, kind), result in zip(jobs, results, strict=True):
        problems.items.extend(result.problems)
        if result.entry is not None:
            found[kind].append(result.entry)
        if result.broken is not None:
            broken.add(result.broken)
    return Entries(
        alerts=found["alert"], members=found["member"], pages=found["page"], broken=broken, files=files, made=reads.made
    )


@dataclass
class FileResult:
    """What reading one file gave: the entry (None if unreadable) and its problems."""

    entry: Entry | None
    problems: list[Problem]
    broken: tuple[str, str] | None


class _FileReads:
    """Entries of unchanged files from the last build's snapshot; the rest read
    by a pool of workers.

    Entries are kept in the snapshot only, not also in the SQLite cache:
    writing 10,000 of them there was 0.7 s of the cold build's serial start
    at 10,000 alerts, for files whose key (which names the file's path) only
    a lost snapshot of the same content folder would ever look up."""

    def __init__(
        self,
        reader: _Reader,
        cache: ResultCache,
        progress: Callable[[int], None] | None,
        content: Path,
        beside: Callable[[Entry], object] | None = None,
    ) -> None:
        self.worker = _Worker(reader, reader.fingerprint(cache.path.parent if cache.db is not None else None), beside)
        self.cache = cache
        self.progress = progress or (lambda done: None)
        self.snapshot = EntrySnapshot(cache.path if cache.db is not None else None, content, self.worker.version)
        self.records: dict[str, snapshot.Record] = {}  # this build's, once `run` is done
        self.made: dict[str, object] = {}  # path -> what the worker's `beside` made, for the files read

    def run(
        self,
        jobs: list[tuple[str, str]],
        stats: list[os.stat_result],
        workers: int,
        aside: Callable[..., None],
    ) -> list[FileResult]:
        started = time.time_ns()
        results: list[FileResult | None] = [None] * len(jobs)
        records: dict[str, snapshot.Record] = {}
        with render_cache.gc_paused():
            stored = self.snapshot.load()
            misses: list[int] = []
            for i, ((path, kind), result) in enumerate(zip(jobs, stats, strict=True)):
                stat = snapshot.stat_of(result)
                old = stored.get(path)
                if old is None or old[0] != kind:  # new to the snapshot: a worker reads it
                    misses.append(i)
                    continue
                if old[1] == stat:  # untouched since it was read
                    results[i], records[path] = old[3], old  # type: ignore[assignment]
                    continue
                with open(path, "rb") as file:
                    key = self.worker.key(path, kind, file.read())
                if old[2] == key:  # touched, same bytes
                    results[i], records[path] = old[3], (kind, snapshot.trusted(stat, started), key, old[3])  # type: ignore[assignment]
                    continue
                misses.append(i)
            found = len(jobs) - len(misses)
            self.cache.hits += found
            self.progress(found)
            slots = iter(misses)
            for chunk in map_chunks(
                _read_chunk, [jobs[i] for i in misses], workers, initializer=_start_worker, initargs=(self.worker,)
            ):
                for key, data, made in chunk:
                    i = next(slots)
                    results[i] = pickle.loads(data)  # made just now by our own worker
                    path, kind = jobs[i]
                    if made is not None:
                        self.made[path] = made
                    records[path] = (kind, snapshot.trusted(snapshot.stat_of(stats[i]), started), key, results[i])
                self.progress(len(chunk))
            # the records as they are now: `source` is set below, and validation marks
            # translations and fills in defaults
            aside(partial(self.snapshot.save, records), items=len(records))
        for record in records.values():
            if record[3].entry is not None:
                record[3].entry.source = record[2]
        self.records = records
        return results  # type: ignore[return-value]  # every slot is filled above


@dataclass
class _Worker:
    """Reads one file at a time in a pool worker (or here, when serial)."""

    reader: _Reader
    version: bytes
    beside: Callable[[Entry], object] | None = None  # see read_content

    def key(self, path: Path | str, kind: str, data: bytes) -> bytes:
        return render_cache.digest(self.version, kind, str(path), data)

    def read_one(self, path: Path, kind: str) -> tuple[bytes, bytes, object]:
        """The file's cache key, its result pickled, and what `beside` made of its entry.

        The file is read once, and parsed and keyed from the same bytes:
        a file saved while the build reads it gets the key of what was
        parsed, so the snapshot never pairs an entry with other bytes.
        """
        data = path.read_bytes()
        result = self.result(path, kind, data)
        made = None if self.beside is None or result.entry is None else self.beside(result.entry)
        return self.key(path, kind, data), render_cache.dumps(result), made

    def result(self, path: Path, kind: str, data: bytes) -> FileResult:
        """What reading these bytes of the file gives: its entry (with its `source`) and problems."""
        problems = Problems(root=self.reader.problems.root)
        reader = self.reader.for_file(problems)
        entry = reader.read(path, kind, data)
        if entry is not None:
            entry.source = self.key(path, kind, data)
        return FileResult(entry, problems.items, next(iter(reader.broken), None))


def file_reader(
    vocab: Vocabularies, problems: Problems, *, timezone, default_lang: str, cache_folder: Path | None
) -> _Worker:
    """What `read_content` reads each file with, and keys its bytes by: for one file at a time."""
    reader = _Reader(vocab, problems, timezone, default_lang)
    return _Worker(reader, reader.fingerprint(cache_folder))


_WORKER: _Worker | None = None


def _start_worker(worker: _Worker) -> None:
    global _WORKER
    _WORKER = worker


def _read_chunk(jobs: Sequence[tuple[str, str]]) -> list[tuple[bytes, bytes, object]]:
    assert _WORKER is not None, "_start_worker runs first in every worker"
    return [_WORKER.read_one(Path(path), kind) for path, kind in jobs]


class _Reader:
    SCHEMAS = {"alert": ALERT, "member": MEMBER, "page": PAGE}

    def __init__(self, vocab: Vocabularies, problems: Problems, timezone, default_lang: str) -> None:
        self.vocab = vocab
        self.problems = problems
        self.timezone = timezone
        self.default_lang = default_lang
        self.broken: set[tuple[str, str]] = set()

    def for_file(self, problems: Problems) -> _Reader:
        """A reader like this one that records into `problems`, for one file."""
        return _Reader(self.vocab, problems, self.timezone, self.default_lang)

    def fingerprint(self, cache_folder: Path | None = None) -> bytes:
        """Everything besides a file's bytes and path that its entry depends on.

        The modules this one imports are found by parsing them, kept in
        `cache_folder` between builds (`closure.py`).
        """
        return render_cache.digest(
            render_cache.files_digest(closure.module_closure(Path(__file__), cache_folder)),
            render_cache.files_digest(self.vocab.data_dir.rglob("*.yaml")),
            render_cache.package_versions("PyYAML", "pycountry", "Babel"),
            str(self.timezone),
            self.default_lang,
            str(self.problems.root),
        )

    def read(self, path: Path, kind: str, data: bytes | None = None) -> Entry | None:
        """The file's entry (None if unreadable); `data`: its bytes, already read."""
        stem, name_lang = self._split_stem(path.name.removesuffix(CONTENT_SUFFIX))
        doc = read_document(path, self.problems, data)
        if doc is None:
            self.broken.add((kind, stem))
            return None
        schema = self.SCHEMAS[kind]
        # Whether an alert is a translation needs every file (validate decides),
        # so its structured required fields are noted as missing, not reported.
        optional = frozenset(schema) - ALERT_TEXT_FIELDS if kind == "alert" else frozenset()
        missing: list = []
        ctx = ParseContext(path, self.problems, self.vocab, self.timezone, missing=missing if kind == "alert" else None)
        before = len(self.problems)
        values = parse_record(
            doc.meta,
            schema,
            ctx,
            optional=optional,
            forbidden=PELICAN_PLACEMENT,
            defaults=kind != "alert",
            missing=missing,
            partial=True,
        )
        raw_key = doc.meta.get("id") or doc.meta.get("slug")
        entry = Entry(
            kind=kind,
            doc=doc,
            values=values,
            key=raw_key if isinstance(raw_key, str) else stem,
            lang=str(doc.meta.get("lang") or self.default_lang).strip(),
            named_as_translation=kind != "member" and name_lang is not None,
            explicit_id=isinstance(raw_key, str),
            missing=missing,
            written={
                k: v.strip() for k, v in doc.meta.items() if isinstance(schema.get(k), When) and isinstance(v, str)
            },
        )
        self._check_names(entry, stem, name_lang)
        entry.complete = len(self.problems) == before
        doc.meta = outline(doc.meta)
        return entry

    def _split_stem(self, stem: str) -> tuple[str, str | None]:
        base, dot, suffix = stem.rpartition(".")
        if dot and suffix in self.vocab.languages:
            return base, suffix
        return stem, None

    def _check_names(self, entry: Entry, stem: str, name_lang: str | None) -> bool:
        ok = True
        if entry.kind == "member" and (name_lang or not SLUG_PATTERN.match(entry.doc.stem)):
            self.problems.add(
                entry.path,
                "",
                "a member's file name is its slug and must be a valid identifier",
                line=1,
                found=entry.doc.path.name,
                allowed="lowercase a-z, digits and hyphens, then .md (e.g. ghana-media-freedom-network.md)",
            )
            ok = False
        if entry.kind != "member" and not entry.explicit_id:
            if not SLUG_PATTERN.match(stem) or len(stem) > 80:
                self.problems.add(
                    entry.path,
                    "id",
                    "the file name gives the id, and it is not a valid identifier; rename the file or add an 'id' field",
                    line=1,
                    found=stem,
                    allowed="lowercase a-z, digits and hyphens, at most 80 characters",
                )
                ok = False
        if name_lang and name_lang != entry.lang:
            self.problems.add(
                entry.path,
                "lang",
                f"the file name marks a '{name_lang}' translation but the file's language is '{entry.lang}'",
                line=entry.line("lang") if "lang" in entry.values else 1,
                found=entry.lang,
                allowed=f"lang: {name_lang}",
            )
            ok = False
        return ok
