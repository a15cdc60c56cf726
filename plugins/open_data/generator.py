"""The Pelican generator: /data/alerts.csv, /data/alerts.json, /data/datapackage.json and /data/ pages.

It runs after the clearinghouse generator has built the site (read from
`context["alert_site"]`) and writes into this generator's output path, the
staging folder atomic_output swaps in only when the whole build worked.
The data files exist once, at /data/; the page that explains them exists
in every language.

The three files show every published alert. A build in which no alert
changed keeps them as they are without making them (each file's note says
which archive it was made from); when an alert changed, the CSV and JSON
are joined from rows kept between builds where their alerts did not
change (`rows.py`), and a file whose bytes are the last build's is kept
all the same: a body edit changes no row, so it writes none of the three
files nor any /data/ page (`write_data`; docs/performance.md).
"""

from __future__ import annotations

import hashlib
import logging
import time
from dataclasses import dataclass
from pathlib import Path

from babel.numbers import format_decimal
from clearinghouse.content.files import write_file
from clearinghouse.generator import site_in
from clearinghouse.publish.publisher import Publisher
from clearinghouse.publish.reuse import OutputReuse
from clearinghouse.site import urls
from clearinghouse.site.enrich import Site
from pelican.generators import Generator

from .config import DataSettings
from .package import CSV, JSON, PACKAGE, package_bytes
from .rows import data_files

log = logging.getLogger(__name__)

FILES = (CSV, JSON, PACKAGE)


def data_page(lang: str) -> str:
    """The /data/ page's address in `lang` (shared/spec/urls.md)."""
    return f"{urls.home(lang)}data/"


class OpenDataGenerator(Generator):
    # The files are written in the build's own process from rows kept between
    # builds (rows.py) while the archive is no larger than FEEDS_CHILD_MAX_ALERTS
    # (above that, memory comes first). A forked child beside the pages was
    # tried (issue 16): with three children sharing the pages, a template error
    # could leave the build hanging for ever (tests/test_build_failures.py
    # caught it one run in three), and the rows made the work small enough
    # (about 0.3 s of CPU at 10,000 alerts) not to need one. They are written
    # *before* the pages, while the feeds and search children do their own work
    # (clearinghouse's generator calls `write_all` through
    # `context["before_pages"]`): after the pages they were a serial third of a
    # second at the end of every rebuild that changed an alert.

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._written = False
        self.context.setdefault("before_pages", []).append(self.write_all)

    def generate_context(self) -> None:
        self._site()  # fail early, before any page is rendered, if the clearinghouse plugin is missing
        DataSettings.from_settings(self.settings)  # and on a wrong DATA_LICENSE

    def _site(self) -> Site:
        return site_in(self.context, "open_data")

    def generate_output(self, writer) -> None:
        if not self._written:  # no clearinghouse generator ran the hook (it reports that itself)
            self.write_all()

    def write_all(self) -> None:
        """The three data files and the /data/ page in every language; once per build."""
        self._written = True
        site = self._site()
        started = time.perf_counter()
        config = DataSettings.from_settings(self.settings)
        output = Path(self.output_path)
        reuse = self.context.get("output_reuse") or OutputReuse(output=output, previous=None, record=None)
        keep_rows = len(site.alerts) <= int(self.settings.get("FEEDS_CHILD_MAX_ALERTS", 20_000))
        sizes = write_data(site, config, output, reuse, keep_rows=keep_rows)
        publisher = Publisher(site=site, settings=self.settings, output=output, theme=Path(self.theme), reuse=reuse)
        for lang in site.languages:
            publisher.use_language(lang)
            publisher.render(
                "data.html",
                data_page(lang),
                lang,
                sitemap=False,
                data_alerts=len(site.alerts),
                data_sizes={path: readable_size(size, lang) for path, size in sizes.items()},
                data_license=config,
                data_files={"csv": CSV, "json": JSON, "package": PACKAGE},
            )
        log.info("open_data: %d alerts in /data/ in %.2f s", len(site.alerts), time.perf_counter() - started)


def readable_size(size: int, lang: str) -> tuple[str, str]:
    """A file's size for a reader of `lang`: ("12,3", "MB") or ("4", "KB"); the template translates the unit."""
    if size >= 1_000_000:
        return format_decimal(round(size / 1_000_000, 1), format="#,##0.0", locale=lang), "MB"
    return format_decimal(max(1, round(size / 1000)), format="#,##0", locale=lang), "KB"


def write_data(
    site: Site, config: DataSettings, output: Path, reuse: OutputReuse, *, keep_rows: bool = False
) -> dict[str, int]:
    """Write the three data files unless the last build's have the same bytes; returns each file's size.

    `keep_rows`: take unchanged alerts' rows from the last build (rows.py).
    Up to FEEDS_CHILD_MAX_ALERTS only: the kept rows are about 5 KB per
    alert in memory, which a larger archive (where memory comes first)
    does not spend.

    A file is fingerprinted by its bytes (the package by the files'), so
    an edit that changes no row (a body, a case's other item, an appeal
    letter) keeps all three: they are not written, nor is the /data/ page,
    whose sizes are the same. The bytes are made only when an alert
    changed: each file's note (its size, digest and the fingerprint of the
    whole archive it was made from) says what they are when no alert did.
    The size of a kept file is the noted one, so that the /data/ pages can
    say how big each download is without reading it.
    """
    archive = reuse.key("open_data", config, site.alerts)
    noted = {path: Note.parse(reuse.previous_note(path)) for path in FILES}
    files: dict[str, bytes] = {}
    if all(note is not None and note.archive == archive for note in noted.values()):
        digests = {path: noted[path].digest for path in FILES}  # no alert changed: the bytes are the last build's
    else:
        files = data_files(site, config, reuse, keep=keep_rows)
        digests = {path: _digest(data) if reuse.enabled else "" for path, data in files.items()}
    keys = {path: reuse.key("open_data-file", path, digests[path]) for path in (CSV, JSON)}
    keys[PACKAGE] = reuse.key("open_data-package", config, digests[CSV], digests[JSON])
    kept = {path: reuse.reused(path, keys[path], allowed=noted[path] is not None) for path in FILES}
    if not all(kept.values()):
        if not files:
            files = data_files(site, config, reuse, keep=keep_rows)
        files[PACKAGE] = package_bytes(site, config, files)
        for path in FILES:
            if not kept[path]:
                write_file(output / path, files[path])
    sizes = {path: len(files[path]) if path in files else noted[path].size for path in FILES}
    for path in FILES:
        digest = digests.get(path) or (_digest(files[path]) if path in files and reuse.enabled else "-")
        reuse.keep_note(path, str(Note(sizes[path], digest, archive)))
    return sizes


@dataclass(frozen=True)
class Note:
    """What the output record keeps of a data file for the next build (reuse.keep_note)."""

    size: int
    digest: str
    archive: str  # the fingerprint of every alert it was made from

    def __str__(self) -> str:
        return f"{self.size} {self.digest} {self.archive}"

    @classmethod
    def parse(cls, text: str | None) -> Note | None:
        """The note, or None if there is none (or of an older form)."""
        parts = (text or "").split(" ")
        if len(parts) != 3 or not parts[0].isdigit():
            return None
        return cls(int(parts[0]), parts[1], parts[2])


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()
