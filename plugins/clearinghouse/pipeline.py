"""The four stages in order: read -> validate -> enrich -> (publish).

`load` stops after validation and is what `make check` runs; the Pelican
generator calls `load` and then `enrich`, and publishes the result.

Every Markdown text of the build (alert bodies, appeal letters, member
profiles, pages) is converted by the worker that reads its file
(`texts.made`, given to `read_content`), so a cold build's workers make one
pass over the files; unchanged files' texts are taken from the last build's
(`texts.py`), and any other through the build cache (`markup.render_all`).
`enrich` gets a render callable that looks the results up. Either way the
records are the same as a serial, uncached build's, byte for byte.
"""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from clearinghouse.build import memory, parallel, render_cache
from clearinghouse.build.parallel import build_workers
from clearinghouse.build.progress import Progress, Stage
from clearinghouse.build.render_cache import ResultCache
from clearinghouse.content.entries import Entries, Entry
from clearinghouse.content.problems import InvalidContent, Problems
from clearinghouse.content.read import read_content
from clearinghouse.content.validate import validate
from clearinghouse.content.vocabulary import Vocabularies
from clearinghouse.site.enrich import Render, Site, enrich
from clearinghouse.site.images import check_images, site_images
from clearinghouse.site.kept import Kept, Reading
from clearinghouse.site.kept import version as kept_version
from clearinghouse.site.markup import MarkdownRenderer
from clearinghouse.site.texts import convert, made, markdown_texts  # noqa: F401  (markdown_texts: where it always was)

REPO = Path(__file__).resolve().parent.parent.parent
DEFAULT_CACHE = REPO / ".cache" / "build.sqlite"


@dataclass(frozen=True)
class Options:
    """The settings the pipeline reads, with the contract's defaults."""

    content: Path
    data: Path
    timezone: ZoneInfo
    languages: tuple[str, ...]
    workers: int = 1  # processes converting Markdown and reading files; 1 = serial
    cache: Path | None = None  # the build cache file; None = no cache
    siteurl: str = ""  # SITEURL: joined to the site's own images in texts (images.site_images)
    # Up to this many content files the snapshots are kept by children (parallel.meanwhile);
    # above, here: FEEDS_CHILD_MAX_ALERTS, the archive size above which work stays in this process
    child_max_files: int = 20_000

    @classmethod
    def from_settings(cls, settings: dict, content: Path | str) -> Options:
        return cls(
            content=Path(content),
            data=Path(settings["DATA_PATH"]),
            timezone=ZoneInfo(settings.get("TIMEZONE") or "UTC"),
            languages=tuple(settings.get("LANGUAGES", ("en",))),
            workers=build_workers(settings),
            cache=cache_file(settings),
            siteurl=str(settings.get("SITEURL") or ""),
            child_max_files=int(settings.get("FEEDS_CHILD_MAX_ALERTS", cls.child_max_files)),
        )


def cache_file(settings: dict) -> Path | None:
    """The build cache lives in Pelican's CACHE_PATH folder; BUILD_CACHE=False turns it off.

    (Pelican resolves CACHE_PATH against the settings file, so an empty
    value cannot mean "off": that is the boolean's job.)
    """
    if not settings.get("BUILD_CACHE", True):
        return None
    return Path(settings.get("CACHE_PATH") or DEFAULT_CACHE.parent) / DEFAULT_CACHE.name


def today(timezone: ZoneInfo) -> date:
    """The build's "today": SOURCE_DATE_EPOCH when set, so builds repeat."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return datetime.fromtimestamp(int(epoch), tz=timezone).date()
    return datetime.now(tz=timezone).date()


@contextmanager
def opened_cache(options: Options) -> Iterator[ResultCache]:
    cache = ResultCache(options.cache)
    try:
        yield cache
    finally:
        cache.close()


def load(
    options: Options,
    *,
    cache: ResultCache | None = None,
    progress: Progress | None = None,
    vocab: Vocabularies | None = None,
    beside: Callable[[Entry], object] | None = None,
    aside: Callable[..., None] | None = None,
) -> tuple[Entries, Vocabularies]:
    """Read and validate everything; raise InvalidContent with every problem.

    `beside` and `aside`: as `read_content` takes them.
    """
    progress = progress or Progress(enabled=False)
    problems = Problems(root=Path.cwd())
    vocab = vocab or Vocabularies(options.data)
    with progress.stage("files read") as files, _accounted(files, cache):
        entries = read_content(
            options.content,
            vocab,
            problems,
            timezone=options.timezone,
            default_lang=options.languages[0],
            workers=options.workers,
            cache=cache,
            progress=files.advance,
            beside=beside,
            aside=aside,
        )
    check_images(entries, problems, options.content)
    validate(entries, problems, options.languages, vocab)
    if problems:
        raise InvalidContent(problems)
    return entries, vocab


def build_site(
    options: Options, *, progress: Progress | None = None, keep: Callable[[Callable[[], None]], None] | None = None
) -> Site:
    """The site, from the last build's where only alert bodies changed (site/kept.py).

    A site made from its files is kept for the next build by a task given
    to `keep` (the generator gives it to the next forked process:
    `parallel.when_a_child_has_time`); without `keep`, it is kept here, now.
    """
    progress = progress or Progress(enabled=False)
    gc.unfreeze()  # a previous build's records, if this process made one, may go now
    # Everything made from here on is kept until the build ends (and frozen
    # at the end, below); the collector walked it again and again meanwhile
    # (two full and some thirty middle collections, 0.2 s of the serial start
    # of a rebuild at 10,000 alerts; 0.1 s with rare, big batches). Reading,
    # validating and enriching make next to no cyclic garbage.
    with render_cache.gc_paused():
        return _build_site(options, progress, keep or parallel.at_once)


def _build_site(options: Options, progress: Progress, keep: Callable[[Callable[[], None]], None]) -> Site:
    vocab = Vocabularies(options.data)
    kept = _kept_site(options, vocab)
    if kept is not None:
        started = time.monotonic()
        site = kept.rebuilt(lookup({}, options.siteurl))
        if site is not None:
            with progress.stage("files read") as files:
                files.started = started
                files.advance(kept.files)
                files.note = (
                    f"the last build's site, {kept.made:,} alert texts made again, {kept.added:,} new alerts, "
                    f"{kept.remade:,} alerts with new front matter"
                )
            again = kept.keep_again(site)
            if again is not None:
                keep(again)
            return site
    # the read and texts snapshots are written by children while this process validates
    # and enriches (parallel.meanwhile), and waited for before the site is returned
    with parallel.meanwhile(options.workers, most=options.child_max_files) as aside:
        with opened_cache(options) as cache, parallel.session():  # one pool, forked before the entries exist
            # each file's Markdown converted by the worker that reads it (texts.made)
            readers = parallel.started
            entries, vocab = load(options, cache=cache, progress=progress, vocab=vocab, beside=made, aside=aside)
            readers = parallel.started - readers
            with progress.stage("texts converted") as texts, _accounted(texts, cache, read_by=readers):
                html = convert(
                    entries, options.content, workers=options.workers, cache=cache, progress=texts.advance, aside=aside
                )
        gc.freeze()  # see below: the entries live as long as the records
        site = enrich(
            entries,
            vocab,
            lookup(html, options.siteurl),
            today=today(options.timezone),
            languages=options.languages,
            known=html.known,  # summaries and letters made from these very texts last time (texts.py)
        )
    if kept is not None:
        keep(kept.keep(site, entries))
    del entries, html
    memory.give_back()
    # The records live until the build ends; without this every full
    # collection during publishing walks millions of them for nothing.
    gc.freeze()
    return site


def _kept_site(options: Options, vocab: Vocabularies) -> Kept | None:
    """The last build's site for this content folder (site/kept.py), if the cache is on."""
    if options.cache is None:
        return None
    reading = Reading(
        content=options.content,
        vocab=vocab,
        timezone=options.timezone,
        default_lang=options.languages[0],
        cache_folder=options.cache.parent,
        today=today(options.timezone),
    )
    version = kept_version(
        reading.reader.version,
        options.cache.parent,
        ",".join(options.languages),
        options.siteurl,
        str(options.content.resolve()),
    )
    return Kept.at(options.cache, options.content, version, reading)


@contextmanager
def _accounted(stage: Stage, cache: ResultCache | None, read_by: int | None = None) -> Iterator[None]:
    """Note how much of a stage the cache and the worker processes did.

    `read_by`: how many worker processes read the files (texts converted
    as their files were read are theirs).
    """
    hits, workers = cache.hits if cache else 0, parallel.started
    yield
    found = (cache.hits if cache else 0) - hits
    processes = parallel.started - workers
    if read_by is not None and not processes:
        processes = read_by
    rest = "by " + (f"{processes} worker processes" if processes else "this process")
    stage.note = "all from cache" if found == stage.count else f"{found:,} from cache, the rest {rest}"


def lookup(html: dict[str, str], siteurl: str = "") -> Render:
    """A render callable over converted texts; any text not collected above
    is converted on the spot, so a new Markdown field can never go missing.
    The site's own images get SITEURL here, not in the cached HTML."""
    fallback = MarkdownRenderer()

    def render(text: str | None) -> str:
        if not text or not text.strip():
            return ""
        found = html.get(text)
        return site_images(found if found is not None else fallback(text), siteurl)

    return render
