"""The Pelican generator that runs our pipeline and writes our pages."""

from __future__ import annotations

from pathlib import Path

from pelican.generators import Generator

from clearinghouse import summary
from clearinghouse.build import progress
from clearinghouse.build.page_share import PageShare
from clearinghouse.build.parallel import (
    Beside,
    build_workers,
    run_spare_here,
    run_spare_in_child,
    when_a_child_has_time,
)
from clearinghouse.content.problems import InvalidContent
from clearinghouse.pipeline import Options, build_site
from clearinghouse.publish.publisher import Publisher
from clearinghouse.publish.reuse import OutputReuse
from clearinghouse.publish.units import units
from clearinghouse.site.enrich import Site
from clearinghouse.site.i18n import load_translations

UPDATE = "OUTPUT_UPDATE"  # atomic_output updates the live output as this object says


class AlertSiteGenerator(Generator):
    """Reads alerts, members and pages; validates; enriches; publishes."""

    def generate_context(self) -> None:
        # other plugins (feeds, search) may report their own stages on it
        self.progress = progress.Progress(progress.wanted(self.settings.get("BUILD_PROGRESS")))
        self.context["build_progress"] = self.progress
        try:
            self.site = build_site(
                Options.from_settings(self.settings, self.path), progress=self.progress, keep=when_a_child_has_time
            )
        except InvalidContent as stop:
            stop.print_report()
            raise
        self.context["alert_site"] = self.site
        report = self.settings.get(summary.REPORT)
        if report is not None:
            report.site = self.site
        # other plugins (feeds) keep unchanged files through the same object
        self.reuse = OutputReuse.from_settings(self.settings, self.site)
        self.context["output_reuse"] = self.settings[UPDATE] = self.reuse
        # made before the feeds and search children are forked: they render
        # pages once their own work is done (page_share.py)
        self.share = None
        if Beside.possible(build_workers(self.settings)):
            self.share = PageShare(len(units(self.site)))
            self.context["help_with_pages"] = self.help_with_pages
            # read here, once, rather than in each of the three processes (i18n.load_translations)
            for lang in self.site.languages:
                load_translations(Path(self.theme) / "translations", lang)

    def generate_output(self, writer) -> None:
        run_spare_here()  # the site kept for the next build, if no child was forked to keep it (parallel.py)
        # Other plugins' work that needs the site but not the pages (/data/, the digest):
        # done here, while the feeds and search children write their own
        # files, the pages then shared out; after the pages it was serial.
        for task in self.context.get("before_pages", ()):
            task()
        before = len(self.reuse.kept)  # their files are not pages
        publisher = self._publisher()
        with self.progress.stage("pages written") as pages:
            publisher.on_page = pages.advance
            helped, kept = publisher.publish(show_drafts=bool(self.settings.get("SHOW_DRAFTS")), share=self.share)
            pages.advance(helped)
            pages.note = f"{len(self.reuse.kept) - before + kept:,} unchanged, kept from the last build"
            if self.share is not None:
                pages.note += f"; {helped:,} by the feeds and search processes"

    def help_with_pages(self) -> None:
        """In a forked child, once its own work is done: render pages nobody has claimed."""
        if self.share is not None:
            self._publisher().help_with(self.share)

    def _publisher(self) -> Publisher:
        return Publisher(
            site=self.site,
            settings=self.settings,
            output=Path(self.output_path),
            theme=Path(self.theme),
            reuse=self.reuse,
        )


def site_in(context: dict, plugin: str) -> Site:
    """The site this plugin's generator published (`context["alert_site"]`), for the
    plugins that build on it (feeds, search, /data/, the digest); a clear error when
    the clearinghouse plugin is missing or listed after them in PLUGINS."""
    site = context.get("alert_site")
    if site is None:
        raise RuntimeError(f"{plugin} needs the clearinghouse plugin, listed before it in PLUGINS")
    return site


def finish_in_child(context: dict) -> tuple:
    """In a forked child whose own files are written (feeds, search): render
    the pages nobody has claimed yet, then return every file it decided,
    for the parent to adopt (reuse.decisions)."""
    run_spare_in_child()  # the site kept for the next build, if the other child has not taken it
    help_with_pages = context.get("help_with_pages")
    if help_with_pages is not None:
        help_with_pages()
    reuse = context.get("output_reuse")
    return (reuse or OutputReuse(output=Path(), previous=None, record=None)).decisions()
