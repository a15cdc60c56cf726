"""The Pelican generator that writes the search files of every language edition.

It runs after the clearinghouse generator has built the site (it reads
`context["alert_site"]` in `generate_output`) and writes into its own
`output_path` the files every edition shares, in the default edition's
folder (`search/shards/{i,d,l,t,n}-<hash>.json`: shards, texts,
translations, term directory, names), and one manifest per edition,
`<lang>/search/manifest.json`, beside its page.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import multiprocessing
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from clearinghouse.build.memory import fewer_collections
from clearinghouse.build.parallel import Beside
from clearinghouse.content.files import write_file
from clearinghouse.generator import finish_in_child, site_in
from clearinghouse.publish.reuse import OutputReuse
from clearinghouse.site import fingerprint, urls
from clearinghouse.site.enrich import Site
from pelican.generators import Generator

from . import cache as shard_cache
from . import directory
from .build import File, ShardFiles, ShardJob, Terms, build_shard, encode
from .cache import ShardCache, job_key
from .documents import Placed, document, label_terms, placed
from .manifest import MANIFEST, dates, manifest, shared_folder
from .shards import Shard, partition

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SearchOptions:
    """The SEARCH_* settings, with defaults (see pelicanconf.py)."""

    shard_alerts: int = 600
    chunk_alerts: int = 100
    processes: int = 2
    stem_languages: tuple[str, ...] = ("en",)
    child_max_alerts: int = 20_000  # above: built in the build's own process, before the pages

    @classmethod
    def from_settings(cls, settings: dict) -> SearchOptions:
        return cls(
            shard_alerts=int(settings.get("SEARCH_SHARD_ALERTS", cls.shard_alerts)),
            chunk_alerts=int(settings.get("SEARCH_CHUNK_ALERTS", cls.chunk_alerts)),
            processes=int(settings.get("SEARCH_PROCESSES", cls.processes)),
            stem_languages=tuple(settings.get("SEARCH_STEM_LANGUAGES", cls.stem_languages)),
            child_max_alerts=int(settings.get("SEARCH_CHILD_MAX_ALERTS", cls.child_max_alerts)),
        )


class SearchIndexGenerator(Generator):
    """Writes the search shards and manifests of every language edition.

    The index depends on the site only, not on the pages, so with more than
    one process allowed it is built by a forked child that starts as soon as
    the site is read (`generate_context`, which Pelican runs for every
    generator before any writes output) and works on the second core while
    this process renders the pages and feeds; `generate_output` waits for it.
    The child writes the same files into the same staging folder as the
    serial path would.
    """

    child: Beside | None = None
    written: bool = False

    def generate_context(self) -> None:
        options = SearchOptions.from_settings(self.settings)
        if not Beside.possible(options.processes):
            return
        site = self._site()
        # Shards are built by one process, not a pool forked from it: a fork
        # copies much of the site's memory (reference counts and reused free
        # memory dirty the pages it shares), and the pages shared out
        # (clearinghouse/build/page_share.py) keep both cores busy without it.
        alone = dataclasses.replace(options, processes=1)
        if len(site.alerts) > options.child_max_alerts:
            # A big archive: built here and now, before the pages; a child
            # would copy another share of the site's memory (about 700 MB at
            # 50,000 alerts). A feeds child, if FEEDS_CHILD_MAX_ALERTS allows
            # one, works meanwhile.
            self._write(site, alone)
            self.written = True
        else:
            self.child = Beside(lambda: self._write_and_decide(site, alone), "alert_search")

    def generate_output(self, writer) -> None:
        if self.written:
            return
        if self.child is None:
            self._write(self._site(), SearchOptions.from_settings(self.settings))
            return
        decided = self.child.result()
        reuse = self.context.get("output_reuse")
        if reuse is not None:
            reuse.adopt(decided)

    def _site(self) -> Site:
        return site_in(self.context, "alert_search")

    def _write_and_decide(self, site: Site, options: SearchOptions):
        """In the child: write, then help with the pages and say which files were kept or written."""
        self._write(site, options)
        return finish_in_child(self.context)

    def _write(self, site: Site, options: SearchOptions) -> None:
        """Write the files (in a child: clearinghouse.generator.finish_in_child then reports them)."""
        started = time.perf_counter()
        cache = ShardCache.from_settings(self.settings)
        reuse = self.context.get("output_reuse")
        count = write_search(site, Path(self.output_path), options, cache, reuse)
        log.info("Search: %d shards (%d from the cache) in %.1f s", count, cache.hits, time.perf_counter() - started)


def write_search(
    site: Site,
    output: Path,
    options: SearchOptions,
    cache: ShardCache | None = None,
    reuse: OutputReuse | None = None,
) -> int:
    """Build (or reuse) and write the shared search files and every edition's manifest; return how many shards.

    A file the live output already holds with the same content is kept
    there, not written again (clearinghouse/publish/reuse.py): shard files are
    named by their content, and the manifest is compared by its digest.
    """
    cache = cache or ShardCache(None)
    reuse = reuse or OutputReuse(output=output, previous=None, record=None)
    code = fingerprint.code_digest() if cache.folder else ""  # hashes every plugin file: once (0.03 s)
    environment = shard_cache.environment(site, code) if cache.folder else ""
    jobs = plan(site, options)
    written: list[ShardFiles] = []
    shared = shared_folder()

    def write(folder: str, file: File) -> None:
        path = f"{folder}{file.name}"
        if not reuse.reused(path, hashlib.blake2b(file.data, digest_size=16).hexdigest()):
            write_file(output / path, file.data)

    # A few shards at a time (a pool's worth), each written at once: the
    # files of the whole archive are never held (at 50,000 alerts, ~60 MB).
    batch = max(1, options.processes) * 4
    with fewer_collections():
        for start in range(0, len(jobs), batch):
            for files in build_all(jobs[start : start + batch], options.processes, cache, environment, prune=False):
                for file in files.files:
                    write(shared, file)
                written.append(files.written())
        numbers = [(len(written) - 1 - position, files.terms) for position, files in enumerate(written)]
        terms, buckets = directory.files(directory.buckets(directory.postings(numbers)))
        stem = bool(options.stem_languages)
        # The names' terms fold every country's and violation's name in every language
        # (0.02-0.03 s): kept while the countries in use, the languages and the code
        # (data/, Babel, pycountry and lunr's versions) are the same.
        used = "\n".join([*site.languages, str(stem), *sorted(site.by_country)])
        names_key = "names-" + hashlib.sha256(f"{code}\n{used}".encode()).hexdigest()
        names = File.hashed("n", cache.value(names_key, lambda: label_terms(site, stem)))
        for file in (*buckets, names):
            write(shared, file)

        def written_dates(lang: str, days: set[str]) -> dict:
            """Every day of the archive written in `lang` (0.1 s a language): kept while the days,
            the code and Babel are the same (the code digest has Babel's version)."""
            listed = "\n".join(sorted(days))
            key = "dates-" + hashlib.sha256(f"{code}\n{lang}\n{listed}".encode()).hexdigest()
            return cache.value(key, lambda: dates(lang, days))

        for lang in site.languages:
            listed = manifest(
                site,
                lang,
                written,
                terms,
                names.name,
                stem=bool(options.stem_languages),
                chunk=options.chunk_alerts,
                written_dates=written_dates,
            )
            write(urls.search(lang), File(MANIFEST, encode(listed)))
    cache.prune()
    return len(jobs)


def plan(site: Site, options: SearchOptions) -> list[ShardJob]:
    """The shards of the archive, newest first, shared by every edition."""
    shards = partition(placed(site), options.shard_alerts)
    stem = bool(options.stem_languages)
    return [ShardJob(shard=shard, stem=stem, chunk=options.chunk_alerts) for shard in shards]


# Below this many alerts (all languages), starting a pool costs more than it saves.
POOL_THRESHOLD = 2000
# Jobs handed to forked workers by inheritance, so their documents are not pickled.
_JOBS: list[ShardJob] = []


def run(jobs: list[ShardJob], processes: int, terms: Terms | None = None) -> list[ShardFiles]:
    """Build shards, in a process pool when the archive is big enough to gain.

    `terms` is shared by the jobs built here (not by a pool's workers).
    """
    if processes <= 1 or len(jobs) <= 1 or sum(len(job.shard.docs) for job in jobs) < POOL_THRESHOLD:
        return [_built(job, terms) for job in jobs]
    global _JOBS
    fork = "fork" in multiprocessing.get_all_start_methods()
    _JOBS = jobs
    try:
        context = multiprocessing.get_context("fork" if fork else None)
        with ProcessPoolExecutor(max_workers=min(processes, len(jobs)), mp_context=context) as pool:
            if fork:
                files = pool.map(_build_inherited, range(len(jobs)), chunksize=2)
            else:
                documented = [with_documents(job) for job in jobs]  # pickled: documents, not records
                files = pool.map(_build_files, documented, chunksize=2)
            return [ShardFiles(job.shard, *made) for job, made in zip(jobs, files, strict=True)]
    finally:
        _JOBS = []


def _build_inherited(position: int) -> tuple:
    return _build_files(_JOBS[position])


def _build_files(job: ShardJob, terms: Terms | None = None) -> tuple:
    """Only the files travel back: the shard's documents are already here."""
    built = build_shard(with_documents(job), terms)
    return built.index, built.texts, built.translations, built.terms


def _built(job: ShardJob, terms: Terms | None = None) -> ShardFiles:
    """A shard's files, its documents made for it and let go after.

    Documents hold an alert's whole text; made one shard at a time (here,
    or in a pool worker for its own shards), they never all exist at once.
    """
    return ShardFiles(job.shard, *_build_files(job, terms))


def build_all(
    jobs: list[ShardJob],
    processes: int,
    cache: ShardCache,
    environment: str = "",
    *,
    prune: bool = True,
    terms: Terms | None = None,
) -> list[ShardFiles]:
    """Every job's files, from the cache where it has them, else built; in job order.

    `prune=False` when more calls follow in the same build (the caller prunes
    once at the end, or one call's entries would delete another's).
    """
    keys = [job_key(job, environment) for job in jobs] if cache.folder else [""] * len(jobs)
    found = [cache.load(key, job) if key else None for key, job in zip(keys, jobs, strict=True)]
    missing = [i for i, files in enumerate(found) if files is None]
    for i, files in zip(missing, run([jobs[i] for i in missing], processes, terms), strict=True):
        found[i] = files
        if keys[i]:
            cache.save(keys[i], files)
    if prune:
        cache.prune()
    return found


def with_documents(job: ShardJob) -> ShardJob:
    """The job with its placed alerts made into search documents (to build it)."""
    items = job.shard.docs
    if not items or not isinstance(items[0], Placed):
        return job
    docs = tuple(document(item.alert, item.languages) for item in items)
    return ShardJob(shard=Shard(job.shard.period, docs), stem=job.stem, chunk=job.chunk)
